"""Insert (once) the Colab/Binder setup cell at the top of every notebook page.

Outside this repository (Colab opens a single .ipynb) spinlib is not
installed; the cell installs it from the repository. In the book's build and
in a clone it finds spinlib and does nothing. It is removed from the website.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from sync_notebooks import pages  # noqa: E402

MARK = "# spinlib setup (Colab)"
CELL = f"""```{{code-cell}} ipython3
:tags: [remove-cell]

{MARK}: outside the repository, install spinlib first; elsewhere a no-op.
import importlib.util

if importlib.util.find_spec("spinlib") is None:
    %pip install --quiet "spinlib @ git+https://github.com/stt-textbook/stt-book"
```

"""


def main() -> int:
    for page in pages():
        text = page.read_text()
        if MARK in text:
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
