"""Presets and studies of the nanomagnet chapter: the rate sets of Parcollet & Waintal (2006), the
grains of the chapter's figures, and the numbers the page quotes (each computed here once, from the physics
modules and the SymPy derivation; :mod:`spinlib.nanomagnet.figures` only draws them).
"""

from __future__ import annotations

from functools import cache, lru_cache

import mpmath
import numpy as np
from scipy.linalg import eigh_tridiagonal

from ..activation import escape_time
from . import derivation
from .grain import Lead, Nanomagnet
from .master import (
    generator,
    lead_currents,
    log_steady_state,
    simulate_master,
    spin_distribution,
    state_table,
    steady_state,
)
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
    MINUS,
    PLUS,
    SP,
    NMDRates,
    grain_for_reduced,
    reduced_classify,
    reduced_fixed_points,
    reduced_sweep,
    reduced_udot,
    theta_all_open,
    torque_asymmetry,
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
    "bath_scaling_check",
    "underflow_check",
    "figure_features",
    "activation_comparison",
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
    """One minority level between a polarised left lead and a normal right lead (the TMR demo).

    Parameters
    ----------
    spin : float
        ``S_0``, half-integer ``>= 1/2``.
    bias : float
        ``mu_L`` of the polarised left lead, units of ``kappa`` (level at ``epsilon = 0``, ``mu_R = 0``).
    angle : float
        ``theta_L`` of Eq. (14): left-lead magnetisation against the easy axis (rad, ``[0, pi]``).
    temperature : float
        ``k_B T / kappa >= 0``.

    Returns
    -------
    Nanomagnet
        ``kappa = 1``, ``h = kappa``, ``alpha_B = 0.05``, minority level (``eta = -1``); left lead
        ``Gamma^U = 1``, ``Gamma^D = 0.25`` (units ``kappa/hbar``), right lead unpolarised
        (``Gamma^U = Gamma^D = 1``). The field and the bath hold the grain at ``u = +1``.

    Notes
    -----
    The measurement proposed in Sec. III of Parcollet & Waintal (2006): flipping the lead
    (``angle = 0`` or ``pi``) changes only the rates of Eq. (14), and ``I(0) - I(pi)`` is the quantity
    of the right panel of its Fig. 3 (:func:`demo_numbers`, :func:`tmr_data`).

    Examples
    --------
    >>> p = demo_grain(spin=2, angle=np.pi)
    >>> p.orbital, p.leads[0].chemical_potential, round(float(lead_currents(params=p)[0]), 6)
    (-1, 2.5, 0.4)
    """
    return Nanomagnet(spin=spin, anisotropy=1.0, field=1.0, level=0.0, orbital=-1,
                      temperature=temperature, damping=0.05,
                      leads=(Lead(rate_majority=1.0, rate_minority=0.25, angle=angle,
                                  chemical_potential=bias),
                             Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=0.0)))


def telegraph_grain(*, bias=0.0, spin=10, temperature=2.0):
    """The bistable grain of the telegraph figure: ``u = +1`` and ``u = -1`` both stable.

    Parameters
    ----------
    bias : float
        ``mu_L`` of the polarised left lead, units of ``kappa`` (majority level at ``epsilon = 0``).
    spin : float
        ``S_0``, half-integer ``>= 1/2`` (small, so that the grain switches).
    temperature : float
        ``k_B T / kappa >= 0``.

    Returns
    -------
    Nanomagnet
        ``kappa = 1``, ``h = 0``, a weak bath ``alpha_B = 0.01``, majority level (``eta = +1``); left
        lead ``Gamma^U = 0.8``, ``Gamma^D = 0.2`` (units ``kappa/hbar``); right lead
        ``Gamma^U = Gamma^D = 0.5`` at ``mu_R = -30 kappa`` (it only receives electrons).

    Notes
    -----
    Beyond Parcollet & Waintal (2006), the input of :func:`telegraph_data`: the master equation
    switches between the poles, which the NMD equation (24) cannot (escape needs the ``1/S_0^2``
    terms of Eqs. (38)-(39)).

    Examples
    --------
    >>> u, stable = nmd_fixed_points(params=telegraph_grain(bias=3.0))
    >>> np.round(u, 6).tolist(), stable.tolist()
    ([-1.0, -0.311443, 1.0], [True, False, True])
    """
    return Nanomagnet(spin=spin, anisotropy=1.0, field=0.0, level=0.0, orbital=1,
                      temperature=temperature, damping=0.01,
                      leads=(Lead(rate_majority=0.8, rate_minority=0.2, chemical_potential=bias),
                             Lead(rate_majority=0.5, rate_minority=0.5, chemical_potential=-30.0)))


