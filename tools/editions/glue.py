"""The values a page glues (derived equations, computed numbers), by executing the page.

Why execute here rather than read the book build's executed notebooks
(``_build/jupyter_execute``)? The exported notebooks must come out right from a
fresh clone with ``make notebooks`` alone, without a website build (which runs
every explorer in static mode, precomputing all its frames: far slower), and
without depending on the layout and freshness rules of another build's cache.
Each page runs once in a live kernel (as ``tests/test_notebooks.py`` runs it),
``myst_nb.glue`` records its values in the outputs exactly as in the book
build, and the values are cached under ``_build/notebooks/glue/`` keyed on the
page's text, every spinlib source file and the versions of the numerical
packages, so a re-export after an unrelated edit costs nothing and a stale
value is never served.
"""

from __future__ import annotations

import hashlib
import json
import os
from importlib.metadata import version
from pathlib import Path

import jupytext
import nbclient

from ..build_book import page_key

GLUE_PREFIX = "application/papermill.record/"
_PACKAGES = ("numpy", "scipy", "sympy", "matplotlib", "myst-nb")


def _key(page: Path, root: Path) -> str:
    """The page's text plus the website build's key of the page (tools/build_book.py: the
    spinlib modules it imports, transitively, and the environment), so both caches agree on
    what makes a page stale; all of spinlib and the main packages if that is unavailable."""
    digest = hashlib.sha256(page.read_bytes())
    try:
        digest.update(page_key(page, root).encode())
    except Exception:  # noqa: BLE001 - any failure: fall back to the coarser key
        for path in sorted((root / "spinlib").rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
        for package in _PACKAGES:
            digest.update(f"{package}=={version(package)}".encode())
    return digest.hexdigest()


def extract(nb) -> dict[str, dict]:
    """Glued mimebundles of an executed notebook: {name: {mimetype: data}}."""
    values: dict[str, dict] = {}
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            scrap = out.get("metadata", {}).get("scrapbook")
            if not scrap:
                continue
            prefix = scrap.get("mime_prefix", "")
            values[scrap["name"]] = {k[len(prefix):]: v for k, v in out.get("data", {}).items()
                                     if k.startswith(prefix)}
    return values


def execute(page: Path) -> dict[str, dict]:
    nb = jupytext.read(page)
    env_backup = {k: os.environ.get(k) for k in ("MPLBACKEND", "SPINLIB_STATIC")}
    os.environ["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    os.environ.pop("SPINLIB_STATIC", None)  # live mode: the glued values do not depend on it
    try:
        nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                resources={"metadata": {"path": str(page.parent)}}).execute()
    finally:
        for k, v in env_backup.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    return extract(nb)


def glued_values(page: Path, root: Path, cache_dir: Path, *, verbose: bool = False) -> dict[str, dict]:
    """The page's glued values, from the cache when page, spinlib and packages are unchanged."""
    key = _key(page, root)
    cache = cache_dir / (str(page.relative_to(root)).replace("/", "__") + ".json")
    if cache.exists():
        stored = json.loads(cache.read_text())
        if stored.get("key") == key:
            return stored["values"]
    if verbose:
        print(f"executing {page.relative_to(root)} for its glued values", flush=True)
    values = execute(page)
    cache_dir.mkdir(parents=True, exist_ok=True)
    cache.write_text(json.dumps({"key": key, "values": values}))
    return values
