"""spinlib.markov: the one steady-state solver (GTH elimination: banded, dense, batched entry points)
and the Gillespie sampler, against independent references: chains solved by hand (2 and 3 states,
the matrix-tree theorem), detailed balance (Boltzmann weights of a birth-death chain, also over
thousands of decades), 60-digit elimination (mpmath) and numpy's null vector of random generators.
"""

from __future__ import annotations

import numpy as np
import pytest

from spinlib import markov
from spinlib.validate import SpinlibInputError

RNG = np.random.default_rng(2024)


def all_entry_points(w):
    """The stationary distribution of the dense rates ``w`` by the three entry points."""
    n = w.shape[0]
    i, j = np.nonzero(~np.eye(n, dtype=bool))
    band = markov.band_storage(i, j, w[i, j], n_states=n)
    return {"dense": markov.stationary_dense(w), "batched": markov.stationary_batched(w[None])[0],
            "banded": markov.stationary_banded(band)}


# --------------------------------------------------------------------------- by hand
@pytest.mark.parametrize("a, c", [(1.0, 3.0), (2.0, 2.0), (1e-200, 1.0), (5.0, 1e-300)])
def test_two_state_chain_by_hand(a, c):
    """0 -> 1 at rate a, 1 -> 0 at rate c: P = (c, a) / (a + c)."""
    w = np.array([[0.0, a], [c, 0.0]])
    ref = np.array([c, a]) / (a + c)
    for name, p in all_entry_points(w).items():
        np.testing.assert_allclose(p, ref, rtol=1e-15, err_msg=name)


def test_three_state_chain_by_the_matrix_tree_theorem():
    """P_i is proportional to the sum over spanning trees directed into i of their rate products."""
    for _ in range(50):
        w = RNG.uniform(0, 1, (3, 3)) * (RNG.uniform(size=(3, 3)) < 0.8)
        w += 10.0 ** RNG.uniform(-5, 5, (3, 3)) * np.eye(3)  # the diagonal is ignored
        (w01, w02), (w10, w12), (w20, w21) = (w[0, 1], w[0, 2]), (w[1, 0], w[1, 2]), (w[2, 0], w[2, 1])
        trees = np.array([w10 * w20 + w10 * w21 + w12 * w20,
                          w01 * w21 + w01 * w20 + w02 * w21,
                          w02 * w12 + w02 * w10 + w01 * w12])
        if trees.min() <= 0:
            continue  # not one closed class spanning all states: tested below
        for name, p in all_entry_points(w).items():
            np.testing.assert_allclose(p, trees / trees.sum(), rtol=1e-14, err_msg=name)


def test_three_state_cycle():
    w = np.zeros((3, 3))
    w[0, 1], w[1, 2], w[2, 0] = 1.0, 2.0, 4.0
    for p in all_entry_points(w).values():
        np.testing.assert_allclose(p, np.array([4.0, 2.0, 1.0]) / 7.0, rtol=1e-15)


# --------------------------------------------------------------------------- detailed balance
@pytest.mark.parametrize("spread", [1.0, 30.0, 3000.0])
def test_birth_death_and_next_nearest_chain_is_boltzmann_to_full_relative_accuracy(spread):
    """Rates w_ij = g_ij exp(-(E_j - E_i)/2) with g symmetric satisfy detailed balance with
    P ~ exp(-E): the solver must give every probability to ~1e-14 relative, also those 1e-1000 below
    the largest (energies spread over `spread` units). Jumps of one and two places (b = 2)."""
    n = 400
    energy = np.cumsum(RNG.normal(0.0, spread / np.sqrt(n), n))
    src, dst, rate = [], [], []
    for d in (1, 2):
        g = RNG.uniform(0.1, 1.0, n - d)
        i = np.arange(n - d)
        src += [i, i + d]
        dst += [i + d, i]
        rate += [g * np.exp(-(energy[i + d] - energy[i]) / 2), g * np.exp(-(energy[i] - energy[i + d]) / 2)]
    src, dst, rate = np.concatenate(src), np.concatenate(dst), np.concatenate(rate)
    if not np.all(np.isfinite(rate)) or np.any(rate == 0):
        pytest.skip("rates beyond the float range for this draw")
    p = markov.stationary_banded(markov.band_storage(src, dst, rate, n_states=n))
    logp = -(energy - energy.min())
    ref = np.exp(logp - logp.max())
    ref /= ref.sum()
    big = ref > 1e-290
    np.testing.assert_allclose(p[big], ref[big], rtol=1e-12)
    assert np.all(p[~big] < 1e-280)
    # detailed balance of the result, flux by flux
    flux = p[src] * rate
    back = p[dst] * rate[np.lexsort((src, dst))][np.argsort(np.lexsort((dst, src)))]
    ok = (flux > 1e-280) & (p[dst] > 1e-290)
    np.testing.assert_allclose(flux[ok], back[ok], rtol=1e-11)


