"""The user's metric call: which metric, which average, which labels."""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict

from .errors import UsageError


class _NotGiven:
    """Marks an argument the user did not pass (``None`` is a real value for ``average``)."""

    _instance: _NotGiven | None = None

    def __new__(cls) -> _NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "<not given>"

    def __bool__(self) -> bool:
        return False


NOT_GIVEN: Any = _NotGiven()

# canonical name -> the scikit-learn function that computes it
METRICS: dict[str, str] = {
    "accuracy": "accuracy_score",
    "balanced_accuracy": "balanced_accuracy_score",
    "binary_accuracy": "binary_accuracy",
    "precision": "precision_score",
    "recall": "recall_score",
    "f1": "f1_score",
    "fbeta": "fbeta_score",
    "jaccard": "jaccard_score",
    "roc_auc": "roc_auc_score",
    "average_precision": "average_precision_score",
    "log_loss": "log_loss",
    "brier": "brier_score_loss",
    "mcc": "matthews_corrcoef",
    "cohen_kappa": "cohen_kappa_score",
    "confusion_matrix": "confusion_matrix",
    "classification_report": "classification_report",
}
_ALIASES = {function: name for name, function in METRICS.items()} | {
    "brier_score": "brier",
    "matthews": "mcc",
    "kappa": "cohen_kappa",
    "auc": "roc_auc",
}
AVERAGES = ("binary", "micro", "macro", "weighted", "samples")
# metrics with precision/recall/F-score semantics (per-class terms, an ``average``)
PRF_METRICS = frozenset({"precision", "recall", "f1", "fbeta", "jaccard"})
# metrics that need scores rather than hard labels
SCORE_METRICS = frozenset({"roc_auc", "average_precision", "log_loss", "brier"})
_TAKES_AVERAGE = PRF_METRICS | {"roc_auc", "average_precision"}
_MULTI_CLASS = ("ovr", "ovo", "raise")


def normalize_metric(name: str) -> str:
    """Map ``'f1_score'``, ``'F1'``, ``'roc-auc'`` ... to the canonical metric name."""
    key = name.strip().lower().replace("-", "_").replace(" ", "_")
    if key in METRICS:
        return key
    if key in _ALIASES:
        return _ALIASES[key]
    if key.endswith("_score") and key[: -len("_score")] in METRICS:
        return key[: -len("_score")]
    valid = ", ".join(METRICS)
    raise UsageError(f"unknown metric {name!r}; expected one of: {valid} (or the sklearn name)")


class MetricCall(BaseModel):
    """How the user computes their number; every field optional."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    metric: str | None = None
    average: str | None = None
    average_given: bool = False
    labels: tuple[Any, ...] | None = None
    pos_label: Any = None
    multi_class: str | None = None
    zero_division: Any = "warn"
    threshold: float | None = None

    @property
    def is_prf(self) -> bool:
        """Precision, recall, F-score or Jaccard: per-class terms combined by ``average``."""
        return self.metric in PRF_METRICS

    @property
    def effective_average(self) -> str | None:
        """The average scikit-learn uses: the user's, or the function's default."""
        if self.average_given:
            return self.average
        if self.is_prf:
            return "binary"
        if self.metric in ("roc_auc", "average_precision"):
            return "macro"
        return None

    @property
    def effective_pos_label(self) -> Any:
        """The positive label of a binary average (scikit-learn's default is 1)."""
        return 1 if self.pos_label is None else self.pos_label

    def describe(self) -> str:
        """The call as a user would write it, e.g. ``f1_score(y_true, y_pred, average='macro')``."""
        if self.metric is None:
            return "no metric given"
        args = ["y_true", "y_score" if self.metric in SCORE_METRICS else "y_pred"]
        if self.average_given:
            args.append(f"average={self.average!r}")
        if self.labels is not None:
            args.append(f"labels={list(self.labels)!r}")
        if self.pos_label is not None:
            args.append(f"pos_label={self.pos_label!r}")
        if self.multi_class is not None:
            args.append(f"multi_class={self.multi_class!r}")
        if self.zero_division != "warn":
            args.append(f"zero_division={self.zero_division!r}")
        return f"{METRICS[self.metric]}({', '.join(args)})"


def _scalar(value: Any) -> Any:
    """A numpy scalar as the equivalent Python scalar."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


def make_call(
    *,
    metric: str | None = None,
    average: Any = NOT_GIVEN,
    labels: Any = None,
    pos_label: Any = None,
    multi_class: str | None = None,
    zero_division: Any = None,
    threshold: float | None = None,
) -> MetricCall:
    """Validate the call arguments; raise :class:`UsageError` naming the bad one."""
    canonical = None if metric is None else normalize_metric(str(metric))
    average_given = average is not NOT_GIVEN
    if average_given and average is not None:
        if not isinstance(average, str) or average.lower() not in AVERAGES:
            valid = ", ".join([*AVERAGES, "None"])
            raise UsageError(f"average={average!r} is not valid; expected one of: {valid}")
        average = average.lower()
        if canonical is not None and canonical not in _TAKES_AVERAGE:
            raise UsageError(
                f"average={average!r} does not apply to metric {canonical!r}; "
                f"only {', '.join(sorted(_TAKES_AVERAGE))} take an average"
            )
    if multi_class is not None and multi_class not in _MULTI_CLASS:
        raise UsageError(f"multi_class={multi_class!r} is not valid; expected one of: ovr, ovo")
    if zero_division is None:
        zero_division = "warn"
    elif isinstance(zero_division, str):
        if zero_division.lower() == "nan":
            zero_division = math.nan
        elif zero_division != "warn":
            raise UsageError(
                f"zero_division={zero_division!r} is not valid; expected 'warn', 0, 1 or nan"
            )
    elif not (zero_division in (0, 1) or math.isnan(float(zero_division))):
        raise UsageError(
            f"zero_division={zero_division!r} is not valid; expected 'warn', 0, 1 or nan"
        )
    if threshold is not None:
        try:
            threshold = float(threshold)
        except (TypeError, ValueError):
            raise UsageError(f"threshold={threshold!r} is not a number") from None
        if not math.isfinite(threshold):
            raise UsageError(f"threshold={threshold!r} must be a finite number")
    if labels is not None:
        if isinstance(labels, (str, bytes)) or not hasattr(labels, "__iter__"):
            raise UsageError(f"labels={labels!r} must be a list of class labels")
        labels = tuple(_scalar(v) for v in labels)
        if len(labels) == 0:
            raise UsageError("labels=[] is empty; pass the classes to score, or leave it out")
    return MetricCall(
        metric=canonical,
        average=average if average_given else None,
        average_given=average_given,
        labels=labels,
        pos_label=_scalar(pos_label),
        multi_class=multi_class,
        zero_division=zero_division,
        threshold=threshold,
    )
