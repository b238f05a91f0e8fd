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
        if key == "checks":
            continue  # read_checks reads them
        if key == "rules":
            values["options"] = _rule_options(path, value)
        elif key.replace("_", "-") in fields:
            values[fields[key.replace("_", "-")]] = value
        else:
            valid = ", ".join([*fields, "rules", "checks"])
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


CHECK_COLUMNS = ("y-true", "y-pred", "y-score", "groups")
CHECK_SETTINGS = ("select", "ignore", "fail-on", "severity", "rules")


def read_checks(path: str | Path) -> list[Any]:
    """The ``[[checks]]`` tables of a settings file (``[[tool.evalcheck.checks]]`` in
    pyproject.toml), validated; files are relative to the settings file's folder."""
    from .call import MetricCall
    from .gate.checks import CheckSpec

    path = Path(path)
    tables = (_table(path, _load(path)) or {}).get("checks", [])
    where = "[[tool.evalcheck.checks]]" if path.name == "pyproject.toml" else "[[checks]]"
    if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
        raise UsageError(f"{path}: 'checks' must be an array of tables: {where}")
    call_keys = {name.replace("_", "-"): name for name in MetricCall.model_fields}
    valid = ", ".join(["name", "file", *CHECK_COLUMNS, *call_keys, *CHECK_SETTINGS, "min"])
    specs, names = [], set()
    for number, table in enumerate(tables, 1):
        label = f"{where} #{number}" + (f" ({table['name']!r})" if "name" in table else "")
        fields: dict[str, Any] = {"call": {}}
        for key, value in table.items():
            dashed = key.replace("_", "-")
            if dashed in ("name", "file", *CHECK_COLUMNS, "select", "ignore", "fail-on"):
                fields[dashed.replace("-", "_")] = value
            elif dashed in call_keys:
                fields["call"][call_keys[dashed]] = value
            elif dashed in ("severity", "rules", "min"):
                fields[dashed] = value
            else:
                raise UsageError(f"{path}: {label}: unknown key {key!r}; valid keys: {valid}")
        if "file" not in fields:
            raise UsageError(f"{path}: {label}: 'file' is required (a path or a glob)")
        specs.append(_check_spec(path, label, fields, CheckSpec))
        if specs[-1].name in names:
            raise UsageError(f"{path}: {label}: another check has the name {specs[-1].name!r}")
        names.add(specs[-1].name)
    return specs


def _check_spec(path: Path, label: str, fields: dict[str, Any], spec_type: Any) -> Any:
    """One check, every value validated (the call, the settings, the gates)."""
    from pydantic import ValidationError

    from .call import MetricCall
    from .gate.bounds import check_gate_spec

    gates = fields.get("min", [])
    fields["min"] = [gates] if isinstance(gates, dict) else gates
    try:
        MetricCall.of(**fields["call"])
        spec = spec_type(**fields)
        spec.settings(Settings())
        from .call import normalize_metric

        for gate in spec.min:
            try:
                metric = normalize_metric(gate.metric)
            except ValueError as exc:
                raise UsageError(str(exc)) from None
            check_gate_spec(metric, gate.average)
    except UsageError as exc:
        raise UsageError(f"{path}: {label}: {exc}") from None
    except ValidationError as exc:
        error = exc.errors()[0]
        key = ".".join(str(part) for part in error["loc"]).replace("_", "-")
        if key.startswith("min."):  # min.0.value -> min[0].value
            _head, index, *rest = key.split(".")
            key = f"min[{index}]" + "".join(f".{r}" for r in rest)
        raise UsageError(
            f"{path}: {label}: {key} = {error.get('input')!r} is not valid: {error['msg']}"
        ) from None
    return spec
