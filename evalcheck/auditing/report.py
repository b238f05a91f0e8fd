"""What an audit captured: each metric call, where it was made, what it returned, what evalcheck
found; the same problem at the same call site is one finding with a count."""

from __future__ import annotations

import functools
import json
import os
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..findings import Finding, Report, Severity, fails, jsonable, validate_fail_on


@dataclass(frozen=True)
class CallSite:
    """Where user code called the metric: file, 1-based line and column, enclosing function."""

    filename: str
    line: int
    column: int
    scope: str
    source: str = ""
    name: str | None = None  # shown instead of the file name, e.g. ``In[5]`` for a cell
    via_library: bool = False  # library code made the call for the user (a scorer, say)
    baseline: str | None = None  # the call scores a deliberate baseline (a DummyClassifier)

    def location(self) -> str:
        """``path:line:col``, the path relative to the working directory when inside it."""
        return f"{self.name or display_path(self.filename)}:{self.line}:{self.column}"


def display_path(filename: str) -> str:
    """``filename`` relative to the working directory when it lies inside it."""
    try:
        relative = os.path.relpath(filename)
    except ValueError:  # another drive on Windows
        return filename
    return filename if relative.startswith(os.pardir) or os.path.isabs(relative) else relative


@dataclass(frozen=True)
class CapturedWarning:
    """A warning the library gave during the call (whatever the filters did with it)."""

    category: str
    message: str
    bases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Outcome:
    """What the call did: its value (as plain data), or the exception it raised; warnings."""

    value: Any = None
    raised: str | None = None
    message: str | None = None
    warnings: tuple[CapturedWarning, ...] = ()

    def describe(self) -> str:
        if self.raised is not None:
            return f"raised {self.raised}: {self.message}"
        text = f"returned {summarize_value(self.value)}"
        if self.warnings:
            text += f", warned {self.warnings[0].category}: {self.warnings[0].message}"
            if len(self.warnings) > 1:
                text += f" (+{len(self.warnings) - 1} more)"
        return text


def summarize_value(value: Any, limit: int = 60) -> str:
    """A short printable form of a metric's value."""
    if isinstance(value, float):
        return f"{value:.6g}"
    text = repr(value) if not isinstance(value, str) else repr(value.split("\n")[0] + "…")
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class AuditedCall:
    """One outermost metric call and evalcheck's report on it.

    ``report`` is None when evalcheck did not check the call: ``not_checked`` says why (the
    arguments do not bind, a metric object updated before the audit), ``usage_error`` holds
    the message when ``evalcheck.check`` refused the call as invalid (the library usually
    raised too). ``internal`` holds an EC000 finding when evalcheck failed while auditing it.
    """

    library: str
    function: str
    site: CallSite
    call: str
    outcome: Outcome
    report: Report | None = None
    not_checked: str | None = None
    unmodelled: tuple[str, ...] = ()
    internal: Finding | None = None
    context: str | None = None  # the test or notebook cell the call was made in
    note: str | None = None  # how the check departs from the call
    usage_error: str | None = None  # evalcheck.check refused the call (as the library may)
    leaked: tuple[str, ...] = ()  # warnings evalcheck itself gave while checking (a bug)

    @property
    def site_key(self) -> tuple[str, int, int, str]:
        """The call site and function: calls with the same key are the same line of code."""
        return (self.site.filename, self.site.line, self.site.column, self.function)

    @property
    def uncounted(self) -> str | None:
        """Why the call's findings do not count towards the verdict, or None when they do:
        ``"raised"`` for a call the user made that raised (no number came out of it; a call
        that library code made and caught, as a scorer's in GridSearchCV, counts: the library
        turned the error into a score), ``"baseline"`` for a deliberate baseline."""
        if self.site.baseline is not None:
            return "baseline"
        if self.outcome.raised is not None and not self.site.via_library:
            return "raised"
        return None

    @functools.cached_property
    def findings(self) -> list[Finding]:
        """The report's findings (and EC000, if any), each with the call site and what the
        library did in its evidence."""
        found = list(self.report.findings) if self.report is not None else []
        found += [self.internal] if self.internal is not None else []
        where = {"call_site": self.site.location(), "library_outcome": self.outcome.describe()}
        return [f.model_copy(update={"evidence": {**f.evidence, **where}}) for f in found]

    def to_dict(self) -> dict[str, Any]:
        return {
            "library": self.library,
            "function": self.function,
            "call": self.call,
            "site": self.site.__dict__ | {"location": self.site.location()},
            "context": self.context,
            "outcome": {
                "value": self.outcome.value,
                "raised": self.outcome.raised,
                "message": self.outcome.message,
                "warnings": [w.__dict__ for w in self.outcome.warnings],
            },
            "unmodelled": list(self.unmodelled),
            "not_checked": self.not_checked,
            "usage_error": self.usage_error,
            "note": self.note,
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "metrics": self.report.metrics if self.report is not None else None,
        }


