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
from ..call import NO_METRIC
from ..findings import Finding, Report, Severity
from .plots import score_plots
from .text import HEADLINE, _lookup, clean

HEAT_MAX_CELL, HEAT_MIN_CELL, HEAT_WIDTH = 56, 18, 760
LABEL_CHARS = 14
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


def _finding_view(
    finding: Finding, anchor: str = "", links: dict[str, str] | None = None
) -> dict[str, Any]:
    """A finding as the templates show it. ``anchor`` is its id on the page; ``links`` map a
    finding code (its root cause) or ``class:<name>`` to the id it links to."""
    links = links or {}
    return {
        "id": anchor,
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
        "caused_by_link": links.get(finding.caused_by or ""),
        "classes": [{"name": name, "link": links.get(f"class:{name}")} for name in finding.classes],
        "matrix_link": links.get("matrix") if finding.classes else None,
    }


def finding_anchors(findings: list[Finding], prefix: str) -> list[str]:
    """One id per finding: its code, numbered when a code repeats (``EC301``, ``EC301-2``)."""
    seen: dict[str, int] = {}
    anchors = []
    for finding in findings:
        seen[finding.code] = seen.get(finding.code, 0) + 1
        count = seen[finding.code]
        anchors.append(f"{prefix}{finding.code}" + (f"-{count}" if count > 1 else ""))
    return anchors


def _links(report: Report, uid: str, anchors: list[str]) -> dict[str, str]:
    """Where a finding's references point: each code to its first finding, each class to
    its row of the per-class table, the classes' matrix to the confusion section."""
    links: dict[str, str] = {}
    for finding, anchor in zip(report.findings, anchors):
        links.setdefault(finding.code, anchor)
    for position, row in enumerate(report.metrics.get("per_class", [])):
        links[f"class:{row['class']}"] = _class_id(uid, position)
    if "confusion" in report.charts:
        links["matrix"] = f"{uid}confusion"
    return links


def _class_id(uid: str, position: int) -> str:
    """The id of a class's row of the per-class table (by its position in the metrics)."""
    return f"{uid}class-{position}"


def _groups(report: Report, uid: str, anchors: list[str]) -> list[dict[str, Any]]:
    """Findings by the severity of their root cause, each root followed by what it causes."""
    severity_of = {f.code: f.severity for f in report.findings}
    links = _links(report, uid, anchors)
    groups: dict[Severity, list[dict[str, Any]]] = {s: [] for s in Severity}
    for finding, anchor in zip(report.findings, anchors):
        root = finding.caused_by
        key = severity_of.get(root, finding.severity) if root else finding.severity
        groups[key].append(_finding_view(finding, anchor, links))
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
    elif requested.get("note") and metrics and requested.get("call") != NO_METRIC:
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


def _class_rows(
    report: Report, uid: str, anchors: dict[str, list[tuple[str, str, bool]]]
) -> list[dict[str, Any]]:
    """The per-class rows, weakest first (lowest F1, then lowest recall, then largest
    support), each with its id, the findings that name its class (code, anchor, as weak)
    and which of its rates are 0/0 (scikit-learn reports them as its zero_division)."""
    rows = []
    for position, row in enumerate(report.metrics.get("per_class", [])):
        named = anchors.get(row["class"], [])
        support, predicted = row.get("support") or 0, row.get("predicted") or 0
        undefined = {
            "precision": not predicted,
            "recall": not support,
            "f1": not support and not predicted,
        }
        rows.append(
            {
                **row,
                "id": _class_id(uid, position),
                "weak": [(code, anchor) for code, anchor, weak in named if weak],
                "named": [(code, anchor) for code, anchor, weak in named if not weak],
                "undefined": undefined,
            }
        )

    def weakness(row: dict[str, Any]) -> tuple[float, float, float]:
        f1, recall = row.get("f1"), row.get("recall")
        return (
            f1 if isinstance(f1, (int, float)) else math.inf,
            recall if isinstance(recall, (int, float)) else math.inf,
            -(row.get("support") or 0),
        )

    return sorted(rows, key=weakness)


