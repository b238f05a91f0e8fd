"""evalcheck: a linter for model evaluation.

``evalcheck.check(y_true, y_pred, metric='f1', average='macro')`` returns a :class:`Report`
whose findings explain what is wrong or misleading about the number, and how to fix it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__

if TYPE_CHECKING:
    from .api import check
    from .auditing.capture import audit
    from .auditing.report import AuditReport
    from .errors import InputFileError, UsageError
    from .findings import Finding, Report, Severity, SkippedRule
    from .settings import Settings
    from .stats.accumulator import Accumulator

__all__ = [
    "Accumulator",
    "AuditReport",
    "Finding",
    "InputFileError",
    "Report",
    "Settings",
    "Severity",
    "SkippedRule",
    "UsageError",
    "__version__",
    "audit",
    "check",
    "load_ipython_extension",
]

# Imported on first use, so that `evalcheck --version` starts without numpy or pydantic.
_LAZY = {
    "Accumulator": "stats.accumulator",
    "check": "api",
    "audit": "auditing.capture",
    "AuditReport": "auditing.report",
    "Finding": "findings",
    "Report": "findings",
    "Severity": "findings",
    "SkippedRule": "findings",
    "Settings": "settings",
    "UsageError": "errors",
    "InputFileError": "errors",
}


def load_ipython_extension(ipython: Any) -> None:
    """``%load_ext evalcheck``: the ``%evalcheck`` and ``%%evalcheck`` magics."""
    from .auditing.jupyter import load

    load(ipython)


def unload_ipython_extension(ipython: Any) -> None:
    """``%unload_ext evalcheck``: stop auditing cells."""
    from .auditing.jupyter import unload

    unload(ipython)


def __getattr__(name: str) -> Any:
    if name == "spark":  # evalcheck.spark.check(df, ...), pyspark imported only then
        from importlib import import_module

        return import_module(".spark", __name__)
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(f".{_LAZY[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'evalcheck' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
