"""Source trees and builds of the student edition and of the PDF.

Both are Jupyter Book builds of a generated copy of the sources under
``_build/<edition>/src`` (never of the working tree, so they run beside the
website build without touching ``_build/html`` or its cache):

* student: every ``{solution}`` directive is cut out of the pages before the
  build, so no solution reaches the HTML, the search index, the downloadable
  ``.md`` sources or the notebooks (sphinx-exercise's ``hide_solutions``, also
  set, would only hide them from the HTML). The download menu's ``.ipynb``
  files are replaced by the clean student notebooks, and the Colab/Binder and
  repository buttons are switched off: they open the public repository, whose
  notebooks carry the solutions. ``_build/student/notebooks/`` holds the same
  clean notebooks for handing out.
* pdf: every solution moves to an appendix page "Solutions to the exercises",
  explorers print their default frame (image/png first in the LaTeX mime
  priority), and latexmk/xelatex make ``_build/pdf/book.pdf``.

The two builds execute the pages in static mode (SPINLIB_STATIC=1, as the
website) and share one jupyter-cache under ``_build/editions/``, invalidated per
page with the website build's keys (the spinlib modules a page imports and the
environment): the second build re-uses the first's execution. The code cells of
the generated pages are those of the book, byte for byte (retagging a cell would
change its cache key), so the PDF hides collapsed inputs in LaTeX instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from .export import ROOT, Book, as_text, is_notebook_page, pages, toc_docs
from .myst import Fence, blocks, split_directive

BUILD = ROOT / "_build"
CACHE = BUILD / "editions" / ".jupyter_cache"


KEYS = CACHE.parent / "page-keys.json"


def _forget_stale_pages() -> dict:
    """Drop the cached executions of every page whose key changed; return the current keys.

    The keys are the website build's (tools/build_book.py: the spinlib modules a page
    imports, transitively, and the environment), kept separately for the editions' cache.
    jupyter-cache matches on a notebook's code alone, so a record is removed under every
    edition's copy of the page (``_build/<edition>/src/<page>``) and of the website.
    """
    from ..build_book import book_pages, stale_pages

    stale, keys = stale_pages(ROOT, KEYS)
    # The website's cache, read-only: when its last successful build is current for every page
    # (its own keys file says so), a copy of it saves executing the book once more (in `make
    # test`, `make book` runs first).
    site_cache, site_stale = BUILD / ".jupyter_cache", stale_pages(ROOT, BUILD / ".page-keys.json")[0]
    if stale and not site_stale and site_cache.exists():
        shutil.rmtree(CACHE, ignore_errors=True)
        shutil.copytree(site_cache, CACHE)
        print("editions: execution cache copied from the website build (current for every page)")
        return keys
    if stale and CACHE.exists():
        from jupyter_cache import get_cache

        rels = {str(p.relative_to(ROOT)) for doc, p in book_pages(ROOT).items() if doc in stale}
        cache = get_cache(str(CACHE))
        for record in cache.list_cache_records():
            uri = Path(record.uri).as_posix()
            if any(uri.endswith(f"/{rel}") for rel in rels):  # copies, or the website's own
                cache.remove_cache(record.pk)
    print(f"editions: pages to execute again: {', '.join(stale) or 'none'}", flush=True)
    return keys


def _remember(keys: dict) -> None:
    KEYS.parent.mkdir(parents=True, exist_ok=True)
    KEYS.write_text(json.dumps(keys, indent=1, sort_keys=True))


def cut_solutions(text: str) -> tuple[str, list[tuple[str, str, str]]]:
    """Remove every top-level ``{solution}`` directive; return the text and (label, options, body)."""
    out, cut = [], []
    for b in blocks(text):
        if isinstance(b, Fence) and b.directive and b.directive["name"] == "solution":
            opts, content = split_directive(b.body)
            cut.append((b.directive["arg"].strip(), opts, content, b.fence))
            continue
        out.append(b if isinstance(b, str) else
                   "\n".join([b.indent + b.fence + b.info, *(b.indent + x if x else x for x in b.body),
                              b.indent + b.fence]))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)), cut


_STUDENT_EXT = '''"""Student edition: offer the clean student notebook in every notebook page's download menu.

