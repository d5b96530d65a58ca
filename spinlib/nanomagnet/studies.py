"""Presets and studies of chapter 4: the rate sets of Parcollet & Waintal (2006), the grains of the
chapter's figures, and the numbers the page quotes (each computed here once, from the physics
modules and the SymPy derivation; :mod:`spinlib.nanomagnet.figures` only draws them).
"""

from __future__ import annotations

from functools import cache, lru_cache

import mpmath
import numpy as np

from . import derivation
from .grain import Lead, Nanomagnet
from .master import generator, lead_currents, simulate_master, spin_distribution, state_table, steady_state
from .multilevel import Level, MultiLevelGrain, multilevel_current_map
from .nmd import (
    bath_diffusion,
    channel_functions,
    lead_damping,
    nmd_diffusion,
    nmd_drift,
    nmd_fixed_points,
    simulate_nmd,
)
from .reduced import (
    NMDRates,
    grain_for_reduced,
    reduced_classify,
    reduced_fixed_points,
    reduced_sweep,
    reduced_udot,
)

__all__ = [
    "FIG6_UPPER_LEFT",
    "FIG6_UPPER_RIGHT",
    "FIG6_LOWER_LEFT",
    "FIG6_SETS",
    "WIDE_SP",
    "BIAS_RANGE",
    "FIELD_RANGE",
    "SPECTRO_LEVELS",
    "demo_grain",
    "telegraph_grain",
    "spectroscopy_grain",
    "gibbs_check",
    "demo_numbers",
    "tmr_data",
    "concentration_data",
    "printed_diffusion",
    "drift_diffusion_data",
    "variance_check",
    "phase_grid",
    "fixed_point_data",
    "hysteresis_data",
    "hysteresis_table",
    "zero_bias_data",
    "telegraph_data",
    "spectroscopy_data",
]

# ----------------------------------------------------------------------------- presets
#: Upper left panel of Fig. 6 of P&W (q = 0: two leads antiparallel with the same rates).
FIG6_UPPER_LEFT = NMDRates(left_up=4.5, left_down=1.5, right_up=1.5, right_down=4.5)
#: Upper right panel of Fig. 6 of P&W (also Fig. 8): q = 1/4, Theta = 4.
FIG6_UPPER_RIGHT = NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0)
#: Lower left panel of Fig. 6 of P&W: q = 0.3, Theta = 3.
FIG6_LOWER_LEFT = NMDRates(left_up=8.0, left_down=2.0, right_up=5.0, right_down=5.0)
#: the three parameter sets of Fig. 6 of P&W, by panel
FIG6_SETS = {"upper left": FIG6_UPPER_LEFT, "upper right": FIG6_UPPER_RIGHT,
             "lower left": FIG6_LOWER_LEFT}
#: a rate set (ours, not the paper's) with a wide spin-precession region, for Sec. 4.7
WIDE_SP = NMDRates(left_up=30.0, left_down=2.0, right_up=8.0, right_down=8.0)
#: the window of the NMD phase diagrams of Fig. 6 of P&W (reduced bias and field)
BIAS_RANGE = (-10.0, 12.0)
FIELD_RANGE = (-10.0, 4.0)
#: an illustrative grain for the spectroscopy of Sec. III (ours: the paper states no parameters)
SPECTRO_LEVELS = (Level(addition_energy=0.0, orbital=-1), Level(addition_energy=1.5, orbital=-1),
                  Level(addition_energy=-1.0, orbital=1, occupied=True),
                  Level(addition_energy=-1.6, orbital=1, occupied=True))


def demo_grain(*, spin=20, bias=2.5, angle=0.0, temperature=0.05):
    """One minority level between a polarised left lead (tilt ``angle``, ``mu_L = bias``) and a
    normal right lead; a field ``h = kappa`` and the bath hold the grain at ``u = +1``."""
    return Nanomagnet(spin=spin, anisotropy=1.0, field=1.0, level=0.0, orbital=-1,
                      temperature=temperature, damping=0.05,
                      leads=(Lead(rate_majority=1.0, rate_minority=0.25, angle=angle,
                                  chemical_potential=bias),
                             Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=0.0)))


def telegraph_grain(*, bias=0.0, spin=10, temperature=2.0):
    """The bistable grain of the telegraph figure: majority level at 0, a polarised left lead at
    ``mu = bias``, an empty right lead, a weak bath; ``u = +-1`` both stable."""
    return Nanomagnet(spin=spin, anisotropy=1.0, field=0.0, level=0.0, orbital=1,
                      temperature=temperature, damping=0.01,
                      leads=(Lead(rate_majority=0.8, rate_minority=0.2, chemical_potential=bias),
                             Lead(rate_majority=0.5, rate_minority=0.5, chemical_potential=-30.0)))


