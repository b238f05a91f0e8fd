"""Each rule: fires on its pitfall with the real numbers, stays silent otherwise, edge cases."""

import math

import numpy as np
import pytest

import evalcheck


def findings(report, code):
    return [f for f in report.findings if f.code == code]


def only(report, code):
    found = findings(report, code)
    assert len(found) == 1, str(report)
    return found[0]


def codes(report):
    return {f.code for f in report.findings}


HEALTHY_T = np.arange(200) % 2
HEALTHY_P = np.where(np.arange(200) % 10 == 0, 1 - HEALTHY_T, HEALTHY_T)


class TestLengthMismatch:
    def test_names_both_lengths_and_difference(self):
        f = only(evalcheck.check(HEALTHY_T, HEALTHY_P[:192]), "EC101")
        assert "200" in f.message and "192" in f.message and "-8" in f.message
        assert f.evidence["difference"] == 8
        assert "drop_last" in f.fix

    def test_scores_of_another_length(self):
        f = only(evalcheck.check(HEALTHY_T, HEALTHY_P, y_score=np.zeros(150)), "EC101")
        assert f.evidence["lengths"] == {"y_true": 200, "y_pred": 200, "y_score": 150}

    def test_silent_when_lengths_match(self):
        assert "EC101" not in codes(evalcheck.check(HEALTHY_T, HEALTHY_P, y_score=np.zeros(200)))


class TestEmptyInput:
    def test_fires_on_empty_arrays(self):
        f = only(evalcheck.check(np.array([], dtype=int), np.array([], dtype=int)), "EC102")
        assert "0 samples" in f.message

    def test_other_rules_are_skipped_not_crashed(self):
        report = evalcheck.check([], [])
        assert {s.code for s in report.skipped} >= {"EC201", "EC202", "EC401"}
        assert report.metrics == {}


class TestNanInPredictions:
    def test_counts_fraction_and_first_rows(self):
        y_score = np.linspace(0, 1, 200)
        y_score[[3, 17, 44]] = np.nan
        y_score[50] = np.inf
        f = only(evalcheck.check(HEALTHY_T, HEALTHY_P, y_score=y_score), "EC103")
        assert f.evidence["missing"] == 3 and f.evidence["infinite"] == 1
        assert f.evidence["first_rows"] == [3, 17, 44, 50]
        assert f.evidence["fraction"] == pytest.approx(4 / 200)
        assert "3 NaN/None and 1 infinite" in f.message and "2.0%" in f.message

    def test_none_in_string_predictions(self):
        y_pred = ["a", "b", None, "a"] * 10
        f = only(evalcheck.check(["a", "b"] * 20, y_pred), "EC103")
        assert f.evidence["missing"] == 10
        assert "None" in f.fix

    def test_nan_labels_are_ec104_not_ec103(self):
        y_true = HEALTHY_T.astype(float)
        y_true[0] = np.nan
        report = evalcheck.check(y_true, HEALTHY_P)
        assert "EC104" in codes(report) and "EC103" not in codes(report)


