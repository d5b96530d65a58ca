"""The NMD (nano-magnet dynamics) equation: the large-spin limit of the master equation.

For ``S_0 >> 1`` the charge equilibrates fast and ``u = S_z / S_0`` obeys the Fokker-Planck
equation (35a) of Parcollet & Waintal (2006), ``d rho/dt = d_u[-R rho + (1/S_0) d_u (D rho)]``,
or the Langevin equation (24a) ``du/dt = R(u) + sqrt(2 D(u)/S_0) xi(t)``. This module holds its
drift ``R`` (Eq. (24b)), diffusion ``D`` (as derived in the chapter; the printed Eqs. (24c), (35c)
miss a term), fixed points, the current at frozen ``u`` (Eq. (37), corrected), the stochastic
trajectory, and the zero-bias forms (Eqs. (53)-(55)). Units as in :mod:`spinlib.nanomagnet.grain`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validate import SpinlibInputError, count, in_range, positive, show
from .grain import Lead, Nanomagnet, _grain, bath_rate, fermi  # noqa: F401 (Lead: doctests)

__all__ = [
    "MAX_NMD_STEPS",
    "NMDTrajectory",
    "channel_functions",
    "nmd_drift",
    "nmd_diffusion",
    "bath_diffusion",
    "nmd_fixed_points",
    "nmd_current",
    "simulate_nmd",
    "zero_bias_udot",
    "lead_damping",
    "zero_bias_current",
]

#: Largest ``n_grid`` of :func:`nmd_fixed_points` and ``n_steps`` of :func:`simulate_nmd`.
MAX_NMD_STEPS = 10**7


def _u(u, name="u"):
    return in_range(name, u, -1.0, 1.0)


def _ratio(num, den):
    """``num / den``, and 0 where ``den = 0``: there (a fully polarised ``q = +-1`` at the pole
    ``u = -q eta``) every rate of the vanishing channel is zero, so ``num`` vanishes as well."""
    if np.ndim(num) == 0 and np.ndim(den) == 0:
        return 0.0 * num if den == 0 else num / den
    num, den = np.broadcast_arrays(np.asarray(num, float), np.asarray(den, float))
    return np.divide(num, den, out=np.zeros_like(num), where=den != 0)


def _totals(p: Nanomagnet):
    """``Gamma`` and ``q`` of Eq. (26) of the grain's leads."""
    g = p.rates_z()
    gam = float(g.sum())
    return gam, float(g[:, 0].sum() - g[:, 1].sum()) / gam


def channel_functions(u, *, params):
    """Spin-channel functions ``f_up(u)``, ``f_down(u)`` of Eq. (25) of P&W.

    Parameters
    ----------
    u : array_like
        ``u = S_z / S_0`` in ``[-1, 1]``.
    params : Nanomagnet

    Returns
    -------
    f_up, f_down : ndarray
        ``f_sigma = sum_a Gamma_a^sigma n(epsilon - kappa sigma u - h sigma/2 - mu_a)`` (rate unit):
        the rate at which electrons of spin ``sigma`` can enter at ``u``.

    Examples
    --------
    >>> p = Nanomagnet(temperature=0.0, leads=(Lead(rate_majority=2.0, rate_minority=1.0,
    ...                                             chemical_potential=0.5),))
    >>> [float(f) for f in channel_functions(0.0, params=p)]
    [2.0, 1.0]
    """
    p = _grain(params)
    u = _u(u)
    g = p.rates_z()
    mu = p.chemical_potentials()
    out = []
    for col, sigma in ((0, 1), (1, -1)):
        x = p.level - p.anisotropy * sigma * u - 0.5 * p.field * sigma
        out.append(sum(g[a, col] * fermi(x - mu[a], temperature=p.temperature) for a in range(len(mu))))
    return out[0], out[1]


