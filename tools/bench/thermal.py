"""Benchmark of the finite-temperature kernels (spinlib.thermal, spinlib.macrospin.stochastic).

    .venv/bin/python -m tools.bench.thermal           # full rows (the 1e4 x 1e4 ensemble takes a while)
    .venv/bin/python -m tools.bench.thermal --quick   # the ensemble row with 1e3 trajectories

Rows (issue 19's targets, 2 cores):

* 10^4 stochastic-LLG trajectories of 10^4 Heun steps (target <= 10 s), the chapter's free layer at
  Delta = 40 and j = 2 j_c0, no stop condition; with ``--quick`` 10^3 trajectories (time x 10 gives
  the estimate). A cmtj row when cmtj is importable is not implemented (its stochastic solver runs
  one trajectory per junction object; see tools/bench/peers.py for the deterministic comparison).
* a write-error-rate curve to 1e-9 over 50 pulse lengths (target <= 2 s), Fokker-Planck, 400 nodes;
* the same on 50 irregular pulse lengths (the binary-fraction propagation path);
* the switching explorer: precomputation once, and the median / max update per slider move
  (target 50 ms).

On a shared, loaded machine run it with ``OPENBLAS_NUM_THREADS=1``: the Fokker-Planck kernels use
small dense matrices (120-400), for which threaded OpenBLAS under contention is up to ~70 times
slower (measured: explorer precomputation 76.9 s threaded vs 1.0 s single-threaded, load ~20 on
2 cores).
"""

from __future__ import annotations

import sys
import time

import numpy as np

from tools.bench import table


def _timed(func, repeats=1):
    best = np.inf
    out = None
    for _ in range(repeats):
        t0 = time.perf_counter()
        out = func()
        best = min(best, time.perf_counter() - t0)
    return out, best


def rows(quick=False):
    from spinlib.macrospin import integrate_stochastic
    from spinlib.thermal import figures, studies, write_error_rate
    from spinlib.thermal.ensemble import boltzmann_initial_states

    P = studies.PRESET
    eps = studies.TEMPERATURE
    j = 2 * 0.05
    out = []
    n = 1000 if quick else 10_000
    m0 = boltzmann_initial_states(n, params=P, temperature=eps, seed=1)
    _, sec = _timed(
        lambda: integrate_stochastic(
            m0,
            params=P.macrospin_params(),
            current=j,
            temperature=eps,
            t_end=200.0,
            n_steps=10_000,
            n_out=1,
            seed=2,
        )
    )
    target = 10.0 if not quick else 1.0
    out.append(
        (
            f"stochastic LLG, {n} x 10^4 Heun steps",
            f"{sec:.2f} s",
            f"{target:g} s",
            "ok" if sec <= target else "SLOW",
        )
    )
    t = np.linspace(0.0, 500.0, 50)
    wer, sec = _timed(lambda: write_error_rate(t, params=P, temperature=eps, current=0.08), repeats=2)
    out.append(
        (
            f"WER curve, 50 uniform pulses, min {wer.min():.1e}",
            f"{sec:.2f} s",
            "2 s",
            "ok" if sec <= 2.0 else "SLOW",
        )
    )
    t2 = np.sort(np.random.default_rng(0).uniform(0.0, 500.0, 50))
    _, sec = _timed(lambda: write_error_rate(t2, params=P, temperature=eps, current=0.08), repeats=2)
    out.append(("WER curve, 50 irregular pulses", f"{sec:.2f} s", "2 s", "ok" if sec <= 2.0 else "SLOW"))
    studies.explorer_grid.cache_clear()
    ex, sec = _timed(figures.switching_explorer)
    out.append(("switching explorer: precompute (69 curves)", f"{sec:.2f} s", "-", "-"))
    r = ex.benchmark(moves=10)
    out.append(
        (
            "switching explorer: update per move",
            f"{r['update_ms']:.1f} ms (max {r['update_max_ms']:.1f})",
            "50 ms",
            "ok" if r["update_ms"] <= 50.0 else "SLOW",
        )
    )
    return out


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    print(
        table(("kernel", "wall time", "target", ""), rows(quick="--quick" in argv), ("{}", "{}", "{}", "{}"))
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
