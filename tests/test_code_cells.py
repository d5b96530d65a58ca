"""One code-cell rule across the book (COMMON standard, DESIGN "Book standards").

Every code cell of every page under book/ (the API reference excepted) says how a reader meets it,
with exactly the tags the website and the exported notebooks understand:

* ``remove-cell``: the setup cell (tools/add_setup_cell.py) and cells that only compute or glue;
* ``hide-input`` (or ``remove-input``): a figure or an explorer whose code is not the lesson, shown
  behind a collapsed "show code" toggle (or not at all);
* ``show-code``: the code *is* the lesson, a short call a reader is meant to read and copy; at most
  three such cells on a page, so that no cell is shown only out of habit.

An untagged cell, or a page with more than three ``show-code`` cells, fails, naming the page and the
first line of the cell.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest

from tools.book import is_notebook

ROOT = Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
KINDS = {"remove-cell", "hide-input", "remove-input", "show-code"}
MAX_SHOWN = 3


def pages() -> list[Path]:
    """Every MyST notebook page under book/, except the API reference and the Sphinx extensions."""
    return sorted(p for p in BOOK.rglob("*.md")
                  if not {"api", "_ext"} & set(p.relative_to(BOOK).parts[:-1])
                  and not any(part.startswith(".") for part in p.relative_to(BOOK).parts)
                  and is_notebook(p))


def rule_breaks(text: str, fmt: str = "md:myst") -> list[str]:
    """What breaks the rule in a page's text: untagged (or wrongly tagged) cells, too many shown."""
    nb = jupytext.reads(text, fmt=fmt)
    found, shown = [], []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        tags = set(cell.metadata.get("tags", []))
        first = (cell.source.strip().splitlines() or [""])[0][:70]
        if not tags & KINDS:
            found.append(f"cell {i} has none of {sorted(KINDS)}: {first!r}")
        elif "show-code" in tags and tags & (KINDS - {"show-code"}):
            found.append(f"cell {i} is both shown and hidden ({sorted(tags & KINDS)}): {first!r}")
        elif "show-code" in tags:
            shown.append(first)
    if len(shown) > MAX_SHOWN:
        found.append(f"{len(shown)} show-code cells (at most {MAX_SHOWN}): {shown}")
    return found


PAGES = pages()


def test_the_rule_sees_the_pages():
    names = {p.relative_to(BOOK).as_posix() for p in PAGES}
    assert {"torque/llg.md", "magnon_transport/model.md", "manybody/decoherence.md"} <= names
    assert not any(n.startswith("api/") for n in names)


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(BOOK).as_posix() for p in PAGES])
def test_every_code_cell_says_how_it_is_shown(page):
    breaks = rule_breaks(page.read_text())
    assert not breaks, f"{page.relative_to(ROOT)}:\n" + "\n".join(breaks)


def _page(*cells: str) -> str:
    body = "\n".join(f"```{{code-cell}} ipython3\n{c}\n```\n" for c in cells)
    header = "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n---\n"
    return header + "\n# T\n\n" + body


def test_the_check_itself():
    """Controls written for the purpose: the rule fails what it should and passes what it should."""
    good = _page(":tags: [remove-cell]\nx = 1", ":tags: [hide-input]\nfig()",
                 ":tags: [show-code]\nf()",
                 "---\ntags: [hide-input]\nmystnb:\n  figure:\n    name: a\n---\ng()")
    assert rule_breaks(good) == []
    assert rule_breaks(_page("f()"))  # untagged
    assert rule_breaks(_page(":tags: [hide-output]\nf()"))  # a tag outside the rule
    assert rule_breaks(_page(":tags: [show-code, hide-input]\nf()"))  # both
    assert len(rule_breaks(_page(*[":tags: [show-code]\nf()"] * 4))) == 1  # one show-code too many
    assert rule_breaks(_page(*[":tags: [show-code]\nf()"] * 3)) == []
