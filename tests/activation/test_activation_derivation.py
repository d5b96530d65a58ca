"""Derivations of chapter 5 against the printed equations of Wegrowe et al. (2008), arXiv:0801.1019.

Each test types the printed form with its equation number and compares it with the SymPy
derivation of :mod:`spinlib.activation.derivation`; where the paper is wrong both forms are
kept (the derived form is confirmed independently, the printed one shown to differ), and the
numeric functions of :mod:`spinlib.activation` are compared with the derived expressions.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from spinlib import activation as act
from spinlib import macrospin as llg
from spinlib.activation import derivation as d

Y = d.SYMBOLS
theta, phi, alpha, Gamma, M_s, v, kT = (Y[k] for k in ("theta", "phi", "alpha", "Gamma", "M_s", "v", "k_BT"))
L, sigma0, e, I, dR, l, beta, h = (
    Y[k] for k in ("L_thetatheta", "sigma_0", "e", "I", "DeltaR", "l", "beta", "h")
)
sig, E_a, rho0, c_i = Y["sigma"], Y["E_a"], Y["rho_0"], Y["c_i"]
rho, V = d.rho, d.V


def zero(expr) -> bool:
    return sp.simplify(expr) == 0


def vec(expr_matrix):
    return sp.Matrix(expr_matrix)


# ---------------------------------------------------------------------------------------------
# Eqs. (1)-(3): Onsager matrix and entropy production


def test_eq3_onsager_casimir_and_ferromagnetic_block():
    on = d.onsager_entropy_production()
    M = on["matrix"]
    # printed Eq. (3): L_thetatheta = -alpha L_thetaphi
    assert zero(L - (-alpha * M[1, 0]))
    # Onsager-Casimir: the ferromagnetic block is symmetric + antisymmetric with L_tp = -L_pt
    assert zero(M[0, 1] + M[1, 0]) and zero(M[0, 0] - M[1, 1])
    assert on["antisymmetric_part"] != sp.zeros(2, 2)
    # the gyrotropic (antisymmetric) part does no work: it drops out of the entropy production
    X = sp.symbols("X_phi X_theta X_dmu X_mu0", real=True)
    assert not on["quadratic_form"].has(L / alpha)
    assert sp.expand(on["quadratic_form"]).coeff(X[0] * X[1]) == 0


def test_entropy_production_bound_on_spin_transfer_coefficient_numerically():
    """Derived: the second law needs l^2 <= L sigma_0 (1 - beta^2); checked by eigenvalues."""
    on = d.onsager_entropy_production()
    assert zero(on["l_bound"] - L * sigma0 * (1 - beta**2))
    rng = np.random.default_rng(5)
    f = sp.lambdify((L, sigma0, beta, l, alpha), on["matrix"].subs(Y["ltilde"], l))
    for _ in range(200):
        Lv, s0, b, a = (
            rng.uniform(0.1, 2),
            rng.uniform(0.1, 2),
            rng.uniform(-0.95, 0.95),
            rng.uniform(0.01, 1),
        )
        bound = Lv * s0 * (1 - b * b)
        lv = np.sqrt(bound) * rng.choice([0.9, 1.1]) * rng.choice([-1, 1])
        M = np.array(f(Lv, s0, b, lv, a), dtype=float)
        lam = np.linalg.eigvalsh(0.5 * (M + M.T)).min()
        assert (lam >= -1e-12) == (lv * lv <= bound)


# ---------------------------------------------------------------------------------------------
# Eqs. (4)-(5), (14): LLG equation with Brown's diffusion


def _printed_eq5_rhs(G):
    ur = sp.Matrix([1, 0, 0])
    return -rho * Gamma / (M_s * (1 + alpha**2)) * (d._cross(ur, G) - alpha * d._cross(ur, d._cross(ur, G)))


def test_eq5_current_equals_printed_rhs_without_the_factor_v():
    tk = d.thermokinetic_llg()
    printed_rhs = _printed_eq5_rhs(tk["G"])  # printed: j v = RHS
    assert all(zero(c) for c in (tk["j"] - printed_rhs))  # derived: j = RHS
    assert not all(zero(c) for c in (tk["j"] * v - printed_rhs))  # erratum 1: not j v


def test_eq14_pseudo_field_sign_of_the_diffusion_term():
    tk = d.thermokinetic_llg()
    ur = sp.Matrix([1, 0, 0])
    pref = Gamma / (M_s * (1 + alpha**2))

    def llg_form(H):
        return pref * (d._cross(ur, H) - alpha * d._cross(ur, d._cross(ur, H)))

    derived_H = -d._grad(V) - kT / v * d._grad(rho) / rho
    printed_H = -d._grad(V) + kT / v * d._grad(rho) / rho  # Eq. (14) as printed
    assert all(zero(c) for c in (tk["velocity"] - llg_form(derived_H)))
    assert not all(zero(c) for c in (tk["velocity"] - llg_form(printed_H)))


def test_drift_is_the_llg_equation_of_spinlib_llg_with_reversed_precession():
    """Independent: with V = -h . u_r (Zeeman, M_s = 1) and Gamma = 1 (Gamma > 0 is needed for
    L_thetatheta > 0 in Eq. (3)), the thermokinetic drift has llg.llg_rhs's damping term and the
    opposite precession (the sign of L_thetaphi in Eq. (3) fixes the sense of precession)."""
    tk = d.thermokinetic_llg()
    hx, hy, hz = sp.symbols("h_x h_y h_z", real=True)
    Vz = -(hx * sp.sin(theta) * sp.cos(phi) + hy * sp.sin(theta) * sp.sin(phi) + hz * sp.cos(theta))
    drift = tk["llg_drift"].subs(V, Vz).doit().subs({Gamma: 1, M_s: 1})
    f = sp.lambdify((theta, phi, hx, hy, hz, alpha), [drift[1], drift[2]])
    rng = np.random.default_rng(3)
    for _ in range(20):
        th, ph = rng.uniform(0.2, 3.0), rng.uniform(0, 2 * np.pi)
        hvec, a = rng.normal(size=3), rng.uniform(0.01, 1.5)
        dth, dph = f(th, ph, *hvec, a)
        e_th = np.array([np.cos(th) * np.cos(ph), np.cos(th) * np.sin(ph), -np.sin(th)])
        e_ph = np.array([-np.sin(ph), np.cos(ph), 0.0])
        m = np.array([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)])
        full = llg.llg_rhs(m, params=llg.MacrospinParams(field=hvec, alpha=a))
        precession = llg.llg_rhs(m, params=llg.MacrospinParams(field=hvec, alpha=0.0)) / (1 + a * a)
        assert np.allclose(dth * e_th + dph * e_ph, full - 2 * precession, atol=1e-12)
        assert not np.allclose(dth * e_th + dph * e_ph, full, atol=1e-6)


def test_continuity_gives_browns_fokker_planck_equation_axial():
    """Brown (1963): dW/dt = (1/sin) d/dtheta [sin (h' W dV/dtheta + k' dW/dtheta)],
    h' = alpha Gamma / (M_s (1 + alpha^2)), k' = k_B T h' / v (typed in)."""
    fp = d.fokker_planck()
    W, Vt = fp["axial_rho"], fp["axial_V"]
    hp = alpha * Gamma / (M_s * (1 + alpha**2))
    kp = kT * hp / v
    brown = sp.diff(sp.sin(theta) * (hp * W * sp.diff(Vt, theta) + kp * sp.diff(W, theta)), theta) / sp.sin(
        theta
    )
    assert zero(fp["axial"] - brown)
    assert zero(fp["D"] - kp)  # diffusion constant D = k_B T L / rho (Eq. (19), D_0)


