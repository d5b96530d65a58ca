"""No glued value is ever printed raw, in any edition.

``glue_number``/``glue_math`` (spinlib.display) glue a value for the prose AND return it; a cell
that ends in such a call (no trailing ``;``) also shows the return value under the cell: readers
then meet ``209.81672289744066`` or ``'\\\\begin{aligned}...'`` on the website, in the notebooks and
in the PDF. Three layers of checks, each failing with the page and the offending snippet:

1. the sources (always run, no build): no code cell of a page ends in a bare call whose value
   would be displayed (a glue call, or any call in a cell whose outputs are hidden from view);
2. the executed notebooks of the website build (``_build/jupyter_execute``): no displayed result
   of a hidden-input cell is a raw number, a raw LaTeX string or a ``<myst_nb ...>`` repr;
3. the outputs readers get: the website's HTML (and the student edition's), the exported
   notebooks (committed and student) and the PDF's text (pdftotext): no raw glue return anywhere.

Layers 2 and 3 run on whatever has been built (``make book``, ``make student``, ``make pdf``) and
skip, saying so, what has not.
"""

from __future__ import annotations

import ast
import html as htmllib
import json
import re
import shutil
import subprocess
from pathlib import Path

import jupytext
import pytest

from tools.book import book_pages

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"

#: what a printed glue return looks like
RAW = {
    # a float printed with its full repr: 10+ decimals (the text itself formats numbers to a
    # few significant digits; no page writes a number with ten decimals)
    "raw float": re.compile(r"(?<![\w.])-?\d+\.\d{10,}(?:e[+-]?\d+)?(?![\d])"),
    # the repr of a LaTeX string: its backslashes doubled, usually in quotes
    "raw LaTeX string": re.compile(r"'?(?<!\\)\\\\(?:begin|frac|mathbf|left|hat|mathrm|text)\b"),
    # the repr of a myst-nb object or an IPython display object
    "object repr": re.compile(r"<(?:myst_nb|IPython\.core\.display|IPython\.lib)[\w.]*[ >]"),
}

GLUE_FUNCS = re.compile(r"^glue(?:_\w+)?$")


def find_raw(text: str) -> list[tuple[str, str]]:
    """(kind, snippet with context) of every raw glue return in ``text``."""
    found = []
    for kind, pattern in RAW.items():
        for m in pattern.finditer(text):
            a, b = max(0, m.start() - 60), min(len(text), m.end() + 60)
            found.append((kind, " ".join(text[a:b].split())))
    return found


def _report(where: str, hits: list[tuple[str, str]]) -> str:
    return "\n".join(f"{where}: {kind}: ...{snippet}..." for kind, snippet in hits)


# -- 1. sources -------------------------------------------------------------------------------

def _called_name(node: ast.AST) -> str:
    if isinstance(node, ast.Call):
        f = node.func
        return f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
    return ""


def bare_glue_calls(code: str) -> list[str]:
    """The lines of a cell whose value would be displayed: its last statement, when it is an
    expression calling a glue function and not silenced by a trailing ``;``."""
    try:
        tree = ast.parse("\n".join(line for line in code.splitlines()
                                   if not line.lstrip().startswith(("%", "!"))))
    except SyntaxError:
        return []
    if not tree.body or not isinstance(tree.body[-1], ast.Expr):
        return []
    last = tree.body[-1]
    if not GLUE_FUNCS.match(_called_name(last.value)):
        return []
    tail = code.rstrip().splitlines()[-1].split("#")[0].rstrip()
    if tail.endswith(";"):
        return []
    return [ast.get_source_segment("\n".join(code.splitlines()), last) or tail]


PAGES = book_pages(ROOT)


@pytest.mark.parametrize("doc", sorted(PAGES))
def test_no_cell_ends_in_a_bare_glue_call(doc):
    nb = jupytext.read(PAGES[doc])
    bad = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if {"remove-cell", "remove-output"} & set(cell.metadata.get("tags", [])):
            continue
        for stmt in bare_glue_calls(cell.source):
            bad.append(f"cell {i}: {stmt.splitlines()[0]} (end it with ';')")
    assert not bad, f"{PAGES[doc].relative_to(ROOT)} would print glued values:\n" + "\n".join(bad)


def test_source_check_catches_bare_glue_calls():
    """The source check itself, on cells written for the purpose (independent of the pages)."""
    assert bare_glue_calls("x = 1\nglue_number('a', x)")
    assert bare_glue_calls("d.glue_math('b', 'x', y)  # comment")
    assert bare_glue_calls("glue('c', 2.0)")
    assert not bare_glue_calls("glue_number('a', 1.0);")
    assert not bare_glue_calls("glue_number('a', 1.0);  # silenced")
    assert not bare_glue_calls("v = glue_number('a', 1.0)")
    assert not bare_glue_calls("glue_number('a', 1.0)\nprint(2)")
    assert not bare_glue_calls("fig")


