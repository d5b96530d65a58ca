"""Contract of every public callable of spinlib.activation (DESIGN.md; issue 15), by hypothesis.

Valid input across the documented ranges (tiny barriers 1e-300 and 5e-324 included, |h| -> 1,
currents from just above the AP -> P critical current to 100, broadcasting) gives finite output
and no warning (warnings are errors here); invalid input (NaN, inf, bool, str, complex, None, out
of range, wrong shape) raises a ValueError naming the parameter as the caller spelled it and
quoting the value; physical parameters are keyword-only; sizes are refused up front.
"""

from __future__ import annotations

import inspect
import math
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import activation as act
from spinlib.validate import SpinlibInputError

FAST = settings(max_examples=40, deadline=None)
TINY = (1e-300, 5e-324)

# valid keyword arguments of each public function (the parameter under test is replaced)
_K = {"barrier": 5.0, "field": 0.1, "current": 0.2}
VALID = {
    "gmr_resistance": ((0.3,), {}),
    "electrospin_potential": ((0.3,), {"current": 0.2}),
    "electrospin_torque": ((0.3,), {"current": 0.2}),
    "potential": ((0.3,), {"field": 0.1, "current": 0.2, "field_angle": 0.0}),
    "stationary_points": ((), {"field": 0.1, "current": 0.2}),
    "critical_current_exact": ((), {"field": 0.1}),
    "barrier_heights": ((), {"field": 0.1, "current": 0.2}),
    "asymmetry_factors": ((), {"field": 0.1}),
    "critical_currents_linear": ((), {"field": 0.1}),
    "mean_first_passage_time": ((), {**_K, "initial": "P", "target": "top"}),
    "log_escape_time": ((), {**_K, "initial": "P", "method": "exact"}),
    "escape_time": ((), {"barrier": 5.0, "field": 0.1, "current": 0.2, "initial": "AP", "method": "brown"}),
    "escape_rate": ((), {"barrier": 5.0, "field": 0.1, "current": 0.2, "initial": "P", "method": "exact"}),
    "relaxation_rate": ((), {"barrier": 5.0, "field": 0.1, "current": 0.2}),
    "boltzmann_population": ((), {"barrier": 5.0, "field": 0.1, "current": 0.2, "state": "AP"}),
    "switching_probability": ((10.0,), {"barrier": 5.0, "field": 0.1, "current": 0.2, "initial": "P"}),
    "fluctuation_enhancement": ((), {"barrier": 5.0, "field": 0.1, "current": 0.2, "state": "P"}),
    "slope_asymmetry": ((), {"barrier": 20.0, "field": 0.1, "step": 1e-4}),
    "stochastic_escape_times": ((), {"barrier": 1.0, "n_samples": 2, "dt": 5e-3, "t_max": 1.0, "seed": 1}),
}
NUMERIC = {"barrier", "field", "current", "field_angle", "step", "dt", "t_max", "alpha", "hk"}
CHOICES = {"initial", "method", "target", "state"}


def _call(name, positional=None, **changes):
    args, kw = VALID[name]
    kw = {**kw, **changes}
    return getattr(act, name)(*(args if positional is None else positional), **kw)


