"""The shared facts rules read, each computed once on first use.

A fact that cannot be computed because of a data problem raises :class:`Unavailable` with the
reason, in words (the rules that report the problem are the rules' business); rules needing it
are listed as skipped with that reason.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from .call import MetricCall
from .inputs import Evaluation, InputFacts
from .metrics import wilson_interval
from .stats.curves import CALIBRATION_BINS, MAX_TOP_LABEL_WIDTH, Calibration, calibration_bin
from .stats.labels import ConfusionStats, as_label, encode, factorize, label_sort_key, same_label
from .stats.multilabel import MultilabelStats
from .stats.scores import (
    OneVsRest,
    ScoreCounts,
    binary_counts,
    brier_score,
    log_loss,
    ovo_auc,
)
from .stats.scores import score_kind as classify_scores

if TYPE_CHECKING:
    from .value import Requested

T = TypeVar("T")

MAX_GROUP_CELLS = 50_000_000  # groups x classes x classes counted per group at most
MAX_SCORED_GROUPS = 2000  # score metrics are recomputed per group


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
        super().__init__(f"evalcheck failed computing {name.strip('_')}")
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
                cache[name] = (False, exc.with_traceback(None))  # a reason, not a stack
            except Exception as exc:
                cache[name] = (False, FactCrashed(name, exc))
        ok, value = cache[name]
        if not ok:
            try:
                raise value.with_traceback(None)
            finally:  # the traceback holds this frame: without these, a cycle keeps the data
                del value, cache, self
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


class Scores:
    """Usable scores, read through what the rules need of them: their kind and shape, their
    range, row sums, ranking counts per column and class, losses and argmax tables. Two
    forms answer alike: :class:`ArrayScores` (the array itself) and, for batches accumulated
    into their statistics, ``stats.score_summary.SummarizedScores``.

    Classes are positions: ``by='truth'`` in ``ctx.truth.classes``, ``by='pred'`` in
    ``ctx.stats.classes``. A ``lookup`` gives the column of each truth class.
    """

    kind: str  # 'labels', 'probabilities' or 'unnormalized' (see scores.score_kind)
    named_order: list[Any] | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        raise NotImplementedError

    @property
    def is_matrix(self) -> bool:
        return len(self.shape) == 2

    @property
    def width(self) -> int:
        """Columns of a matrix; 0 for a 1-D score."""
        return self.shape[1] if self.is_matrix else 0

    low: float
    high: float
    soft: bool  # some value strictly between 0 and 1
    rows_allclose: bool  # np.allclose(1, row sums), as roc_auc_score tests probabilities

    def row_sum_range(self) -> tuple[float, float]:
        raise NotImplementedError

    def rows_off(self, tolerance: float) -> int:
        """Rows whose sum is further than ``tolerance`` from 1."""
        raise NotImplementedError

    def distinct(self) -> np.ndarray:
        """The sorted distinct values (read only when there are a few)."""
        raise NotImplementedError

    def counts(
        self,
        column: int | None,
        positive: np.ndarray,
        included: np.ndarray | None = None,
        by: str = "truth",
    ) -> ScoreCounts:
        """Ranking counts of one column (None: the 1-D score), samples of the classes where
        ``positive`` is true positive, restricted to the classes where ``included`` is."""
        raise NotImplementedError

    def one_vs_rest(self, lookup: np.ndarray) -> OneVsRest:
        raise NotImplementedError

    def ovo_auc(self, lookup: np.ndarray, average: str | None) -> float:
        raise NotImplementedError

    def probability_loss(self, metric: str, lookup: np.ndarray) -> float:
        """log_loss or brier of the probability matrix, truth class c in column lookup[c]."""
        raise NotImplementedError

    def argmax_table(self, by: str, n_classes: int) -> np.ndarray:
        """(n_classes, width) counts of each class's samples by their argmax column."""
        raise NotImplementedError

    def top_label(self, lookup: np.ndarray) -> Calibration | None:
        """Reliability bins of each row's largest probability, positive when its column is
        the row's true class's (``lookup``); None above ``MAX_TOP_LABEL_WIDTH`` columns."""
        raise NotImplementedError

    def class_values(
        self, columns: np.ndarray | int | None, n_classes: int
    ) -> list[tuple[np.ndarray, np.ndarray | None]]:
        """Per truth class, the scores of its samples in ``columns[class]`` (or one column for
        all), as ``(values, weights)``: weights None for raw values, else the count of each."""
        raise NotImplementedError


