"""Multilabel indicator targets: per-label counts and per-sample sums, mergeable.

Per-label true positives, false positives and false negatives give every per-label and
micro/macro/weighted metric; per-sample sums (with the count of samples where the term is
0/0) give the ``average='samples'`` metrics under each ``zero_division`` choice.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..metrics import ClassCounts, average_scores, zero_division_value


@dataclass(frozen=True)
class MultilabelStats:
    """Sufficient statistics of two (n, L) 0/1 indicator matrices."""

    tp: np.ndarray
    fp: np.ndarray
    fn: np.ndarray
    n_samples: int
    exact_matches: int
    # metric -> (sum of the defined per-sample values, number of 0/0 samples)
    sample_sums: dict[str, tuple[float, int]] = field(default_factory=dict)

    @classmethod
    def from_indicators(
        cls, y_true: np.ndarray, y_pred: np.ndarray, beta: float = 1.0
    ) -> MultilabelStats:
        """Statistics of two indicator matrices; ``beta`` is the F-score's for ``fbeta``."""
        t, p = y_true.astype(bool), y_pred.astype(bool)
        both = t & p
        inter = both.sum(axis=1)
        n_true, n_pred = t.sum(axis=1), p.sum(axis=1)
        denominators = {
            "precision": (inter, n_pred),
            "recall": (inter, n_true),
            "f1": (2 * inter, n_true + n_pred),
            "fbeta": ((1 + beta**2) * inter, beta**2 * n_true + n_pred),
            "jaccard": (inter, n_true + n_pred - inter),
        }
        sums = {}
        for name, (num, den) in denominators.items():
            defined = den > 0
            sums[name] = (float(np.sum(num[defined] / den[defined])), int((~defined).sum()))
        tp = both.sum(axis=0).astype(np.int64)
        return cls(
            tp=tp,
            fp=(p.sum(axis=0) - tp).astype(np.int64),
            fn=(t.sum(axis=0) - tp).astype(np.int64),
            n_samples=int(t.shape[0]),
            exact_matches=int((t == p).all(axis=1).sum()),
            sample_sums=sums,
        )

    def merge(self, other: MultilabelStats) -> MultilabelStats:
        return MultilabelStats(
            tp=self.tp + other.tp,
            fp=self.fp + other.fp,
            fn=self.fn + other.fn,
            n_samples=self.n_samples + other.n_samples,
            exact_matches=self.exact_matches + other.exact_matches,
            sample_sums={
                k: (
                    self.sample_sums[k][0] + other.sample_sums[k][0],
                    self.sample_sums[k][1] + other.sample_sums[k][1],
                )
                for k in self.sample_sums
            },
        )

    @property
    def n_labels(self) -> int:
        return int(self.tp.size)

    @property
    def counts(self) -> ClassCounts:
        """Per-label counts in the single-label ClassCounts form."""
        return ClassCounts(self.tp, self.tp + self.fn, self.tp + self.fp)

    @property
    def subset_accuracy(self) -> float:
        """Exact-match accuracy: ``accuracy_score`` on indicator matrices."""
        return self.exact_matches / self.n_samples if self.n_samples else math.nan

    @property
    def hamming_loss(self) -> float:
        cells = self.n_samples * self.n_labels
        return float((self.fp.sum() + self.fn.sum()) / cells) if cells else math.nan

    @property
    def label_accuracy(self) -> float:
        """Per-label (element-wise) accuracy: 1 - Hamming loss."""
        return 1.0 - self.hamming_loss

    def samples_average(self, metric: str, zero_division: Any = "warn") -> float:
        """``average='samples'``: the mean over samples, 0/0 samples per ``zero_division``."""
        total, undefined = self.sample_sums[metric]
        if isinstance(zero_division, float) and math.isnan(zero_division):
            defined = self.n_samples - undefined
            return total / defined if defined else math.nan
        return (total + undefined * zero_division_value(zero_division)) / self.n_samples

    def score(
        self, metric: str, average: str | None, zero_division: Any = "warn", beta: float = 1.0
    ) -> Any:
        if average == "samples":
            return self.samples_average(metric, zero_division)
        value = average_scores(self.counts, metric, average, zero_division, beta)
        return [float(v) for v in value] if average is None else value
