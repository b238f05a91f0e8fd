"""``evalcheck.testing.assert_clean``: an evaluation check for a test suite.

    from evalcheck.testing import assert_clean

    def test_model_evaluation():
        assert_clean(y_test, model.predict(X_test), metric="f1", average="macro")

It fails with the findings at or above ``fail_on`` written out (code, message, fix), so the
pytest report reads like evalcheck's own.
"""

from __future__ import annotations

from typing import Any

from .findings import Finding, Report, fails, validate_fail_on

__all__ = ["assert_clean"]


def _describe(finding: Finding, where: str = "") -> str:
    fix = "\n".join("        " + line for line in finding.fix.splitlines())
    return (
        f"  {where}{finding.severity.value} {finding.code} {finding.slug}: {finding.message}\n{fix}"
    )


def assert_clean(
    y_true_or_report: Any, y_pred: Any = None, *, fail_on: str = "error", **check_arguments: Any
) -> Any:
    """Fail when the evaluation has a finding at or above ``fail_on``; return the report.

    Pass the arguments of :func:`evalcheck.check` (labels, predictions, scores and the metric
    call), or a :class:`~evalcheck.Report` or :class:`~evalcheck.AuditReport` already made.
    """
    from .auditing.report import AuditReport

    validate_fail_on(fail_on)
    report = y_true_or_report
    if isinstance(report, AuditReport):
        failing = [
            (group, r.finding) for group, r in report.findings if fails(r.finding.severity, fail_on)
        ]
        if failing:
            lines = [_describe(f, f"{g.site.location()} {g.function}: ") for g, f in failing]
            raise AssertionError(
                f"evalcheck: {len(failing)} finding(s) at or above fail_on={fail_on!r} in "
                f"{len(report)} audited metric calls:\n" + "\n".join(lines)
            )
        return report
    if not isinstance(report, Report):
        from .api import check

        report = check(y_true_or_report, y_pred, **check_arguments)
    failing_findings = [f for f in report.findings if fails(f.severity, fail_on)]
    if failing_findings:
        call = report.inputs.get("call", "")
        raise AssertionError(
            f"evalcheck: {len(failing_findings)} finding(s) at or above fail_on={fail_on!r} "
            f"for {call}:\n" + "\n".join(_describe(f) for f in failing_findings)
        )
    return report
