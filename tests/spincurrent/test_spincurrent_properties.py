"""Hypothesis property tests of every public function of spinlib.spincurrent (the input contract).

Valid input across the documented ranges (wavevectors from 1e-300 to 1e300, thresholds,
evanescent and propagating channels, theta = 0 and pi exactly, broadcasting) gives finite output
and no warning (pytest turns RuntimeWarning into an error); invalid input (NaN, inf, bool, str,
complex, None, out of range, non-integer counts, incompatible shapes, positional dataclass fields)
raises SpinlibInputError, a ValueError, naming the parameter as the caller spelled it and quoting
the value the caller passed.
"""

from __future__ import annotations

import dataclasses
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from spinlib import spincurrent as sc
from spinlib.validate import SpinlibInputError

FAST = settings(max_examples=60, deadline=None)

# --------------------------------------------------------------------------- strategies

angles = st.one_of(st.sampled_from([0.0, np.pi, np.pi / 2]), st.floats(0.0, np.pi))
decades = st.floats(-300.0, 300.0)
wavevectors = st.one_of(st.sampled_from([1.0, 1e-300, 1e300, 5e-324]), decades.map(lambda e: 10.0**e))
# q/k: zero, tiny and huge splittings, the threshold q = k exactly, evanescent
relative_steps = st.one_of(
    st.sampled_from([0.0, 1e-200, 1e-9, 1.0, 1 - 2**-52, 1 + 2**-52, 2.0, 1e100]),
    st.floats(0.0, 3.0),
)
unit_interval = st.one_of(st.sampled_from([0.0, 1.0, 0.5]), st.floats(0.0, 1.0))
open_unit = st.floats(1e-12, 1 - 1e-12)


def _finite_q(k, s):
    with np.errstate(over="ignore"):
        q = k * s
    assume(np.isfinite(q) and q < 1e300)
    return q


def _no_warnings(call):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return call()


def _length(v) -> float:
    """Euclidean length without under- or overflow in the test itself."""
    v = np.asarray(v, dtype=float)
    big = np.max(np.abs(v))
    return float(big * np.linalg.norm(v / big)) if big > 0 else 0.0


def _all_finite(x) -> bool:
    return bool(np.all(np.isfinite(np.asarray(x))))


# --------------------------------------------------------------------------- valid input


@FAST
@given(theta=angles)
def test_spinor_is_normalised(theta):
    a, b = _no_warnings(lambda: sc.spinor(theta=theta))
    assert _all_finite([a, b]) and abs(a * a + b * b - 1) < 1e-15


@FAST
@given(
    re=st.tuples(*(st.floats(-1e50, 1e50),) * 4),
    k=st.floats(1e-100, 1e100),
    direction=st.sampled_from([1, -1]),
)
def test_plane_wave_spin_current_is_velocity_times_spin(re, k, direction):
    a, b = complex(re[0], re[1]), complex(re[2], re[3])
    q = _no_warnings(lambda: sc.plane_wave_spin_current(a, b, k=k, direction=direction))
    assert q.shape == (3,) and _all_finite(q)
    # a pure spinor: the spin vector has length |a|^2 + |b|^2 (independent of Eq. (6)'s form)
    norm = abs(a) ** 2 + abs(b) ** 2
    assert _length(q) == pytest.approx(k * norm, rel=1e-12, abs=1e-300)


@FAST
@given(
    theta=angles,
    mix=st.tuples(st.floats(0, np.pi / 2), st.floats(0, np.pi / 2)),
    phases=st.tuples(*(st.floats(-np.pi, np.pi),) * 4),
    k=wavevectors,
)
def test_filter_torque_finite_and_perpendicular(theta, mix, phases, k):
    assume(k < 1e300)
    tu, ru = np.cos(mix[0]) * np.exp(1j * phases[0]), np.sin(mix[0]) * np.exp(1j * phases[1])
    td, rd = np.cos(mix[1]) * np.exp(1j * phases[2]), np.sin(mix[1]) * np.exp(1j * phases[3])
    n = _no_warnings(lambda: sc.filter_torque(theta=theta, t_up=tu, t_down=td, r_up=ru, r_down=rd, k=k))
    assert _all_finite(n)
    assert abs(n[2]) <= 1e-12 * k  # no torque along the magnetization
    assert np.hypot(n[0], n[1]) <= 2 * k * np.sin(theta) * (1 + 1e-12) + 1e-300


