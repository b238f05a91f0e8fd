"""Run the selected rules over one evaluation and collect a Report.

Rules read shared facts from a :class:`Context`; each fact is computed once, on first use.
A fact that cannot be computed because of a data problem raises :class:`Unavailable` with
the reason, and every rule needing it is listed as skipped with that reason. A rule that
crashes becomes an EC000 internal-error finding; the other rules still run.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from .call import MetricCall
from .findings import Finding, Report, Severity, SkippedRule, jsonable
from .inputs import Evaluation, InputFacts
from .metrics import summarize
from .registry import Rule, Violation, select
from .settings import Settings
from .stats import ConfusionStats, encode

T = TypeVar("T")


class Unavailable(Exception):
    """A fact cannot be computed from this data; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def fact(method: Callable[[Context], T]) -> property:
    """A lazily computed, cached fact; a failure (Unavailable) is cached too."""
    name = method.__name__

    def getter(self: Context) -> T:
        cache = self._cache
        if name not in cache:
            try:
                cache[name] = (True, method(self))
            except Unavailable as exc:
                cache[name] = (False, exc)
        ok, value = cache[name]
        if not ok:
            raise value
        return value

    getter.__doc__ = method.__doc__
    return property(getter)


@dataclass(frozen=True)
class Truth:
    """The classes of y_true alone, with their support (usable without y_pred)."""

    classes: list[Any]
    support: np.ndarray

    @property
    def n_samples(self) -> int:
        return int(self.support.sum())


def label_problem(facts: InputFacts) -> str | None:
    """Why ``facts`` cannot be read as 1-D class labels, naming the finding; None if it can."""
    name = facts.name
    if not facts.given:
        return f"{name} was not given"
    if facts.kind == "unsupported":
        return f"{name} cannot be read ({facts.problem}; EC112)"
    if facts.kind == "mixed":
        return f"{name} mixes label types (EC113)"
    if facts.kind == "empty":
        return f"{name} is empty (EC102)"
    if facts.layout not in ("vector", "column"):
        return f"{name} has shape {facts.shape}, not one label per sample (EC106)"
    if facts.n_bad:
        code = "EC104" if name == "y_true" else "EC103"
        return f"{name} holds {facts.n_bad} NaN/None/inf values ({code})"
    if facts.is_continuous:
        code = "EC107" if name == "y_pred" else "EC109"
        return f"{name} holds continuous values, not class labels ({code})"
    return None


def _one_hot_pair(y_true: InputFacts, y_pred: InputFacts) -> tuple[np.ndarray, ...] | None:
    """Class indices of two one-hot matrices of equal width (None if they are not that).

    Raises Unavailable for multilabel indicators (rows with zero or several positives).
    """
    if y_true.shape != y_pred.shape or not (y_true.is_indicator and y_pred.is_indicator):
        return None
    indices = []
    for facts in (y_true, y_pred):
        values = facts.values
        if not (values.sum(axis=1) == 1).all():
            raise Unavailable(
                f"{facts.name} is a multilabel indicator matrix (rows with zero or several "
                "positives); these rules score single-label data"
            )
        indices.append(values.argmax(axis=1))
    return tuple(indices)


class Context:
    """The shared facts rules read: inputs, the call, label statistics, metrics."""

    def __init__(self, evaluation: Evaluation, call: MetricCall) -> None:
        self.evaluation = evaluation
        self.call = call
        self._cache: dict[str, tuple[bool, Any]] = {}

    @fact
    def truth(self) -> Truth:
        """Classes and support of y_true."""
        y_true = self.evaluation.y_true
        problem = label_problem(y_true)
        if problem:
            raise Unavailable(problem)
        classes, codes = encode(y_true.label_values, y_true.kind)
        return Truth(classes, np.bincount(codes, minlength=len(classes)))

    @fact
    def stats(self) -> ConfusionStats:
        """The confusion matrix of y_true against y_pred (one pass)."""
        y_true, y_pred = self.evaluation.y_true, self.evaluation.y_pred
        one_hot = _one_hot_pair(y_true, y_pred)
        if one_hot is not None:
            return ConfusionStats.from_labels(one_hot[0], "int", one_hot[1], "int")
        for facts in (y_true, y_pred):
            problem = label_problem(facts)
            if problem:
                raise Unavailable(problem)
        if y_true.n_samples != y_pred.n_samples:
            raise Unavailable(
                f"y_true has {y_true.n_samples} samples and y_pred {y_pred.n_samples} (EC101)"
            )
        return ConfusionStats.from_labels(
            y_true.label_values, y_true.kind, y_pred.label_values, y_pred.kind
        )

    @fact
    def metrics(self) -> dict[str, Any]:
        """Every number of ``report.metrics``."""
        return summarize(self.stats, self.call)

    @property
    def task(self) -> str:
        """'binary' or 'multiclass', from the classes in y_true and y_pred together."""
        return "binary" if self.stats.n_classes <= 2 else "multiclass"


