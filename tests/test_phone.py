"""Maths typeset at build time and the site read on a 390 px phone (a Lighthouse-style check).

Three layers:

* the build-time typesetting itself (book/_ext/stt_mathssr.py, node + MathJax), checked against
  TeX's own definitions (``\\quad`` is 1 em, a macro gives what its expansion gives), and its
  failure modes (no node, no MathJax, a TeX error);
* the built HTML (after ``make book``): no TeX left for a browser to typeset, no MathJax script,
  the stylesheet's fonts present, equation links pointing at typeset equations;
* headless Chromium at 390 x 844 (skipped without Chromium): cumulative layout shift 0 while the
  page loads, a deep link lands on its heading or equation, no inline formula clipped, no display
  equation cut without a fade showing it scrolls, the smallest figure text as displayed (>= 9 CSS px).

``python tests/test_phone.py [HTML_DIR]`` prints the per-page table (first-load bytes, load time
on emulated 4G, layout shift, anchor drift, smallest figure text) for a built site, before or after.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import re
import shutil
import struct
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))

import stt_mathssr  # noqa: E402
import stt_phone  # noqa: E402

from spinlib import style  # noqa: E402

HTML = Path(os.environ.get("BOOK_HTML", ROOT / "_build" / "html"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PHONE = {"width": 390, "height": 844}
ANCHOR_TOLERANCE_PX = 4
FOUR_G = {"offline": False, "downloadThroughput": 4e6 / 8, "uploadThroughput": 3e6 / 8, "latency": 20}
MACROS = {"macros": {"vect": ["\\mathbf{#1}", 1], "hm": "\\hat{\\mathbf{m}}"}}
SMALL_FONT_PT = style.SMALL_FONT  # the smallest text any figure may use (pt)

needs_node = pytest.mark.skipif(stt_mathssr.node_modules() is None or not shutil.which("node"),
                                reason="node or mathjax-full missing: run `make env`")


def _typeset(*formulas):
    node, modules = stt_mathssr.check_toolchain()
    return stt_mathssr.typeset(list(formulas), tex_options=MACROS, node=node, modules=modules)


# -- the typesetting step ----------------------------------------------------------------

@needs_node
def test_typeset_sizes_follow_tex_definitions():
    """TeX defines \\quad as 1 em and \\qquad as 2 em of space: MathJax's sizes must say so."""
    _, sizes, _, _, errors = _typeset(("\\quad", False), ("\\qquad", False), ("\\quad\\quad\\quad", True))
    assert not errors
    assert [round(s[0], 6) for s in sizes] == [1.0, 2.0, 3.0]


@needs_node
def test_book_macros_expand_like_their_definition():
    r"""``\vect{m}`` and ``\hm`` (the book's macros, from mathjax3_config) give exactly the markup
    of what they stand for; a fraction is a fraction, display maths is display."""
    html, _, glyphs, _, errors = _typeset(("\\vect{m}", False), ("\\mathbf{m}", False),
                                          ("\\hm", False), ("\\hat{\\mathbf{m}}", False),
                                          ("\\frac{a}{b}", True))
    assert not errors
    assert html[0] == html[1] and html[2] == html[3]
    assert 'data-mml-node="mfrac"' in html[4] and 'display="true"' in html[4]
    assert 'display="true"' not in html[0]
    # bold m is drawn from the glyph U+1D426 (MATHEMATICAL BOLD SMALL M), whose outline is given
    assert "#MJX-TEX-B-1D426" in html[0] and glyphs["MJX-TEX-B-1D426"].startswith("M")


@needs_node
def test_tex_error_is_reported_and_fails_the_build(tmp_path):
    page = tmp_path / "p.html"
    page.write_text('<p><span class="math notranslate nohighlight">\\(\\frac{a}{\\)</span></p>'
                    '<p><span class="math notranslate nohighlight">\\(x &lt; y\\)</span></p>')
    warnings = []
    count = stt_mathssr.typeset_site(tmp_path, tex_options=MACROS, warn=warnings.append)
    assert count == 2
    assert len(warnings) == 1 and "\\frac{a}{" in warnings[0] and "p.html" in warnings[0]
    text = page.read_text()
    assert "\\(" not in text and 'data-mml-node="merror"' in text
    # HTML-escaped TeX is unescaped before typesetting: `x < y` has a less-than operator
    assert 'href="#MJX-TEX-N-3C"' in text  # U+003C LESS-THAN SIGN


