"""Benchmark of the oscillator kernels (spinlib.oscillator) and its explorer.

    .venv/bin/python -m tools.bench.oscillator          # all rows
    .venv/bin/python -m tools.bench.oscillator --quick  # no stochastic spectrum (a smoke run)

Rows: one simulated spectrum point (chapter 1's magnet at I = 4.5, epsilon = 0.02: 128 stochastic
LLG trajectories, a burn-in of 5/Gamma = 13.5 time units plus a record of 30/Delta omega = 442 time
units at dt = 0.02, i.e. about 22,800 Heun steps) and its Lorentzian fit; the linear-theory
linewidth over 1000 currents; the explorer's compute and full update per slider move (targets
10 ms and 50 ms).
"""

from __future__ import annotations

import argparse
import sys
import time

import numpy as np

from spinlib import oscillator as osc
from spinlib.oscillator import studies


def _timed(func, repeats=1):
    func()  # warm-up
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - t0)
    return best


def rows(quick=False) -> list[tuple]:
    P, H = studies.CHAPTER1, studies.CHAPTER1_FIELD
    j = float(studies.llg_current(current=4.5))
    out = []
    if not quick:
        width = float(osc.linewidth(params=P, field=H, current=j, temperature=studies.TEMPERATURE))
        kw = dict(
            params=P,
            field=H,
            current=j,
            temperature=studies.TEMPERATURE,
            duration=30.0 / width,
            dt=0.02,
            n_samples=128,
            stride=5,
            seed=1,
        )
        t0 = time.perf_counter()
        spec = osc.simulate_spectrum(**kw)
        out.append(
            (
                "spectrum of one (current, temperature) point: 128 trajectories, stochastic LLG",
                1e3 * (time.perf_counter() - t0),
                "-",
            )
        )
        out.append(
            ("Lorentzian fit of that spectrum", 1e3 * _timed(lambda: osc.fit_lorentzian(spec), 3), "-")
        )
    currents = np.linspace(-0.61, -1.19, 1000)
    out.append(
        (
            "linear-theory linewidth, 1000 currents",
            1e3 * _timed(lambda: osc.linewidth(params=P, field=H, current=currents, temperature=0.02), 5),
            "-",
        )
    )
    out.append(
        (
            "explorer frame data (theory line, 401 detunings)",
            1e3 * _timed(lambda: studies.spectrum_view(current=4.7, temperature=0.03), 5),
            "10",
        )
    )
    ex = __import__("spinlib.oscillator.figures", fromlist=["x"]).spectrum_explorer()
    r = ex.benchmark(moves=10)
    out.append(("spectrum_explorer: compute per move", r["compute_ms"], "10"))
    out.append(("spectrum_explorer: full update per move (median)", r["update_ms"], "50"))
    out.append(("spectrum_explorer: full update per move (max)", r["update_max_ms"], "50"))
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true")
    args = ap.parse_args(argv)
    print("| kernel | ms | target ms |\n| --- | --- | --- |")
    for name, ms, target in rows(quick=args.quick):
        print(f"| {name} | {ms:.1f} | {target} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
