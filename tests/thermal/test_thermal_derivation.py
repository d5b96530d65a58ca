"""Derivations of the finite-temperature chapter against printed equations and by-hand limits,
and the numerics of spinlib.thermal against lambdify of the derived forms."""

from __future__ import annotations

import numpy as np
import pytest
import sympy as sp

from spinlib.macrospin import MacrospinParams, llg_rhs
from spinlib.thermal import (
    ThermalMacrospin,
    barrier,
    critical_current,
    effective_energy,
    polar_drift,
    precessional_growth_rate,
    precessional_switching_probability,
    precessional_switching_time,
)
from spinlib.thermal import derivation as d

S = d.SYMBOLS
z, alpha, hk, h, j, q, A, B, eps = (S[k] for k in ("z", "alpha", "hk", "h", "j", "q", "A", "B", "epsilon"))


def test_polar_equation_printed_form():
    # Typed by hand from the Gilbert equation: (1 - z^2)[alpha (h_k z + h) - j eta] / (1 + alpha^2).
    printed = (1 - z**2) * (alpha * (hk * z + h) - j * q / (A + B * z)) / (1 + alpha**2)
    assert sp.simplify(d.polar_equation() - printed) == 0


def test_polar_drift_is_z_component_of_chapter_1_rhs():
    """Independent: chapter 1's vector right-hand side, z-component, at many angles and currents."""
    rng = np.random.default_rng(0)
    for _ in range(5):
        hk_, h_, al, B_ = (
            0.5 + rng.random(),
            0.3 * rng.random(),
            0.02 + rng.random(),
            0.4 * rng.random() - 0.2,
        )
        P = ThermalMacrospin(hk=hk_, field=h_, alpha=al, q=1.3, A=1.0, B=B_)
        theta, phi = rng.random(20) * np.pi, rng.random(20) * 2 * np.pi
        m = np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], -1)
        jj = rng.normal(0.0, 0.2, 20)
        rhs = llg_rhs(m, params=P.macrospin_params(), current=jj)
        assert np.allclose(polar_drift(np.cos(theta), params=P, current=jj), rhs[:, 2], atol=1e-13)


def test_effective_potential_numeric_and_limits():
    E_eff, _ = d.effective_potential()
    f = sp.lambdify((z, hk, h, alpha, j, q, A, B), E_eff)
    P = ThermalMacrospin(hk=0.8, field=0.1, alpha=0.07, q=1.2, A=1.0, B=0.35)
    zz = np.linspace(-1, 1, 41)
    for jj in (0.0, 0.03, -0.05):
        assert np.allclose(
            effective_energy(zz, params=P, current=jj), f(zz, 0.8, 0.1, 0.07, jj, 1.2, 1.0, 0.35), atol=1e-12
        )
    # By hand: at zero current the potential is the energy -h_k z^2/2 - h z.
    assert sp.simplify(E_eff.subs(j, 0) - (-hk * z**2 / 2 - h * z)) == 0
    # By hand: constant eta (B -> 0) adds the linear term j q (z - 1) / (A alpha): a field -j eta/alpha.
    lin = sp.limit(E_eff, B, 0) - (-hk * z**2 / 2 - h * z)
    assert sp.simplify(lin - j * q * (z - 1) / (A * alpha)) == 0


def test_barrier_and_critical_current_against_eq_26():
    bar, jc = d.barrier_constant_eta()
    # Eq. (26) of Ralph & Stiles (2008) in reduced units, I_c ~ (alpha / eta(0)) (H + H_k + M_eff/2),
    # without the easy-plane term (N = 0): j_c = alpha (h + h_k) / eta, eta = q / A.
    printed_jc = alpha * (h + hk) * A / q
    assert sp.simplify(jc - printed_jc) == 0
    # The Neel-Brown exponent n = 2, typed by hand: (h_k / 2)(1 + h/h_k)^2 (1 - j/j_c)^2.
    assert sp.simplify(bar - (hk / 2) * (1 + h / hk) ** 2 * (1 - j / printed_jc) ** 2) == 0
    P = ThermalMacrospin(hk=1.3, field=0.2, alpha=0.04, q=0.9, A=1.1)
    g = sp.lambdify((hk, h, alpha, j, q, A), bar)
    jj = np.linspace(0, 0.99, 23) * critical_current(params=P)
    assert np.allclose(barrier(params=P, current=jj), g(1.3, 0.2, 0.04, jj, 0.9, 1.1), rtol=1e-9, atol=1e-14)


