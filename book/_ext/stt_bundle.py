"""Fewer requests per page: the stylesheets in one file, the scripts in one deferred file.

A page of the theme asks for 11 stylesheets and 12 scripts (plus the inline settings between
them) before it can finish loading. On a phone over 4G every request waits a round trip
(~170 ms), and a browser opens at most six connections to a host serving HTTP/1.1, so the 27
requests queue for about five round trips. When the HTML build finishes, this extension
rewrites every page's head:

* **stylesheets**: the local ``<link rel="stylesheet">`` of the page, in their order, are
  concatenated into ``_static/stt-<hash>.css`` (their ``@import`` inlined at the place the
  browser would read them, ``url()`` rewritten for the new place, source-map comments dropped);
  the page links that one file where the first stylesheet was. Same content, same cascade.
* **scripts**: the local scripts of the head and the theme's scripts at the end of the body, and
  the inline settings between them (``let toggleHintShow = ...``), are concatenated in their
  order into ``_static/stt-<hash>.js``, loaded with ``defer``: the browser reads and draws the
  page without waiting for them, and runs them in the same order before ``DOMContentLoaded``,
  as it ran the originals (every one of them waits for the DOM before it touches it). The
  ``data-*`` attributes of a bundled script tag go on the bundle's tag (``document.currentScript``
  reads them). The one setting that differs per page, ``DOCUMENTATION_OPTIONS.pagename``, is
  read by the bundle from ``<meta name="stt-pagename">``. Scripts before the first stylesheet
  (the theme's colour mode, which must run before the first paint) stay inline. A page whose
  scripts are not those of most pages (the search page: its index must be loaded after the
  search code) keeps its scripts as they are.

Bundles are named by their content, so a browser caches them across pages and a new build never
serves a stale one.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

_HEAD = re.compile(r"<head>.*?</head>", re.S)
_LINK = re.compile(r"<link\b[^>]*>", re.S)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>\s*", re.S)
_ATTR = re.compile(r'([\w:-]+)(?:="([^"]*)")?')
_IMPORT = re.compile(r'@import\s+(?:url\()?\s*["\']?([^"\')\s;]+)["\']?\s*\)?\s*;')
_URL = re.compile(r'url\(\s*(["\']?)([^"\')]+)\1\s*\)')
_SOURCE_MAP = re.compile(r"/\*# sourceMappingURL=[^*]*\*/|//# sourceMappingURL=\S*")
_PAGENAME = re.compile(r"^\s*DOCUMENTATION_OPTIONS\.pagename\s*=\s*'([^']*)';?\s*$")
_PAGENAME_FROM_META = ('DOCUMENTATION_OPTIONS.pagename = '
                       '(document.querySelector(\'meta[name="stt-pagename"]\') || {}).content || "";')


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) if m.group(2) is not None else "" for m in _ATTR.finditer(text)}


def _local(href: str, page: Path, outdir: Path) -> Path | None:
    """The file a page's ``href``/``src`` points to inside the site, or None (remote, data:...)."""
    if not href or re.match(r"^([a-z]+:|//|#)", href):
        return None
    path = (page.parent / unquote(href.split("?")[0].split("#")[0])).resolve()
    try:
        path.relative_to(outdir.resolve())
    except ValueError:
        return None
    return path if path.is_file() else None


def css_for_bundle(path: Path, static: Path, seen: set[Path] | None = None) -> str:
    """A stylesheet with its ``@import`` inlined and its ``url()`` relative to ``static``."""
    seen = set() if seen is None else seen
    if path in seen:
        return ""
    seen.add(path)
    text = _SOURCE_MAP.sub("", path.read_text(encoding="utf-8"))
    text = re.sub(r'@charset\s+"[^"]*";', "", text)

    def imported(m: re.Match) -> str:
        target = (path.parent / m.group(1)).resolve()
        return css_for_bundle(target, static, seen) if target.is_file() else m.group(0)

    def url(m: re.Match) -> str:
        ref = m.group(2).strip()
        if re.match(r"^([a-z]+:|/|#|%23)", ref, re.I):
            return m.group(0)
        target = os.path.normpath(path.parent / ref)
        return f'url("{os.path.relpath(target, static).replace(os.sep, "/")}")'

    text = _URL.sub(url, text)
    # @import rules are valid only at the top of a stylesheet: inline them where they stand
    return _IMPORT.sub(imported, text)


def _write(static: Path, text: str, suffix: str) -> Path:
    name = static / f"stt-{hashlib.sha256(text.encode()).hexdigest()[:16]}{suffix}"
    if not name.exists():
        name.write_text(text, encoding="utf-8")
    return name


def _rel(target: Path, page: Path) -> str:
    return os.path.relpath(target, page.parent).replace(os.sep, "/")


