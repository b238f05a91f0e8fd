"""torchmetrics calls as evalcheck's inputs and call, with torchmetrics' semantics.

Functional metrics (``multiclass_f1_score``, ``binary_accuracy``, ``f1_score(task=...)``) are
checked per call. Metric objects (``MulticlassF1Score``...) are checked at ``compute()``, over
the batches given to ``update()`` or ``forward()`` since the last ``reset()``.

What torchmetrics does, mapped onto a scikit-learn call:

- float ``preds`` of a binary or multilabel task become labels as torchmetrics makes them:
  a sigmoid when a value lies outside [0, 1], then ``> threshold``; multiclass scores
  ``(N, C, ...)`` become labels by argmax; extra dimensions are flattened
  (``multidim_average='global'``);
- ``ignore_index`` drops the samples whose target is that value;
- ``average``: ``'none'`` is ``None``; the task wrappers' default is ``'micro'``, the
  ``multiclass_*`` functions' is ``'macro'``; a binary metric scores class 1;
- multiclass ``accuracy`` with ``average='macro'`` (its default) is macro recall, so it is
  checked as ``recall_score(average='macro')``; micro accuracy is ``accuracy_score``;
- AUROC and average precision on multiclass scores are one-vs-rest, on probabilities (a
  softmax when the scores are not in [0, 1], as torchmetrics applies).

Calls evalcheck cannot model faithfully are still checked for data problems, without the
metric: ``top_k > 1``, ``multidim_average='samplewise'``, multilabel accuracy (a mean of
per-label accuracies) and multilabel ``ignore_index``; binned ``thresholds``, ``max_fpr``
and Cohen's ``weights`` are listed as not modelled.
"""

from __future__ import annotations

import inspect
import weakref
from functools import cache
from typing import Any

import numpy as np

from ..call import TAKES
from . import sklearn as sklearn_calls
from .patch import Target
from .spec import Spec

LIBRARY = "torchmetrics"
TASKS = ("binary", "multiclass", "multilabel")
# the name torchmetrics gives a metric (function suffix) -> (class name suffix, evalcheck metric)
FAMILIES: dict[str, tuple[str, str]] = {
    "accuracy": ("Accuracy", "accuracy"),
    "precision": ("Precision", "precision"),
    "recall": ("Recall", "recall"),
    "f1_score": ("F1Score", "f1"),
    "fbeta_score": ("FBetaScore", "fbeta"),
    "jaccard_index": ("JaccardIndex", "jaccard"),
    "matthews_corrcoef": ("MatthewsCorrCoef", "mcc"),
    "cohen_kappa": ("CohenKappa", "cohen_kappa"),
    "confusion_matrix": ("ConfusionMatrix", "confusion_matrix"),
    "auroc": ("AUROC", "roc_auc"),
    "average_precision": ("AveragePrecision", "average_precision"),
}
SCORE_FAMILIES = ("auroc", "average_precision")
NO_MULTILABEL = ("cohen_kappa",)
CLASS_PREFIX = {"binary": "Binary", "multiclass": "Multiclass", "multilabel": "Multilabel"}
FUNCTIONAL = "functional.classification"


def _functions() -> list[tuple[str, str | None, str]]:
    """(function name, task or None for the task wrapper, family)."""
    rows: list[tuple[str, str | None, str]] = []
    for family in FAMILIES:
        rows.append((family, None, family))
        for task in TASKS:
            if task == "multilabel" and family in NO_MULTILABEL:
                continue
            rows.append((f"{task}_{family}", task, family))
    return rows


def _classes() -> list[tuple[str, str, str]]:
    """(class name, task, family) of the metric objects."""
    return [
        (CLASS_PREFIX[task] + suffix, task, family)
        for family, (suffix, _) in FAMILIES.items()
        for task in TASKS
        if not (task == "multilabel" and family in NO_MULTILABEL)
    ]


def targets() -> list[Target]:
    """The functions and methods an audit redirects (resolved once torchmetrics is loaded)."""
    found = [Target(LIBRARY, f"{FUNCTIONAL}.{name}", f"fn:{name}") for name, _, _ in _functions()]
    for name in [row[0] for row in _classes()] + [COLLECTION]:
        owner = name if name == COLLECTION else f"classification.{name}"
        for method in ("update", "compute", "forward", "reset"):
            found.append(Target(LIBRARY, f"{owner}.{method}", f"{method}:{name}"))
    return found


_FUNCTION_ROWS = {name: (task, family) for name, task, family in _functions()}
_CLASS_ROWS = {name: (task, family) for name, task, family in _classes()}


