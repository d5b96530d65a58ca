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
import math

import numpy as np
import scipy.sparse as sps
from scipy.sparse.csgraph import connected_components

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

_NO_EXPONENT = -(2**30)  # binary exponent of an exact zero in the back substitution


class _Reducible(Exception):
    """Internal: a zero pivot (some states cannot leave towards the ones below them)."""


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


# ----------------------------------------------------------------------------- the elimination
def _as_matrix(w):
    """View of rows-of-band storage ``w[m, i, b + j - i]`` as matrices ``v[m, i, j]``.

    One strided view (no copy): ``v[:, i, j]`` is the rate ``i -> j`` wherever ``|j - i| <= b``;
    entries farther from the diagonal alias other storage and must not be used.
    """
    m, n, width = w.shape
    b = (width - 1) // 2
    s0, s1, s2 = w.strides
    return np.lib.stride_tricks.as_strided(w[:, 0, b:], shape=(m, n, n), strides=(s0, s1 - s2, s2),
                                           writeable=True)


def _eliminate(v, b):
    """GTH elimination of a stack of chains: the one kernel of the three entry points.

    ``v[m, i, j]`` is the rate ``i -> j`` (shape (m, n, n), modified in place), nonzero only for
    ``|i - j| <= b``, and only those entries are ever read or written: ``v`` may be a plain stack of
    matrices (dense, ``b = n - 1``) or the strided view :func:`_as_matrix` of band storage.
    Returns the stationary probabilities, shape (m, n), and a boolean (m,) that marks the chains
    met with a zero pivot (reducible; their row is meaningless).
    """
    m, n, _ = v.shape
    exits = np.ones((m, n))
    with np.errstate(divide="ignore", invalid="ignore"):  # a zero pivot spoils its own chain only
        for k in range(n - 1, 0, -1):  # censor state k
            lo = max(0, k - b)
            down = v[:, k, lo:k]  # rates k -> lo..k-1
            total = down.sum(axis=1)
            exits[:, k] = total
            # paths i -> k -> j become direct rates i -> j (i, j in lo..k-1; the band is kept)
            v[:, lo:k, lo:k] += v[:, lo:k, k, None] * (down / total[:, None])[:, None, :]
    bad = ~np.all(exits > 0.0, axis=1)
    exits[bad] = 1.0
    # back substitution P_k = sum_i P_i w[i, k] / exit_k, each P_k as mantissa x 2^exponent
    mant = np.zeros((m, n))
    expo = np.full((m, n), _NO_EXPONENT, dtype=np.int64)
    mant[:, 0], expo[:, 0] = 0.5, 1
    for k in range(1, n):
        lo = max(0, k - b)
        e = expo[:, lo:k]
        top = e.max(axis=1)
        terms = np.ldexp(mant[:, lo:k], np.maximum(e - top[:, None], -1100).astype(np.int32))
        mk, ek = np.frexp(np.einsum("mi,mi->m", terms, v[:, lo:k, k]) / exits[:, k])
        mant[:, k] = mk
        expo[:, k] = np.where(mk != 0.0, top + ek, _NO_EXPONENT)
    return mant, expo, bad


def _eliminate_one(w, b):
    """The elimination of :func:`_eliminate` for one banded chain, on Python floats.

    ``w`` is rows-of-band storage ``(n, 2 b + 1)`` (``w[i, b + d]`` the rate ``i -> i + d``, cleared
    outside the chain and on the diagonal). The same censoring and back substitution, operation by
    operation, but as a tight loop over a few floats per state instead of NumPy calls on ``b x b``
    blocks (whose fixed cost per call dominated a thin band: ~15 us x n). Returns ``(mant, expo,
    bad)`` shaped like :func:`_eliminate`'s for a stack of one.
    """
    n = w.shape[0]
    rows = w.tolist()
    exits = [1.0] * n
    bad = False
    for k in range(n - 1, 0, -1):  # censor state k
        lo = k - b if k > b else 0
        down = rows[k][b - k + lo:b]  # rates k -> lo..k-1
        total = sum(down)
        if not total > 0.0:
            bad = True
            break
        exits[k] = total
        frac = [d / total for d in down]
        for i in range(lo, k):  # paths i -> k -> j become direct rates i -> j
            row = rows[i]
            vik = row[b + k - i]
            if vik:
                base = b - i + lo
                for jj, f in enumerate(frac):
                    row[base + jj] += vik * f  # the diagonal entry (j = i) is never read
    mant = np.zeros((1, n))
    expo = np.full((1, n), _NO_EXPONENT, dtype=np.int64)
    if bad:
        return mant, expo, np.array([True])
    ms, es = [0.0] * n, [_NO_EXPONENT] * n
    ms[0], es[0] = 0.5, 1
    ldexp, frexp = math.ldexp, math.frexp
    for k in range(1, n):  # back substitution, P_k = sum_i P_i w[i, k] / exit_k as mantissa x 2^exponent
        lo = k - b if k > b else 0
        top = max(es[lo:k])
        acc = 0.0
        for i in range(lo, k):
            e = es[i] - top
            acc += ldexp(ms[i], e if e > -1100 else -1100) * rows[i][b + k - i]
        mk, ek = frexp(acc / exits[k])
        ms[k] = mk
        es[k] = top + ek if mk != 0.0 else _NO_EXPONENT
    mant[0] = ms
    expo[0] = es
    return mant, expo, np.array([False])


