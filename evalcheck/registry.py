"""The rule registry: ``@rule`` declares a rule in one place; selection by code, slug, group.

A rule is one generator function. The decorator carries its identity (code, slug), default
severity, a short fix title and a bad and a good example. The docstring is the explanation:
a summary line, then ``Why it matters:`` and ``How to fix:`` sections. Keyword-only parameters
are the rule's options; their defaults are the documented defaults.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, create_model

from .errors import UsageError
from .findings import Severity

GROUPS = {"1": "input", "2": "predictions", "3": "configuration", "4": "interpretation"}
_CODE = re.compile(r"^EC\d{3}$")
_SECTION = re.compile(r"^(Why it matters|How to fix|References|Options):\s*$")


@dataclass(frozen=True)
class Example:
    """A few lines of Python that build the inputs (``y_true``, ``y_pred``, optionally
    ``y_score`` and ``groups``), and the call arguments. The same text is run by the contract
    test and shown in the documentation, so the two cannot drift apart. The code may use
    ``np`` and ``healthy`` (balanced labels and mostly-right predictions)."""

    code: str
    call: dict[str, Any] = field(default_factory=dict)

    def data(self) -> dict[str, Any]:
        """Run the code; the inputs it defines, by name."""
        import numpy as np

        from .rules._examples import healthy

        namespace: dict[str, Any] = {"np": np, "healthy": healthy}
        exec(self.code, namespace)  # the rule author's own example text, never user input
        names = ("y_true", "y_pred", "y_score", "groups")
        return {name: namespace[name] for name in names if name in namespace}

    def preamble(self) -> list[str]:
        """The imports that make the example runnable as shown."""
        lines = ["import evalcheck"]
        if "np." in self.code:
            lines.insert(0, "import numpy as np")
        if "healthy(" in self.code:
            lines.append("from evalcheck.rules._examples import healthy  # balanced, mostly right")
        return lines

    def check_kwargs(self) -> dict[str, Any]:
        """Keyword arguments for :func:`evalcheck.check`."""
        return {**self.data(), **self.call}

    def call_text(self) -> str:
        """The ``evalcheck.check(...)`` line that runs this example."""
        inputs = [name for name in ("y_true", "y_pred") if name in self.data()]
        keywords = [f"{name}={name}" for name in ("y_score", "groups") if name in self.data()]
        keywords += [f"{key}={value!r}" for key, value in self.call.items()]
        return f"report = evalcheck.check({', '.join(inputs + keywords)})"


@dataclass(frozen=True)
class Violation:
    """What a rule yields; the engine adds the rule's identity to make a Finding."""

    message: str
    fix: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    classes: Iterable[Any] = ()
    severity: Severity | None = None


RuleFunction = Callable[..., Iterator[Violation]]


@dataclass(frozen=True)
class Rule:
    code: str
    slug: str
    severity: Severity
    title: str
    function: RuleFunction
    bad: Example
    good: Example
    companions: tuple[str, ...] = ()
    caused_by: tuple[str, ...] = ()
    options: type[BaseModel] | None = None
    weak_classes: bool = False  # its classes perform badly (reports mark them)

    @property
    def group(self) -> str:
        return GROUPS[self.code[2]]

    @property
    def summary(self) -> str:
        return self.sections()["summary"]

    @property
    def explanation(self) -> str:
        return self.sections()["Why it matters"]

    @property
    def how_to_fix(self) -> str:
        return self.sections()["How to fix"]

    def sections(self) -> dict[str, str]:
        """The docstring split into summary, 'Why it matters', 'How to fix', 'References'."""
        lines = inspect.cleandoc(self.function.__doc__ or "").splitlines()
        sections: dict[str, list[str]] = {"summary": []}
        current = "summary"
        for line in lines:
            match = _SECTION.match(line)
            if match:
                current = match.group(1)
                sections[current] = []
            else:
                sections[current].append(line.strip())
        return {
            key: re.sub(r"\s+", " ", " ".join(value)).strip() for key, value in sections.items()
        } | {k: "" for k in ("Why it matters", "How to fix") if k not in sections}

    def option_help(self) -> dict[str, str]:
        """What each option means, from the docstring's ``Options:`` lines (``name: meaning``)."""
        lines = inspect.cleandoc(self.function.__doc__ or "").split("Options:", 1)
        meanings: dict[str, str] = {}
        name = None
        for line in (lines[1] if len(lines) > 1 else "").splitlines():
            match = re.match(r"^\s*(\w+): (.*)$", line)
            if match and match.group(1) in self.option_defaults():
                name = match.group(1)
                meanings[name] = match.group(2).strip()
            elif name and line.strip():
                meanings[name] += " " + line.strip()
        return meanings

    def option_defaults(self) -> dict[str, Any]:
        return {} if self.options is None else self.options().model_dump()

    def validate_options(self, options: dict[str, Any]) -> dict[str, Any]:
        """Options as the rule takes them; unknown names or bad values raise UsageError."""
        if not options:
            return {}
        if self.options is None:
            raise UsageError(f"rule {self.code} ({self.slug}) takes no options")
        fields = self.options.model_fields
        valid = ", ".join(f"{name} (default {f.default!r})" for name, f in fields.items())
        for key, value in options.items():
            if key not in fields:
                raise UsageError(
                    f"unknown option {key!r} of {self.code} ({self.slug}); valid: {valid}"
                )
            try:
                self.options(**{key: value})
            except ValueError:
                kind = getattr(fields[key].annotation, "__name__", str(fields[key].annotation))
                raise UsageError(
                    f"option {key} = {value!r} of {self.code} ({self.slug}) is not a valid {kind}"
                ) from None
        return self.options(**options).model_dump()


