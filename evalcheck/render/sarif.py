"""SARIF 2.1.0, the format code scanning reads (GitHub, GitLab, Azure DevOps).

One run of the tool ``evalcheck``; its rules are every rule evalcheck has, each with its
summary, its documentation as help and, when ``rules-url`` is configured, a link to its page.
A finding of a file check is located at the file (line 1, the header); an audited call at its
line and column. Failed metric gates are results of the tool rule ``gate/min``.
"""

from __future__ import annotations

import json
from typing import Any

from ..findings import Finding, Report

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GATE_RULE = "gate/min"


def _rules(rules_url: str | None) -> list[dict[str, Any]]:
    from ..docs import page_name
    from ..registry import all_rules

    described = []
    for rule in all_rules():
        sections = rule.sections()
        help_text = (
            f"{sections['summary']}\n\nWhy it matters: {sections['Why it matters']}\n\n"
            f"How to fix: {sections['How to fix']}"
        )
        entry: dict[str, Any] = {
            "id": rule.code,
            "name": rule.slug,
            "shortDescription": {"text": rule.title},
            "fullDescription": {"text": sections["summary"]},
            "help": {
                "text": help_text,
                "markdown": (
                    f"**{rule.code} {rule.slug}**: {sections['summary']}\n\n"
                    f"## Why it matters\n\n{sections['Why it matters']}\n\n"
                    f"## How to fix\n\n{sections['How to fix']}"
                ),
            },
            "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
            "properties": {"tags": ["evaluation", rule.group]},
        }
        if rules_url:
            entry["helpUri"] = rules_url.rstrip("/") + "/" + page_name(rule)
        described.append(entry)
    described.append(
        {
            "id": GATE_RULE,
            "name": "metric-floor",
            "shortDescription": {"text": "A metric's 95% lower bound is below its floor"},
            "fullDescription": {
                "text": "A metric gate from the project's configuration failed: the lower end "
                "of the metric's 95% confidence interval is below the floor, or the metric "
                "could not be computed."
            },
            "defaultConfiguration": {"level": "error"},
            "properties": {"tags": ["evaluation", "gate"]},
        }
    )
    return described


def _location(uri: str, line: int | None = None, column: int | None = None) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": line or 1}
    if column:
        region["startColumn"] = column
    return {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}


def _result(
    finding: Finding,
    index: dict[str, int],
    location: dict[str, Any],
    fingerprint: str,
    count: int = 1,
) -> dict[str, Any]:
    times = f" (in {count} calls)" if count > 1 else ""
    return {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS[finding.severity.value],
        "message": {"text": f"{finding.message}{times}\nFix: {finding.fix}"},
        "locations": [location],
        "partialFingerprints": {"evalcheck/v1": fingerprint},
        "properties": {"slug": finding.slug, "evidence": finding.evidence},
    }


def _uri(path: str) -> str:
    from pathlib import PureWindowsPath
    from urllib.parse import quote

    return quote(str(PureWindowsPath(path).as_posix()) if "\\" in path else path)


def _report_results(report: Report, index: dict[str, int]) -> list[dict[str, Any]]:
    from ..findings import fingerprint

    source = report.source or {}
    uri = _uri(source.get("path", "input"))
    results = [_result(f, index, _location(uri), report.fingerprint(f)) for f in report.findings]
    for gate in report.gates:
        if not gate.passed:
            results.append(
                {
                    "ruleId": GATE_RULE,
                    "ruleIndex": index[GATE_RULE],
                    "level": "error",
                    "message": {"text": gate.describe()},
                    "locations": [_location(uri)],
                    "partialFingerprints": {
                        "evalcheck/v1": fingerprint(GATE_RULE, [gate.name], source.get("name"))
                    },
                }
            )
    return results


def _audit_results(audit: Any, index: dict[str, int]) -> list[dict[str, Any]]:
    from ..auditing.report import display_path
    from ..findings import fingerprint

    results = []
    for group, repeated in audit.findings:
        site = group.site
        uri = _uri(site.name or display_path(site.filename))
        where = f"{uri}:{group.function}:{group.context or ''}"
        results.append(
            _result(
                repeated.finding,
                index,
                _location(uri, site.line, site.column),
                fingerprint(repeated.finding.code, repeated.finding.classes, where),
                repeated.count,
            )
        )
    return results


def render_sarif(result: Any, rules_url: str | None = None) -> str:
    """The SARIF log of a Report, a CheckRun or an AuditReport."""
    from .._version import __version__
    from ..gate.checks import CheckRun

    rules = _rules(rules_url)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    artifacts: list[dict[str, Any]] = []
    seen: set[str] = set()
    if isinstance(result, (Report, CheckRun)):
        reports = result.reports if isinstance(result, CheckRun) else [result]
        results = [r for report in reports for r in _report_results(report, index)]
        for report in reports:
            if report.source and _uri(report.source["path"]) not in seen:
                seen.add(_uri(report.source["path"]))
                artifacts.append(
                    {
                        "location": {"uri": _uri(report.source["path"])},
                        "hashes": {"sha-256": report.source["sha256"]},
                    }
                )
    else:
        results = _audit_results(result, index)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "evalcheck",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": rules,
            }
        },
        "results": results,
        "invocations": [{"executionSuccessful": True, "exitCode": result.exit_code()}],
    }
    if artifacts:
        run["artifacts"] = artifacts
    log = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(log, indent=2, ensure_ascii=False, allow_nan=False)
