"""Uniaxial macrospin with spin-transfer torque: the LLG phase diagram.

The model is Sec. V.1 of Parcollet & Waintal (2006): a single-domain magnet
with easy axis ``z``, a field along ``z`` and a spin-polarised current whose
polariser also lies along ``z`` (Eqs. (40)-(42)). Its axial symmetry reduces
the dynamics of ``u = m_z = cos(theta)`` to one closed equation, Eq. (44).

**Units (dimensionless, those of the paper, Eqs. (45)-(46)).**

* field ``H = g mu_B H_phys / (2 kappa)`` (the anisotropy field is ``H = 1``);
* current ``I = hbar a I_phys / (2 alpha kappa e S_0)``;
* asymmetry ``q`` of the torque, ``g(u) = a / (1 + q u)`` (Eq. (42)), ``0 <= q < 1``: the ``B/A``
  of :func:`spinlib.macrospin.llg.slonczewski_eta` (``asymmetry`` means the same in both modules);
* time of the vector equation in units of ``hbar / (2 kappa)``;
* time ``tau`` of the ``u`` equation in units of ``(1 + alpha^2) hbar / (2 alpha kappa)``,
  so that ``du/dtau = (1 - u^2) [H + u + I / (1 + q u)]``.

The vector equation (40) is integrated by the book's one LLG integrator,
:func:`spinlib.macrospin.llg.integrate`: :mod:`spinlib.macrospin.uniaxial_dynamics` maps this model
onto :class:`spinlib.macrospin.llg.MacrospinParams` (``h_k = 1`` along ``z``, no demagnetization,
``p = z``, ``q = A = 1``, ``B = asymmetry``, ``j = -alpha I``) and integrates it.

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
from . import flow

__all__ = [
    "UniaxialMacrospin",
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


@dataclass(frozen=True, kw_only=True, eq=False)
class UniaxialMacrospin:
    """Constants of the uniaxial macrospin of Eqs. (40)-(42) of Parcollet & Waintal (2006).

    Field and current are the coordinates of the phase diagram and are passed to the functions
    as keyword arrays; this set holds the junction constants. Keyword-only, validated at
    construction; ``asymmetry`` may be an array (it broadcasts against field and current).

    Parameters
    ----------
    asymmetry : float or array, the ``q-bar`` of Eq. (42) (torque asymmetry P/AP), in [0, 1).
    alpha : float, the Gilbert damping of Eq. (40) (> 0); only the vector dynamics
        (:func:`integrate_llg`) and the time unit depend on it, not the phase diagram.

    Examples
    --------
    >>> UniaxialMacrospin(asymmetry=0.5).asymmetry
    0.5
    """

    asymmetry: float = 0.5  # q-bar of Eq. (42), torque asymmetry P/AP, dimensionless, 0 <= q < 1
    alpha: float = 0.5  # alpha of Eq. (40), Gilbert damping, dimensionless, > 0

    def __post_init__(self):
        check_fields(self, asymmetry=lambda n, v: in_range(n, v, 0.0, 1.0, hi_open=True),
                     alpha=lambda n, v: scalar(n, v, positive))
        q = self.asymmetry
        if not isinstance(q, float):
            q = np.asarray(q, dtype=float)
            object.__setattr__(self, "asymmetry", float(q) if q.ndim == 0 else q)
        object.__setattr__(self, "alpha", float(self.alpha))


# -- validation helpers --------------------------------------------------------
def _hiq(field, current, params):
    h = finite("field", field)
    i = finite("current", current)
    q = np.asarray(_uniaxial(params).asymmetry, dtype=float)
    try:
        np.broadcast_shapes(h.shape, i.shape, q.shape)
    except ValueError as exc:
        raise SpinlibInputError(f"field, current and params.asymmetry must broadcast together; got shapes "
                                f"{h.shape}, {i.shape}, {q.shape}") from exc
    return h, i, q


def _u(u, name="u"):
    return in_range(name, u, -1.0, 1.0)


# -- the u equation ------------------------------------------------------------
def udot(u, *, params, field, current):
    """Right-hand side ``R(u) = du/dtau`` of the closed equation for ``u = cos(theta)``.

    Parameters
    ----------
    u : array_like
        ``m_z = cos(theta)``, in [-1, 1].
    field : array_like
        Reduced field ``H`` along the easy axis (units of ``2 kappa / (g mu_B)``, Eq. (45)).
    current : array_like
        Reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)).
    params : UniaxialMacrospin
        Its ``asymmetry`` ``q`` of Eq. (42), in [0, 1) (may be an array: broadcast).

    Returns
    -------
    ndarray
        ``du/dtau`` with ``tau`` in units of ``(1 + alpha^2) hbar / (2 alpha kappa)``.

    Notes
    -----
    ``R(u) = (1 - u^2) [H + u + I / (1 + q u)]``: Eq. (44) of Parcollet & Waintal
    (2006) divided by its rate ``2 alpha kappa / (hbar (1 + alpha^2))``, with
    Eqs. (45)-(46). ``1 + q u >= 1 - q > 0`` on [-1, 1], so ``R`` is finite.

    Examples
    --------
    >>> P = UniaxialMacrospin(asymmetry=0.5)
    >>> np.round(udot(np.array([-0.5, 0.0, 0.5]), params=P, field=0.5, current=1.0), 6)
    array([1.  , 1.5 , 1.35])
    """
    u_ = _u(u)
    h, i, q = _hiq(field, current, params)
    with np.errstate(over="ignore", invalid="ignore"):
        r = _udot(u_, h, i, q)
    return finite_result(r, u=u, field=field, current=current, asymmetry=q)


def _udot(u, h, i, q):
    return (1.0 - u * u) * (h + u + i / (1.0 + q * u))


def _udot_slope(u, h, i, q):
    d = 1.0 + q * u
    return -2.0 * u * (h + u + i / d) + (1.0 - u * u) * (1.0 - q * i / (d * d))


def udot_slope(u, *, params, field, current):
    """Derivative ``dR/du`` of :func:`udot`; a fixed point is stable where it is < 0.

    Parameters
    ----------
    u : ``u = m_z = cos(theta)`` (dimensionless), in [-1, 1].
    params : :class:`UniaxialMacrospin`, its ``asymmetry`` ``q`` in [0, 1) (an array broadcasts).
    field : reduced field ``H`` (units of ``2 kappa / (g mu_B)``, Eq. (45)), finite.
    current : reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)), finite.

    Returns
    -------
    ndarray (broadcast of ``u``, ``field``, ``current``, ``q``), ``R'(u)`` in units of ``1/tau``.

    Notes
    -----
    ``R'(u) = -2u f(u) + (1 - u^2) (1 - q I / (1 + q u)^2)`` with
    ``f(u) = H + u + I / (1 + q u)`` (derivative of Eq. (44) of Parcollet & Waintal (2006)).

    Examples
    --------
    >>> P = UniaxialMacrospin(asymmetry=0.5)
    >>> np.round(udot_slope(np.array([-1.0, 1.0]), params=P, field=0.5, current=0.0), 6)
    array([-1., -3.])
    """
    u_ = _u(u)
    h, i, q = _hiq(field, current, params)
    with np.errstate(over="ignore", invalid="ignore"):
        s = _udot_slope(u_, h, i, q)
    return finite_result(s, u=u, field=field, current=current, asymmetry=q)


def stability_margins(*, params, field, current):
    """Stability margins of the fixed points ``u = +1`` and ``u = -1``.

    Parameters
    ----------
    params : :class:`UniaxialMacrospin`, its ``asymmetry`` ``q`` in [0, 1) (an array broadcasts).
    field : reduced field ``H`` (units of ``2 kappa / (g mu_B)``, Eq. (45)), finite.
    current : reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)), finite.

    Returns
    -------
    margin_plus, margin_minus : ndarray (broadcast of ``field``, ``current``, ``q``), dimensionless
        ``margin_plus = H + 1 + I / (1 + q)``: ``u = +1`` is stable iff it is > 0
        (Eq. (47) of Parcollet & Waintal (2006)); ``margin_minus = 1 - H - I / (1 - q)``:
        ``u = -1`` is stable iff it is > 0 (Eq. (48)). They equal ``-R'(+1)/2`` and
        ``-R'(-1)/2``.

    Examples
    --------
    >>> P = UniaxialMacrospin(asymmetry=0.5)
    >>> [round(float(x), 6) for x in stability_margins(params=P, field=0.5, current=0.0)]
    [1.5, 0.5]
    """
    h, i, q = _hiq(field, current, params)
    with np.errstate(over="ignore", invalid="ignore"):
        plus, minus = h + 1.0 + i / (1.0 + q), 1.0 - h - i / (1.0 - q)
    given = dict(field=field, current=current, asymmetry=q)
    return finite_result(plus, **given), finite_result(minus, **given)


def discriminant(*, params, field, current):
    """Discriminant ``(q H - 1)^2 - 4 q I`` of the interior fixed-point equation.

    Two interior fixed points ``u*``, ``u**`` (possibly outside [-1, 1]) exist
    iff it is > 0: Eq. (49) of Parcollet & Waintal (2006), i.e. *below* the
    parabola ``I = (q H - 1)^2 / (4 q)``.

    Parameters
    ----------
    params : :class:`UniaxialMacrospin`, its ``asymmetry`` ``q`` in [0, 1) (an array broadcasts).
    field : reduced field ``H`` (units of ``2 kappa / (g mu_B)``, Eq. (45)), finite.
    current : reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)), finite.

    Returns
    -------
    ndarray (broadcast of ``field``, ``current``, ``q``), dimensionless.

    Examples
    --------
    >>> round(float(discriminant(params=UniaxialMacrospin(asymmetry=0.5), field=-2.0, current=1.75)), 6)
    0.5
    """
    h, i, q = _hiq(field, current, params)
    with np.errstate(over="ignore", invalid="ignore"):
        disc = (q * h - 1.0) ** 2 - 4.0 * q * i
    return finite_result(disc, field=field, current=current, asymmetry=q)


def boundary_currents(*, params, field):
    """The three boundary curves of the phase diagram as currents ``I(H)``.

    Parameters
    ----------
    params : :class:`UniaxialMacrospin`, its ``asymmetry`` ``q`` in [0, 1) (an array broadcasts).
    field : reduced field ``H`` (units of ``2 kappa / (g mu_B)``, Eq. (45)), finite.

    Returns
    -------
    dict of ndarray (broadcast of ``field`` and ``q``), reduced currents ``I`` (units of Eq. (46))
        ``"plus"``: ``-(1 + q)(H + 1)``, where ``u = +1`` turns unstable (Eq. (47));
        ``"minus"``: ``(1 - q)(1 - H)``, where ``u = -1`` turns unstable (Eq. (48));
        ``"parabola"``: ``(q H - 1)^2 / (4 q)``, where the interior roots merge (Eq. (49);
        ``inf`` for ``q = 0`` and where it exceeds the float range). Equations of
        Parcollet & Waintal (2006).

    Examples
    --------
    >>> lines = boundary_currents(params=UniaxialMacrospin(asymmetry=0.5), field=0.5)
    >>> {k: round(float(v), 6) for k, v in lines.items()}
    {'plus': -2.25, 'minus': 0.25, 'parabola': 0.28125}
    """
    h = finite("field", field)
    q = np.asarray(_uniaxial(params).asymmetry, dtype=float)
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


def interior_fixed_points(*, params, field, current):
    """The fixed points of Eq. (44) strictly inside (-1, 1), as a masked array.

    Parameters
    ----------
    params, field, current :
        As in :func:`udot`; field, current and ``params.asymmetry`` broadcast together.

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
    discriminant and of the vertex position (see :func:`classify`). The values are
    :func:`spinlib.macrospin.flow.quadratic_roots` (the cancellation-free pair ``c / s``, ``s / q``
    with ``s = -(b + sign(b) sqrt(D)) / 2``) of the coefficients scaled by ``max(1, |H|, |I|)``
    (no overflow at any finite input). Their
    stability: ``u*`` is stable, ``u**`` unstable (Sec. V.1 of Parcollet & Waintal (2006)).

    Examples
    --------
    >>> roots = interior_fixed_points(params=UniaxialMacrospin(asymmetry=0.5), field=-2.0, current=1.75)
    >>> np.round(roots.filled(np.nan), 6)
    array([-0.707107,  0.707107])
    """
    return _interior(*np.broadcast_arrays(*_hiq(field, current, params)))


def _interior(h, i, q):
    """:func:`interior_fixed_points` on validated arrays of equal shape."""
    in1, in2 = _root_masks(_signs(h, i, q), q)
    sc = np.maximum(1.0, np.maximum(np.abs(h), np.abs(i)))
    b = 1.0 / sc + q * (h / sc)
    c = h / sc + i / sc
    lo, hi, _ = flow._roots(q / sc, b, c)  # the cancellation-free pair (a tiny q: a signed inf)
    quad = q > 0
    r1 = np.where(quad, lo, 2.0)
    lin = in2 & ~quad  # q = 0: u = -(H + I) = -c/b (scaled), divided only where it lies inside
    r2 = np.where(quad, hi, np.where(lin, -c / np.where(lin, b, 1.0), 2.0))
    lim = np.nextafter(1.0, 0.0)  # a root strictly inside never rounds onto a pole
    r1 = np.where(in1, np.clip(r1, -lim, lim), 2.0)
    r2 = np.where(in2, np.clip(r2, -lim, lim), 2.0)
    return np.ma.MaskedArray(np.stack([r1, r2], axis=-1), mask=~np.stack([in1, in2], axis=-1))


def classify(*, params, field, current):
    """Phase code (bit mask of stable fixed points) at each point of the (H, I) plane.

    Parameters
    ----------
    params : :class:`UniaxialMacrospin`, its ``asymmetry`` ``q`` in [0, 1) (an array broadcasts).
    field : reduced field ``H`` (units of ``2 kappa / (g mu_B)``, Eq. (45)), finite.
    current : reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)), finite.

    Returns
    -------
    ndarray of int (broadcast of ``field``, ``current``, ``q``), dimensionless code
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

    Examples
    --------
    >>> P = UniaxialMacrospin(asymmetry=0.5)
    >>> codes = classify(params=P, field=np.array([-2.0, 1.0, 0.5, -4.0, -2.0]),
    ...                  current=np.array([-1.0, 2.0, 0.0, 3.5, 1.75]))
    >>> [PHASE_LABELS[int(c)] for c in codes]
    ['(-1)', '(+1)', '(-1,+1)', '(SP)', '(SP,+1)']
    """
    return _classify(*np.broadcast_arrays(*_hiq(field, current, params)))


def _classify(h, i, q):
    """:func:`classify` on validated arrays of equal shape."""
    sg = _signs(h, i, q)
    pp, pm, bp, bm = sg["P+"], sg["P-"], sg["b+"], sg["b-"]
    # P'(1) = 2q + b, P'(-1) = b - 2q
    plus = (pp > 0) | ((pp == 0) & (bp <= 0))
    minus = (pm < 0) | ((pm == 0) & (bm < 0))
    sp, _ = _root_masks(sg, q)
    return MINUS * minus.astype(int) + SP * sp.astype(int) + PLUS * plus.astype(int)


def exact_fallback_count(*, params, field, current) -> int:
    """How many points of the grid :func:`classify` had to decide in exact rational arithmetic.

    A diagnostic: the points whose decisive signs (see :func:`classify`) lie within the rounding
    error of zero in floating point, i.e. points on or next to a phase boundary.

    Parameters
    ----------
    params : :class:`UniaxialMacrospin`, its ``asymmetry`` ``q`` in [0, 1) (an array broadcasts).
    field : reduced field ``H`` (units of ``2 kappa / (g mu_B)``, Eq. (45)), finite.
    current : reduced current ``I`` (units of ``2 alpha kappa e S_0 / (hbar a)``, Eq. (46)), finite.

    Returns
    -------
    int, the number of such points (0 to the size of the broadcast grid).

    Examples
    --------
    >>> exact_fallback_count(params=UniaxialMacrospin(asymmetry=0.5), field=np.array([0.5, 0.3]),
    ...                      current=np.array([0.25, 0.0]))  # (0.5, 0.25) lies on the line (48)
    1
    """
    h, i, q = np.broadcast_arrays(*_hiq(field, current, params))
    unsure = np.zeros(h.shape, dtype=bool)
    _signs(h, i, q, unsure_out=unsure)
    return int(unsure.sum())


def fixed_points(*, params, field, current):
    """All fixed points of Eq. (44) on [-1, 1] at one point of the plane, and their stability.

    Parameters
    ----------
    params : UniaxialMacrospin (scalar ``asymmetry``).
    field, current : float (scalars).

    Returns
    -------
    u, stable : ndarray (n,), ndarray of bool (n,)
        The fixed points in increasing order (``-1``, the interior roots, ``+1``; a double root
        once) and whether each is stable in the sense of :func:`classify`.

    Examples
    --------
    >>> u, stable = fixed_points(params=UniaxialMacrospin(asymmetry=0.5), field=-2.0, current=1.75)
    >>> np.round(u, 6).tolist(), stable.tolist()
    ([-1.0, -0.707107, 0.707107, 1.0], [False, True, False, True])
    """
    h, i, q = _hiq(field, current, params)
    for name, v in (("field", h), ("current", i), ("asymmetry", q)):
        if v.ndim:
            raise SpinlibInputError(f"{name} must be a scalar here; got shape {v.shape}")
    code = int(_classify(h, i, q))
    roots = _interior(h, i, q)
    mask = np.ma.getmaskarray(roots)
    inner = [float(roots.data[k]) for k in range(2) if not mask[k]]
    stable_inner = [k == 0 for k in range(2) if not mask[k]]
    if len(inner) == 2 and inner[0] == inner[1]:  # double root: attracting from below
        inner, stable_inner = inner[:1], [True]
    u = np.array([-1.0, *inner, 1.0])
    stable = np.array([bool(code & MINUS), *stable_inner, bool(code & PLUS)])
    return u, stable


def precession_frequency(u, *, field):
    """Angular frequency ``dphi/dt = H + u`` of the precession state at a fixed point ``u``.

    Parameters
    ----------
    u : the fixed point ``u* = cos(theta*)`` (dimensionless), in [-1, 1].
    field : reduced field ``H`` (units of ``2 kappa / (g mu_B)``, Eq. (45)), finite.

    Returns
    -------
    ndarray (broadcast of ``u`` and ``field``), ``dphi/dt`` in units of ``2 kappa / hbar``.

    Notes
    -----
    Second line of Eq. (43) of Parcollet & Waintal (2006) with ``dtheta/dt = 0``; at an
    interior fixed point it equals ``-I / (1 + q u)``.

    Examples
    --------
    >>> round(float(precession_frequency(-2 ** -0.5, field=-2.0)), 6)
    -2.707107
    """
    return finite("field", field) + _u(u)


def special_points(*, params):
    """Coordinates (H, I) of the points A, B, C of Fig. 5 of Parcollet & Waintal (2006).

    Parameters
    ----------
    params : UniaxialMacrospin
        Its ``asymmetry`` ``q`` in (0, 1), a single number (for ``q = 0`` the points are at infinity).

    Returns
    -------
    dict
        ``{"A": (H, I), "B": (H, I), "C": (H, I)}``: A and B where the parabola (49)
        touches the stability lines of ``u = +1`` and ``u = -1`` (double root at
        ``u = +1`` and ``u = -1``), C where the two lines cross.

    Examples
    --------
    >>> special_points(params=UniaxialMacrospin(asymmetry=0.5))
    {'A': (-4.0, 4.5), 'B': (0.0, 0.5), 'C': (-2.0, 1.5)}
    """
    q = _uniaxial(params).asymmetry
    if np.ndim(q) or not 1e-300 <= q:  # 1/q would leave the float range
        raise SpinlibInputError(f"params.asymmetry must be a single number; asymmetry must lie in (0, 1) and "
                                f"be >= 1e-300 here (A, B, C lie at infinity for q = 0); got {q!r}")
    return {
        "A": (-2.0 - 1.0 / q, (1.0 + q) ** 2 / q),
        "B": (2.0 - 1.0 / q, (1.0 - q) ** 2 / q),
        "C": (-1.0 / q, (1.0 - q * q) / q),
    }


# -- parameters --------------------------------------------------------------------------------
def _uniaxial(params) -> UniaxialMacrospin:
    return instance("params", params, UniaxialMacrospin)
