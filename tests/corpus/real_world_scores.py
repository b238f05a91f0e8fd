"""Real-world pitfalls with scores, probabilities, multilabel and one-hot targets.

Each case rebuilds, from scikit-learn's bundled datasets or seeded numpy data, an evaluation
that someone reported in public (a GitHub issue or pull request, a Q&A thread, a blog post):
ROC AUC from hard labels, calls scikit-learn rejects, probability columns read in the wrong
class order, logits and decision values used as probabilities, thresholds that collapse to
one class, NaN from diverged networks, one-hot and multilabel targets scored with the wrong
semantics, metrics averaged over batches, one-class evaluation sets and leaked perfect scores.
Expectations follow ``shared/RULES.md``, not what evalcheck prints today.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_classification,
    make_multilabel_classification,
)
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression, SGDClassifier
from sklearn.model_selection import train_test_split
from sklearn.multioutput import MultiOutputClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC, LinearSVC

from .case import Case

Inputs = dict[str, Any]


# ---------------------------------------------------------------------------- helpers


@cache
def _digits() -> tuple[np.ndarray, np.ndarray]:
    return load_digits(return_X_y=True)


@cache
def _breast_cancer() -> tuple[np.ndarray, np.ndarray]:
    return load_breast_cancer(return_X_y=True)


def _split(X: np.ndarray, y: np.ndarray, test_size: float = 0.5, seed: int = 0) -> list[Any]:
    """A stratified train/test split."""
    return train_test_split(X, y, test_size=test_size, random_state=seed, stratify=y)


def _logreg(X: np.ndarray, y: np.ndarray) -> Any:
    """A scaled logistic regression, the workhorse model of the tutorials."""
    return make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(X, y)


def _fitted(X: np.ndarray, y: np.ndarray, seed: int = 0, test_size: float = 0.5) -> tuple:
    """Fit a logistic regression on one half; return (model, X_test, y_test)."""
    X_train, X_test, y_train, y_test = _split(X, y, test_size=test_size, seed=seed)
    return _logreg(X_train, y_train), X_test, y_test


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _one_hot(y: np.ndarray, k: int) -> np.ndarray:
    return np.eye(k, dtype=np.float32)[y]


def _batch_ids(n: int, size: int) -> np.ndarray:
    """Batch index of each sample for a loader of ``size`` (the last batch may be short)."""
    return np.arange(n) // size


def _binary_scores(y: np.ndarray, separation: float, seed: int) -> np.ndarray:
    """Sigmoid outputs of a model whose logit is ``separation`` higher for positives."""
    rng = np.random.default_rng(seed)
    return _sigmoid(separation * (y - 0.5) + rng.normal(0.0, 1.0, len(y)))


def _batch_shifted_scores(
    y: np.ndarray, separation: float, seed: int, size: int, shift: float
) -> Inputs:
    """Scores computed batch by batch, each batch's logits shifted by its own offset (batch
    statistics in train mode, or an unshuffled loader whose batches come from different
    sources), with the batch ids."""
    rng = np.random.default_rng(seed)
    groups = _batch_ids(len(y), size)
    offsets = rng.normal(0.0, shift, groups.max() + 1)
    logits = separation * (y - 0.5) + rng.normal(0.0, 1.0, len(y)) + offsets[groups]
    return {"y_true": y, "y_score": _sigmoid(logits), "groups": groups}


def _multilabel(n: int, k: int, seed: int, n_labels: int = 2) -> np.ndarray:
    """A multilabel indicator target (rows with zero, one or several labels)."""
    _, Y = make_multilabel_classification(
        n_samples=n, n_features=10, n_classes=k, n_labels=n_labels, random_state=seed
    )
    return Y


def _multilabel_logits(Y: np.ndarray, seed: int, separation: float = 3.0) -> np.ndarray:
    """Per-label logits of a decent multilabel model (independent sigmoid heads)."""
    rng = np.random.default_rng(seed)
    return separation * (Y - 0.5) + rng.normal(0.0, 1.2, Y.shape)


def _onehot_probabilities(X: np.ndarray, y: np.ndarray, seed: int = 0) -> Inputs:
    """A classifier's softmax outputs next to one-hot targets, as Keras sees them."""
    model, X_test, y_test = _fitted(X, y, seed=seed)
    k = len(model.classes_)
    return {
        "y_true": _one_hot(np.searchsorted(model.classes_, y_test), k),
        "y_pred": model.predict_proba(X_test),
    }


# ------------------------------------------------------------- labels used as scores


def _kaggle_binary_predictions() -> Inputs:
    X, y = _breast_cancer()
    model, X_test, y_test = _fitted(X, y, seed=1)
    return {"y_true": y_test, "y_score": model.predict(X_test)}


def _xgboost_predict_vs_eval_set() -> Inputs:
    # red wine quality >= 7 is "good": about 14% positives, 11 features
    X, y = make_classification(
        n_samples=1600,
        n_features=11,
        n_informative=6,
        weights=[0.86],
        flip_y=0.03,
        random_state=7,
    )
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    model = GradientBoostingClassifier(n_estimators=40, random_state=0).fit(X_train, y_train)
    return {"y_true": y_test, "y_score": model.predict(X_test)}


def _l2g_average_precision() -> Inputs:
    # 2,422 positives against 27,339 negatives, scaled down
    X, y = make_classification(
        n_samples=3000,
        n_features=12,
        n_informative=6,
        weights=[0.919],
        flip_y=0.02,
        random_state=3,
    )
    model, X_test, y_test = _fitted(X, y, seed=3)
    return {"y_true": y_test, "y_score": model.predict(X_test)}


def _predict_vs_predict_proba_zh() -> Inputs:
    X, digit = _digits()
    y = digit == 8  # a boolean one-vs-rest target
    model, X_test, y_test = _fitted(X, y, seed=4)
    return {"y_true": y_test, "y_score": model.predict(X_test)}


def _lazypredict_roc_auc() -> Inputs:
    X, y = make_classification(n_samples=300, n_features=8, flip_y=0.1, random_state=42)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=42)
    model = RandomForestClassifier(n_estimators=30, random_state=42).fit(X_train, y_train)
    return {"y_true": y_test, "y_score": model.predict(X_test)}


# ------------------------------------------------------- calls scikit-learn rejects


def _agnet_multiclass_auc() -> Inputs:
    X, y = load_wine(return_X_y=True)
    model, X_test, y_test = _fitted(X, y, seed=5)
    return {"y_true": y_test, "y_score": model.predict_proba(X_test)}


def _two_class_multi_class_ovr() -> Inputs:
    X, y = make_classification(n_samples=300, n_features=6, random_state=8)
    animals = np.array(["cat", "dog"])[y]
    model, X_test, y_test = _fitted(X, animals, seed=8)
    return {"y_true": y_test, "y_score": model.predict_proba(X_test)}


def _skore_svc_decision_function() -> Inputs:
    X, y = make_classification(n_classes=4, n_informative=4, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    model = SVC().fit(X_train, y_train)
    return {"y_true": y_test, "y_score": model.decision_function(X_test)}


def _linearsvc_multiclass_auc() -> Inputs:
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0)
    model = LinearSVC(random_state=0).fit(X_train, y_train)
    return {"y_true": y_test, "y_score": model.decision_function(X_test)}


