"""Thermally activated magnetization reversal under spin injection (Wegrowe et al. 2008).

Physics modules: :mod:`.landscape` (GMR, electrospin and total potential, stationary points,
barriers, critical currents), :mod:`.escape` (exact and approximate escape times, switching
probability, noise enhancement) and :mod:`.stochastic` (stochastic-LLG first-passage times).
The SymPy derivation, the studies the page quotes and the figures are submodules imported
explicitly: ``from spinlib.activation import studies, figures as figs, derivation as deriv``.
"""

from . import escape, fokker_planck, landscape, stochastic
from .escape import (
    MAX_BARRIER,
    METHODS,
    boltzmann_population,
    escape_rate,
    escape_time,
    fluctuation_enhancement,
    log_escape_time,
    mean_first_passage_time,
    relaxation_rate,
    slope_asymmetry,
    switching_probability,
)
from .landscape import (
    MAX_CURRENT,
    asymmetry_factors,
    barrier_heights,
    critical_current_exact,
    critical_currents_linear,
    electrospin_potential,
    electrospin_torque,
    gmr_resistance,
    potential,
    stationary_points,
)
from .stochastic import EscapeSample, stochastic_escape_times

__all__ = [
    "escape",
    "fokker_planck",
    "landscape",
    "stochastic",
    "EscapeSample",
    "MAX_BARRIER",
    "MAX_CURRENT",
    "METHODS",
    "asymmetry_factors",
    "boltzmann_population",
    "electrospin_torque",
    "escape_rate",
    "relaxation_rate",
    "slope_asymmetry",
    "barrier_heights",
    "critical_current_exact",
    "critical_currents_linear",
    "electrospin_potential",
    "escape_time",
    "fluctuation_enhancement",
    "gmr_resistance",
    "log_escape_time",
    "mean_first_passage_time",
    "potential",
    "stationary_points",
    "stochastic_escape_times",
    "switching_probability",
]
