"""Zero-bias damping and telegraph noise of the nanomagnet chapter: the lead-induced damping against
temperature (Eqs. (53)-(54) of Parcollet & Waintal (2006)) and the switching of a bistable grain
(master equation against the stochastic NMD equation).

Split from :mod:`spinlib.nanomagnet.studies`, which re-exports these names, to keep each module
readable.
"""

from __future__ import annotations

import numpy as np

from .grain import Lead, Nanomagnet
from .master import simulate_master, spin_distribution
from .nmd import lead_damping, nmd_fixed_points, simulate_nmd

__all__ = ["telegraph_grain", "zero_bias_data", "telegraph_data"]


def telegraph_grain(*, bias=0.0, spin=10, temperature=2.0):
    """The bistable grain of the telegraph figure: ``u = +1`` and ``u = -1`` both stable.

    Parameters
    ----------
    bias : float
        ``mu_L`` of the polarised left lead, units of ``kappa`` (majority level at ``epsilon = 0``).
    spin : float
        ``S_0``, half-integer ``>= 1/2`` (small, so that the grain switches).
    temperature : float
        ``k_B T / kappa >= 0``.

    Returns
    -------
    Nanomagnet
        ``kappa = 1``, ``h = 0``, a weak bath ``alpha_B = 0.01``, majority level (``eta = +1``); left
        lead ``Gamma^U = 0.8``, ``Gamma^D = 0.2`` (units ``kappa/hbar``); right lead
        ``Gamma^U = Gamma^D = 0.5`` at ``mu_R = -30 kappa`` (it only receives electrons).

    Notes
    -----
    Beyond Parcollet & Waintal (2006), the input of :func:`telegraph_data`: the master equation
    switches between the poles, which the NMD equation (24) cannot (escape needs the ``1/S_0^2``
    terms of Eqs. (38)-(39)).

    Examples
    --------
    >>> u, stable = nmd_fixed_points(params=telegraph_grain(bias=3.0))
    >>> np.round(u, 6).tolist(), stable.tolist()
    ([-1.0, -0.311443, 1.0], [True, False, True])
    """
    return Nanomagnet(spin=spin, anisotropy=1.0, field=0.0, level=0.0, orbital=1,
                      temperature=temperature, damping=0.01,
                      leads=(Lead(rate_majority=0.8, rate_minority=0.2, chemical_potential=bias),
                             Lead(rate_majority=0.5, rate_minority=0.5, chemical_potential=-30.0)))


# ----------------------------------------------------------------------------- zero bias
def zero_bias_data(*, spin=1000, q=0.3, level=2.0):
    """Lead-induced damping against temperature: exact linear response and high-``T`` limit.

    Parameters
    ----------
    spin : float
        ``S_0``, half-integer ``>= 1/2``.
    q : float
        Polarisation of the one lead, ``Gamma^{U,D} = Gamma (1 +- q)/2`` with ``Gamma = kappa/hbar``;
        in ``[-1, 1]``.
    level : float
        ``epsilon`` from the lead's chemical potential, units of ``kappa``.

    Returns
    -------
    dict
        ``"T"``: 80 temperatures ``k_B T/kappa`` from 0.05 to 50 (geometric); ``"exact"``: ``S_0``
        times the linear-response damping of Eq. (53) at ``u = 0``; ``"high_t"``: ``S_0`` times its
        derived high-temperature limit ``Gamma (1 - q^2) / (32 T S_0)``; shape (80,), dimensionless
        (:func:`~spinlib.nanomagnet.nmd.lead_damping`).

    Notes
    -----
    Eqs. (53)-(54) of Parcollet & Waintal (2006); the printed Eq. (54) has 16 for 32 (erratum).

    Examples
    --------
    >>> d = zero_bias_data(spin=100)
    >>> d["T"].shape, round(float(d["exact"][-1] / d["high_t"][-1]), 4)
    ((80,), 0.9996)
    """
    temps = np.geomspace(0.05, 50.0, 80)
    gam = 1.0
    exact, high = [], []
    for t in temps:
        p = Nanomagnet(spin=spin, anisotropy=1.0, level=level, temperature=t, damping=0.0,
                       leads=(Lead(rate_majority=gam * (1 + q) / 2, rate_minority=gam * (1 - q) / 2),))
        e, hi = lead_damping(params=p)
        exact.append(e)
        high.append(hi)
    return {"T": temps, "exact": np.array(exact) * spin, "high_t": np.array(high) * spin}


# ----------------------------------------------------------------------------- noise
def telegraph_data(*, biases=(0.0, 3.0), spin=10, temperature=2.0, t_end=2.0e5, seed=1):
    """Telegraph switching of :func:`telegraph_grain`: master equation and stochastic NMD.

    Parameters
    ----------
    biases : sequence of float
        ``mu_L`` values, units of ``kappa``.
    spin : float
        ``S_0``, half-integer ``>= 1/2``.
    temperature : float
        ``k_B T / kappa >= 0``.
    t_end : float
        Duration, ``> 0``, units ``hbar/kappa``.
    seed : int
        Seed of both trajectories (reproducible).

    Returns
    -------
    dict
        ``bias -> {"t", "u", "up_fraction", "t_nmd", "u_nmd", "fixed_points", "exact_up_fraction"}``:
        the master equation's jump times and ``u`` after each jump (Gillespie, shape (n_t,)), the
        fraction of time with ``u > 0`` along that one trajectory (in ``[0, 1]``), the stochastic NMD
        trajectory from ``u = +1`` (shape (20001,) each), ``(u, stable)`` of
        :func:`~spinlib.nanomagnet.nmd.nmd_fixed_points`, and the exact stationary probability of
        ``u > 0`` (:func:`~spinlib.nanomagnet.master.steady_state`, both charge states), which the
        trajectory's fraction estimates.

    Notes
    -----
    Beyond Parcollet & Waintal (2006): the rates of Eqs. (17)-(21) sampled exactly, against Eq. (24a)
    (Ito), which stays at the pole.

    Examples
    --------
    >>> tel = telegraph_data(biases=(3.0,), spin=4, t_end=1e3)[3.0]
    >>> round(tel["up_fraction"], 4), float(tel["u_nmd"][-1]), tel["t_nmd"].shape
    (0.9971, 1.0, (20001,))
    """
    out = {}
    for b in biases:
        p = telegraph_grain(bias=b, spin=spin, temperature=temperature)
        tr = simulate_master(params=p, t_end=t_end, u0=1.0, seed=seed)
        up_time = float(np.sum(np.diff(tr.t) * (tr.u[:-1] > 0)) / tr.t[-1])
        lang = simulate_nmd(1.0, params=p, t_end=t_end, n_steps=20000, seed=seed)
        u, prob = spin_distribution(params=p)
        out[b] = {"t": tr.t, "u": tr.u, "up_fraction": up_time, "t_nmd": lang.t, "u_nmd": lang.u,
                  "fixed_points": nmd_fixed_points(params=p), "exact_up_fraction": float(prob[u > 0].sum())}
    return out
