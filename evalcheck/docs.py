"""Rule documentation generated from the code: `evalcheck explain` and the rules/ catalogue.

Every page runs the rule's own bad and good examples, so the output shown is the output
evalcheck gives today.
"""

from __future__ import annotations

from pathlib import Path

from .registry import Example, Rule, all_rules

INDEX = "README.md"


def page_name(rule: Rule) -> str:
    return f"{rule.code}-{rule.slug}.md"


def _run(example: Example) -> list[str]:
    from .api import check

    report = check(**example.check_kwargs())
    return [f"{f.severity.value} {f.code} {f.slug}: {f.message}" for f in report.findings]


def _options_toml(rule: Rule) -> str:
    lines = [f"[tool.evalcheck.rules.{rule.slug}]"]
    lines += [f"{name} = {value!r}" for name, value in rule.option_defaults().items()]
    return "\n".join(lines)


def rule_markdown(rule: Rule) -> str:
    """One rule's page: what, why, bad example and its output, good example, options, fix."""
    sections = rule.sections()
    bad_output = _run(rule.bad)
    good_output = _run(rule.good)
    parts = [
        f"# {rule.code} `{rule.slug}`",
        "",
        f"**Group:** {rule.group} · **Default severity:** {rule.severity.value} · "
        f"**Fix:** {rule.title}",
        "",
        "## What it detects",
        "",
        sections["summary"],
        "",
        "## Why it matters",
        "",
        sections["Why it matters"],
        "",
        "## Example that triggers it",
        "",
        "```python",
        *rule.bad.preamble(),
        rule.bad.code,
        rule.bad.call_text(),
        "```",
        "",
        "evalcheck reports:",
        "",
        "```text",
        *bad_output,
        "```",
        "",
        "## Use instead",
        "",
        "```python",
        *rule.good.preamble(),
        rule.good.code,
        rule.good.call_text(),
        "```",
        "",
        "evalcheck reports nothing." if not good_output else "evalcheck reports:",
    ]
    if good_output:
        parts += ["", "```text", *good_output, "```"]
    parts += ["", "## Options", ""]
    if rule.option_defaults():
        meaning = rule.option_help()
        parts += ["| option | default | meaning |", "|---|---|---|"]
        parts += [
            f"| `{k}` | `{v!r}` | {meaning.get(k, '')} |" for k, v in rule.option_defaults().items()
        ]
        parts += ["", "Set them in `pyproject.toml`:", "", "```toml", _options_toml(rule), "```"]
    else:
        parts += ["This rule has no options."]
    parts += ["", "## How to fix", "", sections["How to fix"], ""]
    return "\n".join(parts)


def index_markdown(rules: list[Rule]) -> str:
    rows = [
        f"| [{r.code}]({page_name(r)}) | `{r.slug}` | {r.group} | {r.severity.value} | "
        f"{r.summary} |"
        for r in rules
    ]
    return "\n".join(
        [
            "# evalcheck rules",
            "",
            "Generated from the code by `evalcheck rules --markdown rules/`; do not edit by hand.",
            "Codes and slugs are stable: select, ignore and configure rules by either.",
            "",
            "Each page runs its examples and shows evalcheck's actual output; every example is",
            "complete code. Many use `healthy(classes=(0, 1), per_class=40, error_every=8)`",
            "from `evalcheck.rules._examples`, which returns balanced labels and predictions",
            "that are wrong on every 8th sample of each class.",
            "",
            "| code | slug | group | default | fires when |",
            "|---|---|---|---|---|",
            *rows,
            "",
        ]
    )


def catalogue() -> dict[str, str]:
    """File name -> content of every page of the catalogue."""
    rules = all_rules()
    pages = {page_name(r): rule_markdown(r) for r in rules}
    pages[INDEX] = index_markdown(rules)
    return pages


def write_catalogue(folder: str | Path) -> list[Path]:
    """Write the catalogue into ``folder`` (stale rule pages are removed)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    pages = catalogue()
    for stale in folder.glob("EC*.md"):
        if stale.name not in pages:
            stale.unlink()
    written = []
    for name, text in pages.items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def rule_text(rule: Rule) -> str:
    """The terminal version of a rule's page, for `evalcheck explain`."""
    lines, in_code = [], False
    for line in rule_markdown(rule).splitlines():
        if line.startswith("```"):
            in_code = not in_code
        elif in_code:
            lines.append("    " + line)
        elif line.startswith("#"):
            lines.append(line.lstrip("# ").replace("`", ""))
        else:
            lines.append(line.replace("**", "").replace("`", ""))
    return "\n".join(lines)
