"""spinlib.manybody against independent constructions: the whole space of Eq. (2) built by Kronecker
products of Pauli matrices, other integrators, SymPy-free exact statements, and the paper's numbers.

Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99, 094431 (2019).
"""

from __future__ import annotations

import re
from dataclasses import replace
from math import comb
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sps
from scipy.linalg import expm
from scipy.sparse.linalg import eigsh, expm_multiply

from spinlib import manybody as mb
from spinlib.manybody import studies
from spinlib.validate import SpinlibInputError

SMALL = mb.ChainParams(n_sites=24, n_spins=3, first_spin=12, j_sd=0.3, j_xy=0.1, j_z=0.13)
SMALL_PACKET = mb.PacketParams(k0=0.8, dk=0.5, center=6.0)
ROOT = Path(__file__).resolve().parents[2]


def _full_state(params, packet, direction):
    """Eq. (4) built directly on the whole space (orbital ⊗ electron ⊗ local spins)."""
    x = np.arange(params.n_sites)
    orb = np.exp(1j * packet.k0 * x - packet.dk**2 * (x - packet.center) ** 2 / 4)
    orb /= np.linalg.norm(orb)
    state = np.kron(orb, mb.electron_spinor(direction))
    dim = int(round(2 * params.local_spin)) + 1
    up = np.zeros(dim)
    up[0] = 1.0
    for _ in range(params.n_spins):
        state = np.kron(state, up)
    return state


@pytest.mark.parametrize(
    "params",
    [
        SMALL,
        replace(SMALL, convention="spin"),
        mb.ChainParams(n_sites=8, n_spins=1, first_spin=3, local_spin=2.5),
    ],
)
def test_sector_hamiltonian_is_the_restriction_of_the_kronecker_hamiltonian(params):
    h_full = mb.full_hamiltonian(params=params)
    q_max = int(round(2 * sum(params.spins)))
    for q in range(q_max + 1):
        basis = mb.sector_basis(params=params, lowerings=(q,))
        cols = np.stack(
            [mb.sector_to_full(e, params=params, lowerings=(q,)) for e in np.eye(params.n_sites * basis.dim)],
            axis=1,
        )
        h_sec = mb.sector_hamiltonian(params=params, lowerings=(q,)).toarray()
        proj = cols.conj().T @ (h_full @ cols)
        assert np.allclose(proj, h_sec, atol=1e-13)
        # the sector is invariant: H maps it into itself (nothing leaks out)
        leak = h_full @ cols - cols @ proj
        assert np.abs(leak).max() < 1e-13


def test_total_sz_commutes_with_the_full_hamiltonian_and_a_transverse_field_breaks_it():
    p = replace(studies.PAPER, n_sites=6, first_spin=0)
    h, sz = mb.full_hamiltonian(params=p), mb.full_total_sz(params=p)
    assert abs(h @ sz - sz @ h).max() < 1e-14
    field = sps.kron(
        sps.identity(p.n_sites * 2), sps.kron(sps.csr_matrix([[0, 1], [1, 0]]), sps.identity(16))
    )
    assert abs((h + field) @ sz - sz @ (h + field)).max() > 0.5


@pytest.mark.parametrize("direction", [(0, 0, -1), (1, 0, 0), (0.3, -0.5, 0.2)])
def test_sector_dynamics_equal_full_space_dynamics(direction):
    t = 40.0
    full = expm_multiply(
        -1j * t / mb.HBAR_EV_FS * mb.full_hamiltonian(params=SMALL),
        _full_state(SMALL, SMALL_PACKET, direction),
    )
    dyn = mb.evolve(
        params=SMALL, packet=SMALL_PACKET, electron_spin=direction, t_max=t, n_t=2, keep_states=True
    )
    emb = mb.sector_to_full(dyn.states[-1], params=SMALL, lowerings=dyn.basis.lowerings)
    assert np.abs(emb - full).max() < 1e-10
    # observables from the whole space: sigma^z of the first local spin, probabilities of Eq. (8)
    sz1 = np.kron(np.eye(SMALL.n_sites * 2), np.kron(np.diag([1.0, -1.0]), np.eye(4)))
    assert abs(np.vdot(full, sz1 @ full).real - dyn.observables.local_spins[-1, 0, 2]) < 1e-10
    probs = (np.abs(full.reshape(SMALL.n_sites, 16)) ** 2).sum(axis=0)
    flat = np.ravel_multi_index(dyn.basis.configs.T, [2] * 4)
    assert np.allclose(probs[flat], dyn.observables.probabilities[-1], atol=1e-12)
    assert abs(probs.sum() - probs[flat].sum()) < 1e-12


