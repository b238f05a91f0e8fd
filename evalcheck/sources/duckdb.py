"""``evalcheck check --sql QUERY``: check the rows a DuckDB query returns.

The query runs on an in-memory DuckDB connection (files are read with DuckDB's own readers:
``FROM 'logs/*.parquet'``, ``read_csv(...)``). Its result columns are found as a file's are
(``y_true`` / ``label``, ``y_pred`` / ``pred``, or ``--y-true`` and friends). A label check
streams the result in record batches into the Accumulator; anything else is fetched whole and
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


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def check_sql(query: str, spec: Any, settings: Settings, progress: bool = False) -> Report:
    """The report of the query's rows as ``spec`` (columns, call, gates) says."""
    from ..gate.checks import check_columns, streamed_columns, typed_call
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
            batches = relation.to_arrow_reader(BATCH_ROWS)
            shown = Progress("the query", None) if progress else None
            report = stream_check(
                batches, columns, lambda y: typed_call(spec.call, y), settings, shown
            )
            used = {k: v for k, v in columns.items() if v is not None and k != "groups"}
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
