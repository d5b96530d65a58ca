"""Spin currents and the origin of the spin-transfer torque (toy models of Ralph & Stiles 2008).

Conventions (stated once, used throughout):

* Electrons flow along the real-space axis :math:`\\hat x`; the magnetization of
  the ferromagnet points along the spin-space axis :math:`\\hat z`. Spin
  "up" (:math:`|\\uparrow\\rangle`) is the majority spin.
* Spin-current densities are the :math:`\\hat x`-flow components
  :math:`Q_{x\\,i}` (``i`` = spin component x, y, z) of the tensor of Eq. (4) of
  Ralph & Stiles (2008),
  :math:`\\mathsf Q = (\\hbar^2/2m)\\,\\mathrm{Im}[\\psi^\\dagger \\boldsymbol\\sigma\\otimes\\nabla\\psi]`,
  for plane waves of normalisation volume :math:`\\Omega`. They are returned in
  units of :math:`\\hbar^2/(2m\\Omega)` times the unit of wavevector; with
  wavevectors in units of :math:`k_F` this is :math:`\\hbar^2 k_F/(2m\\Omega)`.
  The last axis of every returned spin current holds the spin components
  (x, y, z).
* Potential steps are given as wavevectors :math:`q_\\sigma=\\sqrt{2mV_\\sigma}/\\hbar`
  (same unit as ``k``), so the electron energy is :math:`E=\\hbar^2k^2/2m` and a
  channel is evanescent when :math:`k<q_\\sigma`. In the ferromagnet the
  wavevector of channel :math:`\\sigma` is :math:`K_\\sigma=\\sqrt{k^2-q_\\sigma^2}`,
  or :math:`i\\kappa_\\sigma` with :math:`\\kappa_\\sigma=\\sqrt{q_\\sigma^2-k^2}`.
* The y components follow from Eq. (4) with the standard Pauli matrices.
  Eqs. (6), (10) and (11) as printed have the opposite sign of every y
  component (see the erratum in the chapter); Eq. (13) as printed agrees with
  Eq. (4) and with this module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ..validate import (
    SpinlibInputError,
    check_fields,
    choice,
    count,
    finite,
    finite_result,
    in_range,
    nonnegative,
    positive,
    scalar,
    show,
)

__all__ = [
    "spinor",
    "plane_wave_spin_current",
    "filter_torque",
    "StepModel",
    "TOY_MODEL_2",
    "StepAmplitudes",
    "step_amplitudes",
    "incident_spin_current",
    "reflected_spin_current",
    "transmitted_spin_current",
    "precession_period",
    "transverse_decay_constant",
    "transverse_spin_current_profile",
    "max_fermi_depth",
    "fermi_average_asymptote",
    "ResonantPerpTorque",
    "perpendicular_torque_bias_change",
    "perpendicular_torque_quadratic",
]


def _theta(theta) -> np.ndarray:
    return in_range("theta", theta, 0.0, np.pi)


def _amplitude(name: str, value) -> np.ndarray:
    """``value`` as a complex array: real or complex numbers, finite; no bool, str, None."""
    bad = value is None or isinstance(value, (bool, np.bool_, str, bytes))
    if not bad:
        try:
            arr = np.asarray(value)
        except (TypeError, ValueError):
            bad = True
        else:
            bad = arr.dtype.kind not in "iufc"
    if bad:
        raise SpinlibInputError(f"{name} must be a real or complex number or array; got {show(value)}")
    arr = arr.astype(complex)
    if not np.all(np.isfinite(arr)):
        raise SpinlibInputError(f"{name} must be finite (no NaN or inf); got {show(value)}")
    return arr


def _shapes(**arrays) -> tuple:
    """The broadcast shape of the named arrays, or an error naming them and their shapes."""
    try:
        return np.broadcast_shapes(*(np.shape(v) for v in arrays.values()))
    except ValueError as exc:
        shapes = ", ".join(f"{name} {np.shape(v)}" for name, v in arrays.items())
        raise SpinlibInputError(f"{', '.join(arrays)} must broadcast together; got shapes {shapes}") from exc


def _scale_exponent(*values) -> np.ndarray:
    """Binary exponent e of the largest of ``values`` (elementwise), so that value * 2**-e < 1.

    Dividing by a power of two is exact, so working with the scaled values
    changes no rounding, and their squares, sums and products can neither
    overflow nor underflow to zero.
    """
    return np.frexp(np.maximum.reduce(np.broadcast_arrays(*values)))[1]


def _channel(k, q):
    """One spin channel of the step: (t, r, K), each exact to a few ulp for any positive k, q >= 0.

    :math:`K=\\sqrt{k^2-q^2}` (real, propagating) or :math:`i\\kappa`,
    :math:`\\kappa=\\sqrt{q^2-k^2}` (evanescent, decaying), computed from the
    exactly rescaled :math:`k'=k2^{-e}`, :math:`q'=q2^{-e}` as
    :math:`\\sqrt{|k'-q'|}\\sqrt{k'+q'}` (no cancellation, no overflow).
    The amplitudes are written without differences of nearly equal numbers:
    propagating, :math:`r=(k-K)/(k+K)=[q/(k+K)]^2`; evanescent,
    :math:`t=2k(k-i\\kappa)/(k^2+\\kappa^2)`,
    :math:`r=[(k-\\kappa)(k+\\kappa)-2ik\\kappa]/(k^2+\\kappa^2)`.
    """
    e = _scale_exponent(k, q)
    ks, qs = np.ldexp(k, -e), np.ldexp(q, -e)
    mag = np.sqrt(np.abs(ks - qs)) * np.sqrt(ks + qs)  # |K| 2^-e
    prop = ks >= qs
    # propagating branch (k' >= q', so k' >= 1/2 and k' + K' > 0)
    denom = np.where(prop, ks + mag, 1.0)
    t_p = 2 * ks / denom
    r_p = (qs / denom) ** 2
    # evanescent branch (q' > k'; q' >= 1/2, so k'^2 + kappa'^2 >= 1/4)
    kap = np.where(prop, 0.0, mag)
    den = ks * ks + kap * kap
    den = np.where(prop, 1.0, den)
    t_e = 2 * ks * (ks - 1j * kap) / den
    r_e = ((ks - kap) * (ks + kap) - 2j * ks * kap) / den
    with np.errstate(over="ignore"):  # |K| > max float only if k or q is within a factor ~1 of it
        big = np.ldexp(mag, e)
    K = np.where(prop, big + 0j, 1j * big)
    return np.where(prop, t_p + 0j, t_e), np.where(prop, r_p + 0j, r_e), K


def _propagating_splitting(k, q_up, q_down):
    """:math:`K_\\uparrow-K_\\downarrow` for propagating channels, free of cancellation.

    :math:`K_\\uparrow-K_\\downarrow=(q_\\downarrow-q_\\uparrow)(q_\\downarrow+q_\\uparrow)/(K_\\uparrow+K_\\downarrow)`,
    evaluated in the exactly rescaled variables of :func:`_scale_exponent`,
    with the binary exponents of the two factors split off so that nothing
    under- or overflows before the final ``ldexp``. Returns (mantissa,
    exponent): the difference is ``np.ldexp(mantissa, exponent)``; zero where
    :math:`q_\\downarrow=q_\\uparrow` or both wavevectors vanish.
    """
    e = _scale_exponent(k, q_up, q_down)
    ks, us, ds = np.ldexp(k, -e), np.ldexp(q_up, -e), np.ldexp(q_down, -e)
    ku = np.sqrt(np.abs(ks - us)) * np.sqrt(ks + us)
    kd = np.sqrt(np.abs(ks - ds)) * np.sqrt(ks + ds)
    total = ku + kd
    md, ed = np.frexp(ds - us)  # the difference of two floats is exact here (Sterbenz) or harmless
    mp, ep = np.frexp(ds + us)
    safe = np.where(total > 0, total, 1.0)
    return np.where(total > 0, md * mp / safe, 0.0), e + ed + ep


def spinor(*, theta):
    """Spinor amplitudes of a spin in the x-z plane at angle ``theta`` from z.

    Parameters
    ----------
    theta : float or array
        Polar angle of the spin from the magnetization axis z, radians, in [0, pi].

    Returns
    -------
    a, b : ndarray
        Amplitudes of :math:`|\\uparrow\\rangle` and :math:`|\\downarrow\\rangle`.

    Notes
    -----
    :math:`a=\\cos(\\theta/2)`, :math:`b=\\sin(\\theta/2)`: Eq. (8) of Ralph & Stiles (2008).
    """
    th = _theta(theta)
    return np.cos(th / 2), np.sin(th / 2)


def plane_wave_spin_current(a, b, *, k, direction=1):
    """Spin current of the spinor plane wave :math:`e^{\\pm ikx}(a|\\uparrow\\rangle+b|\\downarrow\\rangle)`.

    Parameters
    ----------
    a, b : complex or array
        Spinor amplitudes (not necessarily normalised).
    k : float or array
        Magnitude of the wavevector, > 0 (unit of choice).
    direction : {1, -1}
        +1 for :math:`e^{ikx}` (moving towards +x), -1 for :math:`e^{-ikx}`.

    Returns
    -------
    ndarray, shape (..., 3)
        :math:`(Q_{xx}, Q_{xy}, Q_{xz})` in units of :math:`\\hbar^2/(2m\\Omega)` x [k].

    Notes
    -----
    Eq. (6) of Ralph & Stiles (2008) derived from Eq. (4):
    :math:`Q_{xx}=\\pm k\\,2\\mathrm{Re}(a^*b)`,
    :math:`Q_{xy}=\\pm k\\,2\\mathrm{Im}(a^*b)`,
    :math:`Q_{xz}=\\pm k(|a|^2-|b|^2)`. The printed Eq. (6) has
    :math:`2\\mathrm{Im}(ab^*)` for :math:`Q_{xy}`, the opposite sign.
    """
    kk = positive("k", k)
    sgn = float(choice("direction", direction, (1, -1)))
    a_in, b_in = a, b
    a = _amplitude("a", a)
    b = _amplitude("b", b)
    _shapes(a=a, b=b, k=kk)
    with np.errstate(over="ignore", invalid="ignore"):
        ab = np.conj(a) * b
        comps = (2 * ab.real, 2 * ab.imag, np.abs(a) ** 2 - np.abs(b) ** 2)
        out = sgn * kk[..., None] * np.stack(np.broadcast_arrays(*comps), axis=-1)
    return finite_result(out, a=a_in, b=b_in, k=k)


def filter_torque(*, theta, t_up, t_down, r_up, r_down, k=1.0, rtol=1e-9):
    """Spin-transfer torque on a spin-filtering layer (toy model 1).

    Parameters
    ----------
    theta : float or array
        Angle between the incident spin and the magnetization z, radians, in [0, pi].
    t_up, t_down, r_up, r_down : complex or array
        Transmission and reflection amplitudes of the layer for majority and
        minority electrons (same wavevector on both sides, no spin flip).
        Flux conservation :math:`|t_\\sigma|^2+|r_\\sigma|^2=1` is required.
    k : float or array
        Wavevector, > 0.
    rtol : float
        Tolerance of the flux-conservation check, > 0.

    Returns
    -------
    ndarray, shape (..., 3)
        :math:`\\mathbf N_{st}\\,\\Omega/A` in units of :math:`\\hbar^2/(2m)` x [k]:
        the spin current lost by the electron, :math:`Q_{in}+Q_{refl}-Q_{trans}`.

    Notes
    -----
    Computed from the three spin currents of Eq. (10) (each from Eq. (6)), so the
    vanishing z component is a consequence, not an input. The result is
    Eq. (11) of Ralph & Stiles (2008) with the sign of the y component reversed:
    :math:`N_x\\propto\\sin\\theta[1-\\mathrm{Re}(t_\\uparrow t_\\downarrow^*+r_\\uparrow r_\\downarrow^*)]`,
    :math:`N_y\\propto+\\sin\\theta\\,\\mathrm{Im}(t_\\uparrow t_\\downarrow^*+r_\\uparrow r_\\downarrow^*)`.
    """
    a, b = spinor(theta=theta)
    kk = positive("k", k)
    tol = scalar("rtol", rtol, positive)
    tu, td, ru, rd = (
        _amplitude(name, v)
        for name, v in (("t_up", t_up), ("t_down", t_down), ("r_up", r_up), ("r_down", r_down))
    )
    _shapes(theta=a, t_up=tu, t_down=td, r_up=ru, r_down=rd, k=kk)
    for (nt, t), (nr, r) in ((("t_up", tu), ("r_up", ru)), (("t_down", td), ("r_down", rd))):
        flux = np.abs(t) ** 2 + np.abs(r) ** 2
        if np.any(np.abs(flux - 1) > tol):
            given = {"t_up": t_up, "r_up": r_up, "t_down": t_down, "r_down": r_down}
            raise SpinlibInputError(
                f"{nt}, {nr} must satisfy |{nt}|^2 + |{nr}|^2 = 1 (flux conservation) within "
                f"rtol={tol:g}; got {nt}={show(given[nt])}, {nr}={show(given[nr])}"
            )
    # at k = 1, then scaled: the cancelling sum keeps its relative accuracy for subnormal k
    q_in = plane_wave_spin_current(a, b, k=1.0)
    q_tr = plane_wave_spin_current(tu * a, td * b, k=1.0)
    q_re = plane_wave_spin_current(ru * a, rd * b, k=1.0, direction=-1)
    return kk[..., None] * (q_in + q_re - q_tr)


# --------------------------------------------------------------------------- toy model 2


@dataclass(frozen=True, kw_only=True)
class StepModel:
    """Spin-dependent potential step between a normal metal and a Stoner ferromagnet.

    Toy model 2 of Ralph & Stiles (2008), Sec. 3 and Fig. 5(b): free electrons
    in both metals, the majority band of the ferromagnet aligned with the normal
    metal and the minority band raised by the exchange splitting.
    """

    q_up: float = 0.0  # q_up = sqrt(2 m V_up)/hbar: majority step height as a wavevector, units of k_F
    q_down: float = 0.8  # q_down = sqrt(2 m V_down)/hbar = sqrt(2 m Delta)/hbar: minority step, units of k_F

    def __post_init__(self):
        check_fields(self, q_up=nonnegative, q_down=nonnegative)

    @classmethod
    def from_ratio(cls, *, ratio: float) -> StepModel:
        """The model with :math:`q_\\uparrow=0` and :math:`k_\\downarrow/k_\\uparrow` = ``ratio`` at k_F.

        ``ratio`` in [0, 1]; :math:`q_\\downarrow=\\sqrt{(1-\\rho)(1+\\rho)}\\,k_F`
        (the factored form keeps full relative accuracy of the splitting as
        :math:`\\rho\\to1`).
        """
        rho = scalar("ratio", ratio, in_range, lo=0.0, hi=1.0)
        return cls(q_up=0.0, q_down=float(np.sqrt((1.0 - rho) * (1.0 + rho))))


#: Toy model 2 of Ralph & Stiles (2008): no step for majority electrons, minority
#: step Delta. The paper gives no numbers; k_down/k_up = 0.6 at the Fermi energy
#: (precession period 2.5 Fermi wavelengths, "a few lattice spacings") is our choice.
TOY_MODEL_2 = StepModel.from_ratio(ratio=0.6)


class StepAmplitudes(NamedTuple):
    """Scattering amplitudes of the spin-dependent step (complex arrays)."""

    t_up: np.ndarray  # transmission amplitude, majority
    r_up: np.ndarray  # reflection amplitude, majority
    t_down: np.ndarray  # transmission amplitude, minority
    r_down: np.ndarray  # reflection amplitude, minority
    k_up: np.ndarray  # wavevector K_up in the ferromagnet (i kappa_up if evanescent)
    k_down: np.ndarray  # wavevector K_down in the ferromagnet (i kappa_down if evanescent)


def step_amplitudes(*, k, q_down, q_up=0.0) -> StepAmplitudes:
    """Transmission and reflection amplitudes of the spin-dependent step, each spin channel.

    Parameters
    ----------
    k : float or array
        Wavevector of the incident electron in the normal metal, > 0.
    q_down, q_up : float or array
        Step heights as wavevectors, >= 0 (see module docstring).

    Returns
    -------
    StepAmplitudes
        :math:`t_\\sigma = 2k/(k+K_\\sigma)`, :math:`r_\\sigma=(k-K_\\sigma)/(k+K_\\sigma)`.

    Notes
    -----
    From continuity of :math:`\\psi` and :math:`\\psi'` at x = 0. With
    :math:`q_\\uparrow=0` this is Eq. (12) of Ralph & Stiles (2008); with both
    channels evanescent (:math:`K_\\sigma=i\\kappa_\\sigma`) it is Eq. (14). At
    the threshold :math:`k=q_\\sigma` the limit :math:`t=2`, :math:`r=1` is exact.

    Accurate to a few ulp for every positive k and q (tested against mpmath
    at 50 digits from 1e-300 to 1e300): the wavevector is
    :math:`\\sqrt{|k-q|}\\sqrt{k+q}` of exactly rescaled arguments, and
    :math:`r=(k-K)/(k+K)` is evaluated as :math:`[q/(k+K)]^2` (propagating),
    which keeps its relative accuracy for :math:`k\\gg q` where the printed
    form cancels to zero. :math:`K_\\sigma` overflows to inf only when k or
    :math:`q_\\sigma` is within a factor ~1.4 of the largest float.
    """
    kk = positive("k", k)
    qd = nonnegative("q_down", q_down)
    qu = nonnegative("q_up", q_up)
    _shapes(k=kk, q_down=qd, q_up=qu)
    t_up, r_up, k_up = _channel(kk, qu)
    t_dn, r_dn, k_dn = _channel(kk, qd)
    # every field has the broadcast shape of (k, q_down, q_up), even those that ignore q_down
    return StepAmplitudes(*np.broadcast_arrays(t_up, r_up, t_dn, r_dn, k_up, k_dn))


def incident_spin_current(*, k, theta):
    """Spin current of the incident wave of Eq. (8): :math:`k(\\sin\\theta, 0, \\cos\\theta)` (Eq. (13)).

    Parameters
    ----------
    k : float or array
        Wavevector, > 0.
    theta : float or array
        Spin angle from z, radians, in [0, pi].

    Returns
    -------
    ndarray, shape (..., 3), units of :math:`\\hbar^2/(2m\\Omega)` x [k].
    """
    a, b = spinor(theta=theta)
    _shapes(k=positive("k", k), theta=a)
    return plane_wave_spin_current(a, b, k=k)


def reflected_spin_current(*, k, theta, q_down, q_up=0.0):
    """Spin current of the reflected wave of the spin-dependent step.

    Parameters
    ----------
    k, theta, q_down, q_up : see :func:`step_amplitudes` and :func:`spinor`.

    Returns
    -------
    ndarray, shape (..., 3)
        Units of :math:`\\hbar^2/(2m\\Omega)` x [k]. With :math:`q_\\uparrow=0`
        the transverse (x, y) components vanish identically and
        :math:`Q_z = k\\,[(k-k_\\downarrow)/(k+k_\\downarrow)]^2\\sin^2(\\theta/2)`:
        Eq. (13) of Ralph & Stiles (2008).
    """
    a, b = spinor(theta=theta)
    amp = step_amplitudes(k=k, q_down=q_down, q_up=q_up)
    _shapes(k=amp.k_up, theta=a)
    return plane_wave_spin_current(amp.r_up * a, amp.r_down * b, k=k, direction=-1)


def transmitted_spin_current(depth, *, k, theta, q_down, q_up=0.0):
    """Spin current of the transmitted wave at ``depth`` inside the ferromagnet (toy model 2).

    Parameters
    ----------
    depth : float or array
        Distance x from the interface into the ferromagnet, >= 0, in units of 1/[k].
    k, theta, q_down, q_up : see :func:`step_amplitudes` and :func:`spinor`.

    Returns
    -------
    ndarray, shape (..., 3)
        Units of :math:`\\hbar^2/(2m\\Omega)` x [k].

    Notes
    -----
    With :math:`\\psi = (A e^{iK_\\uparrow x}, B e^{iK_\\downarrow x})`,
    :math:`A=t_\\uparrow\\cos(\\theta/2)`, :math:`B=t_\\downarrow\\sin(\\theta/2)`,
    Eq. (4) gives
    :math:`Q_x+iQ_y=(K_\\uparrow^*+K_\\downarrow)A^*B\\,e^{i(K_\\downarrow-K_\\uparrow^*)x}` and
    :math:`Q_z=|A|^2\\mathrm{Re}K_\\uparrow e^{-2\\mathrm{Im}K_\\uparrow x}`
    :math:`-|B|^2\\mathrm{Re}K_\\downarrow e^{-2\\mathrm{Im}K_\\downarrow x}`.
    For propagating channels and :math:`q_\\uparrow=0` this is Eq. (13) of
    Ralph & Stiles (2008): the transverse part precesses about z with period
    :math:`2\\pi/(k_\\uparrow-k_\\downarrow)`; for evanescent channels (Eq. (14))
    it decays as :math:`e^{-(\\kappa_\\uparrow+\\kappa_\\downarrow)x}`.

    For two propagating channels the rotation wavevector is
    :func:`precession_period`'s cancellation-free :math:`K_\\uparrow-K_\\downarrow`,
    so the phase stays accurate for a tiny splitting. A phase
    :math:`(K_\\downarrow-K_\\uparrow^*)x` beyond the float range cannot be
    evaluated and raises (unless the wave has decayed to exactly zero there).
    """
    x = nonnegative("depth", depth)
    a, b = spinor(theta=theta)
    kk = positive("k", k)
    qd = nonnegative("q_down", q_down)
    qu = nonnegative("q_up", q_up)
    _shapes(depth=x, k=kk, theta=a, q_down=qd, q_up=qu)
    amp = step_amplitudes(k=kk, q_down=qd, q_up=qu)
    A = amp.t_up * a
    B = amp.t_down * b
    ku, kd = amp.k_up, amp.k_down
    # Q_x + i Q_y rotates as exp(i (K_dn - K_up^*) x): decay rate gamma, rotation wavevector phi
    gamma = ku.imag + kd.imag
    split, e = _propagating_splitting(kk, qu, qd)
    both_real = (ku.imag == 0) & (kd.imag == 0)
    with np.errstate(over="ignore"):
        phi = np.where(both_real, -np.ldexp(split, e), kd.real - ku.real)
        decay = gamma * x
        phase = phi * x
    envelope = np.exp(-decay)  # exp(-inf) = 0 exactly
    alive = envelope > 0
    if np.any(alive & ~np.isfinite(phase)):
        raise SpinlibInputError(
            f"depth times the rotation wavevector exceeds the float range, so the phase of the transverse "
            f"spin current is undefined; got depth={show(depth)} with k={show(k)}"
        )
    phase = np.where(alive, phase, 0.0)
    # (K_up + K_dn) overflows only for k within ~1 of the float maximum: then a named error
    with np.errstate(over="ignore", invalid="ignore"):
        perp = (np.conj(ku) + kd) * np.conj(A) * B * (envelope * np.exp(1j * phase))
        # |A|^2 Re(K_up) e^{-2 Im(K_up) x} - (same for down): each K is real or imaginary, never both,
        # so Q_z is constant in depth and only propagating channels carry it
        qz = np.abs(A) ** 2 * ku.real - np.abs(B) ** 2 * kd.real
    qz = np.broadcast_to(qz, np.broadcast(x, qz).shape)
    out = np.stack(np.broadcast_arrays(perp.real, perp.imag, qz), axis=-1)
    return finite_result(out, depth=depth, k=k, theta=theta, q_down=q_down, q_up=q_up)


def precession_period(*, k, q_down, q_up=0.0):
    """Spatial period :math:`2\\pi/(k_\\uparrow-k_\\downarrow)` of the transverse spin in the ferromagnet.

    Parameters
    ----------
    k : float or array
        Incident wavevector, > 0; both channels must propagate: k > q_down and k > q_up.
    q_down, q_up : float or array
        Step heights as wavevectors, >= 0, with q_down > q_up (exchange splitting > 0).

    Returns
    -------
    ndarray
        Period in units of 1/[k] (Sec. 3 of Ralph & Stiles (2008), from Eq. (13));
        ``inf`` only where the period exceeds the largest float.

    Notes
    -----
    The difference of the two wavevectors is evaluated without cancellation as
    :math:`k_\\uparrow-k_\\downarrow=(q_\\downarrow-q_\\uparrow)(q_\\downarrow+q_\\uparrow)/(k_\\uparrow+k_\\downarrow)`
    (the difference of squares of :math:`k_\\sigma^2=k^2-q_\\sigma^2`), in
    exactly rescaled variables, so a splitting :math:`q_\\downarrow=10^{-9}k`
    gives :math:`4\\pi k/q_\\downarrow^2` to a few ulp rather than inf.
    """
    kk = positive("k", k)
    qd = nonnegative("q_down", q_down)
    qu = nonnegative("q_up", q_up)
    _shapes(k=kk, q_down=qd, q_up=qu)
    if np.any(qd >= kk):
        raise SpinlibInputError(
            f"q_down must be < k (electron energy above the minority band bottom, so that the minority "
            f"state propagates); got q_down={show(q_down)}, k={show(k)}"
        )
    if np.any(qu >= kk):
        raise SpinlibInputError(
            f"q_up must be < k (electron energy above the majority band bottom, so that the majority "
            f"state propagates); got q_up={show(q_up)}, k={show(k)}"
        )
    if np.any(qd <= qu):
        raise SpinlibInputError(
            f"q_down must be > q_up (minority band above the majority band: exchange splitting > 0); "
            f"got q_down={show(q_down)}, q_up={show(q_up)}"
        )
    split, e = _propagating_splitting(kk, qu, qd)
    with np.errstate(over="ignore", divide="ignore"):  # beyond the float range: inf, as documented
        return np.ldexp(2 * np.pi / split, -e)


def transverse_decay_constant(*, k, q_down, q_up=0.0):
    """Decay constant :math:`\\mathrm{Im}(K_\\uparrow+K_\\downarrow)` of the transverse spin current.

    Parameters
    ----------
    k, q_down, q_up : see :func:`step_amplitudes`.

    Returns
    -------
    ndarray
        :math:`\\kappa_\\uparrow+\\kappa_\\downarrow` when both channels are
        evanescent (Eq. (14) of Ralph & Stiles (2008)), :math:`\\kappa_\\downarrow`
        when only the minority one is, 0 when both propagate. Units of [k].
    """
    amp = step_amplitudes(k=k, q_down=q_down, q_up=q_up)
    return amp.k_up.imag + amp.k_down.imag


# --------------------------------------------------------------------------- 3D Fermi-surface sum


#: Largest Gauss-Legendre rule accepted (the nodes come from an n x n eigenproblem: ~0.5 s at 8192).
MAX_NODES = 8192


@lru_cache(maxsize=8)
def _gauss(n: int):
    x, w = np.polynomial.legendre.leggauss(n)
    return 0.5 * (x + 1), 0.5 * w  # nodes and weights on [0, 1]


def _fermi_sum(x, rho, n):
    """Flux-normalised Fermi-hemisphere sums for q_up = 0, k_F = 1.

    Returns (perp, tz) with perp = 2 int_0^1 u exp(i(K_dn - u) x) du and
    tz = 2 int_0^1 Re(K_dn) |t_dn|^2 du, u = cos(incidence angle).
    """
    s, ws = _gauss(n)
    qt = np.sqrt((1 - rho) * (1 + rho))[..., None]
    rr = rho[..., None]
    xx = x[..., None]
    # propagating minority channel: w = K_dn in [0, rho], u = sqrt(w^2 + q^2), u du = w dw;
    # w - u = -q^2/(w + u) without cancellation (small splitting)
    w = rr * s
    u = np.sqrt(w * w + qt * qt)
    prop = 2 * np.sum(ws * rr * w * np.exp(-1j * (qt * (qt / (w + u))) * xx), axis=-1)
    tz = 2 * np.sum(ws * rr * 4 * u * w * w / (u + w) ** 2, axis=-1)
    # evanescent minority channel: u = q sin(al), K_dn = i q cos(al), du = q cos(al) d al
    al = 0.5 * np.pi * s
    ev = 2 * np.sum(
        0.5
        * np.pi
        * ws
        * qt
        * qt
        * np.sin(al)
        * np.cos(al)
        * np.exp(-qt * (np.cos(al) + 1j * np.sin(al)) * xx),
        axis=-1,
    )
    return prop + ev, tz


def max_fermi_depth(n_nodes: int) -> float:
    """Largest depth (units of 1/k_F) the Fermi-surface sum resolves to 1e-10 with ``n_nodes`` nodes.

    The integrand oscillates with a phase :math:`\\le 0.42\\,k_Fx` across the
    quadrature interval; the rule :math:`4(n-16)` was measured against 1024 and 8192
    nodes for ratios in (0, 1) and is checked by the tests.
    """
    n = count("n_nodes", n_nodes, minimum=32)
    return 4.0 * (n - 16)


def transverse_spin_current_profile(depth, *, theta, ratio, average="fermi", n_nodes=128):
    """Spin current vs depth in the ferromagnet of toy model 2: one wavevector or a Fermi-surface sum.

    Parameters
    ----------
    depth : float or array
        Distance from the interface, >= 0, in units of :math:`1/k_F`
        (one Fermi wavelength is :math:`2\\pi`).
    theta : float or array
        Angle of the incident spin from the magnetization, radians, in [0, pi].
    ratio : float or array
        :math:`k_\\downarrow/k_\\uparrow` at the Fermi energy and normal
        incidence, in [0, 1] (1: no exchange splitting). The majority step is zero.
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
    :math:`Q_x+iQ_y=\\sin\\theta\\,2\\int_0^1 u\\,e^{i(k_\\downarrow-k_\\uparrow)x}du`,
    done by Gauss-Legendre quadrature after the substitutions
    :math:`u\\,du=k_\\downarrow dk_\\downarrow` (propagating) and
    :math:`u=\\tilde q\\sin\\alpha` (evanescent), which remove the square-root
    branch point. Not in Ralph & Stiles (2008), who describe this dephasing in
    words (Sec. 3); here it is computed within their toy model.
    """
    x = nonnegative("depth", depth)
    th = _theta(theta)
    rho = in_range("ratio", ratio, 0.0, 1.0)
    _shapes(depth=x, theta=th, ratio=rho)
    average = choice("average", average, ("fermi", "single"))
    n_nodes = count("n_nodes", n_nodes, minimum=32, maximum=MAX_NODES)
    if average == "fermi" and np.any(x > max_fermi_depth(n_nodes)):
        raise SpinlibInputError(
            f"depth must be <= {max_fermi_depth(n_nodes):g} (in 1/k_F) for the Fermi-surface sum with "
            f"n_nodes={n_nodes}: raise n_nodes to at least 16 + depth/4; got depth={show(depth)}"
        )
    x, th, rho = np.broadcast_arrays(x, th, rho)
    c2, s2 = np.cos(th / 2) ** 2, np.sin(th / 2) ** 2
    if average == "single":
        perp = np.exp(1j * (rho - 1) * x)
        tz = rho * (2 / (1 + rho)) ** 2
    else:
        perp, tz = _fermi_sum(x, rho, n_nodes)
    perp = np.sin(th) * perp
    return np.stack([perp.real, perp.imag, c2 - s2 * tz], axis=-1)


def fermi_average_asymptote(depth, *, theta, ratio, terms=1):
    """Large-depth form of the Fermi-surface sum of the transverse spin current.

    Parameters
    ----------
    depth : float or array
        Depth, > 0, units of :math:`1/k_F`.
    theta : float or array
        Spin angle, radians, in [0, pi].
    ratio : float or array
        :math:`k_\\downarrow/k_\\uparrow` at normal incidence, in (0, 1).
    terms : {1, 2}
        Number of terms of the end-point expansion.

    Returns
    -------
    ndarray (complex)
        :math:`Q_x+iQ_y \\simeq \\sin\\theta\\,e^{-i(1-\\rho)x}\\,[2\\rho/(i(1-\\rho)x)
        + 2(1+\\rho+\\rho^2)/((1-\\rho)^2x^2)]`, the end point :math:`u=1`
        (normal incidence) of the angular integral after one (``terms=1``) or
        two (``terms=2``) integrations by parts. The transverse spin current
        therefore dephases as :math:`1/x`. Depths so small that a term
        exceeds the float range (the expansion is meant for :math:`k_Fx\\gg1`) raise.

    Notes
    -----
    Derived in :func:`spinlib.derivations.ch1_spincurrent.fermi_sum_endpoint_asymptote`.
    The remainder after the first term is :math:`O(x^{-2})`, after the second
    :math:`O(x^{-3})` (measured against the quadrature in the tests): the
    evanescent threshold :math:`u=\\sqrt{1-\\rho^2}`, where :math:`\\phi'` diverges,
    contributes only at higher order. Units: depth in :math:`1/k_F`.
    """
    x = positive("depth", depth)
    th = _theta(theta)
    rho = in_range("ratio", ratio, 0.0, 1.0, lo_open=True, hi_open=True)
    _shapes(depth=x, theta=th, ratio=rho)
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


# --------------------------------------------------------------------------- field-like torque, Eq. (29)


@dataclass(frozen=True, kw_only=True)
class ResonantPerpTorque:
    """An illustrative smooth energy dependence of the perpendicular torque per energy, N_perp(eps).

    :math:`N_\\perp(\\varepsilon)=n_0+n_1\\,w^2/[(\\varepsilon-\\varepsilon_r)^2+w^2]`: a
    background plus a Lorentzian resonance. Not from a paper: a test function for
    the symmetric-junction argument around Eq. (29) of Ralph & Stiles (2008).
    """

    background: float = 0.02  # n_0, torque per unit energy (arbitrary unit)
    amplitude: float = 0.05  # n_1, same unit
    center: float = 0.3  # eps_r - eps_F, eV
    width: float = 0.2  # w, eV

    def __post_init__(self):
        check_fields(self, background=finite, amplitude=finite, center=finite, width=positive)

    def _reduced(self, energy):
        """(w/h, (eps - eps_r)/h, h) with h = hypot(eps - eps_r, w): no overflow for any finite energy."""
        e = finite("energy", energy)
        with np.errstate(over="ignore"):
            d = e - self.center  # inf only if |energy| and |center| are both near the float maximum
        h = np.hypot(d, self.width)
        direction = np.where(np.isinf(d), np.sign(d), d / np.where(np.isinf(h), 1.0, h))
        return self.width / h, direction, h

    def __call__(self, energy):
        """N_perp at ``energy`` (eV, measured from eps_F).

        :math:`n_0+n_1w^2/[(\\varepsilon-\\varepsilon_r)^2+w^2]`, evaluated as
        :math:`n_0+n_1(w/h)^2` with :math:`h=\\mathrm{hypot}(\\varepsilon-\\varepsilon_r,w)` (no overflow).
        """
        c, _, _ = self._reduced(energy)
        return self.background + self.amplitude * c * c

    def derivative(self, energy):
        """dN_perp/d eps at ``energy`` (eV from eps_F).

        :math:`-2n_1w^2(\\varepsilon-\\varepsilon_r)/[(\\varepsilon-\\varepsilon_r)^2+w^2]^2`.
        """
        c, s, h = self._reduced(energy)
        return -2 * self.amplitude * c * c * s / h


def perpendicular_torque_bias_change(bias, *, n_perp: Callable, fermi_energy=0.0, n_nodes=48):
    """Bias-dependent part of the perpendicular torque of a symmetric N/F/N/F/N junction.

    Parameters
    ----------
    bias : float or array
        eV, the bias times the electron charge, in the energy unit of ``n_perp``.
    n_perp : callable
        :math:`N_\\perp(\\varepsilon)`, perpendicular torque per unit energy from
        electrons incident at energy :math:`\\varepsilon`; must accept arrays.
    fermi_energy : float
        :math:`\\varepsilon_F`, same unit.
    n_nodes : int
        Gauss-Legendre nodes (>= 4).

    Returns
    -------
    ndarray
        :math:`-\\int_{\\varepsilon_F-eV/2}^{\\varepsilon_F}N_\\perp d\\varepsilon`
        :math:`+\\int_{\\varepsilon_F}^{\\varepsilon_F+eV/2}N_\\perp d\\varepsilon`,
        the middle member of Eq. (29) of Ralph & Stiles (2008) (torque unit x energy).

    Notes
    -----
    Written as :math:`h\\int_0^1[N_\\perp(\\varepsilon_F+hs)-N_\\perp(\\varepsilon_F-hs)]ds`
    with :math:`h=eV/2`, which is exactly even in V, also numerically.
    """
    if not callable(n_perp) or isinstance(n_perp, type):
        raise SpinlibInputError(f"n_perp must be a callable N_perp(energy); got {show(n_perp)}")
    v = finite("bias", bias)
    ef = finite("fermi_energy", fermi_energy)
    if ef.ndim != 0:
        raise SpinlibInputError(f"fermi_energy must be a scalar; got {show(fermi_energy)}")
    n_nodes = count("n_nodes", n_nodes, minimum=4, maximum=MAX_NODES)
    s, w = _gauss(n_nodes)
    h = 0.5 * v[..., None]
    with np.errstate(over="ignore"):  # eps_F +- eV/2 overflows only beyond the float range
        above, below = float(ef) + h * s, float(ef) - h * s
    if not (np.all(np.isfinite(above)) and np.all(np.isfinite(below))):
        raise SpinlibInputError(
            f"fermi_energy +- bias/2 must stay within the float range; got bias={show(bias)}, "
            f"fermi_energy={show(fermi_energy)}"
        )
    vals = []
    for energies in (above, below):
        out = n_perp(energies)
        try:
            out = np.broadcast_to(np.asarray(out, dtype=float), energies.shape)
        except (TypeError, ValueError) as exc:
            raise SpinlibInputError(
                f"n_perp must return real values shaped like its argument; got {show(out)}"
            ) from exc
        if not np.all(np.isfinite(out)):
            raise SpinlibInputError("n_perp returned non-finite values (NaN or inf) for finite energies")
        vals.append(out)
    with np.errstate(over="ignore"):  # the torque itself exceeds the float range only for absurd n_perp
        return 0.5 * v * np.sum(w * (vals[0] - vals[1]), axis=-1)


def perpendicular_torque_quadratic(bias, *, dn_perp_at_fermi):
    """Leading bias dependence :math:`(dN_\\perp/d\\varepsilon)|_{\\varepsilon_F}\\,(eV/2)^2`: Eq. (29).

    Parameters
    ----------
    bias : float or array
        eV, energy unit of choice.
    dn_perp_at_fermi : float or array
        :math:`dN_\\perp/d\\varepsilon` at :math:`\\varepsilon_F`.

    Returns
    -------
    ndarray
        The right-hand side of Eq. (29) of Ralph & Stiles (2008).
    """
    v = finite("bias", bias)
    slope = finite("dn_perp_at_fermi", dn_perp_at_fermi)
    _shapes(bias=v, dn_perp_at_fermi=slope)
    with np.errstate(over="ignore"):  # inf only where the torque exceeds the float range
        return slope * (v / 2) ** 2
