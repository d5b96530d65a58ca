"""The exact escape time, lambda_1, the Boltzmann populations and the electrospin torque of
spinlib.activation against independent values (issue 16, chapter 5; book/activation/index.md).

References: nested adaptive quadrature (scipy.integrate.quad) of the MFPT double integral; the
spherical Laplacian (lambda_1 = 2 D = 1/tau_N at zero barrier); a finite-volume
discretisation of the Fokker-Planck operator; direct quadrature of the Boltzmann density;
Slonczewski's g(theta) typed from Slonczewski (1996); finite differences of `potential`.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.integrate import quad
from scipy.linalg import eigvalsh_tridiagonal

from spinlib import activation as act
from spinlib.activation import fokker_planck as fp
from spinlib.activation import studies


def _u(x, h, j, ap):
    """u - u(initial pole) along x measured from the initial pole (typed from the potential)."""
    th = math.pi - x if ap else x
    u = lambda t: math.sin(t) ** 2 - 2 * h * math.cos(t) - j * (t - math.sin(t))  # noqa: E731
    return u(th) - u(math.pi if ap else 0.0)


def _q(f, a, b):
    return quad(f, a, b, epsabs=0, epsrel=1e-13, limit=200)[0]


def mfpt_quad(sig, h, j, initial, target):
    """Nested adaptive quadrature of T = 2 int_{x_s}^{x_b} e^{sigma u}/sin y int_0^y e^{-sigma u} sin."""
    ap = initial == "AP"
    sp_ = act.stationary_points(field=h, current=j)
    top = float(sp_["theta_top"])
    xt = math.pi - top if ap else top
    xs = math.pi - float(sp_["theta_AP"]) if ap else 0.0
    if target == "top":
        xb = xt
    else:
        xb = float(fp._far_mode(*(np.array([[a]]) for a in (sig, h, j, ap, xt)))[0])
    ut = _u(xt, h, j, ap)
    um = min(_u(x, h, j, ap) for x in np.linspace(0.0, xb, 4001))  # global minimum: no overflow
    pts = sorted({0.0, xs, xt, xb})

    def inner(y):
        p = [q for q in pts if q < y] + [y]
        f = lambda z: math.exp(-sig * (_u(z, h, j, ap) - um)) * math.sin(z)  # noqa: E731
        return sum(_q(f, a, b) for a, b in zip(p[:-1], p[1:], strict=True))

    po = [q for q in pts if xs <= q <= xb]
    g = lambda y: math.exp(sig * (_u(y, h, j, ap) - ut)) / math.sin(y) * inner(y)  # noqa: E731
    val = sum(_q(g, a, b) for a, b in zip(po[:-1], po[1:], strict=True))
    return math.log(2 * val) + sig * (ut - um)


@pytest.mark.parametrize(
    "sig,h,j,initial,targets",
    [(40.0, 0.3, 0.0, "P", "tw"), (40.0, 0.3, 0.0, "AP", "tw"), (1000.0, 0.0, 1.0, "P", "t"),
     (3.0, 0.1, 0.0, "P", "tw"), (12.0, -0.3, -0.3, "AP", "tw"), (200.0, 0.0, 0.5, "P", "tw")],
)
def test_mfpt_against_nested_adaptive_quadrature(sig, h, j, initial, targets):
    """(The double-precision reference underflows for the deep far well at sigma = 1000: top only.)"""
    for target in [{"t": "top", "w": "well"}[c] for c in targets]:
        ref = mfpt_quad(sig, h, j, initial, target)
        kw = {"barrier": sig, "field": h, "current": j, "initial": initial}
        ours = float(fp._log_mfpt(sig, h, j, initial == "AP", target))
        assert ours == pytest.approx(ref, abs=5e-12 * max(1.0, abs(ref)))
        if target == "well":
            assert float(act.log_escape_time(**kw)) == pytest.approx(ours, rel=1e-15)


def test_quadrature_converged_to_1e12_across_the_accepted_range(monkeypatch):
    """Halving the panel budget changes ln T by < 1e-12 (relative), tiny to 1000 k_BT, |h| -> 1,
    currents from just above the AP -> P critical current to 100."""
    cases = []
    for s in (1e-300, 0.3, 30.0, 1000.0):
        for h in (-0.999, 0.0, 0.999):
            c = float(act.critical_current_exact(field=h))
            for j in (c * 0.999, 0.0, 0.7, 100.0):
                cases.append((s, h, j))
    s, h, j = (np.array(a) for a in zip(*cases, strict=True))
    for ap in (False, True):
        a = fp._log_mfpt(s, h, j, ap, "well")
        monkeypatch.setattr(fp, "_BETA", 0.5)
        b = fp._log_mfpt(s, h, j, ap, "well")
        monkeypatch.setattr(fp, "_BETA", 1.0)
        assert np.all(np.abs(np.expm1(a - b)) < 1e-10)  # ~1e-13 typical, 6e-11 at sigma=1000, iota=100
        assert np.median(np.abs(np.expm1(a - b))) < 1e-13


def test_relaxation_rate_at_zero_barrier_is_the_spherical_laplacian():
    """Free rotational diffusion: lambda_1 = l(l+1) D = 2 D = 1/tau_N (l = 1)."""
    assert float(act.relaxation_rate(barrier=1e-300)) == pytest.approx(1.0, rel=1e-13)
    assert float(act.relaxation_rate(barrier=1e-300, field=0.7, current=3.0)) == pytest.approx(1.0, rel=1e-12)


def lambda1_finite_volume(sig, h, j, n=20000):
    """Independent method: finite volumes on [0, pi] with Scharfetter-Gummel fluxes, symmetrised,
    tridiagonal eigenvalues (second order in 1/n; Richardson with n/2)."""

    def one(n):
        e = np.linspace(0.0, np.pi, n + 1)
        c = 0.5 * (e[1:] + e[:-1])
        dx = e[1] - e[0]
        u = np.sin(c) ** 2 - 2 * h * np.cos(c) - j * (c - np.sin(c))
        area = np.cos(e[:-1]) - np.cos(e[1:])  # exact cell areas / 2 pi
        pi_ = area * np.exp(-sig * (u - u.min()))
        # edge conductance D sin(edge) / dx times the harmonic-mean Boltzmann weight
        boltz = np.exp(-sig * (u - u.min()))
        w = 0.5 * np.sin(e[1:-1]) / dx * np.sqrt(boltz[1:] * boltz[:-1])
        diag = np.zeros(n)
        diag[:-1] += w / pi_[:-1]
        diag[1:] += w / pi_[1:]
        off = -w / np.sqrt(pi_[:-1] * pi_[1:])
        return eigvalsh_tridiagonal(diag, off, select="i", select_range=(1, 1))[0]

    a, b = one(n), one(n // 2)
    return (4 * a - b) / 3


@pytest.mark.parametrize("sig,h,j", [(0.5, 0.0, 0.0), (2.0, 0.2, 0.3), (4.0, -0.3, -0.2)])
def test_relaxation_rate_against_finite_volume_eigenvalue(sig, h, j):
    assert float(act.relaxation_rate(barrier=sig, field=h, current=j)) == pytest.approx(
        lambda1_finite_volume(sig, h, j), rel=1e-8
    )


@pytest.mark.parametrize("h,j", [(0.0, 0.0), (0.3, 0.0), (0.0, -0.2), (0.2, 0.3), (-0.4, 0.5)])
def test_inverse_eigenvalue_equals_the_two_exact_escape_times(h, j):
    """lambda_1 = 1/tau_P + 1/tau_AP up to terms ~ e^{-sigma Delta u_min} (the smaller barrier)."""
    dmin = float(min(act.barrier_heights(field=h, current=j)))
    for sig in (10.0, 20.0, 40.0, 100.0):
        mis = studies.exact_checks(barrier=sig, field=h, current=j)["eigen_mismatch"]
        assert abs(mis) <= 3 * sig * math.exp(-sig * dmin) + 1e-11


def boltzmann_quad(sig, h, j, state):
    top = float(act.stationary_points(field=h, current=j)["theta_top"])
    u = lambda t: math.sin(t) ** 2 - 2 * h * math.cos(t) - j * (t - math.sin(t))  # noqa: E731
    f = lambda t: math.sin(t) * math.exp(-sig * u(t))  # noqa: E731
    lo = quad(f, 0.0, top, epsabs=0, epsrel=1e-13, limit=200)[0]
    hi = quad(f, top, math.pi, epsabs=0, epsrel=1e-13, limit=200)[0]
    return (hi if state == "AP" else lo) / (lo + hi)


@pytest.mark.parametrize("sig,h,j", [(1e-9, 0.4, 0.0), (5.0, 0.3, 0.0), (20.0, 0.0, -0.2), (40.0, 0.2, 0.3)])
def test_boltzmann_population_against_direct_quadrature(sig, h, j):
    for state in ("P", "AP"):
        got = float(act.boltzmann_population(barrier=sig, field=h, current=j, state=state))
        assert got == pytest.approx(boltzmann_quad(sig, h, j, state), rel=1e-11)
    # free moment: the cap area (1 - cos theta_0)/2 with cos theta_0 = -h
    assert float(act.boltzmann_population(barrier=1e-300, field=0.4)) == pytest.approx(0.7, rel=1e-12)


@pytest.mark.parametrize("h,j", [(0.3, 0.0), (0.0, -0.2), (0.2, 0.3)])
def test_long_pulse_switching_is_the_boltzmann_population(h, j):
    """With the exact rates the long-pulse limit is the Boltzmann population of the other side up to
    ~ e^{-sigma Delta u_min}; the former 2 x MFPT-to-top rates missed it by +13 % (h = 0.3, sigma = 40)."""
    dmin = float(min(act.barrier_heights(field=h, current=j)))
    for sig in (20.0, 40.0, 100.0):
        p = float(act.switching_probability(1e300, barrier=sig, field=h, current=j))
        ref = boltzmann_quad(sig, h, j, "AP")
        assert p / ref - 1 == pytest.approx(0.0, abs=3 * sig * math.exp(-sig * dmin) + 1e-11)
    t_top = {i: 2 * float(act.mean_first_passage_time(barrier=40.0, field=0.3, initial=i))
             for i in ("P", "AP")}
    old = (1 / t_top["P"]) / (1 / t_top["P"] + 1 / t_top["AP"])
    assert old / boltzmann_quad(40.0, 0.3, 0.0, "AP") - 1 == pytest.approx(0.13, abs=0.01)


def test_escape_rate_is_brown_neel_law_with_its_attempt_frequency():
    for h, state, sign in ((0.0, "P", 1), (0.3, "P", 1), (0.3, "AP", -1)):
        f0 = 20.0**1.5 * (1 - h * h) * (1 + sign * h) / math.sqrt(math.pi)
        k = float(act.escape_rate(barrier=20.0, field=h, initial=state, method="brown"))
        assert k == pytest.approx(f0 * math.exp(-20.0 * (1 + sign * h) ** 2), rel=1e-12)
    product = float(act.escape_rate(barrier=40.0) * act.escape_time(barrier=40.0))
    assert product == pytest.approx(1.0, rel=1e-14)


# ---------------------------------------------------------------------------------------------
# the electrospin torque and chapter 1's Slonczewski torque


def test_electrospin_torque_is_minus_the_derivative_of_the_potential():
    th = np.linspace(0.05, np.pi - 0.05, 40)
    eps = 1e-6
    for j in (-0.3, 0.4):
        du = (act.potential(th + eps, current=j) - act.potential(th - eps, current=j)) / (2 * eps)
        du0 = (act.potential(th + eps) - act.potential(th - eps)) / (2 * eps)
        assert np.allclose(act.electrospin_torque(th, current=j), -(du - du0), rtol=1e-7, atol=1e-9)
    assert float(act.electrospin_torque(np.pi, current=0.5)) == pytest.approx(1.0, rel=1e-15)  # 2 iota


def test_angular_factors_electrospin_versus_slonczewski():
    """1 - cos theta vanishes quadratically at P and is largest (2) at AP; Slonczewski's
    eta(theta) sin theta (g(theta) typed from Slonczewski (1996)) vanishes linearly at both poles."""
    P = 0.35
    tc = studies.torque_comparison(polarization=P)

    def g(t):
        return 1.0 / (-4.0 + (1 + P) ** 3 * (3 + np.cos(t)) / (4 * P**1.5))

    th = tc["theta"]
    assert np.allclose(tc["slonczewski"], g(th) * np.sin(th) / g(np.pi / 2), rtol=1e-12, atol=1e-15)
    assert np.allclose(tc["electrospin"], 1 - np.cos(th), atol=1e-15)
    assert tc["electrospin"][-1] == pytest.approx(2.0) and abs(tc["slonczewski"][-1]) < 1e-12
    assert tc["ratio_torque"] == pytest.approx(g(np.pi) / g(0.0), rel=1e-12)


@pytest.mark.parametrize("P,ratio", [(0.2, 2.7), (0.35, 4.06), (0.5, 7.2)])
def test_torque_picture_asymmetry_depends_on_polarization(P, ratio):
    """'About 4 in both pictures' holds only for P = 0.35 (issue 16): eta(pi)/eta(0) = 2.7, 4.06, 7.2."""
    def g(t):
        return 1.0 / (-4.0 + (1 + P) ** 3 * (3 + math.cos(t)) / (4 * P**1.5))

    got = studies.torque_comparison(polarization=P)["ratio_torque"]
    assert got == pytest.approx(g(math.pi) / g(0.0), rel=1e-12)
    assert got == pytest.approx(ratio, abs=0.05)


def test_zero_temperature_action_of_the_electrospin_term():
    """T -> 0: for any iota < 0 the AP pole is no longer a minimum (the potential falls away from it),
    and the AP barrier closes deterministically at iota_c = -0.6006 (a scan of `potential`)."""
    for j in (-1e-3, -0.1):
        assert float(act.potential(np.pi - 1e-4, current=j)) < float(act.potential(np.pi, current=j))
        assert float(act.stationary_points(current=j)["theta_AP"]) < np.pi
    assert float(act.potential(np.pi - 1e-4, current=1e-3)) > float(act.potential(np.pi, current=1e-3))
    th = np.linspace(np.pi / 2, np.pi, 200001)

    def has_ap_minimum(j):
        du = np.diff(act.potential(th, current=j))
        return bool(np.any((du[:-1] < 0) & (du[1:] > 0)) or du[-1] < 0)  # interior min or pole min

    assert has_ap_minimum(-0.600) and not has_ap_minimum(-0.602)
    assert studies.torque_comparison()["iota_c_AP"] == pytest.approx(-0.6006, abs=1e-4)


def test_slope_asymmetry_tends_to_the_first_order_value_like_sigma_minus_half():
    """Measured d ln tau / d iota ratio: 2.6, 3.3, 3.7, 4.0, 4.2 at sigma = 5..100 (book page),
    below c_AP/c_P = 4.50 by ~ sigma^{-1/2} (the AP cone)."""
    sig = np.array([5.0, 10.0, 20.0, 40.0, 100.0, 400.0])
    r = act.slope_asymmetry(barrier=sig)
    first = float(studies.asymmetry_numbers()["ratio_linear"])
    assert first == pytest.approx((math.pi + 2) / (math.pi - 2), rel=1e-12)
    assert np.all(np.diff(r) > 0) and np.all(r < first)
    scaled = (first - r) * np.sqrt(sig)
    assert scaled[-1] == pytest.approx(scaled[-2], rel=0.05)
    # the slopes themselves: out of P -sigma c_P (1 + O(1/sigma)) against the first-order law
    s = 400.0
    dp = (act.log_escape_time(barrier=s, current=1e-4) - act.log_escape_time(barrier=s, current=-1e-4)) / 2e-4
    assert float(dp) / s == pytest.approx(-(math.pi - 2) / 2, rel=0.01)
