"""Course assignments (book/course.md): built with ``otter assign``, graded in the sandbox.

Every assignment is built from its master notebook and honest submissions are graded with the
course's grader (tools/grade_submissions.py: each notebook in a bubblewrap sandbox, answers exported
as data, hidden checks in a fresh process; ids from a roster): the solution (full marks), the
untouched student notebook (less), and two deliberately wrong notebooks that together carry one
typical mistake per question (a sign error in the derivation, a wrong unit, an off-by-two
factor, ...); each mistake must cost exactly its question's points and nothing else. Further tests
check that the student notebook holds no solution and no hidden value, that the public checks
catch typical slips, that the reference answers of the hidden tests agree with independent physics
checks for many students (question 1 included: its premise is personal), and that no variant
accepts the values the chapter pages work with. Attacks on the grader: tests/test_grading.py.

otter-grader lives in the optional course environment (``.venv-course``, `make assignments`). This
file skips without it, except under ``REQUIRE_COURSE_ENV=1`` (set by `make test`), where it fails.
Grading times per submission are written to ``_build/assignments/grading-times.json``.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import inspect
import json
import os
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from scipy.optimize import brentq

from spinlib import activation, manybody, nanomagnet
from spinlib import magnon_transport as mat
from spinlib.macrospin import llg, si, studies, thresholds, uniaxial
from spinlib.manybody import studies as studies_manybody
from spinlib.nanomagnet import figures as nm_figures
from tools import build_assignments as ba
from tools.book import toc_files

ROOT = Path(__file__).resolve().parents[1]

COURSE_PYTHON = Path(os.environ.get("COURSE_PYTHON", ROOT / ".venv-course" / "bin" / "python"))
NAMES = [m.stem for m in ba.masters()]

# One typical mistake per autograded question: (text of the solution line, wrong replacement).
WRONG = {
    "llg": {
        "q1": ("jc_AP = sp.factor(jc_solution)", "jc_AP = -sp.factor(jc_solution)"),  # sign error
        "q2": ("Ic_P_mA = float(1e3 * ic_amperes)", "Ic_P_mA = float(ic_amperes)"),  # amperes, not mA
        "q3": ("loop_width = float(i_up - i_down)", "loop_width = float(i_up - i_down) / 2"),  # half width
        "q4": ('f_onset_GHz = float(abs(omega_reduced) * PARAMS["f_k_GHz"])',  # angular, not ordinary
               'f_onset_GHz = float(abs(omega_reduced) * PARAMS["f_k_GHz"] * 2 * np.pi)'),
    },
    "magnon-transport": {
        "q1": ("slope0 = sp.simplify(", "slope0 = -sp.simplify("),  # sign error
        "q2": ("quantum = constants.h * ", "quantum = constants.hbar * "),  # hbar f: rad/s read as Hz
        "q3": ("threshold_slope = float(slopes[-1])", "threshold_slope = float(2 * slopes[-1])"),  # factor 2
        "q4": ('crossover_K = float(t_star * constants.h * PARAMS["frequency_GHz"] * 1e9 / constants.k)',
               "crossover_K = float(t_star)"),  # left in units of hbar Omega / k_B
    },
    "manybody": {
        "q1": ("[sp.sqrt(2 * S), S - 1]]", "[sp.sqrt(2 * S), 1 - S]]"),  # sign of sigma^z S^z on |up; S-1>
        "q2": ("float(np.sum(1.0 - sz_half_hbar) / 2)", "float(np.sum(1.0 - sz_half_hbar))"),
        # (the wrong one: hbar/2, not hbar)
        "q3": ("t_first_max_fs = float(times[first_peak])",  # a whole beat period instead of half
               "t_first_max_fs = float(2 * times[first_peak])"),
    },
    "nanomagnet": {
        "q1": ("alpha_leads = sp.simplify(slope)", "alpha_leads = -sp.simplify(slope)"),  # sign error
        "q2": ('rate_unit = constants.k * PARAMS["kappa_mK"] * 1e-3 / constants.hbar',
               # (the wrong one: kappa/h, not kappa/hbar)
               'rate_unit = constants.k * PARAMS["kappa_mK"] * 1e-3 / constants.h'),
        "q3": ('t_half_mK = float(t_half * PARAMS["kappa_mK"])',  # a factor two (y = x / 2 confused)
               't_half_mK = float(2 * t_half * PARAMS["kappa_mK"])'),
    },
    "activation": {
        "q1": ("d_P = sp.simplify(-u_ti**2", "d_P = sp.simplify(u_ti**2"),  # sign error
        "q2": ("np.array([tau_reduced * tau_n_us, speedup])",  # nanoseconds, not microseconds
               'np.array([tau_reduced * PARAMS["tau_N_ns"], speedup])'),
        "q3": ("barrier_tail = float((4 * tails[1] - tails[0]) / 3)",  # a factor two
               "barrier_tail = float(2 * (4 * tails[1] - tails[0]) / 3)"),
    },
    "thermal": {
        "q1": ("beta = r * alpha", "beta = -r * alpha"),  # sign error: the non-adiabatic term against u
        # the width left in nanometres: the unit is 1e9 too large, u too small to break down
        "q2": ('velocity_unit = GAMMA_E * PARAMS["mu0_ms_T"] * PARAMS["width_nm"] * 1e-9',
               'velocity_unit = GAMMA_E * PARAMS["mu0_ms_T"] * PARAMS["width_nm"]'),
        # the exponent of (1 - I/I_c) taken as 1 instead of 2
        "q3": ("1 - np.sqrt(np.log(ten_years / 1e-9) / delta)", "1 - np.log(ten_years / 1e-9) / delta"),
    },
}


# ---------------------------------------------------------------------------------------------
# building and grading


def _require_course_env() -> None:
    ok = COURSE_PYTHON.exists() and subprocess.run(
        [str(COURSE_PYTHON), "-c", "import otter, spinlib"], capture_output=True).returncode == 0
    if not ok:
        message = f"the course environment is missing ({COURSE_PYTHON}): run `make assignments`"
        if os.environ.get("REQUIRE_COURSE_ENV") == "1":
            pytest.fail(message)
        pytest.skip(message)


def _code_cells(nb: dict):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def _source(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _wrong_submission(solution: Path, mistakes: dict, target: Path) -> Path:
    nb = json.loads(solution.read_text())
    for question, (old, new) in mistakes.items():
        hits = [c for c in _code_cells(nb) if old in _source(c)]
        assert len(hits) == 1, f"{question}: the solution line {old!r} must occur once, found {len(hits)}"
        hits[0]["source"] = _source(hits[0]).replace(old, new)
    target.write_text(json.dumps(nb, indent=1))
    return target


# honest students of every graded batch: (file, id of the roster, mistakes made)
HONEST = {"solution": "instructor", "student": "blank-student", "wrong-even": "bob", "wrong-odd": "cleo"}


def _as_student(notebook: Path, student_id: str, target: Path) -> Path:
    """The notebook as a student with ``student_id`` would hand it in (the id typed in its cell)."""
    text = notebook.read_text().replace('STUDENT_ID = \\"instructor\\"', f'STUDENT_ID = \\"{student_id}\\"')
    assert f'STUDENT_ID = \\"{student_id}\\"' in text
    target.write_text(text)
    return target


def build_and_grade(name: str, out: Path, extra: dict | None = None, *, options=()) -> dict:
    """Build one assignment, write the honest submissions (plus ``extra``: file stem -> (notebook
    text, roster id)) and grade them all with tools/grade_submissions.py in the sandbox."""
    proc = subprocess.run([str(COURSE_PYTHON), "-m", "tools.build_assignments", name, "--out", str(out),
                           "--check"], capture_output=True, text=True, cwd=ROOT)
    assert "otter assign failed" not in proc.stderr, proc.stderr[-4000:]
    folder = out / name
    solution = folder / "autograder" / f"{name}.ipynb"
    student = folder / "student" / f"{name}.ipynb"
    kit = folder / "autograder" / f"{name}-kit.json"
    assert solution.exists() and student.exists() and kit.exists(), proc.stdout + proc.stderr
    questions = sorted(WRONG[name])
    halves = {"wrong-even": {q: WRONG[name][q] for q in questions[0::2]},
              "wrong-odd": {q: WRONG[name][q] for q in questions[1::2]}}
    submissions = out / "submissions"
    submissions.mkdir()
    shutil.copy(solution, submissions / "solution.ipynb")
    shutil.copy(student, submissions / "student.ipynb")
    for kind, mistakes in halves.items():
        _wrong_submission(solution, mistakes, out / f"{kind}-instructor.ipynb")
        _as_student(out / f"{kind}-instructor.ipynb", HONEST[kind], submissions / f"{kind}.ipynb")
    roster = dict(HONEST)
    for stem, (text, sid) in (extra or {}).items():
        (submissions / f"{stem}.ipynb").write_text(text)
        roster[stem] = sid
    lines = "".join(f"{stem}.ipynb,{sid}\n" for stem, sid in roster.items())
    (out / "roster.csv").write_text("file,student_id\n" + lines)
    graded_dir = out / "graded"
    cmd = [str(COURSE_PYTHON), "-m", "tools.grade_submissions", "--kit", str(kit), "--out", str(graded_dir),
           "--roster", str(out / "roster.csv"), "--jobs", "2", *options, str(submissions)]
    env = {**os.environ, "GRADER_CANARY": "do-not-leak"}  # must never be visible to a submission
    grading = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env)
    assert grading.returncode == 0, grading.stdout[-3000:] + grading.stderr[-3000:]
    rows = json.loads((graded_dir / "grades.json").read_text())
    results = {Path(row["submission"]).stem: row for row in rows}
    with open(graded_dir / "grades.csv", newline="") as handle:
        table = list(csv.DictReader(handle))
    return {"name": name, "results": results, "halves": halves, "student": student, "solution": solution,
            "build": proc, "table": table, "kit": kit, "graded": graded_dir, "grading": grading}


@pytest.fixture(scope="module", params=NAMES)
def graded(request, tmp_path_factory):
    """Build one assignment (otter assign also checks every test on the solution) and grade it."""
    _require_course_env()
    name = request.param
    result = build_and_grade(name, tmp_path_factory.mktemp(name))
    times = {kind: row["seconds"] for kind, row in result["results"].items()}
    record = ROOT / "_build" / "assignments" / "grading-times.json"
    record.parent.mkdir(parents=True, exist_ok=True)
    previous = json.loads(record.read_text()) if record.exists() else {}
    previous[name] = times
    record.write_text(json.dumps(previous, indent=1) + "\n")
    print(f"\n{name}: grading time per submission (s): {times}")
    return result


def _public_passed(row: dict) -> bool:
    return all(t["passed"] for t in row["report"]["tests"] if not t["hidden"])


def test_published_student_notebook_is_current(graded):
    """book/assignments/<name>.ipynb (what the website offers) is the freshly built student notebook."""
    assert graded["build"].returncode == 0, graded["build"].stdout + "\n`make assignments` refreshes it"
    assert ba.published_copy(graded["name"]).read_text() == graded["student"].read_text()


def test_solution_gets_full_marks(graded):
    solution = graded["results"]["solution"]
    assert set(solution["scores"]) == set(WRONG[graded["name"]]), "every autograded question is graded"
    for question, score in solution["scores"].items():
        possible = solution["possible"][question]
        assert possible > 0 and score == possible, f"{question}: {score}/{possible}"
    assert _public_passed(solution), solution["report"]
    assert solution["status"] == "ok" and not solution["cell_errors"], solution["cell_errors"]


def test_untouched_student_notebook_scores_less(graded):
    student = graded["results"]["student"]
    assert student["total"] < student["max"]
    assert all(score == 0 for score in student["scores"].values()), student["scores"]


@pytest.mark.parametrize("kind", ["wrong-even", "wrong-odd"])
def test_each_mistake_costs_exactly_its_question(graded, kind):
    mistakes = graded["halves"][kind]
    result = graded["results"][kind]
    possible = graded["results"]["solution"]["possible"]
    for question, score in result["scores"].items():
        expected = 0.0 if question in mistakes else possible[question]
        assert score == expected, f"{kind}: {question} scored {score}, expected {expected}"
    assert result["total"] == result["max"] - sum(possible[q] for q in mistakes)
    # the public checks cannot tell these answers from right ones: the hidden tests decide
    assert _public_passed(result), result["report"]


def test_grade_table_lists_every_submission_with_its_student_id(graded):
    """The grades.csv an instructor imports: one row per submission, the id of the roster, the id the
    notebook declares, the limits it ran under; honest students carry no copying flag."""
    table = {Path(row["submission"]).stem: row for row in graded["table"]}
    assert {stem: row["student_id"] for stem, row in table.items()} == HONEST
    declared = {stem: row["declared_id"] for stem, row in table.items()}
    assert declared == {**HONEST, "student": ""}
    for stem, row in table.items():
        assert float(row["total"]) == sum(float(row[q]) for q in WRONG[graded["name"]])
        assert row["sandbox"] == "bubblewrap" and row["status"] == "ok"
        assert float(row["time_limit_s"]) > 0 and int(row["memory_limit_mib"]) > 0
        assert row["flags"] == ("no declared id" if stem == "student" else ""), row["flags"]
    feedback = (graded["graded"] / "feedback" / "bob.md").read_text()
    for question in graded["halves"]["wrong-even"]:
        assert f"## {question}: 0 /" in feedback


# ---------------------------------------------------------------------------------------------
# what the student notebook may and may not contain


def _master(name: str) -> dict:
    return json.loads((ba.SOURCE / name / f"{name}.ipynb").read_text())


def _solution_and_hidden_lines(name: str) -> set[str]:
    """Lines that exist only in solutions or hidden tests of the master (not in the handout)."""
    cells = _master(name)["cells"]
    secret, public = set(), set()
    block = None
    for cell in cells:
        text = _source(cell)
        first = text.lstrip().splitlines()[0].strip() if text.strip() else ""
        if cell["cell_type"] == "raw":
            for marker in ("SOLUTION", "TESTS"):
                if first == f"# BEGIN {marker}":
                    block = marker
                elif first == f"# END {marker}":
                    block = None
            continue
        lines = [ln.strip() for ln in text.splitlines()]
        hidden_test = block == "TESTS" and "hidden: true" in text
        markdown_solution = cell["cell_type"] == "markdown" and "**SOLUTION:**" in text
        if hidden_test or markdown_solution:
            secret.update(lines)
            continue
        inside = False
        for ln in lines:
            if ln.startswith("# BEGIN SOLUTION"):
                inside = True
            elif ln.startswith("# END SOLUTION"):
                inside = False
            elif inside or ln.endswith("# SOLUTION"):
                secret.add(ln.removesuffix("# SOLUTION").split("=", 1)[-1].strip())
            else:
                public.add(ln)
    shown = "\n".join(public)
    return {ln for ln in secret - public if len(ln) >= 20 and ln not in shown}


def _handout_text(name: str) -> str:
    """Everything a student receives: every cell of the handout and its public test files."""
    nb = json.loads(ba.published_copy(name).read_text())
    return "\n".join([_source(c) for c in nb["cells"]] + list(nb["metadata"]["otter"]["tests"].values()))


@pytest.mark.parametrize("name", NAMES)
def test_student_notebook_contains_no_solution(name):
    text = _handout_text(name)
    leaked = [ln for ln in _solution_and_hidden_lines(name) if ln in text]
    assert not leaked, f"solution or hidden-test text in the student notebook: {leaked[:5]}"
    assert '"instructor"' not in text  # the solution's student id
    tests = json.loads(ba.published_copy(name).read_text())["metadata"]["otter"]["tests"]
    assert all("hidden=False" in src and "hidden=True" not in src for src in tests.values())


def _assignment_parameters(name: str):
    """The parameter function of the master's setup cell (executed here)."""
    for cell in _code_cells(_master(name)):
        src = _source(cell)
        if "def assignment_parameters" in src:
            tree = ast.parse(src)
            fn = next(n for n in tree.body
                      if isinstance(n, ast.FunctionDef) and n.name == "assignment_parameters")
            namespace = {"hashlib": hashlib, "np": np}
            exec(compile(ast.Module(body=[fn], type_ignores=[]), name, "exec"), namespace)  # noqa: S102
            return fn, namespace["assignment_parameters"]
    raise AssertionError(f"{name}: no assignment_parameters in the master")


