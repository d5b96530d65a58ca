"""Physics checks of spinlib.spincurrent: conservation, limits, symmetries, dephasing, validation."""

import contextlib
import io
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.integrate import quad

from spinlib import spincurrent as sc

SETTINGS = settings(max_examples=40, deadline=None)
angles = st.floats(0.0, np.pi)
wavevectors = st.floats(0.05, 3.0)
steps = st.floats(0.0, 3.0)


# ---------------------------------------------------------------- plane waves and toy model 1


@SETTINGS
@given(th=angles, ph=st.floats(-np.pi, np.pi), k=wavevectors, direction=st.sampled_from([1, -1]))
def test_pure_spinor_flux_is_velocity_times_unit_spin(th, ph, k, direction):
    a, b = np.cos(th / 2), np.sin(th / 2) * np.exp(1j * ph)
    q = sc.plane_wave_spin_current(a, b, k=k, direction=direction)
    spin = np.array([np.sin(th) * np.cos(ph), np.sin(th) * np.sin(ph), np.cos(th)])
    np.testing.assert_allclose(q, direction * k * spin, atol=1e-12)


def _unitary_pair(alpha, phase_t, phase_r):
    return np.cos(alpha) * np.exp(1j * phase_t), np.sin(alpha) * np.exp(1j * phase_r)


@SETTINGS
@given(
    th=angles,
    al=st.tuples(st.floats(0, np.pi / 2), st.floats(0, np.pi / 2)),
    ph=st.tuples(*(st.floats(-np.pi, np.pi),) * 4),
    k=wavevectors,
)
def test_filter_torque_has_no_component_along_magnetization(th, al, ph, k):
    tu, ru = _unitary_pair(al[0], ph[0], ph[1])
    td, rd = _unitary_pair(al[1], ph[2], ph[3])
    n = sc.filter_torque(theta=th, t_up=tu, t_down=td, r_up=ru, r_down=rd, k=k)
    assert abs(n[2]) < 1e-12
    # closed form of Eq. (11), y sign as derived from Eq. (4)
    mix = tu * np.conj(td) + ru * np.conj(rd)
    np.testing.assert_allclose(n[:2], k * np.sin(th) * np.array([1 - mix.real, mix.imag]), atol=1e-12)
    # transverse torque is bounded by twice the incident transverse flux
    assert np.hypot(n[0], n[1]) <= 2 * k * np.sin(th) + 1e-12


def test_filter_torque_vanishes_without_filtering_or_for_collinear_spin():
    tu, ru = _unitary_pair(0.4, 0.3, -1.0)
    n = sc.filter_torque(theta=np.linspace(0, np.pi, 9), t_up=tu, t_down=tu, r_up=ru, r_down=ru)
    np.testing.assert_allclose(n, 0, atol=1e-13)
    td, rd = _unitary_pair(1.1, 2.0, 0.5)
    for th in (0.0, np.pi):
        np.testing.assert_allclose(
            sc.filter_torque(theta=th, t_up=tu, t_down=td, r_up=ru, r_down=rd), 0, atol=1e-13
        )


def test_perfect_filter_absorbs_full_transverse_flux():
    # majority transmitted, minority reflected (no phase): N = k sin(theta) x_hat, Eq. (16)
    n = sc.filter_torque(theta=0.8, t_up=1, t_down=0, r_up=0, r_down=1, k=1.3)
    np.testing.assert_allclose(n, [1.3 * np.sin(0.8), 0, 0], atol=1e-13)


def test_filter_torque_rejects_nonunitary_amplitudes():
    with pytest.raises(ValueError, match="t_up, r_up"):
        sc.filter_torque(theta=1.0, t_up=1, t_down=1, r_up=0.5, r_down=0)


# ---------------------------------------------------------------- toy model 2 (single k)


@SETTINGS
@given(k=wavevectors, qu=steps, qd=steps)
def test_step_amplitudes_conserve_particle_flux(k, qu, qd):
    amp = sc.step_amplitudes(k=k, params=sc.StepModel(q_up=qu, q_down=qd))
    for t, r, kk in ((amp.t_up, amp.r_up, amp.k_up), (amp.t_down, amp.r_down, amp.k_down)):
        assert np.isfinite(t) and np.isfinite(r)
        np.testing.assert_allclose(k * abs(r) ** 2 + kk.real * abs(t) ** 2, k, rtol=1e-12)


@SETTINGS
@given(k=wavevectors, qu=steps, qd=steps, th=angles)
def test_spin_current_continuous_at_interface(k, qu, qd, th):
    left = sc.incident_spin_current(k=k, theta=th) + sc.reflected_spin_current(
        k=k, theta=th, params=sc.StepModel(q_up=qu, q_down=qd)
    )
    right = sc.transmitted_spin_current(0.0, k=k, theta=th, params=sc.StepModel(q_up=qu, q_down=qd))
    np.testing.assert_allclose(left, right, atol=1e-11)


