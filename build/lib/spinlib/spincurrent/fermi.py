"""Toy model 2 summed over the Fermi surface: classical dephasing of the transverse spin current.

Electrons of the incident Fermi hemisphere keep their wavevector parallel to the interface, so
each incidence direction :math:`u=\\cos\\vartheta` meets the step of
:mod:`spinlib.spincurrent.scattering` with its own normal wavevector :math:`k=k_Fu`. The sum of
their transmitted spin currents (:func:`transverse_spin_current_profile`) dephases as
:math:`1/x` (:func:`fermi_average_asymptote`). Not in Ralph & Stiles (2008), who describe the
dephasing in words (Sec. 3); here it is computed within their toy model.

Units: wavevectors in units of :math:`k_F` (so a :class:`~spinlib.spincurrent.StepModel` here has
:math:`q_\\uparrow=0` and :math:`q_\\downarrow\\le1`, e.g. ``StepModel.from_ratio(ratio=0.6)``),
depths in :math:`1/k_F` (one Fermi wavelength is :math:`2\\pi`), spin currents per unit incident
particle flux, so the incident spin current is :math:`(\\sin\\theta, 0, \\cos\\theta)`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..validate import SpinlibInputError, choice, count, in_range, nonnegative, positive, show
from .planewave import _shapes, _theta
from .scattering import StepModel, _model, transmitted_spin_current

__all__ = [
    "MAX_NODES",
    "max_fermi_depth",
    "transverse_spin_current_profile",
    "fermi_average_asymptote",
]

#: Largest Gauss-Legendre rule accepted (the nodes come from an n x n eigenproblem: ~0.5 s at 8192).
MAX_NODES = 8192


@lru_cache(maxsize=8)
def _gauss(n: int):
    """Gauss-Legendre nodes and weights of ``n`` points on [0, 1] (cached)."""
    x, w = np.polynomial.legendre.leggauss(n)
    return 0.5 * (x + 1), 0.5 * w


def _fermi_model(params, *, open_interval=False):
    """The minority step q (units of k_F) and rho = k_dn/k_up at k_F of a Fermi-surface StepModel."""
    P = _model(params)
    if np.any(np.asarray(P.q_up) != 0):
        raise SpinlibInputError(
            f"params.q_up must be 0 for the Fermi-surface sum (majority band aligned with the normal "
            f"metal, toy model 2); got q_up={show(P.q_up)}"
        )
    q = in_range("params.q_down", P.q_down, 0.0, 1.0, lo_open=open_interval, hi_open=open_interval)
    rho = np.sqrt((1 - q) * (1 + q))
    if open_interval and np.any(rho >= 1):  # q_down so small that k_down/k_up rounds to 1
        raise SpinlibInputError(
            f"params.q_down must be large enough that k_down/k_up = sqrt(1 - q_down^2) < 1 in floating "
            f"point (q_down >~ 2e-8); got q_down={show(P.q_down)}"
        )
    return q, rho


def _weighted_sum(weights, values):
    """sum_n weights[..., n] values[..., n, :] as one matrix product (no (..., n, 3) temporary)."""
    shape = np.broadcast_shapes(weights.shape, values.shape[:-1])
    return np.matmul(
        np.swapaxes(np.broadcast_to(values, shape + (3,)), -1, -2), np.broadcast_to(weights, shape)[..., None]
    )[..., 0]


def _fermi_sum(x, th, q, rho, n):
    """Transmitted spin current summed over the incident Fermi hemisphere (k_F = 1, q_up = 0).

    :math:`2\\int_0^1 \\mathbf Q_{\\rm trans}(x; k=u)\\,du` with :func:`transmitted_spin_current`
    (whose incident spin current is :math:`u(\\sin\\theta,0,\\cos\\theta)`, so the flux weight
    :math:`u` of each state is already in it), by Gauss-Legendre quadrature on two ranges:
    propagating minority channel, :math:`w=K_\\downarrow\\in[0,\\rho]`, :math:`u=\\sqrt{w^2+q^2}`,
    :math:`du=(w/u)\\,dw`; evanescent, :math:`u=q\\sin\\alpha`, :math:`du=q\\cos\\alpha\\,d\\alpha`.
    Both substitutions remove the square-root branch point at :math:`u=q`.
    """
    s, ws = _gauss(n)
    xx, tt, qq, rr = (v[..., None] for v in (x, th, q, rho))
    # propagating minority channel
    w = rr * s
    u = np.sqrt(w * w + qq * qq)
    q_prop = transmitted_spin_current(xx, k=u, theta=tt, params=StepModel(q_down=qq))
    total = 2 * _weighted_sum(ws * rr * w / u, q_prop)
    # evanescent minority channel (absent without a splitting, q = 0)
    if np.any(q > 0):
        al = 0.5 * np.pi * s
        has = qq > 0
        u = np.where(has, qq * np.sin(al), 1.0)
        q_ev = transmitted_spin_current(xx, k=u, theta=tt, params=StepModel(q_down=np.where(has, qq, 0.0)))
        jac = np.where(has, 0.5 * np.pi * ws * qq * np.cos(al), 0.0)
        total = total + 2 * _weighted_sum(jac, q_ev)
    return total


def max_fermi_depth(n_nodes: int) -> float:
    """Largest depth the Fermi-surface sum resolves to 1e-10 with ``n_nodes`` Gauss-Legendre nodes.

    Parameters
    ----------
    n_nodes : int
        Nodes per sub-interval of the angular quadrature, >= 32.

    Returns
    -------
    float
        Depth in units of :math:`1/k_F`: :math:`4(n-16)`.

    Notes
    -----
    The integrand oscillates with a phase :math:`\\le 0.42\\,k_Fx` across the
    quadrature interval; the rule :math:`4(n-16)` was measured against 1024 and 8192
    nodes for ratios in (0, 1) and is checked by the tests.

    Examples
    --------
    >>> max_fermi_depth(48)
    128.0
    """
    n = count("n_nodes", n_nodes, minimum=32)
    return 4.0 * (n - 16)


def transverse_spin_current_profile(depth, *, theta, params: StepModel, average="fermi", n_nodes=128):
    """Spin current vs depth in the ferromagnet of toy model 2: one wavevector or a Fermi-surface sum.

    Parameters
    ----------
    depth : float or array
        Distance from the interface, >= 0, in units of :math:`1/k_F`
        (one Fermi wavelength is :math:`2\\pi`).
    theta : float or array
        Angle of the incident spin from the magnetization, radians, in [0, pi].
    params : StepModel
        The step in units of :math:`k_F`: :math:`q_\\uparrow=0` and :math:`q_\\downarrow` in
        [0, 1], e.g. ``StepModel.from_ratio(ratio=rho)`` with :math:`\\rho=k_\\downarrow/k_\\uparrow`
        at the Fermi energy and normal incidence (1: no exchange splitting).
    average : {"fermi", "single"}
        "single": one electron at normal incidence with :math:`k=k_F` (Eq. (13));
        "fermi": sum over the incident Fermi hemisphere with the wavevector
        parallel to the interface conserved, normalised per incident particle
        flux.
    n_nodes : int
        Gauss-Legendre nodes per sub-interval of the angular quadrature (>= 32).
        The Fermi-surface sum is accurate to 1e-10 for depths up to
        ``max_fermi_depth(n_nodes)`` = 4 (n_nodes - 16) / k_F (checked in the
        tests against 1024 nodes); deeper points raise (use more nodes, or the
        asymptote :func:`fermi_average_asymptote`).

    Returns
    -------
    ndarray, shape (..., 3)
        Transmitted spin current :math:`(Q_x, Q_y, Q_z)` per unit incident
        particle flux; the incident spin current is :math:`(\\sin\\theta,0,\\cos\\theta)`.

    Notes
    -----
    For incidence at :math:`u=\\cos\\vartheta` the normal wavevectors are
    :math:`k_\\uparrow=k_F u` and :math:`k_\\downarrow=k_F\\sqrt{u^2-(1-\\rho^2)}`
    (imaginary below :math:`u=\\sqrt{1-\\rho^2}`). Each state of the hemisphere
    carries the flux :math:`\\propto u`, so the sum is
    :math:`\\mathbf Q=2\\int_0^1\\mathbf Q_{\\rm trans}(x;k_Fu)\\,du` with the spin current
    of :func:`~spinlib.spincurrent.transmitted_spin_current` (Eq. (13)), whose transverse
    part is :math:`Q_x+iQ_y=\\sin\\theta\\,2\\int_0^1 u\\,e^{i(k_\\downarrow-k_\\uparrow)x}du`;
    done by Gauss-Legendre quadrature after the substitutions
    :math:`u\\,du=k_\\downarrow dk_\\downarrow` (propagating) and
    :math:`u=\\tilde q\\sin\\alpha` (evanescent), which remove the square-root
    branch point. "single" is :func:`~spinlib.spincurrent.transmitted_spin_current` at
    :math:`k=k_F`. Not in Ralph & Stiles (2008), who describe this dephasing in
    words (Sec. 3); here it is computed within their toy model.

    Examples
    --------
    All transverse spin enters the magnet, then dephases:

    >>> model = StepModel.from_ratio(ratio=0.6)
    >>> q = transverse_spin_current_profile([0.0, 20 * np.pi], theta=np.pi / 2, params=model)
    >>> np.round(np.hypot(q[:, 0], q[:, 1]), 4)
    array([1.    , 0.0472])
    """
    x = nonnegative("depth", depth)
    th = _theta(theta)
    q, rho = _fermi_model(params)
    _shapes(depth=x, theta=th, params=q)
    average = choice("average", average, ("fermi", "single"))
    n_nodes = count("n_nodes", n_nodes, minimum=32, maximum=MAX_NODES)
    if average == "fermi" and np.any(x > max_fermi_depth(n_nodes)):
        raise SpinlibInputError(
            f"depth must be <= {max_fermi_depth(n_nodes):g} (in 1/k_F) for the Fermi-surface sum with "
            f"n_nodes={n_nodes}: raise n_nodes to at least 16 + depth/4; got depth={show(depth)}"
        )
    if average == "single":
        out = transmitted_spin_current(x, k=1.0, theta=th, params=StepModel(q_down=q))
    else:
        out = _fermi_sum(x, th, q, rho, n_nodes)
    return np.broadcast_to(out, np.broadcast_shapes(x.shape, th.shape, q.shape) + (3,)).copy()


def fermi_average_asymptote(depth, *, theta, params: StepModel, terms=1):
    """Large-depth form of the Fermi-surface sum of the transverse spin current.

    Parameters
    ----------
    depth : float or array
        Depth, > 0, units of :math:`1/k_F`.
    theta : float or array
        Spin angle, radians, in [0, pi].
    params : StepModel
        The step in units of :math:`k_F`, :math:`q_\\uparrow=0` and :math:`q_\\downarrow` in (0, 1),
        i.e. :math:`\\rho=k_\\downarrow/k_\\uparrow` at normal incidence in (0, 1)
        (``StepModel.from_ratio(ratio=rho)``).
    terms : {1, 2}
        Number of terms of the end-point expansion.

    Returns
    -------
    ndarray (complex)
        :math:`Q_x+iQ_y` from the end point :math:`u=1` (normal incidence) of the angular
        integral after one (``terms=1``) or two (``terms=2``) integrations by parts (the formula
        is in the Notes). The transverse spin current therefore dephases as :math:`1/x`. Depths
        so small that a term exceeds the float range (the expansion is meant for
        :math:`k_Fx\\gg1`) raise.

    Notes
    -----
    .. math::

        Q_x+iQ_y \\simeq \\sin\\theta\\,e^{-i(1-\\rho)x}\\left[\\frac{2\\rho}{i(1-\\rho)x}
        + \\frac{2(1+\\rho+\\rho^2)}{(1-\\rho)^2x^2}\\right]

    Derived in :func:`spinlib.spincurrent.derivation.fermi_sum_endpoint_asymptote`.
    The remainder after the first term is :math:`O(x^{-2})`, after the second
    :math:`O(x^{-3})` (measured against the quadrature in the tests): the
    evanescent threshold :math:`u=\\sqrt{1-\\rho^2}`, where :math:`\\phi'` diverges,
    contributes only at higher order. Units: depth in :math:`1/k_F`.

    Examples
    --------
    The magnitude of the leading term is :math:`2\\rho\\sin\\theta/[(1-\\rho)x]`:

    >>> a = fermi_average_asymptote(100.0, theta=np.pi / 2, params=StepModel.from_ratio(ratio=0.6))
    >>> round(float(abs(a)), 6)
    0.03
    """
    x = positive("depth", depth)
    th = _theta(theta)
    _, rho = _fermi_model(params, open_interval=True)
    _shapes(depth=x, theta=th, params=rho)
    terms = choice("terms", terms, (1, 2))
    phase = (1 - rho) * x
    with np.errstate(over="ignore"):  # the amplitude exceeds the float range only for tiny depths
        leading = np.sin(th) * ((2 * rho / (1 - rho)) / x)
        second = np.sin(th) * ((2 * (1 + rho + rho * rho) / (1 - rho) ** 2) / x) / x if terms == 2 else 0.0
    if not (np.all(np.isfinite(leading)) and np.all(np.isfinite(second))):
        raise SpinlibInputError(
            f"depth is far too small for the large-depth expansion: its terms exceed the float range; "
            f"got depth={show(depth)}"
        )
    # e^{-i phase} [leading / i + second]
    cos, sin = np.cos(phase), np.sin(phase)
    return (-leading * sin + second * cos) + 1j * (-leading * cos - second * sin)
