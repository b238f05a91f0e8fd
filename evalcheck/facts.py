"""The shared facts rules read, each computed once on first use.

A fact that cannot be computed because of a data problem raises :class:`Unavailable` with the
reason (naming the finding that reports the problem); rules needing it are listed as skipped.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from .call import SCORE_METRICS, MetricCall
from .inputs import Evaluation, InputFacts
from .metrics import summarize, wilson_interval
from .multilabel import MultilabelStats
from .scores import (
    ScoreCounts,
    binary_counts,
    brier_score,
    log_loss,
    ovo_auc,
    ovr_auc,
    ovr_average_precision,
)
from .scores import score_kind as classify_scores
from .stats import ConfusionStats, as_label, encode, factorize

T = TypeVar("T")


class Unavailable(Exception):
    """A fact cannot be computed from this data; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class NotApplicable(Unavailable):
    """The fact does not apply to this evaluation (an input not given, another kind of task):
    rules needing it stay silent instead of being reported as skipped."""


class FactCrashed(Unavailable):
    """Computing a fact raised an unexpected exception (a bug in evalcheck): reported once as
    EC000 by the engine, and the rules needing the fact are listed as skipped."""

    def __init__(self, name: str, error: Exception) -> None:
        super().__init__(f"evalcheck failed computing {name.strip('_')} (EC000)")
        self.name = name
        self.error = error


def fact(method: Callable[[Context], T]) -> property:
    """A lazily computed, cached fact; a failure (Unavailable) is cached too."""
    name = method.__name__

    def getter(self: Context) -> T:
        cache = self._cache
        if name not in cache:
            try:
                cache[name] = (True, method(self))
            except Unavailable as exc:
                cache[name] = (False, exc)
            except Exception as exc:
                cache[name] = (False, FactCrashed(name, exc))
        ok, value = cache[name]
        if not ok:
            raise value
        return value

    getter.__doc__ = method.__doc__
    return property(getter)


@dataclass(frozen=True)
class Truth:
    """y_true alone: its sorted classes and their support."""

    classes: list[Any]
    support: np.ndarray

    @property
    def n_samples(self) -> int:
        return int(self.support.sum())


@dataclass(frozen=True)
class Scores:
    """Usable scores: the array, its layout and what it looks like."""

    values: np.ndarray
    kind: str  # 'labels', 'probabilities' or 'unnormalized' (see scores.score_kind)

    @property
    def is_matrix(self) -> bool:
        return self.values.ndim == 2


@dataclass(frozen=True)
class Ranking:
    """Binary scores against binary truth: the positive class and the ranking counts."""

    positive: Any
    counts: ScoreCounts


def label_problem(facts: InputFacts) -> str | None:
    """Why ``facts`` cannot be read as 1-D class labels, naming the finding; None if it can."""
    name = facts.name
    if not facts.given:
        return f"{name} was not given"
    if facts.kind == "unsupported":
        return f"{name} cannot be read ({facts.problem}; EC112)"
    if facts.kind == "mixed":
        return f"{name} mixes label types (EC113)"
    if facts.kind == "empty":
        return f"{name} is empty (EC102)"
    if facts.is_indicator and is_multilabel(facts):
        return f"{name} holds multilabel indicator rows; this rule covers single-label data"
    if facts.layout not in ("vector", "column"):
        return f"{name} has shape {facts.shape}, not one label per sample (EC106)"
    if facts.n_bad:
        code = "EC104" if name == "y_true" else "EC103"
        return f"{name} holds {facts.n_bad} NaN/None/inf values ({code})"
    if facts.is_continuous:
        code = "EC107" if name == "y_pred" else "EC109"
        return f"{name} holds continuous values, not class labels ({code})"
    return None


def _unavailable(facts: InputFacts, problem: str) -> Unavailable:
    """A data problem is Unavailable; an input not given or a multilabel task is NotApplicable."""
    if not facts.given or is_multilabel(facts):
        return NotApplicable(problem)
    return Unavailable(problem)


def is_multilabel(facts: InputFacts) -> bool:
    """An indicator matrix with some row holding zero or several positives."""
    return facts.is_indicator and not bool((facts.values.sum(axis=1) == 1).all())