@dataclass(eq=False)
class ArrayScores(Scores):
    """Scores held as the array: ``values`` are float64; ``given`` keeps the caller's dtype
    (log_loss clips with its eps). When ``score_classes`` named the columns, both are
    reordered into sorted class order and ``named_order`` holds the classes in the order the
    columns were given."""

    values: np.ndarray
    kind: str
    given: np.ndarray
    codes_of: Callable[[str], np.ndarray] = field(repr=False)
    named_order: list[Any] | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        return self.values.shape

    @cached_property
    def low(self) -> float:  # type: ignore[override]
        return float(self.values.min())

    @cached_property
    def high(self) -> float:  # type: ignore[override]
        return float(self.values.max())

    @cached_property
    def soft(self) -> bool:  # type: ignore[override]
        return bool(np.any((self.values > 0) & (self.values < 1)))

    @cached_property
    def _row_sums(self) -> np.ndarray:
        return self.values.sum(axis=1)

    @cached_property
    def rows_allclose(self) -> bool:  # type: ignore[override]
        return bool(np.allclose(1, self._row_sums))

    def row_sum_range(self) -> tuple[float, float]:
        return float(self._row_sums.min()), float(self._row_sums.max())

    def rows_off(self, tolerance: float) -> int:
        return int(np.count_nonzero(np.abs(self._row_sums - 1) > tolerance))

    def distinct(self) -> np.ndarray:
        return np.unique(self.values)

    def _column(self, column: int | None) -> np.ndarray:
        return self.values if column is None else self.values[:, column]

    def counts(
        self,
        column: int | None,
        positive: np.ndarray,
        included: np.ndarray | None = None,
        by: str = "truth",
    ) -> ScoreCounts:
        codes, values = self.codes_of(by), self._column(column)
        if included is not None:
            keep = np.asarray(included, dtype=bool)[codes]
            codes, values = codes[keep], values[keep]
        return binary_counts(np.asarray(positive, dtype=bool)[codes], values)

    def one_vs_rest(self, lookup: np.ndarray) -> OneVsRest:
        return OneVsRest.from_matrix(lookup[self.codes_of("truth")], self.values)

    def ovo_auc(self, lookup: np.ndarray, average: str | None) -> float:
        return ovo_auc(lookup[self.codes_of("truth")], self.values, average)

    def probability_loss(self, metric: str, lookup: np.ndarray) -> float:
        compute = log_loss if metric == "log_loss" else brier_score
        return compute(lookup[self.codes_of("truth")], self.given)

    def top_label(self, lookup: np.ndarray) -> Calibration | None:
        if self.width > MAX_TOP_LABEL_WIDTH:
            return None
        top = self._top
        confidence = np.take_along_axis(self.values, top[:, None], axis=1)[:, 0]
        bins = calibration_bin(confidence)
        correct = top == np.asarray(lookup)[self.codes_of("truth")]
        n = CALIBRATION_BINS
        return Calibration(
            np.bincount(bins, minlength=n).astype(np.float64),
            np.bincount(bins, confidence, minlength=n),
            np.bincount(bins, correct, minlength=n).astype(np.float64),
        )

    @cached_property
    def _top(self) -> np.ndarray:
        """Each row's argmax column (the argmax tables and top-label bins share it)."""
        return self.values.argmax(axis=1)

    def argmax_table(self, by: str, n_classes: int) -> np.ndarray:
        k = self.width
        top = self._top
        cells = self.codes_of(by) * k + top
        return np.bincount(cells, minlength=n_classes * k).reshape(n_classes, k)

    def class_values(
        self, columns: np.ndarray | int | None, n_classes: int
    ) -> list[tuple[np.ndarray, np.ndarray | None]]:
        codes = self.codes_of("truth")
        if columns is None or isinstance(columns, int):
            plotted = self._column(columns)
        else:
            plotted = self.values[np.arange(codes.size), np.asarray(columns)[codes]]
        return [(plotted[codes == i], None) for i in range(n_classes)]