class TestLabelSetMismatch:
    def test_shift_by_one_with_accuracy_if_aligned(self):
        y_true = np.arange(300) % 3 + 1
        f = only(evalcheck.check(y_true, y_true - 1), "EC105")
        assert "y_pred + 1" in f.message
        assert f.evidence["accuracy_if_aligned"] == 1.0
        assert f.evidence["accuracy_as_given"] == 0.0
        assert "y_pred = y_pred + 1" in f.fix

    def test_str_vs_int_forms(self):
        y_true = [str(v) for v in HEALTHY_T]
        f = only(evalcheck.check(y_true, HEALTHY_P), "EC105")
        assert "strings in y_true and numbers in y_pred" in f.evidence["pattern"]
        assert f.evidence["accuracy_if_aligned"] == pytest.approx(0.9)
        assert "astype(str)" in f.fix

    def test_names_vs_indices(self):
        names = np.array(["cat", "dog", "fox"])
        y = np.arange(90) % 3
        f = only(evalcheck.check(names[y], y), "EC105")
        assert "class names in y_true and class indices in y_pred" in f.message
        assert f.evidence["accuracy_if_aligned"] == 1.0
        assert "inverse_transform" in f.fix

    def test_case_and_whitespace_variants(self):
        y_true = ["cat", "dog"] * 30
        y_pred = ["Cat", "dog "] * 30
        f = only(evalcheck.check(y_true, y_pred), "EC105")
        assert "case or whitespace" in f.message
        assert f.evidence["accuracy_if_aligned"] == 1.0

    def test_labels_subset_is_not_a_mismatch(self):
        """scikit-learn documents labels= for scoring a subset: predictions of the classes
        left out are ordinary errors (regression: EC105 error and EC304 on an unscored class)."""
        y_true = ["cat"] * 40 + ["dog"] * 40 + ["fox"] * 40
        y_pred = (
            ["cat"] * 38 + ["fox"] * 2 + ["dog"] * 36 + ["fox"] * 4 + ["fox"] * 10 + ["cat"] * 30
        )
        report = evalcheck.check(
            y_true, y_pred, metric="f1", average="macro", labels=["cat", "dog"]
        )
        assert "EC105" not in codes(report)
        assert all("fox" not in f.classes for f in report.findings if f.code == "EC304")

    def test_stray_predictions_of_an_absent_class_are_not_a_shift(self):
        """Class 1 has no true samples but is predicted a few times: no shift, no fix that
        lowers accuracy (regression: 'y_pred + 1 ... 0.060 instead of 0.813')."""
        y_true = np.r_[np.zeros(50, int), np.full(30, 2)]
        y_pred = y_true.copy()
        y_pred[[3, 9, 60, 61, 70]] = 1
        report = evalcheck.check(y_true, y_pred, metric="accuracy")
        assert "EC105" not in codes(report) and "EC203" in codes(report)
        assert all("y_pred + 1" not in f.fix for f in report.findings)

    def test_a_stray_class_alone_is_left_to_ec203(self):
        y_true = [0, 1, 2] * 20
        y_pred = [0, 1, 2] * 19 + [0, 1, 7]
        report = evalcheck.check(y_true, y_pred)
        assert "EC105" not in codes(report) and "EC203" in codes(report)


class TestShapeMismatch:
    def test_one_hot_predictions_against_indices(self):
        f = only(evalcheck.check(HEALTHY_T, np.eye(2)[HEALTHY_P]), "EC106")
        assert "(200, 2)" in f.message and f.evidence["indicator"] is True
        assert "argmax(axis=1)" in f.fix

    def test_one_hot_truth_against_indices(self):
        f = only(evalcheck.check(np.eye(2)[HEALTHY_T], HEALTHY_P), "EC106")
        assert f.message.startswith("y_true")

    def test_row_vector(self):
        f = only(evalcheck.check(HEALTHY_T.reshape(1, -1), HEALTHY_P), "EC106")
        assert "(1, 200)" in f.message and "np.ravel" in f.fix

    def test_column_vector_is_accepted(self):
        report = evalcheck.check(HEALTHY_T.reshape(-1, 1), HEALTHY_P.reshape(-1, 1))
        assert "EC106" not in codes(report)

    def test_indicator_widths_differ(self):
        report = evalcheck.check(np.eye(3)[np.arange(30) % 3], np.eye(4)[np.arange(30) % 3])
        assert "3 columns but y_pred has 4" in only(report, "EC106").message

    def test_score_matrix_width_differs_from_classes(self):
        y = np.arange(60) % 3
        proba = np.random.default_rng(0).dirichlet(np.ones(4), 60)
        f = only(evalcheck.check(y, y_score=proba, metric="roc_auc", multi_class="ovr"), "EC106")
        assert f.evidence == {"columns": 4, "classes": 3, "in_y_true": 3}
        declared = evalcheck.check(y, y_score=proba, metric="roc_auc", labels=[0, 1, 2, 3])
        assert "EC106" not in codes(declared)

    def test_a_column_for_a_predicted_class_is_not_a_width_mismatch(self):
        """Regression: '3 columns but y_true has 2 classes' when the third class is predicted."""
        y_true = np.arange(90) % 2
        y_pred = y_true.copy()
        y_pred[:6] = 2
        proba = np.full((90, 3), 0.1)
        proba[np.arange(90), y_pred] = 0.8
        report = evalcheck.check(y_true, y_pred, y_score=proba)
        assert "EC106" not in codes(report)

    def test_one_dimensional_scores_for_three_classes(self):
        y = np.arange(60) % 3
        report = evalcheck.check(y, y_score=np.linspace(0, 1, 60))
        assert "EC106" in codes(report)

    def test_three_d(self):
        f = only(evalcheck.check(HEALTHY_T, np.zeros((200, 2, 3))), "EC106")
        assert "3-D" in f.message


