"""Checks of prediction files: one file with the command line's flags, or the checks a project
declares in ``[[tool.evalcheck.checks]]`` (a name, a file or glob, the columns, the metric call,
per-check settings and metric floors). Each file checked gives one Report that records the
file, its SHA-256 and the columns used."""

from __future__ import annotations

import glob
import hashlib
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from ..errors import UsageError
from ..findings import GateResult, Report, jsonable
from ..settings import FailOn, Settings

GLOB_CHARACTERS = frozenset("*?[")


class GateSpec(BaseModel):
    """``min = {metric = "f1", average = "macro", value = 0.80}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    metric: str
    value: float = Field(ge=0, le=1)
    average: str | None = None
    pos_label: Any = None


class CheckSpec(BaseModel):
    """One check: which file, which columns, which call, which settings and floors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str | None = None
    file: str
    y_true: str | None = None
    y_pred: str | None = None
    y_score: str | None = None
    groups: str | None = None
    call: dict[str, Any] = Field(default_factory=dict)
    select: list[str] | None = None
    ignore: list[str] | None = None
    fail_on: FailOn | None = None
    severity: dict[str, str] = Field(default_factory=dict)
    rules: dict[str, dict[str, Any]] = Field(default_factory=dict)
    min: list[GateSpec] = Field(default_factory=list)

    def settings(self, base: Settings) -> Settings:
        """The project's settings with this check's own on top."""
        merged = base.model_dump()
        for key in ("select", "ignore", "fail_on"):
            if getattr(self, key) is not None:
                merged[key] = getattr(self, key)
        merged["severity"] = {**merged["severity"], **self.severity}
        merged["options"] = {**merged["options"], **self.rules}
        return Settings.coerce(merged)

    def files(self, root: Path) -> list[Path]:
        """The files this check reads, relative to ``root`` (a glob: every match, sorted)."""
        pattern = self.file if Path(self.file).is_absolute() else str(root / self.file)
        if not GLOB_CHARACTERS & set(self.file):
            return [Path(pattern)]
        found = sorted(Path(p) for p in glob.glob(pattern, recursive=True))
        if not found:
            raise UsageError(f"{self.label}: no file matches {self.file!r} (in {root})")
        return found

    @property
    def label(self) -> str:
        return f"check {self.name!r}" if self.name else f"check of {self.file}"


def sha256_of(path: Path) -> str:
    """The file's SHA-256; for a directory of Parquet files, the SHA-256 of each file's path
    (relative) and SHA-256, in path order."""
    if path.is_dir():
        from ..sources.files import parquet_files

        digest = hashlib.sha256()
        for file in parquet_files(path):
            digest.update(f"{file.relative_to(path).as_posix()}\0{sha256_of(file)}\n".encode())
        return digest.hexdigest()
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def like(value: Any, reference: Any) -> Any:
    """A label given as text (a flag, a TOML string) in the type of the labels in the data."""
    if not isinstance(value, str):
        return value
    kind = np.asarray(reference).dtype.kind
    try:
        if kind == "b":
            truth = {"true": True, "1": True, "false": False, "0": False}
            return truth.get(value.strip().lower(), value)
        if kind in "iu":
            return int(value)
        if kind == "f":
            number = float(value)
            return int(number) if number.is_integer() else number
    except ValueError:
        return value
    return value


def typed_call(call: dict[str, Any], y_true: Any) -> dict[str, Any]:
    """The call with ``labels`` and ``pos_label`` typed like y_true."""
    typed = dict(call)
    if typed.get("labels") is not None:
        typed["labels"] = [like(v, y_true) for v in typed["labels"]]
    if typed.get("pos_label") is not None:
        typed["pos_label"] = like(typed["pos_label"], y_true)
    return typed


def positive_column(picked: Any, call: dict[str, Any]) -> tuple[Any, Any]:
    """The score column of the positive class, when a binary file names one column per class
    and the metric ranks one class or a threshold derives predictions (a file holds columns,
    not a function's argument)."""
    chosen = positive_index(picked, call)
    if chosen is None:
        return picked.y_score, picked.score_classes
    return picked.y_score[:, chosen], None


