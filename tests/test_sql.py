"""check --sql: the rows of a DuckDB query give the report of a check of the same rows."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import evalcheck
from evalcheck.cli import main
from evalcheck.gate.checks import CheckSpec
from evalcheck.settings import Settings
from evalcheck.sources import duckdb as sql

pytest.importorskip("duckdb")


def same_check(report, expected) -> None:
    for field in ("findings", "metrics", "inputs", "charts", "skipped"):
        assert getattr(report, field) == getattr(expected, field), field


@pytest.fixture
def logs(tmp_path):
    """Two Parquet files of a validation log with a split column, string labels."""
    rng = np.random.default_rng(0)
    names = np.array(["cat", "dog", "eel"], dtype=object)
    frames = []
    for day in range(2):
        n = 30_000
        truth = rng.integers(0, 3, n)
        pred = np.where(rng.random(n) < 0.7, truth, rng.integers(0, 3, n))
        split = np.where(rng.random(n) < 0.3, "test", "train").astype(object)
        frame = pa.table(
            {"label": names[truth], "pred": names[pred], "split": split, "score": rng.random(n)}
        )
        pq.write_table(frame, tmp_path / f"day{day}.parquet")
        frames.append(frame)
    return tmp_path, pa.concat_tables(frames)


def _never_streamed(monkeypatch) -> None:
    from evalcheck.sources import stream

    def refuse(*args, **kwargs):
        raise AssertionError("the query's rows were streamed, not counted by DuckDB")

    monkeypatch.setattr(stream, "stream_check", refuse)


def test_a_filtered_label_query_is_counted_by_duckdb_and_equals_check_of_its_rows(
    logs, monkeypatch
):
    directory, table = logs
    _never_streamed(monkeypatch)
    query = (  # DuckDB reads files in parallel: the order is made explicit
        "SELECT label AS y_true, pred AS y_pred FROM "
        f"read_parquet('{directory}/*.parquet', filename = true, file_row_number = true) "
        "WHERE split = 'test' ORDER BY filename, file_row_number"
    )
    spec = CheckSpec(file="", call={"metric": "f1", "average": "macro"})
    report = sql.check_sql(query, spec, Settings())
    test = table.filter(pa.compute.equal(table["split"], "test"))
    expected = evalcheck.check(
        test["label"].to_numpy(), test["pred"].to_numpy(), metric="f1", average="macro"
    )
    same_check(report, expected)
    assert report.source["sql"] == query and len(report.source["sha256"]) == 64
    assert report.inputs["n_samples"] == test.num_rows


def test_groups_are_counted_too_and_give_the_per_group_finding(logs, monkeypatch):
    directory, table = logs
    _never_streamed(monkeypatch)
    query = f"SELECT label, pred, split FROM read_parquet('{directory}/*.parquet')"
    spec = CheckSpec(file="", call={"metric": "f1", "average": "macro"}, groups="split")
    report = sql.check_sql(query, spec, Settings())
    expected = evalcheck.check(
        table["label"].to_numpy(),
        table["pred"].to_numpy(),
        groups=table["split"].to_numpy(),
        metric="f1",
        average="macro",
    )
    same_check(report, expected)


def test_missing_labels_stream_so_their_row_numbers_are_reported(monkeypatch):
    monkeypatch.setattr(sql, "BATCH_ROWS", 3)
    query = (
        "SELECT * FROM (VALUES (0, 0), (1, 1), (1, NULL), (0, 0), (1, 1), (0, NULL), (1, 0)) "
        "AS t(y_true, y_pred)"
    )
    report = sql.check_sql(query, CheckSpec(file="", call={"metric": "accuracy"}), Settings())
    y_pred = [0, 1, np.nan, 0, 1, np.nan, 0]
    expected = evalcheck.check(np.array([0, 1, 1, 0, 1, 0, 1]), np.array(y_pred), metric="accuracy")
    same_check(report, expected)
    found = next(f for f in report.findings if f.code == "EC103")
    assert found.evidence["first_rows"] == [2, 5]


def test_scores_are_fetched_whole_and_checked_as_arrays(logs):
    directory, table = logs
    query = (
        "SELECT label = 'dog' AS y_true, score FROM "
        f"read_parquet('{directory}/*.parquet', filename = true, file_row_number = true) "
        "ORDER BY filename, file_row_number"
    )
    spec = CheckSpec(file="", call={"metric": "roc_auc"})
    report = sql.check_sql(query, spec, Settings())
    truth = np.asarray(table["label"].to_numpy() == "dog")
    expected = evalcheck.check(truth, table["score"].to_numpy(), metric="roc_auc")
    same_check(report, expected)
    assert report.metrics["requested"]["value"] == pytest.approx(0.5, abs=0.02)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--sql", "SELEC 1"], "--sql: Parser Error: syntax error"),
        (["--sql", "SELECT 1 AS x"], "no y_true column found"),
        (["--sql", "SELECT * FROM 'missing.parquet'"], "--sql: IO Error"),
        (["some.csv", "--sql", "SELECT 1 AS y_true, 1 AS y_pred"], "give no FILE"),
    ],
)
def test_query_errors_are_one_line_with_exit_2(arguments, message, capsys):
    assert main(["check", *arguments]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1, error


def test_the_query_gates_like_a_file(capsys):
    query = "SELECT i % 2 AS y_true, 0 AS y_pred FROM range(400) t(i)"
    assert main(["check", "--sql", query, "--metric", "accuracy"]) == 1
    out = capsys.readouterr().out
    assert "EC201" in out and "--sql · sha256" in out
