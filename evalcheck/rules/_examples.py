"""Deterministic example data for the rules' bad and good examples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def healthy(
    classes: Sequence[Any] = (0, 1), per_class: int = 40, error_every: int = 8
) -> tuple[list[Any], list[Any]]:
    """Balanced labels and predictions that are right except every ``error_every``-th sample,
    which is predicted as the next class: a model clearly better than chance."""
    y_true: list[Any] = []
    y_pred: list[Any] = []
    for i, cls in enumerate(classes):
        for j in range(per_class):
            y_true.append(cls)
            wrong = j % error_every == error_every - 1
            y_pred.append(classes[(i + 1) % len(classes)] if wrong else cls)
    return y_true, y_pred