def test_gyrotropic_part_of_the_fokker_planck_equation_is_a_poisson_bracket():
    """Independent: div(rho u_r x grad V) = u_r . (grad V x grad rho) on the sphere."""
    fp = d.fokker_planck()
    diss = fp["rhs"].subs(Gamma, Gamma)  # full rhs
    hp = alpha * Gamma / (M_s * (1 + alpha**2))
    gp = Gamma / (M_s * (1 + alpha**2))
    gradV, gradr = d._grad(V), d._grad(rho)
    dissipative = d._div(hp * (rho * gradV + kT / v * gradr))
    bracket = gp * (gradV[1] * gradr[2] - gradV[2] * gradr[1])
    assert zero(diss - dissipative - bracket) or zero(diss - dissipative + bracket)
    assert not zero(diss - dissipative)


def test_boltzmann_density_is_stationary_with_and_without_spin_injection():
    fp = d.fokker_planck()
    assert all(zero(c) for c in fp["boltzmann_flux"])
    assert zero(fp["axial_injected_flux"])
    # and a non-Boltzmann density is not stationary (the test can fail)
    tk = d.thermokinetic_llg()
    C = sp.Symbol("C", positive=True)
    wrong = tk["j"].subs(rho, C * sp.exp(-2 * v * V / kT)).doit()
    assert not all(zero(c) for c in wrong)


