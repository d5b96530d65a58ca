"""The grain between leads: parameters, thermal factors and the printed rates of the model.

Numerics of the nanomagnet chapter, after O. Parcollet and X. Waintal, "Theory of spin torque in a
nanomagnet", Phys. Rev. B 73, 144420 (2006) ("P&W" below).

**Units.**

``hbar = k_B = e = 1``. Energies (anisotropy ``kappa``, Zeeman energy ``h = hbar gamma H``,
level offset ``epsilon``, chemical potentials, temperature) share one unit, which the chapter
takes to be ``kappa``; tunnelling rates are in the same unit (``hbar = 1``). Currents are in
units of ``e`` times that rate. The bath coupling is the dimensionless Gilbert constant
``alpha_B`` of Eq. (24b).

**Model.**

One orbital level (majority ``eta = +1`` or minority ``eta = -1``) carries the current; the grain
has ``N`` electrons and spin ``S_0``, or ``N + 1`` electrons and spin ``S_0 + eta/2``. States are
``|charge, S_z>`` (Eq. (3)). An electron of spin ``sigma`` along ``z`` enters from lead ``a`` with
rate ``Gamma_a^sigma w n_a(Delta E)`` and leaves with ``Gamma_a^sigma w (1 - n_a(Delta E))``:
``w`` is the Clebsch-Gordan weight of Eq. (17) (:func:`clebsch_gordan_weight`), ``Delta E`` the
addition energy of Eq. (18a) (:func:`addition_energy`), ``Gamma_a^sigma`` the rates of Eq. (14)
(:func:`rates_along_z`) and ``n_a`` the Fermi function (:func:`fermi`). A bosonic bath flips
``S_z`` by one unit with the factor :func:`bath_rate` (Eq. (21)). The master equation built from
these rates lives in :mod:`spinlib.nanomagnet.master`.
"""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field

import numpy as np
from scipy.special import expit

from ..validate import (
    SpinlibInputError,
    check_fields,
    choice,
    finite,
    in_range,
    instance,
    nonnegative,
)

__all__ = [
    "Lead",
    "Nanomagnet",
    "fermi",
    "bath_rate",
    "clebsch_gordan_weight",
    "rates_along_z",
    "addition_energy",
]


# ----------------------------------------------------------------------------- parameters
def _half_integer(name, value, minimum=0.5, maximum=None):
    """A spin: half-integer >= minimum (2 S an integer). Returns float."""
    v = float(finite(name, value)) if not isinstance(value, np.ndarray) or value.ndim == 0 else None
    if v is None or 2 * v != round(2 * v) or v < minimum or (maximum is not None and v > maximum):
        upper = "" if maximum is None else f" and <= {maximum:g}"
        raise SpinlibInputError(f"{name} must be a half-integer >= {minimum:g}{upper} (0.5, 1, 1.5, ...); "
                                f"got {value!r}")
    return v


def _orbital(name, value):
    return choice(name, value, (1, -1))


@dataclass(frozen=True, kw_only=True)
class Lead:
    """A (possibly ferromagnetic) lead coupled to the grain's level (Eqs. (14)-(15) of P&W).

    Parameters
    ----------
    rate_majority : float
        ``Gamma^U`` of Eq. (15): Golden-Rule rate for electrons of the lead's majority band (rate
        unit, ``>= 0``).
    rate_minority : float
        ``Gamma^D``, the same for the minority band (rate unit, ``>= 0``).
    angle : float
        ``theta_a`` of Eq. (14): lead magnetisation against the easy axis ``z`` (rad, in
        ``[0, pi]``).
    chemical_potential : float
        ``mu_a`` (energy unit).

    Notes
    -----
    Only the rates along ``z`` enter the master equation (Eq. (14)): :attr:`rates_z`.

    Examples
    --------
    >>> lead = Lead(rate_majority=1.0, rate_minority=0.2, angle=np.pi)
    >>> tuple(round(r, 12) for r in lead.rates_z)
    (0.2, 1.0)
    """

    rate_majority: float  # Gamma^U of Eq. (15), rate unit, >= 0
    rate_minority: float  # Gamma^D of Eq. (15), rate unit, >= 0
    angle: float = 0.0  # theta_a of Eq. (14): lead magnetisation vs easy axis z, rad, [0, pi]
    chemical_potential: float = 0.0  # mu_a, energy unit

    def __post_init__(self):
        check_fields(self, rate_majority=nonnegative, rate_minority=nonnegative,
                     angle=lambda n, v: in_range(n, v, 0.0, np.pi), chemical_potential=finite)

    @property
    def rates_z(self) -> tuple[float, float]:
        """``(Gamma^up, Gamma^down)`` along the easy axis, Eq. (14) of P&W."""
        return tuple(float(r) for r in rates_along_z(rate_majority=self.rate_majority,
                                                     rate_minority=self.rate_minority, angle=self.angle))


