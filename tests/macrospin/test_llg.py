"""Physics checks of spinlib.macrospin.llg: invariants, limits, reference integrator, thresholds.

Every check compares with something independent of the code under test: finite differences,
SciPy's solve_ivp, exact solutions, the printed Eq. (26) typed in with scipy.constants, or a
threshold found by simulation against the formula.
"""

import numpy as np
import pytest
from scipy import constants as C
from scipy.integrate import solve_ivp

from spinlib.macrospin import llg, si, studies, thresholds

RNG = np.random.default_rng(1)


def random_unit(n, rng=RNG):
    v = rng.normal(size=(n, 3))
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def generic_params(**kw):
    base = dict(field=[0.1, -0.2, 0.3], hk=0.2, easy_axis=[1, 1, 0], demag=0.8, normal=[0, 0.3, 1],
                alpha=0.07, fixed=[0.2, 0.5, 1.0], q=0.9, A=1.2, B=0.5)
    base.update(kw)
    return llg.MacrospinParams(**base)


def tangent_basis(m):
    a = np.where(np.abs(m[:, :1]) < 0.9, [[1.0, 0, 0]], [[0, 1.0, 0]])
    t1 = np.cross(m, a)
    t1 /= np.linalg.norm(t1, axis=-1, keepdims=True)
    return t1, np.cross(m, t1)


def rotate(m, t, angle):
    """m rotated by ``angle`` towards the unit tangent t (stays on the sphere exactly)."""
    return np.cos(angle) * m + np.sin(angle) * t


# ---------------------------------------------------------------- validation (more in test_properties_llg)
@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(alpha=-0.1), "alpha must be >= 0"),
        (dict(q=0.0), "q must be > 0"),
        (dict(A=0.0), "A must be > 0"),
        (dict(B=1.0, A=1.0), "B must satisfy -A < B < A"),
        (dict(hk=-0.1), "hk must be >= 0"),
        (dict(demag=np.nan), "demag must be finite"),
        (dict(field=[0.0, 1.0]), r"field must have shape \(\.\.\., 3\)"),
        (dict(fixed=[0.0, 0.0, 0.0]), "fixed must be a nonzero 3-vector"),
    ],
)
def test_params_reject_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        generic_params(**kwargs)


def test_params_are_keyword_only_and_frozen():
    with pytest.raises(TypeError):
        llg.MacrospinParams([0, 0, 1])  # positional on purpose
    P = generic_params()
    with pytest.raises(AttributeError):
        P.alpha = 0.5


# ---------------------------------------------------------------- the equation of motion
def test_rhs_is_tangent_and_energy_rate():
    P = generic_params()
    m = random_unit(200)
    v = llg.llg_rhs(m, params=P)
    assert np.allclose(np.sum(v * m, axis=-1), 0.0, atol=1e-14)
    # without current dE/dtau = -alpha |m x h|^2 / (1 + alpha^2) <= 0 (finite difference of E along
    # the flow, on the sphere)
    dt = 1e-5
    speed = np.linalg.norm(v, axis=-1, keepdims=True)
    t = v / speed
    e = lambda s: llg.energy(rotate(m, t, s * speed), params=P)  # noqa: E731
    dE = (e(dt) - e(-dt)) / (2 * dt)
    hxm = np.cross(m, llg.effective_field(m, params=P))
    assert np.allclose(dE, -P.alpha * np.sum(hxm**2, -1) / (1 + P.alpha**2), atol=1e-8)


@pytest.mark.parametrize("demag", [0.0, 0.37, 1.0, 2.5])
def test_effective_field_is_minus_gradient_of_energy(demag):
    """The tangential part of h_eff equals minus the derivative of llg.energy along the sphere."""
    P = generic_params(demag=demag)
    m = random_unit(60)
    h = llg.effective_field(m, params=P)
    eps = 1e-5
    for t in tangent_basis(m):
        dE = (llg.energy(rotate(m, t, eps), params=P) - llg.energy(rotate(m, t, -eps), params=P)) / (2 * eps)
        assert np.allclose(dE, -np.sum(h * t, -1), atol=1e-8)