@pytest.mark.parametrize("name", NAMES)
def test_hidden_tests_draw_the_same_parameters_as_the_notebook(name):
    setup_fn, _ = _assignment_parameters(name)
    copies = []
    for cell in _code_cells(_master(name)):
        if "def test_" not in _source(cell):
            continue
        for node in ast.walk(ast.parse(_source(cell))):
            if isinstance(node, ast.FunctionDef) and node.name.startswith("test_"):
                copies += [n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == setup_fn.name]
    assert copies, "the hidden tests recompute the parameters"
    assert all(ast.dump(c) == ast.dump(setup_fn) for c in copies)


def _reference_answers(name: str, student_id: str) -> dict:
    """Right answers for one student, computed here (independently of the notebooks)."""
    _, params_of = _assignment_parameters(name)
    par = params_of(student_id)
    if name == "llg":
        alpha, h, h_k, N, q, A, B = sp.symbols("alpha h h_k N q A B", real=True)
        mu0 = 4e-7 * np.pi * (1 + 5.5e-10)
        qs, As, Bs = llg.slonczewski_coefficients(polarization=par["polarization"])
        volume = np.pi / 4 * par["length_nm"] * par["width_nm"] * par["thickness_nm"] * 1e-27
        ic = si.critical_current_si(field=par["mu0_h_mT"] * 1e-3 / mu0, hk=par["mu0_hk_mT"] * 1e-3 / mu0,
                                     ms=par["ms_MA_per_m"] * 1e6, volume=volume, alpha=par["alpha"],
                                     q=qs, A=As, B=Bs)
        qb, hl = par["qbar"], par["hbar_loop"]
        demag = sp.Rational(str(par["demag_N"]))  # question 1's premise of this student
        return {"jc_AP": -alpha * (A - B) * (h_k - h + demag / 2) / q,
                "Ic_P_mA": 1e3 * float(ic),
                "loop_width": (1 - qb) * (1 - hl) + (1 + qb) * (1 + hl),  # Eqs. (47)-(48) of the page
                "f_onset_GHz": abs(par["hbar_onset"] - 1.0) * par["f_k_GHz"]}
    if name == "manybody":
        return _reference_answers_manybody(par)
    if name == "activation":
        return _reference_answers_activation(par)
    if name == "nanomagnet":
        return _reference_answers_nanomagnet(par)
    if name == "thermal":
        return _reference_answers_thermal(par)
    T = sp.Symbol("T", positive=True)
    P_L, eta, rho = sp.symbols("P_L eta rho", real=True)
    energy = 6.62607015e-34 * par["frequency_GHz"] * 1e9
    junction = mat.JunctionParams(lead_polarization=par["lead_polarization"], island_polarization=0.2,
                                  spin_ratio=par["spin_ratio"])
    state = mat.steady_state(1.602176634e-19 * par["bias_mV"] * 1e-3 / energy,
                             temperature=1.380649e-23 * par["temperature_K"] / energy,
                             params=junction, orientation=par["orientation"])
    e = mat.ORIENTATIONS[par["orientation"]] * par["lead_polarization"]
    share = float(state.quantum / state.magnon_number)

    def quantum_minus_thermal(log_t):  # the crossing N~ = N_0 found by root finding on Eq. (14)
        s = mat.steady_state(par["bias_read"], temperature=np.exp(log_t), params=junction,
                             orientation=par["orientation"])
        return float(s.n_tilde - s.n0)

    t_star = np.exp(brentq(quantum_minus_thermal, np.log(0.02), np.log(50.0), xtol=1e-12))
    rho = sp.Rational(str(par["spin_ratio"]))  # question 1's premise of this student
    return {"slope0": -eta * P_L * sp.exp(1 / T) / (T * (1 + rho) * (sp.exp(1 / T) - 1) ** 2),
            "ns_and_share": np.array([float(state.magnon_number), share]),
            "threshold_slope": (1 - e) / (2 * (1 + par["spin_ratio"] + e)),
            "crossover_K": t_star * energy / 1.380649e-23}


