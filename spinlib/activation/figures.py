"""Figures and explorers of chapter 5: Néel-Brown activation under spin injection.

Computed with :mod:`spinlib.activation` (reduced units: energies in ``E_a``, barrier
``sigma = E_a/k_B T``, field ``h``, current ``iota``, time in ``tau_N``) after Wegrowe et al.,
arXiv:0801.1019 (2008). Every figure is at most 7 in wide with fonts >= 9 pt, i.e. >= 12 CSS px
in the 672 px column. The numbers the chapter states are computed by the small analyses at the
end of this module (and asserted by tests/test_activation.py).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from ..macrospin import llg
from ..validate import finite, in_range, positive
from ..widgets import Explorer, Slider, explorer, new_figure
from . import escape as act

__all__ = [
    "fig_double_well",
    "fig_escape_accuracy",
    "fig_two_pictures",
    "fig_stochastic_histogram",
    "fig_fluctuations",
    "potential_explorer",
    "escape_explorer",
    "switching_explorer",
    "accuracy_table",
    "accuracy_threshold",
    "asymmetry_numbers",
    "stochastic_check",
]

_FONT = 9.0
_THETA = np.linspace(0.0, np.pi, 361)


def _style(fig):
    for ax in fig.axes:
        ax.tick_params(labelsize=_FONT)
        ax.xaxis.label.set_size(_FONT + 1)
        ax.yaxis.label.set_size(_FONT + 1)
        ax.title.set_size(_FONT + 1)
    return fig


def _deg(theta):
    return np.degrees(theta)


# ---------------------------------------------------------------------------------------------
# static figures


def fig_double_well(*, field=0.0, currents=(-0.5, 0.0, 0.5, 1.0)):
    """The reduced potential ``V_tot(theta)/E_a`` for a few currents, stationary points marked."""
    h = float(in_range("field", field, -1.0, 1.0, lo_open=True, hi_open=True))
    currents = finite("currents", currents).ravel()
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
    colors = ["C0", "k", "C1", "C3", "C2", "C4"]
    for k, j in enumerate(currents):
        u = act.potential(_THETA, field=h, current=j)
        ax.plot(_deg(_THETA), u, color=colors[k % len(colors)], lw=2, label=f"ι = {j:g}")
        if j > float(act.critical_current_exact(field=h)):
            sp_ = act.stationary_points(field=h, current=j)
            for key, mark in (("theta_top", "v"), ("theta_AP", "o"), ("theta_P", "o")):
                th = float(sp_[key])
                ax.plot(
                    _deg(th), act.potential(th, field=h, current=j), mark, color=colors[k % len(colors)], ms=6
                )
    ax.set(
        xlim=(0, 180),
        xlabel="θ (degrees; P at 0, AP at 180)",
        ylabel=r"$V_{tot}/E_a$",
        title=f"double well under spin injection (h = {h:g})",
    )
    ax.set_xticks([0, 45, 90, 135, 180])
    ax.legend(fontsize=_FONT, ncol=2, loc="upper left")
    fig.set_label(
        "Reduced potential versus angle for several currents: positive current tilts the "
        "double well towards AP, negative towards P; circles mark minima, triangles the top."
    )
    return _style(fig)


def fig_escape_accuracy():
    """Steepest descent and Brown against the exact escape time, barrier 1 to 40 k_B T."""
    sig = np.linspace(1.0, 40.0, 200)
    fig, (a1, a2) = new_figure(1, 2, figsize=(7.0, 3.4))
    ex = act.log_escape_time(barrier=sig)
    sd = act.log_escape_time(barrier=sig, method="steepest_descent")
    a1.plot(sig, np.exp(sd - ex), "k", lw=2, label="steepest descent = Brown")
    a1.axhline(1, color="0.7", lw=0.8)
    a1.set(
        xlabel=r"barrier $E_a/k_BT$",
        ylabel=r"$\tau_{approx}/\tau_{exact}$",
        title="h = 0, ι = 0",
        ylim=(0.6, 1.4),
    )
    a1.legend(fontsize=_FONT)
    h, j = 0.2, 0.3
    ex = act.log_escape_time(barrier=sig, field=h, current=j)
    for method, style, label in (
        ("steepest_descent", "k", "steepest descent"),
        ("brown", "C0--", "Brown, exact barrier"),
        ("linear", "C3:", "Brown, linear barrier (Eq. 27)"),
    ):
        lt = act.log_escape_time(barrier=sig, field=h, current=j, method=method)
        a2.plot(sig, np.exp(lt - ex), style, lw=2, label=label)
    a2.axhline(1, color="0.7", lw=0.8)
    a2.set(xlabel=r"barrier $E_a/k_BT$", title=f"P → AP, h = {h:g}, ι = {j:g}", yscale="log", ylim=(0.1, 3))
    a2.legend(fontsize=_FONT - 0.5)
    fig.set_label(
        "Ratio of approximate to exact escape times versus barrier height: at zero current "
        "steepest descent equals Brown's formula and approaches the exact time from below; "
        "under current the error of the linear barrier of Eq. 27 grows exponentially with the barrier."
    )
    return _style(fig)


def _deterministic_ratio(polarization):
    """|I_c(AP -> P) / I_c(P -> AP)| of the deterministic Slonczewski torque (spinlib.llg, zero field)."""
    q, A, B = llg.slonczewski_coefficients(polarization=polarization)
    icp = llg.critical_current(field=0.0, hk=1.0, demag=0.0, alpha=0.01, q=q, A=A, B=B)
    icap = llg.critical_current(field=0.0, hk=1.0, demag=0.0, alpha=0.01, q=q, A=A, B=-B)  # p -> -p
    return float(icap / icp)


def fig_two_pictures(*, polarization=0.35):
    """Barrier versus current: diffusive spin injection (exact and linear) and deterministic torque.

    Currents are in units of each picture's own P -> AP critical current (the linear one for the
    diffusive picture), so the two asymmetries can be compared on one axis.
    """
    P = float(in_range("polarization", polarization, 0.0, 1.0, lo_open=True, hi_open=True))
    icp, icap = act.critical_currents_linear(field=0.0)
    x = np.linspace(-1.0, 1.0, 401)
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.8))
    j = x * icp
    valid = j > float(act.critical_current_exact(field=0.0)) * 0.999
    dp, dap = act.barrier_heights(field=0.0, current=j[valid])
    xp, xm = x[valid] >= 0, x[valid] <= 0
    ax.plot(x[valid][xp], dp[xp], "k", lw=2, label="diffusive, exact: P → AP")
    ax.plot(x[valid][xm], dap[xm], "C3", lw=2, label="diffusive, exact: AP → P")
    ax.plot(x[x >= 0], 1 - x[x >= 0], "k--", lw=1.5, label="diffusive, linear (Eq. 27)")
    ax.plot(x[x <= 0], 1 - x[x <= 0] * icp / icap, "C3--", lw=1.5)
    ratio = _deterministic_ratio(P)
    ax.plot(x[x >= 0], 1 - x[x >= 0], color="C0", lw=5, alpha=0.3, label=f"torque, E_a(1 − I/I_c), P = {P:g}")
    ax.plot(x[x <= 0], 1 + x[x <= 0] / ratio, color="C2", lw=5, alpha=0.3)
    ax.set(
        xlim=(-1, 1),
        ylim=(0, 1.6),
        xlabel=r"$I\,/\,I_c^{P\to AP}$ (each picture's own)",
        ylabel=r"barrier $/E_a$",
        title="switching barrier under current, h = 0",
    )
    ax.axvline(0, color="0.8", lw=0.8)
    ax.legend(fontsize=_FONT - 0.5, loc="upper center", ncol=2)
    fig.set_label(
        "Barrier versus current for both transitions: the diffusive picture's AP to P barrier "
        "falls about 4.5 times faster than its P to AP barrier; the deterministic torque gives "
        "a smaller asymmetry."
    )
    return _style(fig)


@lru_cache(maxsize=4)
def stochastic_check(*, barrier=3.0, field=0.1, n_samples=800, seed=2008):
    """Seeded stochastic-LLG sample and the exact MFPT it should reproduce (dict of floats/arrays)."""
    sample = act.stochastic_escape_times(
        barrier=barrier, field=field, n_samples=n_samples, dt=5e-3, t_max=300.0, seed=seed
    )
    exact = float(act.mean_first_passage_time(barrier=barrier, field=field))
    times = sample.times[sample.escaped]
    return {
        "times": times,
        "mean": float(times.mean()),
        "sem": float(times.std() / np.sqrt(times.size)),
        "exact": exact,
        "escaped": float(sample.escaped.mean()),
        "n": int(sample.times.size),
    }


def fig_stochastic_histogram(*, barrier=3.0, field=0.1):
    """Histogram of stochastic-LLG first-passage times to the top against the exact mean."""
    chk = stochastic_check(barrier=float(positive("barrier", barrier)), field=float(finite("field", field)))
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.4))
    t = chk["times"]
    ax.hist(t, bins=40, density=True, color="0.75", label=f"stochastic LLG, {chk['n']} runs")
    tt = np.linspace(0, t.max(), 300)
    ax.plot(tt, np.exp(-tt / chk["exact"]) / chk["exact"], "C3", lw=2, label="exponential, exact mean")
    ax.axvline(chk["exact"], color="C3", ls="--", lw=1.5)
    ax.axvline(chk["mean"], color="k", ls=":", lw=1.5, label="sample mean")
    ax.set(
        xlabel=r"first-passage time to the top $/\tau_N$",
        ylabel="probability density",
        title=f"E_a/k_BT = {barrier:g}, h = {field:g}",
    )
    ax.legend(fontsize=_FONT)
    return _style(fig)


def fig_fluctuations(*, barrier=30.0):
    """Noise enhancement near P and AP versus current (exact) against the paper's exponential."""
    sig = float(positive("barrier", barrier))
    j = np.linspace(-0.1, 0.1, 81)
    cp, cap = act.asymmetry_factors()
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.4))
    ax.semilogy(
        j, act.fluctuation_enhancement(barrier=sig, current=j, state="P"), "k", lw=2, label="near P, exact"
    )
    ax.semilogy(
        j, act.fluctuation_enhancement(barrier=sig, current=j, state="AP"), "C3", lw=2, label="near AP, exact"
    )
    ax.semilogy(j, np.exp(sig * j * cp), "k--", lw=1.2, label="Eq. 32 (derived sign), P")
    ax.semilogy(j, np.exp(-sig * j * cap), "C3--", lw=1.2, label="Eq. 32 (derived sign), AP")
    ax.set(xlabel="current ι", ylabel="noise intensity ratio", title=f"E_a/k_BT = {sig:g}, h = 0")
    ax.legend(fontsize=_FONT, ncol=2)
    return _style(fig)


