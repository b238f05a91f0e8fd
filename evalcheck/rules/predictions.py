"""EC2xx: prediction behaviour. What do the predictions do, class by class?"""

from __future__ import annotations

import math
from collections.abc import Iterator

import numpy as np

from ..call import METRICS, PRFS, MetricCall
from ..facts import Context
from ..findings import Severity
from ..metrics import ClassCounts, label_indices
from ..value import label_value
from ..registry import Example, Violation, rule
from ..stats.labels import same_label
from ._words import count, label, labels, num, pct, python_list


@rule(
    code="EC201",
    slug="single-predicted-class",
    severity=Severity.ERROR,
    title="Make the model predict more than one class",
    bad=Example("y_true = [0] * 900 + [1] * 100\ny_pred = [0] * 1000"),
    good=Example("y_true, y_pred = healthy()"),
    companions=("EC202", "EC401"),
    caused_by=("EC405",),
)
def single_predicted_class(ctx: Context) -> Iterator[Violation]:
    """Every prediction is the same class while y_true holds two or more classes.

    Why it matters:
        A model that always answers the same class has learned nothing about the inputs. Its
        accuracy equals the share of that class, which on imbalanced data looks excellent
        (0.99 on a 99:1 set) while every other class is missed entirely.

    How to fix:
        Check the decision threshold, the class weights and whether training converged;
        report balanced accuracy or macro-F1, which fall to chance level for such a model.
    """
    stats = ctx.stats
    predicted = np.flatnonzero(stats.pred_counts)
    support = stats.true_counts
    n_true_classes = int(np.count_nonzero(support))
    if predicted.size != 1 or n_true_classes < 2:
        return
    only = int(predicted[0])
    share = float(support[only] / stats.n_samples)
    missed = [c for i, c in enumerate(stats.classes) if i != only and support[i] > 0]
    missed_n = int(support.sum() - support[only])
    yield Violation(
        message=(
            f"y_pred is {label(stats.classes[only])} for all {stats.n_samples:,} samples while "
            f"y_true holds {n_true_classes} classes: accuracy {share:.3f} is just the share of "
            f"class {label(stats.classes[only])}; the {count(missed_n, 'sample')} of "
            f"{'class' if len(missed) == 1 else 'classes'} {labels(missed)} "
            f"{'is' if missed_n == 1 else 'are'} never found."
        ),
        fix=(
            "The model collapsed to one class. Check the decision threshold and rebalance "
            "training, e.g. `LogisticRegression(class_weight='balanced')`; judge it by "
            "metrics that expose the collapse:\n"
            "    balanced_accuracy_score(y_true, y_pred)  # 1/k for a constant predictor"
        ),
        evidence={
            "predicted_class": str(stats.classes[only]),
            "n_samples": stats.n_samples,
            "n_true_classes": n_true_classes,
            "accuracy": share,
            "missed_samples": missed_n,
        },
        classes=[stats.classes[only]],
    )


@rule(
    code="EC202",
    slug="missing-class-in-predictions",
    severity=Severity.WARNING,
    title="Find out why a class is never predicted",
    bad=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox'))\n"
        "y_pred = ['cat' if p == 'fox' else p for p in y_pred]  # never 'fox'",
        call={"metric": "f1", "average": "macro"},
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox'))",
        call={"metric": "f1", "average": "macro"},
    ),
    caused_by=("EC105", "EC111", "EC201", "EC405"),
    weak_classes=True,
)
def missing_class_in_predictions(ctx: Context) -> Iterator[Violation]:
    """A class with support in y_true is never predicted.

    Why it matters:
        The class's precision is 0/0 (undefined) and its recall is 0. scikit-learn replaces
        the undefined precision by 0 with only a warning, so a macro average silently counts
        the class as 0, while accuracy and micro averages hardly move: the class can vanish
        from the model without the headline number showing it.

    How to fix:
        Find out why the class is never predicted (too few training examples, threshold, class
        weights), and make the 0/0 an explicit choice with ``zero_division``.
    """
    names, true_counts, pred_counts, n_samples = _label_table(ctx, declared=False)
    never = np.flatnonzero((true_counts > 0) & (pred_counts == 0))
    if never.size == 0 or np.count_nonzero(pred_counts) == 0:
        return
    classes = [names[i] for i in never]
    supports = [int(true_counts[i]) for i in never]
    listed = ", ".join(f"{label(c)} ({n:,} in y_true)" for c, n in list(zip(classes, supports))[:5])
    if len(classes) > 5:
        listed += f" and {len(classes) - 5} more"
    subject = f"class {listed}" if len(classes) == 1 else f"{len(classes)} classes: {listed}"
    macro_f1 = ctx.metrics["macro"]["f1"]
    call = ctx.call
    metric = call.metric if call.is_prf else "f1"
    keep_average = call.is_prf and call.average_given and ctx.requested.raises is None
    average = call.effective_average if keep_average else "macro"  # a fix must be a valid call
    yield Violation(
        message=(
            f"y_pred never contains {subject}: precision is undefined (0/0) and recall is 0, "
            f"so macro averages count {'it' if len(classes) == 1 else 'them'} as 0 "
            f"(macro-F1 {num(macro_f1)})."
        ),
        fix=(
            "Look at why the model never predicts "
            f"{'this class' if len(classes) == 1 else 'these classes'} (training examples, "
            "threshold, class weights), and make the 0/0 an explicit decision:\n"
            f"    {metric}_score(y_true, y_pred, average={average!r}, zero_division=0)"
        ),
        evidence={
            "classes": [str(c) for c in classes],
            "support": supports,
            "share_of_samples": float(sum(supports) / n_samples),
            "macro_f1": macro_f1,
        },
        classes=classes,
    )


