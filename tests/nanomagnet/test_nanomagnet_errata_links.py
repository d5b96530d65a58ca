"""The chapter's new errata and links, each against an independent value: the bath scaling of
Eq. (21) vs Eq. (24b) (g_B^2 = O(Gamma/S_m^2)), the float limit of the steady state, checkable
features of Figs. 6-8 of Parcollet & Waintal (2006), the exact telegraph fractions, and the
switching rate of the master equation against the activation chapter's escape time
(book/nanomagnet/index.md quotes all of them through glue).
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest

from spinlib import activation as act
from spinlib import nanomagnet as nm
from spinlib.nanomagnet import studies, studies_checks


def _bath_drift_by_hand(s0, m, h, t, kappa=1.0):
    """Mean dS_z/dt / S_0 of the bath jumps from |N, S_z = m>, Eq. (21) typed here with the Ohmic
    factor E (1 + n_B(E)) in 40 digits and pi g_B^2 rho_B(E) = E (1 + n_B(E)) / S_0 (alpha_B = 1)."""
    with mpmath.workdps(40):
        s0, m, h, t = (mpmath.mpf(x) for x in (s0, m, h, t))

        def energy(x):
            return -kappa / s0 * x * x - h * x

        def w(e):
            return t if e == 0 else e / -mpmath.expm1(-e / t)

        up = (s0 * (s0 + 1) - m * (m + 1)) * w(energy(m) - energy(m + 1))
        down = (s0 * (s0 + 1) - m * (m - 1)) * w(energy(m) - energy(m - 1))
        return float((up - down) / s0 / s0)


def test_bath_scaling_erratum_ratios():
    """The printed scaling g_B^2 = O(Gamma/S_m) gives a bath drift S_0 times Eq. (24b)'s
    (21.8, 81.8, 321.8 at S_0 = 20, 80, 320); the book's normalisation gives 1 + O(1/S_0)."""
    r = studies_checks.bath_scaling_check()
    for s0, row in r.items():
        m = round(0.25 * s0)
        u = m / s0
        ref = _bath_drift_by_hand(s0, m, 0.5, 0.1) / ((1 - u**2) * (0.5 + 2 * u))
        assert row["book"] == pytest.approx(ref, rel=1e-12)
        assert row["printed"] == pytest.approx(s0 * ref, rel=1e-12)
    assert [round(r[s]["printed"], 1) for s in (20, 80, 320)] == [21.8, 81.8, 321.8]
    excess = [r[s]["printed"] - s for s in (20, 80, 320)]  # ratio = S_0 + constant
    assert max(excess) - min(excess) < 0.05
    devs = [abs(r[s]["book"] - 1) * s for s in (20, 80, 320)]  # |book - 1| ~ c / S_0
    assert all(1.0 < d < 2.5 for d in devs)


def test_underflow_of_a_metastable_grain_and_its_logarithms():
    r = studies_checks.underflow_check()
    assert r["n_states"] == 4003 and r["zero_fraction"] > 0.9 and r["min_log10"] < -10000
    # zero bias: Gibbs. The least likely state sits at the top of E(S_z) = -S_z^2/S_0 - h S_z,
    # S_z = -h S_0 / 2, E = h^2 S_0 / 4 = 62.5, against the ground state E(S_0) = -S_0 - h S_0 = -1500
    p = nm.Nanomagnet(spin=1000, field=0.5, temperature=0.05, damping=0.01)
    e_gap = 0.25 * 0.5**2 * 1000 + 1000 * (1 + 0.5)
    assert r["min_log10"] == pytest.approx(-e_gap / 0.05 / np.log(10), rel=2e-3)
    assert np.all(np.isfinite(nm.log_steady_state(params=p)))


