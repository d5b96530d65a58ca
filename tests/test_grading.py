"""The sandboxed grader (tools/grade_submissions.py, tools/grading) against dishonest submissions.

Problem set 1 (llg) is graded once with honest students and attack notebooks written here, each
the same as an honest or a wrong notebook of one student plus an attack cell: reading the hidden
checks, the solutions and other submissions (through /proc, the working folder and the file
system), reaching the network, monkeypatching numpy.isclose, spinlib and otter, planting modules
and test files, rewriting the kit on disk, forging the exported answers with code in a SymPy
string, allocating 2 GiB, and copying another student's numbers under her id. Every attack must
score no more than the same notebook without it, and the copy must be flagged. A second, short
batch checks that a sleep and an endless loop are stopped by the time limit. The kit's hash, the
refusal without a sandbox and the answer decoder are checked without running notebooks.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import sympy as sp

from tests.test_assignments import (
    COURSE_PYTHON,
    ROOT,
    WRONG,
    _require_course_env,
    _wrong_submission,
    build_and_grade,
)
from tools.grading import check

EVE = "eve"  # the dishonest student: her base notebook has every autograded answer wrong

SNOOP = r"""
import glob, json, os, socket, sys
found = []
for pattern in ["/proc/*/cwd", "/proc/*/root", "/proc/*/cmdline", "/proc/*/environ"]:
    for path in glob.glob(pattern):
        try:
            if path.endswith(("cwd", "root")):
                target = os.readlink(path)
            else:
                target = open(path, "rb").read()[:400].decode(errors="replace")
            found.append(f"{path}: {target}")
        except OSError:
            pass
here = os.getcwd()
for folder in ["/", "/tmp", "/home", here, os.path.dirname(here), "/grader", ROOT, KIT_DIR, SUBMISSIONS_DIR]:
    try:
        found.append(f"ls {folder}: {sorted(os.listdir(folder))}")
    except OSError:
        pass
skip = ("/usr", "/proc", "/sys", "/dev")
skip += tuple(p for p in sys.path if p.startswith("/") and "site-packages" in p)
for top, dirs, files in os.walk("/"):
    dirs[:] = [d for d in dirs if not os.path.join(top, d).startswith(skip) and ".pyenv" not in d]
    for name in files:
        if name.endswith(("-kit.json", ".sha256", "autograder.zip", "roster.csv", "grades.csv")) or name in (
            "solution.ipynb", "ada.ipynb", "grade_submissions.py", "check.py"):
            found.append("FOUND " + os.path.join(top, name))
for path in [KIT, SUBMISSIONS_DIR + "/ada.ipynb"]:
    try:
        found.append("READ " + open(path).read(200))
    except OSError:
        pass
    try:
        open(path, "a").write("tampered")
        found.append("WROTE " + path)
    except OSError:
        pass
for host in [("1.1.1.1", 53), ("pypi.org", 443)]:
    try:
        socket.create_connection(host, timeout=3)
        found.append(f"NETWORK {host}")
    except OSError:
        pass
jc_AP = json.dumps(found)
"""

MONKEYPATCH = r"""
import builtins, os, sys
import numpy as np
import otter
np.isclose = lambda *a, **k: True
np.allclose = lambda *a, **k: True
import spinlib.macrospin.si as si_module, spinlib.macrospin.uniaxial as uni
si_module.critical_current_si = lambda **k: Ic_P_mA / 1e3
uni.precession_frequency = lambda *a, **k: 1.0
otter.Notebook.check = lambda self, *a, **k: None
os.makedirs("tests", exist_ok=True)
for q in range(1, 5):
    fake = "OK_FORMAT = False\ntest = {'name': 'q%d', 'points': 9, 'suites': []}\n" % q
    open(f"tests/q{q}.py", "w").write(fake)
open("numpy.py", "w").write("raise SystemExit('planted')\n")
open("sitecustomize.py", "w").write("import numpy; numpy.isclose = lambda *a, **k: True\n")
"""

FORGE = r"""
import json, os
payload = {"answers": {
    "jc_AP": {"kind": "sympy",
              "text": "__import__('numpy').__setattr__('isclose', lambda *a, **k: True) or alpha"},
    "Ic_P_mA": {"kind": "array", "shape": [1], "data": ["__import__('os')"]},
    "loop_width": {"kind": "pickle", "value": "gASVAAAAAAAAAAA="},
    "f_onset_GHz": {"kind": "sympy", "text": "().__class__.__base__.__subclasses__()"}},
    "declared_id": "ada", "finished": True, "errors": []}
