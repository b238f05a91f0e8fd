"""EC3xx: metric configuration. Does the call fit the task?"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from ..call import METRICS, SCORE_METRICS, MetricCall
from ..facts import Context, Unavailable, is_multilabel
from ..inputs import Evaluation
from ..findings import Severity
from ..metrics import ClassCounts, accuracy
from ..value import label_value
from ..registry import Example, Violation, rule
from ..stats.labels import ConfusionStats
from ..stats.scores import binary_counts
from ..stats.labels import label_sort_key, same_label
from ._words import count, label, labels, num, pct, python_list


@rule(
    code="EC301",
    slug="averaging-mismatch",
    severity=Severity.ERROR,
    title="Choose the average that fits the task",
    bad=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))", call={"metric": "f1", "average": "binary"}
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))", call={"metric": "f1", "average": "macro"}
    ),
)
def averaging_mismatch(ctx: Context) -> Iterator[Violation]:
    """The ``average`` does not fit the task.

    Why it matters:
        ``average='binary'`` (the default of ``f1_score``, ``precision_score`` and
        ``recall_score``) scores one positive class: on more than two classes scikit-learn
        raises and other libraries silently score a single class. ``'micro'`` precision,
        recall and F1 of single-label data all equal accuracy, so the "F1" adds nothing.
        ``'macro'`` on binary data averages the positive and the negative class, which is
        not what a reader of "F1" assumes.

    How to fix:
        Use ``average='macro'`` (every class counts equally) or ``'weighted'`` for
        multiclass data, and the default ``'binary'`` with the right ``pos_label`` for binary
        data.
    """
    call = ctx.call
    if not call.is_prf:
        return
    average = call.effective_average
    function = METRICS[call.metric]
    if call.pos_label not in (None, 1) and average != "binary":
        fixed = call.model_copy(update={"labels": (call.pos_label,), "pos_label": None})
        yield Violation(
            message=(
                f"pos_label={call.pos_label!r} is ignored with average={average!r}: "
                f"{function} averages over every class, not the positive one."
            ),
            fix=f"Name the class to score in labels:\n    {fixed.describe()}",
            evidence={"pos_label": str(call.pos_label), "average": average},
            severity=Severity.WARNING,
        )
    if ctx.scored_as_multilabel:
        return
    stats = ctx.stats
    k = stats.n_classes
    if average == "binary" and k > 2:
        origin = (
            "average='binary'"
            if call.average_given
            else f"{function}(y_true, y_pred) defaults to average='binary', which"
        )
        yield Violation(
            message=(
                f"{origin} scores a single positive class, but the data has {k} classes "
                f"({labels(stats.classes)}): scikit-learn raises ValueError and other "
                "libraries silently score one class."
            ),
            fix=(
                "Average over the classes explicitly:\n"
                f"    {function}(y_true, y_pred, average='macro')  # or 'weighted'"
            ),
            evidence={"average": average, "average_given": call.average_given, "n_classes": k},
            severity=Severity.ERROR,
        )
    elif average == "micro" and call.metric != "jaccard" and _covers_all(ctx):
        value = accuracy(stats)
        yield Violation(
            message=(
                f"average='micro' on single-label data makes {function} equal accuracy "
                f"({num(value)}): it says nothing about per-class quality."
            ),
            fix=(
                "Report a per-class average instead:\n"
                f"    {function}(y_true, y_pred, average='macro')"
            ),
            evidence={"average": "micro", "accuracy": value, "n_classes": k},
            severity=Severity.INFO,  # a legitimate number, if it is called accuracy
        )
    elif average == "macro" and k == 2 and call.labels is None:
        per_class = ClassCounts.of(stats).score(call.metric, call.zero_division)
        pos = stats.index(call.effective_pos_label)
        positive = pos if pos is not None else 1
        macro = float(per_class.mean())
        detail = ", ".join(f"{label(c)}: {num(v)}" for c, v in zip(stats.classes, per_class))
        yield Violation(
            message=(
                f"average='macro' on binary data averages {call.metric} over both classes "
                f"({detail} -> {num(macro)}); '{call.metric}' usually means the positive "
                f"class alone ({num(per_class[positive])})."
            ),
            fix=(
                "Score the positive class, and name it:\n"
                f"    {_binary_call(call, stats.classes[positive])}"
            ),
            evidence={
                "average": "macro",
                "per_class": {str(c): float(v) for c, v in zip(stats.classes, per_class)},
                "macro": macro,
                "positive_class": str(stats.classes[positive]),
            },
            severity=Severity.INFO,  # a legitimate choice, worth saying out loud
        )


def _binary_call(call: MetricCall, positive: object) -> str:
    """The call scoring one positive class with a binary average."""
    return call.model_copy(update={"average": "binary", "pos_label": positive}).describe()


def _covers_all(ctx: Context) -> bool:
    """True when ``labels`` is not given or names every observed class (micro == accuracy)."""
    if ctx.call.labels is None:
        return True
    stats = ctx.stats
    return (
        all(stats.index(c) is not None for c in ctx.call.labels)
        and len({str(c) for c in ctx.call.labels}) >= stats.n_classes
    )


@rule(
    code="EC302",
    slug="multilabel-as-multiclass",
    severity=Severity.ERROR,
    title="Score multilabel targets per label",
    bad=Example(
        "y_true = [[1, 1, 0], [0, 1, 1], [1, 0, 0], [0, 0, 1]] * 20  # several labels per row\n"
        "y_pred = [0, 1, 0, 2] * 20  # argmax: one label per row"
    ),
    good=Example(
        "y_true = [[1, 1, 0], [0, 1, 1], [1, 0, 0], [0, 0, 1]] * 20\n"
        "y_pred = [[1, 1, 0], [0, 1, 1], [1, 0, 0], [0, 1, 1]] * 20",
        call={"metric": "f1", "average": "samples"},
    ),
)
def multilabel_as_multiclass(ctx: Context) -> Iterator[Violation]:
    """Multilabel indicator targets (rows with zero or several positives) are evaluated with
    single-label semantics: an argmax, a softmax or a multiclass call.

    Why it matters:
        In a multilabel task each sample may carry any number of labels. Reducing predictions
        to one class per row (argmax) can never be right on rows with two labels, a softmax
        makes labels compete that should not, and a multiclass call scores a different
        question. The number looks like a multilabel score but is not one.

    How to fix:
        Threshold each label's sigmoid probability independently and score the indicator
        matrices with a multilabel average ('samples', 'macro' or 'micro').
    """
    y_true = ctx.evaluation.y_true
    if ctx.task != "multilabel":
        return
    per_row = y_true.values.sum(axis=1)
    multi_share = float(np.mean(per_row != 1))
    evidence = {
        "rows_without_exactly_one_label": multi_share,
        "mean_labels_per_row": float(per_row.mean()),
        "n_labels": int(y_true.shape[1]),
    }
    head = (
        f"y_true is multilabel ({pct(multi_share)} of rows have zero or several positives, "
        f"{float(per_row.mean()):.2f} labels per row on average)"
    )
    fix = (
        "Threshold every label on its own and use a multilabel average:\n"
        "    y_pred = (y_score >= 0.5).astype(int)  # y_score: per-label sigmoid outputs\n"
        "    f1_score(y_true, y_pred, average='samples')"
    )
    y_pred, call = ctx.evaluation.y_pred, ctx.call
    if y_pred.given and y_pred.layout in ("vector", "column"):
        yield Violation(
            message=f"{head} but y_pred holds one class per sample: rows with two or more "
            "labels can never be predicted right.",
            fix=fix,
            evidence=evidence,
        )
        return
    if call.multi_class is not None or call.average == "binary":
        argument = f"multi_class={call.multi_class!r}" if call.multi_class else "average='binary'"
        yield Violation(
            message=f"{head} but the call uses {argument}, a single-label setting.",
            fix=fix,
            evidence=evidence,
        )
        return
    try:
        scores = ctx.scores
    except Unavailable:
        return
    if scores.is_matrix and scores.kind == "probabilities" and scores.soft:
        yield Violation(
            message=f"{head} but every row of y_score sums to 1, like a softmax: labels compete "
            "for one unit of probability.",
            fix=fix,
            evidence=evidence,
        )


@rule(
    code="EC303",
    slug="pos-label-mismatch",
    severity=Severity.ERROR,
    title="Name the positive class that your labels use",
    bad=Example("y_true, y_pred = healthy(classes=('no', 'yes'))", call={"metric": "f1"}),
    good=Example(
        "y_true, y_pred = healthy(classes=('no', 'yes'))",
        call={"metric": "f1", "pos_label": "yes"},
    ),
)
def pos_label_mismatch(ctx: Context) -> Iterator[Violation]:
    """Binary labels that do not contain the positive label in use (e.g. {0, 2} or
    {'no', 'yes'} with the default pos_label=1): scikit-learn raises.

    Why it matters:
        A binary precision, recall, F1 or average precision scores one class: ``pos_label``,
        1 by default. When the labels are {0, 2} or {'no', 'yes'}, that class does not exist:
        scikit-learn raises, and hand-written metrics silently score nothing (0 true
        positives). With labels {1, 2}, class 1 exists and is scored, which is rarely the
        class meant (EC308 and EC310 speak to that).

    How to fix:
        Pass the positive class explicitly, e.g. ``pos_label='yes'``, or encode the labels
        as 0/1.
    """
    call = ctx.call
    if ctx.requested.cause != "pos-label":
        return
    scored_by_scores = call.metric in SCORE_METRICS
    classes = ctx.truth.classes if scored_by_scores else ctx.stats.classes
    wanted = call.effective_pos_label
    candidate = classes[-1]
    given = "the default pos_label=1" if call.pos_label is None else f"pos_label={wanted!r}"
    if call.metric == "brier" and call.pos_label is None:
        given = "no pos_label"
    fixed = call.model_copy(update={"pos_label": candidate}).describe()
    yield Violation(
        message=(
            f"{given} with the labels {labels(classes)}: {METRICS[call.metric]} raises, "
            "because the positive class is not one of them."
        ),
        fix=f"Name the positive class:\n    {fixed}",
        evidence={"pos_label": str(wanted), "labels": [str(c) for c in classes]},
    )


def _headline(ctx: Context) -> tuple[str, float]:
    """The averaged number the user looks at: their call's value, else accuracy."""
    call = ctx.call
    value = ctx.metrics["requested"]["value"]
    if call.is_prf and isinstance(value, float) and call.effective_average != "binary":
        return f"{call.metric} ({call.effective_average})", value
    return "accuracy", ctx.metrics["accuracy"]


