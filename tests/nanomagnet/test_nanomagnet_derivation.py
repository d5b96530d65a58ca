"""Derivations of chapter 4 against the printed equations of Parcollet & Waintal (2006).

Each printed form is typed here with its equation number. Where the paper is wrong (Eq. (24c)/(35c)
diffusion, Eq. (37), Eq. (54)) both forms are kept: the derived form is confirmed independently
(numerics of the master equation, limits) and the printed form is shown to differ.
"""

from __future__ import annotations

import mpmath
import numpy as np
import pytest
import sympy as sp
from sympy.physics.quantum.cg import CG

from spinlib import nanomagnet as nm
from spinlib.nanomagnet import derivation as d
from spinlib.nanomagnet import studies as st
from spinlib.nanomagnet import studies_checks as checks

Y = d.SYMBOLS
u, q, S0, eta, sigma = Y["u"], Y["q"], Y["S_0"], Y["eta"], Y["sigma"]
S, Sz = Y["S"], Y["S_z"]
fu, fd, Gu, Gd, Gam = Y["f_up"], Y["f_dn"], Y["G_up"], Y["G_dn"], Y["Gamma"]
kappa, h, T, eps, aB = Y["kappa"], Y["h"], Y["T"], Y["epsilon"], Y["alpha_B"]
RNG = np.random.default_rng(4)


def zero(expr) -> bool:
    return sp.simplify(expr) == 0


def q_of(gu, gd):
    return (gu - gd) / (gu + gd)


# --------------------------------------------------------------------------- Eq. (17)
@pytest.mark.parametrize("orbital", [1, -1])
def test_eq17_clebsch_gordan_weight_derived_equals_printed(orbital):
    printed = (S + orbital * sigma * Sz + sp.Rational(1 + orbital, 2)) / (2 * S + 1)  # Eq. (17)
    derived = d.clebsch_gordan_weight(orbital)
    for sg in (1, -1):
        assert zero(derived.subs(sigma, sg) - printed.subs(sigma, sg))


@pytest.mark.parametrize("two_s", [1, 2, 3, 4, 5, 7])
def test_eq17_against_sympy_clebsch_gordan(two_s):
    """The squared CG coefficient <S S_z; 1/2 sigma/2 | S+eta/2, S_z+sigma/2>^2, from sympy's CG."""
    s = sp.Rational(two_s, 2)
    for k in range(two_s + 1):
        m = -s + k
        for sg in (1, -1):
            for orb in (1, -1):
                j = s + sp.Rational(orb, 2)
                mj = m + sp.Rational(sg, 2)
                half = sp.Rational(1, 2)
                ref = 0 if abs(mj) > j else sp.simplify(CG(s, m, half, sp.Rational(sg, 2), j, mj).doit() ** 2)
                got = nm.clebsch_gordan_weight(float(s), float(m), sigma=sg, orbital=orb)
                assert float(got) == pytest.approx(float(ref), abs=1e-14)


# --------------------------------------------------------------------------- Eqs. (33), (24b), (24c), (35)
def test_eq33a_charge_equilibrium():
    a, b = (fu + fd) / 2, (fu - fd) / 2  # Eq. (34a), (34b)
    printed = 2 / (Gu + Gd) * (a + eta * u * b) / (1 + q_of(Gu, Gd) * eta * u)  # Eq. (33a)
    p_plus, p_minus = d.charge_equilibrium()
    assert zero(p_plus - printed)
    assert zero(p_plus + p_minus - 1)


def test_eq24b_and_35b_lead_drift():
    fp = d.fokker_planck_coefficients()
    qq = q_of(Gu, Gd)
    printed_24b = (1 - u**2) * ((1 - qq) * fu - (1 + qq) * fd) / (4 * S0 * (1 + qq * eta * u))  # Eq. (24b)
    a, b = (fu + fd) / 2, (fu - fd) / 2
    at, bt = (Gu + Gd - fu - fd) / 2, (Gu - Gd - fu + fd) / 2  # Eq. (34) with n~ = 1 - n
    printed_35b = (1 - u**2) * (at * b - a * bt) / ((Gu + Gd) * S0 * (1 + qq * eta * u))  # Eq. (35b)
    for e in (1, -1):
        assert zero((fp["R"] - printed_24b).subs(eta, e))
        assert zero((fp["R"] - printed_35b).subs(eta, e))


