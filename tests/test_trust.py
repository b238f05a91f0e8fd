"""Regression tests for what a new user and scikit-learn's own tests found (issue 7): wrong
numbers, false errors, harmful fixes, silence where the library raises, inputs not refused."""

import json
import warnings
from pathlib import Path

import numpy as np
import pytest
from sklearn import metrics as skm
from sklearn.datasets import load_iris
from sklearn.linear_model import LogisticRegression

import evalcheck
from tests.test_cli import run as cli

ROOT = Path(__file__).resolve().parents[1]


def codes(report):
    return {f.code for f in report.findings}


def value(report):
    return report.metrics["requested"]["value"]


def quiet(function, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args, **kwargs)


@pytest.fixture(scope="module")
def animals():
    """Iris as cat/dog/bird, with a fitted model's probabilities per class name."""
    X, y = load_iris(return_X_y=True)
    names = np.array(["cat", "dog", "bird"])[y]
    model = LogisticRegression(max_iter=1000).fit(X[::2], names[::2])
    proba = model.predict_proba(X[1::2])
    by_name = {c: proba[:, i] for i, c in enumerate(model.classes_)}
    return names[1::2], model.predict(X[1::2]), by_name


# --- wrong numbers -------------------------------------------------------------------------


def test_proba_columns_are_matched_to_classes_by_name(tmp_path, animals):
    y_true, y_pred, by_name = animals
    path = tmp_path / "animals.csv"
    rows = zip(y_true, y_pred, by_name["cat"], by_name["dog"], by_name["bird"])
    path.write_text(
        "y_true,y_pred,proba_cat,proba_dog,proba_bird\n"
        + "".join(f"{t},{p},{a},{b},{c}\n" for t, p, a, b, c in rows)
    )
    result = cli("check", path, "--metric", "roc_auc", "--multi-class", "ovr", "--format", "json")
    report = json.loads(result.stdout)
    matched = np.column_stack([by_name[c] for c in sorted(by_name)])
    expected = skm.roc_auc_score(y_true, matched, multi_class="ovr")
    assert abs(report["metrics"]["requested"]["value"] - expected) < 1e-12
    finding = next(f for f in report["findings"] if f["code"] == "EC310")
    assert finding["evidence"]["columns_as_given"] == ["cat", "dog", "bird"]
    as_given = np.column_stack([by_name["cat"], by_name["dog"], by_name["bird"]])
    wrong = skm.roc_auc_score(y_true, as_given, multi_class="ovr")
    assert abs(finding["evidence"]["value_as_given"] - wrong) < 1e-12
    assert finding["severity"] == "warning"  # matched by name: only code that drops names errs
    assert result.returncode == 0


def test_unnamed_columns_in_another_order_are_detected(animals):
    y_true, y_pred, by_name = animals
    rotated = np.column_stack([by_name["dog"], by_name["bird"], by_name["cat"]])
    report = evalcheck.check(y_true, y_pred, y_score=rotated, metric="roc_auc", multi_class="ovr")
    finding = next(f for f in report.findings if f.code == "EC310")
    assert finding.evidence["agreement_permuted"] > 0.9 > finding.evidence["agreement_as_given"]


def test_cohen_kappa_with_labels_equals_sklearn():
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.integers(0, 4, 300), rng.integers(0, 4, 300)
    y_pred[:150] = y_true[:150]
    report = evalcheck.check(y_true, y_pred, metric="cohen_kappa", labels=[0, 1, 2])
    assert abs(value(report) - skm.cohen_kappa_score(y_true, y_pred, labels=[0, 1, 2])) < 1e-12


