"""Physics and numerics checks of spinlib.magnon_transport (Bender, Duine & Tserkovnyak 2019;
book/magnon_transport/, the pages of chapter 2).

Every check compares with something independent of the implementation: mpmath at high
precision, numerical quadrature of the golden-rule rates, finite differences, the
paper's printed equations (typed here with their numbers), analytic limits, or a
brute-force scan. The numbers the chapter page states are asserted at the end
("page claims"). Comparisons with the SymPy derivations are in
tests/magnon_transport/test_magnon_transport_derivation.py; the input contract in
tests/magnon_transport/test_magnon_transport_properties.py.
"""

from __future__ import annotations

from dataclasses import replace

import mpmath as mp
import numpy as np
import pytest
from scipy import constants, integrate

from spinlib import magnon_transport as mat
from spinlib.magnon_transport import studies

P = mat.FIG2
UNPOL = replace(P, lead_polarization=0.0)
ETAS = (1, -1)


# --------------------------------------------------------------------------- mpmath reference
def _mp_H(u, order):
    """H^(order)(u), H(u) = u/(e^u - 1), at the current mpmath precision (textbook formulas)."""
    if u == 0:
        return [mp.mpf(1), mp.mpf(-1) / 2, mp.mpf(1) / 6][order]
    e, em = mp.exp(u), mp.expm1(u)
    return [u / em, (em - u * e) / em**2, e * (u * (e + 1) - 2 * em) / em**3][order]


def mp_reference(v, t):
    """N_0, N_+ - N_0, N_+, N_-, dN_+-/dv, d2N_+-/dv2 from Eq. (11), 50 correct digits.

    The working precision (800 digits) exceeds the cancellation of the textbook formulas
    anywhere on the test grid (N_+ - N_0 ~ v^2/12T at v = 1e-300 loses ~600 digits).
    """
    with mp.workdps(800):
        v, t = mp.mpf(v), mp.mpf(t)
        s1, s2 = (1 - v) / t, (1 + v) / t
        e1, e2 = t * _mp_H(s1, 0), t * _mp_H(s2, 0)  # x n_B(x) at x = 1 -+ v
        n0 = 1 / mp.expm1(1 / t)
        out = {
            "n0": n0, "d_plus": (e1 + e2) / 2 - n0, "n_plus": (e1 + e2) / 2, "n_minus": (e1 - e2) / 2,
            "dn_plus": (_mp_H(s2, 1) - _mp_H(s1, 1)) / 2, "dn_minus": -(_mp_H(s1, 1) + _mp_H(s2, 1)) / 2,
            "d2n_plus": (_mp_H(s1, 2) + _mp_H(s2, 2)) / (2 * t),
            "d2n_minus": (_mp_H(s1, 2) - _mp_H(s2, 2)) / (2 * t),
        }
        return {k: float(x) for k, x in out.items()}


V_GRID = [0.0, 1e-300, 1e-200, 1e-30, 1e-12, 1e-6, 0.003, 0.1, 0.5, 0.9, 1 - 1e-12, 1.0, 1 + 1e-12,
          1.3, 2.0, 7.5, 37.0, 1e3, 1e7]
V_GRID = V_GRID + [-x for x in V_GRID[1:]]
T_GRID = [1e-300, 1e-30, 1e-3, 0.01, 0.025, 0.03, 0.1, 0.3, 1.0, 1.7, 10.0, 1e3, 1e8, 1e200]


def _tolerance(v, t):
    """Relative tolerance: e^{-u} has condition number u = |1 -+ v|/T (capped where it underflows)."""
    u = min(max(abs(1 - v), 1 + abs(v)) / t, 800.0)
    return 1e-15 * (40.0 + u)


def _close(got, ref, v, t):
    if abs(ref) < 1e-290:  # subnormal range: an absolute floor
        return abs(got - ref) <= 1e-290
    return abs(got - ref) <= _tolerance(v, t) * abs(ref)


@pytest.mark.parametrize("t", T_GRID)
def test_electron_hole_functions_match_mpmath_over_the_plane(t):
    """Issue 6 item 3: N_-, N_+ - N_0 and all four derivatives keep their relative accuracy."""
    v = np.array(V_GRID)
    n_plus, n_minus = mat.electron_hole_functions(v, temperature=t)
    derivs = mat.electron_hole_derivatives(v, temperature=t)
    n0 = mat.equilibrium_magnon_number(temperature=t)
    # N_+ - N_0 is reachable through the quantum part N~ of an unpolarised junction (Eq. (14))
    d_plus = mat.steady_state(v, temperature=t, params=UNPOL, orientation=1).n_tilde * (1 + UNPOL.spin_ratio)
    bad = []
    for i, vv in enumerate(V_GRID):
        ref = mp_reference(vv, t)
        got = {"n0": float(n0), "d_plus": d_plus[i], "n_plus": n_plus[i], "n_minus": n_minus[i],
               "dn_plus": derivs[0][i], "dn_minus": derivs[1][i], "d2n_plus": derivs[2][i],
               "d2n_minus": derivs[3][i]}
        bad += [(k, vv, got[k], ref[k]) for k in ref if not _close(got[k], ref[k], vv, t)]
    assert not bad, bad[:6]


