"""Checks of the built website as a reader meets it (run after `make book`).

HTML checks always run; the headless-browser checks run where Chromium is installed (CI installs
Debian's package). Every page is loaded from file:// with every other request blocked and
recorded. ``BOOK_HTML`` points the checks at another built site (default: _build/html).
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
import shutil
from functools import cache
from pathlib import Path
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, is_notebook, source_of, toc_files

from tools import page_weight

HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
DOCS = toc_files()
NOTEBOOK_DOCS = [d for d in DOCS if is_notebook(source_of(d))]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FIRST_LOAD_BUDGET = 600_000  # bytes a cold visit transfers before `load` (text gzip-compressed)
LOAD_BUDGET_MS = 1500  # navigation start to the end of the load event, phone on 4G (tools/page_weight.py)
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}

pytestmark = pytest.mark.skipif(not (HTML / "index.html").exists(),
                                reason="book not built: run `make book` first")


@cache
def soup(doc: str) -> BeautifulSoup:
    return BeautifulSoup((HTML / f"{doc}.html").read_text(), "html.parser")


def has_math(doc: str) -> bool:
    return bool(soup(doc).select(".math"))


def explorer_docs() -> list[str]:
    return [d for d in NOTEBOOK_DOCS if soup(d).select("div.spinlib-explorer")]


def test_moved_pages_forward_to_their_new_address():
    """Old addresses (chapters were folders ch1-ch5 before the book was organised by topic) forward
    a bookmark or a shared deep link to the page's new address, anchor included."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("stt_site", ROOT / "book" / "_ext" / "stt_site.py")
    stt_site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stt_site)
    MOVED = stt_site.MOVED  # noqa: N806

    for old, new in MOVED.items():
        page = HTML / "book" / f"{old}.html"
        text = page.read_text()
        target = re.search(r'location\.replace\("([^"]+)" \+ location\.hash\)', text).group(1)
        assert (page.parent / target).resolve() == (HTML / "book" / f"{new}.html").resolve(), old
        assert f'url={target}"' in text and f'href="{target}"' in text


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
def test_maths_arrives_typeset(doc):
    """Maths is typeset when the site is built (book/_ext/stt_mathssr.py): every formula is
    MathJax's SVG, no page runs MathJax, and each page holds the glyphs its formulas draw."""
    page = soup(doc)
    scripts = [s.get("src", "") + s.get_text()[:200] for s in page.find_all("script")]
    assert not [s for s in scripts if "mathjax" in s.lower()], f"{doc}: runs MathJax in the browser"
    raw = [m.get_text()[:50] for m in page.select("span.math, div.math") if not m.select_one("mjx-container")]
    assert not raw, f"{doc}: TeX left untypeset: {raw[:3]}"
    if has_math(doc):  # the glyphs the formulas draw and MathJax's stylesheet are on the page
        drawn = {u["href"].lstrip("#") for u in page.select("mjx-container use")}
        assert drawn <= {p["id"] for p in page.select("#MJX-SVG-global-cache path")}
        assert page.select_one("style#stt-math-css"), f"{doc}: no maths stylesheet"


@pytest.mark.parametrize("doc", NOTEBOOK_DOCS)
def test_no_error_output_and_no_dead_widget(doc):
    page = soup(doc)
    text = page.get_text()
    assert "Traceback (most recent call last)" not in text
    assert not page.select(".output.stderr, .output.traceback, div.stderr"), f"{doc}: stderr in outputs"
    # A widget without a kernel would be a dead slider: the build must emit precomputed views.
    assert "application/vnd.jupyter.widget-view+json" not in str(page)
    assert not page.select(".jupyter-widgets, .widget-slider")
    assert not re.search(r"&lt;(Figure|IPython\.core\.display\.\w+) ", str(page)), f"{doc}: object repr shown"


