"""``evalcheck.spark.check``: lint an evaluation that lives in a Spark DataFrame.

The rows never leave the cluster. A check of integer, boolean or string label columns is one
aggregation: Spark counts each distinct (y_true, y_pred, group) row (``groupBy().count()``)
and only those counts reach the driver (:meth:`Accumulator.update_counts`). Anything else
(scores, float labels, missing labels, whose row numbers a finding reports) runs on the
executors: each partition streams its Arrow record batches into an
:class:`~evalcheck.stats.accumulator.Accumulator` (``mapInArrow``) and hands back only that
accumulator, pickled (counts, a confusion matrix per group, score histograms); the driver
merges one such row per partition, in partition order. Either way the report equals a local
:func:`evalcheck.check` of the same rows in the DataFrame's order.

Executors need evalcheck importable (``pip install evalcheck`` on the cluster's Python, or
``spark.sparkContext.addPyFile``); local mode shares the driver's.
"""

from __future__ import annotations

import pickle
import re
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from ..call import SCORE_METRICS
from ..errors import UsageError
from ..findings import Report
from ..settings import Settings
from ..stats.accumulator import Accumulator


def check(
    df: Any,
    y_true: str = "label",
    y_pred: str | None = "prediction",
    y_score: str | Sequence[str] | None = None,
    *,
    groups: str | None = None,
    settings: Settings | dict[str, Any] | None = None,
    **call: Any,
) -> Report:
    """The report of ``df``'s columns: ``y_true`` and ``y_pred`` name label columns;
    ``y_score`` a numeric column, an array or ML vector column (one score per class, as
    Spark ML's ``probability``), or a list of columns (one per class, in class order);
    ``groups`` a column of group ids. ``call`` is the metric call, as for
    :func:`evalcheck.check` (``metric="f1", average="macro"``).

    Pass ``y_pred=None`` for a check of scores alone.
    """
    settings = Settings.coerce(settings)
    if not (hasattr(df, "schema") and hasattr(df, "mapInArrow")):
        raise UsageError(
            f"evalcheck.spark.check takes a Spark DataFrame, not {type(df).__name__}: use "
            "evalcheck.check for arrays and pandas"
        )
    score_columns = [y_score] if isinstance(y_score, str) else list(y_score or [])
    wanted = {"y_true": y_true, "y_pred": y_pred, "groups": groups}
    missing = [c for c in [*wanted.values(), *score_columns] if c and c not in df.columns]
    if missing:
        shown = ", ".join(df.columns)
        raise UsageError(f"no column {missing[0]!r} in the DataFrame (its columns: {shown})")
    _check_score_types(df, score_columns)
    accumulator = Accumulator(settings=settings, **call)  # a bad call fails here, not remotely
    threshold = accumulator.call.threshold
    if threshold is not None and not y_pred and accumulator.call.metric not in SCORE_METRICS:
        raise UsageError(
            "evalcheck.spark.check does not derive predictions from a threshold: add a "
            f"prediction column, e.g. (F.col(score) >= {threshold:g}).cast('int')"
        )
    selected, names = _selection(df, wanted, score_columns)
    if not score_columns:
        counted = _counted(df, wanted, accumulator)
        if counted is not None:
            return counted.report()
    schema = "partition LONG, state BINARY"
    job = df.select(*selected).mapInArrow(_partition(accumulator, names), schema)
    try:
        rows = job.collect()
    except Exception as exc:  # an executor's UsageError arrives wrapped in a Java trace
        found = re.search(r"evalcheck\.errors\.(?:UsageError|InputFileError): (.+)", str(exc))
        if found is None:
            raise
        raise UsageError(found.group(1).strip()) from None
    parts = [pickle.loads(row["state"]) for row in sorted(rows, key=lambda r: r["partition"])]
    merged = accumulator
    for part in parts:
        if part.n_batches:
            merged = merged.merge(part)
    if not merged.n_batches:  # no rows at all: a check of empty inputs says so
        empty = np.zeros(0)
        merged.update(
            empty,
            empty if y_pred else None,
            y_score=empty if score_columns else None,
            groups=empty if groups else None,
        )
    return merged.report()


COUNTED_TYPES = {
    "ByteType", "ShortType", "IntegerType", "LongType", "BooleanType", "StringType",
}  # fmt: skip


