"""EC1xx: input integrity. Can these arrays be read as labels and scores at all?"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np

from ..call import METRICS, SCORE_METRICS
from ..facts import Context, Unavailable, is_multilabel
from ..findings import Severity
from ..inputs import InputFacts
from ..registry import Example, Violation, rule
from ..stats.scores import ROW_SUM_TOLERANCE
from ..stats.labels import ConfusionStats, same_label
from ._words import count, label, labels, pct, python_list


@rule(
    code="EC101",
    slug="length-mismatch",
    severity=Severity.ERROR,
    title="Give every input one entry per sample",
    bad=Example(
        "y_true, y_pred = healthy()\ny_pred = y_pred[:64]  # the last partial batch was dropped"
    ),
    good=Example("y_true, y_pred = healthy()"),
)
def length_mismatch(ctx: Context) -> Iterator[Violation]:
    """y_true, y_pred and y_score do not have the same number of samples.

    Why it matters:
        Labels and predictions are paired by position. When one is shorter — typically a
        generator that dropped the last partial batch, or a filter applied to one side only —
        there is no correct pairing, and truncating the longer one silently scores the wrong
        samples against each other.

    How to fix:
        Produce predictions from exactly the samples the labels describe, in the same order,
        and assert ``len(y_pred) == len(y_true)`` before scoring.
    """
    inputs = [*ctx.evaluation.given, *([ctx.groups] if ctx.groups and ctx.groups.given else [])]
    sized = [f for f in inputs if f.layout not in ("unreadable", "scalar")]
    lengths = {f.name: f.n_samples for f in sized}
    if len(set(lengths.values())) <= 1:
        return
    reference = sized[0]
    parts = [
        f"{f.name} has {f.n_samples:,} ({f.n_samples - reference.n_samples:+,})"
        for f in sized[1:]
        if f.n_samples != reference.n_samples
    ]
    short = min(sized, key=lambda f: f.n_samples)
    difference = max(lengths.values()) - short.n_samples
    yield Violation(
        message=(
            f"{reference.name} has {reference.n_samples:,} samples but {'; '.join(parts)}: "
            "labels and predictions cannot be paired sample by sample."
        ),
        fix=(
            f"{short.name} is {count(difference, 'sample')} short. If it comes from batched "
            "prediction, keep the last partial batch (`drop_last=False` in a PyTorch "
            "DataLoader, no `drop_remainder=True` in tf.data) and predict on the same, "
            "unshuffled dataset as the labels; then check\n"
            "    assert len(y_pred) == len(y_true)"
        ),
        evidence={"lengths": lengths, "difference": difference},
    )


@rule(
    code="EC102",
    slug="empty-input",
    severity=Severity.ERROR,
    title="Evaluate on a non-empty set",
    bad=Example("y_true, y_pred = [], []"),
    good=Example("y_true, y_pred = healthy()"),
)
def empty_input(ctx: Context) -> Iterator[Violation]:
    """There are zero samples to evaluate.

    Why it matters:
        Every metric of an empty set is undefined. Libraries answer with NaN, 0 or an
        exception depending on the metric, and a NaN that reaches a dashboard or an
        early-stopping callback quietly disables it.

    How to fix:
        Check the filter or split that produced the evaluation set; fail loudly when it is
        empty instead of scoring it.
    """
    empty = [f for f in ctx.evaluation.given if f.kind == "empty"]
    if not empty:
        return
    names = " and ".join(f.name for f in empty)
    verb = "is" if len(empty) == 1 else "are"
    yield Violation(
        message=f"{names} {verb} empty (0 samples): every metric of this evaluation is undefined.",
        fix=(
            "Check the split or filter that produced the data, and stop before scoring:\n"
            "    if len(y_true) == 0:\n"
            '        raise ValueError("empty evaluation set")'
        ),
        evidence={f.name: {"shape": list(f.shape)} for f in empty},
    )


def _nonfinite(facts: InputFacts, fix: str) -> Violation | None:
    """The finding for NaN/None/inf values in one input (EC103 and EC104 share it)."""
    if not facts.given or facts.n_bad == 0:
        return None
    total = facts.n_values
    what = []
    if facts.n_missing:
        what.append(f"{facts.n_missing:,} NaN/None")
    if facts.n_infinite:
        what.append(f"{facts.n_infinite:,} infinite")
    noun = "value" if facts.n_bad == 1 else "values"
    unit = "values" if facts.layout in ("matrix", "tensor") else "samples"
    rows = ", ".join(map(str, facts.missing_positions))
    return Violation(
        fix=fix,
        message=(
            f"{facts.name} holds {' and '.join(what)} {noun} ({pct(facts.n_bad / total)} of "
            f"{total:,} {unit}; first at {'rows' if len(facts.missing_positions) > 1 else 'row'} "
            f"{rows}): metrics either fail or silently drop "
            "these samples."
        ),
        evidence={
            "input": facts.name,
            "missing": facts.n_missing,
            "infinite": facts.n_infinite,
            "fraction": facts.n_bad / total,
            "first_rows": list(facts.missing_positions),
        },
    )


@rule(
    code="EC103",
    slug="nan-in-predictions",
    severity=Severity.ERROR,
    title="Find where the NaN predictions come from",
    bad=Example("y_true, y_pred = healthy()\ny_pred[-1] = None  # one prediction failed"),
    good=Example("y_true, y_pred = healthy()"),
)
def nan_in_predictions(ctx: Context) -> Iterator[Violation]:
    """y_pred or y_score holds NaN, infinity or None.

    Why it matters:
        A NaN prediction is a failure of the model or the pipeline (a diverged network, a log
        of zero, a join that found no row), not a class. scikit-learn raises on it, other code
        compares NaN as "wrong" or drops the row; either way the number no longer describes
        the model on the whole set.

    How to fix:
        Locate the rows, e.g. ``np.flatnonzero(~np.isfinite(y_score))``, and fix their cause
        (training loss, input scaling, the join). Do not drop them silently before scoring.
    """
    for facts in (ctx.evaluation.y_pred, ctx.evaluation.y_score):
        finder = (
            f"bad = [i for i, v in enumerate({facts.name}) if v is None]"
            if facts.kind == "str"
            else f"bad = np.flatnonzero(~np.isfinite(np.asarray({facts.name}, dtype=float)))"
        )
        violation = _nonfinite(
            facts,
            "Find the rows and their cause before scoring; if the model diverged, check the "
            f"training loss and input scaling:\n    {finder}",
        )
        if violation is not None:
            yield violation


@rule(
    code="EC104",
    slug="nan-in-labels",
    severity=Severity.ERROR,
    title="Remove or fix unlabelled samples deliberately",
    bad=Example("y_true, y_pred = healthy()\ny_true[-1] = float('nan')  # an unlabelled sample"),
    good=Example("y_true, y_pred = healthy()"),
)
def nan_in_labels(ctx: Context) -> Iterator[Violation]:
    """y_true holds NaN, infinity or None.

    Why it matters:
        A missing label is not a class. Depending on the library it raises, becomes its own
        "nan" class, or is compared as always wrong, so the metric describes neither the
        labelled samples nor the whole set.

    How to fix:
        Decide explicitly: drop the unlabelled samples from both y_true and y_pred with one
        mask, or fix the labelling step that left them empty.
    """
    violation = _nonfinite(
        ctx.evaluation.y_true,
        "Drop unlabelled samples from every input with the same mask, and say so where you "
        "report the number:\n"
        "    keep = ~pd.isna(y_true)\n"
        "    y_true, y_pred = np.asarray(y_true)[keep], np.asarray(y_pred)[keep]",
    )
    if violation is not None:
        yield violation


def _classes_of(stats: ConfusionStats, counts: np.ndarray) -> list[Any]:
    return [c for c, n in zip(stats.classes, counts) if n > 0]


def _agreement(stats: ConfusionStats, mapping: dict[Any, Any]) -> float:
    """Accuracy if every predicted class ``p`` were replaced by ``mapping[p]``."""
    hits = 0
    for j, predicted in enumerate(stats.classes):
        row = stats.index(mapping.get(predicted, predicted))
        if row is not None:
            hits += int(stats.matrix[row, j])
    return hits / stats.n_samples


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _recognise(
    truth: list[Any], predicted: list[Any], outside: list[Any]
) -> tuple[str, dict[Any, Any], str] | None:
    """``(pattern, mapping from predicted to true labels, fix)`` for a known mis-encoding."""
    true_numbers = all(_is_number(v) for v in truth)
    pred_numbers = all(_is_number(v) for v in predicted)
    if true_numbers and pred_numbers and min(len(set(truth)), len(set(predicted))) >= 2:
        for offset in (1, -1, 2, -2):
            if all(p + offset in set(truth) for p in outside):
                sign = "+" if offset > 0 else "-"
                return (
                    f"shifted encodings: y_pred {sign} {abs(offset)} lands on y_true's labels "
                    f"(y_pred spans {min(predicted)}..{max(predicted)}, "
                    f"y_true {min(truth)}..{max(truth)})",
                    {p: p + offset for p in predicted},
                    f"Use one encoding for both, e.g.\n    y_pred = y_pred {sign} {abs(offset)}",
                )
    if not true_numbers and pred_numbers and all(isinstance(v, str) for v in truth):
        if all(str(p) in truth for p in predicted):
            return (
                "the same labels as strings in y_true and numbers in y_pred ('1' vs 1)",
                {p: str(p) for p in predicted},
                "Give both the same type:\n    y_pred = np.asarray(y_pred).astype(str)",
            )
        if all(isinstance(p, int) and 0 <= p < len(truth) for p in predicted):
            names = sorted(truth)
            return (
                "class names in y_true and class indices in y_pred",
                {p: names[p] for p in predicted},
                "Map indices back to names with the encoder used in training, e.g.\n"
                "    y_pred = label_encoder.inverse_transform(y_pred)  # or model.classes_[y_pred]",
            )
    if true_numbers and all(isinstance(v, str) for v in predicted):
        if all(v.strip().lstrip("-").isdigit() and int(v) in set(truth) for v in predicted):
            return (
                "the same labels as numbers in y_true and strings in y_pred (1 vs '1')",
                {p: int(p) for p in predicted},
                "Give both the same type:\n    y_pred = np.asarray(y_pred).astype(int)",
            )
        if all(isinstance(t, int) and 0 <= t < len(predicted) for t in truth):
            names = sorted(predicted)
            return (
                "class indices in y_true and class names in y_pred",
                {p: names.index(p) for p in predicted},
                "Encode y_pred with the encoder used for y_true, e.g.\n"
                "    y_pred = label_encoder.transform(y_pred)",
            )
    if all(isinstance(v, str) for v in [*truth, *predicted]):
        normal = {t.strip().casefold(): t for t in truth}
        if all(p.strip().casefold() in normal for p in outside):
            return (
                "case or whitespace variants of the same labels "
                f"({label(outside[0])} vs {label(normal[outside[0].strip().casefold()])})",
                {p: normal.get(p.strip().casefold(), p) for p in predicted},
                "Write y_pred's labels as y_true spells them (pos_label and labels= keep "
                "working):\n"
                "    spelling = {t.strip().casefold(): t for t in set(y_true)}\n"
                "    y_pred = [spelling.get(p.strip().casefold(), p) for p in y_pred]",
            )
    return None


@rule(
    code="EC105",
    slug="label-set-mismatch",
    severity=Severity.ERROR,
    title="Use one label encoding for y_true and y_pred",
    bad=Example(
        "y_true, y_pred = healthy()\n"
        "y_true = [c + 1 for c in y_true]  # labels 1..2, predictions 0..1"
    ),
    good=Example("y_true, y_pred = healthy()"),
    companions=("EC202", "EC203", "EC206", "EC401"),
)
def label_set_mismatch(
    ctx: Context, *, min_outside_share: float = 0.5, min_gain: float = 0.2
) -> Iterator[Violation]:
    """y_pred holds labels that y_true (and ``labels``) never contain, because the two sides
    use different encodings: shifted, str vs int, names vs indices, case variants. A remapping
    is proposed only when it raises accuracy by at least ``min_gain``; without a recognised
    encoding, the rule speaks only when at least ``min_outside_share`` of predictions fall
    outside (a few stray predictions are EC203's).

    Why it matters:
        When labels and predictions are encoded differently — 0..k-1 against 1..k, '1'
        against 1, class names against indices, 'Cat' against 'cat' — every comparison is
        made between unrelated classes. The metric is computed without complaint and is
        close to zero, or worse, plausibly low.

    How to fix:
        Encode both sides with the same encoder before scoring, and check
        ``set(np.unique(y_pred)) <= set(np.unique(y_true))``.

    Options:
        min_outside_share: without a recognised encoding, the share of predictions
            outside y_true's labels needed to speak
        min_gain: how much a remapping must raise accuracy to be proposed
    """
    stats = ctx.stats
    truth = _classes_of(stats, stats.true_counts)
    predicted = _classes_of(stats, stats.pred_counts)
    declared = list(ctx.call.labels or ())
    known = [*truth, *(d for d in declared if not any(same_label(d, t) for t in truth))]
    outside = [p for p in predicted if not any(same_label(p, k) for k in known)]
    if not outside:
        return
    positions = [stats.index(p) for p in outside]
    outside_share = float(stats.pred_counts[positions].sum() / stats.n_samples)
    as_given = _agreement(stats, {})
    recognised = _recognise(truth, predicted, outside)
    if recognised is not None:
        repaired = _agreement(stats, recognised[1])
        if repaired < as_given + min_gain:  # the remapping would not repair the number
            recognised = None
    if recognised is None and (outside_share < min_outside_share or len(truth) < 2):
        return  # predictions of classes without true samples: EC203 reports them
    message = (
        f"y_pred holds {count(len(outside), 'label')} that y_true never contains "
        f"({labels(outside)}; {pct(outside_share)} of predictions)"
    )
    evidence: dict[str, Any] = {
        "outside_labels": [str(v) for v in outside],
        "outside_share": outside_share,
        "true_labels": [str(v) for v in truth[:50]],
        "accuracy_as_given": as_given,
    }
    if recognised is None:
        yield Violation(
            message=message + ": those predictions can never be correct.",
            fix=(
                "Check how y_pred was decoded; both sides must use the same labels:\n"
                "    print(sorted(set(y_pred) - set(y_true)))"
            ),
            evidence=evidence,
            classes=outside,
        )
        return
    pattern, _, fix = recognised
    evidence |= {"pattern": pattern, "accuracy_if_aligned": repaired}
    yield Violation(
        message=(
            f"{message}: looks like {pattern}; aligned, accuracy would be "
            f"{repaired:.3f} instead of {as_given:.3f}."
        ),
        fix=fix,
        evidence=evidence,
        classes=outside,
    )


@rule(
    code="EC106",
    slug="shape-mismatch",
    severity=Severity.ERROR,
    title="Give labels as one class per sample on both sides",
    bad=Example("y_true, y_pred = healthy()\ny_pred = np.eye(2)[y_pred]  # one-hot rows"),
    good=Example("y_true, y_pred = healthy()"),
)
def shape_mismatch(ctx: Context) -> Iterator[Violation]:
    """y_true and y_pred have incompatible shapes: one-hot (n, k) against class indices (n,),
    a (1, n) row, a 3-D array, or indicator matrices of different widths.

    Why it matters:
        Libraries either raise or, worse, broadcast: comparing a one-hot matrix with class
        indices element by element yields a number that is neither accuracy nor anything
        else. A (1, n) row is read as one sample with n outputs.

    How to fix:
        Bring both sides to one class label per sample: ``y.argmax(axis=1)`` for one-hot rows,
        ``y.ravel()`` for a row or column vector.
    """
    evaluation = ctx.evaluation
    for facts in evaluation.given:
        if facts.layout == "tensor":
            yield Violation(
                message=(
                    f"{facts.name} has shape {facts.shape}: a {len(facts.shape)}-D array is "
                    "neither labels (n,) nor scores (n, k)."
                ),
                fix=(
                    "Reduce it to one row per sample: squeeze singleton axes, or flatten the "
                    "extra axes if they are samples (pixels, tokens):\n"
                    f"    {facts.name} = np.asarray({facts.name}).reshape(-1, "
                    f"{facts.shape[-1]})  # or .squeeze()"
                ),
                evidence={"input": facts.name, "shape": list(facts.shape)},
            )
        elif facts.layout == "row":
            yield Violation(
                message=(
                    f"{facts.name} is a row of shape {facts.shape}: read as one sample with "
                    f"{facts.shape[1]:,} outputs, not {facts.shape[1]:,} samples."
                ),
                fix=(
                    "Flatten it to one label per sample:\n"
                    f"    {facts.name} = np.ravel({facts.name})"
                ),
                evidence={"input": facts.name, "shape": list(facts.shape)},
            )
    yield from _score_width_mismatch(ctx)
    y_true, y_pred = evaluation.y_true, evaluation.y_pred
    if not (y_true.given and y_pred.given):
        return
    if y_pred.is_continuous:
        return  # scores given as labels: EC107 explains it
    one_label = {"vector", "column"}
    layouts = (y_true.layout, y_pred.layout)
    if "matrix" in layouts and {*layouts} - {"matrix"} and {*layouts} - {"matrix"} <= one_label:
        matrix, vector = (y_true, y_pred) if y_true.layout == "matrix" else (y_pred, y_true)
        if matrix is y_true and is_multilabel(matrix):
            return  # multilabel truth against one class per sample: EC302 explains it
        one_hot = matrix.is_indicator
        what = "one-hot/indicator" if one_hot else "2-D"
        yield Violation(
            message=(
                f"{matrix.name} is a {what} matrix of shape {matrix.shape} but {vector.name} "
                f"holds one class index per sample {vector.shape}: the two cannot be "
                "compared sample by sample."
            ),
            fix=_one_hot_fix(matrix, vector),
            evidence={
                "y_true_shape": list(y_true.shape),
                "y_pred_shape": list(y_pred.shape),
                "indicator": one_hot,
            },
        )
    elif set(layouts) == {"matrix"} and y_true.shape[1] != y_pred.shape[1]:
        yield Violation(
            message=(
                f"y_true has {y_true.shape[1]} columns but y_pred has {y_pred.shape[1]}: "
                "the columns cannot stand for the same classes."
            ),
            fix="Build both matrices over the same, ordered list of classes "
            "(e.g. one `MultiLabelBinarizer(classes=...)` for both).",
            evidence={"y_true_shape": list(y_true.shape), "y_pred_shape": list(y_pred.shape)},
        )


def _one_hot_fix(matrix: InputFacts, vector: InputFacts) -> str:
    """Turn the matrix into the labels the other side uses: its column index, mapped to the
    other side's classes when they are not 0..k-1."""
    from ..stats.labels import encode

    column = f"np.asarray({matrix.name}).argmax(axis=1)"
    classes: list[Any] | None = None
    if vector.kind in ("int", "str", "bool") and not vector.n_bad:
        classes = encode(vector.label_values, vector.kind)[0]
    width = matrix.shape[1]
    if classes is not None and len(classes) == width and classes != list(range(width)):
        column = f"np.asarray({python_list(classes)})[{column}]"
    elif classes is not None and not set(map(str, classes)) <= set(map(str, range(width))):
        column = f"model.classes_[{column}]  # the class of each column"
    return f"Convert {matrix.name} to the labels {vector.name} uses:\n    {matrix.name} = {column}"


def _score_width_mismatch(ctx: Context) -> Iterator[Violation]:
    """Scores whose columns cannot stand for the classes: a width that fits neither y_true's
    classes, nor every class of y_true, y_pred and ``labels``; 1-D scores for several classes;
    column names that are not classes of the data."""
    evaluation = ctx.evaluation
    y_score = evaluation.y_score
    if not y_score.given or evaluation.y_true.is_indicator:
        return  # indicator targets: one column per label, compared by shape
    try:
        truth = ctx.truth
        classes = ctx.stats.classes if evaluation.y_pred.given else truth.classes
    except Unavailable:
        return
    everything = list(classes)
    for declared in ctx.call.labels or ():
        if not any(same_label(declared, c) for c in everything):
            everything.append(declared)
    names = evaluation.score_classes
    if y_score.layout in ("vector", "column"):
        if len(truth.classes) > 2:
            yield Violation(
                message=(
                    f"y_score holds one score per sample, but y_true has {len(truth.classes)} "
                    f"classes ({labels(truth.classes)}): a multiclass score needs one column "
                    "per class."
                ),
                fix="Pass the whole probability matrix:\n    y_score = model.predict_proba(X)",
                evidence={"shape": list(y_score.shape), "classes": len(truth.classes)},
            )
        return
    if y_score.layout != "matrix":
        return
    n = evaluation.y_true.n_samples
    if y_score.shape[0] != n and n and y_score.shape[1] % n == 0:
        yield Violation(
            message=(
                f"y_score has shape {y_score.shape} for {n:,} samples: its rows are not "
                "samples (a transposed matrix, or per-class blocks stacked side by side)."
            ),
            fix=(
                "Give one row per sample and one column per class:\n"
                f"    y_score = np.asarray(y_score).T  # if it is transposed; shape ({n}, k)"
            ),
            evidence={"shape": list(y_score.shape), "n_samples": n},
        )
        return
    width = y_score.shape[1]
    if evaluation.score_classes_given and len(names) != width:
        yield Violation(
            message=(
                f"score_classes names {count(len(names), 'class', 'classes')} but y_score has "
                f"{width} columns: the columns cannot be matched to classes."
            ),
            fix="Pass one class per column, in the order of the columns:\n"
            "    score_classes=model.classes_",
            evidence={"columns": width, "score_classes": [str(n) for n in names]},
        )
        return
    if evaluation.score_classes_given and ctx.scores.named_order is None:
        yield Violation(
            message=(
                f"y_score's columns are named {labels(names)}, which are not the classes of "
                f"the data ({labels(everything)}): the columns cannot be matched to classes."
            ),
            fix="Name the class of each column, in the order of the columns:\n"
            "    score_classes=model.classes_",
            evidence={"columns": [str(n) for n in names], "classes": [str(c) for c in everything]},
        )
        return
    if ctx.scores.named_order is not None:
        return  # every column is matched to a class by name
    fitting = {len(truth.classes), len(everything), len(ctx.call.labels or ())}
    if width in fitting or (len(everything) <= 2 and width == 2):
        return
    yield Violation(
        message=(
            f"y_score has {width} columns but the data has {len(everything)} classes "
            f"({labels(everything)}; {len(truth.classes)} in y_true): the columns cannot be "
            "matched to classes."
        ),
        fix=(
            "Name the class of each column (a model's classes_ may hold a class the test set "
            "lacks), or pass one column per class:\n"
            "    check(y_true, y_pred, y_score=model.predict_proba(X), score_classes=model.classes_)"
        ),
        evidence={"columns": width, "classes": len(everything), "in_y_true": len(truth.classes)},
        severity=None if ctx.call.metric in SCORE_METRICS else Severity.WARNING,  # unread
    )


@rule(
    code="EC107",
    slug="scores-as-labels",
    severity=Severity.ERROR,
    title="Turn scores into labels before a label metric",
    bad=Example(
        "y_true, y_pred = healthy()\n"
        "y_pred = [0.85 if p else 0.15 for p in y_pred]  # probabilities, not labels"
    ),
    good=Example("y_true, y_pred = healthy()"),
)
def scores_as_labels(ctx: Context) -> Iterator[Violation]:
    """y_pred holds continuous values (probabilities, logits) where class labels are expected.

    Why it matters:
        A label metric compares y_pred with y_true for equality. Probabilities such as 0.93
        equal no class, so accuracy is near zero, and libraries that cast scores to labels
        truncate 0.93 to 0. Float arrays of whole numbers (0.0, 1.0) are labels and are fine.

    How to fix:
        Threshold binary scores (``proba >= 0.5``) or take the most probable class of a
        probability matrix (``proba.argmax(axis=1)``), or pass the scores as ``y_score`` to a
        score metric such as ROC AUC.
    """
    y_pred = ctx.evaluation.y_pred
    if not y_pred.given or not y_pred.is_continuous or ctx.call.metric == "binary_accuracy":
        # binary_accuracy (Keras, torchmetrics) thresholds probabilities itself
        return
    summary = y_pred.value_summary
    low, high, fractional = summary.low, summary.high, summary.fractional_share
    in_unit = low >= 0.0 and high <= 1.0
    threshold = ctx.call.decision_threshold("probabilities")
    classes = _truth_classes(ctx)
    if y_pred.layout == "matrix":
        looks = "a probability matrix" if in_unit else "a matrix of scores or logits"
        width = y_pred.shape[1]
        if classes is not None and len(classes) == width and classes != list(range(width)):
            fix = (
                "Take the most likely class of each row, as the class it stands for:\n"
                f"    y_pred = np.asarray({python_list(classes)})[np.asarray(y_pred).argmax(axis=1)]"
            )
        elif classes is not None and classes == list(range(width)):
            fix = "Take the most likely class of each row:\n    y_pred = np.asarray(y_pred).argmax(axis=1)"
        else:
            fix = (
                "Take the most likely class of each row, as the class it stands for:\n"
                "    y_pred = model.classes_[np.asarray(y_pred).argmax(axis=1)]"
            )
    else:
        looks = "probabilities" if in_unit else "logits or decision-function margins"
        cut = threshold if in_unit else 0
        if classes is not None and len(classes) == 2:
            positive = next((c for c in classes if same_label(c, ctx.call.pos_label)), classes[1])
            negative = classes[0] if positive is classes[1] else classes[1]
            fix = (
                f"Threshold them ({'probabilities at' if in_unit else 'margins at'} {cut:g}, "
                "as predict does) into the two classes:\n"
                f"    y_pred = np.where(np.asarray(y_pred) >= {cut:g}, {positive!r}, {negative!r})"
            )
        else:
            fix = (
                f"Threshold them at {cut:g} into the classes, or pass them as y_score to a score "
                "metric such as roc_auc_score:\n"
                "    y_pred = model.predict(X)"
            )
    yield Violation(
        message=(
            f"y_pred holds continuous values in [{low:.3g}, {high:.3g}] ({pct(fractional)} "
            f"non-integer) that look like {looks}, not class labels: no score equals a class, "
            "so label metrics compare nothing meaningful."
        ),
        fix=fix,
        evidence={
            "min": low,
            "max": high,
            "non_integer_fraction": fractional,
            "shape": list(y_pred.shape),
            "looks_like": looks,
        },
    )


@rule(
    code="EC112",
    slug="unsupported-input",
    severity=Severity.ERROR,
    title="Pass labels as numbers or strings, scores as floats",
    bad=Example("y_true, y_pred = healthy()\ny_pred = [complex(p, 0) for p in y_pred]"),
    good=Example("y_true, y_pred = healthy()"),
)
def unsupported_input(ctx: Context) -> Iterator[Violation]:
    """An input cannot be read as labels or scores at all: complex numbers, datetimes, bytes,
    mappings, ragged nested lists or a single scalar.

    Why it matters:
        Nothing about the evaluation can be checked or computed from such an input. A metric
        library raises an obscure error deep inside its validation or, worse, coerces the
        values into something else (datetimes into integers, complex numbers into their
        real part) and reports a number about data that was never there.

    How to fix:
        Pass a 1-D sequence of class labels (ints or strings) per sample, or a float array of
        scores of shape (n,) or (n, k).
    """
    y_score = ctx.evaluation.y_score
    if y_score.given and y_score.kind in ("str", "mixed") and not _scores_are_class_names(ctx):
        yield Violation(
            message=(
                f"y_score ({y_score.source_type}, shape {y_score.shape}) holds text, not "
                "numbers: scores cannot be ranked or read as probabilities."
            ),
            fix="Convert the scores to floats where they are loaded:\n"
            "    y_score = np.asarray(y_score, dtype=float)",
            evidence={"input": "y_score", "type": y_score.source_type, "kind": y_score.kind},
        )
    for facts in ctx.evaluation.given:
        if facts.kind != "unsupported":
            continue
        yield Violation(
            message=f"{facts.name} cannot be read as labels or scores: it is {facts.problem}."
            if facts.layout == "unreadable"
            else f"{facts.name} ({facts.source_type}, shape {facts.shape}) cannot be read as "
            f"labels or scores: it holds {facts.problem}.",
            fix=(
                f"Convert {facts.name} to one label (int or str) per sample, e.g.\n"
                f"    {facts.name} = np.asarray({facts.name}, dtype=int)  # or dtype=str"
            ),
            evidence={
                "input": facts.name,
                "type": facts.source_type,
                "shape": list(facts.shape),
                "problem": facts.problem,
            },
        )


def _truth_classes(ctx: Context) -> list[Any] | None:
    """y_true's sorted classes, or None when they cannot be read."""
    try:
        return list(ctx.truth.classes)
    except Unavailable:
        return None


def _scores_are_class_names(ctx: Context) -> bool:
    """y_score holds text that is y_true's class labels: predict() given as scores."""
    y_score = ctx.evaluation.y_score
    if not y_score.given or y_score.kind != "str":
        return False
    try:
        classes = {str(c) for c in ctx.truth.classes}
    except Unavailable:
        return False
    return {str(v) for v in np.unique(y_score.values.astype(str))} <= classes


@rule(
    code="EC113",
    slug="mixed-label-types",
    severity=Severity.ERROR,
    title="Give every label the same type",
    bad=Example("y_true, y_pred = healthy()\ny_true[-1] = '1'  # one label read as text"),
    good=Example("y_true, y_pred = healthy()"),
)
def mixed_label_types(ctx: Context) -> Iterator[Violation]:
    """One input mixes kinds of labels: strings with numbers, or booleans with integers.

    Why it matters:
        '1' and 1, or True and 1, look the same when printed but are different (or
        accidentally equal) classes depending on the library. Counts per class, and every
        metric built on them, then depend on an accident of parsing.

    How to fix:
        Convert the whole input to one type when it is loaded, e.g. ``astype(str)``.
    """
    for facts in ctx.evaluation.given:
        if facts.kind != "mixed":
            continue
        kinds = {k: v for k, v in facts.kinds_found.items() if k != "missing"}
        described = ", ".join(f"{kind} ({', '.join(ex[:2])})" for kind, ex in kinds.items())
        target = "str" if "str" in kinds else "int"
        yield Violation(
            message=(
                f"{facts.name} mixes label types: {described}; equal-looking labels such as "
                "'1' and 1 may be counted as different classes."
            ),
            fix=(
                f"Convert {facts.name} to a single type where it is loaded:\n"
                f"    {facts.name} = np.asarray({facts.name}).astype({target})"
            ),
            evidence={"input": facts.name, "kinds": kinds},
        )


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool)