@SETTINGS
@given(k=wavevectors, qd=steps, th=angles)
def test_no_reflected_transverse_spin_without_majority_step(k, qd, th):
    q = sc.reflected_spin_current(k=k, theta=th, params=sc.StepModel(q_down=qd))
    assert q[0] == 0 and q[1] == 0
    assert q[2] >= 0


def test_propagating_transverse_spin_precesses_with_constant_magnitude():
    k, qd, th = 1.0, 0.8, 1.1
    period = sc.precession_period(k=k, params=sc.StepModel(q_down=qd))
    x = np.linspace(0, 3 * period, 301)
    q = sc.transmitted_spin_current(x, k=k, theta=th, params=sc.StepModel(q_down=qd))
    np.testing.assert_allclose(np.hypot(q[:, 0], q[:, 1]), k * np.sin(th), rtol=1e-12)
    np.testing.assert_allclose(q[:, 2], q[0, 2], rtol=1e-12)  # longitudinal spin current conserved
    np.testing.assert_allclose(
        sc.transmitted_spin_current(x + period, k=k, theta=th, params=sc.StepModel(q_down=qd)), q, atol=1e-12
    )
    # finite difference of the azimuth: d(phi)/dx = -(k_up - k_down)
    phase = np.unwrap(np.angle(q[:, 0] + 1j * q[:, 1]))
    np.testing.assert_allclose(np.gradient(phase, x)[5:-5], -(k - np.sqrt(k**2 - qd**2)), rtol=1e-6)


def test_evanescent_transverse_spin_decays_at_decay_constant():
    k, qu, qd, th = 1.0, 1.3, 1.9, 2.0
    x = np.linspace(0, 6, 601)
    q = sc.transmitted_spin_current(x, k=k, theta=th, params=sc.StepModel(q_up=qu, q_down=qd))
    kappa = sc.transverse_decay_constant(k=k, params=sc.StepModel(q_up=qu, q_down=qd))
    np.testing.assert_allclose(kappa, np.sqrt(qu**2 - 1) + np.sqrt(qd**2 - 1), rtol=1e-14)
    logmag = np.log(np.hypot(q[:, 0], q[:, 1]))
    np.testing.assert_allclose(np.gradient(logmag, x)[2:-2], -kappa, rtol=1e-6)
    np.testing.assert_allclose(q[:, 2], 0, atol=1e-15)  # no longitudinal spin current
    # total reflection: longitudinal flux on the left vanishes, torque gets a y (field-like) part
    refl = sc.reflected_spin_current(k=k, theta=th, params=sc.StepModel(q_up=qu, q_down=qd))
    np.testing.assert_allclose(sc.incident_spin_current(k=k, theta=th)[2] + refl[2], 0, atol=1e-14)
    assert abs(refl[1]) > 1e-3


def test_threshold_and_deep_limits_are_exact():
    amp = sc.step_amplitudes(k=1.0, params=sc.StepModel(q_down=1.0))
    assert amp.t_down == 2 and amp.r_down == 1
    q = sc.transmitted_spin_current(
        np.array([0, 1e3, 1e6]), k=1.0, theta=1.0, params=sc.StepModel(q_up=2.0, q_down=3.0)
    )
    assert np.all(np.isfinite(q)) and np.all(q[1:] == 0)
    assert np.isfinite(sc.transverse_decay_constant(k=1.0, params=sc.StepModel(q_down=1.0)))


def test_precession_period_requires_propagating_states():
    with pytest.raises(ValueError, match=r"q_down must be < k .*got q_down=1.2, k=1.0"):
        sc.precession_period(k=1.0, params=sc.StepModel(q_down=1.2))
    with pytest.raises(ValueError, match=r"q_up must be < k .*got q_up=1.5, k=1.0"):
        sc.precession_period(k=1.0, params=sc.StepModel(q_up=1.5, q_down=0.9))
    with pytest.raises(ValueError, match=r"q_down must be > params.q_up.*got q_down=0.5, q_up=0.7"):
        sc.precession_period(k=2.0, params=sc.StepModel(q_up=0.7, q_down=0.5))


# ---------------------------------------------------------------- beyond the paper: Fermi-surface sum


def _quad_reference(x, rho):
    q2 = 1 - rho**2

    def kd(u):
        d = u * u - q2
        return np.sqrt(d) + 0j if d >= 0 else 1j * np.sqrt(-d)

    def f(u, part):
        val = 2 * u * np.exp(1j * (kd(u) - u) * x)
        return val.real if part == 0 else val.imag

    pts = [np.sqrt(q2)]
    re = quad(f, 0, 1, args=(0,), points=pts, limit=400, epsabs=1e-12)[0]
    im = quad(f, 0, 1, args=(1,), points=pts, limit=400, epsabs=1e-12)[0]
    return re + 1j * im