def test_torque_geometry_and_limits():
    P = generic_params()
    m = random_unit(100)
    t = llg.slonczewski_torque(m, params=P, current=0.3)
    assert np.allclose(np.sum(t * m, -1), 0, atol=1e-14)
    # in the plane of m and p, pointing away from p for j > 0 (sign convention of Eq. (25))
    assert np.allclose(np.sum(t * np.cross(m, P.fixed), -1), 0, atol=1e-14)
    assert np.all(np.sum(t * P.fixed, -1) <= 1e-15)
    # magnitude j eta(theta) sin(theta)
    c = m @ P.fixed
    assert np.allclose(np.linalg.norm(t, axis=-1), 0.3 * 0.9 / (1.2 + 0.5 * c) * np.sqrt(1 - c**2))
    assert np.abs(llg.slonczewski_torque(np.stack([P.fixed, -P.fixed]), params=P, current=0.3)).max() < 1e-16


def test_slonczewski_1996_coefficients_reproduce_g():
    theta = np.linspace(0, np.pi, 9)
    for P in (0.2, 0.35, 0.9):
        q, A, B = llg.slonczewski_coefficients(polarization=P)
        g = 1.0 / (-4.0 + (1 + P) ** 3 * (3 + np.cos(theta)) / (4 * P**1.5))  # Slonczewski (1996)
        assert np.allclose(llg.slonczewski_eta(np.cos(theta), q=q, A=A, B=B), g)
        assert 1 / 3 < B / A < 1  # page 1.2 states 1/3 < B/A < 1


def test_pure_precession_is_exact_rotation():
    """No damping, no anisotropy, constant field: m rotates about h at the Larmor rate |h|."""
    h = np.array([0.3, -0.4, 1.2])
    P = llg.MacrospinParams(field=h, alpha=0.0)
    m0 = np.array([0.6, 0.0, 0.8])
    tr = llg.integrate(m0, params=P, t_end=50.0, n_steps=5000, n_out=50)
    w = np.linalg.norm(h)
    n = h / w
    # Rodrigues: dm/dt = -m x h = w n x m -> rotation by +w t about n
    exact = np.array([m0 * np.cos(w * t) + np.cross(n, m0) * np.sin(w * t)
                      + n * (n @ m0) * (1 - np.cos(w * t)) for t in tr.t])
    assert np.abs(tr.m - exact).max() < 2e-8  # RK4 phase error ~ (w dt)^4 w t / 120


def test_norm_is_preserved_after_long_runs():
    P = generic_params()
    limit = llg.max_stable_step(params=P, current=0.2)
    n = int(np.ceil(5000.0 / (0.9 * limit)))
    tr = llg.integrate(random_unit(20), params=P, current=0.2, t_end=5000.0, n_steps=n, n_out=1)
    assert np.all(np.isfinite(tr.m))
    assert np.abs(np.linalg.norm(tr.m, axis=-1) - 1).max() < 5e-16
    tr1 = llg.integrate([0.3, 0.2, 0.9], params=P, current=0.2, t_end=50.0, n_steps=2000)
    assert np.abs(np.linalg.norm(tr1.m, axis=-1) - 1).max() < 5e-16


def test_too_large_step_is_refused_with_a_clear_message():
    P = studies.thin_film_preset(field=0.0, hk=0.05, alpha=0.05)
    limit = llg.max_stable_step(params=P, current=1e4)
    with pytest.raises(ValueError, match=r"n_steps=10 is too few.*RK4 stability limit.*n_steps >= \d+"):
        llg.integrate([1.0, 0.1, 0.0], params=P, current=1e4, t_end=1.0, n_steps=10)
    # just inside the limit the result is finite and on the sphere
    n = int(np.ceil(1.0 / limit))
    tr = llg.integrate([1.0, 0.1, 0.0], params=P, current=1e4, t_end=1.0, n_steps=n)
    assert np.all(np.isfinite(tr.m)) and np.allclose(np.linalg.norm(tr.m, axis=-1), 1.0)


