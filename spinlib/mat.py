"""Magnon-assisted transport (MAT) and quantum spin-transfer torque in a tunnel junction.

Closed-form numerics of the macrospin tunnel-junction model of Bender, Duine &
Tserkovnyak, Phys. Rev. B 99, 024434 (2019) ("Bender et al. (2019)" below).

Units
-----
Everything is dimensionless in the units of the paper's own scales:

* energies (bias ``eV``, temperature ``k_B T``) in units of the magnon quantum
  ``hbar * Omega`` (``Omega`` is the FMR frequency of the island spin), so
  ``bias = e V / (hbar Omega)`` and ``temperature = k_B T / (hbar Omega)``;
* conductances in units of the spin-averaged elastic conductance ``G0``;
* currents in units of ``G0 hbar Omega / e``; resistances in units of ``1 / G0``.

SI conversions live in :mod:`spinlib.units` (see :func:`crossover_temperature_K`).

Conventions
-----------
``orientation`` is ``eta = +1`` (parallel, P) or ``-1`` (antiparallel, AP).
The spin-transfer rate Eq. (13) of the paper is printed for the antiparallel
configuration of Eq. (3); the parallel one follows from ``P_L -> -P_L``, i.e.
``P_L -> -eta P_L`` in general. This is the convention that makes the printed
threshold ``V_c = eta (1 + alpha_p/alpha_e) hbar Omega / (e P_L)`` of Eq. (14)
come out of Eq. (13); with it the quantum part of Eq. (14) reads
``N~ = [N_+ - N_0 - eta P_L N_-] / (1 + S/S_c)`` (the printed form lacks ``eta``;
see :mod:`spinlib.derivations.ch2_mat`).

The simplified parametrisation below Eq. (11) (``A_{nu nu'} = A``,
``B_{nu nu'} = B``, island polarisation ``P = B/A`` real) gives
``Gamma G_phi / G0 = 2 P^2 / (1 + P^2)`` and ``G_m / G0 = 2 P P_L / (1 + P^2)``.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import factorial

import numpy as np

from .validate import choice, finite, in_range, nonnegative, positive

__all__ = [
    "JunctionParams",
    "FIG2",
    "ORIENTATIONS",
    "bose_energy",
    "electron_hole_functions",
    "electron_hole_derivatives",
    "equilibrium_magnon_number",
    "critical_bias",
    "SteadyState",
    "steady_state",
    "magnon_number",
    "elastic_conductance",
    "inelastic_current",
    "current",
    "resistance",
    "ConductanceParts",
    "conductance_parts",
    "stt_mat_ratio",
    "quantum_classical_crossover",
    "crossover_temperature_K",
]

#: orientation label -> eta of Eq. (7) of Bender et al. (2019)
ORIENTATIONS = {"P": 1, "AP": -1}


@dataclass(frozen=True)
class JunctionParams:
    """Parameters of the magnetic tunnel junction of Bender et al. (2019).

    The simplified parametrisation below Eq. (11) of Bender et al. (2019) is used:
    uniform hopping amplitudes ``A``, ``B`` with a real island polarisation
    ``P = B/A``.
    """

    lead_polarization: float = 0.2  #: P_L, effective left-lead polarisation, Eq. (10); in [-1, 1]
    island_polarization: float = 0.2  #: P = B/A, island polarisation (real); in [-1, 1]
    spin_ratio: float = 25.0  #: S/S_c = alpha_p/alpha_e, island spin over reference spin; > 0
    spin: float = 1.0e4  #: S, island spin in units of hbar; > 0 (enters only as 1/S prefactors)

    def __post_init__(self):
        in_range("lead_polarization", self.lead_polarization, -1.0, 1.0)
        in_range("island_polarization", self.island_polarization, -1.0, 1.0)
        positive("spin_ratio", self.spin_ratio)
        positive("spin", self.spin)

    @property
    def inelastic_strength(self) -> float:
        """``Gamma G_phi / G0 = 2 P^2 / (1 + P^2)`` (dimensionless), from Eq. (9) below Eq. (11)."""
        p = self.island_polarization
        return 2.0 * p * p / (1.0 + p * p)

    @property
    def magnetoconductance(self) -> float:
        """``G_m / G0 = 2 P P_L / (1 + P^2)`` (dimensionless), from Eq. (8) below Eq. (11)."""
        p = self.island_polarization
        return 2.0 * p * self.lead_polarization / (1.0 + p * p)

    @property
    def damping_ratio(self) -> float:
        """``alpha_e / alpha_p = S_c / S`` (dimensionless)."""
        return 1.0 / self.spin_ratio


#: Parameters of Figs. 2-4 of Bender et al. (2019): alpha_p/alpha_e = S/S_c = 25, P_L = P = 0.2
#: (Fig. 2 caption, "taking P = P_L"). The island spin S is not given in the paper; S = 10^4
#: is our choice (features of R scale as 1/S, see the chapter).
FIG2 = JunctionParams(lead_polarization=0.2, island_polarization=0.2, spin_ratio=25.0, spin=1.0e4)


def _eta(orientation) -> int:
    if isinstance(orientation, str):
        orientation = ORIENTATIONS.get(orientation, orientation)
    return int(choice("orientation", orientation, (1, -1)))


# ---------------------------------------------------------------------------
# Bose functions: exact at T = 0 and at |x| >> T
# ---------------------------------------------------------------------------
# e(x) = (x/2) coth(x / 2T) = |x|/2 + T h(|x|/T),  h(u) = u / (e^u - 1).
# Series of h(u) (Bernoulli numbers) for small u, the exp(-u) form otherwise:
# neither overflows, none divides 0 by 0.
_SMALL_U = 0.1
_U_MAX = 700.0
_H = (1.0, -0.5, 1.0 / 12, 0.0, -1.0 / 720, 0.0, 1.0 / 30240, 0.0, -1.0 / 1209600)


def _h_series(u, k):
    """k-th derivative of h(u) = u/(e^u - 1) from its Taylor series (use for small u only)."""
    out = np.zeros_like(u)
    for n in range(len(_H) - 1, k - 1, -1):  # Horner-free but short: at most 9 terms
        if _H[n]:
            out = out + _H[n] * (factorial(n) // factorial(n - k)) * u ** (n - k)
    return out


def _h_derivs(u):
    """h, h', h'' of h(u) = u/(e^u - 1) for u >= 0 (array), exact limits, no over/underflow."""
    small = u < _SMALL_U
    huge = u > _U_MAX  # h and its derivatives are below 1e-300 there: exactly 0 in double
    us = np.clip(u, _SMALL_U, _U_MAX)  # safe argument for the closed forms
    q = np.exp(-us)
    d = -np.expm1(-us)  # 1 - e^{-u} > 0
    h_big = us * q / d
    h1_big = q * (d - us) / (d * d)
    h2_big = (q / (d * d)) * (us * (1.0 + q) / d - 2.0)
    uz = np.where(small, u, 0.0)  # series only where it converges (no overflow of u**8)
    h = np.where(small, _h_series(uz, 0), np.where(huge, 0.0, h_big))
    h1 = np.where(small, _h_series(uz, 1), np.where(huge, 0.0, h1_big))
    h2 = np.where(small, _h_series(uz, 2), np.where(huge, 0.0, h2_big))
    return h, h1, h2


