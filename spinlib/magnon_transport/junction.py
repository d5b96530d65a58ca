"""The magnetic tunnel junction of Bender et al. (2019): parameters and the magnon steady state.

Closed-form numerics of the macrospin tunnel-junction model of Bender, Duine &
Tserkovnyak, Phys. Rev. B 99, 024434 (2019) ("Bender et al. (2019)" below): the model
parameters (:class:`JunctionParams`), the swasing threshold and the steady state of the
magnon rate equation, Eqs. (12)-(14), and the temperature at which its quantum part takes
over from the thermal one (Fig. 3). The charge current, conductances and resistance built on
it are in :mod:`spinlib.magnon_transport.transport`, the thermal functions of Eq. (11) in
:mod:`spinlib.magnon_transport.bose`.

**Units.**

Everything is dimensionless in the units of the paper's own scales:

* energies (bias ``eV``, temperature ``k_B T``) in units of the magnon quantum
  ``hbar * Omega`` (``Omega`` is the FMR frequency of the island spin), so
  ``bias = e V / (hbar Omega)`` and ``temperature = k_B T / (hbar Omega)``;
* conductances in units of the spin-averaged elastic conductance ``G0``;
* currents in units of ``G0 hbar Omega / e``; resistances in units of ``1 / G0``.

SI conversions live in :mod:`spinlib.units` (see :func:`crossover_temperature_K`).

**Conventions.**

``orientation`` is ``eta = +1`` (parallel, P) or ``-1`` (antiparallel, AP).
The spin-transfer rate Eq. (13) of the paper is printed for the antiparallel
configuration of Eq. (3); the parallel one follows from ``P_L -> -P_L``, i.e.
``P_L -> -eta P_L`` in general. This is the convention that makes the printed
threshold ``V_c = eta (1 + alpha_p/alpha_e) hbar Omega / (e P_L)`` of Eq. (14)
come out of Eq. (13); with it the quantum part of Eq. (14) reads
``N~ = [N_+ - N_0 - eta P_L N_-] / (1 + S/S_c)`` (the printed form lacks ``eta``;
see :mod:`spinlib.magnon_transport.derivation`).

The simplified parametrisation below Eq. (11) (``A_{nu nu'} = A``,
``B_{nu nu'} = B``, island polarisation ``P = B/A`` real) gives
``Gamma G_phi / G0 = 2 P^2 / (1 + P^2)`` and ``G_m / G0 = 2 P P_L / (1 + P^2)``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..units import ghz_to_kelvin
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
from .bose import _T_FLOOR, _bose_core, _out

__all__ = [
    "JunctionParams",
    "FIG2",
    "ORIENTATIONS",
    "critical_bias",
    "SteadyState",
    "steady_state",
    "magnon_number",
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

    Keyword-only, frozen, validated at construction (a :class:`~spinlib.validate.SpinlibInputError`
    names the field, the value and the allowed range).

    Parameters
    ----------
    lead_polarization : float
        ``P_L``, effective polarisation of the left (fixed) lead, Eq. (10); in [-1, 1].
    island_polarization : float
        ``P = B/A``, real polarisation of the island's tunnelling amplitudes; in [-1, 1].
    spin_ratio : float
        ``S/S_c = alpha_p/alpha_e``, island spin over the reference spin (ratio of lattice to
        electronic damping); > 0.
    spin : float
        Island spin ``S`` in units of ``hbar``; > 0. It enters only through ``1/S`` prefactors of
        the current (not ``N_s`` or ``r``). The paper does not give it; the default ``10^4`` is ours.

    Notes
    -----
    The simplified parametrisation below Eq. (11) of Bender et al. (2019) is used: uniform
    hopping amplitudes ``A``, ``B`` with a real island polarisation ``P = B/A``, so that
    ``Gamma G_phi/G0 = 2 P^2/(1 + P^2)`` (:attr:`inelastic_strength`) and
    ``G_m/G0 = 2 P P_L/(1 + P^2)`` (:attr:`magnetoconductance`). The printed Fig. 2 caption
    lacks the factor 2 (erratum 5 of :mod:`spinlib.magnon_transport.derivation`).

    Examples
    --------
    >>> from spinlib.magnon_transport import JunctionParams
    >>> p = JunctionParams(lead_polarization=0.2, island_polarization=0.2)
    >>> round(p.inelastic_strength, 6), round(p.magnetoconductance, 6), p.damping_ratio
    (0.076923, 0.076923, 0.04)
    >>> JunctionParams(lead_polarization=1.5)
    Traceback (most recent call last):
    ...
    spinlib.validate.SpinlibInputError: lead_polarization must lie in [-1, 1]; got 1.5
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

    Parameters
    ----------
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    float
        Signed ``e V_c / hbar Omega`` (dimensionless; ``+inf`` for an unpolarised lead, ``+-inf``
        with the sign of ``eta P_L`` when ``|V_c|`` exceeds the float range).

    Notes
    -----
    ``V_c = eta (1 + alpha_p/alpha_e) hbar Omega / (e P_L)``, below Eq. (14) of Bender et al.
    (2019); ``+inf`` when ``P_L = 0``. The magnon number diverges at ``V = -V_c``; the model is
    used for ``|V| < |V_c|``. The same ``1/V_c`` (one private function) sets ``gamma`` in
    :func:`steady_state`.

    Examples
    --------
    >>> from spinlib.magnon_transport import FIG2, critical_bias
    >>> critical_bias(params=FIG2, orientation="AP"), critical_bias(params=FIG2, orientation="P")
    (-130.0, 130.0)
    """
    eta = _eta(orientation)
    params = _params(params)
    kappa = _inverse_critical_bias(params, eta)
    if kappa == 0:  # P_L = 0 (+inf), or |P_L| so small that 1/V_c underflows (V_c keeps its sign)
        pl = params.lead_polarization
        return np.inf if pl == 0 else np.copysign(np.inf, eta * pl)
    return 1.0 / kappa


