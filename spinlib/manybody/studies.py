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

from ..validate import SpinlibInputError, count, finite, instance, positive, scalar, show, unit_vector
from .chain import ChainParams, SectorBasis, sector_hamiltonian
from .density import SpinObservables, reduced_electron, spin_observables
from .dynamics import PacketParams, _exact_states, cached_evolve, evolve, initial_state
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
    "coupling_grid",
    "EDGE_PACKET",
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
    spin = tuple(float(x) for x in unit_vector("electron_spin", electron_spin, single=True))
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


@lru_cache(maxsize=2)
def _coupling_grid(j_sd: tuple, anisotropy: tuple, n_sites, n_spins, k0, dk, t_max, n_t) -> dict:
    first = (n_sites - n_spins) // 2

    def params(j, jz):
        return ChainParams(n_sites=n_sites, n_spins=n_spins, first_spin=first, j_sd=j, j_xy=0.1, j_z=jz)

    psi0, basis = initial_state(params=params(0.0, 0.0), packet=PacketParams(k0=k0, dk=dk, center=10.0))
    v0, t = psi0.ravel(), np.linspace(0.0, t_max, n_t)
    # Eq. (3) is linear in J_sd and J_z: three sparse matrices give the Hamiltonian of every stop
    h0 = sector_hamiltonian(params=params(0.0, 0.0), lowerings=basis.lowerings)
    h_sd = sector_hamiltonian(params=params(1.0, 0.0), lowerings=basis.lowerings) - h0
    h_z = sector_hamiltonian(params=params(0.0, 0.1), lowerings=basis.lowerings) - h0
    states = np.empty((len(j_sd), len(anisotropy), n_t, v0.size), dtype=complex)
    for a, j in enumerate(j_sd):
        for b, ratio in enumerate(anisotropy):
            states[a, b] = _exact_states(h0 + j * h_sd + ratio * h_z, v0, t, basis)
    o = spin_observables(states.reshape(len(j_sd), len(anisotropy), n_t, n_sites, basis.dim), basis)
    flips = [basis.index[(0, *(1 if m == n else 0 for m in range(n_spins)))] for n in range(n_spins)]
    out = {"t": t, "purity": o.purity, "sz": o.local_spins[..., 2], "flips": o.probabilities[..., flips]}
    for v in out.values():
        v.setflags(write=False)
    return out


def coupling_grid(*, j_sd, anisotropy, n_sites=60, n_spins=3, k0=1.0, dk=0.5, t_max=11.0, n_t=49) -> dict:
    """:func:`coupling_run` on every pair of ``j_sd`` and ``anisotropy`` at once (the live explorer's stops).

    Parameters
    ----------
    j_sd : sequence of float
        s-d exchange values (eV), ``n_j`` of them.
    anisotropy : sequence of float
        J_z / J values (J = 0.1 eV), ``n_a`` of them.
    n_sites, n_spins, k0, dk, t_max, n_t
        As in :func:`coupling_run`.

    Returns
    -------
    dict
        ``t`` (n_t,), ``purity`` (n_j, n_a, n_t), ``sz`` (n_j, n_a, n_t, N) and ``flips``
        (n_j, n_a, n_t, N): entry ``[a, b]`` is :func:`coupling_run` at ``j_sd[a]``,
        ``anisotropy[b]`` (to rounding; tests/manybody). Read-only, cached.

    Notes
    -----
    Compute once, slice live: Eq. (3) is linear in J_sd and J_z, so the sector Hamiltonian is built
    three times (not once per pair) and each pair costs one dense diagonalisation; the observables
    of all pairs and times are evaluated in one batch (the one-off cost is measured by
    ``tools/bench/jupyterlab.py`` as the explorer's creation).

    Examples
    --------
    >>> from spinlib.manybody import studies
    >>> g = studies.coupling_grid(j_sd=(0.0, 0.2), anisotropy=(1.0,), n_sites=30, n_spins=1, t_max=2.0, n_t=3)
    >>> g["purity"].shape, round(float(g["purity"][0, 0, -1]), 10)
    ((2, 1, 3), 1.0)
    """
    n_spins = count("n_spins", n_spins, minimum=1)
    n_sites = count("n_sites", n_sites, minimum=max(11, n_spins))
    if n_sites * (n_spins + 1) > MAX_LIVE_STATES:
        raise SpinlibInputError(
            f"n_sites = {n_sites} and n_spins = {n_spins} give {n_sites * (n_spins + 1)} states "
            f"(> MAX_LIVE_STATES = {MAX_LIVE_STATES}, diagonalised densely once per pair)"
        )
    stops = {}
    for name, values in (("j_sd", j_sd), ("anisotropy", anisotropy)):
        arr = finite(name, values)
        if arr.ndim != 1 or arr.size == 0 or arr.size > 1000:
            raise SpinlibInputError(f"{name} must be a sequence of 1 to 1000 numbers; got {show(values)}")
        stops[name] = tuple(float(x) for x in arr)
    return _coupling_grid(stops["j_sd"], stops["anisotropy"], n_sites, n_spins,
                          scalar("k0", k0, finite), scalar("dk", dk, positive),
                          scalar("t_max", t_max, positive), count("n_t", n_t, minimum=2))