def _auc_class_absent_from_test() -> Inputs:
    X, y = make_classification(
        n_samples=600, n_features=10, n_informative=6, n_classes=5, random_state=9
    )
    model, X_test, y_test = _fitted(X, y, seed=9)
    keep = y_test != 4  # the test sample holds no example of class 4
    return {
        "y_true": y_test[keep],
        "y_score": model.predict_proba(X_test[keep]),
        "score_classes": list(model.classes_),
    }


def _log_loss_fold_missing_class() -> Inputs:
    # wine-quality-white: seven quality grades, the rarest absent from one test fold
    X, y = make_classification(
        n_samples=1400,
        n_features=11,
        n_informative=7,
        n_classes=7,
        n_clusters_per_class=1,
        weights=[0.02, 0.05, 0.3, 0.44, 0.15, 0.035, 0.005],
        random_state=10,
    )
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
    X_train = np.vstack([X_train, X_test[y_test == 6]])  # every grade-6 wine went to training
    y_train = np.concatenate([y_train, y_test[y_test == 6]])
    keep = y_test != 6
    model = _logreg(X_train, y_train)
    return {
        "y_true": y_test[keep],
        "y_score": model.predict_proba(X_test[keep]),
        "score_classes": list(model.classes_),
    }


def _log_loss_batch_missing_classes() -> Inputs:
    X, digit = _digits()
    mask = digit < 5
    model, X_test, y_test = _fitted(X[mask], digit[mask], seed=11)
    batch = np.flatnonzero(np.isin(y_test, [0, 3]))[:16]  # one batch: only zeros and threes
    return {
        "y_true": y_test[batch],
        "y_score": model.predict_proba(X_test[batch]),
        "score_classes": list(model.classes_),
    }


def _log_loss_all_zero_sample() -> Inputs:
    return {
        "y_true": np.array([0, 0, 0, 0]),
        "y_score": np.array([[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]),
    }


# -------------------------------------------------------- score columns out of order


def _catboost_first_column() -> Inputs:
    X, y = make_classification(
        n_samples=1200,
        n_features=9,
        n_informative=5,
        weights=[0.15],
        flip_y=0.03,
        random_state=2,
    )
    model, X_test, y_test = _fitted(X, y, seed=2)
    return {
        "y_true": y_test,
        "y_pred": model.predict(X_test),
        "y_score": model.predict_proba(X_test)[:, 0],
    }


def _nanotabpfn_negative_column() -> Inputs:
    X, y = _breast_cancer()
    model, X_test, y_test = _fitted(X, y, seed=12)
    prob = model.predict_proba(X_test)
    return {"y_true": y_test, "y_pred": prob.argmax(axis=1), "y_score": prob[:, :1]}


def _setfit_label_order() -> Inputs:
    X, y = make_classification(
        n_samples=240,
        n_features=8,
        n_informative=5,
        n_classes=3,
        n_clusters_per_class=1,
        random_state=13,
    )
    labels = ["food", "chemistry", "sports"]  # the order given to from_pretrained(labels=...)
    topics = np.array(labels)[y]
    head, X_test, y_test = _fitted(X, topics, seed=13)  # head.classes_ is sorted
    return {
        "y_true": y_test,
        "y_pred": head.predict(X_test),
        "y_score": head.predict_proba(X_test),
        "score_classes": labels,
    }


def _log_loss_unsorted_labels() -> Inputs:
    X, y = make_classification(n_samples=200, n_features=5, class_sep=1.5, random_state=14)
    animals = np.array(["cat", "dog"])[y]
    model, X_test, y_test = _fitted(X, animals, seed=14)
    proba = model.predict_proba(X_test)[:, ::-1]  # columns arranged as labels=['dog', 'cat']
    return {"y_true": y_test, "y_score": proba, "score_classes": ["dog", "cat"]}


def _twelve_classes(seed: int) -> tuple:
    X, y = make_classification(
        n_samples=1200,
        n_features=20,
        n_informative=10,
        n_classes=12,
        n_clusters_per_class=1,
        random_state=seed,
    )
    return _fitted(X, y, seed=seed)


def _automlbenchmark_string_classes() -> Inputs:
    model, X_test, y_test = _twelve_classes(15)
    return {
        "y_true": y_test.astype(str),
        "y_pred": model.predict(X_test).astype(str),
        "y_score": model.predict_proba(X_test),  # columns in numeric order 0, 1, 2, ... 11
        "score_classes": [str(c) for c in model.classes_],
    }


def _mljar_lexicographic_columns() -> Inputs:
    model, X_test, y_test = _twelve_classes(16)
    names = sorted(f"prediction_{c}" for c in model.classes_)  # prediction_0, _1, _10, _11, _2
    classes = [int(name.split("_")[1]) for name in names]
    proba = pd.DataFrame(model.predict_proba(X_test)[:, classes], columns=names)
    return {
        "y_true": y_test,
        "y_pred": model.predict(X_test),
        "y_score": proba,
        "score_classes": classes,
    }


def _spark_reversed_probability_columns() -> Inputs:
    X, y = make_classification(
        n_samples=270,
        n_features=3,
        n_informative=3,
        n_redundant=0,
        n_classes=3,
        n_clusters_per_class=1,
        random_state=17,
    )
    groups = np.array(["g1", "g2", "g3"])[y]
    model = _logreg(X, groups)
    return {
        "y_true": groups,
        "y_pred": model.predict(X),
        "y_score": model.predict_proba(X)[:, ::-1],  # the probability vector came out g3, g2, g1
        "score_classes": ["g1", "g2", "g3"],  # the order the reporter expected
    }


# ------------------------------------------- decision values, logits, broken matrices


def _fedot_unnormalized_scores() -> Inputs:
    X, y = load_wine(return_X_y=True)
    X_train, X_test, y_train, y_test = _split(X, y, seed=18)
    scaler = StandardScaler().fit(X_train)
    heads = [
        LogisticRegression(max_iter=2000).fit(scaler.transform(X_train), y_train == c)
        for c in range(3)
    ]  # one-vs-rest heads whose outputs were never renormalised
    scores = np.column_stack([h.predict_proba(scaler.transform(X_test))[:, 1] for h in heads])
    return {"y_true": y_test, "y_score": scores}


def _r_reshape_scrambles_probabilities() -> Inputs:
    X, y = load_iris(return_X_y=True)
    model, X_test, y_test = _fitted(X, y, seed=19)
    proba = model.predict_proba(X_test)  # already (n, 3)
    # matrix(predicted, nrow = num_class) %>% t() applied to an (n, 3) matrix
    flat = proba.flatten(order="F")
    scrambled = flat.reshape((3, len(y_test)), order="F").T
    return {"y_true": y_test, "y_score": scrambled}


# ------------------------------------------------------------------ threshold collapse


def _high_auc_bad_predictions() -> Inputs:
    X, y = make_classification(
        n_samples=6000,
        n_features=10,
        n_informative=4,
        weights=[0.985],
        flip_y=0.0,
        class_sep=0.8,
        random_state=20,
    )
    model, X_test, y_test = _fitted(X, y, seed=20)
    return {"y_true": y_test, "y_score": model.predict_proba(X_test)[:, 1]}


def _dgraphfin_argmax() -> Inputs:
    # 847,042 normal users against 10,857 fraudsters (78:1), scaled down
    X, y = make_classification(
        n_samples=8000,
        n_features=12,
        n_informative=5,
        weights=[0.9874],
        flip_y=0.0,
        class_sep=1.0,
        random_state=21,
    )
    model, X_test, y_test = _fitted(X, y, seed=21)
    proba = model.predict_proba(X_test)
    return {"y_true": y_test, "y_pred": proba.argmax(axis=1), "y_score": proba[:, 1]}


def _handson_threshold_too_high() -> Inputs:
    X, digit = _digits()
    X_train, X_test, y_train, y_test = train_test_split(
        X, digit == 5, test_size=0.5, random_state=42
    )
    sgd = SGDClassifier(random_state=42).fit(X_train, y_train)
    return {"y_true": y_test, "y_score": sgd.decision_function(X_test)}


# ------------------------------------------------------------------ NaN predictions


def _raindrop_nan_probabilities() -> Inputs:
    rng = np.random.default_rng(22)
    y = (rng.random(1199) < 0.14).astype(int)  # P12 in-hospital mortality
    p1 = _binary_scores(y, 2.5, seed=22)
    probs = np.column_stack([1 - p1, p1])
    probs[640:] = np.nan  # training diverged part-way through the epoch
    return {"y_true": y, "y_score": probs[:, 1]}


def _chexnet_nan_multilabel() -> Inputs:
    Y = _multilabel(300, 14, seed=23, n_labels=2)
    scores = _sigmoid(_multilabel_logits(Y, seed=23))
    scores[np.random.default_rng(23).random(300) < 0.05] = np.nan  # NaN rows from fp16 overflow
    return {"y_true": Y, "y_score": scores}


def _slideflow_diverged_model() -> Inputs:
    rng = np.random.default_rng(24)
    y = rng.integers(0, 3, 240)
    return {"y_true": y, "y_score": np.full((240, 3), np.nan, dtype=np.float32)}


def _roc_auc_all_nan() -> Inputs:
    return {"y_true": np.array([0, 0, 1, 1]), "y_score": np.full(4, np.nan)}


def _sgd_predict_proba_nan() -> Inputs:
    X, y = load_wine(return_X_y=True)  # unscaled features: the coefficients grow huge
    sgd = SGDClassifier(loss="log_loss", max_iter=20, tol=None, random_state=1).fit(X, y)
    decision = sgd.decision_function(X)
    # predict_proba of the time: one-vs-rest sigmoids divided by their sum, which is 0/0
    # when every class's decision value is hugely negative
    with np.errstate(over="ignore", invalid="ignore"):
        proba = _sigmoid(decision)
        proba = proba / proba.sum(axis=1, keepdims=True)
    return {"y_true": y, "y_score": proba}


# ------------------------------------------------- shapes: one-hot, widths, matrices


def _confusion_matrix_one_hot_labels() -> Inputs:
    X, y = _digits()
    model, X_test, y_test = _fitted(X, y, seed=26)
    return {"y_true": _one_hot(y_test, 10), "y_pred": model.predict(X_test)}


def _accuracy_on_probabilities() -> Inputs:
    X, y = make_classification(n_samples=400, n_features=6, random_state=27)
    model, X_test, y_test = _fitted(X, y, seed=27)
    return {"y_true": y_test, "y_pred": model.predict_proba(X_test)[:, 1]}


def _categorical_accuracy_sparse_targets() -> Inputs:
    X, y = load_iris(return_X_y=True)
    model, X_test, y_test = _fitted(X, y, seed=28)
    return {"y_true": y_test.reshape(-1, 1), "y_pred": model.predict_proba(X_test)}


def _proba_two_columns_three_classes() -> Inputs:
    X = np.array([[5, 5, 5, 5], [10, 10, 10, 10], [1, 1, 1, 1], [6, 6, 6, 6], [13] * 4, [2] * 4])
    y = np.array([0, 1, 1, 0, 1, 2])
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.5, random_state=0)
    model = RandomForestClassifier(random_state=0).fit(X_train, y_train)  # never saw class 2
    return {
        "y_true": y_test,
        "y_score": model.predict_proba(X_test),
        "score_classes": list(model.classes_),
    }