def _scaled(x, temperature):
    """u = |x|/T (T > 0 entries; ``warm`` mask), capped above _U_MAX without overflow."""
    ax = np.abs(np.asarray(x, dtype=float))
    t = np.asarray(temperature, dtype=float)
    warm = t > 0
    ts = np.where(warm, t, 1.0)
    huge = ax > _U_MAX * np.minimum(ts, 1e300)
    ax, ts = np.broadcast_arrays(ax, ts)
    u = np.divide(ax, ts, out=np.full(ax.shape, 2.0 * _U_MAX), where=~huge)
    return u, warm, ts


def _thermal_part(x, temperature):
    """g(x) = T h(|x|/T) = |x| n_B(|x|) >= 0, so that (x/2) coth(x/2T) = |x|/2 + g(x).

    Exactly 0 at T = 0, exactly T at x = 0; small values keep their relative accuracy.
    """
    u, warm, ts = _scaled(x, temperature)
    h, _, _ = _h_derivs(u)
    return np.where(warm, ts * h, 0.0)


def _even_part(x, temperature, order):
    """Derivatives of e(x) = (x/2) coth(x/2T): ``order`` 1 gives e', 2 gives e''.

    At T = 0, e' = sign(x)/2 and e'' = 0 away from x = 0 (a delta function at
    x = 0, not represented).
    """
    x = np.asarray(x, dtype=float)
    u, warm, ts = _scaled(x, temperature)
    _, h1, h2 = _h_derivs(u)
    if order == 1:
        return np.sign(x) * (0.5 + np.where(warm, h1, 0.0))
    return np.where(warm, h2 / ts, 0.0)