def positive_index(picked: Any, call: dict[str, Any]) -> int | None:
    """Which of a binary file's two named score columns :func:`positive_column` reads, or
    None when it reads them all."""
    from ..call import SCORE_METRICS, normalize_metric
    from ..stats.labels import label_sort_key, same_label

    names = picked.score_classes
    metric = normalize_metric(call["metric"]) if call.get("metric") else None
    ranked = metric in ("roc_auc", "average_precision")
    thresholded = call.get("threshold") is not None and metric not in SCORE_METRICS
    if names is None or len(names) != 2 or not (ranked or thresholded):
        return None
    classes = [like(n, picked.y_true) for n in names]
    wanted = call.get("pos_label") if metric == "average_precision" else None
    chosen = next((i for i, c in enumerate(classes) if same_label(c, wanted)), None)
    if chosen is None:  # the greater class's score, as roc_auc_score and predict read it
        chosen = max(range(2), key=lambda i: label_sort_key(classes[i]))
    return chosen


def evaluate_gate(gate: GateSpec, picked: Any, call_pos_label: Any = None) -> GateResult:
    """The gate's metric, its 95% interval and whether the lower end reaches the floor. A
    binary label metric's positive class is the gate's ``pos_label``, else the check's; ROC
    AUC ranks the greater class, as ``roc_auc_score`` does."""
    from ..call import normalize_metric
    from .bounds import auc_interval, check_gate_spec, label_interval

    metric = normalize_metric(gate.metric)
    check_gate_spec(metric, gate.average)
    average = gate.average or ("binary" if metric in ("precision", "recall", "f1") else None)
    pos_label = gate.pos_label if gate.pos_label is not None else call_pos_label
    if metric == "roc_auc" or average != "binary":
        pos_label = None
    result = {"metric": metric, "average": average, "pos_label": pos_label}
    try:
        if metric == "roc_auc":
            scores = positive_column(picked, {"metric": "roc_auc"})[0]
            if scores is None:
                raise UsageError("roc_auc needs a score column (--y-score)")
            interval = auc_interval(np.asarray(picked.y_true), np.asarray(scores))
        else:
            if picked.y_pred is None:
                raise UsageError(f"{metric} needs a y_pred column")
            interval = label_interval(
                picked.y_true,
                picked.y_pred,
                metric,
                average or "binary",
                like(pos_label, picked.y_true),
            )
    except UsageError as exc:
        return GateResult(**result, floor=gate.value, problem=str(exc))
    return GateResult(
        **result,
        floor=gate.value,
        value=interval.value,
        low=interval.low,
        high=interval.high,
        method=interval.method,
    )


def check_file(
    path: Path,
    spec: CheckSpec,
    settings: Settings,
    shown_path: str | None = None,
    progress: bool = False,
) -> Report:
    """Check one prediction file as ``spec`` says; the report records the file. With
    ``progress``, a streamed read shows its progress on stderr when stderr is a terminal."""
    from ..sources.files import read_columns

    streamed = _streamed(path, spec, settings, shown_path if progress else None)
    if streamed is not None:
        report, names = streamed
    else:
        report, names, gates = check_columns(path, read_columns(path), spec, settings)
    source = {
        "name": spec.name,
        "path": shown_path or str(path),
        "sha256": sha256_of(path),
        "columns": jsonable(names | ({"groups": spec.groups} if spec.groups else {})),
    }
    if streamed is not None:
        return report.model_copy(update={"source": source})
    return report.model_copy(update={"source": source, "gates": gates})


def check_columns(
    where: Any, columns: dict[str, Any], spec: CheckSpec, settings: Settings
) -> tuple[Report, dict[str, str], list[GateResult]]:
    """Check columns held in memory as ``spec`` says: the report, the columns used, the
    gates' results. ``where`` names the data in errors (a path, or ``--sql``)."""
    from ..api import check
    from ..sources.files import select_columns

    picked = select_columns(
        where, columns, spec.y_true, spec.y_pred, spec.y_score, groups=spec.groups
    )
    call = typed_call(spec.call, picked.y_true)
    y_score, score_classes = positive_column(picked, call)
    report = check(
        picked.y_true,
        picked.y_pred,
        y_score=y_score,
        score_classes=score_classes,
        groups=picked.groups,
        settings=settings,
        **call,
    )
    gates = [evaluate_gate(g, picked, spec.call.get("pos_label")) for g in spec.min]
    return report, picked.names, gates


