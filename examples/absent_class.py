"""Macro-F1 over four classes where the model never predicts one of them.

f1_score(average='macro') silently counts the never-predicted class as 0 (with only a
warning), so the number mixes model quality with a 0/0 convention.
Run:  python examples/absent_class.py
CLI:  evalcheck check examples/absent_class.csv --metric f1 --average macro
"""

import warnings

import numpy as np
from sklearn.metrics import f1_score

import evalcheck

CALL = {"metric": "f1", "average": "macro"}
CLASSES = np.array(["bird", "cat", "dog", "fox"])


def build() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(1)
    y_true = CLASSES[rng.choice(4, size=600, p=[0.3, 0.3, 0.3, 0.1])]
    y_pred = y_true.copy()
    flip = rng.random(600) < 0.15
    y_pred[flip] = CLASSES[rng.choice(3, size=flip.sum())]
    y_pred[y_pred == "fox"] = "dog"  # the model never says "fox"
    return {"y_true": y_true, "y_pred": y_pred}


if __name__ == "__main__":
    data = build()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        score = f1_score(data["y_true"], data["y_pred"], average="macro")
    print(f"f1_score(average='macro') = {score:.3f}\n")
    print(evalcheck.check(data["y_true"], data["y_pred"], **CALL))