@rule(
    code="EC203",
    slug="missing-class-in-truth",
    severity=Severity.WARNING,
    title="Evaluate on a set that contains every class",
    bad=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox'))",
        call={"metric": "recall", "average": "macro", "labels": ["cat", "dog", "fox", "owl"]},
    ),
    companions=("EC205",),
    good=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox'))",
        call={"metric": "recall", "average": "macro", "labels": ["cat", "dog", "fox"]},
    ),
    caused_by=("EC105",),
)
def missing_class_in_truth(ctx: Context) -> Iterator[Violation]:
    """A class declared in ``labels``, or predicted, has no true samples.

    Why it matters:
        With no true samples the class's recall is 0/0. scikit-learn counts it as 0 in
        macro averages (with a warning), which drags the average down for a reason that has
        nothing to do with the model; for ROC AUC a single class in y_true makes the score
        undefined.

    How to fix:
        Evaluate on a stratified split that contains every class, or leave the absent class
        out of ``labels``.
    """
    call = ctx.call
    if call.metric in ("roc_auc", "average_precision"):
        yield from _score_classes_missing(ctx)
        return
    names, true_counts, pred_counts, n_samples = _label_table(ctx, declared=True)
    absent = np.flatnonzero(true_counts == 0)
    if absent.size == 0:
        if call.metric in ("confusion_matrix", "classification_report") and len(names) == 1:
            yield _one_class(names[0], n_samples, call.metric)
        return
    classes = [names[i] for i in absent]
    predicted = [int(pred_counts[i]) for i in absent]
    present = [c for c, n in zip(names, true_counts) if n > 0]
    declared = [c for c, n in zip(classes, predicted) if n == 0]
    unseen = "never predicted" if ctx.scored_as_multilabel else "declared in labels"
    details = [
        f"{label(c)} ({'predicted ' + count(n, 'time') if n else unseen})"
        for c, n in zip(classes, predicted)
    ]
    listed = ", ".join(details[:5]) + (f" and {len(details) - 5} more" if len(details) > 5 else "")
    share = float(sum(predicted) / max(int(pred_counts.sum()), 1))
    subject = "class" if len(classes) == 1 else f"{len(classes)} classes:"
    consequence = (
        "its recall is undefined (0/0)" if len(classes) == 1 else "their recall is undefined (0/0)"
    )
    if sum(predicted):
        consequence += (
            f"; all {count(sum(predicted), 'prediction')} of "
            f"{'it' if len(classes) == 1 else 'them'} ({pct(share)} of y_pred) are false positives"
        )
    metric = call.metric if call.is_prf else "recall"
    yield Violation(
        message=f"y_true has no samples of {subject} {listed}: {consequence}.",
        fix=(
            "If the class belongs to the task, the evaluation set lacks it: use a stratified "
            "split. Otherwise score only the classes present:\n"
            f"    {metric}_score(y_true, y_pred, average='macro', labels={python_list(present)})"
        ),
        evidence={
            "classes": [str(c) for c in classes],
            "times_predicted": predicted,
            "declared_only": [str(c) for c in declared],
            "share_of_predictions": share,
        },
        classes=classes,
    )


