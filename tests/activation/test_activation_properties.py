"""Hypothesis property tests of every public function of spinlib.activation (the DESIGN.md contract).

Valid input across the documented ranges (barriers from tiny to 1000 E_a/k_BT, fields up to
|h| -> 1, currents from just above the AP -> P critical current to 100, broadcasting) gives finite
output and no warning (pytest turns RuntimeWarning into an error); invalid input raises a
ValueError (SpinlibInputError) naming the parameter as the caller spelled it and quoting the value.
``T = 0`` is ``barrier = inf``: refused (the escape time is infinite), with the parameter named.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import activation as act
from spinlib.validate import SpinlibInputError

FAST = settings(max_examples=60, deadline=None)

fields = st.one_of(st.floats(-0.999, 0.999), st.sampled_from([0.0, -0.999999, 0.999999, 1e-300]))
barriers = st.one_of(st.floats(1e-3, 1000.0), st.sampled_from([1e-300, 1.0, 60.0, 1000.0]))
methods = st.sampled_from(act.METHODS)
states = st.sampled_from(["P", "AP"])


@st.composite
def field_and_current(draw):
    h = draw(fields)
    crit = float(act.critical_current_exact(field=h))
    frac = draw(st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.0, 1e-9, 1.0])))
    j = crit + (100.0 - crit) * frac
    j = max(j, crit * (1 - 1e-6)) if crit < 0 else j  # strictly above the critical current
    if j <= crit:
        j = crit * (1 - 1e-6)
    return h, min(j, 100.0)


def _finite(*arrays):
    for a in arrays:
        assert np.all(np.isfinite(np.asarray(a, dtype=float)))


# --------------------------------------------------------------------------- valid input
@FAST
@given(theta=st.floats(-1e6, 1e6))
def test_gmr_resistance_bounded(theta):
    r = act.gmr_resistance(theta)
    _finite(r)
    assert 0 <= r <= 2


@FAST
@given(theta=st.floats(0.0, math.pi), j=st.floats(-1e300, 1e300))
def test_electrospin_potential_finite_and_zero_at_p(theta, j):
    if abs(j) > 1e300 / 4:
        j = math.copysign(1e300 / 4, j)
    _finite(act.electrospin_potential(theta, current=j))
    assert act.electrospin_potential(0.0, current=j) == 0.0


@FAST
@given(theta=st.floats(0.0, math.pi), h=st.floats(-1e3, 1e3), j=st.floats(-1e3, 1e3), phi=st.floats(-10, 10))
def test_potential_finite(theta, h, j, phi):
    assert np.all(np.isfinite(act.potential(theta, field=h, current=j, field_angle=phi)))


@FAST
@given(hj=field_and_current())
def test_stationary_points_ordered_and_barriers_positive(hj):
    h, j = hj
    sp_ = act.stationary_points(field=h, current=j)
    _finite(*sp_.values())
    assert sp_["theta_P"] == 0 and 0 < sp_["theta_top"] < sp_["theta_AP"] <= math.pi
    dp, dap = act.barrier_heights(field=h, current=j)
    _finite(dp, dap)
    assert dp > 0 and dap >= 0


@FAST
@given(h=fields)
def test_critical_currents_and_asymmetry_finite(h):
    ic = act.critical_current_exact(field=h)
    cp, cap = act.asymmetry_factors(field=h)
    icp, icap = act.critical_currents_linear(field=h)
    _finite(ic, cp, cap, icp, icap)
    assert ic < 0 and cp > 0 and cap > 0 and icp > 0 and icap < 0
    assert cp + cap == pytest.approx(math.pi, rel=1e-12)  # int_0^pi (1 - cos) = pi


@FAST
@given(s=barriers, hj=field_and_current(), init=states, method=methods)
def test_log_escape_time_finite_everywhere(s, hj, init, method):
    h, j = hj
    if method == "linear" and not _linear_valid(h, j, init):
        with pytest.raises(ValueError, match="current"):  # beyond the linear critical current
            act.log_escape_time(barrier=s, field=h, current=j, initial=init, method=method)
        return
    lt = act.log_escape_time(barrier=s, field=h, current=j, initial=init, method=method)
    _finite(lt)


def _linear_valid(h, j, init):
    cp, cap = act.asymmetry_factors(field=h)
    return bool((1 - h) ** 2 + j * cap >= 0) if init == "AP" else bool((1 + h) ** 2 - j * cp >= 0)


@settings(max_examples=30, deadline=None)
@given(s=st.floats(0.5, 60.0), h=st.floats(-0.9, 0.9), init=states)
def test_mfpt_and_escape_time_finite_below_overflow(s, h, init):
    t = act.mean_first_passage_time(barrier=s, field=h, initial=init)
    tau = act.escape_time(barrier=s, field=h, initial=init)
    _finite(t, tau)
    assert tau >= t  # into the other well (its most probable angle, the top itself without a second well)


@FAST
@given(
    t=st.one_of(st.floats(0.0, 1e300), st.sampled_from([0.0, 5e-324, 1e300])),
    s=barriers,
    hj=field_and_current(),
    init=states,
    method=st.sampled_from(["exact", "brown", "linear"]),
)
def test_switching_probability_is_a_probability(t, s, hj, init, method):
    h, j = hj
    if method == "linear" and not (_linear_valid(h, j, "P") and _linear_valid(h, j, "AP")):
        return
    p = act.switching_probability(t, barrier=s, field=h, current=j, initial=init, method=method)
    _finite(p)
    assert 0.0 <= p <= 1.0


@FAST
@given(s=barriers, hj=field_and_current(), state=states)
def test_fluctuation_enhancement_positive(s, hj, state):
    h, j = hj
    f = act.fluctuation_enhancement(barrier=s, field=h, current=j, state=state)
    _finite(f)
    assert f >= 0


def test_broadcasting():
    s = np.array([[5.0], [20.0]])
    j = np.array([0.0, 0.1, 0.3])
    lt = act.log_escape_time(barrier=s, current=j)
    assert lt.shape == (2, 3)
    for i in range(2):
        for k in range(3):
            assert lt[i, k] == pytest.approx(
                float(act.log_escape_time(barrier=s[i, 0], current=j[k])), rel=1e-13
            )
    assert act.switching_probability(np.array([1.0, 10.0]), barrier=s, current=j[:, None, None]).shape == (
        3,
        2,
        2,
    )
    assert act.stationary_points(field=np.array([0.0, 0.2]), current=np.array([[0.0], [0.1]]))[
        "theta_top"
    ].shape == (2, 2)


@settings(max_examples=5, deadline=None)
@given(seed=st.integers(0, 2**32 - 1))
def test_stochastic_escape_times_valid(seed):
    S = act.stochastic_escape_times(barrier=1.0, n_samples=20, dt=5e-3, t_max=5.0, seed=seed)
    _finite(S.times)
    assert np.all((S.times > 0) & (S.times <= 5.0))
    assert np.all(S.times[~S.escaped] == 5.0)


# --------------------------------------------------------------------------- invalid input
BAD = [float("nan"), float("inf"), -float("inf"), True, "1.0", 1j, None, [1.0, "x"]]


def _refusal(func, **kw) -> str:
    """What ``func(**kw)`` says when it refuses its input: the message of its SpinlibInputError
    (a ValueError)."""
    with pytest.raises(SpinlibInputError) as info:
        func(**kw)
    return str(info.value)


def _says(name, value, msg: str) -> bool:
    """Whether a refusal names the parameter ``name`` and quotes ``value`` (None and lists are not
    quoted)."""
    quoted = value is None or isinstance(value, list) or repr(value) in msg
    return re.search(name, msg) is not None and quoted


@pytest.mark.parametrize("bad", BAD + [0.0, -1.0, 1001.0])
def test_bad_barrier(bad):
    for f in (act.log_escape_time, act.escape_time, act.mean_first_passage_time, act.fluctuation_enhancement):
        assert _says("barrier", bad, _refusal(f, barrier=bad))
    assert _says("barrier", bad, _refusal(act.switching_probability, pulse=1.0, barrier=bad))


@pytest.mark.parametrize("bad", BAD + [1.0, -1.0, 1.5])
def test_bad_field(bad):
    for f in (
        act.stationary_points,
        act.barrier_heights,
        act.asymmetry_factors,
        act.critical_current_exact,
        act.critical_currents_linear,
    ):
        assert _says("field", bad, _refusal(f, field=bad))
    assert _says("field", bad, _refusal(act.log_escape_time, barrier=10.0, field=bad))
    assert _says("field", bad, _refusal(act.stochastic_escape_times, barrier=3.0, field=bad))


@pytest.mark.parametrize("bad", BAD + [-0.61, -5.0, 100.5])
def test_bad_current(bad):
    for f in (act.stationary_points, act.barrier_heights):
        assert _says("current", bad, _refusal(f, current=bad))
    assert _says("current", bad, _refusal(act.log_escape_time, barrier=10.0, current=bad))
    assert _says("current", bad, _refusal(act.switching_probability, pulse=1.0, barrier=10.0, current=bad))


@pytest.mark.parametrize("bad", BAD)
def test_bad_theta_and_potential_args(bad):
    assert _says("theta", bad, _refusal(act.gmr_resistance, theta=bad))
    assert _says("theta", bad, _refusal(act.potential, theta=bad))
    assert _says("current", bad, _refusal(act.electrospin_potential, theta=0.1, current=bad))
    assert _says("field_angle", bad, _refusal(act.potential, theta=0.1, field_angle=bad))


def test_bad_theta_out_of_range_and_choices():
    assert _says("theta", 4.0, _refusal(act.potential, theta=4.0))
    assert _says("theta", -0.1, _refusal(act.electrospin_potential, theta=-0.1, current=0.0))
    assert _says("initial", "X", _refusal(act.log_escape_time, barrier=5.0, initial="X"))
    assert _says("initial", 1, _refusal(act.escape_time, barrier=5.0, initial=1))
    assert _says("method", "kramers", _refusal(act.log_escape_time, barrier=5.0, method="kramers"))
    assert _says("state", None, _refusal(act.fluctuation_enhancement, barrier=5.0, state=None))
    assert _says("pulse", -1.0, _refusal(act.switching_probability, pulse=-1.0, barrier=5.0))
    assert _says("pulse", None, _refusal(act.switching_probability, pulse=None, barrier=5.0))


@pytest.mark.parametrize("bad", ["well ", None, True, 1, "AP"])
def test_bad_target(bad):
    assert _says("target", bad, _refusal(act.mean_first_passage_time, barrier=5.0, target=bad))


def test_quadrature_node_count_is_gone():
    """The quadrature adapts itself (no n_nodes: nothing to cap, issue 15)."""
    with pytest.raises(TypeError, match="n_nodes"):
        act.log_escape_time(barrier=5.0, n_nodes=10**9 + 1)


def test_bad_stochastic_args():
    kw = dict(barrier=3.0, n_samples=10, t_max=1.0)
    assert _says("barrier", 41.0, _refusal(act.stochastic_escape_times, **{**kw, "barrier": 41.0}))
    assert _says("alpha", 0.0, _refusal(act.stochastic_escape_times, **kw, alpha=0.0))
    assert _says("n_samples", 2.5, _refusal(act.stochastic_escape_times, **{**kw, "n_samples": 2.5}))
    assert _says("n_samples", 0, _refusal(act.stochastic_escape_times, **{**kw, "n_samples": 0}))
    assert _says("dt", -1.0, _refusal(act.stochastic_escape_times, **kw, dt=-1.0))
    assert _says("dt", 1.0, _refusal(act.stochastic_escape_times, **kw, dt=1.0))
    assert _says("t_max", None, _refusal(act.stochastic_escape_times, **{**kw, "t_max": None}))
    assert _says("hk", -1.0, _refusal(act.stochastic_escape_times, **kw, hk=-1.0))
    assert _says("seed", "x", _refusal(act.stochastic_escape_times, **kw, seed="x"))
    # a run that cannot finish is refused up front, naming the parameter (issue 15: 2e12 steps hung)
    assert _says("t_max", 1e10, _refusal(act.stochastic_escape_times, **{**kw, "t_max": 1e10}))


def test_overflowing_escape_time_refused_with_hint():
    with pytest.raises(SpinlibInputError, match="log_escape_time"):
        act.escape_time(barrier=1000.0)
    with pytest.raises(SpinlibInputError, match="log_escape_time"):
        act.mean_first_passage_time(barrier=1000.0)
