"""Public functions of spinlib.manybody not covered elsewhere, each against an independent value.

References: hand calculations on two spins, the whole space of Eq. (2) built with NumPy Kronecker
products here (not with ``spinlib.manybody.fullspace``), another propagation method, and limits.
Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99, 094431 (2019).
"""

from __future__ import annotations

from functools import reduce

import numpy as np
import pytest
from scipy.linalg import expm
from scipy.sparse.linalg import expm_multiply

from spinlib import manybody as mb
from spinlib.manybody import studies

SX = np.array([[0, 1], [1, 0]], dtype=complex)
SY = np.array([[0, -1j], [1j, 0]])
SZ = np.diag([1.0 + 0j, -1.0])


def _kron(*mats):
    return reduce(np.kron, mats)


def _xxz_pauli(n, j_xy, j_z):
    """-sum_n [J (sx sx + sy sy) + J_z sz sz] of n spins 1/2 (Pauli), built here from np.kron."""

    def op(m, k):
        return _kron(*[m if i == k else np.eye(2) for i in range(n)])

    return -sum(
        j_xy * (op(SX, k) @ op(SX, k + 1) + op(SY, k) @ op(SY, k + 1)) + j_z * op(SZ, k) @ op(SZ, k + 1)
        for k in range(n - 1)
    )


def test_xxz_hamiltonian_has_the_kronecker_levels_each_twice():
    p = mb.ChainParams(n_sites=4, n_spins=3, j_xy=0.07, j_z=-0.11)
    got = np.linalg.eigvalsh(mb.xxz_hamiltonian(params=p).toarray())
    ref = np.linalg.eigvalsh(_xxz_pauli(3, 0.07, -0.11))
    assert np.abs(got - np.sort(np.repeat(ref, 2))).max() < 1e-14  # electron up and down
    # two spins, hand calculation: -J sigma.sigma has triplet -J, singlet +3J (J_z = J)
    two = mb.xxz_hamiltonian(params=mb.ChainParams(n_sites=2, n_spins=2, j_xy=0.1, j_z=0.1), lowerings=(1,))
    assert np.allclose(np.linalg.eigvalsh(two.toarray()), [-0.1, -0.1, 0.3], atol=1e-14)


def test_full_total_sz_by_hand_for_a_spin_one():
    # electron +-1/2 and m = 1, 0, -1, in the order electron (up, down) x m (1, 0, -1), on each site
    p = mb.ChainParams(n_sites=2, n_spins=1, local_spin=1.0)
    per_site = [1.5, 0.5, -0.5, 0.5, -0.5, -1.5]
    assert mb.full_total_sz(params=p).diagonal().real.tolist() == per_site * 2


def test_sector_levels_are_the_whole_space_levels_of_fixed_total_sz():
    p = mb.ChainParams(n_sites=5, n_spins=2, first_spin=1, j_sd=0.3, j_xy=0.05, j_z=0.08)
    n = 4
    # the whole space, built here: orbital x electron x spin 1 x spin 2
    hop = -(np.eye(5, k=1) + np.eye(5, k=-1))
    h = _kron(hop, np.eye(8)) + _kron(np.eye(5), np.eye(2), _xxz_pauli(2, 0.05, 0.08))
    for k, site in enumerate((1, 2)):
        proj = np.zeros((5, 5))
        proj[site, site] = 1
        for s in (SX, SY, SZ):
            local = [s if i == k else np.eye(2) for i in range(2)]
            h = h - 0.3 * _kron(proj, s, *local)
    sz = _kron(
        np.eye(5),
        np.diag(
            [
                sum(v)
                for v in np.array(np.meshgrid([0.5, -0.5], [0.5, -0.5], [0.5, -0.5], indexing="ij"))
                .reshape(3, -1)
                .T
            ]
        ),
    )
    levels = mb.sector_levels(params=p, n_levels=n)
    for q in range(4):
        keep = np.isclose(np.diag(sz).real, 1.5 - q)
        ref = np.linalg.eigvalsh(h[np.ix_(keep, keep)])[:n]
        assert np.abs(levels[q] - ref).max() < 1e-12, q


def test_lowest_levels_by_lanczos_equal_dense_diagonalisation():
    p = mb.ChainParams(n_sites=1600, n_spins=1, j_sd=0.4)  # q = 1: 3200 states, the eigsh branch
    got = mb.lowest_levels(params=p, lowering=1, n_levels=3)
    dense = np.linalg.eigvalsh(mb.sector_hamiltonian(params=p, lowerings=(1,)).toarray())[:3]
    assert np.abs(got - dense).max() < 1e-10
    # a bound state below the band -2 gamma: the triplet binds by J_sd (Pauli), the band edge is above
    assert got[0] < -2.0


