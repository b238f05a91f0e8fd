"""A pytest plugin recording the outermost calls of scikit-learn's modelled metric functions.

Loaded with ``-p tests.conformance.record_plugin --evalcheck-record=PATH``. At configure time,
before any test module is imported, it replaces each function of
:data:`evalcheck.auditing.sklearn.FUNCTIONS` in ``sklearn.metrics`` and in its defining module by
a wrapper that returns the same object, re-raises the same exception and re-emits the same
warnings. Calls made while another wrapped call runs (``f1_score`` -> ``fbeta_score``) are not
recorded. Identical calls are stored once, with a count. At the end of the session the
records and the failed test ids are pickled to PATH as plain dicts, lists and arrays.
``--evalcheck-no-wrap`` records the failed test ids only (the baseline run).
"""

from __future__ import annotations

import copy
import functools
import hashlib
import importlib
import pickle
import threading
import warnings
from collections.abc import Callable, Generator
from typing import Any, NamedTuple

import numpy as np
import pytest

from evalcheck.auditing.sklearn import FUNCTIONS


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("evalcheck-record")
    group.addoption("--evalcheck-record", metavar="PATH", help="pickle the metric calls here")
    group.addoption("--evalcheck-no-wrap", action="store_true", help="record test outcomes only")


def pytest_configure(config: pytest.Config) -> None:
    path = config.getoption("--evalcheck-record")
    if path:
        recorder = Recorder(path)
        if not config.getoption("--evalcheck-no-wrap"):
            recorder.install()
        config.pluginmanager.register(recorder, "evalcheck-recorder")


def _plain(value: Any) -> Any:
    """A result as plain Python and numpy values (numpy scalars become Python numbers)."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.copy()
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(v) for v in value)
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Captured(NamedTuple):
    """A call's arguments, copied; ``blob`` is their pickle (the key for deduplication)."""

    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    converted: bool
    blob: bytes


def _as_numpy(value: Any) -> Any:
    return np.asarray(value) if hasattr(value, "__array__") else value


def _picklable(value: Any) -> bytes | None:
    try:
        return pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return None


class Recorder:
    """Wraps the metric functions and collects their calls; one per session."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.test = "<collection>"
        self.calls: dict[str, dict[str, Any]] = {}
        self.failed: list[str] = []
        self.problems: list[str] = []  # calls the recorder failed to store
        self.local = threading.local()

    def install(self) -> None:
        metrics = importlib.import_module("sklearn.metrics")
        for name, (_, module_name) in FUNCTIONS.items():
            module = importlib.import_module(module_name)
            wrapper = self.wrap(name, getattr(module, name))
            setattr(module, name, wrapper)
            setattr(metrics, name, wrapper)

    def wrap(self, name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(real)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if getattr(self.local, "active", False):
                return real(*args, **kwargs)
            self.local.active = True
            try:
                inputs = self.capture(args, kwargs)
                error: Exception | None = None
                result: Any = None
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    try:
                        result = real(*args, **kwargs)
                    except Exception as exc:
                        error = exc
            finally:
                self.local.active = False
            try:
                self.store(name, inputs, result, error, caught)
            except Exception as exc:  # never break the test for the recording's sake
                self.problems.append(f"{self.test}: {name}: {type(exc).__name__}: {exc}")
            for w in caught:
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno, source=w.source)
            if error is not None:
                raise error
            return result

        return wrapper

    @staticmethod
    def capture(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Captured | None:
        """A picklable deep copy of the arguments (array-likes that do not pickle are made
        numpy arrays), or None when they cannot be copied."""
        try:
            inputs = copy.deepcopy((args, kwargs))
        except Exception:
            return None
        blob = _picklable(inputs)
        if blob is not None:
            return Captured(*inputs, False, blob)
        try:
            args = tuple(_as_numpy(a) for a in inputs[0])
            kwargs = {k: _as_numpy(v) for k, v in inputs[1].items()}
        except Exception:
            return None
        blob = _picklable((args, kwargs))
        return None if blob is None else Captured(args, kwargs, True, blob)

    def store(
        self,
        name: str,
        captured: Captured | None,
        result: Any,
        error: Exception | None,
        caught: list[warnings.WarningMessage],
    ) -> None:
        if captured is None:
            key = f"unpicklable:{name}:{self.test}"
        else:
            key = name + ":" + hashlib.sha256(captured.blob).hexdigest()
        if key in self.calls:
            self.calls[key]["count"] += 1
            if self.test not in self.calls[key]["tests"]:
                self.calls[key]["tests"].append(self.test)
            return
        if error is not None:
            outcome = {"raised": type(error).__name__, "message": str(error)}
        else:
            value = _plain(result)
            outcome = {"value": value if _picklable(value) is not None else repr(value)}
        self.calls[key] = {
            "function": name,
            "args": None if captured is None else captured.args,
            "kwargs": None if captured is None else captured.kwargs,
            "converted": captured is not None and captured.converted,
            "picklable": captured is not None,
            "outcome": outcome,
            "warnings": [
                {
                    "category": w.category.__name__,
                    "bases": [c.__name__ for c in w.category.__mro__],
                    "message": str(w.message),
                }
                for w in caught
            ],
            "tests": [self.test],
            "count": 1,
        }

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Generator[None, object, object]:
        self.test = item.nodeid
        try:
            return (yield)
        finally:
            self.test = "<no test>"

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.failed and report.nodeid not in self.failed:
            self.failed.append(report.nodeid)

    def pytest_sessionfinish(self, session: pytest.Session, exitstatus: int) -> None:
        data = {
            "calls": list(self.calls.values()),
            "failed": self.failed,
            "problems": self.problems,
            "exitstatus": int(exitstatus),
        }
        with open(self.path, "wb") as file:
            pickle.dump(data, file, protocol=pickle.HIGHEST_PROTOCOL)
