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

from ..validate import (
    SpinlibInputError,
    check_fields,
    choice,
    finite,
    in_range,
    instance,
    nonnegative,
    positive,
    show,
)

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
    "resistance_slope",
    "ConductanceParts",
    "conductance_parts",
    "stt_mat_ratio",
    "quantum_classical_crossover",
    "crossover_temperature_K",
]

#: orientation label -> eta of Eq. (7) of Bender et al. (2019)
ORIENTATIONS = {"P": 1, "AP": -1}


def _polarization(name, value):
    return in_range(name, value, -1.0, 1.0)


@dataclass(frozen=True, kw_only=True)
class JunctionParams:
    """Parameters of the magnetic tunnel junction of Bender et al. (2019).

    The simplified parametrisation below Eq. (11) of Bender et al. (2019) is used:
    uniform hopping amplitudes ``A``, ``B`` with a real island polarisation
    ``P = B/A``. Keyword-only, frozen, validated at construction.
    """

    lead_polarization: float = 0.2  #: P_L, effective left-lead polarisation, Eq. (10); in [-1, 1]
    island_polarization: float = 0.2  #: P = B/A, island polarisation (real); in [-1, 1]
    spin_ratio: float = 25.0  #: S/S_c = alpha_p/alpha_e, island spin over reference spin; > 0
    spin: float = 1.0e4  #: S, island spin in units of hbar; > 0 (enters only as 1/S prefactors)

    def __post_init__(self):
        check_fields(self, lead_polarization=_polarization, island_polarization=_polarization,
                     spin_ratio=positive, spin=positive)

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
    """eta = +1 (P) or -1 (AP) from 1, -1, "P" or "AP"; anything else (True, arrays, 1.5) is refused."""
    return int(choice("orientation", orientation, (1, -1, "P", "AP")) in (1, "P")) * 2 - 1


def _params(params) -> JunctionParams:
    return instance("params", params, JunctionParams)


# ---------------------------------------------------------------------------
# Cancellation-free Bose-function algebra
# ---------------------------------------------------------------------------
# Everything is built on H(u) = u / (e^u - 1) (so x n_B(x) = T H(x/T)), its
# derivatives, and its divided differences f[x, y] = (f(y) - f(x))/(y - x). The
# electron-hole functions of Eq. (11) are odd parts and second differences of H
# around c = 1/T with step d = v/T; written as divided differences they are sums
# of terms of one sign, so no digit is lost to cancellation anywhere in (v, T).
def _bernoulli_over_factorial(n_max: int) -> np.ndarray:
    """a_n = B_n / n! for n = 0..n_max (Taylor coefficients of u/(e^u - 1)), exact rationals."""
    from fractions import Fraction

    a = [Fraction(1)]
    for n in range(1, n_max + 1):  # sum_{k=0}^{n} a_k / (n - k + 1)! = 0 for n >= 1
        a.append(-sum(a[k] / factorial(n - k + 1) for k in range(n)))
    return np.array([float(x) for x in a])


_A = _bernoulli_over_factorial(44)
_U_SERIES = 2.0  #: below this the Taylor series of H (radius 2 pi) is used
_HALF_WIDTH_TAYLOR = 0.05  #: close points: Taylor expansion about their midpoint
_N_EXP = 60  #: terms of H(u) = sum_k u e^{-k u} (used for u > 1 only)
_T_FLOOR = 1e-300  #: temperatures below this are zero (every thermal term underflows)
_RATIO_CAP = 1e300  #: |v|/T beyond this: thermal corrections are below 1e-300 relative


def _series_coefficients(order: int) -> np.ndarray:
    """Taylor coefficients b_m of H^{(order)}(u) = sum_m b_m u^m."""
    m = np.arange(_A.size - order)
    return _A[order:] * np.array([factorial(k + order) / factorial(k) for k in m])


_SERIES = [_series_coefficients(j) for j in range(3)]


def _horner(coeffs, u):
    out = np.zeros_like(u)
    for a in coeffs[::-1]:
        out = out * u + a
    return out


