"""The whole Hilbert space of Eq. (2): Eq. (3) by Kronecker products, total S^z, embedding of sector states.

Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99, 094431 (2019). An independent
construction (its own spin matrices, no sectors) of what :mod:`spinlib.manybody.chain` builds in
the S^z sectors: the reference of the tests and of the QuTiP benchmark. Energies in eV; basis
order orbital ⊗ electron ⊗ spin 1 ⊗ ... ⊗ spin N, each spin in the order m = S, S-1, ..., -S.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sps

from ..validate import SpinlibInputError
from .chain import _DEFAULT, ChainParams, _drop_negligible, _hop, _params, sector_basis

__all__ = ["MAX_FULL_DIM", "full_hamiltonian", "full_total_sz", "sector_to_full"]

#: largest dimension L_x 2 (2S+1)^N of the whole space built here
MAX_FULL_DIM = 2_000_000


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


def _full_dims(params: ChainParams) -> list:
    dims = [int(round(2 * s)) + 1 for s in params.spins]
    total = params.n_sites * float(np.prod(np.array(dims, dtype=float)))
    if total > MAX_FULL_DIM:
        raise SpinlibInputError(
            f"the whole space of {params.n_sites} sites and {params.n_spins} local spins "
            f"{params.local_spin:g} has {total:.3g} states (> {MAX_FULL_DIM}): "
            "use the sector functions (sector_hamiltonian)"
        )
    return dims


def full_hamiltonian(*, params: ChainParams = _DEFAULT) -> sps.csr_matrix:
    """Eq. (3) on the whole space of Eq. (2) by Kronecker products, as printed (eV).

    Parameters
    ----------
    params : ChainParams
        Dimension L_x 2 (2S+1)^N, at most ``MAX_FULL_DIM``.

    Returns
    -------
    scipy.sparse.csr_matrix
        Basis order orbital ⊗ electron ⊗ spin 1 ⊗ ... ⊗ spin N, each spin in the order
        m = S, S-1, ... (for spin 1/2: up, down, the spinors (1, 0) and (0, 1) of the paper).

    Notes
    -----
    Eq. (3) of Mondal et al. (2019) term by term with Pauli (or spin) matrices: an independent
    construction of :func:`sector_hamiltonian` (its own spin matrices, no sectors), used by the
    tests as the reference.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, full_hamiltonian
    >>> h = full_hamiltonian(params=ChainParams(n_sites=2, n_spins=1, first_spin=0, j_sd=0.1))
    >>> h.shape, np.round(np.linalg.eigvalsh(h.toarray())[:2], 6)
    ((8, 8), array([-1.051249, -1.051249]))
    """
    params = _params(params)
    dims = _full_dims(params)
    mats = [_spin_matrices(s) for s in params.spins]
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


def full_total_sz(*, params: ChainParams = _DEFAULT) -> sps.csr_matrix:
    """Total S^z (units of hbar) of the electron and the local spins on the whole space of Eq. (2).

    Parameters
    ----------
    params : ChainParams

    Returns
    -------
    scipy.sparse.csr_matrix
        Diagonal, in the basis order of :func:`full_hamiltonian`.

    Notes
    -----
    :math:`\\hat S^z_{tot} = \\hat s^z_e + \\sum_n \\hat S^z_n`, conserved by Eq. (3) of Mondal
    et al. (2019).

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, full_total_sz
    >>> full_total_sz(params=ChainParams(n_sites=2, n_spins=1)).diagonal().real.tolist()
    [1.0, 0.0, 0.0, -1.0, 1.0, 0.0, 0.0, -1.0]
    """
    params = _params(params)
    _full_dims(params)
    diag = np.zeros(1)
    for s in params.spins:
        diag = np.add.outer(diag, s - np.arange(int(round(2 * s)) + 1)).ravel()
    return sps.kron(sps.identity(params.n_sites), sps.diags(diag), format="csr")


def sector_to_full(state, *, params: ChainParams = _DEFAULT, lowerings=(1,)) -> np.ndarray:
    """Embed a sector state into the whole space of Eq. (2).

    Parameters
    ----------
    state : array_like, shape (L_x, d) or (L_x d,)
        Amplitudes in the basis of ``sector_basis(params=params, lowerings=lowerings)``; finite.
    params : ChainParams
    lowerings : sequence of int

    Returns
    -------
    ndarray, shape (L_x 2 (2S+1)^N,), complex
        In the basis order of :func:`full_hamiltonian`.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, sector_to_full
    >>> p = ChainParams(n_sites=2, n_spins=1)
    >>> v = sector_to_full(np.array([[0.0, 1.0], [0.0, 0.0]]), params=p, lowerings=(1,))
    >>> np.nonzero(v)[0].tolist()  # site 0, |down; up> = index 0*4 + 1*2 + 0
    [2]
    """
    basis = sector_basis(params=params, lowerings=lowerings)
    p = basis.params
    dims = _full_dims(p)
    psi = np.asarray(state)
    if psi.size != p.n_sites * basis.dim or not np.issubdtype(psi.dtype, np.number):
        raise SpinlibInputError(
            f"state must have shape ({p.n_sites}, {basis.dim}) or ({p.n_sites * basis.dim},); "
            f"got shape {psi.shape}"
        )
    psi = psi.astype(complex).reshape(p.n_sites, basis.dim)
    if not np.all(np.isfinite(psi)):
        raise SpinlibInputError("state must be finite; got NaN or inf amplitudes")
    flat = np.ravel_multi_index(basis.configs.T, dims)
    out = np.zeros((p.n_sites, int(np.prod(dims))), dtype=complex)
    out[:, flat] = psi
    return out.ravel()