def test_multilabel_with_empty_label_columns_equals_sklearn():
    y_true = np.array([[0, 1, 0, 0, 0], [1, 0, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0]])
    y_pred = np.array([[0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [0, 1, 0, 0, 0], [0, 0, 1, 0, 0]])
    report = evalcheck.check(y_true, y_pred, metric="recall", average="macro")
    assert abs(value(report) - quiet(skm.recall_score, y_true, y_pred, average="macro")) < 1e-12


def test_samples_jaccard_over_some_labels_equals_sklearn():
    y_true = np.array([[0, 1, 1], [1, 0, 1], [1, 1, 0]])
    y_pred = np.array([[1, 1, 1], [1, 0, 0], [1, 1, 1]])
    report = evalcheck.check(y_true, y_pred, metric="jaccard", average="samples", labels=[0, 2])
    expected = quiet(skm.jaccard_score, y_true, y_pred, average="samples", labels=[0, 2])
    assert abs(value(report) - expected) < 1e-12


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_log_loss_in_the_precision_of_the_probabilities(dtype):
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 200)
    p = np.clip(0.6 * y + 0.4 * rng.random(200), 0, 1).astype(dtype)
    report = evalcheck.check(y, y_score=p, metric="log_loss")
    assert abs(value(report) - skm.log_loss(y, p)) < 1e-12


def test_roc_auc_takes_no_pos_label(tmp_path):
    y = np.arange(100) % 2
    score = np.linspace(0, 1, 100)
    report = evalcheck.check(y, y_score=score, metric="roc_auc", pos_label=0)
    finding = next(f for f in report.findings if f.code == "EC309")
    assert "unexpected keyword argument 'pos_label'" in finding.message
    assert "roc_auc_score(np.asarray(y_true) == 0, y_score)" in finding.fix  # keeps class 0
    greater = evalcheck.check(y, y_score=score, metric="roc_auc", pos_label=1)
    assert "roc_auc_score(y_true, y_score)" in next(f.fix for f in greater.findings)
    assert value(report) is None


def test_pos_label_of_f1_does_not_change_the_headline_roc_auc():
    y = np.arange(200) % 2
    score = np.clip(0.3 * y + np.random.default_rng(2).random(200) * 0.7, 0, 1)
    y_pred = (score > 0.5).astype(int)
    flipped = evalcheck.check(y, y_pred, y_score=score, metric="f1", pos_label=0)
    assert abs(flipped.metrics["roc_auc"] - skm.roc_auc_score(y, score)) < 1e-12


def test_one_vs_one_headline_says_ovo():
    y = np.arange(300) % 3
    proba = np.random.default_rng(3).dirichlet(np.ones(3), 300)
    report = evalcheck.check(y, y_score=proba, metric="roc_auc", multi_class="ovo")
    assert "ROC AUC (ovo)" in str(report) and "(ovr)" not in str(report)
    assert (
        abs(report.metrics["roc_auc_ovo"] - skm.roc_auc_score(y, proba, multi_class="ovo")) < 1e-12
    )


# --- false errors, harmful fixes -------------------------------------------------------------


def test_labels_subset_through_the_cli(tmp_path):
    rows = [("cat", "cat")] * 40 + [("dog", "dog")] * 40 + [("bird", "cat")] * 5
    rows += [("bird", "bird")] * 35 + [("cat", "bird")] * 3
    path = tmp_path / "three.csv"
    path.write_text("y_true,y_pred\n" + "".join(f"{t},{p}\n" for t, p in rows))
    result = cli("check", path, "--metric", "f1", "--average", "macro", "--labels", "cat,dog")
    assert result.returncode == 0, result.stdout
    assert "EC105" not in result.stdout and "EC304" not in result.stdout


def test_threshold_rules_stay_silent_without_a_threshold():
    y = np.r_[np.zeros(150, int), np.ones(50, int)]
    score = np.r_[np.linspace(0.02, 0.3, 150), np.linspace(0.2, 0.45, 50)]
    assert "EC405" not in codes(evalcheck.check(y, y_score=score, metric="average_precision"))
    hard = (score > 0.25).astype(float)
    report = evalcheck.check(y, y_score=hard, metric="roc_auc")
    assert "EC108" in codes(report) and "EC405" not in codes(report)


