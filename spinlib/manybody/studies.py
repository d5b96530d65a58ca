"""Presets of Mondal et al. (2019), the numbers the many-body chapter quotes, and its convergence checks.

Source: P. Mondal, U. Bajpai, M. D. Petrović, P. Plecháč and B. K. Nikolić, Phys. Rev. B 99,
094431 (2019), "Mondal et al. (2019)". Every evolution here is one of :mod:`spinlib.manybody`
(cached, so a page, its figures and its tests share it); nothing draws (see ``figures``).
Energies in eV, times in fs, spins in units of hbar/2.
"""

from __future__ import annotations

import time
from dataclasses import replace
from functools import lru_cache

import numpy as np

from ..validate import SpinlibInputError, count, finite, instance, positive, scalar, show
from .chain import ChainParams, SectorBasis
from .classical import classical_transfer
from .density import SpinObservables, reduced_electron
from .dynamics import PacketParams, _direction, cached_evolve, evolve
from .spectra import sector_levels, xxz_spectrum

__all__ = [
    "PAPER",
    "PAPER_PACKET",
    "MACROSPIN",
    "PRINTED_E0",
    "PRINTED_E_PACKET",
    "PRINTED_DE_PACKET",
    "T_MAX",
    "N_T",
    "COLLINEAR",
    "NONCOLLINEAR",
    "paper_dynamics",
    "spectra",
    "electron_purity",
    "cn_convergence",
    "cn_step_for_error",
    "length_convergence",
    "large_n",
    "transferred_spin",
    "macrospin_dynamics",
    "orbital_overlap",
    "printed_packet_widths",
    "coupling_run",
    "EDGE_PACKET",
    "packet_run",
    "coupling_choice",
    "noncollinear_transverse",
    "classical_limit",
    "magnon_emission",
]

#: Eq. (3) as printed: L_x = 400, gamma = 1 eV, N = 5 spins 1/2 in the middle, J_sd = 0.1 eV,
#: J = 0.1 eV, J_z = 0.1005 eV (Mondal et al. 2019, below Eq. (3)); Pauli operators.
PAPER = ChainParams(
    n_sites=400, n_spins=5, hopping=1.0, j_sd=0.1, j_xy=0.1, j_z=0.1005, local_spin=0.5, convention="pauli"
)
#: Eq. (4) of Mondal et al. (2019): k_x a = 0.1, delta k_x a = 0.2; the centre x_0 = 40 (8 packet
#: widths from the edge) is ours (the paper says "the left edge").
PAPER_PACKET = PacketParams(k0=0.1, dk=0.2, center=40.0)
#: Eq. (4) with the centre the paper states, "the left edge" (site 0): half the packet is cut off
EDGE_PACKET = PacketParams(k0=0.1, dk=0.2, center=0.0)
#: Appendix of Mondal et al. (2019), Figs. 5-6: one local spin 5/2 (the macrospin) in the middle
#: of the same chain.
MACROSPIN = replace(PAPER, n_spins=1, first_spin=None, local_spin=2.5)

#: printed below Eq. (4) and in the caption of Fig. 2 of Mondal et al. (2019) (eV)
PRINTED_E0 = -2.43
PRINTED_E_PACKET = -2.36
PRINTED_DE_PACKET = 0.054

#: largest L_x (N + 1) of :func:`coupling_run` (dense diagonalisation on every slider move)
MAX_LIVE_STATES = 2000
T_MAX = 600.0  #: fs, time window of Figs. 3-6 in the chapter (see length_convergence)
N_T = 121  #: output times
COLLINEAR = (0.0, 0.0, -1.0)  #: electron spin along -z (Fig. 3)
NONCOLLINEAR = (1.0, 0.0, 0.0)  #: electron spin along +x (Fig. 4)


def paper_dynamics(*, electron_spin=COLLINEAR, params=PAPER, packet=PAPER_PACKET, t_max=T_MAX, n_t=N_T):
    """The evolution behind Figs. 3-6 (reference method, cached).

    Parameters
    ----------
    electron_spin : 3-vector
        :data:`COLLINEAR` (Figs. 3, 5) or :data:`NONCOLLINEAR` (Figs. 4, 6).
    params, packet : ChainParams, PacketParams
        :data:`PAPER` (Figs. 3-4) or :data:`MACROSPIN` (Figs. 5-6); :data:`PAPER_PACKET`.
    t_max : float
        Last time (fs).
    n_t : int
        Output times.

    Returns
    -------
    Dynamics

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, studies
    >>> dyn = studies.paper_dynamics(params=ChainParams(n_sites=60, n_spins=1), t_max=10.0, n_t=3)
    >>> round(float(dyn.observables.norm[-1]), 10)
    1.0
    """
    return cached_evolve(params=params, packet=packet, electron_spin=electron_spin, t_max=t_max, n_t=n_t)


