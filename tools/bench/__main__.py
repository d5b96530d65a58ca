"""Benchmark: every interactive figure, every chapter, and heavy kernels against peers.

Prints three tables:

1. per Explorer: median compute, draw (blit) and encode time and median/max full update per
   slider move in the kernel (what the kernel spends before the frame leaves), against the
   targets compute <= 10 ms and update <= 50 ms; then the same sliders as felt in a real
   JupyterLab driven by Chromium (``tools/bench/jupyterlab.py``: input event to painted frame,
   median and p90, drags), against the target <= 100 ms;
2. per chapter page: wall time of executing it in a live kernel;
3. kernels against third-party peers where one exists: spinlib's batched LLG
   integrator against SciPy's solve_ivp on the same batch, and against cmtj (the
   optional ``bench`` extra) on the same macrospin trajectories, with the
   conventions mapped (``tools/bench/peers.py``): agreement at every time stamp
   and wall time side by side.

Usage: ``make bench`` (installs the ``bench`` extra; or ``python -m tools.bench
[--no-pages] [--no-cmtj] [--no-lab]``). The output is also written to bench/results/bench.md, the
cmtj numbers to bench/results/peers_cmtj.json.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from tools.bench import peers, table
from tools.book import ROOT, is_notebook, source_of, toc_files

COMPUTE_TARGET_MS = 10.0
UPDATE_TARGET_MS = 50.0


def bench_explorers() -> list[tuple]:
    nan = float("nan")
    from spinlib.widgets import all_explorers

    rows = []
    for name, factory in sorted(all_explorers().items()):
        try:
            ex = factory()
            t0 = time.perf_counter()
            ex.png()
            first = 1e3 * (time.perf_counter() - t0)
            r = ex.benchmark(moves=10)
        except Exception as exc:  # report and go on: one broken explorer must not hide the others
            rows.append((name, *[nan] * 7, f"ERROR {type(exc).__name__}: {str(exc)[:60]}"))
            continue
        ok = r["compute_ms"] <= COMPUTE_TARGET_MS and r["update_ms"] <= UPDATE_TARGET_MS
        rows.append((name, r["compute_ms"], r["draw_ms"], r["encode_ms"], r["update_ms"], r["update_max_ms"],
                     r["kB"], first, "ok" if ok else "SLOW"))
    return rows


def bench_pages() -> list[tuple]:
    import jupytext
    import nbclient

    os.environ.pop("SPINLIB_STATIC", None)
    rows = []
    for doc in toc_files():
        path = source_of(doc)
        if not is_notebook(path):
            continue
        nb = jupytext.read(path)
        t0 = time.perf_counter()
        nbclient.NotebookClient(nb, timeout=900, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}}).execute()
        rows.append((doc, time.perf_counter() - t0))
    return rows


def bench_solve_ivp() -> list[tuple]:
    """spinlib's LLG integrator (fixed-step RK4 on the sphere, batched) against SciPy's solve_ivp.

    Both integrate the same batch of thin-film trajectories (Fig. 8(e)-(h) geometry) past the
    critical current; accuracy is the max |m - m_ref| at the end, the reference being DOP853 at
    rtol = atol = 1e-12.
    """
    import numpy as np
    from scipy.integrate import solve_ivp

    from spinlib.macrospin import llg, studies, thresholds

    params = studies.thin_film_preset(field=0.02, hk=0.05, alpha=0.02)
    rng = np.random.default_rng(0)
    n = 200
    m0 = np.column_stack([np.ones(n), 0.05 * rng.standard_normal(n), 0.05 * rng.standard_normal(n)])
    m0 /= np.linalg.norm(m0, axis=1, keepdims=True)
    jc = float(thresholds.critical_current(field=0.02, hk=0.05, alpha=0.02, q=1, A=1, B=0))
    current, t_end = 1.5 * jc, 100.0

    def rhs(_t, y):
        return llg.llg_rhs(y.reshape(-1, 3), params=params, current=current).ravel()

    def run_ivp(method, tol):
        t0 = time.perf_counter()
        sol = solve_ivp(rhs, (0, t_end), m0.ravel(), method=method, rtol=tol, atol=tol)
        return sol.y[:, -1].reshape(-1, 3), time.perf_counter() - t0

    ref, _ = run_ivp("DOP853", 1e-12)
    rows = []
    for n_steps in (2000, 8000):
        t0 = time.perf_counter()
        traj = llg.integrate(m0, params=params, current=current, t_end=t_end, n_steps=n_steps, n_out=1)
        dt = time.perf_counter() - t0
        err = np.abs(traj.m[:, -1] - ref).max()
        norm = np.abs(np.linalg.norm(traj.m[:, -1], axis=-1) - 1).max()
        rows.append((f"LLG, {n} trajectories, RK4 {n_steps} steps", f"{1e3 * dt:.0f} ms",
                     f"err {err:.1e}, ||m|-1| {norm:.0e}"))
    for method, tol in (("RK45", 1e-6), ("RK45", 1e-9), ("DOP853", 1e-10)):
        m_end, dt = run_ivp(method, tol)
        err = np.abs(m_end - ref).max()
        norm = np.abs(np.linalg.norm(m_end, axis=-1) - 1).max()
        rows.append((f"LLG, {n} trajectories, solve_ivp {method} tol {tol:g}", f"{1e3 * dt:.0f} ms",
                     f"err {err:.1e}, ||m|-1| {norm:.0e}"))
    return rows


def bench_cmtj() -> str:
    """spinlib's LLG integrator against cmtj (tools/bench/peers.py): the table and what it says."""
    if not peers.cmtj_available():
        return "cmtj is not installed (it is the optional bench extra: pip install -e '.[bench]'); skipped."
    result = peers.bench_cmtj()
    text = table(peers.HEADER, peers.rows(result), ("{}",) * len(peers.HEADER)) + "\n\n" + \
        peers.verdict(result)
    peers.save(result, text)
    return text


