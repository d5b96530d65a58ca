"""Reading comfort on a phone: no layout shift, cues, touch targets, tap to enlarge.

* Every ``<img>`` of a page gets the ``width`` and ``height`` of its file (PNG, JPEG, GIF, SVG),
  so the browser reserves its box before the image arrives: lazily loaded figures above an
  anchor no longer push the text down after the browser has scrolled to it (layout shift 0).
  The stylesheets keep ``max-width: 100%; height: auto``, so the attributes set only the ratio.
* Figures made for the phone: a figure too wide for the phone column carries its phone rendition
  (same figure, one column of panels, 4.1 in wide: ``spinlib.style.phone_png``) in a private PNG
  chunk ``stPh``, written by the display hook in the site build only. After the build that chunk
  moves to a file of its own (``<name>-phone.png`` beside the image), is stripped from every PNG
  of the output (HTML or LaTeX: the PDF never carries it), and the page's ``<img>`` becomes
  ``<picture><source media="(max-width: 600px)" srcset=...><img ...></picture>``, each with its
  own width and height, so a phone downloads only the rendition made for it and reserves its box.
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

PHONE_CHUNK = b"stPh"  # spinlib.widgets.PHONE_CHUNK (the extension does not import spinlib)
PHONE_MEDIA = "(max-width: 600px)"
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
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


def take_phone_chunk(path: Path) -> bytes | None:
    """Remove the ``stPh`` chunk from the PNG ``path`` (rewritten in place, every other chunk kept
    byte for byte) and return its content, or None if it has none."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(_PNG_MAGIC) or PHONE_CHUNK not in data:
        return None
    out, found, i = [data[:8]], None, 8
    while i + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[i:i + 8])
        end = i + 12 + length
        if kind == PHONE_CHUNK:
            found = data[i + 8:i + 8 + length]
        else:
            out.append(data[i:end])
        i = end
    if found is None:
        return None
    path.write_bytes(b"".join(out))
    return found


def phone_file(path: Path) -> Path | None:
    """The phone rendition of the image ``path``: moved out of its chunk on first call (the
    file ``<name>-phone.png`` beside it), or found from an earlier build; None if it has none."""
    target = path.with_name(path.stem + "-phone.png")
    data = take_phone_chunk(path)
    if data is not None:
        target.write_bytes(data)
        return target
    return target if target.exists() else None


def size_images(text: str, page: Path) -> str:
    """Give every ``<img>`` of a page (``page``: its file) without a width its file's size; an
    image with a phone rendition becomes a ``<picture>`` offering it to narrow screens."""
    def one(m: re.Match) -> str:
        tag = m.group(0)
        src = _SRC.search(tag)
        if not src or src.group(1).startswith(("data:", "http:", "https:", "//")):
            return tag
        path = (page.parent / unquote(src.group(1).split("?")[0].split("#")[0])).resolve()
        if not re.search(r"\bwidth=", tag):
            size = image_size(path)
            if not size:
                return tag
            tag = tag[:4] + f' width="{size[0]}" height="{size[1]}"' + tag[4:]
        phone = phone_file(path) if path.suffix.lower() == ".png" and "sx-frame" not in tag else None
        size = phone and image_size(phone)
        if not size or _inside_picture(text, m.start()):
            return tag
        srcset = src.group(1).rsplit("/", 1)[0] + "/" + phone.name if "/" in src.group(1) else phone.name
        return (f'<picture class="stt-picture"><source media="{PHONE_MEDIA}" srcset="{srcset}" '
                f'width="{size[0]}" height="{size[1]}">{tag}</picture>')

    return _IMG.sub(one, text)


def _inside_picture(text: str, at: int) -> bool:
    return text.rfind("<picture", 0, at) > text.rfind("</picture>", 0, at)


def strip_phone_chunks(folder: Path) -> int:
    """Remove the ``stPh`` chunk from every PNG under ``folder``; return how many carried one."""
    return sum(take_phone_chunk(p) is not None for p in folder.rglob("*.png"))


def _size_site_images(app, exception):
    if exception is not None:
        return
    outdir = Path(app.outdir)
    if app.builder.format == "html":
        for page in outdir.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            if "<img" not in text:
                continue
            new = size_images(text, page)
            if new != text:
                page.write_text(new, encoding="utf-8")
    strip_phone_chunks(outdir)  # images no page shows, and every other builder (LaTeX: the PDF)


def setup(app):
    app.add_css_file("stt-phone.css")
    app.add_js_file("stt-phone.js", defer="defer")
    app.connect("build-finished", _size_site_images)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
