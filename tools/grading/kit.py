"""The grading kit of an assignment: its questions, points and checks, as one JSON file.

Built from the master notebook (otter-grader's format, ``assignments/<name>/<name>.ipynb``) by
`make assignments`, next to otter's own autograder zip:
``_build/assignments/<name>/autograder/<name>-kit.json`` and its SHA-256 in ``<name>-kit.sha256``.
The kit never enters a submission's sandbox; tools/grade_submissions.py checks its hash before
every submission and tools/grading/check.py runs its tests on the exported answers.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import yaml

CONFIG = re.compile(r'^\s*"""\s*# BEGIN TEST CONFIG\n(.*?)"""\s*# END TEST CONFIG\n', flags=re.S)
TEST_NAME = re.compile(r"^def (test_\w+)\(([^)]*)\)", flags=re.M)


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def extract(master: Path) -> dict:
    """Questions (points, manual or not, tests with their source and config) of one master.

    Parameters
    ----------
    master : Path
        The master notebook ``assignments/<name>/<name>.ipynb``.

    Returns
    -------
    dict
        ``{"name", "questions": {q: {"points", "manual", "tests": [...]}}, "answers": {q: [var]}}``;
        a test is ``{"name", "hidden", "points", "failure_message", "source", "arguments"}``.

    Examples
    --------
    >>> from tools.build_assignments import masters
    >>> kit = extract(masters()[0])
    >>> sorted(kit["questions"])[:2]
    ['q1', 'q2']
    """
    nb = json.loads(master.read_text())
    questions: dict = {}
    current = None
    in_tests = False
    for cell in nb["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "raw":
            first = text.strip().splitlines()[0] if text.strip() else ""
            if first == "# BEGIN QUESTION":
                fields = yaml.safe_load("\n".join(text.strip().splitlines()[1:]))
                current = fields["name"]
                questions[current] = {
                    "points": float(fields.get("points", 1)),
                    "manual": bool(fields.get("manual", False)),
                    "tests": [],
                }
            elif first == "# BEGIN TESTS":
                in_tests = True
            elif first == "# END TESTS":
                in_tests = False
            continue
        if in_tests and cell["cell_type"] == "code":
            match = CONFIG.match(text)
            config = yaml.safe_load(match.group(1)) if match else {}
            body = text[match.end() :] if match else text
            name, arguments = TEST_NAME.search(body).groups()
            questions[current]["tests"].append(
                {
                    "name": name,
                    "hidden": bool(config.get("hidden", False)),
                    "points": config.get("points"),
                    "failure_message": config.get("failure_message", ""),
                    "source": body,
                    "arguments": [a.strip() for a in arguments.split(",") if a.strip()],
                }
            )
    answers = {
        q: sorted({a for t in info["tests"] for a in t["arguments"] if a != "STUDENT_ID"})
        for q, info in questions.items()
    }
    return {"name": master.stem, "questions": questions, "answers": answers}


def write(kit: dict, folder: Path) -> Path:
    """Write ``<name>-kit.json`` and ``<name>-kit.sha256`` into ``folder``; returns the kit path."""
    path = folder / f"{kit['name']}-kit.json"
    path.write_text(json.dumps(kit, indent=1, sort_keys=True) + "\n")
    path.with_suffix(".sha256").write_text(sha256(path) + "\n")
    return path


def text_hash(text: str) -> str:
    """Hash of a cell's text, whitespace-normalised (to recognise the handout's own cells)."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