def spectroscopy_grain(*, angle=0.0, spin=3, exchange=0.4):
    """Two empty minority and two filled majority levels, a polarised left lead (tilt ``angle``),
    a normal right lead at ``mu = 0``; a field ``h = kappa`` and the bath hold ``u`` near +1."""
    return MultiLevelGrain(spin=spin, levels=SPECTRO_LEVELS, exchange=exchange, anisotropy=1.0, field=1.0,
                           temperature=0.04, damping=0.05,
                           leads=(Lead(rate_majority=1.0, rate_minority=0.25, angle=angle),
                                  Lead(rate_majority=1.0, rate_minority=1.0)))


# ----------------------------------------------------------------------------- master equation
def gibbs_check():
    """The page's zero-bias check: largest deviation of the steady state from the Gibbs state
    ``exp(-(E - mu N)/T)/Z`` (minority level, tilted lead, field and bath on), and the number of
    states of a grain with ``S_0 = 1000``."""
    p = Nanomagnet(spin=7.5, anisotropy=1.0, field=0.3, level=0.4, orbital=-1, temperature=0.8, damping=0.05,
                   leads=(Lead(rate_majority=1.0, rate_minority=0.3, angle=1.0),
                          Lead(rate_majority=0.4, rate_minority=0.4)))
    prob = steady_state(params=p)
    charge, sz = state_table(params=p)
    with mpmath.workdps(40):  # the reference to full precision: the deviation is the solver's own
        mp = mpmath.mpf
        energy = [mp(p.level) * int(c) - mp(p.anisotropy) / mp(p.spin) * mp(m) ** 2 - mp(p.field) * mp(m)
                  for c, m in zip(charge, sz, strict=True)]  # Eq. (1c), typed here
        weight = [mpmath.exp(-e / mp(p.temperature)) for e in energy]
        gibbs = np.array([float(w / mpmath.fsum(weight)) for w in weight])
    big = Nanomagnet(spin=1000, temperature=0.2, damping=1e-3,
                     leads=(Lead(rate_majority=1.0, rate_minority=0.3, chemical_potential=3.0),
                            Lead(rate_majority=0.5, rate_minority=0.5, chemical_potential=-50.0)))
    return {"gibbs_deviation": float(np.max(np.abs(prob - gibbs))),
            "n_states_1000": int(generator(params=big).shape[0])}


def demo_numbers(*, bias=3.0):
    """Mean ``u`` of :func:`demo_grain` for the lead parallel and antiparallel, and ``I(0) - I(pi)``."""
    demo = {ang: demo_grain(bias=bias, angle=ang) for ang in (0.0, np.pi)}
    mean_u = [float(np.sum(np.prod(spin_distribution(params=p), axis=0))) for p in demo.values()]
    tmr = lead_currents(params=demo[0.0])[0] - lead_currents(params=demo[np.pi])[0]
    return {"u_min": min(mean_u), "tmr": float(tmr)}


def tmr_data(*, spin=20, temperature=0.05, n=121):
    """Current from the left lead of :func:`demo_grain` against bias for ``theta = 0`` and ``pi``."""
    bias = np.linspace(-3.0, 3.0, n)
    cur = {ang: np.array([lead_currents(params=demo_grain(spin=spin, bias=b, angle=ang,
                                                          temperature=temperature))[0] for b in bias])
           for ang in (0.0, np.pi)}
    return {"bias": bias, "I_P": cur[0.0], "I_AP": cur[np.pi]}


# ----------------------------------------------------------------------------- large-spin limit
def concentration_data(*, rates=WIDE_SP, bias=30.0, field=-12.0, spins=(5, 20, 100, 1000), temperature=0.5):
    """Steady-state densities of ``u`` for several ``S_0`` and the NMD fixed points.

    Returns ``({S_0: (u, density, mean u)}, fixed points, stable)``.
    """
    out = {}
    for s in spins:
        p = grain_for_reduced(params=rates, spin=s, bias=bias, field=field, temperature=temperature)
        prob = steady_state(params=p)
        charge, sz = state_table(params=p)
        n_sec = charge == 0
        grid = sz[n_sec] / p.spin
        # each sector's probabilities as a density on its own u grid, added on the N-sector grid
        dens = prob[n_sec] * p.spin + np.interp(grid, sz[~n_sec] / p.spin_plus, prob[~n_sec] * p.spin_plus)
        out[s] = (grid, dens, float(np.sum(prob * sz / np.where(n_sec, p.spin, p.spin_plus))))
    p = grain_for_reduced(params=rates, spin=spins[-1], bias=bias, field=field, temperature=temperature)
    fp, stable = nmd_fixed_points(params=p)
    return out, fp, stable


