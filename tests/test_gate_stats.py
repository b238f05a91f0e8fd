"""The statistics behind gates and compare, against scikit-learn, statsmodels and scipy."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy.stats import bootstrap, mannwhitneyu
from sklearn import metrics as skm
from statsmodels.stats.contingency_tables import mcnemar
from statsmodels.stats.proportion import proportion_confint

from evalcheck.gate.batched import metric_values
from evalcheck.gate.bounds import auc_interval, label_interval
from evalcheck.gate.paired import delong, mcnemar_exact, paired_auc, paired_bootstrap
from evalcheck.metrics import wilson_interval

SKLEARN = {
    "accuracy": lambda t, p, **kw: skm.accuracy_score(t, p),
    "balanced_accuracy": lambda t, p, **kw: skm.balanced_accuracy_score(t, p),
    "mcc": lambda t, p, **kw: skm.matthews_corrcoef(t, p),
    "precision": lambda t, p, **kw: skm.precision_score(t, p, zero_division=0, **kw),
    "recall": lambda t, p, **kw: skm.recall_score(t, p, zero_division=0, **kw),
    "f1": lambda t, p, **kw: skm.f1_score(t, p, zero_division=0, **kw),
}

labels = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 4)), min_size=1, max_size=60)


def matrix_of(t: np.ndarray, p: np.ndarray, k: int) -> np.ndarray:
    m = np.zeros((k, k), dtype=np.int64)
    np.add.at(m, (t, p), 1)
    return m


def used(t: np.ndarray, p: np.ndarray) -> tuple[np.ndarray, np.ndarray, int]:
    """Relabel to 0..k-1 over the classes either side holds, as the matrices are built."""
    classes, codes = np.unique(np.concatenate([t, p]), return_inverse=True)
    return codes[: t.size], codes[t.size :], len(classes)


@given(labels)
def test_batched_label_metrics_equal_sklearn(pairs):
    t, p = (np.array(side) for side in zip(*pairs))
    ct, cp, k = used(t, p)
    m = matrix_of(ct, cp, k)[None]
    for metric, reference in SKLEARN.items():
        averages = ("micro", "macro", "weighted") if metric in ("precision", "recall", "f1") else ()
        for average in averages or (None,):
            kw = {"average": average} if average else {}
            ours = metric_values(m, metric, average or "macro")[0]
            assert ours == pytest.approx(reference(t, p, **kw), abs=1e-12), (metric, average)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=60))
def test_batched_binary_average_equals_sklearn(pairs):
    t, p = (np.array(side, dtype=int) for side in zip(*pairs))
    m = matrix_of(t, p, 2)[None]
    for metric in ("precision", "recall", "f1"):
        expected = SKLEARN[metric](t, p, average="binary", labels=[0, 1])
        assert metric_values(m, metric, "binary", positive=1)[0] == pytest.approx(
            expected, abs=1e-12
        )


@given(st.integers(0, 500), st.integers(1, 500))
def test_wilson_interval_equals_statsmodels(successes, n):
    successes = min(successes, n)
    low, high = proportion_confint(successes, n, alpha=0.05, method="wilson")
    ours = wilson_interval(successes, n)
    assert ours == pytest.approx((low, high), abs=1e-12)


@given(st.lists(st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=80))
def test_mcnemar_exact_equals_statsmodels(pairs):
    base, candidate = (np.array(side) for side in zip(*pairs))
    lost, gained, p = mcnemar_exact(base, candidate)
    table = [
        [np.sum(base & candidate), lost],
        [gained, np.sum(~base & ~candidate)],
    ]
    assert p == pytest.approx(mcnemar(table, exact=True).pvalue, abs=1e-12)


def brute_force_delong(y: np.ndarray, a: np.ndarray, b: np.ndarray) -> tuple[float, float]:
    """AUC difference and its variance from the definition (DeLong et al. 1988)."""

    def components(s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        pos, neg = s[y], s[~y]
        psi = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
        return psi.mean(axis=1), psi.mean(axis=0)

    (va10, va01), (vb10, vb01) = components(a), components(b)
    s10 = np.cov(np.vstack([va10, vb10]))
    s01 = np.cov(np.vstack([va01, vb01]))
    cov = s10 / y.sum() + s01 / (~y).sum()
    return vb10.mean() - va10.mean(), cov[0, 0] + cov[1, 1] - 2 * cov[0, 1]


@given(
    st.lists(
        st.tuples(st.booleans(), st.integers(0, 6), st.integers(0, 6)), min_size=4, max_size=60
    )
)
def test_delong_equals_sklearn_and_the_definition(rows):
    y = np.array([r[0] for r in rows])
    if y.all() or not y.any() or y.sum() < 2 or (~y).sum() < 2:
        return
    a, b = (np.array([r[i] for r in rows], dtype=float) for i in (1, 2))
    aucs, _ = delong(y, np.vstack([a, b]))
    assert aucs == pytest.approx([skm.roc_auc_score(y, a), skm.roc_auc_score(y, b)], abs=1e-12)
    u = mannwhitneyu(a[y], a[~y]).statistic
    assert aucs[0] == pytest.approx(u / (y.sum() * (~y).sum()), abs=1e-12)
    difference, variance = brute_force_delong(y, a, b)
    result = paired_auc(y, a, b)
    assert result.difference == pytest.approx(difference, abs=1e-12)
    half = (result.high - result.low) / 2
    assert half == pytest.approx(1.959963984540054 * math.sqrt(max(variance, 0)), abs=1e-9)


def test_paired_bootstrap_interval_agrees_with_scipy():
    rng = np.random.default_rng(3)
    t = rng.integers(0, 3, 400)
    base = np.where(rng.random(400) < 0.7, t, rng.integers(0, 3, 400))
    candidate = np.where(rng.random(400) < 0.8, t, rng.integers(0, 3, 400))
    ours = paired_bootstrap(t, base, candidate, "f1", "macro", None, k=3, resamples=4000)

    def difference(tt, bb, cc):
        return skm.f1_score(tt, cc, average="macro") - skm.f1_score(tt, bb, average="macro")

    reference = bootstrap(
        (t, base, candidate),
        difference,
        paired=True,
        vectorized=False,
        n_resamples=2000,
        method="percentile",
        random_state=0,
    ).confidence_interval
    assert ours.difference == pytest.approx(difference(t, base, candidate), abs=1e-12)
    assert ours.low == pytest.approx(reference.low, abs=0.01)
    assert ours.high == pytest.approx(reference.high, abs=0.01)
    assert ours.low > 0 and ours.p_value < 0.05 and ours.verdict(0.05) == "better"


def test_bootstrap_interval_of_a_gate_agrees_with_scipy():
    rng = np.random.default_rng(5)
    t = rng.integers(0, 3, 300)
    p = np.where(rng.random(300) < 0.75, t, rng.integers(0, 3, 300))
    ours = label_interval(t, p, "f1", "macro", resamples=4000)
    reference = bootstrap(
        (t, p),
        lambda a, b: skm.f1_score(a, b, average="macro"),
        paired=True,
        vectorized=False,
        n_resamples=2000,
        method="percentile",
        random_state=0,
    ).confidence_interval
    assert ours.value == pytest.approx(skm.f1_score(t, p, average="macro"), abs=1e-12)
    assert (ours.low, ours.high) == pytest.approx((reference.low, reference.high), abs=0.01)
    assert ours.method == "percentile bootstrap, 4000 resamples"


def test_gate_intervals_use_the_documented_method():
    t = np.array([0, 1] * 50)
    p = t.copy()
    p[:10] = 1 - p[:10]
    accuracy = label_interval(t, p, "accuracy")
    assert accuracy.method == "Wilson score interval"
    assert (accuracy.low, accuracy.high) == pytest.approx(
        proportion_confint(90, 100, method="wilson"), abs=1e-12
    )
    recall = label_interval(t, p, "recall", "binary", pos_label=1)
    assert recall.method == "Wilson score interval"
    assert (recall.low, recall.high) == pytest.approx(
        proportion_confint(45, 50, method="wilson"), abs=1e-12
    )
    assert label_interval(t, p, "f1", "micro").method == "Wilson score interval"
    assert label_interval(t, p, "f1", "binary").method.startswith("percentile bootstrap")
    scores = t + np.linspace(-0.9, 0.9, 100)
    auc = auc_interval(t, scores)
    assert auc.method == "DeLong" and auc.value == pytest.approx(skm.roc_auc_score(t, scores))
    assert auc.low < auc.value <= auc.high <= 1.0


def test_no_disagreement_means_no_difference():
    t = np.array([0, 1, 1, 0, 1])
    result = paired_bootstrap(t, t, t, "f1", "binary", 1, k=2, resamples=200)
    assert result.difference == 0 and result.p_value == 1.0
    assert result.verdict(0.05) == "no significant difference"
    assert mcnemar_exact(t == t, t == t) == (0, 0, 1.0)
