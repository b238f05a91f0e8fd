"""``evalcheck check --sql QUERY``: check the rows a DuckDB query returns.

The query runs on an in-memory DuckDB connection (files are read with DuckDB's own readers:
``FROM 'logs/*.parquet'``, ``read_csv(...)``). Its result columns are found as a file's are
(``y_true`` / ``label``, ``y_pred`` / ``pred``, or ``--y-true`` and friends).

A label check of integer, boolean or text columns is aggregated in the query: DuckDB counts
each distinct (y_true, y_pred, group) row (``GROUP BY ALL``, in parallel) and only those
counts reach the Accumulator (:meth:`Accumulator.update_counts`). Missing labels have row
numbers to report, and other types (floats) facts that counts lose, so such a check streams
the result in record batches instead; anything else (scores, gates) is fetched whole and
checked like a file read at once. DuckDB is an optional extra: ``pip install
'evalcheck[duckdb]'``.
"""

from __future__ import annotations

import hashlib
from typing import Any

from ..errors import InputFileError, UsageError
from ..findings import Report
from ..settings import Settings

BATCH_ROWS = 1 << 20
COUNTED_TYPES = {
    "TINYINT", "SMALLINT", "INTEGER", "BIGINT",
    "UTINYINT", "USMALLINT", "UINTEGER", "UBIGINT",
    "BOOLEAN", "VARCHAR",
}  # fmt: skip


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _counted_check(
    connection: Any,
    relation: Any,
    query: str,
    columns: dict[str, str | None],
    spec: Any,
    settings: Settings,
) -> Report | None:
    """The report from the query's distinct label rows and their counts, aggregated by
    DuckDB; None when counts would lose what the report says (missing labels, floats)."""
    from ..gate.checks import typed_call
    from ..stats.accumulator import Accumulator

    if columns.get("y_score") or not columns.get("y_pred"):
        return None  # scores have no distinct rows worth counting
    types = dict(zip(relation.columns, (str(t) for t in relation.types)))
    used = {r: columns[r] for r in ("y_true", "y_pred", "groups") if columns.get(r) is not None}
    if any(types.get(name) not in COUNTED_TYPES for name in used.values()):
        return None
    selected = ", ".join(f'"{name.replace(chr(34), chr(34) * 2)}"' for name in used.values())
    counted = connection.sql(
        f"SELECT {selected}, count(*) AS evalcheck_n FROM ({query}) GROUP BY ALL"
    ).to_arrow_table()
    if counted.num_rows == 0 or any(counted.column(i).null_count for i in range(len(used))):
        return None  # no rows (the whole read says so), or missing labels (their rows matter)
    values = {role: counted.column(i).to_numpy(zero_copy_only=False) for i, role in enumerate(used)}
    accumulator = Accumulator(settings=settings, **typed_call(spec.call, values["y_true"]))
    accumulator.update_counts(
        values["y_true"],
        values["y_pred"],
        counted.column("evalcheck_n").to_numpy(),
        groups=values.get("groups"),
    )
    return accumulator.report()


def check_sql(query: str, spec: Any, settings: Settings, progress: bool = False) -> Report:
    """The report of the query's rows as ``spec`` (columns, call, gates) says."""
    from ..gate.checks import _shown_columns, check_columns, streamed_columns, typed_call
    from .files import _table_columns
    from .stream import Progress, stream_check

    try:
        import duckdb
    except ImportError:
        raise UsageError("--sql needs DuckDB: pip install 'evalcheck[duckdb]'") from None
    where = "--sql"
    connection = duckdb.connect()
    try:
        relation = connection.sql(query)
    except duckdb.Error as exc:
        raise InputFileError(f"{where}: {_first_line(exc)}") from None
    if relation is None:
        raise InputFileError(f"{where}: the statement returns no rows; give a SELECT query")
    names = list(relation.columns)
    columns = streamed_columns(where, names, spec)
    report: Report | None = None
    gates: list[Any] = []
    try:
        if columns is not None:
            used = _shown_columns(columns)
            report = _counted_check(connection, relation, query, columns, spec, settings)
        if columns is not None and report is None:
            batches = relation.to_arrow_reader(BATCH_ROWS)
            shown = Progress("the query", None) if progress else None
            report = stream_check(
                batches, columns, lambda y: typed_call(spec.call, y), settings, shown
            )
        if report is None:
            table = connection.sql(query).to_arrow_table()
            report, used, gates = check_columns(where, _table_columns(table), spec, settings)
    except duckdb.Error as exc:
        raise InputFileError(f"{where}: {_first_line(exc)}") from None
    finally:
        connection.close()
    source = {
        "name": spec.name,
        "path": where,
        "sql": query,
        "sha256": hashlib.sha256(query.encode()).hexdigest(),
        "columns": used | ({"groups": spec.groups} if spec.groups else {}),
    }
    return report.model_copy(update={"source": source, "gates": gates})