@pytest.mark.parametrize("doc", NOTEBOOK_DOCS)
def test_download_and_launch_buttons(doc):
    page = soup(doc)
    hrefs = [a.get("href", "") for a in page.find_all("a")]
    assert any(h.endswith(".ipynb") for h in hrefs), f"{doc}: no notebook download"
    assert any("mybinder" in h for h in hrefs), f"{doc}: no Binder launch button"
    assert any("colab" in h for h in hrefs), f"{doc}: no Colab launch button"
    downloads = [h for h in hrefs if h.endswith(".ipynb") and "_sources" in h]
    for href in downloads:
        served = (HTML / doc).parent / unquote(href)
        clean = ROOT / f"{doc}.ipynb"
        assert served.resolve().read_bytes() == clean.read_bytes(), (
            f"{doc}: the download menu serves {href}, not the clean exported notebook {clean.name}")


def test_static_explorers_load_their_frames_from_files():
    """Only the default frame is on the page (an <img> of a file); the other frames are files
    listed for the script, loaded when a slider reaches them. Nothing is inlined."""
    found = 0
    for doc in explorer_docs():
        html = (HTML / f"{doc}.html").read_text()
        assert "data:image/png;base64" not in html, f"{doc}: frames inlined in the page"
        for box in soup(doc).select("div.spinlib-explorer"):
            found += 1
            assert re.fullmatch(r"sx-[0-9a-f]{12}(-\d+)?", box["id"]), box["id"]
            frames = json.loads(box.select_one("script.sx-frames").string)
            shape = json.loads(box["data-shape"])
            assert len(frames) == eval("*".join(map(str, shape)) or "1")  # noqa: S307 (digits only)
            for src in frames:
                assert (HTML / Path(doc).parent / src).resolve().is_file(), f"{doc}: missing frame {src}"
            img = box.select_one("img.sx-frame")
            assert img["src"] in frames
            assert box.select("input[type=range], select, input[type=hidden]")
    assert found >= 1, "no precomputed interactive figure in the book"
    ids = [b["id"] for d in explorer_docs() for b in soup(d).select("div.spinlib-explorer")]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("doc", NOTEBOOK_DOCS)
def test_images_have_meaningful_alt_text(doc):
    for img in soup(doc).select("main img, article img"):
        alt = img.get("alt", "").strip()
        assert alt and not re.search(r"\.(png|svg|jpe?g)$|^[0-9a-f]{16,}", alt), \
            f"{doc}: image {img.get('src', '')[:40]} has alt text {alt!r}"


def test_exercises_have_collapsed_solutions():
    exercises = solutions = 0
    for doc in NOTEBOOK_DOCS:
        page = soup(doc)
        exercises += len(page.select(".exercise"))
        for sol in page.select(".solution"):
            solutions += 1
            assert sol.name == "details" or "dropdown" in sol.get("class", []), f"{doc}: open solution"
    assert exercises >= 4 and solutions >= 4


@pytest.mark.parametrize("doc", DOCS)
def test_no_doubled_exercise_word(doc):
    """"Exercise {ref}`ex-...`" renders as "Exercise Exercise 5": the reference carries the word."""
    text = " ".join(soup(doc).get_text(" ").split())
    assert not re.search(r"\b(Exercise|Solution|Figure|Equation) \1\b", text), doc


def bib_entries() -> dict[str, str]:
    text = (ROOT / "book" / "references.bib").read_text()
    return dict(re.findall(r"@\w+\{(\w+),(.*?)\n\}", text, flags=re.S))


def test_bibliography_is_author_year_and_lists_what_is_cited():
    page = soup("book/bibliography")
    labels = [" ".join(e.get_text(" ").split()).strip("[] ")
              for e in page.select("div.citation span.label, dl.citation dt, .citation .label")]
    assert labels, "no bibliography entries"
    assert all(re.fullmatch(r"[^\d]+, (19|20)\d\d[a-z]?", lab) for lab in labels), labels
    assert "Ralph and Stiles, 2008" in labels and "Parcollet and Waintal, 2006" in labels
    text = " ".join(page.get_text(" ").split())
    assert "Co/Cu/Co" in text
    parcollet = text[text.index("Parcollet and Waintal, 2006"):][:300]
    assert "144420" in parcollet and "Physical Review B" in parcollet
    # every entry of references.bib is cited somewhere in the book, and listed
    cited = set()
    for doc in DOCS:
        src = source_of(doc).read_text()
        cited |= {k.strip() for ks in re.findall(r"\{cite:?\w*\}`([^`]+)`", src) for k in ks.split(",")}
    assert set(bib_entries()) <= cited, f"uncited entries: {set(bib_entries()) - cited}"
    assert len(labels) == len(cited & set(bib_entries()))


