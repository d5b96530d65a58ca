r"""The many-body model of Eq. (3): parameters, sector bases, spin operators and Hamiltonians.

Numerics of the model of Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99,
094431 (2019) ("Mondal et al. (2019)" below): a single electron hops on an open
tight-binding chain of ``n_sites`` sites and, on ``n_spins`` consecutive sites, interacts by
s-d exchange with quantum local spins that form an open XXZ Heisenberg chain, Eq. (3).
Spectra are in :mod:`spinlib.manybody.spectra`, the initial state and the time evolution in
:mod:`spinlib.manybody.dynamics`, reduced density matrices in :mod:`spinlib.manybody.density`.

**Units and conventions.**

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
  ``q = 0`` plus ``q = 1`` (electron along :math:`+x`). Everything works in these sectors;
  :mod:`spinlib.manybody.fullspace` builds the whole space independently (for the tests).
* Spin expectation values are returned in units of :math:`\hbar/2` (the paper's Figs. 3-6):
  :math:`\langle 2\hat S^a\rangle/\hbar`, whatever the Hamiltonian convention.

The defaults of :class:`ChainParams` are the values printed below Eq. (3) (the preset
``spinlib.manybody.studies.PAPER``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import scipy.sparse as sps

from .. import units
from ..validate import (
    SpinlibInputError,
    check_fields,
    choice,
    count,
    finite,
    instance,
    positive,
    scalar,
    show,
)

__all__ = [
    "HBAR_EV_FS",
    "MAX_SECTOR_DIM",
    "MAX_SECTOR_STATES",
    "MAX_SPINS",
    "ChainParams",
    "SectorBasis",
    "sector_basis",
    "spin_operator",
    "xxz_hamiltonian",
    "sector_hamiltonian",
]

#: hbar in eV fs (from scipy.constants through spinlib.units)
HBAR_EV_FS = units.HBAR / units.E * 1e15
#: largest number of spin configurations a sector basis may hold (memory and time cap)
MAX_SECTOR_DIM = 200_000
#: largest dimension L_x d of a sector Hamiltonian (sparse; memory and time cap)
MAX_SECTOR_STATES = 10_000_000


def _one(check):
    """A field check that also refuses arrays (a parameter is one number)."""
    return lambda name, value: np.asarray(scalar(name, value, check))


def _spin_value(name, value):
    s = scalar(name, value, positive)
    if abs(2 * s - round(2 * s)) > 1e-12:
        raise SpinlibInputError(f"{name} must be a positive half-integer (0.5, 1, 1.5, ...); got {value!r}")
    return np.asarray(round(2 * s) / 2)


@dataclass(frozen=True, kw_only=True)
class ChainParams:
    """The many-body system of Eq. (3) of Mondal et al. (2019); frozen, keyword-only, validated.

    ``first_spin = None`` puts the local spins in the middle of the chain,
    ``(n_sites - n_spins) // 2`` (0-based). Energies in eV. The defaults are the values printed
    below Eq. (3) (L_x = 400, N = 5, gamma = 1 eV, J_sd = J = 0.1 eV, J_z = 0.1005 eV).

    Examples
    --------
    >>> from spinlib.manybody import ChainParams
    >>> p = ChainParams(n_sites=10, n_spins=3)
    >>> p.first_spin, p.spin_sites.tolist(), p.operator_scale
    (3, [3, 4, 5], 2.0)
    """

    n_sites: int = 400  #: L_x, sites of the tight-binding chain; >= 2
    n_spins: int = 5  #: N, local spins on consecutive sites; 1 <= N <= n_sites
    first_spin: int | None = None  #: 0-based site of local spin 1; default: middle of the chain
    hopping: float = 1.0  #: gamma, nearest-neighbour hopping (eV); > 0
    j_sd: float = 0.1  #: ``J_sd``, s-d exchange (eV); finite (``|J| < 1e-250`` eV acts as 0)
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
        check_fields(
            self,
            hopping=_one(positive),
            j_sd=_one(finite),
            j_xy=_one(finite),
            j_z=_one(finite),
            local_spin=_one(_spin_value),
        )
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

    @property
    def q_max(self) -> int:
        """Largest total lowering number, 2 S_tot (electron and local spins)."""
        return 1 + int(round(2 * self.local_spin)) * self.n_spins


_DEFAULT = ChainParams()


def _params(params) -> ChainParams:
    return instance("params", params, ChainParams)


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


def _composition_counts(caps: tuple, total: int) -> np.ndarray:
    """Numbers of the tuples of :func:`_compositions` for every sum 0..total, without enumerating them.

    Dynamic programming over the spins with prefix sums, O(len(caps) * total), in floating point
    (exact below 2^53; only compared with size limits).
    """
    ways = np.zeros(total + 1)
    ways[0] = 1.0
    for cap in caps:
        c = np.cumsum(ways)
        ways = c.copy()
        ways[cap + 1 :] -= c[: max(total - cap, 0)]
    return ways


def _n_compositions(caps: tuple, total: int) -> float:
    """Number of the tuples of :func:`_compositions` with sum ``total``."""
    return float(_composition_counts(caps, total)[total])


@dataclass(frozen=True)
class SectorBasis:
    """Spin configurations (lowering numbers, electron first) of the sectors ``lowerings``.

    ``configs`` has shape (d, N + 1); ``index`` maps a configuration tuple to its row.
    Made by :func:`sector_basis`.
    """

    params: ChainParams
    lowerings: tuple
    configs: np.ndarray = field(repr=False, compare=False)
    index: dict = field(repr=False, compare=False)

    @property
    def dim(self) -> int:
        """Number of spin configurations d."""
        return len(self.configs)


#: largest number of local spins a sector basis holds (configurations have N + 1 entries)
MAX_SPINS = 10_000


@lru_cache(maxsize=64)
def _basis(params: ChainParams, lowerings: tuple) -> SectorBasis:
    if params.n_spins > MAX_SPINS:
        raise SpinlibInputError(
            f"n_spins = {params.n_spins} local spins exceed MAX_SPINS = {MAX_SPINS} for a sector basis"
        )
    caps = tuple(int(round(2 * s)) for s in params.spins)
    ways = _composition_counts(caps, max(lowerings))
    dim = float(sum(ways[q] for q in lowerings))
    if dim > MAX_SECTOR_DIM:
        raise SpinlibInputError(
            f"lowerings {lowerings!r} of {params.n_spins} local spins {params.local_spin:g} hold "
            f"{dim:.3g} spin configurations (> MAX_SECTOR_DIM = {MAX_SECTOR_DIM}): "
            "use fewer spins or smaller q"
        )
    configs = [c for q in lowerings for c in _compositions(caps, q)]
    arr = np.array(configs, dtype=np.int64).reshape(len(configs), len(caps))
    return SectorBasis(params, lowerings, arr, {c: i for i, c in enumerate(configs)})


def sector_basis(*, params: ChainParams = _DEFAULT, lowerings=(1,)) -> SectorBasis:
    """Basis of the spin configurations with total lowering number in ``lowerings``.

    Parameters
    ----------
    params : ChainParams
        The chain (default: the values of Eq. (3)).
    lowerings : sequence of int
        Total lowering numbers q (0: all spins up; 1: one quantum of S^z lowered, ...), each in
        [0, 2 S_tot]. ``(1,)`` is the sector of the collinear case, ``(0, 1)`` the non-collinear one.

    Returns
    -------
    SectorBasis
        Configurations ``(l_e, l_1, ..., l_N)`` sector by sector, each sector in lexicographic order.

    Notes
    -----
    Total S^z is conserved by Eq. (3) of Mondal et al. (2019) (see their discussion below Eq. (8)),
    so every sector is invariant. A spin S has lowering numbers 0..2S; the q = 1 sector of N spins
    has N + 1 configurations, the q sector of N + 1 spins 1/2 has C(N + 1, q).

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, sector_basis
    >>> b = sector_basis(params=ChainParams(n_sites=4, n_spins=2), lowerings=(1,))
    >>> b.dim, b.configs.tolist()
    (3, [[0, 0, 1], [0, 1, 0], [1, 0, 0]])
    """
    params = _params(params)
    try:
        n_listed = None if isinstance(lowerings, (str, bytes, dict, set)) else len(lowerings)
    except TypeError:  # a 0-d array, a generator, a number
        n_listed = None
    if n_listed is None:
        raise SpinlibInputError(f"lowerings must be a sequence of integers; got {show(lowerings)}")
    if n_listed > MAX_SECTOR_DIM:  # every sector holds at least one configuration
        raise SpinlibInputError(
            f"lowerings lists {n_listed} sectors, each with at least one configuration "
            f"(> MAX_SECTOR_DIM = {MAX_SECTOR_DIM}): ask for fewer sectors"
        )
    qs = tuple(sorted({count("lowerings", q, minimum=0, maximum=params.q_max) for q in lowerings}))
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


def spin_operator(*, params: ChainParams = _DEFAULT, lowerings=(1,), which: int = 0, component: str = "z"):
    """The spin operator S^a (units of hbar) of spin ``which`` in a sector basis.

    Parameters
    ----------
    params : ChainParams
    lowerings : sequence of int
        Sectors of the basis (see :func:`sector_basis`).
    which : int
        0 is the electron, 1..N the local spins.
    component : {"x", "y", "z", "+", "-"}

    Returns
    -------
    scipy.sparse.csr_matrix, shape (d, d)
        Matrix elements connecting to configurations outside the basis are dropped (exact for
        expectation values of states in it).

    Notes
    -----
    Ladder operators :math:`S^+|S, m\\rangle = \\hbar\\sqrt{S(S+1) - m(m+1)}|S, m+1\\rangle`,
    :math:`S^x = (S^+ + S^-)/2`, :math:`S^y = (S^+ - S^-)/2i`.

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, spin_operator
    >>> sx = spin_operator(params=ChainParams(n_sites=2, n_spins=1), lowerings=(0, 1), which=0, component="x")
    >>> sx.toarray().real.tolist()  # configurations (0,0), (0,1), (1,0): electron flip (0,0) <-> (1,0)
    [[0.0, 0.0, 0.5], [0.0, 0.0, 0.0], [0.5, 0.0, 0.0]]
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


