"""Physics tests of spinlib.nanomagnet (chapter 4): conservation, equilibrium, limits, other methods."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
import scipy.linalg as sla
from conftest import run_solution
from scipy.sparse.linalg import expm_multiply

from spinlib import nanomagnet as nm
from spinlib.macrospin import uniaxial
from spinlib.nanomagnet import figures as figs
from spinlib.nanomagnet import studies as st
from spinlib.nanomagnet import studies_checks as checks
from spinlib.validate import SpinlibInputError

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "book" / "nanomagnet" / "nmd_equation.md"  # the computational exercise
MASTER_PAGE = ROOT / "book" / "nanomagnet" / "steady_state.md"  # the current and TMR
RNG = np.random.default_rng(11)


def random_grain(rng, *, spin=None, zero_bias=False, temperature=None):
    n_leads = int(rng.integers(1, 4))
    mu0 = rng.uniform(-2, 2)
    leads = tuple(nm.Lead(rate_majority=rng.uniform(0, 2), rate_minority=rng.uniform(0.05, 2),
                          angle=rng.uniform(0, np.pi),
                          chemical_potential=mu0 if zero_bias else rng.uniform(-3, 3))
                  for _ in range(n_leads))
    return nm.Nanomagnet(spin=spin if spin is not None else 0.5 * int(rng.integers(1, 30)),
                         anisotropy=rng.uniform(0, 2), field=rng.uniform(-1.5, 1.5), level=rng.uniform(-2, 2),
                         orbital=int(rng.choice([1, -1])),
                         temperature=rng.uniform(0.1, 2) if temperature is None else temperature,
                         damping=rng.uniform(0.01, 0.2), leads=leads)


def energies(p):
    """E - mu N of every state, from Eq. (1c) (typed here) and the level offset."""
    charge, sz = nm.state_table(params=p)
    return charge * (p.level - p.leads[0].chemical_potential) - p.anisotropy / p.spin * sz**2 - p.field * sz


# --------------------------------------------------------------------------- master equation
def test_generator_conserves_probability_and_is_a_rate_matrix():
    for _ in range(20):
        p = random_grain(RNG)
        q = nm.generator(params=p).toarray()
        np.testing.assert_allclose(q.sum(axis=0), 0.0, atol=1e-12)
        off = q - np.diag(np.diag(q))
        assert np.all(off >= 0)
        charge, sz = nm.state_table(params=p)
        assert q.shape == (int(2 * p.spin + 1) + int(2 * p.spin_plus + 1),) * 2
        # tunnelling changes charge by one and S_z by 1/2; the bath keeps charge and moves S_z by 1
        rows, cols = np.nonzero(off)
        dq, ds = np.abs(charge[rows] - charge[cols]), np.abs(sz[rows] - sz[cols])
        assert np.all(((dq == 1) & (ds == 0.5)) | ((dq == 0) & (ds == 1)))


def test_time_evolution_keeps_probability_positive_and_reaches_the_steady_state():
    p = random_grain(RNG, spin=4.5)
    q = nm.generator(params=p)
    p0 = np.zeros(q.shape[0])
    p0[0] = 1.0
    for t in (0.5, 5.0, 50.0):
        pt = expm_multiply(q * t, p0)
        assert pt.sum() == pytest.approx(1.0, abs=1e-10)
        assert pt.min() > -1e-12
    late = expm_multiply(q * 5e4, p0)
    np.testing.assert_allclose(late, nm.steady_state(params=p), atol=1e-8)


def test_steady_state_equals_dense_null_vector():
    """Another method: the null vector of the dense generator (SVD), where it is well conditioned."""
    rng = np.random.default_rng(15)  # own stream: the draws do not depend on the order of the tests
    checked = 0
    for _ in range(15):
        p = random_grain(rng, temperature=rng.uniform(0.7, 3.0))
        q = nm.generator(params=p).toarray()
        _, sv, vh = sla.svd(q)
        if sv[-2] < 1e-6:  # not well conditioned: the SVD null vector is not a reference there
            continue
        checked += 1
        null = np.abs(vh[-1])
        null /= null.sum()
        prob = nm.steady_state(params=p)
        assert prob.min() >= 0 and prob.sum() == pytest.approx(1.0, abs=1e-13)
        np.testing.assert_allclose(prob, null, atol=1e-10)
    assert checked >= 10


def test_steady_state_without_bath_is_the_birth_death_product_to_full_relative_accuracy():
    """Without the bath, tunnelling links only neighbours in the S_z order: a birth-death chain whose
    stationary ratios are p_{k+1}/p_k = W(k -> k+1)/W(k+1 -> k) exactly (computed here in logs).
    Metastable grains (tiny T) have probabilities over hundreds of decades: all must be right."""
    for _ in range(20):
        p = random_grain(RNG, temperature=10 ** RNG.uniform(-2.5, 0))
        p = nm.Nanomagnet(**{**{f: getattr(p, f) for f in ("spin", "anisotropy", "field", "level", "orbital",
                                                             "temperature", "leads")}, "damping": 0.0})
        q = nm.generator(params=p).toarray()
        n = q.shape[0]
        up = np.array([q[k + 1, k] for k in range(n - 1)])
        down = np.array([q[k, k + 1] for k in range(n - 1)])
        if np.any(up == 0) or np.any(down == 0):
            continue
        logp = np.concatenate([[0.0], np.cumsum(np.log(up) - np.log(down))])
        ref = np.exp(logp - logp.max())
        ref /= ref.sum()
        prob = nm.steady_state(params=p)
        big = ref > 1e-290
        np.testing.assert_allclose(prob[big], ref[big], rtol=1e-11)


def test_steady_state_of_a_metastable_grain_against_60_digit_elimination():
    """With the bath (jumps of two places), compare with Gaussian elimination in 60-digit arithmetic
    of the dense generator, censoring states one by one (done here generically on the full matrix)."""
    mpmath = pytest.importorskip("mpmath")
    mpmath.mp.dps = 60
    for _ in range(4):
        p = random_grain(RNG, spin=0.5 * int(RNG.integers(3, 16)), temperature=RNG.uniform(0.05, 0.3))
        q = nm.generator(params=p).toarray()
        n = q.shape[0]
        w = [[mpmath.mpf(float(q[j, i])) if i != j else mpmath.mpf(0) for j in range(n)] for i in range(n)]
        exits = [mpmath.mpf(0)] * n
        for k in range(n - 1, 0, -1):
            exits[k] = sum(w[k][:k])
            for i in range(k):
                if w[i][k]:
                    for j in range(k):
                        if j != i and w[k][j]:
                            w[i][j] += w[i][k] * w[k][j] / exits[k]
        pi = [mpmath.mpf(1)] + [mpmath.mpf(0)] * (n - 1)
        for k in range(1, n):
            pi[k] = sum(pi[i] * w[i][k] for i in range(k)) / exits[k]
        total = sum(pi)
        ref = np.array([float(x / total) for x in pi])
        prob = nm.steady_state(params=p)
        big = ref > 1e-290
        np.testing.assert_allclose(prob[big], ref[big], rtol=1e-14)  # GTH: every digit, tiny P included


@pytest.mark.parametrize("orbital", [1, -1])
def test_zero_bias_steady_state_is_gibbs_and_detailed_balance_holds(orbital):
    for _ in range(10):
        p = random_grain(RNG, zero_bias=True, temperature=10 ** RNG.uniform(-1.5, 0.5))
        p = nm.Nanomagnet(**{**{f: getattr(p, f) for f in ("spin", "anisotropy", "field", "level",
                                                             "temperature", "damping", "leads")},
                             "orbital": orbital})
        prob = nm.steady_state(params=p)
        boltz = np.exp(-(energies(p) - energies(p).min()) / p.temperature)
        ref = boltz / boltz.sum()
        big = ref > 1e-290
        np.testing.assert_allclose(prob[big], ref[big], rtol=1e-10)  # relative: also the tiny ones
        q = nm.generator(params=p).toarray()
        flux = q * prob[None, :]  # flux[f, i] = P_i W_{i -> f}
        off = ~np.eye(q.shape[0], dtype=bool)
        np.testing.assert_allclose(flux[off], flux.T[off], atol=1e-13, rtol=1e-9)
        np.testing.assert_allclose(nm.lead_currents(params=p, probabilities=prob), 0.0, atol=1e-13)


def test_bias_breaks_detailed_balance_and_currents_are_conserved():
    p = nm.Nanomagnet(spin=5, temperature=0.2, damping=0.01,
                      leads=(nm.Lead(rate_majority=1.0, rate_minority=0.2, chemical_potential=2.0),
                             nm.Lead(rate_majority=0.6, rate_minority=0.6, chemical_potential=-2.0)))
    currents = nm.lead_currents(params=p)
    assert currents[0] > 0.01
    assert currents.sum() == pytest.approx(0.0, abs=1e-13)


def test_noncollinear_lead_is_a_collinear_lead_with_mixed_rates():
    """Eq. (14): a lead at angle theta equals a collinear lead with the rotated rates."""
    for theta in (0.3, np.pi / 2, 2.5, np.pi):
        tilted = nm.Lead(rate_majority=1.3, rate_minority=0.2, angle=theta, chemical_potential=1.0)
        gu, gd = np.cos(theta / 2) ** 2 * 1.3 + np.sin(theta / 2) ** 2 * 0.2, \
            np.cos(theta / 2) ** 2 * 0.2 + np.sin(theta / 2) ** 2 * 1.3
        straight = nm.Lead(rate_majority=gu, rate_minority=gd, chemical_potential=1.0)
        other = nm.Lead(rate_majority=0.5, rate_minority=0.5, chemical_potential=-1.0)
        a = nm.Nanomagnet(spin=3, temperature=0.3, leads=(tilted, other))
        b = nm.Nanomagnet(spin=3, temperature=0.3, leads=(straight, other))
        np.testing.assert_allclose(nm.steady_state(params=a), nm.steady_state(params=b), atol=1e-14)
    antiparallel = nm.Lead(rate_majority=1.3, rate_minority=0.2, angle=np.pi)
    assert antiparallel.rates_z == pytest.approx((0.2, 1.3))


def test_steady_state_refuses_several_closed_classes():
    frozen = nm.Nanomagnet(spin=3, temperature=0.0, damping=0.0, level=5.0,
                           leads=(nm.Lead(rate_majority=1.0, rate_minority=1.0),))
    with pytest.raises(SpinlibInputError, match="params has no unique steady state"):
        nm.steady_state(params=frozen)


# --------------------------------------------------------------------------- large S0
def test_master_equation_current_tends_to_the_nmd_current():
    rates = st.WIDE_SP
    errs = []
    for s in (100, 1000):
        p = nm.grain_for_reduced(params=rates, spin=s, bias=30.0, field=-12.0, temperature=0.5)
        fp, stable = nm.nmd_fixed_points(params=p)
        u_star = fp[1:-1][stable[1:-1]][0]
        errs.append(abs(nm.lead_currents(params=p)[0] / nm.nmd_current(u_star, params=p) - 1))
    assert errs[1] < 0.01 and errs[1] < errs[0] / 5


def test_exercise_computational_solution_runs_and_gives_one_over_s0():
    """book/nanomagnet/nmd_equation.md, exercise ex-nm-computational: the solution code and its stated
    exponent."""
    sol, ns = run_solution(PAGE, "ex-nm-computational")
    assert -1.1 < ns["slope"] < -0.9
    assert "-1.1 < $ slope $< -0.9" in sol


def test_page_claim_concentration_error_falls_with_s0():
    data, fp, stable = checks.concentration_data()
    u_star = fp[1:-1][stable[1:-1]][0]
    errs = [abs(data[s][2] - u_star) for s in (5, 20, 100, 1000)]
    assert all(b < a for a, b in zip(errs, errs[1:], strict=False))
    assert errs[-1] < 0.005


def test_exercise_category_claim():
    r = nm.NMDRates(left_up=10, left_down=2, right_up=6, right_down=6)
    assert nm.torque_asymmetry(params=r) == pytest.approx(1 / 3)
    assert nm.theta_all_open(params=r) == pytest.approx(4.0)
    assert nm.theta_category(params=r) == 3
    v, h = np.meshgrid(np.linspace(-10, 14, 600), np.linspace(-12, 4, 600))
    codes = set(np.unique(nm.reduced_classify(bias=v, field=h, params=r)).tolist())
    for phase in (nm.SP, nm.MINUS | nm.SP, nm.MINUS | nm.SP | nm.PLUS):  # as the solution states
        assert phase in codes


# --------------------------------------------------------------------------- reduced model
def test_high_bias_nmd_phase_diagram_is_the_llg_diagram_cut_at_theta():
    """All channels open (v > |h| + 1): NMD phases = uniaxial.classify(field=h, current=Theta).

    Random fields: exactly on a boundary line chapter 1 decides in rational arithmetic and
    reduced_classify in floating point, so exact ties are avoided."""
    for rates in (*st.FIG6_SETS.values(), st.WIDE_SP):
        h = np.sort(RNG.uniform(-25, 5, 2000))
        v = np.abs(h) + 1.5
        q, th = nm.torque_asymmetry(params=rates), nm.theta_all_open(params=rates)
        nmd = nm.reduced_classify(bias=v, field=h, params=rates)
        llg = uniaxial.classify(params=uniaxial.UniaxialMacrospin(asymmetry=q), field=h, current=th)
        np.testing.assert_array_equal(nmd, llg)


def _brute_force_code(v, h, rates, n=40001):
    """Another method: sign changes of du/dt on a fine u grid."""
    u = np.linspace(-1, 1, n)
    g = nm.reduced_udot(u[1:-1], bias=v, field=h, params=rates) / (1 - u[1:-1] ** 2)
    code = nm.MINUS * (g[0] < 0) + nm.PLUS * (g[-1] > 0)
    sp = np.any((g[:-1] > 0) & (g[1:] < 0))
    return int(code + nm.SP * sp)


def test_reduced_classify_against_brute_force():
    for rates in st.FIG6_SETS.values():
        for _ in range(150):
            v, h = RNG.uniform(-10, 12), RNG.uniform(-10, 4)
            # skip points within the brute-force resolution of a threshold or a pole boundary
            if min(abs(-v - h - x) for x in (-1, 1)) < 1e-3 or min(abs(v - h - x) for x in (-1, 1)) < 1e-3:
                continue
            assert int(nm.reduced_classify(bias=v, field=h, params=rates)) == _brute_force_code(v, h, rates)
        # and in the small windows where the NMD-only phases live
        for _ in range(150):
            v, h = RNG.uniform(3.0, 7.0), RNG.uniform(-5.0, -2.5)
            assert int(nm.reduced_classify(bias=v, field=h, params=rates)) == _brute_force_code(v, h, rates)


def test_the_phase_llg_lacks_exists_for_q_nonzero_only():
    v, h = np.meshgrid(np.linspace(3, 7, 300), np.linspace(-5, -2.5, 300))
    three = nm.MINUS | nm.SP | nm.PLUS
    assert np.any(nm.reduced_classify(bias=v, field=h, params=st.FIG6_UPPER_RIGHT) == three)
    assert np.any(nm.reduced_classify(bias=v, field=h, params=st.FIG6_LOWER_LEFT) == three)
    big = np.meshgrid(np.linspace(-10, 12, 300), np.linspace(-10, 4, 300))
    codes = nm.reduced_classify(bias=big[0], field=big[1], params=st.FIG6_UPPER_LEFT)
    assert set(np.unique(codes)) <= {nm.MINUS, nm.PLUS, nm.MINUS | nm.PLUS}
    # LLG never has it
    h, i = np.meshgrid(np.linspace(-10, 5, 200), np.linspace(-5, 10, 200))
    llg = uniaxial.classify(params=uniaxial.UniaxialMacrospin(asymmetry=0.25), field=h, current=i)
    assert not np.any(llg == three)
    # the page's explorer point is in it
    assert int(nm.reduced_classify(bias=5.0, field=-4.15, params=st.FIG6_UPPER_RIGHT)) == three


def test_fig8_hysteresis_claims():
    d = st.hysteresis_data()
    n = d["bias"].size // 2
    assert np.all(d["I_v_from_+1"].u == 1.0)  # prepared in +1: stays (page claim)
    u = d["I_v_from_-1"].u
    up_jump = d["bias"][:n][np.nonzero(np.diff(u[:n]))[0] + 1]
    down_jump = d["bias"][n:][np.nonzero(np.diff(u[n:]))[0] + 1]
    assert up_jump.size == 1 and down_jump.size == 1 and down_jump[0] < up_jump[0]
    assert -1 < u[n - 1] < 1  # precession state at the top of the sweep
    # the field sweep at v = 5.5 shows a continuous SP branch (current takes many values)
    assert np.unique(np.round(d["I_h"].current, 6)).size > 20


def test_reduced_fixed_points_are_zeros_or_sign_changes():
    for _ in range(100):
        rates = list(st.FIG6_SETS.values())[int(RNG.integers(0, 3))]
        v, h = RNG.uniform(-10, 12), RNG.uniform(-10, 4)
        pts, stable = nm.reduced_fixed_points(bias=v, field=h, params=rates)
        assert pts[0] == -1 and pts[-1] == 1 and np.all(np.diff(pts) > 0)
        code = nm.MINUS * stable[0] + nm.PLUS * stable[-1] + nm.SP * bool(stable[1:-1].any())
        assert code == int(nm.reduced_classify(bias=v, field=h, params=rates))
        for x in pts[1:-1]:
            lo = nm.reduced_udot(x - 1e-9, bias=v, field=h, params=rates)
            hi = nm.reduced_udot(x + 1e-9, bias=v, field=h, params=rates)
            assert lo * hi <= 1e-12


# --------------------------------------------------------------------------- zero bias, dynamics
def test_lead_damping_low_temperature_saturation_and_sign():
    p = nm.Nanomagnet(spin=100, anisotropy=1.0, field=0.0, level=0.5, temperature=1e-3, damping=0.0,
                      leads=(nm.Lead(rate_majority=0.8, rate_minority=0.2),))
    q = 0.6
    u = np.array([-0.9, -0.2, 0.2, 0.9])  # kappa u + h/2 beyond the level: up channel open, down closed
    lead = nm.zero_bias_udot(u, params=p) / (1 - u**2)
    sat = 1.0 * (1 - q**2) / (8 * 100 * (1 + q * u))
    np.testing.assert_allclose(lead[np.abs(u) > 0.5], np.sign(u[np.abs(u) > 0.5]) * sat[np.abs(u) > 0.5],
                               rtol=1e-9)
    np.testing.assert_allclose(lead[np.abs(u) < 0.5], 0.0, atol=1e-12)  # both channels closed


def test_simulate_master_time_average_matches_steady_state():
    p = st.telegraph_grain(bias=0.0, spin=4, temperature=1.5)
    tr = nm.simulate_master(params=p, t_end=2e5, seed=3)
    t, u = tr.t, tr.u
    frac = np.sum(np.diff(t) * (u[:-1] > 0)) / t[-1]
    uu, prob = nm.spin_distribution(params=p)
    assert frac == pytest.approx(prob[uu > 0].sum(), abs=0.03)
    u2 = nm.simulate_master(params=p, t_end=2e3, seed=3).u
    np.testing.assert_array_equal(u2, u[: u2.size])  # seeded: reproducible


def test_simulate_nmd_fluctuates_about_the_fixed_point_with_the_fokker_planck_width():
    p = nm.grain_for_reduced(params=st.WIDE_SP, spin=200, bias=30.0, field=-12.0, temperature=0.5)
    fp, stable = nm.nmd_fixed_points(params=p)
    u_star = fp[1:-1][stable[1:-1]][0]
    slope = (nm.nmd_drift(u_star + 1e-6, params=p) - nm.nmd_drift(u_star - 1e-6, params=p)) / 2e-6
    relax = 1 / abs(slope)
    u = nm.simulate_nmd(u_star, params=p, t_end=4000 * relax, n_steps=200000, seed=5).u
    var = nm.nmd_diffusion(u_star, params=p) / (p.spin * abs(slope))
    assert np.mean(u) == pytest.approx(u_star, abs=0.1 * np.sqrt(var) + 0.01)
    assert np.var(u) == pytest.approx(var, rel=0.15)
    first = nm.simulate_nmd(u_star, params=p, t_end=10.0, n_steps=100, seed=5).u
    again = nm.simulate_nmd(u_star, params=p, t_end=10.0, n_steps=100, seed=5).u
    other = nm.simulate_nmd(u_star, params=p, t_end=10.0, n_steps=100, seed=6).u
    np.testing.assert_array_equal(first, again)  # seeded: reproducible
    assert not np.array_equal(first, other)


def test_telegraph_page_claim():
    d = st.telegraph_data()
    assert d[3.0]["up_fraction"] > d[0.0]["up_fraction"] > 0.5
    assert d[3.0]["exact_up_fraction"] > d[0.0]["exact_up_fraction"] > 0.5
    assert np.all(d[0.0]["u_nmd"] == 1.0)  # the stochastic NMD equation never leaves the pole


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("kwargs, name", [
    ({"spin": 0.25}, "spin"), ({"spin": 0.0}, "spin"), ({"spin": 1.3}, "spin"), ({"spin": True}, "spin"),
    ({"temperature": -1.0}, "temperature"), ({"damping": -0.1}, "damping"), ({"orbital": 0}, "orbital"),
    ({"anisotropy": float("nan")}, "anisotropy"), ({"leads": ()}, "leads"), ({"leads": (1.0,)}, "leads[0]"),
])
def test_unphysical_grain_is_refused_naming_the_parameter(kwargs, name):
    with pytest.raises(SpinlibInputError, match=re.escape(name)):
        nm.Nanomagnet(**kwargs)


@pytest.mark.parametrize("kwargs, name", [
    ({"rate_majority": -1.0, "rate_minority": 1.0}, "rate_majority"),
    ({"rate_majority": 1.0, "rate_minority": -0.5}, "rate_minority"),
    ({"rate_majority": 1.0, "rate_minority": 1.0, "angle": 4.0}, "angle"),
])
def test_negative_rates_refused(kwargs, name):
    with pytest.raises(SpinlibInputError, match=name):
        nm.Lead(**kwargs)
    with pytest.raises(SpinlibInputError, match="left_up"):
        nm.NMDRates(left_up=-1, left_down=1, right_up=1, right_down=1)


def test_page_claim_tmr_demo():
    """Sec. 'Current and TMR': grain held at u = +1, I(0) - I(pi) < 0. Independent estimate: at
    u = +1 only spin-down electrons pass (weights 1, up channel ~1/(2S+1)), so I ~ G_L G_R/(G_L + G_R)
    with G_L = Gamma^D (theta = 0) or Gamma^U (theta = pi) and G_R = 1."""
    currents = {}
    for ang, g_left in ((0.0, 0.25), (np.pi, 1.0)):
        p = st.demo_grain(bias=3.0, angle=ang)
        u, prob = nm.spin_distribution(params=p)
        assert np.sum(u * prob) > 0.9999
        currents[ang] = nm.lead_currents(params=p)[0]
        assert currents[ang] == pytest.approx(g_left / (g_left + 1.0), rel=0.05)
    assert currents[0.0] - currents[np.pi] < -0.25
    text = MASTER_PAGE.read_text()
    assert "is negative: {glue:text}`nm-demo-tmr:.3f`" in text


# --------------------------------------------------------------------------- several levels
def test_multilevel_with_one_level_is_the_one_level_master_equation():
    """Independent code paths: MultiLevelGrain with one empty level = Nanomagnet (Eqs. (17)-(21))."""
    for _ in range(6):
        p1 = random_grain(RNG, spin=0.5 * int(RNG.integers(1, 12)))
        level = nm.Level(addition_energy=p1.level, orbital=p1.orbital)
        pm = nm.MultiLevelGrain(spin=p1.spin, levels=(level,),
                                anisotropy=p1.anisotropy, field=p1.field, temperature=p1.temperature,
                                damping=p1.damping, leads=p1.leads)
        np.testing.assert_allclose(nm.multilevel_current(params=pm), nm.lead_currents(params=p1),
                                   atol=1e-13, rtol=1e-9)
        u1, pr1 = nm.spin_distribution(params=p1)
        occ, charge, spin, sz = nm.multilevel_states(params=pm)
        prm = nm.multilevel_steady_state(params=pm)
        np.testing.assert_allclose(np.sort(prm), np.sort(pr1), atol=1e-13)


def test_multilevel_zero_bias_is_gibbs_with_exchange():
    levels = st.SPECTRO_LEVELS
    j, s0, kap, h, gate, t = 0.4, 3.0, 1.0, 0.2, 0.7, 0.6
    p = nm.MultiLevelGrain(spin=s0, levels=levels, gate=gate, exchange=j, anisotropy=kap, field=h,
                           temperature=t, damping=0.05,
                           leads=(nm.Lead(rate_majority=1.0, rate_minority=0.25, angle=0.3),
                                  nm.Lead(rate_majority=0.5, rate_minority=0.5)))
    occ, charge, spin, sz = nm.multilevel_states(params=p)
    # energies typed here: one-body part fixed by the addition energies at the ground configuration,
    # exchange -J S(S+1) (Eq. (1c)), anisotropy and Zeeman terms, gate for N+1
    ground = np.array([lv.occupied for lv in levels], dtype=int)
    eta = np.array([lv.orbital for lv in levels])
    e_add = np.array([lv.addition_energy for lv in levels])
    s_before = s0 - 0.5 * eta * ground
    s_after = s_before + 0.5 * eta
    eps = e_add + j * (s_after * (s_after + 1) - s_before * (s_before + 1))
    energy = (occ - ground) @ eps - j * spin * (spin + 1) + gate * charge - kap / s0 * sz**2 - h * sz
    boltz = np.exp(-(energy - energy.min()) / t)
    np.testing.assert_allclose(nm.multilevel_steady_state(params=p), boltz / boltz.sum(), rtol=1e-9,
                               atol=1e-15)
    np.testing.assert_allclose(nm.multilevel_current(params=p), 0.0, atol=1e-14)


def test_multilevel_map_equals_pointwise_solution():
    p = st.spectroscopy_grain()
    biases, gates = np.linspace(0, 6, 7), np.array([0.5, 2.5])
    grid = nm.multilevel_current_map(params=p, biases=biases, gates=gates)
    for gi, g in enumerate(gates):
        for bi, b in enumerate(biases):
            lead0 = nm.Lead(rate_majority=1.0, rate_minority=0.25, chemical_potential=b)
            kept = ("spin", "levels", "exchange", "anisotropy", "field", "temperature", "damping")
            q = nm.MultiLevelGrain(**{**{f: getattr(p, f) for f in kept},
                                      "gate": g, "leads": (lead0, p.leads[1])})
            assert grid[gi, bi] == pytest.approx(nm.multilevel_current(params=q)[0], abs=1e-13)


def test_spectroscopy_page_claims():
    d = st.spectroscopy_data()
    assert np.all(d["I_P"] - d["I_AP"] <= 1e-12)  # negative throughout
    band = []
    for gi, g in enumerate(d["gates"]):
        m = (d["biases"] > g + 1.9) & (d["biases"] < g + 2.7)
        band.append(d["dIdV"][gi][m].max() if m.any() else 0.0)
    band = np.array(band)
    low, high = d["gates"] < 1.5, d["gates"] > 2.3
    assert band[low].max() < 0.05 and band[high].min() > 0.15  # the extra line appears above ~2
    # position: the second main line minus J minus kappa/S0 (page claim), for two values of J
    from scipy.signal import find_peaks

    for j in (0.4, 0.8):
        dj = st.spectroscopy_data(exchange=j, n_gate=2, n_bias=601)
        g, row, b = dj["gates"][-1], dj["dIdV"][-1], dj["biases"]
        peaks = b[find_peaks(row, height=0.2)[0]] - g
        second = peaks.max()  # the second minority level entered from the ground state
        extra = peaks[(peaks > second - 1.5) & (peaks < second - 0.2)]
        assert extra.size == 1
        assert extra[0] == pytest.approx(second - j - 1.0 / 3.0, abs=0.02)  # kappa/S0 = 1/3


def test_reduced_sweep_stays_on_its_stable_point_despite_rounding():
    """At h = -4.3 and -4.25 (upper right set) the precession point near u = -1 is stable and, with all
    channels open, the same at every bias above 5.3; a sweep must stay on it. Checked against the
    stability of reduced_fixed_points and, independently of both, by integrating reduced_udot from
    either side of each interior state. (The bracket there is about +9e-16 after rounding: read as a
    direction, it sent the state to the unstable u = +1 and back at every step, the solid block of the
    hysteresis explorer at h = -4.3.)"""
    from scipy.integrate import solve_ivp

    r = st.FIG6_UPPER_RIGHT
    v = np.linspace(5.4, 7.0, 33)
    for f in (-4.3, -4.25, -4.1):
        u = nm.reduced_sweep(bias=v, field=f, params=r, u_start=-1.0).u
        for k, uk in enumerate(u):
            pts, stable = nm.reduced_fixed_points(bias=v[k], field=f, params=r)
            j = int(np.argmin(np.abs(pts - uk)))
            assert abs(pts[j] - uk) < 1e-12 and stable[j], (f, v[k], uk)
        interior = np.unique(np.round(u[np.abs(u) < 1], 12))
        assert interior.size == 1, (f, interior)  # bias-independent: one point, no alternation
        for side in (-1e-2, 1e-2):
            sol = solve_ivp(lambda _, x, f=f: nm.reduced_udot(x, bias=v[-1], field=f, params=r),
                            (0.0, 200.0), [interior[0] + side], rtol=1e-10, atol=1e-12)
            assert sol.y[0, -1] == pytest.approx(interior[0], abs=1e-6)


def test_hysteresis_explorer_prose():
    """book/nanomagnet/hysteresis.md, hysteresis explorer: what the reader sees at the suggested
    fields."""
    r = st.FIG6_UPPER_RIGHT
    v = np.linspace(3.5, 7.0, 161)
    vv = np.concatenate([v, v[::-1]])
    n = v.size
    fields = (-4.5, -4.4, -4.3, -4.25, -4.15, -4.1, -4.05, -4.0, -3.9, -3.7)
    sweep = {(f, s): nm.reduced_sweep(bias=vv, field=f, params=r, u_start=s).u
             for f in fields for s in (1.0, -1.0)}
    for f in (-4.5, -4.4):  # only u = -1 survives
        assert np.all(sweep[f, 1.0][-1] == -1.0) and np.all(sweep[f, -1.0] == -1.0)
    for f in (-4.3, -4.25):  # u = +1 unstable throughout: both preparations on one small loop near -1
        assert np.array_equal(sweep[f, 1.0], sweep[f, -1.0])
        u = sweep[f, -1.0]
        assert u[0] == -1 and -1 < u[n - 1] < -0.8 and u[-1] == -1
    for f in (-4.15, -4.1, -4.05, -4.0):
        assert np.all(sweep[f, 1.0] == 1.0)
        u = sweep[f, -1.0]
        assert u[0] == -1 and -1 < u[n - 1] < 1 and u[-1] == -1  # a loop through the SP state
    for f in (-3.9, -3.7):
        u = sweep[f, -1.0]
        assert u[0] == -1 and u[n - 1] == 1 and u[-1] == 1  # one switch, no loop
    stops = figs.hysteresis_explorer().controls[0].static_values()
    assert all(any(abs(f - x) < 1e-9 for x in stops) for f in fields)
    assert not any(abs(x + 4.2) < 1e-9 for x in stops)
    # the printed stop -4.2 lies on the Eq. (47) line: u = +1 marginal at high bias (g(1) = 0)
    u1 = 1.0 - 1e-9
    g = float(nm.reduced_udot(u1, bias=7.0, field=-4.2, params=r)) / (1 - u1**2)
    assert g == pytest.approx(0.0, abs=1e-7)
    assert float(nm.reduced_udot(u1, bias=7.0, field=-4.15, params=r)) / (1 - u1**2) > 0.04


def test_nmd_explorer_prose_points_are_static_stops():
    """book/nanomagnet/hysteresis.md, NMD explorer: every point the prose names is a static stop and
    has the phase the prose gives it (exact classification); every phase of every rate set is shown at
    two static frames or more, except the small (-1,SP) pocket of the upper right set (one frame)."""
    ex = figs.nmd_explorer()
    bias, field, rate_set = (c.static_values() for c in ex.controls)
    said = {("upper right", 5.0, -4.15): "(-1,SP,+1)", ("upper right", 4.0, -4.15): "(-1,+1)",
            ("upper right", 6.0, -4.15): "(SP,+1)", ("upper right", 10.0, -4.15): "(SP,+1)",
            ("upper right", 6.0, -4.22): "(SP)", ("upper right", 10.0, -4.22): "(SP)",
            ("upper right", 5.1, -4.22): "(-1,SP)", ("upper right", 0.0, -3.05): "(-1)",
            ("upper right", 0.0, 0.0): "(-1,+1)", ("lower left", 4.0, -3.15): "(-1,SP,+1)",
            ("lower left", 4.0, -3.05): "(-1,SP,+1)", ("lower left", 6.0, -3.15): "(SP,+1)"}
    for (name, b, h), phase in said.items():
        assert any(abs(b - x) < 1e-9 for x in bias) and any(abs(h - x) < 1e-9 for x in field)
        code = int(nm.reduced_classify(bias=b, field=h, params=st.FIG6_SETS[name]))
        assert nm.NMD_PHASE_LABELS[code] == phase, (name, b, h)
    assert "upper left" in rate_set and "upper right" in rate_set and "lower left" in rate_set
    B, H = np.meshgrid(np.asarray(bias, float), np.asarray(field, float))
    for name, rates in st.FIG6_SETS.items():
        full = nm.reduced_classify(bias=np.linspace(-10, 12, 221)[:, None], field=np.linspace(-10, 4, 1401),
                                   params=rates)
        codes, counts = np.unique(nm.reduced_classify(bias=B, field=H, params=rates), return_counts=True)
        shown = dict(zip(codes.tolist(), counts.tolist(), strict=True))
        for code in np.unique(full).tolist():
            assert shown.get(code, 0) >= (1 if (name, code) == ("upper right", nm.MINUS + nm.SP) else 2), \
                (name, nm.NMD_PHASE_LABELS[code])
    assert not np.any(nm.reduced_classify(bias=B, field=H, params=st.FIG6_UPPER_LEFT) & nm.SP)


def test_eq17_at_spin_zero_matches_sympy():
    """A spin-0 configuration of the multi-level grain (found by hypothesis): the entering electron
    can only make S = 1/2, with weight 1, as SymPy's Clebsch-Gordan coefficients say."""
    from sympy import Rational
    from sympy.physics.quantum.cg import CG

    for sigma in (1, -1):
        cg = CG(0, 0, Rational(1, 2), Rational(sigma, 2), Rational(1, 2), Rational(sigma, 2)).doit()
        assert float(nm.clebsch_gordan_weight(0.0, 0.0, sigma=sigma, orbital=1)) == float(cg**2) == 1.0
        assert float(nm.clebsch_gordan_weight(0.0, 0.0, sigma=sigma, orbital=-1)) == 0.0
