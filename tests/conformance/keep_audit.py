"""A pytest plugin that keeps what ``pytest --evalcheck`` audited, for the conformance tests.

Loaded with ``-p tests.conformance.keep_audit --keep-audit=PATH``: at the end of the session it
pickles the evalcheck plugin's :class:`~evalcheck.AuditReport` (None without ``--evalcheck``),
the failed test ids and the exit status to PATH. It records no call itself: the audit does.
"""

from __future__ import annotations

import pickle

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--keep-audit", metavar="PATH", help="pickle the audit and the outcomes here")


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--keep-audit")
    if path:
        config.pluginmanager.register(Keeper(path), "evalcheck-keeper")


class Keeper:
    def __init__(self, path: str) -> None:
        self.path = path
        self.failed: list[str] = []

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and report.nodeid not in self.failed:
            self.failed.append(report.nodeid)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        auditor = session.config.pluginmanager.get_plugin("evalcheck-auditor")
        data = {
            "report": None if auditor is None else auditor.report,
            "failed": self.failed,
            "exitstatus": int(exitstatus),
        }
        with open(self.path, "wb") as file:
            pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)
