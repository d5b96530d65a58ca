"""Escape times out of the P and AP wells under spin injection, switching probability and the
current's enhancement of thermal noise (Wegrowe et al. 2008).

Reduced units as in :mod:`spinlib.activation.landscape`; in addition the barrier
``barrier = sigma = E_a / k_B T`` (> 0) is the zero-field barrier in units of ``k_B T`` and time
is in units of Brown's free-diffusion time ``tau_N = 1 / (2 D)``, with
``D = k_B T L_thetatheta / rho_0 = alpha Gamma k_B T / (v M_s (1 + alpha^2))`` (Eq. (3)).

Escape times come in four flavours (``method``): ``"exact"`` (twice the exact mean first-passage
time from the bottom of the well to the barrier top of the 1-D Fokker-Planck equation in theta,
by log-space quadrature), ``"steepest_descent"`` (the Laplace approximation of the same integrals,
the derived Eq. (24), valid also when the well sits on a pole), ``"brown"`` (Brown's zero-current
prefactor with the exact current-dependent barrier) and ``"linear"`` (Brown's prefactor with the
barrier linear in the current, the derived Eq. (27)).
"""

from __future__ import annotations

import math

import numpy as np
from scipy.integrate import cumulative_simpson, simpson
from scipy.special import erfcx

from ..validate import SpinlibInputError, choice, count, nonnegative, positive
from .landscape import (
    _barriers,
    _current,
    _field,
    _mapped,
    _stationary,
    _u2,
    asymmetry_factors,
    gmr_resistance,
)

__all__ = [
    "MAX_BARRIER",
    "METHODS",
    "mean_first_passage_time",
    "log_escape_time",
    "escape_time",
    "switching_probability",
    "fluctuation_enhancement",
]

METHODS = ("exact", "steepest_descent", "brown", "linear")
MAX_BARRIER = 1000.0  #: largest accepted ``E_a / k_B T``
_LOG_MAX = 709.0  # exp overflows beyond this


def _barrier(barrier):
    b = positive("barrier", barrier)
    if np.any(b > MAX_BARRIER):
        raise SpinlibInputError(f"barrier must lie in (0, {MAX_BARRIER:g}]; got {barrier!r}")
    return b


def _initial(initial):
    return choice("initial", initial, ("P", "AP"))


def _nodes(n_nodes):
    n = count("n_nodes", n_nodes, minimum=101)
    if n % 2 == 0:
        raise SpinlibInputError(f"n_nodes must be odd (Simpson's rule); got {n_nodes!r}")
    return n


def _common(barrier, field, current, initial):
    sigma = _barrier(barrier)
    h = _field(field)
    j = _current(current, h)
    ap = _initial(initial) == "AP"
    return sigma, h, j, ap


# ---------------------------------------------------------------------------------------------
# exact mean first-passage time (log-space quadrature)


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


def _exp_checked(log_t):
    if np.any(log_t > _LOG_MAX):
        raise SpinlibInputError(
            "barrier is too high for a float escape time (it would overflow); use log_escape_time"
        )
    return np.exp(log_t)


