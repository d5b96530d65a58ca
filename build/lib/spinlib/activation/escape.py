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
from scipy.special import erfcx

from ..validate import SpinlibInputError, choice, in_range, nonnegative, positive
from .fokker_planck import _log_mfpt, _log_population, _log_relaxation_rate
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
    "escape_rate",
    "relaxation_rate",
    "boltzmann_population",
    "switching_probability",
    "fluctuation_enhancement",
    "slope_asymmetry",
]

METHODS = ("exact", "steepest_descent", "brown", "linear")
MAX_BARRIER = 1000.0  #: largest accepted ``E_a / k_B T``
_LOG_MAX = 709.0  # exp overflows beyond this


def _barrier(barrier):
    b = positive("barrier", barrier)
    if np.any(b > MAX_BARRIER):
        raise SpinlibInputError(f"barrier must lie in (0, {MAX_BARRIER:g}]; got {barrier!r}")
    return b


def _shapes(**arrays):
    """Refuse arguments that do not broadcast together, naming them (not NumPy's message)."""
    try:
        np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        got = ", ".join(f"{k} of shape {np.shape(a)}" for k, a in arrays.items())
        raise SpinlibInputError(f"{', '.join(arrays)} must broadcast together; got {got}") from None


def _initial(initial):
    return choice("initial", initial, ("P", "AP"))


def _common(barrier, field, current, initial):
    sigma = _barrier(barrier)
    h = _field(field)
    _shapes(barrier=sigma, field=h, current=current)
    j = _current(current, h)
    ap = _initial(initial) == "AP"
    return sigma, h, j, ap


# ---------------------------------------------------------------------------------------------
# exact: first passage, eigenvalue, populations (spinlib.activation.fokker_planck)


def _exp_checked(log_t):
    if np.any(log_t > _LOG_MAX):
        bad = float(np.max(log_t))
        raise SpinlibInputError(
            f"barrier gives an escape time that would overflow a float (ln(tau / tau_N) = {bad:.6g} > "
            f"{_LOG_MAX:g}): at high barriers through e^(sigma Delta u), with the approximate "
            "methods also at tiny barriers through their sigma^(-3/2) prefactor; use log_escape_time"
        )
    return np.exp(log_t)


def _target(target):
    return choice("target", target, ("top", "well"))


def mean_first_passage_time(*, barrier, field=0.0, current=0.0, initial="P", target="top"):
    """Exact mean first-passage time out of the bottom of a well (units of ``tau_N``).

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
        The well the magnetization starts in (at its bottom: the pole, or the cone of the AP well
        for ``iota < 0``).
    target : {"top", "well"}
        Absorbing angle: the barrier top, or the most probable angle of the *other* well (the
        maximum of the equilibrium theta-density ``sin theta e^{-sigma u}`` beyond the top; the
        top itself when that density has no maximum there, i.e. no second well). ``"well"`` is
        the escape time of :func:`log_escape_time`.

    Returns
    -------
    ndarray
        ``T / tau_N``, broadcast over the inputs. Raises ``SpinlibInputError`` if it would
        overflow (use :func:`log_escape_time`).

    Notes
    -----
    Axially symmetric 1-D Fokker-Planck equation of Brown (1963) in theta (Eqs. (18)-(19) of
    Wegrowe et al. (2008) with constant ``D`` acting on the physical density ``rho_0``):
    ``T = (1/D) int_{x_s}^{x_b} dy e^{sigma u(y)} / sin y int_0^y e^{-sigma u(z)} sin z dz``,
    ``x`` measured from the initial pole (reflecting), absorbing at ``x_b``; ``u`` is
    :func:`spinlib.activation.potential`. Composite 16-point Gauss-Legendre panels that
    equidistribute ``1 + sqrt(sigma |u''|) + sigma |u'| / 4`` (+ ``1/(pi - x)`` for the ``1/sin``
    near the far pole), cumulative inner integrals by each panel's exact integration matrix, all
    exponentials as logarithms: relative error ~1e-13 (the rounding of ``exp(ln T)``; at most
    1e-10, at sigma = 1000 with ``|iota| = 100``) for every accepted barrier, field and current
    (tests/activation: against nested adaptive quadrature and by halving the panels).

    Examples
    --------
    >>> from spinlib.activation import mean_first_passage_time
    >>> round(float(mean_first_passage_time(barrier=3.0, field=0.1)), 4)
    7.5989
    """
    sigma, h, j, ap = _common(barrier, field, current, initial)
    return _exp_checked(_log_mfpt(sigma, h, j, ap, _target(target)))


