"""The data behind the report's charts, taken from the facts already computed.

Plain lists and numbers only (no rendering): the confusion matrix (up to ``MAX_HEATMAP``
classes) or its most frequent confusions, and for scores the per-class score distributions
and the precision / recall / F1 curve against the threshold.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .call import SCORE_METRICS
from .facts import Context, Unavailable

MAX_HEATMAP = 50
TOP_CONFUSIONS = 20
BINS = 20
CURVE_POINTS = 200


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
    """Per group, counts over one set of edges spanning every group's values (weighted by
    each value's count when the values are distinct ones)."""
    found = [values for values, _ in groups.values() if values.size]
    low, high = min(float(v.min()) for v in found), max(float(v.max()) for v in found)
    if low == high:
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, BINS + 1)
    counts = {
        name: np.histogram(values, bins=edges, weights=weights)[0].astype(np.int64).tolist()
        for name, (values, weights) in groups.items()
    }
    return {"edges": edges.tolist(), "counts": counts}


def _score_charts(ctx: Context) -> dict[str, Any]:
    try:
        scores, truth = ctx.scores, ctx.truth
    except Unavailable:
        return {}
    names = [str(c) for c in truth.classes]
    try:
        ranking = ctx.ranking
    except Unavailable:
        ranking = None
    if ranking is not None:
        plotted = scores.class_values(1 if scores.is_matrix else None, len(names))
        call = ctx.call
        in_use = (
            ctx.evaluation.y_pred.given
            or call.threshold is not None
            or (call.metric is not None and call.metric not in SCORE_METRICS)
        )
        threshold = call.decision_threshold(scores.kind) if in_use else None
        return {
            "kind": "binary",
            "positive": str(ranking.positive),
            "histograms": _histograms(dict(zip(names, plotted))),
            "curve": _curve(ranking.counts),
            "threshold_in_use": threshold,
            "score_name": "score",
        }
    if scores.is_matrix and scores.width == len(names):
        own = scores.class_values(np.arange(len(names)), len(names))
        return {
            "kind": "multiclass",
            "histograms": _histograms(dict(zip(names, own))),
            "score_name": "score of the true class",
        }
    return {}


def _curve(counts: Any) -> dict[str, list[float]]:
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
