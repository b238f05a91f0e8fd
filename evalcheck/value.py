"""The value of the user's metric call, or the error the library raises on it.

This is the one place that answers "what number does ``f1_score(y_true, y_pred, ...)``
return here?". It mirrors scikit-learn's own argument checks, so a call scikit-learn rejects
gets no value but the exception it would raise, and the rule that explains it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .call import METRICS, NO_METRIC, PRFS, SCORE_METRICS, MetricCall
from .facts import Unavailable
from .metrics import (
    ClassCounts,
    accuracy,
    average_scores,
    balanced_accuracy,
    cohen_kappa,
    label_indices,
    matthews_corrcoef,
)
from .stats.labels import ConfusionStats, label_sort_key, same_label
from .stats.scores import (
    indicator_score,
)

if TYPE_CHECKING:
    from .facts import Context


TUPLE = "precision_recall_fscore_support returns a tuple (precision, recall, F-score, support)"


@dataclass(frozen=True)
class Requested:
    """The user's number. ``raises``: the library's exception message when the call fails;
    ``cause``: a name for the failure that a specific rule explains (None: only the
    call is at fault)."""

    value: Any = None
    note: str | None = None
    raises: str | None = None
    cause: str | None = None
    fix: str | None = None  # a valid call, when the user's raises
    exception: str = "ValueError"

    def as_dict(self, call: MetricCall) -> dict[str, Any]:
        return {"call": call.describe(), "value": self.value, "note": self.note}


def _raising(
    message: str,
    cause: str | None = None,
    fix: str | None = None,
    exception: str = "ValueError",
) -> Requested:
    note = f"the call raises {exception}: {message}"
    return Requested(None, note, message, cause, fix, exception)


def _without(call: MetricCall, *names: str, **changes: Any) -> str:
    """The user's call with ``names`` left out and ``changes`` applied, as code."""
    defaults = {name: MetricCall.model_fields[name].default for name in names}
    return call.model_copy(update=defaults | changes).describe()


def requested(ctx: Context) -> Requested:
    """The value of ``ctx.call`` on this evaluation."""
    call = ctx.call
    if call.metric is None:
        return Requested(note=NO_METRIC)
    not_taken = call.not_taken()
    if not_taken:
        return _raising(
            f"{METRICS[call.metric]}() got an unexpected keyword argument {not_taken[0]!r}",
            fix=_not_taken_fix(ctx, not_taken),
            exception="TypeError",
        )
    y_true, y_pred = ctx.evaluation.y_true, ctx.evaluation.y_pred
    try:
        if y_true.layout == "matrix" and not y_true.is_indicator and y_true.kind != "float":
            return _raising("multiclass-multioutput format is not supported")
        if call.metric in SCORE_METRICS:
            if y_true.is_indicator:
                return _indicator_scores(ctx)
            return _score_value(ctx)
        if not y_pred.given:
            return _scores_as_predictions(ctx)
        if call.metric == "binary_accuracy" and y_pred.is_continuous and not y_pred.n_bad:
            return _thresholded_accuracy(ctx)
        if ctx.scored_as_multilabel:
            return _multilabel(ctx)
        if y_true.is_indicator != y_pred.is_indicator and "matrix" in (
            y_true.layout,
            y_pred.layout,
        ):
            return _raising(
                "Classification metrics can't handle a mix of multilabel-indicator and "
                "multiclass targets",
                "mixed-targets",
            )
        return label_value(ctx.stats, call)
    except Unavailable as exc:
        return Requested(note=exc.reason)


# --- label metrics ----------------------------------------------------------------------


def label_value(stats: ConfusionStats, call: MetricCall) -> Requested:
    """The value of a label-metric call from the confusion matrix alone."""
    metric = call.metric
    mixed = _mixed_types(stats)
    if mixed:
        return _raising(mixed)
    if metric in ("accuracy", "binary_accuracy"):
        return Requested(accuracy(stats))
    if metric == "balanced_accuracy":
        return Requested(balanced_accuracy(stats))
    if metric == "mcc":
        return Requested(matthews_corrcoef(stats))
    if metric == "cohen_kappa":
        if call.labels is not None:
            stats = stats.restricted(call.labels)
            if stats.n_samples == 0:
                return Requested(math.nan, "no sample has a label in labels")
        return Requested(cohen_kappa(stats))
    if metric in ("confusion_matrix", "classification_report"):
        if call.labels is not None and not any(
            stats.index(lab) is not None and stats.true_counts[stats.index(lab)] > 0
            for lab in call.labels
        ):
            return _raising(
                "At least one label specified must be in y_true", fix=_without(call, "labels")
            )
        return Requested(note=f"{metric} is a table, not a single number")
    if call.is_prf:
        return _prf(stats, call)
    return Requested(note=f"evalcheck does not compute {metric}")


