"""``evalcheck.Accumulator``: the report of many batches, from their mergeable statistics.

Each ``update`` reduces a batch to what the rules read: the facts about each input (kind,
counts of missing values, their first positions, the range of float values), the confusion
matrix, one confusion matrix per group, and for scores a :class:`ScoreSummary` (each
distinct score per column and class, exact up to a documented limit, then binned). ``merge``
adds two accumulators as if their batches had been concatenated (``a.merge(b)``: a's batches
first). ``report`` runs the same rules as :func:`evalcheck.check` on those statistics, so the
report equals a one-shot check of the concatenated batches, while memory depends on the number
of classes and groups (and, for scores, of distinct scores up to that limit), never on the
number of samples.
"""

from __future__ import annotations

import contextlib
import math
from dataclasses import replace
from typing import Any

import numpy as np

from ..call import SCORE_METRICS, MetricCall
from ..engine import _setting_for, run_context
from ..errors import UsageError
from ..facts import (
    MAX_GROUP_CELLS,
    MAX_SCORED_GROUPS,
    Context,
    Truth,
    Unavailable,
    _unavailable,
    fact,
    label_problem,
)
from ..findings import Report
from ..inputs import (
    FIRST_POSITIONS,
    Evaluation,
    InputFacts,
    ValueSummary,
    _value_kind,
    inspect_input,
)
from ..registry import get_rule
from ..settings import Settings
from .labels import ConfusionStats, as_label, label_sort_key
from .score_summary import ScoreSummary, SummarizedScores
from .scores import ROW_SUM_TOLERANCE

LABEL_LAYOUTS = ("vector", "column")
SCORE_LAYOUTS = ("vector", "column", "matrix")
INPUTS = ("y_true", "y_pred", "y_score", "groups")
NUMERIC_ORDER = ("bool", "int", "float")  # numpy's promotion when batches are concatenated
EXAMPLES_PER_KIND = 3
EXAMPLES_SCANNED = 100  # values of each batch looked at for examples of their kinds


def _merge_kind(a: InputFacts, b: InputFacts) -> tuple[str, dict[str, list[str]]]:
    """The kind of the concatenation of two inputs (a already merged), and its examples."""
    examples = _merge_examples(a.kinds_found, _examples(b))
    if a.kind == b.kind:
        return a.kind, examples
    for text, other in ((a, b), (b, a)):  # text beside missing values only (NaN, None) is text
        if text.kind == "str" and other.kind == "float" and other.n_missing == other.n_samples:
            return "str", examples
    arrays = a.source_type == b.source_type == "numpy.ndarray"
    if {a.kind, b.kind} == {"bool", "int"} and not arrays:
        return "mixed", examples  # True and 1 in one list are two types, as check reads them
    if a.kind in NUMERIC_ORDER and b.kind in NUMERIC_ORDER:
        return max(a.kind, b.kind, key=NUMERIC_ORDER.index), examples
    return "mixed", examples


def _examples(facts: InputFacts) -> dict[str, list[str]]:
    """Examples of each kind of value an input holds, as a check of a list of them shows
    (read off its first values when the input is an array of one kind)."""
    if facts.kinds_found or facts.values is None:
        return dict(facts.kinds_found)
    examples: dict[str, list[str]] = {}
    for value in np.asarray(facts.values).reshape(-1)[:EXAMPLES_SCANNED].tolist():
        found = examples.setdefault(_value_kind(value), [])
        if len(found) < EXAMPLES_PER_KIND:
            found.append(repr(value)[:40])
    return examples


def _merge_examples(a: dict[str, list[str]], b: dict[str, list[str]]) -> dict[str, list[str]]:
    merged = {kind: list(found) for kind, found in a.items()}
    for kind, found in b.items():
        merged[kind] = (merged.get(kind, []) + found)[:EXAMPLES_PER_KIND]
    return merged


