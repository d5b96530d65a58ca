"""Every page of the book that is a notebook runs top to bottom in a live kernel, as a student runs it.

The book build executes the pages too, but in static mode (SPINLIB_STATIC=1, precomputed
figures). Here they run live: errors raised, no cell may write to stderr, and each cell shows
what it should:

* a cell ending in ``<explorer>.show()`` shows a live widget (ipywidgets view), with the default
  frame as a PNG fallback for viewers without a kernel;
* a cell ending in a call of a spinlib.figures function shows a PNG image;
* no cell shows an object's repr instead of its picture (``<Figure size ...>``,
  ``<IPython.core.display.HTML object>``).
"""

from __future__ import annotations

import ast
import os
import re

import jupytext
import nbclient
import pytest
from conftest import is_notebook, source_of, toc_files

PAGES = [doc for doc in toc_files() if is_notebook(source_of(doc))]
WIDGET = "application/vnd.jupyter.widget-view+json"


def last_call(source: str) -> ast.Call | None:
    """The call a cell ends with (its displayed value), or None."""
    code = "\n".join(ln[: len(ln) - len(ln.lstrip())] + "pass" if ln.lstrip().startswith(("%", "!")) else ln
                     for ln in source.splitlines())
    try:
        body = ast.parse(code).body
    except SyntaxError:
        return None
    if body and isinstance(body[-1], ast.Expr) and isinstance(body[-1].value, ast.Call):
        return body[-1].value
    return None


def figure_names(sources: list[str]) -> tuple[set, set]:
    """Aliases of spinlib's figures modules (``spinlib.<topic>.figures``, ``spinlib.roadmap``) and
    names of functions imported from them, on a page."""
    modules, functions = set(), set()
    for source in sources:
        for m in re.finditer(r"from spinlib((?:\.\w+)*) import ([\w ,]+(?: as \w+)?)", source):
            leaf = m.group(1).rsplit(".", 1)[-1]
            for item in m.group(2).split(","):
                imported, _, alias = item.strip().partition(" as ")
                if imported.startswith("figures"):
                    modules.add(alias or imported)
                elif leaf.startswith("figures") or leaf == "roadmap":
                    functions.add(alias or imported)
    return modules, functions


def kind_of(call: ast.Call | None, modules: set, functions: set) -> str | None:
    if call is None:
        return None
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr == "show":
        return "explorer"
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in modules:
        return "figure"
    if isinstance(func, ast.Name) and func.id in functions:
        return "figure"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("doc", PAGES)
def test_page_executes_live(doc, monkeypatch):
    path = source_of(doc)
    nb = jupytext.read(path)
    monkeypatch.setenv("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    assert "SPINLIB_STATIC" not in os.environ
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3",
                                     resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    stderr = [(i, out.get("text", "")) for i, cell in enumerate(code_cells)
              for out in cell.get("outputs", []) if out.get("name") == "stderr"]
    assert not stderr, f"{doc}: cells wrote to stderr: {stderr}"
    modules, functions = figure_names([c.source for c in code_cells])
    checked = 0
    for cell in code_cells:
        outputs = cell.get("outputs", [])
        data = [out.get("data", {}) for out in outputs if out.get("output_type") in ("display_data",
                                                                                    "execute_result")]
        head = cell.source.strip().splitlines()[-1][:60] if cell.source.strip() else ""
        for d in data:
            text = d.get("text/plain", "")
            assert not (re.match(r"<(Figure|IPython\.core\.display\.\w+)\b", text) and len(d) == 1), \
                f"{doc}: cell `{head}` shows {text!r} instead of a picture"
        kind = kind_of(last_call(cell.source), modules, functions)
        if kind == "explorer":
            assert any(WIDGET in d and "image/png" in d for d in data), \
                f"{doc}: explorer cell `{head}` shows no live widget (with its PNG fallback)"
            checked += 1
        elif kind == "figure":
            assert any("image/png" in d for d in data), f"{doc}: figure cell `{head}` shows no image"
            checked += 1
    uses_figures = any(kind_of(last_call(c.source), modules, functions) for c in code_cells)
    assert checked or not uses_figures


def test_cell_kinds_are_recognised():
    """The classification above, on the forms the pages use."""
    modules, functions = figure_names(["from spinlib.macrospin import figures as figs",
                                       "from spinlib.roadmap import regime_map"])
    assert modules == {"figs"} and functions == {"regime_map"}
    assert kind_of(last_call("x = 1\nfigs.trajectory_explorer().show()"), modules, functions) == "explorer"
    assert kind_of(last_call("figs.fig8_trajectories()"), modules, functions) == "figure"
    assert kind_of(last_call("if 0:\n    %pip install x\nregime_map()"), modules, functions) == "figure"
    assert kind_of(last_call("print(figs)"), modules, functions) is None