# --------------------------------------------------------------------------- other methods
def _gth_60_digits(w):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(60):
        n = w.shape[0]
        a = [[mpmath.mpf(float(w[i, j])) if i != j else mpmath.mpf(0) for j in range(n)] for i in range(n)]
        # independent of GTH: solve pi Q = 0 with sum pi = 1 by mpmath's LU in 60 digits
        q = mpmath.matrix(n, n)
        for i in range(n):
            for j in range(n):
                q[j, i] = a[i][j]
            q[i, i] = -mpmath.fsum(a[i])
        for j in range(n):
            q[n - 1, j] = 1
        sol = mpmath.lu_solve(q, mpmath.matrix([0] * (n - 1) + [1]))
        return np.array([float(x) for x in sol])


def test_random_dense_chains_against_60_digit_arithmetic():
    for _ in range(6):
        n = int(RNG.integers(3, 10))
        w = 10.0 ** RNG.uniform(-6, 3, (n, n)) * (RNG.uniform(size=(n, n)) < 0.7)
        np.fill_diagonal(w, 0.0)
        w[np.arange(n), (np.arange(n) + 1) % n] += 1.0  # a cycle: irreducible
        ref = _gth_60_digits(w)
        for name, p in all_entry_points(w).items():
            np.testing.assert_allclose(p, ref, rtol=1e-13, err_msg=name)


def test_batched_random_generators_against_numpy_null_vector():
    n, m = 12, 20
    w = RNG.uniform(0.2, 2.0, (m, n, n))
    p = markov.stationary_batched(w)
    for k in range(m):
        q = w[k].T.copy()
        np.fill_diagonal(q, 0.0)
        q -= np.diag(q.sum(axis=0))
        _, _, vh = np.linalg.svd(q)
        null = np.abs(vh[-1]) / np.abs(vh[-1]).sum()
        np.testing.assert_allclose(p[k], null, rtol=1e-10)
        np.testing.assert_allclose(p[k], markov.stationary_dense(w[k]), rtol=1e-15)
    assert markov.stationary_batched(w.reshape(4, 5, n, n)).shape == (4, 5, n)


def test_banded_equals_dense_on_random_banded_chains():
    for b in (1, 2, 3):
        n = 30
        w = np.zeros((n, n))
        for d in range(1, b + 1):
            i = np.arange(n - d)
            w[i, i + d] = RNG.uniform(0.01, 1, n - d)
            w[i + d, i] = RNG.uniform(0.01, 1, n - d)
        i, j = np.nonzero(w)
        band = markov.band_storage(i, j, w[i, j], n_states=n)
        assert band.shape == (2 * b + 1, n)
        np.testing.assert_allclose(markov.stationary_banded(band), markov.stationary_dense(w), rtol=1e-13)
        stack = np.stack([band, 2 * band])  # a stack of banded chains; doubling the rates keeps P
        np.testing.assert_allclose(markov.stationary_banded(stack)[1], markov.stationary_dense(w), rtol=1e-13)


# --------------------------------------------------------------------------- reducible chains
def test_one_closed_class_with_transient_states():
    """0 -> 1 <-> 2 <- 3: state 0 and 3 are transient, {1, 2} closed with P = (w21, w12)/(w12 + w21)."""
    w = np.zeros((4, 4))
    w[0, 1], w[1, 2], w[2, 1], w[3, 2] = 1.0, 2.0, 3.0, 5.0
    for name, p in all_entry_points(w).items():
        np.testing.assert_allclose(p, [0.0, 0.6, 0.4, 0.0], rtol=1e-15, atol=0, err_msg=name)


