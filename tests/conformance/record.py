"""Audit the metric calls of scikit-learn's own metric tests, in a subprocess, cached.

``record()`` runs the shipped ``test_classification.py`` and ``test_ranking.py`` under
``pytest --evalcheck`` (evalcheck's own plugin, so the calls are captured and checked by
``evalcheck.audit()``), keeps the audit with :mod:`tests.conformance.keep_audit` and returns a
:class:`Recording`. The pickle is cached (default:
``<tempdir>/evalcheck-conformance-<sklearn version>.pkl``) and reused while scikit-learn, its
tests and evalcheck's sources are unchanged.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sklearn

import evalcheck
from evalcheck.auditing.report import AuditedCall

from . import keep_audit

REPO = Path(__file__).resolve().parents[2]
SITE_PACKAGES = Path(sklearn.__file__).resolve().parents[1]
TEST_FILES = tuple(
    SITE_PACKAGES / "sklearn" / "metrics" / "tests" / name
    for name in ("test_classification.py", "test_ranking.py")
)
PLUGIN = "tests.conformance.keep_audit"


@dataclass(eq=False)
class Call:
    """One audited call: what scikit-learn did with it, and evalcheck's answer (``audited``).

    ``outcome`` is ``{"value": ...}`` or ``{"raised": type name, "message": ...}``;
    each warning is ``{"category", "bases" (the category's MRO names), "message"}``.
    """

    function: str
    outcome: dict[str, Any]
    warnings: list[dict[str, Any]]
    tests: list[str]
    audited: AuditedCall
    count: int = 1

    @classmethod
    def of(cls, audited: AuditedCall) -> Call:
        outcome = audited.outcome
        if outcome.raised is not None:
            what: dict[str, Any] = {"raised": outcome.raised, "message": outcome.message or ""}
        else:
            what = {"value": outcome.value}
        return cls(
            function=audited.function,
            outcome=what,
            warnings=[
                {"category": w.category, "bases": list(w.bases), "message": w.message}
                for w in outcome.warnings
            ],
            tests=[audited.context or "<no test>"],
            audited=audited,
        )

    @property
    def raised(self) -> bool:
        return "raised" in self.outcome

    @property
    def test(self) -> str:
        """The test that made this call."""
        return self.tests[0]


@dataclass
class Recording:
    """The calls of one run of the scikit-learn tests, and how the run went."""

    sklearn_version: str
    fingerprint: str
    calls: list[Call]
    failed: list[str]
    exitstatus: int
    seconds: float
    problems: list[str]  # calls evalcheck failed to audit (EC000 outside a check)


def default_cache() -> Path:
    """``<tempdir>/evalcheck-conformance-<sklearn version>.pkl``."""
    return Path(tempfile.gettempdir()) / f"evalcheck-conformance-{sklearn.__version__}.pkl"


def fingerprint() -> str:
    """What the recording depends on: scikit-learn, its tests, evalcheck's sources."""
    digest = hashlib.sha256(sklearn.__version__.encode())
    sources = sorted(Path(evalcheck.__file__).parent.rglob("*.py"))
    for path in (*TEST_FILES, Path(keep_audit.__file__), *sources):
        digest.update(path.read_bytes())
    return digest.hexdigest()


def run_tests(output: Path, *, wrap: bool = True, targets: list[str] | None = None) -> int:
    """Run scikit-learn's tests (or ``targets``, node ids) in a subprocess, audited unless
    ``wrap`` is false, keeping the audit in ``output``; return pytest's exit status."""
    paths = [str(p) for p in TEST_FILES] if targets is None else targets
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-p",
        PLUGIN,
        "-p",
        "no:cacheprovider",
        "-q",
        "--rootdir",
        str(SITE_PACKAGES),
        "--keep-audit",
        str(output),
        *(("--evalcheck", "--evalcheck-fail-on", "never") if wrap else ()),
        *paths,
    ]
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    with tempfile.TemporaryDirectory() as cwd:
        done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    if not output.exists():
        raise RuntimeError(f"the recording run wrote nothing:\n{done.stdout[-3000:]}{done.stderr}")
    return done.returncode


def baseline_failures(node_ids: list[str]) -> list[str]:
    """Which of ``node_ids`` (relative to site-packages) fail without the recorder."""
    if not node_ids:
        return []
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "baseline.pkl"
        run_tests(output, wrap=False, targets=[str(SITE_PACKAGES / n) for n in node_ids])
        return pickle.loads(output.read_bytes())["failed"]


def record(cache: Path | None = None, refresh: bool = False) -> Recording:
    """The recording, from ``cache`` when it is current, else by running the tests."""
    cache = default_cache() if cache is None else cache
    current = fingerprint()
    if cache.exists() and not refresh:
        try:
            cached = pickle.loads(cache.read_bytes())
        except Exception:
            cached = None
        if isinstance(cached, Recording) and cached.fingerprint == current:
            return cached
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "calls.pkl"
        start = time.perf_counter()
        status = run_tests(output)
        seconds = time.perf_counter() - start
        data = pickle.loads(output.read_bytes())
    audited = list(data["report"].calls)
    recording = Recording(
        sklearn_version=sklearn.__version__,
        fingerprint=current,
        calls=[Call.of(c) for c in audited],
        failed=data["failed"],
        exitstatus=status,
        seconds=seconds,
        problems=[
            f"{c.context}: {c.internal.message}"
            for c in audited
            if c.internal is not None and c.internal.evidence.get("step", "").startswith("audit")
        ],
    )
    cache.parent.mkdir(parents=True, exist_ok=True)
    partial = cache.with_suffix(f".{os.getpid()}.tmp")
    partial.write_bytes(pickle.dumps(recording, protocol=pickle.HIGHEST_PROTOCOL))
    partial.replace(cache)
    return recording
