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


def _histograms(values: np.ndarray, groups: dict[str, np.ndarray]) -> dict[str, Any]:
    low, high = float(values.min()), float(values.max())
    if low == high:
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, BINS + 1)
    return {
        "edges": edges.tolist(),
        "counts": {name: np.histogram(v, bins=edges)[0].tolist() for name, v in groups.items()},
    }


def _score_charts(ctx: Context) -> dict[str, Any]:
    try:
        scores, truth, codes = ctx.scores, ctx.truth, ctx.truth_codes
    except Unavailable:
        return {}
    names = [str(c) for c in truth.classes]
    try:
        ranking = ctx.ranking
    except Unavailable:
        ranking = None
    if ranking is not None:
        values = scores.values[:, 1] if scores.is_matrix else scores.values
        call = ctx.call
        in_use = (
            ctx.evaluation.y_pred.given
            or call.threshold is not None
            or (call.metric is not None and call.metric not in SCORE_METRICS)
        )
        threshold = call.decision_threshold(scores.kind) if in_use else None
        groups = {name: values[codes == i] for i, name in enumerate(names)}
        return {
            "kind": "binary",
            "positive": str(ranking.positive),
            "histograms": _histograms(values, groups),
            "curve": _curve(ranking.counts),
            "threshold_in_use": threshold,
            "score_name": "score",
        }
    if scores.is_matrix and scores.values.shape[1] == len(names):
        own = scores.values[np.arange(codes.size), codes]
        groups = {name: own[codes == i] for i, name in enumerate(names)}
        return {
            "kind": "multiclass",
            "histograms": _histograms(own, groups),
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
