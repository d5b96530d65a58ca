"""Macrospin Landau-Lifshitz-Gilbert dynamics with the Slonczewski spin-transfer torque.

This module holds the book's one LLG integrator (:func:`integrate`); the uniaxial model of
section 1.3 (:mod:`spinlib.uniaxial`) maps its parameters onto :class:`MacrospinParams` and calls it.

Dimensionless units (chapter 1.2 of the book)
---------------------------------------------
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

from .. import units
from ..validate import (
    SpinlibInputError,
    check_fields,
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

__all__ = [
    "MacrospinParams",
    "Trajectory",
    "NanopillarPreset",
    "NANOPILLAR",
    "isotropic_preset",
    "thin_film_preset",
    "slonczewski_eta",
    "slonczewski_coefficients",
    "effective_field",
    "energy",
    "slonczewski_torque",
    "llg_rhs",
    "max_stable_step",
    "integrate",
    "classify_end_state",
    "critical_current",
    "critical_current_ll_insertion",
    "linear_growth_rate",
    "isotropic_cone_cos",
    "growth_rate",
    "simulated_critical_current",
    "switching_time",
    "linear_switching_time",
    "current_unit",
    "time_unit",
    "critical_current_si",
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


def _asymmetry(asymmetry):
    return in_range("asymmetry", asymmetry, -1.0, 1.0, lo_open=True, hi_open=True)


def isotropic_preset(*, field=1.0, alpha=0.1, asymmetry=0.0) -> MacrospinParams:
    """Geometry of Fig. 8(a)-(d) of Ralph & Stiles (2008): no anisotropy, field and ``p`` along z.

    ``asymmetry`` is ``B/A`` in (-1, 1); the torque factor is normalised to ``eta(0) = 1``
    (``A = 1``, ``B = asymmetry``, ``q = 1 + asymmetry``), so ``j`` is then ``eta(0)`` times the
    current in units of :func:`current_unit`.
    """
    b = _asymmetry(asymmetry)
    return MacrospinParams(field=np.multiply.outer(finite("field", field), [0.0, 0.0, 1.0]),
                           alpha=nonnegative("alpha", alpha), fixed=[0.0, 0.0, 1.0], q=1.0 + b, A=1.0, B=b)


def thin_film_preset(*, field=0.0, hk=0.05, alpha=0.05, asymmetry=0.0) -> MacrospinParams:
    """Geometry of Fig. 8(e)-(h) of Ralph & Stiles (2008): thin film, easy plane xy, easy axis x.

    Demagnetizing coefficient ``N = 1`` along z, uniaxial anisotropy ``hk`` along x, field and
    ``p`` along +x; ``eta(0) = 1`` normalisation as in :func:`isotropic_preset`.
    """
    b = _asymmetry(asymmetry)
    return MacrospinParams(field=np.multiply.outer(finite("field", field), [1.0, 0.0, 0.0]),
                           hk=nonnegative("hk", hk), easy_axis=[1.0, 0.0, 0.0], demag=1.0,
                           normal=[0.0, 0.0, 1.0], alpha=nonnegative("alpha", alpha),
                           fixed=[1.0, 0.0, 0.0], q=1.0 + b, A=1.0, B=b)


@dataclass(frozen=True, kw_only=True, eq=False)
class Trajectory:
    """Output of :func:`integrate`: times ``t`` (n_t,) and ``m`` of shape ``batch + (n_t, 3)``."""

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


def _rhs(m, c):
    """Explicit LLG + Slonczewski right-hand side on components; works on floats or arrays.

    With ``a = j eta(theta)``, ``u = h_eff + alpha a p`` and ``w = a p - alpha h_eff``:
    ``dm/dtau = [-m x u + m (m . w) - (m . m) w] / (1 + alpha^2)``, which is
    ``[-m x h - alpha m x (m x h) + tau + alpha m x tau] / (1 + alpha^2)`` with
    ``tau = a m x (m x p)`` (the Gilbert form solved for ``dm/dtau``, derived in
    :mod:`spinlib.derivations.ch1_llg`).
    """
    mx, my, mz = m
    hx, hy, hz = _heff(m, c)
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
    """Effective field ``h_eff = -dE/dm`` (units of ``M_s``), shape ``broadcast(m, params) + (3,)``.

    Notes
    -----
    ``h_eff = h + h_k (n_k . m) n_k - N (n . m) n``: the macrospin limit of Eq. (2) of
    Ralph & Stiles (2008) (uniform magnetization; the thin-film demagnetizing field ``-N M_s m_n n``
    replaces the dipolar integral). The integrator uses this same function.
    """
    P = _params(params)
    comps, c, shape = _batch(unit_vector("m", m), P, 0.0)
    return np.stack(_heff(comps, c), axis=-1).reshape(shape + (3,))


def energy(m, *, params: MacrospinParams):
    """Macrospin energy ``E / (mu0 M_s^2 V) = -h . m - h_k (n_k . m)^2 / 2 + N (n . m)^2 / 2``.

    Zeeman energy, uniaxial anisotropy (Eq. (1) of Ralph & Stiles (2008) for uniform ``M``) and
    the easy-plane shape anisotropy of a thin film. Its gradient is ``-effective_field``.
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
    """Largest time step :func:`integrate` accepts for these parameters (units of ``1/(gamma0 M_s)``).

    Notes
    -----
    ``RK4_STABILITY_RADIUS / L`` with ``L = (1 + alpha)/(1 + alpha^2) [|h| + 2 (h_k + N)
    + |j| (2 eta_max + max|d eta / d cos theta|)]``, a bound on the spectral radius of the
    Jacobian of :func:`llg_rhs` (precession ``|h_eff|`` plus the anisotropy stiffness, the torque
    and its angular derivative, the Gilbert factor). Smaller steps keep every linear mode of the
    step inside RK4's stability region; the accuracy needs steps several times smaller still.
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
    """
    m0 = unit_vector("m0", m0)
    P = _params(params)
    j = finite("current", current)
    t_end = scalar("t_end", t_end, positive)
    n_steps = count("n_steps", n_steps, minimum=1, maximum=MAX_STEPS)
    n_out = n_steps if n_out is None else count("n_out", n_out, minimum=1, maximum=n_steps)
    if n_steps % n_out:
        raise SpinlibInputError(f"n_out must divide n_steps={n_steps}; got {n_out!r}")
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


