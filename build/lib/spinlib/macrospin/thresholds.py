"""Instability of the parallel state: the critical current, growth rates and switching times.

The threshold Eq. (26) of Ralph & Stiles (2008) and its Landau-Lifshitz-insertion variant, the
linear growth rate about ``m = p``, the precession cone of the isotropic model, and the same
threshold found by simulation with :func:`spinlib.macrospin.llg.integrate` (a fit of the growth
of a small tilt, no formula), plus the reading of trajectories (end state, first reversal time).
Units of :mod:`spinlib.macrospin.llg`.
"""

from __future__ import annotations

import math

import numpy as np

from ..validate import (
    SpinlibInputError,
    count,
    finite,
    finite_result,
    in_range,
    instance,
    nonnegative,
    positive,
    scalar,
    show,
    unit_vector,
)
from .llg import MacrospinParams, Trajectory, _check_ratio, _eta, _params, effective_field, integrate

__all__ = [
    "critical_current",
    "critical_current_ll_insertion",
    "linear_growth_rate",
    "linear_switching_time",
    "isotropic_cone_cos",
    "growth_rate",
    "simulated_critical_current",
    "classify_end_state",
    "switching_time",
]



def _over_1_plus_alpha2(x, alpha):
    """``x / (1 + alpha^2)`` without overflowing ``alpha^2`` for huge ``alpha``."""
    big = alpha > 1.0
    a = np.where(big, alpha, 1.0)
    small = np.where(big, 0.0, alpha)
    return np.where(big, (x / a) / (a + 1.0 / a), x / (1.0 + small * small))


def _threshold_args(field, hk, demag, alpha, q, A, B):
    h = finite("field", field)
    hk = nonnegative("hk", hk)
    N = nonnegative("demag", demag)
    alpha = nonnegative("alpha", alpha)
    q, A, B = positive("q", q), positive("A", A), finite("B", B)
    _check_ratio(A, B)
    if np.any(h + hk <= 0):
        raise SpinlibInputError(f"field must be > -hk (the parallel state must be stable); got "
                                f"field={field!r}, hk={hk!r}")
    return h, hk, N, alpha, q, A, B


def critical_current(*, field, hk=0.0, demag=1.0, alpha, q, A, B):
    """Dimensionless threshold current of the parallel state, Eq. (26) of Ralph & Stiles (2008).

    Parameters
    ----------
    field : applied field ``h`` along the easy axis and ``p`` (units of ``M_s``); must exceed
        ``-hk`` (else the parallel state is not a stable equilibrium).
    hk : uniaxial anisotropy ``h_k`` (>= 0).
    demag : easy-plane demagnetizing coefficient ``N`` (>= 0; thin film 1, isotropic case 0).
    alpha : Gilbert damping (>= 0).
    q, A, B : Slonczewski coefficients (``q, A > 0``, ``|B| < A``).

    Returns
    -------
    ndarray, ``j_c = alpha (h + h_k + N/2) / eta(0)``, ``eta(0) = q / (A + B)``.

    Notes
    -----
    In SI units ``I_c = (2e/hbar) (alpha / eta(0)) V mu0 M_s (H + H_k + M_s/2)``, Eq. (26).
    With the torque added to the Gilbert form the linear threshold is exact to all orders in
    alpha (derived in :func:`spinlib.macrospin.derivation.critical_current_threshold`).

    Examples
    --------
    >>> round(float(critical_current(field=0.0, hk=0.05, alpha=0.01, q=1.0, A=1.0, B=0.0)), 8)
    0.0055
    """
    h, hk_, N, alpha_, q_, A_, B_ = _threshold_args(field, hk, demag, alpha, q, A, B)
    with np.errstate(over="ignore", invalid="ignore"):
        jc = alpha_ * (h + hk_ + 0.5 * N) * ((A_ + B_) / q_)
    return finite_result(jc, field=field, hk=hk, demag=demag, alpha=alpha, q=q, A=A, B=B)


