"""Maths typeset when the site is built (MathJax 3 run by node), not in the reader's browser.

Sphinx writes every formula as TeX for MathJax to typeset in the browser: ``\\(...\\)`` in a
``span.math`` and ``\\[...\\]`` in a ``div.math``. Typesetting on the page's main thread took
most of a phone's load time, and the page shrank by thousands of pixels after the browser had
already scrolled to an anchor, so deep links landed far from their heading. This extension:

* checks at the start of an HTML build that node and the ``mathjax-full`` package (the repository's
  package.json, installed by ``make env`` with ``npm ci``) are there, and stops the build with a
  message saying what to install if not;
* after the build, collects the formulas of every page written in this build, converts them all in
  one node process (``stt_mathssr.js``: MathJax's TeX input with the book's macros from
  ``mathjax3_config``, SVG output) and puts the markup in place of the TeX; a TeX error is a
  Sphinx warning (the build runs with ``-W``, so it fails);
* gives each page the glyph outlines its formulas draw (one hidden SVG after ``<body>``, MathJax's
  "global font cache") and MathJax's small stylesheet in its head: a page needs no other file;
* drops MathJax's script and configuration from every page: no typesetting runs in the browser.

SVG rather than CHTML: CHTML draws glyphs with web fonts, and the baseline of each glyph box moves
when the font arrives (a few px per line of maths: a layout shift after an anchor jump). SVG needs
no font; sizes are in ``ex`` of the surrounding (system) font, so the first paint is final.
Inline formulas too wide for a phone's column are marked ``stt-wide`` (see ``WIDE_INLINE_EM``).
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

HERE = Path(__file__).parent
SCRIPT = HERE / "stt_mathssr.js"
PACKAGE = "mathjax-full"

# what sphinx.ext.mathjax writes (inline: \(..\) in a span; display: \[..\] in a div, after an
# optional equation number); the TeX is HTML-escaped
# (glued maths has another class before: "pasted-math math notranslate nohighlight")
_INLINE = re.compile(r'(<span class="(?:[\w-]+ )*math notranslate nohighlight">)\\\((.*?)\\\)(</span>)',
                     re.S)
_DISPLAY = re.compile(
    r'(<div class="(?:[\w-]+ )*math notranslate nohighlight"[^>]*>\s*(?:<span class="eqno">.*?</span>)?)'
    r'\s*\\\[(.*?)\\\]\s*(</div>)', re.S)
_MATHJAX_SCRIPT = re.compile(r"mathjax", re.I)


class MathTypesettingError(ExtensionError):
    """node or MathJax is missing or failed: the site cannot ship typeset maths."""


def node_modules(start: Path = HERE) -> Path | None:
    """The ``node_modules`` folder holding mathjax-full: ``$STT_NODE_MODULES``, else the nearest
    one above ``start`` or above the working directory (editions build from a copy of the tree)."""
    env = os.environ.get("STT_NODE_MODULES")
    candidates = [Path(env)] if env else []
    for base in (start.resolve(), Path.cwd().resolve()):
        candidates += [p / "node_modules" for p in (base, *base.parents)]
    for folder in candidates:
        if (folder / PACKAGE / "package.json").exists():
            return folder
    return None


def check_toolchain() -> tuple[str, Path]:
    """Return (node executable, node_modules folder), or raise :class:`MathTypesettingError`
    saying what is missing and how to install it."""
    node = shutil.which("node")
    if node is None:
        raise MathTypesettingError(
            "maths is typeset at build time by node, which is not on PATH: install Debian's "
            "nodejs and npm packages (apt-get install nodejs npm), then run `make env`")
    modules = node_modules()
    if modules is None:
        raise MathTypesettingError(
            f"maths is typeset at build time by the npm package {PACKAGE}, not found in any "
            "node_modules folder above the book: run `make env` (it runs `npm ci` with the "
            "repository's package-lock.json) or set STT_NODE_MODULES")
    return node, modules


def typeset(formulas: list[tuple[str, bool]], *, tex_options: dict, node: str, modules: Path
            ) -> tuple[list[str], list[list[float]], dict[str, str], str, list[dict]]:
    """Convert ``(tex, display)`` pairs to MathJax SVG markup with one node process.

    Returns the markup of each formula, its size ``[width, height, depth]`` in em, the path of
    every glyph they draw (by id), MathJax's stylesheet for SVG output, and the TeX errors
    (``{"index", "message"}``). Raises :class:`MathTypesettingError` if node fails.
    """
    job = {"formulas": [{"tex": t, "display": d} for t, d in formulas], "tex": tex_options}
    env = dict(os.environ, NODE_PATH=str(modules))
    done = subprocess.run([node, str(SCRIPT)], input=json.dumps(job), capture_output=True,
                          text=True, env=env, check=False)
    if done.returncode != 0:
        raise MathTypesettingError(f"MathJax (node {SCRIPT.name}) failed:\n{done.stderr[-2000:]}")
    out = json.loads(done.stdout)
    return out["html"], out["size"], out["glyphs"], out["css"], out["errors"]


def page_formulas(text: str) -> list[tuple[str, bool]]:
    """The formulas of one written page still waiting for typesetting, as (TeX, display)."""
    found = [(html.unescape(m.group(2)), False) for m in _INLINE.finditer(text)]
    found += [(html.unescape(m.group(2)).strip(), True) for m in _DISPLAY.finditer(text)]
    return found


#: inline formulas wider than this (em) may not fit a phone's column (about 21 em of text at
#: 390 px, less inside a box): they become a scrollable box instead of sticking out or being cut
WIDE_INLINE_EM = 14.0


def _inline_tag(tag: str, size: list[float]) -> str:
    """The opening ``tag`` of an inline formula of ``size`` (em), marked if it is wide."""
    width, _height, depth = size
    if width <= WIDE_INLINE_EM:
        return tag
    # a box that scrolls sits on its bottom edge: lower it by the formula's depth (plus the
    # box's padding) so that the formula's baseline stays on the line's
    return tag[:-2] + f' stt-wide" style="vertical-align: -{depth + 0.15:.3f}em">'



def replace_formulas(text: str, markup: dict[tuple[str, bool], str],
                     sizes: dict[tuple[str, bool], list[float]] | None = None) -> str:
    """Put the typeset markup of each formula in place of its TeX (``sizes``: width, height and
    depth in em, to mark wide inline formulas)."""
    def inline(m):
        key = (html.unescape(m.group(2)), False)
        tag = _inline_tag(m.group(1), sizes[key]) if sizes and key in sizes else m.group(1)
        return tag + markup[key] + m.group(3)

    text = _INLINE.sub(inline, text)
    return _DISPLAY.sub(lambda m: m.group(1) + markup[(html.unescape(m.group(2)).strip(), True)]
                        + m.group(3), text)


def _tex_options(app) -> dict:
    config = getattr(app.config, "mathjax3_config", None) or {}
    tex = dict(config.get("tex", {}))
    # options that only steer the search for TeX in a browser page
    for key in ("inlineMath", "displayMath", "processEscapes", "processEnvironments", "processRefs"):
        tex.pop(key, None)
    return tex


def _check(app):
    if app.builder.format == "html":
        check_toolchain()


def _drop_mathjax(app, pagename, templatename, context, doctree):
    """No MathJax script or configuration on any page: the maths arrives typeset."""
    files = context.get("script_files")
    if not files:
        return
    kept = []
    for f in files:
        name = str(f)
        body = str(getattr(f, "attributes", {}).get("body", ""))
        if _MATHJAX_SCRIPT.search(name) or body.lstrip().startswith(("window.MathJax", "MathJax.")):
            continue
        kept.append(f)
    context["script_files"] = kept


# attributes MathJax writes for its own scripts, for CSS rules this site does not need, or for
# old browsers (an SVG inside HTML needs no namespace declarations; `href` is SVG 2's xlink:href)
_DROP = re.compile(r' data-mml-node="(?!merror|mtable|maction)[^"]*"| data-mjx-texclass="[^"]*"'
                   r'| data-c="[^"]*"| focusable="false"| xmlns(?::xlink)?="[^"]*"')
_GLYPH_USE = re.compile(r'\bhref="#(MJX-[^"]+)"')
_TAG = re.compile(r"<(/?)([a-zA-Z-]+)([^>]*)>")


def _unwrap_plain_groups(markup: str) -> str:
    """Drop every ``<g>`` without attributes (kept: its children), as the drawing is the same."""
    out, stack, last = [], [], 0
    for m in _TAG.finditer(markup):
        closing, name, attrs = m.group(1), m.group(2), m.group(3)
        if name != "g":
            continue
        if not closing:
            plain = attrs.strip() == ""
            stack.append(plain)
        else:
            plain = stack.pop()
        if plain:
            out.append(markup[last:m.start()])
            last = m.end()
    out.append(markup[last:])
    return "".join(out)


def _page_markup(markup: str, tex: str) -> str:
    """The markup of one formula as a page holds it: lighter, with the TeX as its accessible name
    (the SVG is an image to assistive technology; its name is the formula's source)."""
    markup = _DROP.sub("", markup).replace("xlink:href=", "href=")
    markup = _unwrap_plain_groups(markup)
    return markup.replace(' role="img"', f' role="img" aria-label="{html.escape(tex, quote=True)}"', 1)


def glyph_defs(text: str, glyphs: dict[str, str]) -> str:
    """A hidden SVG with the path of every glyph the formulas of ``text`` draw (MathJax's global
    font cache, one per page)."""
    used = sorted(set(_GLYPH_USE.findall(text)))
    paths = "".join(f'<path id="{g}" d="{glyphs[g]}"></path>' for g in used)
    return (f'<svg id="MJX-SVG-global-cache" xmlns="http://www.w3.org/2000/svg" style="display: none"'
            f' aria-hidden="true"><defs>{paths}</defs></svg>')


def typeset_site(outdir: Path, *, tex_options: dict, warn=logger.warning) -> int:
    """Typeset every page of ``outdir`` written since the last run (pages whose formulas are still
    TeX); return the number of formulas put in place. Each page gets the glyphs it uses and the
    maths stylesheet in its own head, so it needs nothing else."""
    node, modules = check_toolchain()
    fresh: dict[str, tuple[Path, str, list]] = {}
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "math notranslate nohighlight" not in text:
            continue
        found = page_formulas(text)
        if found:
            fresh[page.relative_to(outdir).as_posix()] = (page, text, found)
    if not fresh:
        return 0
    formulas = sorted({f for _page, _text, found in fresh.values() for f in found})
    markup, sizes, glyphs, css, errors = typeset(formulas, tex_options=tex_options, node=node,
                                                 modules=modules)
    for error in errors:
        tex, display = formulas[error["index"]]
        pages = [p for p, (_page, _text, found) in fresh.items() if (tex, display) in found]
        warn(f"TeX error in {'display' if display else 'inline'} maths {tex!r} "
             f"({', '.join(pages)}): {error['message']}")
    by_formula = {f: _page_markup(m, f[0]) for f, m in zip(formulas, markup, strict=True)}
    size_of = dict(zip(formulas, sizes, strict=True))
    style = f'<style id="stt-math-css">{_compact_css(css)}</style>'
    for page, text, _found in fresh.values():
        text = replace_formulas(text, by_formula, size_of)
        body = re.search(r"<body\b[^>]*>", text)
        if body:
            text = text[:body.end()] + glyph_defs(text, glyphs) + text[body.end():]
        text = text.replace("</head>", style + "</head>", 1)
        page.write_text(text, encoding="utf-8")
    return sum(len(f) for _p, _t, f in fresh.values())


def _compact_css(css: str) -> str:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    # glyphs are drawn with a thin stroke; the data-c attribute that selected them is dropped
    css = css.replace('mjx-container[jax="SVG"] path[data-c], mjx-container[jax="SVG"] use[data-c]',
                      'mjx-container[jax="SVG"] use')
    return re.sub(r"\s*([{};:,>])\s*", r"\1", re.sub(r"\s+", " ", css)).strip()


def _typeset_site(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    count = typeset_site(Path(app.outdir), tex_options=_tex_options(app))
    logger.info(f"stt_mathssr: typeset {count} formulas at build time")


def setup(app):
    app.connect("builder-inited", _check)
    app.connect("html-page-context", _drop_mathjax, priority=950)
    app.connect("build-finished", _typeset_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
