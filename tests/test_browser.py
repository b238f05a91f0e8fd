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


GALLERY = sorted(p.stem for p in (ROOT / "reports").glob("*.html"))


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", GALLERY)
def test_gallery_report_opens_cleanly(browser, name, scheme, tmp_path):
    path = ROOT / "reports" / f"{name}.html"
    page, events = open_page(browser, path, scheme)
    findings = page.locator("details.finding")
    if findings.count():
        first = findings.first.locator("summary")
        assert first.is_visible() and "EC" in first.inner_text()
    else:  # a healthy evaluation says so
        assert page.locator(".empty").first.is_visible()
    assert page.locator(".verdict").is_visible()
    assert events["console"] == [] and events["errors"] == []
    assert events["requests"] == [path.as_uri()], events["requests"]
    page.screenshot(path=str(tmp_path / f"{name}-{scheme}.png"), full_page=True)
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", GALLERY)
def test_gallery_has_no_serious_accessibility_violations(browser, name, scheme):
    page, _ = open_page(browser, ROOT / "reports" / f"{name}.html", scheme)
    assert _serious_violations(page) == []
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_score_charts_fill_the_width_with_titles_ticks_and_legends(browser, scheme, tmp_path):
    page, _ = open_page(browser, ROOT / "reports" / "breast_cancer_binary.html", scheme)
    section = page.locator("section[id=scores]")
    titles = section.locator("h3.chart-title").all_inner_texts()
    assert titles[:3] == ["ROC, class 1", "Precision-recall, class 1", "Calibration, class 1"]
    charts = section.locator("svg.chart")
    assert charts.count() == 5
    main_width = page.evaluate("document.querySelector('main').clientWidth")
    rows = section.locator("div.plots")
    assert rows.first.bounding_box()["width"] > 0.9 * (main_width - 60)
    for index in range(charts.count()):
        chart = charts.nth(index)
        assert chart.is_visible()
        assert chart.bounding_box()["width"] > 300
        assert chart.locator("text.axis").count() >= 6  # ticks on both axes
    assert section.locator("figcaption .legend").count() >= 8
    assert section.locator("circle.point").count() >= 2  # the operating point, ROC and PR
    stroke = section.locator("polyline.s0").first.evaluate("e => getComputedStyle(e).stroke")
    expected = {"light": "rgb(36, 86, 201)", "dark": "rgb(122, 162, 255)"}[scheme]
    assert stroke == expected
    section.screenshot(path=str(tmp_path / f"scores-{scheme}.png"))
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_links_reach_the_root_cause_and_the_class_rows(browser, scheme):
    page, _ = open_page(browser, ROOT / "reports" / "majority_class.html", scheme)
    follows = page.locator("a.cause-link").first
    target = follows.get_attribute("href")
    follows.click()
    assert page.evaluate("location.hash") == target
    finding = page.locator(target)
    assert finding.evaluate("e => e.matches(':target')")
    box = finding.bounding_box()
    assert 0 <= box["y"] < 900
    page.locator("a.class-link").first.click()
    row = page.locator("tr:target")
    assert row.count() == 1 and row.is_visible()
    assert row.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
    weak = page.locator(".weak-mark a")
    if weak.count():
        weak.first.click()
        assert page.locator("details.finding:target").count() == 1
    page.close()