@FAST
@given(k=wavevectors, s_dn=relative_steps, s_up=relative_steps)
def test_step_amplitudes_finite_and_flux_conserving(k, s_dn, s_up):
    assume(k < 1e300)
    qd, qu = _finite_q(k, s_dn), _finite_q(k, s_up)
    amp = _no_warnings(lambda: sc.step_amplitudes(k=k, params=sc.StepModel(q_up=qu, q_down=qd)))
    assert all(_all_finite(getattr(amp, f.name)) for f in dataclasses.fields(amp))
    for t, r, K in ((amp.t_up, amp.r_up, amp.k_up), (amp.t_down, amp.r_down, amp.k_down)):
        # particle flux: k |r|^2 + Re(K) |t|^2 = k, scaled by k so nothing underflows
        flux = abs(r) ** 2 + (K.real / k) * abs(t) ** 2
        assert flux == pytest.approx(1.0, abs=1e-12)
        assert K.real >= 0 and K.imag >= 0 and (K.real == 0 or K.imag == 0)


@FAST
@given(k=wavevectors, s_dn=relative_steps, s_up=relative_steps)
def test_transverse_decay_constant_finite(k, s_dn, s_up):
    assume(k < 1e300)
    qd, qu = _finite_q(k, s_dn), _finite_q(k, s_up)
    kappa = _no_warnings(lambda: sc.transverse_decay_constant(k=k, params=sc.StepModel(q_up=qu, q_down=qd)))
    assert _all_finite(kappa) and kappa >= 0
    assert (kappa == 0) == (qd <= k and qu <= k)


@FAST
@given(k=wavevectors, theta=angles, s_dn=relative_steps, s_up=relative_steps)
def test_incident_and_reflected_spin_currents_finite(k, theta, s_dn, s_up):
    assume(k < 1e300)
    qd, qu = _finite_q(k, s_dn), _finite_q(k, s_up)
    q_in = _no_warnings(lambda: sc.incident_spin_current(k=k, theta=theta))
    q_re = _no_warnings(
        lambda: sc.reflected_spin_current(k=k, theta=theta, params=sc.StepModel(q_up=qu, q_down=qd))
    )
    assert _all_finite(q_in) and _all_finite(q_re)
    if k > 1e-290:  # (a subnormal k carries only a few significant bits)
        # accurate relative to its length k (|a|^2 - |b|^2 cancels near theta = pi/2)
        np.testing.assert_allclose(q_in / k, [np.sin(theta), 0.0, np.cos(theta)], rtol=0, atol=4e-16)
        assert _length(q_re) <= k * (1 + 1e-12)  # |r| <= 1: at most the incident spin comes back


@FAST
@given(
    k=wavevectors,
    theta=angles,
    s_dn=relative_steps,
    s_up=relative_steps,
    depth_decades=st.floats(-300, 250),
)
def test_transmitted_spin_current_finite(k, theta, s_dn, s_up, depth_decades):
    assume(k < 1e300)
    qd, qu = _finite_q(k, s_dn), _finite_q(k, s_up)
    depth = np.array([0.0, 10.0**depth_decades / k])  # k x up to 1e250: the phase stays representable
    assume(np.all(np.isfinite(depth)))
    q = _no_warnings(
        lambda: sc.transmitted_spin_current(depth, k=k, theta=theta, params=sc.StepModel(q_up=qu, q_down=qd))
    )
    assert q.shape == (2, 3) and _all_finite(q)
    # transverse magnitude never grows with depth
    perp = np.hypot(q[:, 0], q[:, 1])
    assert perp[1] <= perp[0] * (1 + 1e-12) + 1e-300


@FAST
@given(k=wavevectors, s_dn=st.floats(1e-200, 1.0, exclude_max=True), v=st.floats(0.0, 1.0, exclude_max=True))
def test_precession_period_positive_never_nan(k, s_dn, v):
    assume(k < 1e300)
    qd = _finite_q(k, s_dn)
    qu = qd * v
    assume(qd > 1e-300 and qd < k and qu < qd)
    period = _no_warnings(lambda: sc.precession_period(k=k, params=sc.StepModel(q_up=qu, q_down=qd)))
    assert period > 0 and not np.isnan(period)
    # finite whenever the period itself is representable: log period ~ log(4 pi k/((qd-qu)(qd+qu)))
    log_estimate = np.log(4 * np.pi) + np.log(k) - np.log(qd - qu) - np.log(qd + qu)
    if log_estimate < 700:
        assert np.isfinite(period)


