"""Scores reduced to mergeable statistics, for batches that are never held together.

A :class:`ScoreSummary` keeps, per score column and per class, each distinct score and how
many samples of that class have it: exact sufficient statistics for ROC AUC, average
precision, one-vs-one AUC, thresholds and histograms. Beside them: the range of the values,
the row sums, argmax tables and the sums log loss and the Brier score are made of.

Exact up to ``MAX_EXACT_ENTRIES`` distinct (score, class) pairs per column. Beyond that, every
score is rounded to ``bits`` significant bits (16 at first, 4 fewer each time the limit is
reached again): rounding keeps the order of scores and only creates ties, so a binned ROC AUC
is off by at most half the share of positive-negative pairs that share a bin,
``½·Σ_b P_b·N_b / (P·N)`` (:func:`evalcheck.stats.scores.tie_bound`), reported beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from itertools import combinations, pairwise
from typing import Any

import numpy as np

from ..facts import Scores
from .curves import MAX_TOP_LABEL_WIDTH, Calibration, top_label_table
from .scores import OneVsRest, ScoreCounts, _distinct_counts, _probability_matrix

MAX_EXACT_ENTRIES = 1 << 20  # distinct (score, class) pairs kept exactly per column
FIRST_BITS = 16  # significant bits a score keeps once its column is binned
BITS_STEP = 4

Key = tuple[str, int, int]  # ('truth' or 'pred', column, class id)


def coarsen(values: np.ndarray, bits: int) -> np.ndarray:
    """Each value rounded to ``bits`` significant bits: monotone, so the order is kept."""
    mantissa, exponent = np.frexp(values)
    scale = float(2**bits)
    return np.ldexp(np.round(mantissa * scale) / scale, exponent)


@dataclass(frozen=True)
class ValueCounts:
    """Sorted distinct values and how many samples hold each."""

    values: np.ndarray
    counts: np.ndarray

    @classmethod
    def of(cls, values: np.ndarray) -> ValueCounts:
        return cls(*_distinct_counts(np.sort(values)))

    def merge(self, other: ValueCounts) -> ValueCounts:
        values = np.concatenate([self.values, other.values])
        order = np.argsort(values, kind="stable")  # two sorted runs: one linear merge
        return _grouped(values[order], np.concatenate([self.counts, other.counts])[order])

    def coarsened(self, bits: int) -> ValueCounts:
        return _grouped(coarsen(self.values, bits), self.counts)

    @property
    def size(self) -> int:
        return int(self.values.size)


def _grouped(ordered: np.ndarray, counts: np.ndarray) -> ValueCounts:
    """Equal neighbours of a sorted array merged, their counts added."""
    if ordered.size == 0:
        return ValueCounts(ordered, counts.astype(np.int64))
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    if starts.size == ordered.size:  # no value twice: nothing to add up
        return ValueCounts(ordered, counts.astype(np.int64, copy=False))
    return ValueCounts(ordered[starts], np.add.reduceat(counts, starts).astype(np.int64))


def _sum_dicts(a: dict[Any, np.ndarray], b: dict[Any, np.ndarray]) -> dict[Any, np.ndarray]:
    merged = dict(a)
    for key, value in b.items():
        merged[key] = merged[key] + value if key in merged else value
    return merged


@dataclass(frozen=True)
class ScoreSummary:
    """The mergeable statistics of a score input (1-D, or an (n, width) matrix), its samples'
    classes given as ids (the accumulator's numbering of labels)."""

    width: int  # 0 for a 1-D score
    dtype: str  # the caller's dtype, promoted across batches (log loss clips with its eps)
    n_rows: int
    low: float
    high: float
    soft: bool
    rows_allclose: bool
    row_sum_low: float
    row_sum_high: float
    rows_off: dict[float, int]
    histograms: dict[Key, ValueCounts] = field(repr=False)
    argmax: dict[tuple[str, int], np.ndarray] = field(repr=False)
    log_terms: dict[int, np.ndarray] = field(repr=False)  # per class: Σ -log(clip(p)) by column
    squares: dict[int, np.ndarray] = field(repr=False)  # per class: Σ p² by column
    complements: dict[int, np.ndarray] = field(repr=False)  # per class: Σ (1 - p)² by column
    top_label: dict[int, np.ndarray] = field(default_factory=dict, repr=False)  # per class
    bits: int | None = None  # None: exact; else the significant bits scores were rounded to

    @classmethod
    def of(
        cls,
        values: np.ndarray,
        given: np.ndarray,
        truth_ids: np.ndarray | None,
        pred_ids: np.ndarray | None,
        tolerances: tuple[float, ...],
        losses: bool,
    ) -> ScoreSummary:
        """One batch: ``values`` float64 and finite; ``truth_ids`` / ``pred_ids`` the class id
        of each sample, None when its labels cannot be read."""
        matrix = values.ndim == 2
        sums = values.sum(axis=1) if matrix else np.ones(1)
        deviation = np.abs(sums - 1)
        histograms: dict[Key, ValueCounts] = {}
        argmax: dict[tuple[str, int], np.ndarray] = {}
        log_terms: dict[int, np.ndarray] = {}
        squares: dict[int, np.ndarray] = {}
        complements: dict[int, np.ndarray] = {}
        top_label: dict[int, np.ndarray] = {}
        columns = values if matrix else values[:, None]
        top = values.argmax(axis=1) if matrix and values.shape[1] else None
        probabilities = _probability_matrix(given) if losses else None
        for by, ids in (("truth", truth_ids), ("pred", pred_ids if not matrix else None)):
            if ids is None:
                continue
            for class_id, rows in _rows_by_id(ids):
                for j in range(columns.shape[1]):
                    histograms[(by, j, class_id)] = ValueCounts.of(columns[rows, j])
                if top is not None:
                    argmax[(by, class_id)] = np.bincount(top[rows], minlength=values.shape[1])
                    if by == "truth" and values.shape[1] <= MAX_TOP_LABEL_WIDTH:
                        top_label[class_id] = top_label_table(values[rows])
                if probabilities is not None and by == "truth":
                    chosen = probabilities[rows]
                    eps = np.finfo(chosen.dtype).eps
                    clipped = np.clip(chosen, eps, 1 - eps)
                    log_terms[class_id] = (-np.log(clipped)).sum(axis=0, dtype=np.float64)
                    squares[class_id] = np.square(chosen, dtype=np.float64).sum(axis=0)
                    complements[class_id] = np.square(1.0 - chosen.astype(np.float64)).sum(axis=0)
        summary = cls(
            width=values.shape[1] if matrix else 0,
            dtype=str(given.dtype),
            n_rows=int(values.shape[0]),
            low=float(values.min()) if values.size else np.nan,
            high=float(values.max()) if values.size else np.nan,
            soft=bool(np.any((values > 0) & (values < 1))),
            rows_allclose=bool(np.allclose(1, sums)),
            row_sum_low=float(sums.min()) if sums.size else np.nan,
            row_sum_high=float(sums.max()) if sums.size else np.nan,
            rows_off={t: int(np.count_nonzero(deviation > t)) for t in tolerances},
            histograms=histograms,
            argmax=argmax,
            log_terms=log_terms,
            squares=squares,
            complements=complements,
            top_label=top_label,
        )
        return summary.within_limit()

    def merge(self, other: ScoreSummary) -> ScoreSummary:
        """The summary of this batch's samples followed by ``other``'s."""
        if not other.n_rows:
            return self
        if not self.n_rows:
            return other
        bits = min((b for b in (self.bits, other.bits) if b is not None), default=None)
        mine, theirs = self.coarsened(bits), other.coarsened(bits)
        histograms = dict(mine.histograms)
        for key, counts in theirs.histograms.items():
            histograms[key] = histograms[key].merge(counts) if key in histograms else counts
        merged = ScoreSummary(
            width=self.width,
            dtype=str(np.result_type(self.dtype, other.dtype)),
            n_rows=self.n_rows + other.n_rows,
            low=min(self.low, other.low),
            high=max(self.high, other.high),
            soft=self.soft or other.soft,
            rows_allclose=self.rows_allclose and other.rows_allclose,
            row_sum_low=min(self.row_sum_low, other.row_sum_low),
            row_sum_high=max(self.row_sum_high, other.row_sum_high),
            rows_off={t: n + other.rows_off.get(t, 0) for t, n in self.rows_off.items()},
            histograms=histograms,
            argmax=_sum_dicts(self.argmax, other.argmax),
            log_terms=_sum_dicts(self.log_terms, other.log_terms),
            squares=_sum_dicts(self.squares, other.squares),
            complements=_sum_dicts(self.complements, other.complements),
            top_label=_sum_dicts(self.top_label, other.top_label),
            bits=bits,
        )
        return merged.within_limit()

    def renumbered(self, new_id: dict[int, int]) -> ScoreSummary:
        """The same statistics with class ids translated (merging another accumulator's)."""
        return replace(
            self,
            histograms={(by, j, new_id[c]): v for (by, j, c), v in self.histograms.items()},
            argmax={(by, new_id[c]): v for (by, c), v in self.argmax.items()},
            log_terms={new_id[c]: v for c, v in self.log_terms.items()},
            squares={new_id[c]: v for c, v in self.squares.items()},
            complements={new_id[c]: v for c, v in self.complements.items()},
            top_label={new_id[c]: v for c, v in self.top_label.items()},
        )

    def coarsened(self, bits: int | None) -> ScoreSummary:
        if bits is None or bits == self.bits:
            return self
        histograms = {key: counts.coarsened(bits) for key, counts in self.histograms.items()}
        return replace(self, histograms=histograms, bits=bits)

    def within_limit(self) -> ScoreSummary:
        """Binned (coarser each time) until no column holds more than MAX_EXACT_ENTRIES."""
        summary = self
        while summary._largest_column() > MAX_EXACT_ENTRIES and summary.bits != 0:
            bits = FIRST_BITS if summary.bits is None else max(summary.bits - BITS_STEP, 0)
            summary = summary.coarsened(bits)
        return summary

    def _largest_column(self) -> int:
        entries: dict[tuple[str, int], int] = {}
        for (by, j, _), counts in self.histograms.items():
            entries[(by, j)] = entries.get((by, j), 0) + counts.size
        return max(entries.values(), default=0)

    def distinct(self) -> np.ndarray:
        """The sorted distinct values of a 1-D score (after binning, if binned)."""
        found = [v.values for (by, _, _), v in self.histograms.items() if by == "truth"]
        return np.unique(np.concatenate(found)) if found else np.zeros(0)

    def kind(self) -> str:
        """What :func:`evalcheck.stats.scores.score_kind` says of the concatenated scores."""
        if not self.n_rows:
            return "unnormalized"
        if not self.width:
            if self.distinct().size <= 2:
                return "labels"
            return "probabilities" if self.low >= 0 and self.high <= 1 else "unnormalized"
        if self.low < 0 or self.high > 1:
            return "unnormalized"
        if not self.soft:
            return "labels"
        from .scores import ROW_SUM_TOLERANCE

        return "probabilities" if self.rows_off[ROW_SUM_TOLERANCE] == 0 else "unnormalized"


def _rows_by_id(ids: np.ndarray) -> list[tuple[int, np.ndarray]]:
    """Each class id with the positions of its samples (one stable sort)."""
    order = np.argsort(ids, kind="stable")
    ordered = ids[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]]) if ids.size else []
    bounds = [*starts, ids.size]
    return [(int(ordered[a]), order[a:b]) for a, b in pairwise(bounds)]


