"""Exact thermal functions of magnon-assisted tunnelling: the Bose factor and Eq. (11).

The building blocks of the tunnel-junction model of Bender, Duine & Tserkovnyak,
Phys. Rev. B 99, 024434 (2019) ("Bender et al. (2019)"): the energy-weighted Bose factor
``x n_B(x)``, the equilibrium magnon number ``N_0``, and the electron-hole functions ``N_+-(V)``
of Eq. (11) with their first and second bias derivatives. They are evaluated without
cancellation (as sums of terms of one sign, from divided differences of ``H(u) = u/(e^u - 1)``
and its series and asymptotic branches), so every value keeps its relative accuracy from
``T = 0`` to ``T = 1e300`` and from ``V = 0`` to ``|eV| = 1e300 hbar Omega``.

Units: energies (``x``, bias ``v = eV/hbar Omega``, temperature ``T = k_B T/hbar Omega``) in
units of the magnon quantum ``hbar Omega``; the functions are dimensionless. The transport
quantities built on them live in :mod:`spinlib.magnon_transport.junction` and
:mod:`spinlib.magnon_transport.transport`.
"""

from __future__ import annotations

from math import factorial

import numpy as np

from ..validate import finite, nonnegative

__all__ = [
    "bose_energy",
    "electron_hole_functions",
    "electron_hole_derivatives",
    "equilibrium_magnon_number",
]


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
    """Energy-weighted Bose factor ``x n_B(x) = x / (exp(x/T) - 1)``, exact at ``T = 0`` and for ``|x| >> T``.

    Parameters
    ----------
    energy : array_like
        Energy ``x`` in units of ``hbar Omega`` (finite).
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (broadcasts against ``energy``).

    Returns
    -------
    ndarray
        ``x n_B(x)`` (dimensionless, >= 0); equals ``T`` at ``x = 0`` and ``max(-x, 0)`` at ``T = 0``.

    Notes
    -----
    ``x n_B(x) = T H(x/T)`` with ``H(u) = u/(e^u - 1)`` and ``H(-u) = H(u) + u``: the
    building block of Eq. (11) of Bender et al. (2019). Temperatures below 1e-300 are
    treated as 0.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import bose_energy
    >>> round(float(bose_energy(1.0, temperature=1.0)), 6)  # 1/(e - 1)
    0.581977
    >>> bose_energy(np.array([-2.0, 0.0, 3.0]), temperature=0.0)
    array([2., 0., 0.])
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
        ``e V / (hbar Omega)`` (finite).
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (broadcasts against ``bias``).

    Returns
    -------
    n_plus, n_minus : ndarray
        ``N_+`` (even in V, ``N_+(0) = N_0``) and ``N_-`` (odd in V), dimensionless.

    Notes
    -----
    ``N_+- = {n_B(1 - v)(1 - v) +- n_B(1 + v)(1 + v)} / 2`` with ``v = eV/hbar Omega``
    (Eq. (11) of Bender et al. (2019), ``hbar Omega = 1``).
    ``N_-`` is the odd part and ``N_+ - N_0`` the second difference of ``x n_B(x)``
    about ``x = 1``; both are evaluated as divided differences of ``H(u) = u/(e^u - 1)``
    (sums of terms of one sign), so every value, however small (``N_- ~ v`` as
    ``v -> 0``, ``N_+ - N_0 ~ v^2``), keeps its relative accuracy (tested against
    mpmath in ``tests/magnon_transport/test_magnon_transport.py``). At ``T = 0``:
    ``N_+ = max(|v| - 1, 0)/2`` and ``N_- = sign(v) max(|v| - 1, 0)/2``.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import electron_hole_functions
    >>> n_plus, n_minus = electron_hole_functions(np.array([0.0, 0.5, 2.0]), temperature=0.5)
    >>> np.round(n_plus, 6), np.round(n_minus, 6)
    (array([0.156518, 0.184791, 0.581986]), array([0.      , 0.106197, 0.574531]))
    >>> electron_hole_functions(np.array([-3.0, 0.5, 3.0]), temperature=0.0)  # the T = 0 ramps
    (array([1., 0., 1.]), array([-1.,  0.,  1.]))
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
        ``e V / (hbar Omega)`` (finite).
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0. At ``T = 0`` the second derivatives are
        delta functions at ``|v| = 1``; the returned values are their regular part (0),
        and the first derivatives at ``|v| = 1`` the mean of the two one-sided slopes.

    Returns
    -------
    dn_plus, dn_minus, d2n_plus, d2n_minus : ndarray
        ``dN_+/dv``, ``dN_-/dv``, ``d^2N_+/dv^2``, ``d^2N_-/dv^2`` (per unit ``eV/hbar Omega``).

    Notes
    -----
    With ``s = (1 -+ v)/T``: ``dN_-/dv = -[H'(s_-) + H'(s_+)]/2`` and
    ``d^2N_+/dv^2 = [H''(s_-) + H''(s_+)]/2T`` (terms of one sign); the odd
    ``dN_+/dv`` and ``d^2N_-/dv^2`` are divided differences of ``H'`` and ``H''``.

    Examples
    --------
    >>> from spinlib.magnon_transport import electron_hole_derivatives
    >>> [round(float(d), 6) for d in electron_hole_derivatives(0.5, temperature=0.5)]
    [0.112835, 0.225862, 0.223423, 0.078472]
    """
    v = finite("bias", bias)
    t = nonnegative("temperature", temperature)
    core = _bose_core(v, t, derivatives=True)
    return tuple(_out(core[k]) for k in ("dn_plus", "dn_minus", "d2n_plus", "d2n_minus"))


def equilibrium_magnon_number(*, temperature):
    """Equilibrium magnon number ``N_0 = n_B(hbar Omega)``, below Eq. (11) of Bender et al. (2019).

    Parameters
    ----------
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0; ``N_0 = 0`` at ``T = 0``.

    Returns
    -------
    ndarray
        ``N_0`` (dimensionless, >= 0).

    Notes
    -----
    ``N_0 = 1/(exp(hbar Omega / k_B T) - 1) = N_+(V = 0)``.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import equilibrium_magnon_number
    >>> round(float(equilibrium_magnon_number(temperature=1.0)), 6)  # 1/(e - 1)
    0.581977
    >>> np.round(equilibrium_magnon_number(temperature=np.array([0.0, 0.5])), 6)
    array([0.      , 0.156518])
    """
    t = nonnegative("temperature", temperature)
    return _out(_bose_core(np.zeros_like(t), t)["n0"])


