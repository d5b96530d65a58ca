"""Benchmark of the chapter 3 kernels (spinlib.manybody) and, if installed, QuTiP on the same Hamiltonian.

    .venv/bin/python -m tools.bench.manybody          # spinlib only
    .venv/bin/python -m tools.bench.manybody --quick  # a 60 fs window, N = 50 only (a smoke run)
    PYTHONPATH=<dir with qutip> .venv/bin/python -m tools.bench.manybody --qutip

Rows: wall time and accuracy of Figs. 3 and 4 (L_x = 400, N = 5; 121 times up to 600 fs) with the
reference method (expm_multiply in the S^z sectors), dense eigendecomposition in the sectors,
Crank-Nicolson (dt = 0.5 fs, one sparse LU), N = 50 and N = 100 in the sector basis, and QuTiP's
``sesolve`` on the whole space of Eq. (2) (L_x 2^(N+1) = 25600 states) with atol 1e-10, rtol 1e-8.
Accuracy: largest deviation of the local and electron spin vectors from the eigendecomposition.
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from spinlib import manybody as mb
from spinlib.manybody import studies

T_MAX, N_T = studies.T_MAX, studies.N_T


def _spins(obs):
    return np.concatenate([obs.electron_spin[:, None, :], obs.local_spins], axis=1)


def timed(func):
    t0 = time.perf_counter()
    out = func()
    return out, time.perf_counter() - t0


def qutip_run(direction, ref, t_max=T_MAX, n_t=N_T):
    import qutip

    p = studies.PAPER
    h = mb.full_hamiltonian(params=p)
    psi0, basis = mb.initial_state(params=p, packet=studies.PAPER_PACKET, electron_spin=direction)
    full0 = mb.sector_to_full(psi0, params=p, lowerings=basis.lowerings)
    dims = [[p.n_sites, 2] + [2] * p.n_spins] * 2
    hq = qutip.Qobj(h / mb.HBAR_EV_FS, dims=dims)  # time in fs
    v0 = qutip.Qobj(full0, dims=[dims[0], [1] * len(dims[0])])
    sig = [qutip.sigmax(), qutip.sigmay(), qutip.sigmaz()]
    e_ops = []
    for k in range(p.n_spins + 1):
        for s in sig:
            ops = [qutip.qeye(p.n_sites)] + [qutip.qeye(2)] * (p.n_spins + 1)
            ops[1 + k] = s
            e_ops.append(qutip.tensor(ops))
    t = np.linspace(0.0, t_max, n_t)
    res, sec = timed(
        lambda: qutip.sesolve(hq, v0, t, e_ops=e_ops, options={"atol": 1e-10, "rtol": 1e-8, "nsteps": 10**7})
    )
    vals = np.array([np.real(e) for e in res.expect]).T.reshape(n_t, p.n_spins + 1, 3)
    return sec, np.abs(vals - ref).max()


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--qutip", action="store_true", help="also run QuTiP sesolve on the full space")
    ap.add_argument("--quick", action="store_true", help="a 60 fs window and N = 50 only (smoke run)")
    args = ap.parse_args(argv)
    t_max, n_t, sizes = (60.0, 13, (50,)) if args.quick else (T_MAX, N_T, (50, 100))
    rows = []
    for name, direction in (("Fig. 3 (-z)", studies.COLLINEAR), ("Fig. 4 (+x)", studies.NONCOLLINEAR)):
        kw = {
            "params": studies.PAPER,
            "packet": studies.PAPER_PACKET,
            "electron_spin": direction,
            "t_max": t_max,
            "n_t": n_t,
        }
        ref, sec_eigh = timed(lambda kw=kw: mb.evolve(method="eigh", **kw))
        ref_spins = _spins(ref.observables)
        rows.append((name, "eigh per sector", sec_eigh, 0.0))
        out, sec = timed(lambda kw=kw: mb.evolve(method="expm", **kw))
        rows.append(
            (name, "expm_multiply per sector", sec, np.abs(_spins(out.observables) - ref_spins).max())
        )
        out, sec = timed(lambda kw=kw: mb.evolve(method="cn", dt=0.5, **kw))
        rows.append(
            (name, "Crank-Nicolson dt=0.5 fs", sec, np.abs(_spins(out.observables) - ref_spins).max())
        )
        if args.qutip:
            sec, err = qutip_run(direction, ref_spins, t_max, n_t)
            rows.append((name, "QuTiP sesolve, full space", sec, err))
    for n in sizes:
        p = mb.ChainParams(n_spins=n, first_spin=studies.PAPER.first_spin if n < 100 else 150)
        _, sec = timed(lambda p=p: mb.evolve(params=p, packet=studies.PAPER_PACKET, t_max=t_max, n_t=61))
        rows.append((f"N = {n}, -z", "expm_multiply per sector", sec, float("nan")))
    print(f"| {'case':<14} | {'method':<28} | {'wall time (s)':>13} | {'max spin deviation':>18} |")
    print(f"|{'-' * 16}|{'-' * 30}|{'-' * 15}|{'-' * 20}|")
    for case, method, sec, err in rows:
        print(f"| {case:<14} | {method:<28} | {sec:13.2f} | {err:18.1e} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