# ---------------------------------------------------------------------------------------------
# explorers


@explorer
def potential_explorer(*, barrier=20.0) -> Explorer:
    """``V_tot(theta)`` live in current and field, with the barriers in ``k_B T`` at ``barrier``."""
    sig = float(positive("barrier", barrier))

    def compute(*, current, field):
        u = act.potential(_THETA, field=field, current=current)
        crit = float(act.critical_current_exact(field=field))
        if current > crit:
            sp_ = act.stationary_points(field=field, current=current)
            dp, dap = act.barrier_heights(field=field, current=current)
            pts = np.array([float(sp_[k]) for k in ("theta_P", "theta_top", "theta_AP")])
            return {
                "u": u,
                "pts": pts,
                "upts": act.potential(pts, field=field, current=current),
                "text": f"barriers: P→AP {sig * float(dp):.1f} kʙT,  AP→P {sig * float(dap):.1f} kʙT",
            }
        return {
            "u": u,
            "pts": np.full(3, np.nan),
            "upts": np.full(3, np.nan),
            "text": f"no AP barrier: ι below ι_c = {crit:.3f}",
        }

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
        (line,) = ax.plot([], [], "k", lw=2, animated=True)
        (pts,) = ax.plot([], [], "o", color="C3", ms=7, animated=True)
        txt = ax.text(0.03, 0.05, "", transform=ax.transAxes, fontsize=_FONT + 1, animated=True)
        ax.set(
            xlim=(0, 180),
            ylim=(-3.5, 2.5),
            xlabel="θ (degrees; P at 0, AP at 180)",
            ylabel=r"$V_{tot}/E_a$",
            title=f"double well under spin injection, E_a/k_BT = {sig:g}",
        )
        ax.set_xticks([0, 45, 90, 135, 180])
        _style(fig)

        def draw(data, **values):
            line.set_data(_deg(_THETA), data["u"])
            pts.set_data(_deg(data["pts"]), data["upts"])
            txt.set_text(data["text"])

        return fig, draw

    return Explorer(
        controls=[
            Slider("current", -0.6, 1.0, 0.02, 0.0, label="current ι", static=(-0.6, -0.3, 0.0, 0.5, 1.0)),
            Slider(
                "field", -0.4, 0.4, 0.02, 0.0, label="field h = M<sub>s</sub>H/2K", static=(-0.3, 0.0, 0.3)
            ),
        ],
        compute=compute,
        setup=setup,
        title="Total potential under field and current",
        alt="Reduced total potential versus angle from P (0 degrees) to AP (180 degrees) for the chosen "
        "current and field, with its minima and barrier top marked and the barriers in kT written.",
    )


