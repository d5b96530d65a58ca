"""Studies of the activation chapter (Wegrowe et al., arXiv:0801.1019 (2008)): presets, the numbers the page
quotes, the accuracy tables of the escape-time methods, the stochastic-LLG check and the sweeps the
figures draw.

Reduced units of :mod:`spinlib.activation` (energies in ``E_a``, barrier ``sigma = E_a / k_B T``,
field ``h``, current ``iota``, time in ``tau_N``). No drawing here: :mod:`.figures` draws what
these functions return, and tests/activation asserts the numbers the page glues from them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..macrospin import critical_current, slonczewski_coefficients, slonczewski_eta
from ..validate import in_range, positive
from .escape import (
    boltzmann_population,
    fluctuation_enhancement,
    log_escape_time,
    mean_first_passage_time,
    relaxation_rate,
    switching_probability,
)
from .landscape import (
    asymmetry_factors,
    barrier_heights,
    critical_current_exact,
    critical_currents_linear,
    stationary_points,
)
from .stochastic import stochastic_escape_times
from .studies_explorers import (
    THETA,
    EscapeGrid,
    EscapeVersusCurrent,
    Landscape,
    _frozen,
    escape_grid,
    escape_versus_current,
    landscape_at,
    switching_curves,
    switching_grid,
)

__all__ = [
    "POLARIZATION",
    "STOCHASTIC_CHECK",
    "THETA",
    "AccuracyTable",
    "StochasticCheck",
    "accuracy_table",
    "accuracy_threshold",
    "asymmetry_numbers",
    "deterministic_ratio",
    "stochastic_check",
    "escape_accuracy_curves",
    "two_pictures",
    "fluctuation_curves",
    "Landscape",
    "EscapeVersusCurrent",
    "EscapeGrid",
    "landscape_at",
    "escape_versus_current",
    "escape_grid",
    "switching_curves",
    "switching_grid",
    "exact_checks",
    "torque_comparison",
]

#: Spin polarisation of the deterministic-torque comparison (Slonczewski's eta, a typical
#: value for Co/Cu/Co pillars; Ralph & Stiles (2008), Sec. 3).
POLARIZATION = 0.35
#: The seeded stochastic-LLG check the page quotes: a low barrier so that 800 runs escape within
#: ``t_max`` (Sec. "An independent check" of the chapter; the model is Brown (1963)).
STOCHASTIC_CHECK = {"barrier": 3.0, "field": 0.1, "n_samples": 800, "dt": 5e-3, "t_max": 300.0, "seed": 2008}


# ---------------------------------------------------------------------------------------------
# accuracy of the escape-time methods


@dataclass(frozen=True, kw_only=True, eq=False)
class AccuracyTable:
    """``tau_method / tau_exact`` on a grid of barriers (all arrays shaped like ``barrier``)."""

    barrier: np.ndarray  # sigma = E_a / k_B T
    steepest_descent: np.ndarray  # ratio, dimensionless
    brown: np.ndarray  # ratio, dimensionless
    linear: np.ndarray  # ratio, dimensionless


def accuracy_table(barriers=(1.0, 2.0, 5.0, 10.0, 20.0, 40.0), *, field=0.0, current=0.0):
    """Ratios of the approximate escape times to the exact one.

    Parameters
    ----------
    barriers : array_like
        ``sigma = E_a / k_B T`` (> 0).
    field, current : float
        Reduced field ``h`` and current ``iota`` (as in :func:`spinlib.activation.log_escape_time`).

    Returns
    -------
    AccuracyTable
        ``tau_method / tau_exact`` for the steepest-descent, Brown and linear methods.

    Notes
    -----
    Out of the P well; :func:`spinlib.activation.log_escape_time` for every method.

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> round(float(studies.accuracy_table((10.0,)).steepest_descent[0]), 4)
    0.8888
    """
    s = positive("barriers", barriers)
    ex = log_escape_time(barrier=s, field=field, current=current)
    ratios = {
        m: _frozen(np.exp(log_escape_time(barrier=s, field=field, current=current, method=m) - ex))
        for m in ("steepest_descent", "brown", "linear")
    }
    return AccuracyTable(barrier=_frozen(s), **ratios)


def accuracy_threshold(*, tolerance=0.10, field=0.0, current=0.0, barriers=None):
    """Smallest barrier above which steepest descent stays within ``tolerance`` of the exact time.

    Parameters
    ----------
    tolerance : float
        Relative error allowed (> 0).
    field, current : float
        Reduced field ``h`` and current ``iota``.
    barriers : array_like, optional
        Increasing grid of ``E_a / k_B T``; default 0.5, 0.55, ..., 60 (the page's exercise
        ex-act-computational).

    Returns
    -------
    float
        The first barrier of the grid after the last one where the error exceeds ``tolerance``.

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.activation import studies
    >>> round(studies.accuracy_threshold(tolerance=0.10, barriers=np.arange(9.0, 13.0, 0.5)), 2)
    11.0
    """
    tol = float(positive("tolerance", tolerance))
    s = np.arange(0.5, 60.0001, 0.05) if barriers is None else positive("barriers", barriers).ravel()
    err = np.abs(
        np.expm1(
            log_escape_time(barrier=s, field=field, current=current, method="steepest_descent")
            - log_escape_time(barrier=s, field=field, current=current)
        )
    )
    bad = np.nonzero(err > tol)[0]
    return float(s[0] if bad.size == 0 else s[min(bad[-1] + 1, s.size - 1)])


@dataclass(frozen=True, kw_only=True, eq=False)
class EscapeAccuracy:
    """Ratios ``tau_method / tau_exact`` versus barrier for the two panels of the accuracy figure."""

    barrier: np.ndarray  # sigma = E_a / k_B T, (n,)
    zero: np.ndarray  # steepest descent (= Brown) at h = 0, iota = 0, (n,)
    field: float  # h of the right panel
    current: float  # iota of the right panel
    steepest_descent: np.ndarray  # right panel, (n,)
    brown: np.ndarray  # right panel, (n,)
    linear: np.ndarray  # right panel, (n,)


def escape_accuracy_curves(*, field=0.2, current=0.3, n=200):
    """Approximate over exact escape times for barriers 1 to 40 ``k_B T`` (the accuracy figure).

    Parameters
    ----------
    field, current : float
        Reduced field and current of the second panel.
    n : int
        Number of barriers.

    Returns
    -------
    EscapeAccuracy

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> c = studies.escape_accuracy_curves(n=3)
    >>> round(float(c.linear[-1]), 4)
    0.3459
    """
    sig = np.linspace(1.0, 40.0, int(n))
    zero = np.exp(log_escape_time(barrier=sig, method="steepest_descent") - log_escape_time(barrier=sig))
    h, j = float(field), float(current)
    ex = log_escape_time(barrier=sig, field=h, current=j)
    ratio = {
        m: _frozen(np.exp(log_escape_time(barrier=sig, field=h, current=j, method=m) - ex))
        for m in ("steepest_descent", "brown", "linear")
    }
    return EscapeAccuracy(barrier=_frozen(sig), zero=_frozen(zero), field=h, current=j, **ratio)


# ---------------------------------------------------------------------------------------------
# the two pictures of thermally assisted switching


def deterministic_ratio(*, polarization=POLARIZATION):
    """``|I_c(AP -> P) / I_c(P -> AP)|`` of the deterministic Slonczewski torque at zero field.

    Parameters
    ----------
    polarization : float
        Spin polarisation in (0, 1).

    Returns
    -------
    float
        ``eta(0) / eta(pi)`` (dimensionless), from :func:`spinlib.macrospin.critical_current`.

    Notes
    -----
    Reversing the fixed layer (``B -> -B``) turns the P -> AP threshold into the AP -> P one.

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> round(1.0 / studies.deterministic_ratio(polarization=0.35), 4)
    4.0607
    """
    P = float(in_range("polarization", polarization, 0.0, 1.0, lo_open=True, hi_open=True))
    q, A, B = slonczewski_coefficients(polarization=P)
    icp = critical_current(field=0.0, hk=1.0, demag=0.0, alpha=0.01, q=q, A=A, B=B)
    icap = critical_current(field=0.0, hk=1.0, demag=0.0, alpha=0.01, q=q, A=A, B=-B)  # p -> -p
    return float(icap / icp)


def asymmetry_numbers(*, polarization=POLARIZATION):
    """Asymmetry of the diffusive and the torque picture at zero field.

    Parameters
    ----------
    polarization : float
        Spin polarisation of the torque picture, in (0, 1).

    Returns
    -------
    dict of float
        ``c_P``, ``c_AP``, ``ratio_linear`` (``c_AP / c_P``), ``ic_P_linear``, ``ic_AP_linear``,
        ``ic_AP_exact`` (reduced currents) and ``ratio_torque`` (``eta(pi) / eta(0)``).

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> round(studies.asymmetry_numbers()["ratio_linear"], 4)
    4.5039
    """
    cp, cap = asymmetry_factors()
    icp, icap = critical_currents_linear()
    return {
        "c_P": float(cp),
        "c_AP": float(cap),
        "ratio_linear": float(abs(icp / icap)),
        "ic_P_linear": float(icp),
        "ic_AP_linear": float(icap),
        "ic_AP_exact": float(critical_current_exact()),
        "ratio_torque": 1.0 / deterministic_ratio(polarization=polarization),
    }


@dataclass(frozen=True, kw_only=True, eq=False)
class TwoPictures:
    """Barrier versus current in units of each picture's own P -> AP critical current."""

    x: np.ndarray  # I / I_c^{P->AP}, (n,)
    valid: np.ndarray  # bool, (n,): above the exact AP -> P critical current
    barrier_P: np.ndarray  # exact Delta u_P on x[valid], units of E_a
    barrier_AP: np.ndarray  # exact Delta u_AP on x[valid], units of E_a
    ratio_linear: float  # I_c^{P->AP} / |I_c^{AP->P}| of the linear barriers
    ratio_torque: float  # |I_c^{AP->P} / I_c^{P->AP}| of the torque picture
    polarization: float


