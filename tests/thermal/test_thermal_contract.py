"""Contract of every public callable of spinlib.thermal (DESIGN.md): valid input (T = 0 where
allowed, broadcasting, edges) gives finite output without warnings; invalid input (NaN, inf,
bool, str, complex, None, wrong shape, out of range) raises a ValueError that names the
parameter as the caller spelled it and quotes the value; physical parameters are keyword-only."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import thermal as th
from spinlib.validate import SpinlibInputError

P = th.ThermalMacrospin()
PB = th.ThermalMacrospin(hk=0.8, field=0.1, alpha=0.1, q=1.2, A=1.0, B=0.3)
_TK = {"params": P, "temperature": 0.05}
VALID = {
    "spin_torque_potential": ((0.3,), {"params": PB}),
    "effective_energy": ((0.3,), {"params": PB, "current": 0.02}),
    "polar_drift": ((0.3,), {"params": PB, "current": 0.02}),
    "diffusion_constant": ((), _TK),
    "free_diffusion_time": ((), _TK),
    "critical_current": ((), {"params": PB}),
    "barrier": ((), {"params": PB, "current": 0.02}),
    "stability_factor": ((), {**_TK, "current": 0.02}),
    "attempt_time": ((), _TK),
    "retention_time": ((), _TK),
    "neel_brown_time": ((), {**_TK, "current": 0.02, "exponent": 2}),
    "escape_time": ((), {**_TK, "current": 0.02}),
    "mean_first_passage_time_top": ((), {**_TK, "current": 0.02}),
    "polar_generator": (
        (),
        {**_TK, "current": 0.02, "threshold": 0.0, "n_nodes": 40, "initial": "boltzmann"},
    ),
    "switching_spectrum": ((), {**_TK, "current": 0.02, "threshold": 0.0, "n_nodes": 40, "initial": "pole"}),
    "write_error_rate": ((10.0,), {**_TK, "current": 0.08, "threshold": 0.0, "n_nodes": 40}),
    "switching_probability": ((10.0,), {**_TK, "current": 0.08, "threshold": 0.0, "n_nodes": 40}),
    "mean_switching_time": ((), {**_TK, "current": 0.08, "threshold": 0.0, "n_nodes": 40}),
    "median_switching_time": ((), {**_TK, "current": 0.08, "threshold": 0.0, "n_nodes": 40}),
    "thermal_switching_probability": ((10.0,), {**_TK, "current": 0.02, "form": "exact"}),
    "precessional_growth_rate": ((), {"params": P, "current": 0.1}),
    "precessional_switching_time": ((0.1,), {"params": P, "current": 0.1}),
    "precessional_switching_probability": ((10.0,), {**_TK, "current": 0.1}),
    "boltzmann_initial_states": ((5,), {**_TK, "threshold": 0.0, "seed": 1}),
    "ensemble_switching": (
        (),
        {**_TK, "current": 0.1, "t_end": 5.0, "n_samples": 4, "n_steps": 100, "seed": 1},
    ),
    "polar_ito_ensemble": (
        (np.array([0.5, -0.2]),),
        {**_TK, "current": 0.0, "t_end": 1.0, "n_steps": 10, "seed": 1},
    ),
    "fit_precessional": ((np.array([0.06, 0.08, 0.1]), np.array([90.0, 50.0, 35.0])), {}),
    "fit_thermal": (
        (np.array([0.01, 0.02, 0.03]), np.array([1e9, 1e6, 1e3])),
        {"attempt_time": 5.0, "exponent": 1},
    ),
}
POSITIONAL_OK = {"z", "pulse", "theta0", "n_samples", "z0", "currents", "switching_times", "escape_times"}
NUMERIC = [
    "temperature",
    "current",
    "threshold",
    "n_nodes",
    "exponent",
    "t_end",
    "n_samples",
    "n_steps",
    "attempt_time",
]
BAD = [float("nan"), float("inf"), True, "1.0", 1j, None]


def _call(name, positional=None, **changes):
    args, kw = VALID[name]
    return getattr(th, name)(*(args if positional is None else positional), **{**kw, **changes})


def test_every_public_function_is_covered_and_keyword_only():
    funcs = {n for n in th.__all__ if inspect.isfunction(getattr(th, n))}
    assert funcs == set(VALID)
    for name in funcs:
        params = inspect.signature(getattr(th, name)).parameters.values()
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert set(positional) <= POSITIONAL_OK, (name, positional)


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_call_is_finite_without_warnings(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = _call(name)
    if name in ("polar_generator",):
        values = [out.up, out.down, out.p0]
    elif name == "switching_spectrum":
        values = [out.rates, out.weights]
    elif name == "ensemble_switching":
        values = [out.probability(5.0)[0]]
    elif name.startswith("fit_"):
        values = [out.critical_current, out.standard_error]
    else:
        values = [out]
    for v in values:
        assert np.all(np.isfinite(np.asarray(v, dtype=float)))


@pytest.mark.parametrize("name", sorted(VALID))
def test_bad_params_object_is_refused(name):
    if "params" not in VALID[name][1]:
        pytest.skip("no params")
    with pytest.raises(SpinlibInputError, match="params"):
        _call(name, params={"hk": 1.0})


CASES = [(n, k) for n in sorted(VALID) for k in NUMERIC if k in VALID[n][1]]


@pytest.mark.parametrize("name,key", CASES)
@pytest.mark.parametrize("bad", BAD, ids=["nan", "inf", "bool", "str", "complex", "none"])
def test_bad_numbers_name_the_parameter(name, key, bad):
    with pytest.raises(SpinlibInputError, match=key):
        _call(name, **{key: bad})


@pytest.mark.parametrize(
    "name,key,value",
    [
        ("diffusion_constant", "temperature", -0.1),
        ("attempt_time", "temperature", 0.0),
        ("polar_generator", "threshold", 1.0),
        ("polar_generator", "n_nodes", 10),
        ("polar_generator", "temperature", 0.0),
        ("polar_generator", "initial", "AP"),
        ("neel_brown_time", "exponent", 5.0),
        ("escape_time", "current", 0.06),
        ("thermal_switching_probability", "form", "n3"),
        ("precessional_switching_probability", "current", 0.04),
        ("precessional_switching_time", "current", 0.02),
        ("polar_ito_ensemble", "drift_correction", 1),
        ("boltzmann_initial_states", "threshold", -1.0),
        ("ensemble_switching", "n_samples", 0),
    ],
)
def test_out_of_range_is_refused(name, key, value):
    with pytest.raises(SpinlibInputError, match=key):
        _call(name, **{key: value})


@pytest.mark.parametrize(
    "field,value",
    [
        ("hk", 0.0),
        ("hk", float("nan")),
        ("alpha", 0.0),
        ("field", 1.0),
        ("B", 1.0),
        ("q", -1.0),
        ("A", True),
        ("alpha", "0.1"),
        ("hk", np.array([1.0, 2.0])),
    ],
)
def test_thermal_macrospin_validates(field, value):
    with pytest.raises(SpinlibInputError, match=field):
        th.ThermalMacrospin(**{field: value})


def test_escape_time_needs_constant_eta():
    with pytest.raises(SpinlibInputError, match="B"):
        th.escape_time(params=PB, temperature=0.05)


def test_temperature_zero_is_exact():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert float(th.stability_factor(params=P, temperature=0.0)) == np.inf
        assert float(th.stability_factor(params=P, temperature=0.0, current=0.06)) == 0.0
        assert float(th.free_diffusion_time(params=P, temperature=0.0)) == np.inf
        assert float(th.diffusion_constant(params=P, temperature=0.0)) == 0.0


@settings(max_examples=30, deadline=None)
@given(z=st.floats(-1.0, 1.0), j=st.floats(-1.0, 1.0), B=st.floats(-0.9, 0.9))
def test_property_drift_is_gradient_of_potential(z, j, B):
    """dz/dtau = -(alpha / (1 + alpha^2)) (1 - z^2) dE_eff/dz (centred difference of the potential)."""
    Q = th.ThermalMacrospin(hk=1.0, alpha=0.1, B=B)
    dz = 1e-6
    zl, zr = max(z - dz, -1.0), min(z + dz, 1.0)
    if zr - zl < 1e-7:
        return
    grad = (th.effective_energy(zr, params=Q, current=j) - th.effective_energy(zl, params=Q, current=j)) / (
        zr - zl
    )
    drift = th.polar_drift(z, params=Q, current=j)
    assert np.isclose(float(drift), float(-(0.1 / 1.01) * (1 - z * z) * grad), rtol=1e-5, atol=1e-8)


@settings(max_examples=25, deadline=None)
@given(j=st.floats(0.0, 0.999), B=st.floats(-0.6, 0.6))
def test_property_barrier_positive_below_and_closes_at_jc(j, B):
    Q = th.ThermalMacrospin(hk=1.0, alpha=0.05, B=B)
    jc = th.critical_current(params=Q)
    b = float(th.barrier(params=Q, current=j * jc))
    assert 0.0 < b <= float(th.barrier(params=Q)) + 1e-15
    assert float(th.barrier(params=Q, current=jc * 1.0001)) == 0.0


@pytest.mark.parametrize("B", [0.0, 0.3, 0.5])
@pytest.mark.parametrize("x", [1e-3, 1e-4, 1e-6])
def test_barrier_just_below_jc_is_positive_and_closes_quadratically(B, x):
    """At ``j = (1 - x) j_c0`` the top lies within 1e-3 of the pole, inside the last cell of the grid
    of the top search: the barrier must still be found, ``~ (1 - j / j_c0)^2`` (exactly
    ``(h_k / 2) x^2`` for ``B = 0``), not 0 (it was 0 for ``B = 0.5``, ``x = 1e-3``)."""
    Q = th.ThermalMacrospin(hk=1.0, alpha=0.05, B=B)
    jc = th.critical_current(params=Q)
    b = float(th.barrier(params=Q, current=(1.0 - x) * jc))
    b_wider = float(th.barrier(params=Q, current=(1.0 - 10 * x) * jc))
    assert b > 0.0
    assert b / b_wider == pytest.approx(0.01, rel=0.05)  # quadratic closing
    if B == 0.0:
        assert b == pytest.approx(0.5 * x * x, rel=1e-3 if x < 1e-5 else 1e-6)


def test_broadcasting():
    out = th.stability_factor(
        params=P, temperature=np.array([[0.01], [0.02]]), current=np.array([0.0, 0.01, 0.02])
    )
    assert out.shape == (2, 3)
    wer = th.write_error_rate(
        np.array([1.0, 2.0]), params=P, temperature=0.05, current=np.array([[0.06], [0.07]]), n_nodes=30
    )
    assert wer.shape == (2, 1, 2)
    with pytest.raises(SpinlibInputError, match="temperature"):
        th.stability_factor(params=P, temperature=np.ones(2), current=np.ones(3))
