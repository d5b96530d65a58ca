"""Steady precession of the axially symmetric macrospin: cone, frequency, nonlinear shift, linewidth.

The model is the macrospin of :mod:`spinlib.macrospin.llg` in its axially symmetric geometry: the
applied field ``h``, the anisotropy axis and the polarizer ``p`` all along ``z``, so that

    h_eff = (h + k m_z) z,    torque term  j eta(theta) m x (m x z),    eta = 1 / (1 + b cos theta),

with ``k`` the signed anisotropy field (``k > 0``: easy axis ``z``, chapter 1's uniaxial magnet with
``k = 1``; ``k = 0``: an isotropic free layer; ``k < 0``: easy plane normal to ``z``) and ``b`` the
torque asymmetry (the ``B/A`` of :func:`spinlib.macrospin.llg.slonczewski_eta`, the ``q`` of
Eq. (42) of Parcollet & Waintal (2006)). Units are those of :mod:`spinlib.macrospin.llg`: time
``tau = gamma0 M_s t``, fields in units of ``M_s``, current ``j``, reduced temperature
``epsilon = k_B T / (mu0 M_s^2 V)``; angular frequencies are in units of ``gamma0 M_s``.

Why this geometry: the azimuth ``phi`` is a cyclic coordinate. With ``u = cos theta`` the Gilbert
equation splits exactly (derived in :mod:`spinlib.oscillator.derivation`) into

    du/dtau  = R(u)   = (1 - u^2) F(u) / (1 + alpha^2),   F(u) = alpha (h + k u) - j / (1 + b u),
    dphi/dtau = w(u)  = [h + k u + alpha j / (1 + b u)] / (1 + alpha^2),

so a steady precession is a cone ``u0`` with ``F(u0) = 0`` and ``F'(u0) < 0``, rotating at
``w(u0) = h + k u0``; its power ``p = (1 + u) / 2`` (the distance from the pole ``u = -1`` the
oscillator grows from) obeys a 1-D flow. At finite temperature the same split holds with
Brown's thermal field: ``u`` and ``phi`` receive independent white noises of intensity
``2 D = 2 alpha epsilon / (1 + alpha^2)`` (``phi`` through ``sqrt(2 D) / sin theta``), and the
linewidth follows from the diffusion of ``phi``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..macrospin import flow
from ..macrospin.llg import MacrospinParams
from ..validate import SpinlibInputError, check_fields, finite, in_range, instance, nonnegative, positive

__all__ = [
    "AxialMacrospin",
    "macrospin_params",
    "free_diffusion",
    "amplitude_rate",
    "phase_velocity",
    "precession_range",
    "threshold_current",
    "cone_cosine",
    "precession_frequency",
    "nonlinear_shift",
    "relaxation_rate",
    "coupling",
    "linewidth",
    "line_components",
    "line_fwhm",
    "MAX_LINE_C",
]


@dataclass(frozen=True, kw_only=True, eq=False)
class AxialMacrospin:
    """Constants of the axially symmetric macrospin oscillator (dimensionless, units of ``M_s``).

    Field, current and temperature are the controls and are passed to the functions as keyword
    arrays; this set holds the free-layer and junction constants.

    Parameters
    ----------
    anisotropy : signed anisotropy field ``k`` along ``z`` (units of ``M_s``): ``h_eff = (h + k m_z) z``.
        ``k > 0`` is an easy axis (chapter 1's uniaxial magnet has ``k = 1``), ``k = 0`` an isotropic
        layer, ``k < 0`` an easy plane.
    asymmetry : torque asymmetry ``b`` in (-1, 1), ``eta(theta) = 1 / (1 + b cos theta)`` (the ``B/A``
        of Slonczewski's factor below Eq. (25) of Ralph & Stiles (2008); the ``q`` of Eq. (42) of
        Parcollet & Waintal (2006)).
    alpha : Gilbert damping ``alpha`` (> 0).

    Examples
    --------
    >>> AxialMacrospin(anisotropy=1.0, asymmetry=0.5, alpha=0.2).alpha
    0.2
    """

    anisotropy: float = 1.0  # k, signed anisotropy field along z, units of M_s
    asymmetry: float = 0.5  # b, torque asymmetry, dimensionless, -1 < b < 1
    alpha: float = 0.2  # Gilbert damping, dimensionless, > 0

    def __post_init__(self):
        def one(check):
            def rule(name, value):
                arr = check(name, value)
                if arr.ndim:
                    raise SpinlibInputError(f"{name} must be a single number; got {value!r}")
                return arr

            return rule

        check_fields(
            self,
            anisotropy=one(finite),
            alpha=one(positive),
            asymmetry=one(lambda n, v: in_range(n, v, -1.0, 1.0, lo_open=True, hi_open=True)),
        )


def _p(params) -> AxialMacrospin:
    return instance("params", params, AxialMacrospin)


def _controls(field, current):
    h, j = finite("field", field), finite("current", current)
    try:
        np.broadcast_shapes(h.shape, j.shape)
    except ValueError as exc:
        raise SpinlibInputError(
            f"field and current must broadcast together; got shapes {h.shape}, {j.shape}"
        ) from exc
    return h, j


def macrospin_params(*, params, field) -> MacrospinParams:
    """The :class:`spinlib.macrospin.llg.MacrospinParams` of this oscillator at field ``field``.

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : applied field ``h`` along ``z`` (units of ``M_s``); an array is a batch.

    Returns
    -------
    MacrospinParams with ``p = z``, ``q = A = 1``, ``B = b``; ``k >= 0`` as ``h_k = k`` along ``z``,
    ``k < 0`` as the easy-plane coefficient ``N = -k`` with normal ``z`` (the same ``h_eff``).

    Examples
    --------
    >>> P = macrospin_params(params=AxialMacrospin(anisotropy=-1.0), field=-2.0)
    >>> float(P.demag), float(P.hk), float(P.field[2])
    (1.0, 0.0, -2.0)
    """
    P = _p(params)
    h = finite("field", field)
    z = np.array([0.0, 0.0, 1.0])
    k = P.anisotropy
    return MacrospinParams(
        field=np.multiply.outer(h, z),
        hk=max(k, 0.0),
        easy_axis=z,
        demag=max(-k, 0.0),
        normal=z,
        alpha=P.alpha,
        fixed=z,
        q=1.0,
        A=1.0,
        B=P.asymmetry,
    )


def free_diffusion(*, params, temperature):
    """Brown's free rotational diffusion constant ``D = alpha epsilon / (1 + alpha^2)``.

    Parameters
    ----------
    params : :class:`AxialMacrospin` (its ``alpha``).
    temperature : reduced temperature ``epsilon = k_B T / (mu0 M_s^2 V)`` (>= 0).

    Returns
    -------
    ndarray, ``D`` in units of ``gamma0 M_s`` (per unit time, radians squared).

    Examples
    --------
    >>> float(free_diffusion(params=AxialMacrospin(alpha=0.5), temperature=0.01))
    0.004
    """
    P = _p(params)
    eps = nonnegative("temperature", temperature)
    return P.alpha * eps / (1.0 + P.alpha**2)


# -- the split equations --------------------------------------------------------------------------
def _F(u, h, j, P):
    return P.alpha * (h + P.anisotropy * u) - j / (1.0 + P.asymmetry * u)


def _dF(u, h, j, P):
    b = P.asymmetry
    return P.alpha * P.anisotropy + j * b / (1.0 + b * u) ** 2


def _w(u, h, j, P):
    return (h + P.anisotropy * u + P.alpha * j / (1.0 + P.asymmetry * u)) / (1.0 + P.alpha**2)


def _dw(u, h, j, P):
    b = P.asymmetry
    return (P.anisotropy - P.alpha * j * b / (1.0 + b * u) ** 2) / (1.0 + P.alpha**2)


def amplitude_rate(u, *, params, field, current):
    """Deterministic polar flow ``du/dtau = R(u) = (1 - u^2) F(u) / (1 + alpha^2)``.

    Parameters
    ----------
    u : ``cos theta = m_z`` in [-1, 1].
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).
    current : current ``j`` of :mod:`spinlib.macrospin.llg`.

    Returns
    -------
    ndarray, ``du/dtau`` (units of ``gamma0 M_s``).

    Notes
    -----
    ``F(u) = alpha (h + k u) - j / (1 + b u)``; the ``z`` component of the Gilbert equation of
    :func:`spinlib.macrospin.llg.llg_rhs` (Eq. (3) of Ralph & Stiles (2008) with the torque of
    their Eq. (25)) in this geometry, derived in :func:`spinlib.oscillator.derivation.split_equations`.
    With ``k = 1``, ``j = -alpha I`` it is Eq. (44) of Parcollet & Waintal (2006) times ``alpha``.

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
    >>> round(float(amplitude_rate(0.0, params=P, field=-1.0, current=-0.5)), 12)
    0.0
    """
    P = _p(params)
    u = in_range("u", u, -1.0, 1.0)
    h, j = _controls(field, current)
    return (1.0 - u * u) * _F(u, h, j, P) / (1.0 + P.alpha**2)


def phase_velocity(u, *, params, field, current):
    """Azimuthal velocity ``dphi/dtau = w(u) = [h + k u + alpha j / (1 + b u)] / (1 + alpha^2)``.

    Parameters
    ----------
    u : ``cos theta`` in [-1, 1].
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).
    current : current ``j`` of :mod:`spinlib.macrospin.llg`.

    Returns
    -------
    ndarray, angular velocity (units of ``gamma0 M_s``), signed (negative: clockwise seen from +z).

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
    >>> round(float(phase_velocity(0.0, params=P, field=-1.0, current=-0.5)), 12)
    -1.0
    """
    P = _p(params)
    u = in_range("u", u, -1.0, 1.0)
    h, j = _controls(field, current)
    return _w(u, h, j, P)


def precession_range(*, params, field):
    """Currents at which the cone touches the poles: ``j(u = -1)`` and ``j(u = +1)``.

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).

    Returns
    -------
    j_minus, j_plus : ndarray, ``alpha (h - k)(1 - b)`` and ``alpha (h + k)(1 + b)``, the roots of
        ``F(-1) = 0`` and ``F(+1) = 0``. A stable cone exists for currents strictly between them when
        ``F' < 0`` along the branch (checked by :func:`cone_cosine`). ``j_minus`` is where the
        pole ``u = -1`` loses stability: with ``k = 1`` and ``j = -alpha I`` it is the ``minus`` line
        ``I = (1 - q)(1 - H)`` of Eq. (48) of Parcollet & Waintal (2006).

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=1.0, asymmetry=0.5, alpha=0.2)
    >>> [round(float(x), 6) for x in precession_range(params=P, field=-5.0)]
    [-0.6, -1.2]
    """
    P = _p(params)
    h = finite("field", field)
    k, b = P.anisotropy, P.asymmetry
    return P.alpha * (h - k) * (1.0 - b), P.alpha * (h + k) * (1.0 + b)


def threshold_current(*, params, field):
    """Threshold current of the oscillator: where the pole ``u = -1`` turns unstable.

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).

    Returns
    -------
    ndarray, ``j_th = alpha (h - k)(1 - b)``, the first output of :func:`precession_range`.

    Examples
    --------
    >>> round(float(threshold_current(params=AxialMacrospin(anisotropy=0.0, alpha=0.5), field=-1.0)), 6)
    -0.25
    """
    return precession_range(params=params, field=field)[0]


def _cone(h, j, P):
    """Root of ``F`` in (-1, 1) with ``F' < 0``; NaN where there is none (callers raise)."""
    k, b, al = P.anisotropy, P.asymmetry, P.alpha
    # (1 + b u) F(u) = al k b u^2 + al (k + h b) u + (al h - j)
    a2 = np.broadcast_to(al * k * b, np.shape(h + j)).astype(float)
    a1 = al * (k + h * b) + 0.0 * j
    a0 = al * h - j
    s = np.where(a2 < 0.0, -1.0, 1.0)
    a2, a1, a0 = np.broadcast_arrays(s * a2, s * a1, s * a0)
    flat = (a2 == 0.0) & (a1 == 0.0)
    lo, hi, real = flow._roots(a2, np.where(flat, 1.0, a1), np.where(flat, 2.0, a0))
    out = np.full(np.shape(lo), np.nan)
    for r in (lo, hi):
        with np.errstate(invalid="ignore", over="ignore"):
            ok = real & ~flat & (np.abs(r) < 1.0) & (_dF(np.clip(r, -1, 1), h, j, P) < 0.0) & np.isnan(out)
        out = np.where(ok, r, out)
    return out