@needs_node
def test_site_pass_keeps_numbers_ids_and_marks_wide_inline_formulas(tmp_path):
    long_sum = " + ".join(f"a_{{{i}}} b_{{{i}}}" for i in range(12))
    (tmp_path / "a.html").write_text(
        '<html><head></head><body>'
        '<div class="math notranslate nohighlight" id="equation-x">\n<span class="eqno">(1)'
        '<a class="headerlink" href="#equation-x">#</a></span>\\[E = m c^2\\]</div>'
        # glued maths (myst-nb) carries one more class
        '<div class="pasted-math math notranslate nohighlight" id="equation-y">\n'
        '<span class="eqno">(2)<a class="headerlink" href="#equation-y">#</a></span>'
        '\\[\\begin{split}a &amp;= b\\\\ c &amp;= d\\end{split}\\]</div>'
        f'<p><span class="math notranslate nohighlight">\\({long_sum}\\)</span> and '
        '<span class="math notranslate nohighlight">\\(x\\)</span></p></body></html>')
    stt_mathssr.typeset_site(tmp_path, tex_options=MACROS)
    text = (tmp_path / "a.html").read_text()
    assert 'id="equation-x"' in text and '<span class="eqno">(1)' in text
    assert 'id="equation-y"' in text and '<span class="eqno">(2)' in text
    assert text.count("<mjx-container") == 4 and text.count('display="true"') >= 2
    assert "\\[" not in text and "\\(" not in text and 'data-mml-node="mtable"' in text  # split
    wide = re.findall(r'<span class="math notranslate nohighlight stt-wide" style="vertical-align: '
                      r'-([\d.]+)em">', text)
    assert len(wide) == 1 and float(wide[0]) > 0.15  # the subscripts hang below the baseline
    # the page carries the outline of every glyph it draws, once, and MathJax's stylesheet
    used = set(re.findall(r'<use href="#(MJX-[^"]+)"', text))
    defined = re.findall(r'<path id="(MJX-[^"]+)" d="M', text)
    assert used and set(defined) == used and len(defined) == len(used)
    assert text.count('<style id="stt-math-css">') == 1
    # the TeX is each formula's accessible name
    assert 'aria-label="E = m c^2"' in text
    # a page written by a later, incremental build is typeset on its own; the first is kept
    (tmp_path / "b.html").write_text(
        '<html><head></head><body><span class="math notranslate nohighlight">'
        '\\(\\aleph\\)</span></body></html>')
    assert stt_mathssr.typeset_site(tmp_path, tex_options=MACROS) == 1
    assert (tmp_path / "a.html").read_text() == text
    assert '<path id="MJX-TEX-N-2135"' in (tmp_path / "b.html").read_text()  # aleph, U+2135


@needs_node
def test_book_macros_come_from_the_sphinx_configuration():
    """The macros of _config.yml (mathjax3_config, as the book's pages use them) reach MathJax:
    a formula using them typesets without error; browser-only options are left out."""
    from types import SimpleNamespace

    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text())["sphinx"]["config"]["mathjax3_config"]
    config = {**config, "tex": {**config["tex"], "inlineMath": [["\\(", "\\)"]]}}
    options = stt_mathssr._tex_options(SimpleNamespace(config=SimpleNamespace(mathjax3_config=config)))
    assert "inlineMath" not in options and set(options["macros"]) >= {"vect", "hm"}
    node, modules = stt_mathssr.check_toolchain()
    _, _, _, _, errors = stt_mathssr.typeset([("\\vect{m}\\cdot\\hm", False)], tex_options=options,
                                             node=node, modules=modules)
    assert not errors