# --- converting tensors ------------------------------------------------------------------


def to_numpy(value: Any) -> Any:
    """A tensor (any device, any float width) as a numpy array, copied; other values as given."""
    if hasattr(value, "detach") and hasattr(value, "cpu"):
        tensor = value.detach().cpu()
        if tensor.dtype.is_floating_point and tensor.dtype.itemsize < 4:
            tensor = tensor.float()  # half and bfloat16 have no numpy twin
        return tensor.numpy().copy()
    return value


def plain(value: Any) -> Any:
    """A result as plain data: tensors become numbers or lists."""
    if hasattr(value, "detach") and hasattr(value, "tolist"):
        array = to_numpy(value)
        return array.item() if array.ndim == 0 else array.tolist()
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return sklearn_calls.plain(value)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _softmax(x: np.ndarray) -> np.ndarray:
    shifted = np.exp(x - x.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


def _probabilities(scores: np.ndarray) -> np.ndarray:
    """Sigmoid when a value lies outside [0, 1], as torchmetrics' binary formatting does."""
    scores = scores.astype(np.float64)
    if scores.size and (scores.min() < 0 or scores.max() > 1):
        return _sigmoid(scores)
    return scores


# --- one call as evalcheck's inputs ------------------------------------------------------


def _settings(parameters: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in parameters.items() if k not in ("preds", "target", "self")}


def _written(name: str, parameters: dict[str, Any], defaults: dict[str, Any]) -> str:
    given = [
        f"{k}={v!r}"
        for k, v in parameters.items()
        if (k in ("task", "num_classes", "num_labels") and v is not None)
        or (k not in ("task", "num_classes", "num_labels") and defaults.get(k, object()) != v)
    ]
    return f"{name}(preds, target{''.join(', ' + g for g in given)})"


def build_spec(
    name: str,
    task: str,
    family: str,
    preds: Any,
    target: Any,
    parameters: dict[str, Any],
    call: str,
) -> Spec:
    """The check for one torchmetrics evaluation of ``family`` on (``preds``, ``target``)."""
    preds, target = np.asarray(to_numpy(preds)), np.asarray(to_numpy(target))
    metric = FAMILIES[family][1]
    unmodelled: list[str] = []
    unfaithful: list[str] = []
    average = parameters.get("average", "micro" if task != "binary" else None)
    average = None if average == "none" else average
    ignore = parameters.get("ignore_index")
    keywords: dict[str, Any] = {}
    if "zero_division" in parameters:  # torchmetrics' default 0 is a choice, made silently
        keywords["zero_division"] = parameters["zero_division"]
    if family == "fbeta_score":
        keywords["beta"] = parameters.get("beta", 1.0)
    if (parameters.get("top_k") or 1) != 1:
        unfaithful.append(f"top_k={parameters['top_k']}")
    if parameters.get("multidim_average", "global") != "global":
        unfaithful.append("multidim_average='samplewise'")
    for option in ("max_fpr", "thresholds", "weights"):
        if parameters.get(option) is not None:
            unmodelled.append(option)
    y_score, score_classes = None, None
    if task == "multilabel":
        if family == "accuracy":
            unfaithful.append("multilabel accuracy (a mean of per-label accuracies)")
        if ignore is not None:
            unfaithful.append("ignore_index on multilabel targets")
        target = target.reshape(target.shape[0], -1) if target.ndim > 2 else target
        if preds.ndim > 2:
            preds = preds.reshape(preds.shape[0], -1)
        scores = _probabilities(preds) if preds.dtype.kind == "f" else None
        y_pred = (
            (scores > parameters.get("threshold", 0.5)).astype(int) if scores is not None else preds
        )
        if family in SCORE_FAMILIES:
            y_score, y_pred = (scores if scores is not None else preds.astype(float)), None
        keywords["average"] = average
    elif task == "binary":
        preds, target = preds.reshape(-1), target.reshape(-1)
        if ignore is not None:
            keep = target != ignore
            preds, target = preds[keep], target[keep]
        scores = _probabilities(preds) if preds.dtype.kind == "f" else None
        y_pred = (
            (scores > parameters.get("threshold", 0.5)).astype(int) if scores is not None else preds
        )
        if family in SCORE_FAMILIES:
            y_score, y_pred = (scores if scores is not None else preds.astype(float)), None
        elif family in ("precision", "recall", "f1_score", "fbeta_score", "jaccard_index"):
            keywords["average"] = "binary"
            keywords["pos_label"] = 1
    else:  # multiclass
        scored = preds.dtype.kind == "f" and preds.ndim == target.ndim + 1
        if scored:
            preds = np.moveaxis(preds, 1, -1).reshape(-1, preds.shape[1])
        else:
            preds = preds.reshape(-1)
        target = target.reshape(-1)
        if ignore is not None:
            keep = target != ignore
            preds, target = preds[keep], target[keep]
        if family in SCORE_FAMILIES:
            if not scored:
                y_score = preds.astype(float)  # hard labels where scores belong
            else:
                inside = preds.size == 0 or (preds.min() >= 0 and preds.max() <= 1)
                y_score = preds.astype(np.float64) if inside else _softmax(preds.astype(np.float64))
            y_pred = None
            keywords["average"] = average
            keywords["multi_class"] = "ovr"
            num_classes = parameters.get("num_classes")
            if y_score.ndim == 2 and isinstance(num_classes, int):
                score_classes = list(range(num_classes))  # column c is class c
                keywords["labels"] = score_classes  # classes absent from a batch included
        else:
            y_pred = preds.argmax(axis=1) if scored else preds
            if family == "accuracy" and average != "micro":
                metric = "recall"  # torchmetrics' macro / weighted / per-class accuracy
            averaged = family not in ("matthews_corrcoef", "cohen_kappa", "confusion_matrix")
            if averaged and metric != "accuracy":
                keywords["average"] = average
            num_classes = parameters.get("num_classes")
            if (
                family == "jaccard_index"
                and isinstance(ignore, int)
                and isinstance(num_classes, int)
            ):
                # torchmetrics leaves the ignored class out of the Jaccard index
                keywords["labels"] = [c for c in range(num_classes) if c != ignore]
            elif average is None and isinstance(num_classes, int) and metric != "accuracy":
                keywords["labels"] = list(range(num_classes))
    arguments: dict[str, Any] = {"y_true": target, "y_pred": y_pred, "y_score": y_score}
    if score_classes is not None:
        arguments["score_classes"] = score_classes
    if unfaithful:
        note = f"not modelled, so checked without the metric: {', '.join(unfaithful)}"
        return Spec(LIBRARY, name, arguments, call, tuple(unmodelled), note=note)
    arguments["metric"] = metric
    arguments.update({k: v for k, v in keywords.items() if k in TAKES[metric]})
    return Spec(LIBRARY, name, arguments, call, tuple(unmodelled))


# --- functional metrics ------------------------------------------------------------------


@cache
def _signature(name: str) -> inspect.Signature:
    import torchmetrics.functional.classification as functional

    return inspect.signature(getattr(functional, name))


def _functional_spec(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Spec:
    signature = _signature(name)
    try:
        bound = signature.bind(*args, **kwargs)
    except TypeError as exc:
        return Spec(LIBRARY, name, None, f"{name}(...)", not_checked=f"TypeError: {exc}")
    bound.apply_defaults()
    parameters = dict(bound.arguments)
    task, family = _FUNCTION_ROWS[name]
    if task is None:
        task = str(parameters.get("task"))
        if task not in TASKS:
            return Spec(LIBRARY, name, None, f"{name}(...)", not_checked=f"task={task!r}")
    defaults = {k: p.default for k, p in signature.parameters.items()}
    call = _written(name, _settings(parameters), defaults)
    return build_spec(
        name, task, family, parameters["preds"], parameters["target"], _settings(parameters), call
    )


# --- metric objects ----------------------------------------------------------------------

# id(metric object or collection) -> its batches since reset(); by id, as a Metric's hash
# follows its state. Label metrics keep labels (as torchmetrics makes them), not scores.
_batches: dict[int, list[tuple[Any, Any]]] = {}
_failed: dict[int, int] = {}  # updates that raised (torchmetrics counts them all the same)
_ATTRIBUTES = (
    "num_classes", "num_labels", "average", "threshold", "top_k", "multidim_average",
    "ignore_index", "zero_division", "beta", "max_fpr", "thresholds", "weights",
)  # fmt: skip
COLLECTION = "MetricCollection"


def _parameters(metric: Any) -> dict[str, Any]:
    parameters = {a: getattr(metric, a) for a in _ATTRIBUTES if hasattr(metric, a)}
    if parameters.get("thresholds") is not None:
        parameters["thresholds"] = "binned"
    return parameters


def _as_labels(task: str, family: str, preds: Any, parameters: dict[str, Any]) -> Any:
    """A batch's predictions as the labels torchmetrics derives (what a label metric needs),
    so that a metric object keeps labels, not score tensors, until compute()."""
    preds = np.asarray(preds)
    if family in SCORE_FAMILIES or preds.dtype.kind != "f" or (parameters.get("top_k") or 1) != 1:
        return preds
    if task == "multiclass":
        return preds.argmax(axis=1).astype(np.int32) if preds.ndim > 1 else preds
    threshold = parameters.get("threshold", 0.5)
    return (_probabilities(preds) > threshold).astype(np.int8)


def _batch(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Any, Any]:
    preds = kwargs.get("preds", args[1] if len(args) > 1 else None)
    target = kwargs.get("target", args[2] if len(args) > 2 else None)
    return to_numpy(preds), to_numpy(target)


def _keep(owner: Any, batch: tuple[Any, Any]) -> None:
    if id(owner) not in _batches:
        _batches[id(owner)] = []
        weakref.finalize(owner, _forget, id(owner))
    _batches[id(owner)].append(batch)


def _forget(key: int) -> None:
    _batches.pop(key, None)
    _failed.pop(key, None)


def _modelled_class(metric: Any) -> str | None:
    """The torchmetrics class (or the user's subclass's base) evalcheck models, if any."""
    return next((c.__name__ for c in type(metric).__mro__ if c.__name__ in _CLASS_ROWS), None)


def _object_spec(
    metric: Any, class_name: str, batches: list[tuple[Any, Any]], label: str, through: str = ""
) -> Spec:
    task, family = _CLASS_ROWS[class_name]
    parameters = _parameters(metric)
    shown = {k: v for k, v in parameters.items() if k in ("num_classes", "num_labels", "average")}
    written = ", ".join(f"{k}={v!r}" for k, v in shown.items())
    call = f"{type(metric).__name__}({written}).compute(){through}"
    if not batches:
        return Spec(LIBRARY, label, None, call, not_checked="no update() seen during the audit")
    preds = np.concatenate([_as_labels(task, family, p, parameters) for p, _ in batches])
    target = np.concatenate([np.asarray(t) for _, t in batches])
    return build_spec(label, task, family, preds, target, parameters, call)


def _single_spec(metric: Any, class_name: str) -> Spec:
    batches = _batches.get(id(metric), [])
    label = f"{type(metric).__name__}.compute"
    updates = getattr(metric, "_update_count", len(batches))
    seen = len(batches) + _failed.get(id(metric), 0)
    if batches and isinstance(updates, int) and updates > seen:
        reason = f"{updates - seen} of its {updates} updates came before the audit began"
        call = f"{type(metric).__name__}(...).compute()"
        return Spec(LIBRARY, label, None, call, not_checked=reason)
    return _object_spec(metric, class_name, batches, label)


def _collection_specs(collection: Any) -> list[Spec]:
    """One check per modelled member, over the batches given to the collection."""
    batches = _batches.get(id(collection), [])
    specs = []
    for name, member in collection.items():
        class_name = _modelled_class(member)
        if class_name is not None:
            label = f"{COLLECTION}[{name!r}].compute"
            specs.append(_object_spec(member, class_name, batches, label, " in a MetricCollection"))
    return specs


def spec(
    key: str, args: tuple[Any, ...], kwargs: dict[str, Any], result: Any, error: Any
) -> Spec | list[Spec] | None:
    """What to check for one outermost call of ``key`` (None: nothing yet, e.g. update)."""
    kind, name = key.split(":", 1)
    if kind == "fn":
        return _functional_spec(name, args, kwargs)
    owner = args[0] if args else None
    if owner is None:
        return None
    collection = name == COLLECTION
    class_name = None if collection else _modelled_class(owner)
    if not collection and class_name is None:  # forward() of a MeanMetric, say
        return None
    if kind == "reset":
        _forget(id(owner))
    elif kind in ("update", "forward"):
        if error is not None:
            _failed[id(owner)] = _failed.get(id(owner), 0) + 1
        elif collection:
            _keep(owner, _batch(args, kwargs))
        else:
            assert class_name is not None
            task, family = _CLASS_ROWS[class_name]
            preds, target = _batch(args, kwargs)
            _keep(owner, (_as_labels(task, family, preds, _parameters(owner)), target))
    elif collection:
        return _collection_specs(owner)
    else:
        assert class_name is not None
        return _single_spec(owner, class_name)
    return None


def reset() -> None:
    """Forget the batches of metric objects (the audit ended)."""
    _batches.clear()
    _failed.clear()