@explorer
def escape_explorer(*, n_currents=41, n_nodes=401) -> Explorer:
    """Escape times versus current for P -> AP and AP -> P, exact and linear (Eq. 27).

    Live in barrier and field; ``n_nodes`` quadrature nodes per exact escape time."""
    n = int(n_currents)
    j_axis = (-1.2, 1.0)

    def compute(*, barrier, field):
        lo = max(j_axis[0], float(act.critical_current_exact(field=field)) * 0.98)
        j = np.linspace(lo, j_axis[1], n)
        out = {"j": j}
        for init in ("P", "AP"):
            out[init] = act.log_escape_time(
                barrier=barrier, field=field, current=j, initial=init, n_nodes=n_nodes
            ) / np.log(10)
            out[init + "_lin"] = act.log_escape_time(
                barrier=barrier, field=field, current=j, initial=init, method="linear"
            ) / np.log(10)
        return out

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.4, 3.8))
        (lp,) = ax.plot([], [], "k", lw=2, animated=True, label="P → AP, exact")
        (la,) = ax.plot([], [], "C3", lw=2, animated=True, label="AP → P, exact")
        (lpl,) = ax.plot([], [], "k--", lw=1.2, animated=True, label="P → AP, Eq. 27")
        (lal,) = ax.plot([], [], "C3--", lw=1.2, animated=True, label="AP → P, Eq. 27")
        ax.set(
            xlim=j_axis,
            ylim=(-2, 40),
            xlabel="current ι",
            ylabel=r"$\log_{10}(\tau/\tau_N)$",
            title="escape times under spin injection",
        )
        ax.legend(fontsize=_FONT, ncol=2, loc="upper center")
        _style(fig)

        def draw(data, **values):
            for line, key in ((lp, "P"), (la, "AP"), (lpl, "P_lin"), (lal, "AP_lin")):
                line.set_data(data["j"], data[key])

        return fig, draw

    return Explorer(
        controls=[
            Slider("barrier", 5.0, 40.0, 1.0, 20.0, label="E<sub>a</sub>/kʙT", static=(10.0, 20.0, 40.0)),
            Slider("field", -0.4, 0.4, 0.05, 0.0, label="field h", static=(-0.3, 0.0, 0.3)),
        ],
        compute=compute,
        setup=setup,
        title="Escape times versus current",
        alt="Base-10 logarithm of the escape time versus current for the P to AP and AP to P transitions, "
        "exact and from the linear barrier of Eq. 27.",
    )


