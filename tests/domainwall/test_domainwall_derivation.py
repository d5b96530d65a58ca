"""The SymPy derivation of the rigid-wall equations against the forms printed in the literature,
and the numerics of spinlib.domainwall against lambdify of the derived expressions.

Printed forms (typed here, in this book's conventions: field along +x, u along the electron flow,
gamma0 = M_s = 1): the collective equations of the 1-D model with adiabatic and non-adiabatic
torques as in Thiaville et al., Europhys. Lett. 69, 990 (2005) and Mougin et al., Europhys. Lett.
78, 57007 (2007):

    alpha qdot / Delta + phidot = h + beta u / Delta,
    qdot / Delta - alpha phidot = (h_perp / 2) sin 2 phi + u / Delta,

the Walker field H_W = alpha H_K_perp / 2 (Schryer & Walker 1974), the steady velocity
(gamma Delta H + beta u) / alpha, the intrinsic pinning threshold u_c = gamma Delta H_K_perp / 2
(Tatara & Kohno 2004) and, at beta = h = 0, <v> = sqrt(u^2 - u_c^2) / (1 + alpha^2).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp
from scipy import integrate

from spinlib import domainwall as dw
from spinlib.domainwall import derivation as deriv

S = deriv.symbols()
a, b, D, h, u = S["alpha"], S["beta"], S["Delta"], S["h"], S["u"]
hp, phi, qd, pd = S["hk_perp"], S["phi"], S["qdot"], S["phidot"]

PRINTED_Q = a * qd / D + pd - (h + b * u / D)
PRINTED_PHI = qd / D - a * pd - (hp / 2 * sp.sin(2 * phi) + u / D)


def _proportional(derived, printed):
    """derived = c * printed with c a nonzero constant free of the rates (the projection's norm)."""
    ratio = sp.simplify(derived / printed)
    assert ratio != 0 and not ratio.has(qd, pd, phi, h, u), ratio
    return ratio


def test_projected_equations_are_the_printed_ones():
    Eq, Ephi = deriv.collective_equations()
    _proportional(Eq, PRINTED_Q)
    _proportional(Ephi, PRINTED_PHI)
    # the rates solved from the printed pair equal the derived rates
    printed = sp.solve([PRINTED_Q, PRINTED_PHI], [qd, pd], dict=True)[0]
    rates = deriv.collective_rates()
    assert sp.simplify(rates["qdot"] - printed[qd]) == 0
    assert sp.simplify(rates["phidot"] - printed[pd]) == 0


def test_exchange_and_easy_axis_drop_out_of_the_rigid_model():
    rates = deriv.collective_rates()
    for r in rates.values():
        assert not r.has(S["c"]) and not r.has(S["hk"])


def test_walker_field_steady_velocity_and_pinning_are_the_printed_ones():
    assert sp.simplify(deriv.walker_field() - a * hp / 2) == 0
    assert sp.simplify(deriv.steady_velocity() - (D * h + b * u) / a) == 0
    assert sp.simplify(deriv.pinning_threshold() - D * hp / 2) == 0


def test_average_precession_against_quadrature_of_the_period():
    mean, _, (A, B) = deriv.average_precession()
    f = sp.lambdify((A, B), mean)
    for Av, Bv in [(1.0, 0.5), (0.3, 0.29), (2.0, 0.1)]:
        period, _ = integrate.quad(lambda x, A=Av, B=Bv: 1.0 / (A - B * np.sin(2 * x)), 0.0, np.pi,
                                   epsabs=1e-13)
        assert f(Av, Bv) == pytest.approx(np.pi / period, rel=1e-10)


def test_tatara_kohno_velocity_above_pinning():
    # the derived average holds for a positive drive h + (beta - alpha) u: at beta = h = 0 that is
    # u < 0, where the wall moves along u at -sqrt(u^2 - u_c^2) / (1 + alpha^2)
    v = deriv.average_velocity().subs({b: 0, h: 0, D: 1})
    uc = hp / 2
    printed = -sp.sqrt(u**2 - uc**2) / (1 + a**2)
    for vals in [{u: -1.0, a: 0.02, hp: 1.0}, {u: -3.0, a: 0.3, hp: 2.5}]:
        assert float(v.subs(vals)) == pytest.approx(float(printed.subs(vals)), rel=1e-12)


RNG = np.random.default_rng(19)
POINTS = [dict(alpha=al, beta=be, hk_perp=hk, field=hf, current=cu, phi=ph)
          for al, be, hk, hf, cu, ph in zip(RNG.uniform(0.01, 1.0, 40), RNG.uniform(0.0, 1.0, 40),
                                              RNG.uniform(0.1, 3.0, 40), RNG.uniform(-0.5, 0.5, 40),
                                              RNG.uniform(-2.0, 2.0, 40), RNG.uniform(-4.0, 4.0, 40),
                                              strict=True)]


def test_wall_rates_equal_lambdify_of_the_derived_rates():
    rates = deriv.collective_rates()
    args = (a, b, hp, h, u, phi)
    fq = sp.lambdify(args, rates["qdot"].subs(D, 1))
    fp = sp.lambdify(args, rates["phidot"].subs(D, 1))
    for p in POINTS:
        P = dw.WallParams(alpha=p["alpha"], beta=p["beta"], hk_perp=p["hk_perp"])
        dq, dphi = dw.wall_rates(p["phi"], params=P, field=p["field"], current=p["current"])
        vals = (p["alpha"], p["beta"], p["hk_perp"], p["field"], p["current"], p["phi"])
        assert dq == pytest.approx(fq(*vals), rel=1e-12, abs=1e-14)
        assert dphi == pytest.approx(fp(*vals), rel=1e-12, abs=1e-14)


def test_wall_velocity_equals_the_derived_steady_and_averaged_forms():
    steady = sp.lambdify((a, b, h, u), deriv.steady_velocity().subs(D, 1))
    above = sp.lambdify((a, b, hp, h, u), deriv.average_velocity().subs(D, 1))
    n_above = n_below = 0
    for p in POINTS:
        P = dw.WallParams(alpha=p["alpha"], beta=p["beta"], hk_perp=p["hk_perp"])
        v = float(dw.wall_velocity(params=P, field=p["field"], current=p["current"]))
        drive = p["field"] + (p["beta"] - p["alpha"]) * p["current"]
        if abs(drive) <= p["alpha"] * p["hk_perp"] / 2:
            n_below += 1
            assert v == pytest.approx(steady(p["alpha"], p["beta"], p["field"], p["current"]), rel=1e-12)
        elif drive > 0:  # the derived average is written for a positive drive (A > B > 0)
            n_above += 1
            assert v == pytest.approx(above(p["alpha"], p["beta"], p["hk_perp"], p["field"], p["current"]),
                                      rel=1e-10, abs=1e-13)
    assert n_above >= 5 and n_below >= 3, (n_above, n_below)


def test_walker_field_and_pinning_numerics_equal_the_derived_ones():
    hw = sp.lambdify((a, hp), deriv.walker_field())
    uc = sp.lambdify((hp,), deriv.pinning_threshold().subs(D, 1))
    for p in POINTS[:10]:
        P = dw.WallParams(alpha=p["alpha"], beta=0.0, hk_perp=p["hk_perp"])
        assert float(dw.walker_field(params=P)) == pytest.approx(hw(p["alpha"], p["hk_perp"]), rel=1e-14)
        assert dw.pinning_current(params=P) == pytest.approx(uc(p["hk_perp"]), rel=1e-14)
        assert float(dw.breakdown_current(params=P)) == pytest.approx(uc(p["hk_perp"]), rel=1e-12)


def test_walker_velocity_equals_pinning_threshold_through_the_slip_bound():
    """Page 6.4 (book/thermal/domain_walls.md): v(h_W) = u_c is no coincidence. Both are the largest
    slip qdot - u = (Delta h_perp / 2) sin 2 phi that a steady tilt allows (printed form typed here)."""
    D, hp, phi, u, h = S["Delta"], S["hk_perp"], S["phi"], S["u"], S["h"]
    slip, bound = deriv.steady_slip()
    assert sp.simplify(slip - D * hp * sp.sin(2 * phi) / 2) == 0
    assert sp.simplify(bound - D * hp / 2) == 0
    v_walker = deriv.steady_velocity().subs(u, 0).subs(h, deriv.walker_field())
    assert sp.simplify(v_walker - bound) == 0
    assert sp.simplify(deriv.pinning_threshold() - bound) == 0
    # the numerics of the page's wall agree
    for p in POINTS[:10]:
        P = dw.WallParams(alpha=p["alpha"], beta=0.0, hk_perp=p["hk_perp"])
        hw = dw.walker_field(params=P)
        v_walker = float(dw.wall_velocity(params=P, field=hw))
        assert v_walker == pytest.approx(dw.pinning_current(params=P), rel=1e-12)
