"""The spectrum estimator on synthetic signals with a known answer (independent of the LLG)."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.integrate import quad

from spinlib import oscillator as osc


def test_expected_periodogram_is_fejer_weighted_transform():
    T, g, w0 = 50.0, 0.1, 2.0
    for om in (1.5, 2.0, 2.07, 3.0):
        num = 0.0
        for c in (w0, -w0):
            num += (
                0.5
                * quad(
                    lambda t, c=c, om=om: 2 * (1 - t / T) * np.exp(-g * t) * np.cos((om - c) * t),
                    0,
                    T,
                    limit=400,
                )[0]
            )
        val = float(osc.expected_periodogram(om, center=w0, fwhm=2 * g, amplitude=1.0, duration=T))
        assert val == pytest.approx(num, rel=1e-8)


def test_expected_periodogram_tends_to_lorentzian():
    om = np.linspace(0.5, 1.5, 11)
    a = osc.expected_periodogram(om, center=1.0, fwhm=0.05, amplitude=1.0, duration=1e7)
    b = osc.lorentzian(om, center=1.0, fwhm=0.05) + osc.lorentzian(om, center=-1.0, fwhm=0.05)
    np.testing.assert_allclose(a, b / 2, rtol=1e-4)


def test_periodogram_parseval():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((4, 256))
    s = osc.periodogram(x, dt=0.1)
    dw = s.omega[1]
    weights = np.full(s.omega.size, 2.0)
    weights[0] = 1.0
    weights[-1] = 1.0  # M even: the Nyquist bin appears once
    assert np.sum(weights * s.power) * dw / (2 * np.pi) == pytest.approx(np.mean(x**2), rel=1e-12)


def _phase_diffusing(rng, n, M, dt, w0, Dphi):
    dphi = w0 * dt + np.sqrt(2 * Dphi * dt) * rng.standard_normal((n, M))
    phi = rng.uniform(0, 2 * np.pi, (n, 1)) + np.cumsum(dphi, axis=1)
    return np.cos(phi)


def test_fit_recovers_known_width_within_error_bars():
    """A cosine with a Wiener phase of known D_phi: the fitted FWHM is 2 D_phi within 3 sigma."""
    rng = np.random.default_rng(11)
    dt, M, w0, Dphi = 0.1, 4000, 3.0, 0.02
    x = _phase_diffusing(rng, 200, M, dt, w0, Dphi)
    fit = osc.fit_lorentzian(osc.periodogram(x, dt=dt))
    assert abs(fit.fwhm - 2 * Dphi) < 3 * fit.fwhm_err
    assert fit.fwhm_err < 0.1 * 2 * Dphi
    assert abs(fit.center - w0) < 3 * max(fit.center_err, 1e-3)
    assert 0.7 < fit.chi2 < 1.5


def test_error_bar_is_honest():
    """Across independent ensembles the fitted widths scatter by about the quoted error."""
    rng = np.random.default_rng(5)
    dt, M, w0, Dphi = 0.1, 2000, 3.0, 0.03
    fits = [
        osc.fit_lorentzian(osc.periodogram(_phase_diffusing(rng, 40, M, dt, w0, Dphi), dt=dt))
        for _ in range(12)
    ]
    widths = np.array([f.fwhm for f in fits])
    quoted = np.mean([f.fwhm_err for f in fits])
    assert 0.5 < widths.std(ddof=1) / quoted < 2.0
    assert abs(widths.mean() - 2 * Dphi) < 3 * quoted / np.sqrt(len(fits))