def test_three_methods_agree_and_cn_is_second_order():
    kw = {"params": SMALL, "packet": SMALL_PACKET, "electron_spin": (1, 0, 0), "t_max": 30.0, "n_t": 4}
    ref = mb.evolve(**kw, keep_states=True).states
    eig = mb.evolve(**kw, method="eigh", keep_states=True).states
    assert np.abs(ref - eig).max() < 1e-10
    errs = [
        np.abs(mb.evolve(**kw, method="cn", dt=dt, keep_states=True).states - ref).max()
        for dt in (0.04, 0.02, 0.01)
    ]
    ratios = np.array(errs[:-1]) / np.array(errs[1:])
    assert np.all((ratios > 3.8) & (ratios < 4.2)), ratios  # second order: halving dt divides the error by 4


def test_cn_step_is_unitary_and_matches_the_cayley_form():
    h = mb.sector_hamiltonian(params=SMALL, lowerings=(0, 1))
    step = mb.cn_propagator(h, dt_fs=0.7, shift=0.3)
    rng = np.random.default_rng(1)
    v = rng.normal(size=h.shape[0]) + 1j * rng.normal(size=h.shape[0])
    v /= np.linalg.norm(v)
    w = v.copy()
    for _ in range(500):
        w = step(w)
    assert abs(np.linalg.norm(w) - 1) < 1e-10
    hd = h.toarray() - 0.3 * np.eye(h.shape[0])
    a = 1j * 0.7 / (2 * mb.HBAR_EV_FS) * hd
    cayley = np.linalg.solve(np.eye(h.shape[0]) + a, np.eye(h.shape[0]) - a)
    assert np.abs(step(v) - cayley @ v).max() < 1e-12


@pytest.fixture(scope="module")
def paper_runs():
    kw = {"t_max": 600.0, "n_t": 25, "keep_states": True}
    return mb.evolve(electron_spin=(0, 0, -1), **kw), mb.evolve(electron_spin=(1, 0, 0), **kw)


def test_invariants_of_the_paper_evolution(paper_runs):
    for dyn in paper_runs:
        o = dyn.observables
        assert np.abs(o.norm - 1).max() < 1e-10
        assert np.abs(o.sz_total - o.sz_total[0]).max() < 1e-10
        d_local = o.schmidt.shape[-1]
        assert np.all(o.purity <= 1 + 1e-10) and np.all(o.purity >= 1 / d_local - 1e-10)
        for psi in dyn.states[::6]:
            rho_l = mb.reduced_local_spins(psi, dyn.basis)
            rho_e = mb.reduced_electron(psi, dyn.basis)
            for rho in (
                rho_l,
                rho_e,
                mb.reduced_spins(psi, dyn.basis),
                mb.single_spin_density(psi, dyn.basis, 1),
            ):
                assert np.abs(rho - rho.conj().T).max() < 1e-13
                assert abs(np.trace(rho) - 1) < 1e-10
                assert np.linalg.eigvalsh(rho).min() > -1e-12
            # Eq. (7): the two sides of the bipartition have the same purity
            assert abs(np.vdot(rho_l, rho_l).real - np.vdot(rho_e, rho_e).real) < 1e-12
            # Eq. (6): rho_1 = (1 + S_1 . sigma)/2 with the Bloch vector from spin_observables
            rho1 = mb.single_spin_density(psi, dyn.basis, 1)
            bloch = [2 * rho1[0, 1].real, -2 * rho1[0, 1].imag, (rho1[0, 0] - rho1[1, 1]).real]
            o1 = mb.spin_observables(psi, dyn.basis)
            assert np.allclose(bloch, o1.local_spins[0], atol=1e-12)


def test_collinear_no_rotation_and_noncollinear_probabilities_are_exactly_half(paper_runs):
    col, non = paper_runs
    assert np.abs(col.observables.local_spins[..., :2]).max() < 1e-14
    assert np.abs(col.observables.electron_spin[..., :2]).max() < 1e-14
    assert np.abs(non.observables.local_spins[..., :2]).max() > 1e-3  # rotation in the standard geometry
    # configurations of the q = 1 sector: half of the collinear ones; the all-up one stays 1/2
    rows = [non.basis.index[tuple(int(x) for x in c)] for c in col.basis.configs]
    assert np.abs(non.observables.probabilities[:, rows] - col.observables.probabilities / 2).max() < 1e-10
    up = non.basis.index[(0,) * 6]
    assert np.abs(non.observables.probabilities[:, up] - 0.5).max() < 1e-10


