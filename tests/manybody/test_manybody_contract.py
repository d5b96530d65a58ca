"""The DESIGN.md input contract for every public callable of spinlib.manybody (hypothesis).

Categories, each for every public callable of ``spinlib.manybody`` (physics modules, ``studies``,
``derivation``): bad numbers (NaN, inf, bool, str, complex, None, wrong shape, out of range,
non-integer counts) -> SpinlibInputError (a ValueError and a TypeError) naming the parameter as the
caller spelled it and quoting the value; flags accept only True/False; sizes that cannot finish are
refused up front (within a second) naming the limit; physical parameters are keyword-only; valid
edge cases give finite output with no warning. The physics of each function is tested against
independent values in the other modules of this folder.
"""

from __future__ import annotations

import inspect
import time
import warnings

import numpy as np
import pytest
import scipy.sparse as sps
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from spinlib import manybody as mb
from spinlib.manybody import derivation as d
from spinlib.manybody import studies, studies_links
from spinlib.validate import SpinlibInputError

FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SMALL = mb.ChainParams(n_sites=10, n_spins=2, first_spin=4)
PK = mb.PacketParams(k0=0.5, dk=0.6, center=2.0)
BASIS = mb.sector_basis(params=SMALL, lowerings=(0, 1))
STATE = np.ones((SMALL.n_sites, BASIS.dim)) / np.sqrt(SMALL.n_sites * BASIS.dim)
OBS = mb.spin_observables(STATE, BASIS)

NOT_A_NUMBER = st.sampled_from(
    [float("nan"), float("inf"), -float("inf"), True, False, "1", 1j, None, [1.0, 2.0]]
)
NOT_A_COUNT = st.sampled_from([2.5, float("nan"), float("inf"), True, "3", None, 1j, -1])
NOT_A_FLAG = st.sampled_from([0, 1, 2, "no", "yes", None, ..., 1.0, np.array(True)])
NOT_A_VECTOR = st.sampled_from(
    [(0, 0, 0), (np.nan, 0, 1), (0, 0), "z", None, (1j, 0, 0), (True, 0, 0), ((0, 0, 1), (0, 0, 1))]
)


def _refusal(call) -> str:
    """What ``call()`` says when it refuses its input: the message of its SpinlibInputError."""
    with pytest.raises(SpinlibInputError) as err:
        call()
    return str(err.value)


def _quoted(value, msg: str) -> bool:
    """Whether ``msg`` quotes the refused ``value`` (None, arrays and sequences are not quoted)."""
    if value is None or isinstance(value, (list, tuple, np.ndarray)):
        return True
    return repr(value) in msg or str(value) in msg


def _refused(call, name, value=None, *, quote=True):
    msg = _refusal(call)
    assert name in msg, msg
    assert not quote or _quoted(value, msg), msg