def cone_cosine(*, params, field, current):
    """``u0 = cos theta0`` of the stable precession cone at this field and current.

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).
    current : current ``j`` of :mod:`spinlib.macrospin.llg`; must lie where a stable cone exists.

    Returns
    -------
    ndarray, ``u0`` in (-1, 1): the root of ``F(u0) = 0`` (a quadratic after multiplying by
    ``1 + b u``) with ``F'(u0) < 0``.

    Raises
    ------
    ValueError
        Where no stable cone exists (below threshold, beyond the pole ``u = +1``, or ``F' >= 0``);
        the message gives :func:`precession_range`.

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=1.0, asymmetry=0.5, alpha=0.2)
    >>> round(float(cone_cosine(params=P, field=-5.0, current=-0.9)), 6)
    -0.302776
    """
    P = _p(params)
    h, j = _controls(field, current)
    u0 = _cone(h, j, P)
    if np.any(np.isnan(u0)):
        lo, hi = precession_range(params=P, field=h)
        raise SpinlibInputError(
            f"current must lie where a stable precession cone exists (between j(u=-1) = {np.min(lo):.6g} and "
            f"j(u=+1) = {np.max(hi):.6g} for field={field!r}, with F'(u0) < 0); got current={current!r}"
        )
    return u0


def precession_frequency(*, params, field, current):
    """Angular frequency ``w(u0) = h + k u0`` of the steady precession (signed).

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).
    current : current ``j`` (inside the precession range).

    Returns
    -------
    ndarray, ``dphi/dtau`` on the cone (units of ``gamma0 M_s``); the spectral line of ``m_x`` sits
    at its absolute value. At threshold (``u0 = -1``) it is ``h - k``, the ferromagnetic-resonance
    frequency of the pole.

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=1.0, asymmetry=0.5, alpha=0.2)
    >>> round(float(precession_frequency(params=P, field=-5.0, current=-0.9)), 6)
    -5.302776
    """
    P = _p(params)
    h, j = _controls(field, current)
    u0 = cone_cosine(params=P, field=h, current=j)
    return _w(u0, h, j, P)


