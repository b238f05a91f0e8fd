"""``evalcheck compare`` on real model outputs: two scikit-learn models on the same split."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn import metrics as skm
from sklearn.datasets import load_breast_cancer
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
from statsmodels.stats.contingency_tables import mcnemar

MODELS = {
    "stump": DecisionTreeClassifier(max_depth=1, random_state=0),
    "lr": make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
    "rf0": RandomForestClassifier(n_estimators=100, random_state=0),
    "rf1": RandomForestClassifier(n_estimators=100, random_state=1),
    "dummy": DummyClassifier(strategy="most_frequent"),
}


def run(*args, cwd):
    return subprocess.run(
        [sys.executable, "-m", "evalcheck", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


def write(path: Path, columns: dict) -> Path:
    names = list(columns)
    rows = zip(*columns.values())
    path.write_text(",".join(names) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    return path


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """Each model's test-set predictions, as a CSV and as arrays."""
    folder = tmp_path_factory.mktemp("models")
    x, y = load_breast_cancer(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.5, random_state=0, stratify=y
    )
    found = {"dir": folder, "y": y_test}
    for name, model in MODELS.items():
        model.fit(x_train, y_train)
        pred, proba = model.predict(x_test), model.predict_proba(x_test)[:, 1]
        found[name] = (pred, proba)
        columns = {"id": np.arange(y_test.size), "y_true": y_test, "y_pred": pred}
        write(folder / f"{name}.csv", columns | {"proba_1": [repr(float(p)) for p in proba]})
    return found


def compare_json(outputs, base, candidate, *extra):
    files = [f if isinstance(f, Path) else f"{f}.csv" for f in (base, candidate)]
    result = run("compare", *files, "--format", "json", *extra, cwd=outputs["dir"])
    assert result.returncode in (0, 1), result.stderr
    return result, json.loads(result.stdout)


def paired_tests(report):
    return {t["metric"]: t for t in report["tests"]}


def test_a_clearly_better_model(outputs):
    result, report = compare_json(outputs, "stump", "lr")
    assert result.returncode == 0 and report["verdict"] == "better"
    accuracy = paired_tests(report)["accuracy"]
    y, (base, _), (candidate, _) = outputs["y"], outputs["stump"], outputs["lr"]
    assert accuracy["base"] == pytest.approx(skm.accuracy_score(y, base), abs=1e-12)
    assert accuracy["candidate"] == pytest.approx(skm.accuracy_score(y, candidate), abs=1e-12)
    assert accuracy["low"] > 0 and accuracy["p_value"] < 1e-4
    text = run("compare", "stump.csv", "lr.csv", cwd=outputs["dir"]).stdout
    assert "verdict on accuracy (*): the candidate is better" in text
    assert "23 samples only the candidate gets right, 1 only the base" in text


def test_an_equivalent_model_with_another_seed(outputs):
    result, report = compare_json(outputs, "rf0", "rf1", "--fail-on-regression")
    assert result.returncode == 0
    assert {t["verdict"] for t in report["tests"]} == {"no significant difference"}
    for t in report["tests"]:
        assert t["low"] <= t["difference"] <= t["high"] and t["low"] < 0 < t["high"]


def test_p_values_and_values_equal_the_references(outputs):
    _, report = compare_json(outputs, "stump", "lr")
    by_metric = paired_tests(report)
    y, (base, base_score), (candidate, candidate_score) = (
        outputs["y"],
        *map(outputs.get, ("stump", "lr")),
    )
    a, b = base == y, candidate == y
    table = [[np.sum(a & b), np.sum(a & ~b)], [np.sum(~a & b), np.sum(~a & ~b)]]
    expected = mcnemar(table, exact=True).pvalue
    assert by_metric["accuracy"]["p_value"] == pytest.approx(expected, rel=1e-9)
    f1 = by_metric["f1 (binary)"]
    assert abs(f1["base"] - skm.f1_score(y, base)) < 1e-12
    assert abs(f1["candidate"] - skm.f1_score(y, candidate)) < 1e-12
    balanced = by_metric["balanced_accuracy"]
    assert abs(balanced["candidate"] - skm.balanced_accuracy_score(y, candidate)) < 1e-12
    auc = by_metric["roc_auc"]
    assert abs(auc["base"] - skm.roc_auc_score(y, base_score)) < 1e-12
    assert abs(auc["candidate"] - skm.roc_auc_score(y, candidate_score)) < 1e-12
    assert auc["test"] == "DeLong" and auc["p_value"] < 1e-4