HBAR_EV_FS = 6.62607015e-34 / (2 * np.pi) / 1.602176634e-19 * 1e15  # exact SI h and e: hbar in eV fs


def _rabi_flip(j_sd, spin, time, hbar):
    """Flip probability |down; S> -> |up; S-1> under -J sigma.(2S/hbar): the Rabi formula of a two-level
    system with diagonal 2 J S, -2 J (S - 1) and coupling -2 J sqrt(2 S), i.e. a splitting 2 J (2S+1)."""
    return 8 * spin / (2 * spin + 1) ** 2 * sp.sin((2 * spin + 1) * j_sd * time / hbar) ** 2


def _reference_answers_manybody(par) -> dict:
    S, t, hbar = sp.symbols("S t hbar", positive=True)
    J_sd = sp.Rational(str(par["j_sd_q1_eV"]))  # question 1's premise of this student
    chain = manybody.ChainParams(n_sites=60, n_spins=par["n_spins"], j_sd=par["j_sd_eV"], j_xy=0.1,
                                 j_z=par["j_z_eV"])
    run = manybody.evolve(params=chain, packet=manybody.PacketParams(k0=par["k0"], dk=0.5, center=15.0),
                          t_max=par["t_read_fs"], n_t=2, method="expm")
    loss = float(np.sum(1.0 - run.observables.local_spins[-1, :, 2]) / 2)
    return {"p_flip": _rabi_flip(J_sd, S, t, hbar),
            "purity_and_loss": np.array([float(run.observables.purity[-1]), loss]),
            "t_first_max_fs": np.pi * HBAR_EV_FS / (2 * (2 * par["macro_spin"] + 1) * par["j_sd_macro_eV"])}


def _reference_answers_nanomagnet(par) -> dict:
    Gamma, S_0, T = sp.symbols("Gamma S_0 T", positive=True)
    q, eta, u = sp.symbols("q eta u", real=True)
    epsilon = sp.Rational(str(par["level"]))  # question 1's premise of this student
    n_eps = 1 / (sp.exp(epsilon / T) + 1)
    grain = nanomagnet.Nanomagnet(
        spin=par["spin"], anisotropy=1.0, field=par["field"], level=par["level"], orbital=par["orbital"],
        temperature=par["temperature"], damping=par["damping"],
        leads=(nanomagnet.Lead(rate_majority=par["rate_majority_L"], rate_minority=par["rate_minority_L"],
                               angle=par["angle_L"], chemical_potential=par["bias"]),
               nanomagnet.Lead(rate_majority=par["rate_R"], rate_minority=par["rate_R"],
                                chemical_potential=0.0)))
    # spinlib's elimination (GTH); test_nanomagnet_steady_state_against_mpmath checks it against a
    # 60-digit solve
    prob = nanomagnet.steady_state(params=grain)
    current = float(nanomagnet.lead_currents(params=grain, probabilities=prob)[0])
    charge, sz = nanomagnet.state_table(params=grain)
    mean_u = float(np.sum(prob * sz / np.where(charge == 0, grain.spin, grain.spin_plus)))
    amperes = 1.602176634e-19 * 1.380649e-23 * par["kappa_mK"] * 1e-3 / (6.62607015e-34 / (2 * np.pi))
    # d/dx of sinh(x/2T)/(cosh(eps/T)+cosh(x/2T)) at x = 0 is n(eps)(1 - n(eps))/T
    return {"alpha_leads": Gamma * (1 - q**2) * n_eps * (1 - n_eps) / (8 * T * S_0 * (1 + q * eta * u)),
            "current_and_u": np.array([current * amperes * 1e12, mean_u]),
            "t_half_mK": abs(par["level_read"]) / np.arccosh(3.0) * par["kappa_mK"]}  # cosh(eps/T) = 3