def test_missing_node_stops_the_build_with_what_to_install(monkeypatch):
    monkeypatch.setattr(stt_mathssr.shutil, "which", lambda name: None)
    with pytest.raises(stt_mathssr.MathTypesettingError, match="nodejs"):
        stt_mathssr.check_toolchain()


def test_missing_mathjax_stops_the_build_with_what_to_run(monkeypatch, tmp_path):
    monkeypatch.setattr(stt_mathssr.shutil, "which", lambda name: "/usr/bin/node")
    monkeypatch.setattr(stt_mathssr, "node_modules", lambda start=None: None)
    with pytest.raises(stt_mathssr.MathTypesettingError, match="make env"):
        stt_mathssr.check_toolchain()


def _png(path: Path, width: int, height: int):
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\0" + b"\xff" * (3 * width) for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
                     + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_images_get_their_file_size_so_the_browser_reserves_their_box(tmp_path):
    from PIL import Image

    (tmp_path / "_images").mkdir()
    _png(tmp_path / "_images/f.png", 123, 45)
    assert Image.open(tmp_path / "_images/f.png").size == (123, 45)  # a valid PNG
    Image.new("RGB", (31, 17)).save(tmp_path / "_images/g.jpg")
    (tmp_path / "book").mkdir()
    page = tmp_path / "book/p.html"
    text = ('<img alt="a" src="../_images/f.png"><img src="../_images/g.jpg" loading="lazy">'
            '<img width="9" src="../_images/f.png"><img src="data:image/png;base64,AAAA">'
            '<img src="../_images/missing.png">')
    out = stt_phone.size_images(text, page)
    assert '<img width="123" height="45" alt="a"' in out
    assert '<img width="31" height="17" src="../_images/g.jpg"' in out
    assert '<img width="9" src="../_images/f.png">' in out
    assert '<img src="data:image/png;base64,AAAA">' in out and '<img src="../_images/missing.png">' in out


def test_wide_figure_is_served_to_phones_as_its_phone_rendition(tmp_path, monkeypatch):
    """The site build's display hook puts the phone rendition in the PNG; the extension moves it
    to its own file, strips the chunk, and offers it to narrow screens with its own size."""
    from PIL import Image

    from spinlib import widgets

    fig, ax = widgets.new_figure(1, 2, figsize=(7.0, 3.0))
    ax[0].plot([0, 1], [0, 1])
    monkeypatch.delenv(widgets.STATIC_ENV, raising=False)
    assert stt_phone.PHONE_CHUNK not in widgets._png_for_display(fig)  # notebooks, Colab, glue
    monkeypatch.setenv(widgets.STATIC_ENV, "1")
    data = widgets._png_for_display(fig)
    assert stt_phone.PHONE_CHUNK == widgets.PHONE_CHUNK and widgets.PHONE_CHUNK in data
    (tmp_path / "_images").mkdir()
    (tmp_path / "book").mkdir()
    (tmp_path / "_images/f.png").write_bytes(data)
    (tmp_path / "_images/g.png").write_bytes(data)  # shown by no page: stripped all the same
    page = tmp_path / "book/p.html"
    out = stt_phone.size_images('<div class="cell_output"><img alt="a" src="../_images/f.png"></div>', page)
    desktop = Image.open(tmp_path / "_images/f.png")
    phone = Image.open(tmp_path / "_images/f-phone.png")
    assert desktop.size == (770, 330) and phone.size[0] == round(style.PHONE_WIDTH_IN * style.PHONE_DPI)
    assert (f'<picture class="stt-picture"><source media="{stt_phone.PHONE_MEDIA}" '
            f'srcset="../_images/f-phone.png" width="{phone.size[0]}" height="{phone.size[1]}">'
            '<img width="770" height="330" alt="a" src="../_images/f.png"></picture>') in out
    assert stt_phone.PHONE_CHUNK not in (tmp_path / "_images/f.png").read_bytes()
    desktop.load()  # still a valid PNG, its alt text kept
    assert "Description" in desktop.info
    assert png_dpi(tmp_path / "_images/f-phone.png") == pytest.approx(style.PHONE_DPI, rel=1e-3)
    # a second build (the chunk already gone) finds the rendition; a page is never wrapped twice
    assert stt_phone.size_images(out, page) == out
    again = stt_phone.size_images('<img alt="a" src="../_images/f.png">', page)
    assert "f-phone.png" in again
    assert stt_phone.strip_phone_chunks(tmp_path) == 1
    assert stt_phone.PHONE_CHUNK not in (tmp_path / "_images/g.png").read_bytes()


