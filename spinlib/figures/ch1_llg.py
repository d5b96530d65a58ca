"""Figures and explorers of chapter 1.2 (macrospin LLG, Slonczewski torque, critical current)."""

from __future__ import annotations

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from .. import llg, units
from ..widgets import DPI, Explorer, Slider, new_figure
from . import explorer

__all__ = [
    "FIG8_CASES",
    "fig8_case",
    "fig8_trajectories",
    "critical_current_vs_field",
    "switching_time_figure",
    "trajectory_explorer",
    "critical_current_explorer",
]

# Parameters of the Fig. 8 panels: (panel, geometry, params kwargs, current / j_c, initial tilt).
FIG8_CASES = (
    ("b", "isotropic", dict(field=1.0, alpha=0.1, asymmetry=0.0), 0.5),
    ("c", "isotropic", dict(field=1.0, alpha=0.1, asymmetry=-0.5), 2.0),
    ("d", "isotropic", dict(field=1.0, alpha=0.1, asymmetry=0.0), 2.0),
    ("g", "thin film", dict(field=0.03, hk=0.05, alpha=0.1, asymmetry=0.0), 1.2),
    ("h", "thin film", dict(field=0.03, hk=0.05, alpha=0.1, asymmetry=0.0), 1.4),
)


def _figure(figsize) -> Figure:
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def _sphere(ax, *, n=13):
    u = np.linspace(0, 2 * np.pi, 2 * n)
    v = np.linspace(0, np.pi, n)
    ax.plot_wireframe(np.outer(np.cos(u), np.sin(v)), np.outer(np.sin(u), np.sin(v)),
                      np.outer(np.ones_like(u), np.cos(v)), color="0.75", linewidth=0.4, alpha=0.5)
    ax.set(xlim=(-1, 1), ylim=(-1, 1), zlim=(-1, 1), xticks=[-1, 0, 1], yticks=[-1, 0, 1], zticks=[-1, 0, 1])
    ax.set_xlabel("$m_x$", labelpad=-8)
    ax.set_ylabel("$m_y$", labelpad=-8)
    ax.set_zlabel("$m_z$", labelpad=-10)
    ax.tick_params(labelsize=7, pad=-2)
    ax.set_box_aspect((1, 1, 1))