def _serious_violations(page) -> list:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page).response
    assert results["passes"], "axe did not run"
    return [
        (v["id"], [n["target"] for n in v["nodes"]][:3])
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_comparison_page_shows_intervals_findings_and_the_matrix_change(browser, scheme):
    page, events = open_page(browser, ROOT / "reports" / "comparison.html", scheme)
    assert "better" in page.locator(".verdict").inner_text()
    chart = page.locator("#differences-h + svg.chart")
    assert chart.is_visible() and chart.locator("line.interval").count() == 9
    assert page.locator("table.compare tbody tr").count() == 3
    assert page.locator("#findings details.finding").count() >= 1
    cells = page.locator("#confusion svg.heatmap g")
    assert cells.count() == 100 and page.locator("#confusion rect.tone-better").count() >= 10
    assert events["requests"] == [(ROOT / "reports" / "comparison.html").as_uri()]
    assert _serious_violations(page) == []
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_audit_page_has_a_section_per_call_site(browser, scheme, tmp_path):
    from sklearn.metrics import accuracy_score, f1_score

    with evalcheck.audit() as audit:
        accuracy_score([1] * 95 + [0] * 5, [1] * 100)
        f1_score([0, 1, 2] * 10, [0, 1, 1] * 10, average="macro")
    path = tmp_path / "audit.html"
    path.write_text(audit.to_html(timestamp="t"), encoding="utf-8")
    page, events = open_page(browser, path, scheme)
    sites = page.locator("section.site")
    assert sites.count() == 2
    for index in range(2):
        link = page.locator("#sites-h ~ table a").nth(index)
        link.click()
        assert page.locator("section.site:target").count() == 1
    assert page.locator("section.site details.finding[id]").count() >= 2
    assert events["console"] == [] and events["errors"] == []
    assert _serious_violations(page) == []
    page.close()


def test_printing_expands_every_finding_and_keeps_charts_whole(browser, tmp_path):
    rng = np.random.default_rng(5)
    y = np.r_[np.zeros(95, int), np.ones(5, int)]
    score = np.clip(0.4 * y + rng.normal(0.3, 0.2, 100), 0, 1)
    report = evalcheck.check(y, np.zeros(100, int), y_score=score, metric="accuracy")
    path = report.save_html(tmp_path / "print.html", timestamp="t")
    page, _ = open_page(browser, path)
    closed = page.locator("details.finding:not([open])")
    assert closed.count() >= 1, "the test needs a collapsed finding"
    assert not closed.first.locator(".fix-title").is_visible()
    page.emulate_media(media="print")
    for index in range(closed.count()):
        assert closed.nth(index).locator(".fix-title").is_visible()
        assert closed.nth(index).locator(".explanation").is_visible()
    for selector in ("figure.plot", "h2", "details.finding"):
        element = page.locator(selector).first
        style = element.evaluate(
            "e => getComputedStyle(e).breakInside + ' ' + getComputedStyle(e).breakAfter"
        )
        assert "avoid" in style, (selector, style)
    page.pdf(path=str(tmp_path / "print.pdf"))
    assert (tmp_path / "print.pdf").stat().st_size > 10_000
    page.close()


def test_printing_from_a_dark_system_prints_dark_text_on_white(browser):
    page, _ = open_page(browser, ROOT / "reports" / "majority_class.html", "dark")
    main = page.locator("main")
    assert _luminance(main.evaluate("e => getComputedStyle(e).color")) > 0.7  # on screen
    page.emulate_media(media="print", color_scheme="dark")
    assert _luminance(main.evaluate("e => getComputedStyle(e).color")) < 0.3
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert _luminance(background) > 0.9
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
    jupyter_colors = (
        ""
        if system == "dark"
        else (
            "--jp-layout-color0:#fafafa;--jp-content-font-color1:#202020"
            if page_theme == "true"
            else "--jp-layout-color0:#111111;--jp-content-font-color1:#dddddd"
        )
    )
    page_background = "#ffffff" if page_theme == "true" else "#111111"
    body = "".join(f"<div class='jp-OutputArea'>{v}</div>" for v in views)
    path = tmp_path / "notebook.html"
    path.write_text(
        f"<!doctype html><html><body data-jp-theme-light='{page_theme}' "
        f"style='background:{page_background};{jupyter_colors}'>{body}</body></html>",
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
        if jupyter_colors:  # JupyterLab's own colours, where its theme defines them
            expected = "rgb(250, 250, 250)" if page_theme == "true" else "rgb(17, 17, 17)"
            assert background == expected
    page.close()
