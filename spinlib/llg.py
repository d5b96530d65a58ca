"""Macrospin Landau-Lifshitz-Gilbert dynamics with the Slonczewski spin-transfer torque.

Dimensionless units (chapter 1.2 of the book):

* magnetization ``m = M / M_s`` (a unit vector);
* fields in units of ``M_s`` (``h = H / M_s``), energies in units of ``mu0 M_s^2 V``;
* time ``tau = gamma0 M_s t`` with ``gamma0 = |g| mu0 mu_B / hbar`` (``gamma0 H`` is a rate for
  ``H`` in A/m);
* current ``j = hbar I / (2 e mu0 M_s^2 V)``, so the Slonczewski term of Eq. (25) of
  Ralph & Stiles (2008) reads ``dm/dtau|st = j eta(theta) m x (m x p)`` (with ``|g| = 2``, the
  convention under which Eq. (25) and Eq. (26) are written).

The equation of motion is the Gilbert form of Eq. (3) of Ralph & Stiles (2008) with the torque
added on its right-hand side,

    dm/dtau = -m x h_eff + alpha m x dm/dtau + j eta(theta) m x (m x p),

solved explicitly for ``dm/dtau`` (see :func:`llg_rhs`). Positive ``j`` pushes ``m`` away from
``p`` (it destabilises the parallel state), the sign convention of Eq. (25).

SI conversions: :func:`current_unit`, :func:`time_unit`, :func:`critical_current_si`.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field

import numpy as np

from . import units
from .validate import finite, in_range, nonnegative, positive, unit_vector

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
    "integrate",
    "classify_end_state",
    "critical_current",
    "critical_current_ll_insertion",
    "isotropic_cone_cos",
    "simulated_critical_current",
    "switching_time",
    "current_unit",
    "time_unit",
    "critical_current_si",
]


def _vector(name: str, value) -> np.ndarray:
    arr = finite(name, value)
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise ValueError(f"{name} must have shape (..., 3); got shape {arr.shape}")
    return arr


def _check_B(A, B) -> None:
    in_range("B/A", np.asarray(B) / np.asarray(A), -1.0, 1.0, lo_open=True, hi_open=True)


@dataclass(frozen=True, eq=False)
class MacrospinParams:
    """Parameters of a single-domain free layer and its spin-torque source (dimensionless).

    Every field may be an array; scalars broadcast against each other and against a batch of
    initial conditions, vectors have shape ``(..., 3)``.

    Parameters
    ----------
    field : applied field ``h = H / M_s`` (3-vector, units of ``M_s``).
    hk : uniaxial anisotropy field ``h_k = H_k / M_s = 2 K_u / (mu0 M_s^2)`` (>= 0).
    easy_axis : easy axis ``n_k`` (normalised on input).
    demag : easy-plane demagnetizing coefficient ``N`` (thin film: 1), energy ``+N m_n^2 / 2``.
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
        set_ = object.__setattr__
        set_(self, "field", _vector("field", self.field))
        set_(self, "hk", nonnegative("hk", self.hk))
        set_(self, "easy_axis", unit_vector("easy_axis", self.easy_axis))
        set_(self, "demag", nonnegative("demag", self.demag))
        set_(self, "normal", unit_vector("normal", self.normal))
        set_(self, "alpha", nonnegative("alpha", self.alpha))
        set_(self, "fixed", unit_vector("fixed", self.fixed))
        set_(self, "q", positive("q", self.q))
        set_(self, "A", positive("A", self.A))
        set_(self, "B", finite("B", self.B))
        _check_B(self.A, self.B)

    @property
    def batch_shape(self) -> tuple:
        shapes = [self.field.shape[:-1], self.easy_axis.shape[:-1], self.normal.shape[:-1],
                  self.fixed.shape[:-1], *(np.shape(getattr(self, k)) for k in
                                          ("hk", "demag", "alpha", "q", "A", "B"))]
        return np.broadcast_shapes(*shapes)

    def replace(self, **changes) -> MacrospinParams:
        """A copy with some fields changed (validated again)."""
        kw = {k: getattr(self, k) for k in self.__dataclass_fields__}
        kw.update(changes)
        return MacrospinParams(**kw)


