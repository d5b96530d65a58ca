"""Grade many submissions of one assignment locally, without Docker (`make grade`).

Runs ``otter run`` on every submitted notebook with the assignment's autograder zip (written by
`make assignments`), keeps each ``results.json`` and writes one ``grades.csv``: the student id
found in the notebook, the score of every autograded question, the total, and the grading time.
Written (manually graded) questions are not in the zip: grade them by reading the notebooks.

Usage (course environment)::

    .venv-course/bin/python -m tools.grade_submissions \\
        --autograder _build/assignments/llg/autograder/llg-autograder.zip \\
        --out _build/grades/llg  submissions/*.ipynb

A folder among the submissions stands for every ``*.ipynb`` in it (e.g. an LMS bulk download).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
import sys
import time
from pathlib import Path

STUDENT_ID = re.compile(r"^\s*STUDENT_ID\s*=\s*['\"]([^'\"]*)['\"]", flags=re.M)


def student_id(notebook: Path) -> str:
    """The ``STUDENT_ID = "..."`` a student wrote in the notebook ('' when absent or unset)."""
    try:
        cells = json.loads(notebook.read_text())["cells"]
    except (OSError, ValueError, KeyError):
        return ""
    for cell in cells:
        source = cell.get("source", "")
        match = STUDENT_ID.search("".join(source) if isinstance(source, list) else source)
        if match:
            return match.group(1)
    return ""


def grade(autograder: Path, submission: Path, out: Path) -> dict:
    """Grade one notebook; returns its per-question scores, total, possible and time (s)."""
    out.mkdir(parents=True, exist_ok=True)
    cmd = [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(autograder), "-o", str(out),
           str(submission)]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    results = out / "results.json"
    if proc.returncode != 0 or not results.exists():
        raise RuntimeError(f"otter run failed on {submission}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    tests = json.loads(results.read_text())["tests"]
    scores = {t["name"]: float(t["score"]) for t in tests if "max_score" in t}
    possible = {t["name"]: float(t["max_score"]) for t in tests if "max_score" in t}
    public = next((t for t in tests if t["name"] == "Public Tests"), {})
    return {"submission": str(submission), "student_id": student_id(submission), "scores": scores,
            "possible": possible, "total": sum(scores.values()), "max": sum(possible.values()),
            "public_status": public.get("status", ""), "public_output": public.get("output", ""),
            "seconds": round(seconds, 2)}


def expand(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        found += sorted(path.glob("*.ipynb")) if path.is_dir() else [path]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--autograder", type=Path, required=True, help="the <name>-autograder.zip")
    parser.add_argument("--out", type=Path, required=True, help="folder for the results and grades.csv")
    parser.add_argument("submissions", type=Path, nargs="+", help="notebooks, or folders of notebooks")
    args = parser.parse_args(argv)
    rows = []
    for k, submission in enumerate(expand(args.submissions)):
        row = grade(args.autograder, submission, args.out / f"{k:03d}-{submission.stem}")
        rows.append(row)
        print(f"{submission.name}: {row['total']:g}/{row['max']:g} ({row['student_id'] or 'no id'}) "
              f"in {row['seconds']:.1f} s")
    if not rows:
        parser.error("no submission found")
    questions = sorted({q for row in rows for q in row["possible"]})
    with open(args.out / "grades.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["submission", "student_id", *questions, "total", "max", "seconds"])
        for row in rows:
            points = [row["scores"].get(q, 0.0) for q in questions]
            writer.writerow([row["submission"], row["student_id"], *points, row["total"], row["max"],
                             row["seconds"]])
    (args.out / "grades.json").write_text(json.dumps(rows, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
