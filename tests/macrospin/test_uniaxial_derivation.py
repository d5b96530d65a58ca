"""The SymPy derivations of Sec. 1.3 against the printed equations of Parcollet & Waintal (2006), Sec. V.1."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from spinlib.macrospin import derivation_uniaxial as D
from spinlib.macrospin import uniaxial as U
from spinlib.macrospin import uniaxial_dynamics as UD

S = D.symbols()
al, ka, hb, S0, e, a, ga = (S[k] for k in ("alpha", "kappa", "hbar", "S0", "e", "a", "gamma"))
H, I, q, u, Hb, Ib = (S[k] for k in ("H", "I", "q", "u", "Hb", "Ib"))
th, thd, phd = S["theta"], S["theta_dot"], S["phi_dot"]


def uni(q):
    """The uniaxial model constants at torque asymmetry ``q`` (the phase diagram ignores alpha)."""
    return U.UniaxialMacrospin(asymmetry=q)


# -- the paper's printed forms (typed in here, and only here) -------------------------
EQ43_THETA = -al * phd * sp.sin(th) - I / (e * S0) * a / (1 + q * sp.cos(th)) * sp.sin(th)  # Eq. (43), line 1
EQ43_PHI = al * thd + 2 * ka / hb * sp.cos(th) * sp.sin(th) + ga * H * sp.sin(th)  # Eq. (43), line 2
EQ44 = (1 - u**2) * (al * ga * H + al * 2 * ka / hb * u + I / (e * S0) * a / (1 + q * u)) / (1 + al**2)
EQ47 = Hb + 1 + Ib / (1 + q)  # u = +1 stable iff > 0
EQ48 = Hb - 1 + Ib / (1 - q)  # u = -1 stable iff < 0
EQ49 = (q * Hb - 1) ** 2 - 4 * q * Ib  # two interior fixed points iff > 0
DOUBLE_ROOT = -(Hb + 1 / q) / 2  # text after Eq. (49)
FIG5 = {  # caption of Fig. 5
    "A": (-2 - 1 / q, (1 + q) ** 2 / q),
    "B": (2 - 1 / q, (1 - q) ** 2 / q),
    "C": (-1 / q, (1 - q**2) / q),
}
# Eq. (44) divided by 2 alpha kappa / (hbar (1 + alpha^2)) with Eqs. (45)-(46); cf. Eq. (50) with A = I
R_PRINTED = (1 - u**2) * (Hb + u + Ib / (1 + q * u))


def zero(expr) -> bool:
    return sp.simplify(expr) == 0


def test_eq43_spherical_components():
    theta_rhs, phi_rhs = D.spherical_equations()
    assert zero(theta_rhs - EQ43_THETA)
    assert zero(phi_rhs - EQ43_PHI)


def test_eq44_from_vector_equation():
    assert zero(D.u_equation_from_vector() - EQ44)


def test_eq44_from_spherical_equations():
    assert zero(D.u_equation_from_spherical() - EQ44)


def test_reduced_u_equation_and_time_unit():
    R, rate = D.reduced_u_equation()
    assert zero(R - R_PRINTED)
    assert zero(rate - 2 * al * ka / (hb * (1 + al**2)))


def test_eq47_eq48_stability_of_poles():
    st = D.stability_conditions()
    assert zero(st["margin_plus"] - EQ47)
    assert zero(st["margin_minus"] + EQ48)  # Eq. (48) is written as "< 0": margin = -lhs
    # independent meaning of the margins: the flow just inside the pole runs into it exactly when
    # the margin is positive (R > 0 just below +1, R < 0 just above -1), from the derived R itself
    R, _ = D.reduced_u_equation()
    fR = sp.lambdify((u, Hb, Ib, q), R, "numpy")
    fp = sp.lambdify((Hb, Ib, q), st["margin_plus"], "numpy")
    fm = sp.lambdify((Hb, Ib, q), st["margin_minus"], "numpy")
    rng = np.random.default_rng(3)
    h, i, qq = rng.uniform(-5, 3, 400), rng.uniform(-3, 6, 400), rng.uniform(0, 0.9, 400)
    mp, mm = fp(h, i, qq), fm(h, i, qq)
    ok = (np.abs(mp) > 1e-3) & (np.abs(mm) > 1e-3)
    eps = 1e-7
    np.testing.assert_array_equal((fR(1 - eps, h, i, qq) > 0)[ok], (mp > 0)[ok])
    np.testing.assert_array_equal((fR(-1 + eps, h, i, qq) < 0)[ok], (mm > 0)[ok])
    assert zero(st["line_plus"] + (1 + q) * (Hb + 1))
    assert zero(st["line_minus"] - (1 - q) * (1 - Hb))


def test_eq49_and_double_root():
    fp = D.interior_fixed_points()
    assert zero(fp["discriminant"] - EQ49)
    assert zero(fp["double_root"] - DOUBLE_ROOT)
    # independent check: at a double root both the polynomial and its derivative vanish
    on_parabola = {Ib: fp["parabola"]}
    assert zero(fp["poly"].subs(on_parabola).subs(u, fp["double_root"]))
    # each root is a zero of R
    R, _ = D.reduced_u_equation()
    for r in fp["roots"]:
        assert zero(sp.together(R.subs(u, r)))


def test_fig5_special_points():
    pts = D.special_points()
    for name, (h_printed, i_printed) in FIG5.items():
        assert zero(pts[name][0] - h_printed), name
        assert zero(pts[name][1] - i_printed), name


def test_special_points_geometry():
    """A (B) lies on the stability line of u=+1 (u=-1), which is tangent there to the parabola (49)."""
    pts = D.special_points()
    st = D.stability_conditions()
    par = D.interior_fixed_points()["parabola"]
    cases = (("A", st["line_plus"], st["line_minus"]), ("B", st["line_minus"], st["line_plus"]))
    for name, line, other in cases:
        h0, i0 = pts[name]
        assert zero(line.subs(Hb, h0) - i0)
        assert zero(par.subs(Hb, h0) - i0)
        assert zero(sp.diff(line, Hb).subs(Hb, h0) - sp.diff(par, Hb).subs(Hb, h0))  # tangency
        assert not zero(other.subs(Hb, h0) - i0)
    hc, ic = pts["C"]
    assert zero(st["line_plus"].subs(Hb, hc) - ic) and zero(st["line_minus"].subs(Hb, hc) - ic)


def test_text_erratum_sp_plus_region():
    """Below Eq. (49) the text says (SP,+1) has stable points 'at u = -1 and u*'; derived: u = +1 and u*.

    At a point of the region A-C-B (above C, halfway to the parabola) the margins (47), (48)
    say u = +1 is stable and u = -1 is not; the printed wording (u = -1 stable) is contradicted.
    """
    pts = D.special_points()
    par = D.interior_fixed_points()["parabola"]
    cx = pts["C"][0]
    cy = (pts["C"][1] + par.subs(Hb, cx)) / 2
    st = D.stability_conditions()
    for qv in (sp.Rational(1, 4), sp.Rational(1, 2), sp.Rational(4, 5)):
        sub = {Hb: cx.subs(q, qv), Ib: cy.subs(q, qv), q: qv}
        assert st["margin_plus"].subs(sub) > 0  # derived: +1 stable
        assert st["margin_minus"].subs(sub) < 0  # printed wording claims -1 stable: it is not
        assert EQ49.subs(sub) > 0
        assert -1 < DOUBLE_ROOT.subs(sub) < 1  # both interior roots inside (-1, 1): u* is the SP state


def test_precession_frequency():
    w = D.precession_frequency()
    assert zero(w - (Hb + u))
    # at an interior fixed point it is -I/(1 + q u) (second form, from theta-dot = 0)
    f = D.interior_fixed_points()["f"]
    assert zero((w + Ib / (1 + q * u)) - f)


# -- numeric spinlib functions against lambdify of the derived expressions ----------------
RNG = np.random.default_rng(7)
NPTS = 400
UU = RNG.uniform(-1, 1, NPTS)
HH = RNG.uniform(-6, 4, NPTS)
II = RNG.uniform(-4, 8, NPTS)
QQ = RNG.uniform(0, 0.95, NPTS)


@pytest.fixture(scope="module")
def R_derived():
    return D.reduced_u_equation()[0]


def test_udot_matches_derivation(R_derived):
    f = sp.lambdify((u, Hb, Ib, q), R_derived, "numpy")
    np.testing.assert_allclose(U.udot(UU, field=HH, current=II, params=uni(QQ)), f(UU, HH, II, QQ),
                               rtol=1e-12, atol=1e-12)


def test_udot_slope_matches_derivation(R_derived):
    f = sp.lambdify((u, Hb, Ib, q), sp.diff(R_derived, u), "numpy")
    np.testing.assert_allclose(U.udot_slope(UU, field=HH, current=II, params=uni(QQ)), f(UU, HH, II, QQ),
                               rtol=1e-11, atol=1e-11)


def test_margins_and_discriminant_match_derivation():
    st = D.stability_conditions()
    mp = sp.lambdify((Hb, Ib, q), st["margin_plus"], "numpy")
    mm = sp.lambdify((Hb, Ib, q), st["margin_minus"], "numpy")
    dd = sp.lambdify((Hb, Ib, q), D.interior_fixed_points()["discriminant"], "numpy")
    p, m = U.stability_margins(field=HH, current=II, params=uni(QQ))
    np.testing.assert_allclose(p, mp(HH, II, QQ), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(m, mm(HH, II, QQ), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(U.discriminant(field=HH, current=II, params=uni(QQ)), dd(HH, II, QQ),
                               rtol=1e-12, atol=1e-12)


def test_interior_roots_match_derivation():
    roots = D.interior_fixed_points()["roots"]
    fs = [sp.lambdify((Hb, Ib, q), r, "numpy") for r in roots]
    q_pos = np.clip(QQ, 0.05, None)
    disc = U.discriminant(field=HH, current=II, params=uni(q_pos))
    ok = disc > 1e-6
    h, i, qq = HH[ok], II[ok], q_pos[ok]
    sym = np.sort(np.stack([f(h, i, qq) for f in fs], axis=-1), axis=-1)
    num = U.interior_fixed_points(field=h, current=i, params=uni(qq))
    inside = ~np.ma.getmaskarray(num)
    assert inside.any()
    np.testing.assert_allclose(num.data[inside], sym[inside], rtol=1e-9, atol=1e-10)
    # the mask is exactly "real and strictly inside (-1, 1)"
    np.testing.assert_array_equal(inside, np.abs(sym) < 1)


def test_special_points_match_derivation():
    pts = D.special_points()
    for qv in (0.1, 0.5, 0.9):
        num = U.special_points(params=uni(qv))
        for k in "ABC":
            sym = [float(c.subs(q, qv)) for c in pts[k]]
            np.testing.assert_allclose(num[k], sym, rtol=1e-13)


def test_vector_rhs_matches_derived_u_equation(R_derived):
    """z-component of the llg right-hand side of the mapped model (t in hbar/2kappa) equals
    alpha/(1+alpha^2) R(u) of the derived u equation, for unit m."""
    f = sp.lambdify((u, Hb, Ib, q), R_derived, "numpy")
    phi = RNG.uniform(0, 2 * np.pi, NPTS)
    s = np.sqrt(1 - UU**2)
    m = np.stack([s * np.cos(phi), s * np.sin(phi), UU], axis=-1)
    from spinlib.macrospin import llg

    alpha = RNG.uniform(0.01, 2.0, NPTS)
    dm = np.array([llg.llg_rhs(m[k], params=UD.macrospin_params(field=HH[k], params=P),
                               current=UD.llg_current(params=P, current=II[k]))
                   for k in range(NPTS) for P in [U.UniaxialMacrospin(asymmetry=QQ[k], alpha=alpha[k])]])
    np.testing.assert_allclose(dm[:, 2], alpha / (1 + alpha**2) * f(UU, HH, II, QQ), rtol=1e-10, atol=1e-12)
    # and the azimuthal rate at theta-dot = 0 is the derived precession frequency: checked on
    # the sphere through the e_phi component when R(u) = 0 (see test_uniaxial)


def test_llg_rhs_with_mapped_params_is_the_derived_eq40_full_vector():
    """The uniaxial model on the llg integrator: llg.llg_rhs with uniaxial.macrospin_params and
    uniaxial.llg_current equals dm/dt solved by SymPy from Eq. (40), all three components."""
    from spinlib.macrospin import llg

    v, syms = D.vector_equation()
    f = sp.lambdify(syms, list(v), "numpy")
    rng = np.random.default_rng(5)
    for _ in range(80):
        m = rng.normal(size=3)
        m /= np.linalg.norm(m)
        h, i, qv, alpha = rng.uniform(-6, 4), rng.uniform(-4, 8), rng.uniform(0, 0.95), rng.uniform(0.01, 2)
        params = U.UniaxialMacrospin(asymmetry=qv, alpha=alpha)
        got = llg.llg_rhs(m, params=UD.macrospin_params(field=h, params=params),
                          current=UD.llg_current(params=params, current=i))
        np.testing.assert_allclose(got, f(*m, h, i, qv, alpha), rtol=1e-10, atol=1e-12)