@rule(
    code="EC304",
    slug="average-hides-weak-class",
    severity=Severity.WARNING,
    title="Report the weak class next to the average",
    bad=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox', 'owl'), error_every=40)\n"
        "y_pred = [('cat' if i % 4 else 'fox') if t == 'fox' else p\n"
        "          for i, (t, p) in enumerate(zip(y_true, y_pred))]  # 'fox' mostly missed",
        call={"metric": "f1", "average": "weighted"},
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox', 'owl'))",
        call={"metric": "f1", "average": "weighted"},
    ),
    caused_by=("EC105", "EC201"),
    weak_classes=True,
)
def average_hides_weak_class(
    ctx: Context, *, max_class_score: float = 0.5, min_gap: float = 0.3, min_support: int = 10
) -> Iterator[Violation]:
    """The averaged score looks fine, but a class with real support scores far below it
    (per-class recall or F1 below 0.5 and at least 0.3 under the average).

    Why it matters:
        An average over classes (or over samples, for accuracy) can hide a class the model
        mostly fails on, especially a small one. A reader of "weighted F1 0.85" does not
        learn that one class of hundreds of samples is found a quarter of the time.

    How to fix:
        Report per-class recall and F1 (``classification_report``) next to the average, and
        work on the weak class (more data, class weights, a per-class threshold).

    Options:
        max_class_score: a class is weak when its recall or F1 is below this
        min_gap: ... and at least this far below the averaged score
        min_support: classes with fewer true samples are left to EC404
    """
    stats = ctx.stats
    name, average = _headline(ctx)
    per_class = {row["class"]: row for row in ctx.metrics["per_class"]}
    weak = []
    scored = ctx.call.labels if ctx.call.labels is not None else stats.classes
    for cls in scored:
        row = per_class.get(str(cls))
        if row is None:
            continue
        if row["support"] < min_support or row["predicted"] == 0:
            continue  # small classes: EC404; never predicted: EC202
        worst = min(row["recall"], row["f1"])
        if worst < max_class_score and average - worst >= min_gap:
            weak.append((cls, row))
    if not weak:
        return
    listed = ", ".join(
        f"{label(c)} (recall {num(r['recall'])}, F1 {num(r['f1'])}, {r['support']:,} samples)"
        for c, r in weak[:5]
    )
    yield Violation(
        message=(
            f"{name} is {num(average)} but {count(len(weak), 'class', 'classes')} with real "
            f"support score far below it: {listed}."
        ),
        fix=(
            "Report the per-class numbers next to the average:\n"
            "    print(classification_report(y_true, y_pred, digits=3))"
        ),
        evidence={
            "headline": name,
            "average": average,
            "weak_classes": {
                str(c): {
                    "recall": r["recall"],
                    "recall_interval_95": r["recall_interval"],
                    "f1": r["f1"],
                    "support": r["support"],
                }
                for c, r in weak
            },
        },
        classes=[c for c, _ in weak],
    )