def _eliminate_two(w):
    """:func:`_eliminate_one` unrolled for ``b = 2`` (the master equation of a grain with a bath):
    censoring ``k`` adds ``k - 2 -> k -> k - 1`` and ``k - 1 -> k -> k - 2`` (two products per
    state), on the four diagonals held as Python lists."""
    n = w.shape[0]
    dm2, dm1, dp1, dp2 = (w[:, c].tolist() for c in (0, 1, 3, 4))
    exits = [1.0] * n
    mant = np.zeros((1, n))
    expo = np.full((1, n), _NO_EXPONENT, dtype=np.int64)
    for k in range(n - 1, 1, -1):
        d0, d1 = dm2[k], dm1[k]  # rates k -> k - 2, k -> k - 1
        total = d0 + d1
        if not total > 0.0:
            return mant, expo, np.array([True])
        exits[k] = total
        f0, f1 = d0 / total, d1 / total
        dp1[k - 2] += dp2[k - 2] * f1  # k - 2 -> k -> k - 1
        dm1[k - 1] += dp1[k - 1] * f0  # k - 1 -> k -> k - 2
    if not dm1[1] > 0.0:
        return mant, expo, np.array([True])
    exits[1] = dm1[1]
    ms, es = [0.0] * n, [_NO_EXPONENT] * n
    ms[0], es[0] = 0.5, 1
    ldexp, frexp = math.ldexp, math.frexp
    mk, ek = frexp(ldexp(0.5, 0) * dp1[0] / exits[1])
    ms[1], es[1] = mk, (1 + ek if mk != 0.0 else _NO_EXPONENT)
    for k in range(2, n):  # P_k = (P_{k-2} w[k-2, k] + P_{k-1} w[k-1, k]) / exit_k
        ea, eb = es[k - 2], es[k - 1]
        top = ea if ea > eb else eb
        ea, eb = ea - top, eb - top
        acc = ldexp(ms[k - 2], ea if ea > -1100 else -1100) * dp2[k - 2]
        acc += ldexp(ms[k - 1], eb if eb > -1100 else -1100) * dp1[k - 1]
        mk, ek = frexp(acc / exits[k])
        ms[k] = mk
        es[k] = top + ek if mk != 0.0 else _NO_EXPONENT
    mant[0] = ms
    expo[0] = es
    return mant, expo, np.array([False])


def _birth_death(w):
    """The elimination for one tridiagonal chain (``b = 1``), vectorised.

    With ``b = 1`` censoring state ``k`` leaves the exit rate ``k -> k - 1`` and touches only the
    (unused) diagonal, so the back substitution is ``P_k = P_{k-1} w[k-1, k] / w[k, k-1]``: a
    cumulative product, here of the ratios' binary mantissas in blocks of 256 (which cannot
    underflow: each is >= 1/2) with the integer exponents summed exactly.
    """
    n = w.shape[0]
    mant = np.zeros((1, n))
    expo = np.full((1, n), _NO_EXPONENT, dtype=np.int64)
    down = w[1:, 0]
    if not np.all(down > 0.0):
        return mant, expo, np.array([True])
    m, e = np.frexp(w[:-1, 2] / down)
    ms = np.empty(n)
    es = np.empty(n, dtype=np.int64)
    ms[0], es[0] = 0.5, 1
    carry_m, carry_e = 0.5, 1
    for start in range(0, n - 1, 256):
        block = carry_m * np.cumprod(m[start:start + 256])
        bm, be = np.frexp(block)
        ms[start + 1:start + 1 + block.size] = bm
        es[start + 1:start + 1 + block.size] = carry_e + np.cumsum(e[start:start + 256]) + be
        carry_m = float(ms[start + block.size])
        carry_e = int(es[start + block.size])
        if carry_m == 0.0:
            break
    zero = ms == 0.0
    if np.any(zero):  # a zero rate upwards: every state above it has probability 0
        first = int(np.argmax(zero))
        ms[first:] = 0.0
        es[first:] = _NO_EXPONENT
    mant[0], expo[0] = ms, es
    return mant, expo, np.array([False])