def _reference_answers_activation(par) -> dict:
    h = sp.Rational(str(par["field_q1"]))  # question 1's premise of this student
    conditions = {"barrier": par["barrier"], "field": par["field"], "current": par["current"]}
    # escape time = mean first-passage time into the other well (spinlib's exact quadrature, which
    # tests/activation checks against the lowest Fokker-Planck eigenvalue)
    tau = float(activation.mean_first_passage_time(initial="P", target="well", **conditions))
    tau_0 = float(activation.mean_first_passage_time(initial="P", target="well",
                                                     **{**conditions, "current": 0.0}))
    # d_P: envelope theorem, d^2 Delta u / d iota^2 = -(d u / d iota)_top^2 / u''(top), with
    # (d u / d theta d iota)_top = -(1 - cos theta_0) = -(1 + h) and u''(top) = -2 (1 - h^2);
    # the tail: near theta = 0, u - u(0) ~ (1 + h) theta^2 - iota theta^3 / 6, top at 4 (1 + h) / iota
    return {"d_P": (1 + h) / (4 * (1 - h)),
            "tau_and_speedup": np.array([tau * par["tau_N_ns"] * 1e-3, tau_0 / tau]),
            "barrier_tail": 16 * (1 + par["field_limit"]) ** 3 / 3}


def _wall_velocity_closed_form(alpha, beta, h_perp, u):
    """Time-averaged velocity of the rigid wall at zero field (units of gamma0 M_s Delta_0), by hand:
    (1 + alpha^2) phidot = (beta - alpha) u - b sin 2 phi with b = alpha h_perp / 2 averages to
    -sign sqrt(((alpha - beta) u)^2 - b^2) above breakdown, and alpha qdot = beta u - phidot."""
    a, b = (beta - alpha) * u, alpha * h_perp / 2
    mean_phidot = np.sign(a) * np.sqrt(max(a * a - b * b, 0.0)) / (1 + alpha**2)
    return (beta * u - mean_phidot) / alpha


def _reference_answers_thermal(par) -> dict:
    alpha, h_perp = sp.symbols("alpha h_perp", positive=True)
    r = sp.Rational(str(par["beta_ratio_q1"]))  # question 1's premise of this student
    # q1: a fixed tilt exists while |(beta - alpha) u| <= alpha h_perp / 2 (zero field)
    u_breakdown = alpha * h_perp / (2 * (alpha - r * alpha))
    mu0 = 4e-7 * np.pi * (1 + 5.5e-10)  # CODATA 2018 mu0, typed
    ms = par["mu0_ms_T"] / mu0
    j = par["current_density_1e12"] * 1e12
    u_ms = par["polarization"] * j * 9.2740100783e-24 / (1.602176634e-19 * ms)
    unit = 1.76085963023e11 * par["mu0_ms_T"] * par["width_nm"] * 1e-9  # |gamma_e| mu0 M_s Delta_0
    v = _wall_velocity_closed_form(par["alpha"], par["beta_ratio"] * par["alpha"], par["hk_perp"],
                                   u_ms / unit)
    barrier = par["ms_MA_per_m"] * 1e6 * par["mu0_hk_mT"] * 1e-3 / 2 * np.pi / 4 \
        * (par["diameter_nm"] * 1e-9) ** 2 * par["thickness_nm"] * 1e-9
    delta = barrier / (1.380649e-23 * par["temperature_K"])
    return {"u_breakdown": u_breakdown, "v_and_u": np.array([v * unit, u_ms]),
            "delta_and_read": np.array([delta, 1 - np.sqrt(np.log(10 * 365.25 * 86400 / 1e-9) / delta)])}


STUDENT_IDS = ["instructor", "ada", "s1234567", "jdoe@uni.example", "42"]


@pytest.mark.parametrize("name", NAMES)
def test_no_hidden_value_in_student_materials(name):
    """No answer (for the solution's id or sample students) is in the handout or its public tests."""
    text = _handout_text(name)
    for sid in STUDENT_IDS:
        for key, value in _reference_answers(name, sid).items():
            if isinstance(value, sp.Expr) and value.free_symbols:
                forms = {str(value), str(sp.factor(value)), str(sp.expand(value)), sp.latex(value)}
            elif isinstance(value, sp.Expr):  # an exact number: its decimals (and itself if not short)
                forms = {f"{float(value):.{n}g}" for n in (4, 5, 6, 8)}
                forms |= {str(value)} if len(str(value)) > 5 else set()
            else:
                forms = {f"{v:.{n}g}" for v in np.atleast_1d(value) for n in (4, 5, 6, 8) if abs(v) > 1e-3}
            found = [f for f in forms if f in text]
            assert not found, f"{key} for student {sid!r} appears in the student notebook: {found}"


def _public_checks(name: str, monkeypatch) -> dict:
    """The public test functions of the handout, loaded with a stand-in for ``otter.test_files``."""
    tests = json.loads(ba.published_copy(name).read_text())["metadata"]["otter"]["tests"]
    return _load_checks(tests, monkeypatch)


def _load_checks(tests: dict, monkeypatch) -> dict:
    """Test functions of otter test files (question -> [(config, function)]), without otter."""
    collected: dict[str, list] = {}

    def otter_test_case(**config):  # stands in for otter's decorator `test_case`
        def register(fn):
            collected[current].append((config, fn))
            return fn
        return register

    fake = types.ModuleType("otter.test_files")
    fake.test_case = otter_test_case
    monkeypatch.setitem(sys.modules, "otter", types.ModuleType("otter"))
    monkeypatch.setitem(sys.modules, "otter.test_files", fake)
    for current in tests:  # noqa: B007 (read by otter_test_case through the closure)
        collected[current] = []
        exec(tests[current], {})  # noqa: S102
    return collected


def _passes(checks, env, *, public=True) -> bool:
    for config, fn in checks:
        if public:
            assert config.get("hidden") is False and config.get("points") == 0
        args = {p: env.get(p) for p in fn.__code__.co_varnames[: fn.__code__.co_argcount]}
        try:
            fn(**args)
        except Exception:  # noqa: BLE001 (any failure of a check counts, as in otter)
            return False
    return True


SLIPS = {
    "llg": {
        # a string, j left in, a float, the general answer with the symbol N (not the student's N)
        "q1": ["alpha*(A - B)/q", sp.Symbol("j") * sp.Symbol("alpha"), 0.05,
               -sp.Symbol("alpha") * (sp.Symbol("h_k") + sp.Symbol("N") / 2) / sp.Symbol("q")],
        "q2": [np.array([3.0, 4.0]), -3.0, float("nan")],  # two numbers, negative, NaN
        "q3": [-2.5, np.array([0.1, -2.4])],
        "q4": [-10.0, float("inf")],
    },
    "magnon-transport": {
        # v left in; P_L dropped (does not vanish at P_L = 0); a string
        "q1": [sp.Symbol("v") * sp.Symbol("T"), -sp.Symbol("eta") / sp.Symbol("T"), "slope",
               sp.Symbol("P_L") / (1 + sp.Symbol("rho"))],  # (rho must be the student's number)
        "q2": [np.array([1.0]), np.array([-0.2, 0.5]), np.array([1.0, np.nan])],
        "q3": [-0.02, np.array([0.02, 0.03])],
        "q4": [-0.1, np.array([0.1, 0.2])],
    },
    "manybody": {
        # a string; an extra symbol; a constant (not 0 at t = 0); a negative "probability"
        "q1": ["sin(t)**2", sp.Symbol("x") * sp.Symbol("t"), sp.Integer(1),
               -sp.sin(sp.Symbol("t", positive=True)) ** 2,
               sp.sin(sp.Symbol("J_sd") * sp.Symbol("t")) ** 2 / 2],  # (J_sd must be the student's number)
        "q2": [np.array([0.5]), np.array([1.5, 0.2]), np.array([0.5, -0.3]), np.array([np.nan, 0.1])],
        "q3": [-0.9, np.array([0.9, 1.8]), float("inf")],
    },
    "nanomagnet": {
        # a string; x left in; a q-independent damping (does not vanish for a half-metallic lead); a float
        "q1": ["Gamma/(32*T*S_0)", sp.Symbol("x") * sp.Symbol("T"),
               sp.Symbol("Gamma") / (32 * sp.Symbol("T") * sp.Symbol("S_0")), 0.01,
               (1 - sp.Symbol("q") ** 2) / sp.cosh(sp.Symbol("epsilon"))],  # (epsilon: the student's number)
        "q2": [np.array([4.0]), np.array([4.0, 1.5]), np.array([np.inf, 0.2]), np.array([4.0, -1.2])],
        "q3": [-100.0, np.array([100.0, 200.0]), float("nan")],
    },
    "activation": {
        # a string; theta left in; a float; a pole inside |h| < 1
        "q1": ["(1+h)/4", sp.Symbol("theta") * sp.Symbol("h"), 0.25,
               1 / (4 * sp.Symbol("h", real=True)), (1 + sp.Symbol("h")) / (4 * (1 - sp.Symbol("h")))],
        "q2": [np.array([1.0]), np.array([-1.0, 0.5]), np.array([1.0, -1.5]), np.array([np.nan, 0.5])],
        "q3": [-5.0, np.array([5.0, 5.0]), float("nan")],
    },
    "thermal": {
        # a string; beta left in; a float; a negative current; a current that falls with h_perp
        "q1": ["h_perp/2", sp.Symbol("beta") * sp.Symbol("h_perp"), 0.5,
               -sp.Symbol("h_perp", positive=True) / 2,
               1 / sp.Symbol("h_perp", positive=True)],
        "q2": [np.array([1.0]), np.array([-1.0, 2.0]), np.array([np.nan, 1.0])],
        "q3": [np.array([50.0]), np.array([50.0, 1.2]), np.array([-3.0, 0.5])],
    },
}
ANSWER_NAMES = {"llg": {"q1": "jc_AP", "q2": "Ic_P_mA", "q3": "loop_width", "q4": "f_onset_GHz"},
                "magnon-transport": {"q1": "slope0", "q2": "ns_and_share", "q3": "threshold_slope",
                            "q4": "crossover_K"},
                "manybody": {"q1": "p_flip", "q2": "purity_and_loss", "q3": "t_first_max_fs"},
                "nanomagnet": {"q1": "alpha_leads", "q2": "current_and_u", "q3": "t_half_mK"},
                "activation": {"q1": "d_P", "q2": "tau_and_speedup", "q3": "barrier_tail"},
                "thermal": {"q1": "u_breakdown", "q2": "v_and_u", "q3": "delta_and_read"}}


