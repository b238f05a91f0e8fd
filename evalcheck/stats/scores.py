"""Scores: what kind they are, ranking statistics, ROC AUC, average precision, thresholds.

:class:`ScoreCounts` holds, for one binary problem, the number of positive and negative
samples at each distinct score: exact sufficient statistics for every ranking metric, and
mergeable (``a.merge(b)``) like the confusion matrix. ROC AUC and average precision follow
scikit-learn's curve construction step by step, so they agree to floating-point rounding.
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import numpy as np

from .curves import CurveSummary

ROW_SUM_TOLERANCE = 1e-3
MAX_COLUMN_THREADS = 2  # columns counted at once (each needs ~8 temporaries of one column)
THREADED_SAMPLES = 200_000  # below this, threads cost more than they save


def score_kind(values: np.ndarray) -> str:
    """'labels' (at most two distinct values; a matrix of 0/1), 'probabilities' (in [0, 1];
    rows summing to 1 for a matrix) or 'unnormalized' (logits, margins)."""
    finite = values[np.isfinite(values)] if not np.isfinite(values).all() else values
    if finite.size == 0:
        return "unnormalized"
    low, high = float(finite.min()), float(finite.max())
    if values.ndim == 1:
        distinct = np.unique(finite[: min(finite.size, 1_000_000)])
        if distinct.size <= 2:
            return "labels"
        return "probabilities" if low >= 0 and high <= 1 else "unnormalized"
    if low < 0 or high > 1:
        return "unnormalized"
    if not np.any((finite > 0) & (finite < 1)):
        return "labels"  # a matrix of 0/1: one-hot or indicator predictions, not scores
    sums = values.sum(axis=1)
    return "probabilities" if np.all(np.abs(sums - 1) <= ROW_SUM_TOLERANCE) else "unnormalized"


@dataclass(frozen=True)
class ThresholdPoint:
    """Predicting positive when ``score >= threshold``, and what that gives."""

    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def f1(self) -> float:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else 0.0

    @property
    def predicted_positive_share(self) -> float:
        total = self.tp + self.fp + self.fn + self.tn
        return (self.tp + self.fp) / total if total else math.nan

    @property
    def youden_j(self) -> float:
        tpr = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        fpr = self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0
        return tpr - fpr

    def as_dict(self) -> dict[str, float | int]:
        return {
            "threshold": self.threshold,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "f1": self.f1,
            "youden_j": self.youden_j,
            "predicted_positive_share": self.predicted_positive_share,
        }


@dataclass(frozen=True)
class ScoreCounts:
    """Positive and negative counts at each distinct score, scores in decreasing order."""

    scores: np.ndarray
    positives: np.ndarray
    negatives: np.ndarray

    @classmethod
    def from_scores(cls, positive: np.ndarray, score: np.ndarray) -> ScoreCounts:
        """``positive``: a boolean per sample; ``score``: finite floats, higher = more positive.

        Two plain sorts (all scores, then the positives' scores) instead of an argsort: the
        distinct scores and their totals come from the first, the positives' counts are placed
        by a binary search of the second.
        """
        distinct, total = _distinct_counts(np.sort(score))
        pos = np.zeros(distinct.size, dtype=np.int64)
        pos_distinct, pos_total = _distinct_counts(np.sort(score[positive]))
        pos[np.searchsorted(distinct, pos_distinct)] = pos_total
        return cls(distinct[::-1].astype(np.float64), pos[::-1], (total - pos)[::-1])

    def merge(self, other: ScoreCounts) -> ScoreCounts:
        scores = np.concatenate([self.scores, other.scores])
        distinct, codes = np.unique(scores, return_inverse=True)
        size = distinct.size
        pos = np.bincount(codes, np.concatenate([self.positives, other.positives]), size)
        neg = np.bincount(codes, np.concatenate([self.negatives, other.negatives]), size)
        return ScoreCounts(distinct[::-1], pos[::-1].astype(np.int64), neg[::-1].astype(np.int64))

    @property
    def n_positive(self) -> int:
        return int(self.positives.sum())

    @property
    def n_negative(self) -> int:
        return int(self.negatives.sum())

    def _cumulative(self) -> tuple[np.ndarray, np.ndarray]:
        """True and false positives of predicting positive at each distinct score and above."""
        return np.cumsum(self.positives, dtype=np.float64), np.cumsum(
            self.negatives, dtype=np.float64
        )

    def roc_auc(self) -> float:
        """ROC AUC as ``roc_auc_score`` computes it; NaN with a single class."""
        return _roc_auc(*self._cumulative())

    def average_precision(self) -> float:
        """Average precision as ``average_precision_score`` computes it."""
        return _average_precision(*self._cumulative())

    def tie_bound(self) -> float:
        """Half the share of positive-negative pairs that share a score: how far ROC AUC can
        be from its value once the scores are untied (the error bound of binned scores)."""
        pairs = self.n_positive * self.n_negative
        if not pairs:
            return 0.0
        return float(np.dot(self.positives, self.negatives.astype(np.float64)) / pairs / 2)

    def ranking_metrics(self) -> tuple[float, float]:
        """``(roc_auc, average_precision)`` from one cumulative pass."""
        tps, fps = self._cumulative()
        return _roc_auc(tps, fps), _average_precision(tps, fps)

    def at(self, threshold: float) -> ThresholdPoint:
        """The confusion of predicting positive when ``score >= threshold``."""
        chosen = self.scores >= threshold
        tp, fp = int(self.positives[chosen].sum()), int(self.negatives[chosen].sum())
        return ThresholdPoint(float(threshold), tp, fp, self.n_positive - tp, self.n_negative - fp)

    def roc_curve(self) -> tuple[np.ndarray, np.ndarray]:
        """``(fpr, tpr)`` at every distinct score, from (0, 0): ``roc_curve``'s points with
        ``drop_intermediate=False``."""
        if not self.scores.size:
            return np.zeros(1), np.zeros(1)
        tps, fps = self._cumulative()
        return np.r_[0.0, fps / max(fps[-1], 1)], np.r_[0.0, tps / max(tps[-1], 1)]

    def precision_recall_curve(self) -> tuple[np.ndarray, np.ndarray]:
        """``(precision, recall)`` at every distinct score, highest threshold first
        (``precision_recall_curve`` lists them lowest first and appends recall 0)."""
        tps, fps = self._cumulative()
        recall = np.ones_like(tps) if tps[-1] == 0 else tps / tps[-1]
        return tps / (tps + fps), recall

    def _points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        tps = np.cumsum(self.positives)
        fps = np.cumsum(self.negatives)
        return self.scores, tps, fps

    def best_f1(self) -> ThresholdPoint:
        """The threshold (a distinct score) that maximises F1 of the positive class."""
        scores, tps, fps = self._points()
        f1 = 2 * tps / (tps + fps + self.n_positive)
        i = int(np.argmax(f1))
        return self.at(float(scores[i]))

    def best_youden(self) -> ThresholdPoint:
        """The threshold that maximises Youden's J = TPR - FPR."""
        scores, tps, fps = self._points()
        tpr = tps / max(self.n_positive, 1)
        fpr = fps / max(self.n_negative, 1)
        i = int(np.argmax(tpr - fpr))
        return self.at(float(scores[i]))


def _roc_auc(tps: np.ndarray, fps: np.ndarray) -> float:
    """The trapezoidal area under the ROC curve scikit-learn's ``roc_curve`` draws."""
    if tps.size == 0 or tps[-1] == 0 or fps[-1] == 0:
        return math.nan
    if fps.size > 2:  # roc_curve(drop_intermediate=True): drop collinear points
        keep = np.empty(fps.size, dtype=bool)
        keep[0] = keep[-1] = True
        np.logical_or(np.diff(fps, 2), np.diff(tps, 2), out=keep[1:-1])
        tps, fps = tps[keep], fps[keep]
    tps, fps = np.r_[0.0, tps], np.r_[0.0, fps]
    return float(np.trapezoid(tps / tps[-1], fps / fps[-1]))


def _average_precision(tps: np.ndarray, fps: np.ndarray) -> float:
    """Average precision as ``average_precision_score`` sums it over the precision steps."""
    precision = tps / (tps + fps)
    recall = np.ones_like(tps) if tps[-1] == 0 else tps / tps[-1]
    precision = np.r_[precision[::-1], 1.0]
    recall = np.r_[recall[::-1], 0.0]
    return float(max(0.0, -np.sum(np.diff(recall) * precision[:-1])))


def _distinct_counts(ordered: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of a sorted array and how often each occurs."""
    if ordered.size == 0:
        return ordered, np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return ordered[starts], np.diff(np.r_[starts, ordered.size]).astype(np.int64)


def binary_counts(positive: np.ndarray, score: np.ndarray) -> ScoreCounts:
    return ScoreCounts.from_scores(np.asarray(positive, dtype=bool), np.asarray(score, float))


@dataclass(frozen=True)
class OneVsRest:
    """Each column of a (n, k) score matrix ranked for its class against the rest: every
    one-vs-rest ROC AUC and average precision. Columns are counted one at a time and only
    their numbers are kept, so memory stays near one column; the pooled (micro) counts are
    built only when asked for."""

    roc_auc_per_class: np.ndarray
    average_precision_per_class: np.ndarray
    support: np.ndarray
    pooled: Callable[[], ScoreCounts] = field(repr=False, compare=False)
    curves: list[CurveSummary] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def from_counts(cls, per_class: Sequence[ScoreCounts]) -> OneVsRest:
        """From the ranking counts of each column (its class positive)."""

        def pooled() -> ScoreCounts:
            return functools.reduce(ScoreCounts.merge, per_class)

        return cls.from_curves([CurveSummary.from_counts(c) for c in per_class], pooled)

    @classmethod
    def from_curves(
        cls, curves: list[CurveSummary], pooled: Callable[[], ScoreCounts]
    ) -> OneVsRest:
        return cls(
            np.array([c.roc_auc for c in curves], dtype=np.float64),
            np.array([c.average_precision for c in curves], dtype=np.float64),
            np.array([c.n_positive for c in curves], dtype=np.float64),
            pooled,
            curves,
        )

    @classmethod
    def from_matrix(cls, codes: np.ndarray, scores: np.ndarray) -> OneVsRest:
        """``codes`` index the columns of ``scores``: sample i belongs to column codes[i]."""

        def column(c: int) -> CurveSummary:
            return CurveSummary.from_counts(binary_counts(codes == c, scores[:, c]))

        k = scores.shape[1]
        workers = min(k, os.cpu_count() or 1, MAX_COLUMN_THREADS)
        if workers > 1 and codes.size >= THREADED_SAMPLES:  # numpy's sorts release the GIL
            with ThreadPoolExecutor(workers) as pool:
                found = list(pool.map(column, range(k)))
        else:
            found = [column(c) for c in range(k)]

        def pooled() -> ScoreCounts:
            onehot = np.zeros(scores.shape, dtype=bool)
            onehot[np.arange(codes.size), codes] = True
            return binary_counts(onehot.ravel(), scores.ravel())

        return cls.from_curves(found, pooled)

    def roc_auc(self, average: str | None) -> float | list[float]:
        """``roc_auc_score(..., multi_class='ovr', average=average)``."""
        if average == "micro":
            return self.pooled().roc_auc()
        return _averaged(self.roc_auc_per_class, self.support, average)

    def average_precision(self, average: str | None) -> float | list[float]:
        """``average_precision_score`` of the one-hot truth against the matrix."""
        if average == "micro":
            return self.pooled().average_precision()
        return _averaged(self.average_precision_per_class, self.support, average)


def _averaged(per_class: np.ndarray, support: np.ndarray, average: str | None) -> Any:
    """Per-class values averaged as scikit-learn's ``_average_binary_score`` does."""
    if average is None:
        return per_class.tolist()
    if average == "weighted":
        if support.sum() == 0:
            return 0.0
        values = np.where(support == 0, 0.0, per_class)
        return float(np.average(values, weights=support))
    return float(np.mean(per_class))


def ovo_auc(codes: np.ndarray, scores: np.ndarray, average: str | None) -> float:
    """One-vs-one ROC AUC (Hand & Till), as scikit-learn's ``multi_class='ovo'``."""
    present = np.unique(codes)
    pair_scores, prevalence = [], []
    for a, b in combinations(present, 2):
        mask = (codes == a) | (codes == b)
        a_auc = binary_counts(codes[mask] == a, scores[mask, a]).roc_auc()
        b_auc = binary_counts(codes[mask] == b, scores[mask, b]).roc_auc()
        pair_scores.append((a_auc + b_auc) / 2)
        prevalence.append(np.average(mask))
    weights = prevalence if average == "weighted" else None
    return float(np.average(pair_scores, weights=weights))


def _probability_matrix(proba: np.ndarray) -> np.ndarray:
    """(n, k) probabilities in the dtype scikit-learn computes in (floats keep their
    precision, anything else becomes float64); a 1-D binary score becomes [1 - p, p]."""
    dtype = proba.dtype if proba.dtype.kind == "f" else np.float64
    matrix = np.asarray(proba, dtype=dtype)
    matrix = matrix[:, None] if matrix.ndim == 1 else matrix
    if matrix.shape[1] == 1:
        matrix = np.concatenate([1 - matrix, matrix], axis=1)
    return matrix


def log_loss(codes: np.ndarray, proba: np.ndarray) -> float:
    """Log loss as ``sklearn.metrics.log_loss`` computes it: ``codes`` index the columns;
    values are clipped to [eps, 1 - eps] with the eps of their dtype."""
    matrix = _probability_matrix(proba)
    eps = np.finfo(matrix.dtype).eps
    chosen = np.clip(matrix[np.arange(codes.size), codes], eps, 1 - eps)
    return float(np.average(-np.log(chosen)))


def brier_score(codes: np.ndarray, proba: np.ndarray) -> float:
    """Brier score as ``sklearn.metrics.brier_score_loss`` computes it (halved for one or two
    columns, its ``scale_by_half='auto'``)."""
    matrix = _probability_matrix(proba)
    onehot = np.zeros_like(matrix)
    onehot[np.arange(codes.size), codes] = 1
    score = float(np.average(np.sum((onehot - matrix) ** 2, axis=1)))
    return 0.5 * score if matrix.shape[1] < 3 else score


def indicator_score(
    truth: np.ndarray, scores: np.ndarray, metric: str, average: str | None
) -> float | list[float]:
    """ROC AUC or average precision of indicator targets (n, L), one binary problem per column
    (per row for ``average='samples'``), averaged as scikit-learn's ``_average_binary_score``."""
    truth = truth.astype(bool)

    def binary(t: np.ndarray, s: np.ndarray) -> float:
        counts = binary_counts(t, s)
        return counts.roc_auc() if metric == "roc_auc" else counts.average_precision()

    if average == "micro":
        return binary(truth.ravel(), scores.ravel())
    if average == "samples":
        return float(np.mean([binary(t, s) for t, s in zip(truth, scores)]))
    per_label = np.array([binary(truth[:, j], scores[:, j]) for j in range(truth.shape[1])])
    if average is None:
        return per_label.tolist()
    if average == "weighted":
        weights = truth.sum(axis=0).astype(np.float64)
        if weights.sum() == 0:
            return 0.0
        per_label[weights == 0] = 0
        return float(np.average(per_label, weights=weights))
    return float(np.mean(per_label))