@rule(
    code="EC305",
    slug="multilabel-accuracy-semantics",
    severity=Severity.WARNING,
    title="Say which multilabel accuracy you report",
    bad=Example(
        "y_true = [[1, 1, 0, 0], [0, 1, 1, 0], [1, 0, 0, 1], [0, 0, 1, 1]] * 20\n"
        "y_pred = [[1, 1, 0, 0], [0, 1, 0, 0], [1, 0, 0, 0], [0, 0, 1, 1]] * 20",
        call={"metric": "accuracy"},
    ),
    good=Example(
        "y_true = [[1, 1, 0, 0], [0, 1, 1, 0], [1, 0, 0, 1], [0, 0, 1, 1]] * 20\n"
        "y_pred = [[1, 1, 0, 0], [0, 1, 1, 0], [1, 0, 0, 1], [0, 0, 1, 0]] * 20",
        call={"metric": "jaccard", "average": "samples"},
    ),
)
def multilabel_accuracy_semantics(ctx: Context, *, min_gap: float = 0.1) -> Iterator[Violation]:
    """Accuracy on multilabel data, where exact-match (subset) accuracy and per-label accuracy
    differ widely.

    Why it matters:
        "Accuracy" of multilabel predictions means two different things: scikit-learn's
        ``accuracy_score`` counts a sample as right only when every label matches, while Keras'
        binary accuracy averages over every (sample, label) cell. The two can be 0.5 and 0.9 for
        the same predictions, so the number is meaningless until the reader knows which.

    How to fix:
        Name the variant ("subset accuracy", "per-label accuracy"), or report a multilabel
        metric such as samples-averaged F1 or Jaccard.

    Options:
        min_gap: how far per-label accuracy must exceed subset accuracy
    """
    if ctx.task != "multilabel" or ctx.call.metric not in (None, "accuracy", "binary_accuracy"):
        return
    ml = ctx.multilabel
    subset, per_label = ml.subset_accuracy, ml.label_accuracy
    if per_label - subset < min_gap:
        return
    yield Violation(
        message=(
            f"multilabel accuracy is {num(subset)} as exact-match (subset) accuracy but "
            f"{num(per_label)} per label ({ml.n_labels} labels): the number depends on which "
            "one the reader assumes."
        ),
        fix=(
            "Name the variant, or report a multilabel metric:\n"
            "    f1_score(y_true, y_pred, average='samples')\n"
            "    jaccard_score(y_true, y_pred, average='samples')"
        ),
        evidence={"subset_accuracy": subset, "label_accuracy": per_label, "n_labels": ml.n_labels},
    )