# --------------------------------------------------------------------------- numbers
TINY_GRID = {"n_sites": 20, "n_spins": 1, "t_max": 1.0}
NUMBER_PARAMS = [
    (lambda v: mb.ChainParams(hopping=v), "hopping"),
    (lambda v: mb.ChainParams(j_sd=v), "j_sd"),
    (lambda v: mb.ChainParams(j_xy=v), "j_xy"),
    (lambda v: mb.ChainParams(j_z=v), "j_z"),
    (lambda v: mb.ChainParams(local_spin=v), "local_spin"),
    (lambda v: mb.PacketParams(k0=v), "k0"),
    (lambda v: mb.PacketParams(dk=v), "dk"),
    (lambda v: mb.PacketParams(center=v), "center"),
    (lambda v: mb.evolve(params=SMALL, packet=PK, t_max=v), "t_max"),
    (lambda v: mb.evolve(params=SMALL, packet=PK, t_max=1.0, dt=v), "dt"),
    (lambda v: mb.cached_evolve(params=SMALL, packet=PK, t_max=v), "t_max"),
    (lambda v: mb.cn_propagator(sps.identity(2, format="csr"), dt_fs=v), "dt_fs"),
    (lambda v: mb.cn_propagator(sps.identity(2, format="csr"), dt_fs=1.0, shift=v), "shift"),
    (lambda v: studies.paper_dynamics(params=SMALL, packet=PK, t_max=v), "t_max"),
    (lambda v: studies.electron_purity(params=SMALL, packet=PK, t_max=v), "t_max"),
    (lambda v: studies.cn_convergence(params=SMALL, t_max=v), "t_max"),
    (lambda v: studies.cn_step_for_error(v, steps=[1.0], errors=[1e-3]), "target"),
    (lambda v: studies.cn_step_for_error(1e-8, steps=[v], errors=[1e-3]), "steps"),
    (lambda v: studies.cn_step_for_error(1e-8, steps=[1.0], errors=[v]), "errors"),
    (lambda v: studies.length_convergence(t_max=v), "t_max"),
    (lambda v: studies.large_n(n_spins=2, t_max=v), "t_max"),
    (lambda v: studies.macrospin_dynamics(t_max=v), "t_max"),
    (lambda v: studies.coupling_run(j_sd=v, anisotropy=1.0), "j_sd"),
    (lambda v: studies.coupling_run(j_sd=0.1, anisotropy=v), "anisotropy"),
    (lambda v: studies.coupling_grid(j_sd=v, anisotropy=(1.0,), **TINY_GRID), "j_sd"),
    (lambda v: studies.coupling_grid(j_sd=(0.1,), anisotropy=v, **TINY_GRID), "anisotropy"),
    (lambda v: studies.coupling_grid(j_sd=(0.1,), anisotropy=(1.0,), n_sites=20, n_spins=1, t_max=v),
     "t_max"),
    (lambda v: d.macrospin_block(spin=v), "spin"),
    (lambda v: mb.impurity_amplitudes(v, potential=0.1), "k"),
    (lambda v: mb.impurity_amplitudes(1.0, potential=v), "potential"),
    (lambda v: mb.impurity_amplitudes(1.0, potential=0.1, hopping=v), "hopping"),
    (lambda v: mb.classical_transfer(k0=v, sigma_k=0.1, params=SMALL), "k0"),
    (lambda v: mb.classical_transfer(k0=1.0, sigma_k=v, params=SMALL), "sigma_k"),
    (lambda v: mb.first_crossing([0.0, 1.0], [0.0, 1.0], v), "level"),
    (lambda v: studies_links.packet_run(center=v, t_max=1.0), "center"),
    (lambda v: studies_links.packet_run(center=0.0, t_max=v), "t_max"),
    (lambda v: studies_links.coupling_choice(t_max=v), "t_max"),
    (lambda v: studies_links.noncollinear_transverse(t_max=v), "t_max"),
    (lambda v: studies_links.classical_limit(exchange=v), "exchange"),
    (lambda v: studies_links.classical_limit(spins=(v,)), "spins"),
    (lambda v: studies_links.magnon_emission(j_sd=v), "j_sd"),
    (lambda v: studies_links.magnon_emission(t_max=v), "t_max"),
]


@pytest.mark.parametrize(
    ("call", "name"), NUMBER_PARAMS, ids=[f"{i}-{n}" for i, (_, n) in enumerate(NUMBER_PARAMS)]
)
@FAST
@given(value=NOT_A_NUMBER)
def test_bad_numbers_are_refused_by_name(call, name, value):
    if name == "spin" and value is None:
        return  # None is documented: the appendix's S = 5/2
    if name in ("k", "spins") and isinstance(value, list):
        return  # arrays of wave numbers (and sequences of spins) are documented
    if "coupling_grid" in call.__code__.co_names and isinstance(value, list) and name != "t_max":
        return  # the grid's stops are sequences
    msg = _refusal(lambda: call(value))
    assert name in msg and _quoted(value, msg), msg


