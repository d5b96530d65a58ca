"""Contract of every public callable of spinlib.domainwall (DESIGN.md), partly by hypothesis.

Valid input across the documented ranges gives finite output without warnings; invalid input
(NaN, inf, bool, str, complex, None, out of range, wrong shape) raises SpinlibInputError (a
ValueError) naming the parameter as the caller spelled it; physical parameters are keyword-only.
"""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import domainwall as dw
from spinlib.validate import SpinlibInputError

FAST = settings(max_examples=40, deadline=None)
P = dw.WallParams(alpha=0.1, beta=0.05, hk_perp=1.0, hk=0.5)

VALID = {
    "wall_rates": ((0.3,), {"params": P, "field": 0.01, "current": 0.2}),
    "integrate_wall": ((), {"params": P, "field": 0.01, "current": 0.2, "t_end": 10.0, "n_steps": 20,
                            "n_out": 2, "q0": 0.0, "phi0": 0.1}),
    "walker_field": ((), {"params": P, "current": 0.2}),
    "breakdown_current": ((), {"params": P, "field": 0.01}),
    "pinning_current": ((), {"params": P, "width": "walker"}),
    "steady_tilt": ((), {"params": P, "field": 0.01, "current": 0.2}),
    "precession_frequency": ((), {"params": P, "field": 0.2, "current": 0.2}),
    "wall_velocity": ((), {"params": P, "field": 0.01, "current": 0.2}),
    "walker_width": ((0.3,), {"params": P}),
    "walker_velocity": ((), {"params": P, "field": 0.01}),
    "walker_profile": ((np.linspace(-3, 3, 5),), {"q": 0.5, "phi": 0.2, "width": 0.8}),
    "simulate_wire": ((), {"params": P, "field": 0.01, "current": 0.1, "t_end": 1.0, "n_out": 2,
                           "length": 10.0, "n_cells": 40, "q0": 0.0, "phi0": 0.0}),
    "drift_velocity": ((), {"current_density": 1e12, "polarization": 0.5, "saturation_magnetization": 8e5}),
    "reduced_units": ((), {"saturation_magnetization": 8e5, "exchange": 1e-11, "anisotropy": 1e5}),
}
NUMERIC = {"field", "current", "t_end", "q0", "phi0", "q", "phi", "width", "length", "current_density",
           "polarization", "saturation_magnetization", "exchange", "anisotropy"}
COUNTS = {"n_steps", "n_out", "n_cells"}


def _call(name, positional=None, **changes):
    args, kw = VALID[name]
    return getattr(dw, name)(*(args if positional is None else positional), **{**kw, **changes})


def _values(out):
    if isinstance(out, dict):
        return [v for v in out.values()]
    if hasattr(out, "__dataclass_fields__"):
        return [getattr(out, f) for f in out.__dataclass_fields__]
    return list(out) if isinstance(out, tuple) else [out]


