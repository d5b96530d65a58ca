"""Figures and explorers of the nanomagnet chapter: nanomagnet master equation and the NMD equation
(Parcollet & Waintal (2006), "P&W")."""

from __future__ import annotations

import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.patches import Patch
from matplotlib.text import Text

from .. import nanomagnet as nm
from ..macrospin import uniaxial as U
from ..macrospin.figures_uniaxial import PHASE_COLORS as LLG_COLORS
from ..macrospin.figures_uniaxial import draw_phase_diagram as draw_llg_phase_diagram
from ..style import new_figure
from ..widgets import Choice, Explorer, Slider, explorer
from . import studies as st
from . import studies_checks as checks

__all__ = [
    "PHASE_COLORS",
    "level_diagram_figure",
    "master_equation_figure",
    "concentration_figure",
    "drift_diffusion_figure",
    "draw_nmd_phase_diagram",
    "nmd_vs_llg_figure",
    "channel_lines_figure",
    "hysteresis_figure",
    "zero_bias_figure",
    "telegraph_figure",
    "nmd_explorer",
    "hysteresis_explorer",
    "spectroscopy_figure",
]

#: colours of the seven NMD phases: the LLG colours of the uniaxial macrospin plus two for the NMD-only phases
PHASE_COLORS = {**LLG_COLORS, nm.MINUS | nm.SP: "#0072B2", nm.MINUS | nm.SP | nm.PLUS: "#D55E00",
                0: "#FFFFFF"}
_CODES = [c for c in nm.NMD_PHASE_LABELS]
_LUT = np.zeros(8, dtype=int)
for _k, _c in enumerate(_CODES):
    _LUT[_c] = _k
_CMAP = ListedColormap([PHASE_COLORS[c] for c in _CODES])
BIAS_RANGE, FIELD_RANGE = st.BIAS_RANGE, st.FIELD_RANGE
_SETS = {"upper left (q=0)": "upper left", "upper right (q=1/4)": "upper right",
         "lower left (q=0.3)": "lower left"}


def _legible(fig, minimum=10.0):
    """Raise every text of ``fig`` to at least ``minimum`` points (the book's legibility rule)."""
    for t in fig.findobj(Text):
        if t.get_fontsize() < minimum:
            t.set_fontsize(minimum)
    return fig


# ----------------------------------------------------------------------------- the grain
def level_diagram_figure():
    """Sketch of the grain's low-energy excitations A-E (after Fig. 2 of P&W).

    Majority (left) and minority (right) one-body ladders; A and B move an electron up within the
    majority or minority ladder, C and D move one between the ladders (changing ``S`` by one),
    E changes only ``S_z`` (precession, energy ~ kappa).
    """
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
    ax.set_axis_off()
    ax.set(xlim=(0, 10), ylim=(-0.5, 7.6))
    maj = np.arange(8) * 0.8  # majority spacing Delta_M (smaller), filled up to the 5th level
    mino = np.arange(5) * 1.3 + 0.4  # minority spacing Delta_m, filled up to the 2nd level
    for y in maj:
        ax.plot([0.6, 2.6], [y, y], color="k", lw=1.2)
    for y in mino:
        ax.plot([5.8, 7.8], [y, y], color="k", lw=1.2)
    for y in maj[:5]:
        ax.plot(1.6, y, "s", color="#0072B2", ms=7)
    for y in mino[:2]:
        ax.plot(6.8, y, "o", color="#D55E00", ms=7)
    ax.text(1.6, 6.9, "majority (Δ$_M$)", ha="center")
    ax.text(6.8, 6.9, "minority (Δ$_m$)", ha="center")
    arrows = {"A": ((2.3, maj[4]), (2.3, maj[5])), "B": ((7.5, mino[1]), (7.5, mino[2])),
              "C": ((2.6, maj[4]), (5.8, mino[2])), "D": ((5.8, mino[1]), (2.6, maj[5]))}
    where = {"A": 0.5, "B": 0.5, "C": 0.25, "D": 0.25}  # along each arrow, so C and D do not meet
    for name, (a, b) in arrows.items():
        ax.annotate("", xy=b, xytext=a, arrowprops={"arrowstyle": "->", "lw": 1.4, "color": "0.25"})
        f = where[name]
        ax.text(a[0] + f * (b[0] - a[0]) + 0.15, a[1] + f * (b[1] - a[1]) + (0.25 if name == "C" else -0.45),
                name, fontweight="bold")
    ax.text(8.3, 0.4, "E: S$_z$ → S$_z$ ± 1\n(precession, ~κ)", va="bottom")
    fig.set_label("Sketch of majority and minority one-body levels of the grain with the excitations "
                  "A and B (within a ladder), C and D (between ladders) and E (changing only the "
                  "component of S along z).")
    return _legible(fig)