@dataclass(frozen=True, kw_only=True)
class Nanomagnet:
    """A magnetic grain with one conducting level between leads (Eqs. (1), (4) of P&W).

    Parameters
    ----------
    spin : float
        ``S_0``, the grain's spin with ``N`` electrons: a half-integer ``>= 1/2``.
    anisotropy : float
        ``kappa`` of Eq. (1c), energy unit, ``>= 0``; ``E_N(S_z) = -(kappa/S_0) S_z^2 - h S_z``.
    field : float
        ``h = hbar gamma H`` of Eq. (1c), energy unit.
    level : float
        ``epsilon``: addition energy offset (level + charging + exchange), energy unit.
    orbital : int
        ``eta`` of Eq. (17): ``+1`` majority, ``-1`` minority level.
    temperature : float
        ``k_B T``, energy unit, ``>= 0``.
    damping : float
        ``alpha_B`` of Eq. (24b), the bath's Gilbert constant (dimensionless, ``>= 0``).
    leads : tuple of Lead
        At least one lead, with a positive total rate.

    Notes
    -----
    Keyword-only, frozen, validated at construction. ``spin_plus = S_0 + eta/2`` is the spin with
    ``N + 1`` electrons.

    Examples
    --------
    >>> p = Nanomagnet(spin=2, orbital=-1)
    >>> p.spin_plus, p.rates_z().shape
    (1.5, (2, 2))
    """

    spin: float = 10.0  # S_0, grain spin with N electrons, half-integer >= 1/2
    anisotropy: float = 1.0  # kappa of Eq. (1c), energy unit, >= 0
    field: float = 0.0  # h = hbar gamma H of Eq. (1c), energy unit
    level: float = 0.0  # epsilon: addition energy offset (level + charging + exchange), energy unit
    orbital: int = 1  # eta of Eq. (17): +1 majority, -1 minority level
    temperature: float = 0.1  # k_B T, energy unit, >= 0
    damping: float = 0.0  # alpha_B of Eq. (24b), bath Gilbert constant, dimensionless, >= 0
    leads: tuple = _field(default_factory=lambda: (Lead(rate_majority=1.0, rate_minority=0.5),
                                                  Lead(rate_majority=1.0, rate_minority=1.0)))

    def __post_init__(self):
        object.__setattr__(self, "spin", _half_integer("spin", self.spin))
        check_fields(self, anisotropy=nonnegative, field=finite, level=finite,
                     temperature=nonnegative, damping=nonnegative)
        object.__setattr__(self, "orbital", _orbital("orbital", self.orbital))
        if isinstance(self.leads, Lead) or not isinstance(self.leads, (tuple, list)) or not self.leads:
            raise SpinlibInputError(f"leads must be a non-empty tuple of Lead; got {self.leads!r}")
        for k, lead in enumerate(self.leads):
            instance(f"leads[{k}]", lead, Lead)
        object.__setattr__(self, "leads", tuple(self.leads))
        if sum(lead.rate_majority + lead.rate_minority for lead in self.leads) <= 0:
            raise SpinlibInputError(f"leads must have a positive total rate; got {self.leads!r}")

    @property
    def spin_plus(self) -> float:
        """``S_0' = S_0 + eta/2``, the spin with ``N + 1`` electrons."""
        return self.spin + 0.5 * self.orbital

    def rates_z(self) -> np.ndarray:
        """Array ``(n_leads, 2)`` of ``(Gamma_a^up, Gamma_a^down)`` (Eq. (14))."""
        return np.array([lead.rates_z for lead in self.leads])

    def chemical_potentials(self) -> np.ndarray:
        """Array ``(n_leads,)`` of the leads' chemical potentials ``mu_a``."""
        return np.array([lead.chemical_potential for lead in self.leads])


def _grain(params) -> Nanomagnet:
    return instance("params", params, Nanomagnet)


