"""evalcheck.check with scores against sklearn.metrics.roc_auc_score alone, in one run.

Run:  python benchmarks/bench_scores.py          (1M samples x 10 classes; about a minute)
      python benchmarks/bench_scores.py --quick  (100k samples, for a smoke test)

Prints the best-of-N wall time of the full check (every rule, the metrics and the value of
the call) and of ``roc_auc_score`` alone, their ratio, and the peak memory the check
allocates (tracemalloc) as a multiple of the score matrix. Targets (issue 10): at least 3x
faster than ``roc_auc_score``; peak memory at most 2x the score matrix.
"""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np
from sklearn.metrics import roc_auc_score
from timing import best_time, peak_bytes

import evalcheck


def probabilities(n: int, k: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Labels and softmax probabilities of a model that is right more often than chance."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, k, n)
    logits = rng.normal(size=(n, k))
    logits[np.arange(n), y] += 1.0
    proba = np.exp(logits)
    proba /= proba.sum(axis=1, keepdims=True)
    return y, proba


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="100k samples instead of 1M")
    args = parser.parse_args()
    n, k, repeat = (100_000, 10, 3) if args.quick else (1_000_000, 10, 3)
    y, proba = probabilities(n, k)
    print(f"{n:,} samples x {k} classes of probabilities ({proba.nbytes / 2**20:.0f} MiB)")
    rows = []
    for multi_class in ("ovr", "ovo"):

        def ours(mc: str = multi_class) -> Any:
            return evalcheck.check(y, proba, metric="roc_auc", multi_class=mc)

        def theirs(mc: str = multi_class) -> Any:
            return roc_auc_score(y, proba, multi_class=mc)

        value = ours().metrics["requested"]["value"]
        assert abs(value - theirs()) <= 1e-12, (value, theirs())
        t_ours, t_theirs = best_time(ours, repeat), best_time(theirs, repeat)
        peak = peak_bytes(ours) / proba.nbytes
        rows.append((f"roc_auc, multi_class={multi_class!r}", t_ours, t_theirs, peak))
    print(f"{'case':32} {'evalcheck':>10} {'sklearn':>10} {'ratio':>7} {'peak/matrix':>12}")
    for name, t_ours, t_theirs, peak in rows:
        print(f"{name:32} {t_ours:9.3f}s {t_theirs:9.3f}s {t_theirs / t_ours:6.1f}x {peak:11.2f}x")


if __name__ == "__main__":
    main()