# -- headless browser ---------------------------------------------------------------

@pytest.fixture(scope="module")
def browser():
    """Headless Chromium as tools/page_weight.py launches it (one Playwright per process: the
    page-weight measurements share it; no host name but the local server resolves)."""
    if not CHROMIUM:
        pytest.skip("chromium not installed (CI installs Debian's package)")
    with page_weight.launch() as b:
        yield b


def open_page(browser, doc, viewport=None, theme=None):
    context = browser.new_context(viewport=viewport or {"width": 1280, "height": 2000})
    if theme:  # the theme reads the reader's choice from localStorage before drawing
        context.add_init_script(f"localStorage.setItem('theme', '{theme}');"
                                f" localStorage.setItem('mode', '{theme}');")
    page = context.new_page()
    errors, leaving, requested = [], [], []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))

    def route(r):
        if r.request.url.startswith(("file://", "data:")):
            requested.append(r.request.url)
            r.continue_()
        else:
            leaving.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.goto((HTML / f"{doc}.html").as_uri(), wait_until="load")
    page.evaluate("document.fonts.ready.then(() => true)")  # maths arrives typeset: no MathJax to wait for
    page.requested = requested
    return page, errors, leaving


def close(page):
    page.context.close()


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
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
        page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=20000)
        broken = page.evaluate(
            "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
            ".map(i => i.src.slice(0, 80))")
        assert not broken, f"{doc}: images not rendered: {broken}"
        assert not errors, f"{doc}: console errors: {errors}"
        assert not leaving, f"{doc}: requests leaving the machine: {leaving}"
    finally:
        close(page)


@pytest.fixture(scope="module")
def served():
    """The built site on a local HTTP server that compresses text as a web host does (network
    throttling applies to HTTP, not to file://)."""
    with page_weight.serve(HTML) as base:
        yield base


@pytest.fixture(scope="module")
def measuring_browser(browser):
    """The browser of tools/page_weight.py's measurements: no request interception (it would delay
    every request); nothing leaves the machine, as no host name but the local server resolves."""
    return browser


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS)
def test_phone_first_load_on_4g(measuring_browser, served, doc):
    """A cold visit on a phone (390 x 844) over 4G (WebPageTest's profile: 9 Mbit/s, 170 ms round
    trip; no CPU slowdown, see tools/page_weight.py): at most 600 kB transferred before the page's
    load event, the load complete within 1.5 s (the least of up to three cold loads: the network is
    simulated, the CPU time is the machine's), and no layout shift."""
    url = f"{served}/{doc}.html"
    row = page_weight.measure(url, (390, 844), "4g", browser=measuring_browser)
    for _ in range(2):  # wall-clock time on a shared machine: the least of three cold loads
        if row["load_ms"] <= LOAD_BUDGET_MS:
            break
        again = page_weight.measure(url, (390, 844), "4g", browser=measuring_browser)
        row = again if again["load_ms"] < row["load_ms"] else row
    biggest = [(name.rsplit("/", 1)[-1], round(size / 1e3)) for size, name in row["largest"][:3]]
    assert row["bytes"] <= FIRST_LOAD_BUDGET, \
        f"{doc}: first load {row['bytes'] / 1e3:.0f} kB; biggest {biggest}"
    assert row["load_ms"] <= LOAD_BUDGET_MS, (
        f"{doc}: loaded in {row['load_ms']:.0f} ms (main thread {row['main_thread_ms']:.0f} ms, "
        f"{row['requests']} requests; biggest {biggest})")
    assert row["cls"] == 0, f"{doc}: cumulative layout shift {row['cls']:.4f}"


