"""Every number derived from the confusion matrix, equal to scikit-learn's.

The formulas follow ``sklearn.metrics._classification`` term by term (the same divisions in
the same order), so results agree to floating-point rounding, not just approximately.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from .call import PRFS, MetricCall
from .stats.labels import ConfusionStats
from .stats.scores import indicator_score

if TYPE_CHECKING:
    from .facts import Context

AVERAGED = ("precision", "recall", "f1")


def zero_division_value(zero_division: Any) -> float:
    """The value a 0/0 term takes: 0 for scikit-learn's default ``'warn'``."""
    return 0.0 if zero_division == "warn" else float(zero_division)


def prf_divide(numerator: np.ndarray, denominator: np.ndarray, zero_division: Any) -> np.ndarray:
    """``numerator / denominator`` with 0/0 replaced as scikit-learn's ``_prf_divide`` does."""
    denominator = np.asarray(denominator, dtype=np.float64)
    mask = denominator == 0
    safe = np.where(mask, 1.0, denominator)
    result = np.asarray(numerator, dtype=np.float64) / safe
    result[mask] = zero_division_value(zero_division)
    return result


def nanaverage(values: np.ndarray, weights: np.ndarray | None = None) -> float:
    """Average ignoring NaN terms; unweighted when all weights are zero (as scikit-learn)."""
    if values.size == 0:
        return math.nan
    keep = ~np.isnan(values)
    if not keep.any():
        return math.nan
    if weights is None:
        return float(np.nanmean(values))
    kept, kept_weights = values[keep], np.asarray(weights)[keep]
    if kept_weights.sum() == 0:
        return float(np.average(kept))
    return float(np.average(kept, weights=kept_weights))


@dataclass(frozen=True)
class ClassCounts:
    """Per-class true positives, support (true) and predicted counts."""

    tp: np.ndarray
    true: np.ndarray
    pred: np.ndarray

    @classmethod
    def of(cls, stats: ConfusionStats, indices: np.ndarray | None = None) -> ClassCounts:
        tp, true, pred = stats.true_positives, stats.true_counts, stats.pred_counts
        if indices is not None:
            tp, true, pred = tp[indices], true[indices], pred[indices]
        return cls(tp, true, pred)

    def summed(self) -> ClassCounts:
        """Micro-averaging: one pooled class."""
        return ClassCounts(
            np.array([self.tp.sum()]), np.array([self.true.sum()]), np.array([self.pred.sum()])
        )

    def precision(self, zero_division: Any = "warn") -> np.ndarray:
        return prf_divide(self.tp, self.pred, zero_division)

    def recall(self, zero_division: Any = "warn") -> np.ndarray:
        return prf_divide(self.tp, self.true, zero_division)

    def fbeta(self, beta: float = 1.0, zero_division: Any = "warn") -> np.ndarray:
        if beta == 0:  # scikit-learn returns precision (and recall for beta=inf)
            return self.precision(zero_division)
        if math.isinf(beta):
            return self.recall(zero_division)
        beta2 = beta**2
        denom = beta2 * self.true.astype(np.float64) + self.pred.astype(np.float64)
        return prf_divide((1 + beta2) * self.tp.astype(np.float64), denom, zero_division)

    def jaccard(self, zero_division: Any = "warn") -> np.ndarray:
        return prf_divide(self.tp, self.true + self.pred - self.tp, zero_division)

    def score(self, metric: str, zero_division: Any = "warn", beta: float = 1.0) -> np.ndarray:
        """Per-class values of ``precision``, ``recall``, ``f1``, ``fbeta`` or ``jaccard``."""
        if metric == "f1":
            return self.fbeta(1.0, zero_division)
        if metric in ("fbeta", PRFS):  # the tuple's F-score stands for it
            return self.fbeta(beta, zero_division)
        if metric == "precision":
            return self.precision(zero_division)
        if metric == "recall":
            return self.recall(zero_division)
        if metric == "jaccard":
            return self.jaccard(zero_division)
        raise ValueError(f"no per-class score for metric {metric!r}")


def average_scores(
    counts: ClassCounts,
    metric: str,
    average: str | None,
    zero_division: Any,
    beta: float = 1.0,
) -> Any:
    """One metric under one average, as ``precision_recall_fscore_support`` computes it."""
    if average == "micro":
        return float(counts.summed().score(metric, zero_division, beta)[0])
    per_class = counts.score(metric, zero_division, beta)
    if average is None:
        return per_class
    weights = counts.true if average == "weighted" else None
    return nanaverage(per_class, weights)


def accuracy(stats: ConfusionStats) -> float:
    n = stats.n_samples
    return float(np.trace(stats.matrix) / n) if n else math.nan


def balanced_accuracy(stats: ConfusionStats) -> float:
    """Mean recall over classes present in y_true."""
    support = stats.true_counts
    present = support > 0
    if not present.any():
        return math.nan
    return float(np.mean(stats.true_positives[present] / support[present]))


def matthews_corrcoef(stats: ConfusionStats) -> float:
    t_sum = stats.matrix.sum(axis=1, dtype=np.float64)
    p_sum = stats.matrix.sum(axis=0, dtype=np.float64)
    n_correct = np.trace(stats.matrix, dtype=np.float64)
    n_samples = p_sum.sum()
    cov_ytyp = n_correct * n_samples - np.dot(t_sum, p_sum)
    cov_ypyp = n_samples**2 - np.dot(p_sum, p_sum)
    cov_ytyt = n_samples**2 - np.dot(t_sum, t_sum)
    product = cov_ypyp * cov_ytyt
    return 0.0 if product == 0 else float(cov_ytyp / np.sqrt(product))


