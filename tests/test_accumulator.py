"""evalcheck.Accumulator: any batching and any merge order give the report of one check."""

from __future__ import annotations

import itertools
import math
import pickle

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.metrics import roc_auc_score

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
    """Where two dumped reports differ (NaN equals NaN, floats within 1e-12: sums of scores
    added batch by batch round differently), one line per leaf."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [d for k in {*a, *b} for d in differences(a.get(k), b.get(k), f"{path}.{k}")]
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{path}[{i}]")]
    if isinstance(a, float) and isinstance(b, float) and math.isclose(a, b, abs_tol=1e-12):
        return []
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
    with pytest.raises(UsageError, match="y_score holds text"):
        acc.update([0, 1], y_score=["0", "1"])
    with pytest.raises(UsageError, match="does not derive predictions from a threshold"):
        Accumulator(metric="f1", threshold=0.3).update([0, 1], y_score=[0.2, 0.9])
    with pytest.raises(UsageError, match="batch 2: y_score has 3 score columns, earlier batches 2"):
        Accumulator(metric="roc_auc").update([0, 1], np.eye(2)).update([0, 1], np.eye(2, 3))
    two = Accumulator(metric="log_loss").update([0], y_score=[[0.9, 0.1]])
    three = Accumulator(metric="log_loss").update([1], y_score=[[0.2, 0.5, 0.3]])
    one = Accumulator(metric="log_loss").update([0, 1], y_score=[0.9, 0.1])
    for a, b, shown in ((two, three, "2 score columns and with 3"), (one, two, "one score")):
        with pytest.raises(UsageError, match=f"cannot merge accumulators of scores with {shown}"):
            a.merge(b)
    with pytest.raises(UsageError, match="indicator matrices"):
        acc.update(np.eye(3, dtype=int), np.eye(3, dtype=int))
    with pytest.raises(UsageError, match="different lengths"):
        acc.update([0, 1, 1], [0, 1])
    with pytest.raises(UsageError, match="no batches"):
        acc.report()
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
        ([(["a", "b"], ["a", "a"]), ([None, None], ["b", None])], {}),  # a batch of None only
        ([([math.nan], [0]), (["a", "b"], ["a", "b"])], {"metric": "accuracy"}),
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


SCORE_CALLS = [
    {},
    {"metric": "roc_auc"},
    {"metric": "roc_auc", "multi_class": "ovr", "average": "weighted"},
    {"metric": "roc_auc", "multi_class": "ovr", "average": "micro"},
    {"metric": "roc_auc", "multi_class": "ovo"},
    {"metric": "average_precision"},
    {"metric": "average_precision", "pos_label": 0},
    {"metric": "log_loss"},
    {"metric": "brier"},
    {"metric": "f1", "average": "macro"},
    {"metric": "accuracy"},
]


@st.composite
def scored(draw):
    """Labels with scores (1-D, or one column per class; probabilities, margins, coarse values
    with ties, sometimes NaN), optional predictions, and cut points."""
    n = draw(st.integers(1, 60))
    width = draw(st.sampled_from([0, 2, 3, 4]))
    k = max(width, 2)
    y_true = draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n))
    form = draw(st.sampled_from(["probabilities", "margins", "coarse", "hard"]))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    shape = (n, width) if width else (n,)
    if form == "probabilities":
        raw = rng.random(shape)
        scores = raw / raw.sum(axis=1, keepdims=True) if width else raw
    elif form == "margins":
        scores = rng.normal(size=shape) * 3
    elif form == "coarse":
        scores = rng.choice([0.0, 0.25, 0.5, 0.75, 1.0], size=shape)
    else:
        scores = np.eye(width)[rng.integers(0, width, n)] if width else rng.integers(0, 2, n)
    scores = scores.astype(np.float64)
    if draw(st.booleans()) and n > 2 and not draw(st.booleans()):
        scores.reshape(n, -1)[rng.integers(0, n), 0] = np.nan
    y_pred = None
    if draw(st.booleans()):
        y_pred = list(rng.integers(0, k, n))
    groups = draw(st.none() | st.lists(st.integers(0, 3), min_size=n, max_size=n))
    cuts = sorted(draw(st.lists(st.integers(1, n), max_size=5, unique=True)))
    call = draw(st.sampled_from(SCORE_CALLS))
    return np.array(y_true), y_pred, scores, groups, [0, *[c for c in cuts if c < n], n], call


@settings(max_examples=300, deadline=None)
@given(scored(), st.randoms(use_true_random=False))
def test_scores_any_batching_and_merge_order_equals_one_check(problem, rnd):
    y_true, y_pred, scores, groups, cuts, call = problem
    expected = evalcheck.check(y_true, y_pred, y_score=scores, groups=groups, **call)
    parts = []
    for start, stop in itertools.pairwise(cuts):
        part = Accumulator(**call).update(
            y_true[start:stop],
            None if y_pred is None else y_pred[start:stop],
            y_score=scores[start:stop],
            groups=None if groups is None else groups[start:stop],
        )
        parts.append(part)
    while len(parts) > 1:
        i = rnd.randrange(len(parts) - 1)
        parts[i : i + 2] = [parts[i].merge(parts[i + 1])]
    same_report(pickle.loads(pickle.dumps(parts[0])).report(), expected)


def test_string_classes_with_scores_of_each_class_equal_one_check():
    rng = np.random.default_rng(3)
    names = np.array(["cat", "dog", "eel"])
    y_true = names[rng.integers(0, 3, 600)]
    proba = rng.dirichlet([1, 1, 1], 600)
    no_dog = y_true != "dog"  # the first accumulator never sees dog: the merge numbers it
    call = {"metric": "roc_auc", "multi_class": "ovr"}
    first = Accumulator(**call).update(y_true[no_dog], y_score=proba[no_dog])
    second = Accumulator(**call).update(y_true, y_score=proba)
    expected = evalcheck.check(
        np.r_[y_true[no_dog], y_true], y_score=np.r_[proba[no_dog], proba], **call
    )
    same_report(first.merge(second).report(), expected)


def _binary_scores(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, 2, n)
    return y_true, 1 / (1 + np.exp(-(rng.normal(size=n) + 1.5 * y_true)))


def test_beyond_the_exact_limit_scores_are_binned_within_the_stated_auc_bound(monkeypatch):
    from evalcheck.stats import score_summary

    monkeypatch.setattr(score_summary, "MAX_EXACT_ENTRIES", 2_000)
    y_true, scores = _binary_scores(20_000, 4)
    acc = Accumulator(metric="roc_auc")
    for start in range(0, y_true.size, 3_000):
        acc.update(y_true[start : start + 3_000], y_score=scores[start : start + 3_000])
    report = acc.report()
    exact = roc_auc_score(y_true, scores)
    binning = report.inputs["y_score"]["binning"]
    binned = report.metrics["requested"]["value"]
    assert binning["significant_bits"] < score_summary.FIRST_BITS  # coarsened more than once
    assert binning["exact_up_to"] == 2_000
    assert 0 < abs(binned - exact) <= binning["roc_auc_max_error"] < 0.01
    assert sum(c.size for c in acc._scores.histograms.values()) <= 2_000
    note = report.metrics["requested"]["note"]
    assert note.startswith("approximate: beyond 2,000 distinct scores per column, scores were")
    assert note in str(report)


def test_within_the_exact_limit_there_is_no_binning_and_no_error():
    y_true, scores = _binary_scores(5_000, 5)
    acc = Accumulator(metric="roc_auc")
    for start in range(0, y_true.size, 1_000):
        acc.update(y_true[start : start + 1_000], y_score=scores[start : start + 1_000])
    report = acc.report()
    assert "binning" not in report.inputs["y_score"]
    assert report.metrics["requested"]["value"] == pytest.approx(
        roc_auc_score(y_true, scores), abs=1e-12
    )


@st.composite
def counted(draw):
    """Whole labels (int, text or bool), optional groups, and the call."""
    n = draw(st.integers(1, 80))
    kind = draw(st.sampled_from(["int", "str", "bool"]))
    labels = LABELS[kind]
    y_true = draw(st.lists(labels, min_size=n, max_size=n))
    y_pred = draw(st.lists(labels, min_size=n, max_size=n))
    groups = draw(st.none() | st.lists(st.integers(0, 4), min_size=n, max_size=n))
    return y_true, y_pred, groups, draw(st.sampled_from(CALLS))


@settings(max_examples=150, deadline=None)
@given(counted(), st.integers(1, 4))
def test_distinct_rows_with_their_counts_equal_one_check_of_the_rows(problem, n_batches):
    y_true, y_pred, groups, call = problem
    rows = list(zip(y_true, y_pred, groups or [None] * len(y_true)))
    acc = Accumulator(**call)
    for part in range(n_batches):  # each batch: the distinct rows of one slice, with counts
        found: dict = {}
        for row in rows[part::n_batches]:
            found[row] = found.get(row, 0) + 1
        if not found:
            continue
        keys = list(found)
        acc.update_counts(
            as_array([k[0] for k in keys]),
            as_array([k[1] for k in keys]),
            [found[k] for k in keys],
            groups=None if groups is None else np.array([k[2] for k in keys]),
        )
    expected = evalcheck.check(
        as_array(y_true), as_array(y_pred), groups=None if groups is None else groups, **call
    )
    same_report(acc.report(), expected)


def test_counts_of_missing_or_fractional_labels_are_refused_with_one_line():
    acc = Accumulator()
    with pytest.raises(UsageError, match="y_pred holds float values and 1 missing"):
        acc.update_counts([0, 1], [0.0, math.nan], [3, 4])
    with pytest.raises(UsageError, match="y_true holds float values"):
        acc.update_counts([0.5, 1.0], [0, 1], [3, 4])
    with pytest.raises(UsageError, match="one count"):
        acc.update_counts([0, 1], [0, 1], [3, -1])
    with pytest.raises(UsageError, match="one count"):
        acc.update_counts([0, 1], [0, 1], [3])


@pytest.mark.parametrize(
    "call",
    [
        {"metric": "roc_auc", "multi_class": "ovr"},
        {"metric": "roc_auc", "multi_class": "ovo"},
        {"metric": "log_loss"},
        {"metric": "brier"},
        {"metric": "f1", "average": "macro"},
    ],
)
def test_score_columns_named_out_of_order_are_matched_by_name_as_check_does(call):
    import pandas as pd

    rng = np.random.default_rng(8)
    names = np.array(["cat", "dog", "eel"], dtype=object)
    codes = rng.integers(0, 3, 2_000)
    proba = rng.dirichlet([1, 1, 1], codes.size)
    proba[np.arange(codes.size), codes] += 0.5
    proba /= proba.sum(axis=1, keepdims=True)
    frame = pd.DataFrame(proba, columns=[f"proba_{n}" for n in names])
    frame = frame[["proba_eel", "proba_cat", "proba_dog"]]
    y_true, y_pred = names[codes], names[proba.argmax(axis=1)]
    expected = evalcheck.check(y_true, y_pred, y_score=frame, **call)
    assert "EC310" in {f.code for f in expected.findings}  # the order as given is reported
    acc = Accumulator(**call)
    for start in range(0, codes.size, 600):
        part = slice(start, start + 600)
        acc.update(y_true[part], y_pred[part], y_score=frame.iloc[part])
    same_report(acc.report(), expected)
    given = ["eel", "cat", "dog"]
    expected = evalcheck.check(
        y_true, y_pred, y_score=frame.to_numpy(), score_classes=given, **call
    )
    acc = Accumulator(**call).update(y_true, y_pred, y_score=frame.to_numpy(), score_classes=given)
    same_report(acc.report(), expected)
    with pytest.raises(UsageError, match="batch 2: y_score's columns are named"):
        acc.update(y_true, y_pred, y_score=frame.to_numpy(), score_classes=["cat", "dog", "eel"])