@lru_cache(maxsize=4)
def _spectra(params: ChainParams, n_levels: int):
    return xxz_spectrum(params=params), sector_levels(params=params, n_levels=n_levels)


def spectra(*, params=PAPER, n_levels=12):
    """Fig. 2 data: all levels of the XXZ chain and the lowest ``n_levels`` of every sector of Eq. (3).

    Parameters
    ----------
    params : ChainParams
    n_levels : int
        Levels per sector of Eq. (3).

    Returns
    -------
    xxz : ndarray
        The (2S+1)^N levels of the chain (eV).
    sectors : dict
        q -> ndarray of the lowest levels (eV), from :func:`~spinlib.manybody.sector_levels`.

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, studies
    >>> xxz, sectors = studies.spectra(params=ChainParams(n_sites=4, n_spins=2), n_levels=2)
    >>> xxz.size, sorted(sectors)
    (4, [0, 1, 2, 3])
    """
    instance("params", params, ChainParams)
    return _spectra(params, count("n_levels", n_levels, minimum=1))


@lru_cache(maxsize=4)
def _electron_purity(electron_spin, params, packet, t_max, n):
    kw = {"params": params, "packet": packet, "electron_spin": electron_spin}
    dyn = evolve(**kw, t_max=t_max, n_t=n, keep_states=True)
    rhos = (reduced_electron(psi, dyn.basis) for psi in dyn.states)
    pur = [float(np.vdot(rho, rho).real) for rho in rhos]
    return dyn.t, np.array(pur)  # Tr rho^2 = sum |rho_ij|^2 (rho Hermitian)


def electron_purity(*, electron_spin=COLLINEAR, params=PAPER, packet=PAPER_PACKET, t_max=T_MAX, n=13):
    """Purity of the electron (orbital and spin, a 2 L_x square matrix) at ``n`` times, Eq. (7).

    The other side of the bipartition: an independent computation of the purity of the local
    spins (panel (b) of Figs. 3-6).

    Parameters
    ----------
    electron_spin, params, packet, t_max
        As :func:`paper_dynamics`.
    n : int
        Number of times in [0, t_max], >= 2.

    Returns
    -------
    t : ndarray, (n,) fs
    purity : ndarray, (n,)

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, PacketParams, studies
    >>> t, pur = studies.electron_purity(params=ChainParams(n_sites=30, n_spins=2),
    ...                                  packet=PacketParams(k0=1.0, dk=0.5, center=5.0), t_max=8.0, n=2)
    >>> round(float(pur[0]), 6), bool(pur[-1] < 1)
    (1.0, True)
    """
    spin = tuple(float(x) for x in _direction("electron_spin", electron_spin))
    instance("params", params, ChainParams)
    instance("packet", packet, PacketParams)
    return _electron_purity(spin, params, packet, scalar("t_max", t_max, positive), count("n", n, minimum=2))


def _deviation(a, b, *, probabilities=True) -> np.ndarray:
    """Largest deviation per time of the spin vectors, the purity (and the probabilities) of two runs."""
    parts = [
        np.abs(a.local_spins - b.local_spins).max(axis=(1, 2)),
        np.abs(a.electron_spin - b.electron_spin).max(axis=1),
        np.abs(a.purity - b.purity),
    ]
    if probabilities:
        parts.append(np.abs(a.probabilities - b.probabilities).max(axis=1))
    return np.maximum.reduce(parts)


def _steps(name, steps) -> tuple:
    arr = positive(name, steps)
    if arr.ndim != 1 or arr.size == 0 or arr.size > 20:
        raise SpinlibInputError(f"{name} must be a sequence of 1 to 20 numbers; got {show(steps)}")
    return tuple(float(v) for v in arr)


def cn_convergence(*, steps=(2.0, 1.0, 0.5, 0.25), t_max=300.0, params=PAPER):
    """Largest deviation of Crank-Nicolson from the reference over t <= t_max, per time step.

    Parameters
    ----------
    steps : tuple of float
        Crank-Nicolson steps (fs).
    t_max : float
        Window (fs).
    params : ChainParams

    Returns
    -------
    steps : ndarray (fs)
    errors : ndarray
        Max over the local-spin vectors, the electron spin, the purity and the probabilities.
    seconds : ndarray
        Wall time of each Crank-Nicolson run.

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, studies
    >>> p = ChainParams(n_sites=60, n_spins=1)
    >>> s, e, _ = studies.cn_convergence(steps=(0.2, 0.1), t_max=4.0, params=p)
    >>> bool(3.5 < e[0] / e[1] < 4.5)  # second order
    True
    """
    instance("params", params, ChainParams)
    return _cn_convergence(_steps("steps", steps), scalar("t_max", t_max, positive), params)