def merge_facts(a: InputFacts, b: InputFacts) -> InputFacts:
    """The facts about the concatenation of two batches of one input (a's samples first),
    without its values."""
    if not b.given or (b.n_samples == 0 and a.given):
        return a
    if not a.given or a.n_samples == 0:
        return replace(b, values=None, arrow=None, summary=_summary(b), kinds_found=_examples(b))
    kind, examples = _merge_kind(a, b)
    summary = _merge_optional(a.summary, _summary(b))
    shift = a.n_samples
    positions = (*a.missing_positions, *(p + shift for p in b.missing_positions))
    return replace(
        a,
        shape=(a.shape[0] + b.shape[0], *a.shape[1:]),
        kind=kind,
        values=None,
        arrow=None,
        summary=summary,
        problem=a.problem or b.problem,
        kinds_found=examples,
        n_missing=a.n_missing + b.n_missing,
        n_infinite=a.n_infinite + b.n_infinite,
        missing_positions=positions[:FIRST_POSITIONS],
        integral=a.integral and b.integral,
    )


def _summary(facts: InputFacts) -> ValueSummary | None:
    """The value summary of a numeric batch (whole numbers have no fractional values: only
    their range is read), or what an accumulated input already holds."""
    if facts.values is None or facts.kind not in NUMERIC_ORDER:
        return facts.summary
    if facts.kind == "float":
        return facts.value_summary
    if facts.summary is not None:
        return facts.summary  # read off the confusion matrix already
    values = facts.values
    n = int(values.size)
    low, high = (float(values.min()), float(values.max())) if n else (math.nan, math.nan)
    return ValueSummary(n, low, high, 0, (), 0.0)


def _with_ranges(facts: dict[str, InputFacts], stats: ConfusionStats) -> dict[str, InputFacts]:
    """Integer labels' ranges read off the batch's confusion matrix (no pass over them)."""
    found = dict(facts)
    for name, counts in (("y_true", stats.true_counts), ("y_pred", stats.pred_counts)):
        f = facts[name]
        if (
            f.kind != "int"
            or f.summary is not None
            or not all(isinstance(c, int) and not isinstance(c, bool) for c in stats.classes)
        ):
            continue
        present = [stats.classes[i] for i in np.flatnonzero(counts)]
        if present:
            summary = ValueSummary(
                int(counts.sum()), float(min(present)), float(max(present)), 0, (), 0.0
            )
            found[name] = replace(f, summary=summary)
    return found


def _counted(facts: InputFacts, n: int) -> InputFacts:
    """The facts of whole labels given as distinct values standing for ``n`` samples."""
    summary = _summary(facts)
    if summary is not None:
        summary = replace(summary, n_finite=n)
    shape = (n, *facts.shape[1:])
    return replace(
        facts, shape=shape, values=None, arrow=None, summary=summary, kinds_found=_examples(facts)
    )


def _group_key(label: Any) -> tuple[bool, Any]:
    """A dictionary key under which 1, 1.0 and True are one group and '1' another."""
    return (isinstance(label, str), label)


