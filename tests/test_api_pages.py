"""The API reference (book/api/*.md): current, in the table of contents, and every public function
documented the numpydoc way with an example that runs (the examples themselves run as doctests in
``make unit``: ``pytest --doctest-modules spinlib``)."""

from __future__ import annotations

import importlib
import inspect

import pytest
import yaml

from tools import api_pages
from tools.book import ROOT

PAGES = api_pages.pages()


def test_committed_pages_are_current():
    """A new, renamed or removed module changes the pages: run `python -m tools.api_pages`."""
    on_disk = {p for p in api_pages.API.glob("*.md")}
    assert on_disk == set(PAGES), "run `python -m tools.api_pages`"
    for path, text in PAGES.items():
        assert path.read_text() == text, f"{path.name} is stale: run `python -m tools.api_pages`"


def test_reference_is_in_the_table_of_contents():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    entries = [c for part in toc["parts"] for c in part["chapters"]]
    assert api_pages.toc_entry() in entries


def _public_members(module):
    for name, obj in vars(module).items():
        if name.startswith("_") or not (inspect.isfunction(obj) or inspect.isclass(obj)):
            continue
        if obj.__module__ == module.__name__:
            yield name, obj


DOCUMENTED = [m for modules in api_pages.topics().values() for m in modules
              if not m.rsplit(".", 1)[-1].startswith("derivation")]


@pytest.mark.parametrize("module_name", DOCUMENTED)
def test_every_public_function_has_parameters_returns_and_an_example(module_name):
    """numpydoc sections of every public function of the physics and studies modules: a summary,
    Parameters (when it takes any), Returns, and an Examples section with a doctest."""
    module = importlib.import_module(module_name)
    missing = []
    for name, obj in _public_members(module):
        doc = inspect.getdoc(obj) or ""
        if inspect.isclass(obj):
            if not doc:
                missing.append(f"{name}: no docstring")
            continue
        params = [p for p in inspect.signature(obj).parameters.values() if p.kind != p.VAR_KEYWORD]
        needs = ["Examples", ">>> "] + (["Parameters"] if params else []) + ["Returns"]
        lacking = [s for s in needs if s not in doc]
        if lacking:
            missing.append(f"{name}: no {', '.join(lacking)}")
    assert not missing, f"{module_name}: " + "; ".join(missing)