# ----------------------------------------------------------------------------- thermal factors
def fermi(energy, *, temperature):
    """Fermi function ``n(E) = 1 / (1 + exp(E / T))`` of a lead (energy from its chemical potential).

    Parameters
    ----------
    energy : array_like
        ``E - mu`` (energy unit, finite).
    temperature : array_like
        ``k_B T >= 0`` (energy unit); broadcasts with ``energy``.

    Returns
    -------
    ndarray
        ``n`` in ``[0, 1]``.

    Notes
    -----
    Exact at ``T = 0`` (step with ``n(0) = 1/2``) and for huge ``|E|/T`` (no overflow). The
    occupations of Eq. (19) of P&W.

    Examples
    --------
    >>> float(fermi(0.0, temperature=1.0)), float(fermi(-1.0, temperature=0.0))
    (0.5, 1.0)
    >>> round(float(fermi(1.0, temperature=0.5)), 6)
    0.119203
    """
    e = finite("energy", energy)
    t = nonnegative("temperature", temperature)
    e, t = np.broadcast_arrays(e, t)
    hot = t > 0
    with np.errstate(over="ignore"):  # -E/T = +-inf: expit gives 0 or 1 exactly
        x = np.divide(-e, t, out=np.zeros_like(e), where=hot)
    step = np.where(e < 0, 1.0, np.where(e > 0, 0.0, 0.5))
    return np.where(hot, expit(x), step)


def bath_rate(energy, *, temperature):
    """Emission/absorption factor ``w(E) = E (1 + n_B(E)) = E / (1 - exp(-E/T))`` of the bath.

    Parameters
    ----------
    energy : array_like
        ``E``, the energy given to the bath (energy unit; ``E < 0``: absorbed from it).
    temperature : array_like
        ``k_B T >= 0``; broadcasts with ``energy``.

    Returns
    -------
    ndarray
        ``w(E) >= 0`` (energy unit).

    Notes
    -----
    For an Ohmic bath (``rho_B(E)`` linear and odd, Eqs. (22)-(23) of P&W) the transition rate of
    Eq. (21) is proportional to ``w(E)``. Detailed balance ``w(E) / w(-E) = exp(E/T)`` holds to
    rounding for every ``E`` (below ``|E/T| = 1e-8`` through ``w = T (1 + E/2T)``, exact to
    ``O((E/T)^2)``); ``w(0) = T`` and ``w(E) = max(E, 0)`` at ``T = 0``.

    Examples
    --------
    >>> float(bath_rate(0.0, temperature=0.7)), float(bath_rate(-2.0, temperature=0.0))
    (0.7, 0.0)
    >>> round(float(bath_rate(1.0, temperature=1.0) / bath_rate(-1.0, temperature=1.0)), 12)
    2.718281828459
    """
    e = finite("energy", energy)
    t = nonnegative("temperature", temperature)
    e, t = np.broadcast_arrays(e, t)
    hot = t > 0
    with np.errstate(over="ignore"):  # E/T = +-inf is fine below
        x = np.divide(e, t, out=np.zeros_like(e), where=hot)
    ax = np.abs(x)
    small = ax < 1e-8
    axs = np.where(small, 1.0, ax)
    with np.errstate(under="ignore"):
        # E/(1 - e^-x) for E > 0 and |E| e^-|x|/(1 - e^-|x|) for E < 0: no overflow, no cancellation
        w = np.where(e > 0, e, np.abs(e) * np.exp(-axs)) / -np.expm1(-axs)
    w = np.where(small, t * (1.0 + 0.5 * x), w)
    return np.where(hot, w, np.maximum(e, 0.0))


