"""A real notebook, executed by a real kernel: the report displays itself as HTML."""

import nbformat
from nbclient import NotebookClient


def test_report_is_the_rich_output_of_a_cell(tmp_path):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [
        nbformat.v4.new_code_cell("import evalcheck\ny_true = [0] * 95 + [1] * 5"),
        nbformat.v4.new_code_cell("evalcheck.check(y_true, [0] * 100, metric='accuracy')"),
    ]
    NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(tmp_path)}},
    ).execute()
    outputs = notebook.cells[1].outputs
    assert len(outputs) == 1 and outputs[0].output_type == "execute_result"
    html = outputs[0].data["text/html"]
    assert 'class="evalcheck evalcheck-nb"' in html
    assert "EC201" in html and "single-predicted-class" in html
    assert "FAIL" in html
    assert "EC201" in outputs[0].data["text/plain"]  # the terminal view stays the plain text