def relaxation_rate(*, barrier, field=0.0, current=0.0):
    """Smallest non-zero eigenvalue ``lambda_1 tau_N`` of the Fokker-Planck operator in theta.

    Parameters
    ----------
    barrier : array_like
        ``sigma = E_a / k_B T`` in (0, 1000], with ``sigma (u_max - u_min) <= 600`` (the
        eigenfunction must stay within the float range; ``u`` the reduced potential).
    field, current : array_like
        Reduced field ``h`` in (-1, 1) and current ``iota`` (as in :func:`mean_first_passage_time`).

    Returns
    -------
    ndarray
        ``lambda_1 tau_N`` (dimensionless): the rate at which any initial density relaxes to the
        Boltzmann one at long times; ``1/lambda_1`` is the inter-well relaxation time.

    Notes
    -----
    Inverse iteration with the exact inverse of the 1-D operator (two cumulative quadratures on
    the panels of :func:`mean_first_passage_time`); no discretisation of the operator. At zero
    barrier it is the spherical Laplacian's ``l = 1`` value ``2 D = 1 / tau_N``. For separated
    wells ``lambda_1 = k_out + k_back`` with ``k = 1 / tau`` of :func:`log_escape_time` up to
    terms ``~ e^{-sigma Delta u_min}`` (tested).

    Examples
    --------
    >>> from spinlib.activation import relaxation_rate
    >>> round(float(relaxation_rate(barrier=1e-9)), 6)
    1.0
    """
    sigma, h, j, _ = _common(barrier, field, current, "P")
    _, top, theta_ap = _stationary(h, j)
    span = _mapped(top, h, j, False) - np.minimum(0.0, _mapped(theta_ap, h, j, False))
    if np.any(sigma * span > 600.0):
        raise SpinlibInputError(
            f"barrier must keep sigma (u_max - u_min) <= 600 for the eigenvalue (float range of its "
            f"eigenfunction); got barrier={barrier!r} (largest sigma (u_max - u_min) = "
            f"{float(np.max(sigma * span)):.4g}); use log_escape_time"
        )
    return np.exp(_log_relaxation_rate(sigma, h, j, False))