class Accumulator:
    """Lint an evaluation fed in batches: ``update`` per batch, ``merge`` across workers,
    ``report`` once.

    >>> acc = Accumulator(metric="f1", average="macro")
    >>> for y_true, y_pred in batches:  # doctest: +SKIP
    ...     acc.update(y_true, y_pred)
    >>> report = acc.report()  # doctest: +SKIP

    The report equals ``evalcheck.check`` on the concatenated batches, with memory that
    depends on the number of classes and groups only; scores (``y_score``, 1-D or one column
    per class) keep each distinct score per column and class, exactly up to
    ``MAX_EXACT_ENTRIES`` of them per column, then rounded to fewer significant bits (the
    report's ``inputs['y_score']['binning']`` gives the bound on the ROC AUC error). Batches
    hold 1-D labels (y_true, y_pred) and optional ``groups``; an Accumulator pickles, so it
    crosses process and executor boundaries. Indicator matrices (one-hot or multilabel rows)
    and text scores are not accumulated: ``update`` refuses them with a UsageError.
    """

    def __init__(self, *, settings: Settings | dict[str, Any] | None = None, **call: Any):
        self.call = MetricCall.of(**call)
        self.settings = Settings.coerce(settings)
        self.n_batches = 0
        self._facts: dict[str, InputFacts] = {
            name: InputFacts(name=name, given=False) for name in INPUTS
        }
        self._scores: ScoreSummary | None = None
        self._score_names: tuple[Any, bool] | None = None  # (score_classes, named by caller)
        # a score metric per group (EC307): one accumulator per group, None once too many
        self._group_scores: dict[tuple[bool, Any], tuple[Any, Accumulator]] | None = {}
        self._class_ids: dict[tuple[bool, Any], int] = {}  # label -> id in the score summary
        self._stats: ConfusionStats | None = None
        self._truth: ConfusionStats | None = None  # y_true alone, against itself
        self._groups: dict[tuple[bool, Any], tuple[Any, ConfusionStats]] = {}

    def update(
        self,
        y_true: Any,
        y_pred: Any = None,
        *,
        y_score: Any = None,
        groups: Any = None,
        score_classes: Any = None,
    ) -> Accumulator:
        """Add one batch (labels, and predictions or scores or both, optional group ids);
        returns the accumulator. ``score_classes`` names the class of each score column (a
        DataFrame's ``proba_<class>`` column names do too), as for :func:`evalcheck.check`;
        every batch must name the same."""
        if y_true is None:
            raise UsageError("y_true is required: pass the true labels of the batch")
        call = self.call
        if call.metric in SCORE_METRICS and y_score is None:
            y_pred, y_score = None, y_pred  # as check() reads update(y_true, scores)
        if call.threshold is not None and y_pred is None and call.metric not in SCORE_METRICS:
            raise UsageError(
                "Accumulator does not derive predictions from a threshold: pass "
                f"y_pred = (y_score >= {call.threshold:g}) of each batch"
            )
        batch = Evaluation.from_inputs(y_true, y_pred, y_score, score_classes=score_classes)
        facts = {"y_true": batch.y_true, "y_pred": batch.y_pred, "y_score": batch.y_score}
        facts["groups"] = inspect_input("groups", groups)
        self._check_batch(facts)
        self._check_names(batch)
        batch = batch.without_score_names()  # columns kept as given; matched in report()
        context = Context(batch, call, facts["groups"])
        stats = self._batch_stats(context)
        scores = self._batch_scores(context) if batch.y_score.given else None
        if stats is not None:
            facts = _with_ranges(facts, stats)
        self._absorb(facts, stats, context)
        self._scores = _merge_optional(self._scores, scores)
        if call.metric in SCORE_METRICS and facts["groups"].given:
            self._absorb_group_scores(context)
        context.release()
        self.n_batches += 1
        return self

    def _check_batch(self, facts: dict[str, InputFacts]) -> None:
        where = f"batch {self.n_batches + 1}"
        for name, batch in facts.items():
            layouts = SCORE_LAYOUTS if name == "y_score" else LABEL_LAYOUTS
            if batch.layout not in (*layouts, "missing", "unreadable", "scalar"):
                raise UsageError(
                    f"{where}: {name} has shape {batch.shape}; Accumulator takes one label per "
                    "sample (indicator matrices are not accumulated)"
                )
            known = self._facts[name]
            if self.n_batches and known.given != batch.given:
                said = "was" if known.given else "was not"
                raise UsageError(f"{where}: {name} {said} given in earlier batches")
        y_score, known = facts["y_score"], self._facts["y_score"]
        if y_score.given and y_score.kind in ("str", "mixed"):
            raise UsageError(
                f"{where}: y_score holds text ({y_score.kind} values); Accumulator takes "
                "numeric scores: pass model.predict_proba(X) or decision_function(X)"
            )
        widths_differ = y_score.shape[1:] != known.shape[1:]
        if y_score.n_samples and known.n_samples and widths_differ:
            raise UsageError(
                f"{where}: y_score has {_score_width(y_score.shape)}, earlier batches "
                f"{_score_width(known.shape)}"
            )
        sizes = {name: f.n_samples for name, f in facts.items() if f.given}
        if len(set(sizes.values())) > 1:
            shown = ", ".join(f"{name} {n}" for name, n in sizes.items())
            raise UsageError(f"{where}: the inputs have different lengths ({shown})")

    @staticmethod
    def _batch_stats(context: Context) -> ConfusionStats | None:
        try:
            return context.stats
        except Unavailable:
            return None  # the batch's facts say why; the merged facts say it again

    def _check_names(self, batch: Evaluation) -> None:
        names = (batch.score_classes, batch.score_classes_given)
        if not batch.y_score.given:
            return
        if self._score_names is None:
            self._score_names = names
        elif self._score_names[0] != names[0]:
            raise UsageError(
                f"batch {self.n_batches + 1}: y_score's columns are named {names[0]}, earlier "
                f"batches' {self._score_names[0]}"
            )

    def update_counts(
        self, y_true: Any, y_pred: Any, counts: Any, *, groups: Any = None
    ) -> Accumulator:
        """Add a batch given as its distinct rows: ``counts[i]`` samples have the labels
        ``y_true[i]``, ``y_pred[i]`` (and group ``groups[i]``), what ``GROUP BY ... count(*)``
        returns. The labels must be whole (int, bool or text, none missing): rows that are
        counted have no row numbers for a finding to point at."""
        weights = np.asarray(counts, dtype=np.int64)
        batch = Evaluation.from_inputs(y_true, y_pred)
        facts = {"y_true": batch.y_true, "y_pred": batch.y_pred, "y_score": batch.y_score}
        facts["groups"] = inspect_input("groups", groups)
        self._check_batch(facts)
        given = [f for f in facts.values() if f.given]
        where = f"batch {self.n_batches + 1}"
        if weights.shape != (batch.y_true.n_samples,) or (weights < 0).any():
            raise UsageError(f"{where}: counts must be one count (>= 0) per distinct row")
        for f in given:
            if f.kind not in ("int", "bool", "str") or f.n_bad:
                raise UsageError(
                    f"{where}: update_counts takes whole labels with none missing; {f.name} "
                    f"holds {f.kind} values{f' and {f.n_bad} missing' if f.n_bad else ''}"
                )
        context = Context(batch, self.call, facts["groups"])
        context.weights = weights
        stats = self._batch_stats(context)
        n = int(weights.sum())
        counted = {name: _counted(f, n) if f.given else f for name, f in facts.items()}
        self._absorb(counted, stats, context)
        context.release()
        self.n_batches += 1
        return self

    def _absorb_group_scores(self, context: Context) -> None:
        """Each group's samples into that group's own accumulator (the call's value per group
        is not a sum: it needs each group's statistics)."""
        if self._group_scores is None:
            return
        try:
            group_ids, codes = context.group_codes
        except Unavailable:
            return
        evaluation = context.evaluation
        inputs = (evaluation.y_true, evaluation.y_pred, evaluation.y_score)
        if any(f.given and (f.values is None or len(f.values) != codes.size) for f in inputs):
            return  # the merged facts say the lengths differ
        arguments = self.call.model_dump(exclude_unset=True)
        for g, label in enumerate(group_ids):
            key = _group_key(label)
            known = self._group_scores.get(key)
            if known is None:
                if len(self._group_scores) >= MAX_SCORED_GROUPS:
                    self._group_scores = None  # too many to score one by one, as check says
                    return
                known = (label, Accumulator(settings=self.settings, **arguments))
                self._group_scores[key] = known
            mask = codes == g
            y_true, y_pred, y_score = (f.values[mask] if f.given else None for f in inputs)
            names = self._score_names[0] if self._score_names else None
            known[1].update(y_true, y_pred, y_score=y_score, score_classes=names)

    def _batch_scores(self, context: Context) -> ScoreSummary | None:
        """The batch's scores summarised, samples' classes as the accumulator's ids."""
        try:
            scores = context.scores
        except Unavailable:
            return None  # the merged facts say why (NaN, shape)
        truth_ids = pred_ids = None
        try:
            classes, codes = context._encoded_truth
            truth_ids = self._ids(classes)[codes]
        except Unavailable:
            pass
        if not scores.is_matrix and context.evaluation.y_pred.given:
            with contextlib.suppress(Unavailable):
                pred_ids = self._ids(context.stats.classes)[context.pair_codes[1]]
        losses = self.call.metric in ("log_loss", "brier")
        return ScoreSummary.of(
            scores.values, scores.given, truth_ids, pred_ids, self._tolerances(), losses
        )

    def _ids(self, classes: Any) -> np.ndarray:
        """The id of each label (new labels numbered in order of appearance)."""
        ids = self._class_ids
        return np.array(
            [ids.setdefault(_group_key(as_label(c)), len(ids)) for c in classes], dtype=np.int64
        )

    def _tolerances(self) -> tuple[float, ...]:
        """The row-sum tolerances the rules read: the kind's, and EC110's (configurable)."""
        options = _setting_for(self.settings.options, get_rule("EC110")) or {}
        return tuple(dict.fromkeys((ROW_SUM_TOLERANCE, float(options.get("tolerance", 1e-3)))))

    @staticmethod
    def _batch_truth(context: Context, stats: ConfusionStats | None) -> ConfusionStats | None:
        """y_true's classes and support (as a diagonal matrix, to merge like the pairs)."""
        if stats is not None:
            return ConfusionStats(stats.classes, np.diag(stats.true_counts))
        try:
            truth = context.truth
        except Unavailable:
            return None
        return ConfusionStats(tuple(truth.classes), np.diag(truth.support).astype(np.int64))

    def _absorb(
        self, facts: dict[str, InputFacts], stats: ConfusionStats | None, context: Context
    ) -> None:
        for name, batch in facts.items():
            self._facts[name] = merge_facts(self._facts[name], batch)
        if stats is not None:
            self._stats = stats if self._stats is None else self._stats.merge(stats)
        truth = self._batch_truth(context, stats)
        if truth is not None:
            self._truth = truth if self._truth is None else self._truth.merge(truth)
        if stats is not None and facts["groups"].given:
            try:
                group_ids, tensor = context.group_confusion
            except Unavailable:
                return
            for label, matrix in zip(group_ids, tensor):
                part = ConfusionStats(stats.classes, matrix.astype(np.int64))
                key = _group_key(label)
                known = self._groups.get(key)
                self._groups[key] = (label, part if known is None else known[1].merge(part))

    def merge(self, other: Accumulator) -> Accumulator:
        """The accumulator of this one's batches followed by ``other``'s (a new object)."""
        if self.call != other.call:
            raise UsageError(
                f"cannot merge accumulators of different calls ({self.call.describe()} and "
                f"{other.call.describe()})"
            )
        merged = Accumulator(settings=self.settings, **self.call.model_dump(exclude_unset=True))
        merged.n_batches = self.n_batches + other.n_batches
        for name in merged._facts:
            mine, theirs = self._facts[name], other._facts[name]
            if self.n_batches and other.n_batches and mine.given != theirs.given:
                raise UsageError(f"{name} was given to one accumulator and not the other")
            merged._facts[name] = merge_facts(mine, theirs)
        mine, theirs = self._facts["y_score"], other._facts["y_score"]
        if mine.n_samples and theirs.n_samples and mine.shape[1:] != theirs.shape[1:]:
            raise UsageError(
                f"cannot merge accumulators of scores with {_score_width(mine.shape)} and with "
                f"{_score_width(theirs.shape)}"
            )
        merged._stats = _merge_optional(self._stats, other._stats)
        merged._class_ids = dict(self._class_ids)
        theirs = other._scores
        if theirs is not None:
            ids = merged._class_ids
            theirs = theirs.renumbered(
                {i: ids.setdefault(key, len(ids)) for key, i in other._class_ids.items()}
            )
        merged._scores = _merge_optional(self._scores, theirs)
        merged._score_names = self._score_names or other._score_names
        if self._score_names and other._score_names and self._score_names != other._score_names:
            raise UsageError("cannot merge accumulators whose score columns are named differently")
        merged._group_scores = _merge_groups(self._group_scores, other._group_scores)
        merged._truth = _merge_optional(self._truth, other._truth)
        merged._groups = _merge_by_group(self._groups, other._groups)
        return merged

    @property
    def n_samples(self) -> int:
        return self._facts["y_true"].n_samples

    def report(self) -> Report:
        """Every selected rule over the batches so far, as one check of them all."""
        if not self.n_batches:
            raise UsageError("no batches yet: call update() with at least one batch")
        context = self._context()
        report = run_context(context, self.settings)
        if self._scores is not None and self._scores.bits is not None:
            binning = _binning(context, self._scores.bits)
            report.inputs["y_score"]["binning"] = binning
            requested = report.metrics.get("requested")
            if requested and requested.get("note") is None and self.call.metric in SCORE_METRICS:
                bound = binning.get("roc_auc_max_error")
                within = f"; ROC AUC within {bound:.1e}" if bound is not None else ""
                requested["note"] = (
                    f"approximate: beyond {binning['exact_up_to']:,} distinct scores per column, "
                    f"scores were rounded to {binning['significant_bits']} significant bits"
                    f"{within}"
                )
        return report

    def _context(self) -> AccumulatedContext:
        facts = self._facts
        names, given = self._score_names or (None, False)
        evaluation = Evaluation(facts["y_true"], facts["y_pred"], facts["y_score"], names, given)
        context = AccumulatedContext(
            evaluation, self.call, facts["groups"], self._stats, self._truth, self._groups
        )
        context.score_summary, context.class_ids = self._scores, self._class_ids
        context.group_scores = self._group_scores
        return context

    def __repr__(self) -> str:
        batches = "1 batch" if self.n_batches == 1 else f"{self.n_batches} batches"
        samples = "1 sample" if self.n_samples == 1 else f"{self.n_samples:,} samples"
        return f"Accumulator({self.call.describe()}, {batches}, {samples})"


