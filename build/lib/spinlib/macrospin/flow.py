"""One-dimensional flows ``du/dt = R(u)`` on an interval: the machinery of the reduced models.

The uniaxial macrospin (:mod:`spinlib.macrospin.uniaxial`, Eq. (44) of Parcollet & Waintal
(2006)) and the reduced nanomagnet model of the nanomagnet chapter (Eq. (50) of the same paper) both reduce
to a flow of ``u = m_z`` on ``[-1, 1]`` whose interior fixed points are roots of a quadratic.
This module holds what they share:

* :func:`quadratic_roots`: the two real roots of ``a u^2 + b u + c`` in the cancellation-free
  form, vectorised;
* :func:`flow_target`: where a one-dimensional flow started at ``u`` ends (the nearest fixed
  point in the direction of ``du/dt``);
* :func:`quasi_static_sweep`: the quasi-static branch of ``u`` as a control parameter is swept
  (the state relaxes at every step from where the previous step left it: hysteresis).
"""

from __future__ import annotations

import numpy as np

from ..validate import SpinlibInputError, count, finite, nonnegative

__all__ = ["quadratic_roots", "flow_target", "quasi_static_sweep"]

#: Largest number of steps :func:`quasi_static_sweep` accepts.
MAX_SWEEP_STEPS = 10**7


def quadratic_roots(a, b, c):
    """The two roots of ``a u^2 + b u + c``, ordered, without cancellation.

    Parameters
    ----------
    a : array_like, the quadratic coefficient, ``>= 0`` (finite).
    b, c : array_like, the linear and constant coefficients (finite); ``b != 0`` where ``a = 0``.

    Returns
    -------
    lower, upper : ndarray
        The roots, ``lower <= upper``, broadcast shape. A root too large for a float (``a``
        tiny) is returned as a signed ``inf``; where ``a = 0`` the pair is the linear root
        ``-c/b`` and the root at infinity (``inf`` with the sign of ``-b``, ``-inf`` for ``b > 0``).
        Where ``b = 0`` and ``c = 0``, the double root ``0``. Where the roots are not real
        (``real`` False) both hold the same finite placeholder (meaningless; mask them).
    real : ndarray of bool
        ``b^2 - 4 a c >= 0`` (evaluated in floating point).

    Notes
    -----
    With ``D = max(b^2 - 4ac, 0)`` and ``t = -(b + sign(b) sqrt(D)) / 2`` the roots are
    ``t / a`` and ``c / t`` (Vieta: their product is ``c / a``): neither subtracts two nearly equal
    numbers, so a small root keeps its relative accuracy (Press et al., *Numerical Recipes*,
    Sec. 5.6). Where ``D = 0`` exactly both roots are the vertex ``t / a = -b / (2a)`` (so a double
    root is reported as two equal floats). Used by :func:`spinlib.macrospin.uniaxial.interior_fixed_points`
    (Eq. (49) of Parcollet & Waintal (2006)) and the reduced nanomagnet model.

    Examples
    --------
    >>> lo, hi, real = quadratic_roots(1.0, -3.0, 2.0)
    >>> float(lo), float(hi), bool(real)
    (1.0, 2.0, True)
    >>> lo, hi, _ = quadratic_roots(1.0, 1e8, 1.0)  # the small root without cancellation
    >>> float(lo), float(hi)
    (-100000000.0, -1e-08)
    """
    a = nonnegative("a", a)
    b, c = finite("b", b), finite("c", c)
    try:
        a, b, c = np.broadcast_arrays(a, b, c)
    except ValueError as exc:
        raise SpinlibInputError(f"a, b and c must broadcast together; got shapes {np.shape(a)}, "
                                f"{np.shape(b)}, {np.shape(c)}") from exc
    if np.any((a == 0) & (b == 0)):
        raise SpinlibInputError(f"b must be nonzero where a = 0 (no equation left); got a={a!r}, b={b!r}")
    return _roots(a, b, c)


def _roots(a, b, c):
    """:func:`quadratic_roots` without validation (arrays of equal shape, ``a >= 0``)."""
    with np.errstate(over="ignore", invalid="ignore"):
        disc = b * b - 4.0 * a * c
        real = ~(disc < 0.0)  # an overflow to inf counts as real, as it is
        t = -0.5 * (b + np.where(b >= 0.0, 1.0, -1.0) * np.sqrt(np.maximum(disc, 0.0)))
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        ra = np.where(t != 0.0, c / np.where(t != 0.0, t, 1.0), 0.0)
        rb = np.where(a != 0.0, t / np.where(a != 0.0, a, 1.0), np.copysign(np.inf, t))
    ra = np.where(disc == 0.0, rb, ra)  # double root: both at the vertex
    ra = np.where(t == 0.0, 0.0, ra)  # b = D = 0 (c = 0): the double root 0
    rb = np.where(t == 0.0, 0.0, rb)
    return np.minimum(ra, rb), np.maximum(ra, rb), np.asarray(real)