def _H(u, order):
    """H^{(order)}(u) for u >= 0, order 0, 1, 2, full relative accuracy, no overflow."""
    u = np.asarray(u, dtype=float)
    small = u < _U_SERIES
    us = np.where(small, _U_SERIES, u)
    q = np.exp(-us)
    one_q = -np.expm1(-us)  # 1 - e^{-u} > 0
    if order == 0:
        big = us * q / one_q
    elif order == 1:
        big = -q * (us - one_q) / one_q**2  # u - 1 + e^{-u} = u - (1 - e^{-u}), no loss for u >= 2
    else:
        big = q * (us * (1.0 + q) - 2.0 * one_q) / one_q**3
    return np.where(small, _horner(_SERIES[order], np.where(small, u, 0.0)), big)


def _H_signed(s, order):
    """H^{(order)}(s) for any real s, from H(-u) = H(u) + u (so H'(-u) = -1 - H'(u), H'' even)."""
    u = np.abs(s)
    val = _H(u, order)
    if order == 0:
        return np.where(s < 0, val + u, val)
    if order == 1:
        return np.where(s < 0, -1.0 - val, val)
    return val


def _k_prime(u):
    """k'(u) for u >= 0, where k(u) = (u/2) coth(u/2) = H(u) + u/2 (so k' = H' + 1/2 >= 0)."""
    small = u < _U_SERIES
    coeffs = _SERIES[1].copy()
    coeffs[0] = 0.0  # H'(0) + 1/2 = 0: drop the constant that would cancel
    return np.where(small, _horner(coeffs, np.where(small, u, 0.0)), _H(u, 1) + 0.5)


def _H_exp_series(u, order):
    """H^{(order)}(u) from H = sum_k u e^{-k u} (u > 1): sum_k (-k)^{n-1} e^{-k u} (n - k u)."""
    k = np.arange(1, _N_EXP + 1, dtype=float)[:, None]
    uu = u[None, :]
    if order == 0:
        return np.sum(uu * np.exp(-k * uu), axis=0)
    return np.sum((-k) ** (order - 1) * np.exp(-k * uu) * (order - k * uu), axis=0)


def _divided_difference(order, lo, hi, half_width, *, even_k=False):
    """f[lo, hi] = (f(hi) - f(lo))/(hi - lo) for f = H^{(order)} (or k = H + u/2 if ``even_k``).

    ``0 <= lo <= hi`` and ``half_width = (hi - lo)/2`` computed by the caller without
    cancellation. Three regimes, each free of cancellation beyond a factor ~10:
    both points small (power series: a sum of positive power sums per order), far apart
    (the plain difference), close together (Taylor series about the midpoint).
    """
    lo, hi, hw = np.broadcast_arrays(*(np.asarray(a, dtype=float) for a in (lo, hi, half_width)))
    shape = lo.shape
    lo, hi, hw = lo.ravel(), hi.ravel(), hw.ravel()
    out = np.empty(lo.shape)
    series = hi <= _U_SERIES
    close = ~series & (lo > 0.5 * hi) & (hw <= _HALF_WIDTH_TAYLOR)
    far = ~series & ~close
    if np.any(series):
        x, y = lo[series], hi[series]
        coeffs = _SERIES[order].copy()
        if even_k:
            coeffs[1] = 0.0
        acc = np.zeros_like(x)
        p = np.ones_like(x)  # p_m = sum_{i<m} x^i y^{m-1-i}
        xm = np.ones_like(x)
        for b in coeffs[1:]:
            acc += b * p
            xm = xm * x
            p = y * p + xm
        out[series] = acc
    if np.any(far):
        x, y, w = lo[far], hi[far], hw[far]
        # k = H + u/2 grows linearly: its divided difference is 1/2 + H[x, y] (H decays, so
        # the plain difference of H loses at most a factor |H/H'|/(2w) ~ 10 here)
        out[far] = (_H(y, order) - _H(x, order)) / (2.0 * w) + (0.5 if even_k else 0.0)
    if np.any(close):
        mid, w = 0.5 * (lo[close] + hi[close]), hw[close]
        terms = []
        for i in range(5):  # sum_i f^{(2i+1)}(M) w^{2i} / (2i+1)!
            r = order + 2 * i + 1
            deriv = _H(mid, r) if r <= 2 else _H_exp_series(mid, r)
            if i == 0 and even_k:
                deriv = deriv + 0.5  # k' = H' + 1/2
            terms.append(deriv / factorial(2 * i + 1))
        acc = terms[-1]
        for term in terms[-2::-1]:
            acc = acc * w * w + term
        out[close] = acc
    return out.reshape(shape)


