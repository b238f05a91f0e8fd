"""Saved reports opened from disk in a real browser (Playwright driving Debian's chromium):
findings visible, no console errors, no network, no dialogs from hostile labels."""

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from playwright.sync_api import sync_playwright

import evalcheck

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
REQUIRED = os.environ.get("EVALCHECK_REQUIRE_BROWSER") == "1"
if CHROMIUM is None and not REQUIRED:
    pytest.skip("chromium is not installed (CI installs it)", allow_module_level=True)

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    assert CHROMIUM, "chromium is required (apt-get install -y chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


def open_page(browser, path, scheme="light"):
    page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    events = {"console": [], "requests": [], "dialogs": [], "errors": []}
    page.on("console", lambda m: m.type == "error" and events["console"].append(m.text))
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("request", lambda r: events["requests"].append(r.url))
    page.on("dialog", lambda d: (events["dialogs"].append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, events


@pytest.mark.parametrize("name", sorted(p.stem for p in (ROOT / "reports").glob("*.html")))
def test_gallery_report_opens_cleanly(browser, name, tmp_path):
    path = ROOT / "reports" / f"{name}.html"
    page, events = open_page(browser, path)
    findings = page.locator("details.finding")
    assert findings.count() >= 1
    first = findings.first.locator("summary")
    assert first.is_visible()
    assert "EC" in first.inner_text()
    assert page.locator(".verdict").is_visible()
    assert events["console"] == [] and events["errors"] == []
    assert events["requests"] == [path.as_uri()], events["requests"]
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)
    page.close()


def test_hostile_labels_open_no_dialog_and_show_as_text(browser, tmp_path):
    names = np.array(["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "ok"])
    y = np.arange(90) % 3
    p = np.where(np.arange(90) % 4 == 0, (y + 1) % 3, y)
    path = evalcheck.check(names[y], names[p], metric="f1", average="macro").save_html(
        tmp_path / "hostile.html", timestamp="t"
    )
    for scheme in ("light", "dark"):
        page, events = open_page(browser, path, scheme)
        page.wait_for_timeout(200)
        assert events["dialogs"] == []
        assert events["requests"] == [path.as_uri()]
        assert page.locator("img").count() == 0
        table = page.locator("table.per-class").inner_text()
        assert "<script>alert(1)</script>" in table
        assert '"><img src=x onerror=alert(1)>' in table
        page.screenshot(path=str(tmp_path / f"hostile-{scheme}.png"), full_page=True)
        page.close()


def test_very_long_labels_do_not_widen_the_page(browser, tmp_path):
    long = "x" * 400
    y = np.array([long, "short"] * 60)
    p = np.array([long, "short", "short", long] * 30)
    path = evalcheck.check(y, p).save_html(tmp_path / "long.html", timestamp="t")
    page, _ = open_page(browser, path)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 1280, width
    page.close()


def test_print_layout_hides_navigation_and_keeps_findings(browser, tmp_path):
    page, _ = open_page(browser, ROOT / "reports" / "shifted_labels.html")
    page.emulate_media(media="print")
    assert not page.locator("nav").is_visible()
    assert page.locator("details.finding").first.is_visible()
    page.pdf(path=str(tmp_path / "report.pdf"))
    assert (tmp_path / "report.pdf").stat().st_size > 10_000
    page.close()


def test_findings_collapse_and_expand(browser, tmp_path):
    path = ROOT / "reports" / "majority_class.html"
    page, _ = open_page(browser, path)
    finding = page.locator("details.finding").first
    assert finding.locator(".explanation").is_visible()
    finding.locator("summary").click()
    assert not finding.locator(".explanation").is_visible()
    page.close()


def _luminance(css_color: str) -> float:
    import re

    red, green, blue = (float(v) for v in re.findall(r"[\d.]+", css_color)[:3])
    return (0.2126 * red + 0.7152 * green + 0.0722 * blue) / 255


@pytest.mark.parametrize("page_theme", ["true", "false"])
@pytest.mark.parametrize("system", ["light", "dark"])
def test_notebook_views_follow_the_notebook_theme_not_the_system(
    browser, tmp_path, page_theme, system
):
    """A light JupyterLab page on a dark system (and the reverse): the check report and the
    audit summary keep readable colours, with a background of their own."""
    from sklearn.metrics import accuracy_score

    with evalcheck.audit() as audit:
        accuracy_score([1] * 95 + [0] * 5, [1] * 100)
    views = [evalcheck.check([0] * 95 + [1] * 5, [0] * 100)._repr_html_(), audit._repr_html_()]
    page_background = "#ffffff" if page_theme == "true" else "#111111"
    body = "".join(f"<div class='jp-OutputArea'>{v}</div>" for v in views)
    path = tmp_path / "notebook.html"
    path.write_text(
        f"<!doctype html><html><body data-jp-theme-light='{page_theme}' "
        f"style='background:{page_background}'>{body}</body></html>",
        encoding="utf-8",
    )
    page, _ = open_page(browser, path, system)
    for index in range(2):
        view = page.locator(".evalcheck-nb").nth(index)
        color = view.evaluate("e => getComputedStyle(e).color")
        background = view.evaluate("e => getComputedStyle(e).backgroundColor")
        assert background.startswith("rgb(")  # opaque: rgba(0, 0, 0, 0) is transparent
        if page_theme == "true":
            assert _luminance(color) < 0.3 and _luminance(background) > 0.9, (color, background)
        else:
            assert _luminance(color) > 0.7 and _luminance(background) < 0.2, (color, background)
    page.close()
