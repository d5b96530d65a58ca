"""Spin currents of spinor plane waves and the torque on a spin filter (toy model 1 of Ralph & Stiles 2008).

Spinors (Eq. (8)), the spin current of a spinor plane wave (Eq. (6)) and the torque on a
spin-filtering layer (Eqs. (10), (11)). The potential step of toy model 2 is in
:mod:`spinlib.spincurrent.scattering`, the sum over the Fermi surface in
:mod:`spinlib.spincurrent.fermi`, the bias dependence of the field-like torque in
:mod:`spinlib.spincurrent.fieldlike`.

Conventions (stated once, used by every module of the package):

* Electrons flow along the real-space axis :math:`\\hat x`; the magnetization of
  the ferromagnet points along the spin-space axis :math:`\\hat z`. Spin
  "up" (:math:`|\\uparrow\\rangle`) is the majority spin.
* Spin-current densities are the :math:`\\hat x`-flow components
  :math:`Q_{x\\,i}` (``i`` = spin component x, y, z) of the tensor of Eq. (4) of
  Ralph & Stiles (2008),
  :math:`\\mathsf Q = (\\hbar^2/2m)\\,\\mathrm{Im}[\\psi^\\dagger \\boldsymbol\\sigma\\otimes\\nabla\\psi]`,
  for plane waves of normalisation volume :math:`\\Omega`. They are returned in
  units of :math:`\\hbar^2/(2m\\Omega)` times the unit of wavevector [k]; with
  wavevectors in units of :math:`k_F` this is :math:`\\hbar^2 k_F/(2m\\Omega)`.
  The last axis of every returned spin current holds the spin components
  (x, y, z).
* The y components follow from Eq. (4) with the standard Pauli matrices.
  Eqs. (6), (10) and (11) as printed have the opposite sign of every y
  component (see the erratum in the chapter); Eq. (13) as printed agrees with
  Eq. (4) and with this package.
"""

from __future__ import annotations

import numpy as np

from ..validate import SpinlibInputError, choice, finite_result, in_range, positive, scalar, show

__all__ = ["spinor", "plane_wave_spin_current", "filter_torque", "incident_spin_current"]


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


def spinor(*, theta):
    """Spinor amplitudes of a spin in the x-z plane at angle ``theta`` from z.

    Parameters
    ----------
    theta : float or array
        Polar angle of the spin from the magnetization axis z, radians, in [0, pi].

    Returns
    -------
    a, b : ndarray
        Amplitudes of :math:`|\\uparrow\\rangle` and :math:`|\\downarrow\\rangle` (dimensionless).

    Notes
    -----
    :math:`a=\\cos(\\theta/2)`, :math:`b=\\sin(\\theta/2)`: Eq. (8) of Ralph & Stiles (2008).

    Examples
    --------
    >>> a, b = spinor(theta=np.pi / 2)
    >>> round(float(a), 6), round(float(b), 6)
    (0.707107, 0.707107)
    """
    th = _theta(theta)
    return np.cos(th / 2), np.sin(th / 2)


def plane_wave_spin_current(a, b, *, k, direction=1):
    """Spin current of the spinor plane wave :math:`e^{\\pm ikx}(a|\\uparrow\\rangle+b|\\downarrow\\rangle)`.

    Parameters
    ----------
    a, b : complex or array
        Spinor amplitudes (dimensionless, not necessarily normalised).
    k : float or array
        Magnitude of the wavevector, > 0 (unit of choice, [k]).
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

    Examples
    --------
    A spin along +y, :math:`(a, b)=(1, i)/\\sqrt2`, moving towards +x carries :math:`Q_{xy}=+k`:

    >>> q = plane_wave_spin_current(1 / np.sqrt(2), 1j / np.sqrt(2), k=2.0)
    >>> np.round(q, 6) + 0.0
    array([0., 2., 0.])
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
        minority electrons (dimensionless; same wavevector on both sides, no spin
        flip). Flux conservation :math:`|t_\\sigma|^2+|r_\\sigma|^2=1` is required.
    k : float or array
        Wavevector, > 0 ([k]).
    rtol : float
        Tolerance of the flux-conservation check, > 0.

    Returns
    -------
    ndarray, shape (..., 3)
        :math:`\\mathbf N_{st}\\,\\Omega/A` in units of :math:`\\hbar^2/(2m)` x [k]:
        the spin current lost by the electron, :math:`Q_{in}+Q_{refl}-Q_{trans}`.

    Notes
    -----
    Computed from the three spin currents of Eq. (10) (each from Eq. (6),
    :func:`plane_wave_spin_current`), so the vanishing z component is a
    consequence, not an input. The result is Eq. (11) of Ralph & Stiles (2008)
    with the sign of the y component reversed:
    :math:`N_x\\propto\\sin\\theta[1-\\mathrm{Re}(t_\\uparrow t_\\downarrow^*+r_\\uparrow r_\\downarrow^*)]`,
    :math:`N_y\\propto+\\sin\\theta\\,\\mathrm{Im}(t_\\uparrow t_\\downarrow^*+r_\\uparrow r_\\downarrow^*)`.

    Examples
    --------
    A perfect filter absorbs the whole incident transverse spin current, Eq. (16):

    >>> n = filter_torque(theta=np.pi / 2, t_up=1, t_down=0, r_up=0, r_down=1)
    >>> np.round(n, 6) + 0.0
    array([1., 0., 0.])
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


def incident_spin_current(*, k, theta):
    """Spin current of the incident wave of Eq. (8): :math:`k(\\sin\\theta, 0, \\cos\\theta)` (Eq. (13)).

    Parameters
    ----------
    k : float or array
        Wavevector, > 0 ([k]).
    theta : float or array
        Spin angle from z, radians, in [0, pi].

    Returns
    -------
    ndarray, shape (..., 3)
        Units of :math:`\\hbar^2/(2m\\Omega)` x [k].

    Notes
    -----
    Eq. (6) (:func:`plane_wave_spin_current`) for the spinor of Eq. (8) (:func:`spinor`).

    Examples
    --------
    >>> np.round(incident_spin_current(k=2.0, theta=np.pi / 2), 6) + 0.0
    array([2., 0., 0.])
    """
    a, b = spinor(theta=theta)
    _shapes(k=positive("k", k), theta=a)
    return plane_wave_spin_current(a, b, k=k)