def test_paper_statements_about_fig3(paper_runs):
    col = paper_runs[0].observables
    b = paper_runs[0].basis
    p = col.probabilities
    initial = b.index[(1, 0, 0, 0, 0, 0)]
    assert p[:, initial].min() > 0.8  # "maintains its probability close to 1"
    edge_last, edge_first = b.index[(0, 0, 0, 0, 0, 1)], b.index[(0, 1, 0, 0, 0, 0)]
    assert p[:, edge_last].max() > p[:, edge_first].max()  # |up; up up up up down> enhanced
    s = col.local_spins[:, :, 2]
    assert np.all(s < 1 + 1e-10) and s[-1].min() < 0.97  # shrinking without rotation
    assert np.abs(s[-1] - s[-1].mean()).max() < 0.03  # "virtually the same" for spins 1..5


def test_paper_numbers_pauli_convention():
    multiplet = mb.ground_multiplet()
    assert multiplet.size == 7 and abs(multiplet.min() - (-2.43)) < 0.01  # E_0 = -2.43 eV (Fig. 2(b))
    assert np.ptp(multiplet) < 3e-3
    gap = mb.lowest_levels(lowering=1, n_levels=3)[2] - mb.lowest_levels(lowering=1, n_levels=3)[0]
    assert gap > 0.03  # the multiplet is separated from the continuum (E > -2.402)
    chain = mb.xxz_spectrum()
    assert chain.size == 32 and np.ptp(chain[:6]) < 3e-3 and chain[6] - chain[5] > 0.07  # six-fold
    spin = mb.ground_multiplet(params=replace(studies.PAPER, convention="spin"))
    assert spin.min() > -2.2  # the spin-1/2 convention misses E_0 = -2.43 by > 0.2 eV


def test_multiplets_exactly_degenerate_at_isotropic_exchange():
    iso = replace(studies.PAPER, j_z=0.1, n_sites=120, first_spin=58)
    assert np.ptp(mb.ground_multiplet(params=iso)) < 1e-10
    assert np.ptp(mb.xxz_spectrum(params=iso)[:6]) < 1e-12


def test_sector_ground_multiplet_equals_full_space_lowest_levels():
    p = replace(studies.PAPER, n_sites=60, first_spin=27)
    vals = np.sort(
        eigsh(mb.full_hamiltonian(params=p), k=8, sigma=-3.0, which="LM", return_eigenvectors=False)
    )
    assert np.allclose(np.sort(mb.ground_multiplet(params=p)), vals[:7], atol=1e-10)


def test_energy_moments_against_dense_expectation_values():
    psi, basis = mb.initial_state(params=SMALL, packet=SMALL_PACKET, electron_spin=(0, 0, -1))
    h = mb.full_hamiltonian(params=SMALL).toarray()
    v = _full_state(SMALL, SMALL_PACKET, (0, 0, -1))
    mean = np.vdot(v, h @ v).real
    var = np.vdot(v, h @ h @ v).real - mean**2
    e, de = mb.energy_moments(params=SMALL, packet=SMALL_PACKET)
    assert abs(e - mean) < 1e-12 and abs(de - np.sqrt(var)) < 1e-12


def test_packet_at_the_edge_is_not_the_paper_packet():
    """The paper's E = -2.36 eV, dE = 0.054 eV: a packet centred on site 0 gives neither."""
    e0, de0 = mb.energy_moments(packet=replace(studies.PAPER_PACKET, center=0.0))
    assert e0 > -2.25 and de0 > 0.3
    e, de = mb.energy_moments()
    assert abs(e - (-2.382)) < 1e-3 and abs(de - 0.0243) < 1e-3


