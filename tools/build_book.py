"""Build the book: every chapter executed, warnings as errors, nitpicky references.

The execution cache is keyed per page. jupyter-cache matches an executed
notebook on its own code only, so an edit in spinlib (which the pages import)
would otherwise serve stale outputs. For each page this script computes a key:
the sources of the spinlib modules the page imports, transitively (found by
parsing imports with ``ast``), plus the environment (Python and the versions of the
packages the page and those modules import, with their requirements, and the
kernel's packages). The keys of the last successful build are kept in
``_build/.page-keys.json``; a page whose key changed loses its cache record and
is re-read by Sphinx (the book's extension, ``env-get-outdated``), so it and
only it is executed again. Everything else is served from the cache.

The kernels run with SPINLIB_STATIC=1, so every interactive figure is emitted
as a precomputed, scrubbable view (spinlib.widgets) rather than as live widgets.

    python -m tools.build_book [--all]       (``make book``)
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from tools.book import book_pages

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
KEYS = BUILD / ".page-keys.json"
CACHE = BUILD / ".jupyter_cache"
PACKAGE = "spinlib"


# -- which spinlib modules a page needs ---------------------------------------------------

def _imported_names(tree: ast.AST, module: str | None = None, is_package: bool = False) -> set[str]:
    """Absolute names of the modules imported by ``tree`` (``module``: its own dotted name)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                if module is None:
                    continue
                parts = module.split(".")
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            # `from spinlib import units` imports the submodule spinlib.units
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


def module_file(name: str, root: Path = ROOT) -> Path | None:
    """The source file of a module of the package, or None (not ours, or not a module)."""
    path = root.joinpath(*name.split("."))
    if (path / "__init__.py").exists():
        return path / "__init__.py"
    if path.with_suffix(".py").exists():
        return path.with_suffix(".py")
    return None


def _with_parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def page_code(page: Path) -> str:
    """The code cells of a page (MyST Markdown notebook or .ipynb); IPython magics become ``pass``."""
    import jupytext

    nb = jupytext.read(page)
    lines = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            for line in cell.source.splitlines():
                stripped = line.lstrip()
                lines.append(line[: len(line) - len(stripped)] + "pass" if stripped.startswith(("%", "!"))
                             else line)
    return "\n".join(lines)


def page_modules(code: str, root: Path = ROOT, package: str = PACKAGE) -> list[Path]:
    """Source files of every module of ``package`` that ``code`` imports, transitively, with the
    packages' ``__init__`` files (importing a submodule runs them)."""
    try:
        tree = ast.parse(code)
    except SyntaxError:  # a page that does not parse: key it on the whole package
        return sorted((root / package).rglob("*.py"))
    todo = [n for name in _imported_names(tree) for n in _with_parents(name) if n.split(".")[0] == package]
    seen: dict[str, Path] = {}
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        path = module_file(name, root)
        if path is None:
            continue
        seen[name] = path
        sub = ast.parse(path.read_text(), filename=str(path))
        for imported in _imported_names(sub, name, is_package=path.name == "__init__.py"):
            todo += [n for n in _with_parents(imported) if n.split(".")[0] == package and n not in seen]
    return sorted(set(seen.values()))


def _third_party(code_or_paths, package: str) -> set[str]:
    """Top-level names of the non-stdlib, non-``package`` modules imported by ``code_or_paths``."""
    names = set()
    for item in code_or_paths:
        try:
            tree = ast.parse(item.read_text() if isinstance(item, Path) else item)
        except SyntaxError:
            continue
        for name in _imported_names(tree):
            top = name.split(".")[0]
            if top and top != package and top not in sys.stdlib_module_names:
                names.add(top)
    return names