@explorer
def switching_explorer() -> Explorer:
    """Switching probability versus pulse length, live in current and barrier."""
    pulses = np.logspace(-1, 20, 211)

    def compute(*, current, barrier):
        return {
            P: act.switching_probability(pulses, barrier=barrier, current=current, initial=P)
            for P in ("P", "AP")
        }

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
        (lp,) = ax.semilogx([], [], "k", lw=2, animated=True, label="start P (→ AP)")
        (la,) = ax.semilogx([], [], "C3", lw=2, animated=True, label="start AP (→ P)")
        ax.set(
            xlim=(pulses[0], pulses[-1]),
            ylim=(-0.02, 1.02),
            xlabel=r"pulse length $t/\tau_N$",
            ylabel="switching probability",
            title="two-state switching under a current pulse",
        )
        ax.legend(fontsize=_FONT, loc="center left")
        _style(fig)

        def draw(data, **values):
            lp.set_data(pulses, data["P"])
            la.set_data(pulses, data["AP"])

        return fig, draw

    return Explorer(
        controls=[
            Slider("current", -0.3, 1.0, 0.05, 0.2, label="current ι", static=(-0.3, 0.0, 0.2, 0.5, 1.0)),
            Slider("barrier", 10.0, 40.0, 5.0, 20.0, label="E<sub>a</sub>/kʙT", static=(20.0, 40.0)),
        ],
        compute=compute,
        setup=setup,
        title="Switching probability versus pulse length",
        alt="Probability of having switched versus pulse length on a logarithmic axis, starting from P "
        "and from AP, for the chosen current and barrier (two-state master equation, exact rates).",
    )


