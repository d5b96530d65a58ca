"""Local Sphinx extension of the book.

* Static explorers load their frames lazily. The executed notebook keeps every frame of an
  explorer inline (spinlib.widgets.Explorer.static_view: a JSON block of data URLs), so the
  execution cache holds the whole view. When a page is written, each frame goes to a
  content-hashed file ``_images/sx/<sha256>.png`` and the page keeps one ``<img>`` (the default
  frame) and the list of file names; the page's script loads a frame when a slider reaches it.
* Meaningful alt text for figures: an image output without ``alt`` gets the description that
  spinlib embeds in the PNG (``Description`` text chunk), else its figure caption; Sphinx would
  otherwise use the hashed file path.
* Per-page execution cache: pages whose imported spinlib modules (or the environment) changed
  since the last build are listed by tools/build_book.py in ``SPINLIB_STALE_PAGES``; they are
  re-read here (``env-get-outdated``), and re-executed since their cache record is gone.
* Page weight: images load lazily (``loading="lazy"``), and the theme's 1.5 MB Font Awesome
  script is dropped (its CSS and web fonts draw the same icons).
* Drops sphinx-thebe's scripts: the book does not use Thebe (live cells need a remote Binder),
  and sphinx-thebe 0.3 with Sphinx 7.4 injects its inline script twice ("THEBE_JS_URL has
  already been declared" in the console).
* Adds the stylesheet of the explorers and of figures in dark mode (kept outside _static so it
  is not injected blindly).
* Dark mode follows the OS from the first paint (a reader's "auto" mode is resolved in the head,
  before the theme's deferred script), and each tap of the theme button shows the other theme
  (``assets/stt-site.js``).
* Readable search snippets: formulas as short text, not TeX (``assets/stt-search.js``, on the
  search page only).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
from pathlib import Path

from docutils import nodes

ASSETS = Path(__file__).parent / "assets"
FRAME_DIR = "_images/sx"

_EXPLORER = re.compile(
    r'(<div class="spinlib-explorer".*?)'
    r'(<script type="application/json" class="sx-frames">)(.*?)(</script>)', re.S)
# an explorer's frames drawn for a phone (spinlib.widgets.Explorer.phone_twin), before its frames
_PHONE_FRAMES = re.compile(r'(<script type="application/json" class="sx-frames-phone">)(.*?)(</script>)', re.S)
# the frame shown first: the <img>'s src and, for an explorer with phone frames, its <source>'s srcset
_FIRST_SRC = re.compile(r'(<(?:img|source) class="sx-frame"[^>]*?\b(?:src|srcset)=")([^"]*)(")')


def _frame_file(outdir: Path, data_url: str) -> str:
    """Write one frame (a PNG data URL) to a content-hashed file; return its path in the site."""
    head, _, payload = data_url.partition(",")
    if head != "data:image/png;base64":
        raise ValueError(f"explorer frame is not an inline PNG: {data_url[:40]!r}")
    png = base64.b64decode(payload)
    name = f"{FRAME_DIR}/{hashlib.sha256(png).hexdigest()[:24]}.png"
    path = outdir / name
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(png)
        tmp.replace(path)
    return name


def externalize_frames(body: str, outdir: Path, pathto) -> str:
    """Move the inline frames of every explorer in ``body`` to files (see the module docstring)."""

    def one(match: re.Match) -> str:
        head, open_tag, frames_json, close_tag = match.groups()
        moved = {}

        def files(frames: list) -> list:
            for f in frames:
                if f.startswith("data:") and f not in moved:
                    moved[f] = pathto(_frame_file(outdir, f), 1)
            return [moved.get(f, f) for f in frames]

        urls = files(json.loads(frames_json))
        head = _PHONE_FRAMES.sub(lambda m: m.group(1) + json.dumps(files(json.loads(m.group(2)))) + m.group(3),
                                 head)

        def first(m: re.Match) -> str:
            return m.group(1) + moved.get(m.group(2), m.group(2)) + m.group(3)

        return _FIRST_SRC.sub(first, head) + open_tag + json.dumps(urls) + close_tag

    return _EXPLORER.sub(one, body)


def _lazy_frames(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body and "sx-frames" in body:
        body = externalize_frames(body, Path(app.outdir), context["pathto"])
    if body:
        # figures below the fold load when the reader scrolls near them
        body = re.sub(r"<img (?![^>]*\bloading=)", '<img loading="lazy" decoding="async" ', body)
        context["body"] = body


# pydata-sphinx-theme 0.15 loads Font Awesome twice: as CSS + web fonts (which draw every icon
# of the theme) and as a 1.5 MB script that redraws the same icons as SVG. The script alone is a
# third of a page's first load; the icons need only the CSS. The theme also preloads the fonts
# with `crossorigin`, which a page opened from file:// (the site read offline) refuses with a
# console error per font; the stylesheet loads them anyway when an icon needs them.
_FONTAWESOME_JS = re.compile(
    r'\s*<script src="[^"]*fontawesome/[^"]*/js/all\.min\.js[^"]*"></script>'
    r'|\s*<link rel="preload" as="font"[^>]*fontawesome[^>]*>')


def _drop_fontawesome_js(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "fontawesome" in text:
            new = _FONTAWESOME_JS.sub("", text)
            if new != text:
                page.write_text(new, encoding="utf-8")


def _drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files:
            context[key] = [f for f in files if "thebe" not in (str(f) + str(getattr(f, "attributes", {})))]


# The theme writes the stored mode into <html> before the page is drawn, but resolves "auto" (the
# default: follow the OS) only in its deferred script: until then <html data-theme="auto"> matches
# neither theme's colours. Resolved here, in the head, before the first paint.
_RESOLVE_AUTO = ('(function(){var r=document.documentElement;if((r.dataset.mode||"auto")==="auto")'
                 'r.dataset.theme=window.matchMedia("(prefers-color-scheme: dark)").matches?"dark":"light";})();')


def _search_page(app, pagename, templatename, context, doctree):
    if pagename == "search":
        app.add_js_file("stt-search.js", defer="defer")


def _png_description(path: Path) -> str:
    try:
        from PIL import Image

        with Image.open(path) as image:
            return str(getattr(image, "text", {}).get("Description", "")).strip()
    except (OSError, ValueError):
        return ""


def _alt_text(app, doctree, docname):
    """Give every image without alt text a description (not its hashed file name)."""
    env = app.env
    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            continue
        uri = image.get("uri", "")
        candidate = image.get("candidates", {}).get("*", uri)
        description = ""
        if candidate and not candidate.startswith(("data:", "http:", "https:")):
            description = _png_description(Path(env.srcdir) / candidate)
        if not description:
            parent = image.parent
            caption = next(iter(parent.findall(nodes.caption)), None) if isinstance(parent, nodes.figure) \
                else None
            description = " ".join(caption.astext().split()) if caption is not None else ""
        image["alt"] = description or "figure"


def _author_year_style():
    """A pybtex style whose labels read "Ralph and Stiles, 2008", sorted by author and year, to
    match the author-year citations of the text (``bibtex_reference_style: author_year``)."""
    from pybtex.richtext import Text
    from pybtex.style.formatting.unsrt import Style as UnsrtStyle
    from pybtex.style.labels import BaseLabelStyle

    def last(person) -> str:
        return Text.from_latex(" ".join(person.prelast_names + person.last_names)).render_as("text")

    class AuthorYearLabels(BaseLabelStyle):
        def format_labels(self, sorted_entries):
            labels = []
            for entry in sorted_entries:
                names = [last(p) for p in entry.persons.get("author", [])]
                who = (names[0] if len(names) == 1 else " and ".join(names) if len(names) == 2
                       else f"{names[0]} et al." if names else entry.key)
                labels.append(f"{who}, {entry.fields.get('year', 'n.d.')}")
            for label in set(labels):  # the same author-year twice: 2006a, 2006b
                hits = [i for i, lab in enumerate(labels) if lab == label]
                if len(hits) > 1:
                    for n, i in enumerate(hits):
                        labels[i] = label + "abcdefghijklmnopqrstuvwxyz"[n]
            yield from labels

    class AuthorYearStyle(UnsrtStyle):
        default_label_style = AuthorYearLabels
        default_sorting_style = "author_year_title"

    return AuthorYearStyle


def _stale_pages(app, env, added, changed, removed):
    """Pages whose imports changed (tools/build_book.py): re-read them, so they are re-executed."""
    stale = json.loads(os.environ.get("SPINLIB_STALE_PAGES", "[]"))
    return [doc for doc in stale if doc in env.found_docs and doc not in added | changed]


#: pages that moved when the book was organised by topic (old docname -> new docname): a small
#: page at the old address forwards a reader, a bookmark or a shared deep link (anchor included)
MOVED = {
    **{f"ch1/{p}": f"torque/{p}" for p in ("index", "spin_current", "llg", "phase_diagram", "summary")},
    "ch2/index": "magnon_transport/index",
    "ch3/index": "manybody/index",
    "ch4/index": "nanomagnet/index",
    "ch5/index": "activation/index",
}

_FORWARD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Moved: {title}</title>
<link rel="canonical" href="{target}"><meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={target}">
<script>location.replace("{target}" + location.hash);</script></head>
<body><p>This page has moved to <a href="{target}">{title}</a>.</p></body></html>
"""


