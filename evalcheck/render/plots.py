"""Chart geometry for the HTML report: from the numbers of ``charts.py`` to plot views (axes,
ticks, polylines, markers, legends) that one template macro draws as inline SVG.

Every series has its own dash pattern as well as its own colour, so a chart reads in print
and without colour; every chart has a title, a text description and labelled ticks.
"""

from __future__ import annotations

import math
from typing import Any

DASHES = ("", "7 4", "2 3", "9 3 2 3", "1 4", "12 3 3 3", "4 4", "3 6")
SQUARE = (360, 330)
WIDE = (720, 260)
SMALL = (360, 210)
MARGIN = {"left": 48, "right": 14, "top": 14, "bottom": 42}
UNIT_TICKS = (0.0, 0.25, 0.5, 0.75, 1.0)


def signed(value: float) -> str:
    """A tick of a difference: +0.02, 0, -0.02."""
    return ("+" if value > 0 else "") + _fmt(value)


def _fmt(value: float) -> str:
    if value == 0:
        return "0"
    magnitude = abs(value)
    if magnitude >= 1000 or magnitude < 0.01:
        return f"{value:.2g}"
    return f"{value:.2f}".rstrip("0").rstrip(".") if magnitude < 10 else f"{value:.1f}"


def _nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering [low, high]."""
    span = high - low
    if span <= 0 or not math.isfinite(span):
        return [low]
    raw = span / (count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + step * 1e-9:
        ticks.append(round(value, 12))
        value += step
    return ticks


class Plot:
    """One chart: data ranges mapped onto an SVG viewBox, then series, markers and ticks."""

    def __init__(
        self,
        key: str,
        title: str,
        size: tuple[int, int],
        x: tuple[float, float, str],
        y: tuple[float, float, str],
        ticks: tuple[list[float], list[float]] | None = None,
        left: int = MARGIN["left"],
        top: int = MARGIN["top"],
    ) -> None:
        self.key, self.title = key, title
        self.width, self.height = size
        self.x_low, self.x_high, self.x_label = x
        self.y_low, self.y_high, self.y_label = y
        self.left = left
        self.right = self.width - MARGIN["right"]
        self.top = top
        self.bottom = self.height - MARGIN["bottom"]
        x_ticks, y_ticks = ticks or (
            _nice_ticks(self.x_low, self.x_high),
            _nice_ticks(self.y_low, self.y_high),
        )
        label = signed if self.x_low < 0 < self.x_high else _fmt
        self.x_ticks = [(self.px(v), label(v)) for v in x_ticks]
        self.y_ticks = [(self.py(v), _fmt(v)) for v in y_ticks]
        self.series: list[dict[str, Any]] = []
        self.markers: list[dict[str, Any]] = []
        self.vertical: list[dict[str, Any]] = []
        self.bars: list[dict[str, Any]] = []
        self.legend_extra = ""
        self.description = ""

    def px(self, value: float) -> float:
        span = (self.x_high - self.x_low) or 1.0
        return round(self.left + (value - self.x_low) / span * (self.right - self.left), 1)

    def py(self, value: float) -> float:
        span = (self.y_high - self.y_low) or 1.0
        return round(self.bottom - (value - self.y_low) / span * (self.bottom - self.top), 1)

    def line(
        self,
        xs: list[float],
        ys: list[float],
        name: str,
        style: int = 0,
        reference: bool = False,
        steps: bool | str = False,
        dots: bool = False,
    ) -> None:
        """A series; ``steps`` draws it as a histogram outline (len(xs) == len(ys) + 1), or
        with ``steps="up-then-across"`` each value held from the previous x to its own (a
        precision-recall curve, whose average precision is the area under those steps)."""
        if steps == "up-then-across":
            pairs = [(xs[0], ys[0])]
            for i in range(1, len(xs)):
                pairs += [(xs[i - 1], ys[i]), (xs[i], ys[i])]
        elif steps:
            pairs = []
            for i, value in enumerate(ys):
                pairs += [(xs[i], value), (xs[i + 1], value)]
        else:
            pairs = list(zip(xs, ys))
        points = " ".join(f"{self.px(a)},{self.py(b)}" for a, b in pairs)
        self.series.append(
            {
                "points": points,
                "name": name,
                "style": "reference" if reference else f"s{style % len(DASHES)}",
                "dash": "3 3" if reference else DASHES[style % len(DASHES)],
                "dots": [(self.px(a), self.py(b)) for a, b in pairs] if dots else [],
            }
        )

    def marker(self, x: float, y: float, label: str) -> None:
        """A labelled point (the operating point in use)."""
        anchor = "end" if self.px(x) > (self.left + self.right) / 2 else "start"
        shift = -8 if anchor == "end" else 8
        self.markers.append(
            {"x": self.px(x), "y": self.py(y), "label": label, "anchor": anchor, "dx": shift}
        )

    def bar(self, low: float, high: float, height: float, label: str) -> None:
        """A bar from the x axis (the samples in a bin), ``height`` in data units."""
        top = self.py(self.y_low + height)
        self.bars.append(
            {
                "x": self.px(low) + 1,
                "width": max(self.px(high) - self.px(low) - 2, 1),
                "y": top,
                "height": round(self.bottom - top, 1),
                "label": label,
            }
        )

    def rule(self, x: float, label: str) -> None:
        """A labelled vertical line (the threshold in use)."""
        self.vertical.append({"x": self.px(x), "label": label})

    def view(self, uid: str) -> dict[str, Any]:
        return {
            "id": f"{uid}{self.key}",
            "title": self.title,
            "description": self.description,
            "width": self.width,
            "height": self.height,
            "left": self.left,
            "right": self.right,
            "top": self.top,
            "bottom": self.bottom,
            "x_ticks": self.x_ticks,
            "y_ticks": self.y_ticks,
            "x_label": self.x_label,
            "y_label": self.y_label,
            "series": self.series,
            "markers": self.markers,
            "vertical": self.vertical,
            "bars": self.bars,
            "legend_extra": self.legend_extra,
            "wide": self.width > SQUARE[0],
        }


def _unit_square(key: str, title: str, x_label: str, y_label: str) -> Plot:
    """A square chart of two rates or probabilities, both axes from 0 to 1."""
    ticks = (list(UNIT_TICKS), list(UNIT_TICKS))
    return Plot(key, title, SQUARE, (0, 1, x_label), (0, 1, y_label), ticks)


def _subject(scores: dict[str, Any], name: str) -> str:
    if scores["kind"] == "binary":
        return f"class {name}"
    if scores["kind"] == "multilabel":
        return f"label {name}"
    return f"{scores['noun']} {name} against the rest"


def score_plots(scores: dict[str, Any], uid: str = "") -> dict[str, Any]:
    """The views of the Scores section: curves, reliability, distributions, threshold."""
    curves = scores.get("curves") or []
    if not curves:
        return {}
    noun = scores["noun"]
    several = len(curves) > 1
    plural = "classes" if noun == "class" else "labels"
    if not several:
        what = _subject(scores, curves[0]["name"])
    elif len(curves) == len(scores["table"]):
        what = f"all {len(curves)} {plural}"
    else:
        what = f"{len(curves)} weakest {plural}"
    roc = _unit_square("roc", f"ROC, {what}", "false positive rate", "true positive rate")
    pr = _unit_square("pr", f"Precision-recall, {what}", "recall", "precision")
    roc.line([0, 1], [0, 1], "chance (AUC 0.5)", reference=True)
    for style, curve in enumerate(curves):
        label = curve["name"] if several else _subject(scores, curve["name"])
        roc.line(
            curve["roc"]["fpr"], curve["roc"]["tpr"], f"{label}: AUC {curve['roc_auc']:.3f}", style
        )
        pr.line(
            curve["pr"]["recall"],
            curve["pr"]["precision"],
            f"{label}: AP {curve['average_precision']:.3f}",
            style,
            steps="up-then-across",
        )
    if not several:
        prevalence = curves[0]["prevalence"]
        pr.line(
            [0, 1], [prevalence, prevalence], f"chance (precision {prevalence:.3f})", reference=True
        )
    else:
        pr.description = "Each class's chance level is its share of the samples."
    point = scores.get("operating_point")
    if point is not None:
        label = f"in use ({point['source']})"
        roc.marker(point["fpr"], point["tpr"], label)
        if point["precision"] is not None:
            pr.marker(point["tpr"], point["precision"], label)
    roc.description = (
        "; ".join(s["name"] for s in roc.series)
        + ". "
        + (
            f"Operating point in use: false positive rate {point['fpr']:.3f}, true positive rate "
            f"{point['tpr']:.3f}."
            if point is not None
            else ""
        )
    )
    pr.description = "; ".join(s["name"] for s in pr.series) + ". " + pr.description
    plots = {"curves": [roc.view(uid), pr.view(uid)]}
    if "calibration" in scores:
        plots["curves"].append(_reliability(scores["calibration"]).view(uid))
    plots["distributions"] = [
        _distribution(scores, curve, index, several).view(uid) for index, curve in enumerate(curves)
    ]
    threshold = _threshold(scores)
    if threshold is not None:
        plots["threshold"] = threshold.view(uid)
    return plots


def _reliability(calibration: dict[str, Any]) -> Plot:
    c = calibration
    top_label = c["top_label"]
    outcome = "share right" if top_label else "share of positives"
    plot = _unit_square(
        "calibration", f"Calibration, {c['name']}", "mean predicted probability", outcome
    )
    total = sum(c["samples"]) or 1
    peak = max(c["samples"], default=0) / total or 1
    for (low, high), n in zip(c["bins"], c["samples"]):
        plot.bar(low, high, 0.25 * (n / total) / peak, f"{n:,} samples from {low:g} to {high:g}")
    plot.line([0, 1], [0, 1], "perfectly calibrated", reference=True)
    ece = "n/a" if c["ece"] is None else f"{c['ece']:.3f}"
    plot.line(c["mean_score"], c["share_positive"], f"expected calibration error {ece}", dots=True)
    plot.legend_extra = "bars: samples per bin"
    bins = ", ".join(f"{n:,}" for n in c["samples"])
    what = (
        "each point is a bin of the largest probability of each row, against the share of "
        "those rows whose predicted class is right"
        if top_label
        else "each point is a bin's mean probability against the share of its samples that "
        "are positive"
    )
    plot.description = (
        f"10 equal-width bins of the predicted probability; {what}. Bars at the bottom show "
        f"the samples per non-empty bin: {bins}. Expected calibration error {ece}."
    )
    return plot


def _distribution(scores: dict[str, Any], curve: dict[str, Any], style: int, several: bool) -> Plot:
    hist = curve["distribution"]
    edges = hist["edges"]
    peak = max((max(s["share"], default=0) for s in hist["series"].values()), default=0) or 1
    name = curve["name"]
    subject = f"{scores['noun']} {name}"
    if scores["kind"] == "multilabel":
        title = f"Score distribution, label {name}"
        groups = (f"with label {name}", f"without label {name}")
    else:
        title = f"Score distribution, {subject} against the rest"
        groups = (subject, "the rest")
    plot = Plot(
        f"dist{style}",
        title,
        SMALL if several else WIDE,
        (edges[0], edges[-1], f"score of {subject}"),
        (0, peak * 1.05, "share of samples"),
    )
    own, rest = hist["series"][name], hist["series"]["rest"]
    plot.line(edges, own["share"], f"{groups[0]} ({own['n']:,} samples)", 0, steps=True)
    plot.line(edges, rest["share"], f"{groups[1]} ({rest['n']:,} samples)", 1, steps=True)
    plot.description = (
        f"Share of each group's samples in {len(edges) - 1} bins of the score, so that groups "
        f"of different sizes compare: {groups[0]} ({own['n']:,} samples) and {groups[1]} "
        f"({rest['n']:,} samples)."
    )
    return plot


def _threshold(scores: dict[str, Any]) -> Plot | None:
    curve = scores.get("curve")
    if not curve or len(curve["threshold"]) < 2:
        return None
    xs = curve["threshold"]
    low, high = min(xs), max(xs)
    in_use = scores.get("threshold_in_use")
    usable = in_use is not None and math.isfinite(in_use)
    if usable:
        low, high = min(low, in_use), max(high, in_use)
    positive = scores["positive"]
    plot = Plot(
        "threshold",
        f"Precision, recall and F1 of class {positive} against the threshold",
        WIDE,
        (low, high, "threshold"),
        (0, 1, "value"),
        (_nice_ticks(low, high), list(UNIT_TICKS)),
        top=30,
    )
    for style, key in enumerate(("precision", "recall", "f1")):
        plot.line(xs, curve[key], key, style)
    plot.description = f"Predicting {positive} when the score is at or above the threshold."
    if usable:
        plot.rule(in_use, f"in use: {_fmt(in_use)}")
        plot.description += (
            f" The threshold in use, {_fmt(in_use)}, is marked with a vertical line."
        )
    return plot