_REGISTRY: dict[str, Rule] = {}


def _options_model(function: RuleFunction, slug: str) -> type[BaseModel] | None:
    fields = {
        name: (param.annotation, param.default)
        for name, param in inspect.signature(function).parameters.items()
        if param.kind is inspect.Parameter.KEYWORD_ONLY
    }
    if not fields:
        return None
    model_name = "".join(part.title() for part in slug.split("-")) + "Options"
    return create_model(model_name, __config__=ConfigDict(extra="forbid"), **fields)


def rule(
    *,
    code: str,
    slug: str,
    severity: Severity,
    title: str,
    bad: Example,
    good: Example,
    companions: tuple[str, ...] = (),
    caused_by: tuple[str, ...] = (),
    weak_classes: bool = False,
) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under ``code`` and ``slug``.

    ``companions``: rules the bad example also fires (checked by the contract test).
    ``caused_by``: rules whose finding, when present, is the root cause of this one's.
    ``weak_classes``: the classes a finding names perform badly (reports mark them).
    """
    if not _CODE.match(code) or code[2] not in GROUPS:
        raise ValueError(f"bad rule code {code!r}")

    def register(function: RuleFunction) -> RuleFunction:
        for key in (code, slug):
            if key in _REGISTRY:
                raise ValueError(f"rule {key!r} is registered twice")
        if not function.__doc__:
            raise ValueError(f"rule {code} has no docstring")
        registered = Rule(
            code=code,
            slug=slug,
            severity=severity,
            title=title,
            function=function,
            bad=bad,
            good=good,
            companions=companions,
            caused_by=caused_by,
            options=_options_model(function, slug),
            weak_classes=weak_classes,
        )
        _REGISTRY[code] = _REGISTRY[slug] = registered
        return function

    return register


def all_rules() -> list[Rule]:
    """Every registered rule, by code."""
    from . import rules  # noqa: F401 - importing registers the rules

    return sorted({r.code: r for r in _REGISTRY.values()}.values(), key=lambda r: r.code)


def get_rule(key: str) -> Rule:
    """A rule by code (``EC201``, any case) or slug."""
    all_rules()
    found = _REGISTRY.get(key.strip().upper()) or _REGISTRY.get(key.strip().lower())
    if found is None:
        raise UsageError(f"unknown rule {key!r}; run 'evalcheck rules' for the list")
    return found


def _matching(selector: str, rules: list[Rule]) -> list[Rule]:
    key = selector.strip()
    if key.upper() == "ALL":
        return rules
    if key.lower() in GROUPS.values():
        return [r for r in rules if r.group == key.lower()]
    if re.fullmatch(r"EC\d{0,3}", key.upper()):
        found = [r for r in rules if r.code.startswith(key.upper())]
    else:
        found = [r for r in rules if r.slug == key.lower()]
    if not found:
        groups = ", ".join(GROUPS.values())
        raise UsageError(
            f"{selector!r} matches no rule; use ALL, a group ({groups}), "
            "a code or code prefix (EC2, EC201) or a slug"
        )
    return found


def select(include: Iterable[str] = ("ALL",), exclude: Iterable[str] = ()) -> list[Rule]:
    """The rules matched by ``include`` and by none of ``exclude``, by code."""
    rules = all_rules()
    chosen = {r.code for s in include for r in _matching(s, rules)}
    dropped = {r.code for s in exclude for r in _matching(s, rules)}
    return [r for r in rules if r.code in chosen - dropped]