# ---------------------------------------------------------------------------------------------
# Eqs. (7), (10)-(15), (19): electrospin potential and modified density


def test_eq10_electrospin_potential_extra_e_in_printed_second_equality():
    es = d.electrospin()
    tp = sp.Symbol("t", real=True)
    integral = sp.integrate(dR * (1 - sp.cos(tp)), (tp, 0, theta))
    printed = 8 * e * I / beta * integral  # Eq. (10), second equality, as printed
    derived = es["Ve"]
    assert zero(derived - 8 * I / beta * integral)
    assert zero(printed / derived - e) and not zero(printed - derived)


def _reduced_electrospin():
    """The derived (l/L) V^e / E_a of Eq. (10) in reduced units: iota = -8 l Delta R I / (beta L E_a)."""
    iota = Y["iota"]
    ve = (l / L * d.electrospin()["Ve"] / E_a).subs(I, -iota * beta * L * E_a / (8 * l * dR))
    return sp.simplify(ve), iota


def test_eq10_numeric_electrospin_potential_is_the_derived_one():
    """The function the numerics add to the potential is the derived Eq. (10), sign included."""
    ve, iota = _reduced_electrospin()
    f = sp.lambdify((theta, iota), ve)
    th = np.linspace(0.0, np.pi, 37)[:, None]
    j = np.array([-0.55, -0.1, 0.0, 0.3, 2.0, 75.0])
    ref = f(th, j) * np.ones_like(th * j)
    assert np.allclose(act.electrospin_potential(th, current=j), ref, rtol=1e-13, atol=1e-15)
    # tiny angles: the series branch keeps the relative accuracy of iota theta^3 / 6 (beyond
    # 1e-3 the direct theta - sin theta loses up to ~1e-9 of it)
    small = np.array([1e-8, 1e-5, 9e-4, 1.1e-3])
    ref_small = -0.7 * np.array([float(sp.N((sp.Float(x, 40) - sp.sin(sp.Float(x, 40))), 30)) for x in small])
    assert np.allclose(act.electrospin_potential(small, current=0.7), ref_small, rtol=5e-9, atol=0)
    # and it is the current-dependent part of the total potential (Eq. (26)) the rates use
    for h_ in (-0.4, 0.0, 0.3):
        diff = act.potential(th, field=h_, current=j) - act.potential(th, field=h_, current=0.0)
        assert np.allclose(diff, ref, rtol=1e-12, atol=1e-13)


def test_gmr_resistance_is_the_premise_of_the_derived_electrospin_potential():
    """R_GMR / Delta R = (beta / 8 I Delta R) dV^e/dtheta (Eq. (7)/(10)), checked with its limits."""
    es = d.electrospin()
    r_derived = sp.simplify(beta / (8 * I * dR) * sp.diff(es["Ve"], theta))
    f = sp.lambdify(theta, r_derived)
    th = np.linspace(-7.0, 7.0, 141)
    assert np.allclose(act.gmr_resistance(th), f(th), rtol=1e-13, atol=1e-15)
    # limits: 0 in P, Delta R at 90 degrees, 2 Delta R in AP; quadratic near P: theta^2 / 2
    assert act.gmr_resistance(0.0) == 0.0
    assert act.gmr_resistance(np.pi / 2) == pytest.approx(1.0, rel=1e-15)
    assert act.gmr_resistance(np.pi) == pytest.approx(2.0, rel=1e-15)
    assert act.gmr_resistance(1e-6) == pytest.approx(0.5e-12, rel=1e-9)
    # the electrospin force is -iota R_GMR: derivative of the numeric electrospin potential
    x = np.linspace(0.1, 3.0, 30)
    eps = 1e-6
    dve = (
        act.electrospin_potential(x + eps, current=0.4) - act.electrospin_potential(x - eps, current=0.4)
    ) / (2 * eps)
    assert np.allclose(dve, -0.4 * act.gmr_resistance(x), rtol=1e-8)