def test_all_negative_f1_is_undefined_not_an_error():
    report = evalcheck.check([0] * 50, [0] * 50, metric="f1")
    assert not [f for f in report.findings if f.severity == "error"], str(report)
    assert "EC205" in codes(report)
    assert all("raises" not in f.message for f in report.findings)


def test_perfect_precision_alone_is_not_a_perfect_score():
    y_true = np.r_[np.zeros(900, int), np.ones(100, int)]
    y_pred = y_true.copy()
    y_pred[900:910] = 0  # no false positive, a few misses
    assert "EC402" not in codes(evalcheck.check(y_true, y_pred, metric="precision"))


# --- silence where the library raises ------------------------------------------------------


def test_multiclass_probabilities_without_multi_class(animals):
    y_true, _, by_name = animals
    proba = np.column_stack([by_name[c] for c in sorted(by_name)])
    report = evalcheck.check(y_true, y_score=proba, metric="roc_auc")
    with pytest.raises(ValueError, match="multi_class"):
        skm.roc_auc_score(y_true, proba)
    finding = next(f for f in report.findings if f.code == "EC309")
    assert finding.severity == "error" and "multi_class='ovr'" in finding.fix


def test_every_fix_of_an_invalid_call_is_a_call_sklearn_accepts(animals):
    y_true, _, by_name = animals
    proba = np.column_stack([by_name[c] for c in sorted(by_name)])
    report = evalcheck.check(y_true, y_score=proba, metric="roc_auc")
    fix = next(f for f in report.findings if f.code == "EC309").evidence["valid_call"]
    namespace = {"roc_auc_score": skm.roc_auc_score, "y_true": y_true, "y_score": proba}
    assert 0.9 < eval(fix, namespace) <= 1.0  # the fix runs, and gives a real number


# --- inputs not refused --------------------------------------------------------------------


def test_y_true_is_required():
    with pytest.raises(evalcheck.UsageError, match="y_true is required"):
        evalcheck.check(None, [0, 1, 1])


def test_a_set_has_no_order():
    report = evalcheck.check({0, 1}, [0, 1])
    assert "EC112" in codes(report)


def test_masked_entries_are_missing_values():
    y_pred = np.ma.masked_array([0, 1, 1, 0] * 10, mask=[0, 0, 1, 0] * 10)
    report = evalcheck.check([0, 1, 1, 0] * 10, y_pred)
    finding = next(f for f in report.findings if f.code == "EC103")
    assert finding.evidence["missing"] == 10


def test_empty_csv_cells_are_missing(tmp_path):
    path = tmp_path / "gap.csv"
    path.write_text("y_true,y_pred\ncat,cat\ndog,\ndog,dog\ncat,cat\n")
    result = cli("check", path)
    assert result.returncode == 1 and "EC103" in result.stdout


# --- command line and configuration --------------------------------------------------------


@pytest.mark.parametrize("zero_division", ["0", "1", "nan", "warn"])
def test_zero_division_flag(zero_division):
    result = cli(
        "check",
        "examples/absent_class.csv",
        "--metric",
        "precision",
        "--average",
        "macro",
        "--zero-division",
        zero_division,
        "--format",
        "json",
    )
    assert result.returncode in (0, 1), result.stderr
    assert json.loads(result.stdout)["metrics"]["requested"]["value"] is not None


def test_threshold_flag_derives_predictions(tmp_path):
    y = np.r_[np.zeros(150, int), np.ones(50, int)]
    score = np.r_[np.linspace(0.02, 0.3, 150), np.linspace(0.2, 0.45, 50)]
    path = tmp_path / "scores.csv"
    path.write_text("y_true,y_score\n" + "".join(f"{t},{s}\n" for t, s in zip(y, score)))
    result = cli("check", path, "--metric", "f1", "--threshold", "0.25", "--format", "json")
    report = json.loads(result.stdout)
    expected = skm.f1_score(y, (score >= 0.25).astype(int))
    assert abs(report["metrics"]["requested"]["value"] - expected) < 1e-12
    assert report["inputs"]["y_pred"]["type"] == "derived"


