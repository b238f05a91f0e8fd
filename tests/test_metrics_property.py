"""Every number evalcheck reports equals scikit-learn's on the same input (to 1e-12)."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from sklearn import metrics as skm

import evalcheck
from evalcheck.call import MetricCall
from evalcheck.stats.labels import ConfusionStats
from evalcheck.value import label_value

TOL = 1e-12


def close(a, b):
    if a is None or b is None:
        return a is b
    if isinstance(a, float) and math.isnan(a):
        return isinstance(b, float) and math.isnan(b)
    return abs(a - b) <= TOL


@st.composite
def label_pairs(draw):
    """Random (y_true, y_pred): ints (negative too) or strings, classes missing on either side,
    sometimes a single class."""
    n = draw(st.integers(1, 60))
    kind = draw(st.sampled_from(["int", "str", "bigint"]))
    n_classes = draw(st.integers(1, 6))
    pool = {
        "int": list(range(-2, n_classes - 2)),
        "bigint": [10**6 * i for i in range(n_classes)],
        "str": [f"c{i}" for i in range(n_classes)],
    }[kind]
    y_true = draw(st.lists(st.sampled_from(pool), min_size=n, max_size=n))
    pred_pool = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=len(pool), unique=True))
    y_pred = draw(st.lists(st.sampled_from(pred_pool), min_size=n, max_size=n))
    return y_true, y_pred


def sk(func, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return func(*args, **kwargs)


@given(label_pairs(), st.sampled_from(["warn", 0, 1]))
def test_summary_metrics_equal_sklearn(pair, zero_division):
    y_true, y_pred = pair
    metrics = evalcheck.check(y_true, y_pred, zero_division=zero_division).metrics
    assert close(metrics["accuracy"], skm.accuracy_score(y_true, y_pred))
    assert close(metrics["balanced_accuracy"], sk(skm.balanced_accuracy_score, y_true, y_pred))
    assert close(metrics["mcc"], sk(skm.matthews_corrcoef, y_true, y_pred))
    assert close(metrics["cohen_kappa"], float(sk(skm.cohen_kappa_score, y_true, y_pred)))
    classes = sorted(set(y_true) | set(y_pred))
    p, r, f, s = sk(
        skm.precision_recall_fscore_support,
        y_true,
        y_pred,
        labels=classes,
        average=None,
        zero_division=zero_division,
    )
    rows = metrics["per_class"]
    assert [row["class"] for row in rows] == [str(c) for c in classes]
    for i, row in enumerate(rows):
        assert close(row["precision"], float(p[i]))
        assert close(row["recall"], float(r[i]))
        assert close(row["f1"], float(f[i]))
        assert row["support"] == s[i]
    for average in ("macro", "micro", "weighted"):
        p, r, f, _ = sk(
            skm.precision_recall_fscore_support,
            y_true,
            y_pred,
            average=average,
            zero_division=zero_division,
        )
        assert close(metrics[average]["precision"], float(p))
        assert close(metrics[average]["recall"], float(r))
        assert close(metrics[average]["f1"], float(f))
    counts = np.unique(np.asarray(y_true), return_counts=True)[1]
    assert close(metrics["majority_baseline"], counts.max() / len(y_true))


@given(label_pairs())
def test_confusion_matrix_equals_sklearn(pair):
    y_true, y_pred = pair
    t, p = np.asarray(y_true), np.asarray(y_pred)
    kind = "str" if t.dtype.kind == "U" else "int"
    stats = ConfusionStats.from_labels(t, kind, p, kind)
    expected = skm.confusion_matrix(y_true, y_pred)
    assert list(stats.classes) == sorted(set(y_true) | set(y_pred))
    np.testing.assert_array_equal(stats.matrix, expected)


@given(label_pairs(), st.integers(1, 4))
def test_merge_of_batches_equals_one_pass(pair, n_parts):
    y_true, y_pred = (np.asarray(a) for a in pair)
    kind = "str" if y_true.dtype.kind == "U" else "int"
    whole = ConfusionStats.from_labels(y_true, kind, y_pred, kind)
    cuts = np.array_split(np.arange(len(y_true)), n_parts)
    parts = [ConfusionStats.from_labels(y_true[c], kind, y_pred[c], kind) for c in cuts if c.size]
    merged = parts[0]
    for part in parts[1:]:
        merged = merged.merge(part)
    assert merged.classes == whole.classes
    np.testing.assert_array_equal(merged.matrix, whole.matrix)


SK_FUNCS = {
    "precision": skm.precision_score,
    "recall": skm.recall_score,
    "f1": skm.f1_score,
    "jaccard": skm.jaccard_score,
}


@given(
    label_pairs(),
    st.sampled_from(sorted(SK_FUNCS)),
    st.sampled_from(["binary", "micro", "macro", "weighted", None]),
    st.sampled_from(["warn", 0, 1, "nan"]),
    st.booleans(),
)
def test_requested_prf_value_equals_sklearn(pair, metric, average, zero_division, use_labels):
    assume(not (metric == "jaccard" and zero_division == "nan"))  # sklearn rejects it
    y_true, y_pred = pair
    classes = sorted(set(y_true) | set(y_pred))
    labels = classes[: max(1, len(classes) - 1)] if use_labels else None
    pos_label = classes[-1]
    zd = np.nan if zero_division == "nan" else zero_division
    kwargs = {"average": average, "zero_division": zd}
    if labels is not None:
        kwargs["labels"] = labels
    if average == "binary":
        kwargs["pos_label"] = pos_label
    try:
        expected = sk(SK_FUNCS[metric], y_true, y_pred, **kwargs)
    except ValueError:
        expected = None
    call = MetricCall.of(
        metric=metric,
        average=average,
        labels=labels,
        zero_division=zero_division,
        pos_label=pos_label if average == "binary" else None,
    )
    t, p = np.asarray(y_true), np.asarray(y_pred)
    kind = "str" if t.dtype.kind == "U" else "int"
    result = label_value(ConfusionStats.from_labels(t, kind, p, kind), call)
    value, note = result.value, result.note
    if expected is None:
        assert value is None and note
    elif average is None:
        assert len(value) == len(expected)
        assert all(close(a, float(b)) for a, b in zip(value, expected))
    else:
        assert close(value, float(expected))


@pytest.mark.parametrize(
    ("metric", "func"),
    [
        ("accuracy", skm.accuracy_score),
        ("balanced_accuracy", skm.balanced_accuracy_score),
        ("mcc", skm.matthews_corrcoef),
        ("cohen_kappa", skm.cohen_kappa_score),
    ],
)
def test_requested_label_metrics_equal_sklearn(metric, func):
    rng = np.random.default_rng(3)
    y_true, y_pred = rng.integers(0, 4, 500), rng.integers(0, 4, 500)
    value = evalcheck.check(y_true, y_pred, metric=metric).metrics["requested"]["value"]
    assert close(value, float(func(y_true, y_pred)))
