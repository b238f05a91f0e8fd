"""Judge evalcheck's answers on the calls audited in scikit-learn's own metric tests.

Each call was captured and checked by ``evalcheck.audit()`` (through ``pytest --evalcheck``)
with its bound arguments, as :func:`evalcheck.auditing.sklearn.bind_call` binds them. The
judgement, by what scikit-learn did:

- raised -> evalcheck must give an error finding or raise ``UsageError`` (not judged when the
  exception names an argument evalcheck does not model, such as ``max_fpr``);
- warned about the data -> a finding of warning severity or above, with one of the codes
  :data:`WARNING_RULES` lists for the warning (any code for a warning it does not list);
- computed silently -> an error finding (or ``UsageError``) must be allowlisted;
- returned a number or per-class array that evalcheck also computes -> equal to 1e-12,
  unless the call has arguments evalcheck does not model (those are listed by name).

A crash is an exception other than ``UsageError``, an EC000 finding, or a RuntimeWarning
leaking out of evalcheck.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from .record import Call, Recording

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

ALLOWLIST = Path(__file__).with_name("allowlist.toml")
TOLERANCE = 1e-12
_ALL = ("EC",)  # a prefix every code has: any finding explains the warning

# scikit-learn warning message -> the codes of the rules that explain it
WARNING_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (r"Precision( and F-score)? (is|are) ill-defined", ("EC201", "EC202", "EC205", "EC303")),
    (r"Recall( and F-score)? (is|are) ill-defined", ("EC203", "EC205", "EC303")),
    (r"F-score is ill-defined", ("EC202", "EC203", "EC205", "EC303")),
    (r"Jaccard is ill-defined", ("EC106", "EC202", "EC203", "EC205", "EC303")),
    (r"Only one class is present in y_true", ("EC203",)),
    (r"No positive class found in y_true", ("EC203", "EC303")),
    (r"`cohen_kappa_score` is undefined", ("EC201", "EC203", "EC205")),
    (r"A single label was found in 'y_true' and 'y_pred'", ("EC201", "EC203", "EC205")),
    (r"y_pred contains classes not in y_true", ("EC105", "EC203")),
    (r"values do not sum to one", ("EC110",)),
    (r"assumes labels are ordered lexicographically", ("EC106", "EC310")),
    (r"pos_label .* is ignored when average != 'binary'", ("EC301", "EC309")),
)
# warnings about arguments evalcheck does not model, not about the data
NOT_ABOUT_DATA = (r"does not match size of target_names",)


@dataclass(frozen=True)
class Finding:
    """What replay keeps of an evalcheck finding."""

    code: str
    severity: str
    message: str

    def __str__(self) -> str:
        return f"{self.code} {self.severity}: {self.message}"


@dataclass(eq=False)
class Result:
    """One audited call, judged."""

    call: Call
    unbindable: str | None = None
    usage_error: str | None = None
    crash: str | None = None
    findings: list[Finding] = field(default_factory=list)
    value: Any = None
    note: str | None = None
    unmodelled: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Finding]:
        """Error findings, a UsageError as code ``UsageError``; EC000 is not one."""
        found = [f for f in self.findings if f.severity == "error" and f.code != "EC000"]
        if self.usage_error is not None:
            found.append(Finding("UsageError", "error", self.usage_error))
        return found

    def explained(self, codes: tuple[str, ...]) -> bool:
        """A finding of warning severity or above whose code starts with one of ``codes``."""
        return any(
            f.severity in ("error", "warning") and f.code != "EC000" and f.code.startswith(codes)
            for f in self.findings
        )


def data_warnings(call: Call) -> list[dict[str, Any]]:
    """The warnings scikit-learn gave about the data: UserWarning and RuntimeWarning kinds
    (UndefinedMetricWarning among them), not deprecations nor notes on unmodelled arguments."""
    return [
        w
        for w in call.warnings
        if {"UserWarning", "RuntimeWarning"} & set(w["bases"])
        and not any(re.search(p, w["message"]) for p in NOT_ABOUT_DATA)
    ]


def expected_codes(message: str) -> tuple[str, ...]:
    """The rule codes that explain a scikit-learn warning (any code when it is not listed)."""
    for pattern, codes in WARNING_RULES:
        if re.search(pattern, message):
            return codes
    return _ALL


def replay_call(call: Call) -> Result:
    """evalcheck's answer on ``call``, as the audit recorded it."""
    audited = call.audited
    result = Result(call, unmodelled=audited.unmodelled)
    if audited.not_checked is not None:
        result.unbindable = audited.not_checked
        return result
    result.usage_error = audited.usage_error
    if audited.internal is not None:
        result.crash = audited.internal.message
    runtime = [w for w in audited.leaked if w.startswith(("RuntimeWarning", "Numba"))]
    if runtime and result.crash is None:
        result.crash = f"leaked {runtime[0]}"
    if audited.report is None:
        return result
    findings = audited.report.findings
    result.findings = [Finding(f.code, f.severity.value, f.message) for f in findings]
    internal = [f for f in result.findings if f.code == "EC000"]
    if internal and result.crash is None:
        result.crash = internal[0].message
    requested = audited.report.metrics.get("requested", {})
    result.value, result.note = requested.get("value"), requested.get("note")
    return result


