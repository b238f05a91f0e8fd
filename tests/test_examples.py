"""The bundled examples run, and their CSV files are what make_files.py writes."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def load(name):
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MAKE = load("make_files")


@pytest.mark.parametrize("name", MAKE.EXAMPLES)
def test_csv_is_in_sync_with_its_script(name):
    expected = MAKE.csv_text(load(name).build())
    actual = (EXAMPLES / f"{name}.csv").read_text(encoding="utf-8")
    assert actual == expected, f"run: python examples/make_files.py ({name}.csv is stale)"


@pytest.mark.parametrize("name", MAKE.EXAMPLES)
def test_script_runs_and_reports(name):
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / f"{name}.py")], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "evalcheck:" in result.stdout
    assert " EC" in result.stdout
