"""Grade many submissions of one assignment locally, each in its own sandbox (`make grade`).

For every submitted notebook:

1. the SHA-256 of the assignment's grading kit (``<name>-kit.json``, written by
   `make assignments`) is checked against ``<name>-kit.sha256`` (or ``--sha256``); a mismatch stops
   the grading (tampered or rebuilt kit);
2. the notebook runs in a throwaway folder under bubblewrap (tools/grading/sandbox.py: no network,
   read-only system, only its own folder writable, the kit, the solutions and other submissions
   invisible) with a wall-clock timeout and memory/CPU limits; it only exports its answer variables
   as plain data (tools/grading/runner.py);
3. the hidden checks run on that data in a fresh, also sandboxed, process (tools/grading/check.py)
   that never imports anything the submission touched.

The student id comes from the instructor's side: the roster CSV (``--roster``, columns ``file`` and
``student_id``) or else the file name (``<student id>.ipynb``), never from the notebook. grades.csv
lists, per submission, the assigned id, the id the notebook declares, every autograded question,
the total, the limits it ran under, how the run ended, and flags: a declared id that differs,
identical answers across students, answers right for another student's variant. Each student also
gets ``feedback/<id>.md`` (which checks failed, never the answers) and ``written/<id>.md`` (the
written answers, for manual grading).

Usage (course environment)::

    .venv-course/bin/python -m tools.grade_submissions \\
        --kit _build/assignments/llg/autograder/llg-kit.json --out _build/grades/llg \\
        [--roster roster.csv] [--timeout 300] [--memory-mib 1536] [--cpu-seconds 600] [--jobs 2] \\
        submissions/

A folder among the submissions stands for every ``*.ipynb`` in it (e.g. an LMS bulk download).
Without a working bubblewrap the grader refuses to run; ``--unsafe-no-sandbox`` (for testing only)
runs the notebooks as the instructor and says so in every row.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make the repository importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tools.grading import sandbox  # noqa: E402
from tools.grading.kit import sha256, text_hash  # noqa: E402

GRADING = Path(__file__).resolve().parent / "grading"
STUDENT_ID = re.compile(r"^\s*STUDENT_ID\s*=\s*['\"]([^'\"]*)['\"]", flags=re.M)
MAX_ANSWERS_BYTES = 4_000_000
REPORT = "@@REPORT@@"


class TamperError(RuntimeError):
    """The grading kit's hash is not the one it was built with."""


