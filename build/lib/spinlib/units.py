"""SI conversions, all through :mod:`scipy.constants`.

Chapters work in the dimensionless units of their paper and state them at the
top; these helpers are the only place numbers meet SI. No global unit state.
"""

from __future__ import annotations

import numpy as np
from scipy import constants as C

from .validate import finite, finite_result, nonnegative

__all__ = [
    "HBAR", "E", "K_B", "MU_0", "MU_B", "GAMMA_E",
    "tesla_to_ghz", "ghz_to_kelvin",
]

HBAR = C.hbar  #: reduced Planck constant, J s
E = C.e  #: elementary charge, C
K_B = C.k  #: Boltzmann constant, J/K
MU_0 = C.mu_0  #: vacuum permeability, T m/A
MU_B = C.physical_constants["Bohr magneton"][0]  #: Bohr magneton, J/T
#: magnitude of the electron gyromagnetic ratio, rad s^-1 T^-1
GAMMA_E = abs(C.physical_constants["electron gyromag. ratio"][0])


def tesla_to_ghz(field_T):
    """Electron Larmor frequency f = gamma_e B / (2 pi) in GHz for a field in tesla."""
    with np.errstate(over="ignore"):  # 28 GHz per tesla: |field_T| > 6e306 T is out of range
        freq = (GAMMA_E / (2 * np.pi) / 1e9) * finite("field_T", field_T)
    return finite_result(freq, field_T=field_T)


def ghz_to_kelvin(freq_GHz):
    """Temperature T = h f / k_B (kelvin) of the quantum h f for f in GHz."""
    return C.h * nonnegative("freq_GHz", freq_GHz) * 1e9 / K_B
