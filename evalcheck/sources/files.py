"""Read prediction files for the CLI: CSV, TSV, Parquet, JSON lines, .npy and .npz.

Files are read with pyarrow (numpy for .npy/.npz, never unpickling). Columns are found by
name or by common conventions; anything missing is a one-line :class:`InputFileError`.
"""

from __future__ import annotations

import fnmatch
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import InputFileError
from ..inputs import column_classes

TRUE_NAMES = ("y_true", "true", "label", "labels", "target", "y", "truth", "actual", "gold")
PRED_NAMES = ("y_pred", "pred", "preds", "prediction", "predictions", "predicted", "y_hat")
SCORE_NAMES = ("y_score", "score", "scores", "proba", "probability", "prob")
SCORE_PREFIXES = ("proba_", "prob_", "score_", "probability_")  # columns found by these
FORMATS = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",
    ".npy": "npy",
    ".npz": "npz",
}


def read_columns(path: str | Path) -> dict[str, Any]:
    """All columns (or arrays) of a prediction file, by name."""
    path = Path(path)
    if path.is_dir():
        return _read_parquet_directory(path)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        raise InputFileError(
            f"{path}: unknown file type {path.suffix!r}; expected one of "
            + ", ".join(sorted(FORMATS))
        )
    if not path.is_file():
        raise InputFileError(f"{path}: no such file")
    try:
        if kind in ("npy", "npz"):
            return _read_numpy(path, kind)
        if kind == "json":
            return _read_json(path)
        return _table_columns(_read_arrow(path, kind))
    except InputFileError:
        raise
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputFileError(f"{path}: cannot read as {kind}: {detail}") from None


def parquet_files(directory: Path) -> list[Path]:
    """The Parquet files of a dataset directory (any depth), in path order: the order their
    rows are read in."""
    files = sorted(
        p for p in directory.rglob("*") if p.suffix.lower() in (".parquet", ".pq") and p.is_file()
    )
    if not files:
        raise InputFileError(f"{directory}: a directory without .parquet files")
    return files


def partition_keys(directory: Path) -> dict[Path, dict[str, Any]]:
    """The hive-style partition values of each Parquet file of a dataset directory: the
    ``key=value`` folders of its path below the directory (``day=3/part-0.parquet``), read as
    integers when every value of the key is one, else as text; None where a file's path lacks
    the key."""
    import re
    from urllib.parse import unquote

    found = {
        f: dict(part.split("=", 1) for part in f.relative_to(directory).parts[:-1] if "=" in part)
        for f in parquet_files(directory)
    }
    names = list(dict.fromkeys(key for keys in found.values() for key in keys))
    typed: dict[Path, dict[str, Any]] = {f: {} for f in found}
    for name in names:
        values = [keys[name] for keys in found.values() if name in keys]
        whole = all(re.fullmatch(r"-?\d{1,18}", v) for v in values)
        for f, keys in found.items():
            value = keys.get(name)
            typed[f][name] = None if value is None else int(value) if whole else unquote(value)
    return typed


def with_partition_keys(batch: Any, keys: dict[str, Any], wanted: list[str] | None = None) -> Any:
    """A table or record batch with a constant column per partition key (the ``wanted``
    ones, when given), refused in one line when the file has a column of that name."""
    import pyarrow as pa

    for name, value in keys.items():
        if wanted is not None and name not in wanted:
            continue
        if name in batch.schema.names:
            raise InputFileError(f"partition key {name!r} is also a column of the files")
        kind = pa.int64() if isinstance(value, int) else pa.string()
        column = pa.repeat(pa.scalar(value, kind), batch.num_rows)
        batch = (
            batch.append_column(name, column)
            if hasattr(batch, "append_column")
            else (pa.RecordBatch.from_arrays([*batch.columns, column], [*batch.schema.names, name]))
        )
    return batch


def _read_parquet_directory(directory: Path) -> dict[str, Any]:
    """Every Parquet file of a directory, one after another, as one table (with a column per
    hive-style partition key of their paths)."""
    import pyarrow as pa
    from pyarrow import parquet

    files = partition_keys(directory)
    try:
        tables = [with_partition_keys(parquet.read_table(f), keys) for f, keys in files.items()]
        return _table_columns(pa.concat_tables(tables, promote_options="default"))
    except Exception as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        message = f"{directory}: cannot read its Parquet files as one table: {detail}"
        raise InputFileError(message) from None


