"""The public Python API, exactly as external code calls it."""

import json

import numpy as np
import pytest

import evalcheck
from evalcheck import Finding, Report, Severity

Y3 = np.arange(90) % 3
P3 = np.where(np.arange(90) % 9 == 0, (Y3 + 1) % 3, Y3)


def test_report_shape():
    report = evalcheck.check([0] * 95 + [1] * 5, [0] * 100)
    assert isinstance(report, Report)
    assert all(isinstance(f, Finding) for f in report.findings)
    first = report.findings[0]
    assert first.severity is Severity.ERROR and first.severity == "error"
    assert isinstance(first.classes, list) and all(isinstance(c, str) for c in first.classes)
    assert report.exit_code() == 1
    assert report.exit_code(fail_on="never") == 0
    with pytest.raises(evalcheck.UsageError):
        report.exit_code(fail_on="sometimes")


def test_to_dict_and_to_json_are_strict_and_equal():
    report = evalcheck.check([0] * 10, [0] * 10, metric="cohen_kappa")
    data = report.to_dict()
    assert json.loads(report.to_json()) == data
    assert data["metrics"]["cohen_kappa"] is None  # NaN -> null
    assert data["passed"] is True
    assert set(data) >= {"findings", "metrics", "inputs", "skipped", "counts", "fail_on"}


def test_average_not_given_differs_from_none():
    given_none = evalcheck.check(Y3, P3, metric="f1", average=None)
    not_given = evalcheck.check(Y3, P3, metric="f1")
    assert isinstance(given_none.metrics["requested"]["value"], list)
    assert len(given_none.metrics["requested"]["value"]) == 3
    assert not_given.metrics["requested"]["value"] is None  # 'binary' on 3 classes
    assert "EC301" in {f.code for f in not_given.findings}
    assert "EC301" not in {f.code for f in given_none.findings}


@pytest.mark.parametrize("name", ["f1", "f1_score", "F1", "f1-score"])
def test_metric_names_with_or_without_score(name):
    report = evalcheck.check(Y3, P3, metric=name, average="macro")
    assert report.metrics["requested"]["call"].startswith("f1_score(")


def test_settings_object_and_dict_are_equivalent():
    as_dict = evalcheck.check(Y3, P3, settings={"select": ["EC3"], "fail_on": "warning"})
    as_obj = evalcheck.check(Y3, P3, settings=evalcheck.Settings(select=["EC3"], fail_on="warning"))
    assert as_dict == as_obj


def test_terminal_view_neutralises_control_characters():
    evil = "\x1b[31mred\x1b[0m"
    report = evalcheck.check([evil, "ok"] * 20, ["ok"] * 40)
    text = str(report)
    assert "\x1b" not in text
    assert "\\x1b" in text


def test_version_and_lazy_exports():
    assert evalcheck.__version__
    assert set(evalcheck.__all__) <= set(dir(evalcheck))
    with pytest.raises(AttributeError):
        evalcheck.not_a_name  # noqa: B018