def test_explorer_serves_phone_frames_to_phones_only(tmp_path):
    """A wide explorer's static view offers its phone frames through a <source> (their own size,
    so no layout shift), in a list of their own beside the column frames, and the site pass moves
    every frame of both lists to files."""
    import base64
    import json

    import stt_site
    from bs4 import BeautifulSoup
    from PIL import Image

    from spinlib import widgets

    def setup():
        fig, ax = widgets.new_figure(1, 2, figsize=(7.0, 3.0))
        (line,) = ax[0].plot([0, 1], [0, 1], animated=True)
        return fig, lambda data, a: line.set_ydata([0, a])

    ex = widgets.Explorer([widgets.Slider("a", 0, 1, 0.5, 0.5, static=(0, 1))], lambda a: a, setup)
    twin = ex.phone_twin()
    assert twin is not None and twin.figure().get_figwidth() == style.PHONE_WIDTH_IN
    view = ex.static_view()
    page = BeautifulSoup(view.html, "html.parser")
    frames = json.loads(page.select_one("script.sx-frames").string)
    phones = json.loads(page.select_one("script.sx-frames-phone").string)
    source, img = page.select_one("picture source.sx-frame"), page.select_one("picture img.sx-frame")
    assert len(frames) == len(phones) == 3 and source["media"] == widgets.PHONE_MEDIA
    assert img["src"] == frames[1] and source["srcset"] == phones[1]  # the default a = 0.5
    phone = base64.b64decode(phones[1].split(",")[1])
    assert phone == twin.static_frames()[1]  # a fresh render of the twin
    assert Image.open(io.BytesIO(phone)).size == (int(source["width"]), int(source["height"]))
    assert int(source["width"]) == round(style.PHONE_WIDTH_IN * widgets.PHONE_FRAME_DPI)
    out = stt_site.externalize_frames(view.html, tmp_path, lambda name, _: "../" + name)
    assert "data:" not in out and out.count("_images/sx/") == 3 + 3 + 2
    assert 'srcset="../_images/sx/' in out and 'class="sx-frame" alt' in out
    # an explorer narrow enough (4 in at 100 dpi: 8 pt shows at 11.1 px, natural size) needs none
    def narrow_setup():
        fig = widgets.new_figure(figsize=(4.0, 3.0))[0]
        fig.set_dpi(100)
        return fig, lambda data, a: None

    narrow = widgets.Explorer(ex.controls, ex.compute, narrow_setup)
    assert narrow.phone_twin() is None and "<source" not in narrow.static_view().html


# -- the built site ---------------------------------------------------------------------------

built = pytest.mark.skipif(not (HTML / "index.html").exists(), reason="book not built: run `make book`")


def _docs() -> list[str]:
    from tools.book import toc_files

    return toc_files()


def _pages():
    return [HTML / f"{d}.html" for d in _docs()]


@built
def test_no_page_leaves_maths_to_the_browser():
    """Every formula arrives typeset; no page loads MathJax; each page holds what its maths draws."""
    from bs4 import BeautifulSoup

    typeset = 0
    for page in _pages():
        text = page.read_text()
        soup = BeautifulSoup(text, "html.parser")
        raw = [m.get_text()[:40] for m in soup.select("span.math, div.math")
               if not m.select_one("mjx-container")]
        assert not raw, f"{page}: TeX left for the browser: {raw[:3]}"
        assert not re.search(r"<script[^>]*mathjax|window\.MathJax", text, re.I), page
        typeset += text.count("<mjx-container")
        if "<mjx-container" in text:  # the glyphs it draws and MathJax's stylesheet are on the page
            used = set(re.findall(r'<use href="#(MJX-[^"]+)"', text))
            assert used <= set(re.findall(r'<path id="(MJX-[^"]+)"', text)), page
            assert '<style id="stt-math-css">' in text, page
    assert typeset > 100


