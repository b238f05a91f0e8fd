"""The HTML report: self-contained, safe with hostile labels, deterministic, in sync with the
gallery (reports/), and the notebook view scoped to its own root."""

import importlib.util
import os
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pytest

import evalcheck

ROOT = Path(__file__).resolve().parents[1]
PAYLOADS = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "tab\tnew\nline\x1b[31m"]


def hostile_report():
    names = np.array([*PAYLOADS, "ok"])
    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 400)
    p = np.where(rng.random(400) < 0.8, y, rng.integers(0, 4, 400))
    return evalcheck.check(names[y], names[p], metric="f1", average="macro")


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)


def parse(html):
    parser = Elements()
    parser.feed(html)
    return parser


def test_labels_are_text_never_markup():
    html = hostile_report().to_html(timestamp="t")
    parsed = parse(html)
    assert "script" not in parsed.tags and "img" not in parsed.tags
    assert not [a for a in parsed.attrs if a[0].startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "\x1b" not in html and "\\x1b" in html


def test_self_contained_and_locked_down():
    html = hostile_report().to_html(timestamp="t")
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert "@import" not in html and "url(" not in html
    assert "<script" not in html.replace("&lt;script", "")


def test_deterministic_with_a_fixed_timestamp():
    a = hostile_report().to_html(timestamp="2026-01-01")
    b = hostile_report().to_html(timestamp="2026-01-01")
    assert a == b and "2026-01-01" in a


def test_source_date_epoch(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    assert "1970-01-01 00:00 UTC" in hostile_report().to_html()


def test_thousand_classes_stay_well_under_a_megabyte():
    rng = np.random.default_rng(1)
    y = rng.integers(0, 1000, 50_000)
    p = np.where(rng.random(50_000) < 0.7, y, rng.integers(0, 1000, 50_000))
    html = evalcheck.check(y, p, metric="f1", average="macro").to_html(timestamp="t")
    assert len(html.encode()) < 600_000
    assert "Most frequent confusions" in html and 'class="heatmap"' not in html


def test_scores_charts_and_accessible_markup():
    rng = np.random.default_rng(2)
    y = (rng.random(500) < 0.3).astype(int)
    score = np.clip(0.4 * y + rng.normal(0.3, 0.2, 500), 0, 1)
    html = evalcheck.check(y, y_score=score, metric="f1", threshold=0.5).to_html(timestamp="t")
    assert html.count('role="img"') >= 2
    assert '<title id="threshold-title">' in html and "in use: 0.5<" in html
    threshold_free = evalcheck.check(y, y_score=score, metric="roc_auc").to_html(timestamp="t")
    assert '<title id="threshold-title">' in threshold_free and "in use:" not in threshold_free
    assert '<th scope="col">' in html and "<h1>" in html and "<h2" in html


def test_save_html_is_atomic_and_the_cli_writes_html(tmp_path):
    target = tmp_path / "r.html"
    hostile_report().save_html(target, timestamp="t")
    assert target.read_text().startswith("<!doctype html>")
    assert not list(tmp_path.glob(".*.tmp"))
    umask = os.umask(0)
    os.umask(umask)
    assert target.stat().st_mode & 0o777 == 0o666 & ~umask
    out = tmp_path / "cli.html"
    result = subprocess.run(
        [sys.executable, "-m", "evalcheck", "check", "examples/majority_class.csv", "--html", out],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1
    assert "EC201" in out.read_text()


def _css_selectors(css):
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    for block in re.findall(r"([^{}]+)\{[^{}]*\}", css):
        selector = block.strip()
        if selector.startswith("@") or selector in ("from", "to"):
            continue
        yield from (s.strip() for s in selector.split(","))


def test_notebook_view_is_compact_and_scoped():
    report = evalcheck.check([0] * 95 + [1] * 5, [0] * 100)
    html = report._repr_html_()
    assert html.lstrip().startswith('<div class="evalcheck evalcheck-nb">')
    assert "<html" not in html and "<body" not in html
    assert "EC201" in html and "balanced_accuracy_score" in html
    css = re.search(r"<style>(.*?)</style>", html, flags=re.S).group(1)
    selectors = [s for s in _css_selectors(css) if s]
    # .evalcheck and what is inside it; a body attribute or class may only pick the theme
    scoped = re.compile(r"^(body(\[[\w-]+=\"\w+\"\]|\.[\w-]+) )?\.evalcheck")
    assert selectors and all(scoped.match(s) for s in selectors), selectors


def test_notebook_ids_differ_between_reports():
    a = evalcheck.check([0, 1, 2] * 20, [0, 1, 1] * 20)._repr_html_()
    b = evalcheck.check([0, 1, 2] * 20, [0, 2, 2] * 20)._repr_html_()
    ids = lambda html: set(re.findall(r'id="([^"]+)"', html))  # noqa: E731
    assert ids(a) and not ids(a) & ids(b)


def load_make_files():
    spec = importlib.util.spec_from_file_location("make_files", ROOT / "examples/make_files.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scrub(html):
    return re.sub(r"evalcheck \d+\.\d+\.\d+\S*", "evalcheck VERSION", html)


@pytest.mark.parametrize("name", load_make_files().EXAMPLES + load_make_files().GALLERY.PAGES)
def test_gallery_is_current(name):
    expected = load_make_files().report_html(name)
    actual = (ROOT / "reports" / f"{name}.html").read_text(encoding="utf-8")
    assert scrub(actual) == scrub(expected), "run: python examples/make_files.py"


def test_evidence_reads_as_numbers_not_json():
    from evalcheck.render.html import _evidence_rows

    rows = dict(
        _evidence_rows(
            {
                "recall_interval_95": [0.08337420678033404, 0.3123],
                "group_sizes": [10, 2000],
                "classes": ["cat", "dog"],
                "per_class": {"cat": 0.5, "dog": [1, 2]},
                "first_rows": [],
                "caused_by": "EC201",
            }
        )
    )
    assert rows == {
        "recall interval 95": "[0.083, 0.312]",
        "group sizes": "10 to 2,000",
        "classes": "cat, dog",
        "per class": "cat: 0.5000; dog: 1, 2",
        "first rows": "none",
    }
    page = evalcheck.check([0] * 30 + [1] * 3, [0] * 33, metric="recall").to_html()
    assert not re.search(r"\[\d\.\d{6,}", page)  # no raw JSON floats in the evidence
