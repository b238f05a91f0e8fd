"""The command line, run as a user runs it: a subprocess, exit codes, output."""

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def run(*args, cwd=None):
    return subprocess.run(
        [sys.executable, "-m", "evalcheck", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=120,
    )


def write_csv(path, header, rows):
    path.write_text(",".join(header) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))
    return path


@pytest.fixture
def healthy_csv(tmp_path):
    rows = [(i % 2, i % 2 if i % 10 else 1 - i % 2) for i in range(200)]
    return write_csv(tmp_path / "healthy.csv", ["label", "prediction"], rows)


@pytest.mark.parametrize(
    ("name", "args", "code", "exit_code"),
    [
        ("majority_class", ["--metric", "accuracy"], "EC201", 1),
        ("absent_class", ["--metric", "f1", "--average", "macro"], "EC202", 0),
        ("binary_average_three_classes", ["--metric", "precision"], "EC301", 1),
        ("shifted_labels", ["--metric", "accuracy"], "EC105", 1),
        ("nan_probabilities", ["--metric", "roc_auc"], "EC103", 1),
    ],
)
def test_examples_through_the_cli(name, args, code, exit_code):
    result = run("check", EXAMPLES / f"{name}.csv", *args, "--format", "json")
    assert result.returncode == exit_code, result.stderr
    report = json.loads(result.stdout)
    assert code in [f["code"] for f in report["findings"]]
    assert result.stderr == ""


def test_text_output_and_exit_code_on_the_readme_example():
    result = run("check", "examples/majority_class.csv")
    assert result.returncode == 1
    assert "EC201 single-predicted-class" in result.stdout
    assert "FAIL" in result.stdout.splitlines()[-1]


def test_clean_file_exits_zero(healthy_csv):
    result = run("check", healthy_csv, "--metric", "f1")
    assert result.returncode == 0, result.stdout
    assert "No problems found." in result.stdout