def test_differences_below_eq26_and_asymmetry_factors():
    es = d.electrospin()
    assert zero(es["diff_P"] - (-4 * I * dR * (sp.pi - 2) / beta))  # printed below Eq. (26)
    assert zero(es["diff_AP"] - (4 * I * dR * (sp.pi + 2) / beta))
    assert zero(es["c_P"] - (sp.pi - 2) / 2)  # printed below Eq. (27)
    assert zero(-es["c_AP"] - (sp.pi + 2) / 2)  # printed as a magnitude
    # the numeric asymmetry factors at any field equal the derived integrals
    f = sp.lambdify(h, [es["c_P_field"], es["c_AP_field"]])
    hs = np.linspace(-0.9, 0.9, 13)
    cp, cap = act.asymmetry_factors(field=hs)
    ref = np.array(f(hs))
    assert np.allclose(cp, ref[0], rtol=1e-13) and np.allclose(cap, ref[1], rtol=1e-13)


def test_eq12_eq15_eq19_modified_density():
    md = d.modified_density()
    r0, Ve = md["rho_0"], md["V_e"]
    assert zero(md["rho_tot"] - r0 * sp.exp(l * Ve / (kT * L)))  # Eq. (12)
    assert zero(md["correction"] - l / L * sp.diff(Ve, theta))  # Eq. (15)
    D0 = L * kT / r0
    assert zero(md["D_tot"] - D0 * sp.exp(-l * Ve / (kT * L)))  # Eq. (19)


# ---------------------------------------------------------------------------------------------
# Eqs. (20)-(24), footnote [33]: steepest-descent rates


def test_eq24_interior_wells_and_its_failure_at_the_poles():
    tr = d.two_state_rates()
    D, s0, si, Du = tr["D"], tr["s0"], tr["si"], tr["Du"]
    a, c = tr["a"], tr["c"]
    # printed Eq. (24) with v V''/k_B T = sigma u'' and v (V_i - V_0)/k_B T = -sigma Delta u
    printed = D * s0 / si * sp.sqrt(c * a) * sig / (2 * sp.pi) * sp.exp(-sig * Du)
    assert zero(tr["k_interior"] - printed)
    assert sp.limit(printed, si, 0, "+") == sp.oo  # erratum 4: diverges at a pole
    assert zero(
        tr["k_pole"]
        - sp.sqrt(2)
        * D
        * a
        * sp.sqrt(c)
        * s0
        * sig ** sp.Rational(3, 2)
        * sp.exp(-sig * Du)
        / (2 * sp.sqrt(sp.pi))
    )


def test_footnote33_laplace_factor():
    tr = d.two_state_rates()
    M, c = tr["M"], tr["c"]
    printed = sp.sqrt(2 * sp.pi * M * c)
    derived = tr["laplace_factor"]
    assert zero(derived - sp.sqrt(2 * sp.pi / (M * c)))
    assert not zero(derived - printed)


def test_pole_rate_is_browns_high_barrier_formula():
    """Brown (1963), axial symmetry, P well:
    1/tau = sigma^{3/2}(1-h^2)(1+h) e^{-sigma(1+h)^2}/(sqrt(pi) tau_N)."""
    tr = d.two_state_rates()
    brown = sig ** sp.Rational(3, 2) * (1 - h**2) * (1 + h) * sp.exp(-sig * (1 + h) ** 2) / sp.sqrt(sp.pi)
    assert zero(tr["brown_zero_current"] - brown)
    # spinlib's steepest descent and Brown methods equal it at zero current
    f = sp.lambdify((sig, h), brown)
    for s_, h_ in ((3.0, 0.0), (17.0, 0.4), (40.0, -0.6)):
        for m in ("steepest_descent", "brown"):
            lt = act.log_escape_time(barrier=s_, field=h_, method=m)
            assert np.isclose(np.exp(-lt), f(s_, h_), rtol=1e-11, atol=0)