@dataclass(frozen=True)
class ScoreColumns:
    """The class of each probability column and the column of each truth class (``lookup``,
    indexed like ``ctx.truth.classes``); or why there is none (``problem``: scikit-learn's
    error; ``cause``: what kind of failure)."""

    classes: list[Any]
    lookup: np.ndarray
    problem: str | None = None
    cause: str | None = None

    @classmethod
    def failed(cls, problem: str, cause: str | None = None) -> ScoreColumns:
        return cls([], np.zeros(0, np.intp), problem, cause)


@dataclass(frozen=True)
class Ranking:
    """Binary scores against binary truth: the positive class and the ranking counts."""

    positive: Any
    counts: ScoreCounts


def label_problem(facts: InputFacts) -> str | None:
    """Why ``facts`` cannot be read as 1-D class labels, in words; None if it can."""
    name = facts.name
    if not facts.given:
        return f"{name} was not given"
    if facts.kind == "unsupported":
        return f"{name} cannot be read ({facts.problem})"
    if facts.kind == "mixed":
        return f"{name} mixes label types"
    if facts.kind == "empty":
        return f"{name} is empty"
    if facts.is_indicator and is_multilabel(facts):
        return f"{name} holds multilabel indicator rows; this rule covers single-label data"
    if facts.layout not in ("vector", "column"):
        return f"{name} has shape {facts.shape}, not one label per sample"
    if facts.n_bad:
        return f"{name} holds {facts.n_bad} NaN/None/inf values"
    if facts.is_continuous:
        return f"{name} holds continuous values, not class labels"
    return None


