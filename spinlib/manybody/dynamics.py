"""The initial state of Eq. (4) and its time evolution under Eq. (3) (Figs. 3-6 of Mondal et al. 2019).

Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99, 094431 (2019). Energies in eV,
times in fs. The wave packet of Eq. (4) is :math:`C e^{ik_x x - \\delta k_x^2 (x - x_0)^2/4}` on
sites :math:`x = 0, \\dots, L_x - 1`; the centre :math:`x_0` ("the left edge" in the paper) is a
parameter, see :class:`PacketParams`. Three propagators share one driver: ``expm_multiply``
(the reference), a dense eigendecomposition per sector, and Crank-Nicolson as in the paper
(:func:`cn_propagator`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import scipy.sparse as sps
from scipy.sparse.linalg import expm_multiply, splu

from ..validate import (
    SpinlibInputError,
    check_fields,
    choice,
    count,
    finite,
    in_range,
    instance,
    nonnegative,
    positive,
    scalar,
    show,
    unit_vector,
)
from .chain import (
    _DEFAULT,
    HBAR_EV_FS,
    MAX_SECTOR_STATES,
    ChainParams,
    SectorBasis,
    _params,
    _sector_h,
    sector_basis,
)
from .density import MAX_AMPLITUDES, SpinObservables, spin_observables

__all__ = [
    "PacketParams",
    "MAX_EIGH_STATES",
    "MAX_EXPM_PHASE",
    "MAX_PHASE",
    "MAX_STEPS",
    "packet_orbital",
    "electron_spinor",
    "initial_state",
    "energy_moments",
    "cn_propagator",
    "Dynamics",
    "evolve",
    "cached_evolve",
]

#: largest number of output times times amplitudes kept, and of Crank-Nicolson steps, per evolution
MAX_STEPS = 10_000_000
#: largest sector diagonalised densely by method="eigh" (states)
MAX_EIGH_STATES = 6000
#: largest ||H||_1 t_max / hbar (radians) for method="expm": its matrix-vector products grow with it
MAX_EXPM_PHASE = 2e5
#: largest ||H||_1 t_max / hbar (radians) for the other methods: beyond, float phases carry no digit
MAX_PHASE = 1e12


@dataclass(frozen=True, kw_only=True)
class PacketParams:
    """The Gaussian wave packet of Eq. (4): ``exp(i k0 x - dk^2 (x - center)^2 / 4)``, x in sites.

    The defaults are Eq. (4)'s k_x a = 0.1, delta k_x a = 0.2, with our centre x_0 = 40
    (the preset ``spinlib.manybody.studies.PAPER_PACKET``).

    Examples
    --------
    >>> from spinlib.manybody import PacketParams
    >>> PacketParams(k0=0.5, dk=0.3, center=10.0).dk
    0.3
    """

    k0: float = 0.1  #: k_x a, mean wave number (rad per lattice spacing); in [-pi, pi]
    dk: float = 0.2  #: delta k_x a, Eq. (4); > 0 (dk = 0 is a plane wave, not a packet)
    center: float = 40.0  #: x_0, centre of the packet (site index); >= 0

    def __post_init__(self):
        check_fields(
            self,
            k0=lambda n, v: np.asarray(scalar(n, v, in_range, lo=-np.pi, hi=np.pi)),
            dk=lambda n, v: np.asarray(scalar(n, v, positive)),
            center=lambda n, v: np.asarray(scalar(n, v, nonnegative)),
        )


_DEFAULT_PACKET = PacketParams()


_DOWN = (0.0, 0.0, -1.0)


def _packet(packet) -> PacketParams:
    return instance("packet", packet, PacketParams)


# ---------------------------------------------------------------------------
# Initial state, Eq. (4)
# ---------------------------------------------------------------------------
def packet_orbital(*, params: ChainParams = _DEFAULT, packet: PacketParams = _DEFAULT_PACKET) -> np.ndarray:
    """Normalised orbital factor of Eq. (4) on the sites 0..L_x-1.

    Parameters
    ----------
    params : ChainParams
    packet : PacketParams
        Its centre must lie on the chain, [0, L_x - 1].

    Returns
    -------
    ndarray, shape (L_x,), complex, unit norm

    Notes
    -----
    Eq. (4) of Mondal et al. (2019): :math:`C e^{ik_x x - \\delta k_x^2 (x - x_0)^2/4}`.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, PacketParams, packet_orbital
    >>> pk = PacketParams(k0=0.0, dk=1.0, center=2.0)
    >>> phi = packet_orbital(params=ChainParams(n_sites=5, n_spins=1), packet=pk)
    >>> np.round(np.abs(phi) ** 2, 4)
    array([0.0545, 0.2442, 0.4026, 0.2442, 0.0545])
    """
    params, packet = _params(params), _packet(packet)
    if params.n_sites > MAX_SECTOR_STATES:
        raise SpinlibInputError(
            f"params.n_sites = {params.n_sites} sites exceed MAX_SECTOR_STATES = {MAX_SECTOR_STATES} "
            "amplitudes: use a shorter chain"
        )
    in_range("packet.center", packet.center, 0, params.n_sites - 1)
    x = np.arange(params.n_sites, dtype=float)
    d2 = (x - packet.center) ** 2
    # relative to the nearest site, so a very narrow packet between two sites does not underflow
    amp = np.exp(1j * packet.k0 * x - packet.dk**2 * (d2 - d2.min()) / 4)
    norm = np.linalg.norm(amp)
    if not norm > 0 or not np.isfinite(norm):
        raise SpinlibInputError(f"packet is not normalisable on the chain; got {packet!r}")
    return amp / norm


def electron_spinor(direction) -> np.ndarray:
    """Spinor (up, down) of a spin 1/2 along a unit vector.

    Parameters
    ----------
    direction : 3-vector
        Nonzero; normalised here. (0, 0, -1) gives (0, 1).

    Returns
    -------
    ndarray, shape (2,), complex

    Notes
    -----
    ``(cos(theta/2), e^{i phi} sin(theta/2))`` with the phase chosen so that -z gives (0, 1) and
    +x gives (1, 1)/sqrt(2), the spinors of Eq. (4) of Mondal et al. (2019).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import electron_spinor
    >>> np.round(electron_spinor((1, 0, 0)), 6)
    array([0.707107+0.j, 0.707107+0.j])
    """
    n = unit_vector("direction", direction, single=True)
    transverse = n[0] ** 2 + n[1] ** 2
    # 1 + n_z and 1 - n_z without cancellation (n_z near -1 or +1)
    one_plus = transverse / (1 - n[2]) if n[2] < 0 else 1 + n[2]
    one_minus = transverse / (1 + n[2]) if n[2] > 0 else 1 - n[2]
    spinor = np.array([np.sqrt(one_plus / 2), np.sqrt(one_minus / 2) * np.exp(1j * np.arctan2(n[1], n[0]))])
    return spinor / np.linalg.norm(spinor)


def initial_state(
    *, params: ChainParams = _DEFAULT, packet: PacketParams = _DEFAULT_PACKET, electron_spin=_DOWN
) -> tuple:
    """The separable state of Eq. (4) in the smallest sector basis that holds it.

    Parameters
    ----------
    params : ChainParams
    packet : PacketParams
    electron_spin : 3-vector
        Initial electron spin direction; the local spins are all up (lowering 0).

    Returns
    -------
    state : ndarray, shape (L_x, d)
    basis : SectorBasis
        Sectors q = 0 and/or 1.

    Notes
    -----
    Eq. (4) of Mondal et al. (2019): packet (:func:`packet_orbital`) ⊗ electron spinor
    (:func:`electron_spinor`) ⊗ :math:`|\\uparrow\\cdots\\uparrow\\rangle`.

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, PacketParams, initial_state
    >>> p, pk = ChainParams(n_sites=6, n_spins=2), PacketParams(center=2.0)
    >>> psi, basis = initial_state(params=p, packet=pk, electron_spin=(1, 0, 0))
    >>> psi.shape, basis.lowerings
    ((6, 4), (0, 1))
    """
    params = _params(params)
    spinor = electron_spinor(unit_vector("electron_spin", electron_spin, single=True))
    basis = sector_basis(params=params, lowerings=tuple(q for q in (0, 1) if abs(spinor[q]) > 0))
    if params.n_sites * basis.dim > MAX_SECTOR_STATES:
        raise SpinlibInputError(
            f"the initial state of n_sites = {params.n_sites} and {basis.dim} spin configurations has "
            f"{params.n_sites * basis.dim} amplitudes (> MAX_SECTOR_STATES = {MAX_SECTOR_STATES}): "
            "use a shorter chain or fewer spins"
        )
    orb = packet_orbital(params=params, packet=packet)
    spin = np.zeros(basis.dim, dtype=complex)
    zeros = (0,) * params.n_spins
    for q in basis.lowerings:
        spin[basis.index[(q, *zeros)]] = spinor[q]
    return np.outer(orb, spin), basis


def energy_moments(
    *, params: ChainParams = _DEFAULT, packet: PacketParams = _DEFAULT_PACKET, electron_spin=_DOWN
) -> tuple:
    """Mean energy and energy spread of the initial state of Eq. (4).

    Parameters
    ----------
    params, packet, electron_spin
        As :func:`initial_state`.

    Returns
    -------
    mean : float
        :math:`\\langle H\\rangle` (eV).
    spread : float
        :math:`\\sqrt{\\langle H^2\\rangle - \\langle H\\rangle^2}` (eV).

    Notes
    -----
    The paper prints E = -2.36 eV and dE = 0.054 eV below Eq. (4) of Mondal et al. (2019); the
    chapter shows that Eq. (4) as printed gives -2.382 and 0.0243 eV.

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, PacketParams, energy_moments
    >>> p = ChainParams(n_sites=60, n_spins=1, first_spin=50)
    >>> e, de = energy_moments(params=p, packet=PacketParams(k0=0.0, dk=0.5, center=20.0))
    >>> round(e, 4), round(de, 4)  # far from the spin: the band average -2 gamma exp(-dk^2/8)
    (-1.9385, 0.0857)
    """
    psi, basis = initial_state(params=params, packet=packet, electron_spin=electron_spin)
    h = _sector_h(basis.params, basis.lowerings)
    v = psi.ravel()
    hv = h @ v
    mean = float(np.vdot(v, hv).real)
    var = float(np.vdot(hv, hv).real) - mean**2
    return mean, float(np.sqrt(max(var, 0.0)))


# ---------------------------------------------------------------------------
# Time evolution
# ---------------------------------------------------------------------------
def cn_propagator(h, *, dt_fs: float, shift: float = 0.0):
    """One Crank-Nicolson step as a function ``psi -> psi'`` with one sparse LU reused.

    Parameters
    ----------
    h : scipy sparse matrix, square, Hermitian, finite (eV)
    dt_fs : float
        Time step (fs), > 0.
    shift : float
        Energy shift E_s (eV), finite.

    Returns
    -------
    callable
        ``step(psi)`` for a vector (or an (n, k) block) of amplitudes.

    Notes
    -----
    :math:`(1 + i\\delta t(\\hat H - E_s)/2\\hbar)\\psi' = (1 - i\\delta t(\\hat H - E_s)/2\\hbar)\\psi`,
    the Cayley form :math:`U = (1 - ix/2)/(1 + ix/2)` of :math:`e^{-ix}`, :math:`x = E\\delta t/\\hbar`
    (unitary, second order; ``derivation.cayley_step``), the scheme of Mondal et al. (2019)
    (their Ref. [30]). The shift changes only the global phase of the exact evolution and reduces
    the phase error.

    Examples
    --------
    >>> import numpy as np, scipy.sparse as sps
    >>> from spinlib.manybody import HBAR_EV_FS, cn_propagator
    >>> step = cn_propagator(sps.diags([0.2]), dt_fs=1.0)
    >>> x = 0.2 * 1.0 / HBAR_EV_FS
    >>> bool(np.isclose(step(np.array([1.0 + 0j]))[0], (1 - 0.5j * x) / (1 + 0.5j * x)))
    True
    """
    dt = scalar("dt_fs", dt_fs, positive)
    shift = scalar("shift", shift, finite)
    if not sps.issparse(h) or h.ndim != 2 or h.shape[0] != h.shape[1]:
        raise SpinlibInputError(f"h must be a square scipy sparse matrix; got {show(h)}")
    if h.shape[0] > MAX_SECTOR_STATES or h.nnz > 20 * MAX_SECTOR_STATES:
        raise SpinlibInputError(
            f"h of shape {h.shape} with {h.nnz} entries exceeds MAX_SECTOR_STATES = {MAX_SECTOR_STATES} "
            f"rows (or {20 * MAX_SECTOR_STATES} entries) for one sparse LU"
        )
    if h.dtype.kind not in "biufc" or h.dtype.kind == "b":
        raise SpinlibInputError(f"h must hold real or complex numbers; got dtype {h.dtype}")
    h = sps.csr_matrix(h)
    if not np.all(np.isfinite(h.data)):
        raise SpinlibInputError("h must be finite; got NaN or inf matrix elements")
    if h.nnz and abs(h - h.conj().T).max() > 1e-12 * max(abs(h).max(), 1e-300):
        raise SpinlibInputError("h must be Hermitian (|h - h^H| <= 1e-12 |h|); got a non-Hermitian matrix")
    n = h.shape[0]
    a = (1j * dt / (2 * HBAR_EV_FS)) * (h - shift * sps.identity(n))
    lu = splu((sps.identity(n) + a).tocsc())
    b = (sps.identity(n) - a).tocsr()

    def step(psi):
        v = np.asarray(psi)
        if v.ndim not in (1, 2) or v.shape[0] != n or v.dtype.kind not in "iufc":
            raise SpinlibInputError(f"psi must have shape ({n},) or ({n}, k) of numbers; got {show(psi)}")
        if not np.all(np.isfinite(v)):
            raise SpinlibInputError(f"psi must be finite (no NaN or inf); got {show(psi)}")
        return lu.solve(b @ v.astype(complex))

    return step


@dataclass(frozen=True)
class Dynamics:
    """Result of :func:`evolve`: times ``t`` (n_t,) in fs first, then the observables with leading axis n_t.

    ``states`` (n_t, L_x, d) only if ``keep_states``; ``method`` is the propagator used.
    """

    t: np.ndarray  #: (n_t,) fs
    observables: SpinObservables
    basis: SectorBasis
    method: str
    states: np.ndarray | None = None  #: (n_t, L_x, d) if keep_states


_METHODS = ("expm", "eigh", "cn")


@dataclass(frozen=True)
class _Run:
    """Validated, hashable settings of one evolution (the key of :func:`cached_evolve`)."""

    params: ChainParams
    packet: PacketParams
    electron_spin: tuple
    t_max: float
    n_t: int
    method: str
    dt: float


def _run(params, packet, electron_spin, t_max, n_t, method, dt) -> _Run:
    run = _Run(
        _params(params),
        _packet(packet),
        tuple(float(x) for x in unit_vector("electron_spin", electron_spin, single=True)),
        scalar("t_max", t_max, positive),
        count("n_t", n_t, minimum=2, maximum=MAX_STEPS),
        choice("method", method, _METHODS),
        scalar("dt", dt, positive),
    )
    if len(run.electron_spin) != 3:
        raise SpinlibInputError(f"electron_spin must be one 3-vector; got {electron_spin!r}")
    if run.method == "cn" and run.t_max / run.dt > MAX_STEPS:
        raise SpinlibInputError(
            f"method='cn' with t_max = {run.t_max:g} fs and dt = {run.dt:g} fs needs more than "
            f"MAX_STEPS = {MAX_STEPS} steps: use a larger dt or method='expm'"
        )
    return run


def _exact_states(h, psi0, t, basis):
    """psi(t) by eigendecomposition in each sector q (the Hamiltonian is block diagonal in q)."""
    n, d = basis.params.n_sites, basis.dim
    out = np.zeros((len(t), n * d), dtype=complex)
    q_of = basis.configs.sum(axis=1)
    idx = np.arange(n * d).reshape(n, d)
    for q in basis.lowerings:
        sel = idx[:, q_of == q].ravel()
        v0 = psi0[sel]
        if not np.any(v0):
            continue
        block = h[sel][:, sel].toarray()
        w, v = np.linalg.eigh(block)
        c = v.conj().T @ v0
        out[:, sel] = (np.exp(-1j * np.outer(t, w) / HBAR_EV_FS) * c) @ v.T
    return out


def _cn_states(h, v0, t, dt):
    """Crank-Nicolson at the output times t, steps <= dt, on H - <H>_0 (global phase restored)."""
    sub = int(np.ceil((t[1] - t[0]) / dt - 1e-12))
    shift = float(np.vdot(v0, h @ v0).real)
    step = cn_propagator(h, dt_fs=(t[1] - t[0]) / sub, shift=shift)
    states = np.empty((len(t), v0.size), dtype=complex)
    states[0] = v = v0
    for i in range(1, len(t)):
        for _ in range(sub):
            v = step(v)
        states[i] = v
    return states * np.exp(-1j * shift * t / HBAR_EV_FS)[:, None]  # the global phase of exp(-iHt)


def _evolve(run: _Run, keep_states: bool) -> Dynamics:
    psi0, basis = initial_state(params=run.params, packet=run.packet, electron_spin=run.electron_spin)
    n_t = run.n_t
    if n_t * psi0.size > MAX_AMPLITUDES:
        raise SpinlibInputError(
            f"n_t = {n_t} output times of {psi0.size} amplitudes exceed MAX_AMPLITUDES = {MAX_AMPLITUDES}: "
            "use fewer times"
        )
    if run.method == "eigh":
        largest = run.params.n_sites * int(np.bincount(basis.configs.sum(axis=1)).max())
        if largest > MAX_EIGH_STATES:
            raise SpinlibInputError(
                f"method='eigh' diagonalises each sector densely; the largest has {largest} states "
                f"(> MAX_EIGH_STATES = {MAX_EIGH_STATES}): use method='cn' or 'expm'"
            )
    h = _sector_h(basis.params, basis.lowerings)
    phase = float(abs(h).sum(axis=0).max()) * run.t_max / HBAR_EV_FS  # ||H||_1 t / hbar, radians
    limit = MAX_EXPM_PHASE if run.method == "expm" else MAX_PHASE
    if phase > limit:
        raise SpinlibInputError(
            f"t_max = {run.t_max:g} fs gives phases ||H|| t / hbar = {phase:.3g} rad (> {limit:.0e}, the "
            f"limit of method='{run.method}': "
            + ("cost grows with it): use method='eigh' or a shorter t_max" if run.method == "expm"
               else "float phases lose all accuracy): use a shorter t_max")
        )
    t = np.linspace(0.0, run.t_max, n_t)
    v0 = psi0.ravel()
    if run.method == "eigh":
        states = _exact_states(h, v0, t, basis)
    elif run.method == "expm":
        states = expm_multiply(
            (-1j / HBAR_EV_FS) * h.astype(complex), v0, start=0.0, stop=run.t_max, num=n_t, endpoint=True
        )
    else:
        states = _cn_states(h, v0, t, run.dt)
    states = states.reshape(n_t, run.params.n_sites, basis.dim)
    obs = spin_observables(states, basis)
    kept = states if keep_states else None
    return Dynamics(t=t, observables=obs, basis=basis, method=run.method, states=kept)


def evolve(
    *,
    params: ChainParams = _DEFAULT,
    packet: PacketParams = _DEFAULT_PACKET,
    electron_spin=_DOWN,
    t_max: float = 600.0,
    n_t: int = 121,
    method: str = "expm",
    dt: float = 0.5,
    keep_states: bool = False,
) -> Dynamics:
    """Time evolution of the state of Eq. (4) under Eq. (3) and the observables of Figs. 3-6.

    Parameters
    ----------
    params : ChainParams
    packet : PacketParams
    electron_spin : 3-vector
        Initial electron spin direction ((0,0,-1): Fig. 3; (1,0,0): Fig. 4).
    t_max : float
        Last time (fs), > 0.
    n_t : int
        Number of equally spaced output times in [0, t_max], >= 2.
    method : {"expm", "eigh", "cn"}
        "expm" (``scipy.sparse.linalg.expm_multiply``, the reference: exact to its 2^-53
        tolerance), "eigh" (dense eigendecomposition per S^z sector; small sectors only) or "cn"
        (Crank-Nicolson as in the paper, one sparse LU reused, step <= ``dt``).
    dt : float
        Largest Crank-Nicolson step (fs), > 0 (ignored by the other methods).
    keep_states : bool
        Also return the states (n_t, L_x, d).

    Returns
    -------
    Dynamics
        ``t`` (n_t,) first; observables with leading axis n_t.

    Notes
    -----
    Crank-Nicolson as in Mondal et al. (2019) (their Ref. [30]), :func:`cn_propagator` applied to
    :math:`\\hat H - \\langle\\hat H\\rangle_0` (a global phase, restored); its error is second
    order in dt.

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, PacketParams, evolve
    >>> p = ChainParams(n_sites=12, n_spins=1, j_sd=0.5)
    >>> dyn = evolve(params=p, packet=PacketParams(k0=1.0, dk=1.0, center=3.0), t_max=5.0, n_t=3)
    >>> dyn.t.tolist(), round(float(dyn.observables.sz_total[-1]), 6)
    ([0.0, 2.5, 5.0], 0.0)
    """
    keep = choice("keep_states", keep_states, (False, True))
    return _evolve(_run(params, packet, electron_spin, t_max, n_t, method, dt), keep)


@lru_cache(maxsize=16)
def _cached(run: _Run) -> Dynamics:
    return _evolve(run, False)


def cached_evolve(
    *,
    params: ChainParams = _DEFAULT,
    packet: PacketParams = _DEFAULT_PACKET,
    electron_spin=_DOWN,
    t_max: float = 600.0,
    n_t: int = 121,
    method: str = "expm",
    dt: float = 0.5,
) -> Dynamics:
    """:func:`evolve` without states, computed once per parameter set and cached (for pages and widgets).

    Parameters
    ----------
    params, packet, electron_spin, t_max, n_t, method, dt
        As :func:`evolve`.

    Returns
    -------
    Dynamics
        The same object for equal arguments (up to 16 kept).

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, PacketParams, cached_evolve
    >>> kw = {"params": ChainParams(n_sites=10, n_spins=1), "packet": PacketParams(center=2.0)}
    >>> cached_evolve(t_max=2.0, n_t=2, **kw) is cached_evolve(t_max=2.0, n_t=2, **kw)
    True
    """
    return _cached(_run(params, packet, electron_spin, t_max, n_t, method, dt))
