"""What the report draws of one ranking problem, summarised from its counts in the same pass
that computes ROC AUC and average precision: the ROC and precision-recall curves thinned to a
few hundred points, the score distribution of each side as shares, and the reliability bins.

The bins are sums (samples, score sums, positives), so bins of several columns add up: the
pooled reliability of a probability matrix is the sum of its columns' bins.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .scores import ScoreCounts

CURVE_POINTS = 200
DISTRIBUTION_BINS = 20
CALIBRATION_BINS = 10
_CALIBRATION_EDGES = np.linspace(0.0, 1.0, CALIBRATION_BINS + 1)
MAX_TOP_LABEL_WIDTH = 100  # top-label bins keep (bins x columns) per class: up to this width


def calibration_bin(values: np.ndarray) -> np.ndarray:
    """The reliability bin of each probability, as ``calibration_curve`` assigns it."""
    return np.searchsorted(_CALIBRATION_EDGES[1:-1], values)


def top_label_table(values: np.ndarray) -> np.ndarray:
    """(2, bins, width) of a probability matrix's rows: per bin of the row's largest
    probability and per column holding it, the rows and the sum of that probability; the
    mergeable statistics of top-label (confidence) calibration."""
    top = values.argmax(axis=1)
    confidence = values[np.arange(values.shape[0]), top]
    width = values.shape[1]
    cells = calibration_bin(confidence) * width + top
    size = CALIBRATION_BINS * width
    table = np.stack(
        [np.bincount(cells, minlength=size), np.bincount(cells, confidence, minlength=size)]
    )
    return table.astype(np.float64).reshape(2, CALIBRATION_BINS, width)


@dataclass(frozen=True)
class Calibration:
    """Reliability bins of a probability: per bin, its samples, the sum of their scores and
    how many are positive (binned as ``sklearn.calibration.calibration_curve`` bins)."""

    samples: np.ndarray
    score_sums: np.ndarray
    positives: np.ndarray

    @classmethod
    def from_counts(cls, counts: ScoreCounts) -> Calibration:
        tps = np.cumsum(counts.positives, dtype=np.float64)
        return cls._from_cumulative(counts, tps, np.cumsum(counts.negatives, dtype=np.float64))

    @classmethod
    def _from_cumulative(cls, counts: ScoreCounts, tps: np.ndarray, fps: np.ndarray) -> Calibration:
        """From the cumulative positives and negatives over the descending scores: each bin
        (lo, hi] is a run of them, found by binary search (the first bin also takes lo).
        Score sums are summed per run, pairwise, with no array as long as the scores."""
        inner = _CALIBRATION_EDGES[1:-1]
        above = np.searchsorted(-counts.scores, -inner, side="left")  # scores > each edge
        ends = np.r_[counts.scores.size, above]  # bin b ends after `ends[b]` scores, from top
        starts = np.r_[ends[1:], 0]
        sums = [
            _weighted_sum(counts.positives[a:b], counts.scores[a:b])
            + _weighted_sum(counts.negatives[a:b], counts.scores[a:b])
            for a, b in zip(starts, ends)
        ]
        positives = _runs(tps, ends)
        return cls(positives + _runs(fps, ends), np.array(sums, dtype=np.float64), positives)

    @classmethod
    def top_label(cls, tables: list[np.ndarray], correct: list[int]) -> Calibration:
        """Top-label bins from each true class's ``top_label_table`` and the column that is
        right for it: a row is positive when its largest probability is its class's."""
        samples = sum(t[0].sum(axis=1) for t in tables)
        sums = sum(t[1].sum(axis=1) for t in tables)
        hits = sum(t[0][:, c] for t, c in zip(tables, correct))
        return cls(
            np.asarray(samples, np.float64),
            np.asarray(sums, np.float64),
            np.asarray(hits, np.float64),
        )

    def __add__(self, other: Calibration) -> Calibration:
        return Calibration(
            self.samples + other.samples,
            self.score_sums + other.score_sums,
            self.positives + other.positives,
        )

    def curve(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(samples, mean score, share positive)`` of the non-empty bins."""
        kept = self.samples > 0
        samples = self.samples[kept]
        return samples, self.score_sums[kept] / samples, self.positives[kept] / samples

    def expected_error(self) -> float | None:
        """Expected calibration error: the bins' |share positive - mean score|, weighted by
        their share of the samples."""
        samples, mean, share = self.curve()
        total = samples.sum()
        return float(np.sum(samples / total * np.abs(share - mean))) if total else None


@dataclass(frozen=True)
class CurveSummary:
    """One column ranked for its class (or one label, or the positive class)."""

    roc_auc: float
    average_precision: float
    n_positive: int
    n_negative: int
    fpr: np.ndarray
    tpr: np.ndarray
    recall: np.ndarray
    precision: np.ndarray
    edges: np.ndarray
    positive_share: np.ndarray
    negative_share: np.ndarray
    calibration: Calibration | None  # None unless every score is in [0, 1]

    @classmethod
    def from_counts(cls, counts: ScoreCounts) -> CurveSummary:
        """One pass of cumulative sums; the curves are read at CURVE_POINTS positions and
        the bins by binary search of the sorted scores."""
        from .scores import _average_precision, _roc_auc

        scores = counts.scores
        if not scores.size:
            nan, zero, empty = float("nan"), np.zeros(1), np.zeros(0)
            return cls(nan, nan, 0, 0, zero, zero, zero, zero, np.r_[0.0, 1.0], empty, empty, None)
        tps = np.cumsum(counts.positives, dtype=np.float64)
        fps = np.cumsum(counts.negatives, dtype=np.float64)
        positives, negatives = tps[-1], fps[-1]
        at = thin(scores.size)
        fpr = np.r_[0.0, fps[at] / max(negatives, 1)]
        tpr = np.r_[0.0, tps[at] / max(positives, 1)]
        precision = tps[at] / (tps[at] + fps[at])
        recall = np.ones(at.size) if positives == 0 else tps[at] / positives
        low, high = float(scores[-1]), float(scores[0])
        in_unit = low >= 0 and high <= 1
        if in_unit and high - low > 0.2:
            low, high = 0.0, 1.0  # probabilities read on their own scale
        if low == high:
            low, high = low - 0.5, high + 0.5
        edges = np.linspace(low, high, DISTRIBUTION_BINS + 1)
        # np.histogram's bins [a, b), the last [a, b]: runs of the descending scores
        at_least = np.searchsorted(-scores, -edges[1:-1], side="right")
        ends = np.r_[scores.size, at_least]
        return cls(
            roc_auc=_roc_auc(tps, fps),
            average_precision=_average_precision(tps, fps),
            n_positive=int(positives),
            n_negative=int(negatives),
            fpr=fpr,
            tpr=tpr,
            recall=np.r_[0.0, recall],
            precision=np.r_[precision[0], precision],
            edges=edges,
            positive_share=_shares(_runs(tps, ends)),
            negative_share=_shares(_runs(fps, ends)),
            calibration=Calibration._from_cumulative(counts, tps, fps) if in_unit else None,
        )

    def distribution(self, name: str) -> dict[str, Any]:
        """The two distributions as the chart data keeps them (plain lists)."""
        return {
            "edges": self.edges.tolist(),
            "series": {
                name: {"share": self.positive_share.tolist(), "n": self.n_positive},
                "rest": {"share": self.negative_share.tolist(), "n": self.n_negative},
            },
        }


def thin(size: int) -> np.ndarray:
    """At most CURVE_POINTS evenly spaced positions of a curve, its ends kept."""
    return np.unique(np.linspace(0, size - 1, min(CURVE_POINTS, size)).astype(int))


def _weighted_sum(weights: np.ndarray, values: np.ndarray, chunk: int = 1 << 16) -> float:
    """sum(weights * values) in chunks, so no temporary is longer than ``chunk``."""
    return float(
        sum(
            np.dot(weights[i : i + chunk].astype(np.float64), values[i : i + chunk])
            for i in range(0, values.size, chunk)
        )
    )


def _runs(cumulative: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Per bin, the sum of the values whose run of the descending order ends at ``ends[b]``
    (bins from the lowest: ``ends`` decreasing), from their cumulative sums (exact for the
    counts they are used for)."""
    totals = np.r_[0.0, cumulative][ends]
    return totals - np.r_[totals[1:], 0.0]


def _shares(counts: np.ndarray) -> np.ndarray:
    total = counts.sum()
    return counts / total if total else counts
