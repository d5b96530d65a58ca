"""The paper's own setup, the classical limit and the links to chapters 1 and 2: studies of the
many-body chapter that compare the book's choices with Mondal et al. (2019) and join the chapter to the
rest of the book (split from :mod:`spinlib.manybody.studies`, whose presets it uses).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np

from ..validate import count, finite, positive, scalar
from .chain import ChainParams
from .classical import classical_transfer
from .dynamics import PacketParams, cached_evolve, evolve
from .studies import COLLINEAR, MACROSPIN, NONCOLLINEAR, PAPER, PAPER_PACKET, T_MAX, _steps

__all__ = [
    "packet_run",
    "coupling_choice",
    "noncollinear_transverse",
    "classical_limit",
    "magnon_emission",
]


# ---------------------------------------------------------------------------
# The paper's own setup, the classical limit and the links to chapters 1 and 2
# ---------------------------------------------------------------------------
def packet_run(*, center, first_spin=None, n_sites=400, t_max=1000.0, n_t=201):
    """The collinear evolution of :data:`PAPER` with the packet centred on ``center`` (cached).

    Parameters
    ----------
    center : float
        x_0 (site); 0 is the paper's "left edge", 40 the chapter's choice.
    first_spin : int or None
        First local spin (0-based); None: :data:`PAPER`'s site 197. Sites 197-201 and 198-202 are
        equally "the middle" of 400 sites.
    n_sites : int
        Chain length (>= 400; the spins stay on the same sites).
    t_max : float
        Last time (fs).
    n_t : int
        Output times.

    Returns
    -------
    Dynamics

    Examples
    --------
    >>> from spinlib.manybody import studies_links
    >>> dyn = studies_links.packet_run(center=0.0, t_max=10.0, n_t=2)
    >>> round(float(dyn.observables.norm[-1]), 10)
    1.0
    """
    first = PAPER.first_spin if first_spin is None else first_spin
    p = replace(PAPER, n_sites=count("n_sites", n_sites, minimum=PAPER.n_sites), first_spin=first)
    packet = replace(PAPER_PACKET, center=center)
    return cached_evolve(params=p, packet=packet, t_max=t_max, n_t=n_t)


def coupling_choice(*, center=0.0, spin_site=200, t_max=1000.0, n_t=501) -> dict:
    """Largest ``|b|^2`` (probability of ``|up; S-1>``) of Fig. 5 for the couplings sigma.(2S) and sigma.S.

    The appendix of Mondal et al. (2019) does not say how the Pauli convention extends to a spin
    5/2; sigma.(2S/hbar) (the chapter's) and sigma.(S/hbar) differ by a factor 2 in J_sd.

    Parameters
    ----------
    center : float
        Packet centre x_0 (0: the paper's left edge; 40: the chapter's).
    spin_site : int
        Site of the macrospin (199 and 200 are both "the middle" of 400 sites).
    t_max : float
        Window (fs).
    n_t : int
        Output times.

    Returns
    -------
    dict
        ``"sigma.2S"`` and ``"sigma.S"``: max over t <= t_max of ``|b(t)|^2``.

    Examples
    --------
    >>> from spinlib.manybody import studies_links
    >>> out = studies_links.coupling_choice(t_max=20.0, n_t=3)
    >>> sorted(out)
    ['sigma.2S', 'sigma.S']
    """
    site = count("spin_site", spin_site, minimum=0, maximum=PAPER.n_sites - 1)
    packet = replace(PAPER_PACKET, center=center)
    return _coupling_choice(site, packet, scalar("t_max", t_max, positive), count("n_t", n_t, minimum=2))


@lru_cache(maxsize=2)
def _coupling_choice(site, packet, t_max, n_t):
    out = {}
    for name, scale in (("sigma.2S", 1.0), ("sigma.S", 0.5)):
        p = replace(MACROSPIN, j_sd=MACROSPIN.j_sd * scale, first_spin=site)
        dyn = cached_evolve(params=p, packet=packet, t_max=t_max, n_t=n_t)
        out[name] = float(dyn.observables.probabilities[:, dyn.basis.index[(0, 1)]].max())
    return out


def noncollinear_transverse(*, t_max=T_MAX, n_t=61) -> dict:
    """Transverse macrospin of Fig. 6 computed, and as the one-orbital form of Eq. (A2b) predicts it.

    With ``|Psi> = |G_0>|up; S> + |G_a>|down; S> + |G_b>|up; S-1>``,
    ``<S^+> = sqrt(2S) <G_0|G_b>`` (hbar); one orbital factor ``|G>`` for all terms, as printed,
    replaces ``|<G_0|G_b>|`` by ``||G_0|| ||G_b||``.

    Parameters
    ----------
    t_max : float
    n_t : int

    Returns
    -------
    dict
        ``t``; ``computed`` and ``one_orbital``: ``|<S_x + i S_y>|`` in units of hbar/2 per time;
        ``overlap``: ``|<G_0|G_b>| / (||G_0|| ||G_b||)``.

    Examples
    --------
    >>> from spinlib.manybody import studies_links
    >>> out = studies_links.noncollinear_transverse(t_max=20.0, n_t=2)
    >>> bool(out["computed"][-1] <= out["one_orbital"][-1] + 1e-12)
    True
    """
    return _noncollinear_transverse(scalar("t_max", t_max, positive), count("n_t", n_t, minimum=2))


@lru_cache(maxsize=2)
def _noncollinear_transverse(t_max, n_t):
    dyn = evolve(params=MACROSPIN, electron_spin=NONCOLLINEAR, t_max=t_max, n_t=n_t, keep_states=True)
    b = dyn.basis
    g0, gb = dyn.states[:, :, b.index[(0, 0)]], dyn.states[:, :, b.index[(0, 1)]]
    cross = np.abs(np.einsum("ti,ti->t", g0.conj(), gb))
    norms = np.linalg.norm(g0, axis=1) * np.linalg.norm(gb, axis=1)
    root = 2 * np.sqrt(2 * MACROSPIN.local_spin)  # 2 <S^+>/hbar in units of hbar/2
    o = dyn.observables.local_spins[:, 0]
    with np.errstate(invalid="ignore", divide="ignore"):
        overlap = np.where(norms > 0, cross / np.maximum(norms, 1e-300), 1.0)
    return {
        "t": dyn.t,
        "computed": np.hypot(o[:, 0], o[:, 1]),
        "cross": root * cross,
        "one_orbital": root * norms,
        "overlap": overlap,
    }


#: the fast packet of the classical-limit study (k_x a = 1, delta k_x a = 0.3, x_0 = 40, L_x = 200)
FAST_PACKET = PacketParams(k0=1.0, dk=0.3, center=40.0)


def classical_limit(
    *, spins=(0.5, 1.0, 2.5, 5.0, 10.0, 25.0, 50.0), exchange=0.25, n_sites=200, t_max=55.0, n_k=4001
) -> dict:
    """One electron on a macrospin S at fixed J_sd S: quantum transfer against chapter 1's classical one.

    For each S the electron (packet :data:`FAST_PACKET`, spin +x or -z) crosses one spin S on the
    middle site with J_sd = ``exchange``/S (Pauli operators), until both scattered parts are far
    from the ends. Classical reference: the spin-filter torque of ``spinlib.spincurrent.
    filter_torque`` with the lattice amplitudes of the potentials -+2 J_sd S
    (:func:`~spinlib.manybody.classical.impurity_amplitudes`), averaged over the packet's
    momentum distribution, per incident transverse spin current.

    Parameters
    ----------
    spins : tuple of float
        Macrospins S (half-integers).
    exchange : float
        J_sd S (eV).
    n_sites : int
        Chain length.
    t_max : float
        End of the run (fs).
    n_k : int
        Momentum nodes of the classical average.

    Returns
    -------
    dict
        ``spins``; ``quantum`` (n, 2): change of the macrospin's S_x, S_y (units of hbar/2) for
        the +x electron; ``classical`` (2,): chapter 1's absorbed transverse spin (same units);
        ``difference`` (n,): max over x, y; ``slope``: d ln(difference)/d ln S (fit);
        ``sz_change`` (n,): loss of the macrospin's S_z (units of hbar) for the -z electron,
        at most one quantum; ``relative`` (n,): that loss over S.

    Examples
    --------
    >>> from spinlib.manybody import studies_links
    >>> out = studies_links.classical_limit(spins=(5.0, 10.0), t_max=55.0)
    >>> bool(out["difference"][1] < out["difference"][0])
    True
    """
    spins = _steps("spins", spins)
    for value in spins:
        ChainParams(n_spins=1, local_spin=value)  # half-integers only, named
    return _classical_limit(
        spins,
        scalar("exchange", exchange, finite),
        count("n_sites", n_sites, minimum=120, maximum=4000),
        scalar("t_max", t_max, positive),
        count("n_k", n_k, minimum=16, maximum=10**6),
    )


@lru_cache(maxsize=2)
def _classical_limit(spins, exchange, n_sites, t_max, n_k):
    quantum, dz = [], []
    for s in spins:
        p = ChainParams(n_sites=n_sites, n_spins=1, first_spin=n_sites // 2, local_spin=s, j_sd=exchange / s)
        o = cached_evolve(params=p, packet=FAST_PACKET, electron_spin=NONCOLLINEAR, t_max=t_max, n_t=2)
        quantum.append(o.observables.local_spins[-1, 0, :2] - o.observables.local_spins[0, 0, :2])
        c = cached_evolve(params=p, packet=FAST_PACKET, electron_spin=COLLINEAR, t_max=t_max, n_t=2)
        dz.append((c.observables.local_spins[0, 0, 2] - c.observables.local_spins[-1, 0, 2]) / 2)
    classical = classical_transfer(k0=FAST_PACKET.k0, sigma_k=FAST_PACKET.dk / 2, params=p, n_k=n_k)
    quantum = np.array(quantum)
    diff = np.abs(quantum - classical).max(axis=1)
    slope = float(np.polyfit(np.log(spins), np.log(diff), 1)[0])
    return {
        "spins": np.array(spins),
        "quantum": quantum,
        "classical": classical,
        "difference": diff,
        "slope": slope,
        "sz_change": np.array(dz),
        "relative": np.array(dz) / np.array(spins),
    }


def magnon_emission(*, spins=(0.5, 1.0, 2.5, 5.0), j_sd=2e-3, n_sites=200, t_max=55.0) -> dict:
    """Magnon emission and absorption by one electron at T = 0: chapter 2's physics in chapter 3.

    A spin flip S^- on the macrospin is one magnon created (Holstein-Primakoff S^- = sqrt(2S) a^+),
    so in weak coupling the emission probability of a minority (-z) electron is
    ~ J_sd^2 2S; a majority (+z) electron meets the magnon vacuum and cannot absorb (its sector
    holds one spin configuration). Chapter 2 (``spinlib.magnon_transport``) has the same
    asymmetry: absorption ~ N_0, emission ~ N_0 + 1, with N_0(T = 0) = 0.

    Parameters
    ----------
    spins : tuple of float
    j_sd : float
        Weak s-d exchange (eV).
    n_sites : int
    t_max : float

    Returns
    -------
    dict
        ``spins``; ``emission`` (n,): flip probability of the -z electron; ``per_2s``:
        emission / (2S J_sd^2) (eV^-2); ``absorption`` (n,): change of S_z for the +z electron
        (exactly 0); ``n0``: chapter 2's N_0 at T = 0.

    Examples
    --------
    >>> from spinlib.manybody import studies_links
    >>> out = studies_links.magnon_emission(spins=(0.5, 5.0))
    >>> bool(out["absorption"].max() < 1e-10), float(out["n0"])
    (True, 0.0)
    """
    spins = _steps("spins", spins)
    for value in spins:
        ChainParams(n_spins=1, local_spin=value)
    return _magnon_emission(
        spins,
        scalar("j_sd", j_sd, finite),
        count("n_sites", n_sites, minimum=120, maximum=4000),
        scalar("t_max", t_max, positive),
    )


@lru_cache(maxsize=2)
def _magnon_emission(spins, j_sd, n_sites, t_max):
    from ..magnon_transport import equilibrium_magnon_number

    emission, absorption = [], []
    for s in spins:
        p = ChainParams(n_sites=n_sites, n_spins=1, first_spin=n_sites // 2, local_spin=s, j_sd=j_sd)
        c = cached_evolve(params=p, packet=FAST_PACKET, electron_spin=COLLINEAR, t_max=t_max, n_t=2)
        emission.append(c.observables.probabilities[-1, c.basis.index[(0, 1)]])
        up = cached_evolve(params=p, packet=FAST_PACKET, electron_spin=(0.0, 0.0, 1.0), t_max=t_max, n_t=2)
        absorption.append(abs(up.observables.local_spins[-1, 0, 2] - 2 * s))
    emission = np.array(emission)
    return {
        "spins": np.array(spins),
        "emission": emission,
        "per_2s": emission / (2 * np.array(spins) * j_sd**2),
        "absorption": np.array(absorption),
        "n0": float(equilibrium_magnon_number(temperature=0.0)),
    }
