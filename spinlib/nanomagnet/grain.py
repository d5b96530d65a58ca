"""Nanomagnet master equation and the NMD (nano-magnet dynamics) equation.

Numerics of chapter 4, after O. Parcollet and X. Waintal, "Theory of spin torque in a
nanomagnet", Phys. Rev. B 73, 144420 (2006) ("P&W" below).

Units
-----
``hbar = k_B = e = 1``. Energies (anisotropy ``kappa``, Zeeman energy ``h = hbar gamma H``,
level offset ``epsilon``, chemical potentials, temperature) share one unit, which the chapter
takes to be ``kappa``; tunnelling rates are in the same unit (``hbar = 1``). Currents are in
units of ``e`` times that rate. The bath coupling is the dimensionless Gilbert constant
``alpha_B`` of Eq. (24b).

The reduced zero-temperature NMD model (Eqs. (50)-(52), the phase diagrams of Figs. 6-8) has its
own units: time ``1/(2 alpha_B kappa)``, bias ``v = (mu_L - epsilon)/kappa``, field
``h/(2 kappa)``, rates in units of ``8 S_0 alpha_B kappa / hbar`` (the caption of Fig. 6).

Model
-----
One orbital level (majority ``eta = +1`` or minority ``eta = -1``) carries the current; the grain
has ``N`` electrons and spin ``S_0``, or ``N + 1`` electrons and spin ``S_0 + eta/2``. States are
``|charge, S_z>`` (Eq. (3)); the probabilities obey the master equation (5), (19), (21): an
electron of spin ``sigma`` along ``z`` enters from lead ``a`` with rate
``Gamma_a^sigma w n_a(Delta E)`` and leaves with ``Gamma_a^sigma w (1 - n_a(Delta E))``, with the
Clebsch-Gordan weight ``w`` of Eq. (17); a bosonic bath flips ``S_z`` by one unit (Eq. (21)).
Non-collinear leads enter only through the rates along ``z`` of Eq. (14).

Phase codes of the NMD phase diagrams are the bit masks of :mod:`spinlib.uniaxial`
(``MINUS | SP | PLUS``); the NMD equation has two more phases than LLG, see
:data:`NMD_PHASE_LABELS`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from dataclasses import field as _field
from functools import lru_cache

import numpy as np
import scipy.sparse as sps
import scipy.sparse.linalg as spla
from scipy.special import expit

from ..macrospin import uniaxial as U
from ..validate import (
    SpinlibInputError,
    check_fields,
    choice,
    count,
    finite,
    in_range,
    instance,
    nonnegative,
    positive,
)

__all__ = [
    "Lead",
    "Nanomagnet",
    "NMDRates",
    "FIG6_UPPER_LEFT",
    "FIG6_UPPER_RIGHT",
    "FIG6_LOWER_LEFT",
    "FIG6_SETS",
    "MINUS",
    "SP",
    "PLUS",
    "NMD_PHASE_LABELS",
    "fermi",
    "bath_rate",
    "clebsch_gordan_weight",
    "rates_along_z",
    "addition_energy",
    "state_table",
    "generator",
    "steady_state",
    "lead_currents",
    "spin_distribution",
    "channel_functions",
    "nmd_drift",
    "nmd_diffusion",
    "nmd_fixed_points",
    "nmd_current",
    "simulate_nmd",
    "simulate_master",
    "torque_asymmetry",
    "theta_all_open",
    "theta_category",
    "reduced_udot",
    "reduced_classify",
    "reduced_fixed_points",
    "reduced_current",
    "channel_lines",
    "reduced_sweep",
    "grain_for_reduced",
    "zero_bias_udot",
    "lead_damping",
    "zero_bias_current",
    "Level",
    "MultiLevelGrain",
    "multilevel_states",
    "multilevel_generator",
    "multilevel_steady_state",
    "multilevel_current",
    "multilevel_current_map",
]

MINUS, SP, PLUS = U.MINUS, U.SP, U.PLUS
#: the five LLG phases of :data:`spinlib.uniaxial.PHASE_LABELS` and the two that only NMD has
NMD_PHASE_LABELS = {**U.PHASE_LABELS, MINUS | SP: "(-1,SP)", MINUS | SP | PLUS: "(-1,SP,+1)"}


# ----------------------------------------------------------------------------- parameters
def _half_integer(name, value, minimum=0.5):
    """A spin: half-integer >= minimum (2 S an integer). Returns float."""
    v = float(finite(name, value)) if not isinstance(value, np.ndarray) or value.ndim == 0 else None
    if v is None or 2 * v != round(2 * v) or v < minimum:
        raise SpinlibInputError(f"{name} must be a half-integer >= {minimum:g} (0.5, 1, 1.5, ...); "
                                f"got {value!r}")
    return v


def _orbital(name, value):
    return choice(name, value, (1, -1))


@dataclass(frozen=True, kw_only=True)
class Lead:
    """A (possibly ferromagnetic) lead coupled to the grain's level (Eqs. (14)-(15) of P&W).

    Rates are the Golden-Rule rates of Eq. (15) for electrons of the lead's majority (``U``) and
    minority (``D``) band, quantised along the lead's magnetisation.
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
        return tuple(float(r) for r in rates_along_z(self.rate_majority, self.rate_minority,
                                                     angle=self.angle))