def nonlinear_shift(*, params, field, current):
    """Nonlinear frequency shift ``N = dw/dp`` at fixed current, on the cone, ``p = (1 + u)/2``.

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).
    current : current ``j`` (inside the precession range).

    Returns
    -------
    ndarray, ``N = 2 w'(u0) = 2 [k + alpha j b / (1 + b u0)^2] / (1 + alpha^2)`` (units of ``gamma0 M_s``).
    This is how much an amplitude fluctuation moves the phase velocity; the steady-state frequency
    as the current moves the cone changes by ``d w(u0) / d p0 = 2 k`` instead (they differ by the
    torque's share ``alpha j`` of the azimuthal motion).

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
    >>> round(float(nonlinear_shift(params=P, field=-1.0, current=-0.5)), 6)
    0.2
    """
    P = _p(params)
    h, j = _controls(field, current)
    u0 = cone_cosine(params=P, field=h, current=j)
    return 2.0 * _dw(u0, h, j, P)


def relaxation_rate(*, params, field, current):
    """Rate ``Gamma = -R'(u0)`` at which amplitude (power) deviations from the cone decay.

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).
    current : current ``j`` (inside the precession range).

    Returns
    -------
    ndarray, ``Gamma = -(1 - u0^2) F'(u0) / (1 + alpha^2) > 0`` (units of ``gamma0 M_s``); it vanishes
    at threshold (critical slowing down). In the notation of Kim, Slavin & Tiberkevich (2008) it is
    the power relaxation rate ``2 Gamma_eff``.

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
    >>> round(float(relaxation_rate(params=P, field=-1.0, current=-0.5)), 6)
    0.2
    """
    P = _p(params)
    h, j = _controls(field, current)
    u0 = cone_cosine(params=P, field=h, current=j)
    return -(1.0 - u0 * u0) * _dF(u0, h, j, P) / (1.0 + P.alpha**2)