@FAST
@given(
    depth_fraction=st.floats(0.0, 1.0),
    theta=angles,
    ratio=unit_interval,
    average=st.sampled_from(["fermi", "single"]),
    n_nodes=st.sampled_from([32, 48]),
)
def test_transverse_spin_current_profile_finite_and_bounded(depth_fraction, theta, ratio, average, n_nodes):
    depth = np.array([0.0, depth_fraction]) * sc.max_fermi_depth(n_nodes)
    q = _no_warnings(
        lambda: sc.transverse_spin_current_profile(
            depth, theta=theta, average=average, n_nodes=n_nodes, params=sc.StepModel.from_ratio(ratio=ratio)
        )
    )
    assert q.shape == (2, 3) and _all_finite(q)
    assert np.all(np.hypot(q[:, 0], q[:, 1]) <= np.sin(theta) + 1e-12)


def test_transverse_spin_current_profile_broadcasts():
    depth = np.linspace(0, 40, 4)[:, None, None]
    theta = np.linspace(0, np.pi, 3)[None, :, None]
    ratio = np.array([0.0, 0.5, 1.0])[None, None, :]
    for average in ("fermi", "single"):
        q = sc.transverse_spin_current_profile(
            depth, theta=theta, average=average, params=sc.StepModel.from_ratio(ratio=ratio)
        )
        assert q.shape == (4, 3, 3, 3) and _all_finite(q)


@FAST
@given(n=st.integers(32, 100_000))
def test_max_fermi_depth_positive(n):
    assert 0 < sc.max_fermi_depth(n) < np.inf


@FAST
@given(
    depth_decades=st.floats(-100, 300),
    theta=angles,
    q_down=st.floats(1e-7, 1 - 1e-12),
    terms=st.sampled_from([1, 2]),
)
def test_fermi_average_asymptote_finite(depth_decades, theta, q_down, terms):
    # q_down in (0, 1) k_F: k_down/k_up = sqrt(1 - q_down^2) in (0, 1); a q_down below ~2e-8 makes
    # the ratio round to 1 and is refused by name (test_fermi_asymptote_refuses_unresolvable_splitting)
    a = _no_warnings(
        lambda: sc.fermi_average_asymptote(
            10.0**depth_decades, theta=theta, terms=terms, params=sc.StepModel(q_down=q_down)
        )
    )
    assert _all_finite([a.real, a.imag])


def test_fermi_average_asymptote_overflow_is_an_error_not_nan():
    with pytest.raises(ValueError, match=r"depth is far too small .*got depth=1e-320"):
        sc.fermi_average_asymptote(1e-320, theta=1.0, terms=2, params=sc.StepModel.from_ratio(ratio=0.5))


@FAST
@given(
    background=st.floats(-1e100, 1e100),
    amplitude=st.floats(-1e100, 1e100),
    center=st.floats(-1e100, 1e100),
    width=st.floats(1e-100, 1e100),
    energy=st.one_of(st.floats(-1e300, 1e300), st.sampled_from([0.0, 1.7e308, -1.7e308])),
)
def test_resonant_perp_torque_finite(background, amplitude, center, width, energy):
    sample = sc.ResonantPerpTorque(background=background, amplitude=amplitude, center=center, width=width)
    assert _all_finite(_no_warnings(lambda: sample(energy)))
    assert _all_finite(_no_warnings(lambda: sample.derivative(energy)))


@FAST
@given(bias=st.floats(-1e300, 1e300), fermi_energy=st.floats(-1e300, 1e300))
def test_perpendicular_torque_bias_change_finite_and_even(bias, fermi_energy):
    sample = sc.ResonantPerpTorque()
    assume(abs(fermi_energy) + abs(bias) < 1.7e308)
    v = np.array([bias, -bias])
    d = _no_warnings(lambda: sc.perpendicular_torque_bias_change(v, n_perp=sample, fermi_energy=fermi_energy))
    assert _all_finite(d) and d[0] == d[1]