@rule(
    code="EC108",
    slug="labels-as-scores",
    severity=Severity.WARNING,
    title="Pass scores, not hard labels, to threshold-free metrics",
    bad=Example(
        "y_true, y_pred = healthy()\ny_score = y_pred  # predict() instead of predict_proba()",
        call={"metric": "roc_auc"},
    ),
    good=Example(
        "y_true, y_pred = healthy()\n"
        "y_score = [0.8 * p + 0.1 + 0.002 * (i % 50) for i, p in enumerate(y_pred)]",
        call={"metric": "roc_auc"},
    ),
)
def labels_as_scores(ctx: Context) -> Iterator[Violation]:
    """A threshold-free metric (ROC AUC, average precision, log loss, Brier score) is computed
    from hard labels (two distinct values) instead of scores.

    Why it matters:
        ROC AUC and average precision measure how well scores rank the samples over every
        threshold. Hard labels have a single threshold, so the "AUC" collapses to balanced
        accuracy and the curve to one point; log loss and Brier score of 0/1 predictions
        punish every mistake as if it were made with total confidence.

    How to fix:
        Score with the model's probabilities or decision function:
        ``model.predict_proba(X)[:, 1]`` or ``model.decision_function(X)``.
    """
    call = ctx.call
    if call.metric not in SCORE_METRICS:
        return
    if _scores_are_class_names(ctx):
        names = sorted({str(v) for v in ctx.evaluation.y_score.values.ravel()})
        yield Violation(
            message=(
                f"{METRICS[call.metric]} is computed from y_score holding class labels "
                f"({labels(names)}): the predicted classes, not scores; scikit-learn raises on "
                "text scores."
            ),
            fix=(
                "Pass the model's scores instead of its predicted labels:\n"
                "    y_score = model.predict_proba(X_test)[:, 1]  # or decision_function(X_test)"
            ),
            evidence={"distinct_values": names, "value": None},
        )
        return
    scores = ctx.scores
    if scores.kind != "labels":
        return
    distinct = scores.distinct()
    if distinct.size != 2:
        return  # one value: a constant score, not hard labels
    label_like = {-1.0, 0.0, 1.0} | {float(c) for c in ctx.truth.classes if _is_number(c)}
    if not set(distinct.tolist()) <= label_like:
        return  # two probabilities of a coarse model (a stump's leaves): scores, not labels
    value = ctx.requested.value
    number = f" ({call.metric} = {value:.3f})" if isinstance(value, float) else ""
    what = {
        "roc_auc": "collapses to balanced accuracy, a single point of the ROC curve",
        "average_precision": "rests on a single precision/recall point instead of the curve",
    }.get(call.metric, "treats every prediction as made with total confidence")
    yield Violation(
        message=(
            f"{METRICS[call.metric]} is computed from y_score holding only {distinct.size} "
            f"distinct values ({', '.join(f'{v:g}' for v in distinct)}): hard labels, so the "
            f"score{number} {what}."
        ),
        fix=(
            "Pass the model's scores instead of its predicted labels:\n"
            "    y_score = model.predict_proba(X_test)[:, 1]  # or decision_function(X_test)\n"
            f"    {METRICS[call.metric]}(y_true, y_score)"
        ),
        evidence={"distinct_values": distinct.tolist(), "value": value},
    )