def _one_hot_indices(facts: InputFacts) -> np.ndarray | None:
    """Class indices of a one-hot matrix (one positive per row), else None."""
    if facts.is_indicator and not is_multilabel(facts):
        return facts.values.argmax(axis=1)
    return None


class Context:
    """The shared facts rules read: inputs, the call, label statistics, scores, metrics."""

    def __init__(
        self, evaluation: Evaluation, call: MetricCall, groups: InputFacts | None = None
    ) -> None:
        self.evaluation = evaluation
        self.call = call
        self.groups = groups
        self._cache: dict[str, tuple[bool, Any]] = {}

    def crashed_facts(self) -> list[FactCrashed]:
        """The facts whose computation raised unexpectedly."""
        crashed = [v for ok, v in self._cache.values() if not ok and isinstance(v, FactCrashed)]
        return list({id(v): v for v in crashed}.values())  # facts built on it re-raise it

    # --- labels -------------------------------------------------------------------------

    @fact
    def task(self) -> str:
        """'binary', 'multiclass' or 'multilabel'."""
        y_true = self.evaluation.y_true
        if is_multilabel(y_true):
            return "multilabel"
        n = self.stats.n_classes if self.evaluation.y_pred.given else len(self.truth.classes)
        return "binary" if n <= 2 else "multiclass"

    @fact
    def truth(self) -> Truth:
        """Classes and support of y_true: read off the confusion matrix when there is one."""
        if self.evaluation.y_pred.given:
            try:
                stats = self.stats
            except Unavailable:
                pass
            else:
                present = np.flatnonzero(stats.true_counts)
                return Truth([stats.classes[i] for i in present], stats.true_counts[present])
        classes, codes = self._encoded_truth
        return Truth(classes, np.bincount(codes, minlength=len(classes)))

    @property
    def truth_codes(self) -> np.ndarray:
        """A code per sample, indexing ``truth.classes`` (one extra pass, only for scores)."""
        return self._encoded_truth[1]

    @fact
    def _encoded_truth(self) -> tuple[list[Any], np.ndarray]:
        y_true = self.evaluation.y_true
        indices = _one_hot_indices(y_true)
        if indices is not None:
            return encode(indices, "int")
        problem = label_problem(y_true)
        if problem:
            raise _unavailable(y_true, problem)
        return encode(y_true.label_values, y_true.kind)

    @fact
    def stats(self) -> ConfusionStats:
        """The confusion matrix of y_true against y_pred (one pass)."""
        y_true, y_pred = self.evaluation.y_true, self.evaluation.y_pred
        if y_true.shape == y_pred.shape and y_true.layout == "matrix":
            t_idx, p_idx = _one_hot_indices(y_true), _one_hot_indices(y_pred)
            if t_idx is not None and p_idx is not None:
                return ConfusionStats.from_labels(t_idx, "int", p_idx, "int")
        for facts in (y_true, y_pred):
            problem = label_problem(facts)
            if problem:
                raise _unavailable(facts, problem)
        if y_true.n_samples != y_pred.n_samples:
            raise Unavailable(
                f"y_true has {y_true.n_samples} samples and y_pred {y_pred.n_samples} (EC101)"
            )
        return ConfusionStats.from_labels(
            y_true.label_values, y_true.kind, y_pred.label_values, y_pred.kind
        )

    @fact
    def pair_codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Each sample's true and predicted class as a position in ``stats.classes``."""
        stats = self.stats
        position = {c: i for i, c in enumerate(stats.classes)}
        y_true, y_pred = self.evaluation.y_true, self.evaluation.y_pred
        codes = []
        for facts in (y_true, y_pred):
            indices = _one_hot_indices(facts) if facts.layout == "matrix" else None
            values, kind = (
                (indices, "int") if indices is not None else (facts.label_values, facts.kind)
            )
            found, local = factorize(values, kind)
            lookup = np.array([position[as_label(c)] for c in found], dtype=np.int64)
            codes.append(lookup[local])
        return codes[0], codes[1]

    @fact
    def multilabel(self) -> MultilabelStats:
        """Per-label and per-sample statistics of multilabel indicator targets."""
        y_true, y_pred = self.evaluation.y_true, self.evaluation.y_pred
        if not is_multilabel(y_true):
            raise NotApplicable("y_true is not a multilabel indicator matrix")
        if not (y_pred.is_indicator and y_pred.shape == y_true.shape):
            raise Unavailable(
                f"y_pred (shape {y_pred.shape}) is not an indicator matrix like y_true "
                f"{y_true.shape} (EC106/EC302)"
            )
        return MultilabelStats.from_indicators(y_true.values, y_pred.values)

    # --- scores -------------------------------------------------------------------------

    @fact
    def scores(self) -> Scores:
        """y_score when it is readable as scores."""
        y_score = self.evaluation.y_score
        if not y_score.given:
            raise NotApplicable("y_score was not given")
        if y_score.kind not in ("int", "float", "bool"):
            raise Unavailable(f"y_score holds {y_score.kind} values, not numbers (EC112/EC113)")
        if y_score.layout not in ("vector", "column", "matrix"):
            raise Unavailable(f"y_score has shape {y_score.shape} (EC106)")
        if y_score.n_bad:
            raise Unavailable(f"y_score holds {y_score.n_bad} NaN/inf values (EC103)")
        n_true = self.evaluation.y_true.n_samples
        if y_score.n_samples != n_true:
            raise Unavailable(f"y_score has {y_score.n_samples} samples, y_true {n_true} (EC101)")
        values = y_score.values.astype(np.float64, copy=False)
        return Scores(values, classify_scores(values))

    @fact
    def ranking(self) -> Ranking:
        """Binary truth ranked by 1-D scores (the positive class as scikit-learn picks it)."""
        scores, truth = self.scores, self.truth
        if scores.is_matrix:
            if scores.values.shape[1] != 2 or len(truth.classes) > 2:
                raise NotApplicable("y_score is a matrix of several classes, not binary scores")
            values = scores.values[:, 1]
        else:
            values = scores.values
        if len(truth.classes) > 2:
            raise NotApplicable(f"y_true has {len(truth.classes)} classes, not two")
        positive = self.positive_label(truth.classes)
        is_positive = np.asarray([c == positive for c in truth.classes])[self.truth_codes]
        return Ranking(positive, binary_counts(is_positive, values))

    def positive_label(self, classes: list[Any]) -> Any:
        """The user's pos_label when it is a class, else the greater class (as roc_auc does)."""
        wanted = self.call.effective_pos_label
        for c in classes:
            if c == wanted and isinstance(c, str) == isinstance(wanted, str):
                return c
        return classes[-1]

    def score_metrics(self) -> dict[str, Any]:
        """ROC AUC and average precision from the scores, where they are defined."""
        try:
            scores, truth = self.scores, self.truth
        except Unavailable:
            return {}
        out: dict[str, Any] = {}
        try:
            counts = self.ranking.counts
            out["roc_auc"] = counts.roc_auc()
            out["average_precision"] = counts.average_precision()
            return out
        except Unavailable:
            pass
        if scores.is_matrix and scores.values.shape[1] == len(truth.classes) > 2:
            out["roc_auc_ovr"] = ovr_auc(self.truth_codes, scores.values, "macro")
            out["roc_auc_ovo"] = ovo_auc(self.truth_codes, scores.values, "macro")
            out["average_precision"] = ovr_average_precision(
                self.truth_codes, scores.values, "macro"
            )
        return out

    def requested_score_value(self) -> tuple[Any, str | None]:
        """The value of a score metric call (roc_auc, average_precision), or why there is none."""
        call = self.call
        try:
            scores, truth = self.scores, self.truth
        except Unavailable as exc:
            return None, exc.reason
        if call.metric in ("log_loss", "brier"):
            compute = log_loss if call.metric == "log_loss" else brier_score
            value = compute(self.truth_codes, scores.values)
            if value is None:
                return None, "y_score has not one probability per class of y_true"
            return value, None
        if call.metric not in ("roc_auc", "average_precision"):
            return None, f"evalcheck does not compute {call.metric} yet"
        average = call.effective_average
        try:
            counts = self.ranking.counts
        except Unavailable:
            counts = None
        if counts is not None:
            if counts.n_positive == 0 or counts.n_negative == 0:
                return math.nan, "only one class is present in y_true"
            value = counts.roc_auc() if call.metric == "roc_auc" else counts.average_precision()
            return value, None
        if not scores.is_matrix or scores.values.shape[1] != len(truth.classes):
            return None, "y_score has not one column per class of y_true"
        if call.metric == "average_precision":
            return ovr_average_precision(self.truth_codes, scores.values, average), None
        if call.multi_class == "ovo":
            return ovo_auc(self.truth_codes, scores.values, average), None
        if call.multi_class == "ovr":
            return ovr_auc(self.truth_codes, scores.values, average), None
        return None, "roc_auc_score needs multi_class='ovr' or 'ovo' for multiclass scores"

    # --- numbers ------------------------------------------------------------------------

    @fact
    def metrics(self) -> dict[str, Any]:
        """Every number of ``report.metrics``."""
        if self.task == "multilabel":
            return self._multilabel_metrics()
        if not self.evaluation.y_pred.given:
            metrics: dict[str, Any] = {"n_samples": self.truth.n_samples}
            metrics.update(self.score_metrics())
            value, note = self.requested_score_value()
            metrics["requested"] = {"call": self.call.describe(), "value": value, "note": note}
            return metrics
        metrics = summarize(self.stats, self.call)
        metrics.update(self.score_metrics())
        if self.call.metric in SCORE_METRICS:
            value, note = self.requested_score_value()
            metrics["requested"] = {"call": self.call.describe(), "value": value, "note": note}
        return metrics

    def _multilabel_metrics(self) -> dict[str, Any]:
        ml, call = self.multilabel, self.call
        zero_division = call.zero_division
        counts = ml.counts
        averaged = ("precision", "recall", "f1")
        metrics: dict[str, Any] = {
            "n_samples": ml.n_samples,
            "n_labels": ml.n_labels,
            "subset_accuracy": ml.subset_accuracy,
            "label_accuracy": ml.label_accuracy,
            "hamming_loss": ml.hamming_loss,
        }
        for average in ("macro", "micro", "weighted", "samples"):
            metrics[average] = {m: ml.score(m, average, zero_division) for m in averaged}
        metrics["samples"]["jaccard"] = ml.samples_average("jaccard", zero_division)
        per_label = {m: counts.score(m, zero_division) for m in averaged}
        metrics["per_class"] = [
            {
                "class": str(i),
                "support": int(counts.true[i]),
                "predicted": int(counts.pred[i]),
                **{m: float(per_label[m][i]) for m in averaged},
            }
            for i in range(ml.n_labels)
        ]
        value, note = self._requested_multilabel()
        metrics["requested"] = {"call": call.describe(), "value": value, "note": note}
        return metrics

    def _requested_multilabel(self) -> tuple[Any, str | None]:
        call, ml = self.call, self.multilabel
        if call.metric is None:
            return None, "no metric given"
        if call.metric in ("accuracy", "binary_accuracy"):
            value = ml.subset_accuracy if call.metric == "accuracy" else ml.label_accuracy
            return value, None
        if call.is_prf and call.metric != "fbeta":
            average = call.effective_average
            if average == "binary":
                return None, "average='binary' raises an error on multilabel targets"
            return ml.score(call.metric, average, call.zero_division), None
        return None, f"evalcheck does not compute {call.metric} for multilabel targets"

    def accuracy_interval(self) -> tuple[float, float]:
        """Wilson 95% interval of the accuracy."""
        stats = self.stats
        return wilson_interval(int(np.trace(stats.matrix)), stats.n_samples)

    # --- groups -------------------------------------------------------------------------

    @fact
    def group_codes(self) -> tuple[list[Any], np.ndarray]:
        """``(group ids, a code per sample)`` for the ``groups=`` argument."""
        groups = self.groups
        if groups is None or not groups.given:
            raise NotApplicable("no groups given (groups=batch_ids)")
        problem = label_problem(groups)
        if problem:
            raise _unavailable(groups, problem)
        if groups.n_samples != self.evaluation.y_true.n_samples:
            raise Unavailable(
                f"groups has {groups.n_samples} entries, y_true {self.evaluation.y_true.n_samples}"
            )
        found, codes = encode(groups.label_values, groups.kind)
        return [as_label(g) for g in found], codes
