"""The thermal line at the ends of the precession window: simulated periodograms against the full
(Fokker-Planck) line and the linearised one, with the width never fitted.

Units and presets: those of :mod:`spinlib.oscillator.studies` (chapter 1's magnet :data:`CHAPTER1`
at the field :data:`CHAPTER1_FIELD`, chapter 1's reduced current ``I``, ``epsilon = k_B T /
(mu0 M_s H_k V)``). The simulations are :func:`spinlib.oscillator.studies.simulated_line` (cached).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from ..validate import positive, scalar
from . import precession as pr
from .fokker_planck import exact_line, exact_line_fwhm
from .studies import CHAPTER1, CHAPTER1_FIELD, TEMPERATURE, LineResult, llg_current, simulated_line

__all__ = ["LOW_TEMPERATURES", "LineCheck", "line_check", "temperature_scan"]


#: temperatures of the low-temperature check at the ends of the window (``epsilon``, halving)
LOW_TEMPERATURES = (0.02, 0.01, 0.005, 0.0025)


@dataclass(frozen=True, kw_only=True, eq=False)
class LineCheck:
    """A simulated line against the linear theory and against the full Fokker-Planck line.

    Attributes: ``sim`` (:class:`LineResult`); ``exact_fwhm`` (:func:`spinlib.oscillator.exact_line_fwhm`);
    ``series_fwhm`` (:func:`spinlib.oscillator.line_fwhm`, the linearised line); ``chi2_exact``,
    ``chi2_linear`` (reduced chi^2 of the averaged periodogram against each line seen through the
    record's Fejer window, fitted: an amplitude, a constant and the centre); ``n_points`` (periodogram
    bins used); ``shift`` (the fitted centre of the full line minus its mean rotation rate ``|w_bar|``:
    the integrator's frequency error plus noise).
    """

    sim: LineResult
    exact_fwhm: float
    series_fwhm: float
    chi2_exact: float
    chi2_linear: float
    n_points: int
    shift: float


def _seen_through_record(omega, centre, line_of, duration):
    """``line_of(detuning)`` convolved with the Fejer kernel ``T sinc^2(x T / 2)`` of a record ``T``."""
    step = (2.0 * np.pi / duration) / 16.0
    span = 24.0 * 2.0 * np.pi / duration
    fine = np.arange(omega.min() - centre - span, omega.max() - centre + span + step, step)
    s = line_of(fine)
    x = omega[:, None] - centre - fine[None, :]
    kern = duration * np.sinc(x * duration / (2.0 * np.pi)) ** 2
    return kern @ s * step / (2.0 * np.pi)


def _shape_chi2(power, model, n_avg):
    """Reduced chi^2 of ``power ~ a model + c`` (weights: an average of ``n_avg`` periodograms)."""
    A = np.stack([model, np.ones_like(model)], axis=1)
    sig = power / np.sqrt(n_avg)
    for _ in range(3):  # weights from the model, not from the noisy data
        coef, *_ = np.linalg.lstsq(A / sig[:, None], power / sig, rcond=None)
        sig = np.maximum(A @ coef, 1e-300) / np.sqrt(n_avg)
    r = (power - A @ coef) / sig
    return float(r @ r / (power.size - 3))


def _best_shift(omega, power, centre, line_of, T, K, width):
    """Reduced chi^2 of a line shape with its centre free (within a quarter width) and that shift."""
    from scipy.optimize import minimize_scalar

    def chi2(shift):
        return _shape_chi2(power, _seen_through_record(omega, centre + shift, line_of, T), K)

    best = minimize_scalar(chi2, bounds=(-0.25 * width, 0.25 * width), method="bounded",
                           options={"xatol": 1e-4 * width})
    return float(best.fun), float(best.x)


@cache
def line_check(*, current, temperature=TEMPERATURE, window=4.0, dt=None, n_samples=128) -> LineCheck:
    """Compare the simulated line of :data:`CHAPTER1` with the linear theory and the full line (cached).

    Parameters
    ----------
    current : chapter 1's reduced current ``I`` (inside :func:`current_range`).
    temperature : ``epsilon`` (> 0).
    window : half-width of the compared band around the mean frequency, in units of the full line's FWHM.
    dt, n_samples : time step and ensemble size of :func:`simulated_line` (default: its own).

    Returns
    -------
    :class:`LineCheck`. Each line's centre is fitted (starting from the full line's mean rotation
    rate), so only the shapes compete: the width is not fitted.

    Examples
    --------
    >>> c = line_check(current=4.5, temperature=0.02)
    >>> round(c.exact_fwhm, 4)
    0.0688
    """
    I = scalar("current", current)
    eps = scalar("temperature", temperature, positive)
    extra = {} if dt is None else {"dt": dt}  # same cache key as the page's other calls by default
    if n_samples != 128:
        extra["n_samples"] = n_samples
    r = simulated_line("chapter1", current=I, temperature=eps, **extra)
    j = float(llg_current(current=I))
    kw = dict(params=CHAPTER1, field=CHAPTER1_FIELD, current=j, temperature=eps)
    fw = exact_line_fwhm(**kw)
    centre = float(exact_line(0.0, **kw)[1])
    om, pw = r.spectrum.omega, r.spectrum.power
    sel = np.abs(om - centre) <= scalar("window", window, positive) * fw
    T, K = r.spectrum.duration, r.spectrum.n_samples
    wts, fwhms = pr.line_components(**kw)
    from .spectrum import lorentzian

    c_full, shift = _best_shift(om[sel], pw[sel], centre, lambda d: exact_line(d, **kw)[0], T, K, fw)
    def linear(d):
        return wts @ lorentzian(d[None, :], center=0.0, fwhm=fwhms[:, None])

    c_lin, _ = _best_shift(om[sel], pw[sel], centre, linear, T, K, fw)
    return LineCheck(
        sim=r,
        exact_fwhm=fw,
        series_fwhm=float(pr.line_fwhm(**kw)),
        chi2_exact=c_full,
        chi2_linear=c_lin,
        n_points=int(sel.sum()),
        shift=shift,
    )


def temperature_scan(*, current, temperatures=LOW_TEMPERATURES):
    """:func:`line_check` of :data:`CHAPTER1` at one current and several temperatures.

    Parameters
    ----------
    current : chapter 1's reduced current ``I``.
    temperatures : reduced temperatures ``epsilon`` (each > 0).

    Returns
    -------
    list of :class:`LineCheck`, one per temperature.

    Examples
    --------
    >>> [round(c.sim.temperature, 3) for c in temperature_scan(current=4.5, temperatures=(0.02,))]
    [0.02]
    """
    return [line_check(current=float(current), temperature=float(t)) for t in temperatures]
