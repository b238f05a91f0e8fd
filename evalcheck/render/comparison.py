"""The HTML page of ``evalcheck compare``: the verdict, each paired test's difference with its
95% interval, the findings the change brought or fixed, and how the confusion matrix moved."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..gate.compare import _p
from .html import _environment, _finding_view, _now, finding_anchors, heat_grid
from .plots import Plot, _nice_ticks

ROW = 30  # px per metric in the difference chart

if TYPE_CHECKING:
    from ..findings import Finding, Report
    from ..gate.compare import Comparison


def _findings(items: list[Finding], prefix: str) -> list[dict[str, Any]]:
    anchors = finding_anchors(items, prefix)
    return [_finding_view(f, anchor) for f, anchor in zip(items, anchors)]


def _forest(comparison: Comparison) -> dict[str, Any]:
    """Each test's difference (candidate minus base) with its 95% interval, around zero."""
    results = comparison.results
    reach = max((max(abs(r.low), abs(r.high), abs(r.difference)) for r in results), default=0)
    reach = reach * 1.1 or 0.01
    height = ROW * len(results) + 60
    plot = Plot(
        "differences",
        "Difference of each metric, candidate minus base, with its 95% interval",
        (720, height),
        (-reach, reach, "difference (candidate − base)"),
        (0, len(results), ""),
        (_nice_ticks(-reach, reach), []),
        left=170,
    )
    view = plot.view("")
    view["zero"] = plot.px(0.0)
    view["rows"] = [
        {
            "y": plot.top + ROW * i + ROW / 2,
            "low": plot.px(r.low),
            "high": plot.px(r.high),
            "x": plot.px(r.difference),
            "name": r.metric,
            "primary": r is comparison.primary,
        }
        for i, r in enumerate(results)
    ]
    view["description"] = "; ".join(
        f"{r.metric}: {r.difference:+.3f} [{r.low:+.3f}, {r.high:+.3f}]" for r in results
    )
    return view


def _union(first: list[str], second: list[str]) -> list[str]:
    return first + [name for name in second if name not in first]


def _matrix_difference(base: Report, candidate: Report) -> dict[str, Any] | None:
    """The candidate's confusion matrix minus the base's, over the classes of either."""
    a, b = base.charts.get("confusion"), candidate.charts.get("confusion")
    if a is None or b is None:
        return None
    names = _union(a["classes"], b["classes"])
    k = len(names)

    def full(confusion: dict[str, Any]) -> list[list[int]]:
        at = {name: i for i, name in enumerate(confusion["classes"])}
        m = confusion["matrix"]
        return [[m[at[t]][at[p]] if t in at and p in at else 0 for p in names] for t in names]

    before, after = full(a), full(b)
    diff = [[after[i][j] - before[i][j] for j in range(k)] for i in range(k)]
    peak = max((abs(v) for line in diff for v in line), default=0) or 1
    grid = heat_grid(names)
    cell, margin = grid["cell"], grid["margin"]
    cells = []
    for i in range(k):
        for j in range(k):
            change = diff[i][j]
            better = (change > 0) == (i == j)
            cells.append(
                {
                    "x": margin + j * cell,
                    "y": margin + i * cell,
                    "change": change,
                    "text": f"{change:+d}" if change else "",
                    "tone": "" if not change else ("better" if better else "worse"),
                    "opacity": round(0.15 + 0.85 * abs(change) / peak, 3) if change else 0,
                    "dark": abs(change) / peak > 0.5,
                    "true": names[i],
                    "pred": names[j],
                    "before": before[i][j],
                    "after": after[i][j],
                }
            )
    return {
        **grid,
        "cells": cells,
        "font": max(7, int(cell * 0.36)),
        "moved": sum(abs(v) for i, line in enumerate(diff) for j, v in enumerate(line) if i != j),
    }


def _source(report: Report) -> dict[str, Any]:
    source = report.source or {}
    return {"path": source.get("path", ""), "sha256": source.get("sha256", "")}


def render_comparison_html(comparison: Comparison, timestamp: str | None = None) -> str:
    """One self-contained page for a comparison of two models on the same samples."""
    failed = comparison.exit_code() == 1
    alpha = comparison.alpha
    context = {
        "version": __version__,
        "timestamp": _now() if timestamp is None else timestamp,
        "failed": failed,
        "word": "FAIL" if failed else "PASS",
        "verdict": comparison.verdict,
        "verdict_text": comparison._verdict_text(),
        "gate_line": comparison._gate_line(),
        "primary": comparison.primary.metric,
        "alpha": alpha,
        "n_samples": comparison.n_samples,
        "joined": comparison.joined,
        "base": _source(comparison.base),
        "candidate": _source(comparison.candidate),
        "tests": [
            {
                "metric": r.metric,
                "test": r.test,
                "base": r.base,
                "candidate": r.candidate,
                "difference": f"{r.difference:+.3f}",
                "interval": f"[{r.low:+.3f}, {r.high:+.3f}]",
                "p_value": _p(r.p_value),
                "verdict": r.verdict(alpha),
                "detail": r.detail,
                "primary": r is comparison.primary,
            }
            for r in comparison.results
        ],
        "forest": _forest(comparison),
        "new": _findings(comparison.new, "new-"),
        "fixed": _findings(comparison.fixed, "fixed-"),
        "n_unchanged": len(comparison.unchanged),
        "unchanged": [f"{f.code} {f.slug}" for f in comparison.unchanged],
        "matrix": _matrix_difference(comparison.base, comparison.candidate),
        "fail_on": comparison.fail_on,
    }
    return _environment().get_template("compare.html.j2").render(**context)