def cohen_kappa(stats: ConfusionStats) -> float:
    confusion = stats.matrix.astype(np.float64)
    sum0, sum1 = confusion.sum(axis=0), confusion.sum(axis=1)
    total = sum0.sum()
    if total == 0:
        return math.nan
    expected = np.outer(sum0, sum1) / total
    off_diagonal = np.ones_like(confusion)
    np.fill_diagonal(off_diagonal, 0)
    denominator = np.sum(off_diagonal * expected)
    if denominator == 0:
        return math.nan
    return float(1 - np.sum(off_diagonal * confusion) / denominator)


def majority(stats: ConfusionStats) -> tuple[Any, float]:
    """The most frequent true class and the accuracy of always predicting it."""
    support = stats.true_counts
    if stats.n_samples == 0:
        return None, math.nan
    top = int(np.argmax(support))
    return stats.classes[top], float(support[top] / stats.n_samples)


def label_indices(stats: ConfusionStats, labels: tuple[Any, ...] | None) -> np.ndarray | None:
    """Positions of ``labels`` in ``stats.classes`` (None: all classes)."""
    if labels is None:
        return None
    return np.array([stats.index(label) for label in labels], dtype=np.intp)


def assemble(ctx: Context) -> dict[str, Any]:
    """Every number of ``report.metrics``: label metrics, score metrics and the user's call."""
    from .facts import Unavailable, label_problem

    try:
        if ctx.task == "multilabel":
            metrics = _multilabel_metrics(ctx)
        elif ctx.evaluation.y_pred.given:
            metrics = label_metrics(ctx.stats, ctx.call)
        else:
            metrics = {"n_samples": ctx.truth.n_samples}
    except Unavailable:  # predictions that are not labels: the user's call may still have a value
        y_true = ctx.evaluation.y_true
        if label_problem(y_true) and not y_true.is_indicator:
            raise  # nothing to measure at all
        metrics = {"n_samples": y_true.n_samples}
    metrics.update(score_metrics(ctx))
    metrics["requested"] = ctx.requested.as_dict(ctx.call)
    return metrics


def label_metrics(stats: ConfusionStats, call: MetricCall) -> dict[str, Any]:
    """Per-class, averaged and overall numbers of a confusion matrix."""
    stats = stats.with_classes(call.labels or ())
    counts = ClassCounts.of(stats)
    zero_division = call.zero_division
    per_class_scores = {m: counts.score(m, zero_division) for m in AVERAGED}
    majority_class, baseline = majority(stats)
    averages = {
        average: {m: average_scores(counts, m, average, zero_division) for m in AVERAGED}
        for average in ("macro", "micro", "weighted")
    }
    n = stats.n_samples
    return {
        "n_samples": n,
        "n_classes": stats.n_classes,
        "intervals": {"accuracy": list(wilson_interval(int(np.trace(stats.matrix)), n))},
        "accuracy": accuracy(stats),
        "balanced_accuracy": balanced_accuracy(stats),
        "mcc": matthews_corrcoef(stats),
        "cohen_kappa": cohen_kappa(stats),
        "majority_class": _label_text(majority_class),
        "majority_baseline": baseline,
        **averages,
        "per_class": [
            {
                "class": _label_text(label),
                "support": int(counts.true[i]),
                "predicted": int(counts.pred[i]),
                **{m: float(per_class_scores[m][i]) for m in AVERAGED},
                "recall_interval": list(wilson_interval(int(counts.tp[i]), int(counts.true[i]))),
                "precision_interval": list(wilson_interval(int(counts.tp[i]), int(counts.pred[i]))),
            }
            for i, label in enumerate(stats.classes)
        ],
    }


def score_metrics(ctx: Context) -> dict[str, Any]:
    """ROC AUC and average precision as their scikit-learn functions compute them by default
    (one-vs-one AUC only when the call asks for it)."""
    from .facts import Unavailable

    y_true = ctx.evaluation.y_true
    try:
        scores = ctx.scores
        if y_true.is_indicator:  # per label, macro-averaged (roc_auc_score's default)
            if scores.values.shape != y_true.shape:
                return {}
            return {
                metric: indicator_score(y_true.values, scores.values, metric, "macro")
                for metric in ("roc_auc", "average_precision")
            }
        truth = ctx.truth
    except Unavailable:
        return {}
    try:
        counts = ctx.ranking.counts
    except Unavailable:
        counts = None
    if counts is not None:
        call = ctx.call
        precision_counts = counts
        if call.metric in ("average_precision", "brier") and call.pos_label is not None:
            precision_counts = ctx.ranked_for(call.pos_label)  # the class the score is for
        return {
            "roc_auc": counts.roc_auc(),
            "average_precision": precision_counts.average_precision(),
        }
    width = scores.width
    if width != len(truth.classes) or width <= 2:
        return {}
    if not scores.rows_allclose:
        return {}  # not probabilities: roc_auc_score raises, so there is no headline AUC
    lookup = np.arange(width)
    one_vs_rest = ctx.one_vs_rest(lookup)
    if ctx.call.multi_class == "ovo":
        auc = {"roc_auc_ovo": scores.ovo_auc(lookup, "macro")}
    else:
        auc = {"roc_auc_ovr": one_vs_rest.roc_auc("macro")}
    return auc | {"average_precision": one_vs_rest.average_precision("macro")}


def _multilabel_metrics(ctx: Context) -> dict[str, Any]:
    ml, zero_division = ctx.multilabel, ctx.call.zero_division
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
    return metrics


def _label_text(label: Any) -> str | None:
    return None if label is None else str(label)


Z_95 = 1.959963984540054  # two-sided 95% normal quantile


def wilson_interval(successes: int, n: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson score interval for a proportion; (nan, nan) without trials."""
    if n == 0:
        return math.nan, math.nan
    p = successes / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)
