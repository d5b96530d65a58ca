"""The double well under spin injection: GMR, electrospin and total potential, its stationary
points, barriers and critical currents (Wegrowe et al. 2008).

Mesoscopic (thermokinetic) model of Wegrowe, Santos, Ciornei, Drouhin & Rubí,
arXiv:0801.1019 (2008): spin injection adds an *electrospin* potential to the
ferromagnetic potential in the configuration space of the magnetization; the
Néel-Brown activation law survives with a current-dependent barrier.

**Reduced units (the activation chapter of the book).**

* angle ``theta`` in [0, pi] from the easy axis, which is also the direction of the fixed
  layer: ``theta = 0`` is the parallel (P) state, ``theta = pi`` the antiparallel (AP) state;
* energies in units of the anisotropy energy ``E_a = v K`` (``v`` volume, ``K`` anisotropy);
* field ``h = M_s H / (2 K)`` along the easy axis (``|h| < 1``: two minima);
* current ``iota = -8 l Delta R I / (beta L_thetatheta E_a)``: the electrospin energy per radian
  in units of ``E_a``, with the sign chosen so that ``iota > 0`` favours AP (drives P -> AP), the
  direction the paper states for positive current (with the derived sign of Eq. (25), see the
  chapter's erratum, that direction needs ``l < 0`` for ``beta > 0``).

The total reduced potential (Eq. (26), derived; ``R_GMR = Delta R (1 - cos theta)``) is

    u(theta) = sin^2 theta - 2 h cos theta - iota (theta - sin theta).

The swept variables (``field``, ``current``) are keyword arrays that broadcast; the reduced model
has no other constants. The numerics of :mod:`spinlib.activation.escape` call the functions of
this module for the printed equations (GMR, electrospin potential, asymmetry factors).
"""

from __future__ import annotations

import math

import numpy as np

from ..validate import SpinlibInputError, finite, in_range

__all__ = [
    "MAX_CURRENT",
    "gmr_resistance",
    "electrospin_potential",
    "potential",
    "electrospin_torque",
    "stationary_points",
    "critical_current_exact",
    "barrier_heights",
    "asymmetry_factors",
    "critical_currents_linear",
]

MAX_CURRENT = 100.0  #: largest accepted ``|iota|``


# ---------------------------------------------------------------------------------------------
# validation helpers (shared with escape.py)


def _field(field):
    return in_range("field", field, -1.0, 1.0, lo_open=True, hi_open=True)


def _current(current, field_arr, *, name="current"):
    """Validate ``current``: finite, ``|iota| <= MAX_CURRENT`` and above the exact AP -> P
    critical current (where the AP well and the barrier merge and no barrier is left)."""
    j = in_range(name, current, -MAX_CURRENT, MAX_CURRENT)
    _broadcast(field=field_arr, **{name: j})
    crit = _critical_exact(field_arr)
    if np.any(j <= crit):
        raise SpinlibInputError(
            f"{name} must exceed the critical current of the AP -> P transition (below it the AP well "
            f"has merged with the barrier; at field={_scalar_or(field_arr)} that is iota_c = "
            f"{_scalar_or(crit)}); got {current!r}"
        )
    return j


def _broadcast(**arrays):
    """Refuse arguments that do not broadcast together, naming them (not NumPy's message)."""
    try:
        np.broadcast_shapes(*(np.shape(a) for a in arrays.values()))
    except ValueError:
        got = ", ".join(f"{k} of shape {np.shape(a)}" for k, a in arrays.items())
        raise SpinlibInputError(f"{', '.join(arrays)} must broadcast together; got {got}") from None


def _scalar_or(a):
    a = np.asarray(a)
    return f"{float(a):.6g}" if a.size == 1 else "the field-dependent value"


# ---------------------------------------------------------------------------------------------
# the printed equations: GMR (below Eq. (26)) and the electrospin potential (Eq. (10))