def test_small_bias_cancellation_defects_of_issue6_are_gone():
    """The two defects of issue 6 item 3, measured the way the issue measured them."""
    # R(1e-300)/R(0) - 1 was 2.8e-6 (N_- and N_+ - N lost at tiny v)
    for eta in ETAS:
        for t in (0.3, 1.0, 4.0):
            r = mat.resistance(np.array([0.0, 1e-300, 1e-100, 1e-9]), temperature=t, orientation=eta)
            np.testing.assert_allclose(r / r[0], 1.0, rtol=2e-15, atol=0)
    # dN_-/dv at (1 - |v|)/T > 35 was 0 (all digits lost)
    v, t = 0.5, 0.01
    got = mat.electron_hole_derivatives(v, temperature=t)[1]
    assert got == pytest.approx(mp_reference(v, t)["dn_minus"], rel=1e-13) and got > 0


def test_zero_temperature_limits_exact():
    v = np.array([-7.5, -2.0, -1.0, -0.3, 0.0, 0.4, 1.0, 1.5, 9.0])
    n_plus, n_minus = mat.electron_hole_functions(v, temperature=0.0)
    ramp = np.maximum(np.abs(v) - 1.0, 0.0) / 2
    np.testing.assert_array_equal(n_plus, ramp)
    np.testing.assert_array_equal(n_minus, np.sign(v) * ramp)
    dnp, dnm, d2p, d2m = mat.electron_hole_derivatives(v, temperature=0.0)
    slope = np.where(np.abs(v) > 1, 0.5, np.where(np.abs(v) == 1, 0.25, 0.0))
    np.testing.assert_array_equal(dnm, slope)
    np.testing.assert_array_equal(dnp, np.sign(v) * slope)
    np.testing.assert_array_equal(d2p, 0.0)
    np.testing.assert_array_equal(d2m, 0.0)
    # the T -> 0+ limit is continuous
    n_plus_t, n_minus_t = mat.electron_hole_functions(v, temperature=1e-4)
    np.testing.assert_allclose(n_plus_t, ramp, atol=1e-4)
    np.testing.assert_allclose(n_minus_t, np.sign(v) * ramp, atol=1e-4)


def test_bose_energy_matches_mpmath():
    for x in (-1e6, -3.0, -1e-9, 0.0, 1e-12, 0.5, 4.0, 60.0):
        for t in (1e-3, 0.05, 1.0, 7.0, 1e5):
            with mp.workdps(60):
                ref = mp.mpf(t) if x == 0 else mp.mpf(x) / mp.expm1(mp.mpf(x) / mp.mpf(t))
            got = mat.bose_energy(x, temperature=t)
            if abs(ref) < 1e-290:
                assert abs(got) < 1e-290
            else:
                assert got == pytest.approx(float(ref), rel=1e-15 * (40 + min(abs(x) / t, 800)))
    cold = mat.bose_energy(np.array([-2.0, 0.0, 3.0]), temperature=0.0)
    np.testing.assert_array_equal(cold, [2.0, 0.0, 0.0])


def test_extreme_arguments_no_nan_no_overflow():
    x = np.array([-1e300, -1.0, 0.0, 1.0, 1e300, 1.0])
    t = np.array([0.0, 1e-300, 1e-300, 1e300, 1e300, 5e-324])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = mat.bose_energy(x, temperature=t)
        for arr in (out, *mat.electron_hole_functions(x, temperature=t),
                    *mat.electron_hole_derivatives(x, temperature=t)):
            assert np.all(np.isfinite(arr))
    assert out[0] == 1e300 and out[2] == 1e-300  # -x at T = 0; T at x = 0


# --------------------------------------------------------------------------- golden rule by quadrature
def _window(w, t):
    """W(w) = int de f(e)[1 - f(e + w)] by quadrature (Fermi functions, T > 0)."""
    def f(e):
        return 0.5 * (1 - np.tanh(e / (2 * t)))
    lim = 60 * t + abs(w)
    val, _ = integrate.quad(lambda e: f(e) * (1 - f(e + w)), -lim, lim, points=[0.0, -w], limit=200)
    return val


