"""Healthy evaluations, each modelled on a public tutorial, documentation example or notebook.

Every case rebuilds the evaluation its source makes, with a real model trained on data bundled
with scikit-learn (no downloads): where the source uses a downloaded data set, a bundled data
set or generator of the same kind stands in for it. Splits are stratified wherever the target
allows it (single-label targets) and every random step is seeded, so a case always rebuilds the
same inputs. Models shared by several cases are trained once (``functools.lru_cache``).

None of these evaluations is a pitfall: the metric call fits the task and the model clearly beats
the majority baseline. ``acceptable`` lists only findings that are true of the data and harmless
(a genuinely small test set, a genuinely imbalanced one); nothing at error severity belongs there.
"""

from __future__ import annotations

import warnings
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import polars as pl
from sklearn.calibration import CalibratedClassifierCV
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_blobs,
    make_classification,
    make_hastie_10_2,
    make_moons,
    make_multilabel_classification,
)
from sklearn.decomposition import PCA
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_selection import SelectKBest, f_classif
from sklearn.frozen import FrozenEstimator
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import (
    StratifiedKFold,
    TunedThresholdClassifierCV,
    cross_val_predict,
    train_test_split,
)
from sklearn.multiclass import OneVsRestClassifier
from sklearn.multioutput import ClassifierChain, MultiOutputClassifier
from sklearn.naive_bayes import GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.semi_supervised import LabelSpreading
from sklearn.svm import SVC, LinearSVC

from .case import Case

Inputs = dict[str, Any]


def split(X: Any, y: Any, *, test_size: float = 0.25, random_state: int = 0) -> list[Any]:
    """A stratified train/test split: ``X_train, X_test, y_train, y_test``."""
    return train_test_split(X, y, test_size=test_size, stratify=y, random_state=random_state)


def split_multilabel(
    X: Any, Y: Any, *, test_size: float = 0.25, random_state: int = 0
) -> list[Any]:
    """A seeded train/test split for indicator targets (plain stratification does not apply)."""
    return train_test_split(X, Y, test_size=test_size, random_state=random_state)


def quiet(fit: Any) -> Any:
    """Run ``fit()`` without convergence chatter (the tutorials ignore it too)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        return fit()


def positive_proba(model: Any, X: Any) -> np.ndarray:
    """The probability of ``model.classes_[1]``, as binary score metrics expect."""
    return model.predict_proba(X)[:, 1]


# --------------------------------------------------------------------------------------------
# Shared data and models
# --------------------------------------------------------------------------------------------


@lru_cache
def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Digits (10 classes), 25% stratified test set."""
    X, y = load_digits(return_X_y=True)
    return tuple(split(X, y, test_size=0.25, random_state=0))  # type: ignore[return-value]


@lru_cache
def digits_knn() -> KNeighborsClassifier:
    X_train, _, y_train, _ = digits_split()
    return KNeighborsClassifier().fit(X_train, y_train)


@lru_cache
def balanced_binary() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The sklearner.com examples' balanced binary data set, 20% stratified test set."""
    X, y = make_classification(n_samples=1000, n_classes=2, random_state=42)
    return tuple(split(X, y, test_size=0.2, random_state=42))  # type: ignore[return-value]


@lru_cache
def balanced_binary_logreg() -> LogisticRegression:
    X_train, _, y_train, _ = balanced_binary()
    return LogisticRegression(random_state=42).fit(X_train, y_train)