def _mixed_types(stats: ConfusionStats) -> str | None:
    """scikit-learn's message when y_true and y_pred mix strings and numbers."""
    kinds = {isinstance(c, str) for c in stats.classes}
    if len(kinds) < 2:
        return None
    return "Mix of label input types (string and number)"


def _prf(stats: ConfusionStats, call: MetricCall) -> Requested:
    average = call.effective_average
    if average == "samples":
        return _raising(
            "Sample-based precision, recall, fscore is not meaningful outside multilabel "
            "classification. See the accuracy_score instead.",
            fix=_without(call, average="macro"),
        )
    if call.metric == "jaccard" and _is_nan(call.zero_division):
        return _raising(
            "jaccard_score does not take zero_division=np.nan", fix=_without(call, "zero_division")
        )
    labelled = stats.with_classes(call.labels or ())
    if average == "binary":
        if stats.n_classes > 2:
            kind = "multiclass"
            return _raising(
                f"Target is {kind} but average='binary'. Please choose another average "
                "setting, one of [None, 'micro', 'macro', 'weighted'].",
                "binary-average",
            )
        pos = stats.index(call.effective_pos_label)
        if pos is None and stats.n_classes >= 2:
            return _raising(
                f"pos_label={call.effective_pos_label!r} is not a valid label. It should be "
                f"one of {list(stats.classes)}",
                "pos-label",
            )
        if pos is None:
            stats = stats.with_classes((call.effective_pos_label,))
            pos = stats.index(call.effective_pos_label)
        if call.metric == PRFS:
            return Requested(note=TUPLE)
        counts = ClassCounts.of(stats, np.array([pos]))
        value = counts.score(call.metric, call.zero_division, call.effective_beta)
        return Requested(float(value[0]))
    if call.metric == PRFS:
        return Requested(note=TUPLE)
    counts = ClassCounts.of(labelled, label_indices(labelled, call.labels))
    value = average_scores(counts, call.metric, average, call.zero_division, call.effective_beta)
    if average is None:
        return Requested([float(v) for v in value])
    return Requested(value)


def _is_nan(value: Any) -> bool:
    return isinstance(value, float) and math.isnan(value)


# --- multilabel ---------------------------------------------------------------------------


def _multilabel(ctx: Context) -> Requested:
    call = ctx.call
    metric = call.metric
    n_labels = ctx.evaluation.y_true.shape[1]
    if call.labels is not None:
        bad = _outside_columns(call.labels, n_labels)
        if bad:
            return _raising(
                f"All labels must be in [0, n labels) for multilabel targets. Got {bad}",
                fix=_without(call, "labels"),
            )
    ml = ctx.multilabel_for(call.labels)
    if metric in ("accuracy", "binary_accuracy"):
        return Requested(ml.subset_accuracy if metric == "accuracy" else ml.label_accuracy)
    if call.is_prf:
        average = call.effective_average
        if average == "binary":
            return _raising(
                "Target is multilabel-indicator but average='binary'. Please choose another "
                "average setting, one of [None, 'micro', 'macro', 'weighted', 'samples'].",
                "binary-average",
            )
        if metric == "jaccard" and _is_nan(call.zero_division):
            return _raising(
                "jaccard_score does not take zero_division=np.nan",
                fix=_without(call, "zero_division"),
            )
        if metric == PRFS:
            return Requested(note=TUPLE)
        return Requested(ml.score(metric, average, call.zero_division, call.effective_beta))
    return Requested(note=f"evalcheck does not compute {metric} for multilabel targets")


# --- score metrics ------------------------------------------------------------------------


