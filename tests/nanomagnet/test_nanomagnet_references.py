"""spinlib.nanomagnet against independent references: the generator rebuilt from SymPy's
Clebsch-Gordan coefficients and 50-digit thermal factors, detailed balance of the bath factor to
rounding, the reduced model's current against the master equation (channel by channel), and the
size limits of the master equation and the NMD integrators.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from sympy.physics.quantum.cg import CG

from spinlib import nanomagnet as nm
from spinlib.nanomagnet import studies
from spinlib.validate import SpinlibInputError

RNG = np.random.default_rng(1406)


def _cg2(s, m, sigma, eta):
    """|<S + eta/2, S_z + sigma/2 | S S_z; 1/2 sigma/2>|^2 from SymPy (0 if the state does not exist)."""
    s, m = sp.Rational(int(round(2 * s)), 2), sp.Rational(int(round(2 * m)), 2)
    j, mj = s + sp.Rational(eta, 2), m + sp.Rational(sigma, 2)
    if j < 0 or abs(mj) > j:
        return 0.0
    return float(CG(s, m, sp.Rational(1, 2), sp.Rational(sigma, 2), j, mj).doit() ** 2)


def _fermi(x, t):
    return float(1 / (1 + mpmath.exp(mpmath.mpf(x) / t))) if t > 0 else float(x < 0) + 0.5 * (x == 0)


def _bath(e, t):
    e = mpmath.mpf(e)
    return float(t if e == 0 else e / -mpmath.expm1(-e / t))


def _independent_generator(p):
    """Q[f, i] of the master equation written out state by state from Eqs. (1c), (14), (17), (21)."""
    mpmath.mp.dps = 50
    charge, sz = nm.state_table(params=p)
    index = {(int(c), float(m)): k for k, (c, m) in enumerate(zip(charge, sz, strict=True))}
    s0, s1 = p.spin, p.spin_plus

    def energy(c, m):  # Eq. (1c) with the level offset epsilon for N + 1 electrons
        return c * p.level - p.anisotropy / s0 * m * m - p.field * m

    q = np.zeros((len(sz),) * 2)
    for (c, m), i in index.items():
        if c == 0:
            for sigma, col in ((1, 0), (-1, 1)):
                j = index.get((1, m + 0.5 * sigma))
                w = _cg2(s0, m, sigma, p.orbital)
                if j is None or w == 0:
                    continue
                de = energy(1, m + 0.5 * sigma) - energy(0, m)
                for lead in p.leads:
                    g = lead.rates_z[col]
                    q[j, i] += g * w * _fermi(de - lead.chemical_potential, p.temperature)
                    q[i, j] += g * w * _fermi(lead.chemical_potential - de, p.temperature)
        s = s0 if c == 0 else s1
        j = index.get((c, m + 1.0))
        if j is not None and p.damping > 0:
            m2 = s * (s + 1) - m * (m + 1)
            release = energy(c, m) - energy(c, m + 1)
            q[j, i] += p.damping / s0 * m2 * _bath(release, p.temperature)
            q[i, j] += p.damping / s0 * m2 * _bath(-release, p.temperature)
    q -= np.diag(q.sum(axis=0))
    return q


def test_generator_equals_an_independent_construction():
    """Catches a wrong Eq. (17) (normalisation, a sign), Eq. (18a), Eq. (14) or bath factor in the
    master equation: each entry of the generator against the one written out here."""
    for _ in range(12):
        leads = tuple(nm.Lead(rate_majority=RNG.uniform(0, 2), rate_minority=RNG.uniform(0.05, 2),
                              angle=RNG.uniform(0, np.pi), chemical_potential=RNG.uniform(-2, 2))
                      for _ in range(int(RNG.integers(1, 3))))
        p = nm.Nanomagnet(spin=0.5 * int(RNG.integers(1, 7)), anisotropy=RNG.uniform(0, 2),
                          field=RNG.uniform(-1, 1), level=RNG.uniform(-1, 1),
                          orbital=int(RNG.choice([1, -1])),
                          temperature=RNG.uniform(0.1, 2), damping=RNG.uniform(0.01, 0.2), leads=leads)
        np.testing.assert_allclose(nm.generator(params=p).toarray(), _independent_generator(p),
                                   rtol=1e-13, atol=1e-15)


def test_addition_energy_is_the_difference_of_eq_1c_energies():
    p = nm.Nanomagnet(spin=3.5, anisotropy=1.3, field=-0.4, level=0.7)
    sz = np.arange(-3.5, 3.6, 1.0)
    for sigma in (1, -1):
        e_n = -1.3 / 3.5 * sz**2 + 0.4 * sz
        e_n1 = 0.7 - 1.3 / 3.5 * (sz + sigma / 2) ** 2 + 0.4 * (sz + sigma / 2)
        np.testing.assert_allclose(nm.addition_energy(sz, sigma=sigma, params=p), e_n1 - e_n, rtol=1e-14,
                                   atol=1e-15)


def test_large_spin_weights_of_the_nmd_equation_are_the_limit_of_eq_17():
    """nmd_diffusion uses (1 + eta sigma u)/2: the S -> infinity limit of clebsch_gordan_weight."""
    s = 1e6
    for u in (-0.7, 0.0, 0.4):
        for sigma in (1, -1):
            for eta in (1, -1):
                w = nm.clebsch_gordan_weight(s, round(u * s), sigma=sigma, orbital=eta)
                assert float(w) == pytest.approx((1 + eta * sigma * u) / 2, abs=1e-6)


# --------------------------------------------------------------------------- bath factor
@pytest.mark.parametrize("t", [1e-3, 0.5, 7.0])
def test_bath_rate_satisfies_detailed_balance_to_rounding(t):
    """w(E)/w(-E) = exp(E/T) for every E, in particular below |E/T| = 1e-8 (the series branch)."""
    x = np.concatenate([np.geomspace(1e-300, 1e-8, 60), np.geomspace(1e-8, 30.0, 60)])
    x = np.concatenate([x, -x])
    e = x * t
    ratio = nm.bath_rate(e, temperature=t) / nm.bath_rate(-e, temperature=t)
    np.testing.assert_allclose(ratio, np.exp(x), rtol=2e-15)
    mpmath.mp.dps = 50
    ref = np.array([_bath(v, mpmath.mpf(t)) for v in e])
    np.testing.assert_allclose(nm.bath_rate(e, temperature=t), ref, rtol=2e-15)


def test_bath_rate_zero_temperature_and_huge_arguments():
    np.testing.assert_array_equal(nm.bath_rate(np.array([-3.0, 0.0, 3.0]), temperature=0.0), [0.0, 0.0, 3.0])
    assert float(nm.bath_rate(-1e3, temperature=1.0)) == pytest.approx(1e3 * np.exp(-1e3), rel=1e-12)


# --------------------------------------------------------------------------- reduced model
def test_reduced_current_at_the_fig6_upper_right_point_is_the_master_equation_current():
    """v = 5, h = -6: only u = -1 is stable and only the down channel is open there; by hand
    I = (1 - u) G_L^down (1 - u) G_R^down / (2 Gamma (1 + q u)) = 2 * 4 * 2 * 8 / 48 = 8/3."""
    r = studies.FIG6_UPPER_RIGHT
    assert float(nm.reduced_current(-1.0, bias=5.0, field=-6.0, params=r)) == pytest.approx(8 / 3, rel=1e-15)
    p = nm.grain_for_reduced(params=r, spin=200, bias=5.0, field=-6.0, temperature=0.05)
    u, prob = nm.spin_distribution(params=p)
    assert float(u @ prob) == pytest.approx(-1.0, abs=1e-9)
    master = nm.lead_currents(params=p)[0] / (8 * p.spin * p.damping)
    assert master == pytest.approx(8 / 3, rel=1e-6)


def test_reduced_current_channel_by_channel_against_the_full_nmd_current():
    """Random (v, h, u) with the thresholds inside [-1, 1], so that every combination of open and
    closed channels occurs: the reduced current is the T -> 0 limit of Eq. (37) of the full grain."""
    seen = set()
    for rates in (*studies.FIG6_SETS.values(), studies.WIDE_SP):
        for _ in range(40):
            v, h = RNG.uniform(-3, 3), RNG.uniform(-3, 3)
            uu = RNG.uniform(-0.98, 0.98, 30)
            far = np.min(np.abs(uu[:, None] - np.array([-v - h, v - h])[None, :]), axis=1) > 0.02
            uu = uu[far]
            seen |= set(zip((h + uu + v > 0).tolist(), (v - h - uu > 0).tolist(), strict=True))
            p = nm.grain_for_reduced(params=rates, spin=1000, bias=v, field=h, temperature=1e-4)
            np.testing.assert_allclose(nm.reduced_current(uu, bias=v, field=h, params=rates),
                                       nm.nmd_current(uu, params=p) / (8 * p.spin * p.damping),
                                       rtol=1e-9, atol=1e-12)
    assert seen == {(True, True), (True, False), (False, True), (False, False)}


def test_reduced_udot_channel_by_channel_against_the_full_drift():
    for rates in studies.FIG6_SETS.values():
        for _ in range(20):
            v, h = RNG.uniform(-3, 3), RNG.uniform(-3, 3)
            uu = RNG.uniform(-0.98, 0.98, 30)
            uu = uu[np.min(np.abs(uu[:, None] - np.array([-v - h, v - h])[None, :]), axis=1) > 0.02]
            p = nm.grain_for_reduced(params=rates, spin=1000, bias=v, field=h, temperature=1e-4)
            np.testing.assert_allclose(nm.reduced_udot(uu, bias=v, field=h, params=rates),
                                       nm.nmd_drift(uu, params=p) / (2 * p.damping * p.anisotropy),
                                       rtol=1e-9, atol=1e-9)


def test_reduced_sweep_result():
    s = nm.reduced_sweep(bias=np.linspace(3.5, 7.0, 11), field=-4.1, params=studies.FIG6_UPPER_RIGHT,
                         u_start=-1.0)
    assert isinstance(s, nm.ReducedSweep) and s.u.shape == s.current.shape == s.bias.shape == (11,)
    np.testing.assert_array_equal(s.field, -4.1)
    np.testing.assert_allclose(s.current, nm.reduced_current(s.u, bias=s.bias, field=s.field,
                                                             params=studies.FIG6_UPPER_RIGHT))


# --------------------------------------------------------------------------- NMD, dynamics
def test_nmd_fixed_point_exactly_on_the_grid_is_found():
    """Bath only: R = alpha_B (1 - u^2)(h + 2 kappa u), zero at u = -h/2 = -0.25, a grid point."""
    p = nm.Nanomagnet(spin=10, field=0.5, damping=0.1,
                      leads=(nm.Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=-50.0),))
    u, stable = nm.nmd_fixed_points(params=p)
    np.testing.assert_allclose(u, [-1.0, -0.25, 1.0], atol=1e-15)
    assert stable.tolist() == [True, False, True]
    u, stable = nm.nmd_fixed_points(params=p, n_grid=2000)  # off the grid: bisection
    np.testing.assert_allclose(u, [-1.0, -0.25, 1.0], atol=1e-12)


def test_bath_diffusion_is_the_bath_part_of_nmd_diffusion():
    p = nm.Nanomagnet(spin=50, field=0.3, temperature=0.4, damping=0.05,
                      leads=(nm.Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=-60.0),))
    u = np.linspace(-1, 1, 21)
    e = p.field + 2 * p.anisotropy * u
    ref = p.damping * e / (2 * np.tanh(e / (2 * p.temperature))) * (1 - u**2)  # Eq. (24c), bath part
    np.testing.assert_allclose(nm.bath_diffusion(u, params=p), ref, rtol=1e-13)
    np.testing.assert_allclose(nm.nmd_diffusion(u, params=p), ref, rtol=1e-13)  # leads: none can enter


def test_dynamics_return_frozen_results_with_t_first():
    p = nm.Nanomagnet(spin=20, field=0.3, temperature=0.5, damping=0.05)
    tr = nm.simulate_nmd(np.array([0.5, -0.5, 0.0]), params=p, t_end=5.0, n_steps=40, seed=2)
    assert isinstance(tr, nm.NMDTrajectory) and tr.t.shape == (41,) and tr.u.shape == (3, 41)
    np.testing.assert_array_equal(tr.u[:, 0], [0.5, -0.5, 0.0])
    one = nm.simulate_nmd(0.5, params=p, t_end=5.0, n_steps=40, seed=2)
    assert one.u.shape == (41,)
    ms = nm.simulate_master(params=p, t_end=20.0, seed=4)
    assert isinstance(ms, nm.MasterTrajectory) and ms.t[0] == 0.0
    charge, sz = nm.state_table(params=p)
    spin = np.where(ms.charge == 0, p.spin, p.spin_plus)
    np.testing.assert_allclose(ms.u, ms.sz / spin)
    with pytest.raises(AttributeError):
        ms.t = None  # frozen


def test_simulate_master_spin_zero_state_without_nan():
    p = nm.Nanomagnet(spin=0.5, anisotropy=0.0, orbital=-1, temperature=0.5, damping=0.5,
                      leads=(nm.Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=1.0),))
    tr = nm.simulate_master(params=p, t_end=50.0, seed=1)
    assert np.all(np.isfinite(tr.u)) and np.any(tr.charge == 1)


# --------------------------------------------------------------------------- sizes and inputs
def test_sizes_are_refused_up_front_naming_the_parameter():
    with pytest.raises(SpinlibInputError, match="params.spin must be <= 20000"):
        nm.steady_state(params=nm.Nanomagnet(spin=1e8))
    with pytest.raises(SpinlibInputError, match="params.spin must be <= 20000"):
        nm.generator(params=nm.Nanomagnet(spin=1e9))
    with pytest.raises(SpinlibInputError, match="n_grid"):
        nm.nmd_fixed_points(params=nm.Nanomagnet(), n_grid=1e10)
    with pytest.raises(SpinlibInputError, match="n_steps"):
        nm.simulate_nmd(0.0, params=nm.Nanomagnet(), t_end=1.0, n_steps=1e9)
    big = nm.MultiLevelGrain(spin=1e6, levels=(nm.Level(addition_energy=0.0, orbital=1),),
                             leads=(nm.Lead(rate_majority=1.0, rate_minority=1.0),))
    with pytest.raises(SpinlibInputError, match="states; at most 2000"):
        nm.multilevel_steady_state(params=big)


def test_probabilities_must_be_a_distribution_over_the_states():
    p = nm.Nanomagnet(spin=1)
    bad = np.full(7, 0.5)
    bad[0] = -0.5
    for f in (nm.lead_currents, nm.spin_distribution):
        with pytest.raises(SpinlibInputError, match="probabilities must be >= 0"):
            f(params=p, probabilities=bad)
        with pytest.raises(SpinlibInputError, match=r"one entry per state, shape \(7,\)"):
            f(params=p, probabilities=np.ones((2, 3)))


def test_params_is_keyword_only():
    p = nm.Nanomagnet(spin=1)
    for f in (nm.generator, nm.steady_state, nm.lead_currents, nm.spin_distribution, nm.state_table):
        with pytest.raises(TypeError):
            f(p)
    with pytest.raises(TypeError):
        nm.torque_asymmetry(studies.FIG6_UPPER_RIGHT)


# --------------------------------------------------------------------------- the remaining functions
def test_rates_along_z_is_the_projection_of_the_rotated_lead_spinor():
    """Eq. (14) from spin-1/2 rotation: a lead majority spinor tilted by theta about y has
    |<up_z|U up>|^2 = cos^2(theta/2); Gamma^up = sum over the lead bands of projection x rate."""
    sy = np.array([[0, -1j], [1j, 0]])
    for _ in range(20):
        gu, gd, th = RNG.uniform(0, 3), RNG.uniform(0, 3), RNG.uniform(0, np.pi)
        w, v = np.linalg.eigh(sy)
        rot = v @ np.diag(np.exp(-0.5j * th * w)) @ v.conj().T  # exp(-i theta sigma_y / 2)
        maj, mino = rot[:, 0], rot[:, 1]  # the lead's majority and minority spinors
        up = abs(maj[0]) ** 2 * gu + abs(mino[0]) ** 2 * gd
        down = abs(maj[1]) ** 2 * gu + abs(mino[1]) ** 2 * gd
        got = nm.rates_along_z(rate_majority=gu, rate_minority=gd, angle=th)
        np.testing.assert_allclose(got, (up, down), rtol=1e-13, atol=1e-15)


def test_channel_lines_are_where_the_reduced_current_switches_a_channel():
    """Each line of Fig. 7 of P&W is where a channel of Eq. (51c) opens at u = +-1: the reduced
    current with only that channel's lead rate changes there, from closed (0) to open."""
    up_only = nm.NMDRates(left_up=3.0, left_down=0.0, right_up=1.0, right_down=1.0)
    down_only = nm.NMDRates(left_up=0.0, left_down=3.0, right_up=1.0, right_down=1.0)
    eps = 1e-9
    for h in RNG.uniform(-5, 5, 10):
        lines = nm.channel_lines(h)
        for key, rates, u, opens_above in (("up at +1", up_only, 1.0, True),
                                           ("up at -1", up_only, -1.0, True),
                                           ("down at +1", down_only, 1.0, True),
                                           ("down at -1", down_only, -1.0, True)):
            v = float(lines[key])
            # at u = -1 the up channel carries (1 + u) = 0 and the down channel at u = +1 (1 - u) = 0:
            # read the channel state at u a hair inside the interval instead
            uu = u - np.sign(u) * 1e-12
            above = float(nm.reduced_current(uu, bias=v + eps, field=h, params=rates))
            below = float(nm.reduced_current(uu, bias=v - eps, field=h, params=rates))
            assert (above > 0) == opens_above and (below > 0) != opens_above, (key, h, above, below)


