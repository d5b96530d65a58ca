"""Figures and explorers of the activation chapter: Néel-Brown activation under spin injection.

Computed with :mod:`spinlib.activation` (reduced units: energies in ``E_a``, barrier
``sigma = E_a/k_B T``, field ``h``, current ``iota``, time in ``tau_N``) after Wegrowe et al.,
arXiv:0801.1019 (2008). Every figure is at most 7 in wide with fonts >= 9 pt, i.e. >= 12 CSS px
in the 672 px column. Drawing only: the numbers and sweeps come from :mod:`.studies` (asserted by
tests/activation) and the physics functions of :mod:`spinlib.activation`.
"""

from __future__ import annotations

import numpy as np

from ..live import slider_stops, stop_index
from ..style import FONT, new_figure, style_axes
from ..validate import finite, in_range, positive
from ..widgets import Explorer, Slider, explorer
from . import studies

__all__ = [
    "fig_double_well",
    "fig_escape_accuracy",
    "fig_two_pictures",
    "fig_stochastic_histogram",
    "fig_fluctuations",
    "potential_explorer",
    "escape_explorer",
    "switching_explorer",
]




def _deg(theta):
    return np.degrees(theta)


# ---------------------------------------------------------------------------------------------
# static figures


def fig_double_well(*, field=0.0, currents=(-0.5, 0.0, 0.5, 1.0)):
    """The reduced potential ``V_tot(theta)/E_a`` for a few currents, stationary points marked.

    Parameters
    ----------
    field : float
        Reduced field ``h`` in (-1, 1).
    currents : sequence of float
        Reduced currents ``iota`` of the curves.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from spinlib.activation import figures
    >>> len(figures.fig_double_well().axes[0].lines)  # 4 curves, 3 points each on the 4 with wells
    16
    """
    h = float(in_range("field", field, -1.0, 1.0, lo_open=True, hi_open=True))
    currents = finite("currents", currents).ravel()
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
    colors = ["C0", "k", "C1", "C3", "C2", "C4"]
    for k, j in enumerate(currents):
        ls = studies.landscape_at(field=h, current=j)
        color = colors[k % len(colors)]
        ax.plot(_deg(ls.theta), ls.u, color=color, lw=2, label=f"ι = {j:g}")
        if j > ls.critical:
            for idx, mark in ((1, "v"), (2, "o"), (0, "o")):  # top, AP, P
                ax.plot(_deg(ls.points[idx]), ls.u_points[idx], mark, color=color, ms=6)
    ax.set(
        xlim=(0, 180),
        xlabel="θ (degrees; P at 0, AP at 180)",
        ylabel=r"$V_{tot}/E_a$",
        title=f"double well under spin injection (h = {h:g})",
    )
    ax.set_xticks([0, 45, 90, 135, 180])
    ax.legend(fontsize=FONT, ncol=2, loc="upper left")
    fig.set_label(
        "Reduced potential versus angle for several currents: positive current tilts the "
        "double well towards AP, negative towards P; circles mark minima, triangles the top."
    )
    return style_axes(fig)


def fig_escape_accuracy(*, n=200):
    """Steepest descent and Brown against the exact escape time, barrier 1 to 40 k_B T.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels drawn from :func:`spinlib.activation.studies.escape_accuracy_curves`.

    Examples
    --------
    >>> from spinlib.activation import figures
    >>> len(figures.fig_escape_accuracy(n=20).axes)
    2
    """
    acc = studies.escape_accuracy_curves(n=n)
    sig = acc.barrier
    fig, (a1, a2) = new_figure(1, 2, figsize=(7.0, 3.4))
    a1.plot(sig, acc.zero, "k", lw=2, label="steepest descent = Brown")
    a1.axhline(1, color="0.7", lw=0.8)
    a1.set(
        xlabel=r"barrier $E_a/k_BT$",
        ylabel=r"$\tau_{approx}/\tau_{exact}$",
        title="h = 0, ι = 0",
        ylim=(0.6, 1.4),
    )
    a1.legend(fontsize=FONT)
    for ratio, style, label in (
        (acc.steepest_descent, "k", "steepest descent"),
        (acc.brown, "C0--", "Brown, exact barrier"),
        (acc.linear, "C3:", "Brown, linear barrier (Eq. 27)"),
    ):
        a2.plot(sig, ratio, style, lw=2, label=label)
    a2.axhline(1, color="0.7", lw=0.8)
    a2.set(
        xlabel=r"barrier $E_a/k_BT$",
        title=f"P → AP, h = {acc.field:g}, ι = {acc.current:g}",
        yscale="log",
        ylim=(0.1, 3),
    )
    a2.legend(fontsize=FONT - 0.5)
    fig.set_label(
        "Ratio of approximate to exact escape times versus barrier height: at zero current "
        "steepest descent equals Brown's formula and approaches the exact time from below; "
        "under current the error of the linear barrier of Eq. 27 grows exponentially with the barrier."
    )
    return style_axes(fig)