@FAST
@given(bias=st.floats(-1e100, 1e100), slope=st.floats(-1e100, 1e100))
def test_perpendicular_torque_quadratic_finite_and_even(bias, slope):
    r = _no_warnings(
        lambda: sc.perpendicular_torque_quadratic(np.array([bias, -bias]), dn_perp_at_fermi=slope)
    )
    assert _all_finite(r) and r[0] == r[1]


@FAST
@given(q_up=st.floats(0, 1e300), q_down=st.floats(0, 1e300), ratio=unit_interval)
def test_step_model_construction(q_up, q_down, ratio):
    model = sc.StepModel(q_up=q_up, q_down=q_down)
    assert isinstance(model.q_up, float) and isinstance(model.q_down, float)
    m2 = sc.StepModel.from_ratio(ratio=ratio)
    assert m2.q_up == 0.0 and 0.0 <= m2.q_down <= 1.0
    # k_down/k_up at k = k_F reproduces the ratio; near 1 (small splitting) to the last bits,
    # thanks to the factored form (near 0, q_down ~ 1 cannot hold the ratio's digits)
    if ratio >= 0.5:
        assert np.sqrt((1 - m2.q_down) * (1 + m2.q_down)) == pytest.approx(ratio, abs=1e-15)


# --------------------------------------------------------------------------- invalid input

NOT_REAL = [np.nan, np.inf, -np.inf, True, "1.0", 1j, None, [1.0, "x"]]
NOT_AMPLITUDE = [np.nan, complex(np.inf, 0), complex(0, np.nan), True, "1", None]
NOT_COUNT = [np.nan, np.inf, 2.5, 48.5, True, "48", None, -1]
SAMPLE = sc.ResonantPerpTorque()


def _with_step(func):
    """``func`` taking ``params=StepModel(q_up, q_down)``, called with the two fields as keywords."""

    def call(**kw):
        params = sc.StepModel(q_down=kw.pop("q_down"), q_up=kw.pop("q_up"))
        return func(**kw, params=params)

    return call