def _g(theta):
    """``int_0^theta (1 - cos t) dt = theta - sin theta`` (GMR integrated from P), cancellation-free."""
    theta = np.asarray(theta, dtype=float)
    small = np.abs(theta) < 1e-3
    t2 = theta * theta
    series = theta * t2 / 6.0 * (1.0 - t2 / 20.0 * (1.0 - t2 / 42.0))
    return np.where(small, series, theta - np.sin(theta))


def gmr_resistance(theta):
    """Giant magnetoresistance ``R_GMR(theta) / Delta R = 1 - cos theta``.

    Parameters
    ----------
    theta : array_like
        Angle between free and fixed layer (rad), any finite value.

    Returns
    -------
    ndarray
        ``R_GMR / Delta R`` (dimensionless): 0 in P, 2 in AP.

    Notes
    -----
    ``R_GMR(theta) = Delta R (1 - cos theta)`` of Wegrowe et al. (2008) (the form used below
    Eq. (26)), after Dieny et al. (1991). Written as ``2 sin^2(theta/2)`` so it is exact (no
    cancellation) near P. Its value at AP, ``R_GMR(pi) = 2 Delta R``, is the electrospin force
    ``2 iota`` at the AP pole that the steepest-descent rate of
    :func:`spinlib.activation.log_escape_time` uses.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.activation import gmr_resistance
    >>> np.round(gmr_resistance([0.0, np.pi / 2, np.pi]), 12)
    array([0., 1., 2.])
    """
    theta = finite("theta", theta)
    return 2.0 * np.sin(0.5 * theta) ** 2


def electrospin_potential(theta, *, current):
    """Electrospin part of the reduced potential, ``-iota (theta - sin theta)`` (units of ``E_a``).

    Parameters
    ----------
    theta : array_like
        Angle from P, in [0, pi] (rad).
    current : array_like
        Reduced current ``iota`` (see the module docstring), any finite value.

    Returns
    -------
    ndarray
        ``(l / L_thetatheta) V^e(theta) / E_a = -iota int_0^theta R_GMR / Delta R`` with
        ``V^e(0) = 0`` (units of ``E_a``), broadcast over ``theta`` and ``current``.

    Notes
    -----
    Eq. (10) of Wegrowe et al. (2008), derived form ``V^e = (8 I / beta) int_0^theta R_GMR``
    (the printed second equality carries an extra ``e``; see the chapter's erratum), in reduced
    units. :func:`potential`, the barriers and every escape time add this function.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.activation import electrospin_potential
    >>> round(float(electrospin_potential(np.pi, current=0.5)), 6)  # -iota pi
    -1.570796
    """
    theta = in_range("theta", theta, 0.0, math.pi)
    j = finite("current", current)
    _broadcast(theta=theta, current=j)
    return -j * _g(theta)


def electrospin_torque(theta, *, current):
    """Electrospin generalised force ``-dV^e/dtheta = iota (1 - cos theta)`` (units of ``E_a``/rad).

    Parameters
    ----------
    theta : array_like
        Angle from P, in [0, pi] (rad).
    current : array_like
        Reduced current ``iota`` (finite).

    Returns
    -------
    ndarray
        ``-d/dtheta`` of :func:`electrospin_potential`: ``iota R_GMR(theta) / Delta R`` (units of
        ``E_a`` per radian), positive = towards AP.

    Notes
    -----
    The electrospin part of the drift ``-D d(sigma u)/dtheta`` is temperature independent
    (``D sigma = L_thetatheta E_a / rho_0`` does not contain ``T``): a damping-like torque along
    ``u_theta`` with the angular factor ``1 - cos theta`` of the GMR, where Slonczewski's torque has
    ``eta(theta) sin theta`` (chapter 1). It vanishes at P and is ``2 iota`` at AP, so for any
    ``iota < 0`` the AP state is no longer stationary and the AP minimum tilts to a cone.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.activation import electrospin_torque
    >>> np.round(electrospin_torque([0.0, np.pi / 2, np.pi], current=0.5), 12)
    array([0. , 0.5, 1. ])
    """
    theta = in_range("theta", theta, 0.0, math.pi)
    j = finite("current", current)
    _broadcast(theta=theta, current=j)
    return j * gmr_resistance(theta)