json.dump(payload, open("answers.json", "w"))
os._exit(0)
"""

MEMORY = r"""
import numpy as np
hog = np.ones(2**28)  # 2 GiB
"""

SLEEP = "import time\ntime.sleep(120)\n"
LOOP = "while True:\n    pass\n"


def _with_cell(notebook_text: str, code: str, *, first: bool = False) -> str:
    nb = json.loads(notebook_text)
    cell = {
        "cell_type": "code",
        "execution_count": None,
        "id": "attack",
        "metadata": {},
        "outputs": [],
        "source": code,
    }
    codes = [k for k, c in enumerate(nb["cells"]) if c["cell_type"] == "code"]
    # the attack runs after the setup cells (first) or after the last answer (before otter's checks)
    at = codes[3] if first else codes[-2]
    nb["cells"].insert(at, cell)
    return json.dumps(nb, indent=1)


def _id(text: str, student_id: str) -> str:
    out = text.replace('STUDENT_ID = \\"instructor\\"', f'STUDENT_ID = \\"{student_id}\\"')
    assert out != text
    return out


def _build_llg(out: Path) -> Path:
    """Build the llg problem set into ``out`` without running its tests; return its grading kit."""
    proc = subprocess.run(
        [str(COURSE_PYTHON), "-m", "tools.build_assignments", "llg", "--out", str(out), "--no-run-tests"],
        capture_output=True, text=True, cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    return out / "llg" / "autograder" / "llg-kit.json"


def _grade(kit: Path, out: Path, *args: str, **run_kw) -> subprocess.CompletedProcess:
    """Run the grader on ``kit`` writing to ``out``; ``args``: more options, then the submissions."""
    return subprocess.run(
        [str(COURSE_PYTHON), "-m", "tools.grade_submissions", "--kit", str(kit), "--out", str(out), *args],
        capture_output=True, text=True, cwd=ROOT, **run_kw,
    )


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """llg graded with honest students, Eve's wrong base notebook and the attacks."""
    _require_course_env()
    out = tmp_path_factory.mktemp("attacks")
    # first build only, to derive the attack notebooks from the solution
    _build_llg(out / "pre")
    solution = (out / "pre" / "llg" / "autograder" / "llg.ipynb").read_text()
    wrong = _wrong_submission(
        out / "pre" / "llg" / "autograder" / "llg.ipynb", WRONG["llg"], out / "wrong.ipynb"
    ).read_text()
    kit = out / "llg" / "autograder" / "llg-kit.json"
    paths = (
        f"KIT = {str(kit)!r}\nKIT_DIR = {str(kit.parent)!r}\nROOT = {str(ROOT)!r}\n"
        f"SUBMISSIONS_DIR = {str(out / 'submissions')!r}\n"
    )
    base = _id(wrong, EVE)
    extra = {
        "ada": (_id(solution, "ada"), "ada"),
        "eve-base": (base, EVE),
        "eve-snoop": (_with_cell(base, paths + SNOOP), EVE),
        "eve-monkeypatch": (_with_cell(base, MONKEYPATCH, first=True), EVE),
        "eve-forge": (_with_cell(base, FORGE), EVE),
        "max-memory": (_with_cell(_id(solution, "max"), MEMORY), "max"),
        "mallory-copy": (_id(solution, "ada"), "mallory"),  # Ada's notebook, Ada's id, handed in by Mallory
    }
    result = build_and_grade("llg", out, extra)
    result["kit_bytes_after"] = kit.read_bytes()
    result["kit_sha"] = (kit.with_suffix(".sha256")).read_text().strip()
    return result


def _row(attacked, stem):
    return attacked["results"][stem]


def test_honest_students_are_graded_as_before(attacked):
    assert _row(attacked, "ada")["total"] == _row(attacked, "ada")["max"] == 9
    assert _row(attacked, "eve-base")["total"] == 0  # every answer wrong
    assert all("mallory" in f for f in _row(attacked, "ada")["flags"]), _row(attacked, "ada")["flags"]