def spectroscopy_grain(*, angle=0.0, spin=3, exchange=0.4):
    """The illustrative grain with several levels of the spectroscopy figure (ours).

    Parameters
    ----------
    angle : float
        ``theta_L`` of Eq. (14): left-lead magnetisation against the easy axis (rad, ``[0, pi]``).
    spin : float
        ``S_0`` of the ground configuration, half-integer ``>= 1/2``.
    exchange : float
        ``J`` of Eq. (1c), units of ``kappa``, ``>= 0``.

    Returns
    -------
    MultiLevelGrain
        The levels :data:`SPECTRO_LEVELS` (minority levels empty at addition energies ``0`` and
        ``1.5 kappa``, majority levels filled at ``-kappa`` and ``-1.6 kappa``), ``kappa = 1``,
        ``h = kappa``, ``k_B T = 0.04 kappa``, ``alpha_B = 0.05``, gate 0; left lead ``Gamma^U = 1``,
        ``Gamma^D = 0.25``, right lead unpolarised (``Gamma = 1``, units ``kappa/hbar``), both at
        ``mu = 0``. The field and the bath hold ``u`` near +1.

    Notes
    -----
    In the spirit of Fig. 3 (Sec. III) of Parcollet & Waintal (2006), which states no parameters:
    the input of :func:`spectroscopy_data`.

    Examples
    --------
    >>> np.round(multilevel_current_map(params=spectroscopy_grain(), biases=[3.0], gates=[0.0]), 6)
    array([[0.282108]])
    """
    return MultiLevelGrain(spin=spin, levels=SPECTRO_LEVELS, exchange=exchange, anisotropy=1.0, field=1.0,
                           temperature=0.04, damping=0.05,
                           leads=(Lead(rate_majority=1.0, rate_minority=0.25, angle=angle),
                                  Lead(rate_majority=1.0, rate_minority=1.0)))


# ----------------------------------------------------------------------------- master equation
def gibbs_check():
    """The page's zero-bias check of the master equation, and the size of a large grain.

    Returns
    -------
    dict
        ``"gibbs_deviation"`` (float): largest ``|p - exp(-(E - mu N)/T)/Z|`` over the states of a
        grain at zero bias (``S_0 = 15/2``, minority level, tilted lead, field and bath on), with the
        Gibbs weights in 40-digit arithmetic, so the deviation is the solver's own;
        ``"n_states_1000"`` (int): number of states ``|charge, S_z>`` of a grain with ``S_0 = 1000``
        and a majority level.

    Notes
    -----
    The energies of Eq. (1c) of Parcollet & Waintal (2006) are typed here, independently of the
    solver; with every lead at one chemical potential the rates of Eqs. (17)-(21) obey detailed
    balance, so the steady state of Eq. (16)'s master equation must be the Gibbs state.

    Examples
    --------
    >>> r = gibbs_check()
    >>> r["gibbs_deviation"] < 1e-12, r["n_states_1000"]
    (True, 4003)
    """
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
    """The numbers the page quotes for :func:`demo_grain`: how polarised ``u`` stays, and the TMR.

    Parameters
    ----------
    bias : float
        ``mu_L`` of the left lead, units of ``kappa``.

    Returns
    -------
    dict
        ``"u_min"``: the smaller of the steady-state means of ``u = S_z/S`` with the lead parallel
        (``theta = 0``) and antiparallel (``theta = pi``), in ``[-1, 1]``; ``"tmr"``: ``I(0) - I(pi)``,
        the current from the left lead (Eq. (16)), units ``e kappa/hbar``.

    Notes
    -----
    Sec. III and the right panel of Fig. 3 of Parcollet & Waintal (2006): at ``u = +1`` only
    spin-down electrons enter a minority level, so the TMR is negative.

    Examples
    --------
    >>> {k: round(v, 6) for k, v in demo_numbers(bias=3.0).items()}
    {'u_min': 1.0, 'tmr': -0.292683}
    """
    demo = {ang: demo_grain(bias=bias, angle=ang) for ang in (0.0, np.pi)}
    mean_u = [float(np.sum(np.prod(spin_distribution(params=p), axis=0))) for p in demo.values()]
    tmr = lead_currents(params=demo[0.0])[0] - lead_currents(params=demo[np.pi])[0]
    return {"u_min": min(mean_u), "tmr": float(tmr)}


def tmr_data(*, spin=20, temperature=0.05, n=121):
    """Current from the left lead of :func:`demo_grain` against bias, lead parallel and antiparallel.

    Parameters
    ----------
    spin : float
        ``S_0``, half-integer ``>= 1/2``.
    temperature : float
        ``k_B T / kappa >= 0``.
    n : int
        Number of biases, ``>= 1``, evenly spaced on ``[-3 kappa, 3 kappa]``.

    Returns
    -------
    dict
        ``"bias"``: ``mu_L``, shape (n,), units of ``kappa``; ``"I_P"``, ``"I_AP"``: steady-state
        current from the left lead (Eq. (16)) for ``theta = 0`` and ``pi``, shape (n,), units
        ``e kappa/hbar``.

    Notes
    -----
    The master-equation figure of the page, after Sec. III and Fig. 3 of Parcollet & Waintal (2006).

    Examples
    --------
    >>> d = tmr_data(spin=2, n=3)
    >>> d["bias"].tolist(), round(float(d["I_P"][-1]), 6), round(float(d["I_AP"][-1]), 6)
    ([-3.0, 0.0, 3.0], 0.16, 0.4)
    """
    bias = np.linspace(-3.0, 3.0, n)
    cur = {ang: np.array([lead_currents(params=demo_grain(spin=spin, bias=b, angle=ang,
                                                          temperature=temperature))[0] for b in bias])
           for ang in (0.0, np.pi)}
    return {"bias": bias, "I_P": cur[0.0], "I_AP": cur[np.pi]}


