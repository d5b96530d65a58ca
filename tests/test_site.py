"""Checks of the built website (run after `make book`).

HTML checks always run; the headless-browser checks run where Chromium is
installed (CI installs Debian's package). Every page is loaded from file://
with every other request blocked and recorded.
"""

from __future__ import annotations

import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, is_notebook, source_of, toc_files

HTML = ROOT / "_build" / "html"
DOCS = toc_files()
NOTEBOOK_DOCS = [d for d in DOCS if is_notebook(source_of(d))]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(not (HTML / "index.html").exists(),
                                reason="book not built: run `make book` first")


@cache
def soup(doc: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{doc}.html").read_text(), "html.parser")


def has_math(doc: str) -> bool:
    return bool(soup(doc).select(".math"))


@pytest.mark.parametrize("doc", DOCS)
def test_page_exists_with_title(doc):
    page = soup(doc)
    assert page.find("h1"), f"{doc}: no title"


@pytest.mark.parametrize("doc", DOCS)
def test_no_remote_assets(doc):
    """Scripts, styles, images and frames are all served locally (the site works offline)."""
    page = soup(doc)
    remote = [tag.get(attr) for tag, attr in
              [(t, "src") for t in page.find_all(["script", "img", "iframe"])] +
              [(t, "href") for t in page.find_all("link")]
              if tag.get(attr) and re.match(r"^(https?:)?//", tag.get(attr))]
    assert not remote, f"{doc} loads remote assets: {remote}"


@pytest.mark.parametrize("doc", DOCS)
def test_mathjax_is_local(doc):
    scripts = [s.get("src", "") for s in soup(doc).find_all("script")]
    mathjax = [s for s in scripts if "mathjax" in s.lower()]
    assert mathjax or not has_math(doc), f"{doc}: maths but no MathJax script"
    for src in mathjax:
        assert (HTML / Path(doc).parent / src.split("?")[0]).resolve().exists(), src


@pytest.mark.parametrize("doc", NOTEBOOK_DOCS)
def test_no_error_output_and_no_dead_widget(doc):
    page = soup(doc)
    text = page.get_text()
    assert "Traceback (most recent call last)" not in text
    assert not page.select(".output.stderr, .output.traceback, div.stderr"), f"{doc}: stderr in outputs"
    # A widget without a kernel would be a dead slider: the build must emit precomputed views.
    assert "application/vnd.jupyter.widget-view+json" not in str(page)
    assert not page.select(".jupyter-widgets, .widget-slider")


@pytest.mark.parametrize("doc", NOTEBOOK_DOCS)
def test_download_and_launch_buttons(doc):
    page = soup(doc)
    hrefs = [a.get("href", "") for a in page.find_all("a")]
    assert any(h.endswith(".ipynb") for h in hrefs), f"{doc}: no notebook download"
    assert any("mybinder" in h for h in hrefs), f"{doc}: no Binder launch button"
    assert any("colab" in h for h in hrefs), f"{doc}: no Colab launch button"


def test_static_explorers_have_frames():
    found = 0
    for doc in NOTEBOOK_DOCS:
        for box in soup(doc).select("div.spinlib-explorer"):
            found += 1
            img = box.find("img")
            assert img and img["src"].startswith("data:image/png;base64,")
            assert box.select("input[type=range], select, input[type=hidden]")
    assert found >= 1, "no precomputed interactive figure in the book"


def test_exercises_have_collapsed_solutions():
    exercises = solutions = 0
    for doc in NOTEBOOK_DOCS:
        page = soup(doc)
        exercises += len(page.select(".exercise"))
        for sol in page.select(".solution"):
            solutions += 1
            assert sol.name == "details" or "dropdown" in sol.get("class", []), f"{doc}: open solution"
    assert exercises >= 4 and solutions >= 4


def test_bibliography_lists_the_seed_papers():
    text = soup("book/bibliography").get_text()
    for author in ("Ralph", "Bender", "Mondal", "Parcollet", "Wegrowe"):
        assert author in text


# -- headless browser ---------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("chromium not installed (CI installs Debian's package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def open_page(browser, doc):
    page = browser.new_page(viewport={"width": 1280, "height": 2000})
    errors, leaving = [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(("file://", "data:")):
            r.continue_()
        else:
            leaving.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto((HTML / f"{doc}.html").as_uri(), wait_until="load")
    if has_math(doc):
        page.wait_for_function("window.MathJax && MathJax.startup && MathJax.startup.promise", timeout=20000)
        page.evaluate("MathJax.startup.promise")
    return page, errors, leaving


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS)
def test_page_in_browser(browser, doc):
    page, errors, leaving = open_page(browser, doc)
    try:
        if has_math(doc):
            assert page.locator("mjx-container").count() > 0, f"{doc}: maths not typeset"
        assert page.locator("mjx-merror").count() == 0, f"{doc}: MathJax errors"
        raw_tex = page.evaluate(
            "Array.from(document.querySelectorAll('.math')).filter(e => !e.querySelector('mjx-container'))"
            ".map(e => e.textContent.slice(0, 60))")
        assert not raw_tex, f"{doc}: raw TeX left on the page: {raw_tex[:3]}"
        broken = page.evaluate(
            "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
            ".map(i => i.src.slice(0, 80))")
        assert not broken, f"{doc}: images not rendered: {broken}"
        assert not errors, f"{doc}: console errors: {errors}"
        assert not leaving, f"{doc}: requests leaving the machine: {leaving}"
    finally:
        page.close()


@pytest.mark.slow
def test_static_slider_redraws_in_browser(browser):
    with_fixed = [d for d in NOTEBOOK_DOCS if soup(d).select("div.spinlib-explorer input[type=hidden]")]
    doc = (with_fixed or [d for d in NOTEBOOK_DOCS if soup(d).select("div.spinlib-explorer")])[0]
    page, errors, _ = open_page(browser, doc)
    try:
        kind = "div.spinlib-explorer:has(input[type=hidden])" if with_fixed else "div.spinlib-explorer"
        box = page.locator(f"{kind}:has(input[type=range])").first
        slider = box.locator("input[type=range]").first
        before = box.locator("img").get_attribute("src")
        slider.evaluate("e => { e.value = (e.value === '0') ? e.max : '0';"
                        " e.dispatchEvent(new Event('input')); }")
        after = box.locator("img").get_attribute("src")
        assert before != after, "moving the static slider did not change the frame"
        # every readout shows the label of its own slider's position
        readouts = box.locator("input[type=range]").evaluate_all(
            "els => els.map(e => [JSON.parse(e.dataset.labels)[+e.value],"
            " e.closest('label').querySelector('output').textContent])")
        assert readouts and all(want == shown for want, shown in readouts), readouts
        assert not errors
    finally:
        page.close()
