"""The committed .ipynb copies (for Colab and Binder) match their MyST pages."""

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
from sync_notebooks import as_ipynb, pages  # noqa: E402

PAGES = pages()


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_notebook_copy_is_current(page):
    target = page.with_suffix(".ipynb")
    assert target.exists(), f"{target.name} missing: run `make notebooks`"
    assert target.read_text() == as_ipynb(page), f"{target.name} is stale: run `make notebooks`"