@pytest.mark.parametrize(
    ("call", "name", "value"),
    [
        (lambda: mb.ChainParams(hopping=0.0), "hopping", 0.0),
        (lambda: mb.ChainParams(local_spin=0.7), "local_spin", 0.7),
        (lambda: mb.PacketParams(k0=3.2), "k0", 3.2),
        (lambda: mb.PacketParams(dk=0.0), "dk", 0.0),
        (lambda: mb.packet_orbital(params=SMALL, packet=mb.PacketParams(center=10.0)), "packet.center", 10.0),
        (lambda: mb.evolve(params=SMALL, packet=PK, t_max=-1.0), "t_max", -1.0),
        (lambda: d.macrospin_block(spin=0.3), "spin", 0.3),
        (lambda: studies.cn_step_for_error(1e-8, steps=[1.0, 0.5], errors=[1e-3]), "errors", None),
    ],
)
def test_out_of_range_numbers_are_refused_by_name(call, name, value):
    msg = _refusal(call)
    assert name in msg and _quoted(value, msg), msg


# --------------------------------------------------------------------------- counts
COUNT_PARAMS = [
    (lambda v: mb.ChainParams(n_sites=v), "n_sites"),
    (lambda v: mb.ChainParams(n_spins=v), "n_spins"),
    (lambda v: mb.ChainParams(first_spin=v), "first_spin"),
    (lambda v: mb.sector_basis(params=SMALL, lowerings=(v,)), "lowerings"),
    (lambda v: mb.spin_operator(params=SMALL, which=v), "which"),
    (lambda v: mb.xxz_hamiltonian(params=SMALL, lowerings=(v,)), "lowerings"),
    (lambda v: mb.sector_hamiltonian(params=SMALL, lowerings=(v,)), "lowerings"),
    (lambda v: mb.sector_to_full(STATE, params=SMALL, lowerings=(v,)), "lowerings"),
    (lambda v: mb.lowest_levels(params=SMALL, lowering=v), "lowering"),
    (lambda v: mb.lowest_levels(params=SMALL, n_levels=v), "n_levels"),
    (lambda v: mb.sector_levels(params=SMALL, n_levels=v), "n_levels"),
    (lambda v: mb.evolve(params=SMALL, packet=PK, n_t=v), "n_t"),
    (lambda v: mb.cached_evolve(params=SMALL, packet=PK, n_t=v), "n_t"),
    (lambda v: mb.single_spin_density(STATE, BASIS, v), "which"),
    (lambda v: studies.spectra(params=SMALL, n_levels=v), "n_levels"),
    (lambda v: studies.electron_purity(params=SMALL, packet=PK, n=v), "n"),
    (lambda v: studies.length_convergence(n_t=v), "n_t"),
    (lambda v: studies.length_convergence(longer=v), "longer"),
    (lambda v: studies.large_n(n_spins=v), "n_spins"),
    (lambda v: studies.macrospin_dynamics(n_t=v), "n_t"),
    (lambda v: studies.coupling_run(j_sd=0.1, anisotropy=1.0, n_spins=v), "n_spins"),
    (lambda v: studies.coupling_run(j_sd=0.1, anisotropy=1.0, n_sites=v), "n_sites"),
    (lambda v: studies.coupling_grid(j_sd=(0.1,), anisotropy=(1.0,), n_spins=v), "n_spins"),
    (lambda v: studies.coupling_grid(j_sd=(0.1,), anisotropy=(1.0,), n_sites=v), "n_sites"),
    (lambda v: d.small_hamiltonian(n_sites=v), "n_sites"),
    (lambda v: d.small_hamiltonian(n_spins=v), "n_spins"),
    (lambda v: d.total_sz_commutator(n_sites=v), "n_sites"),
    (lambda v: d.dicke_multiplet_energies(n_spins=v), "n_spins"),
    (lambda v: mb.classical_transfer(k0=1.0, sigma_k=0.1, params=SMALL, n_k=v), "n_k"),
    (lambda v: studies_links.packet_run(center=0.0, first_spin=v), "first_spin"),
    (lambda v: studies_links.packet_run(center=0.0, n_sites=v), "n_sites"),
    (lambda v: studies_links.coupling_choice(spin_site=v), "spin_site"),
    (lambda v: studies_links.coupling_choice(n_t=v), "n_t"),
    (lambda v: studies_links.noncollinear_transverse(n_t=v), "n_t"),
    (lambda v: studies_links.classical_limit(n_sites=v), "n_sites"),
    (lambda v: studies_links.magnon_emission(n_sites=v), "n_sites"),
]


