"""Figures and explorers of the LLG page (macrospin LLG, Slonczewski torque, critical current).

Drawing only: the data come from :mod:`spinlib.macrospin.studies` and the physics modules.
"""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import units
from ..style import DPI, FONT, SMALL_FONT, new_figure
from ..validate import instance
from ..widgets import Explorer, Slider, explorer
from . import llg, si, studies, thresholds

__all__ = [
    "fig8_trajectories",
    "critical_current_vs_field",
    "switching_time_figure",
    "trajectory_explorer",
    "critical_current_explorer",
]


def _figure(figsize) -> Figure:
    """An empty figure in the book's style (for 3-D axes, added by the caller)."""
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _sphere(ax, *, n=13, fontsize=SMALL_FONT):
    u = np.linspace(0, 2 * np.pi, 2 * n)
    v = np.linspace(0, np.pi, n)
    ax.plot_wireframe(np.outer(np.cos(u), np.sin(v)), np.outer(np.sin(u), np.sin(v)),
                      np.outer(np.ones_like(u), np.cos(v)), color="0.75", linewidth=0.4, alpha=0.5)
    ax.set(xlim=(-1, 1), ylim=(-1, 1), zlim=(-1, 1), xticks=[-1, 0, 1], yticks=[-1, 0, 1], zticks=[-1, 0, 1])
    ax.set_xlabel("$m_x$", labelpad=-6, fontsize=fontsize + 1)
    ax.set_ylabel("$m_y$", labelpad=-6, fontsize=fontsize + 1)
    ax.set_zlabel("$m_z$", labelpad=-8, fontsize=fontsize + 1)
    ax.tick_params(labelsize=fontsize, pad=-2)
    ax.set_box_aspect((1, 1, 1))


def fig8_trajectories() -> Figure:
    """Reproduces Fig. 8(b)-(d), (g), (h) of Ralph & Stiles (2008) by integrating LLG + Eq. (25).

    Examples
    --------
    Slow (five integrations, ~2 s); the page draws it:

    >>> fig = fig8_trajectories()
    >>> len(fig.axes)
    5
    """
    fig = _figure((7.0, 6.0))
    for k, (panel, geom, kw, ratio) in enumerate(studies.FIG8_CASES):
        ax = fig.add_subplot(2, 3, k + 1, projection="3d")
        _sphere(ax)
        case = studies.fig8_case(panel)
        m, state = case.trajectory.m, case.state
        ax.plot(m[:, 0], m[:, 1], m[:, 2], color="C0", linewidth=0.7)
        ax.plot(*m[0], "o", color="C2", markersize=4)
        ax.plot(*m[-1], "s", color="C3", markersize=4)
        ax.view_init(elev=20, azim=-60 if geom == "isotropic" else -30)
        ax.set_title(f"({panel}) {geom}\n$I/I_c$ = {ratio:g}, B/A = {kw['asymmetry']:g}\n{state}",
                     fontsize=FONT)
    return fig


def critical_current_vs_field(comparison: studies.ThresholdComparison | None = None, **kwargs) -> Figure:
    """Eq. (26) against the instability threshold found by simulation (thin film).

    ``comparison`` is the result of :func:`spinlib.macrospin.studies.critical_current_comparison`
    (computed from ``kwargs`` when omitted). Right panel: relative difference from Eq. (26) of the
    simulation and of the Landau-Lifshitz insertion, which the simulation resolves.

    Examples
    --------
    >>> c = studies.ThresholdComparison(fields=np.array([0.0, 0.1]), gilbert=np.array([0.01, 0.02]),
    ...                                 landau_lifshitz=np.array([0.0099, 0.0198]),
    ...                                 simulated=np.array([0.01, 0.02]),
    ...                                 hk=0.05, alpha=0.1, asymmetry=0.0)
    >>> len(critical_current_vs_field(c).axes)
    2
    """
    c = studies.critical_current_comparison(**kwargs) if comparison is None else comparison
    hk, alpha, b = c.hk, c.alpha, c.asymmetry
    P_line = dict(hk=hk, alpha=alpha, q=1 + b, A=1.0, B=b)
    hs = np.linspace(-0.8 * hk, 0.3, 200)
    fig, ax = new_figure(1, 2, figsize=(7.0, 3.3))
    ax[0].plot(hs, thresholds.critical_current(field=hs, **P_line), label="Eq. (26) of Ralph & Stiles")
    ax[0].plot(hs, thresholds.critical_current_ll_insertion(field=hs, **P_line), "--", label="LL insertion")
    ax[0].plot(c.fields, c.simulated, "o", label="simulation")
    ax[0].axvline(-hk, color="0.6", linewidth=0.8)
    ax[0].set(xlabel="field $h = H/M_s$", ylabel="$j_c$",
              title=rf"$h_k$ = {hk}, $\alpha$ = {alpha}, B/A = {b}")
    ax[0].legend(fontsize=FONT)
    ax[1].plot(c.fields, c.simulated / c.gilbert - 1, "o", color="C2", label="simulation")
    ax[1].plot(c.fields, c.landau_lifshitz / c.gilbert - 1, "s--", color="C1", label="LL insertion")
    ax[1].axhline(0, color="C0", linewidth=1.0, label="Eq. (26) of Ralph & Stiles (Gilbert)")
    gap = alpha**2 / (1 + alpha**2)
    ax[1].set(xlabel="field $h$", ylabel="ratio to Ralph & Stiles Eq. (26) $- 1$",
              ylim=(-1.6 * gap, 0.6 * gap))
    ax[1].ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    ax[1].legend(fontsize=FONT, loc="center right")
    return fig


