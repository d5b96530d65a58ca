"""Fewer requests per page: the stylesheets in one file, the scripts in another.

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
  the inline settings between them (``let toggleHintShow = ...``), are concatenated in the order
  the browser ran them (those that do not wait first, in document order, then the deferred ones)
  into ``_static/stt-<hash>.js``. The head preloads it (the download starts at once) and the
  page runs it at the end of the body, where the theme already ran its own scripts: the browser
  parses and draws the page without waiting for it, and each script still finds the document
  loading, as in the head, so those that wait for ``DOMContentLoaded`` still wait (run
  ``defer``, togglebutton.js would run at once, before its settings). The inline scripts of the
  body depend on none of them. The ``data-*`` attributes of a bundled script tag go on the
  bundle's tag (``document.currentScript`` reads them). The one setting that differs per page,
  ``DOCUMENTATION_OPTIONS.pagename``, is read by the bundle from ``<meta name="stt-pagename">``.
  Scripts before the first stylesheet and the one that resolves the colour mode (they must run
  before the first paint) stay inline. A page with a script from outside ``_static`` (the
  search page's index) keeps its scripts as they are.

Bundles are named by the list of files they hold (pages with the same assets share one, which
the browser caches) and rewritten from the current files at the end of every build, so a page
that an incremental build did not write again still gets the current stylesheets and scripts.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
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


class Bundles:
    """The bundles of a site: each named by the list of what it holds, written from the current
    files at the end of every build (``_static/stt-bundles.json`` keeps the lists), so a page an
    incremental build did not rewrite still gets today's stylesheets and scripts."""

    def __init__(self, outdir: Path):
        self.outdir = outdir
        self.static = outdir / "_static"
        self.manifest = self.static / "stt-bundles.json"
        self.lists: dict[str, list] = json.loads(self.manifest.read_text()) if self.manifest.exists() else {}

    def name(self, items: list, suffix: str) -> Path:
        key = json.dumps(items, sort_keys=True)
        name = f"stt-{hashlib.sha256(key.encode()).hexdigest()[:16]}{suffix}"
        self.lists[name] = items
        return self.static / name

    def write(self) -> int:
        static = self.static.resolve()
        for name, items in self.lists.items():
            if name.endswith(".css"):
                seen: set[Path] = set()
                text = "\n".join(css_for_bundle(static / rel, static, seen) for rel in items
                                 if (static / rel).is_file())
            else:
                parts = [";/* scripts of the page, in the order the browser ran them (book/_ext/stt_bundle.py) */"]
                for kind, value in items:
                    if kind == "src":
                        if (static / value).is_file():
                            parts.append(_SOURCE_MAP.sub("", (static / value).read_text(encoding="utf-8")))
                    else:
                        parts.append(value)
                text = "\n;\n".join(parts) + "\n"
            path = self.static / name
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
        self.manifest.write_text(json.dumps(self.lists, indent=1, sort_keys=True))
        return len(self.lists)


def _rel(target: Path, page: Path) -> str:
    return os.path.relpath(target, page.parent).replace(os.sep, "/")


def _in_static(path: Path, outdir: Path) -> str:
    return path.resolve().relative_to((outdir / "_static").resolve()).as_posix()


def bundle_styles(text: str, page: Path, outdir: Path, bundles: Bundles) -> str:
    """Replace the page's local stylesheets by one bundle (see the module docstring)."""
    head = _HEAD.search(text)
    if not head:
        return text
    links = []
    for m in _LINK.finditer(head.group(0)):
        a = _attrs(m.group(0)[5:-1])
        if a.get("rel") != "stylesheet" or a.get("media", "all") not in ("all", "screen"):
            continue
        path = _local(a.get("href", ""), page, outdir)
        if path is None or path.suffix != ".css" or path.name.startswith("stt-") and len(path.stem) == 20:
            continue
        links.append((m, _in_static(path, outdir)))
    if len(links) < 2:
        return text
    bundle = bundles.name([rel for _, rel in links], ".css")
    new_head = head.group(0)
    for m, _ in reversed(links):  # from the end, so earlier positions stay valid
        tag = f'<link rel="stylesheet" href="{_rel(bundle, page)}" />' if m is links[0][0] else ""
        new_head = new_head[:m.start()] + tag + new_head[m.end():]
    return text[:head.start()] + new_head + text[head.end():]