def replay(recording: Recording) -> list[Result]:
    """Every recorded call, replayed."""
    return [replay_call(call) for call in recording.calls]


def _numbers(value: Any) -> np.ndarray | None:
    """A number or a 1-D array of numbers as a float array; None for anything else."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return np.array([value], dtype=float)
    if isinstance(value, (np.ndarray, list)):
        try:
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            return None
        return array if array.ndim == 1 else None
    return None


def same_value(expected: Any, actual: Any) -> bool:
    """Equal to :data:`TOLERANCE` (absolute, or relative for large values); NaN equals NaN."""
    a, b = _numbers(expected), _numbers(actual)
    if a is None or b is None or a.shape != b.shape:
        return False
    with np.errstate(invalid="ignore"):
        close = np.abs(a - b) <= TOLERANCE * np.maximum(1.0, np.abs(a))
    return bool(np.all((a == b) | close | (np.isnan(a) & np.isnan(b))))


@dataclass(frozen=True)
class Allowed:
    """An allowlist entry: an error evalcheck may give on a call scikit-learn computes."""

    function: str
    code: str
    reason: str
    match: str | None = None
    test: str | None = None

    def allows(self, result: Result, finding: Finding) -> bool:
        return (
            self.function == result.call.function
            and self.code == finding.code
            and (self.match is None or re.search(self.match, finding.message) is not None)
            and (self.test is None or any(re.search(self.test, t) for t in result.call.tests))
        )


def load_allowlist(path: Path = ALLOWLIST) -> list[Allowed]:
    """The ``[[allow]]`` entries of ``path``; a ``reason`` is required."""
    entries = tomllib.loads(path.read_text(encoding="utf-8")).get("allow", [])
    allowed = []
    for number, entry in enumerate(entries, 1):
        unknown = set(entry) - {"function", "code", "reason", "match", "test"}
        if unknown or not all(entry.get(k) for k in ("function", "code", "reason")):
            raise ValueError(f"{path}: entry {number} needs function, code and reason: {entry}")
        allowed.append(Allowed(**entry))
    return allowed


@dataclass(repr=False)
class Summary:
    """Every replayed call, sorted into the categories the conformance tests hold."""

    results: list[Result]
    crashes: list[Result] = field(default_factory=list)
    unbindable: list[Result] = field(default_factory=list)
    raised: list[Result] = field(default_factory=list)
    raised_missed: list[Result] = field(default_factory=list)
    raised_unmodelled: list[Result] = field(default_factory=list)
    warned: list[Result] = field(default_factory=list)
    warned_missed: list[Result] = field(default_factory=list)
    silent_errors: list[Result] = field(default_factory=list)
    allowlisted: list[Result] = field(default_factory=list)
    compared: list[Result] = field(default_factory=list)
    mismatches: list[Result] = field(default_factory=list)
    unmodelled: dict[str, list[Result]] = field(default_factory=dict)
    unused_allowlist: list[Allowed] = field(default_factory=list)

    @property
    def not_allowlisted(self) -> list[Result]:
        return [r for r in self.silent_errors if r not in self.allowlisted]

    def line(self) -> str:
        n_unmodelled = len({id(r) for rs in self.unmodelled.values() for r in rs})
        raised_ok = len(self.raised) - len(self.raised_missed)
        warned_ok = len(self.warned) - len(self.warned_missed)
        return (
            f"calls {len(self.results)} · crashes {len(self.crashes)} · "
            f"raised→error {raised_ok}/{len(self.raised)} · "
            f"warned→finding {warned_ok}/{len(self.warned)} · "
            f"silent→error {len(self.silent_errors)} (allowlisted {len(self.allowlisted)}) · "
            f"value mismatches {len(self.mismatches)} · unmodelled {n_unmodelled}"
        )


def missing_explanations(result: Result) -> list[str]:
    """The data warnings of a call that no finding of the expected codes explains."""
    return [
        w["message"]
        for w in data_warnings(result.call)
        if not result.explained(expected_codes(w["message"]))
    ]


def raised_on_unmodelled(result: Result) -> bool:
    """scikit-learn's exception names an argument evalcheck does not model (``max_fpr``)."""
    message = result.call.outcome.get("message", "")
    return any(name.split("=")[0] in message for name in result.unmodelled)