def critical_current_ll_insertion(*, field, hk=0.0, demag=1.0, alpha, q, A, B):
    """Threshold when the torque is added to the Landau-Lifshitz (not the Gilbert) form of Eq. (3).

    ``j_c / (1 + alpha^2)``: the two insertions differ at relative order ``alpha^2``
    (derived in :func:`spinlib.macrospin.derivation.critical_current_threshold`).

    Parameters
    ----------
    field : applied field ``h`` along the easy axis and ``p`` (units of ``M_s``), ``> -hk``.
    hk : uniaxial anisotropy ``h_k`` (units of ``M_s``, >= 0).
    demag : easy-plane demagnetizing coefficient ``N`` (dimensionless, >= 0; thin film 1).
    alpha : Gilbert damping (dimensionless, >= 0).
    q, A, B : Slonczewski coefficients (dimensionless; ``q, A > 0``, ``|B| < A``).

    Returns
    -------
    ndarray (broadcast of the inputs), dimensionless threshold current (units of ``current_unit``).

    Examples
    --------
    >>> round(float(critical_current_ll_insertion(field=0.0, hk=0.05, alpha=0.1, q=1.0, A=1.0, B=0.0)), 8)
    0.05445545
    """
    jc = critical_current(field=field, hk=hk, demag=demag, alpha=alpha, q=q, A=A, B=B)
    return _over_1_plus_alpha2(jc, nonnegative("alpha", alpha))


def linear_growth_rate(*, current, field, hk=0.0, demag=1.0, alpha, q, A, B):
    """Real part of the eigenvalues of the linearised motion about ``m = p`` (units of ``gamma0 M_s``).

    ``Re lambda = [j eta(0) - alpha (h + h_k + N/2)] / (1 + alpha^2)``, half the trace of the
    Jacobian derived in :func:`spinlib.macrospin.derivation.parallel_state_jacobian` (field, easy axis
    and ``p`` parallel, easy-plane normal perpendicular). Positive above :func:`critical_current`:
    a small tilt then grows as ``exp(Re lambda tau)`` while it precesses.

    Parameters
    ----------
    current : dimensionless current ``j`` (finite, any sign; ``j > 0`` destabilises ``p``).
    field : applied field ``h`` along the easy axis and ``p`` (units of ``M_s``), ``> -hk``.
    hk : uniaxial anisotropy ``h_k`` (units of ``M_s``, >= 0).
    demag : easy-plane demagnetizing coefficient ``N`` (dimensionless, >= 0; thin film 1).
    alpha : Gilbert damping (dimensionless, >= 0).
    q, A, B : Slonczewski coefficients (dimensionless; ``q, A > 0``, ``|B| < A``).

    Returns
    -------
    ndarray (broadcast of the inputs), ``Re lambda`` in units of ``gamma0 M_s``.

    Examples
    --------
    >>> round(float(linear_growth_rate(current=0.02, field=0.0, hk=0.05, alpha=0.01, q=1.0, A=1.0, B=0.0)), 8)
    0.01449855
    """
    j = finite("current", current)
    h, hk, N, alpha, q, A, B = _threshold_args(field, hk, demag, alpha, q, A, B)
    with np.errstate(over="ignore", invalid="ignore"):
        num = j * _eta(1.0, q, A, B) - alpha * (h + hk + 0.5 * N)
    num = finite_result(num, current=current, field=field, hk=hk, demag=demag, alpha=alpha, q=q, A=A, B=B)
    return _over_1_plus_alpha2(num, alpha)


def linear_switching_time(*, current, field, hk=0.0, demag=1.0, alpha, q, A, B, tilt):
    """Estimate of the switching time from linear growth: ``ln(1 / tilt) / Re lambda``.

    The time for a tilt ``tilt`` (radians, in (0, 1)) to grow to order one at the rate
    :func:`linear_growth_rate`; ``inf`` at and below threshold.

    Parameters
    ----------
    current : dimensionless current ``j`` (finite, any sign; ``j > 0`` destabilises ``p``).
    field : applied field ``h`` along the easy axis and ``p`` (units of ``M_s``), ``> -hk``.
    hk : uniaxial anisotropy ``h_k`` (units of ``M_s``, >= 0).
    demag : easy-plane demagnetizing coefficient ``N`` (dimensionless, >= 0; thin film 1).
    alpha : Gilbert damping (dimensionless, >= 0).
    q, A, B : Slonczewski coefficients (dimensionless; ``q, A > 0``, ``|B| < A``).
    tilt : initial tilt from ``p`` (radians, in (0, 1)).

    Returns
    -------
    ndarray (broadcast of the inputs), time in units of ``1/(gamma0 M_s)`` (> 0 or ``inf``).

    Examples
    --------
    >>> round(float(linear_switching_time(current=0.02, field=0.0, hk=0.05, alpha=0.01, q=1.0, A=1.0,
    ...                                  B=0.0, tilt=0.01)), 4)
    317.6297
    """
    tilt = in_range("tilt", tilt, 0.0, 1.0, lo_open=True, hi_open=True)
    rate = linear_growth_rate(current=current, field=field, hk=hk, demag=demag, alpha=alpha, q=q, A=A, B=B)
    grows = rate > 0
    return np.where(grows, -np.log(tilt) / np.where(grows, rate, 1.0), np.inf)


