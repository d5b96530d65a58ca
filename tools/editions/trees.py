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

from . import stt_pdf
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
#: the PDF's root page (its title only; see pdf()) and the page whose place the LaTeX bibliography takes
PDF_ROOT = "book/pdf_book"
PDF_BIBLIOGRAPHY = "book/bibliography"
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


_PIPE_ROW = re.compile(r"^\|.*\|\s*$")
_CELL_MARKUP = re.compile(r"\{[\w:.-]+\}`([^`<]*?)(?:\s*<[^>]*>)?`|`([^`]*)`|\$([^$]*)\$|\*\*?")
#: characters of the tables' \\small text on the PDF's line (A4, Sphinx's margins), for column widths
LINE_CHARS = 100


def _cell_text(cell: str) -> str:
    return _CELL_MARKUP.sub(lambda m: next((g for g in m.groups() if g is not None), ""), cell).strip()


def _words(cell: str) -> list[float]:
    """The widths (in characters) of a cell's unbreakable pieces: words of text; code (wider
    glyphs) breaks after a dot (Sphinx lets LaTeX break inline code there)."""
    widths = []
    for m in re.finditer(r"`([^`]*)`|([^`]+)", cell):
        if m[1] is not None:
            widths += [1.2 * len(piece) for piece in re.split(r"(?<=\.)", m[1]) if piece]
        else:
            widths += [len(w) for w in _cell_text(m[2]).split()]
    return widths or [1.0]


def table_columns(rows: list[list[str]], line_chars: float = LINE_CHARS) -> list[int]:
    """Widths (per mille of the line) of a table's columns for LaTeX: each column at least as wide
    as its longest unbreakable piece, the rest shared by the columns' mean text length."""
    ncol = max(len(r) for r in rows)
    cells = [[r[i] if i < len(r) else "" for r in rows] for i in range(ncol)]
    # the header row is set in bold sans serif: its words count wider
    longest = [max(max(1.3 * w for w in _words(col[0])), *(max(_words(c)) for c in col[1:]))
               for col in cells]
    mean = [sum(len(_cell_text(c)) for c in col) / max(1, sum(1 for c in col if c.strip())) for col in cells]
    need = [(w + 2) / line_chars for w in longest]  # the piece plus the column's padding
    if sum(need) >= 1:  # cannot fit: widths by need (the PDF test then reports the overfull box)
        return [max(1, round(1000 * n / sum(need))) for n in need]
    share = [max(m, w) for m, w in zip(mean, longest, strict=True)]
    widths = [x / sum(share) for x in share]
    for _ in range(ncol):  # raise the too-narrow columns to their longest piece, take it from the rest
        short = [i for i in range(ncol) if widths[i] < need[i] - 1e-9]
        if not short:
            break
        for i in short:
            widths[i] = need[i]
        rest = [i for i in range(ncol) if widths[i] > need[i] + 1e-9]
        excess = sum(widths) - 1
        room = sum(widths[i] - need[i] for i in rest)
        for i in rest:
            widths[i] -= excess * (widths[i] - need[i]) / room
    return [max(1, round(1000 * w)) for w in widths]


