"""``evalcheck.audit()``: capture and check the metric calls a program makes.

While an audit is active, each outermost call of a modelled metric function (scikit-learn's,
and torchmetrics' when it is imported) runs unchanged; afterwards evalcheck checks it with the
call's bound arguments and records the call site, the value or exception, and the warnings.
The user's result is the very object the library returned; an exception is re-raised as is;
warnings go through the user's filters as without the audit. Whatever fails inside evalcheck
becomes an EC000 finding on the call, never an exception in the user's code.

Redirection is installed when the first audit starts and removed when the last one ends
(:mod:`evalcheck.audit.patch`); nothing is patched at import. Audits nest: a call is recorded
in every active audit and checked once, with the innermost audit's settings.
"""

from __future__ import annotations

import functools
import sys
import threading
import types
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..findings import Finding, Report
from ..settings import Settings
from . import sklearn as sklearn_calls
from . import torchmetrics as torchmetrics_calls
from .patch import TRAMPOLINE_FILE, Patcher, Redirect
from .report import AuditedCall, AuditReport, CallSite, CapturedWarning, Outcome
from .spec import Spec

F = TypeVar("F", bound=Callable[..., Any])
_ADAPTERS = {"sklearn": sklearn_calls, "torchmetrics": torchmetrics_calls}


class _State(threading.local):
    depth = 0
    warnings: list[CapturedWarning] | None = None


_state = _State()
_lock = threading.RLock()
_sessions: list[tuple[AuditReport, Settings]] = []
_patcher: Patcher | None = None
_real_warn: Callable[..., None] | None = None
_context: list[str] = []  # the label of the test or cell being run, innermost last
# file name -> (a name to show instead, lines before the compiled code), or None
_site_namers: list[Callable[[str], tuple[str, int] | None]] = []


def set_context(label: str | None) -> None:
    """Label the calls that follow with ``label`` (a test id, a notebook cell); None clears."""
    _context[:] = [] if label is None else [label]


def _targets() -> list[Any]:
    return [target for adapter in _ADAPTERS.values() for target in adapter.targets()]


def _start(report: AuditReport, settings: Settings) -> None:
    global _patcher, _real_warn
    with _lock:
        _sessions.append((report, settings))
        if len(_sessions) > 1:
            return
        if _patcher is None:
            _patcher = Patcher(_targets(), _dispatch)
        _real_warn = warnings.warn
        warnings.warn = _tapped_warn  # type: ignore[assignment]
        _patcher.install()


def _stop(report: AuditReport) -> None:
    global _real_warn
    with _lock:
        for index in range(len(_sessions) - 1, -1, -1):
            if _sessions[index][0] is report:
                del _sessions[index]
                break
        if _sessions or _patcher is None or not _patcher.active:
            return
        _patcher.restore()
        for adapter in _ADAPTERS.values():
            adapter.reset()
        if warnings.warn is _tapped_warn and _real_warn is not None:
            warnings.warn = _real_warn  # type: ignore[assignment]
        _real_warn = None


def _tapped_warn(
    message: Any, category: Any = None, stacklevel: int = 1, source: Any = None, **kwargs: Any
) -> None:
    """``warnings.warn`` noting what a captured call warns about, then warning as usual."""
    noted = _state.warnings
    if noted is not None and _state.depth > 0:
        try:
            kind = message.__class__ if isinstance(message, Warning) else category or UserWarning
            noted.append(
                CapturedWarning(
                    category=getattr(kind, "__name__", str(kind)),
                    message=str(message),
                    bases=tuple(c.__name__ for c in getattr(kind, "__mro__", ())),
                )
            )
        except Exception:  # noting must never change what the warning does
            pass
    real = _real_warn or warnings.warn
    real(message, category, stacklevel + 1, source, **kwargs)