@rule(
    code="EC109",
    slug="non-integer-labels",
    severity=Severity.ERROR,
    title="Make y_true whole class labels",
    bad=Example(
        "y_true, y_pred = healthy()\n"
        "y_true = [t * 0.9999 for t in y_true]  # labels that went through float arithmetic"
    ),
    good=Example("y_true, y_pred = healthy()"),
)
def non_integer_labels(ctx: Context) -> Iterator[Violation]:
    """y_true holds fractional values (0.5 from resized masks, 0.9999 from float arithmetic)
    where classes are expected.

    Why it matters:
        A class label is a category; 0.9999 is not class 1 to a metric that compares labels
        for equality, and 0.5 from an interpolated segmentation mask is no class at all.
        scikit-learn refuses such targets as "continuous"; other code silently treats every
        distinct float as its own class.

    How to fix:
        Round labels that are whole numbers up to float noise (``np.rint``), threshold soft
        or interpolated masks, and resize masks with nearest-neighbour interpolation.
    """
    y_true = ctx.evaluation.y_true
    if not y_true.is_continuous:
        return
    summary = y_true.value_summary
    share = summary.fractional_share
    examples = [f"{v:g}" for v in summary.fractional_examples]
    if summary.max_distance < 1e-3:
        cause = f"whole numbers up to float noise (at most {summary.max_distance:.1e} away)"
        fix = "Round them back to classes:\n    y_true = np.rint(y_true).astype(int)"
    else:
        cause = "soft or interpolated values (e.g. a resized mask)"
        fix = (
            "Threshold soft targets, and resize masks with nearest-neighbour interpolation:\n"
            "    y_true = (np.asarray(y_true) >= 0.5).astype(int)"
        )
    yield Violation(
        message=(
            f"y_true holds {pct(share)} fractional values ({', '.join(examples)}): {cause}, "
            "not class labels."
        ),
        fix=fix,
        evidence={
            "fractional_share": share,
            "examples": examples,
            "max_distance_to_integer": summary.max_distance,
        },
    )