def _label_table(ctx: Context, declared: bool) -> tuple[list, np.ndarray, np.ndarray, int]:
    """``(classes, true counts, predicted counts, samples)``: per class of single-label data
    (with the classes declared in ``labels`` when ``declared``), or per label column of
    indicator targets."""
    if ctx.scored_as_multilabel:
        counts = ctx.multilabel.counts
        return list(range(counts.tp.size)), counts.true, counts.pred, ctx.multilabel.n_samples
    stats = ctx.stats.with_classes(ctx.call.labels or ()) if declared else ctx.stats
    return list(stats.classes), stats.true_counts, stats.pred_counts, stats.n_samples


def _one_class(only: object, n_samples: int, metric: str) -> Violation:
    return Violation(
        message=(
            f"y_true and y_pred hold only class {label(only)} ({n_samples:,} samples): the "
            f"{metric.replace('_', ' ')} has a single class, and the task's other classes have "
            "no samples at all."
        ),
        fix=(
            "Name every class of the task, so the table has its full shape:\n"
            f"    {METRICS[metric]}(y_true, y_pred, labels=model.classes_)"
        ),
        evidence={"classes": [str(only)], "n_samples": n_samples},
        classes=[only],
    )


def _score_classes_missing(ctx: Context) -> Iterator[Violation]:
    """Classes (or label columns) without both positives and negatives, for ROC AUC and
    average precision: their score is undefined."""
    call, y_true = ctx.call, ctx.evaluation.y_true
    if y_true.is_indicator:
        positives, n = y_true.values.sum(axis=0), y_true.shape[0]
        one_sided = (
            positives == 0
            if call.metric == "average_precision"
            else ((positives == 0) | (positives == n))
        )
        columns = [int(j) for j in np.flatnonzero(one_sided)]
        if columns:
            yield Violation(
                message=(
                    f"{count(len(columns), 'label column')} of y_true ({labels(columns)}) "
                    f"{'has' if len(columns) == 1 else 'have'} only one class: "
                    f"{call.metric} of {'it' if len(columns) == 1 else 'them'} is undefined "
                    "(scikit-learn warns and uses NaN or 0 in the average)."
                ),
                fix=(
                    "Leave constant labels out, or evaluate on more samples:\n"
                    "    keep = (y_true.sum(axis=0) > 0) & (y_true.sum(axis=0) < len(y_true))\n"
                    f"    {METRICS[call.metric]}(y_true[:, keep], y_score[:, keep])"
                ),
                evidence={"columns": columns, "positives": [int(positives[j]) for j in columns]},
                classes=columns,
            )
        return
    truth = ctx.truth
    if len(truth.classes) == 1:
        yield Violation(
            message=(
                f"y_true holds only class {label(truth.classes[0])} "
                f"({truth.n_samples:,} samples): {call.metric} is undefined with a "
                "single class (scikit-learn raises or returns NaN)."
            ),
            fix=(
                "Evaluate on a set with both classes, e.g. a stratified split:\n"
                "    train_test_split(X, y, stratify=y, test_size=0.2)"
            ),
            evidence={"classes": [str(c) for c in truth.classes]},
            classes=truth.classes,
        )
        return
    absent = [c for c in call.labels or () if not any(same_label(c, t) for t in truth.classes)]
    if absent:
        yield Violation(
            message=(
                f"y_true has no samples of {count(len(absent), 'class', 'classes')} declared in "
                f"labels ({labels(absent)}): {'its' if len(absent) == 1 else 'their'} "
                f"one-vs-rest {call.metric} is undefined."
            ),
            fix=(
                "Evaluate on a set that contains every declared class (a stratified split), or "
                "leave the absent classes out of labels and y_score."
            ),
            evidence={"classes": [str(c) for c in absent]},
            classes=absent,
        )