def bose_energy(energy, *, temperature):
    """``x n_B(x) = x / (exp(x/T) - 1)``, exact at T = 0 and for |x| >> T.

    Parameters
    ----------
    energy : array_like
        Energy ``x`` in units of ``hbar Omega``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0.

    Returns
    -------
    ndarray
        ``x n_B(x)``; equals ``T`` at ``x = 0`` and ``max(-x, 0)`` at ``T = 0``.

    Notes
    -----
    Written as ``(x/2) coth(x/2T) - x/2``, the building block of Eq. (11) of
    Bender et al. (2019).
    """
    x = finite("energy", energy)
    t = nonnegative("temperature", temperature)
    return np.maximum(-x, 0.0) + _thermal_part(x, t)


def electron_hole_functions(bias, *, temperature):
    """Electron-hole functions ``N_+(V)`` and ``N_-(V)``, Eq. (11) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (broadcasts against ``bias``).

    Returns
    -------
    n_plus, n_minus : ndarray
        ``N_+`` (even in V, ``N_+(0) = N_0``) and ``N_-`` (odd in V).

    Notes
    -----
    ``N_+- = {n_B(1 - v)(1 - v) +- n_B(1 + v)(1 + v)} / 2`` with ``v = eV/hbar Omega``.
    With ``e(x) = (x/2) coth(x/2T)``: ``N_+ = [e(1-v) + e(1+v) - 1]/2`` and
    ``N_- = [v + e(1-v) - e(1+v)]/2``; the ``T = 0`` ramps ``|x|/2`` of ``e`` are
    separated exactly from its thermal part ``|x| n_B(|x|)``. At ``T = 0``:
    ``N_+ = max(|v| - 1, 0)/2`` and ``N_- = sign(v) max(|v| - 1, 0)/2``.
    """
    v = finite("bias", bias)
    t = nonnegative("temperature", temperature)
    # (x/2)coth(x/2T) = |x|/2 + g(x): the T = 0 ramps are separated exactly from g
    ramp = np.maximum(np.abs(v) - 1.0, 0.0)
    gm, gp = _thermal_part(1.0 - v, t), _thermal_part(1.0 + v, t)
    return 0.5 * (ramp + gm + gp), 0.5 * (np.sign(v) * ramp + gm - gp)


def electron_hole_derivatives(bias, *, temperature):
    """First and second bias derivatives of ``N_+-``, Eq. (11) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0. At ``T = 0`` the second derivatives are
        delta functions at ``|v| = 1``; the returned values are their regular part (0).

    Returns
    -------
    dn_plus, dn_minus, d2n_plus, d2n_minus : ndarray
        ``dN_+/dv``, ``dN_-/dv``, ``d^2N_+/dv^2``, ``d^2N_-/dv^2``.
    """
    v = finite("bias", bias)
    t = nonnegative("temperature", temperature)
    d1m, d1p = _even_part(1.0 - v, t, 1), _even_part(1.0 + v, t, 1)
    d2m, d2p = _even_part(1.0 - v, t, 2), _even_part(1.0 + v, t, 2)
    return 0.5 * (d1p - d1m), 0.5 * (1.0 - d1m - d1p), 0.5 * (d2m + d2p), 0.5 * (d2m - d2p)


def equilibrium_magnon_number(*, temperature):
    """``N_0 = n_B(hbar Omega) = 1/(exp(hbar Omega / T) - 1)``, below Eq. (11) of Bender et al. (2019).

    Parameters
    ----------
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0; ``N_0 = 0`` at ``T = 0``.
    """
    t = nonnegative("temperature", temperature)
    return _thermal_part(np.ones_like(t), t)


# ---------------------------------------------------------------------------
# Spin dynamics: Eqs. (12)-(14)
# ---------------------------------------------------------------------------
def critical_bias(*, params: JunctionParams = FIG2, orientation=-1):
    """Swasing threshold ``e V_c / (hbar Omega)``, below Eq. (14) of Bender et al. (2019).

    ``V_c = eta (1 + alpha_p/alpha_e) hbar Omega / (e P_L)``; ``+inf`` when ``P_L = 0``.
    The magnon number diverges at ``V = -V_c``; the model is used for ``|V| < |V_c|``.

    Parameters
    ----------
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}
        ``eta``.

    Returns
    -------
    float
        Signed ``e V_c / hbar Omega`` (``inf`` for an unpolarised lead).
    """
    eta = _eta(orientation)
    if params.lead_polarization == 0:
        return np.inf
    return eta * (1.0 + params.spin_ratio) / params.lead_polarization


