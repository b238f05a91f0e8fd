"""Exceptions evalcheck raises. Data problems are findings, never exceptions."""


class UsageError(ValueError):
    """An invalid argument: unknown metric name, bad option value, unknown rule."""


class InputFileError(UsageError):
    """A prediction file that cannot be read, or a column that is not in it."""
