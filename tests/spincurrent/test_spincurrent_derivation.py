"""The SymPy derivations of Sec. 1.1 against the printed equations of Ralph & Stiles (2008).

Units in the numeric comparisons: hbar = 1, m = 1/2, Omega = 1, so hbar^2/(2 m Omega) = 1,
which is the unit of spinlib.spincurrent.
"""

import numpy as np
import pytest
import sympy as sp

from spinlib import spincurrent as sc
from spinlib.spincurrent import derivation as d

S = d.SYMBOLS
hbar, m, Omega, k, k_dn, theta, x = (S[n] for n in ("hbar", "m", "Omega", "k", "k_dn", "theta", "x"))
kap_up, kap_dn = S["kappa_up"], S["kappa_dn"]
UNITS = {hbar: 1, m: sp.Rational(1, 2), Omega: 1}
PREF = hbar**2 / (2 * m * Omega)
RNG = np.random.default_rng(20080101)


def is_zero(expr) -> bool:
    return sp.simplify(sp.expand_complex(sp.expand(expr))) == 0


def vec_is_zero(v) -> bool:
    return all(is_zero(c) for c in v)


# ---------------------------------------------------------------- Eq. (6): plane-wave spin current


def classical_spin_flux(a, b, direction=1):
    """Independent premise: Q = v (x) s, v = +-hbar k/m, s = (hbar/2) psi^dag sigma psi / Omega."""
    chi = sp.Matrix([a, b])
    return sp.Matrix(
        [direction * hbar * k / m * hbar / 2 * sp.expand((chi.H * s * chi)[0, 0]) / Omega for s in d.PAULI]
    )


def test_eq6_x_and_z_match_printed_y_has_opposite_sign():
    a, b = S["a"], S["b"]
    q = d.plane_wave_spin_current(1)
    pre = hbar**2 * k / (2 * m * Omega)
    printed_eq6 = [
        pre * 2 * sp.re(a * sp.conjugate(b)),  # Eq. (6), Q_xx
        pre * 2 * sp.im(a * sp.conjugate(b)),  # Eq. (6), Q_xy as printed
        pre * (sp.Abs(a) ** 2 - sp.Abs(b) ** 2),
    ]  # Eq. (6), Q_xz
    assert is_zero(q[0] - printed_eq6[0])
    assert is_zero(q[2] - printed_eq6[2])
    # erratum: printed Q_xy differs; derived is its negative
    assert not is_zero(q[1] - printed_eq6[1])
    assert is_zero(q[1] + printed_eq6[1])
    # independent check of the derived form: the classical flux v (x) s of Sec. 3
    assert vec_is_zero(q - classical_spin_flux(a, b))
    assert vec_is_zero(d.plane_wave_spin_current(-1) - classical_spin_flux(a, b, -1))
    # concrete: a spin along +y moving along +x carries positive Q_xy; printed Eq. (6) gives negative
    sub = {
        S["a"].as_real_imag()[0]: 1 / sp.sqrt(2),
        S["a"].as_real_imag()[1]: 0,
        S["b"].as_real_imag()[0]: 0,
        S["b"].as_real_imag()[1]: 1 / sp.sqrt(2),
    }
    assert sp.simplify(q[1].subs(sub) / pre) == 1
    assert sp.simplify(printed_eq6[1].subs(sub) / pre) == -1


def test_eq6_numeric_matches_lambdify():
    ar, ai = S["a"].as_real_imag()
    br, bi = S["b"].as_real_imag()
    for direction in (1, -1):
        f = sp.lambdify((ar, ai, br, bi, k), list(d.plane_wave_spin_current(direction).subs(UNITS)), "numpy")
        z = RNG.normal(size=(4, 200))
        kk = RNG.uniform(0.1, 3, 200)
        ref = np.stack(np.broadcast_arrays(*f(*z, kk)), axis=-1)
        got = sc.plane_wave_spin_current(z[0] + 1j * z[1], z[2] + 1j * z[3], k=kk, direction=direction)
        np.testing.assert_allclose(got, ref, rtol=1e-12, atol=1e-12)


# ---------------------------------------------------------------- Eqs. (10), (11): toy model 1


def _conj(z):
    return sp.conjugate(z)


def test_left_interference_terms_carry_no_spin_current():
    assert vec_is_zero(d.total_left_current_cross_terms())


