"""Hypothesis property tests of every public function of spinlib.manybody (the DESIGN.md input contract).

Valid input across the documented ranges gives finite output obeying the invariants (norm,
total S^z, purity in [1/d, 1], Hermitian unit-trace density matrices) and no warning; invalid
input raises SpinlibInputError (a ValueError) naming the parameter and quoting the value.
"""

from __future__ import annotations

import dataclasses
from math import comb

import numpy as np
import pytest
import scipy.sparse as sps
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import manybody as mb
from spinlib.validate import SpinlibInputError

FAST = settings(max_examples=40, deadline=None)


@st.composite
def chains(draw, *, max_sites=14, max_spins=3):
    n_sites = draw(st.integers(2, max_sites))
    n_spins = draw(st.integers(1, min(max_spins, n_sites)))
    first = draw(st.integers(0, n_sites - n_spins))
    spin = draw(st.sampled_from([0.5, 0.5, 1.0, 1.5])) if n_spins == 1 else 0.5
    return mb.ChainParams(
        n_sites=n_sites,
        n_spins=n_spins,
        first_spin=first,
        local_spin=spin,
        hopping=draw(st.floats(0.1, 3.0)),
        j_sd=draw(st.floats(-1, 1)),
        j_xy=draw(st.floats(-0.5, 0.5)),
        j_z=draw(st.floats(-0.5, 0.5)),
        convention=draw(st.sampled_from(["pauli", "spin"])),
    )


directions = st.tuples(*[st.floats(-1, 1)] * 3).filter(lambda v: np.linalg.norm(v) > 1e-3)


@FAST
@given(p=chains(), q=st.integers(0, 3))
def test_sector_basis_dimension_and_hermitian_hamiltonian(p, q):
    q = min(q, int(round(2 * sum(p.spins))))
    basis = mb.sector_basis(params=p, lowerings=(q,))
    if p.local_spin == 0.5:
        assert basis.dim == comb(p.n_spins + 1, q)
    assert np.all(basis.configs.sum(axis=1) == q)
    h = mb.sector_hamiltonian(params=p, lowerings=(q,))
    assert h.shape == (p.n_sites * basis.dim,) * 2
    assert abs(h - h.conj().T).max() < 1e-14 and np.all(np.isfinite(h.data))


@FAST
@given(p=chains(max_sites=6, max_spins=2))
def test_full_hamiltonian_hermitian_and_conserves_sz(p):
    h, sz = mb.full_hamiltonian(params=p), mb.full_total_sz(params=p)
    assert abs(h - h.conj().T).max() < 1e-14
    assert abs(h @ sz - sz @ h).max() < 1e-12


@FAST
@given(p=chains(max_spins=2), which=st.integers(0, 2), comp=st.sampled_from(["x", "y", "z", "+", "-"]))
def test_spin_operator_shapes_and_hermiticity(p, which, comp):
    which = min(which, p.n_spins)
    op = mb.spin_operator(params=p, lowerings=(0, 1), which=which, component=comp)
    assert sps.issparse(op) and op.shape[0] == op.shape[1]
    if comp in "xyz":
        assert abs(op - op.conj().T).max() < 1e-15


@FAST
@given(p=chains(max_spins=2))
def test_xxz_spectrum_real_sorted_complete(p):
    levels = mb.xxz_spectrum(params=p)
    assert levels.size == int(round(2 * p.local_spin + 1)) ** p.n_spins
    assert np.all(np.diff(levels) >= -1e-15) and np.all(np.isfinite(levels))
    assert mb.xxz_hamiltonian(params=p).shape[0] == 2 * levels.size


@FAST
@given(p=chains(max_spins=2), n=st.integers(1, 3))
def test_lowest_levels_and_ground_multiplet(p, n):
    lv = mb.lowest_levels(params=p, lowering=0, n_levels=min(n, p.n_sites))
    assert np.all(np.isfinite(lv)) and np.all(np.diff(lv) >= -1e-12)
    gm = mb.ground_multiplet(params=p)
    assert gm.size == int(round(2 * sum(p.spins))) + 1


@FAST
@given(p=chains(), k0=st.floats(-np.pi, np.pi), dk=st.floats(0.05, 3.0), frac=st.floats(0, 1), d=directions)
def test_initial_state_normalised_and_energy_moments_finite(p, k0, dk, frac, d):
    pk = mb.PacketParams(k0=k0, dk=dk, center=frac * (p.n_sites - 1))
    orb = mb.packet_orbital(params=p, packet=pk)
    assert abs(np.linalg.norm(orb) - 1) < 1e-12
    psi, basis = mb.initial_state(params=p, packet=pk, electron_spin=d)
    assert abs(np.linalg.norm(psi) - 1) < 1e-12
    e, de = mb.energy_moments(params=p, packet=pk, electron_spin=d)
    assert np.isfinite(e) and np.isfinite(de) and de >= 0


