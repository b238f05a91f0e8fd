"""Metric floors: a gate passes when the lower end of the metric's 95% confidence interval,
not the point estimate, reaches the floor.

The interval's method depends on the metric:

- a proportion of samples (accuracy; micro-averaged precision, recall or F1 on single-label
  data, which equal accuracy; binary precision and recall): the Wilson score interval;
- ROC AUC of a binary task: DeLong's variance, normal interval clipped to [0, 1];
- anything else (F1, macro or weighted averages, balanced accuracy, MCC): the percentile
  bootstrap, 2000 resamples of the samples with a fixed seed, so a run is reproducible.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..metrics import wilson_interval
from .batched import AVERAGES, LABEL_METRICS, metric_values, resample_matrices
from .paired import Z_95, delong

GATE_METRICS = (*LABEL_METRICS, "roc_auc")
RESAMPLES = 2000


@dataclass(frozen=True)
class Interval:
    value: float
    low: float
    high: float
    method: str


def _positive_index(classes: tuple[Any, ...], pos_label: Any) -> int:
    from ..errors import UsageError
    from ..stats.labels import same_label

    if len(classes) > 2:
        raise UsageError(
            f"average='binary' needs two classes, the data has {len(classes)}; "
            "set average to 'macro', 'weighted' or 'micro'"
        )
    wanted = 1 if pos_label is None else pos_label
    for i, c in enumerate(classes):
        if same_label(c, wanted):
            return i
    raise UsageError(
        f"pos_label={wanted!r} is not one of the classes ({', '.join(map(str, classes))})"
    )


def label_facts(name: str, values: Any) -> Any:
    """The facts of a 1-D label input; UsageError when it cannot be counted as labels."""
    from ..errors import UsageError
    from ..inputs import inspect_input

    facts = inspect_input(name, values)
    labels = facts.layout in ("vector", "column") and facts.kind in ("int", "bool", "str")
    whole_floats = facts.kind == "float" and facts.integral and facts.layout == "vector"
    if not (labels or whole_floats):
        raise UsageError(f"{name} holds no usable labels ({facts.kind}, {facts.layout})")
    if facts.n_bad:
        raise UsageError(f"{name} has {facts.n_bad} missing or infinite values")
    return facts


def label_interval(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    metric: str,
    average: str = "binary",
    pos_label: Any = None,
    resamples: int = RESAMPLES,
    seed: int = 0,
) -> Interval:
    """A label metric with its 95% interval (methods in the module docstring)."""
    from ..stats.labels import ConfusionStats

    true, pred = label_facts("y_true", y_true), label_facts("y_pred", y_pred)
    stats = ConfusionStats.from_labels(true.label_values, true.kind, pred.label_values, pred.kind)
    matrix, k = stats.matrix, stats.n_classes
    uses_average = metric in ("precision", "recall", "f1")
    binary = uses_average and average == "binary"
    positive = _positive_index(stats.classes, pos_label) if binary else None
    value = float(metric_values(matrix[None], metric, average, positive)[0])
    n = stats.n_samples
    tp = np.diagonal(matrix)
    proportion: tuple[int, int] | None = None
    if metric == "accuracy" or (uses_average and average == "micro"):
        proportion = (int(tp.sum()), n)
    elif binary and metric != "f1":
        axis = 0 if metric == "precision" else 1
        proportion = (int(tp[positive]), int(matrix.sum(axis=axis)[positive]))
    if proportion is not None:
        low, high = wilson_interval(*proportion)
        return Interval(value, low, high, "Wilson score interval")
    cells = np.flatnonzero(matrix)
    rng = np.random.default_rng(seed)
    drawn = resample_matrices(cells, matrix.ravel()[cells], k, resamples, rng)
    values = metric_values(drawn, metric, average, positive)
    low, high = np.nanquantile(values, [0.025, 0.975])
    return Interval(value, float(low), float(high), f"percentile bootstrap, {resamples} resamples")


def auc_interval(y_true: np.ndarray, y_score: np.ndarray, pos_label: Any = None) -> Interval:
    """Binary ROC AUC with DeLong's 95% interval."""
    from ..errors import UsageError

    classes = np.unique(y_true)
    if len(classes) != 2 or y_score.ndim != 1:
        raise UsageError("a roc_auc gate needs a binary task and one score column")
    positive = classes[-1] if pos_label is None else pos_label
    aucs, cov = delong(y_true == positive, y_score[None])
    spread = math.sqrt(max(float(cov[0, 0]), 0.0))
    value = float(aucs[0])
    low, high = max(0.0, value - Z_95 * spread), min(1.0, value + Z_95 * spread)
    return Interval(value, low, high, "DeLong")


def check_gate_spec(metric: str, average: str | None) -> None:
    """UsageError naming the valid values when a gate asks for what it cannot bound."""
    from ..errors import UsageError

    if metric not in GATE_METRICS:
        raise UsageError(f"metric {metric!r} cannot be gated; valid: {', '.join(GATE_METRICS)}")
    if average is not None and average not in AVERAGES:
        raise UsageError(f"average {average!r} is not valid; valid: {', '.join(AVERAGES)}")
    if average is not None and metric not in ("precision", "recall", "f1"):
        raise UsageError(f"{metric} takes no average (only precision, recall and f1 do)")