@dataclass
class Repeated:
    """A finding at one call site, and how many of the site's calls gave it."""

    finding: Finding
    count: int


@dataclass
class SiteGroup:
    """The calls of one function from one call site (in one test or cell)."""

    site: CallSite
    function: str
    context: str | None
    calls: list[AuditedCall] = field(default_factory=list)

    @property
    def findings(self) -> list[Repeated]:
        """The findings that count towards the verdict (see :attr:`AuditedCall.uncounted`):
        one entry per rule code (the most severe instance), most severe first."""
        return _repeated(self.counted_calls)

    @property
    def counted_calls(self) -> list[AuditedCall]:
        return [c for c in self.calls if c.uncounted is None]

    @property
    def raised_findings(self) -> list[Repeated]:
        """What explains the exception of the user's calls that raised: their error findings
        (all their findings when none is an error). They do not count towards the verdict."""
        found = _repeated([c for c in self.calls if c.uncounted == "raised"])
        errors = [r for r in found if r.finding.severity is Severity.ERROR]
        return errors or found

    @property
    def baseline_findings(self) -> list[Repeated]:
        """The findings of calls scoring a deliberate baseline (not counted)."""
        return _repeated([c for c in self.calls if c.uncounted == "baseline"])

    @property
    def raised(self) -> int:
        """The user's calls that raised (not counted)."""
        return sum(c.uncounted == "raised" for c in self.calls)

    @property
    def raised_inside(self) -> int:
        """Calls that library code made and that raised (counted: the library scored them)."""
        return sum(c.outcome.raised is not None and c.uncounted is None for c in self.calls)

    @property
    def first_raised(self) -> AuditedCall | None:
        return next((c for c in self.calls if c.outcome.raised is not None), None)


def _repeated(calls: list[AuditedCall]) -> list[Repeated]:
    first: dict[str, Repeated] = {}
    for call in calls:
        for finding in call.findings:
            if finding.code in first:
                first[finding.code].count += 1
                if finding.severity.rank < first[finding.code].finding.severity.rank:
                    first[finding.code].finding = finding
            else:
                first[finding.code] = Repeated(finding, 1)
    return sorted(first.values(), key=lambda r: (r.finding.severity.rank, r.finding.code))


def _slim(call: AuditedCall) -> AuditedCall:
    import dataclasses

    report = call.report
    assert report is not None
    requested = report.metrics.get("requested")
    kept = report.model_copy(
        update={"charts": {}, "metrics": {} if requested is None else {"requested": requested}}
    )
    return dataclasses.replace(call, report=kept)


