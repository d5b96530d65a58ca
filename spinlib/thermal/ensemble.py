"""Brute-force switching statistics from the stochastic LLG (chapter 1's Heun integrator), and the
Ito reading of the polar equation without the noise-induced drift (a counter-example).

Reduced units of :mod:`spinlib.thermal.model`. Initial states are drawn from the zero-current
Boltzmann distribution of the P well (the state before the pulse), the switching event is the
first passage of ``m_z`` below ``threshold``; every number is reproducible from its ``seed``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..macrospin.stochastic import _generator, integrate_stochastic
from ..validate import SpinlibInputError, count, in_range, positive, scalar, show
from .model import _p, diffusion_constant, effective_energy, polar_drift

__all__ = ["EnsembleSwitching", "boltzmann_initial_states", "ensemble_switching", "polar_ito_ensemble"]


def boltzmann_initial_states(n_samples, *, params, temperature, threshold=0.0, seed=None):
    """Draw ``m`` from the zero-current Boltzmann density of the P well (``z > threshold``).

    Parameters
    ----------
    n_samples : number of states (integer in [1, 1e6]).
    params : :class:`spinlib.thermal.ThermalMacrospin`.
    temperature : ``epsilon`` (> 0).
    threshold : lower end of the well in ``z`` (in (-1, 1)).
    seed : int, ``numpy.random.Generator`` or None.

    Returns
    -------
    ndarray (n_samples, 3) of unit vectors, ``phi`` uniform.

    Notes
    -----
    Inverse transform of the cumulative of ``exp(-E(z)/epsilon)`` (uniform measure in ``z``)
    tabulated on 20001 nodes uniform in ``theta`` and interpolated linearly.

    Examples
    --------
    >>> from spinlib.thermal import ThermalMacrospin
    >>> m = boltzmann_initial_states(5, params=ThermalMacrospin(), temperature=0.05, seed=1)
    >>> m.shape, bool(np.all(m[:, 2] > 0))
    ((5, 3), True)
    """
    P = _p(params)
    n = count("n_samples", n_samples, minimum=1, maximum=10**6)
    eps = scalar("temperature", temperature, positive)
    zt = scalar("threshold", threshold, in_range, lo=-1.0, hi=1.0, lo_open=True, hi_open=True)
    rng = _generator(seed)
    z = np.cos(np.linspace(0.0, math.acos(zt), 20001))[::-1]  # ascending
    lw = -effective_energy(z, params=P) / eps
    w = np.exp(lw - lw.max())
    cdf = np.concatenate([[0.0], np.cumsum(0.5 * (w[1:] + w[:-1]) * np.diff(z))])
    u = rng.random(n) * cdf[-1]
    zs = np.interp(u, cdf, z)
    phi = 2.0 * np.pi * rng.random(n)
    s = np.sqrt(np.clip(1.0 - zs * zs, 0.0, None))
    return np.stack([s * np.cos(phi), s * np.sin(phi), zs], axis=-1)


@dataclass(frozen=True, kw_only=True, eq=False)
class EnsembleSwitching:
    """Switching times of a stochastic-LLG ensemble (:func:`ensemble_switching`).

    Attributes
    ----------
    exit_time : ndarray (n_samples,), first time ``m_z < threshold`` (``inf`` if never by ``t_end``).
    t_end : float, length of the simulated pulse.
    """

    exit_time: np.ndarray
    t_end: float

    def probability(self, pulse):
        """Fraction switched by each pulse length (``<= t_end``) and its binomial standard error.

        Returns ``(p, err)`` with ``err = sqrt(p (1 - p) / n)``, each shaped like ``pulse``.
        """
        t = in_range("pulse", pulse, 0.0, self.t_end)
        n = self.exit_time.size
        k = np.searchsorted(np.sort(self.exit_time), t, side="right")
        p = k / n
        return p, np.sqrt(p * (1.0 - p) / n)


def ensemble_switching(*, params, temperature, current, t_end, n_samples, n_steps, threshold=0.0, seed=None):
    """Switching times of ``n_samples`` stochastic-LLG trajectories under a current pulse.

    Parameters
    ----------
    params : :class:`spinlib.thermal.ThermalMacrospin`.
    temperature : ``epsilon`` (scalar, > 0).
    current : ``j`` during the pulse (scalar).
    t_end : pulse length simulated (> 0, units ``1/(gamma0 M_s)``).
    n_samples : trajectories (integer in [1, 1e6]).
    n_steps : Heun steps (``dt = t_end / n_steps``).
    threshold : ``z`` below which a trajectory counts as switched (in (-1, 1)).
    seed : int or ``numpy.random.Generator``: one generator draws the initial states and then the noise.

    Returns
    -------
    EnsembleSwitching

    Examples
    --------
    >>> from spinlib.thermal import ThermalMacrospin
    >>> ens = ensemble_switching(params=ThermalMacrospin(), temperature=0.05, current=0.1, t_end=100.0,
    ...                          n_samples=50, n_steps=2000, seed=3)
    >>> p, err = ens.probability(100.0)
    >>> bool(p > 0.8)
    True
    """
    P = _p(params)
    j = scalar("current", current)
    zt = scalar("threshold", threshold, in_range, lo=-1.0, hi=1.0, lo_open=True, hi_open=True)
    rng = _generator(seed)
    m0 = boltzmann_initial_states(n_samples, params=P, temperature=temperature, threshold=zt, seed=rng)
    tr = integrate_stochastic(
        m0,
        params=P.macrospin_params(),
        current=j,
        temperature=temperature,
        t_end=t_end,
        n_steps=n_steps,
        n_out=1,
        seed=rng,
        stop=lambda m: m[..., 2] < zt,
    )
    return EnsembleSwitching(exit_time=tr.exit_time, t_end=float(t_end))


def polar_ito_ensemble(
    z0, *, params, temperature, current=0.0, t_end, n_steps, drift_correction=True, seed=None
):
    """Euler-Maruyama (Ito) integration of the polar equation ``dz = a(z) dt + sqrt(2 D (1 - z^2)) dW``.

    Parameters
    ----------
    z0 : array (n,), initial ``z = cos theta`` in [-1, 1].
    params : :class:`spinlib.thermal.ThermalMacrospin`.
    temperature : ``epsilon`` (> 0).
    current : ``j`` (scalar).
    t_end : final time (> 0).
    n_steps : steps (integer in [1, 1e7]).
    drift_correction : ``True``: ``a = A(z) - 2 D z``, the Ito drift of the Stratonovich stochastic LLG
        (``-2 D z`` is the z-component of its noise-induced drift ``-2 D m``); ``False``: ``a = A(z)``,
        the deterministic drift alone, i.e. the equation read in the Ito sense without the correction.
    seed : int, ``numpy.random.Generator`` or None.

    Returns
    -------
    ndarray (n,), ``z`` at ``t_end`` (reflected into [-1, 1]).

    Notes
    -----
    ``A(z)`` is :func:`spinlib.thermal.polar_drift`. With the correction the stationary density is
    Boltzmann, ``e^{-E_eff / epsilon}``; without it the zero-flux solution is
    ``e^{-E_eff / epsilon} / (1 - z^2)``, which piles up at the poles (derived in
    :func:`spinlib.thermal.derivation.ito_stationary_density`). The book uses the uncorrected
    reading only as the counter-example (tests/thermal).

    Examples
    --------
    >>> from spinlib.thermal import ThermalMacrospin
    >>> z = polar_ito_ensemble(np.zeros(100), params=ThermalMacrospin(alpha=1.0), temperature=0.25, t_end=1.0,
    ...                        n_steps=100, seed=0)
    >>> bool(np.all(np.abs(z) <= 1.0))
    True
    """
    P = _p(params)
    z = in_range("z0", z0, -1.0, 1.0)
    if z.ndim != 1:
        raise SpinlibInputError(f"z0 must be a 1-D array; got shape {z.shape}")
    eps = scalar("temperature", temperature, positive)
    j = scalar("current", current)
    t_end = scalar("t_end", t_end, positive)
    n_steps = count("n_steps", n_steps, minimum=1, maximum=10**7)
    if not isinstance(drift_correction, bool):
        raise SpinlibInputError(f"drift_correction must be True or False; got {show(drift_correction)}")
    rng = _generator(seed)
    dt = t_end / n_steps
    D = float(diffusion_constant(params=P, temperature=eps))
    z = z.astype(float).copy()
    for _ in range(n_steps):
        a = polar_drift(z, params=P, current=j)
        if drift_correction:
            a = a - 2.0 * D * z
        z = z + a * dt + np.sqrt(2.0 * D * np.clip(1.0 - z * z, 0.0, None) * dt) * rng.standard_normal(z.size)
        z = np.where(z > 1.0, 2.0 - z, np.where(z < -1.0, -2.0 - z, z))
    return z