def test_raw_patterns_catch_what_readers_saw_and_spare_the_text():
    assert find_raw("the threshold is 209.81672289744066 A")
    assert find_raw("'\\\\begin{aligned}\\\\dot m &= ...'")
    assert find_raw("<myst_nb.core.variables.RetrievalError object at 0x7f>")
    assert find_raw("<IPython.core.display.Math object>")
    assert not find_raw(r"0 \\\frac{v}{2} \\\\ \\\begin")  # line breaks before commands
    for fine in ("I_c = 209.8 A", "$\\begin{aligned} a \\\\ b \\end{aligned}$", "Eq. (5.12)",
                 "version 1.0.4", "0.0025 ± 0.0001", "Fig. 5.3"):
        assert not find_raw(fine), fine


# -- 2. executed notebooks of the website build -----------------------------------------------

EXECUTED = BUILD / "jupyter_execute"


def _executed():
    return sorted(EXECUTED.rglob("*.ipynb")) if EXECUTED.exists() else []


def _shown_text(out: dict) -> str:
    if out.get("output_type") == "stream":
        return "".join(out.get("text", ""))
    data = out.get("data", {})
    if "text/html" in data or any(k.startswith("image/") for k in data):
        return ""  # a figure or an explorer
    return "".join(data.get("text/plain", ""))


def test_executed_notebooks_show_no_glue_return():
    notebooks = _executed()
    if not notebooks:
        pytest.skip("no website build (_build/jupyter_execute): run `make book`")
    problems = []
    for path in notebooks:
        nb = json.loads(path.read_text())
        for i, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            tags = set(cell.get("metadata", {}).get("tags", []))
            if {"remove-cell", "remove-output"} & tags:
                continue
            for out in cell.get("outputs", []):
                if out.get("metadata", {}).get("scrapbook"):
                    continue  # a glue record: myst-nb moves it out, it is never displayed
                text = _shown_text(out)
                hits = find_raw(text)
                hidden = {"remove-input", "hide-input"} & tags
                if hidden and out.get("output_type") == "execute_result" and text.strip():
                    # the input is hidden: a bare value under it has no context for a reader
                    try:
                        float(text.strip().strip("'\""))
                        hits.append(("bare value under a hidden cell", text.strip()[:80]))
                    except ValueError:
                        if text.strip().startswith(("'", '"')):
                            hits.append(("bare string under a hidden cell", text.strip()[:80]))
                if hits:
                    problems.append(_report(f"{path.relative_to(EXECUTED)} cell {i}", hits))
    assert not problems, "\n".join(problems)


# -- 3. what readers get ------------------------------------------------------------------------

_SCRIPT = re.compile(r"<(script|style|svg)\b.*?</\1>", re.S | re.I)
_TAG = re.compile(r"<[^>]+>")


def visible_text(page_html: str) -> str:
    """The text a reader sees: no scripts, styles, attributes (data URLs of frames) or tags."""
    return htmllib.unescape(_TAG.sub(" ", _SCRIPT.sub(" ", page_html)))


def _html_pages():
    for site in (BUILD / "html", BUILD / "student" / "html"):
        if site.exists():
            for page in sorted(site.rglob("*.html")):
                if "_static" not in page.parts and "_sources" not in page.parts:
                    yield site, page


def _is_api_page(page: Path) -> bool:
    """The API reference prints signatures and constants as Python writes them (``theta =
    1.5707963267948966``): full reprs are its content there, not a glue return."""
    return "api" in page.parts


def test_site_shows_no_glue_return():
    pages = list(_html_pages())
    if not pages:
        pytest.skip("no built site (_build/html): run `make book`")
    problems = []
    for _, page in pages:
        hits = find_raw(visible_text(page.read_text(errors="replace")))
        if _is_api_page(page):
            hits = [h for h in hits if h[0] != "raw float"]
        if hits:
            problems.append(_report(str(page.relative_to(BUILD)), hits))
    assert not problems, "\n".join(problems)


def _notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text())
    parts = []
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            parts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            parts.append(_shown_text(out))
    return "\n".join(parts)


def test_exported_notebooks_show_no_glue_return():
    found = [p for p in (ROOT / "book").rglob("*.ipynb") if "_build" not in p.parts]
    for folder in (BUILD / "student" / "notebooks", BUILD / "student" / "html" / "_sources"):
        found += sorted(folder.rglob("*.ipynb")) if folder.exists() else []
    if not found:
        pytest.skip("no exported notebooks: run `make notebooks`")
    problems = [_report(str(p.relative_to(ROOT)), hits) for p in sorted(found)
                if (hits := find_raw(_notebook_text(p)))]
    assert not problems, "\n".join(problems)


def pdf_text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_pdf_shows_no_glue_return():
    pdf = BUILD / "pdf" / "book.pdf"
    if not pdf.exists():
        pytest.skip("no PDF (_build/pdf/book.pdf): run `make pdf`")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pages = pdf_text(pdf).split("\f")
    problems = [_report(f"book.pdf page {n}", hits) for n, text in enumerate(pages, 1)
                if (hits := find_raw(text))]
    assert not problems, "\n".join(problems)