@cache
def _printed_lead_diffusion():
    import sympy as sp

    d = derivation
    return sp.lambdify([d.u, d.f_up, d.f_dn, d.G_up, d.G_dn, d.S0, d.eta], d.printed_diffusion())


def printed_diffusion(u, *, params):
    """``D`` with the lead part as printed in Eq. (35c) of P&W (for the erratum display): the
    printed lead part (:func:`spinlib.nanomagnet.derivation.printed_diffusion`, ``eta = 1``) plus
    :func:`~spinlib.nanomagnet.nmd.bath_diffusion`."""
    fu, fd = channel_functions(u, params=params)
    g = params.rates_z()
    lead = _printed_lead_diffusion()(u, fu, fd, g[:, 0].sum(), g[:, 1].sum(), params.spin, 1)
    return lead + bath_diffusion(u, params=params)


def drift_diffusion_data(*, rates=WIDE_SP, bias=30.0, field=-12.0, temperature=0.5, spin=1000):
    """NMD drift ``R(u)``, derived diffusion ``D(u)`` and the printed ``D`` of Eq. (35c)."""
    p = grain_for_reduced(params=rates, spin=spin, bias=bias, field=field, temperature=temperature)
    u = np.linspace(-1, 1, 401)
    return {"u": u, "R": nmd_drift(u, params=p), "D": nmd_diffusion(u, params=p),
            "D_printed": printed_diffusion(u, params=p)}


def variance_check(*, rates=WIDE_SP, bias=30.0, field=-12.0, temperature=0.5, spins=(100, 1000, 4000)):
    """Width of the master equation's steady state about the NMD fixed point vs the Fokker-Planck
    prediction ``Var u = D(u*) / (S_0 |R'(u*)|)`` with the derived and the printed ``D``.

    Returns
    -------
    dict ``S_0 -> {"mean", "u_star", "var", "derived", "printed"}``
    """
    out = {}
    for s in spins:
        p = grain_for_reduced(params=rates, spin=s, bias=bias, field=field, temperature=temperature)
        u, pr = spin_distribution(params=p)
        mean = float(np.sum(u * pr))
        var = float(np.sum((u - mean) ** 2 * pr))
        fp, stable = nmd_fixed_points(params=p)
        us = float(fp[1:-1][stable[1:-1]][0])
        h = 1e-6
        slope = float(nmd_drift(us + h, params=p) - nmd_drift(us - h, params=p)) / (2 * h)
        dd = float(nmd_diffusion(us, params=p))
        dp = float(printed_diffusion(us, params=p))
        out[s] = {"mean": mean, "u_star": us, "var": var, "derived": dd / (s * abs(slope)),
                  "printed": dp / (s * abs(slope))}
    return out


# ----------------------------------------------------------------------------- reduced model
@lru_cache(maxsize=16)
def phase_grid(rates: NMDRates, n: int, bias_range=BIAS_RANGE, field_range=FIELD_RANGE):
    """Phase codes of the reduced model on an ``n x n`` grid (rows: field, columns: bias)."""
    v = np.linspace(*bias_range, n)
    h = np.linspace(*field_range, n)
    V, H = np.meshgrid(v, h)
    return reduced_classify(bias=V, field=H, params=rates)


def fixed_point_data(*, bias, field, rate_set):
    """``du/dt`` of the reduced model against ``u`` at one point, with its fixed points."""
    rates = FIG6_SETS[rate_set]
    u = np.linspace(-1, 1, 401)
    pts, stable = reduced_fixed_points(bias=bias, field=field, params=rates)
    return {"u": u, "udot": reduced_udot(u, bias=bias, field=field, params=rates), "pts": pts,
            "stable": stable}