def nmd_drift(u, *, params):
    """Drift ``R(u)`` of the NMD equation, Eq. (24b) of P&W.

    Parameters
    ----------
    u : array_like
        ``u = S_z / S_0`` in ``[-1, 1]``.
    params : Nanomagnet

    Returns
    -------
    ndarray
        ``du/dt`` without noise (rate unit).

    Notes
    -----
    ``R = (1 - u^2) [alpha_B (h + 2 kappa u) + ((1 - q) f_up - (1 + q) f_down) / (4 S_0 (1 + q eta
    u))]`` with ``f`` of :func:`channel_functions` and ``q`` of Eq. (26); derived in
    :func:`spinlib.nanomagnet.derivation.fokker_planck_coefficients`.

    Examples
    --------
    >>> p = Nanomagnet(spin=10, field=1.0, damping=0.1, leads=(Lead(rate_majority=1.0,
    ...                rate_minority=1.0, chemical_potential=-50.0),))
    >>> round(float(nmd_drift(0.0, params=p)), 12)  # bath only: alpha_B h
    0.1
    """
    p = _grain(params)
    u = _u(u)
    fu, fd = channel_functions(u, params=p)
    gam, q = _totals(p)
    lead = _ratio((1 - q) * fu - (1 + q) * fd, 4 * p.spin * (1 + q * p.orbital * u))
    return (1 - u * u) * (p.damping * (p.field + 2 * p.anisotropy * u) + lead)


def bath_diffusion(u, *, params):
    """Bath part of the NMD diffusion, Eq. (24c) of P&W.

    Parameters
    ----------
    u : array_like
        ``u`` in ``[-1, 1]``.
    params : Nanomagnet

    Returns
    -------
    ndarray
        ``alpha_B (h + 2 kappa u) / (2 tanh((h + 2 kappa u) / 2T)) (1 - u^2)`` (rate unit),
        finite at ``T = 0`` and at ``h + 2 kappa u = 0`` (where it is ``alpha_B T (1 - u^2)``).

    Examples
    --------
    >>> p = Nanomagnet(temperature=0.5, damping=0.2)
    >>> round(float(bath_diffusion(0.0, params=p)), 12)  # alpha_B T at E = 0
    0.1
    """
    p = _grain(params)
    u = _u(u)
    de = p.field + 2 * p.anisotropy * u
    return p.damping * 0.5 * _x_coth_half(de, p.temperature) * (1 - u * u)


def nmd_diffusion(u, *, params):
    """Diffusion ``D(u)`` of the NMD Fokker-Planck equation (35a), as derived in the nanomagnet chapter.

    Parameters
    ----------
    u : array_like
        ``u`` in ``[-1, 1]``.
    params : Nanomagnet

    Returns
    -------
    ndarray
        ``D >= 0`` (rate unit), in ``d rho/dt = d_u[-R rho + (1/S_0) d_u (D rho)]``.

    Notes
    -----
    The lead part is the long-time variance rate of ``S_z`` at frozen ``u`` (second cumulant of
    the two-charge-state process), which includes the correlation of successive in/out tunnelling
    events; it differs from the printed Eqs. (24c), (35c) of P&W by a term proportional to
    ``q (1 - u^2)^2`` (see the chapter's erratum). The bath part is :func:`bath_diffusion`.

    Examples
    --------
    >>> p = Nanomagnet(spin=100, temperature=0.5, damping=0.01)
    >>> round(float(nmd_diffusion(0.3, params=p)), 8)
    0.00603257
    """
    p = _grain(params)
    u = _u(u)
    fu, fd = channel_functions(u, params=p)
    g = p.rates_z()
    gu, gd = float(g[:, 0].sum()), float(g[:, 1].sum())
    eta = p.orbital
    wu, wd = (1 + eta * u) / 2, (1 - eta * u) / 2  # large-S0 Clebsch-Gordan weights, Eq. (17)
    var_rate = _variance_rate(wu * fu, wd * fd, wu * (gu - fu), wd * (gd - fd))
    return var_rate / (2.0 * p.spin) + bath_diffusion(u, params=p)