def master_equation_figure(*, spin=20, temperature=0.05):
    """Current vs bias of the one-level grain for a parallel and an antiparallel lead, and the TMR.

    Left: ``I(V)`` (units e x rate) from the steady state of the master equation
    (:func:`spinlib.nanomagnet.studies.tmr_data`); right: ``I(theta=0) - I(theta=pi)`` (the quantity
    of the right panel of Fig. 3 of P&W).
    """
    d = st.tmr_data(spin=spin, temperature=temperature)
    fig, ax = new_figure(1, 2, figsize=(7.0, 3.2))
    ax[0].plot(d["bias"], d["I_P"], label="θ = 0")
    ax[0].plot(d["bias"], d["I_AP"], "--", label="θ = π")
    ax[0].set(xlabel="bias eV/κ", ylabel="current I (e·rate)")
    ax[0].legend()
    ax[1].plot(d["bias"], d["I_P"] - d["I_AP"], color="k")
    ax[1].axhline(0, color="0.6", lw=0.8)
    ax[1].set(xlabel="bias eV/κ", ylabel="I(0) − I(π)")
    return _legible(fig)


# ----------------------------------------------------------------------------- large-spin limit
def concentration_figure(*, rates=st.WIDE_SP, bias=30.0, field=-12.0, spins=(5, 20, 100, 1000),
                         temperature=0.5):
    """Distribution of ``u = S_z/S_0`` from the master equation concentrating on the NMD fixed point
    (:func:`spinlib.nanomagnet.studies_checks.concentration_data`)."""
    data, fp, stable = checks.concentration_data(rates=rates, bias=bias, field=field, spins=spins,
                                             temperature=temperature)
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.4))
    for s, (u, dens, _) in data.items():
        ax.plot(u, dens, lw=1.4, label=f"S₀ = {s}")
    for x, stb in zip(fp, stable, strict=True):
        ax.axvline(x, color="k", ls="-" if stb else ":", lw=1.0)
    ax.set(xlabel="u = S$_z$/S$_0$", ylabel="probability density", xlim=(-1, 1))
    ax.legend(loc="upper right")
    return _legible(fig)


def drift_diffusion_figure(*, rates=st.WIDE_SP, bias=30.0, field=-12.0, temperature=0.5, spin=1000):
    """NMD drift ``R(u)`` and diffusion ``D(u)`` (derived), with the printed ``D`` of Eq. (35c)
    (:func:`spinlib.nanomagnet.studies_checks.drift_diffusion_data`)."""
    d = checks.drift_diffusion_data(rates=rates, bias=bias, field=field, temperature=temperature, spin=spin)
    u = d["u"]
    fig, ax = new_figure(1, 2, figsize=(7.0, 3.2))
    ax[0].plot(u, 1e3 * d["R"], color="k")
    ax[0].axhline(0, color="0.6", lw=0.8)
    ax[0].set(xlabel="u", ylabel="R(u) (10⁻³ κ/ħ)")
    ax[1].plot(u, 1e3 * d["D"], color="k", label="derived")
    ax[1].plot(u, 1e3 * d["D_printed"], "--", color="#D55E00", label="printed (35c)")
    ax[1].set(xlabel="u", ylabel="D(u) (10⁻³ κ/ħ)")
    ax[1].legend()
    return _legible(fig)


