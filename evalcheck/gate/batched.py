"""Label metrics of many confusion matrices at once, for bootstrap resamples.

``matrices`` has shape (B, k, k): ``matrices[b, i, j]`` counts samples of true class i
predicted as j. Each function returns B values equal to scikit-learn's on the data each
matrix counts (``zero_division`` as a number: scikit-learn's "warn" gives 0).
"""

from __future__ import annotations

import numpy as np

LABEL_METRICS = ("accuracy", "balanced_accuracy", "precision", "recall", "f1", "mcc")
AVERAGES = ("binary", "micro", "macro", "weighted")


def _divide(numerator: np.ndarray, denominator: np.ndarray, zero_division: float) -> np.ndarray:
    out = np.full(np.broadcast(numerator, denominator).shape, zero_division, dtype=np.float64)
    np.divide(numerator, denominator, out=out, where=denominator != 0)
    return out


def _per_class(metric: str, tp: np.ndarray, pred: np.ndarray, true: np.ndarray, zd: float):
    if metric == "precision":
        return _divide(tp, pred, zd)
    if metric == "recall":
        return _divide(tp, true, zd)
    return _divide(2 * tp, pred + true, zd)  # f1 = 2tp / (2tp + fp + fn)


def metric_values(
    matrices: np.ndarray,
    metric: str,
    average: str = "binary",
    positive: int | None = None,
    zero_division: float = 0.0,
) -> np.ndarray:
    """``metric`` of each matrix; ``positive`` is the index of pos_label for ``binary``."""
    m = np.asarray(matrices, dtype=np.float64)
    tp = np.diagonal(m, axis1=1, axis2=2)
    true = m.sum(axis=2)
    pred = m.sum(axis=1)
    n = m.sum(axis=(1, 2))
    if metric == "accuracy":
        return _divide(tp.sum(axis=1), n, np.nan)
    if metric == "balanced_accuracy":
        recall = _divide(tp, true, np.nan)
        present = true > 0
        counted = present.sum(axis=1)
        total = np.where(present, recall, 0.0).sum(axis=1)
        return _divide(total, counted, np.nan)
    if metric == "mcc":
        cov_tp = tp.sum(axis=1) * n - np.einsum("bk,bk->b", true, pred)
        cov_pp = n**2 - np.einsum("bk,bk->b", pred, pred)
        cov_tt = n**2 - np.einsum("bk,bk->b", true, true)
        product = cov_pp * cov_tt
        return _divide(cov_tp, np.sqrt(product), 0.0)
    if metric not in ("precision", "recall", "f1"):
        raise ValueError(f"unknown label metric {metric!r}")
    if average == "binary":
        if positive is None:
            raise ValueError("average='binary' needs the index of the positive class")
        tp, pred, true = tp[:, positive], pred[:, positive], true[:, positive]
        return _per_class(metric, tp, pred, true, zero_division)
    if average == "micro":
        return _per_class(metric, tp.sum(1), pred.sum(1), true.sum(1), zero_division)
    scores = _per_class(metric, tp, pred, true, zero_division)
    if average == "macro":  # over the classes the data holds, as scikit-learn's labels are
        present = (true + pred) > 0
        return _divide(np.where(present, scores, 0.0).sum(axis=1), present.sum(axis=1), 0.0)
    if average == "weighted":
        weight = true.sum(axis=1)
        return _divide((scores * true).sum(axis=1), weight, 0.0)
    raise ValueError(f"unknown average {average!r}")


def resample_matrices(
    cells: np.ndarray, counts: np.ndarray, k: int, resamples: int, rng: np.random.Generator
) -> np.ndarray:
    """Bootstrap confusion matrices: ``n`` samples drawn with replacement are a multinomial
    draw over the occupied (true, predicted) cells, so a resample costs O(cells), not O(n).

    ``cells`` are flat indices ``i * k + j`` of the occupied cells, ``counts`` their counts.
    """
    n = int(counts.sum())
    drawn = rng.multinomial(n, counts / n, size=resamples)
    matrices = np.zeros((resamples, k * k), dtype=np.int64)
    matrices[:, cells] = drawn
    return matrices.reshape(resamples, k, k)
