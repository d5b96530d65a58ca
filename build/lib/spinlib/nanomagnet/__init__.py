"""A nanomagnet between leads: the master equation of sequential tunnelling, the NMD equation
and its reduced model (Parcollet & Waintal, Phys. Rev. B 73, 144420 (2006)).

Physics modules: :mod:`~spinlib.nanomagnet.grain` (parameters and the printed rates),
:mod:`~spinlib.nanomagnet.master` (master equation), :mod:`~spinlib.nanomagnet.nmd` (large-spin
limit), :mod:`~spinlib.nanomagnet.reduced` (the reduced ``T = 0`` model, Eq. (50)),
:mod:`~spinlib.nanomagnet.multilevel` (several levels). Presets and the numbers the chapter
quotes are in ``spinlib.nanomagnet.studies``, the SymPy derivations in
``spinlib.nanomagnet.derivation``, the drawings in ``spinlib.nanomagnet.figures`` (import them
explicitly).
"""

from . import grain, master, multilevel, nmd, reduced
from .grain import Lead, Nanomagnet, addition_energy, bath_rate, clebsch_gordan_weight, fermi, rates_along_z
from .master import (
    MAX_MASTER_SPIN,
    MasterTrajectory,
    generator,
    lead_currents,
    log_steady_state,
    simulate_master,
    spin_distribution,
    state_table,
    steady_state,
)
from .multilevel import (
    MAX_MAP_WORK,
    MAX_MULTILEVEL_STATES,
    Level,
    MultiLevelGrain,
    multilevel_current,
    multilevel_current_map,
    multilevel_generator,
    multilevel_states,
    multilevel_steady_state,
)
from .nmd import (
    MAX_NMD_STEPS,
    NMDTrajectory,
    bath_diffusion,
    channel_functions,
    lead_damping,
    nmd_current,
    nmd_diffusion,
    nmd_drift,
    nmd_fixed_points,
    simulate_nmd,
    zero_bias_current,
    zero_bias_udot,
)
from .reduced import (
    MINUS,
    NMD_PHASE_LABELS,
    PLUS,
    SP,
    NMDRates,
    ReducedSweep,
    channel_lines,
    grain_for_reduced,
    reduced_classify,
    reduced_current,
    reduced_fixed_points,
    reduced_sweep,
    reduced_udot,
    theta_all_open,
    theta_category,
    torque_asymmetry,
)

__all__ = [
    "grain", "master", "nmd", "reduced", "multilevel",
    # grain
    "Lead", "Nanomagnet", "fermi", "bath_rate", "clebsch_gordan_weight", "rates_along_z", "addition_energy",
    # master equation
    "MAX_MASTER_SPIN", "MasterTrajectory", "state_table", "generator", "steady_state", "log_steady_state",
    "lead_currents",
    "spin_distribution", "simulate_master",
    # NMD equation
    "MAX_NMD_STEPS", "NMDTrajectory", "channel_functions", "nmd_drift", "nmd_diffusion", "bath_diffusion",
    "nmd_fixed_points", "nmd_current", "simulate_nmd", "zero_bias_udot", "lead_damping", "zero_bias_current",
    # reduced model
    "NMDRates", "ReducedSweep", "MINUS", "SP", "PLUS", "NMD_PHASE_LABELS", "torque_asymmetry",
    "theta_all_open", "theta_category", "reduced_udot", "reduced_classify", "reduced_fixed_points",
    "reduced_current", "channel_lines", "reduced_sweep", "grain_for_reduced",
    # several levels
    "MAX_MULTILEVEL_STATES", "MAX_MAP_WORK", "Level", "MultiLevelGrain", "multilevel_states",
    "multilevel_generator",
    "multilevel_steady_state", "multilevel_current", "multilevel_current_map",
]