def _script_items(text: str, page: Path, outdir: Path):
    """The scripts to bundle, in the order the browser runs them: the scripts of the head that do
    not wait (and the theme's at the end of the body), then the deferred ones. Each is
    (match, kind, value, data attributes), kind "src" (a file under _static), "inline" or
    "pagename"; None if the page has a script this pass does not understand (async, remote)."""
    head = _HEAD.search(text)
    if not head:
        return None
    first_css = head.group(0).find('rel="stylesheet"')
    now, later = [], []
    for m in _SCRIPT.finditer(text, head.start(), head.end()):
        a = _attrs(m.group(1))
        if (m.start() - head.start() < first_css or a.get("type", "text/javascript") != "text/javascript"
                or "dataset.theme" in m.group(2)):
            continue  # the colour mode runs before the first paint; JSON, templates stay
        data = {k: v for k, v in a.items() if k.startswith("data-")}
        if "src" in a:
            path = _local(a["src"], page, outdir)
            if path is None or "async" in a or "/_static/" not in path.as_posix():
                return None
            (later if "defer" in a else now).append((m, "src", _in_static(path, outdir), data))
        elif _PAGENAME.match(m.group(2)):
            now.append((m, "pagename", _PAGENAME.match(m.group(2)).group(1), data))
        else:
            now.append((m, "inline", m.group(2).strip(), data))
    # the theme's scripts at the end of the body (bootstrap, pydata-sphinx-theme)
    tail = text.rfind("</body>")
    for m in _SCRIPT.finditer(text, head.end(), tail if tail > 0 else len(text)):
        a = _attrs(m.group(1))
        path = _local(a.get("src", ""), page, outdir)
        if path is not None and "/_static/scripts/" in path.as_posix() and "async" not in a:
            (later if "defer" in a else now).append((m, "src", _in_static(path, outdir), {}))
    return now + later


def bundle_scripts(text: str, page: Path, outdir: Path, bundles: Bundles) -> str:
    """Replace the page's scripts by one bundle, preloaded in the head and run at the end of the
    body (see the module docstring)."""
    items = _script_items(text, page, outdir)
    if not items or len(items) < 2:
        return text
    listed, data, pagename = [], {}, ""
    for _, kind, value, attrs in items:
        if kind == "pagename":
            pagename = value
            listed.append(("inline", _PAGENAME_FROM_META))
        else:
            listed.append((kind, value))
        data.update(attrs)
    bundle = bundles.name(listed, ".js")
    data_attrs = "".join(f' {k}="{v}"' for k, v in sorted(data.items()))
    # fetched from the start (preload), run at the end of the body: the page is parsed and drawn
    # without waiting for it, and a script that runs "when the DOM is ready" still finds the
    # document loading, as it did in the head (a deferred script would find it parsed and run at
    # once, before the settings that follow it)
    head_tag = f'<link rel="preload" as="script" href="{_rel(bundle, page)}" />\n'
    if pagename:
        head_tag = f'<meta name="stt-pagename" content="{pagename}" />\n' + head_tag
    body_tag = f'<script{data_attrs} src="{_rel(bundle, page)}"></script>\n'
    first = min(m.start() for m, *_ in items)
    out = text
    for m, *_ in sorted(items, key=lambda it: -it[0].start()):
        out = out[:m.start()] + (head_tag if m.start() == first else "") + out[m.end():]
    # the theme preloads the scripts that are now in the bundle
    out = re.sub(r'\s*<link rel="preload" as="script" href="[^"]*_static/scripts/[^"]*" />', "", out)
    end = out.rfind("</body>")
    return out[:end] + body_tag + out[end:] if end > 0 else out + body_tag


def bundle_site(outdir: Path) -> dict:
    """Bundle the stylesheets and scripts of every page of the built site ``outdir``."""
    bundles = Bundles(outdir)
    styled = scripted = pages = 0
    for page in sorted(outdir.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if "<head>" not in text[:4000]:
            continue
        pages += 1
        new = bundle_styles(text, page, outdir, bundles)
        styled += new != text
        newer = bundle_scripts(new, page, outdir, bundles)
        scripted += newer != new
        if newer != text:
            page.write_text(newer, encoding="utf-8")
    count = bundles.write()
    return {"pages": pages, "styles_bundled": styled, "scripts_bundled": scripted, "bundles": count}


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
