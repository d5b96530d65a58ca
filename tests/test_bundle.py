"""One stylesheet and one script per page (book/_ext/stt_bundle.py), on a made-up site.

The expectations are what a browser does with the original page: the cascade order of the
stylesheets (an @import is read where it stands), what each url() points to, the order in which
scripts run (scripts that do not wait in document order, then the deferred ones).
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from conftest import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))

import stt_bundle  # noqa: E402

PAGE = """<!DOCTYPE html><html><head>
<script data-cfasync="false">document.documentElement.dataset.mode = "auto";</script>
<link href="../_static/styles/theme.css?digest=1" rel="stylesheet" />
<link rel="stylesheet" type="text/css" href="../_static/b.css?v=2" />
<link rel="stylesheet" href="../_static/print.css" media="print" />
<script src="../_static/documentation_options.js?v=1"></script>
<script>(function(){var r=document.documentElement;r.dataset.theme="light";})();</script>
<script defer="defer" src="../_static/late.js"></script>
<script>let hint = 'Click';</script>
<script data-prefix="p-" src="../_static/tabs.js"></script>
<script>DOCUMENTATION_OPTIONS.pagename = 'sub/page';</script>
<link rel="preload" as="script" href="../_static/scripts/theme.js?digest=1" />
</head><body><p>text</p><script>document.write('x')</script>
<script type="application/json" class="data">{"a": 1}</script>
<script src="../_static/scripts/theme.js?digest=1"></script>
</body></html>"""


def make_site(root: Path) -> Path:
    static = root / "_static"
    (static / "styles").mkdir(parents=True)
    (static / "img").mkdir()
    (static / "img" / "dot.png").write_bytes(b"png")
    (static / "basic.css").write_text("p{margin:0}")
    (static / "styles" / "theme.css").write_text('@import "../basic.css";\n'
                                                 'h1{background:url(../img/dot.png)}')
    (static / "b.css").write_text('@charset "utf-8";\np{margin:1px;background:url("img/dot.png")}\n'
                                  'q{background:url(data:image/png;base64,AAAA)}\n'
                                  '/*# sourceMappingURL=b.css.map */')
    (static / "print.css").write_text("p{color:black}")
    (static / "documentation_options.js").write_text("const DOCUMENTATION_OPTIONS = {};")
    (static / "late.js").write_text("window.order.push('late');")
    (static / "tabs.js").write_text("window.order.push(document.currentScript.dataset.prefix);")
    (static / "scripts").mkdir()
    (static / "scripts" / "theme.js").write_text("window.order.push('theme');")
    (root / "sub").mkdir()
    page = root / "sub" / "page.html"
    page.write_text(PAGE)
    return page


def test_stylesheets_become_one_file_in_cascade_order(tmp_path):
    page = make_site(tmp_path)
    stt_bundle.bundle_site(tmp_path)
    text = page.read_text()
    sheets = [h for h in re.findall(r'<link rel="stylesheet" href="([^"]+)"', text) if "print" not in h]
    assert len(sheets) == 1 and 'href="../_static/print.css" media="print"' in text  # not for the screen
    css = (page.parent / sheets[0]).read_text()
    # @import read where it stands, before the rules of its sheet, then the next sheet
    assert css.index("p{margin:0}") < css.index("h1{") < css.index("p{margin:1px")
    assert "@import" not in css and "@charset" not in css and "sourceMappingURL" not in css
    # every url() points at the file the original sheet pointed at
    bundle_dir = (page.parent / sheets[0]).parent
    for ref in re.findall(r'url\("?([^")]+)"?\)', css):
        if not ref.startswith("data:"):
            assert (bundle_dir / ref).resolve() == (tmp_path / "_static" / "img" / "dot.png").resolve(), ref
    assert "url(data:image/png;base64,AAAA)" in css


def test_scripts_become_one_file_in_the_order_they_ran(tmp_path):
    page = make_site(tmp_path)
    stt_bundle.bundle_site(tmp_path)
    text = page.read_text()
    srcs = re.findall(r'<script\b[^>]*\bsrc="([^"]+)"', text)
    assert len(srcs) == 1
    tag = re.search(r"<script\b[^>]*\bsrc=[^>]*>", text).group(0)
    assert 'data-prefix="p-"' in tag and "defer" not in tag
    # run at the end of the body (scripts that wait for the DOM still find it loading), fetched
    # from the head
    assert text.index(tag) > text.index("document.write('x')") and text.index(tag) > text.index('{"a": 1}')
    assert f'<link rel="preload" as="script" href="{srcs[0]}" />' in text.split("</head>")[0]
    js = (page.parent / srcs[0]).read_text()
    # the scripts that did not wait, in document order, the theme's at the end of the body, then
    # the deferred one
    order = [js.index(s) for s in ("const DOCUMENTATION_OPTIONS", "let hint", "currentScript",
                                   "DOCUMENTATION_OPTIONS.pagename", "'theme'", "'late'")]
    assert order == sorted(order)
    # the page name comes from the page (the bundle is shared); the inline colour-mode scripts,
    # the body's inline scripts and JSON stay on the page
    assert '<meta name="stt-pagename" content="sub/page" />' in text and "sub/page" not in js
    assert 'dataset.mode = "auto"' in text and 'dataset.theme="light"' in text
    assert "document.write('x')" in text and '{"a": 1}' in text
    assert "scripts/theme.js" not in text


def test_pages_with_the_same_assets_share_a_bundle_and_a_rebuild_refreshes_it(tmp_path):
    page = make_site(tmp_path)
    other = tmp_path / "other.html"
    other.write_text(PAGE.replace("../_static", "_static").replace("sub/page", "other"))
    stt_bundle.bundle_site(tmp_path)
    css_a = re.search(r'<link rel="stylesheet" href="([^"]+)"', page.read_text()).group(1)
    css_b = re.search(r'<link rel="stylesheet" href="([^"]+)"', other.read_text()).group(1)
    assert (page.parent / css_a).resolve() == (tmp_path / css_b).resolve()
    # an incremental build: the theme's sheet changed, the pages were not written again
    (tmp_path / "_static" / "b.css").write_text("p{margin:2px}")
    before = page.read_text()
    assert stt_bundle.bundle_site(tmp_path)["styles_bundled"] == 0
    assert page.read_text() == before
    assert "p{margin:2px}" in (page.parent / css_a).read_text()
    assert os.path.exists(tmp_path / "_static" / "stt-bundles.json")