def test_beta_flag():
    result = cli(
        "check",
        "examples/absent_class.csv",
        "--metric",
        "fbeta",
        "--beta",
        "2",
        "--average",
        "macro",
        "--format",
        "json",
    )
    requested = json.loads(result.stdout)["metrics"]["requested"]
    assert requested["call"].endswith("beta=2.0)") and requested["value"] is not None


def test_settings_are_found_in_a_parent_directory(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.evalcheck]\nignore = ["EC201"]\n')
    (tmp_path / "deep" / "er").mkdir(parents=True)
    data = ROOT / "examples" / "majority_class.csv"
    result = cli("check", data, "--format", "json", cwd=tmp_path / "deep" / "er")
    assert "EC201" not in {f["code"] for f in json.loads(result.stdout)["findings"]}


@pytest.mark.parametrize(
    ("toml", "needle"),
    [
        ('[tool.evalcheck]\nfail-on = "sometimes"\n', "fail-on = 'sometimes'"),
        ("[tool.evalcheck.rules.misleading-accuracy]\nnonsense = 1\n", "unknown option 'nonsense'"),
        ("[tool.evalcheck.rules.misleading-accuracy]\nmin_error_reduction = 'x'\n", "not a valid"),
        ("[tool.evalcheck]\nselct = []\n", "unknown key 'selct'"),
        ('[tool.evalcheck]\nignore = ["EC999"]\n', "'EC999' matches no rule"),
    ],
)
def test_settings_errors_are_one_line_naming_file_and_key(tmp_path, toml, needle):
    (tmp_path / "pyproject.toml").write_text(toml)
    result = cli("check", ROOT / "examples" / "majority_class.csv", cwd=tmp_path)
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2 and len(lines) == 1, result.stderr
    assert "pyproject.toml" in lines[0] and needle in lines[0]
    assert "fail_on" not in lines[0] and "validation error" not in lines[0]


# --- found by a new-user review ------------------------------------------------------------


@pytest.fixture(scope="module")
def cancer():
    from sklearn.datasets import load_breast_cancer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    X, y = load_breast_cancer(return_X_y=True)
    model = make_pipeline(StandardScaler(), LogisticRegression()).fit(X[::2], y[::2])
    return y[1::2], model.predict(X[1::2]), model.predict_proba(X[1::2])


def test_a_score_for_pos_label_is_not_a_column_order_error(cancer):
    y, p, proba = cancer
    names = np.array(["bad", "good"])
    report = evalcheck.check(
        names[y], names[p], y_score=proba[:, 0], metric="average_precision", pos_label="bad"
    )
    assert "EC310" not in codes(report)
    expected = skm.average_precision_score(names[y], proba[:, 0], pos_label="bad")
    assert abs(value(report) - expected) < 1e-12
    assert abs(report.metrics["average_precision"] - expected) < 1e-12


def test_the_other_class_s_score_is_found_without_predictions(cancer):
    y, _, proba = cancer
    report = evalcheck.check(y, y_score=proba[:, 0], metric="roc_auc")
    assert "EC310" in codes(report)
    assert "EC310" not in codes(evalcheck.check(y, y_score=proba[:, 1], metric="roc_auc"))


def test_default_pos_label_of_average_precision_on_labels_one_and_two(cancer):
    y, p, proba = cancer
    report = evalcheck.check(y + 1, p + 1, y_score=proba[:, 1], metric="average_precision")
    assert "EC310" in codes(report)  # the score is class 2's, the call scores class 1