@pytest.mark.slow
@pytest.mark.parametrize("doc", DOCS)
def test_menu_button_opens_the_navigation_on_a_phone(browser, doc):
    """At 390 px the visible menu button opens the chapter navigation; no second header."""
    page, errors, _ = open_page(browser, doc, viewport=PHONE)
    try:
        buttons = page.locator("button.primary-toggle, label.sidebar-toggle.primary-toggle")
        visible = [buttons.nth(i) for i in range(buttons.count()) if buttons.nth(i).is_visible()]
        assert visible, f"{doc}: no visible menu button at 390 px"
        links = page.locator(".bd-sidebar-primary a.reference.internal")
        assert not any(links.nth(i).is_visible() for i in range(links.count())), "navigation already open"
        visible[0].click()
        page.wait_for_timeout(600)
        shown = [links.nth(i) for i in range(links.count()) if links.nth(i).is_visible()]
        assert len(shown) >= 3, f"{doc}: the menu button did not open the navigation"
        box = shown[0].bounding_box()
        assert box and 0 <= box["x"] < PHONE["width"], f"{doc}: navigation opened off screen: {box}"
        headers = page.evaluate(
            "Array.from(document.querySelectorAll('header, .bd-header')).filter(e => {"
            "const r = e.getBoundingClientRect();"
            " return r.height > 0 && getComputedStyle(e).display !== 'none';})"
            ".length")
        assert headers <= 1, f"{doc}: {headers} headers on the page"
        assert not errors, errors
    finally:
        close(page)


@pytest.mark.slow
@pytest.mark.parametrize("doc", [d for d in DOCS if d != "book/bibliography"])
def test_display_equations_fit(browser, doc):
    """No display equation is wider than its column at 1280 px (none hides behind a scroll bar),
    and on a 390 px phone none widens the page."""
    if not has_math(doc):
        pytest.skip("no maths")
    too_wide = ("Array.from(document.querySelectorAll('mjx-container[display=\"true\"]')).map(c => {"
                "const box = c.closest('.math, div') || c.parentElement;"
                "const w = c.querySelector('svg').getBoundingClientRect().width;"
                "return [w, box.clientWidth, c.textContent.slice(0, 50)];})"
                ".filter(([w, cw]) => w > cw + 1).map(([w, cw, t]) => `${Math.round(w)}>${cw}: ${t}`)")
    page, _, _ = open_page(browser, doc, viewport=LAPTOP)
    try:
        wide = page.evaluate(too_wide)
        assert not wide, f"{doc}: {len(wide)} display equations wider than the column at 1280 px: {wide[:4]}"
    finally:
        close(page)
    page, _, _ = open_page(browser, doc, viewport=PHONE)
    try:
        sizes = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
        assert sizes[0] <= sizes[1], f"{doc}: the page is {sizes[0]} px wide on a {sizes[1]} px phone"
        # an equation past the screen's edge must sit in a box that scrolls (a wide table, a
        # wide formula's own box; tests/test_phone.py checks that such a box shows a cue)
        overflow = page.evaluate(
            "Array.from(document.querySelectorAll('mjx-container')).filter(c => {"
            " if (c.getBoundingClientRect().right <= window.innerWidth + 1) return false;"
            " for (let e = c; e; e = e.parentElement) {"
            "  if (['auto', 'scroll'].includes(getComputedStyle(e).overflowX)) return false; }"
            " return true; }).length")
        assert overflow == 0, f"{doc}: {overflow} equations stick out of the phone's screen"
    finally:
        close(page)