def test_precessional_time_is_suns_form():
    rate, t_sw = d.precessional_time()
    g, th0 = S["gamma"], S["theta0"]
    assert sp.simplify(t_sw - sp.log(sp.pi / (2 * th0)) / g) == 0  # Sun (2000): tau ln(pi / 2 theta_0)
    # the growth rate equals chapter 1's linear growth rate (no easy-plane term)
    P = ThermalMacrospin(hk=0.9, field=0.1, alpha=0.03, q=1.1, A=1.0, B=0.3)
    f = sp.lambdify((hk, h, alpha, j, q, A, B), rate)
    for jj in (0.02, 0.1, 0.3):
        assert np.isclose(
            float(precessional_growth_rate(params=P, current=jj)), f(0.9, 0.1, 0.03, jj, 1.1, 1.0, 0.3)
        )
        if f(0.9, 0.1, 0.03, jj, 1.1, 1.0, 0.3) > 0:
            t = precessional_switching_time(0.05, params=P, current=jj)
            assert np.isclose(float(t), np.log(np.pi / 0.1) / f(0.9, 0.1, 0.03, jj, 1.1, 1.0, 0.3))


def test_precessional_probability_and_pulse_noise():
    p = d.precessional_probability()
    D0, g, t = S["Delta0"], S["gamma"], S["t"]
    assert sp.simplify(p - sp.exp(-D0 * sp.pi**2 / 4 * sp.exp(-2 * g * t))) == 0
    var, delta_eff = d.effective_initial_variance()
    # by hand: Delta_eff = Delta_0 (1 - j_c / j), Delta_0 = (h_k + h) / (2 epsilon)
    jc = alpha * (h + hk) * A / q
    assert sp.simplify(delta_eff - (hk + h) / (2 * eps) * (1 - jc / j)) == 0
    P = ThermalMacrospin(hk=1.0, alpha=0.05)
    fn = sp.lambdify((D0, g, t), p)
    for jj, e in ((0.1, 0.0125), (0.15, 0.02)):
        gam = float(precessional_growth_rate(params=P, current=jj))
        de = float(delta_eff.subs({hk: 1.0, h: 0.0, eps: e, alpha: 0.05, A: 1, q: 1, j: jj}))
        tt = np.linspace(0, 300, 13)
        assert np.allclose(
            precessional_switching_probability(tt, params=P, temperature=e, current=jj),
            fn(de, gam, tt),
            rtol=1e-12,
        )
        assert np.allclose(
            precessional_switching_probability(tt, params=P, temperature=e, current=jj, pulse_noise=False),
            fn(1.0 / (2 * e), gam, tt),
        )


def test_ito_stationary_densities():
    corrected, uncorrected = d.ito_stationary_density()
    E_eff, _ = d.effective_potential()
    E0 = sp.limit(E_eff, B, 0)
    boltzmann = -(E0 - E0.subs(z, 0)) / eps
    assert sp.simplify(corrected - boltzmann) == 0  # with -2 D z: Boltzmann
    assert sp.simplify(uncorrected - (boltzmann - sp.log(1 - z**2))) == 0  # without: an extra 1/(1 - z^2)


@pytest.mark.parametrize("field", [0.0, 0.3])
def test_stationary_density_is_boltzmann_of_chapter_1_energy(field):
    """The zero-current potential is chapter 1's energy on the meridian (independent function)."""
    from spinlib.macrospin import energy

    P = ThermalMacrospin(hk=0.7, field=field)
    zz = np.linspace(-1, 1, 9)
    m = np.stack([np.sqrt(1 - zz**2), 0 * zz, zz], -1)
    mp = MacrospinParams(field=[0, 0, field], hk=0.7, easy_axis=[0, 0, 1], demag=0.0)
    assert np.allclose(effective_energy(zz, params=P), energy(m, params=mp))
