"""ROC AUC, average precision and multilabel metrics equal scikit-learn's (to 1e-12)."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn import metrics as skm

import evalcheck
from evalcheck.metrics import wilson_interval
from evalcheck.stats.multilabel import MultilabelStats
from evalcheck.stats.scores import OneVsRest, ScoreCounts, binary_counts, ovo_auc

TOL = 1e-12


def close(a, b):
    if isinstance(a, list):  # average=None: one value per class
        return len(a) == len(b) and all(close(x, y) for x, y in zip(a, b))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return abs(a - b) <= TOL


@st.composite
def binary_problem(draw):
    n = draw(st.integers(2, 80))
    y = draw(arrays(np.bool_, n))
    assume(0 < y.sum() < n)
    decimals = draw(st.integers(0, 3))  # few decimals: many ties
    score = np.round(draw(arrays(np.float64, n, elements=st.floats(-5, 5))), decimals)
    return y, score


@given(binary_problem())
def test_binary_roc_auc_and_average_precision(problem):
    y, score = problem
    counts = binary_counts(y, score)
    assert close(counts.roc_auc(), skm.roc_auc_score(y, score))
    assert close(counts.average_precision(), skm.average_precision_score(y, score))


@given(binary_problem(), st.integers(1, 4))
def test_score_counts_merge_equals_one_pass(problem, parts):
    y, score = problem
    cuts = [c for c in np.array_split(np.arange(y.size), parts) if c.size]
    merged = binary_counts(y[cuts[0]], score[cuts[0]])
    for cut in cuts[1:]:
        merged = merged.merge(binary_counts(y[cut], score[cut]))
    whole = binary_counts(y, score)
    np.testing.assert_array_equal(merged.scores, whole.scores)
    np.testing.assert_array_equal(merged.positives, whole.positives)
    assert close(merged.roc_auc(), whole.roc_auc())


@st.composite
def multiclass_problem(draw):
    k = draw(st.integers(3, 5))
    n = draw(st.integers(k * 2, 80))
    codes = np.array(draw(st.lists(st.integers(0, k - 1), min_size=n, max_size=n)))
    assume(np.unique(codes).size == k)
    raw = draw(arrays(np.float64, (n, k), elements=st.floats(0.01, 1)))
    return codes, raw / raw.sum(axis=1, keepdims=True)


@given(multiclass_problem(), st.sampled_from(["macro", "weighted"]))
def test_multiclass_roc_auc_ovr_ovo(problem, average):
    codes, proba = problem
    expected_ovr = skm.roc_auc_score(codes, proba, multi_class="ovr", average=average)
    expected_ovo = skm.roc_auc_score(codes, proba, multi_class="ovo", average=average)
    assert close(OneVsRest.from_matrix(codes, proba).roc_auc(average), expected_ovr)
    assert close(ovo_auc(codes, proba, average), expected_ovo)


@given(multiclass_problem(), st.sampled_from(["macro", "weighted", "micro", None]))
def test_multiclass_average_precision(problem, average):
    codes, proba = problem
    expected = skm.average_precision_score(np.eye(proba.shape[1])[codes], proba, average=average)
    assert close(OneVsRest.from_matrix(codes, proba).average_precision(average), expected)


@given(multiclass_problem(), st.sampled_from(["macro", "weighted", "micro", None]))
def test_one_vs_rest_from_counts_equals_from_matrix(problem, average):
    """The per-column counts (what batches accumulate) give the one-pass numbers, micro too."""
    codes, proba = problem
    direct = OneVsRest.from_matrix(codes, proba)
    counts = [binary_counts(codes == c, proba[:, c]) for c in range(proba.shape[1])]
    merged = OneVsRest.from_counts(counts)
    assert close(merged.roc_auc(average), direct.roc_auc(average))
    assert close(merged.average_precision(average), direct.average_precision(average))
    expected = skm.roc_auc_score(codes, proba, multi_class="ovr", average=average)
    assert close(merged.roc_auc(average), expected)


@given(
    st.lists(
        st.tuples(st.booleans(), st.sampled_from([0.0, -0.0, 0.25, 0.5, 1.0, 1e-300, 0.75])),
        min_size=1,
        max_size=60,
    )
)
def test_score_counts_from_sorts_equals_counting_distinct_scores(pairs):
    """Two plain sorts count exactly what np.unique counts, ties and signed zeros included."""
    positive = np.array([p for p, _ in pairs])
    score = np.array([s for _, s in pairs])
    counts = ScoreCounts.from_scores(positive, score)
    distinct = np.unique(score)[::-1]
    assert np.array_equal(counts.scores, distinct)
    for value, pos, neg in zip(distinct, counts.positives, counts.negatives):
        assert pos == np.count_nonzero(positive & (score == value))
        assert neg == np.count_nonzero(~positive & (score == value))


@given(multiclass_problem(), st.sampled_from(["ovr", "ovo"]))
def test_requested_roc_auc_through_check(problem, multi_class):
    codes, proba = problem
    report = evalcheck.check(codes, y_score=proba, metric="roc_auc", multi_class=multi_class)
    expected = skm.roc_auc_score(codes, proba, multi_class=multi_class)
    assert close(report.metrics["requested"]["value"], expected)


@st.composite
def multilabel_problem(draw):
    n = draw(st.integers(1, 40))
    k = draw(st.integers(2, 5))
    y_true = draw(arrays(np.int8, (n, k), elements=st.integers(0, 1)))
    y_pred = draw(arrays(np.int8, (n, k), elements=st.integers(0, 1)))
    return y_true, y_pred


def sk(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


@given(
    multilabel_problem(),
    st.sampled_from(["precision", "recall", "f1", "jaccard"]),
    st.sampled_from(["micro", "macro", "weighted", "samples", None]),
    st.sampled_from(["warn", 0, 1]),
)
def test_multilabel_metrics(problem, metric, average, zero_division):
    y_true, y_pred = problem
    stats = MultilabelStats.from_indicators(y_true, y_pred)
    func = {
        "precision": skm.precision_score,
        "recall": skm.recall_score,
        "f1": skm.f1_score,
        "jaccard": skm.jaccard_score,
    }[metric]
    expected = sk(func, y_true, y_pred, average=average, zero_division=zero_division)
    value = stats.score(metric, average, zero_division)
    if average is None:
        assert all(close(a, float(b)) for a, b in zip(value, expected))
    else:
        assert close(value, float(expected))
    assert close(stats.subset_accuracy, skm.accuracy_score(y_true, y_pred))
    assert close(stats.hamming_loss, skm.hamming_loss(y_true, y_pred))


@given(multilabel_problem(), st.sampled_from(["precision", "recall", "f1"]))
def test_multilabel_samples_average_nan_excluded(problem, metric):
    y_true, y_pred = problem
    func = {"precision": skm.precision_score, "recall": skm.recall_score, "f1": skm.f1_score}
    expected = sk(func[metric], y_true, y_pred, average="samples", zero_division=np.nan)
    value = MultilabelStats.from_indicators(y_true, y_pred).samples_average(metric, math.nan)
    assert close(value, float(expected))


@given(multilabel_problem(), st.integers(1, 3))
def test_multilabel_merge(problem, parts):
    y_true, y_pred = problem
    cuts = [c for c in np.array_split(np.arange(len(y_true)), parts) if c.size]
    merged = MultilabelStats.from_indicators(y_true[cuts[0]], y_pred[cuts[0]])
    for cut in cuts[1:]:
        merged = merged.merge(MultilabelStats.from_indicators(y_true[cut], y_pred[cut]))
    whole = MultilabelStats.from_indicators(y_true, y_pred)
    for metric in ("precision", "f1", "jaccard"):
        assert abs(merged.samples_average(metric) - whole.samples_average(metric)) <= TOL
    np.testing.assert_array_equal(merged.tp, whole.tp)


def test_wilson_interval_known_values():
    low, high = wilson_interval(10, 12)
    assert (round(low, 4), round(high, 4)) == (0.5520, 0.9530)
    assert wilson_interval(0, 10)[0] == 0.0
    assert math.isnan(wilson_interval(0, 0)[0])


def test_multilabel_report_metrics_through_check():
    rng = np.random.default_rng(0)
    y_true = (rng.random((200, 4)) < 0.4).astype(int)
    y_pred = np.where(rng.random((200, 4)) < 0.85, y_true, 1 - y_true)
    report = evalcheck.check(y_true, y_pred, metric="f1", average="samples")
    assert report.inputs["task"] == "multilabel"
    assert close(
        report.metrics["requested"]["value"], sk(skm.f1_score, y_true, y_pred, average="samples")
    )
    assert close(report.metrics["subset_accuracy"], skm.accuracy_score(y_true, y_pred))


@given(multiclass_problem())
def test_log_loss_multiclass_and_binary(problem):
    codes, proba = problem
    report = evalcheck.check(codes, y_score=proba, metric="log_loss")
    assert close(report.metrics["requested"]["value"], skm.log_loss(codes, proba))
    binary = (codes == 0).astype(int)
    p1 = proba[:, 0]
    assert close(
        evalcheck.check(binary, y_score=p1, metric="log_loss").metrics["requested"]["value"],
        skm.log_loss(binary, p1),
    )


@given(multiclass_problem())
def test_brier_score_multiclass_and_binary(problem):
    codes, proba = problem
    report = evalcheck.check(codes, y_score=proba, metric="brier")
    assert close(report.metrics["requested"]["value"], skm.brier_score_loss(codes, proba))
    binary = (codes == 0).astype(int)
    p1 = proba[:, 0]
    assert close(
        evalcheck.check(binary, y_score=p1, metric="brier").metrics["requested"]["value"],
        skm.brier_score_loss(binary, p1),
    )


@pytest.mark.parametrize("threaded", [False, True])
def test_one_vs_rest_columns_counted_in_threads_equal_scikit_learn(monkeypatch, threaded):
    import evalcheck.stats.scores as scores_module

    monkeypatch.setattr(scores_module, "THREADED_SAMPLES", 0 if threaded else 10**12)
    rng = np.random.default_rng(3)
    codes = rng.integers(0, 6, 20_000)
    raw = rng.random((20_000, 6)).round(3) + np.eye(6)[codes] * 0.3  # ties included
    proba = raw / raw.sum(axis=1, keepdims=True)
    ovr = OneVsRest.from_matrix(codes, proba)
    for average in ("macro", "weighted", None):
        expected = skm.roc_auc_score(codes, proba, multi_class="ovr", average=average)
        assert close(ovr.roc_auc(average), expected if average else list(expected))
        onehot = np.eye(6)[codes]
        expected = skm.average_precision_score(onehot, proba, average=average)
        assert close(ovr.average_precision(average), expected if average else list(expected))
