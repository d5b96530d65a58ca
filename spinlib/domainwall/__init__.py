"""Current-driven domain walls in a wire: the rigid (q, phi) model of the Walker ansatz and a 1-D
micromagnetic wire (Sec. 5 of Ralph & Stiles (2008)).

Physics modules: :mod:`.collective` (collective coordinates, Walker breakdown, intrinsic
pinning, time-averaged velocity), :mod:`.micromagnetics` (finite-difference LLG of the wire) and
:mod:`.si` (spin-drift velocity and the reduced units in SI). The SymPy derivation, the studies
the page quotes and the figures are submodules imported explicitly:
``from spinlib.domainwall import studies, figures as figs, derivation as deriv``.
"""

from . import collective, micromagnetics, si
from .collective import (
    MAX_STEPS,
    WallParams,
    WallTrajectory,
    breakdown_current,
    integrate_wall,
    pinning_current,
    precession_frequency,
    steady_tilt,
    walker_field,
    walker_velocity,
    walker_width,
    wall_rates,
    wall_velocity,
)
from .micromagnetics import WireRun, simulate_wire, walker_profile
from .si import drift_velocity, reduced_units

__all__ = [
    "collective",
    "micromagnetics",
    "si",
    "MAX_STEPS",
    "WallParams",
    "WallTrajectory",
    "WireRun",
    "breakdown_current",
    "drift_velocity",
    "integrate_wall",
    "pinning_current",
    "precession_frequency",
    "reduced_units",
    "simulate_wire",
    "steady_tilt",
    "walker_field",
    "walker_profile",
    "walker_velocity",
    "walker_width",
    "wall_rates",
    "wall_velocity",
]
