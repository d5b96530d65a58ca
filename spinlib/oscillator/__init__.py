"""Spin-torque oscillator at finite temperature: steady precession, nonlinear shift and linewidth.

Physics modules: :mod:`~spinlib.oscillator.precession` (the axially symmetric macrospin: cone,
frequency, nonlinear shift, relaxation, amplitude-phase coupling, linear-theory linewidth) and
:mod:`~spinlib.oscillator.spectrum` (stochastic-LLG power spectra, periodograms, Lorentzian fit) and
:mod:`~spinlib.oscillator.fokker_planck` (the full line from the 1-D Fokker-Planck equation of the cone).
Import ``derivation``, ``studies`` and ``figures`` explicitly.
"""

from . import fokker_planck, precession, spectrum
from .fokker_planck import exact_line, exact_line_fwhm
from .precession import (
    AxialMacrospin,
    amplitude_rate,
    cone_cosine,
    coupling,
    free_diffusion,
    line_components,
    line_fwhm,
    linewidth,
    macrospin_params,
    nonlinear_shift,
    phase_velocity,
    precession_frequency,
    precession_range,
    relaxation_rate,
    threshold_current,
)
from .spectrum import (
    LorentzianFit,
    Spectrum,
    expected_periodogram,
    fit_lorentzian,
    lorentzian,
    periodogram,
    simulate_spectrum,
)

__all__ = [
    "precession",
    "spectrum",
    "fokker_planck",
    "exact_line",
    "exact_line_fwhm",
    "AxialMacrospin",
    "amplitude_rate",
    "cone_cosine",
    "coupling",
    "free_diffusion",
    "line_components",
    "line_fwhm",
    "linewidth",
    "macrospin_params",
    "nonlinear_shift",
    "phase_velocity",
    "precession_frequency",
    "precession_range",
    "relaxation_rate",
    "threshold_current",
    "LorentzianFit",
    "Spectrum",
    "expected_periodogram",
    "fit_lorentzian",
    "lorentzian",
    "periodogram",
    "simulate_spectrum",
]
