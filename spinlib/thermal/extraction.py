"""Extraction of the intrinsic critical current ``j_c0`` from switching statistics, the two
routes of Sec. 4 of Ralph & Stiles (2008): pulse-length statistics in the precessional regime
(``1 / t_sw`` linear in the current) and thermally activated switching times below threshold
(``ln tau`` against the current, Neel-Brown form with an assumed ``tau_0`` and exponent ``n``).

Reduced units of :mod:`spinlib.thermal.model`. The fits are plain least squares; the book
feeds them synthetic data from the Fokker-Planck solver with a known ``j_c0`` and reports the
bias of each route.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validate import SpinlibInputError, finite, in_range, positive, scalar, show

__all__ = ["CriticalCurrentFit", "fit_precessional", "fit_thermal"]


@dataclass(frozen=True, kw_only=True, eq=False)
class CriticalCurrentFit:
    """Result of a fit for the intrinsic critical current.

    Attributes
    ----------
    critical_current : fitted ``j_c0`` (dimensionless).
    standard_error : its least-squares standard error (from the residuals; with exact synthetic
        data it measures how far the assumed form is from the data, not noise).
    slope, intercept : of the straight line fitted.
    """

    critical_current: float
    standard_error: float
    slope: float
    intercept: float


def _zero_of_line(x, y):
    """Least-squares line ``y = a + b x``; its zero ``-a / b`` with the delta-method standard error."""
    X = np.stack([np.ones_like(x), x], axis=1)
    coef, *_ = np.linalg.lstsq(X, y, rcond=None)
    resid = y - X @ coef
    dof = max(x.size - 2, 1)
    s2 = float(resid @ resid) / dof
    cov = s2 * np.linalg.inv(X.T @ X)
    a, b = coef[0], coef[1]
    grad = np.array([-1.0 / b, a / b**2])
    return CriticalCurrentFit(
        critical_current=float(-a / b),
        standard_error=float(np.sqrt(max(grad @ cov @ grad, 0.0))),
        slope=float(b),
        intercept=float(a),
    )


def _pairs(currents, values, vname):
    j = finite("currents", currents)
    v = positive(vname, values)
    if j.ndim != 1 or j.size < 3 or v.shape != j.shape:
        raise SpinlibInputError(
            f"currents and {vname} must be 1-D arrays of the same length >= 3; got shapes "
            f"{j.shape} and {v.shape}"
        )
    return j, v


def fit_precessional(currents, switching_times):
    """``j_c0`` from ``1 / t_sw = k (j - j_c0)``: the zero of a straight line through ``1 / t_sw``.

    Parameters
    ----------
    currents : 1-D array of currents above threshold (dimensionless).
    switching_times : 1-D array, e.g. median switching times (> 0, units ``1/(gamma0 M_s)``).

    Returns
    -------
    CriticalCurrentFit (``critical_current = -intercept / slope``, error by the delta method).

    Notes
    -----
    Sun's switching time ``ln(pi / 2 theta_0) / gamma`` with ``gamma`` linear in ``j - j_c0``
    makes ``1 / t_sw`` linear in ``j`` with its zero at ``j_c0`` (Sun 2000; Koch et al. 2004).

    Examples
    --------
    >>> j = np.array([2.0, 3.0, 4.0])
    >>> round(fit_precessional(j, 1.0 / (0.5 * (j - 1.0))).critical_current, 12)
    1.0
    """
    j, t = _pairs(currents, switching_times, "switching_times")
    return _zero_of_line(j, 1.0 / t)


def fit_thermal(currents, escape_times, *, attempt_time, exponent=1):
    """``j_c0`` from ``ln(tau / tau_0) = Delta (1 - j / j_c0)^n`` with an assumed ``tau_0`` and ``n``.

    Parameters
    ----------
    currents : 1-D array of currents below threshold.
    escape_times : 1-D array of mean switching times (> 0, units ``1/(gamma0 M_s)``), each longer
        than ``attempt_time``.
    attempt_time : the assumed ``tau_0`` (> 0; experiments commonly take 1 ns).
    exponent : ``n`` (1 or 2 in practice; any value in [0.5, 3]).

    Returns
    -------
    CriticalCurrentFit: ``[ln(tau / tau_0)]^{1/n}`` is a straight line in ``j`` whose zero is ``j_c0``.

    Examples
    --------
    >>> j = np.array([0.1, 0.2, 0.3])
    >>> tau = 2.0 * np.exp(40.0 * (1.0 - j / 0.5) ** 2)
    >>> round(fit_thermal(j, tau, attempt_time=2.0, exponent=2).critical_current, 10)
    0.5
    """
    j, tau = _pairs(currents, escape_times, "escape_times")
    tau0 = scalar("attempt_time", attempt_time, positive)
    n = scalar("exponent", exponent, in_range, lo=0.5, hi=3.0)
    x = np.log(tau / tau0)
    if np.any(x <= 0):
        raise SpinlibInputError(
            f"escape_times must exceed attempt_time={show(attempt_time)}; got {show(escape_times)}"
        )
    return _zero_of_line(j, x ** (1.0 / n))