@pytest.mark.parametrize("name", NAMES)
def test_public_checks_pass_right_answers_and_catch_slips(name, monkeypatch):
    checks = _public_checks(name, monkeypatch)
    right = _reference_answers(name, "ada")
    assert set(checks) == set(ANSWER_NAMES[name])
    for question, variable in ANSWER_NAMES[name].items():
        env = {"STUDENT_ID": "ada", variable: right[variable]}
        assert _passes(checks[question], env), f"{question}: a right answer fails the public checks"
        for slip in SLIPS[name][question]:
            assert not _passes(checks[question], {**env, variable: slip}), f"{question}: {slip!r} passes"


# ---------------------------------------------------------------------------------------------
# the references of the hidden tests against independent physics


def test_antiparallel_threshold_against_llg_simulation():
    """llg q1: the AP state of the thin film decays just below |j_c^AP| and grows just above it."""
    h, hk, alpha, b, demag = 0.02, 0.05, 0.05, 0.3, 0.6
    params = studies.thin_film_preset(field=h, hk=hk, alpha=alpha, asymmetry=b).replace(demag=demag)
    jc = -alpha * (params.A - params.B) * (hk - h + demag / 2) / params.q  # closed form of the references
    hidden_reference = -thresholds.critical_current(field=-h, hk=hk, demag=demag, alpha=alpha, q=params.q,
                                             A=params.A, B=-params.B)
    assert jc == pytest.approx(float(hidden_reference), rel=1e-12)
    tilt = 1e-3
    m0 = np.array([-np.cos(tilt), np.sin(tilt) / np.sqrt(2), np.sin(tilt) / np.sqrt(2)])
    traj = llg.integrate(m0, params=params, current=np.array([0.9 * jc, 1.1 * jc]), t_end=1500.0,
                         n_steps=6000, n_out=300)
    deviation = 1.0 + traj.m[..., 0]  # distance from -x
    early, late = deviation[:, :60].mean(axis=1), deviation[:, -60:].mean(axis=1)
    assert late[0] < 0.5 * early[0], "below threshold the AP state must be stable"
    assert late[1] > 2.0 * early[1], "above threshold the AP state must be unstable"


def test_llg_onset_frequency_and_loop_width_against_spinlib():
    """llg q3, q4: the closed forms used above agree with spinlib's sweep and fixed points."""
    q, h_loop, h_onset = 0.45, 0.75, -2.5
    currents = np.linspace(-6.0, 4.0, 200001)
    model = uniaxial.UniaxialMacrospin(asymmetry=q)
    phase = uniaxial.classify(params=model, field=np.full_like(currents, h_loop), current=currents)
    width = currents[(phase & uniaxial.MINUS) > 0].max() - currents[(phase & uniaxial.PLUS) > 0].min()
    assert width == pytest.approx((1 - q) * (1 - h_loop) + (1 + q) * (1 + h_loop), abs=1e-4)
    line = (1 - q) * (1 - h_onset)
    u_star = float(uniaxial.interior_fixed_points(params=model,
                                                  field=np.array([h_onset]), current=line + 1e-8)[0, 0])
    omega = float(uniaxial.precession_frequency(u_star, field=h_onset))
    assert abs(omega) == pytest.approx(1 - h_onset, rel=1e-6)


@pytest.mark.parametrize("orientation", [1, -1])
def test_magnon_transport_closed_forms_against_spinlib(orientation):
    """magnon-transport q1, q3 (and the written solution): the closed forms agree with spinlib's
    steady state."""
    for t, p_l, rho in [(0.3, 0.2, 25.0), (1.0, -0.6, 3.0), (4.0, 0.9, 80.0)]:
        junction = mat.JunctionParams(lead_polarization=p_l, island_polarization=0.2, spin_ratio=rho)
        kw = {"params": junction, "orientation": orientation}
        d = 1e-5
        fd = (mat.magnon_number(d, temperature=t, **kw) - mat.magnon_number(-d, temperature=t, **kw)) / 2 / d
        n_b = 1.0 / np.expm1(1.0 / t)
        assert float(fd) == pytest.approx(-orientation * p_l * n_b * (1 + n_b) / (t * (1 + rho)), rel=1e-6)
        d = 1e-7
        zero = {"temperature": 0.0, **kw}
        fd0 = (mat.magnon_number(1 + d, **zero) - mat.magnon_number(1.0, **zero)) / d
        e = orientation * p_l
        assert float(fd0) == pytest.approx((1 - e) / (2 * (1 + rho + e)), rel=1e-5)


# ---------------------------------------------------------------------------------------------
# the instructor page states the questions and points of the masters


def _question_configs(name: str) -> list[dict]:
    configs = []
    for cell in _master(name)["cells"]:
        text = _source(cell)
        if cell["cell_type"] == "raw" and text.startswith("# BEGIN QUESTION"):
            fields = dict(line.split(": ", 1) for line in text.splitlines()[1:] if ": " in line)
            configs.append({"name": fields["name"], "points": float(fields.get("points", 1)),
                            "manual": fields.get("manual") == "true"})
    return configs


def test_course_page_states_the_points_of_every_question():
    """book/course.md: its table of questions and points, and its written questions, match the masters."""
    page = (ROOT / "book" / "course.md").read_text()
    rows = [[c.strip() for c in line.strip("|").split("|")] for line in page.splitlines()
            if line.startswith("| ") and len(line.split("|")) == 7]
    table, current = {}, None
    for problem_set, question, _kind, points, _how in rows:
        if problem_set[:1].isdigit():
            current = int(problem_set.split(",")[0])
        if current and question.startswith("q"):
            table.setdefault(current, []).append((question.split(":")[0], float(points)))
    # problem set n serves the n-th topic in reading order: the page's list names each set's pages
    listed = {m[3]: (int(m[1]), re.findall(r"\{doc\}`([^`]+)`", m[2])) for m in re.finditer(
        r"^\* Problem set (\d+) \(([^)]*)\): \{download\}`([\w-]+)\.ipynb", page, flags=re.M)}
    assert sorted(listed) == sorted(NAMES), listed
    docs = toc_files()
    first_page = {name: min(docs.index(f"book/{d}") for d in pages) for name, (_, pages) in listed.items()}
    assert sorted(listed, key=first_page.get) == sorted(listed, key=lambda n: listed[n][0])
    numbers = [listed[name][0] for name in NAMES]
    assert sorted(table) == sorted(numbers) == list(range(1, len(NAMES) + 1)), table
    for number, name in zip(numbers, NAMES, strict=True):
        configs = _question_configs(name)
        assert table[number] == [(c["name"], c["points"]) for c in configs], name
        (written,) = [c["name"] for c in configs if c["manual"]]
        assert f"problem set {number}: {written}" in page
        assert f"{{download}}`{name}.ipynb <assignments/{name}.ipynb>`" in page