def environment_key(modules: set[str] | None = None) -> str:
    """Python and the versions of the distributions a page's code can reach.

    ``modules``: top-level modules the page and its spinlib modules import; the key holds the
    distributions providing them, one level of their requirements, and the kernel's own packages.
    ``None``: every installed distribution (the most conservative key).
    """
    installed = {d.metadata["Name"].lower().replace("_", "-"): d.version
                 for d in importlib.metadata.distributions() if d.metadata["Name"]}
    if modules is None:
        wanted = set(installed)
    else:
        providers = importlib.metadata.packages_distributions()
        wanted = {"ipykernel", "jupyter-client", "matplotlib-inline", "myst-nb", "ipython"}
        for module in modules:
            wanted |= {d.lower().replace("_", "-") for d in providers.get(module, [])}
        for dist in list(wanted):
            try:
                requires = importlib.metadata.requires(dist) or []
            except importlib.metadata.PackageNotFoundError:
                continue
            for req in requires:
                if "extra ==" not in req:
                    wanted.add(re.split(r"[ ;<>=!~\[(]", req, maxsplit=1)[0].lower().replace("_", "-"))
    return "\n".join([sys.version, platform.platform(),
                      *sorted(f"{d}=={installed[d]}" for d in wanted if d in installed)])


def page_key(page: Path, root: Path = ROOT, package: str = PACKAGE, env_key: str | None = None) -> str:
    """Hash of the spinlib modules the page imports (transitively) and of its environment."""
    code = page_code(page)
    modules = page_modules(code, root, package)
    if env_key is None:
        env_key = environment_key(_third_party([code, *modules], package))
    digest = hashlib.sha256(env_key.encode())
    for path in modules:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def stale_pages(root: Path = ROOT, keys_file: Path = KEYS, package: str = PACKAGE) -> tuple[list, dict]:
    """Pages whose key differs from the last successful build, and every page's current key."""
    keys = {doc: page_key(path, root, package) for doc, path in book_pages(root).items()}
    old = json.loads(keys_file.read_text()) if keys_file.exists() else {}
    return sorted(doc for doc, key in keys.items() if old.get(doc) != key), keys


def forget_cached(pages: list[str], root: Path = ROOT, cache_dir: Path = CACHE) -> int:
    """Remove the execution-cache records of ``pages`` (records are stored under the source path)."""
    if not cache_dir.exists() or not pages:
        return 0
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_dir))
    sources = {str(p.resolve()) for doc, p in book_pages(root).items() if doc in pages}
    removed = 0
    for record in cache.list_cache_records():
        if str(Path(record.uri).resolve()) in sources:
            cache.remove_cache(record.pk)
            removed += 1
    return removed


def serve_clean_notebooks(root: Path, html: Path) -> int:
    """The download menu's .ipynb is the exported clean notebook (``make notebooks``), not the
    executed MyST notebook Sphinx copies to ``_sources`` (raw roles, solutions in plain sight)."""
    copied = 0
    for target in (html / "_sources").rglob("*.ipynb"):
        clean = root / target.relative_to(html / "_sources")
        if clean.exists():
            shutil.copyfile(clean, target)
            copied += 1
    return copied


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    argv = sys.argv[1:] if argv is None else argv
    build = root / "_build"
    keys_file, cache_dir = build / ".page-keys.json", build / ".jupyter_cache"
    stale, keys = stale_pages(root, keys_file)
    removed = forget_cached(stale, root, cache_dir)
    print(f"pages to execute again ({len(stale)}): {', '.join(stale) or 'none'}"
          f" ({removed} cache records removed)", flush=True)
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(root),
           "--builder", "html", "-W", "-n", "--keep-going"]
    if "--all" in argv:
        cmd.append("--all")
    env = {**os.environ, "SPINLIB_STATIC": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
           "SPINLIB_STALE_PAGES": json.dumps(stale)}
    print("+", " ".join(cmd), flush=True)
    t0 = time.perf_counter()
    result = subprocess.run(cmd, cwd=root, env=env)
    if result.returncode != 0:
        return result.returncode
    build.mkdir(exist_ok=True)
    keys_file.write_text(json.dumps(keys, indent=1, sort_keys=True))
    serve_clean_notebooks(root, build / "html")
    print(f"\nBook built in {time.perf_counter() - t0:.0f} s: open {build / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