def test_fail_on_regression_gates_the_exit_code(outputs):
    worse, report = compare_json(outputs, "lr", "stump", "--metric", "roc_auc")
    assert worse.returncode == 0 and report["verdict"] == "worse" and report["primary"] == "roc_auc"
    gated, report = compare_json(
        outputs, "lr", "stump", "--metric", "roc_auc", "--fail-on-regression"
    )
    assert gated.returncode == 1 and report["passed"] is False
    text = run("compare", "lr.csv", "stump.csv", "--fail-on-regression", cwd=outputs["dir"])
    assert text.returncode == 1
    assert "FAIL: the candidate is worse on accuracy" in text.stdout


def test_new_fixed_and_unchanged_findings(outputs):
    result, report = compare_json(outputs, "lr", "dummy")
    new = {f["code"] for f in report["findings"]["new"]}
    assert {"EC201", "EC202"} <= new and report["findings"]["fixed"] == []
    assert result.returncode == 1  # EC201 is an error: a new error fails the gate
    _, back = compare_json(outputs, "dummy", "lr")
    assert {f["code"] for f in back["findings"]["fixed"]} == new
    _, same = compare_json(outputs, "dummy", "dummy")
    assert same["findings"]["new"] == [] and {f["code"] for f in same["findings"]["unchanged"]}
    text = run("compare", "lr.csv", "dummy.csv", cwd=outputs["dir"]).stdout
    assert "  new    error    EC201 single-predicted-class:" in text
    assert "FAIL: 1 new finding at fail-on error" in text
    ignored = run("compare", "lr.csv", "dummy.csv", "--ignore", "EC201", cwd=outputs["dir"])
    assert ignored.returncode == 0, ignored.stdout


def test_join_on_an_id_column_with_shuffled_rows(outputs, tmp_path):
    folder = outputs["dir"]
    lines = (folder / "lr.csv").read_text().splitlines()
    body = lines[1:]
    np.random.default_rng(0).shuffle(body)
    shuffled = tmp_path / "shuffled.csv"
    shuffled.write_text("\n".join([lines[0], *body]) + "\n")
    _, by_id = compare_json(outputs, "stump", shuffled, "--id", "id")
    _, in_order = compare_json(outputs, "stump", "lr")
    assert by_id["joined"] == "joined on 'id'"
    assert by_id["tests"] == in_order["tests"]
    unjoined = run("compare", "stump.csv", shuffled, cwd=folder)
    assert unjoined.returncode == 2
    message = unjoined.stderr.strip()
    assert len(message.splitlines()) == 1 and "both have an 'id' column" in message
    assert "join them on it with --id id" in message
    renamed = tmp_path / "no_id.csv"
    renamed.write_text(shuffled.read_text().replace("id,", "key,", 1))
    message = run("compare", "stump.csv", renamed, cwd=folder).stderr.strip()
    assert "y_true differs between" in message and "--id COL" in message and "np." not in message


@pytest.mark.parametrize(
    ("edit", "needle"),
    [
        (lambda rows: rows[:-5], "5 ids of stump.csv not in"),
        (lambda rows: rows + rows[:1], "1 id repeats in 'id' (first: 0)"),
    ],
)
def test_ids_that_do_not_match_are_one_line(outputs, tmp_path, edit, needle):
    lines = (outputs["dir"] / "lr.csv").read_text().splitlines()
    other = tmp_path / "other.csv"
    other.write_text("\n".join([lines[0], *edit(lines[1:])]) + "\n")
    result = run("compare", "stump.csv", other, "--id", "id", cwd=outputs["dir"])
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert needle in result.stderr


def test_usage_errors_are_one_line(outputs, tmp_path):
    lines = (outputs["dir"] / "lr.csv").read_text().splitlines()
    short = tmp_path / "short.csv"
    short.write_text("\n".join(lines[:-3]) + "\n")
    cases = [
        (("stump.csv", short), "has 285 rows"),
        (("stump.csv", "lr.csv", "--id", "nope"), "no column 'nope' for --id"),
        (("stump.csv", "lr.csv", "--metric", "log_loss"), "compare tests accuracy"),
        (("stump.csv", "lr.csv", "--alpha", "2"), "--alpha 2"),
        (("stump.csv", "missing.csv"), "missing.csv"),
    ]
    for args, needle in cases:
        result = run("compare", *args, cwd=outputs["dir"])
        assert result.returncode == 2, (args, result.stdout)
        assert len(result.stderr.strip().splitlines()) == 1 and needle in result.stderr, args


