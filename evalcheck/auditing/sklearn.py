"""A captured scikit-learn metric call as evalcheck's inputs and call.

:func:`bind_call` binds the arguments of a call to the real function's signature (defaults
applied, as scikit-learn sees them) and sorts them into the inputs (``y_true``, ``y_pred``,
``y_score``), the call keywords evalcheck models, and the arguments it does not model.

``precision_recall_fscore_support`` is its own metric in evalcheck: it raises like
``fbeta_score`` and warns about all three terms; its value is a tuple, so no single value
is compared.
"""

from __future__ import annotations

import importlib
import inspect
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import numpy as np

from .patch import Target
from .spec import Spec

_CLASSIFICATION = "sklearn.metrics._classification"
_RANKING = "sklearn.metrics._ranking"

# scikit-learn function -> (evalcheck metric, the private module that defines it)
FUNCTIONS: dict[str, tuple[str, str]] = {
    "accuracy_score": ("accuracy", _CLASSIFICATION),
    "balanced_accuracy_score": ("balanced_accuracy", _CLASSIFICATION),
    "precision_score": ("precision", _CLASSIFICATION),
    "recall_score": ("recall", _CLASSIFICATION),
    "f1_score": ("f1", _CLASSIFICATION),
    "fbeta_score": ("fbeta", _CLASSIFICATION),
    "precision_recall_fscore_support": ("precision_recall_fscore_support", _CLASSIFICATION),
    "classification_report": ("classification_report", _CLASSIFICATION),
    "confusion_matrix": ("confusion_matrix", _CLASSIFICATION),
    "jaccard_score": ("jaccard", _CLASSIFICATION),
    "matthews_corrcoef": ("mcc", _CLASSIFICATION),
    "cohen_kappa_score": ("cohen_kappa", _CLASSIFICATION),
    "roc_auc_score": ("roc_auc", _RANKING),
    "average_precision_score": ("average_precision", _RANKING),
    "log_loss": ("log_loss", _CLASSIFICATION),
    "brier_score_loss": ("brier", _CLASSIFICATION),
}

SCORE_FUNCTIONS = frozenset(
    {"roc_auc_score", "average_precision_score", "log_loss", "brier_score_loss"}
)
# the parameter names each input goes by, across functions and scikit-learn versions
TRUE_PARAMETERS = ("y_true", "y1")
PRED_PARAMETERS = ("y_pred", "y2")
SCORE_PARAMETERS = ("y_score", "y_proba", "y_prob", "probas_pred")
# the call keywords evalcheck models; every other argument given is listed as unmodelled
MODELLED = ("average", "labels", "pos_label", "multi_class", "zero_division", "beta")


@dataclass(frozen=True)
class BoundCall:
    """One scikit-learn call, as evalcheck's inputs and call keywords.

    ``keywords`` holds ``average`` whenever the function takes one (its default included:
    evalcheck tells "not given" from ``None``), ``beta`` for the F-beta functions, and the
    other modelled keywords when they differ from the function's default. ``unmodelled``
    names the arguments given with a non-default value that evalcheck does not model.
    """

    function: str
    metric: str
    y_true: Any
    y_pred: Any = None
    y_score: Any = None
    keywords: dict[str, Any] = field(default_factory=dict)
    unmodelled: tuple[str, ...] = ()

    def check_arguments(self) -> dict[str, Any]:
        """The keyword arguments of ``evalcheck.check`` after ``y_true``."""
        return {
            "y_pred": self.y_pred,
            "y_score": self.y_score,
            "metric": self.metric,
            **self.keywords,
        }


@cache
def real_function(name: str) -> Callable[..., Any]:
    """The scikit-learn function ``name`` from its defining module (imported on first use)."""
    if name not in FUNCTIONS:
        raise ValueError(f"{name!r} is not a modelled scikit-learn metric function")
    return getattr(importlib.import_module(FUNCTIONS[name][1]), name)