def test_every_public_function_is_covered_and_keyword_only():
    funcs = {n for n in act.__all__ if inspect.isfunction(getattr(act, n))}
    assert funcs == set(VALID)
    for name in funcs:
        params = inspect.signature(getattr(act, name)).parameters.values()
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert set(positional) <= {"theta", "pulse"}, (name, positional)  # coordinates / the time axis


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_call_is_finite_without_warnings(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = _call(name)
    values = out.times if name == "stochastic_escape_times" else out
    values = list(values.values()) if isinstance(values, dict) else values
    assert np.all(np.isfinite(np.asarray(values, dtype=float)))


BAD_NUMBERS = [float("nan"), float("inf"), True, "1.0", 1j, None, np.array([[np.nan]])]


@pytest.mark.parametrize("name", sorted(VALID))
def test_bad_numbers_are_refused_naming_the_parameter(name):
    for param in sorted(set(VALID[name][1]) & NUMERIC):
        for bad in BAD_NUMBERS:
            with pytest.raises((ValueError, TypeError), match=param) as info:
                _call(name, **{param: bad})
            assert isinstance(info.value, SpinlibInputError)
    for param in sorted(set(VALID[name][1]) & CHOICES):
        for bad in ("p", None, True, 1, "exact " if param == "method" else "Exact"):
            with pytest.raises(ValueError, match=param):
                _call(name, **{param: bad})


@pytest.mark.parametrize(
    "name", ["gmr_resistance", "electrospin_potential", "electrospin_torque", "potential"]
)
def test_bad_theta_is_refused(name):
    for bad in (float("nan"), None, "0.1", True, 1j):
        with pytest.raises(ValueError, match="theta"):
            _call(name, positional=(bad,))


@pytest.mark.parametrize("name", ["switching_probability"])
def test_bad_pulse_is_refused(name):
    for bad in (float("nan"), -1.0, None, "1", True):
        with pytest.raises(ValueError, match="pulse"):
            _call(name, positional=(bad,))


@pytest.mark.parametrize(
    "name,kw",
    [("log_escape_time", {"barrier": np.ones(3), "field": np.zeros(2)}),
     ("barrier_heights", {"field": np.zeros(2), "current": np.zeros(3)}),
     ("potential", {"field": np.zeros(2), "current": np.zeros(3)}),
     ("switching_probability", {"barrier": np.ones(2)})],
)
def test_wrong_shapes_are_named(name, kw):
    positional = (np.linspace(0.1, 1.0, 4),) if name == "switching_probability" else None
    with pytest.raises(ValueError, match="broadcast") as info:
        _call(name, positional=positional, **kw)
    assert isinstance(info.value, SpinlibInputError)


@FAST
@given(barrier=st.sampled_from(TINY), field=st.floats(-0.999, 0.999), init=st.sampled_from(["P", "AP"]))
def test_tiny_barriers_are_exact_and_silent(barrier, field, init):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for m in act.METHODS:
            assert np.isfinite(act.log_escape_time(barrier=barrier, field=field, initial=init, method=m))
        assert float(act.relaxation_rate(barrier=barrier, field=field)) == pytest.approx(1.0, rel=1e-9)
        assert float(act.boltzmann_population(barrier=barrier, field=field, state="P")) == pytest.approx(
            (1 + field) / 2, rel=1e-9)
        p = act.switching_probability(1.0, barrier=barrier, field=field, initial=init)
        assert 0 <= p <= 1
        assert np.isfinite(act.mean_first_passage_time(barrier=barrier, field=field, initial=init))
        assert np.isfinite(act.fluctuation_enhancement(barrier=barrier, field=field, state=init))


def test_too_high_message_is_right_at_tiny_barriers():
    """Brown's prefactor sigma^(-3/2) overflows at sigma = 1e-300: the message must not say 'too high'."""
    with pytest.raises(ValueError, match="overflow") as info:
        act.escape_time(barrier=1e-300, method="brown")
    assert "too high" not in str(info.value) and "tiny barriers" in str(info.value)


def test_linear_method_far_outside_its_validity_is_refused():
    with pytest.raises(ValueError, match="current") as info:
        act.log_escape_time(barrier=20.0, current=50.0, method="linear")
    assert "linear critical current" in str(info.value) and "50.0" in str(info.value)


def test_sizes_are_capped_up_front():
    with pytest.raises(ValueError, match="n_samples"):
        act.stochastic_escape_times(barrier=1.0, n_samples=10**9, seed=1)
    with pytest.raises(ValueError, match="t_max"):
        act.stochastic_escape_times(barrier=1.0, n_samples=2, dt=1e-3, t_max=1e12, seed=1)
    with pytest.raises(ValueError, match="barrier"):  # eigenvalue beyond the float range
        act.relaxation_rate(barrier=1000.0, field=0.5)
    with pytest.raises(ValueError, match="barrier"):
        act.log_escape_time(barrier=1e4)


@settings(max_examples=25, deadline=None)
@given(h=st.sampled_from([-0.999999, -0.9999, 0.9999, 0.999999]), frac=st.floats(0.0, 1.0))
def test_barrier_heights_keep_relative_accuracy_near_the_field_limit(h, frac):
    """Against a 50-digit mpmath evaluation of the potential at its stationary points."""
    mp = pytest.importorskip("mpmath")
    mp.mp.dps = 50
    j = frac * 5.0
    dp, dap = act.barrier_heights(field=h, current=j)
    sp_ = act.stationary_points(field=h, current=j)
    H, J = mp.mpf(h), mp.mpf(j)
    u = lambda t: mp.sin(t) ** 2 - 2 * H * mp.cos(t) - J * (t - mp.sin(t))  # noqa: E731
    top = mp.findroot(lambda t: mp.diff(u, t), mp.mpf(float(sp_["theta_top"])))
    assert float(dp) == pytest.approx(float(u(top) - u(0)), rel=1e-9)
    assert float(dap) == pytest.approx(float(u(top) - u(mp.pi)), rel=1e-9)
    assert math.isfinite(float(dp))
