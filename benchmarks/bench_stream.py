"""A Parquet dataset beyond memory: evalcheck's streamed check against pyarrow reading it.

Run:  python benchmarks/bench_stream.py                 (100M rows in 10 files; ~2 GB of disk)
      python benchmarks/bench_stream.py --rows 10000000 (a smaller run)

Writes a partitioned dataset (``day=<i>/part-0.parquet``: int64 label and prediction columns,
10 classes) to a temporary directory, then runs each case in a fresh Python process and
reports its wall time and peak resident memory (VmHWM):

- ``pyarrow.parquet.read_table`` of the two columns (the whole dataset in memory);
- ``evalcheck check DIR`` (record batches streamed into the Accumulator);
- ``evalcheck check --sql`` over the same files (DuckDB counts the label rows).

Targets (issue 10): the streamed check under 1 GiB peak and within 2x of pyarrow's read.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

PEAK = "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))"


def write_dataset(root: Path, rows: int, files: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(0)
    per_file = rows // files
    for i in range(files):
        label = rng.integers(0, 10, per_file)
        pred = np.where(rng.random(per_file) < 0.8, label, rng.integers(0, 10, per_file))
        folder = root / f"day={i:02d}"
        folder.mkdir(parents=True)
        pq.write_table(pa.table({"label": label, "pred": pred}), folder / "part-0.parquet")


def run(code: str) -> tuple[float, float]:
    """Wall seconds and peak MiB of ``code`` run in a new interpreter."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\n{PEAK}"], capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"failed: {code}\n{done.stderr}")
    return elapsed, int(done.stdout.split()[-1]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000_000)
    parser.add_argument("--files", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "logs"
        write_dataset(root, args.rows, args.files)
        size = sum(f.stat().st_size for f in root.rglob("*.parquet")) / 2**20
        print(f"{args.rows:,} rows in {args.files} files ({size:.0f} MiB of Parquet)")
        check = "from evalcheck.cli import main; main([{}])"
        query = f"SELECT label AS y_true, pred AS y_pred FROM '{root}/*/*.parquet'"
        cases = {
            "pyarrow read_table (2 columns)": (
                f"import pyarrow.parquet as pq; pq.read_table('{root}', columns=['label', 'pred'])"
            ),
            "evalcheck check DIR (streamed)": check.format(
                f"'check', '{root}', '--y-true', 'label', '--y-pred', 'pred', '--quiet'"
            ),
            "evalcheck check --sql (DuckDB counts)": check.format(f"'check', '--sql', {query!r}"),
        }
        timings = {}
        for name, code in cases.items():
            seconds, mib = min(run(code) for _ in range(2))
            timings[name] = seconds
            print(f"  {name:40} {seconds:7.2f} s  {mib:7.0f} MiB peak")
        reference = timings["pyarrow read_table (2 columns)"]
        for name in list(cases)[1:]:
            print(f"  {name}: {timings[name] / reference:.2f}x pyarrow's read")


if __name__ == "__main__":
    main()
