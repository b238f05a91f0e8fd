"""Which rules run, at which severity, with which options, and when a run fails."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import UsageError
from .findings import Severity

FailOn = Literal["error", "warning", "info", "never"]


class Settings(BaseModel):
    """Rule selection and configuration; mirrors ``[tool.evalcheck]`` in pyproject.toml."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    select: list[str] = Field(default_factory=lambda: ["ALL"])
    ignore: list[str] = Field(default_factory=list)
    fail_on: FailOn = "error"
    severity: dict[str, Severity] = Field(default_factory=dict)
    options: dict[str, dict[str, Any]] = Field(default_factory=dict)

    @classmethod
    def coerce(cls, value: Settings | dict[str, Any] | None) -> Settings:
        """Accept a Settings, a plain dict or None; bad values raise UsageError."""
        if isinstance(value, Settings):
            return value
        try:
            return cls(**(value or {}))
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors()
            )
            raise UsageError(f"invalid settings: {problems}") from None

    @classmethod
    def from_pyproject(cls, path: str | Path) -> Settings:
        """Read ``[tool.evalcheck]`` (``[tool.evalcheck.rules.<slug>]`` holds options)."""
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover - Python 3.10
            import tomli as tomllib
        try:
            with open(path, "rb") as handle:
                table = tomllib.load(handle).get("tool", {}).get("evalcheck", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise UsageError(f"cannot read settings from {path}: {exc}") from None
        table = {key.replace("-", "_"): value for key, value in table.items()}
        if "rules" in table:
            table["options"] = table.pop("rules")
        return cls.coerce(table)