def _sigma(z):
    """(1 - e^{-2z})/(2z) for z >= 0 (1 at z = 0)."""
    z = np.asarray(z, dtype=float)
    zz = np.where(z > 0, z, 1.0)
    return np.where(z > 0, -np.expm1(-2.0 * zz) / (2.0 * zz), 1.0)


def _bose_core(bias, temperature, *, derivatives: bool = False):
    """N_0, N_+ - N_0, N_- (and optionally the bias derivatives of N_+-), cancellation-free.

    Returns a dict of arrays broadcast to the common shape: ``n0``, ``d_plus`` (N_+ - N_0),
    ``n_minus``, and with ``derivatives``: ``dn_plus``, ``dn_minus``, ``d2n_plus``,
    ``d2n_minus``.

    With c = 1/T, d = v/T and a = |v|: N_- = sign(v)[max(a-1, 0) + 2 min(1, a) lambda]/2
    with lambda = -H[|1-a|/T, (1+a)/T] > 0; N_+ - N_0 = T d^2 k[c-d, c, c+d] written as
    T k[c, a/T] e^{min(0, (a-1)/T)} (1 - e^{-a/T})^2 / {(1 - e^{-(1+a)/T}) sigma(|1-a|/2T)};
    dN_-/dv = -[H'((1-v)/T) + H'((1+v)/T)]/2 and d2N_+/dv2 = [H''(..) + H''(..)]/2T are sums
    of terms of one sign; dN_+/dv and d2N_-/dv2 are divided differences of H' and H''.
    """
    v, t = np.broadcast_arrays(np.asarray(bias, dtype=float), np.asarray(temperature, dtype=float))
    shape = v.shape
    v, t = v.ravel(), t.ravel()
    a = np.abs(v)
    sgn = np.sign(v)
    ramp = np.maximum(a - 1.0, 0.0)
    # cold: T = 0 (or below 1e-300), or |v| so large that every thermal term is < 1e-300 of it
    cold = (t < _T_FLOOR) | (a / _RATIO_CAP > np.maximum(t, _T_FLOOR))
    warm = ~cold
    ts = np.where(warm, t, 1.0)
    aw = np.where(warm, a, 0.0)
    c = 1.0 / np.maximum(t, _T_FLOOR)  # <= 1e300
    n0 = np.where(t < _T_FLOOR, 0.0, np.exp(-np.minimum(c, 1e300)) / -np.expm1(-c))
    lo = np.abs(1.0 - aw) / ts  # |c - d|
    hi = (1.0 + aw) / ts  # c + d
    near = np.minimum(1.0, aw) / ts  # min(c, d) = half the distance of the two points
    lam = -_divided_difference(0, lo, hi, near)
    n_minus = np.where(warm, 0.5 * (ramp + 2.0 * np.minimum(1.0, aw) * lam), 0.5 * ramp)
    # N_+ - N_0 from the first divided difference of the even function k
    k_lo, k_hi = np.minimum(1.0, aw) / ts, np.maximum(1.0, aw) / ts
    kdd = _divided_difference(0, k_lo, k_hi, 0.5 * (np.abs(1.0 - aw) / ts), even_k=True)
    em_d = -np.expm1(-aw / ts)  # 1 - e^{-D}, ordered below so that no product underflows early
    d_plus = ((ts * em_d) * (em_d / -np.expm1(-hi)) * kdd * np.exp(np.minimum(0.0, (aw - 1.0) / ts))
              / _sigma(0.5 * (np.abs(1.0 - aw) / ts)))
    d_plus = np.where(warm, d_plus, 0.5 * ramp - np.where(t < _T_FLOOR, 0.0, n0))
    out = {"n0": n0, "d_plus": d_plus, "n_minus": sgn * n_minus}
    if derivatives:
        s1, s2 = (1.0 - v) / ts, (1.0 + v) / ts
        step = np.where(a > 1.0, 0.5, np.where(a == 1.0, 0.25, 0.0))  # T = 0: the ramps' slopes
        dn_minus = np.where(warm, -0.5 * (_H_signed(s1, 1) + _H_signed(s2, 1)), step)
        d2n_plus = np.where(warm, 0.5 * ((_H(np.abs(s1), 2) + _H(np.abs(s2), 2)) / ts), 0.0)
        inner = aw <= 1.0
        dd1 = _divided_difference(1, lo, hi, near)
        dnp_in = (aw / ts) * dd1  # d H'[x, y], d = a/T
        dnp_out = 0.5 * (_k_prime(hi) + _k_prime(lo))
        dn_plus = np.where(warm, np.where(inner, dnp_in, dnp_out), step)
        dd2 = _divided_difference(2, lo, hi, near)
        d2n_minus = np.where(warm, np.minimum(1.0, aw) * ((-dd2) / ts) / ts, 0.0)
        out.update(dn_plus=sgn * dn_plus, dn_minus=dn_minus, d2n_plus=d2n_plus, d2n_minus=sgn * d2n_minus)
    return {k: val.reshape(shape) for k, val in out.items()}



