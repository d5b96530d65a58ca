"""The 1-D flow machinery (spinlib.macrospin.flow) shared by uniaxial and the reduced nanomagnet model."""

import numpy as np
import pytest

from spinlib.macrospin.flow import flow_target, quadratic_roots, quasi_static_sweep
from spinlib.validate import SpinlibInputError


def test_roots_against_numpy_and_vieta():
    rng = np.random.default_rng(0)
    a, b, c = rng.uniform(0.1, 3, 200), rng.normal(size=200) * 5, rng.normal(size=200)
    lo, hi, real = quadratic_roots(a, b, c)
    for k in np.flatnonzero(real):
        ref = np.sort(np.roots([a[k], b[k], c[k]]).real)
        np.testing.assert_allclose([lo[k], hi[k]], ref, rtol=1e-10, atol=1e-12)
    np.testing.assert_array_equal(real, b * b - 4 * a * c >= 0)


def test_small_root_keeps_its_relative_accuracy():
    lo, hi, _ = quadratic_roots(1.0, 1e9, 1.0)  # roots -1e9 and -1e-9 (the textbook form gives 0)
    assert hi == pytest.approx(-1e-9, rel=1e-15) and lo == pytest.approx(-1e9, rel=1e-15)


def test_double_root_linear_case_and_zero():
    lo, hi, real = quadratic_roots(0.5, -2.0, 2.0)  # 0.5 (u - 2)^2
    assert real and lo == hi == 2.0
    lo, hi, _ = quadratic_roots(0.0, 2.0, -1.0)  # linear: root 0.5 and the root at -inf
    assert (lo, hi) == (-np.inf, 0.5)
    lo, hi, _ = quadratic_roots(0.0, -2.0, -1.0)
    assert (lo, hi) == (-0.5, np.inf)
    assert quadratic_roots(1.0, 0.0, 0.0)[:2] == (0.0, 0.0)


@pytest.mark.parametrize("kw, name", [(dict(a=-1.0, b=1.0, c=0.0), "a"), (dict(a=0.0, b=0.0, c=1.0), "b"),
                                      (dict(a=1.0, b=np.nan, c=0.0), "b"),
                                      (dict(a=[1, 1], b=[1, 1, 1], c=0), "broadcast")])
def test_roots_refuse_bad_input(kw, name):
    with pytest.raises(SpinlibInputError, match=name):
        quadratic_roots(**kw)


def test_flow_target_rules():
    pts = np.ma.masked_array(np.tile([-0.5, 0.1, 0.7], (4, 1)), mask=np.tile([False, True, False], (4, 1)))
    u = np.array([0.2, 0.2, 0.2, 0.9])
    d = np.array([1.0, -1.0, 0.0, 1.0])
    np.testing.assert_array_equal(flow_target(u, d, pts), [0.7, -0.5, 0.2, 1.0])
    # gap: a fixed point within the gap of the state is not in the way
    assert float(flow_target(0.1, 1.0, [0.1 + 1e-13, 0.5], gap=1e-12)) == 0.5
    assert float(flow_target(0.1, 1.0, [0.1 + 1e-13, 0.5])) == 0.1 + 1e-13


def test_quasi_static_sweep_square_loop_and_batch():
    # du/dt = (1 - u^2)(u + h): u = +1 stable for h > -1, u = -1 for h < 1; bistable in between
    hs = np.concatenate([np.linspace(-2, 2, 9), np.linspace(2, -2, 9)])
    h0 = np.array([0.0, 0.5])  # a batch: a field offset per loop

    def pts(k):
        return np.ma.masked_outside((-(hs[k] + h0))[:, None], -1.0, 1.0)

    u = quasi_static_sweep(np.array([-1.0, -1.0]), n_steps=hs.size, fixed_points=pts,
                           move=lambda k, u: (u, np.sign(u + hs[k] + h0)))
    assert u.shape == (2, hs.size)
    up = (hs + h0[:, None] > 1)[:, :9]  # switched up once h + h0 > 1
    np.testing.assert_array_equal(u[:, :9] > 0, up)
    np.testing.assert_array_equal(u[:, 9:] > 0, (hs + h0[:, None] >= -1)[:, 9:])


def test_quasi_static_sweep_refuses():
    with pytest.raises(SpinlibInputError, match="n_steps"):
        quasi_static_sweep(0.0, n_steps=0, fixed_points=lambda k: [0.0], move=lambda k, u: (u, 0.0))
    with pytest.raises(SpinlibInputError, match="callables"):
        quasi_static_sweep(0.0, n_steps=1, fixed_points=None, move=lambda k, u: (u, 0.0))