def test_eq24bc_bath_terms():
    bath = d.bath_coefficients()
    E = h + 2 * kappa * u
    assert zero(bath["R"] - (1 - u**2) * aB * E)  # Eq. (24b), bath part
    printed_d = (1 - u**2) * aB * E / (2 * sp.tanh(E / (2 * T)))  # Eq. (24c), bath part
    assert zero(sp.simplify((bath["D"] - printed_d).rewrite(sp.exp)))


def printed_35c():
    a, b = (fu + fd) / 2, (fu - fd) / 2
    at, bt = (Gu + Gd - fu - fd) / 2, (Gu - Gd - fu + fd) / 2
    return (1 - u**2) * (a * at - u**2 * b * bt) / (2 * (Gu + Gd) * S0 * (1 + q_of(Gu, Gd) * eta * u))


def printed_24c():
    qq = q_of(Gu, Gd)
    return (1 - u**2) * (((1 - qq * u**2) * fu + (1 + qq * u**2) * fd) / (8 * S0 * (1 + qq * eta * u))
                         + (u**2 * (fu - fd)**2 - (fu + fd)**2) / (8 * S0 * (Gu + Gd) * (1 + qq * eta * u)))


def test_printed_diffusions_24c_and_35c_agree_with_each_other():
    for e in (1, -1):
        assert zero((printed_24c() - printed_35c()).subs(eta, e))


def test_erratum_lead_diffusion_derived_differs_from_printed_only_through_q():
    D = d.fokker_planck_coefficients()["D"]
    diff = (D - printed_35c()).subs(eta, 1)
    assert not zero(diff)  # the printed form is wrong ...
    assert zero(diff.subs(Gd, Gu))  # ... except for q = 0
    assert zero(diff.subs(u, 1)) and zero(diff.subs(u, -1))
    # the module's printed_diffusion is the same printed form (used for the erratum display)
    assert zero((d.printed_diffusion() - printed_35c()).subs(eta, 1))


def test_derived_diffusion_matches_exact_master_equation_width():
    """Independent check of the erratum: Var u of the exact steady state = D(u*)/(S0 |R'(u*)|)."""
    rows = checks.variance_check(spins=(1000, 4000))
    for s, row in rows.items():
        assert row["var"] == pytest.approx(row["derived"], rel=3.0 / np.sqrt(s))
        assert abs(row["var"] / row["printed"] - 1) > 0.1  # printed D is 15 % off here


def test_numeric_drift_and_diffusion_equal_lambdified_derivation():
    fp, bath = d.fokker_planck_coefficients(), d.bath_coefficients()
    args = [u, fu, fd, Gu, Gd, S0, eta, kappa, h, T, aB]
    r_f = sp.lambdify(args, fp["R"] + bath["R"])
    d_f = sp.lambdify(args, fp["D"] + bath["D"])
    for _ in range(20):
        s0 = float(RNG.integers(1, 400)) + 0.5 * RNG.integers(0, 2)
        orb = int(RNG.choice([1, -1]))
        leads = tuple(nm.Lead(rate_majority=RNG.uniform(0, 3), rate_minority=RNG.uniform(0, 3),
                              angle=RNG.uniform(0, np.pi), chemical_potential=RNG.uniform(-3, 3))
                      for _ in range(2))
        p = nm.Nanomagnet(spin=s0, anisotropy=RNG.uniform(0.2, 2), field=RNG.uniform(-2, 2),
                          level=RNG.uniform(-2, 2), orbital=orb, temperature=RNG.uniform(0.05, 3),
                          damping=RNG.uniform(0, 0.1), leads=leads)
        uu = RNG.uniform(-0.99, 0.99, 7)
        f_up, f_dn = nm.channel_functions(uu, params=p)
        g = p.rates_z()
        vals = (uu, f_up, f_dn, g[:, 0].sum(), g[:, 1].sum(), p.spin, orb, p.anisotropy, p.field,
                p.temperature, p.damping)
        np.testing.assert_allclose(nm.nmd_drift(uu, params=p), r_f(*vals), rtol=1e-10, atol=1e-14)
        np.testing.assert_allclose(nm.nmd_diffusion(uu, params=p), d_f(*vals), rtol=1e-9, atol=1e-14)