# ---------------------------------------------------------------------------------------------
# thresholds


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
    alpha (derived in :func:`spinlib.derivations.ch1_llg.critical_current_threshold`).
    """
    h, hk_, N, alpha_, q_, A_, B_ = _threshold_args(field, hk, demag, alpha, q, A, B)
    with np.errstate(over="ignore", invalid="ignore"):
        jc = alpha_ * (h + hk_ + 0.5 * N) * ((A_ + B_) / q_)
    return finite_result(jc, field=field, hk=hk, demag=demag, alpha=alpha, q=q, A=A, B=B)


def critical_current_ll_insertion(*, field, hk=0.0, demag=1.0, alpha, q, A, B):
    """Threshold when the torque is added to the Landau-Lifshitz (not the Gilbert) form of Eq. (3).

    ``j_c / (1 + alpha^2)``: the two insertions differ at relative order ``alpha^2``
    (derived in :func:`spinlib.derivations.ch1_llg.critical_current_threshold`).
    """
    jc = critical_current(field=field, hk=hk, demag=demag, alpha=alpha, q=q, A=A, B=B)
    return _over_1_plus_alpha2(jc, nonnegative("alpha", alpha))


def linear_growth_rate(*, current, field, hk=0.0, demag=1.0, alpha, q, A, B):
    """Real part of the eigenvalues of the linearised motion about ``m = p`` (units of ``gamma0 M_s``).

    ``Re lambda = [j eta(0) - alpha (h + h_k + N/2)] / (1 + alpha^2)``, half the trace of the
    Jacobian derived in :func:`spinlib.derivations.ch1_llg.parallel_state_jacobian` (field, easy axis
    and ``p`` parallel, easy-plane normal perpendicular). Positive above :func:`critical_current`:
    a small tilt then grows as ``exp(Re lambda tau)`` while it precesses.
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
    :func:`linear_growth_rate`; ``inf`` at and below threshold. Units of ``1/(gamma0 M_s)``.
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


