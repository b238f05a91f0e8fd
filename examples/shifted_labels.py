"""Labels encoded 1..5 (as in the source CSV) against predictions 0..4 (a network's argmax).

Every comparison is off by one class, so accuracy is near zero although the model is good.
Run:  python examples/shifted_labels.py
CLI:  evalcheck check examples/shifted_labels.csv --metric accuracy
"""

import numpy as np
from sklearn.metrics import accuracy_score

import evalcheck

CALL = {"metric": "accuracy"}


def build() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(3)
    y_true = rng.integers(1, 6, 500)  # classes 1..5
    correct = rng.random(500) < 0.87
    y_pred = np.where(correct, y_true - 1, rng.integers(0, 5, 500))  # argmax: 0..4
    return {"y_true": y_true, "y_pred": y_pred}


if __name__ == "__main__":
    data = build()
    print(f"accuracy_score = {accuracy_score(data['y_true'], data['y_pred']):.3f}\n")
    print(evalcheck.check(data["y_true"], data["y_pred"], **CALL))