def test_macrospin_sector_and_appendix_claims():
    dyn = mb.evolve(params=studies.MACROSPIN, t_max=600.0, n_t=31, keep_states=True)
    assert dyn.basis.dim == 2  # (A1b): only |down; 5/2> and |up; 3/2>
    o = dyn.observables
    assert (
        np.abs(o.local_spins[..., :2]).max() < 1e-14 and o.local_spins[-1, 0, 2] < 4.9
    )  # shrinks, no rotation
    assert np.abs(o.norm - 1).max() < 1e-10
    # (A1b) writes one orbital factor |G> for both terms; the computed orbital factors differ
    psi = dyn.states[-1]
    a, b = psi[:, 0], psi[:, 1]
    overlap = abs(np.vdot(a, b)) / (np.linalg.norm(a) * np.linalg.norm(b))
    assert overlap < 0.9
    # non-collinear (A2b): |b|^2/2 and constant 1/2
    non = mb.evolve(params=studies.MACROSPIN, electron_spin=(1, 0, 0), t_max=600.0, n_t=31).observables
    i = dyn.basis.configs.tolist().index([0, 1])
    nb = mb.sector_basis(params=studies.MACROSPIN, lowerings=(0, 1))
    j = nb.index[(0, 1)]
    assert np.abs(non.probabilities[:, j] - o.probabilities[:, i] / 2).max() < 1e-12
    assert np.abs(non.probabilities[:, nb.index[(0, 0)]] - 0.5).max() < 1e-12


def test_two_spin_toy_against_dense_matrix_exponential():
    """Independent of every sparse path: a 3-site chain, one spin, dense expm of the Kronecker H."""
    p = mb.ChainParams(n_sites=3, n_spins=1, first_spin=1, j_sd=0.4)
    pk = mb.PacketParams(k0=0.3, dk=1.0, center=0.0)
    h = mb.full_hamiltonian(params=p).toarray()
    v = _full_state(p, pk, (0, 0, -1))
    for t in (5.0, 37.0):
        w = expm(-1j * t / mb.HBAR_EV_FS * h) @ v
        dyn = mb.evolve(params=p, packet=pk, t_max=t, n_t=2, keep_states=True)
        assert np.abs(mb.sector_to_full(dyn.states[-1], params=p) - w).max() < 1e-12


def test_sector_dimensions():
    for n in (5, 50):
        p = replace(studies.PAPER, n_spins=n)
        for q in (0, 1, 2):
            assert mb.sector_basis(params=p, lowerings=(q,)).dim == comb(n + 1, q)
    assert mb.sector_hamiltonian().shape == (400 * 6, 400 * 6)  # L_x (N + 1)


@pytest.mark.parametrize(
    "bad, name",
    [
        ({"n_sites": 0}, "n_sites"),
        ({"n_spins": 0}, "n_spins"),
        ({"n_spins": 500}, "n_spins"),
        ({"first_spin": 398}, "first_spin"),
        ({"first_spin": -1}, "first_spin"),
        ({"hopping": 0.0}, "hopping"),
        ({"j_sd": float("nan")}, "j_sd"),
        ({"local_spin": 0.7}, "local_spin"),
        ({"convention": "x"}, "convention"),
        ({"n_sites": 2.5}, "n_sites"),
        ({"j_z": True}, "j_z"),
    ],
)
def test_bad_chain_parameters_are_named(bad, name):
    with pytest.raises(SpinlibInputError, match=name):
        mb.ChainParams(**bad)


def test_bad_call_arguments_are_named():
    with pytest.raises(SpinlibInputError, match="dt"):
        mb.evolve(dt=0.0)
    with pytest.raises(SpinlibInputError, match="t_max"):
        mb.evolve(t_max=-1.0)
    with pytest.raises(SpinlibInputError, match="packet.center"):
        mb.evolve(packet=mb.PacketParams(center=500.0))
    with pytest.raises(SpinlibInputError, match="dk"):
        mb.PacketParams(dk=0.0)
    with pytest.raises(SpinlibInputError, match="electron_spin"):
        mb.evolve(electron_spin=(0, 0, 0))
    with pytest.raises(SpinlibInputError, match="params"):
        mb.evolve(params=None)
    with pytest.raises(SpinlibInputError, match="method"):
        mb.evolve(method="rk4")


