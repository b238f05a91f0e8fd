"""The JSON documents evalcheck writes, as pydantic models: their JSON Schema is generated from
these and kept in ``schema/`` (``python -m evalcheck.schema`` rewrites it; a test fails when it is
stale, and validates real output against it).

``schema_version`` changes when a field is removed or changes meaning; adding a field does not.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1
SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schema"

Level = Literal["error", "warning", "info"]
FailOn = Literal["error", "warning", "info", "never"]


class _Document(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Counts(_Document):
    """Findings per severity."""

    error: int
    warning: int
    info: int


class FindingDocument(_Document):
    """One finding: what was found, why it matters, the fix, and the numbers behind it."""

    code: str = Field(pattern=r"^EC\d{3}$")
    slug: str
    severity: Level
    message: str
    explanation: str
    fix: str
    evidence: dict[str, Any]
    classes: list[str]
    weak_classes: bool


class CheckedFinding(FindingDocument):
    """A finding of a check, with its identity across runs (for ``--baseline``)."""

    fingerprint: str = Field(pattern=r"^[0-9a-f]{16}$")


class SourceDocument(_Document):
    """The file checked."""

    name: str | None = Field(description="the check's name in the project's configuration")
    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    columns: dict[str, str] = Field(description="y_true, y_pred, y_score, groups: the columns")


class GateDocument(_Document):
    """A metric floor: passes when the lower end of the 95% interval reaches ``floor``."""

    metric: str
    average: str | None
    pos_label: Any
    floor: float
    value: float | None
    low: float | None
    high: float | None
    method: str | None
    problem: str | None = Field(description="why the metric could not be computed")
    passed: bool


class BaselineDocument(_Document):
    path: str
    hidden: int = Field(description="findings left out because the baseline has them")


class RepeatedFinding(FindingDocument):
    """A finding at a call site, with the number of calls that gave it."""

    count: int = Field(ge=1)


class SkippedDocument(_Document):
    code: str
    slug: str
    reason: str


class ReportDocument(_Document):
    """``evalcheck check --format json`` and ``Report.to_json()``."""

    schema_version: Literal[1]
    version: str
    passed: bool
    fail_on: FailOn
    counts: Counts
    source: SourceDocument | None
    gates: list[GateDocument]
    baseline: BaselineDocument | None
    inputs: dict[str, Any]
    findings: list[CheckedFinding]
    skipped: list[SkippedDocument]
    metrics: dict[str, Any]


class ChecksDocument(_Document):
    """``evalcheck check`` on several files, or on a project's declared checks."""

    schema_version: Literal[1]
    version: str
    kind: Literal["checks"]
    passed: bool
    counts: Counts
    checks: list[ReportDocument]


class SiteDocument(_Document):
    location: str = Field(description="path:line:column of the call, or In[n]:line:column")
    function: str
    context: str | None = Field(description="the test or notebook cell that made the call")
    n_calls: int
    n_raised: int = Field(description="calls the user made that raised (not counted)")
    n_raised_inside_library: int = Field(description="calls library code made and caught")
    baseline: str | None = Field(description="the deliberate baseline the calls score")
    findings: list[RepeatedFinding] = Field(description="counted towards the verdict")
    raised_findings: list[RepeatedFinding] = Field(description="why the calls raised")
    baseline_findings: list[RepeatedFinding]


class ProgramDocument(_Document):
    target: str
    exit_status: int
    exception: str | None = None


class AuditDocument(_Document):
    """``evalcheck run --format json`` and ``AuditReport.to_json()``."""

    schema_version: Literal[1]
    version: str
    kind: Literal["audit"]
    passed: bool
    fail_on: FailOn
    program: ProgramDocument | None
    counts: Counts
    n_calls: int
    sites: list[SiteDocument]
    calls: list[dict[str, Any]] = Field(description="every call: site, outcome, findings")


class PairedTestDocument(_Document):
    """One metric compared: candidate minus base, its 95% interval and the test's p-value."""

    metric: str = Field(description="accuracy, balanced_accuracy, f1 (macro), roc_auc, ...")
    test: Literal["McNemar exact", "paired bootstrap", "DeLong"]
    base: float
    candidate: float
    difference: float = Field(description="candidate minus base")
    low: float
    high: float
    p_value: float = Field(ge=0, le=1)
    detail: str
    verdict: Literal["better", "worse", "no significant difference"]


class ChangedFindings(_Document):
    new: list[FindingDocument] = Field(description="in the candidate only")
    fixed: list[FindingDocument] = Field(description="in the base only")
    unchanged: list[FindingDocument]


class ComparisonDocument(_Document):
    """``evalcheck compare BASE CANDIDATE --format json``."""

    schema_version: Literal[1]
    version: str
    kind: Literal["comparison"]
    passed: bool
    verdict: Literal["better", "worse", "no significant difference"]
    primary: str = Field(description="the metric the verdict is on")
    alpha: float
    joined: str = Field(description="by row order, or on an id column")
    n_samples: int
    base: SourceDocument
    candidate: SourceDocument
    tests: list[PairedTestDocument]
    findings: ChangedFindings


DOCUMENTS = {
    "report": ReportDocument,
    "checks": ChecksDocument,
    "audit": AuditDocument,
    "comparison": ComparisonDocument,
}


def schema_text(name: str) -> str:
    """The JSON Schema of document ``name`` (a key of DOCUMENTS), as written to schema/."""
    schema = DOCUMENTS[name].model_json_schema()
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"{name}-{SCHEMA_VERSION}.schema.json",
        **schema,
    }
    return json.dumps(schema, indent=2, sort_keys=False) + "\n"


def write_schemas(folder: Path = SCHEMA_DIR) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in DOCUMENTS:
        path = folder / f"{name}-{SCHEMA_VERSION}.schema.json"
        path.write_text(schema_text(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":  # pragma: no cover
    for path in write_schemas():
        sys.stdout.write(f"wrote {path}\n")