def fig_two_pictures(*, polarization=studies.POLARIZATION):
    """Barrier versus current: diffusive spin injection (exact and linear) and deterministic torque.

    Currents are in units of each picture's own P -> AP critical current (the linear one for the
    diffusive picture), so the two asymmetries can be compared on one axis.

    Parameters
    ----------
    polarization : float
        Spin polarisation of the torque picture, in (0, 1).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from spinlib.activation import figures
    >>> [float(x) for x in figures.fig_two_pictures().axes[0].get_xlim()]
    [-1.0, 1.0]
    """
    tp = studies.two_pictures(polarization=polarization)
    x, valid = tp.x, tp.valid
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.8))
    xp, xm = x[valid] >= 0, x[valid] <= 0
    ax.plot(x[valid][xp], tp.barrier_P[xp], "k", lw=2, label="diffusive, exact: P → AP")
    ax.plot(x[valid][xm], tp.barrier_AP[xm], "C3", lw=2, label="diffusive, exact: AP → P")
    ax.plot(x[x >= 0], 1 - x[x >= 0], "k--", lw=1.5, label="diffusive, linear (Eq. 27)")
    ax.plot(x[x <= 0], 1 + x[x <= 0] * tp.ratio_linear, "C3--", lw=1.5)
    ax.plot(
        x[x >= 0],
        1 - x[x >= 0],
        color="C0",
        lw=5,
        alpha=0.3,
        label=f"torque, $E_a(1-I/I_c)$, P = {tp.polarization:g}",
    )
    ax.plot(x[x <= 0], 1 + x[x <= 0] / tp.ratio_torque, color="C2", lw=5, alpha=0.3)
    ax.set(
        xlim=(-1, 1),
        ylim=(0, 1.6),
        xlabel=r"$I\,/\,I_c^{P\to AP}$ (each picture's own)",
        ylabel=r"barrier $/E_a$",
        title="switching barrier under current, h = 0",
    )
    ax.axvline(0, color="0.8", lw=0.8)
    ax.legend(fontsize=FONT - 0.5, loc="upper center", ncol=2)
    fig.set_label(
        "Barrier versus current for both transitions: the diffusive picture's AP to P barrier "
        "falls about 4.5 times faster than its P to AP barrier; the deterministic torque gives "
        "a smaller asymmetry."
    )
    return style_axes(fig)


def fig_torque_factors(*, polarization=studies.POLARIZATION):
    """Angular factors of the electrospin force and of Slonczewski's damping-like torque.

    Parameters
    ----------
    polarization : float
        Spin polarisation of Slonczewski's ``eta`` (in (0, 1)).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from spinlib.activation import figures
    >>> len(figures.fig_torque_factors().axes)
    1
    """
    tc = studies.torque_comparison(polarization=polarization)
    fig, ax = new_figure(figsize=(6.2, 3.4))
    deg = np.degrees(tc["theta"])
    ax.plot(deg, tc["electrospin"], label=r"electrospin: $1-\cos\theta$")
    ax.plot(deg, tc["slonczewski"], "--",
            label=rf"Slonczewski: $\eta(\theta)\sin\theta/\eta(90^\circ)$, P = {polarization:g}")
    ax.set_xlabel(r"angle $\theta$ from P (degrees)")
    ax.set_ylabel("angular factor")
    ax.set_xlim(0, 180)
    ax.set_xticks([0, 45, 90, 135, 180])
    ax.legend(fontsize=FONT, loc="upper left")
    style_axes(fig)
    return fig


def fig_stochastic_histogram(*, barrier=3.0, field=0.1, n_samples=800):
    """Histogram of stochastic-LLG first-passage times to the top against the exact mean.

    Parameters
    ----------
    barrier : float
        ``sigma = E_a / k_B T`` in (0, 40].
    field : float
        Reduced field ``h`` in (-1, 1).
    n_samples : int
        Number of seeded runs (:func:`spinlib.activation.studies.stochastic_check`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from spinlib.activation import figures
    >>> fig = figures.fig_stochastic_histogram(barrier=1.0, field=0.0, n_samples=20)
    >>> fig.axes[0].get_xlabel().startswith("first-passage time")
    True
    """
    chk = studies.stochastic_check(
        barrier=float(positive("barrier", barrier)), field=float(finite("field", field))
    )
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.4))
    t = chk.times
    ax.hist(t, bins=40, density=True, color="0.75", label=f"stochastic LLG, {chk.n} runs")
    tt = np.linspace(0, t.max(), 300)
    ax.plot(tt, np.exp(-tt / chk.exact) / chk.exact, "C3", lw=2, label="exponential, exact mean")
    ax.axvline(chk.exact, color="C3", ls="--", lw=1.5)
    ax.axvline(chk.mean, color="k", ls=":", lw=1.5, label="sample mean")
    ax.set(
        xlabel=r"first-passage time to the top $/\tau_N$",
        ylabel="probability density",
        title=f"$E_a/k_BT$ = {barrier:g}, $h$ = {field:g}",
    )
    ax.legend(fontsize=FONT)
    return style_axes(fig)