def _class_anchors(report: Report, anchors: list[str]) -> dict[str, list[tuple[str, str, bool]]]:
    """Per class, the findings that name it: (code, anchor, whether as a weak class)."""
    named: dict[str, list[tuple[str, str, bool]]] = {}
    for finding, anchor in zip(report.findings, anchors):
        for name in finding.classes:
            named.setdefault(name, []).append((finding.code, anchor, finding.weak_classes))
    return named


def _named_classes(report: Report) -> set[str]:
    return {name for finding in report.findings for name in finding.classes}


def _heatmap(confusion: dict[str, Any], named: set[str] = frozenset()) -> dict[str, Any]:
    """Cell geometry of the confusion matrix; the classes findings name are marked."""
    names, matrix = confusion["classes"], confusion["matrix"]
    grid = heat_grid(names)
    cell, margin = grid["cell"], grid["margin"]
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
        **grid,
        "cells": cells,
        "marked": [name in named for name in names],
        "font": max(7, int(cell * 0.4)),
        "show_counts": cell >= HEAT_MIN_CELL,
    }


def heat_grid(names: list[str]) -> dict[str, Any]:
    """The layout of a k x k matrix of cells labelled with ``names`` on both axes."""
    k = len(names)
    cell = max(HEAT_MIN_CELL, min(HEAT_MAX_CELL, HEAT_WIDTH // max(k, 1)))
    longest = min(LABEL_CHARS, max((len(clean(n)) for n in names), default=1))
    upright = longest <= 4  # short labels read horizontally above the columns
    margin = 26 + int(longest * 6.5)
    return {
        "names": names,
        "k": k,
        "cell": cell,
        "margin": margin,
        "upright": upright,
        "size": margin + k * cell + 8,
        "width": margin + k * cell + 8 + (0 if upright else int(longest * 3.5)),  # rotated tail
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


def _context(report: Report, timestamp: str | None, uid: str = "") -> dict[str, Any]:
    stamp = _now() if timestamp is None else timestamp
    charts = report.charts
    scores = charts.get("scores", {})
    inputs = report.inputs
    anchors = finding_anchors(report.findings, f"{uid}finding-")
    return {
        "report": report,
        "version": __version__,
        "timestamp": stamp,
        "verdict": _verdict(report),
        "inputs": inputs,
        "input_rows": [
            (name, inputs[name]) for name in ("y_true", "y_pred", "y_score") if name in inputs
        ],
        "groups": _groups(report, uid, anchors),
        "headline": _headline(report),
        "class_rows": _class_rows(report, uid, _class_anchors(report, anchors)),
        "heatmap": _heatmap(charts["confusion"], _named_classes(report))
        if "confusion" in charts
        else None,
        "top_confusions": charts.get("top_confusions", []),
        "plots": score_plots(scores, uid) if scores else {},
        "scores": scores,
        "skipped": report.skipped,
        "source": report.source,
        "gates": report.gates,
        "title": "evalcheck report",
        "uid": uid,
    }


def render_html(report: Report, timestamp: str | None = None) -> str:
    """The full, self-contained page."""
    return _environment().get_template("report.html.j2").render(**_context(report, timestamp))


def render_html_pages(reports: list[Report], timestamp: str | None = None) -> str:
    """One self-contained page for several checks: a list of them, then each report."""
    stamp = _now() if timestamp is None else timestamp
    sections = []
    for number, report in enumerate(reports, 1):
        context = _context(report, stamp, f"c{number}-")
        source = report.source or {}
        context["title"] = source.get("name") or source.get("path") or f"check {number}"
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
    # ids unique per report, so several reports in one notebook keep their ARIA labels apart
    digest = hashlib.sha1(report.to_json(indent=None).encode()).hexdigest()[:8]
    context = _context(report, "", f"ec{digest}-")
    for group in context["groups"]:  # the view has no per-class table to link to
        for finding in group["findings"]:
            finding["classes"] = [{**c, "link": None} for c in finding["classes"]]
            finding["matrix_link"] = None
    heatmap = context["heatmap"]
    if heatmap is not None and heatmap["k"] > NOTEBOOK_MAX_CLASSES:
        context["heatmap"] = None
    return _environment().get_template("notebook.html.j2").render(**context)
