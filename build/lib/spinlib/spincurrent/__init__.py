"""Spin currents at a ferromagnetic interface: spin filtering, precession and dephasing of the
transverse spin, and the torque they transfer (Sec. 3 and 4 of Ralph & Stiles 2008).

Physics modules: :mod:`~spinlib.spincurrent.planewave` (spinors, plane-wave spin currents, the
spin filter), :mod:`~spinlib.spincurrent.scattering` (the spin-dependent step,
:class:`StepModel`), :mod:`~spinlib.spincurrent.fermi` (the Fermi-surface sum and its
asymptote), :mod:`~spinlib.spincurrent.fieldlike` (bias dependence of the field-like torque).
Presets and the numbers the page quotes: ``from spinlib.spincurrent import studies``; SymPy
derivations: ``derivation``; drawing: ``figures`` (imported explicitly, not here).
"""

from . import fermi, fieldlike, planewave, scattering
from .fermi import MAX_NODES, fermi_average_asymptote, max_fermi_depth, transverse_spin_current_profile
from .fieldlike import ResonantPerpTorque, perpendicular_torque_bias_change, perpendicular_torque_quadratic
from .planewave import filter_torque, incident_spin_current, plane_wave_spin_current, spinor
from .scattering import (
    StepAmplitudes,
    StepModel,
    precession_period,
    reflected_spin_current,
    step_amplitudes,
    transmitted_spin_current,
    transverse_decay_constant,
)

__all__ = [
    "fermi",
    "fieldlike",
    "planewave",
    "scattering",
    "MAX_NODES",
    "ResonantPerpTorque",
    "StepAmplitudes",
    "StepModel",
    "fermi_average_asymptote",
    "filter_torque",
    "incident_spin_current",
    "max_fermi_depth",
    "perpendicular_torque_bias_change",
    "perpendicular_torque_quadratic",
    "plane_wave_spin_current",
    "precession_period",
    "reflected_spin_current",
    "spinor",
    "step_amplitudes",
    "transmitted_spin_current",
    "transverse_decay_constant",
    "transverse_spin_current_profile",
]
