"""The views of an AuditReport: linter-style text, the HTML page, the notebook summary."""

from __future__ import annotations

import hashlib
from typing import Any

from ..auditing.report import AuditReport, SiteGroup
from ..findings import Severity
from .html import _environment, _finding_view, _now, finding_anchors
from .text import INDENT, _wrap, clean


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 or word == "info" else f"{n} {word}s"


def summary_line(report: AuditReport) -> str:
    """``PASS: 12 metric calls at 3 call sites; 0 errors, 1 warning, 2 info (fail-on: error)``."""
    counts = report.counts()
    verdict = "FAIL" if report.exit_code() or report.program_failed else "PASS"
    found = ", ".join(_plural(n, s) for s, n in counts.items())
    where = f"{_plural(len(report), 'metric call')} at {_plural(report.n_sites, 'call site')}"
    failed = ""
    if report.program_failed and report.program is not None:
        failed = f"the program failed (exit status {report.program['exit_status']}); "
    return f"{verdict}: {failed}{where}; {found} (fail-on: {report.fail_on})"


def _times(group: SiteGroup, count: int) -> str:
    total = len(group.counted_calls)
    return "" if total == 1 else f" (in {count} of {total} calls)"


def _site_lines(group: SiteGroup, with_context: bool = True) -> list[str]:
    """The findings of one call site, one line each with its fix below."""
    where = group.site.location()
    context = f" [{group.context}]" if group.context and with_context else ""
    lines = []
    for repeated in group.findings:
        f = repeated.finding
        lines.append(
            clean(
                f"{where}: {f.code} {f.slug} [{f.severity.value}] {group.function}: "
                f"{f.message}{_times(group, repeated.count)}{context}"
            )
        )
        fix = _wrap(f.fix, INDENT + "     ")
        lines.append(INDENT + "fix: " + fix[0][len(INDENT) + 5 :])
        lines.extend(fix[1:])
    raised = group.first_raised
    if raised is not None and group.raised:
        times = "" if len(group.calls) == 1 else f" in {group.raised} of {len(group.calls)} calls"
        lines.append(
            clean(f"{where}: {group.function} raised {raised.outcome.raised}{times}{context}")
        )
        explaining = group.raised_findings
        if explaining:
            codes = ", ".join(f"{r.finding.code} {r.finding.slug}" for r in explaining)
            lines.append(f"{INDENT}why: {codes}")
            fix = _wrap(explaining[0].finding.fix, INDENT + "     ")
            lines.append(INDENT + "fix: " + fix[0][len(INDENT) + 5 :])
            lines.extend(fix[1:])
    if raised is not None and group.raised_inside:
        lines.append(
            clean(
                f"{where}: {group.function} raised {raised.outcome.raised} in "
                f"{group.raised_inside} of {len(group.calls)} calls made and caught by library "
                "code (a search or cross-validation scores them as NaN): counted"
            )
        )
    if group.baseline_findings:
        baseline = next(c.site.baseline for c in group.calls if c.site.baseline)
        codes = ", ".join(r.finding.code for r in group.baseline_findings)
        lines.append(
            clean(
                f"{where}: {group.function} scores {baseline}, a deliberate baseline: "
                f"its findings ({codes}) are not counted"
            )
        )
    unchecked = next(
        (c.not_checked or c.usage_error for c in group.calls if c.not_checked or c.usage_error),
        None,
    )
    if unchecked:
        lines.append(clean(f"{where}: not checked: {group.function}: {unchecked}"))
    note = next((c.note for c in group.calls if c.note), None)
    if note:
        lines.append(clean(f"{where}: note: {group.function}: {note}"))
    unmodelled = sorted({name for c in group.calls for name in c.unmodelled})
    if unmodelled and group.findings:
        lines.append(f"{INDENT}note: not modelled, so not checked: {', '.join(unmodelled)}")
    return lines


def render_audit_text(report: AuditReport) -> str:
    """One line per finding per call site, as linters print them, then the verdict."""
    lines: list[str] = []
    if not len(report):
        lines.append("No metric calls were made while the audit was active.")
    for group in report.sites:
        lines.extend(_site_lines(group))
    lines.append("")
    lines.append(summary_line(report))
    return "\n".join(lines)


