"""Uniaxial macrospin with spin-transfer torque: the LLG phase diagram.

The model is Sec. V.1 of Parcollet & Waintal (2006): a single-domain magnet
with easy axis ``z``, a field along ``z`` and a spin-polarised current whose
polariser also lies along ``z`` (Eqs. (40)-(42)). Its axial symmetry reduces
the dynamics of ``u = m_z = cos(theta)`` to one closed equation, Eq. (44).

Units (dimensionless, those of the paper, Eqs. (45)-(46))
--------------------------------------------------------
* field ``H = g mu_B H_phys / (2 kappa)`` (the anisotropy field is ``H = 1``);
* current ``I = hbar a I_phys / (2 alpha kappa e S_0)``;
* asymmetry ``q`` of the torque, ``g(u) = a / (1 + q u)`` (Eq. (42)), ``0 <= q < 1``: the ``B/A``
  of :func:`spinlib.llg.slonczewski_eta` (``asymmetry`` means the same in both modules);
* time of the vector equation in units of ``hbar / (2 kappa)``;
* time ``tau`` of the ``u`` equation in units of ``(1 + alpha^2) hbar / (2 alpha kappa)``,
  so that ``du/dtau = (1 - u^2) [H + u + I / (1 + q u)]``.

The vector equation (40) is integrated by the book's one LLG integrator,
:func:`spinlib.llg.integrate`: :func:`macrospin_params` and :func:`llg_current` map this model
onto :class:`spinlib.llg.MacrospinParams` (``h_k = 1`` along ``z``, no demagnetization,
``p = z``, ``q = A = 1``, ``B = asymmetry``, ``j = -alpha I``); :func:`integrate_llg` does it.

Phases are labelled by their stable fixed points, as in the paper: a bit mask
``1 * (u=-1 stable) + 2 * (a stable precession state) + 4 * (u=+1 stable)``;
see :data:`PHASE_LABELS`. A fixed point counts as stable when it attracts the states on at least
one side of it (on a phase boundary the marginal point attracts from one side); with this rule,
evaluated in exact rational arithmetic where floating point cannot decide, every point of the
plane, boundaries included, falls in one of the five phases of the paper.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from ..validate import (
    SpinlibInputError,
    check_fields,
    finite,
    finite_result,
    in_range,
    instance,
    positive,
    scalar,
)
from . import llg

__all__ = [
    "UniaxialMacrospin",
    "FIG5_ILLUSTRATION",
    "PHASE_LABELS",
    "PHASES",
    "MINUS",
    "SP",
    "PLUS",
    "udot",
    "udot_slope",
    "stability_margins",
    "boundary_currents",
    "discriminant",
    "interior_fixed_points",
    "fixed_points",
    "classify",
    "precession_frequency",
    "special_points",
    "attractor",
    "hysteresis_loop",
    "relaxation_time",
    "macrospin_params",
    "llg_current",
    "integrate_llg",
]

#: bit of the phase code: ``u = -1`` is stable
MINUS = 1
#: bit of the phase code: a stable spin-precession state ``-1 < u* < 1`` exists
SP = 2
#: bit of the phase code: ``u = +1`` is stable
PLUS = 4

#: label of each phase code (the list of stable fixed points, as in Fig. 5 of
#: Parcollet & Waintal (2006)); no other code can occur (see :func:`classify`).
PHASE_LABELS = {
    MINUS: "(-1)",
    PLUS: "(+1)",
    MINUS | PLUS: "(-1,+1)",
    SP: "(SP)",
    SP | PLUS: "(SP,+1)",
}
#: the five phase codes, in the order of :data:`PHASE_LABELS`
PHASES = tuple(PHASE_LABELS)


@dataclass(frozen=True, kw_only=True)
class UniaxialMacrospin:
    """Constants of the uniaxial macrospin of Eqs. (40)-(42) of Parcollet & Waintal (2006).

    Field and current are the coordinates of the phase diagram and are passed
    to the functions directly; this set holds the junction constants.
    """

    asymmetry: float = 0.5  # q-bar of Eq. (42), torque asymmetry P/AP, dimensionless, 0 <= q < 1
    alpha: float = 0.5  # alpha of Eq. (40), Gilbert damping, dimensionless, > 0

    def __post_init__(self):
        check_fields(self, asymmetry=lambda n, v: in_range(n, v, 0.0, 1.0, hi_open=True), alpha=positive)


#: Parameters used for the reproduction of Fig. 5 of Parcollet & Waintal (2006).
#: The paper's figure is a sketch and states no value of q; q = 0.5 is our
#: choice (it puts A, B, C at (-4, 4.5), (0, 0.5), (-2, 1.5)). The phase
#: diagram does not depend on the damping (it only sets the time unit).
FIG5_ILLUSTRATION = UniaxialMacrospin(asymmetry=0.5, alpha=0.5)


# -- validation helpers --------------------------------------------------------
def _hiq(field, current, asymmetry):
    h = finite("field", field)
    i = finite("current", current)
    q = in_range("asymmetry", asymmetry, 0.0, 1.0, hi_open=True)
    try:
        np.broadcast_shapes(h.shape, i.shape, q.shape)
    except ValueError as exc:
        raise SpinlibInputError(f"field, current and asymmetry must broadcast together; got shapes "
                                f"{h.shape}, {i.shape}, {q.shape}") from exc
    return h, i, q


def _u(u, name="u"):
    return in_range(name, u, -1.0, 1.0)


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
    u_ = _u(u)
    h, i, q = _hiq(field, current, asymmetry)
    with np.errstate(over="ignore", invalid="ignore"):
        r = _udot(u_, h, i, q)
    return finite_result(r, u=u, field=field, current=current, asymmetry=asymmetry)


def _udot(u, h, i, q):
    return (1.0 - u * u) * (h + u + i / (1.0 + q * u))


def _udot_slope(u, h, i, q):
    d = 1.0 + q * u
    return -2.0 * u * (h + u + i / d) + (1.0 - u * u) * (1.0 - q * i / (d * d))


def udot_slope(u, *, field, current, asymmetry):
    """Derivative ``dR/du`` of :func:`udot`; a fixed point is stable where it is < 0.

    Parameters and units as in :func:`udot`; the result is in units of ``1/tau``.

    Notes
    -----
    ``R'(u) = -2u f(u) + (1 - u^2) (1 - q I / (1 + q u)^2)`` with
    ``f(u) = H + u + I / (1 + q u)`` (derivative of Eq. (44) of Parcollet & Waintal (2006)).
    """
    u_ = _u(u)
    h, i, q = _hiq(field, current, asymmetry)
    with np.errstate(over="ignore", invalid="ignore"):
        s = _udot_slope(u_, h, i, q)
    return finite_result(s, u=u, field=field, current=current, asymmetry=asymmetry)


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
    with np.errstate(over="ignore", invalid="ignore"):
        plus, minus = h + 1.0 + i / (1.0 + q), 1.0 - h - i / (1.0 - q)
    given = dict(field=field, current=current, asymmetry=asymmetry)
    return finite_result(plus, **given), finite_result(minus, **given)


def discriminant(*, field, current, asymmetry):
    """Discriminant ``(q H - 1)^2 - 4 q I`` of the interior fixed-point equation.

    Two interior fixed points ``u*``, ``u**`` (possibly outside [-1, 1]) exist
    iff it is > 0: Eq. (49) of Parcollet & Waintal (2006), i.e. *below* the
    parabola ``I = (q H - 1)^2 / (4 q)``.
    """
    h, i, q = _hiq(field, current, asymmetry)
    with np.errstate(over="ignore", invalid="ignore"):
        disc = (q * h - 1.0) ** 2 - 4.0 * q * i
    return finite_result(disc, field=field, current=current, asymmetry=asymmetry)


def boundary_currents(field, *, asymmetry):
    """The three boundary curves of the phase diagram as currents ``I(H)``.

    Returns
    -------
    dict
        ``"plus"``: ``-(1 + q)(H + 1)``, where ``u = +1`` turns unstable (Eq. (47));
        ``"minus"``: ``(1 - q)(1 - H)``, where ``u = -1`` turns unstable (Eq. (48));
        ``"parabola"``: ``(q H - 1)^2 / (4 q)``, where the interior roots merge (Eq. (49);
        ``inf`` for ``q = 0`` and where it exceeds the float range). Equations of
        Parcollet & Waintal (2006).
    """
    h = finite("field", field)
    q = in_range("asymmetry", asymmetry, 0.0, 1.0, hi_open=True)
    pos = q > 0
    with np.errstate(over="ignore"):  # beyond the float range (q -> 0, |H| -> huge): inf
        par = np.where(pos, (q * h - 1.0) ** 2 / (4.0 * np.where(pos, q, 1.0)), np.inf)
    return {"plus": -(1.0 + q) * (h + 1.0), "minus": (1.0 - q) * (1.0 - h), "parabola": par}


# -- exact signs of the polynomial P(u) = (1 + q u) f(u) = q u^2 + (1 + q H) u + (H + I) ----------
_EPS = np.finfo(float).eps


def _exact(h, i, q, which):
    """Exact value (a Fraction) of one of the decision quantities at one point."""
    H, I, Q = Fraction(float(h)), Fraction(float(i)), Fraction(float(q))
    b, c = 1 + Q * H, H + I
    return {"P+": Q + b + c, "P-": Q - b + c, "D": b * b - 4 * Q * c, "b+": b + 2 * Q, "b-": b - 2 * Q}[which]


def _signs(h, i, q, unsure_out=None):
    """Signs (-1, 0, +1) of P(1), P(-1), D and b +- 2q, exact (rational fallback near 0).

    Evaluated in floating point on scaled values (no overflow at any finite input); where the
    result is within its rounding-error bound of zero, or not finite, it is recomputed exactly
    with :class:`fractions.Fraction` (every float is a rational number).
    """
    s = np.maximum(1.0, np.maximum(np.abs(h), np.abs(i)))  # scale: all terms O(1)
    hs, is_, inv = h / s, i / s, 1.0 / s
    bs = inv + q * hs  # b / s
    cs = hs + is_  # c / s
    mag_b = inv + q * np.abs(hs)
    mag_c = np.abs(hs) + np.abs(is_)
    vals = {
        "P+": (q * inv + bs + cs, q * inv + mag_b + mag_c),
        "P-": (q * inv - bs + cs, q * inv + mag_b + mag_c),
        # D / s^2 = b^2/s^2 - 4 q c / s^2: scale the second term by inv as well
        "D": (bs * bs - 4.0 * q * cs * inv, mag_b * mag_b + 4.0 * q * mag_c * inv),
        "b+": (bs + 2.0 * q * inv, mag_b + 2.0 * q * inv),
        "b-": (bs - 2.0 * q * inv, mag_b + 2.0 * q * inv),
    }
    out = {}
    for key, (v, mag) in vals.items():
        with np.errstate(invalid="ignore"):  # inf - inf: recomputed exactly below
            sign = np.array(np.sign(np.nan_to_num(v, nan=0.0)), dtype=int)
        unsure = ~np.isfinite(v) | (np.abs(v) <= 16.0 * _EPS * mag) | (mag < 1e-280)
        if unsure_out is not None:
            unsure_out |= unsure
        for idx in map(tuple, np.argwhere(unsure)):
            ex = _exact(h[idx], i[idx], q[idx], key)
            sign[idx] = (ex > 0) - (ex < 0)
        out[key] = sign
    return out


def _root_masks(sg, q):
    """Which roots of P lie strictly inside (-1, 1), from the exact signs (q > 0 and q = 0)."""
    pp, pm, d, bp, bm = sg["P+"], sg["P-"], sg["D"], sg["b+"], sg["b-"]
    quad = (q > 0) & (d >= 0)
    # smaller root r1: r1 > -1 iff P(-1) > 0 and vertex -b/2q > -1 (b < 2q); r1 < 1 iff P(1) < 0 or b > -2q
    in1 = quad & (pm > 0) & (bm < 0) & ((pp < 0) | (bp > 0))
    # larger root r2: r2 > -1 iff P(-1) < 0 or b < 2q; r2 < 1 iff P(1) > 0 and b > -2q
    in2 = quad & ((pm < 0) | (bm < 0)) & (pp > 0) & (bp > 0)
    # q = 0: P(u) = u + H + I, one root, in (-1, 1) iff P(-1) < 0 < P(1) (stored as u**)
    in2 = in2 | ((q == 0) & (pm < 0) & (pp > 0))
    return in1, in2


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
        entry is masked where that root is not real or does not lie strictly inside
        (-1, 1) (the masked data then hold the placeholder 2); for ``q = 0`` the equation
        is linear and its single root is ``u**``.

    Notes
    -----
    Whether a root lies inside is decided exactly from the signs of ``P(+-1)``, of the
    discriminant and of the vertex position (see :func:`classify`). The values use the
    cancellation-free form ``r1 = c / s``, ``r2 = s / q`` with ``s = -(b + sign(b) sqrt(D)) / 2``
    on coefficients scaled by ``max(1, |H|, |I|)`` (no overflow at any finite input). Their
    stability: ``u*`` is stable, ``u**`` unstable (Sec. V.1 of Parcollet & Waintal (2006)).
    """
    h, i, q = np.broadcast_arrays(*_hiq(field, current, asymmetry))
    in1, in2 = _root_masks(_signs(h, i, q), q)
    sc = np.maximum(1.0, np.maximum(np.abs(h), np.abs(i)))
    b = 1.0 / sc + q * (h / sc)
    c = h / sc + i / sc
    qs = q / sc
    disc = np.maximum(b * b - 4.0 * qs * c, 0.0)
    t = -0.5 * (b + np.where(b >= 0.0, 1.0, -1.0) * np.sqrt(disc))
    # the two roots (either order), divided only where |root| <= 1 (no overflow for tiny t or q);
    # elsewhere a placeholder of the root's sign and modulus 2 keeps the order of the two right
    ok_a = np.abs(c) <= np.abs(t)
    ok_b = np.abs(t) <= qs
    ra = np.where(ok_a, c / np.where(ok_a & (t != 0.0), t, 1.0), np.copysign(2.0, c * t))
    rb = np.where(ok_b, t / np.where(ok_b & (qs != 0.0), qs, 1.0), np.copysign(2.0, t))
    ra = np.where(t == 0.0, 0.0, ra)  # b = D = c = 0: double root u = 0
    rb = np.where(t == 0.0, 0.0, rb)
    quad = q > 0
    r1 = np.where(quad, np.minimum(ra, rb), 2.0)
    lin = in2 & ~quad  # q = 0: u = -(H + I) = -c/b (scaled), divided only where it lies inside
    r2 = np.where(quad, np.maximum(ra, rb), np.where(lin, -c / np.where(lin, b, 1.0), 2.0))
    lim = np.nextafter(1.0, 0.0)  # a root strictly inside never rounds onto a pole
    r1 = np.where(in1, np.clip(r1, -lim, lim), 2.0)
    r2 = np.where(in2, np.clip(r2, -lim, lim), 2.0)
    return np.ma.MaskedArray(np.stack([r1, r2], axis=-1), mask=~np.stack([in1, in2], axis=-1))


