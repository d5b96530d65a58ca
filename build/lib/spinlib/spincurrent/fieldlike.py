"""Bias dependence of the field-like (perpendicular) torque of a symmetric junction: Eq. (29).

For an N/F/N/F/N junction mirror symmetric about its midplane (Fig. 11 of Ralph & Stiles 2008),
electrons of energy :math:`\\varepsilon` exert the perpendicular torque
:math:`N_\\perp(\\varepsilon)\\,d\\varepsilon` whichever side they come from; a bias moves the two
chemical potentials to :math:`\\varepsilon_F\\pm eV/2`. :func:`perpendicular_torque_bias_change`
integrates the bias-dependent part exactly, :func:`perpendicular_torque_quadratic` is its leading
term, Eq. (29); :class:`ResonantPerpTorque` is an illustrative :math:`N_\\perp(\\varepsilon)`.
Energies in any one unit (eV on the page), torques in the unit of :math:`N_\\perp` times energy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from ..validate import SpinlibInputError, check_fields, count, finite, positive, show
from .fermi import MAX_NODES, _gauss
from .planewave import _shapes

__all__ = ["ResonantPerpTorque", "perpendicular_torque_bias_change", "perpendicular_torque_quadratic"]


@dataclass(frozen=True, kw_only=True)
class ResonantPerpTorque:
    """An illustrative smooth energy dependence of the perpendicular torque per energy, N_perp(eps).

    :math:`N_\\perp(\\varepsilon)=n_0+n_1\\,w^2/[(\\varepsilon-\\varepsilon_r)^2+w^2]`: a
    background plus a Lorentzian resonance. Not from a paper: a test function for
    the symmetric-junction argument around Eq. (29) of Ralph & Stiles (2008). Keyword-only,
    frozen, validated at construction; an instance is a callable :math:`N_\\perp(\\varepsilon)` for
    :func:`perpendicular_torque_bias_change`.

    Parameters
    ----------
    background : float
        :math:`n_0`, torque per unit energy (arbitrary unit).
    amplitude : float
        :math:`n_1`, same unit.
    center : float
        :math:`\\varepsilon_r-\\varepsilon_F`, eV.
    width : float
        :math:`w` > 0, eV.

    Examples
    --------
    >>> sample = ResonantPerpTorque()
    >>> round(float(sample(0.3)), 6), round(float(sample.derivative(0.0)), 6)
    (0.07, 0.071006)
    """

    background: float = 0.02  # n_0, torque per unit energy (arbitrary unit)
    amplitude: float = 0.05  # n_1, same unit
    center: float = 0.3  # eps_r - eps_F, eV
    width: float = 0.2  # w, eV

    def __post_init__(self):
        check_fields(self, background=finite, amplitude=finite, center=finite, width=positive)

    def _reduced(self, energy):
        """(w/h, (eps - eps_r)/h, h) with h = hypot(eps - eps_r, w): no overflow for any finite energy."""
        e = finite("energy", energy)
        with np.errstate(over="ignore"):
            d = e - self.center  # inf only if |energy| and |center| are both near the float maximum
        h = np.hypot(d, self.width)
        direction = np.where(np.isinf(d), np.sign(d), d / np.where(np.isinf(h), 1.0, h))
        return self.width / h, direction, h

    def __call__(self, energy):
        """N_perp at ``energy`` (eV, measured from eps_F).

        :math:`n_0+n_1w^2/[(\\varepsilon-\\varepsilon_r)^2+w^2]`, evaluated as
        :math:`n_0+n_1(w/h)^2` with :math:`h=\\mathrm{hypot}(\\varepsilon-\\varepsilon_r,w)` (no overflow).

        Examples
        --------
        >>> round(float(ResonantPerpTorque()(0.0)), 6)
        0.035385
        """
        c, _, _ = self._reduced(energy)
        return self.background + self.amplitude * c * c

    def derivative(self, energy):
        """dN_perp/d eps at ``energy`` (eV from eps_F).

        :math:`-2n_1w^2(\\varepsilon-\\varepsilon_r)/[(\\varepsilon-\\varepsilon_r)^2+w^2]^2`.

        Examples
        --------
        >>> round(float(ResonantPerpTorque().derivative(0.0)), 6)
        0.071006
        """
        c, s, h = self._reduced(energy)
        return -2 * self.amplitude * c * c * s / h


def perpendicular_torque_bias_change(bias, *, n_perp: Callable, fermi_energy=0.0, n_nodes=48):
    """Bias-dependent part of the perpendicular torque of a symmetric N/F/N/F/N junction.

    Parameters
    ----------
    bias : float or array
        eV, the bias times the electron charge, in the energy unit of ``n_perp``.
    n_perp : callable
        :math:`N_\\perp(\\varepsilon)`, perpendicular torque per unit energy from
        electrons incident at energy :math:`\\varepsilon`; must accept arrays.
    fermi_energy : float
        :math:`\\varepsilon_F`, same unit.
    n_nodes : int
        Gauss-Legendre nodes (>= 4).

    Returns
    -------
    ndarray
        :math:`-\\int_{\\varepsilon_F-eV/2}^{\\varepsilon_F}N_\\perp d\\varepsilon`
        :math:`+\\int_{\\varepsilon_F}^{\\varepsilon_F+eV/2}N_\\perp d\\varepsilon`,
        the middle member of Eq. (29) of Ralph & Stiles (2008) (torque unit x energy).

    Notes
    -----
    Written as :math:`h\\int_0^1[N_\\perp(\\varepsilon_F+hs)-N_\\perp(\\varepsilon_F-hs)]ds`
    with :math:`h=eV/2`, which is exactly even in V, also numerically. Its small-bias series,
    derived in :func:`spinlib.spincurrent.derivation.perpendicular_torque_series`, starts with
    :func:`perpendicular_torque_quadratic`.

    Examples
    --------
    A linear :math:`N_\\perp(\\varepsilon)=0.2+0.5\\varepsilon` gives exactly :math:`0.5\\,(eV/2)^2`:

    >>> d = perpendicular_torque_bias_change(np.array([-1.0, 1.0]), n_perp=lambda e: 0.2 + 0.5 * e)
    >>> np.round(d, 6)
    array([0.125, 0.125])
    """
    if not callable(n_perp) or isinstance(n_perp, type):
        raise SpinlibInputError(f"n_perp must be a callable N_perp(energy); got {show(n_perp)}")
    v = finite("bias", bias)
    ef = finite("fermi_energy", fermi_energy)
    if ef.ndim != 0:
        raise SpinlibInputError(f"fermi_energy must be a scalar; got {show(fermi_energy)}")
    n_nodes = count("n_nodes", n_nodes, minimum=4, maximum=MAX_NODES)
    s, w = _gauss(n_nodes)
    h = 0.5 * v[..., None]
    with np.errstate(over="ignore"):  # eps_F +- eV/2 overflows only beyond the float range
        above, below = float(ef) + h * s, float(ef) - h * s
    if not (np.all(np.isfinite(above)) and np.all(np.isfinite(below))):
        raise SpinlibInputError(
            f"fermi_energy +- bias/2 must stay within the float range; got bias={show(bias)}, "
            f"fermi_energy={show(fermi_energy)}"
        )
    vals = []
    for energies in (above, below):
        out = n_perp(energies)
        try:
            out = np.broadcast_to(np.asarray(out, dtype=float), energies.shape)
        except (TypeError, ValueError) as exc:
            raise SpinlibInputError(
                f"n_perp must return real values shaped like its argument; got {show(out)}"
            ) from exc
        if not np.all(np.isfinite(out)):
            raise SpinlibInputError("n_perp returned non-finite values (NaN or inf) for finite energies")
        vals.append(out)
    with np.errstate(over="ignore"):  # the torque itself exceeds the float range only for absurd n_perp
        return 0.5 * v * np.sum(w * (vals[0] - vals[1]), axis=-1)


def perpendicular_torque_quadratic(bias, *, dn_perp_at_fermi):
    """Leading bias dependence :math:`(dN_\\perp/d\\varepsilon)|_{\\varepsilon_F}\\,(eV/2)^2`: Eq. (29).

    Parameters
    ----------
    bias : float or array
        eV, energy unit of choice.
    dn_perp_at_fermi : float or array
        :math:`dN_\\perp/d\\varepsilon` at :math:`\\varepsilon_F`.

    Returns
    -------
    ndarray
        The right-hand side of Eq. (29) of Ralph & Stiles (2008), unit of
        ``dn_perp_at_fermi`` times energy squared.

    Notes
    -----
    :math:`\\dot M_\\perp(V)-\\dot M_\\perp(0)\\propto(dN_\\perp/d\\varepsilon)|_{\\varepsilon_F}(eV/2)^2`:
    Eq. (29) of Ralph & Stiles (2008), the leading term of
    :func:`perpendicular_torque_bias_change`.

    Examples
    --------
    >>> float(perpendicular_torque_quadratic(1.0, dn_perp_at_fermi=0.5))
    0.125
    """
    v = finite("bias", bias)
    slope = finite("dn_perp_at_fermi", dn_perp_at_fermi)
    _shapes(bias=v, dn_perp_at_fermi=slope)
    with np.errstate(over="ignore"):  # inf only where the torque exceeds the float range
        return slope * (v / 2) ** 2
