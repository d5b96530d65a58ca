"""The master equation of the one-level grain (Eqs. (5), (19), (21) of Parcollet & Waintal (2006)).

States are ``|charge, S_z>`` (:func:`state_table`); the rates are built from the printed
equations of :mod:`spinlib.nanomagnet.grain` (Eq. (17) :func:`~.grain.clebsch_gordan_weight`,
Eq. (18a) :func:`~.grain.addition_energy`, Eq. (14) rates along ``z``, Fermi and bath factors)
and solved by the one Markov-chain solver of the book, :mod:`spinlib.markov` (banded GTH
elimination for the steady state, Gillespie for trajectories). Units as in
:mod:`spinlib.nanomagnet.grain`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sps

from .. import markov
from ..validate import SpinlibInputError, finite, in_range, show
from .grain import Lead, Nanomagnet, _grain, addition_energy, bath_rate, clebsch_gordan_weight, fermi  # noqa: F401 (Lead: doctests)

__all__ = [
    "MAX_MASTER_SPIN",
    "MasterTrajectory",
    "state_table",
    "generator",
    "steady_state",
    "log_steady_state",
    "lead_currents",
    "spin_distribution",
    "simulate_master",
]

#: Largest ``S_0`` the master equation accepts (``4 S_0 + 2`` states; a few seconds to solve).
MAX_MASTER_SPIN = 20_000.0


def _n_states(p: Nanomagnet) -> int:
    if p.spin > MAX_MASTER_SPIN:
        raise SpinlibInputError(f"params.spin must be <= {MAX_MASTER_SPIN:g} for the master equation "
                                f"({4 * p.spin + 2:.3g} states); got {p.spin!r}")
    return int(round(2 * p.spin)) + int(round(2 * p.spin_plus)) + 2


def _index(p: Nanomagnet, sz):
    """Position of the state with spin projection ``sz`` (either sector) in :func:`state_table`."""
    return np.round(2 * sz + 2 * p.spin + 0.5 * (1 + p.orbital)).astype(int)


def _u_of(p: Nanomagnet, charge, sz):
    """``u = S_z / S`` of each state (0 for a spin-0 state: no direction)."""
    spin = np.where(charge == 0, p.spin, p.spin_plus)
    return np.divide(sz, spin, out=np.zeros_like(sz, dtype=float), where=spin > 0)


def _transitions(p: Nanomagnet):
    """All transitions: (source, target, rate, lead index or -1, electrons added)."""
    n_states = _n_states(p)
    s0, s1 = p.spin, p.spin_plus
    sz0 = np.arange(-s0, s0 + 0.5, 1.0)
    src, dst, rate, lead_of, dn = [], [], [], [], []
    g = p.rates_z()
    mu = p.chemical_potentials()
    for sigma in (1, -1):
        w = clebsch_gordan_weight(s0, sz0, sigma=sigma, orbital=p.orbital)  # Eq. (17)
        szp = sz0 + 0.5 * sigma
        ok = (w > 0) & (np.abs(szp) <= s1)
        i = _index(p, sz0[ok])
        j = _index(p, szp[ok])
        de = addition_energy(sz0[ok], sigma=sigma, params=p)  # Eq. (18a)
        col = 0 if sigma == 1 else 1
        for a in range(len(p.leads)):
            if g[a, col] == 0:
                continue
            n = fermi(de - mu[a], temperature=p.temperature)
            n_empty = fermi(mu[a] - de, temperature=p.temperature)  # 1 - n without cancellation
            base = g[a, col] * w[ok]
            src += [i, j]
            dst += [j, i]
            rate += [base * n, base * n_empty]
            lead_of += [np.full(i.size, a), np.full(i.size, a)]
            dn += [np.ones(i.size, int), -np.ones(i.size, int)]
    if p.damping > 0:  # Eq. (21): S_z -> S_z + 1 within each sector
        for s in (s0, s1):
            sz = np.arange(-s, s, 1.0)  # S_z that can go up
            m2 = s * (s + 1) - sz * (sz + 1)  # |<S_z+1|S^+|S_z>|^2
            energy = lambda m: -p.anisotropy / s0 * m * m - p.field * m  # noqa: E731  (Eq. (22a))
            release = energy(sz) - energy(sz + 1)  # energy given to the bath going up
            pref = p.damping / s0 * m2
            i = _index(p, sz)
            up = pref * bath_rate(release, temperature=p.temperature)
            down = pref * bath_rate(-release, temperature=p.temperature)
            src += [i, i + 2]
            dst += [i + 2, i]
            rate += [up, down]
            lead_of += [np.full(i.size, -1)] * 2
            dn += [np.zeros(i.size, int)] * 2
    cat = np.concatenate
    return cat(src), cat(dst), cat(rate), cat(lead_of), cat(dn), n_states


def state_table(*, params):
    """Labels of the master equation's states: ``(charge, sz)`` arrays.

    Parameters
    ----------
    params : Nanomagnet

    Returns
    -------
    charge : ndarray of int, shape (n,)
        0 (``N`` electrons, spin ``S_0``) or 1 (``N + 1``, spin ``S_0 + eta/2``).
    sz : ndarray, shape (n,)
        ``S_z`` of each state.

    Notes
    -----
    States are ordered by increasing ``S_z`` (the two sectors interleave: their ``S_z`` differ by
    half-integers), so that every transition links states at most two places apart and the
    generator is banded (Eq. (3) of Parcollet & Waintal (2006)).

    Examples
    --------
    >>> charge, sz = state_table(params=Nanomagnet(spin=0.5))
    >>> charge.tolist(), sz.tolist()
    ([1, 0, 1, 0, 1], [-1.0, -0.5, 0.0, 0.5, 1.0])
    """
    p = _grain(params)
    _n_states(p)
    s0, s1 = p.spin, p.spin_plus
    sz = np.concatenate([np.arange(-s0, s0 + 0.5, 1.0), np.arange(-s1, s1 + 0.5, 1.0)])
    charge = np.concatenate([np.zeros(int(round(2 * s0)) + 1, int), np.ones(int(round(2 * s1)) + 1, int)])
    order = np.argsort(sz, kind="stable")
    return charge[order], sz[order]


def generator(*, params):
    """Sparse generator ``Q`` of the master equation ``dP/dt = Q P`` (Eqs. (5), (19), (21) of P&W).

    Parameters
    ----------
    params : Nanomagnet

    Returns
    -------
    scipy.sparse.csc_matrix, shape (n, n)
        ``Q[f, i]`` is the rate ``i -> f`` (rate unit); each column sums to zero. States as in
        :func:`state_table`.

    Examples
    --------
    >>> q = generator(params=Nanomagnet(spin=1.5))
    >>> q.shape, bool(abs(q.sum(axis=0)).max() < 1e-14)
    ((9, 9), True)
    """
    p = _grain(params)
    src, dst, rate, _, _, n = _transitions(p)
    out = np.bincount(src, weights=rate, minlength=n)
    return sps.csc_matrix((np.concatenate([rate, -out]),
                           (np.concatenate([dst, np.arange(n)]), np.concatenate([src, np.arange(n)]))),
                          shape=(n, n))


def _stationary(params, solve):
    """``solve`` (a banded stationary solver of :mod:`spinlib.markov`) on the grain's chain."""
    p = _grain(params)
    src, dst, rate, _, _, n = _transitions(p)
    try:
        return solve(markov.band_storage(src, dst, rate, n_states=n, bandwidth=2))
    except SpinlibInputError as exc:
        raise SpinlibInputError(f"params has no unique steady state (temperature={p.temperature!r}, "
                                f"damping={p.damping!r}): several closed sets of states ({exc})") from None