def classify(*, field, current, asymmetry):
    """Phase code (bit mask of stable fixed points) at each point of the (H, I) plane.

    Returns
    -------
    ndarray of int
        ``1 * MINUS-stable + 2 * SP-stable + 4 * PLUS-stable``, always one of :data:`PHASES`.

    Notes
    -----
    With ``P(u) = (1 + q u) f(u) = q u^2 + (1 + q H) u + H + I`` (positive multiple of ``f``,
    ``R = (1 - u^2) f``), a fixed point is stable when the flow runs into it from at least one
    side: ``u = +1`` iff ``P > 0`` just below 1 (``P(1) > 0``, or ``P(1) = 0`` with ``P'(1) < 0``
    or ``P'(1) = 0``), ``u = -1`` iff ``P < 0`` just above -1 (``P(-1) < 0``, or ``P(-1) = 0``
    with ``P'(-1) < 0``), and an interior point iff it is the smaller root ``u*`` of the upward
    parabola ``P`` (``q > 0``). Every sign is decided exactly (:func:`_signs`), so points on the
    lines (47), (48) and the parabola (49) of Parcollet & Waintal (2006), and the points A, B, C,
    get a phase of an adjacent region; the codes "none" and (-1,SP) never occur.
    """
    h, i, q = np.broadcast_arrays(*_hiq(field, current, asymmetry))
    sg = _signs(h, i, q)
    pp, pm, bp, bm = sg["P+"], sg["P-"], sg["b+"], sg["b-"]
    # P'(1) = 2q + b, P'(-1) = b - 2q
    plus = (pp > 0) | ((pp == 0) & (bp <= 0))
    minus = (pm < 0) | ((pm == 0) & (bm < 0))
    sp, _ = _root_masks(sg, q)
    return MINUS * minus.astype(int) + SP * sp.astype(int) + PLUS * plus.astype(int)


