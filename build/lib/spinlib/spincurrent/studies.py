"""Presets, the numbers the spin-current page quotes, sweeps its figures draw, convergence checks.

Everything here calls the physics modules of :mod:`spinlib.spincurrent`; nothing draws.
Units as on the page: wavevectors in :math:`k_F`, depths in Fermi wavelengths
:math:`\\lambda_F=2\\pi/k_F` (the physics functions take depths in :math:`1/k_F`), spin currents per
unit incident particle flux.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validate import count, finite, in_range, nonnegative, positive
from .fermi import fermi_average_asymptote, transverse_spin_current_profile
from .fieldlike import ResonantPerpTorque, perpendicular_torque_bias_change, perpendicular_torque_quadratic
from .planewave import incident_spin_current
from .scattering import (
    StepModel,
    precession_period,
    reflected_spin_current,
    transmitted_spin_current,
    transverse_decay_constant,
)

__all__ = [
    "LAMBDA_F",
    "TOY_MODEL_2",
    "EVANESCENT_STEP",
    "SAMPLE_N_PERP",
    "normal_incidence_period",
    "dephasing_fractions",
    "depth_below",
    "fermi_sum_node_error",
    "StepProfile",
    "step_profile",
    "DephasingCurves",
    "dephasing_curves",
    "EvanescentStudy",
    "evanescent_study",
    "FieldLikeBias",
    "field_like_bias",
]

LAMBDA_F = 2 * np.pi  #: Fermi wavelength in units of 1/k_F

#: Toy model 2 of Ralph & Stiles (2008), Sec. 3 and Fig. 5(b): no step for majority electrons,
#: minority step Delta. The paper gives no numbers; k_down/k_up = 0.6 at the Fermi energy
#: (precession period 2.5 Fermi wavelengths, "a few lattice spacings") is our choice.
TOY_MODEL_2 = StepModel.from_ratio(ratio=0.6)

#: Both channels evanescent at E_F, the case of Eq. (14) of Ralph & Stiles (2008); the values
#: q_up = 1.2 k_F, q_down = 1.6 k_F are our choice (the paper gives none).
EVANESCENT_STEP = StepModel(q_up=1.2, q_down=1.6)

#: The illustrative N_perp(eps) of the field-like-torque figure (not from a paper).
SAMPLE_N_PERP = ResonantPerpTorque()


def normal_incidence_period(ratio) -> float:
    """Precession period at normal incidence and E = E_F, in Fermi wavelengths.

    Parameters
    ----------
    ratio : float
        :math:`\\rho=k_\\downarrow/k_\\uparrow` at the Fermi energy, in [0, 1].

    Returns
    -------
    float
        :func:`~spinlib.spincurrent.precession_period` at :math:`k=k_F` of
        ``StepModel.from_ratio(ratio=ratio)`` over :math:`\\lambda_F`, i.e. :math:`1/(1-\\rho)`;
        ``inf`` for ``ratio == 1`` (no exchange splitting, no precession).

    Examples
    --------
    >>> round(normal_incidence_period(0.6), 9)
    2.5
    """
    model = StepModel.from_ratio(ratio=ratio)
    if model.q_down == 0:
        return float("inf")
    return float(precession_period(k=1.0, params=model)) / LAMBDA_F


def dephasing_fractions(*, ratios=(0.4, 0.6, 0.8), window=(5.0, 12.0), theta=np.pi / 2, n_points=400):
    """Largest Fermi-summed transverse spin current in a window of depths, percent of the incident one.

    Parameters
    ----------
    ratios : sequence of float
        :math:`k_\\downarrow/k_\\uparrow` at the Fermi energy, each in [0, 1].
    window : (float, float)
        Depths, Fermi wavelengths (the page: between five and twelve).
    theta : float
        Spin angle, radians (the page: 90 degrees).
    n_points : int
        Depths sampled in the window.

    Returns
    -------
    dict
        ``{ratio: 100 max |Q_xx + i Q_xy| / sin(theta)}`` over the window (``theta`` = pi/2 on the page).

    Examples
    --------
    >>> {r: round(v, 1) for r, v in dephasing_fractions().items()}
    {0.4: 4.2, 0.6: 9.2, 0.8: 22.4}
    """
    lo, hi = (float(v) for v in nonnegative("window", window))
    xs = np.linspace(lo * LAMBDA_F, hi * LAMBDA_F, count("n_points", n_points, minimum=2))
    out = {}
    for r in ratios:
        q = transverse_spin_current_profile(xs, theta=theta, params=StepModel.from_ratio(ratio=r))
        out[r] = float(100 * np.hypot(q[:, 0], q[:, 1]).max() / np.sin(theta))
    return out


def depth_below(threshold=0.1, *, ratio=0.6, theta=np.pi / 2, max_depth=40.0, n_points=8001, n_nodes=256):
    """Depth beyond which the Fermi-summed transverse spin current stays below ``threshold``.

    Parameters
    ----------
    threshold : float
        Fraction of the incident transverse spin current, in (0, 1).
    ratio : float
        :math:`k_\\downarrow/k_\\uparrow` at the Fermi energy, in [0, 1).
    theta : float
        Spin angle, radians.
    max_depth : float
        Depth searched, Fermi wavelengths (the answer must lie below it).
    n_points, n_nodes : int
        Depth grid and Gauss-Legendre nodes of the Fermi-surface sum.

    Returns
    -------
    float
        The last crossing of ``threshold * sin(theta)``, linearly interpolated on the grid,
        in Fermi wavelengths (the page: 4.5 for :math:`\\rho=0.6`, 10 %).

    Examples
    --------
    >>> round(depth_below(0.1, ratio=0.6, max_depth=10.0, n_points=2001), 2)
    4.55
    """
    level = float(in_range("threshold", threshold, 0.0, 1.0, lo_open=True, hi_open=True)) * np.sin(theta)
    xs = np.linspace(
        0, float(positive("max_depth", max_depth)) * LAMBDA_F, count("n_points", n_points, minimum=2)
    )
    q = transverse_spin_current_profile(
        xs, theta=theta, params=StepModel.from_ratio(ratio=ratio), n_nodes=n_nodes
    )
    mag = np.hypot(q[:, 0], q[:, 1])
    i = np.nonzero(mag >= level)[0][-1]
    return float((xs[i] + (mag[i] - level) / (mag[i] - mag[i + 1]) * (xs[i + 1] - xs[i])) / LAMBDA_F)


def fermi_sum_node_error(*, n_nodes=128, ratios=(0.2, 0.4, 0.6, 0.8, 0.95), reference_nodes=1024):
    """Convergence check of the Fermi-surface quadrature: error of ``n_nodes`` against ``reference_nodes``.

    Parameters
    ----------
    n_nodes, reference_nodes : int
        The rule checked and the reference rule (>= 32).
    ratios : sequence of float
        :math:`k_\\downarrow/k_\\uparrow` values checked, each in [0, 1].

    Returns
    -------
    float
        Largest absolute difference of the spin current (per unit incident flux) over depths up
        to :func:`~spinlib.spincurrent.max_fermi_depth` of ``n_nodes`` and over ``ratios``.

    Examples
    --------
    >>> fermi_sum_node_error(n_nodes=48, ratios=(0.6,), reference_nodes=256) < 1e-10
    True
    """
    from .fermi import max_fermi_depth

    xs = np.linspace(0.0, max_fermi_depth(n_nodes), 200)
    err = 0.0
    for r in ratios:
        model = StepModel.from_ratio(ratio=r)
        q = transverse_spin_current_profile(xs, theta=np.pi / 2, params=model, n_nodes=n_nodes)
        ref = transverse_spin_current_profile(xs, theta=np.pi / 2, params=model, n_nodes=reference_nodes)
        err = max(err, float(np.max(np.abs(q - ref))))
    return err


@dataclass(frozen=True, kw_only=True, eq=False)
class StepProfile:
    """Spin current on both sides of the step for one electron at normal incidence, :math:`k=k_F`."""

    params: StepModel  # the step (units of k_F)
    delta: float  # exchange splitting Delta = q_down^2, units of E_F
    x_left: np.ndarray  # positions left of the interface, Fermi wavelengths (n_left,)
    x_right: np.ndarray  # depths in the ferromagnet, Fermi wavelengths (n_right,)
    left: np.ndarray  # Q_in + Q_refl, constant on the left, shape (3,), units hbar^2 k_F/(2 m Omega)
    right: np.ndarray  # Q_trans at x_right, shape (n_right, 3), same unit


def step_profile(*, theta=np.pi / 3, ratio=0.6) -> StepProfile:
    """The spin currents of Fig. 5(b)-type toy model 2 at :math:`k=k_F` (Eq. (13)).

    Parameters
    ----------
    theta : float
        Spin angle of the incident electron, radians.
    ratio : float
        :math:`k_\\downarrow/k_\\uparrow` at the Fermi energy, in [0, 1].

    Returns
    -------
    StepProfile

    Examples
    --------
    >>> p = step_profile()
    >>> bool(np.allclose(p.left, p.right[0]))  # the spin current is continuous at the interface
    True
    """
    model = StepModel.from_ratio(ratio=ratio)
    xl = np.linspace(-2, 0, 200)
    xr = np.linspace(0, 4, 400)
    left = incident_spin_current(k=1.0, theta=theta) + reflected_spin_current(
        k=1.0, theta=theta, params=model
    )
    right = transmitted_spin_current(xr * LAMBDA_F, k=1.0, theta=theta, params=model)
    return StepProfile(params=model, delta=model.q_down**2, x_left=xl, x_right=xr, left=left, right=right)


@dataclass(frozen=True, kw_only=True, eq=False)
class DephasingCurves:
    """Transverse spin current vs depth, one wavevector and the Fermi-surface sum, for several ratios."""

    depth: np.ndarray  # depth, Fermi wavelengths (n_depth,)
    ratios: tuple  # k_down/k_up at the Fermi energy (n_ratio,)
    single: np.ndarray  # one electron at normal incidence, (n_ratio, n_depth, 3), per incident flux
    fermi: np.ndarray  # Fermi-surface sum, (n_ratio, n_depth, 3), per incident flux
    asymptote_depth: np.ndarray  # depths of the asymptote, Fermi wavelengths (n_asym,)
    asymptote: np.ndarray  # Q_xx + i Q_xy of the 1/x end-point term, (n_ratio, n_asym), complex


def dephasing_curves(*, theta=np.pi / 2, ratios=(0.4, 0.6, 0.8), max_depth=10.0, n_points=1200):
    """Sweep of :func:`~spinlib.spincurrent.transverse_spin_current_profile` and its asymptote.

    Parameters
    ----------
    theta : float
        Spin angle, radians.
    ratios : sequence of float
        :math:`k_\\downarrow/k_\\uparrow`, each in (0, 1).
    max_depth : float
        Largest depth, Fermi wavelengths; the asymptote is evaluated beyond half a wavelength.
    n_points : int
        Depths from 0 to ``max_depth``.

    Returns
    -------
    DephasingCurves

    Examples
    --------
    >>> c = dephasing_curves(ratios=(0.6,), max_depth=2.0, n_points=5)
    >>> np.round(np.hypot(*c.single[0, :, :2].T), 6)
    array([1., 1., 1., 1., 1.])
    """
    x = np.linspace(0, float(positive("max_depth", max_depth)), count("n_points", n_points, minimum=2))
    xa = x[x > 0.5]
    single, fermi, asym = [], [], []
    for r in ratios:
        model = StepModel.from_ratio(ratio=r)
        single.append(
            transverse_spin_current_profile(x * LAMBDA_F, theta=theta, params=model, average="single")
        )
        fermi.append(
            transverse_spin_current_profile(x * LAMBDA_F, theta=theta, params=model, average="fermi")
        )
        asym.append(fermi_average_asymptote(xa * LAMBDA_F, theta=theta, params=model))
    return DephasingCurves(
        depth=x,
        ratios=tuple(ratios),
        single=np.array(single),
        fermi=np.array(fermi),
        asymptote_depth=xa,
        asymptote=np.array(asym),
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class EvanescentStudy:
    """Eq. (14): the transmitted transverse spin current and the torque from total reflection."""

    params: StepModel  # the step (units of k_F), both channels evanescent at E_F
    depth: np.ndarray  # depth, units of 1/k_F (n_depth,)
    transmitted: np.ndarray  # Q_trans at k = k_F, (n_depth, 3), units hbar^2 k_F/(2 m Omega)
    decay_constant: float  # kappa_up + kappa_down at k = k_F, units of k_F
    envelope: np.ndarray  # |Q_perp(0)| exp(-(kappa_up + kappa_down) x) at depth (n_depth,)
    energy: np.ndarray  # electron energy E / V_up (n_energy,)
    torque: np.ndarray  # (Q_in + Q_refl)/k per incident flux, (n_energy, 3), units hbar^2 k/(2 m)


def evanescent_study(*, theta=np.pi / 2, params=EVANESCENT_STEP, max_depth=3.0) -> EvanescentStudy:
    """Transmitted spin current at :math:`E_F` and reflection torque vs energy below the majority step.

    Parameters
    ----------
    theta : float
        Spin angle, radians.
    params : StepModel
        The step, units of :math:`k_F`, with :math:`q_\\uparrow>0`.
    max_depth : float
        Largest depth, units of :math:`1/k_F`.

    Returns
    -------
    EvanescentStudy
        The torque per incident flux is :math:`Q_{in}+Q_{refl}` (nothing is transmitted far
        from the interface) divided by :math:`k`, for :math:`k` from 0.02 to
        :math:`0.999\\,q_\\uparrow`.

    Examples
    --------
    >>> s = evanescent_study()
    >>> round(s.decay_constant, 6), float(np.max(np.abs(s.torque[:, 2]))) < 1e-12
    (1.912325, True)
    """
    x = np.linspace(0, float(positive("max_depth", max_depth)), 400)
    q = transmitted_spin_current(x, k=1.0, theta=theta, params=params)
    kap = transverse_decay_constant(k=1.0, params=params)
    envelope = np.hypot(q[0, 0], q[0, 1]) * np.exp(-kap * x)
    kap = float(kap)
    q_up = float(params.q_up)
    k = np.linspace(0.02, q_up * 0.999, 300)
    torque = (
        incident_spin_current(k=k, theta=theta) + reflected_spin_current(k=k, theta=theta, params=params)
    ) / k[:, None]
    return EvanescentStudy(
        params=params,
        depth=x,
        transmitted=q,
        decay_constant=kap,
        envelope=envelope,
        energy=(k / q_up) ** 2,
        torque=torque,
    )


@dataclass(frozen=True, kw_only=True, eq=False)
class FieldLikeBias:
    """Eq. (29): the bias-dependent perpendicular torque of a symmetric junction and its leading term."""

    energy: np.ndarray  # eps - eps_F, eV (n_energy,)
    n_perp: np.ndarray  # N_perp(eps), arbitrary unit (n_energy,)
    bias: np.ndarray  # eV, eV (n_bias,)
    exact: np.ndarray  # D(V), the exact integral (n_bias,)
    quadratic: np.ndarray  # N_perp'(eps_F) (eV/2)^2, Eq. (29) (n_bias,)


def field_like_bias(*, sample=SAMPLE_N_PERP, max_bias=1.2) -> FieldLikeBias:
    """Sweep of :func:`~spinlib.spincurrent.perpendicular_torque_bias_change` against Eq. (29).

    Parameters
    ----------
    sample : ResonantPerpTorque
        The :math:`N_\\perp(\\varepsilon)` (its ``derivative`` gives the slope at :math:`\\varepsilon_F=0`).
    max_bias : float
        Largest :math:`|eV|`, eV.

    Returns
    -------
    FieldLikeBias

    Examples
    --------
    >>> f = field_like_bias()
    >>> bool(np.allclose(f.exact, f.exact[::-1], rtol=1e-13))  # even in the bias
    True
    """
    vmax = float(finite("max_bias", max_bias))
    v = np.linspace(-vmax, vmax, 401)
    e = np.linspace(-1, 1, 400)
    return FieldLikeBias(
        energy=e,
        n_perp=sample(e),
        bias=v,
        exact=perpendicular_torque_bias_change(v, n_perp=sample),
        quadratic=perpendicular_torque_quadratic(v, dn_perp_at_fermi=sample.derivative(0.0)),
    )
