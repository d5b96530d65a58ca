"""Benchmark of the domain-wall kernels (spinlib.domainwall) against their targets (issue 19).

    .venv/bin/python -m tools.bench.domainwall

Rows: a wall-velocity curve of 100 currents (closed form, target <= 1 s); the same curve from the
integrated (q, phi) model; the (q, phi) integration against SciPy's solve_ivp (DOP853, rtol 1e-11)
on one above-breakdown trajectory (agreement at t_end and wall time side by side); the whole
micromagnetic check of the page (7 wires, target <= 30 s, wall and CPU time); the velocity
explorer per slider move (compute and full update, target <= 50 ms).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from tools.bench import table


def _timed(func):
    t0, c0 = time.perf_counter(), time.process_time()
    out = func()
    return out, time.perf_counter() - t0, time.process_time() - c0


def rows() -> list[tuple]:
    from scipy.integrate import solve_ivp

    from spinlib import domainwall as dw
    from spinlib.domainwall import figures, studies

    P = studies.PAGE_WALL.replace(beta=0.01)
    u = np.linspace(0.0, 1.5, 100)
    out = []
    best = min(_timed(lambda: studies.velocity_curve(params=P, currents=u))[1] for _ in range(5))
    out.append(("velocity curve, 100 currents (closed form)", f"{1e3 * best:.3f} ms", "<= 1000 ms", ""))
    _, wall, cpu = _timed(lambda: studies.ode_velocity(params=P, current=u, t_end=2000.0, n_steps=20000))
    out.append(("velocity curve, 100 currents (integrated (q, phi), batch)", f"{1e3 * wall:.0f} ms",
                "<= 1000 ms", f"cpu {1e3 * cpu:.0f} ms"))

    Q = studies.CHECK_WIRE
    h, T = 0.1, 300.0
    tr, wall_rk4, _ = _timed(lambda: dw.integrate_wall(params=Q, field=h, t_end=T, n_steps=3000, n_out=1))

    def rhs(_t, y):
        dq, dphi = dw.wall_rates(y[1], params=Q, field=h)
        return [float(dq), float(dphi)]

    sol, wall_ivp, _ = _timed(lambda: solve_ivp(rhs, (0.0, T), [0.0, 0.0], method="DOP853", rtol=1e-11,
                                                atol=1e-12))
    err = max(abs(tr.q[-1] - sol.y[0, -1]), abs(tr.phi[-1] - sol.y[1, -1]))
    out.append(("(q, phi) RK4 dt = 0.1 vs solve_ivp DOP853, one trajectory above breakdown",
                f"{1e3 * wall_rk4:.0f} ms vs {1e3 * wall_ivp:.0f} ms", "", f"max |diff| {err:.1e}"))

    studies.micromagnetic_check.cache_clear()
    _, wall, cpu = _timed(studies.micromagnetic_check)
    out.append(("micromagnetic check, 7 wires x 200 cells, t = 300", f"{wall:.1f} s", "<= 30 s",
                f"cpu {cpu:.1f} s"))

    ex = figures.velocity_explorer()
    b = ex.benchmark()
    out.append(("velocity explorer, per move",
                f"compute {b['compute_ms']:.2f} ms, update {b['update_ms']:.1f} ms",
                "<= 50 ms", f"max {b['update_max_ms']:.1f} ms"))
    return out


def main(argv=None) -> int:
    print(table(("kernel", "time", "target", "note"), rows(), ("{}", "{}", "{}", "{}")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
