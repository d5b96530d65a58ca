"""Spin-flip probabilities of Eq. (8) along a collinear run: initial configuration, edge and bulk flips.

Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99, 094431 (2019) say that the flips
of the two edge spins are enhanced over those of the bulk spins ("edge resonance"); these helpers
read the probabilities of Eq. (8) off a :class:`~spinlib.manybody.dynamics.Dynamics` of the q = 1
sector, and :func:`first_crossing` the time a quantity first exceeds a level. Times in fs.
"""

from __future__ import annotations

import numpy as np

from ..validate import SpinlibInputError, finite, scalar

__all__ = ["configuration_probabilities", "edge_bulk_ratio", "first_crossing"]


def configuration_probabilities(dyn) -> tuple:
    """Eq. (8) for the initial configuration and the single flips of a collinear run.

    Parameters
    ----------
    dyn : Dynamics
        A run in the q = 1 sector of spins 1/2.

    Returns
    -------
    initial : ndarray, (n_t,)
        Probability of ``|down; up ... up>``.
    flips : ndarray, (n_t, N)
        Probability of ``|up; ...>`` with local spin n (n = 1..N) down.

    Examples
    --------
    >>> from spinlib.manybody import flips, studies_links
    >>> p0, f = flips.configuration_probabilities(studies_links.packet_run(center=0.0, t_max=5.0, n_t=2))
    >>> float(p0[0]), f.shape
    (1.0, (2, 5))
    """
    basis = dyn.basis
    n = basis.params.n_spins
    if basis.lowerings != (1,) or basis.params.local_spin != 0.5:
        raise SpinlibInputError(
            f"dyn must be a collinear run of spins 1/2 (sector q = 1); got {basis.lowerings}"
        )
    probs = dyn.observables.probabilities
    initial = probs[:, basis.index[(1,) + (0,) * n]]
    flips = np.stack(
        [probs[:, basis.index[(0,) + tuple(int(m == k) for m in range(n))]] for k in range(n)], -1
    )
    return initial, flips


def edge_bulk_ratio(dyn) -> tuple:
    """Mean probability of the two edge flips over the mean of the bulk flips, and which edge leads.

    Parameters
    ----------
    dyn : Dynamics
        A collinear run with N >= 3 spins 1/2.

    Returns
    -------
    ratio : ndarray, (n_t,)
        (p_1 + p_N)/2 over the mean of p_2 .. p_{N-1} (Eq. (8), electron up, one spin down);
        NaN where no flip has happened yet.
    last_leads : ndarray of bool, (n_t,)
        True where the far edge (spin N) is more probable than spin 1.

    Examples
    --------
    >>> from spinlib.manybody import flips, studies_links
    >>> ratio, last = flips.edge_bulk_ratio(studies_links.packet_run(center=0.0, t_max=300.0, n_t=2))
    >>> bool(ratio[-1] > 1)
    True
    """
    _, flips = configuration_probabilities(dyn)
    if flips.shape[1] < 3:
        raise SpinlibInputError(f"dyn must have at least 3 local spins; got {flips.shape[1]}")
    bulk = flips[:, 1:-1].mean(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        ratio = np.where(bulk > 1e-30, 0.5 * (flips[:, 0] + flips[:, -1]) / np.maximum(bulk, 1e-300), np.nan)
    return ratio, flips[:, -1] > flips[:, 0]


def first_crossing(t, values, level) -> float:
    """First time at which ``values`` exceeds ``level`` (linear interpolation), inf if never.

    Parameters
    ----------
    t, values : array_like, (n,)
        Increasing times and the quantity.
    level : float

    Returns
    -------
    float

    Examples
    --------
    >>> from spinlib.manybody import flips
    >>> flips.first_crossing([0, 1, 2], [0.0, 0.5, 1.5], 1.0)
    1.5
    """
    t, v = np.asarray(finite("t", t)), np.asarray(finite("values", values))
    level = scalar("level", level, finite)
    if t.ndim != 1 or t.shape != v.shape or t.size < 2:
        raise SpinlibInputError(f"t and values must be 1-D of the same length >= 2; got {t.shape}, {v.shape}")
    above = np.nonzero(v > level)[0]
    if above.size == 0:
        return float("inf")
    i = int(above[0])
    if i == 0:
        return float(t[0])
    return float(t[i - 1] + (level - v[i - 1]) * (t[i] - t[i - 1]) / (v[i] - v[i - 1]))