def golden_rule_inelastic(v, n, t, pl, eta):
    """I_i of Eq. (7) from the four spin-flip processes (Eq. (5)) and the elastic N/S term of Eq. (4).

    Rates in units of Gamma/(2 pi S), left-lead spin weights 1 +- p with p = -eta P_L (Eq. (3)
    describes the antiparallel case): L up -> R down emitting a magnon (N + 1), L down -> R up
    absorbing (N), and the reverse processes; charge counted into the right lead. The derived
    elastic amplitudes A -+ B +- B N/S reduce the spin-conserving current by 2 N v in the same
    units. Eq. (7) in units of G0 hbar Omega/e is then (c_i/S) times half of this total.
    """
    p = -eta * pl
    up, dn = 1 + p, 1 - p
    w = (lambda x: max(x, 0.0)) if t == 0 else (lambda x: _window(x, t))
    spin_flip = (up * (n + 1) * w(v - 1) + dn * n * w(v + 1) - up * n * w(1 - v) - dn * (n + 1) * w(-1 - v))
    return 0.5 * (spin_flip - 2 * n * v)


@pytest.mark.parametrize("eta", ETAS)
@pytest.mark.parametrize("t", [0.0, 0.35, 1.2])
def test_inelastic_current_equals_golden_rule_quadrature(eta, t):
    params = mat.JunctionParams(lead_polarization=0.35, island_polarization=0.6, spin_ratio=3.0, spin=50.0)
    for v in (-2.7, -0.4, 0.0, 0.9, 1.7, 3.1):
        for n in (0.0, 0.3, 2.5):
            ref = golden_rule_inelastic(v, n, t, params.lead_polarization, eta)
            got = mat.inelastic_current(v, n, temperature=t, params=params, orientation=eta)
            scale = params.inelastic_strength / params.spin
            assert got == pytest.approx(scale * ref, rel=1e-7, abs=1e-12 * scale), (v, n)


def test_current_is_elastic_plus_inelastic_at_the_steady_state():
    """Eq. (6): I = G(N_s) V + I_i(V, N_s), checked with the public pieces on a grid."""
    params = mat.JunctionParams(lead_polarization=-0.3, island_polarization=0.5, spin_ratio=4.0, spin=30.0)
    v = np.linspace(-3, 3, 13)
    for eta in ETAS:
        ns = mat.magnon_number(v, temperature=0.8, params=params, orientation=eta)
        ref = (mat.elastic_conductance(ns, params=params, orientation=eta) * v
               + mat.inelastic_current(v, ns, temperature=0.8, params=params, orientation=eta))
        np.testing.assert_allclose(mat.current(v, temperature=0.8, params=params, orientation=eta), ref,
                                   rtol=1e-13, atol=1e-15)


# --------------------------------------------------------------------------- spin dynamics
@pytest.mark.parametrize("eta", ETAS)
def test_steady_state_solves_printed_rate_equation(eta):
    """N_s makes Eqs. (12)-(13) stationary (printed AP form, P_L -> -eta P_L, alpha_e/alpha_p = S_c/S)."""
    params = mat.JunctionParams(lead_polarization=0.45, island_polarization=0.2, spin_ratio=7.0)
    v = np.linspace(-12, 12, 81)[:, None]
    t = np.array([0.0, 0.4, 3.0])[None, :]
    ss = mat.steady_state(v, temperature=t, params=params, orientation=eta)
    n_plus, n_minus = mat.electron_hole_functions(v, temperature=t)
    n0 = mat.equilibrium_magnon_number(temperature=t)
    a_e, a_p = 1.0, params.spin_ratio
    pl = -eta * params.lead_polarization
    n = ss.magnon_number
    rate = -2 * a_p * (n - n0) - 2 * a_e * (n - n_plus) + 2 * a_e * pl * (n_minus + n * v)  # Eqs. (12)-(13)
    assert np.all(np.abs(rate) <= 1e-12 * (1 + np.abs(v) * n + n0))
    # the classical part is the thermal population amplified by gamma = 1/(1 + V/V_c) (Eq. (14) as printed)
    vc = eta * (1 + params.spin_ratio) / params.lead_polarization  # printed below Eq. (14)
    np.testing.assert_allclose(ss.classical, n0 / (1 + v / vc), rtol=1e-14)
    np.testing.assert_array_equal(ss.quantum[:, 0], n[:, 0])  # T = 0: no thermal part
    np.testing.assert_array_equal(ss.quantum[40], 0.0)  # V = 0: no quantum part