# --------------------------------------------------------------------------- Eq. (37), (55)
def _eq37(corrected: bool):
    GLu, GLd, GRu, GRd = Y["GLu"], Y["GLd"], Y["GRu"], Y["GRd"]
    G = {("L", 1): GLu, ("L", -1): GLd, ("R", 1): GRu, ("R", -1): GRd}
    gam = GLu + GLd + GRu + GRd
    qq = (GLu - GLd + GRu - GRd) / gam
    x = sp.Symbol("x_sym")
    nf = lambda lead, sg, sgp: sp.Function(f"n_{lead}")(eps - kappa * sg * u - h * sgp / 2)  # noqa: E731
    total = 0
    for sg in (1, -1):
        for sgp in (1, -1):
            second = nf("R", sgp, sgp) if corrected else nf("R", sg, sgp)
            total += ((1 + eta * sg * u) * (1 + eta * sgp * u) * G["L", sg] * G["R", sgp]
                      * (nf("L", sg, sg) - second))
    del x
    return total / (2 * gam * (1 + eta * qq * u))  # Eq. (37) with p -> q


def test_eq37_current_erratum():
    derived = d.current_frozen_u()
    names = {Y["nLu"]: ("L", 1), Y["nLd"]: ("L", -1), Y["nRu"]: ("R", 1), Y["nRd"]: ("R", -1)}
    sub = {sym: sp.Function(f"n_{lead}")(eps - kappa * sg * u - h * sg / 2)
           for sym, (lead, sg) in names.items()}
    derived = derived.subs(sub)
    for e in (1, -1):
        assert zero((derived - _eq37(corrected=True)).subs(eta, e))
        assert not zero((derived - _eq37(corrected=False)).subs(eta, e))


def test_eq55_zero_bias_current_from_the_derived_current():
    derived = d.current_frozen_u()
    n_up, n_dn = sp.symbols("n_up n_dn")
    zb = derived.subs({Y["nLu"]: n_up, Y["nRu"]: n_up, Y["nLd"]: n_dn, Y["nRd"]: n_dn})
    GLu, GLd, GRu, GRd = Y["GLu"], Y["GLd"], Y["GRu"], Y["GRd"]
    gam = GLu + GLd + GRu + GRd
    qq = (GLu - GLd + GRu - GRd) / gam
    # Eq. (55)
    printed = (1 - u**2) / (1 + eta * qq * u) * (GLu * GRd - GLd * GRu) * (n_up - n_dn) / (2 * gam)
    for e in (1, -1):
        assert zero((zb - printed).subs(eta, e))


