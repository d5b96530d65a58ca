"""Studies of the macrospin topic: presets from the papers and the numbers the pages quote.

Presets: the geometries of Fig. 8 of Ralph & Stiles (2008) (:func:`isotropic_preset`,
:func:`thin_film_preset`), the illustrative nanopillar (:data:`NANOPILLAR`), the ``q`` of our
reproduction of Fig. 5 of Parcollet & Waintal (2006) (:data:`FIG5_ILLUSTRATION`) and one point per
phase (:data:`REPRESENTATIVE_POINTS`). Studies: the Fig. 8 panels (:func:`fig8_case`), the threshold
found by simulation against Eq. (26) (:func:`critical_current_comparison`), switching times
(:func:`switching_time_data`), the integrator's convergence (:func:`integrator_convergence`) and the
exact-arithmetic count of the Fig. 5 grid (:func:`fig5_exact_fallbacks`). No drawing here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.integrate import solve_ivp

from .. import units
from ..validate import SpinlibInputError, check_fields, count, finite, in_range, nonnegative, positive, scalar
from . import uniaxial as U
from .llg import MacrospinParams, integrate, llg_rhs, slonczewski_coefficients, slonczewski_eta
from .si import critical_current_si
from .stochastic import integrate_stochastic
from .thresholds import (
    classify_end_state,
    critical_current,
    critical_current_ll_insertion,
    linear_switching_time,
    simulated_critical_current,
    switching_time,
)

__all__ = [
    "isotropic_preset",
    "thin_film_preset",
    "NanopillarPreset",
    "NANOPILLAR",
    "FIG5_ILLUSTRATION",
    "REPRESENTATIVE_POINTS",
    "FIG8_CASES",
    "Fig8Case",
    "fig8_case",
    "ThresholdComparison",
    "critical_current_comparison",
    "SwitchingTimes",
    "switching_time_data",
    "integrator_convergence",
    "fig5_exact_fallbacks",
    "ThermalAmplification",
    "thermal_amplification",
    "slonczewski_angular_peak",
]


# ---------------------------------------------------------------------------------------------
# presets


def _asymmetry(asymmetry):
    return in_range("asymmetry", asymmetry, -1.0, 1.0, lo_open=True, hi_open=True)


def isotropic_preset(*, field=1.0, alpha=0.1, asymmetry=0.0) -> MacrospinParams:
    """Geometry of Fig. 8(a)-(d) of Ralph & Stiles (2008): no anisotropy, field and ``p`` along z.

    ``asymmetry`` is ``B/A`` in (-1, 1); the torque factor is normalised to ``eta(0) = 1``
    (``A = 1``, ``B = asymmetry``, ``q = 1 + asymmetry``), so ``j`` is then ``eta(0)`` times the
    current in units of :func:`current_unit`.

    Parameters
    ----------
    field : applied field ``h`` along z (units of ``M_s``, finite; an array gives a batch).
    alpha : Gilbert damping (dimensionless, >= 0).
    asymmetry : ``B/A`` of the torque (dimensionless), in (-1, 1).

    Returns
    -------
    MacrospinParams, batch shape of ``field``, ``alpha`` and ``asymmetry`` broadcast.

    Examples
    --------
    >>> P = isotropic_preset(field=1.0, alpha=0.1, asymmetry=-0.5)
    >>> P.field.tolist(), float(P.q), float(P.B)
    ([0.0, 0.0, 1.0], 0.5, -0.5)
    """
    b = _asymmetry(asymmetry)
    return MacrospinParams(field=np.multiply.outer(finite("field", field), [0.0, 0.0, 1.0]),
                           alpha=nonnegative("alpha", alpha), fixed=[0.0, 0.0, 1.0], q=1.0 + b, A=1.0, B=b)


def thin_film_preset(*, field=0.0, hk=0.05, alpha=0.05, asymmetry=0.0) -> MacrospinParams:
    """Geometry of Fig. 8(e)-(h) of Ralph & Stiles (2008): thin film, easy plane xy, easy axis x.

    Demagnetizing coefficient ``N = 1`` along z, uniaxial anisotropy ``hk`` along x, field and
    ``p`` along +x; ``eta(0) = 1`` normalisation as in :func:`isotropic_preset`.

    Parameters
    ----------
    field : applied field ``h`` along +x (units of ``M_s``, finite; an array gives a batch).
    hk : in-plane anisotropy ``h_k`` (units of ``M_s``, >= 0).
    alpha : Gilbert damping (dimensionless, >= 0).
    asymmetry : ``B/A`` of the torque (dimensionless), in (-1, 1).

    Returns
    -------
    MacrospinParams, batch shape of ``field``, ``hk``, ``alpha`` and ``asymmetry`` broadcast.

    Examples
    --------
    >>> P = thin_film_preset(field=0.03)
    >>> P.fixed.tolist(), float(P.hk), float(P.demag)
    ([1.0, 0.0, 0.0], 0.05, 1.0)
    """
    b = _asymmetry(asymmetry)
    return MacrospinParams(field=np.multiply.outer(finite("field", field), [1.0, 0.0, 0.0]),
                           hk=nonnegative("hk", hk), easy_axis=[1.0, 0.0, 0.0], demag=1.0,
                           normal=[0.0, 0.0, 1.0], alpha=nonnegative("alpha", alpha),
                           fixed=[1.0, 0.0, 0.0], q=1.0 + b, A=1.0, B=b)


@dataclass(frozen=True, kw_only=True)
class NanopillarPreset:
    """An illustrative Co/Cu/Co nanopillar free layer (SI units).

    Order-of-magnitude values of the all-metal pillars of Katine et al. (2000) and of the
    typical numbers quoted by Ralph & Stiles (2008): a 130 nm x 70 nm elliptical cobalt layer
    3 nm thick, ``M_s = 1.4e6`` A/m, ``alpha = 0.01``, in-plane anisotropy ``mu0 H_k = 50`` mT,
    Slonczewski (1996) angular factor with polarization 0.35. Not a fit to any one device.

    Examples
    --------
    >>> round(float(NANOPILLAR.critical_current(0.0)) * 1e3, 4)  # mA, Eq. (26)
    6.6836
    """

    ms: float = 1.4e6  # M_s, A/m
    volume: float = np.pi / 4 * 130e-9 * 70e-9 * 3e-9  # V, m^3
    alpha: float = 0.01  # Gilbert alpha
    hk: float = 0.05 / units.MU_0  # H_k, A/m
    polarization: float = 0.35  # P of Slonczewski (1996)

    def __post_init__(self):
        check_fields(self, ms=positive, volume=positive, alpha=nonnegative, hk=nonnegative,
                     polarization=lambda n, v: in_range(n, v, 0.0, 1.0, lo_open=True, hi_open=True))

    def coefficients(self) -> tuple:
        """``(q, A, B)`` of :func:`slonczewski_coefficients` for this polarization."""
        return slonczewski_coefficients(polarization=self.polarization)

    def critical_current(self, field=0.0):
        """Eq. (26) in amperes at in-plane field ``field`` (A/m)."""
        q, A, B = self.coefficients()
        return critical_current_si(field=field, hk=self.hk, ms=self.ms, volume=self.volume,
                                   alpha=self.alpha, q=q, A=A, B=B)


NANOPILLAR = NanopillarPreset()


#: Parameters used for the reproduction of Fig. 5 of Parcollet & Waintal (2006).
#: The paper's figure is a sketch and states no value of q; q = 0.5 is our
#: choice (it puts A, B, C at (-4, 4.5), (0, 0.5), (-2, 1.5)). The phase
#: diagram does not depend on the damping (it only sets the time unit).
FIG5_ILLUSTRATION = U.UniaxialMacrospin(asymmetry=0.5, alpha=0.5)

#: one point (H, I) inside each phase for q = 0.5 (Fig. 4 of Parcollet & Waintal (2006); checked by the tests)
REPRESENTATIVE_POINTS = {
    U.MINUS: (-2.0, -1.0),
    U.PLUS: (1.0, 2.0),
    U.MINUS | U.PLUS: (0.5, 0.0),
    U.SP: (-4.0, 3.5),
    U.SP | U.PLUS: (-2.0, 1.75),
}

# ---------------------------------------------------------------------------------------------
# Fig. 8 of Ralph & Stiles (2008)

#: Parameters of the Fig. 8 panels: (panel, geometry, preset kwargs, current / j_c).
FIG8_CASES = (
    ("b", "isotropic", dict(field=1.0, alpha=0.1, asymmetry=0.0), 0.5),
    ("c", "isotropic", dict(field=1.0, alpha=0.1, asymmetry=-0.5), 2.0),
    ("d", "isotropic", dict(field=1.0, alpha=0.1, asymmetry=0.0), 2.0),
    ("g", "thin film", dict(field=0.03, hk=0.05, alpha=0.1, asymmetry=0.0), 1.2),
    ("h", "thin film", dict(field=0.03, hk=0.05, alpha=0.1, asymmetry=0.0), 1.4),
)


@dataclass(frozen=True, kw_only=True, eq=False)
class Fig8Case:
    """One panel of Fig. 8: its parameters, current, trajectory and end state.

    Examples
    --------
    >>> fig8_case("d").state
    'reversed'
    """

    params: MacrospinParams
    current: float  # j, units of current_unit
    trajectory: object  # spinlib.macrospin.llg.Trajectory
    state: str  # classify_end_state of the trajectory


def fig8_case(panel: str) -> Fig8Case:
    """Parameters, trajectory and end state of one panel of :data:`FIG8_CASES`.

    Parameters
    ----------
    panel : one of ``"b"``, ``"c"``, ``"d"``, ``"g"``, ``"h"``.

    Returns
    -------
    Fig8Case

    Notes
    -----
    Isotropic panels start 0.2 rad from ``z`` (``tau`` to 200, 2000 steps); thin-film panels at
    ``(cos 0.1, 0.07, 0.07)`` (``tau`` to 800, 6400 steps); currents in units of Eq. (26).

    Examples
    --------
    >>> case = fig8_case("b")
    >>> case.state, round(case.current, 6)
    ('relaxed', 0.05)
    """
    panels = [c[0] for c in FIG8_CASES]
    if panel not in panels:
        raise SpinlibInputError(f"panel must be one of {panels}; got {panel!r}")
    _, geom, kw, ratio = next(c for c in FIG8_CASES if c[0] == panel)
    if geom == "isotropic":
        P = isotropic_preset(**kw)
        jc = critical_current(field=kw["field"], hk=0.0, demag=0.0, alpha=kw["alpha"], q=P.q, A=P.A, B=P.B)
        m0 = np.array([np.sin(0.2), 0.0, np.cos(0.2)])
        t_end, n = 200.0, 2000
    else:
        P = thin_film_preset(**kw)
        jc = critical_current(field=kw["field"], hk=kw["hk"], alpha=kw["alpha"], q=P.q, A=P.A, B=P.B)
        m0 = np.array([np.cos(0.1), 0.07, 0.07])
        t_end, n = 800.0, 6400
    traj = integrate(m0, params=P, current=ratio * jc, t_end=t_end, n_steps=n, n_out=n // 2)
    state = classify_end_state(traj, axis=P.fixed)
    return Fig8Case(params=P, current=float(ratio * jc), trajectory=traj, state=str(state))


# ---------------------------------------------------------------------------------------------
# the threshold: Eq. (26) against simulation


@dataclass(frozen=True, kw_only=True, eq=False)
class ThresholdComparison:
    """Output of :func:`critical_current_comparison` (thin film, currents in units of ``current_unit``).

    Examples
    --------
    >>> c = ThresholdComparison(fields=np.zeros(1), gilbert=np.ones(1), landau_lifshitz=np.ones(1) / 1.01,
    ...                         simulated=np.ones(1), hk=0.05, alpha=0.1, asymmetry=0.0)
    >>> round(float(c.landau_lifshitz[0] / c.gilbert[0]), 4)
    0.9901
    """

    fields: np.ndarray  # h, units of M_s
    gilbert: np.ndarray  # Eq. (26)
    landau_lifshitz: np.ndarray  # torque added to the Landau-Lifshitz form
    simulated: np.ndarray  # simulated_critical_current
    hk: float
    alpha: float
    asymmetry: float


def critical_current_comparison(*, hk: float = 0.05, alpha: float = 0.02, asymmetry: float = 0.3,
                                n_fields: int = 7) -> ThresholdComparison:
    """Eq. (26), its Landau-Lifshitz-insertion variant and the simulated threshold (thin film).

    Parameters
    ----------
    hk : in-plane anisotropy ``h_k`` (units of ``M_s``, >= 0).
    alpha : Gilbert damping (>= 0).
    asymmetry : ``B/A`` of the torque (``eta(0) = 1`` normalisation of :func:`thin_film_preset`).
    n_fields : number of fields in [0, 0.3] (integer >= 1).

    Returns
    -------
    ThresholdComparison
        The simulated threshold is :func:`spinlib.macrospin.thresholds.simulated_critical_current`
        with the bracket (0.5, 1.5) x Eq. (26).

    Examples
    --------
    >>> c = critical_current_comparison(n_fields=1)
    >>> round(float(c.gilbert[0]), 6), bool(abs(c.simulated[0] / c.gilbert[0] - 1) < 1e-5)
    (0.011, True)
    """
    n_fields = count("n_fields", n_fields, minimum=1)
    P_line = dict(hk=hk, alpha=alpha, q=1 + asymmetry, A=1.0, B=asymmetry)
    fields = np.linspace(0.0, 0.3, n_fields)
    jc = critical_current(field=fields, **P_line)
    P = thin_film_preset(field=fields, hk=hk, alpha=alpha, asymmetry=asymmetry)
    jsim = simulated_critical_current(params=P, bracket=(0.5 * jc, 1.5 * jc))
    return ThresholdComparison(fields=fields, gilbert=jc, landau_lifshitz=critical_current_ll_insertion(
        field=fields, **P_line), simulated=jsim, hk=hk, alpha=alpha, asymmetry=asymmetry)


@dataclass(frozen=True, kw_only=True, eq=False)
class SwitchingTimes:
    """Output of :func:`switching_time_data` (times in units of ``1/(gamma0 M_s)``).

    Examples
    --------
    >>> d = SwitchingTimes(ratios=np.array([2.0]), simulated=np.array([150.0]), estimate=np.array([140.0]),
    ...                    field=0.0, hk=0.05, alpha=0.05, tilt=0.05)
    >>> float(d.simulated[0] / d.estimate[0]).__round__(3)
    1.071
    """

    ratios: np.ndarray  # I / I_c
    simulated: np.ndarray  # first time m_x < 0
    estimate: np.ndarray  # ln(1/tilt) / Re lambda
    field: float
    hk: float
    alpha: float
    tilt: float


def switching_time_data(*, field: float = 0.0, hk: float = 0.05, alpha: float = 0.05,
                        tilt: float = 0.05) -> SwitchingTimes:
    """Simulated first-crossing times and the linear-growth estimate against I/I_c (thin film).

    Parameters
    ----------
    field, hk : ``h`` and ``h_k`` (units of ``M_s``). alpha : Gilbert damping.
    tilt : initial tilt from ``x`` (rad).

    Returns
    -------
    SwitchingTimes
        19 ratios ``I/I_c`` in [1.5, 6], the simulated times (:func:`switching_time` of a run to
        ``tau = 1500``) and :func:`spinlib.macrospin.thresholds.linear_switching_time`.

    Examples
    --------
    Slow (19 runs of 15000 steps, ~9 s); the page runs it:

    >>> d = switching_time_data()
    >>> bool(np.all(d.simulated > 0.5 * d.estimate))
    True
    """
    P = thin_film_preset(field=field, hk=hk, alpha=alpha)
    kw = dict(field=field, hk=hk, alpha=alpha, q=P.q, A=P.A, B=P.B)
    jc = critical_current(**kw)
    ratios = np.linspace(1.5, 6.0, 19)
    m0 = np.array([np.cos(tilt), np.sin(tilt) / np.sqrt(2), np.sin(tilt) / np.sqrt(2)])
    traj = integrate(m0, params=P, current=ratios * jc, t_end=1500.0, n_steps=15000, n_out=3000)
    tsw = switching_time(traj, axis=[1, 0, 0])
    est = linear_switching_time(current=ratios * jc, tilt=tilt, **kw)
    return SwitchingTimes(ratios=ratios, simulated=tsw, estimate=est, field=field, hk=hk, alpha=alpha,
                          tilt=tilt)


def integrator_convergence(*, n_steps=(800, 3200)) -> dict:
    """Error of :func:`spinlib.macrospin.llg.integrate` against SciPy's DOP853 (tolerance 1e-12).

    The thin-film trajectory of Fig. 8(g) (``h = 0.03``, ``h_k = 0.05``, ``alpha = 0.1``,
    ``j = 1.2 j_c``) integrated to ``tau = 400``.

    Parameters
    ----------
    n_steps : the step counts to try (integers).

    Returns
    -------
    dict ``{n: max |m - m_ref|}`` at ``tau = 400``.

    Examples
    --------
    Slow (a DOP853 reference at tolerance 1e-12, ~10 s); the page runs it:

    >>> err = integrator_convergence(n_steps=(800, 3200))
    >>> 200 < err[800] / err[3200] < 300  # fourth order: 4^4 = 256
    True
    """
    P_chk = thin_film_preset(field=0.03, hk=0.05, alpha=0.1)
    j_chk = 1.2 * float(critical_current(field=0.03, hk=0.05, alpha=0.1, q=1.0, A=1.0, B=0.0))
    m_chk = np.array([np.cos(0.1), 0.07, 0.07]) / np.linalg.norm([np.cos(0.1), 0.07, 0.07])
    reference = solve_ivp(lambda t, y: llg_rhs(y, params=P_chk, current=j_chk), (0.0, 400.0), m_chk,
                          method="DOP853", rtol=1e-12, atol=1e-12).y[:, -1]
    return {int(n): float(np.abs(integrate(m_chk, params=P_chk, current=j_chk, t_end=400.0, n_steps=n,
                                           n_out=1).m[-1] - reference).max()) for n in n_steps}


# ---------------------------------------------------------------------------------------------
# Fig. 5 of Parcollet & Waintal (2006)


def fig5_exact_fallbacks(*, params=FIG5_ILLUSTRATION, n=500) -> int:
    """Points of the ``n x n`` Fig. 5 grid (H in [-6, 3], I in [-3, 7]) decided in exact arithmetic.

    Also checks that the grid shows exactly the five phases of the paper (else ``AssertionError``).

    Parameters
    ----------
    params : :class:`spinlib.macrospin.uniaxial.UniaxialMacrospin` (default :data:`FIG5_ILLUSTRATION`).
    n : grid points per axis (integer >= 2; the five-phase check runs for ``n >= 100``).

    Returns
    -------
    int, the count (0 to ``n**2``), from :func:`spinlib.macrospin.uniaxial.exact_fallback_count`.

    Examples
    --------
    >>> fig5_exact_fallbacks(n=50)
    4
    """
    n = count("n", n, minimum=2)
    h5, i5 = np.meshgrid(np.linspace(-6.0, 3.0, n), np.linspace(-3.0, 7.0, n))
    codes = U.classify(params=params, field=h5, current=i5)
    if n >= 100:
        assert set(np.unique(codes)) == set(U.PHASES)  # the five phases of the paper, nothing else
    return U.exact_fallback_count(params=params, field=h5, current=i5)


# ---------------------------------------------------------------------------------------------
# links to the other chapters


@dataclass(frozen=True)
class ThermalAmplification:
    """Result of :func:`thermal_amplification` (arrays over ``fractions``)."""

    fractions: np.ndarray  #: j / j_c
    simulated: np.ndarray  #: <1 - m_z> of the stochastic LLG (ensemble and time average)
    error: np.ndarray  #: its standard error (from independent blocks of samples)
    boltzmann: np.ndarray  #: <1 - m_z> of the Boltzmann density in the reduced field h (1 - j/j_c)
    amplification: np.ndarray  #: simulated / simulated at j = 0
    linear: np.ndarray  #: 1 / (1 - j/j_c), the low-temperature amplification


def _langevin_complement(x):
    """``1 - L(x) = 1 - coth x + 1/x`` for ``x > 0``, without cancellation at large ``x``."""
    x = np.asarray(x, dtype=float)
    small = x < 1e-3
    xs = np.where(small, 1.0, x)
    # coth x = 1 + 2 e^{-2x} / (1 - e^{-2x})
    big = 1.0 / xs - 2.0 * np.exp(-2.0 * xs) / (-np.expm1(-2.0 * xs))
    return np.where(small, 1.0 - x / 3.0, big)


def thermal_amplification(*, fractions=(0.0, 0.5), field=1.0, alpha=0.1, temperature=0.01, samples=400,
                          t_relax=100.0, t_average=400.0, dt=0.05, seed=0) -> ThermalAmplification:
    """How a sub-threshold spin torque amplifies thermal fluctuations of the macrospin (chapter 2's γ).

    The isotropic macrospin of Fig. 8(a)-(d) of Ralph & Stiles (2008) with a constant torque
    factor (``B = 0``), field ``h`` and ``p`` along ``z``, at reduced temperature ``epsilon`` and a
    current ``j = f j_c`` below the threshold ``j_c = alpha h / eta(0)`` of Eq. (26). The stochastic
    LLG (:func:`spinlib.macrospin.stochastic.integrate_stochastic`) is run for every ``f`` and the
    mean tilt ``<1 - m_z>`` is averaged over samples and over ``t_average`` after ``t_relax``.

    Independent reference: for this geometry the drift of ``cos theta`` is
    ``(1 - cos^2 theta)(alpha h - j)/(1 + alpha^2)`` and the diffusion is Brown's isotropic one, so
    the stationary density is the Boltzmann one in the reduced field ``h (1 - j/j_c)``:
    ``<1 - m_z> = 1 - L(h (1 - f)/epsilon)`` (``L`` the Langevin function). At low temperature the
    torque therefore multiplies the thermal tilt by ``1/(1 - f)``, the classical form of the factor
    ``gamma = 1/(1 + V/V_c)`` by which chapter 2's torque multiplies the thermal magnons ``N_0``.

    Parameters
    ----------
    fractions : sequence of ``j/j_c``, each in [0, 1), the first one 0 (the reference).
    field : ``h`` along ``z`` (units of ``M_s``), > 0.
    alpha : Gilbert damping, > 0.
    temperature : ``epsilon = k_B T/(mu0 M_s^2 V)``, > 0.
    samples : number of independent samples per fraction (integer in [20, 20000]).
    t_relax, t_average : relaxation and averaging times (units of ``1/(gamma0 M_s)``), > 0.
    dt : time step (> 0, at most 0.1 / max(field, 1)).
    seed : seed of the noise.

    Returns
    -------
    ThermalAmplification

    Examples
    --------
    >>> r = thermal_amplification(fractions=(0.0, 0.5), samples=40, t_relax=50.0, t_average=50.0)
    >>> [round(float(b), 5) for b in r.boltzmann], [float(x) for x in r.linear]
    ([0.01, 0.02], [1.0, 2.0])
    """
    f = np.atleast_1d(finite("fractions", fractions)).astype(float)
    if f.ndim != 1 or np.any(f < 0) or np.any(f >= 1) or f[0] != 0:
        raise SpinlibInputError(
            f"fractions must be a 1-D sequence in [0, 1) starting with 0; got {fractions!r}")
    h, a = scalar("field", field, positive), scalar("alpha", alpha, positive)
    eps = scalar("temperature", temperature, positive)
    n = count("samples", samples, minimum=20, maximum=20000)
    t_relax, t_average = scalar("t_relax", t_relax, positive), scalar("t_average", t_average, positive)
    dt = scalar("dt", dt, in_range, lo=0.0, hi=0.1 / max(h, 1.0), lo_open=True)
    params = isotropic_preset(field=h, alpha=a)
    jc = float(critical_current(field=h, hk=0.0, demag=0.0, alpha=a, q=1.0, A=1.0, B=0.0))
    rng = np.random.default_rng(seed)
    m0 = np.zeros((f.size, n, 3))
    m0[..., 2] = 1.0
    currents = np.broadcast_to((f * jc)[:, None], (f.size, n))
    n_relax = max(1, int(round(t_relax / dt)))
    relaxed = integrate_stochastic(m0, params=params, current=currents, temperature=eps, t_end=n_relax * dt,
                                   n_steps=n_relax, n_out=1, seed=rng)
    n_out = 200
    n_avg = n_out * max(1, int(round(t_average / dt / n_out)))
    run = integrate_stochastic(relaxed.m[..., -1, :], params=params, current=currents, temperature=eps,
                               t_end=n_avg * dt, n_steps=n_avg, n_out=n_out, seed=rng)
    tilt = 1.0 - run.m[..., 1:, 2]  # (fractions, samples, n_out)
    per_sample = tilt.mean(axis=-1)
    blocks = per_sample.reshape(f.size, 20, -1).mean(axis=-1) if n % 20 == 0 else per_sample
    simulated = per_sample.mean(axis=-1)
    error = blocks.std(axis=-1, ddof=1) / np.sqrt(blocks.shape[-1])
    boltzmann = _langevin_complement(h * (1.0 - f) / eps)
    return ThermalAmplification(fractions=f, simulated=simulated, error=error, boltzmann=boltzmann,
                                amplification=simulated / simulated[0],
                                linear=1.0 / (1.0 - f))


def slonczewski_angular_peak(*, polarization=0.35, n=200001):
    """Angle (degrees) where Slonczewski's damping-like factor ``eta(theta) sin theta`` is largest.

    For Slonczewski's symmetric spin valve (:func:`spinlib.macrospin.llg.slonczewski_coefficients`)
    ``eta(theta) = q/(A + B cos theta)`` grows towards antiparallel alignment, so the torque
    magnitude ``eta sin theta`` peaks beyond 90 degrees; it still vanishes at P and at AP, unlike a
    factor ``1 - cos theta`` (chapter 5's electrospin torque), which is largest at AP.

    Parameters
    ----------
    polarization : Slonczewski's ``P`` in (0, 1), at most ``1 - 1e-7`` (see
        :func:`spinlib.macrospin.llg.slonczewski_coefficients`).
    n : number of grid angles on [0, 180] degrees (integer in [1001, 10^7]); the peak is then refined
        by a parabola through the three best points.

    Returns
    -------
    dict with ``"peak_deg"`` (the angle), ``"eta_P"`` and ``"eta_AP"`` (``eta`` at 0 and 180 degrees)
    and ``"ratio_at_peak"`` (``eta sin theta`` at the peak over ``eta(90 deg)``).

    Examples
    --------
    >>> r = slonczewski_angular_peak(polarization=0.35)
    >>> round(r["peak_deg"], 2), round(r["eta_AP"] / r["eta_P"], 3)
    (127.21, 4.061)
    """
    p = scalar("polarization", polarization, in_range, lo=0.0, hi=1.0, lo_open=True, hi_open=True)
    n = count("n", n, minimum=1001, maximum=10**7)
    q, A, B = (float(x) for x in slonczewski_coefficients(polarization=p))
    theta = np.linspace(0.0, np.pi, n)
    g = slonczewski_eta(np.cos(theta), q=q, A=A, B=B) * np.sin(theta)
    k = int(np.clip(np.argmax(g), 1, n - 2))
    y0, y1, y2 = g[k - 1], g[k], g[k + 1]
    step = theta[1] - theta[0]
    shift = 0.5 * (y0 - y2) / (y0 - 2 * y1 + y2) if (y0 - 2 * y1 + y2) != 0 else 0.0
    peak = theta[k] + shift * step
    eta = slonczewski_eta(np.cos([0.0, np.pi / 2, np.pi]), q=q, A=A, B=B)
    g_peak = float(slonczewski_eta(np.cos(peak), q=q, A=A, B=B) * np.sin(peak))
    return {"peak_deg": float(np.degrees(peak)), "eta_P": float(eta[0]), "eta_AP": float(eta[2]),
            "ratio_at_peak": g_peak / float(eta[1])}