def _streamed(
    path: Path, spec: CheckSpec, settings: Settings, progress: str | None = None
) -> tuple[Report, dict] | None:
    """The report of a file's label columns read in record batches (memory near one batch),
    or None when the check needs the whole file in memory: scores, indicator columns, a
    threshold, metric gates, or a format pyarrow does not stream."""
    from ..sources.files import FORMATS
    from ..sources.stream import STREAMED_FORMATS, column_names, stream_file

    kind = "parquet" if path.is_dir() else FORMATS.get(path.suffix.lower(), "")
    if kind not in STREAMED_FORMATS:
        return None
    try:
        names = column_names(path, kind)
    except Exception:
        return None  # unreadable: the whole-file read says why, in one line
    columns = streamed_columns(path, names, spec)
    if columns is None:
        return None
    report = stream_file(
        path, kind, columns, lambda y: typed_call(spec.call, y), settings, progress=progress
    )
    return None if report is None else (report, _shown_columns(columns))


def streamed_columns(where: Any, names: list[str], spec: CheckSpec) -> dict[str, Any] | None:
    """The columns a check streams (y_true, y_pred, one score column, groups) among
    ``names``, or None when it needs all rows at once: several score columns (matched to
    classes by name), indicator columns, a threshold, gates."""
    from ..call import normalize_metric
    from ..sources.files import select_columns

    if spec.min or spec.call.get("threshold") is not None:
        return None
    try:
        normalize_metric(spec.call["metric"]) if spec.call.get("metric") else None
    except UsageError:
        return None  # the whole-data check reports the bad name
    placeholder = {name: np.zeros(0) for name in names}
    try:
        picked = select_columns(
            where, placeholder, spec.y_true, spec.y_pred, spec.y_score, groups=spec.groups
        )
    except Exception:
        return None  # the same selection on all the data raises the one-line error
    score = picked.names.get("y_score")
    if picked.y_true.ndim != 1 or ("y_pred" not in picked.names and score is None):
        return None
    scores = score.split(",") if score is not None else []
    score_classes = picked.score_classes
    chosen = positive_index(picked, spec.call) if len(scores) == 2 else None
    if chosen is not None:  # a binary file's positive column, as the whole read takes it
        scores, score_classes = [scores[chosen]], None
    return {
        "y_true": picked.names["y_true"],
        "y_pred": picked.names.get("y_pred"),
        "y_score": scores[0] if len(scores) == 1 else scores or None,
        "score_classes": score_classes,
        "groups": spec.groups,
        "shown_score": score,  # the columns the whole read names in the report's source
    }


def _shown_columns(columns: dict[str, Any]) -> dict[str, str]:
    shown = {k: v for k, v in columns.items() if v is not None and k in ROLES}
    if columns.get("shown_score"):
        shown["y_score"] = columns["shown_score"]
    return shown


ROLES = ("y_true", "y_pred", "y_score")


class CheckRun:
    """The reports of several checks (several files, or a project's declared checks)."""

    def __init__(self, reports: list[Report], fail_on: str = "error") -> None:
        self.reports = reports
        self.fail_on = fail_on

    def exit_code(self) -> int:
        return max((r.exit_code() for r in self.reports), default=0)

    def counts(self) -> dict[str, int]:
        total = {"error": 0, "warning": 0, "info": 0}
        for report in self.reports:
            for severity, n in report.counts().items():
                total[severity] += n
        return total

    def failed(self) -> list[Report]:
        return [r for r in self.reports if r.exit_code()]

    def to_dict(self) -> dict[str, Any]:
        from ..findings import _version

        return {
            "schema_version": 1,
            "version": _version(),
            "kind": "checks",
            "passed": self.exit_code() == 0,
            "counts": self.counts(),
            "checks": [r.to_dict() for r in self.reports],
        }

    def to_json(self, indent: int | None = 2) -> str:
        import json

        return json.dumps(self.to_dict(), indent=indent, allow_nan=False, ensure_ascii=False)

    def summary_line(self) -> str:
        failed = self.failed()
        verdict = "FAIL" if failed else "PASS"
        names = ", ".join(source_name(r) for r in failed)
        tail = f": {names}" if failed else ""
        n = len(self.reports)
        return f"{verdict}: {n} check{'' if n == 1 else 's'}, {len(failed)} failed{tail}"

    def __str__(self) -> str:
        rule = "─" * 100
        parts = [f"{rule}\n{r}" for r in self.reports]
        return "\n".join([*parts, rule, self.summary_line()])

    def to_html(self, timestamp: str | None = None) -> str:
        from ..render.html import render_html_pages

        return render_html_pages(self.reports, timestamp=timestamp)


def source_name(report: Report) -> str:
    """The check's name and file, as lists name it: ``validation (preds/val.csv)``."""
    source = report.source or {}
    path = source.get("path", "input")
    return f"{source['name']} ({path})" if source.get("name") else path
