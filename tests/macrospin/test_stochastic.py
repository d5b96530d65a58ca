"""Stochastic LLG (spinlib.macrospin.stochastic): the deterministic limit, Brown's noise, Boltzmann."""

import numpy as np
import pytest

from spinlib.macrospin import llg, studies
from spinlib.macrospin.stochastic import StochasticTrajectory, integrate_stochastic
from spinlib.validate import SpinlibInputError

UNIAXIAL_Z = llg.MacrospinParams(hk=1.0, easy_axis=[0.0, 0.0, 1.0], alpha=1.0)


def _unit(v):
    v = np.asarray(v, dtype=float)
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def test_zero_temperature_step_is_heun_on_the_deterministic_rhs():
    """At epsilon = 0 one step is Heun's predictor-corrector on llg_rhs (the RHS of integrate)."""
    P = studies.thin_film_preset(field=0.1, hk=0.05, alpha=0.05, asymmetry=0.3)
    m0 = _unit([[0.3, 0.5, 0.8], [0.9, -0.1, 0.2]])
    dt, j = 0.05, np.array([0.02, -0.07])
    tr = integrate_stochastic(m0, params=P, current=j, temperature=0.0, t_end=dt, n_steps=1, seed=0)
    f1 = llg.llg_rhs(m0, params=P, current=j)
    pred = _unit(m0 + dt * f1)
    expect = _unit(m0 + 0.5 * dt * (f1 + llg.llg_rhs(pred, params=P, current=j)))
    np.testing.assert_allclose(tr.m[:, -1], expect, rtol=0, atol=1e-15)
    np.testing.assert_allclose(tr.m[:, 0], m0, rtol=0, atol=1e-15)


def test_zero_temperature_converges_to_the_deterministic_integrator():
    """Heun at epsilon = 0 is second order and converges to llg.integrate (RK4)."""
    P = studies.isotropic_preset(field=1.0, alpha=0.1, asymmetry=0.2)
    m0 = _unit([0.2, 0.1, 0.97])
    ref = llg.integrate(m0, params=P, current=0.05, t_end=5.0, n_steps=4000).m[-1]
    errs = [np.abs(integrate_stochastic(m0, params=P, current=0.05, temperature=0.0, t_end=5.0, n_steps=n,
                                        n_out=1).m[-1] - ref).max() for n in (200, 400)]
    assert errs[0] < 2e-3
    assert 3.5 < errs[0] / errs[1] < 4.5  # second order


def test_unit_norm_and_shapes():
    P = llg.MacrospinParams(field=[0.0, 0.0, 0.5], alpha=[0.1, 1.0])
    tr = integrate_stochastic(np.tile([1.0, 0.0, 0.0], (3, 1, 1)), params=P, temperature=0.3, t_end=2.0,
                              n_steps=400, n_out=8, seed=5)
    assert tr.t.shape == (9,) and tr.m.shape == (3, 2, 9, 3)
    assert tr.exit_time.shape == (3, 2) and np.all(np.isinf(tr.exit_time)) and not tr.exited.any()
    np.testing.assert_allclose(np.linalg.norm(tr.m, axis=-1), 1.0, rtol=0, atol=1e-14)


def test_seed_int_and_generator_agree_and_runs_repeat():
    kw = dict(params=UNIAXIAL_Z, temperature=0.2, t_end=1.0, n_steps=100, n_out=2)
    m0 = np.tile([0.0, 0.0, 1.0], (5, 1))
    a = integrate_stochastic(m0, seed=7, **kw).m
    b = integrate_stochastic(m0, seed=np.random.default_rng(7), **kw).m
    c = integrate_stochastic(m0, seed=8, **kw).m
    np.testing.assert_array_equal(a, b)
    assert not np.array_equal(a, c)