def switching_time_figure(data: studies.SwitchingTimes | None = None, **kwargs) -> Figure:
    """Time to reverse against I/I_c (thin film) with the linear-growth estimate.

    ``data`` is the result of :func:`spinlib.macrospin.studies.switching_time_data` (computed from
    ``kwargs`` when omitted).

    Examples
    --------
    >>> d = studies.SwitchingTimes(ratios=np.array([2.0, 3.0]), simulated=np.array([150.0, 80.0]),
    ...                            estimate=np.array([140.0, 75.0]), field=0.0, hk=0.05, alpha=0.05,
    ...                            tilt=0.05)
    >>> len(switching_time_figure(d).axes)
    1
    """
    d = studies.switching_time_data(**kwargs) if data is None else data
    fig, ax = new_figure(1, 1, figsize=(5.5, 3.4))
    t0 = si.time_unit(ms=studies.NANOPILLAR.ms) * 1e9
    ax.plot(d.ratios, d.simulated * t0, "o", label="simulation: first $m_x < 0$")
    ax.plot(d.ratios, d.estimate * t0, "-",
            label=r"linear growth: $\ln(1/\theta_0)/\mathrm{Re}\,\lambda$")
    ax.set(xlabel="$I/I_c$", ylabel="switching time (ns)", yscale="log",
           title=rf"$h$ = {d.field}, $h_k$ = {d.hk}, $\alpha$ = {d.alpha}, $\theta_0$ = {d.tilt}")
    ax.legend(fontsize=FONT)
    return fig


