"""Thermally activated magnetization reversal under spin injection (Wegrowe et al. 2008).
"""

from . import escape
from .escape import (
    MAX_BARRIER,
    MAX_CURRENT,
    METHODS,
    EscapeSample,
    asymmetry_factors,
    barrier_heights,
    critical_current_exact,
    critical_currents_linear,
    electrospin_potential,
    escape_time,
    fluctuation_enhancement,
    gmr_resistance,
    log_escape_time,
    mean_first_passage_time,
    potential,
    stationary_points,
    stochastic_escape_times,
    switching_probability,
)

__all__ = [
    "escape",
    "EscapeSample",
    "MAX_BARRIER",
    "MAX_CURRENT",
    "METHODS",
    "asymmetry_factors",
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