@rule(
    code="EC306",
    slug="elementwise-accuracy-on-onehot",
    severity=Severity.WARNING,
    title="Compute categorical accuracy on one-hot targets",
    bad=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2, 3, 4), error_every=3)\n"
        "y_true, y_pred = np.eye(5)[y_true], np.eye(5)[y_pred]  # one-hot rows",
        call={"metric": "binary_accuracy"},
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2, 3, 4), error_every=3)\n"
        "y_true, y_pred = np.eye(5)[y_true], np.eye(5)[y_pred]",
        call={"metric": "accuracy"},
    ),
    companions=("EC304",),
)
def elementwise_accuracy_on_onehot(ctx: Context) -> Iterator[Violation]:
    """An element-wise (binary) accuracy over one-hot single-label targets, which inflates
    accuracy toward 1 - 2·error/k.

    Why it matters:
        Keras' ``binary_accuracy`` (and ``metrics=['accuracy']`` with a binary cross-entropy
        loss) compares every cell of the one-hot matrix. A wrong prediction costs 2 of k
        cells, so with 10 classes a model that is wrong half the time still scores 0.9.

    How to fix:
        Use categorical accuracy: compare ``argmax`` of both sides, or use
        ``CategoricalAccuracy`` / ``SparseCategoricalAccuracy`` in Keras.
    """
    if ctx.call.metric != "binary_accuracy":
        return
    y_true, y_pred = ctx.evaluation.y_true, ctx.evaluation.y_pred
    if not (y_true.is_indicator and y_pred.layout == "matrix" and y_true.shape == y_pred.shape):
        return
    if is_multilabel(y_true) or y_true.shape[1] < 3:
        return
    threshold = ctx.call.decision_threshold("probabilities")
    elementwise = float(np.mean((y_pred.values >= threshold) == (y_true.values == 1)))
    categorical = float(np.mean(y_pred.values.argmax(axis=1) == y_true.values.argmax(axis=1)))
    k = y_true.shape[1]
    yield Violation(
        message=(
            f"binary (element-wise) accuracy over {k}-column one-hot targets is "
            f"{num(elementwise)}, but the model picks the right class for only "
            f"{num(categorical)} of samples: each mistake costs just 2 of {k} cells."
        ),
        fix=(
            "Compare classes, not cells:\n"
            "    accuracy = np.mean(y_pred.argmax(axis=1) == y_true.argmax(axis=1))\n"
            "    # Keras: metrics=[keras.metrics.CategoricalAccuracy()]"
        ),
        evidence={
            "elementwise_accuracy": elementwise,
            "categorical_accuracy": categorical,
            "n_columns": k,
        },
    )