# ---------------------------------------------------------------------------
# Bose functions and Eq. (11)
# ---------------------------------------------------------------------------
def _out(x):
    """0-d arrays as NumPy scalars, others unchanged."""
    return x[()] if isinstance(x, np.ndarray) and x.ndim == 0 else x


def bose_energy(energy, *, temperature):
    """``x n_B(x) = x / (exp(x/T) - 1)``, exact at T = 0 and for |x| >> T.

    Parameters
    ----------
    energy : array_like
        Energy ``x`` in units of ``hbar Omega``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (broadcasts against ``energy``).

    Returns
    -------
    ndarray
        ``x n_B(x)``; equals ``T`` at ``x = 0`` and ``max(-x, 0)`` at ``T = 0``.

    Notes
    -----
    ``x n_B(x) = T H(x/T)`` with ``H(u) = u/(e^u - 1)`` and ``H(-u) = H(u) + u``: the
    building block of Eq. (11) of Bender et al. (2019). Temperatures below 1e-300 are
    treated as 0.
    """
    x = finite("energy", energy)
    t = nonnegative("temperature", temperature)
    x, t = np.broadcast_arrays(x, t)
    cold = (t < _T_FLOOR) | (np.abs(x) / _RATIO_CAP > np.maximum(t, _T_FLOOR))
    ts = np.where(cold, 1.0, t)
    u = np.where(cold, 0.0, np.abs(x)) / ts
    thermal = np.where(cold, 0.0, ts * _H(u, 0))
    return _out(np.maximum(-x, 0.0) + thermal)


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
    ``N_-`` is the odd part and ``N_+ - N_0`` the second difference of ``x n_B(x)``
    about ``x = 1``; both are evaluated as divided differences of ``H(u) = u/(e^u - 1)``
    (sums of terms of one sign), so every value, however small (``N_- ~ v`` as
    ``v -> 0``, ``N_+ - N_0 ~ v^2``), keeps its relative accuracy (tested against
    mpmath in ``tests/test_mat.py``). At ``T = 0``: ``N_+ = max(|v| - 1, 0)/2`` and
    ``N_- = sign(v) max(|v| - 1, 0)/2``.
    """
    v = finite("bias", bias)
    t = nonnegative("temperature", temperature)
    core = _bose_core(v, t)
    return _out(core["n0"] + core["d_plus"]), _out(core["n_minus"])


def electron_hole_derivatives(bias, *, temperature):
    """First and second bias derivatives of ``N_+-``, Eq. (11) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0. At ``T = 0`` the second derivatives are
        delta functions at ``|v| = 1``; the returned values are their regular part (0),
        and the first derivatives at ``|v| = 1`` the mean of the two one-sided slopes.

    Returns
    -------
    dn_plus, dn_minus, d2n_plus, d2n_minus : ndarray
        ``dN_+/dv``, ``dN_-/dv``, ``d^2N_+/dv^2``, ``d^2N_-/dv^2``.

    Notes
    -----
    With ``s = (1 -+ v)/T``: ``dN_-/dv = -[H'(s_-) + H'(s_+)]/2`` and
    ``d^2N_+/dv^2 = [H''(s_-) + H''(s_+)]/2T`` (terms of one sign); the odd
    ``dN_+/dv`` and ``d^2N_-/dv^2`` are divided differences of ``H'`` and ``H''``.
    """
    v = finite("bias", bias)
    t = nonnegative("temperature", temperature)
    core = _bose_core(v, t, derivatives=True)
    return tuple(_out(core[k]) for k in ("dn_plus", "dn_minus", "d2n_plus", "d2n_minus"))


def equilibrium_magnon_number(*, temperature):
    """``N_0 = n_B(hbar Omega) = 1/(exp(hbar Omega / T) - 1)``, below Eq. (11) of Bender et al. (2019).

    Parameters
    ----------
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0; ``N_0 = 0`` at ``T = 0``.

    Returns
    -------
    ndarray
        ``N_0`` (dimensionless, >= 0).
    """
    t = nonnegative("temperature", temperature)
    return _out(_bose_core(np.zeros_like(t), t)["n0"])


# ---------------------------------------------------------------------------
# Spin dynamics: Eqs. (12)-(14)
# ---------------------------------------------------------------------------
def _inverse_critical_bias(params: JunctionParams, eta: int) -> float:
    """``hbar Omega/(e V_c) = eta P_L/(1 + S/S_c)``, below Eq. (14): the one place V_c is written."""
    return eta * params.lead_polarization / (1.0 + params.spin_ratio)


def _quantum_part(d_plus, n_minus, params: JunctionParams, eta: int):
    """``N~ = [N_+ - N_0 - eta P_L N_-]/(1 + S/S_c)``, Eq. (14) derived; the one place N~ is written."""
    return (d_plus - eta * params.lead_polarization * n_minus) / (1.0 + params.spin_ratio)


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
    params = _params(params)
    kappa = _inverse_critical_bias(params, eta)
    return np.inf if kappa == 0 else 1.0 / kappa


def _check_bias(bias, params, eta):
    v = finite("bias", bias)
    vc = abs(critical_bias(params=params, orientation=eta))
    if np.any(np.abs(v) >= vc):
        raise SpinlibInputError(
            f"bias must satisfy |eV/hbar Omega| < |V_c| = {vc:g} (swasing threshold, "
            f"below Eq. (14) of Bender et al. (2019)); got {show(bias)}"
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


def _steady(v, t, params, eta, *, derivatives=False):
    """Everything of Eqs. (11)-(14) from one call of the Bose core (arrays, no validation)."""
    core = _bose_core(v, t, derivatives=derivatives)
    kappa = _inverse_critical_bias(params, eta)
    gamma = 1.0 / (1.0 + kappa * v)
    n_tilde = _quantum_part(core["d_plus"], core["n_minus"], params, eta)
    # N_s - N_0 = gamma (N~ - kappa v N_0): O(v), formed without subtracting N_0
    excess = gamma * (n_tilde - kappa * v * core["n0"])
    return core, kappa, gamma, n_tilde, excess


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
    params = _params(params)
    v = _check_bias(bias, params, eta)
    t = nonnegative("temperature", temperature)
    core, _, gamma, n_tilde, excess = _steady(v, t, params, eta)
    n0 = core["n0"]
    return SteadyState(
        magnon_number=_out(n0 + excess), classical=_out(gamma * n0), quantum=_out(gamma * n_tilde),
        gamma=_out(np.broadcast_to(gamma, n0.shape).copy()), n0=_out(n0), n_tilde=_out(n_tilde),
        n_plus=_out(n0 + core["d_plus"]), n_minus=_out(core["n_minus"]),
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

    Returns
    -------
    ndarray
        ``G / G0`` (dimensionless).
    """
    eta = _eta(orientation)
    params = _params(params)
    n = nonnegative("magnon", magnon)
    return _out(1.0 + eta * params.magnetoconductance * (1.0 - n / params.spin))