def _check_bias(bias, params, eta):
    v = finite("bias", bias)
    vc = abs(critical_bias(params=params, orientation=eta))
    if np.any(np.abs(v) >= vc):
        raise SpinlibInputError(
            f"bias must satisfy |eV/hbar Omega| < |V_c| = {vc:g} (swasing threshold, "
            f"below Eq. (14) of Bender et al. (2019)); got {show(bias)}"
        )
    return v


def _bias_inputs(bias, temperature, params, orientation, temperature_check=nonnegative):
    """``(v, t, params, eta)`` of a function of bias and temperature, validated in the order
    orientation, params, bias, temperature (so the first bad argument is the one named)."""
    eta = _eta(orientation)
    params = _params(params)
    v = _check_bias(bias, params, eta)
    return v, temperature_check("temperature", temperature), params, eta


@dataclass(frozen=True)
class SteadyState:
    """Steady state of the rate equation, Eq. (14) of Bender et al. (2019) (frozen; arrays broadcast).

    All fields are dimensionless magnon numbers except ``gamma`` (a ratio), shaped as the
    broadcast of ``bias`` and ``temperature`` (NumPy scalars for scalar input).
    """

    magnon_number: np.ndarray  #: N_s = gamma N_0 + gamma N~
    classical: np.ndarray  #: gamma N_0, STT-amplified thermal fluctuations
    quantum: np.ndarray  #: gamma N~, inelastic (quantum) STT part; 0 at V = 0
    gamma: np.ndarray  #: gamma = 1/(1 + V/V_c)
    n0: np.ndarray  #: N_0, equilibrium magnon number
    n_tilde: np.ndarray  #: ``N~ = [N_+ - N_0 - eta P_L N_-] / (1 + S/S_c)``
    n_plus: np.ndarray  #: N_+(V), Eq. (11)
    n_minus: np.ndarray  #: ``N_-(V)``, Eq. (11)


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
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    SteadyState
        ``N_s`` and its classical (``gamma N_0``) and quantum (``gamma N~``) parts, ``gamma``,
        ``N_0``, ``N~``, ``N_+-``.

    Notes
    -----
    Setting ``dN/dt = 0`` in Eqs. (12)-(13) of Bender et al. (2019) (with ``P_L -> -eta P_L``
    for the orientation) gives Eq. (14), ``N_s = gamma (N_0 + N~)`` with
    ``gamma = 1/(1 + V/V_c)`` and ``N~ = (alpha_e/alpha_p)[N_+ - N_0 - eta P_L N_-]/(1 +
    alpha_e/alpha_p)`` (the printed ``N~`` lacks ``eta``: erratum 2 of
    :mod:`spinlib.magnon_transport.derivation`). ``N_s - N_0 = gamma (N~ - V N_0/V_c)`` is
    formed without subtracting ``N_0``, so it keeps its relative accuracy as ``V -> 0``.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import FIG2, steady_state
    >>> ss = steady_state(np.array([-2.0, 0.0, 2.0]), temperature=1.0, params=FIG2, orientation=-1)
    >>> np.round(ss.magnon_number, 6)
    array([0.578656, 0.581977, 0.60787 ])
    >>> np.round(ss.quantum, 6)  # the quantum part vanishes at zero bias
    array([0.005497, 0.      , 0.0168  ])
    """
    v, t, params, eta = _bias_inputs(bias, temperature, params, orientation)
    core, _, gamma, n_tilde, excess = _steady(v, t, params, eta)
    n0 = core["n0"]
    return SteadyState(
        magnon_number=_out(n0 + excess), classical=_out(gamma * n0), quantum=_out(gamma * n_tilde),
        gamma=_out(np.broadcast_to(gamma, n0.shape).copy()), n0=_out(n0), n_tilde=_out(n_tilde),
        n_plus=_out(n0 + core["d_plus"]), n_minus=_out(core["n_minus"]),
    )


def magnon_number(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Steady-state magnon number ``N_s(V)``, Eq. (14) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|`` (see :func:`critical_bias`).
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (broadcasts against ``bias``).
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    ndarray
        ``N_s`` (dimensionless, >= 0).

    Notes
    -----
    ``N_s = gamma (N_0 + N~)``, Eq. (14); the ``magnon_number`` field of :func:`steady_state`.
    At ``T = 0`` and ``|eV| > hbar Omega`` only the quantum (magnon-emission) part survives.

    Examples
    --------
    >>> from spinlib.magnon_transport import FIG2, magnon_number
    >>> round(float(magnon_number(3.0, temperature=0.0, params=FIG2, orientation=-1)), 6)
    0.047244
    """
    return steady_state(bias, temperature=temperature, params=params, orientation=orientation).magnon_number