def _score_value(ctx: Context) -> Requested:
    call = ctx.call
    scores, truth = ctx.scores, ctx.truth
    n_classes = len(truth.classes)
    matrix = scores.is_matrix
    if call.metric in ("log_loss", "brier"):
        return _probability_value(ctx)
    if call.metric == "roc_auc":
        if n_classes <= 2 and not (matrix and scores.width > 2):
            if matrix:
                return _raising(
                    f"y should be a 1d array, got an array of shape {scores.shape} instead.",
                    fix=_positive_column(call),
                )
            ranking = ctx.ranking
            if n_classes < 2:
                return Requested(math.nan, "only one class is present in y_true")
            return Requested(ranking.counts.roc_auc())
        return _multiclass_auc(ctx)
    # average precision
    if n_classes <= 2:
        wanted = call.effective_pos_label
        positive = next((c for c in truth.classes if same_label(c, wanted)), None)
        if positive is None and n_classes == 2:
            return _raising(
                f"pos_label={wanted!r} is not a valid label. It should be one of {truth.classes}",
                "pos-label",
            )
        if matrix:
            return _raising(
                f"y should be a 1d array, got an array of shape {scores.shape} instead.",
                fix=_positive_column(call),
            )
        counts = ctx.ranked_for(wanted if positive is None else positive)
        return Requested(counts.average_precision())
    if call.pos_label not in (None, 1):
        return _raising(
            "Parameter pos_label is fixed to 1 for multiclass y_true. Do not set pos_label "
            "or set pos_label to 1.",
            fix=_without(call, "pos_label"),
        )
    if not matrix or scores.width != n_classes:
        return _raising(
            "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` contains "
            f"multiple classes. Got `y_score.shape={scores.shape}`.",
        )
    average = call.effective_average
    if average == "samples":
        return _raising(
            "average='samples' applies to multilabel targets only",
            fix=_without(call, average="macro"),
        )
    return Requested(ctx.one_vs_rest(np.arange(n_classes)).average_precision(average))


def _multiclass_auc(ctx: Context) -> Requested:
    call, scores = ctx.call, ctx.scores
    if not scores.is_matrix:
        return _raising(
            "`y_score` needs to be of shape `(n_samples, n_classes)`, since `y_true` contains "
            f"multiple classes. Got `y_score.shape={scores.shape}`.",
        )
    if call.multi_class is None:
        return _raising(
            "multi_class must be in ('ovo', 'ovr')", fix=_without(call, multi_class="ovr")
        )
    if not scores.rows_allclose:
        return _raising(
            "Target scores need to be probabilities for multiclass roc_auc, i.e. they should "
            "sum up to 1.0 over classes",
        )
    average = call.effective_average
    options = ("micro", "macro", "weighted", None) if call.multi_class == "ovr" else None
    if average not in (options or ("macro", "weighted", None)) or (
        average is None and call.multi_class == "ovo"
    ):
        return _raising(
            f"average={average!r} is not supported for multiclass ROC AUC with "
            f"multi_class={call.multi_class!r}",
            fix=_without(call, average="macro"),
        )
    columns = ctx.score_columns
    if columns.problem:
        return _raising(columns.problem, columns.cause, _labels_fix(ctx))
    if call.multi_class == "ovo":
        return Requested(scores.ovo_auc(columns.lookup, average))
    return Requested(ctx.one_vs_rest(columns.lookup).roc_auc(average))


def _probability_value(ctx: Context) -> Requested:
    call, scores = ctx.call, ctx.scores
    if scores.high > 1 or scores.low < 0:
        side = "greater than 1" if scores.high > 1 else "lower than 0"
        extreme = scores.high if scores.high > 1 else scores.low
        convert = "softmax(y_score, axis=1)" if scores.is_matrix else "expit(y_score)"
        module = "softmax" if scores.is_matrix else "expit"
        fix = (
            f"from scipy.special import {module}\n"
            f"    {call.describe().replace('y_score', convert, 1)}  # or model.predict_proba(X)"
        )
        return _raising(f"y_prob contains values {side}: {extreme}", fix=fix)
    columns = ctx.score_columns
    if columns.problem:
        return _raising(columns.problem, columns.cause, _labels_fix(ctx))
    return Requested(scores.probability_loss(call.metric, columns.lookup))


def _positive_column(call: MetricCall) -> str:
    return call.describe().replace("y_score", "y_score[:, 1]", 1)