@pytest.mark.parametrize(
    ("fail_on", "expected"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on_levels(fail_on, expected):
    result = run(
        "check",
        EXAMPLES / "absent_class.csv",
        "--metric",
        "f1",
        "--average",
        "macro",
        "--fail-on",
        fail_on,
    )
    assert result.returncode == expected


def test_json_is_strict(tmp_path):
    path = write_csv(tmp_path / "one.csv", ["y_true", "y_pred"], [(0, 0)] * 5)
    result = run("check", path, "--format", "json")
    text = result.stdout
    assert "NaN" not in text and "Infinity" not in text
    json.loads(text, parse_constant=lambda c: pytest.fail(f"non-strict constant {c}"))


def test_missing_column_is_one_line_naming_file_and_column(healthy_csv):
    result = run("check", healthy_csv, "--y-pred", "proba")
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "healthy.csv" in lines[0] and "'proba'" in lines[0] and "--y-pred" in lines[0]
    assert "label, prediction" in lines[0]


def test_no_label_column_found(tmp_path):
    path = write_csv(tmp_path / "x.csv", ["a", "b"], [(0, 1)])
    result = run("check", path)
    assert result.returncode == 2 and "--y-true" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["check", "nope.csv"], "nope.csv: no such file"),
        (["check", "README.md"], "unknown file type"),
        (["check", "examples/majority_class.csv", "--metric", "f7"], "unknown metric 'f7'"),
        (["check", "examples/majority_class.csv", "--average", "mean"], "average='mean'"),
        (["check", "examples/majority_class.csv", "--bogus"], "unrecognized arguments: --bogus"),
        (["check", "examples/majority_class.csv", "--select", "EC9"], "'EC9' matches no rule"),
        (["check", "examples/majority_class.csv", "--fail-on", "soon"], "invalid choice"),
        (["explain", "EC999"], "unknown rule 'EC999'"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(args, needle):
    result = run(*args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]


def test_unreadable_file(tmp_path):
    path = tmp_path / "broken.parquet"
    path.write_bytes(b"not parquet at all")
    result = run("check", path)
    assert result.returncode == 2
    assert "broken.parquet: cannot read as parquet" in result.stderr


def test_parquet_jsonl_npz_and_score_columns(tmp_path):
    y_true = np.arange(120) % 3
    proba = np.eye(3)[y_true] * 0.7 + 0.1
    table = pa.table(
        {"target": y_true, "proba_a": proba[:, 0], "proba_b": proba[:, 1], "proba_c": proba[:, 2]}
    )
    pq.write_table(table, tmp_path / "p.parquet")
    result = run("check", tmp_path / "p.parquet", "--format", "json")
    report = json.loads(result.stdout)
    assert report["inputs"]["y_score"]["shape"] == [120, 3]

    lines = [json.dumps({"y_true": int(t), "y_pred": float(t) + 0.25}) for t in y_true]
    (tmp_path / "p.jsonl").write_text("\n".join(lines) + "\n")
    result = run("check", tmp_path / "p.jsonl", "--format", "json")
    assert result.returncode == 1
    assert "EC107" in [f["code"] for f in json.loads(result.stdout)["findings"]]

    np.savez(tmp_path / "p.npz", y_true=y_true, y_pred=(y_true + 1) % 3)
    result = run("check", tmp_path / "p.npz", "--format", "json")
    assert json.loads(result.stdout)["metrics"]["accuracy"] == 0.0


def test_npy_without_names_is_a_usage_error(tmp_path):
    np.save(tmp_path / "a.npy", np.zeros((10, 2)))
    result = run("check", tmp_path / "a.npy")
    assert result.returncode == 2 and "np.savez" in result.stderr


def test_pickled_npy_is_refused(tmp_path):
    np.save(tmp_path / "o.npy", np.array([{"a": 1}], dtype=object), allow_pickle=True)
    result = run("check", tmp_path / "o.npy")
    assert result.returncode == 2 and "o.npy" in result.stderr


def test_output_file_and_labels_option(tmp_path):
    out = tmp_path / "report.json"
    result = run(
        "check",
        "examples/absent_class.csv",
        "--metric",
        "f1",
        "--average",
        "macro",
        "--labels",
        "bird,cat,dog",
        "--format",
        "json",
        "--output",
        out,
    )
    # the artifact goes to the file, the human summary still to the terminal
    assert result.stdout.startswith("evalcheck: 600 samples") and "{" not in result.stdout
    report = json.loads(out.read_text())
    assert report["metrics"]["requested"]["call"].endswith("labels=['bird', 'cat', 'dog'])")
    assert not list(tmp_path.glob(".*.tmp"))


def test_select_ignore_and_pyproject_config(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[tool.evalcheck]\nignore = ["EC201"]\nfail-on = "warning"\n'
        '[tool.evalcheck.severity]\nEC401 = "info"\n'
    )
    data = EXAMPLES / "majority_class.csv"
    report = json.loads(run("check", data, "--format", "json", cwd=tmp_path).stdout)
    codes = {f["code"]: f["severity"] for f in report["findings"]}
    assert "EC201" not in codes and codes["EC401"] == "info"
    assert report["fail_on"] == "warning"
    result = run("check", data, "--select", "EC4", "--fail-on", "error", cwd=tmp_path)
    assert result.returncode == 0


def test_rules_and_explain():
    result = run("rules")
    assert result.returncode == 0
    assert "EC201  single-predicted-class" in result.stdout
    by_code = run("explain", "EC201").stdout
    by_slug = run("explain", "single-predicted-class").stdout
    assert by_code == by_slug
    assert "Why it matters" in by_code and "How to fix" in by_code
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert {"code", "slug", "severity", "title"} <= set(rows[0])


def test_version_is_fast_and_does_not_import_numpy():
    code = (
        "import sys, evalcheck.cli as c\n"
        "try:\n    c.main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print('numpy' in sys.modules, 'sklearn' in sys.modules, 'pyarrow' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip().endswith("False False False")
    assert result.stdout.startswith("evalcheck ")


def test_an_unknown_metric_is_a_usage_error_on_every_path(tmp_path, capsys):
    from evalcheck.cli import main

    path = tmp_path / "p.csv"
    path.write_text("y_true,y_pred\n0,0\n1,1\n")
    for arguments in (["check", str(path)], ["check", "--sql", "SELECT 0 AS y_true, 0 AS y_pred"]):
        assert main([*arguments, "--metric", "roc_aux"]) == 2
        error = capsys.readouterr().err
        assert error.startswith("evalcheck: error: unknown metric 'roc_aux'"), error
        assert "internal" not in error and error.count("\n") == 1