@pytest.mark.parametrize("rho", [0.0, 0.35, 0.6, 0.9])
def test_fermi_sum_matches_adaptive_quadrature(rho):
    xs = np.array([0.0, 0.7, 3.0, 12.0, 40.0])
    q = sc.transverse_spin_current_profile(xs, theta=np.pi / 2, params=sc.StepModel.from_ratio(ratio=rho))
    ref = np.array([_quad_reference(x, rho) for x in xs])
    np.testing.assert_allclose(q[:, 0] + 1j * q[:, 1], ref, atol=1e-8)


@SETTINGS
@given(th=angles, rho=st.floats(0.0, 1.0))
def test_fermi_sum_at_interface_and_z_conservation(th, rho):
    q = sc.transverse_spin_current_profile(
        np.array([0.0, 5.0]), theta=th, params=sc.StepModel.from_ratio(ratio=rho)
    )
    np.testing.assert_allclose(q[0, :2], [np.sin(th), 0.0], atol=1e-12)  # all transverse spin enters
    assert q[0, 2] == q[1, 2]
    # longitudinal conservation: incident + reflected = transmitted, reflection summed independently
    q2 = 1 - rho**2

    def refl(u):
        amp = sc.step_amplitudes(k=u, params=sc.StepModel(q_down=np.sqrt(q2)))
        return 2 * u * abs(amp.r_down) ** 2

    r = quad(refl, 1e-12, 1, points=[np.sqrt(q2)], limit=200)[0] if q2 > 0 else 0.0
    np.testing.assert_allclose(np.cos(th) + r * np.sin(th / 2) ** 2, q[0, 2], atol=1e-8)


def test_fermi_sum_dephases_while_single_k_does_not():
    lam = 2 * np.pi  # Fermi wavelength in units of 1/k_F
    x = np.linspace(0, 12 * lam, 800)
    th = np.pi / 2
    for rho in (0.4, 0.6):
        fermi = sc.transverse_spin_current_profile(
            x, theta=th, average="fermi", params=sc.StepModel.from_ratio(ratio=rho)
        )
        single = sc.transverse_spin_current_profile(
            x, theta=th, average="single", params=sc.StepModel.from_ratio(ratio=rho)
        )
        mag_f = np.hypot(fermi[:, 0], fermi[:, 1])
        mag_s = np.hypot(single[:, 0], single[:, 1])
        np.testing.assert_allclose(mag_s, 1.0, rtol=1e-12)  # no dephasing for one wavevector
        assert mag_f[0] == pytest.approx(1.0)
        assert mag_f[x >= 5 * lam].max() < 0.12  # beyond five Fermi wavelengths: mostly dephased
        # and it keeps decaying: the late maximum is smaller than the earlier one
        assert mag_f[x >= 10 * lam].max() < 0.7 * mag_f[(x >= 5 * lam) & (x < 10 * lam)].max()


def _remainder_exponent(rho, terms, depths=(200.0, 400.0, 800.0)):
    """Measured order p of |quadrature - asymptote| ~ x^-p, from windows of depths."""
    peaks = []
    for x0 in depths:
        xs = x0 * np.linspace(1.0, 1.25, 160)  # a few oscillation periods: the envelope, not a node
        q = sc.transverse_spin_current_profile(
            xs, theta=np.pi / 2, n_nodes=512, params=sc.StepModel.from_ratio(ratio=rho)
        )
        asym = sc.fermi_average_asymptote(
            xs, theta=np.pi / 2, terms=terms, params=sc.StepModel.from_ratio(ratio=rho)
        )
        peaks.append(np.max(np.abs(q[:, 0] + 1j * q[:, 1] - asym)))
    slopes = -np.diff(np.log(peaks)) / np.diff(np.log(depths))
    return slopes, peaks


@pytest.mark.parametrize("rho", [0.3, 0.6, 0.8])
def test_fermi_sum_remainder_orders(rho):
    # book/torque/spin_current.md states: the remainder after the 1/x end-point term is O(x^-2)
    # (not x^-3/2: the evanescent threshold contributes only at higher order), and after the
    # derived x^-2 term it is O(x^-3). Measured here against the quadrature, independently of
    # the integration by parts.
    slopes1, _ = _remainder_exponent(rho, terms=1)
    slopes2, _ = _remainder_exponent(rho, terms=2)
    np.testing.assert_allclose(slopes1, 2.0, atol=0.05)
    np.testing.assert_allclose(slopes2, 3.0, atol=0.1)


def test_no_splitting_means_no_precession():
    x = np.linspace(0, 30, 50)
    for avg in ("fermi", "single"):
        q = sc.transverse_spin_current_profile(
            x, theta=0.7, average=avg, params=sc.StepModel.from_ratio(ratio=1.0)
        )
        np.testing.assert_allclose(q, np.broadcast_to([np.sin(0.7), 0, np.cos(0.7)], q.shape), atol=1e-12)


