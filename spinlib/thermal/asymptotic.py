"""Asymptotic forms of the switching probability: the thermal (Neel-Brown) regime below the
critical current and the precessional (Sun) regime above it, with a thermal initial angle.

Reduced units of :mod:`spinlib.thermal.model`. These are the forms the exact Fokker-Planck
solution of :mod:`spinlib.thermal.fokker_planck` is compared with (never the reverse).
"""

from __future__ import annotations

import numpy as np

from ..macrospin.thresholds import linear_growth_rate
from ..validate import SpinlibInputError, choice, finite, in_range, show
from .model import _p, _shapes, _temperature, escape_time, neel_brown_time

__all__ = [
    "THERMAL_FORMS",
    "thermal_switching_probability",
    "precessional_growth_rate",
    "precessional_switching_time",
    "precessional_switching_probability",
]

THERMAL_FORMS = ("exact", "n1", "n2")


def thermal_switching_probability(pulse, *, params, temperature, current, form="exact"):
    """Thermal-regime switching probability ``1 - exp(-t / tau(j))`` (Poisson escape).

    Parameters
    ----------
    pulse : array_like, pulse lengths (units ``1/(gamma0 M_s)``, >= 0).
    params : :class:`spinlib.thermal.ThermalMacrospin` (``B = 0`` for ``form="exact"``).
    temperature : ``epsilon`` (> 0).
    current : ``j`` (below ``j_c0`` for ``"exact"``), broadcast against ``pulse``.
    form : ``"exact"`` (:func:`spinlib.thermal.escape_time`) or ``"n1"`` / ``"n2"``
        (:func:`spinlib.thermal.neel_brown_time` with exponent 1 or 2).

    Returns
    -------
    ndarray, broadcast of ``pulse`` and ``current``.

    Notes
    -----
    Valid when the pulse is long compared with the relaxation inside the well and the barrier
    under current is several ``k_B T`` high: the escape is then a Poisson process of rate
    ``1 / tau`` (Neel 1949; Brown 1963).

    Examples
    --------
    >>> from spinlib.thermal import ThermalMacrospin
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> round(float(thermal_switching_probability(1e5, params=P, temperature=0.05, current=0.03)), 4)
    1.0
    """
    t = in_range("pulse", pulse, 0.0, np.inf)
    form = choice("form", form, THERMAL_FORMS)
    j = finite("current", current)
    _shapes(pulse=t, current=j)
    if form == "exact":
        tau = escape_time(params=params, temperature=temperature, current=j)
    else:
        tau = neel_brown_time(
            params=params, temperature=temperature, current=j, exponent=1 if form == "n1" else 2
        )
    return -np.expm1(-t / tau)


def precessional_growth_rate(*, params, current):
    """Growth rate of a small tilt away from the P pole, ``[j eta(1) - alpha (h_k + h)] / (1 + alpha^2)``.

    Parameters
    ----------
    params : :class:`spinlib.thermal.ThermalMacrospin`.
    current : ``j`` (array).

    Returns
    -------
    ndarray, units of ``gamma0 M_s``; positive above ``j_c0``.

    Notes
    -----
    Chapter 1's :func:`spinlib.macrospin.linear_growth_rate` with no easy-plane term:
    ``alpha (h_k + h)(j / j_c0 - 1) / (1 + alpha^2)`` for constant ``eta``.

    Examples
    --------
    >>> from spinlib.thermal import ThermalMacrospin
    >>> round(float(precessional_growth_rate(params=ThermalMacrospin(hk=1.0, alpha=0.05), current=0.1)), 6)
    0.049875
    """
    P = _p(params)
    return linear_growth_rate(
        current=current, field=P.field, hk=P.hk, demag=0.0, alpha=P.alpha, q=P.q, A=P.A, B=P.B
    )