def _read_arrow(path: Path, kind: str) -> Any:
    if kind in ("csv", "tsv"):
        from pyarrow import csv

        if path.suffix.lower() == ".txt":  # either: the header line says which
            with open(path, encoding="utf-8", errors="replace") as handle:
                header = handle.readline()
            kind = "tsv" if header.count("\t") > header.count(",") else "csv"
        parse = csv.ParseOptions(delimiter="\t" if kind == "tsv" else ",")
        convert = csv.ConvertOptions(strings_can_be_null=True)  # an empty cell is missing
        return csv.read_csv(path, parse_options=parse, convert_options=convert)
    if kind == "parquet":
        from pyarrow import parquet

        return parquet.read_table(path)
    from pyarrow import json as pa_json

    return pa_json.read_json(path)


def _table_columns(table: Any) -> dict[str, np.ndarray]:
    return {name: table.column(name).to_numpy() for name in table.column_names}


def _read_json(path: Path) -> dict[str, np.ndarray]:
    """A ``.json`` file: JSON lines, or one object mapping column names to lists."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        return _table_columns(_read_arrow(path, "jsonl"))
    if isinstance(data, dict) and all(isinstance(v, list) for v in data.values()):
        return dict(data)  # lists stay lists: evalcheck.check inspects their Python types
    if isinstance(data, list) and all(isinstance(row, dict) for row in data):
        import pyarrow as pa

        return _table_columns(pa.Table.from_pylist(data))
    raise InputFileError(
        f"{path}: expected JSON lines, a list of records or an object of column lists"
    )


def _read_numpy(path: Path, kind: str) -> dict[str, np.ndarray]:
    loaded = np.load(path, allow_pickle=False)
    if kind == "npz":
        with loaded:
            return {name: loaded[name] for name in loaded.files}
    if loaded.dtype.names:
        return {name: loaded[name] for name in loaded.dtype.names}
    raise InputFileError(
        f"{path}: holds one unnamed array of shape {loaded.shape}; save named arrays with "
        "np.savez(path, y_true=..., y_pred=...) or a structured array"
    )


@dataclass(frozen=True)
class Selected:
    """The inputs picked from a file, and the column names they came from."""

    y_true: Any
    y_pred: Any
    y_score: Any
    names: dict[str, str]
    score_classes: tuple[str, ...] | None = None  # what proba_<class> column names say
    groups: Any = None  # batch or group ids, when --groups names a column


def _find(columns: dict[str, Any], wanted: str | None, defaults: tuple[str, ...]) -> str | None:
    if wanted is not None:
        return wanted if wanted in columns else None
    lower = {name.lower(): name for name in columns}
    return next((lower[n] for n in defaults if n in lower), None)


def select_columns(
    path: str | Path,
    columns: dict[str, Any],
    y_true: str | None = None,
    y_pred: str | None = None,
    y_score: str | None = None,
    groups: str | None = None,
) -> Selected:
    """Pick y_true, y_pred, y_score (and groups); a named column that is absent is an error."""
    available = ", ".join(columns) or "none"
    if groups is not None and groups not in columns:
        raise InputFileError(f"{path}: no column {groups!r} for --groups (columns: {available})")
    if _is_wide(y_true) or _is_wide(y_pred):
        return _select_wide(path, columns, y_true, y_pred, y_score, groups)
    names: dict[str, str] = {}
    true_name = _find(columns, y_true, TRUE_NAMES)
    if true_name is None:
        if y_true is not None:
            raise InputFileError(
                f"{path}: no column {y_true!r} for --y-true (columns: {available})"
            )
        raise InputFileError(
            f"{path}: no y_true column found (looked for {', '.join(TRUE_NAMES)}; "
            f"columns: {available}); name it with --y-true"
        )
    names["y_true"] = true_name
    pred_name = _find(columns, y_pred, PRED_NAMES)
    if pred_name is None and y_pred is not None:
        raise InputFileError(f"{path}: no column {y_pred!r} for --y-pred (columns: {available})")
    score_names = _score_columns(columns, y_score)
    if y_score is not None and not score_names:
        raise InputFileError(
            f"{path}: no column matches {y_score!r} for --y-score (columns: {available})"
        )
    if pred_name is None and not score_names:
        raise InputFileError(
            f"{path}: no prediction column found (looked for {', '.join(PRED_NAMES)} and "
            f"score columns {', '.join(p + '*' for p in SCORE_PREFIXES)}; columns: {available}); "
            "name it with --y-pred or --y-score"
        )
    score: Any = None
    if score_names:
        names["y_score"] = ",".join(score_names)
        arrays = [np.asarray(columns[n]) for n in score_names]
        score = arrays[0] if len(arrays) == 1 else np.column_stack(arrays)
    if pred_name is not None:
        names["y_pred"] = pred_name
    return Selected(
        y_true=columns[true_name],
        y_pred=None if pred_name is None else columns[pred_name],
        y_score=score,
        names=names,
        score_classes=column_classes(score_names) if len(score_names) > 1 else None,
        groups=None if groups is None else columns[groups],
    )


WIDE_CHARACTERS = frozenset("*?[,")


def _is_wide(wanted: str | None) -> bool:
    """A glob or comma list: one 0/1 column per label (multilabel indicators)."""
    return wanted is not None and bool(WIDE_CHARACTERS & set(wanted))


def _matching(columns: dict[str, Any], wanted: str) -> list[str]:
    """The columns a comma list of names or globs names: in the list's order, each glob's
    matches in the file's order."""
    found: dict[str, None] = {}
    for pattern in (p.strip() for p in wanted.split(",")):
        found.update((name, None) for name in columns if fnmatch.fnmatchcase(name, pattern))
    return list(found)


