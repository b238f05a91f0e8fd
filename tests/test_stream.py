"""Label files read in record batches give the report of the whole file read at once."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import textwrap

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
from test_accumulator import same_report

import evalcheck
from evalcheck.gate import checks
from evalcheck.gate.checks import CheckSpec, check_file
from evalcheck.settings import Settings
from evalcheck.sources import files, stream


def table(n: int = 5000, seed: int = 0) -> pa.Table:
    rng = np.random.default_rng(seed)
    names = np.array(["cat", "dog", "eel", "fox"], dtype=object)
    truth = rng.integers(0, 4, n)
    pred = np.where(rng.random(n) < 0.75, truth, rng.integers(0, 4, n))
    pred_names = names[pred].copy()
    pred_names[rng.random(n) < 0.01] = None  # a few missing predictions
    return pa.table(
        {
            "label": truth,
            "pred": pred,
            "name": names[truth],
            "pred_name": pred_names,
            "batch": np.arange(n) // 250,
            "positive": truth == 1,
            "margin": rng.normal(size=n) + (truth == 1),
        }
    )


def write(data: pa.Table, path, kind: str) -> None:
    if kind == "parquet":
        pq.write_table(data, path, row_group_size=700)
    elif kind in ("csv", "tsv"):
        options = pa_csv.WriteOptions(delimiter="\t" if kind == "tsv" else ",")
        pa_csv.write_csv(data, path, write_options=options)
    else:
        with open(path, "w") as handle:
            for row in data.to_pylist():
                handle.write(json.dumps(row) + "\n")


def whole_file(path, spec: CheckSpec):
    original = checks._streamed
    checks._streamed = lambda *args: None
    try:
        return check_file(path, spec, Settings())
    finally:
        checks._streamed = original


SPECS = [
    {"y_true": "label", "y_pred": "pred", "call": {"metric": "f1", "average": "macro"}},
    {"y_true": "label", "y_pred": "pred", "groups": "batch", "call": {"metric": "accuracy"}},
    {"y_true": "name", "y_pred": "pred_name", "call": {"metric": "recall", "average": None}},
    {"y_true": "name", "y_pred": "name", "call": {"metric": "f1", "pos_label": "dog"}},
    {"y_true": "positive", "y_score": "margin", "call": {"metric": "roc_auc"}},
    {"y_true": "positive", "y_score": "margin", "groups": "batch", "call": {"metric": "log_loss"}},
]


@pytest.mark.parametrize("kind", ["parquet", "csv", "tsv", "jsonl"])
@pytest.mark.parametrize("spec", SPECS, ids=lambda s: f"{s['y_true']}-{s.get('y_pred')}")
def test_streamed_file_equals_the_whole_file(tmp_path, monkeypatch, kind, spec):
    path = tmp_path / f"predictions.{kind}"
    write(table(), path, kind)
    monkeypatch.setattr(stream, "BATCH_ROWS", 600)  # several batches, cut mid-group
    monkeypatch.setattr(stream, "BLOCK_BYTES", 16_000)
    check = CheckSpec(file=str(path), **spec)
    streamed = checks._streamed(path, check, Settings())
    assert streamed is not None, "this file should stream"
    batches = list(stream.record_batches(path, kind, [spec["y_true"]]))
    assert len(batches) > 3
    assert check_file(path, check, Settings()).model_dump() == whole_file(path, check).model_dump()


@pytest.mark.parametrize(
    ("order", "call"),
    [
        (["proba_eel", "proba_cat", "proba_dog"], {"metric": "roc_auc", "multi_class": "ovr"}),
        (["proba_eel", "proba_cat", "proba_dog"], {"metric": "log_loss"}),
        (["proba_cat", "proba_dog", "proba_eel"], {}),
        (["proba_0", "proba_1"], {"metric": "roc_auc"}),
        (["proba_0", "proba_1"], {"metric": "average_precision", "pos_label": 0}),
    ],
)
def test_score_columns_named_for_classes_stream_like_the_whole_file(
    tmp_path, monkeypatch, order, call
):
    rng = np.random.default_rng(1)
    n = 4000
    truth = rng.integers(0, len(order), n)
    proba = rng.dirichlet(np.ones(len(order)), n)
    proba[np.arange(n), truth] += 0.5
    proba /= proba.sum(axis=1, keepdims=True)
    classes = sorted(name.split("_", 1)[1] for name in order)
    labels = np.array(classes, dtype=object)[truth] if len(order) > 2 else truth
    columns = {"label": labels}
    columns |= {name: proba[:, classes.index(name.split("_", 1)[1])] for name in order}
    path = tmp_path / "scores.parquet"
    pq.write_table(pa.table(columns), path)
    monkeypatch.setattr(stream, "BATCH_ROWS", 500)
    spec = CheckSpec(file=str(path), call=call)
    assert checks._streamed(path, spec, Settings()) is not None
    # losses are summed batch by batch: equal to rounding (1e-12), not bit for bit
    same_report(check_file(path, spec, Settings()), whole_file(path, spec))


def test_what_needs_the_whole_file_is_not_streamed(tmp_path):
    """Gates, a threshold and .npz files are read whole."""
    path = tmp_path / "p.parquet"
    data = table(100).append_column("proba_dog", pa.array(np.linspace(0, 1, 100)))
    pq.write_table(data, path)
    settings = Settings()
    gated = CheckSpec(
        file=str(path), y_true="label", y_pred="pred", min=[{"metric": "accuracy", "value": 0.5}]
    )
    assert checks._streamed(path, gated, settings) is None
    thresholded = CheckSpec(file=str(path), y_true="label", call={"threshold": 0.3})
    assert checks._streamed(path, thresholded, settings) is None
    npz = tmp_path / "p.npz"
    np.savez(npz, y_true=[0, 1], y_pred=[0, 1])
    assert checks._streamed(npz, CheckSpec(file=str(npz)), settings) is None


PEAK_SCRIPT = textwrap.dedent(
    """
    import sys
    from evalcheck.cli import main
    code = main(["check", sys.argv[1], "--y-true", "label", *sys.argv[2:]])
    # VmHWM: this process's peak resident memory (ru_maxrss would include the parent's
    # memory at fork time)
    status = open("/proc/self/status").read()
    peak = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM"))
    print(int(peak) // 1024, code)
    """
)


def peak_mib(path, *arguments: str) -> tuple[int, int]:
    command = [sys.executable, "-c", PEAK_SCRIPT, str(path), *(arguments or ("--y-pred", "pred"))]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    peak, code = out.stdout.split()[-2:]
    return int(peak), int(code)


def test_peak_memory_does_not_grow_with_the_file(tmp_path):
    """A file ten times larger is checked within the same memory: the rows are never all
    held at once (a whole-file read of the large one would need about 320 MiB more)."""
    rng = np.random.default_rng(0)
    peaks = {}
    for n in (2_000_000, 20_000_000):
        truth = rng.integers(0, 10, n)
        pred = np.where(rng.random(n) < 0.8, truth, rng.integers(0, 10, n))
        path = tmp_path / f"{n}.parquet"
        pq.write_table(pa.table({"label": truth, "pred": pred}), path, row_group_size=1 << 20)
        del truth, pred
        peaks[n], code = peak_mib(path)
        assert code == 0
    assert peaks[20_000_000] < peaks[2_000_000] + 64, peaks


def test_peak_memory_of_a_score_check_stops_growing_once_its_scores_are_binned(tmp_path):
    """Continuous scores fill the score statistics up to their limit, then are binned: a file
    four times larger needs the same memory (each batch's facts are freed as it is counted)."""
    rng = np.random.default_rng(1)
    peaks = {}
    for n in (3_000_000, 12_000_000):
        truth = rng.integers(0, 2, n)
        score = rng.normal(size=n) + truth
        path = tmp_path / f"{n}.parquet"
        pq.write_table(pa.table({"label": truth, "score": score}), path, row_group_size=200_000)
        del truth, score
        peaks[n], code = peak_mib(path, "--y-score", "score", "--metric", "roc_auc")
        assert code == 0
    assert peaks[12_000_000] < peaks[3_000_000] + 64, peaks


def test_a_directory_of_parquet_files_is_one_dataset_read_in_path_order(tmp_path, monkeypatch):
    data = table(3000)
    root = tmp_path / "logs"
    for i, (start, stop) in enumerate([(0, 1000), (1000, 2200), (2200, 3000)]):
        part = root / f"day={i}"
        part.mkdir(parents=True)
        pq.write_table(data.slice(start, stop - start), part / "part-0.parquet")
    (root / "_SUCCESS").write_text("")  # other files are not rows
    monkeypatch.setattr(stream, "BATCH_ROWS", 400)
    spec = CheckSpec(file=str(root), y_true="name", y_pred="pred_name", groups="batch")
    streamed = check_file(root, spec, Settings())
    assert streamed.model_dump() == whole_file(root, spec).model_dump()
    assert streamed.inputs["n_samples"] == 3000
    one_file = tmp_path / "all.parquet"
    pq.write_table(data, one_file)
    alone = check_file(one_file, spec.model_copy(update={"file": str(one_file)}), Settings())
    assert streamed.findings == alone.findings and streamed.metrics == alone.metrics
    assert len(streamed.source["sha256"]) == 64
    (root / "day=1" / "part-0.parquet").write_bytes(b"")  # another content, another digest
    assert checks.sha256_of(root) != streamed.source["sha256"]


def test_hive_partition_keys_are_columns_on_both_paths(tmp_path, monkeypatch):
    data = table(3000)
    root = tmp_path / "logs"
    # in path order, as read: day=1 < day=10 < day=2
    slices = [(0, 1000, "day=1/model=a%20b"), (1000, 2200, "day=10"), (2200, 3000, "day=2/model=c")]
    for start, stop, folders in slices:
        (root / folders).mkdir(parents=True)
        pq.write_table(data.slice(start, stop - start), root / folders / "part-0.parquet")
    monkeypatch.setattr(stream, "BATCH_ROWS", 300)
    spec = CheckSpec(file=str(root), y_true="name", y_pred="pred_name", groups="day")
    streamed = check_file(root, spec, Settings())
    assert streamed.model_dump() == whole_file(root, spec).model_dump()
    days = np.repeat([1, 10, 2], [1000, 1200, 800])  # integers: every value of day is one
    expected = evalcheck.check(
        data["name"].to_numpy(), data["pred_name"].to_numpy(zero_copy_only=False), groups=days
    )
    assert streamed.findings == expected.findings and streamed.metrics == expected.metrics
    columns = files.partition_keys(root)
    assert [keys["model"] for keys in columns.values()] == ["a b", None, "c"]
    by_model = spec.model_copy(update={"groups": "model"})
    assert (
        check_file(root, by_model, Settings()).model_dump()
        == whole_file(root, by_model).model_dump()
    )


def test_a_partition_key_named_like_a_column_is_one_line(tmp_path, capsys):
    from evalcheck.cli import main
    from evalcheck.errors import InputFileError

    root = tmp_path / "d"
    (root / "label=1").mkdir(parents=True)
    pq.write_table(pa.table({"label": [0, 1], "pred": [0, 1]}), root / "label=1" / "a.parquet")
    assert main(["check", str(root)]) == 2  # streamed
    error = capsys.readouterr().err
    assert "partition key 'label' is also a column" in error and error.count("\n") == 1, error
    with pytest.raises(InputFileError, match="partition key 'label' is also a column"):
        whole_file(root, CheckSpec(file=str(root)))


def test_directory_errors_are_one_line(tmp_path, capsys):
    from evalcheck.cli import main

    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "notes.txt").write_text("no rows here")
    mixed = tmp_path / "mixed"
    mixed.mkdir()
    pq.write_table(pa.table({"label": [0, 1], "pred": [0, 1]}), mixed / "a.parquet")
    pq.write_table(pa.table({"label": ["x"], "pred": [[1, 2]]}), mixed / "b.parquet")
    renamed = tmp_path / "renamed"
    (renamed / "a").mkdir(parents=True)
    (renamed / "b").mkdir()
    pq.write_table(pa.table({"y_true": [0, 1], "y_pred": [0, 1]}), renamed / "a" / "x.parquet")
    pq.write_table(pa.table({"label": [0, 1], "pred": [0, 1]}), renamed / "b" / "x.parquet")
    cases = [(empty, "without .parquet files"), (mixed, "as one table")]
    cases.append((renamed, "b/x.parquet: no column 'y_true', which other files of"))
    for directory, expected in cases:
        assert main(["check", str(directory)]) == 2
        error = capsys.readouterr().err
        assert expected in error and error.count("\n") == 1, error


class Terminal(io.StringIO):
    def __init__(self, tty: bool) -> None:
        super().__init__()
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_progress_shows_on_a_terminal_after_a_second_and_leaves_nothing_behind():
    now = [0.0]
    terminal = Terminal(tty=True)
    progress = stream.Progress("logs.parquet", 3_000_000, terminal, clock=lambda: now[0])
    progress.advance(1_000_000)  # within the first second: silent
    assert terminal.getvalue() == ""
    now[0] = 1.5
    progress.advance(1_000_000)
    assert terminal.getvalue() == "\revalcheck: reading logs.parquet: 2,000,000 rows (67%)"
    now[0] = 1.6  # too soon after the last line
    progress.advance(500_000)
    assert terminal.getvalue().count("\r") == 1
    progress.close()
    line = "evalcheck: reading logs.parquet: 2,000,000 rows (67%)"
    assert terminal.getvalue().endswith("\r" + " " * len(line) + "\r")


def test_no_progress_in_a_pipe_or_with_quiet(tmp_path, capfd):
    now = [0.0]
    pipe = Terminal(tty=False)
    progress = stream.Progress("x.csv", None, pipe, clock=lambda: now[0])
    now[0] = 5.0
    progress.advance(10)
    progress.close()
    assert pipe.getvalue() == ""
    from evalcheck.cli import main

    path = tmp_path / "p.parquet"
    write(table(50), path, "parquet")
    assert main(["check", str(path), "--y-true", "label", "--y-pred", "pred", "--quiet"]) == 0
    assert capfd.readouterr().err == ""


def test_reading_ahead_keeps_the_order_raises_in_place_and_stops_early():
    def batches():
        yield from range(5)
        raise ValueError("block 6 is corrupt")

    seen = []
    with pytest.raises(ValueError, match="block 6"):
        for batch in stream._read_ahead(batches()):
            seen.append(batch)
    assert seen == [0, 1, 2, 3, 4]
    endless = stream._read_ahead(iter(range(10**9)))
    assert [next(endless) for _ in range(3)] == [0, 1, 2]
    endless.close()  # the reader thread ends instead of filling a queue forever
