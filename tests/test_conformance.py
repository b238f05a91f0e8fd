"""evalcheck against scikit-learn's own metric tests: every call they make, replayed.

The recording (a pytest run of the shipped test_classification.py and test_ranking.py in a
subprocess) is cached in pytest's cache directory; ``python -m tests.conformance`` prints
the same judgement with every failure.
"""

from __future__ import annotations

import pytest

from evalcheck.auditing.sklearn import FUNCTIONS
from tests.conformance.record import (
    TEST_FILES,
    Recording,
    baseline_failures,
    default_cache,
    record,
)
from tests.conformance.replay import Result, Summary, listing, replay, summarize


def _fail_on(results: list[Result], what: str) -> None:
    """Fail with a readable listing of the offending calls (not pytest's repr of them)."""
    if results:
        pytest.fail(f"{what}: {listing(results)}", pytrace=False)


@pytest.fixture(scope="module")
def recorded(request: pytest.FixtureRequest) -> tuple[Recording, Summary]:
    if not all(path.exists() for path in TEST_FILES):
        pytest.skip("this scikit-learn wheel ships no metric tests")
    cache = getattr(request.config, "cache", None)  # absent under -p no:cacheprovider
    folder = None if cache is None else cache.mkdir("evalcheck-conformance")
    recording = record(None if folder is None else folder / default_cache().name)
    return recording, summarize(replay(recording))


def test_recorder_captured_the_calls(recorded: tuple[Recording, Summary]) -> None:
    recording, summary = recorded
    assert len(recording.calls) > 300, summary.line()
    missing = set(FUNCTIONS) - {c.function for c in recording.calls}
    assert not missing, f"no call recorded for {sorted(missing)}"
    assert not recording.problems, f"calls the recorder could not store: {recording.problems}"
    _fail_on(summary.unbindable, "calls that do not bind to the signature")


def test_recorder_does_not_change_sklearn_test_outcomes(
    recorded: tuple[Recording, Summary],
) -> None:
    recording, _ = recorded
    assert recording.exitstatus in (0, 1), f"pytest exit status {recording.exitstatus}"
    if recording.failed:
        without = set(baseline_failures(recording.failed))
        only_recorded = sorted(set(recording.failed) - without)
        assert not only_recorded, f"tests failing only under the recorder: {only_recorded}"


def test_no_crashes(recorded: tuple[Recording, Summary]) -> None:
    _, summary = recorded
    _fail_on(summary.crashes, "evalcheck crashed")


def test_values_equal_sklearn(recorded: tuple[Recording, Summary]) -> None:
    _, summary = recorded
    _fail_on(summary.mismatches, "evalcheck's value differs from scikit-learn's")


def test_raised_calls_give_an_error(recorded: tuple[Recording, Summary]) -> None:
    _, summary = recorded
    _fail_on(summary.raised_missed, "scikit-learn raised, evalcheck gave no error")


def test_warned_calls_give_a_finding(recorded: tuple[Recording, Summary]) -> None:
    _, summary = recorded
    _fail_on(
        summary.warned_missed, "scikit-learn warned, evalcheck gave no finding that explains it"
    )


def test_errors_on_silent_calls_are_allowlisted(recorded: tuple[Recording, Summary]) -> None:
    _, summary = recorded
    _fail_on(
        summary.not_allowlisted,
        "scikit-learn computed silently, evalcheck gave an error not in allowlist.toml",
    )


def test_allowlist_has_no_stale_entries(recorded: tuple[Recording, Summary]) -> None:
    _, summary = recorded
    assert not summary.unused_allowlist, f"entries matching no call: {summary.unused_allowlist}"