def summarize(results: list[Result], allowlist: list[Allowed] | None = None) -> Summary:
    """Sort replayed calls into categories (see the module docstring)."""
    allowlist = load_allowlist() if allowlist is None else allowlist
    used: set[int] = set()
    summary = Summary(results)
    for r in results:
        if r.unbindable is not None:
            summary.unbindable.append(r)
            continue
        if r.crash is not None:
            summary.crashes.append(r)
        for name in r.unmodelled:
            summary.unmodelled.setdefault(name, []).append(r)
        if r.call.raised and raised_on_unmodelled(r):
            summary.raised_unmodelled.append(r)
            continue
        if r.call.raised:
            summary.raised.append(r)
            if not r.errors:
                summary.raised_missed.append(r)
            continue
        if data_warnings(r.call):
            summary.warned.append(r)
            if missing_explanations(r):
                summary.warned_missed.append(r)
        elif r.errors:
            summary.silent_errors.append(r)
            matches = [[i for i, a in enumerate(allowlist) if a.allows(r, f)] for f in r.errors]
            if all(matches):
                summary.allowlisted.append(r)
                used.update(i for m in matches for i in m)
        if r.value is not None and not r.unmodelled:
            sklearn_value = r.call.outcome["value"]
            if _numbers(sklearn_value) is not None:
                summary.compared.append(r)
                if not same_value(sklearn_value, r.value):
                    summary.mismatches.append(r)
    summary.unused_allowlist = [a for i, a in enumerate(allowlist) if i not in used]
    summary.unmodelled = dict(sorted(summary.unmodelled.items()))
    return summary


# --- readable output ------------------------------------------------------------------


def short(value: Any, width: int = 60) -> str:
    """A short, one-line repr of an argument or a result."""
    if isinstance(value, np.ndarray):
        body = np.array2string(value.ravel()[:8], separator=",", threshold=8)
        text = f"{value.dtype}{list(value.shape)} {body}"
        text = text if value.size <= 8 else text[:-1] + ",…]"
    elif isinstance(value, (list, tuple)) and len(value) > 8:
        text = repr(type(value)(value[:8]))[:-1] + ", …" + repr(value)[-1]
    elif hasattr(value, "shape") and not isinstance(value, (int, float, str)):
        text = f"{type(value).__name__}{list(value.shape)}"
    elif isinstance(value, float):
        text = f"{value:.6g}"
    else:
        text = repr(value)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def describe_call(call: Call) -> str:
    """``f1_score(y_true, y_pred, average='macro') at test_classification.py:120:5``."""
    audited = call.audited
    return f"{audited.call} at {audited.site.location()}"


def sklearn_outcome(call: Call) -> str:
    """What scikit-learn returned or raised, and what it warned."""
    outcome = call.outcome
    if "raised" in outcome:
        text = f"raised {outcome['raised']}: {outcome['message']}"
    else:
        text = f"returned {short(outcome['value'])}"
    for w in call.warnings:
        text += f"; warned {w['category']}: {w['message']}"
    return " ".join(text.split())


