"""``--format github``: GitHub Actions workflow commands, exactly as the runner reads them."""

from __future__ import annotations

from evalcheck.findings import Finding, Severity
from evalcheck.render.github import command
from tests.test_cli import ROOT, run


def test_check_annotates_the_input_file():
    done = run("check", "examples/majority_class.csv", "--metric", "accuracy", "--format", "github")
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == (
        "::error file=examples/majority_class.csv,title=EC201 single-predicted-class::"
        "y_pred is 0 for all 2,000 samples while y_true holds 2 classes: accuracy 0.986 is just "
        "the share of class 0; the 28 samples of class 1 are never found."
    )  # a comma is escaped in a property (file, title), not in the message
    assert [x.split(" ", 1)[0] for x in lines[:-1]] == [
        "::error",
        "::warning",
        "::warning",
        "::notice",
    ]
    assert lines[-1].startswith("FAIL: 1 error, 2 warnings, 1 info")


def test_run_annotates_each_call_site():
    done = run("run", "--format", "github", "examples/evaluate_script.py", cwd=ROOT)
    assert done.returncode == 0, done.stderr
    annotations = [x for x in done.stdout.splitlines() if x.startswith("::")]
    assert annotations[0].startswith(
        "::warning file=examples/evaluate_script.py,line=26,col=18,title=EC108 labels-as-scores::"
    )
    assert len(annotations) == 3


def test_escaping_follows_the_runner():
    finding = Finding(
        code="EC999",
        slug="x",
        severity=Severity.INFO,
        message="50% of\nrows, a: b",
        explanation="",
        fix="",
    )
    assert command(finding, "dir,a:b/f.csv", 3, 4) == (
        "::notice file=dir%2Ca%3Ab/f.csv,line=3,col=4,title=EC999 x::50%25 of%0Arows, a: b"
    )
