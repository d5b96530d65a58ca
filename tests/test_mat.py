"""Physics checks of spinlib.mat (Bender, Duine & Tserkovnyak 2019, chapter 2).

Limits, symmetries, finite differences, the paper's qualitative claims about
Figs. 2-4, validation, and hypothesis properties. The comparisons with the SymPy
derivations live in tests/test_derivations_ch2_mat.py.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import mat
from spinlib.figures import ch2_mat as F

P = mat.FIG2
UNPOL = replace(P, lead_polarization=0.0)
ETAS = (1, -1)


def nb_reference(x, t):
    """x n_B(x) by the textbook formula in extended precision (slow, reference only)."""
    x = np.longdouble(x)
    t = np.longdouble(t)
    if x == 0:
        return float(t)
    return float(x / np.expm1(x / t))


# --------------------------------------------------------------------------- N_+-
@pytest.mark.parametrize("t", [1e-3, 0.05, 0.3, 1.0, 7.0, 100.0])
def test_bose_energy_matches_textbook_formula_relative(t):
    for x in np.linspace(-5, 5, 41):
        ref = nb_reference(x, t)
        if abs(ref) < 1e-290 or not np.isfinite(ref):
            continue
        assert mat.bose_energy(x, temperature=t) == pytest.approx(ref, rel=1e-13)


def test_zero_temperature_limits_exact():
    v = np.array([-7.5, -2.0, -1.0, -0.3, 0.0, 0.4, 1.0, 1.5, 9.0])
    n_plus, n_minus = mat.electron_hole_functions(v, temperature=0.0)
    ramp = np.maximum(np.abs(v) - 1.0, 0.0) / 2
    np.testing.assert_array_equal(n_plus, ramp)
    np.testing.assert_array_equal(n_minus, np.sign(v) * ramp)
    # the T -> 0+ limit is continuous
    n_plus_t, n_minus_t = mat.electron_hole_functions(v, temperature=1e-4)
    np.testing.assert_allclose(n_plus_t, ramp, atol=1e-4)
    np.testing.assert_allclose(n_minus_t, np.sign(v) * ramp, atol=1e-4)


def test_extreme_arguments_no_nan_no_overflow():
    x = np.array([-1e300, -1.0, 0.0, 1.0, 1e300])
    t = np.array([0.0, 1e-300, 1e-300, 1e300, 1e300])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        out = mat.bose_energy(x, temperature=t)
        assert np.all(np.isfinite(out))
        for arr in (*mat.electron_hole_functions(x, temperature=t),
                    *mat.electron_hole_derivatives(x, temperature=t)):
            assert np.all(np.isfinite(arr))
    assert out[0] == 1e300 and out[2] == 1e-300  # -x at T = 0; T at x = 0


def test_high_bias_asymptote():
    # |eV| >> T: N_+- reach their T = 0 ramps up to exponentially small terms
    v = np.array([50.0, -80.0])
    n_plus, n_minus = mat.electron_hole_functions(v, temperature=0.5)
    np.testing.assert_allclose(n_plus, (np.abs(v) - 1) / 2, rtol=1e-14)
    np.testing.assert_allclose(n_minus, np.sign(v) * (np.abs(v) - 1) / 2, rtol=1e-14)


def test_n_plus_at_zero_bias_is_equilibrium_number():
    t = np.array([0.0, 0.1, 1.0, 10.0])
    n_plus, n_minus = mat.electron_hole_functions(0.0, temperature=t)
    np.testing.assert_allclose(n_plus, mat.equilibrium_magnon_number(temperature=t), rtol=1e-14)
    np.testing.assert_array_equal(n_minus, 0.0)
    # classical limit N0 = T - 1/2 + 1/(12 T) + O(T^-3)
    assert mat.equilibrium_magnon_number(temperature=1e4) == pytest.approx(1e4 - 0.5 + 1 / 12e4, rel=1e-14)


@pytest.mark.parametrize("t", [0.02, 0.3, 1.0, 5.0])
def test_derivatives_match_finite_differences(t):
    v = np.linspace(-4.3, 4.1, 37)
    h = 1e-4
    fp = mat.electron_hole_functions(v + h, temperature=t)
    fm = mat.electron_hole_functions(v - h, temperature=t)
    f0 = mat.electron_hole_functions(v, temperature=t)
    d = mat.electron_hole_derivatives(v, temperature=t)
    for k in range(2):
        np.testing.assert_allclose(d[k], (fp[k] - fm[k]) / (2 * h), atol=1e-7)
        np.testing.assert_allclose(d[k + 2], (fp[k] - 2 * f0[k] + fm[k]) / h**2, atol=2e-3 / max(t, 1))


# --------------------------------------------------------------------------- spin dynamics
@pytest.mark.parametrize("eta", ETAS)
def test_steady_state_solves_rate_equation(eta):
    """N_s makes Eq. (12)-(13) stationary (with P_L -> -eta P_L, alpha_e/alpha_p = S_c/S)."""
    v = np.linspace(-20, 20, 81)[:, None]
    t = np.array([0.0, 0.4, 3.0])[None, :]
    ss = mat.steady_state(v, temperature=t, params=P, orientation=eta)
    a_e, a_p = 1.0, P.spin_ratio  # only the ratio matters
    pl = -eta * P.lead_polarization
    n = ss.magnon_number
    rate = -2 * a_p * (n - ss.n0) - 2 * a_e * (n - ss.n_plus) + 2 * a_e * pl * (ss.n_minus + n * v)
    np.testing.assert_allclose(rate, 0.0, atol=1e-12)
    np.testing.assert_allclose(ss.classical + ss.quantum, n, rtol=1e-15)


def test_equilibrium_at_zero_bias_and_infinite_spin():
    t = np.array([0.0, 0.5, 4.0])
    for eta in ETAS:
        np.testing.assert_allclose(mat.magnon_number(0.0, temperature=t, orientation=eta),
                                   mat.equilibrium_magnon_number(temperature=t), rtol=1e-14)
    # S -> infinity at fixed S_c: alpha_e/alpha_p -> 0, N_s -> N_0
    big = replace(P, spin_ratio=1e12)
    np.testing.assert_allclose(mat.magnon_number(np.linspace(-5, 5, 11), temperature=1.0, params=big),
                               mat.equilibrium_magnon_number(temperature=1.0), rtol=1e-10)


def test_critical_bias_and_refusal():
    assert mat.critical_bias(params=P, orientation=1) == pytest.approx(26 / 0.2)
    assert mat.critical_bias(params=P, orientation="AP") == pytest.approx(-26 / 0.2)
    assert mat.critical_bias(params=UNPOL, orientation=1) == np.inf
    # gamma diverges at V = -V_c: the AP junction at V -> +V_c (|V_c| = 130)
    n = mat.magnon_number(129.9, temperature=1.0, orientation=-1)
    assert n > 100
    with pytest.raises(ValueError, match=r"bias.*V_c"):
        mat.magnon_number(130.0, temperature=1.0, orientation=-1)
    with pytest.raises(ValueError, match=r"bias.*V_c"):
        mat.resistance(np.array([0.0, -131.0]), temperature=1.0, orientation=1)


def test_unpolarised_quantum_sTT_survives_and_classical_part_is_flat():
    v = np.linspace(-6, 6, 25)
    ss = mat.steady_state(v, temperature=0.7, params=UNPOL, orientation=1)
    np.testing.assert_array_equal(ss.gamma, 1.0)
    np.testing.assert_allclose(ss.classical, mat.equilibrium_magnon_number(temperature=0.7))
    assert np.all(ss.quantum[v != 0] > 0)  # effective heating for either sign of V
    np.testing.assert_allclose(ss.quantum, ss.quantum[::-1], rtol=1e-12)


def test_fig2_claims_zero_temperature_minimum_and_high_temperature_monotonic():
    v = np.linspace(-10, 10, 401)
    n0 = mat.magnon_number(v, temperature=0.0, orientation=-1)
    assert np.all(n0[np.abs(v) <= 1] == 0) and np.all(n0[np.abs(v) > 1] > 0)  # minimum (flat) at 0
    n10 = mat.magnon_number(v, temperature=10.0, orientation=-1)
    assert np.all(np.diff(n10) > 0)  # AP: monotonically increasing (classical STT)


# --------------------------------------------------------------------------- charge transport
@pytest.mark.parametrize("eta", ETAS)
@pytest.mark.parametrize("t", [0.0, 0.6, 3.0])
def test_current_vanishes_at_zero_bias_and_conductance_decomposition(eta, t):
    assert mat.current(0.0, temperature=t, orientation=eta) == 0.0
    v = np.linspace(-6.3, 6.2, 45)
    h = 1e-5
    fd = (mat.current(v + h, temperature=t, orientation=eta)
          - mat.current(v - h, temperature=t, orientation=eta)) / (2 * h)
    parts = mat.conductance_parts(v, temperature=t, orientation=eta)
    np.testing.assert_allclose(parts.total, fd, atol=1e-8)
    np.testing.assert_allclose(parts.total, parts.elastic + parts.mat + parts.stt, rtol=1e-15)


@pytest.mark.parametrize("eta", ETAS)
def test_second_derivatives_by_finite_differences(eta):
    v = np.linspace(-5.1, 5.3, 23)
    t, h = 0.8, 1e-4
    up = mat.conductance_parts(v + h, temperature=t, orientation=eta)
    dn = mat.conductance_parts(v - h, temperature=t, orientation=eta)
    mid = mat.conductance_parts(v, temperature=t, orientation=eta)
    np.testing.assert_allclose(mid.d_mat, (up.mat - dn.mat) / (2 * h), atol=1e-10)
    np.testing.assert_allclose(mid.d_stt, (up.stt - dn.stt) / (2 * h), atol=1e-11)


def test_linear_limit_infinite_spin():
    big = replace(P, spin=1e15)
    v = np.linspace(-5, 5, 11)
    for eta in ETAS:
        i = mat.current(v, temperature=0.5, params=big, orientation=eta)
        np.testing.assert_allclose(i, (1 + eta * P.magnetoconductance) * v, rtol=1e-12)


def test_unpolarised_current_is_odd():
    v = np.linspace(-7, 7, 29)
    i = mat.current(v, temperature=0.9, params=UNPOL, orientation=1)
    np.testing.assert_allclose(i, -i[::-1], atol=1e-15)


def test_parametrisation_below_eq11():
    assert P.inelastic_strength == pytest.approx(2 * 0.04 / 1.04)
    assert P.magnetoconductance == pytest.approx(2 * 0.04 / 1.04)
    assert UNPOL.magnetoconductance == 0.0 and UNPOL.inelastic_strength > 0


# --------------------------------------------------------------------------- Fig. 4 claims
@pytest.mark.parametrize("params,eta", [(P, 1), (P, -1), (UNPOL, 1)])
def test_mat_plateau_at_zero_temperature_every_orientation(params, eta):
    v = np.linspace(-0.999, 0.999, 101)
    r = mat.resistance(v, temperature=0.0, params=params, orientation=eta)
    r0 = 1.0 / (1.0 + eta * params.magnetoconductance)
    np.testing.assert_allclose(r, r0, rtol=1e-15)  # flat R for e|V| < hbar Omega at T = 0
    r_out = mat.resistance(np.array([-1.5, 1.5, -3.0, 3.0]), temperature=0.0, params=params, orientation=eta)
    assert np.all(r_out < r0)  # the plateau is a maximum: MAT opens an inelastic channel


def _extrema(v, r):
    mins = v[1:-1][(r[1:-1] < r[:-2]) & (r[1:-1] < r[2:])]
    maxs = v[1:-1][(r[1:-1] > r[:-2]) & (r[1:-1] > r[2:])]
    return mins, maxs


def test_parallel_quantum_stt_valley_then_monotonic():
    v = np.linspace(-12, 12, 2401)
    rs = F.family(v, [1.5, 3.0, 5.0, 8.0], params=P, orientation=1)
    mins, maxs = _extrema(v, rs[0])
    assert len(mins) == 1 and abs(mins[0]) < 2.0 and len(maxs) == 0  # valley near zero bias at T ~ 1.5
    for row in rs[1:]:
        assert np.all(np.diff(row) < 0)  # classical STT: monotonic, no extremum


def test_antiparallel_has_no_valley_near_zero_bias():
    v = np.linspace(-3, 3, 601)
    rs = F.family(v, np.arange(0.25, 2.01, 0.25), params=P, orientation=-1)
    for row in rs:
        mins, _ = _extrema(v, row)
        assert len(mins) == 0


@pytest.mark.parametrize("eta", ETAS)
def test_mat_dominates_at_low_temperature_and_bias(eta):
    v = np.linspace(-0.5, 0.5, 21)[None, :]
    t = np.linspace(0.05, 0.3, 6)[:, None]
    r = mat.stt_mat_ratio(v, temperature=t, orientation=eta)
    assert np.all(np.abs(r) < 1)
    # and STT dominates at high temperature and bias
    r_hot = mat.stt_mat_ratio(np.array([-8.0, 8.0]), temperature=3.5, orientation=eta)
    assert np.all(np.abs(r_hot) > 1)


def test_ratio_depends_on_spin_only_through_spin_ratio_and_saturates():
    v, t = np.linspace(-4, 4, 17), 0.7
    a = mat.stt_mat_ratio(v, temperature=t, params=replace(P, spin=10.0))
    b = mat.stt_mat_ratio(v, temperature=t, params=replace(P, spin=1e6))
    np.testing.assert_allclose(a, b, rtol=1e-9)
    small1 = mat.stt_mat_ratio(v, temperature=t, params=replace(P, spin_ratio=1e-7))
    small2 = mat.stt_mat_ratio(v, temperature=t, params=replace(P, spin_ratio=1e-9))
    np.testing.assert_allclose(small1, small2, rtol=1e-5)  # S << S_c: r no longer depends on S


def test_crossover_line_is_where_n0_equals_ntilde():
    v = np.array([-6.0, -2.0, 0.3, 1.0, 4.0])
    ts = mat.quantum_classical_crossover(v)
    ss = mat.steady_state(v, temperature=ts)
    np.testing.assert_allclose(ss.n0, ss.n_tilde, rtol=1e-8)
    assert mat.quantum_classical_crossover(0.0) == 0.0
    # larger S: quantum region shrinks (crossover at lower T)
    assert np.all(mat.quantum_classical_crossover(v, params=replace(P, spin_ratio=250.0)) < ts)


# --------------------------------------------------------------------------- validation
@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: mat.electron_hole_functions(1.0, temperature=-0.1), "temperature"),
        (lambda: mat.magnon_number(1.0, temperature=np.nan), "temperature"),
        (lambda: mat.JunctionParams(lead_polarization=1.2), r"lead_polarization must lie in \[-1, 1\]"),
        (lambda: mat.JunctionParams(island_polarization=-1.5), "island_polarization"),
        (lambda: mat.JunctionParams(spin=0.0), "spin must be > 0"),
        (lambda: mat.JunctionParams(spin_ratio=-1.0), "spin_ratio must be > 0"),
        (lambda: mat.resistance(1.0, temperature=0.1, orientation=0), "orientation"),
        (lambda: mat.stt_mat_ratio(1.0, temperature=0.0), "temperature must be > 0"),
        (lambda: mat.elastic_conductance(-1.0), "magnon"),
        (lambda: mat.crossover_temperature_K(frequency_GHz=-1.0), "frequency_GHz"),
        (lambda: F.family([0.0], [1.0], quantity="power"), "quantity"),
    ],
)
def test_bad_input_raises_naming_parameter(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_si_scales():
    # 10 GHz -> hf/k_B ~ 0.48 K; 1 T -> electron Larmor frequency ~ 28 GHz -> ~1.3 K
    from spinlib.units import tesla_to_ghz

    assert mat.crossover_temperature_K(frequency_GHz=10.0) == pytest.approx(0.4799, rel=1e-3)
    assert mat.crossover_temperature_K(frequency_GHz=tesla_to_ghz(1.0)) == pytest.approx(1.344, rel=1e-3)


# --------------------------------------------------------------------------- properties
biases = st.floats(-30, 30, allow_nan=False)
temps = st.floats(0, 50, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(v=biases, t=temps)
def test_property_symmetry_of_electron_hole_functions(v, t):
    p1, m1 = mat.electron_hole_functions(v, temperature=t)
    p2, m2 = mat.electron_hole_functions(-v, temperature=t)
    assert p1 == pytest.approx(p2, rel=1e-12, abs=1e-15)
    assert m1 == pytest.approx(-m2, rel=1e-12, abs=1e-15)
    assert p1 >= 0 and np.isfinite(p1) and np.isfinite(m1)
    assert p1 >= abs(m1) - 1e-12  # |N_-| <= N_+ (both rates are nonnegative)


@settings(max_examples=60, deadline=None)
@given(v=biases, t=temps, eta=st.sampled_from(ETAS),
       pl=st.floats(-0.9, 0.9), rho=st.floats(0.5, 500))
def test_property_magnon_number_nonnegative_and_finite(v, t, eta, pl, rho):
    p = replace(P, lead_polarization=pl, spin_ratio=rho)
    vc = abs(mat.critical_bias(params=p, orientation=eta))
    v = float(np.clip(v, -0.99 * vc, 0.99 * vc))
    ss = mat.steady_state(v, temperature=t, params=p, orientation=eta)
    assert ss.magnon_number >= 0 and np.isfinite(ss.magnon_number)
    assert ss.gamma > 0
    r = mat.resistance(v, temperature=t, params=p, orientation=eta)
    assert np.isfinite(r) and r > 0


@settings(max_examples=40, deadline=None)
@given(t=st.floats(0.01, 20), eta=st.sampled_from(ETAS), v=st.floats(-8, 8))
def test_property_ratio_finite_or_signed_infinity(t, eta, v):
    r = mat.stt_mat_ratio(v, temperature=t, orientation=eta)
    assert not np.isnan(r)