def test_critical_bias_is_the_printed_threshold_and_the_pole():
    for pl, rho in ((0.2, 25.0), (-0.7, 0.3), (1.0, 2.0), (0.05, 400.0)):
        params = replace(P, lead_polarization=pl, spin_ratio=rho)
        for eta in ETAS:
            printed = eta * (1 + rho) / pl  # below Eq. (14)
            vc = mat.critical_bias(params=params, orientation=eta)
            assert vc == pytest.approx(printed, rel=1e-15)
            # N_s diverges at V = -V_c: 1/N_s -> 0 linearly (extrapolated from two points)
            x = -vc * np.array([0.99, 0.999])
            inv = 1.0 / mat.magnon_number(x, temperature=0.7, params=params, orientation=eta)
            root = x[1] - inv[1] * (x[1] - x[0]) / (inv[1] - inv[0])
            assert root == pytest.approx(-vc, rel=2e-3)
    assert mat.critical_bias(params=UNPOL, orientation=1) == np.inf
    with pytest.raises(ValueError, match=r"bias must satisfy .*V_c.*130"):
        mat.magnon_number(130.0, temperature=1.0, orientation=-1)


def test_critical_bias_keeps_its_sign_when_it_overflows():
    """|P_L| = 5e-324: 1/V_c underflows to -0.0 or +0.0, V_c = eta (1 + S/S_c)/P_L is +-inf with its sign
    (hypothesis found +inf for P_L = -5e-324; the printed formula gives -inf)."""
    for pl in (5e-324, -5e-324):
        for eta in ETAS:
            params = replace(P, lead_polarization=pl, spin_ratio=1.0)
            assert mat.critical_bias(params=params, orientation=eta) == np.copysign(np.inf, eta * pl)
    assert mat.critical_bias(params=UNPOL, orientation=-1) == np.inf  # unpolarised: no threshold


def test_equilibrium_at_zero_bias_and_infinite_spin():
    t = np.array([0.0, 0.5, 4.0])
    for eta in ETAS:
        np.testing.assert_allclose(mat.magnon_number(0.0, temperature=t, orientation=eta),
                                   mat.equilibrium_magnon_number(temperature=t), rtol=1e-15)
    with mp.workdps(30):  # N_0 = 1/(e^{1/T} - 1)
        assert mat.equilibrium_magnon_number(temperature=0.37) == pytest.approx(
            float(1 / mp.expm1(1 / mp.mpf(0.37))), rel=1e-15)
    big = replace(P, spin_ratio=1e12)  # S -> infinity at fixed S_c: alpha_e/alpha_p -> 0, N_s -> N_0
    np.testing.assert_allclose(mat.magnon_number(np.linspace(-5, 5, 11), temperature=1.0, params=big),
                               mat.equilibrium_magnon_number(temperature=1.0), rtol=1e-10)


def test_unpolarised_quantum_stt_survives_and_classical_part_is_flat():
    v = np.linspace(-6, 6, 25)
    ss = mat.steady_state(v, temperature=0.7, params=UNPOL, orientation=1)
    np.testing.assert_array_equal(ss.gamma, 1.0)
    np.testing.assert_allclose(ss.classical, mat.equilibrium_magnon_number(temperature=0.7))
    assert np.all(ss.quantum[v != 0] > 0)  # effective heating for either sign of V
    np.testing.assert_allclose(ss.quantum, ss.quantum[::-1], rtol=1e-13)


def test_fig2_claims_zero_temperature_minimum_and_high_temperature_monotonic():
    v = np.linspace(-10, 10, 401)
    n0 = mat.magnon_number(v, temperature=0.0, orientation=-1)
    assert np.all(n0[np.abs(v) <= 1] == 0) and np.all(n0[np.abs(v) > 1] > 0)  # minimum (flat) at 0
    n10 = mat.magnon_number(v, temperature=10.0, orientation=-1)
    assert np.all(np.diff(n10) > 0)  # AP: monotonically increasing (classical STT)


# --------------------------------------------------------------------------- charge transport
def _fd(func, x, h):
    """Fourth-order central difference."""
    return (-func(x + 2 * h) + 8 * func(x + h) - 8 * func(x - h) + func(x - 2 * h)) / (12 * h)