@pytest.mark.parametrize("attack", ["eve-snoop", "eve-monkeypatch", "eve-forge"])
def test_attacks_score_no_more_than_the_same_notebook_without_them(attacked, attack):
    base, row = _row(attacked, "eve-base"), _row(attacked, attack)
    assert row["total"] <= base["total"], (attack, row["scores"], row["report"])
    for question, points in row["scores"].items():
        assert points <= base["scores"][question], (attack, question)


def test_the_sandbox_hides_the_grader_the_kit_and_other_submissions(attacked):
    """What the snooping notebook found (exported as its q1 string): only its own processes and
    folder, no kit, no solution, no classmate, no network, nothing written outside."""
    found = json.loads(_row(attacked, "eve-snoop")["answers"]["jc_AP"]["value"])
    text = "\n".join(found)
    for secret in [
        "FOUND",
        "do-not-leak",  # an environment variable of the grader (the canary of build_and_grade)
        "HOME=/root",
        "NETWORK",
        "READ ",
        "WROTE ",
        "grade_submissions",
        "pytest",
        "check.py",
        "kit.json",
    ]:
        assert secret not in text, f"{secret!r} visible in the sandbox:\n{text[:3000]}"
    listings = {line.split(":", 1)[0][3:]: line.split(":", 1)[1] for line in found if line.startswith("ls ")}
    assert "llg.ipynb" in listings["/submission"]  # its own folder, and only its own
    assert str(ROOT) not in listings or listings[str(ROOT)].strip() in ("[]", "['.venv-course']")
    assert "submission" not in listings.get("/tmp", "[]")  # the throwaway folders of others
    processes = [line for line in found if line.startswith("/proc/") and "cmdline" in line]
    assert processes and all("runner.py" in p or "prlimit" in p or "bwrap" in p for p in processes), processes


def test_the_kit_is_untouched_and_later_submissions_unaffected(attacked):
    import hashlib

    assert hashlib.sha256(attacked["kit_bytes_after"]).hexdigest() == attacked["kit_sha"]
    # honest notebooks graded after the attacks keep their marks (the batch ran them in parallel)
    assert _row(attacked, "wrong-even")["total"] + _row(attacked, "wrong-odd")["total"] == 9
    assert _row(attacked, "student")["total"] == 0


def test_memory_limit_stops_a_2_gib_allocation(attacked):
    row = _row(attacked, "max-memory")
    assert any(e["error"] == "MemoryError" for e in row["cell_errors"]), row["cell_errors"]
    assert (
        row["status"] == "ok" and row["total"] == row["max"]
    )  # answered before; the limit cost nothing else


def test_copied_numbers_under_another_id_are_flagged(attacked):
    row = _row(attacked, "mallory-copy")
    flags = "; ".join(row["flags"])
    assert "declared id 'ada' differs" in flags
    assert "same answers as ada" in flags
    assert "right for the variant of ada" in flags
    assert row["total"] < _row(attacked, "ada")["total"]
    assert "same answers as mallory" in "; ".join(_row(attacked, "ada")["flags"])


def test_feedback_names_failed_checks_but_no_answer(attacked):
    feedback = (attacked["graded"] / "feedback" / "mallory.md").read_text()
    assert "failed" in feedback
    answers = _row(attacked, "mallory-copy")["answers"]
    for item in answers.values():
        if item.get("kind") == "number":
            assert f"{item['value']:.4g}" not in feedback
    written = (attacked["graded"] / "written" / "instructor.md").read_text()
    assert "Thermal activation" in written or "SOLUTION" in written