def _variance_rate(kin_u, kin_d, kout_u, kout_d):
    """Second cumulant rate of ``S_z`` for the two-state chain (entering +-1/2, leaving -+1/2)."""
    kin, kout = kin_u + kin_d, kout_u + kout_d
    k = kin + kout
    a1 = 0.5 * (kin_u - kin_d)  # sum of rate x jump, entering
    b1 = -0.5 * (kout_u - kout_d)  # leaving
    a2 = 0.25 * kin  # sum of rate x jump^2
    b2 = 0.25 * kout
    # largest eigenvalue lambda(s) of the tilted generator [[-kin, B(s)], [A(s), -kout]]:
    # (lambda + kin)(lambda + kout) = A(s) B(s), expanded to second order in s
    j = _ratio(kout * a1 + kin * b1, k)  # lambda'(0): drift of S_z (0 where no channel is open)
    return _ratio(kout * a2 + kin * b2 + 2.0 * a1 * b1 - 2.0 * j * j, k)  # lambda''(0)


def _x_coth_half(e, t):
    """``e / tanh(e / 2T)`` (= ``2 e (n_B(e) + 1/2)``), exact at ``T = 0`` and ``e = 0``."""
    e, t = np.broadcast_arrays(np.asarray(e, float), np.asarray(t, float))
    return bath_rate(e, temperature=t) + bath_rate(-e, temperature=t)


def nmd_fixed_points(*, params, n_grid=2001):
    """Fixed points of ``du/dt = R(u)`` on [-1, 1] and their stability (finite temperature).

    Parameters
    ----------
    params : Nanomagnet
    n_grid : int
        Points of the grid on which sign changes of ``R/(1 - u^2)`` are sought (``11 ..``
        :data:`MAX_NMD_STEPS`); each is refined by bisection to ~1e-15.

    Returns
    -------
    u : ndarray (k,)
        Increasing; ``u = -1`` and ``u = +1`` are always fixed points of Eq. (24b).
    stable : ndarray of bool (k,)
        Stability: the sign of ``R`` next to the pole, or of ``-R'`` inside.

    Examples
    --------
    >>> p = Nanomagnet(spin=10, field=0.5, damping=0.1, leads=(Lead(rate_majority=1.0,
    ...                rate_minority=1.0, chemical_potential=-50.0),))
    >>> u, stable = nmd_fixed_points(params=p)  # bath only: R = 0.1 (1 - u^2)(0.5 + 2u)
    >>> np.round(u, 12).tolist(), stable.tolist()
    ([-1.0, -0.25, 1.0], [True, False, True])
    """
    p = _grain(params)
    n = count("n_grid", n_grid, minimum=11, maximum=MAX_NMD_STEPS)
    uu = np.linspace(-1, 1, n)
    r = nmd_drift(uu, params=p) / np.maximum(1 - uu * uu, 1e-300)  # R/(1-u^2): sign inside
    g = np.empty_like(uu)
    g[1:-1] = r[1:-1]
    g[0], g[-1] = r[1], r[-2]
    pts, stab = [-1.0], [bool(g[0] < 0)]
    # a zero exactly on a grid point, between points of opposite signs
    for k in np.nonzero((g[2:-2] == 0) & (np.sign(g[1:-3]) * np.sign(g[3:-1]) < 0))[0] + 2:
        pts.append(float(uu[k]))
        stab.append(bool(g[k - 1] > 0))
    for k in np.nonzero(np.sign(g[1:-2]) * np.sign(g[2:-1]) < 0)[0] + 1:
        lo, hi = uu[k], uu[k + 1]
        glo = g[k]
        for _ in range(50):
            mid = 0.5 * (lo + hi)
            gm = float(nmd_drift(mid, params=p)) / (1 - mid * mid)
            if np.sign(gm) == np.sign(glo):
                lo, glo = mid, gm
            else:
                hi = mid
        pts.append(0.5 * (lo + hi))
        stab.append(bool(g[k] > 0))
    pts.append(1.0)
    stab.append(bool(g[-1] > 0))
    order = np.argsort(pts, kind="stable")
    return np.array(pts)[order], np.array(stab)[order]


