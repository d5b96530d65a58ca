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
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
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
#: Largest block (bytes) :func:`_raise_malloc_thresholds` allocates (glibc's dynamic mmap-threshold cap).
MALLOC_BLOCK_MAX = 32 * 2**20
#: Normal numbers drawn ahead per block when no ``stop`` is given (two such buffers, 8 MB each).
NOISE_BLOCK = 2**20
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


class _HeunWorkspace:
    """Preallocated buffers of the Heun step for up to ``n`` samples (no per-step allocation).

    Every operation keeps the order of the arithmetic of the plain expressions
    ``P[m + dt f1]`` and ``P[m + (dt / 2) (f1 + f2)]`` (``P`` the projection ``m / |m|``), so the
    result is bit-identical to them; only the temporaries are reused.
    """

    def __init__(self, n):
        self.pred = np.empty((3, n))
        self.h_th = np.empty((3, n))
        self.r2 = np.empty(n)
        self.tmp = np.empty(n)

    def project(self, x, y, z, k):
        """``(x, y, z) <- (x, y, z) / |(x, y, z)|`` in place (first ``k`` entries of the buffers)."""
        r2, tmp = self.r2[:k], self.tmp[:k]
        np.multiply(x, x, out=r2)
        np.multiply(y, y, out=tmp)
        r2 += tmp
        np.multiply(z, z, out=tmp)
        r2 += tmp
        np.sqrt(r2, out=r2)
        x /= r2
        y /= r2
        z /= r2


def _raise_malloc_thresholds(n):
    """Allocate and free one large block so that glibc keeps the step's temporaries on its heap.

    Each Heun step creates some 200 temporary arrays of ``8 n`` bytes in :func:`_rhs` (the
    right-hand side shared with the deterministic integrator is written as plain expressions).
    Until a process frees a large block, glibc's ``malloc`` serves blocks above 128 kB with fresh
    ``mmap`` pages and returns the free top of its heap to the system above 128 kB too: then every
    temporary costs page faults (measured: ~320 faults and 1.6 ms per right-hand side of 10^4
    samples, against 0.3 ms without them). Freeing one block larger than a step's temporaries raises
    glibc's thresholds for the process (its documented dynamic mmap threshold: to the freed size,
    the trim threshold to twice that, at most 32 MB); other allocators ignore this harmlessly.
    """
    block = np.empty(min(MALLOC_BLOCK_MAX, max(2**20, 64 * 8 * n)), dtype=np.uint8)
    block[::4096] = 0  # touch its pages: the block is really mapped before it is freed
    del block