@pytest.mark.parametrize(
    ("call", "name"), COUNT_PARAMS, ids=[f"{i}-{n}" for i, (_, n) in enumerate(COUNT_PARAMS)]
)
@FAST
@given(value=NOT_A_COUNT)
def test_bad_counts_are_refused_by_name(call, name, value):
    if name == "first_spin" and value is None:
        return  # None is documented: the middle of the chain
    msg = _refusal(lambda: call(value))
    assert name in msg and _quoted(value, msg), msg


# --------------------------------------------------------------------------- flags and choices
@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda v: mb.evolve(params=SMALL, packet=PK, t_max=1.0, n_t=2, keep_states=v), "keep_states"),
        (lambda v: mb.ground_multiplet(params=SMALL, xxz_only=v), "xxz_only"),
    ],
)
@FAST
@given(value=NOT_A_FLAG)
def test_flags_accept_only_true_and_false(call, name, value):
    msg = _refusal(lambda: call(value))
    assert name in msg, msg


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda v: mb.ChainParams(convention=v), "convention"),
        (lambda v: mb.spin_operator(params=SMALL, component=v), "component"),
        (lambda v: mb.evolve(params=SMALL, packet=PK, method=v), "method"),
        (lambda v: mb.cached_evolve(params=SMALL, packet=PK, method=v), "method"),
        (lambda v: d.exchange_spectrum(v), "convention"),
    ],
)
@FAST
@given(value=st.sampled_from(["", "Pauli", "w", None, 1, True, 1.5, ("x",)]))
def test_choices_refuse_everything_else(call, name, value):
    msg = _refusal(lambda: call(value))
    assert name in msg, msg


# --------------------------------------------------------------------------- vectors, objects, states
VECTOR_PARAMS = [
    (lambda v: mb.electron_spinor(v), "direction"),
    (lambda v: mb.initial_state(params=SMALL, packet=PK, electron_spin=v), "electron_spin"),
    (lambda v: mb.energy_moments(params=SMALL, packet=PK, electron_spin=v), "electron_spin"),
    (lambda v: mb.evolve(params=SMALL, packet=PK, electron_spin=v), "electron_spin"),
    (lambda v: mb.cached_evolve(params=SMALL, packet=PK, electron_spin=v), "electron_spin"),
    (lambda v: studies.paper_dynamics(params=SMALL, packet=PK, electron_spin=v), "electron_spin"),
    (lambda v: studies.electron_purity(params=SMALL, packet=PK, electron_spin=v), "electron_spin"),
]


@pytest.mark.parametrize(
    ("call", "name"), VECTOR_PARAMS, ids=[n + str(i) for i, (_, n) in enumerate(VECTOR_PARAMS)]
)
@FAST
@given(value=NOT_A_VECTOR)
def test_bad_directions_are_refused_by_their_own_name(call, name, value):
    msg = _refusal(lambda: call(value))
    assert name in msg, msg


