"""Build the course assignments with otter-grader (`make assignments`).

Every master notebook ``assignments/<name>/<name>.ipynb`` (otter-grader's notebook format) goes
through ``otter assign``, which strips the solutions and hidden tests, runs every test against
the solution, and writes

* ``_build/assignments/<name>/student/<name>.ipynb``: the notebook handed out (public checks only);
* ``_build/assignments/<name>/autograder/``: the solution notebook, ``<name>-kit.json`` (questions,
  points and checks, with its SHA-256 in ``<name>-kit.sha256``), which `make grade` grades with in
  a sandbox (tools/grading), and otter's ``<name>-autograder.zip`` for courses that grade on
  Gradescope (book/course.md states what each path protects).

The student notebook is also copied to ``book/assignments/<name>.ipynb`` (committed), which the
website offers for download (book/course.md and the chapter pages link to it); ``--check`` fails
when that copy is stale.

Run it with the interpreter of the optional course environment (``.venv-course``, made by
``make assignments`` from requirements-course.txt); otter-grader is never needed for the book.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tools.grading import kit as grading_kit

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "assignments"
OUT = ROOT / "_build" / "assignments"
PUBLISHED = ROOT / "book" / "assignments"
# The repository URL written in the masters' install cell; replaced by the one of _config.yml.
URL_PLACEHOLDER = "https://github.com/stt-textbook/stt-book"
# What Gradescope's grading image installs (otter adds its own requirements).
GRADING_REQUIREMENTS = ["numpy>=1.26", "scipy>=1.12", "sympy>=1.13", "matplotlib>=3.8"]


def masters() -> list[Path]:
    """The master notebooks, ``assignments/<name>/<name>.ipynb``, sorted by name."""
    return sorted(p for p in SOURCE.glob("*/*.ipynb") if p.stem == p.parent.name)


def repository_url() -> str:
    """``repository.url`` of _config.yml (the one setting the launch buttons also use)."""
    text = (ROOT / "_config.yml").read_text()
    match = re.search(r"^repository:\s*\n(?:[ \t]+.*\n)*?[ \t]+url:\s*(\S+)", text, flags=re.M)
    return match.group(1).strip("'\"") if match else URL_PLACEHOLDER


def _stable_ids(path: Path, name: str) -> None:
    """Give the cells of an otter output notebook deterministic ids (otter draws random ones)."""
    nb = json.loads(path.read_text())
    for k, cell in enumerate(nb["cells"]):
        cell["id"] = f"{name}-{k}"
    path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")


def build(master: Path, out: Path = OUT, *, run_tests: bool = True) -> dict:
    """``otter assign`` one master; returns the paths written and the time taken (s)."""
    name = master.stem
    url = repository_url()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"assign-{name}-") as tmp:
        src = Path(tmp) / name
        shutil.copytree(master.parent, src, ignore=shutil.ignore_patterns(".*", "__pycache__", "dist"))
        nb_path = src / master.name
        nb_path.write_text(nb_path.read_text().replace(URL_PLACEHOLDER, url))
        requirements = [*GRADING_REQUIREMENTS, f"spinlib @ git+{url}"]
        (src / "requirements.txt").write_text("\n".join(requirements) + "\n")
        cmd = [sys.executable, "-m", "otter", "assign", master.name, "dist"]
        if not run_tests:
            cmd.append("--no-run-tests")
        proc = subprocess.run(cmd, cwd=src, capture_output=True, text=True)
        if proc.returncode != 0:
            log = f"{proc.stdout[-4000:]}\n{proc.stderr[-4000:]}"
            raise RuntimeError(f"otter assign failed for {name}:\n{log}")
        dest = out / name
        shutil.rmtree(dest, ignore_errors=True)
        dest.mkdir(parents=True)
        shutil.copytree(src / "dist" / "student", dest / "student")
        shutil.copytree(src / "dist" / "autograder", dest / "autograder")
    (zip_path,) = (dest / "autograder").glob("*.zip")
    stable_zip = zip_path.with_name(f"{name}-autograder.zip")
    zip_path.rename(stable_zip)
    student = dest / "student" / master.name
    solution = dest / "autograder" / master.name
    _stable_ids(student, name)
    _stable_ids(solution, name)
    kit = grading_kit.extract(master)
    handout = json.loads(student.read_text())["cells"]
    kit["handout_markdown"] = sorted({grading_kit.text_hash(grading_kit._source(c)) for c in handout
                                      if c["cell_type"] == "markdown"})
    kit_path = grading_kit.write(kit, dest / "autograder")
    return {"name": name, "student": student, "solution": solution, "autograder_zip": stable_zip,
            "kit": kit_path, "seconds": time.perf_counter() - start}


def published_copy(name: str) -> Path:
    return PUBLISHED / f"{name}.ipynb"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="assignments to build (default: all)")
    parser.add_argument("--out", type=Path, default=OUT, help="output folder (default: _build/assignments)")
    parser.add_argument("--no-run-tests", action="store_true", help="skip otter's check of the solutions")
    parser.add_argument("--check", action="store_true",
                        help="do not publish; fail if book/assignments/ holds a stale student notebook")
    args = parser.parse_args(argv)
    chosen = [m for m in masters() if not args.names or m.stem in args.names]
    if not chosen:
        parser.error(f"no assignment among {[m.stem for m in masters()]} matches {args.names}")
    stale = []
    for master in chosen:
        built = build(master, args.out, run_tests=not args.no_run_tests)
        target = published_copy(built["name"])
        fresh = built["student"].read_text()
        if args.check:
            if not target.exists() or target.read_text() != fresh:
                stale.append(target)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(fresh)
        print(f"{built['name']}: {built['student'].parent.parent} (student/, autograder/"
              f"{built['autograder_zip'].name}) in {built['seconds']:.1f} s")
    if stale:
        print("stale student notebooks (run `make assignments`): " + ", ".join(map(str, stale)))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