class TestScoresAsLabels:
    def test_probabilities_need_a_threshold(self):
        proba = np.clip(HEALTHY_P * 0.8 + 0.1 + np.arange(200) / 1000, 0, 1)
        f = only(evalcheck.check(HEALTHY_T, proba), "EC107")
        assert f.evidence["looks_like"] == "probabilities"
        assert ">= 0.5" in f.fix

    def test_user_threshold_is_used_in_the_fix(self):
        proba = np.linspace(0.01, 0.99, 200)
        f = only(evalcheck.check(HEALTHY_T, proba, threshold=0.3), "EC107")
        assert ">= 0.3" in f.fix

    def test_logits(self):
        f = only(evalcheck.check(HEALTHY_T, np.linspace(-3.3, 2.7, 200)), "EC107")
        assert "logits" in f.message and "np.where(np.asarray(y_pred) >= 0, 1, 0)" in f.fix

    def test_probability_matrix_needs_argmax(self):
        proba = np.random.default_rng(0).dirichlet([1, 1, 1], 90)
        f = only(evalcheck.check(np.arange(90) % 3, proba), "EC107")
        assert "argmax(axis=1)" in f.fix
        report = evalcheck.check(np.array(["a", "b", "c"])[np.arange(90) % 3], proba)
        assert (
            "np.asarray(['a', 'b', 'c'])[np.asarray(y_pred).argmax(axis=1)]"
            in only(report, "EC107").fix
        )

    def test_whole_floats_are_labels(self):
        assert "EC107" not in codes(evalcheck.check(HEALTHY_T, HEALTHY_P.astype(float)))

    def test_scores_for_a_score_metric_are_not_labels(self):
        report = evalcheck.check(HEALTHY_T, np.linspace(0, 1, 200), metric="roc_auc")
        assert "EC107" not in codes(report)


class TestUnsupportedAndMixed:
    def test_unsupported_names_input_and_type(self):
        f = only(evalcheck.check(HEALTHY_T, HEALTHY_P.astype(complex)), "EC112")
        assert "y_pred" in f.message and "complex" in f.message

    def test_mixed_types_names_the_kinds(self):
        f = only(evalcheck.check(["a", "b", 1] * 10, ["a"] * 30), "EC113")
        assert "str" in f.message and "int" in f.message
        assert "astype(str)" in f.fix

    def test_bool_with_int(self):
        f = only(evalcheck.check([True, False, 1] * 10, [1] * 30), "EC113")
        assert "bool" in f.message


class TestSinglePredictedClass:
    def test_ninety_nine_to_one(self):
        y_true = np.r_[np.zeros(990, int), np.ones(10, int)]
        report = evalcheck.check(y_true, np.zeros(1000, int), metric="accuracy")
        f = only(report, "EC201")
        assert "all 1,000 samples" in f.message and "0.990" in f.message
        assert f.evidence["missed_samples"] == 10
        assert report.exit_code() == 1

    def test_silent_when_truth_has_one_class(self):
        assert "EC201" not in codes(evalcheck.check([1] * 50, [1] * 50))