sphinx-book-theme lists an .ipynb download only when a launch button is configured; the
student edition has none (they would open the repository, whose notebooks hold the
solutions). The build script writes the notebooks to _sources/<page>.ipynb afterwards.
"""
from pathlib import Path


def _offer_notebook(app, pagename, templatename, context, doctree):
    page = Path(app.srcdir, pagename + ".md")
    if page.exists() and page.read_text().lstrip().startswith("---\\njupytext"):
        context["ipynb_source"] = pagename + ".ipynb"


def setup(app):
    app.connect("html-page-context", _offer_notebook, priority=500)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
'''


def _copy_sources(dest: Path) -> None:
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, dest / name)
    def ignore(folder, names):  # the exported copies of pages (rewritten per edition), caches
        skip = {n for n in names if n.endswith(".ipynb") and n[:-6] + ".md" in names}
        return skip | set(shutil.ignore_patterns("_build", ".*", "__pycache__")(folder, names))
    shutil.copytree(ROOT / "book", dest / "book", ignore=ignore)


def _write_config(dest: Path, edit) -> None:
    cfg = yaml.safe_load((dest / "_config.yml").read_text())
    cfg.setdefault("execute", {})["cache"] = str(CACHE)
    edit(cfg)
    (dest / "_config.yml").write_text(yaml.safe_dump(cfg, sort_keys=False, allow_unicode=True))


def _jupyter_book(src: Path, builder: str) -> None:
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(src),
           "--builder", builder, "-W", "-n", "--keep-going", "--all"]
    env = {**os.environ, "SPINLIB_STATIC": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    print("+", " ".join(cmd), flush=True)
    subprocess.run(cmd, cwd=src, env=env, check=True)


def student() -> Path:
    """Build ``_build/student/html`` and ``_build/student/notebooks``; return the edition's folder."""
    t0 = time.time()
    out = BUILD / "student"
    src = out / "src"
    _copy_sources(src)
    for page in sorted((src / "book").rglob("*.md")):
        text, _ = cut_solutions(page.read_text())
        page.write_text(text)

    def edit(cfg):
        cfg["title"] = cfg.get("title", "") + " (student edition)"
        cfg.setdefault("sphinx", {}).setdefault("config", {})["hide_solutions"] = True
        cfg["launch_buttons"] = {"notebook_interface": "jupyterlab"}  # no Colab/Binder: they open the repo
        cfg["sphinx"].setdefault("local_extensions", {})["stt_student"] = "_ext_student"
        html = cfg.setdefault("html", {})
        html.update(use_repository_button=False, use_issues_button=False, use_edit_page_button=False)
    (src / "_ext_student").mkdir()
    (src / "_ext_student" / "stt_student.py").write_text(_STUDENT_EXT)
    _write_config(src, edit)
    keys = _forget_stale_pages()
    _jupyter_book(src, "html")
    _remember(keys)
    html = out / "html"
    if html.exists():
        shutil.rmtree(html)
    shutil.copytree(src / "_build" / "html", html)
    # The notebooks: clean student exports, also served by the download menu. The glued values
    # come from the pages this build has just executed (same code cells, fresh cache).
    notebooks = out / "notebooks"
    shutil.rmtree(notebooks, ignore_errors=True)
    executed = src / "_build" / "jupyter_execute"
    known = {}
    for page in pages():  # myst-nb moves glued outputs of an executed page to <page>.glue.json
        stored = executed / page.relative_to(ROOT).with_suffix(".glue.json")
        if stored.exists():  # (a page without glue has none; Book then finds it needs none)
            known[page] = {k: v["data"] for k, v in json.loads(stored.read_text()).items()}
    book = Book(verbose=True, known_glue=known)
    for page in pages():
        rel = page.relative_to(ROOT).with_suffix(".ipynb")
        text = as_text(book.export(page, student=True))
        for target in (notebooks / rel.relative_to("book"), html / "_sources" / rel):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    print(f"student edition: {html / 'index.html'} and {notebooks}/ ({time.time() - t0:.0f} s)")
    return out


SOLUTIONS_DOC = "book/appendix_solutions"
#: documents the PDF leaves out (a path prefix of their docnames): the API reference stays online
PDF_LEAVES_OUT = ("book/api/",)

