"""The report's charts and links: curves, reliability bins and per-class tables equal
scikit-learn's; every finding has an anchor and every reference on the page resolves; the
comparison page shows the tests, the findings that changed and the change of the matrix."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.calibration import calibration_curve
from sklearn.datasets import load_breast_cancer, load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import (
    average_precision_score,
    confusion_matrix,
    precision_recall_curve,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import train_test_split

import evalcheck
from evalcheck.stats.curves import Calibration, CurveSummary
from evalcheck.stats.scores import binary_counts

TOL = 1e-12


@st.composite
def binary_scores(draw):
    n = draw(st.integers(2, 300))
    seed = draw(st.integers(0, 2**32 - 1))
    rng = np.random.default_rng(seed)
    y = rng.random(n) < draw(st.floats(0.05, 0.95))
    y[0], y[1] = True, False
    coarse = draw(st.sampled_from([None, 1, 2]))
    score = np.clip(0.3 * y + rng.normal(0.4, 0.25, n), 0, 1)
    return y, score if coarse is None else np.round(score, coarse)


@settings(max_examples=200, deadline=None)
@given(binary_scores())
def test_curves_and_reliability_bins_equal_scikit_learns(data):
    y, score = data
    counts = binary_counts(y, score)
    fpr, tpr = counts.roc_curve()
    ref_fpr, ref_tpr, _ = roc_curve(y, score, drop_intermediate=False)
    np.testing.assert_allclose(fpr, ref_fpr, rtol=0, atol=TOL)
    np.testing.assert_allclose(tpr, ref_tpr, rtol=0, atol=TOL)
    precision, recall = counts.precision_recall_curve()
    ref_p, ref_r, _ = precision_recall_curve(y, score, drop_intermediate=False)
    np.testing.assert_allclose(precision, ref_p[:-1][::-1], rtol=0, atol=TOL)
    np.testing.assert_allclose(recall, ref_r[:-1][::-1], rtol=0, atol=TOL)
    samples, mean, share = Calibration.from_counts(counts).curve()
    ref_true, ref_pred = calibration_curve(y, score, n_bins=10)
    np.testing.assert_allclose(mean, ref_pred, rtol=0, atol=TOL)
    np.testing.assert_allclose(share, ref_true, rtol=0, atol=TOL)
    assert samples.sum() == y.size
    # the summary the report draws: the same curves at fewer points, the same bins
    summary = CurveSummary.from_counts(counts)
    assert abs(summary.roc_auc - roc_auc_score(y, score)) < TOL
    assert abs(summary.average_precision - average_precision_score(y, score)) < TOL
    assert set(zip(summary.fpr, summary.tpr)) <= set(zip(ref_fpr, ref_tpr))
    assert (summary.fpr[0], summary.tpr[-1]) == (0.0, 1.0) and summary.fpr[-1] == 1.0
    assert set(zip(summary.recall[1:], summary.precision[1:])) <= set(zip(ref_r, ref_p))
    edges = np.array(summary.edges)
    for side, shares in ((y, summary.positive_share), (~y, summary.negative_share)):
        reference = np.histogram(score[side], edges)[0]
        np.testing.assert_allclose(shares, reference / reference.sum(), rtol=0, atol=TOL)
    bins = summary.calibration
    assert bins is not None and np.array_equal(
        bins.samples, Calibration.from_counts(counts).samples
    )


def _split(loader, model=None):
    x, y = loader(return_X_y=True)
    x_train, x_test, y_train, y_test = train_test_split(x, y, random_state=0)
    model = (model or LogisticRegression(max_iter=5000)).fit(x_train, y_train)
    return y_test, model.predict(x_test), model.predict_proba(x_test)


@pytest.fixture(scope="module")
def cancer():
    return _split(load_breast_cancer)


@pytest.fixture(scope="module")
def digits():
    return _split(load_digits)


def test_binary_charts_carry_the_operating_point_and_calibration(cancer):
    y, pred, proba = cancer
    report = evalcheck.check(y, pred, y_score=proba[:, 1], metric="roc_auc")
    scores = report.charts["scores"]
    (curve,) = scores["curves"]
    assert abs(curve["roc_auc"] - roc_auc_score(y, proba[:, 1])) < TOL
    assert abs(curve["average_precision"] - average_precision_score(y, proba[:, 1])) < TOL
    tn, fp, fn, tp = confusion_matrix(y, pred).ravel()
    point = scores["operating_point"]
    assert point["source"] == "y_pred"
    assert abs(point["fpr"] - fp / (fp + tn)) < TOL and abs(point["tpr"] - tp / (tp + fn)) < TOL
    ref_true, ref_pred = calibration_curve(y, proba[:, 1], n_bins=10)
    bins = scores["calibration"]
    np.testing.assert_allclose(bins["share_positive"], ref_true, atol=TOL)
    weights = np.array(bins["samples"]) / y.size
    assert abs(bins["ece"] - np.sum(weights * np.abs(ref_true - ref_pred))) < TOL
    # distributions are shares of each class, so a small class is not a flat line
    shares = curve["distribution"]["series"]
    assert all(abs(sum(s["share"]) - 1) < 1e-9 for s in shares.values())
    # a threshold with no predictions places the point on the curve at that threshold
    derived = evalcheck.check(y, y_score=proba[:, 1], metric="f1", threshold=0.3)
    point = derived.charts["scores"]["operating_point"]
    assert point["tpr"] == np.mean(proba[y == 1, 1] >= 0.3)


def test_multiclass_curves_are_the_weakest_classes_and_the_table_lists_all(digits):
    y, pred, proba = digits
    report = evalcheck.check(y, pred, y_score=proba, metric="roc_auc", multi_class="ovr")
    scores = report.charts["scores"]
    reference = roc_auc_score(y, proba, multi_class="ovr", average=None)
    table = scores["table"]
    assert [row["name"] for row in table] == [str(c) for c in np.argsort(reference, kind="stable")]
    for row in table:
        assert abs(row["roc_auc"] - reference[int(row["name"])]) < TOL
    names = [c["name"] for c in scores["curves"]]
    assert names == [row["name"] for row in table[:6]]
    # top-label calibration: the largest probability against whether its class is right
    confidence, right = proba.max(axis=1), proba.argmax(axis=1) == y
    share, mean = calibration_curve(right, confidence, n_bins=10)
    bins = scores["calibration"]
    np.testing.assert_allclose(bins["share_positive"], share, atol=TOL)
    np.testing.assert_allclose(bins["mean_score"], mean, atol=TOL)
    weights = np.array(bins["samples"]) / y.size
    assert abs(bins["ece"] - np.sum(weights * np.abs(share - mean))) < TOL


def test_sixty_classes_and_multilabel_have_score_views():
    rng = np.random.default_rng(3)
    y = rng.integers(0, 60, 6000)
    logits = rng.normal(0, 1, (6000, 60))
    logits[np.arange(6000), y] += rng.uniform(0, 4, 60)[y]
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    html = evalcheck.check(y, proba.argmax(1), y_score=proba, metric="roc_auc", multi_class="ovr")
    html = html.to_html(timestamp="t")
    assert html.count('<tr><th scope="row" class="label">') >= 60
    assert "ROC, 6 weakest classes" in html
    no_call = evalcheck.check(y, proba.argmax(1)).to_html(timestamp="t")
    metrics = no_call[no_call.index('id="metrics"') :]
    metrics = metrics[: metrics.index("</table>")]
    assert "no metric given" not in metrics and "n/a" not in metrics
    truth = (rng.random((400, 5)) < 0.3).astype(int)
    score = np.clip(truth * rng.uniform(0.1, 0.5, 5) + rng.random((400, 5)) * 0.6, 0, 1)
    report = evalcheck.check(truth, (score > 0.5).astype(int), y_score=score, metric="roc_auc")
    scores = report.charts["scores"]
    reference = roc_auc_score(truth, score, average=None)
    assert scores["kind"] == "multilabel"
    assert [row["name"] for row in scores["table"]] == [str(j) for j in np.argsort(reference)]
    assert "ROC, all 5 labels" in report.to_html(timestamp="t")


def ids_and_links(html):
    ids = re.findall(r'\sid="([^"]+)"', html)
    links = re.findall(r'href="#([^"]+)"', html)
    return ids, links


def test_every_finding_has_an_anchor_and_every_link_resolves():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 10, 3000)
    pred = np.where(rng.random(3000) < 0.8, y, rng.integers(0, 10, 3000))
    pred[y == 3] = np.where(rng.random((y == 3).sum()) < 0.7, 5, 3)
    pred[pred == 9] = 8
    report = evalcheck.check(y + 1, pred, metric="f1", average="macro")
    html = report.to_html(timestamp="t")
    ids, links = ids_and_links(html)
    assert len(ids) == len(set(ids))
    assert html.count('<details class="finding') == len(re.findall(r'id="finding-EC', html))
    assert links and set(links) <= set(ids)
    follows = re.findall(r'Follows from <a class="cause-link" href="#([^"]+)">(EC\d+)</a>', html)
    assert follows and all(anchor == f"finding-{code}" for anchor, code in follows)
    # the per-class table is weakest first, and a weak class links to its finding
    section = html[html.index('id="classes"') :]
    section = section[: section.index("</table>")]
    order = re.findall(r'<th scope="row" class="label">([^<]+)</th>', section)
    f1 = {row["class"]: row["f1"] for row in report.metrics["per_class"]}
    assert sorted(order) == sorted(f1) and [f1[c] for c in order] == sorted(f1.values())
    assert re.search(r'▼ weak: see <a href="#finding-EC\d+">', html)


def test_a_class_without_samples_reads_0_over_0_and_links_to_its_finding():
    y = np.array([0] * 40 + [1] * 40)
    pred = y.copy()
    pred[:3] = 2  # a class y_true never holds
    report = evalcheck.check(y, pred, metric="f1", average="macro", labels=[0, 1, 2])
    html = report.to_html(timestamp="t")
    row = re.search(
        r'<tr id="class-\d"[^>]*>\s*<th scope="row" class="label">2</th>.*?</tr>', html, re.S
    )
    assert row, "class 2 has a row"
    cells = row.group(0)
    assert cells.count(">0/0</span>") == 1  # recall: no true sample of class 2
    codes = {f.code for f in report.findings if "2" in f.classes}
    linked = set(re.findall(r'href="#finding-(EC\d+)"', cells))
    assert codes and codes <= linked


def test_pages_of_several_checks_and_notebooks_keep_ids_apart(tmp_path):
    a = evalcheck.check([0, 1, 2] * 20, [0, 1, 1] * 20, metric="f1", average="macro")
    b = evalcheck.check([0, 1, 2] * 20, [0, 2, 2] * 20, metric="f1", average="macro")
    from evalcheck.render.html import render_html_pages

    ids, links = ids_and_links(render_html_pages([a, b], timestamp="t"))
    assert len(ids) == len(set(ids)) and set(links) <= set(ids)
    notebook = a._repr_html_()
    ids, links = ids_and_links(notebook)
    assert set(links) <= set(ids)


def test_notebook_shows_the_page_headline_and_errors_expanded(cancer):
    y, pred, proba = cancer
    report = evalcheck.check(y, pred, y_score=proba, metric="roc_auc")
    view = report._repr_html_()
    assert "ROC AUC" in view and "average precision" in view
    failing = evalcheck.check([0] * 95 + [1] * 5, [0] * 100, metric="accuracy")
    view = failing._repr_html_()
    errors = re.findall(r'<details class="finding sev-error[^"]*"[^>]*>', view)
    assert errors and all(" open" in tag for tag in errors)


def test_audit_page_anchors_are_unique_per_call_site():
    from sklearn.metrics import f1_score

    with evalcheck.audit() as audit:
        f1_score([0, 1, 2] * 10, [0, 1, 1] * 10, average="macro")
        f1_score([0, 1, 2] * 10, [0, 0, 1] * 10, average="macro")
    ids, links = ids_and_links(audit.to_html(timestamp="t"))
    assert len(ids) == len(set(ids)) and set(links) <= set(ids)
    assert sum(1 for i in ids if "-finding-" in i) >= 2


def test_comparison_page(tmp_path, digits):
    from sklearn.tree import DecisionTreeClassifier

    y, candidate, _ = digits
    x, target = load_digits(return_X_y=True)
    x_train, x_test, y_train, _ = train_test_split(x, target, random_state=0)
    base = DecisionTreeClassifier(max_depth=5, random_state=0).fit(x_train, y_train).predict(x_test)
    for name, pred in (("base", base), ("candidate", candidate)):
        rows = "".join(f"{i},{t},{p}\n" for i, (t, p) in enumerate(zip(y, pred)))
        (tmp_path / f"{name}.csv").write_text("id,y_true,y_pred\n" + rows)
    import subprocess
    import sys

    page = tmp_path / "compare.html"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "evalcheck",
            "compare",
            tmp_path / "base.csv",
            tmp_path / "candidate.csv",
            "--id",
            "id",
            "--metric",
            "f1",
            "--average",
            "macro",
            "--html",
            page,
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    html = page.read_text()
    assert "the candidate is better" in html and "McNemar exact" in html
    assert "Fixed by the candidate" in html and "New in the candidate (0)" in html
    change = confusion_matrix(y, candidate) - confusion_matrix(y, base)
    shown = re.findall(r"<title>true (\d) → predicted (\d): (\d+) → (\d+)", html)
    assert len(shown) == 100
    for t, p, before, after in shown:
        assert int(after) - int(before) == change[int(t), int(p)]
    ids, links = ids_and_links(html)
    assert len(ids) == len(set(ids)) and set(links) <= set(ids)
    assert "<script" not in html and "default-src 'none'" in html


@pytest.mark.parametrize("data", ["cancer", "digits"])
def test_accumulated_batches_chart_what_one_check_charts(data, request):
    """The charts come from the statistics, not the arrays: batches accumulated chart the
    same curves, bins and tables as one check of all the samples."""
    from evalcheck import Accumulator

    y, pred, proba = request.getfixturevalue(data)
    if data == "cancer":
        proba = proba[:, 1]
    call = {"metric": "roc_auc", "multi_class": "ovr"} if data == "digits" else {"metric": "f1"}
    whole = evalcheck.check(y, pred, y_score=proba, **call).charts["scores"]
    acc = Accumulator(**call)
    for start in range(0, y.size, 100):
        part = slice(start, start + 100)
        acc.update(y[part], pred[part], y_score=proba[part])
    accumulated = acc.report().charts["scores"]
    assert accumulated.keys() == whole.keys()
    for key in whole:  # sums added batch by batch round apart by a few ulps
        if key == "calibration":
            for name, value in whole[key].items():
                if isinstance(value, str):
                    assert accumulated[key][name] == value
                else:
                    np.testing.assert_allclose(accumulated[key][name], value, rtol=0, atol=TOL)
        else:
            assert accumulated[key] == whole[key], key