def fig8_case(panel: str):
    """Parameters, trajectory and end state of one panel of :data:`FIG8_CASES`."""
    _, geom, kw, ratio = next(c for c in FIG8_CASES if c[0] == panel)
    if geom == "isotropic":
        P = llg.isotropic_preset(**kw)
        jc = llg.critical_current(field=kw["field"], demag=0.0, alpha=kw["alpha"], q=P.q, A=P.A, B=P.B)
        m0 = np.array([np.sin(0.2), 0.0, np.cos(0.2)])
        t_end, n = 200.0, 2000
    else:
        P = llg.thin_film_preset(**kw)
        jc = llg.critical_current(field=kw["field"], hk=kw["hk"], alpha=kw["alpha"], q=P.q, A=P.A, B=P.B)
        m0 = np.array([np.cos(0.1), 0.07, 0.07])
        t_end, n = 800.0, 6400
    traj = llg.integrate(m0, params=P, current=ratio * jc, t_end=t_end, n_steps=n, n_out=n // 2)
    state = llg.classify_end_state(traj, axis=P.fixed)
    return P, ratio * jc, traj, str(state)


def fig8_trajectories() -> Figure:
    """Reproduces Fig. 8(b)-(d), (g), (h) of Ralph & Stiles (2008) by integrating LLG + Eq. (25)."""
    fig = _figure((11, 3.2))
    for k, (panel, geom, kw, ratio) in enumerate(FIG8_CASES):
        ax = fig.add_subplot(1, 5, k + 1, projection="3d")
        _sphere(ax)
        _, _, traj, state = fig8_case(panel)
        m = traj.m
        ax.plot(m[:, 0], m[:, 1], m[:, 2], color="C0", linewidth=0.7)
        ax.plot(*m[0], "o", color="C2", markersize=4)
        ax.plot(*m[-1], "s", color="C3", markersize=4)
        ax.view_init(elev=20, azim=-60 if geom == "isotropic" else -30)
        ax.set_title(f"({panel}) {geom}\nI/I_c = {ratio:g}, B/A = {kw['asymmetry']:g}: {state}", fontsize=8)
    return fig


def critical_current_vs_field(*, hk: float = 0.05, alpha: float = 0.02, asymmetry: float = 0.3,
                              n_fields: int = 7) -> Figure:
    """Eq. (26) against the instability threshold found by simulation (thin film)."""
    b = asymmetry
    hs = np.linspace(-0.8 * hk, 0.3, 200)
    P_line = dict(hk=hk, alpha=alpha, q=1 + b, A=1.0, B=b)
    jc = llg.critical_current(field=hs, **P_line)
    jc_ll = llg.critical_current_ll_insertion(field=hs, **P_line)
    hsim = np.linspace(0.0, 0.3, n_fields)
    jsim_an = llg.critical_current(field=hsim, **P_line)
    P = llg.thin_film_preset(field=hsim, hk=hk, alpha=alpha, asymmetry=b)
    jsim = llg.simulated_critical_current(params=P, bracket=(0.6 * jsim_an, 1.3 * jsim_an), t_end=200.0,
                                          dt=0.2, n_grid=12, n_iter=3)
    fig, ax = new_figure(1, 2, figsize=(9, 3.4))
    ax[0].plot(hs, jc, label="Eq. (26) (exact, Gilbert insertion)")
    ax[0].plot(hs, jc_ll, "--", label="torque in LL form: $/(1+\\alpha^2)$")
    ax[0].plot(hsim, jsim, "o", label="simulation (bisection)")
    ax[0].axvline(-hk, color="0.6", linewidth=0.8)
    ax[0].set(xlabel="field $h = H/M_s$", ylabel="$j_c$ (units of $\\hbar/2e\\mu_0 M_s^2 V$)",
              title=f"$h_k$ = {hk}, $\\alpha$ = {alpha}, B/A = {b}")
    ax[0].legend(fontsize=8)
    ax[1].plot(hsim, jsim / jsim_an - 1, "o-")
    ax[1].axhline(0, color="0.6", linewidth=0.8)
    ax[1].set(xlabel="field $h$", ylabel="simulated / Eq. (26) $- 1$", ylim=(-2e-3, 2e-3))
    return fig


def switching_time_figure(*, field: float = 0.0, hk: float = 0.05, alpha: float = 0.05,
                          tilt: float = 0.05) -> Figure:
    """Time to reverse against I/I_c (thin film) with the linear-growth estimate."""
    P = llg.thin_film_preset(field=field, hk=hk, alpha=alpha)
    jc = llg.critical_current(field=field, hk=hk, alpha=alpha, q=P.q, A=P.A, B=P.B)
    ratios = np.linspace(1.5, 6.0, 19)
    m0 = np.array([np.cos(tilt), np.sin(tilt) / np.sqrt(2), np.sin(tilt) / np.sqrt(2)])
    traj = llg.integrate(m0, params=P, current=ratios * jc, t_end=1500.0, n_steps=15000, n_out=3000)
    tsw = llg.switching_time(traj, axis=[1, 0, 0])
    # linear theory: amplitude grows as exp[(a - a_c) t / (1 + alpha^2)], a = j eta(0)
    est = (1 + alpha**2) * np.log(1.0 / tilt) / (jc * (ratios - 1))
    fig, ax = new_figure(1, 1, figsize=(5.5, 3.4))
    t0 = llg.time_unit(ms=llg.NANOPILLAR.ms) * 1e9
    ax.plot(ratios, tsw * t0, "o", label="simulation: first $m_x < 0$")
    ax.plot(ratios, est * t0, "-", label="linear growth: $(1+\\alpha^2)\\ln(1/\\theta_0)/(a-a_c)$")
    ax.set(xlabel="$I/I_c$", ylabel="switching time (ns, $M_s$ = 1.4 MA/m)", yscale="log",
           title=f"$h$ = {field}, $h_k$ = {hk}, $\\alpha$ = {alpha}, $\\theta_0$ = {tilt}")
    ax.legend(fontsize=8)
    return fig


# --------------------------------------------------------------------------------- explorers
@explorer
def trajectory_explorer() -> Explorer:
    """m(t) of the thin-film macrospin under spin torque: sphere and components."""
    t_end, n_steps = 400.0, 800
    hk = 0.05

    def compute(*, current, field, alpha, asymmetry):
        P = llg.thin_film_preset(field=field, hk=hk, alpha=alpha, asymmetry=asymmetry)
        jc = llg.critical_current(field=field, hk=hk, alpha=alpha, q=P.q, A=P.A, B=P.B)
        traj = llg.integrate(np.array([np.cos(0.1), 0.07, 0.07]), params=P, current=current * jc,
                             t_end=t_end, n_steps=n_steps)
        return traj, str(llg.classify_end_state(traj, axis=[1, 0, 0], tol=0.03)), jc

    def setup():
        fig = _figure((9, 3.6))
        ax3 = fig.add_subplot(1, 2, 1, projection="3d")
        ax = fig.add_subplot(1, 2, 2)
        _sphere(ax3)
        ax3.view_init(elev=20, azim=-30)
        (path,) = ax3.plot([], [], [], color="C0", linewidth=0.7, animated=True)
        (end,) = ax3.plot([], [], [], "s", color="C3", markersize=5, animated=True)
        lines = [ax.plot([], [], color=f"C{i}", label=f"$m_{c}$", animated=True)[0]
                 for i, c in enumerate("xyz")]
        ax.set(xlim=(0, t_end), ylim=(-1.05, 1.05), xlabel="time (units of $1/\\gamma_0 M_s$)", ylabel="m")
        ax.legend(loc="lower left", fontsize=8, ncols=3)
        text = ax.text(0.0, 1.02, "", transform=ax.transAxes, va="bottom", fontsize=9, animated=True)

        def draw(data, **values):
            traj, state, jc = data
            m = traj.m
            path.set_data_3d(m[:, 0], m[:, 1], m[:, 2])
            end.set_data_3d(m[-1:, 0], m[-1:, 1], m[-1:, 2])
            for i, line in enumerate(lines):
                line.set_data(traj.t, m[:, i])
            text.set_text(f"j_c = {jc:.4f}, j = {values['current'] * jc:.4f}: {state}")

        return fig, draw

    return Explorer(
        controls=[
            Slider("current", 0.0, 3.0, 0.05, 1.2, label="I/I_c", static=(0.5, 1.1, 1.2, 1.5, 2.5)),
            Slider("field", -0.04, 0.3, 0.01, 0.03, label="h = H/M_s", static=(0.0, 0.03, 0.15)),
            Slider("alpha", 0.05, 0.3, 0.01, 0.1, label="damping alpha", static=(0.1,)),
            Slider("asymmetry", -0.5, 0.9, 0.05, 0.0, label="B/A", static=(-0.5, 0.0, 0.5, 0.9)),
        ],
        compute=compute, setup=setup,
        title="Thin-film macrospin under spin-transfer torque (easy axis and p along x, h_k = 0.05)",
        alt="Left: trajectory of the magnetization on the unit sphere; right: m_x, m_y, m_z against time.",
    )


@explorer
def critical_current_explorer() -> Explorer:
    """Eq. (26) for the illustrative nanopillar: I_c against the in-plane field, with a readout."""
    pre = llg.NANOPILLAR
    mu0h_mT = np.linspace(-45.0, 200.0, 200)

    def ic_mA(field_mT, alpha, polarization):
        q, A, B = llg.slonczewski_coefficients(polarization=polarization)
        return 1e3 * llg.critical_current_si(field=field_mT * 1e-3 / units.MU_0, hk=pre.hk, ms=pre.ms,
                                             volume=pre.volume, alpha=alpha, q=q, A=A, B=B)

    def compute(*, field, alpha, polarization):
        return ic_mA(mu0h_mT, alpha, polarization), ic_mA(np.array(field), alpha, polarization)

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.5, 3.6))
        (line,) = ax.plot([], [], animated=True)
        (point,) = ax.plot([], [], "o", color="C3", animated=True)
        ax.axvline(-pre.hk * units.MU_0 * 1e3, color="0.6", linewidth=0.8)
        ax.set(xlim=(mu0h_mT[0] - 5, mu0h_mT[-1]), ylim=(0, 50), xlabel="$\\mu_0 H$ (mT)",
               ylabel="$I_c$ (mA)")
        text = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, animated=True)

        def draw(data, **values):
            curve, at = data
            line.set_data(mu0h_mT, curve)
            point.set_data([values["field"]], [float(at)])
            text.set_text(f"mu0 H = {values['field']:.0f} mT:  I_c = {float(at):.2f} mA\n"
                          f"(alpha = {values['alpha']:.3f}, P = {values['polarization']:.2f}, "
                          f"eta(0) = {eta0(values['polarization']):.3f})")

        return fig, draw

    def eta0(P):
        q, A, B = llg.slonczewski_coefficients(polarization=P)
        return q / (A + B)

    return Explorer(
        controls=[
            Slider("field", -40.0, 200.0, 5.0, 0.0, label="mu0 H (mT)", static=(-40, 0, 50, 100, 200)),
            Slider("alpha", 0.005, 0.03, 0.001, 0.01, label="damping alpha", static=(0.005, 0.01, 0.02)),
            Slider("polarization", 0.2, 0.8, 0.05, 0.35, label="polarization P", static=(0.2, 0.35, 0.6)),
        ],
        compute=compute, setup=setup,
        title=("Eq. (26): critical current of a 130 x 70 x 3 nm Co free layer "
               "(M_s = 1.4 MA/m, mu0 H_k = 50 mT)"),
        alt="Critical current in milliamperes against the in-plane field, with a marker at the chosen field.",
    )

