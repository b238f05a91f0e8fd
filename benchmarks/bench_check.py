"""evalcheck.check against sklearn.metrics.classification_report, in one run.

Run:  python benchmarks/bench_check.py          (about a minute)
      python benchmarks/bench_check.py --quick  (smaller inputs, for a smoke test)

Prints, per case, the best-of-N wall time of each, the ratio, and the peak memory each
allocates (tracemalloc, which sees numpy's buffers). Also times `evalcheck --version`.
Targets (issue 2): >= 25x on 10M int labels / 10 classes, >= 20x on 2M string labels,
`evalcheck --version` <= 0.3 s.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import warnings

import numpy as np
from sklearn.metrics import classification_report
from timing import best_time, peak_bytes

import evalcheck


def cases(scale: float) -> list[tuple[str, np.ndarray, np.ndarray, float | None]]:
    rng = np.random.default_rng(0)
    n_int, n_str = int(10_000_000 * scale), int(2_000_000 * scale)
    out = []
    for k, target in ((10, 25.0), (1000, None)):
        y_true = rng.integers(0, k, n_int)
        y_pred = np.where(rng.random(n_int) < 0.8, y_true, rng.integers(0, k, n_int))
        out.append((f"{n_int:,} int labels, {k} classes", y_true, y_pred, target))
    names = np.array([f"class_{i:02d}" for i in range(20)], dtype=object)
    codes = rng.integers(0, 20, n_str)
    noisy = np.where(rng.random(n_str) < 0.8, codes, rng.integers(0, 20, n_str))
    out.append((f"{n_str:,} str labels (object), 20 classes", names[codes], names[noisy], 20.0))
    out.append(
        (
            f"{n_str:,} str labels (numpy U), 20 classes",
            names[codes].astype(str),
            names[noisy].astype(str),
            None,
        )
    )
    return out


def version_time(repeat: int = 5) -> float:
    command = [sys.executable, "-m", "evalcheck", "--version"]
    return best_time(lambda: subprocess.run(command, check=True, capture_output=True), repeat)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="inputs 10x smaller")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    scale = 0.1 if args.quick else 1.0
    warnings.simplefilter("ignore")
    evalcheck.check([0, 1], [0, 1])  # import and warm up once, outside the timings

    print(
        f"{'case':<42} {'evalcheck':>10} {'sklearn':>10} {'ratio':>8} {'target':>8} "
        f"{'peak MiB ec/sk':>15}"
    )
    ok = True
    for name, y_true, y_pred, target in cases(scale):

        def ours(t=y_true, p=y_pred):
            return evalcheck.check(t, p, metric="f1", average="macro")

        def theirs(t=y_true, p=y_pred):
            return classification_report(t, p, output_dict=True, zero_division=0)

        t_ours, t_theirs = best_time(ours, args.repeat), best_time(theirs, 1)
        ratio = t_theirs / t_ours
        met = target is None or ratio >= target
        ok &= met
        goal = "-" if target is None else f">={target:g}x" + ("" if met else " MISS")
        memory = f"{peak_bytes(ours) / 2**20:.0f}/{peak_bytes(theirs) / 2**20:.0f}"
        print(f"{name:<42} {t_ours:>9.3f}s {t_theirs:>9.3f}s {ratio:>7.1f}x {goal:>8} {memory:>15}")
    startup = version_time()
    met = startup <= 0.3
    ok &= met
    print(
        f"{'evalcheck --version':<42} {startup:>9.3f}s {'':>10} {'':>8} {'<=0.3s':>8}"
        + ("" if met else " MISS")
    )
    return 0 if ok or args.quick else 1


if __name__ == "__main__":
    sys.exit(main())