@rule(
    code="EC307",
    slug="batch-averaged-metric",
    severity=Severity.WARNING,
    title="Compute the metric over the whole set, not per batch",
    bad=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "groups = [i // 16 for i in range(len(y_true))]  # batches of 16, in class order",
        call={"metric": "f1", "average": "macro"},
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "groups = [i % 8 for i in range(len(y_true))]  # 8 well-mixed batches",
        call={"metric": "accuracy"},
    ),
)
def batch_averaged_metric(ctx: Context, *, tolerance: float = 0.02) -> Iterator[Violation]:
    """A metric averaged over batches (or groups) differs from the metric over the whole set.

    Why it matters:
        Averaging a per-batch F1, precision or AUC is not the F1, precision or AUC of the set:
        batches lack classes, small batches weigh as much as large ones, and the result moves
        with the batch size. Only sums (counts) can be accumulated over batches.

    How to fix:
        Accumulate predictions (or confusion counts) over all batches and compute the metric
        once, as torchmetrics' ``update()``/``compute()`` does.

    Options:
        tolerance: the largest difference between the averaged and the pooled value left
            unreported
    """
    call = ctx.call
    if call.metric in SCORE_METRICS:
        values, sizes = ctx.group_requested
        found = call.describe(), ctx.requested.value, values, sizes
    else:
        found = _per_group_labels(ctx)
    if found is None:
        return
    shown, pooled, values, sizes = found
    if len(values) < 2 or not isinstance(pooled, float):
        return
    averaged = float(np.mean(values))
    if abs(averaged - pooled) <= tolerance:
        return
    yield Violation(
        message=(
            f"{shown} averaged over {len(values)} groups is {num(averaged)}, "
            f"but over all {int(sizes.sum()):,} samples it is {num(pooled)} "
            f"({averaged - pooled:+.3f}); per-group values range {num(min(values))}.."
            f"{num(max(values))}."
        ),
        fix=(
            "Accumulate every batch's labels and predictions, then compute once over all of "
            "them (torchmetrics: `metric.update()` per batch, `metric.compute()` once):\n"
            f"    {shown}  # on all samples, not per batch"
        ),
        evidence={
            "averaged_over_groups": averaged,
            "pooled": pooled,
            "n_groups": len(values),
            "group_sizes": [int(sizes.min()), int(sizes.max())],
            "tolerance": tolerance,
        },
    )


def _per_group_labels(ctx: Context) -> tuple[str, float | None, list[float], np.ndarray] | None:
    """A label metric (accuracy without a call) per group and pooled."""
    tensor = ctx.group_confusion[1]  # first: without groups the rule does not apply
    stats, call = ctx.stats, ctx.call
    metric_call = (
        call if call.metric is not None else call.model_copy(update={"metric": "accuracy"})
    )
    pooled = label_value(stats, metric_call).value
    values = []
    for matrix in tensor:
        present = np.flatnonzero(matrix.sum(axis=0) + matrix.sum(axis=1))
        part = ConfusionStats(
            tuple(stats.classes[i] for i in present), matrix[np.ix_(present, present)]
        )
        value = label_value(part, metric_call).value
        if isinstance(value, float) and not math.isnan(value):
            values.append(value)
    return metric_call.describe(), pooled, values, tensor.sum(axis=(1, 2))


