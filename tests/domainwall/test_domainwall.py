"""Independent checks of spinlib.domainwall: the integrated (q, phi) model against the closed
forms, the Walker field found by multisection on the integrated model, intrinsic pinning, the
micromagnetic wire against Walker's exact solution and the rigid model, SI by hand.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import integrate, optimize

from spinlib import domainwall as dw
from spinlib.domainwall import studies


@pytest.mark.parametrize("alpha,beta,field,current", [
    (0.1, 0.0, 0.1, 0.0), (0.1, 0.0, -0.08, 0.0), (0.02, 0.0, 0.0, 1.0), (0.02, 0.01, 0.0, 1.3),
    (0.05, 0.1, 0.01, 0.9), (0.3, 0.0, 0.2, -0.4)])
def test_integrated_model_averages_to_the_closed_form(alpha, beta, field, current):
    P = dw.WallParams(alpha=alpha, beta=beta, hk_perp=1.0)
    v_ode = float(studies.ode_velocity(params=P, field=field, current=current, t_end=3000.0, n_steps=30000))
    v = float(dw.wall_velocity(params=P, field=field, current=current))
    assert v_ode == pytest.approx(v, rel=2e-3, abs=1e-6)
    w = float(dw.precession_frequency(params=P, field=field, current=current))
    assert w != 0.0  # all these points are above breakdown: the average is the non-trivial branch


def test_walker_field_by_multisection_on_the_integrated_model():
    """Largest field at which the integrated tilt stays bounded, found from the ODE alone."""
    P = dw.WallParams(alpha=0.2, beta=0.0, hk_perp=1.0)
    lo, hi = 0.02, 0.3
    for _ in range(3):
        fields = np.linspace(lo, hi, 17)
        tr = dw.integrate_wall(params=P, field=fields, t_end=3000.0, n_steps=6000, n_out=1)
        turned = np.abs(tr.phi[:, -1]) > np.pi / 2  # a steady tilt stays within pi / 4
        k = int(np.argmax(turned))
        assert turned[k] and not turned[k - 1]
        lo, hi = fields[k - 1], fields[k]
    assert 0.5 * (lo + hi) == pytest.approx(float(dw.walker_field(params=P)), rel=3e-3)


def test_beta_equal_alpha_moves_at_u_for_every_current():
    P = dw.WallParams(alpha=0.05, beta=0.05, hk_perp=1.0)
    u = np.linspace(-3.0, 3.0, 13)
    np.testing.assert_allclose(dw.wall_velocity(params=P, current=u), u, rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(studies.ode_velocity(params=P, current=u, t_end=400.0, n_steps=2000), u,
                               rtol=1e-6, atol=1e-9)
    assert np.all(np.isinf(dw.breakdown_current(params=P)))


def test_intrinsic_pinning_on_the_integrated_model():
    P = dw.WallParams(alpha=0.02, beta=0.0, hk_perp=1.0)
    uc = dw.pinning_current(params=P)
    tr = dw.integrate_wall(params=P, current=[0.95 * uc, 1.05 * uc], t_end=4000.0, n_steps=8000, n_out=2)
    assert abs(tr.q[0, -1] - tr.q[0, 1]) < 1e-3  # stopped, after a finite displacement
    assert tr.q[1, -1] - tr.q[1, 1] > 50.0  # moving
    # the threshold does not depend on alpha (unlike the macrospin critical current)
    assert dw.pinning_current(params=P.replace(alpha=0.5)) == uc


def test_pinning_threshold_of_the_narrowing_wall_by_maximisation():
    P = dw.WallParams(alpha=0.1, hk_perp=1.0, hk=0.5)
    res = optimize.minimize_scalar(lambda p: -float(dw.walker_width(p, params=P)) * 0.5 * np.sin(2 * p),
                                   bounds=(0.0, np.pi / 2), method="bounded", options={"xatol": 1e-12})
    assert dw.pinning_current(params=P, width="walker") == pytest.approx(-res.fun, rel=1e-9)
    assert dw.pinning_current(params=P, width="walker") < dw.pinning_current(params=P)


def test_walker_width_minimises_the_energy_of_the_tilted_wall():
    """E(w) = int [A (dtheta/dx)^2 + (K + K_perp sin^2 phi) sin^2 theta] dx for theta of width w."""
    P = dw.WallParams(alpha=0.1, hk_perp=1.3, hk=0.4)
    x = np.linspace(-40.0, 40.0, 20001)

    def energy(w, phi):  # units A = 1, K = hk / 2 (Delta_0 = 1): K_perp = hk_perp / 2 in the same units
        m = dw.walker_profile(x, width=w, phi=phi)
        dm = np.gradient(m, x, axis=0)
        dens = np.sum(dm * dm, axis=1) + 0.5 * P.hk * (1 - m[:, 0] ** 2) / (0.5 * P.hk) \
            + 0.5 * P.hk_perp / (0.5 * P.hk) * m[:, 2] ** 2
        return integrate.trapezoid(dens, x)

    for phi in (0.0, 0.4, np.pi / 2):
        best = optimize.minimize_scalar(lambda w, p=phi: energy(w, p), bounds=(0.2, 2.0), method="bounded",
                                        options={"xatol": 1e-8}).x
        assert best == pytest.approx(float(dw.walker_width(phi, params=P)), rel=1e-4)


def test_steady_tilt_is_the_fixed_point_the_integrated_model_reaches():
    P = dw.WallParams(alpha=0.1, beta=0.03, hk_perp=1.0)
    field, current = np.array([0.02, -0.03, 0.0]), np.array([0.0, 0.2, -0.5])
    tr = dw.integrate_wall(params=P, field=field, current=current, t_end=600.0, n_steps=3000, n_out=1)
    np.testing.assert_allclose(tr.phi[:, -1], dw.steady_tilt(params=P, field=field, current=current),
                               rtol=0, atol=1e-9)
    late = dw.integrate_wall(params=P, field=field, current=current, t_end=600.0, n_steps=3000, n_out=2)
    np.testing.assert_allclose((late.q[:, -1] - late.q[:, 1]) / 300.0,
                               dw.wall_velocity(params=P, field=field, current=current), rtol=1e-6)


def test_rk4_of_the_collective_model_is_fourth_order():
    P = dw.WallParams(alpha=0.1, hk_perp=1.0)
    ref = dw.integrate_wall(params=P, field=0.12, t_end=50.0, n_steps=8000, n_out=1).q[-1]
    e1 = abs(dw.integrate_wall(params=P, field=0.12, t_end=50.0, n_steps=100, n_out=1).q[-1] - ref)
    e2 = abs(dw.integrate_wall(params=P, field=0.12, t_end=50.0, n_steps=200, n_out=1).q[-1] - ref)
    assert 10.0 < e1 / e2 < 22.0


# ------------------------------------------------------------------------ micromagnetics

def _row(label):
    return studies.check_row(label)


def test_micromagnetic_field_drive_is_walkers_exact_wall_not_the_rigid_one():
    r = _row("field, below breakdown")
    assert r["v_micro"] == pytest.approx(r["v_exact"], rel=0.015)
    assert abs(r["v_micro"] / r["v_rigid"] - 1.0) > 0.05  # the rigid width overestimates
    P = studies.CHECK_WIRE
    phi = 0.5 * np.arcsin(r["field"] / float(dw.walker_field(params=P)))
    assert r["width"] == pytest.approx(float(dw.walker_width(phi, params=P)), rel=0.01)


def test_micromagnetic_current_drive_where_the_rigid_model_is_exact():
    for label in ("beta = alpha", "beta = 2 alpha, steady"):
        r = _row(label)
        assert r["v_micro"] == pytest.approx(r["v_rigid"], rel=0.015), label  # v = beta u / alpha exactly
    assert _row("beta = alpha")["v_exact"] == 0.5


def test_micromagnetic_intrinsic_pinning_and_where_the_rigid_model_fails():
    assert abs(_row("beta = 0, below pinning")["v_micro"]) < 1e-3
    between = _row("beta = 0, between thresholds")
    P = studies.CHECK_WIRE
    assert dw.pinning_current(params=P, width="walker") < between["current"] < dw.pinning_current(params=P)
    assert between["v_rigid"] == 0.0 and between["v_micro"] > 0.1
    above = _row("beta = 0, above pinning")
    assert above["v_micro"] == pytest.approx(above["v_rigid"], rel=0.08)
    below_bd = _row("field, above breakdown")
    assert below_bd["v_micro"] < 0.85 * below_bd["v_rigid"]  # the precessing wall breathes: slower


def test_micromagnetic_discretisation_error_falls_as_dx_squared():
    P = studies.CHECK_WIRE.replace(beta=0.1)
    errs = []
    for n in (100, 200):
        run = dw.simulate_wire(params=P, current=0.5, t_end=40.0, n_out=40, n_cells=n, length=20.0)
        v = (run.q[-1] - run.q[20]) / (run.t[-1] - run.t[20])
        errs.append(abs(v - 0.5))
        np.testing.assert_allclose(np.linalg.norm(run.m, axis=-1), 1.0, rtol=0, atol=1e-12)
    assert 3.0 < errs[0] / errs[1] < 5.0


def test_micromagnetic_step_is_converged():
    P = studies.CHECK_WIRE
    runs = [dw.simulate_wire(params=P, field=0.025, t_end=30.0, n_out=3, n_cells=100, length=20.0, dt=dt)
            for dt in (None, 0.01)]
    assert runs[0].q[-1] == pytest.approx(runs[1].q[-1], rel=1e-6)


# ------------------------------------------------------------------------ SI

def test_drift_velocity_by_hand():
    mu_b, e = 9.2740100783e-24, 1.602176634e-19  # CODATA 2018, typed
    v = dw.drift_velocity(current_density=2e11, polarization=0.5, saturation_magnetization=1.0e6)
    assert float(v) == pytest.approx(0.5 * 2e11 * mu_b / (e * 1.0e6), rel=1e-8)  # CODATA 2018 vs 2022


def test_reduced_units_by_hand():
    U = dw.reduced_units(saturation_magnetization=1e6, exchange=1e-11, anisotropy=1e5)
    gamma0 = 4e-7 * np.pi * 1.76085963023e11  # mu0 |gamma_e|, typed
    assert U["width"] == pytest.approx(1e-8, rel=1e-12)
    assert U["velocity"] == pytest.approx(gamma0 * 1e6 * 1e-8, rel=1e-8)
    assert U["hk"] == pytest.approx(2e5 / (4e-7 * np.pi * 1e12), rel=1e-8)