@SETTINGS
@given(th=angles, rho=st.floats(0.0, 1.0), x=st.floats(0.0, 80.0))
def test_profile_symmetry_theta_to_pi_minus_theta(th, rho, x):
    # transverse part depends on theta only through sin(theta); it never exceeds the incident one
    for avg in ("fermi", "single"):
        q1 = sc.transverse_spin_current_profile(
            x, theta=th, average=avg, params=sc.StepModel.from_ratio(ratio=rho)
        )
        q2 = sc.transverse_spin_current_profile(
            x, theta=np.pi - th, average=avg, params=sc.StepModel.from_ratio(ratio=rho)
        )
        np.testing.assert_allclose(q1[:2], q2[:2], atol=1e-12)
        assert np.hypot(q1[0], q1[1]) <= np.sin(th) + 1e-12


# ---------------------------------------------------------------- Eq. (29)


def test_perpendicular_torque_bias_change_even_and_quadratic():
    sample = sc.ResonantPerpTorque()
    v = np.linspace(-2, 2, 81)
    dv = sc.perpendicular_torque_bias_change(v, n_perp=sample)
    np.testing.assert_allclose(dv, dv[::-1], rtol=1e-13, atol=1e-16)
    h = 1e-3
    small = sc.perpendicular_torque_bias_change(np.array([-h, h]), n_perp=sample)
    np.testing.assert_allclose(small, sample.derivative(0.0) * (h / 2) ** 2, rtol=1e-5)
    # finite-difference derivative of the sample against its analytic derivative
    e = np.linspace(-1, 1, 11)
    np.testing.assert_allclose(
        (sample(e + 1e-6) - sample(e - 1e-6)) / 2e-6, sample.derivative(e), rtol=1e-6, atol=1e-9
    )


def test_perpendicular_torque_exact_for_linear_and_constant_density():
    v = np.linspace(-3, 3, 13)
    np.testing.assert_allclose(
        sc.perpendicular_torque_bias_change(v, n_perp=lambda e: 0 * e + 0.7), 0, atol=1e-15
    )
    got = sc.perpendicular_torque_bias_change(v, n_perp=lambda e: 0.2 + 0.5 * e, fermi_energy=0.0)
    np.testing.assert_allclose(got, sc.perpendicular_torque_quadratic(v, dn_perp_at_fermi=0.5), rtol=1e-13)


# ---------------------------------------------------------------- validation


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: sc.plane_wave_spin_current(1, 0, k=0.0), "k must be > 0"),
        (lambda: sc.plane_wave_spin_current(1, 0, k=1.0, direction=2), "direction must be one of"),
        (lambda: sc.spinor(theta=-0.1), r"theta must lie in \[0, 3.14159\]"),
        (lambda: sc.incident_spin_current(k=-1.0, theta=1.0), "k must be > 0"),
        (lambda: sc.step_amplitudes(k=1.0, params=sc.StepModel(q_down=-0.1)), "q_down must be >= 0"),
        (
            lambda: sc.transmitted_spin_current(-1.0, k=1.0, theta=1.0, params=sc.StepModel(q_down=0.5)),
            "depth must be >= 0",
        ),
        (
            lambda: sc.transmitted_spin_current(1.0, k=1.0, theta=4.0, params=sc.StepModel(q_down=0.5)),
            "theta must lie in",
        ),
        (
            lambda: sc.transverse_spin_current_profile(
                1.0, theta=1.0, params=sc.StepModel.from_ratio(ratio=1.2)
            ),
            r"ratio must lie in \[0, 1\]",
        ),
        (
            lambda: sc.transverse_spin_current_profile(
                1.0, theta=1.0, average="x", params=sc.StepModel.from_ratio(ratio=0.5)
            ),
            "average must be",
        ),
        (
            lambda: sc.transverse_spin_current_profile(
                1.0, theta=1.0, n_nodes=3, params=sc.StepModel.from_ratio(ratio=0.5)
            ),
            "n_nodes",
        ),
        (
            lambda: sc.transverse_spin_current_profile(
                1e3, theta=1.0, n_nodes=48, params=sc.StepModel.from_ratio(ratio=0.5)
            ),
            r"depth must be <= 128 .*n_nodes=48",
        ),
        (
            lambda: sc.fermi_average_asymptote(0.0, theta=1.0, params=sc.StepModel.from_ratio(ratio=0.5)),
            "depth must be > 0",
        ),
        (
            lambda: sc.fermi_average_asymptote(1.0, theta=1.0, params=sc.StepModel.from_ratio(ratio=1.0)),
            r"params.q_down must lie in \(0, 1\); got 0.0",
        ),
        (
            lambda: sc.transverse_spin_current_profile(1.0, theta=1.0, params=sc.StepModel(q_down=1.5)),
            r"params.q_down must lie in \[0, 1\]; got 1.5",
        ),
        (
            lambda: sc.transverse_spin_current_profile(1.0, theta=1.0, params=sc.StepModel(q_up=0.1)),
            r"params.q_up must be 0 .*got q_up=0.1",
        ),
        (lambda: sc.step_amplitudes(k=1.0, params=0.8), "params must be a StepModel instance; got 0.8"),
        (lambda: sc.perpendicular_torque_bias_change(1.0, n_perp=3.0), "n_perp must be a callable"),
        (lambda: sc.perpendicular_torque_bias_change(np.nan, n_perp=np.cos), "bias must be finite"),
        (lambda: sc.StepModel(q_down=-1.0), "q_down must be >= 0"),
        (lambda: sc.StepModel.from_ratio(ratio=-0.2), "ratio must lie in"),
        (lambda: sc.ResonantPerpTorque(width=0.0), "width must be > 0"),
    ],
)
def test_bad_input_raises_named_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_presets():
    from spinlib.spincurrent import studies

    assert studies.TOY_MODEL_2.q_up == 0.0
    np.testing.assert_allclose(np.sqrt(1 - studies.TOY_MODEL_2.q_down**2), 0.6)
    with pytest.raises(AttributeError):
        studies.TOY_MODEL_2.q_down = 0.1  # frozen
    # Eq. (14) preset: both channels evanescent at the Fermi energy
    assert studies.EVANESCENT_STEP.q_up > 1 and studies.EVANESCENT_STEP.q_down > 1