@lru_cache(maxsize=2)
def _cn_convergence(steps, t_max, params):
    ref = evolve(params=params, t_max=t_max, n_t=31).observables
    errs, secs = [], []
    for dt in steps:
        t0 = time.perf_counter()
        o = evolve(params=params, t_max=t_max, n_t=31, method="cn", dt=dt).observables
        secs.append(time.perf_counter() - t0)
        errs.append(float(_deviation(o, ref).max()))
    return np.array(steps), np.array(errs), np.array(secs)


def cn_step_for_error(target=1e-8, *, steps=None, errors=None):
    """The Crank-Nicolson step (fs) reaching ``target``, extrapolated as dt^2 from the smallest step.

    Parameters
    ----------
    target : float
        Wanted largest deviation, > 0.
    steps, errors : array_like, optional
        A convergence table; default: :func:`cn_convergence`.

    Returns
    -------
    float (fs)

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> round(studies.cn_step_for_error(1e-8, steps=[0.5, 0.25], errors=[4e-6, 1e-6]), 6)
    0.025
    """
    target = scalar("target", target, positive)
    if steps is None and errors is None:
        steps, errors, _ = cn_convergence()
    steps, errors = np.asarray(_steps("steps", steps)), np.asarray(_steps("errors", errors))
    if steps.shape != errors.shape:
        raise SpinlibInputError(
            f"steps and errors must have the same length; got {steps.size} and {errors.size} entries"
        )
    i = int(np.argmin(steps))
    return float(steps[i] * np.sqrt(target / errors[i]))


def length_convergence(*, t_max=1000.0, n_t=101, longer=800, packet=PAPER_PACKET):
    """Deviation of the paper's L_x = 400 chain from a longer one (same spins and packet) versus time.

    Parameters
    ----------
    t_max : float
        Window (fs).
    n_t : int
        Output times.
    longer : int
        Sites of the longer chain (the spins stay on the same sites).
    packet : PacketParams
        The packet of both runs (default: ours, centred on site 40).

    Returns
    -------
    t : ndarray, (n_t,) fs
    deviation : ndarray, (n_t,)
        Max over local spins, electron spin and purity.

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> t, dev = studies.length_convergence(t_max=20.0, n_t=3)
    >>> float(dev.max()) < 1e-12  # the packet is far from the right end
    True
    """
    longer = count("longer", longer, minimum=PAPER.n_sites + 1)
    packet = instance("packet", packet, PacketParams)
    return _length_convergence(scalar("t_max", t_max, positive), count("n_t", n_t, minimum=2), longer, packet)


@lru_cache(maxsize=4)
def _length_convergence(t_max, n_t, longer, packet):
    a = evolve(params=PAPER, packet=packet, t_max=t_max, n_t=n_t).observables
    p = replace(PAPER, n_sites=longer, first_spin=PAPER.first_spin)
    b = evolve(params=p, packet=packet, t_max=t_max, n_t=n_t).observables
    return np.linspace(0, t_max, n_t), _deviation(a, b, probabilities=False)


@lru_cache(maxsize=2)
def _large(n_spins, t_max, n_t):
    p = ChainParams(n_spins=n_spins, first_spin=PAPER.first_spin)
    return evolve(params=p, t_max=t_max, n_t=n_t)


def large_n(*, n_spins=50, t_max=T_MAX, n_t=61):
    """Beyond the paper: the collinear evolution with ``n_spins`` local spins from the same first site.

    Parameters
    ----------
    n_spins : int
        Local spins 1/2 (N = 50 in the chapter).
    t_max : float
        Window (fs).
    n_t : int
        Output times.

    Returns
    -------
    Dynamics

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> studies.large_n(n_spins=2, t_max=5.0, n_t=2).basis.dim
    3
    """
    n_spins = count("n_spins", n_spins, minimum=1)
    return _large(n_spins, scalar("t_max", t_max, positive), count("n_t", n_t, minimum=2))


