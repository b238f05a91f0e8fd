"""``evalcheck.check``: the one entry point of the Python API."""

from __future__ import annotations

from typing import Any

from .call import NOT_GIVEN, SCORE_METRICS, make_call
from .engine import run
from .findings import Report
from .inputs import Evaluation, inspect_input
from .settings import Settings


def check(
    y_true: Any,
    y_pred: Any = None,
    *,
    y_score: Any = None,
    metric: str | None = None,
    average: Any = NOT_GIVEN,
    labels: Any = None,
    pos_label: Any = None,
    multi_class: str | None = None,
    zero_division: Any = None,
    threshold: float | None = None,
    groups: Any = None,
    settings: Settings | dict[str, Any] | None = None,
) -> Report:
    """Lint one evaluation: labels, predictions or scores, and how the metric is called.

    Data problems become findings; only invalid arguments raise :class:`UsageError`.
    As in scikit-learn, the second argument of a score metric (``metric='roc_auc'``,
    ``'average_precision'``, ``'log_loss'``, ``'brier'``) holds scores when ``y_score``
    is not given. ``groups`` (batch or group ids, one per sample) lets evalcheck compare a
    metric averaged over groups with the metric over the whole set.
    """
    call = make_call(
        metric=metric,
        average=average,
        labels=labels,
        pos_label=pos_label,
        multi_class=multi_class,
        zero_division=zero_division,
        threshold=threshold,
    )
    settings = Settings.coerce(settings)
    if call.metric in SCORE_METRICS and y_score is None:
        y_pred, y_score = None, y_pred
    evaluation = Evaluation.from_inputs(y_true, y_pred, y_score)
    return run(evaluation, call, settings, inspect_input("groups", groups))
