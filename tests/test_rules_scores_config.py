"""Rules EC108-EC111, EC204-EC206, EC302-EC308, EC402-EC405: fire with the real numbers,
stay silent on the healthy variant, edge cases."""

import numpy as np
import pytest

import evalcheck

rng = np.random.default_rng(0)


def only(report, code):
    found = [f for f in report.findings if f.code == code]
    assert len(found) == 1, str(report)
    return found[0]


def codes(report):
    return {f.code for f in report.findings}


Y = np.r_[np.zeros(150, int), np.ones(50, int)]
GOOD_SCORE = np.clip(0.3 * Y + rng.normal(0.35, 0.15, 200), 0, 1)


class TestLabelsAsScores:
    def test_hard_labels_for_roc_auc(self):
        y_pred = (GOOD_SCORE > 0.5).astype(int)
        f = only(evalcheck.check(Y, y_pred, metric="roc_auc"), "EC108")
        assert f.evidence["distinct_values"] == [0.0, 1.0]
        expected = evalcheck.check(Y, y_pred, metric="balanced_accuracy").metrics["requested"]
        assert f.evidence["value"] == pytest.approx(expected["value"])
        assert "predict_proba" in f.fix

    def test_real_scores_are_fine(self):
        assert "EC108" not in codes(evalcheck.check(Y, GOOD_SCORE, metric="roc_auc"))

    def test_only_for_score_metrics(self):
        assert "EC108" not in codes(evalcheck.check(Y, Y, y_score=Y, metric="f1"))


class TestNonIntegerLabels:
    def test_float_noise(self):
        f = only(evalcheck.check(Y * 0.9999999, Y), "EC109")
        assert "np.rint" in f.fix and f.evidence["fractional_share"] == pytest.approx(0.25)

    def test_interpolated_mask(self):
        y_true = np.r_[Y[:-10], np.full(10, 0.5)]
        f = only(evalcheck.check(y_true, Y), "EC109")
        assert ">= 0.5" in f.fix and "0.5" in f.message


class TestUnnormalizedProbabilities:
    def test_logit_matrix_for_log_loss(self):
        logits = rng.normal(size=(90, 3)) * 3
        f = only(evalcheck.check(np.arange(90) % 3, y_score=logits, metric="log_loss"), "EC110")
        assert "softmax" in f.fix and f.evidence["rows_off"] > 80

    def test_binary_margins_are_fine_for_ranking(self):
        margins = GOOD_SCORE * 6 - 3
        for metric in ("roc_auc", "average_precision"):
            assert "EC110" not in codes(evalcheck.check(Y, margins, metric=metric))
        assert "EC110" in codes(evalcheck.check(Y, margins, metric="log_loss"))

    def test_multilabel_sigmoids_need_not_sum_to_one(self):
        y = (rng.random((100, 3)) < 0.5).astype(int)
        report = evalcheck.check(
            y, y, y_score=np.clip(y * 0.8 + 0.1, 0, 1), metric="f1", average="samples"
        )
        assert "EC110" not in codes(report)


class TestSentinel:
    def test_ignore_index(self):
        y_true = np.arange(300) % 3
        y_true[::5] = -100
        y_pred = np.arange(300) % 3
        f = only(evalcheck.check(y_true, y_pred), "EC111")
        assert f.evidence == {"sentinel": -100, "count": 60, "share": 0.2, "classes": [0, 1, 2]}
        assert "!= -100" in f.fix

    def test_minus_one_predicted_is_a_real_class(self):
        y = np.array([-1, 0, 1] * 40)
        assert "EC111" not in codes(evalcheck.check(y, y))


class TestZeroTruePositives:
    def test_swapped_classes(self):
        y_true = np.arange(300) % 3
        swap = np.array([0, 2, 1])
        f = only(evalcheck.check(y_true, swap[y_true]), "EC204")
        assert f.evidence["classes"]["1"] == {
            "support": 100,
            "predicted": 100,
            "mostly_predicted_as": "2",
        }


