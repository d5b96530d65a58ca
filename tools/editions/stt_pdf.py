"""Sphinx extension of the PDF edition only (registered by tools/editions/trees.py): the book's
structure on paper.

The LaTeX writer turns every document of the table of contents into a ``\\chapter`` and numbers
chapters, figures and equations with LaTeX's counters. The PDF must number as the website does
(tools/editions/trees.py builds it from a generated root page whose only content is the table of
contents):

* front matter (the introduction) and back matter (the course page): unnumbered chapters, their
  figures numbered plainly (Fig. 1) as on the website;
* the five chapters: Chapter 1 ... Chapter 5, figures and equations per chapter (Fig. 5.3,
  Eq. (5.12): ``numfig_secnum_depth: 1`` makes Sphinx reset them at each chapter);
* a chapter split into pages (chapter 1): the pages are its sections 1.1 ... 1.4, lifted out of the
  heading of the index page under which the table of contents sits; the index page's own headings
  are unnumbered, as on the website (book/_ext/stt_numbering.py);
* the appendix: solutions to the exercises, "Appendix A", its headings unnumbered (they are the
  titles of the pages whose exercises they solve, "1.2 Macrospin dynamics");
* a reference to an exercise of another page ("Exercise 2.2"): sphinx-exercise writes the LaTeX
  label of an exercise as ``exercise:<label>`` and rewrites only references within one page to it;
  the others would point at ``<page>:<label>``, which nothing defines, and print "??";
* cells that time code (``time.perf_counter``, an explorer's ``.benchmark()``, ``%timeit``) are
  left out: their output is a measurement of the machine that built the book, not its content.

The parts are given by the config value ``stt_pdf_parts``: {first document of a part: "front" |
"main" | "back" | "appendix"}.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

#: LaTeX for the preamble: the switches the markers below call
PREAMBLE = r"""
% Parts of the book (tools/editions/stt_pdf.py): unnumbered front and back matter, numbered
% chapters, an appendix. \sttdepth: the section depth Sphinx numbers, kept at \begin{document}.
\AtBeginDocument{\edef\sttdepth{\the\value{secnumdepth}}}
\newcommand\sttunnumbered{\setcounter{secnumdepth}{-1}}
\newcommand\sttnumbered{\setcounter{secnumdepth}{\sttdepth}}
\newcommand\sttpart[1]{%
  \ifcase#1\relax
    \sttunnumbered\or                                   % 0: front matter
    \sttnumbered\setcounter{chapter}{0}\or              % 1: the chapters
    \sttunnumbered\or                                   % 2: back matter
    \appendix\setcounter{secnumdepth}{0}\fi}            % 3: appendix (its headings name
                                                        %    the sections they answer)
% tables in a smaller size: their columns are sized for it (tools/editions/trees.py, pdf_tables)
\AtBeginEnvironment{longtable}{\small}
% headings of a chapter's index page: unnumbered (its pages are the numbered sections)
\newcommand\sttindexheadings{\setcounter{secnumdepth}{0}}
"""

PARTS = {"front": 0, "main": 1, "back": 2, "appendix": 3}


def _raw(tex: str) -> nodes.raw:
    return nodes.raw("", tex + "\n", format="latex")


def _section_of(node: nodes.Node):
    """The section a node sits in, through the compound wrapper of a toctree."""
    parent = node.parent
    while isinstance(parent, nodes.compound):
        parent = parent.parent
    return parent


def lift_chapter_pages(doctree: nodes.Node) -> list[str]:
    """Move each page included under a heading of its chapter's index page up to the chapter's
    level, after that heading's section; the index page's headings become unnumbered. Returns the
    docnames of the pages moved."""
    # Sphinx's inline_all_toctrees gives each start_of_file the children of the included page
    # without re-parenting them: a page's title section is found through its start_of_file.
    titled = {id(child): sof for sof in doctree.findall(addnodes.start_of_file) for child in sof.children
              if isinstance(child, nodes.section)}
    moved, chapters = [], {}
    for page in list(doctree.findall(addnodes.start_of_file)):
        heading = _section_of(page)
        chapter = heading.parent if isinstance(heading, nodes.section) else None
        if not isinstance(chapter, nodes.section) or id(chapter) not in titled:
            continue
        # heading: a heading (H2) of the index page; chapter: the index page's title section
        after = chapter.index(heading)
        placed = [n for n in chapter.children[after + 1:] if isinstance(n, addnodes.start_of_file)]
        page.parent.remove(page)
        chapter.insert(chapter.index(placed[-1]) + 1 if placed else after + 1, page)
        moved.append(page["docname"])
        chapters[id(chapter)] = chapter
    for chapter in chapters.values():
        chapter.insert(1, _raw(r"\sttindexheadings"))  # right after the chapter's title
        first = next(n for n in chapter.children if isinstance(n, addnodes.start_of_file))
        chapter.insert(chapter.index(first), _raw(r"\sttnumbered"))
    return moved


def mark_parts(doctree: nodes.Node, parts: dict[str, str]) -> list[str]:
    """Insert the part switches before the first document of each part; returns those found."""
    found = []
    for page in list(doctree.findall(addnodes.start_of_file)):
        part = parts.get(page["docname"])
        if part is None:
            continue
        page.parent.insert(page.parent.index(page), _raw(rf"\sttpart{{{PARTS[part]}}}"))
        found.append(page["docname"])
    return found


TIMING = re.compile(r"\bperf_counter\(|\.benchmark\(|%%?timeit\b")


def drop_timing_cells(doctree: nodes.Node) -> int:
    """Remove every code cell (input and output) that times code; returns how many."""
    dropped = 0
    for cell in list(doctree.findall(nodes.container)):
        if "cell" not in cell.get("classes", []) or cell.parent is None:
            continue
        code = "".join(n.astext() for n in cell.findall(nodes.literal_block)
                       if "cell_input" in n.parent.get("classes", []))
        if TIMING.search(code):
            cell.parent.remove(cell)
            dropped += 1
    return dropped


def _structure(app, doctree, docname) -> None:
    if app.builder.name != "latex" or docname != app.config.root_doc:
        return
    parts = app.config.stt_pdf_parts or {}
    found = mark_parts(doctree, parts)
    missing = sorted(set(parts) - set(found))
    if missing:
        raise RuntimeError(f"stt_pdf: parts start at documents not in the PDF: {missing}")
    lift_chapter_pages(doctree)
    drop_timing_cells(doctree)


class CrossPageExerciseReferences(SphinxPostTransform):
    """Point a reference to an exercise on another page (``refuri`` "%<page>#<label>" in the LaTeX
    builder) at the label sphinx-exercise gives the exercise (``exercise:<label>``), with the text
    the website shows ("Exercise 2.2"). The titles of the appendix's solutions are left to
    sphinx-exercise, which resolves them itself."""

    default_priority = 21
    formats = ("latex",)

    def run(self, **kwargs) -> None:
        from sphinx.util.texescape import escape
        from sphinx_exercise.nodes import solution_node

        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for ref in list(self.document.findall(nodes.reference)):
            page, _, label = ref.get("refuri", "").partition("#")
            if not (page.startswith("%") and label in registry):
                continue
            if any(isinstance(a, solution_node) for a in _ancestors(ref)):
                continue
            tex = rf"\hyperref[exercise:{label}]{{{escape(ref.astext())}}}"
            ref.replace_self(nodes.raw("", tex, format="latex"))


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def setup(app):
    app.add_config_value("stt_pdf_parts", {}, "env")
    app.add_post_transform(CrossPageExerciseReferences)
    app.connect("doctree-resolved", _structure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