# ----------------------------------------------------------------------------- large-spin limit
def concentration_data(*, rates=WIDE_SP, bias=30.0, field=-12.0, spins=(5, 20, 100, 1000), temperature=0.5):
    """Steady-state densities of ``u`` for several ``S_0`` and the NMD fixed points.

    Parameters
    ----------
    rates : NMDRates
        Lead rates, units ``8 S_0 alpha_B kappa / hbar`` (default :data:`WIDE_SP`).
    bias, field : float
        ``v = mu_L/kappa`` and ``h/(2 kappa)`` of the reduced model.
    spins : sequence of float
        ``S_0`` values, half-integers ``>= 1/2``; the last one also gives the fixed points.
    temperature : float
        ``k_B T / kappa >= 0``.

    Returns
    -------
    densities : dict
        ``S_0 -> (u, density, mean)``: the grid ``u = S_z/S_0`` of the ``N``-electron states, shape
        ``(2 S_0 + 1,)``; the probability density of ``u`` there (both charge states), same shape;
        the steady-state mean of ``u`` (float).
    fixed_points : ndarray, shape (k,)
        Fixed points of the NMD drift, Eq. (24b), for ``S_0 = spins[-1]``, increasing, in ``[-1, 1]``.
    stable : ndarray of bool, shape (k,)
        Their stability.

    Notes
    -----
    Beyond Parcollet & Waintal (2006): at fixed reduced parameters (the units of the caption of its
    Fig. 6; grain of :func:`~spinlib.nanomagnet.reduced.grain_for_reduced`) the master equation
    concentrates on the stable fixed point of Eq. (24b) as ``S_0`` grows.

    Examples
    --------
    >>> dens, fp, stable = concentration_data(spins=(5, 20))
    >>> round(dens[20][2], 4), np.round(fp, 4).tolist(), stable.tolist()
    (-0.4889, [-1.0, -0.4267, 1.0], [False, True, False])
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
    """``D(u)`` with the lead part as printed in Eq. (35c) of P&W (for the erratum display).

    Parameters
    ----------
    u : array_like
        ``u = S_z/S_0`` in ``[-1, 1]``.
    params : Nanomagnet
        The grain; the printed lead part is evaluated for a majority level (``eta = 1``), as in the
        grains of :func:`~spinlib.nanomagnet.reduced.grain_for_reduced`.

    Returns
    -------
    ndarray
        ``D >= 0``, shape of ``u``, rate unit (``kappa/hbar`` when ``kappa = 1``): the printed lead
        part (:func:`spinlib.nanomagnet.derivation.printed_diffusion`) plus
        :func:`~spinlib.nanomagnet.nmd.bath_diffusion`.

    Notes
    -----
    Eqs. (24c), (35c) of Parcollet & Waintal (2006); the derived ``D``
    (:func:`~spinlib.nanomagnet.nmd.nmd_diffusion`) differs by a term ``~ q (1 - u^2)^2``, so both
    agree at the poles.

    Examples
    --------
    >>> p = grain_for_reduced(params=WIDE_SP, spin=100, bias=30.0, field=-12.0, temperature=0.5)
    >>> round(float(printed_diffusion(-0.4, params=p)), 6), round(float(nmd_diffusion(-0.4, params=p)), 6)
    (0.022103, 0.019261)
    """
    fu, fd = channel_functions(u, params=params)
    g = params.rates_z()
    lead = _printed_lead_diffusion()(u, fu, fd, g[:, 0].sum(), g[:, 1].sum(), params.spin, 1)
    return lead + bath_diffusion(u, params=params)


def drift_diffusion_data(*, rates=WIDE_SP, bias=30.0, field=-12.0, temperature=0.5, spin=1000):
    """NMD drift ``R(u)``, derived diffusion ``D(u)`` and the printed ``D`` of Eq. (35c).

    Parameters
    ----------
    rates : NMDRates
        Lead rates, units ``8 S_0 alpha_B kappa / hbar`` (default :data:`WIDE_SP`).
    bias, field : float
        ``v = mu_L/kappa`` and ``h/(2 kappa)`` of the reduced model.
    temperature : float
        ``k_B T / kappa >= 0``.
    spin : float
        ``S_0``, half-integer ``>= 1/2``.

    Returns
    -------
    dict
        ``"u"``: 401 points on ``[-1, 1]``; ``"R"`` (:func:`~spinlib.nanomagnet.nmd.nmd_drift`),
        ``"D"`` (:func:`~spinlib.nanomagnet.nmd.nmd_diffusion`) and ``"D_printed"``
        (:func:`printed_diffusion`) there, shape (401,), units ``kappa/hbar``.

    Notes
    -----
    Eqs. (24b), (24c) and (35c) of Parcollet & Waintal (2006): the drift-diffusion figure.

    Examples
    --------
    >>> d = drift_diffusion_data(spin=10)
    >>> d["u"].shape, [round(float(d[k][200]), 6) for k in ("R", "D", "D_printed")]  # u = 0
    ((401,), [-0.005333, 0.020852, 0.022667])
    """
    p = grain_for_reduced(params=rates, spin=spin, bias=bias, field=field, temperature=temperature)
    u = np.linspace(-1, 1, 401)
    return {"u": u, "R": nmd_drift(u, params=p), "D": nmd_diffusion(u, params=p),
            "D_printed": printed_diffusion(u, params=p)}


def variance_check(*, rates=WIDE_SP, bias=30.0, field=-12.0, temperature=0.5, spins=(100, 1000, 4000)):
    """Width of the master equation's steady state about the NMD fixed point vs Fokker-Planck.

    Parameters
    ----------
    rates : NMDRates
        Lead rates, units ``8 S_0 alpha_B kappa / hbar`` (default :data:`WIDE_SP`).
    bias, field : float
        ``v = mu_L/kappa`` and ``h/(2 kappa)`` of the reduced model; they must give a stable interior
        (spin-precession) fixed point.
    temperature : float
        ``k_B T / kappa >= 0``.
    spins : sequence of float
        ``S_0`` values, half-integers ``>= 1/2``.

    Returns
    -------
    dict
        ``S_0 -> {"mean", "u_star", "var", "derived", "printed"}`` (floats): mean and variance of
        ``u`` in the master equation's steady state, the stable interior fixed point ``u*`` of
        Eq. (24b), and the Fokker-Planck variance ``D(u*) / (S_0 |R'(u*)|)`` with the derived and the
        printed ``D``.

    Notes
    -----
    The table of the erratum to Eqs. (24c), (35c) of Parcollet & Waintal (2006): the master equation
    follows the derived ``D``.

    Examples
    --------
    >>> {k: round(v, 5) for k, v in variance_check(spins=(100,))[100].items()}
    {'mean': -0.44131, 'u_star': -0.42674, 'var': 0.01322, 'derived': 0.01336, 'printed': 0.01539}
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
    """Phase codes of the reduced model on an ``n x n`` grid (rows: field, columns: bias).

    Parameters
    ----------
    rates : NMDRates
        Lead rates, units ``8 S_0 alpha_B kappa / hbar`` (hashable: the result is cached).
    n : int
        Points per axis, ``>= 1``.
    bias_range, field_range : (float, float)
        Ends of the reduced bias ``v`` and field ``h`` axes (default the window of Fig. 6).

    Returns
    -------
    ndarray of int, shape (n, n)
        Bit masks ``MINUS | SP | PLUS`` of :data:`~spinlib.nanomagnet.reduced.NMD_PHASE_LABELS`
        (:func:`~spinlib.nanomagnet.reduced.reduced_classify`); field increases down the rows, bias
        along the columns.

    Notes
    -----
    The phase diagrams of Fig. 6 of Parcollet & Waintal (2006), Eqs. (50)-(52).

    Examples
    --------
    >>> phase_grid(FIG6_UPPER_RIGHT, 3).tolist()  # 1: u = -1 stable, 4: u = +1 stable
    [[1, 1, 1], [1, 1, 4], [4, 4, 4]]
    """
    v = np.linspace(*bias_range, n)
    h = np.linspace(*field_range, n)
    V, H = np.meshgrid(v, h)
    return reduced_classify(bias=V, field=H, params=rates)


def fixed_point_data(*, bias, field, rate_set):
    """``du/dt`` of the reduced model against ``u`` at one point, with its fixed points.

    Parameters
    ----------
    bias, field : float
        ``v`` and ``h`` of the reduced model.
    rate_set : str
        A panel of Fig. 6, key of :data:`FIG6_SETS`: ``"upper left"``, ``"upper right"`` or
        ``"lower left"``.

    Returns
    -------
    dict
        ``"u"``: 401 points on ``[-1, 1]``; ``"udot"``: ``du/dt`` of Eq. (50) there, shape (401,),
        units ``2 alpha_B kappa / hbar``; ``"pts"``, ``"stable"``: the fixed points, shape (k,),
        increasing, and their stability (bool).

    Notes
    -----
    Eq. (50) of Parcollet & Waintal (2006) with the rate sets of its Fig. 6 (the NMD explorer).

    Examples
    --------
    >>> d = fixed_point_data(bias=5.0, field=-4.15, rate_set="upper right")
    >>> np.round(d["pts"], 4).tolist(), d["stable"].tolist()
    ([-1.0, -0.85, -0.7032, 0.8532, 1.0], [True, False, True, False, True])
    """
    rates = FIG6_SETS[rate_set]
    u = np.linspace(-1, 1, 401)
    pts, stable = reduced_fixed_points(bias=bias, field=field, params=rates)
    return {"u": u, "udot": reduced_udot(u, bias=bias, field=field, params=rates), "pts": pts,
            "stable": stable}


def hysteresis_data(*, rates=FIG6_UPPER_RIGHT, field=-4.1, bias=5.5, n=301):
    """Sweeps of Fig. 8 of P&W: ``I(v)`` from ``u = +1`` and ``u = -1``, and ``I(h)``.

    Parameters
    ----------
    rates : NMDRates
        Lead rates, units ``8 S_0 alpha_B kappa / hbar`` (default the upper right set of Fig. 6).
    field : float
        Reduced field ``h`` of the bias sweeps.
    bias : float
        Reduced bias ``v`` of the field sweep.
    n : int
        Points per sweep direction, ``>= 2``.

    Returns
    -------
    dict
        ``"bias"``: ``v`` from 3.5 up to 7 and back, shape (2n,); ``"field"``: ``h`` from -4.6 up to
        -3.6 and back, shape (2n,); ``"I_v_from_+1"``, ``"I_v_from_-1"``: the bias sweeps from
        ``u = +1`` and ``u = -1``, ``"I_h"``: the field sweep from ``u = -1``
        (:class:`~spinlib.nanomagnet.reduced.ReducedSweep`, current in units
        ``e 8 S_0 alpha_B kappa / hbar``); ``"jump_up"``: the bias where the current from ``u = -1``
        first rises on the way up, ``"jump_down"``: where it falls back on the way down (floats);
        ``"plus_stable_from"``: the lowest bias above which ``u = +1`` is stable at ``field``
        (float, from :func:`~spinlib.nanomagnet.reduced_classify` on a 0.001 grid).

    Notes
    -----
    Fig. 8 of Parcollet & Waintal (2006); the current is its Eq. (37), corrected.

    Examples
    --------
    >>> d = hysteresis_data(n=5)
    >>> d["jump_up"], np.round(d["I_v_from_-1"].u, 4).tolist()
    (5.25, [-1.0, -1.0, -0.5844, -0.5844, -0.5844, -0.5844, -0.5844, -0.5844, -1.0, -1.0])
    """
    v = np.linspace(3.5, 7.0, n)
    vv = np.concatenate([v, v[::-1]])
    hh = np.linspace(-4.6, -3.6, n)
    hh = np.concatenate([hh, hh[::-1]])
    out = {"bias": vv, "field": hh}
    for start in (1.0, -1.0):
        out[f"I_v_from_{start:+.0f}"] = reduced_sweep(bias=vv, field=field, params=rates, u_start=start)
    out["I_h"] = reduced_sweep(bias=bias, field=hh, params=rates, u_start=-1.0)
    out["jump_up"] = float(vv[:n][np.argmax(np.diff(out["I_v_from_-1"].current[:n]) > 0) + 1])
    back = out["I_v_from_-1"].current[n:]
    out["jump_down"] = float(vv[n:][np.argmax(np.diff(back) < 0) + 1])
    # below this bias u = +1 is not stable at this field (a fine scan of the exact classification)
    scan = np.linspace(-10.0, 12.0, 22001)
    plus = (reduced_classify(bias=scan, field=field, params=rates) & PLUS) > 0
    out["plus_stable_from"] = float(scan[np.nonzero(~plus)[0].max() + 1])
    return out


def hysteresis_table(*, rates_name="upper right", bias=5.5, n=161):
    """Precomputed sweeps of the hysteresis explorer, for every field stop.

    Parameters
    ----------
    rates_name : str
        A panel of Fig. 6, key of :data:`FIG6_SETS`.
    bias : float
        Reduced bias ``v`` of the field loop.
    n : int
        Points per sweep direction, ``>= 1``.

    Returns
    -------
    dict
        ``"bias"``: ``v`` from 3.5 up to 7 and back, shape (2n,); ``"stops"``: the fields -4.6 to
        -3.6 in steps of 0.05, shape (21,); ``"table"``: ``h -> (I from u = +1, I from u = -1)`` along
        ``"bias"``, each shape (2n,); ``"field"``: ``h`` from -4.6 up to -3.6 and back, shape (2n,);
        ``"I_h"``: the current of the field loop from ``u = -1``, shape (2n,). Currents in units
        ``e 8 S_0 alpha_B kappa / hbar``.

    Notes
    -----
    The loops of Fig. 8 of Parcollet & Waintal (2006) (Eq. (37), corrected), for the explorer.

    Examples
    --------
    >>> t = hysteresis_table(n=3)
    >>> len(t["table"]), np.round(t["table"][-4.1][1], 4).tolist()
    (21, [2.6667, 3.3156, 3.3156, 3.3156, 3.3156, 2.6667])
    """
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
    """Lead-induced damping against temperature: exact linear response and high-``T`` limit.

    Parameters
    ----------
    spin : float
        ``S_0``, half-integer ``>= 1/2``.
    q : float
        Polarisation of the one lead, ``Gamma^{U,D} = Gamma (1 +- q)/2`` with ``Gamma = kappa/hbar``;
        in ``[-1, 1]``.
    level : float
        ``epsilon`` from the lead's chemical potential, units of ``kappa``.

    Returns
    -------
    dict
        ``"T"``: 80 temperatures ``k_B T/kappa`` from 0.05 to 50 (geometric); ``"exact"``: ``S_0``
        times the linear-response damping of Eq. (53) at ``u = 0``; ``"high_t"``: ``S_0`` times its
        derived high-temperature limit ``Gamma (1 - q^2) / (32 T S_0)``; shape (80,), dimensionless
        (:func:`~spinlib.nanomagnet.nmd.lead_damping`).

    Notes
    -----
    Eqs. (53)-(54) of Parcollet & Waintal (2006); the printed Eq. (54) has 16 for 32 (erratum).

    Examples
    --------
    >>> d = zero_bias_data(spin=100)
    >>> d["T"].shape, round(float(d["exact"][-1] / d["high_t"][-1]), 4)
    ((80,), 0.9996)
    """
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
    """Telegraph switching of :func:`telegraph_grain`: master equation and stochastic NMD.

    Parameters
    ----------
    biases : sequence of float
        ``mu_L`` values, units of ``kappa``.
    spin : float
        ``S_0``, half-integer ``>= 1/2``.
    temperature : float
        ``k_B T / kappa >= 0``.
    t_end : float
        Duration, ``> 0``, units ``hbar/kappa``.
    seed : int
        Seed of both trajectories (reproducible).

    Returns
    -------
    dict
        ``bias -> {"t", "u", "up_fraction", "t_nmd", "u_nmd", "fixed_points", "exact_up_fraction"}``:
        the master equation's jump times and ``u`` after each jump (Gillespie, shape (n_t,)), the
        fraction of time with ``u > 0`` along that one trajectory (in ``[0, 1]``), the stochastic NMD
        trajectory from ``u = +1`` (shape (20001,) each), ``(u, stable)`` of
        :func:`~spinlib.nanomagnet.nmd.nmd_fixed_points`, and the exact stationary probability of
        ``u > 0`` (:func:`steady_state`, both charge states), which the trajectory's fraction
        estimates.

    Notes
    -----
    Beyond Parcollet & Waintal (2006): the rates of Eqs. (17)-(21) sampled exactly, against Eq. (24a)
    (Ito), which stays at the pole.

    Examples
    --------
    >>> tel = telegraph_data(biases=(3.0,), spin=4, t_end=1e3)[3.0]
    >>> round(tel["up_fraction"], 4), float(tel["u_nmd"][-1]), tel["t_nmd"].shape
    (0.9971, 1.0, (20001,))
    """
    out = {}
    for b in biases:
        p = telegraph_grain(bias=b, spin=spin, temperature=temperature)
        tr = simulate_master(params=p, t_end=t_end, u0=1.0, seed=seed)
        up_time = float(np.sum(np.diff(tr.t) * (tr.u[:-1] > 0)) / tr.t[-1])
        lang = simulate_nmd(1.0, params=p, t_end=t_end, n_steps=20000, seed=seed)
        u, prob = spin_distribution(params=p)
        out[b] = {"t": tr.t, "u": tr.u, "up_fraction": up_time, "t_nmd": lang.t, "u_nmd": lang.u,
                  "fixed_points": nmd_fixed_points(params=p), "exact_up_fraction": float(prob[u > 0].sum())}
    return out


# ----------------------------------------------------------------------------- several levels
def spectroscopy_data(*, n_bias=101, n_gate=51, spin=3, exchange=0.4):
    """Currents over (gate, bias) of :func:`spectroscopy_grain`, lead parallel and antiparallel.

    Parameters
    ----------
    n_bias : int
        Biases ``mu_L``, ``>= 2``, evenly spaced on ``[0, 6 kappa]``.
    n_gate : int
        Gates ``V_g``, ``>= 1``, evenly spaced on ``[0, 3 kappa]``.
    spin : float
        ``S_0`` of the ground configuration, half-integer ``>= 1/2``.
    exchange : float
        ``J`` of Eq. (1c), units of ``kappa``, ``>= 0``.

    Returns
    -------
    dict
        ``"biases"`` (n_bias,), ``"gates"`` (n_gate,), units of ``kappa``; ``"I_P"``, ``"I_AP"``:
        current from the left lead for ``theta = 0`` and ``pi``, shape (n_gate, n_bias), units
        ``e kappa/hbar``; ``"dIdV"``: ``dI_P/d mu_L``, same shape, units ``e/hbar``.

    Notes
    -----
    In the spirit of Fig. 3 (Sec. III) of Parcollet & Waintal (2006).

    Examples
    --------
    >>> d = spectroscopy_data(n_bias=3, n_gate=2)
    >>> d["I_P"].shape, round(float(d["I_P"][0, -1] - d["I_AP"][0, -1]), 6)
    ((2, 3), -0.287663)
    """
    biases = np.linspace(0.0, 6.0, n_bias)
    gates = np.linspace(0.0, 3.0, n_gate)
    cur = {ang: multilevel_current_map(params=spectroscopy_grain(angle=ang, spin=spin, exchange=exchange),
                                       biases=biases, gates=gates) for ang in (0.0, np.pi)}
    return {"biases": biases, "gates": gates, "I_P": cur[0.0], "I_AP": cur[np.pi],
            "dIdV": np.gradient(cur[0.0], biases, axis=1)}


# ----------------------------------------------------------------------------- errata and checks
def bath_scaling_check(*, spins=(20, 80, 320), u=0.25, field=0.5, temperature=0.1):
    """Drift of the bath term of Eq. (21) against the Gilbert term of Eq. (24b) of P&W.

    Parameters
    ----------
    spins : tuple of int
        ``S_0`` values.
    u : float
        ``u = S_z / S_0`` of the ``N``-electron state where the drift is taken (``u S_0`` rounded).
    field, temperature : float
        ``h`` and ``k_B T`` (units of ``kappa``).

    Returns
    -------
    dict
        ``S_0 -> {"book": ..., "printed": ...}``: the mean ``du/dt`` of the master equation's bath
        jumps divided by ``alpha_B (1 - u^2)(h + 2 kappa u)`` (Eq. (24b)), with the bath rate
        normalised as in :mod:`spinlib.nanomagnet.master` (``pi g_B^2 rho_B(E) = (alpha_B / S_0)
        E (1 + n_B(E))``, i.e. ``g_B^2 = O(Gamma / S_m^2)``; ratio ``1 + O(1/S_0)``), and with the
        scaling printed below Eq. (28), ``g_B^2 = O(Gamma / S_m)`` (``pi g_B^2 rho_B' = alpha_B``
        without the ``1/S_0``: the same ratio times ``S_0``, so the bath would dominate the leads by a
        factor ``S_0``).

    Notes
    -----
    The drift is read from the master equation's generator (:func:`generator`, leads far below the
    level so that no electron enters): ``sum_f Q[f, i] (S_z^f - S_z^i) / S_0``. The matrix elements
    ``|<S_z +- 1|S^+-|S_z>|^2 = S(S+1) - S_z(S_z +- 1) ~ S_0^2 (1 - u^2)`` carry two powers of
    ``S_0``; one is used by the step ``1/S_0`` of ``u``, the other must come from ``g_B^2``.

    Examples
    --------
    >>> r = bath_scaling_check(spins=(20,))
    >>> round(r[20]["printed"], 1), round(r[20]["book"], 3)
    (21.8, 1.092)
    """
    out = {}
    for s0 in spins:
        p = Nanomagnet(spin=s0, anisotropy=1.0, field=field, level=0.0, temperature=temperature, damping=1.0,
                       leads=(Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=-1e3),))
        q = generator(params=p)
        charge, sz = state_table(params=p)
        m = round(u * s0)
        i = int(np.nonzero((charge == 0) & (sz == m))[0][0])
        col = q[:, i].toarray().ravel()
        col[i] = 0.0
        drift = float(col @ (sz - sz[i])) / s0
        uu = m / s0
        book = drift / (p.damping * (1 - uu**2) * (field + 2 * p.anisotropy * uu))
        out[s0] = {"book": book, "printed": s0 * book}
    return out