def steady_state(*, params):
    """Stationary probabilities of the master equation, by direct banded elimination.

    Parameters
    ----------
    params : Nanomagnet

    Returns
    -------
    ndarray, shape (n,)
        ``P`` over the states of :func:`state_table`, ``P >= 0``, ``sum P = 1``.

    Raises
    ------
    SpinlibInputError
        If the steady state is not unique (e.g. ``temperature = 0`` and ``damping = 0`` with
        blocked leads: several closed sets of states), or ``S_0 >`` :data:`MAX_MASTER_SPIN`.

    Notes
    -----
    Tunnelling links neighbours in the ``S_z`` order and the bath next-nearest neighbours, so the
    chain is banded (``b = 2``) and :func:`spinlib.markov.stationary_banded` solves it in ``O(n)``
    with every probability to full relative accuracy, also the exponentially small ones of a
    metastable grain, down to the smallest float (``~1e-308``): probabilities below it are returned
    as 0 (use :func:`log_steady_state` for their logarithms). Steady state of Eq. (5) of
    Parcollet & Waintal (2006).

    Examples
    --------
    At zero bias the steady state is the Gibbs state: here ``N`` and ``N + 1`` electrons are
    equally likely at ``epsilon = mu``, ``kappa = h = 0``, spread over ``2 + 3`` states.

    >>> p = Nanomagnet(spin=0.5, anisotropy=0.0, temperature=1.0, damping=0.1)
    >>> np.round(steady_state(params=p), 12)
    array([0.2, 0.2, 0.2, 0.2, 0.2])
    """
    return _stationary(params, markov.stationary_banded)