def test_hidden_tests_accept_right_and_refuse_wrong_answers_for_many_students(graded, monkeypatch):
    """Per-student variants: for students other than the solution's, the hidden tests pass the
    right answers (computed here independently) and fail answers off by a sign or a factor."""
    tests = json.loads(graded["solution"].read_text())["metadata"]["otter"]["tests"]
    checks = _load_checks(tests, monkeypatch)
    name = graded["name"]
    for k in range(8):
        sid = f"student-{k:03d}"
        right = _reference_answers(name, sid)
        for question, variable in ANSWER_NAMES[name].items():
            hidden = [(c, f) for c, f in checks[question] if c.get("hidden")]
            assert hidden, f"{question} has no hidden test"
            env = {"STUDENT_ID": sid, variable: right[variable]}
            assert _passes(hidden, env, public=False), f"{sid} {question}: the right answer fails"
            value = right[variable]
            wrong = -value if isinstance(value, sp.Expr) else 1.5 * np.asarray(value)
            refused = not _passes(hidden, {**env, variable: wrong}, public=False)
            assert refused, f"{sid} {question}: a wrong answer passes"


def test_course_page_lists_every_exercise_of_every_page():
    """book/course.md's table of exercises names each exercise of each section, and no other."""
    import re

    page = (ROOT / "book" / "course.md").read_text()
    section = page.split("## Exercises by chapter and kind", 1)[1].split("\n## ", 1)[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")] for line in section.splitlines()
            if line.startswith("| {doc}")]
    assert rows
    for doc_cell, *kinds in rows:
        doc = re.search(r"\{doc\}`([^`]+)`", doc_cell)[1]
        text = (ROOT / "book" / f"{doc}.md").read_text()
        titles = [m.strip() for m in re.findall(r"^`{3,}\{exercise\}\s*(.+)$", text, flags=re.M)]
        listed = [t.strip() for cell in kinds for t in cell.split(";") if t.strip()]
        assert len(listed) == len(titles), f"{doc}: the page has {titles}, course.md lists {listed}"
        for title in listed:
            assert any(title.lower() in t.lower() for t in titles), f"{doc}: no {title!r} in {titles}"


@pytest.mark.parametrize("spin", [0.5, 1.5, 2.5, 3.5])
def test_manybody_flip_probability_against_the_full_space(spin):
    """manybody q1, q3: the Rabi formula of the references against an evolution in the whole Kronecker space
    of spinlib.manybody.full_hamiltonian (not the sector basis the hidden tests use)."""
    from scipy.linalg import expm

    j_sd = 0.137
    params = manybody.ChainParams(n_sites=2, n_spins=1, first_spin=0, hopping=1e-12, j_sd=j_sd,
                                  local_spin=spin)
    levels = int(round(2 * spin + 1))
    h = manybody.full_hamiltonian(params=params).toarray()[: 2 * levels, : 2 * levels]  # orbital site 0
    start = np.zeros(2 * levels)
    start[1 * levels + 0] = 1.0  # electron down (lowering 1), local spin up (lowering 0)
    flipped = 0 * levels + 1  # electron up, local spin lowered once
    t_half = np.pi * HBAR_EV_FS / (2 * (2 * spin + 1) * j_sd)
    for time in [0.3, 1.7, t_half, 11.0]:
        amplitude = (expm(-1j * h * time / manybody.HBAR_EV_FS) @ start)[flipped]
        assert abs(amplitude) ** 2 == pytest.approx(float(_rabi_flip(j_sd, spin, time, HBAR_EV_FS)),
                                                    rel=1e-9, abs=1e-12)
    assert float(_rabi_flip(j_sd, spin, t_half, HBAR_EV_FS)) == pytest.approx(8 * spin / (2 * spin + 1) ** 2)


@pytest.mark.parametrize("field", [-0.6, 0.0, 0.35])
def test_activation_closed_forms_against_spinlib(field):
    """activation q1, q3: the quadratic coefficient of the P barrier and its large-current tail,
    derived in the references, against spinlib's exact barrier (a polynomial fit in the current;
    currents up to 100)."""
    currents = np.linspace(-0.02, 0.02, 9)
    barrier = np.array([float(activation.barrier_heights(field=field, current=c)[0]) for c in currents])
    fit = np.polynomial.polynomial.polyfit(currents, barrier, 4)
    c_p = float(activation.asymmetry_factors(field=field)[0])
    assert fit[0] == pytest.approx((1 + field) ** 2, rel=1e-9)
    assert fit[1] == pytest.approx(-c_p, rel=1e-6)
    assert fit[2] == pytest.approx((1 + field) / (4 * (1 - field)), rel=1e-4)
    tail = 100.0**2 * float(activation.barrier_heights(field=field, current=100.0)[0])
    assert tail == pytest.approx(16 * (1 + field) ** 3 / 3, rel=3e-3)


def test_nanomagnet_steady_state_against_mpmath():
    """nanomagnet q2: spinlib's elimination agrees with a 60-digit LU solve of the master equation (diagonal
    rebuilt from the rates in high precision) for a student's grain, spin reduced to keep it fast."""
    import dataclasses

    import mpmath

    _, params_of = _assignment_parameters("nanomagnet")
    par = params_of("ada")
    grain = dataclasses.replace(nanomagnet.Nanomagnet(
        spin=par["spin"], anisotropy=1.0, field=par["field"], level=par["level"], orbital=par["orbital"],
        temperature=par["temperature"], damping=par["damping"],
        leads=(nanomagnet.Lead(rate_majority=par["rate_majority_L"], rate_minority=par["rate_minority_L"],
                               angle=par["angle_L"], chemical_potential=par["bias"]),
               nanomagnet.Lead(rate_majority=par["rate_R"], rate_minority=par["rate_R"],
                                chemical_potential=0.0))),
        spin=12.5)
    rates = nanomagnet.generator(params=grain).toarray()
    n = rates.shape[0]
    with mpmath.workdps(60):
        system = mpmath.matrix(n, n)
        for i, j in zip(*np.nonzero(rates), strict=True):
            if i != j:
                system[int(i), int(j)] = mpmath.mpf(float(rates[i, j]))
        for j in range(n):
            system[j, j] = -mpmath.fsum(system[i, j] for i in range(n) if i != j)
        for j in range(n):
            system[n - 1, j] = 1
        solution = mpmath.lu_solve(system, mpmath.matrix([0] * (n - 1) + [1]))
        reference = np.array([float(v) for v in solution])
    spinlib_prob = nanomagnet.steady_state(params=grain)
    assert np.allclose(spinlib_prob, reference, rtol=1e-9, atol=1e-14)
    assert float(nanomagnet.lead_currents(params=grain, probabilities=spinlib_prob)[0]) == pytest.approx(
        float(nanomagnet.lead_currents(params=grain, probabilities=reference)[0]), rel=1e-9)


def test_page_worked_values_fail_every_llg_variant():
    """llg q3: the phase-diagram page works at q = 0.5 (and sweeps at H = 0.5). A student who reads
    the page's loop instead of drawing her own must be outside the 0.02 tolerance for every id
    (the width (1 - q)(1 - H) + (1 + q)(1 + H), Eqs. (47)-(48) of the page, checked by
    test_llg_onset_frequency_and_loop_width_against_spinlib)."""
    _, params_of = _assignment_parameters("llg")

    def width(q, h):
        return (1 - q) * (1 - h) + (1 + q) * (1 + h)

    gaps = []
    for k in range(3000):
        par = params_of(f"s{k:07d}")
        right = width(par["qbar"], par["hbar_loop"])
        gaps.append(min(abs(width(0.5, par["hbar_loop"]) - right), abs(width(par["qbar"], 0.5) - right)))
    assert min(gaps) > 0.02 * 2, f"the page's values pass q3 for some ids (smallest gap {min(gaps):.4f})"


