"""Continuous-time Markov chains: steady state by GTH elimination, and Gillespie trajectories.

Topic-free machinery of the master equations (the nanomagnet chapter and any later one). A chain on ``n``
states is given by its rates ``w[i, j] >= 0`` of the jumps ``i -> j`` (the diagonal is ignored);
the master equation is ``dP_j/dt = sum_i P_i w[i, j] - P_j sum_i w[j, i]``.

**Steady state.**

One elimination, the Grassmann-Taksar-Heyman (GTH) form of Gaussian elimination, serves three
entry points: :func:`stationary_banded` (rates that link states at most ``b`` places apart, stored
by diagonals: ``O(n b^2)``), :func:`stationary_dense` (one chain, any rates) and
:func:`stationary_batched` (a stack of chains of the same size, vectorised over the stack). The
states are censored one by one from the last: the paths of the chain through state ``k`` become
direct rates between the states below it, and the pivot is the sum of ``k``'s remaining exit rates
(a sum of non-negative numbers, never a difference). Every probability then has full relative
accuracy, also the exponentially small ones of a metastable chain, and the back substitution carries
a binary exponent per state so that probabilities spread over thousands of decades neither
overflow nor underflow in the elimination (W. K. Grassmann, M. I. Taksar and D. P. Heyman, Oper.
Res. 33, 1107 (1985)).
No iteration and no pivoting: the chain decides the order. The probabilities returned are floats,
so those below the smallest one (``~1e-308``) come back as 0; :func:`log_stationary_banded` returns
their logarithms from the same elimination, which keep full accuracy there too.

One thin chain (a single band of width ``b <= 6``) runs the same elimination as a tight loop on
Python floats (``b = 1``: a vectorised cumulative product), which for ``n`` in the thousands is
several times faster than NumPy calls on ``b x b`` blocks.

A reducible chain is handled exactly: if it has one closed class of states its steady state is
that of the class (the other states are transient, probability 0); with several closed classes
the steady state is not unique and a :class:`~spinlib.validate.SpinlibInputError` says so.

**Trajectories.**

:func:`gillespie` draws one trajectory of the chain with Gillespie's exact algorithm (waiting times
exponential with the total exit rate, the jump chosen in proportion to its rate).
"""

from __future__ import annotations

import bisect

import numpy as np

from ._gth import _solve  # the elimination
from .validate import SpinlibInputError, count, finite, positive

__all__ = [
    "band_storage",
    "stationary_banded",
    "log_stationary_banded",
    "stationary_dense",
    "stationary_batched",
    "gillespie",
    "MAX_ELEMENTS",
    "MAX_JUMPS",
]

#: Largest number of stored rates (batch x states x band) the eliminations accept (~0.8 GB).
MAX_ELEMENTS = 10**8
#: Largest ``max_jumps`` :func:`gillespie` accepts.
MAX_JUMPS = 10**8

# ----------------------------------------------------------------------------- validation
def _rates_array(name, rates, *, min_ndim):
    r = finite(name, rates)
    if r.ndim < min_ndim:
        raise SpinlibInputError(f"{name} must have at least {min_ndim} dimensions; got shape {r.shape}")
    return r


def _check_size(name, elements):
    if elements > MAX_ELEMENTS:
        raise SpinlibInputError(f"{name} needs {elements:.3g} stored rates; at most {MAX_ELEMENTS:.0e} "
                                f"are accepted (memory)")


