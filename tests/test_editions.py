"""The student edition and the PDF, checked as an instructor and a reader meet them.

Run by ``make editions`` after ``make student`` and ``make pdf`` (both part of
``make test``); the fixtures build an edition that is missing, so the file also
runs on its own.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.book import source_of, toc_docs
from tools.editions import trees
from tools.editions.export import pages
from tools.editions.myst import Fence, blocks, split_directive

ROOT = Path(__file__).resolve().parents[1]

STUDENT = ROOT / "_build" / "student"
PDF = ROOT / "_build" / "pdf" / "book.pdf"
TEXT_SUFFIXES = {".html", ".js", ".md", ".ipynb", ".txt", ".json", ".tex", ".yml"}
_INLINE_MARKUP = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\{[\w:.-]+\}`[^`]*`|`[^`]*`|<[^>]+>|\*\*?", re.S)


def normalise(text: str) -> str:
    """Text as a comparison sees it, in any of the output formats (HTML, JSON, Markdown)."""
    text = html.unescape(text.replace("\\n", " "))
    text = re.sub(r"\\[()\[\]]|\$", "", text)  # maths delimiters differ between formats
    text = re.sub(r"[\\\"'`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def html_text(raw: str) -> str:
    return normalise(re.sub(r"<[^>]+>", "", raw))


def fragments(body: str, min_len: int = 24) -> list[str]:
    """Stretches of a solution's plain prose and its code lines, long enough to be its own."""
    out = []
    for b in blocks(body):
        if isinstance(b, Fence):  # a code block: its longer lines
            out += [normalise(line) for line in b.body if len(line.strip()) >= min_len]
            continue
        for piece in _INLINE_MARKUP.split(b):
            piece = normalise(piece).strip(" .,;:()[]")
            if len(piece) >= min_len:
                out.append(piece)
        # and its sentences with their mathematics (a solution may be mostly formulas)
        for sentence in re.split(r"(?<=[.;])\s+", b):
            if not re.search(r"\{[\w:.-]+\}`|`|\*", sentence) and len(normalise(sentence)) >= min_len:
                out.append(normalise(sentence).strip(" .,;:"))
    return out


def directive_bodies(name: str) -> list[tuple[str, str]]:
    return [(page.name, split_directive(b.body)[1])
            for page in sorted((ROOT / "book").rglob("*.md")) for b in blocks(page.read_text())
            if isinstance(b, Fence) and b.directive and b.directive["name"] == name]


def notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text())
    texts = []
    for cell in nb["cells"]:
        texts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            texts += ["".join(v) if isinstance(v, list) else str(v) for v in out.get("data", {}).values()]
            texts.append("".join(out.get("text", "")))
    return normalise("\n".join(texts))


def file_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        return notebook_text(path)
    raw = path.read_text(errors="replace")
    return html_text(raw) if path.suffix == ".html" else normalise(raw)


def corpus(folder: Path) -> str:
    return "\n".join(file_text(p) for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)


@pytest.fixture(scope="module")
def student_edition() -> str:
    if not (STUDENT / "html" / "index.html").exists():
        trees.student()
    return corpus(STUDENT)


@pytest.fixture(scope="module")
def pdf_text() -> str:
    if not PDF.exists():
        trees.pdf()
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(PDF), "-"], capture_output=True, text=True,
                         check=True)
    return re.sub(r"\s+", " ", out.stdout)


# What the pages say outside their solutions (a solution's import line is no secret).
_REST = "\n".join(normalise(trees.cut_solutions(p.read_text())[0]) for p in (ROOT / "book").rglob("*.md"))
SOLUTIONS = [(where, [f for f in fragments(body) if f not in _REST])
             for where, body in trees.solution_bodies()]
EXERCISES = directive_bodies("exercise")


def test_sources_have_solutions_to_look_for():
    blind = [where for where, frags in SOLUTIONS if not frags]
    assert len(SOLUTIONS) >= 5 and not blind, \
        f"solutions without any distinctive text (the test would prove nothing for them): {blind}"


def test_no_solution_text_anywhere_in_the_student_edition(student_edition):
    leaks = [(where, frag) for where, frags in SOLUTIONS for frag in frags if frag in student_edition]
    assert not leaks, f"solution text in _build/student: {leaks[:5]}"


def test_student_edition_keeps_every_exercise(student_edition):
    """Control: the same search finds the exercises, so a miss above is not a blind search."""
    missing = [(page, frag) for page, body in EXERCISES for frag in fragments(body)[:2]
               if frag not in student_edition]
    assert EXERCISES and not missing, missing[:5]


def test_solution_search_would_find_a_leak():
    """Control: the full notebooks hold every solution, and the search finds each one there."""
    full = "\n".join(notebook_text(p.with_suffix(".ipynb")) for p in pages())
    notebook_pages = {str(p.relative_to(ROOT)) for p in pages()}
    missing = [(where, frag) for where, frags in SOLUTIONS if where.split(":")[0] in notebook_pages
               for frag in frags if frag not in full]
    assert not missing, missing[:5]


def test_student_downloads_and_notebooks():
    """The download menu serves the clean student notebooks; no launch button opens the repository."""
    for page in pages():
        rel = page.relative_to(ROOT).with_suffix(".ipynb")
        served = STUDENT / "html" / "_sources" / rel
        handed_out = STUDENT / "notebooks" / rel.relative_to("book")
        assert served.read_text() == handed_out.read_text()
        assert "<details>" not in served.read_text()
        page_html = (STUDENT / "html" / rel.with_suffix(".html")).read_text()
        assert "download-notebook-button" in page_html
        assert "colab.research.google.com" not in page_html and "mybinder.org" not in page_html


def test_pdf_has_every_chapter_and_the_solutions(pdf_text):
    docs, _ = toc_docs()
    for doc in docs:
        if doc.startswith(trees.PDF_LEAVES_OUT):  # the API reference stays online (its module pages
            title = re.search(r"^# (.+)$", source_of(doc).read_text(), flags=re.M)[1]  # are named in
            assert title.startswith("`") or title not in pdf_text, f"{doc} is printed"  # the prose)
            continue
        path = source_of(doc)
        title = re.search(r"^# (.+)$", path.read_text(), flags=re.M)[1]
        title = re.sub(r"^\d+(\.\d+)*\.?\s+", "", title)  # LaTeX numbers chapters itself
        title = re.sub(r"\{[\w:]+\}`[^`]*`|\$[^$]*\$", "", title).strip()
        assert title[:40] in pdf_text, f"chapter/section title missing from the PDF: {title!r}"
    assert "Solutions to the exercises" in pdf_text
    assert pdf_text.count("Solution to Exercise") == len(SOLUTIONS)


def test_pdf_has_no_placeholder_or_raw_markup(pdf_text):
    for bad in ("IPython.core.display", "<IPython", "object at 0x", "<Figure size", "{cite", "{glue",
                "{eq}", "{numref}", "```", ":::{", "??"):
        assert bad not in pdf_text, f"the PDF prints {bad!r}"


def test_pdf_prints_every_figure_and_explorer(pdf_text):
    """Each explorer prints its default frame and each figure its image."""
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages (poppler-utils) not installed")
    listing = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    expected = sum(len(re.findall(r"\.show\(\)|^\s*(?::|)\s*caption:", source_of(d).read_text(), flags=re.M))
                   for d in toc_docs()[0])
    assert len(listing) >= expected, f"{len(listing)} images in the PDF, {expected} expected"