@dataclass(frozen=True, kw_only=True)
class Nanomagnet:
    """A magnetic grain with one conducting level between leads (Eqs. (1), (4) of P&W).

    Keyword-only, frozen, validated at construction. See the module docstring for units.
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
        return np.array([lead.chemical_potential for lead in self.leads])


def _grain(params) -> Nanomagnet:
    return instance("params", params, Nanomagnet)


@dataclass(frozen=True, kw_only=True)
class NMDRates:
    """Lead rates of the reduced NMD model of Eqs. (50)-(52) of P&W (two leads).

    Units ``8 S_0 alpha_B kappa / hbar`` (Fig. 6 caption). The right lead's chemical potential is
    taken far below the level (it only receives electrons), as in Figs. 6 (lower and right
    panels), 7 and 8.
    """

    left_up: float  # Gamma_L^up, >= 0
    left_down: float  # Gamma_L^down, >= 0
    right_up: float  # Gamma_R^up, >= 0
    right_down: float  # Gamma_R^down, >= 0

    def __post_init__(self):
        check_fields(self, left_up=nonnegative, left_down=nonnegative, right_up=nonnegative,
                     right_down=nonnegative)
        if self.left_up + self.left_down + self.right_up + self.right_down <= 0:
            raise SpinlibInputError(f"NMDRates must have a positive total rate; got {self!r}")


#: Upper left panel of Fig. 6 of P&W (q = 0: two leads antiparallel with the same rates).
FIG6_UPPER_LEFT = NMDRates(left_up=4.5, left_down=1.5, right_up=1.5, right_down=4.5)
#: Upper right panel of Fig. 6 of P&W (also Fig. 8): q = 1/4, Theta = 4.
FIG6_UPPER_RIGHT = NMDRates(left_up=12.0, left_down=4.0, right_up=8.0, right_down=8.0)
#: Lower left panel of Fig. 6 of P&W: q = 0.3, Theta = 3.
FIG6_LOWER_LEFT = NMDRates(left_up=8.0, left_down=2.0, right_up=5.0, right_down=5.0)
#: the three parameter sets of Fig. 6, by panel
FIG6_SETS = {"upper left": FIG6_UPPER_LEFT, "upper right": FIG6_UPPER_RIGHT,
             "lower left": FIG6_LOWER_LEFT}


def _rates(rates) -> NMDRates:
    return instance("rates", rates, NMDRates)


# ----------------------------------------------------------------------------- thermal factors
def fermi(energy, *, temperature):
    """Fermi function ``n(E) = 1 / (1 + exp(E / T))`` (energy from the chemical potential).

    Exact at ``T = 0`` (step with ``n(0) = 1/2``) and for huge ``|E|/T`` (no overflow).
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

    ``E > 0`` is the energy given to the bath. For an Ohmic bath (``rho_B(E)`` linear and odd,
    Eqs. (22)-(23) of P&W) the transition rate is proportional to ``w(E)``; ``w(E) / w(-E) =
    exp(E/T)`` (detailed balance), ``w(0) = T``, and ``w(E) = max(E, 0)`` at ``T = 0``.
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

    ``|<S + eta/2, S_z + sigma/2| d^dagger_sigma |S, S_z>|^2 = (S + eta sigma S_z + (1 + eta)/2)
    / (2 S + 1)``: the weight of adding an electron of spin ``sigma`` (``+1`` up, ``-1`` down
    along ``z``) to a majority (``eta = +1``) or minority (``eta = -1``) level of a grain in
    ``|S, S_z>``. Zero where the final state does not exist.

    Parameters
    ----------
    spin : array_like, half-integer >= 1/2.
    sz : array_like, ``-S <= S_z <= S`` in integer steps from ``-S``.
    sigma, orbital : +1 or -1.
    """
    s = finite("spin", spin)
    m = finite("sz", sz)
    if np.any(2 * s != np.round(2 * s)) or np.any(s < 0.5):
        raise SpinlibInputError(f"spin must be half-integers >= 0.5; got {spin!r}")
    if np.any(np.abs(m) > s) or np.any((s - m) != np.round(s - m)):
        raise SpinlibInputError(f"sz must lie in -spin..spin in integer steps; got {sz!r}")
    sg = choice("sigma", sigma, (1, -1))
    eta = _orbital("orbital", orbital)
    return (s + eta * sg * m + 0.5 * (1 + eta)) / (2 * s + 1)


def rates_along_z(rate_majority, rate_minority, *, angle):
    """Rates ``(Gamma^up, Gamma^down)`` along ``z`` of a lead tilted by ``angle`` (Eq. (14) of P&W).

    ``Gamma^up = cos^2(theta/2) Gamma^U + sin^2(theta/2) Gamma^D`` and up <-> down. Broadcasts.
    """
    gu = nonnegative("rate_majority", rate_majority)
    gd = nonnegative("rate_minority", rate_minority)
    th = in_range("angle", angle, 0.0, np.pi)
    c2, s2 = np.cos(th / 2) ** 2, np.sin(th / 2) ** 2
    return c2 * gu + s2 * gd, c2 * gd + s2 * gu


def addition_energy(sz, *, sigma, params):
    """Energy ``Delta E = E_{N+1}(S_z + sigma/2) - E_N(S_z)`` of Eq. (18a) of P&W.

    ``E_N(S_z) = -(kappa/S_0) S_z^2 - h S_z`` and ``E_{N+1}(S_z') = epsilon - (kappa/S_0) S_z'^2
    - h S_z'``, so ``Delta E = epsilon - (kappa/S_0)(sigma S_z + 1/4) - h sigma/2``.
    """
    p = _grain(params)
    m = finite("sz", sz)
    sg = choice("sigma", sigma, (1, -1))
    k = p.anisotropy / p.spin
    return p.level - k * (sg * m + 0.25) - 0.5 * p.field * sg


# ----------------------------------------------------------------------------- master equation
def state_table(params):
    """Labels of the master equation's states: ``(charge, sz)`` arrays.

    ``charge`` is 0 (``N`` electrons, spin ``S_0``) or 1 (``N + 1``, spin ``S_0 + eta/2``). States
    are ordered by increasing ``S_z`` (the two sectors interleave: their ``S_z`` differ by
    half-integers), so that every transition links states at most two places apart and the
    generator is banded.
    """
    p = _grain(params)
    s0, s1 = p.spin, p.spin_plus
    sz = np.concatenate([np.arange(-s0, s0 + 0.5, 1.0), np.arange(-s1, s1 + 0.5, 1.0)])
    charge = np.concatenate([np.zeros(int(round(2 * s0)) + 1, int), np.ones(int(round(2 * s1)) + 1, int)])
    order = np.argsort(sz, kind="stable")
    return charge[order], sz[order]


def _index(p: Nanomagnet, sz):
    """Position of the state with spin projection ``sz`` (either sector) in :func:`state_table`."""
    return np.round(2 * sz + 2 * p.spin + 0.5 * (1 + p.orbital)).astype(int)


def _n_states(p: Nanomagnet) -> int:
    return int(round(2 * p.spin)) + int(round(2 * p.spin_plus)) + 2


def _transitions(p: Nanomagnet):
    """All transitions: (source, target, rate, lead index or -1, electrons added)."""
    s0, s1 = p.spin, p.spin_plus
    sz0 = np.arange(-s0, s0 + 0.5, 1.0)
    src, dst, rate, lead_of, dn = [], [], [], [], []
    g = p.rates_z()
    mu = p.chemical_potentials()
    for sigma in (1, -1):
        w = (s0 + p.orbital * sigma * sz0 + 0.5 * (1 + p.orbital)) / (2 * s0 + 1)  # Eq. (17)
        szp = sz0 + 0.5 * sigma
        ok = (w > 0) & (np.abs(szp) <= s1)
        i = _index(p, sz0[ok])
        j = _index(p, szp[ok])
        de = p.level - p.anisotropy / s0 * (sigma * sz0[ok] + 0.25) - 0.5 * p.field * sigma  # Eq. (18a)
        col = 0 if sigma == 1 else 1
        for a in range(len(p.leads)):
            if g[a, col] == 0:
                continue
            n = fermi(de - mu[a], temperature=p.temperature)
            n_empty = fermi(mu[a] - de, temperature=p.temperature)  # 1 - n without cancellation
            base = g[a, col] * w[ok]
            src += [i, j]
            dst += [j, i]
            rate += [base * n, base * n_empty]
            lead_of += [np.full(i.size, a), np.full(i.size, a)]
            dn += [np.ones(i.size, int), -np.ones(i.size, int)]
    if p.damping > 0:  # Eq. (21): S_z -> S_z + 1 within each sector
        for s in (s0, s1):
            sz = np.arange(-s, s, 1.0)  # S_z that can go up
            m2 = s * (s + 1) - sz * (sz + 1)  # |<S_z+1|S^+|S_z>|^2
            energy = lambda m: -p.anisotropy / s0 * m * m - p.field * m  # noqa: E731
            release = energy(sz) - energy(sz + 1)  # energy given to the bath going up
            pref = p.damping / s0 * m2
            i = _index(p, sz)
            up = pref * bath_rate(release, temperature=p.temperature)
            down = pref * bath_rate(-release, temperature=p.temperature)
            src += [i, i + 2]
            dst += [i + 2, i]
            rate += [up, down]
            lead_of += [np.full(i.size, -1)] * 2
            dn += [np.zeros(i.size, int)] * 2
    cat = np.concatenate
    return cat(src), cat(dst), cat(rate), cat(lead_of), cat(dn)


def generator(params):
    """Sparse generator ``Q`` of the master equation ``dP/dt = Q P`` (Eqs. (5), (19), (21) of P&W).

    ``Q[f, i]`` is the rate ``i -> f``; each column sums to zero (probability is conserved).
    States as in :func:`state_table`.
    """
    p = _grain(params)
    rows, cols, vals, n = _generator_coo(p)
    return sps.csc_matrix((vals, (rows, cols)), shape=(n, n))


def _generator_coo(p: Nanomagnet):
    src, dst, rate, _, _ = _transitions(p)
    n = _n_states(p)
    out = np.bincount(src, weights=rate, minlength=n)
    return (np.concatenate([dst, np.arange(n)]), np.concatenate([src, np.arange(n)]),
            np.concatenate([rate, -out]), n)


def steady_state(params):
    """Stationary probabilities of the master equation, by direct elimination (no iteration).

    States are ordered by ``S_z`` (:func:`state_table`), in which order tunnelling links neighbours
    and the bath links next-nearest neighbours: the chain is banded. The states are eliminated one
    by one from the top (the Grassmann-Taksar-Heyman form of Gaussian elimination: each pivot is the
    sum of the remaining exit rates, never a difference), which keeps the band, costs ``O(n)`` and
    gives every probability to full relative accuracy, also for the exponentially small ones of a
    metastable grain (DESIGN.md: direct sparse solves, never iteration to convergence).

    Returns
    -------
    ndarray
        ``P`` over the states of :func:`state_table`, ``P >= 0``, ``sum P = 1``.

    Raises
    ------
    SpinlibInputError
        If the steady state is not unique (e.g. ``temperature = 0`` and ``damping = 0`` with
        blocked leads: several closed sets of states).
    """
    p = _grain(params)
    n = _n_states(p)
    src, dst, rate, _, _ = _transitions(p)
    band = np.zeros((5, n))  # band[2 + d, i] = rate i -> i + d, d = -2..2
    np.add.at(band, (2 + dst - src, src), rate)
    dn2, dn1, _, up1, up2 = (row.tolist() for row in band)
    exit_down = [0.0] * n
    for k in range(n - 1, 0, -1):  # censor state k: its paths through k become direct rates
        s_k = dn1[k] + dn2[k]
        exit_down[k] = s_k
        if s_k <= 0.0:
            return _steady_state_lu(p)  # states >= k never return below k: reducible chain
        a, b = dn1[k] / s_k, dn2[k] / s_k  # where k goes: to k-1, k-2
        if k >= 2:
            dn1[k - 1] += up1[k - 1] * b  # k-1 -> k -> k-2
            up1[k - 2] += up2[k - 2] * a  # k-2 -> k -> k-1
    # back substitution in logarithms: probabilities may span thousands of decades
    log, exp = math.log, math.exp
    logp = [0.0] * n
    ninf = -math.inf
    for k in range(1, n):
        t1 = logp[k - 1] + log(up1[k - 1]) if up1[k - 1] > 0.0 else ninf
        t2 = logp[k - 2] + log(up2[k - 2]) if k >= 2 and up2[k - 2] > 0.0 else ninf
        top = max(t1, t2)
        if top == ninf:
            logp[k] = ninf
            continue
        logp[k] = top + log(exp(t1 - top) + exp(t2 - top)) - log(exit_down[k])
    logp = np.array(logp)
    out = np.exp(logp - logp.max())
    return out / out.sum()


def _steady_state_lu(p: Nanomagnet):
    """Fallback for reducible chains: one sparse LU solve with the normalisation as last row."""
    rows, cols, vals, n = _generator_coo(p)
    keep = rows != n - 1  # the last balance equation is replaced by sum P = 1
    rows = np.concatenate([rows[keep], np.full(n, n - 1)])
    cols = np.concatenate([cols[keep], np.arange(n)])
    vals = np.concatenate([vals[keep], np.ones(n)])
    a = sps.csc_matrix((vals, (rows, cols)), shape=(n, n))
    b = np.zeros(n)
    b[-1] = 1.0
    # The generator is banded in this order and diagonally dominant by columns, so elimination
    # without pivoting in the natural order is stable and fills only the band and the last row.
    ok = True
    try:
        with np.errstate(all="ignore"):
            prob = spla.splu(a, permc_spec="NATURAL", diag_pivot_thresh=0.0).solve(b)
    except RuntimeError:  # exactly singular
        ok = False
    if not ok or not np.all(np.isfinite(prob)) or np.min(prob) < -1e-9:
        raise SpinlibInputError(f"params has no unique steady state (temperature={p.temperature!r}, "
                                f"damping={p.damping!r}): several closed sets of states")
    prob = np.maximum(prob, 0.0)  # round-off below 1e-16 of the total
    return prob / prob.sum()


def lead_currents(params, probabilities=None):
    """Average current from each lead onto the grain, Eq. (16) of P&W (units ``e`` x rate).

    Returns
    -------
    ndarray, shape (n_leads,)
        Particle current from lead ``a`` into the grain; they sum to zero in the steady state.
    """
    p = _grain(params)
    prob = steady_state(p) if probabilities is None else finite("probabilities", probabilities)
    src, _, rate, lead_of, dn = _transitions(p)
    if prob.shape != (_n_states(p),):
        raise SpinlibInputError(f"probabilities must have one entry per state; got shape {prob.shape}")
    flow = prob[src] * rate * dn
    sel = lead_of >= 0
    return np.bincount(lead_of[sel], weights=flow[sel], minlength=len(p.leads))


def spin_distribution(params, probabilities=None):
    """Distribution of ``u = S_z / S`` in the steady state, both charge states together.

    Returns
    -------
    u, prob : ndarray
        ``u = S_z/S_0`` of the ``N`` states and ``S_z'/S_0'`` of the ``N + 1`` states, sorted, with
        their probabilities. A spin-0 state (``S_0 = 1/2`` with a minority level, ``S_0' = 0``) has
        no direction: its ``u`` is 0.
    """
    p = _grain(params)
    prob = steady_state(p) if probabilities is None else finite("probabilities", probabilities)
    charge, sz = state_table(p)
    spin = np.where(charge == 0, p.spin, p.spin_plus)
    u = np.divide(sz, spin, out=np.zeros_like(sz, dtype=float), where=spin > 0)
    order = np.argsort(u, kind="stable")
    return u[order], prob[order]


# ----------------------------------------------------------------------------- NMD equation
def _u(u, name="u"):
    return in_range(name, u, -1.0, 1.0)


def _ratio(num, den):
    """``num / den``, and 0 where ``den = 0``: there (a fully polarised ``q = +-1`` at the pole
    ``u = -q eta``) every rate of the vanishing channel is zero, so ``num`` vanishes as well."""
    if np.ndim(num) == 0 and np.ndim(den) == 0:
        return 0.0 * num if den == 0 else num / den
    num, den = np.broadcast_arrays(np.asarray(num, float), np.asarray(den, float))
    return np.divide(num, den, out=np.zeros_like(num), where=den != 0)


def channel_functions(u, *, params):
    """``f_up(u)``, ``f_down(u)`` of Eq. (25) of P&W: ``sum_a Gamma_a^sigma n(eps - kappa sigma u
    - h sigma/2 - mu_a)``."""
    p = _grain(params)
    u = _u(u)
    g = p.rates_z()
    mu = p.chemical_potentials()
    out = []
    for col, sigma in ((0, 1), (1, -1)):
        x = p.level - p.anisotropy * sigma * u - 0.5 * p.field * sigma
        out.append(sum(g[a, col] * fermi(x - mu[a], temperature=p.temperature) for a in range(len(mu))))
    return out[0], out[1]


def _totals(p: Nanomagnet):
    g = p.rates_z()
    gam = float(g.sum())
    return gam, float(g[:, 0].sum() - g[:, 1].sum()) / gam


def nmd_drift(u, *, params):
    """Drift ``R(u)`` of the NMD equation, Eq. (24b) of P&W (units: rate; ``u = S_z/S_0``).

    ``R = (1 - u^2) [alpha_B (h + 2 kappa u) + ((1 - q) f_up - (1 + q) f_down) / (4 S_0 (1 + q eta
    u))]``, derived in :func:`spinlib.derivations.ch4_nanomagnet.fokker_planck_coefficients`.
    """
    p = _grain(params)
    u = _u(u)
    fu, fd = channel_functions(u, params=p)
    gam, q = _totals(p)
    lead = _ratio((1 - q) * fu - (1 + q) * fd, 4 * p.spin * (1 + q * p.orbital * u))
    return (1 - u * u) * (p.damping * (p.field + 2 * p.anisotropy * u) + lead)


def nmd_diffusion(u, *, params):
    """Diffusion ``D(u)`` of the NMD Fokker-Planck equation (35a), as derived in chapter 4.

    ``d rho/dt = d_u[-R rho + (1/S_0) d_u (D rho)]``. The lead part is the long-time variance
    rate of ``S_z`` at frozen ``u`` (second cumulant of the two-charge-state process), which
    includes the correlation of successive in/out tunnelling events; it differs from the printed
    Eqs. (24c), (35c) of P&W by a term proportional to ``q (1 - u^2)^2`` (see the chapter's
    erratum). The bath part is Eq. (24c)'s ``alpha_B (h + 2 kappa u) / (2 tanh((h + 2 kappa u)
    / 2T)) (1 - u^2)``, finite at ``T = 0`` and at ``h + 2 kappa u = 0``.
    """
    p = _grain(params)
    u = _u(u)
    fu, fd = channel_functions(u, params=p)
    g = p.rates_z()
    gu, gd = float(g[:, 0].sum()), float(g[:, 1].sum())
    eta = p.orbital
    wu, wd = (1 + eta * u) / 2, (1 - eta * u) / 2  # large-S0 Clebsch-Gordan weights, Eq. (17)
    var_rate = _variance_rate(wu * fu, wd * fd, wu * (gu - fu), wd * (gd - fd))
    lead = var_rate / (2.0 * p.spin)
    de = p.field + 2 * p.anisotropy * u
    bath = p.damping * 0.5 * _x_coth_half(de, p.temperature) * (1 - u * u)
    return lead + bath


def _variance_rate(kin_u, kin_d, kout_u, kout_d):
    """Second cumulant rate of ``S_z`` for the two-state chain (entering +-1/2, leaving -+1/2)."""
    kin, kout = kin_u + kin_d, kout_u + kout_d
    k = kin + kout
    a1 = 0.5 * (kin_u - kin_d)  # sum of rate x jump, entering
    b1 = -0.5 * (kout_u - kout_d)  # leaving
    a2 = 0.25 * kin  # sum of rate x jump^2
    b2 = 0.25 * kout
    # largest eigenvalue lambda(s) of the tilted generator [[-kin, B(s)], [A(s), -kout]]:
    # (lambda + kin)(lambda + kout) = A(s) B(s), expanded to second order in s
    j = _ratio(kout * a1 + kin * b1, k)  # lambda'(0): drift of S_z (0 where no channel is open)
    return _ratio(kout * a2 + kin * b2 + 2.0 * a1 * b1 - 2.0 * j * j, k)  # lambda''(0)


def _x_coth_half(e, t):
    """``e / tanh(e / 2T)`` (= ``2 e (n_B(e) + 1/2)``), exact at ``T = 0`` and ``e = 0``."""
    e, t = np.broadcast_arrays(np.asarray(e, float), np.asarray(t, float))
    return bath_rate(e, temperature=t) + bath_rate(-e, temperature=t)


def nmd_fixed_points(*, params, n_grid=2001):
    """Fixed points of ``du/dt = R(u)`` on [-1, 1] and their stability (finite temperature).

    Sign changes of :func:`nmd_drift` on a grid of ``n_grid`` points are refined by bisection;
    ``u = +-1`` are fixed points whose stability is the sign of ``R`` next to them.

    Returns
    -------
    u, stable : ndarray (n,), ndarray of bool (n,)
    """
    p = _grain(params)
    n = count("n_grid", n_grid, minimum=11)
    uu = np.linspace(-1, 1, n)
    r = nmd_drift(uu, params=p) / np.maximum(1 - uu * uu, 1e-300)  # R/(1-u^2): sign inside
    g = np.empty_like(uu)
    g[1:-1] = r[1:-1]
    g[0], g[-1] = r[1], r[-2]
    pts, stab = [-1.0], [bool(g[0] < 0)]
    for k in np.nonzero(np.sign(g[1:-2]) * np.sign(g[2:-1]) < 0)[0] + 1:
        lo, hi = uu[k], uu[k + 1]
        glo = g[k]
        for _ in range(50):
            mid = 0.5 * (lo + hi)
            gm = float(nmd_drift(mid, params=p)) / (1 - mid * mid)
            if np.sign(gm) == np.sign(glo):
                lo, glo = mid, gm
            else:
                hi = mid
        pts.append(0.5 * (lo + hi))
        stab.append(bool(g[k] > 0))
    pts.append(1.0)
    stab.append(bool(g[-1] > 0))
    return np.array(pts), np.array(stab)


def nmd_current(u, *, params):
    """Current from lead 0 at a frozen ``u`` with the charge in equilibrium (Eq. (37) of P&W,
    corrected: the second Fermi function has ``kappa sigma' u``). Units ``e`` x rate.

    ``I_a = sum_{sigma sigma'} sum_{b != a} c_a^sigma c_b^sigma' [n_a(x_sigma) - n_b(x_sigma')] / K``
    with ``c_a^sigma = Gamma_a^sigma (1 + eta sigma u)/2`` and ``K = Gamma (1 + q eta u)/2``.
    """
    p = _grain(params)
    u = _u(u)
    g = p.rates_z()
    mu = p.chemical_potentials()
    eta = p.orbital
    gam, q = _totals(p)
    total = 0.0 * u
    for a_col, sa in ((0, 1), (1, -1)):
        xa = p.level - p.anisotropy * sa * u - 0.5 * p.field * sa
        for b_col, sb in ((0, 1), (1, -1)):
            xb = p.level - p.anisotropy * sb * u - 0.5 * p.field * sb
            for b in range(1, len(mu)):
                c = g[0, a_col] * (1 + eta * sa * u) / 2 * g[b, b_col] * (1 + eta * sb * u) / 2
                total = total + c * (fermi(xa - mu[0], temperature=p.temperature)
                                     - fermi(xb - mu[b], temperature=p.temperature))
    return _ratio(total, gam * (1 + q * eta * u) / 2)


def simulate_nmd(u0, *, params, t_end, n_steps, seed=None):
    """Integrate the stochastic NMD equation (24a) (Ito, Euler-Maruyama), ``u`` kept in [-1, 1].

    ``R`` and ``D`` (:func:`nmd_drift`, :func:`nmd_diffusion`) are tabulated once on 8001 points
    of [-1, 1] and interpolated linearly; a step leaving [-1, 1] is clipped to the pole.

    Parameters
    ----------
    u0 : float, initial ``u``.
    params : Nanomagnet.
    t_end : float > 0, final time (inverse rate unit).
    n_steps : int >= 1.
    seed : int or numpy.random.Generator.

    Returns
    -------
    t, u : ndarray (n_steps + 1,)
    """
    p = _grain(params)
    u = float(_u(u0, "u0"))
    tend = float(positive("t_end", t_end))
    n = count("n_steps", n_steps, minimum=1)
    if seed is not None and not isinstance(seed, np.random.Generator):
        seed = count("seed", seed)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    dt = tend / n
    # R and D tabulated once on a fine grid (linear interpolation, error ~ 1e-7 of their scale)
    grid = np.linspace(-1.0, 1.0, 8001)
    r_tab = nmd_drift(grid, params=p)
    amp_tab = np.sqrt(2.0 * np.maximum(nmd_diffusion(grid, params=p), 0.0) / p.spin)
    out = np.empty(n + 1)
    out[0] = u
    noise = rng.standard_normal(n) * np.sqrt(dt)
    interp = np.interp
    for k in range(n):
        u = u + interp(u, grid, r_tab) * dt + interp(u, grid, amp_tab) * noise[k]
        u = 1.0 if u > 1.0 else -1.0 if u < -1.0 else u
        out[k + 1] = u
    return np.linspace(0.0, tend, n + 1), out


def simulate_master(params, *, t_end, u0=1.0, seed=None, max_jumps=2_000_000):
    """One stochastic trajectory of the master equation (Gillespie's exact algorithm).

    Parameters
    ----------
    params : Nanomagnet.
    t_end : float > 0, duration (inverse rate unit).
    u0 : float in [-1, 1]; starts in the ``N``-electron state with ``S_z`` nearest ``u0 S_0``.
    seed : int or numpy.random.Generator.
    max_jumps : int, stop after this many jumps (the trajectory then ends before ``t_end``).

    Returns
    -------
    t, u : ndarray
        Jump times (starting at 0) and ``u = S_z/S`` after each jump (piecewise constant).
    """
    p = _grain(params)
    tend = float(positive("t_end", t_end))
    start = float(_u(u0, "u0"))
    nmax = count("max_jumps", max_jumps, minimum=1)
    if seed is not None and not isinstance(seed, np.random.Generator):
        seed = count("seed", seed)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    src, dst, rate, _, _ = _transitions(p)
    keep = rate > 0
    src, dst, rate = src[keep], dst[keep], rate[keep]
    order = np.argsort(src, kind="stable")
    src, dst, rate = src[order], dst[order], rate[order]
    n = _n_states(p)
    first = np.searchsorted(src, np.arange(n + 1))
    cum = np.cumsum(rate)
    charge, sz = state_table(p)
    u_of = sz / np.where(charge == 0, p.spin, p.spin_plus)
    state = int(_index(p, np.round(start * p.spin)))
    times, states = [0.0], [state]
    t = 0.0
    for _ in range(nmax):
        lo, hi = first[state], first[state + 1]
        if hi == lo:  # absorbing state
            break
        base = cum[lo - 1] if lo > 0 else 0.0
        total = cum[hi - 1] - base
        t += rng.exponential(1.0 / total)
        if t > tend:
            break
        k = lo + int(np.searchsorted(cum[lo:hi] - base, rng.random() * total, side="right"))
        state = int(dst[min(k, hi - 1)])
        times.append(t)
        states.append(state)
    return np.array(times), u_of[np.array(states)]


# ----------------------------------------------------------------------------- reduced T = 0 model
def torque_asymmetry(rates):
    """``q = sum_a (Gamma_a^up - Gamma_a^down) / Gamma`` of Eq. (26) of P&W."""
    r = _rates(rates)
    tot = r.left_up + r.left_down + r.right_up + r.right_down
    return (r.left_up - r.left_down + r.right_up - r.right_down) / tot


def theta_all_open(rates):
    """``Theta = (1 - q) Gamma_L^up - (1 + q) Gamma_L^down`` of Eq. (52) of P&W (reduced units)."""
    r = _rates(rates)
    q = torque_asymmetry(r)
    return (1 - q) * r.left_up - (1 + q) * r.left_down


def theta_category(rates) -> int:
    """Which of the four high-bias cases of Sec. V.2 of P&W the rates fall in (1 to 4).

    With ``I_B = (1-q)^2/q``, ``I_C = (1-q^2)/q``, ``I_A = (1+q)^2/q`` the current coordinates of
    the points B, C, A of the LLG diagram (:func:`spinlib.uniaxial.special_points`): 1 if
    ``Theta <= I_B`` (or ``q = 0``), 2 if ``I_B < Theta <= I_C``, 3 if ``I_C < Theta <= I_A``,
    4 above.
    """
    q = torque_asymmetry(rates)
    th = theta_all_open(rates)
    if q <= 0:
        return 1
    pts = U.special_points(asymmetry=q) if q < 1 else None
    if pts is None:
        return 4
    ib, ic, ia = pts["B"][1], pts["C"][1], pts["A"][1]
    return 1 if th <= ib else 2 if th <= ic else 3 if th <= ia else 4


def _bf(bias, field):
    v = finite("bias", bias)
    h = finite("field", field)
    try:
        v, h = np.broadcast_arrays(v, h)
    except ValueError as exc:
        raise SpinlibInputError(f"bias and field must broadcast together; got shapes {v.shape}, "
                                f"{h.shape}") from exc
    return v, h


def _a_hat(r: NMDRates, q, up_open, down_open):
    return (1 - q) * r.left_up * up_open - (1 + q) * r.left_down * down_open


def reduced_udot(u, *, bias, field, rates):
    """Right-hand side of the reduced NMD equation (50) of P&W at ``T = 0``.

    ``du/dt = (1 - u^2) (h + u + A(u) / (1 + q u))``, time in units of ``1/(2 alpha_B kappa)``,
    ``A(u) = (1 - q) Gamma_L^up theta(h + u + v) - (1 + q) Gamma_L^down theta(v - h - u)``
    (Eq. (51c), ``eta = +1``, right lead empty). ``theta(0) = 1/2``.
    """
    r = _rates(rates)
    u = _u(u)
    v, h = _bf(bias, field)
    q = torque_asymmetry(r)
    step = lambda x: np.where(x > 0, 1.0, np.where(x < 0, 0.0, 0.5))  # noqa: E731
    a = _a_hat(r, q, step(h + u + v), step(v - h - u))
    return (1 - u * u) * (h + u + _ratio(a, 1 + q * u))


def _segments(v, h):
    """Channel thresholds in u: up opens above ``-v - h``, down open below ``v - h``."""
    return -v - h, v - h


def reduced_classify(*, bias, field, rates):
    """Phase code (bit mask of stable fixed points) of the reduced NMD equation (50) of P&W.

    Exact and vectorised: between the channel thresholds ``A`` is constant and
    ``(1 + q u) g(u) = q u^2 + (1 + q h) u + h + A`` is a quadratic, whose smaller root is the only
    stable interior zero; a threshold is a stable point when ``g`` jumps there from > 0 to < 0
    (the spin-precession state held by a closing channel). ``u = +1`` is stable iff
    ``g(1^-) > 0``, ``u = -1`` iff ``g(-1^+) < 0``.

    Returns
    -------
    ndarray of int, one of :data:`NMD_PHASE_LABELS` (0 only exactly on a boundary).
    """
    r = _rates(rates)
    v, h = _bf(bias, field)
    q = torque_asymmetry(r)
    b_up, b_dn = _segments(v, h)

    def g(u, up_open, dn_open):
        return h + u + _ratio(_a_hat(r, q, up_open, dn_open), 1 + q * u)

    # one-sided channel states: up open at u+ iff u >= b_up; at u- iff u > b_up
    def g_right(u):
        return g(u, (u >= b_up) * 1.0, (u < b_dn) * 1.0)

    def g_left(u):
        return g(u, (u > b_up) * 1.0, (u <= b_dn) * 1.0)

    # a pole is stable when the flow runs into it; on a marginal line (g = 0 there) when the
    # quadratic P = (1 + q u) g bends towards it (the rule of spinlib.uniaxial.classify)
    g_top, g_bottom = g_left(np.ones_like(v)), g_right(-np.ones_like(v))
    plus = (g_top > 0) | ((g_top == 0) & (2 * q + 1 + q * h <= 0))
    minus = (g_bottom < 0) | ((g_bottom == 0) & (1 + q * h - 2 * q < 0))
    sp = np.zeros(v.shape, dtype=bool)
    # interior zeros: segments between sorted thresholds
    lo_b = np.clip(np.minimum(b_up, b_dn), -1, 1)
    hi_b = np.clip(np.maximum(b_up, b_dn), -1, 1)
    for lo, hi in ((-np.ones_like(v), lo_b), (lo_b, hi_b), (hi_b, np.ones_like(v))):
        mid = 0.5 * (lo + hi)
        a = _a_hat(r, q, (mid > b_up) * 1.0, (mid < b_dn) * 1.0)
        if q > 0:
            bq = 1 + q * h
            disc = bq * bq - 4 * q * (h + a)
            # a double root (disc = 0) attracts from below: counted as stable, as in chapter 1.
            # The smaller root in the cancellation-free pair big/q, c/big (as _fixed_points), so
            # a root on a segment end (e.g. u = -1 exactly) is not pushed inside by rounding.
            c = h + a
            big = -0.5 * (bq + np.copysign(np.sqrt(np.maximum(disc, 0)), bq))
            other = np.divide(c, big, out=np.full_like(big, 2.0), where=big != 0)
            root = np.where(disc > 0, np.minimum(big / q, other), -bq / (2 * q))
            root = np.where(disc >= 0, root, 2.0)
            sp |= (disc >= 0) & (root > lo) & (root < hi)
    for b in (b_up, b_dn):
        inside = (b > -1) & (b < 1)
        bb = np.where(inside, b, 0.0)
        sp |= inside & (g_left(bb) > 0) & (g_right(bb) < 0)
    return MINUS * minus.astype(int) + SP * sp.astype(int) + PLUS * plus.astype(int)


def _scalar(name, x):
    a = finite(name, x)
    if a.ndim:
        raise SpinlibInputError(f"{name} must be a scalar here; got shape {a.shape}")
    return float(a)


def reduced_fixed_points(*, bias, field, rates):
    """All fixed points of Eq. (50) on [-1, 1] at one point ``(v, h)``, and their stability.

    Returns
    -------
    u, stable : ndarray (n,), ndarray of bool (n,)
        Increasing; thresholds where ``g`` changes sign count as fixed points.
    """
    r = _rates(rates)
    v, h = _scalar("bias", bias), _scalar("field", field)
    return _fixed_points(v, h, r, torque_asymmetry(r))


def _fixed_points(v, h, r, q):
    """:func:`reduced_fixed_points` without validation (scalars), for sweeps."""
    b_up, b_dn = -v - h, v - h
    lu, ld = (1 - q) * r.left_up, (1 + q) * r.left_down

    def g(u, side):
        up = (u >= b_up) if side > 0 else (u > b_up)
        dn = (u < b_dn) if side > 0 else (u <= b_dn)
        return h + u + _ratio(lu * up - ld * dn, 1 + q * u)

    cuts = sorted({-1.0, 1.0, *[b for b in (b_up, b_dn) if -1 < b < 1]})
    g_bottom, g_top = g(-1.0, +1), g(1.0, -1)
    pts, stab = [-1.0], [g_bottom < 0 or (g_bottom == 0 and 1 + q * h - 2 * q < 0)]
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        if lo > -1:  # a threshold: a fixed point where g changes sign across it
            gl, gr = g(lo, -1), g(lo, +1)
            if (gl > 0 and gr <= 0) or (gl < 0 and gr >= 0) or (gl == 0 and gr != 0):
                pts.append(lo)
                stab.append(gl > 0)
        mid = 0.5 * (lo + hi)
        a = lu * (mid > b_up) - ld * (mid < b_dn)
        # (1 + q u) g = q u^2 + (1 + q h) u + h + a on this segment
        b, c = 1 + q * h, h + a
        if q > 0:
            disc = b * b - 4 * q * c
            if disc == 0 and lo < -b / (2 * q) < hi:  # double root: attracts from below
                pts.append(float(-b / (2 * q)))
                stab.append(True)
            elif disc > 0:
                sq = np.sqrt(disc)
                big = -0.5 * (b + np.copysign(sq, b))  # cancellation-free pair
                roots = sorted([big / q, c / big if big != 0 else 0.0])
                for k, root in enumerate(roots):
                    if lo < root < hi:
                        pts.append(float(root))
                        stab.append(k == 0)  # the smaller root: g goes from + to -
        else:
            root = -c / b
            if lo < root < hi:
                pts.append(float(root))
                stab.append(False)
    pts.append(1.0)
    stab.append(g_top > 0 or (g_top == 0 and 2 * q + 1 + q * h <= 0))
    return np.array(pts), np.array(stab, dtype=bool)


def reduced_current(u, *, bias, field, rates):
    """Current through the grain at a fixed point ``u`` of the reduced model, ``T = 0``.

    Eq. (37) of P&W (corrected) with the right lead empty: ``I = sum_{sigma sigma'} (1 + sigma u)
    (1 + sigma' u) Gamma_L^sigma Gamma_R^sigma' theta_sigma(u) / (2 Gamma (1 + q u))``, in units of
    ``e 8 S_0 alpha_B kappa / hbar``.
    """
    r = _rates(rates)
    u = _u(u)
    v, h = _bf(bias, field)
    q = torque_asymmetry(r)
    gam = r.left_up + r.left_down + r.right_up + r.right_down
    step = lambda x: np.where(x > 0, 1.0, np.where(x < 0, 0.0, 0.5))  # noqa: E731
    th_up, th_dn = step(h + u + v), step(v - h - u)
    left = (1 + u) * r.left_up * th_up + (1 - u) * r.left_down * th_dn
    right = (1 + u) * r.right_up + (1 - u) * r.right_down
    return _ratio(left * right, 2 * gam * (1 + q * u))


def channel_lines(field):
    """The channel-opening lines of Fig. 7 of P&W as biases ``v(h)``.

    Returns
    -------
    dict
        ``"up at +1"``: ``v = -h - 1`` (above it the up channel is open at ``u = +1``),
        ``"up at -1"``: ``v = 1 - h``, ``"down at +1"``: ``v = h + 1``, ``"down at -1"``:
        ``v = h - 1`` (above them the down channel is open at that ``u``).
    """
    h = finite("field", field)
    return {"up at +1": -h - 1, "up at -1": 1 - h, "down at +1": h + 1, "down at -1": h - 1}


def reduced_sweep(*, bias, field, rates, u_start=1.0):
    """Quasi-static branch of ``u`` as bias or field is swept (hysteresis loops of Fig. 8 of P&W).

    One of ``bias``/``field`` is a 1-D sweep, the other a scalar (or both 1-D of equal length).
    At each step the state flows from where it was to the first fixed point in the direction of
    ``du/dt`` (the 1-D flow is monotonic).

    Returns
    -------
    u, current : ndarray (n,)
        The state and the current (:func:`reduced_current`) after each step.
    """
    r = _rates(rates)
    v, h = _bf(bias, field)
    if v.ndim != 1:
        raise SpinlibInputError(f"bias or field must be a 1-d sweep; got shapes {np.shape(bias)}, "
                                f"{np.shape(field)}")
    u = float(_u(u_start, "u_start"))
    q = torque_asymmetry(r)
    lu, ld = (1 - q) * r.left_up, (1 + q) * r.left_down
    out = np.empty(v.size)
    for k in range(v.size):
        vk, hk = float(v[k]), float(h[k])
        pts, _ = _fixed_points(vk, hk, r, q)
        # direction of the flow just above and just below the present state (one-sided channels)
        up = hk + u + _ratio(lu * (u >= -vk - hk) - ld * (u < vk - hk), 1 + q * u)
        dn = hk + u + _ratio(lu * (u > -vk - hk) - ld * (u <= vk - hk), 1 + q * u)
        eps = 1e-12
        if u < 1 and up > 0:
            u = float(min(pts[pts > u + eps / 2], default=1.0))
        elif u > -1 and dn < 0:
            u = float(max(pts[pts < u - eps / 2], default=-1.0))
        out[k] = u
    return out, reduced_current(out, bias=v, field=h, rates=r)


def grain_for_reduced(rates, *, spin, bias, field, temperature=0.0, damping=1e-3):
    """The full grain (:class:`Nanomagnet`) whose NMD limit is the reduced model at ``(v, h)``.

    ``kappa = 1``, ``epsilon = 0``, majority level (``eta = 1``), collinear leads; rates
    ``Gamma = (reduced rate) x 8 S_0 alpha_B kappa``; left lead at ``mu_L = v kappa``; right lead
    far below every addition energy (``mu_R = -kappa - |h| - 50 max(T, kappa)``), so it only
    receives electrons; Zeeman energy ``h = 2 kappa h_bar``.
    """
    r = _rates(rates)
    s0 = _half_integer("spin", spin)
    v = _scalar("bias", bias)
    hb = _scalar("field", field)
    t = float(nonnegative("temperature", temperature))
    a = float(positive("damping", damping))
    unit = 8.0 * s0 * a
    mu_r = -1.0 - abs(2 * hb) - 50.0 * max(t, 1.0)
    return Nanomagnet(spin=s0, anisotropy=1.0, field=2.0 * hb, level=0.0, orbital=1, temperature=t,
                      damping=a, leads=(Lead(rate_majority=r.left_up * unit, rate_minority=r.left_down * unit,
                                             chemical_potential=v),
                                        Lead(rate_majority=r.right_up * unit,
                                             rate_minority=r.right_down * unit,
                                             chemical_potential=mu_r)))


# ----------------------------------------------------------------------------- zero bias
def zero_bias_udot(u, *, params):
    """Deterministic NMD at zero bias, Eq. (53) of P&W (all leads at one chemical potential).

    ``du/dt = (1 - u^2) [alpha_B (h + 2 kappa u) + Gamma (1 - q^2) / (8 S_0 (1 + q eta u))
    sinh(y/T) / (cosh(eps'/T) + cosh(y/T))]`` with ``y = kappa u + h/2`` and ``eps' = eps - mu``.
    Exact at ``T = 0`` and for huge arguments (written with exponentials of non-positive numbers).
    """
    p = _grain(params)
    u = _u(u)
    mu = p.chemical_potentials()
    if np.ptp(mu) != 0:
        raise SpinlibInputError(f"params must have all leads at one chemical potential (zero bias); "
                                f"got {mu.tolist()}")
    gam, q = _totals(p)
    y = p.anisotropy * u + 0.5 * p.field
    e = p.level - mu[0]
    return (1 - u * u) * (p.damping * (p.field + 2 * p.anisotropy * u)
                          + _ratio(gam * (1 - q * q), 8 * p.spin * (1 + q * p.orbital * u))
                          * _sinh_ratio(y, e, p.temperature))


def _sinh_ratio(y, e, t):
    """``sinh(y/T) / (cosh(e/T) + cosh(y/T))`` = ``n(e - y) - n(e + y)``, exact for T -> 0."""
    return fermi(e - y, temperature=t) - fermi(e + y, temperature=t)


def lead_damping(*, params, u=0.0):
    """Lead-induced damping: ``alpha_eff - alpha_B`` of Eq. (54) of P&W, exact and high-T.

    ``u`` in the open interval (-1, 1) (at a pole the damping coefficient of a fully polarised
    lead diverges while the drift itself vanishes).

    Returns
    -------
    exact, high_t : float
        ``exact`` = slope of the lead term of Eq. (53) with respect to ``h + 2 kappa u`` at
        ``h + 2 kappa u = 0`` (linear response); ``high_t = Gamma (1 - q^2) / (32 T S_0 (1 + q eta
        u))``, its high-temperature limit as derived in chapter 4 (the printed Eq. (54) has 16).
    """
    p = _grain(params)
    uu = float(in_range("u", u, -1.0, 1.0, lo_open=True, hi_open=True))
    if p.temperature <= 0:
        raise SpinlibInputError(f"params.temperature must be > 0 here; got {p.temperature!r}")
    gam, q = _totals(p)
    t = p.temperature
    e = p.level - p.chemical_potentials()[0]
    # d/dx [sinh(x/2T)/(cosh(e/T)+cosh(x/2T))] at x=0 = 1/(2T (cosh(e/T) + 1)) = n(e)(1-n(e))/T
    ne, ne_empty = float(fermi(e, temperature=t)), float(fermi(-e, temperature=t))
    with np.errstate(over="ignore"):
        slope = np.float64(ne * ne_empty) / t
    pref = gam * (1 - q * q) / (8 * p.spin * (1 + q * p.orbital * uu))
    if pref == 0.0:  # |q| = 1: one spin channel only, no lead-induced relaxation
        return 0.0, 0.0
    with np.errstate(over="ignore"):  # ~1/T: inf only when T < ~1e-308 puts it beyond the float range
        return float(pref * slope), float(pref / (4.0 * t))


def zero_bias_current(u, *, params):
    """Current from lead 0 at zero bias and frozen ``u``, Eq. (55) of P&W (two or more leads).

    ``I_0 = sum_{b != 0} (1 - u^2) (Gamma_0^up Gamma_b^down - Gamma_0^down Gamma_b^up)
    (n(Delta E^up) - n(Delta E^down)) / (2 Gamma (1 + eta q u))``.
    """
    p = _grain(params)
    u = _u(u)
    mu = p.chemical_potentials()
    if np.ptp(mu) != 0:
        raise SpinlibInputError(f"params must have all leads at one chemical potential (zero bias); "
                                f"got {mu.tolist()}")
    g = p.rates_z()
    gam, q = _totals(p)
    x_up = p.level - p.anisotropy * u - 0.5 * p.field - mu[0]
    x_dn = p.level + p.anisotropy * u + 0.5 * p.field - mu[0]
    dn = fermi(x_up, temperature=p.temperature) - fermi(x_dn, temperature=p.temperature)
    cross = sum(g[0, 0] * g[b, 1] - g[0, 1] * g[b, 0] for b in range(1, len(mu)))
    return (1 - u * u) * _ratio(cross * dn, 2 * gam * (1 + p.orbital * q * u))


# ----------------------------------------------------------------------------- several levels
@dataclass(frozen=True, kw_only=True)
class Level:
    """A one-body level of the grain near the Fermi level (Sec. III of P&W).

    ``addition_energy`` is the energy to put an electron into the level when every other level is
    as in the ground state (one-body energy and exchange included, gate excluded). In another
    configuration the exchange energy ``-J S(S+1)`` of Eq. (1c) shifts it by ``-eta J dS``,
    ``dS`` the change of the grain's spin: the origin of the non-equilibrium peaks.
    """

    addition_energy: float  # e_alpha: E(ground, level filled) - E(ground, level empty), energy unit
    orbital: int  # eta_alpha: +1 majority, -1 minority
    occupied: bool = False  # singly occupied in the N-electron ground state

    def __post_init__(self):
        check_fields(self, addition_energy=finite)
        object.__setattr__(self, "orbital", _orbital("orbital", self.orbital))
        if not isinstance(self.occupied, (bool, np.bool_)):
            raise SpinlibInputError(f"occupied must be True or False; got {self.occupied!r}")


@dataclass(frozen=True, kw_only=True)
class MultiLevelGrain:
    """A grain with several conducting levels, ``N`` or ``N + 1`` electrons (Eqs. (3), (19)).

    A configuration is the set of singly occupied levels; its spin is ``S_0`` plus ``eta/2`` per
    electron added to a level and minus ``eta/2`` per electron removed (so an electron moved from a
    majority to a minority level lowers ``S`` by one: a spin-accumulation excitation).
    """

    spin: float = 5.0  # S_0 of the ground configuration, half-integer >= 1/2
    levels: tuple = ()  # Level instances (at most 6)
    gate: float = 0.0  # V_g: extra energy of every N+1 state, energy unit
    exchange: float = 0.0  # J of Eq. (1c), energy unit, >= 0
    anisotropy: float = 1.0  # kappa, energy unit, >= 0
    field: float = 0.0  # h, energy unit
    temperature: float = 0.1  # k_B T, >= 0
    damping: float = 0.0  # alpha_B, >= 0
    leads: tuple = ()  # Lead instances

    def __post_init__(self):
        object.__setattr__(self, "spin", _half_integer("spin", self.spin))
        check_fields(self, gate=finite, exchange=nonnegative, anisotropy=nonnegative, field=finite,
                     temperature=nonnegative, damping=nonnegative)
        for name, cls, limit in (("levels", Level, 6), ("leads", Lead, None)):
            value = getattr(self, name)
            if not isinstance(value, (tuple, list)) or not value or (limit and len(value) > limit):
                raise SpinlibInputError(f"{name} must be a non-empty tuple of {cls.__name__}"
                                        f"{f' (at most {limit})' if limit else ''}; got {value!r}")
            for k, item in enumerate(value):
                instance(f"{name}[{k}]", item, cls)
            object.__setattr__(self, name, tuple(value))


def multilevel_states(params):
    """States ``(occupations, charge, spin, sz)`` of a :class:`MultiLevelGrain`.

    Returns
    -------
    occupations : ndarray (n, n_levels) of 0/1; charge : ndarray (n,) of 0 (``N``) or 1 (``N+1``);
    spin, sz : ndarray (n,)
    """
    p = instance("params", params, MultiLevelGrain)
    ground = np.array([lv.occupied for lv in p.levels], dtype=int)
    eta = np.array([lv.orbital for lv in p.levels])
    occ, charge, spin, sz = [], [], [], []
    for code in range(2 ** len(p.levels)):
        n = np.array([(code >> k) & 1 for k in range(len(p.levels))])
        dq = int(n.sum() - ground.sum())
        s = p.spin + 0.5 * float(np.sum(eta * (n - ground)))
        if dq not in (0, 1) or s < 0:
            continue
        for m in np.arange(-s, s + 0.5, 1.0):
            occ.append(n)
            charge.append(dq)
            spin.append(s)
            sz.append(m)
    return np.array(occ), np.array(charge), np.array(spin), np.array(sz)


@lru_cache(maxsize=64)
def _multilevel_structure(spin, levels, exchange, anisotropy, field):
    """Transitions of a multi-level grain that do not depend on bias, gate, leads or temperature:
    tunnelling pairs (N state, N+1 state, Clebsch-Gordan weight, spin channel, energy difference
    without the gate) and bath pairs (S_z -> S_z + 1, matrix element, energy released)."""
    p = MultiLevelGrain(spin=spin, levels=levels, exchange=exchange, anisotropy=anisotropy, field=field,
                        leads=(Lead(rate_majority=1.0, rate_minority=1.0),))
    occ, charge, s_of, sz = multilevel_states(p)
    index = {(tuple(o), m): k for k, (o, m) in enumerate(zip(occ, sz, strict=True))}
    e_add = np.array([lv.addition_energy for lv in levels])
    ground = np.array([lv.occupied for lv in levels], dtype=int)
    kap = anisotropy / spin
    eta = np.array([lv.orbital for lv in levels])

    def exch(s):  # exchange energy -J S(S+1) relative to the ground spin
        return -exchange * (s * (s + 1) - spin * (spin + 1))

    # one-body energies such that filling level a from the ground configuration costs e_a
    s_empty = spin - 0.5 * eta * ground  # spin of the ground configuration with level a emptied
    eps = e_add - (exch(s_empty + 0.5 * eta) - exch(s_empty))
    energy = (occ - ground) @ eps + exch(s_of) - kap * sz * sz - field * sz  # gate excluded
    t_src, t_dst, t_w, t_col = [], [], [], []
    for k in np.nonzero(charge == 0)[0]:
        for a, lv in enumerate(levels):
            if occ[k][a]:
                continue
            o2 = occ[k].copy()
            o2[a] = 1
            for col, sigma in ((0, 1), (1, -1)):
                j = index.get((tuple(o2), sz[k] + 0.5 * sigma))
                # Eq. (17)
                w = (s_of[k] + lv.orbital * sigma * sz[k] + 0.5 * (1 + lv.orbital)) / (2 * s_of[k] + 1)
                if j is not None and w > 0:
                    t_src.append(k)
                    t_dst.append(j)
                    t_w.append(w)
                    t_col.append(col)
    t_src, t_dst = np.array(t_src, int), np.array(t_dst, int)
    b_src = np.array([k for k in range(len(sz)) if (tuple(occ[k]), sz[k] + 1.0) in index], int)
    b_dst = np.array([index[(tuple(occ[k]), sz[k] + 1.0)] for k in b_src], int)
    m2 = s_of[b_src] * (s_of[b_src] + 1) - sz[b_src] * (sz[b_src] + 1)
    return (t_src, t_dst, np.array(t_w), np.array(t_col, int), energy[t_dst] - energy[t_src],
            b_src, b_dst, m2, energy[b_src] - energy[b_dst], len(sz))


def _multilevel_transitions(p: MultiLevelGrain):
    t_src, t_dst, t_w, t_col, de0, b_src, b_dst, m2, release, n = _multilevel_structure(
        p.spin, p.levels, p.exchange, p.anisotropy, p.field)
    de = de0 + p.gate
    src, dst, rate, lead_of, dn = [], [], [], [], []
    for b, lead in enumerate(p.leads):
        g = np.array(lead.rates_z)[t_col]
        base = g * t_w
        src += [t_src, t_dst]
        dst += [t_dst, t_src]
        rate += [base * fermi(de - lead.chemical_potential, temperature=p.temperature),
                 base * fermi(lead.chemical_potential - de, temperature=p.temperature)]
        lead_of += [np.full(t_src.size, b)] * 2
        dn += [np.ones(t_src.size, int), -np.ones(t_src.size, int)]
    if p.damping > 0 and b_src.size:
        pref = p.damping / p.spin * m2
        src += [b_src, b_dst]
        dst += [b_dst, b_src]
        rate += [pref * bath_rate(release, temperature=p.temperature),
                 pref * bath_rate(-release, temperature=p.temperature)]
        lead_of += [np.full(b_src.size, -1)] * 2
        dn += [np.zeros(b_src.size, int)] * 2
    cat = np.concatenate
    return cat(src), cat(dst), cat(rate), cat(lead_of), cat(dn), n


def multilevel_generator(params):
    """Dense generator ``Q`` (``dP/dt = Q P``) of a :class:`MultiLevelGrain` (Eqs. (5), (19), (21))."""
    p = instance("params", params, MultiLevelGrain)
    src, dst, rate, _, _, n = _multilevel_transitions(p)
    q = np.zeros((n, n))
    np.add.at(q, (dst, src), rate)
    q[np.arange(n), np.arange(n)] -= q.sum(axis=0)
    return q


def _gth_dense(w):
    """Stationary distribution of the rate matrix ``w[i, j]`` (i -> j) by GTH elimination."""
    w = w.copy()
    np.fill_diagonal(w, 0.0)
    n = w.shape[0]
    exits = np.zeros(n)
    for k in range(n - 1, 0, -1):
        s = w[k, :k].sum()
        if s <= 0:
            return None
        exits[k] = s
        w[:k, :k] += np.outer(w[:k, k], w[k, :k]) / s
    pi = np.zeros(n)
    pi[0] = 1.0
    for k in range(1, n):
        pi[k] = pi[:k] @ w[:k, k] / exits[k]
        if pi[k] > 1e250:
            pi[: k + 1] *= 1e-250
    return pi / pi.sum()


def multilevel_steady_state(params):
    """Stationary probabilities over :func:`multilevel_states`, by dense GTH elimination (direct)."""
    p = instance("params", params, MultiLevelGrain)
    q = multilevel_generator(p)
    prob = _gth_dense(q.T)
    if prob is None or not np.all(np.isfinite(prob)):
        raise SpinlibInputError(f"params has no unique steady state (temperature={p.temperature!r}, "
                                f"damping={p.damping!r}): several closed sets of states")
    return prob


def multilevel_current(params, probabilities=None):
    """Particle current from each lead onto the grain (Eq. (16)), units ``e`` x rate."""
    p = instance("params", params, MultiLevelGrain)
    prob = multilevel_steady_state(p) if probabilities is None else finite("probabilities", probabilities)
    src, _, rate, lead_of, dn, n = _multilevel_transitions(p)
    if prob.shape != (n,):
        raise SpinlibInputError(f"probabilities must have one entry per state; got shape {prob.shape}")
    sel = lead_of >= 0
    return np.bincount(lead_of[sel], weights=(prob[src] * rate * dn)[sel], minlength=len(p.leads))


def multilevel_current_map(params, *, biases, gates):
    """Current from lead 0 over a grid of biases (chemical potential of lead 0) and gates.

    The same master equation as :func:`multilevel_current`, solved for all bias points of one gate
    value at once (batched GTH elimination). Lead 0's chemical potential is replaced by each bias.

    Returns
    -------
    ndarray, shape (len(gates), len(biases))
    """
    p = instance("params", params, MultiLevelGrain)
    v = finite("biases", biases)
    gs = finite("gates", gates)
    if v.ndim != 1 or gs.ndim != 1:
        raise SpinlibInputError(f"biases and gates must be 1-d; got shapes {v.shape}, {gs.shape}")
    t_src, t_dst, t_w, t_col, de0, b_src, b_dst, m2, release, n = _multilevel_structure(
        p.spin, p.levels, p.exchange, p.anisotropy, p.field)
    out = np.empty((gs.size, v.size))
    t = p.temperature
    bath_up = p.damping / p.spin * m2 * bath_rate(release, temperature=t) if p.damping > 0 else None
    bath_dn = p.damping / p.spin * m2 * bath_rate(-release, temperature=t) if p.damping > 0 else None
    for gi, gate in enumerate(gs):
        de = de0 + gate
        fwd = np.zeros((v.size, t_src.size))
        bwd = np.zeros((v.size, t_src.size))
        lead0 = None
        for b, lead in enumerate(p.leads):
            base = np.array(lead.rates_z)[t_col] * t_w
            mu = v[:, None] if b == 0 else lead.chemical_potential
            f_in = base * fermi(de[None, :] - mu, temperature=t)
            f_out = base * fermi(mu - de[None, :], temperature=t)
            fwd += f_in
            bwd += f_out
            if b == 0:
                lead0 = (f_in, f_out)
        w = np.zeros((v.size, n, n))  # w[..., i, j]: rate i -> j
        w[:, t_src, t_dst] = fwd
        w[:, t_dst, t_src] = bwd
        if bath_up is not None:
            w[:, b_src, b_dst] = bath_up
            w[:, b_dst, b_src] = bath_dn
        exits = np.zeros((v.size, n))
        for k in range(n - 1, 0, -1):
            s_k = w[:, k, :k].sum(axis=1)
            if np.any(s_k <= 0):
                raise SpinlibInputError(f"params has no unique steady state (temperature={t!r}, "
                                        f"damping={p.damping!r})")
            exits[:, k] = s_k
            w[:, :k, :k] += w[:, :k, k, None] * w[:, None, k, :k] / s_k[:, None, None]
        pi = np.zeros((v.size, n))
        pi[:, 0] = 1.0
        for k in range(1, n):
            pi[:, k] = np.einsum("bi,bi->b", pi[:, :k], w[:, :k, k]) / exits[:, k]
        pi /= pi.sum(axis=1, keepdims=True)
        out[gi] = np.sum(pi[:, t_src] * lead0[0] - pi[:, t_dst] * lead0[1], axis=1)
    return out