def exact_fallback_count(*, field, current, asymmetry) -> int:
    """How many points of the grid :func:`classify` had to decide in exact rational arithmetic.

    A diagnostic: the points whose decisive signs (see :func:`classify`) lie within the rounding
    error of zero in floating point, i.e. points on or next to a phase boundary.
    """
    h, i, q = np.broadcast_arrays(*_hiq(field, current, asymmetry))
    unsure = np.zeros(h.shape, dtype=bool)
    _signs(h, i, q, unsure_out=unsure)
    return int(unsure.sum())


def fixed_points(*, field, current, asymmetry):
    """All fixed points of Eq. (44) on [-1, 1] at one point of the plane, and their stability.

    Parameters
    ----------
    field, current, asymmetry : float (scalars).

    Returns
    -------
    u, stable : ndarray (n,), ndarray of bool (n,)
        The fixed points in increasing order (``-1``, the interior roots, ``+1``; a double root
        once) and whether each is stable in the sense of :func:`classify`.
    """
    h, i, q = _hiq(field, current, asymmetry)
    for name, v in (("field", h), ("current", i), ("asymmetry", q)):
        if v.ndim:
            raise SpinlibInputError(f"{name} must be a scalar here; got shape {v.shape}")
    code = int(classify(field=h, current=i, asymmetry=q))
    roots = interior_fixed_points(field=h, current=i, asymmetry=q)
    mask = np.ma.getmaskarray(roots)
    inner = [float(roots.data[k]) for k in range(2) if not mask[k]]
    stable_inner = [k == 0 for k in range(2) if not mask[k]]
    if len(inner) == 2 and inner[0] == inner[1]:  # double root: attracting from below
        inner, stable_inner = inner[:1], [True]
    u = np.array([-1.0, *inner, 1.0])
    stable = np.array([bool(code & MINUS), *stable_inner, bool(code & PLUS)])
    return u, stable


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
    q = scalar("asymmetry", asymmetry, in_range, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    if q < 1e-300:  # 1/q would leave the float range
        raise SpinlibInputError(f"asymmetry must be >= 1e-300 (A, B, C lie beyond the float range); "
                                f"got {asymmetry!r}")
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
    u0 = _u(u0, "u0")
    h, i, q = _hiq(field, current, asymmetry)
    try:
        u0, h, i, q = np.broadcast_arrays(u0, h, i, q)
    except ValueError as exc:
        raise SpinlibInputError(f"u0 must broadcast with field, current and asymmetry; got shape "
                                f"{u0.shape}") from exc
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
        raise SpinlibInputError(f"currents must be a 1-d sweep; got shape {cur.shape}: {currents!r}")
    h, _, q = _hiq(field, 0.0, asymmetry)
    h, q = np.broadcast_arrays(h, q)
    u_start = _u(u_start, "u_start")
    try:
        u = np.broadcast_to(u_start, h.shape).astype(float)
    except ValueError as exc:
        raise SpinlibInputError(f"u_start must broadcast with field and asymmetry; got shape "
                                f"{u_start.shape}") from exc
    out = np.empty((cur.size,) + h.shape)
    for k, ik in enumerate(cur):  # sequential by nature (history); each step is vectorised
        # nudge off an unstable fixed point: a real sweep is never exactly on one
        with np.errstate(over="ignore"):  # only the signs are used: an overflow to +-inf keeps them
            r = _udot(u, h, ik, q)
            slope = _udot_slope(u, h, ik, q)
        stuck = (r == 0.0) & (slope >= 0.0)
        u_try = np.where(stuck, np.clip(u - 1e-9 * np.sign(u + 1e-300), -1.0, 1.0), u)
        u = attractor(u_try, field=h, current=ik, asymmetry=q)
        out[k] = u
    return out


def relaxation_time(u, *, field, current, asymmetry):
    """Linear relaxation time ``-1 / R'(u)`` at a stable fixed point ``u`` (units of ``tau``).

    Returns ``inf`` where the point is not strictly stable (``R'(u) >= 0``): the
    time diverges as a phase boundary is approached (critical slowing down). A time beyond the
    float range (``|R'| < 1/1.8e308``) is also ``inf``.
    """
    s = udot_slope(u, field=field, current=current, asymmetry=asymmetry)
    neg = s < 0.0  # a marginal point (s = 0) relaxes algebraically, not exponentially: inf
    with np.errstate(over="ignore"):  # |1/s| beyond the float range (denormal s): inf, as at s = 0
        return np.where(neg, -1.0 / np.where(neg, s, -1.0), np.inf)




# -- the vector equation (40), integrated by spinlib.llg ---------------------------------------
def _uniaxial(params) -> UniaxialMacrospin:
    return instance("params", params, UniaxialMacrospin)


def macrospin_params(*, field, params: UniaxialMacrospin) -> llg.MacrospinParams:
    """The :class:`spinlib.llg.MacrospinParams` of Eq. (40) at reduced field ``field``.

    Notes
    -----
    In the time unit ``hbar / (2 kappa)`` and with fields in units of the anisotropy field,
    Eqs. (40)-(41) of Parcollet & Waintal (2006) read ``dm/dt = -m x h_eff + alpha m x dm/dt
    + T_st`` with ``h_eff = (H + m_z) z``: :mod:`spinlib.llg`'s model with ``h = H z``,
    ``h_k = 1`` along ``z``, ``N = 0`` and ``alpha``. The torque term ``alpha I g(m_z)/a
    m x (z x m) = -alpha I / (1 + q m_z) m x (m x z)`` is ``llg``'s ``j eta(theta) m x (m x p)``
    with ``p = z``, ``eta = 1 / (1 + q cos theta)`` (``q_llg = A = 1``, ``B = q``) and
    ``j = -alpha I`` (:func:`llg_current`). ``field`` may be an array (a batch).
    """
    P = _uniaxial(params)
    h = finite("field", field)
    z = np.array([0.0, 0.0, 1.0])
    return llg.MacrospinParams(field=np.multiply.outer(h, z), hk=1.0, easy_axis=z, demag=0.0,
                               normal=z, alpha=P.alpha, fixed=z, q=1.0, A=1.0, B=P.asymmetry)


def llg_current(current, *, params: UniaxialMacrospin):
    """The current ``j = -alpha I`` of :mod:`spinlib.llg` for the reduced current ``I`` of Eq. (46)."""
    P = _uniaxial(params)
    return -P.alpha * finite("current", current)


def integrate_llg(m0, *, field, current, params: UniaxialMacrospin, t_end, n_steps, n_out=None):
    """Integrate the vector equation (40) of Parcollet & Waintal (2006) with :func:`spinlib.llg.integrate`.

    Parameters
    ----------
    m0 : array (..., 3), initial directions (normalised on input).
    field, current : reduced field ``H`` and current ``I``, broadcast with ``m0[..., 0]``.
    params : :class:`UniaxialMacrospin` (``asymmetry``, ``alpha``).
    t_end : final time, units of ``hbar / (2 kappa)`` (> 0).
    n_steps, n_out : as in :func:`spinlib.llg.integrate` (a too large step is refused there).

    Returns
    -------
    spinlib.llg.Trajectory
        ``t`` (n_t,) in units of ``hbar / (2 kappa)`` and ``m`` shaped ``batch + (n_t, 3)``.
    """
    P = _uniaxial(params)
    return llg.integrate(m0, params=macrospin_params(field=field, params=P),
                         current=llg_current(current, params=P), t_end=t_end, n_steps=n_steps, n_out=n_out)
