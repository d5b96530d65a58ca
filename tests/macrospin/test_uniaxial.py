"""Physics checks of spinlib.macrospin.uniaxial (Parcollet & Waintal 2006, Sec. V.1) and its figures."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import solve_ivp

from spinlib.macrospin import figures_uniaxial as F
from spinlib.macrospin import studies
from spinlib.macrospin import uniaxial as U
from spinlib.macrospin import uniaxial_dynamics as UD

SET = settings(max_examples=40, deadline=None)
fields = st.floats(-8, 8, allow_nan=False)
currents = st.floats(-8, 10, allow_nan=False)
qs = st.floats(0, 0.95, allow_nan=False)
us = st.floats(-1, 1, allow_nan=False)


def uni(q):
    """The uniaxial model constants at torque asymmetry ``q`` (the phase diagram ignores alpha)."""
    return U.UniaxialMacrospin(asymmetry=q)



# -- validation --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: U.udot(1.5, field=0, current=0, params=uni(0.5)), r"u must lie in \[-1, 1\]"),
        (lambda: U.udot(0.0, field=np.nan, current=0, params=uni(0.5)), "field must be finite"),
        (lambda: U.udot(0.0, field=0, current=np.inf, params=uni(0.5)), "current must be finite"),
        (lambda: U.udot(0.0, field=0, current=0, params=uni(1.0)), r"asymmetry must lie in \[0, 1\)"),
        (lambda: U.udot(0.0, field=0, current=0, params=uni(-0.1)), r"asymmetry must lie in \[0, 1\)"),
        (lambda: U.classify(field=0, current=0, params=uni(1.2)), "asymmetry"),
        (lambda: U.UniaxialMacrospin(asymmetry=1.0, alpha=0.1), "asymmetry"),
        (lambda: U.UniaxialMacrospin(asymmetry=0.5, alpha=-0.1), "alpha must be > 0"),
        (lambda: UD.integrate_llg([0, 0, 0], field=0, current=0, params=studies.FIG5_ILLUSTRATION, t_end=1,
                                 n_steps=10),
         "m0 must be a nonzero"),
        (lambda: UD.integrate_llg([0, 0, 1], field=0, current=0, params=None, t_end=1, n_steps=10),
         "params must be a UniaxialMacrospin"),
        (lambda: UD.integrate_llg([0, 0, 1], field=0, current=50, params=studies.FIG5_ILLUSTRATION, t_end=100,
                                 n_steps=10), "n_steps=10 is too few"),
        (lambda: U.special_points(params=uni(0.0)), r"asymmetry must lie in \(0, 1\)"),
        (lambda: UD.hysteresis_loop(params=uni(0.5), field=0, currents=np.zeros((2, 2))), "currents must be"),
        (lambda: UD.attractor(-1.01, field=0, current=0, params=uni(0.5)), "u0 must lie"),
        (lambda: UD.hysteresis_loop(params=uni(0.5), field=0, currents=[0.0], u_start=2.0), "u_start must"),
    ],
)
def test_bad_input_raises(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# -- the u equation ------------------------------------------------------------------------
@SET
@given(fields, currents, qs)
def test_poles_are_fixed_points_and_margins_are_slopes(h, i, q):
    kw = dict(field=h, current=i, params=uni(q))
    assert U.udot(1.0, **kw) == 0.0 and U.udot(-1.0, **kw) == 0.0
    mp, mm = U.stability_margins(**kw)
    assert np.isclose(U.udot_slope(1.0, **kw), -2 * mp, rtol=1e-12, atol=1e-12)
    assert np.isclose(U.udot_slope(-1.0, **kw), -2 * mm, rtol=1e-12, atol=1e-12)


@SET
@given(us, fields, currents, qs)
def test_slope_is_derivative_finite_difference(u, h, i, q):
    u = float(np.clip(u, -1 + 1e-4, 1 - 1e-4))
    kw = dict(field=h, current=i, params=uni(q))
    d = 1e-5
    fd = (U.udot(u + d, **kw) - U.udot(u - d, **kw)) / (2 * d)
    assert np.isclose(U.udot_slope(u, **kw), fd, rtol=1e-6, atol=1e-6)


@SET
@given(fields, currents, qs)
def test_interior_roots_are_zeros_and_alternate_in_stability(h, i, q):
    kw = dict(field=h, current=i, params=uni(q))
    roots = U.interior_fixed_points(**kw)
    for k in range(2):
        if not np.ma.getmaskarray(roots)[k]:
            r = float(roots.data[k])
            assert abs(U.udot(r, **kw)) < 1e-10
    fp, stable = U.fixed_points(**kw)
    slope = U.udot_slope(fp, **kw)
    strict = np.abs(slope) > 1e-9
    # stable and unstable fixed points alternate along [-1, 1] (1D flow)
    s = stable[strict]
    assert np.all(s[1:] != s[:-1])


def test_q_zero_limit_is_exact():
    h, i = np.array([0.3, -0.2, 2.0]), np.array([-0.1, 0.5, -2.5])
    r0 = U.interior_fixed_points(field=h, current=i, params=uni(0.0))
    r_small = U.interior_fixed_points(field=h, current=i, params=uni(1e-12))
    # linear equation: the single root is u** (u* has gone to -infinity as q -> 0+)
    np.testing.assert_allclose(r0[:, 1], -(h + i), rtol=1e-14)
    np.testing.assert_allclose(r_small[:, 1], -(h + i), rtol=1e-9)
    assert np.all(np.ma.getmaskarray(r0)[:, 0])
    assert np.all(U.udot_slope(r0[:, 1].data, field=h, current=i, params=uni(0.0)) > 0)  # unstable
    # denormal q: no overflow, same answer
    r_tiny = U.interior_fixed_points(field=h, current=i, params=uni(2e-313))
    np.testing.assert_allclose(r_tiny[:, 1], -(h + i), rtol=1e-14)


def test_double_root_at_zero_edge_case():
    # b = 1 + q H = 0, c = H + I = 0: the quadratic is q u^2 (double root u = 0)
    q = 0.5
    r = U.interior_fixed_points(field=-1 / q, current=1 / q, params=uni(q))
    np.testing.assert_array_equal(r.data, [0.0, 0.0])


# -- the phase diagram -------------------------------------------------------------------------
def analytic_code(h, i, q):
    """Phases from Eqs. (47)-(49) and the vertex condition, independently of classify."""
    mp, mm = U.stability_margins(field=h, current=i, params=uni(q))
    disc = U.discriminant(field=h, current=i, params=uni(q))
    with np.errstate(divide="ignore"):
        vertex = -(h + 1 / q) / 2 if q > 0 else np.full_like(h, np.inf)
    two_inside = (mp > 0) & (mm < 0) & (disc > 0) & (np.abs(vertex) < 1)
    one_stable_inside = (mp < 0) & (mm < 0)  # f(-1) > 0 > f(1): a single interior root, stable
    sp_ = two_inside | one_stable_inside
    return U.MINUS * (mm > 0) + U.SP * sp_ + U.PLUS * (mp > 0), np.minimum(np.abs(mp), np.abs(mm)), disc


@pytest.mark.parametrize("q", [0.0, 0.3, 0.5, 0.8])
def test_classification_agrees_with_eqs_47_to_49(q):
    h, i = np.meshgrid(np.linspace(-8, 4, 241), np.linspace(-4, 9, 261))
    code = U.classify(field=h, current=i, params=uni(q))
    ref, dist, disc = analytic_code(h, i, q)
    away = (dist > 1e-6) & (np.abs(disc) > 1e-6)
    np.testing.assert_array_equal(code[away], ref[away])
    present = set(np.unique(code[away]))
    assert present <= {U.MINUS, U.PLUS, U.MINUS | U.PLUS, U.SP, U.SP | U.PLUS}
    if q == 0:
        assert present == {U.MINUS, U.PLUS, U.MINUS | U.PLUS}  # SP phases sent to infinity
    else:
        assert present == {U.MINUS, U.PLUS, U.MINUS | U.PLUS, U.SP, U.SP | U.PLUS}


@pytest.mark.parametrize("q", [0.2, 0.5, 0.9])
def test_classification_agrees_with_brute_force_sign_changes(q):
    """Count stable zeros of R(u) from sign changes on a fine u grid (independent of the roots)."""
    rng = np.random.default_rng(1)
    h = rng.uniform(-6, 3, 600)
    i = rng.uniform(-3, 7, 600)
    code = U.classify(field=h, current=i, params=uni(q))
    ug = np.linspace(-1, 1, 4001)
    R = U.udot(ug[None, :], field=h[:, None], current=i[:, None], params=uni(q))
    f = R[:, 1:-1] / (1 - ug[1:-1] ** 2)  # sign of f = sign of R inside
    down = (f[:, :-1] > 0) & (f[:, 1:] < 0)  # + to -: stable interior zero
    sp_ = down.any(axis=1)
    plus = f[:, -1] > 0  # R > 0 just below +1: the flow pushes into +1
    minus = f[:, 0] < 0
    brute = U.MINUS * minus + U.SP * sp_ + U.PLUS * plus
    mp, mm = U.stability_margins(field=h, current=i, params=uni(q))
    disc = U.discriminant(field=h, current=i, params=uni(q))
    clear = (np.abs(mp) > 0.05) & (np.abs(mm) > 0.05) & (np.abs(disc) > 0.05)
    np.testing.assert_array_equal(code[clear], brute[clear])


def brute_code(h, i, q, n=4001):
    """Phase from sign changes of R(u) on a fine grid (no roots, no formulas): independent."""
    ug = np.linspace(-1, 1, n)
    R = U.udot(ug[None, :], field=np.ravel(h)[:, None], current=np.ravel(i)[:, None], params=uni(q))
    f = R[:, 1:-1] / (1 - ug[1:-1] ** 2)
    sp_ = ((f[:, :-1] > 0) & (f[:, 1:] < 0)).any(axis=1)
    return U.MINUS * (f[:, 0] < 0) + U.SP * sp_ + U.PLUS * (f[:, -1] > 0)


def neighbour_codes(h, i, q, d=1e-6):
    out = []
    for dh in (-d, 0.0, d):
        for di in (-d, 0.0, d):
            if dh or di:
                out.append(U.classify(field=h + dh, current=i + di, params=uni(q)))
    return np.stack(out, axis=-1)


def exact_boundary_points(q):
    """Points exactly on the lines (47), (48) and the parabola (49) (dyadic q, H: no rounding)."""
    H = np.arange(-64, 33) / 8.0
    lines = U.boundary_currents(params=uni(q), field=H)
    pts = [(H, lines["plus"]), (H, lines["minus"])]
    if q > 0:
        pts.append((H, lines["parabola"]))
        pts += [(np.array([a]), np.array([b])) for a, b in U.special_points(params=uni(q)).values()]
    return np.concatenate([p[0] for p in pts]), np.concatenate([p[1] for p in pts])


@pytest.mark.parametrize("q", [0.0, 0.25, 0.5, 0.75])
def test_boundaries_get_a_phase_of_an_adjacent_region(q):
    h, i = exact_boundary_points(q)
    code = U.classify(field=h, current=i, params=uni(q))
    assert set(np.unique(code)) <= set(U.PHASES)
    nb = neighbour_codes(h, i, q)
    assert np.all((nb == code[:, None]).any(axis=1)), [(a, b, c) for a, b, c, ok in
                                                       zip(h, i, code, (nb == code[:, None]).any(axis=1),
                                                           strict=True) if not ok][:5]
    # the marginal points are really marginal: R'(+-1) = 0 on the lines, a double root on the parabola
    mp, mm = U.stability_margins(field=h, current=i, params=uni(q))
    on = (mp == 0) | (mm == 0) | (U.discriminant(field=h, current=i, params=uni(q)) == 0)
    assert on.mean() > 0.99


@settings(max_examples=60, deadline=None)
@given(st.integers(2, 300), st.integers(2, 300), st.floats(-12, 4), st.floats(0.1, 10), st.floats(-6, 4),
       st.floats(0.1, 12), st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.8, 0.95]))
def test_any_grid_has_only_the_five_phases(nh, ni, h0, hw, i0, iw, q):
    h, i = np.meshgrid(np.linspace(h0, h0 + hw, nh), np.linspace(i0, i0 + iw, ni))
    code = U.classify(field=h, current=i, params=uni(q))
    assert set(np.unique(code)) <= set(U.PHASES)
    assert not np.any(code == U.MINUS | U.SP) and not np.any(code == 0)


def test_fig5_grid_of_the_page_only_five_phases_and_boundaries_consistent():
    """Page 1.3 (phase_diagram.md) claims the five phases of the paper on its Fig. 5 grid."""
    n = 500
    h, i = np.meshgrid(np.linspace(-6.0, 3.0, n), np.linspace(-3.0, 7.0, n))
    code = U.classify(field=h, current=i, params=uni(0.5))
    assert set(np.unique(code)) == set(U.PHASES)
    # pixels within 1e-9 of a boundary: their phase is one of their neighbours'
    mp, mm = U.stability_margins(field=h, current=i, params=uni(0.5))
    disc = U.discriminant(field=h, current=i, params=uni(0.5))
    near = (np.minimum(np.abs(mp), np.abs(mm)) < 1e-9) | (np.abs(disc) < 1e-9)
    nb = neighbour_codes(h[near], i[near], 0.5)
    assert np.all((nb == code[near][:, None]).any(axis=1))


@pytest.mark.parametrize("q", [0.0, 0.3, 0.5, 0.9])
def test_classify_equals_brute_force_away_from_boundaries(q):
    rng = np.random.default_rng(11)
    h = rng.uniform(-8, 4, 800)
    i = rng.uniform(-4, 9, 800)
    mp, mm = U.stability_margins(field=h, current=i, params=uni(q))
    disc = U.discriminant(field=h, current=i, params=uni(q))
    clear = (np.abs(mp) > 0.02) & (np.abs(mm) > 0.02) & (np.abs(disc) > 0.02)
    np.testing.assert_array_equal(U.classify(field=h, current=i, params=uni(q))[clear],
                                  brute_code(h, i, q)[clear])


def test_interior_roots_at_huge_field_are_not_spurious():
    """|H| ~ 1e154 and beyond: b^2 overflows unless the polynomial is scaled."""
    for H in (1e154, -1e154, 1e200, -3e307):
        for I in (0.0, -H, 1.0, 0.5 * H):
            r = U.interior_fixed_points(field=H, current=I, params=uni(0.5))
            # exact roots of 0.5 u^2 + (1 + 0.5 H) u + (H + I): compare with mpmath-free reasoning:
            # with c = H + I, for |H| huge the small root is ~ -c / (1 + 0.5 H) (the other ~ -2H)
            c = H + I
            small = -c / (1.0 + 0.5 * H)
            inside = abs(small) < 1
            assert (not np.ma.getmaskarray(r).all()) == inside, (H, I, r)
            if inside:
                assert np.isclose(r.compressed()[0], small, atol=1e-12)
    code = U.classify(field=np.array([1e154, -1e154, 1e300]), current=np.array([0.0, 1e154, -1e300]),
                      params=uni(0.5))
    assert set(code) <= set(U.PHASES)


def test_representative_points_lie_in_their_phase():
    for code, (h, i) in studies.REPRESENTATIVE_POINTS.items():
        assert int(U.classify(field=h, current=i, params=uni(0.5))) == code


@SET
@given(us, fields, currents, qs)
def test_attractor_is_a_stable_state_of_the_phase(u0, h, i, q):
    kw = dict(field=h, current=i, params=uni(q))
    mp, mm = U.stability_margins(**kw)
    if min(abs(mp), abs(mm), abs(U.discriminant(**kw))) < 1e-6:
        return  # on a boundary the marginal point may attract
    if abs(U.udot(u0, **kw)) < 1e-12:
        return  # starting on a fixed point
    end = float(UD.attractor(u0, **kw))
    code = int(U.classify(**kw))
    if end == 1.0:
        assert code & U.PLUS
    elif end == -1.0:
        assert code & U.MINUS
    else:
        assert code & U.SP and U.udot_slope(end, **kw) < 0


def test_attractor_agrees_with_integration_of_u_equation():
    rng = np.random.default_rng(3)
    for _ in range(25):
        h, i, q, u0 = rng.uniform(-5, 3), rng.uniform(-3, 6), rng.uniform(0, 0.9), rng.uniform(-0.99, 0.99)
        kw = dict(field=h, current=i, params=uni(q))
        sol = solve_ivp(lambda t, y, kw=kw: U.udot(np.clip(y, -1, 1), **kw), (0, 400), [u0], rtol=1e-10,
                        atol=1e-12, method="LSODA")
        target = float(UD.attractor(u0, **kw))
        tau = float(UD.relaxation_time(target, **kw))
        if tau < 20:  # well converged after 400 tau
            assert abs(sol.y[0, -1] - target) < 1e-5


def test_relaxation_time_matches_decay_and_diverges_at_boundary():
    q, h = 0.5, 0.5
    i = 0.1
    kw = dict(field=h, current=i, params=uni(q))
    tau = float(UD.relaxation_time(1.0, **kw))
    eps = 1e-6
    sol = solve_ivp(lambda t, y: U.udot(np.clip(y, -1, 1), **kw), (0, 5 * tau), [1 - eps], rtol=1e-12,
                    atol=1e-16, t_eval=[0, 5 * tau])
    assert np.isclose((1 - sol.y[0, -1]) / eps, np.exp(-5), rtol=1e-3)
    # approaching the line (47) the time diverges like 1/distance
    i_c = -(1 + q) * (h + 1)
    d = np.array([1e-1, 1e-2, 1e-3])
    taus = UD.relaxation_time(1.0, field=h, current=i_c + d, params=uni(q))
    np.testing.assert_allclose(taus * d, (1 + q) / 2, rtol=1e-12)
    assert UD.relaxation_time(1.0, field=h, current=i_c - 0.1, params=uni(q)) == np.inf


def test_hysteresis_loop_switches_at_the_stability_lines():
    q, h = 0.5, 0.5
    up = np.linspace(-3, 3, 1201)
    u = UD.hysteresis_loop(params=uni(q), field=h, currents=np.concatenate([up, up[::-1]]), u_start=-1.0).u
    n = up.size
    i_up = up[np.argmax(u[:n] > 0)]  # first current where the state is up
    i_down = up[::-1][np.argmax(u[n:] < 0)]
    assert abs(i_up - (1 - q) * (1 - h)) <= 5e-3 + 1e-12  # Eq. (48): -1 loses stability
    assert abs(i_down + (1 + q) * (h + 1)) <= 5e-3 + 1e-12  # Eq. (47): +1 loses stability
    assert set(np.unique(u)) == {-1.0, 1.0}  # the bistable window has no intermediate state


def test_hysteresis_through_sp_is_continuous():
    q, h = 0.5, -3.0
    up = np.linspace(-3, 7, 1001)
    u = UD.hysteresis_loop(params=uni(q), field=h, currents=up, u_start=-1.0).u
    inside = (u > -1) & (u < 1)
    assert inside.any()
    # on the SP branch u follows the stable root u* and leaves -1 at the line (48)
    ustar = U.interior_fixed_points(field=h, current=up[inside], params=uni(q))[:, 0]
    np.testing.assert_allclose(u[inside], ustar, atol=1e-12)
    assert abs(up[np.argmax(inside)] - (1 - q) * (1 - h)) <= 1e-2 + 1e-12


# -- the vector equation (40), integrated by spinlib.macrospin.llg -------------------------------------------
def test_uniaxial_model_on_the_llg_integrator_follows_the_u_equation():
    """integrate_llg (the llg integrator with mapped parameters) against solve_ivp of the closed
    u equation R(u), with tau = alpha t / (1 + alpha^2): the same trajectory m_z(t)."""
    for (h, i, q, alpha) in ((-2.0, 1.75, 0.5, 0.5), (0.5, -1.0, 0.3, 0.1), (-4.0, 3.5, 0.8, 1.3)):
        params = U.UniaxialMacrospin(asymmetry=q, alpha=alpha)
        m0 = np.array([np.sin(2.0), 0.0, np.cos(2.0)])
        tr = UD.integrate_llg(m0, field=h, current=i, params=params, t_end=30.0, n_steps=6000, n_out=30)
        kw = dict(field=h, current=i, params=uni(q))
        rate = alpha / (1 + alpha**2)
        def rhs(t, y, kw=kw, rate=rate):
            return rate * U.udot(np.clip(y, -1, 1), **kw)

        sol = solve_ivp(rhs, (0, 30.0), [m0[2]], method="DOP853", rtol=1e-12, atol=1e-13, t_eval=tr.t)
        np.testing.assert_allclose(tr.m[:, 2], sol.y[0], atol=1e-8)
        assert np.abs(np.linalg.norm(tr.m, axis=-1) - 1).max() < 5e-16


def test_mapping_onto_llg_params():
    P = UD.macrospin_params(field=np.array([0.5, -2.0]), params=U.UniaxialMacrospin(asymmetry=0.3, alpha=0.2))
    assert P.batch_shape == (2,)
    np.testing.assert_array_equal(P.field, [[0, 0, 0.5], [0, 0, -2.0]])
    assert (P.hk, P.demag, P.alpha, P.q, P.A, P.B) == (1.0, 0.0, 0.2, 1.0, 1.0, 0.3)
    assert UD.llg_current(params=U.UniaxialMacrospin(asymmetry=0.3, alpha=0.2), current=2.0) == -0.4


def test_time_integration_confirms_each_phase():
    """Integrate Eq. (40) from many initial states at points of every phase: the final states are
    exactly the stable fixed points of the classification, and each of them is reached."""
    q, alpha = 0.5, 0.5
    params = U.UniaxialMacrospin(asymmetry=q, alpha=alpha)
    pts = list(studies.REPRESENTATIVE_POINTS.items()) + [
        (U.SP | U.PLUS, (-1.5, 1.45)), (U.SP, (-5.0, 4.0)), (U.MINUS | U.PLUS, (1.0, -1.0)),
    ]
    n0 = 16
    theta0 = np.linspace(0.08, np.pi - 0.08, n0)
    phi0 = np.linspace(0, 2 * np.pi, n0, endpoint=False)
    m0 = np.stack([np.sin(theta0) * np.cos(phi0), np.sin(theta0) * np.sin(phi0), np.cos(theta0)], axis=-1)
    h = np.repeat([p[1][0] for p in pts], n0)
    i = np.repeat([p[1][1] for p in pts], n0)
    m0 = np.tile(m0, (len(pts), 1))
    tr = UD.integrate_llg(m0, field=h, current=i, params=params, t_end=300.0, n_steps=12000, n_out=300)
    assert np.max(np.abs(np.linalg.norm(tr.m, axis=-1) - 1)) < 5e-16
    u_end = tr.m[:, -1, 2].reshape(len(pts), n0)
    for k, (code, (hk, ik)) in enumerate(pts):
        assert int(U.classify(field=hk, current=ik, params=uni(q))) == code
        fp, stable = U.fixed_points(field=hk, current=ik, params=uni(q))
        targets = fp[stable]
        dist = np.min(np.abs(u_end[k][:, None] - targets[None, :]), axis=1)
        assert np.all(dist < 1e-3), (code, u_end[k], targets)
        reached = np.min(np.abs(u_end[k][:, None] - targets[None, :]), axis=0)
        assert np.all(reached < 1e-3), (code, targets)
        if code & U.SP:  # the SP state precesses at dphi/dt = H + u*
            u_s = float(targets[(targets > -1) & (targets < 1)][0])
            j = np.flatnonzero(np.abs(u_end[k] - u_s) < 1e-3)[0] + k * n0
            fine = UD.integrate_llg(tr.m[j, -1], field=hk, current=ik, params=params, t_end=5.0, n_steps=500,
                                   n_out=250)
            phi = np.unwrap(np.arctan2(fine.m[:, 1], fine.m[:, 0]))
            rate = np.polyfit(fine.t, phi, 1)[0]
            assert np.isclose(rate, U.precession_frequency(u_s, field=hk), rtol=1e-4)


# -- figures and explorer ------------------------------------------------------------------------
def test_explorer_static_grid_and_frames():
    ex = F.phase_diagram_explorer()
    axes, frames = ex.static_grid()
    assert len(frames) <= 120
    # every phase is visited by some static frame
    codes = {int(U.classify(field=f["field"], current=f["current"], params=uni(0.5))) for f in frames}
    assert {U.MINUS, U.PLUS, U.MINUS | U.PLUS, U.SP, U.SP | U.PLUS} <= codes
    for h, i in studies.REPRESENTATIVE_POINTS.values():
        png = ex.png(field=h, current=i)
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
    data = ex.compute(field=-2.0, current=1.75)
    assert data.code == U.SP | U.PLUS and data.omega is not None


def test_static_figures_build_and_are_legible():
    from legibility import smallest_css_px

    figs = (F.phase_diagram_figure(n=120), F.udot_panels_figure(), F.hysteresis_figure(n=101),
            F.trajectories_figure(n_traj=3, t_end=20.0))
    for fig in figs:
        assert fig.axes
        assert smallest_css_px(fig) >= 10


def test_explorer_takes_its_fixed_parameter_and_is_legible():
    from legibility import DPI, smallest_css_px

    ex = F.phase_diagram_explorer(params=uni(0.8))
    data = ex.compute(field=-2.0, current=1.75)
    assert data.code == int(U.classify(field=-2.0, current=1.75, params=uni(0.8)))
    ex.png(field=-2.0, current=1.75)
    assert smallest_css_px(ex._fig, dpi=DPI) >= 10
    with pytest.raises(ValueError, match="asymmetry"):
        F.phase_diagram_explorer(params=uni(1.5))


# -- page 1.3 (book/torque/phase_diagram.md): the numbers its text states -----------------------------
def _solution_code(label):
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "book" / "torque" / "phase_diagram.md").read_text()
    block = text[text.index(f"{{solution}} {label}"):]
    return re.search(r"```python\n(.*?)```", block, re.S).group(1)


def test_page_1_3_loop_exercise(capsys):
    """ex-pd-loop: switching at 0.60 / -2.80 (hold 2) and 0.42 / -2.52 (hold 8), approaching the
    quasi-static 0.25 / -2.25 as the ramp slows."""
    exec(_solution_code("ex-pd-loop"), {})  # noqa: S102 - the page's own code
    out = capsys.readouterr().out.strip()
    assert out == "[0.6, -2.8, 0.42, -2.52]"


def test_page_1_3_slowing_exercise(capsys):
    """ex-pd-slowing: fitted exponents about -1 (pole) and -1/2 (saddle-node)."""
    exec(_solution_code("ex-pd-slowing"), {})  # noqa: S102
    a, b = (float(x) for x in capsys.readouterr().out.split())
    assert abs(a + 1) < 0.05 and abs(b + 0.5) < 0.05


def test_page_1_3_stated_points():
    """Fig. 5 convention q = 0.5: A, B, C at (-4, 4.5), (0, 0.5), (-2, 1.5); the (SP,+1) point of
    Fig. 4/the trajectories has u* = -1/sqrt(2); hysteresis caption: H = 0.5 switches at 0.25 and
    -2.25, H = -3 leaves -1 at 2, jumps to +1 at 3.125 and leaves +1 at 3 on the way down."""
    pts = U.special_points(params=uni(0.5))
    assert pts == {"A": (-4.0, 4.5), "B": (0.0, 0.5), "C": (-2.0, 1.5)}
    r = U.interior_fixed_points(field=-2.0, current=1.75, params=uni(0.5))
    assert np.isclose(r[0], -1 / np.sqrt(2), rtol=1e-14)
    lines = U.boundary_currents(params=uni(0.5), field=np.array([0.5, -3.0]))
    assert np.allclose(lines["minus"], [0.25, 2.0]) and np.allclose(lines["plus"], [-2.25, 3.0])
    assert np.isclose(lines["parabola"][1], 3.125)
    up = np.linspace(-3, 7, 10001)
    u = UD.hysteresis_loop(params=uni(0.5), field=-3.0, currents=np.concatenate([up, up[::-1]]),
                          u_start=-1.0).u
    n = up.size
    assert abs(up[np.argmax(u[:n] > -1)] - 2.0) < 2e-3
    assert abs(up[np.argmax(u[:n] == 1.0)] - 3.125) < 2e-3
    assert abs(up[::-1][np.argmax(u[n:] < 1.0)] - 3.0) < 2e-3


@pytest.mark.parametrize("q", [0.3, 0.7, 0.1])
def test_pole_stability_near_lines_agrees_with_high_precision_flow(q):
    """Points within rounding of the lines (47), (48) for a non-dyadic q: whether the flow runs into
    u = +-1 is evaluated with mpmath at 60 digits (R at 1 - 1e-40 and -1 + 1e-40, from the exact
    binary values of the inputs) and compared with the PLUS and MINUS bits of classify."""
    import mpmath as mp

    mp.mp.dps = 60
    rng = np.random.default_rng(4)
    H = rng.uniform(-8, 4, 300)
    lines = U.boundary_currents(params=uni(q), field=H)
    h = np.concatenate([H, H])
    i = np.concatenate([lines["plus"], lines["minus"]])
    i = i + rng.integers(-2, 3, i.size) * np.spacing(i)  # a few ulps either side of the line
    code = U.classify(field=h, current=i, params=uni(q))
    for hv, iv, c in zip(h, i, code, strict=True):
        Hm, Im, Qm = mp.mpf(float(hv)), mp.mpf(float(iv)), mp.mpf(q)

        def R(u, Hm=Hm, Im=Im, Qm=Qm):
            return (1 - u * u) * (Hm + u + Im / (1 + Qm * u))

        assert bool(c & U.PLUS) == (R(1 - mp.mpf("1e-40")) > 0), (hv, iv)
        assert bool(c & U.MINUS) == (R(-1 + mp.mpf("1e-40")) < 0), (hv, iv)