@pytest.mark.parametrize("eta", ETAS)
@pytest.mark.parametrize("t", [0.0, 0.6, 3.0])
def test_conductance_parts_by_finite_differences(eta, t):
    """Eq. (15): dI/dV, G_MAT = d I_i/dV at fixed N, G_STT = (dI/dN)(dN_s/dV), and their slopes."""
    params = mat.JunctionParams(lead_polarization=0.4, island_polarization=0.5, spin_ratio=3.0, spin=20.0)
    kw = {"params": params, "orientation": eta}
    v = np.linspace(-6.3, 6.2, 45)
    v = v[np.abs(np.abs(v) - 1) > 0.05] if t == 0 else v  # T = 0: kinks at |V| = hbar Omega/e
    h = 1e-3
    parts = mat.conductance_parts(v, temperature=t, **kw)
    assert mat.current(0.0, temperature=t, **kw) == 0.0
    np.testing.assert_allclose(parts.total, _fd(lambda x: mat.current(x, temperature=t, **kw), v, h),
                               rtol=1e-9, atol=1e-11)
    ns = parts.magnon_number
    g_mat = _fd(lambda x: mat.inelastic_current(x, ns, temperature=t, **kw), v, h)
    np.testing.assert_allclose(parts.mat, g_mat, atol=1e-11)

    def i_at(n):
        return mat.elastic_conductance(n, **kw) * v + mat.inelastic_current(v, n, temperature=t, **kw)
    di_dn = (i_at(ns + 1e-3) - i_at(ns)) / 1e-3  # I is linear in N: exact up to rounding
    dns = _fd(lambda x: mat.magnon_number(x, temperature=t, **kw), v, h)
    np.testing.assert_allclose(parts.stt, di_dn * dns, rtol=1e-7, atol=1e-11)
    if t > 0:
        for field in ("mat", "stt", "total"):
            slope = {"total": "d_total"}.get(field, "d_" + field)
            num = _fd(lambda x, f=field: getattr(mat.conductance_parts(x, temperature=t, **kw), f), v, h)
            np.testing.assert_allclose(getattr(parts, slope), num, rtol=1e-6, atol=1e-10)
        num = _fd(lambda x: mat.resistance(x, temperature=t, **kw), v, h)
        np.testing.assert_allclose(mat.resistance_slope(v, temperature=t, **kw), num, rtol=1e-6, atol=1e-9)


def test_linear_limit_infinite_spin():
    big = replace(P, spin=1e15)
    v = np.linspace(-5, 5, 11)
    for eta in ETAS:
        i = mat.current(v, temperature=0.5, params=big, orientation=eta)
        np.testing.assert_allclose(i, (1 + eta * P.magnetoconductance) * v, rtol=1e-12)


def test_unpolarised_current_is_odd():
    v = np.linspace(-7, 7, 29)
    i = mat.current(v, temperature=0.9, params=UNPOL, orientation=1)
    np.testing.assert_allclose(i, -i[::-1], atol=1e-15)


def test_parametrisation_below_eq11_from_explicit_sums():
    """Eqs. (8)-(10) summed over random spectral weights with uniform A, B = P A (real P)."""
    rng = np.random.default_rng(11)
    for pol, pl in ((0.2, 0.2), (-0.6, 0.45), (1.0, -1.0)):
        a_r = rng.random(4)  # right-lead spectral weights
        a_dn = rng.random(5)
        a_up = a_dn * (1 + pl) / (1 - pl) if pl != -1 else np.zeros(5)
        if pl == -1:
            a_up, a_dn = np.zeros(5), rng.random(5)
        amp_a = 0.7 + 0.2j
        amp_b = pol * amp_a
        a_plus, a_minus = (a_up + a_dn) / 2, (a_up - a_dn) / 2
        w_plus, w_minus = np.sum(np.outer(a_r, a_plus)), np.sum(np.outer(a_r, a_minus))
        g0 = w_plus * (abs(amp_a) ** 2 + abs(amp_b) ** 2)  # Eq. (8), / G_phi
        gm = 2 * w_minus * (np.conj(amp_a) * amp_b).real  # Eq. (8), / G_phi
        gamma = 2 * w_plus * abs(amp_b) ** 2  # Eq. (9)
        p_l = 2 * w_minus * abs(amp_b) ** 2 / gamma  # Eq. (10)
        params = mat.JunctionParams(lead_polarization=p_l, island_polarization=pol)
        assert p_l == pytest.approx(pl)
        assert params.inelastic_strength == pytest.approx(gamma / g0)  # Gamma G_phi / G0
        assert params.magnetoconductance == pytest.approx(gm / g0)


