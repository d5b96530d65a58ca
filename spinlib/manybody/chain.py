r"""Quantum many-body spin transfer: one electron wave packet and a chain of quantum local spins.

Numerics of the model of Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99,
094431 (2019) ("Mondal et al. (2019)" below): a single electron hops on an open
tight-binding chain of ``n_sites`` sites and, on ``n_spins`` consecutive sites, interacts by
s-d exchange with quantum local spins that form an open XXZ Heisenberg chain, Eq. (3).

Units and conventions
---------------------
* Energies in eV, times in femtoseconds (``hbar = 0.6582 eV fs``, from :mod:`spinlib.units`).
* Spin operators in the Hamiltonian: ``convention="pauli"`` (default) uses
  :math:`\hat{\mathbf s}_e = \hat{\boldsymbol\sigma}` and :math:`\hat{\mathbf S}_n = 2\hat{\mathbf S}/\hbar`
  as printed below Eq. (3) (Pauli matrices for spin 1/2); ``convention="spin"`` uses
  :math:`\hat{\mathbf S}/\hbar` (eigenvalues :math:`\pm 1/2`). The Pauli convention is the one that
  reproduces the paper's ground-state energy :math:`E_0 \approx -2.43` eV (the chapter shows both).
* Basis: the Hilbert space of Eq. (2) in the order orbital :math:`\otimes` electron spin
  :math:`\otimes` local spins, each spin state labelled by its *lowering number*
  :math:`l = S - m` (0 is "up"). A configuration is the tuple ``(l_e, l_1, ..., l_N)``.
* Total :math:`S^z` is conserved (:math:`[\hat H, \hat S^z_{tot}] = 0`), so the Hamiltonian is
  block diagonal in the *sectors* of fixed total lowering :math:`q = \sum_n l_n`. The paper's
  initial states live in ``q = 1`` (electron along :math:`-z`, dimension ``n_sites*(N+1)``) or in
  ``q = 0`` plus ``q = 1`` (electron along :math:`+x`). Everything below works in these
  sectors; :func:`full_hamiltonian` builds the whole space independently (for the tests).
* Spin expectation values are returned in units of :math:`\hbar/2` (the paper's Figs. 3-6):
  :math:`\langle 2\hat S^a\rangle/\hbar`, whatever the Hamiltonian convention.

Notes
-----
Eqs. (2)-(8) and (A1)-(A2) of Mondal et al. (2019). The wave packet of Eq. (4) is
:math:`C e^{ik_x x - \delta k_x^2 (x - x_0)^2/4}` on sites :math:`x = 0, \dots, L_x - 1`; the centre
:math:`x_0` ("the left edge" in the paper) is a parameter, see :class:`PacketParams`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.linalg as sla
import scipy.sparse as sps
from scipy.sparse.linalg import eigsh, expm_multiply, splu

from .. import units
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
    unit_vector,
)

__all__ = [
    "HBAR_EV_FS",
    "ChainParams",
    "PacketParams",
    "PAPER",
    "PAPER_PACKET",
    "MACROSPIN",
    "SectorBasis",
    "sector_basis",
    "spin_operator",
    "xxz_hamiltonian",
    "xxz_spectrum",
    "sector_hamiltonian",
    "full_hamiltonian",
    "full_total_sz",
    "sector_to_full",
    "lowest_levels",
    "ground_multiplet",
    "packet_orbital",
    "electron_spinor",
    "initial_state",
    "energy_moments",
    "cn_propagator",
    "Dynamics",
    "SpinObservables",
    "spin_observables",
    "evolve",
    "cached_evolve",
]

#: hbar in eV fs (from scipy.constants through spinlib.units)
HBAR_EV_FS = units.HBAR / units.E * 1e15


def _spin_value(name, value):
    s = float(positive(name, value))
    if abs(2 * s - round(2 * s)) > 1e-12:
        raise SpinlibInputError(f"{name} must be a positive half-integer (0.5, 1, 1.5, ...); got {value!r}")
    return np.asarray(round(2 * s) / 2)


@dataclass(frozen=True, kw_only=True)
class ChainParams:
    """The many-body system of Eq. (3) of Mondal et al. (2019); frozen, keyword-only, validated.

    ``first_spin = None`` puts the local spins in the middle of the chain,
    ``(n_sites - n_spins) // 2`` (0-based). Energies in eV.
    """

    n_sites: int = 400  #: L_x, sites of the tight-binding chain; >= 2
    n_spins: int = 5  #: N, local spins on consecutive sites; 1 <= N <= n_sites
    first_spin: int | None = None  #: 0-based site of local spin 1; default: middle of the chain
    hopping: float = 1.0  #: gamma, nearest-neighbour hopping (eV); > 0
    j_sd: float = 0.1  #: J_sd, s-d exchange (eV); finite (|J| < 1e-250 eV acts as 0)
    j_xy: float = 0.1  #: J, XXZ exchange of the x and y components (eV); finite
    j_z: float = 0.1005  #: J_z, XXZ exchange of the z components (eV); finite
    local_spin: float = 0.5  #: S of each local spin (1/2 in Figs. 2-4, 5/2 for the macrospin); half-integer
    convention: str = "pauli"  #: "pauli" (2S/hbar, as printed) or "spin" (S/hbar)

    def __post_init__(self):
        n_sites = count("n_sites", self.n_sites, minimum=2)
        n_spins = count("n_spins", self.n_spins, minimum=1)
        if n_spins > n_sites:
            raise SpinlibInputError(f"n_spins must be <= n_sites = {n_sites}; got {self.n_spins!r}")
        object.__setattr__(self, "n_sites", n_sites)
        object.__setattr__(self, "n_spins", n_spins)
        first = (
            (n_sites - n_spins) // 2
            if self.first_spin is None
            else count("first_spin", self.first_spin, minimum=0, maximum=n_sites - n_spins)
        )
        object.__setattr__(self, "first_spin", first)
        check_fields(self, hopping=positive, j_sd=finite, j_xy=finite, j_z=finite, local_spin=_spin_value)
        choice("convention", self.convention, ("pauli", "spin"))

    @property
    def spin_sites(self) -> np.ndarray:
        """0-based sites of the local spins."""
        return np.arange(self.first_spin, self.first_spin + self.n_spins)

    @property
    def operator_scale(self) -> float:
        """Factor between the operators of Eq. (3) and S/hbar: 2 (Pauli) or 1."""
        return 2.0 if self.convention == "pauli" else 1.0

    @property
    def spins(self) -> tuple:
        """Spin quantum numbers (electron first, then the local spins)."""
        return (0.5,) + (self.local_spin,) * self.n_spins


@dataclass(frozen=True, kw_only=True)
class PacketParams:
    """The Gaussian wave packet of Eq. (4): ``exp(i k0 x - dk^2 (x - center)^2 / 4)``, x in sites."""

    k0: float = 0.1  #: k_x a, mean wave number (rad per lattice spacing); in [-pi, pi]
    dk: float = 0.2  #: delta k_x a, Eq. (4); > 0 (dk = 0 is a plane wave, not a packet)
    center: float = 40.0  #: x_0, centre of the packet (site index); >= 0

    def __post_init__(self):
        check_fields(self, k0=lambda n, v: in_range(n, v, -np.pi, np.pi), dk=positive, center=nonnegative)


#: Eq. (3) as printed: L_x = 400, gamma = 1 eV, N = 5 spins 1/2 in the middle, J_sd = 0.1 eV,
#: J = 0.1 eV, J_z = 0.1005 eV (Mondal et al. 2019, below Eq. (3)); Pauli operators.
PAPER = ChainParams()
#: Eq. (4): k_x a = 0.1, delta k_x a = 0.2; the centre x_0 = 40 (8 packet widths from the edge) is ours.
PAPER_PACKET = PacketParams()
#: Appendix: one local spin 5/2 (the macrospin) in the middle of the same chain.
MACROSPIN = ChainParams(n_spins=1, local_spin=2.5)


def _params(params) -> ChainParams:
    return instance("params", params, ChainParams)


def _packet(packet) -> PacketParams:
    return instance("packet", packet, PacketParams)


# ---------------------------------------------------------------------------
# Sector bases and spin operators
# ---------------------------------------------------------------------------
def _compositions(caps: tuple, total: int):
    """All tuples l with 0 <= l_i <= caps[i] and sum(l) = total (lexicographic order)."""
    if not caps:
        if total == 0:
            yield ()
        return
    for first in range(min(caps[0], total) + 1):
        for rest in _compositions(caps[1:], total - first):
            yield (first, *rest)


@dataclass(frozen=True)
class SectorBasis:
    """Spin configurations (lowering numbers, electron first) of the sectors ``lowerings``.

    ``configs`` has shape (d, N + 1); ``index`` maps a configuration tuple to its row.
    """

    params: ChainParams
    lowerings: tuple
    configs: np.ndarray = field(repr=False, compare=False)
    index: dict = field(repr=False, compare=False)

    @property
    def dim(self) -> int:
        """Number of spin configurations d."""
        return len(self.configs)


@lru_cache(maxsize=64)
def _basis(params: ChainParams, lowerings: tuple) -> SectorBasis:
    caps = tuple(int(round(2 * s)) for s in params.spins)
    configs = [c for q in lowerings for c in _compositions(caps, q)]
    arr = np.array(configs, dtype=np.int64).reshape(len(configs), len(caps))
    return SectorBasis(params, lowerings, arr, {c: i for i, c in enumerate(configs)})


def sector_basis(*, params: ChainParams = PAPER, lowerings=(1,)) -> SectorBasis:
    """Basis of the spin configurations with total lowering number in ``lowerings``.

    Parameters
    ----------
    params : ChainParams
    lowerings : sequence of int
        Total lowering numbers q (0: all spins up; 1: one quantum of S^z lowered, ...), each in
        [0, 2 S_tot]. ``(1,)`` is the sector of the collinear case, ``(0, 1)`` the non-collinear one.

    Returns
    -------
    SectorBasis
    """
    params = _params(params)
    if isinstance(lowerings, (str, bytes)) or not hasattr(lowerings, "__iter__"):
        raise SpinlibInputError(f"lowerings must be a sequence of integers; got {lowerings!r}")
    q_max = int(round(2 * sum(params.spins)))
    qs = tuple(sorted({count("lowerings", q, minimum=0, maximum=q_max) for q in lowerings}))
    if not qs:
        raise SpinlibInputError(f"lowerings must not be empty; got {lowerings!r}")
    return _basis(params, qs)


def _ladder(spin: float, lowering: np.ndarray) -> np.ndarray:
    """<l - 1| S^+ |l> for a spin S in the state of lowering number l (m = S - l), in units of hbar."""
    m = spin - lowering
    return np.sqrt(np.maximum(spin * (spin + 1) - m * (m + 1), 0.0))


@lru_cache(maxsize=512)
def _operator(basis: SectorBasis, which: int, component: str) -> sps.csr_matrix:
    """S^a of spin ``which`` (0 = electron) in units of hbar, restricted to ``basis`` (d x d)."""
    spin = basis.params.spins[which]
    l = basis.configs[:, which]
    d = basis.dim
    if component == "z":
        return sps.diags(spin - l.astype(float), format="csr")
    rows, cols, vals = [], [], []  # S^+ : l -> l - 1 (if that configuration is in the basis)
    for col in np.nonzero(l > 0)[0]:
        target = basis.configs[col].copy()
        target[which] -= 1
        row = basis.index.get(tuple(int(x) for x in target))
        if row is not None:
            rows.append(row)
            cols.append(col)
            vals.append(_ladder(spin, l[col]))
    plus = sps.csr_matrix((vals, (rows, cols)), shape=(d, d))
    if component == "+":
        return plus
    if component == "-":
        return plus.T.tocsr()
    if component == "x":
        return ((plus + plus.T) * 0.5).tocsr()
    return ((plus - plus.T) * (-0.5j)).tocsr()  # y


def spin_operator(*, params: ChainParams = PAPER, lowerings=(1,), which: int = 0, component: str = "z"):
    """The spin operator S^a (units of hbar) of spin ``which`` in a sector basis.

    ``which = 0`` is the electron, ``1..N`` the local spins. Matrix elements connecting to
    configurations outside the basis are dropped (exact for expectation values of states in it).

    Returns
    -------
    scipy.sparse.csr_matrix, shape (d, d)
    """
    basis = sector_basis(params=params, lowerings=lowerings)
    n = count("which", which, minimum=0, maximum=basis.params.n_spins)
    comp = choice("component", component, ("x", "y", "z", "+", "-"))
    return _operator(basis, n, comp)


@lru_cache(maxsize=512)
def _flip(basis: SectorBasis, a: int, b: int) -> sps.csr_matrix:
    """(S^+_a S^-_b + S^-_a S^+_b) / 2 = S^x_a S^x_b + S^y_a S^y_b (units of hbar^2), a != b.

    Built from the product's own matrix elements: it conserves q, so it is closed in a sector
    (a product of the restricted S^+ and S^- would lose the intermediate states).
    """
    spins = basis.params.spins
    rows, cols, vals = [], [], []
    for col, conf in enumerate(basis.configs):
        for up, down in ((a, b), (b, a)):  # S^+_up S^-_down: l_up -> l_up - 1, l_down -> l_down + 1
            if conf[up] > 0 and conf[down] < round(2 * spins[down]):
                target = conf.copy()
                target[up] -= 1
                target[down] += 1
                row = basis.index.get(tuple(int(x) for x in target))
                if row is not None:
                    rows.append(row)
                    cols.append(col)
                    vals.append(0.5 * _ladder(spins[up], conf[up]) * _ladder(spins[down], conf[down] + 1))
    return sps.csr_matrix((vals, (rows, cols)), shape=(basis.dim, basis.dim))


def _dot(basis: SectorBasis, a: int, b: int) -> sps.csr_matrix:
    """S_a . S_b (units of hbar^2) = S^z_a S^z_b + (S^+_a S^-_b + S^-_a S^+_b)/2 in the basis."""
    return (_operator(basis, a, "z") @ _operator(basis, b, "z") + _flip(basis, a, b)).tocsr()


def _xxz(basis: SectorBasis) -> sps.csr_matrix:
    p = basis.params
    c2 = p.operator_scale**2
    h = sps.csr_matrix((basis.dim, basis.dim))
    for n in range(1, p.n_spins):
        zz = _operator(basis, n, "z") @ _operator(basis, n + 1, "z")
        h = h - c2 * (p.j_xy * _flip(basis, n, n + 1) + p.j_z * zz)
    return h.tocsr()


def xxz_hamiltonian(*, params: ChainParams = PAPER, lowerings=None):
    """The open XXZ chain, third term of Eq. (3), in a sector basis (all sectors if None), in eV.

    Notes
    -----
    :math:`-\\sum_n [J(\\hat S^x_n\\hat S^x_{n+1} + \\hat S^y_n\\hat S^y_{n+1})
    + J_z\\hat S^z_n\\hat S^z_{n+1}]`
    with the operators of ``params.convention``. The electron spin is part of the basis but
    does not enter; each level therefore appears twice (electron up and down).
    """
    params = _params(params)
    if lowerings is None:
        lowerings = range(int(round(2 * sum(params.spins))) + 1)
    return _xxz(sector_basis(params=params, lowerings=lowerings))


def xxz_spectrum(*, params: ChainParams = PAPER) -> np.ndarray:
    """All eigenvalues (eV, ascending) of the isolated open XXZ chain of the N local spins (Fig. 2(a)).

    The electron spin is removed (each level counted once): dimension (2S+1)^N.
    """
    params = _params(params)
    levels = []
    for q in range(int(round(2 * params.local_spin * params.n_spins)) + 1):
        basis = sector_basis(params=params, lowerings=(q,))
        keep = np.nonzero(basis.configs[:, 0] == 0)[0]  # electron up only: each chain state once
        h = _xxz(basis)[keep][:, keep].toarray()
        levels.append(np.linalg.eigvalsh(h))
    return np.sort(np.concatenate(levels))


# ---------------------------------------------------------------------------
# Hamiltonians
# ---------------------------------------------------------------------------
def _hop(params: ChainParams) -> sps.csr_matrix:
    n = params.n_sites
    off = -params.hopping * np.ones(n - 1)
    return sps.diags([off, off], [-1, 1], shape=(n, n), format="csr")


@lru_cache(maxsize=32)
def _sector_h(params: ChainParams, lowerings: tuple) -> sps.csr_matrix:
    basis = _basis(params, lowerings)
    d, n = basis.dim, params.n_sites
    c2 = params.operator_scale**2
    h = sps.kron(_hop(params), sps.identity(d), format="csr") + sps.kron(
        sps.identity(n), _xxz(basis), format="csr"
    )
    for k, site in enumerate(params.spin_sites):
        proj = sps.csr_matrix(([1.0], ([site], [site])), shape=(n, n))
        h = h + sps.kron(proj, -params.j_sd * c2 * _dot(basis, 0, k + 1), format="csr")
    return _drop_negligible(h)


#: matrix elements below this (eV) are physically zero; subnormal ones make expm_multiply overflow
_NEGLIGIBLE = 1e-250


def _drop_negligible(h) -> sps.csr_matrix:
    """Remove entries of magnitude < 1e-250 eV (subnormal couplings), keeping the matrix exact otherwise."""
    h = sps.csr_matrix(h)
    h.data[np.abs(h.data) < _NEGLIGIBLE] = 0.0
    h.eliminate_zeros()
    return h


def sector_hamiltonian(*, params: ChainParams = PAPER, lowerings=(1,)) -> sps.csr_matrix:
    """Eq. (3) restricted to the sectors ``lowerings`` (eV), sparse, shape (L_x d, L_x d).

    Row index ``site * d + config`` (orbital-major). Built from the ladder-operator form
    :math:`\\hat{\\mathbf S}_a\\cdot\\hat{\\mathbf S}_b = S^z_aS^z_b + (S^+_aS^-_b + S^-_aS^+_b)/2`.
    """
    basis = sector_basis(params=params, lowerings=lowerings)
    return _sector_h(basis.params, basis.lowerings)


def _spin_matrices(spin: float):
    """Dense (S^x, S^y, S^z) / hbar for spin S in the basis m = S, S-1, ..., -S (Pauli/2 for S = 1/2)."""
    if spin == 0.5:
        sx = np.array([[0, 1], [1, 0]], dtype=complex) / 2
        sy = np.array([[0, -1j], [1j, 0]], dtype=complex) / 2
        sz = np.array([[1, 0], [0, -1]], dtype=complex) / 2
        return sx, sy, sz
    m = spin - np.arange(int(round(2 * spin)) + 1)
    plus = np.diag(np.sqrt(spin * (spin + 1) - m[1:] * (m[1:] + 1)), 1)
    return (plus + plus.T) / 2, (plus - plus.T) / 2j, np.diag(m).astype(complex)


def full_hamiltonian(*, params: ChainParams = PAPER) -> sps.csr_matrix:
    """Eq. (3) on the whole space of Eq. (2) by Kronecker products, as printed (eV).

    Dimension L_x 2 (2S+1)^N. Basis order orbital ⊗ electron ⊗ spin 1 ⊗ ... ⊗ spin N, each spin in
    the order m = S, S-1, ... (for spin 1/2: up, down, the spinors (1, 0) and (0, 1) of the paper).
    An independent construction of :func:`sector_hamiltonian` (used by the tests).
    """
    params = _params(params)
    mats = [_spin_matrices(s) for s in params.spins]
    dims = [m[0].shape[0] for m in mats]
    scale = params.operator_scale

    def embed(op, which):
        out = sps.identity(1, format="csr")
        for k, dk in enumerate(dims):
            out = sps.kron(out, sps.csr_matrix(op) if k == which else sps.identity(dk), format="csr")
        return out

    ops = [[embed(scale * mats[k][a], k) for a in range(3)] for k in range(len(dims))]
    dspin = int(np.prod(dims))
    spin_h = sps.csr_matrix((dspin, dspin), dtype=complex)
    for n in range(1, params.n_spins):
        spin_h = spin_h - params.j_xy * (ops[n][0] @ ops[n + 1][0] + ops[n][1] @ ops[n + 1][1])
        spin_h = spin_h - params.j_z * ops[n][2] @ ops[n + 1][2]
    n_sites = params.n_sites
    h = sps.kron(_hop(params), sps.identity(dspin), format="csr") + sps.kron(sps.identity(n_sites), spin_h)
    for k, site in enumerate(params.spin_sites):
        proj = sps.csr_matrix(([1.0], ([site], [site])), shape=(n_sites, n_sites))
        sd = sum(ops[0][a] @ ops[k + 1][a] for a in range(3))
        h = h - params.j_sd * sps.kron(proj, sd)
    return _drop_negligible(h)


def full_total_sz(*, params: ChainParams = PAPER) -> sps.csr_matrix:
    """Total S^z (units of hbar) of the electron and the local spins on the whole space of Eq. (2)."""
    params = _params(params)
    diag = np.zeros(1)
    for s in params.spins:
        diag = np.add.outer(diag, s - np.arange(int(round(2 * s)) + 1)).ravel()
    return sps.kron(sps.identity(params.n_sites), sps.diags(diag), format="csr")


def sector_to_full(state, *, params: ChainParams = PAPER, lowerings=(1,)) -> np.ndarray:
    """Embed a sector state (shape (L_x, d) or (L_x d,)) into the whole space of Eq. (2)."""
    basis = sector_basis(params=params, lowerings=lowerings)
    p = basis.params
    psi = np.asarray(state, dtype=complex).reshape(p.n_sites, basis.dim)
    dims = [int(round(2 * s)) + 1 for s in p.spins]
    flat = np.ravel_multi_index(basis.configs.T, dims)
    out = np.zeros((p.n_sites, int(np.prod(dims))), dtype=complex)
    out[:, flat] = psi
    return out.ravel()


# ---------------------------------------------------------------------------
# Spectra
# ---------------------------------------------------------------------------
def lowest_levels(*, params: ChainParams = PAPER, lowering: int = 0, n_levels: int = 6) -> np.ndarray:
    """The ``n_levels`` lowest eigenvalues (eV, ascending) of Eq. (3) in the sector of total lowering q.

    Dense diagonalisation for sectors up to 3000 states, Lanczos (``eigsh``) above.
    """
    basis = sector_basis(params=params, lowerings=(lowering,))
    params = basis.params
    h = _sector_h(params, basis.lowerings)
    k = count("n_levels", n_levels, minimum=1, maximum=h.shape[0])
    if h.shape[0] <= 3000 or k >= h.shape[0] - 1:
        return sla.eigvalsh(h.toarray(), subset_by_index=(0, k - 1))
    bottom = -2.0 * params.hopping - 2.0 * params.operator_scale**2 * (  # below every level (Gershgorin)
        abs(params.j_sd) * params.n_spins * (1 + params.local_spin)
        + (abs(params.j_xy) + abs(params.j_z)) * params.n_spins * params.local_spin * (params.local_spin + 1)
    )
    vals = eigsh(h, k=k, sigma=bottom, which="LM", return_eigenvectors=False, tol=1e-13)
    return np.sort(vals)


def ground_multiplet(*, params: ChainParams = PAPER, xxz_only: bool = False) -> np.ndarray:
    """Lowest energy (eV) of every sector q = 0 .. 2 S_tot: the members of the ground multiplet.

    For spins 1/2 with a ferromagnetic exchange the ground state of the whole system (``xxz_only``
    False: N + 2 sectors) or of the isolated chain (True: N + 1 sectors) is a multiplet of total spin
    (N+1)/2 (resp. N/2), exactly degenerate at J_z = J and split by J_z != J.
    """
    params = _params(params)
    if xxz_only:
        out = []
        for q in range(int(round(2 * params.local_spin * params.n_spins)) + 1):
            basis = sector_basis(params=params, lowerings=(q,))
            keep = np.nonzero(basis.configs[:, 0] == 0)[0]
            out.append(np.linalg.eigvalsh(_xxz(basis)[keep][:, keep].toarray())[0])
        return np.array(out)
    q_max = int(round(2 * sum(params.spins)))
    # Eq. (3) is invariant under the rotation by pi about x of every spin (S^y, S^z -> -S^y, -S^z),
    # which maps sector q onto q_max - q: only half of the sectors are diagonalised.
    half = [lowest_levels(params=params, lowering=q, n_levels=1)[0] for q in range(q_max // 2 + 1)]
    return np.array([half[min(q, q_max - q)] for q in range(q_max + 1)])


# ---------------------------------------------------------------------------
# Initial state, Eq. (4)
# ---------------------------------------------------------------------------
def packet_orbital(*, params: ChainParams = PAPER, packet: PacketParams = PAPER_PACKET) -> np.ndarray:
    """Normalised orbital factor of Eq. (4) on the sites 0..L_x-1 (complex, shape (L_x,)).

    Raises if the centre is outside the chain or the packet has no weight on it.
    """
    params, packet = _params(params), _packet(packet)
    in_range("packet.center", packet.center, 0, params.n_sites - 1)
    x = np.arange(params.n_sites, dtype=float)
    amp = np.exp(1j * packet.k0 * x - packet.dk**2 * (x - packet.center) ** 2 / 4)
    norm = np.linalg.norm(amp)
    if not norm > 0 or not np.isfinite(norm):
        raise SpinlibInputError(f"packet is not normalisable on the chain; got {packet!r}")
    return amp / norm


def electron_spinor(direction) -> np.ndarray:
    """Spinor (up, down) of a spin 1/2 along the unit vector ``direction`` (e.g. (0, 0, -1) -> (0, 1)).

    ``(cos(theta/2), e^{i phi} sin(theta/2))`` with the phase chosen so that -z gives (0, 1) and
    +x gives (1, 1)/sqrt(2), the spinors of the paper.
    """
    n = unit_vector("electron_spin", direction)
    if n.ndim != 1:
        raise SpinlibInputError(f"electron_spin must be one 3-vector; got shape {n.shape}")
    transverse = n[0] ** 2 + n[1] ** 2
    # 1 + n_z and 1 - n_z without cancellation (n_z near -1 or +1)
    one_plus = transverse / (1 - n[2]) if n[2] < 0 else 1 + n[2]
    one_minus = transverse / (1 + n[2]) if n[2] > 0 else 1 - n[2]
    spinor = np.array([np.sqrt(one_plus / 2), np.sqrt(one_minus / 2) * np.exp(1j * np.arctan2(n[1], n[0]))])
    return spinor / np.linalg.norm(spinor)


def _initial_sectors(params: ChainParams, spinor: np.ndarray) -> tuple:
    return tuple(q for q, amp in ((0, spinor[0]), (1, spinor[1])) if abs(amp) > 0)


def initial_state(
    *, params: ChainParams = PAPER, packet: PacketParams = PAPER_PACKET, electron_spin=(0.0, 0.0, -1.0)
):
    """The separable state of Eq. (4) in the smallest sector basis that holds it.

    Local spins all up (lowering 0); the electron spinor along ``electron_spin``.

    Returns
    -------
    state : ndarray, shape (L_x, d)
    basis : SectorBasis (sectors q = 0 and/or 1)
    """
    params = _params(params)
    spinor = electron_spinor(electron_spin)
    basis = sector_basis(params=params, lowerings=_initial_sectors(params, spinor))
    orb = packet_orbital(params=params, packet=packet)
    spin = np.zeros(basis.dim, dtype=complex)
    zeros = (0,) * params.n_spins
    for q, amp in ((0, spinor[0]), (1, spinor[1])):
        if abs(amp) > 0:
            spin[basis.index[(q, *zeros)]] = amp
    return np.outer(orb, spin), basis


def energy_moments(
    *, params: ChainParams = PAPER, packet: PacketParams = PAPER_PACKET, electron_spin=(0.0, 0.0, -1.0)
) -> tuple:
    """Mean energy <H> and spread sqrt(<H^2> - <H>^2) (eV) of the initial state of Eq. (4)."""
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
def cn_propagator(h, dt_fs: float, *, shift: float = 0.0):
    """One Crank-Nicolson step as a function ``psi -> psi'`` with one sparse LU reused.

    :math:`(1 + i\\delta t(\\hat H - E_s)/2\\hbar)\\psi' = (1 - i\\delta t(\\hat H - E_s)/2\\hbar)\\psi`,
    the Cayley form of :math:`e^{-i\\hat H\\delta t/\\hbar}` (unitary, second order). The shift
    :math:`E_s` changes only the global phase of the exact evolution and reduces the phase error.

    Parameters
    ----------
    h : scipy sparse matrix (eV), square
    dt_fs : float, time step (fs), > 0
    shift : float, energy shift E_s (eV)
    """
    dt = float(positive("dt_fs", dt_fs))
    shift = float(finite("shift", shift))
    if not sps.issparse(h) or h.shape[0] != h.shape[1]:
        raise SpinlibInputError(f"h must be a square scipy sparse matrix; got {type(h).__name__}")
    n = h.shape[0]
    a = (1j * dt / (2 * HBAR_EV_FS)) * (h - shift * sps.identity(n))
    lu = splu((sps.identity(n) + a).tocsc())
    b = (sps.identity(n) - a).tocsr()

    def step(psi):
        return lu.solve(b @ psi)

    return step


@dataclass(frozen=True)
class SpinObservables:
    """Spin observables of one state (or of a time series: leading axis n_t).

    Spin vectors in units of hbar/2 (the paper's Figs. 3-6). ``probabilities`` are Eq. (8) over
    ``basis.configs``; ``purity`` is Eq. (7) of the local spins (= that of the electron);
    ``schmidt`` are the squared Schmidt coefficients electron | local spins, descending.
    """

    electron_spin: np.ndarray  #: (..., 3)
    local_spins: np.ndarray  #: (..., N, 3)
    probabilities: np.ndarray  #: (..., d)
    purity: np.ndarray  #: (...,)
    schmidt: np.ndarray  #: (..., k)
    norm: np.ndarray  #: (...,) <psi|psi>
    sz_total: np.ndarray  #: (...,) <S^z_tot> in units of hbar
    density: np.ndarray  #: (..., L_x) electron density on the sites


def _local_columns(basis: SectorBasis):
    """Map each configuration to (electron lowering, column of its local-spin configuration)."""
    locals_ = [tuple(int(x) for x in c[1:]) for c in basis.configs]
    keys = sorted(set(locals_))
    col = {k: i for i, k in enumerate(keys)}
    return basis.configs[:, 0].astype(int), np.array([col[k] for k in locals_]), len(keys)


def reduced_local_spins(state, basis: SectorBasis) -> np.ndarray:
    """Reduced density matrix of all local spins, Eq. (5) tracing orbital and electron spin.

    Returned over the distinct local-spin configurations of ``basis`` (others have zero weight).
    """
    psi = np.asarray(state).reshape(basis.params.n_sites, basis.dim)
    e, col, ncol = _local_columns(basis)
    m = np.zeros((basis.params.n_sites, 2, ncol), dtype=complex)
    m[:, e, col] = psi
    m = m.reshape(-1, ncol)
    return m.T @ m.conj()


def reduced_electron(state, basis: SectorBasis) -> np.ndarray:
    """Reduced density matrix of the electron (orbital ⊗ spin, 2 L_x square), Eq. (5)."""
    psi = np.asarray(state).reshape(basis.params.n_sites, basis.dim)
    e, col, ncol = _local_columns(basis)
    m = np.zeros((basis.params.n_sites, 2, ncol), dtype=complex)
    m[:, e, col] = psi
    m = m.reshape(-1, ncol)
    return m @ m.conj().T


def reduced_spins(state, basis: SectorBasis) -> np.ndarray:
    """Reduced density matrix of electron spin + local spins (orbital traced), over ``basis.configs``."""
    psi = np.asarray(state).reshape(basis.params.n_sites, basis.dim)
    return psi.T @ psi.conj()


def single_spin_density(state, basis: SectorBasis, which: int) -> np.ndarray:
    """2x2 (or (2S+1)-square) reduced density matrix of spin ``which`` (0 = electron), Eq. (6)."""
    rho = reduced_spins(state, basis)
    l = basis.configs[:, which]
    spin = basis.params.spins[which]
    dim = int(round(2 * spin)) + 1
    others = np.delete(basis.configs, which, axis=1)
    out = np.zeros((dim, dim), dtype=complex)
    same = (others[:, None, :] == others[None, :, :]).all(axis=-1)
    a_idx, b_idx = np.nonzero(same)
    np.add.at(out, (l[a_idx], l[b_idx]), rho[a_idx, b_idx])
    return out


def _spin_ops(basis: SectorBasis):
    p = basis.params
    return [[_operator(basis, k, a) for a in "xyz"] for k in range(p.n_spins + 1)]


def spin_observables(state, basis: SectorBasis) -> SpinObservables:
    """Observables of Figs. 3-6 for a state ``(L_x, d)`` or a series ``(n_t, L_x, d)`` in ``basis``."""
    basis = instance("basis", basis, SectorBasis)
    p = basis.params
    psi = np.asarray(state)
    if psi.shape[-2:] != (p.n_sites, basis.dim):
        raise SpinlibInputError(f"state must have shape (..., {p.n_sites}, {basis.dim}); got {psi.shape}")
    lead = psi.shape[:-2]
    series = psi.reshape(-1, p.n_sites, basis.dim)
    rho = np.einsum("tia,tib->tab", series, series.conj())  # rho[a, b] = sum_i psi_ia psi_ib^*
    ops = _spin_ops(basis)
    # <O> = Tr(rho O) = sum_ab rho_ab O_ba; 2 S^a in units of hbar/2
    spins = np.empty((len(series), p.n_spins + 1, 3))
    for k in range(p.n_spins + 1):
        for a in range(3):
            o = ops[k][a].toarray()
            spins[:, k, a] = 2 * np.einsum("tab,ba->t", rho, o).real
    e, col, ncol = _local_columns(basis)
    mats = np.zeros((len(series), p.n_sites, 2, ncol), dtype=complex)
    mats[:, :, e, col] = series
    mats = mats.reshape(len(series), -1, ncol)
    rho_local = np.einsum("tra,trb->tab", mats, mats.conj())
    schmidt = np.clip(np.linalg.eigvalsh(rho_local)[:, ::-1], 0.0, None)
    purity = np.einsum("tab,tba->t", rho_local, rho_local).real
    probs = np.einsum("taa->ta", rho).real
    norm = probs.sum(axis=-1)
    mz = (np.array(p.spins)[None, :] - basis.configs).sum(axis=1)
    density = (np.abs(series) ** 2).sum(axis=-1)
    return SpinObservables(
        electron_spin=spins[:, 0].reshape(*lead, 3),
        local_spins=spins[:, 1:].reshape(*lead, p.n_spins, 3),
        probabilities=probs.reshape(*lead, basis.dim),
        purity=purity.reshape(lead),
        schmidt=schmidt.reshape(*lead, ncol),
        norm=norm.reshape(lead),
        sz_total=(probs @ mz).reshape(lead),
        density=density.reshape(*lead, p.n_sites),
    )


@dataclass(frozen=True)
class Dynamics:
    """Result of :func:`evolve`: times ``t`` (n_t,) in fs and the observables with leading axis n_t."""

    t: np.ndarray  #: (n_t,) fs
    observables: SpinObservables
    basis: SectorBasis
    method: str
    states: np.ndarray | None = None  #: (n_t, L_x, d) if keep_states


_METHODS = ("expm", "eigh", "cn")


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
        if block.shape[0] > 6000:
            raise SpinlibInputError(
                f"method='eigh' diagonalises each sector densely; sector q = {q} has {block.shape[0]} "
                "states (> 6000): use method='cn' or 'expm'"
            )
        w, v = np.linalg.eigh(block)
        c = v.conj().T @ v0
        out[:, sel] = (np.exp(-1j * np.outer(t, w) / HBAR_EV_FS) * c) @ v.T
    return out


def evolve(
    *,
    params: ChainParams = PAPER,
    packet: PacketParams = PAPER_PACKET,
    electron_spin=(0.0, 0.0, -1.0),
    t_max: float = 600.0,
    n_t: int = 121,
    method: str = "expm",
    dt: float = 0.5,
    keep_states: bool = False,
) -> Dynamics:
    """Time evolution of the state of Eq. (4) under Eq. (3) and the observables of Figs. 3-4.

    Parameters
    ----------
    params, packet : ChainParams, PacketParams
    electron_spin : 3-vector, initial electron spin direction ((0,0,-1): Fig. 3; (1,0,0): Fig. 4)
    t_max : float, last time (fs), > 0
    n_t : int, number of equally spaced output times in [0, t_max], >= 2
    method : "expm" (``scipy.sparse.linalg.expm_multiply``, the reference: exact to its 2^-53
        tolerance), "eigh" (dense eigendecomposition per S^z sector; small sectors only) or "cn"
        (Crank-Nicolson as in the paper, one sparse LU reused, step <= ``dt``)
    dt : float, largest Crank-Nicolson step (fs), > 0 (ignored by the other methods)
    keep_states : bool, also return the states (n_t, L_x, d)

    Returns
    -------
    Dynamics

    Notes
    -----
    Crank-Nicolson as in Mondal et al. (2019) (their Ref. [30]), applied to
    :math:`\\hat H - \\langle\\hat H\\rangle_0` (a global phase); its error is second order in dt.
    """
    params = _params(params)
    t_max = float(positive("t_max", t_max))
    n_t = count("n_t", n_t, minimum=2)
    method = choice("method", method, _METHODS)
    dt = float(positive("dt", dt))
    psi0, basis = initial_state(params=params, packet=packet, electron_spin=electron_spin)
    h = _sector_h(basis.params, basis.lowerings)
    t = np.linspace(0.0, t_max, n_t)
    v0 = psi0.ravel()
    if method == "eigh":
        states = _exact_states(h, v0, t, basis)
    elif method == "expm":
        states = expm_multiply(
            (-1j / HBAR_EV_FS) * h.astype(complex), v0, start=0.0, stop=t_max, num=n_t, endpoint=True
        )
    else:
        sub = int(np.ceil((t[1] - t[0]) / dt - 1e-12))
        shift = float(np.vdot(v0, h @ v0).real)
        step = cn_propagator(h, (t[1] - t[0]) / sub, shift=shift)
        states = np.empty((n_t, v0.size), dtype=complex)
        states[0] = v = v0
        for i in range(1, n_t):
            for _ in range(sub):
                v = step(v)
            states[i] = v
        phase = np.exp(-1j * shift * t / HBAR_EV_FS)  # restore the global phase of exp(-iHt)
        states *= phase[:, None]
    states = states.reshape(n_t, params.n_sites, basis.dim)
    obs = spin_observables(states, basis)
    return Dynamics(t=t, observables=obs, basis=basis, method=method, states=states if keep_states else None)


@lru_cache(maxsize=16)
def _cached(params, packet, electron_spin, t_max, n_t, method, dt):
    return evolve(
        params=params, packet=packet, electron_spin=electron_spin, t_max=t_max, n_t=n_t, method=method, dt=dt
    )


def cached_evolve(
    *,
    params: ChainParams = PAPER,
    packet: PacketParams = PAPER_PACKET,
    electron_spin=(0.0, 0.0, -1.0),
    t_max: float = 600.0,
    n_t: int = 121,
    method: str = "expm",
    dt: float = 0.5,
) -> Dynamics:
    """:func:`evolve` (without states), computed once per parameter set and cached (for pages and widgets)."""
    params, packet = _params(params), _packet(packet)
    spin = tuple(float(x) for x in unit_vector("electron_spin", electron_spin).ravel())
    return _cached(
        params,
        packet,
        spin,
        float(positive("t_max", t_max)),
        count("n_t", n_t, minimum=2),
        choice("method", method, _METHODS),
        float(positive("dt", dt)),
    )
