"""precision_score with its default average='binary' on a three-class problem.

scikit-learn raises; code ported from other libraries silently scores only class 1.
Run:  python examples/binary_average_three_classes.py
CLI:  evalcheck check examples/binary_average_three_classes.csv --metric precision
"""

import numpy as np
from sklearn.metrics import precision_score

import evalcheck

CALL = {"metric": "precision"}


def build() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(2)
    y_true = rng.integers(0, 3, 450)
    y_pred = np.where(rng.random(450) < 0.8, y_true, rng.integers(0, 3, 450))
    return {"y_true": y_true, "y_pred": y_pred}


if __name__ == "__main__":
    data = build()
    try:
        precision_score(data["y_true"], data["y_pred"])
    except ValueError as exc:
        print(f"precision_score raised: {exc}\n")
    print(evalcheck.check(data["y_true"], data["y_pred"], **CALL))