def _as_label_like(name: Any, known: list[Any]) -> Any:
    """A column name as a label of the data's type: '3' is 3 when the classes are numbers."""
    if isinstance(name, str) and known and not any(isinstance(c, str) for c in known):
        try:
            return int(name)
        except ValueError:
            return name
    return name


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
        self.weights: np.ndarray | None = None  # samples per row, when rows are distinct ones
        self._one_vs_rest: list[tuple[tuple[int, ...], OneVsRest]] = []

    def with_call(self, call: MetricCall) -> Context:
        """The same data under another metric call (its facts computed afresh)."""
        return Context(self.evaluation, call, self.groups)

    def with_evaluation(self, evaluation: Evaluation, call: MetricCall | None = None) -> Context:
        """Other facts about the same samples (the score columns read in another order, say)
        under this call or another."""
        return Context(evaluation, call or self.call, self.groups)

    def release(self) -> None:
        """Drop every computed fact now: scores refer back to their context, and the cycle
        would keep a batch's arrays alive until the next full garbage collection."""
        self._cache.clear()
        self._one_vs_rest.clear()

    def crashed_facts(self) -> list[FactCrashed]:
        """The facts whose computation raised unexpectedly."""
        crashed = [v for ok, v in self._cache.values() if not ok and isinstance(v, FactCrashed)]
        return list({id(v): v for v in crashed}.values())  # facts built on it re-raise it

    # --- labels -------------------------------------------------------------------------

    @fact
    def task(self) -> str:
        """'binary', 'multiclass' or 'multilabel'."""
        y_true, y_pred = self.evaluation.y_true, self.evaluation.y_pred
        pair = y_pred.is_indicator and y_pred.shape == y_true.shape and y_true.is_indicator
        if is_multilabel(y_true) or (pair and is_multilabel(y_pred)):
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
        support = np.bincount(codes, self.weights, minlength=len(classes))
        support = support.astype(np.int64, copy=False)
        return Truth(classes, support)

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
        self._check_label_pair()
        return ConfusionStats.from_labels(
            y_true.label_values, y_true.kind, y_pred.label_values, y_pred.kind, self.weights
        )

    def _check_label_pair(self) -> None:
        """Raise why y_true and y_pred cannot be read as paired 1-D labels, if they cannot."""
        y_true, y_pred = self.evaluation.y_true, self.evaluation.y_pred
        for facts in (y_true, y_pred):
            problem = label_problem(facts)
            if problem:
                raise _unavailable(facts, problem)
        if y_true.n_samples != y_pred.n_samples:
            raise Unavailable(
                f"y_true has {y_true.n_samples} samples and y_pred {y_pred.n_samples}"
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

    @property
    def scored_as_multilabel(self) -> bool:
        """y_true and y_pred are indicator matrices of one shape: scikit-learn's metrics
        treat them as multilabel, even one-hot rows."""
        y_true, y_pred = self.evaluation.y_true, self.evaluation.y_pred
        if y_true.is_indicator and y_pred.is_indicator and y_true.shape == y_pred.shape:
            return True
        return is_multilabel(y_true)

    @fact
    def multilabel(self) -> MultilabelStats:
        """Per-label and per-sample statistics of indicator targets (multilabel, or one-hot
        rows, which scikit-learn scores as multilabel too)."""
        y_true, y_pred = self.evaluation.y_true, self.evaluation.y_pred
        if not y_true.is_indicator:
            raise NotApplicable("y_true is not an indicator matrix")
        if not y_pred.given:
            raise NotApplicable("y_pred was not given")
        if not (y_pred.is_indicator and y_pred.shape == y_true.shape):
            raise Unavailable(
                f"y_pred (shape {y_pred.shape}) is not an indicator matrix like y_true "
                f"{y_true.shape}"
            )
        return MultilabelStats.from_indicators(y_true.values, y_pred.values)

    # --- scores -------------------------------------------------------------------------

    @fact
    def scores(self) -> Scores:
        """y_score when it is readable as scores, columns matched to classes by name."""
        self._check_scores()
        given = self.evaluation.y_score.values
        named = self._named_columns(given)
        if named is not None:
            given = given[:, named[1]]
        values = given.astype(np.float64, copy=False)
        return ArrayScores(
            values,
            classify_scores(values),
            given,
            self._codes_by,
            None if named is None else named[0],
        )

    def _codes_by(self, by: str) -> np.ndarray:
        """Each sample's true class (``'truth'``, a position in ``truth.classes``) or
        predicted class (``'pred'``, in ``stats.classes``)."""
        return self.truth_codes if by == "truth" else self.pair_codes[1]

    def _check_scores(self) -> None:
        """Raise why y_score cannot be read as scores of these samples, if it cannot."""
        y_score = self.evaluation.y_score
        if not y_score.given:
            raise NotApplicable("y_score was not given")
        if y_score.kind not in ("int", "float", "bool"):
            raise Unavailable(f"y_score holds {y_score.kind} values, not numbers")
        if y_score.layout not in ("vector", "column", "matrix"):
            raise Unavailable(f"y_score has shape {y_score.shape}")
        if y_score.n_bad:
            raise Unavailable(f"y_score holds {y_score.n_bad} NaN/inf values")
        n_true = self.evaluation.y_true.n_samples
        if y_score.n_samples != n_true:
            raise Unavailable(f"y_score has {y_score.n_samples} samples, y_true {n_true}")

    def _named_columns(self, values: np.ndarray) -> tuple[list[Any], np.ndarray] | None:
        """``(the classes the columns name, in the order given; the column order that sorts
        them)`` when score_classes name a column for every class of y_true (a model's
        ``classes_`` may also name classes without samples here)."""
        names = self.evaluation.score_classes
        if names is None or values.ndim != 2 or len(names) != values.shape[1]:
            return None
        try:
            known = self.stats.classes if self.evaluation.y_pred.given else self.truth.classes
        except Unavailable:
            return None
        known = [*known, *(self.call.labels or ())]
        matched = [
            next(
                (c for c in known if same_label(c, n) or str(c) == str(n)), _as_label_like(n, known)
            )
            for n in names
        ]
        covered = all(any(same_label(m, c) for m in matched) for c in self.truth.classes)
        if not covered or len({str(m) for m in matched}) != len(matched):
            return None  # the names are not these classes (EC106 says so)
        order = sorted(range(len(matched)), key=lambda i: label_sort_key(matched[i]))
        return matched, np.asarray(order, dtype=np.intp)

    @fact
    def score_columns(self) -> ScoreColumns:
        """The class each column of a probability matrix stands for, as scikit-learn assigns
        them for the call (sorted ``labels``, else the classes of y_true), and each sample's
        true class as a column index; or the error scikit-learn raises."""
        scores, truth, call = self.scores, self.truth, self.call
        width = scores.width or 2
        labels = call.labels
        if labels is not None and call.metric == "roc_auc":
            if len({str(v) for v in labels}) != len(labels):
                return ScoreColumns.failed("Parameter 'labels' must be unique")
            if list(labels) != sorted(labels, key=label_sort_key):
                return ScoreColumns.failed("Parameter 'labels' must be ordered", "label-order")
        if labels is not None:
            columns = sorted(dict.fromkeys(labels), key=label_sort_key)
            outside = [c for c in truth.classes if not any(same_label(c, x) for x in columns)]
            if outside:
                return ScoreColumns.failed(
                    f"y_true contains values {outside} not belonging to the passed labels "
                    f"{list(labels)}"
                )
        else:
            columns = list(truth.classes)
        if call.metric == "brier" and not scores.is_matrix:
            return self._binary_brier_columns(columns)
        if len(columns) < 2 and call.metric in ("log_loss", "brier"):
            return ScoreColumns.failed(
                f"y_true contains only one label ({columns[0] if columns else None}). Please "
                "provide the list of all expected class labels explicitly through the labels "
                "argument."
            )
        if len(columns) != width:
            where = "labels" if labels is not None else "y_true"
            return ScoreColumns.failed(
                f"{where} has {len(columns)} classes but y_score has {width} columns",
                "score-width",
            )
        return ScoreColumns(columns, self._columns_of_classes(columns))

    def _binary_brier_columns(self, columns: list[Any]) -> ScoreColumns:
        truth = self.truth.classes
        if len(truth) > 2:
            return ScoreColumns.failed(
                "The type of the target inferred from y_true is multiclass but should be "
                "binary according to the shape of y_prob."
            )
        wanted = self.call.pos_label
        if wanted is None:
            if any(isinstance(c, str) for c in truth):
                return ScoreColumns.failed(
                    f"y_true takes value in {truth} and pos_label is not specified: either "
                    "make y_true take value in {0, 1} or {-1, 1} or pass pos_label explicitly.",
                    "pos-label",
                )
            wanted = 1 if set(truth) <= {0, 1} or set(truth) <= {-1, 1} else truth[-1]
        elif not any(same_label(c, wanted) for c in truth) and len(truth) == 2:
            return ScoreColumns.failed(
                f"pos_label={wanted!r} is not a valid label: it should be one of {truth}",
                "pos-label",
            )
        positive = next((c for c in truth if same_label(c, wanted)), wanted)
        negative = [c for c in truth if not same_label(c, positive)][:1] or [None]
        codes = np.asarray([same_label(c, positive) for c in truth], dtype=np.intp)
        return ScoreColumns([negative[0], positive], codes)

    def _columns_of_classes(self, columns: list[Any]) -> np.ndarray:
        """Each truth class's position in ``columns``."""
        return np.asarray(
            [
                next(i for i, c in enumerate(columns) if same_label(c, t))
                for t in self.truth.classes
            ],
            dtype=np.intp,
        )

    @fact
    def ranking(self) -> Ranking:
        """Binary truth ranked by 1-D scores (or a matrix's second column), the greater class
        positive, as ``roc_auc_score`` and ``predict_proba(X)[:, 1]`` have it."""
        scores, truth = self.scores, self.truth
        if scores.is_matrix and (scores.width != 2 or len(truth.classes) > 2):
            raise NotApplicable("y_score is a matrix of several classes, not binary scores")
        if len(truth.classes) > 2:
            raise NotApplicable(f"y_true has {len(truth.classes)} classes, not two")
        positive = truth.classes[-1]
        return Ranking(positive, self._ranked(positive))

    def ranked_for(self, positive: Any) -> ScoreCounts:
        """Binary ranking counts with ``positive`` as the positive class (1-D scores)."""
        if same_label(self.ranking.positive, positive):
            return self.ranking.counts
        return self._ranked(positive)

    def _ranked(self, positive: Any) -> ScoreCounts:
        is_positive = np.asarray([same_label(c, positive) for c in self.truth.classes])
        return self.scores.counts(1 if self.scores.is_matrix else None, is_positive)

    def one_vs_rest(self, lookup: np.ndarray) -> OneVsRest:
        """Each score column ranked against the rest, truth class c positive in column
        ``lookup[c]`` (computed once per lookup: the metrics and the call's value share it)."""
        key = tuple(int(c) for c in lookup)
        for known, counts in self._one_vs_rest:
            if known == key:
                return counts
        counts = self.scores.one_vs_rest(np.asarray(lookup, dtype=np.intp))
        self._one_vs_rest.append((key, counts))
        return counts

    # --- numbers ------------------------------------------------------------------------

    @fact
    def metrics(self) -> dict[str, Any]:
        """Every number of ``report.metrics`` (assembled in metrics.py)."""
        from .metrics import assemble

        return assemble(self)

    @fact
    def requested(self) -> Requested:
        """The value of the user's call, or the error the library raises on it."""
        from .value import requested

        return requested(self)

    def multilabel_for(self, labels: tuple[Any, ...] | None) -> MultilabelStats:
        """Multilabel statistics over the label columns ``labels`` (all when None)."""
        if labels is None and self.call.effective_beta == 1.0:
            return self.multilabel
        ml = self.multilabel  # validates the inputs
        y_true, y_pred = self.evaluation.y_true.values, self.evaluation.y_pred.values
        columns = np.arange(ml.n_labels) if labels is None else np.asarray(labels, dtype=np.intp)
        if columns.size and (columns.min() < 0 or columns.max() >= ml.n_labels):
            raise ValueError(f"labels {labels} are not columns of the indicator matrices")
        return MultilabelStats.from_indicators(
            y_true[:, columns], y_pred[:, columns], self.call.effective_beta
        )

    def accuracy_interval(self) -> tuple[float, float]:
        """Wilson 95% interval of the accuracy."""
        stats = self.stats
        return wilson_interval(int(np.trace(stats.matrix)), stats.n_samples)

    # --- groups -------------------------------------------------------------------------

    @fact
    def group_codes(self) -> tuple[list[Any], np.ndarray]:
        """``(group ids, a code per sample)`` for the ``groups=`` argument."""
        self._check_groups()
        groups = self.groups
        found, codes = encode(groups.label_values, groups.kind)
        return [as_label(g) for g in found], codes

    def _check_groups(self) -> None:
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

    @fact
    def group_requested(self) -> tuple[list[float], np.ndarray]:
        """The call's value on each group's samples, computed as the call computes it (groups
        where it is undefined left out), and each group's size."""
        group_ids, codes = self.group_codes
        n_groups = len(group_ids)
        if n_groups > MAX_SCORED_GROUPS:
            raise Unavailable(f"{n_groups} groups are too many to score one by one")
        evaluation = self.evaluation
        inputs = (evaluation.y_true, evaluation.y_pred, evaluation.y_score)
        if any(f.given and (f.values is None or len(f.values) != codes.size) for f in inputs):
            raise Unavailable("the inputs and groups do not have one entry per sample each")
        values = []
        for g in range(n_groups):
            mask = codes == g
            part = Evaluation.from_inputs(
                *(f.values[mask] if f.given else None for f in inputs),
                score_classes=evaluation.score_classes if evaluation.score_classes_given else None,
            )
            value = Context(part, self.call).requested.value
            if isinstance(value, float) and math.isfinite(value):
                values.append(value)
        return values, np.bincount(codes, minlength=n_groups)

    @fact
    def group_confusion(self) -> tuple[list[Any], np.ndarray]:
        """``(group ids, one confusion matrix per group over stats.classes)``: shape
        (groups, k, k), from one bincount."""
        group_ids, group_codes = self.group_codes
        k, n_groups = self.stats.n_classes, len(group_ids)
        if n_groups * k * k > MAX_GROUP_CELLS:
            raise Unavailable(f"{n_groups} groups x {k} classes is too many to compare")
        true_codes, pred_codes = self.pair_codes
        cells = (group_codes.astype(np.int64) * k + true_codes) * k + pred_codes
        tensor = np.bincount(cells, self.weights, minlength=n_groups * k * k)
        return group_ids, tensor.astype(np.int64, copy=False).reshape(n_groups, k, k)
