"""The gallery's reports of real models on scikit-learn's datasets (reports/<name>.html):
a binary, a 10-class, a 60-class and a multilabel check, and a comparison of two models.

Written by:  python examples/make_files.py
"""

import contextlib
from pathlib import Path

import numpy as np
from sklearn.datasets import (
    load_breast_cancer,
    load_digits,
    make_classification,
    make_multilabel_classification,
)
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier

import evalcheck

ROOT = Path(__file__).resolve().parents[1]
COMPARED = ("examples/compare_base.csv", "examples/compare_candidate.csv")


def _fit(x, y, model, stratify=True):
    x_train, x_test, y_train, y_test = train_test_split(
        x, y, test_size=0.4, random_state=0, stratify=y if stratify else None
    )
    model.fit(x_train, y_train)
    return y_test, model.predict(x_test), model.predict_proba(x_test)


def breast_cancer_binary() -> evalcheck.Report:
    """Logistic regression on breast cancer, scored with ROC AUC and F1 at 0.5."""
    x, y = load_breast_cancer(return_X_y=True)
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000))
    y_test, pred, proba = _fit(x, y, model)
    return evalcheck.check(y_test, pred, y_score=proba[:, 1], metric="roc_auc")


def digits_10_classes() -> evalcheck.Report:
    """A shallow tree on the digits: macro-F1, with its probabilities for the curves."""
    x, y = load_digits(return_X_y=True)
    y_test, pred, proba = _fit(x, y, DecisionTreeClassifier(max_depth=7, random_state=0))
    return evalcheck.check(y_test, pred, y_score=proba, metric="f1", average="macro")


def sixty_classes() -> evalcheck.Report:
    """60 classes of unequal size, a linear model, one-vs-rest ROC AUC."""
    weights = np.linspace(3, 1, 60)
    x, y = make_classification(
        n_samples=6000,
        n_features=40,
        n_informative=30,
        n_classes=60,
        n_clusters_per_class=1,
        weights=list(weights / weights.sum()),
        class_sep=2.0,
        random_state=0,
    )
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=300))
    y_test, pred, proba = _fit(x, y, model)
    return evalcheck.check(y_test, pred, y_score=proba, metric="roc_auc", multi_class="ovr")


def multilabel_5_labels() -> evalcheck.Report:
    """Five labels, one logistic regression per label, macro ROC AUC of the label scores."""
    x, y = make_multilabel_classification(
        n_samples=1500, n_features=20, n_classes=5, n_labels=2, random_state=0
    )
    model = OneVsRestClassifier(make_pipeline(StandardScaler(), LogisticRegression()))
    y_test, pred, proba = _fit(x, y, model, stratify=False)
    return evalcheck.check(y_test, pred, y_score=proba, metric="roc_auc", average="macro")


def compared_predictions() -> dict[str, str]:
    """The two prediction files compared: a shallow tree (main) and logistic regression (the
    candidate) on the same digits."""
    x, y = load_digits(return_X_y=True)
    files = {}
    for path, model in zip(
        COMPARED,
        (
            DecisionTreeClassifier(max_depth=6, random_state=0),
            make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
        ),
    ):
        y_test, pred, _ = _fit(x, y, model)
        rows = "".join(f"{i},{t},{p}\n" for i, (t, p) in enumerate(zip(y_test, pred)))
        files[path] = "id,y_true,y_pred\n" + rows
    return files


def comparison_html(timestamp: str) -> str:
    """`evalcheck compare` of the two files, on macro-F1, joined on their id column."""
    from evalcheck.gate.checks import CheckSpec
    from evalcheck.gate.compare import compare_files
    from evalcheck.settings import Settings

    spec = CheckSpec(file="", call={"metric": "f1", "average": "macro"})
    with contextlib.chdir(ROOT):  # the page shows the paths as given, relative to the repo
        comparison = compare_files(
            Path(COMPARED[0]), Path(COMPARED[1]), spec, Settings(), id_column="id"
        )
    return comparison.to_html(timestamp=timestamp)


REPORTS = {
    "breast_cancer_binary": breast_cancer_binary,
    "digits_10_classes": digits_10_classes,
    "sixty_classes": sixty_classes,
    "multilabel_5_labels": multilabel_5_labels,
}
PAGES = [*REPORTS, "comparison"]


def page_html(name: str) -> str:
    timestamp = "from examples/gallery.py"
    if name == "comparison":
        return comparison_html(timestamp)
    return REPORTS[name]().to_html(timestamp=timestamp)