def transferred_spin(observables, *, params) -> np.ndarray:
    """Spin transferred to the local spins, 2 N S - sum_n S^z_n (units of hbar/2), per time.

    Parameters
    ----------
    observables : SpinObservables
    params : ChainParams
        The chain of the run (N, S).

    Returns
    -------
    ndarray, leading axes of the observables

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, PacketParams, initial_state, spin_observables, studies
    >>> p = ChainParams(n_sites=8, n_spins=2)
    >>> psi, basis = initial_state(params=p, packet=PacketParams(center=2.0))
    >>> round(float(studies.transferred_spin(spin_observables(psi, basis), params=p)), 10)
    0.0
    """
    params = instance("params", params, ChainParams)
    observables = instance("observables", observables, SpinObservables)
    if observables.local_spins.shape[-2] != params.n_spins:
        raise SpinlibInputError(
            f"observables hold {observables.local_spins.shape[-2]} local spins but params has "
            f"n_spins = {params.n_spins}"
        )
    return 2 * params.local_spin * params.n_spins - observables.local_spins[..., 2].sum(axis=-1)


@lru_cache(maxsize=2)
def _macrospin(t_max, n_t):
    return evolve(params=MACROSPIN, t_max=t_max, n_t=n_t, keep_states=True)


def macrospin_dynamics(*, t_max=T_MAX, n_t=N_T):
    """The collinear evolution of Fig. 5 with the states kept (cached).

    Parameters
    ----------
    t_max : float
    n_t : int

    Returns
    -------
    Dynamics
        With ``states``.

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> studies.macrospin_dynamics(t_max=2.0, n_t=2).states.shape
    (2, 400, 2)
    """
    return _macrospin(scalar("t_max", t_max, positive), count("n_t", n_t, minimum=2))


def orbital_overlap(state, basis) -> float:
    """Normalised overlap of the orbital factors of ``|down; S>`` and ``|up; S-1>`` in a q = 1 state.

    Eqs. (A1b) and (A2b) of Mondal et al. (2019) write one orbital factor ``|G>`` for both terms
    (overlap 1); the computed factors differ.

    Parameters
    ----------
    state : ndarray, (L_x, d)
    basis : SectorBasis
        Holding (1, 0, ...) and (0, 1, 0, ...).

    Returns
    -------
    float in [0, 1]

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> dyn = studies.macrospin_dynamics(t_max=2.0, n_t=2)
    >>> round(studies.orbital_overlap(dyn.states[0], dyn.basis), 6)  # no flip yet
    0.0
    """
    basis = instance("basis", basis, SectorBasis)
    state = np.asarray(state)
    shape = (basis.params.n_sites, basis.dim)
    if state.shape != shape or state.dtype.kind not in "iufc" or not np.all(np.isfinite(state)):
        raise SpinlibInputError(f"state must be a finite array of shape {shape}; got {show(state)}")
    zeros = (0,) * (basis.params.n_spins - 1)
    if (1, 0, *zeros) not in basis.index or (0, 1, *zeros) not in basis.index:
        raise SpinlibInputError(f"basis must hold the q = 1 sector; got lowerings {basis.lowerings}")
    a = state[:, basis.index[(1, 0, *zeros)]]
    b = state[:, basis.index[(0, 1, *zeros)]]
    norm = np.linalg.norm(a) * np.linalg.norm(b)
    return float(abs(np.vdot(a, b)) / norm) if norm > 0 else 0.0


@lru_cache(maxsize=1)
def printed_packet_widths() -> tuple:
    """The momentum width sigma_k that reproduces each printed packet number (E, then delta E).

    Solves the SymPy moments of Eq. (4) (``derivation.packet_moments``, mean plus the spin energy
    -4 J_z of the aligned chain) for :data:`PRINTED_E_PACKET` and :data:`PRINTED_DE_PACKET`.

    Returns
    -------
    sigma_from_e, sigma_from_de : float (rad per lattice spacing)

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> [round(s, 2) for s in studies.printed_packet_widths()]
    [0.18, 0.17]
    """
    import sympy as sp
    from scipy.optimize import brentq

    from . import derivation as deriv

    k0_, dk_, g_ = deriv.SYMBOLS["k0"], deriv.SYMBOLS["dk"], deriv.SYMBOLS["gamma"]
    mom = deriv.packet_moments()
    f_mean = sp.lambdify((g_, k0_, dk_), mom["mean"])
    f_sd = sp.lambdify((g_, k0_, dk_), sp.sqrt(mom["variance"]))
    g, k0 = PAPER.hopping, PAPER_PACKET.k0
    from_e = brentq(lambda q: f_mean(g, k0, q) - 4 * PAPER.j_z - PRINTED_E_PACKET, 0.2, 1.0) / 2
    from_de = brentq(lambda q: f_sd(g, k0, q) - PRINTED_DE_PACKET, 0.2, 1.0) / 2
    return float(from_e), float(from_de)


