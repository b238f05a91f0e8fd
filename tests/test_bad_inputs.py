"""Bad data becomes findings (or a UsageError for bad arguments), never another exception."""

import json
import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays

import evalcheck

GOOD = [0, 1] * 20

BAD_INPUTS = {
    "empty": ([], [], {"EC102"}),
    "ragged": ([[0, 1], [1]], GOOD[:2], {"EC112"}),
    "nan everywhere": ([math.nan] * 40, GOOD, {"EC104"}),
    "nan predictions": (GOOD, [math.nan] * 40, {"EC103"}),
    "mixed str/int/None": (["a", 1, None] * 10, ["a"] * 30, {"EC113"}),
    "complex": (GOOD, [complex(v, 1) for v in GOOD], {"EC112"}),
    "datetime": (np.array(["2020-01-01"] * 40, dtype="M8[D]"), GOOD, {"EC112"}),
    "dicts": ([{"a": 1}] * 40, GOOD, {"EC112"}),
    "3-D": (GOOD, np.zeros((40, 2, 2)), {"EC106"}),
    "length mismatch": (GOOD, GOOD[:-3], {"EC101"}),
    "scalar": (5, GOOD, {"EC112"}),
    "string instead of list": ("01010", GOOD, {"EC112"}),
    "row vector": (np.asarray(GOOD).reshape(1, -1), GOOD, {"EC106"}),
    "one-hot vs indices": (GOOD, np.eye(2)[GOOD], {"EC106"}),
    "bytes": ([b"a", b"b"] * 20, GOOD, {"EC112"}),
    "None in labels": (["a", None] * 20, ["a", "b"] * 20, {"EC104"}),
    "inf in scores": (GOOD, [0.5, math.inf] * 20, {"EC103"}),
}


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_a_finding(case):
    y_true, y_pred, expected = BAD_INPUTS[case]
    report = evalcheck.check(y_true, y_pred, metric="f1", average="macro")
    codes = {f.code for f in report.findings}
    assert expected <= codes, str(report)
    assert "EC000" not in codes, str(report)
    json.loads(report.to_json())  # strict JSON round-trips
    assert str(report)
    assert report.exit_code() == 1


def test_rules_that_cannot_run_are_listed_with_the_reason():
    report = evalcheck.check(GOOD, GOOD[:-3])
    reasons = {s.code: s.reason for s in report.skipped}
    assert "EC201" in reasons and "40 samples and y_pred 37" in reasons["EC201"]


@pytest.mark.parametrize(
    "kwargs",
    [
        {"metric": "f2_score"},
        {"metric": "f1", "average": "mean"},
        {"zero_division": 5},
        {"multi_class": "one-vs-all"},
        {"threshold": "high"},
        {"labels": []},
        {"labels": "abc"},
        {"settings": {"select": ["NOPE"]}},
        {"settings": {"fail_on": "sometimes"}},
        {"settings": {"options": {"misleading-accuracy": {"nonsense": 1}}}},
    ],
)
def test_invalid_arguments_raise_usage_error(kwargs):
    with pytest.raises(evalcheck.UsageError):
        evalcheck.check(GOOD, GOOD, **kwargs)


def test_unknown_metric_message_lists_valid_names():
    with pytest.raises(evalcheck.UsageError, match=r"accuracy.*roc_auc"):
        evalcheck.check(GOOD, GOOD, metric="f2")
    assert issubclass(evalcheck.UsageError, ValueError)


values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 3),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
    st.binary(max_size=2),
    st.complex_numbers(max_magnitude=2),
    st.lists(st.integers(0, 2), max_size=3),
    st.dictionaries(st.text(max_size=1), st.integers(), max_size=1),
)


@given(st.lists(values, max_size=12), st.lists(values, max_size=12))
def test_arbitrary_python_values_never_raise(y_true, y_pred):
    report = evalcheck.check(y_true, y_pred, metric="f1", average="macro")
    assert "EC000" not in {f.code for f in report.findings}, str(report)
    json.loads(report.to_json())


@given(
    st.lists(st.integers(0, 3), min_size=1, max_size=30),
    st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=1, max_size=30),
)
def test_float_predictions_never_raise(y_true, y_pred):
    report = evalcheck.check(y_true, y_pred)
    assert "EC000" not in {f.code for f in report.findings}, str(report)
    json.loads(report.to_json())


label_arrays = st.one_of(
    st.lists(st.integers(-2, 3), min_size=0, max_size=25),
    st.lists(st.sampled_from(["a", "b", "c"]), min_size=0, max_size=25),
    st.lists(st.sampled_from([0.0, 1.0, 0.5, float("nan")]), min_size=0, max_size=25),
    st.lists(st.lists(st.integers(0, 1), min_size=3, max_size=3), min_size=0, max_size=25),
)
score_arrays = st.one_of(
    st.none(),
    st.lists(st.floats(-3, 3), min_size=0, max_size=25),
    st.lists(st.lists(st.floats(0, 1), min_size=3, max_size=3), min_size=0, max_size=25),
    st.lists(st.sampled_from([0.0, 1.0, float("nan"), float("inf")]), min_size=0, max_size=25),
)
calls = st.fixed_dictionaries(
    {},
    optional={
        "metric": st.sampled_from(
            [
                "accuracy",
                "f1",
                "precision",
                "roc_auc",
                "average_precision",
                "log_loss",
                "binary_accuracy",
                "jaccard",
                "mcc",
            ]
        ),
        "average": st.sampled_from(["binary", "micro", "macro", "weighted", "samples", None]),
        "threshold": st.floats(0, 1),
        "zero_division": st.sampled_from([0, 1, "nan"]),
        "pos_label": st.sampled_from([1, "a", 0]),
    },
)


@given(label_arrays, label_arrays, score_arrays, st.one_of(st.none(), label_arrays), calls)
def test_every_rule_survives_any_combination(y_true, y_pred, y_score, groups, call):
    if "average" in call and call.get("metric") in (
        None,
        "accuracy",
        "mcc",
        "log_loss",
        "binary_accuracy",
    ):
        call.pop("average")
    report = evalcheck.check(y_true, y_pred, y_score=y_score, groups=groups, **call)
    crashed = [f for f in report.findings if f.code == "EC000"]
    assert not crashed, crashed[0].message + " " + str(crashed[0].evidence)
    json.loads(report.to_json())
    assert report.to_html(timestamp="t").startswith("<!doctype html>")
    assert str(report)


numpy_arrays = arrays(
    st.sampled_from([np.int8, np.uint8, np.uint64, np.int64, np.float32, np.float64, np.bool_]),
    array_shapes(min_dims=1, max_dims=3, max_side=12),
)


@given(
    numpy_arrays,
    st.one_of(st.none(), numpy_arrays),
    st.one_of(st.none(), numpy_arrays),
    st.sampled_from([{}, {"metric": "f1", "average": "macro"}, {"metric": "roc_auc"}]),
)
def test_numpy_arrays_of_any_dtype_and_shape(y_true, y_pred, y_score, call):
    if call.get("metric") == "f1" and y_pred is None and y_score is None:
        with pytest.raises(evalcheck.UsageError, match="needs y_pred"):
            evalcheck.check(y_true, **call)
        return
    report = evalcheck.check(y_true, y_pred, y_score=y_score, **call)
    assert "EC000" not in {f.code for f in report.findings}, str(report)
    json.loads(report.to_json())
