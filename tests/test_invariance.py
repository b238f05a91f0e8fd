"""The same evaluation gives the same findings however it is encoded or ordered
(after scikit-learn's metrics/tests/test_common.py)."""

import numpy as np
import pytest

import evalcheck

rng = np.random.default_rng(7)
N = 300
CASES = {
    "majority-only": (rng.choice(3, N, p=[0.9, 0.07, 0.03]), np.zeros(N, int), {}),
    "shifted": (np.arange(N) % 3 + 1, np.arange(N) % 3, {}),
    "absent-class": (
        np.arange(N) % 3,
        np.where(np.arange(N) % 3 == 2, 0, np.arange(N) % 3),
        {"metric": "f1", "average": "macro"},
    ),
    "binary-on-three": (
        np.arange(N) % 3,
        (np.arange(N) + (np.arange(N) % 7 == 0)) % 3,
        {"metric": "precision"},
    ),
    "healthy": (
        np.arange(N) % 4,
        np.where(np.arange(N) % 10 == 0, 0, np.arange(N) % 4),
        {"metric": "f1", "average": "weighted"},
    ),
}
NAMES = np.array(["ant", "bee", "cat", "dog", "eel"])


def fingerprint(report):
    return sorted((f.code, f.severity.value, len(f.classes)) for f in report.findings)


@pytest.mark.parametrize("case", CASES)
def test_ints_and_strings_give_the_same_findings(case):
    y_true, y_pred, call = CASES[case]
    as_ints = evalcheck.check(y_true, y_pred, **call)
    as_strings = evalcheck.check(NAMES[y_true], NAMES[y_pred], **call)
    # A shift is an encoding pattern of numbers only: 'bee' vs 'ant' is not "off by one".
    numeric_only = {"EC105"} if case == "shifted" else set()
    assert [f for f in fingerprint(as_ints) if f[0] not in numeric_only] == fingerprint(as_strings)
    for a, b in zip(as_ints.metrics["per_class"], as_strings.metrics["per_class"]):
        assert {k: v for k, v in a.items() if k != "class"} == {
            k: v for k, v in b.items() if k != "class"
        }


@pytest.mark.parametrize("case", CASES)
def test_sample_order_does_not_matter(case):
    y_true, y_pred, call = CASES[case]
    order = np.random.default_rng(1).permutation(N)
    a = evalcheck.check(y_true, y_pred, **call)
    b = evalcheck.check(y_true[order], y_pred[order], **call)
    assert fingerprint(a) == fingerprint(b)
    assert a.metrics["accuracy"] == b.metrics["accuracy"]
    assert a.metrics["mcc"] == pytest.approx(b.metrics["mcc"], abs=1e-12)


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(
    "convert", [list, np.asarray, lambda v: np.asarray(v).reshape(-1, 1), lambda v: v.astype(float)]
)
def test_list_array_column_and_float_give_the_same_findings(case, convert):
    y_true, y_pred, call = CASES[case]
    a = evalcheck.check(y_true, y_pred, **call)
    b = evalcheck.check(convert(y_true), convert(y_pred), **call)
    assert fingerprint(a) == fingerprint(b)
    assert a.metrics == b.metrics


@pytest.mark.parametrize("case", CASES)
def test_class_permutation_keeps_findings(case):
    y_true, y_pred, call = CASES[case]
    if call.get("average") in (None, "binary") and call.get("metric"):
        pytest.skip("a binary average depends on which class is positive")
    relabel = np.array([4, 2, 0, 3, 1])
    a = evalcheck.check(y_true, y_pred, **call)
    b = evalcheck.check(relabel[y_true], relabel[y_pred], **call)
    assert [c for c, _, _ in fingerprint(a) if c != "EC105"] == [
        c for c, _, _ in fingerprint(b) if c != "EC105"
    ]
