"""Write each example's data to examples/<name>.csv (the files `evalcheck check` reads) and
its HTML report to reports/<name>.html (the gallery).

Run:  python examples/make_files.py
"""

import csv
import importlib.util
from pathlib import Path

HERE = Path(__file__).parent
REPORTS = HERE.parent / "reports"
EXAMPLES = [
    "majority_class",
    "absent_class",
    "binary_average_three_classes",
    "shifted_labels",
    "nan_probabilities",
]


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, HERE / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GALLERY = load("gallery")


def csv_text(columns: dict) -> str:
    from io import StringIO

    out = StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in zip(*columns.values()):
        writer.writerow(["" if v != v else v for v in (x.item() for x in row)])
    return out.getvalue()


def report_html(name: str) -> str:
    """The gallery page of one example (or of examples/gallery.py), with a fixed timestamp."""
    import evalcheck

    if name in GALLERY.PAGES:
        return GALLERY.page_html(name)
    module = load(name)
    data = module.build()
    y_true = data.pop("y_true")
    y_pred = data.pop("y_pred", None)
    y_score = next(iter(data.values()), None)
    report = evalcheck.check(y_true, y_pred, y_score=y_score, **module.CALL)
    return report.to_html(timestamp=f"from examples/{name}.py")


def main() -> None:
    REPORTS.mkdir(exist_ok=True)
    for name in EXAMPLES:
        (HERE / f"{name}.csv").write_text(csv_text(load(name).build()), encoding="utf-8")
        (REPORTS / f"{name}.html").write_text(report_html(name), encoding="utf-8")
    for path, text in GALLERY.compared_predictions().items():
        (HERE.parent / path).write_text(text, encoding="utf-8")
    for name in GALLERY.PAGES:
        (REPORTS / f"{name}.html").write_text(report_html(name), encoding="utf-8")


if __name__ == "__main__":
    main()
