"""The rules, one module per group; importing this package registers them all."""

from . import configuration, inputs, interpretation, predictions

__all__ = ["configuration", "inputs", "interpretation", "predictions"]