# function, the valid keyword arguments, {parameter: extra out-of-range values}
# (StepModel fields are given as keywords and passed as params=StepModel(...), so a bad field is
# refused by name, whether by the dataclass or by the function)
CALLS = {
    "spinor": (sc.spinor, {"theta": 1.0}, {"theta": [-0.1, 3.2]}),
    "plane_wave_spin_current": (
        lambda **kw: sc.plane_wave_spin_current(kw.pop("a"), kw.pop("b"), **kw),
        {"a": 1.0, "b": 0.5j, "k": 1.0, "direction": 1},
        {"k": [0.0, -1.0]},
    ),
    "filter_torque": (
        sc.filter_torque,
        {"theta": 1.0, "t_up": 1.0, "t_down": 0.0, "r_up": 0.0, "r_down": 1.0, "k": 1.0, "rtol": 1e-9},
        {"theta": [-1.0], "k": [0.0], "rtol": [0.0, -1e-9]},
    ),
    "step_amplitudes": (
        _with_step(sc.step_amplitudes),
        {"k": 1.0, "q_down": 0.8, "q_up": 0.0},
        {"k": [0.0, -2.0], "q_down": [-0.1], "q_up": [-0.1]},
    ),
    "incident_spin_current": (sc.incident_spin_current, {"k": 1.0, "theta": 1.0}, {"k": [0.0]}),
    "reflected_spin_current": (
        _with_step(sc.reflected_spin_current),
        {"k": 1.0, "theta": 1.0, "q_down": 0.8, "q_up": 0.0},
        {"k": [0.0], "q_down": [-1.0]},
    ),
    "transmitted_spin_current": (
        _with_step(lambda **kw: sc.transmitted_spin_current(kw.pop("depth"), **kw)),
        {"depth": 1.0, "k": 1.0, "theta": 1.0, "q_down": 0.8, "q_up": 0.0},
        {"depth": [-1.0], "k": [0.0], "q_up": [-1.0]},
    ),
    "precession_period": (
        _with_step(sc.precession_period),
        {"k": 1.0, "q_down": 0.8, "q_up": 0.1},
        {"k": [0.0], "q_down": [1.0, 2.0, 0.05], "q_up": [1.2, -0.1]},
    ),
    "transverse_decay_constant": (
        _with_step(sc.transverse_decay_constant),
        {"k": 1.0, "q_down": 1.5, "q_up": 1.2},
        {"k": [0.0], "q_down": [-1.0]},
    ),
    "transverse_spin_current_profile": (
        _with_step(lambda **kw: sc.transverse_spin_current_profile(kw.pop("depth"), **kw)),
        {"depth": 1.0, "theta": 1.0, "q_down": 0.8, "q_up": 0.0, "average": "fermi", "n_nodes": 48},
        {"depth": [-1.0, 1e4], "q_down": [1.5, -0.1], "q_up": [0.1]},
    ),
    "fermi_average_asymptote": (
        _with_step(lambda **kw: sc.fermi_average_asymptote(kw.pop("depth"), **kw)),
        {"depth": 10.0, "theta": 1.0, "q_down": 0.8, "q_up": 0.0, "terms": 1},
        {"depth": [0.0, -1.0], "q_down": [0.0, 1.0], "q_up": [0.1]},
    ),
    "perpendicular_torque_bias_change": (
        lambda **kw: sc.perpendicular_torque_bias_change(kw.pop("bias"), **kw),
        {"bias": 0.3, "n_perp": SAMPLE, "fermi_energy": 0.0, "n_nodes": 48},
        {"fermi_energy": [np.array([0.0, 1.0])]},
    ),
    "perpendicular_torque_quadratic": (
        lambda **kw: sc.perpendicular_torque_quadratic(kw.pop("bias"), **kw),
        {"bias": 0.3, "dn_perp_at_fermi": 0.1},
        {},
    ),
    "ResonantPerpTorque": (sc.ResonantPerpTorque, {"background": 0.0, "width": 0.2}, {"width": [0.0, -1.0]}),
    "ResonantPerpTorque.__call__": (lambda **kw: SAMPLE(kw["energy"]), {"energy": 0.1}, {}),
    "ResonantPerpTorque.derivative": (lambda **kw: SAMPLE.derivative(kw["energy"]), {"energy": 0.1}, {}),
    "StepModel": (sc.StepModel, {"q_up": 0.0, "q_down": 0.5}, {"q_up": [-0.5], "q_down": [-1e-300]}),
    "StepModel.from_ratio": (sc.StepModel.from_ratio, {"ratio": 0.5}, {"ratio": [1.1, -0.1]}),
    "max_fermi_depth": (lambda **kw: sc.max_fermi_depth(kw["n_nodes"]), {"n_nodes": 48}, {}),
}

COMPLEX_PARAMS = {"a", "b", "t_up", "t_down", "r_up", "r_down"}
COUNT_PARAMS = {"n_nodes"}
CHOICE_PARAMS = {
    "direction": [0, 2, True, "1", np.array([1])],
    "average": ["x", None, True, np.array(["fermi"])],
    "terms": [0, 3, True, 1.5],
}
CALLABLE_PARAMS = {"n_perp": [None, 3.0, "cos"]}


def _bad_cases():
    for fname, (func, valid, extra) in CALLS.items():
        for param in valid:
            if param in COMPLEX_PARAMS:
                bad = NOT_AMPLITUDE
            elif param in COUNT_PARAMS:
                bad = NOT_COUNT
            elif param in CHOICE_PARAMS:
                bad = CHOICE_PARAMS[param]
            elif param in CALLABLE_PARAMS:
                bad = CALLABLE_PARAMS[param]
            else:
                bad = NOT_REAL
            for value in [*bad, *extra.get(param, [])]:
                yield pytest.param(func, valid, param, value, id=f"{fname}-{param}-{value!r}")


def _quoted(value) -> str:
    if isinstance(value, np.ndarray):
        return repr(value) if value.size <= 6 else "array of shape"
    return repr(value)


@pytest.mark.parametrize("func, valid, param, value", list(_bad_cases()))
def test_invalid_input_names_parameter_and_quotes_value(func, valid, param, value):
    kwargs = {**valid, param: value}
    with pytest.raises(ValueError) as info:
        _no_warnings(lambda: func(**kwargs))
    assert isinstance(info.value, SpinlibInputError) and isinstance(info.value, TypeError)
    msg = str(info.value)
    assert param in msg, msg
    if param != "n_perp" or value is not None:
        assert _quoted(value) in msg, msg


