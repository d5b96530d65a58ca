"""Build the book: every chapter executed, warnings as errors, nitpicky references.

jupyter-cache keys executed notebooks on their own content only, so a change in
spinlib (which the chapters import) would otherwise serve stale outputs. This
script keys the whole build on a hash of spinlib's sources: when the hash
changes, the execution cache is wiped and Sphinx rebuilds every page.

The kernels run with SPINLIB_STATIC=1, so every interactive figure is emitted
as a precomputed, scrubbable view (spinlib.widgets) rather than as live widgets.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
STAMP = BUILD / ".spinlib-hash"


def source_hash() -> str:
    digest = hashlib.sha256()
    for path in sorted((ROOT / "spinlib").rglob("*.py")):
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def main() -> int:
    current = source_hash()
    fresh = not STAMP.exists() or STAMP.read_text().strip() != current
    if fresh and (BUILD / ".jupyter_cache").exists():
        print("spinlib changed since the last build: clearing the execution cache")
        shutil.rmtree(BUILD / ".jupyter_cache")
    cmd = [str(Path(sys.executable).with_name("jupyter-book")), "build", str(ROOT),
           "--builder", "html", "-W", "-n", "--keep-going"]
    if fresh or "--all" in sys.argv:
        cmd.append("--all")
    env = {**os.environ, "SPINLIB_STATIC": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    print("+", " ".join(cmd), flush=True)
    result = subprocess.run(cmd, cwd=ROOT, env=env)
    if result.returncode != 0:
        return result.returncode
    BUILD.mkdir(exist_ok=True)
    STAMP.write_text(current)
    print(f"\nBook built: open {BUILD / 'html' / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
