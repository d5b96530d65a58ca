"""The spin-dependent potential step: toy model 2 of Ralph & Stiles (2008), one incident wavevector.

:class:`StepModel` holds the step heights; the amplitudes (Eqs. (12), (14)), the reflected and
transmitted spin currents (Eq. (13)), the precession period and the evanescent decay of the
transverse spin take it as ``params=`` and the electron wavevector ``k`` (the energy
:math:`E=\\hbar^2k^2/2m`) as a swept keyword. Spin-current conventions and units: see
:mod:`spinlib.spincurrent.planewave`.

Potential steps are given as wavevectors :math:`q_\\sigma=\\sqrt{2mV_\\sigma}/\\hbar` (same unit
as ``k``), so a channel is evanescent when :math:`k<q_\\sigma`. In the ferromagnet the wavevector
of channel :math:`\\sigma` is :math:`K_\\sigma=\\sqrt{k^2-q_\\sigma^2}`, or :math:`i\\kappa_\\sigma`
with :math:`\\kappa_\\sigma=\\sqrt{q_\\sigma^2-k^2}`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validate import SpinlibInputError, finite_result, in_range, instance, nonnegative, positive, show
from .planewave import _shapes, plane_wave_spin_current, spinor

__all__ = [
    "StepModel",
    "StepAmplitudes",
    "step_amplitudes",
    "reflected_spin_current",
    "transmitted_spin_current",
    "precession_period",
    "transverse_decay_constant",
]


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


# --------------------------------------------------------------------------- toy model 2


@dataclass(frozen=True, kw_only=True, eq=False)
class StepModel:
    """Spin-dependent potential step between a normal metal and a Stoner ferromagnet.

    Toy model 2 of Ralph & Stiles (2008), Sec. 3 and Fig. 5(b): free electrons
    in both metals, the potential of spin channel :math:`\\sigma` rising by
    :math:`V_\\sigma` at x = 0. The paper's model has :math:`V_\\uparrow=0` (the majority
    band aligned with the normal metal) and :math:`V_\\downarrow=\\Delta`, the exchange
    splitting. Keyword-only, frozen, validated at construction; either field may be an
    array (a batch of models), broadcasting against the other and against the swept
    variables of the functions that take it as ``params=``.

    Parameters
    ----------
    q_up : float or array
        :math:`q_\\uparrow=\\sqrt{2mV_\\uparrow}/\\hbar`, majority step as a wavevector, >= 0 ([k]).
    q_down : float or array
        :math:`q_\\downarrow=\\sqrt{2mV_\\downarrow}/\\hbar`, minority step as a wavevector, >= 0 ([k]).

    Examples
    --------
    >>> model = StepModel(q_down=0.8)
    >>> model.q_up, model.q_down
    (0.0, 0.8)
    >>> round(StepModel.from_ratio(ratio=0.6).q_down, 12)
    0.8
    """

    q_up: float = 0.0  # q_up = sqrt(2 m V_up)/hbar: majority step height as a wavevector, [k]
    q_down: float = 0.8  # q_down = sqrt(2 m V_down)/hbar = sqrt(2 m Delta)/hbar: minority step, [k]

    def __post_init__(self):
        for name in ("q_up", "q_down"):  # scalars are stored as float, arrays as float arrays
            value = nonnegative(name, getattr(self, name))
            object.__setattr__(self, name, float(value) if value.ndim == 0 else value)
        self.batch_shape  # noqa: B018 - raises if the fields do not broadcast

    @property
    def batch_shape(self) -> tuple:
        """Broadcast shape of the fields (``()`` for one model)."""
        shapes = (np.shape(self.q_up), np.shape(self.q_down))
        try:
            return np.broadcast_shapes(*shapes)
        except ValueError as exc:
            raise SpinlibInputError(
                f"q_up, q_down must broadcast together; got shapes q_up {shapes[0]}, q_down {shapes[1]}"
            ) from exc

    @classmethod
    def from_ratio(cls, *, ratio) -> StepModel:
        """The model with :math:`q_\\uparrow=0` and :math:`k_\\downarrow/k_\\uparrow` = ``ratio`` at k_F.

        Parameters
        ----------
        ratio : float or array
            :math:`\\rho=k_\\downarrow/k_\\uparrow` at the Fermi energy and normal incidence, in [0, 1].

        Returns
        -------
        StepModel
            Wavevectors in units of :math:`k_F`: :math:`q_\\uparrow=0`,
            :math:`q_\\downarrow=\\sqrt{(1-\\rho)(1+\\rho)}` (the factored form keeps full
            relative accuracy of the splitting as :math:`\\rho\\to1`).

        Examples
        --------
        >>> StepModel.from_ratio(ratio=1.0).q_down
        0.0
        >>> np.round(StepModel.from_ratio(ratio=np.array([0.0, 0.6])).q_down, 6)
        array([1. , 0.8])
        """
        rho = in_range("ratio", ratio, 0.0, 1.0)
        return cls(q_up=0.0, q_down=np.sqrt((1.0 - rho) * (1.0 + rho)))


def _model(params) -> StepModel:
    return instance("params", params, StepModel)


@dataclass(frozen=True, kw_only=True, eq=False)
class StepAmplitudes:
    """Scattering amplitudes of the spin-dependent step (complex arrays, all of one broadcast shape).

    Returned by :func:`step_amplitudes`. Amplitudes are dimensionless, wavevectors in [k].

    Examples
    --------
    >>> amp = step_amplitudes(k=1.0, params=StepModel(q_down=0.8))
    >>> complex(amp.t_up), round(float(amp.t_down.real), 6)
    ((1+0j), 1.25)
    """

    t_up: np.ndarray  # t_up, transmission amplitude, majority
    r_up: np.ndarray  # r_up, reflection amplitude, majority
    t_down: np.ndarray  # t_down, transmission amplitude, minority
    r_down: np.ndarray  # r_down, reflection amplitude, minority
    k_up: np.ndarray  # K_up, wavevector in the ferromagnet (i kappa_up if evanescent), [k]
    k_down: np.ndarray  # K_down, wavevector in the ferromagnet (i kappa_down if evanescent), [k]


def step_amplitudes(*, k, params: StepModel) -> StepAmplitudes:
    """Transmission and reflection amplitudes of the spin-dependent step, each spin channel.

    Parameters
    ----------
    k : float or array
        Wavevector of the incident electron in the normal metal, > 0 ([k]).
    params : StepModel
        The step heights :math:`q_\\uparrow, q_\\downarrow` (same unit as ``k``).

    Returns
    -------
    StepAmplitudes
        :math:`t_\\sigma = 2k/(k+K_\\sigma)`, :math:`r_\\sigma=(k-K_\\sigma)/(k+K_\\sigma)` and
        :math:`K_\\sigma`, each of the broadcast shape of ``k`` and ``params``.

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

    Examples
    --------
    Minority channel evanescent (:math:`k<q_\\downarrow`): total reflection, :math:`|r_\\downarrow|=1`:

    >>> amp = step_amplitudes(k=1.0, params=StepModel(q_down=1.25))
    >>> round(abs(complex(amp.r_down)), 12), round(float(amp.k_down.imag), 6)
    (1.0, 0.75)
    """
    kk = positive("k", k)
    P = _model(params)
    qd, qu = np.asarray(P.q_down), np.asarray(P.q_up)
    _shapes(k=kk, q_down=qd, q_up=qu)
    t_up, r_up, k_up = _channel(kk, qu)
    t_dn, r_dn, k_dn = _channel(kk, qd)
    # every field has the broadcast shape of (k, q_down, q_up), even those that ignore q_down
    fields = np.broadcast_arrays(t_up, r_up, t_dn, r_dn, k_up, k_dn)
    return StepAmplitudes(
        **dict(zip(("t_up", "r_up", "t_down", "r_down", "k_up", "k_down"), fields, strict=True))
    )


def reflected_spin_current(*, k, theta, params: StepModel):
    """Spin current of the reflected wave of the spin-dependent step.

    Parameters
    ----------
    k : float or array
        Incident wavevector, > 0 ([k]).
    theta : float or array
        Spin angle of the incident electron from z, radians, in [0, pi].
    params : StepModel
        The step heights (same unit as ``k``).

    Returns
    -------
    ndarray, shape (..., 3)
        Units of :math:`\\hbar^2/(2m\\Omega)` x [k].

    Notes
    -----
    Eq. (6) (:func:`plane_wave_spin_current`, moving towards -x) for the amplitudes
    :math:`r_\\sigma` of :func:`step_amplitudes`. With :math:`q_\\uparrow=0` the
    transverse (x, y) components vanish identically and
    :math:`Q_z = k\\,[(k-k_\\downarrow)/(k+k_\\downarrow)]^2\\sin^2(\\theta/2)`:
    Eq. (13) of Ralph & Stiles (2008).

    Examples
    --------
    >>> q = reflected_spin_current(k=1.0, theta=np.pi, params=StepModel(q_down=0.8))
    >>> np.round(q, 6) + 0.0
    array([0.    , 0.    , 0.0625])
    """
    a, b = spinor(theta=theta)
    amp = step_amplitudes(k=k, params=params)
    _shapes(k=amp.k_up, theta=a)
    return plane_wave_spin_current(amp.r_up * a, amp.r_down * b, k=k, direction=-1)


def transmitted_spin_current(depth, *, k, theta, params: StepModel):
    """Spin current of the transmitted wave at ``depth`` inside the ferromagnet (toy model 2).

    Parameters
    ----------
    depth : float or array
        Distance x from the interface into the ferromagnet, >= 0, in units of 1/[k].
    k : float or array
        Incident wavevector, > 0 ([k]).
    theta : float or array
        Spin angle of the incident electron from z, radians, in [0, pi].
    params : StepModel
        The step heights (same unit as ``k``).

    Returns
    -------
    ndarray, shape (..., 3)
        Units of :math:`\\hbar^2/(2m\\Omega)` x [k].

    Notes
    -----
    With :math:`\\psi = (A e^{iK_\\uparrow x}, B e^{iK_\\downarrow x})`,
    :math:`A=t_\\uparrow\\cos(\\theta/2)`, :math:`B=t_\\downarrow\\sin(\\theta/2)`
    (:func:`step_amplitudes`), Eq. (4) gives
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

    Examples
    --------
    Half a precession period into the magnet the transverse spin current has turned by pi:

    >>> model = StepModel(q_down=0.8)
    >>> half = float(precession_period(k=1.0, params=model)) / 2
    >>> np.round(transmitted_spin_current([0.0, half], k=1.0, theta=np.pi / 2, params=model), 6) + 0.0
    array([[ 1.     ,  0.     ,  0.03125],
           [-1.     ,  0.     ,  0.03125]])
    """
    x = nonnegative("depth", depth)
    a, b = spinor(theta=theta)
    kk = positive("k", k)
    P = _model(params)
    qd, qu = np.asarray(P.q_down), np.asarray(P.q_up)
    _shapes(depth=x, k=kk, theta=a, q_down=qd, q_up=qu)
    amp = step_amplitudes(k=kk, params=P)
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
    out = np.empty(np.broadcast_shapes(perp.shape, np.shape(x), np.shape(qz)) + (3,))
    out[..., 0], out[..., 1], out[..., 2] = perp.real, perp.imag, qz
    return finite_result(out, depth=depth, k=k, theta=theta, q_down=P.q_down, q_up=P.q_up)


def precession_period(*, k, params: StepModel):
    """Spatial period :math:`2\\pi/(k_\\uparrow-k_\\downarrow)` of the transverse spin in the ferromagnet.

    Parameters
    ----------
    k : float or array
        Incident wavevector, > 0 ([k]); both channels must propagate: k > q_down and k > q_up.
    params : StepModel
        The step heights (same unit as ``k``), with q_down > q_up (exchange splitting > 0).

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

    Examples
    --------
    :math:`k_\\downarrow/k_\\uparrow=0.6` at :math:`k_F`: the period :math:`2\\pi/0.4` is 2.5 wavelengths:

    >>> period = precession_period(k=1.0, params=StepModel.from_ratio(ratio=0.6))
    >>> round(float(period) / (2 * np.pi), 9)
    2.5
    """
    kk = positive("k", k)
    P = _model(params)
    qd, qu = np.asarray(P.q_down), np.asarray(P.q_up)
    _shapes(k=kk, q_down=qd, q_up=qu)
    if np.any(qd >= kk):
        raise SpinlibInputError(
            f"params.q_down must be < k (electron energy above the minority band bottom, so that the "
            f"minority state propagates); got q_down={show(P.q_down)}, k={show(k)}"
        )
    if np.any(qu >= kk):
        raise SpinlibInputError(
            f"params.q_up must be < k (electron energy above the majority band bottom, so that the "
            f"majority state propagates); got q_up={show(P.q_up)}, k={show(k)}"
        )
    if np.any(qd <= qu):
        raise SpinlibInputError(
            f"params.q_down must be > params.q_up (minority band above the majority band: exchange "
            f"splitting > 0); got q_down={show(P.q_down)}, q_up={show(P.q_up)}"
        )
    split, e = _propagating_splitting(kk, qu, qd)
    with np.errstate(over="ignore", divide="ignore"):  # beyond the float range: inf, as documented
        return np.ldexp(2 * np.pi / split, -e)


def transverse_decay_constant(*, k, params: StepModel):
    """Decay constant :math:`\\mathrm{Im}(K_\\uparrow+K_\\downarrow)` of the transverse spin current.

    Parameters
    ----------
    k : float or array
        Incident wavevector, > 0 ([k]).
    params : StepModel
        The step heights (same unit as ``k``).

    Returns
    -------
    ndarray
        :math:`\\kappa_\\uparrow+\\kappa_\\downarrow` when both channels are
        evanescent (Eq. (14) of Ralph & Stiles (2008)), :math:`\\kappa_\\downarrow`
        when only the minority one is, 0 when both propagate. Units of [k].

    Notes
    -----
    The imaginary parts of the wavevectors :math:`K_\\sigma` of :func:`step_amplitudes`.

    Examples
    --------
    >>> round(float(transverse_decay_constant(k=1.0, params=StepModel(q_up=1.25, q_down=1.25))), 6)
    1.5
    """
    amp = step_amplitudes(k=k, params=params)
    return amp.k_up.imag + amp.k_down.imag