def coupling(*, params, field, current):
    """Amplitude-phase coupling ``nu = N p0 (1 - p0) * 2 / Gamma`` (dimensionless).

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).
    current : current ``j`` (inside the precession range).

    Returns
    -------
    ndarray, ``nu = w'(u0) (1 - u0^2) / Gamma`` (= ``N p0 (1 - p0) / Gamma_eff`` with
    ``Gamma = 2 Gamma_eff``; for small ``p0`` the ``nu = N p0 / Gamma_eff`` of Kim, Slavin &
    Tiberkevich (2008)). For ``k = 0`` it is exactly ``alpha``.

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
    >>> round(float(coupling(params=P, field=-1.0, current=-0.5)), 6)
    0.5
    """
    P = _p(params)
    h, j = _controls(field, current)
    u0 = cone_cosine(params=P, field=h, current=j)
    return -_dw(u0, h, j, P) / _dF(u0, h, j, P) * (1.0 + P.alpha**2)


def linewidth(*, params, field, current, temperature):
    """Full width at half maximum ``Delta omega`` of the oscillator line from phase diffusion (linear theory).

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : field ``h`` along ``z`` (units of ``M_s``).
    current : current ``j`` (inside the precession range).
    temperature : reduced temperature ``epsilon = k_B T / (mu0 M_s^2 V)`` (>= 0; 0 gives 0 exactly).

    Returns
    -------
    ndarray, ``Delta omega = 2 D (1 + nu^2) / (1 - u0^2)``, FWHM in angular frequency (units of
    ``gamma0 M_s``; divide by ``2 pi`` for the FWHM in frequency), ``D`` from :func:`free_diffusion`.

    Notes
    -----
    Linearising ``u`` about the cone (an Ornstein-Uhlenbeck process of rate ``Gamma`` and noise
    ``2 D (1 - u0^2)``) and integrating ``dphi = w(u) dtau + sqrt(2 D) / sin theta dW``, the phase
    variance grows as ``2 D_phi tau`` with ``D_phi = D (1 + nu^2) / (1 - u0^2)``
    (:func:`spinlib.oscillator.derivation.phase_diffusion`); ``<exp(i Delta phi)> = exp(-D_phi |tau|)``
    makes a Lorentzian of FWHM ``2 D_phi``. The form of Kim, Slavin & Tiberkevich (2008),
    ``Gamma_+ (k_B T / E(p0)) (1 + nu^2)``, has the same structure (a thermal-to-oscillation
    energy ratio times ``1 + nu^2``). Valid while ``D_phi << Gamma`` (far enough above threshold).

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
    >>> round(float(linewidth(params=P, field=-1.0, current=-0.5, temperature=0.01)), 6)
    0.01
    """
    P = _p(params)
    h, j = _controls(field, current)
    eps = nonnegative("temperature", temperature)
    u0 = cone_cosine(params=P, field=h, current=j)
    nu = coupling(params=P, field=h, current=j)
    return 2.0 * free_diffusion(params=P, temperature=eps) * (1.0 + nu * nu) / (1.0 - u0 * u0)


