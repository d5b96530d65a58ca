"""spinlib.manybody.studies against independent values: conservation laws, the other side of a
bipartition, a direct computation from the states, and the SymPy moments solved again here.

Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99, 094431 (2019).
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy.optimize import brentq

from spinlib import manybody as mb
from spinlib.manybody import derivation as d
from spinlib.manybody import studies

SMALL = mb.ChainParams(n_sites=30, n_spins=3, j_sd=0.4)
PACKET = mb.PacketParams(k0=1.0, dk=0.6, center=5.0)


def test_transferred_spin_is_what_the_electron_gains():
    """Total S^z is conserved: N - sum S^z_n (hbar/2) equals s^z_e(t) - s^z_e(0) = s^z_e + 1."""
    dyn = mb.evolve(params=SMALL, packet=PACKET, t_max=8.0, n_t=5)
    o = dyn.observables
    got = studies.transferred_spin(o, params=SMALL)
    assert np.abs(got - (o.electron_spin[:, 2] + 1)).max() < 1e-12 and got[-1] > 1e-3
    big = mb.ChainParams(n_sites=8, n_spins=1, local_spin=1.5)
    psi, basis = mb.initial_state(params=big, packet=mb.PacketParams(center=2.0), electron_spin=(0, 0, 1))
    assert abs(float(studies.transferred_spin(mb.spin_observables(psi, basis), params=big))) < 1e-12


def test_electron_purity_is_the_local_spin_purity():
    t, pur = studies.electron_purity(params=SMALL, packet=PACKET, t_max=8.0, n=5)
    ref = mb.evolve(params=SMALL, packet=PACKET, t_max=8.0, n_t=5).observables.purity
    assert np.abs(pur - ref).max() < 1e-12 and pur[-1] < 0.99


def test_orbital_overlap_from_the_states():
    p = mb.ChainParams(n_sites=30, n_spins=1, local_spin=2.5, j_sd=0.4)
    dyn = mb.evolve(params=p, packet=PACKET, t_max=8.0, n_t=2, keep_states=True)
    a, b = dyn.states[-1][:, dyn.basis.index[(1, 0)]], dyn.states[-1][:, dyn.basis.index[(0, 1)]]
    ref = abs(np.sum(a.conj() * b)) / np.sqrt(np.sum(abs(a) ** 2) * np.sum(abs(b) ** 2))
    assert abs(studies.orbital_overlap(dyn.states[-1], dyn.basis) - ref) < 1e-12 and ref < 0.999


def test_printed_packet_widths_solve_the_printed_numbers():
    mom = d.packet_moments()
    y = d.SYMBOLS
    mean = sp.lambdify((y["gamma"], y["k0"], y["dk"]), mom["mean"])
    var = sp.lambdify((y["gamma"], y["k0"], y["dk"]), mom["variance"])
    from_e, from_de = studies.printed_packet_widths()
    assert abs(mean(1.0, 0.1, 2 * from_e) - 4 * 0.1005 - (-2.36)) < 1e-10
    assert abs(np.sqrt(var(1.0, 0.1, 2 * from_de)) - 0.054) < 1e-10
    assert abs(from_de - brentq(lambda s: np.sqrt(var(1.0, 0.1, 2 * s)) - 0.054, 0.1, 0.5)) < 1e-9


def test_cn_step_for_error_follows_dt_squared():
    steps, errors = np.array([1.0, 0.5]), np.array([4e-4, 1e-4])
    dt = studies.cn_step_for_error(1e-8, steps=steps, errors=errors)
    assert abs(errors[-1] * (dt / steps[-1]) ** 2 - 1e-8) < 1e-20


def test_coupling_run_flips_are_the_configuration_probabilities():
    run = studies.coupling_run(j_sd=0.3, anisotropy=1.2, n_sites=30, n_spins=2, t_max=4.0, n_t=3)
    p = mb.ChainParams(n_sites=30, n_spins=2, first_spin=14, j_sd=0.3, j_xy=0.1, j_z=0.12)
    psi, basis = mb.initial_state(params=p, packet=mb.PacketParams(k0=1.0, dk=0.5, center=10.0))
    dyn = mb.evolve(
        params=p, packet=mb.PacketParams(k0=1.0, dk=0.5, center=10.0), t_max=4.0, n_t=3, keep_states=True
    )
    probs = (np.abs(dyn.states) ** 2).sum(axis=1)
    assert np.abs(run["flips"][:, 0] - probs[:, basis.index[(0, 1, 0)]]).max() < 1e-10
    assert np.abs(run["flips"][:, 1] - probs[:, basis.index[(0, 0, 1)]]).max() < 1e-10
