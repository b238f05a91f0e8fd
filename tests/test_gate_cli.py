"""The pre-merge gate from the command line: project checks found from a subdirectory, metric
gates on lower bounds, SARIF, the checks JSON, --baseline, --report-dir and several outputs."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import jsonschema
import numpy as np
import pytest
from pydantic_sarif.model import StaticAnalysisResultsFormatSarifVersion210JsonSchema as Sarif
from statsmodels.stats.proportion import proportion_confint

from evalcheck.registry import all_rules
from evalcheck.schema import SCHEMA_DIR
from tests.test_cli import ROOT, run

N = 400


def write_predictions(path: Path, accuracy: float, seed: int = 0, collapse: bool = False) -> Path:
    """A binary prediction file with exactly ``accuracy`` of the rows right, and scores."""
    rng = np.random.default_rng(seed)
    y = rng.permutation(np.r_[np.zeros(N // 2, int), np.ones(N // 2, int)])
    wrong = rng.permutation(N) < round(N * (1 - accuracy))
    pred = np.where(wrong, 1 - y, y)
    if collapse:
        pred[:] = 1
    score = np.clip(np.where(pred == 1, 0.75, 0.25) + rng.normal(0, 0.1, N), 0, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "y_true,y_pred,proba_1\n"
        + "".join(f"{t},{p},{s!r}\n" for t, p, s in zip(y, pred, score.tolist()))
    )
    return path


PROJECT = """\
[project]
name = "demo"

[tool.evalcheck]
fail-on = "error"

[[tool.evalcheck.checks]]
name = "main"
file = "preds/main.csv"
metric = "accuracy"
min = {{metric = "accuracy", value = {floor}}}

