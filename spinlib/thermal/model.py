"""The axially symmetric thermal macrospin: polar drift, effective potential, barrier, thermal
stability factor, retention time and the Neel-Brown rate with current.

**Reduced units (chapter "Spin torque at finite temperature").** Those of
:mod:`spinlib.macrospin.llg`: fields in units of ``M_s``, energies in units of ``mu0 M_s^2 V``, time
``tau = gamma0 M_s t``, current ``j`` in units of :func:`spinlib.macrospin.si.current_unit`, and the
reduced thermal energy ``epsilon = k_B T / (mu0 M_s^2 V)`` (the ``temperature`` of
:func:`spinlib.macrospin.integrate_stochastic`).

**Geometry.** Uniaxial anisotropy ``h_k`` along ``z``, applied field ``h`` along ``z`` and the
fixed layer ``p = z`` (no easy-plane term: a perpendicular free layer with its shape anisotropy
folded into ``h_k``). Then the Gilbert equation with Slonczewski's torque moves ``z = cos theta`` by

    dz/dtau = (1 - z^2) [alpha (h_k z + h) - j eta(z)] / (1 + alpha^2),

and, because ``eta`` depends on ``z`` alone, the spin-torque drift is a gradient in ``z``: the
Fokker-Planck equation of ``z`` is that of a potential ``E_eff(z) = E(z) + (j / alpha) Phi(z)``
with ``Phi(z) = int_1^z eta`` (derived in :mod:`spinlib.thermal.derivation`). Everything in this
module starts in the parallel well (``z = +1``) and asks for its escape; positive ``j``
destabilises it (the sign convention of Eq. (25) of Ralph & Stiles (2008)).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..activation.escape import log_escape_time, mean_first_passage_time
from ..macrospin.llg import MacrospinParams, energy, slonczewski_eta
from ..macrospin.thresholds import critical_current as _macrospin_critical_current
from ..validate import (
    SpinlibInputError,
    check_fields,
    finite,
    in_range,
    instance,
    nonnegative,
    positive,
    show,
)

__all__ = [
    "ThermalMacrospin",
    "spin_torque_potential",
    "effective_energy",
    "polar_drift",
    "diffusion_constant",
    "free_diffusion_time",
    "critical_current",
    "barrier",
    "stability_factor",
    "attempt_time",
    "retention_time",
    "neel_brown_time",
    "escape_time",
    "mean_first_passage_time_top",
]

_LOG_MAX = 700.0


@dataclass(frozen=True, kw_only=True, eq=False)
class ThermalMacrospin:
    """A perpendicular free layer with its polarizer, in the axially symmetric geometry.

    Parameters
    ----------
    hk : effective uniaxial anisotropy field ``h_k = H_k / M_s`` (> 0).
    field : applied field ``h = H / M_s`` along the easy axis and ``p``, in ``(-h_k, h_k)``
        (both poles are minima at zero current).
    alpha : Gilbert damping (> 0).
    q, A, B : Slonczewski's ``eta(z) = q / (A + B z)`` (``q, A > 0``, ``|B| < A``), below
        Eq. (25) of Ralph & Stiles (2008); ``B = 0`` is a constant efficiency.

    Examples
    --------
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> P.macrospin_params().fixed.tolist()
    [0.0, 0.0, 1.0]
    """

    hk: float = 1.0  # h_k, units of M_s
    field: float = 0.0  # h, units of M_s, along +z (favours the P state when positive)
    alpha: float = 0.05  # Gilbert alpha, dimensionless
    q: float = 1.0  # Slonczewski q, dimensionless
    A: float = 1.0  # Slonczewski A, dimensionless
    B: float = 0.0  # Slonczewski B, dimensionless

    def __post_init__(self):
        check_fields(self, hk=positive, alpha=positive, q=positive, A=positive, B=finite, field=finite)
        for name in ("hk", "field", "alpha", "q", "A", "B"):
            if np.ndim(getattr(self, name)) != 0:
                raise SpinlibInputError(f"{name} must be a scalar; got {show(getattr(self, name))}")
        if not -self.hk < self.field < self.hk:
            raise SpinlibInputError(
                f"field must lie in (-hk, hk) = ({-self.hk:g}, {self.hk:g}) so that both "
                f"poles are minima; got {show(self.field)}"
            )
        if not abs(self.B) < self.A:
            raise SpinlibInputError(
                f"B must satisfy -A < B < A (eta finite); got B={show(self.B)} with A={show(self.A)}"
            )

    def macrospin_params(self) -> MacrospinParams:
        """The same free layer as :class:`spinlib.macrospin.MacrospinParams` (easy axis, field and
        ``p`` along ``z``, no easy-plane term), for :func:`spinlib.macrospin.integrate_stochastic`."""
        return MacrospinParams(
            field=[0.0, 0.0, self.field],
            hk=self.hk,
            easy_axis=[0.0, 0.0, 1.0],
            demag=0.0,
            alpha=self.alpha,
            fixed=[0.0, 0.0, 1.0],
            q=self.q,
            A=self.A,
            B=self.B,
        )

    def replace(self, **changes) -> ThermalMacrospin:
        """A copy with some fields changed (validated again)."""
        kw = {k: getattr(self, k) for k in self.__dataclass_fields__}
        kw.update(changes)
        return ThermalMacrospin(**kw)


def _p(params) -> ThermalMacrospin:
    return instance("params", params, ThermalMacrospin)


def _z(z, name="z"):
    return in_range(name, z, -1.0, 1.0)


def _current(current):
    return finite("current", current)


def _temperature(temperature, *, strict=False):
    return positive("temperature", temperature) if strict else nonnegative("temperature", temperature)


def _shapes(**arrays):
    try:
        return np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        got = ", ".join(f"{k} of shape {np.shape(a)}" for k, a in arrays.items())
        raise SpinlibInputError(f"{', '.join(arrays)} must broadcast together; got {got}") from None


def spin_torque_potential(z, *, params):
    """``Phi(z) = int_1^z eta(z') dz'``, the spin-torque part of the effective potential (per ``j/alpha``).

    Parameters
    ----------
    z : array_like, ``cos theta`` in [-1, 1].
    params : :class:`ThermalMacrospin`.

    Returns
    -------
    ndarray, dimensionless (``Phi(1) = 0``, ``Phi < 0`` below the pole).

    Notes
    -----
    ``eta = q / (A + B z)`` (Eq. (25) of Ralph & Stiles (2008)) integrates to
    ``(q / B) ln[(A + B z) / (A + B)]``, written with ``log1p`` so that ``B -> 0`` gives
    ``q (z - 1) / A`` without cancellation.

    Examples
    --------
    >>> round(float(spin_torque_potential(-1.0, params=ThermalMacrospin())), 12)
    -2.0
    """
    P = _p(params)
    z = _z(z)
    x = P.B * (z - 1.0) / (P.A + P.B)
    if P.B == 0.0:
        return P.q * (z - 1.0) / P.A
    small = np.abs(x) < 1e-8
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(small, 1.0 - 0.5 * x, np.log1p(x) / np.where(small, 1.0, x))
    return P.q * (z - 1.0) / (P.A + P.B) * ratio


def effective_energy(z, *, params, current=0.0):
    """Effective potential of the polar angle, ``E_eff(z) = E(z) + (j / alpha) Phi(z)`` (``mu0 M_s^2 V``).

    Parameters
    ----------
    z : array_like, ``cos theta`` in [-1, 1].
    params : :class:`ThermalMacrospin`.
    current : dimensionless current ``j`` (broadcast with ``z``).

    Returns
    -------
    ndarray, ``E_eff``: its Boltzmann weight ``exp(-E_eff / epsilon)`` (uniform measure in ``z``)
    is the stationary density of the Fokker-Planck equation of ``z`` at any current.

    Notes
    -----
    ``E(z) = -h_k z^2 / 2 - h z`` is :func:`spinlib.macrospin.energy` on the meridian; the spin-torque
    term is :func:`spin_torque_potential`. Derived (zero probability flux of the Fokker-Planck
    equation) in :func:`spinlib.thermal.derivation.effective_potential`.

    Examples
    --------
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> float(effective_energy(0.0, params=P) - effective_energy(1.0, params=P))
    0.5
    """
    P = _p(params)
    z, j = _z(z), _current(current)
    shape = _shapes(z=z, current=j)
    z = np.broadcast_to(z, shape)
    m = np.stack([np.sqrt(np.clip(1.0 - z * z, 0.0, None)), np.zeros_like(z), z], axis=-1)
    e = energy(m, params=P.macrospin_params()) if z.size else np.zeros(shape)
    return e + (j / P.alpha) * spin_torque_potential(z, params=P)


def polar_drift(z, *, params, current=0.0):
    """Deterministic rate ``dz/dtau`` of ``z = cos theta`` in the axial geometry (units of ``gamma0 M_s``).

    Parameters
    ----------
    z : array_like in [-1, 1].
    params : :class:`ThermalMacrospin`.
    current : dimensionless current ``j``.

    Returns
    -------
    ndarray ``(1 - z^2) [alpha (h_k z + h) - j eta(z)] / (1 + alpha^2)``.

    Notes
    -----
    Written as ``-(alpha / (1 + alpha^2)) (1 - z^2) dE_eff/dz``: the drift is the gradient of
    :func:`effective_energy`, with ``dE_eff/dz = -(h_k z + h) + (j / alpha) eta(z)``
    (derived from the vector Gilbert equation in :func:`spinlib.thermal.derivation.polar_equation`).

    Examples
    --------
    >>> float(polar_drift(0.0, params=ThermalMacrospin(hk=1.0, alpha=0.5), current=0.5))
    -0.4
    """
    P = _p(params)
    z, j = _z(z), _current(current)
    _shapes(z=z, current=j)
    slope = -(P.hk * z + P.field) + (j / P.alpha) * slonczewski_eta(z, q=P.q, A=P.A, B=P.B)
    return -(P.alpha / (1.0 + P.alpha**2)) * (1.0 - z * z) * slope


def diffusion_constant(*, params, temperature):
    """Brown's rotational diffusion constant ``D = alpha epsilon / (1 + alpha^2)`` (units ``gamma0 M_s``).

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    temperature : ``epsilon = k_B T / (mu0 M_s^2 V)`` (>= 0).

    Returns
    -------
    ndarray ``D``; the z-flux is ``-D (1 - z^2) dP/dz`` plus the drift.

    Examples
    --------
    >>> float(diffusion_constant(params=ThermalMacrospin(alpha=1.0), temperature=0.5))
    0.25
    """
    P = _p(params)
    return P.alpha * _temperature(temperature) / (1.0 + P.alpha**2)


def free_diffusion_time(*, params, temperature):
    """Brown's free-diffusion time ``tau_N = 1 / (2 D)`` (units ``1 / (gamma0 M_s)``; ``inf`` at ``T = 0``).

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    temperature : ``epsilon`` (>= 0).

    Returns
    -------
    ndarray ``(1 + alpha^2) / (2 alpha epsilon)``.

    Examples
    --------
    >>> float(free_diffusion_time(params=ThermalMacrospin(alpha=1.0), temperature=0.5))
    2.0
    """
    D = diffusion_constant(params=params, temperature=temperature)
    with np.errstate(divide="ignore"):
        return np.where(D > 0, 0.5 / np.where(D > 0, D, 1.0), np.inf)


def critical_current(*, params):
    """Zero-temperature threshold ``j_c0 = alpha (h_k + h) / eta(1)`` of the P state.

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.

    Returns
    -------
    float, dimensionless ``j_c0``.

    Notes
    -----
    It is Eq. (26) of Ralph & Stiles (2008) without the easy-plane term: the book computes it by
    calling :func:`spinlib.macrospin.critical_current` with ``demag = 0``; the barrier of
    :func:`barrier` closes at the same current (tests/thermal).

    Examples
    --------
    >>> round(critical_current(params=ThermalMacrospin(hk=1.0, alpha=0.05)), 12)
    0.05
    """
    P = _p(params)
    return float(
        _macrospin_critical_current(field=P.field, hk=P.hk, demag=0.0, alpha=P.alpha, q=P.q, A=P.A, B=P.B)
    )


def _top(P, j):
    """``z`` of the maximum of ``E_eff`` on [-1, 1] (1.0 where the P pole is no longer a minimum)."""
    j = np.asarray(j, dtype=float)
    flat = j.reshape(-1)
    zg = np.linspace(-1.0, 1.0, 1025)
    e = effective_energy(zg[None, :], params=P, current=flat[:, None])
    k = np.argmax(e, axis=1)
    lo = zg[np.maximum(k - 1, 0)]
    hi = zg[np.minimum(k + 1, zg.size - 1)]

    def slope(z):
        return -(P.hk * z + P.field) + (flat / P.alpha) * slonczewski_eta(z, q=P.q, A=P.A, B=P.B)

    for _ in range(60):  # E_eff' is positive below the maximum and negative above it
        mid = 0.5 * (lo + hi)
        up = slope(mid) > 0
        lo, hi = np.where(up, mid, lo), np.where(up, hi, mid)
    # a grid maximum at z = 1 is the top itself only where the P pole is no longer a minimum; while it
    # is (E_eff' < 0 there, just below j_c0), the top lies within the last grid cell, found above
    pole_top = (k == zg.size - 1) & ~(slope(1.0) < 0)
    z = np.where((k == 0) | pole_top, zg[k], 0.5 * (lo + hi))
    return z.reshape(j.shape)


def barrier(*, params, current=0.0):
    """Energy barrier out of the P well, ``E_eff(z_top) - E_eff(1)`` (units ``mu0 M_s^2 V``).

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    current : dimensionless ``j`` (array); at and above :func:`critical_current` the barrier is 0.

    Returns
    -------
    ndarray, ``>= 0``.

    Notes
    -----
    For ``B = 0`` it is ``(h_k / 2) (1 + h / h_k)^2 (1 - j / j_c0)^2`` exactly (derived in
    :func:`spinlib.thermal.derivation.barrier_constant_eta`): the Neel-Brown exponent ``n = 2``.
    For ``B != 0`` the top is found by bisection of ``dE_eff/dz`` (60 halvings after a grid of
    1025 points). At and above ``j_c0`` the P pole is no longer a minimum and the barrier is 0
    (for ``B < 0`` a canted well can survive there; it is not the P state).

    Examples
    --------
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> np.round(barrier(params=P, current=[0.0, 0.025, 0.06]), 12).tolist()
    [0.5, 0.125, 0.0]
    """
    P = _p(params)
    j = _current(current)
    zt = _top(P, j)
    db = effective_energy(zt, params=P, current=j) - effective_energy(1.0, params=P, current=j)
    return np.where(j < critical_current(params=P), np.maximum(db, 0.0), 0.0)


def stability_factor(*, params, temperature, current=0.0):
    """Thermal stability factor ``Delta = E_b / k_B T`` (dimensionless; ``inf`` at ``T = 0``).

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    temperature : ``epsilon = k_B T / (mu0 M_s^2 V)`` (>= 0).
    current : dimensionless ``j``; ``Delta(j)`` uses the current-dependent barrier.

    Returns
    -------
    ndarray ``barrier / epsilon`` (0 where the barrier is gone, ``inf`` at ``epsilon = 0`` below ``j_c0``).

    Examples
    --------
    >>> float(stability_factor(params=ThermalMacrospin(hk=1.0), temperature=0.0125))
    40.0
    """
    eps = _temperature(temperature)
    b = barrier(params=params, current=current)
    _shapes(temperature=eps, current=b)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(b > 0, np.where(eps > 0, b / np.where(eps > 0, eps, 1.0), np.inf), 0.0)


def _ch5_args(P, eps, j):
    """Chapter 5's reduced arguments for B = 0: ``sigma = h_k / (2 epsilon)`` and the field
    ``(h - j eta / alpha) / h_k`` (the spin-torque term is a field along z for constant eta)."""
    eta = P.q / P.A
    return P.hk / (2.0 * eps), (P.field - j * eta / P.alpha) / P.hk


def attempt_time(*, params, temperature):
    """Attempt time ``tau_0`` of the Neel-Brown law, from Brown's high-barrier escape time at zero current.

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    temperature : ``epsilon`` (> 0, with ``Delta = E_b / epsilon`` in (0, 1000]).

    Returns
    -------
    ndarray ``tau_0`` (units ``1 / (gamma0 M_s)``), ``tau_Brown exp(-Delta)``.

    Notes
    -----
    Brown's (1963) high-barrier escape time out of one well of the uniaxial particle in a field
    along the axis, ``tau_N sqrt(pi) / [sigma^{3/2} (1 - h^2)(1 + h)] e^{sigma (1 + h)^2}``
    (``sigma = h_k / (2 epsilon)``, ``h`` = field / ``h_k``), computed by chapter 5's
    :func:`spinlib.activation.log_escape_time` (``method="brown"``) at zero current; so
    ``tau_0 = tau_N sqrt(pi) sigma^{-3/2} / ((1 - h^2)(1 + h))`` depends on the temperature.

    Examples
    --------
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> round(float(attempt_time(params=P, temperature=0.0125)), 4)
    5.619
    """
    P = _p(params)
    eps = _temperature(temperature, strict=True)
    sigma, h = _ch5_args(P, eps, 0.0)
    delta = sigma * (1.0 + h) ** 2
    log_t = log_escape_time(barrier=sigma, field=h, current=0.0, method="brown")
    return free_diffusion_time(params=P, temperature=eps) * np.exp(log_t - delta)


def retention_time(*, params, temperature):
    """Retention time ``tau_0 exp(Delta)`` of the P state at zero current (units ``1 / (gamma0 M_s)``).

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    temperature : ``epsilon`` (> 0).

    Returns
    -------
    ndarray (``inf`` beyond the float range is refused: ``Delta`` must stay below ~700).

    Examples
    --------
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> round(float(retention_time(params=P, temperature=0.05) / attempt_time(params=P, temperature=0.05)), 6)
    22026.465795
    """
    P = _p(params)
    eps = _temperature(temperature, strict=True)
    delta = stability_factor(params=P, temperature=eps)
    if np.any(delta > _LOG_MAX):
        raise SpinlibInputError(
            f"temperature={show(temperature)} gives Delta > {_LOG_MAX:g}: exp(Delta) overflows"
        )
    return attempt_time(params=P, temperature=eps) * np.exp(delta)


def neel_brown_time(*, params, temperature, current, exponent=2):
    """Neel-Brown escape time with current, ``tau_0 exp[Delta (1 - j / j_c0)^n]`` (``1 / (gamma0 M_s)``).

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    temperature : ``epsilon`` (> 0).
    current : dimensionless ``j`` (``(1 - j/j_c0)`` is clipped at 0 above ``j_c0``).
    exponent : ``n``, 1 (the effective-temperature form of Li & Zhang and Koch et al.) or 2
        (the exact barrier of the axial geometry with constant ``eta``); any real ``n`` in [0.5, 3].

    Returns
    -------
    ndarray, broadcast over ``temperature`` and ``current``.

    Notes
    -----
    ``Delta`` and ``tau_0`` are those at zero current (:func:`stability_factor`,
    :func:`attempt_time`); the field enters ``Delta`` through ``(1 + h / h_k)^2``, the field form
    ``(1 - H / H_k)^2`` of the Neel-Brown law for a field opposing the state.

    Examples
    --------
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> t = neel_brown_time(params=P, temperature=0.0125, current=[0.0, 0.05], exponent=1)
    >>> r = t / attempt_time(params=P, temperature=0.0125)
    >>> float(np.round(np.log(r[0]), 6)), float(np.round(r[1], 6))
    (40.0, 1.0)
    """
    P = _p(params)
    eps = _temperature(temperature, strict=True)
    j = _current(current)
    n = in_range("exponent", exponent, 0.5, 3.0)
    _shapes(temperature=eps, current=j, exponent=n)
    delta = stability_factor(params=P, temperature=eps)
    x = np.clip(1.0 - j / critical_current(params=P), 0.0, None) ** n
    if np.any(delta * x > _LOG_MAX):
        raise SpinlibInputError(
            f"temperature={show(temperature)} and current={show(current)} give an "
            f"exponent above {_LOG_MAX:g}: exp overflows"
        )
    return attempt_time(params=P, temperature=eps) * np.exp(delta * x)


def _exact_args(params, temperature, current):
    """Validated ``(P, epsilon, sigma, h)`` of the quadratures of chapter 5 (``B = 0``, below ``j_c0``)."""
    P = _p(params)
    eps = _temperature(temperature, strict=True)
    j = _current(current)
    _shapes(temperature=eps, current=j)
    if P.B != 0.0:
        raise SpinlibInputError(
            f"params.B must be 0 for the quadrature (constant eta maps onto chapter 5's "
            f"potential); got B={show(P.B)}: use spinlib.thermal.fokker_planck"
        )
    jc = critical_current(params=P)
    if np.any(j >= jc):
        raise SpinlibInputError(
            f"current must stay below the critical current j_c0 = {jc:.6g} (a barrier is "
            f"needed); got {show(j)}"
        )
    sigma, h = _ch5_args(P, eps, j)
    if np.any(sigma > 1000.0):
        raise SpinlibInputError(f"temperature must give h_k / (2 epsilon) <= 1000; got {show(eps)}")
    return (P, eps, *np.broadcast_arrays(sigma, h))


def escape_time(*, params, temperature, current=0.0):
    """Exact escape time out of the P well (units ``1 / (gamma0 M_s)``) for constant ``eta`` (``B = 0``).

    Parameters
    ----------
    params : :class:`ThermalMacrospin` with ``B = 0``.
    temperature : ``epsilon`` (> 0, ``h_k / (2 epsilon) <= 1000``).
    current : ``j`` below :func:`critical_current`.

    Returns
    -------
    ndarray: the exact mean first-passage time from the pole into the other well (to its most
    probable angle), the convention of chapter 5's ``escape_time``; at high barrier it tends to
    the Kramers/Brown time, the inverse rate of the Neel-Brown law.

    Notes
    -----
    For constant ``eta`` the spin-torque term of :func:`effective_energy` is linear in ``z``,
    i.e. an extra field ``-j eta / alpha`` along the axis, so chapter 5's exact quadrature
    (:func:`spinlib.activation.log_escape_time` with ``method="exact"`` and ``current = 0``) is
    this problem at reduced field ``(h - j eta / alpha) / h_k`` and barrier ``h_k / (2 epsilon)``;
    its unit ``tau_N`` is :func:`free_diffusion_time`.

    Examples
    --------
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> round(float(escape_time(params=P, temperature=0.1, current=0.02)), 3)
    302.618
    """
    P, eps, sigma, h = _exact_args(params, temperature, current)
    log_t = log_escape_time(barrier=sigma, field=h, current=0.0, method="exact")
    return free_diffusion_time(params=P, temperature=eps) * np.exp(np.minimum(log_t, _LOG_MAX))


def mean_first_passage_time_top(*, params, temperature, current=0.0):
    """Exact mean first-passage time from the P pole to the barrier top (``1 / (gamma0 M_s)``, ``B = 0``).

    Parameters
    ----------
    params : :class:`ThermalMacrospin` with ``B = 0``.
    temperature : ``epsilon`` (> 0).
    current : ``j`` below :func:`critical_current`.

    Returns
    -------
    ndarray, chapter 5's :func:`spinlib.activation.mean_first_passage_time` (``target="top"``)
    times ``tau_N`` (see :func:`escape_time` for the mapping).

    Examples
    --------
    >>> P = ThermalMacrospin(hk=1.0, alpha=0.05)
    >>> round(float(mean_first_passage_time_top(params=P, temperature=0.1, current=0.02)), 3)
    133.517
    """
    P, eps, sigma, h = _exact_args(params, temperature, current)
    return free_diffusion_time(params=P, temperature=eps) * mean_first_passage_time(
        barrier=sigma, field=h, target="top"
    )
