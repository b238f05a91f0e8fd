"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` line per finding.

GitHub shows each as an annotation on the file (and, for an audited call, the line and column)
it names. The message and the properties are escaped as the runner expects: ``%``, CR and LF in
the message; also ``:`` and ``,`` in a property.
"""

from __future__ import annotations

from typing import Any

from ..findings import Finding, Report

LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, file: str, line: int | None = None, column: int | None = None) -> str:
    """``::error file=…,line=…,col=…,title=EC301 averaging-mismatch::message``."""
    where = [f"file={_property(file)}"]
    if line is not None:
        where.append(f"line={line}")
    if column is not None:
        where.append(f"col={column}")
    title = _property(f"{finding.code} {finding.slug}")
    level = LEVELS[finding.severity.value]
    return f"::{level} {','.join(where)},title={title}::{_data(finding.message)}"


def _report_commands(report: Report) -> list[str]:
    from ..auditing.report import display_path

    file = display_path((report.source or {}).get("path", ""))
    lines = [command(f, file) for f in report.findings]
    for gate in report.gates:
        if not gate.passed:
            title = _property(f"gate {gate.name}")
            lines.append(f"::error file={_property(file)},title={title}::{_data(gate.describe())}")
    return lines


def render_github(report: Any) -> str:
    """The workflow commands of a Report or CheckRun (on the files checked) or an AuditReport
    (each at its call site), then the summary line as plain text."""
    from ..auditing.report import display_path
    from ..gate.checks import CheckRun
    from .audit import summary_line

    if isinstance(report, Report):
        lines = _report_commands(report)
        return "\n".join([*lines, str(report).rsplit("\n", 1)[-1]])  # the verdict line
    if isinstance(report, CheckRun):
        lines = [line for r in report.reports for line in _report_commands(r)]
        return "\n".join([*lines, report.summary_line()])

    lines = [
        command(
            repeated.finding,
            display_path(group.site.filename) if group.site.name is None else group.site.name,
            group.site.line,
            group.site.column,
        )
        for group, repeated in report.findings
    ]
    return "\n".join([*lines, summary_line(report)])