def isotropic_cone_cos(*, current, field, alpha, q, A, B):
    """``cos theta*`` of the precession cone of the isotropic model (Fig. 8(a)-(d) geometry).

    The cone is where the torque balances the damping, ``j eta(theta*) = alpha h``:
    ``cos theta* = (j q / (alpha h) - A) / B``. It is stable for ``B < 0`` (steady precession,
    Fig. 8(c)) and unstable for ``B > 0``. ``current`` must lie strictly between
    ``alpha h / eta(0)`` and ``alpha h / eta(pi)``, and ``B != 0``.

    Parameters
    ----------
    current : dimensionless current ``j``, strictly between ``alpha h / eta(0)`` and ``alpha h / eta(pi)``.
    field : applied field ``h`` along ``p`` (units of ``M_s``, > 0).
    alpha : Gilbert damping (dimensionless, > 0).
    q, A, B : Slonczewski coefficients (dimensionless; ``q, A > 0``, ``0 < |B| < A``).

    Returns
    -------
    ndarray (broadcast of the inputs), ``cos theta*`` (dimensionless, in (-1, 1)).

    Examples
    --------
    >>> round(float(isotropic_cone_cos(current=0.15, field=1.0, alpha=0.1, q=0.5, A=1.0, B=-0.5)), 6)
    0.5
    """
    j = finite("current", current)
    h = positive("field", field)
    alpha = positive("alpha", alpha)
    q, A, B = positive("q", q), positive("A", A), finite("B", B)
    _check_ratio(A, B)
    if np.any(B == 0):
        raise SpinlibInputError(f"B must be nonzero: with a constant eta there is no precession cone; "
                                f"got B={B!r}")
    lo, hi = alpha * h / _eta(1.0, q, A, B), alpha * h / _eta(-1.0, q, A, B)
    lo, hi = np.minimum(lo, hi), np.maximum(lo, hi)
    if np.any((j <= lo) | (j >= hi)):
        raise SpinlibInputError(
            f"current must lie in (alpha h/eta(0), alpha h/eta(pi)) = ({lo}, {hi}) for a cone; got "
            f"current={show(current)} with field={show(field)}, alpha={show(alpha)}, q={show(q)}, "
            f"A={show(A)}, B={show(B)}")
    return (j * q / (alpha * h) - A) / B