def potential(theta, *, field=0.0, current=0.0, field_angle=0.0):
    """Reduced total potential ``V_tot(theta) / E_a`` of the free layer under field and current.

    Parameters
    ----------
    theta : array_like
        Angle from P, in [0, pi] (rad).
    field : array_like
        Reduced field ``h = M_s H / (2K)`` (finite; ``|h| < 1`` for two wells).
    current : array_like
        Reduced current ``iota`` (finite).
    field_angle : array_like
        Angle ``phi`` of the field from the easy axis (rad, finite).

    Returns
    -------
    ndarray
        ``sin^2 theta - 2 h cos(theta - phi) - iota (theta - sin theta)`` (units of ``E_a``).

    Notes
    -----
    ``V^F = K sin^2 theta - M_s H cos(theta - phi)`` (Sec. A of Wegrowe et al. (2008)) divided by
    ``K``, plus :func:`electrospin_potential` (Eq. (26), derived form). Only ``phi = 0`` keeps the
    problem axially symmetric; the rates assume it.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.activation import potential
    >>> round(float(potential(np.pi / 2, field=0.0, current=0.0)), 6)  # the top: barrier E_a
    1.0
    """
    theta = in_range("theta", theta, 0.0, math.pi)
    h = finite("field", field)
    j = finite("current", current)
    phi = finite("field_angle", field_angle)
    _broadcast(theta=theta, field=h, current=j, field_angle=phi)
    return np.sin(theta) ** 2 - 2.0 * h * np.cos(theta - phi) + electrospin_potential(theta, current=j)


def _u2(theta, h, j):
    """``u''(theta)`` (the electrospin part is ``-iota dR_GMR/dtheta``)."""
    return 2.0 * np.cos(2.0 * theta) + 2.0 * h * np.cos(theta) - j * np.sin(theta)


# ---------------------------------------------------------------------------------------------
# stationary points: u'(theta) = 2 sin(theta/2) F(t), t = theta/2,
# F(t) = 2 cos t (cos 2t + h) - iota sin t; G = F / sin t + iota is monotone on both sides of t_min.


def _bisect(func, lo, hi, n=64):
    """Vectorised bisection for a sign change of ``func`` on [lo, hi] (func(lo) > 0 > func(hi))."""
    lo, hi = np.array(lo, dtype=float), np.array(hi, dtype=float)
    for _ in range(n):
        mid = 0.5 * (lo + hi)
        pos = func(mid) > 0
        lo = np.where(pos, mid, lo)
        hi = np.where(pos, hi, mid)
    return 0.5 * (lo + hi)


def _t_min(h):
    """Half-angle where ``G(t) = 2 cot t (cos 2t + h)`` is smallest: root of
    ``H(t) = -2 (cos 2t + h) - 2 sin^2 2t`` (negative, then increasing through zero once)."""
    h = np.asarray(h, dtype=float)
    return _bisect(
        lambda t: 2.0 * (np.cos(2 * t) + h) + 2.0 * np.sin(2 * t) ** 2,
        np.full(h.shape, math.pi / 6.0),
        np.full(h.shape, math.pi / 2.0),
    )


def _critical_exact(h):
    h = np.asarray(h, dtype=float)
    t = _t_min(h)
    return 2.0 * np.cos(t) * (np.cos(2 * t) + h) / np.sin(t)


def _stationary(h, j):
    h, j = np.broadcast_arrays(np.asarray(h, dtype=float), np.asarray(j, dtype=float))
    tm = _t_min(h)

    def F(t):
        return 2.0 * np.cos(t) * (np.cos(2 * t) + h) - j * np.sin(t)

    t_top = _bisect(F, np.zeros(h.shape), tm)
    # AP well: the pole for iota >= 0; for iota < 0 the cone minimum where F changes sign back
    t_ap = _bisect(lambda t: -F(t), tm, np.full(h.shape, math.pi / 2.0))
    theta_ap = np.where(j < 0, 2.0 * t_ap, math.pi)
    return np.zeros(h.shape), 2.0 * t_top, theta_ap