@rule(
    code="EC204",
    slug="zero-true-positives",
    severity=Severity.WARNING,
    title="Find out why a predicted class is never right",
    bad=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox'))\n"
        "swap = {'dog': 'fox', 'fox': 'dog'}\n"
        "y_pred = [swap.get(p, p) for p in y_pred]  # 'dog' and 'fox' swapped",
        call={"metric": "f1", "average": "macro"},
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox'))",
        call={"metric": "f1", "average": "macro"},
    ),
    companions=("EC206", "EC304"),
    caused_by=("EC105",),
    weak_classes=True,
)
def zero_true_positives(ctx: Context) -> Iterator[Violation]:
    """A class is predicted and has support, yet none of its predictions is correct.

    Why it matters:
        Precision, recall and F1 of the class are all 0: the model uses the class, but never
        for the right samples. It usually means two classes are swapped (a label map applied in
        the wrong direction) or the class is learnt as something else entirely.

    How to fix:
        Look at the confusion matrix row and column of the class: if its samples are predicted
        as one other class and vice versa, the label mapping is swapped.
    """
    stats = ctx.stats
    tp, support, predicted = stats.true_positives, stats.true_counts, stats.pred_counts
    hit = np.flatnonzero((support > 0) & (predicted > 0) & (tp == 0))
    if hit.size == 0:
        return
    details, evidence = [], {}
    for i in hit:
        row = stats.matrix[i].copy()
        row[i] = 0
        instead = stats.classes[int(np.argmax(row))]
        name = stats.classes[i]
        details.append(
            f"{label(name)} (predicted {int(predicted[i]):,} times, {int(support[i]):,} true; "
            f"its samples are mostly predicted as {label(instead)})"
        )
        evidence[str(name)] = {
            "support": int(support[i]),
            "predicted": int(predicted[i]),
            "mostly_predicted_as": str(instead),
        }
    subject = "class" if hit.size == 1 else f"{hit.size} classes"
    listed = "; ".join(details[:5]) + (f"; and {hit.size - 5} more" if hit.size > 5 else "")
    yield Violation(
        message=(
            f"No prediction of the {subject} below is correct, so their precision, recall and "
            f"F1 are 0: {listed}."
            if hit.size > 1
            else f"No prediction of class {listed} is correct: precision, recall and F1 are 0."
        ),
        fix=(
            "Inspect the confusion matrix; a pair of classes predicted as each other means a "
            "swapped label map:\n"
            "    print(confusion_matrix(y_true, y_pred))"
        ),
        evidence={"classes": evidence},
        classes=[stats.classes[i] for i in hit],
    )


def _undefined_terms(counts: ClassCounts, metric: str) -> np.ndarray:
    """Which per-class terms of ``metric`` are 0/0."""
    if metric == "precision":
        return counts.pred == 0
    if metric == "recall":
        return counts.true == 0
    if metric == "jaccard":
        return counts.true + counts.pred - counts.tp == 0
    return counts.true + counts.pred == 0  # f1 / fbeta