def test_step_limit_is_a_real_stability_bound():
    """RK4 on the linearised relaxation of m = -p (rate j eta(pi)): unstable above the limit."""
    P = studies.isotropic_preset(field=0.0, alpha=0.0, asymmetry=0.0)
    j = 1.0  # m = -p is attracting at rate 1: RK4 is stable iff dt <= 2.785
    assert llg.max_stable_step(params=P, current=j) <= 2.785
    # the refusal is not over-cautious by more than a factor ~3 here
    assert llg.max_stable_step(params=P, current=j) > 2.785 / 3


def test_agrees_with_solve_ivp():
    P = generic_params()
    m0 = np.array([0.3, -0.4, 0.8]) / np.linalg.norm([0.3, -0.4, 0.8])
    tr = llg.integrate(m0, params=P, current=0.15, t_end=20.0, n_steps=4000, n_out=40)
    sol = solve_ivp(lambda t, y: llg.llg_rhs(y, params=P, current=0.15), (0, 20.0), m0, method="DOP853",
                    rtol=1e-10, atol=1e-12, t_eval=tr.t)
    assert np.abs(sol.y.T - tr.m).max() < 1e-8


def test_fourth_order_convergence_and_batch_equals_single():
    P = generic_params()
    m0 = np.array([0.6, 0.0, 0.8])
    ref = llg.integrate(m0, params=P, current=0.1, t_end=10.0, n_steps=4000, n_out=1).m[-1]
    errs = [np.abs(llg.integrate(m0, params=P, current=0.1, t_end=10.0, n_steps=n, n_out=1).m[-1] - ref).max()
            for n in (100, 200)]
    assert 12 < errs[0] / errs[1] < 20  # 2^4 = 16
    batch = llg.integrate(np.stack([m0, -m0]), params=P, current=np.array([0.1, 0.1]), t_end=10.0,
                          n_steps=200, n_out=1)
    single = llg.integrate(m0, params=P, current=0.1, t_end=10.0, n_steps=200, n_out=1)
    assert batch.m.shape == (2, 2, 3) and single.m.shape == (2, 3) and batch.t.shape == (2,)
    assert np.allclose(batch.m[0], single.m, atol=1e-14)


def test_energy_decreases_monotonically_without_current():
    P = studies.thin_film_preset(field=0.02, hk=0.05, alpha=0.05)
    tr = llg.integrate(random_unit(30), params=P, current=0.0, t_end=100.0, n_steps=2000, n_out=400)
    E = llg.energy(tr.m, params=P)
    assert E.shape == (30, 401)
    assert np.all(np.diff(E, axis=-1) <= 1e-13)
    tr2 = llg.integrate(random_unit(30), params=P, current=0.2, t_end=20.0, n_steps=400)
    assert np.any(np.diff(llg.energy(tr2.m, params=P), axis=-1) > 1e-6)


# ---------------------------------------------------------------- Fig. 8 trajectory types
def fig8_end_states():
    m0 = np.array([np.sin(0.2), 0.0, np.cos(0.2)])
    out = {}
    P0 = studies.isotropic_preset(field=1.0, alpha=0.1, asymmetry=0.0)
    for key, j in (("b", 0.05), ("d", 0.2)):
        tr = llg.integrate(m0, params=P0, current=j, t_end=200.0, n_steps=2000)
        out[key] = thresholds.classify_end_state(tr, axis=[0, 0, 1])
    Pc = studies.isotropic_preset(field=1.0, alpha=0.1, asymmetry=-0.5)
    trc = llg.integrate(m0, params=Pc, current=0.2, t_end=200.0, n_steps=2000)
    out["c"] = thresholds.classify_end_state(trc, axis=[0, 0, 1])
    cone = thresholds.isotropic_cone_cos(current=0.2, field=1.0, alpha=0.1, q=Pc.q, A=Pc.A, B=Pc.B)
    Pf = studies.thin_film_preset(field=0.03, hk=0.05, alpha=0.1)
    jc = thresholds.critical_current(field=0.03, hk=0.05, alpha=0.1, q=Pf.q, A=Pf.A, B=Pf.B)
    mf = np.array([np.cos(0.1), 0.07, 0.07])
    trf = llg.integrate(mf, params=Pf, current=jc * np.array([1.2, 1.4]), t_end=800.0, n_steps=6400,
                        n_out=800)
    out["g"], out["h"] = thresholds.classify_end_state(trf, axis=[1, 0, 0])
    return out, trc, cone


