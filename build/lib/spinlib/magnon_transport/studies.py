"""Studies of the tunnel junction: the paper's presets and the numbers the chapter quotes.

Presets of Bender, Duine & Tserkovnyak, Phys. Rev. B 99, 024434 (2019) ("Bender et al.
(2019)") with their citation, the sweeps behind Figs. 2-4, and the small analyses whose
numbers the chapter page (``book/magnon_transport/index.md``) states: where the resistance
has a zero-bias valley, where MAT dominates the nonlinearity at low bias, the highest
temperature of the ``N_0 = N~`` line, and a grid-convergence check of that line. Each number is
asserted by ``tests/magnon_transport/test_magnon_transport.py``. No drawing here (that is
:mod:`spinlib.magnon_transport.figures`).

Units: bias ``eV/hbar Omega``, temperature ``k_B T/hbar Omega``, resistance ``1/G0``
(see :mod:`spinlib.magnon_transport.junction`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import NamedTuple

import numpy as np

from ..validate import SpinlibInputError, choice, finite, in_range, nonnegative, positive, scalar
from .junction import FIG2, critical_bias, magnon_number, quantum_classical_crossover, steady_state
from .transport import conductance_parts, resistance, resistance_slope, stt_mat_ratio

__all__ = [
    "FIG2",
    "UNPOLARISED",
    "FIG2_TEMPERATURES",
    "FIG3_SPIN_RATIOS",
    "FIG4_TEMPERATURES",
    "FIG4_INSET_TEMPERATURES",
    "RatioMap",
    "Extrema",
    "TemperatureExtrema",
    "ValleyWindow",
    "RatioCheck",
    "CrossoverConvergence",
    "family",
    "ratio_map",
    "resistance_extrema",
    "extrema_versus_temperature",
    "valley_window",
    "low_bias_ratio_check",
    "max_crossover_temperature",
    "crossover_convergence",
    "ChapterLinks",
    "chapter_links",
]

# ---------------------------------------------------------------------------
# Presets (Bender et al. 2019)
# ---------------------------------------------------------------------------
# FIG2 (imported above, re-exported): Figs. 2-4 of Bender et al. (2019), alpha_p/alpha_e = S/S_c
# = 25, P_L = P = 0.2 (Fig. 2 caption, "taking P = P_L"); S = 10^4 is our choice (the paper gives
# none; features of R scale as 1/S). It lives in junction.py because it is the default `params`
# of every physics function (physics may not import studies).

#: Fig. 4 of Bender et al. (2019), "unpolarised" curves: P_L = G_m = 0, the island still
#: scatters (P = 0.2), all else as :data:`FIG2`.
UNPOLARISED = replace(FIG2, lead_polarization=0.0)

#: Fig. 2 of Bender et al. (2019): k_B T/hbar Omega = 0, 1, ..., 10.
FIG2_TEMPERATURES = np.arange(0, 11)

#: Fig. 3 of Bender et al. (2019): S/S_c = 25 (main panel) and the insets' 250 and 2.5.
FIG3_SPIN_RATIOS = (25.0, 250.0, 2.5)

#: Fig. 4 of Bender et al. (2019): k_B T/hbar Omega = 0 to 2 in steps of 1/4 (main panels) ...
FIG4_TEMPERATURES = np.arange(0, 2.0001, 0.25)
#: ... and 0 to 8 in steps of 1/2 (the parallel junction's inset).
FIG4_INSET_TEMPERATURES = np.arange(0, 8.0001, 0.5)

_VALLEY_TEMPERATURES = np.arange(0.05, 8.0001, 0.05)


# ---------------------------------------------------------------------------
# Results (immutable)
# ---------------------------------------------------------------------------
class RatioMap(NamedTuple):
    """``|r|`` on a (temperature, bias) grid and the ``N_0 = N~`` line (unpacks as ``abs_r, t_star``)."""

    abs_r: np.ndarray  #: ``|r| = |G'_STT/G'_MAT|``, shape (m, n): temperatures x biases
    t_star: np.ndarray  #: k_B T*/hbar Omega where N_0 = N~, shape (n,) (0: no crossing)


class Extrema(NamedTuple):
    """Bias positions (``eV/hbar Omega``) of the local extrema of ``R(V)`` (unpacks as ``minima, maxima``)."""

    minima: np.ndarray  #: valleys: dR/dV changes sign from - to +
    maxima: np.ndarray  #: peaks or plateaus: dR/dV changes sign from + to -


class TemperatureExtrema(NamedTuple):
    """The extrema of ``R(V)`` at one temperature (unpacks as ``temperature, minima, maxima``)."""

    temperature: float  #: k_B T/hbar Omega
    minima: np.ndarray  #: bias positions of the minima
    maxima: np.ndarray  #: bias positions of the maxima


@dataclass(frozen=True)
class ValleyWindow:
    """Where ``R(V)`` has a zero-bias valley, and from where it is monotonic (see :func:`valley_window`)."""

    valley: np.ndarray  #: grid temperatures (k_B T/hbar Omega) with a valley near zero bias
    valley_min: float  #: lowest of them (inf when there is none)
    valley_max: float  #: highest of them (-inf when there is none)
    monotonic_from: float  #: lowest grid temperature from which R has no extremum (inf if never)


@dataclass(frozen=True)
class RatioCheck:
    """Where ``|r| >= 1`` at low temperature and bias (see :func:`low_bias_ratio_check`)."""

    fraction: float  #: share of the grid with ``|r| >= 1``
    band: float  #: largest bias distance (eV/hbar Omega) of such a point from the line dG_MAT/dV = 0
    line_max: float  #: largest ``|eV|/hbar Omega`` of that line in the region


@dataclass(frozen=True)
class CrossoverConvergence:
    """:func:`max_crossover_temperature` on successively finer bias grids (:func:`crossover_convergence`)."""

    grids: tuple  #: numbers of bias points
    values: tuple  #: the maximum of k_B T*/hbar Omega on each grid
    spread: float  #: largest minus smallest value


# ---------------------------------------------------------------------------
# Sweeps
# ---------------------------------------------------------------------------
def family(bias, temperatures, *, params=FIG2, orientation=1, quantity="resistance"):
    """A whole family of curves ``R(V)`` or ``N_s(V)``, one per temperature, in one vectorised call.

    Parameters
    ----------
    bias : array_like, shape (n,)
        ``eV/hbar Omega``, ``|bias| < |V_c|``.
    temperatures : array_like, shape (m,)
        ``k_B T/hbar Omega`` >= 0.
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.
    quantity : {"resistance", "magnon_number"}
        What to return.

    Returns
    -------
    ndarray, shape (m, n)
        ``G0 R`` (:func:`~spinlib.magnon_transport.transport.resistance`) or ``N_s``
        (:func:`~spinlib.magnon_transport.junction.magnon_number`) for every temperature (rows)
        and bias (columns).

    Notes
    -----
    The curves of Figs. 2 and 4 of Bender et al. (2019): ``R = V/I`` with ``I`` of Eqs. (6)-(7)
    at ``N = N_s`` of Eq. (14).

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import studies
    >>> np.round(studies.family([-3.0, 0.0, 3.0], [0.0, 1.0], quantity="magnon_number", orientation=-1), 6)
    array([[0.030075, 0.      , 0.047244],
           [0.583436, 0.581977, 0.628626]])
    """
    quantity = choice("quantity", quantity, ("resistance", "magnon_number"))
    v = finite("bias", bias).reshape(-1)[None, :]
    t = nonnegative("temperatures", temperatures).reshape(-1)[:, None]
    func = resistance if quantity == "resistance" else magnon_number
    return func(v, temperature=t, params=params, orientation=orientation)


def ratio_map(bias, temperatures, *, params=FIG2, orientation=-1):
    """``|r|`` on a (temperature, bias) grid and the ``N_0 = N~`` line: the content of Fig. 3.

    Parameters
    ----------
    bias : array_like, shape (n,)
        ``eV/hbar Omega``, ``|bias| < |V_c|``.
    temperatures : array_like, shape (m,)
        ``k_B T/hbar Omega`` > 0.
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    RatioMap
        ``abs_r``, shape (m, n): ``|r| = |G'_STT/G'_MAT|``
        (:func:`~spinlib.magnon_transport.transport.stt_mat_ratio`); ``t_star``, shape (n,):
        temperature where ``N_0 = N~`` at each bias (0 where there is no crossing;
        :func:`~spinlib.magnon_transport.junction.quantum_classical_crossover`).

    Notes
    -----
    Fig. 3 of Bender et al. (2019): ``r`` below Eq. (15) and the crossing of the two parts of
    Eq. (14).

    Examples
    --------
    >>> from spinlib.magnon_transport import studies
    >>> abs_r, t_star = studies.ratio_map([0.5, 4.0], [1.0])
    >>> abs_r.round(6), t_star.round(6)
    (array([[0.269271, 1.004098]]), array([0.111399, 0.360704]))
    """
    v = finite("bias", bias).reshape(-1)
    t = positive("temperatures", temperatures).reshape(-1)
    r = stt_mat_ratio(v[None, :], temperature=t[:, None], params=params, orientation=orientation)
    return RatioMap(np.abs(r), quantum_classical_crossover(v, params=params, orientation=orientation))


# ---------------------------------------------------------------------------
# Analyses whose numbers the chapter states
# ---------------------------------------------------------------------------
def resistance_extrema(bias, *, temperature, params=FIG2, orientation=1):
    """Local minima and maxima of ``R(V)`` on a bias grid, from sign changes of the analytic ``dR/dV``.

    Parameters
    ----------
    bias : array_like, shape (n,)
        Increasing grid of ``eV/hbar Omega`` (>= 2 points), ``|bias| < |V_c|``.
    temperature : float
        ``k_B T/hbar Omega`` >= 0.
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    Extrema
        ``minima``, ``maxima``: bias positions (``eV/hbar Omega``; linear interpolation of the
        zero of ``dR/dV``).

    Notes
    -----
    ``dR/dV`` from :func:`~spinlib.magnon_transport.transport.resistance_slope` (Eq. (15)); a
    minimum (a valley of Fig. 4 of Bender et al. (2019)) is a change of sign from - to +.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import studies
    >>> mins, maxs = studies.resistance_extrema(np.linspace(-6, 6, 121), temperature=0.5)
    >>> mins.round(3), maxs.round(3)
    (array([-4.875,  5.284]), array([0.41]))
    """
    v = _increasing_grid(bias)
    slope = resistance_slope(v, temperature=temperature, params=params, orientation=orientation)
    return _sign_changes(v, slope)


def _increasing_grid(bias):
    v = finite("bias", bias).reshape(-1)
    if v.size < 2 or np.any(np.diff(v) <= 0):
        raise SpinlibInputError(f"bias must be an increasing grid of >= 2 points; got {bias!r}")
    return v


def _sign_changes(v, slope):
    """(minima, maxima): zeros of ``slope`` on the grid ``v`` going - to + and + to - (interpolated)."""
    s0, s1 = slope[:-1], slope[1:]
    k = np.nonzero(s0 * s1 < 0)[0]  # a sign change between two grid points
    where = v[k] + (v[k + 1] - v[k]) * s0[k] / (s0[k] - s1[k])
    return Extrema(where[s0[k] < 0], where[s0[k] > 0])


def _slope_rows(v, temps, params, orientation):
    """``dR/dV`` on the (temperature, bias) grid in one vectorised call (row by row it is bit-identical)."""
    return resistance_slope(v[None, :], temperature=temps[:, None], params=params, orientation=orientation)


def extrema_versus_temperature(bias, temperatures, *, params=FIG2, orientation=1):
    """The extrema of ``R(V)`` at each temperature of a grid (Fig. 4, beyond the paper).

    Parameters
    ----------
    bias : array_like, shape (n,)
        Increasing grid of ``eV/hbar Omega``.
    temperatures : array_like, shape (m,)
        ``k_B T/hbar Omega`` >= 0.
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    tuple of TemperatureExtrema
        ``(temperature, minima, maxima)`` for each temperature, as :func:`resistance_extrema`.

    Notes
    -----
    Zeros of the analytic ``dR/dV`` (Eq. (15) of Bender et al. (2019)), scanned in temperature.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import studies
    >>> [(t, len(lo), len(hi)) for t, lo, hi in
    ...  studies.extrema_versus_temperature(np.linspace(-6, 6, 121), [0.5, 1.5, 3.0])]
    [(0.5, 2, 1), (1.5, 1, 0), (3.0, 0, 0)]
    """
    v = _increasing_grid(bias)
    temps = nonnegative("temperatures", temperatures).reshape(-1)
    slopes = _slope_rows(v, temps, params, orientation)
    return tuple(TemperatureExtrema(float(t), *_sign_changes(v, row))
                 for t, row in zip(temps, slopes, strict=True))


def valley_window(*, params=FIG2, orientation=1, window=2.0, bias_max=12.0,
                  temperatures=_VALLEY_TEMPERATURES, n_bias=2401):
    """Where the resistance has a zero-bias valley, and from where it is monotonic.

    Parameters
    ----------
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.
    window : float
        A valley "near zero bias" is a local minimum of ``R`` with ``|eV| < window hbar Omega`` (> 0).
    bias_max : float
        Monotonic means no extremum on ``|eV| <= bias_max hbar Omega`` (> 0).
    temperatures : array_like
        Increasing grid of ``k_B T/hbar Omega`` scanned (default 0.05 to 8 in steps of 0.05).
    n_bias : int
        Points of the bias grid.

    Returns
    -------
    ValleyWindow
        ``valley``: temperatures of the grid with a valley near zero bias; ``valley_min``,
        ``valley_max``: their extent (NaN-free: ``inf``/``-inf`` when there is none);
        ``monotonic_from``: the lowest grid temperature from which ``R`` has no extremum
        at every higher grid temperature (``inf`` if never).

    Notes
    -----
    Extrema from :func:`resistance_extrema` (analytic ``dR/dV``). The chapter quotes the
    window for Fig. 4 of Bender et al. (2019) (``S/S_c = 25``) and for ``S/S_c = 250``.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.magnon_transport import studies
    >>> w = studies.valley_window(temperatures=np.array([1.0, 1.4, 3.0]), n_bias=241)
    >>> w.valley_min, w.valley_max, w.monotonic_from
    (1.4, 1.4, 3.0)
    """
    positive("window", window)
    positive("bias_max", bias_max)
    v = np.linspace(-bias_max, bias_max, int(n_bias))
    temps = nonnegative("temperatures", temperatures).reshape(-1)
    valley, any_extremum = [], []
    for row in _slope_rows(v, temps, params, orientation):
        mins, maxs = _sign_changes(v, row)
        valley.append(bool(np.any(np.abs(mins) < window)))
        any_extremum.append(mins.size + maxs.size > 0)
    valley, any_extremum = np.array(valley), np.array(any_extremum)
    has = temps[valley]
    later = np.flip(np.cumsum(np.flip(any_extremum))) == 0  # no extremum here or above
    return ValleyWindow(
        valley=has,
        valley_min=float(has.min()) if has.size else np.inf,
        valley_max=float(has.max()) if has.size else -np.inf,
        monotonic_from=float(temps[later][0]) if np.any(later) else np.inf,
    )


def low_bias_ratio_check(*, t_max=0.3, bias_max=0.5, orientation=-1, params=FIG2, nv=2001, nt=300):
    """Where MAT dominates at low temperature and bias, on a fine grid.

    ``r = G'_STT/G'_MAT`` diverges on the line where ``dG_MAT/dV`` changes sign, so
    ``|r| >= 1`` occurs in a narrow band about that line even at low ``T`` and ``V``.

    Parameters
    ----------
    t_max : float
        Highest ``k_B T/hbar Omega`` of the region (> 0).
    bias_max : float
        Highest ``|eV|/hbar Omega`` of the region (> 0).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    nv, nt : int
        Points of the bias and temperature grids.

    Returns
    -------
    RatioCheck
        ``fraction``: share of the grid (``0 < k_BT <= t_max``, ``|eV| <= bias_max``) with
        ``|r| >= 1``; ``band``: largest bias distance of such a point from the line where
        ``dG_MAT/dV = 0`` (at the same temperature); ``line_max``: largest ``|eV|`` of that
        line in the region.

    Notes
    -----
    ``r`` below Eq. (15) of Bender et al. (2019) (:func:`~spinlib.magnon_transport.transport.stt_mat_ratio`)
    and ``dG_MAT/dV`` of :func:`~spinlib.magnon_transport.transport.conductance_parts`.

    Examples
    --------
    >>> from spinlib.magnon_transport import studies
    >>> check = studies.low_bias_ratio_check(nv=401, nt=60)
    >>> round(check.fraction, 4), round(check.band, 4), round(check.line_max, 4)
    (0.0043, 0.006, 0.1095)
    """
    v = np.linspace(-bias_max, bias_max, int(nv))
    t = np.linspace(t_max / nt, t_max, int(nt))
    r = stt_mat_ratio(v[None, :], temperature=t[:, None], params=params, orientation=orientation)
    d_mat = conductance_parts(v[None, :], temperature=t[:, None], params=params,
                              orientation=orientation).d_mat
    band, line_max = 0.0, 0.0
    for row_r, row_d in zip(r, d_mat, strict=True):
        k = np.nonzero(np.sign(row_d[:-1]) != np.sign(row_d[1:]))[0]
        zeros = v[k] + (v[k + 1] - v[k]) * row_d[k] / (row_d[k] - row_d[k + 1])
        bad = v[np.abs(row_r) >= 1]
        if zeros.size:
            line_max = max(line_max, float(np.max(np.abs(zeros))))
        if bad.size:
            band = max(band, float(np.max(np.min(np.abs(bad[:, None] - zeros[None, :]), axis=1)))
                       if zeros.size else np.inf)
    return RatioCheck(fraction=float(np.mean(np.abs(r) >= 1)), band=band, line_max=line_max)


def max_crossover_temperature(*, bias_max=12.0, params=FIG2, orientation=-1, n=481):
    """Highest temperature of the ``N_0 = N~`` line (Fig. 3's black line) over ``|eV| <= bias_max``.

    Parameters
    ----------
    bias_max : float
        Half-width of the bias range, ``eV/hbar Omega``.
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.
    n : int
        Points of the bias grid.

    Returns
    -------
    float
        ``max_V k_B T*(V)/hbar Omega`` over the grid.

    Notes
    -----
    ``T*`` from :func:`~spinlib.magnon_transport.junction.quantum_classical_crossover` (the two
    parts of Eq. (14) of Bender et al. (2019)); grid convergence in :func:`crossover_convergence`.

    Examples
    --------
    >>> from spinlib.magnon_transport import studies
    >>> round(studies.max_crossover_temperature(n=49), 3)
    0.614
    """
    v = np.linspace(-bias_max, bias_max, int(n))
    return float(np.max(quantum_classical_crossover(v, params=params, orientation=orientation)))


def crossover_convergence(*, grids=(481, 961, 1921), bias_max=12.0, params=FIG2, orientation=-1):
    """Grid convergence of :func:`max_crossover_temperature`: its value on successively finer bias grids.

    Parameters
    ----------
    grids : sequence of int
        Numbers of bias points (the chapter's value uses the first).
    bias_max : float
        Half-width of the bias range, ``eV/hbar Omega``.
    params : JunctionParams
        Junction parameters (default :data:`FIG2`).
    orientation : {1, -1, "P", "AP"}
        ``eta``: +1 parallel, -1 antiparallel.

    Returns
    -------
    CrossoverConvergence
        ``values``: the maximum on each grid; ``spread``: largest minus smallest (the grid error
        of the quoted number is below it).

    Notes
    -----
    The maximum of ``T*(V)`` lies at the grid edge ``|eV| = bias_max`` or at an interior maximum of
    a smooth curve; refining the grid moves the latter by ``O(h^2)``.

    Examples
    --------
    >>> from spinlib.magnon_transport import studies
    >>> conv = studies.crossover_convergence(grids=(49, 97))
    >>> conv.spread < 1e-3
    True
    """
    grids = tuple(int(k) for k in grids)
    values = tuple(max_crossover_temperature(bias_max=bias_max, params=params, orientation=orientation, n=k)
                   for k in grids)
    return CrossoverConvergence(grids=grids, values=values, spread=float(max(values) - min(values)))


# ---------------------------------------------------------------------------
# Links to the other chapters
# ---------------------------------------------------------------------------


class ChapterLinks(NamedTuple):
    """The numbers of the chapter's "Links to the other chapters" (see :func:`chapter_links`)."""

    fraction: float  #: drive over threshold, -V/V_c here and j/j_c in chapter 1
    gamma: float  #: gamma = 1/(1 + V/V_c) at V = -fraction V_c (classical STT amplification)
    classical_ratio: float  #: gamma N_0 / N_0 at k_B T = hbar Omega, from the steady state
    llg_amplification: float  #: chapter 1: <1 - m_z>(j) / <1 - m_z>(0), stochastic LLG
    llg_error: float  #: its standard error
    llg_boltzmann: float  #: chapter 1: the same ratio from the Boltzmann density in h (1 - j/j_c)
    t0_bias: np.ndarray  #: biases eV/hbar Omega of the T = 0 row
    t0_quantum: np.ndarray  #: gamma N~ at T = 0 (antiparallel junction of Fig. 2)
    t0_classical: np.ndarray  #: gamma N_0 at T = 0 (exactly 0)


def chapter_links(*, fraction=0.5, params=FIG2, samples=400, seed=0) -> ChapterLinks:
    """Numbers that join this chapter to chapters 1 and 3.

    * **Chapter 1 (classical STT).** The classical part of the steady state, ``gamma N_0``, is the
      thermal population multiplied by ``gamma = 1/(1 + V/V_c)``; at ``V = -f V_c`` that is
      ``1/(1 - f)``. Chapter 1's macrospin under a torque ``j = f j_c`` multiplies its thermal tilt
      ``<1 - m_z>`` by the same factor: measured with the stochastic LLG of
      :func:`spinlib.macrospin.studies.thermal_amplification` and checked there against the
      Boltzmann density in the reduced field ``h (1 - j/j_c)``.
    * **Chapter 3 (T = 0 emission).** At ``T = 0`` there are no thermal magnons (``gamma N_0 = 0``),
      yet ``gamma N~ > 0`` for both signs of the bias once ``e|V| > hbar Omega`` and exactly 0 below:
      each magnon is emitted by one electron that brings the energy ``hbar Omega``.

    Parameters
    ----------
    fraction : ``f`` in (0, 1), the drive over the threshold in both chapters.
    params : :class:`~spinlib.magnon_transport.junction.JunctionParams` (antiparallel junction).
    samples, seed : passed to :func:`spinlib.macrospin.studies.thermal_amplification`.

    Returns
    -------
    ChapterLinks

    Examples
    --------
    >>> links = chapter_links(samples=40)
    >>> round(links.gamma, 12), round(links.classical_ratio, 12), round(links.llg_boltzmann, 3)
    (2.0, 2.0, 2.0)
    >>> [float(x) for x in links.t0_classical]
    [0.0, 0.0, 0.0, 0.0]
    """
    from ..macrospin.studies import thermal_amplification

    f = scalar("fraction", fraction, in_range, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    vc = float(critical_bias(params=params, orientation=-1))
    warm = steady_state(np.array([0.0, -f * vc]), temperature=1.0, params=params, orientation=-1)
    llg = thermal_amplification(fractions=(0.0, f), samples=samples, seed=seed)
    bias = np.array([-2.0, -0.5, 0.5, 2.0])
    cold = steady_state(bias, temperature=0.0, params=params, orientation=-1)
    return ChapterLinks(fraction=f, gamma=float(warm.gamma[1]),
                        classical_ratio=float(warm.classical[1] / warm.classical[0]),
                        llg_amplification=float(llg.amplification[1]),
                        llg_error=float(llg.amplification[1] * np.hypot(llg.error[0] / llg.simulated[0],
                                                                         llg.error[1] / llg.simulated[1])),
                        llg_boltzmann=float(llg.boltzmann[1] / llg.boltzmann[0]),
                        t0_bias=bias, t0_quantum=np.asarray(cold.quantum),
                        t0_classical=np.asarray(cold.classical))