@rule(
    code="EC308",
    slug="positive-class-is-majority",
    severity=Severity.WARNING,
    title="Score the rare class as the positive one",
    bad=Example(
        "y_true = [1] * 80 + [0] * 20\ny_pred = [1] * 76 + [0] * 4 + [1] * 8 + [0] * 12",
        call={"metric": "f1"},
    ),
    good=Example(
        "y_true = [1] * 80 + [0] * 20\ny_pred = [1] * 76 + [0] * 4 + [1] * 8 + [0] * 12",
        call={"metric": "f1", "pos_label": 0},
    ),
)
def positive_class_is_majority(ctx: Context, *, min_share: float = 2 / 3) -> Iterator[Violation]:
    """The positive class of a binary precision, recall or F1 is the majority class (at least
    two thirds of y_true, or any majority when F1 is no better than always predicting it), so
    the score mostly measures the easy class.

    Why it matters:
        F1 of a class that makes up most of the data is high for almost any model: always
        predicting it already scores 2s/(1+s), 0.8 when it is two thirds of the samples. The
        interesting, rare class, the one the model exists for, is not measured at all.

    How to fix:
        Make the rare class the positive one (``pos_label``), or report both classes.

    Options:
        min_share: the share of y_true above which the positive class counts as the
            majority
    """
    call = ctx.call
    if not (call.is_prf and call.effective_average == "binary"):
        return
    stats = ctx.stats
    if stats.n_classes != 2:
        return
    position = stats.index(call.effective_pos_label)
    if position is None:
        return
    share = float(stats.true_counts[position] / stats.n_samples)
    if share <= 0.5:
        return
    other = stats.classes[1 - position]
    scores = ClassCounts.of(stats).score(call.metric, call.zero_division)
    trivial_f1 = 2 * share / (1 + share)
    if share < min_share and not (call.metric == "f1" and scores[position] <= trivial_f1 + 0.01):
        return  # a slight majority, and the F1 beats always predicting it
    yield Violation(
        message=(
            f"the positive class {label(stats.classes[position])} is {pct(share)} of y_true: "
            f"its {call.metric} is {num(scores[position])}, but always predicting it would "
            f"already score F1 {num(trivial_f1)}; the rare class {label(other)} scores "
            f"{num(scores[1 - position])}."
        ),
        fix=(
            "Score the rare class:\n"
            f"    {METRICS[call.metric]}(y_true, y_pred, pos_label={other!r})"
        ),
        evidence={
            "positive_class": str(stats.classes[position]),
            "positive_share": share,
            "positive_score": float(scores[position]),
            "other_class_score": float(scores[1 - position]),
            "always_positive_f1": trivial_f1,
        },
        classes=[stats.classes[position]],
    )



# failures of the call that another rule's error already explains
EXPLAINED_ELSEWHERE = {
    "binary-average": "EC301 averaging-mismatch",
    "pos-label": "EC303 pos-label-mismatch",
    "mixed-targets": "EC106 shape-mismatch or EC302 multilabel-as-multiclass",
}


@rule(
    code="EC309",
    slug="invalid-call",
    severity=Severity.ERROR,
    title="Make a call the library accepts",
    bad=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "y_score = [[0.8 if c == p else 0.1 for c in (0, 1, 2)] for p in y_pred]",
        call={"metric": "roc_auc"},
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "y_score = [[0.8 if c == p else 0.1 for c in (0, 1, 2)] for p in y_pred]",
        call={"metric": "roc_auc", "multi_class": "ovr"},
    ),
    caused_by=("EC105", "EC106", "EC110", "EC113"),
)
def invalid_call(ctx: Context) -> Iterator[Violation]:
    """The call, as written, raises in the library it names: an argument the function does not
    take, multiclass scores to ``roc_auc_score`` without ``multi_class``, ``average='samples'``
    on single-label data, a (n, 2) probability matrix where one column is expected.

    Why it matters:
        There is no number: the line raises, or, in code that catches exceptions around its
        metrics (a training loop, a dashboard job), the metric is silently missing or left at
        its previous value. The valid call is usually one argument away.

    How to fix:
        Change the call as the library's message says; the fix below is the same call with
        the offending argument corrected.
    """
    requested = ctx.requested
    if requested.raises is None or requested.cause in EXPLAINED_ELSEWHERE:
        return
    call = ctx.call
    fix = (
        f"Make the call scikit-learn accepts:\n    {requested.fix}"
        if requested.fix
        else "Follow scikit-learn's message: " + requested.raises
    )
    data = f"{ctx.evaluation.y_true.n_samples:,} samples"
    y_score = ctx.evaluation.y_score
    if y_score.given and call.metric in SCORE_METRICS:
        data += f", y_score of shape {y_score.shape}"
    yield Violation(
        message=(
            f"{call.describe()} raises {requested.exception} on this data ({data}): "
            f"{requested.raises}"
        ),
        fix=fix,
        evidence={
            "call": call.describe(),
            "exception": requested.exception,
            "library_message": requested.raises,
            "valid_call": requested.fix,
        },
    )


