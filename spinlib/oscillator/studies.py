"""Presets and the numbers of the oscillator page: chapter 1's uniaxial oscillator, an isotropic
reference, deterministic frequency checks and stochastic linewidths with their error bars.

Units: those of :mod:`spinlib.oscillator.precession` with the reference field ``H_0`` chosen as the
anisotropy field of chapter 1's magnet (so ``k = 1``, fields are chapter 1's reduced ``H``), time
``tau = gamma0 H_0 t``, temperature ``epsilon = k_B T / (mu0 M_s H_0 V)``. For the uniaxial magnet
the zero-field barrier is ``mu0 M_s H_k V / 2``, so ``epsilon = 1 / (2 Delta)`` with ``Delta`` the
thermal stability factor.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from .. import macrospin
from ..validate import finite, in_range, positive, scalar
from . import precession as pr
from .spectrum import fit_lorentzian, simulate_spectrum

__all__ = [
    "CHAPTER1",
    "CHAPTER1_FIELD",
    "ISOTROPIC",
    "ISOTROPIC_FIELD",
    "ISOTROPIC_CURRENT",
    "TEMPERATURE",
    "SIM_CURRENTS",
    "chapter1_model",
    "llg_current",
    "current_range",
    "links",
    "deterministic_frequency",
    "LineResult",
    "simulated_line",
    "threshold_sweep",
    "temperature_scaling",
    "DETUNING",
    "EXPLORER_CURRENTS",
    "EXPLORER_TEMPERATURES",
    "Curves",
    "curves",
    "SpectrumView",
    "spectrum_view",
    "explorer_data",
    "EXPLORER_CURRENT_GRID",
    "EXPLORER_TEMPERATURE_GRID",
    "explorer_frame",
]

#: Chapter 1's uniaxial magnet (Sec. V.1 of Parcollet & Waintal (2006), ``q = 0.5``) with ``alpha = 0.2``;
#: fields in units of its anisotropy field.
CHAPTER1 = pr.AxialMacrospin(anisotropy=1.0, asymmetry=0.5, alpha=0.2)
#: The field of the oscillator, antiparallel to the polarizer and beyond ``-1 - (1 + q)/q``, where the
#: steady-precession phase (SP) of chapter 1's diagram borders the pole ``u = -1``.
CHAPTER1_FIELD = -5.0
#: An isotropic free layer (``k = 0``): no conservative frequency shift, ``nu = alpha``.
ISOTROPIC = pr.AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
ISOTROPIC_FIELD = -1.0
#: puts the isotropic cone on the equator (``u0 = 0``)
ISOTROPIC_CURRENT = -0.5
#: reduced temperature of the simulations: ``Delta = 1 / (2 epsilon) = 25``
TEMPERATURE = 0.02
#: chapter 1's reduced currents ``I`` at which the oscillator is simulated (the SP range is (3, 6))
SIM_CURRENTS = (3.25, 3.75, 4.5, 5.25)


def chapter1_model() -> macrospin.UniaxialMacrospin:
    """Chapter 1's :class:`spinlib.macrospin.UniaxialMacrospin` with the constants of :data:`CHAPTER1`.

    Returns
    -------
    :class:`spinlib.macrospin.UniaxialMacrospin` with ``asymmetry`` and ``alpha`` of :data:`CHAPTER1`.

    Examples
    --------
    >>> chapter1_model().asymmetry
    0.5
    """
    return macrospin.UniaxialMacrospin(asymmetry=CHAPTER1.asymmetry, alpha=CHAPTER1.alpha)


def llg_current(*, current):
    """The oscillator's current ``j`` for chapter 1's reduced current ``I`` (``j = -alpha I``).

    Parameters
    ----------
    current : chapter 1's reduced current ``I`` (Eq. (46) of Parcollet & Waintal (2006)).

    Returns
    -------
    ndarray, ``j`` of :mod:`spinlib.macrospin.llg` (via :func:`spinlib.macrospin.llg_current`).

    Examples
    --------
    >>> float(llg_current(current=4.5))
    -0.9
    """
    return macrospin.llg_current(params=chapter1_model(), current=finite("current", current))


def current_range():
    """Chapter 1's reduced currents ``(I_th, I_top)`` between which :data:`CHAPTER1` precesses.

    Returns
    -------
    tuple of float: ``I = -j / alpha`` at the two ends of
    :func:`spinlib.oscillator.precession.precession_range`.

    Examples
    --------
    >>> [round(x, 6) for x in current_range()]
    [3.0, 6.0]
    """
    lo, hi = pr.precession_range(params=CHAPTER1, field=CHAPTER1_FIELD)
    return float(-lo / CHAPTER1.alpha), float(-hi / CHAPTER1.alpha)


def links() -> dict:
    """Computed links to chapter 1: threshold, top of the range and frequency at threshold.

    Returns
    -------
    dict: ``threshold`` (oscillator) and ``ch1_minus_line`` (``boundary_currents(...)["minus"]`` of
    chapter 1) in chapter 1's ``I``; ``top`` and ``ch1_plus_line``; ``f_threshold`` (``|w(u0)|`` just
    above threshold, extrapolated: ``|h - k|``) and ``fmr`` (chapter 1's
    ``precession_frequency(-1, field)``, the FMR frequency of the pole); ``phase`` of chapter 1's
    diagram at the middle of the range.

    Examples
    --------
    >>> d = links()
    >>> d["threshold"], float(d["ch1_minus_line"]), d["phase"]
    (3.0, 3.0, '(SP)')
    """
    model = chapter1_model()
    lines = macrospin.boundary_currents(params=model, field=CHAPTER1_FIELD)
    I_th, I_top = current_range()
    j_near = float(llg_current(current=I_th + 1e-9))
    f_th = abs(float(pr.precession_frequency(params=CHAPTER1, field=CHAPTER1_FIELD, current=j_near)))
    mid = 0.5 * (I_th + I_top)
    code = int(macrospin.classify(params=model, field=CHAPTER1_FIELD, current=mid))
    return {
        "threshold": round(I_th, 12),
        "ch1_minus_line": float(lines["minus"]),
        "top": round(I_top, 12),
        "ch1_plus_line": float(lines["plus"]),
        "f_threshold": round(f_th, 6),
        "fmr": abs(float(macrospin.precession_frequency(-1.0, field=CHAPTER1_FIELD))),
        "phase": macrospin.PHASE_LABELS[code],
    }


def deterministic_frequency(*, current, t_end=200.0, n_steps=10000, offset=0.1):
    """Frequency and final ``m_z`` of chapter 1's LLG integrator started off the cone.

    Parameters
    ----------
    current : chapter 1's reduced current ``I`` inside :func:`current_range` (array: one run each).
    t_end : integration time (units of ``1 / (gamma0 H_k)``); the first half is discarded.
    n_steps : RK4 steps of :func:`spinlib.macrospin.integrate`.
    offset : start at ``u0 + offset`` (clipped into (-1, 1)), to show the cone attracts.

    Returns
    -------
    omega, mz : ndarrays, ``2 pi`` over the mean period between upward zero crossings of ``m_x``
    (linearly interpolated) in the second half of the run, and ``m_z`` at the end.

    Examples
    --------
    >>> w, mz = deterministic_frequency(current=4.5)
    >>> round(float(w), 3), round(float(mz), 4)
    (5.303, -0.3028)
    """
    I = np.atleast_1d(finite("current", current))
    j = llg_current(current=I)
    u0 = pr.cone_cosine(params=CHAPTER1, field=CHAPTER1_FIELD, current=j)
    us = np.clip(u0 + offset, -0.99, 0.99)
    m0 = np.stack([np.sqrt(1 - us**2), np.zeros_like(us), us], axis=-1)
    mp = pr.macrospin_params(params=CHAPTER1, field=CHAPTER1_FIELD)
    tr = macrospin.integrate(
        m0, params=mp, current=j, t_end=scalar("t_end", t_end, positive), n_steps=n_steps
    )
    half = tr.t.size // 2
    t, mx = tr.t[half:], tr.m[:, half:, 0]
    omega = []
    for x in mx:
        i = np.flatnonzero((x[:-1] < 0) & (x[1:] >= 0))
        tc = t[i] - x[i] * (t[i + 1] - t[i]) / (x[i + 1] - x[i])
        omega.append(2 * np.pi / np.mean(np.diff(tc)))
    shape = np.shape(current)
    return np.asarray(omega).reshape(shape), tr.m[:, -1, 2].reshape(shape)


@dataclass(frozen=True, kw_only=True, eq=False)
class LineResult:
    """A simulated line and the linear theory at the same point.

    Attributes
    ----------
    spectrum : the averaged periodogram (:class:`spinlib.oscillator.spectrum.Spectrum`).
    fit : its :class:`spinlib.oscillator.spectrum.LorentzianFit`.
    theory : linear-theory FWHM ``2 D (1 + nu^2) / (1 - u0^2)``.
    bare : the same without amplitude-phase coupling, ``2 D / (1 - u0^2)``.
    nu : the coupling ``nu``.
    frequency : ``|w(u0)|``.
    gamma : amplitude relaxation rate ``Gamma``.
    """

    spectrum: object
    fit: object
    theory: float
    bare: float
    nu: float
    frequency: float
    gamma: float
    current: float = float("nan")  # chapter 1's I (chapter-1 case)
    temperature: float = float("nan")  # epsilon

    @property
    def factor(self):
        """Measured broadening ``fwhm / bare`` and its standard error."""
        return self.fit.fwhm / self.bare, self.fit.fwhm_err / self.bare

    @property
    def deviation(self):
        """``(fwhm - theory) / fwhm_err``: the disagreement in error bars."""
        return (self.fit.fwhm - self.theory) / self.fit.fwhm_err


def _line(P, h, j, eps, *, duration, dt, n_samples, stride, seed, I=float("nan")):
    s = simulate_spectrum(
        params=P,
        field=h,
        current=j,
        temperature=eps,
        duration=duration,
        dt=dt,
        n_samples=n_samples,
        stride=stride,
        seed=seed,
    )
    nu = float(pr.coupling(params=P, field=h, current=j))
    u0 = float(pr.cone_cosine(params=P, field=h, current=j))
    bare = float(2 * pr.free_diffusion(params=P, temperature=eps) / (1 - u0 * u0))
    return LineResult(
        spectrum=s,
        fit=fit_lorentzian(s),
        theory=float(pr.linewidth(params=P, field=h, current=j, temperature=eps)),
        bare=bare,
        nu=nu,
        frequency=abs(float(pr.precession_frequency(params=P, field=h, current=j))),
        gamma=float(pr.relaxation_rate(params=P, field=h, current=j)),
        current=I,
        temperature=eps,
    )


@cache
def simulated_line(
    case="chapter1", *, current=4.5, temperature=TEMPERATURE, n_samples=128, seed=1, dt=None
) -> LineResult:
    """The simulated line of a preset at one point (cached).

    Parameters
    ----------
    case : ``"chapter1"`` (:data:`CHAPTER1` at field :data:`CHAPTER1_FIELD`, ``current`` is chapter 1's
        ``I``) or ``"isotropic"`` (:data:`ISOTROPIC` at :data:`ISOTROPIC_FIELD` and
        :data:`ISOTROPIC_CURRENT`; ``current`` ignored).
    current : chapter 1's ``I`` (chapter-1 case).
    temperature : reduced temperature ``epsilon`` (> 0).
    n_samples, seed : ensemble size and seed.
    dt : time step (default 0.02 for chapter 1, 0.05 isotropic); ``m_x`` is kept every ``0.1`` time units.

    Returns
    -------
    :class:`LineResult`. Records last 15 theoretical coherence times ``2 / Delta omega`` (at least
    300), step ``dt``, ``m_x`` kept every 0.1 (chapter 1) or 0.25 (isotropic) time units.

    Examples
    --------
    >>> r = simulated_line("isotropic", temperature=0.02, n_samples=16)
    >>> round(r.nu, 6)
    0.5
    """
    eps = scalar("temperature", temperature, positive)
    step = dt
    if case == "chapter1":
        I = scalar("current", current)
        in_range("current", I, *current_range(), lo_open=True, hi_open=True)
        P, h, j, dt = CHAPTER1, CHAPTER1_FIELD, float(llg_current(current=I)), 0.02
    elif case == "isotropic":
        P, h, j, dt = ISOTROPIC, ISOTROPIC_FIELD, ISOTROPIC_CURRENT, 0.05
    else:
        raise ValueError(f"case must be 'chapter1' or 'isotropic'; got {case!r}")
    width = float(pr.linewidth(params=P, field=h, current=j, temperature=eps))
    duration = max(300.0, 30.0 / width)
    I = float(current) if case == "chapter1" else float("nan")
    stride = 5
    if step is not None:
        keep = 5 * dt
        dt = scalar("dt", step, positive)
        stride = max(1, int(round(keep / dt)))
    return _line(P, h, j, eps, duration=duration, dt=dt, n_samples=n_samples, stride=stride, seed=seed, I=I)


def threshold_sweep(*, currents=SIM_CURRENTS, temperature=TEMPERATURE):
    """Simulated lines of :data:`CHAPTER1` at several currents (cached per point).

    Parameters
    ----------
    currents : chapter 1's reduced currents ``I`` (each inside :func:`current_range`).
    temperature : reduced temperature ``epsilon``.

    Returns
    -------
    list of :class:`LineResult`, one per current.

    Examples
    --------
    >>> [round(r.nu, 3) for r in threshold_sweep(currents=(4.5,), temperature=0.02)][:1]
    [2.648]
    """
    return [simulated_line("chapter1", current=float(I), temperature=temperature) for I in currents]


def temperature_scaling(*, temperatures=(0.01, 0.02, 0.04), current=4.5):
    """Simulated FWHM of :data:`CHAPTER1` at several temperatures (T -> 0: linear in T).

    Parameters
    ----------
    temperatures : reduced temperatures ``epsilon`` (each > 0).
    current : chapter 1's reduced current ``I`` (inside :func:`current_range`).

    Returns
    -------
    list of :class:`LineResult`.

    Examples
    --------
    >>> len(temperature_scaling(temperatures=(0.02,)))
    1
    """
    return [simulated_line("chapter1", current=current, temperature=float(t)) for t in temperatures]


# -- data of the figures and the explorer ---------------------------------------------------------
#: detuning grid ``omega - |w(u0)|`` of the explorer's spectrum panel
DETUNING = np.linspace(-0.5, 0.5, 401)
#: the explorer's static stops of chapter 1's current and of the temperature
EXPLORER_CURRENTS = (3.25, 3.75, 4.5, 5.0, 5.25)
EXPLORER_TEMPERATURES = (0.01, 0.02, 0.04)
#: the live sliders' grids (min, max, step): the explorer precomputes every frame on them
EXPLORER_CURRENT_GRID = (3.25, 5.25, 0.05)
EXPLORER_TEMPERATURE_GRID = (0.01, 0.04, 0.01)


@dataclass(frozen=True, kw_only=True, eq=False)
class Curves:
    """Sweeps over chapter 1's current ``I`` (a grid inside the precession range).

    Attributes: ``current`` (I), ``u0``, ``frequency`` (``|w(u0)|``), ``fwhm`` (linear theory
    ``2 D_phi``), ``bare`` (``2 D / (1 - u0^2)``),
    ``nu``, ``gamma``; ``temperature``.
    """

    current: np.ndarray
    u0: np.ndarray
    frequency: np.ndarray
    fwhm: np.ndarray
    bare: np.ndarray
    nu: np.ndarray
    gamma: np.ndarray
    temperature: float


@cache
def curves(*, temperature=TEMPERATURE, n=121) -> Curves:
    """Frequency, cone and linewidths of :data:`CHAPTER1` across its precession range (cached).

    Examples
    --------
    >>> c = curves(temperature=0.02, n=5)
    >>> round(float(c.frequency[2]), 6)
    5.302776
    """
    eps = scalar("temperature", temperature, positive)
    lo, hi = current_range()
    I = np.linspace(lo, hi, n + 2)[1:-1]
    j = llg_current(current=I)
    kw = dict(params=CHAPTER1, field=CHAPTER1_FIELD, current=j)
    u0 = pr.cone_cosine(**kw)
    D = float(pr.free_diffusion(params=CHAPTER1, temperature=eps))
    return Curves(
        current=I,
        u0=u0,
        frequency=np.abs(pr.precession_frequency(**kw)),
        fwhm=pr.linewidth(**kw, temperature=eps),
        bare=2 * D / (1 - u0**2),
        nu=pr.coupling(**kw),
        gamma=pr.relaxation_rate(**kw),
        temperature=eps,
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class SpectrumView:
    """One frame of the explorer: the theory line and, where simulated, the measured one.

    Attributes: ``detuning`` (grid), ``theory`` (the Lorentzian series over ``detuning``, divided by
    its peak), ``sim_detuning``/``sim`` (the simulated periodogram divided by the same peak, or empty),
    ``frequency``, ``fwhm`` (theory ``2 D_phi``), ``sim_fwhm``/``sim_err`` (NaN without a simulation),
    ``current``, ``temperature``.
    """

    detuning: np.ndarray
    theory: np.ndarray
    sim_detuning: np.ndarray
    sim: np.ndarray
    frequency: float
    fwhm: float
    sim_fwhm: float
    sim_err: float
    current: float
    temperature: float


def _simulated_points():
    return {
        (I, TEMPERATURE): simulated_line("chapter1", current=I, temperature=TEMPERATURE) for I in SIM_CURRENTS
    }


def spectrum_view(*, current, temperature, simulate=True) -> SpectrumView:
    """The explorer's frame at chapter 1's current ``I`` and temperature ``epsilon``.

    Parameters
    ----------
    current : chapter 1's ``I`` inside :func:`current_range`.
    temperature : ``epsilon`` (> 0).
    simulate : overlay the simulated line at the stops of :data:`SIM_CURRENTS` and
        :data:`TEMPERATURE` (computed once, cached).

    Returns
    -------
    :class:`SpectrumView`: the theory line on :data:`DETUNING` and, at the simulated stops, the
    simulated periodogram.

    Examples
    --------
    >>> v = spectrum_view(current=4.5, temperature=0.02, simulate=False)
    >>> round(float(v.theory.max()), 6), v.sim.size
    (1.0, 0)
    """
    from .spectrum import lorentzian

    I = scalar("current", current)
    eps = scalar("temperature", temperature, positive)
    j = float(llg_current(current=I))
    kw = dict(params=CHAPTER1, field=CHAPTER1_FIELD, current=j)
    w, f = pr.line_components(**kw, temperature=eps)
    grid = np.concatenate([[0.0], DETUNING])
    both = w @ lorentzian(grid[None, :], center=0.0, fwhm=f[:, None])
    peak, line = float(both[0]), both[1:]
    u0 = float(pr.cone_cosine(**kw))
    om0 = abs(float(pr.precession_frequency(**kw)))
    empty = np.zeros(0)
    sd, sv, sf, se = empty, empty, np.nan, np.nan
    key = (round(I, 9), round(eps, 9))
    if simulate and key in {(round(a, 9), round(b, 9)) for a, b in _simulated_points()}:
        r = simulated_line("chapter1", current=I, temperature=eps)
        sel = np.abs(r.spectrum.omega - om0) <= DETUNING[-1]
        # the periodogram holds (1 - u0^2)/4 per unit-weight line (m_x = sin(theta) cos(phi))
        sd = r.spectrum.omega[sel] - om0
        sv = r.spectrum.power[sel] / ((1 - u0 * u0) / 4.0) / peak
        sf, se = r.fit.fwhm, r.fit.fwhm_err
    return SpectrumView(
        detuning=DETUNING,
        theory=line / peak,
        sim_detuning=sd,
        sim=sv,
        frequency=om0,
        fwhm=float(pr.linewidth(**kw, temperature=eps)),
        sim_fwhm=sf,
        sim_err=se,
        current=I,
        temperature=eps,
    )


def explorer_data():
    """Everything the explorer slices: the theory curves at each static temperature and the simulations.

    Returns
    -------
    dict: ``"curves"`` (temperature -> :func:`curves`) and ``"sims"`` (the cached simulated lines).

    Examples
    --------
    >>> sorted(explorer_data()["curves"])
    [0.01, 0.02, 0.04]
    """
    return {"curves": {t: curves(temperature=t) for t in EXPLORER_TEMPERATURES}, "sims": _simulated_points()}


def _grid(lo, hi, step):
    return np.round(lo + step * np.arange(int(round((hi - lo) / step)) + 1), 10)


@cache
def _explorer_table():
    """Every frame of the explorer on its slider grids, computed once (the sliders only index)."""
    currents, temps = _grid(*EXPLORER_CURRENT_GRID), _grid(*EXPLORER_TEMPERATURE_GRID)
    views = {
        (a, b): spectrum_view(current=float(I), temperature=float(t))
        for b, t in enumerate(temps)
        for a, I in enumerate(currents)
    }
    return currents, temps, views, {b: curves(temperature=float(t)) for b, t in enumerate(temps)}


def explorer_frame(*, current, temperature):
    """The explorer's data at the slider stop nearest to ``(current, temperature)`` (precomputed).

    Parameters
    ----------
    current : chapter 1's ``I`` (snapped to :data:`EXPLORER_CURRENT_GRID`).
    temperature : ``epsilon`` (> 0, snapped to :data:`EXPLORER_TEMPERATURE_GRID`).

    Returns
    -------
    tuple ``(SpectrumView, Curves)``: :func:`spectrum_view` and :func:`curves` at the snapped stop,
    computed once for the whole grid on the first call.

    Examples
    --------
    >>> v, c = explorer_frame(current=4.51, temperature=0.0199)
    >>> v.current, v.temperature, c.temperature
    (4.5, 0.02, 0.02)
    """
    I = scalar("current", current)
    eps = scalar("temperature", temperature, positive)
    currents, temps, views, cv = _explorer_table()
    a, b = int(np.argmin(np.abs(currents - I))), int(np.argmin(np.abs(temps - eps)))
    return views[(a, b)], cv[b]