def _sgd_proba_skips_untrained_label() -> Inputs:
    X, digit = _digits()
    X_train, X_test, y_train, y_test = _split(X, digit, seed=29)
    seen = y_train != 7  # the training split holds no example of the 8th label
    model = make_pipeline(StandardScaler(), SGDClassifier(loss="log_loss", random_state=0))
    model.fit(X_train[seen], y_train[seen])
    return {
        "y_true": y_test,
        "y_pred": model.predict(X_test),
        "y_score": model.predict_proba(X_test),
    }


def _xgboost_extra_class_column() -> Inputs:
    X, digit = _digits()
    labels = digit + 1  # classes 1..10, trained with num_class = 11
    model, X_test, y_test = _fitted(X, labels, seed=30)
    proba = np.column_stack([np.zeros(len(y_test)), model.predict_proba(X_test)])
    return {"y_true": y_test, "y_pred": proba.argmax(axis=1), "y_score": proba}


def _xgboost_transposed_proba() -> Inputs:
    X, y = make_classification(
        n_samples=500, n_features=12, n_informative=6, n_classes=5, random_state=31
    )
    model, X_test, y_test = _fitted(X, y, seed=31)
    proba = model.predict_proba(X_test)
    return {"y_true": y_test, "y_score": np.vstack([1.0 - proba, proba]).T}  # (5, 2n)


def _xgboost_flat_softprob() -> Inputs:
    X, y = load_iris(return_X_y=True)
    model, X_test, y_test = _fitted(X, y, seed=32)
    return {"y_true": y_test, "y_score": model.predict_proba(X_test).ravel()}  # 3n values


# ------------------------------------------------------- multilabel scored as multiclass


def _multilabel_categorical_accuracy() -> Inputs:
    Y = _multilabel(400, 26, seed=33, n_labels=3)
    scores = _sigmoid(_multilabel_logits(Y, seed=33))
    return {"y_true": Y, "y_pred": scores.argmax(axis=1)}


def _torchgeo_softmax_multilabel() -> Inputs:
    Y = _multilabel(256, 10, seed=34, n_labels=3)
    return {"y_true": Y, "y_score": _softmax(_multilabel_logits(Y, seed=34))}


def _fasttext_softmax_top1() -> Inputs:
    Y = _multilabel(300, 15, seed=35, n_labels=3)
    proba = _softmax(_multilabel_logits(Y, seed=35))
    top1 = np.eye(15, dtype=int)[proba.argmax(axis=1)]
    return {"y_true": Y, "y_pred": top1, "y_score": proba}


# ----------------------------------------------------- binary accuracy on one-hot rows