def test_eq10_transmitted_and_reflected_against_printed():
    q = d.filter_spin_currents()
    tu, td, ru, rd = S["t_up"], S["t_dn"], S["r_up"], S["r_dn"]
    pre = hbar**2 * k / (2 * m * Omega)
    c, s = sp.cos(theta / 2), sp.sin(theta / 2)
    printed_in = pre * sp.Matrix([sp.sin(theta), 0, sp.cos(theta)])  # Eq. (10), Q_in
    printed_trans = pre * sp.Matrix(
        [
            sp.sin(theta) * sp.re(tu * _conj(td)),  # Eq. (10), Q_trans
            sp.sin(theta) * sp.im(tu * _conj(td)),
            sp.Abs(tu) ** 2 * c**2 - sp.Abs(td) ** 2 * s**2,
        ]
    )
    printed_refl = -pre * sp.Matrix(
        [
            sp.sin(theta) * sp.re(ru * _conj(rd)),  # Eq. (10), Q_refl
            sp.sin(theta) * sp.im(ru * _conj(rd)),
            sp.Abs(ru) ** 2 * c**2 - sp.Abs(rd) ** 2 * s**2,
        ]
    )
    assert vec_is_zero(q["in"] - printed_in)
    for key, printed in (("trans", printed_trans), ("refl", printed_refl)):
        assert is_zero(q[key][0] - printed[0])
        assert is_zero(q[key][2] - printed[2])
        # erratum inherited from Eq. (6): the y components have the opposite sign
        assert not is_zero(q[key][1] - printed[1])
        assert is_zero(q[key][1] + printed[1])


def test_eq11_torque_no_z_component_and_y_sign_erratum():
    n = d.filter_torque()  # Omega/A * N_st, A = 1
    tu, td, ru, rd = S["t_up"], S["t_dn"], S["r_up"], S["r_dn"]
    pre = hbar**2 * k / (2 * m)
    mix = tu * _conj(td) + ru * _conj(rd)
    printed_eq11 = [pre * sp.sin(theta) * (1 - sp.re(mix)), -pre * sp.sin(theta) * sp.im(mix), 0]
    assert is_zero(n[0] - printed_eq11[0])
    assert n[2] == 0  # no torque along the magnetization (uses |t|^2 + |r|^2 = 1)
    assert not is_zero(n[1] - printed_eq11[1])
    assert is_zero(n[1] + printed_eq11[1])
    # independent check of the sign: a layer that only delays the minority wave, t_dn = exp(i phi),
    # rotates the transmitted spin by +phi about z (its <sigma_y> = sin(theta) sin(phi) > 0), so the
    # torque on the layer, minus the change of the electron's spin flux, has N_y < 0.
    phi = sp.Symbol("phi", positive=True)
    chi_t = sp.Matrix([sp.cos(theta / 2), sp.exp(sp.I * phi) * sp.sin(theta / 2)])
    sy = sp.simplify((chi_t.H * d.PAULI[1] * chi_t)[0, 0])
    assert sp.simplify(sy - sp.sin(theta) * sp.sin(phi)) == 0
    sub = {
        S["t_up"].as_real_imag()[0]: 1,
        S["t_up"].as_real_imag()[1]: 0,
        S["t_dn"].as_real_imag()[0]: sp.cos(phi),
        S["t_dn"].as_real_imag()[1]: sp.sin(phi),
        S["r_up"].as_real_imag()[0]: 0,
        S["r_up"].as_real_imag()[1]: 0,
        S["r_dn"].as_real_imag()[0]: 0,
        S["r_dn"].as_real_imag()[1]: 0,
    }
    assert sp.simplify(n[1].subs(sub) + pre * sy) == 0


def test_eq11_numeric_matches_lambdify():
    syms = []
    for n in ("t_up", "t_dn", "r_up", "r_dn"):
        syms += list(S[n].as_real_imag())
    f = sp.lambdify((*syms, theta, k), list(d.filter_torque().subs(UNITS)), "numpy")
    npts = 100
    al = RNG.uniform(0, np.pi / 2, (2, npts))
    ph = RNG.uniform(-np.pi, np.pi, (4, npts))
    t_up, r_up = np.cos(al[0]) * np.exp(1j * ph[0]), 1j * np.sin(al[0]) * np.exp(1j * ph[1])
    t_dn, r_dn = np.cos(al[1]) * np.exp(1j * ph[2]), 1j * np.sin(al[1]) * np.exp(1j * ph[3])
    th = RNG.uniform(0, np.pi, npts)
    kk = RNG.uniform(0.2, 2, npts)
    args = []
    for z in (t_up, t_dn, r_up, r_dn):
        args += [z.real, z.imag]
    ref = np.stack(np.broadcast_arrays(*f(*args, th, kk)), axis=-1)
    got = sc.filter_torque(theta=th, t_up=t_up, t_down=t_dn, r_up=r_up, r_down=r_dn, k=kk)
    np.testing.assert_allclose(got, ref, atol=1e-12)