def test_cone_integral_matches_the_numeric_steepest_descent_well():
    """The AP well under current is a cone at the pole: int x e^{-sigma(b x + a x^2)} dx (derived)
    is what log_escape_time(method='steepest_descent') uses (checked through the AP rate)."""
    tr = d.two_state_rates()
    a, b = tr["a"], sp.Symbol("b", positive=True)
    cone = sp.lambdify((sig, a, b), tr["cone_integral"], "mpmath")
    # AP escape at iota > 0: u(pi - x) ~ u(pi) + 2 iota x + (1 - h) x^2
    s_, h_, j_ = 25.0, 0.1, 0.05
    top = float(act.stationary_points(field=h_, current=j_)["theta_top"])
    u = lambda th: np.sin(th) ** 2 - 2 * h_ * np.cos(th) - j_ * (th - np.sin(th))  # noqa: E731
    u2 = 2 * np.cos(2 * top) + 2 * h_ * np.cos(top) - j_ * np.sin(top)
    W = float(cone(s_, 1 - h_, 2 * j_))
    k = 0.5 * np.sin(top) * np.sqrt(s_ * abs(u2) / (2 * np.pi)) * np.exp(-s_ * (u(top) - u(np.pi))) / W
    assert np.isclose(
        np.exp(
            -act.log_escape_time(barrier=s_, field=h_, current=j_, initial="AP", method="steepest_descent")
        ),
        k,
        rtol=1e-10,
        atol=0,
    )


# ---------------------------------------------------------------------------------------------
# Eqs. (25)-(28): barrier, rate law, critical current


def test_eq25_sign_of_the_exponent():
    rl = d.rate_law()
    es = d.electrospin()
    # printed Eq. (25) for i = P (theta_0 = pi/2): exp(-l (V^e(0) - V^e(pi/2)) / (k_B T L))
    printed = sp.exp(-l * es["diff_P"] / (kT * L))
    derived = rl["exponent_factor"].subs(c_i, es["c_P"])
    assert zero(sp.powsimp(derived * printed) - 1)  # reciprocal: opposite sign
    assert not zero(derived - printed)
    assert zero(rl["consistency"])
    # independent: the exact escape time under the derived potential u - iota g (iota ~ -l) is
    # shortened from P for iota > 0 by exp(sigma iota c_P) at small iota
    s_, j_ = 40.0, 1e-3
    ratio = act.escape_time(barrier=s_, current=0.0) / act.escape_time(barrier=s_, current=j_)
    assert np.isclose(np.log(ratio), s_ * j_ * (np.pi - 2) / 2, rtol=2e-2)


def test_eq26_printed_total_potential_extra_e_and_missing_v():
    """Printed Eq. (26): V_tot = V^F + (8 l e I / beta L) int R_GMR (V^F an energy density, an e).
    Derived: V_tot = v V^F + (l/L) V^e with V^e = (8 I / beta) int R_GMR (Eq. (11) adds to the
    energy v V^F; Eq. (7) over e leaves no e). Both kept: they differ exactly by v and e."""
    es = d.electrospin()
    tp = sp.Symbol("t", real=True)
    integral = sp.integrate(dR * (1 - sp.cos(tp)), (tp, 0, theta))
    VF = sp.Function("V^F")(theta)
    printed = VF + 8 * l * e * I / (beta * L) * integral  # Eq. (26) as printed
    derived = v * VF + l / L * es["Ve"]
    assert not zero(printed - derived)
    assert zero(printed.subs(e, 1).subs(VF, v * VF) - derived)


def test_eq28_follows_from_the_printed_eq26():
    """Eq. (28) is not a separate erratum: the printed barrier of Eq. (26) (with its e) set equal to
    E_a (1 - I/I_c) gives exactly the printed I_c of Eq. (28); the derived barrier gives it without e."""
    rl = d.rate_law()
    shift_printed = rl["barrier_shift"] * e  # the e of the printed Eq. (26) in the barrier shift
    Ic = sp.Symbol("I_c")
    sol = sp.solve(sp.Eq(E_a + shift_printed, E_a * (1 - I / Ic)), Ic)[0]
    Ltt = rho0 * alpha * Gamma / (v * M_s * (1 + alpha**2))
    printed28 = -(Gamma * alpha * E_a / (v * M_s * (1 + alpha**2) * c_i)) * (rho0 / (e * l)) * beta / (8 * dR)
    assert zero(sol.subs(L, Ltt) - printed28)
    assert zero(rl["I_c_onsager"] / printed28 - e)