def two_pictures(*, polarization=POLARIZATION, n=401):
    """Sweep of the exact diffusive barriers and the two linear laws for the two-pictures figure.

    Parameters
    ----------
    polarization : float
        Spin polarisation of the torque picture, in (0, 1).
    n : int
        Number of currents on [-1, 1] (units of the P -> AP critical current).

    Returns
    -------
    TwoPictures

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> round(studies.two_pictures(n=5).ratio_linear, 4)
    4.5039
    """
    P = float(in_range("polarization", polarization, 0.0, 1.0, lo_open=True, hi_open=True))
    icp, icap = critical_currents_linear(field=0.0)
    x = np.linspace(-1.0, 1.0, int(n))
    j = x * icp
    valid = j > float(critical_current_exact(field=0.0)) * 0.999
    dp, dap = barrier_heights(field=0.0, current=j[valid])
    return TwoPictures(
        x=_frozen(x),
        valid=valid,
        barrier_P=_frozen(dp),
        barrier_AP=_frozen(dap),
        ratio_linear=float(icp / icap) * -1.0,
        ratio_torque=deterministic_ratio(polarization=P),
        polarization=P,
    )


# ---------------------------------------------------------------------------------------------
# the stochastic-LLG check


@dataclass(frozen=True, kw_only=True, eq=False)
class StochasticCheck:
    """Seeded stochastic-LLG first-passage times to the top and the exact mean they should match."""

    times: np.ndarray  # escaped first-passage times, units of tau_N
    mean: float  # sample mean, units of tau_N
    sem: float  # standard error of the mean, units of tau_N
    exact: float  # exact MFPT (mean_first_passage_time), units of tau_N
    escaped: float  # fraction escaped within t_max
    n: int  # number of runs