def test_every_public_function_is_covered_and_keyword_only():
    funcs = {n for n in dw.__all__ if inspect.isfunction(getattr(dw, n))}
    assert funcs == set(VALID)
    for name in funcs:
        params = inspect.signature(getattr(dw, name)).parameters.values()
        positional = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
        assert set(positional) <= {"phi", "x"}, (name, positional)  # coordinates only


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_call_is_finite_without_warnings(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = _call(name)
    for v in _values(out):
        if not isinstance(v, dw.WallParams):
            assert np.all(np.isfinite(np.asarray(v, dtype=float)))


BAD = [float("nan"), float("inf"), True, "1.0", 1j, None]


@pytest.mark.parametrize("name", sorted(VALID))
def test_bad_numbers_are_refused_naming_the_parameter(name):
    kw = VALID[name][1]
    for param in sorted(set(kw) & NUMERIC):
        for bad in BAD:
            with pytest.raises(ValueError, match=param) as info:
                _call(name, **{param: bad})
            assert isinstance(info.value, SpinlibInputError)
    for param in sorted(set(kw) & COUNTS):
        for bad in (0.5, -1, True, "3", *([] if param == "n_out" else [None])):  # n_out=None: default
            with pytest.raises(ValueError, match=param):
                _call(name, **{param: bad})
    if "params" in kw:
        for bad in (None, {"alpha": 0.1}, 0.1):
            with pytest.raises(ValueError, match="params"):
                _call(name, params=bad)


@pytest.mark.parametrize("name", ["wall_rates", "walker_width"])
def test_bad_phi_is_refused(name):
    for bad in BAD:
        with pytest.raises(ValueError, match="phi"):
            _call(name, positional=(bad,))


def test_params_are_validated_naming_the_field():
    for field, bad in (("alpha", 0.0), ("alpha", -0.1), ("beta", -0.1), ("hk_perp", 0.0),
                       ("hk", float("nan")),
                       ("alpha", True), ("beta", "0"), ("alpha", [0.1, 0.2])):
        with pytest.raises(ValueError, match=field):
            dw.WallParams(**{"alpha": 0.1, field: bad})
    with pytest.raises(TypeError):
        dw.WallParams(0.1)  # keyword-only


def test_out_of_range_and_shapes_are_named():
    with pytest.raises(ValueError, match="current"):
        dw.wall_velocity(params=P, field=np.zeros(2), current=np.zeros(3))
    with pytest.raises(ValueError, match="field"):
        dw.breakdown_current(params=P, field=1.0)  # above the Walker field at u = 0
    with pytest.raises(ValueError, match="field") as info:
        dw.steady_tilt(params=P, field=1.0)
    assert "breakdown" in str(info.value)
    with pytest.raises(ValueError, match="polarization"):
        dw.drift_velocity(current_density=1e12, polarization=1.5, saturation_magnetization=8e5)
    with pytest.raises(ValueError, match="width"):
        dw.pinning_current(params=P, width="elastic")
    with pytest.raises(ValueError, match="n_steps"):
        dw.integrate_wall(params=P, field=0.5, t_end=1e4, n_steps=10)
    with pytest.raises(ValueError, match="n_cells"):
        dw.simulate_wire(params=P, t_end=1.0, length=100.0, n_cells=100)  # cells of one width
    with pytest.raises(ValueError, match="field"):
        dw.simulate_wire(params=P, field=0.6, t_end=1.0)  # beyond the nucleation field hk
    with pytest.raises(ValueError, match="t_end"):
        dw.simulate_wire(params=P, t_end=1e9)


@FAST
@given(alpha=st.floats(1e-4, 10.0), ratio=st.floats(0.0, 5.0), hk_perp=st.floats(1e-3, 100.0),
       h=st.floats(-1e3, 1e3), u=st.floats(-1e3, 1e3))
def test_velocity_is_finite_and_continuous_at_breakdown(alpha, ratio, hk_perp, h, u):
    Pp = dw.WallParams(alpha=alpha, beta=min(ratio * alpha, 10.0), hk_perp=hk_perp)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        v = dw.wall_velocity(params=Pp, field=h, current=u)
        w = dw.precession_frequency(params=Pp, field=h, current=u)
        hw = dw.walker_field(params=Pp, current=u)
    assert np.isfinite(v) and np.isfinite(w) and np.isfinite(hw)
    # at the breakdown field the two branches meet: no jump. The averaged branch rises as a square
    # root, so rounding the drive by eps moves it by ~sqrt(eps * scale * b) / alpha: that is the bound
    edge = float(hw)
    if abs(edge) < 1e3:
        v_edge = float(dw.wall_velocity(params=Pp, field=edge, current=u))
        steady = (edge + Pp.beta * u) / Pp.alpha
        b = 0.5 * Pp.alpha * Pp.hk_perp
        scale = abs(edge) + abs((Pp.beta - Pp.alpha) * u) + b
        bound = 10.0 * np.sqrt(np.finfo(float).eps * scale * 2 * b) / Pp.alpha + 1e-12 * (1 + abs(steady))
        assert abs(v_edge - steady) <= bound


@FAST
@given(phi=st.floats(-1e6, 1e6), ratio=st.floats(1e-3, 1e3))
def test_walker_width_is_between_the_bounds(phi, ratio):
    Pp = dw.WallParams(alpha=0.1, hk_perp=ratio * 0.5, hk=0.5)
    w = float(dw.walker_width(phi, params=Pp))
    assert 1.0 / np.sqrt(1.0 + ratio) * (1 - 1e-12) <= w <= 1.0
