"""The full (not linearised) thermal line of the axial oscillator, from the 1-D Fokker-Planck equation.

In the axial geometry the polar coordinate ``u = cos theta`` is a closed one-dimensional diffusion (Ito
form, Brown's thermal field, ``D = alpha epsilon / (1 + alpha^2)``)::

    du = [R(u) - 2 D u] dtau + sqrt(2 D (1 - u^2)) dW_u,      R(u) = (1 - u^2) F(u) / (1 + alpha^2),

and the phase follows it, ``dphi = w(u) dtau + sqrt(2 D / (1 - u^2)) dW_phi`` with ``W_phi``
independent of ``W_u`` (the split equations of :mod:`spinlib.oscillator.precession`). Nothing is
linearised. The stationary density of ``u`` is ``P(u) ~ exp(Phi(u))`` with ``Phi' = F / (alpha
epsilon)`` (zero probability flux; at ``j = 0`` it is Boltzmann's). By the Feynman-Kac formula the
correlation of ``z = sin theta exp(i sigma phi)`` (``sigma`` the sense of rotation, so the line sits at
``+|w|``) is ``C(tau) = <P s, exp(tau M) s>`` with ``s = sqrt(1 - u^2)`` and the operator
``M = L + i sigma (w(u) - w_bar) - D / (1 - u^2)``, ``L g = (1 / P) d/du (D (1 - u^2) P dg/du)`` the
generator of ``u`` and ``w_bar`` the mean rotation rate. The line is ``S(Delta) = 2 Re <P s, (i Delta
- M)^{-1} s> / <s^2>``, one tridiagonal solve per detuning ``Delta`` on a finite-volume grid of ``u``
(flux form, so the discrete ``P`` is exactly stationary). Units: those of
:mod:`spinlib.oscillator.precession`.
"""

from __future__ import annotations

import numpy as np
from scipy.linalg import solve_banded
from scipy.optimize import brentq, minimize_scalar

from ..validate import SpinlibInputError, count, finite, nonnegative, positive, scalar
from .precession import _F, _p, _w, cone_cosine, free_diffusion, linewidth, relaxation_rate

__all__ = ["exact_line", "exact_line_fwhm"]


def _grid(P, h, j, eps, n):
    """Cells of ``u``, the log-density at edges and centres, and the rotation-rate data."""
    e = np.linspace(-1.0, 1.0, n + 1)
    u = 0.5 * (e[1:] + e[:-1])
    du = e[1] - e[0]
    scale = 1.0 / (P.alpha * eps)
    fe = _F(e, h, j, P) * scale
    phi_e = np.concatenate([[0.0], np.cumsum(0.5 * (fe[1:] + fe[:-1]) * du)])
    phi_c = phi_e[:-1] + _F(0.5 * (e[:-1] + u), h, j, P) * scale * (0.5 * du)
    top = phi_c.max()
    # exp of very negative arguments is 0 (no probability there); the clip keeps numpy silent
    pc = np.exp(np.clip(phi_c - top, -745.0, 0.0))
    norm = pc.sum() * du
    return e, u, du, phi_e - top, phi_c - top, pc / norm


def _check_resolution(P, h, j, eps, n):
    """The grid must resolve the stationary density: its linear-theory rms width over ``>= 4`` cells."""
    u0 = float(cone_cosine(params=P, field=h, current=j))
    G = float(relaxation_rate(params=P, field=h, current=j))
    sigma = np.sqrt(float(free_diffusion(params=P, temperature=eps)) * (1.0 - u0 * u0) / G)
    if sigma < 4.0 * (2.0 / n):
        raise SpinlibInputError(
            f"temperature too low for a grid of n_grid={n} cells (rms cone fluctuation {sigma:.3g} "
            f"< 4 cells); raise n_grid; got temperature={eps!r}"
        )


def _line(P, h, j, eps, n, detuning):
    e, u, du, phi_e, phi_c, pc = _grid(P, h, j, eps, n)
    D = float(free_diffusion(params=P, temperature=eps))
    B_e = D * (1.0 - e * e)
    up = B_e[1:] * np.exp(np.clip(phi_e[1:] - phi_c, -745.0, 700.0)) / du**2
    dn = B_e[:-1] * np.exp(np.clip(phi_e[:-1] - phi_c, -745.0, 700.0)) / du**2
    w = _w(u, h, j, P)
    w_bar = float(np.sum(w * pc) * du)
    sense = 1.0 if w_bar >= 0.0 else -1.0
    s = np.sqrt(1.0 - u * u)
    base = up + dn - 1j * sense * (w - w_bar) + D / (1.0 - u * u)
    ab = np.zeros((3, n), dtype=complex)
    ab[0, 1:] = -up[:-1]
    ab[2, :-1] = -dn[1:]
    weight = pc * s * du
    norm = float(np.sum(weight * s))
    out = np.empty(detuning.size)
    for i, d in enumerate(detuning.ravel()):
        ab[1] = base + 1j * d
        x = solve_banded((1, 1), ab, s.astype(complex), check_finite=False)
        out[i] = 2.0 * float(np.real(np.sum(weight * x))) / norm
    return out.reshape(detuning.shape), abs(w_bar)


