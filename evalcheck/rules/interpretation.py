"""EC4xx: interpretation of the headline. Does the number mean what it seems to?"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from ..context import Context
from ..findings import Severity
from ..registry import Example, Violation, rule
from ._words import label, num


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
)
def misleading_accuracy(ctx: Context, *, margin: float = 0.05) -> Iterator[Violation]:
    """Accuracy is at or near the majority-class baseline.

    Why it matters:
        Always predicting the most frequent class scores its share of the data: 0.95 on a
        95:5 set. An accuracy within a few points of that baseline, or below it, says the model
        adds little or nothing over a constant answer, however high the number looks.

    How to fix:
        Report accuracy next to the majority baseline, and judge the model by balanced
        accuracy, MCC or macro-F1, which a constant predictor cannot inflate.
    """
    if ctx.call.metric not in (None, "accuracy", "binary_accuracy"):
        return
    stats = ctx.stats
    if np.count_nonzero(stats.true_counts) < 2:
        return
    metrics = ctx.metrics
    value, baseline = metrics["accuracy"], metrics["majority_baseline"]
    if value > baseline + margin:
        return
    majority_label = stats.classes[int(np.argmax(stats.true_counts))]
    if value < baseline:
        relation = f"is below the majority-class baseline {num(baseline)}"
    else:
        relation = f"is within {margin:g} of the majority-class baseline {num(baseline)}"
    yield Violation(
        message=(
            f"accuracy {num(value)} {relation} (always predicting "
            f"{label(majority_label)}): balanced accuracy is {num(metrics['balanced_accuracy'])} "
            f"and MCC {num(metrics['mcc'])}."
        ),
        fix=(
            "Report metrics a constant predictor cannot inflate, next to the baseline:\n"
            "    balanced_accuracy_score(y_true, y_pred), matthews_corrcoef(y_true, y_pred)\n"
            "    DummyClassifier(strategy='most_frequent').fit(X_train, y_train)"
        ),
        evidence={
            "accuracy": value,
            "majority_baseline": baseline,
            "majority_class": metrics["majority_class"],
            "balanced_accuracy": metrics["balanced_accuracy"],
            "mcc": metrics["mcc"],
            "margin": margin,
        },
        classes=[majority_label],
    )
