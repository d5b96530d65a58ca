"""Exact quantities of the axially symmetric 1-D Fokker-Planck equation in theta (Wegrowe et al.
2008, Eqs. (18)-(19); Brown 1963): mean first-passage times, the smallest non-zero eigenvalue and
the Boltzmann populations of the two wells.

Reduced units of :mod:`spinlib.activation.landscape`; time in ``tau_N = 1 / (2 D)``. The
backward operator is ``L f = D e^{sigma u} / sin x d/dx [sin x e^{-sigma u} df/dx]`` with the
equilibrium theta-density ``p(x) = sin x e^{-sigma u(x)}``.

Quadrature: composite Gauss-Legendre panels (16 nodes) between the stationary points, as many
panels as the widest peak ``1 / sqrt(sigma |u''|)`` needs, cumulative integrals by the exact
(spectral) integration matrix of each panel, and every exponential kept as a logarithm, so that
neither ``e^{sigma Delta u}`` nor ``e^{-sigma Delta u}`` overflows or underflows for any barrier.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.polynomial import legendre as _leg

from .landscape import _mapped, _stationary

__all__ = ["MAX_PANELS"]  # the kernels are private: spinlib.activation.escape validates and calls them

_M = 16  # Gauss-Legendre nodes per panel
_T, _W = _leg.leggauss(_M)
# spectral integration matrix: S[k, j] = int_{-1}^{t_k} l_j(t) dt (l_j the Lagrange basis)
_V = _leg.legvander(_T, _M - 1)
_VI = np.stack([_leg.legval(_T, _leg.legint(np.eye(_M)[n], lbnd=-1.0)) for n in range(_M)], axis=1)
_S = _VI @ np.linalg.inv(_V)
_BETA = 1.0  # monitor integral per panel
_FINE = 513  # points of the grid on which the monitor is integrated
MAX_PANELS = 100_000  #: quadrature panels per segment (sigma = 1000 with ``|iota| = 100`` needs ~8e4)
_MAX_NODES = 2_000_000  # nodes per block of rows (memory ~ 16 MB per array)
_BLOCK = 16  # rows evaluated together
_LOG_TINY = -745.0


def _d1(x, h, j, ap):
    """d/dx of :func:`landscape._mapped` (force along x measured from the initial pole)."""
    return np.where(
        ap,
        np.sin(2.0 * x) - 2.0 * h * np.sin(x) + j * (1.0 + np.cos(x)),
        np.sin(2.0 * x) + 2.0 * h * np.sin(x) - j * (1.0 - np.cos(x)),
    )


def _d2(x, h, j, ap):
    """Second derivative of :func:`landscape._mapped` in x."""
    return 2.0 * np.cos(2.0 * x) + np.where(ap, -1.0, 1.0) * (2.0 * h * np.cos(x) - j * np.sin(x))


def _nodes(bounds, sigma, h, j, ap, pole_end=False):
    """Gauss-Legendre nodes and weights on consecutive segments ``bounds[:, k] .. bounds[:, k+1]``.

    Panels equidistribute the monitor ``1 + sqrt(sigma |u''|) + sigma |u'| / 4`` (the widths on
    which the exponentials change by O(1)) plus ``1 / (pi - x)`` when the outer integrand carries
    ``1 / sin x`` up to an end near the far pole (``pole_end``). Returns ``x`` and ``w`` shaped
    (rows, n_panels, 16) and the half widths (rows, n_panels)."""
    rows, n_seg = bounds.shape[0], bounds.shape[1] - 1
    s = 0.5 * (1.0 - np.cos(np.pi * np.linspace(0.0, 1.0, _FINE)))  # clustered at both ends
    edges = []
    for k in range(n_seg):
        a, b = bounds[:, k : k + 1], bounds[:, k + 1 : k + 2]
        xf = a + (b - a) * s
        mon = 1.0 + np.sqrt(sigma * np.abs(_d2(xf, h, j, ap))) + 0.25 * sigma * np.abs(_d1(xf, h, j, ap))
        if pole_end:
            mon = mon + 1.0 / np.maximum(np.pi - xf, 1e-300)
        cum = np.concatenate(
            [np.zeros((rows, 1)), np.cumsum(0.5 * (mon[:, 1:] + mon[:, :-1]) * np.diff(xf, axis=1), axis=1)],
            axis=1,
        )
        n = int(np.clip(np.ceil(cum[:, -1].max() / _BETA), 2, MAX_PANELS))
        if n * rows * _M > _MAX_NODES:
            raise _TooFine(n)
        target = np.linspace(0.0, 1.0, n + 1) if k == n_seg - 1 else np.linspace(0.0, 1.0, n + 1)[:-1]
        e = np.empty((rows, target.size))
        for r in range(rows):
            tot = cum[r, -1]
            e[r] = np.interp(target * tot, cum[r], xf[r]) if tot > 0 else a[r, 0]
        edges.append(e)
    e = np.concatenate(edges, axis=1)  # (rows, n_panels + 1)
    half = 0.5 * np.diff(e, axis=1)
    mid = 0.5 * (e[:, 1:] + e[:, :-1])
    x = mid[..., None] + half[..., None] * _T
    w = half[..., None] * _W
    return x, w, half


class _TooFine(Exception):
    """More quadrature panels than :data:`MAX_PANELS` would be needed."""


def _log_cumulative(log_f, half):
    """``log int_0^{x_k} f`` at every node and ``log int`` over every panel, from ``log f`` at the
    nodes (rows, panels, 16): each panel scaled by its largest value, panels summed in logs."""
    top = log_f.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, _LOG_TINY)
    e = np.exp(log_f - top)
    part = np.einsum("kj,rpj->rpk", _S, e) * half[..., None]
    tot = (e @ _W) * half
    with np.errstate(divide="ignore"):
        log_tot = np.log(tot) + top[..., 0]
        log_part = np.log(np.maximum(part, 0.0)) + top
    before = np.logaddexp.accumulate(log_tot, axis=1)
    before = np.concatenate([np.full(before[:, :1].shape, -np.inf), before[:, :-1]], axis=1)
    return np.logaddexp(before[..., None], log_part), log_tot


def _far_mode(sigma, h, j, ap, x_top):
    """Most probable angle of the other well: maximum of ``ln sin x - sigma u(x)`` on [x_top, pi)
    (``x_top`` itself when the density has no maximum beyond the top, i.e. no second well)."""
    s = np.linspace(0.0, 1.0, 2049)[:-1]
    x = x_top + (np.pi - x_top) * s  # (rows, 2048)
    with np.errstate(divide="ignore"):
        lp = np.log(np.sin(x)) - sigma * _mapped(x, h, j, ap)
    k = np.argmax(lp, axis=1)
    dx = (np.pi - x_top[:, 0]) / 2048.0
    xk = np.take_along_axis(x, k[:, None], axis=1)[:, 0]
    lo, hi = np.maximum(xk - dx, x_top[:, 0]), np.minimum(xk + dx, np.pi - 0.25 * dx)
    sig, hh, jj, aa = sigma[:, 0], h[:, 0], j[:, 0], ap[:, 0]
    for _ in range(44):  # bisection of d/dx ln p = cot x - sigma u' (decreasing through the mode)
        mid = 0.5 * (lo + hi)
        pos = 1.0 / np.tan(mid) - sig * _d1(mid, hh, jj, aa) > 0
        lo, hi = np.where(pos, mid, lo), np.where(pos, hi, mid)
    return np.where(k == 0, x_top[:, 0], 0.5 * (lo + hi))


def _rows(*arrays):
    b = np.broadcast_arrays(*(np.asarray(a) for a in arrays))
    return b[0].shape, [a.reshape(-1, 1).astype(float if i < 3 else bool) for i, a in enumerate(b)]


def _blocked(func):
    """Evaluate ``func(sigma, h, j, ap, *extra)`` (row arrays (n, 1)) in blocks of rows, one row at
    a time where a block would need more than ``_MAX_NODES`` nodes; returns an array shaped like
    the broadcast inputs."""

    def run(sigma, h, j, ap, *extra):
        shape, rows = _rows(sigma, h, j, ap)
        n = rows[0].shape[0]
        out = np.empty(n)
        for start in range(0, n, _BLOCK):
            block = [r[start : start + _BLOCK] for r in rows]
            try:
                out[start : start + _BLOCK] = func(*block, *extra)
            except _TooFine:
                for k in range(block[0].shape[0]):
                    out[start + k] = func(*(b[k : k + 1] for b in block), *extra)[0]
        return out.reshape(shape)

    run.__doc__ = func.__doc__
    return run


@_blocked
def _log_mfpt(sigma, h, j, ap, target):
    """log of the exact mean first-passage time (units of ``tau_N``) from the bottom of the initial
    well to ``target``: ``"top"`` (the barrier top) or ``"well"`` (the most probable angle of the
    other well, :func:`_far_mode`)."""
    _, top, theta_ap = _stationary(h, j)
    x_top = np.where(ap, np.pi - top, top)
    x_s = np.where(ap, np.pi - theta_ap, 0.0)
    x_b = x_top if target == "top" else _far_mode(sigma, h, j, ap, x_top)[:, None]
    bounds = np.concatenate([np.zeros_like(x_s), x_s, x_top, x_b], axis=1)
    x, w, half = _nodes(bounds, sigma, h, j, ap, pole_end=True)
    s3, h3, j3, a3 = (a[..., None] for a in (sigma, h, j, ap))
    um = _mapped(x, h3, j3, a3)
    empty = w == 0.0  # nodes of zero-width segments (a pole well has x_s = 0)
    log_sin = np.log(np.where(empty, 1.0, np.sin(x)))
    log_z, _ = _log_cumulative(log_sin - s3 * um, half)
    # outer integrand on [x_s, x_b]: e^{sigma u(y)} Z(y) / sin y, T = (1/D) int = 2 int (tau_N)
    with np.errstate(divide="ignore"):
        outer = s3 * um + log_z - log_sin + np.log(w)
    outer = np.where(x >= x_s[..., None], outer, -np.inf)
    m = outer.max(axis=(1, 2))
    return math.log(2.0) + m + np.log(np.exp(outer - m[:, None, None]).sum(axis=(1, 2)))


@_blocked
def _log_population(sigma, h, j, ap):
    """``ln N``: Boltzmann weight of the P (``theta < theta_top``) or AP (``ap``) side of the top."""
    _, top, theta_ap = _stationary(h, j)
    bounds = np.concatenate([np.zeros_like(top), top, theta_ap, np.full_like(top, np.pi)], axis=1)
    x, w, half = _nodes(bounds, sigma, h, j, False)
    s3, h3, j3 = (a[..., None] for a in (sigma, h, j))
    with np.errstate(divide="ignore"):
        lp = np.log(np.sin(x)) - s3 * _mapped(x, h3, j3, False) + np.log(w)
    left = np.where(x < top[..., None], lp, -np.inf)
    right = np.where(x >= top[..., None], lp, -np.inf)
    lpl = np.logaddexp.reduce(left.reshape(left.shape[0], -1), axis=1)
    lpr = np.logaddexp.reduce(right.reshape(right.shape[0], -1), axis=1)
    return np.where(ap[:, 0], lpr, lpl) - np.logaddexp(lpl, lpr)


@_blocked
def _log_relaxation_rate(sigma, h, j, ap, n_iter=40):
    """log of the smallest non-zero eigenvalue ``lambda_1 tau_N`` of ``-L`` on the sphere.

    Inverse iteration with the exact inverse of the 1-D operator (two cumulative quadratures,
    ``p f' = -(1/D) int_0^x g p`` and ``f = int f'``), the iterate kept orthogonal to the
    constants; ``x`` is measured from the pole of the deeper well (larger barrier), so that the
    eigenfunction, nearly constant there, is never the small difference of large numbers. The
    ratio ``lambda_1 / lambda_2`` sets the convergence (1/3 at zero barrier, exponentially small
    at high barriers). ``ap`` is unused (the eigenvalue belongs to both wells)."""
    from .landscape import _barriers

    dp, dap, top, theta_ap = _barriers(h, j)
    deep_ap = dap > dp
    x_top = np.where(deep_ap, np.pi - top, top)
    x_1 = np.where(deep_ap, np.pi - theta_ap, 0.0)  # the deep well's bottom
    x_2 = np.where(deep_ap, np.pi, theta_ap)  # the shallow well's bottom
    bounds = np.concatenate([np.zeros_like(top), x_1, x_top, x_2, np.full_like(top, np.pi)], axis=1)
    x, w, half = _nodes(bounds, sigma, h, j, deep_ap)
    s3, h3, j3, a3 = (a[..., None] for a in (sigma, h, j, deep_ap))
    su = s3 * _mapped(x, h3, j3, a3)
    su_min = su.min(axis=(1, 2), keepdims=True)
    p = np.sin(x) * np.exp(-(su - su_min))  # theta-density, largest value ~1
    pw = p * w
    norm = pw.sum(axis=(1, 2), keepdims=True)

    def mean_free(f):
        return f - (f * pw).sum(axis=(1, 2), keepdims=True) / norm

    def cumulative(f):  # int_0^x f at the nodes, panel by panel
        part = np.einsum("kj,rpj->rpk", _S, f) * half[..., None]
        tot = (f @ _W) * half
        return (np.cumsum(tot, axis=1) - tot)[..., None] + part

    g = mean_free(np.where(x > x_top[..., None], 1.0, 0.0))  # the shallow side's indicator
    lam = np.ones(x.shape[0])
    for _ in range(n_iter):
        g = g / np.sqrt((g * g * pw).sum(axis=(1, 2), keepdims=True))
        dfdx = -2.0 * cumulative(g * p) / np.where(p > 0.0, p, 1.0)  # D = 1/2 (p = 0: empty nodes)
        f = mean_free(cumulative(dfdx))
        lam = (g * g * pw).sum(axis=(1, 2)) / (f * g * pw).sum(axis=(1, 2))
        g = f
    return np.log(lam)
