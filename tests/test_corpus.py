"""The real-world corpus: evalcheck must find the pitfalls people reported and stay quiet (no
error, nothing unexpected) on evaluations modelled on well-known tutorials."""

from collections import Counter

import pytest

from tests.corpus.score import all_cases, score

MIN_RECALL = 0.95


@pytest.fixture(scope="module")
def result():
    return score()


def test_the_corpus_is_as_large_and_varied_as_promised():
    cases = all_cases()
    pitfalls = [c for c in cases if not c.healthy]
    assert len(pitfalls) >= 60 and len(cases) - len(pitfalls) >= 30
    assert len({c.id for c in cases}) == len(cases)
    assert len({c.url for c in cases}) == len(cases), "one case per public source"
    assert all(c.url.startswith("https://") and len(c.summary) > 40 for c in cases)
    metrics = Counter(c.call.get("metric") for c in cases)
    assert len(metrics) >= 12, metrics


def test_no_error_on_a_healthy_evaluation(result):
    offenders = [f"{o.case.id}: {', '.join(sorted(o.errors))}" for o in result.healthy_errors]
    assert offenders == []


def test_healthy_evaluations_get_nothing_unexpected(result):
    offenders = [f"{o.case.id}: {sorted(o.unexpected)}" for o in result.healthy if o.unexpected]
    assert offenders == []


def test_recall(result):
    missed = [f"{o.case.id}: {sorted(o.missed)}" for o in result.pitfalls if o.missed]
    assert result.recall >= MIN_RECALL, "\n".join(missed)


def test_no_unexpected_error_on_a_pitfall(result):
    """A finding beyond what the report shows may be a warning at most, never an error."""
    offenders = [
        f"{o.case.id}: {sorted(o.unexpected & o.errors)}"
        for o in result.pitfalls
        if o.unexpected & o.errors
    ]
    assert offenders == []