def hysteresis_data(*, rates=FIG6_UPPER_RIGHT, field=-4.1, bias=5.5, n=301):
    """Sweeps of Fig. 8 of P&W: ``I(v)`` at fixed ``h`` from ``u = +1`` and from ``u = -1``, and
    ``I(h)`` at fixed ``v``, each swept up then back down (:class:`ReducedSweep` results)."""
    v = np.linspace(3.5, 7.0, n)
    vv = np.concatenate([v, v[::-1]])
    hh = np.linspace(-4.6, -3.6, n)
    hh = np.concatenate([hh, hh[::-1]])
    out = {"bias": vv, "field": hh}
    for start in (1.0, -1.0):
        out[f"I_v_from_{start:+.0f}"] = reduced_sweep(bias=vv, field=field, params=rates, u_start=start)
    out["I_h"] = reduced_sweep(bias=bias, field=hh, params=rates, u_start=-1.0)
    out["jump_up"] = float(vv[:n][np.argmax(np.diff(out["I_v_from_-1"].current[:n]) > 0) + 1])
    return out


def hysteresis_table(*, rates_name="upper right", bias=5.5, n=161):
    """Precomputed sweeps of the hysteresis explorer: for every field stop (step 0.05 in
    [-4.6, -3.6]) the bias loop from ``u = +1`` and ``u = -1``, and the field loop at ``bias``."""
    rates = FIG6_SETS[rates_name]
    v = np.linspace(3.5, 7.0, n)
    vv = np.concatenate([v, v[::-1]])
    stops = np.round(np.arange(-4.6, -3.6 + 1e-9, 0.05), 2)
    table = {float(f): (reduced_sweep(bias=vv, field=f, params=rates, u_start=1.0).current,
                        reduced_sweep(bias=vv, field=f, params=rates, u_start=-1.0).current) for f in stops}
    hh = np.linspace(-4.6, -3.6, n)
    hh2 = np.concatenate([hh, hh[::-1]])
    ih = reduced_sweep(bias=bias, field=hh2, params=rates, u_start=-1.0).current
    return {"bias": vv, "stops": stops, "table": table, "field": hh2, "I_h": ih}


# ----------------------------------------------------------------------------- zero bias
def zero_bias_data(*, spin=1000, q=0.3, level=2.0):
    """Lead-induced damping against temperature: exact linear response of Eq. (53) and the derived
    high-temperature limit (1/32; the printed Eq. (54) is twice it), each times ``S_0``."""
    temps = np.geomspace(0.05, 50.0, 80)
    gam = 1.0
    exact, high = [], []
    for t in temps:
        p = Nanomagnet(spin=spin, anisotropy=1.0, level=level, temperature=t, damping=0.0,
                       leads=(Lead(rate_majority=gam * (1 + q) / 2, rate_minority=gam * (1 - q) / 2),))
        e, hi = lead_damping(params=p)
        exact.append(e)
        high.append(hi)
    return {"T": temps, "exact": np.array(exact) * spin, "high_t": np.array(high) * spin}


# ----------------------------------------------------------------------------- noise
def telegraph_data(*, biases=(0.0, 3.0), spin=10, temperature=2.0, t_end=2.0e5, seed=1):
    """Seeded master-equation trajectories (Gillespie) of :func:`telegraph_grain` at each bias,
    the fraction of time with ``u > 0``, and the stochastic NMD trajectory from ``u = +1``."""
    out = {}
    for b in biases:
        p = telegraph_grain(bias=b, spin=spin, temperature=temperature)
        tr = simulate_master(params=p, t_end=t_end, u0=1.0, seed=seed)
        up_time = float(np.sum(np.diff(tr.t) * (tr.u[:-1] > 0)) / tr.t[-1])
        lang = simulate_nmd(1.0, params=p, t_end=t_end, n_steps=20000, seed=seed)
        out[b] = {"t": tr.t, "u": tr.u, "up_fraction": up_time, "t_nmd": lang.t, "u_nmd": lang.u,
                  "fixed_points": nmd_fixed_points(params=p)}
    return out


# ----------------------------------------------------------------------------- several levels
def spectroscopy_data(*, n_bias=101, n_gate=51, spin=3, exchange=0.4):
    """Currents over (gate, bias) for the lead parallel and antiparallel to the easy axis."""
    biases = np.linspace(0.0, 6.0, n_bias)
    gates = np.linspace(0.0, 3.0, n_gate)
    cur = {ang: multilevel_current_map(params=spectroscopy_grain(angle=ang, spin=spin, exchange=exchange),
                                       biases=biases, gates=gates) for ang in (0.0, np.pi)}
    return {"biases": biases, "gates": gates, "I_P": cur[0.0], "I_AP": cur[np.pi],
            "dIdV": np.gradient(cur[0.0], biases, axis=1)}
