"""EC3xx: metric configuration. Does the call fit the task?"""

from __future__ import annotations

from collections.abc import Iterator

from ..call import METRICS
from ..context import Context
from ..findings import Severity
from ..metrics import ClassCounts, accuracy
from ..registry import Example, Violation, rule
from ._words import label, labels, num


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
    stats = ctx.stats
    average = call.effective_average
    function = METRICS[call.metric]
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
            severity=Severity.WARNING,
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
                f"    {function}(y_true, y_pred, pos_label={stats.classes[positive]!r})"
            ),
            evidence={
                "average": "macro",
                "per_class": {str(c): float(v) for c, v in zip(stats.classes, per_class)},
                "macro": macro,
                "positive_class": str(stats.classes[positive]),
            },
            severity=Severity.WARNING,
        )


def _covers_all(ctx: Context) -> bool:
    """True when ``labels`` is not given or names every observed class (micro == accuracy)."""
    if ctx.call.labels is None:
        return True
    stats = ctx.stats
    return (
        all(stats.index(c) is not None for c in ctx.call.labels)
        and len({str(c) for c in ctx.call.labels}) >= stats.n_classes
    )