OBJECT_PARAMS = [
    (lambda v: mb.sector_basis(params=v), "params"),
    (lambda v: mb.spin_operator(params=v), "params"),
    (lambda v: mb.xxz_hamiltonian(params=v), "params"),
    (lambda v: mb.sector_hamiltonian(params=v), "params"),
    (lambda v: mb.full_hamiltonian(params=v), "params"),
    (lambda v: mb.full_total_sz(params=v), "params"),
    (lambda v: mb.sector_to_full(STATE, params=v), "params"),
    (lambda v: mb.xxz_spectrum(params=v), "params"),
    (lambda v: mb.lowest_levels(params=v), "params"),
    (lambda v: mb.sector_levels(params=v), "params"),
    (lambda v: mb.ground_multiplet(params=v), "params"),
    (lambda v: mb.packet_orbital(params=v), "params"),
    (lambda v: mb.packet_orbital(params=SMALL, packet=v), "packet"),
    (lambda v: mb.initial_state(params=v), "params"),
    (lambda v: mb.energy_moments(params=SMALL, packet=v), "packet"),
    (lambda v: mb.evolve(params=v), "params"),
    (lambda v: mb.evolve(params=SMALL, packet=v), "packet"),
    (lambda v: mb.reduced_spins(STATE, v), "basis"),
    (lambda v: mb.reduced_local_spins(STATE, v), "basis"),
    (lambda v: mb.reduced_electron(STATE, v), "basis"),
    (lambda v: mb.single_spin_density(STATE, v, 0), "basis"),
    (lambda v: mb.spin_observables(STATE, v), "basis"),
    (lambda v: studies.spectra(params=v), "params"),
    (lambda v: studies.electron_purity(params=v), "params"),
    (lambda v: studies.cn_convergence(params=v), "params"),
    (lambda v: studies.transferred_spin(v, params=SMALL), "observables"),
    (lambda v: studies.transferred_spin(OBS, params=v), "params"),
    (lambda v: studies.orbital_overlap(STATE, v), "basis"),
    (lambda v: mb.classical_potentials(params=v), "params"),
    (lambda v: mb.classical_transfer(k0=1.0, sigma_k=0.1, params=v), "params"),
]


@pytest.mark.parametrize(
    ("call", "name"), OBJECT_PARAMS, ids=[n + str(i) for i, (_, n) in enumerate(OBJECT_PARAMS)]
)
@FAST
@given(value=st.sampled_from([None, 3, "PAPER", {"n_sites": 10}, 1.5, True]))
def test_wrong_objects_are_refused_by_name(call, name, value):
    msg = _refusal(lambda: call(value))
    assert name in msg, msg


STATE_CALLS = [
    lambda v: mb.sector_to_full(v, params=SMALL, lowerings=(0, 1)),
    lambda v: mb.reduced_spins(v, BASIS),
    lambda v: mb.reduced_local_spins(v, BASIS),
    lambda v: mb.reduced_electron(v, BASIS),
    lambda v: mb.single_spin_density(v, BASIS, 1),
    lambda v: mb.spin_observables(v, BASIS),
    lambda v: studies.orbital_overlap(v, BASIS),
]
BAD_STATES = [
    np.full((10, 4), np.nan),
    np.full((10, 4), complex(0, np.inf)),
    np.zeros((3, 4)),
    np.zeros(7),
    np.array("abc"),
    None,
    np.zeros((10, 4), dtype=bool),
    np.array([["a"] * 4] * 10),
]


@pytest.mark.parametrize("call", STATE_CALLS)
@pytest.mark.parametrize("bad", range(len(BAD_STATES)))
def test_bad_states_are_refused_by_name(call, bad):
    msg = _refusal(lambda: call(BAD_STATES[bad]))
    assert "state" in msg, msg