def test_json_output_file_and_summary_on_stdout(outputs, tmp_path):
    out = tmp_path / "comparison.json"
    args = ("compare", "stump.csv", "lr.csv", "--format", "json", "--output", out)
    result = run(*args, cwd=outputs["dir"])
    assert result.returncode == 0 and result.stdout.startswith("evalcheck compare: 285 samples")
    report = json.loads(out.read_text())
    assert report["kind"] == "comparison" and report["n_samples"] == 285
    assert len(report["base"]["sha256"]) == 64 and report["candidate"]["path"] == "lr.csv"


def test_pos_label_does_not_turn_the_auc_around(outputs):
    result, report = compare_json(outputs, "stump", "lr", "--metric", "roc_auc", "--pos-label",
                                  "0", "--fail-on-regression")  # fmt: skip
    y, (_, base_score), (_, candidate_score) = outputs["y"], outputs["stump"], outputs["lr"]
    auc = paired_tests(report)["roc_auc"]
    assert abs(auc["base"] - skm.roc_auc_score(y, base_score)) < 1e-12
    assert abs(auc["candidate"] - skm.roc_auc_score(y, candidate_score)) < 1e-12
    assert report["verdict"] == "better" and result.returncode == 0
    f1 = paired_tests(report)["f1 (binary)"]
    assert abs(f1["candidate"] - skm.f1_score(y, outputs["lr"][0], pos_label=0)) < 1e-12


def test_inputs_compare_cannot_pair_are_one_line(outputs, tmp_path):
    folder = outputs["dir"]
    lines = (folder / "lr.csv").read_text().splitlines()
    holes = tmp_path / "holes.csv"
    cells = [r.split(",") for r in lines[1:]]
    for row in cells[:3]:
        row[2] = ""  # no prediction
    holes.write_text("\n".join([lines[0], *(",".join(r) for r in cells)]) + "\n")
    renumbered = tmp_path / "renumbered.csv"
    renumbered.write_text("\n".join([lines[0], *(f"9{r}" for r in lines[1:])]) + "\n")
    empty = tmp_path / "empty.csv"
    empty.write_text(lines[0] + "\n")
    baseline = tmp_path / "comparison.json"
    baseline.write_text(
        run("compare", "stump.csv", "lr.csv", "--format", "json", cwd=folder).stdout
    )
    cases = [
        (("compare", "stump.csv", "lr.csv", "--pos-label", "3"), "not one of the two classes"),
        (("compare", "stump.csv", holes), "y_pred is missing for"),
        (("compare", "stump.csv", renumbered), "join them on it with --id id"),
        (("compare", empty, empty), "no rows to compare"),
        (("compare", "stump.csv", "lr.csv", "--seed", "-1"), "--seed -1"),
        (("compare", "stump.csv", "lr.csv", "--average", "samples"), "--average samples"),
        (("check", "lr.csv", "--baseline", baseline), "--baseline takes the JSON of evalcheck"),
    ]
    for args, needle in cases:
        result = run(*args, cwd=folder)
        message = result.stderr.strip()
        assert result.returncode == 2 and len(message.splitlines()) == 1, (args, message)
        assert needle in message and "internal error" not in message, (args, message)


def test_a_gate_takes_the_checks_pos_label(outputs, tmp_path):
    y, pred = outputs["y"], outputs["lr"][0]
    (outputs["dir"] / "evalcheck.toml").write_text(
        '[[checks]]\nfile = "lr.csv"\nmetric = "recall"\npos-label = 0\n'
        'min = {metric = "recall", value = 0.5}\n'
    )
    try:
        done = run("check", "--format", "json", cwd=outputs["dir"])
    finally:
        (outputs["dir"] / "evalcheck.toml").unlink()
    (gate,) = json.loads(done.stdout)["checks"][0]["gates"]
    assert gate["pos_label"] == 0
    assert abs(gate["value"] - skm.recall_score(y, pred, pos_label=0)) < 1e-12
