"""``evalcheck run``: run a Python program as ``python`` would, under an audit.

The program runs as ``__main__`` with its own ``sys.argv``; ``sys.path[0]`` is the script's
directory (for ``-m``, the working directory), as with ``python script.py`` and
``python -m module``. ``sys.argv``, ``sys.path`` and ``sys.modules['__main__']`` are restored
afterwards.
"""

from __future__ import annotations

import os
import runpy
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from .patch import TRAMPOLINE_FILE

_OWN_FILES = (
    runpy.__file__,
    "<frozen runpy>",
    TRAMPOLINE_FILE,
    str(Path(__file__).resolve().parents[1]),
)


@dataclass(frozen=True)
class Finished:
    """How the program ended: its exit status (0 when it returned), and the exception that
    ended it when it did not end by ``sys.exit``."""

    status: int
    error: BaseException | None = None

    @property
    def failed(self) -> bool:
        return self.status != 0


def _status_of(exit: SystemExit) -> int:
    code = exit.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    sys.stderr.write(f"{code}\n")  # as python does with sys.exit("message")
    return 1


def _without_own_frames(error: traceback.TracebackException) -> None:
    """Drop runpy's and evalcheck's frames, here and in chained exceptions."""
    seen: set[int] = set()
    pending: list[traceback.TracebackException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        kept = [f for f in current.stack if not f.filename.startswith(_OWN_FILES)]
        current.stack = traceback.StackSummary.from_list(kept)
        pending += [current.__cause__, current.__context__]


def print_program_error(error: BaseException) -> None:
    """The program's traceback on stderr, as python prints it (no frames of evalcheck's)."""
    formatted = traceback.TracebackException.from_exception(error)
    _without_own_frames(formatted)
    sys.stderr.write("".join(formatted.format()))


def _run_script(path: Path) -> None:
    """Run a script file as ``python path`` does: a fresh ``__main__`` module whose
    ``__file__`` is the absolute path; ``sys.argv[0]`` stays as typed."""
    import builtins
    import io
    import types

    main = types.ModuleType("__main__")
    main.__file__ = str(path)
    main.__builtins__ = builtins  # type: ignore[attr-defined]
    main.__cached__ = None  # type: ignore[attr-defined]
    sys.modules["__main__"] = main
    with io.open_code(str(path)) as file:
        source = file.read()
    exec(compile(source, str(path), "exec"), main.__dict__)


def run_program(target: str, args: list[str], *, module: bool = False) -> Finished:
    """Run ``target`` (a script path, or a module name when ``module``) with ``args``.

    Raises :class:`UsageError` when the script or the module cannot be found. An exception
    the program raises is caught and returned (status 1), ``KeyboardInterrupt`` included.
    """
    saved_argv, saved_path = sys.argv[:], sys.path[:]
    saved_main = sys.modules.get("__main__")
    try:
        if module:
            if not target:
                raise UsageError("-m needs a module name")
            sys.path.insert(0, os.getcwd())
            try:
                import importlib.util

                spec = importlib.util.find_spec(target)
            except (ImportError, ValueError) as exc:
                raise UsageError(f"cannot run module {target!r}: {exc}") from None
            if spec is None:
                raise UsageError(f"cannot run module {target!r}: no module named {target!r}")
            sys.argv = [spec.origin or target, *args]
            runner = lambda: runpy.run_module(target, run_name="__main__", alter_sys=True)  # noqa: E731
        else:
            path = Path(target)
            if not path.exists():
                raise UsageError(f"cannot run {target!r}: no such file")
            if path.is_dir() and not (path / "__main__.py").exists():
                raise UsageError(f"cannot run {target!r}: a directory without __main__.py")
            sys.argv = [target, *args]
            sys.path.insert(0, str(path.resolve().parent if path.is_file() else path.resolve()))
            if path.is_file():
                runner = lambda: _run_script(path.resolve())  # noqa: E731
            else:
                runner = lambda: runpy.run_path(target, run_name="__main__")  # noqa: E731
        try:
            runner()
        except SystemExit as exit:
            return Finished(_status_of(exit))
        except BaseException as error:  # the program's own failure, shown as its own
            return Finished(130 if isinstance(error, KeyboardInterrupt) else 1, error)
        return Finished(0)
    finally:
        sys.argv = saved_argv
        sys.path[:] = saved_path
        if saved_main is not None:
            sys.modules["__main__"] = saved_main