def test_broadcasting_shapes():
    x = np.linspace(0, 10, 7)[:, None]
    th = np.linspace(0, np.pi, 5)[None, :]
    assert sc.transverse_spin_current_profile(
        x, theta=th, params=sc.StepModel.from_ratio(ratio=0.5)
    ).shape == (7, 5, 3)
    assert sc.transmitted_spin_current(x, k=1.0, theta=th, params=sc.StepModel(q_down=0.5)).shape == (7, 5, 3)
    assert sc.perpendicular_torque_bias_change(np.ones((2, 3)), n_perp=np.cos).shape == (2, 3)


# ---------------------------------------------------------------- numerics against mpmath (50 digits)

mp = pytest.importorskip("mpmath")


@pytest.fixture(autouse=True)
def _fifty_digits():
    """The mpmath references of this module work at 50 digits (set per test: another module's
    precision must not leak in, nor this one's out)."""
    with mp.workdps(50):
        yield

TINY = 1e-290  # below this a reference value is compared absolutely (subnormal range)


def _mp_wavevector(k, q):
    """sqrt(k^2 - q^2) on the decaying branch (Im >= 0), 50 digits."""
    d = mp.mpf(k) ** 2 - mp.mpf(q) ** 2
    return mp.sqrt(d) if d >= 0 else mp.mpc(0, mp.sqrt(-d))


def _close(got, ref, rtol):
    """|got - ref| <= rtol |ref| (absolutely below TINY): a relative test of a complex number."""
    ref = mp.mpc(ref)
    err = abs(mp.mpc(complex(got)) - ref)
    return err <= rtol * abs(ref) + mp.mpf(TINY)


# wavevector ratios q/k from tiny splitting through threshold to deep evanescence
RATIOS = (0.0, 1e-200, 1e-12, 1e-9, 1e-7, 1e-3, 0.3, 0.9, 1 - 1e-12, 1.0, 1 + 1e-12, 2.0, 1e5, 1e200)
SCALES = tuple(10.0**e for e in (-300, -150, -20, -1, 0, 3, 20, 150, 300))


def _grid():
    for k in SCALES:
        for s in RATIOS:
            q = k * s
            if np.isfinite(q) and (q == 0 or q > 1e-305) and q < 1e300:
                yield k, q


def test_step_amplitudes_against_mpmath():
    # Issue 6: the printed (k - K)/(k + K) cancels to 0 for k >> q, sqrt(k^2 - q^2) overflows
    # or underflows at extreme k. Every amplitude and wavevector to 1e-14 relative.
    bad = []
    for k, q in _grid():
        amp = sc.step_amplitudes(k=k, params=sc.StepModel(q_up=0.5 * q, q_down=q))
        for qq, t, r, kk in (
            (q, amp.t_down, amp.r_down, amp.k_down),
            (0.5 * q, amp.t_up, amp.r_up, amp.k_up),
        ):
            K = _mp_wavevector(k, qq)
            kf = mp.mpf(k)
            refs = (2 * kf / (kf + K), (kf - K) / (kf + K), K)
            for name, got, ref in zip(("t", "r", "K"), (t, r, kk), refs, strict=True):
                if not (np.isfinite(got) and _close(got, ref, 1e-14)):
                    bad.append((name, k, qq, complex(got), complex(ref)))
    assert not bad, bad[:5]