def band_storage(src, dst, rate, *, n_states, bandwidth=None):
    """Rates of a chain, given as a list of jumps, stored by diagonals for :func:`stationary_banded`.

    Parameters
    ----------
    src, dst : array_like of int, shape (m,)
        Source and target state of each jump, ``0 <= src, dst < n_states``, ``src != dst``.
    rate : array_like, shape (m,) or batch + (m,)
        Rate of each jump (inverse time, ``>= 0``); repeated pairs add up. Leading batch axes give a
        stack of chains with the same jumps and different rates.
    n_states : int
        Number of states ``n >= 1``.
    bandwidth : int, optional
        ``b >= max |dst - src|``; default: that maximum (at least 1).

    Returns
    -------
    ndarray, shape batch + (2 b + 1, n)
        ``band[..., b + d, i]`` is the rate ``i -> i + d`` (``-b <= d <= b``; zero on the diagonal
        ``d = 0`` and outside the chain).

    Examples
    --------
    >>> band_storage([0, 1], [1, 0], [2.0, 3.0], n_states=2)
    array([[0., 3.],
           [0., 0.],
           [2., 0.]])
    """
    n = count("n_states", n_states, minimum=1)
    s = np.asarray(src)
    d = np.asarray(dst)
    if s.ndim != 1 or d.shape != s.shape or not (np.issubdtype(s.dtype, np.integer) or s.size == 0) \
            or not (np.issubdtype(d.dtype, np.integer) or d.size == 0):
        raise SpinlibInputError(f"src and dst must be 1-d integer arrays of equal length; got shapes "
                                f"{s.shape}, {d.shape}")
    s, d = s.astype(np.int64), d.astype(np.int64)
    if s.size and (s.min() < 0 or d.min() < 0 or s.max() >= n or d.max() >= n):
        raise SpinlibInputError(f"src and dst must lie in 0..n_states-1 = 0..{n - 1}")
    if np.any(s == d):
        raise SpinlibInputError("src and dst must differ (a jump i -> i is not a jump)")
    r = _rates_array("rate", rate, min_ndim=1)
    if r.shape[-1] != s.size:
        raise SpinlibInputError(f"rate must have shape batch + ({s.size},) (one per jump); got {r.shape}")
    if np.any(r < 0):
        raise SpinlibInputError(f"rate must be >= 0; got min {float(r.min())!r}")
    widest = int(np.abs(d - s).max()) if s.size else 1
    b = max(widest, 1) if bandwidth is None else count("bandwidth", bandwidth, minimum=max(widest, 1))
    batch = r.shape[:-1]
    _check_size("band_storage", int(np.prod(batch, dtype=float)) * (2 * b + 1) * n)
    band = np.zeros(batch + (2 * b + 1, n))
    flat = band.reshape(-1, (2 * b + 1) * n)
    np.add.at(flat, (slice(None), (b + d - s) * n + s), r.reshape(-1, s.size))
    return band


# ----------------------------------------------------------------------------- entry points
def stationary_banded(band):
    """Stationary probabilities of a banded chain (or a stack of them), by GTH elimination.

    Parameters
    ----------
    band : array_like, shape batch + (2 b + 1, n)
        Rates by diagonals, as :func:`band_storage` returns them: ``band[..., b + d, i]`` is the
        rate ``i -> i + d`` (inverse time, ``>= 0``; the diagonal ``d = 0`` and entries that point
        outside the chain are ignored).

    Returns
    -------
    ndarray, shape batch + (n,)
        ``P >= 0`` with ``sum P = 1`` along the last axis; each entry to full relative accuracy.

    Raises
    ------
    SpinlibInputError
        Rates negative or not finite, a band of even height, too many elements, or no unique
        steady state (several closed classes of states).

    Notes
    -----
    The elimination of :func:`stationary_dense` restricted to the band: censoring state ``k``
    fills only the ``b x b`` block of states ``k - b .. k - 1``, so the band is kept and the cost is
    ``O(n b^2)``. The master equation of the nanomagnet chapter (Eq. (5) of Parcollet & Waintal (2006)) is
    banded with ``b = 2`` when its states are ordered by ``S_z``.

    Examples
    --------
    A birth-death chain ``0 <-> 1 <-> 2`` with up rates 1 and down rates 2: ``P`` is proportional
    to ``(1, 1/2, 1/4)``.

    >>> band = band_storage([0, 1, 1, 2], [1, 2, 0, 1], [1.0, 1.0, 2.0, 2.0], n_states=3)
    >>> np.round(stationary_banded(band) * 7, 12)
    array([4., 2., 1.])
    """
    w, batch = _band_rows(band)
    return _solve(w, dense=False).reshape(batch + (w.shape[1],))


def log_stationary_banded(band):
    """Natural logarithms of the stationary probabilities of a banded chain (or a stack of them).

    Parameters
    ----------
    band : array_like, shape batch + (2 b + 1, n)
        Rates by diagonals, as for :func:`stationary_banded`.

    Returns
    -------
    ndarray, shape batch + (n,)
        ``ln P`` (``-inf`` only where ``P`` is exactly zero: a transient state of a reducible chain
        or a state no path reaches), each to full relative accuracy of ``P`` (absolute accuracy of
        ``ln P``), also where ``P`` lies below the smallest float (``1e-308``) and
        :func:`stationary_banded` returns 0.

    Raises
    ------
    SpinlibInputError
        As :func:`stationary_banded`.

    Notes
    -----
    The same elimination: its back substitution already carries each ``P_k`` as a mantissa and a
    binary exponent, whose logarithm ``ln m + e ln 2`` never underflows.

    Examples
    --------
    A birth-death chain with up rate 1 and down rate ``1e10``: ``P_k ~ 1e-10k``, far below the
    float range at ``k = 40``, while its logarithm is ``-400 ln 10``.

    >>> n = 41
    >>> up, down = np.arange(n - 1), np.arange(1, n)
    >>> band = band_storage(np.r_[up, down], np.r_[down, up], np.r_[np.ones(n - 1), np.full(n - 1, 1e10)],
    ...                     n_states=n)
    >>> float(stationary_banded(band)[-1]), round(float(log_stationary_banded(band)[-1] / np.log(10)), 9)
    (0.0, -400.0)
    """
    w, batch = _band_rows(band)
    return _solve(w, dense=False, log=True).reshape(batch + (w.shape[1],))