def declared_id(notebook: Path) -> str:
    """The ``STUDENT_ID = "..."`` typed in the notebook ('' when absent): reported, never trusted."""
    try:
        cells = json.loads(notebook.read_text())["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return ""
    for cell in cells:
        source = cell.get("source", "")
        match = STUDENT_ID.search("".join(source) if isinstance(source, list) else str(source))
        if match:
            return match.group(1)
    return ""


def normalise(student_id: str) -> str:
    """The form the assignments draw parameters from (``strip().lower()``)."""
    return student_id.strip().lower()


def assign_ids(submissions: list[Path], roster: Path | None) -> list[tuple[Path, str]]:
    """(notebook, student id) from the roster (``file``, ``student_id``) or the file names."""
    if roster is None:
        return [(path, path.stem) for path in submissions]
    with open(roster, newline="") as handle:
        table = {row["file"].strip(): row["student_id"].strip() for row in csv.DictReader(handle)}
    missing = [p.name for p in submissions if p.name not in table]
    if missing:
        raise SystemExit(f"not in the roster {roster}: {missing}")
    return [(path, table[path.name]) for path in submissions]


def verify(kit_path: Path, expected: str) -> None:
    found = sha256(kit_path)
    if found != expected:
        raise TamperError(
            f"the grading kit {kit_path} changed: SHA-256 {found}, expected {expected} "
            "(rebuild with `make assignments` and grade again)"
        )


def _python_in_sandbox(args: list[str], *, workdir: Path, limits: sandbox.Limits, readonly, safe: bool):
    if safe:
        return sandbox.command([sys.executable, *args], workdir=workdir, limits=limits, readonly=readonly)
    # UNSAFE: no sandbox; the grader's files are reachable, only the rlimits apply
    mapped = [str(next((p for p in readonly if a == f"/grader/{p.name}"), a)) for a in args]
    return sandbox.prlimit(limits) + [sys.executable, "-I", *mapped]


def grade(
    kit_path: Path,
    kit: dict,
    submission: Path,
    student_id: str,
    *,
    expected_sha: str,
    other_ids: list[str],
    limits: sandbox.Limits,
    safe: bool = True,
) -> dict:
    """Grade one notebook; returns its row (scores, status, failed checks, exported answers)."""
    verify(kit_path, expected_sha)
    names = sorted({v for vs in kit["answers"].values() for v in vs})
    with tempfile.TemporaryDirectory(prefix="submission-") as tmp:
        work = Path(tmp) / "run"
        work.mkdir()
        shutil.copyfile(submission, work / f"{kit['name']}.ipynb")
        runner = (GRADING / "runner.py").resolve()
        cmd = _python_in_sandbox(
            ["/grader/runner.py", f"{kit['name']}.ipynb", "answers.json", *names],
            workdir=work,
            limits=limits,
            readonly=(runner,),
            safe=safe,
        )
        run = sandbox.run(cmd, timeout=limits.wall_seconds, cwd=work)
        exported = work / "answers.json"
        payload = {}
        if exported.is_file() and not exported.is_symlink() and exported.stat().st_size <= MAX_ANSWERS_BYTES:
            try:
                payload = json.loads(exported.read_text(errors="replace"))
            except ValueError:
                payload = {}
        payload = payload if isinstance(payload, dict) else {}
        # the checks: a fresh process that sees only the kit, the checker and a copy of the answers
        checks = Path(tmp) / "check"
        checks.mkdir()
        (checks / "answers.json").write_text(json.dumps(payload))
        checker = (GRADING / "check.py").resolve()
        verify(kit_path, expected_sha)
        cmd = _python_in_sandbox(
            [
                "/grader/check.py",
                f"/grader/{kit_path.name}",
                "answers.json",
                student_id,
                json.dumps(other_ids),
            ],
            workdir=checks,
            limits=sandbox.Limits(wall_seconds=600, cpu_seconds=1200),
            readonly=(checker, kit_path.resolve()),
            safe=safe,
        )
        check = sandbox.run(cmd, timeout=600, cwd=checks)
    if run.timed_out:
        status = f"stopped at the time limit ({limits.wall_seconds:g} s)"
    elif run.returncode != 0:
        status = f"killed (exit {run.returncode}: memory, CPU or process limit)"
    elif not payload.get("finished"):
        status = "did not finish"
    else:
        status = "ok"
    if REPORT not in check.stdout:
        raise RuntimeError(
            f"the checks failed on {submission}:\n{check.stdout[-2000:]}\n{check.stderr[-3000:]}"
        )
    report = json.loads(check.stdout.rsplit(REPORT, 1)[1])
    return {
        "submission": str(submission),
        "student_id": student_id,
        "declared_id": declared_id(submission),
        "status": status,
        "cell_errors": payload.get("errors", []),
        "answers": payload.get("answers", {}),
        "seconds": round(run.seconds, 2),
        "peak_memory_mib": payload.get("peak_memory_mib"),
        "report": report,
        **score(kit, report),
    }


def score(kit: dict, report: dict) -> dict:
    """Points per autograded question: its points times the share of its hidden tests passed."""
    scores, possible = {}, {}
    for question, info in kit["questions"].items():
        if info["manual"]:
            continue
        hidden = [t for t in report["tests"] if t["question"] == question and t["hidden"]]
        passed = sum(t["passed"] for t in hidden)
        possible[question] = info["points"]
        scores[question] = info["points"] * passed / len(hidden) if hidden else 0.0
    return {
        "scores": scores,
        "possible": possible,
        "total": sum(scores.values()),
        "max": sum(possible.values()),
    }


def flag(rows: list[dict]) -> None:
    """Add the copying and identity flags to every row (in place)."""
    by_id: dict[str, list[dict]] = {}
    vectors: dict[str, list[dict]] = {}
    for row in rows:
        by_id.setdefault(normalise(row["student_id"]), []).append(row)
        row["flags"] = []
        declared = row["declared_id"]
        if not declared.strip():
            row["flags"].append("no declared id")
        elif normalise(declared) != normalise(row["student_id"]):
            row["flags"].append(f"declared id {declared!r} differs")
        answered = {k: v for k, v in row["answers"].items() if v.get("kind") in ("number", "array", "sympy")}
        if answered:
            vectors.setdefault(json.dumps(answered, sort_keys=True), []).append(row)
        for question, others in row["report"].get("variants", {}).items():
            if others:
                row["flags"].append(f"{question} right for the variant of {', '.join(others)}")
    for group in vectors.values():
        if len(group) > 1:
            for row in group:
                others = sorted({r["student_id"] for r in group if r is not row})
                row["flags"].append(f"same answers as {', '.join(others)}")
    for sid, group in by_id.items():
        if len(group) > 1:
            for row in group:
                row["flags"].append(f"id {sid!r} graded {len(group)} times")


def feedback(row: dict, kit: dict) -> str:
    """The student's feedback: which checks failed and how the run ended (never the answers)."""
    lines = [
        f"# Feedback: {kit['name']}, student {row['student_id']}",
        "",
        f"Score: {row['total']:g} / {row['max']:g} (written questions are graded by hand).",
        f"Run: {row['status']}.",
        "",
    ]
    for error in row["cell_errors"]:
        lines.append(f"* code cell {error['cell'] + 1} raised {error['error']}")
    for question, points in row["scores"].items():
        failed = [t for t in row["report"]["tests"] if t["question"] == question and not t["passed"]]
        lines.append(f"## {question}: {points:g} / {row['possible'][question]:g}")
        tests = {t["name"]: t for t in kit["questions"][question]["tests"]}
        for test in failed:
            message = " ".join(str(tests[test["name"]].get("failure_message") or "").split())
            kind = "hidden check" if test["hidden"] else "public check"
            lines.append(
                f"* {kind} `{test['name']}` failed ({test['error']}){': ' + message if message else ''}"
            )
        if not failed:
            lines.append("* every check passed")
    return "\n".join(lines) + "\n"


def written_answers(submission: Path, kit: dict) -> str:
    """The markdown a student wrote (cells not in the handout), under the question they follow."""
    try:
        cells = json.loads(submission.read_text())["cells"]
    except (OSError, ValueError, KeyError, TypeError):
        return "(the notebook could not be read)\n"
    known = set(kit.get("handout_markdown", []))
    manual = [q for q, info in kit["questions"].items() if info["manual"]]
    parts, heading = [], None
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else str(source)
        match = re.match(r"\s*##\s*Question\s+(\d+)", text)
        if match and text_hash(text) in known:
            heading = f"q{match.group(1)}"
            continue
        if text_hash(text) not in known and text.strip():
            parts.append(
                f"## {heading or 'before question 1'}{' (written)' if heading in manual else ''}\n\n"
                f"{text.strip()}\n"
            )
    return "\n".join(parts) if parts else "(no written answer)\n"


def expand(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        found += sorted(path.glob("*.ipynb")) if path.is_dir() else [path]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kit", type=Path, required=True, help="the <name>-kit.json of `make assignments`")
    parser.add_argument("--sha256", help="the kit's expected SHA-256 (default: <name>-kit.sha256 beside it)")
    parser.add_argument("--out", type=Path, required=True, help="folder for grades.csv and the feedback")
    parser.add_argument("--roster", type=Path, help="CSV with columns file, student_id")
    defaults = sandbox.Limits()
    parser.add_argument("--timeout", type=float, default=defaults.wall_seconds, help="wall-clock limit (s)")
    parser.add_argument("--memory-mib", type=int, default=defaults.memory_mib, help="address-space limit")
    parser.add_argument("--cpu-seconds", type=int, default=defaults.cpu_seconds, help="CPU-time limit")
    parser.add_argument("--jobs", type=int, default=1, help="submissions graded in parallel")
    parser.add_argument(
        "--unsafe-no-sandbox",
        action="store_true",
        help="TESTING ONLY: run the notebooks without bubblewrap, as the instructor",
    )
    parser.add_argument("submissions", type=Path, nargs="+", help="notebooks, or folders of notebooks")
    args = parser.parse_args(argv)
    safe = not args.unsafe_no_sandbox
    ok, why = sandbox.available()
    if safe and not ok:
        print(
            f"refusing to grade: {why}. Untrusted notebooks would run as you, with your files and network.\n"
            "Install bubblewrap (or enable user namespaces), or grade on Docker/Gradescope "
            "(book/course.md).",
            file=sys.stderr,
        )
        return 2
    if not safe:
        print(
            "WARNING: --unsafe-no-sandbox: submissions run WITHOUT a sandbox, as you; every row of "
            "grades.csv says so. Never use this for real submissions.",
            file=sys.stderr,
        )
    kit_path = args.kit.resolve()
    expected = args.sha256 or kit_path.with_suffix(".sha256").read_text().strip()
    try:
        verify(kit_path, expected)
    except TamperError as err:
        print(f"refusing to grade: {err}", file=sys.stderr)
        return 3
    kit = json.loads(kit_path.read_text())
    pairs = assign_ids(expand(args.submissions), args.roster)
    if not pairs:
        parser.error("no submission found")
    limits = sandbox.Limits(
        wall_seconds=args.timeout, cpu_seconds=args.cpu_seconds, memory_mib=args.memory_mib
    )
    ids = sorted({sid for _, sid in pairs})
    try:
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            rows = list(
                pool.map(
                    lambda pair: grade(
                        kit_path,
                        kit,
                        pair[0],
                        pair[1],
                        expected_sha=expected,
                        other_ids=ids,
                        limits=limits,
                        safe=safe,
                    ),
                    pairs,
                )
            )
        verify(kit_path, expected)
    except TamperError as err:
        print(f"grading stopped: {err}", file=sys.stderr)
        return 3
    flag(rows)
    write(rows, kit, args.out, limits=limits, sandboxed=safe, kit_sha=expected)
    for row in rows:
        print(
            f"{Path(row['submission']).name}: {row['total']:g}/{row['max']:g} ({row['student_id']}) "
            f"{row['status']} in {row['seconds']:.1f} s" + "".join(f"; {f}" for f in row["flags"])
        )
    return 0


def write(
    rows: list[dict], kit: dict, out: Path, *, limits: sandbox.Limits, sandboxed: bool, kit_sha: str
) -> None:
    """grades.csv, grades.json, feedback/<id>.md and written/<id>.md."""
    out.mkdir(parents=True, exist_ok=True)
    (out / "feedback").mkdir(exist_ok=True)
    (out / "written").mkdir(exist_ok=True)
    questions = [q for q, info in kit["questions"].items() if not info["manual"]]
    mode = "bubblewrap" if sandboxed else "NONE (UNSAFE, testing only)"
    with open(out / "grades.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            [
                "submission",
                "student_id",
                "declared_id",
                *questions,
                "total",
                "max",
                "status",
                "flags",
                "seconds",
                "peak_memory_mib",
                "time_limit_s",
                "cpu_limit_s",
                "memory_limit_mib",
                "sandbox",
                "kit_sha256",
            ]
        )
        for row in rows:
            writer.writerow(
                [
                    row["submission"],
                    row["student_id"],
                    row["declared_id"],
                    *[row["scores"].get(q, 0.0) for q in questions],
                    row["total"],
                    row["max"],
                    row["status"],
                    "; ".join(row["flags"]),
                    row["seconds"],
                    row["peak_memory_mib"],
                    limits.wall_seconds,
                    limits.cpu_seconds,
                    limits.memory_mib,
                    mode,
                    kit_sha[:16],
                ]
            )
    for row in rows:
        safe_name = re.sub(r"[^\w.@-]", "_", row["student_id"]) or "unnamed"
        (out / "feedback" / f"{safe_name}.md").write_text(feedback(row, kit))
        (out / "written" / f"{safe_name}.md").write_text(
            f"# Written answers: {kit['name']}, student {row['student_id']}\n\n"
            + written_answers(Path(row["submission"]), kit)
        )
    (out / "grades.json").write_text(json.dumps(rows, indent=1, default=str) + "\n")


if __name__ == "__main__":
    sys.exit(main())
