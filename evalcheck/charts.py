"""The data behind the report's charts, taken from the facts already computed.

Plain lists and numbers only (no rendering): the confusion matrix (up to ``MAX_HEATMAP``
classes) or its most frequent confusions; for scores, ROC and precision-recall curves,
reliability bins and score distributions normalised per class, of the positive class or of
the ``MAX_CURVES`` weakest classes (or labels) against the rest, with every class's ROC AUC
and average precision; for binary scores, the operating point and precision / recall / F1
against the threshold.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np

from .call import SCORE_METRICS
from .facts import Context, Unavailable
from .stats.scores import ScoreCounts, binary_counts

MAX_HEATMAP = 50
TOP_CONFUSIONS = 20
BINS = 20
CURVE_POINTS = 200
MAX_CURVES = 6  # classes or labels drawn, weakest first; the table lists them all
CALIBRATION_BINS = 10


def chart_data(ctx: Context) -> dict[str, Any]:
    """Everything the HTML report draws; parts that do not apply are left out."""
    data: dict[str, Any] = {}
    try:
        stats = ctx.stats
    except Unavailable:
        stats = None
    if stats is not None and stats.n_classes:
        names = [str(c) for c in stats.classes]
        if stats.n_classes <= MAX_HEATMAP:
            data["confusion"] = {"classes": names, "matrix": stats.matrix.tolist()}
        data["top_confusions"] = _top_confusions(names, stats.matrix, stats.true_counts)
    scores = _score_charts(ctx)
    if scores:
        data["scores"] = scores
    return data


def _top_confusions(names: list[str], matrix: np.ndarray, support: np.ndarray) -> list[dict]:
    off = matrix.copy()
    np.fill_diagonal(off, 0)
    flat = off.ravel()
    n = min(TOP_CONFUSIONS, int(np.count_nonzero(flat)))
    if n == 0:
        return []
    top = np.argpartition(flat, -n)[-n:]
    top = top[np.lexsort((top, -flat[top]))]
    k = matrix.shape[0]
    return [
        {
            "true": names[i // k],
            "pred": names[i % k],
            "count": int(flat[i]),
            "share_of_true": float(flat[i] / support[i // k]) if support[i // k] else 0.0,
        }
        for i in top
    ]


def _histograms(groups: dict[str, tuple[np.ndarray, np.ndarray | None]]) -> dict[str, Any]:
    """Per group, the share of its samples in each bin of one set of edges spanning every
    group's values (weighted by each value's count when the values are distinct ones), with
    the group's size: groups of any size read on one axis."""
    found = [values for values, _ in groups.values() if values.size]
    low, high = min(float(v.min()) for v in found), max(float(v.max()) for v in found)
    if low >= 0 and high <= 1 and (low, high) != (0, 1) and high - low > 0.2:
        low, high = 0.0, 1.0  # probabilities read on their own scale
    if low == high:
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, BINS + 1)
    series = {}
    for name, (values, weights) in groups.items():
        counts = np.histogram(values, bins=edges, weights=weights)[0]
        total = float(counts.sum())
        series[name] = {"share": (counts / total if total else counts).tolist(), "n": int(total)}
    return {"edges": edges.tolist(), "series": series}


def _score_charts(ctx: Context) -> dict[str, Any]:
    """ROC and precision-recall curves, calibration and score distributions: of the positive
    class (binary), of each class against the rest (multiclass) or of each label
    (multilabel), weakest first."""
    try:
        scores = ctx.scores
    except Unavailable:
        return {}
    y_true = ctx.evaluation.y_true
    if y_true.is_indicator:
        return _multilabel_charts(ctx, scores)
    try:
        truth = ctx.truth
    except Unavailable:
        return {}
    names = [str(c) for c in truth.classes]
    try:
        ranking = ctx.ranking
    except Unavailable:
        ranking = None
    if ranking is not None:
        return _binary_charts(ctx, scores, str(ranking.positive), ranking.counts)
    try:
        columns = ctx.score_columns
    except Unavailable:
        return {}
    if columns.problem is not None or not scores.is_matrix or len(names) < 3:
        return {}
    lookup = columns.lookup
    ovr = ctx.one_vs_rest(lookup)
    weakest = _weakest(ovr.roc_auc_per_class, ovr.support)
    charted = {}
    for i in weakest[:MAX_CURVES]:
        positive = np.arange(len(names)) == i
        charted[names[i]] = scores.counts(int(lookup[i]), positive)
    return _class_charts(
        "multiclass",
        "class",
        charted,
        [
            _class_row(names[i], ovr.roc_auc_per_class[i], ovr.average_precision_per_class[i], n)
            for i, n in ((i, ovr.support[i]) for i in weakest)
        ],
        ("all classes pooled", ovr.pooled()) if scores.kind == "probabilities" else None,
    )


def _multilabel_charts(ctx: Context, scores: Any) -> dict[str, Any]:
    truth = ctx.evaluation.y_true.values
    values = getattr(scores, "values", None)
    if values is None or values.ndim != 2 or values.shape != truth.shape:
        return {}
    counts = [binary_counts(truth[:, j] != 0, values[:, j]) for j in range(truth.shape[1])]
    auc = np.array([c.roc_auc() for c in counts])
    support = np.array([c.n_positive for c in counts], dtype=np.float64)
    weakest = _weakest(auc, support)
    names = [str(j) for j in range(truth.shape[1])]
    return _class_charts(
        "multilabel",
        "label",
        {names[j]: counts[j] for j in weakest[:MAX_CURVES] if math.isfinite(auc[j])},
        [_class_row(names[j], auc[j], counts[j].average_precision(), support[j]) for j in weakest],
        ("all labels pooled", functools.reduce(ScoreCounts.merge, counts))
        if scores.low >= 0 and scores.high <= 1 and scores.soft
        else None,
    )