@rule(
    code="EC110",
    slug="unnormalized-probabilities",
    severity=Severity.WARNING,
    title="Turn logits into probabilities before probability metrics",
    bad=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "y_score = [[2.0 if c == p else -1.0 for c in (0, 1, 2)] for p in y_pred]  # logits",
        call={"metric": "log_loss"},
    ),
    good=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "y_score = [[0.8 if c == p else 0.1 for c in (0, 1, 2)] for p in y_pred]",
        call={"metric": "log_loss"},
    ),
    companions=("EC309",),
)
def unnormalized_probabilities(
    ctx: Context, *, tolerance: float = ROW_SUM_TOLERANCE
) -> Iterator[Violation]:
    """Probability rows do not sum to 1, or values leave [0, 1]: logits or decision-function
    output used as probabilities.

    Why it matters:
        Log loss, Brier score and multiclass ROC AUC read y_score as probabilities. Logits or
        margins give meaningless values (negative "probabilities", log of numbers above 1), and
        scikit-learn rejects multiclass scores whose rows do not sum to 1. A 1-D binary score
        used only for ranking (ROC AUC, average precision) may be any monotone score.

    How to fix:
        Use ``predict_proba``, or apply softmax (multiclass) or the logistic sigmoid (binary)
        to the raw outputs.

    Options:
        tolerance: how far a probability row's sum may be from 1
    """
    scores, call = ctx.scores, ctx.call
    if ctx.evaluation.y_true.is_indicator and ctx.task == "multilabel":
        return  # per-label sigmoid outputs need not sum to 1
    low, high = scores.low, scores.high
    outside = low < 0 or high > 1
    if scores.is_matrix:
        if call.metric not in ("log_loss", "brier", "roc_auc"):
            return  # a call that does not read y_score as probabilities
        off = scores.rows_off(tolerance)
        if not (outside or off):
            return
        smallest, largest = scores.row_sum_range()
        detail = (
            f"rows sum to {smallest:.3g}..{largest:.3g} "
            f"({pct(off / scores.shape[0])} of rows off by more than {tolerance:g})"
        )
        fix = (
            "Normalise raw outputs with a softmax, or use predict_proba:\n"
            "    from scipy.special import softmax\n"
            "    y_score = softmax(y_score, axis=1)"
        )
    else:
        if call.metric not in ("log_loss", "brier") or not outside:
            return
        detail = "a 1-D score outside [0, 1]"
        off = 0
        fix = (
            "Turn margins or logits into probabilities, or use predict_proba:\n"
            "    from scipy.special import expit\n"
            "    y_score = expit(y_score)"
        )
    yield Violation(
        message=(
            f"y_score is used as probabilities but ranges over [{low:.3g}, {high:.3g}]"
            f"{'' if not scores.is_matrix else ' and its ' + detail}: these look like logits "
            "or decision-function margins."
        ),
        fix=fix,
        evidence={
            "min": low,
            "max": high,
            "rows_off": off,
            "tolerance": tolerance,
        },
    )


