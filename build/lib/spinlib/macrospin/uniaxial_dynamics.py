"""Dynamics of the uniaxial macrospin: the 1-D flow of ``u = m_z`` and the vector equation (40).

The flow of Eq. (44) of Parcollet & Waintal (2006) is monotonic: :func:`attractor` (where it comes to
rest), :func:`hysteresis_loop` (quasi-static current sweeps, on :mod:`spinlib.macrospin.flow`) and
:func:`relaxation_time` (linear relaxation, critical slowing down). The vector equation (40) runs on
the book's one LLG integrator, :func:`spinlib.macrospin.llg.integrate`: :func:`macrospin_params` and
:func:`llg_current` map the model (``h_k = 1`` along ``z``, no demagnetization, ``p = z``,
``q = A = 1``, ``B = asymmetry``, ``j = -alpha I``); :func:`integrate_llg` does it. Units and
parameters as in :mod:`spinlib.macrospin.uniaxial`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validate import SpinlibInputError, finite, finite_result, in_range
from . import flow, llg
from .uniaxial import (
    UniaxialMacrospin,
    _hiq,
    _interior,
    _u,
    _udot,
    _udot_slope,
    _uniaxial,
    udot_slope,
)

__all__ = [
    "attractor",
    "HysteresisLoop",
    "hysteresis_loop",
    "relaxation_time",
    "macrospin_params",
    "llg_current",
    "integrate_llg",
]


# -- dynamics of u ---------------------------------------------------------------
def attractor(u0, *, params, field, current):
    """The stable fixed point that ``du/dtau = R(u)`` reaches from ``u0``.

    The flow is one-dimensional, so the state moves monotonically to the nearest
    fixed point in the direction of ``sign R(u0)``: the smallest fixed point above
    ``u0`` if ``R(u0) > 0``, the largest below if ``R(u0) < 0``. A point with
    ``R(u0) = 0`` stays. Vectorised over all arguments.

    Parameters
    ----------
    u0 : initial ``u = m_z`` (dimensionless), in [-1, 1].
    params : :class:`UniaxialMacrospin`, its ``asymmetry`` ``q`` in [0, 1) (an array broadcasts).
    field : reduced field ``H`` (units of ``2 kappa / (g mu_B)``, Eq. (45)), finite.
    current : reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)), finite.

    Returns
    -------
    ndarray (broadcast of ``u0``, ``field``, ``current``, ``q``), the fixed point reached, in [-1, 1].

    Examples
    --------
    >>> P = UniaxialMacrospin(asymmetry=0.5)
    >>> np.round(attractor(np.array([-0.9, 0.0, 0.9]), params=P, field=-2.0, current=1.75), 6)
    array([-0.707107, -0.707107,  1.      ])
    """
    u0 = _u(u0, "u0")
    h, i, q = _hiq(field, current, params)
    try:
        u0, h, i, q = np.broadcast_arrays(u0, h, i, q)
    except ValueError as exc:
        raise SpinlibInputError(f"u0 must broadcast with field, current and params.asymmetry; got shape "
                                f"{u0.shape}") from exc
    with np.errstate(over="ignore", invalid="ignore"):
        r = _udot(u0, h, i, q)
    r = finite_result(r, u0=u0, field=field, current=current, asymmetry=q)
    roots = _interior(h, i, q)
    return flow._target(u0, r, roots.filled(0.0), ~np.ma.getmaskarray(roots), -1.0, 1.0, 0.0)


@dataclass(frozen=True, kw_only=True, eq=False)
class HysteresisLoop:
    """Output of :func:`hysteresis_loop`: the sweep ``current`` (n,) and the state ``u`` batch + (n,).

    Attributes
    ----------
    current : ndarray (n,), the reduced currents ``I`` of the sweep, in order.
    u : ndarray ``batch + (n,)``, the state ``u = m_z`` after each step (batch: the broadcast shape
        of field, ``params.asymmetry`` and ``u_start``).

    Examples
    --------
    >>> loop = HysteresisLoop(current=[0.0, 1.0], u=[-1.0, 1.0])
    >>> loop.u.shape
    (2,)
    """

    current: np.ndarray
    u: np.ndarray

    def __post_init__(self):
        cur, u = finite("current", self.current), in_range("u", self.u, -1.0, 1.0)
        if cur.ndim != 1 or cur.size < 1 or u.ndim < 1 or u.shape[-1] != cur.size:
            raise SpinlibInputError(f"current must be 1-D (n,) and u shaped batch + (n,); got shapes "
                                    f"{cur.shape} and {u.shape}")
        object.__setattr__(self, "current", cur)
        object.__setattr__(self, "u", u)


def hysteresis_loop(*, params, field, currents, u_start=1.0) -> HysteresisLoop:
    """Quasi-static branch of ``u`` as the current is swept through ``currents`` in order.

    At each step the state relaxes (:func:`attractor`) from where the previous
    step left it: the sweep is slow compared with the relaxation time but the
    state stays on its branch until that branch loses stability.

    Parameters
    ----------
    params : :class:`UniaxialMacrospin` (its ``asymmetry`` ``q`` may be an array: one loop per value).
    field : array_like
        Reduced field ``H``; broadcast with ``params.asymmetry`` (one loop per value).
    currents : array_like, shape (n,), n >= 1
        The sweep of the reduced current ``I`` (e.g. up then down).
    u_start : array_like
        Initial ``u`` before the first step, in [-1, 1].

    Returns
    -------
    HysteresisLoop
        ``current`` (n,) and ``u`` of shape ``batch + (n,)``, the state after each step.

    Notes
    -----
    Driven by :func:`spinlib.macrospin.flow.quasi_static_sweep`: the state flows to the nearest
    fixed point of Eq. (44) of Parcollet & Waintal (2006) in the direction of ``R(u)``; a state
    sitting exactly on an unstable fixed point is first nudged by ``1e-9`` towards ``u = 0`` (a real
    sweep is never exactly on one).

    Examples
    --------
    A square loop at ``H = 0.5``, ``q = 0.5``: up where Eq. (48) fails (``I = 0.25``), down where
    Eq. (47) fails (``I = -2.25``).

    >>> sweep = np.array([-3.0, 0.0, 0.2, 0.3, 1.0, 0.0, -2.2, -2.3])
    >>> hysteresis_loop(params=UniaxialMacrospin(asymmetry=0.5), field=0.5, currents=sweep, u_start=-1.0).u
    array([-1., -1., -1.,  1.,  1.,  1.,  1., -1.])
    """
    cur = finite("currents", currents)
    if cur.ndim != 1 or cur.size < 1:
        raise SpinlibInputError(f"currents must be a 1-d sweep of at least one current; got shape "
                                f"{cur.shape}: {currents!r}")
    h, _, q = _hiq(field, 0.0, params)
    h, q = np.broadcast_arrays(h, q)
    u_start = _u(u_start, "u_start")
    try:
        u = np.broadcast_to(u_start, h.shape).astype(float)
    except ValueError as exc:
        raise SpinlibInputError(f"u_start must broadcast with field and params.asymmetry; got shape "
                                f"{u_start.shape}") from exc

    def move(k, u):
        # nudge off an unstable fixed point: a real sweep is never exactly on one
        with np.errstate(over="ignore", invalid="ignore"):  # only the signs are used (+-inf keeps them)
            r = _udot(u, h, cur[k], q)
            slope = _udot_slope(u, h, cur[k], q)
        stuck = (r == 0.0) & (slope >= 0.0)
        u_try = np.where(stuck, np.clip(u - 1e-9 * np.sign(u + 1e-300), -1.0, 1.0), u)
        with np.errstate(over="ignore", invalid="ignore"):
            r_try = _udot(u_try, h, cur[k], q)
        return u_try, finite_result(r_try, u=u_try, field=h, current=cur[k], asymmetry=q)

    def points(k):
        return _interior(h, np.full(h.shape, cur[k]), q)

    u = flow.quasi_static_sweep(u, n_steps=cur.size, fixed_points=points, move=move)
    return HysteresisLoop(current=cur, u=u)


def relaxation_time(u, *, params, field, current):
    """Linear relaxation time ``-1 / R'(u)`` at a stable fixed point ``u`` (units of ``tau``).

    The time diverges as a phase boundary is approached (critical slowing down).

    Parameters
    ----------
    u : the fixed point ``u = m_z`` (dimensionless), in [-1, 1].
    params : :class:`UniaxialMacrospin`, its ``asymmetry`` ``q`` in [0, 1) (an array broadcasts).
    field : reduced field ``H`` (units of ``2 kappa / (g mu_B)``, Eq. (45)), finite.
    current : reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)), finite.

    Returns
    -------
    ndarray (broadcast of ``u``, ``field``, ``current``, ``q``), the time in units of ``tau``; ``inf``
    where the point is not strictly stable (``R'(u) >= 0``) or the time exceeds the float range.

    Examples
    --------
    >>> round(float(relaxation_time(1.0, params=UniaxialMacrospin(asymmetry=0.5), field=0.5, current=0.0)), 6)
    0.333333
    """
    s = udot_slope(u, params=params, field=field, current=current)
    neg = s < 0.0  # a marginal point (s = 0) relaxes algebraically, not exponentially: inf
    with np.errstate(over="ignore"):  # |1/s| beyond the float range (denormal s): inf, as at s = 0
        return np.where(neg, -1.0 / np.where(neg, s, -1.0), np.inf)


def macrospin_params(*, params: UniaxialMacrospin, field) -> llg.MacrospinParams:
    """The :class:`spinlib.macrospin.llg.MacrospinParams` of Eq. (40) at reduced field ``field``.

    Parameters
    ----------
    params : :class:`UniaxialMacrospin`, ``asymmetry`` in [0, 1) and ``alpha`` (> 0).
    field : reduced field ``H`` along z (units of the anisotropy field, finite; an array is a batch).

    Returns
    -------
    spinlib.macrospin.llg.MacrospinParams, batch shape of ``field`` (and of ``asymmetry``).

    Notes
    -----
    In the time unit ``hbar / (2 kappa)`` and with fields in units of the anisotropy field,
    Eqs. (40)-(41) of Parcollet & Waintal (2006) read ``dm/dt = -m x h_eff + alpha m x dm/dt
    + T_st`` with ``h_eff = (H + m_z) z``: :mod:`spinlib.macrospin.llg`'s model with ``h = H z``,
    ``h_k = 1`` along ``z``, ``N = 0`` and ``alpha``. The torque term ``alpha I g(m_z)/a
    m x (z x m) = -alpha I / (1 + q m_z) m x (m x z)`` is ``llg``'s ``j eta(theta) m x (m x p)``
    with ``p = z``, ``eta = 1 / (1 + q cos theta)`` (``q_llg = A = 1``, ``B = q``) and
    ``j = -alpha I`` (:func:`llg_current`). ``field`` may be an array (a batch).

    Examples
    --------
    >>> P = macrospin_params(params=UniaxialMacrospin(asymmetry=0.5), field=0.3)
    >>> P.field.tolist(), float(P.hk), float(P.B)
    ([0.0, 0.0, 0.3], 1.0, 0.5)
    """
    P = _uniaxial(params)
    h = finite("field", field)
    z = np.array([0.0, 0.0, 1.0])
    return llg.MacrospinParams(field=np.multiply.outer(h, z), hk=1.0, easy_axis=z, demag=0.0,
                               normal=z, alpha=P.alpha, fixed=z, q=1.0, A=1.0, B=P.asymmetry)


def llg_current(*, params: UniaxialMacrospin, current):
    """The current ``j = -alpha I`` of :mod:`spinlib.macrospin.llg` for the reduced current ``I`` of Eq. (46).

    Parameters
    ----------
    params : :class:`UniaxialMacrospin`, its Gilbert damping ``alpha`` (> 0).
    current : reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)), finite.

    Returns
    -------
    ndarray (shape of ``current``), dimensionless ``j`` (in the units of :func:`macrospin_params`).

    Examples
    --------
    >>> float(llg_current(params=UniaxialMacrospin(alpha=0.5), current=2.0))
    -1.0
    """
    P = _uniaxial(params)
    return -P.alpha * finite("current", current)


def integrate_llg(m0, *, params: UniaxialMacrospin, field, current, t_end, n_steps, n_out=None):
    """Integrate the vector equation (40) of Parcollet & Waintal (2006) with the LLG integrator.

    Parameters
    ----------
    m0 : array (..., 3), initial directions (normalised on input).
    field, current : reduced field ``H`` and current ``I``, broadcast with ``m0[..., 0]``.
    params : :class:`UniaxialMacrospin` (``asymmetry``, ``alpha``).
    t_end : final time, units of ``hbar / (2 kappa)`` (> 0).
    n_steps, n_out : as in :func:`spinlib.macrospin.llg.integrate` (a too large step is refused there).

    Returns
    -------
    spinlib.macrospin.llg.Trajectory
        ``t`` (n_t,) in units of ``hbar / (2 kappa)`` and ``m`` shaped ``batch + (n_t, 3)``.

    Examples
    --------
    >>> P = UniaxialMacrospin(asymmetry=0.5, alpha=0.5)
    >>> tr = integrate_llg([0.6, 0.0, 0.8], params=P, field=0.5, current=0.0, t_end=40.0, n_steps=2000,
    ...                    n_out=4)
    >>> round(float(tr.m[-1, 2]), 4)
    1.0
    """
    P = _uniaxial(params)
    return llg.integrate(m0, params=macrospin_params(params=P, field=field),
                         current=llg_current(params=P, current=current), t_end=t_end, n_steps=n_steps,
                         n_out=n_out)
