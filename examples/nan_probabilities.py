"""Predicted probabilities with NaN rows from a diverged model, scored with ROC AUC.

scikit-learn raises on NaN; code that drops the NaN rows first reports an AUC for a
different, easier subset of the data.
Run:  python examples/nan_probabilities.py
CLI:  evalcheck check examples/nan_probabilities.csv --metric roc_auc
"""

import numpy as np
from sklearn.metrics import roc_auc_score

import evalcheck

CALL = {"metric": "roc_auc"}


def build() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(4)
    y_true = (rng.random(800) < 0.3).astype(int)
    proba = np.clip(0.35 * y_true + rng.normal(0.35, 0.2, 800), 0, 1).round(4)
    proba[rng.choice(800, 37, replace=False)] = np.nan
    return {"y_true": y_true, "proba": proba}


if __name__ == "__main__":
    data = build()
    try:
        roc_auc_score(data["y_true"], data["proba"])
    except ValueError as exc:
        print(f"roc_auc_score raised: {exc}\n")
    print(evalcheck.check(data["y_true"], y_score=data["proba"], **CALL))
