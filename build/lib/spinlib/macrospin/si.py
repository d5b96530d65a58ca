"""SI units of the macrospin model: the current and time units, Eq. (26) in amperes.

See :mod:`spinlib.macrospin.llg` for the dimensionless units and why ``g`` enters the time unit only.
"""

from __future__ import annotations

import numpy as np

from .. import units
from ..validate import SpinlibInputError, finite, finite_result, nonnegative, positive
from .thresholds import critical_current

__all__ = ["current_unit", "time_unit", "critical_current_si"]



def current_unit(*, ms, volume):
    """Current unit ``I_0 = 2 e mu0 M_s^2 V / hbar`` (amperes) of the dimensionless ``j``.

    Parameters
    ----------
    ms : saturation magnetization ``M_s`` (A/m, > 0).
    volume : free-layer volume ``V`` (m^3, > 0).

    Returns
    -------
    float or ndarray (broadcast of ``ms`` and ``volume``), ``I_0`` in amperes (> 0, finite).

    Examples
    --------
    >>> round(float(current_unit(ms=1.4e6, volume=2.1e-23)), 6)
    0.157163
    """
    ms_, volume_ = positive("ms", ms), positive("volume", volume)
    with np.errstate(over="ignore"):  # ms^2 V may overflow; the unit itself must be a float
        unit = (2.0 * units.E * units.MU_0 / units.HBAR) * ms_ * (ms_ * volume_)
    return finite_result(unit, ms=ms, volume=volume)


def time_unit(*, ms):
    """Time unit ``1 / (gamma0 M_s)`` in seconds, ``gamma0 = mu0 |gamma_e|`` (``M_s`` in A/m).

    ``|gamma_e|`` is the measured electron gyromagnetic ratio (``|g| = 2.00232``, CODATA via
    :mod:`scipy.constants`); see the module docstring for why the current unit needs no ``g``.

    Parameters
    ----------
    ms : saturation magnetization ``M_s`` (A/m, > 0).

    Returns
    -------
    float or ndarray (shape of ``ms``), ``1 / (gamma0 M_s)`` in seconds (> 0, finite).

    Examples
    --------
    >>> round(float(time_unit(ms=1.4e6)) * 1e12, 6)  # picoseconds
    3.228029
    """
    ms_ = positive("ms", ms)
    with np.errstate(over="ignore", divide="ignore"):
        unit = (1.0 / (units.MU_0 * units.GAMMA_E)) / ms_
    return finite_result(unit, ms=ms)


def critical_current_si(*, field, hk, ms, volume, alpha, q, A, B):
    """Critical current ``I_c`` in amperes, Eq. (26) of Ralph & Stiles (2008).

    Parameters
    ----------
    field : in-plane field ``H`` along the easy axis (A/m), ``> -hk``.
    hk : in-plane anisotropy field ``H_k`` (A/m, >= 0).
    ms : saturation magnetization ``M_s`` (A/m, > 0).
    volume : free-layer volume ``V`` (m^3, > 0).
    alpha : Gilbert damping (>= 0).
    q, A, B : Slonczewski coefficients, ``eta(0) = q / (A + B)``.

    Returns
    -------
    ndarray, ``I_c = (2e/hbar) (alpha/eta(0)) V mu0 M_s (H + H_k + M_s/2)`` (A).

    Examples
    --------
    >>> ic = critical_current_si(field=0.0, hk=4e4, ms=1.4e6, volume=2.1e-23, alpha=0.01, q=1.0, A=1.0,
    ...                          B=0.0)
    >>> round(float(ic) * 1e3, 4)  # mA
    0.8307
    """
    ms_ = positive("ms", ms)
    h, hk_ = finite("field", field), nonnegative("hk", hk)
    volume_ = positive("volume", volume)
    with np.errstate(over="ignore", under="ignore"):
        h_red, hk_red = finite_result(h / ms_, field=field, ms=ms), finite_result(hk_ / ms_, hk=hk, ms=ms)
    if np.any(h + hk_ <= 0):
        raise SpinlibInputError(f"field must be > -hk (the parallel state must be stable); got "
                                f"field={field!r}, hk={hk!r}")
    # a field a few subnormals above -H_k can round onto -H_k in units of M_s: keep it just above
    h_red = np.where(h_red + hk_red <= 0, np.nextafter(-hk_red, np.inf), h_red)
    jc = critical_current(field=h_red, hk=hk_red, demag=1.0, alpha=alpha, q=q, A=A, B=B)
    # I_c = (2e/hbar) mu0 V ms (alpha/eta0) (H + H_k + ms/2): one factor ms only, so no ms^2 overflow
    with np.errstate(over="ignore"):
        amps = jc * ms_ * ((2.0 * units.E * units.MU_0 / units.HBAR) * ms_ * volume_)
    return finite_result(amps, field=field, hk=hk, ms=ms, volume=volume, alpha=alpha, q=q, A=A, B=B)
