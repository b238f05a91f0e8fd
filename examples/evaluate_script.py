"""An ordinary evaluation script with two slips, for ``evalcheck run``.

    evalcheck run examples/evaluate_script.py

It tunes a logistic regression on scikit-learn's breast cancer data, prints accuracy and F1
for each candidate, then reports ROC AUC computed from predicted labels instead of scores,
and a macro-F1 over a label list that names a class the data does not have.
"""

from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)

for C in (0.01, 0.1, 1.0, 10.0):
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C)).fit(X_train, y_train)
    predicted = model.predict(X_test)
    accuracy = accuracy_score(y_test, predicted)
    print(f"C={C:<5} accuracy {accuracy:.3f}  F1 {f1_score(y_test, predicted):.3f}")

print(f"ROC AUC {roc_auc_score(y_test, predicted):.3f}")  # labels, not model.predict_proba
macro = f1_score(y_test, predicted, labels=[0, 1, 2], average="macro", zero_division=0)
print(f"macro-F1 {macro:.3f}")
