"""Export the book's pages as clean Jupyter notebooks (``make notebooks``).

    python -m tools.export_notebooks                # write book/**/<page>.ipynb (committed)
    python -m tools.export_notebooks --check        # exit 1 if a committed copy is stale
    python -m tools.export_notebooks --student DIR  # student copies (no solutions) into DIR

Works from a fresh clone: each page that glues values is executed once in a
live kernel (cached in _build/notebooks/glue/, see tools/editions/glue.py); no
website build is needed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tools.editions.export import ROOT, Book, as_text, pages


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="fail if a committed notebook is stale")
    ap.add_argument("--student", type=Path, metavar="DIR", help="write student notebooks into DIR")
    args = ap.parse_args(argv)
    book = Book(verbose=True)
    stale = []
    for page in pages():
        rel = page.relative_to(ROOT / "book").with_suffix(".ipynb")
        if args.student:
            target = args.student / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(as_text(book.export(page, student=True)))
            print(f"wrote {target}")
            continue
        target = page.with_suffix(".ipynb")
        text = as_text(book.export(page))
        if target.exists() and target.read_text() == text:
            continue
        if args.check:
            stale.append(str(target.relative_to(ROOT)))
        else:
            target.write_text(text)
            print(f"wrote {target.relative_to(ROOT)}")
    if stale:
        print("stale notebooks (run `make notebooks`):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