def isotropic_preset(*, field: float = 1.0, alpha: float = 0.1, asymmetry: float = 0.0) -> MacrospinParams:
    """Geometry of Fig. 8(a)-(d) of Ralph & Stiles (2008): no anisotropy, field and ``p`` along z.

    ``asymmetry`` is ``B/A``; the torque factor is normalised to ``eta(0) = 1``
    (``A = 1``, ``B = asymmetry``, ``q = 1 + asymmetry``), so ``j`` is then ``eta(0)`` times the
    current in units of :func:`current_unit`.
    """
    b = in_range("asymmetry", asymmetry, -1.0, 1.0, lo_open=True, hi_open=True)
    return MacrospinParams(field=np.multiply.outer(finite("field", field), [0.0, 0.0, 1.0]),
                           alpha=alpha, fixed=[0.0, 0.0, 1.0], q=1.0 + b, A=1.0, B=b)


def thin_film_preset(*, field: float = 0.0, hk: float = 0.05, alpha: float = 0.05,
                     asymmetry: float = 0.0) -> MacrospinParams:
    """Geometry of Fig. 8(e)-(h) of Ralph & Stiles (2008): thin film, easy plane xy, easy axis x.

    Demagnetizing coefficient ``N = 1`` along z, uniaxial anisotropy ``hk`` along x, field and
    ``p`` along +x; ``eta(0) = 1`` normalisation as in :func:`isotropic_preset`.
    """
    b = in_range("asymmetry", asymmetry, -1.0, 1.0, lo_open=True, hi_open=True)
    return MacrospinParams(field=np.multiply.outer(finite("field", field), [1.0, 0.0, 0.0]), hk=hk,
                           easy_axis=[1.0, 0.0, 0.0], demag=1.0, normal=[0.0, 0.0, 1.0], alpha=alpha,
                           fixed=[1.0, 0.0, 0.0], q=1.0 + b, A=1.0, B=b)


@dataclass(frozen=True)
class Trajectory:
    """Output of :func:`integrate`: times ``t`` (n_t,) and ``m`` of shape ``batch + (n_t, 3)``."""

    t: np.ndarray
    m: np.ndarray


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
    q = positive("q", q)
    A = positive("A", A)
    B = finite("B", B)
    _check_B(A, B)
    return q / (A + B * c)


def slonczewski_coefficients(*, polarization):
    """``(q, A, B)`` of Slonczewski's (1996) symmetric-spin-valve torque for polarization ``P``.

    ``g(theta) = [-4 + (1 + P)^3 (3 + cos theta) / (4 P^{3/2})]^{-1}`` of Slonczewski (1996)
    rewritten as ``q / (A + B cos theta)``: ``q = 4 P^{3/2}``, ``A = 3 (1+P)^3 - 16 P^{3/2}``,
    ``B = (1+P)^3``. ``P`` must lie in (0, 1): at ``P = 1``, ``A = B`` and ``eta(pi)`` diverges.
    """
    P = in_range("polarization", polarization, 0.0, 1.0, lo_open=True, hi_open=True)
    p32 = P**1.5
    return 4.0 * p32, 3.0 * (1.0 + P) ** 3 - 16.0 * p32, (1.0 + P) ** 3


def _as_m(m) -> np.ndarray:
    return unit_vector("m", m)


