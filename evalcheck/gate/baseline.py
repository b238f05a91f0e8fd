"""``--baseline report.json``: keep only the findings that are new against an earlier report,
so a project can adopt evalcheck without first fixing everything it already has."""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..findings import Report, fingerprint


def known_fingerprints(document: Any, path: str) -> set[str]:
    """The fingerprints of every finding in a JSON report (one check or several)."""
    if not isinstance(document, dict) or document.get("schema_version") != 1:
        raise UsageError(f"{path}: not an evalcheck JSON report (--format json) of schema 1")
    if document.get("kind") in ("comparison", "audit"):
        raise UsageError(
            f"{path}: a {document['kind']} report; --baseline takes the JSON of evalcheck check"
        )
    reports = document.get("checks", [document]) if document.get("kind") == "checks" else [document]
    found = set()
    for report in reports:
        source = report.get("source") or {}
        where = source.get("name") or source.get("path")
        for finding in report.get("findings", []):
            found.add(
                finding.get("fingerprint")
                or fingerprint(finding["code"], finding.get("classes", []), where)
            )
    return found


def _filtered(report: Report, known: set[str], path: str) -> Report:
    new = [f for f in report.findings if report.fingerprint(f) not in known]
    hidden = len(report.findings) - len(new)
    return report.model_copy(update={"findings": new, "baseline": {"path": path, "hidden": hidden}})


def against_baseline(result: Any, document: Any, path: str) -> Any:
    """A Report or CheckRun with only the findings absent from the baseline document."""
    from .checks import CheckRun

    known = known_fingerprints(document, path)
    if isinstance(result, CheckRun):
        return CheckRun([_filtered(r, known, path) for r in result.reports])
    return _filtered(result, known, path)
