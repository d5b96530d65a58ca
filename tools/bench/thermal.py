"""Benchmark of the finite-temperature kernels (spinlib.thermal, spinlib.macrospin.stochastic).

    .venv/bin/python -m tools.bench.thermal           # full rows (the 1e4 x 1e4 ensemble takes a while)
    .venv/bin/python -m tools.bench.thermal --quick   # the ensemble rows with 1e3 (cmtj: 200) trajectories
    .venv/bin/python -m tools.bench.thermal --no-cmtj # without the peer rows

Rows (issue 19's targets, 2 cores):

* 10^4 stochastic-LLG trajectories of 10^4 Heun steps (target <= 10 s), the chapter's free layer at
  Delta = 40 and j = 2 j_c0, no stop condition; with ``--quick`` 10^3 trajectories (time x 10 gives
  the estimate). Wall time, best of three, with the load average it ran under and the CPU seconds
  of the calling thread (the critical path; the noise is drawn ahead on a second thread) and of
  all threads: on a shared machine those tell what an idle 2-core machine needs. Before the
  buffers, the noise drawn ahead and the glibc heap fix (commit 9c0337a): 11.3 s of CPU in one
  thread; after: 8.2 s in the calling thread, 11.0 s in all (measured at load ~10).
* the same ensemble against cmtj's stochastic solver when cmtj (the optional ``bench`` extra) is
  importable: 10^3 trajectories of 10^4 steps each side, the same initial states, step, damping,
  torque and noise; the switching probability at 20 pulse lengths and the zero-current ``<m_z^2>``
  (with the exact Boltzmann value), differences in units of their standard errors (:func:`peer_rows`);
* a write-error-rate curve to 1e-9 over 50 pulse lengths (target <= 2 s), Fokker-Planck, 400 nodes;
* the same on 50 irregular pulse lengths (the binary-fraction propagation path);
* the switching explorer: precomputation once, and the median / max update per slider move
  (target 50 ms).

**cmtj's stochastic mode, mapped** (read from ``core/junction.hpp`` of cmtj's repository; the seeding
call ``setLayerSeed`` is 1.15.0's). Every deterministic term maps as in tools/bench/peers.py
(``beta = alpha``, constants set to scipy's, now including ``k_B``). ``SolverMode.Heun`` draws one
Gaussian 3-vector per step, ``H_th = sigma xi / sqrt(dt)`` with ``sigma^2 = 2 alpha k_B T /
(mu0 M_s gamma0 V)`` (its ``Ms`` is ``mu0 M_s`` in tesla, ``V`` = area x thickness), and adds the
torque ``-gamma0 / (1 + alpha^2) [m x H_th + alpha m x (m x H_th)]``: spinlib's right-hand side with
``h_th`` added to ``h_eff``. In reduced units ``<h_th h_th> = 2 alpha epsilon delta(tau)``, the
noise of :func:`spinlib.macrospin.integrate_stochastic`, for ``T = epsilon mu0 M_s^2 V / k_B``
(47 813 K for the peer's illustrative Co layer at Delta = 40: an odd number in kelvin, the same
dimensionless problem). The schemes differ in one place: cmtj's predictor ``m + f dt + g sqrt(dt)``
is not projected onto the sphere, spinlib's is; both are Stratonovich Heun schemes of weak order 1,
so their statistics agree up to an ``O(dt)`` bias at equal ``dt``, which the rows bound. cmtj runs one
``Junction`` per trajectory (trajectory ``i`` seeded with ``seed + i``), spinlib the batch in one call.

On a shared, loaded machine run it with ``OPENBLAS_NUM_THREADS=1``: the Fokker-Planck kernels use
small dense matrices (120-400), for which threaded OpenBLAS under contention is up to ~70 times
slower (measured: explorer precomputation 76.9 s threaded vs 1.0 s single-threaded, load ~20 on
2 cores).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

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


def rows(quick=False, peers=True):
    from spinlib.macrospin import integrate_stochastic
    from spinlib.thermal import figures, studies, write_error_rate
    from spinlib.thermal.ensemble import boltzmann_initial_states

    P = studies.PRESET
    eps = studies.TEMPERATURE
    j = 2 * 0.05
    out = []
    n = 1000 if quick else 10_000
    m0 = boltzmann_initial_states(n, params=P, temperature=eps, seed=1)
    # Wall time decides the row; on a loaded machine the CPU seconds of the calling thread (the
    # critical path: the noise of the next steps is drawn on a second thread) and of the whole
    # process tell what an idle 2-core machine would need.
    sec = main_cpu = all_cpu = np.inf
    for _ in range(3):
        w, c, t = time.perf_counter(), time.process_time(), time.thread_time()
        integrate_stochastic(m0, params=P.macrospin_params(), current=j, temperature=eps, t_end=200.0,
                             n_steps=10_000, n_out=1, seed=2)
        sec = min(sec, time.perf_counter() - w)
        all_cpu = min(all_cpu, time.process_time() - c)
        main_cpu = min(main_cpu, time.thread_time() - t)
    target = 10.0 if not quick else 1.0
    out.append(
        (
            f"stochastic LLG, {n} x 10^4 Heun steps (best of 3; load {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} cores)",
            f"{sec:.2f} s (CPU: calling thread {main_cpu:.2f} s, all threads {all_cpu:.2f} s)",
            f"{target:g} s",
            "ok" if sec <= target else "SLOW",
        )
    )
    if peers:
        from tools.bench.peers import cmtj_available

        if cmtj_available():
            out += peer_rows(n=200 if quick else 1000)[0]
        else:
            out.append(("cmtj peer of the ensemble", "cmtj not installed (bench extra): skipped", "-", "-"))
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
        table(
            ("kernel", "wall time", "target", ""),
            rows(quick="--quick" in argv, peers="--no-cmtj" not in argv),
            ("{}", "{}", "{}", "{}"),
        )
    )
    return 0



# ---------------------------------------------------------------------------------------------
# the ensemble against cmtj's stochastic solver


def _problem(params, current):
    """The chapter's free layer (:class:`spinlib.thermal.ThermalMacrospin`) as a cmtj problem."""
    from tools.bench import peers

    P = params
    return peers.MacrospinProblem(field=(0.0, 0.0, P.field), hk=P.hk, easy_axis=(0.0, 0.0, 1.0), demag=0.0,
                                  normal=(0.0, 0.0, 1.0), alpha=P.alpha, fixed=(0.0, 0.0, 1.0), q=P.q, A=P.A,
                                  B=P.B, current=current)


