"""Magnon-assisted transport and quantum spin-transfer torque in a tunnel junction
(Bender, Duine & Tserkovnyak 2019).

Physics modules (NumPy/SciPy only), re-exported here:

* :mod:`~spinlib.magnon_transport.bose`: the exact thermal functions (Bose factor,
  electron-hole functions of Eq. (11) and their bias derivatives);
* :mod:`~spinlib.magnon_transport.junction`: :class:`JunctionParams`, the swasing threshold,
  the magnon steady state of Eq. (14), the quantum-classical crossover;
* :mod:`~spinlib.magnon_transport.transport`: current, conductances (Eq. (15)), resistance,
  the STT/MAT ratio ``r``.

Not imported here (import them explicitly): ``studies`` (presets, the numbers the chapter
quotes), ``derivation`` (SymPy) and ``figures`` (matplotlib).
"""

from . import bose, junction, transport
from .bose import (
    bose_energy,
    electron_hole_derivatives,
    electron_hole_functions,
    equilibrium_magnon_number,
)
from .junction import (
    FIG2,
    ORIENTATIONS,
    JunctionParams,
    SteadyState,
    critical_bias,
    crossover_temperature_K,
    magnon_number,
    quantum_classical_crossover,
    steady_state,
)
from .transport import (
    ConductanceParts,
    conductance_parts,
    current,
    elastic_conductance,
    inelastic_current,
    resistance,
    resistance_slope,
    stt_mat_ratio,
)

__all__ = [
    "bose",
    "junction",
    "transport",
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