def pdf_tables(text: str) -> str:
    """Every top-level pipe table of a page, for the PDF: a longtable (it breaks across pages
    instead of running over the footer) with column widths from its content (its words stay
    inside the margins; LaTeX's tabulary squeezes narrow headers past them)."""
    out = []
    for b in blocks(text):
        if isinstance(b, Fence):
            out.append("\n".join([b.indent + b.fence + b.info, *(b.indent + x if x else x for x in b.body),
                                   b.indent + b.fence]))
            continue
        lines, i, done = b.split("\n"), 0, []
        while i < len(lines):
            header = _PIPE_ROW.match(lines[i]) and i + 1 < len(lines)
            if header and re.match(r"^\|[\s:|-]+\|\s*$", lines[i + 1]):
                j = i
                while j < len(lines) and _PIPE_ROW.match(lines[j]):
                    j += 1
                table = lines[i:j]
                rows = [re.split(r"(?<!\\)\|", row.strip())[1:-1] for k, row in enumerate(table) if k != 1]
                spec = "".join(rf"\X{{{w}}}{{1000}}" for w in table_columns(rows))
                done += ["```{tabularcolumns} " + spec, "```", "", "````{table}", ":class: longtable", "",
                         *table, "````"]
                i = j
                continue
            done.append(lines[i])
            i += 1
        out.append("\n".join(done))
    return "\n".join(out)


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
        page.write_text(pdf_tables(text))
        if not cut:
            continue
        title = re.search(r"^# (.+)$", text, flags=re.M)
        # the page's title as the PDF numbers it: "1.2 Macrospin dynamics", "2 Magnon-assisted ..."
        heading = re.sub(r"^(\d+(?:\.\d+)*)\.\s+", r"\1 ", title[1]) if title else doc
        appendix += [f"## {heading}", ""]
        # glued values are looked up in the solution's own page ({glue:text}`/book/x.md::key:fmt`)
        own_page = rf"{{\1}}`/{doc}{page.suffix}::\2`"
        for label, opts, body, fence in cut:
            body = re.sub(r"\{(glue(?::\w*)?)\}`(?![^`]*::)([^`]+)`", own_page, body)
            opts = {k: v for k, v in opts.items() if k != "class"}  # no dropdown on paper
            lines = [f"{fence}{{solution}} {label}", *(f":{k}: {v}" for k, v in opts.items()), "", body,
                     fence, ""]
            appendix += lines
    # The bibliography once, at the end: the LaTeX writer gathers every citation into its own
    # "Bibliography" chapter, so the page of that name would print empty; its directive moves here.
    appendix += ["```{bibliography}", "```", ""]
    (src / f"{SOLUTIONS_DOC}.md").write_text("\n".join(appendix))
    toc = yaml.safe_load((src / "_toc.yml").read_text())
    intro = toc["root"]
    # A root page holding only the title: the LaTeX writer makes the root page's headings chapters
    # (the introduction would be five one-page chapters); under this root every page of the table
    # of contents is one chapter, the introduction included.
    (src / f"{PDF_ROOT}.md").write_text(f"# {yaml.safe_load((src / '_config.yml').read_text())['title']}\n")
    intro_page = src / f"{intro}.md"
    intro_page.write_text(re.sub(r"^# .+$", "# Introduction", intro_page.read_text(), count=1, flags=re.M))
    parts = {intro: "front"}
    kept = []
    for part in toc.get("parts", []):  # the API reference stays online: a textbook prints no docstrings
        part["chapters"] = [c for c in part["chapters"] if not c["file"].startswith(PDF_LEAVES_OUT)
                            and c["file"] != PDF_BIBLIOGRAPHY]
        if part["chapters"]:
            parts[part["chapters"][0]["file"]] = "main" if part.get("numbered") else "back"
            kept.append(part)
    toc["root"] = PDF_ROOT
    toc["parts"] = [{"caption": "Introduction", "chapters": [{"file": intro}]}, *kept,
                    {"caption": "Appendix", "chapters": [{"file": SOLUTIONS_DOC}]}]
    parts[SOLUTIONS_DOC] = "appendix"
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
        # chapter headings "Chapter 1" (fncychap's Bjarne style, Sphinx's default, spells "CHAPTER ONE")
        sphinx_cfg.setdefault("latex_elements", {}).update(
            preamble=LATEX_PREAMBLE + stt_pdf.PREAMBLE, papersize="a4paper", fncychap="")
        sphinx_cfg["stt_pdf_parts"] = parts
        cfg["sphinx"].setdefault("local_extensions", {})["stt_pdf"] = str(Path(stt_pdf.__file__).parent)
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