def _check_bias(bias, params, eta):
    v = finite("bias", bias)
    vc = abs(critical_bias(params=params, orientation=eta))
    if np.any(np.abs(v) >= vc):
        raise ValueError(
            f"bias must satisfy |eV/hbar Omega| < |V_c| = {vc:g} (swasing threshold, "
            f"below Eq. (14) of Bender et al. (2019)); got max |bias| = {float(np.max(np.abs(v))):g}"
        )
    return v


@dataclass(frozen=True)
class SteadyState:
    """Steady state of the rate equation, Eq. (14) of Bender et al. (2019) (arrays broadcast)."""

    magnon_number: np.ndarray  #: N_s = gamma N_0 + gamma N~
    classical: np.ndarray  #: gamma N_0, STT-amplified thermal fluctuations
    quantum: np.ndarray  #: gamma N~, inelastic (quantum) STT part; 0 at V = 0
    gamma: np.ndarray  #: gamma = 1/(1 + V/V_c)
    n0: np.ndarray  #: N_0, equilibrium magnon number
    n_tilde: np.ndarray  #: N~ = [N_+ - N_0 - eta P_L N_-] / (1 + S/S_c)
    n_plus: np.ndarray  #: N_+(V), Eq. (11)
    n_minus: np.ndarray  #: N_-(V), Eq. (11)


def steady_state(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1) -> SteadyState:
    """Steady-state magnon number and its classical/quantum parts, Eq. (14) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|`` (see :func:`critical_bias`).
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (broadcasts against ``bias``).
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    SteadyState

    Notes
    -----
    Setting ``dN/dt = 0`` in Eqs. (12)-(13) (with ``P_L -> -eta P_L`` for the
    orientation) gives ``N_s = gamma (N_0 + N~)`` with ``gamma = 1/(1 + V/V_c)``
    and ``N~ = (alpha_e/alpha_p)[N_+ - N_0 - eta P_L N_-]/(1 + alpha_e/alpha_p)``.
    """
    eta = _eta(orientation)
    v = _check_bias(bias, params, eta)
    t = nonnegative("temperature", temperature)
    n_plus, n_minus = electron_hole_functions(v, temperature=t)
    n0 = equilibrium_magnon_number(temperature=t)
    one_rho = 1.0 + params.spin_ratio
    kappa = eta * params.lead_polarization / one_rho  # 1/V_c
    gamma = 1.0 / (1.0 + kappa * v)
    n_tilde = (n_plus - n0 - eta * params.lead_polarization * n_minus) / one_rho
    n0b = np.broadcast_to(n0, np.broadcast_shapes(np.shape(n0), np.shape(gamma)))
    return SteadyState(
        magnon_number=gamma * (n0 + n_tilde),
        classical=gamma * n0,
        quantum=gamma * n_tilde,
        gamma=gamma,
        n0=n0b,
        n_tilde=n_tilde,
        n_plus=n_plus,
        n_minus=n_minus,
    )


def magnon_number(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Steady-state magnon number ``N_s(V)``, Eq. (14) of Bender et al. (2019).

    Same parameters as :func:`steady_state`; returns ``N_s`` (dimensionless, >= 0).
    """
    return steady_state(bias, temperature=temperature, params=params, orientation=orientation).magnon_number


# ---------------------------------------------------------------------------
# Charge transport: Eqs. (6)-(8), (15)
# ---------------------------------------------------------------------------
def elastic_conductance(magnon, *, params: JunctionParams = FIG2, orientation=-1):
    """``G / G0 = 1 + eta (G_m/G0)(1 - N/S)``, below Eq. (7) of Bender et al. (2019).

    Parameters
    ----------
    magnon : array_like
        Magnon number ``N`` >= 0.
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}
    """
    eta = _eta(orientation)
    n = nonnegative("magnon", magnon)
    return 1.0 + eta * params.magnetoconductance * (1.0 - n / params.spin)


def inelastic_current(bias, magnon, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Inelastic (magnon-assisted) current ``I_i``, Eq. (7) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``.
    magnon : array_like
        Magnon number ``N`` >= 0.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0.
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}

    Returns
    -------
    ndarray
        ``I_i`` in units of ``G0 hbar Omega / e``:
        ``(Gamma G_phi / G0)(1/S)[N_- - eta P_L (N_+ - N)]``.

    Notes
    -----
    ``I_i = (e / pi S) Gamma Omega [N_- - eta P_L (N_+ - N)]`` and ``G_phi = e^2/(pi hbar)``.
    """
    eta = _eta(orientation)
    v = finite("bias", bias)
    n = nonnegative("magnon", magnon)
    n_plus, n_minus = electron_hole_functions(v, temperature=temperature)
    return _inelastic(n_plus, n_minus, n, eta=eta, params=params)


