"""Font Awesome cut down to the icons the site draws (a build-time subset).

The theme (pydata-sphinx-theme) ships Font Awesome's stylesheet (103 kB, ~2000 icon rules) and
web fonts of every icon (solid 156 kB, brands 116 kB, regular 28 kB as WOFF2) for about a dozen
icons: the menu, search, theme, download and launch buttons, the repository's GitHub mark, the
admonition and external-link marks of the theme's stylesheets. When the HTML build finishes,
this extension

* collects the icons the site uses: every ``fa-<name>`` class in the pages and in the scripts
  of ``_static`` (the theme's templates and scripts), and every icon character
  (Unicode private use area, U+E000-U+F8FF) the other stylesheets draw (the theme's
  ``--pst-icon-*`` variables, the book theme's "on this page" chevron);
* subsets each font of ``webfonts/`` (from its TrueType file, with fontTools' subsetter) to
  those characters, written as WOFF2 when the ``brotli`` module is there, else as WOFF (zlib);
* rewrites ``css/all.min.css``: the icon rules of the icons used, every other rule kept, and
  each ``@font-face`` with its subset font inside (a ``data:`` URL, ~10 kB in all: the icons
  are drawn with the first paint, with no request after the stylesheet and no late swap of an
  invisible icon that would shift the header);
* removes the fonts from ``webfonts/``, so no page can download the full fonts.

``fonttools`` is a dependency of matplotlib, so nothing new is installed.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

MARK = "/* Font Awesome subset for this site (book/_ext/stt_icons.py) */\n"

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_CONTENT = re.compile(r'^content:"\\([0-9a-fA-F]+)"$')
_ICON_SELECTOR = re.compile(r"^\.(fa-[a-z0-9-]+):(?::)?(?:before|after)$")
_USED_CLASS = re.compile(r"\bfa-[a-z0-9][a-z0-9-]*")
_FACE_SRC = re.compile(r'url\(\.\./webfonts/([\w-]+)\.woff2\) format\("woff2"\)'
                       r'(?:,url\(\.\./webfonts/\1\.ttf\) format\("truetype"\))?')
_ESCAPE = re.compile(r"\\([0-9a-fA-F]{4,5})(?![0-9a-fA-F])")


def icon_rules(css: str) -> list[tuple[list[str], int, str]]:
    """The icon rules of Font Awesome's stylesheet: (class names, code point, the rule's text)."""
    rules = []
    for m in _RULE.finditer(css):
        selectors, body = m.group(1).strip(), m.group(2).strip()
        content = _CONTENT.match(body)
        if not content or selectors.startswith("@"):
            continue
        names = [_ICON_SELECTOR.match(s.strip()) for s in selectors.split(",")]
        if all(names):
            rules.append(([n.group(1) for n in names], int(content.group(1), 16), m.group(0)))
    return rules


def private_use_characters(css: str) -> set[int]:
    """Icon characters a stylesheet draws: literal private-use characters and CSS escapes of them."""
    found = {ord(c) for c in css if 0xE000 <= ord(c) <= 0xF8FF}
    found |= {int(e, 16) for e in _ESCAPE.findall(css) if 0xE000 <= int(e, 16) <= 0xF8FF}
    return found


def used_icons(outdir: Path, fa_dir: Path) -> tuple[set[str], set[int]]:
    """(class names used by pages and scripts, code points drawn by the other stylesheets)."""
    names: set[str] = set()
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="replace")
        if "fa-" in text:
            for attr in re.findall(r'class="([^"]*\bfa-[^"]*)"', text):
                names.update(_USED_CLASS.findall(attr))
    static = outdir / "_static"
    for script in static.rglob("*.js"):
        if fa_dir not in script.parents:
            names.update(_USED_CLASS.findall(script.read_text(encoding="utf-8", errors="replace")))
    points: set[int] = set()
    for sheet in static.rglob("*.css"):
        if fa_dir not in sheet.parents:
            points |= private_use_characters(sheet.read_text(encoding="utf-8", errors="replace"))
    return names, points


def subset_font(ttf: Path, points: set[int], out: Path) -> bool:
    """Write the glyphs of ``points`` that ``ttf`` has to ``out`` (.woff2 or .woff); False if none."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(ttf, recalcTimestamp=False)  # the same bytes on every build
    have = set(font.getBestCmap())
    wanted = points & have
    if not wanted:
        return False
    options = subset.Options()
    options.flavor = out.suffix.lstrip(".")
    options.layout_features = []
    options.name_IDs = [0, 1, 2]  # copyright and family names: the OFL asks to keep the notice
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(wanted))
    subsetter.subset(font)
    subset.save_font(font, str(out), options)
    return True


