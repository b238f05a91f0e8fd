"""``evalcheck.Accumulator``: the report of many batches, from their mergeable statistics.

Each ``update`` reduces a batch to what the rules read: the facts about each input (kind,
counts of missing values, their first positions, the range of float values), the confusion
matrix, and one confusion matrix per group. ``merge`` adds two accumulators as if their
batches had been concatenated (``a.merge(b)``: a's batches first). ``report`` runs the same
rules as :func:`evalcheck.check` on those statistics, so the report equals a one-shot check of
the concatenated batches, while memory depends on the number of classes and groups, never on
the number of samples.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

import numpy as np

from ..call import SCORE_METRICS, MetricCall
from ..engine import run_context
from ..errors import UsageError
from ..facts import MAX_GROUP_CELLS, Context, Truth, Unavailable, _unavailable, fact, label_problem
from ..findings import Report
from ..inputs import (
    FIRST_POSITIONS,
    Evaluation,
    InputFacts,
    ValueSummary,
    _value_kind,
    inspect_input,
)
from ..settings import Settings
from .labels import ConfusionStats, as_label, label_sort_key

LABEL_LAYOUTS = ("vector", "column")
NUMERIC_ORDER = ("bool", "int", "float")  # numpy's promotion when batches are concatenated
EXAMPLES_PER_KIND = 3
EXAMPLES_SCANNED = 100  # values of each batch looked at for examples of their kinds


def _merge_kind(a: InputFacts, b: InputFacts) -> tuple[str, dict[str, list[str]]]:
    """The kind of the concatenation of two inputs (a already merged), and its examples."""
    examples = _merge_examples(a.kinds_found, _examples(b))
    if a.kind == b.kind:
        return a.kind, examples
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
    values = facts.values
    n = int(values.size)
    low, high = (float(values.min()), float(values.max())) if n else (math.nan, math.nan)
    return ValueSummary(n, low, high, 0, (), 0.0)


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
    depends on the number of classes and groups only. Batches hold 1-D labels (y_true,
    y_pred) and optional ``groups``; an Accumulator pickles, so it crosses process and
    executor boundaries. Score batches (``y_score``) and indicator matrices (one-hot or
    multilabel rows) are not accumulated yet: ``update`` refuses them with a UsageError.
    """

    def __init__(self, *, settings: Settings | dict[str, Any] | None = None, **call: Any):
        self.call = MetricCall.of(**call)
        self.settings = Settings.coerce(settings)
        if self.call.metric in SCORE_METRICS:
            raise UsageError(
                f"metric={self.call.metric!r} needs scores, which Accumulator does not "
                "accumulate yet: use evalcheck.check on the concatenated scores"
            )
        self.n_batches = 0
        self._facts: dict[str, InputFacts] = {
            name: InputFacts(name=name, given=False) for name in ("y_true", "y_pred", "groups")
        }
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
    ) -> Accumulator:
        """Add one batch (labels, predictions, optional group ids); returns the accumulator."""
        if y_score is not None:
            raise UsageError(
                "Accumulator does not accumulate y_score yet: pass labels and predictions, or "
                "use evalcheck.check on the concatenated scores"
            )
        if y_true is None:
            raise UsageError("y_true is required: pass the true labels of the batch")
        batch = Evaluation.from_inputs(y_true, y_pred)
        facts = {"y_true": batch.y_true, "y_pred": batch.y_pred}
        facts["groups"] = inspect_input("groups", groups)
        self._check_batch(facts)
        context = Context(batch, self.call, facts["groups"])
        stats = self._batch_stats(context)
        self._absorb(facts, stats, context)
        self.n_batches += 1
        return self

    def _check_batch(self, facts: dict[str, InputFacts]) -> None:
        where = f"batch {self.n_batches + 1}"
        for name, batch in facts.items():
            if batch.layout not in (*LABEL_LAYOUTS, "missing", "unreadable", "scalar"):
                raise UsageError(
                    f"{where}: {name} has shape {batch.shape}; Accumulator takes one label per "
                    "sample (indicator matrices are not accumulated yet)"
                )
            known = self._facts[name]
            if self.n_batches and known.given != batch.given:
                said = "was" if known.given else "was not"
                raise UsageError(f"{where}: {name} {said} given in earlier batches")
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
        merged._stats = _merge_optional(self._stats, other._stats)
        merged._truth = _merge_optional(self._truth, other._truth)
        merged._groups = dict(self._groups)
        for key, (label, part) in other._groups.items():
            known = merged._groups.get(key)
            merged._groups[key] = (known[0], known[1].merge(part)) if known else (label, part)
        return merged

    @property
    def n_samples(self) -> int:
        return self._facts["y_true"].n_samples

    def report(self) -> Report:
        """Every selected rule over the batches so far, as one check of them all."""
        if not self.n_batches:
            raise UsageError("no batches yet: call update() with at least one batch")
        evaluation = Evaluation(
            self._facts["y_true"], self._facts["y_pred"], InputFacts("y_score", given=False)
        )
        context = AccumulatedContext(
            evaluation, self.call, self._facts["groups"], self._stats, self._truth, self._groups
        )
        return run_context(context, self.settings)

    def __repr__(self) -> str:
        batches = "1 batch" if self.n_batches == 1 else f"{self.n_batches} batches"
        samples = "1 sample" if self.n_samples == 1 else f"{self.n_samples:,} samples"
        return f"Accumulator({self.call.describe()}, {batches}, {samples})"


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

    def with_call(self, call: MetricCall) -> AccumulatedContext:
        return AccumulatedContext(
            self.evaluation, call, self.groups, self._pair, self._truth_alone, self._group_stats
        )

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