def _dispatch(key: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Run the real function; for an outermost call in an audit, record and check it."""
    __tracebackhide__ = True  # pytest shows the user's frames and the library's, not this one
    redirect = _patcher.redirects.get(key) if _patcher is not None else None
    if redirect is None:  # restored while this call was on its way, in another thread
        assert _patcher is not None
        return _patcher.original(key)(*args, **kwargs)
    if _state.depth > 0 or not _sessions:
        return redirect.twin(*args, **kwargs)
    caller = sys._getframe(1)
    noted: list[CapturedWarning] = []
    _state.depth, _state.warnings = 1, noted
    try:
        result = redirect.twin(*args, **kwargs)
    except Exception as error:
        _state.warnings = None
        _observe(redirect, args, kwargs, None, error, noted, caller)
        raise
    finally:
        _state.depth, _state.warnings = 0, None
    _observe(redirect, args, kwargs, result, None, noted, caller)
    return result


def _observe(
    redirect: Redirect,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    result: Any,
    error: Exception | None,
    noted: list[CapturedWarning],
    caller: types.FrameType,
) -> None:
    """Check the call and add it to every active audit; never raises."""
    _state.depth = 1  # evalcheck's own work is not audited
    try:
        with _lock:
            sessions = list(_sessions)
        if not sessions:
            return
        settings = sessions[-1][1]
        try:
            audited = _audited_calls(redirect, args, kwargs, result, error, noted, caller, settings)
        except Exception as exc:
            audited = [_failed_call(redirect, exc, caller)]
        for call in audited:
            for report, _ in sessions:
                report.add(call)
    except Exception:  # pragma: no cover - the last line of defence for the user's program
        pass
    finally:
        _state.depth = 0


def _audited_calls(
    redirect: Redirect,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
    result: Any,
    error: Exception | None,
    noted: list[CapturedWarning],
    caller: types.FrameType,
    settings: Settings,
) -> list[AuditedCall]:
    adapter = _ADAPTERS[redirect.target.module.split(".")[0]]
    specs = adapter.spec(redirect.target.key, args, kwargs, result, error)
    if specs is None:  # e.g. a metric object's update(): kept for its compute()
        return []
    value = None if error is not None else adapter.plain(result)
    site = call_site(caller)
    if isinstance(specs, Spec):
        return [_audited_call(specs, value, error, noted, site, settings)]
    values = value if isinstance(value, dict) else {}  # a collection: one value per member
    return [
        _audited_call(spec, values.get(_member(spec.function), None), error, noted, site, settings)
        for spec in specs
    ]


def _member(label: str) -> str:
    """``MetricCollection['acc'].compute`` -> ``acc``."""
    return label.split("[", 1)[1].split("]", 1)[0].strip("'\"") if "[" in label else label


def _audited_call(
    spec: Spec,
    value: Any,
    error: Exception | None,
    noted: list[CapturedWarning],
    site: CallSite,
    settings: Settings,
) -> AuditedCall:
    outcome = Outcome(
        value=value,
        raised=None if error is None else type(error).__name__,
        message=None if error is None else str(error),
        warnings=tuple(noted),
    )
    checked = _check(spec, settings) if spec.check_arguments is not None else Checked()
    note = spec.note or _different_value(spec, outcome, checked.report)
    return AuditedCall(
        library=spec.library,
        function=spec.function,
        site=site,
        call=spec.call,
        outcome=outcome,
        report=checked.report,
        not_checked=spec.not_checked,
        usage_error=checked.usage_error,
        leaked=checked.leaked,
        unmodelled=spec.unmodelled,
        internal=checked.internal,
        context=_context[-1] if _context else None,
        note=note,
    )


def _numbers(value: Any) -> Any:
    import numpy as np

    if isinstance(value, bool) or value is None:
        return None
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        return None
    return array if array.ndim <= 1 else None


def _different_value(spec: Spec, outcome: Outcome, report: Report | None) -> str | None:
    """A note when the library's number differs from the scikit-learn equivalent evalcheck
    computed (an argument evalcheck does not model, or a library's own convention)."""
    import numpy as np

    if report is None or outcome.raised is not None:
        return None
    computed = report.metrics.get("requested", {}).get("value")
    theirs, ours = _numbers(outcome.value), _numbers(computed)
    if theirs is None or ours is None or theirs.shape != ours.shape:
        return None
    with np.errstate(invalid="ignore"):
        same = np.isclose(theirs, ours, rtol=1e-5, atol=1e-6) | (np.isnan(theirs) & np.isnan(ours))
    if bool(np.all(same)):
        return None
    from .report import summarize_value

    why = f" ({', '.join(spec.unmodelled)} not modelled)" if spec.unmodelled else ""
    return (
        f"{spec.library} returned {summarize_value(outcome.value)} where the scikit-learn "
        f"equivalent gives {summarize_value(computed)}{why}; the findings are about the latter"
    )


@dataclass(frozen=True)
class Checked:
    """evalcheck's answer on one call: a report, a refusal, or an internal failure."""

    report: Report | None = None
    usage_error: str | None = None
    internal: Finding | None = None
    leaked: tuple[str, ...] = ()


def _check(spec: Spec, settings: Settings) -> Checked:
    from ..api import check
    from ..engine import _internal_error
    from ..errors import UsageError

    arguments = dict(spec.check_arguments or {})
    y_true = arguments.pop("y_true")
    with warnings.catch_warnings(record=True) as own:  # nothing of evalcheck's reaches the user
        warnings.simplefilter("always")
        try:
            report = check(y_true, settings=settings, **arguments)
        except UsageError as exc:
            return Checked(usage_error=str(exc))
        except Exception as exc:
            return Checked(internal=_internal_error(f"check of {spec.function}", exc))
    leaked = tuple(f"{w.category.__name__}: {w.message}" for w in own)
    return Checked(report=report, leaked=leaked)


def _failed_call(redirect: Redirect, exc: Exception, caller: types.FrameType) -> AuditedCall:
    from ..engine import _internal_error

    try:
        site = call_site(caller)
    except Exception:
        site = CallSite("<unknown>", 0, 0, "")
    name = redirect.target.key.rsplit(".", 1)[-1]
    return AuditedCall(
        library=redirect.target.module.split(".")[0],
        function=name,
        site=site,
        call=f"{name}(...)",
        outcome=Outcome(),
        internal=_internal_error(f"audit of {name}", exc),
        context=_context[-1] if _context else None,
    )


_LIBRARIES = (
    "sklearn",
    "torchmetrics",
    "torch",
    "joblib",
    "lightning_utilities",
    "lightning",
    "pytorch_lightning",
)


@functools.cache
def _library_roots(loaded: tuple[bool, ...]) -> tuple[str, ...]:
    """Directories whose frames are library code, not the call site the user wrote."""
    roots = []
    for name, present in zip(_LIBRARIES, loaded):
        module = sys.modules.get(name) if present else None
        if module is not None and getattr(module, "__file__", None):
            roots.append(str(Path(module.__file__).resolve().parent))
    return tuple(roots)


_OWN_ROOT = str(Path(__file__).resolve().parents[1])
_STDLIB = str(Path(threading.__file__).resolve().parent)


def call_site(frame: types.FrameType) -> CallSite:
    """The innermost frame outside the libraries, the standard library and evalcheck: where
    the user called. A call from a worker thread, whose stack holds no user frame, is located
    where the main thread waits for it (``cross_val_score(...)`` with a threading backend)."""
    roots = _library_roots(tuple(name in sys.modules for name in _LIBRARIES))
    library: list[types.FrameType] = []
    for walk in _outwards(frame):
        filename = walk.f_code.co_filename
        if filename == TRAMPOLINE_FILE or filename.startswith(_OWN_ROOT):
            continue
        if filename.startswith(roots):  # before the standard library, which may hold them
            library.append(walk)
            continue
        if not filename.startswith(_STDLIB) or "site-packages" in filename:
            return _site_of(walk, library)
    main = sys._current_frames().get(threading.main_thread().ident or -1)
    if main is not None and threading.current_thread() is not threading.main_thread():
        for walk in _outwards(main):
            name = walk.f_code.co_filename
            ours = name == TRAMPOLINE_FILE or name.startswith((_OWN_ROOT, *roots))
            if not ours and (not name.startswith(_STDLIB) or "site-packages" in name):
                return _site_of(walk, [*library, main])
    return _site_of(frame, library)


def _outwards(frame: types.FrameType | None) -> Iterator[types.FrameType]:
    while frame is not None:
        yield frame
        frame = frame.f_back


def _baseline(library: list[types.FrameType]) -> str | None:
    """``DummyClassifier(strategy='prior')`` when library code is scoring one (its
    ``score()``, a scorer in ``cross_val_score``): a deliberate baseline, not a model."""
    dummy = getattr(sys.modules.get("sklearn.dummy"), "DummyClassifier", None)
    if dummy is None:
        return None
    for frame in library:
        for name in ("self", "estimator"):
            value = frame.f_locals.get(name)
            if isinstance(value, dummy):
                return f"DummyClassifier(strategy={getattr(value, 'strategy', '?')!r})"
    return None


def _site_of(frame: types.FrameType, library: list[types.FrameType]) -> CallSite:
    import linecache

    code = frame.f_code
    line, column = frame.f_lineno, 1
    if sys.version_info >= (3, 11):
        positions = list(code.co_positions())
        index = frame.f_lasti // 2
        if 0 <= index < len(positions):
            start_line, _, start_col, _ = positions[index]
            line = start_line or line
            column = (start_col or 0) + 1
    source = linecache.getline(code.co_filename, line).strip()
    named = next((n for n in (namer(code.co_filename) for namer in _site_namers) if n), None)
    name, offset = named if named is not None else (None, 0)
    return CallSite(
        code.co_filename,
        line + offset,
        column,
        code.co_name,
        source,
        name,
        via_library=bool(library),
        baseline=_baseline(library),
    )


class Audit:
    """The context manager and decorator :func:`audit` returns."""

    def __init__(self, settings: Settings, echo: bool) -> None:
        self.settings = settings
        self.echo = echo
        self.report: AuditReport | None = None

    def __enter__(self) -> AuditReport:
        self.report = AuditReport(fail_on=self.settings.fail_on)
        _start(self.report, self.settings)
        return self.report

    def __exit__(self, *exc_info: Any) -> None:
        if self.report is not None:
            _stop(self.report)
            if self.echo and len(self.report):
                sys.stderr.write(str(self.report) + "\n")

    def __call__(self, function: F) -> F:
        @functools.wraps(function)
        def audited(*args: Any, **kwargs: Any) -> Any:
            with Audit(self.settings, self.echo) as report:
                audited.audit_report = report  # type: ignore[attr-defined]
                return function(*args, **kwargs)

        audited.audit_report = None  # type: ignore[attr-defined]
        return audited  # type: ignore[return-value]


def audit(
    function: Callable[..., Any] | None = None,
    *,
    settings: Settings | dict[str, Any] | None = None,
    fail_on: str | None = None,
    echo: bool = False,
) -> Any:
    """Capture and check the metric calls made while active.

    ``with evalcheck.audit() as report: ...`` fills ``report`` (an :class:`AuditReport`) with
    every outermost call of a modelled scikit-learn or torchmetrics metric. As a decorator
    (``@evalcheck.audit`` or ``@evalcheck.audit(fail_on="warning")``), each call of the
    function is audited and its report is left on ``function.audit_report``. ``settings``
    selects rules as in :func:`evalcheck.check`; ``fail_on`` sets the report's gate;
    ``echo=True`` prints the findings to stderr when the audit ends.
    """
    resolved = Settings.coerce(settings)
    if fail_on is not None:
        resolved = Settings.coerce({**resolved.model_dump(), "fail_on": fail_on})
    manager = Audit(resolved, echo)
    return manager(function) if function is not None else manager