def test_eq27_rate_law_factor_two_v_and_eight():
    """Printed Eq. (27) typed literally:
    tau_i = tau_0 exp{-[Delta V^F +- c_i l Delta R I / (beta L)] / 2 k_B T}
    with the paper's Delta V^F = V^F(theta_i) - V^F(theta_0) (an energy density, < 0 for a well).
    Derived: tau_0 exp{[v dV^F + 8 l Delta R I c_i / (beta L)] / k_B T} (dV^F = -Delta V^F > 0)."""
    rl = d.rate_law()
    dVF = rl["DeltaV_F"]
    tau0 = Y["tau_0"]
    derived = rl["tau"]
    DeltaVF_printed = -dVF
    for branch in (+1, -1):
        printed = tau0 * sp.exp(-(DeltaVF_printed + branch * c_i * l * dR * I / (beta * L)) / (2 * kT))
        # zero current: the printed exponent lacks the volume v and has an extra 1/2
        assert zero(sp.log(derived / tau0).subs(I, 0) - 2 * v * sp.log(printed / tau0).subs(I, 0))
        coeff_d = sp.diff(sp.log(derived / tau0), I)
        coeff_p = sp.diff(sp.log(printed / tau0), I)
        assert zero(coeff_d / coeff_p + branch * 16)  # 8 from Eq. (7), 2 from the 2 k_B T


def test_linear_method_is_the_derived_eq27_in_reduced_units():
    """log tau_linear(iota) - log tau_linear(0) = barrier shift / k_B T of the derived rate law,
    with iota = -8 l Delta R I / (beta L E_a) and sigma = E_a / k_B T."""
    rl = d.rate_law()
    es = d.electrospin()
    j_, s_ = sp.symbols("iota_n sigma_n", real=True)
    shift_over_kT = (rl["barrier_shift"] / kT).subs(I, -j_ * beta * L * E_a / (8 * l * dR)).subs(kT, E_a / s_)
    for state, c in (("P", es["c_P"]), ("AP", es["c_AP"])):  # c_AP = int_pi^theta0: signed, negative
        f = sp.lambdify((s_, j_), sp.simplify(shift_over_kT.subs(c_i, c)))
        for sv, jv in ((10.0, 0.2), (30.0, -0.1), (5.0, 1.0)):
            got = act.log_escape_time(
                barrier=sv, current=jv, initial=state, method="linear"
            ) - act.log_escape_time(barrier=sv, current=0.0, initial=state, method="linear")
            assert got == pytest.approx(f(sv, jv), rel=1e-12)


def test_linear_critical_currents_are_the_first_order_barrier_numerically():
    hs = np.array([-0.5, 0.0, 0.3])
    icp, icap = act.critical_currents_linear(field=hs)
    cp, cap = act.asymmetry_factors(field=hs)
    for k, hv in enumerate(hs):
        eps = 1e-6
        dp0, dap0 = act.barrier_heights(field=hv, current=0.0)
        dp1, dap1 = act.barrier_heights(field=hv, current=eps)
        assert np.isclose((dp1 - dp0) / eps, -cp[k], rtol=1e-4)  # envelope theorem: -c_P
        assert np.isclose((dap1 - dap0) / eps, cap[k], rtol=1e-4)
        assert np.isclose(icp[k], dp0 / cp[k]) and np.isclose(icap[k], -dap0 / cap[k])


# ---------------------------------------------------------------------------------------------
# Eqs. (29)-(32): fluctuations


def test_eq31_noise_is_a_sum_not_a_difference():
    fl = d.fluctuations()
    n1, n2, k12, k21 = Y["n_1"], Y["n_2"], Y["k_12"], Y["k_21"]
    printed = n1 * k12 - n2 * k21  # Eq. (31) with 1/tau = k
    assert zero(fl["drift"] - (-printed))  # the printed combination is the drift of Eq. (23)
    assert zero(fl["noise"] - (n1 * k12 + n2 * k21))
    assert zero(printed.subs(n2, n1 * k12 / k21))  # printed noise vanishes at equilibrium
    assert not zero(fl["equilibrium_noise"])


def test_eq31_noise_against_a_simulated_two_state_process():
    """Independent: variance of the net number of jumps in time t of a two-state ensemble in
    equilibrium is (n1 k12 + n2 k21) t for short t (Poisson jumps)."""
    rng = np.random.default_rng(0)
    n, k12, k21, t = 20000, 0.3, 0.6, 0.05
    n1 = int(n * k21 / (k12 + k21))
    # per time t each P-state member jumps with prob k12 t, each AP member with k21 t
    jumps = rng.binomial(n1, k12 * t, size=4000) - rng.binomial(n - n1, k21 * t, size=4000)
    expected = d.fluctuations()["noise"].subs(
        {Y["n_1"]: n1, Y["n_2"]: n - n1, Y["k_12"]: k12, Y["k_21"]: k21}
    )
    assert np.isclose(jumps.var() / t, float(expected), rtol=0.06)


