"""Spectra of Eq. (3) and of the isolated XXZ chain, sector by sector (Fig. 2 of Mondal et al. 2019).

Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99, 094431 (2019). Energies in eV.
Eq. (3) is invariant under the rotation by pi about x of every spin (S^y, S^z -> -S^y, -S^z),
which maps the sector of total lowering q onto q_max - q: :func:`sector_levels` diagonalises
only q <= q_max / 2 and mirrors the rest (checked directly in the tests).
"""

from __future__ import annotations

import numpy as np
import scipy.linalg as sla
from scipy.sparse.linalg import ArpackNoConvergence, eigsh

from ..validate import SpinlibInputError, choice, count
from .chain import (
    _DEFAULT,
    ChainParams,
    _chain_block,
    _n_compositions,
    _params,
    _sector_h,
    sector_basis,
)

__all__ = [
    "MAX_BAND_ELEMENTS",
    "MAX_DENSE_DIM",
    "MAX_SPECTRUM_STATES",
    "xxz_spectrum",
    "lowest_levels",
    "sector_levels",
    "ground_multiplet",
]

#: largest sector diagonalised densely, and largest whole XXZ chain (2S+1)^N diagonalised
MAX_DENSE_DIM = 5000
#: largest band storage (half-bandwidth + 1) x states of a sector diagonalised by lowest_levels
MAX_BAND_ELEMENTS = 50_000_000
#: largest number of states L_x d summed over the sectors that sector_levels diagonalises
MAX_SPECTRUM_STATES = 500_000


def _chain_q_max(params: ChainParams) -> int:
    return int(round(2 * params.local_spin * params.n_spins))


