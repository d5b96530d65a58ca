"""Presets and the numbers the domain-wall page quotes: velocity curves, the (q, phi) model
integrated against its closed forms, the micromagnetic check and the computed links.

Reduced units of :mod:`spinlib.domainwall.collective`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import numpy as np

from ..validate import SpinlibInputError, count, finite, positive, scalar
from .collective import (
    WallParams,
    integrate_wall,
    pinning_current,
    walker_field,
    walker_velocity,
    wall_velocity,
)
from .micromagnetics import simulate_wire
from .si import drift_velocity, reduced_units

__all__ = [
    "PAGE_WALL",
    "CHECK_WIRE",
    "PERMALLOY",
    "velocity_curve",
    "period_average",
    "ode_velocity",
    "MicromagneticPoint",
    "CHECK_POINTS",
    "micromagnetic_check",
    "check_row",
    "collective_trajectory",
    "permalloy",
    "links",
]

#: The wall of the page's figures and explorer: a thin-film-like hard axis (``h_perp = 1``),
#: ``alpha = 0.02`` (permalloy-like damping). ``beta`` is varied on the page.
PAGE_WALL = WallParams(alpha=0.02, beta=0.0, hk_perp=1.0, hk=0.5)

#: The wire of the micromagnetic check: ``alpha = 0.1`` keeps the transients short (the check runs
#: in seconds); ``hk_perp / hk = 2`` lets the wall narrow visibly when it tilts.
CHECK_WIRE = WallParams(alpha=0.1, beta=0.0, hk_perp=1.0, hk=0.5)

#: Illustrative permalloy strip (SI): ``M_s`` (A/m), exchange ``A`` (J/m), easy-axis (shape)
#: anisotropy ``K`` along the wire and hard-axis ``K_perp`` (J/m^3), damping, current polarization.
#: Round textbook values, not a paper's: ``K_perp`` is close to the thin-film shape anisotropy
#: ``mu0 M_s^2 / 2``, ``K`` a typical shape anisotropy of a narrow strip.
PERMALLOY = {"saturation_magnetization": 8.6e5, "exchange": 1.3e-11, "anisotropy": 5.0e4,
             "hard_anisotropy": 4.0e5, "alpha": 0.01, "polarization": 0.7}


def velocity_curve(*, params: WallParams, field=0.0, currents):
    """Time-averaged wall velocity on a grid of currents (one vectorised call).

    Parameters
    ----------
    params : WallParams
    field : float
        Field ``h``.
    currents : array_like
        Spin-drift velocities ``u``.

    Returns
    -------
    ndarray
        :func:`~spinlib.domainwall.collective.wall_velocity` at each current.

    Examples
    --------
    >>> np.round(velocity_curve(params=PAGE_WALL, currents=[0.0, 0.25, 0.75]), 3)
    array([0.   , 0.   , 0.559])
    """
    currents = finite("currents", currents)
    return wall_velocity(params=params, field=scalar("field", field), current=currents)


def period_average(t, q, phi):
    """Average velocity of a trajectory over a whole number of half-turns of ``phi``.

    Parameters
    ----------
    t : array (n_t,)
    q, phi : arrays (..., n_t)
        Position and unwrapped tilt (the second half of the record is used).

    Returns
    -------
    ndarray
        ``(q(t2) - q(t1)) / (t2 - t1)`` with ``phi(t2) - phi(t1)`` the largest multiple of ``pi``
        in the second half (linear interpolation between samples); the plain slope over the
        second half where ``phi`` turns by less than ``pi`` (steady motion).

    Notes
    -----
    Averaging over whole periods removes the oscillating part of ``q'`` exactly, so the result
    converges to the time average as the sampling is refined, not as ``1 / T``.

    Examples
    --------
    A wall that moves at 0.3 and never turns: the plain slope.

    >>> t = np.linspace(0.0, 10.0, 101)
    >>> round(float(period_average(t, 0.3 * t, np.zeros_like(t))), 12)
    0.3
    """
    t = finite("t", t)
    q, phi = np.broadcast_arrays(finite("q", q), finite("phi", phi))
    if t.ndim != 1 or q.shape[-1] != t.size or t.size < 4:
        raise SpinlibInputError(
            f"q and phi must end with the length of t ({t.size} >= 4); got shape {q.shape}")
    half = t.size // 2
    tt = t[half:]
    out = np.empty(q.shape[:-1])
    for idx in np.ndindex(q.shape[:-1]):
        qq, pp = q[idx][half:], phi[idx][half:]
        turns = np.floor(abs(pp[-1] - pp[0]) / np.pi)
        if turns < 1:
            out[idx] = (qq[-1] - qq[0]) / (tt[-1] - tt[0])
            continue
        sgn = np.sign(pp[-1] - pp[0])
        target = pp[0] + sgn * turns * np.pi
        p_sorted = pp * sgn  # increasing on average; search the last crossing of the target
        k = np.flatnonzero(p_sorted >= target * sgn)[0]
        w = (target - pp[k - 1]) / (pp[k] - pp[k - 1])
        t2 = tt[k - 1] + w * (tt[k] - tt[k - 1])
        q2 = qq[k - 1] + w * (qq[k] - qq[k - 1])
        out[idx] = (q2 - qq[0]) / (t2 - tt[0])
    return out


def ode_velocity(*, params: WallParams, field=0.0, current=0.0, t_end=2000.0, n_steps=40000):
    """Time-averaged velocity of the (q, phi) model by integrating it (independent of the closed form).

    Parameters
    ----------
    params : WallParams
    field, current : array_like
        Drive, broadcast into a batch.
    t_end, n_steps : float, int
        Duration and RK4 steps (the second half is averaged over whole half-turns).

    Returns
    -------
    ndarray
        :func:`period_average` of :func:`~spinlib.domainwall.collective.integrate_wall`.

    Examples
    --------
    >>> round(float(ode_velocity(params=PAGE_WALL, current=1.0, t_end=400.0, n_steps=4000)), 3)
    0.866
    """
    t_end = scalar("t_end", t_end, positive)
    n_steps = count("n_steps", n_steps, minimum=8)
    n_out = n_steps // 2 if n_steps % 2 == 0 else n_steps
    tr = integrate_wall(params=params, field=field, current=current, t_end=t_end, n_steps=n_steps,
                        n_out=n_out)
    return period_average(tr.t, tr.q, tr.phi)


@dataclass(frozen=True)
class MicromagneticPoint:
    """One point of the micromagnetic check: drive, what it probes, and the tolerance the page states."""

    label: str  # what it probes
    beta: float  # non-adiabatic parameter
    field: float  # h
    current: float  # u
    reference: str  # "walker" (exact field solution), "u" (beta = alpha), "rigid" (the (q, phi) model)


#: The check points (CHECK_WIRE): below and above breakdown in field, beta = alpha, intrinsic
#: pinning below both thresholds, between the two thresholds, above both, beta = 2 alpha.
CHECK_POINTS = (
    MicromagneticPoint("field, below breakdown", 0.0, 0.025, 0.0, "walker"),
    MicromagneticPoint("field, above breakdown", 0.0, 0.10, 0.0, "rigid"),
    MicromagneticPoint("beta = alpha", 0.1, 0.0, 0.5, "u"),
    MicromagneticPoint("beta = 0, below pinning", 0.0, 0.0, 0.3, "rigid"),
    MicromagneticPoint("beta = 0, between thresholds", 0.0, 0.0, 0.45, "rigid"),
    MicromagneticPoint("beta = 0, above pinning", 0.0, 0.0, 1.0, "rigid"),
    MicromagneticPoint("beta = 2 alpha, steady", 0.2, 0.0, 0.3, "rigid"),
)


@functools.lru_cache(maxsize=4)
def micromagnetic_check(*, t_end: float = 300.0, n_out: int = 600, n_cells: int = 200, length: float = 40.0,
                        dt: float | None = None) -> tuple:
    """Run the micromagnetic wire at :data:`CHECK_POINTS` and compare with the (q, phi) model.

    Returns
    -------
    tuple of dict
        Per point: ``label``, ``beta``, ``field``, ``current``, ``v_micro`` (period-averaged
        micromagnetic velocity), ``v_rigid`` (:func:`wall_velocity`), ``v_exact`` (Walker's exact
        velocity for the field point, ``u`` for ``beta = alpha``, else NaN-free ``None``),
        ``width`` (time-averaged integral width over the second half, ``Delta_0``), and the
        records ``t``, ``q``, ``phi``, ``width_t`` of the run.

    Notes
    -----
    The points sharing a ``beta`` run as one batch of :func:`simulate_wire`. Cached: the page and
    the tests share one run.
    """
    rows = []
    for beta in sorted({p.beta for p in CHECK_POINTS}):
        pts = [p for p in CHECK_POINTS if p.beta == beta]
        P = CHECK_WIRE.replace(beta=beta)
        run = simulate_wire(params=P, field=[p.field for p in pts], current=[p.current for p in pts],
                            t_end=t_end, n_out=n_out, n_cells=n_cells, length=length, dt=dt)
        v = period_average(run.t, run.q, run.phi)
        half = run.t.size // 2
        for i, p in enumerate(pts):
            exact = None
            if p.reference == "walker":
                exact = float(walker_velocity(params=P, field=p.field))
            elif p.reference == "u":
                exact = p.current
            rows.append({"label": p.label, "beta": beta, "field": p.field, "current": p.current,
                         "v_micro": float(v[i]), "v_rigid": float(wall_velocity(params=P, field=p.field,
                                                                                 current=p.current)),
                         "v_exact": exact, "width": float(np.mean(run.width[i, half:])),
                         "t": run.t, "q": run.q[i], "phi": run.phi[i], "width_t": run.width[i]})
    order = {p.label: k for k, p in enumerate(CHECK_POINTS)}
    return tuple(sorted(rows, key=lambda r: order[r["label"]]))


def check_row(label: str) -> dict:
    """The row of :func:`micromagnetic_check` with this ``label``.

    Parameters
    ----------
    label : str, one of the labels of :data:`CHECK_POINTS`.

    Returns
    -------
    dict, the row (velocities of the wire and of the model, the run's ``t``, ``q`` ...).

    Examples
    --------
    >>> row = check_row("beta = alpha")
    >>> abs(row["beta"] - 0.1) < 1e-12
    True
    """
    if label not in [p.label for p in CHECK_POINTS]:
        raise SpinlibInputError(f"label must be one of {[p.label for p in CHECK_POINTS]!r}; got {label!r}")
    for row in micromagnetic_check():
        if row["label"] == label:
            return row
    raise SpinlibInputError(f"label must be one of {[p.label for p in CHECK_POINTS]!r}; got {label!r}")


def collective_trajectory(label: str, *, n_steps: int = 6000):
    """The (q, phi) model run at the drive of a check point, saved at the micromagnetic times.

    Parameters
    ----------
    label : str, one of the labels of :data:`CHECK_POINTS`.
    n_steps : RK4 steps (rounded down to a multiple of the saved intervals).

    Returns
    -------
    WallTrajectory
        On the time grid of :func:`micromagnetic_check` (same duration, same saved times).

    Examples
    --------
    >>> tr = collective_trajectory("beta = alpha")
    >>> bool(np.allclose(tr.t, check_row("beta = alpha")["t"]))
    True
    """
    row = check_row(label)
    P = CHECK_WIRE.replace(beta=row["beta"])
    n_out = row["t"].size - 1
    n_steps = count("n_steps", n_steps, minimum=n_out)
    n_steps -= n_steps % n_out
    return integrate_wall(params=P, field=row["field"], current=row["current"], t_end=float(row["t"][-1]),
                          n_steps=n_steps, n_out=n_out)


def permalloy(material: dict | None = None) -> dict:
    """Reduced parameters and units of the illustrative permalloy strip (:data:`PERMALLOY`).

    Parameters
    ----------
    material : dict or None, the strip's constants in SI (keys of :data:`PERMALLOY`); None for it.

    Returns
    -------
    dict
        The :func:`~spinlib.domainwall.si.reduced_units` of the strip plus ``params``
        (:class:`WallParams` with ``hk`` and ``hk_perp = 2 K_perp / (mu0 M_s^2)``).

    Examples
    --------
    >>> round(permalloy()["width"] * 1e9, 1)
    16.1
    """
    mat = dict(PERMALLOY if material is None else material)
    units = reduced_units(saturation_magnetization=mat["saturation_magnetization"], exchange=mat["exchange"],
                          anisotropy=mat["anisotropy"])
    hk_perp = units["hk"] * mat["hard_anisotropy"] / mat["anisotropy"]
    params = WallParams(alpha=mat["alpha"], beta=0.0, hk_perp=hk_perp, hk=units["hk"])
    return {**units, "params": params, "polarization": mat["polarization"]}


def links(current_density: float = 1e12) -> dict:
    """Computed links of the domain-wall page to the rest of the book, for the permalloy strip.

    Parameters
    ----------
    current_density : charge current density ``j`` (A/m^2, > 0) for Ralph & Stiles' ``v_0``.

    Returns
    -------
    dict
        ``u_ms``: Ralph & Stiles' ``v_0`` (m/s) at ``current_density`` (A/m^2); ``u_reduced``: the
        same in the page's units; ``u_c_ms`` and ``j_c``: the intrinsic pinning threshold at
        ``beta = 0`` as a speed (m/s) and as a current density (A/m^2); ``walker_mT``: the Walker
        field ``mu0 H_W`` (mT); ``v_walker_ms``: the steady velocity at the Walker field (m/s).

    Examples
    --------
    >>> L = links()
    >>> round(L["u_ms"], 1), f"{L['j_c']:.2e}"
    (47.1, '2.80e+13')
    """
    j = scalar("current_density", current_density, positive)
    mat = permalloy()
    P = mat["params"]
    u_ms = float(drift_velocity(current_density=j, polarization=mat["polarization"],
                                saturation_magnetization=PERMALLOY["saturation_magnetization"]))
    u_c = pinning_current(params=P) * mat["velocity"]
    hw = float(walker_field(params=P))
    return {"u_ms": u_ms, "u_reduced": u_ms / mat["velocity"], "u_c_ms": u_c, "j_c": j * u_c / u_ms,
            "walker_mT": 1e3 * hw * mat["field_tesla"], "v_walker_ms": hw / P.alpha * mat["velocity"],
            "width_nm": 1e9 * mat["width"], "hk_perp": P.hk_perp}