def _label_keys(names: list[str], wanted: str) -> list[str]:
    """What each matched column stands for: the part a glob's wildcards matched
    (``true_cat`` of ``true_*`` -> ``cat``); the position for a comma list."""
    if "," in wanted:
        return [str(i) for i in range(len(names))]
    head = re.split(r"[*?\[]", wanted, maxsplit=1)[0]
    tail = re.split(r"[*?\]]", wanted)[-1]
    return [n[len(head) : len(n) - len(tail) if tail else None] for n in names]


def _select_wide(
    path: str | Path,
    columns: dict[str, Any],
    y_true: str | None,
    y_pred: str | None,
    y_score: str | None,
    groups: str | None,
) -> Selected:
    """Multilabel indicators in wide form: ``--y-true 'true_*' --y-pred 'pred_*'``, the
    columns paired by what the wildcards matched (``true_cat`` with ``pred_cat``)."""
    available = ", ".join(columns) or "none"
    if y_true is None or y_pred is None or not (_is_wide(y_true) and _is_wide(y_pred)):
        raise InputFileError(
            f"{path}: wide multilabel columns need both --y-true and --y-pred as globs or "
            "comma lists, e.g. --y-true 'true_*' --y-pred 'pred_*'"
        )
    matched = {}
    for flag, wanted in (("--y-true", y_true), ("--y-pred", y_pred)):
        found = _matching(columns, wanted)
        if not found:
            raise InputFileError(
                f"{path}: no column matches {wanted!r} for {flag} (columns: {available})"
            )
        matched[flag] = (found, _label_keys(found, wanted))
    (true_names, true_keys), (pred_names, pred_keys) = matched["--y-true"], matched["--y-pred"]
    if sorted(true_keys) != sorted(pred_keys):
        raise InputFileError(
            f"{path}: --y-true matches {', '.join(true_names)} but --y-pred matches "
            f"{', '.join(pred_names)}: give one y_pred column per y_true column, named alike"
        )
    by_key = dict(zip(pred_keys, pred_names))
    pred_names = [by_key[k] for k in true_keys]
    names = {"y_true": ",".join(true_names), "y_pred": ",".join(pred_names)}
    score = None
    if y_score is not None:
        score_names = _matching(columns, y_score)
        if not score_names:
            raise InputFileError(
                f"{path}: no column matches {y_score!r} for --y-score (columns: {available})"
            )
        names["y_score"] = ",".join(score_names)
        score = np.column_stack([np.asarray(columns[n]) for n in score_names])
    return Selected(
        y_true=np.column_stack([np.asarray(columns[n]) for n in true_names]),
        y_pred=np.column_stack([np.asarray(columns[n]) for n in pred_names]),
        y_score=score,
        names=names,
        groups=None if groups is None else columns[groups],
    )


def _score_columns(columns: dict[str, Any], wanted: str | None) -> list[str]:
    if wanted is not None:
        return _matching(columns, wanted)
    lower = {name.lower(): name for name in columns}
    single = next((lower[n] for n in SCORE_NAMES if n in lower), None)
    if single is not None:
        return [single]
    return [name for name in columns if name.lower().startswith(SCORE_PREFIXES)]


def write_atomically(path: str | Path, text: str) -> Path:
    """Write ``text`` to ``path`` via a temporary file in the same folder and a rename, so a
    reader never sees a half-written file and a failure leaves the old file in place."""
    import os
    import tempfile

    target = Path(path)
    handle, temporary = tempfile.mkstemp(
        dir=target.parent if str(target.parent) else ".", prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes 0600; give what open() would
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target
