"""The reduced zero-temperature NMD model, Eqs. (50)-(52) of Parcollet & Waintal (2006).

Units of the reduced model (the caption of Fig. 6): time ``1/(2 alpha_B kappa)``, bias
``v = (mu_L - epsilon)/kappa``, field ``h/(2 kappa)``, rates in units of ``8 S_0 alpha_B kappa /
hbar``; majority level (``eta = +1``), right lead far below the level (it only receives electrons).

Between the channel thresholds the flow ``du/dt = (1 - u^2) g(u)`` has
``(1 + q u) g(u) = q u^2 + (1 + q h) u + h + A``, a quadratic: the phases, fixed points and
quasi-static sweeps use the one-dimensional flow machinery of the uniaxial macrospin
(:mod:`spinlib.macrospin.flow`: cancellation-free roots and the quasi-static sweep). Phase codes
are the bit masks of :mod:`spinlib.macrospin.uniaxial` (``MINUS | SP | PLUS``); the NMD equation
has two more phases than LLG (:data:`NMD_PHASE_LABELS`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..macrospin import uniaxial as U
from ..macrospin.flow import quadratic_roots, quasi_static_sweep
from ..validate import SpinlibInputError, check_fields, finite, instance, nonnegative, positive
from .grain import Lead, Nanomagnet, _half_integer
from .nmd import _ratio, _u

__all__ = [
    "NMDRates",
    "ReducedSweep",
    "MINUS",
    "SP",
    "PLUS",
    "NMD_PHASE_LABELS",
    "torque_asymmetry",
    "theta_all_open",
    "theta_category",
    "reduced_udot",
    "reduced_classify",
    "reduced_fixed_points",
    "reduced_current",
    "channel_lines",
    "reduced_sweep",
    "grain_for_reduced",
]

MINUS, SP, PLUS = U.MINUS, U.SP, U.PLUS
#: the five LLG phases of :data:`spinlib.macrospin.uniaxial.PHASE_LABELS` and the two only NMD has
NMD_PHASE_LABELS = {**U.PHASE_LABELS, MINUS | SP: "(-1,SP)", MINUS | SP | PLUS: "(-1,SP,+1)"}


@dataclass(frozen=True, kw_only=True)
class NMDRates:
    """Lead rates of the reduced NMD model of Eqs. (50)-(52) of P&W (two leads).

    Parameters
    ----------
    left_up, left_down : float
        ``Gamma_L^up``, ``Gamma_L^down`` (units ``8 S_0 alpha_B kappa / hbar``, ``>= 0``).
    right_up, right_down : float
        ``Gamma_R^up``, ``Gamma_R^down`` (same units, ``>= 0``). The total must be positive.

    Notes
    -----
    The right lead's chemical potential is taken far below the level (it only receives
    electrons), as in Figs. 6 (lower and right panels), 7 and 8. The paper's rate sets are in
    :mod:`spinlib.nanomagnet.studies` (``FIG6_SETS``).

    Examples
    --------
    >>> r = NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0)
    >>> torque_asymmetry(params=r), theta_all_open(params=r)
    (0.25, 4.0)
    """

    left_up: float  # Gamma_L^up, >= 0
    left_down: float  # Gamma_L^down, >= 0
    right_up: float  # Gamma_R^up, >= 0
    right_down: float  # Gamma_R^down, >= 0

    def __post_init__(self):
        check_fields(self, left_up=nonnegative, left_down=nonnegative, right_up=nonnegative,
                     right_down=nonnegative)
        if self.left_up + self.left_down + self.right_up + self.right_down <= 0:
            raise SpinlibInputError(f"NMDRates must have a positive total rate; got {self!r}")


def _rates(params) -> NMDRates:
    return instance("params", params, NMDRates)


def torque_asymmetry(*, params):
    """Torque asymmetry ``q = sum_a (Gamma_a^up - Gamma_a^down) / Gamma`` of Eq. (26) of P&W.

    Parameters
    ----------
    params : NMDRates

    Returns
    -------
    float
        ``q`` in ``[-1, 1]``.

    Examples
    --------
    >>> torque_asymmetry(params=NMDRates(left_up=8.0, left_down=2.0, right_up=5.0, right_down=5.0))
    0.3
    """
    r = _rates(params)
    tot = r.left_up + r.left_down + r.right_up + r.right_down
    return (r.left_up - r.left_down + r.right_up - r.right_down) / tot


def theta_all_open(*, params):
    """``Theta = (1 - q) Gamma_L^up - (1 + q) Gamma_L^down`` of Eq. (52) of P&W (reduced units).

    Parameters
    ----------
    params : NMDRates

    Returns
    -------
    float
        The reduced current ``I`` of the LLG equation that the NMD equation becomes when every
        channel is open (high bias).

    Examples
    --------
    >>> round(theta_all_open(params=NMDRates(left_up=8.0, left_down=2.0, right_up=5.0, right_down=5.0)), 12)
    3.0
    """
    r = _rates(params)
    q = torque_asymmetry(params=r)
    return (1 - q) * r.left_up - (1 + q) * r.left_down


def theta_category(*, params) -> int:
    """Which of the four high-bias cases of Sec. V.2 of P&W the rates fall in (1 to 4).

    Parameters
    ----------
    params : NMDRates

    Returns
    -------
    int
        With ``I_B = (1-q)^2/q``, ``I_C = (1-q^2)/q``, ``I_A = (1+q)^2/q`` the current coordinates
        of the points B, C, A of the LLG diagram (:func:`spinlib.macrospin.uniaxial.special_points`):
        1 if ``Theta <= I_B`` (or ``q <= 0``), 2 if ``I_B < Theta <= I_C``, 3 if ``I_C < Theta <=
        I_A``, 4 above.

    Examples
    --------
    >>> theta_category(params=NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0))
    3
    """
    q = torque_asymmetry(params=params)
    th = theta_all_open(params=params)
    if q <= 0:
        return 1
    pts = U.special_points(params=U.UniaxialMacrospin(asymmetry=q)) if q < 1 else None
    if pts is None:
        return 4
    ib, ic, ia = pts["B"][1], pts["C"][1], pts["A"][1]
    return 1 if th <= ib else 2 if th <= ic else 3 if th <= ia else 4


def _bf(bias, field):
    v = finite("bias", bias)
    h = finite("field", field)
    try:
        v, h = np.broadcast_arrays(v, h)
    except ValueError as exc:
        raise SpinlibInputError(f"bias and field must broadcast together; got shapes {v.shape}, "
                                f"{h.shape}") from exc
    return v, h


def _step(x):
    """Heaviside step with ``theta(0) = 1/2`` (the ``T -> 0`` Fermi function)."""
    return np.where(x > 0, 1.0, np.where(x < 0, 0.0, 0.5))


def _open(u, v, h):
    """Channels open at ``u`` (``T = 0``): up iff ``h + u + v > 0``, down iff ``v - h - u > 0``.

    ``|u| <= 1``, so ``h + u`` never overflows; adding ``v`` can only overflow to an infinity of the
    right sign (``h + u`` and ``v`` then share it), which the step reads exactly.
    """
    with np.errstate(over="ignore"):
        return _step((h + u) + v), _step(v - (h + u))


def _a_hat(r: NMDRates, q, up_open, down_open):
    """``A`` of Eq. (51c) for given channel states."""
    return (1 - q) * r.left_up * up_open - (1 + q) * r.left_down * down_open


def reduced_udot(u, *, bias, field, params):
    """Right-hand side of the reduced NMD equation (50) of P&W at ``T = 0``.

    Parameters
    ----------
    u : array_like
        ``u`` in ``[-1, 1]``.
    bias, field : array_like
        ``v`` and ``h`` in reduced units (all three broadcast).
    params : NMDRates

    Returns
    -------
    ndarray
        ``du/dt = (1 - u^2) (h + u + A(u) / (1 + q u))`` (time unit ``1/(2 alpha_B kappa)``).

    Notes
    -----
    ``A(u) = (1 - q) Gamma_L^up theta(h + u + v) - (1 + q) Gamma_L^down theta(v - h - u)``
    (Eq. (51c), ``eta = +1``, right lead empty), ``theta(0) = 1/2``.

    Examples
    --------
    >>> r = NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0)
    >>> float(reduced_udot(0.0, bias=-10.0, field=0.5, params=r))  # channels closed: h
    0.5
    """
    r = _rates(params)
    u = _u(u)
    v, h = _bf(bias, field)
    q = torque_asymmetry(params=r)
    a = _a_hat(r, q, *_open(u, v, h))
    return (1 - u * u) * (h + u + _ratio(a, 1 + q * u))


def _segment_roots(q, h, a):
    """Smaller and larger root of ``q u^2 + (1 + q h) u + h + a`` (``q > 0``) and ``D >= 0``."""
    lower, upper, real = quadratic_roots(q, 1 + q * h, h + a)
    return lower, upper, real


def reduced_classify(*, bias, field, params):
    """Phase code (bit mask of stable fixed points) of the reduced NMD equation (50) of P&W.

    Parameters
    ----------
    bias, field : array_like
        ``v`` and ``h`` (reduced units); broadcast together.
    params : NMDRates

    Returns
    -------
    ndarray of int
        One of :data:`NMD_PHASE_LABELS` (0 only exactly on a boundary), broadcast shape.

    Notes
    -----
    Exact and vectorised: between the channel thresholds ``A`` is constant and
    ``(1 + q u) g(u) = q u^2 + (1 + q h) u + h + A`` is a quadratic
    (:func:`spinlib.macrospin.flow.quadratic_roots`), whose smaller root is the only stable
    interior zero; a threshold is a stable point when ``g`` jumps there from > 0 to < 0 (the
    spin-precession state held by a closing channel). ``u = +1`` is stable iff ``g(1^-) > 0``,
    ``u = -1`` iff ``g(-1^+) < 0`` (Sec. V of Parcollet & Waintal (2006), Fig. 6).

    Examples
    --------
    >>> r = NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0)
    >>> int(reduced_classify(bias=5.0, field=-4.15, params=r)) == MINUS | SP | PLUS
    True
    """
    r = _rates(params)
    v, h = _bf(bias, field)
    q = torque_asymmetry(params=r)
    with np.errstate(over="ignore"):  # a threshold beyond the float range is an infinity of its sign
        b_up, b_dn = -v - h, v - h  # up opens above b_up, down is open below b_dn

    def g(u, up_open, dn_open):
        return h + u + _ratio(_a_hat(r, q, up_open, dn_open), 1 + q * u)

    # one-sided channel states: up open at u+ iff u >= b_up; at u- iff u > b_up
    def g_right(u):
        return g(u, (u >= b_up) * 1.0, (u < b_dn) * 1.0)

    def g_left(u):
        return g(u, (u > b_up) * 1.0, (u <= b_dn) * 1.0)

    # a pole is stable when the flow runs into it; on a marginal line (g = 0 there) when the
    # quadratic P = (1 + q u) g bends towards it (the rule of spinlib.macrospin.uniaxial.classify)
    g_top, g_bottom = g_left(np.ones_like(v)), g_right(-np.ones_like(v))
    plus = (g_top > 0) | ((g_top == 0) & (2 * q + 1 + q * h <= 0))
    minus = (g_bottom < 0) | ((g_bottom == 0) & (1 + q * h - 2 * q < 0))
    sp = np.zeros(v.shape, dtype=bool)
    lo_b = np.clip(np.minimum(b_up, b_dn), -1, 1)
    hi_b = np.clip(np.maximum(b_up, b_dn), -1, 1)
    for lo, hi in ((-np.ones_like(v), lo_b), (lo_b, hi_b), (hi_b, np.ones_like(v))):
        mid = 0.5 * (lo + hi)
        a = _a_hat(r, q, (mid > b_up) * 1.0, (mid < b_dn) * 1.0)
        if q > 0:
            # the smaller root (a double root attracts from below: stable, as in the uniaxial macrospin)
            root, _, real = _segment_roots(q, h, a)
            sp |= real & (root > lo) & (root < hi)
    for b in (b_up, b_dn):
        inside = (b > -1) & (b < 1)
        bb = np.where(inside, b, 0.0)
        sp |= inside & (g_left(bb) > 0) & (g_right(bb) < 0)
    return MINUS * minus.astype(int) + SP * sp.astype(int) + PLUS * plus.astype(int)


def _scalar(name, x):
    a = finite(name, x)
    if a.ndim:
        raise SpinlibInputError(f"{name} must be a scalar here; got shape {a.shape}")
    return float(a)


def reduced_fixed_points(*, bias, field, params):
    """All fixed points of Eq. (50) of P&W on [-1, 1] at one point ``(v, h)``, and their stability.

    Parameters
    ----------
    bias, field : float
        ``v`` and ``h`` (reduced units), scalars.
    params : NMDRates

    Returns
    -------
    u : ndarray (k,)
        Increasing, from -1 to 1; thresholds where ``g`` changes sign count as fixed points.
    stable : ndarray of bool (k,)

    Examples
    --------
    >>> r = NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0)
    >>> u, stable = reduced_fixed_points(bias=5.0, field=-4.15, params=r)
    >>> np.round(u, 4).tolist(), stable.tolist()
    ([-1.0, -0.85, -0.7032, 0.8532, 1.0], [True, False, True, False, True])
    """
    r = _rates(params)
    v, h = _scalar("bias", bias), _scalar("field", field)
    return _fixed_points(v, h, r, torque_asymmetry(params=r))


def _fixed_points(v, h, r, q):
    """:func:`reduced_fixed_points` without validation (scalars), for sweeps."""
    with np.errstate(over="ignore"):  # as in reduced_classify
        b_up, b_dn = -v - h, v - h
    lu, ld = (1 - q) * r.left_up, (1 + q) * r.left_down

    def g(u, side):
        up = (u >= b_up) if side > 0 else (u > b_up)
        dn = (u < b_dn) if side > 0 else (u <= b_dn)
        return h + u + _ratio(lu * up - ld * dn, 1 + q * u)

    cuts = sorted({-1.0, 1.0, *[b for b in (b_up, b_dn) if -1 < b < 1]})
    g_bottom, g_top = g(-1.0, +1), g(1.0, -1)
    pts, stab = [-1.0], [g_bottom < 0 or (g_bottom == 0 and 1 + q * h - 2 * q < 0)]
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        if lo > -1:  # a threshold: a fixed point where g changes sign across it
            gl, gr = g(lo, -1), g(lo, +1)
            if (gl > 0 and gr <= 0) or (gl < 0 and gr >= 0) or (gl == 0 and gr != 0):
                pts.append(lo)
                stab.append(gl > 0)
        mid = 0.5 * (lo + hi)
        a = lu * (mid > b_up) - ld * (mid < b_dn)
        # (1 + q u) g = q u^2 + (1 + q h) u + h + a on this segment
        if q > 0:
            lower, upper, real = (float(x) for x in _segment_roots(q, h, a))
            if real and lower == upper:  # double root: attracts from below
                if lo < lower < hi:
                    pts.append(lower)
                    stab.append(True)
            elif real:
                for k, root in enumerate((lower, upper)):
                    if lo < root < hi:
                        pts.append(root)
                        stab.append(k == 0)  # the smaller root: g goes from + to -
        else:
            root = -(h + a) / (1 + q * h)
            if lo < root < hi:
                pts.append(float(root))
                stab.append(False)
    pts.append(1.0)
    stab.append(g_top > 0 or (g_top == 0 and 2 * q + 1 + q * h <= 0))
    return np.array(pts), np.array(stab, dtype=bool)


def reduced_current(u, *, bias, field, params):
    """Current through the grain at a state ``u`` of the reduced model, ``T = 0``.

    Parameters
    ----------
    u : array_like
        ``u`` in ``[-1, 1]`` (normally a fixed point).
    bias, field : array_like
        ``v`` and ``h`` (reduced units); all three broadcast.
    params : NMDRates

    Returns
    -------
    ndarray
        ``I = sum_{sigma sigma'} (1 + sigma u)(1 + sigma' u) Gamma_L^sigma Gamma_R^sigma'
        theta_sigma(u) / (2 Gamma (1 + q u))`` in units of ``e 8 S_0 alpha_B kappa / hbar``, with
        ``theta_up = theta(h + u + v)``, ``theta_down = theta(v - h - u)`` the open channels of
        :func:`reduced_udot`.

    Notes
    -----
    Eq. (37) of P&W (corrected) with the right lead empty: the ``T = 0``, large-``S_0`` limit of
    :func:`spinlib.nanomagnet.nmd_current` and of the master equation's current.

    Examples
    --------
    Fig. 6 upper right rates at ``u = -1``, ``v = 5``, ``h = -6``: only the down channel is open.

    >>> r = NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0)
    >>> round(float(reduced_current(-1.0, bias=5.0, field=-6.0, params=r)), 4)
    2.6667
    """
    r = _rates(params)
    u = _u(u)
    v, h = _bf(bias, field)
    q = torque_asymmetry(params=r)
    gam = r.left_up + r.left_down + r.right_up + r.right_down
    th_up, th_dn = _open(u, v, h)
    left = (1 + u) * r.left_up * th_up + (1 - u) * r.left_down * th_dn
    right = (1 + u) * r.right_up + (1 - u) * r.right_down
    return _ratio(left * right, 2 * gam * (1 + q * u))


def channel_lines(field):
    """The channel-opening lines of Fig. 7 of P&W as biases ``v(h)``.

    Parameters
    ----------
    field : array_like
        ``h`` (reduced units).

    Returns
    -------
    dict of ndarray
        ``"up at +1"``: ``v = -h - 1`` (above it the up channel is open at ``u = +1``),
        ``"up at -1"``: ``v = 1 - h``, ``"down at +1"``: ``v = h + 1``, ``"down at -1"``:
        ``v = h - 1`` (above them the down channel is open at that ``u``).

    Examples
    --------
    >>> {k: float(v) for k, v in channel_lines(-2.0).items()}
    {'up at +1': 1.0, 'up at -1': 3.0, 'down at +1': -1.0, 'down at -1': -3.0}
    """
    h = finite("field", field)
    return {"up at +1": -h - 1, "up at -1": 1 - h, "down at +1": h + 1, "down at -1": h - 1}


@dataclass(frozen=True)
class ReducedSweep:
    """Output of :func:`reduced_sweep`: the swept controls and the branch, all shape (n,).

    Examples
    --------
    >>> s = ReducedSweep(bias=np.array([1.0, 2.0]), field=np.zeros(2), u=np.ones(2), current=np.zeros(2))
    >>> s.u.tolist()
    [1.0, 1.0]
    """

    bias: np.ndarray  # v at each step
    field: np.ndarray  # h at each step
    u: np.ndarray  # state after each step
    current: np.ndarray  # reduced_current at that state


def reduced_sweep(*, bias, field, params, u_start=1.0):
    """Quasi-static branch of ``u`` as bias or field is swept (hysteresis loops of Fig. 8 of P&W).

    Parameters
    ----------
    bias, field : array_like
        One is a 1-d sweep, the other a scalar (or both 1-d of equal length); reduced units.
    params : NMDRates
    u_start : float
        State before the first step, in ``[-1, 1]``.

    Returns
    -------
    ReducedSweep
        ``bias``, ``field`` (broadcast to the sweep), ``u`` and ``current``
        (:func:`reduced_current`) after each step.

    Notes
    -----
    At each step the state flows from where it was to the first fixed point in the direction of
    ``du/dt`` (the 1-D flow is monotonic): :func:`spinlib.macrospin.flow.quasi_static_sweep`
    with the fixed points of :func:`reduced_fixed_points`.

    Examples
    --------
    >>> r = NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0)
    >>> s = reduced_sweep(bias=[3.5, 5.0, 7.0, 5.0, 3.5], field=-4.1, params=r, u_start=-1.0)
    >>> np.round(s.u, 4).tolist(), np.round(s.current, 4).tolist()
    ([-1.0, -1.0, -0.5844, -0.5844, -1.0], [2.6667, 2.6667, 3.3156, 3.3156, 2.6667])
    """
    r = _rates(params)
    v, h = _bf(bias, field)
    if v.ndim != 1:
        raise SpinlibInputError(f"bias or field must be a 1-d sweep; got shapes {np.shape(bias)}, "
                                f"{np.shape(field)}")
    u0 = float(_u(u_start, "u_start"))
    q = torque_asymmetry(params=r)
    lu, ld = (1 - q) * r.left_up, (1 + q) * r.left_down

    def points(k):
        return _fixed_points(float(v[k]), float(h[k]), r, q)[0]

    def move(k, u):
        u, vk, hk = float(u), float(v[k]), float(h[k])
        # direction of the flow just above and just below the present state (one-sided channels)
        up = hk + u + _ratio(lu * (u >= -vk - hk) - ld * (u < vk - hk), 1 + q * u)
        dn = hk + u + _ratio(lu * (u > -vk - hk) - ld * (u <= vk - hk), 1 + q * u)
        # At an interior fixed point (computed in floating point) the bracket is zero up to
        # rounding, e.g. +9e-16: read as a direction, it would push the state off its stable point
        # to the next fixed point, and the sweep would alternate between the two at every step.
        tol = 1e-12 * (1.0 + abs(hk) + abs(u) + lu + ld)
        return u, (1.0 if (u < 1 and up > tol) else -1.0 if (u > -1 and dn < -tol) else 0.0)

    u = quasi_static_sweep(u0, n_steps=v.size, fixed_points=points, move=move, gap=0.5e-12)
    return ReducedSweep(bias=v.copy(), field=h.copy(), u=u,
                        current=reduced_current(u, bias=v, field=h, params=r))


def grain_for_reduced(*, params, spin, bias, field, temperature=0.0, damping=1e-3):
    """The full grain (:class:`~spinlib.nanomagnet.Nanomagnet`) whose NMD limit is the reduced model.

    Parameters
    ----------
    params : NMDRates
        Rates in units of ``8 S_0 alpha_B kappa``.
    spin : float
        ``S_0`` (half-integer).
    bias, field : float
        ``v`` and ``h`` of the reduced model.
    temperature : float
        ``k_B T / kappa >= 0``.
    damping : float
        ``alpha_B > 0``.

    Returns
    -------
    Nanomagnet
        ``kappa = 1``, ``epsilon = 0``, majority level (``eta = 1``), collinear leads; rates
        ``Gamma = (reduced rate) x 8 S_0 alpha_B kappa``; left lead at ``mu_L = v kappa``; right
        lead far below every addition energy (``mu_R = -kappa - |h| - 50 max(T, kappa)``), so it
        only receives electrons; Zeeman energy ``h = 2 kappa h_bar`` (Eq. (51a) of P&W).

    Examples
    --------
    >>> r = NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0)
    >>> g = grain_for_reduced(params=r, spin=10, bias=5.0, field=-2.0)
    >>> g.field, g.leads[0].rate_majority, g.leads[0].chemical_potential
    (-4.0, 0.96, 5.0)
    """
    r = _rates(params)
    s0 = _half_integer("spin", spin)
    v = _scalar("bias", bias)
    hb = _scalar("field", field)
    t = float(nonnegative("temperature", temperature))
    a = float(positive("damping", damping))
    unit = 8.0 * s0 * a
    mu_r = -1.0 - abs(2 * hb) - 50.0 * max(t, 1.0)
    if not np.isfinite(mu_r) or not np.isfinite(unit * max(r.left_up, r.left_down, r.right_up, r.right_down)):
        raise SpinlibInputError(f"field, temperature, spin or damping too large for the grain's energies and "
                                f"rates (field={hb!r}, temperature={t!r}, spin={s0!r}, damping={a!r})")
    return Nanomagnet(spin=s0, anisotropy=1.0, field=2.0 * hb, level=0.0, orbital=1, temperature=t,
                      damping=a, leads=(Lead(rate_majority=r.left_up * unit, rate_minority=r.left_down * unit,
                                             chemical_potential=v),
                                        Lead(rate_majority=r.right_up * unit,
                                             rate_minority=r.right_down * unit,
                                             chemical_potential=mu_r)))
