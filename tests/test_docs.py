"""rules/ is generated from the code and committed; it must match what the code generates."""

from pathlib import Path

from evalcheck.docs import catalogue, rule_text
from evalcheck.registry import all_rules

RULES_DIR = Path(__file__).resolve().parents[1] / "rules"


def test_rule_catalogue_is_in_sync():
    expected = catalogue()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in RULES_DIR.glob("*.md")}
    stale = sorted(name for name in expected if on_disk.get(name) != expected[name])
    extra = sorted(set(on_disk) - set(expected))
    assert not stale and not extra, (
        f"rules/ is out of date ({stale + extra}); run: evalcheck rules --markdown rules/"
    )


def test_every_rule_has_a_page_with_its_real_output():
    pages = catalogue()
    for rule in all_rules():
        page = pages[f"{rule.code}-{rule.slug}.md"]
        assert f"{rule.code} {rule.slug}:" in page  # the bad example's actual finding
        assert rule.bad.code in page and rule.good.code in page
        assert "## How to fix" in page
        for option in rule.option_defaults():
            assert f"`{option}`" in page
    index = pages["README.md"]
    assert all(f"[{rule.code}]" in index for rule in all_rules())


def test_explain_text_has_no_markdown_markup():
    text = rule_text(all_rules()[0])
    assert "```" not in text and "**" not in text
