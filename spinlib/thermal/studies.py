"""Studies of the finite-temperature chapter: presets, the numbers the pages quote and the sweeps
the figures draw. The checks between methods (ensembles, Fokker-Planck, chapter 5's quadrature,
chapter 1's integrator) are in :mod:`spinlib.thermal.studies_checks`.

Reduced units of :mod:`spinlib.thermal.model`. Every stochastic number is reproducible from the
seed stated here; tests/thermal asserts the numbers the pages glue from these functions.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .asymptotic import (
    precessional_growth_rate,
    precessional_switching_probability,
    thermal_switching_probability,
)
from .extraction import fit_precessional, fit_thermal
from .fokker_planck import (
    median_switching_time,
    write_error_rate,
)
from .model import (
    ThermalMacrospin,
    attempt_time,
    barrier,
    critical_current,
    escape_time,
    free_diffusion_time,
    neel_brown_time,
    retention_time,
    stability_factor,
)

__all__ = [
    "PRESET",
    "DELTA",
    "TEMPERATURE",
    "SEED",
    "temperature_for",
    "neel_brown_table",
    "exponent_table",
    "wer_curves",
    "extraction_precessional",
    "extraction_thermal",
    "explorer_grid",
    "retention_numbers",
    "precessional_curve",
    "thermal_curve",
    "barrier_exponent",
]

#: The chapter's free layer: a perpendicular macrospin (shape anisotropy folded into ``h_k``),
#: ``h_k = 1`` (the unit of fields), Gilbert ``alpha = 0.05``, constant Slonczewski efficiency
#: ``eta = 1``: then ``j_c0 = alpha h_k = 0.05``. A generic device, not a paper's.
PRESET = ThermalMacrospin(hk=1.0, field=0.0, alpha=0.05, q=1.0, A=1.0, B=0.0)
#: Thermal stability factor of the chapter's write-error-rate curves (a typical memory cell).
DELTA = 40.0
#: The reduced temperature that gives :data:`DELTA` for :data:`PRESET`.
TEMPERATURE = PRESET.hk / (2.0 * DELTA)
#: Seed of every ensemble of the chapter.
SEED = 2026


def temperature_for(delta, params=PRESET):
    """Reduced temperature ``epsilon = (h_k + h) / (2 Delta)`` that gives stability factor ``delta``.

    Parameters
    ----------
    delta : stability factor (> 0).
    params : :class:`ThermalMacrospin` (default :data:`PRESET`).

    Returns
    -------
    float, the reduced temperature ``epsilon``.

    Examples
    --------
    >>> temperature_for(40.0)
    0.0125
    """
    return (params.hk + params.field) / (2.0 * float(delta))


def _frozen(**arrays):
    for a in arrays.values():
        if isinstance(a, np.ndarray):
            a.setflags(write=False)
    return arrays


def retention_numbers(*, params=PRESET, delta=DELTA):
    """Attempt time, retention time and free-diffusion time at stability factor ``delta``.

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    delta : stability factor at zero current.

    Returns
    -------
    dict with ``tau0``, ``retention``, ``exact``, ``tau_N`` (units ``1/(gamma0 M_s)``),
    ``log10_retention_over_tau0`` and ``brown_vs_exact`` (relative difference).

    Examples
    --------
    >>> r = retention_numbers()
    >>> round(r["log10_retention_over_tau0"], 3)
    17.372
    """
    eps = temperature_for(delta, params)
    tau0 = float(attempt_time(params=params, temperature=eps))
    ret = float(retention_time(params=params, temperature=eps))
    exact = float(escape_time(params=params, temperature=eps))
    return {
        "tau0": tau0,
        "retention": ret,
        "exact": exact,
        "tau_N": float(free_diffusion_time(params=params, temperature=eps)),
        "log10_retention_over_tau0": float(np.log10(ret / tau0)),
        "brown_vs_exact": ret / exact - 1.0,
    }


def neel_brown_table(*, params=PRESET, delta=DELTA, fractions=None):
    """Exact escape time vs the Neel-Brown forms ``n = 1`` and ``n = 2`` along ``j / j_c0``.

    Returns a dict of arrays: ``x = j / j_c0``, ``ln_exact``, ``ln_n1``, ``ln_n2`` (natural logs of
    the times in units of ``1 / (gamma0 M_s)``) and ``delta_j`` (the exact ``Delta(j)``).

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    delta : stability factor at zero current.
    fractions : ``j / j_c0`` values (default 39 from 0 to 0.95).

    Returns
    -------
    dict, as described above.

    Examples
    --------
    >>> t = neel_brown_table(fractions=np.array([0.0, 0.5]))
    >>> bool(abs(t["ln_n2"][1] - t["ln_exact"][1]) < abs(t["ln_n1"][1] - t["ln_exact"][1]))
    True
    """
    x = np.linspace(0.0, 0.95, 39) if fractions is None else np.asarray(fractions, dtype=float)
    eps = temperature_for(delta, params)
    jc = critical_current(params=params)
    j = x * jc
    ln_exact = np.log(escape_time(params=params, temperature=eps, current=j))
    ln_n1 = np.log(neel_brown_time(params=params, temperature=eps, current=j, exponent=1))
    ln_n2 = np.log(neel_brown_time(params=params, temperature=eps, current=j, exponent=2))
    return _frozen(
        x=x,
        ln_exact=ln_exact,
        ln_n1=ln_n1,
        ln_n2=ln_n2,
        delta_j=stability_factor(params=params, temperature=eps, current=j),
    )


def exponent_table(*, params=PRESET, delta=DELTA, windows=((0.0, 0.3), (0.3, 0.6), (0.6, 0.9))):
    """Best-fit exponent ``n`` of ``ln(tau / tau_0) = Delta (1 - j / j_c0)^n`` on windows of ``j / j_c0``.

    Fits the exact escape times (``tau_0`` and ``Delta`` at zero current) by least squares of
    ``ln ln(tau / tau_0)`` against ``ln(1 - j / j_c0)`` in each window; also the largest error of
    ``ln tau`` of each fixed form (``n = 1``, ``n = 2``) in that window. With Slonczewski's
    asymmetric ``eta`` (``B != 0``) the exact barrier itself departs from ``n = 2``.

    Parameters
    ----------
    params : :class:`ThermalMacrospin`.
    delta : stability factor at zero current.
    windows : ranges of ``j / j_c0``.

    Returns
    -------
    list of dicts ``window``, ``n_fit``, ``err_n1``, ``err_n2`` (errors of ``ln tau``).

    Examples
    --------
    >>> rows = exponent_table(windows=((0.0, 0.3),))
    >>> bool(1.8 < rows[0]["n_fit"] < 2.1)
    True
    """
    eps = temperature_for(delta, params)
    jc = critical_current(params=params)
    tau0 = float(attempt_time(params=params, temperature=eps))
    rows = []
    for lo, hi in windows:
        x = np.linspace(lo, hi, 13)
        ln_exact = np.log(escape_time(params=params, temperature=eps, current=x * jc))
        y = np.log(ln_exact - np.log(tau0))
        n_fit, _ = np.polyfit(np.log1p(-x), y, 1)
        err = {}
        for n in (1, 2):
            ln_form = np.log(neel_brown_time(params=params, temperature=eps, current=x * jc, exponent=n))
            err[n] = float(np.max(np.abs(ln_form - ln_exact)))
        rows.append({"window": (lo, hi), "n_fit": float(n_fit), "err_n1": err[1], "err_n2": err[2]})
    return rows


def barrier_exponent(*, B, params=PRESET, windows=((0.0, 0.3), (0.3, 0.6), (0.6, 0.9))):
    """Best-fit exponent of the exact barrier ``E_b(j) = E_b(0) (1 - j / j_c0)^n`` for asymmetry ``B``.

    Parameters
    ----------
    B : Slonczewski asymmetry (``|B| < A``).
    params : :class:`ThermalMacrospin` (its ``B`` replaced).
    windows : ranges of ``j / j_c0``.

    Returns
    -------
    list of float, the fitted exponent per window.

    Examples
    --------
    >>> round(barrier_exponent(B=0.0)[0], 6)
    2.0
    """
    P = params.replace(B=B)
    jc = critical_current(params=P)
    e0 = float(barrier(params=P))
    out = []
    for lo, hi in windows:
        x = np.linspace(lo, hi, 13)
        e = barrier(params=P, current=x * jc)
        n, _ = np.polyfit(np.log1p(-x), np.log(e / e0), 1)
        out.append(float(n))
    return out


def wer_curves(*, fractions=(1.5, 2.0, 3.0), delta=DELTA, n_pulses=50, floor=1e-10, n_nodes=400):
    """Write-error rate vs pulse length for several ``j / j_c0``: Fokker-Planck and Butler/Sun form.

    Pulses run from 0 to the time where the asymptotic form reaches ``floor``; 50 per current.

    Parameters
    ----------
    fractions : ``j / j_c0`` values (> 1).
    delta : stability factor.
    n_pulses : pulse lengths per curve.
    floor : level the asymptotic form reaches at the last pulse.
    n_nodes : Fokker-Planck grid.

    Returns
    -------
    dict from each fraction to a dict with ``pulse``, ``wer_fp``, ``wer_asym``, ``wer_asym_bare``,
    ``growth``, ``tail_slope``, ``t_at_1e9``, ``t_at_1e9_asym`` and ``t_at_1e9_bare``.

    Examples
    --------
    >>> w = wer_curves(fractions=(2.0,), n_pulses=5, n_nodes=100)
    >>> w[2.0]["wer_fp"].shape
    (5,)
    """
    P = PRESET
    eps = temperature_for(delta)
    jc = critical_current(params=P)
    out = {}
    for f in fractions:
        j = f * jc
        g = float(precessional_growth_rate(params=P, current=j))
        t_max = np.log(delta * np.pi**2 / 4.0 / floor) / (2.0 * g)
        pulse = np.linspace(0.0, t_max, n_pulses)
        wer = write_error_rate(pulse, params=P, temperature=eps, current=j, n_nodes=n_nodes)
        asym = -np.expm1(
            np.log(precessional_switching_probability(pulse, params=P, temperature=eps, current=j))
        )
        bare = -np.expm1(
            np.log(
                precessional_switching_probability(
                    pulse, params=P, temperature=eps, current=j, pulse_noise=False
                )
            )
        )
        with np.errstate(divide="ignore"):
            tail = np.log(wer[-10:])
        slope = float(np.polyfit(pulse[-10:], tail, 1)[0])
        out[f] = _frozen(
            pulse=pulse,
            wer_fp=wer,
            wer_asym=asym,
            wer_asym_bare=bare,
            growth=g,
            tail_slope=slope,
            t_at_1e9=float(np.interp(-9.0, np.log10(np.maximum(wer, 1e-300))[::-1], pulse[::-1])),
            t_at_1e9_asym=float(np.interp(-9.0, np.log10(np.maximum(asym, 1e-300))[::-1], pulse[::-1])),
            t_at_1e9_bare=float(np.interp(-9.0, np.log10(np.maximum(bare, 1e-300))[::-1], pulse[::-1])),
        )
    return out


def _synthetic_precessional(fractions, delta):
    P = PRESET
    eps = temperature_for(delta)
    jc = critical_current(params=P)
    j = np.asarray(fractions) * jc
    return j, median_switching_time(params=P, temperature=eps, current=j)


def extraction_precessional(*, fractions=(1.5, 2.0, 2.5, 3.0, 4.0), delta=DELTA):
    """Fit ``1 / t_50`` (Fokker-Planck median switching times, synthetic data) linear in ``j``.

    Parameters
    ----------
    fractions : ``j / j_c0`` values (> 1).
    delta : stability factor.

    Returns
    -------
    dict ``currents``, ``t50``, ``fit`` (:class:`CriticalCurrentFit`), ``true`` and ``bias``.

    Examples
    --------
    >>> r = extraction_precessional(fractions=(2.0, 3.0, 4.0))
    >>> bool(r["bias"] < 0)
    True
    """
    j, t50 = _synthetic_precessional(tuple(fractions), delta)
    fit = fit_precessional(j, t50)
    jc = critical_current(params=PRESET)
    return {"currents": j, "t50": t50, "fit": fit, "true": jc, "bias": fit.critical_current / jc - 1.0}


def extraction_thermal(*, fractions=(0.2, 0.3, 0.4, 0.5, 0.6), delta=DELTA, tau0_factor=1.0):
    """Fit ``ln tau`` (exact escape times, synthetic data) with the Neel-Brown form, ``n = 1`` and ``n = 2``.

    ``tau0_factor`` multiplies the true attempt time to mimic an assumed ``tau_0`` (experiments
    often take 1 ns). Returns the fits and their relative bias.

    Parameters
    ----------
    fractions : ``j / j_c0`` values (< 1).
    delta : stability factor.
    tau0_factor : assumed over true attempt time.

    Returns
    -------
    dict, as described above.

    Examples
    --------
    >>> r = extraction_thermal()
    >>> bool(r["bias_n1"] < 0)
    True
    """
    P = PRESET
    eps = temperature_for(delta)
    jc = critical_current(params=P)
    j = np.asarray(fractions) * jc
    tau = escape_time(params=P, temperature=eps, current=j)
    tau0 = float(attempt_time(params=P, temperature=eps)) * tau0_factor
    f1 = fit_thermal(j, tau, attempt_time=tau0, exponent=1)
    f2 = fit_thermal(j, tau, attempt_time=tau0, exponent=2)
    return {
        "currents": j,
        "tau": tau,
        "tau0": tau0,
        "fit_n1": f1,
        "fit_n2": f2,
        "true": jc,
        "bias_n1": f1.critical_current / jc - 1.0,
        "bias_n2": f2.critical_current / jc - 1.0,
    }


#: Stops of the switching explorer: ``j / j_c0`` and ``Delta``.
EXPLORER_FRACTIONS = tuple(round(0.8 + 0.1 * k, 1) for k in range(23))  # 0.8 ... 3.0
EXPLORER_DELTAS = (20.0, 40.0, 60.0)
EXPLORER_PULSE = np.linspace(0.0, 400.0, 161)


@lru_cache(maxsize=2)
def explorer_grid(*, fractions=EXPLORER_FRACTIONS, deltas=EXPLORER_DELTAS, n_nodes=120):
    """Write-error rate on the explorer's grid (``deltas x fractions x pulses``), computed once.

    120 nodes: against 400 nodes the write-error rate above 1e-12 moves by less than 0.01 decades on
    this grid (far below the line width on a log axis; asserted in tests/thermal/test_thermal_pages.py).

    Parameters
    ----------
    fractions, deltas : the slider stops.
    n_nodes : Fokker-Planck grid.

    Returns
    -------
    dict ``pulse``, ``fractions``, ``deltas``, ``wer`` (deltas x fractions x pulses) and ``asym``.

    Examples
    --------
    >>> g = explorer_grid(fractions=(2.0,), deltas=(40.0,), n_nodes=50)
    >>> g["wer"].shape
    (1, 1, 161)
    """
    P = PRESET
    jc = critical_current(params=P)
    wer = np.stack(
        [
            write_error_rate(
                EXPLORER_PULSE,
                params=P,
                temperature=temperature_for(d),
                current=np.asarray(fractions) * jc,
                n_nodes=n_nodes,
            )
            for d in deltas
        ]
    )
    asym = np.full_like(wer, np.nan)
    for a, d in enumerate(deltas):
        for b, f in enumerate(fractions):
            if f > 1.0:
                asym[a, b] = -np.expm1(
                    np.log(
                        precessional_switching_probability(
                            EXPLORER_PULSE, params=P, temperature=temperature_for(d), current=f * jc
                        )
                    )
                )
    return _frozen(
        pulse=EXPLORER_PULSE, fractions=np.asarray(fractions), deltas=np.asarray(deltas), wer=wer, asym=asym
    )


def precessional_curve(pulse, *, delta, fraction):
    """The precessional form (with pulse noise) on the given pulses, for the ensemble figure.

    Parameters
    ----------
    pulse : pulse lengths.
    delta : stability factor.
    fraction : ``j / j_c0`` (> 1).

    Returns
    -------
    ndarray ``P_sw``.

    Examples
    --------
    >>> bool(precessional_curve(np.array([0.0]), delta=40.0, fraction=2.0)[0] < 1e-20)
    True
    """
    j = fraction * critical_current(params=PRESET)
    return precessional_switching_probability(
        pulse, params=PRESET, temperature=temperature_for(delta), current=j
    )


def thermal_curve(pulse, *, delta, fraction):
    """``1 - exp(-t / tau_exact)`` on the given pulses, for the ensemble figure.

    Parameters
    ----------
    pulse : pulse lengths.
    delta : stability factor.
    fraction : ``j / j_c0`` (< 1).

    Returns
    -------
    ndarray ``P_sw``.

    Examples
    --------
    >>> thermal_curve(np.array([0.0]), delta=10.0, fraction=0.6).tolist()
    [0.0]
    """
    j = fraction * critical_current(params=PRESET)
    return thermal_switching_probability(pulse, params=PRESET, temperature=temperature_for(delta), current=j)