# ---------------------------------------------------------------- Eqs. (12)-(13): toy model 2


def test_eq12_amplitudes():
    st = d.step_spin_currents()
    assert st["t_up"] == 1 and st["r_up"] == 0
    assert sp.simplify(st["t_dn"] - 2 * k / (k + k_dn)) == 0  # Eq. (12)
    assert sp.simplify(st["r_dn"] - (k - k_dn) / (k + k_dn)) == 0  # Eq. (12)
    printed_trans = sp.Matrix(
        [
            sp.exp(sp.I * k * x) * sp.cos(theta / 2),  # Eq. (12), psi_trans
            sp.exp(sp.I * k_dn * x) * 2 * k / (k + k_dn) * sp.sin(theta / 2),
        ]
    ) / sp.sqrt(Omega)
    assert vec_is_zero(st["psi_trans"] - printed_trans)


def test_eq13_spin_currents_match_printed():
    st = d.step_spin_currents()
    pre = hbar**2 / (2 * m * Omega)
    k_up = k
    printed_in = pre * sp.Matrix([k * sp.sin(theta), 0, k * sp.cos(theta)])  # Eq. (13)
    printed_trans = pre * sp.Matrix(
        [  # Eq. (13)
            sp.sin(theta) * k * sp.cos((k_up - k_dn) * x),
            -sp.sin(theta) * k * sp.sin((k_up - k_dn) * x),
            k * sp.cos(theta / 2) ** 2 - k_dn * (2 * k / (k + k_dn)) ** 2 * sp.sin(theta / 2) ** 2,
        ]
    )
    printed_refl = pre * sp.Matrix([0, 0, k * ((k - k_dn) / (k + k_dn)) ** 2 * sp.sin(theta / 2) ** 2])
    assert vec_is_zero(st["in"] - printed_in)
    assert vec_is_zero(st["trans"] - printed_trans)
    assert vec_is_zero(st["refl"] - printed_refl)
    # the paper's claim: no transverse reflected spin current
    assert st["refl"][0] == 0 and st["refl"][1] == 0
    # continuity at the interface and no torque along z
    assert vec_is_zero(st["in"] + st["refl"] - st["trans"].subs(x, 0))


def test_precession_period():
    assert sp.simplify(d.precession_period() - 2 * sp.pi / (k - k_dn)) == 0  # Sec. 3, after Eq. (13)
    kk = RNG.uniform(0.5, 2, 50)
    kd = kk * RNG.uniform(0.05, 0.95, 50)
    f = sp.lambdify((k, k_dn), d.precession_period())
    np.testing.assert_allclose(
        sc.precession_period(k=kk, params=sc.StepModel(q_down=np.sqrt(kk**2 - kd**2))), f(kk, kd), rtol=1e-12
    )


def test_eq13_numeric_matches_lambdify():
    st = d.step_spin_currents()
    f = sp.lambdify((x, k, k_dn, theta), list(st["trans"].subs(UNITS)), "numpy")
    g = sp.lambdify((k, k_dn, theta), list(st["refl"].subs(UNITS)), "numpy")
    n = 300
    kk = RNG.uniform(0.3, 2, n)
    kd = kk * RNG.uniform(0.01, 0.99, n)
    th = RNG.uniform(0, np.pi, n)
    xx = RNG.uniform(0, 40, n)
    qd = np.sqrt(kk**2 - kd**2)
    ref = np.stack(np.broadcast_arrays(*f(xx, kk, kd, th)), axis=-1)
    np.testing.assert_allclose(
        sc.transmitted_spin_current(xx, k=kk, theta=th, params=sc.StepModel(q_down=qd)), ref, atol=1e-11
    )
    ref = np.stack(np.broadcast_arrays(*g(kk, kd, th)), axis=-1)
    np.testing.assert_allclose(
        sc.reflected_spin_current(k=kk, theta=th, params=sc.StepModel(q_down=qd)), ref, atol=1e-12
    )


# ---------------------------------------------------------------- Eq. (14): evanescent states