def test_cached_and_paper_dynamics_equal_the_eigendecomposition():
    p = mb.ChainParams(n_sites=16, n_spins=2, j_sd=0.3)
    pk = mb.PacketParams(k0=0.8, dk=0.6, center=4.0)
    ref = mb.evolve(params=p, packet=pk, electron_spin=(1, 0, 0), t_max=8.0, n_t=3, method="eigh").observables
    for dyn in (
        mb.cached_evolve(params=p, packet=pk, electron_spin=(1, 0, 0), t_max=8.0, n_t=3),
        studies.paper_dynamics(params=p, packet=pk, electron_spin=(1, 0, 0), t_max=8.0, n_t=3),
    ):
        assert np.abs(dyn.observables.local_spins - ref.local_spins).max() < 1e-10
        assert np.abs(dyn.observables.purity - ref.purity).max() < 1e-10


def test_studies_spectra_for_two_spins_by_hand():
    xxz, sectors = studies.spectra(params=mb.ChainParams(n_sites=3, n_spins=2, j_xy=0.1, j_z=0.1), n_levels=1)
    assert np.allclose(xxz, [-0.1, -0.1, -0.1, 0.3], atol=1e-14)
    assert sorted(sectors) == [0, 1, 2, 3]


def test_cn_convergence_is_second_order_against_the_reference():
    p = mb.ChainParams(n_sites=60, n_spins=1, j_sd=0.3)
    steps, errs, secs = studies.cn_convergence(steps=(0.05, 0.025, 0.0125), t_max=6.0, params=p)
    assert np.allclose(errs[:-1] / errs[1:], 4.0, rtol=0.1) and np.all(secs > 0)


def test_large_n_and_macrospin_against_the_whole_space():
    """Two local spins and the macrospin S = 5/2 on the paper's chain, against np.kron + expm_multiply."""
    run = studies.large_n(n_spins=2, t_max=40.0, n_t=2)
    p = run.basis.params
    psi0, basis = mb.initial_state(params=p, packet=studies.PAPER_PACKET)
    full0 = mb.sector_to_full(psi0, params=p, lowerings=basis.lowerings)
    psi = expm_multiply(-1j * 40.0 / mb.HBAR_EV_FS * mb.full_hamiltonian(params=p), full0)
    psi = psi.reshape(p.n_sites, 2, 2, 2)
    sz1 = np.einsum("iabc,iabc->", psi.conj(), psi * np.array([1, -1])[None, None, :, None]).real
    assert abs(run.observables.local_spins[-1, 0, 2] - sz1) < 1e-10

    mac = studies.macrospin_dynamics(t_max=20.0, n_t=2)
    state = mac.states[-1]
    # the q = 1 state |G_a> |down; 5/2> + |G_b> |up; 3/2>: 2 S^z = 5 |G_a|^2 + 3 |G_b|^2
    ga, gb = state[:, mac.basis.index[(1, 0)]], state[:, mac.basis.index[(0, 1)]]
    assert (
        abs(mac.observables.local_spins[-1, 0, 2] - (5 * np.vdot(ga, ga) + 3 * np.vdot(gb, gb)).real) < 1e-12
    )


def test_length_convergence_vanishes_before_the_packet_can_reach_the_far_end():
    t, dev = studies.length_convergence(t_max=100.0, n_t=3)
    assert dev.max() < 1e-12  # 100 fs: even the fast tail is 200 sites away from site 399


@pytest.mark.parametrize("direction", [(0, 0, -1), (0, 1, 0), (-1, 0, 0)])
def test_two_site_hand_dynamics_of_the_exchange_block(direction):
    """Electron and one spin 1/2 on one site (no hopping to speak of): the 2x2 exchange problem by hand."""
    p = mb.ChainParams(n_sites=2, n_spins=1, first_spin=0, hopping=1e-12, j_sd=0.1)
    pk = mb.PacketParams(k0=0.0, dk=3.0, center=0.0)  # on site 0 (site 1 carries e^-9/4 ... ~ 1e-1 of it)
    dyn = mb.evolve(params=p, packet=pk, electron_spin=direction, t_max=5.0, n_t=2, keep_states=True)
    psi0, basis = mb.initial_state(params=p, packet=pk, electron_spin=direction)
    # hand: H = -J_sd sigma.sigma on every site with a spin; no hopping -> exp on site 0 only
    h_spin = -0.1 * sum(np.kron(s, s) for s in (SX, SY, SZ))
    u = expm(-1j * 5.0 / mb.HBAR_EV_FS * h_spin)
    full0 = mb.sector_to_full(psi0, params=p, lowerings=basis.lowerings).reshape(2, 4)
    ref = np.vstack([u @ full0[0], full0[1]])  # site 1 has no spin: its spin part is frozen
    got = mb.sector_to_full(dyn.states[-1], params=p, lowerings=basis.lowerings).reshape(2, 4)
    assert np.abs(got - ref).max() < 1e-9