def _perpendicular_basis(p):
    trial = np.where(np.abs(p[..., :1]) < 0.9, np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
    e1 = np.cross(p, trial)
    e1 /= np.linalg.norm(e1, axis=-1, keepdims=True)
    return e1, np.cross(p, e1)


def growth_rate(*, params: MacrospinParams, current, amplitude=1e-5, t_end=200.0, n_steps=None):
    """Growth rate of a small deviation from ``m = p``, fitted to a simulated trajectory.

    Parameters
    ----------
    params : :class:`MacrospinParams` (``p`` must be an equilibrium direction).
    current : dimensionless current ``j``, broadcast against the batch.
    amplitude : initial tilt from ``p`` (radians, in (0, 1e-3]): small, so the motion is linear
        (relative nonlinear corrections ``~ amplitude^2``).
    t_end, n_steps : duration and steps of the run (units of ``1/(gamma0 M_s)``); the run should
        cover many precession periods. Default ``n_steps``: ``dt <= 0.1 / w`` and at least 2000
        steps, with ``w = |h_eff(p)| + h_k + N`` a bound on the precession rate about ``p``, so
        that RK4's amplitude error per unit time, ``~ w^6 dt^5 / 144``, stays below ~1e-7 w.

    Returns
    -------
    ndarray, the batch shape: ``sigma`` in units of ``gamma0 M_s`` (the deviation grows as
    ``exp(sigma tau)``; negative: the parallel state is stable).

    Notes
    -----
    Near ``p`` the two transverse components ``x_k, y_k`` sampled at every step obey the linear
    recurrence of a two-mode system, ``s_{k+2} = c_1 s_{k+1} + c_2 s_k``, with
    ``c_2 = -exp[(lambda_1 + lambda_2) dt] = -exp(2 sigma dt)``. ``c_1, c_2`` are fitted by least
    squares over the whole run (each triple weighted by its size, samples beyond a tilt of
    ``1e-2`` dropped): unlike an energy average, this is blind to the phase of the elliptical orbit
    and measures ``sigma`` to ~1e-10 over a few periods. No formula for the threshold is used.

    Examples
    --------
    >>> from spinlib.macrospin.llg import MacrospinParams
    >>> P = MacrospinParams(field=[0.0, 0.0, 1.0], alpha=0.1)
    >>> round(float(growth_rate(params=P, current=0.05, t_end=50.0)), 6)  # (j - alpha h) / (1 + alpha^2)
    -0.049505
    """
    P = _params(params)
    j = finite("current", current)
    amplitude = scalar("amplitude", amplitude, in_range, lo=0.0, hi=1e-3, lo_open=True)
    t_end = scalar("t_end", t_end, positive)
    shape = np.broadcast_shapes(j.shape, P.batch_shape)
    if math.prod(shape) == 0:
        return np.zeros(shape)
    p = np.broadcast_to(P.fixed, shape + (3,))
    e1, e2 = _perpendicular_basis(p)
    m0 = np.cos(amplitude) * p + np.sin(amplitude) * (e1 + e2) / np.sqrt(2.0)
    if n_steps is None:
        w = np.max(np.linalg.norm(effective_field(p, params=P), axis=-1) + P.hk + P.demag)
        n_steps = max(2000, math.ceil(t_end * w / 0.1))
    traj = integrate(m0, params=P, current=j, t_end=t_end, n_steps=n_steps)
    dt = traj.t[1] - traj.t[0]
    x = np.einsum("...ti,...i->...t", traj.m, e1)
    y = np.einsum("...ti,...i->...t", traj.m, e2)
    r2 = x * x + y * y
    ok = (r2 < 1e-4) & (r2 > 1e-26)
    use = ok[..., :-2] & ok[..., 1:-1] & ok[..., 2:]
    w = np.where(use, 1.0 / np.where(ok[..., :-2], r2[..., :-2], 1.0), 0.0)
    s11 = s10 = s00 = r1 = r0 = 0.0
    for s in (x, y):
        a0, a1, a2 = s[..., :-2], s[..., 1:-1], s[..., 2:]
        s11 = s11 + np.sum(w * a1 * a1, -1)
        s10 = s10 + np.sum(w * a1 * a0, -1)
        s00 = s00 + np.sum(w * a0 * a0, -1)
        r1 = r1 + np.sum(w * a2 * a1, -1)
        r0 = r0 + np.sum(w * a2 * a0, -1)
    det = s11 * s00 - s10 * s10
    with np.errstate(invalid="ignore", divide="ignore"):  # det = 0: no samples; refused just below
        c2 = (s11 * r0 - s10 * r1) / det
    if np.any(np.sum(use, -1) < 10) or np.any(~(c2 < 0)):
        raise SpinlibInputError(
            f"growth_rate: too few samples in the linear regime (tilt between 1e-13 and 1e-2); shorten "
            f"t_end or bring current closer to threshold, or raise amplitude; got current={show(current)}, "
            f"amplitude={show(amplitude)}, t_end={show(t_end)}")
    return np.log(-c2) / (2.0 * dt)


def simulated_critical_current(*, params: MacrospinParams, bracket, amplitude=1e-5, t_end=200.0,
                               n_steps=None, rtol=1e-7, max_iter=30) -> np.ndarray:
    """Instability threshold of the parallel state ``m = p`` found by simulation.

    The zero of :func:`growth_rate` as a function of the current, found by false position with the
    Illinois modification, for the whole batch at once.

    Parameters
    ----------
    params : :class:`MacrospinParams` (``p`` must be an equilibrium direction).
    bracket : ``(lo, hi)`` dimensionless currents, broadcast against the batch; the growth rate
        must have opposite signs at ``lo`` and ``hi`` (checked: else ``SpinlibInputError``).
    amplitude, t_end, n_steps : passed to :func:`growth_rate`.
    rtol : relative tolerance on the current (in (0, 1e-3]).
    max_iter : maximum number of rounds (integer >= 1).

    Returns
    -------
    ndarray, the batch shape: the current where the fitted growth rate vanishes.

    Examples
    --------
    >>> from spinlib.macrospin.llg import MacrospinParams
    >>> P = MacrospinParams(field=[0.0, 0.0, 1.0], alpha=0.1)
    >>> round(float(simulated_critical_current(params=P, bracket=(0.05, 0.2), t_end=50.0)), 6)
    0.1
    """
    P = _params(params)
    try:
        lo_in, hi_in = bracket
    except (TypeError, ValueError) as exc:
        raise SpinlibInputError(f"bracket must be a pair (lo, hi); got {bracket!r}") from exc
    lo, hi = finite("bracket", lo_in), finite("bracket", hi_in)
    rtol = scalar("rtol", rtol, in_range, lo=0.0, hi=1e-3, lo_open=True)
    max_iter = count("max_iter", max_iter, minimum=1)
    shape = np.broadcast_shapes(lo.shape, hi.shape, P.batch_shape)
    lo, hi = np.broadcast_to(lo, shape).astype(float), np.broadcast_to(hi, shape).astype(float)
    if np.any(lo >= hi):
        raise SpinlibInputError(f"bracket must satisfy lo < hi; got {bracket!r}")
    kw = dict(params=P, amplitude=amplitude, t_end=t_end, n_steps=n_steps)
    f_lo, f_hi = growth_rate(current=lo, **kw), growth_rate(current=hi, **kw)
    if np.any(np.sign(f_lo) * np.sign(f_hi) >= 0):
        raise SpinlibInputError(
            f"bracket must enclose the threshold (growth rates of opposite signs at lo and hi); got "
            f"{bracket!r} with growth rates {f_lo!r} and {f_hi!r}")
    x = lo - f_lo * (hi - lo) / (f_hi - f_lo)
    side = np.zeros(shape, dtype=int)
    for _ in range(max_iter):
        f = growth_rate(current=x, **kw)
        same_lo = np.sign(f) == np.sign(f_lo)
        lo, f_lo, hi, f_hi = (np.where(same_lo, x, lo), np.where(same_lo, f, f_lo),
                              np.where(same_lo, hi, x), np.where(same_lo, f_hi, f))
        # Illinois: halve the value at an end that was kept twice in a row
        f_hi = np.where(same_lo & (side == 1), 0.5 * f_hi, f_hi)
        f_lo = np.where(~same_lo & (side == -1), 0.5 * f_lo, f_lo)
        side = np.where(same_lo, 1, -1)
        x_new = np.where(f == 0, x, lo - f_lo * (hi - lo) / (f_hi - f_lo))
        done = np.all(np.abs(x_new - x) <= rtol * np.abs(x_new))
        x = x_new
        if done:
            break
    return x


# ---------------------------------------------------------------------------------------------
# reading trajectories


def _trajectory(traj) -> Trajectory:
    return instance("traj", traj, Trajectory)


def classify_end_state(traj: Trajectory, *, axis, tol=0.02) -> np.ndarray:
    """Classify the end of trajectories: ``'relaxed'``, ``'reversed'``, ``'precessing'`` or ``'transient'``.

    Parameters
    ----------
    traj : :class:`Trajectory` from :func:`integrate` (at least 4 saved times).
    axis : the reference direction (the initial equilibrium, e.g. ``p``).
    tol : tolerance on distances and on the drift of the orbit (dimensionless, in (0, 1)).

    Returns
    -------
    ndarray of str, the batch shape of ``traj.m``.

    Notes
    -----
    ``relaxed``: ``|m - axis| < tol`` at the end; ``reversed``: ``|m + axis| < tol``;
    ``precessing``: neither, and the orbit has stopped drifting: over the last two tenths of the
    run, the smallest and largest value of each component of ``m`` agree within ``tol`` times the
    orbit's extent (these do not depend on the phase of the motion); else ``transient`` (still
    spiralling in or out). A tenth of the run must cover at least one period.

    Examples
    --------
    >>> from spinlib.macrospin.llg import MacrospinParams, integrate
    >>> P = MacrospinParams(field=[0.0, 0.0, 1.0], alpha=0.1)
    >>> tr = integrate([[0.1, 0.0, 1.0], [0.1, 0.0, -1.0]], params=P, t_end=100.0, n_steps=1000)
    >>> classify_end_state(tr, axis=[0, 0, 1]).tolist()
    ['relaxed', 'relaxed']
    """
    traj = _trajectory(traj)
    axis = unit_vector("axis", axis)
    tol = scalar("tol", tol, in_range, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    m = traj.m
    try:  # an array of reference axes broadcasts against the batch of trajectories
        batch = np.broadcast_shapes(m.shape[:-2], axis.shape[:-1])
    except ValueError as exc:
        raise SpinlibInputError(f"axis must broadcast against the batch shape {m.shape[:-2]} of traj; got "
                                f"shape {axis.shape}: {show(axis)}") from exc
    m = np.broadcast_to(m, batch + m.shape[-2:])
    n = m.shape[-2]
    if n < 4:
        raise SpinlibInputError(f"traj must hold at least 4 saved times; got {n}")
    end = m[..., -1, :]
    w = max(n // 10, 2)
    a, b = m[..., -2 * w:-w, :], m[..., -w:, :]
    drift = np.maximum(np.abs(a.min(-2) - b.min(-2)), np.abs(a.max(-2) - b.max(-2))).max(-1)
    extent = (b.max(-2) - b.min(-2)).max(-1)
    steady = drift < tol * np.maximum(extent, tol)
    out = np.full(end.shape[:-1], "transient", dtype="<U10")
    out[steady] = "precessing"
    out[np.linalg.norm(end + axis, axis=-1) < tol] = "reversed"
    out[np.linalg.norm(end - axis, axis=-1) < tol] = "relaxed"
    return out


def switching_time(traj: Trajectory, *, axis) -> np.ndarray:
    """First time at which ``m . axis`` becomes negative (``inf`` if it never does).

    Units of the trajectory's time axis; linear interpolation between the last saved point with
    ``m . axis >= 0`` and the first with ``m . axis < 0`` (``t[0]`` if it starts negative).

    Parameters
    ----------
    traj : :class:`Trajectory` (e.g. from :func:`spinlib.macrospin.llg.integrate`).
    axis : reference direction (3-vector or array broadcast against the batch; normalised on input).

    Returns
    -------
    ndarray, the batch shape of ``traj.m``: times in units of ``traj.t`` (``inf``: never reversed).

    Examples
    --------
    >>> from spinlib.macrospin.llg import Trajectory
    >>> tr = Trajectory(t=[0.0, 1.0, 2.0], m=[[1.0, 0.0, 0.0], [0.6, 0.8, 0.0], [-0.6, 0.8, 0.0]])
    >>> float(switching_time(tr, axis=[1, 0, 0]))
    1.5
    """
    traj = _trajectory(traj)
    axis = unit_vector("axis", axis)
    try:  # an array of reference axes broadcasts against the batch of trajectories
        proj = np.sum(traj.m * axis[..., None, :], axis=-1)
    except ValueError as exc:
        raise SpinlibInputError(f"axis must broadcast against the batch shape {traj.m.shape[:-2]} of traj; "
                                f"got shape {axis.shape}: {show(axis)}") from exc
    neg = proj < 0
    anyneg = neg.any(axis=-1)
    k = np.argmax(neg, axis=-1)
    k1 = np.maximum(k, 1)
    p1 = np.take_along_axis(proj, k1[..., None], -1)[..., 0]
    p0 = np.take_along_axis(proj, (k1 - 1)[..., None], -1)[..., 0]
    t = traj.t
    frac = p0 / np.where(p0 - p1 > 0, p0 - p1, 1.0)
    tsw = t[k1 - 1] + frac * (t[k1] - t[k1 - 1])
    return np.where(anyneg, np.where(k == 0, t[0], tsw), np.inf)
