"""Checks and limits of the nanomagnet chapter: the large-spin limit of the master equation (densities,
drift and diffusion, variance against the printed Eq. (26) of Parcollet & Waintal), the errata the page
boxes, the checkable features of the paper's Figs. 6-8 and the comparison with chapter 5's activation.

Split from :mod:`spinlib.nanomagnet.studies` (whose presets it uses) to keep each module readable.
"""

from __future__ import annotations

from functools import cache

import numpy as np
from scipy.linalg import eigh_tridiagonal

from ..activation import escape_time, relaxation_rate
from . import derivation
from .grain import Lead, Nanomagnet
from .master import (
    generator,
    log_steady_state,
    spin_distribution,
    state_table,
    steady_state,
)
from .nmd import (
    bath_diffusion,
    channel_functions,
    nmd_diffusion,
    nmd_drift,
    nmd_fixed_points,
)
from .reduced import (
    MINUS,
    PLUS,
    SP,
    grain_for_reduced,
    reduced_classify,
    theta_all_open,
    torque_asymmetry,
)
from .studies import FIELD_RANGE, FIG6_LOWER_LEFT, FIG6_UPPER_RIGHT, WIDE_SP

__all__ = [
    "concentration_data",
    "printed_diffusion",
    "drift_diffusion_data",
    "variance_check",
    "bath_scaling_check",
    "underflow_check",
    "figure_features",
    "activation_comparison",
]


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
    """Switching rate of the master equation against the activation chapter's Fokker-Planck rate.

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
        ``S_0 -> {"rate_master", "rate_activation", "rate_escape", "ratio"}``: the slowest
        relaxation rate of the master equation (smallest non-zero ``|eigenvalue|`` of
        :func:`generator`, bath only, leads empty); the same eigenvalue of Brown's Fokker-Planck
        operator, :func:`spinlib.activation.relaxation_rate` ``/ tau_N`` with Brown's time
        ``tau_N = S_0 / (2 alpha_B k_B T)`` (units ``hbar/kappa``); the sum of the two escape rates
        ``1/tau_P + 1/tau_AP`` of :func:`spinlib.activation.escape_time` (``method="exact"``), which
        equals that eigenvalue only up to terms ``~ e^{-sigma Delta u}`` of the shallower well; and
        ``rate_master / rate_activation``.

    Notes
    -----
    The bath part of the NMD equation at ``k_B T >> kappa`` is Brown's Fokker-Planck equation in
    ``u = cos theta``: drift ``alpha_B (1 - u^2)(h + 2 kappa u)``, diffusion ``alpha_B k_B T (1 - u^2)
    / S_0``, the energy ``-kappa S_0 u^2 - h S_0 u = k_B T sigma (sin^2 theta - 2 h_a cos theta)``
    up to a constant, so ``1 / 2 tau_N = alpha_B k_B T / S_0``. Eigenvalue against eigenvalue, the
    two rates agree up to the ``O(1/S_0)`` terms the NMD equation drops, at any barrier and field.

    Examples
    --------
    >>> r = activation_comparison(spins=(20,))
    >>> 0.8 < r[20]["ratio"] < 1.0
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
        rate_fp = float(relaxation_rate(barrier=barrier, field=field)) / tau_n
        taus = [escape_time(barrier=barrier, field=field, initial=w, method="exact") for w in ("P", "AP")]
        rate_esc = float(sum(1.0 / (tau_n * tau) for tau in taus))
        out[s0] = {"rate_master": rate_me, "rate_activation": rate_fp, "rate_escape": rate_esc,
                   "ratio": rate_me / rate_fp}
    return out