@built
def test_equation_links_point_at_typeset_numbered_equations():
    from bs4 import BeautifulSoup

    links = 0
    for page in _pages():
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for a in soup.select('a[href*="#equation-"]'):
            href = a["href"]
            target_file, _, anchor = href.partition("#")
            target = (page.parent / target_file).resolve() if target_file else page
            box = BeautifulSoup(target.read_text(), "html.parser").find(id=anchor)
            assert box is not None, f"{page.name}: {href} has no target"
            assert box.select_one("mjx-container") and box.select_one("span.eqno"), href
            links += 1
    assert links > 0


# -- a phone, in headless Chromium ------------------------------------------------------------

_CLS_OBSERVER = """
window.__cls = 0; window.__shifts = [];
new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) {
  window.__cls += e.value; window.__shifts.push(e.value); } } })
  .observe({type: 'layout-shift', buffered: true});
"""

_SETTLE = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;
  await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
}"""

_ANCHOR_DRIFT = """id => {
  const el = document.getElementById(id);
  if (!el) return null;
  const landed = el.getBoundingClientRect().top;
  el.scrollIntoView();  // where the browser puts the target now that the layout is final
  return Math.abs(el.getBoundingClientRect().top - landed);
}"""

# an inline formula is clipped when it reaches past a box that hides overflow (or past the
# screen) before any box that scrolls sideways (a wide table scrolls, with its own cue)
_CLIPPED_INLINE = """() => Array.from(document.querySelectorAll('.bd-content span.math')).filter(s => {
  const c = s.querySelector('mjx-container'); if (!c) return false;
  const right = c.getBoundingClientRect().right;
  for (let e = s; e && e !== document.documentElement; e = e.parentElement) {
    const ox = getComputedStyle(e).overflowX;
    if (ox === 'auto' || ox === 'scroll') return false;
    if ((ox === 'hidden' || ox === 'clip') && right > e.getBoundingClientRect().right + 1) return true;
  }
  return right > window.innerWidth + 1;
}).map(s => (s.querySelector('svg') || s).getAttribute('aria-label') || s.textContent.slice(0, 40))"""

_CUT_DISPLAY = """sel => Array.from(document.querySelectorAll(sel)).filter(c => {
  if (c.scrollWidth <= c.clientWidth + 1) return false;
  const st = getComputedStyle(c);
  const scrolls = ['auto', 'scroll'].includes(st.overflowX);
  const mask = st.maskImage || st.webkitMaskImage || 'none';
  return !(scrolls && mask !== 'none');
}).map(c => (c.querySelector('svg') || c).getAttribute('aria-label') || c.textContent.slice(0, 40))"""

# smallest figure text as displayed: spinlib's smallest font (pt) at the PNG's resolution (its
# pHYs chunk, written by matplotlib), times the scale the page shows the image at
_FIGURE_SCALES = """() => Array.from(document.querySelectorAll(
    '.bd-content figure img, .bd-content .cell_output img, .bd-content img.sx-frame'))
  .filter(i => i.naturalWidth > 0 && i.getBoundingClientRect().width > 0)
  .map(i => [i.currentSrc || i.src, i.getBoundingClientRect().width / i.naturalWidth,
              i.classList.contains('sx-frame')])"""


def png_dpi(path: Path) -> float | None:
    """The resolution matplotlib wrote into a PNG (pHYs chunk), in dots per inch."""
    data = path.read_bytes()
    at = data.find(b"pHYs")
    if at < 0:
        return None
    x_per_m, _, unit = struct.unpack(">IIB", data[at + 4:at + 13])
    return x_per_m * 0.0254 if unit == 1 else None


def smallest_figure_text(page) -> float | None:
    from urllib.parse import unquote, urlparse

    # figures below the fold load lazily: load them all to know how wide each is shown
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
    page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30000)
    sizes = []
    for src, scale, frame in page.evaluate(_FIGURE_SCALES):
        url = urlparse(src)
        path = Path(unquote(url.path)) if url.scheme == "file" else HTML / unquote(url.path).lstrip("/")
        if path.suffix != ".png" or not path.exists():
            continue
        # the PNG's own resolution if it states one, else the one spinlib draws at
        dpi = png_dpi(path) or (style.DPI if frame else style.FIGURE_DPI)
        sizes.append(SMALL_FONT_PT * dpi / 72 * scale)
    return min(sizes) if sizes else None


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM:
        pytest.skip("chromium not installed (CI installs Debian's package)")
    if not (HTML / "index.html").exists():
        pytest.skip("book not built")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync"])
        yield b
        b.close()


def phone_context(browser):
    return browser.new_context(viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True)


def open_phone(browser, url: str):
    context = phone_context(browser)
    context.add_init_script(_CLS_OBSERVER)
    page = context.new_page()
    page.route(re.compile(r"^(?!file:|data:|http://127\.0\.0\.1)"), lambda r: r.abort())
    page.goto(url, wait_until="load", timeout=120_000)
    page.evaluate(_SETTLE)
    page.wait_for_timeout(400)
    return page


def anchor_ids(page) -> list[str]:
    """The deep links most likely to land wrong: the last two sections and the last equation."""
    return page.evaluate("""() => {
      const secs = Array.from(document.querySelectorAll('.bd-content section[id]')).map(s => s.id);
      const eqs = Array.from(document.querySelectorAll('.bd-content div.math[id]')).map(e => e.id);
      return [...secs.slice(1).slice(-2), ...eqs.slice(-1)];
    }""")


def _phone_docs():
    try:
        return _docs() if (HTML / "index.html").exists() else []
    except Exception:  # noqa: BLE001 - collection must not fail without a built book
        return []


@pytest.mark.slow
@pytest.mark.parametrize("doc", _phone_docs())
def test_phone_reading(browser, doc):
    """At 390 px: layout shift 0 while loading, deep links land on their target, no inline formula
    clipped, no display equation cut without a cue; the smallest figure text the page serves at 390 px (the
    phone renditions that its <picture> sources choose) is at least 9 CSS px."""
    url = (HTML / f"{doc}.html").as_uri()
    page = open_phone(browser, url)
    try:
        cls = page.evaluate("window.__cls")
        assert cls == 0, f"{doc}: cumulative layout shift {cls:.4f} ({page.evaluate('window.__shifts')[:5]})"
        clipped = page.evaluate(_CLIPPED_INLINE)
        assert not clipped, f"{doc}: {len(clipped)} inline formulas clipped at 390 px: {clipped[:3]}"
        cut = page.evaluate(_CUT_DISPLAY, 'mjx-container[display="true"]')
        assert not cut, f"{doc}: {len(cut)} display equations cut with no cue at 390 px: {cut[:3]}"
        cut = page.evaluate(_CUT_DISPLAY, ".bd-content table")
        assert not cut, f"{doc}: {len(cut)} tables scroll with no cue at 390 px: {cut[:3]}"
        # (a mobile browser widens its viewport to the content: compare with the screen itself)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{doc}: the page is {width} px wide on a {PHONE['width']} px phone"
        smallest = smallest_figure_text(page)  # (loads every figure)
        squashed = page.evaluate(
            "() => Array.from(document.querySelectorAll('.bd-content img')).filter(i => {"
            " const r = i.getBoundingClientRect();"
            " if (!i.naturalWidth || !r.width || !r.height) return false;"
            " return Math.abs(r.width / r.height / (i.naturalWidth / i.naturalHeight) - 1) > 0.02; })"
            ".map(i => i.src.slice(-30))")
        assert not squashed, f"{doc}: figures drawn out of their aspect ratio: {squashed[:3]}"
        print(f"{doc}: smallest figure text at 390 px ~ {smallest and round(smallest, 1)} CSS px")
        assert smallest is None or smallest >= style.PHONE_FLOOR_PX - 0.05, (
            f"{doc}: figure text {smallest:.1f} CSS px at 390 px (floor {style.PHONE_FLOOR_PX:.0f})")
        ids = anchor_ids(page)
    finally:
        page.context.close()
    for anchor in ids:
        page = open_phone(browser, f"{url}#{anchor}")
        try:
            drift = page.evaluate(_ANCHOR_DRIFT, anchor)
            assert drift is not None and drift <= ANCHOR_TOLERANCE_PX, \
                f"{doc}#{anchor}: landed {drift:.0f} px away from its target"
            assert page.evaluate("window.__cls") == 0, f"{doc}#{anchor}: layout shift after landing"
        finally:
            page.context.close()


@pytest.mark.slow
def test_tap_enlarges_a_figure_and_a_solution_title_opens_it(browser):
    docs = [d for d in _phone_docs() if 'class="solution' in (HTML / f"{d}.html").read_text()]
    if not docs:
        pytest.skip("no exercise with a solution")
    page = open_phone(browser, (HTML / f"{docs[0]}.html").as_uri())
    try:
        img = page.locator("img.stt-zoomable").first
        img.scroll_into_view_if_needed()
        img.click()
        assert page.locator("dialog.stt-zoom[open]").count() == 1
        page.locator("dialog.stt-zoom .stt-zoom-close").click()
        assert page.locator("dialog.stt-zoom[open]").count() == 0
        title = page.locator(".solution .admonition-title a, details.solution > summary a").first
        before = page.evaluate("location.hash")
        title.scroll_into_view_if_needed()
        title.click()
        page.wait_for_timeout(300)
        assert page.evaluate("location.hash") == before, "tapping the title followed its link"
        solution = page.locator(".solution").first
        opened = solution.evaluate(
            "s => s.tagName === 'DETAILS' ? s.open : "
            "!!s.querySelector('details[open]') || !s.classList.contains('toggle-hidden')")
        assert opened, "the solution did not open"
        # touch targets of the explorers
        for sel in (".spinlib-explorer input[type=range]", ".spinlib-explorer select"):
            for h in page.locator(sel).evaluate_all("els => els.map(e => e.getBoundingClientRect().height)"):
                assert h >= 44, f"{sel}: {h} px tall"
    finally:
        page.context.close()


_LINK_COLOURS = """sel => Array.from(document.querySelectorAll(sel)).map(a => {
  // the background a reader sees behind the link: the translucent layers composited on the page
  const layers = [];
  for (let e = a; e; e = e.parentElement) { layers.push(getComputedStyle(e).backgroundColor); }
  return [getComputedStyle(a).color, layers, a.textContent.slice(0, 30)];
})"""


def _rgba(css: str) -> tuple[float, float, float, float]:
    v = [float(x) for x in re.findall(r"[\d.]+", css)]
    return (v[0], v[1], v[2], v[3] if len(v) > 3 else 1.0)


def _luminance(rgb) -> float:
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (x / 255 for x in rgb)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def seen_contrast(fg: str, layers: list[str], page_bg=(255, 255, 255)) -> float:
    """WCAG contrast of a text colour on the background composited from ``layers`` (innermost
    first, as computed styles), over ``page_bg``."""
    rgb = page_bg
    for layer in reversed(layers):
        r, g, b, alpha = _rgba(layer)
        rgb = tuple(alpha * c + (1 - alpha) * d for c, d in zip((r, g, b), rgb, strict=True))
    a, b = sorted((_luminance(_rgba(fg)[:3]), _luminance(rgb)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def test_seen_contrast_matches_wcag_examples():
    # WCAG's extremes and a classic pair: black on white 21:1, grey #777 on white 4.48:1
    assert seen_contrast("rgb(0, 0, 0)", ["rgb(255, 255, 255)"]) == pytest.approx(21.0)
    assert seen_contrast("rgb(119, 119, 119)", ["rgba(0, 0, 0, 0)"]) == pytest.approx(4.48, abs=0.01)
    # a half-transparent black layer over white is mid grey (#808080 composited: 3.95:1 to black)
    assert seen_contrast("rgb(0, 0, 0)", ["rgba(0, 0, 0, 0.5)"]) == pytest.approx(
        seen_contrast("rgb(0, 0, 0)", ["rgb(127.5, 127.5, 127.5)"]))


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_links_in_admonition_titles_and_tables_reach_aa_contrast(browser, theme):
    checked = 0
    for doc in _phone_docs():
        text = (HTML / f"{doc}.html").read_text()
        if "admonition-title" not in text and "<table" not in text:
            continue
        context = phone_context(browser)
        context.add_init_script(f"localStorage.setItem('theme', '{theme}');"
                                f" localStorage.setItem('mode', '{theme}');")
        page = context.new_page()
        page.goto((HTML / f"{doc}.html").as_uri(), wait_until="load")
        try:
            page_bg = (0, 0, 0) if theme == "dark" else (255, 255, 255)
            for sel in (".admonition .admonition-title a", ".bd-content table a"):
                for fg, layers, label in page.evaluate(_LINK_COLOURS, sel):
                    ratio = seen_contrast(fg, layers, page_bg)
                    assert ratio >= 4.5, f"{doc} ({theme}): link {label!r} in {sel} at {ratio:.2f}:1"
                    checked += 1
        finally:
            context.close()
    assert checked > 0


# -- the per-page table (before/after) -----------------------------------------------------

class _Server(http.server.SimpleHTTPRequestHandler):
    """A static server that compresses text, as a web host does."""

    def log_message(self, *args):
        pass

    def do_GET(self):
        try:
            self._get()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the page was closed while an explorer prefetched its frames

    def _get(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        if not (path.is_file() and path.suffix in (".html", ".css", ".js", ".svg", ".json")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def measure(html_dir: Path) -> list[dict]:
    """Per page at 390 px on emulated 4G: first-load bytes (gzip text), time until loaded and
    typeset, layout shift, the drift of the worst deep link, smallest figure text."""
    global HTML
    HTML = html_dir
    from playwright.sync_api import sync_playwright

    handler = functools.partial(_Server, directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for doc in _docs():
            context = phone_context(browser)
            context.add_init_script(_CLS_OBSERVER)
            page = context.new_page()
            page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda r: r.abort())
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", FOUR_G)
            got = {}
            cdp.on("Network.loadingFinished",
                   lambda e, got=got: got.__setitem__(e["requestId"], e["encodedDataLength"]))
            t0 = time.perf_counter()
            page.goto(f"{base}/{doc}.html", wait_until="load", timeout=120_000)
            page.evaluate(_SETTLE)
            elapsed = time.perf_counter() - t0
            page.wait_for_timeout(500)
            row = {"page": doc, "kB": sum(got.values()) / 1e3, "load_s": elapsed,
                   "cls": page.evaluate("window.__cls"), "fig_px": smallest_figure_text(page)}
            ids = anchor_ids(page)
            context.close()
            drifts = []
            for anchor in ids:
                context = phone_context(browser)
                page = context.new_page()
                page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda r: r.abort())
                page.goto(f"{base}/{doc}.html#{anchor}", wait_until="load", timeout=120_000)
                page.evaluate(_SETTLE)
                page.wait_for_timeout(300)
                drifts.append(page.evaluate(_ANCHOR_DRIFT, anchor) or 0)
                context.close()
            row["anchor_px"] = max(drifts, default=0)
            rows.append(row)
            print(f"| {doc} | {row['kB']:.0f} | {row['load_s']:.2f} | {row['cls']:.3f} | "
                  f"{row['anchor_px']:.0f} | {row['fig_px'] and round(row['fig_px'], 1)} |", flush=True)
        browser.close()
    server.shutdown()
    return rows


if __name__ == "__main__":
    print("| page | first load kB (gzip) | 4G load s | CLS | worst anchor drift px "
          "| smallest figure text px |")
    print("| --- | --- | --- | --- | --- | --- |")
    measure(Path(sys.argv[1]) if len(sys.argv) > 1 else HTML)