def _keras_mnist_binary_accuracy() -> Inputs:
    X, y = _digits()
    return _onehot_probabilities(X, y, seed=36)


def _keras_binary_vs_categorical() -> Inputs:
    X, y = make_classification(
        n_samples=900,
        n_features=20,
        n_informative=8,
        n_classes=6,
        n_clusters_per_class=1,
        class_sep=0.8,
        random_state=37,
    )
    return _onehot_probabilities(X, y, seed=37)


def _keras_guessed_binary_accuracy() -> Inputs:
    X, y = load_wine(return_X_y=True)
    return _onehot_probabilities(X, y, seed=38)


# ---------------------------------------------------- subset versus per-label accuracy


def _multilabel_model(n: int, k: int, seed: int, estimator: Any) -> Inputs:
    X, Y = make_multilabel_classification(
        n_samples=n, n_features=12, n_classes=k, n_labels=2, random_state=seed
    )
    X_train, X_test, Y_train, Y_test = train_test_split(X, Y, test_size=0.5, random_state=seed)
    model = MultiOutputClassifier(estimator).fit(X_train, Y_train)
    return {"y_true": Y_test, "y_pred": model.predict(X_test)}


def _subset_vs_hamming() -> Inputs:
    return _multilabel_model(400, 6, 39, LogisticRegression(max_iter=2000))


def _sgd_score_subset_accuracy() -> Inputs:
    return _multilabel_model(500, 10, 40, SGDClassifier(random_state=0))


def _aicrowd_exact_match() -> Inputs:
    rng = np.random.default_rng(41)
    Y = (rng.random((500, 8)) < np.linspace(0.1, 0.5, 8)).astype(int)
    flips = rng.random(Y.shape) < 0.08
    return {"y_true": Y, "y_pred": np.where(flips, 1 - Y, Y)}


# ---------------------------------------------------------- metrics averaged per batch


def _functional_auroc_per_batch() -> Inputs:
    y = np.random.default_rng(42).integers(0, 2, 500)
    return _batch_shifted_scores(y, 2.0, seed=42, size=64, shift=1.5)


def _gandlf_auroc_batches() -> Inputs:
    rng = np.random.default_rng(43)
    y = (rng.random(150) < 0.3).astype(int)
    return {"y_true": y, "y_score": _binary_scores(y, 2.5, 43), "groups": _batch_ids(150, 16)}


def _auprc_per_minibatch() -> Inputs:
    rng = np.random.default_rng(44)
    y = (rng.random(640) < 0.12).astype(int)  # ICU mortality
    return {"y_true": y, "y_score": _binary_scores(y, 3.0, 44), "groups": _batch_ids(640, 32)}


def _lightning_single_class_batch() -> Inputs:
    rng = np.random.default_rng(45)
    y = rng.integers(0, 2, 60)
    y[18:24] = 1  # the fourth batch of six holds only positives
    return {"y_true": y, "y_score": _binary_scores(y, 2.0, 45), "groups": _batch_ids(60, 6)}


def _tez_running_auc() -> Inputs:
    y = (np.random.default_rng(46).random(2048) < 0.018).astype(int)  # melanoma: < 2% positive
    return _batch_shifted_scores(y, 3.0, seed=46, size=64, shift=1.5)


# -------------------------------------------------------- classes without true samples


def _anomaly_test_set_one_class() -> Inputs:
    rng = np.random.default_rng(47)
    return {"y_true": np.ones(60, dtype=int), "y_score": rng.gamma(2.0, 1.5, 60)}


def _multilabel_constant_columns() -> Inputs:
    return {
        "y_true": np.array([[1.0, 0.0, 1.0, 0.0], [1.0, 0.0, 0.0, 1.0]]),
        "y_score": np.array([[0.1, 0.4, 0.35, 0.8], [0.1, 0.4, 0.35, 0.8]]),
    }


def _declared_class_absent() -> Inputs:
    return {
        "y_true": np.array([0, 1, 3]),
        "y_score": np.array([[0.1, 0.7, 0.1, 0.1], [0.3, 0.3, 0.2, 0.2], [0.5, 0.1, 0.1, 0.3]]),
    }


def _panotti_onehot_auc() -> Inputs:
    rng = np.random.default_rng(48)
    y = rng.choice([0, 1, 2, 3, 4, 6, 7], 160)  # class 5 has no clip in the test folder
    logits = 2.5 * np.eye(8)[y] + rng.normal(0.0, 1.0, (160, 8))
    return {"y_true": np.eye(8, dtype=int)[y], "y_score": _softmax(logits)}


# -------------------------------------------------------------- leaked perfect scores


def _zindi_sorted_test_set() -> Inputs:
    y = np.repeat([0, 1], [240, 160])  # the hidden test labels kept the sorted order
    return {"y_true": y, "y_score": np.arange(400) / 400}


def _pycaret_leak_random_data() -> Inputs:
    rng = np.random.default_rng(49)
    y = rng.binomial(1, 0.2, 3000)
    return {"y_true": y, "y_score": 0.6 * y + 0.4 * rng.random(3000)}


def _f(*slugs: str) -> frozenset[str]:
    return frozenset(slugs)