def test_cn_propagator_refuses_bad_hamiltonians_and_states():
    _refused(lambda: mb.cn_propagator(sps.csr_matrix([[0.0, 1.0], [0.0, 0.0]]), dt_fs=1.0), "Hermitian")
    _refused(lambda: mb.cn_propagator(sps.csr_matrix([[1j, 0], [0, 0]]), dt_fs=1.0), "Hermitian")
    _refused(lambda: mb.cn_propagator(sps.csr_matrix([[np.nan, 0], [0, 0.0]]), dt_fs=1.0), "finite")
    _refused(lambda: mb.cn_propagator(sps.csr_matrix(np.ones((2, 3))), dt_fs=1.0), "square")
    for bad in (np.eye(2), None, "h", [[1.0, 0.0], [0.0, 1.0]]):
        _refused(lambda bad=bad: mb.cn_propagator(bad, dt_fs=1.0), "h")
    step = mb.cn_propagator(sps.identity(2, format="csr"), dt_fs=1.0)
    for bad in (np.ones(3), np.array([np.nan, 0]), np.array(["a", "b"]), None, np.ones((2, 2, 2))):
        _refused(lambda bad=bad: step(bad), "psi")
    assert np.all(np.isfinite(step(np.ones((2, 3)))))  # a block of vectors is fine


def test_lowerings_must_be_a_sequence_of_sectors():
    for bad in (1, "1", None, {1: 1}, np.int64(1), (), (1.5,), (99,)):
        msg = _refusal(lambda bad=bad: mb.sector_basis(params=SMALL, lowerings=bad))
        assert "lowerings" in msg, (bad, msg)