class TestMissingClasses:
    def test_never_predicted_class_with_support(self):
        y_true = np.arange(300) % 3
        y_pred = np.where(y_true == 2, 0, y_true)
        f = only(evalcheck.check(y_true, y_pred, metric="f1", average="macro"), "EC202")
        assert "class 2 (100 in y_true)" in f.message
        assert f.evidence["support"] == [100]
        assert "zero_division=0" in f.fix and "average='macro'" in f.fix

    def test_declared_label_without_samples(self):
        y = np.arange(300) % 3
        report = evalcheck.check(y, y, metric="recall", average="macro", labels=[0, 1, 2, 3])
        f = only(report, "EC203")
        assert "declared in labels" in f.message
        assert "labels=[0, 1, 2]" in f.fix
        assert report.metrics["requested"]["value"] == pytest.approx(0.75)

    def test_roc_auc_with_one_class(self):
        report = evalcheck.check([1] * 40, np.linspace(0, 1, 40), metric="roc_auc")
        assert "undefined" in only(report, "EC203").message


class TestAveragingMismatch:
    THREE = np.arange(300) % 3

    def test_default_binary_average_on_three_classes(self):
        report = evalcheck.check(self.THREE, self.THREE, metric="f1_score")
        f = only(report, "EC301")
        assert f.severity == "error"
        assert "defaults to average='binary'" in f.message and "3 classes" in f.message
        assert "f1_score(y_true, y_pred, average='macro')" in f.fix
        assert report.metrics["requested"]["value"] is None

    def test_micro_on_single_label_equals_accuracy(self):
        y_pred = np.where(np.arange(300) % 5 == 0, 0, self.THREE)
        f = only(evalcheck.check(self.THREE, y_pred, metric="f1", average="micro"), "EC301")
        assert f.severity == "info"  # equal to accuracy: worth saying, not a pitfall
        assert f"{(y_pred == self.THREE).mean():.3f}" in f.message

    def test_macro_on_binary(self):
        f = only(evalcheck.check(HEALTHY_T, HEALTHY_P, metric="f1", average="macro"), "EC301")
        assert f.severity == "info" and "both classes" in f.message  # a legitimate choice
        assert "average='binary', pos_label=1" in f.fix

    def test_average_none_and_weighted_are_fine(self):
        for average in (None, "weighted"):
            report = evalcheck.check(self.THREE, self.THREE, metric="f1", average=average)
            assert "EC301" not in codes(report)

    def test_severity_override(self):
        report = evalcheck.check(
            self.THREE, self.THREE, metric="f1", settings={"severity": {"EC301": "info"}}
        )
        assert only(report, "EC301").severity == "info"
        assert report.exit_code() == 0


class TestMisleadingAccuracy:
    def test_near_baseline(self):
        y_true = np.r_[np.zeros(90, int), np.ones(10, int)]
        y_pred = np.r_[np.zeros(88, int), np.ones(2, int), np.zeros(8, int), np.ones(2, int)]
        f = only(evalcheck.check(y_true, y_pred), "EC401")
        assert f.evidence["accuracy"] == pytest.approx(0.9)
        assert f.evidence["majority_baseline"] == pytest.approx(0.9)
        assert "balanced accuracy is 0.589" in f.message

    def test_error_reduction_option(self):
        y_true = np.r_[np.zeros(80, int), np.ones(20, int)]
        y_pred = np.r_[np.zeros(78, int), np.ones(2, int), np.zeros(4, int), np.ones(16, int)]
        assert "EC401" not in codes(evalcheck.check(y_true, y_pred))  # 0.94: 70% of errors gone
        strict = {"options": {"misleading-accuracy": {"min_error_reduction": 0.8}}}
        assert "EC401" in codes(evalcheck.check(y_true, y_pred, settings=strict))

    def test_accurate_models_on_imbalanced_data_are_not_flagged(self):
        """Regression: a perfect classifier on 95:5 data, and MCC 0.86, got EC401."""
        y_true = np.r_[np.zeros(950, int), np.ones(50, int)]
        assert "EC401" not in codes(evalcheck.check(y_true, y_true.copy(), metric="accuracy"))
        y_pred = y_true.copy()
        y_pred[[0, 1, 2, 950, 951, 952, 953, 954]] = [1, 1, 1, 0, 0, 0, 0, 0]
        report = evalcheck.check(y_true, y_pred, metric="accuracy")
        assert report.metrics["mcc"] > 0.85 and "EC401" not in codes(report)

    def test_micro_average_is_judged_as_accuracy(self):
        y_true = np.r_[np.zeros(90, int), np.ones(5, int), np.full(5, 2)]
        y_pred = np.zeros(100, int)
        y_pred[[90, 95]] = [1, 2]
        report = evalcheck.check(y_true, y_pred, metric="f1", average="micro")
        assert "EC401" in codes(report)

    def test_not_for_other_metrics(self):
        y_true = np.r_[np.zeros(90, int), np.ones(10, int)]
        y_pred = np.r_[np.zeros(89, int), np.ones(1, int), np.zeros(9, int), np.ones(1, int)]
        assert "EC401" not in codes(evalcheck.check(y_true, y_pred, metric="balanced_accuracy"))


