"""``evalcheck run``: real scripts, run as python runs them, their metric calls linted."""

from __future__ import annotations

import json
import textwrap

from tests.test_cli import run

EVALUATE = """\
import sys
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0, stratify=y)
model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X_train, y_train)
predicted = model.predict(X_test)
print("argv", sys.argv[1:], __name__)
for epoch in range(3):
    accuracy_score(y_test, predicted)
print("f1", round(f1_score(y_test, predicted), 3))
if "--collapse" in sys.argv:
    accuracy_score(y_test, [1] * len(y_test))  # the majority class only
if "--crash" in sys.argv:
    f1_score([0, 1, 2], [0, 1, 1])
if "--exit" in sys.argv:
    sys.exit(4)
"""


def script(tmp_path, text=EVALUATE, name="evaluate.py"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_a_healthy_script_passes_with_its_own_argv_and_output(tmp_path):
    path = script(tmp_path)
    done = run("run", path.name, "a", "--b", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "argv ['a', '--b'] __main__" in done.stdout
    assert "f1 0.967" in done.stdout
    assert "4 metric calls at 2 call sites" in done.stdout
    assert "PASS" in done.stdout


def test_findings_are_printed_like_a_linter_and_fail_the_gate(tmp_path):
    path = script(tmp_path)
    done = run("run", path.name, "--collapse", cwd=tmp_path)
    assert done.returncode == 1
    line = next(x for x in done.stdout.splitlines() if "EC201" in x)
    assert line.startswith("evaluate.py:18:5: EC201 single-predicted-class [error] accuracy_score:")


def test_a_failing_script_shows_its_own_traceback_and_exits_3(tmp_path):
    path = script(tmp_path)
    done = run("run", path.name, "--crash", cwd=tmp_path)
    assert done.returncode == 3
    # __file__ is absolute, as python makes it, so the traceback names the script so
    assert f'File "{path.resolve()}", line 20, in <module>' in done.stderr
    assert "ValueError: Target is multiclass but average='binary'" in done.stderr
    assert "evalcheck/" not in done.stderr.split("ValueError")[0]  # no frames of ours
    assert "runpy" not in done.stderr and "<evalcheck audit>" not in done.stderr
    assert "the program failed (exit status 1)" in done.stderr
    assert "f1_score raised ValueError" in done.stdout  # the audit is still reported


def test_a_script_exit_status_is_reported_and_exits_3(tmp_path):
    done = run("run", script(tmp_path).name, "--exit", cwd=tmp_path)
    assert done.returncode == 3
    assert "exit status 4" in done.stderr


def test_run_dash_m_runs_a_module_with_its_argv(tmp_path):
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "evaluate.py").write_text(EVALUATE)
    done = run("run", "-m", "pkg.evaluate", "x", "--collapse", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "argv ['x', '--collapse'] __main__" in done.stdout
    assert "pkg/evaluate.py:18:5: EC201" in done.stdout


def test_json_output_html_and_fail_on(tmp_path):
    path = script(tmp_path)
    report, page = tmp_path / "audit.json", tmp_path / "audit.html"
    done = run(
        "run",
        "--format",
        "json",
        "--output",
        report,
        "--html",
        page,
        "--fail-on",
        "warning",
        path.name,
        "--collapse",
        cwd=tmp_path,
    )
    assert done.returncode == 1
    data = json.loads(report.read_text())
    assert data["kind"] == "audit" and data["fail_on"] == "warning"
    assert [s["function"] for s in data["sites"]] == [
        "accuracy_score",
        "f1_score",
        "accuracy_score",
    ]
    assert page.read_text().startswith("<!doctype html>")
    # the JSON went to the file; the terminal keeps the human summary, not the JSON
    assert "argv" in done.stdout and "EC201 single-predicted-class" in done.stdout
    assert '"kind"' not in done.stdout


def test_select_ignore_and_project_config(tmp_path):
    path = script(tmp_path)
    done = run("run", "--ignore", "EC201,EC401", path.name, "--collapse", cwd=tmp_path)
    assert "EC201" not in done.stdout and "EC401" not in done.stdout
    (tmp_path / "pyproject.toml").write_text(
        textwrap.dedent(
            """
            [tool.evalcheck]
            ignore = ["EC201"]
            fail-on = "warning"
            """
        )
    )
    done = run("run", path.name, "--collapse", cwd=tmp_path)
    assert "EC201" not in done.stdout and "fail-on: warning" in done.stdout
    assert done.returncode == 1  # EC401 misleading-accuracy is a warning


def test_usage_errors_are_one_line_and_exit_2(tmp_path):
    for args, message in [
        (("run",), "run needs a program"),
        (("run", "missing.py"), "cannot run 'missing.py': no such file"),
        (("run", "-m", "no_such_module_here"), "no module named 'no_such_module_here'"),
        (("run", "--fail-on", "loud", "x.py"), "invalid choice"),
    ]:
        done = run(*args, cwd=tmp_path)
        assert done.returncode == 2, args
        assert message in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr


def test_the_program_sees_a_normal_interpreter(tmp_path):
    path = script(
        tmp_path,
        textwrap.dedent(
            """
            import os, sys
            assert os.path.isabs(__file__), __file__  # as python makes it
            here = os.path.dirname(__file__)
            assert sys.path[0] == here, sys.path[0]
            import helper  # a module beside the script, as python finds it
            print("ok", helper.VALUE, sys.argv)
            """
        ),
        name="main.py",
    )
    (tmp_path / "helper.py").write_text("VALUE = 7\n")
    done = run("run", path.name, "--flag", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "ok 7 ['main.py', '--flag']" in done.stdout
    assert "No metric calls" in done.stdout


def test_the_bundled_example_script(tmp_path):
    from tests.test_cli import ROOT

    done = run("run", ROOT / "examples" / "evaluate_script.py", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "C=0.01  accuracy 0.942" in done.stdout
    lines = [x for x in done.stdout.splitlines() if ": EC" in x]
    assert [x.split(": ")[1].split()[0] for x in lines] == ["EC108", "EC203", "EC205"]
    assert lines[0].startswith("examples/evaluate_script.py:26:18: EC108 labels-as-scores")
    assert "10 metric calls at 4 call sites" in done.stdout


def test_a_bad_rule_name_or_an_unwritable_output_stops_before_the_program_runs(tmp_path):
    path = script(tmp_path)
    for args, message in [
        (("--ignore", "EC999"), "'EC999' matches no rule"),
        (("--output", tmp_path / "missing" / "a.json"), "is not a writable directory"),
        (("--html", tmp_path), "it is a directory"),
    ]:
        done = run("run", *args, path.name, cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        assert message in done.stderr and "argv" not in done.stdout  # the script never ran


def test_a_failed_program_is_no_pass_in_json(tmp_path):
    path = script(tmp_path)
    report = tmp_path / "audit.json"
    done = run("run", "--format", "json", "--output", report, path.name, "--crash", cwd=tmp_path)
    assert done.returncode == 3
    data = json.loads(report.read_text())
    assert data["passed"] is False
    assert data["program"]["exit_status"] == 1
    assert data["program"]["exception"].startswith("ValueError: Target is multiclass")
    text = run("run", path.name, "--exit", cwd=tmp_path).stdout
    assert "FAIL: the program failed (exit status 4)" in text
