"""Export the book's MyST notebook pages as clean Jupyter notebooks.

One page -> one .ipynb without outputs: Markdown cells translated by
:mod:`editions.myst` (equations, glued numbers, citations, references,
exercises, solutions), code cells as written except

* the page's setup cell (marked ``# spinlib setup (Colab)``) is replaced by the
  install cell below, built from ``repository.url``/``branch`` of _config.yml
  (the same setting the website's launch buttons and the autograder's install use);
  when pip fails it stops the notebook with a message saying what to do;
* ``from myst_nb import glue`` becomes a local no-op (the values are already in
  the text), so the notebook runs with spinlib alone;
* a figure caption held in the cell's ``mystnb`` metadata becomes a Markdown
  cell under the figure.

``student=True`` drops every solution.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import jupytext
import nbformat
import yaml

from ..book import source_of, toc_docs  # noqa: F401 - re-exported for the edition builders
from .bib import Bibliography
from .glue import glued_values
from .myst import Index, Renderer, scan

ROOT = Path(__file__).resolve().parents[2]
SETUP_MARK = "# spinlib setup (Colab)"
_MYST_NB_IMPORT = re.compile(r"^(\s*)from myst_nb import glue\s*$", re.M)
_GLUE_SHIM = ("\\1def glue(name, value, display=True):  # the book's myst_nb.glue: in this notebook "
              "the value is already in the text\n\\1    return None")


def config(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "_config.yml").read_text())


def repository(root: Path = ROOT) -> tuple[str, str]:
    """(url, ref) of the book's repository: the one setting, ``repository`` in _config.yml.

    ``repository.url`` and ``repository.branch`` (the git ref: a branch, a tag or a commit) are
    Jupyter Book's own keys, so the launch buttons open the same place the notebooks and the
    autograder install spinlib from (:func:`install_requirement`).
    """
    repo = config(root).get("repository") or {}
    url, ref = str(repo.get("url") or "").rstrip("/"), str(repo.get("branch") or "")
    if not re.fullmatch(r"https://[^\s@\"']+", url):
        raise ValueError(f"_config.yml: repository.url must be an https URL, got {url!r}")
    if not re.fullmatch(r"[\w./-]+", ref) or ref.startswith(("-", "/")) or ".." in ref:
        raise ValueError(f"_config.yml: repository.branch must be a git ref (branch, tag or commit), "
                         f"got {ref!r}")
    return url, ref


def install_requirement(root: Path = ROOT) -> str:
    """The pip requirement that installs spinlib outside the repository (notebooks, autograder)."""
    url, ref = repository(root)
    return f"spinlib @ git+{url}@{ref}"


#: What the install cell says when pip fails, line by line (``{req}``, ``{url}``; ``{tail}``: pip's
#: last lines, filled in by the cell).
INSTALL_FAILED = (
    "spinlib could not be installed, so this notebook cannot run.",
    "  Tried: pip install \"{req}\"",
    "  pip said: {tail}",
    "What to do: check that this machine is online (in Colab: Runtime > Disconnect and delete",
    "runtime, then run this cell again), or install spinlib yourself:",
    "  pip install \"{req}\"",
    "or run the notebook in a copy of the book's repository ({url}), where `make book` installs it.",
    "Do not run the cells below until this cell finishes without an error: they need spinlib.",
)


def setup_cell_source(root: Path = ROOT) -> str:
    """The install cell of every exported notebook: installs spinlib when it is missing and stops
    the notebook with :data:`INSTALL_FAILED` (an exception, not a printed warning) when pip fails."""
    url, _ = repository(root)
    req = install_requirement(root)
    message = "".join(
        "            " + (f"f{line!r}" if "{tail}" in line else repr(line))
        .replace("{req}", "{SPINLIB}" if "{tail}" in line else req).replace("{url}", url)
        + ("\n" if i == len(INSTALL_FAILED) - 1 else ' "\\n"\n')
        for i, line in enumerate(INSTALL_FAILED))
    return (
        f"{SETUP_MARK}: installs spinlib from {url} where it is missing (Colab, a lone download);\n"
        "# in the book's repository or a prepared environment it does nothing.\n"
        "import importlib.util\n"
        "import subprocess\n"
        "import sys\n\n"
        f"SPINLIB = {req!r}  # repository.url and .branch in the book's _config.yml\n"
        'if importlib.util.find_spec("spinlib") is None:\n'
        '    print("Installing spinlib (about a minute in Colab) ...", flush=True)\n'
        '    pip = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", SPINLIB],\n'
        "                         capture_output=True, text=True)\n"
        "    if pip.returncode != 0:\n"
        '        tail = " | ".join((pip.stderr or pip.stdout).strip().splitlines()[-3:]) or "nothing"\n'
        "        raise RuntimeError(\n"
        f"{message}"
        "        )\n"
        "    importlib.invalidate_caches()\n"
        "    import spinlib  # noqa: F401  (a broken install fails here, not two cells later)\n"
        "try:  # in Colab, ipywidgets 8 sliders need Colab's custom widget manager\n"
        "    from google.colab import output\n\n"
        "    output.enable_custom_widget_manager()\n"
        "except ImportError:  # not in Colab\n"
        "    pass"
    )


def chapter_numbers(root: Path = ROOT) -> dict[str, str]:
    """doc -> the number of its chapter, for every page of a ``numbered: true`` part of _toc.yml
    (a chapter and all its sections); numbering starts at 1 in each part, as Jupyter Book does
    with ``use_multitoc_numbering: false``, and runs on across parts with ``true``."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    across = bool((config(root).get("html") or {}).get("use_multitoc_numbering", True))
    numbers: dict[str, str] = {}
    n = 0

    def sections(entry):
        for sub in entry.get("sections") or []:
            if "file" in sub:
                yield sub["file"]
                yield from sections(sub)

    for part in toc.get("parts", []):
        if not part.get("numbered"):
            continue
        n = n if across else 0
        for entry in part.get("chapters") or []:
            if "file" not in entry:
                continue
            n += 1
            for doc in (entry["file"], *sections(entry)):
                numbers[doc] = str(n)
    return numbers


