"""Anything array-like -> facts about it. Never raises on bad data.

Each input (y_true, y_pred, y_score) becomes an :class:`InputFacts`: its canonical numpy
array (a view of the caller's array whenever possible, never a copy of a suitable one), its
layout, the kind of values it holds, and counts of what is wrong with it. The EC1xx rules
report those facts; everything downstream reads only well-formed arrays.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

FIRST_POSITIONS = 5  # how many offending positions evidence lists
FRACTIONAL_EXAMPLES = 4  # how many distinct fractional values evidence lists


@dataclass(frozen=True)
class ValueSummary:
    """What the finite values of a float input look like, as the rules about continuous
    labels quote them. Mergeable: batches give the summary of their concatenation."""

    n_finite: int
    low: float
    high: float
    n_fractional: int
    fractional_examples: tuple[float, ...]  # the smallest distinct fractional values
    max_distance: float  # the largest distance of a value to the nearest integer

    @classmethod
    def of(cls, values: np.ndarray) -> ValueSummary:
        finite = values[np.isfinite(values)]
        if finite.size == 0:
            return cls(0, math.nan, math.nan, 0, (), 0.0)
        distance = np.abs(finite - np.rint(finite))
        fractional = finite[distance > 0]
        examples = np.unique(fractional)[:FRACTIONAL_EXAMPLES]
        return cls(
            int(finite.size),
            float(finite.min()),
            float(finite.max()),
            int(fractional.size),
            tuple(float(v) for v in examples),
            float(distance.max()),
        )

    def merge(self, other: ValueSummary) -> ValueSummary:
        if not other.n_finite or not self.n_finite:
            return self if self.n_finite else other
        examples = sorted({*self.fractional_examples, *other.fractional_examples})
        return ValueSummary(
            self.n_finite + other.n_finite,
            min(self.low, other.low),
            max(self.high, other.high),
            self.n_fractional + other.n_fractional,
            tuple(examples[:FRACTIONAL_EXAMPLES]),
            max(self.max_distance, other.max_distance),
        )

    @property
    def fractional_share(self) -> float:
        return self.n_fractional / self.n_finite if self.n_finite else 0.0


@dataclass(frozen=True)
class InputFacts:
    """What one input holds.

    ``layout``: missing, scalar, vector (n,), column (n,1), row (1,n), matrix (n,k), tensor
    (3-D or more) or unreadable. ``kind``: int, float, bool, str, mixed, unsupported or empty.
    """

    name: str
    given: bool
    source_type: str = "None"
    shape: tuple[int, ...] = ()
    layout: str = "missing"
    kind: str = "empty"
    values: np.ndarray | None = None
    problem: str | None = None
    kinds_found: dict[str, list[str]] = field(default_factory=dict)
    n_missing: int = 0
    n_infinite: int = 0
    missing_positions: tuple[int, ...] = ()
    integral: bool = True
    arrow: Any = field(default=None, repr=False, compare=False)  # str labels, hashed once
    summary: ValueSummary | None = field(default=None, repr=False, compare=False)

    @property
    def label_values(self) -> Any:
        """The labels as the encoder reads them fastest: pyarrow for strings, else numpy."""
        return self.arrow if self.arrow is not None else self.values

    @property
    def n_samples(self) -> int:
        """Samples along the sample axis (a (1,n) row counts n)."""
        if not self.shape:
            return 0
        return self.shape[1] if self.layout == "row" else self.shape[0]

    @property
    def n_bad(self) -> int:
        """Values that are NaN, None or infinite."""
        return self.n_missing + self.n_infinite

    @property
    def is_continuous(self) -> bool:
        """Float values that are not all whole numbers: scores, not labels."""
        return self.kind == "float" and not self.integral

    @cached_property
    def value_summary(self) -> ValueSummary:
        """Range and fractional values of a float input (given, or computed once)."""
        if self.summary is not None:
            return self.summary
        return ValueSummary.of(np.asarray(self.values, dtype=np.float64))

    @cached_property
    def is_indicator(self) -> bool:
        """A 2-D matrix of 0/1 values: one-hot rows or multilabel indicators."""
        if self.layout != "matrix" or self.kind not in ("int", "bool", "float") or self.n_bad:
            return False
        return bool(((self.values == 0) | (self.values == 1)).all())

    def as_one_row_matrix(self) -> InputFacts:
        """A (1, k) row read as one sample with k columns (the scores of one sample), not as
        k samples."""
        from dataclasses import replace

        if self.layout != "row":
            return self
        return replace(self, layout="matrix", values=self.values.reshape(1, -1))

    @property
    def n_values(self) -> int:
        """How many values it holds (from the shape when the values are not kept)."""
        if self.values is not None:
            return int(self.values.size)
        return math.prod(self.shape) if self.given and self.layout != "unreadable" else 0


def _type_name(x: Any) -> str:
    cls = type(x)
    module = cls.__module__.split(".")[0]
    return cls.__name__ if module == "builtins" else f"{module}.{cls.__name__}"


def to_numpy(x: Any) -> tuple[np.ndarray | None, str | None]:
    """Convert ``x`` to a numpy array without copying a suitable one.

    Returns ``(array, problem)``; ``problem`` says why ``x`` is not array-like.
    """
    if isinstance(x, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(x)
        if not mask.any():
            return np.asarray(x.data), None
        values = np.array(x.data, dtype=object)  # masked entries are missing, not values
        values[mask] = None
        return values, None
    if isinstance(x, np.ndarray):
        return x, None
    if isinstance(x, Mapping):
        return None, f"a mapping ({_type_name(x)}), not an array of labels"
    if _is_set(x):
        return None, f"a {_type_name(x)}, which has no order: samples cannot be paired"
    if isinstance(x, (str, bytes, int, float, complex, bool)) or np.isscalar(x):
        return None, f"a single {_type_name(x)} value ({x!r:.40}), not an array"
    if hasattr(x, "detach") and hasattr(x, "numpy"):  # torch tensors, duck-typed
        x = x.detach()
        x = x.cpu() if hasattr(x, "cpu") else x
        return np.asarray(x.numpy()), None
    if hasattr(x, "to_numpy"):  # pandas and polars Series / DataFrames
        try:
            return np.asarray(x.to_numpy()), None
        except Exception as exc:
            return None, f"{_type_name(x)} could not be converted to an array ({exc})"
    if isinstance(x, (list, tuple)):
        if len(x) and all(isinstance(v, (list, tuple, np.ndarray)) for v in x[:1]):
            lengths = {len(v) if hasattr(v, "__len__") else -1 for v in x}
            if len(lengths) > 1:
                return None, "ragged nested lists (rows of different lengths)"
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return np.array(x, dtype=object), None
        except (ValueError, TypeError) as exc:
            return None, f"a {_type_name(x)} that is not rectangular ({exc})"
    if hasattr(x, "__array__") or hasattr(x, "__array_interface__"):
        try:
            return np.asarray(x), None
        except Exception as exc:
            return None, f"{_type_name(x)} could not be converted to an array ({exc})"
    if hasattr(x, "__iter__"):
        return to_numpy(list(x))
    return None, f"a {_type_name(x)}, which is not array-like"


def _layout(shape: tuple[int, ...]) -> str:
    if len(shape) == 0:
        return "scalar"
    if len(shape) == 1:
        return "vector"
    if len(shape) == 2:
        if shape[1] == 1:
            return "column"
        if shape[0] == 1:
            return "row"
        return "matrix"
    return "tensor"


_UNSUPPORTED_DTYPE = {
    "c": "complex numbers",
    "M": "datetimes",
    "m": "timedeltas",
    "S": "bytes",
    "V": "structured records",
}


def inspect_input(name: str, x: Any) -> InputFacts:
    """Facts about one input; unusable inputs are described, never rejected."""
    if x is None:
        return InputFacts(name=name, given=False)
    source = _type_name(x)
    array, problem = to_numpy(x)
    if array is None:
        return InputFacts(
            name=name,
            given=True,
            source_type=source,
            layout="unreadable",
            kind="unsupported",
            problem=problem,
        )
    shape = tuple(int(s) for s in array.shape)
    layout = _layout(shape)
    base = {"name": name, "given": True, "source_type": source, "shape": shape, "layout": layout}
    if layout == "scalar":
        return InputFacts(**base, kind="unsupported", problem="a 0-dimensional array, not labels")
    if array.size == 0:
        return InputFacts(**base, kind="empty", values=array)
    values = array[:, 0] if layout == "column" else array
    if layout == "row":
        values = array[0]
    dtype_kind = values.dtype.kind
    if dtype_kind in _UNSUPPORTED_DTYPE:
        what = _UNSUPPORTED_DTYPE[dtype_kind]
        return InputFacts(**base, kind="unsupported", problem=f"{what} (dtype {values.dtype})")
    if dtype_kind == "O":
        return _inspect_objects(base, values)
    if dtype_kind in "iu":
        return InputFacts(**base, kind="int", values=values)
    if dtype_kind == "b":
        return InputFacts(**base, kind="bool", values=values)
    if dtype_kind in "UT":
        return InputFacts(**base, kind="str", values=values)
    if dtype_kind == "f":
        return _inspect_floats(base, values)
    return InputFacts(**base, kind="unsupported", problem=f"values of dtype {values.dtype}")


def _bad_positions(bad: np.ndarray) -> tuple[int, ...]:
    """First sample positions (rows for a matrix) where ``bad`` is true."""
    rows = bad if bad.ndim == 1 else bad.any(axis=tuple(range(1, bad.ndim)))
    return tuple(int(i) for i in np.flatnonzero(rows)[:FIRST_POSITIONS])


def _all_whole(values: np.ndarray, block: int = 1 << 20) -> bool:
    """Whether every value is a whole number, in blocks of rows (no full-size temporary)."""
    rows = max(1, block // max(1, values[:1].size))
    return all(
        np.array_equal(part, np.trunc(part))
        for part in (values[i : i + rows] for i in range(0, len(values), rows))
    )


def _inspect_floats(base: dict[str, Any], values: np.ndarray) -> InputFacts:
    finite = np.isfinite(values)
    n_finite = int(np.count_nonzero(finite))
    n_missing = n_infinite = 0
    positions: tuple[int, ...] = ()
    if n_finite == values.size:
        integral = _all_whole(values)
    else:
        n_missing = int(np.count_nonzero(np.isnan(values)))
        n_infinite = values.size - n_finite - n_missing
        positions = _bad_positions(~finite)
        integral = _all_whole(values[finite])
    return InputFacts(
        **base,
        kind="float",
        values=values,
        n_missing=n_missing,
        n_infinite=n_infinite,
        missing_positions=positions,
        integral=integral,
    )


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    return type(v).__name__ in ("NAType", "NaTType")


def _value_kind(v: Any) -> str:
    """The label kind of one Python value: str, int, float, bool, missing or a problem."""
    if _is_missing(v):
        return "missing"
    if isinstance(v, (bool, np.bool_)):
        return "bool"
    if isinstance(v, (int, np.integer)):
        return "int"
    if isinstance(v, (float, np.floating)):
        return "float"
    if isinstance(v, str):
        return "str"
    if isinstance(v, (bytes, bytearray)):
        return "bytes"
    if isinstance(v, (complex, np.complexfloating)):
        return "complex numbers"
    if isinstance(v, Mapping):
        return "mappings"
    if isinstance(v, (list, tuple, np.ndarray)):
        return "nested sequences (ragged rows)"
    if hasattr(v, "isoformat"):
        return "datetimes"
    return _type_name(v)


_LABEL_KINDS = {"str", "int", "float", "bool", "missing"}


def _inspect_objects(base: dict[str, Any], values: np.ndarray) -> InputFacts:
    """Object arrays: a pyarrow pass infers the type; odd mixes get a Python pass."""
    flat = values.reshape(-1)
    fast = _infer_with_arrow(flat)
    if fast is not None:
        kind, n_missing, missing_mask, numeric, arrow = fast
        if kind == "float" or (kind == "int" and n_missing):
            return _inspect_floats(base, numeric.reshape(values.shape))
        typed = values
        if kind in ("int", "bool") and n_missing == 0:
            typed = numeric.reshape(values.shape)
        positions = _bad_positions(missing_mask.reshape(values.shape)) if n_missing else ()
        return InputFacts(
            **base,
            kind=kind,
            values=typed,
            n_missing=n_missing,
            missing_positions=positions,
            arrow=arrow if kind == "str" and values.ndim == 1 else None,
        )
    examples: dict[str, list[str]] = {}
    kinds = np.array([_value_kind(v) for v in flat], dtype=object)
    for kind in dict.fromkeys(kinds.tolist()):
        where = np.flatnonzero(kinds == kind)
        examples[kind] = [repr(flat[i])[:40] for i in where[:3]]
    unsupported = [k for k in examples if k not in _LABEL_KINDS]
    if unsupported:
        kind = unsupported[0]
        return InputFacts(
            **base,
            kind="unsupported",
            kinds_found=examples,
            problem=f"{kind} (e.g. {examples[kind][0]})",
        )
    missing = kinds == "missing"
    n_missing = int(np.count_nonzero(missing))
    label_kinds = {k for k in examples if k != "missing"}
    if label_kinds == {"int", "float"}:
        label_kinds = {"float"}
    if not label_kinds:  # every value is missing: NaN labels, not an empty input
        return _inspect_floats(base, np.full(values.shape, np.nan))
    kind = label_kinds.pop() if len(label_kinds) == 1 else "mixed"
    return InputFacts(
        **base,
        kind=kind,
        values=values,
        kinds_found=examples,
        n_missing=n_missing,
        missing_positions=_bad_positions(missing.reshape(values.shape)),
    )


_ARROW_KINDS = {
    "string": "str",
    "large_string": "str",
    "int64": "int",
    "double": "float",
    "bool": "bool",
}


def _infer_with_arrow(flat: np.ndarray) -> tuple[str, int, np.ndarray, np.ndarray, Any] | None:
    """``(kind, n_missing, missing mask, numeric values, arrow array)`` when pyarrow reads
    ``flat`` as one plain type; numeric values hold NaN where a number is missing."""
    import pyarrow as pa

    try:
        array = pa.array(flat, from_pandas=True)
    except (pa.ArrowException, TypeError, ValueError, OverflowError):
        return None
    kind = _ARROW_KINDS.get(str(array.type))
    if kind is None:
        return None
    n_missing = array.null_count
    mask = array.is_null().to_numpy(zero_copy_only=False) if n_missing else np.zeros(0, bool)
    numeric = flat
    if kind in ("int", "float") or (kind == "bool" and not n_missing):
        numeric = array.to_numpy(zero_copy_only=False)
    return kind, n_missing, mask, numeric, array


SCORE_PREFIXES = ("proba_", "prob_", "probability_", "score_", "p_")


class ColumnNames(tuple):
    """Classes read off score column names (``proba_<class>``): used when they are the data's
    classes, silently set aside when they are not (unlike ``score_classes`` a caller gives)."""


def column_classes(names: Any) -> ColumnNames | None:
    """The classes that score column names stand for: ``proba_cat`` -> ``cat``; the names
    themselves when no prefix is shared; None without names (or a plain 0..k-1 range)."""
    if names is None:
        return None
    names = [str(n) for n in names]
    for prefix in SCORE_PREFIXES:
        if names and all(n.lower().startswith(prefix) for n in names):
            return ColumnNames(n[len(prefix) :] for n in names)
    if names == [str(i) for i in range(len(names))]:
        return None  # pandas' default column index says nothing
    return ColumnNames(names)


def _is_set(x: Any) -> bool:
    return isinstance(x, (set, frozenset))


@dataclass(frozen=True)
class Evaluation:
    """The facts about one evaluation's inputs."""

    y_true: InputFacts
    y_pred: InputFacts
    y_score: InputFacts
    score_classes: tuple[Any, ...] | None = None  # the class of each y_score column, if named
    score_classes_given: bool = False  # named by the caller, not read off column names

    @classmethod
    def from_inputs(
        cls, y_true: Any, y_pred: Any = None, y_score: Any = None, score_classes: Any = None
    ) -> Evaluation:
        given = score_classes is not None and not isinstance(score_classes, ColumnNames)
        if score_classes is None:
            score_classes = column_classes(getattr(y_score, "columns", None))
        elif isinstance(score_classes, (str, bytes, set, frozenset)) or not hasattr(
            score_classes, "__iter__"
        ):
            from .errors import UsageError

            raise UsageError(f"score_classes={score_classes!r} must be a list of class labels")
        elif given:
            score_classes = tuple(
                v.item() if isinstance(v, np.generic) else v for v in score_classes
            )
        truth = inspect_input("y_true", y_true)
        predicted = inspect_input("y_pred", y_pred)
        score = inspect_input("y_score", y_score)
        if score.layout == "row" and truth.n_samples == 1:  # the scores of one sample
            score = score.as_one_row_matrix()
        return cls(truth, predicted, score, score_classes, given)

    def with_threshold(self, threshold: float) -> Evaluation:
        """y_pred derived from scores, as ``predict`` does: for a binary score the greater class
        where ``y_score >= threshold``, else the other; for indicator targets each label where
        its score reaches the threshold. The same inputs when there is nothing to derive from."""
        from dataclasses import replace

        from .stats.labels import encode

        y_true, y_score = self.y_true, self.y_score
        usable = y_score.kind in ("int", "float", "bool") and not y_score.n_bad
        if self.y_pred.given or not usable:
            return self
        if y_score.layout == "matrix" and y_true.is_indicator and y_true.shape == y_score.shape:
            labels = (y_score.values >= threshold).astype(np.int8)  # each label on its own
            return replace(
                self, y_pred=replace(inspect_input("y_pred", labels), source_type="derived")
            )
        if y_score.layout not in ("vector", "column"):
            return self
        if y_true.layout not in ("vector", "column") or y_true.kind not in ("int", "str", "bool"):
            return self
        if y_true.n_bad or y_true.n_samples != y_score.n_samples:
            return self
        classes, _ = encode(y_true.label_values, y_true.kind)
        if len(classes) != 2:
            return self
        # a 1-D score is the greater class's (predict_proba(X)[:, 1]), whatever class the
        # metric then scores as positive
        predicted = np.where(y_score.values >= threshold, classes[1], classes[0])
        derived = replace(inspect_input("y_pred", predicted), source_type="derived")
        return replace(self, y_pred=derived)

    def without_score_names(self) -> Evaluation:
        """The same inputs with y_score's columns read in the order given."""
        from dataclasses import replace

        return replace(self, score_classes=None)

    @property
    def given(self) -> list[InputFacts]:
        """The inputs the user passed, in y_true, y_pred, y_score order."""
        return [f for f in (self.y_true, self.y_pred, self.y_score) if f.given]
