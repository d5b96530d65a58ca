"""Font Awesome cut to the icons a site draws (book/_ext/stt_icons.py), on a small made-up site.

The expected glyphs come from Font Awesome's own stylesheet and fonts as the theme ships them
(class -> code point from its rules, glyph outlines from its TrueType files), not from the
extension: a subset that loses an icon, keeps the full fonts or breaks a rule fails here.
"""

from __future__ import annotations

import re
import shutil
import sys
import time

import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))

import stt_icons  # noqa: E402

fontTools = pytest.importorskip("fontTools")
from fontTools.ttLib import TTFont  # noqa: E402

SOURCE = stt_icons._theme_fontawesome()
pytestmark = pytest.mark.skipif(SOURCE is None, reason="pydata-sphinx-theme's Font Awesome not found")


def code_point(css: str, name: str) -> int:
    """The code point Font Awesome's stylesheet gives the icon class ``name`` (read directly)."""
    m = re.search(r"(?:^|[,}])\." + re.escape(name) + r':before[^{]*\{content:"\\([0-9a-f]+)"\}', css)
    assert m, name
    return int(m.group(1), 16)


def embedded_fonts(css: str) -> dict[str, TTFont]:
    """The fonts inside the stylesheet's @font-face rules, by Font Awesome 6 style."""
    import base64
    import io

    fonts = {}
    for face in re.findall(r"@font-face\{([^}]*)\}", css):
        family = re.search(r"font-family:([^;]+)", face).group(1)
        weight = re.search(r"font-weight:(\d+)", face)
        data = re.search(r"url\(data:font/woff2?;base64,([A-Za-z0-9+/=]+)\)", face)
        if "6 Free" in family and data:
            fonts["fa-solid-900" if weight.group(1) == "900" else "fa-regular-400"] = \
                TTFont(io.BytesIO(base64.b64decode(data.group(1))))
        elif "6 Brands" in family and data:
            fonts["fa-brands-400"] = TTFont(io.BytesIO(base64.b64decode(data.group(1))))
    return fonts


def glyph_outline(font: TTFont, point: int):
    glyph_set = font.getGlyphSet()
    name = font.getBestCmap()[point]
    from fontTools.pens.recordingPen import RecordingPen

    pen = RecordingPen()
    glyph_set[name].draw(pen)
    return pen.value


@pytest.fixture
def site(tmp_path):
    """A built site in miniature: the theme's Font Awesome, one page with three icons, and a
    stylesheet that draws one more icon as a literal character and one as a CSS escape."""
    fa = tmp_path / "_static" / "vendor" / "fontawesome" / SOURCE.name
    shutil.copytree(SOURCE, fa)
    (tmp_path / "index.html").write_text(
        '<link rel="stylesheet" href="_static/vendor/fontawesome/x/css/all.min.css">'
        '<button><i class="fa-solid fa-bars"></i></button><a class="fab fa-github"></a>'
        '<span class="fa-regular fa-moon fa-lg"></span><p>the fa-book is text, not an icon</p>')
    (tmp_path / "_static" / "theme.css").write_text(
        '.note:before{content:"\uf05a";font-family:"Font Awesome 6 Free"}'  # circle-info
        '.toc:after{content:"\\f107"}')  # angle-down
    (tmp_path / "_static" / "theme.js").write_text('el.className = "fa-solid fa-magnifying-glass";')
    return tmp_path, fa


def test_subset_keeps_exactly_the_glyphs_drawn(site):
    root, fa = site
    css = (SOURCE / "css" / "all.min.css").read_text()
    report = stt_icons.subset_site(root)
    wanted = {code_point(css, n) for n in ("fa-bars", "fa-github", "fa-moon", "fa-magnifying-glass")}
    wanted |= {0xF05A, 0xF107}
    assert set(report["code_points"]) == wanted
    assert "fa-book" not in report["icons"]  # a word in the text is not an icon
    assert not list((fa / "webfonts").iterdir()), "fonts left on the site"
    css_out = (fa / "css" / "all.min.css").read_text()
    served = embedded_fonts(css_out)
    assert set(served) == {"fa-solid-900", "fa-regular-400", "fa-brands-400"}
    # each glyph as the theme's full font draws it, in the font of its style
    for style, names in {"fa-solid-900": ("fa-bars", "fa-magnifying-glass", "fa-moon"),
                         "fa-brands-400": ("fa-github",), "fa-regular-400": ("fa-moon",)}.items():
        full = TTFont(SOURCE / "webfonts" / f"{style}.ttf")
        for name in names:
            point = code_point(css, name)
            assert glyph_outline(served[style], point) == glyph_outline(full, point), (style, name)
    assert glyph_outline(served["fa-solid-900"], 0xF05A) == glyph_outline(
        TTFont(SOURCE / "webfonts" / "fa-solid-900.ttf"), 0xF05A)
    # brands has no solid icon: only what it has
    assert set(served["fa-brands-400"].getBestCmap()) == {code_point(css, "fa-github")}
    assert sum(report["fonts"].values()) < 20_000


def test_stylesheet_keeps_the_used_rules_and_points_at_the_subset(site):
    root, fa = site
    stt_icons.subset_site(root)
    css = (fa / "css" / "all.min.css").read_text()
    assert css.startswith(stt_icons.MARK)
    assert code_point(css, "fa-bars") == 0xF0C9 and code_point(css, "fa-github")
    assert ".fa-book:before" not in css and ".fa-house:before" not in css
    assert ".fa-solid,.fas{font-weight:900}" in css or "font-weight:900" in css  # base rules kept
    # each face that draws a used glyph carries its font; the others name a file never requested
    assert len(re.findall(r"url\(data:font/woff2?;base64,", css)) >= 3
    assert all(".subset." in s for s in re.findall(r"url\(\.\./webfonts/([^)]+)\)", css))
    assert len(css) < 50_000


def test_running_twice_gives_the_same_site(site):
    """Sphinx copies the theme's files again on every build: the pass must be repeatable."""
    root, fa = site
    stt_icons.subset_site(root)
    css = (fa / "css" / "all.min.css").read_text()
    time.sleep(1.1)  # a font written a second later must not differ (its timestamp)
    shutil.copy(SOURCE / "css" / "all.min.css", fa / "css" / "all.min.css")  # as Sphinx re-copies
    shutil.copy(SOURCE / "webfonts" / "fa-solid-900.woff2", fa / "webfonts")
    stt_icons.subset_site(root)
    assert not list((fa / "webfonts").iterdir())
    assert (fa / "css" / "all.min.css").read_text() == css