def test_fig8_trajectory_types():
    out, trc, cone = fig8_end_states()
    assert out == {"b": "relaxed", "c": "precessing", "d": "reversed", "g": "precessing", "h": "reversed"}
    # (c) precesses at the cone angle where torque balances damping
    assert np.allclose(trc.m[-200:, 2], cone, atol=3e-4)


def test_isotropic_constant_eta_has_no_stable_cone():
    P = studies.isotropic_preset(field=1.0, alpha=0.1, asymmetry=0.0)
    m0 = np.array([np.sin(0.3), 0.0, np.cos(0.3)])
    js = np.array([0.08, 0.095, 0.12, 0.15])
    st_ = thresholds.classify_end_state(llg.integrate(m0, params=P, current=js, t_end=600.0, n_steps=6000,
                                               n_out=600), axis=[0, 0, 1])
    assert list(st_) == ["relaxed", "relaxed", "reversed", "reversed"]


# ---------------------------------------------------------------- critical current
def test_simulated_threshold_matches_eq26_to_1e5_with_general_demag():
    """The threshold found by simulation (growth rate of a small tilt) against the formula, for
    thin films and for a general demagnetizing coefficient N (Eq. (26) is N = 1)."""
    hs = np.array([0.0, 0.1, 0.3])
    P = studies.thin_film_preset(field=hs, hk=0.05, alpha=0.02, asymmetry=0.3)
    jc = thresholds.critical_current(field=hs, hk=0.05, alpha=0.02, q=P.q, A=P.A, B=P.B)
    sim = thresholds.simulated_critical_current(params=P, bracket=(0.5 * jc, 1.5 * jc))
    assert np.all(np.abs(sim / jc - 1) <= 1e-5)
    for N in (0.37, 1.8):
        PN = P.replace(demag=N)
        jN = thresholds.critical_current(field=hs, hk=0.05, demag=N, alpha=0.02, q=P.q, A=P.A, B=P.B)
        simN = thresholds.simulated_critical_current(params=PN, bracket=(0.5 * jN, 1.5 * jN))
        assert np.all(np.abs(simN / jN - 1) <= 1e-5), (N, simN / jN - 1)


def test_simulation_lands_on_gilbert_not_landau_lifshitz_threshold():
    alpha = 0.1
    hs = np.array([0.0, 0.2])
    P = studies.thin_film_preset(field=hs, hk=0.05, alpha=alpha, asymmetry=0.0)
    kw = dict(field=hs, hk=0.05, alpha=alpha, q=P.q, A=P.A, B=P.B)
    jg, jll = thresholds.critical_current(**kw), thresholds.critical_current_ll_insertion(**kw)
    assert np.allclose(jll / jg - 1, -alpha**2 / (1 + alpha**2))  # ~1 %
    sim = thresholds.simulated_critical_current(params=P, bracket=(0.5 * jg, 1.5 * jg))
    assert np.all(np.abs(sim / jg - 1) < 1e-5)
    assert np.all(np.abs(sim / jll - 1) > 0.5 * alpha**2)


def test_isotropic_threshold_is_alpha_h_over_eta0():
    P = studies.isotropic_preset(field=np.array([0.5, 1.5]), alpha=0.05, asymmetry=0.4)
    jc = thresholds.critical_current(field=np.array([0.5, 1.5]), demag=0.0, alpha=0.05, q=P.q, A=P.A, B=P.B)
    assert np.allclose(jc, 0.05 * np.array([0.5, 1.5]))  # eta(0) = 1 in the preset
    sim = thresholds.simulated_critical_current(params=P, bracket=(0.55 * jc, 1.5 * jc))
    assert np.all(np.abs(sim / jc - 1) < 1e-5)


def test_simulated_threshold_checks_its_bracket():
    P = studies.thin_film_preset(field=0.0, hk=0.05, alpha=0.02)
    jc = float(thresholds.critical_current(field=0.0, hk=0.05, alpha=0.02, q=P.q, A=P.A, B=P.B))
    with pytest.raises(ValueError, match="bracket must enclose the threshold"):
        thresholds.simulated_critical_current(params=P, bracket=(2 * jc, 3 * jc))
    with pytest.raises(ValueError, match="bracket must satisfy lo < hi"):
        thresholds.simulated_critical_current(params=P, bracket=(2 * jc, jc))