def quantum_classical_crossover(bias, *, params: JunctionParams = FIG2, orientation=-1):
    """Temperature ``T*`` below which the quantum part ``N~`` of Eq. (14) exceeds ``N_0``.

    The black line of Fig. 3 of Bender et al. (2019): ``N_0(T*) = N~(V, T*)``.

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

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
    ``N~`` of Eq. (14) (the same private function as :func:`steady_state`) against ``N_0``:
    bisection in ``log T`` (80 halvings over a bracket found by doubling), relative
    accuracy ~1e-15; both numbers may underflow to 0 for ``T << |1 - |v||`` (there the
    quantum part still wins, the test is made on the exact sign).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import FIG2, quantum_classical_crossover
    >>> np.round(quantum_classical_crossover(np.array([0.0, 2.0, -6.0]), params=FIG2, orientation=-1), 6)
    array([0.      , 0.262699, 0.373951])
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

    Notes
    -----
    ``k_B T = hbar Omega`` at ``T = h f / k_B``, the temperature scale of Sec. V of Bender et al.
    (2019), from :func:`spinlib.units.ghz_to_kelvin` (``scipy.constants``).

    Examples
    --------
    >>> from spinlib.magnon_transport import crossover_temperature_K
    >>> round(float(crossover_temperature_K(frequency_GHz=10.0)), 4)
    0.4799
    """
    return _out(ghz_to_kelvin(positive("frequency_GHz", frequency_GHz)))
