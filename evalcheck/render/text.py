"""The terminal view of a Report: findings first, then the numbers, then the verdict."""

from __future__ import annotations

import math
import re
import textwrap
from typing import Any

from ..findings import Report

WIDTH = 100
INDENT = " " * 9
MAX_CLASS_ROWS = 20
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """Neutralise control characters (escape sequences) that data could smuggle in."""
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def _wrap(text: str, indent: str = INDENT) -> list[str]:
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        if paragraph.startswith("    "):  # code: keep as written
            lines.append(indent + paragraph)
        else:
            lines.extend(
                textwrap.wrap(paragraph, WIDTH, initial_indent=indent, subsequent_indent=indent)
                or [indent]
            )
    return lines


HEADLINE = (
    ("accuracy", "accuracy"),
    ("majority_baseline", "majority baseline"),
    ("balanced_accuracy", "balanced accuracy"),
    ("mcc", "MCC"),
    ("macro.f1", "macro-F1"),
    ("subset_accuracy", "subset accuracy"),
    ("label_accuracy", "per-label accuracy"),
    ("samples.f1", "samples-F1"),
    ("roc_auc", "ROC AUC"),
    ("roc_auc_ovr", "ROC AUC (ovr)"),
    ("roc_auc_ovo", "ROC AUC (ovo)"),
    ("average_precision", "average precision"),
)


def _lookup(metrics: dict[str, Any], dotted: str) -> Any:
    value: Any = metrics
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value


def _header(report: Report) -> str:
    inputs = report.inputs
    parts = [f"{inputs.get('n_samples', 0):,} samples"]
    if inputs.get("n_classes") is not None:
        parts.append(f"{inputs['n_classes']} classes ({inputs.get('task')})")
    parts.append(inputs.get("call", "no metric given"))
    head = "evalcheck: " + " · ".join(parts)
    source = report.source
    if source:
        used = ", ".join(f"{k}={v}" for k, v in source.get("columns", {}).items())
        name = f"[{source['name']}] " if source.get("name") else ""
        head += f"\n{name}{source['path']} · sha256 {source['sha256'][:12]} · {used}"
    return clean(head)


def _metrics_lines(metrics: dict[str, Any]) -> list[str]:
    if not metrics:
        return []
    lines = [""]
    requested = metrics["requested"]
    if requested["value"] is not None and not isinstance(requested["value"], list):
        note = f"  ({clean(requested['note'])})" if requested.get("note") else ""
        lines.append(f"your number  {clean(requested['call'])} = {_fmt(requested['value'])}{note}")
    elif (requested.get("note") or "").startswith("the call raises"):
        lines.append(f"your number  {clean(requested['call'])}: {clean(requested['note'])}")
    shown = [
        f"{name} {_fmt(_lookup(metrics, key))}"
        for key, name in HEADLINE
        if _lookup(metrics, key) is not None
    ]
    if shown:
        lines.append("metrics  " + " · ".join(shown))
    if "per_class" not in metrics:
        return lines if len(lines) > 1 else []
    rows = metrics["per_class"]
    name_width = min(24, max(5, *(len(clean(r["class"])) for r in rows)))
    lines.append("")
    lines.append(
        f"{'class':<{name_width}}  {'support':>9}  {'predicted':>9}  "
        f"{'precision':>9}  {'recall':>9}  {'f1':>9}"
    )
    for row in rows[:MAX_CLASS_ROWS]:
        name = clean(row["class"])
        if len(name) > name_width:
            name = name[: name_width - 1] + "…"
        lines.append(
            f"{name:<{name_width}}  {row['support']:>9,}  {row['predicted']:>9,}  "
            f"{_fmt(row['precision']):>9}  {_fmt(row['recall']):>9}  {_fmt(row['f1']):>9}"
        )
    if len(rows) > MAX_CLASS_ROWS:
        lines.append(f"... {len(rows) - MAX_CLASS_ROWS} more classes (see --format json)")
    return lines


def render_text(report: Report) -> str:
    """The whole report as plain text."""
    lines = [_header(report), ""]
    hidden = (report.baseline or {}).get("hidden", 0)
    if not report.findings:
        lines.append(
            "No new problems against the baseline." if report.baseline else "No problems found."
        )
    if hidden:
        noun = "finding" if hidden == 1 else "findings"
        lines.append(f"({hidden} known {noun} in {clean(report.baseline['path'])} not shown)")
    for finding in report.findings:
        follows = f"  (follows from {finding.caused_by})" if finding.caused_by else ""
        lines.append(f"{finding.severity.value:<8} {finding.code} {finding.slug}{follows}")
        lines.extend(_wrap(finding.message))
        fix = _wrap(finding.fix, INDENT + "     ")
        lines.append(INDENT + "fix: " + fix[0][len(INDENT) + 5 :])
        lines.extend(fix[1:])
    lines.extend(_metrics_lines(report.metrics))
    if report.skipped:
        lines.append("")
        lines.append(f"skipped {len(report.skipped)} rules that cannot run on this data:")
        reasons: dict[str, list[str]] = {}
        for skipped in report.skipped:
            reasons.setdefault(skipped.reason, []).append(skipped.code)
        for reason, codes in reasons.items():
            lines.extend(_wrap(f"{', '.join(codes)}: {reason}"))
    if report.gates:
        lines.append("")
        lines.extend(f"gate  {clean(g.describe())}" for g in report.gates)
    counts = report.counts()
    verdict = "FAIL" if report.exit_code() else "PASS"
    summary = ", ".join(
        f"{n} {s}" if s == "info" or n == 1 else f"{n} {s}s" for s, n in counts.items()
    )
    failed_gates = sum(not g.passed for g in report.gates)
    if report.gates:
        summary += f", {failed_gates} of {len(report.gates)} gates failed"
    lines.append("")
    lines.append(f"{verdict}: {summary} (fail-on: {report.fail_on})")
    return "\n".join(lines)