def _weakest(auc: np.ndarray, support: np.ndarray) -> list[int]:
    """Class positions by ROC AUC, lowest first, then by support; undefined AUCs last."""
    order = np.lexsort((-support, np.where(np.isfinite(auc), auc, np.inf)))
    return [int(i) for i in order]


def _class_row(name: str, auc: float, ap: float, support: float) -> dict[str, Any]:
    defined = math.isfinite(auc)
    return {
        "name": name,
        "roc_auc": float(auc) if defined else None,
        "average_precision": float(ap) if defined else None,
        "support": int(support),
    }


def _binary_charts(ctx: Context, scores: Any, positive: str, counts: ScoreCounts) -> dict:
    call = ctx.call
    in_use = (
        ctx.evaluation.y_pred.given
        or call.threshold is not None
        or (call.metric is not None and call.metric not in SCORE_METRICS)
    )
    threshold = call.decision_threshold(scores.kind) if in_use else None
    charts = _class_charts(
        "binary",
        "class",
        {positive: counts},
        [_class_row(positive, counts.roc_auc(), counts.average_precision(), counts.n_positive)],
        (f"class {positive}", counts) if scores.kind == "probabilities" else None,
    )
    charts["positive"] = positive
    charts["threshold_in_use"] = threshold
    charts["curve"] = _threshold_curve(counts)
    charts["operating_point"] = _operating_point(ctx, positive, counts, threshold)
    return charts


def _operating_point(
    ctx: Context, positive: str, counts: ScoreCounts, threshold: float | None
) -> dict[str, Any] | None:
    """Where the predictions in use sit on the curves: the confusion of y_pred when it was
    given (or derived from the threshold), else nothing."""
    if threshold is None or not counts.n_positive or not counts.n_negative:
        return None
    try:
        stats = ctx.stats
    except Unavailable:
        stats = None
    names = [] if stats is None else [str(c) for c in stats.classes]
    if stats is not None and positive in names:
        p = names.index(positive)
        truth_positive = np.asarray(names) == positive
        tp = int(stats.matrix[p, p])
        fp = int(stats.matrix[~truth_positive, p].sum())
        source = "y_pred"
    else:
        point = counts.at(threshold)
        tp, fp, source = point.tp, point.fp, f"score >= {threshold:g}"
    return {
        "fpr": fp / counts.n_negative,
        "tpr": tp / counts.n_positive,
        "precision": tp / (tp + fp) if tp + fp else None,
        "threshold": threshold,
        "source": source,
    }


def _class_charts(
    kind: str,
    noun: str,
    charted: dict[str, ScoreCounts],
    table: list[dict[str, Any]],
    calibrated: tuple[str, ScoreCounts] | None,
) -> dict[str, Any]:
    """The curves and distributions of the charted classes, the table of all of them and
    the reliability bins of ``calibrated``: (what it is, its counts)."""
    curves = []
    for name, counts in charted.items():
        fpr, tpr = counts.roc_curve()
        precision, recall = counts.precision_recall_curve()
        curve: dict[str, Any] = {
            "name": name,
            "roc_auc": counts.roc_auc(),
            "average_precision": counts.average_precision(),
            "n_positive": counts.n_positive,
            "n_negative": counts.n_negative,
            "prevalence": counts.n_positive / max(counts.n_positive + counts.n_negative, 1),
            "roc": _thin({"fpr": fpr, "tpr": tpr}),
            "pr": _thin(
                {"recall": np.r_[0.0, recall], "precision": np.r_[precision[0], precision]}
            ),
            "distribution": _histograms(
                {
                    name: (counts.scores, counts.positives),
                    "rest": (counts.scores, counts.negatives),
                }
            ),
        }
        curves.append(curve)
    charts = {"kind": kind, "noun": noun, "curves": curves, "table": table}
    if calibrated is not None:
        charts["calibration"] = _calibration(*calibrated)
    return charts


def _calibration(name: str, counts: ScoreCounts) -> dict[str, Any]:
    """Reliability bins of one probability (or of every class's, pooled) and the expected
    calibration error: the bins' mean gaps between probability and share positive,
    weighted by their samples."""
    samples, mean, share = counts.calibration(CALIBRATION_BINS)
    total = samples.sum()
    return {
        "name": name,
        "samples": samples.astype(np.int64).tolist(),
        "mean_score": mean.tolist(),
        "share_positive": share.tolist(),
        "ece": float(np.sum(samples / total * np.abs(share - mean))) if total else None,
    }


def _thin(points: dict[str, np.ndarray]) -> dict[str, list[float]]:
    """At most CURVE_POINTS evenly spaced points of a curve, its ends kept."""
    size = next(iter(points.values())).size
    keep = np.unique(np.linspace(0, size - 1, min(CURVE_POINTS, size)).astype(int))
    return {name: values[keep].tolist() for name, values in points.items()}


def _threshold_curve(counts: ScoreCounts) -> dict[str, list[float]]:
    """Precision, recall and F1 of predicting positive at each distinct score (descending)."""
    tps = np.cumsum(counts.positives).astype(float)
    fps = np.cumsum(counts.negatives).astype(float)
    positives = max(counts.n_positive, 1)
    precision = tps / (tps + fps)
    recall = tps / positives
    f1 = 2 * tps / (tps + fps + positives)
    keep = np.unique(np.linspace(0, tps.size - 1, min(CURVE_POINTS, tps.size)).astype(int))
    return {
        "threshold": counts.scores[keep].tolist(),
        "precision": precision[keep].tolist(),
        "recall": recall[keep].tolist(),
        "f1": f1[keep].tolist(),
    }