def test_several_closed_classes_are_refused():
    w = np.zeros((4, 4))
    w[0, 1], w[1, 0], w[2, 3], w[3, 2] = 1.0, 1.0, 1.0, 1.0
    with pytest.raises(SpinlibInputError, match="no unique steady state: 2 closed classes"):
        markov.stationary_dense(w)
    with pytest.raises(SpinlibInputError, match="no unique steady state"):
        markov.stationary_batched(np.stack([w + 1.0 - np.eye(4), w]))
    assert markov.stationary_dense(np.zeros((1, 1))).tolist() == [1.0]


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize("rates, name", [
    (np.array([[0.0, -1.0], [1.0, 0.0]]), "rates must be >= 0"),
    (np.array([[0.0, np.nan], [1.0, 0.0]]), "rates"),
    (np.zeros((2, 3)), "rates must have shape"),
    (np.zeros(3), "rates must have at least 2 dimensions"),
    (np.zeros((2, 2, 2)), "one \\(n, n\\) matrix"),
])
def test_dense_refuses(rates, name):
    with pytest.raises(SpinlibInputError, match=name):
        markov.stationary_dense(rates)


def test_banded_and_storage_refuse():
    with pytest.raises(SpinlibInputError, match="band must have shape"):
        markov.stationary_banded(np.ones((4, 5)))
    with pytest.raises(SpinlibInputError, match="band must hold rates >= 0"):
        markov.stationary_banded(-np.ones((3, 5)))
    with pytest.raises(SpinlibInputError, match="src and dst must lie"):
        markov.band_storage([0], [5], [1.0], n_states=3)
    with pytest.raises(SpinlibInputError, match="src and dst must differ"):
        markov.band_storage([1], [1], [1.0], n_states=3)
    with pytest.raises(SpinlibInputError, match="bandwidth"):
        markov.band_storage([0], [2], [1.0], n_states=3, bandwidth=1)
    with pytest.raises(SpinlibInputError, match="stored rates"):
        markov.stationary_batched(np.broadcast_to(np.ones((3, 3)), (10**7, 3, 3)))


# --------------------------------------------------------------------------- Gillespie
def test_gillespie_time_average_is_the_stationary_distribution():
    w = np.zeros((3, 3))
    w[0, 1], w[1, 0], w[1, 2], w[2, 1], w[2, 0] = 1.0, 0.5, 2.0, 1.0, 0.3
    i, j = np.nonzero(w)
    t, s = markov.gillespie(i, j, w[i, j], n_states=3, start=0, t_end=4e3, seed=7)
    dwell = np.bincount(s[:-1], weights=np.diff(t), minlength=3) / t[-1]
    np.testing.assert_allclose(dwell, markov.stationary_dense(w), atol=0.04)
    # jumps only along existing transitions, times increasing, reproducible
    assert np.all(w[s[:-1], s[1:]] > 0) and np.all(np.diff(t) > 0)
    t2, s2 = markov.gillespie(i, j, w[i, j], n_states=3, start=0, t_end=4e3, seed=7)
    np.testing.assert_array_equal(t, t2)
    np.testing.assert_array_equal(s, s2)


def test_gillespie_mean_waiting_time_is_one_over_the_exit_rate():
    t, s = markov.gillespie([0, 1], [1, 0], [4.0, 4.0], n_states=2, start=1, t_end=2e3, seed=3)
    assert np.mean(np.diff(t)) == pytest.approx(0.25, rel=0.04)


def test_gillespie_absorbing_state_and_bad_input():
    t, s = markov.gillespie([0], [1], [1.0], n_states=2, start=0, t_end=1e6, seed=1)
    assert s.tolist() == [0, 1] and t.size == 2
    for kwargs, name in (({"t_end": 0.0}, "t_end"), ({"start": 2}, "start"), ({"max_jumps": 0}, "max_jumps"),
                         ({"max_jumps": 10**9}, "max_jumps"), ({"seed": 1.5}, "seed")):
        args = {"n_states": 2, "start": 0, "t_end": 1.0, **kwargs}
        with pytest.raises(SpinlibInputError, match=name):
            markov.gillespie([0], [1], [1.0], **args)
    with pytest.raises(SpinlibInputError, match="rate must be >= 0"):
        markov.gillespie([0], [1], [-1.0], n_states=2, start=0, t_end=1.0)


