"""Presets and studies of the nanomagnet chapter: the rate sets of Parcollet & Waintal (2006), the
grains of the chapter's figures, and the numbers the page quotes (each computed here once, from the physics
modules and the SymPy derivation; :mod:`spinlib.nanomagnet.figures` only draws them). The zero-bias
damping and the telegraph noise are in :mod:`spinlib.nanomagnet.studies_noise`, re-exported here.
"""

from __future__ import annotations

from functools import lru_cache

import mpmath
import numpy as np

from .grain import Lead, Nanomagnet
from .master import (
    generator,
    lead_currents,
    spin_distribution,
    state_table,
    steady_state,
)
from .multilevel import Level, MultiLevelGrain, multilevel_current_map
from .reduced import (
    PLUS,
    NMDRates,
    reduced_classify,
    reduced_fixed_points,
    reduced_sweep,
    reduced_udot,
)
from .studies_noise import telegraph_data, telegraph_grain, zero_bias_data  # noqa: F401 - re-exported

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
    "spectroscopy_grain",
    "gibbs_check",
    "demo_numbers",
    "tmr_data",
    "phase_grid",
    "fixed_point_data",
    "hysteresis_data",
    "hysteresis_table",
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


def _tmr_leads(angle, bias=0.0):
    """The lead pair of Sec. III: polarised left (``Gamma^U = 1``, ``Gamma^D = 0.25``), normal right."""
    return (Lead(rate_majority=1.0, rate_minority=0.25, angle=angle, chemical_potential=bias),
            Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=0.0))


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
                      temperature=temperature, damping=0.05, leads=_tmr_leads(angle, bias))


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
                           temperature=0.04, damping=0.05, leads=_tmr_leads(angle))


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


# ----------------------------------------------------------------------------- reduced model
def _up_and_back(lo, hi, n):
    """``n`` evenly spaced points from ``lo`` up to ``hi``, then the same points back down (2n,)."""
    x = np.linspace(lo, hi, n)
    return np.concatenate([x, x[::-1]])


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
    vv, hh = _up_and_back(3.5, 7.0, n), _up_and_back(-4.6, -3.6, n)
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
    vv = _up_and_back(3.5, 7.0, n)
    stops = np.round(np.arange(-4.6, -3.6 + 1e-9, 0.05), 2)
    table = {float(f): (reduced_sweep(bias=vv, field=f, params=rates, u_start=1.0).current,
                        reduced_sweep(bias=vv, field=f, params=rates, u_start=-1.0).current) for f in stops}
    hh2 = _up_and_back(-4.6, -3.6, n)
    ih = reduced_sweep(bias=bias, field=hh2, params=rates, u_start=-1.0).current
    return {"bias": vv, "stops": stops, "table": table, "field": hh2, "I_h": ih}


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