# --------------------------------------------------------------------------- resistance
@pytest.mark.parametrize("params,eta", [(P, 1), (P, -1), (UNPOL, 1)])
def test_mat_plateau_at_zero_temperature_every_orientation(params, eta):
    v = np.linspace(-0.999, 0.999, 101)
    r = mat.resistance(v, temperature=0.0, params=params, orientation=eta)
    r0 = 1.0 / (1.0 + eta * params.magnetoconductance)  # G = G0 + eta G_m at N = 0 (Eq. (7))
    np.testing.assert_allclose(r, r0, rtol=1e-15)  # flat R for e|V| < hbar Omega at T = 0
    r_out = mat.resistance(np.array([-1.5, 1.5, -3.0, 3.0]), temperature=0.0, params=params, orientation=eta)
    assert np.all(r_out < r0)  # the plateau is a maximum: MAT opens an inelastic channel


def test_perfect_spin_valve_resistance_is_exactly_infinite_without_warning():
    """Issue 6 item 5: P = P_L = 1 gave +-inf with a RuntimeWarning."""
    valve = mat.JunctionParams(lead_polarization=1.0, island_polarization=1.0)
    v = np.array([-2.0, -0.5, 0.0, 0.5, 2.0])
    r_ap = mat.resistance(v, temperature=0.0, params=valve, orientation=-1)  # G0 + eta G_m = 0
    # AP at T = 0: no elastic channel; only magnon emission by L(up) -> R(down), i.e. V > hbar Omega/e
    np.testing.assert_array_equal(r_ap[:4], np.inf)
    assert np.isfinite(r_ap[4]) and r_ap[4] > 0
    assert mat.current(2.0, temperature=0.0, params=valve, orientation=-1) > 0
    warm = mat.resistance(v, temperature=0.5, params=valve, orientation=-1)
    assert np.all(np.isfinite(warm)) and np.all(warm > 0)
    r_p = mat.resistance(v, temperature=0.0, params=valve, orientation=1)
    assert np.all(np.isfinite(r_p)) and np.all(r_p > 0)
    assert np.all(mat.resistance_slope(v, temperature=0.0, params=valve, orientation=-1)[:4] == 0.0)


def test_resistance_extrema_agree_with_a_brute_force_scan():
    """The analytic dR/dV locates the same extrema as a plain scan of R on a fine grid."""
    v = np.linspace(-6, 6, 2401)
    for eta, t in ((1, 0.5), (1, 1.5), (-1, 1.0), (1, 3.0)):
        r = mat.resistance(v, temperature=t, orientation=eta)
        mins_scan = v[1:-1][(r[1:-1] < r[:-2]) & (r[1:-1] < r[2:])]
        maxs_scan = v[1:-1][(r[1:-1] > r[:-2]) & (r[1:-1] > r[2:])]
        mins, maxs = studies.resistance_extrema(v, temperature=t, orientation=eta)
        assert len(mins) == len(mins_scan) and len(maxs) == len(maxs_scan)
        np.testing.assert_allclose(mins, mins_scan, atol=2 * (v[1] - v[0]))
        np.testing.assert_allclose(maxs, maxs_scan, atol=2 * (v[1] - v[0]))


def test_antiparallel_has_no_valley_near_zero_bias():
    v = np.linspace(-3, 3, 601)
    for t in np.arange(0.25, 2.01, 0.25):
        mins, _ = studies.resistance_extrema(v, temperature=t, orientation=-1)
        assert len(mins) == 0


@pytest.mark.parametrize("eta", ETAS)
def test_ratio_depends_on_spin_only_through_spin_ratio_and_saturates(eta):
    v, t = np.linspace(-4, 4, 17), 0.7
    a = mat.stt_mat_ratio(v, temperature=t, params=replace(P, spin=10.0), orientation=eta)
    b = mat.stt_mat_ratio(v, temperature=t, params=replace(P, spin=1e6), orientation=eta)
    np.testing.assert_allclose(a, b, rtol=1e-9)
    small1 = mat.stt_mat_ratio(v, temperature=t, params=replace(P, spin_ratio=1e-7), orientation=eta)
    small2 = mat.stt_mat_ratio(v, temperature=t, params=replace(P, spin_ratio=1e-9), orientation=eta)
    np.testing.assert_allclose(small1, small2, rtol=1e-5)  # S << S_c: r no longer depends on S