def test_multilevel_generator_with_one_level_is_the_master_generator_entry_by_entry():
    """Same grain written as a MultiLevelGrain with one empty level: the dense generator equals the
    independently tested master-equation generator after matching states by (charge, S_z)."""
    for _ in range(5):
        leads = (nm.Lead(rate_majority=RNG.uniform(0.1, 2), rate_minority=RNG.uniform(0.1, 2),
                         angle=RNG.uniform(0, np.pi), chemical_potential=RNG.uniform(-2, 2)),
                 nm.Lead(rate_majority=RNG.uniform(0.1, 2), rate_minority=RNG.uniform(0.1, 2)))
        p1 = nm.Nanomagnet(spin=0.5 * int(RNG.integers(1, 8)), anisotropy=RNG.uniform(0, 2),
                           field=RNG.uniform(-1, 1), level=RNG.uniform(-1, 1),
                           orbital=int(RNG.choice([1, -1])),
                           temperature=RNG.uniform(0.1, 2), damping=RNG.uniform(0.01, 0.2), leads=leads)
        level = nm.Level(addition_energy=p1.level, orbital=p1.orbital)
        pm = nm.MultiLevelGrain(spin=p1.spin, levels=(level,),
                                anisotropy=p1.anisotropy, field=p1.field, temperature=p1.temperature,
                                damping=p1.damping, leads=leads)
        c1, sz1 = nm.state_table(params=p1)
        _, cm, _, szm = nm.multilevel_states(params=pm)
        where = {(int(c), float(m)): k for k, (c, m) in enumerate(zip(c1, sz1, strict=True))}
        perm = np.array([where[(int(c), float(m))] for c, m in zip(cm, szm, strict=True)])
        q1 = nm.generator(params=p1).toarray()[np.ix_(perm, perm)]
        np.testing.assert_allclose(nm.multilevel_generator(params=pm), q1, rtol=1e-12, atol=1e-14)


