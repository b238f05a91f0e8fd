"""One corpus case: where it comes from, how to rebuild its data, and what evalcheck should say."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Case:
    """An evaluation as someone made it in public.

    ``build()`` returns the inputs of :func:`evalcheck.check` (``y_true``, and any of
    ``y_pred``, ``y_score``, ``groups``, ``score_classes``); ``call`` holds the metric call
    (``metric``, ``average``, ``labels``, ``pos_label``, ``multi_class``, ``zero_division``,
    ``threshold``, ``beta``). ``expected``: slugs that must fire (empty for a healthy case);
    ``acceptable``: slugs that may also fire without being wrong.
    """

    id: str
    url: str
    summary: str
    build: Callable[[], dict[str, Any]]
    call: dict[str, Any] = field(default_factory=dict)
    expected: frozenset[str] = frozenset()
    acceptable: frozenset[str] = frozenset()

    @property
    def healthy(self) -> bool:
        return not self.expected