def _flavor() -> str:
    try:
        import brotli  # noqa: F401  (fontTools writes WOFF2 with it)
    except ImportError:
        return "woff"
    return "woff2"


def _theme_fontawesome() -> Path | None:
    """Font Awesome as the installed theme ships it (the unmodified source of the subset)."""
    import pydata_sphinx_theme

    found = sorted((Path(pydata_sphinx_theme.__file__).parent / "theme").glob(
        "*/static/vendor/fontawesome/*/css/all.min.css"))
    return found[-1].parents[1] if found else None


def subset_site(outdir: Path, source: Path | None = None) -> dict:
    """Subset the Font Awesome of the built site ``outdir`` (see the module docstring)."""
    source = source or _theme_fontawesome()
    if source is None:
        return {}
    fa_dir = outdir / "_static" / "vendor" / "fontawesome" / source.name
    if not (fa_dir / "css" / "all.min.css").exists():
        return {}
    css = (source / "css" / "all.min.css").read_text(encoding="utf-8")
    names, points = used_icons(outdir, fa_dir)
    kept, dropped = set(), 0

    def keep_or_drop(m: re.Match) -> str:
        nonlocal dropped
        rule = icon_rules(m.group(0))
        if not rule:
            return m.group(0)  # not an icon rule: kept as it is
        classes, point, _ = rule[0]
        if names & set(classes):
            points.add(point)
            kept.update(names & set(classes))
            return m.group(0)
        dropped += 1
        return ""

    css = _RULE.sub(keep_or_drop, css)
    flavor = _flavor()
    fonts = {}
    webfonts = fa_dir / "webfonts"
    for ttf in sorted((source / "webfonts").glob("*.ttf")):
        out = webfonts / f"{ttf.stem}.subset.{flavor}"
        if subset_font(ttf, points, out):
            fonts[ttf.stem] = out

    sizes = {k: v.stat().st_size for k, v in fonts.items()}
    embedded = {k: base64.b64encode(v.read_bytes()).decode() for k, v in fonts.items()}

    def face(m: re.Match) -> str:
        # the font inside the stylesheet: the icons are drawn with the first paint (no request
        # after the stylesheet, no invisible icon that later takes its width and shifts the header)
        if m.group(1) in embedded:
            return f'url(data:font/{flavor};base64,{embedded[m.group(1)]}) format("{flavor}")'
        # a face none of whose glyphs the site uses: a source that is never requested
        return f'url(../webfonts/{m.group(1)}.subset.{flavor}) format("{flavor}")'

    css = _FACE_SRC.sub(face, css)
    (fa_dir / "css" / "all.min.css").write_text(MARK + css, encoding="utf-8")
    for font in webfonts.iterdir():  # the full fonts, and the subsets now inside the stylesheet
        font.unlink()
    return {"icons": sorted(kept), "code_points": sorted(points), "fonts": sizes,
            "dropped_rules": dropped}


def _subset(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    report = subset_site(Path(app.outdir))
    if report:
        from sphinx.util import logging

        sizes = ", ".join(f"{k} {v / 1e3:.1f} kB" for k, v in report["fonts"].items())
        logging.getLogger(__name__).info(
            f"Font Awesome: {len(report['code_points'])} icons kept ({sizes})")


def setup(app):
    # after the theme's static files are copied (build-finished, before later hooks read pages)
    app.connect("build-finished", _subset, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