def test_eq32_prefactor_and_sign():
    fl = d.fluctuations()
    es = d.electrospin()
    D0, n0, teq = sp.symbols("D_0 n_0 tau_eq", positive=True)
    printed = 2 * D0 * n0 / teq * sp.exp(-l * es["diff_P"] / (kT * L))
    derived = fl["near_well"].subs({c_i: es["c_P"], fl["n_eq"]: n0, fl["tau_eq"]: teq})
    assert zero(derived - n0 / teq * sp.exp(l * es["diff_P"] / (kT * L)))
    assert not zero(derived - printed)
    assert not zero(derived - printed.subs(D0, sp.Rational(1, 2)))  # even without 2 D_0: sign


def test_chapter_equations_build():
    eqs = d.chapter_equations()
    assert {"j_theta", "fp_axial", "Ve", "k_pole", "brown", "I_c", "noise", "u_reduced"} <= set(eqs)
    # the reduced potential on the page is spinlib's potential
    f = sp.lambdify((theta, h, Y["iota"]), eqs["u_reduced"].rhs)
    th = np.linspace(0, np.pi, 9)
    assert np.allclose(f(th, 0.3, -0.2), act.potential(th, field=0.3, current=-0.2), atol=1e-14)


@pytest.mark.parametrize("key", ["Ve", "I_c", "k_pole", "brown", "noise", "near_well"])
def test_page_equations_are_sympy(key):
    assert isinstance(d.chapter_equations()[key], sp.Basic)


# ---------------------------------------------------------------------------------------------
# errata of Eqs. (1)-(2) (issue 16): the sign of the electric terms and the range of beta


def test_eq1_with_eq2_electric_entropy_production_sign():
    """Printed Eq. (1): dS/dt = -(1/T)(j.grad mu - dJ X_dmu - J0 X_mu0) with the fluxes of Eq. (2)
    (dJ = -(sigma0 X_dmu + beta sigma0 X_mu0), J0 = -(beta sigma0 X_dmu + sigma0 X_mu0)): the
    electric part is then -(1/T) X^T L_el X <= 0. Derived: with the electric terms entering like
    the magnetic one (+ dJ X + J0 X), every part is +(1/T) X^T L X >= 0."""
    T = sp.Symbol("T", positive=True)
    Xd, X0 = sp.symbols("X_dmu X_mu0", real=True)
    dJ = -(sigma0 * Xd + beta * sigma0 * X0)
    J0 = -(beta * sigma0 * Xd + sigma0 * X0)
    printed = -(1 / T) * (-dJ * Xd - J0 * X0)
    derived = -(1 / T) * (dJ * Xd + J0 * X0)
    quad_form = sigma0 * (Xd**2 + 2 * beta * Xd * X0 + X0**2)
    assert zero(printed + quad_form / T) and zero(derived - quad_form / T)
    vals = {sigma0: 2.0, beta: 0.3, Xd: 1.0, X0: -0.2, T: 300.0}
    assert float(printed.subs(vals)) < 0 < float(derived.subs(vals))


def test_beta_defined_with_the_mean_conductivity_reaches_two():
    """beta = (s_up - s_down)/s_0 with s_0 = (s_up + s_down)/2 (as printed) lies in [-2, 2]; the
    second law on the matrix of Eq. (2) needs |beta| <= 1 (sigma0^2 (1 - beta^2) >= 0): the bound
    is a condition on the printed matrix, not a property of two channels. With s_0 the sum, beta
    would lie in [-1, 1] by construction."""
    su, sd = sp.symbols("sigma_up sigma_down", nonnegative=True)
    beta_printed = (su - sd) / ((su + sd) / 2)
    beta_sum = (su - sd) / (su + sd)
    assert zero(beta_printed - 2 * beta_sum)
    assert beta_printed.subs({su: 1, sd: 0}) == 2  # a half-metal
    half_metal_block = sp.Matrix([[1, 2], [2, 1]])  # sigma0 {1, beta; beta, 1} at beta = 2
    assert half_metal_block.det() < 0  # not positive: the printed matrix breaks the second law
    cb = d.onsager_entropy_production()["conductivity_bound"]
    assert zero(cb - sigma0**2 * (1 - beta**2))
