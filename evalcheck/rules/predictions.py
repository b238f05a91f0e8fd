"""EC2xx: prediction behaviour. What do the predictions do, class by class?"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..context import Context
from ..findings import Severity
from ..registry import Example, Violation, rule
from ._words import count, label, labels, num, pct, python_list


@rule(
    code="EC201",
    slug="single-predicted-class",
    severity=Severity.ERROR,
    title="Make the model predict more than one class",
    bad=Example("y_true = [0] * 900 + [1] * 100\ny_pred = [0] * 1000"),
    good=Example("y_true, y_pred = healthy()"),
    companions=("EC202", "EC401"),
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
            f"{'class' if len(missed) == 1 else 'classes'} {labels(missed)} are never found."
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
    stats = ctx.stats
    never = np.flatnonzero((stats.true_counts > 0) & (stats.pred_counts == 0))
    if never.size == 0 or np.count_nonzero(stats.pred_counts) == 0:
        return
    classes = [stats.classes[i] for i in never]
    supports = [int(stats.true_counts[i]) for i in never]
    listed = ", ".join(f"{label(c)} ({n:,} in y_true)" for c, n in list(zip(classes, supports))[:5])
    if len(classes) > 5:
        listed += f" and {len(classes) - 5} more"
    subject = f"class {listed}" if len(classes) == 1 else f"{len(classes)} classes: {listed}"
    macro_f1 = ctx.metrics["macro"]["f1"]
    call = ctx.call
    metric = call.metric if call.is_prf else "f1"
    average = call.effective_average if call.is_prf and call.average_given else "macro"
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
            "share_of_samples": float(sum(supports) / stats.n_samples),
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
    good=Example(
        "y_true, y_pred = healthy(classes=('cat', 'dog', 'fox'))",
        call={"metric": "recall", "average": "macro", "labels": ["cat", "dog", "fox"]},
    ),
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
    stats = ctx.stats.with_classes(call.labels or ())
    absent = np.flatnonzero(stats.true_counts == 0)
    if absent.size == 0:
        return
    classes = [stats.classes[i] for i in absent]
    predicted = [int(stats.pred_counts[i]) for i in absent]
    present = [c for c, n in zip(stats.classes, stats.true_counts) if n > 0]
    declared = [c for c, n in zip(classes, predicted) if n == 0]
    details = [
        f"{label(c)} ({'predicted ' + count(n, 'time') if n else 'declared in labels'})"
        for c, n in zip(classes, predicted)
    ]
    listed = ", ".join(details[:5]) + (f" and {len(details) - 5} more" if len(details) > 5 else "")
    share = float(sum(predicted) / stats.n_samples)
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
