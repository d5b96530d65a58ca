"""Build an edition of the book: ``make student`` and ``make pdf``.

    python -m tools.build_editions student   # _build/student/html, _build/student/notebooks
    python -m tools.build_editions pdf       # _build/pdf/book.pdf

See tools/editions/trees.py for what each edition contains and why.
"""

from __future__ import annotations

import sys

from tools.editions import trees


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if not argv or any(a not in ("student", "pdf") for a in argv):
        print(__doc__)
        return 2
    for edition in argv:
        getattr(trees, edition)()
    return 0


if __name__ == "__main__":
    sys.exit(main())
