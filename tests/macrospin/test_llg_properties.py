"""Hypothesis property tests of every public function of spinlib.macrospin.llg (the DESIGN.md input contract).

Valid input across the documented ranges (tiny and large fields and currents, damping 0,
|B| -> A, broadcasting) gives finite output and no warning (pytest turns RuntimeWarning into
an error); invalid input raises a ValueError (SpinlibInputError) that names the parameter as
the caller spelled it and quotes the caller's value.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib.macrospin import llg, si, studies, thresholds
from spinlib.validate import SpinlibInputError

FAST = settings(max_examples=60, deadline=None)
SLOW = settings(max_examples=6, deadline=None)

mags = st.one_of(st.floats(-1e3, 1e3), st.sampled_from([0.0, 1e-300, -1e-300, 1e100, -1e100]))
vec = st.tuples(mags, mags, mags)
nonzero_vec = st.tuples(st.floats(-1e3, 1e3), st.floats(-1e3, 1e3), st.floats(-1e3, 1e3)).filter(
    lambda v: max(abs(c) for c in v) > 0).map(np.array) | st.sampled_from(
    [np.array([1e-300, 0, 0]), np.array([0, 1e300, -1e300]), np.array([0, 0, 1.0])])
ratios = st.one_of(st.floats(-0.999, 0.999), st.sampled_from([0.0, 1 - 1e-9, -(1 - 1e-9)]))


@st.composite
def params(draw):
    A = draw(st.floats(1e-3, 1e3))
    return llg.MacrospinParams(
        field=draw(vec), hk=draw(st.floats(0, 1e3)), easy_axis=draw(nonzero_vec),
        demag=draw(st.floats(0, 1e3)),
        normal=draw(nonzero_vec), alpha=draw(st.floats(0, 10)), fixed=draw(nonzero_vec),
        q=draw(st.floats(1e-3, 1e3)), A=A, B=draw(ratios) * A)


def _finite(*arrays):
    for a in arrays:
        assert np.all(np.isfinite(np.asarray(a, dtype=float)))


# --------------------------------------------------------------------------- valid input
@FAST
@given(P=params(), m=nonzero_vec, j=mags)
def test_equation_of_motion_finite_and_tangent(P, m, j):
    v = llg.llg_rhs(m, params=P, current=j)
    h = llg.effective_field(m, params=P)
    t = llg.slonczewski_torque(m, params=P, current=j)
    e = llg.energy(m, params=P)
    _finite(v, h, t, e)
    mu = m / np.linalg.norm(m / np.abs(m).max()) / np.abs(m).max()
    # rounding scale: the size of the terms that cancel (field and torque rate), not of the result
    scale = 1.0 + np.linalg.norm(h) + abs(j) * P.q / (P.A - abs(P.B))
    assert abs(v @ mu) <= 1e-12 * scale and abs(t @ mu) <= 1e-12 * scale
    assert llg.max_stable_step(params=P, current=j) > 0


@FAST
@given(c=st.floats(-1, 1), q=st.floats(1e-3, 1e3), A=st.floats(1e-3, 1e3), b=ratios)
def test_eta_finite_positive(c, q, A, b):
    eta = llg.slonczewski_eta(c, q=q, A=A, B=b * A)
    _finite(eta)
    assert eta > 0


@FAST
@given(p=st.one_of(st.floats(1e-200, 1 - 1e-7), st.sampled_from([1e-200, 0.5, 1 - 1e-7])))
def test_slonczewski_coefficients_valid(p):
    q, A, B = llg.slonczewski_coefficients(polarization=p)
    _finite(q, A, B)
    assert q > 0 and A > 0 and abs(B) < A


@FAST
@given(h=st.floats(-0.99, 1e3), hk=st.floats(1.0, 1e3), N=st.floats(0, 1e3), alpha=st.floats(0, 10),
       q=st.floats(1e-3, 1e3), A=st.floats(1e-3, 1e3), b=ratios, j=st.floats(-1e3, 1e3),
       tilt=st.floats(1e-300, 0.999))
def test_thresholds_finite(h, hk, N, alpha, q, A, b, j, tilt):
    kw = dict(field=h, hk=hk, demag=N, alpha=alpha, q=q, A=A, B=b * A)
    jc = thresholds.critical_current(**kw)
    jll = thresholds.critical_current_ll_insertion(**kw)
    rate = thresholds.linear_growth_rate(current=j, **kw)
    ts = thresholds.linear_switching_time(current=j, tilt=tilt, **kw)
    _finite(jc, jll, rate)
    assert jc >= 0 and jll <= jc
    assert ts > 0  # inf below threshold
    assert (rate > 0) == np.isfinite(ts)


@FAST
@given(h=st.floats(1e-3, 1e3), alpha=st.floats(1e-3, 1), b=st.floats(-0.99, 0.99), s=st.floats(0.01, 0.99))
def test_isotropic_cone_inside_window(h, alpha, b, s):
    if abs(b) < 1e-6:
        return
    lo, hi = sorted((alpha * h, alpha * h * (1 - b) / (1 + b)))  # alpha h / eta(0), alpha h / eta(pi)
    c = thresholds.isotropic_cone_cos(current=lo + s * (hi - lo), field=h, alpha=alpha, q=1 + b, A=1.0, B=b)
    _finite(c)
    assert -1 - 1e-9 <= c <= 1 + 1e-9


@FAST
@given(ms=st.floats(1e3, 1e7), vol=st.floats(1e-27, 1e-18), h=st.floats(0, 1e6), hk=st.floats(0, 1e6),
       alpha=st.floats(0, 1))
def test_si_helpers_finite(ms, vol, h, hk, alpha):
    if h + hk <= 0:
        return
    out = (si.current_unit(ms=ms, volume=vol), si.time_unit(ms=ms),
           si.critical_current_si(field=h, hk=hk, ms=ms, volume=vol, alpha=alpha, q=1.0, A=1.0, B=0.2))
    _finite(*out)
    assert np.all(np.asarray(out) >= 0)


@settings(max_examples=25, deadline=None)
@given(P=params(), m0=nonzero_vec, j=st.floats(-10, 10), t_end=st.floats(1e-3, 3.0))
def test_integrate_keeps_norm_and_classifies(P, m0, j, t_end):
    limit = llg.max_stable_step(params=P, current=j)
    n = max(4, math.ceil(t_end / limit)) if np.isfinite(limit) else 4
    if n > 20000:
        return
    tr = llg.integrate(m0, params=P, current=j, t_end=t_end, n_steps=n)
    _finite(tr.m, tr.t)
    assert tr.m.shape == (n + 1, 3) and tr.t.shape == (n + 1,)
    assert np.abs(np.linalg.norm(tr.m, axis=-1) - 1).max() < 1e-14
    state = str(thresholds.classify_end_state(tr, axis=P.fixed))
    assert state in {"relaxed", "reversed", "precessing", "transient"}
    ts = thresholds.switching_time(tr, axis=P.fixed)
    assert ts == np.inf or 0 <= ts <= t_end


def test_broadcasting_batch_shapes():
    P = studies.thin_film_preset(field=np.array([0.0, 0.1, 0.2]), hk=0.05, alpha=0.05)
    m = np.array([[1.0, 0.1, 0.0]])
    assert llg.llg_rhs(m, params=P, current=0.1).shape == (3, 3)
    assert llg.energy(m, params=P).shape == (3,)
    tr = llg.integrate(np.tile(m, (2, 1, 1)), params=P, current=0.1, t_end=1.0, n_steps=10, n_out=5)
    assert tr.m.shape == (2, 3, 6, 3) and tr.t.shape == (6,)
    assert thresholds.switching_time(tr, axis=[1, 0, 0]).shape == (2, 3)


@SLOW
@given(h=st.floats(0.0, 0.5), alpha=st.floats(0.01, 0.2), b=st.floats(-0.5, 0.5))
def test_simulated_threshold_valid_input(h, alpha, b):
    P = studies.thin_film_preset(field=h, hk=0.05, alpha=alpha, asymmetry=b)
    jc = thresholds.critical_current(field=h, hk=0.05, alpha=alpha, q=P.q, A=P.A, B=P.B)
    sim = thresholds.simulated_critical_current(params=P, bracket=(0.5 * jc, 1.5 * jc), t_end=100.0)
    _finite(sim)
    assert abs(sim / jc - 1) < 1e-4


# --------------------------------------------------------------------------- invalid input
BAD_NUMBERS = [np.nan, np.inf, True, "1.0", 1j, None]
P0 = studies.thin_film_preset(field=0.01)
TR0 = llg.integrate([1.0, 0.1, 0.0], params=P0, current=0.0, t_end=1.0, n_steps=10)


def _calls():
    """(function, keyword arguments) for every public function, with valid defaults."""
    th = dict(field=0.1, hk=0.05, demag=1.0, alpha=0.02, q=1.0, A=1.0, B=0.2)
    return [
        (llg.slonczewski_eta, dict(cos_theta=0.3, q=1.0, A=1.0, B=0.2)),
        (llg.slonczewski_coefficients, dict(polarization=0.3)),
        (llg.effective_field, dict(m=[1.0, 0.0, 0.0], params=P0)),
        (llg.energy, dict(m=[1.0, 0.0, 0.0], params=P0)),
        (llg.slonczewski_torque, dict(m=[1.0, 0.2, 0.0], params=P0, current=0.1)),
        (llg.llg_rhs, dict(m=[1.0, 0.2, 0.0], params=P0, current=0.1)),
        (llg.max_stable_step, dict(params=P0, current=0.1)),
        (llg.integrate, dict(m0=[1.0, 0.1, 0.0], params=P0, current=0.1, t_end=1.0, n_steps=10, n_out=5)),
        (thresholds.classify_end_state, dict(traj=TR0, axis=[1, 0, 0], tol=0.02)),
        (thresholds.switching_time, dict(traj=TR0, axis=[1, 0, 0])),
        (thresholds.critical_current, th),
        (thresholds.critical_current_ll_insertion, th),
        (thresholds.linear_growth_rate, dict(th, current=0.1)),
        (thresholds.linear_switching_time, dict(th, current=0.1, tilt=0.05)),
        (thresholds.isotropic_cone_cos, dict(current=0.2, field=1.0, alpha=0.1, q=0.5, A=1.0, B=-0.5)),
        (thresholds.growth_rate, dict(params=P0, current=0.01, amplitude=1e-5, t_end=10.0, n_steps=100)),
        (thresholds.simulated_critical_current, dict(params=P0, bracket=(0.005, 0.02), amplitude=1e-5,
                                                     t_end=10.0,
                                              n_steps=100, rtol=1e-7, max_iter=3)),
        (si.current_unit, dict(ms=1e6, volume=1e-23)),
        (si.time_unit, dict(ms=1e6)),
        (si.critical_current_si, dict(field=0.0, hk=1e4, ms=1e6, volume=1e-23, alpha=0.01, q=1.0, A=1.0,
                                       B=0.2)),
        (studies.isotropic_preset, dict(field=1.0, alpha=0.1, asymmetry=0.2)),
        (studies.thin_film_preset, dict(field=0.0, hk=0.05, alpha=0.05, asymmetry=0.2)),
        (llg.MacrospinParams, dict(field=[0, 0, 0.1], hk=0.1, easy_axis=[1, 0, 0], demag=1.0,
                                   normal=[0, 0, 1],
                                   alpha=0.1, fixed=[1, 0, 0], q=1.0, A=1.0, B=0.2)),
        (studies.NanopillarPreset, dict(ms=1e6, volume=1e-23, alpha=0.01, hk=1e4, polarization=0.3)),
    ]


def _cases():
    for func, kw in _calls():
        for name, good in kw.items():
            if name in ("params", "traj"):
                bad = [None, "P", 1.0]
            elif name == "bracket":
                bad = [None, (np.nan, 1.0), (0.0, np.inf), 1.0, (True, 1.0)]
            elif isinstance(good, list):
                bad = [[1.0, 0.0], [np.nan, 0, 1], None, "xyz", [1j, 0, 1]]
                if name != "field":  # a zero field is valid; a zero direction is not
                    bad.append([0, 0, 0])
            else:
                bad = BAD_NUMBERS
                if name in ("n_out", "n_steps") and func is not llg.integrate or name == "n_out":
                    bad = [b for b in bad if b is not None]  # None means "default" there
            for b in bad:
                yield pytest.param(func, kw, name, b, id=f"{func.__name__}-{name}-{b!r}")


@pytest.mark.parametrize("func, kw, name, bad", list(_cases()))
def test_invalid_input_names_parameter_and_value(func, kw, name, bad):
    with pytest.raises(SpinlibInputError) as info:
        func(**{**kw, name: bad})
    msg = str(info.value)
    shown = name if name not in ("q", "A", "B") else name
    assert shown in msg, msg
    if not isinstance(bad, (list, tuple)):
        assert repr(bad) in msg or str(bad) in msg, msg


@pytest.mark.parametrize(
    "func, kw",
    [
        (llg.integrate, dict(m0=[1, 0, 0], params=P0, t_end=1.0, n_steps=2.5)),
        (llg.integrate, dict(m0=[1, 0, 0], params=P0, t_end=1.0, n_steps=0)),
        (llg.integrate, dict(m0=[1, 0, 0], params=P0, t_end=1.0, n_steps=10, n_out=3)),
        (llg.integrate, dict(m0=[1, 0, 0], params=P0, t_end=-1.0, n_steps=10)),
        (thresholds.simulated_critical_current, dict(params=P0, bracket=(0.02, 0.01))),
        (thresholds.simulated_critical_current, dict(params=P0, bracket=(0.01, 0.02), max_iter=0)),
        (llg.slonczewski_eta, dict(cos_theta=1.5, q=1, A=1, B=0)),
        (llg.slonczewski_eta, dict(cos_theta=0.0, q=1, A=1, B=1)),
        (llg.slonczewski_coefficients, dict(polarization=1.0)),
        (llg.slonczewski_coefficients, dict(polarization=1 - 1e-17)),
        (llg.slonczewski_coefficients, dict(polarization=1e-300)),
        (thresholds.critical_current, dict(field=-0.2, hk=0.1, alpha=0.01, q=1, A=1, B=0)),
        (thresholds.classify_end_state, dict(traj=TR0, axis=[1, 0, 0], tol=1.5)),
        (thresholds.linear_switching_time, dict(current=0.1, field=0.1, alpha=0.01, q=1, A=1, B=0, tilt=0.0)),
        (studies.isotropic_preset, dict(asymmetry=1.0)),
        (llg.MacrospinParams, dict(A=1.0, B=-1.0)),
        (llg.MacrospinParams, dict(field=np.zeros((2, 3)), hk=np.zeros(3))),
        (llg.llg_rhs, dict(m=np.ones((4, 3)), params=P0, current=np.zeros(3))),
    ],
)
def test_out_of_range_and_shape(func, kw):
    with pytest.raises(SpinlibInputError):
        func(**kw)


def test_parameter_classes_are_keyword_only_frozen():
    with pytest.raises(TypeError):
        llg.MacrospinParams([0, 0, 1])  # positional on purpose
    with pytest.raises(TypeError):
        studies.NanopillarPreset(1e6)  # noqa
    with pytest.raises(AttributeError):
        studies.NANOPILLAR.ms = 1.0


# --------------------------------------------------------------------------- contract-fuzz regressions
# (found by a contract fuzz of an earlier session, since replaced by these hypothesis modules):
# each class of defect the fuzz found, one test.


def test_trajectory_validates_its_fields():
    t = np.linspace(0.0, 1.0, 3)
    m = np.array([[1.0, 0.0, 0.0]] * 3)
    assert llg.Trajectory(t=t, m=m).m.shape == (3, 3)
    for kw, name in [(dict(t=[0.0, np.nan, 1.0], m=m), "t"), (dict(t=t, m=None), "m"),
                     (dict(t=t, m=m[:2]), "m"), (dict(t=[1.0, 0.0, 2.0], m=m), "t")]:
        with pytest.raises(SpinlibInputError, match=name):
            llg.Trajectory(**kw)


@pytest.mark.parametrize("bad", [np.full(2, 0.1), np.full((3, 1), 0.1), np.array([])])
def test_scalar_parameters_refuse_arrays_by_name(bad):
    with pytest.raises(SpinlibInputError, match="tol must be a single number"):
        thresholds.classify_end_state(TR0, axis=[1, 0, 0], tol=bad)
    with pytest.raises(SpinlibInputError, match="t_end must be a single number"):
        llg.integrate([1.0, 0.1, 0.0], params=P0, t_end=bad, n_steps=10)


def test_axis_batch_broadcasts_against_the_trajectory():
    axes = np.array([[1.0, 0.0, 0.0], [-1.0, 0.0, 0.0]])
    states = thresholds.classify_end_state(TR0, axis=axes, tol=0.5)
    times = thresholds.switching_time(TR0, axis=axes)
    assert states.shape == times.shape == (2,)
    assert times[0] == np.inf and times[1] == TR0.t[0]  # starts on the far side of -x


@pytest.mark.parametrize("current", [1e308, -1e308])
def test_huge_current_is_a_named_error_not_zero_division(current):
    with pytest.raises(SpinlibInputError, match="current"):
        llg.integrate([1.0, 0.1, 0.0], params=P0, current=current, t_end=1.0, n_steps=10)
    with pytest.raises(SpinlibInputError, match="current"):
        llg.max_stable_step(params=P0, current=current)


def test_huge_counts_are_refused_not_run():
    with pytest.raises(SpinlibInputError, match=r"n_steps must be an integer >= 1 and <= 100000000"):
        llg.integrate([1.0, 0.1, 0.0], params=P0, t_end=1.0, n_steps=1e308)
    with pytest.raises(SpinlibInputError, match=r"t_end=1e\+308"):
        llg.integrate([1.0, 0.1, 0.0], params=P0, t_end=1e308, n_steps=10)


def test_growth_rate_outside_its_linear_window_is_a_named_error():
    with pytest.raises(SpinlibInputError, match="amplitude=5e-324"):
        thresholds.growth_rate(params=P0, current=0.01, amplitude=5e-324, t_end=10.0, n_steps=100)
    assert thresholds.growth_rate(params=P0, current=np.array([]), t_end=10.0, n_steps=100).shape == (0,)


@FAST
@given(alpha=st.one_of(st.floats(0.0, 1e308), st.sampled_from([1e154, 1e200, 1e308])))
def test_thresholds_at_huge_damping_are_finite_without_warning(alpha):
    th = dict(field=0.1, hk=0.05, demag=1.0, q=1.0, A=1.0, B=0.2)
    jc = thresholds.critical_current(alpha=alpha, **th)
    ll = thresholds.critical_current_ll_insertion(alpha=alpha, **th)
    assert np.isfinite(jc) and np.isfinite(ll) and ll <= jc
    # independent: the two insertions differ by the factor 1 + alpha^2 (in logs, no overflow)
    if ll > 0:
        assert np.isclose(np.log(jc) - np.log(ll), np.log1p(alpha**2) if alpha < 1e150 else 2 * np.log(alpha))
    rate = thresholds.linear_growth_rate(current=0.1, alpha=alpha, **th)
    assert np.isfinite(rate)


@pytest.mark.parametrize("kw, name", [
    (dict(ms=1e308, volume=1e-23), "ms"), (dict(ms=1e6, volume=1e308), "volume"),
])
def test_si_units_beyond_the_float_range_are_named(kw, name):
    with pytest.raises(SpinlibInputError, match=name):
        si.current_unit(**kw)


def test_si_units_at_the_edges_of_the_float_range():
    assert 0.0 < si.time_unit(ms=1e308) < 1e-300  # representable: no overflow on the way
    with pytest.raises(SpinlibInputError, match="ms=5e-324"):
        si.time_unit(ms=5e-324)
    big = si.critical_current_si(field=0.0, hk=1e4, ms=1e150, volume=1e-23, alpha=0.01, q=1.0, A=1.0, B=0.2)
    small = si.critical_current_si(field=0.0, hk=1e4, ms=1e6, volume=1e-23, alpha=0.01, q=1.0, A=1.0, B=0.2)
    assert np.isfinite(big) and big > small


def test_cone_error_names_every_parameter_of_the_window():
    with pytest.raises(SpinlibInputError, match=r"field=2\.5"):
        thresholds.isotropic_cone_cos(current=0.2, field=2.5, alpha=0.1, q=0.5, A=1.0, B=-0.5)
