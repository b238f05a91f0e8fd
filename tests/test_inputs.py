"""Inputs of every common type are read the same way; suitable arrays are never copied."""

import numpy as np
import pandas as pd
import polars as pl
import pytest

import evalcheck
from evalcheck.inputs import inspect_input

Y_TRUE = [0, 1, 2, 2, 1, 0, 2, 1, 0, 0] * 5
Y_PRED = [0, 1, 2, 1, 1, 0, 2, 0, 0, 0] * 5


class FakeTensor:
    """Quacks like a torch tensor: detach() / cpu() / numpy()."""

    def __init__(self, data):
        self.data = np.asarray(data)
        self.calls = []

    def detach(self):
        self.calls.append("detach")
        return self

    def cpu(self):
        self.calls.append("cpu")
        return self

    def numpy(self):
        return self.data


class ArrayLike:
    def __init__(self, data):
        self.data = np.asarray(data)

    def __array__(self, dtype=None, copy=None):
        return self.data


CONVERTERS = {
    "list": list,
    "tuple": tuple,
    "ndarray": np.asarray,
    "column": lambda v: np.asarray(v).reshape(-1, 1),
    "pandas": pd.Series,
    "pandas-frame": lambda v: pd.DataFrame({"y": v}),
    "polars": pl.Series,
    "tensor": FakeTensor,
    "array-like": ArrayLike,
}


@pytest.mark.parametrize("name", CONVERTERS)
def test_every_container_gives_the_same_report(name):
    convert = CONVERTERS[name]
    expected = evalcheck.check(Y_TRUE, Y_PRED, metric="f1", average="macro")
    report = evalcheck.check(convert(Y_TRUE), convert(Y_PRED), metric="f1", average="macro")
    assert report.metrics == expected.metrics
    assert [f.code for f in report.findings] == [f.code for f in expected.findings]


def test_torch_like_tensor_is_detached_and_moved_to_cpu():
    tensor = FakeTensor(Y_TRUE)
    facts = inspect_input("y_true", tensor)
    assert tensor.calls == ["detach", "cpu"]
    assert facts.kind == "int"


def test_numpy_input_is_not_copied():
    y = np.asarray(Y_TRUE, dtype=np.int64)
    assert np.shares_memory(inspect_input("y_true", y).values, y)
    column = y.reshape(-1, 1)
    assert np.shares_memory(inspect_input("y_true", column).values, y)
    scores = np.random.default_rng(0).random((50, 3))
    assert np.shares_memory(inspect_input("y_score", scores).values, scores)


def test_inputs_are_not_modified():
    y_true = np.asarray(Y_TRUE)
    y_pred = np.asarray(Y_PRED, dtype=float)
    before = y_true.copy(), y_pred.copy()
    y_true.flags.writeable = False
    y_pred.flags.writeable = False
    evalcheck.check(y_true, y_pred, metric="f1", average="macro")
    np.testing.assert_array_equal(y_true, before[0])
    np.testing.assert_array_equal(y_pred, before[1])


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ([1, 2, 3], "int"),
        ([1.0, 2.0], "float"),
        (["a", "b"], "str"),
        ([True, False], "bool"),
        (np.array(["a", "b"], dtype=object), "str"),
        (pd.Series(["a", None, "b"]), "str"),
        (pd.array([1, None, 3], dtype="Int64"), "float"),
        ([1, "a"], "mixed"),
        ([True, 2], "mixed"),
        ([1 + 2j], "unsupported"),
        ([{"a": 1}], "unsupported"),
        ([[1, 2], [3]], "unsupported"),
        (np.array(["2020-01-01"], dtype="M8[D]"), "unsupported"),
        ([b"x"], "unsupported"),
        (7, "unsupported"),
        ({"a": [1, 2]}, "unsupported"),
        ([], "empty"),
    ],
)
def test_kinds(value, kind):
    assert inspect_input("y_true", value).kind == kind


def test_missing_values_are_counted_with_positions():
    facts = inspect_input("y_pred", [1.0, np.nan, 2.0, np.inf, None])
    assert (facts.n_missing, facts.n_infinite) == (2, 1)
    assert facts.missing_positions == (1, 3, 4)


def test_float_whole_numbers_are_labels_not_scores():
    assert not inspect_input("y_pred", [0.0, 1.0, 2.0]).is_continuous
    assert inspect_input("y_pred", [0.2, 1.0]).is_continuous