def kelvin(temperature):
    """cmtj's temperature (K) for the reduced ``epsilon = k_B T / (mu0 M_s^2 V)`` of the peer's layer."""
    from spinlib import units
    from tools.bench import peers

    return temperature * units.MU_0 * peers.MS**2 * peers.AREA * peers.THICKNESS / units.K_B


def cmtj_ensemble(m0, *, params, current, temperature, t_end, n_steps, stride, seed=0, clock=None):
    """``m_z`` of one cmtj ``Heun`` run per initial state: ``(n, n_steps // stride + 1)`` at ``k stride dt``.

    Column 0 is ``m0``; column ``k >= 1`` is cmtj's log entry at stamp ``k stride dt``, which
    holds ``m(k stride dt + dt)`` (cmtj logs after the step; see tools/bench/peers.py), and the
    last column is the state at ``t_end``. Trajectory ``i`` seeds cmtj's generator with ``seed + i``.
    Call inside :func:`tools.bench.peers.cmtj_constants`; ``clock`` collects the seconds in C++.
    """
    import cmtj

    from spinlib.macrospin import si
    from tools.bench import peers

    problem = _problem(params, current)
    dt_s = t_end / n_steps * float(si.time_unit(ms=peers.MS))
    n_out = n_steps // stride
    out = np.empty((len(m0), n_out + 1))
    for i, m in enumerate(m0):
        junction = peers.cmtj_junction(m, problem)
        junction.setLayerTemperatureDriver("free", cmtj.constantDriver(float(kelvin(temperature))))
        junction.setLayerSeed("free", seed + i)
        t0 = time.perf_counter()
        # half-step padding as in tools/bench/peers.py (cmtj truncates totalTime / timeStep)
        junction.runSimulation((n_steps + 0.5) * dt_s, dt_s, (stride + 0.5) * dt_s, False, False, cmtj.Heun)
        if clock is not None:
            clock.append(time.perf_counter() - t0)
        logged = np.asarray(junction.getLog()["free_mz"])
        if logged.shape != (n_out,):
            raise RuntimeError(f"cmtj logged {logged.shape} entries, expected {n_out}")
        out[i, 0], out[i, 1:n_out] = m[2], logged[1:]
        out[i, n_out] = junction.getLayerMagnetisation("free").tolist()[2]
    return out


def boltzmann_mz2(params, temperature):
    """Exact ``<m_z^2>`` of the zero-current Boltzmann density ``exp(-E(z) / epsilon)`` on the sphere."""
    from spinlib.thermal.model import effective_energy

    z = np.linspace(-1.0, 1.0, 200_001)
    lw = -effective_energy(z, params=params) / temperature
    w = np.exp(lw - lw.max())
    return float(np.trapezoid(z * z * w, z) / np.trapezoid(w, z))