class SummarizedScores(Scores):
    """The :class:`evalcheck.facts.Scores` view of a :class:`ScoreSummary`: classes at the
    context's positions mapped to the summary's ids."""

    def __init__(
        self,
        summary: ScoreSummary,
        truth_ids: list[int],
        pred_ids: list[int] | None,
        order: np.ndarray | None = None,
        named_order: list[Any] | None = None,
    ) -> None:
        """``order``: the given column shown at each position (columns named for classes
        read in sorted class order), with ``named_order`` the classes as given."""
        self.summary = summary
        width = max(summary.width, 1)
        self.order = np.arange(width) if order is None else np.asarray(order, dtype=np.intp)
        self.named_order = named_order
        self.kind = summary.kind()
        self.truth_ids = truth_ids
        self.pred_ids = pred_ids or []
        self.low, self.high, self.soft = summary.low, summary.high, summary.soft
        self.rows_allclose = summary.rows_allclose

    @property
    def shape(self) -> tuple[int, ...]:
        n = self.summary.n_rows
        return (n, self.summary.width) if self.summary.width else (n,)

    def row_sum_range(self) -> tuple[float, float]:
        return self.summary.row_sum_low, self.summary.row_sum_high

    def rows_off(self, tolerance: float) -> int:
        known = self.summary.rows_off
        if tolerance not in known:
            raise KeyError(f"rows off by more than {tolerance} were not counted")
        return known[tolerance]

    def distinct(self) -> np.ndarray:
        return self.summary.distinct()

    def _histogram(self, by: str, column: int, position: int) -> ValueCounts | None:
        ids = self.truth_ids if by == "truth" else self.pred_ids
        return self.summary.histograms.get((by, int(self.order[column]), ids[position]))

    def counts(
        self,
        column: int | None,
        positive: np.ndarray,
        included: np.ndarray | None = None,
        by: str = "truth",
    ) -> ScoreCounts:
        j = 0 if column is None else column
        parts = [
            (found, bool(is_positive))
            for i, is_positive in enumerate(positive)
            if (included is None or included[i])
            and (found := self._histogram(by, j, i)) is not None
        ]
        if not parts:
            empty = np.zeros(0, dtype=np.int64)
            return ScoreCounts(np.zeros(0), empty, empty)
        values = np.concatenate([p.values for p, _ in parts])
        pos = np.concatenate([p.counts if flag else 0 * p.counts for p, flag in parts])
        neg = np.concatenate([0 * p.counts if flag else p.counts for p, flag in parts])
        order = np.argsort(values, kind="stable")
        values, pos, neg = values[order], pos[order], neg[order]
        starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
        pos, neg = np.add.reduceat(pos, starts), np.add.reduceat(neg, starts)
        return ScoreCounts(values[starts][::-1].copy(), pos[::-1].copy(), neg[::-1].copy())

    def one_vs_rest(self, lookup: np.ndarray) -> OneVsRest:
        return OneVsRest.from_counts(
            [self.counts(j, lookup == j) for j in range(self.summary.width)]
        )

    def ovo_auc(self, lookup: np.ndarray, average: str | None) -> float:
        n = self.summary.n_rows
        support = self._support()
        pair_scores, prevalence = [], []
        for a, b in combinations(np.unique(lookup), 2):
            in_a, in_b = lookup == a, lookup == b
            included = in_a | in_b
            a_auc = self.counts(int(a), in_a, included).roc_auc()
            b_auc = self.counts(int(b), in_b, included).roc_auc()
            pair_scores.append((a_auc + b_auc) / 2)
            prevalence.append(support[included].sum() / n)
        weights = prevalence if average == "weighted" else None
        return float(np.average(pair_scores, weights=weights))

    def _support(self) -> np.ndarray:
        """Samples of each truth class (read off the first column's counts)."""
        found = (self._histogram("truth", 0, i) for i in range(len(self.truth_ids)))
        return np.array([0 if h is None else h.counts.sum() for h in found], dtype=np.float64)

    def probability_loss(self, metric: str, lookup: np.ndarray) -> float:
        summary, n = self.summary, self.summary.n_rows
        given = self.order[lookup] if summary.width else lookup  # columns as given
        if metric == "log_loss":
            total = sum(summary.log_terms[c][given[i]] for i, c in enumerate(self.truth_ids))
            return float(total / n)
        total, width = 0.0, 0
        for i, c in enumerate(self.truth_ids):
            own, squares = given[i], summary.squares[c]
            total += squares.sum() - squares[own] + summary.complements[c][own]
            width = squares.size
        score = float(total / n)
        return 0.5 * score if width < 3 else score  # brier_score_loss's scale_by_half

    def top_label(self, lookup: np.ndarray) -> Calibration | None:
        tables = [self.summary.top_label.get(c) for c in self.truth_ids]
        if not tables or any(t is None for t in tables):
            return None
        return Calibration.top_label(
            [t[:, :, self.order] for t in tables if t is not None], [int(c) for c in lookup]
        )

    def argmax_table(self, by: str, n_classes: int) -> np.ndarray:
        ids = self.truth_ids if by == "truth" else self.pred_ids
        width = self.summary.width
        table = np.array(
            [self.summary.argmax.get((by, c), np.zeros(width, np.int64)) for c in ids[:n_classes]]
        )
        return table[:, self.order]

    def class_values(
        self, columns: np.ndarray | int | None, n_classes: int
    ) -> list[tuple[np.ndarray, np.ndarray | None]]:
        found = []
        for i in range(n_classes):
            column = columns if columns is None or isinstance(columns, int) else int(columns[i])
            counts = self._histogram("truth", 0 if column is None else column, i)
            found.append((counts.values, counts.counts) if counts else (np.zeros(0), None))
        return found