def _chain_block(params: ChainParams, q: int) -> np.ndarray:
    """Dense XXZ chain of the local spins alone in the sector q (electron up, each level once)."""
    basis = sector_basis(params=params, lowerings=(q,))
    keep = np.nonzero(basis.configs[:, 0] == 0)[0]
    return _xxz(basis)[keep][:, keep].toarray()


def xxz_hamiltonian(*, params: ChainParams = _DEFAULT, lowerings=None):
    """The open XXZ chain, third term of Eq. (3), in a sector basis (all sectors if None), in eV.

    Parameters
    ----------
    params : ChainParams
    lowerings : sequence of int or None
        Sectors of the basis; None: every sector 0..2 S_tot.

    Returns
    -------
    scipy.sparse.csr_matrix, shape (d, d)
        The electron spin is part of the basis but does not enter; each level therefore appears
        twice (electron up and down).

    Notes
    -----
    Third term of Eq. (3) of Mondal et al. (2019):
    :math:`-\\sum_n [J(\\hat S^x_n\\hat S^x_{n+1} + \\hat S^y_n\\hat S^y_{n+1})
    + J_z\\hat S^z_n\\hat S^z_{n+1}]` with the operators of ``params.convention``.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, xxz_hamiltonian
    >>> h = xxz_hamiltonian(params=ChainParams(n_sites=2, n_spins=2, j_z=0.1), lowerings=(0,))
    >>> np.round(h.toarray().real, 6)  # |up; up up>: -J_z sigma^z sigma^z
    array([[-0.1]])
    """
    params = _params(params)
    if lowerings is None:
        states = float(2 * params.local_spin + 1) ** params.n_spins * 2
        if states > MAX_SECTOR_DIM:
            raise SpinlibInputError(
                f"all sectors of n_spins = {params.n_spins} spins {params.local_spin:g} and the electron "
                f"hold {states:.3g} configurations (> MAX_SECTOR_DIM = {MAX_SECTOR_DIM}): pass lowerings"
            )
        lowerings = range(params.q_max + 1)
    return _xxz(sector_basis(params=params, lowerings=lowerings))


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
    if n * d > MAX_SECTOR_STATES:
        raise SpinlibInputError(
            f"the sector Hamiltonian of n_sites = {n} and {d} spin configurations has {n * d} states "
            f"(> MAX_SECTOR_STATES = {MAX_SECTOR_STATES}): use a shorter chain or fewer sectors"
        )
    c2 = params.operator_scale**2
    h = sps.kron(_hop(params), sps.identity(d), format="csr") + sps.kron(
        sps.identity(n), _xxz(basis), format="csr"
    )
    for k, site in enumerate(params.spin_sites):
        proj = sps.csr_matrix(([1.0], ([site], [site])), shape=(n, n))
        h = h + sps.kron(proj, -params.j_sd * c2 * _dot(basis, 0, k + 1), format="csr")
    return _drop_negligible(h)