@rule(
    code="EC310",
    slug="score-column-order",
    severity=Severity.ERROR,
    title="Put score columns in the order of the classes",
    bad=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "y_score = [[0.1, 0.1, 0.8] if p == 0 else [0.8, 0.1, 0.1] if p == 1 else [0.1, 0.8, 0.1]\n"
        "           for p in y_pred]  # columns rotated by one",
        call={"metric": "roc_auc", "multi_class": "ovr"},
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "y_score = [[0.8 if c == p else 0.1 for c in (0, 1, 2)] for p in y_pred]",
        call={"metric": "roc_auc", "multi_class": "ovr"},
    ),
    companions=("EC204", "EC206"),
)
def score_column_order(
    ctx: Context, *, max_agreement: float = 0.5, min_permuted_agreement: float = 0.9
) -> Iterator[Violation]:
    """y_score's columns are in another order than the classes they are scored as: the
    ``proba_<class>`` names say another order, or the argmax of the columns agrees with y_pred
    only after a permutation, so every per-class score and AUC belongs to another class.

    Why it matters:
        scikit-learn reads column j of a probability matrix as the j-th class in sorted order
        (``model.classes_``). Columns written in another order (a dict of classes, a file
        with ``proba_cat, proba_dog, proba_bird``, ``predict_proba[:, 0]`` taken as the
        positive class) are scored against the wrong classes without any error: ROC AUC and
        log loss describe a different, usually terrible, model.

    How to fix:
        Order the columns by the sorted classes, e.g. ``y_score[:, order]`` or
        ``df[[f"proba_{c}" for c in model.classes_]]``, and take the positive class's column
        of ``predict_proba`` by its index in ``classes_``.

    Options:
        max_agreement: without y_pred, the argmax of the columns agrees with y_true at
            most this often (and 0.4 more after the best permutation)
        min_permuted_agreement: with y_pred, the argmax agrees with it at least this often
            after the best permutation (and 0.1 more than as given)
    """
    call = ctx.call
    if call.metric in ("log_loss", "brier") and call.labels is not None:
        ordered = sorted(call.labels, key=label_sort_key)
        if list(call.labels) != ordered:
            yield Violation(
                message=(
                    f"labels={python_list(call.labels)} is not in sorted order, but "
                    f"{METRICS[call.metric]} reads y_score's columns as the sorted classes "
                    f"{python_list(ordered)} whatever the order of labels."
                ),
                fix=(
                    "Pass the sorted labels, with y_score's columns in that order:\n"
                    f"    {call.model_copy(update={'labels': tuple(ordered)}).describe()}"
                ),
                evidence={
                    "labels": [str(v) for v in call.labels],
                    "order": [str(v) for v in ordered],
                },
            )
            return
    scores = ctx.scores
    if scores.named_order is not None:
        named = list(_named_order(ctx, scores.named_order))
        yield from named
        if named:
            return
    if ctx.evaluation.y_true.is_indicator or ctx.task == "multilabel":
        return
    found = _best_permutation(ctx)
    if found is None:
        return
    order, as_given, permuted, classes, reference = found
    if reference == "y_pred":  # predictions are usually the argmax: any clear gain is a swap
        if not (permuted >= min_permuted_agreement and permuted - as_given >= 0.1):
            return
    elif not (as_given <= max_agreement and permuted >= as_given + 0.4):
        return
    if scores.is_matrix:
        what = (
            f"the argmax of y_score's columns agrees with {reference} for {pct(as_given)} of "
            "samples"
        )
        fix = f"Reorder the columns into the classes' order:\n    y_score = y_score[:, {order}]"
        after = f"with the columns reordered as {order}, for {pct(permuted)}"
    else:
        scored, other = classes
        if scores.kind == "probabilities":
            what = (
                f"y_score, read as the probability of class {label(scored)}, agrees with "
                f"{reference} for {pct(as_given)} of samples"
            )
            after = f"read as that of class {label(other)}, for {pct(permuted)}"
        else:
            what = (
                f"y_score, read as the score of class {label(scored)}, ranks {reference} with "
                f"ROC AUC {as_given:.3f}"
            )
            after = f"read as that of class {label(other)}, {permuted:.3f}"
        fix = (
            f"Pass the score of class {label(scored)}: its column of predict_proba, by its "
            "index in classes_:\n"
            f"    y_score = model.predict_proba(X)[:, list(model.classes_).index({scored!r})]"
        )
    yield Violation(
        message=f"{what}; {after}: the scores stand for other classes than they are read as.",
        fix=fix,
        evidence={
            "agreement_as_given": as_given,
            "agreement_permuted": permuted,
            "permutation": order,
            "classes": [str(c) for c in classes],
            "compared_with": reference,
        },
    )


