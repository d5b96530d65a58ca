"""Charge transport through the magnetic tunnel junction: current, conductance, resistance.

Eqs. (6)-(8) and (15) of Bender, Duine & Tserkovnyak, Phys. Rev. B 99, 024434 (2019)
("Bender et al. (2019)"), evaluated at the steady-state magnon number of Eq. (14)
(:mod:`spinlib.magnon_transport.junction`) with the thermal functions of Eq. (11)
(:mod:`spinlib.magnon_transport.bose`).

Units: bias ``v = eV/hbar Omega``, temperature ``k_B T/hbar Omega``; conductances in units of the
spin-averaged elastic conductance ``G0``, currents in units of ``G0 hbar Omega / e``,
resistances in units of ``1/G0``. ``orientation`` is ``eta = +1`` (P) or ``-1`` (AP).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..validate import finite, nonnegative, positive
from .bose import _bose_core, _out
from .junction import FIG2, JunctionParams, _bias_inputs, _eta, _params, _quantum_part, _steady

__all__ = [
    "elastic_conductance",
    "inelastic_current",
    "current",
    "resistance",
    "resistance_slope",
    "ConductanceParts",
    "conductance_parts",
    "stt_mat_ratio",
]


# ---------------------------------------------------------------------------
# The two printed pieces of the current, Eqs. (6)-(7): the one place each is written
# ---------------------------------------------------------------------------
def _elastic(magnon, params: JunctionParams, eta: int):
    """``G/G0 = 1 + eta (G_m/G0)(1 - N/S)``, below Eq. (7) (arrays, no validation)."""
    return 1.0 + eta * params.magnetoconductance * (1.0 - magnon / params.spin)


def _inelastic(d_plus, n_minus, magnon_excess, *, eta, params: JunctionParams):
    """Eq. (7) with ``N_+ - N = (N_+ - N_0) - (N - N_0)`` (both O(v) near V = 0, no cancellation).

    ``I_i`` is linear in ``(N_+, N_-, N)``, so the same function gives its bias derivatives at
    fixed ``N`` (``G_MAT`` and its slope) from the derivatives of ``N_+-`` with ``magnon_excess = 0``.
    """
    return (params.inelastic_strength / params.spin) * (
        n_minus - eta * params.lead_polarization * (d_plus - magnon_excess)
    )


# ---------------------------------------------------------------------------
# Charge transport: Eqs. (6)-(8), (15)
# ---------------------------------------------------------------------------
def elastic_conductance(magnon, *, params: JunctionParams = FIG2, orientation=-1):
    """Elastic conductance ``G/G0`` at magnon number ``N``, below Eq. (7) of Bender et al. (2019).

    Parameters
    ----------
    magnon : array_like
        Magnon number ``N`` >= 0.
    params : JunctionParams
        Junction parameters (default :data:`~spinlib.magnon_transport.junction.FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    ndarray
        ``G / G0`` (dimensionless).

    Notes
    -----
    ``G = G0 + eta G_m (1 - N/S)`` (Eqs. (6)-(8)): magnons reduce the island's moment
    ``S - N`` and with it the magnetoconductance. Derived from the elastic amplitudes
    ``A -+ B +- B N/S`` (erratum 1 of :mod:`spinlib.magnon_transport.derivation`).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import FIG2, elastic_conductance
    >>> np.round(elastic_conductance(np.array([0.0, 100.0]), params=FIG2, orientation=-1), 6)
    array([0.923077, 0.923846])
    """
    eta = _eta(orientation)
    params = _params(params)
    n = nonnegative("magnon", magnon)
    return _out(_elastic(n, params, eta))


def inelastic_current(bias, magnon, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Inelastic (magnon-assisted) current ``I_i`` at a given magnon number, Eq. (7) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``.
    magnon : array_like
        Magnon number ``N`` >= 0 (any value: the steady state is not imposed).
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0.
    params : JunctionParams
        Junction parameters (default :data:`~spinlib.magnon_transport.junction.FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    ndarray
        ``I_i`` in units of ``G0 hbar Omega / e``:
        ``(Gamma G_phi / G0)(1/S)[N_- - eta P_L (N_+ - N)]``.

    Notes
    -----
    ``I_i = (e / pi S) Gamma Omega [N_- - eta P_L (N_+ - N)]`` and ``G_phi = e^2/(pi hbar)``.
    It is the net charge of the four golden-rule spin-flip processes (magnon emission and
    absorption in both directions) minus the ``N/S`` reduction of the spin-conserving
    channel; :func:`current` evaluates it at ``N = N_s(V)``. ``N_+-`` are those of Eq. (11)
    (:func:`~spinlib.magnon_transport.bose.electron_hole_functions`).

    Examples
    --------
    >>> from spinlib.magnon_transport import FIG2, inelastic_current
    >>> round(float(inelastic_current(2.0, 0.5, temperature=1.0, params=FIG2, orientation=-1)), 10)
    6.0485e-06
    """
    eta = _eta(orientation)
    params = _params(params)
    v = finite("bias", bias)
    n = nonnegative("magnon", magnon)
    t = nonnegative("temperature", temperature)
    core = _bose_core(v, t)
    return _out(_inelastic(core["d_plus"], core["n_minus"], n - core["n0"], eta=eta, params=params))


def _current(v, t, params, eta):
    """``I = G(N_s) V + I_i(V, N_s)``, Eq. (6), at the steady state of Eq. (14) (arrays, no validation)."""
    core, _, _, _, excess = _steady(v, t, params, eta)
    g = _elastic(core["n0"] + excess, params, eta)
    return g * v + _inelastic(core["d_plus"], core["n_minus"], excess, eta=eta, params=params)


def current(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Self-consistent current ``I = G V + I_i`` at ``N = N_s(V)``, Eqs. (6)-(7), (14) of Bender et al.

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0.
    params : JunctionParams
        Junction parameters (default :data:`~spinlib.magnon_transport.junction.FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    ndarray
        ``I`` in units of ``G0 hbar Omega / e`` (odd in V when ``P_L = 0``). Every term is
        O(V) and formed with its relative accuracy, so ``I/V`` is exact as ``V -> 0``.

    Notes
    -----
    ``I = [G0 + eta G_m (1 - N/S)] V + I_i(V, N)`` (Eqs. (6)-(7) of Bender et al. (2019)) at
    ``N = N_s(V)`` of Eq. (14): :func:`elastic_conductance` times ``V`` plus
    :func:`inelastic_current`, evaluated by the same private functions.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import FIG2, current
    >>> np.round(current(np.array([-2.0, 0.0, 2.0]), temperature=1.0, params=FIG2, orientation=-1), 8)
    array([-1.84616778,  0.        ,  1.84616908])
    """
    v, t, params, eta = _bias_inputs(bias, temperature, params, orientation)
    return _out(_current(v, t, params, eta))


def resistance(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Resistance ``R = V / I`` in units of ``1/G0``, Sec. V of Bender et al. (2019).

    At ``V = 0`` the limit ``R = 1 / (dI/dV)`` is returned (no 0/0).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0.
    params : JunctionParams
        Junction parameters (default :data:`~spinlib.magnon_transport.junction.FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    ndarray
        ``G0 R`` > 0, finite wherever the junction conducts. ``+inf`` (exactly, without a
        warning) where it does not: only for a perfect spin valve, ``|P| = |P_L| = 1`` with
        ``G0 + eta G_m = 0``, at ``T = 0`` and biases where no magnon can be excited
        (``e|V| <= hbar Omega``, or the bias sign that only absorbs magnons). There ``I = 0``
        exactly and ``R = V/I`` is infinite.

    Notes
    -----
    ``R = V / I(V)`` with ``I`` of :func:`current` (Eqs. (6)-(7), (14)); Fig. 4 of Bender et al.
    (2019) plots it. Its features are of order ``1/S`` (``S [R(V) - R(0)] G0`` hardly depends
    on ``S`` at fixed ``S/S_c``).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import FIG2, resistance
    >>> np.round(resistance(np.array([-2.0, 0.0, 2.0]), temperature=1.0, params=FIG2, orientation=-1), 8)
    array([1.08332516, 1.08332503, 1.08332439])
    """
    v, t, params, eta = _bias_inputs(bias, temperature, params, orientation)
    v, t = np.broadcast_arrays(v, t)
    i = np.abs(_current(v, t, params, eta))
    g0 = np.abs(_conductance(np.zeros_like(v), t, params, eta)["total"])
    zero = v == 0
    slope = np.where(zero, g0, i / np.where(zero, 1.0, np.abs(v)))  # I/V > 0 (passive junction)
    safe = np.where(slope > 0, slope, 1.0)
    return _out(np.where(slope > 0, 1.0 / safe, np.inf))


def resistance_slope(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Bias derivative of the resistance, ``dR/dV = (I - V dI/dV)/I^2``, in units of ``e/(G0 hbar Omega)``.

    Analytic (no finite differences): ``I`` from :func:`current`, ``dI/dV`` from
    :func:`conductance_parts`. At ``V = 0`` the limit ``-(d^2I/dV^2)/(2 G^2)`` is returned.
    A local minimum of ``R`` (a valley) is where ``dR/dV`` changes sign from - to +, a
    maximum (a peak or plateau) where it changes from + to -.

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (at ``T = 0``, ``dR/dV`` jumps at ``|V| = hbar Omega/e``).
    params : JunctionParams
        Junction parameters (default :data:`~spinlib.magnon_transport.junction.FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    ndarray
        ``G0 hbar Omega dR/(e dV)``; ``0`` where the junction does not conduct (``R = +inf``,
        see :func:`resistance`). For ``0 < |V| << 1`` the difference ``I - V dI/dV`` loses
        relative accuracy ``~1e-16 G/(|V| d^2I/dV^2)``.

    Notes
    -----
    ``dR/dV = (I - V dI/dV)/I^2`` with ``dI/dV`` of Eq. (15) of Bender et al. (2019), used to
    locate the valleys and peaks of Fig. 4 (:func:`spinlib.magnon_transport.studies.resistance_extrema`).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import FIG2, resistance_slope
    >>> v = np.array([-2.0, 0.0, 2.0])
    >>> np.round(resistance_slope(v, temperature=1.0, params=FIG2, orientation=1), 10)
    array([6.29e-08, 4.92e-08, 1.00e-09])
    """
    v, t, params, eta = _bias_inputs(bias, temperature, params, orientation)
    v, t = np.broadcast_arrays(v, t)
    i = _current(v, t, params, eta)
    parts = _conductance(v, t, params, eta)
    g, g1 = parts["total"], parts["d_total"]
    conducting = i != 0
    i_safe = np.where(conducting, i, 1.0)
    g_safe = np.where(g != 0, g, 1.0)
    slope = np.where(conducting, (i - v * g) / i_safe / i_safe, 0.0)
    at_zero = np.where(g != 0, -(g1 / g_safe) / (2.0 * g_safe), 0.0)
    return _out(np.where(v == 0, at_zero, slope))


@dataclass(frozen=True)
class ConductanceParts:
    """Differential conductance split as in Eq. (15) of Bender et al. (2019) (frozen).

    Conductances in units of ``G0``, their bias slopes in ``G0 e/(hbar Omega)``, shaped as the
    broadcast of ``bias`` and ``temperature``.
    """

    total: np.ndarray  #: dI/dV
    elastic: np.ndarray  #: G0 + eta G_m (1 - N_s/S): the elastic conductance at N = N_s(V)
    mat: np.ndarray  #: G_MAT = d I_i / dV at fixed N = N_s(V)
    stt: np.ndarray  #: G_STT = (dI/dN)(dN_s/dV)
    d_mat: np.ndarray  #: d G_MAT / dV
    d_stt: np.ndarray  #: d G_STT / dV
    d_total: np.ndarray  #: d^2 I / dV^2 = d G_MAT/dV + d G_STT/dV - eta (G_m/S) dN_s/dV
    magnon_number: np.ndarray  #: N_s(V)


def _conductance(v, t, params, eta):
    """Closed-form dI/dV and its parts (arrays, no validation); see :func:`conductance_parts`."""
    core, kappa, gamma, n_tilde, excess = _steady(v, t, params, eta, derivatives=True)
    pl, gm, c, s = params.lead_polarization, params.magnetoconductance, params.inelastic_strength, params.spin
    n0 = core["n0"]
    ns = n0 + excess
    # N~ (Eq. (14)) and I_i (Eq. (7)) are linear in N_+- (and N): their bias derivatives are the
    # same printed functions applied to the derivatives of N_+-
    dnt = _quantum_part(core["dn_plus"], core["dn_minus"], params, eta)
    d2nt = _quantum_part(core["d2n_plus"], core["d2n_minus"], params, eta)
    dg, d2g = -kappa * gamma**2, 2.0 * kappa**2 * gamma**3
    dns = dg * (n0 + n_tilde) + gamma * dnt
    d2ns = d2g * (n0 + n_tilde) + 2.0 * dg * dnt + gamma * d2nt
    di_dn = (eta * c * pl - eta * gm * v) / s  # dI/dN at fixed V, from Eqs. (6)-(7)
    elastic = _elastic(ns, params, eta)
    mat = _inelastic(core["dn_plus"], core["dn_minus"], 0.0, eta=eta, params=params)
    stt = di_dn * dns
    d_mat = _inelastic(core["d2n_plus"], core["d2n_minus"], 0.0, eta=eta, params=params)
    d_stt = di_dn * d2ns - (eta * gm / s) * dns
    d_total = d_mat + d_stt - (eta * gm / s) * dns
    return {"total": elastic + mat + stt, "elastic": elastic, "mat": mat, "stt": stt, "d_mat": d_mat,
            "d_stt": d_stt, "d_total": d_total, "magnon_number": ns}


def conductance_parts(
    bias, *, temperature, params: JunctionParams = FIG2, orientation=-1
) -> ConductanceParts:
    """Differential conductance and its MAT and STT parts, Eq. (15) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` >= 0 (at ``T = 0`` the delta functions of
        ``d G_MAT/dV`` at ``|V| = hbar Omega/e`` are not represented).
    params : JunctionParams
        Junction parameters (default :data:`~spinlib.magnon_transport.junction.FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    ConductanceParts
        ``dI/dV`` and its elastic, MAT and STT parts, their bias slopes, and ``N_s``.

    Notes
    -----
    ``dI/dV = G0 + eta G_m (1 - N_s/S) + G_MAT + G_STT`` exactly, with
    ``G_MAT = dI_i/dV`` at fixed ``N = N_s`` and ``G_STT = (dI/dN)(dN_s/dV)``; Eq. (15) of
    Bender et al. (2019) as printed writes ``G0 + eta G_m`` for the first two terms, dropping
    the ``-eta G_m N_s / S`` correction (small, of order 1/S; erratum 3 of
    :mod:`spinlib.magnon_transport.derivation`).

    Examples
    --------
    >>> from spinlib.magnon_transport import FIG2, conductance_parts
    >>> parts = conductance_parts(2.0, temperature=1.0, params=FIG2, orientation=-1)
    >>> round(float(parts.total), 8), round(float(parts.elastic), 8)
    (0.92308525, 0.9230816)
    >>> round(float(parts.mat), 10), round(float(parts.stt), 10)
    (3.3999e-06, 2.559e-07)
    """
    v, t, params, eta = _bias_inputs(bias, temperature, params, orientation)
    parts = _conductance(v, t, params, eta)
    return ConductanceParts(**{k: _out(val) for k, val in parts.items()})


def stt_mat_ratio(bias, *, temperature, params: JunctionParams = FIG2, orientation=-1):
    """Ratio ``r = (d G_STT/dV) / (d G_MAT/dV)``, below Eq. (15) of Bender et al. (2019).

    Parameters
    ----------
    bias : array_like
        ``e V / (hbar Omega)``, ``|bias| < |V_c|``.
    temperature : array_like
        ``k_B T / (hbar Omega)`` > 0 (strictly: at T = 0 ``dG_MAT/dV`` is a sum of delta functions).
    params : JunctionParams
        Junction parameters (default :data:`~spinlib.magnon_transport.junction.FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    ndarray
        Signed ``r``; ``+-inf`` where ``d G_MAT/dV`` vanishes exactly or ``|r|`` exceeds the
        float range (never NaN; 0 where both slopes vanish). ``r`` depends on ``S`` only through ``S/S_c``.

    Notes
    -----
    ``r = G'_STT / G'_MAT`` with the slopes of :func:`conductance_parts` (Eq. (15)); ``|r| > 1``
    where the spin-transfer torque dominates the nonlinearity of the current (red in Fig. 3 of
    Bender et al. (2019)), ``|r| < 1`` where magnon-assisted tunnelling does.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import FIG2, stt_mat_ratio
    >>> np.round(stt_mat_ratio(np.array([0.5, 4.0]), temperature=1.0, params=FIG2, orientation=-1), 6)
    array([0.269271, 1.004098])
    """
    v, t, params, eta = _bias_inputs(bias, temperature, params, orientation, positive)
    parts = _conductance(v, t, params, eta)
    num, den = np.broadcast_arrays(parts["d_stt"], parts["d_mat"])
    out = np.where(num >= 0, np.inf, -np.inf)
    out = np.where((num == 0) & (den == 0), 0.0, out)
    with np.errstate(over="ignore"):  # |r| beyond the float range is +-inf, like a vanishing den
        return _out(np.divide(num, den, out=out, where=den != 0))


