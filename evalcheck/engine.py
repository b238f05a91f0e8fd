"""Run the selected rules over one evaluation and collect a Report.

Rules read shared facts from a :class:`Context`; each fact is computed once, on first use.
A fact that cannot be computed because of a data problem raises :class:`Unavailable` with
the reason, and every rule needing it is listed as skipped with that reason. A rule that
crashes becomes an EC000 internal-error finding; the other rules still run.
"""

from __future__ import annotations

import traceback
from typing import Any, TypeVar

from .call import MetricCall
from .charts import chart_data
from .facts import Context, NotApplicable, Unavailable
from .findings import Finding, Report, Severity, SkippedRule, jsonable
from .inputs import Evaluation, InputFacts
from .registry import Rule, Violation, select
from .settings import Settings

T = TypeVar("T")


def _internal_error(subject: Rule | str, exc: Exception) -> Finding:
    """EC000 for a rule, or another named step, that crashed."""
    frame = traceback.extract_tb(exc.__traceback__)[-1]
    evidence: dict[str, Any] = {
        "exception": type(exc).__name__,
        "detail": str(exc),
        "where": f"{frame.filename}:{frame.lineno}",
    }
    fix = "Report this to the evalcheck maintainers with the evidence"
    if isinstance(subject, Rule):
        what = f"rule {subject.code} ({subject.slug})"
        evidence["rule"] = subject.code
        fix += f"; meanwhile `--ignore {subject.code}` runs the rest without it."
        explanation = (
            "evalcheck itself failed while running this rule, so the rule's question is "
            "unanswered. The other rules ran normally."
        )
    else:
        what = f"computing the {subject}"
        evidence["step"] = subject
        fix += "."
        explanation = (
            "evalcheck itself failed on this input. Rules that needed the failed step are "
            "listed as skipped; the other findings stand."
        )
    return Finding(
        code="EC000",
        slug="internal-error",
        severity=Severity.ERROR,
        message=f"{what} crashed with {type(exc).__name__}: {exc}",
        explanation=explanation,
        fix=fix,
        evidence=evidence,
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
        weak_classes=rule.weak_classes,
    )


def _setting_for(table: dict[str, T], rule: Rule) -> T | None:
    for key in (rule.code, rule.slug, rule.code.lower()):
        if key in table:
            return table[key]
    return None


def link_root_causes(findings: list[Finding]) -> list[Finding]:
    """Mark findings that follow from another finding: ``evidence["caused_by"]`` names the
    root (followed transitively), so readers and renderers can group them under it."""
    from .registry import get_rule

    fired = {f.code for f in findings}

    def root_of(code: str, seen: frozenset[str] = frozenset()) -> str | None:
        if code == "EC000":
            return None
        for candidate in get_rule(code).caused_by:
            if candidate in fired and candidate not in seen:
                return root_of(candidate, seen | {code}) or candidate
        return None

    linked = []
    for finding in findings:
        root = root_of(finding.code)
        if root is not None:
            finding = finding.model_copy(
                update={"evidence": {**finding.evidence, "caused_by": root}}
            )
        linked.append(finding)
    return linked


def describe_inputs(context: Context) -> dict[str, Any]:
    """What was evaluated: sizes, task, the call, and each input's type and shape."""
    evaluation = context.evaluation
    summary: dict[str, Any] = {
        "n_samples": evaluation.y_true.n_samples,
        "call": context.call.describe(),
        "task": None,
        "n_classes": None,
        "classes": None,
    }
    try:
        summary["task"] = context.task
        if summary["task"] == "multilabel":
            summary["n_classes"] = int(evaluation.y_true.shape[1])
            summary["classes"] = [str(i) for i in range(summary["n_classes"])]
        else:
            classes = context.stats.classes if evaluation.y_pred.given else context.truth.classes
            summary.update(n_classes=len(classes), classes=[str(c) for c in classes])
    except Unavailable:  # unreadable labels: the findings say why
        pass
    for facts in evaluation.given:
        summary[facts.name] = {
            "type": facts.source_type,
            "shape": list(facts.shape),
            "kind": facts.kind,
        }
    return summary


def run(
    evaluation: Evaluation,
    call: MetricCall,
    settings: Settings,
    groups: InputFacts | None = None,
) -> Report:
    """Every selected rule over ``evaluation``: findings, skipped rules and metrics."""
    return run_context(Context(evaluation, call, groups), settings)


def run_context(context: Context, settings: Settings) -> Report:
    """Every selected rule over the facts of ``context`` (from arrays, or accumulated)."""
    findings: list[Finding] = []
    skipped: list[SkippedRule] = []
    for rule in select(settings.select, settings.ignore):
        options = rule.validate_options(_setting_for(settings.options, rule) or {})
        severity = _setting_for(settings.severity, rule)
        try:
            violations = list(rule.function(context, **options))
        except NotApplicable:
            continue
        except Unavailable as exc:
            skipped.append(SkippedRule(code=rule.code, slug=rule.slug, reason=exc.reason))
            continue
        except Exception as exc:
            findings.append(_internal_error(rule, exc))
            continue
        findings.extend(_finding(rule, v, severity) for v in violations)
    findings = link_root_causes(findings)
    try:
        metrics = context.metrics
    except Unavailable:
        metrics = {}
    try:
        charts = chart_data(context)
    except Exception as exc:
        findings.append(_internal_error("chart data", exc))
        charts = {}
    inputs = describe_inputs(context)
    for crash in context.crashed_facts():  # each failing fact once, not once per rule
        findings.append(_internal_error(f"fact '{crash.name.strip('_')}'", crash.error))
    return Report(
        charts=charts,
        findings=findings,
        metrics=metrics,
        inputs=inputs,
        skipped=skipped,
        fail_on=settings.fail_on,
    )
