"""Magnon-assisted transport and quantum spin-transfer torque in a tunnel junction
(Bender, Duine & Tserkovnyak 2019).
"""

from . import junction
from .junction import (
    FIG2,
    ORIENTATIONS,
    ConductanceParts,
    JunctionParams,
    SteadyState,
    bose_energy,
    conductance_parts,
    critical_bias,
    crossover_temperature_K,
    current,
    elastic_conductance,
    electron_hole_derivatives,
    electron_hole_functions,
    equilibrium_magnon_number,
    inelastic_current,
    magnon_number,
    quantum_classical_crossover,
    resistance,
    resistance_slope,
    steady_state,
    stt_mat_ratio,
)

__all__ = [
    "junction",
    "ConductanceParts",
    "FIG2",
    "JunctionParams",
    "ORIENTATIONS",
    "SteadyState",
    "bose_energy",
    "conductance_parts",
    "critical_bias",
    "crossover_temperature_K",
    "current",
    "elastic_conductance",
    "electron_hole_derivatives",
    "electron_hole_functions",
    "equilibrium_magnon_number",
    "inelastic_current",
    "magnon_number",
    "quantum_classical_crossover",
    "resistance",
    "resistance_slope",
    "steady_state",
    "stt_mat_ratio",
]
