"""``--format junit``: JUnit XML that junitparser (as CI systems do) reads back."""

from __future__ import annotations

from junitparser import Failure, JUnitXml

from tests.test_cli import ROOT, run


def parse(tmp_path, text):
    path = tmp_path / "report.xml"
    path.write_text(text, encoding="utf-8")
    return JUnitXml.fromfile(str(path))


def test_check_is_one_test_case_failing_per_finding_at_fail_on(tmp_path):
    args = ("check", "examples/majority_class.csv", "--metric", "accuracy", "--format", "junit")
    done = run(*args)
    assert done.returncode == 1
    (suite,) = parse(tmp_path, done.stdout)
    (case,) = list(suite)
    assert case.name == "examples/majority_class.csv · accuracy_score(y_true, y_pred)"
    failures = [r for r in case.result if isinstance(r, Failure)]
    assert [f.type for f in failures] == ["EC201 single-predicted-class"]
    assert "Fix: The model collapsed" in failures[0].text
    assert "EC202" in case.system_out and "EC403" in case.system_out
    assert (suite.tests, suite.failures) == (1, 1)

    strict = run(*args, "--fail-on", "warning")
    (case,) = list(next(iter(parse(tmp_path, strict.stdout))))
    assert [r.type for r in case.result] == [
        "EC201 single-predicted-class",
        "EC202 missing-class-in-predictions",
        "EC401 misleading-accuracy",
    ]


def test_run_is_one_test_case_per_call_site(tmp_path):
    done = run("run", "--format", "junit", "--fail-on", "warning", "examples/evaluate_script.py")
    assert done.returncode == 1, done.stderr
    xml = done.stdout[done.stdout.index("<?xml") :]  # after the script's own output
    (suite,) = parse(tmp_path, xml)
    cases = list(suite)
    assert len(cases) == 4 and suite.failures == 2
    failing = [c for c in cases if c.result]
    assert [c.name.split()[0] for c in failing] == [
        "examples/evaluate_script.py:26:18",
        "examples/evaluate_script.py:27:9",
    ]
    assert failing[0].classname == "examples/evaluate_script.py"
    assert ROOT.joinpath("examples/evaluate_script.py").is_file()