# ---------------------------------------------------------------------------------------------
# numbers the chapter states


def accuracy_table(barriers=(1.0, 2.0, 5.0, 10.0, 20.0, 40.0), *, field=0.0, current=0.0):
    """``tau_method / tau_exact`` for the steepest-descent, Brown and linear methods (dict of arrays)."""
    s = positive("barriers", barriers)
    ex = act.log_escape_time(barrier=s, field=field, current=current)
    return {
        "barrier": s,
        **{
            m: np.exp(act.log_escape_time(barrier=s, field=field, current=current, method=m) - ex)
            for m in ("steepest_descent", "brown", "linear")
        },
    }


def accuracy_threshold(*, tolerance=0.10, field=0.0, current=0.0):
    """Smallest barrier (grid step 0.05 k_B T, up to 60) above which steepest descent stays within
    ``tolerance`` of the exact escape time."""
    tol = float(positive("tolerance", tolerance))
    s = np.arange(0.5, 60.0001, 0.05)
    err = np.abs(
        np.expm1(
            act.log_escape_time(barrier=s, field=field, current=current, method="steepest_descent")
            - act.log_escape_time(barrier=s, field=field, current=current)
        )
    )
    bad = np.nonzero(err > tol)[0]
    return float(s[0] if bad.size == 0 else s[min(bad[-1] + 1, s.size - 1)])


def asymmetry_numbers(*, polarization=0.35):
    """Asymmetry of the two pictures at zero field (dict of floats)."""
    cp, cap = act.asymmetry_factors()
    icp, icap = act.critical_currents_linear()
    return {
        "c_P": float(cp),
        "c_AP": float(cap),
        "ratio_linear": float(abs(icp / icap)),
        "ic_P_linear": float(icp),
        "ic_AP_linear": float(icap),
        "ic_AP_exact": float(act.critical_current_exact()),
        "ratio_torque": 1.0 / _deterministic_ratio(polarization),
    }
