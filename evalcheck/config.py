"""Find and read the settings file: ``.evalcheck.toml``, ``evalcheck.toml`` or
``[tool.evalcheck]`` in ``pyproject.toml``, the nearest one from a directory upwards (as ruff
does). Every problem is one line naming the file, the TOML key and the valid values."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from .errors import UsageError
from .settings import Settings

FILES = (".evalcheck.toml", "evalcheck.toml", "pyproject.toml")


def _load(path: Path) -> dict[str, Any]:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        import tomli as tomllib
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read settings: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{path}: not valid TOML: {exc}") from None


def _table(path: Path, document: dict[str, Any]) -> dict[str, Any] | None:
    """The evalcheck table of a settings file (None: a pyproject.toml without one)."""
    if path.name == "pyproject.toml":
        return document.get("tool", {}).get("evalcheck")
    return document


def find_config(start: Path) -> Path | None:
    """The nearest settings file from ``start`` upwards, or None."""
    for directory in (start, *start.parents):
        for name in FILES:
            candidate = directory / name
            if candidate.is_file() and (
                name != "pyproject.toml" or _table(candidate, _load(candidate)) is not None
            ):
                return candidate
    return None


def _prefix(path: Path) -> str:
    return "[tool.evalcheck]" if path.name == "pyproject.toml" else "top level"


def read_settings(path: str | Path) -> Settings:
    """Validated settings from one file."""
    path = Path(path)
    table = _table(path, _load(path)) or {}
    where = _prefix(path)
    fields = {name.replace("_", "-"): name for name in Settings.model_fields if name != "options"}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key == "rules":
            values["options"] = _rule_options(path, value)
        elif key.replace("_", "-") in fields:
            values[fields[key.replace("_", "-")]] = value
        else:
            valid = ", ".join([*fields, "rules"])
            raise UsageError(f"{path}: unknown key {key!r} in {where}; valid keys: {valid}")
    from .registry import select

    try:
        settings = Settings.coerce(values)
        select(settings.select, settings.ignore)  # every selector names a rule
    except UsageError as exc:
        raise UsageError(f"{path}: {where}: {exc}") from None
    return settings


def _rule_options(path: Path, tables: Any) -> dict[str, dict[str, Any]]:
    """``[tool.evalcheck.rules.<slug>]`` tables, each option checked against its rule."""
    from .registry import get_rule

    if not isinstance(tables, dict):
        raise UsageError(f"{path}: 'rules' must be a table of [rules.<slug>] tables")
    options: dict[str, dict[str, Any]] = {}
    for key, table in tables.items():
        try:
            rule = get_rule(key)
        except UsageError as exc:
            raise UsageError(f"{path}: [rules.{key}]: {exc}") from None
        if not isinstance(table, dict):
            raise UsageError(f"{path}: [rules.{key}] must be a table of options")
        try:
            rule.validate_options(table)
        except UsageError as exc:
            raise UsageError(f"{path}: [rules.{key}] {exc}") from None
        options[rule.slug] = table
    return options
