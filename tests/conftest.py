"""Shared test helpers: the book's pages as listed in _toc.yml."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

# CI (CI=true) explores the same examples on every run, so a landing never hangs on the luck of
# the draw; locally hypothesis keeps searching new examples (and remembers failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]


def toc_files() -> list[str]:
    """Every document of _toc.yml, in reading order, without suffix."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    out = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            out.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts", []):
        walk(part.get("chapters"))
    return out


def source_of(doc: str) -> Path:
    for suffix in (".md", ".ipynb"):
        path = ROOT / f"{doc}{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(doc)


def is_notebook(path: Path) -> bool:
    return path.suffix == ".ipynb" or path.read_text().lstrip().startswith("---\njupytext")


@pytest.fixture(autouse=True)
def _no_static_mode(monkeypatch):
    # Tests exercise the live path unless they ask for the static one.
    monkeypatch.delenv("SPINLIB_STATIC", raising=False)
