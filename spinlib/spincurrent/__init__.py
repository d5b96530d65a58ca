"""Spin currents at a ferromagnetic interface: spin filtering, precession and dephasing of the
transverse spin, and the torque they transfer.
"""

from . import scattering
from .scattering import (
    MAX_NODES,
    TOY_MODEL_2,
    ResonantPerpTorque,
    StepAmplitudes,
    StepModel,
    fermi_average_asymptote,
    filter_torque,
    incident_spin_current,
    max_fermi_depth,
    perpendicular_torque_bias_change,
    perpendicular_torque_quadratic,
    plane_wave_spin_current,
    precession_period,
    reflected_spin_current,
    spinor,
    step_amplitudes,
    transmitted_spin_current,
    transverse_decay_constant,
    transverse_spin_current_profile,
)

__all__ = [
    "scattering",
    "MAX_NODES",
    "ResonantPerpTorque",
    "StepAmplitudes",
    "StepModel",
    "TOY_MODEL_2",
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