def test_transverse_decay_constant_against_mpmath():
    bad = []
    for k, q in _grid():
        got = sc.transverse_decay_constant(k=k, params=sc.StepModel(q_up=0.5 * q, q_down=q))
        ref = mp.im(_mp_wavevector(k, q)) + mp.im(_mp_wavevector(k, 0.5 * q))
        if not (np.isfinite(got) and _close(got, ref, 1e-14)):
            bad.append((k, q, float(got), float(ref)))
    assert not bad, bad[:5]


def test_precession_period_against_mpmath():
    # Issue 6: inf at q_down = 1e-9 and 8e-4 relative error at 1e-7 (k = 1) before the
    # cancellation-free form. Now to 1e-14 over 600 decades, inf only where the period
    # itself exceeds the float range.
    bad = []
    for k in SCALES:
        for s in (1e-200, 1e-12, 1e-9, 1e-7, 1e-3, 0.3, 0.9, 1 - 1e-12):
            for v in (0.0, 0.5, 1 - 1e-9):
                qd, qu = k * s, k * s * v
                if not (qd > 1e-305) or (v > 0 and not qu > 1e-305) or not qd > qu:
                    continue
                with mp.workdps(450):  # the printed difference of roots, with digits to spare
                    kf = mp.mpf(k)
                    ref = 2 * mp.pi / (mp.sqrt(kf**2 - mp.mpf(qu) ** 2) - mp.sqrt(kf**2 - mp.mpf(qd) ** 2))
                got = sc.precession_period(k=k, params=sc.StepModel(q_up=qu, q_down=qd))
                if ref > mp.mpf(np.finfo(float).max):
                    ok = got == np.inf
                else:
                    ok = np.isfinite(got) and _close(got, ref, 1e-14)
                if not ok:
                    bad.append((k, qd, qu, float(got), float(ref)))
    assert not bad, bad[:5]
    # the two cases of the issue
    assert sc.precession_period(k=1.0, params=sc.StepModel(q_down=1e-9)) == pytest.approx(
        4 * np.pi / 1e-18, rel=1e-15
    )
    assert sc.precession_period(k=1.0, params=sc.StepModel(q_down=1e-7)) == pytest.approx(
        float(2 * mp.pi / (1 - mp.sqrt(1 - mp.mpf(1e-7) ** 2))), rel=1e-15
    )


@pytest.mark.parametrize(
    "k, qu, qd, depth",
    [
        (1.0, 0.0, 1e-7, 1e12),  # tiny splitting, deep: the phase (k_up - k_dn) x ~ 5e-3 must be exact
        (1.0, 0.3, 0.3000001, 1e6),
        (1e-200, 0.0, 5e-201, 3e200),
        (1e200, 1e190, 2e190, 1e-190),
        (1.0, 0.5, 1.5, 7.0),  # majority propagating, minority evanescent
        (1.0, 1.2, 1.6, 2.5),  # both evanescent (Eq. (14))
        (1.0, 0.0, 2.0, 1e300),  # decayed to exactly zero: no overflow of the phase
    ],
)
def test_transmitted_spin_current_against_mpmath(k, qu, qd, depth):
    th = 1.1
    got = sc.transmitted_spin_current(depth, k=k, theta=th, params=sc.StepModel(q_up=qu, q_down=qd))
    kf, x = mp.mpf(k), mp.mpf(depth)
    ku, kd = _mp_wavevector(k, qu), _mp_wavevector(k, qd)
    A = 2 * kf / (kf + ku) * mp.cos(mp.mpf(th) / 2)
    B = 2 * kf / (kf + kd) * mp.sin(mp.mpf(th) / 2)
    # Eq. (4) for psi = (A e^{i K_up x}, B e^{i K_dn x}), written out independently
    perp = (mp.conj(ku) + kd) * mp.conj(A) * B * mp.exp(1j * (kd - mp.conj(ku)) * x)
    qz = abs(A) ** 2 * mp.re(ku) * mp.exp(-2 * mp.im(ku) * x) - abs(B) ** 2 * mp.re(kd) * mp.exp(
        -2 * mp.im(kd) * x
    )
    scale = abs(perp) + abs(qz)
    err = abs(mp.mpc(got[0], got[1]) - perp) + abs(mp.mpf(got[2]) - qz)
    assert err <= 1e-12 * scale + mp.mpf(TINY), (got, perp, qz)