# ----------------------------------------------------------------------------- phase diagrams
def draw_nmd_phase_diagram(ax, *, rates, n=200, bias_range=BIAS_RANGE, field_range=FIELD_RANGE,
                           legend=True, lines=True):
    """Colour the NMD phases (:func:`spinlib.nanomagnet.studies.phase_grid`) in the (v, h) plane."""
    code = st.phase_grid(rates, n, tuple(bias_range), tuple(field_range))
    ax.imshow(_LUT[code], origin="lower", extent=(*bias_range, *field_range), aspect="auto", cmap=_CMAP,
              vmin=-0.5, vmax=len(_CODES) - 0.5, interpolation="nearest")
    if lines:
        hh = np.linspace(*field_range, 200)
        for name, vv in nm.channel_lines(hh).items():
            ax.plot(vv, hh, lw=0.6, color="0.3", ls="-" if "up" in name else "--")
    ax.set(xlim=bias_range, ylim=field_range, xlabel="bias v̄", ylabel="field h̄")
    if legend:
        present = [c for c in _CODES if np.any(code == c)]
        ax.legend(handles=[Patch(color=PHASE_COLORS[c], label=nm.NMD_PHASE_LABELS[c]) for c in present],
                  loc="lower right", fontsize=10, framealpha=0.9)
    return code


def nmd_vs_llg_figure(*, n=200):
    """Reproduces Fig. 6 of P&W (three panels and the zoom) beside the LLG diagram of Fig. 5.

    Panels in two columns: the three rate sets of Fig. 6, the zoom of the upper right set, and the
    LLG diagram (:func:`spinlib.macrospin.figures_uniaxial.draw_phase_diagram`) at the ``q`` of the
    upper right set, whose high-bias limit it is (``I = Theta``, marked).
    """
    fig, axes = new_figure(3, 2, figsize=(7.0, 9.6))
    ax = axes.ravel()
    for k, (name, r) in enumerate(st.FIG6_SETS.items()):
        draw_nmd_phase_diagram(ax[k], rates=r, n=n, legend=(k == 0))
        ax[k].set_title(f"{name}: q={nm.torque_asymmetry(params=r):.2g}, Θ={nm.theta_all_open(params=r):.2g}")
    draw_nmd_phase_diagram(ax[3], rates=st.FIG6_UPPER_RIGHT, n=n, bias_range=(3.0, 7.0),
                           field_range=(-5.0, -3.5), legend=False)
    ax[3].set_title("upper right, zoom")
    q = nm.torque_asymmetry(params=st.FIG6_UPPER_RIGHT)
    th = nm.theta_all_open(params=st.FIG6_UPPER_RIGHT)
    draw_llg_phase_diagram(ax[4], params=U.UniaxialMacrospin(asymmetry=q), field_range=(-8.0, 2.0),
                           current_range=(-2.0, 8.0), n=300, legend=False, boundaries=True)
    ax[4].axhline(th, color="k", lw=1.0)
    ax[4].set_title(f"LLG (ch. 1), q̄={q:.2g}; line: Ī=Θ")
    ax[4].legend(handles=[Patch(color=LLG_COLORS[c], label=U.PHASE_LABELS[c]) for c in U.PHASES],
                 fontsize=10, loc="upper right")
    draw_nmd_phase_diagram(ax[5], rates=st.FIG6_LOWER_LEFT, n=n, bias_range=(3.0, 6.0),
                           field_range=(-4.0, -2.5), legend=False)
    ax[5].set_title("lower left, zoom")
    ax[0].get_legend().remove()
    fig.legend(handles=[Patch(color=PHASE_COLORS[c], label=nm.NMD_PHASE_LABELS[c]) for c in _CODES if c],
               loc="outside lower center", ncol=4, fontsize=10)
    return _legible(fig)