SENTINELS = (-100, -1, 255)


@rule(
    code="EC111",
    slug="sentinel-label",
    severity=Severity.ERROR,
    title="Drop ignore/padding positions before scoring",
    bad=Example(
        "y_true, y_pred = healthy(classes=(0, 1, 2))\n"
        "y_true[::10] = [-100] * len(y_true[::10])  # padding positions, ignored by the loss"
    ),
    good=Example("y_true, y_pred = healthy(classes=(0, 1, 2))"),
    companions=("EC202",),
)
def sentinel_label(ctx: Context) -> Iterator[Violation]:
    """y_true holds an ignore or padding value (-100, -1, 255) next to a small contiguous
    class range, and it is being scored as a class.

    Why it matters:
        -100 (PyTorch's ignore_index), -1 and 255 (segmentation "void") mark positions the
        loss skips: padding tokens, unlabelled pixels. Scored as a class, every such position
        counts as an error the model could never avoid, and the class appears in macro
        averages with recall 0.

    How to fix:
        Mask the sentinel positions out of both y_true and y_pred before computing metrics.
    """
    truth = ctx.truth
    classes = [c for c in truth.classes if isinstance(c, int) and not isinstance(c, bool)]
    if len(classes) != len(truth.classes):
        return
    for sentinel in SENTINELS:
        if sentinel not in classes:
            continue
        rest = [c for c in classes if c != sentinel]
        contiguous = rest == list(range(len(rest)))
        if len(rest) < 2 or not (contiguous or (sentinel == -100 and min(rest) >= 0)):
            continue  # -100 is never a class; -1 and 255 are, unless next to 0..k-1
        predicted = 0
        if ctx.evaluation.y_pred.given:
            stats = ctx.stats
            position = stats.index(sentinel)
            predicted = int(stats.pred_counts[position]) if position is not None else 0
            if predicted:
                continue  # the model predicts it: a real class
        count_ = int(truth.support[truth.classes.index(sentinel)])
        yield Violation(
            message=(
                f"y_true holds {count_:,} samples labelled {sentinel} "
                f"({pct(count_ / truth.n_samples)}) next to classes 0..{len(rest) - 1}, and "
                f"y_pred never predicts {sentinel}: an ignore/padding value scored as a class."
            ),
            fix=(
                "Mask the ignored positions out of both inputs:\n"
                f"    keep = np.asarray(y_true) != {sentinel}\n"
                "    y_true, y_pred = np.asarray(y_true)[keep], np.asarray(y_pred)[keep]"
            ),
            evidence={
                "sentinel": sentinel,
                "count": count_,
                "share": count_ / truth.n_samples,
                "classes": rest,
            },
            classes=[sentinel],
        )
        return