def _check_chain(params: ChainParams) -> None:
    """Refuse, before any work, an XXZ chain too large to diagonalise sector by sector densely."""
    q_max = _chain_q_max(params)
    total = float(2 * params.local_spin + 1) ** params.n_spins  # (2S+1)^N states in q_max + 1 sectors
    # the middle sector is the largest: at least the average, counted only when that is small
    biggest = total / (q_max + 1)
    if biggest <= MAX_DENSE_DIM:
        biggest = _n_compositions((int(round(2 * params.local_spin)),) * params.n_spins, q_max // 2)
    if biggest > MAX_DENSE_DIM:
        raise SpinlibInputError(
            f"the XXZ chain of n_spins = {params.n_spins} spins {params.local_spin:g} has {biggest:.3g} "
            f"states in its largest sector (> MAX_DENSE_DIM = {MAX_DENSE_DIM}, diagonalised densely)"
        )


def _chain_levels(params: ChainParams, q: int) -> np.ndarray:
    """All levels of the isolated XXZ chain in the sector of q lowered local spins (dense)."""
    return np.linalg.eigvalsh(_chain_block(params, q))


def xxz_spectrum(*, params: ChainParams = _DEFAULT) -> np.ndarray:
    """All eigenvalues of the isolated open XXZ chain of the N local spins (Fig. 2(a)).

    Parameters
    ----------
    params : ChainParams
        Only the local spins and J, J_z enter; every sector of the chain must hold at most
        ``MAX_DENSE_DIM`` states.

    Returns
    -------
    ndarray, shape ((2S+1)^N,), eV, ascending
        The electron spin is removed (each level counted once).

    Notes
    -----
    Third term of Eq. (3) of Mondal et al. (2019), diagonalised densely in each sector of total
    S^z of the chain.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, xxz_spectrum
    >>> np.round(xxz_spectrum(params=ChainParams(n_sites=2, n_spins=2, j_xy=0.1, j_z=0.1)), 6)
    array([-0.1, -0.1, -0.1,  0.3])
    """
    params = _params(params)
    _check_chain(params)
    levels = [_chain_levels(params, q) for q in range(_chain_q_max(params) + 1)]
    return np.sort(np.concatenate(levels))


def lowest_levels(*, params: ChainParams = _DEFAULT, lowering: int = 0, n_levels: int = 6) -> np.ndarray:
    """The ``n_levels`` lowest eigenvalues of Eq. (3) in the sector of total lowering q.

    Parameters
    ----------
    params : ChainParams
    lowering : int
        The sector q, in [0, 2 S_tot].
    n_levels : int
        How many levels, in [1, L_x d].

    Returns
    -------
    ndarray, shape (n_levels,), eV, ascending

    Notes
    -----
    Eq. (3) of Mondal et al. (2019) from :func:`~spinlib.manybody.sector_hamiltonian`. Dense
    diagonalisation for sectors up to 3000 states; above, shift-invert Lanczos (``eigsh``) below a
    Gershgorin bound, and where it does not converge (long chains, whose levels near the band
    bottom are spaced by ~(pi/L_x)^2 gamma) LAPACK's banded eigensolver (the orbital-major
    sector Hamiltonian has half-bandwidth d).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, lowest_levels
    >>> p = ChainParams(n_sites=2, n_spins=1, first_spin=0)
    >>> np.round(lowest_levels(params=p, lowering=0, n_levels=2), 6)
    array([-1.051249,  0.951249])
    """
    params = _params(params)
    q = count("lowering", lowering, minimum=0, maximum=params.q_max)
    basis = sector_basis(params=params, lowerings=(q,))
    n_states = params.n_sites * basis.dim
    k = count("n_levels", n_levels, minimum=1, maximum=n_states)
    dense = n_states <= 3000 or k >= n_states - 1
    if dense and n_states > 3 * MAX_DENSE_DIM:
        raise SpinlibInputError(
            f"n_levels = {k} of a sector of {n_states} states needs a dense diagonalisation "
            f"(> {3 * MAX_DENSE_DIM} states): ask for fewer levels"
        )
    h = _sector_h(params, basis.lowerings)
    if dense:
        return sla.eigvalsh(h.toarray(), subset_by_index=(0, k - 1))
    bottom = -2.0 * params.hopping - 2.0 * params.operator_scale**2 * (  # below every level (Gershgorin)
        abs(params.j_sd) * params.n_spins * (1 + params.local_spin)
        + (abs(params.j_xy) + abs(params.j_z)) * params.n_spins * params.local_spin * (params.local_spin + 1)
    )
    try:  # shift-invert Lanczos: fast when the lowest levels are not crowded
        vals = eigsh(h, k=k, sigma=bottom, which="LM", return_eigenvectors=False, tol=1e-13, maxiter=2000)
        return np.sort(vals)
    except ArpackNoConvergence:
        pass
    # long chains crowd the band bottom (spacing ~(pi/L_x)^2 gamma) and Lanczos stalls. Rows are
    # orbital-major (site * d + config): hopping reaches d rows away, the rest stays in a site block,
    # so H is banded with half-bandwidth d and LAPACK's banded solver is exact at O(L_x d^3)
    coo = h.tocoo()
    width = int(np.abs(coo.row - coo.col).max()) if coo.nnz else 0
    if (width + 1) * n_states > MAX_BAND_ELEMENTS:
        raise SpinlibInputError(
            f"the sector q = {q} of {n_states} states has half-bandwidth {width}: {(width + 1) * n_states} "
            f"band elements (> MAX_BAND_ELEMENTS = {MAX_BAND_ELEMENTS}): use a shorter chain or fewer spins"
        )
    band = np.zeros((width + 1, n_states), dtype=h.dtype)
    upper = coo.row <= coo.col
    band[width + coo.row[upper] - coo.col[upper], coo.col[upper]] = coo.data[upper]
    return sla.eig_banded(band, eigvals_only=True, select="i", select_range=(0, k - 1))


def sector_levels(*, params: ChainParams = _DEFAULT, n_levels: int = 12) -> dict:
    """The lowest ``n_levels`` of Eq. (3) in every sector q = 0 .. 2 S_tot (Fig. 2(b)).

    Parameters
    ----------
    params : ChainParams
    n_levels : int
        Levels per sector, >= 1 (capped by the sector's dimension).

    Returns
    -------
    dict
        q -> ndarray of the lowest levels (eV, ascending).

    Notes
    -----
    Sectors q and q_max - q have the same levels: Eq. (3) of Mondal et al. (2019) is invariant
    under the rotation by pi about x of all spins, so only q <= q_max / 2 are diagonalised
    (:func:`lowest_levels`).

    Examples
    --------
    >>> from spinlib.manybody import ChainParams, sector_levels
    >>> levels = sector_levels(params=ChainParams(n_sites=3, n_spins=1), n_levels=1)
    >>> sorted(levels), bool(levels[0][0] == levels[2][0])
    ([0, 1, 2], True)
    """
    params = _params(params)
    n_levels = count("n_levels", n_levels, minimum=1)
    q_max = params.q_max
    # sectors q <= q_max / 2 hold at least half of the L_x 2 (2S+1)^N states (q <-> q_max - q)
    states = params.n_sites * float(2 * params.local_spin + 1) ** params.n_spins
    if states > MAX_SPECTRUM_STATES:
        raise SpinlibInputError(
            f"the sectors q <= {q_max // 2} of n_sites = {params.n_sites} and n_spins = {params.n_spins} "
            f"(spin {params.local_spin:g}) hold at least {states:.3g} states (> MAX_SPECTRUM_STATES = "
            f"{MAX_SPECTRUM_STATES}): use a shorter chain or fewer spins, or lowest_levels for one sector"
        )
    half = {
        q: lowest_levels(
            params=params,
            lowering=q,
            n_levels=min(n_levels, params.n_sites * sector_basis(params=params, lowerings=(q,)).dim),
        )
        for q in range(q_max // 2 + 1)
    }
    return {q: half[min(q, q_max - q)] for q in range(q_max + 1)}


def ground_multiplet(*, params: ChainParams = _DEFAULT, xxz_only: bool = False) -> np.ndarray:
    """Lowest energy of every sector: the members of the ground multiplet.

    Parameters
    ----------
    params : ChainParams
    xxz_only : bool
        False: Eq. (3), sectors q = 0 .. 2 S_tot (N + 2 of them for spins 1/2); True: the isolated
        XXZ chain, sectors 0 .. 2 N S (N + 1).

    Returns
    -------
    ndarray, eV, one value per sector in the order of q

    Notes
    -----
    For spins 1/2 with a ferromagnetic exchange the ground state of the whole system (or of the
    isolated chain) is a multiplet of total spin (N+1)/2 (resp. N/2), exactly degenerate at
    J_z = J and split by J_z != J: the seven (six) states of Fig. 2 of Mondal et al. (2019).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.manybody import ChainParams, ground_multiplet
    >>> np.round(ground_multiplet(params=ChainParams(n_sites=2, n_spins=2, j_z=0.1), xxz_only=True), 6)
    array([-0.1, -0.1, -0.1])
    """
    params = _params(params)
    if choice("xxz_only", xxz_only, (False, True)):
        _check_chain(params)
        return np.array([_chain_levels(params, q)[0] for q in range(_chain_q_max(params) + 1)])
    per = sector_levels(params=params, n_levels=1)
    return np.array([per[q][0] for q in range(params.q_max + 1)])