class TestUndefinedMetric:
    def test_precision_range_over_zero_division(self):
        y_true = np.arange(300) % 3
        y_pred = np.where(y_true == 2, 0, y_true)
        f = only(evalcheck.check(y_true, y_pred, metric="precision", average="macro"), "EC205")
        assert f.evidence["value_zero_division_0"] == pytest.approx((0.5 + 1) / 3)
        assert f.evidence["value_zero_division_1"] == pytest.approx((0.5 + 1 + 1) / 3)
        assert f.evidence["value_nan_excluded"] == pytest.approx(0.75)
        assert f.caused_by == "EC202"

    def test_f1_of_a_never_predicted_class_is_defined(self):
        y_true = np.arange(300) % 3
        y_pred = np.where(y_true == 2, 0, y_true)
        report = evalcheck.check(y_true, y_pred, metric="f1", average="macro")
        assert "EC205" not in codes(report)


class TestChanceLevel:
    def test_shuffled_predictions(self):
        y_true = np.arange(600) % 3
        y_pred = rng.permutation(y_true)
        f = only(evalcheck.check(y_true, y_pred), "EC206")
        assert abs(f.evidence["cohen_kappa"]) < 0.1
        assert "shuffle=False" in f.fix


class TestMultilabelAsMulticlass:
    Y = (rng.random((120, 4)) < 0.4).astype(int)

    def test_argmax_predictions(self):
        f = only(evalcheck.check(self.Y, self.Y.argmax(axis=1)), "EC302")
        assert f.evidence["n_labels"] == 4
        report = evalcheck.check(self.Y, self.Y.argmax(axis=1))
        assert "EC106" not in codes(report)

    def test_softmax_scores(self):
        proba = rng.dirichlet(np.ones(4), 120)
        f = only(
            evalcheck.check(self.Y, self.Y, y_score=proba, metric="f1", average="macro"), "EC302"
        )
        assert "sums to 1" in f.message

    def test_per_label_thresholds_are_fine(self):
        report = evalcheck.check(self.Y, self.Y, metric="f1", average="samples")
        assert "EC302" not in codes(report)


class TestPosLabel:
    def test_yes_no_with_default(self):
        y = np.array(["no", "yes"] * 50)
        f = only(evalcheck.check(y, y, metric="f1"), "EC303")
        assert "pos_label='yes'" in f.fix
        assert evalcheck.check(y, y, metric="f1").metrics["requested"]["value"] is None

    def test_one_two_labels(self):
        y = np.array([1, 2] * 50)
        assert "EC303" not in codes(evalcheck.check(y, y, metric="f1"))  # 1 is a label
        f = only(evalcheck.check(y + 1, y + 1, metric="recall"), "EC303")
        assert "pos_label=3" in f.fix


class TestAverageHidesWeakClass:
    def test_weak_class_under_weighted_f1(self):
        y_true = np.r_[np.zeros(400, int), np.ones(400, int), np.full(60, 2)]
        y_pred = y_true.copy()
        y_pred[800:845] = 0  # class 2: recall 0.25
        f = only(evalcheck.check(y_true, y_pred, metric="f1", average="weighted"), "EC304")
        assert f.evidence["weak_classes"]["2"]["recall"] == pytest.approx(0.25)
        low, high = f.evidence["weak_classes"]["2"]["recall_interval_95"]
        assert low < 0.25 < high < 0.4
        assert "classification_report" in f.fix

    def test_small_classes_are_left_to_ec404(self):
        y_true = np.r_[np.zeros(400, int), np.full(6, 1)]
        y_pred = np.r_[np.zeros(400, int), [1, 0, 0, 0, 0, 0]]
        assert "EC304" not in codes(evalcheck.check(y_true, y_pred))


class TestMultilabelAccuracy:
    def test_subset_vs_label_accuracy(self):
        y_true = (rng.random((200, 6)) < 0.5).astype(int)
        y_pred = np.where(rng.random((200, 6)) < 0.9, y_true, 1 - y_true)
        f = only(evalcheck.check(y_true, y_pred, metric="accuracy"), "EC305")
        assert f.evidence["label_accuracy"] - f.evidence["subset_accuracy"] > 0.3