def _score_width(shape: tuple[int, ...]) -> str:
    """'one score per sample' or 'k score columns', for messages about score shapes."""
    return f"{shape[1]} score columns" if len(shape) > 1 else "one score per sample"


def _merge_by_group(a: dict, b: dict) -> dict:
    """``{group key: (label, statistics)}`` of both, each group's statistics merged."""
    merged = dict(a)
    for key, (label, part) in b.items():
        known = merged.get(key)
        merged[key] = (known[0], known[1].merge(part)) if known else (label, part)
    return merged


def _merge_groups(a: dict | None, b: dict | None) -> dict | None:
    """Per-group accumulators of two accumulators, group by group (None: too many groups)."""
    if a is None or b is None:
        return None
    merged = _merge_by_group(a, b)
    return merged if len(merged) <= MAX_SCORED_GROUPS else None


def _merge_optional(a: Any, b: Any) -> Any:
    """``a.merge(b)`` of two mergeable statistics, either of which may be missing."""
    if a is None or b is None:
        return a if b is None else b
    return a.merge(b)


def _numeric_classes(stats: ConfusionStats, kind: str) -> ConfusionStats:
    """Classes typed as one check of the concatenated input has them: whole numbers (of an
    int or float input, bools among ints) as int."""
    if kind not in ("int", "float"):
        return stats
    classes = tuple(
        int(c) if isinstance(c, (bool, float)) and float(c).is_integer() and abs(c) <= 2**53 else c
        for c in stats.classes
    )
    return (
        stats
        if classes == stats.classes
        and all(type(a) is type(b) for a, b in zip(classes, stats.classes))
        else ConfusionStats(classes, stats.matrix)
    )


