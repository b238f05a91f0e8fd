"""Paired tests of two models scored on the same samples, and DeLong's AUC variance.

- McNemar's exact test for accuracy: only the samples the two models disagree on count;
  under no difference each is equally likely to favour either model (a binomial test).
- A paired bootstrap for any label metric: samples are resampled with their true label and
  both predictions together, so the difference keeps the pairing.
- DeLong's test for ROC AUC, with the fast structural components of Sun and Xu (2014).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .batched import metric_values

Z_95 = 1.959963984540054


@dataclass(frozen=True)
class PairedResult:
    """A comparison of one metric: base and candidate values, the difference (candidate minus
    base), its 95% interval and the p-value of the test."""

    metric: str
    test: str
    base: float
    candidate: float
    difference: float
    low: float
    high: float
    p_value: float
    detail: str

    def verdict(self, alpha: float) -> str:
        if not self.p_value < alpha:
            return "no significant difference"
        return "better" if self.difference > 0 else "worse"


def mcnemar_exact(
    base_correct: np.ndarray, candidate_correct: np.ndarray
) -> tuple[int, int, float]:
    """(base right and candidate wrong, base wrong and candidate right, two-sided p-value)."""
    from scipy.stats import binomtest

    lost = int(np.count_nonzero(base_correct & ~candidate_correct))
    gained = int(np.count_nonzero(~base_correct & candidate_correct))
    if lost + gained == 0:
        return lost, gained, 1.0
    return lost, gained, float(binomtest(min(lost, gained), lost + gained, 0.5).pvalue)


def paired_accuracy(t: np.ndarray, base: np.ndarray, candidate: np.ndarray) -> PairedResult:
    """Accuracy difference: McNemar's exact p-value, and the Wald interval of a paired
    difference of proportions (only the samples the models disagree on move it)."""
    base_correct, candidate_correct = base == t, candidate == t
    lost, gained, p = mcnemar_exact(base_correct, candidate_correct)
    n = t.size
    difference = (gained - lost) / n
    spread = math.sqrt(max((gained + lost) / n - difference**2, 0.0) / n)
    return PairedResult(
        metric="accuracy",
        test="McNemar exact",
        base=float(base_correct.mean()),
        candidate=float(candidate_correct.mean()),
        difference=difference,
        low=difference - Z_95 * spread,
        high=difference + Z_95 * spread,
        p_value=p,
        detail=f"{gained} sample{'' if gained == 1 else 's'} only the candidate gets right, "
        f"{lost} only the base",
    )


def paired_bootstrap(
    t: np.ndarray,
    base: np.ndarray,
    candidate: np.ndarray,
    metric: str,
    average: str,
    positive: int | None,
    k: int,
    resamples: int = 2000,
    seed: int = 0,
) -> PairedResult:
    """A label metric's difference by the paired bootstrap. ``t``, ``base`` and ``candidate``
    are class indices in 0..k-1. The interval is the percentile interval of the resampled
    differences; the p-value is twice the smaller share of resamples on either side of 0."""
    joint = (t.astype(np.int64) * k + base) * k + candidate
    cells, counts = np.unique(joint, return_counts=True)
    rng = np.random.default_rng(seed)
    drawn = rng.multinomial(int(counts.sum()), counts / counts.sum(), size=resamples)
    true_of, rest = np.divmod(cells, k * k)
    base_of, candidate_of = np.divmod(rest, k)

    def matrices(pred_of: np.ndarray, weights: np.ndarray) -> np.ndarray:
        flat = true_of * k + pred_of
        out = np.zeros((weights.shape[0], k * k), dtype=np.int64)
        np.add.at(out, (slice(None), flat), weights)  # a (true, pred) cell recurs across triples
        return out.reshape(-1, k, k)

    observed = counts[None, :]
    base_value, candidate_value = (
        float(metric_values(matrices(p, observed), metric, average, positive)[0])
        for p in (base_of, candidate_of)
    )
    differences = metric_values(
        matrices(candidate_of, drawn), metric, average, positive
    ) - metric_values(matrices(base_of, drawn), metric, average, positive)
    low, high = np.quantile(differences, [0.025, 0.975])
    below = (np.count_nonzero(differences <= 0) + 1) / (resamples + 1)
    above = (np.count_nonzero(differences >= 0) + 1) / (resamples + 1)
    identical = not np.any(base != candidate)
    return PairedResult(
        metric=metric
        if metric in ("accuracy", "balanced_accuracy", "mcc")
        else f"{metric} ({average})",
        test="paired bootstrap",
        base=base_value,
        candidate=candidate_value,
        difference=candidate_value - base_value,
        low=float(low),
        high=float(high),
        p_value=1.0 if identical else float(min(1.0, 2 * min(below, above))),
        detail=f"{resamples} resamples, seed {seed}",
    )


def _midranks(x: np.ndarray) -> np.ndarray:
    from scipy.stats import rankdata

    return rankdata(x, axis=-1)


def delong(y_true: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """AUCs of each row of ``scores`` (shape (m, n)) for binary ``y_true`` (True: positive),
    and their DeLong covariance matrix (m, m)."""
    scores = np.atleast_2d(np.asarray(scores, dtype=np.float64))
    positive = np.asarray(y_true, dtype=bool)
    pos, neg = scores[:, positive], scores[:, ~positive]
    n_pos, n_neg = pos.shape[1], neg.shape[1]
    rank_pos, rank_neg = _midranks(pos), _midranks(neg)
    rank_all = _midranks(np.concatenate([pos, neg], axis=1))
    aucs = (rank_all[:, :n_pos].sum(axis=1) / n_pos - (n_pos + 1) / 2) / n_neg
    v_pos = (rank_all[:, :n_pos] - rank_pos) / n_neg  # share of negatives below each positive
    v_neg = 1.0 - (rank_all[:, n_pos:] - rank_neg) / n_pos
    s_pos = np.atleast_2d(np.cov(v_pos)) if n_pos > 1 else np.zeros((len(aucs),) * 2)
    s_neg = np.atleast_2d(np.cov(v_neg)) if n_neg > 1 else np.zeros((len(aucs),) * 2)
    return aucs, s_pos / n_pos + s_neg / n_neg


def paired_auc(y_true: np.ndarray, base: np.ndarray, candidate: np.ndarray) -> PairedResult:
    """DeLong's test of two correlated ROC AUCs (two-sided, normal)."""
    from scipy.stats import norm

    aucs, cov = delong(y_true, np.vstack([base, candidate]))
    difference = float(aucs[1] - aucs[0])
    variance = float(cov[0, 0] + cov[1, 1] - 2 * cov[0, 1])
    spread = math.sqrt(max(variance, 0.0))
    if spread == 0:
        p = 1.0 if difference == 0 else 0.0
    else:
        p = float(2 * norm.sf(abs(difference) / spread))
    return PairedResult(
        metric="roc_auc",
        test="DeLong",
        base=float(aucs[0]),
        candidate=float(aucs[1]),
        difference=difference,
        low=difference - Z_95 * spread,
        high=difference + Z_95 * spread,
        p_value=p,
        detail=f"z = {difference / spread:.2f}" if spread else "no variance",
    )
