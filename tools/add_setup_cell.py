"""Give every notebook page its (hidden) setup cell, once: ``python -m tools.add_setup_cell``.

The page's cell only marks the place. The exported notebook (``make notebooks``,
tools/editions/export.py) puts the install command there, built from
``repository.url`` and ``repository.branch`` of _config.yml, the one setting the
website's Colab/Binder buttons use as well; in the repository (and in the book's
build) spinlib is installed and the cell has nothing to do.

``--update`` rewrites setup cells of the older form (which carried their own
copy of the repository URL) into this one.
"""

from __future__ import annotations

import re
import sys

from tools.editions.export import SETUP_MARK as MARK
from tools.editions.export import pages

CELL = f"""```{{code-cell}} ipython3
:tags: [remove-cell]

{MARK}: the exported notebook installs spinlib here when it is missing
# (Colab, a lone download), from the repository URL in _config.yml. Nothing to do in the repository.
```

"""
_OLD = re.compile(r"```\{code-cell\} ipython3\n:tags: \[remove-cell\]\n\n"
                  + re.escape(MARK) + r".*?\n```\n\n", flags=re.S)


def main(argv=None) -> int:
    update = "--update" in (sys.argv[1:] if argv is None else argv)
    for page in pages():
        text = page.read_text()
        if MARK in text:
            if update and (m := _OLD.search(text)) and m[0] != CELL:
                page.write_text(text[:m.start()] + CELL + text[m.end():])
                print(f"setup cell updated in {page.relative_to(page.parents[2])}")
            continue
        match = re.search(r"^```\{code-cell\}", text, flags=re.M)
        if match is None:  # no code: place it after the title
            match = re.search(r"^# .*\n\n", text, flags=re.M)
            pos = match.end()
        else:
            pos = match.start()
        page.write_text(text[:pos] + CELL + text[pos:])
        print(f"setup cell added to {page.relative_to(page.parents[2])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