def test_eq14_amplitudes_and_decay():
    ev = d.evanescent_step()
    for sgn, kap in (("up", kap_up), ("dn", kap_dn)):
        assert sp.simplify(ev[f"t_{sgn}"] - 2 * k / (k + sp.I * kap)) == 0  # Eq. (14)
        assert sp.simplify(ev[f"r_{sgn}"] - (k - sp.I * kap) / (k + sp.I * kap)) == 0  # Eq. (14)
        assert sp.simplify(sp.Abs(ev[f"r_{sgn}"]) - 1) == 0  # total reflection
    # text after Eq. (14): the electron penetrates ~ 1/(kappa_up + kappa_dn)
    assert sp.simplify(ev["decay"] - (kap_up + kap_dn)) == 0
    # evanescent waves carry no longitudinal (z) spin current, but a transverse one
    assert ev["trans"][2] == 0
    assert not is_zero(ev["trans"][1])
    # the reflected spin current gains a y component (field-like torque) unless kappa_up = kappa_dn
    assert not is_zero(ev["refl"][1])
    assert is_zero(ev["refl"][1].subs(kap_dn, kap_up))
    # continuity of the spin current at the interface
    q_in = d.step_spin_currents()["in"]
    assert vec_is_zero(q_in + ev["refl"] - ev["trans"].subs(x, 0))


def test_eq14_numeric_matches_lambdify():
    ev = d.evanescent_step()
    f = sp.lambdify((x, k, kap_up, kap_dn, theta), list(ev["trans"].subs(UNITS)), "numpy")
    g = sp.lambdify((k, kap_up, kap_dn, theta), list(ev["refl"].subs(UNITS)), "numpy")
    n = 200
    kk = RNG.uniform(0.3, 2, n)
    ku, kd = RNG.uniform(0.01, 2, (2, n))
    th = RNG.uniform(0, np.pi, n)
    xx = RNG.uniform(0, 5, n)
    qu, qd = np.sqrt(kk**2 + ku**2), np.sqrt(kk**2 + kd**2)
    ref = np.stack(np.broadcast_arrays(*f(xx, kk, ku, kd, th)), axis=-1)
    got = sc.transmitted_spin_current(xx, k=kk, theta=th, params=sc.StepModel(q_up=qu, q_down=qd))
    np.testing.assert_allclose(got, ref, atol=1e-11)
    ref = np.stack(np.broadcast_arrays(*g(kk, ku, kd, th)), axis=-1)
    np.testing.assert_allclose(
        sc.reflected_spin_current(k=kk, theta=th, params=sc.StepModel(q_up=qu, q_down=qd)), ref, atol=1e-12
    )
    np.testing.assert_allclose(
        sc.transverse_decay_constant(k=kk, params=sc.StepModel(q_up=qu, q_down=qd)), ku + kd, rtol=1e-12
    )


def test_minority_only_evanescent():
    me = d.minority_evanescent_decay()
    assert sp.simplify(me["decay"] - kap_dn) == 0
    assert sp.simplify(me["rotation"] + k) == 0  # rotates as exp(-i k x): period 2 pi / k_up
    kk = RNG.uniform(0.3, 2, 50)
    kd = RNG.uniform(0.01, 2, 50)
    np.testing.assert_allclose(
        sc.transverse_decay_constant(k=kk, params=sc.StepModel(q_down=np.sqrt(kk**2 + kd**2))), kd, rtol=1e-12
    )
    f = sp.lambdify((x, k, kap_dn, theta), list(me["trans"].subs(UNITS)), "numpy")
    th = RNG.uniform(0, np.pi, 50)
    xx = RNG.uniform(0, 5, 50)
    ref = np.stack(np.broadcast_arrays(*f(xx, kk, kd, th)), axis=-1)
    got = sc.transmitted_spin_current(xx, k=kk, theta=th, params=sc.StepModel(q_down=np.sqrt(kk**2 + kd**2)))
    np.testing.assert_allclose(got, ref, atol=1e-11)


# ---------------------------------------------------------------- beyond the paper: Fermi-surface sum


def test_fermi_sum_asymptote_derived_matches_spinlib():
    res = d.fermi_sum_endpoint_asymptote(terms=2)
    rho, xs = res["rho"], res["x"]
    assert sp.simplify(res["phi_prime_1"] - (rho - 1) / rho) == 0
    assert sp.simplify(res["phase_at_1"] - (1 - rho)) == 0
    c1, c2 = res["coefficients"]
    # first term: amplitude 2 rho/(1 - rho), a quarter period behind the phase factor
    assert sp.simplify(c1 - 2 * rho / (sp.I * (1 - rho))) == 0
    series = sp.lambdify((xs, rho), res["series"], "numpy")
    amp = sp.lambdify(rho, res["amplitude"])
    for ratio in (0.3, 0.6, 0.85):
        model = sc.StepModel.from_ratio(ratio=ratio)
        r = float(np.sqrt((1 - model.q_down) * (1 + model.q_down)))  # the ratio the model holds
        xx = np.array([50.0, 120.0, 1e4])
        got = sc.fermi_average_asymptote(xx, theta=np.pi / 2, terms=2, params=model)
        np.testing.assert_allclose(got, series(xx, r), rtol=1e-12)
        one = sc.fermi_average_asymptote(xx, theta=np.pi / 2, params=model)
        np.testing.assert_allclose(np.abs(one) * xx, amp(r), rtol=1e-12)


