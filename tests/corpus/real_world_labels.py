"""Real-world pitfalls on hard label predictions, reconstructed from public reports.

Each case rebuilds the labels and predictions of one public report (a GitHub issue or pull
request, a Q&A thread, a vendor knowledge-base article) from the numbers, label encodings and
error patterns the report gives, using scikit-learn's bundled datasets or seeded numpy data, and
records the metric call the person made. ``expected`` holds the rules of ``RULES.md`` that
describe the pitfall; ``acceptable`` the ones that are also true of the data (imbalance, small
classes, or the consequences of the pitfall). Expectations follow the rule catalog, not what
evalcheck prints today.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from sklearn.datasets import load_digits, load_iris, load_wine, make_blobs, make_classification
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import LinearRegression, LogisticRegression, SGDClassifier
from sklearn.model_selection import cross_val_predict, train_test_split
from sklearn.neighbors import KNeighborsClassifier
from sklearn.svm import SVC
from sklearn.tree import DecisionTreeClassifier

from .case import Case

# ---------------------------------------------------------------------------------------------
# helpers shared by several cases
# ---------------------------------------------------------------------------------------------


def _from_confusion(
    cells: dict[tuple[Hashable, Hashable], int], seed: int | None = 0
) -> tuple[list[Any], list[Any]]:
    """y_true and y_pred holding ``count`` samples of every (true, predicted) pair.

    The samples are interleaved by a seeded shuffle (``seed=None`` keeps them grouped, in the
    order of ``cells``), as a test set read from disk would be.
    """
    y_true: list[Any] = []
    y_pred: list[Any] = []
    for (true, pred), count in cells.items():
        y_true.extend([true] * count)
        y_pred.extend([pred] * count)
    if seed is not None:
        order = np.random.default_rng(seed).permutation(len(y_true))
        y_true = [y_true[i] for i in order]
        y_pred = [y_pred[i] for i in order]
    return y_true, y_pred


def _noisy(y_true: Sequence[Any], accuracy: float, classes: Sequence[Any], seed: int) -> list[Any]:
    """Predictions that agree with ``y_true`` on about ``accuracy`` of the samples.

    Each error is another class drawn at random, never the true one.
    """
    rng = np.random.default_rng(seed)
    classes = list(classes)
    y_pred = []
    for true in y_true:
        if rng.random() < accuracy:
            y_pred.append(true)
        else:
            others = [c for c in classes if c != true]
            y_pred.append(others[rng.integers(len(others))])
    return y_pred


def _balanced(classes: Sequence[Any], per_class: int) -> list[Any]:
    """Labels in the order a directory iterator lists them: class by class."""
    return [c for c in classes for _ in range(per_class)]


def _batch_ids(n: int, batch_size: int) -> np.ndarray:
    """The batch each sample falls into when a loader walks the set in order."""
    return np.arange(n) // batch_size


# ---------------------------------------------------------------------------------------------
# a majority-class or single-class predictor
# ---------------------------------------------------------------------------------------------


def _cancer_vgg_one_class() -> dict[str, Any]:
    rng = np.random.default_rng(17)
    y_true = rng.permutation(np.array(["benign"] * 120 + ["malignant"] * 30))
    y_pred = np.full(150, "benign")
    return {"y_true": y_true, "y_pred": y_pred}


def _banana_detector_class0() -> dict[str, Any]:
    y_true, _ = _from_confusion({(0, 0): 50, (1, 0): 18}, seed=42)
    return {"y_true": y_true, "y_pred": [0] * len(y_true)}


def _digit5_threshold_too_high() -> dict[str, Any]:
    X, y = load_digits(return_X_y=True)
    y_5 = y == 5
    scores = SGDClassifier(random_state=42).fit(X, y_5).decision_function(X)
    y_pred = scores > 70_000  # a threshold copied from the book, above every score here
    return {"y_true": y_5, "y_pred": y_pred}


# ---------------------------------------------------------------------------------------------
# a class with support is never predicted
# ---------------------------------------------------------------------------------------------


def _meld_emotions() -> dict[str, Any]:
    cells = {
        ("neutral", "neutral"): 1242,
        ("neutral", "anger"): 14,
        ("surprise", "neutral"): 272,
        ("surprise", "anger"): 9,
        ("fear", "neutral"): 48,
        ("fear", "anger"): 2,
        ("sadness", "neutral"): 201,
        ("sadness", "anger"): 7,
        ("joy", "neutral"): 390,
        ("joy", "anger"): 12,
        ("disgust", "neutral"): 64,
        ("disgust", "anger"): 4,
        ("anger", "anger"): 37,
        ("anger", "neutral"): 308,
    }
    y_true, y_pred = _from_confusion(cells, seed=7)
    return {"y_true": np.array(y_true), "y_pred": np.array(y_pred)}


def _three_class_f1_nan() -> dict[str, Any]:
    return {"y_true": [1, 1, 1, 2, 2, 2, 3, 3, 3], "y_pred": [2, 2, 2, 2, 2, 2, 3, 3, 3]}


# ---------------------------------------------------------------------------------------------
# a class with no true samples (predicted, or declared in labels)
# ---------------------------------------------------------------------------------------------


def _prediction_only_class() -> dict[str, Any]:
    return {"y_true": list("aabbb"), "y_pred": list("aabbc")}


def _star_ratings_one_true_class() -> dict[str, Any]:
    cells = {(3, 3): 15, (3, 1): 12, (3, 2): 18, (3, 4): 30, (3, 5): 25}
    y_true, y_pred = _from_confusion(cells, seed=29)
    return {"y_true": np.array(y_true), "y_pred": np.array(y_pred)}


def _bugbug_not_classified() -> dict[str, Any]:
    cells = {
        (1, 1): 57,
        (1, 0): 1,
        (1, "__NOT_CLASSIFIED__"): 13,
        (0, 1): 6,
        (0, 0): 1,
        (0, "__NOT_CLASSIFIED__"): 2,
    }
    y_true, y_pred = _from_confusion(cells, seed=5903)
    return {"y_true": y_true, "y_pred": y_pred}


def _labels_from_training() -> dict[str, Any]:
    X_train = np.array([[1, 2], [1, 2], [1, 2]])
    model = LogisticRegression().fit(X_train, np.array([0, 1, 2]))
    X_test = np.array([[1, 2], [1, 2]])
    return {"y_true": np.array([0, 1]), "y_pred": model.predict(X_test)}


def _pair_links_no_positives() -> dict[str, Any]:
    rng = np.random.default_rng(80)
    y_pred = np.zeros(2000, dtype=int)
    y_pred[rng.choice(2000, size=60, replace=False)] = 1
    return {"y_true": np.zeros(2000, dtype=int), "y_pred": y_pred}


# ---------------------------------------------------------------------------------------------
# average='binary' (the default) on multiclass data
# ---------------------------------------------------------------------------------------------


def _wine_tree() -> dict[str, Any]:
    X, y = load_wine(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=42)
    y_pred = DecisionTreeClassifier(random_state=0).fit(X_train, y_train).predict(X_test)
    return {"y_true": y_test, "y_pred": y_pred}


def _sentiment_neg_ntl_pos() -> dict[str, Any]:
    rng = np.random.default_rng(1566)
    y_true = rng.choice([0, 1, 2], size=420, p=[0.3, 0.25, 0.45]).tolist()
    return {"y_true": y_true, "y_pred": _noisy(y_true, 0.72, [0, 1, 2], seed=1566)}


def _digits_svc() -> dict[str, Any]:
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, random_state=0)
    return {"y_true": y_test, "y_pred": SVC(kernel="rbf").fit(X_train, y_train).predict(X_test)}


# ---------------------------------------------------------------------------------------------
# micro-averaged precision/recall/F1 equal to accuracy; macro on binary data
# ---------------------------------------------------------------------------------------------


def _micro_equals_accuracy_abc() -> dict[str, Any]:
    y_true, y_pred = np.random.default_rng(0).choice(list("abc"), size=(2, 100), p=[0.8, 0.1, 0.1])
    return {"y_true": y_true, "y_pred": y_pred}


def _iris_names_lda() -> dict[str, Any]:
    data = load_iris()
    y = data.target_names[data.target]
    y_pred = cross_val_predict(LinearDiscriminantAnalysis(), data.data, y, cv=5)
    return {"y_true": y, "y_pred": y_pred}


def _torcheval_binary_as_multiclass() -> dict[str, Any]:
    y_true = np.repeat([1, 0], [100, 100])
    y_pred = np.repeat([1, 0, 1, 0], [55, 45, 34, 66])
    return {"y_true": y_true, "y_pred": y_pred}


def _hate_speech_macro() -> dict[str, Any]:
    cells = {
        ("hate", "hate"): 73,
        ("hate", "nohate"): 36,
        ("nohate", "nohate"): 136,
        ("nohate", "hate"): 53,
    }
    y_true, y_pred = _from_confusion(cells, seed=15408)
    return {"y_true": pd.Series(y_true, name="label"), "y_pred": np.array(y_pred)}


def _dl4j_binary_evaluation() -> dict[str, Any]:
    y_true, y_pred = _from_confusion({(0, 0): 3, (0, 1): 1, (1, 0): 5, (1, 1): 7}, seed=4802)
    return {"y_true": y_true, "y_pred": y_pred}


# ---------------------------------------------------------------------------------------------
# the positive label in use is not one of the binary labels
# ---------------------------------------------------------------------------------------------


def _adult_income_strings() -> dict[str, Any]:
    X, y = make_classification(n_samples=2000, n_features=12, weights=[0.76], random_state=903)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0)
    y_pred = LogisticRegression(max_iter=1000).fit(X_train, y_train).predict(X_test)
    names = np.array(["<=50K", ">50K"])
    return {"y_true": names[y_test], "y_pred": names[y_pred]}


def _labels_plus_minus_two() -> dict[str, Any]:
    return {"y_true": [2, -2], "y_pred": [2, -2]}


def _plus_minus_one_as_strings() -> dict[str, Any]:
    rng = np.random.default_rng(31)
    y_true = rng.choice([1, -1], size=240, p=[0.4, 0.6])
    return {"y_true": y_true, "y_pred": np.array(_noisy(y_true, 0.8, [1, -1], seed=31))}


# ---------------------------------------------------------------------------------------------
# the positive class of a binary F1 is the majority class
# ---------------------------------------------------------------------------------------------


def _majority_positive_forest() -> dict[str, Any]:
    X, y = make_classification(
        n_samples=1200, n_features=10, weights=[0.25], flip_y=0.05, random_state=563545
    )
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=1)
    forest = RandomForestClassifier(n_estimators=25, random_state=0).fit(X_train, y_train)
    return {"y_true": y_test, "y_pred": forest.predict(X_test)}


def _balanced_forest_all_ones() -> dict[str, Any]:
    cells = {(0, 0): 52, (0, 1): 122109, (1, 0): 19, (1, 1): 134802}
    y_true, y_pred = _from_confusion(cells, seed=59839965)
    return {"y_true": np.array(y_true), "y_pred": np.array(y_pred)}


# ---------------------------------------------------------------------------------------------
# the two sides use different encodings of the same classes
# ---------------------------------------------------------------------------------------------


def _iris_knn_out_by_one() -> dict[str, Any]:
    X, y = load_iris(return_X_y=True)
    y_pred = cross_val_predict(KNeighborsClassifier(), X, y, cv=5)
    return {"y_true": y, "y_pred": y_pred + 1}


def _imagenet_background_offset() -> dict[str, Any]:
    rng = np.random.default_rng(550)
    y_true = rng.permutation(np.repeat(np.arange(1000), 5))  # 0-based ImageNet labels
    top1 = np.array(_noisy(y_true, 0.76, range(1000), seed=550))
    return {"y_true": y_true, "y_pred": top1 + 1}  # the model's index 0 is "background"


def _assignment_group_trailing_space() -> dict[str, Any]:
    groups = ["Network", "Database", "Service Desk", "Hardware", "Software"]
    rng = np.random.default_rng(860389)
    clean = rng.choice(groups, size=400, p=[0.3, 0.15, 0.3, 0.15, 0.1]).tolist()
    y_pred = _noisy(clean, 0.85, groups, seed=860389)
    y_true = ["Network " if g == "Network" else g for g in clean]  # as stored on the record
    return {"y_true": y_true, "y_pred": y_pred}


# ---------------------------------------------------------------------------------------------
# missing values in labels or predictions
# ---------------------------------------------------------------------------------------------


def _disaster_tweets_nan() -> dict[str, Any]:
    rng = np.random.default_rng(3)
    y_true = rng.permutation(np.array([0.0] * 1238 + [1.0] * 935 + [2.0] * 3))
    relevant = (y_true == 1.0).astype(int)  # the model never answers "can't decide"
    y_pred = np.where(rng.random(y_true.size) < 0.79, relevant, 1 - relevant)
    y_true[rng.choice(y_true.size, size=5, replace=False)] = np.nan
    return {"y_true": pd.Series(y_true, name="class_label"), "y_pred": y_pred}


def _whylogs_nan_rows() -> dict[str, Any]:
    frame = pd.DataFrame(
        {
            "label_output": [0.0, 0.0, 1.0, 1.0, np.nan] * 10000,
            "pred_output": [0.0, 1.0, 1.0, 0.0, np.nan] * 10000,
        }
    )
    return {"y_true": frame["label_output"], "y_pred": frame["pred_output"]}


def _income_labels_with_nan() -> dict[str, Any]:
    rng = np.random.default_rng(621)
    classes = [" <=50K", " >50K"]
    y_true = rng.choice(classes, size=1000, p=[0.76, 0.24]).astype(object)
    y_pred = np.array(_noisy(y_true, 0.86, classes, seed=621), dtype=object)
    y_true[rng.choice(1000, size=12, replace=False)] = np.nan
    return {"y_true": pd.Series(y_true, name="class"), "y_pred": pd.Series(y_pred)}


# ---------------------------------------------------------------------------------------------
# ignore values (-100, 255) scored as classes
# ---------------------------------------------------------------------------------------------


def _voc_mask_with_void() -> dict[str, Any]:
    mask = np.zeros((32, 32), dtype=np.int64)
    mask[4:14, 5:18] = 1
    mask[18:29, 12:27] = 2
    void = np.zeros_like(mask, dtype=bool)  # VOC marks object outlines 255
    for rows, cols in ((slice(4, 14), slice(5, 18)), (slice(18, 29), slice(12, 27))):
        box = np.zeros_like(void)
        box[rows, cols] = True
        inner = np.zeros_like(void)
        inner[rows.start + 1 : rows.stop - 1, cols.start + 1 : cols.stop - 1] = True
        void |= box & ~inner
    rng = np.random.default_rng(2747)
    pred = np.where(rng.random(mask.shape) < 0.9, mask, rng.integers(0, 3, size=mask.shape))
    target = np.where(void, 255, mask)
    return {"y_true": target.ravel(), "y_pred": pred.ravel()}


def _ade20k_reduce_zero_label() -> dict[str, Any]:
    rng = np.random.default_rng(1259)
    weights = 1.0 / np.arange(1, 151) ** 1.1
    pixels = rng.choice(150, size=20000, p=weights / weights.sum())
    pred = np.array(_noisy(pixels, 0.8, range(150), seed=1259))
    background = rng.random(pixels.size) < 0.12  # label 0 became 255 under reduce_zero_label
    target = np.where(background, 255, pixels)
    return {"y_true": target, "y_pred": pred}


def _copy_task_padding() -> dict[str, Any]:
    rng = np.random.default_rng(7)
    rows_true, rows_pred = [], []
    for row in range(60):  # the first training batch of the copy task: 60 sentences
        n_words = 11 if row == 0 else 10
        target = [*rng.integers(3, 14, size=n_words).tolist(), 1]  # word ids, then EOS=1
        target += [-100] * (12 - len(target))  # PAD positions set to -100 for the loss
        pred = [t if t != -100 else int(rng.integers(0, 14)) for t in target]
        rows_true.append(target)
        rows_pred.append(pred)
    return {"y_true": np.array(rows_true).ravel(), "y_pred": np.array(rows_pred).ravel()}


# ---------------------------------------------------------------------------------------------
# perfect scores and tiny evaluation sets
# ---------------------------------------------------------------------------------------------


def _separable_blobs_bool() -> dict[str, Any]:
    X, y = make_blobs(n_samples=400, centers=[[-6, -6], [6, 6]], random_state=737)
    X_train, X_test, y_train, y_test = train_test_split(X, y == 1, test_size=0.2, random_state=0)
    y_pred = LogisticRegression().fit(X_train, y_train).predict(X_test)
    return {"y_true": y_test, "y_pred": y_pred}


def _gesture_sequences_val() -> dict[str, Any]:
    y_true = [0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 1, 0]
    return {"y_true": y_true, "y_pred": list(y_true)}


def _soccer_25_matches() -> dict[str, Any]:
    cells = {
        ("H", "H"): 8,
        ("H", "A"): 2,
        ("H", "D"): 1,
        ("D", "H"): 4,
        ("D", "D"): 1,
        ("D", "A"): 2,
        ("A", "A"): 5,
        ("A", "H"): 2,
    }
    y_true, y_pred = _from_confusion(cells, seed=53)
    return {"y_true": y_true, "y_pred": y_pred}


def _five_way_episode() -> dict[str, Any]:
    y_true = np.repeat(np.arange(5), 15)  # 5-way, 15 queries per class
    return {"y_true": y_true, "y_pred": y_true.copy()}


# ---------------------------------------------------------------------------------------------
# predictions in another order than the labels (shuffling generator)
# ---------------------------------------------------------------------------------------------


def _vgg16_shuffled_generator() -> dict[str, Any]:
    y_true = _balanced([0, 1, 2, 3], 100)  # generator.classes, in directory order
    in_order = _noisy(y_true, 0.9, [0, 1, 2, 3], seed=11227)
    order = np.random.default_rng(11227).permutation(len(y_true))  # shuffle=True
    return {"y_true": np.array(y_true), "y_pred": np.array(in_order)[order]}


def _mxnet_rounded_probabilities() -> dict[str, Any]:
    y_true, y_pred = _from_confusion({(0, 0): 21, (0, 1): 14, (1, 0): 13, (1, 1): 3}, seed=8601)
    return {"y_true": np.array(y_true), "y_pred": np.array(y_pred, dtype=float)}


# ---------------------------------------------------------------------------------------------
# label maps swapped or permuted
# ---------------------------------------------------------------------------------------------


def _class_indices_permuted() -> dict[str, Any]:
    y_true = _balanced([0, 1, 2, 3, 4], 200)
    mapped = {0: 3, 1: 0, 2: 4, 3: 1, 4: 2}  # class0 images come out as index 3, ...
    rng = np.random.default_rng(6075)
    y_pred = []
    for true in y_true:
        if rng.random() < 0.97:
            y_pred.append(mapped[true])
        else:
            others = [c for c in range(5) if c not in (true, mapped[true])]
            y_pred.append(others[rng.integers(len(others))])
    return {"y_true": y_true, "y_pred": y_pred}


def _imdb_inverted() -> dict[str, Any]:
    rng = np.random.default_rng(1082)
    y_true = rng.permutation(np.repeat([0, 1], 12500))
    right = rng.random(y_true.size) < 0.9013
    model = np.where(right, y_true, 1 - y_true)
    return {"y_true": y_true, "y_pred": 1 - model}  # head outputs read with the labels swapped


def _titanic_inverted_labels() -> dict[str, Any]:
    cells = {(0, 0): 480, (0, 1): 69, (1, 0): 118, (1, 1): 224}
    y_true, y_pred = _from_confusion(cells, seed=1042)
    swapped = [1 - p for p in y_pred]  # classification_labels=[cl[1], cl[0]]
    return {"y_true": pd.Series(y_true, name="Survived"), "y_pred": pd.Series(swapped)}


# ---------------------------------------------------------------------------------------------
# predictions and labels of different lengths
# ---------------------------------------------------------------------------------------------


def _vgg_floor_steps_shuffled() -> dict[str, Any]:
    y_true = _balanced([0, 1, 2], 31)  # 93 test images, batch_size=9
    predicted = _noisy(y_true, 0.9, [0, 1, 2], seed=11427)
    order = np.random.default_rng(11427).permutation(len(y_true))[: 93 // 9 * 9]
    return {"y_true": np.array(y_true), "y_pred": np.array(predicted)[order]}


def _validation_505_steps() -> dict[str, Any]:
    y_true = np.repeat([0, 1, 2, 3], [130, 125, 120, 130])  # 505 images, shuffle=False
    predicted = np.array(_noisy(y_true, 0.88, [0, 1, 2, 3], seed=11902))
    return {"y_true": y_true, "y_pred": predicted[: 505 // 32 * 32]}


def _ants_health_steps() -> dict[str, Any]:
    y_true = _balanced(["ants", "health"], 1040)  # 2080 files
    predicted = _noisy(y_true, 0.85, ["ants", "health"], seed=981)
    return {"y_true": y_true, "y_pred": predicted[: 50 * 32]}  # steps = 50


def _two_workers_predict() -> dict[str, Any]:
    y_true = np.repeat([0, 1], 401)
    predicted = np.array(_noisy(y_true, 0.9, [0, 1], seed=7261))
    return {"y_true": y_true, "y_pred": predicted[:786]}


def _cats_dogs_64_predictions() -> dict[str, Any]:
    return {"y_true": np.repeat([0, 1], 500), "y_pred": np.ones(64, dtype=int)}


# ---------------------------------------------------------------------------------------------
# metrics averaged over batches
# ---------------------------------------------------------------------------------------------


def _keras_recall_two_batches() -> dict[str, Any]:
    return {"y_true": [0, 0, 1, 1], "y_pred": [0, 1, 0, 1], "groups": [1, 1, 2, 2]}


def _keras_f1_validation_batches() -> dict[str, Any]:
    X, y = make_classification(n_samples=2000, n_features=20, weights=[0.9], random_state=825)
    X_train, X_val, y_train, y_val = train_test_split(X, y, test_size=0.3, random_state=0)
    y_pred = LogisticRegression(max_iter=1000).fit(X_train, y_train).predict(X_val)
    return {"y_true": y_val, "y_pred": y_pred, "groups": _batch_ids(len(y_val), 32)}


def _argument_tokens_batches() -> dict[str, Any]:
    rng = np.random.default_rng(45)
    y_true: list[str] = []
    groups: list[int] = []
    for essay in range(32):
        segments = [("Lead", 40)] if rng.random() < 0.6 else []
        segments.append(("Position", 20))
        for _ in range(int(rng.integers(1, 4))):
            segments += [("Claim", 16), ("Evidence", 60)]
        if rng.random() < 0.25:
            segments.append(("Counterclaim", 24))
        if rng.random() < 0.15:
            segments.append(("Rebuttal", 24))
        if rng.random() < 0.85:
            segments.append(("Concluding Statement", 40))
        tokens: list[str] = []
        for label, length in segments:
            tokens += ["O"] * int(rng.integers(2, 12))
            tokens += [label] * int(rng.integers(length // 2, length * 3 // 2))
        y_true += tokens
        groups += [essay] * len(tokens)  # one essay per batch (long documents)
    confusable = ["O", "Claim", "Evidence"]  # the usual mistakes of a span tagger
    y_pred = []
    for label in y_true:
        if rng.random() < 0.75:
            y_pred.append(label)
        else:
            others = [c for c in confusable if c != label]
            y_pred.append(others[rng.integers(len(others))])
    return {"y_true": y_true, "y_pred": y_pred, "groups": groups}


# ---------------------------------------------------------------------------------------------
# one input mixes kinds of labels
# ---------------------------------------------------------------------------------------------


def _evidently_coerced_labels() -> dict[str, Any]:
    # evidently cast the numeric-looking string labels '101' and '102' to int
    y_true = ["foo", "bar", "fun", "foo", "fun", "foo", 101, 102]
    y_pred = ["foo", "bar", "fun", "bar", "fun", "fun", 101, 101]
    return {"y_true": y_true, "y_pred": y_pred}


# ---------------------------------------------------------------------------------------------
# continuous outputs where labels are expected
# ---------------------------------------------------------------------------------------------


def _social_ads_linear_regression() -> dict[str, Any]:
    X, y = make_classification(
        n_samples=400, n_features=2, n_informative=2, n_redundant=0, weights=[0.64], random_state=6
    )
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    y_pred = LinearRegression().fit(X_train, y_train).predict(X_test)
    return {"y_true": y_test, "y_pred": y_pred}


def _fraud_lstm_probabilities() -> dict[str, Any]:
    rng = np.random.default_rng(4)
    y_true = (rng.random(2000) < 0.03).astype(int)
    logits = rng.normal(-3.0, 1.0, size=2000) + 4.0 * y_true
    return {"y_true": y_true, "y_pred": 1.0 / (1.0 + np.exp(-logits))}


# ---------------------------------------------------------------------------------------------
# a weak class hidden by the average
# ---------------------------------------------------------------------------------------------


def _rare_class_report() -> dict[str, Any]:
    cells = {(0, 0): 122442, (0, 1): 2558, (1, 1): 1260, (1, 0): 240}
    y_true, y_pred = _from_confusion(cells, seed=65557478)
    return {"y_true": np.array(y_true), "y_pred": np.array(y_pred)}


# ---------------------------------------------------------------------------------------------
# the corpus
# ---------------------------------------------------------------------------------------------

CASES: list[Case] = [
    # --- majority-class / single-class predictor ----------------------------------------------
    Case(
        id="vgg16-skin-lesions-always-benign",
        url="https://github.com/tanmoyopenroot/cancer_nn/issues/5",
        summary=(
            "A VGG16 transfer-learning model for skin lesions predicted the same class for all "
            "150 validation images (120 of one class, 30 of the other), so validation accuracy "
            "sat at exactly 0.8, the share of the larger class."
        ),
        build=_cancer_vgg_one_class,
        call={"metric": "accuracy"},
        expected=frozenset({"misleading-accuracy", "single-predicted-class"}),
        acceptable=frozenset({"missing-class-in-predictions", "average-hides-weak-class"}),
    ),
    Case(
        id="ship-detector-banana-always-class-0",
        url="https://github.com/lmzh123/ships_detection/issues/1",
        summary=(
            "Adapting a ship-detection project to bananas, the user got a classification report "
            "on 68 test images (50 negative, 18 positive) where every prediction was class 0: "
            "accuracy 0.74, class 1 all zeros and the 'ill-defined' warning."
        ),
        build=_banana_detector_class0,
        call={"metric": "classification_report"},
        expected=frozenset(
            {"single-predicted-class", "missing-class-in-predictions", "undefined-metric"}
        ),
        acceptable=frozenset({"misleading-accuracy", "small-support", "average-hides-weak-class"}),
    ),
    Case(
        id="handson-ml-digit5-threshold-no-positives",
        url="https://github.com/ageron/handson-ml2/issues/257",
        summary=(
            "Following the book, the reader thresholded the decision scores of a 'is it a 5' "
            "detector at 70000; on their scores nothing passed, so precision_score warned that "
            "precision was ill-defined with no predicted samples and returned 0, recall 0."
        ),
        build=_digit5_threshold_too_high,
        call={"metric": "precision"},
        expected=frozenset(
            {"single-predicted-class", "missing-class-in-predictions", "undefined-metric"}
        ),
    ),
    # --- classes never predicted --------------------------------------------------------------
    Case(
        id="meld-emotions-five-classes-never-predicted",
        url="https://github.com/declare-lab/MELD/issues/37",
        summary=(
            "On the MELD test set (7 emotions, 2610 utterances) the model predicted only neutral "
            "and anger even with class weights; five emotions got precision and recall 0 and the "
            "user reported a weighted F1 of 0.34."
        ),
        build=_meld_emotions,
        call={"metric": "f1", "average": "weighted"},
        expected=frozenset({"missing-class-in-predictions"}),
        acceptable=frozenset(
            {
                "undefined-metric",
                "average-hides-weak-class",
                "class-imbalance",
                "chance-level-agreement",
            }
        ),
    ),
    Case(
        id="macro-f1-nan-class-never-predicted",
        url=(
            "https://devhide.com/undefined-f1-scores-in-multiclass-classifications-when-model-"
            "does-not-predict-one-class-45233227"
        ),
        summary=(
            "For model selection the user averaged per-class F1 over three classes; with labels "
            "1,1,1,2,2,2,3,3,3 predicted as 2,2,2,2,2,2,3,3,3 class 1's precision was 0/0 and "
            "the averaged F1 came out NaN."
        ),
        build=_three_class_f1_nan,
        call={"metric": "f1", "average": "macro"},
        expected=frozenset({"missing-class-in-predictions"}),
        acceptable=frozenset({"undefined-metric", "small-support"}),
    ),
    # --- classes with no true samples ---------------------------------------------------------
    Case(
        id="macro-average-over-prediction-only-class",
        url="https://github.com/scikit-learn/scikit-learn/issues/10573",
        summary=(
            "precision_recall_fscore_support with average='macro' on true 'aabbb' and predicted "
            "'aabbc' averaged over class 'c', which only the predictions contain; its recall "
            "and F-score were 0/0, set to 0, and pulled the macro scores down."
        ),
        build=_prediction_only_class,
        call={"metric": "recall", "average": "macro"},
        expected=frozenset({"missing-class-in-truth", "undefined-metric"}),
        acceptable=frozenset({"small-support"}),
    ),
    Case(
        id="review-stars-test-set-holds-one-rating",
        url="https://github.com/data-science-on-aws/data-science-on-aws/issues/29",
        summary=(
            "Predicting 1-5 star ratings, the notebook's classification report showed support "
            "100 for rating 3 and 0 for the four others the model predicted: accuracy 0.15 and "
            "a warning that recall was ill-defined for labels with no true samples."
        ),
        build=_star_ratings_one_true_class,
        call={"metric": "classification_report"},
        expected=frozenset({"missing-class-in-truth", "undefined-metric"}),
        acceptable=frozenset({"misleading-accuracy", "chance-level-agreement", "small-support"}),
    ),
    Case(
        id="bugbug-not-classified-pseudo-class",
        url="https://github.com/mozilla/bugbug/issues/5903",
        summary=(
            "A component model evaluated on 80 bugs (71 of class 1, 9 of class 0) answered "
            "'__NOT_CLASSIFIED__' for 15 of them, and the report scored that answer as a third "
            "class with zero support; class 0 was recalled once in nine."
        ),
        build=_bugbug_not_classified,
        call={"metric": "classification_report"},
        expected=frozenset({"missing-class-in-truth", "small-support"}),
        acceptable=frozenset({"mixed-label-types", "average-hides-weak-class", "undefined-metric"}),
    ),
    Case(
        id="yellowbrick-report-labels-from-training",
        url="https://github.com/DistrictDataLabs/yellowbrick/pull/1247",
        summary=(
            "Yellowbrick's classification report crashed when the test set lacked a class seen "
            "in training (classes 0, 1, 2; test labels 0 and 1); the PR passes labels=classes_, "
            "so class 2 is declared but has no true samples and its recall is 0/0."
        ),
        build=_labels_from_training,
        call={"metric": "classification_report", "labels": [0, 1, 2]},
        expected=frozenset({"missing-class-in-truth", "undefined-metric"}),
        acceptable=frozenset(
            {"small-support", "single-predicted-class", "missing-class-in-predictions"}
        ),
    ),
    Case(
        id="lgcn-pair-links-no-true-positives",
        url="https://github.com/yl-1993/learn-to-cluster/issues/80",
        summary=(
            "Training a linkage GCN on a custom dataset, the user saw 97% accuracy but precision "
            "and recall of 0, with the warning that recall was ill-defined for lack of true "
            "samples: no evaluated pair was a true link, while about 3% were predicted as links."
        ),
        build=_pair_links_no_positives,
        call={"metric": "recall"},
        expected=frozenset({"missing-class-in-truth", "undefined-metric"}),
        acceptable=frozenset({"misleading-accuracy"}),
    ),
    # --- average='binary' on multiclass -------------------------------------------------------
    Case(
        id="hgboost-f1-default-average-multiclass",
        url="https://github.com/erdogant/hgboost/issues/14",
        summary=(
            "hgboost computed f1_score with its default average='binary' while tuning a "
            "multi-class model, which fails with 'Target is multiclass but average=binary'."
        ),
        build=_wine_tree,
        call={"metric": "f1"},
        expected=frozenset({"averaging-mismatch"}),
        acceptable=frozenset({"invalid-call", "small-support"}),
    ),
    Case(
        id="simpletransformers-three-sentiments-binary-f1",
        url="https://github.com/ThilinaRajapakse/simpletransformers/issues/1566",
        summary=(
            "A BERT sentiment classifier with labels NEG/NTL/POS mapped to 0/1/2 was evaluated "
            "with an F1 left at scikit-learn's default average='binary', and evaluation stopped "
            "with the multiclass-but-binary error."
        ),
        build=_sentiment_neg_ntl_pos,
        call={"metric": "f1"},
        expected=frozenset({"averaging-mismatch"}),
        acceptable=frozenset({"invalid-call"}),
    ),
    Case(
        id="pycon-tutorial-digits-f1-binary",
        url="https://github.com/jakevdp/sklearn_pycon2014/issues/4",
        summary=(
            "The tutorial's SVM/random-forest solution printed metrics.f1_score(ytest, ypred) "
            "for a multiclass problem; newer scikit-learn raises the multiclass-but-binary "
            "error, and the user simply commented the line out."
        ),
        build=_digits_svc,
        call={"metric": "f1"},
        expected=frozenset({"averaging-mismatch"}),
        acceptable=frozenset({"invalid-call"}),
    ),
    # --- micro equals accuracy; macro on binary -----------------------------------------------
    Case(
        id="micro-precision-recall-equal-accuracy",
        url=(
            "https://stackoverflow.com/questions/52269187/"
            "facing-valueerror-target-is-multiclass-but-average-binary/76269662"
        ),
        summary=(
            "After the multiclass-but-binary error the asker switched to average='micro' and "
            "got the same number for accuracy, precision and recall; the answer reproduces it "
            "with random labels a/b/c drawn 80/10/10."
        ),
        build=_micro_equals_accuracy_abc,
        call={"metric": "precision", "average": "micro"},
        expected=frozenset({"averaging-mismatch"}),
        acceptable=frozenset(
            {"chance-level-agreement", "misleading-accuracy", "average-hides-weak-class"}
        ),
    ),
    Case(
        id="iris-names-micro-f1-scorer",
        url="https://github.com/scikit-learn/scikit-learn/issues/29734",
        summary=(
            "Scoring LDA on iris with species names through make_scorer(f1_score, "
            "average='micro') hit 'pos_label=1 is not a valid label'; the score asked for, "
            "micro-F1 on single-label multiclass data, is plain accuracy."
        ),
        build=_iris_names_lda,
        call={"metric": "f1", "average": "micro"},
        expected=frozenset({"averaging-mismatch"}),
    ),
    Case(
        id="torcheval-multiclass-f1-on-binary",
        url="https://github.com/meta-pytorch/torcheval/issues/191",
        summary=(
            "multiclass_f1_score on 200 binary labels returned 0.605, exactly the accuracy, "
            "while binary_f1_score gave 0.582: the multiclass metric micro-averages over both "
            "classes."
        ),
        build=_torcheval_binary_as_multiclass,
        call={"metric": "f1", "average": "micro"},
        expected=frozenset({"averaging-mismatch"}),
        acceptable=frozenset({"misleading-accuracy"}),
    ),
    Case(
        id="hate-speech-macro-f1-binary",
        url="https://github.com/scikit-learn/scikit-learn/issues/15408",
        summary=(
            "For a binary hate/nohate classifier (109 vs 189 test posts) the user questioned "
            "the 'F1 macro average' of 0.69 the report prints, which averages the F1 of the rare "
            "class of interest (0.62) with that of the negative class."
        ),
        build=_hate_speech_macro,
        call={"metric": "f1", "average": "macro"},
        expected=frozenset({"averaging-mismatch"}),
    ),
    Case(
        id="dl4j-evaluation-macro-f1-binary",
        url="https://github.com/deeplearning4j/deeplearning4j/pull/4802",
        summary=(
            "DL4J's Evaluation.f1() returned the macro average over both classes for binary "
            "problems; the fix reports the positive class, shown on a 16-sample example with "
            "3/1 and 5/7 in the confusion matrix."
        ),
        build=_dl4j_binary_evaluation,
        call={"metric": "f1", "average": "macro"},
        expected=frozenset({"averaging-mismatch"}),
        acceptable=frozenset({"small-support"}),
    ),
    # --- pos_label not among the binary labels ------------------------------------------------
    Case(
        id="adult-income-strings-default-pos-label",
        url="https://github.com/microsoft/responsible-ai-toolbox/issues/903",
        summary=(
            "Error analysis on the adult census income data called precision_score with the "
            "default pos_label=1 on the string labels '<=50K'/'>50K' and failed with 'pos_label=1 "
            "is not a valid label'."
        ),
        build=_adult_income_strings,
        call={"metric": "precision"},
        expected=frozenset({"pos-label-mismatch"}),
        acceptable=frozenset({"invalid-call"}),
    ),
    Case(
        id="f1-labels-plus-minus-two",
        url="https://github.com/scikit-learn/scikit-learn/issues/2094",
        summary=(
            "f1_score([1,-1],[1,-1]) returned 1.0 but f1_score([2,-2],[2,-2]) raised "
            "'pos_label=1 is not a valid label': binary labels {2,-2} do not contain the default "
            "positive class."
        ),
        build=_labels_plus_minus_two,
        call={"metric": "f1"},
        expected=frozenset({"pos-label-mismatch"}),
        acceptable=frozenset({"invalid-call", "perfect-score", "small-support"}),
    ),
    Case(
        id="course-precision-string-positive-label",
        url="https://github.com/damian0604/bdaca/issues/31",
        summary=(
            "In a course example the labels were read as the integers 1 and -1, but precision "
            "was computed with the string forms '1'/'-1' as the positive class, which cannot "
            "match any label."
        ),
        build=_plus_minus_one_as_strings,
        call={"metric": "precision", "pos_label": "1"},
        expected=frozenset({"pos-label-mismatch"}),
        acceptable=frozenset({"invalid-call", "label-set-mismatch"}),
    ),
    # --- the positive class is the majority ---------------------------------------------------
    Case(
        id="gridsearch-f1-majority-positive-class",
        url=(
            "https://stats.stackexchange.com/questions/563545/"
            "why-metrics-focus-on-maximizing-only-majority-class-in-binary-classification"
        ),
        summary=(
            "With a 75:25 split where the class to catch is the minority 0, the asker tuned a "
            "random forest with scoring='f1', which scores class 1, the majority, and found the "
            "metric rewarding the easy class."
        ),
        build=_majority_positive_forest,
        call={"metric": "f1"},
        expected=frozenset({"positive-class-is-majority"}),
    ),
    Case(
        id="balanced-data-f1-68-accuracy-52",
        url=(
            "https://wiki.gubat.org/content/stackoverflow.com_en_all_2023-11/questions/59839965/"
            "is-f1-score-a-good-measure-for-balanced-dataset"
        ),
        summary=(
            "A random forest on a roughly 52/48 dataset of 257k rows predicted class 1 for all "
            "but 71 samples: accuracy 52% but F1 68%, the F1 of always answering the slightly "
            "larger positive class."
        ),
        build=_balanced_forest_all_ones,
        call={"metric": "f1"},
        expected=frozenset({"positive-class-is-majority", "chance-level-agreement"}),
        acceptable=frozenset({"average-hides-weak-class"}),
    ),
    # --- label encodings that do not match ----------------------------------------------------
    Case(
        id="ml-lib-predictions-out-by-one",
        url="https://github.com/irllabs/ml-lib/issues/4",
        summary=(
            "The library's predict reported 1 for the user's class 0, 2 for class 1 and so on: "
            "predictions came out in a 1-based encoding against 0-based labels."
        ),
        build=_iris_knn_out_by_one,
        call={"metric": "accuracy"},
        expected=frozenset({"label-set-mismatch"}),
        acceptable=frozenset(
            {
                "missing-class-in-predictions",
                "missing-class-in-truth",
                "zero-true-positives",
                "chance-level-agreement",
                "misleading-accuracy",
            }
        ),
    ),
    Case(
        id="imagenet-background-class-offset",
        url="https://github.com/mlcommons/inference/issues/550",
        summary=(
            "The MLPerf ResNet-50 reserves output 0 for a background class, so its argmax is one "
            "higher than the 0-based ImageNet labels; scored without the offset, 1001-way "
            "predictions are compared with 1000-class labels shifted by one."
        ),
        build=_imagenet_background_offset,
        call={"metric": "accuracy"},
        expected=frozenset({"label-set-mismatch"}),
        acceptable=frozenset(
            {
                "missing-class-in-predictions",
                "missing-class-in-truth",
                "zero-true-positives",
                "chance-level-agreement",
                "misleading-accuracy",
                "small-support",
            }
        ),
    ),
    Case(
        id="servicenow-assignment-group-trailing-space",
        url="https://support.servicenow.com/kb?id=kb_article_view&sysparm_article=KB0860389",
        summary=(
            "Training strips spaces from class names, so a model predicting the assignment "
            "group 'Network' never matched records whose group is stored as 'Network ' and every "
            "such prediction was logged as a false negative."
        ),
        build=_assignment_group_trailing_space,
        call={"metric": "accuracy"},
        expected=frozenset({"label-set-mismatch"}),
        acceptable=frozenset(
            {"missing-class-in-predictions", "missing-class-in-truth", "misleading-accuracy"}
        ),
    ),
    # --- missing values -----------------------------------------------------------------------
    Case(
        id="disaster-tweets-nan-in-test-labels",
        url="https://github.com/hundredblocks/concrete_NLP_tutorial/issues/3",
        summary=(
            "Computing weighted precision/recall/F1 in the NLP tutorial failed with 'mix of "
            "continuous and multiclass targets'; the cause was NaN entries among the test labels "
            "(classes relevant, not relevant, can't decide)."
        ),
        build=_disaster_tweets_nan,
        call={"metric": "precision", "average": "weighted", "pos_label": None},
        expected=frozenset({"nan-in-labels"}),
        acceptable=frozenset(
            {
                "invalid-call",
                "class-imbalance",
                "small-support",
                "missing-class-in-predictions",
                "undefined-metric",
            }
        ),
    ),
    Case(
        id="whylogs-nan-rows-in-both-columns",
        url="https://github.com/whylabs/whylogs/issues/1373",
        summary=(
            "Logging classification metrics from a frame whose target and prediction columns "
            "both hold NaN every fifth row built a confusion matrix with each NaN counted as its "
            "own label (20002 labels)."
        ),
        build=_whylogs_nan_rows,
        call={"metric": "confusion_matrix"},
        expected=frozenset({"nan-in-labels", "nan-in-predictions"}),
        acceptable=frozenset({"chance-level-agreement", "misleading-accuracy"}),
    ),
    Case(
        id="autogluon-evaluate-nan-labels",
        url="https://github.com/autogluon/autogluon/pull/621",
        summary=(
            "evaluate_predictions crashed when the true labels of a tabular task contained NaN; "
            "the fix warns and drops those rows before scoring."
        ),
        build=_income_labels_with_nan,
        call={"metric": "accuracy"},
        expected=frozenset({"nan-in-labels"}),
        acceptable=frozenset({"mixed-label-types"}),
    ),
    # --- ignore values scored as classes ------------------------------------------------------
    Case(
        id="torchmetrics-mean-iou-void-255",
        url="https://github.com/Lightning-AI/torchmetrics/issues/2747",
        summary=(
            "Segmentation targets with 3 classes mark pixels to ignore as 255, which the loss "
            "skips via ignore_index=255; the mean IoU had no such option and took 255 as a class."
        ),
        build=_voc_mask_with_void,
        call={"metric": "jaccard", "average": "macro"},
        expected=frozenset({"sentinel-label"}),
        acceptable=frozenset({"missing-class-in-predictions", "undefined-metric"}),
    ),
    Case(
        id="mmseg-accuracy-includes-ignore-index",
        url="https://github.com/open-mmlab/mmsegmentation/pull/1259",
        summary=(
            "With reduce_zero_label=True the background becomes 255, yet the decode head's "
            "acc_seg counted those pixels, so accuracy looked oddly low while loss and IoU were "
            "fine."
        ),
        build=_ade20k_reduce_zero_label,
        call={"metric": "accuracy"},
        expected=frozenset({"sentinel-label"}),
        acceptable=frozenset(
            {
                "class-imbalance",
                "small-support",
                "missing-class-in-predictions",
                "missing-class-in-truth",
                "average-hides-weak-class",
            }
        ),
    ),
    Case(
        id="transformer-copy-task-accuracy-counts-pad",
        url="https://github.com/jsbaan/transformer-from-scratch/issues/7",
        summary=(
            "The training loop set padding targets to -100 so the loss ignores them, but the "
            "per-token accuracy still compared predictions with -100 at those positions."
        ),
        build=_copy_task_padding,
        call={"metric": "accuracy"},
        expected=frozenset({"sentinel-label"}),
        acceptable=frozenset(
            {"missing-class-in-predictions", "missing-class-in-truth", "small-support"}
        ),
    ),
    # --- perfect scores, tiny sets ------------------------------------------------------------
    Case(
        id="mlnet-binary-accuracy-1",
        url="https://github.com/dotnet/machinelearning/issues/737",
        summary=(
            "ML.NET binary classifiers reported accuracy 1, AUC 100% and F1 100% on the test "
            "split; the user suspected the score, and the maintainer asked about testing on "
            "training data or label leakage."
        ),
        build=_separable_blobs_bool,
        call={"metric": "accuracy"},
        expected=frozenset({"perfect-score"}),
        acceptable=frozenset({"small-support"}),
    ),
    Case(
        id="gesture-sequences-val-acc-1",
        url="https://github.com/hthuwal/sign-language-gesture-recognition/issues/31",
        summary=(
            "On a two-class gesture dataset validation accuracy hit 1.00 in the second epoch; "
            "the maintainer pointed at the size of the validation set."
        ),
        build=_gesture_sequences_val,
        call={"metric": "accuracy"},
        expected=frozenset({"perfect-score", "small-support"}),
    ),
    Case(
        id="soccer-predictor-25-validation-matches",
        url="https://github.com/kochlisGit/ProphitBet-Soccer-Bets-Predictor/issues/53",
        summary=(
            "A user compared home/draw/away models by their accuracy on a 25-match validation "
            "sample versus a 100-match one, asking which accuracy to trust."
        ),
        build=_soccer_25_matches,
        call={"metric": "accuracy"},
        expected=frozenset({"small-support"}),
        acceptable=frozenset({"misleading-accuracy"}),
    ),
    Case(
        id="few-shot-test-accuracy-always-100",
        url="https://github.com/WentaoChen0813/SemanticPrompt/issues/4",
        summary=(
            "Pre-training, fine-tuning and testing a few-shot model all reported 100% test "
            "accuracy; a reply suspected the evaluation split rather than the model."
        ),
        build=_five_way_episode,
        call={"metric": "accuracy"},
        expected=frozenset({"perfect-score"}),
        acceptable=frozenset({"small-support"}),
    ),
    # --- predictions out of order -------------------------------------------------------------
    Case(
        id="vgg16-four-classes-25-percent-confusion",
        url="https://github.com/keras-team/keras/issues/11227",
        summary=(
            "A fine-tuned VGG16 with good model.evaluate() accuracy always scored 25% on 4 "
            "classes (50% on cats/dogs) in sklearn's confusion matrix and report, exactly chance, "
            "as when a shuffling generator's predictions meet generator.classes in file order."
        ),
        build=_vgg16_shuffled_generator,
        call={"metric": "classification_report"},
        expected=frozenset({"chance-level-agreement"}),
        acceptable=frozenset({"misleading-accuracy"}),
    ),
    Case(
        id="mxnet-test-confusion-below-baseline",
        url="https://github.com/apache/mxnet/issues/8601",
        summary=(
            "A LeNet scoring 1.0 on training data got the test confusion matrix [[21, 14], "
            "[13, 3]] from rounded probabilities: 24 of 51 correct, below the 35 of always "
            "predicting the majority class."
        ),
        build=_mxnet_rounded_probabilities,
        call={"metric": "accuracy"},
        expected=frozenset({"chance-level-agreement", "misleading-accuracy"}),
        acceptable=frozenset({"small-support"}),
    ),
    # --- swapped or permuted label maps -------------------------------------------------------
    Case(
        id="flow-from-directory-class-indices-permuted",
        url="https://github.com/keras-team/keras/issues/6075",
        summary=(
            "A 97%-accurate 5-class CNN consistently predicted index 3 for class0 images and "
            "other wrong indices for the rest: the predicted indices did not follow "
            "datagen.class_indices."
        ),
        build=_class_indices_permuted,
        call={"metric": "accuracy"},
        expected=frozenset({"zero-true-positives"}),
        acceptable=frozenset({"chance-level-agreement", "misleading-accuracy"}),
    ),
    Case(
        id="roberta-imdb-inverted-labels",
        url="https://github.com/facebookresearch/fairseq/issues/1082",
        summary=(
            "After the IMDB fine-tuning example, a clearly negative review came out as class 1: "
            "the model's outputs were inverted against the 0=negative/1=positive labels, with "
            "training accuracy 0.96 but validation accuracy reported as 9.87."
        ),
        build=_imdb_inverted,
        call={"metric": "accuracy"},
        expected=frozenset({"chance-level-agreement", "misleading-accuracy"}),
        acceptable=frozenset({"zero-true-positives"}),
    ),
    Case(
        id="giskard-titanic-classification-labels-swapped",
        url="https://github.com/Giskard-AI/giskard-oss/pull/1042",
        summary=(
            "Wrapping the Titanic model with classification_labels in reverse order made its "
            "accuracy 0.21; the PR adds a warning that the label order is probably inverted."
        ),
        build=_titanic_inverted_labels,
        call={"metric": "accuracy"},
        expected=frozenset({"chance-level-agreement", "misleading-accuracy"}),
        acceptable=frozenset({"zero-true-positives"}),
    ),
    # --- lengths that differ ------------------------------------------------------------------
    Case(
        id="vgg-predict-generator-floor-steps",
        url="https://github.com/keras-team/keras/issues/11427",
        summary=(
            "The confusion matrix of a fine-tuned VGG16 contradicted model.evaluate(): "
            "predictions came from a shuffle=True generator run for samples // batch_size "
            "steps, so the last partial batch was never predicted."
        ),
        build=_vgg_floor_steps_shuffled,
        call={"metric": "confusion_matrix"},
        expected=frozenset({"length-mismatch"}),
        acceptable=frozenset({"chance-level-agreement"}),
    ),
    Case(
        id="predict-generator-steps-505-images",
        url="https://github.com/keras-team/keras/issues/11902",
        summary=(
            "To build a confusion matrix for 505 validation images the user derived "
            "predict_generator's steps from a batch size, and with any batch size other than "
            "the generator's the number of predictions no longer matched the classes."
        ),
        build=_validation_505_steps,
        call={"metric": "confusion_matrix"},
        expected=frozenset({"length-mismatch"}),
    ),
    Case(
        id="keras-r-2080-files-1600-predictions",
        url="https://github.com/rstudio/keras3/issues/981",
        summary=(
            "Checking an ants/health image classifier by eye, the user got 1600 predictions "
            "from predict_generator(steps = 50) for 2080 files and could not line them up."
        ),
        build=_ants_health_steps,
        call={"metric": "accuracy"},
        expected=frozenset({"length-mismatch"}),
    ),
    Case(
        id="predict-generator-two-workers-786",
        url="https://github.com/keras-team/keras/issues/7261",
        summary=(
            "With workers=2, predict_generator over 802 validation images (two classes) "
            "returned 786 predictions for 50 steps of 16 instead of 800."
        ),
        build=_two_workers_predict,
        call={"metric": "accuracy"},
        expected=frozenset({"length-mismatch"}),
    ),
    Case(
        id="cats-dogs-confusion-64-of-1000",
        url="https://github.com/blobcity/ai-seed/pull/936",
        summary=(
            "A VGG19 cats/dogs notebook predicted the same class for everything and its "
            "confusion matrix counted only 64 examples although the test set had 1000."
        ),
        build=_cats_dogs_64_predictions,
        call={"metric": "confusion_matrix"},
        expected=frozenset({"length-mismatch"}),
        acceptable=frozenset({"single-predicted-class"}),
    ),
    # --- batch-averaged metrics ---------------------------------------------------------------
    Case(
        id="keras-batchwise-recall-counterexample",
        url="https://github.com/keras-team/keras/issues/4592",
        summary=(
            "Keras computed recall per batch and averaged it: with 4 samples in batches of 2, "
            "the batches score 0 and 0.5, giving 0.25, while recall over the whole set is 0.5."
        ),
        build=_keras_recall_two_batches,
        call={"metric": "recall"},
        expected=frozenset({"batch-averaged-metric"}),
        acceptable=frozenset({"small-support", "chance-level-agreement", "undefined-metric"}),
    ),
    Case(
        id="tfa-f1-averaged-over-validation-batches",
        url="https://github.com/tensorflow/addons/issues/825",
        summary=(
            "F1 used as a Keras metric is evaluated on every validation batch and averaged, "
            "which gives too small values; the issue asks for an F1 computed over the whole "
            "validation set, as a callback would."
        ),
        build=_keras_f1_validation_batches,
        call={"metric": "f1"},
        expected=frozenset({"batch-averaged-metric"}),
        acceptable=frozenset({"undefined-metric", "small-support"}),
    ),
    Case(
        id="argument-mining-macro-f1-per-batch",
        url="https://github.com/namiyousef/argument-mining/issues/45",
        summary=(
            "The argument-mining evaluation averaged token-level macro F1 over batches; the "
            "maintainer notes TP, FP and FN must be summed across batches before computing F1."
        ),
        build=_argument_tokens_batches,
        call={"metric": "f1", "average": "macro"},
        expected=frozenset({"batch-averaged-metric"}),
        acceptable=frozenset({"average-hides-weak-class", "class-imbalance"}),
    ),
    # --- mixed label types --------------------------------------------------------------------
    Case(
        id="evidently-numeric-looking-string-labels",
        url="https://github.com/evidentlyai/evidently/issues/1085",
        summary=(
            "With string labels such as 'foo' and '101', evidently turned the numeric-looking "
            "ones into integers, and its confusion matrix crashed sorting a label list that "
            "mixed str and int."
        ),
        build=_evidently_coerced_labels,
        call={"metric": "confusion_matrix"},
        expected=frozenset({"mixed-label-types"}),
        acceptable=frozenset({"small-support"}),
    ),
    # --- continuous outputs as labels ---------------------------------------------------------
    Case(
        id="linear-regression-confusion-matrix",
        url="https://github.com/Avik-Jain/100-Days-Of-ML-Code/issues/21",
        summary=(
            "On the day-6 logistic regression exercise the user imported LinearRegression by "
            "mistake, and confusion_matrix failed on its continuous predictions ('mix of binary "
            "and continuous targets')."
        ),
        build=_social_ads_linear_regression,
        call={"metric": "confusion_matrix"},
        expected=frozenset({"scores-as-labels"}),
        acceptable=frozenset({"invalid-call"}),
    ),
    Case(
        id="fraud-lstm-accuracy-on-probabilities",
        url="https://github.com/bibtissam/LSTM-Attention-FraudDetection/issues/4",
        summary=(
            "The fraud-detection notebook computed accuracy_score(val_y, yhat_probs) on the "
            "model's probabilities and failed with 'mix of binary and continuous targets'."
        ),
        build=_fraud_lstm_probabilities,
        call={"metric": "accuracy"},
        expected=frozenset({"scores-as-labels"}),
        acceptable=frozenset({"invalid-call", "class-imbalance"}),
    ),
    # --- a weak class hidden by the average ---------------------------------------------------
    Case(
        id="rare-class-f1-047-behind-weighted-098",
        url="https://example-a.com/answer/65557478",
        summary=(
            "A report on 125000 vs 1500 samples showed class 0 at F1 0.99 and the minority "
            "class 1 at 0.47 (precision 0.33); the asker wondered whether the model still did "
            "well since class 0 was predicted so well."
        ),
        build=_rare_class_report,
        call={"metric": "classification_report"},
        expected=frozenset({"average-hides-weak-class"}),
        acceptable=frozenset({"class-imbalance", "misleading-accuracy"}),
    ),
]