def _forward_moved_pages(app, exception):
    """Write a forwarding page at each old address of :data:`MOVED` (HTML builds only)."""
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    for old, new in MOVED.items():
        if f"book/{new}" not in app.env.found_docs:
            continue
        path = out / f"book/{old}.html"
        target = os.path.relpath(out / f"book/{new}.html", path.parent)
        title = app.env.titles[f"book/{new}"].astext() if f"book/{new}" in app.env.titles else new
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_FORWARD.format(target=target, title=title))


def setup(app):
    import pybtex.plugin

    pybtex.plugin.register_plugin("pybtex.style.formatting", "authoryear", _author_year_style())
    app.config.html_static_path.append(str(ASSETS))
    app.add_css_file("stt-explorer.css")
    app.add_css_file("stt-site.css")
    app.add_js_file(None, body=_RESOLVE_AUTO, priority=10)
    app.add_js_file("stt-site.js", defer="defer")
    app.connect("html-page-context", _search_page)
    app.connect("html-page-context", _drop_thebe, priority=900)
    app.connect("html-page-context", _lazy_frames)
    app.connect("doctree-resolved", _alt_text)
    app.connect("env-get-outdated", _stale_pages)
    app.connect("build-finished", _drop_fontawesome_js)
    app.connect("build-finished", _forward_moved_pages)
    # maths typeset at build time (node + MathJax), phone reading comfort: modules of their own
    app.setup_extension("stt_mathssr")
    app.setup_extension("stt_phone")
    app.setup_extension("stt_icons")  # Font Awesome cut to the icons the site draws
    app.setup_extension("stt_bundle")  # one stylesheet and one deferred script per page
    return {"parallel_read_safe": True, "parallel_write_safe": True}