def _band_rows(band):
    """Validated band storage, as rows ``w[m, i, b + d]`` = rate ``i -> i + d`` (cleared outside the
    chain and on the diagonal), and the batch shape."""
    r = _rates_array("band", band, min_ndim=2)
    height, n = r.shape[-2:]
    if height % 2 != 1 or n < 1:
        raise SpinlibInputError(f"band must have shape batch + (2 b + 1, n) with n >= 1; got {r.shape}")
    if np.any(r < 0):
        raise SpinlibInputError(f"band must hold rates >= 0; got min {float(r.min())!r}")
    batch = r.shape[:-2]
    _check_size("band", int(np.prod(batch, dtype=float)) * height * n)
    b = (height - 1) // 2
    w = np.ascontiguousarray(np.swapaxes(r.reshape((-1, height, n)), 1, 2))
    i = np.arange(n)[:, None]
    d = np.arange(-b, b + 1)[None, :]
    w[:, (i + d < 0) | (i + d >= n) | (d == 0)] = 0.0
    return w, batch


def stationary_batched(rates):
    """Stationary probabilities of a stack of chains with dense rate matrices, vectorised.

    Parameters
    ----------
    rates : array_like, shape batch + (n, n)
        ``rates[..., i, j]`` is the rate ``i -> j`` (inverse time, ``>= 0``; the diagonal is
        ignored).

    Returns
    -------
    ndarray, shape batch + (n,)
        The stationary distribution of each chain (``sum = 1`` along the last axis).

    Raises
    ------
    SpinlibInputError
        Rates negative or not finite, a non-square matrix, too many elements, or a chain with no
        unique steady state.

    Notes
    -----
    The GTH elimination of :func:`stationary_banded` with the band as wide as the chain, run on all
    chains of the stack at once (one Python loop over the states, ``O(batch n^3)`` arithmetic).

    Examples
    --------
    Two two-state chains with rates ``0 -> 1 = a``, ``1 -> 0 = c``: ``P = (c, a) / (a + c)``.

    >>> r = np.array([[[0.0, 1.0], [3.0, 0.0]], [[0.0, 2.0], [2.0, 0.0]]])
    >>> stationary_batched(r)
    array([[0.75, 0.25],
           [0.5 , 0.5 ]])
    """
    shape = np.shape(rates)
    if len(shape) >= 2:  # refuse an oversized stack before looking at its numbers
        _check_size("rates", float(np.prod(shape[:-2], dtype=float)) * shape[-1] * (2 * shape[-1] + 1))
    r = _rates_array("rates", rates, min_ndim=2)
    if r.shape[-1] != r.shape[-2] or r.shape[-1] < 1:
        raise SpinlibInputError(f"rates must have shape batch + (n, n); got {r.shape}")
    n = r.shape[-1]
    batch = r.shape[:-2]
    off = ~np.eye(n, dtype=bool)
    if np.any(r[..., off] < 0):
        raise SpinlibInputError(f"rates must be >= 0 off the diagonal; got min {float(r[..., off].min())!r}")
    w = np.array(r.reshape((-1, n, n)), dtype=float)  # a copy: the elimination works in place
    w[:, np.arange(n), np.arange(n)] = 0.0
    return _solve(w, dense=True).reshape(batch + (n,))


def stationary_dense(rates):
    """Stationary probabilities of one chain with a dense rate matrix, by GTH elimination.

    Parameters
    ----------
    rates : array_like, shape (n, n)
        ``rates[i, j]`` is the rate ``i -> j`` (inverse time, ``>= 0``; the diagonal is ignored).
        For a generator ``Q`` with ``dP/dt = Q P`` pass ``Q.T``.

    Returns
    -------
    ndarray, shape (n,)
        ``P >= 0``, ``sum P = 1``, each entry to full relative accuracy.

    Raises
    ------
    SpinlibInputError
        As :func:`stationary_batched`; also for a stack (use :func:`stationary_batched`).

    Notes
    -----
    :func:`stationary_batched` with an empty batch: the same elimination.

    Examples
    --------
    A three-state cycle ``0 -> 1 -> 2 -> 0`` with rates 1, 2, 4 spends time in proportion to the
    inverse rates: ``P = (4, 2, 1) / 7``.

    >>> r = np.zeros((3, 3))
    >>> r[0, 1], r[1, 2], r[2, 0] = 1.0, 2.0, 4.0
    >>> np.round(stationary_dense(r) * 7, 12)
    array([4., 2., 1.])
    """
    r = _rates_array("rates", rates, min_ndim=2)
    if r.ndim != 2:
        raise SpinlibInputError(f"rates must be one (n, n) matrix (stationary_batched takes stacks); "
                                f"got shape {r.shape}")
    return stationary_batched(r)