CASES: list[Case] = [
    # ---------------------------------------------------------------- labels-as-scores
    Case(
        id="kaggle-binary-predictions-roc-auc",
        url="https://bkanupam.medium.com/using-binary-predictions-vs-probability-scores-in-roc-auc-score-bd00ff368550",
        summary=(
            "A Kaggle competitor noticed that submitting 0/1 predictions scored a lower ROC AUC "
            "than submitting probabilities, and explained that hard labels give the ROC curve a "
            "single interior point."
        ),
        build=_kaggle_binary_predictions,
        call={"metric": "roc_auc"},
        expected=_f("labels-as-scores"),
    ),
    Case(
        id="xgboost-predict-auc-below-eval-set",
        url="https://devsolus.com/2023/11/21/why-does-xgboost-prediction-have-lower-auc-than-evaluation-of-same-data-in-eval_set/",
        summary=(
            "An XGBoost user found the AUC of test predictions consistently below the AUC that "
            "eval_set reported for the same data; the ROC curve was built from predict() labels "
            "instead of predict_proba() scores."
        ),
        build=_xgboost_predict_vs_eval_set,
        call={"metric": "roc_auc"},
        expected=_f("labels-as-scores"),
    ),
    Case(
        id="l2g-average-precision-from-thresholded-predictions",
        url="https://github.com/opentargets/gentropy/pull/1283",
        summary=(
            "The locus-to-gene trainer passed thresholded 0/1 predictions to "
            "average_precision_score (with average='weighted') while ROC AUC used "
            "probabilities, so the reported average precision was far too low on an "
            "imbalanced evaluation set."
        ),
        build=_l2g_average_precision,
        call={"metric": "average_precision", "average": "weighted"},
        expected=_f("labels-as-scores"),
        acceptable=_f("class-imbalance"),
    ),
    Case(
        id="predict-versus-predict-proba-auc-blog",
        url="https://e-com-net.com/article/1599382943560663040.htm",
        summary=(
            "A Chinese blog post compared roc_auc_score on predict_proba()[:, 1] with "
            "roc_auc_score on predict() for the same binary model and found the second one "
            "lower, because fixed labels reduce the curve to a polyline."
        ),
        build=_predict_vs_predict_proba_zh,
        call={"metric": "roc_auc"},
        expected=_f("labels-as-scores"),
        acceptable=_f("class-imbalance"),
    ),
    Case(
        id="lazypredict-roc-auc-from-y-pred",
        url="https://github.com/shankarpandala/lazypredict/pull/474",
        summary=(
            "LazyPredict computed the ROC AUC of every binary model from the predicted labels; "
            "a pull request switched it to predict_proba scores."
        ),
        build=_lazypredict_roc_auc,
        call={"metric": "roc_auc"},
        expected=_f("labels-as-scores"),
        acceptable=_f("small-support"),
    ),
    # -------------------------------------------------------------------- invalid-call
    Case(
        id="agnet-multiclass-probabilities-without-multi-class",
        url="https://github.com/HzFu/AGNet/issues/6",
        summary=(
            "Running a test script, a user hit a ValueError from roc_auc_score demanding a "
            "multi_class strategy: multiclass probability outputs were passed without "
            "choosing one-vs-rest or one-vs-one."
        ),
        build=_agnet_multiclass_auc,
        call={"metric": "roc_auc"},
        expected=_f("invalid-call"),
    ),
    Case(
        id="two-class-scores-with-multi-class-ovr",
        url="https://github.com/scikit-learn/scikit-learn/issues/20186",
        summary=(
            "A user scored a two-class cat/dog problem with a two-column probability matrix, "
            "labels and multi_class='ovr'; scikit-learn treated it as binary and raised on the "
            "2-D y_score."
        ),
        build=_two_class_multi_class_ovr,
        call={"metric": "roc_auc", "labels": ["cat", "dog"], "multi_class": "ovr"},
        expected=_f("invalid-call"),
    ),
    Case(
        id="skore-svc-decision-function-multiclass-auc",
        url="https://github.com/probabl-ai/skore/issues/1873",
        summary=(
            "skore offered ROC AUC for a four-class SVC without predict_proba, so the "
            "decision_function margins were sent to roc_auc_score, which requires "
            "probabilities summing to one for multiclass AUC and raised."
        ),
        build=_skore_svc_decision_function,
        call={"metric": "roc_auc", "multi_class": "ovr"},
        expected=_f("unnormalized-probabilities", "invalid-call"),
        acceptable=_f("small-support"),
    ),
    Case(
        id="linearsvc-decision-function-multiclass-auc",
        url="https://github.com/scikit-learn/scikit-learn/issues/18676",
        summary=(
            "A user wanted multiclass ROC AUC for LinearSVC on iris; the model has no "
            "predict_proba and its decision_function values are rejected by roc_auc_score with "
            "multi_class='ovr'."
        ),
        build=_linearsvc_multiclass_auc,
        call={"metric": "roc_auc", "multi_class": "ovr"},
        expected=_f("unnormalized-probabilities", "invalid-call"),
    ),
    Case(
        id="multiclass-auc-class-missing-from-test",
        url="https://github.com/scikit-learn/scikit-learn/issues/24636",
        summary=(
            "A five-class model was scored on a test sample that happened to contain only four "
            "classes; roc_auc_score with multi_class='ovr' raised because y_true's classes did "
            "not match the probability columns."
        ),
        build=_auc_class_absent_from_test,
        call={"metric": "roc_auc", "multi_class": "ovr"},
        expected=_f("invalid-call"),
        acceptable=_f("missing-class-in-truth"),
    ),
    Case(
        id="log-loss-test-fold-missing-a-grade",
        url="https://github.com/openml/automlbenchmark/issues/205",
        summary=(
            "On wine-quality-white a benchmark job failed computing log loss: the test fold "
            "held 6 of the 7 quality grades, so y_true and the 7-column predictions had "
            "different numbers of classes and no labels= was passed."
        ),
        build=_log_loss_fold_missing_class,
        call={"metric": "log_loss"},
        expected=_f("invalid-call"),
        acceptable=_f("missing-class-in-truth", "class-imbalance", "small-support"),
    ),
    Case(
        id="log-loss-batch-without-every-class",
        url="https://github.com/scikit-learn/scikit-learn/issues/4033",
        summary=(
            "log_loss with label y_true built its indicator matrix from the labels present, so "
            "it raised on any batch that did not contain every class, even though predict_proba "
            "had a column for each."
        ),
        build=_log_loss_batch_missing_classes,
        call={"metric": "log_loss"},
        expected=_f("invalid-call"),
        acceptable=_f("missing-class-in-truth", "small-support"),
    ),
    Case(
        id="log-loss-per-sample-all-zero-labels",
        url="https://github.com/scikit-learn/scikit-learn/issues/18523",
        summary=(
            "Debugging per-sample losses, a user called log_loss on subsets whose labels were "
            "all 0; scikit-learn raised because only one label was present and labels= was not "
            "given."
        ),
        build=_log_loss_all_zero_sample,
        call={"metric": "log_loss"},
        expected=_f("invalid-call"),
        acceptable=_f("missing-class-in-truth", "small-support"),
    ),
    # --------------------------------------------------------------- score-column-order
    Case(
        id="catboost-auc-from-first-probability-column",
        url="https://github.com/catboost/catboost/issues/1108",
        summary=(
            "Comparing AUCs from a CatBoost tutorial, a user scored predict_proba()[:, 0], the "
            "probability of the negative class, and got an AUC near 0.08 where column 1 gave "
            "0.92."
        ),
        build=_catboost_first_column,
        call={"metric": "roc_auc"},
        expected=_f("score-column-order"),
    ),
    Case(
        id="nanotabpfn-negative-class-slice",
        url="https://github.com/automl/nanoTabPFN/pull/6",
        summary=(
            "An eval() function passed prob[:, :1], the class-0 probability as an (n, 1) "
            "column, to roc_auc_score; the fix selected prob[:, 1], the positive class."
        ),
        build=_nanotabpfn_negative_column,
        call={"metric": "roc_auc"},
        expected=_f("score-column-order"),
    ),
    Case(
        id="setfit-labels-order-differs-from-head",
        url="https://github.com/huggingface/setfit/issues/587",
        summary=(
            "A SetFit model built with an explicit label list returned predict_proba columns in "
            "the sorted order of its scikit-learn head, so mapping argmax through the label list "
            "disagreed with predict()."
        ),
        build=_setfit_label_order,
        expected=_f("score-column-order"),
    ),
    Case(
        id="log-loss-labels-not-in-sorted-order",
        url="https://github.com/scikit-learn/scikit-learn/issues/30910",
        summary=(
            "A user passed labels=['dog', 'cat'] with probability columns in that order; "
            "log_loss reads the columns in sorted label order, so perfect predictions scored a "
            "loss of 36."
        ),
        build=_log_loss_unsorted_labels,
        call={"metric": "log_loss", "labels": ["dog", "cat"]},
        expected=_f("score-column-order"),
    ),
    Case(
        id="automlbenchmark-string-class-column-order",
        url="https://github.com/openml/automlbenchmark/issues/212",
        summary=(
            "On a many-class dataset whose classes are strings ('0', '1', '10', ...) a framework "
            "wrote probability columns in numeric order while the scorer sorts class names as "
            "strings, so every column was scored as another class."
        ),
        build=_automlbenchmark_string_classes,
        call={"metric": "log_loss"},
        expected=_f("score-column-order"),
    ),
    Case(
        id="mljar-prediction-columns-sorted-as-strings",
        url="https://github.com/mljar/mljar-supervised/issues/245",
        summary=(
            "With many classes, mljar-supervised emitted probability columns in lexicographic "
            "order (prediction_0, prediction_1, prediction_10, ...) while consumers read them in "
            "numeric class order."
        ),
        build=_mljar_lexicographic_columns,
        call={"metric": "roc_auc", "multi_class": "ovr"},
        expected=_f("score-column-order"),
    ),
    Case(
        id="spark-multinomial-probabilities-in-reverse-order",
        url="https://github.com/sparklyr/sparklyr/issues/907",
        summary=(
            "A sparklyr multinomial logistic regression on targets g1, g2 and g3 wrote its "
            "probability vector with g1 last and g3 first, the reverse of what the reporter "
            "expected, who asked whether that order was a convention to rely on."
        ),
        build=_spark_reversed_probability_columns,
        expected=_f("score-column-order"),
    ),
    # ------------------------------------------------------- unnormalized-probabilities
    Case(
        id="fedot-class-scores-not-summing-to-one",
        url="https://github.com/aimclub/FEDOT/issues/588",
        summary=(
            "During pipeline composition FEDOT intermittently failed because multiclass ROC "
            "AUC insists on probabilities: some candidate pipelines produced per-class scores "
            "whose rows did not sum to one."
        ),
        build=_fedot_unnormalized_scores,
        call={"metric": "roc_auc", "multi_class": "ovr"},
        expected=_f("unnormalized-probabilities", "invalid-call"),
    ),
    Case(
        id="xgboost-r-reshape-scrambles-probabilities",
        url="https://github.com/exploratory-io/exploratory_func/pull/1589",
        summary=(
            "Code written for an older xgboost R package reshaped multi:softprob output that "
            "was already an (n, k) matrix, regrouping values across rows; row sums drifted from "
            "0.007 to 2.67 and the ROC curve looked random."
        ),
        build=_r_reshape_scrambles_probabilities,
        call={"metric": "roc_auc", "multi_class": "ovr"},
        expected=_f("unnormalized-probabilities"),
        acceptable=_f("invalid-call"),
    ),
    # ---------------------------------------------------------------- threshold-collapse
    Case(
        id="high-auc-bad-predictions-imbalanced",
        url="https://www.e-learn.cn/topic/474906",
        summary=(
            "On extremely imbalanced data a model had a good AUC but its confusion matrix was "
            "useless; the answer pointed out the hard predictions still used the default 0.5 "
            "probability cut-off."
        ),
        build=_high_auc_bad_predictions,
        call={"metric": "confusion_matrix", "threshold": 0.5},
        expected=_f("threshold-collapse"),
        acceptable=_f(
            "class-imbalance",
            "single-predicted-class",
            "missing-class-in-predictions",
            "misleading-accuracy",
            "average-hides-weak-class",
            "small-support",
        ),
    ),
    Case(
        id="dgraphfin-argmax-predicts-all-normal",
        url="https://github.com/DGraphXinye/DGraphFin_baseline/issues/4",
        summary=(
            "With about 78 normal users per fraudster, the baseline's argmax predictions were "
            "all 'normal' and accuracy looked high; the maintainers answered that AUC is the "
            "metric and 0.5 is not the threshold for such data."
        ),
        build=_dgraphfin_argmax,
        call={"metric": "accuracy"},
        expected=_f("threshold-collapse"),
        acceptable=_f(
            "class-imbalance",
            "single-predicted-class",
            "missing-class-in-predictions",
            "misleading-accuracy",
            "small-support",
        ),
    ),
    Case(
        id="handson-ml-threshold-gives-zero-recall",
        url="https://github.com/ageron/handson-ml/issues/472",
        summary=(
            "Following the book's precision/recall trade-off for a 5-detector, a reader raised "
            "the decision_function threshold so far that nothing was predicted positive, "
            "getting recall 0 and an undefined-precision warning."
        ),
        build=_handson_threshold_too_high,
        call={"metric": "recall", "threshold": 1000.0},
        expected=_f("threshold-collapse"),
        acceptable=_f(
            "single-predicted-class",
            "missing-class-in-predictions",
            "undefined-metric",
            "misleading-accuracy",
        ),
    ),
    # ---------------------------------------------------------------- nan-in-predictions
    Case(
        id="raindrop-nan-probabilities-roc-auc",
        url="https://github.com/mims-harvard/Raindrop/issues/13",
        summary=(
            "Training Raindrop on P12, the ROC AUC of train_probs[:, 1] raised a ValueError "
            "about NaN input: the network's probabilities had become NaN."
        ),
        build=_raindrop_nan_probabilities,
        call={"metric": "roc_auc"},
        expected=_f("nan-in-predictions"),
    ),
    Case(
        id="chexnet-nan-multilabel-auroc",
        url="https://github.com/zoogzog/chexnet/issues/9",
        summary=(
            "Testing a pretrained CheXNet model, the per-class AUROC over 14 findings failed "
            "because some predicted probabilities were NaN."
        ),
        build=_chexnet_nan_multilabel,
        call={"metric": "roc_auc", "average": None},
        expected=_f("nan-in-predictions"),
        acceptable=_f("class-imbalance", "small-support", "missing-class-in-truth"),  # label 10
    ),
    Case(
        id="slideflow-diverged-model-auc",
        url="https://github.com/slideflow/slideflow/issues/140",
        summary=(
            "Validation AUC failed on NaN input; the maintainer traced it to NaN predictions "
            "from a diverged model and the user lowered the learning rate."
        ),
        build=_slideflow_diverged_model,
        call={"metric": "roc_auc", "multi_class": "ovr"},
        expected=_f("nan-in-predictions"),
    ),
    Case(
        id="roc-auc-all-nan-scores-returned-one",
        url="https://github.com/scikit-learn/scikit-learn/issues/5735",
        summary=(
            "roc_auc_score once returned 1.0 (or 0.0) for an array of all-NaN scores, "
            "depending only on the order of the labels; maintainers agreed it should reject "
            "NaN."
        ),
        build=_roc_auc_all_nan,
        call={"metric": "roc_auc"},
        expected=_f("nan-in-predictions"),
        acceptable=_f("small-support"),
    ),
    Case(
        id="sgd-predict-proba-nan-in-log-loss",
        url="https://github.com/scikit-learn/scikit-learn/issues/17978",
        summary=(
            "Monitoring log_loss after each SGDClassifier mini-batch, a user got NaN: with large "
            "coefficients every class's score saturated for some inputs and predict_proba "
            "divided zero by zero."
        ),
        build=_sgd_predict_proba_nan,
        call={"metric": "log_loss"},
        expected=_f("nan-in-predictions"),
    ),
    # ------------------------------------------------------------ shapes and matrices
    Case(
        id="confusion-matrix-one-hot-test-labels",
        url="https://python.19633.com/it/Python/1007052182.html",
        summary=(
            "Building a confusion matrix for an MNIST Keras model, a user passed one-hot "
            "test_labels against predict_classes() indices; the answer converted the labels "
            "with argmax first."
        ),
        build=_confusion_matrix_one_hot_labels,
        call={"metric": "confusion_matrix"},
        expected=_f("shape-mismatch"),
    ),
    Case(
        id="accuracy-score-on-positive-class-probabilities",
        url="https://vincentbogousslavsky.com/post/error-when-evaluating-models-classification-metrics-cant",
        summary=(
            "A blog post walks through accuracy_score rejecting binary labels compared with "
            "continuous values, after predict_proba(X)[:, 1] was passed as the predictions "
            "without a threshold."
        ),
        build=_accuracy_on_probabilities,
        call={"metric": "accuracy"},
        expected=_f("scores-as-labels"),
    ),
    Case(
        id="categorical-accuracy-on-sparse-targets",
        url="https://github.com/tensorflow/tensorflow/issues/46953",
        summary=(
            "CategoricalAccuracy expects one-hot targets, yet given class-index targets of "
            "shape (n, 1) next to probability rows it silently returned a number instead of "
            "raising."
        ),
        build=_categorical_accuracy_sparse_targets,
        call={"metric": "accuracy"},
        expected=_f("scores-as-labels"),
        acceptable=_f("shape-mismatch"),
    ),
    Case(
        id="predict-proba-two-columns-for-three-classes",
        url="https://stats.stackexchange.com/questions/179977/scikit-predict-proba-output-interpretation",
        summary=(
            "A random forest trained on a split that never saw class 2 returned two probability "
            "columns for a problem with three classes, and the user could not read the output."
        ),
        build=_proba_two_columns_three_classes,
        expected=_f("shape-mismatch"),
        acceptable=_f("small-support"),
    ),
    Case(
        id="sgd-proba-columns-skip-untrained-label",
        url="https://github.com/scikit-learn/scikit-learn/issues/17035",
        summary=(
            "A text classifier's predict_proba had one column fewer than target_names because "
            "a label had no training data, so argmax indices mapped through target_names "
            "disagreed with predict()."
        ),
        build=_sgd_proba_skips_untrained_label,
        expected=_f("shape-mismatch"),
        acceptable=_f("missing-class-in-predictions"),
    ),
    Case(
        id="xgboost-softprob-extra-class-column",
        url="https://github.com/dmlc/xgboost/issues/216",
        summary=(
            "With 18 classes a user had to set num_class to 19 for training to run, and "
            "multi:softprob then returned one probability column more than there were classes."
        ),
        build=_xgboost_extra_class_column,
        expected=_f("shape-mismatch"),
        acceptable=_f("missing-class-in-truth"),
    ),
    Case(
        id="xgboost-predict-proba-wrong-dimension",
        url="https://github.com/dmlc/xgboost/issues/1215",
        summary=(
            "XGBClassifier.predict_proba with multi:softprob returned an array of shape "
            "(5, 2n) instead of (n, 5) because a binary-only code path stacked 1 - p and p."
        ),
        build=_xgboost_transposed_proba,
        expected=_f("shape-mismatch"),
        acceptable=_f("length-mismatch", "unnormalized-probabilities"),
    ),
    Case(
        id="xgboost-r-softprob-flat-vector",
        url="https://github.com/dmlc/xgboost/issues/2027",
        summary=(
            "In R, predict() on a multi:softprob model returned one flat vector of n × 3 "
            "probabilities rather than an n × 3 matrix, which the user took for per-sample "
            "predictions."
        ),
        build=_xgboost_flat_softprob,
        expected=_f("length-mismatch"),
        acceptable=_f("shape-mismatch"),
    ),
    # ----------------------------------------------------------- multilabel-as-multiclass
    Case(
        id="keras-multilabel-categorical-accuracy",
        url="https://datascience.stackexchange.com/questions/77834/evaluating-a-multi-label-classification-model",
        summary=(
            "For a 26-label sigmoid network an answer recommended categorical accuracy, which "
            "compares only the top-scoring label with a multi-hot target row."
        ),
        build=_multilabel_categorical_accuracy,
        call={"metric": "accuracy"},
        expected=_f("multilabel-as-multiclass"),
        acceptable=_f("shape-mismatch"),
    ),
    Case(
        id="torchgeo-softmax-before-multilabel-metrics",
        url="https://github.com/torchgeo/torchgeo/pull/791",
        summary=(
            "torchgeo's multilabel task applied softmax to the outputs before its multilabel "
            "metrics, so labels competed for probability mass; the PR switched to sigmoid."
        ),
        build=_torchgeo_softmax_multilabel,
        call={"metric": "f1", "average": "micro", "threshold": 0.5},
        expected=_f("multilabel-as-multiclass"),
    ),
    Case(
        id="fasttext-softmax-multilabel-top-one",
        url="https://github.com/facebookresearch/fastText/issues/262",
        summary=(
            "A user trained fastText on multilabel data and found the label probabilities summed "
            "to one (softmax), with a single top label predicted by default."
        ),
        build=_fasttext_softmax_top1,
        call={"metric": "precision", "average": "micro"},
        expected=_f("multilabel-as-multiclass"),
    ),
    # ----------------------------------------------------- elementwise-accuracy-on-onehot
    Case(
        id="keras-mnist-binary-crossentropy-accuracy",
        url="https://ostack.cn/qa/?qa=721288%2F&show=721289",
        summary=(
            "An MNIST model compiled with binary_crossentropy and metrics=['accuracy'] reported "
            "0.998 while argmax accuracy computed by hand was 0.990: Keras had picked "
            "binary_accuracy over the one-hot cells."
        ),
        build=_keras_mnist_binary_accuracy,
        call={"metric": "binary_accuracy"},
        expected=_f("elementwise-accuracy-on-onehot"),
    ),
    Case(
        id="keras-binary-crossentropy-beats-categorical",
        url="https://ogeek.cn/qa/?qa=466317%2F",
        summary=(
            "A multiclass model looked more accurate with binary_crossentropy than with "
            "categorical_crossentropy; the accuracy shown was element-wise binary accuracy over "
            "one-hot targets."
        ),
        build=_keras_binary_vs_categorical,
        call={"metric": "binary_accuracy"},
        expected=_f("elementwise-accuracy-on-onehot"),
    ),
    Case(
        id="keras-guessed-binary-accuracy-multiclass",
        url="https://ai.stackexchange.com/revisions/11311/2",
        summary=(
            "With more than two classes and binary_crossentropy, Keras guessed binary_accuracy "
            "for metrics=['accuracy']; the author concluded categorical_accuracy was needed."
        ),
        build=_keras_guessed_binary_accuracy,
        call={"metric": "binary_accuracy"},
        expected=_f("elementwise-accuracy-on-onehot"),
    ),
    # --------------------------------------------------- multilabel-accuracy-semantics
    Case(
        id="multilabel-subset-accuracy-vs-hamming-score",
        url="https://mcmap.net/q/493129/-getting-the-accuracy-for-multi-label-prediction-in-scikit-learn",
        summary=(
            "A user noted that accuracy_score on multilabel data is exact-match subset accuracy "
            "and asked how to get the label-based accuracy (Hamming score) instead."
        ),
        build=_subset_vs_hamming,
        call={"metric": "accuracy"},
        expected=_f("multilabel-accuracy-semantics"),
    ),
    Case(
        id="sgd-score-harsh-subset-accuracy",
        url="https://geeksmental.com/question/what-is-mean-accuracy-and-why-is-it-a-harsh-metric-for-multi-label-validation",
        summary=(
            "A reader asked why scikit-learn's score() docs call multilabel subset accuracy a "
            "harsh metric: every label of a sample must be right for it to count."
        ),
        build=_sgd_score_subset_accuracy,
        call={"metric": "accuracy"},
        expected=_f("multilabel-accuracy-semantics"),
    ),
    Case(
        id="aicrowd-accuracy-is-exact-match-ratio",
        url="https://discourse.aicrowd.com/t/sklearn-accuracy-score-is-identical-with-exact-match-ratio/7293/2",
        summary=(
            "Participants noticed a challenge's multilabel 'accuracy' was identical to the exact "
            "match ratio; organisers said they would reconsider which accuracy to use."
        ),
        build=_aicrowd_exact_match,
        call={"metric": "accuracy"},
        expected=_f("multilabel-accuracy-semantics"),
    ),
    # ------------------------------------------------------------ batch-averaged-metric
    Case(
        id="lightning-functional-auroc-averaged-over-batches",
        url="https://github.com/hypernetwork-research-group/hypertorch/pull/113",
        summary=(
            "Functional torchmetrics AUROC and average precision were computed per batch and "
            "Lightning's self.log averaged them over the epoch, which is not the AUROC of all "
            "predictions."
        ),
        build=_functional_auroc_per_batch,
        call={"metric": "roc_auc"},
        expected=_f("batch-averaged-metric"),
    ),
    Case(
        id="gandlf-auroc-summed-over-iterations",
        url="https://github.com/mlcommons/GaNDLF/issues/505",
        summary=(
            "GaNDLF averaged AUROC and F1 over batches across an epoch; a contributor pointed "
            "out these metrics are not linear, so the batch average differs from the cohort "
            "value."
        ),
        build=_gandlf_auroc_batches,
        call={"metric": "roc_auc"},
        expected=_f("batch-averaged-metric"),
        acceptable=_f("missing-class-in-truth"),
    ),
    Case(
        id="auprc-averaged-over-minibatches",
        url="https://github.com/iacobo/continual/issues/13",
        summary=(
            "A continual-learning codebase averaged ROC AUC and AUPRC over minibatches like "
            "its other metrics; the issue notes threshold-based metrics must be computed over "
            "all predictions."
        ),
        build=_auprc_per_minibatch,
        call={"metric": "average_precision"},
        expected=_f("batch-averaged-metric"),
        acceptable=_f("missing-class-in-truth"),
    ),
    Case(
        id="lightning-auroc-single-class-batch",
        url="https://github.com/Lightning-AI/pytorch-lightning/issues/2210",
        summary=(
            "Lightning's AUROC metric, computed per batch, raised when a batch of six samples "
            "held only positives, because AUROC was being evaluated batch by batch."
        ),
        build=_lightning_single_class_batch,
        call={"metric": "roc_auc"},
        expected=_f("batch-averaged-metric"),
        acceptable=_f("missing-class-in-truth", "small-support"),
    ),
    Case(
        id="tez-running-auc-melanoma",
        url="https://github.com/abhishekkrthakur/tez/issues/27",
        summary=(
            "On the heavily imbalanced melanoma data, a running AUC computed per batch failed "
            "whenever a batch held no positive, since each batch's AUC needs both classes."
        ),
        build=_tez_running_auc,
        call={"metric": "roc_auc"},
        expected=_f("batch-averaged-metric"),
        acceptable=_f("class-imbalance", "missing-class-in-truth", "small-support"),
    ),
    # ----------------------------------------------------------- missing-class-in-truth
    Case(
        id="anomaly-test-set-without-good-images",
        url="https://github.com/gathierry/FastFlow/issues/16",
        summary=(
            "Evaluating FastFlow on a custom dataset, ROC AUC failed on a single-class y_true: "
            "the test folder had no defect-free images, so every label was anomalous."
        ),
        build=_anomaly_test_set_one_class,
        call={"metric": "roc_auc"},
        expected=_f("missing-class-in-truth"),
    ),
    Case(
        id="multilabel-auc-constant-label-columns",
        url="https://github.com/scikit-learn/scikit-learn/issues/16568",
        summary=(
            "A two-sample multilabel y_true had a label column of all ones and one of all "
            "zeros; roc_auc_score complained that only one class was present although the "
            "matrix as a whole held both values."
        ),
        build=_multilabel_constant_columns,
        call={"metric": "roc_auc"},
        expected=_f("missing-class-in-truth"),
        acceptable=_f("small-support"),
    ),
    Case(
        id="multiclass-auc-declared-class-without-samples",
        url="https://likecs.com/ask-3436650.html",
        summary=(
            "Scoring four-class probabilities on a y_true holding classes 0, 1 and 3 only, a "
            "user passed labels=[0, 1, 2, 3] with multi_class='ovr'; class 2 has no true sample, "
            "so its one-vs-rest AUC is undefined."
        ),
        build=_declared_class_absent,
        call={"metric": "roc_auc", "multi_class": "ovr", "labels": [0, 1, 2, 3]},
        expected=_f("missing-class-in-truth"),
        acceptable=_f("small-support"),
    ),
    Case(
        id="panotti-one-hot-auc-class-without-clips",
        url="https://github.com/drscotthawley/panotti/issues/35",
        summary=(
            "panotti's evaluation computed ROC AUC over one-hot test labels and failed because "
            "one class had no clip in the test set, leaving its column without positives."
        ),
        build=_panotti_onehot_auc,
        call={"metric": "roc_auc"},
        expected=_f("missing-class-in-truth"),
    ),
    # --------------------------------------------------------------------- perfect-score
    Case(
        id="zindi-sorted-test-set-perfect-auc",
        url="https://zindi.africa/competitions/geoai-aquaculture-pond-identification-challenge/discussions/33378",
        summary=(
            "A competition's test rows kept the label-sorted order of the source file, so a "
            "score increasing with the row index reached a perfect ROC AUC without any model."
        ),
        build=_zindi_sorted_test_set,
        call={"metric": "roc_auc"},
        expected=_f("perfect-score"),
    ),
    Case(
        id="pycaret-perfect-auc-on-random-target",
        url="https://github.com/pycaret/pycaret/issues/3507",
        summary=(
            "Tree models in PyCaret reached a test AUC of 1 on a synthetic dataset whose target "
            "was random noise, pointing to leakage in the pipeline."
        ),
        build=_pycaret_leak_random_data,
        call={"metric": "roc_auc"},
        expected=_f("perfect-score"),
    ),
]