def peer_rows(*, n=1000, n_steps=10_000, t_end=200.0, stride=500, seed=5):
    """spinlib's ensemble against cmtj's Heun mode at equal step, damping, torque and noise.

    Two observables on ``n`` trajectories from the same Boltzmann initial states (the P well at
    Delta = 40): the switching probability ``P(m_z < 0)`` at 20 pulse lengths under
    ``j = 2 j_c0``, and the time-averaged ``<m_z^2>`` at zero current, also against the exact
    Boltzmann value. Returns the table rows and the raw numbers.
    """
    import cmtj  # noqa: F401 - fail early when the peer is missing

    from spinlib.macrospin import integrate_stochastic
    from spinlib.thermal import studies
    from spinlib.thermal.ensemble import boltzmann_initial_states
    from tools.bench import peers

    P, eps = studies.PRESET, studies.TEMPERATURE
    m0 = boltzmann_initial_states(n, params=P, temperature=eps, seed=1)
    res = {"n": n, "n_steps": n_steps, "dt": t_end / n_steps, "kelvin": float(kelvin(eps))}
    rows = []
    with peers.cmtj_constants():
        for label, j in (("switching", 0.1), ("equilibrium", 0.0)):
            t0 = time.perf_counter()
            tr = integrate_stochastic(m0, params=P.macrospin_params(), current=j, temperature=eps,
                                      t_end=t_end, n_steps=n_steps, n_out=n_steps // stride, seed=seed)
            ours = tr.m[..., 2]
            sec_ours = time.perf_counter() - t0
            clock: list = []
            t0 = time.perf_counter()
            theirs = cmtj_ensemble(m0, params=P, current=j, temperature=eps, t_end=t_end, n_steps=n_steps,
                                   stride=stride, seed=seed, clock=clock)
            res[label] = {"spinlib_s": sec_ours, "cmtj_s": time.perf_counter() - t0, "cmtj_run_s": sum(clock),
                          "spinlib_mz": ours.tolist(), "cmtj_mz": theirs.tolist()}
    sw = res["switching"]
    rows.append((f"cmtj {_cmtj_version()} Heun mode, {n} x {n_steps} steps (one Junction each, j = 2 j_c0)",
                 f"{sw['cmtj_s']:.2f} s ({sw['cmtj_run_s']:.2f} s in C++)", "-", "-"))
    rows.append((f"spinlib, the same {n} x {n_steps} steps (one batched call)", f"{sw['spinlib_s']:.2f} s",
                 "-", "-"))
    a = (np.asarray(sw["spinlib_mz"]) < 0).mean(0)[1:]
    b = (np.asarray(sw["cmtj_mz"]) < 0).mean(0)[1:]
    pooled = 0.5 * (a + b)  # two-proportion test: the pooled binomial standard error of a - b
    sig = np.sqrt(2.0 * pooled * (1.0 - pooled) / n)
    z_sw = np.abs(a - b) / np.where(sig > 0, sig, np.inf)
    t_pulse = np.arange(1, len(a) + 1) * stride * res["dt"]
    res["switching_summary"] = {"t": t_pulse.tolist(), "spinlib": a.tolist(), "cmtj": b.tolist(),
                                "sigma": sig.tolist()}
    worst = int(np.argmax(z_sw))
    rows.append((f"P_sw(t), t = {t_pulse[0]:g}..{t_pulse[-1]:g}: spinlib {_span(a)}, cmtj {_span(b)}",
                 f"max |dP| {np.abs(a - b).max():.3f} ({z_sw[worst]:.1f} sigma at t = {t_pulse[worst]:g})",
                 "< 3 sigma", "ok" if z_sw.max() < 3 else "DIFFER"))
    eq = res["equilibrium"]
    exact = boltzmann_mz2(P, eps)
    stats = []
    for key in ("spinlib_mz", "cmtj_mz"):
        per_traj = (np.asarray(eq[key])[:, 1:] ** 2).mean(1)  # trajectories are independent
        stats.append((per_traj.mean(), per_traj.std(ddof=1) / np.sqrt(n)))
    (ma, ea), (mb, eb) = stats
    z_eq = abs(ma - mb) / np.hypot(ea, eb)
    res["equilibrium_summary"] = {"spinlib": [ma, ea], "cmtj": [mb, eb], "boltzmann": exact}
    rows.append((f"<m_z^2> at j = 0: spinlib {ma:.5f} +- {ea:.5f}, cmtj {mb:.5f} +- {eb:.5f}, "
                 f"Boltzmann {exact:.5f}",
                 f"diff {z_eq:.1f} sigma", "< 3 sigma", "ok" if z_eq < 3 else "DIFFER"))
    out = Path(__file__).resolve().parents[2] / "bench" / "results"  # git-ignored, as peers.save
    out.mkdir(parents=True, exist_ok=True)
    (out / "peers_cmtj_thermal.json").write_text(json.dumps(res) + "\n")
    return rows, res


def _span(p):
    return f"{p.min():.3f}-{p.max():.3f}"


def _cmtj_version():
    from importlib.metadata import version

    return version("cmtj")


if __name__ == "__main__":
    raise SystemExit(main())