def flow_target(u, direction, points, *, lower=-1.0, upper=1.0, gap=0.0):
    """Where the one-dimensional flow ``du/dt = R(u)`` started at ``u`` comes to rest.

    Parameters
    ----------
    u : array_like, the starting states (batch shape).
    direction : array_like, the sign of ``du/dt`` at ``u`` (``> 0`` up, ``< 0`` down, ``0`` stays),
        broadcast against ``u``.
    points : array_like or numpy.ma.MaskedArray, shape ``batch + (n,)``: the fixed points of the
        flow (masked entries are ignored; order does not matter).
    lower, upper : float, the ends of the interval (the flow stops there if no fixed point lies
        in its way).
    gap : float >= 0, fixed points closer than ``gap`` to ``u`` are not "in the way" (set it to the
        resolution of a fixed-point finder so that the state does not stick to its own old point).

    Returns
    -------
    ndarray, batch shape: the smallest fixed point above ``u + gap`` (else ``upper``) where the
    direction is positive, the largest below ``u - gap`` (else ``lower``) where it is negative,
    ``u`` where it is zero.

    Notes
    -----
    In one dimension a trajectory is monotonic and cannot pass a fixed point, so it ends at the
    nearest fixed point in the direction of ``R(u)`` (or at an end of the interval).

    Examples
    --------
    >>> float(flow_target(0.2, 1.0, [-0.5, 0.1, 0.7]))
    0.7
    >>> float(flow_target(0.2, -1.0, [-0.5, 0.1, 0.7]))
    0.1
    >>> float(flow_target(0.8, 1.0, [-0.5, 0.1, 0.7]))
    1.0
    """
    u = finite("u", u)
    d = finite("direction", direction)
    pts = np.ma.asarray(points)
    if pts.ndim < 1:
        raise SpinlibInputError(f"points must have shape batch + (n,); got a scalar: {points!r}")
    finite("points", pts.filled(0.0))
    lower, upper = float(finite("lower", lower)), float(finite("upper", upper))
    gap = float(nonnegative("gap", gap))
    try:
        np.broadcast_shapes(u.shape, d.shape, pts.shape[:-1])
    except ValueError as exc:
        raise SpinlibInputError(f"u, direction and points[..., 0] must broadcast together; got shapes "
                                f"{u.shape}, {d.shape}, {pts.shape[:-1]}") from exc
    return _target(u, d, pts.filled(0.0), ~np.ma.getmaskarray(pts), lower, upper, gap)


def _target(u, d, vals, valid, lower, upper, gap):
    """:func:`flow_target` without validation (``valid`` marks the usable entries of ``vals``)."""
    above = valid & (vals > (u + gap)[..., None])
    below = valid & (vals < (u - gap)[..., None])
    up = np.min(np.where(above, vals, upper), axis=-1)
    down = np.max(np.where(below, vals, lower), axis=-1)
    return np.where(d > 0.0, up, np.where(d < 0.0, down, u))


def quasi_static_sweep(u_start, *, n_steps, fixed_points, move, lower=-1.0, upper=1.0, gap=0.0):
    """Quasi-static branch of a one-dimensional flow as a control parameter is swept.

    Parameters
    ----------
    u_start : array_like, the state before the first step (it should have the full batch shape).
    n_steps : int, number of steps of the sweep (>= 1).
    fixed_points : callable ``fixed_points(k) -> points``, the fixed points of the flow at step ``k``
        (array or masked array of shape ``batch + (n,)``, as in :func:`flow_target`).
    move : callable ``move(k, u) -> (u_from, direction)``: where the state at ``u`` starts to flow
        at step ``k`` (normally ``u`` itself; a model may nudge it off an unstable point) and the
        sign of ``du/dt`` there (``> 0`` up, ``< 0`` down, ``0``: it stays at ``u_from``).
    lower, upper, gap : as in :func:`flow_target`.

    Returns
    -------
    ndarray, shape ``batch + (n_steps,)``: the state after each step.

    Notes
    -----
    The sweep is slow compared with the relaxation, so at each step the state flows to
    :func:`flow_target` from where the previous step left it; it stays on its branch until that
    branch loses stability, which gives the hysteresis loops of Figs. 5 and 8 of
    Parcollet & Waintal (2006). Sequential by nature (history), vectorised over the batch.

    Examples
    --------
    Bistable flow ``du/dt = (1 - u^2)(u + h)`` swept in ``h`` up and back: ``u = +1`` is stable for
    ``h > -1``, ``u = -1`` for ``h < 1``.

    >>> h = np.array([-2.0, 0.0, 2.0, 0.0, -2.0])
    >>> pts = lambda k: np.ma.masked_outside([-h[k]], -1.0, 1.0)
    >>> move = lambda k, u: (u, np.sign(u + h[k]))  # the sign of du/dt off the poles
    >>> quasi_static_sweep(-1.0, n_steps=5, fixed_points=pts, move=move)
    array([-1., -1.,  1.,  1., -1.])
    """
    u = np.array(finite("u_start", u_start), dtype=float)
    n = count("n_steps", n_steps, minimum=1, maximum=MAX_SWEEP_STEPS)
    lower, upper = float(finite("lower", lower)), float(finite("upper", upper))
    gap = float(nonnegative("gap", gap))
    if not (callable(fixed_points) and callable(move)):
        raise SpinlibInputError(f"fixed_points and move must be callables; got {fixed_points!r}, {move!r}")
    out = []
    for k in range(n):
        u_from, d = move(k, u)
        pts = np.ma.asarray(fixed_points(k))
        u = _target(np.asarray(u_from, dtype=float), np.asarray(d, dtype=float), pts.filled(0.0),
                    ~np.ma.getmaskarray(pts), lower, upper, gap)
        if out and u.shape != out[0].shape:
            raise SpinlibInputError(f"the batch shape changed during the sweep (from {out[0].shape} to "
                                    f"{u.shape}); give u_start the full batch shape")
        out.append(u)
    return np.stack(out, axis=-1)