def luminance(css: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_figures_and_explorer_panel_readable_in_both_modes(browser, theme):
    doc = explorer_docs()[0]
    page, errors, _ = open_page(browser, doc, viewport=LAPTOP, theme=theme)
    try:
        assert page.evaluate("document.documentElement.dataset.theme") == theme
        images = page.evaluate(
            "Array.from(document.querySelectorAll('.bd-content img')).filter(i => i.closest('.cell_output'))"
            ".map(i => [getComputedStyle(i).filter, getComputedStyle(i).backgroundColor, i.src.slice(-20)])")
        assert images
        dimmed = [src for flt, _, src in images if flt != "none"]
        assert not dimmed, f"{theme}: figures dimmed by a filter: {dimmed[:3]}"
        grey = [(bg, src) for _, bg, src in images if bg not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")]
        assert not grey, f"{theme}: figures on a grey background: {grey[:3]}"
        panel = page.locator("div.spinlib-explorer").first
        fg, bg = panel.evaluate("e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor]")
        assert contrast(fg, bg) >= 4.5, f"{theme}: panel text {fg} on {bg}"
        assert (luminance(bg) < 0.1) == (theme == "dark"), f"{theme}: panel background {bg}"
        for selector in (".sx-note", ".sx-control"):
            el = panel.locator(selector).first
            color = el.evaluate("e => getComputedStyle(e).color")
            assert contrast(color, bg) >= 4.5, f"{theme}: {selector} text {color} on {bg}"
        assert not errors
    finally:
        close(page)


@pytest.mark.slow
def test_static_slider_redraws_in_browser(browser):
    docs = explorer_docs()
    with_fixed = [d for d in docs if soup(d).select("div.spinlib-explorer input[type=hidden]")]
    doc = (with_fixed or docs)[0]
    page, errors, leaving = open_page(browser, doc)
    try:
        kind = "div.spinlib-explorer:has(input[type=hidden])" if with_fixed else "div.spinlib-explorer"
        box = page.locator(f"{kind}:has(input[type=range])").first
        box.scroll_into_view_if_needed()  # frames load lazily, as the reader reaches them
        assert box.locator(".sx-controls").is_visible(), "controls hidden although the script ran"
        assert "run this cell" not in box.locator(".sx-note").inner_text()
        slider = box.locator("input[type=range]").first
        before = box.locator("img.sx-frame").get_attribute("src")
        slider.evaluate("e => { e.value = (e.value === '0') ? e.max : '0';"
                        " e.dispatchEvent(new Event('input')); }")
        after = box.locator("img.sx-frame").get_attribute("src")
        assert before != after, "moving the static slider did not change the frame"
        page.wait_for_function("i => i.complete && i.naturalWidth > 0",
                               arg=box.locator("img.sx-frame").element_handle(), timeout=10000)
        # every readout shows the label of its own slider's position
        readouts = box.locator("input[type=range]").evaluate_all(
            "els => els.map(e => [JSON.parse(e.dataset.labels)[+e.value],"
            " e.closest('label').querySelector('output').textContent])")
        assert readouts and all(want == shown for want, shown in readouts), readouts
        assert not errors and not leaving
    finally:
        close(page)


# -- icons, theme, search (book/_ext/stt_icons.py, stt_bundle.py, assets/stt-site.*) ---------------

def _fontawesome_dir() -> Path:
    found = sorted((HTML / "_static" / "vendor" / "fontawesome").glob("*/css/all.min.css"))
    assert found, "no Font Awesome stylesheet on the site"
    return found[-1].parents[1]


def test_font_awesome_holds_only_the_icons_the_site_draws():
    """No page can download the full Font Awesome fonts (275 kB), and every icon the pages and the
    theme's stylesheets draw has its glyph in the fonts that are served. The class -> character
    map is read from the theme's own, unmodified stylesheet."""
    import importlib.util

    from fontTools.ttLib import TTFont

    spec = importlib.util.spec_from_file_location("stt_icons", ROOT / "book" / "_ext" / "stt_icons.py")
    stt_icons = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(stt_icons)
    original = (stt_icons._theme_fontawesome() / "css" / "all.min.css").read_text()
    glyph_of = {}
    for selectors, point in re.findall(r'([^{}]+)\{content:"\\([0-9a-f]+)"\}', original):
        for name in re.findall(r"\.(fa-[a-z0-9-]+):+before", selectors):
            glyph_of[name] = int(point, 16)
    fa = _fontawesome_dir()
    assert not list((fa / "webfonts").iterdir()), "font files left on the site"
    css = (fa / "css" / "all.min.css").read_text()
    data = re.findall(r"url\(data:font/woff2?;base64,([A-Za-z0-9+/=]+)\)", css)
    fonts = [base64.b64decode(f) for f in data]
    assert fonts and sum(len(f) for f in set(fonts)) < 20_000
    served = set()
    for f in fonts:
        served |= set(TTFont(io.BytesIO(f)).getBestCmap())
    drawn = set()
    for page in HTML.rglob("*.html"):
        for cls in re.findall(r'class="([^"]*\bfa-[^"]*)"', page.read_text()):
            drawn |= {glyph_of[n] for n in re.findall(r"\bfa-[a-z0-9-]+", cls) if n in glyph_of}
    for sheet in (HTML / "_static").rglob("*.css"):
        if fa not in sheet.parents:
            drawn |= {ord(c) for c in sheet.read_text() if 0xE000 <= ord(c) <= 0xF8FF}
    assert len(drawn) >= 8
    assert drawn <= served, f"icons without a glyph: {sorted(hex(p) for p in drawn - served)}"


def test_pages_ask_for_one_stylesheet_and_one_script():
    """Every page of the book links one stylesheet and one script (preloaded in the head, run at
    the end of the body); what was bundled is gone from the page (tools/page_weight.py measures
    the effect; test_page_in_browser and tests/test_phone.py check that the pages still work)."""
    for doc in DOCS:
        page = soup(doc)
        sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
        assert len(sheets) == 1 and re.search(r"_static/stt-[0-9a-f]{16}\.css$", sheets[0]), (doc, sheets)
        scripts = [s["src"] for s in page.select("script[src]")]
        assert len(scripts) == 1 and re.search(r"_static/stt-[0-9a-f]{16}\.js$", scripts[0]), (doc, scripts)
        assert [link["href"] for link in page.select('link[rel="preload"][as="script"]')] == scripts, doc
        assert page.select_one('meta[name="stt-pagename"]')["content"] == doc


def _theme_page(browser, scheme, doc="book/intro", storage=None):
    context = browser.new_context(viewport=PHONE, color_scheme=scheme, is_mobile=True, has_touch=True)
    # the theme as the page is first drawn: when parsing ends, before the deferred scripts run
    context.add_init_script("document.addEventListener('readystatechange', () => {"
                            " if (document.readyState === 'interactive') window.__themeAtParse ="
                            " document.documentElement.dataset.theme; });")
    if storage:
        context.add_init_script(storage)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.route(re.compile(r"^(?!file:|data:)"), lambda r: r.abort())
    page.goto((HTML / f"{doc}.html").as_uri(), wait_until="load")
    return page, errors


@pytest.mark.slow
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_theme_follows_the_os_and_every_tap_flips_it(browser, scheme):
    """A first visit shows the OS's theme from the first paint; each tap of the theme button shows
    the other theme (the theme's own three-state cycle left one tap in three without a change)."""
    other = {"light": "dark", "dark": "light"}[scheme]
    page, errors = _theme_page(browser, scheme)
    try:
        assert page.evaluate("window.__themeAtParse") == scheme, "not the OS theme at first paint"
        root = "document.documentElement.dataset"
        assert page.evaluate(f"[{root}.mode, {root}.theme]") == ["auto", scheme]
        background = "getComputedStyle(document.body).backgroundColor"
        seen = [(scheme, page.evaluate(background))]
        button = next(b for b in page.locator(".theme-switch-button").all() if b.is_visible())
        for _ in range(4):
            button.click()
            page.wait_for_timeout(150)
            seen.append((page.evaluate("document.documentElement.dataset.theme"), page.evaluate(background)))
        themes = [t for t, _ in seen]
        assert themes == [scheme, other, scheme, other, scheme], themes
        colours = [c for _, c in seen]
        assert all(a != b for a, b in zip(colours[:-1], colours[1:], strict=True)), \
            f"a tap changed no colour: {seen}"
        # back on the OS's theme, the page follows the OS again
        assert page.evaluate("document.documentElement.dataset.mode") == "auto"
        button.click()
        assert page.evaluate("localStorage.getItem('mode')") == other
        page.reload(wait_until="load")
        assert page.evaluate("window.__themeAtParse") == other, "the reader's choice is lost on reload"
        assert not errors, errors
    finally:
        page.context.close()


@pytest.mark.slow
def test_icons_are_drawn_from_the_subset(browser):
    """The header's icons (menu, download, launch, repository, theme, search, contents) render
    with Font Awesome's glyphs: each font face loads, and each icon is drawn with a width."""
    for viewport in (PHONE, LAPTOP):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.route(re.compile(r"^(?!file:|data:)"), lambda r: r.abort())
        page.goto((HTML / "book/torque/llg.html").as_uri(), wait_until="load")
        try:
            page.evaluate("document.fonts.ready.then(() => true)")
            icons = page.evaluate("""() => Array.from(document.querySelectorAll(
                  '.bd-header-article i[class*="fa-"], .bd-header-article span[class*="fa-"],'
                + ' .bd-header i[class*="fa-"], .header-article-items i[class*="fa-"]'))
              .filter(i => i.getClientRects().length && getComputedStyle(i).display !== 'none')
              .map(i => [i.className, i.getBoundingClientRect().width,
                         getComputedStyle(i, '::before').fontFamily,
                         getComputedStyle(i, '::before').content])""")
            assert len(icons) >= 5, icons
            assert all(w > 4 and "Font Awesome" in fam and content not in ("none", "normal", '""')
                       for _, w, fam, content in icons), icons
            faces = page.evaluate("Array.from(document.fonts).filter(f => f.family.includes('Font Awesome'))"
                                  ".map(f => [f.family, f.weight, f.status])")
            assert not [f for f in faces if f[2] == "error"], faces
            assert any(f[2] == "loaded" for f in faces), faces
        finally:
            context.close()


@pytest.mark.slow
def test_search_snippets_read_as_text_and_the_query_clears_the_icon(measuring_browser, served):
    """Search results' snippets show formulas as readable text (no TeX commands, no formula left
    out) and no navigation; at 390 px the query text starts to the right of the magnifying glass."""
    context = measuring_browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{served}/search.html?q=anisotropy+field", wait_until="load")
        page.wait_for_function("document.querySelectorAll('#search-results li p.context').length >= 3",
                               timeout=30000)
        page.wait_for_timeout(1000)
        snippets = page.locator("#search-results li p.context").all_inner_texts()
        assert snippets
        for text in snippets:
            assert not re.search(r"\\[a-zA-Z]+|\\[()\[\]]|\$", text), f"TeX in a snippet: {text}"
            assert not re.search(r"\bis ,|\bis \.|=\s*,", text), f"a formula left out: {text}"
            assert not re.search(r"\d\.\d\.\d\. .* \d\.\d\.\d\. ", text), f"navigation in a snippet: {text}"
        assert page.evaluate(r"Search.sttTexToText('\\frac{\\hbar}{2e}\\,\\alpha_{G} \\leq \\mathbf{m}')") \
            == "ħ/2e α_G ≤ m"
        boxes = page.evaluate("""() => Array.from(document.querySelectorAll('form.bd-search'))
          .filter(f => f.getClientRects().length && f.getBoundingClientRect().width > 0).map(f => {
            const i = f.querySelector('input'), icon = f.querySelector('.fa-magnifying-glass');
            const s = getComputedStyle(i);
            return [icon.getBoundingClientRect().right,
                    i.getBoundingClientRect().left + parseFloat(s.borderLeftWidth)
                      + parseFloat(s.paddingLeft)];
          })""")
        assert boxes, "no visible search field"
        assert all(text_start >= icon_right + 2 for icon_right, text_start in boxes), boxes
        assert not errors, errors
    finally:
        context.close()


@pytest.mark.slow
def test_header_buttons_are_touch_targets(browser):
    """At 390 px every button of the header (menu, launch, repository, download, full screen,
    theme, search, contents) is at least 44 x 44 CSS px (the explorers' controls: test_phone.py)."""
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.route(re.compile(r"^(?!file:|data:)"), lambda r: r.abort())
    try:
        page.goto((HTML / "book/torque/llg.html").as_uri(), wait_until="load")
        sizes = page.evaluate("""() => Array.from(document.querySelectorAll(
              '.bd-header button, .bd-header a.btn, .bd-header-article button, .bd-header-article a.btn'))
          .filter(e => e.getClientRects().length && e.getBoundingClientRect().width > 0)
          .map(e => [e.getAttribute('title') || e.className, e.getBoundingClientRect().width,
                     e.getBoundingClientRect().height])""")
        assert len(sizes) >= 6, sizes
        small = [s for s in sizes if s[1] < 44 or s[2] < 44]
        assert not small, f"buttons smaller than 44 x 44 px: {small}"
    finally:
        context.close()


PHONE_SCREENS = 8  # the longest a section page may be on a phone (issue 18), in 390 x 844 screens
SPLIT_CHAPTERS = ("book/nanomagnet/",)  # chapters whose every page keeps to it (4.1-4.2 split in two)


@pytest.mark.slow
def test_split_chapters_pages_fit_in_a_few_phone_screens(browser):
    """Every page of the chapters in SPLIT_CHAPTERS is at most PHONE_SCREENS screens tall at
    390 x 844 CSS px with its figures loaded (tools/phone_table.py reports every page)."""
    docs = [d for d in DOCS if d.startswith(SPLIT_CHAPTERS)]
    assert len(docs) >= 8, docs
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True, device_scale_factor=3)
    page = context.new_page()
    page.route(re.compile(r"^(?!file:|data:)"), lambda r: r.abort())
    try:
        screens = {}
        for doc in docs:
            page.goto((HTML / f"{doc}.html").as_uri(), wait_until="load")
            page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
            page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30000)
            screens[doc] = page.evaluate("document.documentElement.scrollHeight") / PHONE["height"]
        long = {d: round(s, 1) for d, s in screens.items() if s > PHONE_SCREENS}
        assert not long, f"pages longer than {PHONE_SCREENS} phone screens: {long}"
    finally:
        context.close()