def coupling_run(*, j_sd, anisotropy, n_sites=60, n_spins=3, k0=1.0, dk=0.5, t_max=11.0, n_t=49) -> dict:
    """A fast electron crossing ``n_spins`` spins 1/2 on a short chain (the live explorer's run).

    Parameters
    ----------
    j_sd : float
        s-d exchange (eV).
    anisotropy : float
        J_z / J with J = 0.1 eV.
    n_sites, n_spins : int
        Chain (spins in the middle).
    k0, dk : float
        Packet of Eq. (4), centred on site 10.
    t_max : float
        Last time (fs); the packet must not reach the right end before it.
    n_t : int
        Output times.

    Returns
    -------
    dict
        ``t`` (n_t,), ``purity`` (n_t,), ``sz`` (n_t, N) local S^z (hbar/2), ``flips`` (n_t, N):
        probabilities of electron up and local spin n down (Eq. (8)).

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> run = studies.coupling_run(j_sd=0.0, anisotropy=1.0, n_sites=30, n_spins=1, t_max=2.0, n_t=3)
    >>> round(float(run["purity"][-1]), 10)
    1.0
    """
    n_spins = count("n_spins", n_spins, minimum=1)
    n_sites = count("n_sites", n_sites, minimum=max(11, n_spins))  # the packet starts on site 10
    if n_sites * (n_spins + 1) > MAX_LIVE_STATES:
        raise SpinlibInputError(
            f"n_sites = {n_sites} and n_spins = {n_spins} give {n_sites * (n_spins + 1)} states "
            f"(> MAX_LIVE_STATES = {MAX_LIVE_STATES}, diagonalised densely on every slider move)"
        )
    anisotropy = scalar("anisotropy", anisotropy, finite)
    if np.ndim(j_sd) != 0:
        raise SpinlibInputError(f"j_sd must be a single number; got {show(j_sd)}")
    first = (n_sites - n_spins) // 2
    p = ChainParams(
        n_sites=n_sites, n_spins=n_spins, first_spin=first, j_sd=j_sd, j_xy=0.1, j_z=0.1 * anisotropy
    )
    packet = PacketParams(k0=k0, dk=dk, center=10.0)
    dyn = evolve(params=p, packet=packet, t_max=t_max, n_t=n_t, method="eigh")
    o = dyn.observables
    flips = [dyn.basis.index[(0, *(1 if m == n else 0 for m in range(n_spins)))] for n in range(n_spins)]
    return {"t": dyn.t, "purity": o.purity, "sz": o.local_spins[:, :, 2], "flips": o.probabilities[:, flips]}


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
    >>> from spinlib.manybody import studies
    >>> dyn = studies.packet_run(center=0.0, t_max=10.0, n_t=2)
    >>> round(float(dyn.observables.norm[-1]), 10)
    1.0
    """
    first = PAPER.first_spin if first_spin is None else first_spin
    p = replace(PAPER, n_sites=count("n_sites", n_sites, minimum=PAPER.n_sites), first_spin=first)
    packet = replace(PAPER_PACKET, center=center)
    return cached_evolve(params=p, packet=packet, t_max=t_max, n_t=n_t)


def coupling_choice(*, center=0.0, spin_site=200, t_max=1000.0, n_t=501) -> dict:
    """Largest |b|^2 (probability of |up; S-1>) of Fig. 5 for the couplings sigma.(2S) and sigma.S.

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
        ``"sigma.2S"`` and ``"sigma.S"``: max over t <= t_max of |b(t)|^2.

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> out = studies.coupling_choice(t_max=20.0, n_t=3)
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

    With |Psi> = |G_0>|up; S> + |G_a>|down; S> + |G_b>|up; S-1>, <S^+> = sqrt(2S) <G_0|G_b> (hbar);
    one orbital factor |G> for all terms, as printed, replaces |<G_0|G_b>| by ||G_0|| ||G_b||.

    Parameters
    ----------
    t_max : float
    n_t : int

    Returns
    -------
    dict
        ``t``; ``computed`` and ``one_orbital``: |<S_x + i S_y>| in units of hbar/2 per time;
        ``overlap``: |<G_0|G_b>| / (||G_0|| ||G_b||).

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> out = studies.noncollinear_transverse(t_max=20.0, n_t=2)
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
    >>> from spinlib.manybody import studies
    >>> out = studies.classical_limit(spins=(5.0, 10.0), t_max=55.0)
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
    >>> from spinlib.manybody import studies
    >>> out = studies.magnon_emission(spins=(0.5, 5.0))
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