STEP_FUNCTIONS = {
    "step_amplitudes": lambda params: sc.step_amplitudes(k=1.0, params=params),
    "reflected_spin_current": lambda params: sc.reflected_spin_current(k=1.0, theta=1.0, params=params),
    "transmitted_spin_current": lambda params: sc.transmitted_spin_current(
        1.0, k=1.0, theta=1.0, params=params
    ),
    "precession_period": lambda params: sc.precession_period(k=1.0, params=params),
    "transverse_decay_constant": lambda params: sc.transverse_decay_constant(k=1.0, params=params),
    "transverse_spin_current_profile": lambda params: sc.transverse_spin_current_profile(
        1.0, theta=1.0, params=params
    ),
    "fermi_average_asymptote": lambda params: sc.fermi_average_asymptote(10.0, theta=1.0, params=params),
}


@pytest.mark.parametrize("name", list(STEP_FUNCTIONS))
@pytest.mark.parametrize("bad", [None, 0.8, "StepModel", {"q_down": 0.8}, SAMPLE])
def test_params_must_be_a_step_model(name, bad):
    with pytest.raises(SpinlibInputError, match=r"params must be a StepModel instance; got ") as info:
        STEP_FUNCTIONS[name](bad)
    assert _quoted(bad) in str(info.value)


@pytest.mark.parametrize("name", list(STEP_FUNCTIONS))
def test_params_is_keyword_only(name):
    func = getattr(sc, name)
    with pytest.raises(TypeError):
        func(1.0, 1.0, 1.0, sc.StepModel())


def test_flux_violation_names_both_amplitudes_and_quotes_them():
    with pytest.raises(ValueError, match=r"t_up, r_up must satisfy .* got t_up=1, r_up=0.5"):
        sc.filter_torque(theta=1.0, t_up=1, t_down=1, r_up=0.5, r_down=0)
    with pytest.raises(ValueError, match=r"t_down, r_down .*rtol=0.001"):
        sc.filter_torque(theta=1.0, t_up=1, t_down=0.9, r_up=0, r_down=0.1, rtol=1e-3)


def test_incompatible_shapes_name_the_parameters():
    with pytest.raises(
        ValueError, match=r"depth, k, theta, q_down, q_up must broadcast.*depth \(3,\).*theta \(2,\)"
    ):
        sc.transmitted_spin_current(np.zeros(3), k=1.0, theta=np.zeros(2), params=sc.StepModel(q_down=0.5))
    with pytest.raises(ValueError, match=r"a, b, k must broadcast"):
        sc.plane_wave_spin_current(np.ones(2), np.ones(3), k=1.0)
    with pytest.raises(ValueError, match=r"depth, theta, params must broadcast"):
        sc.transverse_spin_current_profile(
            np.zeros(4), theta=np.zeros(3), params=sc.StepModel.from_ratio(ratio=0.5)
        )
    with pytest.raises(ValueError, match=r"k, q_down, q_up must broadcast"):
        sc.precession_period(k=np.ones(2), params=sc.StepModel(q_down=np.full(3, 0.5)))


def test_n_perp_returning_nan_is_an_error():
    with pytest.raises(ValueError, match="n_perp returned non-finite"):
        sc.perpendicular_torque_bias_change(0.5, n_perp=lambda e: e * np.nan)


def test_transmitted_phase_overflow_is_an_error_not_nan():
    with pytest.raises(ValueError, match="depth times the rotation wavevector exceeds"):
        sc.transmitted_spin_current(1e300, k=1e10, theta=1.0, params=sc.StepModel(q_down=0.5e10))
    # a wave that has decayed to zero has no phase to lose
    q = sc.transmitted_spin_current(1e300, k=1e10, theta=1.0, params=sc.StepModel(q_up=0.0, q_down=2e10))
    assert np.all(np.isfinite(q))


