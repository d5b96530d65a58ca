"""Figures and the explorer of Sec. 1.3, the uniaxial phase diagram (Parcollet & Waintal 2006, Sec. V.1)."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch

from ..style import FONT, SMALL_FONT, new_figure
from ..widgets import Explorer, Slider, explorer
from . import studies
from . import uniaxial as U
from . import uniaxial_dynamics as UD

__all__ = [
    "PHASE_COLORS",
    "draw_phase_diagram",
    "phase_diagram_figure",
    "udot_panels_figure",
    "trajectories_figure",
    "hysteresis_figure",
    "phase_diagram_explorer",
]

#: colour of each phase code (colour-blind-safe palette, Okabe-Ito)
PHASE_COLORS = {
    U.MINUS: "#56B4E9",
    U.PLUS: "#E69F00",
    U.MINUS | U.PLUS: "#CC79A7",
    U.SP: "#009E73",
    U.SP | U.PLUS: "#F0E442",
}
_CODES = list(PHASE_COLORS)
_CMAP = ListedColormap([PHASE_COLORS[c] for c in _CODES])

FIELD_RANGE = (-6.0, 3.0)
CURRENT_RANGE = (-3.0, 7.0)


def draw_phase_diagram(ax, *, params, field_range=FIELD_RANGE, current_range=CURRENT_RANGE, n=400,
                       legend=True, boundaries=True, fontsize=SMALL_FONT):
    """Colour the phases of :func:`spinlib.macrospin.uniaxial.classify` on an n x n grid and overlay
    the analytic boundaries (Eqs. (47)-(49) of Parcollet & Waintal (2006)) and A, B, C.

    ``params`` is a :class:`spinlib.macrospin.uniaxial.UniaxialMacrospin` (scalar asymmetry).
    Returns the grid of phase codes.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> code = draw_phase_diagram(ax, params=studies.FIG5_ILLUSTRATION, n=40)
    >>> sorted(set(code.ravel().tolist())) == sorted(U.PHASES)
    True
    """
    h = np.linspace(*field_range, n)
    i = np.linspace(*current_range, n)
    H, I = np.meshgrid(h, i)
    code = U.classify(params=params, field=H, current=I)
    lut = np.zeros(8, dtype=int)  # classify returns only the five codes of _CODES
    for k, c in enumerate(_CODES):
        lut[c] = k
    index = lut[code]
    ax.imshow(index, origin="lower", extent=(*field_range, *current_range), aspect="auto", cmap=_CMAP,
              vmin=-0.5, vmax=len(_CODES) - 0.5, interpolation="nearest")
    if boundaries:
        hh = np.linspace(*field_range, 400)
        q = float(params.asymmetry)
        lines = U.boundary_currents(params=params, field=hh)
        ax.plot(hh, lines["plus"], "k-", lw=1.4, label="Eq. (47) of Parcollet & Waintal: $u=+1$ marginal")
        ax.plot(hh, lines["minus"], "k--", lw=1.4, label="Eq. (48) of Parcollet & Waintal: $u=-1$ marginal")
        if q > 0:
            pts = U.special_points(params=params)
            # the parabola is a phase boundary only between A and B (double root inside [-1, 1])
            ha = np.linspace(pts["A"][0], pts["B"][0], 200)
            ax.plot(hh, lines["parabola"], ":", color="0.35", lw=0.9)
            ax.plot(ha, U.boundary_currents(params=params, field=ha)["parabola"], "k:", lw=1.8,
                    label="Eq. (49) of Parcollet & Waintal: $u^*=u^{**}$ (A to B)")
            for name, (x, y) in pts.items():
                ax.plot(x, y, "ko", ms=4)
                ax.annotate(name, (x, y), xytext=(4, 4), textcoords="offset points", fontsize=11,
                            fontweight="bold")
    ax.set(xlim=field_range, ylim=current_range, xlabel=r"reduced field $\bar H$",
           ylabel=r"reduced current $\bar I$")
    if legend:
        patches = [Patch(color=PHASE_COLORS[c], label=U.PHASE_LABELS[c]) for c in _CODES
                   if c and np.any(code == c)]
        lines = ax.get_legend_handles_labels()[0] if boundaries else []
        ax.legend(handles=patches + lines, fontsize=fontsize, loc="upper right", framealpha=0.9)
    return code


def phase_diagram_figure(*, params=studies.FIG5_ILLUSTRATION, n=500):
    """Reproduces Fig. 5 of Parcollet & Waintal (2006): the phases of Eq. (44) in the (H, I) plane.

    Left: the whole diagram; right: a magnified view of the (SP,+1) triangle A-C-B.

    Examples
    --------
    >>> len(phase_diagram_figure(n=40).axes)
    2
    """
    fig, ax = new_figure(1, 2, figsize=(7.0, 3.6), gridspec_kw={"width_ratios": (1.35, 1)})
    draw_phase_diagram(ax[0], params=params, n=n)
    hc, ic = U.special_points(params=params)["C"]
    draw_phase_diagram(ax[1], params=params, n=n, legend=False,
                       field_range=(hc - 1.5, hc + 1.5), current_range=(ic - 0.6, ic + 1.2))
    ax[0].set_title(rf"phase diagram, $\bar q={params.asymmetry:g}$")
    ax[1].set_title("zoom around C")
    return fig


def udot_panels_figure(*, params=studies.FIG5_ILLUSTRATION, points=None):
    """Reproduces Fig. 4 of Parcollet & Waintal (2006): ``du/dtau`` in each of the five phases.

    Filled circles: stable fixed points; open circles: unstable ones.

    Examples
    --------
    >>> sum(ax.get_visible() for ax in udot_panels_figure().axes)
    5
    """
    points = studies.REPRESENTATIVE_POINTS if points is None else points
    ncols = 3
    nrows = -(-len(points) // ncols)
    fig, axes = new_figure(nrows, ncols, figsize=(7.0, 2.6 * nrows), sharey=False)
    axes = np.ravel(axes)
    for ax in axes[len(points):]:
        ax.set_visible(False)
    u = np.linspace(-1, 1, 401)
    for ax, (code, (h, i)) in zip(axes, points.items(), strict=False):
        r = U.udot(u, params=params, field=h, current=i)
        ax.axhline(0, color="0.6", lw=0.8)
        ax.plot(u, r, color="k", lw=1.5)
        fp, stable = U.fixed_points(params=params, field=h, current=i)
        ax.plot(fp[stable], 0 * fp[stable], "o", color="k", ms=7, clip_on=False)
        ax.plot(fp[~stable], 0 * fp[~stable], "o", mfc="white", mec="k", ms=7, clip_on=False)
        ax.set_title(f"{U.PHASE_LABELS[code]}\n" + rf"$\bar H={h:g},\ \bar I={i:g}$", fontsize=FONT,
                     backgroundcolor=PHASE_COLORS[code])
        ax.set_xlabel("$u$")
        ax.set_xlim(-1, 1)
    for ax in axes[::ncols]:
        ax.set_ylabel(r"$du/d\tau = R(u)$")
    return fig


def trajectories_figure(*, params=studies.FIG5_ILLUSTRATION, field=-2.0, current=1.75, n_traj=12,
                        t_end=120.0, seed=0):
    """``m_z(t)`` and the ``(m_x, m_y)`` path of Eq. (40) for several initial states.

    Shows bistability between ``u = +1`` and a precession state at a point of the (SP,+1) phase.

    Examples
    --------
    A few seconds (2400 RK4 steps per trajectory); the page draws it:

    >>> len(trajectories_figure(n_traj=2, t_end=10.0).axes)
    2
    """
    rng = np.random.default_rng(seed)
    theta = np.linspace(0.15, np.pi - 0.15, n_traj)
    phi = rng.uniform(0, 2 * np.pi, n_traj)
    m0 = np.stack([np.sin(theta) * np.cos(phi), np.sin(theta) * np.sin(phi), np.cos(theta)], axis=-1)
    traj = UD.integrate_llg(m0, params=params, field=field, current=current, t_end=t_end, n_steps=2400,
                           n_out=1200)
    t, m = traj.t, traj.m
    fig, ax = new_figure(1, 2, figsize=(7.0, 3.2), gridspec_kw={"width_ratios": (1.6, 1)})
    fp, stable = U.fixed_points(params=params, field=field, current=current)
    for k in range(n_traj):
        ax[0].plot(t, m[k, :, 2], lw=1.0)
    for u_s in fp[stable]:
        ax[0].axhline(u_s, color="k", ls="--", lw=0.8)
    ax[0].set(xlabel=r"time $t$ (units of $\hbar/2\kappa$)", ylabel="$m_z = u$", xlim=(0, t_end),
              ylim=(-1.05, 1.05),
              title=(rf"$\bar H={field:g},\ \bar I={current:g},\ \bar q={params.asymmetry:g},"
                     rf"\ \alpha={params.alpha:g}$"))
    last = slice(m.shape[1] // 2, None)
    for k in range(n_traj):
        ax[1].plot(m[k, last, 0], m[k, last, 1], lw=0.8)
    ax[1].set(xlabel="$m_x$", ylabel="$m_y$", xlim=(-1.05, 1.05), ylim=(-1.05, 1.05), aspect="equal",
              title="second half")
    return fig


def hysteresis_figure(*, params=studies.FIG5_ILLUSTRATION, fields=(0.5, -3.0), current_range=(-3.0, 7.0),
                      n=801):
    """Quasi-static current sweeps up and down at fixed field (beyond the paper).

    Top: ``u`` along the sweep; bottom: the linear relaxation time ``-1/R'(u)``, which
    diverges where the branch followed loses stability.

    Examples
    --------
    >>> len(hysteresis_figure(n=21).axes)
    4
    """
    up = np.linspace(*current_range, n)
    sweep = np.concatenate([up, up[::-1]])
    fig, ax = new_figure(2, len(fields), figsize=(3.5 * len(fields), 5.0), sharex=True)
    ax = np.atleast_2d(ax).reshape(2, len(fields))
    for col, h in enumerate(fields):
        u = UD.hysteresis_loop(params=params, field=h, currents=sweep, u_start=-1.0).u
        tr = UD.relaxation_time(u, params=params, field=h, current=sweep)
        for part, color, label in ((slice(0, n), "C3", r"$\bar I$ increasing"),
                                   (slice(n, 2 * n), "C0", r"$\bar I$ decreasing")):
            ax[0, col].plot(sweep[part], u[part], color=color, lw=1.6, label=label)
            ax[1, col].plot(sweep[part], tr[part], color=color, lw=1.2)
        ax[0, col].set(ylabel="$u$ (state followed)", ylim=(-1.1, 1.1),
                       title=rf"$\bar H={h:g}$, $\bar q={params.asymmetry:g}$")
        ax[1, col].set(xlabel=r"$\bar I$", ylabel=r"$-1/R'(u)$ (units of $\tau$)", yscale="log",
                       ylim=(0.05, 200))
        ax[0, col].legend(fontsize=SMALL_FONT, loc="lower right")
    return fig


@explorer
def phase_diagram_explorer(*, params: U.UniaxialMacrospin = studies.FIG5_ILLUSTRATION) -> Explorer:
    """The phase diagram at the torque asymmetry of ``params`` (q-bar, default 0.5) with a movable
    point and the ``R(u)`` curve at that point.

    Examples
    --------
    >>> type(phase_diagram_explorer()).__name__
    'Explorer'
    """
    params = U.UniaxialMacrospin(asymmetry=float(params.asymmetry), alpha=params.alpha)
    q = params.asymmetry
    u = np.linspace(-1.0, 1.0, 201)

    def compute(*, field, current):
        r = U.udot(u, params=params, field=field, current=current)
        fp, stable = U.fixed_points(params=params, field=field, current=current)
        code = int(U.classify(params=params, field=field, current=current))
        scale = float(np.max(np.abs(r)))
        sp_u = fp[1:-1][stable[1:-1]]
        omega = float(U.precession_frequency(sp_u[0], field=field)) if sp_u.size else None
        return SimpleNamespace(r=r / scale if scale > 0 else r, scale=scale, fp=fp, stable=stable, code=code,
                               omega=omega, sp_u=sp_u)

    def setup():
        fig, ax = new_figure(1, 2, figsize=(7.0, 3.4))
        # no legend here: it would hide half the plane; the readout names the phase in its colour
        draw_phase_diagram(ax[0], params=params, n=300, legend=False, fontsize=FONT)
        (point,) = ax[0].plot([], [], "o", ms=10, mfc="white", mec="k", mew=2, animated=True)
        ax[1].axhline(0, color="0.6", lw=0.8)
        (curve,) = ax[1].plot([], [], "k-", lw=1.8, animated=True)
        (st,) = ax[1].plot([], [], "o", color="k", ms=9, clip_on=False, animated=True, label="stable")
        (un,) = ax[1].plot([], [], "o", mfc="white", mec="k", ms=9, clip_on=False, animated=True,
                           label="unstable")
        label = ax[1].text(0.03, 0.96, "", transform=ax[1].transAxes, va="top", fontsize=FONT, animated=True,
                           bbox=dict(boxstyle="round", fc="white", ec="0.5"))
        ax[1].set(xlim=(-1, 1), ylim=(-1.1, 1.1), xlabel=r"$u=\cos\theta$",
                  ylabel=r"$R(u)\,/\,\max_u|R|$", title=r"$du/d\tau = R(u)$ at the chosen point")
        ax[1].legend(loc="lower right", fontsize=FONT)
        ax[0].set_title(rf"phase diagram, $\bar q={q:g}$ (move the point)")

        def draw(data, *, field, current):
            point.set_data([field], [current])
            curve.set_data(u, data.r)
            st.set_data(data.fp[data.stable], np.zeros(int(data.stable.sum())))
            un.set_data(data.fp[~data.stable], np.zeros(int((~data.stable).sum())))
            text = f"phase {U.PHASE_LABELS[data.code]}\nmax|R| = {data.scale:.3g}"
            if data.omega is not None:
                text += f"\nSP: u* = {data.sp_u[0]:.3f}, " + r"$\dot\phi$" + f" = {data.omega:.3f}"
            label.set_text(text)
            label.set_backgroundcolor(PHASE_COLORS.get(data.code, "white"))

        return fig, draw

    return Explorer(
        controls=[
            Slider("field", *FIELD_RANGE, 0.05, -2.0, label="reduced field H̄",
                   static=(-5, -4, -3, -2, -1, 0, 1, 2)),
            Slider("current", *CURRENT_RANGE, 0.05, 1.75, label="reduced current Ī",
                   static=(-2, 0, 1, 1.75, 2.5, 3.5, 5)),
        ],
        compute=compute,
        setup=setup,
        title=f"Uniaxial macrospin with spin torque: phase diagram and du/dτ (q̄ = {q:g})",
        alt="Left: the phase diagram of the uniaxial macrospin in the plane of reduced field and current, "
            "with a marker at the chosen point. Right: the curve du/dtau versus u at that point, with "
            "stable fixed points filled and unstable ones open.",
    )