def mean_first_passage_time(*, barrier, field=0.0, current=0.0, initial="P", n_nodes=2001):
    """Exact mean first-passage time from the bottom of a well to the barrier top (units of ``tau_N``).

    Parameters
    ----------
    barrier : array_like
        ``sigma = E_a / k_B T`` in (0, 1000] (dimensionless).
    field : array_like
        Reduced field ``h`` in (-1, 1).
    current : array_like
        Reduced current ``iota`` above :func:`spinlib.activation.critical_current_exact`,
        ``|iota| <= 100``.
    initial : {"P", "AP"}
        The well the magnetization starts in.
    n_nodes : int
        Quadrature nodes per interval (odd integer >= 101).

    Returns
    -------
    ndarray
        ``T / tau_N``, broadcast over the inputs. Raises ``SpinlibInputError`` if it would
        overflow (use :func:`log_escape_time`).

    Notes
    -----
    Axially symmetric 1-D Fokker-Planck equation of Brown (1963) in theta (Eqs. (18)-(19) of
    Wegrowe et al. (2008) with constant ``D`` acting on the physical density ``rho_0``):
    ``T = (1/D) int_{x_m}^{x_0} dy e^{sigma u(y)} / sin y int_0^y e^{-sigma u(z)} sin z dz``,
    ``x`` measured from the initial pole (reflecting), absorbing at the top ``x_0``; ``u`` is
    :func:`spinlib.activation.potential` (through its electrospin part). Both exponentials are
    shifted by the extreme values so every exponent is <= 0 and the barrier factor
    ``e^{sigma Delta u}`` is kept as a logarithm: no overflow for any barrier. Simpson's rule on
    ``n_nodes`` nodes (relative error < 1e-8 against mpmath for barriers 0.5-60 k_B T).

    Examples
    --------
    >>> from spinlib.activation import mean_first_passage_time
    >>> round(float(mean_first_passage_time(barrier=3.0, field=0.1)), 4)
    7.5989
    """
    sigma, h, j, ap = _common(barrier, field, current, initial)
    n = _nodes(n_nodes)
    return _exp_checked(_log_mfpt_top(sigma, h, j, ap, n))


# ---------------------------------------------------------------------------------------------
# approximations


def _log_steepest_descent(sigma, h, j, ap):
    """Laplace approximation of the two integrals of the rate (derived Eq. (24), pole-aware)."""
    _, top, _ = _stationary(h, j)
    x0 = np.where(ap, np.pi - top, top)
    u_pole = _mapped(np.zeros_like(x0), h, j, ap)
    u_top = _mapped(x0, h, j, ap)
    curv_top = np.abs(_u2(top, h, j))
    # well at the pole: u(x) ~ u_pole + b x + a x^2 with a = 1 +- h and b the electrospin force at
    # the pole, iota R_GMR(pole) / Delta R (0 at P, 2 iota at AP)
    a = np.where(ap, 1.0 - h, 1.0 + h)
    b = j * gmr_resistance(np.where(ap, np.pi, 0.0))
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
        cp, cap = asymmetry_factors(field=h)
        barrier = np.where(ap, (1.0 - h) ** 2 + j * cap, (1.0 + h) ** 2 - j * cp)
    else:
        dp, dap, _, _ = _barriers(h, j)
        barrier = np.where(ap, dap, dp)
    return log_tau0 + sigma * barrier


def log_escape_time(*, barrier, field=0.0, current=0.0, initial="P", method="exact", n_nodes=2001):
    """Natural logarithm of the escape time ``tau / tau_N`` out of the P or AP well.

    Parameters
    ----------
    barrier, field, current, initial : array_like, array_like, array_like, {"P", "AP"}
        As in :func:`mean_first_passage_time` (``sigma = E_a / k_B T``, ``h``, ``iota``).
    method : {"exact", "steepest_descent", "brown", "linear"}
        ``"exact"`` (twice the exact MFPT to the top), ``"steepest_descent"`` (derived Eq. (24),
        Laplace approximation, pole-aware), ``"brown"`` (Brown's zero-current prefactor with the
        exact barrier under current) or ``"linear"`` (Brown's prefactor with the barrier linear
        in the current, the derived Eq. (27)).
    n_nodes : int
        Quadrature nodes for ``"exact"`` (odd, >= 101).

    Returns
    -------
    ndarray
        ``ln(tau / tau_N)`` (dimensionless), finite for every accepted input.

    Notes
    -----
    A magnetization that reaches the top goes on to the other well with probability 1/2 in the
    high-barrier limit, so the escape time is twice the MFPT to the top; this is the quantity
    that tends to the Kramers/Brown time ``1/k``. The derived Laplace rate at a pole well is
    ``k = D sin theta_0 sqrt(sigma |u''_0| / 2 pi) e^{-sigma Delta u} / W`` with
    ``W = int x e^{-sigma (b x + a x^2)} dx``; at zero current it *is* Brown's formula
    ``tau = tau_N sqrt(pi) / [sigma^{3/2} (1 - h^2)(1 +- h)] e^{sigma (1 +- h)^2}`` (Brown 1963).

    Examples
    --------
    >>> from spinlib.activation import log_escape_time
    >>> round(float(log_escape_time(barrier=20.0, method="brown")), 6)
    16.078767
    """
    sigma, h, j, ap = _common(barrier, field, current, initial)
    method = choice("method", method, METHODS)
    if method == "exact":
        return math.log(2.0) + _log_mfpt_top(sigma, h, j, ap, _nodes(n_nodes))
    sigma, h, j, ap = np.broadcast_arrays(sigma, h, j, ap)
    if method == "steepest_descent":
        return _log_steepest_descent(sigma, h, j, ap)
    return _log_brown(sigma, h, j, ap, linear=method == "linear")