def test_score_columns_named_otherwise_are_read_in_order(tmp_path):
    y = np.arange(90) % 3
    proba = np.full((90, 3), 0.2)
    proba[np.arange(90), y] = 0.6
    path = tmp_path / "s.csv"
    path.write_text(
        "y_true,s0,s1,s2\n" + "".join(f"{t},{a},{b},{c}\n" for t, (a, b, c) in zip(y, proba))
    )
    result = cli(
        "check", path, "--y-score", "s0,s1,s2", "--metric", "roc_auc", "--multi-class", "ovr"
    )
    assert result.returncode == 0 and "EC106" not in result.stdout, result.stdout


def test_a_binary_file_with_one_column_per_class(tmp_path):
    rng = np.random.default_rng(4)
    y = rng.integers(0, 2, 200)
    p = np.clip(0.4 * y + 0.6 * rng.random(200), 0, 1)
    path = tmp_path / "both.csv"
    path.write_text(
        "y_true,proba_0,proba_1\n" + "".join(f"{t},{1 - q},{q}\n" for t, q in zip(y, p))
    )
    result = cli("check", path, "--metric", "roc_auc", "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout
    assert abs(report["metrics"]["requested"]["value"] - skm.roc_auc_score(y, p)) < 1e-12


def test_class_indices_against_multi_hot_predictions():
    rng = np.random.default_rng(5)
    report = evalcheck.check(rng.integers(0, 4, 200), (rng.random((200, 4)) < 0.4).astype(int))
    assert "EC106" in codes(report)


def test_text_scores_and_missing_predictions():
    assert "EC112" in codes(
        evalcheck.check([0, 1] * 10, y_score=["0.1", "0.9"] * 10, metric="roc_auc")
    )
    with pytest.raises(evalcheck.UsageError, match="needs y_pred"):
        evalcheck.check([0, 1] * 10, None, metric="accuracy")


def test_settings_dict_takes_the_toml_names():
    settings = {
        "fail-on": "warning",
        "rules": {"misleading-accuracy": {"min_error_reduction": 0.9}},
    }
    report = evalcheck.check(
        [0] * 80 + [1] * 20, [0] * 78 + [1] * 2 + [0] * 4 + [1] * 16, settings=settings
    )
    assert report.fail_on == "warning" and "EC401" in codes(report)


# --- found by the second review ------------------------------------------------------------


def test_a_label_metric_s_pos_label_says_nothing_about_the_scores(cancer):
    y, p, proba = cancer
    report = evalcheck.check(y, p, y_score=proba[:, 1], metric="recall", pos_label=0)
    assert not [f for f in report.findings if f.severity == "error"], str(report)


def test_hard_labels_as_a_matrix_are_labels_as_scores():
    from sklearn.datasets import load_digits
    from sklearn.naive_bayes import GaussianNB

    X, y = load_digits(return_X_y=True)
    model = GaussianNB().fit(X[::2], y[::2])
    one_hot = np.eye(10)[model.predict(X[1::2])]
    report = evalcheck.check(y[1::2], one_hot, metric="roc_auc", multi_class="ovr")
    assert "EC108" in codes(report)
    swapped = model.predict_proba(X[1::2])[:, [1, 0, 2, 3, 4, 5, 6, 7, 8, 9]]
    report = evalcheck.check(
        y[1::2], model.predict(X[1::2]), y_score=swapped, metric="roc_auc", multi_class="ovr"
    )
    assert "EC310" in codes(report)


def test_predicted_class_names_as_scores(cancer):
    y, p, _ = cancer
    names = np.array(["malignant", "benign"])
    report = evalcheck.check(names[y], names[p], metric="roc_auc")
    assert "EC108" in codes(report) and "EC112" not in codes(report)


def test_groups_from_the_command_line(tmp_path):
    y = np.repeat([0, 1, 2], 40)
    p = y.copy()
    p[::7] = (p[::7] + 1) % 3
    path = tmp_path / "batches.csv"
    rows = zip(y, p, np.arange(120) // 16)
    path.write_text("y_true,y_pred,batch\n" + "".join(f"{a},{b},{c}\n" for a, b, c in rows))
    args = ("--metric", "f1", "--average", "macro", "--groups", "batch")
    assert "EC307" in cli("check", path, *args).stdout


def test_per_batch_multiclass_auc():
    rng = np.random.default_rng(0)
    n = 640
    y, g = rng.integers(0, 4, n), np.arange(n) // 32
    proba = rng.dirichlet(np.ones(4), n)
    proba[np.arange(n), y] += 0.3
    proba[:, 0] += (g % 4) * 1.5  # a shift of class 0's score per batch
    proba /= proba.sum(axis=1, keepdims=True)
    report = evalcheck.check(y, y_score=proba, groups=g, metric="roc_auc", multi_class="ovr")
    assert "EC307" in codes(report), str(report)


def test_labels_that_are_all_missing_are_missing_not_empty():
    report = evalcheck.check([np.nan] * 10, [0] * 10, metric="accuracy")
    assert "EC104" in codes(report) and "EC102" not in codes(report)


# --- found by the third review: fixes must restore the number ------------------------------


def run_fix(fix: str, **names):
    """Execute a finding's code snippet (the lines after its first) with the user's inputs."""
    import textwrap

    namespace = {"np": np, **names}
    exec(textwrap.dedent(fix.split("\n", 1)[1]), namespace)
    return namespace


def finding(report, code):
    return next(f for f in report.findings if f.code == code)


@pytest.mark.parametrize("classes", [(-1, 1), (1, 2), ("no", "yes")])
def test_thresholding_fix_keeps_the_classes(classes):
    rng = np.random.default_rng(0)
    margin = rng.normal(0, 2, 1000)
    truth = margin + rng.normal(0, 1, 1000) > 0
    y_true = np.where(truth, classes[1], classes[0])
    report = evalcheck.check(y_true, margin, metric="accuracy")
    fixed = run_fix(finding(report, "EC107").fix, y_pred=margin)["y_pred"]
    assert skm.accuracy_score(y_true, fixed) > 0.8


def test_argmax_fix_maps_columns_to_classes():
    rng = np.random.default_rng(1)
    y = rng.choice(3, 900)
    proba = rng.dirichlet(np.ones(3), 900)
    proba[np.arange(900), y] += 1
    proba /= proba.sum(axis=1, keepdims=True)
    fix = finding(evalcheck.check(y + 1, proba, metric="accuracy"), "EC107").fix
    assert skm.accuracy_score(y + 1, run_fix(fix, y_pred=proba)["y_pred"]) == 1.0
    one_hot = np.eye(3, dtype=int)[y]
    fix = finding(evalcheck.check(one_hot, y + 1, metric="accuracy"), "EC106").fix
    assert skm.accuracy_score(run_fix(fix, y_true=one_hot)["y_true"], y + 1) == 1.0


def test_case_fix_keeps_the_user_s_spelling():
    y01 = np.random.default_rng(2).integers(0, 2, 200)
    y_true = np.array(["Yes", "No"], dtype=object)[y01]
    y_pred = np.array(["yes", "no"], dtype=object)[y01]
    report = evalcheck.check(y_true, y_pred, metric="f1", pos_label="Yes")
    fixed = run_fix(finding(report, "EC105").fix, y_true=y_true, y_pred=y_pred)["y_pred"]
    assert skm.f1_score(y_true, fixed, pos_label="Yes") == 1.0


def test_bool_pos_label_on_the_command_line(tmp_path):
    path = tmp_path / "bool.csv"
    rows = [(True, True)] * 30 + [(False, False)] * 30 + [(True, False)] * 5
    path.write_text("y_true,y_pred\n" + "".join(f"{t},{p}\n" for t, p in rows))
    result = cli("check", path, "--metric", "f1", "--pos-label", "True")
    assert result.returncode == 0 and "EC303" not in result.stdout, result.stdout


def test_unread_scores_of_a_wider_model_are_only_a_warning():
    rng = np.random.default_rng(3)
    y = rng.choice(4, 1000, p=[0.4, 0.3, 0.3, 0.0])
    proba = rng.dirichlet(np.ones(4), 1000)
    report = evalcheck.check(y, y.copy(), y_score=proba, metric="f1", average="macro")
    assert finding(report, "EC106").severity == "warning" and report.exit_code() == 0


# --- found by the fourth review --------------------------------------------------------------


def _binary_file(tmp_path, columns):
    rng = np.random.default_rng(6)
    y = rng.integers(0, 2, 300)
    p = np.clip(0.35 * y + 0.65 * rng.random(300), 0, 1)
    path = tmp_path / "bin.csv"
    if columns == 1:
        path.write_text("y_true,y_score\n" + "".join(f"{t},{q}\n" for t, q in zip(y, p)))
    else:
        rows = "".join(f"{t},{1 - q},{q}\n" for t, q in zip(y, p))
        path.write_text("y_true,proba_0,proba_1\n" + rows)
    return path, y, p


@pytest.mark.parametrize("columns", [1, 2])
@pytest.mark.parametrize("pos_label", ["0", "1"])
def test_threshold_derives_predict_s_predictions(tmp_path, columns, pos_label):
    path, y, p = _binary_file(tmp_path, columns)
    args = ("--metric", "precision", "--threshold", "0.6", "--pos-label", pos_label)
    result = cli("check", path, *args, "--format", "json")
    report = json.loads(result.stdout)
    expected = skm.precision_score(y, (p >= 0.6).astype(int), pos_label=int(pos_label))
    assert abs(report["metrics"]["requested"]["value"] - expected) < 1e-12
    assert not [f for f in report["findings"] if f["severity"] == "error"], result.stdout


def test_a_label_metric_on_class_probabilities_takes_their_argmax():
    y = np.arange(90) % 3
    proba = np.full((90, 3), 0.2)
    proba[np.arange(90), y] = 0.6
    report = evalcheck.check(y, y_score=proba, metric="f1", average="macro")
    fix = finding(report, "EC309").evidence["valid_call"]
    assert "argmax(axis=1)" in fix and "continuous-multioutput" in finding(report, "EC309").message
    fixed = run_fix("fix:\n" + fix.split("\n")[0], y_score=proba)["y_pred"]
    assert skm.f1_score(y, fixed, average="macro") == 1.0


def test_missing_class_fix_is_a_valid_call_when_the_user_s_average_raises():
    """EC202's snippet keeps the user's average only when that call is valid (found by an
    audit: the bound call carries the implicit average='binary' on three classes)."""
    from sklearn.metrics import f1_score

    report = evalcheck.check([0, 1, 2] * 5, [0, 1, 1] * 5, metric="f1", average="binary")
    (ec202,) = [f for f in report.findings if f.code == "EC202"]
    snippet = ec202.fix.splitlines()[-1].strip()
    assert snippet == "f1_score(y_true, y_pred, average='macro', zero_division=0)"
    y_true, y_pred = [0, 1, 2] * 5, [0, 1, 1] * 5
    assert eval(snippet, {"f1_score": f1_score, "y_true": y_true, "y_pred": y_pred}) >= 0


def test_two_probabilities_of_a_stump_are_scores_not_hard_labels():
    """A depth-1 tree's predict_proba has two distinct values; they are its scores (found by a
    review under audit), while 0/1 or the class labels themselves are hard labels."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.tree import DecisionTreeClassifier

    x, y = load_breast_cancer(return_X_y=True)
    stump = DecisionTreeClassifier(max_depth=1).fit(x[::2], y[::2])
    scores = stump.predict_proba(x[1::2])[:, 1]
    assert np.unique(scores).size == 2
    codes = {f.code for f in evalcheck.check(y[1::2], scores, metric="roc_auc").findings}
    assert "EC108" not in codes
    labels = stump.predict(x[1::2]).astype(float)
    assert "EC108" in {f.code for f in evalcheck.check(y[1::2], labels, metric="roc_auc").findings}