def _inelastic(n_plus, n_minus, magnon, *, eta, params: JunctionParams):
    """Eq. (7) from already computed ``N_+-`` (shared by :func:`inelastic_current` and :func:`current`)."""
    return (params.inelastic_strength / params.spin) * (
        n_minus - eta * params.lead_polarization * (n_plus - magnon)
    )


def current(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Self-consistent current ``I = G V + I_i`` at ``N = N_s(V)``, Eqs. (6)-(7), (14) of Bender et al.

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0.
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}

    Returns
    -------
    ndarray
        ``I`` in units of ``G0 hbar Omega / e`` (odd in V when ``P_L = 0``).
    """
    eta = _eta(orientation)
    ss = steady_state(bias, temperature=temperature, params=params, orientation=eta)
    v = np.asarray(bias, dtype=float)
    g = elastic_conductance(ss.magnon_number, params=params, orientation=eta)
    return g * v + _inelastic(ss.n_plus, ss.n_minus, ss.magnon_number, eta=eta, params=params)


def resistance(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Resistance ``R = V / I`` in units of ``1/G0``, Sec. V of Bender et al. (2019).

    At ``V = 0`` the limit ``R = 1 / (dI/dV)`` is returned (no 0/0).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0.
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}

    Returns
    -------
    ndarray
        ``G0 R``.
    """
    eta = _eta(orientation)
    v = np.asarray(finite("bias", bias))
    i = current(v, temperature=temperature, params=params, orientation=eta)
    zero = v == 0
    if np.any(zero):
        g0 = conductance_parts(np.zeros_like(v), temperature=temperature, params=params,
                               orientation=eta).total
        ratio = np.divide(v, i, out=np.zeros(np.broadcast_shapes(v.shape, np.shape(i))), where=~zero)
        return np.where(zero, 1.0 / g0, ratio)
    return v / i


@dataclass(frozen=True)
class ConductanceParts:
    """Differential conductance split as in Eq. (15) of Bender et al. (2019), units of G0."""

    total: np.ndarray  #: dI/dV
    elastic: np.ndarray  #: G0 + eta G_m (1 - N_s/S): the elastic conductance at N = N_s(V)
    mat: np.ndarray  #: G_MAT = d I_i / dV at fixed N = N_s(V)
    stt: np.ndarray  #: G_STT = (dI/dN)(dN_s/dV)
    d_mat: np.ndarray  #: d G_MAT / dV
    d_stt: np.ndarray  #: d G_STT / dV
    magnon_number: np.ndarray  #: N_s(V)


def conductance_parts(
    bias, *, temperature, params: JunctionParams = FIG2, orientation=-1
) -> ConductanceParts:
    """Differential conductance and its MAT and STT parts, Eq. (15) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (at ``T = 0`` the delta functions of
        ``d G_MAT/dV`` at ``|V| = hbar Omega/e`` are not represented).
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}

    Returns
    -------
    ConductanceParts

    Notes
    -----
    ``dI/dV = G0 + eta G_m (1 - N_s/S) + G_MAT + G_STT`` exactly; Eq. (15) as
    printed writes ``G0 + eta G_m`` for the first two terms, dropping the
    ``-eta G_m N_s / S`` correction (small, of order 1/S).
    """
    eta = _eta(orientation)
    v = _check_bias(bias, params, eta)
    t = nonnegative("temperature", temperature)
    pl, gm, c, s = params.lead_polarization, params.magnetoconductance, params.inelastic_strength, params.spin
    n_plus, n_minus = electron_hole_functions(v, temperature=t)
    dnp, dnm, d2np, d2nm = electron_hole_derivatives(v, temperature=t)
    n0 = equilibrium_magnon_number(temperature=t)
    one_rho = 1.0 + params.spin_ratio
    kappa = eta * pl / one_rho
    gamma = 1.0 / (1.0 + kappa * v)
    nt = (n_plus - n0 - eta * pl * n_minus) / one_rho
    dnt = (dnp - eta * pl * dnm) / one_rho
    d2nt = (d2np - eta * pl * d2nm) / one_rho
    ns = gamma * (n0 + nt)
    dg, d2g = -kappa * gamma**2, 2.0 * kappa**2 * gamma**3
    dns = dg * (n0 + nt) + gamma * dnt
    d2ns = d2g * (n0 + nt) + 2.0 * dg * dnt + gamma * d2nt
    di_dn = (eta * c * pl - eta * gm * v) / s  # dI/dN at fixed V
    elastic = 1.0 + eta * gm * (1.0 - ns / s)
    mat = (c / s) * (dnm - eta * pl * dnp)
    stt = di_dn * dns
    d_mat = (c / s) * (d2nm - eta * pl * d2np)
    d_stt = di_dn * d2ns - (eta * gm / s) * dns
    return ConductanceParts(
        total=elastic + mat + stt, elastic=elastic, mat=mat, stt=stt, d_mat=d_mat, d_stt=d_stt,
        magnon_number=ns,
    )