def escape_time(*, barrier, field=0.0, current=0.0, initial="P", method="exact", n_nodes=2001):
    """Escape time ``tau / tau_N`` out of the P or AP well.

    Parameters
    ----------
    barrier, field, current, initial, method, n_nodes
        As in :func:`log_escape_time`.

    Returns
    -------
    ndarray
        ``tau / tau_N``; raises ``SpinlibInputError`` if it overflows a float.

    Notes
    -----
    ``exp`` of :func:`log_escape_time`; for ``"exact"`` twice :func:`mean_first_passage_time`.

    Examples
    --------
    >>> from spinlib.activation import escape_time
    >>> round(float(escape_time(barrier=3.0, field=0.1)), 4)
    15.1979
    """
    return _exp_checked(
        log_escape_time(
            barrier=barrier, field=field, current=current, initial=initial, method=method, n_nodes=n_nodes
        )
    )


def switching_probability(pulse, *, barrier, field=0.0, current=0.0, initial="P", method="exact"):
    """Probability of finding the magnetization in the other well after a pulse of length ``pulse``.

    Parameters
    ----------
    pulse : array_like
        Pulse length in units of ``tau_N`` (>= 0).
    barrier, field, current, initial, method
        As in :func:`log_escape_time`.

    Returns
    -------
    ndarray
        ``P_sw = k_out / (k_out + k_back) [1 - exp(-(k_out + k_back) t)]`` (dimensionless).

    Notes
    -----
    The two-state master equation (Eq. (23) of Wegrowe et al. (2008)) started in ``initial``,
    with both escape rates from :func:`log_escape_time` (back-switching included). Evaluated in
    logarithms so that rates far below or above ``1/pulse`` neither underflow nor overflow.

    Examples
    --------
    >>> from spinlib.activation import switching_probability
    >>> round(float(switching_probability(1e9, barrier=20.0, current=0.2)), 6)
    0.999986
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

    Parameters
    ----------
    barrier, field, current, method
        As in :func:`log_escape_time`.
    state : {"P", "AP"}
        The well whose noise is enhanced.

    Returns
    -------
    ndarray
        ``tau(iota = 0) / tau(iota)`` for the escape out of ``state`` (dimensionless).

    Notes
    -----
    Eqs. (29)-(32) of Wegrowe et al. (2008): the fluctuating current of the two-state reduction
    near one well has the intensity ``<n>/tau`` (derived; the printed Eq. (32) carries an extra
    ``2 D_0``), so the current changes it by the same factor as the escape rate: to first order
    ``exp(sigma iota c_P)`` near P and ``exp(-sigma iota c_AP)`` near AP. This is the paper's
    prediction for FMR under current below the critical current.

    Examples
    --------
    >>> from spinlib.activation import fluctuation_enhancement
    >>> round(float(fluctuation_enhancement(barrier=30.0, current=0.05, state="P")), 4)
    2.3202
    """
    state = choice("state", state, ("P", "AP"))
    sigma, h, j, _ = _common(barrier, field, current, state)
    with_current = log_escape_time(barrier=sigma, field=h, current=j, initial=state, method=method)
    without = log_escape_time(barrier=sigma, field=h, current=0.0 * j, initial=state, method=method)
    return np.exp(np.clip(without - with_current, -_LOG_MAX, _LOG_MAX))