@lru_cache(maxsize=4)
def stochastic_check(*, barrier=3.0, field=0.1, n_samples=800, seed=2008):
    """Seeded stochastic-LLG sample and the exact MFPT it should reproduce (zero current).

    Parameters
    ----------
    barrier : float
        ``sigma = E_a / k_B T`` in (0, 40].
    field : float
        Reduced field ``h`` in (-1, 1).
    n_samples : int
        Number of runs.
    seed : int
        Seed of the random generator.

    Returns
    -------
    StochasticCheck

    Notes
    -----
    :func:`spinlib.activation.stochastic_escape_times` with ``dt = 5e-3 tau_N`` and
    ``t_max = 300 tau_N`` (:data:`STOCHASTIC_CHECK`) against
    :func:`spinlib.activation.mean_first_passage_time`.

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> chk = studies.stochastic_check(barrier=1.0, field=0.0, n_samples=20, seed=1)
    >>> chk.n, chk.escaped
    (20, 1.0)
    """
    sample = stochastic_escape_times(
        barrier=barrier,
        field=field,
        n_samples=n_samples,
        dt=STOCHASTIC_CHECK["dt"],
        t_max=STOCHASTIC_CHECK["t_max"],
        seed=seed,
    )
    exact = float(mean_first_passage_time(barrier=barrier, field=field))
    times = sample.times[sample.escaped]
    return StochasticCheck(
        times=_frozen(times),
        mean=float(times.mean()),
        sem=float(times.std() / np.sqrt(times.size)),
        exact=exact,
        escaped=float(sample.escaped.mean()),
        n=int(sample.times.size),
    )


# ---------------------------------------------------------------------------------------------
# noise enhancement


@dataclass(frozen=True, kw_only=True, eq=False)
class FluctuationCurves:
    """Noise enhancement near P and AP versus current, exact and the paper's exponential."""

    current: np.ndarray  # iota, (n,)
    exact_P: np.ndarray  # tau(0) / tau(iota) out of P
    exact_AP: np.ndarray  # tau(0) / tau(iota) out of AP
    eq32_P: np.ndarray  # exp(sigma iota c_P), Eq. (32) with the derived sign
    eq32_AP: np.ndarray  # exp(-sigma iota c_AP)
    barrier: float


