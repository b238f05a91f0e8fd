"""``python -m tests.conformance [--all] [--refresh] [--cache PATH]``: record (or load the
cached recording of) scikit-learn's metric tests, replay them through evalcheck, print the
summary line and the failures."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from .record import record
from .replay import render, replay, summarize


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.conformance", description=__doc__)
    parser.add_argument("--all", action="store_true", help="every failure, not a sample")
    parser.add_argument("--refresh", action="store_true", help="record again, ignoring the cache")
    parser.add_argument("--cache", type=Path, help="the recording's pickle (default: tempdir)")
    options = parser.parse_args(argv)
    recording = record(options.cache, refresh=options.refresh)
    start = time.perf_counter()
    summary = summarize(replay(recording))
    seconds = time.perf_counter() - start
    print(render(summary, show_all=options.all))
    print(
        f"\nscikit-learn {recording.sklearn_version}: recorded in {recording.seconds:.1f}s "
        f"(pytest exit {recording.exitstatus}), replayed in {seconds:.1f}s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
