"""JUnit XML: one test case per check (the input file, or an audited call site), one
``<failure>`` per finding at or above ``fail-on``; the other findings go to ``<system-out>``.
CI systems that read test reports (GitLab, Jenkins, Azure) show them without a plugin."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from ..findings import Finding, Report, fails
from .text import clean


def _case(
    suite: ET.Element,
    name: str,
    classname: str,
    findings: list[tuple[Finding, int]],
    fail_on: str,
    file: str | None = None,
    line: int | None = None,
) -> int:
    case = ET.SubElement(suite, "testcase", name=clean(name), classname=clean(classname))
    if file is not None:
        case.set("file", clean(file))
    if line is not None:
        case.set("line", str(line))
    failures, notes = 0, []
    for finding, count in findings:
        times = f" (in {count} calls)" if count > 1 else ""
        if fails(finding.severity, fail_on):
            failure = ET.SubElement(
                case,
                "failure",
                type=f"{finding.code} {finding.slug}",
                message=clean(f"[{finding.severity.value}] {finding.message}{times}"),
            )
            failure.text = clean(f"{finding.explanation}\n\nFix: {finding.fix}")
            failures += 1
        else:
            notes.append(
                f"{finding.severity.value} {finding.code} {finding.slug}: {finding.message}"
            )
    if notes:
        ET.SubElement(case, "system-out").text = clean("\n".join(notes))
    return failures


def _gate_failures(case: ET.Element, report: Report) -> int:
    failed = [g for g in report.gates if not g.passed]
    for gate in failed:
        failure = ET.SubElement(case, "failure", type=f"gate {gate.name}")
        failure.set("message", clean(gate.describe()))
    return len(failed)


def render_junit(report: Any) -> str:
    """The JUnit XML of a Report or CheckRun (a test case per file checked) or an AuditReport
    (a test case per call site)."""
    from ..auditing.report import display_path
    from ..gate.checks import CheckRun, source_name

    suites = ET.Element("testsuites", name="evalcheck")
    suite = ET.SubElement(suites, "testsuite", name="evalcheck")
    failures = tests = 0
    if isinstance(report, (Report, CheckRun)):
        for one in report.reports if isinstance(report, CheckRun) else [report]:
            file = (one.source or {}).get("path")
            call = one.inputs.get("call", "no metric given")
            name = f"{display_path(source_name(one))} · {call}"
            findings = [(f, 1) for f in one.findings]
            failures += _case(suite, name, "evalcheck.check", findings, one.fail_on, file=file)
            case = suite[-1]
            failures += _gate_failures(case, one)
            tests += 1
    else:
        for group in report.sites:
            where = group.site.name or display_path(group.site.filename)
            name = f"{group.site.location()} {group.function}"
            if group.context:
                name += f" [{group.context}]"
            findings = [(r.finding, r.count) for r in group.findings]
            failures += _case(
                suite, name, where, findings, report.fail_on, file=where, line=group.site.line
            )
            tests += 1
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode")