def nmd_current(u, *, params):
    """Current from lead 0 at a frozen ``u`` with the charge in equilibrium, Eq. (37) of P&W.

    Parameters
    ----------
    u : array_like
        ``u`` in ``[-1, 1]``.
    params : Nanomagnet
        Two or more leads.

    Returns
    -------
    ndarray
        Particle current from lead 0 into the grain (units ``e`` x rate).

    Notes
    -----
    ``I_a = sum_{sigma sigma'} sum_{b != a} c_a^sigma c_b^sigma' [n_a(x_sigma) - n_b(x_sigma')] / K``
    with ``c_a^sigma = Gamma_a^sigma (1 + eta sigma u)/2`` and ``K = Gamma (1 + q eta u)/2``:
    Eq. (37) corrected (the second Fermi function has ``kappa sigma' u``), derived in
    :func:`spinlib.nanomagnet.derivation.current_frozen_u`.

    Examples
    --------
    >>> p = Nanomagnet(temperature=0.0, leads=(Lead(rate_majority=1.0, rate_minority=1.0,
    ...                chemical_potential=50.0), Lead(rate_majority=1.0, rate_minority=1.0,
    ...                chemical_potential=-50.0)))
    >>> float(nmd_current(0.0, params=p))  # at u = 0 each spin channel has the weight 1/2
    0.5
    """
    p = _grain(params)
    u = _u(u)
    g = p.rates_z()
    mu = p.chemical_potentials()
    eta = p.orbital
    gam, q = _totals(p)
    total = 0.0 * u
    for a_col, sa in ((0, 1), (1, -1)):
        xa = p.level - p.anisotropy * sa * u - 0.5 * p.field * sa
        for b_col, sb in ((0, 1), (1, -1)):
            xb = p.level - p.anisotropy * sb * u - 0.5 * p.field * sb
            for b in range(1, len(mu)):
                c = g[0, a_col] * (1 + eta * sa * u) / 2 * g[b, b_col] * (1 + eta * sb * u) / 2
                total = total + c * (fermi(xa - mu[0], temperature=p.temperature)
                                     - fermi(xb - mu[b], temperature=p.temperature))
    return _ratio(total, gam * (1 + q * eta * u) / 2)


@dataclass(frozen=True)
class NMDTrajectory:
    """Output of :func:`simulate_nmd`: times ``t`` (n_t,) and ``u`` of shape ``batch + (n_t,)``.

    Examples
    --------
    >>> NMDTrajectory(t=np.linspace(0.0, 1.0, 3), u=np.zeros((2, 3))).u.shape
    (2, 3)
    """

    t: np.ndarray  # time axis, inverse rate unit
    u: np.ndarray  # u = S_z / S_0, batch + (n_t,)

    def __post_init__(self):
        t, u = np.asarray(self.t), np.asarray(self.u)
        if t.ndim != 1 or u.ndim < 1 or u.shape[-1] != t.size:
            raise SpinlibInputError(f"u must have shape batch + (len(t),); got t {show(self.t)}, "
                                    f"u of shape {u.shape}")


