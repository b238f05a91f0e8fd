"""``evalcheck.spark.check(df, y_true=..., y_pred=..., **call)``: see :mod:`.sources.spark`."""

from .sources.spark import check

__all__ = ["check"]
