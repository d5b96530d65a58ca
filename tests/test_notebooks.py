"""Every page of the book that is a notebook runs top to bottom in a live kernel.

The book build executes the pages too, but in static mode (SPINLIB_STATIC=1,
precomputed figures). Here they run as a student runs them: live ipywidgets,
errors raised, and no cell may print a warning to stderr.
"""

from __future__ import annotations

import os

import jupytext
import nbclient
import pytest
from conftest import is_notebook, source_of, toc_files

PAGES = [doc for doc in toc_files() if is_notebook(source_of(doc))]


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
    stderr = [
        (i, out.get("text", ""))
        for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
        for out in cell.get("outputs", []) if out.get("name") == "stderr"
    ]
    assert not stderr, f"{doc}: cells wrote to stderr: {stderr}"
    mimetypes = {k for cell in nb.cells if cell.cell_type == "code"
                 for out in cell.get("outputs", []) for k in out.get("data", {})}
    assert "text/plain" in mimetypes or "image/png" in mimetypes