def bundle_styles(text: str, page: Path, outdir: Path) -> str:
    """Replace the page's local stylesheets by one bundle (see the module docstring)."""
    head = _HEAD.search(text)
    if not head:
        return text
    static = outdir / "_static"
    links = []
    for m in _LINK.finditer(head.group(0)):
        a = _attrs(m.group(0)[5:-1])
        if a.get("rel") != "stylesheet" or a.get("media", "all") not in ("all", "screen"):
            continue
        path = _local(a.get("href", ""), page, outdir)
        if path is None or path.suffix != ".css":
            continue
        links.append((m, path))
    if len(links) < 2:
        return text
    seen: set[Path] = set()
    css = "\n".join(css_for_bundle(path, static.resolve(), seen) for _, path in links)
    bundle = _write(static, css, ".css")
    new_head = head.group(0)
    for m, _ in reversed(links):  # from the end, so earlier positions stay valid
        tag = f'<link rel="stylesheet" href="{_rel(bundle, page)}" />' if m is links[0][0] else ""
        new_head = new_head[:m.start()] + tag + new_head[m.end():]
    return text[:head.start()] + new_head + text[head.end():]


def _script_items(text: str, page: Path, outdir: Path):
    """The scripts to bundle: (match, kind, value) with kind "src" (a file), "inline" or "pagename";
    None if the page has a script this pass does not understand."""
    head = _HEAD.search(text)
    if not head:
        return None, None
    first_css = head.group(0).find('rel="stylesheet"')
    items = []
    for m in _SCRIPT.finditer(text, head.start(), head.end()):
        a = _attrs(m.group(1))
        if (m.start() - head.start() < first_css or a.get("type", "text/javascript") != "text/javascript"
                or "dataset.theme" in m.group(2)):
            continue  # the colour mode runs before the first paint; JSON, templates stay
        if "src" in a:
            path = _local(a["src"], page, outdir)
            if path is None or "async" in a:
                return None, None
            items.append((m, "src", path, {k: v for k, v in a.items() if k.startswith("data-")}))
        elif _PAGENAME.match(m.group(2)):
            items.append((m, "pagename", _PAGENAME.match(m.group(2)).group(1), {}))
        else:
            items.append((m, "inline", m.group(2).strip(), {}))
    # the theme's scripts at the end of the body (bootstrap, pydata-sphinx-theme)
    tail = text.rfind("</body>")
    for m in _SCRIPT.finditer(text, head.end(), tail if tail > 0 else len(text)):
        a = _attrs(m.group(1))
        path = _local(a.get("src", ""), page, outdir)
        if path is not None and "/_static/scripts/" in path.as_posix():
            items.append((m, "src", path, {k: v for k, v in a.items() if k.startswith("data-")}))
    return head, items


def _signature(items) -> tuple:
    return tuple((kind, str(value) if kind != "pagename" else "") for _, kind, value, _ in items)


def bundle_scripts(text: str, page: Path, outdir: Path, common: tuple | None) -> str:
    """Replace the page's scripts by one deferred bundle if they are the ``common`` ones."""
    head, items = _script_items(text, page, outdir)
    if not items or common is None or _signature(items) != common:
        return text
    static = outdir / "_static"
    parts, data = [";/* scripts of the page, in their order (book/_ext/stt_bundle.py) */"], {}
    pagename = ""
    for _, kind, value, attrs in items:
        if kind == "src":
            parts.append(_SOURCE_MAP.sub("", value.read_text(encoding="utf-8")))
        elif kind == "pagename":
            pagename = value
            parts.append(_PAGENAME_FROM_META)
        else:
            parts.append(value)
        data.update(attrs)
    bundle = _write(static, "\n;\n".join(parts) + "\n", ".js")
    data_attrs = "".join(f' {k}="{v}"' for k, v in sorted(data.items()))
    tag = f'<script defer="defer"{data_attrs} src="{_rel(bundle, page)}"></script>\n'
    if pagename:
        tag = f'<meta name="stt-pagename" content="{pagename}" />\n' + tag
    out = text
    for i, (m, _, _, _) in reversed(list(enumerate(items))):
        out = out[:m.start()] + (tag if i == 0 else "") + out[m.end():]
    # the theme preloads the scripts that are now in the bundle
    return re.sub(r'\s*<link rel="preload" as="script" href="[^"]*_static/scripts/[^"]*" />', "", out)


def bundle_site(outdir: Path) -> dict:
    """Bundle the stylesheets and scripts of every page of the built site ``outdir``."""
    pages = [p for p in sorted(outdir.rglob("*.html")) if "<head>" in p.read_text(encoding="utf-8")[:4000]]
    signatures = {}
    for page in pages:
        _, items = _script_items(page.read_text(encoding="utf-8"), page, outdir)
        if items:
            signatures[page] = _signature(items)
    common = Counter(signatures.values()).most_common(1)[0][0] if signatures else None
    styled = scripted = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        new = bundle_styles(text, page, outdir)
        styled += new != text
        newer = bundle_scripts(new, page, outdir, common)
        scripted += newer != new
        if newer != text:
            page.write_text(newer, encoding="utf-8")
    return {"pages": len(pages), "styles_bundled": styled, "scripts_bundled": scripted}


def _bundle(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    report = bundle_site(Path(app.outdir))
    from sphinx.util import logging

    logging.getLogger(__name__).info(
        f"stt_bundle: stylesheets bundled on {report['styles_bundled']} pages, scripts on "
        f"{report['scripts_bundled']} of {report['pages']}")


def setup(app):
    # last of the build-finished passes that edit pages (icons 400, others 500)
    app.connect("build-finished", _bundle, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