def switching_time(traj: Trajectory, *, axis) -> np.ndarray:
    """First time at which ``m . axis`` becomes negative (``inf`` if it never does).

    Units of the trajectory's time axis; linear interpolation between the last saved point with
    ``m . axis >= 0`` and the first with ``m . axis < 0`` (``t[0]`` if it starts negative).
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


# ---------------------------------------------------------------------------------------------
# SI


def current_unit(*, ms, volume):
    """Current unit ``I_0 = 2 e mu0 M_s^2 V / hbar`` (amperes) of the dimensionless ``j``.

    Parameters
    ----------
    ms : saturation magnetization ``M_s`` (A/m, > 0).
    volume : free-layer volume ``V`` (m^3, > 0).
    """
    ms_, volume_ = positive("ms", ms), positive("volume", volume)
    with np.errstate(over="ignore"):  # ms^2 V may overflow; the unit itself must be a float
        unit = (2.0 * units.E * units.MU_0 / units.HBAR) * ms_ * (ms_ * volume_)
    return finite_result(unit, ms=ms, volume=volume)


def time_unit(*, ms):
    """Time unit ``1 / (gamma0 M_s)`` in seconds, ``gamma0 = mu0 |gamma_e|`` (``M_s`` in A/m).

    ``|gamma_e|`` is the measured electron gyromagnetic ratio (``|g| = 2.00232``, CODATA via
    :mod:`scipy.constants`); see the module docstring for why the current unit needs no ``g``.
    """
    ms_ = positive("ms", ms)
    with np.errstate(over="ignore", divide="ignore"):
        unit = (1.0 / (units.MU_0 * units.GAMMA_E)) / ms_
    return finite_result(unit, ms=ms)


def critical_current_si(*, field, hk, ms, volume, alpha, q, A, B):
    """Critical current ``I_c`` in amperes, Eq. (26) of Ralph & Stiles (2008).

    Parameters
    ----------
    field : in-plane field ``H`` along the easy axis (A/m), ``> -hk``.
    hk : in-plane anisotropy field ``H_k`` (A/m, >= 0).
    ms : saturation magnetization ``M_s`` (A/m, > 0).
    volume : free-layer volume ``V`` (m^3, > 0).
    alpha : Gilbert damping (>= 0).
    q, A, B : Slonczewski coefficients, ``eta(0) = q / (A + B)``.

    Returns
    -------
    ndarray, ``I_c = (2e/hbar) (alpha/eta(0)) V mu0 M_s (H + H_k + M_s/2)`` (A).
    """
    ms_ = positive("ms", ms)
    h, hk_ = finite("field", field), nonnegative("hk", hk)
    volume_ = positive("volume", volume)
    with np.errstate(over="ignore", under="ignore"):
        h_red, hk_red = finite_result(h / ms_, field=field, ms=ms), finite_result(hk_ / ms_, hk=hk, ms=ms)
    jc = critical_current(field=h_red, hk=hk_red, demag=1.0, alpha=alpha, q=q, A=A, B=B)
    # I_c = (2e/hbar) mu0 V ms (alpha/eta0) (H + H_k + ms/2): one factor ms only, so no ms^2 overflow
    with np.errstate(over="ignore"):
        amps = jc * ms_ * ((2.0 * units.E * units.MU_0 / units.HBAR) * ms_ * volume_)
    return finite_result(amps, field=field, hk=hk, ms=ms, volume=volume, alpha=alpha, q=q, A=A, B=B)


@dataclass(frozen=True, kw_only=True)
class NanopillarPreset:
    """An illustrative Co/Cu/Co nanopillar free layer (SI units).

    Order-of-magnitude values of the all-metal pillars of Katine et al. (2000) and of the
    typical numbers quoted by Ralph & Stiles (2008): a 130 nm x 70 nm elliptical cobalt layer
    3 nm thick, ``M_s = 1.4e6`` A/m, ``alpha = 0.01``, in-plane anisotropy ``mu0 H_k = 50`` mT,
    Slonczewski (1996) angular factor with polarization 0.35. Not a fit to any one device.
    """

    ms: float = 1.4e6  # M_s, A/m
    volume: float = np.pi / 4 * 130e-9 * 70e-9 * 3e-9  # V, m^3
    alpha: float = 0.01  # Gilbert alpha
    hk: float = 0.05 / units.MU_0  # H_k, A/m
    polarization: float = 0.35  # P of Slonczewski (1996)

    def __post_init__(self):
        check_fields(self, ms=positive, volume=positive, alpha=nonnegative, hk=nonnegative,
                     polarization=lambda n, v: in_range(n, v, 0.0, 1.0, lo_open=True, hi_open=True))

    def coefficients(self) -> tuple:
        """``(q, A, B)`` of :func:`slonczewski_coefficients` for this polarization."""
        return slonczewski_coefficients(polarization=self.polarization)

    def critical_current(self, field=0.0):
        """Eq. (26) in amperes at in-plane field ``field`` (A/m)."""
        q, A, B = self.coefficients()
        return critical_current_si(field=field, hk=self.hk, ms=self.ms, volume=self.volume,
                                   alpha=self.alpha, q=q, A=A, B=B)


NANOPILLAR = NanopillarPreset()