def fluctuation_curves(*, barrier=30.0, n=81):
    """Noise enhancement of :func:`spinlib.activation.fluctuation_enhancement` for ``|iota| <= 0.1``.

    Parameters
    ----------
    barrier : float
        ``sigma = E_a / k_B T`` (> 0).
    n : int
        Number of currents.

    Returns
    -------
    FluctuationCurves

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> round(float(studies.fluctuation_curves(n=3).exact_P[-1]), 4)
    5.2513
    """
    sig = float(positive("barrier", barrier))
    j = np.linspace(-0.1, 0.1, int(n))
    cp, cap = asymmetry_factors()
    return FluctuationCurves(
        current=_frozen(j),
        exact_P=_frozen(fluctuation_enhancement(barrier=sig, current=j, state="P")),
        exact_AP=_frozen(fluctuation_enhancement(barrier=sig, current=j, state="AP")),
        eq32_P=_frozen(np.exp(sig * j * cp)),
        eq32_AP=_frozen(np.exp(-sig * j * cap)),
        barrier=sig,
    )


# ---------------------------------------------------------------------------------------------
# the exact escape time against the eigenvalue and the Boltzmann populations; the two pictures


def exact_checks(*, barrier, field=0.0, current=0.0):
    """The exact escape times against ``lambda_1`` and the long-pulse switching against Boltzmann.

    Parameters
    ----------
    barrier, field, current : float
        ``sigma = E_a / k_B T``, reduced field ``h`` and current ``iota``.

    Returns
    -------
    dict of float
        ``eigen_mismatch`` (``lambda_1 / (1/tau_P + 1/tau_AP) - 1``), ``boltzmann_mismatch`` (long-pulse
        switching out of P over the Boltzmann AP population, - 1), ``top_error_P``/``_AP`` (2 T_top / tau - 1)

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> abs(studies.exact_checks(barrier=40.0)["eigen_mismatch"]) < 1e-12
    True
    """
    kw = {"barrier": barrier, "field": field, "current": current}
    tau = {i: np.exp(log_escape_time(**kw, initial=i)) for i in ("P", "AP")}
    lam = float(relaxation_rate(**kw))
    p_long = float(switching_probability(1e300, **kw, initial="P"))
    out = {
        "eigen_mismatch": float(lam * (tau["P"] * tau["AP"] / (tau["P"] + tau["AP"]))) - 1.0,
        "boltzmann_mismatch": p_long / float(boltzmann_population(**kw, state="AP")) - 1.0,
    }
    for i in ("P", "AP"):
        out["top_error_" + i] = float(2 * mean_first_passage_time(**kw, initial=i) / tau[i]) - 1.0
    return out


def torque_comparison(theta=THETA, *, polarization=POLARIZATION):
    """Angular factors of the electrospin force and of Slonczewski's damping-like torque.

    Parameters
    ----------
    theta : array_like
        Angles from P (rad).
    polarization : float
        Spin polarisation of Slonczewski's ``eta``, in (0, 1).

    Returns
    -------
    dict
        ``electrospin`` (``1 - cos theta``, :func:`spinlib.activation.electrospin_torque` at ``iota = 1``),
        ``slonczewski`` (``eta(theta) sin theta / eta(pi/2)``, :func:`spinlib.macrospin.slonczewski_eta`),
        ``ratio_torque`` (``eta(pi)/eta(0)``), ``iota_c_AP`` (T = 0 closing of the AP barrier) and
        ``theta_AP_small`` (the AP minimum at ``iota = -1e-3``, rad).

    Examples
    --------
    >>> from spinlib.activation import studies
    >>> round(studies.torque_comparison()["iota_c_AP"], 3)
    -0.601
    """
    from .landscape import electrospin_torque

    th = np.asarray(theta, dtype=float)
    q, A, B = slonczewski_coefficients(polarization=polarization)
    eta = slonczewski_eta(np.cos(th), q=q, A=A, B=B)
    eta90 = float(slonczewski_eta(0.0, q=q, A=A, B=B))
    return {
        "theta": _frozen(th),
        "electrospin": _frozen(electrospin_torque(th, current=1.0)),
        "slonczewski": _frozen(eta * np.sin(th) / eta90),
        "ratio_torque": 1.0 / deterministic_ratio(polarization=polarization),
        "iota_c_AP": float(critical_current_exact(field=0.0)),
        "theta_AP_small": float(stationary_points(current=-1e-3)["theta_AP"]),
    }