@rule(
    code="EC205",
    slug="undefined-metric",
    severity=Severity.WARNING,
    title="Choose zero_division deliberately",
    bad=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox'))\n"
        "y_pred = ['cat' if p == 'fox' else p for p in y_pred]  # never 'fox'",
        call={"metric": "precision", "average": "macro"},
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox'))",
        call={"metric": "precision", "average": "macro"},
    ),
    companions=("EC202",),
    caused_by=("EC105", "EC201", "EC202", "EC203"),
)
def undefined_metric(ctx: Context) -> Iterator[Violation]:
    """A per-class term of the requested metric is 0/0 and is silently replaced (by 0, 1 or
    NaN, per ``zero_division``) inside the reported average. With ``zero_division`` given
    explicitly the replacement is a decision, and the finding is only ``info``.

    Why it matters:
        A class that is never predicted has no precision; a class with no true samples has no
        recall. scikit-learn substitutes 0 by default (with only a warning), so the same model
        and data give a different macro average depending on a convention nobody reads. The
        finding shows how far the number moves between the conventions.

    How to fix:
        Pass ``zero_division`` explicitly and say which you used; ``zero_division=np.nan``
        leaves undefined classes out of the average.
    """
    call = ctx.call
    if ctx.requested.raises:
        return  # there is no number (EC309 or the rule of the cause says why)
    if call.metric in ("mcc", "cohen_kappa"):
        yield from _undefined_agreement(ctx)
        return
    report = call.metric == "classification_report"
    if not (call.is_prf or report):
        return
    average = "macro" if report else call.effective_average
    terms = ("precision", "recall", "f1") if report or call.metric == PRFS else (call.metric,)
    if average == "samples" or (report and ctx.scored_as_multilabel):
        yield from _undefined_samples(ctx, terms)
        if average == "samples":
            return
    counts, names = _scored_counts(ctx)
    if counts is None:
        return
    if average == "micro":
        counts, names = counts.summed(), ["all classes pooled (micro)"]
    undefined = np.zeros(len(names), bool)
    for term in terms:
        undefined |= _undefined_terms(counts, "f1" if term in ("fbeta", PRFS) else term)
    if not undefined.any():
        return
    affected = [n for n, bad in zip(names, undefined) if bad]
    chosen = "warn" if call.zero_division == "warn" else call.zero_division
    value_under = {
        zd: ctx.with_call(call.model_copy(update={"zero_division": zd})).requested.value
        for zd in (0, 1, math.nan)
    }
    if all(isinstance(v, float) for v in value_under.values()):
        range_text = (
            f"the {average} average is {num(value_under[0])} with zero_division=0, "
            f"{num(value_under[1])} with 1 and {num(value_under[math.nan])} with NaN excluded"
        )
    else:
        range_text = "each undefined per-class value is 0, 1 or NaN depending on zero_division"
    what = "precision, recall or F1" if len(terms) > 1 else call.metric
    why = {
        "precision": "never predicted",
        "recall": "absent from y_true",
    }.get(call.metric, "never predicted, absent from y_true, or both")
    function = METRICS[call.metric]
    yield Violation(
        message=(
            f"{what} of {count(len(affected), 'class', 'classes')} ({labels(affected)}) is "
            f"0/0 ({why}) and replaced by zero_division={chosen!r}: {range_text}."
        ),
        fix=(
            "Decide how undefined classes count, and say so next to the number:\n"
            f"    {function}(y_true, y_pred, "
            + ("" if report else f"average={average!r}, ")
            + "zero_division=np.nan)  # leave them out"
        ),
        evidence={
            "classes": [str(a) for a in affected],
            "average": average,
            "value_zero_division_0": value_under[0],
            "value_zero_division_1": value_under[1],
            "value_nan_excluded": value_under[math.nan],
        },
        classes=affected,
        severity=_chosen_severity(call),
    )


def _chosen_severity(call: MetricCall) -> Severity | None:
    """An explicit zero_division is a decision, not a silent default: info, not a warning."""
    return None if call.zero_division == "warn" else Severity.INFO


def _undefined_samples(ctx: Context, terms: tuple[str, ...]) -> Iterator[Violation]:
    """``average='samples'``: samples whose per-sample term is 0/0 (no true or predicted
    labels in the row)."""
    if not ctx.scored_as_multilabel:
        return
    ml = ctx.multilabel_for(ctx.call.labels)
    found = {t: ml.sample_sums["f1" if t == "fbeta" else t][1] for t in terms}
    worst = max(found, key=lambda t: found[t])
    if found[worst] == 0:
        return
    rows = "no predicted labels" if worst == "precision" else "no true labels"
    if worst in ("f1", "fbeta", "jaccard"):
        rows = "neither true nor predicted labels"
    yield Violation(
        message=(
            f"{worst} is 0/0 in {count(found[worst], 'sample')} of {ml.n_samples:,} with {rows}, "
            f"replaced by zero_division={ctx.call.zero_division!r} in the samples average."
        ),
        fix=(
            "Decide how empty rows count, and say so next to the number:\n"
            f"    {METRICS[ctx.call.metric]}(y_true, y_pred, average='samples', zero_division=1)"
        ),
        evidence={"undefined_samples": found, "n_samples": ml.n_samples},
        severity=_chosen_severity(ctx.call),
    )


def _scored_counts(ctx: Context) -> tuple[ClassCounts | None, list]:
    """Per-class counts of the classes the call scores (labels=, or the positive class of a
    binary average), with their names; ``(None, [])`` when the call scores none."""
    call = ctx.call
    if ctx.scored_as_multilabel:
        ml = ctx.multilabel_for(call.labels)
        names = list(call.labels) if call.labels is not None else list(range(ml.n_labels))
        if call.effective_average in ("samples", "binary"):
            return None, []
        return ml.counts, names
    stats = ctx.stats.with_classes(call.labels or ())
    if call.is_prf and call.effective_average == "binary":
        if stats.n_classes > 2:
            return None, []
        stats = stats.with_classes((call.effective_pos_label,))  # absent: a zero row
        indices: np.ndarray | None = np.array([stats.index(call.effective_pos_label)])
    else:
        indices = label_indices(stats, call.labels)
    picked = stats.classes if indices is None else [stats.classes[i] for i in indices]
    return ClassCounts.of(stats, indices), list(picked)