# --------------------------------------------------------------------------- thin bands, logarithms
def test_thin_band_fast_paths_equal_the_numpy_kernel():
    """One chain with b = 1, 2, 3 (and b = 2 storage holding a b = 1 chain) takes the tight loops;
    a stack of one chain and itself takes the NumPy kernel: the two must agree to rounding, also
    with a zero rate upwards (states above it have P = 0) and on a reducible chain."""
    for b in (1, 2, 3, 7):
        for _ in range(4):
            n = int(RNG.integers(3, 60))
            w = np.zeros((n, n))
            for d in range(1, b + 1):
                i = np.arange(n - d)
                w[i, i + d] = 10.0 ** RNG.uniform(-3, 3, n - d) * (RNG.uniform(size=n - d) < 0.8)
                w[i + d, i] = 10.0 ** RNG.uniform(-3, 3, n - d)
            i, j = np.nonzero(w)
            band = markov.band_storage(i, j, w[i, j], n_states=n, bandwidth=b + 1)
            one = markov.stationary_banded(band)
            stack = markov.stationary_banded(np.stack([band, band]))[0]
            np.testing.assert_allclose(one, stack, rtol=1e-13, atol=0)
            np.testing.assert_allclose(one, markov.stationary_dense(w), rtol=1e-12, atol=0)
    # reducible: 0 <-> 1 <- 2 (2 transient), b = 1 and b = 2 fast paths
    w = np.zeros((3, 3))
    w[0, 1], w[1, 0], w[2, 1] = 1.0, 3.0, 1.0
    i, j = np.nonzero(w)
    for bw in (1, 2):
        p = markov.stationary_banded(markov.band_storage(i, j, w[i, j], n_states=3, bandwidth=bw))
        np.testing.assert_allclose(p, [0.75, 0.25, 0.0], rtol=1e-15, atol=0)


def _birth_death_logp_mpmath(up, down):
    mpmath = pytest.importorskip("mpmath")
    with mpmath.workdps(40):
        logs = [mpmath.mpf(0)]
        for a, c in zip(up, down, strict=True):
            logs.append(logs[-1] + mpmath.log(mpmath.mpf(float(a))) - mpmath.log(mpmath.mpf(float(c))))
        top = max(logs)
        norm = top + mpmath.log(mpmath.fsum(mpmath.exp(x - top) for x in logs))
        return np.array([float(x - norm) for x in logs])


@pytest.mark.parametrize("bandwidth", [1, 2, 3])
def test_log_probabilities_below_the_float_range_against_mpmath(bandwidth):
    """A metastable birth-death chain whose probabilities span ~1e-4000: stationary_banded returns 0
    for most states, log_stationary_banded their logarithms, checked against 40-digit arithmetic
    (P_k proportional to the product of up/down rate ratios, detailed balance)."""
    n = 900
    up = 10.0 ** RNG.uniform(-6, -2, n - 1)
    down = 10.0 ** RNG.uniform(1, 4, n - 1)
    src = np.r_[np.arange(n - 1), np.arange(1, n)]
    dst = np.r_[np.arange(1, n), np.arange(n - 1)]
    band = markov.band_storage(src, dst, np.r_[up, down], n_states=n, bandwidth=bandwidth)
    ref = _birth_death_logp_mpmath(up, down)
    assert ref.min() < -3000
    logp = markov.log_stationary_banded(band)
    np.testing.assert_allclose(logp, ref, rtol=1e-13, atol=1e-12)
    p = markov.stationary_banded(band)
    assert np.mean(p == 0.0) > 0.5  # most states below 1e-308 as floats
    big = ref > -700
    np.testing.assert_allclose(p[big], np.exp(ref[big]), rtol=1e-12)
    stack = markov.log_stationary_banded(np.stack([band, band]))  # the NumPy kernel
    np.testing.assert_allclose(stack[1], ref, rtol=1e-13, atol=1e-12)


def test_log_probabilities_of_transient_states_are_minus_infinity():
    w = np.zeros((4, 4))
    w[0, 1], w[1, 2], w[2, 1], w[3, 2] = 1.0, 2.0, 3.0, 5.0
    i, j = np.nonzero(w)
    logp = markov.log_stationary_banded(markov.band_storage(i, j, w[i, j], n_states=4))
    np.testing.assert_array_equal(np.isinf(logp), [True, False, False, True])
    np.testing.assert_allclose(logp[1:3], np.log([0.6, 0.4]), rtol=1e-15)
    with pytest.raises(SpinlibInputError, match="band"):
        markov.log_stationary_banded(np.full((3, 4), np.nan))