# what a finger taps in the text: sphinx-copybutton's copy buttons (seen once their code is
# unfolded), the "show code" toggles of hidden cells, the solutions' toggle buttons
_TEXT_TARGETS = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const seen = e => e.getClientRects().length && e.getBoundingClientRect().width > 0;
  const box = (kind, e) => [kind, e.getBoundingClientRect().width, e.getBoundingClientRect().height];
  return [
    ...Array.from(document.querySelectorAll('button.copybtn')).filter(seen).map(e => box('copy', e)),
    ...Array.from(document.querySelectorAll('details.hide > summary')).filter(seen)
      .map(e => box('show code', e)),
    ...Array.from(document.querySelectorAll('button.toggle-button')).filter(seen)
      .map(e => box('solution', e))];
}"""


@pytest.mark.slow
def test_copy_buttons_and_code_toggles_are_touch_targets(browser):
    """At 390 px on a touch screen the copy button of every code cell is at least 44 x 44 CSS px
    and shown without hover (a touch screen has none); "show code" toggles and solution toggles
    are at least 44 px tall."""
    doc = "book/nanomagnet/nmd_equation"  # hidden figure code and a solution with code
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.route(re.compile(r"^(?!file:|data:)"), lambda r: r.abort())
    try:
        page.goto((HTML / f"{doc}.html").as_uri(), wait_until="load")
        page.wait_for_function("document.querySelectorAll('button.copybtn').length > 0", timeout=20000)
        boxes = page.evaluate(_TEXT_TARGETS)
        kinds = {kind for kind, _, _ in boxes}
        assert {"copy", "show code", "solution"} <= kinds, boxes
        small = [b for b in boxes if b[2] < 44 or (b[0] == "copy" and b[1] < 44)]
        assert not small, f"{doc}: touch targets smaller than 44 px: {small}"
        opacity = page.evaluate("Math.min(...Array.from(document.querySelectorAll('button.copybtn'))"
                                ".map(b => +getComputedStyle(b).opacity))")
        assert opacity >= 0.5, f"{doc}: copy buttons invisible until hovered (opacity {opacity})"
    finally:
        context.close()


@pytest.mark.slow
def test_scripts_still_fold_solutions_and_add_copy_buttons(browser):
    """The theme's scripts run as before their bundling: solutions start folded (togglebutton.js
    reads its settings, which follow it on the page), code cells get their copy button."""
    docs = [d for d in NOTEBOOK_DOCS if soup(d).select(".solution")]
    assert docs
    page, errors, _ = open_page(browser, docs[0], viewport=PHONE)
    try:
        counts = page.evaluate("[document.querySelectorAll('.solution').length,"
                               " document.querySelectorAll('.solution.toggle-hidden').length,"
                               " document.querySelectorAll('div.highlight').length,"
                               " document.querySelectorAll('button.copybtn').length]")
        assert counts[0] and counts[1] == counts[0], f"{docs[0]}: solutions not folded: {counts}"
        assert counts[3] == counts[2] > 0, f"{docs[0]}: copy buttons: {counts}"
        assert not errors, errors
    finally:
        close(page)
