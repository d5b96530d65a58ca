"""What the pages of chapter 6 state, asserted against the computation (DESIGN.md: every number in
the prose is glued or asserted by a test that names the page), and the exercise solution code run.

Pages: book/thermal/stability.md, book/thermal/switching.md, book/thermal/summary.md."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import ROOT, run_solution

from spinlib.thermal import studies
from spinlib.thermal import studies_checks as checks

BOOK = ROOT / "book" / "thermal"


def test_stability_page_claims_boltzmann_and_ito():
    """book/thermal/stability.md: Heun and corrected Ito within the 1 % KS value; the uncorrected Ito
    reading more than five times beyond it (the page glues the ratio)."""
    c = checks.boltzmann_check()
    assert c.ks_heun < c.ks_critical and c.ks_ito_corrected < c.ks_critical
    assert c.ks_ito_uncorrected / c.ks_critical > 5


def test_stability_page_claims_retention_and_exponents():
    """book/thermal/stability.md: Brown's time shorter than the exact one; n = 2 within a factor ~1.6
    on [0, 0.3], n = 1 off by a factor of thousands; the fitted exponent drops on [0.3, 0.6] while
    n = 1 stays as bad; no power law on [0.6, 0.9]; Slonczewski's asymmetry moves the exponent."""
    r = studies.retention_numbers()
    assert r["brown_vs_exact"] < 0
    rows = studies.exponent_table()
    assert 1.85 < rows[0]["n_fit"] < 2.0
    assert 1.4 < math.exp(rows[0]["err_n2"]) < 1.8
    assert 1e3 < math.exp(rows[0]["err_n1"]) < 1e4
    assert rows[1]["n_fit"] < rows[0]["n_fit"] and rows[1]["err_n2"] > rows[0]["err_n2"]
    assert abs(rows[1]["err_n1"] - rows[0]["err_n1"]) < 2.0
    assert rows[2]["n_fit"] < 1.0
    plus, minus = studies.barrier_exponent(B=0.5), studies.barrier_exponent(B=-0.5)
    assert plus[0] > 2.1 and plus[2] < plus[0] and minus[0] < 1.6


def test_switching_page_claims_grid_and_agreement():
    """book/thermal/switching.md: second order (each doubling divides the error by ~4); the thermal
    comparison at Delta = 40, 0.3 I_c0 below 1 %."""
    g = checks.grid_convergence()
    ratios = g["rel"][:-1] / g["rel"][1:]
    assert np.all((ratios > 3.5) & (ratios < 4.5))
    tc = checks.thermal_regime_check(fractions=(0.3,), delta=40.0)
    assert abs(tc["rel"][0]) < 0.01


def test_switching_page_claims_wer():
    """book/thermal/switching.md: the asymptotic form with pulse noise is good well above threshold
    (1 % at 3 I_c0) and too pessimistic near it (> 5 % at 1.5 I_c0); without pulse noise it is later
    still; the tail slope is 2 gamma."""
    w = studies.wer_curves()
    for f in (1.5, 2.0, 3.0):
        assert w[f]["t_at_1e9"] < w[f]["t_at_1e9_asym"] < w[f]["t_at_1e9_bare"]
    assert w[3.0]["t_at_1e9_asym"] / w[3.0]["t_at_1e9"] - 1 < 0.01
    assert w[1.5]["t_at_1e9_asym"] / w[1.5]["t_at_1e9"] - 1 > 0.05
    assert abs(w[3.0]["tail_slope"] / (-2 * w[3.0]["growth"]) - 1) < 0.02


def test_switching_page_claims_extraction():
    """book/thermal/switching.md: the straight line through 1/t_50 meets zero too early; n = 1 too low,
    n = 2 too high with the right tau_0; with tau_0 ten times too long n = 1 is worse."""
    ep = studies.extraction_precessional()
    assert ep["bias"] < -0.2
    et = studies.extraction_thermal()
    assert et["bias_n1"] < 0 < et["bias_n2"]
    et10 = studies.extraction_thermal(tau0_factor=10.0)
    assert et10["bias_n1"] < et["bias_n1"]


def test_switching_exercise_solution_runs_and_matches_the_text():
    """book/thermal/switching.md, exercise ex-sw-wer: the solution code runs; the shift of the 1e-6
    level between Delta = 40 and 60 is logarithmic in Delta: ln(3/2) / 2 gamma within 20 %, the
    Fokker-Planck shift the larger; the asymptotic form's lag at 1e-6 shrinks from Delta = 40 to 60."""
    solution, ns = run_solution(BOOK / "switching.md", "ex-sw-wer")
    assert ns["t6"][60.0] > ns["t6"][40.0] > 0
    assert 1.0 < ns["shift"] / ns["predicted"] < 1.2
    from spinlib import thermal as th

    gaps = []
    for delta in (40.0, 60.0):
        a = -np.expm1(
            np.log(
                th.precessional_switching_probability(
                    ns["t"], params=ns["P"], temperature=1 / (2 * delta), current=ns["j"]
                )
            )
        )
        gaps.append(float(np.interp(-6.0, np.log10(a)[::-1], ns["t"][::-1])) - ns["t6"][delta])
    assert gaps[0] > gaps[1] > 0


def test_summary_page_links():
    """book/thermal/summary.md (th-links): chapter 5 to 1e-5; chapter 1's threshold; T -> 0 with the
    effective tilt within 0.2 %, the bare tilt more than 5 % off."""
    r = checks.links()
    assert r["ch5_rel"] < 1e-5
    assert r["jc_ch1"] == pytest.approx(r["jc_here"], rel=1e-14)
    assert abs(r["low_T_rel"]) < 2e-3 and abs(r["low_T_rel_bare"]) > 0.05


def test_explorer_grid_is_converged_to_a_hundredth_of_a_decade():
    """switching.md: the explorer's 120-node curves move by less than 0.01 decades against 400 nodes
    (write-error rates above 1e-12, every stop of the explorer)."""
    coarse, fine = studies.explorer_grid(), studies.explorer_grid(n_nodes=400)
    keep = (fine["wer"] > 1e-12) & (coarse["wer"] > 1e-12)
    gap = np.abs(np.log10(coarse["wer"][keep]) - np.log10(fine["wer"][keep]))
    assert keep.sum() > 100 and gap.max() < 0.01
    assert gap.max() > 1e-4  # the two grids differ: the check compares two computations
