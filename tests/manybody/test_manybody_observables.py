"""Observables, reduced density matrices and the numerics' equations against independent values.

Every reduced density matrix and spin observable of :mod:`spinlib.manybody` is compared with the
same quantity computed on the whole space of Eq. (2) (Kronecker products, partial traces by
reshaping), so a transposed matrix, a sign or a constant offset cannot hide behind hermiticity,
unit trace or conservation. The equations the derivation checks (the s-d spectrum, the Cayley
step) are compared with the numeric functions the evolution calls.
Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99, 094431 (2019).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import scipy.sparse as sps
import sympy as sp

from spinlib import manybody as mb
from spinlib.manybody import derivation as d
from spinlib.manybody import studies
from spinlib.validate import SpinlibInputError

SMALL = mb.ChainParams(n_sites=12, n_spins=2, first_spin=6, j_sd=0.4, j_xy=0.1, j_z=0.13)
PACKET = mb.PacketParams(k0=0.9, dk=0.7, center=3.0)
TILTED = (0.3, -0.5, 0.2)  # every component of the electron spin nonzero
PAULI = (
    np.array([[0, 1], [1, 0]], dtype=complex),
    np.array([[0, -1j], [1j, 0]]),
    np.array([[1, 0], [0, -1]], dtype=complex),
)


@pytest.fixture(scope="module")
def run():
    """A state with every spin component nonzero (tilted electron, after the spins were met)."""
    dyn = mb.evolve(params=SMALL, packet=PACKET, electron_spin=TILTED, t_max=6.0, n_t=4, keep_states=True)
    full = np.stack(
        [mb.sector_to_full(psi, params=SMALL, lowerings=dyn.basis.lowerings) for psi in dyn.states]
    )
    return dyn, full.reshape(len(dyn.t), SMALL.n_sites, 2, 2**SMALL.n_spins)  # (t, orbital, electron, locals)


def _embed(op, which, n_spins):
    """A 2x2 operator on spin ``which`` (0 electron) of the spin space electron ⊗ locals."""
    mats = [op if k == which else np.eye(2) for k in range(n_spins + 1)]
    out = mats[0]
    for m in mats[1:]:
        out = np.kron(out, m)
    return out


def test_the_run_has_transverse_spin(run):
    dyn, _ = run
    assert np.abs(dyn.observables.electron_spin[-1, 1]).min() > 0.05
    assert np.abs(dyn.observables.local_spins[-1, :, 1]).max() > 1e-3


def test_spin_vectors_against_the_whole_space(run):
    dyn, full = run
    spin_states = full.reshape(len(dyn.t), SMALL.n_sites, -1)
    for k in range(SMALL.n_spins + 1):
        for a, sigma in enumerate(PAULI):
            op = _embed(sigma, k, SMALL.n_spins)
            ref = np.einsum("tia,ab,tib->t", spin_states.conj(), op, spin_states).real
            got = dyn.observables.electron_spin[:, a] if k == 0 else dyn.observables.local_spins[:, k - 1, a]
            assert np.abs(got - ref).max() < 1e-12, (k, "xyz"[a])


def test_total_sz_is_the_sum_of_the_components_and_the_whole_space_value(run):
    """Not only conserved: equal to (s^z_e + sum S^z_n)/2 and to <psi|S^z_tot|psi> (units of hbar)."""
    dyn, full = run
    o = dyn.observables
    assert np.abs(o.sz_total - (o.electron_spin[:, 2] + o.local_spins[:, :, 2].sum(axis=1)) / 2).max() < 1e-12
    sz = mb.full_total_sz(params=SMALL)
    flat = full.reshape(len(dyn.t), -1)
    ref = np.einsum("ta,ta->t", flat.conj(), (sz @ flat.T).T).real
    assert np.abs(o.sz_total - ref).max() < 1e-12
    # the collinear case: one quantum lowered from (N + 1)/2, exactly
    col = mb.evolve(params=SMALL, packet=PACKET, t_max=6.0, n_t=3).observables
    assert np.abs(col.sz_total - ((SMALL.n_spins + 1) / 2 - 1)).max() < 1e-12


def test_reduced_electron_against_the_partial_trace_and_sigma_y(run):
    """A transposed matrix is Hermitian with unit trace and the same purity; <sigma_y> catches it."""
    dyn, full = run
    for psi, f in zip(dyn.states, full, strict=True):
        rho = mb.reduced_electron(psi, dyn.basis)
        m = f.reshape(2 * SMALL.n_sites, -1)  # rows: orbital i, electron spin s -> 2 i + s
        assert np.abs(rho - m @ m.conj().T).max() < 1e-13
    rho = mb.reduced_electron(dyn.states, dyn.basis)  # a batch, leading axis n_t
    spin = np.einsum("tiaib->tab", rho.reshape(len(dyn.t), SMALL.n_sites, 2, SMALL.n_sites, 2))
    bloch = np.stack([np.einsum("tab,ba->t", spin, s).real for s in PAULI], axis=-1)
    assert np.abs(bloch - dyn.observables.electron_spin).max() < 1e-12
    assert np.abs(spin - mb.single_spin_density(dyn.states, dyn.basis, 0)).max() < 1e-13


def test_reduced_local_spins_against_the_partial_trace(run):
    dyn, full = run
    configs = sorted({tuple(int(x) for x in c[1:]) for c in dyn.basis.configs})  # the documented order
    flat = np.ravel_multi_index(np.array(configs).T, [2] * SMALL.n_spins)
    for psi, f in zip(dyn.states, full, strict=True):
        m = f.reshape(2 * SMALL.n_sites, -1)
        ref = m.T @ m.conj()  # rho[c, c'] = sum psi_c psi_c'^*
        got = mb.reduced_local_spins(psi, dyn.basis)
        assert np.abs(got - ref[np.ix_(flat, flat)]).max() < 1e-13
        assert abs(np.trace(ref) - np.trace(got)) < 1e-13  # nothing outside the listed configurations
        # <S^y_1> read from it, with the operator of the whole space
        sy1 = _embed(PAULI[1], 0, SMALL.n_spins - 1)
        assert abs(np.trace(ref @ sy1).real - mb.spin_observables(psi, dyn.basis).local_spins[0, 1]) < 1e-12


def test_reduced_spins_and_single_spin_densities_against_the_partial_trace(run):
    dyn, full = run
    flat = np.ravel_multi_index(dyn.basis.configs.T, [2] * (SMALL.n_spins + 1))
    for psi, f in zip(dyn.states, full, strict=True):
        m = f.reshape(SMALL.n_sites, -1)
        ref = m.T @ m.conj()
        assert np.abs(mb.reduced_spins(psi, dyn.basis) - ref[np.ix_(flat, flat)]).max() < 1e-13
        t = ref.reshape([2] * (2 * SMALL.n_spins + 2))
        for k in range(SMALL.n_spins + 1):
            one = np.moveaxis(t, (k, SMALL.n_spins + 1 + k), (0, 1)).reshape(2, 2, 2**SMALL.n_spins, -1)
            one = np.einsum("abcc->ab", one)
            assert np.abs(mb.single_spin_density(psi, dyn.basis, k) - one).max() < 1e-13


def test_exchange_spectrum_of_the_derivation_is_the_sd_block_the_numerics_use():
    """The s-d term of sector_hamiltonian has the eigenvalues -J_sd x spec(s_e . S) derived in SymPy."""
    for convention in ("pauli", "spin"):
        p = mb.ChainParams(n_sites=2, n_spins=1, first_spin=0, j_sd=0.1, convention=convention)
        for q in (0, 1, 2):
            h = mb.sector_hamiltonian(params=p, lowerings=(q,)).toarray()
            d_q = mb.sector_basis(params=p, lowerings=(q,)).dim
            block = h[:d_q, :d_q]  # site 0: the s-d term only (hopping connects sites)
            got = np.linalg.eigvalsh(block)
            allowed = [float(-sp.Rational(1, 10) * v) for v in d.exchange_spectrum(convention)]
            assert all(min(abs(g - a) for a in allowed) < 1e-14 for g in got), (convention, q, got)
        full = np.linalg.eigvalsh(mb.full_hamiltonian(params=p).toarray()[:4, :4])
        expected = sorted(
            float(-sp.Rational(1, 10) * v)
            for v, mult in d.exchange_spectrum(convention).items()
            for _ in range(mult)
        )
        assert np.allclose(full, expected, atol=1e-14)


def test_cayley_factor_of_the_derivation_is_what_cn_propagator_applies():
    u = sp.lambdify(d.SYMBOLS["x"], d.cayley_step()["U"])
    h = mb.sector_hamiltonian(params=SMALL, lowerings=(1,))
    w, v = np.linalg.eigh(h.toarray())
    for dt, shift in ((0.4, 0.0), (2.5, -1.7)):
        step = mb.cn_propagator(h, dt_fs=dt, shift=shift)
        out = step(v)  # every eigenvector at once
        factors = np.einsum("ij,ij->j", v.conj(), out)
        assert np.abs(factors - u((w - shift) * dt / mb.HBAR_EV_FS)).max() < 1e-12


def test_packet_orbital_is_eq4():
    p = mb.ChainParams(n_sites=30, n_spins=1)
    pk = mb.PacketParams(k0=-0.7, dk=0.45, center=11.5)
    x = np.arange(30)
    ref = np.exp(1j * pk.k0 * x) * np.exp(-(pk.dk**2) * (x - pk.center) ** 2 / 4)
    got = mb.packet_orbital(params=p, packet=pk)
    assert np.abs(got - ref / np.linalg.norm(ref)).max() < 1e-14


def test_xxz_spectrum_and_spin_operators_against_kronecker_products():
    p = mb.ChainParams(n_sites=3, n_spins=3, j_xy=0.07, j_z=0.19)
    ops = [[_embed(s, k, 2) for s in PAULI] for k in range(3)]
    h = -sum(
        0.07 * (ops[k][0] @ ops[k + 1][0] + ops[k][1] @ ops[k + 1][1]) + 0.19 * ops[k][2] @ ops[k + 1][2]
        for k in range(2)
    )
    assert np.allclose(mb.xxz_spectrum(params=p), np.linalg.eigvalsh(h), atol=1e-14)
    # S^y of local spin 2 in the sectors (0, 1, 2) against the whole spin space (units of hbar)
    lowerings = (0, 1, 2)
    basis = mb.sector_basis(params=p, lowerings=lowerings)
    flat = np.ravel_multi_index(basis.configs.T, [2] * 4)
    whole = _embed(PAULI[1] / 2, 2, 3)
    got = mb.spin_operator(params=p, lowerings=lowerings, which=2, component="y").toarray()
    assert np.abs(got - whole[np.ix_(flat, flat)]).max() < 1e-15


def test_presets_are_the_printed_values():
    paper = studies.PAPER
    assert (paper.n_sites, paper.n_spins, paper.hopping, paper.j_sd, paper.j_xy, paper.j_z) == (
        400,
        5,
        1.0,
        0.1,
        0.1,
        0.1005,
    )
    assert paper.convention == "pauli" and paper == mb.ChainParams()  # the physics defaults are the paper's
    assert studies.PAPER_PACKET == mb.PacketParams(k0=0.1, dk=0.2, center=40.0) == mb.PacketParams()
    assert studies.MACROSPIN.n_spins == 1 and studies.MACROSPIN.local_spin == 2.5
    assert studies.MACROSPIN.spin_sites.tolist() == [199]


def test_dynamics_is_frozen_with_time_first():
    dyn = mb.evolve(params=SMALL, packet=PACKET, t_max=2.0, n_t=3)
    assert [f.name for f in dataclasses.fields(dyn)][0] == "t" and dyn.t.shape == (3,)
    assert dyn.observables.local_spins.shape == (3, SMALL.n_spins, 3)
    with pytest.raises(dataclasses.FrozenInstanceError):
        dyn.t = None


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda: mb.evolve(keep_states="no"), "keep_states"),
        (lambda: mb.evolve(keep_states=None), "keep_states"),
        (lambda: mb.ground_multiplet(xxz_only=2), "xxz_only"),
        (lambda: mb.sector_to_full(np.full((400, 6), np.nan)), "state"),
        (lambda: mb.sector_to_full(np.zeros(7)), "state"),
        (lambda: mb.cn_propagator(sps.csr_matrix([[0.0, 1.0], [0.0, 0.0]]), dt_fs=1.0), "Hermitian"),
        (lambda: mb.cn_propagator(sps.csr_matrix([[np.nan]]), dt_fs=1.0), "finite"),
        (lambda: mb.evolve(n_t=1e9), "n_t"),
        (lambda: mb.evolve(method="cn", dt=1e-9, t_max=1e3), "MAX_STEPS"),
        (lambda: mb.sector_hamiltonian(params=mb.ChainParams(n_sites=1e10)), "MAX_SECTOR_STATES"),
        (lambda: mb.xxz_spectrum(params=mb.ChainParams(n_spins=40)), "n_spins"),
        (lambda: mb.xxz_spectrum(params=mb.ChainParams(n_spins=2, local_spin=1e6)), "MAX_DENSE_DIM"),
        (lambda: mb.ground_multiplet(params=mb.ChainParams(n_spins=50)), "MAX_SPECTRUM_STATES"),
        (lambda: mb.sector_basis(params=mb.ChainParams(n_spins=400), lowerings=(200,)), "MAX_SECTOR_DIM"),
        (lambda: mb.full_hamiltonian(params=mb.ChainParams(n_spins=30)), "sector"),
        (lambda: mb.electron_spinor((0, 0, 0)), "direction"),
        (lambda: mb.initial_state(electron_spin=(0, 0, 0)), "electron_spin"),
        (lambda: mb.reduced_electron(np.zeros((3, 6)), mb.sector_basis()), "state"),
    ],
)
def test_refusals_are_named_and_immediate(call, name):
    with pytest.raises(SpinlibInputError, match=name):
        call()
