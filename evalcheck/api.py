"""``evalcheck.check``: the one entry point of the Python API."""

from __future__ import annotations

import inspect
from typing import Any

from .call import SCORE_METRICS, MetricCall
from .engine import run
from .errors import UsageError
from .findings import Report
from .inputs import Evaluation, inspect_input
from .settings import Settings


def check(
    y_true: Any,
    y_pred: Any = None,
    *,
    y_score: Any = None,
    score_classes: Any = None,
    groups: Any = None,
    settings: Settings | dict[str, Any] | None = None,
    **call: Any,
) -> Report:
    """Lint one evaluation: labels, predictions or scores, and how the metric is called.

    Data problems become findings; only invalid arguments raise :class:`UsageError`.
    As in scikit-learn, the second argument of a score metric (``metric='roc_auc'``,
    ``'average_precision'``, ``'log_loss'``, ``'brier'``) holds scores when ``y_score``
    is not given. ``score_classes`` names the class of each y_score column (the model's
    ``classes_``; read from DataFrame column names such as ``proba_cat`` when not given).
    ``groups`` (batch or group ids, one per sample) lets evalcheck compare a metric averaged
    over groups with the metric over the whole set.

    The metric call's keywords (see :class:`evalcheck.call.MetricCall`):
    """
    if y_true is None:
        raise UsageError("y_true is required: pass the true labels as the first argument")
    metric_call = MetricCall.of(**call)
    settings = Settings.coerce(settings)
    label_metric = metric_call.metric is not None and metric_call.metric not in SCORE_METRICS
    if label_metric and y_pred is None and y_score is None:
        raise UsageError(f"metric={metric_call.metric!r} needs y_pred, the predicted labels")
    if metric_call.metric in SCORE_METRICS and y_score is None:
        y_pred, y_score = None, y_pred
    evaluation = Evaluation.from_inputs(y_true, y_pred, y_score, score_classes=score_classes)
    if metric_call.threshold is not None and metric_call.metric not in SCORE_METRICS:
        evaluation = evaluation.with_threshold(metric_call.threshold)
    return run(evaluation, metric_call, settings, inspect_input("groups", groups))


def _signature() -> inspect.Signature:
    """check()'s signature with the call keywords spelled out, from MetricCall's fields."""
    signature = inspect.signature(check)
    fixed = [p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
    keywords = [
        inspect.Parameter(
            name, inspect.Parameter.KEYWORD_ONLY, default=field.default, annotation=field.annotation
        )
        for name, field in MetricCall.model_fields.items()
    ]
    return signature.replace(parameters=[*fixed, *keywords])


check.__signature__ = _signature()  # type: ignore[attr-defined]
check.__doc__ = (check.__doc__ or "") + "".join(
    f"\n    ``{name}``: {field.description}." for name, field in MetricCall.model_fields.items()
)
