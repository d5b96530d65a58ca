"""Macrospin Landau-Lifshitz-Gilbert dynamics with the Slonczewski spin-transfer torque.

This module holds the book's one deterministic LLG integrator (:func:`integrate`); the uniaxial
model of section 1.3 (:mod:`spinlib.macrospin.uniaxial_dynamics`) maps its parameters onto
:class:`MacrospinParams` and calls it, and :mod:`spinlib.macrospin.stochastic` adds Brown's thermal
field to the same right-hand side. Thresholds live in :mod:`spinlib.macrospin.thresholds`, SI units
in :mod:`spinlib.macrospin.si`, presets in :mod:`spinlib.macrospin.studies`.

**Dimensionless units (the LLG section of the book).**

* magnetization ``m = M / M_s`` (a unit vector);
* fields in units of ``M_s`` (``h = H / M_s``), energies in units of ``mu0 M_s^2 V``;
* time ``tau = gamma0 M_s t`` with ``gamma0 = mu0 |gamma_e|`` (the measured electron
  gyromagnetic ratio, ``|g| = 2.00232``; :func:`time_unit`);
* current ``j = hbar I / (2 e mu0 M_s^2 V)`` (:func:`current_unit`), so that the Slonczewski term
  reads ``dm/dtau|st = j eta(theta) m x (m x p)``.

Why ``g`` appears in the time unit only: each electron that is absorbed hands ``hbar/2`` of
angular momentum to the free layer, i.e. ``gamma hbar / 2`` of magnetic moment. The torque rate
is then ``gamma0 hbar I eta / (2 e mu0 V M_s)`` for *any* ``g``, which is ``j eta`` in units of
``gamma0 M_s``. Eq. (25) of Ralph & Stiles (2008) writes the prefactor ``gamma hbar / 2`` as
``mu_B`` (``|g| = 2``); the critical current Eq. (26) does not contain ``g`` at all.

Equation of motion: the Gilbert form of Eq. (3) of Ralph & Stiles (2008) with the torque added on
its right-hand side,

    dm/dtau = -m x h_eff + alpha m x dm/dtau + j eta(theta) m x (m x p),

solved explicitly for ``dm/dtau`` (:func:`llg_rhs`). Positive ``j`` pushes ``m`` away from ``p``
(it destabilises the parallel state), the sign convention of Eq. (25).

Names used throughout the book's LLG code: ``alpha`` (Gilbert damping), ``current`` (``j``),
``asymmetry`` = ``B/A`` of ``eta(theta) = q / (A + B cos theta)`` (the ``q-bar`` of
Parcollet & Waintal (2006), Eq. (42)), time axis ``t`` of length ``n_t`` and trajectories shaped
``batch + (n_t, 3)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from dataclasses import field as dc_field

import numpy as np

from ..validate import (
    SpinlibInputError,
    check_fields,
    finite,
    in_range,
    instance,
    nonnegative,
    positive,
    show,
    step_grid,
    unit_vector,
)

__all__ = [
    "MacrospinParams",
    "Trajectory",
    "slonczewski_eta",
    "slonczewski_coefficients",
    "effective_field",
    "energy",
    "slonczewski_torque",
    "llg_rhs",
    "max_stable_step",
    "integrate",
]

#: RK4's stability region reaches |z| = 2 sqrt(2) on the imaginary axis and ~2.785 on the negative
#: real axis; a step with ``dt * rate_bound`` above this is refused (see :func:`max_stable_step`).
RK4_STABILITY_RADIUS = 2.78
#: Largest number of time steps :func:`integrate` accepts (a Python loop: ~1e6 steps/s at best).
MAX_STEPS = 10**8


def _vector(name: str, value) -> np.ndarray:
    arr = finite(name, value)
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise SpinlibInputError(f"{name} must have shape (..., 3); got shape {arr.shape}: {value!r}")
    return arr


def _check_ratio(A, B, name="B") -> None:
    A, B = np.asarray(A, dtype=float), np.asarray(B, dtype=float)
    if np.any(np.abs(B) >= A):
        raise SpinlibInputError(f"{name} must satisfy -A < B < A (eta finite at every angle); "
                                f"got B={B!r} with A={A!r}")


@dataclass(frozen=True, kw_only=True, eq=False)
class MacrospinParams:
    """Parameters of a single-domain free layer and its spin-torque source (dimensionless).

    Every field may be an array; scalars broadcast against each other and against a batch of
    initial conditions, vectors have shape ``(..., 3)``. Keyword-only, validated at construction.

    Parameters
    ----------
    field : applied field ``h = H / M_s`` (3-vector, units of ``M_s``).
    hk : uniaxial anisotropy field ``h_k = H_k / M_s = 2 K_u / (mu0 M_s^2)`` (>= 0).
    easy_axis : easy axis ``n_k`` (normalised on input).
    demag : easy-plane demagnetizing coefficient ``N`` (>= 0; thin film 1), energy ``+N m_n^2 / 2``.
    normal : the hard axis (film normal) ``n`` (normalised on input).
    alpha : Gilbert damping ``alpha`` (>= 0).
    fixed : fixed-layer direction ``p = M_fixed / |M_fixed|`` (normalised on input).
    q, A, B : Slonczewski angular factor ``eta(theta) = q / (A + B cos theta)``, Eq. (25) of
        Ralph & Stiles (2008); ``q > 0`` (the sign of the torque is carried by the current),
        ``A > 0`` and ``-A < B < A`` (so that ``eta`` stays finite and positive at all angles).

    Examples
    --------
    >>> P = MacrospinParams(hk=0.05, easy_axis=[2.0, 0.0, 0.0], alpha=[0.01, 0.1])
    >>> P.easy_axis.tolist(), P.batch_shape
    ([1.0, 0.0, 0.0], (2,))
    """

    field: np.ndarray = dc_field(default_factory=lambda: np.zeros(3))  # h, units of M_s
    hk: float = 0.0  # h_k, units of M_s
    easy_axis: np.ndarray = dc_field(default_factory=lambda: np.array([1.0, 0.0, 0.0]))  # n_k
    demag: float = 0.0  # N, dimensionless
    normal: np.ndarray = dc_field(default_factory=lambda: np.array([0.0, 0.0, 1.0]))  # n
    alpha: float = 0.01  # Gilbert alpha, dimensionless
    fixed: np.ndarray = dc_field(default_factory=lambda: np.array([0.0, 0.0, 1.0]))  # p
    q: float = 1.0  # Slonczewski q, dimensionless
    A: float = 1.0  # Slonczewski A, dimensionless
    B: float = 0.0  # Slonczewski B, dimensionless

    def __post_init__(self):
        check_fields(self, hk=nonnegative, demag=nonnegative, alpha=nonnegative, q=positive,
                     A=positive, B=finite)
        set_ = object.__setattr__
        for name in ("hk", "demag", "alpha", "q", "A", "B"):  # arrays stay float arrays
            value = getattr(self, name)
            if not isinstance(value, float):
                set_(self, name, np.asarray(value, dtype=float))
        set_(self, "field", _vector("field", self.field))
        for name in ("easy_axis", "normal", "fixed"):
            set_(self, name, unit_vector(name, getattr(self, name)))
        _check_ratio(self.A, self.B)
        self.batch_shape  # noqa: B018 - raises if the fields do not broadcast

    @property
    def batch_shape(self) -> tuple:
        """Broadcast shape of all fields (vectors without their last axis)."""
        shapes = [self.field.shape[:-1], self.easy_axis.shape[:-1], self.normal.shape[:-1],
                  self.fixed.shape[:-1], *(np.shape(getattr(self, k)) for k in
                                          ("hk", "demag", "alpha", "q", "A", "B"))]
        try:
            return np.broadcast_shapes(*shapes)
        except ValueError as exc:
            raise SpinlibInputError(f"the fields of MacrospinParams must broadcast together; got "
                                    f"batch shapes {shapes}") from exc

    def replace(self, **changes) -> MacrospinParams:
        """A copy with some fields changed (validated again)."""
        kw = {k: getattr(self, k) for k in self.__dataclass_fields__}
        kw.update(changes)
        return MacrospinParams(**kw)


def _params(params) -> MacrospinParams:
    return instance("params", params, MacrospinParams)


@dataclass(frozen=True, kw_only=True, eq=False)
class Trajectory:
    """Output of :func:`integrate`: times ``t`` (n_t,) and ``m`` of shape ``batch + (n_t, 3)``.

    Examples
    --------
    >>> tr = Trajectory(t=[0.0, 1.0], m=[[0.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
    >>> tr.m.shape
    (2, 3)
    """

    t: np.ndarray  # time axis, units of the integrating module (here 1/(gamma0 M_s))
    m: np.ndarray  # magnetization direction, batch + (n_t, 3)

    def __post_init__(self):
        t, m = finite("t", self.t), finite("m", self.m)
        if t.ndim != 1 or t.size < 1 or np.any(np.diff(t) <= 0):
            raise SpinlibInputError(f"t must be a strictly increasing 1-D array of times; got {show(self.t)}")
        if m.ndim < 2 or m.shape[-2:] != (t.size, 3):
            raise SpinlibInputError(f"m must have shape batch + (len(t), 3) = (..., {t.size}, 3); got "
                                    f"shape {m.shape}: {show(self.m)}")
        object.__setattr__(self, "t", t)
        object.__setattr__(self, "m", m)


# ---------------------------------------------------------------------------------------------
# the formulas, each written once; they work on components that are Python floats or arrays


def _eta(cos_theta, q, A, B):
    """``eta(theta) = q / (A + B cos theta)``, below Eq. (25) of Ralph & Stiles (2008)."""
    return q / (A + B * cos_theta)


def _heff(m, c):
    """``h_eff = h + h_k (n_k . m) n_k - N (n . m) n`` on components (``c`` from :func:`_coefficients`)."""
    mx, my, mz = m
    h0, h1, h2, hk, k0, k1, k2, N, n0, n1, n2 = c[:11]
    a = hk * (k0 * mx + k1 * my + k2 * mz)
    b = N * (n0 * mx + n1 * my + n2 * mz)
    return (h0 + a * k0 - b * n0, h1 + a * k1 - b * n1, h2 + a * k2 - b * n2)


def _rhs(m, c, h_extra=None):
    """Explicit LLG + Slonczewski right-hand side on components; works on floats or arrays.

    ``h_extra`` (components, optional) is added to the effective field (the thermal field of
    :mod:`spinlib.macrospin.stochastic`).

    With ``a = j eta(theta)``, ``u = h_eff + alpha a p`` and ``w = a p - alpha h_eff``:
    ``dm/dtau = [-m x u + m (m . w) - (m . m) w] / (1 + alpha^2)``, which is
    ``[-m x h - alpha m x (m x h) + tau + alpha m x tau] / (1 + alpha^2)`` with
    ``tau = a m x (m x p)`` (the Gilbert form solved for ``dm/dtau``, derived in
    :mod:`spinlib.macrospin.derivation`).
    """
    mx, my, mz = m
    hx, hy, hz = _heff(m, c)
    if h_extra is not None:
        hx, hy, hz = hx + h_extra[0], hy + h_extra[1], hz + h_extra[2]
    p0, p1, p2, al, j, q, A, B, s = c[11:]
    a = j * _eta(p0 * mx + p1 * my + p2 * mz, q, A, B)
    aal = a * al
    ux = hx + aal * p0
    uy = hy + aal * p1
    uz = hz + aal * p2
    wx = a * p0 - al * hx
    wy = a * p1 - al * hy
    wz = a * p2 - al * hz
    mw = mx * wx + my * wy + mz * wz
    # m (m.w) - (m.m) w is m x (m x w) exactly, also off the unit sphere (RK4's stages
    # leave it): the right-hand side stays tangent, and matches cmtj to round-off.
    mm = mx * mx + my * my + mz * mz
    return (s * (mz * uy - my * uz + mx * mw - mm * wx),
            s * (mx * uz - mz * ux + my * mw - mm * wy),
            s * (my * ux - mx * uy + mz * mw - mm * wz))


def _coefficients(params: MacrospinParams, current, batch_shape: tuple):
    """Every coefficient of :func:`_rhs`, broadcast to ``batch_shape`` and flattened.

    ``batch_shape == ()`` gives Python floats (one trajectory runs faster on floats).
    """
    P = params
    comps = [P.field[..., 0], P.field[..., 1], P.field[..., 2], P.hk,
             P.easy_axis[..., 0], P.easy_axis[..., 1], P.easy_axis[..., 2], P.demag,
             P.normal[..., 0], P.normal[..., 1], P.normal[..., 2],
             P.fixed[..., 0], P.fixed[..., 1], P.fixed[..., 2],
             P.alpha, current, P.q, P.A, P.B, 1.0 / (1.0 + np.asarray(P.alpha) ** 2)]
    if batch_shape == ():
        return tuple(float(np.asarray(c)) for c in comps)
    return tuple(np.broadcast_to(c, batch_shape).ravel().copy() for c in comps)


def _batch(m, params, current):
    """Broadcast ``m`` (..., 3), the params and the current: flat components and the shape."""
    try:
        shape = np.broadcast_shapes(m.shape[:-1], np.shape(current), params.batch_shape)
    except ValueError as exc:
        raise SpinlibInputError(f"m, current and params must broadcast together; got shapes "
                                f"{m.shape[:-1]}, {np.shape(current)}, {params.batch_shape}") from exc
    flat = shape if shape != () else (1,)
    mb = np.broadcast_to(m, shape + (3,)).reshape(-1, 3)
    return (mb[:, 0], mb[:, 1], mb[:, 2]), _coefficients(params, current, flat), shape


# ---------------------------------------------------------------------------------------------
# angular factor, energy, fields, torque


def slonczewski_eta(cos_theta, *, q, A, B):
    """Slonczewski's angular factor ``eta(theta) = q / (A + B cos theta)``.

    Parameters
    ----------
    cos_theta : array_like, ``cos theta = m . p`` in [-1, 1].
    q : float or array, > 0 (dimensionless).
    A : float or array, > 0 (dimensionless).
    B : float or array, with ``-A < B < A`` (else ``eta`` diverges at some angle).

    Returns
    -------
    ndarray, dimensionless, positive and finite.

    Notes
    -----
    Defined below Eq. (25) of Ralph & Stiles (2008).

    Examples
    --------
    >>> np.round(slonczewski_eta(np.array([1.0, 0.0, -1.0]), q=1.0, A=1.0, B=0.5), 6)
    array([0.666667, 1.      , 2.      ])
    """
    c = in_range("cos_theta", cos_theta, -1.0, 1.0)
    q, A, B = positive("q", q), positive("A", A), finite("B", B)
    _check_ratio(A, B)
    return _eta(c, q, A, B)


def slonczewski_coefficients(*, polarization):
    """``(q, A, B)`` of Slonczewski's (1996) symmetric-spin-valve torque for polarization ``P``.

    ``g(theta) = [-4 + (1 + P)^3 (3 + cos theta) / (4 P^{3/2})]^{-1}`` of Slonczewski (1996)
    rewritten as ``q / (A + B cos theta)``: ``q = 4 P^{3/2}``, ``A = 3 (1+P)^3 - 16 P^{3/2}``,
    ``B = (1+P)^3``. ``P`` must lie in (0, 1): at ``P = 1``, ``A = B`` and ``eta(pi)`` diverges;
    ``A - B ~ 6 (1 - P)^2`` is computed without cancellation and is representable up to
    ``P ~ 1 - 1e-8`` (closer to 1 raises).

    Parameters
    ----------
    polarization : spin polarization ``P`` (dimensionless), in (0, 1); float or array.

    Returns
    -------
    q, A, B : float or ndarray (shape of ``polarization``), dimensionless, ``q > 0``, ``A > B > 0``.

    Examples
    --------
    >>> q, A, B = slonczewski_coefficients(polarization=0.35)
    >>> round(float(q), 6), round(float(A), 6), round(float(B), 6)
    (0.828251, 4.06812, 2.460375)
    """
    P = in_range("polarization", polarization, 0.0, 1.0, lo_open=True, hi_open=True)
    x = np.sqrt(P)
    B = (1.0 + P) ** 3
    # A - B = 2 [(1+P)^3 - 8 P^{3/2}] = 2 (1 - sqrt P)^2 [(1+P)^2 + 2 sqrt(P) (1+P) + 4P]: written
    # without the cancellation of the printed form, which loses A - B ~ 6 (1-P)^2 near P = 1
    A = B + 2.0 * (1.0 - x) ** 2 * ((1.0 + P) ** 2 + 2.0 * x * (1.0 + P) + 4.0 * P)
    if np.any(A <= B):
        raise SpinlibInputError(f"polarization is too close to 1 for double precision (A = B, eta(pi) "
                                f"infinite): must be <= 1 - 1e-7; got {polarization!r}")
    q = 4.0 * P * x
    if np.any(q == 0):
        raise SpinlibInputError(f"polarization is too small: q = 4 P^(3/2) underflows to 0 (no torque); "
                                f"must be >= 1e-200; got {polarization!r}")
    return q, A, B


def effective_field(m, *, params: MacrospinParams):
    """Effective field ``h_eff = -dE/dm`` of the macrospin energy :func:`energy`.

    Parameters
    ----------
    m : array (..., 3), magnetization direction (finite, nonzero; normalised on input).
    params : :class:`MacrospinParams` (``field``, ``hk``, ``easy_axis``, ``demag``, ``normal``).

    Returns
    -------
    ndarray ``broadcast(m, params) + (3,)``, ``h_eff`` in units of ``M_s``.

    Notes
    -----
    ``h_eff = h + h_k (n_k . m) n_k - N (n . m) n``: the macrospin limit of Eq. (2) of
    Ralph & Stiles (2008) (uniform magnetization; the thin-film demagnetizing field ``-N M_s m_n n``
    replaces the dipolar integral). The integrator uses this same function.

    Examples
    --------
    >>> P = MacrospinParams(field=[0.0, 0.0, 0.1], hk=0.05, easy_axis=[1, 0, 0], demag=1.0)
    >>> np.round(effective_field([0.6, 0.0, 0.8], params=P), 6)
    array([ 0.03,  0.  , -0.7 ])
    """
    P = _params(params)
    comps, c, shape = _batch(unit_vector("m", m), P, 0.0)
    return np.stack(_heff(comps, c), axis=-1).reshape(shape + (3,))


def energy(m, *, params: MacrospinParams):
    """Macrospin energy ``E / (mu0 M_s^2 V) = -h . m - h_k (n_k . m)^2 / 2 + N (n . m)^2 / 2``.

    Zeeman energy, uniaxial anisotropy (Eq. (1) of Ralph & Stiles (2008) for uniform ``M``) and
    the easy-plane shape anisotropy of a thin film. Its gradient is ``-effective_field``.

    Parameters
    ----------
    m : array (..., 3), magnetization direction (finite, nonzero; normalised on input).
    params : :class:`MacrospinParams` (``field``, ``hk``, ``easy_axis``, ``demag``, ``normal``).

    Returns
    -------
    ndarray ``broadcast(m, params)``, ``E`` in units of ``mu0 M_s^2 V``.

    Examples
    --------
    >>> P = MacrospinParams(hk=0.05, easy_axis=[1, 0, 0], demag=1.0)
    >>> round(float(energy([0.6, 0.0, 0.8], params=P)), 6)
    0.311
    """
    P = _params(params)
    (mx, my, mz), c, shape = _batch(unit_vector("m", m), P, 0.0)
    h0, h1, h2, hk, k0, k1, k2, N, n0, n1, n2 = c[:11]
    mk = k0 * mx + k1 * my + k2 * mz
    mn = n0 * mx + n1 * my + n2 * mz
    return (-(h0 * mx + h1 * my + h2 * mz) - 0.5 * hk * mk**2 + 0.5 * N * mn**2).reshape(shape)


def slonczewski_torque(m, *, params: MacrospinParams, current=0.0):
    """Slonczewski term ``j eta(theta) m x (m x p)`` of Eq. (25) of Ralph & Stiles (2008).

    Parameters
    ----------
    m : array (..., 3), normalised on input.
    params : :class:`MacrospinParams` (``fixed``, ``q``, ``A``, ``B``).
    current : dimensionless current ``j`` (see the module docstring).

    Returns
    -------
    ndarray (..., 3), rate of change of ``m`` in units of ``gamma0 M_s``.

    Examples
    --------
    >>> P = MacrospinParams(fixed=[0, 0, 1])
    >>> np.round(slonczewski_torque([1.0, 0.0, 0.0], params=P, current=0.1), 6)
    array([ 0. ,  0. , -0.1])
    """
    P = _params(params)
    (mx, my, mz), c, shape = _batch(unit_vector("m", m), P, finite("current", current))
    p0, p1, p2, _, j, q, A, B, _ = c[11:]
    cos = np.clip(p0 * mx + p1 * my + p2 * mz, -1.0, 1.0)
    a = j * _eta(cos, q, A, B)
    m3 = np.stack([mx, my, mz], -1)
    p3 = np.stack([p0, p1, p2], -1)
    return (a[:, None] * np.cross(m3, np.cross(m3, p3))).reshape(shape + (3,))


def llg_rhs(m, *, params: MacrospinParams, current=0.0):
    """Right-hand side ``dm/dtau`` of the Gilbert equation with the Slonczewski torque.

    Parameters
    ----------
    m : array (..., 3), normalised on input.
    params : :class:`MacrospinParams`.
    current : dimensionless current ``j``, broadcast against the batch.

    Returns
    -------
    ndarray (..., 3), in units of ``gamma0 M_s``.

    Notes
    -----
    ``(1 + alpha^2) dm/dtau = -m x h_eff - alpha m x (m x h_eff) + tau + alpha m x tau`` with
    ``tau = j eta(theta) m x (m x p)``: Eq. (3) of Ralph & Stiles (2008) (Gilbert form) plus
    Eq. (25), solved for ``dm/dtau``; without current it is the Landau-Lifshitz form of Eq. (3)
    with ``gamma0' = gamma0 / (1 + alpha^2)`` and ``lambda = gamma0 alpha / (1 + alpha^2)``.

    Examples
    --------
    >>> P = MacrospinParams(field=[0.0, 0.0, 1.0], alpha=0.1)
    >>> np.round(llg_rhs([1.0, 0.0, 0.0], params=P), 6)
    array([0.      , 0.990099, 0.09901 ])
    """
    P = _params(params)
    comps, c, shape = _batch(unit_vector("m", m), P, finite("current", current))
    return np.stack(_rhs(comps, c), axis=-1).reshape(shape + (3,))


def _rate_bound(params: MacrospinParams, current) -> float:
    """An upper bound on the spectral radius of the Jacobian of :func:`llg_rhs` on the sphere."""
    P = params
    j = np.abs(np.asarray(current, dtype=float))
    gap = P.A - np.abs(P.B)
    eta_max = P.q / gap
    deta = P.q * np.abs(P.B) / gap**2  # |d eta / d cos theta|
    h = np.linalg.norm(P.field, axis=-1)
    bound = (1.0 + P.alpha) / (1.0 + P.alpha**2) * (h + 2.0 * (P.hk + P.demag) + j * (2.0 * eta_max + deta))
    return float(np.max(bound, initial=0.0))


def max_stable_step(*, params: MacrospinParams, current=0.0) -> float:
    """Largest time step :func:`integrate` accepts for these parameters and this current.

    Parameters
    ----------
    params : :class:`MacrospinParams`; for a batch the bound of the fastest member is used.
    current : dimensionless current ``j``, finite (float or array; its largest ``|j|`` counts).

    Returns
    -------
    float, the step in units of ``1/(gamma0 M_s)`` (> 0; ``inf`` when the rate bound ``L`` is 0).

    Notes
    -----
    ``RK4_STABILITY_RADIUS / L`` with ``L = (1 + alpha)/(1 + alpha^2) [|h| + 2 (h_k + N)
    + |j| (2 eta_max + max|d eta / d cos theta|)]``, a bound on the spectral radius of the
    Jacobian of :func:`llg_rhs` (precession ``|h_eff|`` plus the anisotropy stiffness, the torque
    and its angular derivative, the Gilbert factor). Smaller steps keep every linear mode of the
    step inside RK4's stability region; the accuracy needs steps several times smaller still.

    Examples
    --------
    >>> round(max_stable_step(params=MacrospinParams(field=[0.0, 0.0, 1.0], alpha=0.1)), 6)
    2.552545
    """
    P = _params(params)
    j = finite("current", current)
    with np.errstate(over="ignore"):
        bound = _rate_bound(P, j)
    if not math.isfinite(bound):
        raise SpinlibInputError(f"current and the fields of params are too large for any finite time step "
                                f"(rate bound overflows); got current={show(current)}")
    return math.inf if bound == 0.0 else RK4_STABILITY_RADIUS / bound


def _rk4_step(m, c, dt):
    k1 = _rhs(m, c)
    h = 0.5 * dt
    k2 = _rhs((m[0] + h * k1[0], m[1] + h * k1[1], m[2] + h * k1[2]), c)
    k3 = _rhs((m[0] + h * k2[0], m[1] + h * k2[1], m[2] + h * k2[2]), c)
    k4 = _rhs((m[0] + dt * k3[0], m[1] + dt * k3[1], m[2] + dt * k3[2]), c)
    d6 = dt / 6.0
    x = m[0] + d6 * (k1[0] + 2.0 * (k2[0] + k3[0]) + k4[0])
    y = m[1] + d6 * (k1[1] + 2.0 * (k2[1] + k3[1]) + k4[1])
    z = m[2] + d6 * (k1[2] + 2.0 * (k2[2] + k3[2]) + k4[2])
    inv = (x * x + y * y + z * z) ** -0.5  # projection back onto the unit sphere
    return (x * inv, y * inv, z * inv)


def integrate(m0, *, params: MacrospinParams, current=0.0, t_end, n_steps, n_out=None) -> Trajectory:
    """Integrate the macrospin LLG + Slonczewski equation for a batch of initial conditions.

    Parameters
    ----------
    m0 : array (..., 3), initial magnetization(s), normalised on input.
    params : :class:`MacrospinParams`; array-valued fields broadcast against ``m0``.
    current : dimensionless current ``j`` (scalar or array broadcast against the batch).
    t_end : final time, units of ``1 / (gamma0 M_s)`` (> 0).
    n_steps : number of fixed time steps (integer >= 1); ``t_end / n_steps`` must not exceed
        :func:`max_stable_step` (else ``SpinlibInputError`` saying how many steps are needed).
    n_out : number of saved intervals (an integer dividing ``n_steps``); default ``n_steps``.

    Returns
    -------
    Trajectory with ``t`` (n_out + 1,) and ``m`` of shape ``batch + (n_out + 1, 3)``.

    Notes
    -----
    Classical fourth-order Runge-Kutta in R^3 followed, at every step, by the projection
    ``m -> m / |m|`` onto the sphere. The exact flow keeps ``|m| = 1`` (``dm/dtau`` is
    perpendicular to ``m``), so the projection only removes the ``O(dt^5)`` radial error of the
    step: the scheme stays fourth order and ``|m| = 1`` holds to rounding error by construction
    (Hairer, Lubich & Wanner, *Geometric Numerical Integration*, Sec. IV.4). The arithmetic runs
    on component arrays for a batch and on Python floats for a single trajectory.

    Examples
    --------
    >>> P = MacrospinParams(field=[0.0, 0.0, 1.0], alpha=0.1)
    >>> tr = integrate([1.0, 0.0, 0.0], params=P, t_end=50.0, n_steps=500, n_out=5)
    >>> tr.t.tolist()
    [0.0, 10.0, 20.0, 30.0, 40.0, 50.0]
    >>> np.round(tr.m[-1], 4)
    array([ 0.0103, -0.0098,  0.9999])
    """
    m0 = unit_vector("m0", m0)
    P = _params(params)
    j = finite("current", current)
    t_end, n_steps, n_out = step_grid(t_end, n_steps, n_out, max_steps=MAX_STEPS)
    dt = t_end / n_steps
    limit = max_stable_step(params=P, current=j)
    if dt > limit:
        need = t_end / limit
        hint = f"use n_steps >= {math.ceil(need)}" if need <= MAX_STEPS else "shorten t_end"
        raise SpinlibInputError(
            f"n_steps={n_steps} is too few for t_end={show(t_end)}: dt = t_end/n_steps = {dt:.4g} exceeds "
            f"the RK4 stability limit {limit:.4g} for these params and current; {hint}")
    stride = n_steps // n_out
    times = np.linspace(0.0, t_end, n_out + 1)
    if np.any(np.diff(times) <= 0):  # t_end below n_out times the smallest subnormal
        raise SpinlibInputError(f"t_end is too small to hold n_out={n_out} distinct saved times; "
                                f"got t_end={show(t_end)}")
    comps, c, shape = _batch(m0, P, j)
    m = tuple(float(v[0]) for v in comps) if shape == () else tuple(v.copy() for v in comps)
    if shape == ():
        c = tuple(float(v[0]) for v in c)
    out = [m]
    for i in range(1, n_steps + 1):
        m = _rk4_step(m, c, dt)
        if i % stride == 0:
            out.append(m)
    arr = np.asarray(out, dtype=float)  # (n_t, 3) or (n_t, 3, n)
    traj = arr if shape == () else arr.transpose(2, 0, 1).reshape(shape + (len(out), 3))
    if not np.all(np.isfinite(traj)):  # cannot happen below the limit; never return garbage
        raise FloatingPointError("integrate: the trajectory left the finite range despite the step check")
    return Trajectory(t=times, m=traj)