def underflow_check(*, spin=1000, field=0.5, temperature=0.05, damping=0.01):
    """How many probabilities of a metastable grain fall below the float range.

    Parameters
    ----------
    spin : float
        ``S_0``.
    field, temperature, damping : float
        ``h``, ``k_B T`` (units of ``kappa``) and ``alpha_B``; default leads of
        :class:`~spinlib.nanomagnet.Nanomagnet`.

    Returns
    -------
    dict
        ``"zero_fraction"``: fraction of the states whose :func:`steady_state` probability is 0
        (below ``~1e-308``); ``"min_log10"``: the smallest ``log10 P`` from
        :func:`log_steady_state`; ``"n_states"``.

    Examples
    --------
    >>> r = underflow_check(spin=200)
    >>> r["zero_fraction"] > 0.5, r["min_log10"] < -308
    (True, True)
    """
    p = Nanomagnet(spin=spin, field=field, temperature=temperature, damping=damping)
    prob = steady_state(params=p)
    logp = log_steady_state(params=p)
    return {"zero_fraction": float(np.mean(prob == 0.0)), "min_log10": float(logp.min() / np.log(10.0)),
            "n_states": int(prob.size)}


def figure_features():
    """Checkable features of Figs. 6-8 of P&W, computed from the exact classification.

    Returns
    -------
    dict
        ``"hmax_printed"``, ``"hmax_grid"``: the upper field of the (-1,SP,+1) region of the lower
        left set, from the formula of Sec. V.2 and from :func:`reduced_classify` on a 0.001 grid;
        ``"minus_sp_bias"``: ``(lowest, highest)`` bias where (-1,SP) occurs for the upper right set
        (bias step 0.1, field step 0.01 over ``h`` in [-10, 4]); ``"all_open_bias"``: bias above
        which every channel is open at every ``u`` in that field range (``v > |h| + 1``);
        ``"plus_line_high_bias"``, ``"plus_line_eq47"``: the field below which ``u = +1`` turns
        unstable at ``v = 12`` (upper right), from the classification and from Eq. (47) with
        ``I = Theta``.

    Examples
    --------
    >>> f = figure_features()
    >>> bool(abs(f["hmax_grid"] - f["hmax_printed"]) < 2e-3)
    True
    """
    q_ll, th_ll = torque_asymmetry(params=FIG6_LOWER_LEFT), theta_all_open(params=FIG6_LOWER_LEFT)
    hmax = (1 - 2 * np.sqrt(q_ll * th_ll)) / q_ll
    # the (-1,SP,+1) region lies below -2 in field: a 0.001 field grid there
    v, h = np.meshgrid(np.linspace(-10.0, 12.0, 221), np.arange(-6.0, -2.0 + 1e-9, 0.001))
    code = reduced_classify(bias=v, field=h, params=FIG6_LOWER_LEFT)
    three = code == (MINUS | SP | PLUS)
    hmax_grid = float(h[three].max())
    v, h = np.meshgrid(np.linspace(-10.0, 12.0, 221), np.arange(-10.0, 4.0 + 1e-9, 0.01))
    code = reduced_classify(bias=v, field=h, params=FIG6_UPPER_RIGHT)
    msp = code == (MINUS | SP)
    q, th = torque_asymmetry(params=FIG6_UPPER_RIGHT), theta_all_open(params=FIG6_UPPER_RIGHT)
    hh = np.arange(-10.0, 4.0 + 1e-9, 0.001)
    plus = (reduced_classify(bias=12.0, field=hh, params=FIG6_UPPER_RIGHT) & PLUS) > 0
    return {"hmax_printed": float(hmax), "hmax_grid": hmax_grid,
            "minus_sp_bias": (float(v[msp].min()), float(v[msp].max())),
            "all_open_bias": 1.0 + max(abs(FIELD_RANGE[0]), abs(FIELD_RANGE[1])),
            "plus_line_high_bias": float(hh[np.nonzero(~plus)[0].max() + 1]),
            "plus_line_eq47": float(-1.0 - th / (1.0 + q))}


