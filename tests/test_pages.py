"""Static checks of the chapter sources (cheap, before any execution)."""

import re

import jupytext
import pytest
from conftest import ROOT, is_notebook, source_of, toc_files
from markdown_it import MarkdownIt

from tools.add_setup_cell import MARK

PAGES = [source_of(doc) for doc in toc_files() if is_notebook(source_of(doc))]


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_every_code_cell_is_a_code_cell(page):
    """A backtick fence whose title holds backticks (e.g. {cite:t}`key` in an admonition title)
    makes jupytext swallow the following code cells into markdown, silently. Count them."""
    text = page.read_text()
    declared = len(re.findall(r"^```\{code-cell\}", text, flags=re.M))
    parsed = sum(c.cell_type == "code" for c in jupytext.read(page).cells)
    assert parsed == declared, f"{page.name}: {declared} code cells written, {parsed} parsed"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_one_title_per_page(page):
    tokens = MarkdownIt("commonmark").parse(page.read_text())
    titles = [t for t in tokens if t.type == "heading_open" and t.tag == "h1"]
    assert len(titles) == 1, f"{page.name}: {len(titles)} top-level titles"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_page_has_colab_setup_cell(page):
    """Colab opens a lone .ipynb: the first code cell must install spinlib there (tools/add_setup_cell.py)."""
    first = next(c for c in jupytext.read(page).cells if c.cell_type == "code")
    assert MARK in first.source and "remove-cell" in first.metadata.get("tags", [])


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_directives_do_not_nest_equal_fences(page):
    """A ```python block inside a ```{solution} closes the solution early (use ```` outside)."""
    for token in MarkdownIt("commonmark").parse(page.read_text()):
        if token.type == "fence" and token.info.startswith("{"):
            inner = [line for line in token.content.splitlines() if line.startswith(token.markup)]
            assert not inner, f"{page.name}: {token.info} contains a nested {token.markup} fence"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_references_do_not_repeat_their_kind(page):
    """A reference to an exercise renders as "Exercise 5": "Exercise {ref}`ex-...`" reads
    "Exercise Exercise 5" (same for figures and solutions). Write {ref}`ex-...` alone."""
    doubled = re.findall(r"\b(Exercise|Solution|Figure|Fig\.)\s+\{(?:ref|numref)\}`[^`<]*`", page.read_text())
    assert not doubled, f"{page.name}: {len(doubled)} references preceded by their own kind: {doubled}"


def test_bibliography_parses_and_holds_every_cited_key():
    """book/references.bib as sphinxcontrib-bibtex reads it (pybtex, strict): one unclosed entry
    stops the whole build, so it is checked here, before the build; and every key a page cites is in it."""
    from pybtex.database import parse_file

    entries = parse_file(str(ROOT / "book" / "references.bib"), "bibtex").entries
    cited = set()
    for doc in toc_files():
        for keys in re.findall(r"\{cite:?[\w:]*\}`([^`]+)`", source_of(doc).read_text()):
            cited |= {k.strip() for k in keys.split(",")}
    assert cited and not cited - set(entries), sorted(cited - set(entries))