def test_page_worked_values_fail_every_magnon_transport_variant():
    """magnon-transport q4: the chapter's Fig. 3 draws the crossover line for S/S_c = 25 (and 250,
    2.5) at P_L = 0.2. Reading it there instead of drawing one's own junction must miss the 1 %
    tolerance: S/S_c is drawn at least 3 away from 25 (the crossover moves by 1 % when S/S_c moves
    by about 1), checked on the crossover itself for a sample of students."""
    _, params_of = _assignment_parameters("magnon-transport")
    ratios = [params_of(f"s{k:07d}")["spin_ratio"] for k in range(3000)]
    assert min(abs(r - 25.0) for r in ratios) >= 3.0 - 1e-9
    assert 5.0 <= min(ratios) and max(ratios) <= 50.0
    for k in range(0, 3000, 250):
        par = params_of(f"s{k:07d}")

        def crossover(spin_ratio, polarization, par=par):
            junction = mat.JunctionParams(lead_polarization=polarization, island_polarization=0.2,
                                          spin_ratio=spin_ratio)
            return float(mat.quantum_classical_crossover(par["bias_read"], params=junction,
                                                         orientation=par["orientation"]))

        right = crossover(par["spin_ratio"], par["lead_polarization"])
        for page in (crossover(25.0, par["lead_polarization"]), crossover(25.0, 0.2)):
            assert abs(page / right - 1) > 0.01, (k, par)


IDS = [f"s{k:07d}" for k in range(3000)]


def _page(doc: str) -> str:
    """The whole chapter's text: its index page and, for a chapter split into pages, every section."""
    return "\n".join(p.read_text() for p in sorted((ROOT / "book" / doc).glob("*.md")))


def test_page_worked_values_fail_every_manybody_variant():
    """manybody. q3: the chapter's exercise "a swap that a passing electron cannot complete" states the
    first complete swap of an electron held on a spin 1/2, pi hbar / (4 J_sd) ~ 5.17 fs at J_sd = 0.1 eV.
    q3's answer pi hbar / [2 (2S + 1) J_sd] is that number whenever (2S + 1) J_sd = 0.2 eV: S = 3/2 at
    J_sd = 0.050 eV (drawn by 8 of these 3000 ids before the draw left 0.050 out). The printed and the
    exact swap time must miss q3's 1e-3 by more than twice for every id (the nearest: 5.17 against
    S = 3/2, J_sd = 0.051 eV, about 2 %). (The page's other times in fs, 0.5 and 0.25, are
    Crank-Nicolson steps, not swap times.)
    q1: the page's flip probability is the S = 1/2 one, sin^2(2 J_sd t / hbar) (same exercise); the
    hidden check also samples S = 3/2 ... 9/2, where it is wrong: replayed here at the check's own points
    for the page's J_sd and for each id's own J_sd. The page states no law for general S (no 2S + 1).
    q2: the page never evolves a variant's chain: its glued purities belong to the paper's 400-site chain,
    the macrospin and N = 50; the coupling explorer (60 sites, three spins) draws curves, no numbers, for
    a packet centred on site 10, not on site 15: even at a variant's own couplings it misses q2's 1e-5."""
    _, params_of = _assignment_parameters("manybody")
    text = _page("manybody")
    solution = text[text.index("{solution} ex-mb-computational"):]
    solution = solution[: solution.index("\n````")]
    assert "$J_{sd} = 0.1$ eV" in text[text.index("{exercise} Computational: a swap"):]
    printed = [float(x) for x in re.findall(r"(\d+\.\d+)\$?\s*(?:\\,)?\s*fs\b", solution)]  # "5.17$ fs"
    assert printed == [5.17]  # the exercise's swap time, as printed (the page's other times are time steps)
    page_times = [*printed, np.pi * HBAR_EV_FS / (4 * 0.1)]
    gaps = []
    for sid in IDS:
        par = params_of(sid)
        right = np.pi * HBAR_EV_FS / (2 * (2 * par["macro_spin"] + 1) * par["j_sd_macro_eV"])
        gaps.append(min(abs(t / right - 1) for t in page_times))
    assert min(gaps) > 2e-3, f"a page value passes q3 for some ids (smallest gap {min(gaps):.2e})"

    # q1, replaying the hidden check's points (its generator, seed 20263, draws S then t)
    rng = np.random.default_rng(20263)
    points = [(float(rng.choice([0.5, 1.5, 2.5, 3.5, 4.5])), float(rng.uniform(0.0, 25.0)))
              for _ in range(16)]
    spins = np.array([s for s, _ in points])
    times = np.array([t for _, t in points])
    assert np.any(spins != 0.5)
    for sid in IDS:
        j_own = params_of(sid)["j_sd_q1_eV"]
        right = 8 * spins / (2 * spins + 1) ** 2 * np.sin((2 * spins + 1) * j_own * times / HBAR_EV_FS) ** 2
        for j_page in (0.1, j_own):
            page = np.sin(2 * j_page * times / HBAR_EV_FS) ** 2
            assert not np.all(np.isclose(page, right, rtol=1e-7, atol=1e-10)), sid
    assert not re.search(r"2\s*S\s*\+\s*1", text), "the page now states a general-S law: check q1 against it"

    # q2: no 60-site run glued; the explorer's run is not a variant's setup
    assert not re.search(r"n_sites\s*=\s*60|center\s*=\s*15", text)
    checked = 0
    for sid in IDS[:400]:
        par = params_of(sid)
        if par["n_spins"] != 3 or par["k0"] != 1.0:
            continue
        explorer = studies_manybody.coupling_run(j_sd=par["j_sd_eV"], anisotropy=par["j_z_eV"] / 0.1,
                                                 n_sites=60, n_spins=3, k0=1.0, dk=0.5,
                                                 t_max=par["t_read_fs"], n_t=2)
        right = _reference_answers_manybody(par)["purity_and_loss"][0]
        assert abs(explorer["purity"][-1] / right - 1) > 1e-4, sid
        checked += 1
    assert checked >= 2


def test_page_worked_values_fail_every_nanomagnet_variant():
    """nanomagnet. q1: the page's lead damping is the high-temperature law Gamma (1 - q^2) /
    [32 T S_0 (1 + q eta u)] (and the printed /16 of Eq. (54)). The exact answer is that law times
    1/cosh^2(epsilon / 2T): at the level epsilon = 0 the page's law *is* the answer (12 of these 3000 ids
    drew 0.00 before the draw left it out). Otherwise the gap grows as T falls, so it is checked at the
    hottest temperature the hidden check draws (T < 3), with spinlib's exact linear response.
    q3: the page's damping figure is drawn at epsilon = 2 kappa; its half-asymptote temperature (in units
    of kappa) times the student's kappa is q3's answer for level_read = 2.00 (6 of 3000 ids before the
    draw left it out), and times the page's cobalt kappa ~ 200 mK (227 mK) it passed for the 4 ids whose
    level_read * kappa_mK was within 0.1 % of 400 (the draw now leaves out 400 / kappa_mK within 0.2 %):
    both must miss the 1e-3 by more than twice for every id.
    q2: the page gives no current in picoamperes and no steady state of a variant's grain (two leads,
    one tilted, spin 10.5-39.5): checked on the text (no pA)."""
    _, params_of = _assignment_parameters("nanomagnet")
    text = _page("nanomagnet")
    assert "figs.zero_bias_figure()" in text
    figure_level = float(inspect.signature(nm_figures.zero_bias_figure).parameters["level"].default)
    assert figure_level == 2.0
    assert re.search(r"\\kappa\\approx\s*200\$?\s*mK", text)  # the page's kappa for cobalt grains

    def ratio(level, temperature):
        grain = nanomagnet.Nanomagnet(spin=30.5, orbital=-1, level=level, temperature=temperature,
                                      leads=(nanomagnet.Lead(rate_majority=2.0, rate_minority=0.3),))
        exact, high_t = nanomagnet.lead_damping(params=grain, u=0.4)
        return exact / high_t

    # the figure read where the exact curve is half the asymptote (units of kappa), found on spinlib's curve
    page_t_half = np.exp(brentq(lambda lt: ratio(figure_level, np.exp(lt)) - 0.5, np.log(0.01), np.log(100.0),
                                xtol=1e-14))
    q1_gaps, q3_gaps = [], []
    for sid in IDS:
        par = params_of(sid)
        q1_gaps.append(min(abs(1 - ratio(par["level"], 3.0)), abs(1 - ratio(par["level"], 3.0) / 2)))
        right = abs(par["level_read"]) / np.arccosh(3.0) * par["kappa_mK"]  # cosh(eps / T) = 3
        q3_gaps.append(min(abs(page_t_half * kappa / right - 1) for kappa in (par["kappa_mK"], 200.0)))
    assert min(q1_gaps) > 100 * 1e-8, f"the page's damping law passes q1 for some ids ({min(q1_gaps):.2e})"
    assert min(q3_gaps) > 2e-3, f"the page's figure passes q3 for some ids ({min(q3_gaps):.2e})"
    assert not re.search(r"\bpA\b|picoamp", text), "the page now states currents in pA: check q2 against them"


