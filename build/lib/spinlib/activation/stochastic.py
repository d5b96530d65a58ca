"""Seeded stochastic-LLG first-passage times to the barrier top: an independent check of the exact
mean first-passage time of :mod:`spinlib.activation.escape` (Wegrowe et al. 2008).

The macrospin's theta motion in an axially symmetric potential with Brown's thermal field is the
1-D Fokker-Planck diffusion behind :func:`spinlib.activation.mean_first_passage_time`; this module
samples it with the one stochastic integrator of the LLG stack,
:func:`spinlib.macrospin.integrate_stochastic` (Brown's thermal field, Heun, the right-hand side of
:func:`spinlib.macrospin.llg_rhs`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..macrospin import MAX_STEPS, MacrospinParams, integrate_stochastic
from ..validate import SpinlibInputError, count, in_range, positive
from .landscape import _field

__all__ = ["EscapeSample", "stochastic_escape_times"]

_BGK = 0.5826  # -zeta(1/2)/sqrt(2 pi): discrete-monitoring shift of Broadie, Glasserman & Kou (1997)


# ---------------------------------------------------------------------------------------------
# stochastic LLG (independent check): the thermal field, the Heun scheme and the
# right-hand side are spinlib.macrospin's (integrate_stochastic)


@dataclass(frozen=True, kw_only=True, eq=False)
class EscapeSample:
    """Output of :func:`stochastic_escape_times`: first-passage times to the barrier top.

    Attributes
    ----------
    times : ndarray (n_samples,), first-passage times (units of ``tau_N``); ``t_max`` where the
        sample has not escaped.
    escaped : ndarray (n_samples,), bool.
    dt : float, time step (units of ``tau_N``).
    t_max : float, simulated time (units of ``tau_N``).
    """

    times: np.ndarray  # (n_samples,), units of tau_N; t_max where not escaped
    escaped: np.ndarray  # (n_samples,), bool
    dt: float  # time step, units of tau_N
    t_max: float  # simulated time, units of tau_N


def _llg_params(barrier, field, alpha, hk):
    """Map (sigma, h) onto :class:`spinlib.macrospin.MacrospinParams`: easy axis z, ``E_a = h_k / 2``
    (energies of llg in units of ``mu0 M_s^2 V``), and the reduced thermal energy
    ``epsilon = k_B T / (mu0 M_s^2 V) = E_a / sigma``."""
    return (
        MacrospinParams(
            field=[0.0, 0.0, hk * field], hk=hk, easy_axis=[0.0, 0.0, 1.0], demag=0.0, alpha=alpha
        ),
        0.5 * hk / barrier,
    )


def _generator(seed):
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(None if seed is None else count("seed", seed))


def stochastic_escape_times(
    *, barrier, field=0.0, alpha=1.0, n_samples=500, dt=2e-3, t_max=60.0, hk=1.0, seed=None
):
    """Seeded stochastic-LLG first-passage times from P (``m = +z``) to the barrier top (zero current).

    Parameters
    ----------
    barrier : float
        ``sigma = E_a / k_B T`` in (0, 40].
    field : float
        Reduced field ``h`` in (-1, 1).
    alpha : float
        Gilbert damping (> 0; the theta diffusion in units of ``tau_N`` does not depend on it).
    n_samples : int
        Number of independent trajectories (integer in [1, 100000]).
    dt : float
        Time step in units of ``tau_N`` (> 0, and ``dt tau_N h_k (1 + |h|) <= 0.05`` in llg units).
    t_max : float
        Simulated time in units of ``tau_N`` (> 0; at most ``1e8`` steps).
    hk : float
        Anisotropy field in units of ``M_s`` (> 0; it only sets the unit of llg time).
    seed : int, numpy.random.Generator or None
        Seed of the thermal noise (None: fresh entropy). The same seed gives the same sample.

    Returns
    -------
    EscapeSample

    Notes
    -----
    Gilbert equation with Brown's thermal field, ``dm/dtau = -m x (h_eff + h_th) + alpha m x dm/dtau``,
    ``<h_th,i(tau) h_th,j(tau')> = 2 alpha epsilon delta_ij delta(tau - tau')`` (``epsilon = k_B T /
    (mu0 M_s^2 V)``), integrated by :func:`spinlib.macrospin.integrate_stochastic` (Heun,
    Stratonovich, projection onto the sphere; its right-hand side is that of
    :func:`spinlib.macrospin.llg_rhs` with ``h_eff + h_th``). The crossing is tested after every
    step against the top shifted by ``0.5826 sqrt(dt / tau_N)`` towards the well: checking only at
    the steps misses excursions between them and would bias the times up by ``O(sqrt(dt))``
    (discrete-monitoring correction of Broadie, Glasserman & Kou (1997)). Brown's
    ``D = alpha epsilon / (1 + alpha^2)`` fixes ``tau_N = (1 + alpha^2) / (2 alpha epsilon)``. The
    theta dynamics of this axially symmetric problem is exactly the 1-D Fokker-Planck equation
    behind :func:`spinlib.activation.mean_first_passage_time`.

    Examples
    --------
    >>> from spinlib.activation import stochastic_escape_times
    >>> s = stochastic_escape_times(barrier=1.0, n_samples=20, dt=5e-3, t_max=50.0, seed=1)
    >>> int(s.escaped.sum()), round(float(s.times.mean()), 3)
    (20, 1.476)
    """
    sigma = float(in_range("barrier", barrier, 0.0, 40.0, lo_open=True))
    h = float(_field(field))
    alpha = float(positive("alpha", alpha))
    n = count("n_samples", n_samples, minimum=1, maximum=100_000)
    hk = float(positive("hk", hk))
    dt = float(positive("dt", dt))
    t_max = float(positive("t_max", t_max))
    rng = _generator(seed)
    params, eps = _llg_params(sigma, h, alpha, hk)
    tau_n = (1.0 + alpha**2) / (2.0 * alpha * eps)  # llg time units
    step = dt * tau_n
    if step * hk * (1.0 + abs(h)) > 0.05:
        raise SpinlibInputError(
            f"dt must be <= {0.05 / (tau_n * hk * (1 + abs(h))):.3g} tau_N for these "
            f"parameters (accuracy of the Heun step); got {dt!r}"
        )
    if t_max / dt > MAX_STEPS:
        raise SpinlibInputError(
            f"t_max / dt must be at most {MAX_STEPS:g} steps; got t_max={t_max!r}, dt={dt!r}"
        )
    n_steps = int(math.ceil(t_max / dt))
    # barrier top of the zero-current potential, moved towards the well by 0.5826 times the
    # angular step sqrt(2 D dt) = sqrt(dt / tau_N)
    cos_top = math.cos(math.acos(-h) - _BGK * math.sqrt(dt))
    traj = integrate_stochastic(
        np.tile([0.0, 0.0, 1.0], (n, 1)),
        params=params,
        temperature=eps,
        t_end=n_steps * step,
        n_steps=n_steps,
        n_out=1,
        seed=rng,
        stop=lambda m: m[..., 2] <= cos_top,
    )
    # the step at which the crossing was seen (the first check is after step 1, as m0 = +z)
    k = np.maximum(np.rint(np.where(traj.exited, traj.exit_time, 0.0) / (traj.t[1] / n_steps)), 1.0)
    times = np.where(traj.exited, k * dt, t_max)
    return EscapeSample(times=times, escaped=np.asarray(traj.exited, dtype=bool), dt=dt, t_max=t_max)