def test_growth_rate_simulated_equals_linear_theory_general_demag():
    """Re(lambda) from the formula vs the fitted growth of a simulated tilt, N = 0.6."""
    P = llg.MacrospinParams(field=[0.05, 0, 0], hk=0.1, easy_axis=[1, 0, 0], demag=0.6, normal=[0, 0, 1],
                            alpha=0.05, fixed=[1, 0, 0], q=0.8, A=1.0, B=0.25)
    js = np.array([0.0, 0.03, 0.08, 0.12])
    sim = thresholds.growth_rate(params=P, current=js)
    lin = thresholds.linear_growth_rate(current=js, field=0.05, hk=0.1, demag=0.6, alpha=0.05, q=0.8, A=1.0,
                                        B=0.25)
    assert np.allclose(sim, lin, rtol=1e-5, atol=1e-8)


def test_si_critical_current_is_printed_eq26():
    """Eq. (26) of Ralph & Stiles (2008) typed with scipy.constants, against critical_current_si."""
    pre = studies.NANOPILLAR
    q, A, B = pre.coefficients()
    eta0 = q / (A + B)
    for H in (0.0, 2e4, 5e4):
        printed = (2 * C.e / C.hbar * pre.alpha / eta0 * pre.volume * C.mu_0 * pre.ms
                   * (H + pre.hk + pre.ms / 2))
        assert np.isclose(pre.critical_current(H), printed, rtol=1e-12)
    assert 1e-3 < pre.critical_current(0.0) < 2e-2  # milliamperes, as in Co/Cu/Co pillars


def test_units_against_angular_momentum_transfer_and_larmor():
    """j and tau: a current I delivers hbar/2 per electron, i.e. gamma hbar I/(2e) of moment per second;
    in units of M_s V that is j / time_unit. And 1/time_unit is the Larmor rate in mu0 M_s."""
    ms, vol, current = 1.1e6, 2e-23, 3e-3
    gamma = abs(C.physical_constants["electron gyromag. ratio"][0])
    j = current / si.current_unit(ms=ms, volume=vol)
    rate_si = gamma * (C.hbar / 2) * (current / C.e) / (ms * vol)  # 1/s, d|m|/dt scale
    assert np.isclose(j / si.time_unit(ms=ms), rate_si, rtol=1e-12)
    assert np.isclose(1 / si.time_unit(ms=ms), gamma * C.mu_0 * ms, rtol=1e-12)
    g = gamma * C.hbar / C.physical_constants["Bohr magneton"][0]
    assert abs(g - 2.00232) < 1e-5  # the page states which g the time unit uses


# ---------------------------------------------------------------- switching time
def synthetic_trajectory(t, proj):
    """A trajectory in the x-z plane whose projection on x is ``proj``."""
    proj = np.asarray(proj, dtype=float)
    return llg.Trajectory(t=np.asarray(t, dtype=float),
                          m=np.stack([proj, np.zeros_like(proj), np.sqrt(1 - proj**2)], axis=-1))


def test_switching_time_interpolates_between_the_right_samples():
    t = np.arange(0.0, 2.01, 0.3)  # samples at 0, 0.3, ..., 1.8
    # m_x = 1 - t (linear): crosses zero at t = 1 exactly, between the samples 0.9 and 1.2
    tr = synthetic_trajectory(t, np.clip(1 - t, -1, 1))
    assert np.isclose(thresholds.switching_time(tr, axis=[1, 0, 0]), 1.0, rtol=1e-12)
    # a nonlinear crossing: m_x = cos(t), exact crossing pi/2; linear interpolation error O(dt^2)
    t = np.linspace(0, 3, 31)
    tr = synthetic_trajectory(t, np.cos(t))
    assert abs(thresholds.switching_time(tr, axis=[1, 0, 0]) - np.pi / 2) < 1e-3
    # never negative: inf; starts negative: t[0]
    assert thresholds.switching_time(synthetic_trajectory(t, 0.5 + 0 * t), axis=[1, 0, 0]) == np.inf
    assert thresholds.switching_time(synthetic_trajectory(t, -0.5 + 0 * t), axis=[1, 0, 0]) == 0.0