def _prefetched_noise(rng, n, n_steps, pool):
    """The ``n_steps`` draws ``rng.standard_normal((n, 3))``, produced one block ahead in ``pool``.

    A block of ``b`` steps is one call ``standard_normal(out=buf)`` on a ``(b, n, 3)`` buffer,
    which consumes the generator exactly like ``b`` consecutive draws of ``(n, 3)`` (the same
    numbers in the same order). NumPy's generators release the GIL while they fill a buffer, so
    the next block is drawn on the second core while this one is integrated; the caller never
    touches ``rng`` meanwhile. Yields ``(n, 3)`` views into two reused buffers.
    """
    block = max(1, min(n_steps, NOISE_BLOCK // (3 * n)))
    bufs = (np.empty((block, n, 3)), np.empty((block, n, 3)))
    done, which = 0, 0
    pending = pool.submit(rng.standard_normal, None, np.float64, bufs[0][:min(block, n_steps)])
    while done < n_steps:
        size = min(block, n_steps - done)
        cur = pending.result()
        done += size
        which ^= 1
        if done < n_steps:
            pending = pool.submit(rng.standard_normal, None, np.float64,
                                  bufs[which][:min(block, n_steps - done)])
        yield from cur


def _heun_step(m, c, dt, h_th, ws):
    """One Heun step of ``dm/dtau = rhs(m, h_eff + h_th)`` with projection (Stratonovich), in place.

    ``m`` (three component arrays) is overwritten with the new state. The same thermal field
    (constant over the step) enters both stages; the predictor and the corrector are projected
    onto the sphere. ``ws`` is a :class:`_HeunWorkspace` with room for ``len(m[0])`` samples.
    """
    k = m[0].size
    f1 = _rhs(m, c, h_th)
    pred = ws.pred[:, :k]
    for i in range(3):
        np.multiply(dt, f1[i], out=pred[i])
        pred[i] += m[i]
    ws.project(pred[0], pred[1], pred[2], k)
    f2 = _rhs((pred[0], pred[1], pred[2]), c, h_th)
    h = 0.5 * dt
    for i in range(3):  # m + h (f1 + f2), f1 reused as the buffer
        a, b = f1[i], m[i]
        a += f2[i]
        a *= h
        b += a
    ws.project(m[0], m[1], m[2], k)


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

    Without ``stop`` the Gaussian numbers are drawn a block of steps ahead on a second thread
    (the same numbers in the same order: a run is bit-identical with and without a ``stop`` that
    never fires), and the step reuses preallocated buffers.

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
    # The state is one (3, n) array (contiguous component rows); ``stop`` and the saved frames
    # read it through a read-only (n, 3) view. The running samples are stepped in place: on the
    # rows of the state itself while none has stopped, on a compact copy afterwards (scattered
    # back after each step). The noise of a step is drawn into a reused buffer in the same order
    # as ``standard_normal((running, 3))``, so every number is bit-identical to the plain loop.
    state = np.empty((3, n))
    state[0], state[1], state[2] = comps
    view = state.T
    view.flags.writeable = False
    stride = n_steps // n_out
    saved = np.empty((n_out + 1, n, 3))
    saved[0] = view
    exit_time = np.full(n, np.inf)
    exited = np.zeros(n, dtype=bool)
    if stop is not None:
        exited[:] = _stopped(stop, view, shape)
        exit_time[exited] = 0.0
    active = np.flatnonzero(~exited)
    run = state if active.size == n else state[:, active]
    c_act = c if active.size == n else tuple(x[active] for x in c)
    noise_act = noise[active]
    _raise_malloc_thresholds(n)
    ws = _HeunWorkspace(n)
    last = 0
    with ExitStack() as stack:
        # without stop every step draws (n, 3): those are drawn a block ahead on a second thread
        noise_ahead = (None if stop is not None or n_steps == 1 else
                       _prefetched_noise(rng, n, n_steps, stack.enter_context(ThreadPoolExecutor(1))))
        for k in range(1, n_steps + 1):
            na = active.size
            if na == 0:
                break
            xi = next(noise_ahead) if noise_ahead is not None else rng.standard_normal((na, 3))
            h_th = ws.h_th[:, :na]
            for i in range(3):
                np.multiply(noise_act, xi[:, i], out=h_th[i])
            _heun_step((run[0], run[1], run[2]), c_act, dt, (h_th[0], h_th[1], h_th[2]), ws)
            if run is not state:
                state[:, active] = run
            if stop is not None:
                new = _stopped(stop, view, shape)[active]
                if np.any(new):
                    idx = active[new]
                    exited[idx] = True
                    exit_time[idx] = k * dt
                    keep = ~new
                    active = active[keep]
                    run = state[:, active]
                    c_act = tuple(x[keep] for x in c_act)
                    noise_act = noise_act[keep]
            if k % stride == 0:
                last = k // stride
                saved[last] = view
    saved[last + 1:] = view  # an early end: every sample is frozen at its exit
    if not np.all(np.isfinite(saved)):
        raise FloatingPointError("integrate_stochastic: the trajectory left the finite range")
    out = saved.transpose(1, 0, 2).reshape(shape + (n_out + 1, 3))
    return StochasticTrajectory(t=times, m=out, exit_time=exit_time.reshape(shape),
                                exited=exited.reshape(shape))
