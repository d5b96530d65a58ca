"""A paper's equation, figure or section number is always written as the paper's.

The book numbers its own equations and figures (per chapter) and refers to them with ``{eq}``
and ``{numref}``; any number typed in the prose ("Eq. (26)", "Fig. 8(c)", "Sec. V") is a
paper's. So that it can never be read as the book's, each one carries its source within the
phrase: "Eq. (26) of Ralph & Stiles", "Fig. 8 of {cite:t}`ralph2008`", "their Eq. (3)",
"Eq. (3) into Eq. (2) of Bender et al.". Checked on the intro and every chapter page
(``book/<chapter>/*.md``, the API pages left out); code cells are skipped, figure captions are not.
"""

from __future__ import annotations

import re

import pytest
from conftest import ROOT

PAGES = [ROOT / "book" / "intro.md"] + sorted(
    p for p in (ROOT / "book").glob("*/*.md") if p.parent.name not in ("api", "_ext"))
AUTHORS = r"(Ralph|Bender|Parcollet|Mondal|Wegrowe|Slonczewski|Stiles|Holstein|Hairer)"
_NUM = r"(\([0-9]+[a-z]?\)|[0-9]+[a-z]?|[IVX]+(\.[0-9]+)?)(\([a-z]\))?"
PAPER_NUMBER = re.compile(r"\b(Figs?\.|Eqs?\.|Secs?\.)\s*" + _NUM + r"((,|\s+and|-|–|\s+or)\s*" + _NUM + ")*")
_AFTER = re.compile(r"^(?:[^.;:]|Eqs?\.|Figs?\.){0,45}?(\bof \{cite:[tp]\}|\{cite:p\}|\bof " + AUTHORS + ")")
_BEFORE = re.compile(r"(\btheir|\bits|paper's|\{cite:t\}`\w+`'s|\{cite:t\}`\w+`,?|" + AUTHORS
                     + r"[^.;]{0,25}|\*,)\s*\(?\s*$", re.I)
_CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```\s*$", re.S | re.M)
_CAPTION = re.compile(r"^\s*caption:\s*\|?\s*\n?((?:\s{6,}.*\n?)+|.*)$", re.M)


def prose(text: str) -> str:
    """The page without its code cells, but with the figure captions they declare."""
    captions = [m.group(1) for cell in _CODE_CELL.finditer(text) for m in _CAPTION.finditer(cell.group(0))]
    return _CODE_CELL.sub("\n", text) + "\n" + "\n".join(captions)


def bare_paper_numbers(text: str) -> list[str]:
    """Each paper number in ``text`` that does not say whose it is, with a little context."""
    flat = re.sub(r"\s+", " ", prose(text))
    bare = []
    for m in PAPER_NUMBER.finditer(flat):
        after, before = flat[m.end():m.end() + 90], flat[max(0, m.start() - 60):m.start()]
        if _AFTER.search(after) or _BEFORE.search(before):
            continue
        bare.append(flat[max(0, m.start() - 40):m.end() + 20].strip())
    return bare


def test_check_tells_qualified_from_bare():
    assert bare_paper_numbers("the trajectories of Fig. 8 show") == ["the trajectories of Fig. 8 show"]
    for ok in ("Fig. 8 of {cite:t}`ralph2008` shows", "Eq. (26) of Ralph & Stiles", "their Eq. (3)",
               "Inserting Eq. (3) into Eq. (2) of Bender et al. gives", "Eqs. (12)-(13) of Bender et al.",
               "{cite:t}`ralph2008`, Sec. 3"):
        assert not bare_paper_numbers(ok), ok
    cell = ("```{code-cell} ipython3\n---\nmystnb:\n  figure:\n    caption: |\n      As in Fig. 3 here.\n"
            "---\nx = 1\n```\n")
    assert bare_paper_numbers(cell), "a caption is prose too"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_paper_numbers_name_their_paper(page):
    bare = bare_paper_numbers(page.read_text())
    assert not bare, f"{page.name}: write the paper's numbers as the paper's: {bare}"