def _internal_error(rule: Rule | str, exc: Exception) -> Finding:
    """EC000 for a rule (or another named step) that crashed."""
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    if isinstance(rule, str):
        return Finding(
            code="EC000",
            slug="internal-error",
            severity=Severity.ERROR,
            message=f"computing the {rule} crashed with {type(exc).__name__}: {exc}",
            explanation="evalcheck itself failed on this input; the rules' findings stand.",
            fix="Report this to the evalcheck maintainers with the evidence.",
            evidence={
                "step": rule,
                "exception": type(exc).__name__,
                "detail": str(exc),
                "where": f"{frame.filename}:{frame.lineno}",
            },
        )
    return Finding(
        code="EC000",
        slug="internal-error",
        severity=Severity.ERROR,
        message=f"rule {rule.code} ({rule.slug}) crashed with {type(exc).__name__}: {exc}",
        explanation=(
            "evalcheck itself failed while running this rule, so the rule's question is "
            "unanswered. The other rules ran normally."
        ),
        fix=(
            "Report this to the evalcheck maintainers with the evidence; meanwhile "
            f"`--ignore {rule.code}` runs the rest without it."
        ),
        evidence={
            "rule": rule.code,
            "exception": type(exc).__name__,
            "detail": str(exc),
            "where": f"{frame.filename}:{frame.lineno}",
        },
    )


def _finding(rule: Rule, violation: Violation, severity: Severity | None) -> Finding:
    return Finding(
        code=rule.code,
        slug=rule.slug,
        severity=severity or violation.severity or rule.severity,
        message=violation.message,
        explanation=rule.explanation,
        fix=violation.fix or rule.how_to_fix,
        evidence=jsonable(violation.evidence),
        classes=[str(c) for c in violation.classes],
    )


def _setting_for(table: dict[str, T], rule: Rule) -> T | None:
    for key in (rule.code, rule.slug, rule.code.lower()):
        if key in table:
            return table[key]
    return None


def describe_inputs(context: Context) -> dict[str, Any]:
    """What was evaluated: sizes, task, the call, and each input's type and shape."""
    evaluation = context.evaluation
    summary: dict[str, Any] = {
        "n_samples": evaluation.y_true.n_samples,
        "call": context.call.describe(),
        "task": None,
        "classes": None,
    }
    try:
        stats = context.stats
        summary.update(task=context.task, n_classes=stats.n_classes)
        summary["classes"] = [str(c) for c in stats.classes]
    except Exception:
        pass
    for facts in evaluation.given:
        summary[facts.name] = {
            "type": facts.source_type,
            "shape": list(facts.shape),
            "kind": facts.kind,
        }
    return summary


def run(evaluation: Evaluation, call: MetricCall, settings: Settings) -> Report:
    """Every selected rule over ``evaluation``: findings, skipped rules and metrics."""
    context = Context(evaluation, call)
    findings: list[Finding] = []
    skipped: list[SkippedRule] = []
    for rule in select(settings.select, settings.ignore):
        options = rule.validate_options(_setting_for(settings.options, rule) or {})
        severity = _setting_for(settings.severity, rule)
        try:
            violations = list(rule.function(context, **options))
        except Unavailable as exc:
            skipped.append(SkippedRule(code=rule.code, slug=rule.slug, reason=exc.reason))
            continue
        except Exception as exc:
            findings.append(_internal_error(rule, exc))
            continue
        findings.extend(_finding(rule, v, severity) for v in violations)
    try:
        metrics = context.metrics
    except Unavailable:
        metrics = {}
    except Exception as exc:
        findings.append(_internal_error("metrics", exc))
        metrics = {}
    return Report(
        findings=findings,
        metrics=metrics,
        inputs=describe_inputs(context),
        skipped=skipped,
        fail_on=settings.fail_on,
    )