def effective_field(m, *, params: MacrospinParams):
    """Effective field ``h_eff = -dE/dm`` (units of ``M_s``).

    Notes
    -----
    ``h_eff = h + h_k (n_k . m) n_k - N (n . m) n``: the macrospin limit of Eq. (2) of
    Ralph & Stiles (2008) (uniform magnetization; the thin-film demagnetizing field ``-M_s m_z z``
    replaces the dipolar integral).
    """
    m = _as_m(m)
    P = params
    mk = np.sum(P.easy_axis * m, axis=-1)[..., None]
    mn = np.sum(P.normal * m, axis=-1)[..., None]
    return P.field + P.hk[..., None] * mk * P.easy_axis - P.demag[..., None] * mn * P.normal


def energy(m, *, params: MacrospinParams):
    """Macrospin energy ``E / (mu0 M_s^2 V) = -h . m - h_k (n_k . m)^2 / 2 + N (n . m)^2 / 2``.

    Zeeman energy, uniaxial anisotropy (Eq. (1) of Ralph & Stiles (2008) for uniform ``M``) and
    the easy-plane shape anisotropy of a thin film.
    """
    m = _as_m(m)
    P = params
    mk = np.sum(P.easy_axis * m, axis=-1)
    mn = np.sum(P.normal * m, axis=-1)
    return -np.sum(P.field * m, axis=-1) - 0.5 * P.hk * mk**2 + 0.5 * P.demag * mn**2


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
    m = _as_m(m)
    j = finite("current", current)
    P = params
    c = np.clip(np.sum(P.fixed * m, axis=-1), -1.0, 1.0)
    a = j * P.q / (P.A + P.B * c)
    mxp = np.cross(m, P.fixed)
    return a[..., None] * np.cross(m, mxp)


# ---------------------------------------------------------------------------------------------
# the equation of motion: one kernel for Python floats (one trajectory) and NumPy arrays (batches)


def _coefficients(params: MacrospinParams, current, batch_shape: tuple):
    """Components of every coefficient, broadcast to ``batch_shape`` and flattened."""
    P = params
    K = (P.hk[..., None, None] * P.easy_axis[..., :, None] * P.easy_axis[..., None, :]
         - P.demag[..., None, None] * P.normal[..., :, None] * P.normal[..., None, :])
    comps = [P.field[..., 0], P.field[..., 1], P.field[..., 2],
             K[..., 0, 0], K[..., 0, 1], K[..., 0, 2], K[..., 1, 1], K[..., 1, 2], K[..., 2, 2],
             P.fixed[..., 0], P.fixed[..., 1], P.fixed[..., 2],
             P.alpha, current, P.q, P.A, P.B, 1.0 / (1.0 + P.alpha**2)]
    if batch_shape == ():
        return tuple(float(np.asarray(c)) for c in comps)
    return tuple(np.broadcast_to(c, batch_shape).ravel().copy() for c in comps)


def _rhs(m, c):
    """Explicit LLG + Slonczewski right-hand side on components; works on floats or arrays.

    With ``a = j eta(theta)``, ``u = h_eff + alpha a p`` and ``w = a p - alpha h_eff``:
    ``dm/dtau = [-m x u + m (m . w) - w] / (1 + alpha^2)`` (the Gilbert form solved for
    ``dm/dtau``, derived in :mod:`spinlib.derivations.ch1_llg`).
    """
    mx, my, mz = m
    h0, h1, h2, k00, k01, k02, k11, k12, k22, p0, p1, p2, al, j, q, A, B, s = c
    hx = h0 + k00 * mx + k01 * my + k02 * mz
    hy = h1 + k01 * mx + k11 * my + k12 * mz
    hz = h2 + k02 * mx + k12 * my + k22 * mz
    a = j * q / (A + B * (p0 * mx + p1 * my + p2 * mz))
    aal = a * al
    ux = hx + aal * p0
    uy = hy + aal * p1
    uz = hz + aal * p2
    wx = a * p0 - al * hx
    wy = a * p1 - al * hy
    wz = a * p2 - al * hz
    mw = mx * wx + my * wy + mz * wz
    return (s * (mz * uy - my * uz + mx * mw - wx),
            s * (mx * uz - mz * ux + my * mw - wy),
            s * (my * ux - mx * uy + mz * mw - wz))


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
    m = _as_m(m)
    j = finite("current", current)
    shape = np.broadcast_shapes(m.shape[:-1], j.shape, params.batch_shape)
    mb = np.broadcast_to(m, shape + (3,)).reshape(-1, 3)
    c = _coefficients(params, j, shape if shape != () else (1,))
    v = _rhs((mb[:, 0], mb[:, 1], mb[:, 2]), c)
    return np.stack(v, axis=-1).reshape(shape + (3,))


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


