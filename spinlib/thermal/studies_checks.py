"""Checks between the methods of the finite-temperature chapter: the Boltzmann equilibrium of the
stochastic integrators, stochastic-LLG ensembles against the Fokker-Planck solution, grid
convergence and the thermal regime against chapter 5's quadrature, and the computed links to
chapters 1 and 5.

Reduced units of :mod:`spinlib.thermal.model`; presets and seeds from :mod:`spinlib.thermal.studies`.
Every stochastic number is reproducible from the seed stated here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import stats

from ..activation import mean_first_passage_time as ch5_mfpt
from ..activation import relaxation_rate as ch5_relaxation_rate
from ..macrospin import critical_current as ch1_critical_current
from ..macrospin import integrate, integrate_stochastic
from ..nanomagnet.studies_checks import activation_comparison as ch4_activation_comparison
from .ensemble import ensemble_switching, polar_ito_ensemble
from .fokker_planck import (
    mean_switching_time,
    median_switching_time,
    switching_probability,
    switching_spectrum,
)
from .model import barrier, critical_current, escape_time, free_diffusion_time, stability_factor
from .studies import DELTA, PRESET, SEED, _frozen, temperature_for

__all__ = [
    "BoltzmannCheck",
    "boltzmann_cdf",
    "boltzmann_check",
    "ensemble_vs_fokker_planck",
    "thermal_regime_check",
    "grid_convergence",
    "links",
]


@dataclass(frozen=True)
class BoltzmannCheck:
    """Equilibrium of ``z = cos theta`` at zero current: KS statistics against ``exp(sigma z^2)``."""

    sigma: float
    n_samples: int
    ks_heun: float
    ks_ito_corrected: float
    ks_ito_uncorrected: float
    ks_critical: float  # 1 % critical value of the one-sample KS statistic
    z_heun: np.ndarray
    z_ito_uncorrected: np.ndarray


def boltzmann_cdf(z, sigma):
    """Cumulative of ``exp(sigma z^2)`` on [-1, 1] (uniform measure in z), tabulated on 20001 nodes.

    Parameters
    ----------
    z : array_like in [-1, 1].
    sigma : ``h_k / (2 epsilon)`` (>= 0).

    Returns
    -------
    ndarray, the cumulative probability at ``z``.

    Examples
    --------
    >>> round(float(boltzmann_cdf(0.0, 2.0)), 12)
    0.5
    """
    zz = np.linspace(-1.0, 1.0, 20001)
    w = np.exp(sigma * (zz * zz - 1.0))
    c = np.concatenate([[0.0], np.cumsum(0.5 * (w[1:] + w[:-1]) * np.diff(zz))])
    return np.interp(z, zz, c / c[-1])


@lru_cache(maxsize=4)
def boltzmann_check(*, sigma=2.0, alpha=1.0, n_samples=3000, t_end=40.0, n_steps=4000, seed=SEED):
    """Stratonovich (Heun) ensemble vs Boltzmann, and the Ito readings of the polar equation.

    Starts from directions uniform on the sphere, runs ``t_end`` (many relaxation times at
    ``sigma = h_k / (2 epsilon) = 2``), and compares the final ``z`` with the Boltzmann cumulative
    by the one-sample Kolmogorov-Smirnov statistic; its 1 % critical value is
    ``1.628 / sqrt(n)`` for independent samples (each trajectory gives one).

    Parameters
    ----------
    sigma : ``h_k / (2 epsilon)``.
    alpha : Gilbert damping of the run.
    n_samples, t_end, n_steps : ensemble size, duration and Heun steps.
    seed : seed of the initial directions and of both noises.

    Returns
    -------
    BoltzmannCheck, the three KS statistics, the 1 % critical value and the final ``z`` samples.

    Examples
    --------
    >>> c = boltzmann_check(n_samples=200, t_end=5.0, n_steps=500)
    >>> c.n_samples
    200
    """
    P = PRESET.replace(alpha=alpha)
    eps = P.hk / (2.0 * sigma)
    rng = np.random.default_rng(seed)
    v = rng.standard_normal((n_samples, 3))
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    tr = integrate_stochastic(
        v, params=P.macrospin_params(), temperature=eps, t_end=t_end, n_steps=n_steps, n_out=1, seed=rng
    )
    z = tr.m[:, -1, 2]
    zc = polar_ito_ensemble(v[:, 2], params=P, temperature=eps, t_end=t_end, n_steps=n_steps, seed=rng)
    zu = polar_ito_ensemble(
        v[:, 2], params=P, temperature=eps, t_end=t_end, n_steps=n_steps, seed=rng, drift_correction=False
    )

    def ks(x):
        return float(stats.kstest(x, lambda y: boltzmann_cdf(y, sigma)).statistic)

    return BoltzmannCheck(
        sigma=sigma,
        n_samples=n_samples,
        ks_heun=ks(z),
        ks_ito_corrected=ks(zc),
        ks_ito_uncorrected=ks(zu),
        ks_critical=float(stats.kstwo.ppf(0.99, n_samples)),
        z_heun=z,
        z_ito_uncorrected=zu,
    )


@lru_cache(maxsize=8)
def ensemble_vs_fokker_planck(
    *, delta=DELTA, fraction=2.0, n_samples=2000, t_end=None, n_steps=None, seed=SEED, n_pulses=12
):
    """Switching probability from a stochastic-LLG ensemble and from the Fokker-Planck equation.

    Returns a dict: ``pulse``, ``p_ens``, ``err`` (binomial standard errors), ``p_fp``, ``z`` (the
    largest ``|p_ens - p_fp| / err`` over the pulses where ``0 < p_ens < 1``) and the run settings.

    Parameters
    ----------
    delta : stability factor.
    fraction : ``j / j_c0``.
    n_samples, t_end, n_steps : the ensemble (defaults: three median times, step 0.02).
    seed : seed of the ensemble.
    n_pulses : pulse lengths compared.

    Returns
    -------
    dict, as described above.

    Examples
    --------
    >>> r = ensemble_vs_fokker_planck(n_samples=100, n_pulses=4)
    >>> r["pulse"].shape
    (4,)
    """
    P = PRESET
    eps = temperature_for(delta)
    j = fraction * critical_current(params=P)
    if t_end is None:
        t_end = 3.0 * float(median_switching_time(params=P, temperature=eps, current=j))
    if n_steps is None:
        n_steps = int(np.ceil(t_end / 0.02))
    ens = ensemble_switching(
        params=P, temperature=eps, current=j, t_end=t_end, n_samples=n_samples, n_steps=n_steps, seed=seed
    )
    pulse = np.linspace(t_end / n_pulses, t_end, n_pulses)
    p, err = ens.probability(pulse)
    p_fp = switching_probability(pulse, params=P, temperature=eps, current=j)
    inside = (p > 0) & (p < 1)
    zmax = float(np.max(np.abs(p - p_fp)[inside] / err[inside])) if np.any(inside) else 0.0
    return _frozen(
        pulse=pulse,
        p_ens=p,
        err=err,
        p_fp=p_fp,
        z=zmax,
        n_samples=n_samples,
        dt=t_end / n_steps,
        current=j,
        temperature=eps,
    )


def thermal_regime_check(*, fractions=(0.5, 0.7), delta=20.0):
    """Thermal regime: Fokker-Planck mean switching time vs chapter 5's exact escape time.

    Both are first-passage times out of the P well; the Fokker-Planck one ends at the equator and
    starts from the Boltzmann well, the quadrature ends in the other well and starts at the pole,
    so they agree up to terms that vanish with the barrier. Returns ``x``, ``t_fp``, ``t_exact``,
    ``rel`` (``t_fp / t_exact - 1``) and ``delta_j`` (the barrier under current in ``k_B T``).

    Parameters
    ----------
    fractions : ``j / j_c0`` values (< 1).
    delta : stability factor at zero current.

    Returns
    -------
    dict, as described above.

    Examples
    --------
    >>> r = thermal_regime_check(fractions=(0.5,))
    >>> bool(abs(r["rel"][0]) < 0.2)
    True
    """
    P = PRESET
    eps = temperature_for(delta)
    jc = critical_current(params=P)
    x = np.asarray(fractions, dtype=float)
    t_fp = mean_switching_time(params=P, temperature=eps, current=x * jc)
    t_ex = escape_time(params=P, temperature=eps, current=x * jc)
    return _frozen(
        x=x,
        t_fp=t_fp,
        t_exact=t_ex,
        rel=t_fp / t_ex - 1.0,
        delta_j=stability_factor(params=P, temperature=eps, current=x * jc),
    )


def grid_convergence(*, nodes=(100, 200, 400, 800), delta=5.0, fraction=0.0):
    """Fokker-Planck mean first-passage time (pole -> equator) vs chapter 5's quadrature, by grid size.

    Parameters
    ----------
    nodes : grid sizes.
    delta : stability factor.
    fraction : ``j / j_c0``.

    Returns
    -------
    dict ``nodes``, ``t`` (Fokker-Planck times), ``exact`` and ``rel`` (relative errors).

    Examples
    --------
    >>> g = grid_convergence(nodes=(100, 200))
    >>> bool(g["rel"][1] < g["rel"][0])
    True
    """
    P = PRESET
    eps = temperature_for(delta)
    j = fraction * critical_current(params=P)
    exact = float(
        free_diffusion_time(params=P, temperature=eps)
        * ch5_mfpt(barrier=P.hk / (2 * eps), field=(P.field - j * P.q / P.A / P.alpha) / P.hk)
    )
    t = np.array(
        [
            float(mean_switching_time(params=P, temperature=eps, current=j, n_nodes=n, initial="pole"))
            for n in nodes
        ]
    )
    return _frozen(nodes=np.asarray(nodes), t=t, exact=exact, rel=np.abs(t / exact - 1.0))


def links(*, delta=5.0, low_t_delta=400.0, fraction=2.0):
    """The limits that join this chapter to chapters 5 and 1, computed.

    * chapter 5: the Fokker-Planck mean first-passage time (pole -> barrier top, zero current)
      against :func:`spinlib.activation.mean_first_passage_time` times ``tau_N``;
    * chapter 1: the current where the barrier closes against
      :func:`spinlib.macrospin.critical_current` (``demag = 0``), and, as ``T -> 0``, the Fokker-Planck
      median switching time against chapter 1's deterministic integrator started at the median
      tilt ``sqrt(ln 2 / Delta_eff)``, ``Delta_eff = Delta (1 - j_c0 / j)`` (the thermal tilt plus the
      noise of the linear stage, :func:`spinlib.thermal.derivation.effective_initial_variance`);
      ``t_det_bare`` starts at the bare thermal median ``sqrt(ln 2 / Delta)``.

    Parameters
    ----------
    delta : stability factor of the chapter 5 comparison.
    low_t_delta : stability factor of the ``T -> 0`` comparison.
    fraction : ``j / j_c0`` of the ``T -> 0`` comparison.

    Returns
    -------
    dict of the compared numbers (``ch5_*``, ``jc_*``, ``t50_low_T``, ``t_det``, ``t_det_bare``,
    relative differences).

    Examples
    --------
    >>> r = links(delta=5.0)
    >>> bool(r["ch5_rel"] < 1e-3)
    True
    """
    P = PRESET
    g = grid_convergence(nodes=(800,), delta=delta)
    jc1 = float(ch1_critical_current(field=P.field, hk=P.hk, demag=0.0, alpha=P.alpha, q=P.q, A=P.A, B=P.B))
    closes = float(barrier(params=P, current=jc1 * (1 - 1e-9)))
    eps = temperature_for(low_t_delta)
    j = fraction * jc1
    t50 = float(median_switching_time(params=P, temperature=eps, current=j, n_nodes=400))

    def t_det(delta_start):
        th = np.sqrt(np.log(2.0) / delta_start)
        tr = integrate(
            [np.sin(th), 0.0, np.cos(th)],
            params=P.macrospin_params(),
            current=j,
            t_end=3.0 * t50,
            n_steps=40000,
        )
        t, mz = tr.t, tr.m[:, 2]
        k = int(np.argmax(mz < 0.0))
        return float(t[k - 1] + (t[k] - t[k - 1]) * mz[k - 1] / (mz[k - 1] - mz[k]))

    t_eff = t_det(low_t_delta * (1.0 - 1.0 / fraction))
    t_bare = t_det(low_t_delta)
    return {
        "ch5_fp": float(g["t"][0]),
        "ch5_exact": g["exact"],
        "ch5_rel": float(g["rel"][0]),
        "jc_ch1": jc1,
        "jc_here": critical_current(params=P),
        "barrier_at_jc": closes,
        "t50_low_T": t50,
        "t_det": t_eff,
        "t_det_bare": t_bare,
        "low_T_rel": t50 / t_eff - 1.0,
        "low_T_rel_bare": t50 / t_bare - 1.0,
    }


def telegraph_link(*, delta=6.0, spins=(20, 80, 320), n_nodes=800):
    """Chapter 4's telegraph switching against this chapter's Fokker-Planck rate, at zero current.

    The slowest relaxation rate of chapter 4's master equation (the grain's bath, no electrons:
    :func:`spinlib.nanomagnet.studies_checks.activation_comparison`) and of this chapter's polar
    Fokker-Planck generator, both in units of Brown's time ``1 / tau_N``, at the same barrier
    ``Delta = sigma``. At zero field the potential is even in ``z = cos theta``: the slowest odd
    eigenfunction of the whole sphere vanishes at the equator, so the generator absorbing at
    ``z = 0`` (:func:`switching_spectrum`) has exactly the two-well relaxation rate, which is chapter
    5's :func:`spinlib.activation.relaxation_rate`. Chapter 4's rate tends to it as ``S_0 -> inf``.

    Parameters
    ----------
    delta : stability factor ``Delta = sigma`` (> 0).
    spins : chapter 4's spins ``S_0``.
    n_nodes : nodes of this chapter's generator.

    Returns
    -------
    dict: ``"fokker_planck"`` (this chapter's ``lambda_1 tau_N``), ``"activation"`` (chapter 5's),
    ``"master"`` (``S_0 -> lambda_1 tau_N`` of chapter 4) and ``"ratio"`` (``S_0 ->`` master over
    this chapter's).

    Examples
    --------
    >>> r = telegraph_link(spins=(20,), n_nodes=200)
    >>> 0.8 < r["ratio"][20] < 1.0
    True
    """
    P = PRESET
    eps = temperature_for(delta)
    spec = switching_spectrum(params=P, temperature=eps, current=0.0, n_nodes=n_nodes)
    here = float(spec.rates[0] * free_diffusion_time(params=P, temperature=eps))
    damping = 0.01  # chapter 4's bath coupling alpha_B (drops out of lambda_1 tau_N)
    ch4 = ch4_activation_comparison(barrier=delta, spins=tuple(spins), damping=damping)
    # chapter 4's rates are in kappa/hbar, Brown's time tau_N = S_0 / (2 alpha_B k_B T), k_B T = S_0 / delta
    master = {s0: float(r["rate_master"] * s0 / (2.0 * damping * s0 / delta)) for s0, r in ch4.items()}
    return {
        "fokker_planck": here,
        "activation": float(ch5_relaxation_rate(barrier=delta, field=0.0)),
        "master": master,
        "ratio": {s0: m / here for s0, m in master.items()},
    }
