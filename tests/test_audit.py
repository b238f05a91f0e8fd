"""evalcheck.audit(): what it captures, and that the user's program sees no difference."""

from __future__ import annotations

import inspect
import subprocess
import sys
import textwrap
import threading
import traceback
import types
import warnings

import numpy as np
import pytest
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import accuracy_score, classification_report, make_scorer
from sklearn.metrics import f1_score as imported_before  # bound before any audit began

import evalcheck
from evalcheck.auditing import capture
from evalcheck.auditing.patch import Patcher, Target

Y_TRUE = np.array([0, 1, 2] * 20)
Y_PRED = np.array([0, 1, 1] * 20)  # class 2 is never predicted


def _codes(report: evalcheck.AuditReport) -> set[str]:
    return {f.code for call in report.calls for f in call.findings}


def test_alias_imported_before_the_audit_is_captured_with_its_default_average():
    with evalcheck.audit() as report, pytest.raises(ValueError, match="average='binary'"):
        imported_before(Y_TRUE, Y_PRED)  # the implicit average='binary' on 3 classes
    (call,) = report.calls
    assert call.function == "f1_score" and call.library == "sklearn"
    assert "average='binary'" in call.call
    assert call.outcome.raised == "ValueError"
    assert "EC301" in {f.code for f in call.findings}
    assert call.site.filename == __file__
    assert call.site.scope == inspect.currentframe().f_code.co_name
    assert "imported_before(Y_TRUE, Y_PRED)" in call.site.source


def test_scorers_dicts_and_partials_are_captured():
    from functools import partial

    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import cross_val_score

    x = np.random.default_rng(0).normal(size=(60, 3)) + Y_TRUE[:, None] * 0.5
    metrics = {"f1": imported_before}
    macro = partial(imported_before, average="macro")
    with evalcheck.audit() as report:
        metrics["f1"](Y_TRUE, Y_PRED, average="macro")
        macro(Y_TRUE, Y_PRED)
        cross_val_score(LogisticRegression(), x, Y_TRUE, cv=3, scoring=make_scorer(accuracy_score))
    functions = [c.function for c in report.calls]
    assert functions == [
        "f1_score",
        "f1_score",
        "accuracy_score",
        "accuracy_score",
        "accuracy_score",
    ]
    # the scorer's calls are located at the user's cross_val_score line, not inside sklearn
    assert {c.site.line for c in report.calls[2:]} == {report.calls[2].site.line}
    assert "cross_val_score(" in report.calls[2].site.source


def test_nested_library_calls_are_not_counted_twice():
    with evalcheck.audit() as report:
        classification_report(Y_TRUE, Y_PRED, zero_division=0)
        imported_before(Y_TRUE, Y_PRED, average="macro")  # -> fbeta_score -> prfs
    assert [c.function for c in report.calls] == ["classification_report", "f1_score"]


def test_results_are_unchanged_and_the_same_objects():
    expected = classification_report(Y_TRUE, Y_PRED, zero_division=0, output_dict=True)
    with evalcheck.audit():
        got = classification_report(Y_TRUE, Y_PRED, zero_division=0, output_dict=True)
        value = imported_before(Y_TRUE, Y_PRED, average="macro")
    assert got == expected
    assert value == imported_before(Y_TRUE, Y_PRED, average="macro")


def _library(tmp_path, monkeypatch):
    """A module of our own under a Patcher, to test identity of results and exceptions."""
    module = types.ModuleType("evalcheck_fake_library")
    exec(
        textwrap.dedent(
            """
            SENTINEL = object()
            ERROR = ValueError("bad input")

            def metric(y, *, fail=False, scale=2):
                if fail:
                    raise ERROR
                return SENTINEL if y is None else y * scale
            """
        ),
        module.__dict__,
    )
    monkeypatch.setitem(sys.modules, module.__name__, module)
    seen = []

    def dispatch(key, args, kwargs):
        seen.append((key, args, kwargs))
        return patcher.redirects[key].twin(*args, **kwargs)

    patcher = Patcher([Target(module.__name__, "metric", "metric")], dispatch)
    return module, patcher, seen


def test_patcher_returns_the_same_object_and_raises_the_same_exception(tmp_path, monkeypatch):
    module, patcher, seen = _library(tmp_path, monkeypatch)
    original_code = module.metric.__code__
    held = module.metric  # a reference taken before patching
    with pytest.raises(ValueError) as unpatched:
        held(1, fail=True)
    innermost = traceback.extract_tb(unpatched.value.__traceback__)[-1]
    patcher.install()
    try:
        assert held(None) is module.SENTINEL
        assert held(3, scale=5) == 15  # keyword defaults and keyword-only arguments
        with pytest.raises(ValueError) as raised:
            held(1, fail=True)
        assert raised.value is module.ERROR
        frames = traceback.extract_tb(raised.value.__traceback__)
        assert (frames[-1].name, frames[-1].lineno) == (innermost.name, innermost.lineno)
        assert inspect.signature(held) == inspect.signature(patcher.redirects["metric"].twin)
    finally:
        patcher.restore()
    assert module.metric.__code__ is original_code
    assert "__signature__" not in module.metric.__dict__
    assert len(seen) == 3
    assert held(2) == 4 and len(seen) == 3  # restored: no longer dispatched


