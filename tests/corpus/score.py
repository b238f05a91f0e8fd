"""Run the corpus through evalcheck and score it: recall, precision and exact matches."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import evalcheck

from . import healthy, real_world_labels, real_world_scores
from .case import Case

SOURCES = {"labels": real_world_labels, "scores": real_world_scores, "healthy": healthy}


def all_cases() -> list[Case]:
    return [case for module in SOURCES.values() for case in module.CASES]


@dataclass(frozen=True)
class Outcome:
    """What evalcheck said about one case."""

    case: Case
    fired: dict[str, str]  # slug -> severity (the most severe, when a rule fires twice)

    @property
    def serious(self) -> set[str]:
        """Slugs fired at warning or error: the findings that ask for action."""
        return {slug for slug, severity in self.fired.items() if severity != "info"}

    @property
    def errors(self) -> set[str]:
        return {slug for slug, severity in self.fired.items() if severity == "error"}

    @property
    def missed(self) -> set[str]:
        return set(self.case.expected) - set(self.fired)

    @property
    def unexpected(self) -> set[str]:
        return self.serious - set(self.case.expected) - set(self.case.acceptable)

    @property
    def exact(self) -> bool:
        return not self.missed and not self.unexpected


def run(case: Case) -> Outcome:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn's warnings while building the data
        inputs = case.build()
    report = evalcheck.check(**inputs, **case.call)
    fired: dict[str, str] = {}
    for finding in reversed(report.findings):  # most severe last, so it wins
        fired[finding.slug] = finding.severity.value
    return Outcome(case, fired)


@dataclass(frozen=True)
class Score:
    outcomes: list[Outcome]

    @property
    def pitfalls(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.case.healthy]

    @property
    def healthy(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.healthy]

    @property
    def recall(self) -> float:
        """Expected slugs that fired, over all expected slugs of the pitfall cases."""
        expected = sum(len(o.case.expected) for o in self.pitfalls)
        return 1 - sum(len(o.missed) for o in self.pitfalls) / expected

    @property
    def precision(self) -> float:
        """Warning and error findings that are expected or acceptable, over all of them."""
        fired = sum(len(o.serious) for o in self.outcomes)
        return 1 - sum(len(o.unexpected) for o in self.outcomes) / fired if fired else 1.0

    @property
    def exact_match(self) -> float:
        return sum(o.exact for o in self.outcomes) / len(self.outcomes)

    @property
    def healthy_errors(self) -> list[Outcome]:
        return [o for o in self.healthy if o.errors]

    def summary(self) -> str:
        return (
            f"cases {len(self.outcomes)} ({len(self.pitfalls)} pitfalls, {len(self.healthy)} "
            f"healthy) · recall {self.recall:.3f} · precision {self.precision:.3f} · "
            f"exact match {self.exact_match:.3f} · errors on healthy cases "
            f"{len(self.healthy_errors)}"
        )


def score(cases: list[Case] | None = None) -> Score:
    return Score([run(case) for case in (all_cases() if cases is None else cases)])