#: largest ``c = D_amp / Gamma`` the alternating series of :func:`line_components` accepts
MAX_LINE_C = 5.0


def line_components(*, params, field, current, temperature):
    """The oscillator line of the linearised theory as a sum of Lorentzians (Gaussian phase, OU amplitude).

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field : field ``h`` (a single number, units of ``M_s``).
    current : current ``j`` (a single number inside the precession range).
    temperature : reduced temperature ``epsilon`` (a single number, > 0).

    Returns
    -------
    weights, fwhms : ndarrays (n,), the line ``sum_n weights[n] * L(omega; fwhms[n])`` with ``L`` the
        unit-weight Lorentzian of :func:`spinlib.oscillator.spectrum.lorentzian`; the weights sum to 1.

    Notes
    -----
    With the amplitude an Ornstein-Uhlenbeck process (rate ``Gamma``), the phase is Gaussian and
    ``<exp(i Delta phi(tau))> = exp(-D_phi tau + c (1 - exp(-Gamma tau)))`` with
    ``c = D_amp / Gamma``, ``D_amp = nu^2 D / (1 - u0^2)`` the share of ``D_phi`` that comes from the
    amplitude-phase coupling. Expanding ``exp(-c exp(-Gamma tau))`` gives Lorentzians of FWHM
    ``2 (D_phi + n Gamma)`` with weights ``exp(c) (-c)^n / n!``. For ``c << 1`` the line is the single
    Lorentzian of :func:`linewidth`; for ``c >~ 1`` (large ``nu``, or ``D_phi`` not small against
    ``Gamma``) it turns Gaussian and narrower than ``2 D_phi``. Amplitude (``sin theta``) fluctuations,
    a broad pedestal of relative weight ``~ D / Gamma``, are left out.

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
    >>> w, f = line_components(params=P, field=-1.0, current=-0.5, temperature=0.01)
    >>> round(float(w.sum()), 12), round(float(f[0]), 6)
    (1.0, 0.01)
    """
    from math import lgamma

    P = _p(params)
    from ..validate import scalar

    h, j = scalar("field", field), scalar("current", current)
    eps = scalar("temperature", temperature, positive)
    u0 = float(cone_cosine(params=P, field=h, current=j))
    nu = float(coupling(params=P, field=h, current=j))
    G = float(relaxation_rate(params=P, field=h, current=j))
    Dw = float(free_diffusion(params=P, temperature=eps)) / (1.0 - u0 * u0)
    c = nu * nu * Dw / G
    if c > MAX_LINE_C:
        raise SpinlibInputError(
            f"temperature too high for the series of Lorentzians (c = D_amp/Gamma = {c:.3g} "
            f"> {MAX_LINE_C}); got temperature={temperature!r}"
        )
    n = np.arange(int(np.ceil(3.0 * c + 30.0)))
    logw = (
        c + n * np.log(c) - np.array([lgamma(k + 1.0) for k in n])
        if c > 0
        else np.where(n == 0, 0.0, -np.inf)
    )
    w = np.where(n % 2 == 0, 1.0, -1.0) * np.exp(logw)
    return w, 2.0 * (Dw * (1.0 + nu * nu) + n * G)