def _named_order(ctx: Context, named: list) -> Iterator[Violation]:
    ordered = sorted(named, key=label_sort_key)
    if ordered == named:
        return
    call = ctx.call
    if call.metric not in SCORE_METRICS:
        call = call.model_copy(update={"metric": "roc_auc", "multi_class": "ovr"})
    matched = ctx.with_call(call).requested
    as_given = ctx.with_evaluation(ctx.evaluation.without_score_names(), call).requested
    numbers = ""
    if isinstance(matched.value, float) and isinstance(as_given.value, float):
        numbers = (
            f": {METRICS[call.metric]} is {num(as_given.value)} with the columns as given, "
            f"{num(matched.value)} with each column matched to its class by name"
        )
    yield Violation(
        message=(
            f"y_score's columns are named for classes {labels(named)}, but scikit-learn reads "
            f"them as the sorted classes {labels(ordered)}{numbers}; evalcheck reports the "
            "numbers with the columns matched by name."
        ),
        fix=(
            "Pass the columns in the sorted order of the classes:\n"
            f'    y_score = df[[f"proba_{{c}}" for c in {python_list(ordered)}]]'
        ),
        severity=Severity.WARNING,  # the names were matched: only code that drops them errs
        evidence={
            "columns_as_given": [str(c) for c in named],
            "class_order": [str(c) for c in ordered],
            "value_as_given": as_given.value,
            "value_matched": matched.value,
        },
    )


def _best_permutation(ctx: Context) -> tuple[list[int], float, float, list, str] | None:
    """``(column order, agreement as given, agreement permuted, classes, reference)``: how the
    columns' argmax (a 1-D score's side of the threshold, or its ROC AUC for margins) agrees
    with y_pred, or with y_true when there are no predictions, as given and permuted."""
    scores = ctx.scores
    if ctx.evaluation.y_pred.given:
        classes, by, reference = list(ctx.stats.classes), "pred", "y_pred"
    else:
        classes, by, reference = list(ctx.truth.classes), "truth", "y_true"
    n = ctx.evaluation.y_true.n_samples
    if n < 30:
        return None  # too few samples to tell a permutation from a bad model
    if not scores.is_matrix:
        if len(classes) != 2:
            return None
        scored = _scored_class(ctx, classes)
        other = classes[0] if same_label(scored, classes[1]) else classes[1]
        is_scored = np.asarray([same_label(c, scored) for c in classes])
        counts = scores.counts(None, is_scored, by=by)
        if scores.kind == "probabilities":
            point = counts.at(ctx.call.decision_threshold(scores.kind))
            as_given = (point.tp + point.tn) / n
        else:  # margins: how they rank the scored class
            as_given = counts.roc_auc()
            if as_given != as_given:  # NaN: a single class
                return None
        return [1, 0], as_given, 1.0 - as_given, [scored, other], reference
    k = scores.width
    if k != len(classes) or k < 2:
        return None
    from scipy.optimize import linear_sum_assignment

    table = scores.argmax_table(by, k)
    rows, columns = linear_sum_assignment(table, maximize=True)
    order = [int(c) for c in columns[np.argsort(rows)]]
    permuted = float(table[rows, columns].sum() / n)
    return order, float(np.trace(table) / n), permuted, classes, reference


def _scored_class(ctx: Context, classes: list) -> object:
    """The class a 1-D score stands for: the pos_label of the score metrics that take one
    (average precision, whose default is 1, and Brier), else the greater class (ROC AUC's,
    and predict_proba(X)[:, 1]); a label metric's pos_label says nothing about the scores."""
    call = ctx.call
    wanted = {"average_precision": call.effective_pos_label, "brier": call.pos_label}.get(
        call.metric or ""
    )
    found = next((c for c in classes if same_label(c, wanted)), None)
    return classes[-1] if found is None else found
