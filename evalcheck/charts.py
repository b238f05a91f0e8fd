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
from .stats.curves import Calibration, CurveSummary, thin
from .stats.scores import ScoreCounts, binary_counts

MAX_HEATMAP = 50
TOP_CONFUSIONS = 20
TOP_LABEL = "top-class probability"  # multiclass reliability: each row's largest probability
MAX_CURVES = 6  # classes or labels drawn, weakest first; the table lists them all


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


def _score_charts(ctx: Context) -> dict[str, Any]:
    """ROC and precision-recall curves, calibration and score distributions: of the positive
    class (binary), of each class against the rest (multiclass) or of each label
    (multilabel), weakest first. The curves come from the pass that computes the one-vs-rest
    metrics (``OneVsRest.curves``), so charting costs no extra pass over the scores."""
    try:
        scores = ctx.scores
    except Unavailable:
        return {}
    if ctx.evaluation.y_true.is_indicator:
        return _multilabel_charts(ctx, scores)
    try:
        truth = ctx.truth
    except Unavailable:
        return {}
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
    if columns.problem is not None or not scores.is_matrix or len(truth.classes) < 3:
        return {}
    ovr = ctx.one_vs_rest(columns.lookup)
    names = [str(c) for c in columns.classes]  # the class of each column
    top = scores.top_label(columns.lookup) if scores.kind == "probabilities" else None
    return _class_charts(
        "multiclass",
        "class",
        names,
        ovr.curves,
        None if top is None else (TOP_LABEL, top),
    )


def _multilabel_charts(ctx: Context, scores: Any) -> dict[str, Any]:
    truth = ctx.evaluation.y_true.values
    values = getattr(scores, "values", None)
    if values is None or values.ndim != 2 or values.shape != truth.shape:
        return {}
    curves = [
        CurveSummary.from_counts(binary_counts(truth[:, j] != 0, values[:, j]))
        for j in range(truth.shape[1])
    ]
    names = [str(j) for j in range(truth.shape[1])]
    soft = scores.low >= 0 and scores.high <= 1 and scores.soft
    bins = [c.calibration for c in curves]
    pooled = None
    if soft and bins and all(b is not None for b in bins):
        pooled = ("all labels pooled", functools.reduce(Calibration.__add__, bins))
    return _class_charts("multilabel", "label", names, curves, pooled)


def _weakest(curves: list[CurveSummary]) -> list[int]:
    """Positions by ROC AUC, lowest first, then by support; undefined AUCs last."""
    auc = np.array([c.roc_auc for c in curves], dtype=np.float64)
    support = np.array([c.n_positive for c in curves], dtype=np.float64)
    return [int(i) for i in np.lexsort((-support, np.where(np.isfinite(auc), auc, np.inf)))]


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
        [positive],
        [summary := CurveSummary.from_counts(counts)],
        (f"class {positive}", summary.calibration)
        if scores.kind == "probabilities" and summary.calibration is not None
        else None,
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
    given (or derived from the threshold), else of the threshold on the scores."""
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
    names: list[str],
    curves: list[CurveSummary],
    calibration: tuple[str, Calibration] | None,
) -> dict[str, Any]:
    """The ``MAX_CURVES`` weakest curves (with a defined ROC AUC), the table of all of them
    and the reliability bins of ``calibration``: (what they are of, the bins)."""
    order = _weakest(curves)
    drawn = [i for i in order if math.isfinite(curves[i].roc_auc)][:MAX_CURVES]
    charts: dict[str, Any] = {
        "kind": kind,
        "noun": noun,
        "curves": [_curve(names[i], curves[i]) for i in drawn],
        "table": [
            {
                "name": names[i],
                "roc_auc": _defined(curves[i].roc_auc),
                "average_precision": _defined(curves[i].average_precision, curves[i].roc_auc),
                "support": curves[i].n_positive,
            }
            for i in order
        ],
    }
    if calibration is not None:
        name, bins = calibration
        samples, mean, share = bins.curve()
        edges = np.linspace(0.0, 1.0, bins.samples.size + 1)
        kept = np.flatnonzero(bins.samples > 0)
        charts["calibration"] = {
            "name": name,
            "top_label": name == TOP_LABEL,
            "bins": [[float(edges[b]), float(edges[b + 1])] for b in kept],
            "samples": samples.astype(np.int64).tolist(),
            "mean_score": mean.tolist(),
            "share_positive": share.tolist(),
            "ece": bins.expected_error(),
        }
    return charts


def _defined(value: float, guard: float | None = None) -> float | None:
    """The value, or None when it (or the ROC AUC it goes with) is undefined."""
    check = value if guard is None else guard
    return float(value) if math.isfinite(check) else None


def _curve(name: str, curve: CurveSummary) -> dict[str, Any]:
    return {
        "name": name,
        "roc_auc": curve.roc_auc,
        "average_precision": curve.average_precision,
        "n_positive": curve.n_positive,
        "n_negative": curve.n_negative,
        "prevalence": curve.n_positive / max(curve.n_positive + curve.n_negative, 1),
        "roc": {"fpr": curve.fpr.tolist(), "tpr": curve.tpr.tolist()},
        "pr": {"recall": curve.recall.tolist(), "precision": curve.precision.tolist()},
        "distribution": curve.distribution(name),
    }


def _threshold_curve(counts: ScoreCounts) -> dict[str, list[float]]:
    """Precision, recall and F1 of predicting positive at each distinct score (descending)."""
    tps = np.cumsum(counts.positives).astype(float)
    fps = np.cumsum(counts.negatives).astype(float)
    positives = max(counts.n_positive, 1)
    precision = tps / (tps + fps)
    recall = tps / positives
    f1 = 2 * tps / (tps + fps + positives)
    keep = thin(tps.size)
    return {
        "threshold": counts.scores[keep].tolist(),
        "precision": precision[keep].tolist(),
        "recall": recall[keep].tolist(),
        "f1": f1[keep].tolist(),
    }