def channel_lines_figure(*, rates=st.FIG6_UPPER_RIGHT):
    """Reproduces Fig. 7 of P&W: channel-opening lines and the stability limits of ``u = +-1``."""
    fig, ax = new_figure(1, 1, figsize=(6.0, 4.2))
    v = np.linspace(*BIAS_RANGE, 400)
    h = np.linspace(*FIELD_RANGE, 400)
    V, H = np.meshgrid(v, h)
    code = st.phase_grid(rates, 400)
    ax.contour(V, H, (code & nm.PLUS) > 0, levels=[0.5], colors="k", linewidths=2.4)
    ax.contour(V, H, (code & nm.MINUS) > 0, levels=[0.5], colors="#0072B2", linewidths=2.4)
    styles = {"up at +1": ("#D55E00", "-"), "up at -1": ("#D55E00", "--"),
              "down at +1": ("#009E73", "-"), "down at -1": ("#009E73", "--")}
    for name, vv in nm.channel_lines(h).items():
        col, ls = styles[name]
        ax.plot(vv, h, color=col, ls=ls, lw=1.0, label=f"{name.split()[0]} channel opens at u={name[-2:]}")
    ax.plot([], [], color="k", lw=2.4, label="limit of stability of u=+1")
    ax.plot([], [], color="#0072B2", lw=2.4, label="limit of stability of u=−1")
    ax.set(xlim=BIAS_RANGE, ylim=FIELD_RANGE, xlabel="bias v̄", ylabel="field h̄")
    ax.legend(fontsize=10, loc="lower left", framealpha=0.9)
    return _legible(fig)


def hysteresis_figure(*, rates=st.FIG6_UPPER_RIGHT, field=-4.1, bias=5.5):
    """Reproduces Fig. 8 of P&W: hysteresis of the current in bias (left) and field (right)."""
    d = st.hysteresis_data(rates=rates, field=field, bias=bias)
    fig, ax = new_figure(1, 2, figsize=(7.0, 3.3))
    ax[0].plot(d["bias"], d["I_v_from_+1"].current, color="#E69F00", lw=2.5, label="from u = +1")
    ax[0].plot(d["bias"], d["I_v_from_-1"].current, color="#0072B2", lw=1.2, label="from u = −1")
    ax[0].set(xlabel="bias v̄", ylabel="current I", title=f"h̄ = {field:g}")
    ax[0].legend()
    ax[1].plot(d["field"], d["I_h"].current, color="k")
    ax[1].set(xlabel="field h̄", ylabel="current I", title=f"v̄ = {bias:g}")
    return _legible(fig)


# ----------------------------------------------------------------------------- zero bias
def zero_bias_figure(*, spin=1000, q=0.3, level=2.0):
    """Lead-induced damping vs temperature: exact linear response of Eq. (53) and the
    high-temperature limits (derived 1/32 and printed 1/16 of Eq. (54)); level ``epsilon`` in kappa."""
    d = st.zero_bias_data(spin=spin, q=q, level=level)
    fig, ax = new_figure(1, 1, figsize=(6.0, 3.4))
    ax.loglog(d["T"], d["exact"], color="k", label="Eq. (53), linear response")
    ax.loglog(d["T"], d["high_t"], "--", color="#009E73", label="high-T limit, derived (1/32)")
    ax.loglog(d["T"], 2 * d["high_t"], ":", color="#D55E00", label="Eq. (54) as printed (1/16)")
    ax.set(xlabel="k$_B$T/κ", ylabel="S$_0$(α$_{eff}$ − α$_B$)/Γ", title=f"ε = {level:g}κ, q = {q:g}")
    ax.legend()
    return _legible(fig)


def telegraph_figure(*, biases=(0.0, 3.0), spin=10, temperature=2.0, t_end=2.0e5, seed=1):
    """Telegraph switching between ``u = -1`` and ``u = +1`` (seeded master equation) at two biases
    (:func:`spinlib.nanomagnet.studies.telegraph_data`)."""
    data = st.telegraph_data(biases=biases, spin=spin, temperature=temperature, t_end=t_end, seed=seed)
    fig, axes = new_figure(len(biases), 1, figsize=(6.4, 2.2 * len(biases)), sharex=True)
    for ax, (b, d) in zip(np.atleast_1d(axes), data.items(), strict=True):
        ax.step(d["t"], d["u"], where="post", lw=0.4, color="k")
        ax.plot(d["t_nmd"], d["u_nmd"], color="#D55E00", lw=2.0)
        fp, stable = d["fixed_points"]
        for x in fp[~stable]:
            ax.axhline(x, color="#009E73", lw=1.0, ls="--")
        ax.set(ylabel="u", ylim=(-1.1, 1.1), xlim=(0, t_end),
               title=f"μ$_L$ = {b:g}κ: u > 0 for {100 * d['up_fraction']:.0f} % of this run "
                     f"(exact {100 * d['exact_up_fraction']:.1f} %)")
    np.atleast_1d(axes)[-1].set_xlabel("time (ħ/κ)")
    return _legible(fig)