class TestElementwiseAccuracy:
    def test_one_hot_binary_accuracy(self):
        y = np.arange(100) % 10
        y_pred = np.where(np.arange(100) % 2 == 0, y, (y + 1) % 10)
        f = only(
            evalcheck.check(np.eye(10)[y], np.eye(10)[y_pred], metric="binary_accuracy"), "EC306"
        )
        assert f.evidence["categorical_accuracy"] == 0.5
        assert f.evidence["elementwise_accuracy"] == pytest.approx(0.9)


class TestBatchAveraged:
    def test_per_batch_macro_f1(self):
        y_true = np.arange(300) % 3
        y_pred = np.where(np.arange(300) % 7 == 0, (y_true + 1) % 3, y_true)
        order = np.argsort(y_true, kind="stable")
        y_true, y_pred = y_true[order], y_pred[order]
        groups = np.arange(300) // 32
        f = only(
            evalcheck.check(y_true, y_pred, metric="f1", average="macro", groups=groups), "EC307"
        )
        assert f.evidence["n_groups"] == 10
        assert f.evidence["pooled"] == pytest.approx(
            evalcheck.check(y_true, y_pred, metric="f1", average="macro").metrics["requested"][
                "value"
            ]
        )

    def test_equal_batches_of_accuracy_agree(self):
        y_true = np.arange(300) % 3
        y_pred = np.where(np.arange(300) % 7 == 0, (y_true + 1) % 3, y_true)
        report = evalcheck.check(y_true, y_pred, metric="accuracy", groups=np.arange(300) % 10)
        assert "EC307" not in codes(report)

    def test_groups_of_another_length_are_reported_as_skipped(self):
        report = evalcheck.check([0, 1] * 50, [0, 1] * 50, groups=[0] * 10)
        assert "EC307" in {s.code for s in report.skipped}


class TestPositiveMajority:
    def test_majority_positive(self):
        y_true = np.r_[np.ones(800, int), np.zeros(200, int)]
        y_pred = np.r_[np.ones(760, int), np.zeros(40, int), np.ones(80, int), np.zeros(120, int)]
        f = only(evalcheck.check(y_true, y_pred, metric="f1"), "EC308")
        assert f.evidence["positive_share"] == 0.8
        assert f.evidence["always_positive_f1"] == pytest.approx(1.6 / 1.8)
        assert "pos_label=0" in f.fix


class TestInterpretation:
    def test_perfect_score_on_requested_metric(self):
        y = np.arange(60) % 2
        f = only(evalcheck.check(y, y, metric="accuracy"), "EC402")
        assert "60 samples" in f.message

    def test_class_imbalance_ratio(self):
        y_true = np.r_[np.zeros(950, int), np.ones(50, int)]
        f = only(evalcheck.check(y_true, y_true), "EC403")
        assert f.severity == "info" and f.evidence["ratio"] == 19

    def test_small_support_interval(self):
        y_true = np.array([0, 1] * 6)
        y_pred = np.array([0, 1] * 5 + [1, 0])
        f = only(evalcheck.check(y_true, y_pred), "EC404")
        assert f.evidence["interval_95"][0] == pytest.approx(0.552, abs=1e-3)
        assert "12 samples" in f.message and "(6)" in f.message

    def test_threshold_collapse_with_default_threshold(self):
        score = np.r_[np.linspace(0.02, 0.3, 150), np.linspace(0.2, 0.45, 50)]
        f = only(evalcheck.check(Y, y_score=score, metric="f1"), "EC405")
        assert f.evidence["threshold_in_use"]["threshold"] == 0.5
        assert f.evidence["best_f1"]["f1"] > 0.7 > f.evidence["threshold_in_use"]["f1"]
        report = evalcheck.check(Y, y_score=score, metric="f1", threshold=0.25)
        assert "EC405" not in codes(report)

    def test_threshold_collapse_from_predictions(self):
        score = np.r_[np.linspace(0.02, 0.3, 150), np.linspace(0.2, 0.45, 50)]
        report = evalcheck.check(Y, (score >= 0.5).astype(int), y_score=score, metric="f1")
        assert "EC405" in codes(report)