def render_by_context(report: AuditReport) -> list[str]:
    """The findings under the test (or cell) that made each call; clean ones left out."""
    lines: list[str] = []
    by_context: dict[str | None, list[SiteGroup]] = {}
    for group in report.sites:
        by_context.setdefault(group.context, []).append(group)
    for context, groups in by_context.items():
        body = [line for group in groups for line in _site_lines(group, with_context=False)]
        if body:
            lines.append(context or "(outside any test)")
            lines.extend("  " + line for line in body)
    lines.append(summary_line(report))
    return lines


def _finding_views(repeats: list[Any], prefix: str) -> list[dict[str, Any]]:
    """The findings of one call site, each with an id of its own and links to its root cause
    among them."""
    found = [r.finding for r in repeats]
    anchors = finding_anchors(found, prefix)
    links: dict[str, str] = {}
    for finding, anchor in zip(found, anchors):
        links.setdefault(finding.code, anchor)
    views = []
    for repeated, anchor in zip(repeats, anchors):
        view = _finding_view(repeated.finding, anchor, links)
        view["count"] = repeated.count
        views.append(view)
    return views


def _site_view(group: SiteGroup, site_id: str) -> dict[str, Any]:
    first = group.calls[0]
    raised = group.raised
    first_raised = group.first_raised
    warned = sum(bool(c.outcome.warnings) for c in group.calls)
    findings = _finding_views(group.findings, f"{site_id}-finding-")
    explaining = _finding_views(group.raised_findings, f"{site_id}-why-")
    worst = min((r.finding.severity.rank for r in group.findings), default=None)
    return {
        "id": site_id,
        "location": group.site.location(),
        "scope": group.site.scope,
        "source": group.site.source,
        "function": group.function,
        "context": group.context,
        "call": first.call,
        "n_calls": len(group.calls),
        "n_returned": len(group.counted_calls),
        "outcome": first.outcome.describe()
        if len(group.calls) == 1 and first.outcome.raised is None
        else None,
        "raised": raised,
        "raised_inside": group.raised_inside,
        "warned": warned,
        "not_checked": next(
            (c.not_checked or c.usage_error for c in group.calls if c.not_checked or c.usage_error),
            None,
        ),
        "note": next((c.note for c in group.calls if c.note), None),
        "unmodelled": sorted({n for c in group.calls for n in c.unmodelled}),
        "findings": findings,
        "raised_findings": explaining,
        "baseline": next((c.site.baseline for c in group.calls if c.site.baseline), None),
        "baseline_codes": [r.finding.code for r in group.baseline_findings],
        "raised_message": None
        if first_raised is None or not raised
        else first_raised.outcome.describe().rstrip("."),
        "severity": None if worst is None else list(Severity)[worst].value,
    }


def _context(report: AuditReport, timestamp: str | None, uid: str = "") -> dict[str, Any]:
    failed = report.exit_code() == 1
    from .._version import __version__

    return {
        "version": __version__,
        "timestamp": _now() if timestamp is None else timestamp,
        "verdict": {
            "failed": failed,
            "word": "FAIL" if failed else "PASS",
            "fail_on": report.fail_on,
            "counts": report.counts(),
        },
        "n_calls": len(report),
        "sites": [_site_view(g, f"{uid}site-{i}") for i, g in enumerate(report.sites, 1)],
        "uid": uid,
        "summary": summary_line(report),
    }


def render_audit_html(report: AuditReport, timestamp: str | None = None) -> str:
    """The self-contained page: the verdict, a table of call sites, a section per site."""
    context = _context(report, timestamp)
    return _environment().get_template("audit.html.j2").render(**context)


def render_audit_notebook(report: AuditReport) -> str:
    """The compact summary shown under a notebook cell: errors expanded, the rest folded."""
    digest = hashlib.sha1(report.to_json(indent=None).encode()).hexdigest()[:8]
    context = _context(report, "", f"ec{digest}-")
    return _environment().get_template("audit_notebook.html.j2").render(**context)