def _normalised(mant, expo, *, log=False):
    """Probabilities (or their natural logarithms) from mantissas and binary exponents, summing to 1."""
    top = expo.max(axis=1, keepdims=True)
    p = np.ldexp(mant, np.maximum(expo - top, -1100).astype(np.int32))
    total = p.sum(axis=1, keepdims=True)
    if not log:
        return p / total
    out = np.full(mant.shape, -np.inf)
    pos = mant > 0
    lm = np.log(np.where(pos, mant, 1.0))
    out[pos] = (lm + (expo - top).astype(float) * np.log(2.0) - np.log(total))[pos]
    return out


def _closed_class(src, dst, rate, n):
    """States of the one closed class of the jumps (rate > 0), or refuse several."""
    keep = rate > 0
    graph = sps.csr_matrix((np.ones(int(keep.sum())), (src[keep], dst[keep])), shape=(n, n))
    n_comp, label = connected_components(graph, directed=True, connection="strong")
    leaves = np.ones(n_comp, dtype=bool)  # a class is closed if no jump leaves it
    out = label[src[keep]] != label[dst[keep]]
    leaves[label[src[keep]][out]] = False
    closed = np.nonzero(leaves)[0]
    if closed.size != 1:
        raise SpinlibInputError(f"the chain has no unique steady state: {closed.size} closed classes of "
                                f"states (no jump leads from one to another)")
    return np.nonzero(label == closed[0])[0]


def _solve_reducible(src, dst, rate, n):
    """Steady state of one reducible chain: that of its closed class, zero elsewhere.

    Returns ``(mant, expo)`` of shape (n,) (transient states: mantissa 0)."""
    states = _closed_class(src, dst, rate, n)
    where = np.full(n, -1)
    where[states] = np.arange(states.size)
    inside = (where[src] >= 0) & (where[dst] >= 0) & (rate > 0)
    s, d = where[src[inside]], where[dst[inside]]
    width = max(int(np.abs(d - s).max()) if s.size else 1, 1)
    w = np.zeros((1, states.size, 2 * width + 1))
    np.add.at(w, (0, s, width + d - s), rate[inside])
    mant, expo = np.zeros(n), np.full(n, _NO_EXPONENT, dtype=np.int64)
    if states.size == 1:
        mant[states], expo[states] = 0.5, 1
        return mant, expo
    m, e, bad = _kernel(w, dense=False)
    if bad[0]:  # an irreducible class met a zero pivot: rates below the float range
        raise SpinlibInputError("the chain has no unique steady state in floating point: some rates "
                                "underflow (a closed class cannot be solved)")
    mant[states], expo[states] = m[0], e[0]
    return mant, expo


#: Widest band solved by the tight loop of :func:`_eliminate_one` (wider bands: the NumPy kernel).
_LOOP_MAX_BAND = 6


def _kernel(w, *, dense):
    """Mantissas, exponents and zero-pivot flags of a stack of matrices (``dense``) or of bands
    by rows ``(m, n, 2 b + 1)``. One thin band goes to the tight loop (``b <= 1``: the vectorised
    birth-death product), after trimming diagonals that hold only zeros."""
    m, n, width = w.shape
    if not dense and m == 1:
        b = (width - 1) // 2
        used = np.nonzero(np.any(w[0] != 0.0, axis=0))[0]
        b_eff = max(int(np.abs(used - b).max()) if used.size else 1, 1)
        band = w[0, :, b - b_eff:b + b_eff + 1]
        if b_eff == 1:
            return _birth_death(band)
        if b_eff == 2:
            return _eliminate_two(band)
        if b_eff <= _LOOP_MAX_BAND:
            return _eliminate_one(band, b_eff)
    if dense:
        return _eliminate(w, n - 1)
    return _eliminate(_as_matrix(w), (width - 1) // 2)


def _solve(w, *, dense, log=False):
    """Run the kernel on a stack of matrices (``dense``) or of bands by rows (m, n, 2b+1);
    reducible chains are then solved one by one. Probabilities, or their logarithms (``log``)."""
    m, n, width = w.shape
    if n == 1:
        return np.zeros((m, 1)) if log else np.ones((m, 1))
    original = w.copy()
    mant, expo, bad = _kernel(w, dense=dense)
    for k in np.nonzero(bad)[0]:
        if dense:
            i, j = np.nonzero(original[k] > 0)
        else:
            i, off = np.nonzero(original[k] > 0)
            j = i + off - (width - 1) // 2
        keep = i != j
        rates = original[k][i[keep], (j if dense else off)[keep]]
        mant[k], expo[k] = _solve_reducible(i[keep], j[keep], rates, n)
    return _normalised(mant, expo, log=log)


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
