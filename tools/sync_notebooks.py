"""Write book/**/<page>.ipynb next to every MyST notebook page (no outputs).

Colab opens only .ipynb files, and the launch buttons of sphinx-book-theme
point to the .ipynb when one sits next to the page, so these copies are
committed. They are generated, never edited: `tests/test_notebook_copies.py`
fails when one is out of date (run `make notebooks`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]


def pages() -> list[Path]:
    return sorted(p for p in (ROOT / "book").rglob("*.md")
                  if "_ext" not in p.parts and p.read_text().lstrip().startswith("---\njupytext"))


def as_ipynb(page: Path) -> str:
    nb = jupytext.read(page)
    nb.metadata.pop("jupytext", None)
    for i, cell in enumerate(nb.cells):  # deterministic ids (nbformat would draw random ones)
        cell["id"] = f"cell-{i}"
    nb.metadata["colab"] = {"provenance": []}
    return nbformat.writes(nb) + "\n"


def main() -> int:
    for page in pages():
        target = page.with_suffix(".ipynb")
        text = as_ipynb(page)
        if not target.exists() or target.read_text() != text:
            target.write_text(text)
            print(f"wrote {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
