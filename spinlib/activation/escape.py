"""Thermal activation of a single-domain magnet under spin injection (chapter 5).

Mesoscopic (thermokinetic) model of Wegrowe, Santos, Ciornei, Drouhin & Rubí,
arXiv:0801.1019 (2008): spin injection adds an *electrospin* potential to the
ferromagnetic potential in the configuration space of the magnetization; the
Néel-Brown activation law survives with a current-dependent barrier.

Reduced units (chapter 5 of the book)
-------------------------------------
* angle ``theta`` in [0, pi] from the easy axis, which is also the direction of the fixed
  layer: ``theta = 0`` is the parallel (P) state, ``theta = pi`` the antiparallel (AP) state;
* energies in units of the anisotropy energy ``E_a = v K`` (``v`` volume, ``K`` anisotropy);
  ``barrier = sigma = E_a / k_B T`` (> 0) is the zero-field barrier in units of ``k_B T``;
* field ``h = M_s H / (2 K)`` along the easy axis (``|h| < 1``: two minima);
* current ``iota = -8 l Delta R I / (beta L_thetatheta E_a)``: the electrospin energy per radian
  in units of ``E_a``, with the sign chosen so that ``iota > 0`` favours AP (drives P -> AP), the
  direction the paper states for positive current (with the derived sign of Eq. (25), see the
  chapter's erratum, that direction needs ``l < 0`` for ``beta > 0``);
* time in units of Brown's free-diffusion time ``tau_N = 1 / (2 D)``, with
  ``D = k_B T L_thetatheta / rho_0 = alpha Gamma k_B T / (v M_s (1 + alpha^2))`` (Eq. (3)).

The total reduced potential (Eq. (26), derived; ``R_GMR = Delta R (1 - cos theta)``) is

    u(theta) = sin^2 theta - 2 h cos theta - iota (theta - sin theta).

Escape times come in four flavours (``method``): ``"exact"`` (twice the exact mean first-passage
time from the bottom of the well to the barrier top of the 1-D Fokker-Planck equation in theta,
by log-space quadrature), ``"steepest_descent"`` (the Laplace approximation of the same integrals,
the derived Eq. (24), valid also when the well sits on a pole), ``"brown"`` (Brown's zero-current
prefactor with the exact current-dependent barrier) and ``"linear"`` (Brown's prefactor with the
barrier linear in the current, the derived Eq. (27)).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy.integrate import cumulative_simpson, simpson
from scipy.special import erfcx

from ..macrospin import llg
from ..validate import SpinlibInputError, choice, count, finite, in_range, nonnegative, positive

__all__ = [
    "gmr_resistance",
    "electrospin_potential",
    "potential",
    "stationary_points",
    "critical_current_exact",
    "barrier_heights",
    "asymmetry_factors",
    "critical_currents_linear",
    "mean_first_passage_time",
    "log_escape_time",
    "escape_time",
    "switching_probability",
    "fluctuation_enhancement",
    "EscapeSample",
    "stochastic_escape_times",
    "METHODS",
]

METHODS = ("exact", "steepest_descent", "brown", "linear")
MAX_BARRIER = 1000.0  #: largest accepted ``E_a / k_B T``
MAX_CURRENT = 100.0  #: largest accepted ``|iota|``
_LOG_MAX = 709.0  # exp overflows beyond this
_BGK = 0.5826  # -zeta(1/2)/sqrt(2 pi): discrete-monitoring shift of Broadie, Glasserman & Kou (1997)


# ---------------------------------------------------------------------------------------------
# validation helpers


def _field(field):
    return in_range("field", field, -1.0, 1.0, lo_open=True, hi_open=True)


def _barrier(barrier):
    b = positive("barrier", barrier)
    if np.any(b > MAX_BARRIER):
        raise SpinlibInputError(f"barrier must lie in (0, {MAX_BARRIER:g}]; got {barrier!r}")
    return b


def _current(current, field_arr, *, name="current"):
    """Validate ``current``: finite, ``|iota| <= MAX_CURRENT`` and above the exact AP -> P
    critical current (where the AP well and the barrier merge and no barrier is left)."""
    j = in_range(name, current, -MAX_CURRENT, MAX_CURRENT)
    crit = _critical_exact(field_arr)
    if np.any(j <= crit):
        raise SpinlibInputError(
            f"{name} must exceed the critical current of the AP -> P transition (below it the AP well "
            f"has merged with the barrier; at field={_scalar_or(field_arr)} that is iota_c = "
            f"{_scalar_or(crit)}); got {current!r}"
        )
    return j


def _scalar_or(a):
    a = np.asarray(a)
    return f"{float(a):.6g}" if a.size == 1 else "the field-dependent value"


def _initial(initial):
    return choice("initial", initial, ("P", "AP"))


# ---------------------------------------------------------------------------------------------
# the model


def _g(theta):
    """``int_0^theta (1 - cos t) dt = theta - sin theta`` (GMR integrated from P), cancellation-free."""
    theta = np.asarray(theta, dtype=float)
    small = np.abs(theta) < 1e-3
    t2 = theta * theta
    series = theta * t2 / 6.0 * (1.0 - t2 / 20.0 * (1.0 - t2 / 42.0))
    return np.where(small, series, theta - np.sin(theta))


def _u(theta, h, j):
    return np.sin(theta) ** 2 - 2.0 * h * np.cos(theta) - j * _g(theta)


def _u2(theta, h, j):
    """``u''(theta)``."""
    return 2.0 * np.cos(2.0 * theta) + 2.0 * h * np.cos(theta) - j * np.sin(theta)


def gmr_resistance(theta):
    """Giant magnetoresistance ``R_GMR(theta) / Delta R = 1 - cos theta`` (the form used below Eq. (26)).

    Parameters
    ----------
    theta : array_like, angle between free and fixed layer (rad).

    Returns
    -------
    ndarray, ``R_GMR / Delta R`` (0 in P, 2 in AP).

    Notes
    -----
    ``R_GMR(theta) = Delta R (1 - cos theta)`` of Wegrowe et al. (2008), after Dieny et al. (1991).
    Written as ``2 sin^2(theta/2)`` so it is exact (no cancellation) near P.
    """
    theta = finite("theta", theta)
    return 2.0 * np.sin(0.5 * theta) ** 2


def electrospin_potential(theta, *, current):
    """Electrospin part of the reduced potential, ``-iota (theta - sin theta)`` (units of ``E_a``).

    Parameters
    ----------
    theta : array_like, in [0, pi] (rad).
    current : ``iota`` (see the module docstring), any finite value.

    Returns
    -------
    ndarray, ``(l / L_thetatheta) V^e(theta) / E_a`` with ``V^e(0) = 0``.

    Notes
    -----
    Eq. (10) of Wegrowe et al. (2008), derived form ``V^e = (8 I / beta) int_0^theta R_GMR``
    (the printed second equality carries an extra ``e``; see the chapter's erratum).
    """
    theta = in_range("theta", theta, 0.0, math.pi)
    j = finite("current", current)
    return -j * _g(theta)


def potential(theta, *, field=0.0, current=0.0, field_angle=0.0):
    """Reduced total potential ``V_tot(theta) / E_a`` of the free layer under field and current.

    Parameters
    ----------
    theta : array_like, in [0, pi] (rad).
    field : ``h = M_s H / (2K)`` (finite; ``|h| < 1`` for two wells).
    current : ``iota`` (finite).
    field_angle : angle ``phi`` of the field from the easy axis (rad, finite).

    Returns
    -------
    ndarray, ``sin^2 theta - 2 h cos(theta - phi) - iota (theta - sin theta)``.

    Notes
    -----
    ``V^F = K sin^2 theta - M_s H cos(theta - phi)`` (Sec. A of Wegrowe et al. (2008)) divided by
    ``K``, plus the electrospin term of Eq. (26) (derived form). Only ``phi = 0`` keeps the
    problem axially symmetric; the rates below assume it.
    """
    theta = in_range("theta", theta, 0.0, math.pi)
    h = finite("field", field)
    j = finite("current", current)
    phi = finite("field_angle", field_angle)
    return np.sin(theta) ** 2 - 2.0 * h * np.cos(theta - phi) - j * _g(theta)


# stationary points: u'(theta) = 2 sin(theta/2) F(t), t = theta/2,
# F(t) = 2 cos t (cos 2t + h) - iota sin t; G = F / sin t + iota is monotone on both sides of t_min.


def _bisect(func, lo, hi, n=64):
    """Vectorised bisection for a sign change of ``func`` on [lo, hi] (func(lo) > 0 > func(hi))."""
    lo, hi = np.array(lo, dtype=float), np.array(hi, dtype=float)
    for _ in range(n):
        mid = 0.5 * (lo + hi)
        pos = func(mid) > 0
        lo = np.where(pos, mid, lo)
        hi = np.where(pos, hi, mid)
    return 0.5 * (lo + hi)


def _t_min(h):
    """Half-angle where ``G(t) = 2 cot t (cos 2t + h)`` is smallest: root of
    ``H(t) = -2 (cos 2t + h) - 2 sin^2 2t`` (negative, then increasing through zero once)."""
    h = np.asarray(h, dtype=float)
    return _bisect(
        lambda t: 2.0 * (np.cos(2 * t) + h) + 2.0 * np.sin(2 * t) ** 2,
        np.full(h.shape, math.pi / 6.0),
        np.full(h.shape, math.pi / 2.0),
    )


def _critical_exact(h):
    h = np.asarray(h, dtype=float)
    t = _t_min(h)
    return 2.0 * np.cos(t) * (np.cos(2 * t) + h) / np.sin(t)


def _stationary(h, j):
    h, j = np.broadcast_arrays(np.asarray(h, dtype=float), np.asarray(j, dtype=float))
    tm = _t_min(h)

    def F(t):
        return 2.0 * np.cos(t) * (np.cos(2 * t) + h) - j * np.sin(t)

    t_top = _bisect(F, np.zeros(h.shape), tm)
    # AP well: the pole for iota >= 0; for iota < 0 the cone minimum where F changes sign back
    t_ap = _bisect(lambda t: -F(t), tm, np.full(h.shape, math.pi / 2.0))
    theta_ap = np.where(j < 0, 2.0 * t_ap, math.pi)
    return np.zeros(h.shape), 2.0 * t_top, theta_ap


def stationary_points(*, field=0.0, current=0.0):
    """The P minimum, the barrier top and the AP minimum of the reduced potential.

    Parameters
    ----------
    field : ``h`` in (-1, 1).
    current : ``iota``, above :func:`critical_current_exact` (the AP -> P threshold).

    Returns
    -------
    dict of ndarrays ``theta_P`` (always 0), ``theta_top`` and ``theta_AP`` (rad), broadcast.

    Notes
    -----
    ``u'(theta) = 2 sin(theta/2) [2 cos(theta/2)(cos theta + h) - iota sin(theta/2)]``. Because
    ``R_GMR(0) = 0`` the electrospin force vanishes at P, which stays a minimum for any current;
    at AP it is ``2 iota``: for ``iota < 0`` the AP minimum leaves the pole (a cone of states).
    Roots by vectorised bisection on the monotone branches (exact to rounding).
    """
    h = _field(field)
    j = _current(current, h)
    p, top, ap = _stationary(h, j)
    return {"theta_P": p, "theta_top": top, "theta_AP": ap}


def critical_current_exact(*, field=0.0):
    """Exact AP -> P critical current ``iota_c(h) < 0``: below it the AP well has no barrier.

    Notes
    -----
    The minimum over the half-angle ``t`` of ``G(t) = 2 cot t (cos 2t + h)`` (where the AP minimum
    and the barrier top merge). There is no P -> AP counterpart: with ``R_GMR(0) = 0`` the P
    well keeps the curvature ``2(1 + h)`` for every current, the top sits at
    ``theta_0 ~ 4 (1 + h) / iota`` and the barrier only shrinks like ``16 (1 + h)^3 / (3 iota^2)``.
    """
    return _critical_exact(_field(field))


def _barriers(h, j):
    _, top, ap = _stationary(h, j)
    dp = _mapped(top, h, j, False)
    dap = _mapped(np.pi - top, h, j, True) - _mapped(np.pi - ap, h, j, True)
    return dp, np.maximum(dap, 0.0), top, ap


def barrier_heights(*, field=0.0, current=0.0):
    """Exact barriers ``(Delta u_P, Delta u_AP)`` of the reduced potential (units of ``E_a``).

    At zero current ``Delta u_P = (1 + h)^2`` and ``Delta u_AP = (1 - h)^2`` (Néel-Brown).
    """
    h = _field(field)
    j = _current(current, h)
    dp, dap, _, _ = _barriers(h, j)
    return dp, dap


def asymmetry_factors(*, field=0.0):
    """Asymmetry factors ``c_P`` and ``c_AP`` of Eq. (27), derived, at zero current.

    Returns
    -------
    (c_P, c_AP) : ``int_0^{theta_0} R_GMR / Delta R`` and ``int_{theta_0}^pi R_GMR / Delta R``
        with ``cos theta_0 = -h`` (both positive).

    Notes
    -----
    ``c_i = int_{theta_i}^{theta_0} R_GMR dtheta / Delta R`` below Eq. (27) of Wegrowe et al.
    (2008); at ``h = 0``, ``c_P = (pi - 2)/2`` and ``c_AP = (pi + 2)/2`` (the paper's values, the
    latter as a magnitude: the integral from pi to theta_0 is negative). The barriers change as
    ``Delta u_P ~ (1 + h)^2 - iota c_P`` and ``Delta u_AP ~ (1 - h)^2 + iota c_AP``.
    """
    h = _field(field)
    theta0 = np.arccos(-h)
    return _g(theta0), _g(np.pi) - _g(theta0)


def critical_currents_linear(*, field=0.0):
    """Critical currents of the linearised barriers (the derived Eq. (28)), in units of ``iota``.

    Returns
    -------
    (iota_c_P, iota_c_AP) : ``(1 + h)^2 / c_P > 0`` and ``-(1 - h)^2 / c_AP < 0``, where the
        linear barriers ``E_a (1 - I / I_c)`` of the two transitions reach zero.
    """
    h = _field(field)
    cp, cap = asymmetry_factors(field=h)
    return (1.0 + h) ** 2 / cp, -((1.0 - h) ** 2) / cap


# ---------------------------------------------------------------------------------------------
# exact mean first-passage time (log-space quadrature)


def _mapped(x, h, j, ap):
    """``u - u(pole)`` in the coordinate ``x`` measured from the initial pole (P: x = theta; AP:
    x = pi - theta), written without cancellation so tiny barriers (|h| -> 1, large currents) keep
    their relative accuracy: P: ``4 sin^2(x/2) (cos^2(x/2) + h) - iota g(x)``;
    AP: ``4 sin^2(x/2) (cos^2(x/2) - h) + iota (x + sin x)``."""
    s2 = np.sin(0.5 * x) ** 2
    c2 = np.cos(0.5 * x) ** 2
    return np.where(ap, 4.0 * s2 * (c2 - h) + j * (x + np.sin(x)), 4.0 * s2 * (c2 + h) - j * _g(x))


def _log_mfpt_top(sigma, h, j, ap, n_nodes):
    """log of the exact MFPT (units of tau_N) from the well bottom to the barrier top."""
    sigma, h, j, ap = np.broadcast_arrays(sigma, h, j, ap)
    shape = sigma.shape
    sigma, h, j, ap = (a.reshape(-1, 1) for a in (sigma, h, j, ap))
    _, top, theta_ap = _stationary(h, j)
    x0 = np.where(ap, np.pi - top, top)
    xm = np.where(ap, np.pi - theta_ap, 0.0)
    s = np.linspace(0.0, 1.0, n_nodes)
    u_min = _mapped(xm, h, j, ap)
    u_top = _mapped(x0, h, j, ap)
    # well part [0, x_m] (only the cone minimum of AP for iota < 0 has x_m > 0)
    y1 = xm * s
    w1 = np.exp(-sigma * np.maximum(_mapped(y1, h, j, ap) - u_min, 0.0)) * np.sin(y1)
    z1 = simpson(w1, x=y1, axis=-1)[:, None]
    # [x_m, x_0]: inner cumulative integral and outer integrand, all exponents <= 0
    y = xm + (x0 - xm) * s
    uy = _mapped(y, h, j, ap)
    inner = np.exp(-sigma * np.maximum(uy - u_min, 0.0)) * np.sin(y)
    z = z1 + cumulative_simpson(inner, x=y, axis=-1, initial=0.0)
    sin_y = np.sin(y)
    ratio = np.divide(z, sin_y, out=np.zeros_like(z), where=sin_y > 0)
    outer = np.exp(-sigma * np.maximum(u_top - uy, 0.0)) * ratio
    integral = simpson(outer, x=y, axis=-1)
    # T = (1/D) int ... = 2 tau_N e^{sigma (u_top - u_min)} * integral
    log_t = math.log(2.0) + sigma[:, 0] * (u_top - u_min)[:, 0] + np.log(integral)
    return log_t.reshape(shape)


def _common(barrier, field, current, initial):
    sigma = _barrier(barrier)
    h = _field(field)
    j = _current(current, h)
    ap = _initial(initial) == "AP"
    return sigma, h, j, ap


def mean_first_passage_time(*, barrier, field=0.0, current=0.0, initial="P", n_nodes=2001):
    """Exact mean first-passage time from the bottom of a well to the barrier top (units of ``tau_N``).

    Parameters
    ----------
    barrier : ``sigma = E_a / k_B T`` in (0, 1000].
    field : ``h`` in (-1, 1).
    current : ``iota`` above :func:`critical_current_exact`, ``|iota| <= 100``.
    initial : ``"P"`` or ``"AP"``, the well the magnetization starts in.
    n_nodes : quadrature nodes per interval (odd integer >= 101).

    Returns
    -------
    ndarray, ``T / tau_N``. Raises ``SpinlibInputError`` if it would overflow (use
    :func:`log_escape_time`).

    Notes
    -----
    Axially symmetric 1-D Fokker-Planck equation of Brown (1963) in theta (Eqs. (18)-(19) of
    Wegrowe et al. (2008) with constant ``D`` acting on the physical density ``rho_0``):
    ``T = (1/D) int_{x_m}^{x_0} dy e^{sigma u(y)} / sin y int_0^y e^{-sigma u(z)} sin z dz``,
    ``x`` measured from the initial pole (reflecting), absorbing at the top ``x_0``. Both
    exponentials are shifted by the extreme values so every exponent is <= 0 and the barrier
    factor ``e^{sigma Delta u}`` is kept as a logarithm: no overflow for any barrier. Simpson's
    rule on ``n_nodes`` nodes (relative error < 1e-8 against mpmath for barriers 0.5-60 k_B T).
    """
    sigma, h, j, ap = _common(barrier, field, current, initial)
    n = count("n_nodes", n_nodes, minimum=101)
    if n % 2 == 0:
        raise SpinlibInputError(f"n_nodes must be odd (Simpson's rule); got {n_nodes!r}")
    log_t = _log_mfpt_top(sigma, h, j, ap, n)
    return _exp_checked(log_t)


def _exp_checked(log_t):
    if np.any(log_t > _LOG_MAX):
        raise SpinlibInputError(
            "barrier is too high for a float escape time (it would overflow); use log_escape_time"
        )
    return np.exp(log_t)


def _log_steepest_descent(sigma, h, j, ap):
    """Laplace approximation of the two integrals of the rate (derived Eq. (24), pole-aware)."""
    _, top, _ = _stationary(h, j)
    x0 = np.where(ap, np.pi - top, top)
    u_pole = _mapped(np.zeros_like(x0), h, j, ap)
    u_top = _mapped(x0, h, j, ap)
    curv_top = np.abs(_u2(top, h, j))
    # well at the pole: u(x) ~ u_pole + b x + a x^2 (P: a = 1 + h, b = 0; AP: a = 1 - h, b = 2 iota)
    a = np.where(ap, 1.0 - h, 1.0 + h)
    b = np.where(ap, 2.0 * j, 0.0)
    s = b * np.sqrt(sigma) / (2.0 * np.sqrt(a))
    # W = int_0^inf x e^{-sigma (b x + a x^2)} dx = [1 - sqrt(pi) s erfcx(s)] / (2 sigma a);
    # for s < 0 use erfcx(-y) = 2 e^{y^2} - erfcx(y) and keep e^{y^2} as a logarithm
    y = np.abs(s)
    with np.errstate(over="ignore", invalid="ignore"):
        pos = np.log1p(-np.sqrt(np.pi) * y * erfcx(y))
    neg = y * y + np.log(2.0 * np.sqrt(np.pi) * y + (1.0 - np.sqrt(np.pi) * y * erfcx(y)) * np.exp(-y * y))
    log_w = np.where(s >= 0, pos, neg) - np.log(2.0 * sigma * a)
    # k = D sin x0 sqrt(sigma |u''_0| / 2 pi) e^{-sigma (u_top - u_pole)} / W, D = 1 / (2 tau_N)
    log_k = (
        -math.log(2.0)
        + np.log(np.sin(x0))
        + 0.5 * np.log(sigma * curv_top / (2.0 * np.pi))
        - sigma * (u_top - u_pole)
        - log_w
    )
    return -log_k


def _log_brown(sigma, h, j, ap, linear):
    sign = np.where(ap, -1.0, 1.0)
    log_tau0 = 0.5 * math.log(math.pi) - 1.5 * np.log(sigma) - np.log1p(-h * h) - np.log1p(sign * h)
    if linear:
        cp, cap = _g(np.arccos(-h)), _g(np.pi) - _g(np.arccos(-h))
        barrier = np.where(ap, (1.0 - h) ** 2 + j * cap, (1.0 + h) ** 2 - j * cp)
    else:
        dp, dap, _, _ = _barriers(h, j)
        barrier = np.where(ap, dap, dp)
    return log_tau0 + sigma * barrier


def log_escape_time(*, barrier, field=0.0, current=0.0, initial="P", method="exact", n_nodes=2001):
    """Natural logarithm of the escape time ``tau / tau_N`` out of the P or AP well.

    Parameters
    ----------
    barrier, field, current, initial : as in :func:`mean_first_passage_time`.
    method : ``"exact"`` (twice the exact MFPT to the top), ``"steepest_descent"`` (derived
        Eq. (24), Laplace approximation, pole-aware), ``"brown"`` (Brown's zero-current prefactor
        with the exact barrier under current) or ``"linear"`` (Brown's prefactor with the barrier
        linear in the current, the derived Eq. (27)).
    n_nodes : quadrature nodes for ``"exact"``.

    Returns
    -------
    ndarray, ``ln(tau / tau_N)``, finite for every accepted input.

    Notes
    -----
    A magnetization that reaches the top goes on to the other well with probability 1/2 in the
    high-barrier limit, so the escape time is twice the MFPT to the top; this is the quantity
    that tends to the Kramers/Brown time ``1/k``. The derived Laplace rate at a pole well is
    ``k = D sin theta_0 sqrt(sigma |u''_0| / 2 pi) e^{-sigma Delta u} / W`` with
    ``W = int x e^{-sigma (b x + a x^2)} dx``; at zero current it *is* Brown's formula
    ``tau = tau_N sqrt(pi) / [sigma^{3/2} (1 - h^2)(1 +- h)] e^{sigma (1 +- h)^2}`` (Brown 1963).
    """
    sigma, h, j, ap = _common(barrier, field, current, initial)
    method = choice("method", method, METHODS)
    if method == "exact":
        n = count("n_nodes", n_nodes, minimum=101)
        if n % 2 == 0:
            raise SpinlibInputError(f"n_nodes must be odd (Simpson's rule); got {n_nodes!r}")
        return math.log(2.0) + _log_mfpt_top(sigma, h, j, ap, n)
    sigma, h, j, ap = np.broadcast_arrays(sigma, h, j, ap)
    if method == "steepest_descent":
        return _log_steepest_descent(sigma, h, j, ap)
    return _log_brown(sigma, h, j, ap, linear=method == "linear")


def escape_time(*, barrier, field=0.0, current=0.0, initial="P", method="exact", n_nodes=2001):
    """Escape time ``tau / tau_N`` (see :func:`log_escape_time`); raises if it overflows a float."""
    return _exp_checked(
        log_escape_time(
            barrier=barrier, field=field, current=current, initial=initial, method=method, n_nodes=n_nodes
        )
    )


def switching_probability(pulse, *, barrier, field=0.0, current=0.0, initial="P", method="exact"):
    """Probability of finding the magnetization in the other well after a pulse of length ``pulse``.

    Parameters
    ----------
    pulse : array_like, pulse length in units of ``tau_N`` (>= 0).
    barrier, field, current, initial, method : as in :func:`log_escape_time`.

    Returns
    -------
    ndarray, ``P_sw = k_out / (k_out + k_back) [1 - exp(-(k_out + k_back) t)]``.

    Notes
    -----
    The two-state master equation (Eq. (23) of Wegrowe et al. (2008)) started in ``initial``,
    with both escape rates from :func:`log_escape_time` (back-switching included). Evaluated in
    logarithms so that rates far below or above ``1/pulse`` neither underflow nor overflow.
    """
    t = nonnegative("pulse", pulse)
    sigma, h, j, ap = _common(barrier, field, current, initial)
    method = choice("method", method, METHODS)
    other = "P" if initial == "AP" else "AP"
    log_out = -log_escape_time(barrier=sigma, field=h, current=j, initial=initial, method=method)
    log_back = -log_escape_time(barrier=sigma, field=h, current=j, initial=other, method=method)
    log_sum = np.logaddexp(log_out, log_back)
    weight = np.exp(log_out - log_sum)
    with np.errstate(divide="ignore"):
        log_t = np.log(t)
    arg = np.exp(np.minimum(log_sum + log_t, _LOG_MAX))  # (k_out + k_back) t, inf-free
    return weight * -np.expm1(-arg)


def fluctuation_enhancement(*, barrier, field=0.0, current=0.0, state="P", method="exact"):
    """Factor by which the current multiplies the thermal noise of the magnetization near ``state``.

    Returns
    -------
    ndarray, ``tau(iota = 0) / tau(iota)`` for the escape out of ``state``.

    Notes
    -----
    Eqs. (29)-(32) of Wegrowe et al. (2008): the fluctuating current of the two-state reduction
    near one well has the intensity ``<n>/tau`` (derived; the printed Eq. (32) carries an extra
    ``2 D_0``), so the current changes it by the same factor as the escape rate: to first order
    ``exp(sigma iota c_P)`` near P and ``exp(-sigma iota c_AP)`` near AP. This is the paper's
    prediction for FMR under current below the critical current.
    """
    state = choice("state", state, ("P", "AP"))
    sigma, h, j, _ = _common(barrier, field, current, state)
    with_current = log_escape_time(barrier=sigma, field=h, current=j, initial=state, method=method)
    without = log_escape_time(barrier=sigma, field=h, current=0.0 * j, initial=state, method=method)
    return np.exp(np.clip(without - with_current, -_LOG_MAX, _LOG_MAX))


# ---------------------------------------------------------------------------------------------
# stochastic LLG (independent check): the deterministic field and energy come from spinlib.llg


@dataclass(frozen=True, kw_only=True, eq=False)
class EscapeSample:
    """Output of :func:`stochastic_escape_times`: first-passage times to the barrier top."""

    times: np.ndarray  # (n_samples,), units of tau_N; t_max where not escaped
    escaped: np.ndarray  # (n_samples,), bool
    dt: float  # time step, units of tau_N
    t_max: float  # simulated time, units of tau_N


def _llg_params(barrier, field, alpha, hk):
    """Map (sigma, h) onto :class:`spinlib.llg.MacrospinParams`: easy axis z, ``E_a = h_k / 2``."""
    return (
        llg.MacrospinParams(
            field=[0.0, 0.0, hk * field], hk=hk, easy_axis=[0.0, 0.0, 1.0], demag=0.0, alpha=alpha
        ),
        0.5 * hk / barrier,
    )  # reduced thermal energy k_B T / (mu0 M_s^2 V)


def _gilbert_rhs(m, field, alpha):
    """``dm/dtau = -[m x H + alpha m x (m x H)] / (1 + alpha^2)``: the Gilbert equation solved for
    ``dm/dtau`` (the form of :func:`spinlib.llg.llg_rhs` at zero current), for a total field ``H``."""
    mxh = np.cross(m, field)
    return -(mxh + alpha * np.cross(m, mxh)) / (1.0 + alpha**2)


def stochastic_escape_times(
    *, barrier, field=0.0, alpha=1.0, n_samples=500, dt=2e-3, t_max=60.0, hk=1.0, seed=None
):
    """Seeded stochastic-LLG first-passage times from P (``m = +z``) to the barrier top (zero current).

    Parameters
    ----------
    barrier : ``sigma = E_a / k_B T`` in (0, 40].
    field : ``h`` in (-1, 1).
    alpha : Gilbert damping (> 0).
    n_samples : number of independent trajectories (integer in [1, 100000]).
    dt : time step in units of ``tau_N`` (> 0, and ``dt tau_N h_k (1 + |h|) <= 0.05`` in llg units).
    t_max : simulated time in units of ``tau_N`` (> 0).
    hk : anisotropy field in units of ``M_s`` (> 0; it only sets the unit of llg time).
    seed : int or ``numpy.random.Generator`` (None: unseeded).

    Returns
    -------
    EscapeSample

    Notes
    -----
    Gilbert equation with Brown's thermal field, ``dm/dtau = -m x (h_eff + h_th) + alpha m x dm/dtau``,
    ``<h_th,i(tau) h_th,j(tau')> = 2 alpha epsilon delta_ij delta(tau - tau')`` (``epsilon = k_B T /
    (mu0 M_s^2 V)``), solved for ``dm/dtau`` and integrated with Heun's (Stratonovich) scheme plus
    projection onto the sphere; the crossing is tested against the top shifted by
    ``0.5826 sqrt(dt / tau_N)`` (discrete-monitoring correction). ``h_eff`` is
    :func:`spinlib.llg.effective_field`; without noise the
    right-hand side equals :func:`spinlib.llg.llg_rhs` (checked by the tests). Brown's
    ``D = alpha epsilon / (1 + alpha^2)`` fixes ``tau_N = (1 + alpha^2) / (2 alpha epsilon)``.
    The theta dynamics of this axially symmetric problem is exactly the 1-D Fokker-Planck
    equation behind :func:`mean_first_passage_time`.
    """
    sigma = float(in_range("barrier", barrier, 0.0, 40.0, lo_open=True))
    h = float(_field(field))
    alpha = float(positive("alpha", alpha))
    n = count("n_samples", n_samples, minimum=1, maximum=100_000)
    hk = float(positive("hk", hk))
    dt = float(positive("dt", dt))
    t_max = float(positive("t_max", t_max))
    rng = (
        seed
        if isinstance(seed, np.random.Generator)
        else np.random.default_rng(None if seed is None else count("seed", seed))
    )
    params, eps = _llg_params(sigma, h, alpha, hk)
    tau_n = (1.0 + alpha**2) / (2.0 * alpha * eps)  # llg time units
    step = dt * tau_n
    if step * hk * (1.0 + abs(h)) > 0.05:
        raise SpinlibInputError(
            f"dt must be <= {0.05 / (tau_n * hk * (1 + abs(h))):.3g} tau_N for these "
            f"parameters (accuracy of the Heun step); got {dt!r}"
        )
    n_steps = int(math.ceil(t_max / dt))
    # barrier top of the zero-current potential, moved towards the well by 0.5826 times the
    # angular step sqrt(2 D dt) = sqrt(dt / tau_N): checking the crossing only at the steps
    # misses excursions between them and would bias the times up by O(sqrt(dt)) (Broadie,
    # Glasserman & Kou 1997); the shift removes that leading term
    cos_top = math.cos(math.acos(-h) - _BGK * math.sqrt(dt))
    noise = math.sqrt(2.0 * alpha * eps / step)
    # h_eff of spinlib.llg is affine in m: read it off once at four unit vectors, then apply it
    basis = np.array([[1.0, 0, 0], [0, 1.0, 0], [0, 0, 1.0], [0, 0, -1.0]])
    fields = llg.effective_field(basis, params=params)
    h0 = 0.5 * (fields[2] + fields[3])
    lin = (fields[:3] - h0).T  # column i = M e_i

    def rhs(m, hth):
        return _gilbert_rhs(m, h0 + m @ lin.T + hth, alpha)

    m = np.tile([0.0, 0.0, 1.0], (n, 1))
    times = np.full(n, t_max)
    escaped = np.zeros(n, dtype=bool)
    active = np.arange(n)
    for k in range(1, n_steps + 1):
        hth = noise * rng.standard_normal((active.size, 3))
        ma = m[active]
        f1 = rhs(ma, hth)
        pred = ma + step * f1
        pred /= np.linalg.norm(pred, axis=1, keepdims=True)
        new = ma + 0.5 * step * (f1 + rhs(pred, hth))
        new /= np.linalg.norm(new, axis=1, keepdims=True)
        m[active] = new
        crossed = new[:, 2] <= cos_top
        if np.any(crossed):
            idx = active[crossed]
            times[idx] = k * dt
            escaped[idx] = True
            active = active[~crossed]
            if active.size == 0:
                break
    return EscapeSample(times=times, escaped=escaped, dt=dt, t_max=t_max)