# --------------------------------------------------------------------------- sizes
SIZES = [
    (lambda: mb.evolve(n_t=1e9), "n_t"),
    (lambda: mb.evolve(params=SMALL, packet=PK, n_t=10**6 - 1, t_max=1.0), "MAX_AMPLITUDES"),
    (lambda: mb.sector_hamiltonian(params=mb.ChainParams(n_sites=1e10)), "MAX_SECTOR_STATES"),
    (lambda: mb.sector_hamiltonian(params=mb.ChainParams(n_sites=10**7, n_spins=3)), "MAX_SECTOR_STATES"),
    (lambda: mb.xxz_spectrum(params=mb.ChainParams(n_spins=40)), "MAX_DENSE_DIM"),
    (lambda: mb.xxz_spectrum(params=mb.ChainParams(n_spins=2, local_spin=1e6)), "MAX_DENSE_DIM"),
    (lambda: mb.xxz_hamiltonian(params=mb.ChainParams(n_spins=2, local_spin=1e6)), "MAX_SECTOR_DIM"),
    (lambda: mb.xxz_hamiltonian(params=mb.ChainParams(n_spins=40)), "MAX_SECTOR_DIM"),
    (
        lambda: mb.ground_multiplet(params=mb.ChainParams(n_spins=2, local_spin=1e6), xxz_only=True),
        "MAX_DENSE_DIM",
    ),
    (lambda: mb.ground_multiplet(params=mb.ChainParams(n_spins=50)), "MAX_SPECTRUM_STATES"),
    (lambda: mb.sector_levels(params=mb.ChainParams(n_spins=1, local_spin=1e6)), "MAX_SPECTRUM_STATES"),
    (lambda: mb.lowest_levels(params=mb.ChainParams(n_sites=10**6, n_spins=1), n_levels=10**6), "dense"),
    (lambda: mb.sector_basis(params=mb.ChainParams(n_spins=400), lowerings=(200,)), "MAX_SECTOR_DIM"),
    (
        lambda: mb.sector_basis(params=mb.ChainParams(n_spins=2, local_spin=1e6), lowerings=range(300_000)),
        "MAX_SECTOR_DIM",
    ),
    (lambda: mb.spin_operator(params=mb.ChainParams(n_spins=400), lowerings=(200,)), "MAX_SECTOR_DIM"),
    (lambda: mb.full_hamiltonian(params=mb.ChainParams(n_spins=30)), "sector"),
    (lambda: mb.full_total_sz(params=mb.ChainParams(n_spins=30)), "sector"),
    (
        lambda: mb.sector_to_full(np.zeros(10**7 * 3), params=mb.ChainParams(n_sites=10**7, n_spins=2)),
        "states",
    ),
    (lambda: mb.packet_orbital(params=mb.ChainParams(n_sites=10**10, n_spins=1)), "MAX_SECTOR_STATES"),
    (lambda: mb.initial_state(params=mb.ChainParams(n_sites=10**8, n_spins=1)), "MAX_SECTOR_STATES"),
    (lambda: mb.energy_moments(params=mb.ChainParams(n_sites=10**8, n_spins=1)), "MAX_SECTOR_STATES"),
    (lambda: mb.cn_propagator(sps.csr_matrix((10**8, 10**8)), dt_fs=1.0), "MAX_SECTOR_STATES"),
    (lambda: mb.evolve(params=SMALL, packet=PK, method="cn", t_max=1e12, dt=1.0), "MAX_STEPS"),
    (lambda: mb.evolve(params=SMALL, packet=PK, t_max=1e9), "t_max"),
    (lambda: mb.evolve(params=SMALL, packet=PK, t_max=1e300), "t_max"),
    (lambda: mb.evolve(params=SMALL, packet=PK, t_max=1e300, method="eigh"), "t_max"),
    (
        lambda: mb.evolve(params=mb.ChainParams(n_sites=20_000, n_spins=1), packet=PK, method="eigh"),
        "MAX_EIGH_STATES",
    ),
    (lambda: mb.spin_observables(np.zeros((10**6, 10, 4)), BASIS), "MAX_AMPLITUDES"),
    (lambda: mb.reduced_electron(np.zeros((30_000, 10, 4)), BASIS), "MAX_AMPLITUDES"),
    (lambda: studies.coupling_run(j_sd=0.1, anisotropy=1.0, n_spins=50), "MAX_LIVE_STATES"),
    (lambda: studies.coupling_grid(j_sd=(0.1,), anisotropy=(1.0,), n_spins=50), "MAX_LIVE_STATES"),
    (lambda: studies.electron_purity(params=SMALL, packet=PK, n=10**8), "n"),
    (lambda: d.small_hamiltonian(n_sites=10, n_spins=10), "MAX_SYMBOLIC_DIM"),
    (lambda: d.dicke_multiplet_energies(n_spins=10**6), "MAX_SYMBOLIC_DIM"),
    (lambda: d.macrospin_block(spin=1e9), "MAX_SYMBOLIC_DIM"),
    (lambda: mb.classical_transfer(k0=1.0, sigma_k=0.1, params=SMALL, n_k=10**9), "n_k"),
    (lambda: studies_links.classical_limit(n_sites=10**6), "n_sites"),
    (lambda: studies_links.packet_run(center=0.0, n_sites=10**9), "MAX_SECTOR_STATES"),
]


@pytest.mark.parametrize(("call", "limit"), SIZES, ids=[f"{i}-{n}" for i, (_, n) in enumerate(SIZES)])
def test_sizes_that_cannot_finish_are_refused_up_front(call, limit):
    start = time.perf_counter()
    with pytest.raises(SpinlibInputError, match=limit):
        call()
    assert time.perf_counter() - start < 3.0