def evalcheck_outcome(result: Result) -> str:
    """evalcheck's crash or UsageError, its findings above info, and its value."""
    parts = []
    if result.crash:
        parts.append(f"CRASH {result.crash}")
    if result.usage_error is not None:
        parts.append(f"UsageError: {result.usage_error}")
    shown = [f for f in result.findings if f.severity != "info"] or result.findings
    parts += [str(f) for f in shown]
    if result.usage_error is None and not result.crash:
        parts.append(f"value {short(result.value)}" + (f" ({result.note})" if result.note else ""))
    return "\n               ".join(parts) if parts else "no findings"


def describe_result(result: Result) -> str:
    """A replayed call in four lines: the test, the call, scikit-learn's and evalcheck's answer."""
    return (
        f"   {result.call.test}\n"
        f"     call      {describe_call(result.call)}\n"
        f"     sklearn   {sklearn_outcome(result.call)}\n"
        f"     evalcheck {evalcheck_outcome(result)}"
    )


def listing(results: list[Result], limit: int = 25) -> str:
    """The first ``limit`` results, described, for a test's failure message."""
    shown = "\n".join(describe_result(r) for r in results[:limit])
    more = f"\n   … {len(results) - limit} more" if len(results) > limit else ""
    return f"{len(results)} calls:\n{shown}{more}"


def _codes(result: Result, severities: tuple[str, ...]) -> str:
    return ",".join(sorted({f.code for f in result.findings if f.severity in severities})) or "-"


def _category_key(name: str, result: Result) -> str:
    call = result.call
    if name == "crashes":
        return f"{call.function} · {(result.crash or '').split(':')[0]}"
    if name == "raised→error missed":
        return f"{call.function} · {call.outcome['raised']}: {call.outcome['message'][:60]}"
    if name == "warned→finding missed":
        expected = sorted({c for m in missing_explanations(result) for c in expected_codes(m)})
        got = _codes(result, ("error", "warning"))
        return f"{call.function} · expected {'/'.join(expected)} · got {got}"
    if name == "silent→error not allowlisted":
        return f"{call.function} · {','.join(sorted({f.code for f in result.errors}))}"
    if name == "value mismatches":
        return f"{call.function} · {call.audited.call}"
    return f"{call.function} · {result.unbindable}"


def render(summary: Summary, show_all: bool = False, groups: int = 12, examples: int = 2) -> str:
    """The summary line, then each failure category grouped by function and rule code."""
    total = sum(r.call.count for r in summary.results)
    lines = [
        summary.line(),
        f"({total} calls with repeats; {len(summary.compared)} values compared; "
        f"{len(summary.unbindable)} unbindable; "
        f"{len(summary.raised_unmodelled)} raised on an unmodelled argument, not judged)",
    ]
    categories = {
        "crashes": summary.crashes,
        "raised→error missed": summary.raised_missed,
        "warned→finding missed": summary.warned_missed,
        "silent→error not allowlisted": summary.not_allowlisted,
        "value mismatches": summary.mismatches,
        "unbindable": summary.unbindable,
    }
    for name, results in categories.items():
        if not results:
            continue
        grouped: dict[str, list[Result]] = defaultdict(list)
        for r in results:
            grouped[_category_key(name, r)].append(r)
        lines.append(f"\n== {name}: {len(results)} calls in {len(grouped)} groups")
        ordered = sorted(grouped.items(), key=lambda kv: -len(kv[1]))
        for key, members in ordered if show_all else ordered[:groups]:
            lines.append(f"-- {key}  ({len(members)})")
            for r in members if show_all else members[:examples]:
                lines.append(describe_result(r))
        if not show_all and len(ordered) > groups:
            lines.append(f"   … {len(ordered) - groups} more groups (--all)")
    if summary.unmodelled:
        lines.append("\n== unmodelled arguments (value comparison skipped)")
        for name, results in summary.unmodelled.items():
            functions = Counter(r.call.function for r in results)
            listed = ", ".join(f"{f} {n}" for f, n in functions.most_common())
            lines.append(f"   {name}: {len(results)} calls ({listed})")
    if summary.unused_allowlist:
        lines.append("\n== allowlist entries that match nothing")
        lines += [
            f"   {a.function} {a.code} match={a.match!r} test={a.test!r}"
            for a in summary.unused_allowlist
        ]
    return "\n".join(lines)