[[tool.evalcheck.checks]]
name = "shards"
file = "preds/shard_*.csv"
metric = "f1"
"""


@pytest.fixture
def project(tmp_path):
    write_predictions(tmp_path / "preds" / "main.csv", 0.9)
    for i in range(2):
        write_predictions(tmp_path / "preds" / f"shard_{i}.csv", 0.85, seed=i + 1)
    (tmp_path / "pyproject.toml").write_text(PROJECT.format(floor=0.85))
    (tmp_path / "src" / "deep").mkdir(parents=True)
    return tmp_path


def checks_json(cwd, *args):
    done = run("check", "--format", "json", *args, cwd=cwd)
    assert done.returncode in (0, 1), done.stderr
    return done, json.loads(done.stdout)


def test_declared_checks_run_from_a_subdirectory(project):
    done = run("check", cwd=project / "src" / "deep")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[main] ../../preds/main.csv" in done.stdout
    assert "[shards] ../../preds/shard_0.csv" in done.stdout
    assert "[shards] ../../preds/shard_1.csv" in done.stdout
    assert done.stdout.rstrip().endswith("PASS: 3 checks, 0 failed")


def test_the_checks_json_validates_and_records_the_input(project):
    _, document = checks_json(project)
    schema = json.loads((SCHEMA_DIR / "checks-1.schema.json").read_text())
    jsonschema.Draft202012Validator(schema).validate(document)
    assert document["kind"] == "checks" and len(document["checks"]) == 3
    main = document["checks"][0]
    digest = hashlib.sha256((project / "preds" / "main.csv").read_bytes()).hexdigest()
    assert main["source"] == {
        "name": "main",
        "path": "preds/main.csv",
        "sha256": digest,
        "columns": {"y_true": "y_true", "y_score": "proba_1", "y_pred": "y_pred"},
    }


def test_a_gate_fails_on_the_lower_bound_not_the_point_estimate(project):
    low, high = proportion_confint(int(0.9 * N), N, alpha=0.05, method="wilson")
    for floor, passed in ((round(low - 0.005, 3), True), (round(low + 0.005, 3), False)):
        (project / "pyproject.toml").write_text(PROJECT.format(floor=floor))
        done, document = checks_json(project, "--check", "main")
        (gate,) = document["checks"][0]["gates"]
        assert gate["value"] == pytest.approx(0.9, abs=1e-12) and gate["value"] > floor
        assert gate["low"] == pytest.approx(low, abs=1e-12)
        assert gate["high"] == pytest.approx(high, abs=1e-12)
        assert gate["method"].startswith("Wilson") and gate["passed"] is passed
        assert done.returncode == (0 if passed else 1)
    text = run("check", "--check", "main", cwd=project).stdout
    assert f"gate  accuracy >= {floor}: fail, 95% lower bound {low:.3f}" in text
    assert "FAIL: 1 check, 1 failed: main (preds/main.csv)" in text


def test_check_selects_declared_checks_by_name(project):
    _, document = checks_json(project, "--check", "shards")
    assert [c["source"]["path"] for c in document["checks"]] == [
        "preds/shard_0.csv",
        "preds/shard_1.csv",
    ]
    unknown = run("check", "--check", "nightly", cwd=project)
    assert unknown.returncode == 2
    message = unknown.stderr.strip()
    assert "--check 'nightly': no such check in " in message
    assert message.endswith("pyproject.toml (main, shards)")


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ('file = "a.csv"\nmetirc = "f1"', "#1: unknown key 'metirc'; valid keys: name, file,"),
        ('name = "x"', "#1 ('x'): 'file' is required (a path or a glob)"),
        ('file = "a.csv"\nmin = {metric = "f1", value = 1.5}', "min[0].value = 1.5 is not valid"),
        ('file = "a.csv"\nmin = {metric = "f2", value = 0.5}', "f2"),
        ('file = "a.csv"\nmin = {metric = "f1", value = 0.5, avg = "macro"}', "min[0].avg"),
        ('file = "a.csv"\naverage = "mean"', "average"),
        ('file = "a.csv"\nfail-on = "later"', "fail-on = 'later' is not valid"),
        ('file = "a.csv"\nseverity = {EC999 = "info"}', "severity: unknown rule 'EC999'"),
        ('file = "nothing/*.csv"', "no file matches 'nothing/*.csv'"),
    ],
)
def test_check_config_errors_are_one_line_naming_file_and_key(tmp_path, table, needle):
    (tmp_path / "evalcheck.toml").write_text(f"[[checks]]\n{table}\n")
    done = run("check", cwd=tmp_path)
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2 and len(lines) == 1, done.stderr
    assert needle in lines[0]
    if "nothing/" not in table:
        assert "evalcheck.toml: [[checks]] #1" in lines[0]


def test_duplicate_names_and_missing_checks(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.evalcheck]\n[[tool.evalcheck.checks]]\nname = "a"\nfile = "x.csv"\n'
        '[[tool.evalcheck.checks]]\nname = "a"\nfile = "y.csv"\n'
    )
    done = run("check", cwd=tmp_path)
    assert done.returncode == 2 and "another check has the name 'a'" in done.stderr
    (tmp_path / "pyproject.toml").write_text("[tool.evalcheck]\n")
    done = run("check", cwd=tmp_path)
    assert done.returncode == 2 and "declares no checks" in done.stderr
    flag = run("check", "--metric", "f1", cwd=tmp_path)
    assert flag.returncode == 2 and "--metric needs a FILE" in flag.stderr


def test_sarif_validates_against_the_sarif_2_1_0_schema(project):
    settings = 'fail-on = "error"\nrules-url = "https://example.org/rules/"'
    (project / "pyproject.toml").write_text(
        PROJECT.format(floor=0.95).replace('fail-on = "error"', settings)
    )
    write_predictions(project / "preds" / "shard_1.csv", 0.5, seed=3, collapse=True)
    done = run("check", "--format", "sarif", cwd=project)
    assert done.returncode == 1
    log = json.loads(done.stdout)
    jsonschema.Draft202012Validator(Sarif.model_json_schema()).validate(log)
    Sarif.model_validate(log)  # the model generated from the official schema, extra='forbid'
    (run_,) = log["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules[:-1]] == [r.code for r in all_rules()]
    assert rules[0]["helpUri"].startswith("https://example.org/rules/EC101")
    assert "Why it matters" in rules[0]["help"]["text"]
    by_rule = {r["ruleId"]: r for r in run_["results"]}
    assert by_rule["EC201"]["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "preds/shard_1.csv"},
        "region": {"startLine": 1},
    }
    assert rules[by_rule["EC201"]["ruleIndex"]]["id"] == "EC201"
    assert by_rule["gate/min"]["message"]["text"].startswith("accuracy >= 0.95: fail")
    assert {a["location"]["uri"] for a in run_["artifacts"]} == {
        "preds/main.csv",
        "preds/shard_0.csv",
        "preds/shard_1.csv",
    }


def test_sarif_of_audited_calls_points_at_the_call(tmp_path):
    done = run("run", "--format", "sarif", "examples/evaluate_script.py")
    log = json.loads(done.stdout[done.stdout.index("{\n") :])
    Sarif.model_validate(log)
    located = {
        (r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"])
        for r in log["runs"][0]["results"]
    }
    assert ("EC108", 26) in located  # roc_auc_score of hard labels
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert uri == {"uri": "examples/evaluate_script.py"}


def test_baseline_shows_only_new_findings(tmp_path):
    data = write_predictions(tmp_path / "preds.csv", 0.5, collapse=True)
    old = tmp_path / "old.json"
    first = run("check", data.name, "--format", "json", "--output", old, cwd=tmp_path)
    assert first.returncode == 1 and "EC201" in first.stdout
    again = run("check", data.name, "--baseline", old, cwd=tmp_path)
    assert again.returncode == 0, again.stdout
    assert "No new problems against the baseline." in again.stdout
    known = len(json.loads(old.read_text())["findings"])
    assert f"({known} known findings in {old} not shown)" in again.stdout
    fresh = run("check", data.name, "--baseline", old, "--metric", "roc_auc", cwd=tmp_path)
    assert "EC201" not in fresh.stdout
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    bad = run("check", data.name, "--baseline", broken, cwd=tmp_path)
    assert bad.returncode == 2 and "the baseline is not JSON" in bad.stderr


def test_report_dir_and_several_outputs(tmp_path):
    data = write_predictions(tmp_path / "preds.csv", 0.9)
    done = run("check", data.name, "--report-dir", "out/ci", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("evalcheck: 400 samples")
    folder = tmp_path / "out" / "ci"
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["evalcheck.html", "evalcheck.json", "evalcheck.junit.xml", "evalcheck.sarif"]
    assert json.loads((folder / "evalcheck.json").read_text())["passed"] is True
    Sarif.model_validate(json.loads((folder / "evalcheck.sarif").read_text()))
    page = (folder / "evalcheck.html").read_text()
    assert page.startswith("<!doctype html>")
    digest = hashlib.sha256(data.read_bytes()).hexdigest()
    assert f'<code class="digest">{digest}</code>' in page  # the input, recorded in the HTML
    assert "y_true = <code>y_true</code>" in page and "<code>preds.csv</code>" in page

    pairs = ("--format", "json", "--output", "a.json", "--format", "github", "--output", "a.txt")
    done = run("check", data.name, *pairs, cwd=tmp_path)
    assert done.returncode == 0 and "PASS" in done.stdout
    assert json.loads((tmp_path / "a.json").read_text())["counts"]["error"] == 0
    assert (tmp_path / "a.txt").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--format", "json", "--format", "sarif", "--output", "x"), "2 --format and 1 --output"),
        (("--format", "json", "--format", "sarif"), "several --format need one --output each"),
        (("--output", "no/such/dir/x.json"), "no/such/dir"),
        (("--report-dir", "preds.csv"), "--report-dir preds.csv: not a directory"),
    ],
)
def test_output_flag_errors_are_one_line(tmp_path, args, needle):
    data = write_predictions(tmp_path / "preds.csv", 0.9)
    done = run("check", data.name, *args, cwd=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1
    assert needle in done.stderr
    assert data.read_text().startswith("y_true,y_pred,proba_1\n")  # the input is untouched


def test_several_files_in_one_run(tmp_path):
    for name, accuracy in (("a.csv", 0.9), ("b.csv", 0.8)):
        write_predictions(tmp_path / name, accuracy)
    _, document = checks_json(tmp_path, "a.csv", "b.csv", "--metric", "accuracy")
    values = [c["metrics"]["requested"]["value"] for c in document["checks"]]
    assert values == pytest.approx([0.9, 0.8], abs=1e-12)
    assert ROOT.joinpath("schema", "checks-1.schema.json").is_file()


def test_wide_multilabel_columns_by_glob(tmp_path):
    from sklearn.metrics import f1_score

    rng = np.random.default_rng(0)
    labels = ["sports", "politics", "tech"]
    truth = rng.integers(0, 2, (300, 3))
    pred = np.where(rng.random((300, 3)) < 0.85, truth, 1 - truth)
    header = [f"true_{n}" for n in labels] + [f"pred_{n}" for n in reversed(labels)]
    rows = np.column_stack([truth, pred[:, ::-1]])
    path = tmp_path / "wide.csv"
    path.write_text(",".join(header) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    glob_args = ("--y-true", "true_*", "--y-pred", "pred_*", "--metric", "f1", "--average", "macro")
    _, document = checks_json(tmp_path, path.name, "wide.csv", *glob_args)
    report = document["checks"][0]
    assert report["source"]["columns"] == {
        "y_true": "true_sports,true_politics,true_tech",
        "y_pred": "pred_sports,pred_politics,pred_tech",  # paired by name, not file order
    }
    expected = f1_score(truth, pred, average="macro")
    assert abs(report["metrics"]["requested"]["value"] - expected) < 1e-12
    listed = ("--y-true", "true_tech,true_sports", "--y-pred", "pred_tech,pred_sports")
    done = run("check", "wide.csv", *listed, "--metric", "f1", "--average", "micro",
               "--format", "json", cwd=tmp_path)  # fmt: skip
    value = json.loads(done.stdout)["metrics"]["requested"]["value"]
    assert abs(value - f1_score(truth[:, [2, 0]], pred[:, [2, 0]], average="micro")) < 1e-12
    for args, needle in [
        (("--y-true", "true_*"), "need both --y-true and --y-pred as globs"),
        (("--y-true", "true_*", "--y-pred", "pred_s*"), "give one y_pred column per y_true"),
        (("--y-true", "gold_*", "--y-pred", "pred_*"), "no column matches 'gold_*' for --y-true"),
    ]:
        bad = run("check", "wide.csv", *args, cwd=tmp_path)
        assert bad.returncode == 2 and needle in bad.stderr, (args, bad.stderr)


def test_pre_commit_hooks_run_as_pre_commit_runs_them(project):
    import re
    import shlex

    import yaml

    hooks = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"evalcheck", "evalcheck-project"}
    files = hooks["evalcheck"]
    assert re.search(files["files"], "preds/main.csv") and not re.search(files["files"], "a.py")
    entry = shlex.split(files["entry"])
    assert entry[0] == "evalcheck"
    staged = run(*entry[1:], "preds/main.csv", "preds/shard_0.csv", cwd=project)
    assert staged.returncode == 0 and "PASS: 2 checks, 0 failed" in staged.stdout
    declared = hooks["evalcheck-project"]
    assert declared["pass_filenames"] is False and re.search(declared["files"], "pyproject.toml")
    (project / "pyproject.toml").write_text(PROJECT.format(floor=0.95))
    gated = run(*shlex.split(declared["entry"])[1:], cwd=project)
    assert gated.returncode == 1 and "FAIL: 3 checks, 1 failed: main" in gated.stdout
