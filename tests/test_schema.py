"""The JSON Schemas in schema/ are current, and real output validates against them."""

from __future__ import annotations

import json

import jsonschema
import numpy as np
import pytest
from sklearn.metrics import accuracy_score, f1_score

import evalcheck
from evalcheck.schema import DOCUMENTS, SCHEMA_DIR, SCHEMA_VERSION, schema_text
from tests.test_cli import run


def validator(name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMA_DIR / f"{name}-{SCHEMA_VERSION}.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_schema_files_are_current(name):
    path = SCHEMA_DIR / f"{name}-{SCHEMA_VERSION}.schema.json"
    assert path.read_text(encoding="utf-8") == schema_text(name), "run: python -m evalcheck.schema"


def test_check_output_validates():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 300)
    scores = rng.dirichlet([1, 1, 1], 300)
    documents = [
        evalcheck.check(y, scores.argmax(1), metric="f1", average="macro").to_dict(),
        evalcheck.check(y, y_score=scores, metric="roc_auc", multi_class="ovr").to_dict(),
        evalcheck.check([0, 1, np.nan], [0, 1, 1]).to_dict(),  # findings, skipped rules
        json.loads(run("check", "examples/majority_class.csv", "--format", "json").stdout),
    ]
    for document in documents:
        validator("report").validate(document)
    assert documents[0]["schema_version"] == 1


def test_audit_output_validates(tmp_path):
    with evalcheck.audit() as report:
        for _ in range(3):
            accuracy_score([1] * 95 + [0] * 5, [1] * 100)
        with pytest.raises(ValueError):
            f1_score([0, 1, 2], [0, 1, 1])
    validator("audit").validate(report.to_dict())
    script = tmp_path / "crash.py"
    script.write_text("raise SystemExit(3)\n")
    done = run("run", "--format", "json", script.name, cwd=tmp_path)
    document = json.loads(done.stdout)
    validator("audit").validate(document)
    assert document["program"]["exit_status"] == 3


def test_the_schema_rejects_what_it_does_not_describe():
    document = evalcheck.check([0, 1] * 10, [0, 1] * 10).to_dict()
    with pytest.raises(jsonschema.ValidationError):
        validator("report").validate({**document, "surprise": 1})
    with pytest.raises(jsonschema.ValidationError):
        validator("report").validate({**document, "fail_on": "loud"})