def test_crossover_agrees_with_a_scan_and_is_zero_where_there_is_no_crossing():
    v = np.array([-6.0, -2.0, 0.3, 1.0, 4.0])
    ts = mat.quantum_classical_crossover(v)
    grid = np.geomspace(1e-3, 50, 4000)
    for vv, tt in zip(v, ts, strict=True):
        ss = mat.steady_state(vv, temperature=grid)
        wins = ss.n_tilde > ss.n0
        assert wins[0] and not wins[-1]
        k = np.nonzero(wins[:-1] != wins[1:])[0]
        assert len(k) == 1 and grid[k[0]] <= tt <= grid[k[0] + 1]  # one crossing, where bisection says
    assert mat.quantum_classical_crossover(0.0) == 0.0
    assert np.all(mat.quantum_classical_crossover(v, params=replace(P, spin_ratio=250.0)) < ts)
    # P_L = 1: for eta P_L V > 0 the quantum part never exceeds N_0 (issue 6 item 5: was a fake number)
    full = replace(P, lead_polarization=1.0)
    for eta in ETAS:
        vv = np.array([2.0, 0.5, -0.5, -2.0]) * eta
        out = mat.quantum_classical_crossover(vv, params=full, orientation=eta)
        np.testing.assert_array_equal(out[:2], 0.0)
        assert np.all(out[2:] > 0)
        ss = mat.steady_state(vv[:2, None], temperature=grid[None, :], params=full, orientation=eta)
        # N~ - N_0 = [(1 + |v|) n_B(1 + |v|) - n_B(1)]/(1 + S/S_c) - ... < 0, up to the rounding of
        # N_+ - N_0 - N_- (a difference of two nearly equal numbers when T << 1 - |v|)
        assert np.all(ss.n_tilde <= ss.n0 + 1e-14 * (ss.n_plus + np.abs(ss.n_minus)))


# --------------------------------------------------------------------------- studies: presets and sweeps
def test_presets_are_the_papers_parameters():
    """Fig. 2 caption: alpha_p/alpha_e = S/S_c = 25, P_L = P = 0.2; Fig. 4: an unpolarised lead;
    Fig. 3: S/S_c = 25 with insets 250 and 2.5; temperatures of Figs. 2 and 4."""
    f = studies.FIG2
    assert (f.lead_polarization, f.island_polarization, f.spin_ratio) == (0.2, 0.2, 25.0)
    assert f is mat.FIG2  # one preset object, the physics functions' default
    assert studies.UNPOLARISED == replace(f, lead_polarization=0.0)
    assert studies.FIG3_SPIN_RATIOS == (25.0, 250.0, 2.5)
    np.testing.assert_array_equal(studies.FIG2_TEMPERATURES, np.arange(11))
    np.testing.assert_allclose(studies.FIG4_TEMPERATURES, np.linspace(0, 2, 9), atol=1e-15)
    np.testing.assert_allclose(studies.FIG4_INSET_TEMPERATURES, np.linspace(0, 8, 17), atol=1e-15)


def test_family_is_the_pointwise_physics():
    v, temps = np.linspace(-5, 5, 11), np.array([0.0, 0.7, 2.0])
    for eta in ETAS:
        fam = studies.family(v, temps, orientation=eta)
        mag = studies.family(v, temps, orientation=eta, quantity="magnon_number")
        for row_r, row_n, t in zip(fam, mag, temps, strict=True):
            kw = {"temperature": t, "orientation": eta}
            np.testing.assert_array_equal(row_r, [mat.resistance(x, **kw) for x in v])
            np.testing.assert_array_equal(row_n, [mat.magnon_number(x, **kw) for x in v])


def test_extrema_versus_temperature_agrees_with_single_temperature_scans():
    v, temps = np.linspace(-6, 6, 601), np.array([0.3, 1.0, 1.5, 3.0])
    for eta in ETAS:
        for t, mins, maxs in studies.extrema_versus_temperature(v, temps, orientation=eta):
            ref = studies.resistance_extrema(v, temperature=t, orientation=eta)
            np.testing.assert_array_equal(mins, ref[0])
            np.testing.assert_array_equal(maxs, ref[1])


def test_crossover_line_maximum_is_converged_in_the_bias_grid():
    """The quoted maximum of the N_0 = N~ line (0.614) does not move when the bias grid is refined."""
    conv = studies.crossover_convergence()
    assert conv.values[0] == studies.max_crossover_temperature()
    assert conv.spread < 1e-3
    assert all(x == pytest.approx(0.614, abs=2e-3) for x in conv.values)


def test_ratio_map_is_r_and_the_crossover_line():
    v, t = np.array([-3.0, 0.5, 4.0]), np.array([0.4, 1.1])
    abs_r, t_star = studies.ratio_map(v, t)
    for i, tt in enumerate(t):
        np.testing.assert_array_equal(abs_r[i], np.abs(mat.stt_mat_ratio(v, temperature=tt)))
    np.testing.assert_array_equal(t_star, mat.quantum_classical_crossover(v))


