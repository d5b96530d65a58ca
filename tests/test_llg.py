"""Physics checks of spinlib.llg: invariants, limits, reference integrator, thresholds."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from spinlib import llg

RNG = np.random.default_rng(1)


def random_unit(n, rng=RNG):
    v = rng.normal(size=(n, 3))
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def generic_params(**kw):
    base = dict(field=[0.1, -0.2, 0.3], hk=0.2, easy_axis=[1, 1, 0], demag=0.8, normal=[0, 0.3, 1],
                alpha=0.07, fixed=[0.2, 0.5, 1.0], q=0.9, A=1.2, B=0.5)
    base.update(kw)
    return llg.MacrospinParams(**base)


# ---------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(alpha=-0.1), "alpha must be >= 0"),
        (dict(q=0.0), "q must be > 0"),
        (dict(q=-1.0), "q must be > 0"),
        (dict(A=0.0), "A must be > 0"),
        (dict(B=1.0, A=1.0), r"B/A must lie in \(-1, 1\)"),
        (dict(B=-2.0, A=1.0), r"B/A must lie in \(-1, 1\)"),
        (dict(hk=-0.1), "hk must be >= 0"),
        (dict(demag=np.nan), "demag must be finite"),
        (dict(field=[0.0, 1.0]), r"field must have shape \(\.\.\., 3\)"),
        (dict(field=[np.inf, 0, 0]), "field must be finite"),
        (dict(fixed=[0.0, 0.0, 0.0]), "fixed must be a nonzero 3-vector"),
        (dict(easy_axis=[0.0, 0.0, 0.0]), "easy_axis must be a nonzero"),
    ],
)
def test_params_reject_bad_input(kwargs, match):
    with pytest.raises(ValueError, match=match):
        generic_params(**kwargs)


def test_functions_reject_bad_input():
    P = generic_params()
    with pytest.raises(ValueError, match="m must be a nonzero 3-vector"):
        llg.llg_rhs([0.0, 0.0, 0.0], params=P)
    with pytest.raises(ValueError, match=r"m must have shape \(\.\.\., 3\)"):
        llg.energy([1.0, 0.0], params=P)
    with pytest.raises(ValueError, match="current must be finite"):
        llg.llg_rhs([1.0, 0, 0], params=P, current=np.nan)
    with pytest.raises(ValueError, match="cos_theta must lie in"):
        llg.slonczewski_eta(1.5, q=1, A=1, B=0)
    with pytest.raises(ValueError, match=r"B/A must lie in \(-1, 1\)"):
        llg.slonczewski_eta(0.0, q=1, A=1, B=1)
    with pytest.raises(ValueError, match="ms must be > 0"):
        llg.current_unit(ms=0.0, volume=1e-23)
    with pytest.raises(ValueError, match="ms must be > 0"):
        llg.critical_current_si(field=0, hk=1e4, ms=-1.0, volume=1e-23, alpha=0.01, q=1, A=1, B=0)
    with pytest.raises(ValueError, match="field must be > -hk"):
        llg.critical_current(field=-0.2, hk=0.1, alpha=0.01, q=1, A=1, B=0)
    with pytest.raises(ValueError, match="alpha must be >= 0"):
        llg.critical_current(field=0.2, hk=0.1, alpha=-0.01, q=1, A=1, B=0)
    with pytest.raises(ValueError, match="polarization must lie in"):
        llg.slonczewski_coefficients(polarization=1.0)
    with pytest.raises(ValueError, match="n_steps must be an integer"):
        llg.integrate([1.0, 0, 0], params=P, t_end=1.0, n_steps=0)
    with pytest.raises(ValueError, match="n_out must be an integer"):
        llg.integrate([1.0, 0, 0], params=P, t_end=1.0, n_steps=10, n_out=3)
    with pytest.raises(ValueError, match="t_end must be > 0"):
        llg.integrate([1.0, 0, 0], params=P, t_end=-1.0, n_steps=10)
    with pytest.raises(ValueError, match="asymmetry must lie in"):
        llg.isotropic_preset(asymmetry=1.0)
    with pytest.raises(ValueError, match="current must lie in"):
        llg.isotropic_cone_cos(current=0.01, field=1.0, alpha=0.1, q=0.5, A=1, B=-0.5)


# ---------------------------------------------------------------- the equation of motion
def test_rhs_is_tangent_and_energy_rate():
    P = generic_params()
    m = random_unit(200)
    v = llg.llg_rhs(m, params=P)
    assert np.allclose(np.sum(v * m, axis=-1), 0.0, atol=1e-14)
    # without current dE/dtau = -alpha |m x h|^2 / (1 + alpha^2) <= 0 (finite difference of E)
    dt = 1e-6
    dE = (llg.energy(m + dt * v, params=P) - llg.energy(m - dt * v, params=P)) / (2 * dt)
    hxm = np.cross(m, llg.effective_field(m, params=P))
    assert np.allclose(dE, -P.alpha * np.sum(hxm**2, -1) / (1 + P.alpha**2), atol=1e-8)


def test_effective_field_is_minus_gradient_of_energy():
    P = generic_params()
    m = random_unit(50)
    eps = 1e-6
    grad = np.empty_like(m)
    for k in range(3):
        d = np.zeros(3)
        d[k] = eps
        # energy is a polynomial in the components: differentiate it off the sphere
        e_plus = (-np.sum(P.field * (m + d), -1) - 0.5 * P.hk * ((m + d) @ P.easy_axis) ** 2
                  + 0.5 * P.demag * ((m + d) @ P.normal) ** 2)
        e_minus = (-np.sum(P.field * (m - d), -1) - 0.5 * P.hk * ((m - d) @ P.easy_axis) ** 2
                   + 0.5 * P.demag * ((m - d) @ P.normal) ** 2)
        grad[:, k] = (e_plus - e_minus) / (2 * eps)
    assert np.allclose(llg.effective_field(m, params=P), -grad, atol=1e-8)
    assert np.allclose(llg.energy(m, params=P), e_plus - (e_plus - e_minus) / 2, atol=1e-10)


def test_torque_geometry_and_limits():
    P = generic_params()
    m = random_unit(100)
    t = llg.slonczewski_torque(m, params=P, current=0.3)
    assert np.allclose(np.sum(t * m, -1), 0, atol=1e-14)
    # in the plane of m and p, pointing away from p for j > 0 (sign convention of Eq. (25))
    assert np.allclose(np.sum(t * np.cross(m, P.fixed), -1), 0, atol=1e-14)
    assert np.all(np.sum(t * P.fixed, -1) <= 1e-15)
    # zero at parallel and antiparallel alignment, exactly
    assert np.all(llg.slonczewski_torque(np.stack([P.fixed, -P.fixed]), params=P, current=0.3) == 0)
    c = np.linspace(-1, 1, 11)
    assert np.allclose(llg.slonczewski_eta(c, q=2.0, A=1.0, B=0.0), 2.0)


def test_slonczewski_1996_coefficients_reproduce_g():
    theta = np.linspace(0, np.pi, 9)
    for P in (0.2, 0.35, 0.9):
        q, A, B = llg.slonczewski_coefficients(polarization=P)
        g = 1.0 / (-4.0 + (1 + P) ** 3 * (3 + np.cos(theta)) / (4 * P**1.5))  # Slonczewski (1996)
        assert np.allclose(llg.slonczewski_eta(np.cos(theta), q=q, A=A, B=B), g)
        assert 0 < B / A < 1


def test_norm_is_preserved_to_rounding():
    P = generic_params()
    tr = llg.integrate(random_unit(20), params=P, current=0.2, t_end=50.0, n_steps=2000, n_out=100)
    assert np.abs(np.linalg.norm(tr.m, axis=-1) - 1).max() < 5e-16
    tr1 = llg.integrate([0.3, 0.2, 0.9], params=P, current=0.2, t_end=50.0, n_steps=2000)
    assert np.abs(np.linalg.norm(tr1.m, axis=-1) - 1).max() < 5e-16


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
                          n_steps=200, n_out=1).m
    single = llg.integrate(m0, params=P, current=0.1, t_end=10.0, n_steps=200, n_out=1).m
    assert np.allclose(batch[0], single, atol=1e-14)


def test_energy_decreases_monotonically_without_current():
    P = llg.thin_film_preset(field=0.02, hk=0.05, alpha=0.05)
    tr = llg.integrate(random_unit(30), params=P, current=0.0, t_end=100.0, n_steps=2000, n_out=400)
    E = llg.energy(tr.m, params=llg._expand(P))
    assert np.all(np.diff(E, axis=-1) <= 1e-13)
    # and with current the energy can rise (spin torque pumps energy in)
    tr2 = llg.integrate(random_unit(30), params=P, current=0.2, t_end=20.0, n_steps=400)
    assert np.any(np.diff(llg.energy(tr2.m, params=llg._expand(P)), axis=-1) > 1e-6)


# ---------------------------------------------------------------- Fig. 8 trajectory types
def fig8_end_states():
    m0 = np.array([np.sin(0.2), 0.0, np.cos(0.2)])
    out = {}
    P0 = llg.isotropic_preset(field=1.0, alpha=0.1, asymmetry=0.0)
    for key, j in (("b", 0.05), ("d", 0.2)):
        out[key] = llg.classify_end_state(llg.integrate(m0, params=P0, current=j, t_end=200.0, n_steps=2000),
                                          axis=[0, 0, 1])
    Pc = llg.isotropic_preset(field=1.0, alpha=0.1, asymmetry=-0.5)
    trc = llg.integrate(m0, params=Pc, current=0.2, t_end=200.0, n_steps=2000)
    out["c"] = llg.classify_end_state(trc, axis=[0, 0, 1])
    cone = llg.isotropic_cone_cos(current=0.2, field=1.0, alpha=0.1, q=Pc.q, A=Pc.A, B=Pc.B)
    Pf = llg.thin_film_preset(field=0.03, hk=0.05, alpha=0.1)
    jc = llg.critical_current(field=0.03, hk=0.05, alpha=0.1, q=Pf.q, A=Pf.A, B=Pf.B)
    mf = np.array([np.cos(0.1), 0.07, 0.07])
    trf = llg.integrate(mf, params=Pf, current=jc * np.array([1.2, 1.4]), t_end=800.0, n_steps=6400,
                        n_out=800)
    out["g"], out["h"] = llg.classify_end_state(trf, axis=[1, 0, 0])
    return out, trc, cone


def test_fig8_trajectory_types():
    out, trc, cone = fig8_end_states()
    assert out == {"b": "relaxed", "c": "precessing", "d": "reversed", "g": "precessing", "h": "reversed"}
    # (c) precesses at the cone angle where torque balances damping
    assert np.allclose(trc.m[-200:, 2], cone, atol=3e-4)


def test_isotropic_constant_eta_has_no_stable_cone():
    # B = 0: above j_c = alpha h the state reverses, below it relaxes; never a steady cone
    P = llg.isotropic_preset(field=1.0, alpha=0.1, asymmetry=0.0)
    m0 = np.array([np.sin(0.3), 0.0, np.cos(0.3)])
    js = np.array([0.08, 0.095, 0.12, 0.15])
    st_ = llg.classify_end_state(llg.integrate(m0, params=P, current=js, t_end=600.0, n_steps=6000,
                                               n_out=600), axis=[0, 0, 1])
    assert list(st_) == ["relaxed", "relaxed", "reversed", "reversed"]


# ---------------------------------------------------------------- critical current
def test_simulated_threshold_matches_eq26():
    hs = np.array([0.0, 0.1])
    P = llg.thin_film_preset(field=hs, hk=0.05, alpha=0.02, asymmetry=0.3)
    jc = llg.critical_current(field=hs, hk=0.05, alpha=0.02, q=P.q, A=P.A, B=P.B)
    sim = llg.simulated_critical_current(params=P, bracket=(0.55 * jc, 1.5 * jc), t_end=200.0, dt=0.2,
                                         n_grid=12, n_iter=3)
    assert np.allclose(sim, jc, rtol=2e-3)


def test_isotropic_threshold_is_alpha_h_over_eta0():
    P = llg.isotropic_preset(field=np.array([0.5, 1.5]), alpha=0.05, asymmetry=0.4)
    jc = llg.critical_current(field=np.array([0.5, 1.5]), demag=0.0, alpha=0.05, q=P.q, A=P.A, B=P.B)
    assert np.allclose(jc, 0.05 * np.array([0.5, 1.5]))  # eta(0) = 1 in the preset
    sim = llg.simulated_critical_current(params=P, bracket=(0.55 * jc, 1.5 * jc), t_end=100.0, dt=0.1,
                                         n_grid=12, n_iter=3)
    assert np.allclose(sim, jc, rtol=2e-3)


def test_si_conversion_consistent_with_dimensionless():
    pre = llg.NANOPILLAR
    q, A, B = pre.coefficients()
    H = np.array([0.0, 2e4, 5e4])
    ic_si = pre.critical_current(H)
    j = llg.critical_current(field=H / pre.ms, hk=pre.hk / pre.ms, alpha=pre.alpha, q=q, A=A, B=B)
    assert np.allclose(ic_si, j * llg.current_unit(ms=pre.ms, volume=pre.volume), rtol=1e-12)
    assert np.all((1e-3 < ic_si) & (ic_si < 2e-2))  # milliamperes, as in Co/Cu/Co pillars
    assert 1e-12 < llg.time_unit(ms=pre.ms) < 1e-11  # ~ 3 ps
    assert np.allclose(llg.critical_current_ll_insertion(field=0.1, hk=0.05, alpha=0.5, q=1, A=1, B=0),
                       llg.critical_current(field=0.1, hk=0.05, alpha=0.5, q=1, A=1, B=0) / 1.25)


def test_switching_time_diverges_at_threshold():
    P = llg.thin_film_preset(field=0.0, hk=0.05, alpha=0.1)
    jc = llg.critical_current(field=0.0, hk=0.05, alpha=0.1, q=P.q, A=P.A, B=P.B)
    ratios = np.array([1.5, 2.0, 3.0, 5.0])
    m0 = np.array([np.cos(0.05), 0.035, 0.035])
    ts = llg.switching_time(llg.integrate(m0, params=P, current=ratios * jc, t_end=600.0, n_steps=6000),
                            axis=[1, 0, 0])
    assert np.all(np.isfinite(ts)) and np.all(np.diff(ts) < 0)
    # linear growth rate (a - a_c)/(1 + alpha^2) sets the scale: t_sw (I/I_c - 1) roughly constant
    scaled = ts * (ratios - 1)
    assert scaled.max() / scaled.min() < 2.0
    assert llg.switching_time(llg.integrate(m0, params=P, current=0.5 * jc, t_end=50.0, n_steps=500),
                              axis=[1, 0, 0]) == np.inf


# ---------------------------------------------------------------- properties
unit3 = st.tuples(*[st.floats(-1, 1)] * 3).filter(lambda v: np.linalg.norm(v) > 1e-3)


@settings(max_examples=40, deadline=None)
@given(m=unit3, h=st.tuples(*[st.floats(-2, 2)] * 3), alpha=st.floats(0, 1), j=st.floats(-2, 2),
       b=st.floats(-0.95, 0.95))
def test_property_rhs_tangent_and_finite(m, h, alpha, j, b):
    P = llg.MacrospinParams(field=h, hk=0.3, demag=1.0, alpha=alpha, fixed=[1, 0, 0], q=1.0, A=1.0, B=b)
    v = llg.llg_rhs(m, params=P, current=j)
    mm = np.asarray(m) / np.linalg.norm(m)
    assert np.all(np.isfinite(v))
    assert abs(v @ mm) < 1e-12
    # |dm/dt| is bounded by |h_eff| + |torque| (the Gilbert factor 1/(1+alpha^2) only shrinks it)
    bound = np.linalg.norm(llg.effective_field(mm, params=P)) + abs(j) / (1 - abs(b))
    assert np.linalg.norm(v) <= bound * (1 + 1e-12) + 1e-12


@settings(max_examples=30, deadline=None)
@given(h=st.floats(-0.04, 1.0), hk=st.floats(0.05, 0.5), alpha=st.floats(0, 0.5), b=st.floats(-0.9, 0.9))
def test_property_critical_current_linear_in_alpha_and_field(h, hk, alpha, b):
    q = 1.0 + b
    jc = llg.critical_current(field=h, hk=hk, alpha=alpha, q=q, A=1.0, B=b)
    assert jc >= 0 and np.isfinite(jc)
    assert np.isclose(llg.critical_current(field=h, hk=hk, alpha=2 * alpha, q=q, A=1.0, B=b), 2 * jc)
    assert np.isclose(llg.critical_current(field=h + 0.1, hk=hk, alpha=alpha, q=q, A=1.0, B=b) - jc,
                      0.1 * alpha, atol=1e-12)
