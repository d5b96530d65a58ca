"""The book's one notation table (book/notation.md) and the links to it.

Checks, from the sources alone (no build):

* the page is in the table of contents, in the back matter;
* every chapter page opens (before its first ``##`` section) with a link to it; this covers the
  five chapters, so chapters 3-5 pass once their pages link it;
* every row of the table names where its symbol is defined, and each named place exists: a
  ``{doc}`` target is a page of the table of contents, a ``{ref}`` target is a ``(label)=`` of
  the book, on a page of the chapter the row names ("ch. 2, ..." must point into chapter 2);
* every letter the chapters share with different meanings has its entry in the list of clashes,
  and that entry names at least two chapters.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, source_of, toc_files

NOTATION = ROOT / "book" / "notation.md"
_ROLE = re.compile(r"\{(doc|ref)\}`(?:[^`<]*<)?([^`>]+)>?`")
_LABEL = re.compile(r"^\(([\w-]+)\)=\s*$", re.M)


def chapters() -> dict[str, int]:
    """docname -> chapter number (1-based, order of the "Chapters" part of _toc.yml)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    part = next(p for p in toc["parts"] if p.get("caption") == "Chapters")
    owner = {}
    for n, entry in enumerate(part["chapters"], start=1):
        owner[entry["file"]] = n
        for sub in entry.get("sections") or []:
            owner[sub["file"]] = n
    return owner


CHAPTER_OF = chapters()


def opening(text: str) -> str:
    """A page's text before its first second-level section."""
    match = re.search(r"^## ", text, flags=re.M)
    return text[: match.start()] if match else text


def links_notation(text: str, doc: str) -> bool:
    for role, target in _ROLE.findall(text):
        if role == "ref" and target == "notation":
            return True
        if role == "doc" and resolve(doc, target) == "book/notation":
            return True
    return False


def resolve(doc: str, target: str) -> str:
    """The docname a ``{doc}`` target names, from the page ``doc``."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = (Path(doc).parent / target).as_posix().split("/")
    out: list[str] = []
    for part in parts:
        if part == "..":
            out.pop()
        elif part != ".":
            out.append(part)
    return "/".join(out)


def labels() -> dict[str, str]:
    """Every ``(label)=`` target of the book -> the docname that defines it."""
    found = {}
    for doc in toc_files():
        for name in _LABEL.findall(source_of(doc).read_text()):
            found[name] = doc
    return found


def table(text: str, heading: str) -> list[list[str]]:
    """The body rows of the first Markdown table after ``heading``, split into cells."""
    section = text.split(heading, 1)[1]
    rows = []
    for line in section.splitlines():
        if line.startswith("|"):
            rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        elif rows:
            break
    return [r for r in rows[1:] if not set("".join(r)) <= set("-: ")]


SYMBOL_ROWS = table(NOTATION.read_text(), "## The table")
CLASH_ROWS = table(NOTATION.read_text(), "## One symbol, several meanings")


def test_notation_page_is_in_the_back_matter():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    back = next(p for p in toc["parts"] if p.get("caption") == "Back matter")
    files = [c["file"] for c in back["chapters"]]
    assert "book/notation" in files
    assert files.index("book/notation") == files.index("book/course") + 1


@pytest.mark.parametrize("doc", sorted(CHAPTER_OF), ids=sorted(CHAPTER_OF))
def test_every_chapter_page_opens_with_a_link_to_the_notation(doc):
    assert links_notation(opening(source_of(doc).read_text()), doc), (
        f"{doc}: link {{doc}}`../notation` in the page's opening (before its first '## ' section)")


def test_table_is_substantial_and_covers_every_chapter():
    assert len(SYMBOL_ROWS) >= 60
    named = {int(n) for row in SYMBOL_ROWS for n in re.findall(r"ch\. (\d)", row[-1])}
    assert named == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize("row", SYMBOL_ROWS, ids=[r[0] for r in SYMBOL_ROWS])
def test_every_symbol_row_names_an_existing_place(row):
    assert len(row) == 5, f"{row[0]}: symbol | meaning | unit | sign | defined in"
    where = row[-1]
    roles = _ROLE.findall(where)
    assert roles, f"{row[0]}: 'defined in' names no page or section"
    chapters_named = [int(n) for n in re.findall(r"ch\. (\d)", where)]
    known = labels()
    for role, target in roles:
        if role == "doc":
            doc = resolve("book/notation", target)
            assert doc in toc_files(), f"{row[0]}: no page {target}"
        else:
            assert target in known, f"{row[0]}: no label ({target})="
            doc = known[target]
        assert CHAPTER_OF.get(doc) in chapters_named, (
            f"{row[0]}: {target} is in chapter {CHAPTER_OF.get(doc)}, the row names {chapters_named}")


SHARED = ["S", "P", r"\eta", r"\alpha", r"\Gamma", "v", "h", "u", r"\gamma", "q", "N"]


@pytest.mark.parametrize("letter", SHARED)
def test_shared_letters_are_listed_as_clashes(letter):
    entry = [r for r in CLASH_ROWS if r[0] == f"${letter}$"]
    assert entry, f"${letter}$ is missing from the list of clashes"
    assert len(set(re.findall(r"ch\. (\d)", entry[0][1]))) >= 2
    rows = [r for r in SYMBOL_ROWS if re.search(rf"\${re.escape(letter)}(?![A-Za-z])", r[0])]
    assert rows, f"${letter}$ has no row in the table"


def test_current_sign_conventions_stated_in_the_table_hold():
    """The table of current signs, checked against the code of each chapter it describes."""
    from spinlib.macrospin import thresholds
    from spinlib.macrospin import uniaxial as U
    from spinlib.magnon_transport import steady_state

    text = NOTATION.read_text()
    # ch. 1.2: j > 0 destabilises P (positive growth rate of a tilt above j_c, negative below)
    assert "destabilises P" in text
    kw = dict(field=0.1, hk=0.05, demag=1.0, alpha=0.02, q=1.0, A=1.0, B=0.0)
    jc = float(thresholds.critical_current(**kw))
    assert thresholds.linear_growth_rate(current=1.5 * jc, **kw) > 0 > thresholds.linear_growth_rate(
        current=-1.5 * jc, **kw)
    # ch. 1.3: a large positive current leaves only u = +1 stable, a large negative one only u = -1
    assert r"destabilises $u=-1$ once $\bar I>(1-\bar q)(1-\bar H)$" in text
    p = U.UniaxialMacrospin(asymmetry=0.5)
    assert U.PHASE_LABELS[int(U.classify(field=0.0, current=2.0, params=p))] == "(+1)"
    assert U.PHASE_LABELS[int(U.classify(field=0.0, current=-2.0, params=p))] == "(-1)"
    # ch. 2: V > 0 pumps magnons in the AP junction (gamma > 1), V < 0 damps them
    assert "pumps magnons in the AP junction" in text
    g = steady_state([-5.0, 5.0], temperature=1.0, orientation=-1).gamma
    assert g[0] < 1 < g[1]
