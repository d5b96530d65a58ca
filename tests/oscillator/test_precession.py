"""Physics of spinlib.oscillator.precession against independent computations.

Independent references: chapter 1's LLG right-hand side (spinlib.macrospin.llg_rhs) projected on the
cone by hand, chapter 1's u equation (Eq. (44) of Parcollet & Waintal (2006), spinlib.macrospin.udot),
finite differences, limits done by hand (k = 0: nu = alpha), and a numerical Fourier transform of the
linear-theory correlation function.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from spinlib import macrospin
from spinlib import oscillator as osc

rng = np.random.default_rng(7)
CH1 = osc.AxialMacrospin(anisotropy=1.0, asymmetry=0.5, alpha=0.2)
ISO = osc.AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)


def _random_models(n=12):
    for _ in range(n):
        yield osc.AxialMacrospin(
            anisotropy=float(rng.uniform(-2, 2)),
            asymmetry=float(rng.uniform(-0.9, 0.9)),
            alpha=float(rng.uniform(0.01, 1.0)),
        )


def test_split_rates_match_chapter1_llg_rhs():
    """u-dot and phi-dot equal the z component and the azimuthal rate of the full vector LLG."""
    for P in _random_models():
        u = rng.uniform(-0.99, 0.99, 20)
        phi = rng.uniform(0, 2 * np.pi, 20)
        h, j = rng.uniform(-3, 3, 20), rng.uniform(-2, 2, 20)
        s = np.sqrt(1 - u**2)
        m = np.stack([s * np.cos(phi), s * np.sin(phi), u], axis=-1)
        mp = osc.macrospin_params(params=P, field=h)
        dm = macrospin.llg_rhs(m, params=mp, current=j)
        phidot = (m[:, 0] * dm[:, 1] - m[:, 1] * dm[:, 0]) / (m[:, 0] ** 2 + m[:, 1] ** 2)
        np.testing.assert_allclose(osc.amplitude_rate(u, params=P, field=h, current=j), dm[:, 2], atol=1e-12)
        np.testing.assert_allclose(osc.phase_velocity(u, params=P, field=h, current=j), phidot, atol=1e-12)


def test_amplitude_rate_is_alpha_times_chapter1_u_equation():
    """k = 1, j = -alpha I: R(u) = alpha/(1+alpha^2) times Eq. (44) of Parcollet & Waintal (reduced)."""
    model = macrospin.UniaxialMacrospin(asymmetry=0.5, alpha=0.2)
    u = np.linspace(-1, 1, 41)[:, None]
    H, I = rng.uniform(-6, 2, 15), rng.uniform(-3, 7, 15)
    ref = macrospin.udot(u, params=model, field=H, current=I)
    ours = osc.amplitude_rate(u, params=CH1, field=H, current=macrospin.llg_current(params=model, current=I))
    np.testing.assert_allclose(ours, 0.2 / 1.04 * ref, atol=1e-13)


def test_cone_is_a_stable_zero():
    for P in (CH1, ISO):
        h = -5.0 if P is CH1 else -1.0
        lo, hi = osc.precession_range(params=P, field=h)
        j = np.linspace(lo, hi, 9)[1:-1]
        u0 = osc.cone_cosine(params=P, field=h, current=j)
        assert np.all(np.abs(u0) < 1)
        np.testing.assert_allclose(osc.amplitude_rate(u0, params=P, field=h, current=j), 0, atol=1e-13)
        d = 1e-6
        slope = (
            osc.amplitude_rate(u0 + d, params=P, field=h, current=j)
            - osc.amplitude_rate(u0 - d, params=P, field=h, current=j)
        ) / (2 * d)
        assert np.all(slope < 0)
        np.testing.assert_allclose(osc.relaxation_rate(params=P, field=h, current=j), -slope, rtol=1e-7)


def test_shift_is_derivative_of_phase_velocity():
    j = np.linspace(-0.65, -1.15, 7)
    u0 = osc.cone_cosine(params=CH1, field=-5.0, current=j)
    d = 1e-6
    fd = (
        osc.phase_velocity(u0 + d, params=CH1, field=-5.0, current=j)
        - osc.phase_velocity(u0 - d, params=CH1, field=-5.0, current=j)
    ) / (2 * d)
    np.testing.assert_allclose(osc.nonlinear_shift(params=CH1, field=-5.0, current=j), 2 * fd, rtol=1e-7)


def test_frequency_on_cone_is_larmor_of_cone_field():
    """On the cone the torque and damping parts of phi-dot cancel: w = h + k u0 (by hand)."""
    for P in _random_models(30):
        h = float(rng.uniform(-4, 4))
        lo, hi = osc.precession_range(params=P, field=h)
        for j in np.linspace(lo, hi, 7)[1:-1]:
            try:
                u0 = float(osc.cone_cosine(params=P, field=h, current=j))
            except ValueError:
                continue
            w = float(osc.precession_frequency(params=P, field=h, current=j))
            assert w == pytest.approx(h + P.anisotropy * u0, abs=1e-12)


def test_isotropic_coupling_is_alpha():
    """k = 0: nu = alpha exactly (exercise ex-osc-iso, done by hand)."""
    for al in (0.01, 0.2, 0.5, 0.9):
        for b in (-0.6, 0.3, 0.8):
            P = osc.AxialMacrospin(anisotropy=0.0, asymmetry=b, alpha=al)
            h = -1.3
            lo, hi = osc.precession_range(params=P, field=h)
            j = np.linspace(lo, hi, 7)[1:-1]
            try:
                nu = osc.coupling(params=P, field=h, current=j)
            except ValueError:  # this sign of b gives no stable cone at this field
                continue
            np.testing.assert_allclose(nu, al, rtol=1e-12)


def test_threshold_is_chapter1_boundary_and_frequency_is_fmr():
    model = macrospin.UniaxialMacrospin(asymmetry=0.5, alpha=0.2)
    for H in (-4.5, -5.0, -7.0):
        lines = macrospin.boundary_currents(params=model, field=H)
        lo, hi = osc.precession_range(params=CH1, field=H)
        assert float(-lo / 0.2) == pytest.approx(float(lines["minus"]), rel=1e-13)
        assert float(-hi / 0.2) == pytest.approx(float(lines["plus"]), rel=1e-13)
        w = osc.precession_frequency(params=CH1, field=H, current=lo * (1 + 1e-10))
        fmr = macrospin.precession_frequency(-1.0, field=H)
        assert float(w) == pytest.approx(float(fmr), rel=1e-8)


def test_linewidth_linear_in_temperature_and_zero_at_zero():
    j = -0.9
    w0 = osc.linewidth(params=CH1, field=-5.0, current=j, temperature=0.0)
    assert w0 == 0.0
    t = np.array([1e-300, 1e-6, 0.01, 0.02])
    w = osc.linewidth(params=CH1, field=-5.0, current=j, temperature=t)
    np.testing.assert_allclose(w / t, (w / t)[-1], rtol=1e-12)
    assert osc.line_fwhm(params=CH1, field=-5.0, current=j, temperature=0.0) == 0.0


def test_linewidth_by_hand_isotropic_equator():
    """k = 0, u0 = 0: 2 D (1 + alpha^2) = 2 alpha eps."""
    assert float(osc.linewidth(params=ISO, field=-1.0, current=-0.5, temperature=0.03)) == pytest.approx(
        2 * 0.5 * 0.03, rel=1e-13
    )


def test_line_components_against_fourier_transform():
    """The series of Lorentzians equals 2 int_0^inf C(tau) cos(delta tau) dtau of the correlation."""
    for I in (3.5, 4.5, 5.25):
        j = -0.2 * I
        eps = 0.03
        w, f = osc.line_components(params=CH1, field=-5.0, current=j, temperature=eps)
        assert w.sum() == pytest.approx(1.0, abs=1e-12)
        G = float(osc.relaxation_rate(params=CH1, field=-5.0, current=j))
        nu = float(osc.coupling(params=CH1, field=-5.0, current=j))
        u0 = float(osc.cone_cosine(params=CH1, field=-5.0, current=j))
        Dw = float(osc.free_diffusion(params=CH1, temperature=eps)) / (1 - u0**2)
        Dphi, c = Dw * (1 + nu**2), nu**2 * Dw / G
        for delta in (0.0, 0.3 * Dphi, Dphi, 4 * Dphi):
            num = (
                2
                * quad(
                    lambda t, d=delta, a=Dphi, c=c, G=G: (
                        np.exp(-a * t + c * (1 - np.exp(-G * t))) * np.cos(d * t)
                    ),
                    0,
                    np.inf,
                    limit=400,
                )[0]
            )
            series = float(np.sum(w * f / (delta**2 + f**2 / 4)))
            assert series == pytest.approx(num, rel=1e-6)


def test_line_fwhm_tends_to_linewidth_at_low_temperature():
    j = -0.9
    for eps in (1e-5, 1e-4):
        a = osc.line_fwhm(params=CH1, field=-5.0, current=j, temperature=eps)
        b = float(osc.linewidth(params=CH1, field=-5.0, current=j, temperature=eps))
        assert a == pytest.approx(b, rel=20 * eps)
