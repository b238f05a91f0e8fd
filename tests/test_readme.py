"""The README's promises: two set-up commands, CI runs the same test command, config works."""

import re
from pathlib import Path

import tomllib

import evalcheck

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands():
    section = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)\n```", section, flags=re.S)


def test_exactly_two_setup_commands():
    commands = setup_commands()
    assert len(commands) == 2
    assert all("\n" not in c for c in commands)
    assert "evalcheck check examples/" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert setup_commands()[1] in ci.splitlines()


def test_example_named_in_readme_exists():
    path = re.search(r"evalcheck check (\S+)", setup_commands()[0]).group(1)
    assert (ROOT / path).is_file()


def test_pyproject_snippet_is_valid_settings(tmp_path):
    snippet = re.search(r"```toml\n(.*?)\n```", README, flags=re.S).group(1)
    (tmp_path / "pyproject.toml").write_text(snippet)
    settings = evalcheck.Settings.from_pyproject(tmp_path / "pyproject.toml")
    report = evalcheck.check([0] * 90 + [1] * 10, [0] * 100, settings=settings)
    assert report.fail_on == "warning"
    assert {f.code: f.severity.value for f in report.findings}["EC401"] == "error"
    assert tomllib.loads(snippet)["tool"]["evalcheck"]["rules"]["misleading-accuracy"]


def test_ci_section_snippets_are_valid(tmp_path):
    import yaml

    from evalcheck.config import read_checks

    section = README.split("## In CI", 1)[1].split("\n## ", 1)[0]
    toml = re.search(r"```toml\n(.*?)\n```", section, flags=re.S).group(1)
    (tmp_path / "pyproject.toml").write_text(toml)
    checks = read_checks(tmp_path / "pyproject.toml")
    assert [c.name for c in checks] == ["validation", "shards"]
    assert [g.value for g in checks[1].min] == [0.90, 0.85]
    workflow = yaml.safe_load(re.search(r"```yaml\n(.*?)\n```", section, flags=re.S).group(1))
    steps = workflow["jobs"]["evalcheck"]["steps"]
    commands = [s["run"] for s in steps if "run" in s]
    assert any(c.startswith("evalcheck check --format github") for c in commands)
    uploads = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload")]
    assert uploads[0]["with"]["sarif_file"] == "evalcheck-report/evalcheck.sarif"


def test_examples_table_commands_give_the_findings_it_lists():
    """Each row of the README's examples table, run as written, finds what the row says."""
    import json
    import subprocess
    import sys

    section = README.split("## The examples", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `(\w+)` \| [^|]+ \| `([^`]+)` \| ([^|]+) \|$", section, flags=re.M)
    assert len(rows) == 5
    for name, flags, findings in rows:
        command = ["check", f"examples/{name}.csv", *flags.split(), "--format", "json"]
        result = subprocess.run(
            [sys.executable, "-m", "evalcheck", *command],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        found = {f["code"] for f in json.loads(result.stdout)["findings"]}
        listed = {code.strip() for code in findings.split(",")}
        assert listed <= found, (name, listed, found)
