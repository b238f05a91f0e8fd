"""What an audit checks for one captured call; each library adapter builds one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Spec:
    """What to check for one captured call (built by a library adapter)."""

    library: str
    function: str
    check_arguments: dict[str, Any] | None  # y_true + check()'s keywords; None: not checked
    call: str  # the call as written, for the output
    unmodelled: tuple[str, ...] = ()
    not_checked: str | None = None
    note: str | None = None  # how the check departs from the call, e.g. checked without it
