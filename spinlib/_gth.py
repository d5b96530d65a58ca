"""The Grassmann-Taksar-Heyman elimination behind :mod:`spinlib.markov`'s steady states (private).

Rates are stored as a stack of matrices ``(m, n, n)`` (dense) or of bands by rows ``(m, n, 2 b + 1)``
(``w[m, i, b + j - i]`` is the rate ``i -> j``). :func:`_solve` returns the stationary probabilities
(or their logarithms) of every chain of the stack; see the module docstring of :mod:`spinlib.markov`
for the method and its accuracy.
"""

from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sps
from scipy.sparse.csgraph import connected_components

from .validate import SpinlibInputError

_NO_EXPONENT = -(2**30)  # binary exponent of an exact zero in the back substitution

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