def integrate(m0, *, params: MacrospinParams, current=0.0, t_end: float, n_steps: int,
              n_out: int | None = None) -> Trajectory:
    """Integrate the macrospin LLG + Slonczewski equation for a batch of initial conditions.

    Parameters
    ----------
    m0 : array (..., 3), initial magnetization(s), normalised on input.
    params : :class:`MacrospinParams`; array-valued fields broadcast against ``m0``.
    current : dimensionless current ``j`` (scalar or array broadcast against the batch).
    t_end : final time, units of ``1 / (gamma0 M_s)`` (> 0).
    n_steps : number of fixed time steps (>= 1).
    n_out : number of saved intervals (``n_steps`` must be a multiple); default ``n_steps``.

    Returns
    -------
    Trajectory with ``t`` (n_out + 1,) and ``m`` of shape ``batch + (n_out + 1, 3)``.

    Notes
    -----
    Classical fourth-order Runge-Kutta in R^3 followed, at every step, by the projection
    ``m -> m / |m|`` onto the sphere. The exact flow keeps ``|m| = 1`` (``dm/dtau`` is
    perpendicular to ``m``), so the projection only removes the ``O(dt^5)`` radial error of the
    step: the scheme stays fourth order and ``|m| = 1`` holds to rounding error by construction
    (Hairer, Lubich & Wanner, *Geometric Numerical Integration*, Sec. IV.4). It was preferred to
    a Lie-group (exponential-map) scheme because it is as accurate at the step sizes used here,
    needs no matrix exponentials and vectorises trivially. The arithmetic runs on component arrays
    for a batch and on Python floats for a single trajectory (faster there than NumPy calls).
    """
    m0 = _as_m(m0)
    j = finite("current", current)
    t_end = float(positive("t_end", t_end))
    if int(n_steps) != n_steps or n_steps < 1:
        raise ValueError(f"n_steps must be an integer >= 1; got {n_steps!r}")
    n_steps = int(n_steps)
    n_out = n_steps if n_out is None else n_out
    if int(n_out) != n_out or n_out < 1 or n_steps % int(n_out):
        raise ValueError(f"n_out must be an integer in [1, n_steps] dividing n_steps={n_steps}; "
                         f"got {n_out!r}")
    stride = n_steps // int(n_out)
    shape = np.broadcast_shapes(m0.shape[:-1], j.shape, params.batch_shape)
    c = _coefficients(params, j, shape)
    if shape == ():
        m = tuple(float(v) for v in m0)
    else:
        mb = np.broadcast_to(m0, shape + (3,)).reshape(-1, 3)
        m = (mb[:, 0].copy(), mb[:, 1].copy(), mb[:, 2].copy())
    dt = t_end / n_steps
    out = [m]
    for i in range(1, n_steps + 1):
        m = _rk4_step(m, c, dt)
        if i % stride == 0:
            out.append(m)
    arr = np.asarray(out, dtype=float)  # (n_t, 3) or (n_t, 3, N)
    if shape == ():
        traj = arr
    else:
        traj = arr.transpose(2, 0, 1).reshape(shape + (len(out), 3))
    return Trajectory(t=np.linspace(0.0, t_end, len(out)), m=traj)