def test_sleep_and_endless_loop_are_stopped_by_the_time_limit(tmp_path):
    """A short batch with a 20 s limit: the bounded sleep and the endless loop are killed near it."""
    _require_course_env()
    kit = _build_llg(tmp_path)
    student = (tmp_path / "llg" / "student" / "llg.ipynb").read_text()
    subs = tmp_path / "subs"
    subs.mkdir()
    (subs / "sleeper.ipynb").write_text(_with_cell(student, SLEEP, first=True))
    (subs / "looper.ipynb").write_text(_with_cell(student, LOOP, first=True))
    run = _grade(kit, tmp_path / "graded", "--timeout", "20", "--jobs", "2", str(subs), timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    rows = {
        Path(r["submission"]).stem: r for r in json.loads((tmp_path / "graded" / "grades.json").read_text())
    }
    for stem in ("sleeper", "looper"):
        assert rows[stem]["status"].startswith("stopped at the time limit"), rows[stem]["status"]
        assert 19 < rows[stem]["seconds"] < 40
        assert rows[stem]["total"] == 0


def test_grader_refuses_a_tampered_kit_and_runs_nothing(tmp_path):
    _require_course_env()
    kit = _build_llg(tmp_path)
    text = kit.read_text()
    kit.write_text(text.replace("assert abs(float(loop_width)", "assert True or abs(float(loop_width)"))
    run = _grade(kit, tmp_path / "graded", str(tmp_path / "llg" / "student"))
    assert run.returncode == 3 and "changed" in run.stderr, run.stderr
    assert not (tmp_path / "graded" / "grades.csv").exists()


def test_kit_changed_between_submissions_is_detected(tmp_path):
    from tools import grade_submissions as gs
    from tools.grading.kit import sha256

    kit = tmp_path / "x-kit.json"
    kit.write_text("{}")
    expected = sha256(kit)
    gs.verify(kit, expected)
    kit.write_text('{"tampered": 1}')
    with pytest.raises(gs.TamperError, match="changed"):
        gs.verify(kit, expected)


def test_grader_refuses_without_a_sandbox_unless_told_unsafe(tmp_path):
    _require_course_env()
    kit = _build_llg(tmp_path)
    subs = tmp_path / "subs"
    subs.mkdir()
    shutil.copy(tmp_path / "llg" / "student" / "llg.ipynb", subs / "someone.ipynb")
    env = {**os.environ, "GRADING_BWRAP": str(tmp_path / "no-bwrap")}
    refused = _grade(kit, tmp_path / "g", str(subs), env=env)
    assert refused.returncode == 2 and "refusing to grade" in refused.stderr
    unsafe = _grade(kit, tmp_path / "g", "--unsafe-no-sandbox", str(subs), env=env)
    assert unsafe.returncode == 0, unsafe.stderr[-3000:]
    assert "WARNING" in unsafe.stderr
    assert "NONE (UNSAFE" in (tmp_path / "g" / "grades.csv").read_text()


# ---------------------------------------------------------------------------------------------
# the answer decoder (no notebook needed)


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "().__class__.__base__.__subclasses__()",
        "lambda: 1",
        "alpha.__class__",
        "x[0]",
        "open('f')",
        "sympify('x')",
        "exec('1')",
        "x if y else z",
        "[x]",
        "1e300 * 10**400",
        "_hidden",
        "a" * 30000,
    ],
)
def test_decoder_refuses_anything_but_arithmetic(text):
    with pytest.raises((ValueError, SyntaxError)):
        check.to_sympy(text)


def test_decoder_rebuilds_printed_expressions():
    alpha, h, h_k, N, q, A, B, T = sp.symbols("alpha h h_k N q A B T", real=True)
    for expr in [
        -alpha * (A - B) * (h_k - h + N / 2) / q,
        sp.sqrt(2) * sp.exp(1 / T) / (sp.exp(1 / T) - 1) ** 2,
        sp.Rational(3, 7) * sp.pi * sp.sin(h) ** 2 + sp.acosh(3) * sp.Abs(q) - sp.I * sp.E,
    ]:
        rebuilt = check.to_sympy(str(expr))
        values = {s.name: 0.3 + 0.1 * k for k, s in enumerate(sorted(expr.free_symbols, key=str))}
        got = complex(rebuilt.subs({s: values[s.name] for s in rebuilt.free_symbols}).evalf())
        want = complex(expr.subs({s: values[s.name] for s in expr.free_symbols}).evalf())
        assert got == pytest.approx(want, rel=1e-12)


def test_decoder_maps_unknown_kinds_to_an_answer_that_fails_every_check():
    value = check.decode({"kind": "pickle", "value": "gASV"})
    assert isinstance(value, check.Unsupported)
    assert check.decode({"kind": "number", "value": "nan"}) != check.decode(
        {"kind": "number", "value": "nan"}
    )
    assert check.decode({"kind": "array", "shape": [2], "data": [1.0, "inf"]}).tolist() == [1.0, float("inf")]