def test_page_worked_values_fail_every_activation_variant():
    """activation. q3: the page states the large-current tail 16 (1 + h)^3 / 3 iota^2 at h = 0
    (16/3 over iota^2, glued at iota = 10, with the exact barrier there, 100 Delta u_P(10) ~ 4.69): 16/3
    is q3's answer for field_limit = 0.00 (25 of these 3000 ids before the draw left it out). Both page
    values must miss q3's 1e-3 by more than twice for every id (the nearest, h = -0.04 against 4.69, by
    about 0.6 %).
    q1: the page stops at the linear law and never states the quadratic coefficient d_P (its only
    iota^2 is the tail): checked on the text, so that a page that began to state d_P fails here.
    q2: the page states no escape time in microseconds; its only speed-up factors are the noise
    enhancements near P at sigma = 30, iota = 0.05 (exact and Eq. (32)), which must miss every id's
    speed-up by more than twice q2's 1e-4 (computed here with spinlib's exact escape times)."""
    _, params_of = _assignment_parameters("activation")
    text = _page("activation")
    assert "16(1+h)^3/3\\iota^2" in text
    assert len(re.findall(r"\\iota\^2", text)) == 1 and not re.search(r"d_\{?P|d_\{?\\rm P", text)
    assert not re.search(r"\\mu\s*s\b|µs|microsecond", text)
    assert 'glue_number("act-barrier-p-asym-10", 16 / 3 / 100)' in text
    assert "dp_big, _ = act.barrier_heights(current=10.0)" in text
    tails = [16 / 3, 100 * float(activation.barrier_heights(field=0.0, current=10.0)[0])]
    # the page's speed-ups: its noise enhancements near P (the same ratio tau(0) / tau(iota)), read from
    # the page's own calls
    calls = re.findall(r"act\.fluctuation_enhancement\(barrier=([\d.]+), current=([\d.]+), "
                       r"(?:field=(-?[\d.]+), )?state=\"P\"\)", text)
    assert calls
    speedups = []
    for barrier, current, field in calls:
        conditions = {"barrier": float(barrier), "current": float(current), "field": float(field or 0.0)}
        c_p = float(activation.asymmetry_factors(field=conditions["field"])[0])
        speedups += [float(activation.fluctuation_enhancement(state="P", **conditions)),
                     float(np.exp(conditions["barrier"] * conditions["current"] * c_p))]  # Eq. (32)
    tail_gaps, speed_gaps = [], []
    for sid in IDS:
        par = params_of(sid)
        right = 16 * (1 + par["field_limit"]) ** 3 / 3  # test_activation_closed_forms_against_spinlib
        tail_gaps.append(min(abs(t / right - 1) for t in tails))
        conditions = {"barrier": par["barrier"], "field": par["field"]}
        log_tau_0 = activation.log_escape_time(initial="P", current=0.0, **conditions)
        speedup = float(np.exp(log_tau_0 - activation.log_escape_time(initial="P", current=par["current"],
                                                                       **conditions)))
        speed_gaps.append(min(abs(s / speedup - 1) for s in speedups))
    assert min(tail_gaps) > 2e-3, f"a page value passes q3 for some ids (smallest gap {min(tail_gaps):.2e})"
    assert min(speed_gaps) > 2e-4, f"a page value passes q2 for some ids (smallest gap {min(speed_gaps):.2e})"


@pytest.mark.parametrize("sid", ["ada", "s0000007", "jdoe@uni.example"])
def test_thermal_wall_velocity_against_integration(sid):
    """thermal q2: the closed-form average of the reference against the rigid-wall equations integrated
    with SciPy (DOP853) over many turns of the tilt, for the student's wall (independent of spinlib)."""
    from scipy.integrate import solve_ivp

    _, params_of = _assignment_parameters("thermal")
    par = params_of(sid)
    alpha, beta, h_perp = par["alpha"], par["beta_ratio"] * par["alpha"], par["hk_perp"]
    ref = _reference_answers("thermal", sid)["v_and_u"]
    unit = 1.76085963023e11 * par["mu0_ms_T"] * par["width_nm"] * 1e-9
    u = ref[1] / unit

    def rhs(_t, y):
        s = h_perp / 2 * np.sin(2 * y[1])
        phidot = (beta * u - alpha * (s + u)) / (1 + alpha**2)
        return [alpha * phidot + s + u, phidot]

    b = alpha * h_perp / 2
    period = np.pi * (1 + alpha**2) / np.sqrt(((alpha - beta) * u) ** 2 - b * b)
    # phi reaches -pi (one half-turn of the tilt, from 0) after exactly one period: average over 20
    event = lambda _t, y: y[1] + 20 * np.pi  # noqa: E731
    event.terminal = True
    sol = solve_ivp(rhs, (0.0, 40 * period), [0.0, 0.0], method="DOP853", rtol=1e-11, atol=1e-12,
                    events=event)
    t_end, q_end = sol.t_events[0][0], sol.y_events[0][0][0]
    assert t_end == pytest.approx(20 * period, rel=1e-8)
    assert q_end / t_end * unit == pytest.approx(ref[0], rel=1e-7)
    assert ref[0] < ref[1]  # above breakdown the wall is slower than u (question 4's premise)


def test_thermal_breakdown_against_spinlib_and_page_values_fail_q1():
    """thermal q1: the hand-derived breakdown current equals spinlib's for the student's beta / alpha;
    the domain-wall page states the breakdown current at beta / alpha = 1/2 (glued dw-ub-half, h_perp = 1):
    q1's answer there is 1 for every alpha, and the draw leaves r in [0.495, 0.505) out, so that page
    value misses every id's answer by more than 1 %."""
    from spinlib import domainwall as dw

    _, params_of = _assignment_parameters("thermal")
    text = (ROOT / "book" / "thermal" / "domain_walls.md").read_text()
    glued = 'glue_number("dw-ub-half", float(dw.breakdown_current(params=P.replace(beta=0.5 * P.alpha))))'
    assert glued in text
    page_value = float(dw.breakdown_current(params=dw.WallParams(alpha=0.02, beta=0.01, hk_perp=1.0)))
    gaps = []
    alpha, h_perp = sp.symbols("alpha h_perp", positive=True)
    for sid in IDS:
        par = params_of(sid)
        right = _reference_answers("thermal", sid)["u_breakdown"] if sid in IDS[:20] else None
        r = par["beta_ratio_q1"]
        answer_at_page = 1 / (2 * (1 - r))
        gaps.append(abs(page_value / answer_at_page - 1))
        if right is not None:
            P = dw.WallParams(alpha=0.03, beta=0.03 * r, hk_perp=0.7)
            assert float(right.subs({alpha: 0.03, h_perp: 0.7})) == pytest.approx(
                float(dw.breakdown_current(params=P)), rel=1e-12)
    assert min(gaps) > 1e-2, f"the page's breakdown current passes q1 for some ids ({min(gaps):.2e})"