@FAST
@given(d=directions)
def test_electron_spinor_points_along_direction(d):
    chi = mb.electron_spinor(d)
    n = np.asarray(d) / np.linalg.norm(d)
    bloch = [
        2 * (chi[0].conj() * chi[1]).real,
        2 * (chi[0].conj() * chi[1]).imag,
        abs(chi[0]) ** 2 - abs(chi[1]) ** 2,
    ]
    assert np.allclose(bloch, n, atol=1e-12)


@FAST
@given(
    p=chains(max_sites=10, max_spins=2),
    d=directions,
    t=st.floats(0.5, 60.0),
    method=st.sampled_from(["expm", "eigh", "cn"]),
)
def test_evolve_invariants(p, d, t, method):
    pk = mb.PacketParams(center=0.5 * (p.n_sites - 1), dk=0.7)
    dyn = mb.evolve(params=p, packet=pk, electron_spin=d, t_max=t, n_t=3, method=method, dt=0.5)
    o = dyn.observables
    assert dyn.t.shape == (3,) and o.local_spins.shape == (3, p.n_spins, 3)
    assert np.abs(o.norm - 1).max() < 1e-10
    assert np.abs(o.sz_total - o.sz_total[0]).max() < 1e-9
    d_local = o.schmidt.shape[-1]
    assert np.all(o.purity <= 1 + 1e-10) and np.all(o.purity >= 1 / d_local - 1e-10)
    assert abs(o.schmidt.sum(axis=-1) - 1).max() < 1e-10
    assert np.all(np.linalg.norm(o.electron_spin, axis=-1) <= 1 + 1e-9)


@FAST
@given(p=chains(max_sites=8, max_spins=2), seed=st.integers(0, 2**31))
def test_reduced_density_matrices_of_random_states(p, seed):
    basis = mb.sector_basis(params=p, lowerings=(0, 1))
    rng = np.random.default_rng(seed)
    psi = rng.normal(size=(p.n_sites, basis.dim)) + 1j * rng.normal(size=(p.n_sites, basis.dim))
    psi /= np.linalg.norm(psi)
    mats = [mb.reduced_local_spins(psi, basis), mb.reduced_electron(psi, basis), mb.reduced_spins(psi, basis)]
    mats += [mb.single_spin_density(psi, basis, k) for k in range(p.n_spins + 1)]
    for rho in mats:
        assert np.abs(rho - rho.conj().T).max() < 1e-13 and abs(np.trace(rho) - 1) < 1e-12
    pur = [np.vdot(m, m).real for m in mats[:2]]
    assert abs(pur[0] - pur[1]) < 1e-12 and 1 / mats[0].shape[0] - 1e-12 <= pur[0] <= 1 + 1e-12
    assert abs(mb.spin_observables(psi, basis).purity - pur[0]) < 1e-12


@FAST
@given(n=st.integers(2, 30), dt=st.floats(1e-3, 50.0), shift=st.floats(-5, 5), seed=st.integers(0, 2**31))
def test_cn_propagator_is_unitary(n, dt, shift, seed):
    rng = np.random.default_rng(seed)
    a = sps.random(n, n, density=0.3, random_state=rng) + 1j * sps.random(n, n, density=0.3, random_state=rng)
    h = (a + a.conj().T).tocsr()
    step = mb.cn_propagator(h, dt_fs=dt, shift=shift)
    v = rng.normal(size=n) + 1j * rng.normal(size=n)
    assert abs(np.linalg.norm(step(v)) - np.linalg.norm(v)) < 1e-10 * np.linalg.norm(v)


def test_cached_evolve_is_cached():
    p = mb.ChainParams(n_sites=10, n_spins=1)
    a = mb.cached_evolve(params=p, packet=mb.PacketParams(center=3.0), t_max=5.0, n_t=3)
    b = mb.cached_evolve(params=p, packet=mb.PacketParams(center=3.0), t_max=5.0, n_t=3)
    assert a is b


def test_sector_to_full_is_an_isometry():
    p = mb.ChainParams(n_sites=5, n_spins=2)
    basis = mb.sector_basis(params=p, lowerings=(0, 1))
    v = np.arange(p.n_sites * basis.dim) + 1j
    assert abs(np.linalg.norm(mb.sector_to_full(v, params=p, lowerings=(0, 1))) - np.linalg.norm(v)) < 1e-12


