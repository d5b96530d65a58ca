"""The book's own numbering: chapters 1-5, equations and figures per chapter (Eq. (5.12), Fig. 5.3).

``_toc.yml`` numbers the "Chapters" part; ``numfig_secnum_depth: 1`` (``_config.yml``) makes
Sphinx prefix every equation, figure and exercise number with its chapter's number and restart the
count in each chapter, on the website and in the PDF alike. The introduction and the back matter
are unnumbered.

A chapter split into pages (chapter 1: an index page with learning goals, then its sections on
pages of their own) would be numbered by Sphinx as its index page's headings first and its pages
under the last of them ("1.4 Sections", "1.4.1 Spin currents"). Here a chapter's pages are its
sections 1.1, 1.2, ... and the headings of its index page are unnumbered, as in a printed book
(:func:`chapter_pages_as_sections`, run right after Sphinx numbers the sections and before it
numbers figures and equations, which take the chapter's number from them).

The page sources keep their number in the title ("# 1.2 Macrospin dynamics"), which the exported
notebooks (no Sphinx there) show as written. On the website and in the PDF Sphinx adds the number
itself, so this extension takes the written one off the title of every numbered page, after checking
that it is the number Sphinx gives the page: a written number that disagrees with the table of
contents is a warning (``-W``: the build fails), never silently replaced.
"""

from __future__ import annotations

import re

from sphinx.util import logging

logger = logging.getLogger(__name__)

#: a title's written number: "1." (a chapter), "1.2" (a section of a chapter)
WRITTEN = re.compile(r"^(?P<num>\d+(?:\.\d+)*)\.?\s+(?=\S)")


def written_number(title: str) -> tuple[str, str]:
    """(number, title without it) of a page title; number "" when it has none.

    Examples
    --------
    >>> written_number("1.2 Macrospin dynamics")
    ('1.2', 'Macrospin dynamics')
    >>> written_number("5. Mesoscopic activation")
    ('5', 'Mesoscopic activation')
    >>> written_number("Bibliography")
    ('', 'Bibliography')
    """
    m = WRITTEN.match(title)
    return (m["num"], title[m.end():]) if m else ("", title)


def _strip_title(app, doctree) -> None:
    """doctree-read, before Sphinx records the titles: take the written number off the page title,
    remembering it to check against the table of contents' numbering once that is known."""
    from docutils import nodes

    section = next(iter(doctree.findall(nodes.section)), None)
    if section is None or not len(section) or not isinstance(section[0], nodes.title):
        return
    title = section[0]
    first = title[0] if len(title) else None
    if not isinstance(first, nodes.Text) or not WRITTEN.match(str(first)):
        return
    num, rest = written_number(str(first))
    title.replace(first, nodes.Text(rest))
    if not hasattr(app.env, "stt_written_numbers"):
        app.env.stt_written_numbers = {}
    app.env.stt_written_numbers[app.env.docname] = num


def _check(app, env) -> None:
    """env-check-consistency: a written number must be the one the table of contents gives."""
    for docname, num in sorted(getattr(env, "stt_written_numbers", {}).items()):
        own = env.toc_secnumbers.get(docname, {}).get("")
        expected = ".".join(map(str, own)) if own else "no number"
        if num != expected:
            logger.warning(f"the title says {num}, the table of contents gives {expected}",
                           location=docname)


def _purge(app, env, docname) -> None:
    getattr(env, "stt_written_numbers", {}).pop(docname, None)


def _merge(app, env, docnames, other) -> None:
    theirs = getattr(other, "stt_written_numbers", {})
    if not hasattr(env, "stt_written_numbers"):
        env.stt_written_numbers = {}
    env.stt_written_numbers.update({d: theirs[d] for d in docnames if d in theirs})


def chapter_pages_as_sections(env) -> list[str]:
    """Renumber every numbered document that has pages of its own (a chapter's index page):
    its pages become its sections (chapter number + (k,)), its own headings lose their numbers.
    Returns the documents whose numbers changed (to be written again)."""
    from docutils import nodes

    changed: list[str] = []
    renumbered: list[str] = []

    def descendants(doc):
        for child in env.toctree_includes.get(doc, []):
            yield child
            yield from descendants(child)

    for doc, secnums in list(env.toc_secnumbers.items()):
        own = secnums.get("")
        children = [c for c in env.toctree_includes.get(doc, []) if c in env.toc_secnumbers]
        if not own or len(own) != 1 or not children:
            continue
        for anchor in secnums:
            if anchor:
                secnums[anchor] = ()  # the index page's own headings: unnumbered
        renumbered.append(doc)
        for k, child in enumerate(children, 1):
            old = env.toc_secnumbers[child].get("")
            if not old:
                continue
            new = own + (k,)
            for d in (child, *descendants(child)):
                renumbered.append(d)
                table = env.toc_secnumbers.get(d, {})
                for anchor, num in table.items():
                    if num[:len(old)] == old:
                        table[anchor] = new + num[len(old):]
    # the numbers the navigation and the toctrees show (reference['secnumber'] in env.tocs, the
    # title's in env.titles for the previous/next links)
    for doc in dict.fromkeys(renumbered):
        table = env.toc_secnumbers.get(doc, {})
        title = env.titles.get(doc)
        if title is not None and table.get(""):
            title["secnumber"] = list(table[""])
        toc = env.tocs.get(doc)
        if toc is None:
            continue
        for ref in toc.findall(nodes.reference):
            anchor = ref.get("anchorname", "")
            if "secnumber" in ref and anchor in table:
                ref["secnumber"] = list(table[anchor]) or None
        changed.append(doc)
    return changed


def _patch_section_numbering() -> None:
    """Run :func:`chapter_pages_as_sections` after the collector Jupyter Book registers
    (sphinx-external-toc's, which restyles numbers after Sphinx's own numbering) has numbered."""
    try:
        from sphinx_external_toc.collectors import TocTreeCollectorWithStyles as TocTreeCollector
    except ImportError:  # plain Sphinx
        from sphinx.environment.collectors.toctree import TocTreeCollector

    original = TocTreeCollector.assign_section_numbers
    if getattr(original, "stt_chapters", False):
        return

    def assign_section_numbers(self, env):
        rewrite = original(self, env)
        return sorted(set(rewrite) | set(chapter_pages_as_sections(env)))

    assign_section_numbers.stt_chapters = True
    TocTreeCollector.assign_section_numbers = assign_section_numbers


def setup(app):
    _patch_section_numbering()
    app.connect("doctree-read", _strip_title, priority=100)  # before the title and toc collectors
    app.connect("env-check-consistency", _check)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