def _binning(context: Context, bits: int) -> dict[str, Any]:
    """How the scores were binned, and the bound on the error of the ROC AUC reported."""
    from . import score_summary

    found: dict[str, Any] = {
        "significant_bits": bits,
        "exact_up_to": score_summary.MAX_EXACT_ENTRIES,
    }
    try:
        found["roc_auc_max_error"] = context.ranking.counts.tie_bound()
    except Unavailable:
        try:
            scores = context.scores
            per_class = [
                scores.counts(j, np.arange(scores.width) == j).tie_bound()
                for j in range(scores.width)
            ]
            found["roc_auc_max_error"] = float(np.mean(per_class)) if per_class else None
        except Unavailable:
            pass
    return found


class AccumulatedContext(Context):
    """The facts of a :class:`Context`, read from accumulated statistics instead of arrays:
    the same validation of the (merged) input facts first, so a data problem reads the same."""

    def __init__(
        self,
        evaluation: Evaluation,
        call: MetricCall,
        groups: InputFacts,
        stats: ConfusionStats | None,
        truth: ConfusionStats | None,
        group_stats: dict[tuple[bool, Any], tuple[Any, ConfusionStats]],
    ) -> None:
        super().__init__(evaluation, call, groups)
        self._pair, self._truth_alone, self._group_stats = stats, truth, group_stats
        self.score_summary: ScoreSummary | None = None
        self.class_ids: dict[tuple[bool, Any], int] = {}
        self.group_scores: dict[tuple[bool, Any], tuple[Any, Accumulator]] | None = {}

    def with_call(self, call: MetricCall) -> AccumulatedContext:
        return self.with_evaluation(self.evaluation, call)

    def with_evaluation(
        self, evaluation: Evaluation, call: MetricCall | None = None
    ) -> AccumulatedContext:
        context = AccumulatedContext(
            evaluation,
            call or self.call,
            self.groups,
            self._pair,
            self._truth_alone,
            self._group_stats,
        )
        context.score_summary, context.class_ids = self.score_summary, self.class_ids
        context.group_scores = self.group_scores
        return context

    @fact
    def group_requested(self) -> tuple[list[float], np.ndarray]:
        self._check_groups()
        if self.group_scores is None:
            raise Unavailable(
                f"more than {MAX_SCORED_GROUPS} groups are too many to score one by one"
            )
        found = sorted(self.group_scores.values(), key=lambda item: label_sort_key(item[0]))
        values = []
        for _, part in found:
            value = part._context().requested.value
            if isinstance(value, float) and math.isfinite(value):
                values.append(value)
        return values, np.array([part.n_samples for _, part in found], dtype=np.int64)

    @fact
    def scores(self) -> SummarizedScores:
        self._check_scores()
        if self.score_summary is None:
            raise Unavailable("no batch held readable scores")
        ids = self.class_ids
        truth_ids = [ids[_group_key(c)] for c in self.truth.classes]
        pred_ids = None
        if self.evaluation.y_pred.given:
            with contextlib.suppress(Unavailable):
                pred_ids = [ids.get(_group_key(c), -1) for c in self.stats.classes]
        summary = self.score_summary
        named = self._named_columns(np.empty((0, summary.width))) if summary.width else None
        if named is None:
            return SummarizedScores(summary, truth_ids, pred_ids)
        return SummarizedScores(summary, truth_ids, pred_ids, named[1], named[0])

    @fact
    def stats(self) -> ConfusionStats:
        self._check_label_pair()
        if self._pair is None:
            raise Unavailable("no batch held readable labels")
        y_true, y_pred = self.evaluation.y_true, self.evaluation.y_pred
        return _numeric_classes(self._pair, y_true.kind if y_true.kind == y_pred.kind else "")

    @fact
    def truth(self) -> Truth:
        y_true = self.evaluation.y_true
        problem = label_problem(y_true)
        if problem or self._truth_alone is None:
            raise _unavailable(y_true, problem or "y_true holds no labels")
        if y_true.kind == self.evaluation.y_pred.kind:
            try:
                classes = self.stats.classes  # typed as the pair's classes, as check has them
            except Unavailable:
                pass
            else:
                truth = self._truth_alone.with_classes(classes).restricted(classes)
                present = np.flatnonzero(truth.true_counts)
                return Truth([classes[i] for i in present], truth.true_counts[present])
        truth = _numeric_classes(self._truth_alone, y_true.kind)
        present = np.flatnonzero(truth.true_counts)
        return Truth([truth.classes[i] for i in present], truth.true_counts[present])

    @fact
    def group_confusion(self) -> tuple[list[Any], np.ndarray]:
        self._check_groups()
        classes = self.stats.classes
        found = sorted(self._group_stats.values(), key=lambda item: label_sort_key(item[0]))
        k = len(classes)
        if len(found) * k * k > MAX_GROUP_CELLS:
            raise Unavailable(f"{len(found)} groups x {k} classes is too many to compare")
        tensor = np.zeros((len(found), k, k), dtype=np.int64)
        for i, (_, part) in enumerate(found):
            tensor[i] = part.restricted(classes).matrix
        return [as_label(label) for label, _ in found], tensor
