"""The user's metric call: which metric, which average, which labels.

:class:`MetricCall` is the one definition of the call's parameters. ``evalcheck.check``'s
signature, the command-line flags and the call's description are all derived from its fields,
so a parameter is declared once and exists everywhere.
"""

from __future__ import annotations

import math
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import UsageError

NO_METRIC = "no metric given"  # how a check without a metric call describes it


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
    "precision_recall_fscore_support": "precision_recall_fscore_support",
}
_ALIASES = {function: name for name, function in METRICS.items()} | {
    "brier_score": "brier",
    "matthews": "mcc",
    "kappa": "cohen_kappa",
    "auc": "roc_auc",
    "prfs": "precision_recall_fscore_support",
}
AVERAGES = ("binary", "micro", "macro", "weighted", "samples")
# metrics with precision/recall/F-score semantics (per-class terms, an ``average``)
PRFS = "precision_recall_fscore_support"  # all three at once, as a tuple
PRF_METRICS = frozenset({"precision", "recall", "f1", "fbeta", "jaccard", PRFS})
# metrics that need scores rather than hard labels
SCORE_METRICS = frozenset({"roc_auc", "average_precision", "log_loss", "brier"})
_PRF_ARGS = frozenset({"average", "labels", "pos_label", "zero_division"})
# the call parameters each metric function takes (scikit-learn 1.3 to 1.9)
TAKES: dict[str, frozenset[str]] = {
    "accuracy": frozenset(),
    "balanced_accuracy": frozenset(),
    "binary_accuracy": frozenset(),
    "precision": _PRF_ARGS,
    "recall": _PRF_ARGS,
    "f1": _PRF_ARGS,
    "fbeta": _PRF_ARGS | {"beta"},
    "jaccard": _PRF_ARGS,
    "roc_auc": frozenset({"average", "multi_class", "labels"}),
    "average_precision": frozenset({"average", "pos_label"}),
    "log_loss": frozenset({"labels"}),
    "brier": frozenset({"pos_label", "labels"}),
    "mcc": frozenset(),
    "cohen_kappa": frozenset({"labels"}),
    "confusion_matrix": frozenset({"labels"}),
    "classification_report": frozenset({"labels", "zero_division"}),
    PRFS: _PRF_ARGS | {"beta"},
}
DEFAULT_PROBABILITY_THRESHOLD = 0.5  # predict_proba >= 0.5, as predict() does
DEFAULT_MARGIN_THRESHOLD = 0.0  # decision_function > 0, as predict() does


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


def _scalar(value: Any) -> Any:
    """A numpy scalar as the equivalent Python scalar."""
    return value.item() if hasattr(value, "item") and not isinstance(value, str) else value