def _counted(df: Any, wanted: dict[str, str | None], empty: Accumulator) -> Accumulator | None:
    """The accumulator of the distinct label rows and their counts, aggregated by Spark;
    None when counts would lose what the report says (missing labels, floats, no rows)."""
    used = {role: column for role, column in wanted.items() if column}
    if any(type(df.schema[c].dataType).__name__ not in COUNTED_TYPES for c in used.values()):
        return None
    rows = df.groupBy(*used.values()).count().collect()
    if not rows or any(value is None for row in rows for value in row):
        return None
    values = {}
    for i, (role, column) in enumerate(used.items()):
        found = [row[i] for row in rows]
        text = type(df.schema[column].dataType).__name__ == "StringType"
        values[role] = np.array(found, dtype=object if text else None)
    counts = np.array([row[-1] for row in rows], dtype=np.int64)
    return empty.update_counts(
        values["y_true"], values.get("y_pred"), counts, groups=values.get("groups")
    )


NUMERIC_TYPES = {
    "ByteType", "ShortType", "IntegerType", "LongType", "FloatType", "DoubleType",
    "DecimalType", "BooleanType",
}  # fmt: skip


def _check_score_types(df: Any, columns: list[str]) -> None:
    """Score columns are numbers, arrays of numbers or ML vectors; else one line, here."""
    for column in columns:
        kind = df.schema[column].dataType
        name = type(kind).__name__
        if name == "ArrayType":
            name = type(kind.elementType).__name__
        if name not in NUMERIC_TYPES and name != "VectorUDT":
            raise UsageError(
                f"y_score column {column!r} holds {kind.simpleString()} values, not scores: "
                "pass a numeric column, an array of numbers or an ML vector (probability)"
            )


def _selection(
    df: Any, wanted: dict[str, str | None], score_columns: list[str]
) -> tuple[list[Any], dict[str, Any]]:
    """The columns to select (ML vectors turned into arrays) and their roles."""
    from pyspark.sql import functions

    selected: list[Any] = []
    names: dict[str, Any] = {}
    for role, column in wanted.items():
        if column:
            names[role] = f"_evalcheck_{role}"
            selected.append(functions.col(column).alias(names[role]))
    scores = []
    for i, column in enumerate(score_columns):
        alias = f"_evalcheck_score_{i}"
        expression = functions.col(column)
        if type(df.schema[column].dataType).__name__ == "VectorUDT":
            from pyspark.ml.functions import vector_to_array

            expression = vector_to_array(expression)
        selected.append(expression.alias(alias))
        scores.append(alias)
    names["y_score"] = scores
    return selected, names


def _partition(accumulator: Accumulator, names: dict[str, Any]) -> Any:
    """The function each partition runs: its batches into a copy of the empty accumulator."""
    blank = pickle.dumps(accumulator)

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        import pyarrow as pa
        from pyspark import TaskContext

        acc = pickle.loads(blank)
        for batch in batches:
            if batch.num_rows:
                acc.update(
                    _column(batch, names.get("y_true")),
                    _column(batch, names.get("y_pred")),
                    y_score=_scores(batch, names["y_score"]),
                    groups=_column(batch, names.get("groups")),
                )
        context = TaskContext.get()
        partition = context.partitionId() if context is not None else 0
        yield pa.RecordBatch.from_pydict(
            {"partition": [partition], "state": [pickle.dumps(acc)]},
            schema=pa.schema([("partition", pa.int64()), ("state", pa.binary())]),
        )

    return run


def _column(batch: Any, name: str | None) -> np.ndarray | None:
    from .stream import _as_numpy

    return _as_numpy(batch, name)


def _scores(batch: Any, names: list[str]) -> np.ndarray | None:
    """One score per sample, or a matrix: an array column's lists, or one column per class
    (a missing list or value is a row of NaN, which the report then counts)."""
    import pyarrow as pa

    if not names:
        return None
    if len(names) > 1:
        return np.column_stack([_float_column(batch.column(n)) for n in names])
    column = batch.column(names[0])
    if not pa.types.is_list(column.type) and not pa.types.is_large_list(column.type):
        return _column(batch, names[0])
    lengths = column.value_lengths().fill_null(-1).to_numpy(zero_copy_only=False)
    widths = set(lengths[lengths >= 0].tolist())
    if len(widths) > 1:
        raise UsageError(
            f"the score arrays have {min(widths)} to {max(widths)} values: give every "
            "sample one score per class"
        )
    width = widths.pop() if widths else 0
    matrix = np.full((len(column), width), np.nan)
    present = lengths >= 0
    values = column.filter(pa.array(present)).flatten()
    matrix[present] = _float_column(values).reshape(-1, width)
    return matrix


def _float_column(column: Any) -> np.ndarray:
    """A numeric Arrow column as float64, nulls as NaN."""
    import pyarrow as pa

    return column.cast(pa.float64()).fill_null(np.nan).to_numpy(zero_copy_only=False)