def fig_fluctuations(*, barrier=30.0):
    """Noise enhancement near P and AP versus current (exact) against the paper's exponential.

    Parameters
    ----------
    barrier : float
        ``sigma = E_a / k_B T`` (> 0).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from spinlib.activation import figures
    >>> len(figures.fig_fluctuations().axes[0].lines)
    4
    """
    fc = studies.fluctuation_curves(barrier=barrier)
    j = fc.current
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.4))
    ax.semilogy(j, fc.exact_P, "k", lw=2, label="near P, exact")
    ax.semilogy(j, fc.exact_AP, "C3", lw=2, label="near AP, exact")
    ax.semilogy(j, fc.eq32_P, "k--", lw=1.2, label="Eq. 32 (derived sign), P")
    ax.semilogy(j, fc.eq32_AP, "C3--", lw=1.2, label="Eq. 32 (derived sign), AP")
    ax.set(xlabel="current ι", ylabel="noise intensity ratio", title=f"$E_a/k_BT$ = {fc.barrier:g}, h = 0")
    ax.legend(fontsize=FONT, ncol=2)
    return style_axes(fig)


# ---------------------------------------------------------------------------------------------
# explorers


@explorer
def potential_explorer(*, barrier=20.0) -> Explorer:
    """``V_tot(theta)`` live in current and field, with the barriers in ``k_B T`` at ``barrier``.

    Parameters
    ----------
    barrier : float
        ``sigma = E_a / k_B T`` used to print the barriers in ``k_B T``.

    Returns
    -------
    spinlib.widgets.Explorer
        Sliders: current ``iota`` and field ``h``; data from
        :func:`spinlib.activation.studies.landscape_at`.

    Examples
    --------
    >>> from spinlib.activation import figures
    >>> figures.potential_explorer().title
    'Total potential under field and current'
    """
    sig = float(positive("barrier", barrier))

    def compute(*, current, field):
        return studies.landscape_at(field=field, current=current)

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
        (line,) = ax.plot([], [], "k", lw=2, animated=True)
        (pts,) = ax.plot([], [], "o", color="C3", ms=7, animated=True)
        txt = ax.text(0.03, 0.05, "", transform=ax.transAxes, fontsize=FONT + 1, animated=True)
        ax.set(
            xlim=(0, 180),
            ylim=(-3.5, 2.5),
            xlabel="θ (degrees; P at 0, AP at 180)",
            ylabel=r"$V_{tot}/E_a$",
            title=f"double well under spin injection, $E_a/k_BT$ = {sig:g}",
        )
        ax.set_xticks([0, 45, 90, 135, 180])
        style_axes(fig)

        def draw(data, **values):
            line.set_data(_deg(data.theta), data.u)
            pts.set_data(_deg(data.points), data.u_points)
            if np.isnan(data.barrier_P):
                txt.set_text(f"no AP barrier: ι below $\\iota_c$ = {data.critical:.3f}")
            else:
                txt.set_text(
                    f"barriers: P→AP {sig * data.barrier_P:.1f} kʙT,  AP→P {sig * data.barrier_AP:.1f} kʙT"
                )

        return fig, draw

    return Explorer(
        controls=[
            # stops: each side of the AP critical current (which moves from -0.93 at h = -0.3 to
            # -0.34 at h = 0.3), the AP cone at small negative current, and the tilt towards AP
            Slider("current", -0.6, 1.0, 0.01, 0.0, label="current ι",
                   static=(-0.6, -0.45, -0.3, -0.15, 0.0, 0.25, 0.5, 1.0)),
            Slider("field", -0.4, 0.4, 0.01, 0.0, label="field h = M<sub>s</sub>H/2K",
                   static=(-0.3, -0.15, 0.0, 0.15, 0.3)),
        ],
        compute=compute,
        setup=setup,
        title="Total potential under field and current",
        alt="Reduced total potential versus angle from P (0 degrees) to AP (180 degrees) for the chosen "
        "current and field, with its minima and barrier top marked and the barriers in kT written.",
    )


