"""Which rules run, at which severity, with which options, and when a run fails."""

from __future__ import annotations

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
    rules_url: str | None = None  # where the rule pages are published: SARIF links to them

    @classmethod
    def coerce(cls, value: Settings | dict[str, Any] | None) -> Settings:
        """Accept a Settings, a plain dict or None; bad values raise UsageError."""
        if isinstance(value, Settings):
            return value
        table = {str(k).replace("-", "_"): v for k, v in (value or {}).items()}
        if "rules" in table:  # the TOML name of the per-rule options
            table["options"] = table.pop("rules")
        try:
            settings = cls(**table)
        except ValidationError as exc:
            error = exc.errors()[0]
            key = "-".join(str(part) for part in error["loc"][:1]).replace("_", "-")
            if error["type"] == "extra_forbidden":
                valid = "select, ignore, fail-on, severity, rules, rules-url"
                raise UsageError(f"unknown setting {key!r}; valid: {valid}") from None
            detail = ".".join(map(str, error["loc"][1:]))
            where = f"{key}.{detail}" if detail else key
            expected = error.get("ctx", {}).get("expected")
            valid = f"; expected {expected}" if expected else f": {error['msg']}"
            raise UsageError(f"{where} = {error.get('input')!r} is not valid{valid}") from None
        return settings._with_rule_codes()

    def _with_rule_codes(self) -> Settings:
        """Severity overrides keyed by rule code; a key that names no rule is a UsageError
        (a typo would otherwise leave the severity silently unchanged)."""
        if not self.severity:
            return self
        from .registry import get_rule

        codes = {}
        for key, level in self.severity.items():
            try:
                codes[get_rule(key).code] = level
            except UsageError as exc:
                raise UsageError(f"severity: {exc}") from None
        return self.model_copy(update={"severity": codes})

    @classmethod
    def from_pyproject(cls, path: str | Path) -> Settings:
        """Read ``[tool.evalcheck]`` from a pyproject.toml (or a whole evalcheck.toml)."""
        from .config import read_settings

        return read_settings(path)
