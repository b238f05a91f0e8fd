"""Every registered rule: its bad example fires it, its good example is clean, its docs exist."""

import pytest

import evalcheck
from evalcheck.registry import all_rules, get_rule

RULES = all_rules()


def _codes(report: evalcheck.Report) -> set[str]:
    return {f.code for f in report.findings}


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_bad_example_fires_its_rule_and_only_documented_companions(rule):
    report = evalcheck.check(**rule.bad.check_kwargs())
    codes = _codes(report)
    assert rule.code in codes, str(report)
    assert codes <= {rule.code, *rule.companions}, str(report)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_good_example_is_clean(rule):
    report = evalcheck.check(**rule.good.check_kwargs())
    assert report.findings == [], str(report)
    assert report.skipped == [] or all(s.code != rule.code for s in report.skipped)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_rule_is_documented(rule):
    sections = rule.sections()
    assert sections["summary"]
    assert len(sections["Why it matters"].split(". ")) >= 2
    assert sections["How to fix"]
    assert rule.title and rule.title[0].isupper()
    assert get_rule(rule.code) is get_rule(rule.slug)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_findings_carry_identity_text_and_jsonable_evidence(rule):
    report = evalcheck.check(**rule.bad.check_kwargs())
    finding = next(f for f in report.findings if f.code == rule.code)
    assert finding.slug == rule.slug
    assert finding.explanation == rule.explanation
    assert finding.fix and finding.message
    assert "\n" not in finding.message
    assert any(ch.isdigit() for ch in finding.message), finding.message
    assert finding.evidence


def test_codes_and_slugs_are_unique_and_well_formed():
    codes = [r.code for r in RULES]
    slugs = [r.slug for r in RULES]
    assert len(set(codes)) == len(codes)
    assert len(set(slugs)) == len(slugs)
    expected = {
        "EC101",
        "EC102",
        "EC103",
        "EC104",
        "EC105",
        "EC106",
        "EC107",
        "EC112",
        "EC113",
        "EC201",
        "EC202",
        "EC203",
        "EC301",
        "EC401",
    }
    assert expected <= set(codes)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_every_option_says_what_it_means(rule):
    assert set(rule.option_help()) == set(rule.option_defaults())
    assert all(len(text) > 15 for text in rule.option_help().values())


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.code)
def test_documented_examples_run_as_shown(rule):
    """The code on a rule's page is complete: its preamble, code and call run on their own."""
    for example in (rule.bad, rule.good):
        namespace: dict = {}
        exec("\n".join([*example.preamble(), example.code, example.call_text()]), namespace)
        assert isinstance(namespace["report"], evalcheck.Report)