@explorer
def escape_explorer(*, n_currents=41) -> Explorer:
    """Escape times versus current for P -> AP and AP -> P, exact and linear (Eq. 27).

    The exact escape times at every slider stop are computed on the first frame
    (:func:`spinlib.activation.studies.escape_grid`, once per kernel); a slider move then only
    indexes them and redraws. The sliders' steps are coarse because every stop costs two curves of
    exact first-passage quadratures at the start.

    Parameters
    ----------
    n_currents : int
        Currents per curve.

    Returns
    -------
    spinlib.widgets.Explorer
        Sliders: barrier ``E_a / k_B T`` and field ``h``; data from
        :func:`spinlib.activation.studies.escape_versus_current`.

    Examples
    --------
    >>> from spinlib.activation import figures
    >>> figures.escape_explorer().title
    'Escape times versus current'
    """
    j_axis = (-1.2, 1.0)
    controls = [
        Slider("barrier", 5.0, 40.0, 5.0, 20.0, label="E<sub>a</sub>/kʙT", static=(10.0, 20.0, 30.0, 40.0)),
        Slider("field", -0.45, 0.45, 0.15, 0.0, label="field h", static=(-0.3, -0.15, 0.0, 0.15, 0.3)),
    ]
    stops = [slider_stops(c) for c in controls]

    def compute(*, barrier, field):
        # compute once, slice live: the exact escape times at every stop of both sliders are
        # computed on the first call (studies.escape_grid, cached); a move then only indexes
        at = [stop_index(s, v) for s, v in zip(stops, (barrier, field), strict=True)]
        if None in at:  # a value off the sliders' stops (from code): one sweep
            return studies.escape_versus_current(
                barrier=barrier, field=field, n_currents=n_currents, span=j_axis)
        return studies.escape_grid(stops[0], stops[1], n_currents=n_currents, span=j_axis).at(*at)

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
        # below the axes: at high barriers the curves reach every corner of the data area
        fig.legend(handles=[lp, la, lpl, lal], fontsize=FONT, ncol=4, loc="outside lower center")
        style_axes(fig)

        def draw(data, **values):
            for line, key in ((lp, "P"), (la, "AP"), (lpl, "P_linear"), (lal, "AP_linear")):
                line.set_data(data.current, getattr(data, key))

        return fig, draw

    return Explorer(
        controls=controls,
        compute=compute,
        setup=setup,
        title="Escape times versus current",
        alt="Base-10 logarithm of the escape time versus current for the P to AP and AP to P transitions, "
        "exact and from the linear barrier of Eq. 27.",
    )


@explorer
def switching_explorer() -> Explorer:
    """Switching probability versus pulse length, live in current and barrier.

    The curves at every slider stop are computed on the first frame
    (:func:`spinlib.activation.studies.switching_grid`, once per kernel); a slider move then only
    indexes them and redraws.

    Returns
    -------
    spinlib.widgets.Explorer
        Sliders: current ``iota`` and barrier ``E_a / k_B T``; data from
        :func:`spinlib.activation.studies.switching_curves`.

    Examples
    --------
    >>> from spinlib.activation import figures
    >>> figures.switching_explorer().title
    'Switching probability versus pulse length'
    """
    pulses = np.logspace(-1, 20, 211)
    controls = [
        Slider("current", -0.3, 1.0, 0.05, 0.2, label="current ι", static=(-0.3, -0.15, 0.0, 0.2, 0.5, 1.0)),
        Slider("barrier", 10.0, 40.0, 5.0, 20.0, label="E<sub>a</sub>/kʙT", static=(20.0, 30.0, 40.0)),
    ]
    stops = [slider_stops(c) for c in controls]

    def compute(*, current, barrier):
        # compute once, slice live: the curves at every stop of both sliders are computed on the
        # first call (studies.switching_grid, cached); a move then only indexes
        at = [stop_index(s, v) for s, v in zip(stops, (current, barrier), strict=True)]
        if None in at:  # a value off the sliders' stops (from code): one pair of curves
            return studies.switching_curves(pulses, current=current, barrier=barrier)
        grid = studies.switching_grid(pulses, currents=stops[0], barriers=stops[1])
        return {k: grid[k][at[0], at[1]] for k in ("P", "AP")}

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
        fig.legend(handles=[lp, la], fontsize=FONT, ncol=2, loc="outside lower center")
        style_axes(fig)

        def draw(data, **values):
            lp.set_data(pulses, data["P"])
            la.set_data(pulses, data["AP"])

        return fig, draw

    return Explorer(
        controls=controls,
        compute=compute,
        setup=setup,
        title="Switching probability versus pulse length",
        alt="Probability of having switched versus pulse length on a logarithmic axis, starting from P "
        "and from AP, for the chosen current and barrier (two-state master equation, exact rates).",
    )