def exact_line(detuning, *, params, field, current, temperature, n_grid=2000):
    """The thermal line of ``m_x`` without linearisation, from the 1-D Fokker-Planck equation of the cone.

    Parameters
    ----------
    detuning : angular frequencies ``omega - |w_bar|`` from the mean rotation rate (any shape).
    params : :class:`spinlib.oscillator.precession.AxialMacrospin`.
    field : field ``h`` (a single number, units of ``M_s``).
    current : current ``j`` (a single number inside the precession range).
    temperature : reduced temperature ``epsilon`` (> 0, resolved by the grid: the rms cone fluctuation
        must span at least 4 cells).
    n_grid : number of cells in ``u = cos theta`` on (-1, 1) (>= 100).

    Returns
    -------
    line, centre : ndarray of the shape of ``detuning``, the line normalised like a unit-weight
        Lorentzian (it integrates to ``2 pi`` over ``omega``), and float, the mean rotation rate
        ``|w_bar|`` (units of ``gamma0 M_s``) at which ``detuning = 0`` sits.

    Notes
    -----
    ``S(Delta) = 2 Re <P s, (i Delta - M)^{-1} s> / <s^2>`` (module docstring): the exact long-time line
    of the axial model, amplitude (``sin theta``) fluctuations included. As ``epsilon -> 0`` it tends to
    the Lorentzian of :func:`spinlib.oscillator.precession.linewidth`.

    Examples
    --------
    >>> from spinlib.oscillator.precession import AxialMacrospin
    >>> P = AxialMacrospin(anisotropy=1.0, asymmetry=0.5, alpha=0.2)
    >>> line, c = exact_line([0.0, 0.05], params=P, field=-5.0, current=-0.9, temperature=0.02)
    >>> bool(line[0] > line[1]), round(c, 3)
    (True, 5.295)
    """
    P = _p(params)
    h, j = scalar("field", field), scalar("current", current)
    eps = scalar("temperature", temperature, positive)
    n = count("n_grid", n_grid, minimum=100)
    d = finite("detuning", detuning)
    _check_resolution(P, h, j, eps, n)
    return _line(P, h, j, eps, n, np.atleast_1d(d).astype(float).reshape(d.shape))


def exact_line_fwhm(*, params, field, current, temperature, n_grid=2000):
    """Full width at half maximum of :func:`exact_line` (0 exactly at ``T = 0``).

    Parameters
    ----------
    params : :class:`spinlib.oscillator.precession.AxialMacrospin`.
    field, current : single numbers (current inside the precession range).
    temperature : reduced temperature ``epsilon`` (>= 0; when > 0, resolved by the grid).
    n_grid : cells in ``u`` (>= 100).

    Returns
    -------
    float, the FWHM (angular frequency, units of ``gamma0 M_s``); the line may be asymmetric, so its
    peak is located first and the two half-maximum points are found on either side.

    Examples
    --------
    >>> from spinlib.oscillator.precession import AxialMacrospin
    >>> P = AxialMacrospin(anisotropy=1.0, asymmetry=0.5, alpha=0.2)
    >>> round(exact_line_fwhm(params=P, field=-5.0, current=-0.9, temperature=0.02), 4)
    0.0688
    """
    P = _p(params)
    h, j = scalar("field", field), scalar("current", current)
    eps = scalar("temperature", temperature, nonnegative)
    n = count("n_grid", n_grid, minimum=100)
    if eps == 0.0:
        cone_cosine(params=P, field=h, current=j)  # validates the point
        return 0.0
    _check_resolution(P, h, j, eps, n)
    scale = float(linewidth(params=P, field=h, current=j, temperature=eps))

    def line(d):
        return float(_line(P, h, j, eps, n, np.array([d]))[0][0])

    grid = np.linspace(-2.0, 2.0, 81) * scale
    vals = _line(P, h, j, eps, n, grid)[0]
    k = int(np.argmax(vals))
    lo_b, hi_b = grid[max(k - 1, 0)], grid[min(k + 1, grid.size - 1)]
    peak_at = minimize_scalar(lambda d: -line(d), bounds=(lo_b, hi_b), method="bounded",
                              options={"xatol": 1e-6 * scale}).x
    half = line(peak_at) / 2.0

    def edge(direction):
        step = scale
        while line(peak_at + direction * step) > half:
            step *= 2.0
        a, b = sorted((peak_at, peak_at + direction * step))
        return brentq(lambda d: line(d) - half, a, b, xtol=1e-9 * scale)

    return float(edge(1.0) - edge(-1.0))
