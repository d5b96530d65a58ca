"""What the activation chapter's explorers and its double-well figure compute (Wegrowe et al.,
arXiv:0801.1019 (2008)): the potential at one field and current, escape times versus current (at one
barrier and field, or on every stop of the escape explorer's sliders at once) and switching curves.

Reduced units of :mod:`spinlib.activation`. Re-exported by :mod:`spinlib.activation.studies`; no drawing here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..validate import SpinlibInputError, count, finite, in_range, positive
from .escape import log_escape_time, switching_probability
from .landscape import (
    asymmetry_factors,
    barrier_heights,
    critical_current_exact,
    potential,
    stationary_points,
)

__all__ = [
    "THETA",
    "Landscape",
    "EscapeVersusCurrent",
    "landscape_at",
    "escape_versus_current",
    "EscapeGrid",
    "escape_grid",
    "switching_curves",
    "switching_grid",
]

#: Angle grid (rad) of the potential plots.
THETA = np.linspace(0.0, np.pi, 361)


def _frozen(a):
    a = np.array(a, dtype=float)
    a.setflags(write=False)
    return a

# ---------------------------------------------------------------------------------------------
# what the explorers and the double-well figure compute


@dataclass(frozen=True, kw_only=True, eq=False)
class Landscape:
    """The potential on :data:`THETA` and its stationary points (NaN where the AP well is gone)."""

    theta: np.ndarray  # rad, (361,)
    u: np.ndarray  # V_tot / E_a on theta
    points: np.ndarray  # theta_P, theta_top, theta_AP (rad), NaN without AP barrier
    u_points: np.ndarray  # V_tot / E_a at the points
    barrier_P: float  # Delta u_P (E_a), NaN without AP barrier
    barrier_AP: float  # Delta u_AP (E_a), NaN without AP barrier
    critical: float  # exact AP -> P critical current at this field


def landscape_at(*, field=0.0, current=0.0):
    """Potential, stationary points and barriers at one field and current (the double-well plots).

    Parameters
    ----------
    field : float
        Reduced field ``h`` in (-1, 1).
    current : float
        Reduced current ``iota`` (finite; below the critical current no points are returned).

    Returns
    -------
    Landscape

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> ls = studies.landscape_at(field=0.0, current=0.0)
    >>> round(ls.barrier_P, 6), round(ls.barrier_AP, 6)
    (1.0, 1.0)
    """
    h = float(in_range("field", field, -1.0, 1.0, lo_open=True, hi_open=True))
    j = float(finite("current", current))
    u = potential(THETA, field=h, current=j)
    crit = float(critical_current_exact(field=h))
    if j > crit:
        sp_ = stationary_points(field=h, current=j)
        dp, dap = barrier_heights(field=h, current=j)
        pts = np.array([float(sp_[k]) for k in ("theta_P", "theta_top", "theta_AP")])
        upts, dp, dap = potential(pts, field=h, current=j), float(dp), float(dap)
    else:
        pts, upts, dp, dap = np.full(3, np.nan), np.full(3, np.nan), np.nan, np.nan
    return Landscape(
        theta=THETA,
        u=_frozen(u),
        points=_frozen(pts),
        u_points=_frozen(upts),
        barrier_P=dp,
        barrier_AP=dap,
        critical=crit,
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class EscapeVersusCurrent:
    """``log10(tau / tau_N)`` versus current, exact and linear (Eq. (27)), out of P and AP."""

    current: np.ndarray  # iota, (n,)
    P: np.ndarray  # exact, out of P
    AP: np.ndarray  # exact, out of AP
    P_linear: np.ndarray  # Eq. (27), out of P
    AP_linear: np.ndarray  # Eq. (27), out of AP


def escape_versus_current(*, barrier, field=0.0, n_currents=41, span=(-1.2, 1.0)):
    """Escape times versus current from just above the AP -> P critical current to ``span[1]``.

    Parameters
    ----------
    barrier : float
        ``sigma = E_a / k_B T``.
    field : float
        Reduced field ``h``.
    n_currents : int
        Number of currents.
    span : (float, float)
        Current range; the lower end is raised to 0.98 of the critical current.

    Returns
    -------
    EscapeVersusCurrent

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> e = studies.escape_versus_current(barrier=20.0, n_currents=3)
    >>> round(float(e.P[-1]), 3)
    3.554
    """
    g = escape_grid([barrier], [field], n_currents=n_currents, span=span)
    return EscapeVersusCurrent(current=g.current[0], **{k: getattr(g, k)[0, 0] for k in _CURVES})


_CURVES = ("P", "AP", "P_linear", "AP_linear")


@dataclass(frozen=True, kw_only=True, eq=False)
class EscapeGrid:
    """:class:`EscapeVersusCurrent` on every pair of barriers and fields (the escape explorer's stops)."""

    barrier: np.ndarray  # sigma = E_a / k_B T, (n_b,)
    field: np.ndarray  # h, (n_h,)
    current: np.ndarray  # iota, (n_h, n): the currents depend on the field only
    P: np.ndarray  # log10(tau / tau_N), exact, out of P, (n_b, n_h, n)
    AP: np.ndarray  # exact, out of AP
    P_linear: np.ndarray  # Eq. (27), out of P (NaN where its barrier is negative)
    AP_linear: np.ndarray  # Eq. (27), out of AP

    def at(self, b: int, h: int) -> EscapeVersusCurrent:
        """The curves at ``barrier[b]`` and ``field[h]``."""
        return EscapeVersusCurrent(current=self.current[h], **{k: getattr(self, k)[b, h] for k in _CURVES})


def escape_grid(barriers, fields, *, n_currents=41, span=(-1.2, 1.0)):
    """Escape times versus current for every barrier and field at once (compute once, slice live).

    Parameters
    ----------
    barriers : sequence of float
        ``sigma = E_a / k_B T`` values, in (0, 1000].
    fields : sequence of float
        Reduced fields ``h``, in (-1, 1).
    n_currents : int
        Currents per curve.
    span : (float, float)
        Current range; at each field the lower end is raised to 0.98 of the critical current.

    Returns
    -------
    EscapeGrid
        ``P``, ``AP``, ``P_linear``, ``AP_linear`` shaped (n_b, n_h, n_currents); ``at(b, h)`` is
        :func:`escape_versus_current` at ``barriers[b]``, ``fields[h]`` (which is computed by it).
        Read-only, cached (the last four grids).

    Notes
    -----
    Every exact escape time of the grid comes from one call of
    :func:`spinlib.activation.log_escape_time` per well (its quadrature is per row, so the cost
    is that of the rows: about ``2 n_b n_h n_currents`` first-passage times).

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> g = studies.escape_grid([10.0, 20.0], [0.0], n_currents=3)
    >>> g.P.shape, round(float(g.P[1, 0, -1]), 3)
    ((2, 1, 3), 3.554)
    """
    sig = positive("barriers", barriers)
    h = in_range("fields", fields, -1.0, 1.0, lo_open=True, hi_open=True)
    for name, v, arr in (("barriers", barriers, sig), ("fields", fields, h)):
        if arr.ndim != 1 or arr.size == 0:
            raise SpinlibInputError(f"{name} must be a non-empty 1-D sequence; got {v!r}")
    n_currents = count("n_currents", n_currents, minimum=2)
    span = tuple(float(x) for x in span)
    return _escape_grid(tuple(sig.tolist()), tuple(h.tolist()), int(n_currents), span)


@lru_cache(maxsize=4)
def _escape_grid(sig: tuple, h: tuple, n_currents: int, span: tuple) -> EscapeGrid:
    sig, h = np.array(sig), np.array(h)
    lo = np.maximum(span[0], critical_current_exact(field=h) * 0.98)
    j = np.linspace(lo, span[1], n_currents, axis=-1)  # (n_h, n)
    s3, h3 = sig[:, None, None], h[None, :, None]
    out = {"current": _frozen(j)}
    for init in ("P", "AP"):
        out[init] = _frozen(log_escape_time(barrier=s3, field=h3, current=j, initial=init) / np.log(10))
        # the linear law only where its barrier is positive (method="linear" refuses beyond)
        cp, cap = asymmetry_factors(field=h[:, None])
        hc = h[:, None]
        ok = ((1.0 - hc) ** 2 + j * cap > 0) if init == "AP" else ((1.0 + hc) ** 2 - j * cp > 0)
        lin = np.full((sig.size, *j.shape), np.nan)
        hh = np.broadcast_to(h[:, None], j.shape)
        lin[:, ok] = log_escape_time(barrier=sig[:, None], field=hh[ok], current=j[ok], initial=init,
                                     method="linear")
        out[init + "_linear"] = _frozen(lin / np.log(10))
    return EscapeGrid(barrier=_frozen(sig), field=_frozen(h), **out)


def switching_curves(pulses, *, current, barrier):
    """Switching probability versus pulse length out of P and out of AP (zero field).

    Parameters
    ----------
    pulses : array_like
        Pulse lengths (units of ``tau_N``).
    current, barrier : float
        Reduced current ``iota`` and ``sigma = E_a / k_B T``.

    Returns
    -------
    dict of ndarray
        ``"P"`` and ``"AP"``: :func:`spinlib.activation.switching_probability` from each well.

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> round(float(studies.switching_curves([1e9], current=0.2, barrier=20.0)["P"][0]), 4)
    1.0
    """
    return {
        P: switching_probability(pulses, barrier=barrier, current=current, initial=P) for P in ("P", "AP")
    }


def switching_grid(pulses, *, currents, barriers):
    """:func:`switching_curves` at every pair of currents and barriers (the switching explorer's stops).

    Parameters
    ----------
    pulses : sequence of float
        Pulse lengths (units of ``tau_N``, >= 0).
    currents, barriers : sequence of float
        Reduced currents ``iota`` and ``sigma = E_a / k_B T`` (zero field).

    Returns
    -------
    dict of ndarray
        ``"P"`` and ``"AP"`` shaped (n_currents, n_barriers, n_pulses): entry ``[a, b]`` is
        :func:`switching_curves` at ``currents[a]``, ``barriers[b]`` (one call of it, broadcast: the
        exact rates are computed once per pair, not per pulse). Read-only, cached.

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> g = studies.switching_grid([1e9], currents=[0.0, 0.2], barriers=[20.0])
    >>> g["P"].shape, round(float(g["P"][1, 0, 0]), 4)
    ((2, 1, 1), 1.0)
    """
    t = finite("pulses", pulses)
    j = finite("currents", currents)
    sig = positive("barriers", barriers)
    for name, v, arr in (("pulses", pulses, t), ("currents", currents, j), ("barriers", barriers, sig)):
        if arr.ndim != 1 or arr.size == 0:
            raise SpinlibInputError(f"{name} must be a non-empty 1-D sequence; got {v!r}")
    return _switching_grid(*(tuple(a.tolist()) for a in (t, j, sig)))


@lru_cache(maxsize=4)
def _switching_grid(pulses: tuple, currents: tuple, barriers: tuple) -> dict:
    out = switching_curves(np.array(pulses), current=np.array(currents)[:, None, None],
                           barrier=np.array(barriers)[None, :, None])
    return {k: _frozen(v) for k, v in out.items()}