def boltzmann_population(*, barrier, field=0.0, current=0.0, state="P"):
    """Equilibrium probability of the P side (``theta < theta_top``) or the AP side of the barrier.

    Parameters
    ----------
    barrier, field, current : array_like
        As in :func:`mean_first_passage_time`.
    state : {"P", "AP"}
        Which side.

    Returns
    -------
    ndarray
        ``int_side sin theta e^{-sigma u} / int_0^pi sin theta e^{-sigma u}`` (dimensionless),
        the long-pulse limit of :func:`switching_probability` into ``state``.

    Examples
    --------
    >>> from spinlib.activation import boltzmann_population
    >>> round(float(boltzmann_population(barrier=1e-12, state="AP")), 6)  # a free moment
    0.5
    """
    state = choice("state", state, ("P", "AP"))
    sigma, h, j, ap = _common(barrier, field, current, state)
    return np.exp(_log_population(sigma, h, j, ap))


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
    log_w = np.where(s >= 0, pos, neg) - np.log(2.0 * a) - np.log(sigma)
    # k = D sin x0 sqrt(sigma |u''_0| / 2 pi) e^{-sigma (u_top - u_pole)} / W, D = 1 / (2 tau_N)
    log_k = (
        -math.log(2.0)
        + np.log(np.sin(x0))
        + 0.5 * (np.log(sigma) + np.log(curv_top) - np.log(2.0 * np.pi))  # no underflow at tiny sigma
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


def log_escape_time(*, barrier, field=0.0, current=0.0, initial="P", method="exact"):
    """Natural logarithm of the escape time ``tau / tau_N`` out of the P or AP well.

    Parameters
    ----------
    barrier, field, current, initial : array_like, array_like, array_like, {"P", "AP"}
        As in :func:`mean_first_passage_time` (``sigma = E_a / k_B T``, ``h``, ``iota``).
    method : {"exact", "steepest_descent", "brown", "linear"}
        ``"exact"`` (the exact mean first-passage time into the other well,
        :func:`mean_first_passage_time` with ``target="well"``), ``"steepest_descent"`` (derived
        Eq. (24), Laplace approximation, pole-aware), ``"brown"`` (Brown's zero-current prefactor
        with the exact barrier under current) or ``"linear"`` (Brown's prefactor with the barrier
        linear in the current, the derived Eq. (27); refused where that barrier is negative,
        beyond the linear critical current of :func:`spinlib.activation.critical_currents_linear`,
        where the formula has no meaning).

    Returns
    -------
    ndarray
        ``ln(tau / tau_N)`` (dimensionless), finite for every accepted input.

    Notes
    -----
    The exact escape time is the first passage from the bottom of the well into the other well
    (to its most probable angle); for separated wells ``1 / tau_out + 1 / tau_back`` is the
    smallest non-zero eigenvalue of the Fokker-Planck operator (:func:`relaxation_rate`) up to
    terms ``~ e^{-sigma Delta u_min}``, and it is the quantity that tends to the Kramers/Brown
    time ``1/k``. (Twice the time to the top equals it only for a symmetric top: with a field or
    a current it is off by ``O(sigma^{-1/2})``.) The derived Laplace rate at a pole well is
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
        return _log_mfpt(sigma, h, j, ap, "well")
    sigma, h, j, ap = np.broadcast_arrays(sigma, h, j, ap)
    if method == "steepest_descent":
        return _log_steepest_descent(sigma, h, j, ap)
    if method == "linear":
        cp, cap = asymmetry_factors(field=h)
        lin = np.where(ap, (1.0 - h) ** 2 + j * cap, (1.0 + h) ** 2 - j * cp)
        if np.any(lin < 0.0):
            icp, icap = (1.0 + h) ** 2 / cp, -((1.0 - h) ** 2) / cap
            raise SpinlibInputError(
                "current lies beyond the linear critical current, where the linear barrier "
                "E_a (1 - I/I_c) of method='linear' is negative and the formula has no meaning "
                f"(iota_c = {_span(icp)} out of P, {_span(icap)} out of AP); got {current!r}; "
                "use method='exact'"
            )
    return _log_brown(sigma, h, j, ap, linear=method == "linear")


def _span(a):
    a = np.asarray(a, dtype=float)
    return f"{float(a.flat[0]):.6g}" if np.ptp(a) == 0 else f"{float(a.min()):.6g}..{float(a.max()):.6g}"


def escape_time(*, barrier, field=0.0, current=0.0, initial="P", method="exact"):
    """Escape time ``tau / tau_N`` out of the P or AP well.

    Parameters
    ----------
    barrier, field, current, initial, method
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
    17.6073
    """
    return _exp_checked(
        log_escape_time(
            barrier=barrier, field=field, current=current, initial=initial, method=method
        )
    )


def escape_rate(*, barrier, field=0.0, current=0.0, initial="P", method="exact"):
    """Escape rate ``k tau_N = tau_N / tau`` out of the P or AP well (0 where it underflows).

    Parameters
    ----------
    barrier, field, current, initial, method
        As in :func:`log_escape_time` (``barrier = E_a / k_B T`` is the zero-field barrier).

    Returns
    -------
    ndarray
        ``exp(-ln(tau / tau_N))`` (dimensionless; multiply by ``1 / tau_N`` for SI, with
        ``tau_N = (1 + alpha^2) M_s v / (2 alpha gamma k_B T)``, Brown's free-diffusion time).

    Notes
    -----
    The rate another chapter compares with (e.g. a telegraph switching rate for the same barrier):
    for ``method="brown"`` at zero current it is the Néel-Brown law ``k = f_0 e^{-sigma (1 +- h)^2}``
    with the attempt frequency ``f_0 tau_N = sigma^{3/2} (1 - h^2)(1 +- h) / sqrt(pi)``.

    Examples
    --------
    >>> from spinlib.activation import escape_rate
    >>> round(float(escape_rate(barrier=20.0, method="brown") * 1e7), 4)
    1.0401
    """
    return np.exp(
        -log_escape_time(barrier=barrier, field=field, current=current, initial=initial, method=method)
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
    with both escape rates from :func:`log_escape_time` (back-switching included). With the
    exact rates the long-pulse limit ``k_out / (k_out + k_back)`` is the Boltzmann population of
    the other side (:func:`boltzmann_population`) up to terms ``~ e^{-sigma Delta u_min}``. Evaluated in
    logarithms so that rates far below or above ``1/pulse`` neither underflow nor overflow.

    Examples
    --------
    >>> from spinlib.activation import switching_probability
    >>> round(float(switching_probability(1e9, barrier=20.0, current=0.2)), 6)
    0.999987
    """
    t = nonnegative("pulse", pulse)
    sigma, h, j, ap = _common(barrier, field, current, initial)
    _shapes(pulse=t, barrier=sigma, field=h, current=j)
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


def slope_asymmetry(*, barrier=(5.0, 10.0, 20.0, 40.0, 100.0), field=0.0, step=1e-4):
    """Measurable asymmetry ``(d ln tau_AP / d iota) / (-d ln tau_P / d iota)`` at zero current.

    Parameters
    ----------
    barrier : array_like
        ``sigma = E_a / k_B T`` in (0, 1000].
    field, step : float
        Reduced field ``h``; half-width of the central difference in ``iota``.

    Returns
    -------
    ndarray
        Ratio of the exact slopes (the first-order, linear-barrier value is ``c_AP / c_P``).

    Examples
    --------
    >>> from spinlib.activation import slope_asymmetry
    >>> round(float(slope_asymmetry(barrier=40.0)), 2)
    3.96
    """
    s = _barrier(barrier)
    h = _field(field)
    step = float(in_range("step", step, 1e-8, 1e-2))
    d = {i: log_escape_time(barrier=s, field=h, current=step, initial=i)
         - log_escape_time(barrier=s, field=h, current=-step, initial=i) for i in ("P", "AP")}
    return -d["AP"] / d["P"]


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
    2.3343
    """
    state = choice("state", state, ("P", "AP"))
    sigma, h, j, _ = _common(barrier, field, current, state)
    with_current = log_escape_time(barrier=sigma, field=h, current=j, initial=state, method=method)
    without = log_escape_time(barrier=sigma, field=h, current=0.0 * j, initial=state, method=method)
    return np.exp(np.clip(without - with_current, -_LOG_MAX, _LOG_MAX))