def _undefined_agreement(ctx: Context) -> Iterator[Violation]:
    """MCC or Cohen's kappa with a zero denominator: one class on a side (or both)."""
    stats = ctx.stats
    if ctx.call.labels is not None and ctx.call.metric == "cohen_kappa":
        stats = stats.restricted(ctx.call.labels)
    true_classes = int(np.count_nonzero(stats.true_counts))
    pred_classes = int(np.count_nonzero(stats.pred_counts))
    if ctx.call.metric == "mcc" and min(true_classes, pred_classes) > 1:
        return
    if ctx.call.metric == "cohen_kappa" and not math.isnan(ctx.requested.value or 0.0):
        return
    name = "MCC" if ctx.call.metric == "mcc" else "Cohen's kappa"
    shown = "0" if ctx.call.metric == "mcc" else "NaN"
    yield Violation(
        message=(
            f"{name} is 0/0 here (y_true holds {count(true_classes, 'class', 'classes')}, "
            f"y_pred {count(pred_classes, 'class', 'classes')}): scikit-learn returns {shown} "
            "with a warning, a number that says nothing about agreement."
        ),
        fix=(
            "Evaluate on a set where both sides hold several classes; report the confusion "
            "matrix instead:\n    print(confusion_matrix(y_true, y_pred))"
        ),
        evidence={"true_classes": true_classes, "predicted_classes": pred_classes},
    )


@rule(
    code="EC206",
    slug="chance-level-agreement",
    severity=Severity.WARNING,
    title="Check that predictions and labels are in the same order",
    bad=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "y_pred = [y_pred[(11 * i) % len(y_pred)] for i in range(len(y_pred))]  # shuffled",
    ),
    good=Example("y_true, y_pred = healthy(classes=(0, 1, 2))"),
    companions=("EC401", "EC304"),
    caused_by=("EC105",),
)
def chance_level_agreement(ctx: Context, *, max_kappa: float = 0.05) -> Iterator[Violation]:
    """Predictions agree with labels no better than chance (Cohen's kappa at or below 0.05)
    although several classes are predicted.

    Why it matters:
        Agreement at chance level means the predictions carry no information about these
        labels. For a model that predicts several classes, that almost always means it is not
        being compared with its own labels: predictions were made on a shuffled data loader,
        by several workers that returned out of order, or joined to the labels on the wrong
        key.

    How to fix:
        Predict on an unshuffled loader (``shuffle=False``) in a single ordered pass, or carry
        sample ids through prediction and join on them.

    Options:
        max_kappa: the Cohen's kappa at or below which agreement counts as chance
    """
    stats = ctx.stats
    if np.count_nonzero(stats.true_counts) < 2:
        return
    second = np.sort(stats.pred_counts)[-2] if stats.n_classes > 1 else 0
    if second < max(5, 0.01 * stats.n_samples):
        return  # one class and a few stray predictions: not "several classes predicted"
    metrics = ctx.metrics
    kappa = metrics["cohen_kappa"]
    if not (kappa <= max_kappa):
        return
    accuracy, baseline = metrics["accuracy"], metrics["majority_baseline"]
    support, predicted = stats.true_counts, stats.pred_counts
    chance = float(np.dot(support, predicted) / stats.n_samples**2)
    yield Violation(
        message=(
            f"predictions agree with y_true no better than chance: Cohen's kappa {kappa:.3f}, "
            f"accuracy {num(accuracy)} against {num(chance)} expected by chance, although "
            f"{np.count_nonzero(predicted)} classes are predicted."
        ),
        fix=(
            "Make sure each prediction is paired with its own label: predict in one ordered "
            "pass (a PyTorch `DataLoader(test_set, shuffle=False)`), or keep sample ids and "
            "join on them:\n"
            "    df = labels_df.merge(predictions_df, on='sample_id', validate='one_to_one')"
        ),
        evidence={
            "cohen_kappa": kappa,
            "accuracy": accuracy,
            "chance_agreement": chance,
            "majority_baseline": baseline,
            "max_kappa": max_kappa,
        },
    )
