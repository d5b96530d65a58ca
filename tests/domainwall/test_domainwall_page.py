"""Claims of book/thermal/domain_walls.md that are not glued: the exercise solution code runs and finds
what the solution text says; the stated narrowing of the check wire; the page's conventions."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT, run_solution

from spinlib import domainwall as dw
from spinlib.domainwall import studies

PAGE = ROOT / "book" / "thermal" / "domain_walls.md"


def test_page_exercise_solution_code_runs_and_finds_the_walker_field():
    """Exercise ex-dw-computational: the bisection lands at 0.100 (the text), alpha h_perp / 2 = 0.1."""
    solution, namespace = run_solution(PAGE, "ex-dw-computational")
    assert "The bisection lands at $0.100$" in solution
    assert round(namespace["walker_field_found"], 3) == 0.100
    exact = float(dw.walker_field(params=namespace["P"]))
    assert namespace["walker_field_found"] == pytest.approx(exact, rel=2e-3)


def test_page_states_the_narrowing_and_the_wire_of_the_check():
    page = PAGE.read_text()
    P = studies.CHECK_WIRE
    assert "narrow by\nup to $1/\\sqrt3$" in page or "narrow by up to $1/\\sqrt3$" in page
    assert float(dw.walker_width(np.pi / 2, params=P)) == pytest.approx(1 / np.sqrt(3), rel=1e-12)
    assert (P.alpha, P.hk_perp, P.hk) == (0.1, 1.0, 0.5)
    assert "$40\\Delta_0$ in 200 cells" in page
    rows = studies.micromagnetic_check()
    assert rows[0]["t"][-1] == 300.0 and rows[0]["q"].size == 601


def test_page_states_units_and_ralph_stiles_velocity_once_at_the_top():
    page = PAGE.read_text()
    top = page[: page.index("```{code-cell}")]
    assert "Units and conventions" in top and "v_0=P|j|\\mu_B/(eM_s)" in top
