"""The one reader of ``_toc.yml``: the book's documents in reading order and their sources."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_docs(root: Path = ROOT) -> tuple[list[str], dict[str, list[str]]]:
    """Every document of ``_toc.yml`` in reading order (without suffix), and each document's
    direct sections."""
    toc = yaml.safe_load((root / "_toc.yml").read_text())
    docs, children = [toc["root"]], {}

    def walk(entries, parent):
        for entry in entries or []:
            if "file" not in entry:
                continue
            docs.append(entry["file"])
            if parent:
                children.setdefault(parent, []).append(entry["file"])
            walk(entry.get("sections"), entry["file"])

    for part in toc.get("parts", []):
        walk(part.get("chapters"), None)
    walk(toc.get("chapters"), None)
    return docs, children


def toc_files(root: Path = ROOT) -> list[str]:
    """Every document of ``_toc.yml``, in reading order, without suffix."""
    return toc_docs(root)[0]


def source_of(doc: str, root: Path = ROOT) -> Path:
    """The source file of a document (``.md`` first, then ``.ipynb``)."""
    for suffix in (".md", ".ipynb"):
        path = root / f"{doc}{suffix}"
        if path.exists():
            return path
    raise FileNotFoundError(doc)


def is_notebook(path: Path) -> bool:
    """True for a notebook page: an ``.ipynb`` or a MyST Markdown notebook (jupytext header)."""
    return path.suffix == ".ipynb" or path.read_text().lstrip().startswith("---\njupytext")


def book_pages(root: Path = ROOT) -> dict[str, Path]:
    """docname -> source path of every executable page (notebook) of the table of contents."""
    pages = {}
    for doc in toc_files(root):
        try:
            path = source_of(doc, root)
        except FileNotFoundError:
            continue
        if is_notebook(path):
            pages[doc] = path
    return pages