def test_figure_features_against_printed_formulas():
    f = studies_checks.figure_features()
    # Sec. V.2: h_max = (1 - 2 sqrt(q Theta))/q for the (-1,SP,+1) region (lower left set)
    ll = studies.FIG6_LOWER_LEFT
    q, th = nm.torque_asymmetry(params=ll), nm.theta_all_open(params=ll)
    assert f["hmax_printed"] == pytest.approx((1 - 2 * np.sqrt(q * th)) / q, rel=1e-15)
    assert f["hmax_grid"] == pytest.approx(f["hmax_printed"], abs=2e-3)
    # (-1,SP) of the upper right set only at intermediate bias, below the all-open bias
    lo, hi = f["minus_sp_bias"]
    assert 4.0 < lo <= hi < 6.0 < f["all_open_bias"] == 11.0
    # Eq. (47) at high bias: u = +1 stable iff h + 1 + Theta/(1 + q) > 0 -> h > -4.2 (upper right)
    assert f["plus_line_eq47"] == pytest.approx(-4.2, abs=1e-12)
    assert f["plus_line_high_bias"] == pytest.approx(-4.2, abs=2e-3)
    # at the printed stop h = -4.2 the classification finds +1 marginal (not stable); -4.15 is inside
    r = studies.FIG6_UPPER_RIGHT
    u1 = 1.0 - 1e-9
    g = float(nm.reduced_udot(u1, bias=12.0, field=-4.2, params=r)) / (1 - u1**2)
    assert abs(g) < 1e-7
    assert int(nm.reduced_classify(bias=5.0, field=-4.15, params=r)) == nm.MINUS | nm.SP | nm.PLUS


def test_hysteresis_plus_stable_only_above_the_up_channel_line():
    """Fig. 8's 'stays at +1 no matter V_bias' holds only where the up channel is open at u = +1,
    v > -h - 1 = 3.1 at h = -4.1 (the channel line of Fig. 7), not below."""
    d = studies.hysteresis_data(n=41)
    assert d["plus_stable_from"] == pytest.approx(float(nm.channel_lines(-4.1)["up at +1"]), abs=2e-3)
    assert np.all(d["I_v_from_+1"].u == 1.0)  # within the sweep 3.5 <= v <= 7
    assert d["jump_down"] < d["jump_up"]


def test_telegraph_fractions_exact_and_sampled():
    """The exact stationary P(u > 0) against the sum over the Boltzmann-free steady state, and the
    seeded trajectory's time fraction as an estimate of it (within 3 %)."""
    tel = studies.telegraph_data(t_end=2.0e4)
    for b, row in tel.items():
        p = studies.telegraph_grain(bias=b)
        charge, sz = nm.state_table(params=p)
        u = np.where(charge == 0, sz / p.spin, sz / p.spin_plus)
        exact = float(nm.steady_state(params=p)[u > 0].sum())
        assert row["exact_up_fraction"] == pytest.approx(exact, rel=1e-13)
        assert abs(row["up_fraction"] - exact) < 0.05
    assert round(100 * tel[0.0]["exact_up_fraction"], 1) == 93.9
    assert round(100 * tel[3.0]["exact_up_fraction"], 1) == 98.5


@pytest.mark.parametrize("field", [0.0, 0.2])
def test_master_equation_switching_rate_tends_to_the_activation_escape_rate(field):
    """Same barrier sigma = kappa S_0 / k_B T = 6: the slowest relaxation rate of the master equation
    (bath only) approaches the lowest non-zero eigenvalue of Brown's Fokker-Planck operator
    (spinlib.activation.relaxation_rate) as S_0 grows, with an error falling like 1/S_0, with and
    without a field (a skewed barrier)."""
    r = studies_checks.activation_comparison(field=field)
    errs = [abs(r[s]["ratio"] - 1) for s in (20, 80, 320)]
    assert errs[0] > errs[1] > errs[2] and errs[2] < 0.015
    assert errs[0] / errs[1] > 3 and errs[1] / errs[2] > 3  # ~ 1/S_0 (a factor 4 per step)
    # the activation rate from the public API, tau_N = S_0 / (2 alpha_B k_B T)
    s0, sigma, alpha = 80, 6.0, 0.01
    tau_n = s0 / (2 * alpha * (s0 / sigma))
    lam = float(act.relaxation_rate(barrier=sigma, field=field))
    assert r[s0]["rate_activation"] == pytest.approx(lam / tau_n, rel=1e-12)
    # the escape-time sum is another quantity at this low barrier: it differs from lambda_1 by more
    # than the master equation's 1/S_0 error at S_0 = 320 ...
    assert abs(r[320]["rate_escape"] / r[320]["rate_activation"] - 1) > errs[2]
    # ... and Brown's high-barrier formula is within its own O(1/sigma) of both
    brown = sum(1 / float(act.escape_time(barrier=sigma, field=field, initial=w, method="brown"))
                for w in ("P", "AP"))
    assert r[320]["rate_master"] == pytest.approx(brown / tau_n, rel=0.3)
