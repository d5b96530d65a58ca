"""The numbers of the oscillator page: simulated linewidths against the theory within error bars,
frequencies against chapter 1's deterministic integrator, links to chapter 1, the exercise."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest

from spinlib import macrospin
from spinlib import oscillator as osc
from spinlib.oscillator import studies

PAGE = Path(__file__).resolve().parents[2] / "book" / "thermal" / "oscillator.md"


def test_links_to_chapter1():
    lk = studies.links()
    assert lk["threshold"] == pytest.approx(lk["ch1_minus_line"], rel=1e-12)
    assert lk["top"] == pytest.approx(lk["ch1_plus_line"], rel=1e-12)
    assert lk["f_threshold"] == pytest.approx(lk["fmr"], rel=1e-6)
    assert lk["phase"] == "(SP)"


def test_frequency_against_rk4():
    I = np.array([3.5, 4.5, 5.5])
    w, mz = studies.deterministic_frequency(current=I)
    j = studies.llg_current(current=I)
    np.testing.assert_allclose(
        w, np.abs(osc.precession_frequency(params=studies.CHAPTER1, field=-5.0, current=j)), rtol=1e-4
    )
    np.testing.assert_allclose(mz, osc.cone_cosine(params=studies.CHAPTER1, field=-5.0, current=j), atol=1e-4)


def test_isotropic_line_matches_theory():
    r = studies.simulated_line("isotropic")
    assert abs(r.deviation) < 2.0  # the page: "within two standard errors"
    f, e = r.factor
    assert abs(f - (1 + r.nu**2)) < 2.5 * e
    assert r.nu == pytest.approx(0.5, rel=1e-12)


def test_chapter1_line_matches_theory_and_broadening():
    r = studies.simulated_line("chapter1", current=4.5)
    assert abs(r.deviation) < 2.0  # the page: "within two standard errors"
    f, e = r.factor
    assert abs(f - (1 + r.nu**2)) < 2.5 * e
    assert 1 + r.nu**2 > 7  # the broadening is large, and measured
    # the broadening is resolved: nu = 0 is excluded by far
    assert (f - 1) / e > 20


def test_linear_theory_fails_at_the_ends_and_holds_in_the_middle():
    rs = {r.current: r for r in studies.threshold_sweep()}
    for I in (3.75, 4.5):
        assert abs(rs[I].deviation) < 2.5
    for I in (3.25, 5.25):
        assert abs(rs[I].deviation) > 5
        assert rs[I].theory / 2 / rs[I].gamma > 0.3


def test_temperature_scaling_of_simulated_width():
    """T -> 0: the simulated width is linear in T (ratio 2 between 0.02 and 0.01, within errors)."""
    a, b = studies.temperature_scaling(temperatures=(0.01, 0.02))
    ratio = b.fit.fwhm / a.fit.fwhm
    err = ratio * np.hypot(a.fit.fwhm_err / a.fit.fwhm, b.fit.fwhm_err / b.fit.fwhm)
    assert abs(ratio - 2) < 2.5 * err
    assert abs(a.deviation) < 2.5


def test_explorer_view_and_overlay():
    v = studies.spectrum_view(current=4.5, temperature=studies.TEMPERATURE)
    assert v.sim.size > 10 and np.isfinite(v.sim_fwhm)
    # the simulated points, on the theory's scale, peak near 1
    assert 0.7 < np.max(v.sim) < 1.4
    w = studies.spectrum_view(current=4.55, temperature=studies.TEMPERATURE)
    assert w.sim.size == 0


def test_exercise_narrowest_line_solution_runs_and_text_agrees(capsys):
    text = PAGE.read_text()
    sol = text[text.index("````{solution} ex-osc-narrow") :]
    code = re.search(r"```python\n(.*?)```", sol, re.S).group(1)
    exec(compile(code, "ex-osc-narrow", "exec"), {})
    I, width, ratio = map(float, capsys.readouterr().out.split())
    assert round(I, 2) == 3.98 and "$\\bar I \\approx 3.98$" in sol
    assert round(width, 4) == 0.0568 and "0.0568" in sol
    assert round(ratio, 2) == 0.08 and "\\approx 0.08" in sol
    rs = {r.current: r for r in studies.threshold_sweep()}
    assert ratio <= max(rs[3.75].theory / 2 / rs[3.75].gamma, rs[4.5].theory / 2 / rs[4.5].gamma)


def test_isotropic_exercise_statement():
    """Exercise ex-osc-iso: nu = alpha for k = 0 (numerically, with chapter 1's solver untouched)."""
    P = osc.AxialMacrospin(anisotropy=0.0, asymmetry=0.7, alpha=0.3)
    lo, hi = osc.precession_range(params=P, field=-2.0)
    j = np.linspace(lo, hi, 5)[1:-1]
    np.testing.assert_allclose(osc.coupling(params=P, field=-2.0, current=j), 0.3, rtol=1e-12)
    assert macrospin is not None


def test_page_quotes_the_simulated_stops():
    """The currents the page names in its prose are the simulated stops and the explorer's stops."""
    text = PAGE.read_text()
    assert studies.SIM_CURRENTS == (3.25, 3.75, 4.5, 5.25)
    assert set(studies.SIM_CURRENTS) <= set(studies.EXPLORER_CURRENTS)
    assert studies.TEMPERATURE in studies.EXPLORER_TEMPERATURES
    for I in studies.SIM_CURRENTS:
        assert f"{I:g}" in text