def stationary_points(*, field=0.0, current=0.0):
    """The P minimum, the barrier top and the AP minimum of the reduced potential.

    Parameters
    ----------
    field : array_like
        Reduced field ``h`` in (-1, 1).
    current : array_like
        Reduced current ``iota``, above :func:`critical_current_exact` (the AP -> P threshold)
        and ``|iota| <= 100``.

    Returns
    -------
    dict of ndarray
        ``theta_P`` (always 0), ``theta_top`` and ``theta_AP`` (rad), broadcast over the inputs.

    Notes
    -----
    ``u'(theta) = 2 sin(theta/2) [2 cos(theta/2)(cos theta + h) - iota sin(theta/2)]``. Because
    ``R_GMR(0) = 0`` the electrospin force vanishes at P, which stays a minimum for any current;
    at AP it is ``2 iota``: for ``iota < 0`` the AP minimum leaves the pole (a cone of states).
    Roots by vectorised bisection on the monotone branches (exact to rounding).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.activation import stationary_points
    >>> sp = stationary_points(field=0.0, current=0.0)
    >>> round(float(np.degrees(sp["theta_top"])), 6), float(sp["theta_AP"]) == np.pi
    (90.0, True)
    """
    h = _field(field)
    j = _current(current, h)
    p, top, ap = _stationary(h, j)
    return {"theta_P": p, "theta_top": top, "theta_AP": ap}


def critical_current_exact(*, field=0.0):
    """Exact AP -> P critical current ``iota_c(h) < 0``: below it the AP well has no barrier.

    Parameters
    ----------
    field : array_like
        Reduced field ``h`` in (-1, 1).

    Returns
    -------
    ndarray
        ``iota_c`` (reduced current units), negative.

    Notes
    -----
    The minimum over the half-angle ``t`` of ``G(t) = 2 cot t (cos 2t + h)`` (where the AP minimum
    and the barrier top merge). There is no P -> AP counterpart: with ``R_GMR(0) = 0`` the P
    well keeps the curvature ``2(1 + h)`` for every current, the top sits at
    ``theta_0 ~ 4 (1 + h) / iota`` and the barrier only shrinks like ``16 (1 + h)^3 / (3 iota^2)``.

    Examples
    --------
    >>> from spinlib.activation import critical_current_exact
    >>> round(float(critical_current_exact(field=0.0)), 6)
    -0.600566
    """
    return _critical_exact(_field(field))


# ---------------------------------------------------------------------------------------------
# barriers


def _mapped(x, h, j, ap):
    """``u - u(pole)`` in the coordinate ``x`` measured from the initial pole (P: x = theta; AP:
    x = pi - theta), written without cancellation so tiny barriers (|h| -> 1, large currents) keep
    their relative accuracy. The electrospin part is :func:`electrospin_potential` itself: at P,
    ``V^e(x)``; at AP, ``V^e(pi - x) - V^e(pi) = iota int_0^x R_GMR(pi - y) dy = 2 iota x + V^e(x)``
    (``R_GMR(pi - y) = 2 - R_GMR(y)``), so P: ``4 sin^2(x/2) (cos^2(x/2) + h) + V^e(x)``;
    AP: ``4 sin^2(x/2) (cos^2(x/2) - h) + 2 iota x + V^e(x)``."""
    s2 = np.sin(0.5 * x) ** 2
    ve = electrospin_potential(x, current=j)
    # cos^2(x/2) +- h = (1 +- h) - sin^2(x/2): 1 +- h is exact, so the depth (1 +- h)^2 of a well
    # near |h| -> 1 keeps its relative accuracy (cos^2 + h would cancel to ~1e-16 / (1 + h))
    return np.where(ap, 4.0 * s2 * ((1.0 - h) - s2) + 2.0 * j * x + ve, 4.0 * s2 * ((1.0 + h) - s2) + ve)


