"""Local Sphinx extension of the book.

* Drops sphinx-thebe's scripts: the book does not use Thebe (live cells need a
  remote Binder), and sphinx-thebe 0.3 with Sphinx 7.4 injects its inline
  script twice ("THEBE_JS_URL has already been declared" in the console).
* Adds the small stylesheet of the precomputed interactive figures
  (spinlib.widgets), kept outside _static so it is not injected blindly.
"""

from __future__ import annotations

from pathlib import Path

ASSETS = Path(__file__).parent / "assets"


def _drop_thebe(app, pagename, templatename, context, doctree):
    for key in ("script_files", "css_files"):
        files = context.get(key)
        if files:
            context[key] = [f for f in files if "thebe" not in (str(f) + str(getattr(f, "attributes", {})))]


def setup(app):
    app.config.html_static_path.append(str(ASSETS))
    app.add_css_file("stt-explorer.css")
    app.connect("html-page-context", _drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
