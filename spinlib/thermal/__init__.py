"""Spin torque at finite temperature: the thermal macrospin in the axially symmetric geometry,
thermal stability, Neel-Brown escape under current, and switching statistics.

Physics modules: :mod:`.model` (the axial thermal macrospin: effective potential, barrier,
stability factor, retention time, Neel-Brown forms, exact escape time), :mod:`.fokker_planck`
(the time-dependent Fokker-Planck equation of the polar angle: switching probability and
write-error rate), :mod:`.asymptotic` (thermal and precessional forms), :mod:`.ensemble`
(stochastic-LLG ensembles) and :mod:`.extraction` (fits of the intrinsic critical current).
Import ``derivation``, ``studies`` and ``figures`` explicitly.
"""

from . import asymptotic, ensemble, extraction, fokker_planck, model
from .asymptotic import (
    THERMAL_FORMS,
    precessional_growth_rate,
    precessional_switching_probability,
    precessional_switching_time,
    thermal_switching_probability,
)
from .ensemble import EnsembleSwitching, boltzmann_initial_states, ensemble_switching, polar_ito_ensemble
from .extraction import CriticalCurrentFit, fit_precessional, fit_thermal
from .fokker_planck import (
    PolarGenerator,
    SwitchingSpectrum,
    mean_switching_time,
    median_switching_time,
    polar_generator,
    switching_probability,
    switching_spectrum,
    write_error_rate,
)
from .model import (
    ThermalMacrospin,
    attempt_time,
    barrier,
    critical_current,
    diffusion_constant,
    effective_energy,
    escape_time,
    free_diffusion_time,
    mean_first_passage_time_top,
    neel_brown_time,
    polar_drift,
    retention_time,
    spin_torque_potential,
    stability_factor,
)

__all__ = [
    "asymptotic",
    "ensemble",
    "extraction",
    "fokker_planck",
    "model",
    "THERMAL_FORMS",
    "precessional_growth_rate",
    "precessional_switching_probability",
    "precessional_switching_time",
    "thermal_switching_probability",
    "EnsembleSwitching",
    "boltzmann_initial_states",
    "ensemble_switching",
    "polar_ito_ensemble",
    "CriticalCurrentFit",
    "fit_precessional",
    "fit_thermal",
    "PolarGenerator",
    "SwitchingSpectrum",
    "mean_switching_time",
    "median_switching_time",
    "polar_generator",
    "switching_probability",
    "switching_spectrum",
    "write_error_rate",
    "ThermalMacrospin",
    "attempt_time",
    "barrier",
    "critical_current",
    "diffusion_constant",
    "effective_energy",
    "escape_time",
    "free_diffusion_time",
    "mean_first_passage_time_top",
    "neel_brown_time",
    "polar_drift",
    "retention_time",
    "spin_torque_potential",
    "stability_factor",
]