# ----------------------------------------------------------------------------- trajectories
def gillespie(src, dst, rate, *, n_states, start, t_end, seed=None, max_jumps=2_000_000):
    """One trajectory of a continuous-time Markov chain (Gillespie's exact algorithm).

    Parameters
    ----------
    src, dst : array_like of int, shape (m,)
        Source and target state of each jump (``0 <= src, dst < n_states``).
    rate : array_like, shape (m,)
        Rate of each jump (inverse time, ``>= 0``).
    n_states : int
        Number of states.
    start : int
        Initial state.
    t_end : float
        Duration (``> 0``, same time unit as ``1/rate``).
    seed : int, numpy.random.Generator or None
        Random source (an int gives a reproducible trajectory).
    max_jumps : int
        Stop after this many jumps (``1 .. MAX_JUMPS``); the trajectory then ends before ``t_end``.

    Returns
    -------
    times : ndarray (k + 1,)
        ``0`` and the time of each jump (``< t_end``).
    states : ndarray of int (k + 1,)
        The state from each time on (piecewise constant).

    Notes
    -----
    From state ``i`` the waiting time is exponential with rate ``sum_j w[i, j]`` and the jump goes
    to ``j`` with probability ``w[i, j] / sum_j w[i, j]`` (D. T. Gillespie, J. Phys. Chem. 81,
    2340 (1977)). An absorbing state ends the trajectory.

    Examples
    --------
    >>> t, s = gillespie([0, 1], [1, 0], [1.0, 1.0], n_states=2, start=0, t_end=5.0, seed=1)
    >>> bool(t[0] == 0.0 and np.all(np.diff(t) > 0) and t[-1] < 5.0), int(s[0])
    (True, 0)
    >>> bool(np.all(s[1:] != s[:-1]))  # a two-state chain alternates
    True
    """
    n = count("n_states", n_states, minimum=1)
    s = np.asarray(src)
    d = np.asarray(dst)
    r = _rates_array("rate", rate, min_ndim=1)
    if s.ndim != 1 or d.shape != s.shape or r.shape != s.shape:
        raise SpinlibInputError(f"src, dst and rate must be 1-d of equal length; got shapes {s.shape}, "
                                f"{d.shape}, {r.shape}")
    if s.size and (not np.issubdtype(s.dtype, np.integer) or not np.issubdtype(d.dtype, np.integer)
                   or s.min() < 0 or d.min() < 0 or s.max() >= n or d.max() >= n):
        raise SpinlibInputError(f"src and dst must be integers in 0..n_states-1 = 0..{n - 1}")
    if np.any(r < 0):
        raise SpinlibInputError(f"rate must be >= 0; got min {float(r.min())!r}")
    state = count("start", start, minimum=0, maximum=n - 1)
    tend = float(positive("t_end", t_end))
    nmax = count("max_jumps", max_jumps, minimum=1, maximum=MAX_JUMPS)
    if seed is not None and not isinstance(seed, np.random.Generator):
        seed = count("seed", seed)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    keep = r > 0
    s, d, r = s[keep], d[keep], r[keep]
    order = np.argsort(s, kind="stable")
    s, d, r = s[order], d[order], r[order]
    first = np.searchsorted(s, np.arange(n + 1))
    cum = np.cumsum(r)
    times, states = [0.0], [state]
    t = 0.0
    table = {}  # per visited state: (total exit rate, cumulative rates, targets) as Python objects
    exponential, uniform = rng.exponential, rng.random
    for _ in range(nmax):
        entry = table.get(state)
        if entry is None:
            lo, hi = int(first[state]), int(first[state + 1])
            if hi == lo:  # absorbing state
                break
            base = cum[lo - 1] if lo > 0 else 0.0
            entry = (float(cum[hi - 1] - base), (cum[lo:hi] - base).tolist(), d[lo:hi].tolist())
            table[state] = entry
        total, steps, targets = entry
        t += exponential(1.0 / total)
        if t > tend:
            break
        k = bisect.bisect_right(steps, uniform() * total)
        state = targets[min(k, len(targets) - 1)]
        times.append(t)
        states.append(state)
    return np.array(times), np.array(states)
