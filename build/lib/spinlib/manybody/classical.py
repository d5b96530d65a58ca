r"""The classical-spin limit of Eq. (3): an electron scattering off a fixed exchange potential.

When the local spin is a macrospin :math:`S\to\infty` held along :math:`+z` (with :math:`J_{sd}S`
fixed), the s-d term of Eq. (3) of Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99,
094431 (2019) acts on the electron as a spin-dependent on-site potential,
:math:`V_\sigma = -J_{sd}\,c_e c_S\,\sigma S/2` (:math:`\sigma = \pm1`, :math:`c = 2` for Pauli
operators, 1 for spin operators), and spin flips (one quantum out of :math:`S`) become negligible.
The electron then scatters without flipping, with the lattice amplitudes :math:`t_\sigma, r_\sigma`
of a single-site potential on the tight-binding chain: the input of the spin-filter torque of
``spinlib.spincurrent.filter_torque`` (the classical transfer of the transverse spin). Energies in
eV, wave numbers in rad per lattice spacing.
"""

from __future__ import annotations

import numpy as np

from ..spincurrent import filter_torque, incident_spin_current
from ..validate import SpinlibInputError, count, finite, in_range, instance, positive, scalar
from .chain import ChainParams

__all__ = ["impurity_amplitudes", "classical_potentials", "classical_transfer"]


def impurity_amplitudes(k, *, potential, hopping=1.0) -> tuple:
    """Transmission and reflection amplitudes of one site of potential V on the tight-binding chain.

    Parameters
    ----------
    k : float or array
        Wave number of the incoming wave, rad per lattice spacing, in (0, pi) (right-moving).
    potential : float
        On-site potential V (eV), finite.
    hopping : float
        gamma (eV), > 0; the band is :math:`\\epsilon(k) = -2\\gamma\\cos k`.

    Returns
    -------
    t, r : complex ndarrays, shape of ``k``
        :math:`t = 2i\\gamma\\sin k/(2i\\gamma\\sin k - V)`, :math:`r = t - 1`;
        :math:`|t|^2 + |r|^2 = 1`.

    Notes
    -----
    From :math:`\\psi_n = e^{ikn} + re^{-ikn}` (n <= 0), :math:`te^{ikn}` (n >= 0): continuity at the
    site gives :math:`1 + r = t`, and the Schrödinger equation on it,
    :math:`-\\gamma(\\psi_1 + \\psi_{-1}) + V\\psi_0 = -2\\gamma\\cos k\\,\\psi_0`, gives t. The tests
    compare with a time evolution of a packet on the chain.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody.classical import impurity_amplitudes
    >>> t, r = impurity_amplitudes(np.pi / 2, potential=2.0)  # 2 gamma sin k = V: |t|^2 = 1/2
    >>> round(abs(t) ** 2, 12), round(abs(t) ** 2 + abs(r) ** 2, 12)
    (0.5, 1.0)
    """
    kk = finite("k", k)
    if np.any(kk <= 0) or np.any(kk >= np.pi):
        raise SpinlibInputError(f"k must lie in (0, pi) (a right-moving wave); got {k!r}")
    v = scalar("potential", potential, finite)
    g = scalar("hopping", hopping, positive)
    two_i_sin = 2j * g * np.sin(kk)
    t = two_i_sin / (two_i_sin - v)
    return t, t - 1.0


def classical_potentials(*, params: ChainParams) -> tuple:
    """On-site potentials (V_up, V_down) of a classical local spin S along +z, Eq. (3) (eV).

    Parameters
    ----------
    params : ChainParams
        Its ``j_sd``, ``local_spin`` S and ``convention``.

    Returns
    -------
    v_up, v_down : float
        :math:`\\mp J_{sd}\\,c^2 S/2` with c = ``params.operator_scale`` (Pauli: :math:`\\mp 2J_{sd}S`).

    Notes
    -----
    The diagonal of :math:`-J_{sd}\\,c\\hat{\\mathbf s}_e\\cdot c\\hat{\\mathbf S}` on
    :math:`|\\sigma; S\\rangle`; the flip terms, of order :math:`J_{sd}\\sqrt{2S}`, are what the
    quantum dynamics adds (relative weight ~ 1/S at fixed :math:`J_{sd}S`).

    Examples
    --------
    >>> from spinlib.manybody import ChainParams
    >>> from spinlib.manybody.classical import classical_potentials
    >>> classical_potentials(params=ChainParams(n_spins=1, local_spin=2.5, j_sd=0.1))
    (-0.5, 0.5)
    """
    p = instance("params", params, ChainParams)
    v = p.j_sd * p.operator_scale**2 * p.local_spin / 2
    return -v + 0.0, v + 0.0


def classical_transfer(*, k0, sigma_k, params: ChainParams, n_k=4001) -> np.ndarray:
    r"""Transverse spin absorbed by a classical local spin from one electron, chapter 1's spin filter.

    Parameters
    ----------
    k0 : float
        Mean wave number of the packet, in (0, pi).
    sigma_k : float
        Its momentum width (a packet of Eq. (4) has sigma_k = delta k_x / 2), > 0.
    params : ChainParams
        J_sd, S, convention and hopping of the local spin (along +z).
    n_k : int
        Momentum nodes on (0, pi), >= 16.

    Returns
    -------
    ndarray, shape (2,)
        x and y of the spin taken from an electron polarised along +x, in units of hbar/2 (the
        electron brings 1): :math:`1 - \mathrm{Re}(t_\uparrow t_\downarrow^* + r_\uparrow r_\downarrow^*)`
        and the Im part, averaged over :math:`|\phi(k)|^2 \propto e^{-(k-k_0)^2/2\sigma_k^2}`.

    Notes
    -----
    ``spinlib.spincurrent.filter_torque`` (the spin-filter torque of Ralph & Stiles (2008),
    chapter 1) per incident transverse spin current (``incident_spin_current``), with the lattice
    amplitudes of :func:`impurity_amplitudes` for the potentials of :func:`classical_potentials`.
    Each momentum scatters on its own (transmitted k and reflected -k are orthogonal), so the
    average is over probabilities. Left-moving components (k < 0) are neglected: keep
    k0 >> sigma_k.

    Examples
    --------
    >>> from spinlib.manybody import ChainParams
    >>> from spinlib.manybody.classical import classical_transfer
    >>> p = ChainParams(n_spins=1, local_spin=2.5, j_sd=0.0)
    >>> classical_transfer(k0=1.0, sigma_k=0.15, params=p).round(12) + 0.0  # no exchange: nothing absorbed
    array([0., 0.])
    """
    k0 = scalar("k0", k0, in_range, lo=0.0, hi=np.pi, lo_open=True, hi_open=True)
    sigma = scalar("sigma_k", sigma_k, positive)
    n = count("n_k", n_k, minimum=16, maximum=10**7)
    p = instance("params", params, ChainParams)
    ks = np.linspace(0.0, np.pi, n + 2)[1:-1]
    weight = np.exp(-((ks - k0) ** 2) / (2 * sigma**2))
    v_up, v_down = classical_potentials(params=p)
    t_up, r_up = impurity_amplitudes(ks, potential=v_up, hopping=p.hopping)
    t_down, r_down = impurity_amplitudes(ks, potential=v_down, hopping=p.hopping)
    torque = filter_torque(theta=np.pi / 2, t_up=t_up, t_down=t_down, r_up=r_up, r_down=r_down, k=1.0)
    incident = incident_spin_current(k=1.0, theta=np.pi / 2)[0]
    return (weight[:, None] * torque[:, :2]).sum(axis=0) / weight.sum() / incident