@pytest.mark.parametrize("r", [0.3, 0.6, 0.8])
def test_fermi_sum_second_coefficient_against_quadrature(r):
    # independent of the integration by parts: (I - first term) x^2 e^{i(1-rho)x} -> c_2
    res = d.fermi_sum_endpoint_asymptote(terms=2)
    c2 = complex(res["coefficients"][1].subs(res["rho"], r))
    x = np.array([1500.0, 1600.0, 1700.0])
    q = sc.transverse_spin_current_profile(
        x, theta=np.pi / 2, n_nodes=512, params=sc.StepModel.from_ratio(ratio=r)
    )
    first = sc.fermi_average_asymptote(x, theta=np.pi / 2, params=sc.StepModel.from_ratio(ratio=r))
    measured = (q[:, 0] + 1j * q[:, 1] - first) * x**2 * np.exp(1j * (1 - r) * x)
    np.testing.assert_allclose(measured, c2, rtol=2e-2)


# ---------------------------------------------------------------- Eq. (29): field-like torque vs bias


def test_eq29_linear_term_cancels_and_quadratic_matches_printed():
    res = d.perpendicular_torque_series(order=5)
    sy = res["symbols"]
    V, e, eF, N = sy["V"], sy["e"], sy["eF"], sy["N"]
    c = res["coeffs"]
    assert c[0] == 0 and c[1] == 0 and c[3] == 0  # no linear (or cubic) term: even in V
    dN = sp.diff(N(eF), eF)
    printed_eq29 = dN * (e * V / 2) ** 2  # Eq. (29)
    assert sp.simplify(c[2] * V**2 - printed_eq29) == 0
    # next order, not printed: N'''(eF) (eV/2)^4 / 12
    assert sp.simplify(c[4] * V**4 - sp.diff(N(eF), eF, 3) * (e * V / 2) ** 4 / 12) == 0


def test_eq29_numeric_against_series_and_exact_integral():
    res = d.perpendicular_torque_series(order=5)
    sy = res["symbols"]
    V, e, eF, N = sy["V"], sy["e"], sy["eF"], sy["N"]
    sample = sc.ResonantPerpTorque()
    eps = sp.Symbol("eps", real=True)
    n_expr = sample.background + sample.amplitude * sample.width**2 / (
        (eps - sample.center) ** 2 + sample.width**2
    )
    series = res["series"].replace(N, sp.Lambda(eps, n_expr)).doit().subs({e: 1, eF: 0})
    fser = sp.lambdify(V, series)
    exact = sp.integrate(n_expr, (eps, 0, V / 2)) - sp.integrate(n_expr, (eps, -V / 2, 0))
    fexact = sp.lambdify(V, exact)
    vs = np.linspace(-0.05, 0.05, 41)
    got = sc.perpendicular_torque_bias_change(vs, n_perp=sample)
    np.testing.assert_allclose(got, fser(vs), atol=1e-9)
    vs = np.linspace(-1.5, 1.5, 61)
    np.testing.assert_allclose(sc.perpendicular_torque_bias_change(vs, n_perp=sample), fexact(vs), atol=1e-12)
    # the printed leading term, with the sample's derivative
    np.testing.assert_allclose(
        sc.perpendicular_torque_quadratic(vs[25:36], dn_perp_at_fermi=sample.derivative(0.0)),
        sp.lambdify(V, sp.diff(series, V, 2).subs(V, 0) / 2 * V**2)(vs[25:36]),
        rtol=1e-12,
    )


@pytest.mark.parametrize("direction", [1, -1])
def test_plane_wave_pure_state_has_spin_flux_magnitude_k(direction):
    q = d.plane_wave_spin_current(direction)
    ar, ai = S["a"].as_real_imag()
    br, bi = S["b"].as_real_imag()
    norm2 = sp.simplify(sum(c**2 for c in q))
    assert sp.simplify(norm2 - (PREF * k * (ar**2 + ai**2 + br**2 + bi**2)) ** 2) == 0
