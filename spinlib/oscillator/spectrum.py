"""Power spectrum of the thermal oscillator: stochastic trajectories, periodograms, Lorentzian fit.

:func:`simulate_spectrum` runs the book's one stochastic LLG integrator
(:func:`spinlib.macrospin.integrate_stochastic`, Brown's thermal field, Heun/Stratonovich) for a batch
of samples started on the precession cone, discards a burn-in and averages the periodograms of
``m_x``. :func:`fit_lorentzian` fits the *expected periodogram of a record of finite length*
(:func:`expected_periodogram`: a Lorentzian seen through the record's Fejer window, exact for a
phase-diffusing sinusoid) so that the fitted width carries no finite-record bias, and returns it
with its standard error. Units: those of :mod:`spinlib.oscillator.precession`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.optimize import curve_fit

from ..macrospin import integrate_stochastic
from ..validate import SpinlibInputError, count, finite, instance, nonnegative, positive, scalar
from .precession import _p, cone_cosine, macrospin_params

__all__ = [
    "Spectrum",
    "LorentzianFit",
    "lorentzian",
    "expected_periodogram",
    "periodogram",
    "simulate_spectrum",
    "fit_lorentzian",
]


@dataclass(frozen=True, kw_only=True, eq=False)
class Spectrum:
    """An averaged one-sided periodogram.

    Attributes
    ----------
    omega : ndarray (n,), angular frequencies ``2 pi k / T`` (units of ``gamma0 M_s``), from 0.
    power : ndarray (n,), the periodogram ``(dt / M) |sum x_n exp(-i omega n dt)|^2`` averaged over the
        samples (units of ``m_x^2`` per unit angular frequency, two-sided density convention).
    duration : record length ``T = M dt`` (units of ``1 / (gamma0 M_s)``).
    n_samples : number of averaged records.

    Examples
    --------
    >>> s = Spectrum(omega=[0.0, 1.0], power=[0.0, 2.0], duration=6.28, n_samples=1)
    >>> s.power.tolist()
    [0.0, 2.0]
    """

    omega: np.ndarray
    power: np.ndarray
    duration: float
    n_samples: int

    def __post_init__(self):
        om, pw = finite("omega", self.omega), nonnegative("power", self.power)
        if om.ndim != 1 or pw.shape != om.shape:
            raise SpinlibInputError(
                f"omega and power must be 1-D of equal length; got {om.shape}, {pw.shape}"
            )
        object.__setattr__(self, "omega", om)
        object.__setattr__(self, "power", pw)
        object.__setattr__(self, "duration", scalar("duration", self.duration, positive))
        object.__setattr__(self, "n_samples", count("n_samples", self.n_samples, minimum=1))


@dataclass(frozen=True, kw_only=True, eq=False)
class LorentzianFit:
    """Result of :func:`fit_lorentzian`: centre, FWHM and their standard errors, amplitude, background.

    Attributes
    ----------
    center, center_err : line centre ``omega0`` and its standard error (units of ``gamma0 M_s``).
    fwhm, fwhm_err : full width at half maximum in angular frequency and its standard error.
    amplitude : the line's integrated weight ``A`` (``power ~ A fwhm / ((omega - omega0)^2 + fwhm^2/4)``).
    background : constant background under the line.
    chi2 : reduced chi-squared of the fit (about 1 for a Lorentzian line).

    Examples
    --------
    >>> LorentzianFit(center=1.0, center_err=0.0, fwhm=0.1, fwhm_err=0.01, amplitude=1.0, background=0.0,
    ...               chi2=1.0).fwhm
    0.1
    """

    center: float
    center_err: float
    fwhm: float
    fwhm_err: float
    amplitude: float
    background: float
    chi2: float


def lorentzian(omega, *, center, fwhm, amplitude=1.0):
    """Lorentzian line ``A fwhm / ((omega - center)^2 + fwhm^2 / 4)`` (the infinite-record limit).

    Parameters
    ----------
    omega : angular frequencies (units of ``gamma0 M_s``).
    center : line centre ``omega0``.
    fwhm : full width at half maximum (> 0).
    amplitude : weight ``A`` (>= 0): the line integrates to ``2 pi A``.

    Returns
    -------
    ndarray, the line shape (broadcast of the inputs).

    Examples
    --------
    >>> float(lorentzian(1.0, center=1.0, fwhm=0.5)) / float(lorentzian(1.25, center=1.0, fwhm=0.5))
    2.0
    """
    om, c = finite("omega", omega), finite("center", center)
    w, a = positive("fwhm", fwhm), nonnegative("amplitude", amplitude)
    return a * w / ((om - c) ** 2 + 0.25 * w * w)


def _fejer_lorentz(delta, gamma, T):
    """``int_{-T}^{T} (1 - |tau|/T) exp(-gamma |tau| - i delta tau) dtau`` (real, > 0)."""
    z = gamma + 1j * delta
    zt = z * T
    # 1/z - (1 - exp(-zT)) / (z^2 T); for |zT| small the series avoids the cancellation
    small = np.abs(zt) < 1e-3
    zs = np.where(small, 1.0, z)
    big = 1.0 / zs - (-np.expm1(-zs * T)) / (zs * zs * T)
    ser = T * (0.5 - zt / 6.0 + zt * zt / 24.0)
    return 2.0 * np.real(np.where(small, ser, big))


def expected_periodogram(omega, *, center, fwhm, amplitude, duration):
    """Expected periodogram of a phase-diffusing sinusoid recorded for a time ``duration``.

    Parameters
    ----------
    omega : angular frequencies (units of ``gamma0 M_s``).
    center : line centre ``omega0`` (> 0 for the positive-frequency line; the mirror line at
        ``-omega0`` is included).
    fwhm : full width at half maximum of the underlying Lorentzian (``2 D_phi``, > 0).
    amplitude : weight ``A`` of each line (>= 0).
    duration : record length ``T`` (> 0).

    Returns
    -------
    ndarray: ``(A/2) [K(omega - omega0) + K(omega + omega0)]`` with
    ``K(delta) = int_{-T}^{T} (1 - |tau|/T) exp(-(fwhm/2)|tau| - i delta tau) dtau``; it tends to
    ``(A/2) [L(omega - omega0) + L(omega + omega0)]`` (``L`` = :func:`lorentzian` of unit weight) as
    ``T -> inf`` and is the exact mean of :func:`periodogram` for
    ``x = s cos(omega0 t + phi(t))`` with ``phi`` a Wiener process (``A = s^2 / 2``).

    Examples
    --------
    >>> x = expected_periodogram(1.0, center=1.0, fwhm=0.1, amplitude=1.0, duration=1e6)
    >>> both = lorentzian(1.0, center=1.0, fwhm=0.1) + lorentzian(1.0, center=-1.0, fwhm=0.1)
    >>> round(float(x), 2), round(0.5 * float(both), 2)
    (20.01, 20.01)
    """
    om, c = finite("omega", omega), finite("center", center)
    w, a = positive("fwhm", fwhm), nonnegative("amplitude", amplitude)
    T = positive("duration", duration)
    return 0.5 * a * (_fejer_lorentz(om - c, 0.5 * w, T) + _fejer_lorentz(om + c, 0.5 * w, T))


def periodogram(x, *, dt) -> Spectrum:
    """Periodogram of real records ``x`` (..., M), averaged over all leading axes.

    Parameters
    ----------
    x : array (..., M), equally spaced samples (M >= 2).
    dt : sampling step (> 0, units of ``1 / (gamma0 M_s)``).

    Returns
    -------
    :class:`Spectrum`, ``power(omega_k) = (dt / M) |sum_n x_n exp(-i omega_k n dt)|^2`` averaged over
    the records, at ``omega_k = 2 pi k / (M dt)``, ``k = 0 .. M // 2``.

    Examples
    --------
    >>> t = np.arange(64) * 0.5
    >>> s = periodogram(np.cos(2 * np.pi * 4 / 32 * t), dt=0.5)
    >>> int(np.argmax(s.power)), round(float(s.omega[4]), 6)
    (4, 0.785398)
    """
    x = finite("x", x)
    dt = scalar("dt", dt, positive)
    if x.ndim < 1 or x.shape[-1] < 2:
        raise SpinlibInputError(f"x must have at least 2 samples on its last axis; got shape {x.shape}")
    M = x.shape[-1]
    X = np.fft.rfft(x, axis=-1)
    power = (dt / M) * np.abs(X) ** 2
    power = power.reshape(-1, power.shape[-1])
    omega = 2.0 * np.pi * np.fft.rfftfreq(M, d=dt)
    return Spectrum(omega=omega, power=power.mean(axis=0), duration=M * dt, n_samples=power.shape[0])


def simulate_spectrum(
    *, params, field, current, temperature, duration, dt, n_samples, burn_in=None, stride=1, seed=None
) -> Spectrum:
    """Averaged periodogram of ``m_x`` from stochastic LLG trajectories started on the cone.

    Parameters
    ----------
    params : :class:`spinlib.oscillator.precession.AxialMacrospin`.
    field : field ``h`` along ``z`` (a single number, units of ``M_s``).
    current : current ``j`` (a single number inside the precession range).
    temperature : reduced temperature ``epsilon`` (a single number, >= 0).
    duration : length of each recorded trajectory (> 0, units of ``1 / (gamma0 M_s)``).
    dt : integration step (> 0); ``duration / dt`` and ``burn_in / dt`` are rounded to integers.
    n_samples : number of independent trajectories (integer >= 1).
    burn_in : time integrated before recording, default ``5 / Gamma`` (the amplitude relaxation
        of :func:`spinlib.oscillator.precession.relaxation_rate`), >= 0.
    stride : keep every ``stride``-th step in the record (integer >= 1).
    seed : int, ``numpy.random.Generator`` or None.

    Returns
    -------
    :class:`Spectrum` of ``m_x`` (record length ``n dt``, ``n`` the recorded steps).

    Examples
    --------
    >>> from spinlib.oscillator.precession import AxialMacrospin
    >>> P = AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
    >>> s = simulate_spectrum(params=P, field=-1.0, current=-0.5, temperature=0.0, duration=62.8,
    ...                       dt=0.05, n_samples=2, burn_in=0.0, seed=1)
    >>> round(float(s.omega[np.argmax(s.power)]), 1)
    1.0
    """
    from .precession import relaxation_rate

    P = _p(params)
    h = scalar("field", field)
    j = scalar("current", current)
    eps = scalar("temperature", temperature, nonnegative)
    T = scalar("duration", duration, positive)
    dt = scalar("dt", dt, positive)
    n = count("n_samples", n_samples, minimum=1)
    stride = count("stride", stride, minimum=1)
    u0 = float(cone_cosine(params=P, field=h, current=j))
    if burn_in is None:
        burn_in = 5.0 / float(relaxation_rate(params=P, field=h, current=j))
    burn_in = scalar("burn_in", burn_in, nonnegative)
    rng = (
        seed
        if isinstance(seed, np.random.Generator)
        else np.random.default_rng(None if seed is None else count("seed", seed))
    )
    phi = rng.uniform(0.0, 2.0 * np.pi, n)
    s0 = np.sqrt(1.0 - u0 * u0)
    m0 = np.stack([s0 * np.cos(phi), s0 * np.sin(phi), np.full(n, u0)], axis=-1)
    mp = macrospin_params(params=P, field=h)
    nb = int(round(burn_in / dt))
    if nb > 0:
        m0 = integrate_stochastic(
            m0, params=mp, current=j, temperature=eps, t_end=nb * dt, n_steps=nb, n_out=1, seed=rng
        ).m[:, -1]
    n_rec = max(stride, int(round(T / (dt * stride))) * stride)
    tr = integrate_stochastic(
        m0,
        params=mp,
        current=j,
        temperature=eps,
        t_end=n_rec * dt,
        n_steps=n_rec,
        n_out=n_rec // stride,
        seed=rng,
    )
    return periodogram(tr.m[:, 1:, 0], dt=dt * stride)


def _model(T):
    def f(om, c, w, a, bg):
        return expected_periodogram(om, center=c, fwhm=abs(w) + 1e-300, amplitude=abs(a), duration=T) + bg

    return f


def fit_lorentzian(spectrum, *, window=6.0) -> LorentzianFit:
    """Fit the line of a :class:`Spectrum` with :func:`expected_periodogram` plus a constant.

    Parameters
    ----------
    spectrum : :class:`Spectrum` (averaged periodogram, ``n_samples`` records).
    window : half-width of the fitted band around the peak, in units of a first width estimate
        (> 0; default 6).

    Returns
    -------
    :class:`LorentzianFit`. Weighted least squares with the periodogram's own scatter: an average of
    ``K`` periodograms has relative standard deviation ``1 / sqrt(K)`` at each frequency, so the
    weights are ``model / sqrt(K)`` (a second pass uses the first fit's model); the errors are the
    square roots of the covariance diagonal (``absolute_sigma``).

    Examples
    --------
    >>> om = np.linspace(0.0, 2.0, 401)
    >>> s = Spectrum(omega=om, power=expected_periodogram(om, center=1.0, fwhm=0.1, amplitude=1.0,
    ...              duration=500.0), duration=500.0, n_samples=10)
    >>> round(fit_lorentzian(s).fwhm, 6)
    0.1
    """
    s = instance("spectrum", spectrum, Spectrum)
    win = scalar("window", window, positive)
    om, pw = s.omega, s.power
    k0 = int(np.argmax(pw[1:])) + 1
    half = pw[k0] / 2.0
    above = np.flatnonzero(pw >= half)
    lo = above[above <= k0]
    hi = above[above >= k0]
    w0 = max(om[hi.max()] - om[lo.min()], 2.0 * np.pi / s.duration)
    sel = np.abs(om - om[k0]) <= win * w0
    if sel.sum() < 6:
        raise SpinlibInputError(
            f"the line is resolved by fewer than 6 frequencies (record too short for its "
            f"width); got spectrum of duration {s.duration:g}"
        )
    x, y = om[sel], pw[sel]
    f = _model(s.duration)
    p0 = (om[k0], w0 / 2.0, pw[k0] * w0 / 8.0, max(float(np.median(pw)), 0.0))
    sig = np.maximum(y, 1e-300) / np.sqrt(s.n_samples)
    for _ in range(2):
        popt, pcov = curve_fit(f, x, y, p0=p0, sigma=sig, absolute_sigma=True, maxfev=20000)
        p0 = popt
        sig = np.maximum(np.abs(f(x, *popt)), 1e-300) / np.sqrt(s.n_samples)
    err = np.sqrt(np.maximum(np.diag(pcov), 0.0))
    chi2 = float(np.sum(((y - f(x, *popt)) / sig) ** 2) / max(x.size - 4, 1))
    return LorentzianFit(
        center=float(popt[0]),
        center_err=float(err[0]),
        fwhm=float(abs(popt[1])),
        fwhm_err=float(err[1]),
        amplitude=float(abs(popt[2])),
        background=float(popt[3]),
        chi2=chi2,
    )