# --------------------------------------------------------------------------- SI scales
def test_si_scales_ordinary_versus_angular_frequency():
    k = constants.h * 10e9 / constants.k  # h f / k_B for f = 10 GHz
    assert mat.crossover_temperature_K(frequency_GHz=10.0) == pytest.approx(k, rel=1e-12)
    assert k == pytest.approx(0.4799, rel=1e-3)
    assert k / (2 * np.pi) == pytest.approx(0.0764, rel=1e-3)  # reading 10 GHz as Omega: ~0.1 K of Sec. V


# ---------------------------------------------------------------------- page claims (book/magnon_transport)
def test_page_claim_valley_window_and_exercise_solution():
    """book/magnon_transport/response.md: valley at k_BT = 1.3-1.55 and monotonic from 2.45 (S/S_c = 25); the
    exercise's S/S_c = 250: valley at 4.5-4.55 and monotonic from 4.6 (features move UP in T)."""
    w25 = studies.valley_window()
    assert (w25.valley_min, w25.valley_max, w25.monotonic_from) == pytest.approx((1.3, 1.55, 2.45))
    assert np.all(np.diff(w25.valley) < 0.051)  # one contiguous window
    w250 = studies.valley_window(params=replace(P, spin_ratio=250.0))
    assert (w250.valley_min, w250.valley_max, w250.monotonic_from) == pytest.approx((4.5, 4.55, 4.6))
    assert w250.valley_min > w25.valley_max and w250.monotonic_from > w25.monotonic_from
    ap = studies.valley_window(orientation=-1, temperatures=np.arange(0.05, 3.0001, 0.05))
    assert np.isinf(ap.valley_min)


def test_page_claim_low_bias_mat_dominance_on_a_fine_grid():
    """book/magnon_transport/response.md: |r| < 1 for k_BT <= 0.3, e|V| <= 0.5 except in a band of width
    < 0.01 (under 0.5 % of the area) about the line where dG_MAT/dV = 0; there |r| does reach 1."""
    for eta in ETAS:
        check = studies.low_bias_ratio_check(orientation=eta)
        assert 0 < check.fraction < 0.005
        assert 0 < check.band < 0.01


def test_page_claim_two_quantum_criteria_differ():
    """book/magnon_transport/response.md: the N_0 = N~ line stays below k_BT ~ 0.61 (|eV| <= 12), below the
    valley."""
    t_line = studies.max_crossover_temperature()
    assert t_line == pytest.approx(0.614, abs=2e-3)
    assert t_line < studies.valley_window().valley_min


def test_page_exercise_solution_code_runs_and_states_what_the_page_says():
    """book/magnon_transport/response.md, exercise ex-mat-computational: its solution code gives the glued
    numbers."""
    import contextlib
    import io

    from conftest import ROOT, run_solution

    with contextlib.redirect_stdout(io.StringIO()) as out:
        solution, namespace = run_solution(ROOT / "book" / "magnon_transport" / "response.md",
                                           "ex-mat-computational")
    assert "S/S_c = 250: valley for k_BT = 4.50-4.55, monotonic from 4.60" in out.getvalue()
    for rho in (25.0, 250.0):
        window = studies.valley_window(params=replace(P, spin_ratio=rho))
        assert namespace["result"][rho] == pytest.approx(
            (window.valley_min, window.valley_max, window.monotonic_from))
    assert "moves *up*" in solution and "lower temperature" not in solution


def test_page_claim_curvature_sign_is_not_a_valley_criterion():
    """book/magnon_transport/response.md: parallel junction, k_BT = 3 to 8: R'(0) != 0 and R''(0) > 0, yet R
    is monotonic."""
    h = 1e-3
    v = np.linspace(-12, 12, 2401)
    for t in np.arange(3.0, 8.01, 1.0):
        slope0 = mat.resistance_slope(0.0, temperature=t, orientation=1)
        curvature = (mat.resistance_slope(h, temperature=t, orientation=1)
                     - mat.resistance_slope(-h, temperature=t, orientation=1)) / (2 * h)
        r = mat.resistance(v, temperature=t, orientation=1)
        assert slope0 < 0 and curvature > 0 and np.all(np.diff(r) < 0)


def test_page_claim_larger_islands_enlarge_the_mat_region():
    """book/magnon_transport/response.md (Fig. 3): the share of the map with |r| < 1 grows with S/S_c."""
    v = np.linspace(-10, 10, 121)[None, :]
    t = np.linspace(0.05, 4.0, 60)[:, None]
    share = [np.mean(np.abs(mat.stt_mat_ratio(v, temperature=t, params=replace(P, spin_ratio=rho))) < 1)
             for rho in (2.5, 25.0, 250.0)]
    assert share[0] < share[1] < share[2]
