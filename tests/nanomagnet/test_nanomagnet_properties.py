"""Hypothesis property tests of every public function of spinlib.nanomagnet (DESIGN.md contract).

Valid input across the documented ranges (T = 0 exactly, tiny and huge numbers, poles u = +-1,
broadcasting) gives finite output and no warning (pytest turns RuntimeWarning into an error);
invalid input raises a SpinlibInputError (a ValueError and a TypeError) naming the parameter as the
caller spelled it and quoting the value.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import nanomagnet as nm
from spinlib.nanomagnet import studies
from spinlib.validate import SpinlibInputError

FAST = settings(max_examples=60, deadline=None)
SLOW = settings(max_examples=25, deadline=None)

temps = st.one_of(st.just(0.0), st.floats(0.0, 20.0), st.sampled_from([5e-324, 1e-300, 1e300]))
energies = st.one_of(st.floats(-1e300, 1e300), st.sampled_from([0.0, 5e-324, -5e-324, 1e-8, -1e-8]))
us = st.one_of(st.floats(-1, 1), st.sampled_from([-1.0, 1.0, 0.0]))
half_spins = st.integers(1, 30).map(lambda k: 0.5 * k)
BAD_NUMBERS = [float("nan"), float("inf"), True, "1.0", 1j, None]


@st.composite
def leads(draw, zero_bias=False):
    n = draw(st.integers(1, 3))
    mu = draw(st.floats(-5, 5))
    return tuple(nm.Lead(rate_majority=draw(st.floats(0, 5)), rate_minority=draw(st.floats(0.01, 5)),
                         angle=draw(st.floats(0, np.pi)),
                         chemical_potential=mu if zero_bias else draw(st.floats(-5, 5))) for _ in range(n))


@st.composite
def grains(draw, zero_bias=False, max_spin=30, hot=True):
    return nm.Nanomagnet(spin=draw(st.integers(1, 2 * max_spin).map(lambda k: 0.5 * k)),
                         anisotropy=draw(st.floats(0, 3)), field=draw(st.floats(-3, 3)),
                         level=draw(st.floats(-3, 3)), orbital=draw(st.sampled_from([1, -1])),
                         temperature=draw(st.floats(0.02, 5) if hot else temps),
                         damping=draw(st.floats(0.001, 0.5)), leads=draw(leads(zero_bias)))


reduced_rates = st.builds(nm.NMDRates, left_up=st.floats(0, 30), left_down=st.floats(0, 30),
                          right_up=st.floats(0.01, 30), right_down=st.floats(0, 30))


def finite(*arrays):
    for a in arrays:
        assert np.all(np.isfinite(np.asarray(a, dtype=float)))


# --------------------------------------------------------------------------- thermal factors
@FAST
@given(e=energies, t=temps)
def test_fermi_and_bath_rate_finite_and_bounded(e, t):
    n = nm.fermi(e, temperature=t)
    w = nm.bath_rate(e, temperature=t)
    finite(n, w)
    assert 0.0 <= n <= 1.0
    assert w >= 0.0 and w >= e - abs(e) * 1e-12  # w(E) = E (1 + n_B) >= E


def test_thermal_factors_broadcast_and_limits():
    e = np.array([-2.0, 0.0, 2.0])
    t = np.array([[0.0], [1.0]])
    assert nm.fermi(e, temperature=t).shape == (2, 3)
    np.testing.assert_array_equal(nm.fermi(e, temperature=0.0), [1.0, 0.5, 0.0])
    np.testing.assert_array_equal(nm.bath_rate(e, temperature=0.0), [0.0, 0.0, 2.0])
    assert nm.bath_rate(0.0, temperature=0.7) == pytest.approx(0.7)


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_thermal_factors_refuse_bad_input(bad):
    for f in (nm.fermi, nm.bath_rate):
        with pytest.raises(SpinlibInputError, match="energy"):
            f(bad, temperature=1.0)
        with pytest.raises(SpinlibInputError, match="temperature"):
            f(1.0, temperature=bad)
    with pytest.raises(SpinlibInputError, match=r"temperature must be >= 0; got -1"):
        nm.fermi(0.0, temperature=-1.0)


# --------------------------------------------------------------------------- spin algebra, leads
@FAST
@given(two_s=st.integers(1, 200), data=st.data())
def test_cg_weight_in_unit_interval(two_s, data):
    s = two_s / 2
    m = -s + data.draw(st.integers(0, two_s))
    for sg in (1, -1):
        w = [nm.clebsch_gordan_weight(s, m, sigma=sg, orbital=o) for o in (1, -1)]
        finite(*w)
        assert 0 <= min(w) and max(w) <= 1 and sum(w) == pytest.approx(1.0)


@pytest.mark.parametrize("kwargs, name", [
    ({"spin": 0.25, "sz": 0.25}, "spin"), ({"spin": 1.5, "sz": 0.0}, "sz"), ({"spin": 1.5, "sz": 2.5}, "sz"),
    ({"spin": 1.5, "sz": 0.5, "sigma": 0}, "sigma"), ({"spin": 1.5, "sz": 0.5, "orbital": 2}, "orbital"),
    ({"spin": None, "sz": 0.5}, "spin"), ({"spin": 1.5, "sz": 0.5, "sigma": True}, "sigma"),
])
def test_cg_weight_refuses(kwargs, name):
    args = {"sigma": 1, "orbital": 1, **kwargs}
    with pytest.raises(SpinlibInputError, match=name):
        nm.clebsch_gordan_weight(args.pop("spin"), args.pop("sz"), **args)


@FAST
@given(gu=st.floats(0, 1e300), gd=st.floats(0, 1e300), th=st.floats(0, np.pi))
def test_rates_along_z(gu, gd, th):
    up, dn = nm.rates_along_z(rate_majority=gu, rate_minority=gd, angle=th)
    finite(up, dn)
    assert up >= 0 and dn >= 0


@pytest.mark.parametrize("bad, name", [({"angle": -0.1}, "angle"), ({"angle": 4.0}, "angle"),
                                       ({"rate_majority": -1.0}, "rate_majority"),
                                       ({"rate_minority": float("nan")}, "rate_minority")])
def test_rates_along_z_refuses(bad, name):
    args = {"rate_majority": 1.0, "rate_minority": 1.0, "angle": 0.0, **bad}
    with pytest.raises(SpinlibInputError, match=name):
        nm.rates_along_z(**args)


# --------------------------------------------------------------------------- master equation
@SLOW
@given(p=grains(max_spin=15, hot=False))
def test_master_equation_functions_valid_input(p):
    try:
        prob = nm.steady_state(params=p)
    except SpinlibInputError as exc:  # T = 0 can leave several closed classes: a clear refusal
        assert "no unique steady state" in str(exc)
        return
    finite(prob)
    assert prob.min() >= 0 and prob.sum() == pytest.approx(1.0)
    q = nm.generator(params=p)
    finite(q.data)
    charge, sz = nm.state_table(params=p)
    assert charge.shape == sz.shape == prob.shape
    cur = nm.lead_currents(params=p, probabilities=prob)
    finite(cur)
    assert abs(cur.sum()) <= 1e-9 * (1 + np.abs(cur).max())
    u, pr = nm.spin_distribution(params=p, probabilities=prob)
    assert np.all(np.diff(u) >= 0) and np.all(np.abs(u) <= 1)
    finite(nm.addition_energy(sz[charge == 0], sigma=1, params=p))


def test_master_equation_refuses_bad_params():
    for f in (nm.generator, nm.steady_state, nm.lead_currents, nm.spin_distribution, nm.state_table):
        with pytest.raises(SpinlibInputError, match=r"params must be a Nanomagnet instance; got None"):
            f(params=None)
    p = nm.Nanomagnet(spin=2)
    with pytest.raises(SpinlibInputError, match="probabilities"):
        nm.lead_currents(params=p, probabilities=np.ones(3))
    with pytest.raises(SpinlibInputError, match="probabilities"):
        nm.lead_currents(params=p, probabilities="x")
    with pytest.raises(SpinlibInputError, match="sigma"):
        nm.addition_energy(0.0, sigma=2, params=p)


@pytest.mark.parametrize("field_name", ["spin", "anisotropy", "field", "level", "temperature", "damping"])
@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_nanomagnet_fields_refuse_non_numbers(field_name, bad):
    with pytest.raises(SpinlibInputError, match=field_name):
        nm.Nanomagnet(**{field_name: bad})


@pytest.mark.parametrize("spin", [0.0, 0.25, -0.5, 1.2, 2.75])
def test_spin_must_be_half_integer(spin):
    with pytest.raises(SpinlibInputError, match=rf"spin must be a half-integer >= 0.5 .*got {spin!r}"):
        nm.Nanomagnet(spin=spin)


# --------------------------------------------------------------------------- NMD functions
@SLOW
@given(p=grains(max_spin=2000, hot=False), u=st.one_of(us, st.lists(us, min_size=1, max_size=5)))
def test_nmd_functions_finite(p, u):
    u = np.asarray(u, dtype=float)
    fu, fd = nm.channel_functions(u, params=p)
    r = nm.nmd_drift(u, params=p)
    d = nm.nmd_diffusion(u, params=p)
    i = nm.nmd_current(u, params=p)
    finite(fu, fd, r, d, i)
    assert np.all(d >= -1e-15)
    assert np.all(np.abs(nm.nmd_drift(np.array([-1.0, 1.0]), params=p)) == 0)


@SLOW
@given(p=grains(max_spin=500))
def test_nmd_fixed_points_valid(p):
    pts, stable = nm.nmd_fixed_points(params=p, n_grid=201)
    assert pts[0] == -1 and pts[-1] == 1 and np.all(np.diff(pts) > 0)
    assert stable.dtype == bool


@pytest.mark.parametrize("bad", [1.5, -1.5, float("nan"), None, "0", True])
def test_nmd_functions_refuse_bad_u(bad):
    p = nm.Nanomagnet(spin=5)
    for f in (nm.channel_functions, nm.nmd_drift, nm.nmd_diffusion, nm.nmd_current):
        with pytest.raises(SpinlibInputError, match=r"\bu\b"):
            f(bad, params=p)
    with pytest.raises(SpinlibInputError, match="params"):
        nm.nmd_drift(0.0, params=None)
    with pytest.raises(SpinlibInputError, match="n_grid"):
        nm.nmd_fixed_points(params=p, n_grid=2.5)


def test_simulations_validate_and_run():
    p = nm.Nanomagnet(spin=3, temperature=0.5, damping=0.05)
    tr = nm.simulate_nmd(0.0, params=p, t_end=10.0, n_steps=50, seed=1)
    t, u = tr.t, tr.u
    finite(t, u)
    assert t.shape == u.shape == (51,)
    tr = nm.simulate_master(params=p, t_end=10.0, seed=np.random.default_rng(1))
    t, u = tr.t, tr.u
    finite(t, u)
    for kwargs, name in (({"t_end": -1.0}, "t_end"), ({"t_end": 1.0, "n_steps": 0}, "n_steps"),
                         ({"t_end": 1.0, "n_steps": 2.5}, "n_steps"), ({"t_end": 1.0, "seed": True}, "seed")):
        with pytest.raises(SpinlibInputError, match=name):
            nm.simulate_nmd(0.0, params=p, **{"n_steps": 10, **kwargs})
    with pytest.raises(SpinlibInputError, match="u0"):
        nm.simulate_master(params=p, t_end=1.0, u0=2.0)
    with pytest.raises(SpinlibInputError, match="max_jumps"):
        nm.simulate_master(params=p, t_end=1.0, max_jumps=0)


# --------------------------------------------------------------------------- reduced model
@FAST
@given(r=reduced_rates, v=st.floats(-50, 50), h=st.floats(-50, 50), u=us)
def test_reduced_functions_finite_and_consistent(r, v, h, u):
    q = nm.torque_asymmetry(params=r)
    assert -1 <= q <= 1
    finite(nm.theta_all_open(params=r), nm.reduced_udot(u, bias=v, field=h, params=r),
           nm.reduced_current(u, bias=v, field=h, params=r))
    assert nm.theta_category(params=r) in (1, 2, 3, 4)
    code = int(nm.reduced_classify(bias=v, field=h, params=r))
    pts, stable = nm.reduced_fixed_points(bias=v, field=h, params=r)
    if q >= 0:  # the codes of Sec. V.2 assume q >= 0 (as Fig. 6)
        assert code == nm.MINUS * stable[0] + nm.PLUS * stable[-1] + nm.SP * bool(stable[1:-1].any())


def test_reduced_functions_broadcast_and_sweep():
    r = studies.FIG6_UPPER_RIGHT
    v = np.linspace(-5, 5, 7)[:, None]
    h = np.linspace(-5, 2, 4)[None, :]
    assert nm.reduced_classify(bias=v, field=h, params=r).shape == (7, 4)
    assert nm.reduced_udot(np.zeros((7, 4)), bias=v, field=h, params=r).shape == (7, 4)
    sw = nm.reduced_sweep(bias=np.linspace(3, 7, 11), field=-4.1, params=r, u_start=-1.0)
    u, i = sw.u, sw.current
    finite(u, i)
    lines = nm.channel_lines(np.array([0.0, 1.0]))
    assert set(lines) == {"up at +1", "up at -1", "down at +1", "down at -1"}
    g = nm.grain_for_reduced(params=r, spin=10, bias=5.0, field=-4.0)
    assert isinstance(g, nm.Nanomagnet)


@pytest.mark.parametrize("bad", BAD_NUMBERS)
def test_reduced_functions_refuse(bad):
    r = studies.FIG6_UPPER_RIGHT
    with pytest.raises(SpinlibInputError, match="bias"):
        nm.reduced_classify(bias=bad, field=0.0, params=r)
    with pytest.raises(SpinlibInputError, match="field"):
        nm.reduced_udot(0.0, bias=0.0, field=bad, params=r)
    with pytest.raises(SpinlibInputError, match="params"):
        nm.reduced_classify(bias=0.0, field=0.0, params=bad)
    with pytest.raises(SpinlibInputError, match="field"):
        nm.channel_lines(bad)
    with pytest.raises(SpinlibInputError, match="left_up"):
        nm.NMDRates(left_up=bad, left_down=1, right_up=1, right_down=1)


def test_reduced_shapes_refused():
    r = studies.FIG6_UPPER_RIGHT
    with pytest.raises(SpinlibInputError, match="bias and field must broadcast"):
        nm.reduced_classify(bias=np.zeros(3), field=np.zeros(4), params=r)
    with pytest.raises(SpinlibInputError, match="bias must be a scalar"):
        nm.reduced_fixed_points(bias=np.zeros(2), field=0.0, params=r)
    with pytest.raises(SpinlibInputError, match="1-d sweep"):
        nm.reduced_sweep(bias=1.0, field=0.0, params=r)
    with pytest.raises(SpinlibInputError, match="u_start"):
        nm.reduced_sweep(bias=np.zeros(3), field=0.0, params=r, u_start=3.0)
    with pytest.raises(SpinlibInputError, match="spin"):
        nm.grain_for_reduced(params=r, spin=0.3, bias=0.0, field=0.0)
    with pytest.raises(SpinlibInputError, match="damping"):
        nm.grain_for_reduced(params=r, spin=3, bias=0.0, field=0.0, damping=0.0)


# --------------------------------------------------------------------------- zero bias
@SLOW
@given(p=grains(zero_bias=True, max_spin=2000, hot=False), u=us)
def test_zero_bias_functions_finite(p, u):
    finite(nm.zero_bias_udot(u, params=p), nm.zero_bias_current(u, params=p))
    if p.temperature > 0:
        exact, high = nm.lead_damping(params=p, u=u if abs(u) < 1 else 0.0)  # open interval
        assert not np.isnan(exact) and not np.isnan(high) and exact >= 0 and high >= 0
        if p.temperature >= 1e-300:
            finite(exact, high)


def test_zero_bias_functions_refuse():
    biased = nm.Nanomagnet(leads=(nm.Lead(rate_majority=1, rate_minority=1, chemical_potential=1.0),
                                  nm.Lead(rate_majority=1, rate_minority=1)))
    for f in (nm.zero_bias_udot, nm.zero_bias_current):
        with pytest.raises(SpinlibInputError, match="params must have all leads at one chemical potential"):
            f(0.0, params=biased)
    with pytest.raises(SpinlibInputError, match="temperature must be > 0"):
        nm.lead_damping(params=nm.Nanomagnet(temperature=0.0))
    with pytest.raises(SpinlibInputError, match="params"):
        nm.lead_damping(params=None)


# --------------------------------------------------------------------------- several levels
@SLOW
@given(p=st.builds(
    nm.MultiLevelGrain, spin=st.integers(1, 8).map(lambda k: 0.5 * k),
    levels=st.lists(st.builds(nm.Level, addition_energy=st.floats(-3, 3), orbital=st.sampled_from([1, -1]),
                              occupied=st.booleans()), min_size=1, max_size=3).map(tuple),
    gate=st.floats(-3, 3), exchange=st.floats(0, 1), anisotropy=st.floats(0, 2), field=st.floats(-2, 2),
    temperature=st.floats(0.05, 3), damping=st.floats(0.001, 0.2), leads=leads()))
def test_multilevel_functions_valid_input(p):
    occ, charge, spin, sz = nm.multilevel_states(params=p)
    assert occ.shape[0] == charge.size == spin.size == sz.size
    try:
        prob = nm.multilevel_steady_state(params=p)
    except SpinlibInputError as exc:
        assert "no unique steady state" in str(exc)
        return
    finite(prob, nm.multilevel_generator(params=p), nm.multilevel_current(params=p, probabilities=prob))
    assert prob.min() >= 0 and prob.sum() == pytest.approx(1.0)
    grid = nm.multilevel_current_map(params=p, biases=np.array([-1.0, 0.0, 2.0]), gates=np.array([0.0]))
    finite(grid)
    assert grid.shape == (1, 3)


def test_multilevel_refuses():
    lv = nm.Level(addition_energy=0.0, orbital=1)
    lead = nm.Lead(rate_majority=1.0, rate_minority=1.0)
    with pytest.raises(SpinlibInputError, match="levels"):
        nm.MultiLevelGrain(levels=(), leads=(lead,))
    with pytest.raises(SpinlibInputError, match="levels"):
        nm.MultiLevelGrain(levels=(lv,) * 7, leads=(lead,))
    with pytest.raises(SpinlibInputError, match=r"leads\[0\]"):
        nm.MultiLevelGrain(levels=(lv,), leads=(1.0,))
    with pytest.raises(SpinlibInputError, match="exchange"):
        nm.MultiLevelGrain(levels=(lv,), leads=(lead,), exchange=-1.0)
    with pytest.raises(SpinlibInputError, match="orbital"):
        nm.Level(addition_energy=0.0, orbital=0)
    with pytest.raises(SpinlibInputError, match="occupied"):
        nm.Level(addition_energy=0.0, orbital=1, occupied=1)
    with pytest.raises(SpinlibInputError, match="addition_energy"):
        nm.Level(addition_energy=float("nan"), orbital=1)
    p = nm.MultiLevelGrain(levels=(lv,), leads=(lead,))
    with pytest.raises(SpinlibInputError, match="biases"):
        nm.multilevel_current_map(params=p, biases=np.zeros((2, 2)), gates=np.zeros(2))
    with pytest.raises(SpinlibInputError, match="params"):
        nm.multilevel_current(params=None)
    with pytest.raises(SpinlibInputError, match="probabilities"):
        nm.multilevel_current(params=p, probabilities=np.ones(2))


def test_spin_zero_charge_state_has_u_zero_without_warning():
    """S0 = 1/2 with a minority level: the N + 1 state has spin 0 (found by hypothesis in CI)."""
    p = nm.Nanomagnet(spin=0.5, anisotropy=0.0, orbital=-1, temperature=0.0, damping=0.5,
                      leads=(nm.Lead(rate_majority=0.0, rate_minority=1.0, angle=1.0),))
    u, prob = nm.spin_distribution(params=p)
    np.testing.assert_array_equal(u, [-1.0, 0.0, 1.0])
    assert np.isclose(prob.sum(), 1.0)