def test_switching_time_converges_with_output_resolution():
    P = studies.thin_film_preset(field=0.0, hk=0.05, alpha=0.1)
    jc = thresholds.critical_current(field=0.0, hk=0.05, alpha=0.1, q=P.q, A=P.A, B=P.B)
    m0 = np.array([np.cos(0.05), 0.035, 0.035])
    fine = thresholds.switching_time(llg.integrate(m0, params=P, current=3 * jc, t_end=300.0, n_steps=6000),
                              axis=[1, 0, 0])
    coarse = thresholds.switching_time(llg.integrate(m0, params=P, current=3 * jc, t_end=300.0, n_steps=6000,
                                              n_out=300), axis=[1, 0, 0])
    assert abs(coarse - fine) < 0.02  # saved every 1.0 time unit; interpolation error ~1e-2


def test_switching_time_diverges_at_threshold_like_linear_theory():
    P = studies.thin_film_preset(field=0.0, hk=0.05, alpha=0.1)
    kw = dict(field=0.0, hk=0.05, alpha=0.1, q=P.q, A=P.A, B=P.B)
    jc = thresholds.critical_current(**kw)
    ratios = np.array([1.5, 2.0, 3.0, 5.0])
    m0 = np.array([np.cos(0.05), 0.035, 0.035])
    tr = llg.integrate(m0, params=P, current=ratios * jc, t_end=600.0, n_steps=6000)
    ts = thresholds.switching_time(tr, axis=[1, 0, 0])
    assert np.all(np.isfinite(ts)) and np.all(np.diff(ts) < 0)
    est = thresholds.linear_switching_time(current=ratios * jc, tilt=0.05, **kw)
    assert np.all((0.5 < ts / est) & (ts / est < 2.0))
    assert thresholds.switching_time(llg.integrate(m0, params=P, current=0.5 * jc, t_end=50.0, n_steps=500),
                              axis=[1, 0, 0]) == np.inf
    assert thresholds.linear_switching_time(current=0.5 * jc, tilt=0.05, **kw) == np.inf


# -------------------------------------------------------------- page 1.2 (book/torque/llg.md): stated numbers
def _solution_code(label):
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "book" / "torque" / "llg.md").read_text()
    block = text[text.index(f"{{solution}} {label}"):]
    return re.search(r"```python\n(.*?)```", block, re.S).group(1)


def test_page_1_2_switching_exercise(capsys):
    """The solution code of exercise ex-llg-switching runs and prints the numbers its text states:
    first reversal at 1.2 I_c (h = 0), 1.35 I_c (h = 0.03), none up to 2 I_c at h = 0.1, and
    4.25 I_c at h = 0.1 on the 0.25 I_c grid."""
    exec(_solution_code("ex-llg-switching"), {})  # noqa: S102 - the page's own code
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("h = 0.0: first reversal at I/I_c = 1.2;")
    assert out[1].startswith("h = 0.03: first reversal at I/I_c = 1.35;")
    assert out[2].startswith("h = 0.1: first reversal at I/I_c = None; end states: ['precessing']")
    assert out[3] == "h = 0.1, larger currents: first reversal at I/I_c = 4.25"


def test_page_1_2_cone_exercise_window():
    """Exercise ex-llg-cone: A = 1, B = -0.5, q = 0.5, alpha = 0.1, h = 1 -> cone for 0.1 < j < 0.3."""
    kw = dict(field=1.0, alpha=0.1, q=0.5, A=1.0, B=-0.5)
    assert np.isclose(thresholds.isotropic_cone_cos(current=0.1 + 1e-12, **kw), 1.0)
    assert np.isclose(thresholds.isotropic_cone_cos(current=0.3 - 1e-12, **kw), -1.0)
    for j in (0.1 - 1e-9, 0.3 + 1e-9):
        with pytest.raises(ValueError, match="current must lie in"):
            thresholds.isotropic_cone_cos(current=j, **kw)