def bench_kernels() -> list[tuple]:
    """Kernels behind the chapters' figures and sliders (best of five), against their targets."""
    import numpy as np

    from spinlib import activation, nanomagnet
    from spinlib import magnon_transport as mat
    from spinlib.magnon_transport import studies as mat_studies
    from spinlib.nanomagnet import studies as nm_studies

    v = np.linspace(-12, 12, 400)
    temps = np.arange(0, 2.0001, 0.25)

    def fig4_family():
        for params, eta in ((mat.FIG2, 1), (mat.FIG2, -1), (mat_studies.UNPOLARISED, 1)):
            mat_studies.family(v, temps, params=params, orientation=eta)

    rows = [("Fig. 4 family of Bender et al.: 9 T x 400 V x 3 orientations", 1e3 * _best_of(fig4_family, 5),
             20.0)]
    grain = nanomagnet.Nanomagnet(spin=1000)
    bias, field = np.meshgrid(np.linspace(-10, 10, 200), np.linspace(-2, 2, 200))
    barriers = np.linspace(1, 40, 100)
    for name, kernel, target in (
        ("nanomagnet master-equation steady state, S0 = 1000 (4002 states)",
         lambda: nanomagnet.steady_state(params=grain), 50.0),
        ("NMD phase diagram, 200 x 200 (Fig. 6 upper right of Parcollet & Waintal)",
         lambda: nanomagnet.reduced_classify(bias=bias, field=field, params=nm_studies.FIG6_UPPER_RIGHT),
         2000.0),
        ("activation: exact MFPT, 100 barrier heights 1-40 kT",
         lambda: activation.log_escape_time(barrier=barriers), 500.0),
    ):
        rows.append((name, 1e3 * _best_of(kernel, 5), target))
    return rows


def _best_of(kernel, repeats: int) -> float:
    """Best wall time (s) of ``repeats`` calls after one warm-up call."""
    kernel()
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        kernel()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> int:
    os.environ.pop("SPINLIB_STATIC", None)
    print("## Interactive figures (per slider move, median over moves of every control)\n")
    rows = bench_explorers()
    print(table(("explorer", "compute ms", "draw ms", "encode ms", "update ms", "update max ms", "frame kB",
                 "first draw ms", "target"),
                rows, ("{}", "{:.2f}", "{:.1f}", "{:.1f}", "{:.1f}", "{:.1f}", "{:.1f}", "{:.0f}", "{}")))
    if "--no-lab" not in sys.argv:
        from tools.bench import jupyterlab

        print("\n## Live sliders in JupyterLab, as felt (Chromium; input event to painted frame)\n")
        jupyterlab.main(["--json", str(ROOT / "bench" / "results" / "jupyterlab.json")])
    print("\n## Closed-form kernels\n")
    print(table(("kernel", "ms", "target ms"), bench_kernels(), ("{}", "{:.1f}", "{:.0f}")))
    print("\n## Kernels against third-party peers\n")
    print(table(("integrator", "wall time", "accuracy at t_end"), bench_solve_ivp(),
                ("{}", "{}", "{}")))
    if "--no-cmtj" not in sys.argv:
        print("\n## Macrospin LLG: spinlib against cmtj (same trajectories, conventions mapped)\n")
        print(bench_cmtj())
    print("\n## Chapter 3 many-body kernels (sector methods; QuTiP sesolve when installed)\n")
    import importlib.util

    from tools.bench import manybody

    manybody.main(["--qutip"] if importlib.util.find_spec("qutip") else [])
    print("\n## Chapter 6 thermal kernels (stochastic ensembles, Fokker-Planck write-error rate, explorer)\n")
    from tools.bench import thermal

    thermal.main(["--no-cmtj"] if "--no-cmtj" in sys.argv else [])
    print("\n## Domain-wall kernels (chapter 6)\n")
    from tools.bench import domainwall

    domainwall.main([])
    print("\n## Spin-torque oscillator (chapter 6): spectra, linewidths, explorer\n")
    from tools.bench import oscillator

    oscillator.main([])
    if "--no-pages" not in sys.argv:
        print("\n## Chapter execution in a live kernel\n")
        pages = bench_pages()
        print(table(("page", "seconds"), pages, ("{}", "{:.1f}")))
    slow = [r[0] for r in rows if r[-1] == "SLOW"]
    if slow:
        print(f"\nAbove target: {', '.join(slow)}")
    broken = [r[0] for r in rows if r[-1].startswith("ERROR")]
    if broken:
        print(f"\nFailed: {', '.join(broken)}")
    return 1 if broken else 0


class _Tee:
    """Write to the terminal and to bench/results/bench.md (git-ignored) at once."""

    def __init__(self, stream, path: Path):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.stream, self.file = stream, path.open("w")

    def write(self, text):
        self.stream.write(text)
        self.file.write(text)

    def flush(self):
        self.stream.flush()
        self.file.flush()


if __name__ == "__main__":
    sys.stdout = _Tee(sys.stdout, ROOT / "bench" / "results" / "bench.md")
    sys.exit(main())