def test_noise_drawn_ahead_equals_the_step_by_step_draws():
    """Without ``stop`` the noise is drawn in blocks on a second thread: same numbers, same order.

    A ``stop`` that never fires takes the step-by-step path (one ``standard_normal((n, 3))`` per
    step); the run without ``stop`` (here three blocks, the last one partial) must be bit-identical
    and leave the generator in the same state.
    """
    from spinlib.macrospin import stochastic

    n, n_steps = 2000, 400
    assert n_steps % (stochastic.NOISE_BLOCK // (3 * n)) != 0  # a partial last block
    assert n_steps > 2 * (stochastic.NOISE_BLOCK // (3 * n))  # more than two blocks
    m0 = _unit(np.random.default_rng(0).standard_normal((n, 3)))
    kw = dict(params=UNIAXIAL_Z.replace(alpha=0.1), current=0.02, temperature=0.1, t_end=4.0, n_steps=n_steps,
              n_out=4)
    rngs = np.random.default_rng(21), np.random.default_rng(21)
    a = integrate_stochastic(m0, seed=rngs[0], **kw)
    b = integrate_stochastic(m0, seed=rngs[1], stop=lambda m: np.zeros(m.shape[:-1], dtype=bool), **kw)
    np.testing.assert_array_equal(a.m, b.m)
    assert rngs[0].random() == rngs[1].random()


def test_free_rotational_diffusion_sets_the_noise_amplitude():
    """No field: <m_z(t)> = exp(-2 D t) with Brown's D = alpha epsilon / (1 + alpha^2)."""
    alpha, eps = 0.5, 0.1
    P = llg.MacrospinParams(alpha=alpha)
    tr = integrate_stochastic(np.tile([0.0, 0.0, 1.0], (4000, 1)), params=P, temperature=eps, t_end=10.0,
                              n_steps=1000, n_out=4, seed=3)
    D = alpha * eps / (1.0 + alpha**2)
    np.testing.assert_allclose(tr.m[..., 2].mean(0), np.exp(-2.0 * D * tr.t), atol=0.03)


def test_boltzmann_equilibrium_of_the_uniaxial_macrospin():
    """Stationary m_z of the easy-axis macrospin: density exp(sigma m_z^2), sigma = h_k / (2 epsilon).

    E = -h_k m_z^2 / 2 in units of mu0 M_s^2 V (llg.energy); the measure on the sphere is uniform in
    m_z. 4000 samples from the uniform distribution, run for 7.5 Neel times (dt = 0.01 tau: the
    Heun bias O(dt) is < 1e-3 here), three snapshots: every bin probability of |m_z| within 0.012,
    <m_z^2> within 0.006 (about 3 standard errors).
    """
    eps = 0.25
    sigma = 1.0 / (2.0 * eps)
    rng = np.random.default_rng(0)
    m0 = _unit(rng.standard_normal((4000, 3)))
    tr = integrate_stochastic(m0, params=UNIAXIAL_Z, temperature=eps, t_end=30.0, n_steps=3000, n_out=10,
                              seed=1)
    u = np.abs(tr.m[:, -3:, 2]).ravel()
    grid = np.linspace(0.0, 1.0, 200001)
    w = np.exp(sigma * grid**2)
    Z = np.trapezoid(w, grid)
    edges = np.linspace(0.0, 1.0, 11)
    expect = [np.trapezoid(w[(grid >= a) & (grid <= b)], grid[(grid >= a) & (grid <= b)]) / Z
              for a, b in zip(edges[:-1], edges[1:], strict=True)]
    got = np.histogram(u, bins=edges)[0] / u.size
    np.testing.assert_allclose(got, expect, atol=0.012)
    np.testing.assert_allclose(np.mean(u**2), np.trapezoid(grid**2 * w, grid) / Z, atol=0.006)
    # and not the uniform (infinite-temperature) distribution: the test can fail
    assert np.max(np.abs(got - 0.1)) > 0.05


def test_stop_freezes_records_and_ends_early():
    m0 = np.tile([0.0, 0.0, 1.0], (50, 1))
    calls = []

    def stop(m):
        calls.append(1)
        return m[..., 2] < 0.0

    tr = integrate_stochastic(m0, params=UNIAXIAL_Z, temperature=2.0, t_end=200.0, n_steps=20000, n_out=4,
                              seed=4, stop=stop)
    assert tr.exited.all()
    assert np.all(tr.exit_time > 0) and np.all(tr.exit_time % 0.01 < 1e-9 + 0.01)
    assert len(calls) < 20000  # every sample crossed long before t_end: the run ended early
    # frozen at the exit: the last saved state is the first one with m_z < 0
    assert np.all(tr.m[:, -1, 2] < 0)
    np.testing.assert_array_equal(tr.m[:, -1], tr.m[:, -2])


def test_stop_at_start_and_per_sample_thresholds():
    m0 = _unit([[0.0, 0.0, 1.0], [0.0, 0.0, -1.0]])
    tr = integrate_stochastic(m0, params=UNIAXIAL_Z, temperature=0.0, t_end=1.0, n_steps=10,
                              stop=lambda m: m[..., 2] < np.array([0.0, 2.0]))
    np.testing.assert_array_equal(tr.exited, [False, True])
    np.testing.assert_array_equal(tr.exit_time, [np.inf, 0.0])


def test_reproduces_a_reference_heun_loop_with_crossing():
    """Same noise convention and step as a hand-written Heun loop (the activation escape times)."""
    alpha, eps, step, n, n_steps = 0.7, 0.4, 0.02, 30, 400
    P = llg.MacrospinParams(field=[0.0, 0.0, 0.1], hk=1.0, easy_axis=[0.0, 0.0, 1.0], alpha=alpha)
    rng = np.random.default_rng(9)

    def rhs(m, hth):  # the Gilbert equation solved for dm/dtau, total field h_eff + h_th
        H = llg.effective_field(m, params=P) + hth
        mxh = np.cross(m, H)
        return -(mxh + alpha * np.cross(m, mxh)) / (1.0 + alpha**2)

    m = np.tile([0.0, 0.0, 1.0], (n, 1))
    times, active = np.full(n, np.inf), np.arange(n)
    for k in range(1, n_steps + 1):
        hth = np.sqrt(2 * alpha * eps / step) * rng.standard_normal((active.size, 3))
        ma = m[active]
        f1 = rhs(ma, hth)
        pred = _unit(ma + step * f1)
        m[active] = _unit(ma + 0.5 * step * (f1 + rhs(pred, hth)))
        crossed = m[active, 2] <= 0.2
        times[active[crossed]] = k * step
        active = active[~crossed]
        if active.size == 0:
            break
    tr = integrate_stochastic(np.tile([0.0, 0.0, 1.0], (n, 1)), params=P, temperature=eps,
                              t_end=n_steps * step, n_steps=n_steps, n_out=1, seed=9,
                              stop=lambda m: m[..., 2] <= 0.2)
    np.testing.assert_allclose(tr.exit_time, times, rtol=1e-12)
    assert tr.exited.sum() == np.isfinite(times).sum() > 5


@pytest.mark.parametrize(
    "change, name",
    [
        (dict(temperature=-0.1), "temperature"),
        (dict(temperature=np.nan), "temperature"),
        (dict(t_end=0.0), "t_end"),
        (dict(n_steps=2.5), "n_steps"),
        (dict(n_steps=1, n_out=None), "n_steps"),  # too large a step for Heun's stability
        (dict(n_out=3), "n_out"),
        (dict(seed="x"), "seed"),
        (dict(seed=-1), "seed"),
        (dict(stop=3), "stop"),
        (dict(stop=lambda m: m[..., 2]), "stop"),
        (dict(params=None), "params"),
        (dict(current=[1.0, 2.0, 3.0]), "broadcast"),
        (dict(m0=np.zeros(3)), "m0"),
        (dict(n_out=100, m0=np.tile([0.0, 0.0, 1.0], (200_000, 1))), "n_out"),
    ],
)
def test_bad_input_is_refused(change, name):
    kw = dict(m0=np.tile([0.0, 0.0, 1.0], (2, 1)), params=UNIAXIAL_Z, temperature=0.1, t_end=100.0,
              n_steps=1000, n_out=100)
    kw.update(change)
    with pytest.raises(SpinlibInputError, match=name):
        integrate_stochastic(kw.pop("m0"), **kw)


def test_result_is_validated():
    with pytest.raises(SpinlibInputError, match="exit_time"):
        StochasticTrajectory(t=[0.0, 1.0], m=np.zeros((2, 3)), exit_time=1.0, exited=False)