def is_notebook_page(path: Path) -> bool:
    return path.suffix == ".md" and path.read_text().lstrip().startswith("---\njupytext")


def pages(root: Path = ROOT) -> list[Path]:
    """The MyST notebook pages of the book (those that get an exported .ipynb)."""
    docs, _ = toc_docs(root)
    return [p for p in (source_of(d, root) for d in docs) if is_notebook_page(p)]


def _cells(path: Path) -> list[tuple[str, str, dict]]:
    if is_notebook_page(path):
        nb = jupytext.read(path)
        return [(c.cell_type, c.source, dict(c.metadata)) for c in nb.cells]
    return [("markdown", path.read_text(), {})]


@dataclass
class Book:
    root: Path = ROOT
    cache_dir: Path | None = None
    verbose: bool = False
    #: glued values already known (e.g. read from an edition build's executed notebooks), by page
    known_glue: dict | None = None

    @cached_property
    def index(self) -> Index:
        docs, children = toc_docs(self.root)
        index = Index(toc_children=children, chapters=chapter_numbers(self.root))
        for doc in docs:
            scan(doc, _cells(source_of(doc, self.root)), index)
        return index

    @cached_property
    def bib(self) -> Bibliography:
        files = config(self.root).get("bibtex_bibfiles", ["book/references.bib"])
        return Bibliography(self.root / files[0])

    def glue(self, page: Path) -> dict:
        if "{glue" not in page.read_text():
            return {}
        if self.known_glue and page in self.known_glue:
            return self.known_glue[page]
        cache = self.cache_dir or self.root / "_build" / "notebooks" / "glue"
        return glued_values(page, self.root, cache, verbose=self.verbose)

    def export(self, page: Path, *, student: bool = False) -> nbformat.NotebookNode:
        from myst_nb.core.render import strip_latex_delimiters
        from myst_nb.core.variables import format_plain_text

        doc = str(page.relative_to(self.root).with_suffix(""))
        r = Renderer(doc, self.index, self.bib, self.glue(page), student=student,
                     strip_latex=strip_latex_delimiters, format_text=format_plain_text)
        src = jupytext.read(page)
        cells = []
        titled = False
        for cell in src.cells:
            if cell.cell_type == "markdown":
                text = r.render(cell.source)
                if not titled and (m := re.search(r"^# .+$", text, flags=re.M)):
                    text = text[:m.end()] + "\n\n" + _how_to_run(student) + text[m.end():]
                    titled = True
                if text.strip():
                    cells.append(nbformat.v4.new_markdown_cell(text))
                continue
            if cell.cell_type != "code":
                continue
            meta = dict(cell.metadata)
            figure = (meta.pop("mystnb", None) or {}).get("figure") or {}
            source = cell.source
            if SETUP_MARK in source:
                source = setup_cell_source(self.root)
            source = _MYST_NB_IMPORT.sub(_GLUE_SHIM, source)
            code = nbformat.v4.new_code_cell(source)
            tags = list(meta.get("tags") or [])
            if tags:
                code.metadata["tags"] = tags
            if {"hide-input", "remove-input", "remove-cell", "hide-cell"} & set(tags):
                # collapsed as on the website (JupyterLab and Notebook 7 honour this; Colab shows it)
                code.metadata["jupyter"] = {"source_hidden": True}
            cells.append(code)
            if figure.get("caption"):
                t = self.index.targets.get(figure.get("name", ""))
                label = f"Figure {t.number}." if t else "Figure."
                caption = r.render(figure["caption"].strip())
                cells.append(nbformat.v4.new_markdown_cell(f"**{label}** {caption}"))
        if r.cited:
            refs = "\n".join(f"* {self.bib.reference(k)}" for k in dict.fromkeys(r.cited))
            cells.append(nbformat.v4.new_markdown_cell(f"## Works cited\n\n{refs}"))
        nb = nbformat.v4.new_notebook(cells=cells)
        for i, c in enumerate(nb.cells):  # deterministic ids (nbformat would draw random ones)
            c["id"] = f"cell-{i}"
        nb.metadata = {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
            "colab": {"provenance": []},
        }
        return nb


def _how_to_run(student: bool) -> str:
    edition = " (student edition: without solutions)" if student else ""
    return (
        f"> *Notebook of the book{edition}.* Run the cells in order (**Run ▸ Run All Cells**; in Colab "
        "**Runtime ▸ Run all**). The first cell installs `spinlib` if it is missing (about a minute in "
        "Colab). Figures appear when their cell runs; the sliders of an interactive figure respond only "
        "while its cell's kernel is running: in a downloaded or reopened notebook, run the cell again."
    )


def as_text(nb) -> str:
    return nbformat.writes(nb) + "\n"


def target_of(page: Path, root: Path = ROOT) -> Path:
    return page.with_suffix(".ipynb")