#: matrix elements below this (eV) are physically zero (a time scale hbar / 1e-150 eV ~ 1e135 s); kept,
#: their products in ``expm_multiply``'s norm estimates (a coupling met twice on a path) are subnormal
#: and overflow its sign estimates
_NEGLIGIBLE = 1e-150
#: and so are elements this much smaller than the largest one: they change no sum in double precision
_RELATIVE_NEGLIGIBLE = 1e-30


def _drop_negligible(h) -> sps.csr_matrix:
    """Remove entries of magnitude below 1e-150 eV or 1e-30 of the largest entry: an absolute change
    of the propagated state far below its round-off (2^-53), so the propagators stay exact."""
    h = sps.csr_matrix(h)
    big = np.abs(h.data).max(initial=0.0)
    h.data[np.abs(h.data) < max(_NEGLIGIBLE, _RELATIVE_NEGLIGIBLE * big)] = 0.0
    h.eliminate_zeros()
    return h


def sector_hamiltonian(*, params: ChainParams = _DEFAULT, lowerings=(1,)) -> sps.csr_matrix:
    """Eq. (3) restricted to the sectors ``lowerings`` (eV), sparse, shape (L_x d, L_x d).

    Parameters
    ----------
    params : ChainParams
    lowerings : sequence of int
        Sectors (see :func:`sector_basis`).

    Returns
    -------
    scipy.sparse.csr_matrix, shape (L_x d, L_x d), eV
        Row index ``site * d + config`` (orbital-major).

    Notes
    -----
    Eq. (3) of Mondal et al. (2019), hopping + s-d exchange + XXZ chain, built from the
    ladder-operator form
    :math:`\\hat{\\mathbf S}_a\\cdot\\hat{\\mathbf S}_b = S^z_aS^z_b + (S^+_aS^-_b + S^-_aS^+_b)/2`.
    This is the Hamiltonian every evolution and spectrum of the package uses.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, sector_hamiltonian
    >>> p = ChainParams(n_sites=2, n_spins=1, first_spin=0, j_sd=0.1)
    >>> h = sector_hamiltonian(params=p, lowerings=(1,)).toarray()
    >>> np.round(np.linalg.eigvalsh(h[:2, :2]), 6)  # s-d block of site 0: triplet -J_sd, singlet 3 J_sd
    array([-0.1,  0.3])
    """
    basis = sector_basis(params=params, lowerings=lowerings)
    return _sector_h(basis.params, basis.lowerings)