def simulate_nmd(u0, *, params, t_end, n_steps, seed=None):
    """Integrate the stochastic NMD equation (24a) (Ito, Euler-Maruyama), ``u`` kept in [-1, 1].

    Parameters
    ----------
    u0 : array_like
        Initial ``u`` in ``[-1, 1]``; an array runs a batch of independent trajectories.
    params : Nanomagnet
    t_end : float
        Final time (``> 0``, inverse rate unit).
    n_steps : int
        Time steps, ``1 ..`` :data:`MAX_NMD_STEPS`.
    seed : int or numpy.random.Generator, optional

    Returns
    -------
    NMDTrajectory
        ``t`` of shape (n_steps + 1,) and ``u`` of shape ``u0.shape + (n_steps + 1,)``.

    Notes
    -----
    ``du = R dt + sqrt(2 D / S_0) dW`` with ``R``, ``D`` of :func:`nmd_drift`,
    :func:`nmd_diffusion` tabulated once on 8001 points of [-1, 1] and interpolated linearly
    (error ~1e-7 of their scale); a step leaving [-1, 1] is clipped to the pole.

    Examples
    --------
    >>> p = Nanomagnet(spin=50, field=0.5, temperature=0.2, damping=0.05)
    >>> tr = simulate_nmd(1.0, params=p, t_end=10.0, n_steps=100, seed=1)
    >>> tr.t.shape, tr.u.shape, float(tr.u[0])
    ((101,), (101,), 1.0)
    """
    p = _grain(params)
    u = np.array(_u(u0, "u0"), dtype=float)
    tend = float(positive("t_end", t_end))
    n = count("n_steps", n_steps, minimum=1, maximum=MAX_NMD_STEPS)
    if seed is not None and not isinstance(seed, np.random.Generator):
        seed = count("seed", seed)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    dt = tend / n
    grid = np.linspace(-1.0, 1.0, 8001)
    r_tab = nmd_drift(grid, params=p)
    amp_tab = np.sqrt(2.0 * np.maximum(nmd_diffusion(grid, params=p), 0.0) / p.spin)
    out = np.empty((n + 1,) + u.shape)
    out[0] = u
    noise = rng.standard_normal((n,) + u.shape) * np.sqrt(dt)
    interp = np.interp
    if u.ndim == 0:  # one trajectory: Python floats are faster than 0-d arrays
        x = float(u)
        for k in range(n):
            x = x + interp(x, grid, r_tab) * dt + interp(x, grid, amp_tab) * noise[k]
            x = 1.0 if x > 1.0 else -1.0 if x < -1.0 else x
            out[k + 1] = x
    else:
        for k in range(n):
            u = np.clip(u + interp(u, grid, r_tab) * dt + interp(u, grid, amp_tab) * noise[k], -1.0, 1.0)
            out[k + 1] = u
    return NMDTrajectory(t=np.linspace(0.0, tend, n + 1), u=np.moveaxis(out, 0, -1))


# ----------------------------------------------------------------------------- zero bias
def _zero_bias(p: Nanomagnet):
    mu = p.chemical_potentials()
    if np.ptp(mu) != 0:
        raise SpinlibInputError(f"params must have all leads at one chemical potential (zero bias); "
                                f"got {mu.tolist()}")
    return mu


def zero_bias_udot(u, *, params):
    """Deterministic NMD at zero bias, Eq. (53) of P&W (all leads at one chemical potential).

    Parameters
    ----------
    u : array_like
        ``u`` in ``[-1, 1]``.
    params : Nanomagnet
        All leads at one chemical potential ``mu``.

    Returns
    -------
    ndarray
        ``du/dt`` (rate unit).

    Notes
    -----
    ``du/dt = (1 - u^2) [alpha_B (h + 2 kappa u) + Gamma (1 - q^2) / (8 S_0 (1 + q eta u))
    sinh(y/T) / (cosh(eps'/T) + cosh(y/T))]`` with ``y = kappa u + h/2`` and ``eps' = eps - mu``.
    Exact at ``T = 0`` and for huge arguments (written as a difference of Fermi functions).

    Examples
    --------
    >>> p = Nanomagnet(spin=10, level=0.0, temperature=1.0,
    ...                leads=(Lead(rate_majority=1.0, rate_minority=1.0),))
    >>> round(float(zero_bias_udot(0.5, params=p)), 8)
    0.00459222
    """
    p = _grain(params)
    u = _u(u)
    mu = _zero_bias(p)
    gam, q = _totals(p)
    y = p.anisotropy * u + 0.5 * p.field
    e = p.level - mu[0]
    return (1 - u * u) * (p.damping * (p.field + 2 * p.anisotropy * u)
                          + _ratio(gam * (1 - q * q), 8 * p.spin * (1 + q * p.orbital * u))
                          * _sinh_ratio(y, e, p.temperature))


def _sinh_ratio(y, e, t):
    """``sinh(y/T) / (cosh(e/T) + cosh(y/T))`` = ``n(e - y) - n(e + y)``, exact for T -> 0."""
    return fermi(e - y, temperature=t) - fermi(e + y, temperature=t)


