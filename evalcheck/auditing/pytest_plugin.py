"""The pytest plugin (entry point ``pytest11``): ``pytest --evalcheck``.

With ``--evalcheck``, every metric call made while the tests run (fixtures included) is
audited and labelled with its test; the terminal summary lists the findings per test, and
the session fails (exit status 1) when a finding is at or above ``fail-on`` (from
``[tool.evalcheck]``, or ``--evalcheck-fail-on``), though every test passed. Test outcomes
themselves never change; calls made by xfail tests are left out. Without the flag the plugin
does nothing and imports nothing heavy.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

FAIL_ON = ("error", "warning", "info", "never")


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("evalcheck", "evalcheck: lint the metric calls the tests make")
    group.addoption(
        "--evalcheck", action="store_true", help="audit the metric calls made during the tests"
    )
    group.addoption(
        "--evalcheck-fail-on",
        choices=FAIL_ON,
        default=None,
        help="lowest severity that fails the session (default: fail-on from the config)",
    )
    group.addoption(
        "--evalcheck-json", metavar="PATH", default=None, help="write the audit as JSON"
    )
    group.addoption(
        "--evalcheck-html", metavar="PATH", default=None, help="write the audit as HTML"
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("evalcheck"):
        config.pluginmanager.register(Auditor(config), "evalcheck-auditor")


class Auditor:
    """Runs one audit over the session; labels each call with the test that made it."""

    def __init__(self, config: pytest.Config) -> None:
        from ..config import find_config, read_settings
        from ..settings import Settings

        path = find_config(Path.cwd())
        settings = read_settings(path) if path else Settings()
        fail_on = config.getoption("evalcheck_fail_on")
        if fail_on is not None:
            settings = Settings.coerce(settings.model_dump() | {"fail_on": fail_on})
        for option in ("evalcheck_json", "evalcheck_html"):
            path = config.getoption(option)
            folder = Path(path).parent if path else None
            if folder is not None and not folder.is_dir():
                flag = "--" + option.replace("_", "-")
                raise pytest.UsageError(f"{flag} {path}: {folder} is not a directory")
        self.config = config
        self.settings = settings
        self.manager: Any = None
        self.report: Any = None
        self.expected_failures: set[str] = set()  # xfail tests: their calls are left out
        self.left_out = 0

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if getattr(report, "wasxfail", None) is not None:
            self.expected_failures.add(report.nodeid)

    def pytest_sessionstart(self, session: pytest.Session) -> None:
        from . import capture

        self.manager = capture.audit(settings=self.settings)
        self.report = self.manager.__enter__()

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Any:
        from . import capture

        capture.set_context(item.nodeid)
        try:
            return (yield)
        finally:
            capture.set_context(None)

    @pytest.hookimpl(tryfirst=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        if self.manager is None:
            return
        self.manager.__exit__(None, None, None)
        self.manager = None
        kept = [c for c in self.report.calls if c.context not in self.expected_failures]
        self.left_out = len(self.report.calls) - len(kept)
        self.report.calls = kept
        json_path = self.config.getoption("evalcheck_json")
        html_path = self.config.getoption("evalcheck_html")
        if json_path:
            Path(json_path).write_text(self.report.to_json() + "\n", encoding="utf-8")
        if html_path:
            self.report.save_html(html_path)
        if self.report.exit_code() and session.exitstatus == pytest.ExitCode.OK:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if self.report is None:
            return
        from ..render.audit import render_by_context

        terminalreporter.write_sep("=", "evalcheck")
        for line in render_by_context(self.report):
            terminalreporter.write_line(line)
        if self.left_out:
            terminalreporter.write_line(f"({self.left_out} calls made by xfail tests left out)")
        if self.report.exit_code():
            terminalreporter.write_line(
                "evalcheck fails the session: findings at or above fail-on "
                f"({self.report.fail_on})",
                red=True,
            )
