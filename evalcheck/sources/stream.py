"""Check label columns of a large file in record batches, with bounded memory.

CSV, TSV, JSON lines and Parquet files, and directories of Parquet files (read one file after
another, in path order), are read by pyarrow one record batch at a time (only the columns
used); each batch goes into an :class:`~evalcheck.Accumulator`, so the report
equals a check of the whole file read at once while memory stays near one batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputFileError, UsageError
from ..findings import Report
from ..settings import Settings
from ..stats.accumulator import Accumulator
from .files import parquet_files, partition_keys, with_partition_keys

STREAMED_FORMATS = ("csv", "tsv", "parquet", "jsonl")
BATCH_ROWS = 1 << 20  # rows per Parquet batch
BLOCK_BYTES = 16 << 20  # bytes per CSV / JSON lines block
BUFFER_BYTES = 4 << 20  # bytes read at a time from a Parquet file


def _csv_options(path: Path, kind: str) -> tuple[Any, Any]:
    from pyarrow import csv

    if path.suffix.lower() == ".txt":  # as io.read_columns decides
        with open(path, encoding="utf-8", errors="replace") as handle:
            header = handle.readline()
        kind = "tsv" if header.count("\t") > header.count(",") else "csv"
    return csv.ParseOptions(delimiter="\t" if kind == "tsv" else ","), csv.ReadOptions(
        block_size=BLOCK_BYTES
    )


def column_names(path: Path, kind: str) -> list[str]:
    """The file's column names, from its schema or header, without reading its rows."""
    if kind == "parquet":
        from pyarrow import parquet

        if not path.is_dir():
            return list(parquet.ParquetFile(path).schema_arrow.names)
        import pyarrow as pa

        files = partition_keys(path)
        schemas = [parquet.read_schema(f) for f in files]
        # files that one table cannot hold are refused as the whole-file read refuses them
        names = list(pa.unify_schemas(schemas, promote_options="default").names)
        keys = [k for k in dict.fromkeys(k for found in files.values() for k in found)]
        return names + [k for k in keys if k not in names]
    if kind in ("csv", "tsv"):
        from pyarrow import csv

        parse, read = _csv_options(path, kind)
        with csv.open_csv(path, parse_options=parse, read_options=read) as reader:
            return list(reader.schema.names)
    from pyarrow import json as pa_json

    with pa_json.open_json(path) as reader:
        return list(reader.schema.names)


def record_batches(path: Path, kind: str, columns: list[str]) -> Iterator[Any]:
    """The file's rows in record batches holding ``columns``."""
    if kind == "parquet":
        from pyarrow import parquet

        files = partition_keys(path) if path.is_dir() else {path: {}}
        for file, keys in files.items():
            # pre_buffer would keep what it read ahead, row group after row group: memory
            # would grow with the file (incompressible score columns show it most)
            reader = parquet.ParquetFile(file, pre_buffer=False, buffer_size=BUFFER_BYTES)
            present = reader.schema_arrow.names
            stored = [c for c in columns if c not in keys or c in present]
            absent = [c for c in stored if c not in present]
            if absent:
                raise InputFileError(
                    f"{file}: no column {absent[0]!r}, which other files of {path} have "
                    f"(its columns: {', '.join(present)})"
                )
            for batch in reader.iter_batches(batch_size=BATCH_ROWS, columns=stored):
                yield with_partition_keys(batch, keys, columns).select(columns)
        return
    if kind in ("csv", "tsv"):
        from pyarrow import csv

        parse, read = _csv_options(path, kind)
        convert = csv.ConvertOptions(include_columns=columns, strings_can_be_null=True)
        with csv.open_csv(
            path, parse_options=parse, read_options=read, convert_options=convert
        ) as reader:
            yield from reader
        return
    from pyarrow import json as pa_json

    with pa_json.open_json(path, read_options=pa_json.ReadOptions(block_size=BLOCK_BYTES)) as r:
        for batch in r:
            yield batch.select(columns)


def _as_numpy(batch: Any, name: str | None) -> np.ndarray | None:
    """A column as ``io.read_columns`` converts it (nulls become NaN or None)."""
    if name is None:
        return None
    return batch.column(name).to_numpy(zero_copy_only=False)


def _scores(batch: Any, names: str | list[str] | None) -> np.ndarray | None:
    """One score column, or several side by side (one per class)."""
    if isinstance(names, list):
        return np.column_stack([_as_numpy(batch, n) for n in names])
    return _as_numpy(batch, names)


