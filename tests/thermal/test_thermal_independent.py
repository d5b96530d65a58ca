"""Independent checks of spinlib.thermal: stochastic ensembles against the Fokker-Planck solution
within binomial error bars, the Boltzmann equilibrium of the Stratonovich integrator (and the
failure of the uncorrected Ito reading), the spectral and propagated survival against
scipy.linalg.expm of the same generator, grid convergence against chapter 5's exact quadrature,
and the asymptotic forms against the Fokker-Planck solution where they should hold."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.linalg import expm

from spinlib.activation import mean_first_passage_time as ch5_mfpt
from spinlib.thermal import (
    ThermalMacrospin,
    attempt_time,
    critical_current,
    escape_time,
    fit_precessional,
    fit_thermal,
    free_diffusion_time,
    mean_switching_time,
    polar_generator,
    precessional_growth_rate,
    precessional_switching_probability,
    retention_time,
    stability_factor,
    switching_spectrum,
    write_error_rate,
)
from spinlib.thermal import studies as st
from spinlib.thermal import studies_checks as checks

P = st.PRESET


def test_boltzmann_equilibrium_stratonovich_and_ito():
    """KS against exp(sigma z^2) with n independent trajectories: 1 % critical value 1.63 / sqrt(n)."""
    c = checks.boltzmann_check(n_samples=2000, t_end=40.0, n_steps=4000, seed=7)
    assert c.ks_heun < c.ks_critical, (c.ks_heun, c.ks_critical)
    assert c.ks_ito_corrected < c.ks_critical, (c.ks_ito_corrected, c.ks_critical)
    # the Ito reading without -2 D z piles samples at the poles: detected far beyond the error bar
    assert c.ks_ito_uncorrected > 5 * c.ks_critical, (c.ks_ito_uncorrected, c.ks_critical)


def test_ensemble_matches_fokker_planck_precessional():
    """Delta = 40, j = 2 j_c0: 1500 trajectories; every pulse within 3.5 binomial standard errors
    (12 pulses: a family-wise 1 % bound is ~3.2 sigma)."""
    r = checks.ensemble_vs_fokker_planck(delta=40.0, fraction=2.0, n_samples=1500, seed=11)
    assert r["z"] < 3.5, r


def test_ensemble_matches_fokker_planck_thermal():
    """Thermally assisted switching below threshold: Delta_0 = 10, j = 0.6 j_c0 (Delta(j) = 1.6)."""
    r = checks.ensemble_vs_fokker_planck(
        delta=10.0, fraction=0.6, n_samples=600, t_end=600.0, n_steps=12000, seed=5, n_pulses=8
    )
    inside = (r["p_ens"] > 0) & (r["p_ens"] < 1)
    assert inside.sum() >= 4
    assert r["z"] < 3.5, r


def test_propagated_and_spectral_survival_against_expm():
    G = polar_generator(params=P, temperature=0.05, current=0.03, n_nodes=80)
    M = G.matrix()
    sp_ = switching_spectrum(params=P, temperature=0.05, current=0.03, n_nodes=80)
    times = np.array([0.3, 7.0, 55.5, 400.0, 2500.0])
    exact = np.array([(expm(M * t) @ G.p0).sum() for t in times])
    assert np.allclose(sp_.survival(times), exact, rtol=1e-9, atol=1e-13)
    wer = write_error_rate(times, params=P, temperature=0.05, current=0.03, n_nodes=80)
    assert np.allclose(wer, exact, rtol=1e-7, atol=1e-13)
    # strong drift (Delta = 40, j = 3 j_c0): the propagation against expm, deep into the tail
    G = polar_generator(params=P, temperature=0.0125, current=0.15, n_nodes=120)
    M = G.matrix()
    times = np.array([5.0, 40.0, 130.0, 170.0])
    exact = np.array([(expm(M * t) @ G.p0).sum() for t in times])
    wer = write_error_rate(times, params=P, temperature=0.0125, current=0.15, n_nodes=120)
    assert exact[-1] < 1e-9
    assert np.allclose(wer, exact, rtol=1e-6, atol=1e-15)


def test_spectrum_mean_equals_backward_solve_and_conserves():
    sp_ = switching_spectrum(params=P, temperature=0.05, current=0.02, n_nodes=150)
    assert abs(sp_.weights.sum() - 1.0) < 1e-10 and np.all(sp_.rates > 0)
    t_b = float(mean_switching_time(params=P, temperature=0.05, current=0.02, n_nodes=150))
    assert abs(sp_.mean_time() / t_b - 1) < 1e-8


@pytest.mark.parametrize("field,fraction", [(0.0, 0.0), (0.2, 0.0), (0.0, 0.5), (-0.3, 0.4)])
def test_grid_convergence_to_chapter_5_quadrature(field, fraction):
    """Pole -> barrier top at zero current or under current: second order in the node spacing."""
    Q = ThermalMacrospin(hk=1.0, field=field, alpha=0.05)
    eps = 0.1
    j = fraction * critical_current(params=Q)
    h5 = (field - j / Q.alpha) / Q.hk
    exact = float(free_diffusion_time(params=Q, temperature=eps) * ch5_mfpt(barrier=1 / (2 * eps), field=h5))
    errs = []
    for n in (100, 200, 400):
        t = float(
            mean_switching_time(
                params=Q, temperature=eps, current=j, threshold=-h5, n_nodes=n, initial="pole"
            )
        )
        errs.append(abs(t / exact - 1))
    assert errs[-1] < 2e-4
    assert 3.0 < errs[0] / errs[1] < 5.0 and 3.0 < errs[1] / errs[2] < 5.0, errs


@pytest.mark.parametrize("delta,fraction,tol", [(40.0, 0.3, 0.01), (40.0, 0.5, 0.01), (20.0, 0.3, 0.05)])
def test_exact_escape_time_vs_fokker_planck_mean(delta, fraction, tol):
    """High barrier under current: two different first-passage problems (equator / other well,
    Boltzmann / pole start) agree as the barrier grows."""
    eps = st.temperature_for(delta)
    j = fraction * critical_current(params=P)
    t_fp = float(mean_switching_time(params=P, temperature=eps, current=j))
    t_ex = float(escape_time(params=P, temperature=eps, current=j))
    assert abs(t_fp / t_ex - 1) < tol


def test_brown_retention_tends_to_exact():
    """Brown's high-barrier time over the exact one: 1 + O(1/Delta) (ratio errors shrink ~1/Delta)."""
    errs = []
    for delta in (10.0, 40.0, 160.0):
        eps = st.temperature_for(delta)
        errs.append(
            abs(float(retention_time(params=P, temperature=eps) / escape_time(params=P, temperature=eps)) - 1)
        )
    assert errs[0] > errs[1] > errs[2] and errs[2] < 0.01
    assert 2.5 < errs[0] / errs[1] < 6 and 2.5 < errs[1] / errs[2] < 6


