"""Reduced density matrices, purity, Schmidt coefficients and spin observables, Eqs. (5)-(8).

Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99, 094431 (2019). A state of a sector
basis is an array ``psi[i, a]`` (orbital i = 0..L_x-1, spin configuration a of
``basis.configs``), or a series ``(..., L_x, d)``. Every function here accepts such a batch and
returns arrays with the batch shape leading. Spin vectors are in units of hbar/2.

Density matrices are :math:`\\rho_{ab} = \\sum \\psi_a\\psi_b^*` (row = ket, column = bra), so
:math:`\\langle O\\rangle = \\mathrm{Tr}(\\rho O) = \\sum_{ab}\\rho_{ab}O_{ba}`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..validate import SpinlibInputError, count, instance
from .chain import SectorBasis, _operator

__all__ = [
    "MAX_AMPLITUDES",
    "SpinObservables",
    "reduced_spins",
    "reduced_local_spins",
    "reduced_electron",
    "single_spin_density",
    "spin_observables",
]


#: largest number of amplitudes (a state or a series) and of density-matrix elements handled at once
MAX_AMPLITUDES = 10_000_000


def _series(state, basis, *, matrix_dim=None) -> np.ndarray:
    """Validated state(s) of ``basis`` as an array (..., L_x, d); refuse sizes beyond MAX_AMPLITUDES.

    ``matrix_dim`` is the side of the density matrix returned per state (default d).
    """
    basis = instance("basis", basis, SectorBasis)
    p = basis.params
    psi = np.asarray(state)
    if psi.ndim >= 2 and psi.shape[-2:] == (p.n_sites, basis.dim):
        n_states = psi.size // max(p.n_sites * basis.dim, 1)
        side = basis.dim if matrix_dim is None else matrix_dim
        if psi.size > MAX_AMPLITUDES or n_states * side**2 > MAX_AMPLITUDES:
            raise SpinlibInputError(
                f"state of shape {psi.shape} ({psi.size} amplitudes, density matrices {side} x {side} "
                f"each) exceeds MAX_AMPLITUDES = {MAX_AMPLITUDES}: pass fewer states"
            )
    if psi.ndim < 2 or psi.shape[-2:] != (p.n_sites, basis.dim) or not np.issubdtype(psi.dtype, np.number):
        raise SpinlibInputError(
            f"state must have shape (..., {p.n_sites}, {basis.dim}); got shape {psi.shape}"
        )
    if not np.all(np.isfinite(psi)):
        raise SpinlibInputError("state must be finite; got NaN or inf amplitudes")
    return psi


@lru_cache(maxsize=64)
def _local_columns(basis: SectorBasis):
    """Map each configuration to (electron lowering, column of its local-spin configuration)."""
    locals_ = [tuple(int(x) for x in c[1:]) for c in basis.configs]
    keys = sorted(set(locals_))
    col = {k: i for i, k in enumerate(keys)}
    return basis.configs[:, 0].astype(int), np.array([col[k] for k in locals_]), len(keys)


def _bipartite(psi: np.ndarray, basis: SectorBasis) -> np.ndarray:
    """The state as a matrix electron (orbital i, spin s; row 2 i + s) x local-spin configuration."""
    e, col, ncol = _local_columns(basis)
    lead = psi.shape[:-2]
    m = np.zeros((*lead, basis.params.n_sites, 2, ncol), dtype=complex)
    m[..., e, col] = psi
    return m.reshape(*lead, -1, ncol)


def reduced_spins(state, basis: SectorBasis) -> np.ndarray:
    """Reduced density matrix of electron spin + local spins (orbital traced), Eq. (5).

    Parameters
    ----------
    state : array_like, shape (..., L_x, d)
    basis : SectorBasis

    Returns
    -------
    ndarray, shape (..., d, d), over ``basis.configs``
        :math:`\\rho_{ab} = \\sum_i \\psi_{ia}\\psi_{ib}^*`; its diagonal is Eq. (8).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, PacketParams, initial_state, reduced_spins
    >>> p, pk = ChainParams(n_sites=8, n_spins=1), PacketParams(center=2.0)
    >>> psi, basis = initial_state(params=p, packet=pk, electron_spin=(1, 0, 0))
    >>> np.round(reduced_spins(psi, basis).real, 6)  # configurations (0,0), (0,1), (1,0)
    array([[0.5, 0. , 0.5],
           [0. , 0. , 0. ],
           [0.5, 0. , 0.5]])
    """
    psi = _series(state, basis)
    return np.einsum("...ia,...ib->...ab", psi, psi.conj())


def reduced_local_spins(state, basis: SectorBasis) -> np.ndarray:
    """Reduced density matrix of all local spins, Eq. (5) tracing orbital and electron spin.

    Parameters
    ----------
    state : array_like, shape (..., L_x, d)
    basis : SectorBasis

    Returns
    -------
    ndarray, shape (..., k, k)
        Over the k distinct local-spin configurations of ``basis`` (others have zero weight),
        sorted lexicographically.

    Notes
    -----
    Its purity is Eq. (7) of Mondal et al. (2019); its eigenvalues are the squared Schmidt
    coefficients of the cut electron | local spins.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, PacketParams, initial_state, reduced_local_spins
    >>> psi, basis = initial_state(params=ChainParams(n_sites=8, n_spins=2), packet=PacketParams(center=2.0))
    >>> np.round(reduced_local_spins(psi, basis).real, 6)  # local spins all up: a pure state
    array([[1., 0., 0.],
           [0., 0., 0.],
           [0., 0., 0.]])
    """
    psi = _series(state, basis)
    m = _bipartite(psi, basis)
    return np.einsum("...ra,...rb->...ab", m, m.conj())


def reduced_electron(state, basis: SectorBasis) -> np.ndarray:
    """Reduced density matrix of the electron, orbital ⊗ spin, Eq. (5) tracing the local spins.

    Parameters
    ----------
    state : array_like, shape (..., L_x, d)
    basis : SectorBasis

    Returns
    -------
    ndarray, shape (..., 2 L_x, 2 L_x)
        Row and column ``2 i + s`` (site i, electron lowering s: 0 up, 1 down).

    Notes
    -----
    Same purity (Eq. (7) of Mondal et al. (2019)) as :func:`reduced_local_spins`, the other
    side of the bipartition.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, PacketParams, initial_state, reduced_electron
    >>> p, pk = ChainParams(n_sites=8, n_spins=1), PacketParams(center=2.0)
    >>> psi, basis = initial_state(params=p, packet=pk, electron_spin=(0, 1, 0))
    >>> rho = reduced_electron(psi, basis)
    >>> spin = rho.reshape(8, 2, 8, 2).trace(axis1=0, axis2=2)  # trace the orbital
    >>> round(float(np.trace(spin @ np.array([[0, -1j], [1j, 0]])).real), 6)  # <sigma_y>
    1.0
    """
    side = 2 * basis.params.n_sites if isinstance(basis, SectorBasis) else None
    psi = _series(state, basis, matrix_dim=side)
    m = _bipartite(psi, basis)
    return np.einsum("...ra,...sa->...rs", m, m.conj())


def single_spin_density(state, basis: SectorBasis, which: int) -> np.ndarray:
    """Reduced density matrix of one spin, Eq. (6).

    Parameters
    ----------
    state : array_like, shape (..., L_x, d)
    basis : SectorBasis
    which : int
        0 is the electron spin, 1..N the local spins.

    Returns
    -------
    ndarray, shape (..., 2S+1, 2S+1)
        Rows and columns ordered by lowering number (m = S, S-1, ...).

    Notes
    -----
    For a spin 1/2 this is :math:`\\tfrac12(1 + \\mathbf S\\cdot\\boldsymbol\\sigma)`, Eq. (6) of
    Mondal et al. (2019), with the Bloch vector of :func:`spin_observables`.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, PacketParams, initial_state, single_spin_density
    >>> p, pk = ChainParams(n_sites=8, n_spins=1), PacketParams(center=2.0)
    >>> psi, basis = initial_state(params=p, packet=pk, electron_spin=(1, 0, 0))
    >>> np.round(single_spin_density(psi, basis, 0).real, 6)
    array([[0.5, 0.5],
           [0.5, 0.5]])
    """
    rho = reduced_spins(state, basis)
    n = count("which", which, minimum=0, maximum=basis.params.n_spins)
    l = basis.configs[:, n]
    dim = int(round(2 * basis.params.spins[n])) + 1
    others = np.delete(basis.configs, n, axis=1)
    out = np.zeros((*rho.shape[:-2], dim, dim), dtype=complex)
    same = (others[:, None, :] == others[None, :, :]).all(axis=-1)
    a_idx, b_idx = np.nonzero(same)
    view = np.moveaxis(out, (-2, -1), (0, 1))  # (dim, dim, ...) view of out
    np.add.at(view, (l[a_idx], l[b_idx]), np.moveaxis(rho[..., a_idx, b_idx], -1, 0))
    return out


@dataclass(frozen=True)
class SpinObservables:
    """Spin observables of one state (or of a series: leading axes as the state's).

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


def spin_observables(state, basis: SectorBasis) -> SpinObservables:
    """Observables of Figs. 3-6 for a state ``(L_x, d)`` or a series ``(..., L_x, d)`` in ``basis``.

    Parameters
    ----------
    state : array_like, shape (..., L_x, d)
    basis : SectorBasis

    Returns
    -------
    SpinObservables
        Spin vectors :math:`\\langle 2\\hat S^a\\rangle/\\hbar`, probabilities (Eq. (8)), purity
        (Eq. (7)), Schmidt coefficients, norm, total :math:`\\langle S^z\\rangle/\\hbar` and density.

    Notes
    -----
    Eqs. (5)-(8) of Mondal et al. (2019), all from :func:`reduced_spins` and
    :func:`reduced_local_spins`: :math:`\\langle O\\rangle = \\mathrm{Tr}(\\rho O)`.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, PacketParams, initial_state, spin_observables
    >>> p, pk = ChainParams(n_sites=8, n_spins=2), PacketParams(center=2.0)
    >>> psi, basis = initial_state(params=p, packet=pk, electron_spin=(1, 0, 0))
    >>> o = spin_observables(psi, basis)
    >>> np.round(o.electron_spin, 6), round(float(o.sz_total), 6), round(float(o.purity), 6)
    (array([1., 0., 0.]), 1.0, 1.0)
    """
    psi = _series(state, basis)
    p = basis.params
    lead = psi.shape[:-2]
    series = psi.reshape(-1, p.n_sites, basis.dim)
    rho = reduced_spins(series, basis)
    # <O> = Tr(rho O) = sum_ab rho_ab O_ba; 2 S^a in units of hbar/2
    spins = np.empty((len(series), p.n_spins + 1, 3))
    for k in range(p.n_spins + 1):
        for a, comp in enumerate("xyz"):
            o = _operator(basis, k, comp).toarray()
            spins[:, k, a] = 2 * np.einsum("tab,ba->t", rho, o).real
    rho_local = reduced_local_spins(series, basis)
    schmidt = np.clip(np.linalg.eigvalsh(rho_local)[:, ::-1], 0.0, None)
    purity = np.einsum("tab,tba->t", rho_local, rho_local).real
    probs = np.einsum("taa->ta", rho).real
    norm = probs.sum(axis=-1)
    mz = (np.array(p.spins)[None, :] - basis.configs).sum(axis=1)  # total m of each configuration
    density = (np.abs(series) ** 2).sum(axis=-1)
    ncol = rho_local.shape[-1]
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
