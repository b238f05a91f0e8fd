"""The overhead of evalcheck.audit(): the same code, audited and not, in one run.

Run:  python benchmarks/bench_audit.py          (about a minute)
      python benchmarks/bench_audit.py --quick  (smaller inputs, for a smoke test)

Cases: 10,000 small metric calls (f1_score on 100 labels, as an epoch loop makes them), and
one accuracy_score call on 10M labels. Prints the best-of-N wall time unaudited and audited,
and the ratio. Under audit each call is also checked by evalcheck, so the ratio is what the
audit costs in all: redirection, recording and checking.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from timing import best_time

import evalcheck


def audited(func: Callable[[], Any]) -> Callable[[], Any]:
    def run() -> None:
        with evalcheck.audit():
            func()

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small inputs, one repeat")
    options = parser.parse_args(argv)
    n_calls = 1_000 if options.quick else 10_000
    n_large = 1_000_000 if options.quick else 10_000_000
    repeat = 1 if options.quick else 3

    rng = np.random.default_rng(0)
    small_true = rng.integers(0, 3, 100)
    small_pred = np.where(rng.random(100) < 0.8, small_true, rng.integers(0, 3, 100))
    large_true = rng.integers(0, 10, n_large)
    large_pred = np.where(rng.random(n_large) < 0.9, large_true, rng.integers(0, 10, n_large))

    def many_small() -> None:
        for _ in range(n_calls):
            f1_score(small_true, small_pred, average="macro")

    def one_large() -> None:
        accuracy_score(large_true, large_pred)

    rows = [
        (f"{n_calls:,} f1_score calls on 100 labels", many_small),
        (f"1 accuracy_score call on {n_large:,} labels", one_large),
    ]
    print(f"evalcheck {evalcheck.__version__}, Python {sys.version.split()[0]}")
    print(f"{'case':<44} {'plain':>9} {'audited':>9} {'ratio':>7}")
    for name, func in rows:
        plain = best_time(func, repeat)
        under = best_time(audited(func), repeat)
        print(f"{name:<44} {plain:>8.3f}s {under:>8.3f}s {under / plain:>6.2f}x")
    with evalcheck.audit() as report:
        many_small()
    per_call = best_time(audited(many_small), 1) / n_calls
    print(f"\naudited calls recorded: {len(report.calls):,} at {len(report.sites)} call site(s)")
    print(f"time per audited small call, checking included: {per_call * 1e3:.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
