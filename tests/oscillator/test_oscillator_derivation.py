"""SymPy derivations of spinlib.oscillator.derivation against printed forms and against the numerics.

Printed forms typed here with their source: Eq. (44) of Parcollet & Waintal (2006) (chapter 1's u
equation), the second line of their Eq. (43) on a fixed point (phi-dot = H + u), Brown's free
diffusion constant D = alpha eps / (1 + alpha^2) (the docstring of spinlib.macrospin.stochastic), the
phase-diffusion form D (1 + nu^2) / sin^2 theta0, and the small-power coupling nu = N p0 / Gamma_eff of
Kim, Slavin & Tiberkevich (2008).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from spinlib import oscillator as osc
from spinlib.oscillator import derivation as D

S = D.symbols()
al, h, k, b, j, u, u0 = (S[n] for n in ("alpha", "h", "k", "b", "j", "u", "u0"))


def _random_magnet(rng) -> osc.AxialMacrospin:
    """A magnet of random anisotropy, Slonczewski asymmetry and damping."""
    return osc.AxialMacrospin(anisotropy=float(rng.uniform(-2, 2)), asymmetry=float(rng.uniform(-0.9, 0.9)),
                              alpha=float(rng.uniform(0.05, 1)))


def test_u_equation_is_parcollet_eq44():
    H, I, q = sp.symbols("H I q", real=True)
    printed = (1 - u**2) * (H + u + I / (1 + q * u))  # Eq. (44), reduced time
    derived = D.split_equations()["udot"].subs({k: 1, b: q, h: H, j: -al * I})
    assert sp.simplify(derived - al / (1 + al**2) * printed) == 0


def test_cone_frequency_is_parcollet_eq43_on_fixed_point():
    H = sp.Symbol("H", real=True)
    assert sp.simplify(D.cone_frequency().subs({k: 1, h: H}) - (H + u0)) == 0


def test_noise_is_brown_free_diffusion():
    n = D.noise_intensities()
    Dfree = al * S["epsilon"] / (1 + al**2)
    assert sp.simplify(n["theta"] - 2 * Dfree) == 0
    assert sp.simplify(n["phi"] - 2 * Dfree) == 0
    assert n["cross"] == 0


def test_phase_diffusion_form():
    Dd, G, N = S["D"], S["Gamma"], S["N"]
    nu = N * (1 - u0**2) / G
    printed = Dd * (1 + nu**2) / (1 - u0**2)
    assert sp.simplify(D.phase_diffusion() - printed) == 0


def test_lorentzian_fwhm_and_small_power_limit():
    assert sp.simplify(D.lorentzian_fwhm() - 2 * S["D"]) == 0
    assert D.small_power_coupling() == 1


def test_isotropic_coupling_from_derivation():
    """k = 0: N_u (1 - u0^2) / Gamma = alpha, symbolically, with the cone current eliminated."""
    cur = D._cone_current()
    Nu = (D.nonlinear_shift() / 2).subs(j, cur)
    nu = sp.simplify((Nu * (1 - u0**2) / D.relaxation_rate()).subs(k, 0))
    assert sp.simplify(nu - al) == 0


@pytest.mark.parametrize("seed", [1, 2])
def test_numerics_equal_lambdified_derivation(seed):
    rng = np.random.default_rng(seed)
    eq = D.split_equations()
    f_udot = sp.lambdify((u, h, k, b, j, al), eq["udot"], "numpy")
    f_phi = sp.lambdify((u, h, k, b, j, al), eq["phidot"], "numpy")
    f_N = sp.lambdify((u0, h, k, b, j, al), D.nonlinear_shift(), "numpy")
    f_G = sp.lambdify((u0, h, k, b, al), D.relaxation_rate(), "numpy")
    f_D = sp.lambdify((S["D"], u0, S["N"], S["Gamma"]), D.phase_diffusion(), "numpy")
    for _ in range(10):
        P = _random_magnet(rng)
        hh = float(rng.uniform(-4, 4))
        uu = rng.uniform(-0.95, 0.95, 8)
        jj = float(rng.uniform(-2, 2))
        args = (hh, P.anisotropy, P.asymmetry, jj, P.alpha)
        np.testing.assert_allclose(
            osc.amplitude_rate(uu, params=P, field=hh, current=jj), f_udot(uu, *args), atol=1e-12
        )
        np.testing.assert_allclose(
            osc.phase_velocity(uu, params=P, field=hh, current=jj), f_phi(uu, *args), atol=1e-12
        )
        lo, hi = osc.precession_range(params=P, field=hh)
        for jc in np.linspace(lo, hi, 6)[1:-1]:
            try:
                c = float(osc.cone_cosine(params=P, field=hh, current=jc))
            except ValueError:
                continue
            a2 = (c, hh, P.anisotropy, P.asymmetry, jc, P.alpha)
            assert float(osc.nonlinear_shift(params=P, field=hh, current=jc)) == pytest.approx(
                f_N(*a2), rel=1e-10
            )
            G = float(osc.relaxation_rate(params=P, field=hh, current=jc))
            assert G == pytest.approx(f_G(c, hh, P.anisotropy, P.asymmetry, P.alpha), rel=1e-10)
            eps = 0.013
            Dfree = float(osc.free_diffusion(params=P, temperature=eps))
            Nu = float(osc.nonlinear_shift(params=P, field=hh, current=jc)) / 2
            assert float(osc.linewidth(params=P, field=hh, current=jc, temperature=eps)) == pytest.approx(
                2 * f_D(Dfree, c, Nu, G), rel=1e-10
            )


def test_shift_from_relaxation_is_the_broadening_identity():
    """Book's N (page 6.3) = 2k + 2 alpha Gamma / sin^2 theta0, typed from the referee's form; the
    coupling it implies is nu = alpha + k sin^2 theta0 / Gamma (Tiberkevich, Slavin & Kim's nu = N/Gamma_eff
    in the book's notation)."""
    G = S["Gamma"]
    printed = 2 * k + 2 * al * G / (1 - u0**2)
    derived = D.shift_from_relaxation()
    assert sp.simplify(derived - printed) == 0
    nu = sp.expand(sp.simplify(derived / 2 * (1 - u0**2) / G))
    assert sp.simplify(nu - (al + k * (1 - u0**2) / G)) == 0
    # not an identity for any other relation: dropping the damping share breaks it
    assert sp.simplify(derived - 2 * k) != 0


@pytest.mark.parametrize("seed", [3, 4])
def test_numeric_shift_equals_lambdified_relation(seed):
    """The numeric nonlinear_shift and coupling obey the derived relation across random magnets."""
    rng = np.random.default_rng(seed)
    f = sp.lambdify((k, al, u0, S["Gamma"]), D.shift_from_relaxation(), "numpy")
    checked = 0
    for _ in range(12):
        P = _random_magnet(rng)
        hh = float(rng.uniform(-4, 4))
        lo, hi = osc.precession_range(params=P, field=hh)
        for jc in np.linspace(lo, hi, 6)[1:-1]:
            try:
                c = float(osc.cone_cosine(params=P, field=hh, current=jc))
            except ValueError:
                continue
            kw = dict(params=P, field=hh, current=jc)
            G = float(osc.relaxation_rate(**kw))
            assert float(osc.nonlinear_shift(**kw)) == pytest.approx(f(P.anisotropy, P.alpha, c, G), rel=1e-9)
            nu = P.alpha + P.anisotropy * (1 - c * c) / G
            assert float(osc.coupling(**kw)) == pytest.approx(nu, rel=1e-9)
            checked += 1
    assert checked > 10