def test_old_cancelling_forms_would_fail_these_references():
    # Guard that the mpmath tests can fail: the printed (k - K)/(k + K) loses everything at k >> q.
    k, q = 1e10, 1.0
    naive = (k - np.sqrt(k * k - q * q)) / (k + np.sqrt(k * k - q * q))
    ref = (mp.mpf(k) - _mp_wavevector(k, q)) / (mp.mpf(k) + _mp_wavevector(k, q))
    assert not _close(naive, ref, 1e-14)
    assert _close(sc.step_amplitudes(k=k, params=sc.StepModel(q_down=q)).r_down, ref, 1e-14)


# ---------------------------------------------------------------- quadrature accuracy rule


@pytest.mark.parametrize("n_nodes", [32, 48, 128])
def test_max_fermi_depth_rule_holds(n_nodes):
    depth = sc.max_fermi_depth(n_nodes)
    for rho in np.linspace(0.001, 0.999, 21):
        xs = np.array([0.5, 0.8, 1.0]) * depth
        q = sc.transverse_spin_current_profile(
            xs, theta=np.pi / 2, n_nodes=n_nodes, params=sc.StepModel.from_ratio(ratio=rho)
        )
        ref = sc.transverse_spin_current_profile(
            xs, theta=np.pi / 2, n_nodes=1024, params=sc.StepModel.from_ratio(ratio=rho)
        )
        np.testing.assert_allclose(q, ref, rtol=0, atol=1e-10)


# ---------------------------------------------------------------- claims of book/torque/spin_current.md


def test_page_claim_adaptive_quadrature_tolerance():
    # book/torque/spin_current.md: "the tests check it against adaptive quadrature to 10^-8"
    # (test_fermi_sum_matches_adaptive_quadrature uses atol=1e-8); this guards the wording.
    text = (Path(__file__).resolve().parents[2] / "book/torque/spin_current.md").read_text()
    assert "adaptive quadrature to $10^{-8}$" in text


def _exercise_depth_solution_code() -> str:
    text = (Path(__file__).resolve().parents[2] / "book/torque/spin_current.md").read_text()
    block = text.split("````{solution} ex-sc-depth", 1)[1].split("````", 1)[0]
    return block.split("```python", 1)[1].split("```", 1)[0]


def test_page_exercise_depth_solution_runs_and_supports_its_text():
    # book/torque/spin_current.md, solution of ex-sc-depth: its code runs here, and its text
    # ("the estimate overshoots x10 by 12 % at rho = 0.3, falling to 2 % at rho = 0.9; one to
    # three precession periods") is asserted from the code's own output.
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(_exercise_depth_solution_code(), "ex-sc-depth", "exec"), {})
    rows = [dict(f.split("=") for f in line.split()) for line in out.getvalue().splitlines()]
    assert [r["rho"] for r in rows] == ["0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"]
    excess = np.array([float(r["excess"].rstrip("%")) for r in rows])
    x10 = np.array([float(r["x10"]) for r in rows])
    period = np.array([float(r["period"]) for r in rows])
    assert round(excess[0]) == 12 and round(excess[-1]) == 2
    assert np.all(np.diff(excess) < 0)  # the end-point estimate improves as the splitting shrinks
    assert np.all((x10 / period > 0.8) & (x10 / period < 3.0))  # "one to three precession periods"
    # "one or two Fermi wavelengths for a strong splitting, but almost thirty for 0.9"
    assert 1.0 <= x10[0] <= x10[1] <= 2.0 and 25.0 <= x10[-1] < 30.0
    text = (Path(__file__).resolve().parents[2] / "book/torque/spin_current.md").read_text()
    assert "by 12 % at $\\rho=0.3$" in text and "to 2 % at $\\rho=0.9$" in text


def test_page_exercise_filter_solution_runs_and_matches_its_text():
    # book/torque/spin_current.md, solution of ex-sc-filter: N/sin(theta) = (1 - sin b sin p,
    # sin b cos p, 0) in units (A/Omega) hbar^2 k/2m, stated in the text; the code runs here.
    text = (Path(__file__).resolve().parents[2] / "book/torque/spin_current.md").read_text()
    block = text.split("````{solution} ex-sc-filter", 1)[1].split("````", 1)[0]
    code = block.split("```python", 1)[1].split("```", 1)[0]
    ns: dict = {}
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(code, "ex-sc-filter", "exec"), ns)
    b, p = ns["beta"], ns["phi"]
    np.testing.assert_allclose(
        ns["n"] / np.sin(ns["theta"]), [1 - np.sin(b) * np.sin(p), np.sin(b) * np.cos(p), 0], atol=1e-14
    )
    assert r"N_y\propto+\sin\theta\sin\beta\cos\phi" in text