def log_steady_state(*, params):
    """Natural logarithms of the stationary probabilities of the master equation.

    Parameters
    ----------
    params : Nanomagnet

    Returns
    -------
    ndarray, shape (n,)
        ``ln P`` over the states of :func:`state_table`; finite also where ``P < 1e-308`` (there
        :func:`steady_state` returns 0), ``-inf`` only for states of probability exactly zero.

    Raises
    ------
    SpinlibInputError
        As :func:`steady_state`.

    Notes
    -----
    The same banded elimination as :func:`steady_state`
    (:func:`spinlib.markov.log_stationary_banded`): its back substitution carries each probability
    as a mantissa and a binary exponent, whose logarithm never underflows.

    Examples
    --------
    A metastable grain of ``S_0 = 1000`` at low temperature: most probabilities lie below the float
    range, their logarithms do not.

    >>> p = Nanomagnet(spin=1000, field=0.5, temperature=0.05, damping=0.01)
    >>> logp = log_steady_state(params=p)
    >>> bool(np.mean(steady_state(params=p) == 0) > 0.9), bool(np.all(np.isfinite(logp)))
    (True, True)
    """
    return _stationary(params, markov.log_stationary_banded)


def _probabilities(p, probabilities, n):
    return steady_state(params=p) if probabilities is None else _given_probabilities(probabilities, n)


def _given_probabilities(probabilities, n):
    """A caller's probabilities of the ``n`` states: finite, >= 0, shape ``(n,)``."""
    prob = finite("probabilities", probabilities)
    if prob.shape != (n,):
        raise SpinlibInputError(f"probabilities must have one entry per state, shape ({n},); got shape "
                                f"{prob.shape}")
    if np.any(prob < 0):
        raise SpinlibInputError(f"probabilities must be >= 0; got min {float(prob.min())!r}")
    return prob


def lead_currents(*, params, probabilities=None):
    """Average particle current from each lead onto the grain, Eq. (16) of P&W.

    Parameters
    ----------
    params : Nanomagnet
    probabilities : array_like, shape (n,), optional
        Probabilities over :func:`state_table` (``>= 0``); default the steady state.

    Returns
    -------
    ndarray, shape (n_leads,)
        Current from lead ``a`` into the grain (units ``e`` x rate); they sum to zero in the steady
        state.

    Examples
    --------
    >>> p = Nanomagnet(spin=2, temperature=0.2,
    ...                leads=(Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=5.0),
    ...                       Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=-5.0)))
    >>> np.round(lead_currents(params=p), 4)  # as much leaves as enters
    array([ 0.5455, -0.5455])
    """
    p = _grain(params)
    src, _, rate, lead_of, dn, n = _transitions(p)
    prob = _probabilities(p, probabilities, n)
    flow = prob[src] * rate * dn
    sel = lead_of >= 0
    return np.bincount(lead_of[sel], weights=flow[sel], minlength=len(p.leads))


