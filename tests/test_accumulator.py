"""evalcheck.Accumulator: any batching and any merge order give the report of one check."""

from __future__ import annotations

import itertools
import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import evalcheck
from evalcheck import Accumulator, UsageError

CALLS = [
    {},
    {"metric": "accuracy"},
    {"metric": "f1", "average": "macro"},
    {"metric": "f1", "average": "binary"},
    {"metric": "precision", "average": "weighted", "zero_division": 0},
    {"metric": "recall", "average": None},
    {"metric": "balanced_accuracy"},
    {"metric": "f1", "average": "macro", "labels": [0, 1, 2, 3]},
]

LABELS = {
    "int": st.integers(0, 3),
    "str": st.sampled_from(["cat", "dog", "eel"]),
    "float": st.sampled_from([0.0, 1.0, 2.0, 0.5, math.nan]),
    "bool": st.booleans(),
}


def differences(a, b, path="report") -> list[str]:
    """Where two dumped reports differ (NaN equals NaN), one line per leaf."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in {*a, *b} for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    if a != b and not (a != a and b != b):
        return [f"{path}: {a!r:.200} != {b!r:.200}"]
    return []


def same_report(a: evalcheck.Report, b: evalcheck.Report) -> None:
    """Equal reports: every field, the findings with their numbers, in order."""
    found = differences(a.model_dump(), b.model_dump())
    assert not found, "\n".join(found)


@st.composite
def batched(draw):
    """Labels (sometimes with NaN, strings, or a class only y_pred has), optional groups,
    and cut points splitting them into batches."""
    n = draw(st.integers(1, 60))
    kind = draw(st.sampled_from(sorted(LABELS)))
    labels = LABELS[kind]
    y_true = draw(st.lists(labels, min_size=n, max_size=n))
    y_pred = draw(st.lists(labels, min_size=n, max_size=n))
    groups = draw(st.none() | st.lists(st.integers(0, 4), min_size=n, max_size=n))
    cuts = sorted(draw(st.lists(st.integers(1, n), max_size=5, unique=True)))
    call = draw(st.sampled_from(CALLS))
    return y_true, y_pred, groups, [0, *[c for c in cuts if c < n], n], call


def as_array(values: list) -> np.ndarray:
    return np.array(values, dtype=object if any(isinstance(v, str) for v in values) else None)


def accumulate(y_true, y_pred, groups, cuts, call, pred=True) -> list[Accumulator]:
    parts = []
    for start, stop in itertools.pairwise(cuts):
        acc = Accumulator(**call)
        acc.update(
            as_array(y_true[start:stop]),
            as_array(y_pred[start:stop]) if pred else None,
            groups=None if groups is None else np.array(groups[start:stop]),
        )
        parts.append(acc)
    return parts


@settings(max_examples=150, deadline=None)
@given(batched(), st.randoms(use_true_random=False))
def test_any_batching_and_merge_order_equals_one_check(problem, rnd):
    y_true, y_pred, groups, cuts, call = problem
    expected = evalcheck.check(
        as_array(y_true), as_array(y_pred), groups=None if groups is None else groups, **call
    )
    parts = accumulate(y_true, y_pred, groups, cuts, call)
    while len(parts) > 1:  # merge neighbours in a random order: any tree of merges
        i = rnd.randrange(len(parts) - 1)
        parts[i : i + 2] = [parts[i].merge(parts[i + 1])]
    same_report(parts[0].report(), expected)


@settings(max_examples=60, deadline=None)
@given(batched())
def test_sequential_updates_equal_one_check_without_predictions(problem):
    y_true, _, _, cuts, call = problem
    call = {k: v for k, v in call.items() if k != "metric"}
    acc = Accumulator(**call)
    for start, stop in itertools.pairwise(cuts):
        acc.update(as_array(y_true[start:stop]))
    same_report(acc.report(), evalcheck.check(as_array(y_true), **call))


def test_report_keeps_the_first_positions_of_missing_values_across_batches():
    y_true = np.array([0, 1, 0, 1, 0, 1, 0, 1.0])
    y_pred = np.array([0, 1, np.nan, 1, 0, np.nan, 0, 1])
    acc = Accumulator(metric="accuracy")
    for start in range(0, 8, 3):
        acc.update(y_true[start : start + 3], y_pred[start : start + 3])
    report = acc.report()
    nan = next(f for f in report.findings if f.slug == "nan-in-predictions")
    assert nan.evidence["first_rows"] == [2, 5]
    same_report(report, evalcheck.check(y_true, y_pred, metric="accuracy"))


def test_a_pickled_accumulator_crosses_a_process_boundary():
    from concurrent.futures import ProcessPoolExecutor

    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 5, 20_000)
    y_pred = np.where(rng.random(20_000) < 0.7, y_true, rng.integers(0, 5, 20_000))
    chunks = [(y_true[i : i + 5000], y_pred[i : i + 5000]) for i in range(0, 20_000, 5000)]
    with ProcessPoolExecutor(2) as pool:
        parts = list(pool.map(_accumulate_chunk, chunks))
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.merge(part)
    expected = evalcheck.check(y_true, y_pred, metric="f1", average="macro")
    same_report(merged.report(), expected)
    assert merged.n_samples == 20_000 and merged.n_batches == 4


def _accumulate_chunk(chunk):
    return Accumulator(metric="f1", average="macro").update(*chunk)


def test_memory_does_not_grow_with_the_number_of_samples():
    rng = np.random.default_rng(0)
    acc = Accumulator(metric="f1", average="macro")
    sizes = []
    for _ in range(3):
        for _ in range(10):
            y = rng.integers(0, 10, 100_000)
            acc.update(y, (y + rng.integers(0, 2, y.size)) % 10, groups=y % 3)
        sizes.append(len(pickle.dumps(acc)))
    assert sizes[0] == sizes[1] == sizes[2] < 20_000
    assert acc.n_samples == 3_000_000


def test_refuses_what_it_cannot_accumulate_with_one_line():
    acc = Accumulator()
    with pytest.raises(UsageError, match="y_score"):
        acc.update([0, 1], y_score=[0.2, 0.9])
    with pytest.raises(UsageError, match="indicator matrices"):
        acc.update(np.eye(3, dtype=int), np.eye(3, dtype=int))
    with pytest.raises(UsageError, match="different lengths"):
        acc.update([0, 1, 1], [0, 1])
    with pytest.raises(UsageError, match="no batches"):
        acc.report()
    with pytest.raises(UsageError, match="needs scores"):
        Accumulator(metric="roc_auc")
    acc.update([0, 1], [0, 1])
    with pytest.raises(UsageError, match="batch 2: y_pred was given in earlier batches"):
        acc.update([0, 1])
    with pytest.raises(UsageError, match="different calls"):
        acc.merge(Accumulator(metric="accuracy").update([0], [0]))


def test_the_public_name_and_its_repr():
    assert "Accumulator" in evalcheck.__all__
    acc = Accumulator(metric="accuracy").update([0, 1, 1], [0, 1, 0])
    assert repr(acc) == "Accumulator(accuracy_score(y_true, y_pred), 1 batch, 3 samples)"


@pytest.mark.parametrize(
    ("batches", "call"),
    [
        ([([0, 1, 1], [0, 1, 0]), (["a", "b"], ["a", "a"])], {}),  # int then str: mixed
        ([([0, 1, 1], [0, 1, 0]), ([0.5, 1.0], [1, 1])], {}),  # ints then fractional floats
        ([([True, False], [True, True]), ([0, 2], [0, 2])], {"metric": "accuracy"}),
        ([([0, 1, None], [0, 1, 1]), ([1, 1], [1, None])], {"metric": "f1"}),
        ([([], []), ([1, 0], [1, 1])], {}),  # an empty batch first
        ([([1, 0], [1, 1]), ([], [])], {}),  # and last
        ([([], []), ([], [])], {}),  # nothing at all
        ([([0.5, math.nan], [1, 0]), ([2.25], [1])], {}),
    ],
)
def test_batches_of_different_kinds_equal_one_check_of_their_concatenation(batches, call):
    acc = Accumulator(**call)
    for y_true, y_pred in batches:
        acc.update(y_true, y_pred)
    y_true = [v for batch in batches for v in batch[0]]
    y_pred = [v for batch in batches for v in batch[1]]
    same_report(acc.report(), evalcheck.check(y_true, y_pred, **call))


def test_numpy_batches_of_bool_and_int_promote_as_numpy_concatenates():
    batches = [
        (np.array([True, False]), np.array([True, True])),
        (np.array([0, 2]), np.array([0, 2])),
    ]
    acc = Accumulator(metric="accuracy")
    for batch in batches:
        acc.update(*batch)
    y_true, y_pred = (np.concatenate([b[i] for b in batches]) for i in (0, 1))
    assert y_true.dtype.kind == "i"
    same_report(acc.report(), evalcheck.check(y_true, y_pred, metric="accuracy"))