# --------------------------------------------------------------------------------- explorers
@explorer
def trajectory_explorer(*, hk: float = 0.05, t_end: float = 400.0) -> Explorer:
    """m(t) of the thin-film macrospin under spin torque: sphere and components.

    ``hk`` (in-plane anisotropy, units of ``M_s``) and the duration ``t_end`` are fixed here.

    Examples
    --------
    >>> type(trajectory_explorer()).__name__
    'Explorer'
    """
    hk = float(llg.MacrospinParams(hk=hk).hk)
    m0 = np.array([np.cos(0.1), 0.07, 0.07])

    def compute(*, current, field, alpha, asymmetry):
        P = studies.thin_film_preset(field=field, hk=hk, alpha=alpha, asymmetry=asymmetry)
        jc = float(thresholds.critical_current(field=field, hk=hk, alpha=alpha, q=P.q, A=P.A, B=P.B))
        j = current * jc
        # accuracy: at least 2 steps per time unit; stability: never above half the RK4 limit
        n_steps = max(800, int(np.ceil(2.0 * t_end / llg.max_stable_step(params=P, current=j))))
        n_steps = 400 * -(-n_steps // 400)  # a multiple of the 400 saved intervals
        traj = llg.integrate(m0, params=P, current=j, t_end=t_end, n_steps=n_steps, n_out=400)
        return traj, str(thresholds.classify_end_state(traj, axis=[1, 0, 0], tol=0.03)), jc

    def setup():
        fig = _figure((7.0, 3.4))
        ax3 = fig.add_subplot(1, 2, 1, projection="3d")
        ax = fig.add_subplot(1, 2, 2)
        _sphere(ax3, fontsize=FONT)  # frames are PNGs at 80 dpi: 9 pt = 10 px
        ax3.view_init(elev=20, azim=-30)
        (path,) = ax3.plot([], [], [], color="C0", linewidth=0.7, animated=True)
        (end,) = ax3.plot([], [], [], "s", color="C3", markersize=5, animated=True)
        lines = [ax.plot([], [], color=f"C{i}", label=f"$m_{c}$", animated=True)[0]
                 for i, c in enumerate("xyz")]
        ax.set(xlim=(0, t_end), ylim=(-1.05, 1.45), xlabel=r"time (units of $1/\gamma_0 M_s$)", ylabel="m")
        ax.legend(loc="lower left", fontsize=FONT, ncols=3)
        # inside the axes (room above m = 1): text outside would change the layout between frames
        text = ax.text(0.02, 0.98, "", transform=ax.transAxes, va="top", fontsize=FONT, animated=True)

        def draw(data, **values):
            traj, state, jc = data
            m = traj.m
            path.set_data_3d(m[:, 0], m[:, 1], m[:, 2])
            end.set_data_3d(m[-1:, 0], m[-1:, 1], m[-1:, 2])
            for i, line in enumerate(lines):
                line.set_data(traj.t, m[:, i])
            text.set_text(f"$j_c$ = {jc:.4f}, $j$ = {values['current'] * jc:.4f}: {state}")

        return fig, draw

    return Explorer(
        controls=[
            Slider("current", 0.0, 3.0, 0.05, 1.2, label="I / Ic", static=(0.5, 1.1, 1.2, 1.5, 2.5)),
            Slider("field", -0.04, 0.3, 0.01, 0.03, label="h = H/Mₛ", static=(0.0, 0.03, 0.15)),
            Slider("alpha", 0.05, 0.3, 0.01, 0.1, label="damping α", static=(0.05, 0.1, 0.2)),
            Slider("asymmetry", -0.5, 0.9, 0.05, 0.0, label="B/A", static=(-0.5, 0.0, 0.5)),
        ],
        compute=compute, setup=setup,
        title=f"Thin-film macrospin under spin-transfer torque (easy axis and p along x, hₖ = {hk:g})",
        alt=("Left: trajectory of the magnetization on the unit sphere; right: the components mx, my, mz "
             "against time."),
    )


@explorer
def critical_current_explorer(*, preset: studies.NanopillarPreset = studies.NANOPILLAR) -> Explorer:
    """Eq. (26) for a nanopillar (``preset``: M_s, volume, H_k): I_c against the in-plane field.

    Examples
    --------
    >>> type(critical_current_explorer()).__name__
    'Explorer'
    """
    pre = instance("preset", preset, studies.NanopillarPreset)
    mu0h_mT = np.linspace(-45.0, 200.0, 200)

    def ic_mA(field_mT, alpha, polarization):
        q, A, B = llg.slonczewski_coefficients(polarization=polarization)
        return 1e3 * si.critical_current_si(field=field_mT * 1e-3 / units.MU_0, hk=pre.hk, ms=pre.ms,
                                             volume=pre.volume, alpha=alpha, q=q, A=A, B=B)

    def eta0(polarization):
        q, A, B = llg.slonczewski_coefficients(polarization=polarization)
        return float(llg.slonczewski_eta(1.0, q=q, A=A, B=B))

    def compute(*, field, alpha, polarization):
        return ic_mA(mu0h_mT, alpha, polarization), ic_mA(np.array(field), alpha, polarization)

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.0, 3.4))
        (line,) = ax.plot([], [], animated=True)
        (point,) = ax.plot([], [], "o", color="C3", animated=True)
        ax.axvline(-pre.hk * units.MU_0 * 1e3, color="0.6", linewidth=0.8)
        ax.set(xlim=(mu0h_mT[0] - 5, mu0h_mT[-1]), ylim=(0, 50), xlabel=r"$\mu_0 H$ (mT)",
               ylabel="$I_c$ (mA)")
        text = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=FONT, animated=True)

        def draw(data, **values):
            curve, at = data
            line.set_data(mu0h_mT, curve)
            point.set_data([values["field"]], [float(at)])
            text.set_text(f"μ₀H = {values['field']:.0f} mT:  $I_c$ = {float(at):.2f} mA\n"
                          f"(α = {values['alpha']:.3f}, P = {values['polarization']:.2f}, "
                          f"η(0) = {eta0(values['polarization']):.3f})")

        return fig, draw

    return Explorer(
        controls=[
            Slider("field", -40.0, 200.0, 5.0, 0.0, label="μ₀H (mT)", static=(-40, 0, 50, 100, 200)),
            Slider("alpha", 0.005, 0.03, 0.001, pre.alpha, label="damping α", static=(0.005, 0.01, 0.02)),
            Slider("polarization", 0.2, 0.8, 0.05, pre.polarization, label="polarization P",
                   static=(0.2, 0.35, 0.6)),
        ],
        compute=compute, setup=setup,
        title=(f"Eq. (26) of Ralph & Stiles: critical current of the free layer (Mₛ = {pre.ms / 1e6:g} MA/m, "
               f"μ₀Hₖ = {pre.hk * units.MU_0 * 1e3:.0f} mT)"),
        alt="Critical current in milliamperes against the in-plane field, with a marker at the chosen field.",
    )