class AuditReport:
    """The calls an audit captured, their reports, and findings by call site.

    It fills while the audit is active (calls from every thread are appended) and is final
    when the audit ends.
    """

    def __init__(self, fail_on: str = "error") -> None:
        self.calls: list[AuditedCall] = []
        self.fail_on = fail_on
        # the program ``evalcheck run`` ran: target, exit_status and the exception, if any
        self.program: dict[str, Any] | None = None
        self._lock = threading.Lock()
        self._seen: set[tuple[Any, ...]] = set()

    @property
    def program_failed(self) -> bool:
        return self.program is not None and self.program.get("exit_status", 0) != 0

    def __getstate__(self) -> dict[str, Any]:
        return {"calls": list(self.calls), "fail_on": self.fail_on, "program": self.program}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.calls, self.fail_on = state["calls"], state["fail_on"]
        self.program = state.get("program")
        self._lock = threading.Lock()
        self._seen = {c.site_key for c in self.calls}

    def add(self, call: AuditedCall) -> None:
        """Record a call; after the first call at a site, only what the verdict needs of its
        report is kept (findings and the requested value), so a loop does not fill memory."""
        key = call.site_key
        with self._lock:
            if key in self._seen and call.report is not None:
                call = _slim(call)
            self._seen.add(key)
            self.calls.append(call)

    def __len__(self) -> int:
        return len(self.calls)

    def __iter__(self) -> Iterator[AuditedCall]:
        return iter(list(self.calls))

    @property
    def sites(self) -> list[SiteGroup]:
        """Calls grouped by call site, function and context, in order of first call."""
        groups: dict[tuple[Any, ...], SiteGroup] = {}
        for call in list(self.calls):
            key = (*call.site_key, call.context)
            if key not in groups:
                groups[key] = SiteGroup(call.site, call.function, call.context)
            groups[key].calls.append(call)
        return list(groups.values())

    @property
    def findings(self) -> list[tuple[SiteGroup, Repeated]]:
        """Every (call site, repeated finding) pair of the calls that returned a value, most
        severe first (a call that raised produced no number to mislead anyone)."""
        pairs = [(group, repeated) for group in self.sites for repeated in group.findings]
        return sorted(pairs, key=lambda p: p[1].finding.severity.rank)

    @property
    def n_sites(self) -> int:
        """Distinct call sites (a fixture's call, made in many tests, is one)."""
        return len({c.site_key for c in self.calls})

    def counts(self) -> dict[str, int]:
        """Findings per severity, each repeated finding counted once per call site (whatever
        the number of tests or cells that made the call)."""
        counts = {s.value: 0 for s in Severity}
        seen: set[tuple[Any, ...]] = set()
        for group, repeated in self.findings:
            key = (*group.calls[0].site_key, repeated.finding.code)
            if key not in seen:
                seen.add(key)
                counts[repeated.finding.severity.value] += 1
        return counts

    def exit_code(self, fail_on: str | None = None) -> int:
        """1 when a finding at some call site is at or above ``fail_on``, else 0."""
        level = validate_fail_on(self.fail_on if fail_on is None else fail_on)
        return int(any(fails(r.finding.severity, level) for _, r in self.findings))

    def to_dict(self) -> dict[str, Any]:
        """A strict-JSON-able dict: the summary, the findings by site, every call."""
        from .._version import __version__

        return jsonable(
            {
                "schema_version": 1,
                "version": __version__,
                "kind": "audit",
                "passed": self.exit_code() == 0 and not self.program_failed,
                "fail_on": self.fail_on,
                "program": self.program,
                "counts": self.counts(),
                "n_calls": len(self.calls),
                "sites": [
                    {
                        "location": g.site.location(),
                        "function": g.function,
                        "context": g.context,
                        "n_calls": len(g.calls),
                        "n_raised": g.raised,
                        "n_raised_inside_library": g.raised_inside,
                        "baseline": next(
                            (c.site.baseline for c in g.calls if c.site.baseline), None
                        ),
                        "baseline_findings": [
                            r.finding.model_dump(mode="json") | {"count": r.count}
                            for r in g.baseline_findings
                        ],
                        "findings": [
                            r.finding.model_dump(mode="json") | {"count": r.count}
                            for r in g.findings
                        ],
                        "raised_findings": [
                            r.finding.model_dump(mode="json") | {"count": r.count}
                            for r in g.raised_findings
                        ],
                    }
                    for g in self.sites
                ],
                "calls": [c.to_dict() for c in self.calls],
            }
        )

    def to_json(self, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), indent=indent, allow_nan=False, ensure_ascii=False)

    def __str__(self) -> str:
        from ..render.audit import render_audit_text

        return render_audit_text(self)

    def __repr__(self) -> str:
        from ..render.audit import summary_line

        return f"<AuditReport {summary_line(self)}>"

    def to_html(self, timestamp: str | None = None) -> str:
        """One self-contained HTML page: a section per call site."""
        from ..render.audit import render_audit_html

        return render_audit_html(self, timestamp=timestamp)

    def save_html(self, path: str | Path, timestamp: str | None = None) -> Path:
        from ..sources.files import write_atomically

        return write_atomically(path, self.to_html(timestamp=timestamp))

    def _repr_html_(self) -> str:
        from ..render.audit import render_audit_notebook

        return render_audit_notebook(self)
