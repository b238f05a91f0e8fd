"""Timing shared by the benchmarks (run as scripts: ``python benchmarks/<name>.py``)."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from typing import Any


def best_time(func: Callable[[], Any], repeat: int) -> float:
    """The best wall time of ``repeat`` runs of ``func``, each after a garbage collection."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)