def line_fwhm(*, params, field, current, temperature):
    """FWHM of the line of :func:`line_components` (found by bisection; 0 exactly at ``T = 0``).

    Parameters
    ----------
    params : :class:`AxialMacrospin`.
    field, current : single numbers (current inside the precession range).
    temperature : reduced temperature ``epsilon`` (>= 0).

    Returns
    -------
    float, the full width at half maximum (angular frequency, units of ``gamma0 M_s``); tends to
    :func:`linewidth` as ``T -> 0`` (relative difference of order ``c``).

    Examples
    --------
    >>> P = AxialMacrospin(anisotropy=0.0, asymmetry=0.5, alpha=0.5)
    >>> round(line_fwhm(params=P, field=-1.0, current=-0.5, temperature=0.01), 5)
    0.01
    """
    from scipy.optimize import brentq

    from ..validate import scalar

    eps = scalar("temperature", temperature, nonnegative)
    if eps == 0.0:
        cone_cosine(params=params, field=field, current=current)  # validates the point
        return 0.0
    w, f = line_components(params=params, field=field, current=current, temperature=eps)
    g = f / 2.0

    def shape(d):
        return float(np.sum(w * 2.0 * g / (g * g + d * d)))

    half = shape(0.0) / 2.0
    hi = g[0]
    while shape(hi) >= half:
        hi *= 2.0
    return 2.0 * brentq(lambda d: shape(d) - half, 0.0, hi, xtol=1e-14 * hi, rtol=1e-12)
