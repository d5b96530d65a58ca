"""Uniaxial macrospin with spin-transfer torque: the LLG phase diagram.

The model is Sec. V.1 of Parcollet & Waintal (2006): a single-domain magnet
with easy axis ``z``, a field along ``z`` and a spin-polarised current whose
polariser also lies along ``z`` (Eqs. (40)-(42)). Its axial symmetry reduces
the dynamics of ``u = m_z = cos(theta)`` to one closed equation, Eq. (44).

Units (dimensionless, those of the paper, Eqs. (45)-(46))
--------------------------------------------------------
* field ``H = g mu_B H_phys / (2 kappa)`` (the anisotropy field is ``H = 1``);
* current ``I = hbar a I_phys / (2 alpha kappa e S_0)``;
* asymmetry ``q`` of the torque, ``g(u) = a / (1 + q u)`` (Eq. (42)), ``0 <= q < 1``;
* time of the vector equation in units of ``hbar / (2 kappa)``;
* time ``tau`` of the ``u`` equation in units of ``(1 + alpha^2) hbar / (2 alpha kappa)``,
  so that ``du/dtau = (1 - u^2) [H + u + I / (1 + q u)]``.

Phases are labelled by their stable fixed points, as in the paper: a bit mask
``1 * (u=-1 stable) + 2 * (a stable precession state) + 4 * (u=+1 stable)``;
see :data:`PHASE_LABELS`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validate import finite, in_range, positive

__all__ = [
    "UniaxialMacrospin",
    "FIG5_ILLUSTRATION",
    "PHASE_LABELS",
    "MINUS",
    "SP",
    "PLUS",
    "udot",
    "udot_slope",
    "stability_margins",
    "discriminant",
    "interior_fixed_points",
    "classify",
    "precession_frequency",
    "special_points",
    "attractor",
    "hysteresis_loop",
    "relaxation_time",
    "llg_rhs",
    "integrate_llg",
]

#: bit of the phase code: ``u = -1`` is stable
MINUS = 1
#: bit of the phase code: a stable spin-precession state ``-1 < u* < 1`` exists
SP = 2
#: bit of the phase code: ``u = +1`` is stable
PLUS = 4

#: label of each phase code (the list of stable fixed points, as in Fig. 5 of
#: Parcollet & Waintal (2006)); codes 0, 3 and 7 cannot occur in the LLG model.
PHASE_LABELS = {
    MINUS: "(-1)",
    PLUS: "(+1)",
    MINUS | PLUS: "(-1,+1)",
    SP: "(SP)",
    SP | PLUS: "(SP,+1)",
    SP | MINUS: "(-1,SP)",
    MINUS | SP | PLUS: "(-1,SP,+1)",
    0: "(none)",
}


@dataclass(frozen=True)
class UniaxialMacrospin:
    """Parameters of the uniaxial macrospin of Eqs. (40)-(42) of Parcollet & Waintal (2006).

    Field and current are the coordinates of the phase diagram and are passed
    to the functions directly; this set holds the material/junction constants.
    """

    asymmetry: float = 0.5  # q-bar of Eq. (42), torque asymmetry P/AP, dimensionless, 0 <= q < 1
    damping: float = 0.5  # alpha of Eq. (40), Gilbert damping, dimensionless, > 0

    def __post_init__(self):
        in_range("asymmetry", self.asymmetry, 0.0, 1.0, hi_open=True)
        positive("damping", self.damping)


#: Parameters used for the reproduction of Fig. 5 of Parcollet & Waintal (2006).
#: The paper's figure is a sketch and states no value of q; q = 0.5 is our
#: choice (it puts A, B, C at (-4, 4.5), (0, 0.5), (-2, 1.5)). The phase
#: diagram does not depend on the damping (it only sets the time unit).
FIG5_ILLUSTRATION = UniaxialMacrospin(asymmetry=0.5, damping=0.5)


# -- validation helpers --------------------------------------------------------
def _hiq(field, current, asymmetry):
    h = finite("field", field)
    i = finite("current", current)
    q = in_range("asymmetry", asymmetry, 0.0, 1.0, hi_open=True)
    return h, i, q


def _u(u):
    return in_range("u", u, -1.0, 1.0)


# -- the u equation ------------------------------------------------------------
def udot(u, *, field, current, asymmetry):
    """Right-hand side ``R(u) = du/dtau`` of the closed equation for ``u = cos(theta)``.

    Parameters
    ----------
    u : array_like
        ``m_z = cos(theta)``, in [-1, 1].
    field : array_like
        Reduced field ``H`` along the easy axis (units of ``2 kappa / (g mu_B)``, Eq. (45)).
    current : array_like
        Reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)).
    asymmetry : array_like
        Torque asymmetry ``q`` of Eq. (42), in [0, 1).

    Returns
    -------
    ndarray
        ``du/dtau`` with ``tau`` in units of ``(1 + alpha^2) hbar / (2 alpha kappa)``.

    Notes
    -----
    ``R(u) = (1 - u^2) [H + u + I / (1 + q u)]``: Eq. (44) of Parcollet & Waintal
    (2006) divided by its rate ``2 alpha kappa / (hbar (1 + alpha^2))``, with
    Eqs. (45)-(46). ``1 + q u >= 1 - q > 0`` on [-1, 1], so ``R`` is finite.
    """
    u = _u(u)
    h, i, q = _hiq(field, current, asymmetry)
    return (1.0 - u * u) * (h + u + i / (1.0 + q * u))


def udot_slope(u, *, field, current, asymmetry):
    """Derivative ``dR/du`` of :func:`udot`; a fixed point is stable where it is < 0.

    Parameters and units as in :func:`udot`; the result is in units of ``1/tau``.

    Notes
    -----
    ``R'(u) = -2u f(u) + (1 - u^2) (1 - q I / (1 + q u)^2)`` with
    ``f(u) = H + u + I / (1 + q u)`` (derivative of Eq. (44) of Parcollet & Waintal (2006)).
    """
    u = _u(u)
    h, i, q = _hiq(field, current, asymmetry)
    d = 1.0 + q * u
    return -2.0 * u * (h + u + i / d) + (1.0 - u * u) * (1.0 - q * i / (d * d))


def stability_margins(*, field, current, asymmetry):
    """Stability margins of the fixed points ``u = +1`` and ``u = -1``.

    Returns
    -------
    margin_plus, margin_minus : ndarray
        ``margin_plus = H + 1 + I / (1 + q)``: ``u = +1`` is stable iff it is > 0
        (Eq. (47) of Parcollet & Waintal (2006)); ``margin_minus = 1 - H - I / (1 - q)``:
        ``u = -1`` is stable iff it is > 0 (Eq. (48)). They equal ``-R'(+1)/2`` and
        ``-R'(-1)/2``.
    """
    h, i, q = _hiq(field, current, asymmetry)
    return h + 1.0 + i / (1.0 + q), 1.0 - h - i / (1.0 - q)


def discriminant(*, field, current, asymmetry):
    """Discriminant ``(q H - 1)^2 - 4 q I`` of the interior fixed-point equation.

    Two interior fixed points ``u*``, ``u**`` (possibly outside [-1, 1]) exist
    iff it is > 0: Eq. (49) of Parcollet & Waintal (2006).
    """
    h, i, q = _hiq(field, current, asymmetry)
    return (q * h - 1.0) ** 2 - 4.0 * q * i


def interior_fixed_points(*, field, current, asymmetry):
    """The fixed points of Eq. (44) strictly inside (-1, 1), as a masked array.

    Parameters
    ----------
    field, current, asymmetry : array_like
        As in :func:`udot`; broadcast together.

    Returns
    -------
    numpy.ma.MaskedArray
        Shape ``broadcast_shape + (2,)``: ``[..., 0]`` is the smaller root ``u*``,
        ``[..., 1]`` the larger ``u**`` of ``q u^2 + (1 + q H) u + H + I = 0``. An
        entry is masked where that root is not real or lies outside (-1, 1) (the
        masked data then hold a placeholder of modulus 2); for ``q = 0`` the equation
        is linear and its single root is ``u*`` or ``u**`` by position.

    Notes
    -----
    The roots use the cancellation-free form ``r1 = c / s``, ``r2 = s / q`` with
    ``s = -(b + sign(b) sqrt(D)) / 2``, exact in the limit ``q -> 0`` (where
    ``r1 -> -(H + I)``). Their stability is the sign of :func:`udot_slope`:
    ``u*`` is stable, ``u**`` unstable (Sec. V.1 of Parcollet & Waintal (2006)).
    """
    h, i, q = np.broadcast_arrays(*_hiq(field, current, asymmetry))
    b = 1.0 + q * h
    c = h + i
    disc = b * b - 4.0 * q * c
    real = disc >= 0.0
    sq = np.sqrt(np.where(real, disc, 0.0))
    sgn = np.where(b >= 0.0, 1.0, -1.0)
    s = -0.5 * (b + sgn * sq)
    # |c/s| < 1 iff |c| < |s| and |s/q| < 1 iff |s| < q: divide only there (no overflow for tiny
    # s or q); elsewhere the root lies outside (-1, 1) and a sentinel of modulus 2 stands in.
    ok1 = np.abs(c) < np.abs(s)
    ok2 = np.abs(s) < q
    r1 = np.where(ok1, c / np.where(ok1, s, 1.0), np.copysign(2.0, c * s))
    r2 = np.where(ok2, s / np.where(ok2, q, 1.0), np.copysign(2.0, s))
    # s == 0 only for b == D == c == 0 (q > 0): the double root u = 0
    zero = s == 0.0
    r1 = np.where(zero, 0.0, r1)
    r2 = np.where(zero & (q > 0.0), 0.0, r2)
    roots = np.sort(np.stack([r1, r2], axis=-1), axis=-1)
    inside = np.abs(roots) < 1.0
    valid = real[..., None] & inside
    return np.ma.MaskedArray(roots, mask=~valid)


def classify(*, field, current, asymmetry):
    """Phase code (bit mask of stable fixed points) at each point of the (H, I) plane.

    The classification is numerical: the fixed points of ``R(u)`` on [-1, 1]
    (``u = +-1`` and the interior roots of :func:`interior_fixed_points`) are
    found and each is called stable where :func:`udot_slope` < 0. It does not
    use the analytic boundaries, Eqs. (47)-(49) of Parcollet & Waintal (2006),
    which the tests compare with it.

    Returns
    -------
    ndarray of int
        ``1 * MINUS-stable + 2 * SP-stable + 4 * PLUS-stable``; see :data:`PHASE_LABELS`.
        On a boundary (a slope exactly 0) the marginal point is counted unstable.
    """
    h, i, q = np.broadcast_arrays(*_hiq(field, current, asymmetry))
    kw = dict(field=h, current=i, asymmetry=q)
    plus = udot_slope(np.ones_like(h), **kw) < 0.0
    minus = udot_slope(-np.ones_like(h), **kw) < 0.0
    roots = interior_fixed_points(**kw)
    u_in = roots.filled(0.0)
    slope = udot_slope(u_in, field=h[..., None], current=i[..., None], asymmetry=q[..., None])
    sp = np.any((slope < 0.0) & ~np.ma.getmaskarray(roots), axis=-1)
    return MINUS * minus.astype(int) + SP * sp.astype(int) + PLUS * plus.astype(int)


def precession_frequency(u, *, field):
    """Angular frequency of the precession state at a fixed point ``u``.

    Returns ``dphi/dt = H + u`` in units of ``2 kappa / hbar`` (second line of
    Eq. (43) of Parcollet & Waintal (2006) with ``dtheta/dt = 0``); at an
    interior fixed point it equals ``-I / (1 + q u)``.
    """
    return finite("field", field) + _u(u)


def special_points(*, asymmetry):
    """Coordinates (H, I) of the points A, B, C of Fig. 5 of Parcollet & Waintal (2006).

    Parameters
    ----------
    asymmetry : float
        ``q`` in (0, 1) (for ``q = 0`` the points are at infinity).

    Returns
    -------
    dict
        ``{"A": (H, I), "B": (H, I), "C": (H, I)}``: A and B where the parabola (49)
        touches the stability lines of ``u = +1`` and ``u = -1`` (double root at
        ``u = +1`` and ``u = -1``), C where the two lines cross.
    """
    q = float(in_range("asymmetry", asymmetry, 0.0, 1.0, lo_open=True, hi_open=True))
    return {
        "A": (-2.0 - 1.0 / q, (1.0 + q) ** 2 / q),
        "B": (2.0 - 1.0 / q, (1.0 - q) ** 2 / q),
        "C": (-1.0 / q, (1.0 - q * q) / q),
    }


# -- dynamics of u ---------------------------------------------------------------
def attractor(u0, *, field, current, asymmetry):
    """The stable fixed point that ``du/dtau = R(u)`` reaches from ``u0``.

    The flow is one-dimensional, so the state moves monotonically to the nearest
    fixed point in the direction of ``sign R(u0)``: the smallest fixed point above
    ``u0`` if ``R(u0) > 0``, the largest below if ``R(u0) < 0``. A point with
    ``R(u0) = 0`` stays. Vectorised over all arguments.
    """
    u0 = _u(u0)
    h, i, q = _hiq(field, current, asymmetry)
    u0, h, i, q = np.broadcast_arrays(u0, h, i, q)
    r = udot(u0, field=h, current=i, asymmetry=q)
    roots = interior_fixed_points(field=h, current=i, asymmetry=q)
    valid = ~np.ma.getmaskarray(roots)
    vals = roots.filled(0.0)
    above = valid & (vals > u0[..., None])
    below = valid & (vals < u0[..., None])
    up = np.min(np.where(above, vals, 1.0), axis=-1)
    down = np.max(np.where(below, vals, -1.0), axis=-1)
    return np.where(r > 0.0, up, np.where(r < 0.0, down, u0))


def hysteresis_loop(currents, *, field, asymmetry, u_start=1.0):
    """Quasi-static branch of ``u`` as the current is swept through ``currents`` in order.

    At each step the state relaxes (:func:`attractor`) from where the previous
    step left it: the sweep is slow compared with the relaxation time but the
    state stays on its branch until that branch loses stability.

    Parameters
    ----------
    currents : array_like, shape (n,)
        The sweep of the reduced current ``I`` (e.g. up then down).
    field : array_like
        Reduced field ``H``; broadcast with ``asymmetry`` (one loop per value).
    asymmetry : array_like
        ``q`` in [0, 1).
    u_start : array_like
        Initial ``u`` before the first step.

    Returns
    -------
    ndarray, shape ``(n,) + broadcast_shape``
        ``u`` after each step.
    """
    cur = finite("currents", currents)
    if cur.ndim != 1:
        raise ValueError(f"currents must be a 1-d sweep; got shape {cur.shape}")
    h, q = np.broadcast_arrays(finite("field", field), in_range("asymmetry", asymmetry, 0.0, 1.0,
                                                                hi_open=True))
    u = np.broadcast_to(_u(u_start), h.shape).astype(float)
    out = np.empty((cur.size,) + h.shape)
    for k, ik in enumerate(cur):  # sequential by nature (history); each step is vectorised
        # nudge off an unstable fixed point: a real sweep is never exactly on one
        r = udot(u, field=h, current=ik, asymmetry=q)
        slope = udot_slope(u, field=h, current=ik, asymmetry=q)
        stuck = (r == 0.0) & (slope >= 0.0)
        u_try = np.where(stuck, np.clip(u - 1e-9 * np.sign(u + 1e-300), -1.0, 1.0), u)
        u = attractor(u_try, field=h, current=ik, asymmetry=q)
        out[k] = u
    return out


def relaxation_time(u, *, field, current, asymmetry):
    """Linear relaxation time ``-1 / R'(u)`` at a stable fixed point ``u`` (units of ``tau``).

    Returns ``inf`` where the point is not strictly stable (``R'(u) >= 0``): the
    time diverges as a phase boundary is approached (critical slowing down).
    """
    s = udot_slope(u, field=field, current=current, asymmetry=asymmetry)
    neg = s < 0.0
    return np.where(neg, -1.0 / np.where(neg, s, -1.0), np.inf)


# -- the vector equation ---------------------------------------------------------------
def llg_rhs(m, *, field, current, asymmetry, damping):
    """``dm/dt`` of the LLG equation with spin torque, Eq. (40) of Parcollet & Waintal (2006).

    Parameters
    ----------
    m : array_like, shape (..., 3)
        Magnetisation direction (taken as given, not renormalised).
    field, current, asymmetry : array_like
        As in :func:`udot`; broadcast with ``m[..., 0]``.
    damping : array_like
        Gilbert damping ``alpha`` > 0.

    Returns
    -------
    ndarray, shape (..., 3)
        ``dm/dt`` with ``t`` in units of ``hbar / (2 kappa)``.

    Notes
    -----
    Eq. (40) is implicit in ``dm/dt`` (Gilbert form). Solved for it,
    ``(1 + alpha^2) dm/dt = T + alpha m x T`` with
    ``T = -(m_z + H) m x z + alpha I / (1 + q m_z) m x (z x m)``, Eqs. (41)-(42)
    and (45)-(46) in the units above. ``m x (z x m)`` is evaluated as
    ``z (m.m) - m_z m`` so that ``m . dm/dt = 0`` holds for any ``m``: ``|m|`` is an exact
    invariant of the flow (``z - m_z m``, equal on the sphere, makes ``|m| = 1`` unstable
    where ``I m_z < 0``).
    """
    m = finite("m", m)
    if m.ndim == 0 or m.shape[-1] != 3:
        raise ValueError(f"m must have shape (..., 3); got shape {m.shape}")
    h, i, q = _hiq(field, current, asymmetry)
    a = positive("damping", damping)
    return _rhs(m, h, i, q, a)


def _rhs(m, h, i, q, a):
    mx, my, mz = m[..., 0], m[..., 1], m[..., 2]
    w = mz + h
    c = a * i / (1.0 + q * mz)
    # m x z = (my, -mx, 0); m x (z x m) = z (m.m) - mz m, kept in this exact form (not z - mz m):
    # then m.T = 0 identically and the flow conserves |m| in all of R^3. With z - mz m, |m| = 1
    # is repelling where I m_z < 0 and RK4 round-off grows exponentially off the sphere.
    tx = -w * my - c * mz * mx
    ty = w * mx - c * mz * my
    tz = c * (mx * mx + my * my)
    # m x T
    cx = my * tz - mz * ty
    cy = mz * tx - mx * tz
    cz = mx * ty - my * tx
    k = 1.0 / (1.0 + a * a)
    return np.stack([k * (tx + a * cx), k * (ty + a * cy), k * (tz + a * cz)], axis=-1)


def integrate_llg(m0, *, t_end, dt, field, current, asymmetry, damping, n_out=101):
    """Integrate Eq. (40) with a vectorised fixed-step RK4 (no renormalisation).

    Parameters
    ----------
    m0 : array_like, shape (..., 3)
        Initial directions (normalised on input).
    t_end : float
        Final time, units of ``hbar / (2 kappa)``; > 0.
    dt : float
        Step, same units; in (0, t_end]. The step is shrunk so that it divides
        ``t_end`` into whole steps.
    field, current, asymmetry, damping : array_like
        As in :func:`llg_rhs`; broadcast with ``m0[..., 0]`` (one set per trajectory).
    n_out : int
        Number of stored times, >= 2 (evenly spaced, including 0 and ``t_end``).

    Returns
    -------
    t : ndarray, shape (n_out,)
    m : ndarray, shape (n_out,) + m0.shape
        ``|m|`` is conserved by the exact flow; RK4 keeps it to ``O(dt^4)``.
    """
    from .validate import unit_vector

    m = unit_vector("m0", m0)
    t_end = float(positive("t_end", t_end))
    dt = float(in_range("dt", dt, 0.0, t_end, lo_open=True))
    n_out = int(in_range("n_out", n_out, 2, np.inf))
    h, i, q = _hiq(field, current, asymmetry)
    a = positive("damping", damping)
    shape = np.broadcast_shapes(m.shape[:-1], h.shape, i.shape, q.shape, a.shape)
    m = np.broadcast_to(m, shape + (3,)).copy()
    h, i, q, a = (np.broadcast_to(x, shape) for x in (h, i, q, a))
    blocks = n_out - 1
    steps = max(1, int(np.ceil(t_end / blocks / dt)))
    step = t_end / blocks / steps
    out = np.empty((n_out,) + m.shape)
    out[0] = m
    for k in range(blocks):
        for _ in range(steps):
            k1 = _rhs(m, h, i, q, a)
            k2 = _rhs(m + 0.5 * step * k1, h, i, q, a)
            k3 = _rhs(m + 0.5 * step * k2, h, i, q, a)
            k4 = _rhs(m + step * k3, h, i, q, a)
            m = m + (step / 6.0) * (k1 + 2.0 * k2 + 2.0 * k3 + k4)
        out[k + 1] = m
    return np.linspace(0.0, t_end, n_out), out