class TestEngine:
    def test_crashing_rule_becomes_ec000_and_others_run(self):
        from evalcheck.registry import get_rule

        rule = get_rule("EC201")
        original = rule.function

        def boom(ctx):
            raise RuntimeError("kaput")
            yield

        object.__setattr__(rule, "function", boom)  # Rule is frozen; restore below
        try:
            report = evalcheck.check([0] * 95 + [1] * 5, [0] * 100)
        finally:
            object.__setattr__(rule, "function", original)
        f = only(report, "EC000")
        assert "EC201" in f.message and "kaput" in f.message
        assert f.evidence["exception"] == "RuntimeError"
        assert "EC401" in codes(report)

    def test_a_crashing_fact_is_one_ec000_and_its_rules_are_skipped(self, monkeypatch):
        from evalcheck import facts as context

        def boom(*args, **kwargs):
            raise RuntimeError("kaput")

        monkeypatch.setattr(context.ConfusionStats, "from_labels", boom)
        report = evalcheck.check([0, 1] * 20, [0, 1] * 20)
        crashes = findings(report, "EC000")
        assert len(crashes) == 1 and "'stats'" in crashes[0].message
        assert "EC201" in {s.code for s in report.skipped}

    def test_select_and_ignore(self):
        y_true, y_pred = [0] * 95 + [1] * 5, [0] * 100
        assert codes(evalcheck.check(y_true, y_pred, settings={"select": ["EC2"]})) == {
            "EC201",
            "EC202",
        }
        assert codes(
            evalcheck.check(
                y_true,
                y_pred,
                settings={"select": ["predictions"], "ignore": ["missing-class-in-predictions"]},
            )
        ) == {"EC201"}

    def test_roots_sorted_by_severity_then_code_each_followed_by_what_it_causes(self):
        report = evalcheck.check(np.arange(60) % 3 + 1, np.arange(60) % 3, metric="f1")
        roots = [f for f in report.findings if f.caused_by is None]
        assert [(f.severity.rank, f.code) for f in roots] == sorted(
            (f.severity.rank, f.code) for f in roots
        )
        seen = set()
        for finding in report.findings:
            if finding.caused_by:
                assert finding.caused_by in seen
            seen.add(finding.code)
        assert report.findings[0].code == "EC105"
        assert {f.code for f in report.findings if f.caused_by == "EC105"} >= {"EC202", "EC203"}

    def test_caused_by_is_transitive_to_the_root(self):
        report = evalcheck.check(
            [0] * 900 + [1] * 100, [0] * 1000, metric="precision", average="macro"
        )
        by_code = {f.code: f for f in report.findings}
        assert by_code["EC205"].caused_by == "EC201"  # via EC202
        assert by_code["EC202"].caused_by == "EC201"

    def test_nan_metrics_become_null_in_json(self):
        report = evalcheck.check([0] * 10, [0] * 10)
        assert math.isnan(report.metrics["cohen_kappa"])
        assert report.to_dict()["metrics"]["cohen_kappa"] is None
