"""Shared test helpers: the book's pages as listed in _toc.yml."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import settings

from tools.book import is_notebook, source_of, toc_files  # noqa: F401 - shared by the tests

# CI (CI=true) explores the same examples on every run, so a landing never hangs on the luck of
# the draw; locally hypothesis keeps searching new examples (and remembers failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]


def run_solution(page: Path, label: str) -> tuple[str, dict]:
    """The solution of exercise ``label`` on ``page`` (its text up to the closing fence) and the
    namespace that its one Python code block leaves when run."""
    text = page.read_text()
    solution = text[text.index(f"````{{solution}} {label}"):]
    solution = solution[: solution.index("\n````\n")]
    (code,) = re.findall(r"```python\n(.*?)```", solution, flags=re.S)
    namespace: dict = {}
    exec(compile(code, f"{page.stem}-{label}", "exec"), namespace)  # noqa: S102 - the page's own code
    return solution, namespace


@pytest.fixture(autouse=True)
def _no_static_mode(monkeypatch):
    # Tests exercise the live path unless they ask for the static one.
    monkeypatch.delenv("SPINLIB_STATIC", raising=False)


@pytest.fixture(autouse=True)
def _mpmath_precision_per_test():
    # mpmath's working precision is global: every test starts at the default 15 digits, and a test
    # that raises it (mp.dps = 60) cannot leak its precision into the tests that run after it.
    import mpmath

    mpmath.mp.dps = 15
    yield
    mpmath.mp.dps = 15