def stt_mat_ratio(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Ratio ``r = (d G_STT/dV) / (d G_MAT/dV)``, below Eq. (15) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` > 0 (strictly: at T = 0 ``dG_MAT/dV`` is a sum of delta functions).
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}

    Returns
    -------
    ndarray
        Signed ``r``; ``+-inf`` where ``d G_MAT/dV`` vanishes exactly (never NaN).
        ``r`` depends on ``S`` only through ``S/S_c``.
    """
    positive("temperature", temperature)
    parts = conductance_parts(bias, temperature=temperature, params=params, orientation=orientation)
    num, den = np.broadcast_arrays(parts.d_stt, parts.d_mat)
    out = np.where(num >= 0, np.inf, -np.inf)
    out = np.where((num == 0) & (den == 0), 0.0, out)
    return np.divide(num, den, out=out, where=den != 0)


def quantum_classical_crossover(bias, *, params: JunctionParams = FIG2, orientation=-1, t_max=50.0):
    """Temperature at which ``N_0 = N~`` (black line of Fig. 3 of Bender et al. (2019)).

    Below it the quantum part ``N~`` of Eq. (14) exceeds the thermal ``N_0``.

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}
    t_max : float
        Upper end of the search interval in ``k_B T/(hbar Omega)``.

    Returns
    -------
    ndarray
        ``k_B T*/(hbar Omega)``; 0 at ``V = 0`` (``N~ = 0``), ``t_max`` where
        ``N~ > N_0`` up to ``t_max``. For ``V != 0`` and ``|P_L| < 1``, ``N~ > N_0``
        as ``T -> 0``, so a crossing exists.

    Notes
    -----
    Vectorised bisection on ``N_0(T) - N~(V, T)`` (60 halvings, relative accuracy 1e-15).
    """
    eta = _eta(orientation)
    v = _check_bias(bias, params, eta)
    positive("t_max", t_max)

    def diff(t):
        n_plus, n_minus = electron_hole_functions(v, temperature=t)
        n0 = equilibrium_magnon_number(temperature=t)
        nt = (n_plus - n0 - eta * params.lead_polarization * n_minus) / (1.0 + params.spin_ratio)
        return n0 - nt

    lo = np.zeros_like(v)
    hi = np.full_like(v, float(t_max))
    d_hi = diff(hi)
    for _ in range(60):
        mid = 0.5 * (lo + hi)
        d_mid = diff(mid)
        # both numbers underflow to 0 for T << |v|: there the quantum part still wins
        go_right = (d_mid < 0) | ((d_mid == 0) & (v != 0))
        lo = np.where(go_right, mid, lo)
        hi = np.where(go_right, hi, mid)
    t_star = 0.5 * (lo + hi)
    t_star = np.where(v == 0, 0.0, t_star)  # N~(0) = 0 < N_0 at every T > 0
    return np.where(d_hi < 0, float(t_max), t_star)


def crossover_temperature_K(*, frequency_GHz):
    """Temperature ``hbar Omega / k_B`` in kelvin for an FMR frequency ``Omega/2pi`` in GHz.

    Parameters
    ----------
    frequency_GHz : array_like
        FMR frequency ``f = Omega / 2 pi`` in GHz, > 0.

    Returns
    -------
    ndarray
        ``h f / k_B`` in K; the quantum-to-classical STT crossover of Sec. V of
        Bender et al. (2019) sits near ``k_B T ~ hbar Omega`` (0.48 K at 10 GHz).
    """
    from .units import ghz_to_kelvin

    return ghz_to_kelvin(positive("frequency_GHz", frequency_GHz))