def _inelastic(d_plus, n_minus, magnon_excess, *, eta, params: JunctionParams):
    """Eq. (7) with ``N_+ - N = (N_+ - N_0) - (N - N_0)`` (both O(v) near V = 0, no cancellation)."""
    return (params.inelastic_strength / params.spin) * (
        n_minus - eta * params.lead_polarization * (d_plus - magnon_excess)
    )


def inelastic_current(bias, magnon, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Inelastic (magnon-assisted) current ``I_i`` at a given magnon number, Eq. (7) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``.
    magnon : array_like
        Magnon number ``N`` >= 0 (any value: the steady state is not imposed).
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
    It is the net charge of the four golden-rule spin-flip processes (magnon emission and
    absorption in both directions) minus the ``N/S`` reduction of the spin-conserving
    channel; :func:`current` evaluates it at ``N = N_s(V)``.
    """
    eta = _eta(orientation)
    params = _params(params)
    v = finite("bias", bias)
    n = nonnegative("magnon", magnon)
    t = nonnegative("temperature", temperature)
    core = _bose_core(v, t)
    return _out(_inelastic(core["d_plus"], core["n_minus"], n - core["n0"], eta=eta, params=params))


def _current(v, t, params, eta):
    core, _, _, _, excess = _steady(v, t, params, eta)
    g = 1.0 + eta * params.magnetoconductance * (1.0 - (core["n0"] + excess) / params.spin)
    return g * v + _inelastic(core["d_plus"], core["n_minus"], excess, eta=eta, params=params)


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
        ``I`` in units of ``G0 hbar Omega / e`` (odd in V when ``P_L = 0``). Every term is
        O(V) and formed with its relative accuracy, so ``I/V`` is exact as ``V -> 0``.
    """
    eta = _eta(orientation)
    params = _params(params)
    v = _check_bias(bias, params, eta)
    t = nonnegative("temperature", temperature)
    return _out(_current(v, t, params, eta))


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
        ``G0 R`` > 0, finite wherever the junction conducts. ``+inf`` (exactly, without a
        warning) where it does not: only for a perfect spin valve, ``|P| = |P_L| = 1`` with
        ``G0 + eta G_m = 0``, at ``T = 0`` and biases where no magnon can be excited
        (``e|V| <= hbar Omega``, or the bias sign that only absorbs magnons). There ``I = 0``
        exactly and ``R = V/I`` is infinite.
    """
    eta = _eta(orientation)
    params = _params(params)
    v = _check_bias(bias, params, eta)
    t = nonnegative("temperature", temperature)
    v, t = np.broadcast_arrays(v, t)
    i = np.abs(_current(v, t, params, eta))
    g0 = np.abs(_conductance(np.zeros_like(v), t, params, eta)["total"])
    zero = v == 0
    slope = np.where(zero, g0, i / np.where(zero, 1.0, np.abs(v)))  # I/V > 0 (passive junction)
    safe = np.where(slope > 0, slope, 1.0)
    return _out(np.where(slope > 0, 1.0 / safe, np.inf))


def resistance_slope(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Bias derivative of the resistance, ``dR/dV = (I - V dI/dV)/I^2``, in units of ``e/(G0 hbar Omega)``.

    Analytic (no finite differences): ``I`` from :func:`current`, ``dI/dV`` from
    :func:`conductance_parts`. At ``V = 0`` the limit ``-(d^2I/dV^2)/(2 G^2)`` is returned.
    A local minimum of ``R`` (a valley) is where ``dR/dV`` changes sign from - to +, a
    maximum (a peak or plateau) where it changes from + to -.

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (at ``T = 0``, ``dR/dV`` jumps at ``|V| = hbar Omega/e``).
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}

    Returns
    -------
    ndarray
        ``G0 hbar Omega dR/(e dV)``; ``0`` where the junction does not conduct (``R = +inf``,
        see :func:`resistance`). For ``0 < |V| << 1`` the difference ``I - V dI/dV`` loses
        relative accuracy ``~1e-16 G/(|V| d^2I/dV^2)``.
    """
    eta = _eta(orientation)
    params = _params(params)
    v = _check_bias(bias, params, eta)
    t = nonnegative("temperature", temperature)
    v, t = np.broadcast_arrays(v, t)
    i = _current(v, t, params, eta)
    parts = _conductance(v, t, params, eta)
    g, g1 = parts["total"], parts["d_total"]
    conducting = i != 0
    i_safe = np.where(conducting, i, 1.0)
    g_safe = np.where(g != 0, g, 1.0)
    slope = np.where(conducting, (i - v * g) / i_safe / i_safe, 0.0)
    at_zero = np.where(g != 0, -(g1 / g_safe) / (2.0 * g_safe), 0.0)
    return _out(np.where(v == 0, at_zero, slope))


@dataclass(frozen=True)
class ConductanceParts:
    """Differential conductance split as in Eq. (15) of Bender et al. (2019), units of G0."""

    total: np.ndarray  #: dI/dV
    elastic: np.ndarray  #: G0 + eta G_m (1 - N_s/S): the elastic conductance at N = N_s(V)
    mat: np.ndarray  #: G_MAT = d I_i / dV at fixed N = N_s(V)
    stt: np.ndarray  #: G_STT = (dI/dN)(dN_s/dV)
    d_mat: np.ndarray  #: d G_MAT / dV
    d_stt: np.ndarray  #: d G_STT / dV
    d_total: np.ndarray  #: d^2 I / dV^2 = d G_MAT/dV + d G_STT/dV - eta (G_m/S) dN_s/dV
    magnon_number: np.ndarray  #: N_s(V)


def _conductance(v, t, params, eta):
    """Closed-form dI/dV and its parts (arrays, no validation); see :func:`conductance_parts`."""
    core, kappa, gamma, n_tilde, excess = _steady(v, t, params, eta, derivatives=True)
    pl, gm, c, s = params.lead_polarization, params.magnetoconductance, params.inelastic_strength, params.spin
    one_rho = 1.0 + params.spin_ratio
    n0 = core["n0"]
    ns = n0 + excess
    dnt = (core["dn_plus"] - eta * pl * core["dn_minus"]) / one_rho
    d2nt = (core["d2n_plus"] - eta * pl * core["d2n_minus"]) / one_rho
    dg, d2g = -kappa * gamma**2, 2.0 * kappa**2 * gamma**3
    dns = dg * (n0 + n_tilde) + gamma * dnt
    d2ns = d2g * (n0 + n_tilde) + 2.0 * dg * dnt + gamma * d2nt
    di_dn = (eta * c * pl - eta * gm * v) / s  # dI/dN at fixed V
    elastic = 1.0 + eta * gm * (1.0 - ns / s)
    mat = (c / s) * (core["dn_minus"] - eta * pl * core["dn_plus"])
    stt = di_dn * dns
    d_mat = (c / s) * (core["d2n_minus"] - eta * pl * core["d2n_plus"])
    d_stt = di_dn * d2ns - (eta * gm / s) * dns
    d_total = d_mat + d_stt - (eta * gm / s) * dns
    return {"total": elastic + mat + stt, "elastic": elastic, "mat": mat, "stt": stt, "d_mat": d_mat,
            "d_stt": d_stt, "d_total": d_total, "magnon_number": ns}


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
    params = _params(params)
    v = _check_bias(bias, params, eta)
    t = nonnegative("temperature", temperature)
    parts = _conductance(v, t, params, eta)
    return ConductanceParts(**{k: _out(val) for k, val in parts.items()})


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
        Signed ``r``; ``+-inf`` where ``d G_MAT/dV`` vanishes exactly or ``|r|`` exceeds the
        float range (never NaN; 0 where both slopes vanish). ``r`` depends on ``S`` only through ``S/S_c``.
    """
    eta = _eta(orientation)
    params = _params(params)
    v = _check_bias(bias, params, eta)
    t = positive("temperature", temperature)
    parts = _conductance(v, t, params, eta)
    num, den = np.broadcast_arrays(parts["d_stt"], parts["d_mat"])
    out = np.where(num >= 0, np.inf, -np.inf)
    out = np.where((num == 0) & (den == 0), 0.0, out)
    with np.errstate(over="ignore"):  # |r| beyond the float range is +-inf, like a vanishing den
        return _out(np.divide(num, den, out=out, where=den != 0))


def quantum_classical_crossover(bias, *, params: JunctionParams = FIG2, orientation=-1):
    """Temperature ``T*`` below which the quantum part ``N~`` of Eq. (14) exceeds ``N_0``.

    The black line of Fig. 3 of Bender et al. (2019): ``N_0(T*) = N~(V, T*)``.

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    params : JunctionParams
    orientation : {1, -1, "P", "AP"}

    Returns
    -------
    ndarray
        ``k_B T*/(hbar Omega)`` (finite, >= 0). ``N~ > N_0`` for ``0 < T < T*`` and
        ``N~ < N_0`` above. ``T* = 0`` exactly where there is no crossing, i.e. where
        ``N~ <= N_0`` at every ``T > 0``: at ``V = 0`` (``N~ = 0``) and, for a fully
        polarised lead, at the bias sign with ``eta P_L V > 0`` when ``|P_L| = 1``
        (then ``N_+ - N_0 - N_- = (1+|v|) n_B(1+|v|) - n_B(1) <= 0``). Everywhere else
        ``N~/N_0 -> inf`` as ``T -> 0`` and ``N~/N_0 -> 0`` as ``T -> inf``, so a
        crossing exists.

    Notes
    -----
    Bisection in ``log T`` (80 halvings over a bracket found by doubling), relative
    accuracy ~1e-15; both numbers may underflow to 0 for ``T << |1 - |v||`` (there the
    quantum part still wins, the test is made on the exact sign).
    """
    eta = _eta(orientation)
    params = _params(params)
    v = np.asarray(_check_bias(bias, params, eta), dtype=float)
    shape = v.shape
    v = v.ravel()
    none = (v == 0) | ((abs(params.lead_polarization) == 1.0) & (eta * params.lead_polarization * v > 0))

    def quantum_wins(t):
        core = _bose_core(v, t)
        nt = _quantum_part(core["d_plus"], core["n_minus"], params, eta)
        return (nt > core["n0"]) | ((nt == 0) & (core["n0"] == 0) & ~none)

    hi = np.full(v.shape, 1.0) + np.abs(v)
    for _ in range(2100):  # N_0 ~ T grows without bound while N~ stays below (1 + |v|)
        grow = quantum_wins(hi) & ~none
        if not np.any(grow):
            break
        hi = np.where(grow, 2.0 * hi, hi)
    log_lo = np.full(v.shape, np.log(_T_FLOOR))
    log_hi = np.log(hi)
    for _ in range(80):
        mid = 0.5 * (log_lo + log_hi)
        win = quantum_wins(np.exp(mid))
        log_lo = np.where(win, mid, log_lo)
        log_hi = np.where(win, log_hi, mid)
    t_star = np.exp(0.5 * (log_lo + log_hi))
    return _out(np.where(none, 0.0, t_star).reshape(shape))


def crossover_temperature_K(*, frequency_GHz):
    """Temperature ``hbar Omega / k_B = h f / k_B`` in kelvin for an FMR frequency ``f = Omega/2pi`` in GHz.

    Parameters
    ----------
    frequency_GHz : array_like
        Ordinary (not angular) FMR frequency ``f = Omega / 2 pi`` in GHz, > 0.

    Returns
    -------
    ndarray
        ``h f / k_B`` in K (0.48 K at 10 GHz). Reading "10 GHz" as the angular frequency
        ``Omega`` instead gives ``hbar Omega/k_B`` smaller by ``2 pi`` (0.076 K).
    """
    from ..units import ghz_to_kelvin

    return _out(ghz_to_kelvin(positive("frequency_GHz", frequency_GHz)))