def test_reduced_current_with_swapped_channels_would_fail_against_the_master_equation():
    """The gap of issue 15: at the Fig. 6 upper-right rates, v = 5, h = -6, u = -1, the down channel
    alone is open (v - h - u = 12 > 0, h + u + v = -2 < 0). The master equation of a large grain
    gives 8/3; swapping the channel conditions would give 0."""
    r = studies.FIG6_UPPER_RIGHT
    p = nm.grain_for_reduced(params=r, spin=400, bias=5.0, field=-6.0, temperature=0.02)
    master = nm.lead_currents(params=p)[0] / (8 * p.spin * p.damping)
    assert master == pytest.approx(2.6667, abs=5e-5)
    assert float(nm.reduced_current(-1.0, bias=5.0, field=-6.0, params=r)) == pytest.approx(master, rel=1e-6)


def test_log_steady_state_is_the_log_gibbs_state_far_below_the_float_range():
    """Zero bias (all leads at mu = 0) with a bath: the steady state is the Gibbs state of the
    Eq. (1c) energies, typed here and summed in 40-digit mpmath. At S0 = 300, T = 0.05 most states
    lie below 1e-308: steady_state returns 0 there, log_steady_state their logarithms."""
    p = nm.Nanomagnet(spin=300, anisotropy=1.0, field=0.4, level=0.3, orbital=1, temperature=0.05,
                      damping=0.02, leads=(nm.Lead(rate_majority=1.0, rate_minority=0.3, angle=0.7),
                                           nm.Lead(rate_majority=0.5, rate_minority=0.5)))
    charge, sz = nm.state_table(params=p)
    with mpmath.workdps(40):
        mp = mpmath.mpf
        loge = [-(mp(p.level) * int(c) - mp(p.anisotropy) / mp(p.spin) * mp(m) ** 2 - mp(p.field) * mp(m))
                / mp(p.temperature) for c, m in zip(charge, sz, strict=True)]
        top = max(loge)
        norm = top + mpmath.log(mpmath.fsum(mpmath.exp(x - top) for x in loge))
        ref = np.array([float(x - norm) for x in loge])
    assert ref.min() < -5000
    logp = nm.log_steady_state(params=p)
    np.testing.assert_allclose(logp, ref, rtol=1e-12, atol=1e-10)
    prob = nm.steady_state(params=p)
    assert np.mean(prob == 0.0) > 0.5
    big = ref > -700
    np.testing.assert_allclose(prob[big], np.exp(ref[big]), rtol=1e-11)