LATEX_PREAMBLE = r"""
% A citation (a hyperlink) inside a figure caption breaks LaTeX's moving arguments.
\usepackage{etoolbox}\robustify\DUrole\robustify\hyperlink
% On paper a collapsed input cannot be opened: the input of a hide-input cell is typeset
% into a box that is thrown away (its output stays). Done here rather than by retagging the
% cells, so the pages keep the website's code cells and the execution cache is shared.
\newif\ifsttHideInput
\newenvironment{sphinxclasstag_hide-input}{\sttHideInputtrue}{}
\newenvironment{sphinxclasscell_input}{\ifsttHideInput\setbox0\vbox\bgroup\fi}{\ifsttHideInput\egroup\fi}
"""


def pdf() -> Path:
    """Build ``_build/pdf/book.pdf`` (LaTeX via jupyter-book, then latexmk with xelatex)."""
    t0 = time.time()
    out = BUILD / "pdf"
    src = out / "src"
    _copy_sources(src)
    docs, _ = toc_docs(src)
    appendix = ["# Solutions to the exercises", "",
                "The solutions of every chapter's exercises, in the order of the chapters.", ""]
    for doc in docs:
        page = src / f"{doc}.md"
        if not page.exists():
            continue
        text, cut = cut_solutions(page.read_text())
        page.write_text(text)
        if not cut:
            continue
        title = re.search(r"^# (.+)$", text, flags=re.M)
        appendix += [f"## {title[1] if title else doc}", ""]
        # glued values are looked up in the solution's own page ({glue:text}`/book/x.md::key:fmt`)
        own_page = rf"{{\1}}`/{doc}{page.suffix}::\2`"
        for label, opts, body, fence in cut:
            body = re.sub(r"\{(glue(?::\w*)?)\}`(?![^`]*::)([^`]+)`", own_page, body)
            opts = {k: v for k, v in opts.items() if k != "class"}  # no dropdown on paper
            lines = [f"{fence}{{solution}} {label}", *(f":{k}: {v}" for k, v in opts.items()), "", body,
                     fence, ""]
            appendix += lines
    (src / f"{SOLUTIONS_DOC}.md").write_text("\n".join(appendix))
    toc = yaml.safe_load((src / "_toc.yml").read_text())
    for part in toc.get("parts", []):  # the API reference stays online: a textbook prints no docstrings
        part["chapters"] = [c for c in part["chapters"] if not c["file"].startswith(PDF_LEAVES_OUT)]
    toc.setdefault("parts", []).append({"caption": "Appendix", "chapters": [{"file": SOLUTIONS_DOC}]})
    (src / "_toc.yml").write_text(yaml.safe_dump(toc, sort_keys=False))

    def edit(cfg):
        latex = cfg.setdefault("latex", {})
        latex["latex_engine"] = "xelatex"
        # sphinx-jupyterbook-latex's class needs bbm.sty, which Debian ships only in the 1.4 GB
        # texlive-fonts-extra; Sphinx's own LaTeX writer needs none of it.
        latex["use_jupyterbook_latex"] = False
        latex.setdefault("latex_documents", {})["targetname"] = "book.tex"
        sphinx_cfg = cfg.setdefault("sphinx", {}).setdefault("config", {})
        # Explorers print their default frame: images before HTML for LaTeX.
        sphinx_cfg["nb_mime_priority_overrides"] = [
            ["latex", "image/png", 10], ["latex", "image/jpeg", 20], ["latex", "text/latex", 30],
            ["latex", "text/html", None], ["latex", "text/plain", 90]]
        sphinx_cfg.setdefault("latex_elements", {}).update(preamble=LATEX_PREAMBLE, papersize="a4paper")
    _write_config(src, edit)
    keys = _forget_stale_pages()
    _jupyter_book(src, "latex")
    _remember(keys)
    latex_dir = src / "_build" / "latex"
    subprocess.run(["latexmk", "-xelatex", "-interaction=nonstopmode", "-halt-on-error", "-quiet",
                    "book.tex"], cwd=latex_dir, check=True)
    shutil.copy2(latex_dir / "book.pdf", out / "book.pdf")
    print(f"PDF: {out / 'book.pdf'} ({time.time() - t0:.0f} s)")
    return out


def solution_bodies(root: Path = ROOT) -> list[tuple[str, str]]:
    """(page, body) of every solution in the book's sources, for the tests."""
    found = []
    for page in sorted((root / "book").rglob("*.md")):
        for label, _, body, _ in cut_solutions(page.read_text())[1]:
            found.append((f"{page.relative_to(root)}:{label}", body))
    return found


__all__ = ["PDF_LEAVES_OUT", "student", "pdf", "cut_solutions", "solution_bodies", "is_notebook_page"]