@pytest.mark.parametrize(
    "cls, fields", [(sc.StepModel, (0.0, 0.5)), (sc.ResonantPerpTorque, (0.0, 0.1, 0.2, 0.3))]
)
def test_parameter_dataclasses_keyword_only_and_frozen(cls, fields):
    with pytest.raises(TypeError):
        cls(*fields)
    obj = cls()
    with pytest.raises(dataclasses.FrozenInstanceError):
        obj.__setattr__(dataclasses.fields(cls)[0].name, 1.0)


def test_dataclass_fields_stored_as_python_floats():
    model = sc.StepModel(q_up=np.float32(0.25), q_down=1)
    assert type(model.q_up) is float and type(model.q_down) is float


# --------------------------------------------------------------------------- contract-fuzz regressions
# (found by a contract fuzz of an earlier session, since replaced by these hypothesis modules)


@pytest.mark.parametrize("n", [1e308, 10**6])
def test_huge_node_counts_are_refused_by_name(n):
    with pytest.raises(SpinlibInputError, match="n_nodes must be an integer"):
        sc.transverse_spin_current_profile(
            2.0, theta=1.0, n_nodes=n, params=sc.StepModel.from_ratio(ratio=0.5)
        )
    with pytest.raises(SpinlibInputError, match="n_nodes must be an integer"):
        sc.perpendicular_torque_bias_change(0.1, n_perp=sc.ResonantPerpTorque(), n_nodes=n)


def test_results_beyond_the_float_range_are_named_errors():
    with pytest.raises(SpinlibInputError, match=r"a=1e\+308"):
        sc.plane_wave_spin_current(1e308, 0.8, k=1.0)
    assert (
        _no_warnings(lambda: sc.precession_period(k=1.0, params=sc.StepModel(q_down=5e-324))) == np.inf
    )  # documented
    with pytest.raises(SpinlibInputError, match=r"k=1e\+308"):
        sc.transmitted_spin_current(2.0, k=1e308, theta=1.0, params=sc.StepModel(q_down=0.5))


@pytest.mark.parametrize("bad", [np.full(2, 0.5), np.full((3, 1), 0.5), np.array([])])
def test_single_number_parameters_refuse_arrays(bad):
    with pytest.raises(SpinlibInputError, match="rtol must be a single number"):
        sc.filter_torque(theta=1.0, t_up=0.6, t_down=0.8, r_up=-0.8, r_down=0.6j, rtol=bad)


def test_step_amplitudes_fields_share_the_broadcast_shape():
    amp = sc.step_amplitudes(k=np.full((3, 1), 1.0), params=sc.StepModel(q_down=np.linspace(0.1, 0.9, 4)))
    assert {np.shape(getattr(amp, f.name)) for f in dataclasses.fields(amp)} == {(3, 4)}


def test_step_model_fields_broadcast_as_a_batch():
    model = sc.StepModel.from_ratio(ratio=np.linspace(0.1, 0.9, 4))
    assert model.batch_shape == (4,) and model.q_up == 0.0
    assert sc.StepModel(q_up=np.zeros((2, 1)), q_down=np.ones(3)).batch_shape == (2, 3)
    with pytest.raises(SpinlibInputError, match=r"q_up, q_down must broadcast together"):
        sc.StepModel(q_up=np.zeros(2), q_down=np.ones(3))
    # a batch of models gives the batch of results, model by model
    qd = np.array([0.3, 0.8, 1.4])
    batch = sc.transmitted_spin_current(2.0, k=1.0, theta=1.0, params=sc.StepModel(q_down=qd))
    for i, q in enumerate(qd):
        one = sc.transmitted_spin_current(2.0, k=1.0, theta=1.0, params=sc.StepModel(q_down=q))
        np.testing.assert_allclose(batch[i], one, rtol=1e-15, atol=1e-300)


def test_fermi_asymptote_refuses_unresolvable_splitting():
    with pytest.raises(SpinlibInputError, match=r"params.q_down must be large enough .*got q_down=1e-12"):
        sc.fermi_average_asymptote(1.0, theta=0.0, params=sc.StepModel(q_down=1e-12))


def test_filter_torque_keeps_its_relative_accuracy_at_subnormal_k():
    tu, ru = np.cos(1.0), np.sin(1.0)
    n = sc.filter_torque(theta=1.0, t_up=tu, t_down=tu, r_up=ru, r_down=ru, k=5e-324)
    assert n[2] == 0.0  # no torque along the magnetization, even in the last bit