# --------------------------------------------------------------------------- invalid input
BAD_NUMBERS = [float("nan"), float("inf"), True, "1", 1j, None]


@pytest.mark.parametrize("field", ["hopping", "j_sd", "j_xy", "j_z", "local_spin"])
@pytest.mark.parametrize("value", BAD_NUMBERS)
def test_chain_params_refuse_bad_numbers(field, value):
    with pytest.raises(ValueError, match=field) as err:
        mb.ChainParams(**{field: value})
    assert repr(value) in str(err.value) or str(value) in str(err.value)


@pytest.mark.parametrize("field", ["n_sites", "n_spins", "first_spin"])
@pytest.mark.parametrize("value", [2.5, -3, float("nan"), True, "4", None, 10**6])
def test_chain_params_refuse_bad_counts(field, value):
    if field == "first_spin" and value is None:
        return  # None means "the middle of the chain"
    if field == "n_sites" and value == 10**6:
        return  # a valid (large) chain
    with pytest.raises(SpinlibInputError, match=field):
        mb.ChainParams(**{field: value})


@pytest.mark.parametrize(
    "field, value",
    [
        ("k0", 4.0),
        ("k0", float("nan")),
        ("dk", 0.0),
        ("dk", -0.2),
        ("center", -1.0),
        ("center", None),
        ("dk", True),
    ],
)
def test_packet_params_refuse(field, value):
    with pytest.raises(SpinlibInputError, match=field):
        mb.PacketParams(**{field: value})


@pytest.mark.parametrize(
    "kwargs, name",
    [
        ({"t_max": 0.0}, "t_max"),
        ({"n_t": 1}, "n_t"),
        ({"n_t": 2.5}, "n_t"),
        ({"dt": float("inf")}, "dt"),
        ({"method": None}, "method"),
        ({"electron_spin": (0, 0)}, "electron_spin"),
        ({"electron_spin": "z"}, "electron_spin"),
        ({"packet": None}, "packet"),
        ({"params": 3}, "params"),
    ],
)
def test_evolve_refuses(kwargs, name):
    with pytest.raises(SpinlibInputError, match=name):
        mb.evolve(**kwargs)


def test_other_functions_refuse():
    with pytest.raises(SpinlibInputError, match="lowerings"):
        mb.sector_basis(lowerings=(1.5,))
    with pytest.raises(SpinlibInputError, match="lowerings"):
        mb.sector_basis(lowerings=(99,))
    with pytest.raises(SpinlibInputError, match="which"):
        mb.spin_operator(which=9)
    with pytest.raises(SpinlibInputError, match="component"):
        mb.spin_operator(component="w")
    with pytest.raises(SpinlibInputError, match="n_levels"):
        mb.lowest_levels(n_levels=0)
    with pytest.raises(SpinlibInputError, match="dt_fs"):
        mb.cn_propagator(sps.identity(3, format="csr"), dt_fs=-1.0)
    with pytest.raises(SpinlibInputError, match="h"):
        mb.cn_propagator(np.eye(3), dt_fs=1.0)
    with pytest.raises(SpinlibInputError, match="basis"):
        mb.spin_observables(np.zeros((400, 6)), None)
    with pytest.raises(SpinlibInputError, match="state"):
        mb.spin_observables(np.zeros((3, 6)), mb.sector_basis())
    with pytest.raises(SpinlibInputError, match="packet.center"):
        mb.packet_orbital(packet=mb.PacketParams(center=1e4))


@pytest.mark.parametrize("j_sd", [1.409919685454085e-167, 1e-107])
def test_a_vanishing_coupling_evolves_as_none(j_sd):
    """A coupling met twice on a path of expm_multiply's norm estimates gave subnormal products and
    an overflow warning (hypothesis found j_sd = 1.4e-167): such couplings are physically zero, and
    the evolution equals the uncoupled one to round-off, with no warning."""
    base = mb.ChainParams(n_sites=3, n_spins=1, first_spin=0, hopping=3.0, j_sd=0.0, j_xy=0.0, j_z=0.0)
    pk = mb.PacketParams(center=1.0, dk=0.7)
    run = [mb.evolve(params=dataclasses.replace(base, j_sd=j), packet=pk, electron_spin=(0.0, 0.0, -1.0),
                     t_max=7.0, n_t=3, method="expm", dt=0.5).observables for j in (j_sd, 0.0)]
    assert np.abs(run[0].electron_spin - run[1].electron_spin).max() < 1e-15
    assert np.abs(run[0].norm - 1).max() < 1e-12