@cache
def signature(name: str) -> inspect.Signature:
    """The signature of ``name`` (through scikit-learn's parameter-validation wrapper)."""
    return inspect.signature(real_function(name))


def is_default(value: Any, default: Any) -> bool:
    """Whether ``value`` equals a parameter's default (NaN equals NaN; arrays never do)."""
    if value is default:
        return True
    if default is inspect.Parameter.empty:
        return False
    try:
        same = value == default
    except Exception:
        return False
    if isinstance(same, (bool, np.bool_)):
        return bool(same)
    both_floats = isinstance(value, float) and isinstance(default, float)
    return both_floats and math.isnan(value) and math.isnan(default)


def bind_call(function_name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> BoundCall:
    """Bind a call of ``function_name`` as scikit-learn does, and sort its arguments.

    Raises ``TypeError`` when the arguments do not fit the signature (the call itself
    raises it), ``ValueError`` for a function that is not modelled.
    """
    sig = signature(function_name)
    metric = FUNCTIONS[function_name][0]
    bound = sig.bind(*args, **kwargs)
    bound.apply_defaults()
    values = bound.arguments
    scores = SCORE_PARAMETERS + (PRED_PARAMETERS if function_name in SCORE_FUNCTIONS else ())
    inputs = {"y_true": None, "y_pred": None, "y_score": None}
    keywords: dict[str, Any] = {}
    unmodelled: list[str] = []
    for name, value in values.items():
        default = sig.parameters[name].default
        if name in TRUE_PARAMETERS:
            inputs["y_true"] = value
        elif name in scores:
            if inputs["y_score"] is None and not is_default(value, default):
                inputs["y_score"] = value
            elif value is not None and not is_default(value, default):
                unmodelled.append(name)  # a second score argument (a deprecated alias)
        elif name in PRED_PARAMETERS:
            inputs["y_pred"] = value
        elif name == "average" or (name == "beta" and function_name == "fbeta_score"):
            keywords[name] = value
        elif name == "beta":  # precision_recall_fscore_support
            if not is_default(value, 1.0):
                keywords["beta"] = value
        elif is_default(value, default):
            continue
        elif name in MODELLED:
            keywords[name] = value
        else:
            unmodelled.append(name)
    return BoundCall(
        function=function_name,
        metric=metric,
        y_true=inputs["y_true"],
        y_pred=inputs["y_pred"],
        y_score=inputs["y_score"],
        keywords=keywords,
        unmodelled=tuple(unmodelled),
    )


def targets() -> list[Target]:
    """The functions an audit redirects, each in the module that defines it."""
    return [Target(module, name, name) for name, (_, module) in FUNCTIONS.items()]


def spec(key: str, args: tuple[Any, ...], kwargs: dict[str, Any], result: Any, error: Any) -> Spec:
    """What evalcheck checks for one call of ``key``: the bound inputs and call keywords."""
    from ..api import check

    try:
        bound = bind_call(key, args, kwargs)
    except TypeError as exc:
        return Spec("sklearn", key, None, f"{key}(...)", not_checked=f"TypeError: {exc}")
    accepted = inspect.signature(check).parameters
    arguments = {k: v for k, v in bound.check_arguments().items() if k in accepted}
    dropped = tuple(k for k in bound.check_arguments() if k not in accepted)
    written = ", ".join(f"{k}={v!r}" for k, v in bound.keywords.items())
    call = f"{key}(y_true, {'y_score' if bound.y_score is not None else 'y_pred'}"
    call += f", {written})" if written else ")"
    return Spec(
        "sklearn",
        key,
        {"y_true": bound.y_true, **arguments},
        call,
        unmodelled=bound.unmodelled + dropped,
    )


def plain(value: Any) -> Any:
    """A metric's value as plain data (numbers, lists, strings, dicts)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist() if value.size <= 10_000 else f"array of shape {value.shape}"
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return repr(value)


def reset() -> None:
    """Forget per-audit state (scikit-learn's functions keep none)."""