# ----------------------------------------------------------------------------- explorers
@explorer
def nmd_explorer(*, n=120) -> Explorer:
    """The NMD phase diagram with a movable point, and ``du/dt`` there with its fixed points."""

    def compute(*, bias, field, rate_set):
        return {"code": st.phase_grid(st.FIG6_SETS[rate_set], n), "bias": bias, "field": field,
                **st.fixed_point_data(bias=bias, field=field, rate_set=rate_set)}

    def setup():
        fig, ax = new_figure(1, 2, figsize=(8.0, 4.4))
        img = ax[0].imshow(np.zeros((n, n)), origin="lower", extent=(*BIAS_RANGE, *FIELD_RANGE),
                           aspect="auto", cmap=_CMAP, vmin=-0.5, vmax=len(_CODES) - 0.5,
                           interpolation="nearest", animated=True)
        for spine in ax[0].spines.values():  # drawn after the animated image, as in a full draw
            spine.set_animated(True)
        (dot,) = ax[0].plot([], [], "o", mfc="white", mec="k", ms=8, animated=True)
        ax[0].set(xlim=BIAS_RANGE, ylim=FIELD_RANGE, xlabel="bias v̄", ylabel="field h̄")
        # outside the axes: the animated image is drawn over everything inside them
        fig.legend(handles=[Patch(color=PHASE_COLORS[c], label=nm.NMD_PHASE_LABELS[c])
                            for c in _CODES if c], fontsize=9, loc="outside lower center", ncol=4)
        ax[1].axhline(0, color="0.6", lw=0.8)
        (curve,) = ax[1].plot([], [], color="k", animated=True)
        (st,) = ax[1].plot([], [], "o", color="k", ms=8, animated=True, clip_on=False)
        (un,) = ax[1].plot([], [], "o", mfc="white", mec="k", ms=8, animated=True, clip_on=False)
        label = ax[1].text(0.03, 0.95, "", transform=ax[1].transAxes, va="top", animated=True)
        ax[1].set(xlim=(-1, 1), ylim=(-4, 4), xlabel="u", ylabel="du/dt̄")

        def draw(data, **values):
            img.set_data(_LUT[data["code"]])
            dot.set_data([data["bias"]], [data["field"]])
            curve.set_data(data["u"], data["udot"])
            pts, stb = data["pts"], data["stable"]
            st.set_data(pts[stb], 0 * pts[stb])
            un.set_data(pts[~stb], 0 * pts[~stb])
            code = int(nm.MINUS * stb[0] + nm.PLUS * stb[-1] + nm.SP * bool(stb[1:-1].any()))
            label.set_text(nm.NMD_PHASE_LABELS.get(code, "boundary"))

        _legible(fig, 9.0)
        return fig, draw

    return Explorer(
        # Static stops chosen so that every phase of every rate set shows at two frames or more (the
        # small (-1,SP) pocket of the upper right set at one, v = 5.1, h = -4.22): the precession
        # phases live in strips about 0.2 wide in h near -4.2 (upper right) and -3.1 (lower left).
        controls=[Slider("bias", BIAS_RANGE[0], BIAS_RANGE[1], 0.1, 5.0, label="bias v̄",
                         static=(0.0, 4.0, 5.0, 5.1, 6.0, 10.0)),
                  Slider("field", FIELD_RANGE[0], FIELD_RANGE[1], 0.01, -4.15, label="field h̄",
                         static=(-8.0, -4.22, -4.15, -3.2, -3.15, -3.05, 0.0)),
                  Choice("rate_set", tuple((k, v) for k, v in _SETS.items()), "upper right",
                         label="rates (Fig. 6 panel)")],
        compute=compute, setup=setup, title="NMD phase diagram and du/dt at a point",
        alt="Left: NMD phase diagram in the bias-field plane with a marker at the chosen point. "
            "Right: du/dt against u at that point, filled circles stable, open circles unstable.")