def test_page_exercise_solution_code_runs_and_states_what_the_page_says():
    """book/manybody/limits.md, exercise ex-mb-computational: the solution runs; its result is asserted."""
    page = (ROOT / "book" / "manybody" / "limits.md").read_text()
    solution = page[page.index("````{solution} ex-mb-computational") :]
    solution = solution[: solution.index("\n````\n")]
    (code,) = re.findall(r"```python\n(.*?)```", solution, flags=re.S)
    namespace: dict = {}
    exec(compile(code, "ch3-solution", "exec"), namespace)  # noqa: S102 - the page's own code
    res = namespace["result"]
    # the q = 1 sector of two spins 1/2 coupled by -J_sd sigma.sigma: triplet and singlet
    assert np.allclose(sorted(res["levels"]), [-0.1, 0.3], atol=1e-12)
    assert abs(res["max_flip"] - 1.0) < 1e-6  # a full swap when the electron stays on the spin
    assert abs(res["t_swap"] - np.pi * mb.HBAR_EV_FS / 0.4) < 0.01  # pi hbar / (E_singlet - E_triplet)
    assert abs(res["t_swap"] - 5.17) < 0.01  # the number the solution states
    assert abs(res["chain_max_flip"] - 0.21) < 0.005  # "about 0.21": a passing packet flips far less


def test_spin_flip_symmetry_used_by_ground_multiplet():
    """ground_multiplet mirrors sector q onto q_max - q; check the mirrored sectors directly."""
    p = replace(studies.PAPER, n_sites=40, first_spin=17)
    direct = [mb.lowest_levels(params=p, lowering=q, n_levels=3) for q in range(7)]
    for q in range(7):
        assert np.allclose(direct[q], direct[6 - q], atol=1e-11)
    assert np.allclose(mb.ground_multiplet(params=p), [d[0] for d in direct], atol=1e-11)


def test_page_claims_of_the_live_explorer():
    """book/manybody/limits.md, the coupling explorer: J_sd = 0 does nothing; larger J_sd flips more and
    lowers the purity; J_z/J redistributes the flips among the spins but moves the purity much less
    than J_sd."""
    from spinlib.manybody import figures as figs

    ex = figs.coupling_explorer()
    assert np.abs(ex.compute(j_sd=0.0, anisotropy=1.0)["purity"] - 1).max() < 1e-10
    runs = [ex.compute(j_sd=j, anisotropy=1.0) for j in (0.1, 0.2, 0.3, 0.5)]
    purity = [r["purity"][-1] for r in runs]
    flips = [r["flips"][-1].sum() for r in runs]
    assert np.all(np.diff(purity) < 0) and np.all(np.diff(flips) > 0)
    aniso = [ex.compute(j_sd=0.5, anisotropy=a) for a in (0.5, 1.0, 1.5)]
    spread_purity = np.ptp([r["purity"][-1] for r in aniso])
    assert spread_purity < 0.1 * (purity[0] - purity[-1])
    shares = np.array([r["flips"][-1] / r["flips"][-1].sum() for r in aniso])
    assert np.ptp(shares[:, 0]) > 0.1  # the first spin's share of the flip changes with J_z/J
    # the packet has not reached the far end within the window
    p = mb.ChainParams(n_sites=60, n_spins=3, first_spin=28, j_sd=0.5)
    dyn = mb.evolve(params=p, packet=mb.PacketParams(k0=1.0, dk=0.5, center=10.0), t_max=11.0, n_t=12)
    assert dyn.observables.density[:, 55:].sum(axis=1).max() < 1e-3


def test_coupling_explorer_slices_evolutions_computed_once():
    """The explorer's precomputed stops (studies.coupling_grid: one sector Hamiltonian per pair
    assembled from three, observables in one batch) are the evolutions of coupling_run at the same
    values, at pairs where the two sliders sit at different positions (a swapped or shifted index
    would show); values off the stops are evolved directly."""
    from spinlib.live import slider_stops
    from spinlib.manybody import figures as figs

    ex = figs.coupling_explorer()
    j_stops, a_stops = (slider_stops(c) for c in ex.controls)
    assert j_stops.size == 11 and a_stops.size == 21
    for j, a in ((0.05, 1.35), (0.45, 0.6), (0.3, 1.0), (0.5, 0.5)):
        direct = studies.coupling_run(j_sd=j, anisotropy=a)
        shown = ex.compute(j_sd=j + 1e-15, anisotropy=a)  # a slider's rounding still finds the stop
        for key in ("purity", "sz", "flips"):
            assert shown[key].shape == direct[key].shape
            assert np.abs(shown[key] - direct[key]).max() < 1e-10, (j, a, key)
    off = ex.compute(j_sd=0.123, anisotropy=1.01)
    direct = studies.coupling_run(j_sd=0.123, anisotropy=1.01)
    assert np.abs(off["purity"] - direct["purity"]).max() == 0.0
    near = ex.compute(j_sd=0.1, anisotropy=1.0)
    assert np.abs(off["purity"] - near["purity"]).max() > 1e-4  # not snapped to the nearest stop