def test_explorer_period_readout_is_spinlib_period_in_fermi_wavelengths():
    # the explorer's text: at normal incidence and E = E_F, k_up - k_dn = (1 - rho) k_F, so the
    # period 2 pi/(k_up - k_dn) is 1/(1 - rho) Fermi wavelengths; no splitting: no period
    from spinlib.spincurrent import studies

    for rho in (0.2, 0.6, 0.98, 1 - 1e-9):
        assert studies.normal_incidence_period(rho) == pytest.approx(
            1 / (1 - rho), rel=1e-6 if rho > 0.99 else 1e-13
        )
    assert studies.normal_incidence_period(1.0) == np.inf


@SETTINGS
@given(th=angles, rho=st.floats(0.0, 1.0), x=st.floats(0.0, 200.0))
def test_single_k_profile_is_the_normal_incidence_step_solution(th, rho, x):
    # "single": one electron at k = k_F, normal incidence, per unit incident flux (k_F = 1), must be
    # the transmitted spin current of the step with q_down = sqrt(1 - rho^2), computed from amplitudes
    prof = sc.transverse_spin_current_profile(
        x, theta=th, average="single", params=sc.StepModel.from_ratio(ratio=rho)
    )
    step = sc.transmitted_spin_current(
        x, k=1.0, theta=th, params=sc.StepModel(q_down=np.sqrt((1 - rho) * (1 + rho)))
    )
    np.testing.assert_allclose(prof, step, atol=1e-9)


def test_explorer_factory_takes_fixed_parameters_and_checks_them():
    from spinlib.spincurrent import figures as figs

    ex = figs.spin_current_explorer(max_depth=20.0)  # the value the page suggests
    data = ex.compute(**ex.defaults())
    assert data.shape == (400, 3) and np.all(np.isfinite(data))
    with pytest.raises(ValueError, match=r"max_depth must be <= .*n_nodes=48 .*got max_depth=50"):
        figs.spin_current_explorer(max_depth=50)
    assert figs.spin_current_explorer(max_depth=50.0, n_nodes=96).compute(**ex.defaults()).shape == (400, 3)
    with pytest.raises(ValueError, match="n_nodes must be an integer"):
        figs.spin_current_explorer(n_nodes=40.5)


# ---------------------------------------------------------------- studies: the numbers the page glues


def test_page_depth_below_ten_percent_against_adaptive_quadrature():
    # book/torque/spin_current.md glues studies.depth_below(0.1, ratio=0.6) ("stays below 10 % only
    # beyond 4.5 Fermi wavelengths"); checked with the independent adaptive quadrature of this module:
    # 10 % at the returned depth, below it deeper.
    from spinlib.spincurrent import studies

    x10 = studies.depth_below(0.1, ratio=0.6)
    assert round(x10, 1) == 4.5
    lam = 2 * np.pi
    assert abs(_quad_reference(x10 * lam, 0.6)) == pytest.approx(0.1, abs=1e-6)
    deeper = np.linspace(x10 + 0.01, 12.0, 20) * lam
    assert max(abs(_quad_reference(x, 0.6)) for x in deeper) < 0.1


def test_page_dephasing_fractions_against_adaptive_quadrature():
    # the page: between 5 and 12 Fermi wavelengths the summed transverse spin current still reaches
    # 4 %, 9 % and 22 % of the incident one for k_dn/k_up = 0.4, 0.6, 0.8 (percent, rounded)
    from spinlib.spincurrent import studies

    got = studies.dephasing_fractions(ratios=(0.4, 0.6, 0.8), window=(5.0, 12.0))
    assert [round(v) for v in got.values()] == [4, 9, 22]
    lam = 2 * np.pi
    xs = np.linspace(5 * lam, 12 * lam, 400)
    model = sc.StepModel.from_ratio(ratio=0.6)
    i = np.argmax(np.hypot(*sc.transverse_spin_current_profile(xs, theta=np.pi / 2, params=model).T[:2]))
    near = xs[max(i - 3, 0) : i + 4]  # the grid maximum, read off the independent quadrature
    ref = 100 * max(abs(_quad_reference(x, 0.6)) for x in near)
    assert got[0.6] == pytest.approx(ref, abs=1e-5)


def test_studies_sweeps_are_the_physics_functions():
    from spinlib.spincurrent import studies

    s = studies.evanescent_study()
    kap = np.sqrt(1.2**2 - 1) + np.sqrt(1.6**2 - 1)  # Eq. (14): kappa_up + kappa_down at k = k_F
    assert s.decay_constant == pytest.approx(kap, rel=1e-14)
    np.testing.assert_allclose(np.abs(s.torque[:, 2]), 0, atol=1e-14)  # total reflection: no N_z
    p = studies.step_profile()
    np.testing.assert_allclose(p.left, p.right[0], atol=1e-14)  # continuity at the interface
    f = studies.field_like_bias()
    np.testing.assert_allclose(f.exact, f.exact[::-1], rtol=1e-13, atol=1e-16)
    assert studies.fermi_sum_node_error(n_nodes=48, ratios=(0.3, 0.9), reference_nodes=256) < 1e-10
