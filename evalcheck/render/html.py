"""The HTML report and the notebook view.

Python prepares plain view data (numbers, strings, chart geometry); the Jinja2 templates in
``templates/`` write all markup with autoescaping on. Every string passes through
:func:`clean` on output, so control characters in labels cannot break the page. The page has
no scripts and fetches nothing: CSS and SVG are inline, and a Content-Security-Policy forbids
everything else.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from datetime import datetime, timezone
from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from .._version import __version__
from ..findings import Finding, Report, Severity
from .text import HEADLINE, _lookup, clean

HEAT_MAX_CELL, HEAT_MIN_CELL, HEAT_WIDTH = 56, 18, 760
LABEL_CHARS = 14
CHART_W, CHART_H, PAD = 560, 220, 40
NOTEBOOK_MAX_CLASSES = 12


def _finalize(value: Any) -> Any:
    """Applied to every ``{{ }}`` output: neutralise control characters in text (markup that
    templates built, such as macro output, is already clean and passes unchanged)."""
    if isinstance(value, Markup):
        return value
    return clean(value) if isinstance(value, str) else ("" if value is None else value)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("evalcheck", "render/templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        finalize=_finalize,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _number
    env.filters["short"] = _short
    return env


def _number(value: Any, digits: int = 3) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "n/a"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    text = clean(str(text))
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evidence_rows(evidence: dict[str, Any]) -> list[tuple[str, str]]:
    """Evidence as (label, readable value) rows: numbers formatted, intervals as [low, high],
    lists and tables of values written out; raw JSON stays in the JSON output."""
    rows = []
    for key, value in evidence.items():
        if key == "caused_by":
            continue
        text = _evidence_value(key, value)
        rows.append((key.replace("_", " "), text if len(text) <= 300 else text[:299] + "…"))
    return rows


def _evidence_value(key: str, value: Any) -> str:
    if isinstance(value, float):
        return _number(value, 4)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_evidence_value(str(k), v)}" for k, v in value.items()) or "none"
    if isinstance(value, (list, tuple)):
        parts = [_evidence_value(key, v) for v in value]
        pair = len(value) == 2 and all(isinstance(v, (int, float)) for v in value)
        if pair and "interval" in key:
            return f"[{_number(value[0])}, {_number(value[1])}]"
        if pair and key.endswith(("range", "sizes")):
            return f"{parts[0]} to {parts[1]}"
        return ", ".join(parts) or "none"
    return _number(value)


def _inline_code(text: str) -> list[tuple[str, bool]]:
    """Split prose into (text, is_code) runs at `code` and ``code`` spans."""
    parts = re.split(r"``?([^`]+)``?", text)
    return [(part, i % 2 == 1) for i, part in enumerate(parts) if part]


def _finding_view(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "slug": finding.slug,
        "severity": finding.severity.value,
        "message": finding.message,
        "explanation": _inline_code(finding.explanation),
        "fix_text": [
            _inline_code(line) for line in finding.fix.split("\n") if not line.startswith("    ")
        ],
        "fix_code": "\n".join(
            line[4:] for line in finding.fix.split("\n") if line.startswith("    ")
        ),
        "evidence": _evidence_rows(finding.evidence),
        "caused_by": finding.caused_by,
        "classes": finding.classes,
    }


def _groups(report: Report) -> list[dict[str, Any]]:
    """Findings by the severity of their root cause, each root followed by what it causes."""
    severity_of = {f.code: f.severity for f in report.findings}
    groups: dict[Severity, list[dict[str, Any]]] = {s: [] for s in Severity}
    for finding in report.findings:
        root = finding.caused_by
        key = severity_of.get(root, finding.severity) if root else finding.severity
        groups[key].append(_finding_view(finding))
    titles = {Severity.ERROR: "Errors", Severity.WARNING: "Warnings", Severity.INFO: "Info"}
    return [
        {
            "severity": s.value,
            "title": titles[s],
            "findings": items,
            "own": sum(1 for f in items if f["severity"] == s.value and not f["caused_by"]),
            "following": sum(1 for f in items if f["caused_by"]),
        }
        for s, items in groups.items()
        if items
    ]


def _headline(report: Report) -> list[dict[str, Any]]:
    metrics = report.metrics
    rows = []
    requested = metrics.get("requested", {})
    if isinstance(requested.get("value"), float):
        note = requested.get("note") or "your number"
        rows.append({"name": requested["call"], "value": requested["value"], "note": note})
    elif requested.get("note") and metrics:
        rows.append({"name": requested.get("call", ""), "value": None, "note": requested["note"]})
    intervals = metrics.get("intervals", {})
    for key, name in HEADLINE:
        value = _lookup(metrics, key)
        if value is None:
            continue
        interval = intervals.get(key)
        note = f"95% interval {interval[0]:.3f} – {interval[1]:.3f}" if interval else ""
        if key == "majority_baseline" and metrics.get("majority_class") is not None:
            note = f"always predicting {metrics['majority_class']}"
        rows.append({"name": name, "value": value, "note": note})
    return rows


def _class_rows(report: Report) -> list[dict[str, Any]]:
    weak = {c for f in report.findings if f.weak_classes for c in f.classes}
    rows = []
    for row in report.metrics.get("per_class", []):
        rows.append({**row, "weak": row["class"] in weak})
    return rows


def _heatmap(confusion: dict[str, Any]) -> dict[str, Any]:
    names, matrix = confusion["classes"], confusion["matrix"]
    k = len(names)
    cell = max(HEAT_MIN_CELL, min(HEAT_MAX_CELL, HEAT_WIDTH // max(k, 1)))
    longest = min(LABEL_CHARS, max((len(clean(n)) for n in names), default=1))
    upright = longest <= 4  # short labels read horizontally above the columns
    margin = 26 + int(longest * 6.5)
    cells = []
    for i, row in enumerate(matrix):
        total = sum(row)
        for j, count in enumerate(row):
            share = count / total if total else 0.0
            cells.append(
                {
                    "x": margin + j * cell,
                    "y": margin + i * cell,
                    "count": count,
                    "share": round(share, 4),
                    "opacity": round(0.06 + 0.94 * share, 3) if count else 0,
                    "dark": share > 0.55,
                    "diagonal": i == j,
                    "true": names[i],
                    "pred": names[j],
                }
            )
    return {
        "cells": cells,
        "cell": cell,
        "margin": margin,
        "size": margin + k * cell + 8,
        "width": margin + k * cell + 8 + (0 if upright else int(longest * 3.5)),  # rotated tail
        "names": names,
        "font": max(7, int(cell * 0.4)),
        "show_counts": cell >= HEAT_MIN_CELL,
        "k": k,
        "upright": upright,
    }


def _scale(values: list[float], low: float, high: float, start: float, length: float):
    span = (high - low) or 1.0
    return [start + (v - low) / span * length for v in values]


def _threshold_chart(scores: dict[str, Any]) -> dict[str, Any] | None:
    curve = scores.get("curve")
    if not curve or len(curve["threshold"]) < 2:
        return None
    xs = curve["threshold"]
    low, high = min(xs), max(xs)
    in_use = scores.get("threshold_in_use")
    if in_use is not None and math.isfinite(in_use):
        low, high = min(low, in_use), max(high, in_use)
    px = _scale(xs, low, high, PAD, CHART_W - 2 * PAD)
    lines = []
    for key, dash in (("precision", ""), ("recall", "6 4"), ("f1", "2 3")):
        py = [CHART_H - PAD - v * (CHART_H - 2 * PAD) for v in curve[key]]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in zip(px, py))
        lines.append({"name": key, "points": points, "dash": dash})
    marker = None
    if in_use is not None and math.isfinite(in_use):
        marker = _scale([in_use], low, high, PAD, CHART_W - 2 * PAD)[0]
    return {
        "lines": lines,
        "marker": marker,
        "in_use": in_use,
        "low": low,
        "high": high,
        "width": CHART_W,
        "height": CHART_H,
        "pad": PAD,
    }


def _histogram_chart(scores: dict[str, Any]) -> dict[str, Any] | None:
    hist = scores.get("histograms")
    if not hist or len(hist["counts"]) > 8:
        return None
    edges = hist["edges"]
    peak = max((max(c) for c in hist["counts"].values() if c), default=0) or 1
    px = _scale(edges, edges[0], edges[-1], PAD, CHART_W - 2 * PAD)
    dashes = ["", "6 4", "2 3", "8 3 2 3", "1 2", "10 2", "4 4", "3 6"]
    series = []
    for (name, counts), dash in zip(hist["counts"].items(), dashes):
        points = []
        for i, c in enumerate(counts):
            y = CHART_H - PAD - c / peak * (CHART_H - 2 * PAD)
            points += [f"{px[i]:.1f},{y:.1f}", f"{px[i + 1]:.1f},{y:.1f}"]
        series.append(
            {"name": name, "points": " ".join(points), "dash": dash, "total": sum(counts)}
        )
    return {
        "series": series,
        "low": edges[0],
        "high": edges[-1],
        "peak": peak,
        "width": CHART_W,
        "height": CHART_H,
        "pad": PAD,
        "score_name": scores.get("score_name", "score"),
    }


def _verdict(report: Report) -> dict[str, Any]:
    failed = report.exit_code() == 1
    return {
        "failed": failed,
        "word": "FAIL" if failed else "PASS",
        "fail_on": report.fail_on,
        "counts": report.counts(),
    }


def _now() -> str:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds), as 'YYYY-MM-DD HH:MM UTC'."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.fromtimestamp(int(epoch), timezone.utc)
        if epoch and epoch.isdigit()
        else datetime.now(timezone.utc)
    )
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _context(report: Report, timestamp: str | None) -> dict[str, Any]:
    stamp = _now() if timestamp is None else timestamp
    charts = report.charts
    scores = charts.get("scores", {})
    inputs = report.inputs
    return {
        "report": report,
        "version": __version__,
        "timestamp": stamp,
        "verdict": _verdict(report),
        "inputs": inputs,
        "input_rows": [
            (name, inputs[name]) for name in ("y_true", "y_pred", "y_score") if name in inputs
        ],
        "groups": _groups(report),
        "headline": _headline(report),
        "class_rows": _class_rows(report),
        "heatmap": _heatmap(charts["confusion"]) if "confusion" in charts else None,
        "top_confusions": charts.get("top_confusions", []),
        "threshold_chart": _threshold_chart(scores) if scores else None,
        "histogram_chart": _histogram_chart(scores) if scores else None,
        "scores": scores,
        "skipped": report.skipped,
        "source": report.source,
        "gates": report.gates,
        "title": "evalcheck report",
        "uid": "",
    }


def render_html(report: Report, timestamp: str | None = None) -> str:
    """The full, self-contained page."""
    return _environment().get_template("report.html.j2").render(**_context(report, timestamp))


def render_html_pages(reports: list[Report], timestamp: str | None = None) -> str:
    """One self-contained page for several checks: a list of them, then each report."""
    stamp = _now() if timestamp is None else timestamp
    sections = []
    for number, report in enumerate(reports, 1):
        context = _context(report, stamp)
        source = report.source or {}
        context["title"] = source.get("name") or source.get("path") or f"check {number}"
        context["uid"] = f"c{number}-"
        body = Markup(_environment().get_template("_report_body.html.j2").render(**context))
        sections.append({**context, "body": body})
    failed = [s for s in sections if s["verdict"]["failed"]]
    return (
        _environment()
        .get_template("checks.html.j2")
        .render(sections=sections, failed=failed, version=__version__, timestamp=stamp)
    )


def render_notebook(report: Report) -> str:
    """The compact view shown under a notebook cell, with CSS scoped to its own root."""
    context = _context(report, timestamp="")
    # ids unique per report, so several reports in one notebook keep their ARIA labels apart
    digest = hashlib.sha1(report.to_json(indent=None).encode()).hexdigest()[:8]
    context["uid"] = f"ec{digest}-"
    heatmap = context["heatmap"]
    if heatmap is not None and heatmap["k"] > NOTEBOOK_MAX_CLASSES:
        context["heatmap"] = None
    return _environment().get_template("notebook.html.j2").render(**context)