def activation_comparison(*, barrier=6.0, spins=(20, 80, 320), field=0.0, damping=0.01):
    """Switching rate of the master equation against the activation chapter's escape time.

    Parameters
    ----------
    barrier : float
        ``sigma = kappa S_0 / k_B T``, the zero-field barrier in units of ``k_B T`` (the temperature
        is set to ``kappa S_0 / sigma`` for each ``S_0``).
    spins : tuple of int
        ``S_0`` values.
    field : float
        Reduced field ``h_a = h / 2 kappa`` of :mod:`spinlib.activation` (``|h_a| < 1``).
    damping : float
        ``alpha_B``.

    Returns
    -------
    dict
        ``S_0 -> {"rate_master", "rate_activation", "ratio"}``: the slowest relaxation rate of the
        master equation (smallest non-zero ``|eigenvalue|`` of :func:`generator`, bath only, leads
        empty) and ``1/tau_P + 1/tau_AP`` from :func:`spinlib.activation.escape_time`
        (``method="exact"``) with Brown's time ``tau_N = S_0 / (2 alpha_B k_B T)`` (units
        ``hbar/kappa``), and their ratio.

    Notes
    -----
    The bath part of the NMD equation at ``k_B T >> kappa`` is Brown's Fokker-Planck equation in
    ``u = cos theta``: drift ``alpha_B (1 - u^2)(h + 2 kappa u)``, diffusion ``alpha_B k_B T (1 - u^2)
    / S_0``, the energy ``-kappa S_0 u^2 - h S_0 u = k_B T sigma (sin^2 theta - 2 h_a cos theta)``
    up to a constant, so ``1 / 2 tau_N = alpha_B k_B T / S_0``. The two rates agree up to the
    ``O(1/S_0)`` terms the NMD equation drops.

    Examples
    --------
    >>> r = activation_comparison(spins=(20,))
    >>> 0.8 < r[20]["ratio"] < 1.2
    True
    """
    out = {}
    for s0 in spins:
        t = s0 / barrier
        empty = Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=-1e3 * max(t, 1.0))
        p = Nanomagnet(spin=s0, anisotropy=1.0, field=2.0 * field, level=0.0, temperature=t, damping=damping,
                       leads=(empty,))
        charge, _ = state_table(params=p)
        keep = np.nonzero(charge == 0)[0]  # the N-electron sector: no electron can enter
        q = generator(params=p).tocsr()[keep][:, keep].toarray()
        # a birth-death chain in S_z with detailed balance: symmetrised, it is a symmetric
        # tridiagonal matrix with the same eigenvalues (0 and -rate_me the two largest)
        up, down = np.diag(q, -1), np.diag(q, 1)  # rates S_z -> S_z + 1 and S_z + 1 -> S_z
        ev = eigh_tridiagonal(np.diag(q), np.sqrt(up * down), eigvals_only=True, select="i",
                              select_range=(keep.size - 2, keep.size - 1))
        rate_me = float(-ev[0])
        tau_n = s0 / (2.0 * damping * t)
        taus = [escape_time(barrier=barrier, field=field, initial=w, method="exact") for w in ("P", "AP")]
        rate_act = float(sum(1.0 / (tau_n * tau) for tau in taus))
        out[s0] = {"rate_master": rate_me, "rate_activation": rate_act, "ratio": rate_me / rate_act}
    return out
