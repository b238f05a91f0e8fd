"""The data a run produces: severities, findings, skipped rules and the report."""

from __future__ import annotations

import json
import math
from enum import Enum
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

FAIL_ON_CHOICES = ("error", "warning", "info", "never")


class Severity(str, Enum):
    """How bad a finding is: the number is wrong, likely misleading, or context."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for the most severe."""
        return _RANK[self]

    def __str__(self) -> str:
        return self.value


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def jsonable(value: Any) -> Any:
    """Turn numpy scalars/arrays, tuples and non-finite floats into strict-JSON values.

    NaN and infinities become ``None``: strict JSON has no literal for them.
    """
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(v) for v in value]
    if isinstance(value, np.ndarray):
        return [jsonable(v) for v in value.tolist()]
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def validate_fail_on(level: str) -> str:
    """``level`` when it is one of FAIL_ON_CHOICES; UsageError otherwise."""
    if level not in FAIL_ON_CHOICES:
        from .errors import UsageError

        raise UsageError(f"fail_on={level!r} is not one of {', '.join(FAIL_ON_CHOICES)}")
    return level


def fails(severity: Severity, fail_on: str) -> bool:
    """Whether a finding of ``severity`` is at or above ``fail_on`` (never, for "never")."""
    return validate_fail_on(fail_on) != "never" and severity.rank <= Severity(fail_on).rank


class Finding(BaseModel):
    """One problem found in an evaluation, with the numbers behind it."""

    model_config = ConfigDict(frozen=True)

    code: str
    slug: str
    severity: Severity
    message: str
    explanation: str
    fix: str
    evidence: dict[str, Any] = Field(default_factory=dict)
    classes: list[str] = Field(default_factory=list)
    weak_classes: bool = False  # the classes named perform badly

    @property
    def caused_by(self) -> str | None:
        """The code of the root-cause finding this one follows from, if any."""
        return self.evidence.get("caused_by")

    def __str__(self) -> str:
        return f"{self.severity.value} {self.code} {self.slug}: {self.message}"


class SkippedRule(BaseModel):
    """A selected rule that could not run on this data, and why."""

    model_config = ConfigDict(frozen=True)

    code: str
    slug: str
    reason: str


class GateResult(BaseModel):
    """A metric floor from the project's configuration, and whether the data clears it: the
    lower end of the metric's 95% confidence interval must reach ``floor``."""

    model_config = ConfigDict(frozen=True)

    metric: str
    average: str | None = None
    pos_label: Any = None
    floor: float
    value: float | None = None
    low: float | None = None
    high: float | None = None
    method: str | None = None
    problem: str | None = None  # why the metric could not be computed (the gate fails)

    @property
    def passed(self) -> bool:
        return self.problem is None and self.low is not None and self.low >= self.floor

    @property
    def name(self) -> str:
        parts = [self.average] if self.average else []
        if self.pos_label is not None:
            parts.append(f"pos_label={self.pos_label!r}")
        return f"{self.metric} ({', '.join(parts)})" if parts else self.metric

    def describe(self) -> str:
        """``f1 (macro) >= 0.80: fail, 95% lower bound 0.74 (value 0.81; bootstrap)``."""
        head = f"{self.name} >= {self.floor:g}"
        if self.problem is not None:
            return f"{head}: fail, cannot be computed: {self.problem}"
        word = "pass" if self.passed else "fail"
        return (
            f"{head}: {word}, 95% lower bound {self.low:.3f} "
            f"(value {self.value:.3f}, interval {self.low:.3f} to {self.high:.3f}; {self.method})"
        )


class Report(BaseModel):
    """Everything evalcheck found about one evaluation."""

    model_config = ConfigDict(frozen=True)

    findings: list[Finding]
    metrics: dict[str, Any]
    inputs: dict[str, Any]
    skipped: list[SkippedRule] = Field(default_factory=list)
    fail_on: str = "error"
    charts: dict[str, Any] = Field(default_factory=dict, repr=False)
    source: dict[str, Any] | None = None  # the file checked: name, path, sha256, columns
    baseline: dict[str, Any] | None = None  # --baseline: the report compared and what it hid
    gates: list[GateResult] = Field(default_factory=list)

    def model_post_init(self, __context: Any) -> None:
        """Order findings most severe first, each root cause followed by what it causes."""
        rank = {f.code: f.severity.rank for f in self.findings}

        def key(finding: Finding) -> tuple[int, str, int, int, str]:
            root = finding.caused_by
            if root in rank:
                return rank[root], root, 1, finding.severity.rank, finding.code
            return finding.severity.rank, finding.code, 0, 0, ""

        self.findings.sort(key=key)

    def counts(self) -> dict[str, int]:
        """Number of findings per severity, every severity present."""
        counts = {s.value: 0 for s in Severity}
        for finding in self.findings:
            counts[finding.severity.value] += 1
        return counts

    def exit_code(self, fail_on: str | None = None) -> int:
        """1 when a finding is at or above ``fail_on`` ("error", "warning", "info", "never")."""
        level = validate_fail_on(self.fail_on if fail_on is None else fail_on)
        gate_failed = level != "never" and any(not g.passed for g in self.gates)
        return int(gate_failed or any(fails(f.severity, level) for f in self.findings))

    def to_dict(self) -> dict[str, Any]:
        """A strict-JSON-able dict (no NaN or infinity)."""
        return jsonable(
            {
                "schema_version": 1,
                "version": _version(),
                "passed": self.exit_code() == 0,
                "fail_on": self.fail_on,
                "counts": self.counts(),
                "source": self.source,
                "gates": [g.model_dump(mode="json") | {"passed": g.passed} for g in self.gates],
                "inputs": self.inputs,
                "baseline": self.baseline,
                "findings": [
                    f.model_dump(mode="json") | {"fingerprint": self.fingerprint(f)}
                    for f in self.findings
                ],
                "skipped": [s.model_dump(mode="json") for s in self.skipped],
                "metrics": self.metrics,
            }
        )

    def to_json(self, indent: int | None = 2) -> str:
        """Strict JSON: ``json.loads`` in any language accepts it."""
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False, ensure_ascii=False)

    def fingerprint(self, finding: Finding) -> str:
        """A finding's identity across runs: its rule, the classes it names and the check it
        belongs to; not its numbers, which change with every model."""
        source = self.source or {}
        return fingerprint(finding.code, finding.classes, source.get("name") or source.get("path"))

    def __str__(self) -> str:
        from .render.text import render_text

        return render_text(self)

    def __repr__(self) -> str:
        return self.__str__()

    def to_html(self, timestamp: str | None = None) -> str:
        """The self-contained HTML report (inline CSS and SVG, no scripts, no network).

        ``timestamp`` is printed as given (default: now, UTC), so output can be reproducible.
        """
        from .render.html import render_html

        return render_html(self, timestamp=timestamp)

    def save_html(self, path: str | Path, timestamp: str | None = None) -> Path:
        """Write :meth:`to_html` to ``path`` atomically (a temporary file, then a rename)."""
        from .sources.files import write_atomically

        return write_atomically(path, self.to_html(timestamp=timestamp))

    def _repr_html_(self) -> str:
        """The compact notebook view (Jupyter calls this)."""
        from .render.html import render_notebook

        return render_notebook(self)


def fingerprint(code: str, classes: list[str], where: str | None) -> str:
    """16 hex digits of SHA-256 over what identifies a finding (see Report.fingerprint)."""
    import hashlib

    key = json.dumps([code, sorted(classes), where or ""], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


def _version() -> str:
    from ._version import __version__

    return __version__
