"""SI for the domain-wall page: Ralph & Stiles' spin-drift velocity and the reduced units.

All constants come from :mod:`spinlib.units` (``scipy.constants``).
"""

from __future__ import annotations

import numpy as np

from ..units import GAMMA_E, MU_0, MU_B, E
from ..validate import finite_result, in_range, positive

__all__ = ["drift_velocity", "reduced_units"]


def drift_velocity(*, current_density, polarization, saturation_magnetization):
    """Spin-drift velocity ``v_0 = P j mu_B / (e M_s)`` of Sec. 5 of Ralph & Stiles (2008), in m/s.

    Parameters
    ----------
    current_density : array_like
        Magnitude of the charge current density ``|j|`` (A/m^2), >= 0; ``v_0`` points along the
        electron flow (against the charge current), the direction of ``u > 0`` on the page.
    polarization : array_like
        Spin polarization ``P`` of the current, in [-1, 1].
    saturation_magnetization : array_like
        ``M_s`` (A/m), > 0.

    Returns
    -------
    ndarray
        ``P j mu_B / (e M_s)`` (m/s), ``e`` the elementary charge and ``mu_B`` the Bohr magneton
        (``|g| = 2``, as the paper writes it).

    Examples
    --------
    >>> v0 = drift_velocity(current_density=1e12, polarization=0.7, saturation_magnetization=8.6e5)
    >>> round(float(v0), 2)
    47.11
    """
    j = in_range("current_density", current_density, 0.0, 1e16)
    P = in_range("polarization", polarization, -1.0, 1.0)
    Ms = in_range("saturation_magnetization", saturation_magnetization, 0.0, 1e8, lo_open=True)
    with np.errstate(under="ignore"):
        v = P * j * MU_B / (E * Ms)
    return finite_result(v, current_density=current_density,
                         saturation_magnetization=saturation_magnetization)


def reduced_units(*, saturation_magnetization, exchange, anisotropy):
    """The page's units in SI for a material: width, time, velocity, field and ``hk``.

    Parameters
    ----------
    saturation_magnetization : float
        ``M_s`` (A/m), > 0.
    exchange : float
        Exchange stiffness ``A`` (J/m), > 0.
    anisotropy : float
        Easy-axis anisotropy constant ``K`` (J/m^3), > 0 (for a strip, the shape anisotropy).

    Returns
    -------
    dict
        ``width`` ``Delta_0 = sqrt(A / K)`` (m); ``time`` ``1 / (gamma0 M_s)`` (s) with
        ``gamma0 = mu0 |gamma_e|``; ``velocity`` ``gamma0 M_s Delta_0`` (m/s); ``field_tesla``
        ``mu0 M_s`` (T, the unit of ``mu0 H``); ``hk`` ``2 K / (mu0 M_s^2)`` (dimensionless).

    Examples
    --------
    >>> U = reduced_units(saturation_magnetization=8.6e5, exchange=1.3e-11, anisotropy=5e4)
    >>> round(U["width"] * 1e9, 2), round(U["velocity"], 1)
    (16.12, 3068.5)
    """
    Ms = float(positive("saturation_magnetization", saturation_magnetization))
    A = float(positive("exchange", exchange))
    K = float(positive("anisotropy", anisotropy))
    width = float(np.sqrt(A / K))
    gamma0 = MU_0 * GAMMA_E
    out = {"width": width, "time": 1.0 / (gamma0 * Ms), "velocity": gamma0 * Ms * width,
           "field_tesla": MU_0 * Ms, "hk": 2.0 * K / (MU_0 * Ms * Ms)}
    for value in out.values():
        finite_result(np.asarray(value), **{"saturation_magnetization": Ms, "exchange": A, "anisotropy": K})
    return out
