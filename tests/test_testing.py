"""evalcheck.testing.assert_clean: passes on a healthy evaluation, fails readably otherwise."""

from __future__ import annotations

import pytest
from sklearn.metrics import accuracy_score

import evalcheck
from evalcheck.testing import assert_clean

HEALTHY = ([0, 1] * 100, [0, 1] * 95 + [1, 0] * 5)
COLLAPSED = ([1] * 95 + [0] * 5, [1] * 100)


def test_a_healthy_evaluation_passes_and_returns_the_report():
    report = assert_clean(*HEALTHY, metric="f1", average="macro")
    assert isinstance(report, evalcheck.Report) and report.exit_code() == 0


def test_a_collapsed_model_fails_with_the_finding_and_its_fix():
    with pytest.raises(AssertionError) as failed:
        assert_clean(*COLLAPSED, metric="accuracy")
    text = str(failed.value)
    assert text.startswith("evalcheck: 1 finding(s) at or above fail_on='error' for accuracy_score")
    assert "error EC201 single-predicted-class: y_pred is 1 for all 100 samples" in text
    assert "balanced_accuracy_score(y_true, y_pred)" in text  # the fix


def test_fail_on_and_reports_already_made():
    assert_clean(evalcheck.check(*HEALTHY), fail_on="warning")
    with pytest.raises(AssertionError, match="EC401 misleading-accuracy"):
        assert_clean(evalcheck.check(*COLLAPSED), fail_on="warning")
    assert_clean(*COLLAPSED, fail_on="never")
    with pytest.raises(evalcheck.UsageError):
        assert_clean(*HEALTHY, fail_on="loud")


def test_an_audit_report_fails_at_its_call_site():
    with evalcheck.audit() as report:
        accuracy_score(*COLLAPSED)
    with pytest.raises(AssertionError) as failed:
        assert_clean(report)
    assert "test_testing.py:" in str(failed.value) and "accuracy_score: error EC201" in str(
        failed.value
    )