def test_attempt_time_by_hand():
    """tau_0 = tau_N sqrt(pi) / Delta^{3/2} at zero field (Brown 1963), typed here by hand."""
    eps = 0.0125
    delta = 40.0
    tau_n = (1 + 0.05**2) / (2 * 0.05 * eps)
    assert np.isclose(float(attempt_time(params=P, temperature=eps)), tau_n * np.sqrt(np.pi) / delta**1.5)
    assert float(stability_factor(params=P, temperature=eps)) == pytest.approx(40.0)


def test_precessional_form_against_fokker_planck():
    """Above threshold the WER tail decays at 2 gamma; the pulse-noise form locates 1e-9 within 4 %."""
    w = st.wer_curves(fractions=(3.0,), n_pulses=50)[3.0]
    assert abs(w["tail_slope"] / (-2 * w["growth"]) - 1) < 0.02
    assert abs(w["t_at_1e9_asym"] / w["t_at_1e9"] - 1) < 0.04
    # computed here from the function (not the study): -expm1(ln P_sw) keeps the tail exact
    eps = st.temperature_for(st.DELTA)
    j = 3.0 * critical_current(params=P)
    t = np.linspace(0, 150, 61)
    asym = -np.expm1(np.log(precessional_switching_probability(t, params=P, temperature=eps, current=j)))
    t9 = np.interp(-9, np.log10(asym)[::-1], t[::-1])
    assert abs(t9 / w["t_at_1e9"] - 1) < 0.04


def test_links_low_temperature_and_chapter_5():
    r = checks.links()
    assert r["ch5_rel"] < 1e-5
    assert r["jc_ch1"] == r["jc_here"] and r["barrier_at_jc"] < 1e-12
    assert abs(r["low_T_rel"]) < 2e-3  # the effective tilt (thermal + pulse noise)
    assert abs(r["low_T_rel_bare"]) > 0.05  # the bare thermal tilt misses the pulse noise


def test_fitters_recover_known_answers():
    """The fitters on data that obey their forms exactly (independent of the Fokker-Planck solver)."""
    j = np.linspace(0.01, 0.03, 6)
    tau = 3.0 * np.exp(40 * (1 - j / 0.05) ** 2)
    assert fit_thermal(j, tau, attempt_time=3.0, exponent=2).critical_current == pytest.approx(
        0.05, rel=1e-10
    )
    tau1 = 3.0 * np.exp(40 * (1 - j / 0.05))
    assert fit_thermal(j, tau1, attempt_time=3.0, exponent=1).critical_current == pytest.approx(
        0.05, rel=1e-10
    )
    jj = np.array([0.06, 0.08, 0.1, 0.15])
    g = precessional_growth_rate(params=P, current=jj)
    assert fit_precessional(jj, 2.3 / g).critical_current == pytest.approx(0.05, rel=1e-10)


def test_extraction_bias_on_synthetic_fokker_planck_data():
    """The numbers the switching page states: precessional 1/t_50 extrapolation underestimates
    j_c0 in this geometry; the n = 1 thermal fit underestimates it, n = 2 overestimates it."""
    r = st.extraction_precessional()
    assert -0.5 < r["bias"] < -0.2
    t = st.extraction_thermal()
    assert t["bias_n1"] < -0.1 and 0.0 < t["bias_n2"] < 0.15


def test_telegraph_link_to_chapter_4_and_5():
    """Chapter 4's master-equation rate tends to this chapter's Fokker-Planck rate like 1/S_0.

    This chapter's generator absorbs at the equator; chapter 5's relaxation rate is the eigenvalue of
    the whole sphere (exact inverse iteration): they agree because the slowest odd eigenfunction of
    the even zero-field potential vanishes at the equator. Chapter 4's is a quantum spin's master
    equation, whose 1/S_0 corrections shrink by ~4 per factor 4 in S_0.
    """
    r = checks.telegraph_link(delta=6.0, spins=(20, 80, 320))
    assert r["fokker_planck"] == pytest.approx(r["activation"], rel=1e-5)
    gaps = [1.0 - r["ratio"][s] for s in (20, 80, 320)]
    assert all(g > 0 for g in gaps) and gaps[0] > gaps[1] > gaps[2]
    assert 0.2 < gaps[2] / gaps[1] < 0.33 and 0.2 < gaps[1] / gaps[0] < 0.33
