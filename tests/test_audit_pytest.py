"""``pytest --evalcheck``: the plugin as a user's test suite meets it (through pytester)."""

from __future__ import annotations

import json

import pytest

pytest_plugins = ["pytester"]

TESTS = """
from sklearn.metrics import accuracy_score, f1_score
import pytest

def test_collapsed_model():
    for epoch in range(5):
        accuracy_score([1] * 95 + [0] * 5, [1] * 100)

def test_healthy():
    assert accuracy_score([0, 1] * 100, [0, 1] * 99 + [1, 1]) == 0.995

def test_expected_error():
    with pytest.raises(ValueError):
        f1_score([0, 1, 2], [0, 1, 1])
"""


@pytest.fixture
def suite(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makepyfile(test_metrics=TESTS)
    return pytester


def test_findings_are_listed_per_test_and_fail_the_session(suite: pytest.Pytester) -> None:
    result = suite.runpytest_subprocess("--evalcheck")
    result.assert_outcomes(passed=3)  # the tests' own outcomes are unchanged
    assert result.ret == 1
    result.stdout.fnmatch_lines(
        [
            "*= evalcheck =*",
            "test_metrics.py::test_collapsed_model",
            "  test_metrics.py:6:9: EC201 single-predicted-class ?error? accuracy_score:*"
            "(in 5 of 5 calls)",
            "test_metrics.py::test_expected_error",
            "  test_metrics.py:13:9: f1_score raised ValueError",
            "FAIL: 7 metric calls at 3 call sites; 1 error*",
        ]
    )
    assert "test_metrics.py::test_healthy" not in result.stdout.str()


def test_fail_on_never_and_json(suite: pytest.Pytester) -> None:
    result = suite.runpytest_subprocess(
        "--evalcheck", "--evalcheck-fail-on", "never", "--evalcheck-json", "audit.json"
    )
    assert result.ret == 0
    data = json.loads((suite.path / "audit.json").read_text())
    contexts = {s["context"] for s in data["sites"]}
    assert "test_metrics.py::test_collapsed_model" in contexts and data["fail_on"] == "never"


def test_fail_on_from_the_project_config(suite: pytest.Pytester) -> None:
    suite.makepyprojecttoml('[tool.evalcheck]\nignore = ["EC201", "EC401", "EC404"]\n')
    result = suite.runpytest_subprocess("--evalcheck")
    assert result.ret == 0
    assert "EC201" not in result.stdout.str()


def test_without_the_flag_nothing_happens(suite: pytest.Pytester) -> None:
    result = suite.runpytest_subprocess()
    assert result.ret == 0
    assert "= evalcheck =" not in result.stdout.str()


def test_a_failing_test_keeps_its_failure(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_fails="""
        from sklearn.metrics import f1_score
        def test_it():
            f1_score([0, 1, 2], [0, 1, 1])
        """
    )
    result = pytester.runpytest_subprocess("--evalcheck")
    result.assert_outcomes(failed=1)
    assert result.ret == 1
    result.stdout.fnmatch_lines(["*ValueError: Target is multiclass*"])


def test_xfail_tests_are_left_out_and_a_fixture_is_one_site(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_more="""
        import pytest
        from sklearn.metrics import accuracy_score

        @pytest.fixture
        def collapsed():
            return accuracy_score([1] * 95 + [0] * 5, [1] * 100)

        def test_a(collapsed):
            pass

        def test_b(collapsed):
            pass

        @pytest.mark.xfail(reason="known")
        def test_known():
            accuracy_score([0, 1, 2], [0, 1, 1])
            raise AssertionError
        """
    )
    result = pytester.runpytest_subprocess("--evalcheck")
    output = result.stdout.str()
    assert "test_more.py::test_known" not in output
    assert "(1 calls made by xfail tests left out)" in output
    assert "2 metric calls at 1 call site; 1 error" in output
    assert "evalcheck fails the session" in output and result.ret == 1


def test_an_unwritable_report_path_is_a_usage_error_before_the_tests(suite) -> None:
    result = suite.runpytest_subprocess("--evalcheck", "--evalcheck-json", "/nonexistent/x.json")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "/nonexistent is not a directory" in result.stderr.str()
    assert "passed" not in result.stdout.str()