# ----------------------------------------------------------------------------- spin algebra
def clebsch_gordan_weight(spin, sz, *, sigma, orbital):
    """Squared Clebsch-Gordan coefficient of Eq. (17) of P&W.

    Parameters
    ----------
    spin : array_like
        ``S``, the spin before the electron enters (integers or half-integers ``>= 0``; the
        multi-level grain has spin-0 configurations, whose only final state is ``S = 1/2``).
    sz : array_like
        ``S_z`` in ``-S .. S`` in integer steps from ``-S``; broadcasts with ``spin``.
    sigma : int
        Spin of the entering electron along ``z``: ``+1`` up, ``-1`` down.
    orbital : int
        ``eta``: ``+1`` majority (final spin ``S + 1/2``), ``-1`` minority (``S - 1/2``).

    Returns
    -------
    ndarray
        ``|<S + eta/2, S_z + sigma/2| d^dagger_sigma |S, S_z>|^2`` in ``[0, 1]``; zero where the
        final state does not exist.

    Notes
    -----
    Eq. (17): ``w = (S + eta sigma S_z + (1 + eta)/2) / (2 S + 1)``; for given ``sigma`` the
    weights of the two ``eta`` add to one. Derived in
    :func:`spinlib.nanomagnet.derivation.clebsch_gordan_weight` and checked against SymPy's
    Clebsch-Gordan coefficients by the tests. The master equation calls this function.

    Examples
    --------
    >>> float(clebsch_gordan_weight(0.5, 0.5, sigma=1, orbital=1))
    1.0
    >>> round(float(clebsch_gordan_weight(1.0, 0.0, sigma=-1, orbital=-1)), 6)
    0.333333
    """
    s = finite("spin", spin)
    m = finite("sz", sz)
    if np.any(2 * s != np.round(2 * s)) or np.any(s < 0):
        raise SpinlibInputError(f"spin must be integers or half-integers >= 0; got {spin!r}")
    if np.any(np.abs(m) > s) or np.any((s - m) != np.round(s - m)):
        raise SpinlibInputError(f"sz must lie in -spin..spin in integer steps; got {sz!r}")
    sg = choice("sigma", sigma, (1, -1))
    eta = _orbital("orbital", orbital)
    return (s + eta * sg * m + 0.5 * (1 + eta)) / (2 * s + 1)


def rates_along_z(*, rate_majority, rate_minority, angle):
    """Rates ``(Gamma^up, Gamma^down)`` along ``z`` of a lead tilted by ``angle`` (Eq. (14) of P&W).

    Parameters
    ----------
    rate_majority, rate_minority : array_like
        ``Gamma^U``, ``Gamma^D`` of the lead's bands (rate unit, ``>= 0``); keyword-only, like
        every physical parameter.
    angle : array_like
        ``theta``, lead magnetisation against ``z`` (rad, ``[0, pi]``). All three broadcast.

    Returns
    -------
    up, down : ndarray
        ``Gamma^up = cos^2(theta/2) Gamma^U + sin^2(theta/2) Gamma^D`` and up <-> down.

    Examples
    --------
    >>> up, down = rates_along_z(rate_majority=1.0, rate_minority=0.0, angle=np.pi / 2)
    >>> round(float(up), 12), round(float(down), 12)
    (0.5, 0.5)
    """
    gu = nonnegative("rate_majority", rate_majority)
    gd = nonnegative("rate_minority", rate_minority)
    th = in_range("angle", angle, 0.0, np.pi)
    c2, s2 = np.cos(th / 2) ** 2, np.sin(th / 2) ** 2
    return c2 * gu + s2 * gd, c2 * gd + s2 * gu


def addition_energy(sz, *, sigma, params):
    """Addition energy ``Delta E = E_{N+1}(S_z + sigma/2) - E_N(S_z)``, Eq. (18a) of P&W.

    Parameters
    ----------
    sz : array_like
        ``S_z`` of the ``N``-electron state.
    sigma : int
        Spin of the added electron, ``+1`` or ``-1``.
    params : Nanomagnet
        The grain (``epsilon``, ``kappa``, ``h``, ``S_0``).

    Returns
    -------
    ndarray
        ``Delta E`` (energy unit); the electron enters from lead ``a`` with the occupation
        ``n(Delta E - mu_a)``.

    Notes
    -----
    ``E_N(S_z) = -(kappa/S_0) S_z^2 - h S_z`` and ``E_{N+1}(S_z') = epsilon - (kappa/S_0) S_z'^2
    - h S_z'``, so ``Delta E = epsilon - (kappa/S_0)(sigma S_z + 1/4) - h sigma/2``. The master
    equation calls this function.

    Examples
    --------
    >>> p = Nanomagnet(spin=2, anisotropy=1.0, field=0.5, level=1.0)
    >>> float(addition_energy(2.0, sigma=1, params=p))
    -0.375
    """
    p = _grain(params)
    m = finite("sz", sz)
    sg = choice("sigma", sigma, (1, -1))
    k = p.anisotropy / p.spin
    return p.level - k * (sg * m + 0.25) - 0.5 * p.field * sg