def test_numeric_currents_match_derivation():
    f = sp.lambdify([u, eta, Y["GLu"], Y["GLd"], Y["GRu"], Y["GRd"], Y["nLu"], Y["nLd"], Y["nRu"], Y["nRd"]],
                    d.current_frozen_u())
    for _ in range(10):
        leads = (nm.Lead(rate_majority=RNG.uniform(0.1, 3), rate_minority=RNG.uniform(0.1, 3),
                         chemical_potential=RNG.uniform(-2, 2)),
                 nm.Lead(rate_majority=RNG.uniform(0.1, 3), rate_minority=RNG.uniform(0.1, 3),
                         chemical_potential=RNG.uniform(-2, 2)))
        p = nm.Nanomagnet(spin=50, anisotropy=1.0, field=RNG.uniform(-1, 1), level=RNG.uniform(-1, 1),
                          orbital=int(RNG.choice([1, -1])), temperature=RNG.uniform(0.1, 2), leads=leads)
        uu = RNG.uniform(-1, 1, 5)
        g = p.rates_z()
        x = {s: p.level - p.anisotropy * s * uu - 0.5 * p.field * s for s in (1, -1)}
        n = {(a, s): nm.fermi(x[s] - leads[a].chemical_potential, temperature=p.temperature)
             for a in (0, 1) for s in (1, -1)}
        ref = f(uu, p.orbital, g[0, 0], g[0, 1], g[1, 0], g[1, 1], n[0, 1], n[0, -1], n[1, 1], n[1, -1])
        np.testing.assert_allclose(nm.nmd_current(uu, params=p), ref, rtol=1e-12, atol=1e-15)
        # at equal chemical potentials Eq. (55)
        p0 = nm.Nanomagnet(spin=50, anisotropy=1.0, field=p.field, level=p.level, orbital=p.orbital,
                           temperature=p.temperature,
                           leads=tuple(nm.Lead(rate_majority=ld.rate_majority, rate_minority=ld.rate_minority)
                                       for ld in leads))
        np.testing.assert_allclose(nm.zero_bias_current(uu, params=p0), nm.nmd_current(uu, params=p0),
                                   rtol=1e-12, atol=1e-15)


# --------------------------------------------------------------------------- Eqs. (50)-(52)
def test_eq50_51_reduced_equation():
    udot, a_hat = d.reduced_equation()
    hb = Y["hbar_field"]
    th_u, th_d = sp.symbols(r"\theta_\uparrow \theta_\downarrow", nonnegative=True)
    printed_a = (1 - q) * Y["GLu"] * th_u - (1 + q) * Y["GLd"] * th_d  # Eq. (51c), rates in 8 S0 aB kappa
    printed = (1 - u**2) * (hb + u + printed_a / (1 + q * u))  # Eq. (50)
    assert zero(a_hat - printed_a)
    assert zero(udot - printed)


def test_reduced_model_is_the_T0_limit_of_the_full_nmd_drift():
    """reduced_udot (Heaviside steps) vs nmd_drift of the full grain (Fermi functions) at tiny T."""
    for rates in st.FIG6_SETS.values():
        for v, hb in ((5.5, -4.1), (2.0, 0.5), (-3.0, -1.0), (8.0, -6.0)):
            p = nm.grain_for_reduced(params=rates, spin=1000, bias=v, field=hb, temperature=1e-4,
                                     damping=1e-3)
            uu = np.linspace(-0.97, 0.97, 41)
            thresholds = np.array([-v - hb, v - hb])
            far = np.min(np.abs(uu[:, None] - thresholds[None, :]), axis=1) > 0.02
            full = nm.nmd_drift(uu, params=p) / (2 * p.damping * p.anisotropy)
            red = nm.reduced_udot(uu, bias=v, field=hb, params=rates)
            np.testing.assert_allclose(full[far], red[far], rtol=1e-9, atol=1e-9)
            # currents: reduced (units e 8 S0 aB kappa) vs Eq. (37) of the full grain
            np.testing.assert_allclose(nm.nmd_current(uu[far], params=p) / (8 * p.spin * p.damping),
                                       nm.reduced_current(uu[far], bias=v, field=hb, params=rates), rtol=1e-9)


def test_theta_categories_of_fig6_and_hbar_max():
    # Sec. V.2: upper right between the I-coordinates of C and A, lower left between B and C
    assert nm.theta_category(params=st.FIG6_UPPER_LEFT) == 1
    assert nm.theta_category(params=st.FIG6_UPPER_RIGHT) == 3
    assert nm.theta_category(params=st.FIG6_LOWER_LEFT) == 2
    disc, hmax = d.hbar_max()
    hb, th = Y["hbar_field"], Y["Theta"]
    assert zero(disc - ((q * hb - 1) ** 2 - 4 * q * th))  # Eq. (49) with I = Theta
    qp, thp = sp.symbols("q_p Theta_p", positive=True)
    assert zero(hmax.subs({q: qp, th: thp}) - (1 - 2 * sp.sqrt(qp * thp)) / qp)  # Sec. V.2, h_max