def classify_end_state(traj: Trajectory, *, axis, tol: float = 0.02) -> np.ndarray:
    """Classify the end of trajectories: ``'relaxed'``, ``'reversed'``, ``'precessing'`` or ``'transient'``.

    Parameters
    ----------
    traj : :class:`Trajectory` from :func:`integrate`.
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
    axis = unit_vector("axis", axis)
    tol = float(in_range("tol", tol, 0.0, 1.0, lo_open=True, hi_open=True))
    m = traj.m
    end = m[..., -1, :]
    n = m.shape[-2]
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
    h = finite("field", field)
    hk = nonnegative("hk", hk)
    N = nonnegative("demag", demag)
    alpha = nonnegative("alpha", alpha)
    q, A, B = positive("q", q), positive("A", A), finite("B", B)
    _check_B(A, B)
    if np.any(h + hk <= 0):
        raise ValueError(f"field must be > -hk (the parallel state must be stable); got field={field!r}, "
                         f"hk={hk!r}")
    return alpha * (h + hk + 0.5 * N) * (A + B) / q


def critical_current_ll_insertion(*, field, hk=0.0, demag=1.0, alpha, q, A, B):
    """Threshold when the torque is added to the Landau-Lifshitz (not the Gilbert) form of Eq. (3).

    ``j_c / (1 + alpha^2)``: the two insertions differ at relative order ``alpha^2``.
    """
    jc = critical_current(field=field, hk=hk, demag=demag, alpha=alpha, q=q, A=A, B=B)
    return jc / (1.0 + np.asarray(alpha, dtype=float) ** 2)


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
    _check_B(A, B)
    if np.any(B == 0):
        raise ValueError("B must be nonzero: with a constant eta there is no precession cone; got B=0")
    lo, hi = alpha * h * (A + B) / q, alpha * h * (A - B) / q
    lo, hi = np.minimum(lo, hi), np.maximum(lo, hi)
    if np.any((j <= lo) | (j >= hi)):
        raise ValueError(f"current must lie in (alpha h/eta(0), alpha h/eta(pi)) = ({lo}, {hi}) for a cone; "
                         f"got {current!r}")
    return (j * q / (alpha * h) - A) / B


def _perpendicular_basis(p):
    trial = np.where(np.abs(p[..., :1]) < 0.9, np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))
    e1 = np.cross(p, trial)
    e1 /= np.linalg.norm(e1, axis=-1, keepdims=True)
    return e1, np.cross(p, e1)


def simulated_critical_current(*, params: MacrospinParams, bracket, amplitude: float = 1e-3,
                               t_end: float = 200.0, dt: float = 0.1, n_grid: int = 16,
                               n_iter: int = 4) -> np.ndarray:
    """Instability threshold of the parallel state ``m = p`` found by simulation.

    For each parameter set of the batch, currents are bracketed and the bracket is refined by
    multisection (``n_grid`` currents per round, all integrated at once; ``n_iter`` rounds): a
    current is unstable when the energy above the parallel state, averaged over the last fifth
    of the run, exceeds its average over the first fifth (a perturbation of size ``amplitude``
    has grown).

    Parameters
    ----------
    params : :class:`MacrospinParams` (``p`` must be an equilibrium direction).
    bracket : ``(lo, hi)`` dimensionless currents, broadcast against the batch; ``lo`` must be
        stable and ``hi`` unstable.
    amplitude : initial tilt from ``p`` (radians, in (0, 0.1]).
    t_end, dt : duration and step of each run (units of ``1 / (gamma0 M_s)``).
    n_grid, n_iter : currents per round (>= 3) and rounds (>= 1).

    Returns
    -------
    ndarray, the batch shape: midpoint of the final bracket (width ``(hi - lo) / (n_grid - 1)^n_iter``).
    """
    amplitude = float(in_range("amplitude", amplitude, 0.0, 0.1, lo_open=True))
    t_end = float(positive("t_end", t_end))
    dt = float(in_range("dt", dt, 0.0, 0.5, lo_open=True))
    if n_grid < 3 or n_iter < 1:
        raise ValueError(f"n_grid must be >= 3 and n_iter >= 1; got {n_grid}, {n_iter}")
    lo, hi = (finite("bracket", b) for b in bracket)
    shape = np.broadcast_shapes(lo.shape, hi.shape, params.batch_shape)
    lo, hi = np.broadcast_to(lo, shape).copy(), np.broadcast_to(hi, shape).copy()
    if np.any(lo >= hi):
        raise ValueError("bracket must satisfy lo < hi")
    p = np.broadcast_to(params.fixed, shape + (3,))
    e1, e2 = _perpendicular_basis(p)
    m0 = p + amplitude * (e1 + e2) / np.sqrt(2.0)
    n_steps = 100 * max(int(round(t_end / dt / 100)), 1)
    e_eq = energy(p, params=params)
    s = np.linspace(0.0, 1.0, n_grid).reshape((n_grid,) + (1,) * len(shape))
    for _ in range(n_iter):
        currents = lo + s * (hi - lo)
        traj = integrate(m0, params=params, current=currents, t_end=t_end, n_steps=n_steps, n_out=100)
        de = energy(traj.m, params=_expand(params)) - e_eq[..., None]
        grows = de[..., -20:].mean(-1) > de[..., :20].mean(-1)  # (n_grid, *shape)
        grows[-1] = True
        k = np.argmax(grows, axis=0)
        k = np.maximum(k, 1)
        new_hi = np.take_along_axis(currents, k[None], 0)[0]
        new_lo = np.take_along_axis(currents, (k - 1)[None], 0)[0]
        lo, hi = new_lo, new_hi
    return 0.5 * (lo + hi)


def _expand(params: MacrospinParams) -> MacrospinParams:
    """Insert a time axis (second to last of the trajectory batch) into every parameter."""
    kw = {}
    for k in params.__dataclass_fields__:
        v = np.asarray(getattr(params, k))
        kw[k] = v[..., None, :] if k in ("field", "easy_axis", "normal", "fixed") else v[..., None]
    return MacrospinParams(**kw)


def switching_time(traj: Trajectory, *, axis) -> np.ndarray:
    """First time at which ``m . axis`` becomes negative (``inf`` if it never does).

    Units of ``1 / (gamma0 M_s)``; linear interpolation between saved points.
    """
    axis = unit_vector("axis", axis)
    proj = np.sum(traj.m * axis, axis=-1)
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
    ms = positive("ms", ms)
    volume = positive("volume", volume)
    return 2.0 * units.E * units.MU_0 * ms**2 * volume / units.HBAR


def time_unit(*, ms):
    """Time unit ``1 / (gamma0 M_s)`` in seconds, ``gamma0 = mu0 |gamma_e|`` (``M_s`` in A/m)."""
    return 1.0 / (units.MU_0 * units.GAMMA_E * positive("ms", ms))


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
    ms = positive("ms", ms)
    # Dimensionless threshold (fields in units of M_s, thin film N = 1) times the current unit.
    jc = critical_current(field=finite("field", field) / ms, hk=nonnegative("hk", hk) / ms, demag=1.0,
                          alpha=alpha, q=q, A=A, B=B)
    return jc * current_unit(ms=ms, volume=volume)


@dataclass(frozen=True)
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

    def coefficients(self) -> tuple:
        """``(q, A, B)`` of :func:`slonczewski_coefficients` for this polarization."""
        return slonczewski_coefficients(polarization=self.polarization)

    def critical_current(self, field=0.0):
        """Eq. (26) in amperes at in-plane field ``field`` (A/m)."""
        q, A, B = self.coefficients()
        return critical_current_si(field=field, hk=self.hk, ms=self.ms, volume=self.volume,
                                   alpha=self.alpha, q=q, A=A, B=B)


NANOPILLAR = NanopillarPreset()