# --------------------------------------------------------------------------- keyword-only physics
KEYWORD_ONLY = {
    mb.ChainParams: None,  # kw_only dataclass: every field
    mb.PacketParams: None,
    mb.sector_basis: ["params", "lowerings"],
    mb.spin_operator: ["params", "lowerings", "which", "component"],
    mb.xxz_hamiltonian: ["params", "lowerings"],
    mb.sector_hamiltonian: ["params", "lowerings"],
    mb.full_hamiltonian: ["params"],
    mb.full_total_sz: ["params"],
    mb.sector_to_full: ["params", "lowerings"],
    mb.xxz_spectrum: ["params"],
    mb.lowest_levels: ["params", "lowering", "n_levels"],
    mb.sector_levels: ["params", "n_levels"],
    mb.ground_multiplet: ["params", "xxz_only"],
    mb.packet_orbital: ["params", "packet"],
    mb.initial_state: ["params", "packet", "electron_spin"],
    mb.energy_moments: ["params", "packet", "electron_spin"],
    mb.cn_propagator: ["dt_fs", "shift"],
    mb.evolve: ["params", "packet", "electron_spin", "t_max", "n_t", "method", "dt", "keep_states"],
    mb.cached_evolve: ["params", "packet", "electron_spin", "t_max", "n_t", "method", "dt"],
    studies.paper_dynamics: ["electron_spin", "params", "packet", "t_max", "n_t"],
    studies.spectra: ["params", "n_levels"],
    studies.electron_purity: ["electron_spin", "params", "packet", "t_max", "n"],
    studies.cn_convergence: ["steps", "t_max", "params"],
    studies.cn_step_for_error: ["steps", "errors"],
    studies.length_convergence: ["t_max", "n_t", "longer"],
    studies.large_n: ["n_spins", "t_max", "n_t"],
    studies.transferred_spin: ["params"],
    studies.macrospin_dynamics: ["t_max", "n_t"],
    mb.impurity_amplitudes: ["potential", "hopping"],
    mb.classical_potentials: ["params"],
    mb.classical_transfer: ["k0", "sigma_k", "params", "n_k"],
    studies_links.packet_run: ["center", "first_spin", "n_sites", "t_max", "n_t"],
    studies_links.coupling_choice: ["center", "spin_site", "t_max", "n_t"],
    studies_links.noncollinear_transverse: ["t_max", "n_t"],
    studies_links.classical_limit: ["spins", "exchange", "n_sites", "t_max", "n_k"],
    studies_links.magnon_emission: ["spins", "j_sd", "n_sites", "t_max"],
    studies.coupling_run: ["j_sd", "anisotropy", "n_sites", "n_spins", "k0", "dk", "t_max", "n_t"],
}


@pytest.mark.parametrize("func", list(KEYWORD_ONLY), ids=lambda f: f.__name__)
def test_physical_parameters_are_keyword_only(func):
    sig = inspect.signature(func)
    names = KEYWORD_ONLY[func] or list(sig.parameters)
    for name in names:
        assert sig.parameters[name].kind is inspect.Parameter.KEYWORD_ONLY, (func.__name__, name)


def test_cn_propagator_refuses_a_positional_time_step():
    with pytest.raises(TypeError, match="positional"):
        mb.cn_propagator(sps.identity(2, format="csr"), 1.0)


# --------------------------------------------------------------------------- valid edges, no warnings
@FAST
@given(
    j_sd=st.sampled_from([0.0, 5e-324, -1e-300, 1e-12, 2.0]),
    dk=st.sampled_from([1e-3, 0.2, 3.0, 40.0]),
    center=st.sampled_from([0.0, 2.5, 9.0]),
    k0=st.sampled_from([-np.pi, 0.0, np.pi]),
    method=st.sampled_from(["expm", "eigh", "cn"]),
)
def test_valid_edges_are_finite_and_silent(j_sd, dk, center, k0, method):
    p = mb.ChainParams(n_sites=10, n_spins=2, first_spin=4, j_sd=j_sd)
    pk = mb.PacketParams(k0=k0, dk=dk, center=center)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        dyn = mb.evolve(params=p, packet=pk, electron_spin=(1e-300, 0, -1), t_max=3.0, n_t=3, method=method)
        e, de = mb.energy_moments(params=p, packet=pk)
    o = dyn.observables
    for arr in (o.electron_spin, o.local_spins, o.purity, o.sz_total, o.norm, np.array([e, de])):
        assert np.all(np.isfinite(arr))
    assert np.abs(o.norm - 1).max() < 1e-10