class MetricCall(BaseModel):
    """How the user computes their number: the arguments of their metric function call.

    Every field is optional. ``average`` tells "not given" (the function's default) apart from
    ``None`` (per-class scores). ``threshold`` is how binary scores became predictions.
    """

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True, extra="forbid")

    metric: str | None = Field(
        None,
        description="accuracy, f1, roc_auc, ... (sklearn names work too)",
        json_schema_extra={"metavar": "NAME"},
    )
    average: Any = Field(
        NOT_GIVEN,
        description="binary, micro, macro, weighted, samples or none (per class)",
        json_schema_extra={"metavar": "AVERAGE"},
    )
    labels: tuple[Any, ...] | None = Field(
        None, description="the classes to score, in order", json_schema_extra={"metavar": "A,B,..."}
    )
    pos_label: Any = Field(
        None,
        description="the positive class of a binary metric",
        json_schema_extra={"metavar": "LABEL"},
    )
    multi_class: str | None = Field(
        None, description="for multiclass roc_auc", json_schema_extra={"metavar": "{ovr,ovo}"}
    )
    zero_division: Any = Field(
        "warn", description="value of a 0/0 term", json_schema_extra={"metavar": "{warn,0,1,nan}"}
    )
    beta: float | None = Field(
        None, description="weight of recall in fbeta_score", json_schema_extra={"metavar": "BETA"}
    )
    threshold: float | None = Field(
        None,
        description="the decision threshold that turns binary scores into predictions",
        json_schema_extra={"metavar": "T"},
    )

    @field_validator("metric", mode="before")
    @classmethod
    def _metric(cls, value: Any) -> str | None:
        return None if value is None else normalize_metric(str(value))

    @field_validator("average", mode="before")
    @classmethod
    def _average(cls, value: Any) -> Any:
        if value is NOT_GIVEN or value is None:
            return value
        if isinstance(value, str) and value.lower() in AVERAGES:
            return value.lower()
        raise ValueError(f"average={value!r} is not valid; expected one of: {_averages()}")

    @field_validator("labels", mode="before")
    @classmethod
    def _labels(cls, value: Any) -> tuple[Any, ...] | None:
        if value is None:
            return None
        if isinstance(value, (str, bytes, set, frozenset, dict)) or not hasattr(value, "__iter__"):
            raise ValueError(f"labels={value!r} must be a list of class labels")
        labels = tuple(_scalar(v) for v in value)
        if not labels:
            raise ValueError("labels=[] is empty; pass the classes to score, or leave it out")
        return labels

    @field_validator("pos_label", mode="before")
    @classmethod
    def _pos_label(cls, value: Any) -> Any:
        return _scalar(value)

    @field_validator("multi_class", mode="before")
    @classmethod
    def _multi_class(cls, value: Any) -> str | None:
        if value is None or value == "raise":  # 'raise' is scikit-learn's default
            return None
        if value in ("ovr", "ovo"):
            return value
        raise ValueError(f"multi_class={value!r} is not valid; expected one of: ovr, ovo")

    @field_validator("zero_division", mode="before")
    @classmethod
    def _zero_division(cls, value: Any) -> Any:
        if value is None or value == "warn":
            return "warn"
        text = str(value).strip().lower() if isinstance(value, str) else None
        if text in ("0", "1"):
            return int(text)
        if text == "nan":
            return math.nan
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if value in (0, 1):
                return int(value)
            if math.isnan(value):
                return math.nan
        raise ValueError(f"zero_division={value!r} is not valid; expected 'warn', 0, 1 or nan")

    @field_validator("beta", "threshold", mode="before")
    @classmethod
    def _number(cls, value: Any, info: Any) -> float | None:
        if value is None:
            return None
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValueError(f"{info.field_name}={value!r} is not a number") from None
        if info.field_name == "beta":
            if not number >= 0:  # inf is allowed: scikit-learn returns recall
                raise ValueError(f"beta={value!r} must be 0 or more")
        elif not math.isfinite(number):
            raise ValueError(f"{info.field_name}={value!r} must be a finite number")
        return number

    @classmethod
    def of(cls, **arguments: Any) -> MetricCall:
        """Validate the call arguments; raise :class:`UsageError` naming the bad one."""
        unknown = sorted(set(arguments) - set(cls.model_fields))
        if unknown:
            valid = ", ".join(cls.model_fields)
            raise UsageError(f"unknown call argument {unknown[0]!r}; the call takes: {valid}")
        try:
            call = cls(**arguments)
        except ValidationError as exc:
            error = exc.errors()[0]
            cause = error.get("ctx", {}).get("error")
            raise UsageError(str(cause) if cause else error["msg"]) from None
        if call.metric == "fbeta" and call.beta is None:
            raise UsageError("fbeta needs beta (the weight of recall), e.g. beta=2")
        return call

    @property
    def average_given(self) -> bool:
        return self.average is not NOT_GIVEN

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

    @property
    def effective_beta(self) -> float:
        """The F-score's beta: the user's for fbeta, 1 for every other metric."""
        if self.metric in ("fbeta", PRFS) and self.beta is not None:
            return self.beta
        return 1.0

    def given(self) -> dict[str, Any]:
        """The parameters the user set (all but ``metric``), in declaration order."""
        given = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            default = value is field.default or (name == "zero_division" and value == "warn")
            if name != "metric" and not default:
                given[name] = value
        return given

    def not_taken(self) -> list[str]:
        """Parameters given that the metric function does not accept (it raises TypeError)."""
        if self.metric is None:
            return []
        return [n for n in self.given() if n != "threshold" and n not in TAKES[self.metric]]

    def decision_threshold(self, score_kind: str) -> float:
        """The threshold in use: the user's, else where ``predict`` puts it for this kind of
        score (0.5 for probabilities, 0 for margins and logits)."""
        if self.threshold is not None:
            return self.threshold
        if score_kind == "probabilities":
            return DEFAULT_PROBABILITY_THRESHOLD
        return DEFAULT_MARGIN_THRESHOLD

    def describe(self) -> str:
        """The call as a user would write it, e.g. ``f1_score(y_true, y_pred, average='macro')``."""
        if self.metric is None:
            return NO_METRIC
        args = ["y_true", "y_score" if self.metric in SCORE_METRICS else "y_pred"]
        for name, value in self.given().items():
            if name == "threshold":
                continue
            if isinstance(value, float) and math.isnan(value):
                args.append(f"{name}=np.nan")
            else:
                args.append(f"{name}={list(value) if name == 'labels' else value!r}")
        return f"{METRICS[self.metric]}({', '.join(args)})"


def _averages() -> str:
    return ", ".join([*AVERAGES, "None"])


def parse_text(name: str, text: str) -> Any:
    """A command-line value of call parameter ``name`` as the Python value check() takes
    (labels stay strings: the caller gives them the type of the labels in the data)."""
    if name == "average":
        return None if text.strip().lower() == "none" else text
    if name == "labels":
        return [v.strip() for v in text.split(",") if v.strip()]
    return text