@lru_cache
def wine_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Wine (3 cultivars), 30% stratified test set."""
    X, y = load_wine(return_X_y=True)
    return tuple(split(X, y, test_size=0.30, random_state=42))  # type: ignore[return-value]


# --------------------------------------------------------------------------------------------
# Builders, one per case
# --------------------------------------------------------------------------------------------


def build_confusion_matrix_iris() -> Inputs:
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = split(X, y, random_state=0)
    y_pred = SVC(kernel="linear").fit(X_train, y_train).predict(X_test)
    return {"y_true": y_test, "y_pred": y_pred}


def build_multiclass_roc_ovo() -> Inputs:
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    n_samples, n_features = X.shape
    X = np.concatenate([X, rng.randn(n_samples, 200 * n_features)], axis=1)
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.5, random_state=0)
    clf = LogisticRegression().fit(X_train, y_train)
    return {
        "y_true": y_test,
        "y_score": clf.predict_proba(X_test),
        "score_classes": list(clf.classes_),
    }


def build_precision_recall_ap() -> Inputs:
    X, y = load_iris(return_X_y=True)
    rng = np.random.RandomState(0)
    n_samples, n_features = X.shape
    X = np.concatenate([X, rng.randn(n_samples, 200 * n_features)], axis=1)
    X, y = X[y < 2], y[y < 2]
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.5, random_state=0)
    clf = make_pipeline(StandardScaler(), LinearSVC(random_state=0)).fit(X_train, y_train)
    return {"y_true": y_test, "y_score": clf.decision_function(X_test)}


def build_digits_classification_report() -> Inputs:
    digits = load_digits()
    data = digits.images.reshape((len(digits.images), -1))
    X_train, X_test, y_train, y_test = split(data, digits.target, test_size=0.5, random_state=0)
    y_pred = SVC(gamma=0.001).fit(X_train, y_train).predict(X_test)
    return {"y_true": y_test, "y_pred": y_pred}


def build_wine_roc_bool() -> Inputs:
    X, y = load_wine(return_X_y=True)
    y = y == 2  # make binary, as the visualization guide does
    X_train, X_test, y_train, y_test = split(X, y, random_state=42)
    svc = SVC(random_state=42).fit(X_train, y_train)
    return {"y_true": y_test, "y_score": svc.decision_function(X_test)}


def build_calibration_brier() -> Inputs:
    n_samples = 5000
    centers = [(-5, -5), (0, 0), (5, 5)]
    X, _ = make_blobs(n_samples=n_samples, centers=centers, shuffle=False, random_state=42)
    y = np.zeros(n_samples, dtype=int)
    y[n_samples // 2 :] = 1
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.5, random_state=42)
    clf = CalibratedClassifierCV(GaussianNB(), cv=2, method="isotonic").fit(X_train, y_train)
    return {"y_true": y_test, "y_score": positive_proba(clf, X_test)}


def build_calibration_multiclass_log_loss() -> Inputs:
    X, y = make_blobs(n_samples=2000, n_features=2, centers=3, random_state=42, cluster_std=5.0)
    X_rest, X_test, y_rest, y_test = split(X, y, test_size=0.5, random_state=0)
    X_train, X_valid, y_train, y_valid = split(X_rest, y_rest, test_size=0.4, random_state=0)
    clf = RandomForestClassifier(n_estimators=25, random_state=0).fit(X_train, y_train)
    calibrated = CalibratedClassifierCV(FrozenEstimator(clf), method="sigmoid")
    calibrated.fit(X_valid, y_valid)
    return {
        "y_true": y_test,
        "y_score": calibrated.predict_proba(X_test),
        "score_classes": list(calibrated.classes_),
    }


def build_grid_search_digits_precision() -> Inputs:
    digits = load_digits()
    X = digits.images.reshape((len(digits.images), -1))
    y = digits.target == 8  # is this digit an 8?
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.5, random_state=0)
    clf = SVC(kernel="rbf", gamma=0.001, C=10).fit(X_train, y_train)
    return {"y_true": y_test, "y_pred": clf.predict(X_test)}


def build_label_spreading_digits() -> Inputs:
    digits = load_digits()
    rng = np.random.RandomState(0)
    indices = np.arange(len(digits.data))
    rng.shuffle(indices)
    X, y = digits.data[indices[:330]], digits.target[indices[:330]]
    _, unlabeled = train_test_split(np.arange(len(y)), train_size=40, stratify=y, random_state=0)
    y_train = np.copy(y)
    y_train[unlabeled] = -1  # unlabeled points, as LabelSpreading expects
    model = LabelSpreading(gamma=0.25, max_iter=20).fit(X, y_train)
    return {"y_true": y[unlabeled], "y_pred": model.transduction_[unlabeled]}


def build_classifier_chain_jaccard() -> Inputs:
    X, Y = make_multilabel_classification(
        n_samples=1000,
        n_features=40,
        n_classes=10,
        n_labels=3,
        length=100,
        allow_unlabeled=False,
        random_state=0,
    )
    X_train, X_test, Y_train, Y_test = split_multilabel(X, Y, test_size=0.2, random_state=0)
    base = LogisticRegression(solver="liblinear")
    chain = ClassifierChain(base, order="random", random_state=0)
    chain.fit(X_train, Y_train)
    return {"y_true": Y_test, "y_pred": chain.predict(X_test).astype(int)}


@lru_cache
def _tuned_threshold() -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    # an 8-feature, 35%-positive stand-in for the OpenML diabetes data the example fetches
    X, y = make_classification(
        n_samples=1500,
        n_features=8,
        n_informative=5,
        weights=[0.65],
        flip_y=0.05,
        class_sep=0.8,
        random_state=0,
    )
    X_train, X_test, y_train, y_test = split(X, y, random_state=0)
    model = make_pipeline(StandardScaler(), LogisticRegression())
    tuned = TunedThresholdClassifierCV(model, scoring="balanced_accuracy", cv=5)
    tuned.fit(X_train, y_train)
    scores = positive_proba(tuned, X_test)
    return y_test, tuned.predict(X_test), scores, float(tuned.best_threshold_)


def build_tuned_threshold() -> Inputs:
    y_test, y_pred, y_score, _ = _tuned_threshold()
    return {"y_true": y_test, "y_pred": y_pred, "y_score": y_score}


def build_sklearner_fbeta() -> Inputs:
    X, y = make_classification(n_samples=1000, n_classes=2, weights=[0.7, 0.3], random_state=42)
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.2, random_state=42)
    clf = LogisticRegression(random_state=42).fit(X_train, y_train)
    return {"y_true": y_test, "y_pred": clf.predict(X_test)}


def build_sklearner_mcc() -> Inputs:
    _, X_test, _, y_test = balanced_binary()
    return {"y_true": y_test, "y_pred": balanced_binary_logreg().predict(X_test)}


def build_sklearner_log_loss() -> Inputs:
    X_train, X_test, y_train, y_test = balanced_binary()
    clf = LogisticRegression(solver="liblinear", random_state=42).fit(X_train, y_train)
    return {
        "y_true": y_test,
        "y_score": clf.predict_proba(X_test),
        "score_classes": list(clf.classes_),
    }


def build_sklearner_kappa() -> Inputs:
    X, y = make_classification(n_samples=1000, n_clusters_per_class=1, n_classes=4, random_state=42)
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.2, random_state=42)
    y_pred = SVC(kernel="rbf", C=1, random_state=42).fit(X_train, y_train).predict(X_test)
    return {"y_true": y_test, "y_pred": y_pred}


def build_sklearner_cross_val_predict() -> Inputs:
    X, y = make_classification(n_samples=100, n_features=5, n_classes=2, random_state=1)
    model = RandomForestClassifier(n_estimators=50, random_state=0)
    y_pred = cross_val_predict(model, X, y, cv=5)  # stratified 5-fold for a classifier
    return {"y_true": y.tolist(), "y_pred": y_pred.tolist()}


def build_sklearner_balanced_accuracy() -> Inputs:
    X, y = make_classification(n_samples=1000, n_classes=2, weights=[0.8, 0.2], random_state=42)
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.2, random_state=42)
    clf = LogisticRegression(random_state=42).fit(X_train, y_train)
    y_pred = clf.predict(X_test)
    return {"y_true": pl.Series("y_true", y_test), "y_pred": pl.Series("y_pred", y_pred)}


def build_cross_val_predict_iris_roc() -> Inputs:
    data = load_iris()
    X = pd.DataFrame(data.data, columns=data.feature_names)
    y = pd.Series(data.target, name="species")
    order = np.random.RandomState(0).permutation(len(y))
    X, y = X.iloc[order].reset_index(drop=True), y.iloc[order].reset_index(drop=True)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=1234)
    model = make_pipeline(StandardScaler(), LogisticRegression())
    proba = cross_val_predict(model, X, y, cv=cv, method="predict_proba")
    return {"y_true": y, "y_score": proba, "score_classes": [0, 1, 2]}


def build_mlm_roc_auc() -> Inputs:
    X, y = make_classification(n_samples=1000, n_classes=2, random_state=1)
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.5, random_state=2)
    model = LogisticRegression(solver="lbfgs").fit(X_train, y_train)
    return {"y_true": y_test, "y_score": positive_proba(model, X_test)}


def build_mlm_brier() -> Inputs:
    X, y = make_classification(n_samples=1000, n_classes=2, random_state=1)
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.5, random_state=2)
    model = LogisticRegression().fit(X_train, y_train)
    return {"y_true": y_test, "y_score": positive_proba(model, X_test)}


def build_torcheval_f1_weighted() -> Inputs:
    X, y = load_wine(return_X_y=True)
    X_train, X_test, y_train, y_test = split(X, y, random_state=0)
    knn = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=5))
    return {"y_true": y_test, "y_pred": knn.fit(X_train, y_train).predict(X_test)}


def build_keras_precision_threshold() -> Inputs:
    data = load_breast_cancer()
    y = 1 - data.target  # 1 = malignant, the class a screening network flags
    X_train, X_test, y_train, y_test = split(data.data, y, random_state=0)
    net = make_pipeline(
        StandardScaler(), MLPClassifier(hidden_layer_sizes=(8,), max_iter=200, random_state=0)
    )
    quiet(lambda: net.fit(X_train, y_train))
    scores = positive_proba(net, X_test)
    return {"y_true": y_test, "y_pred": (scores > 0.5).astype(int), "y_score": scores}


def build_breast_cancer_rf_confusion() -> Inputs:
    data = load_breast_cancer()
    X = pd.DataFrame(data.data, columns=data.feature_names)
    diagnosis = pd.Series(np.where(data.target == 0, "M", "B"), name="diagnosis")
    X_train, X_test, y_train, y_test = split(X, diagnosis, random_state=0)
    rf = RandomForestClassifier(n_estimators=10, criterion="entropy", random_state=0)
    y_pred = pd.Series(rf.fit(X_train, y_train).predict(X_test), index=y_test.index)
    return {"y_true": y_test, "y_pred": y_pred}


def build_knn_iris_species() -> Inputs:
    iris = load_iris()
    species = iris.target_names[iris.target]
    X_train, X_test, y_train, y_test = split(iris.data, species, test_size=0.3, random_state=4)
    knn = KNeighborsClassifier(n_neighbors=5).fit(X_train, y_train)
    return {"y_true": list(y_test), "y_pred": list(knn.predict(X_test))}


def build_gaussian_nb_iris() -> Inputs:
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.4, random_state=1)
    return {"y_true": y_test, "y_pred": GaussianNB().fit(X_train, y_train).predict(X_test)}


def build_labels_subset_micro() -> Inputs:
    # class 0 plays the majority "none of the above" class the average leaves out
    X, y = make_classification(
        n_samples=2000,
        n_features=20,
        n_informative=6,
        n_classes=4,
        weights=[0.7, 0.1, 0.1, 0.1],
        class_sep=2.0,
        random_state=0,
    )
    X_train, X_test, y_train, y_test = split(X, y, random_state=0)
    rf = RandomForestClassifier(n_estimators=40, random_state=0).fit(X_train, y_train)
    return {"y_true": y_test, "y_pred": rf.predict(X_test)}


def build_gradient_boosting_log_loss() -> Inputs:
    X, y = make_hastie_10_2(n_samples=4000, random_state=1)
    _, y = np.unique(y, return_inverse=True)  # map labels from {-1, 1} to {0, 1}
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.8, random_state=0)
    clf = GradientBoostingClassifier(
        n_estimators=200,
        max_leaf_nodes=4,
        max_depth=None,
        min_samples_split=5,
        learning_rate=0.1,
        subsample=0.5,
        random_state=2,
    )
    clf.fit(X_train, y_train)
    return {
        "y_true": y_test,
        "y_score": clf.predict_proba(X_test),
        "score_classes": list(clf.classes_),
    }


def build_anova_svm_report() -> Inputs:
    X, y = make_classification(
        n_features=20,
        n_informative=3,
        n_redundant=0,
        n_classes=2,
        n_clusters_per_class=2,
        random_state=42,
    )
    X_train, X_test, y_train, y_test = split(X, y, random_state=42)
    anova_svm = make_pipeline(SelectKBest(f_classif, k=3), LinearSVC())
    return {"y_true": y_test, "y_pred": anova_svm.fit(X_train, y_train).predict(X_test)}


def build_multilabel_roc_per_label() -> Inputs:
    X, Y = make_multilabel_classification(n_samples=600, random_state=0)
    X_train, X_test, Y_train, Y_test = split_multilabel(X, Y, random_state=0)
    inner = LogisticRegression(solver="liblinear", random_state=0)
    clf = MultiOutputClassifier(inner).fit(X_train, Y_train)
    y_score = np.transpose([proba[:, 1] for proba in clf.predict_proba(X_test)])
    return {"y_true": Y_test, "y_score": y_score}


def build_wine_gradient_boosting_report() -> Inputs:
    wine = load_wine()
    X = pd.DataFrame(wine.data, columns=wine.feature_names)
    y = pd.Series(wine.target, name="cultivar")
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.3, random_state=42)
    gb = GradientBoostingClassifier(
        n_estimators=50, learning_rate=0.1, max_depth=3, random_state=42
    )
    y_pred = pd.Series(gb.fit(X_train, y_train).predict(X_test), index=y_test.index)
    return {"y_true": y_test, "y_pred": y_pred}


def build_class_weight_recall_malignant() -> Inputs:
    X, y = load_breast_cancer(return_X_y=True)  # 0 = malignant (the minority), 1 = benign
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.2, random_state=1)
    model = make_pipeline(StandardScaler(), LogisticRegression(class_weight="balanced"))
    return {"y_true": y_test, "y_pred": model.fit(X_train, y_train).predict(X_test)}


def build_class_weight_f1_rare_event() -> Inputs:
    # a 19:1 rare-event stand-in for the stroke data of the article
    X, y = make_classification(
        n_samples=6000,
        n_features=10,
        n_informative=4,
        n_clusters_per_class=1,
        weights=[0.95],
        flip_y=0.01,
        class_sep=1.5,
        random_state=0,
    )
    X_train, X_test, y_train, y_test = split(X, y, random_state=0)
    model = make_pipeline(
        StandardScaler(), LogisticRegression(class_weight="balanced", max_iter=1000)
    )
    return {"y_true": y_test, "y_pred": model.fit(X_train, y_train).predict(X_test)}


def build_classifier_comparison_moons() -> Inputs:
    X, y = make_moons(noise=0.3, random_state=0)
    X_train, X_test, y_train, y_test = split(X, y, test_size=0.4, random_state=42)
    clf = make_pipeline(StandardScaler(), SVC(gamma=2, C=1, random_state=42))
    return {"y_true": y_test, "y_pred": clf.fit(X_train, y_train).predict(X_test)}


def build_scaling_importance_log_loss() -> Inputs:
    X_train, X_test, y_train, y_test = wine_split()
    clf = make_pipeline(StandardScaler(), PCA(n_components=2), LogisticRegression())
    clf.fit(X_train, y_train)
    return {
        "y_true": y_test,
        "y_score": clf.predict_proba(X_test),
        "score_classes": list(clf.classes_),
    }


def build_digits_knn_f1_macro() -> Inputs:
    _, X_test, _, y_test = digits_split()
    return {"y_true": y_test, "y_pred": digits_knn().predict(X_test)}


def build_digits_mcc_multiclass() -> Inputs:
    X_train, X_test, y_train, y_test = digits_split()
    return {"y_true": y_test, "y_pred": GaussianNB().fit(X_train, y_train).predict(X_test)}


def build_digits_precision_zero_division() -> Inputs:
    X_train, X_test, y_train, y_test = digits_split()
    rf = RandomForestClassifier(n_estimators=50, random_state=0).fit(X_train, y_train)
    return {"y_true": y_test, "y_pred": rf.predict(X_test)}


def build_one_vs_rest_multilabel_f1_micro() -> Inputs:
    X, Y = make_multilabel_classification(
        n_samples=1500, n_features=30, n_classes=6, n_labels=2, length=100, random_state=0
    )
    X_train, X_test, Y_train, Y_test = split_multilabel(X, Y, test_size=0.8, random_state=42)
    meta_clf = OneVsRestClassifier(LogisticRegression(solver="liblinear"))
    return {"y_true": Y_test, "y_pred": meta_clf.fit(X_train, Y_train).predict(X_test)}


# --------------------------------------------------------------------------------------------
# The corpus
# --------------------------------------------------------------------------------------------

CASES: list[Case] = [
    Case(
        id="sklearn-confusion-matrix-iris-svc",
        url="https://scikit-learn.org/0.15/auto_examples/plot_confusion_matrix.html",
        summary=(
            "A linear-kernel SVC is trained on iris and its test-set predictions are summarised "
            "in a 3x3 confusion matrix."
        ),
        build=build_confusion_matrix_iris,
        call={"metric": "confusion_matrix"},
        acceptable=frozenset({"small-support"}),  # 38 test flowers
    ),
    Case(
        id="sklearn-multiclass-roc-ovo",
        url="https://scikit-learn.org/stable/auto_examples/model_selection/plot_roc.html",
        summary=(
            "Logistic regression on iris padded with 800 noise features; the predicted "
            "probabilities are scored with the macro-averaged one-vs-one ROC AUC."
        ),
        build=build_multiclass_roc_ovo,
        call={"metric": "roc_auc", "multi_class": "ovo", "average": "macro"},
    ),
    Case(
        id="sklearn-precision-recall-average-precision",
        url=(
            "https://scikit-learn.org/1.9/_downloads/98161c8b335acb98de356229c1005819/"
            "plot_precision_recall.py"
        ),
        summary=(
            "A scaled LinearSVC separates two iris species buried in noise features; the "
            "decision_function margins are summarised by average precision."
        ),
        build=build_precision_recall_ap,
        call={"metric": "average_precision"},
    ),
    Case(
        id="sklearn-digits-svc-classification-report",
        url=(
            "https://scikit-learn.org/1.9/_downloads/1a55101a8e49ab5d3213dadb31332045/"
            "plot_digits_classification.py"
        ),
        summary=(
            "An RBF SVC (gamma=0.001) learns the 8x8 digit images from half of the data and a "
            "per-digit classification report is printed for the other half."
        ),
        build=build_digits_classification_report,
        call={"metric": "classification_report"},
    ),
    Case(
        id="sklearn-visualizations-wine-roc-bool",
        url="https://scikit-learn.org/1.1/visualizations.html",
        summary=(
            "Wine is made binary with a boolean target (cultivar 2 or not) and the ROC AUC of an "
            "SVC's decision function is computed on the test set."
        ),
        build=build_wine_roc_bool,
        call={"metric": "roc_auc"},
    ),
    Case(
        id="sklearn-calibration-brier-isotonic",
        url=(
            "https://scikit-learn.sourceforge.net/stable/auto_examples/calibration/"
            "plot_calibration.html"
        ),
        summary=(
            "Gaussian naive Bayes on three blobs (the middle one half positive) is calibrated "
            "with isotonic regression and its positive-class probabilities get a Brier score."
        ),
        build=build_calibration_brier,
        call={"metric": "brier"},
    ),
    Case(
        id="sklearn-calibration-multiclass-log-loss",
        url=(
            "https://scikit-learn.org/0.18/auto_examples/calibration/"
            "plot_calibration_multiclass.html"
        ),
        summary=(
            "A 25-tree random forest on three overlapping blobs is sigmoid-calibrated on a "
            "held-out validation set; the calibrated probabilities are scored by log-loss."
        ),
        build=build_calibration_multiclass_log_loss,
        call={"metric": "log_loss"},
    ),
    Case(
        id="sklearn-grid-search-digits-precision",
        url=(
            "https://raw.githubusercontent.com/scikit-learn/scikit-learn.github.io/main/dev/"
            "_downloads/ffc6ef5575b0aa920abd7a8113265839/plot_grid_search_digits.py"
        ),
        summary=(
            "Digits turned into a boolean 'is it an 8?' task; the tuned RBF SVC is evaluated by "
            "the precision of the True class on the held-out half."
        ),
        build=build_grid_search_digits_precision,
        call={"metric": "precision"},
    ),
    Case(
        id="sklearn-label-spreading-digits-report",
        url=(
            "https://www.scikit-learn.org/stable/auto_examples/semi_supervised/"
            "plot_label_propagation_digits_active_learning.html"
        ),
        summary=(
            "Label spreading on 330 digits of which 40 are labelled; the labels it infers for "
            "the 290 unlabelled digits get a classification report."
        ),
        build=build_label_spreading_digits,
        call={"metric": "classification_report"},
    ),
    Case(
        id="sklearn-classifier-chain-jaccard-samples",
        url=(
            "https://scikit-learn.org/1.0/auto_examples/multioutput/"
            "plot_classifier_chain_yeast.html"
        ),
        summary=(
            "A classifier chain of logistic regressions predicts a 10-label indicator matrix "
            "(every sample has at least one label); it is scored by sample-averaged Jaccard."
        ),
        build=build_classifier_chain_jaccard,
        call={"metric": "jaccard", "average": "samples"},
    ),
    Case(
        id="sklearn-tuned-threshold-balanced-accuracy",
        url=(
            "https://raw.githubusercontent.com/scikit-learn/scikit-learn.github.io/main/dev/"
            "_downloads/d4fcdc2debfc23ba42ba309adaf3cda8/plot_tuned_decision_threshold.py"
        ),
        summary=(
            "TunedThresholdClassifierCV picks the probability cut-off of a scaled logistic "
            "regression by cross-validated balanced accuracy, then balanced accuracy is "
            "reported on the test set at that cut-off."
        ),
        build=build_tuned_threshold,
        call={"metric": "balanced_accuracy", "threshold": _tuned_threshold()[3]},
    ),
    Case(
        id="sklearner-fbeta-beta2",
        url="https://sklearner.com/scikit-learn-fbeta_score",
        summary=(
            "Logistic regression on a 70:30 synthetic binary problem, scored with F-beta at "
            "beta=2 to weight recall of the positive class more than precision."
        ),
        build=build_sklearner_fbeta,
        call={"metric": "fbeta", "beta": 2},
    ),
    Case(
        id="sklearner-matthews-corrcoef",
        url="https://sklearner.com/scikit-learn-matthews_corrcoef",
        summary=(
            "Logistic regression on a balanced synthetic binary problem, summarised by the "
            "Matthews correlation coefficient of its test predictions."
        ),
        build=build_sklearner_mcc,
        call={"metric": "mcc"},
    ),
    Case(
        id="sklearner-log-loss",
        url="https://sklearner.com/scikit-learn-log_loss",
        summary=(
            "A liblinear logistic regression's two-column predict_proba output on a synthetic "
            "binary test set is scored by log-loss."
        ),
        build=build_sklearner_log_loss,
        call={"metric": "log_loss"},
    ),
    Case(
        id="sklearner-cohen-kappa-four-classes",
        url="https://sklearner.com/scikit-learn-cohen_kappa_score",
        summary=(
            "An RBF SVC on a four-class synthetic problem; agreement between its predictions "
            "and the truth is measured by Cohen's kappa."
        ),
        build=build_sklearner_kappa,
        call={"metric": "cohen_kappa"},
    ),
    Case(
        id="sklearner-cross-val-predict-accuracy",
        url="https://sklearner.com/scikit-learn-cross_val_predict",
        summary=(
            "Out-of-fold random-forest predictions from 5-fold cross_val_predict on 100 "
            "synthetic samples, compared to the labels (plain lists) by accuracy."
        ),
        build=build_sklearner_cross_val_predict,
        call={"metric": "accuracy"},
    ),
    Case(
        id="sklearner-balanced-accuracy",
        url="https://sklearner.com/scikit-learn-balanced_accuracy_score",
        summary=(
            "Logistic regression on an 80:20 synthetic binary problem (labels held in polars "
            "Series), scored by balanced accuracy."
        ),
        build=build_sklearner_balanced_accuracy,
        call={"metric": "balanced_accuracy"},
    ),
    Case(
        id="tellustheanswer-cross-val-predict-iris-roc-ovr",
        url=(
            "https://www.tellustheanswer.com/"
            "evaluating-machine-learning-model-with-cross_val_predict-function/"
        ),
        summary=(
            "Shuffled iris in pandas, out-of-fold class probabilities from a stratified, "
            "shuffled 5-fold cross_val_predict, scored by one-vs-rest ROC AUC."
        ),
        build=build_cross_val_predict_iris_roc,
        call={"metric": "roc_auc", "multi_class": "ovr"},
    ),
    Case(
        id="mlm-roc-auc-logistic",
        url=(
            "https://machinelearningmastery.com/"
            "roc-curves-and-precision-recall-curves-for-imbalanced-classification/"
        ),
        summary=(
            "Logistic regression on a balanced 1000-sample synthetic problem split 50/50 with "
            "stratification; the positive-class probabilities are scored by ROC AUC."
        ),
        build=build_mlm_roc_auc,
        call={"metric": "roc_auc"},
    ),
    Case(
        id="mlm-brier-score-logistic",
        url="https://machinelearningmastery.com/how-to-score-probability-predictions-in-python/",
        summary=(
            "The probabilities a logistic regression assigns to the positive class of a "
            "synthetic binary test set are scored with the Brier score."
        ),
        build=build_mlm_brier,
        call={"metric": "brier"},
    ),
    Case(
        id="torcheval-multiclass-f1-weighted",
        url="https://pytorch.org/torcheval/stable/generated/torcheval.metrics.MulticlassF1Score.html",
        summary=(
            "Support-weighted multiclass F1 (as torcheval's MulticlassF1Score with "
            "average='weighted') of a scaled kNN on the three wine cultivars."
        ),
        build=build_torcheval_f1_weighted,
        call={"metric": "f1", "average": "weighted"},
        acceptable=frozenset({"small-support"}),  # 45 test wines
    ),
    Case(
        id="keras-precision-threshold-half",
        url="https://tensorflow.org/versions/r2.2/api_docs/python/tf/keras/metrics/Precision",
        summary=(
            "A small sigmoid-output network flags malignant tumours (1) in breast-cancer data; "
            "precision is computed after thresholding its scores at 0.5, as Keras's Precision "
            "metric does by default."
        ),
        build=build_keras_precision_threshold,
        call={"metric": "precision", "threshold": 0.5},
    ),
    Case(
        id="beingenfa-breast-cancer-rf-confusion-matrix",
        url="https://www.beingenfa.com/post/predicting-breast-cancer-using-random-forest-classifier",
        summary=(
            "A 10-tree entropy random forest on the breast-cancer features in a DataFrame, with "
            "the diagnosis as 'M'/'B' strings; its test predictions go into a confusion matrix."
        ),
        build=build_breast_cancer_rf_confusion,
        call={"metric": "confusion_matrix"},
    ),
    Case(
        id="codingjedi-knn-iris-species-accuracy",
        url="https://codingjedi.com/knn-algorithm-using-scikit-learn-classifying-iris-species-tutorial",
        summary=(
            "A 5-nearest-neighbour classifier predicts iris species names (strings, in plain "
            "lists) on a 30% test split and is scored by accuracy."
        ),
        build=build_knn_iris_species,
        call={"metric": "accuracy"},
    ),
    Case(
        id="gist-gaussian-nb-iris-accuracy",
        url="https://gist.github.com/jainxy/7ecfaa15b5069b560d5c4fe21a9dcb71",
        summary=(
            "Gaussian naive Bayes trained on 60% of iris; accuracy of its predictions on the "
            "remaining 40%."
        ),
        build=build_gaussian_nb_iris,
        call={"metric": "accuracy"},
    ),
    Case(
        id="sklearn-prfs-labels-exclude-majority-negative",
        url=(
            "https://www.scikit-learn.org/stable/modules/generated/"
            "sklearn.metrics.precision_recall_fscore_support.html"
        ),
        summary=(
            "A random forest on four classes where class 0 is a 70% 'none of these' class; as "
            "the scikit-learn docs describe, labels=[1, 2, 3] leaves that majority negative "
            "class out of a micro-averaged F-score."
        ),
        build=build_labels_subset_micro,
        call={"metric": "f1", "average": "micro", "labels": [1, 2, 3]},
    ),
    Case(
        id="sklearn-gradient-boosting-regularization-log-loss",
        url=(
            "https://raw.githubusercontent.com/scikit-learn/scikit-learn.github.io/main/dev/"
            "_downloads/e641093af989b69bc2b89b130bcf320f/plot_gradient_boosting_regularization.py"
        ),
        summary=(
            "Stochastic gradient boosting with shrinkage (learning_rate=0.1, subsample=0.5) on "
            "the Hastie 10.2 problem, evaluated by the test-set log-loss (binomial deviance)."
        ),
        build=build_gradient_boosting_log_loss,
        call={"metric": "log_loss"},
    ),
    Case(
        id="sklearn-anova-svm-pipeline-report",
        url=(
            "https://raw.githubusercontent.com/scikit-learn/scikit-learn.github.io/main/dev/"
            "_downloads/5a7e586367163444711012a4c5214817/plot_feature_selection_pipeline.py"
        ),
        summary=(
            "A pipeline of ANOVA feature selection (k=3) and a LinearSVC on a synthetic binary "
            "problem, summarised by a classification report on the test split."
        ),
        build=build_anova_svm_report,
        call={"metric": "classification_report"},
        acceptable=frozenset({"small-support"}),  # the example's 100 samples: 25 in the test set
    ),
    Case(
        id="sklearn-roc-auc-score-multilabel-per-label",
        url="https://scikit-learn.org/1.4/modules/generated/sklearn.metrics.roc_auc_score.html",
        summary=(
            "One logistic regression per label (MultiOutputClassifier) on a 5-label indicator "
            "target; the stacked positive-class probabilities get one ROC AUC per label."
        ),
        build=build_multilabel_roc_per_label,
        call={"metric": "roc_auc", "average": None},
    ),
    Case(
        id="apxml-wine-gradient-boosting-report",
        url=(
            "https://apxml.com/courses/getting-started-with-gradient-boosting-algorithms/"
            "chapter-3-gradient-boosting-with-scikit-learn/practice-building-predictive-model"
        ),
        summary=(
            "A gradient boosting classifier on the wine data held in pandas, with a stratified "
            "70/30 split, evaluated with a per-cultivar classification report."
        ),
        build=build_wine_gradient_boosting_report,
        call={"metric": "classification_report"},
    ),
    Case(
        id="codecademy-class-weight-recall-malignant",
        url=(
            "https://www.codecademy.com/courses/machine-learning-logistic-regression/lessons/"
            "logistic-regression-ii/exercises/class-imbalance"
        ),
        summary=(
            "Logistic regression with class_weight='balanced' and a stratified split on breast "
            "cancer, judged by the recall of the under-represented malignant class (label 0)."
        ),
        build=build_class_weight_recall_malignant,
        call={"metric": "recall", "pos_label": 0},
    ),
    Case(
        id="analyticsvidhya-class-weights-f1",
        url="https://www.analyticsvidhya.com/blog/2020/10/improve-class-imbalance-class-weights/",
        summary=(
            "Balanced class weights let a logistic regression find a 5% rare positive class; "
            "the model is judged by the F1 score of that class rather than by accuracy."
        ),
        build=build_class_weight_f1_rare_event,
        call={"metric": "f1"},
        acceptable=frozenset({"class-imbalance"}),  # 19:1 by construction
    ),
    Case(
        id="sklearn-classifier-comparison-moons",
        url=(
            "https://scikit-learn.org/1.9/_downloads/2da0534ab0e0c8241033bcc2d912e419/"
            "plot_classifier_comparison.py"
        ),
        summary=(
            "An RBF SVC (gamma=2, C=1) on the noisy two-moons data; the test accuracy is what "
            "the comparison figure prints in each panel."
        ),
        build=build_classifier_comparison_moons,
        call={"metric": "accuracy"},
        acceptable=frozenset({"small-support"}),  # 40 test points, as in the example
    ),
    Case(
        id="sklearn-scaling-importance-log-loss",
        url=(
            "https://raw.githubusercontent.com/scikit-learn/scikit-learn.github.io/main/dev/"
            "_downloads/4ef6a0e5e8f2fe6463d63928373e5f91/plot_scaling_importance.py"
        ),
        summary=(
            "Standard scaling, a two-component PCA and logistic regression on wine; the test "
            "probabilities of the three cultivars are scored by log-loss."
        ),
        build=build_scaling_importance_log_loss,
        call={"metric": "log_loss"},
    ),
    Case(
        id="scipy-lectures-digits-knn-f1-macro",
        url="https://scipy-lectures.org/packages/scikit-learn/auto_examples/plot_compare_classifiers.html",
        summary=(
            "A k-nearest-neighbours classifier on the digits, compared to other models by the "
            "macro-averaged F1 score on a 25% test split."
        ),
        build=build_digits_knn_f1_macro,
        call={"metric": "f1", "average": "macro"},
    ),
    Case(
        id="sklearn-matthews-corrcoef-multiclass",
        url="https://scikit-learn.org/stable/modules/generated/sklearn.metrics.matthews_corrcoef.html",
        summary=(
            "Gaussian naive Bayes on the ten digit classes, summarised by the multiclass "
            "Matthews correlation coefficient the scikit-learn docs describe."
        ),
        build=build_digits_mcc_multiclass,
        call={"metric": "mcc"},
    ),
    Case(
        id="sklearn-precision-score-macro-zero-division",
        url=(
            "https://www.scikit-learn.org/stable/modules/generated/"
            "sklearn.metrics.precision_score.html"
        ),
        summary=(
            "Macro-averaged precision of a random forest over the ten digits, with "
            "zero_division=0 set explicitly as the precision_score docs show."
        ),
        build=build_digits_precision_zero_division,
        call={"metric": "precision", "average": "macro", "zero_division": 0},
    ),
    Case(
        id="queirozfcom-one-vs-rest-multilabel-f1-micro",
        url=(
            "https://raw.githubusercontent.com/queirozfcom/python-sandbox/master/python3/"
            "notebooks/One%20vs%20All%20-%20Logistic%20Regression.ipynb"
        ),
        summary=(
            "One-vs-rest logistic regression tags a 6-label indicator target after training on "
            "20% of the data; the tagging is scored by micro-averaged F1."
        ),
        build=build_one_vs_rest_multilabel_f1_micro,
        call={"metric": "f1", "average": "micro"},
    ),
]
