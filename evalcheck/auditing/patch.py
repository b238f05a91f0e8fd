"""Redirect calls of library functions to evalcheck while an audit is active, and undo it.

A function is redirected by giving its own function object a new code object (a trampoline
that hands the call to :func:`dispatch`), not by replacing a module attribute. So every
reference to it sees the change: a name imported under an alias before the audit began,
a scorer built by ``make_scorer``, a dict of metrics, a bound method of a metric object.
The original code runs in a twin function made of the same code, globals, defaults and
closure. Restoring puts the original code object back; nothing else of the function changes.

Modules that are not imported yet are watched by a meta path finder and redirected when
they finish loading, so a script may import scikit-learn after the audit began.
"""

from __future__ import annotations

import importlib
import importlib.abc
import importlib.machinery
import inspect
import sys
import threading
import types
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

GLOBAL_NAME = "__evalcheck_audit__"  # the name the trampolines call, in each module's globals
TRAMPOLINE_FILE = "<evalcheck audit>"

Dispatch = Callable[[str, tuple[Any, ...], dict[str, Any]], Any]


@dataclass(frozen=True)
class Target:
    """A function to redirect: ``module`` (dotted), ``path`` (``name`` or ``Class.method``),
    and ``key``, the name the handler knows it by."""

    module: str
    path: str
    key: str


@dataclass(eq=False)
class Redirect:
    """One redirected function: the object everyone holds, its twin running the real code."""

    target: Target
    function: types.FunctionType
    original: types.CodeType
    twin: types.FunctionType
    set_signature: bool


def _trampoline(function: types.FunctionType, key: str) -> types.CodeType:
    """A code object taking ``*args, **kwargs`` that calls ``__evalcheck_audit__(key, ...)``,
    with as many free variables as ``function`` has closure cells (CPython requires it)."""
    free = [f"_cell{i}" for i in range(len(function.__code__.co_freevars))]
    name = function.__name__ if function.__name__.isidentifier() else "redirected"
    lines = ["def _outer():"]
    lines += [f"    {' = '.join(free)} = None"] if free else []
    lines += [f"    def {name}(*args, **kwargs):"]
    lines += [f"        if False: ({', '.join(free)},)"] if free else []
    lines += [f"        return {GLOBAL_NAME}({key!r}, args, kwargs)", f"    return {name}"]
    namespace: dict[str, Any] = {}
    exec(compile("\n".join(lines), TRAMPOLINE_FILE, "exec"), namespace)
    code = namespace["_outer"]().__code__
    return code.replace(co_qualname=function.__qualname__) if sys.version_info >= (3, 11) else code


def _twin(function: types.FunctionType) -> types.FunctionType:
    twin = types.FunctionType(
        function.__code__,
        function.__globals__,
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    twin.__kwdefaults__ = function.__kwdefaults__
    twin.__qualname__ = function.__qualname__
    twin.__dict__.update(function.__dict__)
    return twin


def _resolve(module: types.ModuleType, path: str) -> types.FunctionType | None:
    owner: Any = module
    *parents, name = path.split(".")
    for part in parents:
        owner = getattr(owner, part, None)
    value = inspect.getattr_static(owner, name, None) if owner is not None else None
    return value if isinstance(value, types.FunctionType) else None


class Patcher:
    """Redirects a set of targets to ``dispatch(key, args, kwargs)``, which finds the redirect
    in :attr:`redirects`; ``install()`` and ``restore()`` nest."""

    def __init__(self, targets: Sequence[Target], dispatch: Dispatch) -> None:
        self.targets = list(targets)
        self.dispatch = dispatch
        self.redirects: dict[str, Redirect] = {}
        self.lock = threading.RLock()
        self.depth = 0
        self.watcher = _Watcher(self)

    def install(self) -> None:
        with self.lock:
            self.depth += 1
            if self.depth > 1:
                return
            for module_name in {t.module for t in self.targets}:
                if module_name in sys.modules:
                    self.redirect_module(sys.modules[module_name])
            sys.meta_path.insert(0, self.watcher)

    def restore(self) -> None:
        with self.lock:
            self.depth -= 1
            if self.depth > 0:
                return
            if self.watcher in sys.meta_path:
                sys.meta_path.remove(self.watcher)
            for redirect in self.redirects.values():
                redirect.function.__code__ = redirect.original
                if redirect.set_signature:
                    redirect.function.__dict__.pop("__signature__", None)
                redirect.function.__globals__.pop(GLOBAL_NAME, None)
            self.redirects.clear()

    @property
    def active(self) -> bool:
        return self.depth > 0

    def waiting_for(self, module_name: str) -> bool:
        return any(t.module == module_name for t in self.targets)

    def redirect_module(self, module: types.ModuleType) -> None:
        """Redirect the targets that ``module`` defines (those not redirected already)."""
        with self.lock:
            if not self.active:
                return
            for target in self.targets:
                if target.module != module.__name__ or target.key in self.redirects:
                    continue
                function = _resolve(module, target.path)
                if function is None or function.__code__.co_filename == TRAMPOLINE_FILE:
                    continue
                self._redirect(target, function)

    def _redirect(self, target: Target, function: types.FunctionType) -> None:
        set_signature = (
            "__signature__" not in function.__dict__ and "__wrapped__" not in function.__dict__
        )
        if set_signature:  # inspect.signature() keeps answering as without the audit
            function.__signature__ = inspect.signature(function)  # type: ignore[attr-defined]
        twin = _twin(function)
        original = function.__code__
        function.__globals__[GLOBAL_NAME] = self.dispatch
        function.__code__ = _trampoline(function, target.key)
        self.redirects[target.key] = Redirect(target, function, original, twin, set_signature)

    def original(self, key: str) -> Callable[..., Any]:
        """The function behind ``key`` as it is now (for a call racing :meth:`restore`)."""
        target = next(t for t in self.targets if t.key == key)
        function = _resolve(importlib.import_module(target.module), target.path)
        if function is None:
            raise RuntimeError(f"evalcheck audit lost {key}")
        redirect = self.redirects.get(key)
        return redirect.twin if redirect is not None else function


class _Watcher(importlib.abc.MetaPathFinder):
    """Redirects the targets of a module when it finishes loading, if it loads mid-audit."""

    def __init__(self, patcher: Patcher) -> None:
        self.patcher = patcher
        self.finding = threading.local()

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if not self.patcher.waiting_for(fullname) or getattr(self.finding, "busy", False):
            return None
        self.finding.busy = True
        try:
            spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        finally:
            self.finding.busy = False
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return None
        spec.loader = _LoadThenRedirect(spec.loader, self.patcher)
        return spec


class _LoadThenRedirect(importlib.abc.Loader):
    """A loader running the real one, then redirecting; the module keeps the real loader."""

    def __init__(self, loader: Any, patcher: Patcher) -> None:
        self.loader = loader
        self.patcher = patcher

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.loader.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        self.patcher.redirect_module(module)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.loader, name)
