"""EC4xx: interpretation of the headline. Does the number mean what it seems to?"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from ..call import SCORE_METRICS
from ..facts import Context
from ..findings import Severity
from ..registry import Example, Violation, rule
from ..stats.scores import ThresholdPoint
from ._words import count, label, num, pct


@rule(
    code="EC401",
    slug="misleading-accuracy",
    severity=Severity.WARNING,
    title="Compare accuracy with the majority-class baseline",
    bad=Example(
        "y_true = [0] * 90 + [1] * 10\ny_pred = [0] * 88 + [1] * 2 + [0] * 8 + [1] * 2",
        call={"metric": "accuracy"},
    ),
    good=Example("y_true, y_pred = healthy()", call={"metric": "accuracy"}),
    companions=("EC304",),
    caused_by=("EC105", "EC111", "EC201", "EC206", "EC405"),
)
def misleading_accuracy(ctx: Context, *, min_error_reduction: float = 0.5) -> Iterator[Violation]:
    """Accuracy, or a headline equal to it (micro-averaged precision, recall or F1 of
    single-label data), is below the majority-class baseline or removes less than half of the
    baseline's errors.

    Why it matters:
        Always predicting the most frequent class scores its share of the data: 0.95 on a
        95:5 set. An accuracy that does not remove a good part of that constant answer's errors
        says the model adds little over it, however high the number looks. A model that is
        accurate well beyond the baseline is not flagged, however imbalanced the data.

    How to fix:
        Report accuracy next to the majority baseline, and judge the model by balanced
        accuracy, MCC or macro-F1, which a constant predictor cannot inflate.

    Options:
        min_error_reduction: the share of the majority baseline's errors accuracy must
            remove
    """
    call = ctx.call
    headline = "accuracy"
    if call.is_prf and call.effective_average == "micro" and ctx.task != "multilabel":
        if call.labels is not None:
            return  # micro over a subset of classes is not accuracy
        headline = f"micro-averaged {call.metric}"
    elif call.metric not in (None, "accuracy", "binary_accuracy"):
        return
    stats = ctx.stats
    if np.count_nonzero(stats.true_counts) < 2:
        return
    metrics = ctx.metrics
    value, baseline = metrics["accuracy"], metrics["majority_baseline"]
    bar = baseline + min_error_reduction * (1 - baseline)
    if value >= bar:
        return
    majority_label = stats.classes[int(np.argmax(stats.true_counts))]
    if value < baseline:
        relation = f"is below the majority-class baseline {num(baseline)}"
    elif value == baseline:
        relation = f"equals the majority-class baseline {num(baseline)}"
    else:
        removed = (value - baseline) / (1 - baseline)
        relation = (
            f"removes only {pct(removed)} of the errors of the majority-class baseline "
            f"{num(baseline)}"
        )
    equal = "" if headline == "accuracy" else f" (equal to accuracy on single-label data)"
    yield Violation(
        message=(
            f"{headline} {num(value)}{equal} {relation} (always predicting "
            f"{label(majority_label)}): balanced accuracy is {num(metrics['balanced_accuracy'])} "
            f"and MCC {num(metrics['mcc'])}."
        ),
        fix=(
            "Report metrics a constant predictor cannot inflate, next to the baseline:\n"
            "    from sklearn.metrics import balanced_accuracy_score, matthews_corrcoef\n"
            "    balanced_accuracy_score(y_true, y_pred), matthews_corrcoef(y_true, y_pred)"
        ),
        evidence={
            "headline": headline,
            "accuracy": value,
            "majority_baseline": baseline,
            "majority_class": metrics["majority_class"],
            "balanced_accuracy": metrics["balanced_accuracy"],
            "mcc": metrics["mcc"],
            "required_accuracy": bar,
        },
        classes=[majority_label],
    )


# two-sided scores that are 1.0 only when every sample is right (or ranked right)
PERFECT_AT_ONE = frozenset(
    {
        "accuracy",
        "balanced_accuracy",
        "binary_accuracy",
        "f1",
        "fbeta",
        "jaccard",
        "mcc",
        "cohen_kappa",
        "roc_auc",
        "average_precision",
    }
)


@rule(
    code="EC402",
    slug="perfect-score",
    severity=Severity.WARNING,
    title="Rule out leakage before trusting a perfect score",
    bad=Example("y_true = [0, 1, 1, 0, 1, 0] * 20\ny_pred = y_true", call={"metric": "f1"}),
    good=Example("y_true, y_pred = healthy()", call={"metric": "f1"}),
)
def perfect_score(ctx: Context) -> Iterator[Violation]:
    """A perfect score: the requested metric (or, without a call, accuracy or ROC AUC) is
    exactly 1.0. Precision or recall alone is not judged: each is 1.0 for a model that is
    merely cautious or generous.

    Why it matters:
        Real evaluation sets contain hard and mislabelled samples. A flawless score far more
        often means the evaluation is broken than that the model is perfect: a feature that
        encodes the label, test samples duplicated from training, or an evaluation set so
        small or one-sided that perfection is easy.

    How to fix:
        Check for leakage (features derived from the target, duplicates across the split,
        preprocessing fitted on all data) and evaluate on a larger, stratified hold-out set.
    """
    metrics = ctx.metrics
    requested = metrics.get("requested", {})
    if ctx.call.metric is not None:  # the number the user looks at
        if ctx.call.metric not in PERFECT_AT_ONE:
            return  # precision or recall alone is 1.0 for one-sided models; losses are 0
        perfect = {ctx.call.metric: 1.0} if requested.get("value") == 1.0 else {}
    else:
        keys = ("accuracy", "subset_accuracy", "roc_auc", "roc_auc_ovr", "roc_auc_ovo")
        perfect = {key: 1.0 for key in keys if metrics.get(key) == 1.0}
    if not perfect:
        return
    n = metrics.get("n_samples", 0)
    support = [row["support"] for row in metrics.get("per_class", []) if row["support"]]
    smallest = f"; the smallest class has {min(support):,} samples" if support else ""
    yield Violation(
        message=(
            f"{' and '.join(perfect)} {'is' if len(perfect) == 1 else 'are'} exactly 1.000 on "
            f"{n:,} samples{smallest}: check for leakage or a too easy evaluation set before "
            "trusting it."
        ),
        fix=(
            "Look for duplicates between train and test and for features derived from the "
            "label, e.g.\n"
            "    overlap = pd.merge(train_df, test_df, how='inner')  # identical rows\n"
            "    print(len(overlap))"
        ),
        evidence={"perfect": perfect, "n_samples": n, "smallest_class": min(support, default=0)},
    )


@rule(
    code="EC403",
    slug="class-imbalance",
    severity=Severity.INFO,
    title="Read the metrics with the class imbalance in mind",
    bad=Example(
        "y_true = [0] * 950 + [1] * 50\ny_pred = [0] * 940 + [1] * 10 + [0] * 10 + [1] * 40",
        call={"metric": "f1"},
    ),
    good=Example("y_true, y_pred = healthy()", call={"metric": "f1"}),
)
def class_imbalance(ctx: Context, *, min_ratio: float = 10.0) -> Iterator[Violation]:
    """The majority:minority support ratio in y_true is at least 10:1.

    Why it matters:
        With strong imbalance, accuracy and micro averages are dominated by the majority
        class. Precision of the minority class is sensitive to a handful of false positives,
        and small changes in the minority class move macro averages a lot.

    How to fix:
        Report per-class recall and precision, balanced accuracy or MCC, and use stratified
        splits so every class is represented.

    Options:
        min_ratio: the majority:minority support ratio that is reported
    """
    truth = ctx.truth
    support = truth.support[truth.support > 0]
    if support.size < 2:
        return
    ratio = float(support.max() / support.min())
    if ratio < min_ratio:
        return
    big = truth.classes[int(np.argmax(truth.support))]
    present = [c for c, s in zip(truth.classes, truth.support) if s > 0]
    small = present[int(np.argmin(support))]
    yield Violation(
        message=(
            f"y_true is imbalanced {ratio:.0f}:1: class {label(big)} has "
            f"{int(support.max()):,} samples, class {label(small)} {int(support.min()):,}."
        ),
        fix=(
            "Report metrics that weigh classes equally, next to the headline:\n"
            "    balanced_accuracy_score(y_true, y_pred)\n"
            "    print(classification_report(y_true, y_pred))"
        ),
        evidence={
            "ratio": ratio,
            "majority_class": str(big),
            "majority_support": int(support.max()),
            "minority_class": str(small),
            "minority_support": int(support.min()),
        },
        classes=[big, small],
    )


@rule(
    code="EC404",
    slug="small-support",
    severity=Severity.WARNING,
    title="Evaluate on enough samples for a stable number",
    bad=Example(
        "y_true = [0, 1, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0]\ny_pred = [0, 1, 1, 0, 1, 0, "
        "0, 1, 0, 0, 1, 1]",
        call={"metric": "accuracy"},
    ),
    good=Example("y_true, y_pred = healthy()", call={"metric": "accuracy"}),
    weak_classes=True,
)
def small_support(
    ctx: Context, *, max_interval_width: float = 0.2, min_class_support: int = 10
) -> Iterator[Violation]:
    """Too few samples for the number to be stable: the 95% interval of the headline is wider
    than 0.2, or a class has fewer than 10 samples.

    Why it matters:
        A proportion measured on few samples is uncertain: 10 of 12 correct is an accuracy
        of 0.83 whose 95% interval runs from about 0.55 to 0.95. Per-class precision and recall
        of a class with a handful of samples jump by large steps with every single sample.

    How to fix:
        Evaluate on more data (or use cross-validation), and report the interval with the
        number.

    Options:
        max_interval_width: the widest acceptable 95% interval of accuracy
        min_class_support: classes with fewer true samples are reported
    """
    stats = ctx.stats
    low, high = ctx.accuracy_interval()
    width = high - low
    small = [
        (c, int(n)) for c, n in zip(stats.classes, stats.true_counts) if 0 < n < min_class_support
    ]
    if width <= max_interval_width and not small:
        return
    accuracy = ctx.metrics["accuracy"]
    parts = []
    if width > max_interval_width:
        parts.append(
            f"accuracy {num(accuracy)} on {stats.n_samples:,} samples has a 95% interval of "
            f"[{low:.2f}, {high:.2f}] (width {width:.2f})"
        )
    if small:
        listed = ", ".join(f"{label(c)} ({n})" for c, n in small[:5])
        more = f" and {len(small) - 5} more" if len(small) > 5 else ""
        parts.append(
            f"{count(len(small), 'class', 'classes')} under {min_class_support} "
            f"samples: {listed}{more}"
        )
    needed = math.ceil(4 * 1.96**2 * 0.25 / max_interval_width**2)
    yield Violation(
        message="; ".join(parts) + ": the number can move a lot with a few samples.",
        fix=(
            f"Evaluate on more samples (about {needed:,} give a 95% interval of width "
            f"{max_interval_width:g} at worst), or cross-validate; report the interval:\n"
            "    cross_val_score(model, X, y, cv=StratifiedKFold(5))"
        ),
        evidence={
            "accuracy": accuracy,
            "interval_95": [low, high],
            "n_samples": stats.n_samples,
            "small_classes": {str(c): n for c, n in small},
        },
        classes=[c for c, _ in small],
    )


@rule(
    code="EC405",
    slug="threshold-collapse",
    severity=Severity.WARNING,
    title="Choose the decision threshold from the scores",
    bad=Example(
        "y_true = [0] * 150 + [1] * 50\n"
        "y_score = [0.02 + 0.002 * i for i in range(150)] + [0.2 + 0.004 * i for i in range(50)]",
        call={"metric": "f1", "threshold": 0.5},
    ),
    good=Example(
        "y_true = [0] * 150 + [1] * 50\n"
        "y_score = [0.02 + 0.002 * i for i in range(150)] + [0.2 + 0.004 * i for i in range(50)]",
        call={"metric": "f1", "threshold": 0.25},
    ),
    companions=("EC201", "EC202", "EC205", "EC401"),
)
def threshold_collapse(
    ctx: Context, *, min_auc: float = 0.7, max_share: float = 0.95, max_recall: float = 0.5
) -> Iterator[Violation]:
    """Binary scores separate the classes (ROC AUC at least 0.7), but the threshold in use
    predicts one class for 95% or more of the samples.

    Why it matters:
        The model ranks well, yet the default threshold (0.5, or 0 for margins) sits where
        almost everything falls on one side, typically because the classes are imbalanced or
        the scores are uncalibrated. The label metrics then describe the threshold, not the
        model, and the minority class is mostly missed.

    How to fix:
        Choose the threshold on validation data, e.g. the one maximising F1 or Youden's J,
        and apply it to the scores.

    Options:
        min_auc: the ROC AUC from which the scores count as separating the classes
        max_share: the share of samples on one side of the threshold that counts as a
            collapse
        max_recall: ... when the other class is found less often than this
    """
    ranking, scores = ctx.ranking, ctx.scores
    y_pred = ctx.evaluation.y_pred
    call = ctx.call
    label_metric = call.metric is not None and call.metric not in SCORE_METRICS
    if scores.kind == "labels" or not (y_pred.given or call.threshold is not None or label_metric):
        return  # no threshold in use, or hard labels as scores (EC108)
    counts = ranking.counts
    auc = counts.roc_auc()
    if not auc >= min_auc:
        return
    if y_pred.given:
        stats = ctx.stats
        position = stats.index(ranking.positive)
        if position is None:
            return
        tp = int(stats.true_positives[position])
        predicted = int(stats.pred_counts[position])
        support = int(stats.true_counts[position])
        n = stats.n_samples
        in_use = ThresholdPoint(
            math.nan, tp, predicted - tp, support - tp, n - predicted - (support - tp)
        )
        threshold_text = "the predictions in y_pred"
    else:
        threshold = ctx.call.decision_threshold(scores.kind)
        in_use = counts.at(threshold)
        threshold_text = f"threshold {threshold:g}"
    share = in_use.predicted_positive_share
    majority_share = max(share, 1 - share)
    if majority_share < max_share:
        return
    minority_positive = share < 0.5
    found = (
        in_use.tp / (in_use.tp + in_use.fn)
        if minority_positive
        else in_use.tn / (in_use.tn + in_use.fp)
    )
    if found >= max_recall:
        return
    best_f1, best_j = counts.best_f1(), counts.best_youden()
    classes = ctx.truth.classes
    negative = classes[0] if len(classes) == 2 else None
    common, rare = (negative, ranking.positive) if minority_positive else (
        ranking.positive,
        negative,
    )
    deciding = "y_pred" if y_pred.given else threshold_text
    yield Violation(
        message=(
            f"the scores separate the classes (ROC AUC {auc:.3f}) but {deciding} "
            f"predict{'s' if not y_pred.given else ''} class {label(common)} for "
            f"{pct(majority_share)} of samples and finds only {pct(found)} of class "
            f"{label(rare)}; threshold {best_f1.threshold:.3g} would give F1 "
            f"{best_f1.f1:.3f} (now {in_use.f1:.3f})."
        ),
        fix=(
            "Pick the threshold on validation scores and apply it:\n"
            "    precision, recall, thresholds = precision_recall_curve(y_val, val_scores)\n"
            f"    y_pred = (y_score >= {best_f1.threshold:.3g}).astype(int)  # best F1 here"
        ),
        evidence={
            "roc_auc": auc,
            "threshold_in_use": in_use.as_dict(),
            "best_f1": best_f1.as_dict(),
            "best_youden_j": best_j.as_dict(),
        },
    )
