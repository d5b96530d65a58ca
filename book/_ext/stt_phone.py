"""Reading comfort on a phone: no layout shift, cues, touch targets, tap to enlarge.

* Every ``<img>`` of a page gets the ``width`` and ``height`` of its file (PNG, JPEG, GIF, SVG),
  so the browser reserves its box before the image arrives: lazily loaded figures above an
  anchor no longer push the text down after the browser has scrolled to it (layout shift 0).
  The stylesheets keep ``max-width: 100%; height: auto``, so the attributes set only the ratio.
* ``assets/stt-phone.css``: inline maths never clipped (the theme's ``span.math`` is an
  inline-flex box with hidden overflow), display equations scroll in their own box with their
  number in view, a fade on the side of a box (equation, table) where content is hidden, 44 px
  touch targets in the explorers, tap-to-enlarge styling.
* ``assets/stt-phone.js``: the fades (classes only, never a size), tap to enlarge every figure and
  explorer frame, a solution's title opens the solution.
"""

from __future__ import annotations

import re
import struct
from pathlib import Path
from urllib.parse import unquote

_IMG = re.compile(r"<img\b[^>]*>", re.S)
_SRC = re.compile(r'\bsrc="([^"]+)"')
_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\bwidth="([\d.]+)(?:pt|px)?"[^>]*?\bheight="([\d.]+)(?:pt|px)?"', re.S)


def image_size(path: Path) -> tuple[int, int] | None:
    """(width, height) in pixels of a PNG, GIF, JPEG or SVG file (SVG: its width and height
    attributes, points counted as CSS pixels times 4/3), or None if unknown."""
    try:
        head = path.read_bytes()[:65536] if path.suffix.lower() == ".svg" else path.open("rb").read(32)
    except OSError:
        return None
    if head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR":
        return struct.unpack(">II", head[16:24])
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return struct.unpack("<HH", head[6:10])
    if head[:2] == b"\xff\xd8":
        return _jpeg_size(path)
    if path.suffix.lower() == ".svg":
        m = _SVG_SIZE.search(head)
        if m:
            scale = 4 / 3 if b'pt"' in m.group(0) else 1
            return round(float(m.group(1)) * scale), round(float(m.group(2)) * scale)
    return None


def _jpeg_size(path: Path) -> tuple[int, int] | None:
    data = path.read_bytes()
    i = 2
    while i + 9 < len(data):
        if data[i] != 0xFF:
            return None
        marker, length = data[i + 1], struct.unpack(">H", data[i + 2:i + 4])[0]
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[i + 5:i + 9])
            return w, h
        i += 2 + length
    return None


def size_images(text: str, page: Path) -> str:
    """Give every ``<img>`` of a page (``page``: its file) without a width its file's size."""
    def one(m: re.Match) -> str:
        tag = m.group(0)
        if re.search(r"\bwidth=", tag):
            return tag
        src = _SRC.search(tag)
        if not src or src.group(1).startswith(("data:", "http:", "https:", "//")):
            return tag
        size = image_size((page.parent / unquote(src.group(1).split("?")[0].split("#")[0])).resolve())
        if not size:
            return tag
        return tag[:4] + f' width="{size[0]}" height="{size[1]}"' + tag[4:]

    return _IMG.sub(one, text)


def _size_site_images(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "<img" not in text:
            continue
        new = size_images(text, page)
        if new != text:
            page.write_text(new, encoding="utf-8")


def setup(app):
    app.add_css_file("stt-phone.css")
    app.add_js_file("stt-phone.js", defer="defer")
    app.connect("build-finished", _size_site_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
