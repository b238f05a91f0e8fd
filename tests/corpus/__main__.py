"""``python -m tests.corpus``: the corpus's score line, then every case evalcheck gets wrong."""

from __future__ import annotations

from .score import score


def main() -> None:
    result = score()
    print(result.summary())
    for outcome in result.outcomes:
        if outcome.exact:
            continue
        print(f"\n{outcome.case.id}  {outcome.case.url}")
        if outcome.missed:
            print(f"  missed      {', '.join(sorted(outcome.missed))}")
        for slug in sorted(outcome.unexpected):
            print(f"  unexpected  {slug} ({outcome.fired[slug]})")


if __name__ == "__main__":
    main()
