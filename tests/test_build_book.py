"""The execution cache is keyed per page on the spinlib modules it imports (tools/build_book.py)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from tools import build_book

HEADER = textwrap.dedent("""\
    ---
    jupytext:
      text_representation:
        extension: .md
        format_name: myst
    kernelspec:
      display_name: Python 3
      language: python
      name: python3
    ---
    """)


def page(title: str, code: str) -> str:
    return HEADER + f"\n# {title}\n\n```{{code-cell}} ipython3\n{code}\n```\n"


def make_project(root: Path) -> None:
    """A package whose module b imports a (relative import), c stands alone; p1 -> b, p2 -> c,
    p3 imports nothing of the package; p4 has a Colab-style magic inside an `if`."""
    pkg = root / "spinlib"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("")
    (pkg / "a.py").write_text("A = 1\n")
    (pkg / "sub" / "b.py").write_text("from ..a import A\nB = A + 1\n")
    (pkg / "c.py").write_text("C = 3\n")
    (root / "book").mkdir()
    (root / "book" / "p1.md").write_text(page("one", "from spinlib.sub import b\nprint(b.B)"))
    (root / "book" / "p2.md").write_text(page("two", "import spinlib.c as c\nprint(c.C)"))
    (root / "book" / "p3.md").write_text(page("three", "print(1)"))
    (root / "book" / "p4.md").write_text(page("four", "if False:\n    %pip install x\nfrom spinlib import c"))
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/p1\nchapters:\n- file: book/p2\n"
                                   "- file: book/p3\n- file: book/p4\n")


def keys(root: Path) -> dict:
    pages = build_book.book_pages(root)
    return {doc: build_book.page_key(path, root, env_key="env") for doc, path in pages.items()}


def test_modules_of_a_page_are_found_transitively(tmp_path):
    make_project(tmp_path)
    found = build_book.page_modules("from spinlib.sub import b", tmp_path)
    assert {p.relative_to(tmp_path).as_posix() for p in found} == {
        "spinlib/__init__.py", "spinlib/sub/__init__.py", "spinlib/sub/b.py", "spinlib/a.py"}


@pytest.mark.parametrize("edited, affected", [
    ("spinlib/a.py", {"book/p1"}),             # through b's relative import
    ("spinlib/sub/b.py", {"book/p1"}),
    ("spinlib/c.py", {"book/p2", "book/p4"}),  # p4's magic does not hide its import
    ("spinlib/__init__.py", {"book/p1", "book/p2", "book/p4"}),
])
def test_editing_a_module_changes_only_the_pages_that_import_it(tmp_path, edited, affected):
    make_project(tmp_path)
    before = keys(tmp_path)
    path = tmp_path / edited
    path.write_text(path.read_text() + "# edited\n")
    after = keys(tmp_path)
    assert {doc for doc in before if before[doc] != after[doc]} == affected


def test_environment_change_re_executes_every_page(tmp_path):
    make_project(tmp_path)
    pages = build_book.book_pages(tmp_path)
    old = {d: build_book.page_key(p, tmp_path, env_key="numpy==1") for d, p in pages.items()}
    new = {d: build_book.page_key(p, tmp_path, env_key="numpy==2") for d, p in pages.items()}
    assert all(old[d] != new[d] for d in pages)


def test_stale_pages_against_the_last_build(tmp_path):
    make_project(tmp_path)
    keys_file = tmp_path / "keys.json"
    stale, current = build_book.stale_pages(tmp_path, keys_file)
    assert stale == sorted(current)  # first build: everything
    keys_file.write_text(json.dumps(current))
    assert build_book.stale_pages(tmp_path, keys_file)[0] == []
    (tmp_path / "spinlib" / "c.py").write_text("C = 4\n")
    assert build_book.stale_pages(tmp_path, keys_file)[0] == ["book/p2", "book/p4"]


@pytest.mark.slow
def test_real_build_re_executes_only_the_affected_page(tmp_path):
    """End to end: a two-page book built with the real build script and the book's extension;
    editing the module one page imports re-executes that page only, and its output changes."""
    if shutil.which("jupyter-book", path=str(Path(sys.executable).parent)) is None:
        pytest.skip("jupyter-book not installed")
    root = tmp_path / "book_root"
    root.mkdir()
    make_project(root)
    (root / "book" / "p4.md").unlink()
    (root / "_toc.yml").write_text("format: jb-book\nroot: book/p1\nchapters:\n- file: book/p2\n")
    shutil.copytree(ROOT / "book" / "_ext", root / "book" / "_ext")
    (root / "_config.yml").write_text(textwrap.dedent("""\
        title: t
        only_build_toc_files: true
        exclude_patterns: [_build, "**/.*", spinlib]
        execute: {execute_notebooks: cache, raise_on_error: true}
        sphinx: {local_extensions: {stt_site: book/_ext}}
        """))

    def build() -> str:
        result = subprocess.run(
            [sys.executable, "-c", "import sys; from pathlib import Path; from tools import build_book;"
             "sys.exit(build_book.main([], root=Path(sys.argv[1])))", str(root)],
            # the toy book's spinlib first, then the repository for the tools package
            cwd=root, capture_output=True, text=True,
            # the toy book lies outside the repository: its maths is typeset with the repository's
            # MathJax (node_modules from `make env`)
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(root), str(ROOT)]),
                 "STT_NODE_MODULES": str(ROOT / "node_modules")})
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        return result.stdout + result.stderr

    first = build()
    assert first.count("Executing notebook") == 2
    second = build()
    assert "Executing notebook" not in second and "pages to execute again (0)" in second
    (root / "spinlib" / "a.py").write_text("A = 41\n")
    third = build()
    assert "pages to execute again (1): book/p1" in third
    assert third.count("Executing notebook") == 1
    assert "42" in (root / "_build" / "html" / "book" / "p1.html").read_text()


def test_environment_key_holds_what_the_page_reaches():
    """Versions of the packages a page imports (and their requirements) are in its key; a tool
    installed next to them (a linter, the test runner) does not re-execute the book."""
    import re

    key = build_book.environment_key({"numpy", "sympy"})
    for dist in ("numpy", "sympy", "mpmath", "ipykernel"):
        assert re.search(rf"^{dist}==", key, re.M), dist
    for dist in ("ruff", "pytest", "hypothesis"):
        assert not re.search(rf"^{dist}==", key, re.M), dist
