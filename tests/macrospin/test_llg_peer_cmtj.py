"""spinlib's macrospin LLG integrator against cmtj, an independent C++ macrospin simulator.

cmtj is the optional ``bench`` extra (``pip install -e '.[bench]'``; ``make bench`` installs it);
without it these tests are skipped. The conventions mapping (SI units, gamma, the Slonczewski
factor, the Gilbert insertion of the torque, cmtj's log stamps) lives in ``tools/bench/peers.py``
and is explained there. Both programs use fixed-step RK4 followed by ``m -> m/|m|``, so at a
small step they agree to ~1e-11 over a whole trajectory; any change to a term of the equation of
motion, to its sign, to ``time_unit`` or ``current_unit``, or to the time stamps of
:func:`spinlib.macrospin.llg.integrate` moves them apart by orders of magnitude more.
"""

from __future__ import annotations

import numpy as np
import pytest

pytest.importorskip("cmtj")

from spinlib.macrospin import llg  # noqa: E402
from tools.bench import peers  # noqa: E402

T_END, N_STEPS = 10.0, 1000  # dt = 0.01: the schemes' O(dt^4) off-sphere difference is ~1e-11 here
TOL = 1e-10


def _general():
    """Every term on, no axis aligned with another: tilted film normal (N = 0.6), oblique easy axis,
    field and p, Slonczewski (1996) angular factor at P = 0.35 (B/A = 0.6)."""
    q, A, B = (float(x) for x in llg.slonczewski_coefficients(polarization=0.35))
    return peers.MacrospinProblem(field=(0.15, -0.05, 0.1), hk=0.3, easy_axis=(1.0, 0.3, -0.2), demag=0.6,
                                  normal=(0.1, -0.2, 1.0), alpha=0.05, fixed=(0.6, 0.8, 0.3), q=q, A=A, B=B,
                                  current=0.08)


PROBLEMS = {
    "general geometry with torque": _general(),
    "thin film, no current": peers.thin_film(current_over_critical=0.0),
    "thin film, j = 1.5 j_c": peers.thin_film(current_over_critical=1.5),
    # Fig. 8(a)-(d) geometry: isotropic, field and p along z, B < 0 (a stable precession cone)
    "isotropic, B/A = -0.5": peers.MacrospinProblem(field=(0.0, 0.0, 1.0), alpha=0.1, fixed=(0.0, 0.0, 1.0),
                                                    q=0.5, A=1.0, B=-0.5, current=0.15),
}


@pytest.fixture
def constants():
    """cmtj's constants are global C++ state: set them for each test, restore them after."""
    with peers.cmtj_constants() as c:
        yield c


@pytest.mark.parametrize("name", list(PROBLEMS))
def test_spinlib_trajectories_match_cmtj_at_every_stamp(name, constants):
    problem = PROBLEMS[name]
    m0 = peers.random_unit_vectors(6, seed=3)
    r = peers.compare_trajectories(m0, problem, t_end=T_END, n_steps=N_STEPS)
    assert r["stamps_ok"]  # cmtj stamps its k-th entry k dt ...
    assert r["matched"] < TOL, r  # ... and that entry is spinlib's m((k + 1) dt)
    # The comparison is not vacuous: the trajectories move, and pairing equal stamps would fail.
    _, m = peers.spinlib_integrate(m0, problem, t_end=T_END, n_steps=N_STEPS, n_out=1)
    assert np.abs(m[:, -1] - m0).max() > 0.1
    assert r["naive"] > 1e3 * TOL


def test_torque_enters_the_gilbert_form_not_the_landau_lifshitz_form(constants):
    """cmtj with beta = 0 adds the torque to the Landau-Lifshitz form; spinlib must not match it."""
    problem = PROBLEMS["general geometry with torque"]
    m0 = peers.random_unit_vectors(6, seed=3)
    gilbert = peers.compare_trajectories(m0, problem, t_end=T_END, n_steps=N_STEPS)
    ll = peers.compare_trajectories(m0, problem, t_end=T_END, n_steps=N_STEPS, insertion="landau-lifshitz")
    assert gilbert["matched"] < TOL
    assert ll["matched"] > 1e5 * TOL


def test_cmtj_mapping_is_exact_against_the_cross_product_form(constants):
    """cmtj against a NumPy RK4 of the same Gilbert equation (cross products at every stage): the
    mapping of units, constants and stamps leaves nothing but rounding."""
    problem = PROBLEMS["general geometry with torque"]
    m0 = peers.random_unit_vectors(6, seed=3)
    r = peers.compare_trajectories(m0, problem, t_end=T_END, n_steps=N_STEPS, against="cross-product")
    assert r["matched"] < 1e-12, r


def test_cmtj_constants_are_restored():
    import cmtj

    C = cmtj.constants.PhysicalConstants
    with peers.cmtj_constants():
        assert C.gyromagnetic_ratio() != 220880.0
    assert C.gyromagnetic_ratio() == 220880.0


def test_single_trajectory_path_matches_cmtj(constants):
    """integrate() runs one trajectory on Python floats (not arrays): that path is checked too."""
    problem = PROBLEMS["general geometry with torque"]
    m0 = peers.random_unit_vectors(1, seed=5)[0]
    t, m = peers.spinlib_integrate(m0, problem, t_end=T_END, n_steps=N_STEPS, n_out=N_STEPS)
    assert m.shape == (N_STEPS + 1, 3)
    stamps, m_cmtj, m_end = peers.cmtj_integrate(m0, problem, t_end=T_END, n_steps=N_STEPS)
    assert np.abs(m_cmtj - m[1:]).max() < TOL
    assert np.abs(m_end - m[-1]).max() < TOL
    np.testing.assert_allclose(stamps, t[:-1], rtol=0, atol=1e-12)