def _barriers(h, j):
    _, top, ap = _stationary(h, j)
    dp = _mapped(top, h, j, False)
    dap = _mapped(np.pi - top, h, j, True) - _mapped(np.pi - ap, h, j, True)
    return dp, np.maximum(dap, 0.0), top, ap


def barrier_heights(*, field=0.0, current=0.0):
    """Exact barriers ``(Delta u_P, Delta u_AP)`` of the reduced potential (units of ``E_a``).

    Parameters
    ----------
    field : array_like
        Reduced field ``h`` in (-1, 1).
    current : array_like
        Reduced current ``iota`` above :func:`critical_current_exact`, ``|iota| <= 100``.

    Returns
    -------
    (ndarray, ndarray)
        ``u(theta_top) - u(theta_P)`` and ``u(theta_top) - u(theta_AP)`` (units of ``E_a``).

    Notes
    -----
    Differences of :func:`potential` (Eq. (26), derived) between the stationary points of
    :func:`stationary_points`, evaluated without cancellation. At zero current
    ``Delta u_P = (1 + h)^2`` and ``Delta u_AP = (1 - h)^2`` (Néel-Brown).

    Examples
    --------
    >>> from spinlib.activation import barrier_heights
    >>> dp, dap = barrier_heights(field=0.2, current=0.0)
    >>> round(float(dp), 6), round(float(dap), 6)
    (1.44, 0.64)
    """
    h = _field(field)
    j = _current(current, h)
    dp, dap, _, _ = _barriers(h, j)
    return dp, dap


def asymmetry_factors(*, field=0.0):
    """Asymmetry factors ``c_P`` and ``c_AP`` of Eq. (27), derived, at zero current.

    Parameters
    ----------
    field : array_like
        Reduced field ``h`` in (-1, 1).

    Returns
    -------
    (ndarray, ndarray)
        ``c_P = int_0^{theta_0} R_GMR / Delta R`` and ``c_AP = int_{theta_0}^pi R_GMR / Delta R``
        (rad) with ``cos theta_0 = -h`` (both positive).

    Notes
    -----
    ``c_i = int_{theta_i}^{theta_0} R_GMR dtheta / Delta R`` below Eq. (27) of Wegrowe et al.
    (2008); at ``h = 0``, ``c_P = (pi - 2)/2`` and ``c_AP = (pi + 2)/2`` (the paper's values, the
    latter as a magnitude: the integral from pi to theta_0 is negative). The barriers change as
    ``Delta u_P ~ (1 + h)^2 - iota c_P`` and ``Delta u_AP ~ (1 - h)^2 + iota c_AP``; the
    "linear" escape time calls this function.

    Examples
    --------
    >>> from spinlib.activation import asymmetry_factors
    >>> cp, cap = asymmetry_factors(field=0.0)
    >>> round(float(cp), 6), round(float(cap), 6)
    (0.570796, 2.570796)
    """
    h = _field(field)
    theta0 = np.arccos(-h)
    return _g(theta0), _g(np.pi) - _g(theta0)


def critical_currents_linear(*, field=0.0):
    """Critical currents of the linearised barriers (the derived Eq. (28)), in units of ``iota``.

    Parameters
    ----------
    field : array_like
        Reduced field ``h`` in (-1, 1).

    Returns
    -------
    (ndarray, ndarray)
        ``iota_c_P = (1 + h)^2 / c_P > 0`` and ``iota_c_AP = -(1 - h)^2 / c_AP < 0``, where the
        linear barriers ``E_a (1 - I / I_c)`` of the two transitions reach zero.

    Notes
    -----
    Eq. (28) of Wegrowe et al. (2008), derived form, with :func:`asymmetry_factors`.

    Examples
    --------
    >>> from spinlib.activation import critical_currents_linear
    >>> icp, icap = critical_currents_linear(field=0.0)
    >>> round(float(icp), 4), round(float(icap), 4)
    (1.7519, -0.389)
    """
    h = _field(field)
    cp, cap = asymmetry_factors(field=h)
    return (1.0 + h) ** 2 / cp, -((1.0 - h) ** 2) / cap
