"""Hypothesis property tests of every public function of spinlib.macrospin.uniaxial (DESIGN.md contract).

Valid input across the documented ranges (q = 0 exactly, q -> 1, tiny and huge fields and
currents up to the float range, u = +-1, broadcasting) gives finite output and no warning;
invalid input raises a ValueError (SpinlibInputError) naming the parameter as the caller spelled
it and quoting the caller's value.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib.macrospin import studies
from spinlib.macrospin import uniaxial as U
from spinlib.macrospin import uniaxial_dynamics as UD
from spinlib.validate import SpinlibInputError


def uni(q):
    """The uniaxial model constants at torque asymmetry ``q`` (the phase diagram ignores alpha)."""
    return U.UniaxialMacrospin(asymmetry=q)


FAST = settings(max_examples=80, deadline=None)

big = st.one_of(st.floats(-1e3, 1e3), st.floats(-1e300, 1e300),
                st.sampled_from([0.0, 1e-300, -1e-300, 5e-324, 1e154, -1e154, 1.7e308, -1.7e308]))
moderate = st.one_of(st.floats(-1e3, 1e3), st.sampled_from([0.0, 1e-300, 1.0, -1.0]))
qs = st.one_of(st.floats(0.0, 1 - 1e-12), st.sampled_from([0.0, 5e-324, 1e-300, 0.5, 1 - 1e-16]))
us = st.one_of(st.floats(-1.0, 1.0), st.sampled_from([-1.0, 1.0, 0.0, 1 - 1e-16]))


def _finite(*arrays):
    for a in arrays:
        assert np.all(np.isfinite(np.asarray(a, dtype=float)))


# --------------------------------------------------------------------------- valid input
@FAST
@given(h=big, i=big, q=qs)
def test_classification_and_roots_any_finite_input(h, i, q):
    code = U.classify(field=h, current=i, params=uni(q))
    assert int(code) in U.PHASES
    roots = U.interior_fixed_points(field=h, current=i, params=uni(q))
    vals = roots.compressed()
    assert np.all(np.abs(vals) < 1)
    u, stable = U.fixed_points(field=h, current=i, params=uni(q))
    _finite(u)
    assert u[0] == -1 and u[-1] == 1 and np.all(np.diff(u) >= 0)
    assert bool(code & U.PLUS) == stable[-1] and bool(code & U.MINUS) == stable[0]
    assert bool(code & U.SP) == bool(stable[1:-1].any())
    assert U.exact_fallback_count(field=h, current=i, params=uni(q)) in (0, 1)


@FAST
@given(u=us, h=moderate, i=moderate, q=qs)
def test_u_equation_finite(u, h, i, q):
    kw = dict(field=h, current=i, params=uni(q))
    out = (U.udot(u, **kw), U.udot_slope(u, **kw), *U.stability_margins(**kw), U.discriminant(**kw),
           U.precession_frequency(u, field=h))
    _finite(*out)
    t = UD.relaxation_time(u, **kw)
    assert t > 0  # inf where not strictly stable
    a = UD.attractor(u, **kw)
    _finite(a)
    assert -1 <= a <= 1


@FAST
@given(h=moderate, q=qs)
def test_boundary_currents_and_special_points(h, q):
    lines = U.boundary_currents(params=uni(q), field=h)
    _finite(lines["plus"], lines["minus"])
    assert lines["parabola"] >= 0
    if q >= 1e-300:
        pts = U.special_points(params=uni(q))
        for p in pts.values():
            _finite(p)


@settings(max_examples=20, deadline=None)
@given(h=moderate, q=qs, u0=us)
def test_hysteresis_loop_finite(h, q, u0):
    sweep = np.linspace(-5, 5, 41)
    u = UD.hysteresis_loop(params=uni(q), field=h, currents=np.concatenate([sweep, sweep[::-1]]),
                           u_start=u0).u
    _finite(u)
    assert u.shape == (82,) and np.all(np.abs(u) <= 1)


@settings(max_examples=15, deadline=None)
@given(h=st.floats(-5, 5), i=st.floats(-5, 5), q=st.floats(0, 0.95), alpha=st.floats(1e-3, 5))
def test_integrate_llg_finite_on_sphere(h, i, q, alpha):
    params = U.UniaxialMacrospin(asymmetry=q, alpha=alpha)
    P = UD.macrospin_params(field=h, params=params)
    from spinlib.macrospin import llg

    j = UD.llg_current(params=params, current=i)
    n = max(10, int(np.ceil(2.0 / llg.max_stable_step(params=P, current=j))))
    tr = UD.integrate_llg([0.6, 0.0, 0.8], field=h, current=i, params=params, t_end=2.0, n_steps=n)
    _finite(tr.m)
    assert np.abs(np.linalg.norm(tr.m, axis=-1) - 1).max() < 1e-14


def test_broadcasting():
    h = np.linspace(-3, 3, 5)[:, None]
    i = np.linspace(-2, 4, 4)[None, :]
    assert U.classify(field=h, current=i, params=uni(0.5)).shape == (5, 4)
    qs4 = np.array([0.0, 0.3, 0.6, 0.9])
    assert U.interior_fixed_points(field=h, current=i, params=uni(qs4)).shape == (5, 4, 2)
    assert U.udot(np.zeros((5, 4)), field=h, current=i, params=uni(0.5)).shape == (5, 4)
    tr = UD.integrate_llg(np.tile([0.6, 0, 0.8], (3, 1)), field=np.array([0.0, 1.0, -1.0]), current=0.5,
                         params=studies.FIG5_ILLUSTRATION, t_end=1.0, n_steps=40, n_out=4)
    assert tr.m.shape == (3, 5, 3) and tr.t.shape == (5,)


# --------------------------------------------------------------------------- invalid input
BAD_NUMBERS = [np.nan, np.inf, True, "1.0", 1j, None]


def _calls():
    pd = dict(field=0.5, current=0.2, params=uni(0.5))
    return [
        (U.udot, dict(u=0.3, **pd)),
        (U.udot_slope, dict(u=0.3, **pd)),
        (U.stability_margins, pd),
        (U.discriminant, pd),
        (U.boundary_currents, dict(field=0.5, params=uni(0.5))),
        (U.interior_fixed_points, pd),
        (U.fixed_points, pd),
        (U.classify, pd),
        (U.exact_fallback_count, pd),
        (U.precession_frequency, dict(u=0.3, field=0.5)),
        (U.special_points, dict(params=uni(0.5))),
        (UD.attractor, dict(u0=0.3, **pd)),
        (UD.hysteresis_loop, dict(currents=[0.0, 1.0], field=0.5, params=uni(0.5), u_start=1.0)),
        (UD.relaxation_time, dict(u=1.0, **pd)),
        (UD.macrospin_params, dict(field=0.5, params=studies.FIG5_ILLUSTRATION)),
        (UD.llg_current, dict(current=0.5, params=studies.FIG5_ILLUSTRATION)),
        (UD.integrate_llg, dict(m0=[0.6, 0, 0.8], field=0.5, current=0.2, params=studies.FIG5_ILLUSTRATION,
                               t_end=1.0,
                               n_steps=20, n_out=4)),
        (U.UniaxialMacrospin, dict(asymmetry=0.5, alpha=0.5)),
    ]


def _cases():
    for func, kw in _calls():
        for name, good in kw.items():
            if name == "params":
                bad = [None, "P", 1.0]
            elif isinstance(good, list) and name == "m0":
                bad = [[1.0, 0.0], [np.nan, 0, 1], [0, 0, 0], None, "xyz"]
            elif name == "currents":
                bad = [[[0.0, 1.0]], [np.nan, 1.0], None, "ab", [1j]]
            else:
                bad = [b for b in BAD_NUMBERS if not (b is None and name == "n_out")]
            for b in bad:
                yield pytest.param(func, kw, name, b, id=f"{func.__name__}-{name}-{b!r}")


@pytest.mark.parametrize("func, kw, name, bad", list(_cases()))
def test_invalid_input_names_parameter_and_value(func, kw, name, bad):
    if name == "u" and func is U.fixed_points:
        return
    with pytest.raises(SpinlibInputError) as info:
        func(**{**kw, name: bad})
    msg = str(info.value)
    assert name in msg, msg
    if not isinstance(bad, list):
        assert repr(bad) in msg or str(bad) in msg, msg


@pytest.mark.parametrize(
    "func, kw, name",
    [
        (U.udot, dict(u=1.5, field=0, current=0, params=uni(0.5)), "u"),
        (UD.attractor, dict(u0=-1.01, field=0, current=0, params=uni(0.5)), "u0"),
        (UD.hysteresis_loop, dict(currents=[0.0], field=0, params=uni(0.5), u_start=2.0), "u_start"),
        (U.UniaxialMacrospin, dict(asymmetry=1.0), "asymmetry"),
        (U.UniaxialMacrospin, dict(asymmetry=-0.1), "asymmetry"),
        (U.classify, dict(field=0, current=0, params=None), "params"),
        (U.classify, dict(field=np.zeros(3), current=np.zeros(4), params=uni(0.5)), "field, current"),
        (U.special_points, dict(params=uni(0.0)), "asymmetry"),
        (U.fixed_points, dict(field=np.zeros(2), current=0.0, params=uni(0.5)), "field"),
        (U.UniaxialMacrospin, dict(asymmetry=0.5, alpha=0.0), "alpha"),
        (UD.integrate_llg, dict(m0=[0, 0, 1], field=0, current=50, params=studies.FIG5_ILLUSTRATION,
                                t_end=100,
                               n_steps=10), "n_steps"),
        (UD.integrate_llg, dict(m0=[0, 0, 1], field=0, current=0, params=studies.FIG5_ILLUSTRATION, t_end=1,
                               n_steps=2.5), "n_steps"),
    ],
)
def test_out_of_range_and_shape(func, kw, name):
    with pytest.raises(SpinlibInputError, match=name):
        func(**kw)


def test_parameter_class_keyword_only_frozen():
    with pytest.raises(TypeError):
        U.UniaxialMacrospin(0.5, 0.5)  # positional on purpose
    with pytest.raises(AttributeError):
        studies.FIG5_ILLUSTRATION.alpha = 1.0


# --------------------------------------------------------------------------- contract-fuzz regressions
# (found by a contract fuzz of an earlier session, since replaced by these hypothesis modules)


@pytest.mark.parametrize("big", [1e308, -1e308])
def test_results_beyond_the_float_range_are_named_errors(big):
    with pytest.raises(SpinlibInputError, match=r"current=-?1e\+308"):
        U.stability_margins(field=0.2, current=big, params=uni(0.5))
    with pytest.raises(SpinlibInputError, match=r"field=-?1e\+308"):
        U.discriminant(field=big, current=0.1, params=uni(0.5))
    with pytest.raises(SpinlibInputError, match=r"field=-?1e\+308"):
        U.udot_slope(1.0, field=big, current=0.1, params=uni(0.5))


@pytest.mark.parametrize("h", [1e308, -1e308])
def test_hysteresis_at_huge_field_stays_on_the_field_branch(h):
    # independent: a field far beyond every threshold pins u to sign(H) (Eqs. 47-48)
    loop = UD.hysteresis_loop(params=uni(0.5), field=h, currents=np.linspace(-1, 1, 5), u_start=np.sign(h)).u
    assert np.all(loop == np.sign(h))


def test_special_points_refuse_arrays_by_name():
    with pytest.raises(SpinlibInputError, match="asymmetry must be a single number"):
        U.special_points(params=uni(np.array([0.3, 0.5])))