def test_exception_and_traceback_are_the_libraries_own():
    def innermost(error: BaseException) -> tuple[str, int, str]:
        frame = traceback.extract_tb(error.__traceback__)[-1]
        return frame.filename, frame.lineno, frame.name

    with pytest.raises(ValueError) as plain:
        imported_before(Y_TRUE, Y_PRED)
    with evalcheck.audit(), pytest.raises(ValueError) as audited:
        imported_before(Y_TRUE, Y_PRED)
    assert type(audited.value) is type(plain.value)
    assert str(audited.value) == str(plain.value)
    assert innermost(audited.value) == innermost(plain.value)


def test_warnings_reach_the_user_and_are_recorded():
    y_true, y_pred = [0, 0, 1, 1], [0, 0, 0, 0]
    with evalcheck.audit() as report, pytest.warns(UndefinedMetricWarning, match="Precision"):
        value = evalcheck_precision(y_true, y_pred)
    assert value == 0.0
    (call,) = report.calls
    assert call.outcome.warnings[0].category == "UndefinedMetricWarning"
    assert "UserWarning" in call.outcome.warnings[0].bases


def test_a_warning_filter_that_raises_still_raises_inside_the_library():
    y_true, y_pred = [0, 0, 1, 1], [0, 0, 0, 0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", UndefinedMetricWarning)
        with evalcheck.audit() as report, pytest.raises(UndefinedMetricWarning) as raised:
            evalcheck_precision(y_true, y_pred)
    assert "_classification.py" in traceback.extract_tb(raised.value.__traceback__)[-2].filename
    assert report.calls[0].outcome.raised == "UndefinedMetricWarning"


def evalcheck_precision(y_true, y_pred):
    from sklearn.metrics import precision_score

    return precision_score(y_true, y_pred)


def test_a_loop_is_one_finding_with_a_count():
    with evalcheck.audit() as report:
        for _ in range(50):
            accuracy_score([1] * 95 + [0] * 5, [1] * 100)
    assert len(report.calls) == 50
    (site,) = report.sites
    repeated = {r.finding.code: r.count for r in site.findings}
    assert repeated["EC201"] == 50
    text = str(report)
    assert text.count("EC201") == 1 and "(in 50 of 50 calls)" in text
    assert report.counts()["error"] == 1
    assert report.exit_code() == 1


def test_calls_that_raised_do_not_fail_the_gate_but_are_explained():
    with evalcheck.audit() as report, pytest.raises(ValueError):
        imported_before(Y_TRUE, Y_PRED)
    assert report.exit_code() == 0
    (site,) = report.sites
    assert not site.findings and "EC301" in {r.finding.code for r in site.raised_findings}
    assert "f1_score raised ValueError" in str(report) and "EC301" in str(report)


def test_an_internal_failure_is_ec000_and_never_reaches_the_user(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("evalcheck.api.check", broken)
    with evalcheck.audit() as report:
        value = accuracy_score([0, 1, 1], [0, 1, 0])
    assert value == pytest.approx(2 / 3)
    (call,) = report.calls
    assert [f.code for f in call.findings] == ["EC000"]
    assert "RuntimeError: boom" in call.findings[0].message
    assert report.exit_code() == 1


def test_an_adapter_failure_is_ec000_too(monkeypatch):
    def broken(*args, **kwargs):
        raise KeyError("adapter")

    monkeypatch.setattr("evalcheck.auditing.sklearn.spec", broken)
    with evalcheck.audit() as report:
        assert accuracy_score([0, 1], [0, 1]) == 1.0
    assert [f.code for f in report.calls[0].findings] == ["EC000"]


def test_nothing_is_patched_outside_an_audit():
    import sklearn.metrics._classification as module

    before = module.f1_score.__code__
    with evalcheck.audit():
        assert module.f1_score.__code__ is not before
        with evalcheck.audit():  # nested audits share one installation
            pass
        assert module.f1_score.__code__ is not before
    assert module.f1_score.__code__ is before
    assert "__evalcheck_audit__" not in vars(module)
    assert warnings.warn.__module__ in ("_warnings", "warnings")


def test_importing_evalcheck_patches_nothing_and_a_later_import_is_audited():
    script = textwrap.dedent(
        """
        import sys, warnings
        import evalcheck
        warn = warnings.warn
        assert "sklearn" not in sys.modules
        with evalcheck.audit() as report:
            from sklearn.metrics import accuracy_score  # imported while the audit runs
            accuracy_score([0, 1, 1, 1], [1, 1, 1, 1])
        assert accuracy_score.__code__.co_filename != "<evalcheck audit>"
        assert warnings.warn is warn
        print(len(report.calls), report.calls[0].function)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "accuracy_score"]


def test_nested_audits_each_see_the_calls():
    with evalcheck.audit() as outer:
        accuracy_score([0, 1], [0, 1])
        with evalcheck.audit() as inner:
            accuracy_score([0, 1], [1, 1])
    assert len(outer.calls) == 2 and len(inner.calls) == 1
    assert inner.calls[0] is outer.calls[1]


def test_calls_from_other_threads_are_captured():
    with evalcheck.audit() as report:
        worker = threading.Thread(target=accuracy_score, args=([0, 1, 1], [0, 1, 1]))
        worker.start()
        worker.join()
    assert [c.function for c in report.calls] == ["accuracy_score"]


def test_decorator_forms():
    @evalcheck.audit
    def evaluate():
        return accuracy_score([0, 1, 1, 1], [1, 1, 1, 1])

    @evalcheck.audit(fail_on="warning")
    def evaluate_strictly():
        return accuracy_score([0, 1, 0, 1] * 30, [0, 1, 0, 1] * 30)

    assert evaluate() == 0.75 and evaluate.__name__ == "evaluate"
    assert len(evaluate.audit_report.calls) == 1
    assert evaluate_strictly() == 1.0
    assert evaluate_strictly.audit_report.fail_on == "warning"
    assert evaluate_strictly.audit_report.exit_code() == 1  # EC402 perfect score is a warning


def test_settings_select_rules():
    with evalcheck.audit(settings={"ignore": ["EC201"]}) as report:
        accuracy_score([1] * 95 + [0] * 5, [1] * 100)
    assert "EC201" not in _codes(report) and "EC401" in _codes(report)


def test_json_text_and_html_views():
    import json

    with evalcheck.audit() as report:
        for _ in range(3):
            imported_before(Y_TRUE, Y_PRED, average="macro")
    data = json.loads(report.to_json())
    assert data["kind"] == "audit" and data["n_calls"] == 3
    (site,) = data["sites"]
    assert site["location"].endswith(f":{report.calls[0].site.line}:{report.calls[0].site.column}")
    assert {f["code"]: f["count"] for f in site["findings"]}["EC202"] == 3
    assert data["calls"][0]["outcome"]["value"] == pytest.approx(
        imported_before(Y_TRUE, Y_PRED, average="macro")
    )
    html = report.to_html(timestamp="T")
    assert html.startswith("<!doctype html>") and "<script" not in html
    assert 'id="site-1"' in html and "EC202" in html and "in 3 of 3 calls" in html
    notebook = report._repr_html_()
    assert "evalcheck-nb" in notebook and "EC202" in notebook
    assert "3 metric calls at 1 call site" in str(report)


def test_an_empty_audit_says_so():
    with evalcheck.audit() as report:
        pass
    assert "No metric calls" in str(report) and report.exit_code() == 0


def test_audit_report_is_picklable():
    import pickle

    with evalcheck.audit() as report:
        accuracy_score([0, 1], [0, 1])
    again = pickle.loads(pickle.dumps(report))
    assert len(again.calls) == 1 and again.calls[0].function == "accuracy_score"


def test_state_is_clean_after_an_exception_in_the_block():
    with pytest.raises(KeyError), evalcheck.audit():
        raise KeyError("user")
    assert not capture._sessions
    assert capture._patcher is None or not capture._patcher.active


def test_a_search_whose_scorer_raises_counts_and_a_dummy_baseline_does_not():
    from sklearn.datasets import load_iris
    from sklearn.dummy import DummyClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV, cross_val_score

    x, y = load_iris(return_X_y=True)
    with evalcheck.audit() as report, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # scikit-learn's "Scoring failed" warnings
        search = GridSearchCV(LogisticRegression(max_iter=300), {"C": [0.1, 1]}, scoring="f1")
        search.fit(x, y)  # f1's average='binary' raises on 3 classes; scores become NaN
        baseline = cross_val_score(DummyClassifier(), x, y, cv=3)
    assert np.isnan(search.best_score_) and baseline.mean() < 0.5
    search_site, baseline_site = report.sites
    assert [r.finding.code for r in search_site.findings][:1] == ["EC301"]
    assert search_site.raised_inside == 10 and search_site.raised == 0
    assert baseline_site.findings == [] and baseline_site.baseline_findings
    assert "scores DummyClassifier(strategy='prior'), a deliberate baseline" in str(report)
    assert "made and caught by library code" in str(report)
    assert report.exit_code() == 1  # the search, not the baseline


def test_a_call_from_a_worker_thread_is_located_where_the_user_waits():
    from concurrent.futures import ThreadPoolExecutor

    with evalcheck.audit() as report, ThreadPoolExecutor(2) as pool:
        list(pool.map(accuracy_score, [[0, 1]] * 4, [[0, 1]] * 4))  # waiting line
    assert {c.site.line for c in report.calls} == {inspect.currentframe().f_lineno - 1}


def test_the_explanation_of_a_raised_call_is_its_errors_with_a_fix():
    with evalcheck.audit() as report, pytest.raises(ValueError):
        imported_before([0, 1, 2] * 20, [0, 1, 1] * 20)
    text = str(report)
    assert "why: EC301 averaging-mismatch\n" in text
    assert "fix: Average over the classes explicitly:" in text
