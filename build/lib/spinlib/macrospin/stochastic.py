"""Stochastic LLG: the macrospin of :mod:`spinlib.macrospin.llg` at finite temperature.

Brown's (1963) thermal field is added to the effective field of the same right-hand side that
:func:`spinlib.macrospin.llg.integrate` integrates (the Gilbert equation with the Slonczewski
torque solved for ``dm/dtau``), and the stochastic equation is integrated with Heun's scheme
(Stratonovich) plus projection onto the unit sphere. Units are those of :mod:`spinlib.macrospin.llg`
(time ``tau = gamma0 M_s t``, fields in units of ``M_s``, energies in units of ``mu0 M_s^2 V``); the
temperature is the reduced thermal energy ``epsilon = k_B T / (mu0 M_s^2 V)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..validate import (
    SpinlibInputError,
    count,
    finite,
    nonnegative,
    positive,
    scalar,
    show,
    unit_vector,
)
from .llg import MAX_STEPS, _batch, _params, _rate_bound, _rhs

__all__ = ["StochasticTrajectory", "integrate_stochastic", "HEUN_STABILITY_RADIUS"]

#: Heun's (second-order Runge-Kutta) stability region reaches ``|z| = 2`` on the negative real axis:
#: a step with ``dt * rate_bound`` above this is refused (the bound of
#: :func:`spinlib.macrospin.llg.max_stable_step`). Accuracy under noise needs far smaller steps.
HEUN_STABILITY_RADIUS = 2.0
#: Largest batch (number of samples) :func:`integrate_stochastic` accepts.
MAX_SAMPLES = 10**6
#: Largest number of saved floats (``samples * (n_out + 1) * 3``): pass a smaller ``n_out``.
MAX_SAVED = 3 * 10**7


@dataclass(frozen=True, kw_only=True, eq=False)
class StochasticTrajectory:
    """Output of :func:`integrate_stochastic`.

    Attributes
    ----------
    t : ndarray (n_t,), saved times (units of ``1 / (gamma0 M_s)``), ``t[0] = 0``.
    m : ndarray ``batch + (n_t, 3)``, the magnetization directions (a stopped sample keeps its
        state at the exit for the rest of the run).
    exit_time : ndarray ``batch``, the first step time at which ``stop`` was true
        (``inf`` where it never was, and everywhere without ``stop``).
    exited : ndarray of bool ``batch``, whether the sample was stopped.

    Examples
    --------
    >>> tr = StochasticTrajectory(t=[0.0, 1.0], m=np.zeros((2, 3)) + [0.0, 0.0, 1.0], exit_time=np.inf,
    ...                           exited=False)
    >>> bool(tr.exited), float(tr.exit_time)
    (False, inf)
    """

    t: np.ndarray
    m: np.ndarray
    exit_time: np.ndarray
    exited: np.ndarray

    def __post_init__(self):
        t, m = finite("t", self.t), finite("m", self.m)
        if t.ndim != 1 or t.size < 1 or np.any(np.diff(t) <= 0):
            raise SpinlibInputError(f"t must be a strictly increasing 1-D array of times; got {show(self.t)}")
        if m.ndim < 2 or m.shape[-2:] != (t.size, 3):
            raise SpinlibInputError(f"m must have shape batch + (len(t), 3) = (..., {t.size}, 3); got "
                                    f"shape {m.shape}")
        batch = m.shape[:-2]
        exit_time = np.asarray(self.exit_time, dtype=float)
        exited = np.asarray(self.exited)
        if exit_time.shape != batch or exited.shape != batch or exited.dtype != bool:
            raise SpinlibInputError(f"exit_time (float) and exited (bool) must have the batch shape {batch}; "
                                    f"got {exit_time.shape} and {exited.shape} ({exited.dtype})")
        if np.any(np.isnan(exit_time)) or np.any(exited != np.isfinite(exit_time)):
            raise SpinlibInputError("exit_time must be finite exactly where exited is True (inf elsewhere)")
        for name, value in (("t", t), ("m", m), ("exit_time", exit_time), ("exited", exited)):
            object.__setattr__(self, name, value)


def _generator(seed) -> np.random.Generator:
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(None if seed is None else count("seed", seed))


def _normalised(x, y, z):
    r = np.sqrt(x * x + y * y + z * z)
    return (x / r, y / r, z / r)


def _heun_step(m, c, dt, h_th):
    """One Heun step of ``dm/dtau = rhs(m, h_eff + h_th)`` with projection (Stratonovich).

    The same thermal field (constant over the step) enters both stages; the predictor and the
    corrector are projected onto the sphere.
    """
    f1 = _rhs(m, c, h_th)
    pred = _normalised(m[0] + dt * f1[0], m[1] + dt * f1[1], m[2] + dt * f1[2])
    f2 = _rhs(pred, c, h_th)
    h = 0.5 * dt
    return _normalised(m[0] + h * (f1[0] + f2[0]), m[1] + h * (f1[1] + f2[1]), m[2] + h * (f1[2] + f2[2]))


def _stopped(stop, m, shape):
    """Evaluate ``stop`` on the whole batch ``m`` (n, 3): a flat bool array (n,)."""
    res = np.asarray(stop(m.reshape(shape + (3,))))
    if res.dtype != bool:
        raise SpinlibInputError(f"stop must return a bool array over the batch; got dtype {res.dtype}")
    try:
        return np.broadcast_to(res, shape).ravel()
    except ValueError as exc:
        raise SpinlibInputError(f"stop must return a bool array of the batch shape {shape}; got shape "
                                f"{res.shape}") from exc


def integrate_stochastic(m0, *, params, current=0.0, temperature, t_end, n_steps, n_out=None, seed=None,
                         stop=None) -> StochasticTrajectory:
    """Integrate the stochastic LLG + Slonczewski equation (Brown's thermal field) for a batch.

    Parameters
    ----------
    m0 : array (..., 3), initial magnetization(s), normalised on input.
    params : :class:`spinlib.macrospin.llg.MacrospinParams`; array fields broadcast with ``m0``.
    current : dimensionless current ``j`` (units of :func:`spinlib.macrospin.si.current_unit`),
        broadcast against the batch.
    temperature : reduced thermal energy ``epsilon = k_B T / (mu0 M_s^2 V)`` (>= 0), broadcast
        against the batch; ``0`` gives the deterministic equation.
    t_end : final time, units of ``1 / (gamma0 M_s)`` (> 0).
    n_steps : number of fixed time steps (integer in [1, 1e8]); ``dt = t_end / n_steps`` must satisfy
        ``dt * L <= 2`` (Heun's stability limit, ``L`` the rate bound of
        :func:`spinlib.macrospin.llg.max_stable_step`).
    n_out : number of saved intervals (an integer dividing ``n_steps``); default ``n_steps``. The
        saved floats, ``samples * (n_out + 1) * 3``, are capped at ``3e7``.
    seed : int, ``numpy.random.Generator`` or None (fresh entropy).
    stop : callable or None. ``stop(m) -> bool array`` of the batch shape, evaluated on the whole
        batch ``m`` (shape ``batch + (3,)``) at ``t = 0`` and after every step; a sample for which it
        is true is frozen from then on and its exit time recorded. The run ends early when every
        sample has stopped.

    Returns
    -------
    StochasticTrajectory
        ``t`` (n_out + 1,), ``m`` ``batch + (n_out + 1, 3)``, ``exit_time`` and ``exited`` (batch).

    Notes
    -----
    Brown's (1963) stochastic Gilbert equation in the units of :mod:`spinlib.macrospin.llg`,

        dm/dtau = -m x (h_eff + h_th) + alpha m x dm/dtau + j eta(theta) m x (m x p),

    with the Gaussian white thermal field ``<h_th,i(tau) h_th,j(tau')> = 2 alpha epsilon delta_ij
    delta(tau - tau')`` (fluctuation-dissipation theorem), ``epsilon = k_B T / (mu0 M_s^2 V)``. It is
    solved for ``dm/dtau`` exactly as :func:`spinlib.macrospin.llg.llg_rhs` (same code, with
    ``h_eff + h_th`` in place of ``h_eff``) and read in the **Stratonovich** sense: then ``|m| = 1``
    is conserved and, at zero current, the stationary density on the sphere is the Boltzmann
    weight ``exp(-E(m) / epsilon)`` with ``E`` = :func:`spinlib.macrospin.llg.energy` (Brown's
    free diffusion constant is ``D = alpha epsilon / (1 + alpha^2)``). Read in the Ito sense the same
    equation would need the noise-induced drift ``-2 D m`` added. Heun's scheme is the
    predictor-corrector consistent with Stratonovich: per step, the thermal field
    ``sqrt(2 alpha epsilon / dt) xi`` (``xi`` three standard normal numbers per sample, drawn in the
    order of the still-running samples) is held fixed over both stages,
    ``m' = P[m + dt f(m)]`` and ``m <- P[m + dt (f(m) + f(m')) / 2]``, ``P`` the projection
    ``m / |m|`` (Garcia-Palacios & Lazaro, Phys. Rev. B 58, 14937 (1998)). Weak order 1 under noise;
    at ``epsilon = 0`` it is the deterministic second-order Heun method.

    Examples
    --------
    >>> from spinlib.macrospin.llg import MacrospinParams
    >>> P = MacrospinParams(hk=1.0, easy_axis=[0, 0, 1], alpha=1.0)
    >>> tr = integrate_stochastic(np.tile([0.0, 0.0, 1.0], (4, 1)), params=P, temperature=0.05,
    ...                           t_end=2.0, n_steps=200, n_out=4, seed=1)
    >>> tr.m.shape, tr.t.tolist()
    ((4, 5, 3), [0.0, 0.5, 1.0, 1.5, 2.0])
    >>> bool(np.allclose(np.linalg.norm(tr.m, axis=-1), 1.0))
    True
    >>> tr = integrate_stochastic([0.0, 0.0, 1.0], params=P, temperature=1.0, t_end=50.0,
    ...                           n_steps=5000, n_out=1, seed=2, stop=lambda m: m[..., 2] < 0)
    >>> bool(tr.exited), round(float(tr.exit_time), 2)
    (True, 1.52)
    """
    m0 = unit_vector("m0", m0)
    P = _params(params)
    j = finite("current", current)
    eps = nonnegative("temperature", temperature)
    t_end = scalar("t_end", t_end, positive)
    n_steps = count("n_steps", n_steps, minimum=1, maximum=MAX_STEPS)
    n_out = n_steps if n_out is None else count("n_out", n_out, minimum=1, maximum=n_steps)
    if n_steps % n_out:
        raise SpinlibInputError(f"n_out must divide n_steps={n_steps}; got {n_out!r}")
    if stop is not None and not callable(stop):
        raise SpinlibInputError(f"stop must be None or a callable stop(m) -> bool array; got {stop!r}")
    try:
        shape = np.broadcast_shapes(m0.shape[:-1], j.shape, eps.shape, P.batch_shape)
    except ValueError as exc:
        raise SpinlibInputError(f"m0, current, temperature and params must broadcast together; got shapes "
                                f"{m0.shape[:-1]}, {j.shape}, {eps.shape}, {P.batch_shape}") from exc
    n = math.prod(shape)
    if not 1 <= n <= MAX_SAMPLES:
        raise SpinlibInputError(f"the batch must hold between 1 and {MAX_SAMPLES} samples; got shape {shape}")
    if n * (n_out + 1) * 3 > MAX_SAVED:
        raise SpinlibInputError(f"n_out={n_out} saves {n * (n_out + 1) * 3} floats for {n} samples, more "
                                f"than {MAX_SAVED}; pass a smaller n_out")
    dt = t_end / n_steps
    with np.errstate(over="ignore"):
        bound = _rate_bound(P, j)
    if not dt * bound <= HEUN_STABILITY_RADIUS:
        need = t_end * bound / HEUN_STABILITY_RADIUS
        hint = f"use n_steps >= {math.ceil(need)}" if need <= MAX_STEPS else "shorten t_end"
        raise SpinlibInputError(
            f"n_steps={n_steps} is too few for t_end={show(t_end)}: dt = {dt:.4g} exceeds Heun's stability "
            f"limit {HEUN_STABILITY_RADIUS / bound:.4g} for these params and current; {hint}")
    times = np.linspace(0.0, t_end, n_out + 1)
    if np.any(np.diff(times) <= 0):
        raise SpinlibInputError(f"t_end is too small to hold n_out={n_out} distinct saved times; "
                                f"got t_end={show(t_end)}")
    rng = _generator(seed)
    comps, c, _ = _batch(np.broadcast_to(m0, shape + (3,)), P, np.broadcast_to(j, shape))
    noise = np.broadcast_to(np.sqrt(2.0 * np.asarray(P.alpha) * eps / dt), shape).ravel().copy()
    m = np.stack(comps, axis=-1)  # (n, 3), flat batch
    stride = n_steps // n_out
    saved = np.empty((n_out + 1, n, 3))
    saved[0] = m
    exit_time = np.full(n, np.inf)
    exited = np.zeros(n, dtype=bool)
    if stop is not None:
        exited[:] = _stopped(stop, m, shape)
        exit_time[exited] = 0.0
    active = np.flatnonzero(~exited)
    c_act = c if active.size == n else tuple(x[active] for x in c)
    noise_act = noise[active]
    last = 0
    for k in range(1, n_steps + 1):
        if active.size == 0:
            break
        xi = rng.standard_normal((active.size, 3))
        ma = m[active]
        h_th = (noise_act * xi[:, 0], noise_act * xi[:, 1], noise_act * xi[:, 2])
        m[active] = np.stack(_heun_step((ma[:, 0], ma[:, 1], ma[:, 2]), c_act, dt, h_th), axis=-1)
        if stop is not None:
            new = _stopped(stop, m, shape)[active]
            if np.any(new):
                idx = active[new]
                exited[idx] = True
                exit_time[idx] = k * dt
                keep = ~new
                active = active[keep]
                c_act = tuple(x[keep] for x in c_act)
                noise_act = noise_act[keep]
        if k % stride == 0:
            last = k // stride
            saved[last] = m
    saved[last + 1:] = m  # an early end: every sample is frozen at its exit
    if not np.all(np.isfinite(saved)):
        raise FloatingPointError("integrate_stochastic: the trajectory left the finite range")
    out = saved.transpose(1, 0, 2).reshape(shape + (n_out + 1, 3))
    return StochasticTrajectory(t=times, m=out, exit_time=exit_time.reshape(shape),
                                exited=exited.reshape(shape))