@explorer
def hysteresis_explorer(*, rates_name="upper right", bias=5.5) -> Explorer:
    """Hysteresis loop of the current in bias at a chosen field, from ``u = +1`` and ``u = -1``;
    ``bias`` is the fixed bias of the field sweep (right panel)."""
    tab = st.hysteresis_table(rates_name=rates_name, bias=bias)
    vv, stops, table, hh2, ih = tab["bias"], tab["stops"], tab["table"], tab["field"], tab["I_h"]

    def sweep(field):
        key = float(stops[np.argmin(np.abs(stops - field))])
        return table[key]

    def compute(*, field):
        a, b = sweep(float(field))
        return {"from_plus": a, "from_minus": b, "field": field}

    def setup():
        fig, ax = new_figure(1, 2, figsize=(8.0, 3.4))
        (l1,) = ax[0].plot([], [], color="#E69F00", lw=2.5, animated=True, label="from u = +1")
        (l2,) = ax[0].plot([], [], color="#0072B2", lw=1.2, animated=True, label="from u = −1")
        ax[0].set(xlim=(3.5, 7), ylim=(2, 5), xlabel="bias v̄", ylabel="current I")
        # below the panels, never over the data: the loops fill the whole bias range at some fields
        fig.legend(handles=[l1, l2], loc="outside lower center", ncol=2)
        ax[1].plot(hh2, ih, color="k")
        vline = ax[1].axvline(-4.1, color="0.5", ls=":", animated=True)
        ax[1].set(xlabel="field h̄", ylabel="current I", title=f"field sweep at v̄ = {bias:g}")

        def draw(data, **values):
            l1.set_data(vv, data["from_plus"])
            l2.set_data(vv, data["from_minus"])
            vline.set_xdata([data["field"], data["field"]])

        _legible(fig, 9.0)
        return fig, draw

    return Explorer(
        # two stops or more in each regime of the sweep: only u = -1 (h <= -4.35); one small loop
        # near -1 from both preparations (-4.3, -4.25); +1 kept and a loop from -1 (-4.15 to -4.0);
        # one switch from -1 to +1 (h >= -3.95). -4.2 lies on the Eq. (47) line of P&W: left out.
        controls=[Slider("field", -4.6, -3.6, 0.05, -4.1, label="field h̄",
                         static=(-4.5, -4.4, -4.3, -4.25, -4.15, -4.1, -4.05, -4.0, -3.9, -3.7))],
        compute=compute, setup=setup, title="Hysteresis of the current (Fig. 8)",
        alt="Current against bias, swept up and down, from the two initial states u=+1 and u=-1, "
            "at the chosen field; right: current against field at fixed bias.")


# ----------------------------------------------------------------------------- several levels
def spectroscopy_figure(*, n_bias=101, n_gate=51, spin=3, exchange=0.4):
    """In the spirit of Fig. 3 of P&W: dI/dV and I(0) - I(pi) over bias and gate, several levels."""
    d = st.spectroscopy_data(n_bias=n_bias, n_gate=n_gate, spin=spin, exchange=exchange)
    fig, ax = new_figure(1, 2, figsize=(7.0, 3.4))
    g = d["dIdV"]
    im = ax[0].pcolormesh(d["biases"], d["gates"], g, shading="auto", cmap="viridis",
                          vmin=0, vmax=float(np.percentile(g, 99.5)))
    fig.colorbar(im, ax=ax[0], label="dI/dV")
    diff = d["I_P"] - d["I_AP"]
    m = float(np.abs(diff).max())
    im = ax[1].pcolormesh(d["biases"], d["gates"], diff, shading="auto", cmap="RdBu_r", vmin=-m, vmax=m)
    fig.colorbar(im, ax=ax[1], label="I(0) − I(π)")
    for a in ax:
        a.set(xlabel="bias eV/κ", ylabel="gate V$_g$/κ")
    return _legible(fig)
