"""Small helpers that put numbers and labels into messages the same way everywhere."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
MAX_LISTED = 5


def label(value: Any, width: int = 40) -> str:
    """A class label as code would show it: ``'cat'`` for strings, ``3`` for numbers."""
    text = repr(value) if isinstance(value, str) else str(value)
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return text if len(text) <= width else text[: width - 1] + "…"


def labels(values: Iterable[Any], limit: int = MAX_LISTED) -> str:
    """``'a', 'b', 'c' and 4 more``."""
    values = list(values)
    shown = ", ".join(label(v) for v in values[:limit])
    rest = len(values) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def count(n: int, noun: str, plural: str | None = None) -> str:
    """``1 sample``, ``1,204 samples``."""
    word = noun if n == 1 else (plural or noun + "s")
    return f"{n:,} {word}"


def pct(fraction: float) -> str:
    """A share as a percentage with sensible precision: ``0.4%``, ``12%``."""
    value = 100 * fraction
    if value == 0 or value >= 10:
        return f"{value:.0f}%"
    return f"{value:.2g}%" if value < 1 else f"{value:.1f}%"


def num(value: float) -> str:
    """A metric value with three decimals."""
    return f"{value:.3f}"


def python_list(values: Iterable[Any], limit: int = 12) -> str:
    """A Python list literal for a fix snippet, shortened for very many classes."""
    values = list(values)
    if len(values) > limit:
        return "[" + ", ".join(label(v) for v in values[:limit]) + ", ...]"
    return "[" + ", ".join(label(v) for v in values) + "]"