def stream_check(
    batches: Iterable[Any],
    names: dict[str, str | None],
    make_call: Callable[[np.ndarray], dict[str, Any]],
    settings: Settings,
    progress: Progress | None = None,
) -> Report | None:
    """The report of the columns ``names`` (y_true, y_pred, y_score, groups) of record
    ``batches``, the call made from the first batch's y_true (``make_call``: labels typed like
    the data); None when the data does not stream (pyarrow's per-block type inference
    disagreeing with a later block, say): the caller then reads it whole."""
    import pyarrow as pa

    accumulator: Accumulator | None = None
    try:
        for batch in _read_ahead(batches):
            if progress is not None:
                progress.advance(batch.num_rows)
            if batch.num_rows == 0:
                continue
            y_true = _as_numpy(batch, names["y_true"])
            if accumulator is None:
                accumulator = Accumulator(settings=settings, **make_call(y_true))
            accumulator.update(
                y_true,
                _as_numpy(batch, names.get("y_pred")),
                y_score=_scores(batch, names.get("y_score")),
                groups=_as_numpy(batch, names.get("groups")),
                score_classes=names.get("score_classes"),
            )
    except InputFileError:
        raise  # the file itself is wrong: one line, however it is read
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError, UsageError):
        return None  # e.g. a later file or block of another type: the whole-file read says so
    finally:
        if progress is not None:
            progress.close()
    return None if accumulator is None else accumulator.report()


def _read_ahead(batches: Iterable[Any]) -> Iterator[Any]:
    """The batches, the next one decoded in a thread while the current one is counted
    (pyarrow decodes without the GIL), never more than those two held at once; an error
    while reading is raised here, in order."""
    import queue
    import threading

    found: queue.Queue[tuple[bool, Any]] = queue.Queue()
    may_read = threading.Semaphore(1)  # released each time the consumer takes the next batch
    stop = threading.Event()

    def read() -> None:
        try:
            iterator = iter(batches)
            while True:
                may_read.acquire()
                if stop.is_set():
                    return
                batch = next(iterator, None)
                if batch is None:
                    break
                found.put((True, batch))
            found.put((False, None))
        except BaseException as exc:  # handed to the consumer, raised there
            found.put((False, exc))

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        while True:
            ok, item = found.get()
            if not ok:
                if item is not None:
                    raise item
                return
            may_read.release()  # decode the next batch while this one is counted
            yield item
            item = None
    finally:
        stop.set()
        may_read.release()
        reader.join()


def stream_file(
    path: Path,
    kind: str,
    names: dict[str, str | None],
    make_call: Callable[[np.ndarray], dict[str, Any]],
    settings: Settings,
    progress: str | None = None,
) -> Report | None:
    """:func:`stream_check` of a file's record batches (only the columns used); ``progress``:
    the name to show in a progress line on stderr."""
    wanted = [names.get(role) for role in ("y_true", "y_pred", "y_score", "groups")]
    flat = [n for v in wanted for n in (v if isinstance(v, list) else [v])]
    columns = [n for n in dict.fromkeys(flat) if n is not None]
    shown = Progress(progress, _total_rows(path, kind)) if progress else None
    return stream_check(record_batches(path, kind, columns), names, make_call, settings, shown)


def _total_rows(path: Path, kind: str) -> int | None:
    """Rows in the file when its metadata says (Parquet), else None."""
    if kind != "parquet":
        return None
    from pyarrow import parquet

    files = parquet_files(path) if path.is_dir() else [path]
    return sum(parquet.ParquetFile(f).metadata.num_rows for f in files)


class Progress:
    """One line on stderr, rewritten in place: rows read (and the share, when known).

    Shown only when the stream is a terminal, from one second into the read, at most five
    times a second; cleared at the end, so nothing is left in logs or pipes. Plain text, no
    colours (NO_COLOR holds trivially).
    """

    DELAY = 1.0
    INTERVAL = 0.2

    def __init__(
        self,
        name: str,
        total: int | None,
        stream: Any = None,
        clock: Callable[[], float] | None = None,
    ) -> None:
        import sys
        import time

        self.name, self.total, self.rows = name, total, 0
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock or time.monotonic
        self.start = self.last = self.clock()
        self.enabled = bool(getattr(self.stream, "isatty", lambda: False)())
        self.width = 0

    def advance(self, rows: int) -> None:
        self.rows += rows
        now = self.clock()
        if not self.enabled or now - self.start < self.DELAY or now - self.last < self.INTERVAL:
            return
        self.last = now
        share = f" ({self.rows / self.total:.0%})" if self.total else ""
        line = f"evalcheck: reading {self.name}: {self.rows:,} rows{share}"
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.width = len(line)

    def close(self) -> None:
        if self.width:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()