def precessional_switching_time(theta0, *, params, current):
    """Sun's precessional switching time ``ln(pi / (2 theta_0)) / gamma`` (units ``1/(gamma0 M_s)``).

    Parameters
    ----------
    theta0 : array_like, initial tilt from the P pole (rad, in (0, pi/2)).
    params : :class:`spinlib.thermal.ThermalMacrospin`.
    current : ``j`` above the critical current (broadcast with ``theta0``).

    Returns
    -------
    ndarray, the time for the tilt to grow from ``theta0`` to the equator at the linear rate
    :func:`precessional_growth_rate`.

    Notes
    -----
    Sun (2000), Eq. (13) in the form ``tau = tau_0 ln(pi / 2 theta_0) / (I / I_c0 - 1)``: the
    linear growth ``theta(t) = theta_0 e^{gamma t}`` continued to ``pi/2``. It neglects the
    non-linear part of the trajectory and the noise during the pulse.

    Examples
    --------
    >>> from spinlib.thermal import ThermalMacrospin
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> round(float(precessional_switching_time(0.1, params=P, current=0.1)), 3)
    55.221
    """
    th = in_range("theta0", theta0, 0.0, np.pi / 2, lo_open=True, hi_open=True)
    rate = precessional_growth_rate(params=params, current=current)
    _shapes(theta0=th, current=rate)
    if np.any(rate <= 0):
        raise SpinlibInputError(
            f"current must exceed the critical current (the tilt must grow); got {show(current)}"
        )
    return np.log(0.5 * np.pi / th) / rate


def precessional_switching_probability(pulse, *, params, temperature, current, pulse_noise=True):
    """Precessional-regime ``P_sw = exp[-Delta_0 (pi/2)^2 e^{-2 gamma t}]`` (thermal initial angle).

    Parameters
    ----------
    pulse : array_like, pulse lengths (>= 0, units ``1/(gamma0 M_s)``).
    params : :class:`spinlib.thermal.ThermalMacrospin`.
    temperature : ``epsilon`` (> 0).
    current : ``j`` above the critical current (broadcast with ``pulse``).
    pulse_noise : include the thermal field during the pulse in the linear stage (``True``, the
        book's form) or only the initial tilt (``False``, the form with ``Delta_0``).

    Returns
    -------
    ndarray ``P_sw``; the write-error rate is ``1 - P_sw = -expm1(-Delta_0 theta_c^2)``.

    Notes
    -----
    A sample switches within ``t`` when its initial tilt exceeds
    ``theta_c(t) = (pi/2) e^{-gamma t}`` (:func:`precessional_switching_time` inverted); the
    small-angle Boltzmann density ``2 Delta_0 theta e^{-Delta_0 theta^2}`` of the P well before
    the pulse (``Delta_0 = (h_k + h) / (2 epsilon)``) gives ``P(theta_0 > theta_c)``. This is the
    form of Butler et al. (2012) for the macrospin without noise during the pulse; the tail
    ``WER ~ Delta_0 (pi^2/4) e^{-2 gamma t}`` has the slope ``2 gamma`` on a log scale.

    With ``pulse_noise`` the linear stage is an Ornstein-Uhlenbeck growth,
    ``d theta_x = gamma theta_x dt + sqrt(2 D) dW`` per component, so the tilt extrapolated to
    ``t = 0`` has the per-component variance ``epsilon / (h_k + h) + D / gamma`` instead of
    ``epsilon / (h_k + h)``: ``Delta_0`` becomes ``Delta_eff = 1 / (2 variance)``, which for constant
    ``eta`` is ``Delta_0 (1 - j_c0 / j)`` (derived in
    :func:`spinlib.thermal.derivation.effective_initial_variance`). The noise during the pulse
    does not become negligible as ``T -> 0``: both variances scale with ``epsilon``.

    Examples
    --------
    >>> from spinlib.thermal import ThermalMacrospin
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> round(float(precessional_switching_probability(100.0, params=P, temperature=0.0125, current=0.1,
    ...                                                  pulse_noise=False)), 4)
    0.9954
    """
    P = _p(params)
    t = in_range("pulse", pulse, 0.0, np.inf)
    eps = _temperature(temperature, strict=True)
    rate = precessional_growth_rate(params=P, current=current)
    _shapes(pulse=t, temperature=eps, current=rate)
    if np.any(rate <= 0):
        raise SpinlibInputError(
            f"current must exceed the critical current (precessional regime); got {show(current)}"
        )
    var = eps / (P.hk + P.field)
    if pulse_noise:
        var = var + P.alpha * eps / ((1.0 + P.alpha**2) * rate)
    delta0 = 0.5 / var
    with np.errstate(under="ignore"):
        x = delta0 * (0.5 * np.pi) ** 2 * np.exp(-2.0 * rate * t)
    return np.exp(-x)
