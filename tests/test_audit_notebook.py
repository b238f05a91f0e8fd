"""The IPython extension in real notebooks, executed by a real kernel through nbclient."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient

SETUP = """\
%load_ext evalcheck
from sklearn.metrics import accuracy_score, f1_score
y_true = [1] * 95 + [0] * 5
collapsed = [1] * 100
"""


def execute(tmp_path, *cells):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(c) for c in (SETUP, *cells)]
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    return notebook.cells[1:]


def html_outputs(cell):
    return [o.data["text/html"] for o in cell.outputs if "text/html" in o.get("data", {})]


@pytest.fixture(scope="module")
def cells(tmp_path_factory):
    return execute(
        tmp_path_factory.mktemp("notebook"),
        "%%evalcheck\nprint('own output')\naccuracy_score(y_true, collapsed)",
        "%evalcheck on",
        "accuracy_score(y_true, collapsed)",
        "x = 1",
        "%evalcheck off",
        "accuracy_score(y_true, collapsed)",
        "import evalcheck\nwith evalcheck.audit() as report:\n"
        "    accuracy_score(y_true, collapsed)\nreport",
        "%%evalcheck\nf1_score([0, 1, 2], [0, 1, 1])",
        "%%evalcheck\nz = 2",
    )


def test_cell_magic_keeps_the_cell_output_and_adds_the_summary(cells):
    cell = cells[0]
    kinds = [o.output_type for o in cell.outputs]
    assert kinds == ["stream", "execute_result", "display_data"]
    assert cell.outputs[0].text == "own output\n"
    assert cell.outputs[1].data["text/plain"] == "0.95"
    (summary,) = html_outputs(cell)
    assert 'class="evalcheck evalcheck-nb"' in summary
    assert "EC201" in summary and "FAIL" in summary
    assert re.search(r"In\[2\]:2:1", summary)  # the call site, named as IPython names the cell


def test_line_magic_audits_every_cell_until_off(cells):
    on, audited, quiet, off, after = cells[1:6]
    assert not on.outputs and not quiet.outputs and not off.outputs
    assert audited.outputs[0].data["text/plain"] == "0.95"
    (summary,) = html_outputs(audited)
    assert "EC201" in summary and re.search(r"In\[4\]:1:1", summary)
    assert [o.output_type for o in after.outputs] == ["execute_result"]  # off: no summary


def test_explicit_audit_inside_a_cell(cells):
    (summary,) = html_outputs(cells[6])
    assert "EC201" in summary and "1 metric call at 1 call site" in summary


def test_a_failing_cell_keeps_its_traceback_and_is_explained(cells):
    cell = cells[7]
    (error,) = [o for o in cell.outputs if o.output_type == "error"]
    assert error.ename == "ValueError"
    frames = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in error.traceback]
    # the body's frame carries the cell's own number and its source
    assert any("Cell In[9], line 1\n----> 1 f1_score([0, 1, 2]" in f for f in frames), frames
    (summary,) = html_outputs(cell)
    assert "raised ValueError" in summary and "EC301" in summary


def test_a_failing_audited_cell_stops_the_notebook(tmp_path):
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell(SETUP),
        nbformat.v4.new_code_cell("%%evalcheck\nf1_score([0, 1, 2], [0, 1, 1])"),
        nbformat.v4.new_code_cell("print('must not run')"),
    ]
    client = NotebookClient(notebook, timeout=120, kernel_name="python3")
    with pytest.raises(CellExecutionError, match="ValueError"):
        client.execute()
    assert notebook.cells[2].outputs == []


def test_a_cell_without_metric_calls_says_so(cells):
    (summary,) = html_outputs(cells[8])
    assert "no metric calls in this cell" in summary


def test_a_trailing_semicolon_hides_the_value_as_in_any_cell(tmp_path):
    (cell,) = execute(tmp_path, "%%evalcheck\naccuracy_score(y_true, collapsed);")
    assert [o.output_type for o in cell.outputs] == ["display_data"]  # the summary only
