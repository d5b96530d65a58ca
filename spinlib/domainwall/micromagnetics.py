"""A 1-D micromagnetic wire: finite-difference LLG with exchange, two anisotropies, field and the
adiabatic and non-adiabatic current torques; the check of the rigid-wall model.

Units and conventions are those of :mod:`spinlib.domainwall.collective` (lengths in the static
wall width ``Delta_0 = sqrt(A / K)``, fields in ``M_s``, time in ``1 / (gamma0 M_s)``, ``u`` in
``gamma0 M_s Delta_0``). In these units the effective field of the energy density
``A (dm/dx)^2 - K m_x^2 + K_perp m_z^2 - mu0 M_s H m_x`` is

    h_eff = hk (d^2 m / dx^2 + m_x e_x) - h_perp m_z e_z + h e_x,

(the exchange prefactor ``2 A / (mu0 M_s^2 Delta_0^2)`` equals ``hk = 2 K / (mu0 M_s^2)``), and the
equation of motion is the one of the collective model, before any ansatz:

    dm/dtau = -m x h_eff + alpha m x dm/dtau - u dm/dx + beta u m x dm/dx.

The wire is discretised in cells of size ``dx`` with the far domains (``+x`` on the left, ``-x``
on the right) as fixed ghost cells; derivatives are second-order central differences. The frame
follows the wall: whenever the wall has moved by more than two cells from the centre the profile is
shifted by whole cells (exactly, no interpolation) and the shift is added to the position, so a
wire of a few tens of widths serves for any travel.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..validate import SpinlibInputError, count, finite, in_range, instance, positive, scalar, show
from .collective import WallParams

__all__ = ["WireRun", "walker_profile", "simulate_wire", "MAX_CELLS", "MAX_WORK"]

MAX_CELLS = 4000  #: largest number of cells
MAX_WORK = 5e9  #: largest cells x steps of one call (about a minute)
RK4_MARGIN = 2.5  #: dt times the rate bound stays below this (RK4's stability radius is ~2.8)
DEFAULT_STEP = 1.5  #: default dt times the rate bound (accuracy checked against dt / 2 in the tests)


@dataclass(frozen=True)
class WireRun:
    """A micromagnetic run: time ``t`` (n_t,); wall position ``q``, tilt ``phi`` (unwrapped) and
    width ``width``, each ``batch + (n_t,)``; the final profile ``m`` (``batch + (n_cells, 3)``) on
    the cell centres ``x`` of the final frame, whose origin sits at ``offset`` (``batch``) in the lab."""

    t: np.ndarray  # time, 1 / (gamma0 M_s)
    q: np.ndarray  # wall position in the lab frame, Delta_0
    phi: np.ndarray  # tilt of the wall's moment, rad (unwrapped)
    width: np.ndarray  # integral width int sin^2 theta dx / 2, Delta_0
    x: np.ndarray  # cell centres in the final frame (lab position = x + offset), Delta_0
    m: np.ndarray  # final unit magnetization on the cells, (n_cells, 3)
    offset: float  # lab position of the frame's origin at the end, Delta_0


def walker_profile(x, *, q=0.0, phi=0.0, width=1.0):
    """The Walker wall ``m(x)``: ``theta = 2 arctan exp((x - q) / width)``, uniform tilt ``phi``.

    Parameters
    ----------
    x : array_like
        Positions (``Delta_0``).
    q, phi, width : float
        Centre (``Delta_0``), tilt (rad) and width (``Delta_0``, > 0).

    Returns
    -------
    ndarray
        ``m`` of shape ``x.shape + (3,)``: ``(cos theta, sin theta cos phi, sin theta sin phi)``,
        with ``cos theta = -tanh s`` and ``sin theta = sech s``, ``s = (x - q) / width``.

    Examples
    --------
    >>> walker_profile([0.0], phi=0.0).round(6).tolist()
    [[-0.0, 1.0, 0.0]]
    """
    x = finite("x", x)
    q = scalar("q", q)
    phi = scalar("phi", phi)
    width = scalar("width", width, positive)
    s = (x - q) / width
    sech = 1.0 / np.cosh(np.clip(s, -700.0, 700.0))
    return np.stack([-np.tanh(s), sech * math.cos(phi), sech * math.sin(phi)], axis=-1)


def _cross(a, b):
    return (a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0])


_LEFT, _RIGHT = (1.0, 0.0, 0.0), (-1.0, 0.0, 0.0)  # the far domains (fixed ghost cells)


def _rhs(M, P, h, u, dx):
    """dm/dtau on the cells; ``M`` (3, batch, n + 2) holds the ghost cells at both ends."""
    mi = M[:, :, 1:-1]
    lap = (M[:, :, 2:] - 2.0 * mi + M[:, :, :-2]) / (dx * dx)
    grad = (M[:, :, 2:] - M[:, :, :-2]) / (2.0 * dx)
    heff = (P.hk * (lap[0] + mi[0]) + h, P.hk * lap[1], P.hk * lap[2] - P.hk_perp * mi[2])
    prec = _cross(mi, heff)
    nonad = _cross(mi, grad)
    bu = P.beta * u
    T = [-prec[k] - u * grad[k] + bu * nonad[k] for k in range(3)]
    mt = mi[0] * T[0] + mi[1] * T[1] + mi[2] * T[2]
    T = [T[k] - mt * mi[k] for k in range(3)]  # the discrete gradient is not exactly normal to m
    mxT = _cross(mi, T)
    c = 1.0 / (1.0 + P.alpha**2)
    return np.stack([c * (T[k] + P.alpha * mxT[k]) for k in range(3)])


def _step(M, P, h, u, dx, dt, work):
    """One RK4 step in place; ``work`` is a scratch copy of ``M`` (same ghost cells)."""
    inner = M[:, :, 1:-1]
    k1 = _rhs(M, P, h, u, dx)
    work[:, :, 1:-1] = inner + (0.5 * dt) * k1
    k2 = _rhs(work, P, h, u, dx)
    work[:, :, 1:-1] = inner + (0.5 * dt) * k2
    k3 = _rhs(work, P, h, u, dx)
    work[:, :, 1:-1] = inner + dt * k3
    k4 = _rhs(work, P, h, u, dx)
    new = inner + (dt / 6.0) * (k1 + 2.0 * (k2 + k3) + k4)
    new /= np.sqrt(np.sum(new * new, axis=0))  # back onto the unit sphere
    M[:, :, 1:-1] = new


def simulate_wire(*, params: WallParams, field=0.0, current=0.0, t_end, n_out=200, length=40.0,
                  n_cells=400, dt=None, q0=0.0, phi0=0.0) -> WireRun:
    """Run the 1-D micromagnetic wire from a Walker wall and follow the wall.

    Parameters
    ----------
    params : WallParams
        ``alpha``, ``beta``, ``hk_perp`` and ``hk`` (the easy-axis field also sets the exchange).
    field, current : float or 1-D array
        Field ``h`` along ``+x`` (``|h| < hk``, below the nucleation field of the right domain) and
        spin-drift velocity ``u`` (units of ``gamma0 M_s Delta_0``); broadcast into a batch of
        independent wires run together.
    t_end : float
        Duration (``1 / (gamma0 M_s)``), > 0.
    n_out : int
        Number of saved intervals (the wall is measured and re-centred at each).
    length : float
        Length of the simulated window (``Delta_0``), >= 10.
    n_cells : int
        Number of cells (``dx = length / n_cells``, at most ``0.5 Delta_0``).
    dt : float, optional
        Time step (at most the RK4 limit ``2.5 / rate bound``); default ``1.5 / rate bound``,
        rounded down so that each saved interval holds a whole number of steps.
    q0, phi0 : float
        Initial wall centre and tilt (a Walker profile of width ``Delta_0``).

    Returns
    -------
    WireRun
        ``q`` from the area of ``m_x`` (``q = offset + sum(m_x) dx / 2``, exact for any
        antisymmetric profile), ``phi = atan2(sum m_z, sum m_y)`` unwrapped, ``width`` from
        ``sum(1 - m_x^2) dx / 2`` (equal to the width of a Walker profile).

    Notes
    -----
    Fixed-step RK4 with projection on the sphere after each step, as the book's macrospin
    integrator; the Gilbert form is solved for ``dm/dtau`` as
    ``(T + alpha m x T) / (1 + alpha^2)`` with ``T`` the undamped torque projected normal to ``m``.

    Examples
    --------
    >>> P = WallParams(alpha=0.5, hk_perp=1.0, hk=0.5)
    >>> run = simulate_wire(params=P, field=0.05, t_end=20.0, n_out=2, length=20.0, n_cells=80)
    >>> round(float((run.q[-1] - run.q[1]) / 10.0), 2)  # Walker: h Delta(phi) / alpha ~ 0.1
    0.1
    """
    P = instance("params", params, WallParams)
    h = in_range("field", field, -P.hk, P.hk, lo_open=True, hi_open=True)
    u = in_range("current", current, -100.0, 100.0)
    try:
        h, u = np.broadcast_arrays(h, u)
    except ValueError:
        raise SpinlibInputError(f"field and current must broadcast together; got field of shape "
                                f"{np.shape(field)}, current of shape {np.shape(current)}") from None
    if h.ndim > 1:
        raise SpinlibInputError(f"field and current must be numbers or 1-D arrays; got shape {h.shape}")
    t_end = scalar("t_end", t_end, positive)
    n_out = count("n_out", n_out, minimum=1, maximum=100_000)
    length = scalar("length", length, in_range, lo=10.0, hi=1e4)
    n_cells = count("n_cells", n_cells, minimum=20, maximum=MAX_CELLS)
    dx = length / n_cells
    if dx > 0.5:
        raise SpinlibInputError(f"n_cells={n_cells} is too few for length={show(length)}: the cell "
                                f"{dx:.3g} must not exceed 0.5 Delta_0; "
                                f"use n_cells >= {math.ceil(2 * length)}")
    q0 = scalar("q0", q0, in_range, lo=-0.25 * length, hi=0.25 * length)
    phi0 = scalar("phi0", phi0)
    rate = (P.hk * (4.0 / dx**2 + 1.0) + P.hk_perp + float(np.max(np.abs(h), initial=0.0))
            + float(np.max(np.abs(u), initial=0.0)) * (1.0 + P.beta) / dx)
    rate *= (1.0 + P.alpha) / (1.0 + P.alpha**2)
    interval = t_end / n_out
    limit = RK4_MARGIN / rate
    if dt is None:
        per = max(1, math.ceil(interval * rate / DEFAULT_STEP))
    else:
        dt = scalar("dt", dt, positive)
        if dt > limit:
            raise SpinlibInputError(f"dt={show(dt)} exceeds the RK4 stability limit {limit:.4g} of this wire")
        per = max(1, math.ceil(interval / dt - 1e-9))
    step = interval / per
    if n_out * per * n_cells * max(1, h.size) > MAX_WORK:
        raise SpinlibInputError(f"t_end={show(t_end)} with n_cells={n_cells} needs {n_out * per} steps: "
                                f"over the "
                                f"limit of {MAX_WORK:.0e} cell-steps; shorten t_end or use fewer cells")
    x = -0.5 * length + (np.arange(n_cells) + 0.5) * dx
    prof = walker_profile(x, q=q0, phi=phi0)
    shape = h.shape
    hb, ub = h.reshape(-1, 1), u.reshape(-1, 1)
    nb = hb.shape[0]
    M = np.empty((3, nb, n_cells + 2))
    M[:, :, 1:-1] = prof.T[:, None, :]
    for k in range(3):
        M[k, :, 0], M[k, :, -1] = _LEFT[k], _RIGHT[k]
    work = M.copy()
    offset = np.zeros(nb)
    qs, phis, widths = [], [], []
    for k in range(n_out + 1):
        if k:
            for _ in range(per):
                _step(M, P, hb, ub, dx, step, work)
        inner = M[:, :, 1:-1]
        ql = 0.5 * dx * inner[0].sum(axis=-1)
        qs.append(offset + ql)
        phis.append(np.arctan2(inner[2].sum(axis=-1), inner[1].sum(axis=-1)))
        widths.append(0.5 * dx * (inner[1] ** 2 + inner[2] ** 2).sum(axis=-1))
        shifts = np.rint(ql / dx).astype(int)
        for i in np.flatnonzero(np.abs(shifts) >= 2):  # re-centre by whole cells; the far domains fill in
            sh, n = int(shifts[i]), abs(int(shifts[i]))
            for c in range(3):
                row = np.roll(M[c, i, 1:-1], -sh)
                if sh > 0:
                    row[-n:] = _RIGHT[c]
                else:
                    row[:n] = _LEFT[c]
                M[c, i, 1:-1] = row
            offset[i] += sh * dx
    final = np.moveaxis(M[:, :, 1:-1], 0, -1).reshape(shape + (n_cells, 3))
    if not np.all(np.isfinite(final)):
        raise FloatingPointError("simulate_wire: the profile left the finite range despite the step check")

    def out(series):
        return np.moveaxis(np.asarray(series), 0, -1).reshape(shape + (n_out + 1,))

    return WireRun(t=np.linspace(0.0, t_end, n_out + 1), q=out(qs), phi=np.unwrap(out(phis), axis=-1),
                   width=out(widths), x=x, m=final, offset=offset.reshape(shape))
