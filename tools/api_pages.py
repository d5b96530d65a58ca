"""Write the API reference pages of the book (``book/api/*.md``) from spinlib's package tree.

One page per topic package and one for the shared modules; each lists the topic's modules (physics
first, then studies and the derivation) with Sphinx autodoc, so the reference shows every public
function's docstring: units, its equation and its numpydoc Example (the doctests of ``make test``).
The pages are committed; ``tests/test_api_pages.py`` fails when they are stale, i.e. when a module
was added, renamed or removed without running ``python -m tools.api_pages``.
"""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
API = ROOT / "book" / "api"
SHARED = ("validate", "units", "markov", "display", "style", "widgets", "live")
#: the topics in the order a reader meets them (a topic not listed comes last, alphabetically)
READING_ORDER = ("macrospin", "spincurrent", "magnon_transport", "manybody", "nanomagnet", "activation",
                 "thermal", "oscillator", "domainwall")


def _order(name: str) -> tuple[int, str]:
    leaf = name.rsplit(".", 1)[-1]
    if leaf == "studies" or leaf.startswith("studies_"):
        return 2, name
    return (3 if leaf.startswith("derivation") else 1), name


def topics() -> dict[str, list[str]]:
    """topic -> its documented modules (physics, studies, derivation; drawing modules are left out:
    they hold the chapters' figures, not an API)."""
    import spinlib

    out = {}
    packages = [info.name for info in pkgutil.iter_modules(spinlib.__path__) if info.ispkg]
    rank = {name: i for i, name in enumerate(READING_ORDER)}
    for name in sorted(packages, key=lambda n: (rank.get(n, len(rank)), n)):
        package = importlib.import_module(f"spinlib.{name}")
        modules = [f"spinlib.{name}.{m.name}" for m in pkgutil.iter_modules(package.__path__)
                   if not m.name.startswith(("figures", "_"))]
        out[name] = sorted(modules, key=_order)
    return out


def _block(module: str) -> str:
    return f"```{{eval-rst}}\n.. automodule:: {module}\n   :members:\n```\n"


def pages() -> dict[Path, str]:
    """path -> text of every API page."""
    import spinlib

    out = {}
    found = topics()
    index = [
        "# API reference\n",
        "The public functions of `spinlib`, the library behind every figure and number of the book, "
        "one page per physics topic. Each entry gives the units of its parameters, the equation it "
        "implements with its source, and a short example that the tests run. A page imports what "
        "it documents as `from spinlib import <topic>` (the physics) and "
        "`from spinlib.<topic> import studies, derivation`.\n",
        "| topic | modules |", "| --- | --- |",
    ]
    for topic, modules in found.items():
        package = importlib.import_module(f"spinlib.{topic}")
        summary = (package.__doc__ or topic).strip().split("\n\n")[0].replace("\n", " ")
        index.append(f"| {{doc}}`{topic}` | {', '.join(f'`{m.rsplit(chr(46), 1)[-1]}`' for m in modules)} |")
        text = [f"# `spinlib.{topic}`\n", summary + "\n"]
        for module in modules:
            text += [f"## `{module}`\n", _block(module)]
        out[API / f"{topic}.md"] = "\n".join(text)
    index.append("| {doc}`shared` | " + ", ".join(f"`{m}`" for m in SHARED) + " |")
    out[API / "index.md"] = "\n".join(index) + "\n"
    shared = ["# Shared modules\n",
              "Topic-free helpers that every topic uses: input validation, SI units, the Markov-chain "
              "solver, glue of numbers and equations into the pages, the figure style and the "
              "explorers (interactive figures).\n"]
    for name in SHARED:
        shared += [f"## `spinlib.{name}`\n", _block(f"spinlib.{name}")]
    out[API / "shared.md"] = "\n".join(shared)
    del spinlib
    return out


def toc_entry() -> dict:
    """The ``_toc.yml`` entry of the reference (index with one section per page)."""
    names = [p.stem for p in pages() if p.stem != "index"]
    return {"file": "book/api/index", "sections": [{"file": f"book/api/{n}"} for n in names]}


def main() -> int:
    API.mkdir(exist_ok=True)
    wanted = pages()
    for old in API.glob("*.md"):
        if old not in wanted:
            old.unlink()
    for path, text in wanted.items():
        path.write_text(text)
    print(f"wrote {len(wanted)} pages to {API.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
