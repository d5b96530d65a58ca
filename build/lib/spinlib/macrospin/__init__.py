"""Macrospin dynamics: the Landau-Lifshitz-Gilbert equation with Slonczewski's torque (one
deterministic and one stochastic integrator for the whole book), its thresholds, and the uniaxial
model's phase diagram.

Physics modules: :mod:`~spinlib.macrospin.llg` (parameters, torque, right-hand side, RK4
integrator), :mod:`~spinlib.macrospin.stochastic` (Brown's thermal field, Heun),
:mod:`~spinlib.macrospin.thresholds` (Eq. (26), growth rates, switching),
:mod:`~spinlib.macrospin.si` (SI units), :mod:`~spinlib.macrospin.flow` (1-D flows: roots,
quasi-static sweeps), :mod:`~spinlib.macrospin.uniaxial` (Sec. V.1 of Parcollet & Waintal 2006: the phase
diagram) and :mod:`~spinlib.macrospin.uniaxial_dynamics` (its 1-D flow, hysteresis and vector equation).
Import ``derivation``, ``derivation_uniaxial``, ``studies`` and ``figures`` explicitly.
"""

from . import flow, llg, si, stochastic, thresholds, uniaxial, uniaxial_dynamics
from .flow import flow_target, quadratic_roots, quasi_static_sweep
from .llg import (
    MAX_STEPS,
    RK4_STABILITY_RADIUS,
    MacrospinParams,
    Trajectory,
    effective_field,
    energy,
    integrate,
    llg_rhs,
    max_stable_step,
    slonczewski_coefficients,
    slonczewski_eta,
    slonczewski_torque,
)
from .si import critical_current_si, current_unit, time_unit
from .stochastic import HEUN_STABILITY_RADIUS, StochasticTrajectory, integrate_stochastic
from .thresholds import (
    classify_end_state,
    critical_current,
    critical_current_ll_insertion,
    growth_rate,
    isotropic_cone_cos,
    linear_growth_rate,
    linear_switching_time,
    simulated_critical_current,
    switching_time,
)
from .uniaxial import (
    MINUS,
    PHASE_LABELS,
    PHASES,
    PLUS,
    SP,
    UniaxialMacrospin,
    boundary_currents,
    classify,
    discriminant,
    exact_fallback_count,
    fixed_points,
    interior_fixed_points,
    precession_frequency,
    special_points,
    stability_margins,
    udot,
    udot_slope,
)
from .uniaxial_dynamics import (
    HysteresisLoop,
    attractor,
    hysteresis_loop,
    integrate_llg,
    llg_current,
    macrospin_params,
    relaxation_time,
)

__all__ = [
    # submodules
    "flow",
    "llg",
    "si",
    "stochastic",
    "thresholds",
    "uniaxial",
    "uniaxial_dynamics",
    # llg
    "MAX_STEPS",
    "RK4_STABILITY_RADIUS",
    "MacrospinParams",
    "Trajectory",
    "effective_field",
    "energy",
    "integrate",
    "llg_rhs",
    "max_stable_step",
    "slonczewski_coefficients",
    "slonczewski_eta",
    "slonczewski_torque",
    # stochastic
    "HEUN_STABILITY_RADIUS",
    "StochasticTrajectory",
    "integrate_stochastic",
    # thresholds
    "classify_end_state",
    "critical_current",
    "critical_current_ll_insertion",
    "growth_rate",
    "isotropic_cone_cos",
    "linear_growth_rate",
    "linear_switching_time",
    "simulated_critical_current",
    "switching_time",
    # si
    "critical_current_si",
    "current_unit",
    "time_unit",
    # flow
    "flow_target",
    "quadratic_roots",
    "quasi_static_sweep",
    # uniaxial
    "MINUS",
    "PHASES",
    "PHASE_LABELS",
    "PLUS",
    "SP",
    "HysteresisLoop",
    "UniaxialMacrospin",
    "attractor",
    "boundary_currents",
    "classify",
    "discriminant",
    "exact_fallback_count",
    "fixed_points",
    "hysteresis_loop",
    "integrate_llg",
    "interior_fixed_points",
    "llg_current",
    "macrospin_params",
    "precession_frequency",
    "relaxation_time",
    "special_points",
    "stability_margins",
    "udot",
    "udot_slope",
]
