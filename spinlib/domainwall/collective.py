"""The rigid domain wall: collective coordinates (q, phi) of the Walker ansatz under field and current.

**Reduced units (the domain-wall page of the book).**

* wire along ``x``, easy axis ``x`` (along the wire), hard axis ``z`` (out of the film plane);
  ``m = (cos theta, sin theta cos phi, sin theta sin phi)``: ``theta`` from the easy axis,
  ``phi`` the tilt of the wall's moment out of the easy plane;
* lengths in the static wall width ``Delta_0 = sqrt(A / K)`` (``A`` exchange stiffness, ``K``
  easy-axis anisotropy constant);
* fields in units of ``M_s`` (``h = H / M_s``), time ``tau = gamma0 M_s t`` with
  ``gamma0 = mu0 |gamma_e|`` (the book's LLG unit, chapter 1);
* velocities, and the spin-drift velocity ``u``, in units of ``gamma0 M_s Delta_0``.

The wall profile of the Walker ansatz is ``theta(x) = 2 arctan exp((x - q) / Delta)`` (``m = +x``
on the left, ``-x`` on the right) with a uniform tilt ``phi``. The equation of motion of the
magnetization is the Gilbert form of Eq. (3) of Ralph & Stiles (2008) with the adiabatic torque
``-(u . grad) m`` of their Sec. 5 and the non-adiabatic torque ``beta m x (u . grad) m``:

    dm/dtau = -m x h_eff + alpha m x dm/dtau - u dm/dx + beta u m x dm/dx,

``u > 0`` along ``+x`` (the direction of electron flow: the adiabatic torque alone translates a
wall at speed ``u`` along ``u``). Projected on the ansatz (:mod:`spinlib.domainwall.derivation`
derives it with SymPy) it gives the two collective equations

    alpha dq/dtau + dphi/dtau = h + beta u,
    dq/dtau - alpha dphi/dtau = (h_perp / 2) sin 2 phi + u,

(``Delta_0 = 1``), with ``h`` the field along ``+x`` and ``h_perp = 2 K_perp / (mu0 M_s^2)`` the
hard-axis anisotropy field. Everything in this module follows from these two lines.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..validate import (
    SpinlibInputError,
    check_fields,
    choice,
    finite,
    in_range,
    instance,
    show,
    step_grid,
)

__all__ = [
    "WallParams",
    "WallTrajectory",
    "MAX_STEPS",
    "wall_rates",
    "integrate_wall",
    "walker_field",
    "breakdown_current",
    "pinning_current",
    "steady_tilt",
    "precession_frequency",
    "wall_velocity",
    "walker_width",
    "walker_velocity",
]

MAX_STEPS = 2_000_000  #: largest number of RK4 steps one call may take


@dataclass(frozen=True, kw_only=True)
class WallParams:
    """Material of the wire in the reduced units of the module.

    Parameters
    ----------
    alpha : float
        Gilbert damping ``alpha`` (dimensionless, > 0).
    beta : float
        Non-adiabatic parameter ``beta`` (dimensionless, >= 0).
    hk_perp : float
        Hard-axis anisotropy field ``H_K_perp / M_s = 2 K_perp / (mu0 M_s^2)`` (> 0); for a thin
        film it is close to 1 (the shape anisotropy of the film).
    hk : float
        Easy-axis anisotropy field ``H_K / M_s = 2 K / (mu0 M_s^2)`` (> 0). It sets how stiff the
        wall is against a change of width (:func:`walker_width`) and the exchange of the
        micromagnetic wire; the rigid (q, phi) model does not use it.
    """

    alpha: float  # Gilbert damping alpha (1)
    beta: float = 0.0  # non-adiabatic parameter beta (1)
    hk_perp: float = 1.0  # hard-axis anisotropy field H_K_perp / M_s (1)
    hk: float = 0.5  # easy-axis anisotropy field H_K / M_s (1)

    def __post_init__(self):
        check_fields(self, alpha=lambda n, v: in_range(n, v, 0.0, 10.0, lo_open=True),
                     beta=lambda n, v: in_range(n, v, 0.0, 10.0),
                     hk_perp=lambda n, v: in_range(n, v, 0.0, 1e3, lo_open=True),
                     hk=lambda n, v: in_range(n, v, 0.0, 1e3, lo_open=True))
        for name in ("alpha", "beta", "hk_perp", "hk"):
            if np.ndim(getattr(self, name)) != 0:
                raise SpinlibInputError(f"{name} must be a single number; got {show(getattr(self, name))}")

    def replace(self, **changes) -> WallParams:
        """A copy with some fields changed (validated again)."""
        import dataclasses

        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class WallTrajectory:
    """Solution of the collective equations: time ``t`` (n_t,); ``q``, ``phi``: ``batch + (n_t,)``."""

    t: np.ndarray  # time, units of 1 / (gamma0 M_s)
    q: np.ndarray  # wall position, units of Delta_0
    phi: np.ndarray  # tilt angle (rad), not wrapped


def _params(params) -> WallParams:
    return instance("params", params, WallParams)


def _broadcast(**arrays):
    try:
        return np.broadcast_arrays(*arrays.values())
    except ValueError:
        got = ", ".join(f"{k} of shape {np.shape(a)}" for k, a in arrays.items())
        raise SpinlibInputError(f"{', '.join(arrays)} must broadcast together; got {got}") from None


def _drive(field, current, limit=1e6):
    h = in_range("field", field, -limit, limit)
    u = in_range("current", current, -limit, limit)
    return _broadcast(field=h, current=u)


def _rates(phi, h, u, P):
    """(dq/dtau, dphi/dtau) of the collective equations solved for the two rates."""
    a, b = P.alpha, P.beta
    s = 0.5 * P.hk_perp * np.sin(2.0 * phi)
    dphi = ((h + b * u) - a * (s + u)) / (1.0 + a * a)
    dq = a * dphi + s + u
    return dq, dphi


def wall_rates(phi, *, params: WallParams, field=0.0, current=0.0):
    """Rates ``(dq/dtau, dphi/dtau)`` of the rigid wall at tilt ``phi``.

    Parameters
    ----------
    phi : array_like
        Tilt angle of the wall (rad).
    params : WallParams
    field : array_like
        Field ``h = H / M_s`` along the wire (``+x``, favouring the left domain).
    current : array_like
        Spin-drift velocity ``u`` (units of ``gamma0 M_s Delta_0``), ``+x`` along electron flow.

    Returns
    -------
    (ndarray, ndarray)
        ``dq/dtau`` (units of ``gamma0 M_s Delta_0``) and ``dphi/dtau`` (units of ``gamma0 M_s``).

    Notes
    -----
    ``alpha q' + phi' = h + beta u`` and ``q' - alpha phi' = (h_perp/2) sin 2 phi + u``: the
    projection of the LLG with the torques of Sec. 5 of Ralph & Stiles (2008) on the Walker ansatz
    (derived in :func:`spinlib.domainwall.derivation.collective_equations`). The rates do not depend
    on ``q``: the wire is uniform.

    Examples
    --------
    >>> P = WallParams(alpha=0.02, beta=0.0, hk_perp=1.0)
    >>> [float(np.round(r, 6)) for r in wall_rates(0.0, params=P, current=0.3)]
    [0.29988, -0.005998]
    """
    P = _params(params)
    phi = finite("phi", phi)
    h, u = _drive(field, current)
    phi, h, u = _broadcast(phi=phi, field=h, current=u)
    return _rates(phi, h, u, P)


def integrate_wall(*, params: WallParams, field=0.0, current=0.0, t_end, n_steps, n_out=None,
                   q0=0.0, phi0=0.0) -> WallTrajectory:
    """Integrate the collective equations with fixed-step RK4 (batched over field, current, q0, phi0).

    Parameters
    ----------
    params : WallParams
    field, current : array_like
        Drive (see :func:`wall_rates`); broadcast with ``q0`` and ``phi0`` into the batch.
    t_end : float
        Final time (units of ``1 / (gamma0 M_s)``), > 0.
    n_steps : int
        Number of RK4 steps (``dt = t_end / n_steps`` must be below ``1 / rate bound``, checked).
    n_out : int, optional
        Number of saved intervals, dividing ``n_steps`` (default ``n_steps``).
    q0, phi0 : array_like
        Initial position (``Delta_0``) and tilt (rad).

    Returns
    -------
    WallTrajectory
        ``t`` (n_out + 1,), ``q`` and ``phi`` of shape ``batch + (n_out + 1,)``.

    Notes
    -----
    The same fixed-step fourth-order Runge-Kutta scheme as the book's macrospin integrator
    (:func:`spinlib.macrospin.llg.integrate`), here in the two coordinates of the wall; the right
    side is :func:`wall_rates`. The step is refused when ``dt`` exceeds ``1 / L`` with ``L`` the
    Lipschitz bound ``(h_perp (1 + alpha)) / (1 + alpha^2)`` of the rates (RK4 is then well inside
    its stability region and accurate to ``O(dt^4)``).

    Examples
    --------
    >>> P = WallParams(alpha=0.1, beta=0.0, hk_perp=1.0)
    >>> tr = integrate_wall(params=P, field=0.02, t_end=400.0, n_steps=4000, n_out=4)
    >>> round(float(tr.q[-1] - tr.q[-2]) / 100.0, 4)  # steady velocity h / alpha = 0.2
    0.2
    """
    P = _params(params)
    h, u = _drive(field, current)
    q0 = finite("q0", q0)
    phi0 = finite("phi0", phi0)
    h, u, q, phi = _broadcast(field=h, current=u, q0=q0, phi0=phi0)
    t_end, n_steps, n_out = step_grid(t_end, n_steps, n_out, max_steps=MAX_STEPS)
    dt = t_end / n_steps
    bound = P.hk_perp * (1.0 + P.alpha) / (1.0 + P.alpha**2)
    if dt * bound > 1.0:
        raise SpinlibInputError(
            f"n_steps={n_steps} is too few for t_end={show(t_end)}: dt = {dt:.4g} exceeds 1 / {bound:.4g}; "
            f"use n_steps >= {math.ceil(t_end * bound)}")
    stride = n_steps // n_out
    q, phi = q.astype(float).copy(), phi.astype(float).copy()
    qs, phis = [q.copy()], [phi.copy()]
    for i in range(1, n_steps + 1):
        k1q, k1p = _rates(phi, h, u, P)
        k2q, k2p = _rates(phi + 0.5 * dt * k1p, h, u, P)
        k3q, k3p = _rates(phi + 0.5 * dt * k2p, h, u, P)
        k4q, k4p = _rates(phi + dt * k3p, h, u, P)
        q = q + dt / 6.0 * (k1q + 2.0 * (k2q + k3q) + k4q)
        phi = phi + dt / 6.0 * (k1p + 2.0 * (k2p + k3p) + k4p)
        if i % stride == 0:
            qs.append(q)
            phis.append(phi)
    t = np.linspace(0.0, t_end, n_out + 1)
    return WallTrajectory(t=t, q=np.moveaxis(np.asarray(qs), 0, -1), phi=np.moveaxis(np.asarray(phis), 0, -1))


def _drift(params, field, current):
    """``a`` and ``b`` of ``(1 + alpha^2) dphi/dtau = a - b sin 2 phi`` for a validated drive."""
    P = _params(params)
    h, u = _drive(field, current)
    return h + (P.beta - P.alpha) * u, 0.5 * P.alpha * P.hk_perp


def walker_field(*, params: WallParams, current=0.0):
    """Upper end of the field range of steady wall motion (the Walker breakdown field).

    Parameters
    ----------
    params : WallParams
    current : array_like
        Spin-drift velocity ``u`` (units of ``gamma0 M_s Delta_0``).

    Returns
    -------
    ndarray
        ``h_W(u) = alpha h_perp / 2 - (beta - alpha) u`` (units of ``M_s``). Steady motion exists
        for ``-alpha h_perp / 2 - (beta - alpha) u <= h <= h_W(u)``; at ``u = 0`` the classic
        Walker field ``H_W = alpha H_K_perp / 2`` (Schryer & Walker 1974).

    Notes
    -----
    A fixed point of ``dphi/dtau`` exists while ``|h + (beta - alpha) u| <= alpha h_perp / 2``.

    Examples
    --------
    >>> float(walker_field(params=WallParams(alpha=0.02, hk_perp=1.0)))
    0.01
    """
    P = _params(params)
    u = in_range("current", current, -1e6, 1e6)
    return 0.5 * P.alpha * P.hk_perp - (P.beta - P.alpha) * u


def breakdown_current(*, params: WallParams, field=0.0):
    """Smallest current ``u >= 0`` at which steady motion breaks down (``inf`` when ``beta = alpha``).

    Parameters
    ----------
    params : WallParams
    field : array_like
        Field ``h`` within the steady range at ``u = 0``: ``|h| <= alpha h_perp / 2``.

    Returns
    -------
    ndarray
        ``u_W = (alpha h_perp / 2 + h) / (alpha - beta)`` for ``beta < alpha``,
        ``(alpha h_perp / 2 - h) / (beta - alpha)`` for ``beta > alpha``, ``inf`` for ``beta = alpha``
        (the wall then moves steadily at every current). At ``h = 0``, ``beta = 0`` it is the
        intrinsic pinning threshold :func:`pinning_current`.

    Examples
    --------
    >>> float(breakdown_current(params=WallParams(alpha=0.02, beta=0.0, hk_perp=1.0)))
    0.5
    """
    P = _params(params)
    hw = 0.5 * P.alpha * P.hk_perp
    h = in_range("field", field, -hw, hw)
    d = P.beta - P.alpha
    if d == 0.0:
        return np.full(np.shape(h), np.inf)
    return np.where(d < 0, (hw + h) / -d, (hw - h) / d) + 0.0 * h


def pinning_current(*, params: WallParams, width: str = "rigid"):
    """Intrinsic pinning threshold ``u_c`` at ``beta = 0`` and zero field.

    Parameters
    ----------
    params : WallParams
        Only ``hk_perp`` (and ``hk`` for ``width="walker"``) enter; ``alpha`` and ``beta`` do not.
    width : {"rigid", "walker"}
        ``"rigid"``: the (q, phi) model, ``u_c = Delta_0 h_perp / 2`` (Tatara & Kohno 2004);
        ``"walker"``: the wall narrows with its tilt as in Walker's exact solution,
        ``u_c = max_phi Delta(phi) (h_perp / 2) sin 2 phi`` (:func:`walker_width`).

    Returns
    -------
    float
        Threshold spin-drift velocity (units of ``gamma0 M_s Delta_0``).

    Notes
    -----
    With ``beta = 0`` and ``h = 0`` a static tilted wall needs ``u = -Delta (h_perp / 2) sin 2 phi``
    (second collective equation with ``q' = phi' = 0``): no static solution above the maximum.
    For the narrowing wall the maximum of ``sin 2 phi / sqrt(1 + r sin^2 phi)``, ``r = h_perp / hk``,
    follows from ``d/dphi = 0``: ``(1 - 2 s)(1 + r s) = r s (1 - s)`` with ``s = sin^2 phi``, i.e.
    ``r s^2 + 2 s - 1 = 0``, ``s = 1 / (1 + sqrt(1 + r))``.

    Examples
    --------
    >>> pinning_current(params=WallParams(alpha=0.02, hk_perp=1.0))
    0.5
    """
    P = _params(params)
    width = choice("width", width, ("rigid", "walker"))
    if width == "rigid":
        return 0.5 * P.hk_perp
    r = P.hk_perp / P.hk
    s = 1.0 / (1.0 + math.sqrt(1.0 + r))  # positive root of r s^2 + 2 s - 1 = 0, cancellation-free
    sin2phi = 2.0 * math.sqrt(s * (1.0 - s))
    return 0.5 * P.hk_perp * sin2phi / math.sqrt(1.0 + r * s)


def steady_tilt(*, params: WallParams, field=0.0, current=0.0):
    """Tilt ``phi`` of the steadily moving wall, in ``[-pi/4, pi/4]`` (below breakdown only).

    Parameters
    ----------
    params : WallParams
        ``alpha``, ``beta`` and ``hk_perp`` enter.
    field, current : array_like
        Drive below Walker breakdown, ``|h + (beta - alpha) u| <= alpha h_perp / 2``
        (:func:`walker_field`), broadcast together (see :func:`wall_rates`).

    Returns
    -------
    ndarray
        ``phi = arcsin((h + (beta - alpha) u) / (alpha h_perp / 2)) / 2`` (rad), the stable fixed
        point of ``dphi/dtau``.

    Raises
    ------
    SpinlibInputError
        Above breakdown (no fixed point), naming ``field`` and ``current``.

    Examples
    --------
    >>> round(float(steady_tilt(params=WallParams(alpha=0.1), field=0.025)), 6)  # sin 2 phi = 1/2
    0.261799
    """
    a, b = _drift(params, field, current)
    ratio = a / b
    if np.any(np.abs(ratio) > 1.0):
        raise SpinlibInputError(
            f"field and current are above Walker breakdown "
            f"(|h + (beta - alpha) u| > alpha h_perp / 2 = {b:g}): "
            f"no steady tilt; got field={show(field)}, current={show(current)}")
    return 0.5 * np.arcsin(ratio)


def precession_frequency(*, params: WallParams, field=0.0, current=0.0):
    """Time-averaged precession rate ``<dphi/dtau>`` of the wall (0 below breakdown).

    Parameters
    ----------
    params : WallParams
    field, current : array_like
        Drive of any strength, broadcast together (see :func:`wall_rates`); below breakdown the
        tilt settles and the rate is 0.

    Returns
    -------
    ndarray
        ``sign(a) sqrt(a^2 - b^2) / (1 + alpha^2)`` above breakdown (``|a| > b``), 0 below, with
        ``a = h + (beta - alpha) u`` and ``b = alpha h_perp / 2`` (units of ``gamma0 M_s``).

    Notes
    -----
    ``(1 + alpha^2) phi' = a - b sin 2 phi``: the period of ``phi`` over ``pi`` is
    ``(1 + alpha^2) int_0^pi dphi / (a - b sin 2 phi) = (1 + alpha^2) pi / sqrt(a^2 - b^2)``
    (derived in :func:`spinlib.domainwall.derivation.average_velocity`).

    Examples
    --------
    >>> float(precession_frequency(params=WallParams(alpha=0.1, hk_perp=1.0), field=0.05))
    0.0
    """
    P = _params(params)
    a, b = _drift(P, field, current)
    # sqrt((|a| - b)(|a| + b)) avoids the cancellation of a^2 - b^2 close to breakdown
    excess = np.maximum(np.abs(a) - b, 0.0)
    return np.sign(a) * np.sqrt(excess * (np.abs(a) + b)) / (1.0 + P.alpha**2)


def wall_velocity(*, params: WallParams, field=0.0, current=0.0):
    """Time-averaged wall velocity ``<dq/dtau>`` below and above Walker breakdown.

    Parameters
    ----------
    params : WallParams
    field, current : array_like
        Drive below or above breakdown, broadcast together (see :func:`wall_rates`).

    Returns
    -------
    ndarray
        Velocity (units of ``gamma0 M_s Delta_0``): below breakdown the steady
        ``v = (h + beta u) / alpha``; above it
        ``<v> = (h + beta u - <phi'>) / alpha`` with ``<phi'>`` of
        :func:`precession_frequency`.

    Notes
    -----
    From the first collective equation, ``alpha q' = h + beta u - phi'``: averaging over a period
    only needs ``<phi'>``. Special cases: ``beta = alpha`` gives ``v = u`` at zero field for every
    current; ``beta = 0``, ``h = 0`` gives ``v = 0`` below ``u_c = h_perp / 2`` (intrinsic pinning)
    and ``sqrt(u^2 - u_c^2) / (1 + alpha^2)`` above (Tatara & Kohno 2004).

    Examples
    --------
    >>> P = WallParams(alpha=0.02, beta=0.0, hk_perp=1.0)
    >>> np.round(wall_velocity(params=P, current=[0.3, 1.0]), 4)
    array([0.    , 0.8657])
    """
    P = _params(params)
    h, u = _drive(field, current)
    w = precession_frequency(params=P, field=h, current=u)
    return (h + P.beta * u - w) / P.alpha


def walker_width(phi, *, params: WallParams):
    """Width ``Delta(phi) / Delta_0 = 1 / sqrt(1 + (h_perp / hk) sin^2 phi)`` of Walker's tilted wall.

    Parameters
    ----------
    phi : array_like
        Tilt (rad).
    params : WallParams
        ``hk_perp`` and ``hk`` enter.

    Returns
    -------
    ndarray
        Width in units of the static width ``Delta_0 = sqrt(A / K)``.

    Notes
    -----
    A tilted wall also pays the hard-axis energy ``K_perp sin^2 phi``, so its width is
    ``sqrt(A / (K + K_perp sin^2 phi))`` (Schryer & Walker 1974); the rigid (q, phi) model keeps
    ``Delta_0``.

    Examples
    --------
    >>> round(float(walker_width(np.pi / 2, params=WallParams(alpha=0.1, hk_perp=1.0, hk=1.0))), 6)
    0.707107
    """
    P = _params(params)
    phi = finite("phi", phi)
    return 1.0 / np.sqrt(1.0 + (P.hk_perp / P.hk) * np.sin(phi) ** 2)


def walker_velocity(*, params: WallParams, field=0.0):
    """Velocity of Walker's exact field-driven wall, ``v = Delta(phi) h / alpha`` (below breakdown).

    Parameters
    ----------
    params : WallParams
        ``alpha``, ``hk_perp`` and ``hk``; no current (Walker's solution is for a field).
    field : array_like
        ``|h| <= alpha h_perp / 2``.

    Returns
    -------
    ndarray
        ``Delta(phi) h / alpha`` with ``sin 2 phi = h / h_W`` and ``Delta(phi)`` of
        :func:`walker_width` (units of ``gamma0 M_s Delta_0``): the exact travelling solution of the
        1-D LLG with exchange and the two anisotropies (Schryer & Walker 1974), which the rigid
        model approximates by ``h / alpha``.

    Examples
    --------
    >>> round(float(walker_velocity(params=WallParams(alpha=0.1, hk_perp=1.0, hk=0.5), field=0.025)), 4)
    0.2348
    """
    P = _params(params)
    hw = 0.5 * P.alpha * P.hk_perp
    h = in_range("field", field, -hw, hw)
    phi = 0.5 * np.arcsin(h / hw)
    return walker_width(phi, params=P) * h / P.alpha
