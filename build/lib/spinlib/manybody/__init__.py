"""Quantum many-body spin transfer: an electron wave packet on a tight-binding chain coupled to
local spins (Mondal et al. 2019).

Physics modules: :mod:`~spinlib.manybody.chain` (parameters, sector bases, spin operators,
Hamiltonians), :mod:`~spinlib.manybody.fullspace` (the whole space, the tests' reference),
:mod:`~spinlib.manybody.spectra` (levels, ground multiplets),
:mod:`~spinlib.manybody.dynamics` (the wave packet and its evolution) and
:mod:`~spinlib.manybody.density` (reduced density matrices and observables),
:mod:`~spinlib.manybody.classical` (the classical-spin limit: scattering off a fixed exchange
potential, chapter 1's spin-filter torque), :mod:`~spinlib.manybody.flips` (flip probabilities of
Eq. (8) along a run). Presets from the
paper and the numbers the chapter quotes are in ``spinlib.manybody.studies``, the SymPy derivations
in ``spinlib.manybody.derivation`` and the figures in ``spinlib.manybody.figures`` (import them
explicitly).
"""

from . import chain, classical, density, dynamics, flips, fullspace, spectra
from .chain import (
    HBAR_EV_FS,
    MAX_SECTOR_DIM,
    MAX_SECTOR_STATES,
    MAX_SPINS,
    ChainParams,
    SectorBasis,
    sector_basis,
    sector_hamiltonian,
    spin_operator,
    xxz_hamiltonian,
)
from .classical import classical_potentials, classical_transfer, impurity_amplitudes
from .density import (
    MAX_AMPLITUDES,
    SpinObservables,
    reduced_electron,
    reduced_local_spins,
    reduced_spins,
    single_spin_density,
    spin_observables,
)
from .dynamics import (
    MAX_EIGH_STATES,
    MAX_EXPM_PHASE,
    MAX_PHASE,
    MAX_STEPS,
    Dynamics,
    PacketParams,
    cached_evolve,
    cn_propagator,
    electron_spinor,
    energy_moments,
    evolve,
    initial_state,
    packet_orbital,
)
from .flips import configuration_probabilities, edge_bulk_ratio, first_crossing
from .fullspace import MAX_FULL_DIM, full_hamiltonian, full_total_sz, sector_to_full
from .spectra import (
    MAX_BAND_ELEMENTS,
    MAX_DENSE_DIM,
    MAX_SPECTRUM_STATES,
    ground_multiplet,
    lowest_levels,
    sector_levels,
    xxz_spectrum,
)

__all__ = [
    "chain",
    "classical",
    "density",
    "dynamics",
    "flips",
    "fullspace",
    "spectra",
    "ChainParams",
    "Dynamics",
    "HBAR_EV_FS",
    "MAX_AMPLITUDES",
    "MAX_BAND_ELEMENTS",
    "MAX_DENSE_DIM",
    "MAX_EIGH_STATES",
    "MAX_EXPM_PHASE",
    "MAX_FULL_DIM",
    "MAX_PHASE",
    "MAX_SECTOR_DIM",
    "MAX_SECTOR_STATES",
    "MAX_SPINS",
    "MAX_SPECTRUM_STATES",
    "MAX_STEPS",
    "PacketParams",
    "SectorBasis",
    "SpinObservables",
    "cached_evolve",
    "classical_potentials",
    "classical_transfer",
    "configuration_probabilities",
    "cn_propagator",
    "edge_bulk_ratio",
    "electron_spinor",
    "energy_moments",
    "evolve",
    "first_crossing",
    "full_hamiltonian",
    "full_total_sz",
    "ground_multiplet",
    "impurity_amplitudes",
    "initial_state",
    "lowest_levels",
    "packet_orbital",
    "reduced_electron",
    "reduced_local_spins",
    "reduced_spins",
    "sector_basis",
    "sector_hamiltonian",
    "sector_levels",
    "sector_to_full",
    "single_spin_density",
    "spin_observables",
    "spin_operator",
    "xxz_hamiltonian",
    "xxz_spectrum",
]