# --------------------------------------------------------------------------- Eqs. (53), (54)
def _eq53_lead(uu, *, gam, qq, s0, orb, kap, hh, t, e):
    """Printed Eq. (53), lead part, at 50 digits."""
    y = kap * uu + hh / 2
    return ((1 - uu**2) * gam * (1 - qq**2) / (8 * s0 * (1 + qq * orb * uu))
            * mpmath.sinh(y / t) / (mpmath.cosh(e / t) + mpmath.cosh(y / t)))


def test_eq53_zero_bias_drift_against_printed_at_high_precision():
    mpmath.mp.dps = 50
    lead = sp.lambdify([u, Gam, q, S0, eta, kappa, h, T, eps], d.zero_bias_drift(), "mpmath")
    for _ in range(30):
        vals = dict(uu=mpmath.mpf(RNG.uniform(-1, 1)), gam=mpmath.mpf(RNG.uniform(0.1, 5)),
                    qq=mpmath.mpf(RNG.uniform(-0.9, 0.9)), s0=mpmath.mpf(int(RNG.integers(1, 1000))),
                    orb=int(RNG.choice([1, -1])), kap=mpmath.mpf(RNG.uniform(0.1, 3)),
                    hh=mpmath.mpf(RNG.uniform(-3, 3)), t=mpmath.mpf(10 ** RNG.uniform(-1.5, 1.5)),
                    e=mpmath.mpf(RNG.uniform(-4, 4)))
        ref = _eq53_lead(**vals)
        got = lead(vals["uu"], vals["gam"], vals["qq"], vals["s0"], vals["orb"], vals["kap"], vals["hh"],
                   vals["t"], vals["e"])
        assert abs(got - ref) <= mpmath.mpf(10) ** -40 * (1 + abs(ref))
        # and spinlib's zero_bias_udot (double precision) agrees with the printed form
        gam, qq = float(vals["gam"]), float(vals["qq"])
        p = nm.Nanomagnet(spin=float(vals["s0"]), anisotropy=float(vals["kap"]), field=float(vals["hh"]),
                          level=float(vals["e"]), orbital=vals["orb"], temperature=float(vals["t"]),
                          damping=0.0, leads=(nm.Lead(rate_majority=gam * (1 + qq) / 2,
                                                      rate_minority=gam * (1 - qq) / 2),))
        assert float(nm.zero_bias_udot(float(vals["uu"]), params=p)) == pytest.approx(float(ref), rel=1e-9,
                                                                                      abs=1e-15)
        assert float(nm.nmd_drift(float(vals["uu"]), params=p)) == pytest.approx(float(ref), rel=1e-9,
                                                                                 abs=1e-15)


def test_eq54_erratum_high_temperature_damping():
    derived = d.high_temperature_damping()
    printed = Gam * (1 - q**2) / (16 * T * S0 * (1 + q * eta * u))  # Eq. (54), alpha_eff - alpha_B
    assert zero(derived - printed / 2)  # derived: 32 instead of 16
    assert not zero(derived - printed)
    # independent: the exact linear-response damping times T tends to the derived constant
    p = lambda t: nm.Nanomagnet(spin=100, level=1.5, temperature=t, damping=0.0,  # noqa: E731
                                leads=(nm.Lead(rate_majority=0.65, rate_minority=0.35),))
    exact, high = nm.lead_damping(params=p(1e4))
    assert exact == pytest.approx(high, rel=1e-6)
    assert exact == pytest.approx(float(derived.subs({Gam: 1.0, q: 0.3, T: 1e4, S0: 100, u: 0, eta: 1})),
                                  rel=1e-6)
    exact_mid, high_mid = nm.lead_damping(params=p(1.0))
    assert abs(exact_mid / high_mid - 1) > 0.05  # the limit is not the exact result at T ~ epsilon
