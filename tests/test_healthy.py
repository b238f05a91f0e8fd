"""Healthy evaluations of real models on scikit-learn's bundled data stay clean: no warning
and no error (info is allowed where true). A linter that cries wolf gets switched off."""

import pytest
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_wine,
    make_classification,
    make_multilabel_classification,
)
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC

import evalcheck


def split(X, y, **kwargs):
    return train_test_split(X, y, test_size=0.3, random_state=0, stratify=y, **kwargs)


def serious(report):
    return [f for f in report.findings if f.severity != "info"]


@pytest.fixture(scope="module")
def breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = split(X, y)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(X_train, y_train)
    return model, X_test, y_test


def test_logistic_regression_on_breast_cancer_labels(breast_cancer):
    model, X_test, y_test = breast_cancer
    y_pred = model.predict(X_test)
    for call in (
        {},
        {"metric": "accuracy"},
        {"metric": "f1"},
        {"metric": "recall"},
        {"metric": "balanced_accuracy"},
        {"metric": "mcc"},
    ):
        report = evalcheck.check(y_test, y_pred, **call)
        assert serious(report) == [], str(report)


def test_logistic_regression_on_breast_cancer_scores(breast_cancer):
    model, X_test, y_test = breast_cancer
    proba = model.predict_proba(X_test)
    for metric in ("roc_auc", "average_precision", "log_loss", "brier"):
        report = evalcheck.check(y_test, model.predict(X_test), y_score=proba[:, 1], metric=metric)
        assert serious(report) == [], str(report)
    report = evalcheck.check(y_test, proba[:, 1], metric="roc_auc")
    assert serious(report) == [], str(report)


def test_svc_on_digits():
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = split(X, y)
    y_pred = SVC().fit(X_train, y_train).predict(X_test)
    for call in (
        {},
        {"metric": "accuracy"},
        {"metric": "f1", "average": "macro"},
        {"metric": "precision", "average": "weighted"},
        {"metric": "cohen_kappa"},
    ):
        report = evalcheck.check(y_test, y_pred, **call)
        assert serious(report) == [], str(report)


def calibrated_three_class(X, y):
    X_train, X_test, y_train, y_test = split(X, y)
    base = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    model = CalibratedClassifierCV(base, cv=3).fit(X_train, y_train)
    return y_test, model.predict(X_test), model.predict_proba(X_test)


def test_calibrated_three_class_model_with_log_loss():
    y_test, y_pred, proba = calibrated_three_class(*load_wine(return_X_y=True))
    for metric in ("log_loss", "brier"):
        report = evalcheck.check(y_test, y_pred, y_score=proba, metric=metric)
        assert serious(report) == [], str(report)


def test_calibrated_three_class_model_with_roc_auc():
    X, y = make_classification(
        n_samples=1500, n_classes=3, n_informative=5, class_sep=1.0, random_state=0
    )
    y_test, y_pred, proba = calibrated_three_class(X, y)
    for kwargs in ({"multi_class": "ovr"}, {"multi_class": "ovo", "average": "weighted"}):
        report = evalcheck.check(y_test, y_pred, y_score=proba, metric="roc_auc", **kwargs)
        assert serious(report) == [], str(report)
        assert 0.7 < report.metrics["requested"]["value"] < 1


def test_linear_svm_decision_function_for_roc_auc(breast_cancer):
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = split(X, y)
    model = make_pipeline(StandardScaler(), LinearSVC()).fit(X_train, y_train)
    margin = model.decision_function(X_test)
    report = evalcheck.check(y_test, margin, metric="roc_auc")
    assert serious(report) == [], str(report)
    report = evalcheck.check(y_test, model.predict(X_test), y_score=margin, metric="roc_auc")
    assert serious(report) == [], str(report)


def test_multilabel_classifier_with_samples_jaccard():
    X, Y = make_multilabel_classification(
        n_samples=600, n_features=20, n_classes=5, n_labels=2, random_state=0
    )
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.3, random_state=0)
    model = MultiOutputClassifier(LogisticRegression(max_iter=1000)).fit(X_train, Y_train)
    Y_pred = model.predict(X_test)
    for call in (  # rows with no true and no predicted label are 0/0: zero_division decides
        {"metric": "jaccard", "average": "samples", "zero_division": 1},
        {"metric": "f1", "average": "samples", "zero_division": 1},
        {"metric": "f1", "average": "macro"},
    ):
        report = evalcheck.check(Y_test, Y_pred, **call)
        assert serious(report) == [], str(report)
    assert report.metrics["samples"]["jaccard"] > 0.3