def spin_distribution(*, params, probabilities=None):
    """Distribution of ``u = S_z / S`` in the steady state, both charge states together.

    Parameters
    ----------
    params : Nanomagnet
    probabilities : array_like, shape (n,), optional
        Probabilities over :func:`state_table`; default the steady state.

    Returns
    -------
    u, prob : ndarray, shape (n,)
        ``u = S_z/S_0`` of the ``N`` states and ``S_z'/S_0'`` of the ``N + 1`` states, sorted, with
        their probabilities. A spin-0 state (``S_0 = 1/2`` with a minority level, ``S_0' = 0``) has
        no direction: its ``u`` is 0.

    Examples
    --------
    >>> u, prob = spin_distribution(params=Nanomagnet(spin=0.5, anisotropy=0.0, temperature=1.0,
    ...                                               damping=0.1))
    >>> u.tolist(), round(float(prob @ u), 12)
    ([-1.0, -1.0, 0.0, 1.0, 1.0], 0.0)
    """
    p = _grain(params)
    n = _n_states(p)
    prob = _probabilities(p, probabilities, n)
    charge, sz = state_table(params=p)
    u = _u_of(p, charge, sz)
    order = np.argsort(u, kind="stable")
    return u[order], prob[order]


@dataclass(frozen=True)
class MasterTrajectory:
    """One stochastic trajectory of the master equation (:func:`simulate_master`).

    Attributes
    ----------
    t : ndarray (n_t,)
        ``0`` and the jump times (inverse rate unit), increasing.
    u : ndarray (n_t,)
        ``u = S_z / S`` from each time on (piecewise constant).
    charge : ndarray of int (n_t,)
        0 (``N`` electrons) or 1 (``N + 1``) from each time on.
    sz : ndarray (n_t,)
        ``S_z`` from each time on.

    Examples
    --------
    >>> tr = MasterTrajectory(t=np.array([0.0, 1.5]), u=np.array([1.0, 0.9]), charge=np.array([0, 1]),
    ...                       sz=np.array([10.0, 9.5]))
    >>> float(tr.t[-1]), int(tr.charge[-1])
    (1.5, 1)
    """

    t: np.ndarray
    u: np.ndarray
    charge: np.ndarray
    sz: np.ndarray

    def __post_init__(self):
        t = np.asarray(self.t)
        if t.ndim != 1 or any(np.shape(getattr(self, f)) != t.shape for f in ("u", "charge", "sz")):
            raise SpinlibInputError(f"t, u, charge and sz must be 1-d of one length; got {show(self.t)}")


def simulate_master(*, params, t_end, u0=1.0, seed=None, max_jumps=2_000_000):
    """One stochastic trajectory of the master equation (Gillespie's exact algorithm).

    Parameters
    ----------
    params : Nanomagnet
    t_end : float
        Duration (``> 0``, inverse rate unit).
    u0 : float
        In ``[-1, 1]``; starts in the ``N``-electron state with ``S_z`` nearest ``u0 S_0``.
    seed : int or numpy.random.Generator, optional
        Random source (an int makes the trajectory reproducible).
    max_jumps : int
        Stop after this many jumps (the trajectory then ends before ``t_end``);
        ``<= spinlib.markov.MAX_JUMPS``.

    Returns
    -------
    MasterTrajectory
        ``t`` first, then ``u``, ``charge``, ``sz`` after each jump.

    Notes
    -----
    The rates of Eqs. (17)-(21) of Parcollet & Waintal (2006), sampled by
    :func:`spinlib.markov.gillespie`.

    Examples
    --------
    >>> tr = simulate_master(params=Nanomagnet(spin=2, damping=0.05), t_end=50.0, seed=1)
    >>> float(tr.t[0]), float(tr.u[0]), bool(tr.t[-1] < 50.0)
    (0.0, 1.0, True)
    """
    p = _grain(params)
    start = float(in_range("u0", u0, -1.0, 1.0))
    src, dst, rate, _, _, n = _transitions(p)
    first = int(_index(p, np.round(start * p.spin)))
    times, states = markov.gillespie(src, dst, rate, n_states=n, start=first, t_end=t_end, seed=seed,
                                     max_jumps=max_jumps)
    charge, sz = state_table(params=p)
    return MasterTrajectory(t=times, u=_u_of(p, charge, sz)[states], charge=charge[states], sz=sz[states])