def lead_damping(*, params, u=0.0):
    """Lead-induced damping ``alpha_eff - alpha_B`` of Eq. (54) of P&W, exact and high-T.

    Parameters
    ----------
    params : Nanomagnet
        ``temperature > 0``; the level is measured from lead 0's chemical potential.
    u : float
        In the open interval (-1, 1) (at a pole the damping coefficient of a fully polarised
        lead diverges while the drift itself vanishes).

    Returns
    -------
    exact, high_t : float
        ``exact`` = slope of the lead term of Eq. (53) with respect to ``h + 2 kappa u`` at
        ``h + 2 kappa u = 0`` (linear response); ``high_t = Gamma (1 - q^2) / (32 T S_0 (1 + q eta
        u))``, its high-temperature limit as derived in the nanomagnet chapter (the printed Eq. (54) has 16).

    Examples
    --------
    >>> p = Nanomagnet(spin=10, level=1.0, temperature=100.0,
    ...                leads=(Lead(rate_majority=1.0, rate_minority=1.0),))
    >>> exact, high = lead_damping(params=p)
    >>> round(exact / high, 4)
    1.0
    """
    p = _grain(params)
    uu = float(in_range("u", u, -1.0, 1.0, lo_open=True, hi_open=True))
    if p.temperature <= 0:
        raise SpinlibInputError(f"params.temperature must be > 0 here; got {p.temperature!r}")
    gam, q = _totals(p)
    t = p.temperature
    e = p.level - p.chemical_potentials()[0]
    # d/dx [sinh(x/2T)/(cosh(e/T)+cosh(x/2T))] at x=0 = 1/(2T (cosh(e/T) + 1)) = n(e)(1-n(e))/T
    ne, ne_empty = float(fermi(e, temperature=t)), float(fermi(-e, temperature=t))
    with np.errstate(over="ignore"):
        slope = np.float64(ne * ne_empty) / t
    pref = gam * (1 - q * q) / (8 * p.spin * (1 + q * p.orbital * uu))
    if pref == 0.0:  # |q| = 1: one spin channel only, no lead-induced relaxation
        return 0.0, 0.0
    with np.errstate(over="ignore"):  # ~1/T: inf only when T < ~1e-308 puts it beyond the float range
        return float(pref * slope), float(pref / (4.0 * t))


def zero_bias_current(u, *, params):
    """Current from lead 0 at zero bias and frozen ``u``, Eq. (55) of P&W (two or more leads).

    Parameters
    ----------
    u : array_like
        ``u`` in ``[-1, 1]``.
    params : Nanomagnet
        All leads at one chemical potential.

    Returns
    -------
    ndarray
        ``I_0 = sum_{b != 0} (1 - u^2) (Gamma_0^up Gamma_b^down - Gamma_0^down Gamma_b^up)
        (n(Delta E^up) - n(Delta E^down)) / (2 Gamma (1 + eta q u))`` (units ``e`` x rate): the
        current pumped by a precessing spin between leads of different polarisation.

    Examples
    --------
    >>> p = Nanomagnet(temperature=0.0, level=0.0, anisotropy=1.0,
    ...                leads=(Lead(rate_majority=1.0, rate_minority=0.0), Lead(rate_majority=0.0,
    ...                       rate_minority=1.0)))
    >>> round(float(zero_bias_current(0.5, params=p)), 6)
    0.1875
    """
    p = _grain(params)
    u = _u(u)
    mu = _zero_bias(p)
    g = p.rates_z()
    gam, q = _totals(p)
    x_up = p.level - p.anisotropy * u - 0.5 * p.field - mu[0]
    x_dn = p.level + p.anisotropy * u + 0.5 * p.field - mu[0]
    dn = fermi(x_up, temperature=p.temperature) - fermi(x_dn, temperature=p.temperature)
    cross = sum(g[0, 0] * g[b, 1] - g[0, 1] * g[b, 0] for b in range(1, len(mu)))
    return (1 - u * u) * _ratio(cross * dn, 2 * gam * (1 + p.orbital * q * u))
