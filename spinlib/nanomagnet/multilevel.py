"""A grain with several conducting levels: the spectroscopy of Sec. III of Parcollet & Waintal (2006).

States are configurations of singly occupied levels with ``N`` or ``N + 1`` electrons, each with
its spin ``S`` and ``S_z``; tunnelling uses the Clebsch-Gordan weight of Eq. (17)
(:func:`~spinlib.nanomagnet.grain.clebsch_gordan_weight`), the bath Eq. (21). The master equation
is solved by the dense (one grain) or batched (a bias sweep) GTH elimination of
:mod:`spinlib.markov`. Units as in :mod:`spinlib.nanomagnet.grain`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import markov
from ..validate import SpinlibInputError, check_fields, finite, instance, nonnegative
from .grain import Lead, _half_integer, _orbital, bath_rate, clebsch_gordan_weight, fermi
from .master import _given_probabilities

__all__ = [
    "MAX_MULTILEVEL_STATES",
    "MAX_MAP_WORK",
    "Level",
    "MultiLevelGrain",
    "multilevel_states",
    "multilevel_generator",
    "multilevel_steady_state",
    "multilevel_current",
    "multilevel_current_map",
]

#: Largest number of states of a multi-level grain (dense elimination: ``O(n^3)``).
MAX_MULTILEVEL_STATES = 2000
#: Largest work ``len(biases) x len(gates) x n^3`` :func:`multilevel_current_map` accepts (~a minute).
MAX_MAP_WORK = 10**11


@dataclass(frozen=True, kw_only=True)
class Level:
    """A one-body level of the grain near the Fermi level (Sec. III of P&W).

    Parameters
    ----------
    addition_energy : float
        ``e_alpha``: ``E(ground, level filled) - E(ground, level empty)`` (one-body energy and
        exchange included, gate excluded), energy unit.
    orbital : int
        ``eta_alpha``: ``+1`` majority, ``-1`` minority.
    occupied : bool
        Singly occupied in the ``N``-electron ground state.

    Notes
    -----
    In another configuration the exchange energy ``-J S(S+1)`` of Eq. (1c) shifts the addition
    energy by ``-eta J dS``, ``dS`` the change of the grain's spin: the origin of the
    non-equilibrium peaks.

    Examples
    --------
    >>> Level(addition_energy=0.5, orbital=-1).occupied
    False
    """

    addition_energy: float
    orbital: int
    occupied: bool = False

    def __post_init__(self):
        check_fields(self, addition_energy=finite)
        object.__setattr__(self, "orbital", _orbital("orbital", self.orbital))
        if not isinstance(self.occupied, (bool, np.bool_)):
            raise SpinlibInputError(f"occupied must be True or False; got {self.occupied!r}")


@dataclass(frozen=True, kw_only=True)
class MultiLevelGrain:
    """A grain with several conducting levels, ``N`` or ``N + 1`` electrons (Eqs. (3), (19) of P&W).

    Parameters
    ----------
    spin : float
        ``S_0`` of the ground configuration (half-integer ``>= 1/2``).
    levels : tuple of Level
        One to six levels.
    gate : float
        ``V_g``: extra energy of every ``N + 1`` state (energy unit).
    exchange : float
        ``J`` of Eq. (1c), ``>= 0``.
    anisotropy, field, temperature, damping : float
        ``kappa >= 0``, ``h``, ``k_B T >= 0``, ``alpha_B >= 0`` as for
        :class:`~spinlib.nanomagnet.Nanomagnet`.
    leads : tuple of Lead
        At least one lead.

    Notes
    -----
    A configuration is the set of singly occupied levels; its spin is ``S_0`` plus ``eta/2`` per
    electron added to a level and minus ``eta/2`` per electron removed (so an electron moved from
    a majority to a minority level lowers ``S`` by one: a spin-accumulation excitation).

    Examples
    --------
    >>> g = MultiLevelGrain(spin=1, levels=(Level(addition_energy=0.0, orbital=1),),
    ...                     leads=(Lead(rate_majority=1.0, rate_minority=1.0),))
    >>> len(multilevel_states(params=g)[0])  # S = 1 (3 states) and S = 3/2 (4 states)
    7
    """

    spin: float = 5.0
    levels: tuple = ()
    gate: float = 0.0
    exchange: float = 0.0
    anisotropy: float = 1.0
    field: float = 0.0
    temperature: float = 0.1
    damping: float = 0.0
    leads: tuple = ()

    def __post_init__(self):
        object.__setattr__(self, "spin", _half_integer("spin", self.spin))
        check_fields(self, gate=finite, exchange=nonnegative, anisotropy=nonnegative, field=finite,
                     temperature=nonnegative, damping=nonnegative)
        for name, cls, limit in (("levels", Level, 6), ("leads", Lead, None)):
            value = getattr(self, name)
            if not isinstance(value, (tuple, list)) or not value or (limit and len(value) > limit):
                raise SpinlibInputError(f"{name} must be a non-empty tuple of {cls.__name__}"
                                        f"{f' (at most {limit})' if limit else ''}; got {value!r}")
            for k, item in enumerate(value):
                instance(f"{name}[{k}]", item, cls)
            object.__setattr__(self, name, tuple(value))


def _multi(params) -> MultiLevelGrain:
    return instance("params", params, MultiLevelGrain)


@lru_cache(maxsize=64)
def _configurations(spin, levels):
    """(occupations, charge, spin) of the allowed configurations; refuses too many states."""
    ground = np.array([lv.occupied for lv in levels], dtype=int)
    eta = np.array([lv.orbital for lv in levels])
    out, total = [], 0
    for code in range(2 ** len(levels)):
        n = np.array([(code >> k) & 1 for k in range(len(levels))])
        dq = int(n.sum() - ground.sum())
        s = spin + 0.5 * float(np.sum(eta * (n - ground)))
        if dq in (0, 1) and s >= 0:
            out.append((n, dq, s))
            total += int(round(2 * s)) + 1
    if total > MAX_MULTILEVEL_STATES:
        raise SpinlibInputError(f"params has {total} states; at most {MAX_MULTILEVEL_STATES} are accepted "
                                f"(reduce params.spin={spin!r} or the number of levels)")
    return tuple(out)


def multilevel_states(*, params):
    """States ``(occupations, charge, spin, sz)`` of a :class:`MultiLevelGrain`.

    Parameters
    ----------
    params : MultiLevelGrain
        At most :data:`MAX_MULTILEVEL_STATES` states.

    Returns
    -------
    occupations : ndarray (n, n_levels) of 0/1
    charge : ndarray (n,)
        0 (``N`` electrons) or 1 (``N + 1``).
    spin, sz : ndarray (n,)
        The configuration's spin ``S`` and ``S_z``.

    Examples
    --------
    >>> g = MultiLevelGrain(spin=0.5, levels=(Level(addition_energy=0.0, orbital=-1),),
    ...                     leads=(Lead(rate_majority=1.0, rate_minority=1.0),))
    >>> occ, charge, spin, sz = multilevel_states(params=g)
    >>> charge.tolist(), spin.tolist(), (sz + 0.0).tolist()
    ([0, 0, 1], [0.5, 0.5, 0.0], [-0.5, 0.5, 0.0])
    """
    p = _multi(params)
    occ, charge, spin, sz = [], [], [], []
    for n, dq, s in _configurations(p.spin, p.levels):
        for m in np.arange(-s, s + 0.5, 1.0):
            occ.append(n)
            charge.append(dq)
            spin.append(s)
            sz.append(m)
    return np.array(occ), np.array(charge), np.array(spin), np.array(sz)


@lru_cache(maxsize=64)
def _structure(spin, levels, exchange, anisotropy, field):
    """Transitions that do not depend on bias, gate, leads or temperature: tunnelling pairs
    (N state, N+1 state, Clebsch-Gordan weight, spin channel, energy difference without the gate)
    and bath pairs (S_z -> S_z + 1, matrix element, energy released)."""
    p = MultiLevelGrain(spin=spin, levels=levels, exchange=exchange, anisotropy=anisotropy, field=field,
                        leads=(Lead(rate_majority=1.0, rate_minority=1.0),))
    occ, charge, s_of, sz = multilevel_states(params=p)
    index = {(tuple(o), m): k for k, (o, m) in enumerate(zip(occ, sz, strict=True))}
    e_add = np.array([lv.addition_energy for lv in levels])
    ground = np.array([lv.occupied for lv in levels], dtype=int)
    kap = anisotropy / spin
    eta = np.array([lv.orbital for lv in levels])

    def exch(s):  # exchange energy -J S(S+1) relative to the ground spin
        return -exchange * (s * (s + 1) - spin * (spin + 1))

    # one-body energies such that filling level a from the ground configuration costs e_a
    s_empty = spin - 0.5 * eta * ground  # spin of the ground configuration with level a emptied
    eps = e_add - (exch(s_empty + 0.5 * eta) - exch(s_empty))
    energy = (occ - ground) @ eps + exch(s_of) - kap * sz * sz - field * sz  # gate excluded
    cand = []  # (N state, N+1 state, level, spin channel) of every tunnelling pair
    for k in np.nonzero(charge == 0)[0]:
        for a in range(len(levels)):
            if occ[k][a]:
                continue
            filled = occ[k].copy()
            filled[a] = 1
            for col, sigma in ((0, 1), (1, -1)):
                j = index.get((tuple(filled), sz[k] + 0.5 * sigma))
                if j is not None:
                    cand.append((k, j, a, col))
    t_src, t_dst, t_lvl, t_col = (np.array(x, int) for x in (zip(*cand, strict=True) if cand else [()] * 4))
    t_w = np.zeros(t_src.size)
    for col, sigma in ((0, 1), (1, -1)):
        for orb in (1, -1):
            sel = (t_col == col) & (eta[t_lvl] == orb)
            if sel.any():  # Eq. (17)
                t_w[sel] = clebsch_gordan_weight(s_of[t_src[sel]], sz[t_src[sel]], sigma=sigma, orbital=orb)
    ok = t_w > 0
    t_src, t_dst, t_w, t_col = t_src[ok], t_dst[ok], t_w[ok], t_col[ok]
    b_src = np.array([k for k in range(len(sz)) if (tuple(occ[k]), sz[k] + 1.0) in index], int)
    b_dst = np.array([index[(tuple(occ[k]), sz[k] + 1.0)] for k in b_src], int)
    m2 = s_of[b_src] * (s_of[b_src] + 1) - sz[b_src] * (sz[b_src] + 1)
    return (t_src, t_dst, t_w, t_col, energy[t_dst] - energy[t_src], b_src, b_dst, m2,
            energy[b_src] - energy[b_dst], len(sz))


def _jumps(p: MultiLevelGrain, *, gate, mu0=None):
    """The one transition builder: (src, dst, rate, lead index or -1, electrons added, n).

    ``mu0`` (array) replaces lead 0's chemical potential: ``rate`` then has shape
    ``mu0.shape + (m,)`` (a stack of chains with the same jumps)."""
    t_src, t_dst, t_w, t_col, de0, b_src, b_dst, m2, release, n = _structure(
        p.spin, p.levels, p.exchange, p.anisotropy, p.field)
    de = de0 + gate
    batch = () if mu0 is None else np.shape(mu0)
    src, dst, rate, lead_of, dn = [], [], [], [], []
    for b, lead in enumerate(p.leads):
        base = np.array(lead.rates_z)[t_col] * t_w
        mu = lead.chemical_potential if (b or mu0 is None) else np.asarray(mu0)[..., None]
        src += [t_src, t_dst]
        dst += [t_dst, t_src]
        rate += [np.broadcast_to(base * fermi(de - mu, temperature=p.temperature), batch + base.shape),
                 np.broadcast_to(base * fermi(mu - de, temperature=p.temperature), batch + base.shape)]
        lead_of += [np.full(t_src.size, b)] * 2
        dn += [np.ones(t_src.size, int), -np.ones(t_src.size, int)]
    if p.damping > 0 and b_src.size:
        pref = p.damping / p.spin * m2
        src += [b_src, b_dst]
        dst += [b_dst, b_src]
        rate += [np.broadcast_to(pref * bath_rate(s * release, temperature=p.temperature), batch + m2.shape)
                 for s in (1.0, -1.0)]
        lead_of += [np.full(b_src.size, -1)] * 2
        dn += [np.zeros(b_src.size, int)] * 2
    cat = np.concatenate
    return cat(src), cat(dst), cat(rate, axis=-1), cat(lead_of), cat(dn), n


def _rate_matrix(src, dst, rate, n):
    """Dense rates ``w[..., i, j]`` (i -> j) of the jumps; repeated pairs add up."""
    w = np.zeros(rate.shape[:-1] + (n * n,))
    np.add.at(w, (..., src * n + dst), rate)
    return w.reshape(rate.shape[:-1] + (n, n))


def multilevel_generator(*, params):
    """Dense generator ``Q`` (``dP/dt = Q P``) of a :class:`MultiLevelGrain` (Eqs. (5), (19), (21)).

    Parameters
    ----------
    params : MultiLevelGrain

    Returns
    -------
    ndarray (n, n)
        ``Q[f, i]`` is the rate ``i -> f`` (rate unit); columns sum to zero. States as in
        :func:`multilevel_states`.

    Examples
    --------
    >>> g = MultiLevelGrain(spin=1, levels=(Level(addition_energy=0.0, orbital=1),),
    ...                     leads=(Lead(rate_majority=1.0, rate_minority=1.0),))
    >>> q = multilevel_generator(params=g)
    >>> q.shape, bool(np.abs(q.sum(axis=0)).max() < 1e-14)
    ((7, 7), True)
    """
    p = _multi(params)
    src, dst, rate, _, _, n = _jumps(p, gate=p.gate)
    q = _rate_matrix(src, dst, rate, n).T.copy()
    q[np.arange(n), np.arange(n)] -= q.sum(axis=0)
    return q


def _stationary(p, w):
    try:
        return markov.stationary_batched(w)
    except SpinlibInputError as exc:
        raise SpinlibInputError(f"params has no unique steady state (temperature={p.temperature!r}, "
                                f"damping={p.damping!r}): several closed sets of states ({exc})") from None


def multilevel_steady_state(*, params):
    """Stationary probabilities over :func:`multilevel_states`, by dense GTH elimination.

    Parameters
    ----------
    params : MultiLevelGrain

    Returns
    -------
    ndarray (n,)
        ``P >= 0``, ``sum P = 1`` (:func:`spinlib.markov.stationary_dense`).

    Raises
    ------
    SpinlibInputError
        If the steady state is not unique (several closed sets of states).

    Examples
    --------
    At zero bias and ``kappa = h = 0`` with the level at the chemical potential, all states are
    equally likely:

    >>> g = MultiLevelGrain(spin=0.5, levels=(Level(addition_energy=0.0, orbital=1),),
    ...                     anisotropy=0.0, temperature=1.0, damping=0.1,
    ...                     leads=(Lead(rate_majority=1.0, rate_minority=1.0),))
    >>> np.round(multilevel_steady_state(params=g), 12)
    array([0.2, 0.2, 0.2, 0.2, 0.2])
    """
    p = _multi(params)
    src, dst, rate, _, _, n = _jumps(p, gate=p.gate)
    return _stationary(p, _rate_matrix(src, dst, rate, n))


def multilevel_current(*, params, probabilities=None):
    """Particle current from each lead onto a multi-level grain (Eq. (16) of P&W).

    Parameters
    ----------
    params : MultiLevelGrain
    probabilities : array_like (n,), optional
        Over :func:`multilevel_states` (``>= 0``); default the steady state.

    Returns
    -------
    ndarray (n_leads,)
        Units ``e`` x rate.

    Examples
    --------
    >>> g = MultiLevelGrain(spin=1, levels=(Level(addition_energy=0.0, orbital=1),), anisotropy=0.0,
    ...                     temperature=0.01,
    ...                     leads=(Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=5.0),
    ...                            Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=-5.0)))
    >>> np.round(multilevel_current(params=g), 6)  # 4/7: as much leaves as enters
    array([ 0.571429, -0.571429])
    """
    p = _multi(params)
    src, dst, rate, lead_of, dn, n = _jumps(p, gate=p.gate)
    if probabilities is None:
        prob = _stationary(p, _rate_matrix(src, dst, rate, n))
    else:
        prob = _given_probabilities(probabilities, n)
    sel = lead_of >= 0
    return np.bincount(lead_of[sel], weights=(prob[src] * rate * dn)[sel], minlength=len(p.leads))


def multilevel_current_map(*, params, biases, gates):
    """Current from lead 0 over a grid of biases (chemical potential of lead 0) and gates.

    Parameters
    ----------
    params : MultiLevelGrain
        Lead 0's chemical potential and the gate are replaced by each grid point.
    biases, gates : array_like, 1-d
        Energy unit; ``len(biases) len(gates) n^3 <=`` :data:`MAX_MAP_WORK` (``n`` states).

    Returns
    -------
    ndarray, shape (len(gates), len(biases))
        Units ``e`` x rate.

    Notes
    -----
    The master equation of :func:`multilevel_current`, solved for all biases of one gate at once
    by :func:`spinlib.markov.stationary_batched`.

    Examples
    --------
    >>> g = MultiLevelGrain(spin=1, levels=(Level(addition_energy=0.0, orbital=1),), anisotropy=0.0,
    ...                     temperature=0.01, leads=(Lead(rate_majority=1.0, rate_minority=1.0),
    ...                            Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=-5.0)))
    >>> np.round(multilevel_current_map(params=g, biases=[-1.0, 5.0], gates=[0.0]), 6)
    array([[0.      , 0.571429]])
    """
    p = _multi(params)
    v = finite("biases", biases)
    gs = finite("gates", gates)
    if v.ndim != 1 or gs.ndim != 1:
        raise SpinlibInputError(f"biases and gates must be 1-d; got shapes {v.shape}, {gs.shape}")
    n_states = sum(int(round(2 * s)) + 1 for _, _, s in _configurations(p.spin, p.levels))
    work = float(v.size) * float(gs.size) * float(n_states) ** 3
    if work > MAX_MAP_WORK:
        raise SpinlibInputError(f"biases and gates span {v.size} x {gs.size} grid points of a "
                                f"{n_states}-state grain: {work:.3g} operations; at most "
                                f"MAX_MAP_WORK = {MAX_MAP_WORK:.0e} are accepted (use fewer biases or gates)")
    out = np.empty((gs.size, v.size))
    for gi, gate in enumerate(gs):
        src, dst, rate, lead_of, dn, n = _jumps(p, gate=float(gate), mu0=v)
        prob = _stationary(p, _rate_matrix(src, dst, rate, n))
        sel = lead_of == 0
        out[gi] = np.einsum("bj,bj->b", prob[:, src[sel]], rate[:, sel] * dn[sel])
    return out
