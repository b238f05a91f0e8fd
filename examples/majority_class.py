"""A 70:1 validation set (28 positives in 2,000) scored against a model that always predicts 0.

accuracy_score says 0.986; evalcheck says the model never finds the rare class.
Run:  python examples/majority_class.py
CLI:  evalcheck check examples/majority_class.csv --metric accuracy
"""

import numpy as np
from sklearn.metrics import accuracy_score

import evalcheck

CALL = {"metric": "accuracy"}


def build() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(0)
    y_true = (rng.random(2000) < 0.01).astype(int)
    return {"y_true": y_true, "y_pred": np.zeros_like(y_true)}


if __name__ == "__main__":
    data = build()
    print(f"accuracy_score = {accuracy_score(data['y_true'], data['y_pred']):.3f}\n")
    print(evalcheck.check(data["y_true"], data["y_pred"], **CALL))