def _labels_fix(ctx: Context) -> str | None:
    """The call with ``labels=`` naming every class the score columns can stand for."""
    try:
        classes = list(ctx.stats.classes if ctx.evaluation.y_pred.given else ctx.truth.classes)
    except Unavailable:
        return None
    for label in ctx.call.labels or ():
        if not any(same_label(label, c) for c in classes):
            classes.append(label)
    if ctx.scores.is_matrix and len(classes) != ctx.scores.width:
        return None  # no labels= can fit these columns: EC106 says why
    return _without(ctx.call, labels=tuple(sorted(classes, key=label_sort_key)))


def _outside_columns(labels: tuple[Any, ...], n_labels: int) -> str | None:
    """scikit-learn's complaint about ``labels`` that are not column indices, or None."""
    numbers = [v for v in labels if isinstance(v, (int, np.integer)) and not isinstance(v, bool)]
    if len(numbers) < len(labels):
        return f"labels {list(labels)}, which are not column indices"
    if max(numbers) >= n_labels:
        return f"{max(numbers)} > {n_labels - 1}"
    if min(numbers) < 0:
        return f"{min(numbers)} < 0"
    return None


def _indicator_scores(ctx: Context) -> Requested:
    """ROC AUC or average precision of indicator (multilabel, or one-hot) targets."""
    call = ctx.call
    y_true = ctx.evaluation.y_true
    if call.metric not in ("roc_auc", "average_precision"):
        return Requested(note=f"evalcheck does not compute {call.metric} for multilabel targets")
    scores = ctx.scores
    if scores.values.shape != y_true.shape:
        return _raising("y_true and y_score have different shape")
    if call.metric == "average_precision" and call.pos_label not in (None, 1):
        return _raising(
            "Parameter pos_label is fixed to 1 for multilabel-indicator y_true. Do not set "
            "pos_label or set pos_label to 1.",
            fix=_without(call, "pos_label"),
        )
    average = call.effective_average
    return Requested(indicator_score(y_true.values, scores.values, call.metric, average))


def _thresholded_accuracy(ctx: Context) -> Requested:
    """Keras' and torchmetrics' binary accuracy: probabilities thresholded, compared cell by
    cell with 0/1 targets."""
    y_true, y_pred = ctx.evaluation.y_true, ctx.evaluation.y_pred
    if y_true.shape != y_pred.shape or not (y_true.is_indicator or y_true.kind in ("int", "bool")):
        return Requested(note="binary_accuracy needs 0/1 targets of y_pred's shape")
    threshold = ctx.call.decision_threshold("probabilities")
    hits = (y_pred.values >= threshold) == (np.asarray(y_true.values) == 1)
    return Requested(float(np.mean(hits)))


def _not_taken_fix(ctx: Context, not_taken: list[str]) -> str:
    """The call without the arguments its function does not take; for ``roc_auc_score`` with
    a pos_label that is not the greater class, the positive class made explicit instead."""
    call = ctx.call
    if call.metric == "roc_auc" and "pos_label" in not_taken:
        try:
            classes = ctx.truth.classes
        except Unavailable:
            classes = []
        wanted = call.pos_label
        if any(same_label(c, wanted) for c in classes[:-1]):
            rest = _without(call, *not_taken)
            return rest.replace("y_true", f"np.asarray(y_true) == {wanted!r}", 1)
    return _without(call, *not_taken)


def _scores_as_predictions(ctx: Context) -> Requested:
    """A label metric given scores and no predictions (and no threshold to derive them)."""
    call = ctx.call
    if not ctx.evaluation.y_score.given:
        return Requested(note=f"{call.metric} needs y_pred")
    scores, function = ctx.scores, METRICS[call.metric]
    if scores.is_matrix:
        classes = ctx.truth.classes
        known = len(classes) == scores.width
        mapped = f"np.asarray({list(classes)!r})" if known else "model.classes_"
        return _raising(
            "Classification metrics can't handle a mix of multiclass and continuous-multioutput "
            f"targets ({function} needs predicted labels, y_score holds a score per class)",
            fix=f"y_pred = {mapped}[np.asarray(y_score).argmax(axis=1)]\n    {call.describe()}",
        )
    threshold = call.decision_threshold(scores.kind)
    return _raising(
        "Classification metrics can't handle a mix of binary and continuous targets "
        f"({function} needs predicted labels, y_score holds scores)",
        fix=(
            f"y_pred = (y_score >= {threshold:g}).astype(int)  # or model.predict(X); "
            f"--threshold {threshold:g} on the command line\n    {call.describe()}"
        ),
    )
