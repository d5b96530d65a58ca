"""Figures and explorers of the magnon-transport chapter: drawing only.

Reproductions of Figs. 2-4 of Bender, Duine & Tserkovnyak, Phys. Rev. B 99, 024434 (2019)
and two interactive explorers. Every number drawn comes from
:mod:`spinlib.magnon_transport.studies` (presets, sweeps, analyses) or the physics modules
(:mod:`~spinlib.magnon_transport.junction`, :mod:`~spinlib.magnon_transport.transport`);
nothing is computed here. Units: bias ``eV/hbar Omega``, temperature ``k_B T/hbar Omega``.

Figures are drawn for a 672 px text column: widths <= 7 in and fonts >= ``SMALL_FONT`` (8 pt),
so every text is >= 10 CSS px when the figure is shown 672 px wide.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np
from matplotlib.colors import BoundaryNorm, TwoSlopeNorm

from ..style import FONT, SMALL_FONT, new_figure, style_axes
from ..validate import in_range, positive
from ..widgets import Choice, Explorer, Slider, explorer
from . import studies
from .junction import JunctionParams, critical_bias, steady_state
from .transport import resistance, stt_mat_ratio

__all__ = [
    "fig2_magnon_number",
    "fig3_ratio_map",
    "fig4_resistance",
    "resistance_explorer",
    "ratio_explorer",
]

_LEGEND = {"fontsize": SMALL_FONT, "title_fontsize": SMALL_FONT}


def _palette(n):
    from matplotlib import colormaps

    return colormaps["coolwarm"](np.linspace(0.0, 1.0, n))




# ---------------------------------------------------------------------------
# Static figures
# ---------------------------------------------------------------------------
def fig2_magnon_number(*, bias_max=10.0, n=401):
    """Reproduces Fig. 2 (left) of Bender et al. (2019): ``N_s(V)`` for ``T/hbar Omega = 0..10``.

    Antiparallel junction, ``alpha_p/alpha_e = 25``, ``P_L = 0.2``. Right panel
    (beyond the paper): the classical ``gamma N_0`` and quantum ``gamma N~`` parts at
    ``T = hbar Omega``.

    Parameters
    ----------
    bias_max : float
        Half-width of the bias axis, ``eV/hbar Omega``.
    n : int
        Points of the bias grid.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels.

    Examples
    --------
    >>> from spinlib.magnon_transport import figures
    >>> len(figures.fig2_magnon_number(n=41).axes)
    2
    """
    v = np.linspace(-bias_max, bias_max, n)
    temps = studies.FIG2_TEMPERATURES
    ns = studies.family(v, temps, params=studies.FIG2, orientation=-1, quantity="magnon_number")
    fig, (ax, ax2) = new_figure(1, 2, figsize=(7.0, 3.4), gridspec_kw={"width_ratios": [1.3, 1]})
    for colour, t, row in zip(_palette(len(temps)), temps, ns, strict=True):
        ax.plot(v, row, color=colour, lw=1.4, label=f"{t:g}")
    ax.set(xlabel=r"bias $eV/\hbar\Omega$", ylabel=r"magnon number $N_s$", xlim=(v[0], v[-1]), ylim=(0, None),
           title="AP, $S/S_c=25$, $P_L=0.2$")
    ax.legend(title=r"$k_BT/\hbar\Omega$", ncol=2, loc="upper left", **_LEGEND)
    ss = steady_state(v, temperature=1.0, params=studies.FIG2, orientation=-1)
    ax2.plot(v, ss.magnon_number, "k", lw=2, label=r"$N_s$")
    ax2.plot(v, ss.classical, "C0--", label=r"$\gamma N_0$")
    ax2.plot(v, ss.quantum, "C3-.", label=r"$\gamma\tilde N$")
    ax2.axhline(0, color="0.6", lw=0.6)
    ax2.set(xlabel=r"bias $eV/\hbar\Omega$", xlim=(v[0], v[-1]), title=r"parts at $k_BT=\hbar\Omega$")
    ax2.legend(fontsize=SMALL_FONT)
    return style_axes(fig, label_size=FONT)


_RNORM = TwoSlopeNorm(vmin=-2.0, vcenter=0.0, vmax=2.0)


def _log_ratio(abs_r):
    return np.log10(np.clip(abs_r, 1e-300, 1e300))


def _draw_ratio(ax, v, t, abs_r, t_star, *, title):
    lr = _log_ratio(abs_r)
    mesh = ax.pcolormesh(v, t, np.clip(lr, -2, 2), cmap="RdBu_r", norm=_RNORM, shading="auto",
                         rasterized=True)
    ax.contour(v, t, lr, levels=[0.0], colors="0.25", linestyles="--", linewidths=1.0)
    ax.plot(v, t_star, "k", lw=2)
    ax.set(xlim=(v[0], v[-1]), ylim=(t[0], t[-1]), title=title, xlabel=r"$eV/\hbar\Omega$")
    return mesh


def fig3_ratio_map(*, bias_max=10.0, t_max=4.0, nv=241, nt=160):
    """Reproduces Fig. 3 of Bender et al. (2019): ``r = G'_STT/G'_MAT`` over bias and temperature.

    Colour: ``log10 |r|`` (red: STT dominates the nonlinearity, blue: MAT);
    dashed: ``|r| = 1``; thick solid line: ``N_0 = N~``. Top: ``S/S_c = 25`` (main panel);
    bottom: 250 and 2.5 (the paper's insets). Antiparallel junction, ``P_L = 0.2``.

    Parameters
    ----------
    bias_max, t_max : float
        Half-width of the bias axis (``eV/hbar Omega``) and top of the temperature axis
        (``k_B T/hbar Omega``).
    nv, nt : int
        Points of the bias and temperature grids.

    Returns
    -------
    matplotlib.figure.Figure
        Three maps and a colour bar.

    Examples
    --------
    >>> from spinlib.magnon_transport import figures
    >>> len(figures.fig3_ratio_map(nv=21, nt=8).axes)
    4
    """
    v = np.linspace(-bias_max, bias_max, nv)
    t = np.linspace(t_max / nt, t_max, nt)
    fig = new_figure(1, 1, figsize=(7.0, 6.4))[0]
    fig.clf()
    grid = fig.add_gridspec(2, 2, height_ratios=[1.25, 1])
    axes = [fig.add_subplot(grid[0, :]), fig.add_subplot(grid[1, 0]), fig.add_subplot(grid[1, 1])]
    for ax, rho in zip(axes, studies.FIG3_SPIN_RATIOS, strict=True):
        p = replace(studies.FIG2, spin_ratio=rho)
        abs_r, t_star = studies.ratio_map(v, t, params=p, orientation=-1)
        mesh = _draw_ratio(ax, v, t, abs_r, t_star, title=f"$S/S_c = {rho:g}$")
        ax.set_ylabel(r"$k_BT/\hbar\Omega$")
    cbar = fig.colorbar(mesh, ax=axes, label=r"$\log_{10}|r|$", shrink=0.9)
    cbar.ax.tick_params(labelsize=FONT)
    cbar.ax.yaxis.label.set_size(FONT)
    return style_axes(fig, label_size=FONT)


def fig4_resistance(*, bias_max=12.0, n=401, n_scan=1201):
    """Reproduces Fig. 4 of Bender et al. (2019): ``R(V)`` for P, AP and unpolarised junctions.

    Panels (three rows of two): P, AP, unpolarised at ``T/hbar Omega = 0..2`` in steps of
    1/4; the paper's inset (P, ``T/hbar Omega = 0..8`` in steps of 1/2); beyond the paper,
    the bias positions of the extrema of ``R`` versus temperature (from the analytic
    ``dR/dV``); and ``N_s(V)`` of the parallel junction. Plotted: ``S [R(V) - R(0)] G0``,
    each curve referred to its own zero-bias value; to leading order in ``1/S`` it does
    not depend on ``S`` at fixed ``S/S_c``.

    Parameters
    ----------
    bias_max : float
        Half-width of the bias axis, ``eV/hbar Omega``.
    n : int
        Points of the bias grid (odd, so that ``V = 0`` is on it).
    n_scan : int
        Points of the bias grid on ``|eV| <= 6 hbar Omega`` scanned for the extrema of ``R``.

    Returns
    -------
    matplotlib.figure.Figure
        Six panels.

    Examples
    --------
    >>> from spinlib.magnon_transport import figures
    >>> len(figures.fig4_resistance(n=41, n_scan=121).axes)
    6
    """
    v = np.linspace(-bias_max, bias_max, n)
    low = studies.FIG4_TEMPERATURES
    high = studies.FIG4_INSET_TEMPERATURES
    fig, axes = new_figure(3, 2, figsize=(7.0, 8.6))
    axes = axes.ravel()
    cases = (("parallel (P)", studies.FIG2, 1), ("antiparallel (AP)", studies.FIG2, -1),
             (r"unpolarised ($P_L=G_m=0$)", studies.UNPOLARISED, 1))
    ylabel = r"$S\,G_0\,[R(V)-R(0)]$"
    for ax, (title, p, eta) in zip(axes[:3], cases, strict=True):
        r = studies.family(v, low, params=p, orientation=eta)
        for colour, t, row in zip(_palette(len(low)), low, r, strict=True):
            ax.plot(v, p.spin * (row - row[n // 2]), color=colour, lw=1.3, label=f"{t:g}")
        ax.set(title=title, xlim=(v[0], v[-1]), xlabel=r"$eV/\hbar\Omega$", ylabel=ylabel)
    axes[2].legend(title=r"$k_BT/\hbar\Omega$", ncol=3, loc="lower center", **_LEGEND)
    r = studies.family(v, high, params=studies.FIG2, orientation=1)
    ax = axes[3]
    for colour, row in zip(_palette(len(high)), r, strict=True):
        ax.plot(v, studies.FIG2.spin * (row - row[n // 2]), color=colour, lw=1.2)
    ax.set(title=r"P, $k_BT/\hbar\Omega = 0..8$ (inset)", xlim=(v[0], v[-1]),
           xlabel=r"$eV/\hbar\Omega$", ylabel=ylabel)
    # beyond the paper: where R has extrema (zeros of the analytic dR/dV), versus temperature
    temps = np.arange(0.05, 4.0001, 0.05)
    vv = np.linspace(-6.0, 6.0, n_scan)
    for eta, colour, name in ((1, "k", "P"), (-1, "C3", "AP")):
        scan = studies.extrema_versus_temperature(vv, temps, params=studies.FIG2, orientation=eta)
        for t, mins, maxs in scan:
            axes[4].plot(mins, np.full(mins.shape, t), "v", color=colour, ms=3.5, mfc="none")
            axes[4].plot(maxs, np.full(maxs.shape, t), "^", color=colour, ms=3.5)
        axes[4].plot([], [], "v", color=colour, mfc="none", label=f"{name}: minimum (valley)")
        axes[4].plot([], [], "^", color=colour, label=f"{name}: maximum")
    axes[4].set(xlim=(vv[0], vv[-1]), ylim=(0, temps[-1]), xlabel=r"$eV/\hbar\Omega$",
                ylabel=r"$k_BT/\hbar\Omega$", title="extrema of $R$ ($dR/dV=0$)")
    axes[4].legend(loc="upper right", fontsize=SMALL_FONT, ncol=1)
    ns = studies.family(v, low, params=studies.FIG2, orientation=1, quantity="magnon_number")
    for colour, row in zip(_palette(len(low)), ns, strict=True):
        axes[5].plot(v, row, color=colour, lw=1.2)
    axes[5].set(title=r"P: magnon number $N_s(V)$", xlabel=r"$eV/\hbar\Omega$", ylabel="$N_s$",
                xlim=(v[0], v[-1]), ylim=(0, None))
    return style_axes(fig, label_size=FONT)


# ---------------------------------------------------------------------------
# Explorers
# ---------------------------------------------------------------------------
@explorer
def resistance_explorer(*, island_polarization=0.2, spin=1.0e4, bias_max=5.0) -> Explorer:
    """R(V) and N_s(V) live in temperature, S/S_c, P_L and orientation.

    Parameters
    ----------
    island_polarization : float
        Island polarisation ``P`` in [-1, 1] (held fixed).
    spin : float
        Island spin ``S`` > 0 (held fixed; ``S [R - R(0)]`` hardly depends on it).
    bias_max : float
        Half-width of the bias axis in ``hbar Omega/e`` (> 0).

    Returns
    -------
    Explorer
        Controls: temperature, ``log10(S/S_c)``, ``P_L``, orientation.

    Notes
    -----
    Both panels show shapes at fixed axis limits: each curve is divided by its largest
    magnitude, which is printed in the panel (so no axis changes from frame to frame).

    Examples
    --------
    >>> from spinlib.magnon_transport import figures
    >>> [c.name for c in figures.resistance_explorer().controls]
    ['temperature', 'log_ratio', 'polarization', 'orientation']
    """
    base = JunctionParams(island_polarization=island_polarization, spin=spin)
    v = np.linspace(-float(positive("bias_max", bias_max)), float(bias_max), 301)

    def compute(*, temperature, log_ratio, polarization, orientation):
        p = replace(base, spin_ratio=10.0**log_ratio, lead_polarization=polarization)
        vc = critical_bias(params=p, orientation=orientation)
        ok = np.abs(v) < 0.999 * abs(vc)
        ss = steady_state(v[ok], temperature=temperature, params=p, orientation=orientation)
        r = resistance(v[ok], temperature=temperature, params=p, orientation=orientation)
        d_r = p.spin * (r - r[np.argmin(np.abs(v[ok]))])
        scale_r = float(np.max(np.abs(d_r))) or 1.0
        parts = np.stack([ss.magnon_number, ss.classical, ss.quantum])
        scale_n = float(np.max(np.abs(parts))) or 1.0
        return {"v": v[ok], "dR": d_r / scale_r, "scale_r": scale_r, "parts": parts / scale_n,
                "scale_n": scale_n, "vc": vc}

    def setup():
        fig, (ax1, ax2) = new_figure(2, 1, figsize=(6.4, 5.6))
        (lr,) = ax1.plot([], [], "k", lw=2, animated=True)
        (ln,) = ax2.plot([], [], "k", lw=2, animated=True, label=r"$N_s$")
        (lc,) = ax2.plot([], [], "C0--", animated=True, label=r"$\gamma N_0$")
        (lq,) = ax2.plot([], [], "C3-.", animated=True, label=r"$\gamma\tilde N$")
        ax1.set(xlim=(v[0], v[-1]), ylim=(-1.15, 1.15), xlabel=r"$eV/\hbar\Omega$",
                ylabel=r"$[R(V)-R(0)]\,/\,\max|R-R(0)|$", title="resistance (shape)")
        ax2.set(xlim=(v[0], v[-1]), ylim=(-1.15, 1.15), xlabel=r"$eV/\hbar\Omega$",
                ylabel=r"$N\,/\,\max|N|$", title="magnon number and its parts (shape)")
        txt1, txt2 = ax1.title, ax2.title  # the titles carry the frame's scales
        txt1.set_animated(True)
        txt2.set_animated(True)
        ax2.legend(loc="lower right", fontsize=9.5, ncol=3)
        for ax in (ax1, ax2):
            ax.axvline(-1, color="0.8", lw=0.8)
            ax.axvline(1, color="0.8", lw=0.8)
            ax.axhline(0, color="0.85", lw=0.6)
        style_axes(fig, label_size=FONT)

        def draw(data, **values):
            lr.set_data(data["v"], data["dR"])
            for line, row in zip((ln, lc, lq), data["parts"], strict=True):
                line.set_data(data["v"], row)
            vc = data["vc"]
            txt1.set_text(f"resistance shape;  max |S G₀ ΔR| = {data['scale_r']:.3g}")
            txt2.set_text(f"magnon number and parts;  max |N| = {data['scale_n']:.3g};  "
                          + r"$eV_c/\hbar\Omega$ = " + ("∞" if np.isinf(vc) else f"{vc:.0f}"))

        return fig, draw

    return Explorer(
        controls=[
            Slider("temperature", 0.0, 4.0, 0.05, 1.0, label="k<sub>B</sub>T / ħΩ",
                   static=(0.0, 0.5, 1.0, 1.35, 1.5, 2.0, 3.0, 4.0)),
            Slider("log_ratio", 0.4, 2.4, 0.1, 1.4, label="log₁₀(S/S<sub>c</sub>)", static=(0.4, 1.4, 2.4)),
            Slider("polarization", 0.0, 0.4, 0.05, 0.2, label="P<sub>L</sub> (lead)", static=(0.0, 0.2, 0.4)),
            Choice("orientation", (("P", 1), ("AP", -1)), 1, label="orientation"),
        ],
        compute=compute, setup=setup,
        title="Resistance and magnon number of the tunnel junction (Bender et al. 2019)",
        alt="Top: shape of the zero-bias-referred resistance versus bias; bottom: shape of the "
            "steady-state magnon number and of its classical and quantum parts versus bias, for the "
            "chosen temperature, S/Sc, lead polarisation and orientation.",
    )


_MAP_V = np.linspace(-8.0, 8.0, 81)
_MAP_T = np.linspace(0.05, 3.0, 60)
#: eight colour bands of log10|r| (banded maps compress ~10x better on the static page)
_MAP_NORM = BoundaryNorm(np.linspace(-2.0, 2.0, 9), 256)


@lru_cache(maxsize=32)
def _cached_map(params: JunctionParams, eta: int):
    abs_r, t_star = studies.ratio_map(_MAP_V, _MAP_T, params=params, orientation=eta)
    return np.clip(_log_ratio(abs_r), -2.0, 2.0), t_star


@explorer
def ratio_explorer(*, lead_polarization=0.2, island_polarization=0.2) -> Explorer:
    """The map of r = G'_STT/G'_MAT with a movable point (bias, temperature).

    Parameters
    ----------
    lead_polarization, island_polarization : float
        ``P_L`` and ``P`` in [-1, 1], held fixed.

    Returns
    -------
    Explorer
        Controls: ``S/S_c`` (the three values of Fig. 3), orientation, bias, temperature.

    Examples
    --------
    >>> from spinlib.magnon_transport import figures
    >>> [c.name for c in figures.ratio_explorer().controls]
    ['spin_ratio', 'orientation', 'bias', 'temperature']
    """
    in_range("lead_polarization", lead_polarization, -1.0, 1.0)
    base = JunctionParams(lead_polarization=lead_polarization, island_polarization=island_polarization)

    def compute(*, spin_ratio, orientation, bias, temperature):
        p = replace(base, spin_ratio=float(spin_ratio))
        lr, t_star = _cached_map(p, int(orientation))
        r = stt_mat_ratio(bias, temperature=temperature, params=p, orientation=orientation)
        ss = steady_state(bias, temperature=temperature, params=p, orientation=orientation)
        return {"map": lr, "t_star": t_star, "r": float(r), "n0": float(ss.n0), "nt": float(ss.n_tilde)}

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.4, 3.9))
        img = ax.pcolormesh(_MAP_V, _MAP_T, np.zeros((_MAP_T.size, _MAP_V.size)), cmap="RdBu_r",
                            norm=_MAP_NORM, shading="nearest", animated=True)
        (line,) = ax.plot([], [], "k", lw=2, animated=True)
        (pt,) = ax.plot([], [], "o", ms=9, mfc="yellow", mec="k", animated=True)
        txt = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=FONT, animated=True,
                      bbox={"fc": "white", "alpha": 0.8, "ec": "none"})
        ax.set(xlim=(_MAP_V[0], _MAP_V[-1]), ylim=(_MAP_T[0], _MAP_T[-1]), xlabel=r"$eV/\hbar\Omega$",
               ylabel=r"$k_BT/\hbar\Omega$")
        cbar = fig.colorbar(img, ax=ax, label=r"$\log_{10}|r|$ (red: STT, blue: MAT)")
        cbar.ax.tick_params(labelsize=FONT)
        cbar.ax.yaxis.label.set_size(FONT)
        style_axes(fig, label_size=FONT)
        for spine in ax.spines.values():  # redrawn over the animated map, else the map hides them
            spine.set_animated(True)

        def draw(data, *, bias, temperature, **_):
            img.set_array(data["map"].ravel())
            line.set_data(_MAP_V, data["t_star"])
            pt.set_data([bias], [temperature])
            who = "STT" if abs(data["r"]) > 1 else "MAT"
            txt.set_text(f"r = {data['r']:.3g}  ({who} dominates)\n"
                         f"N₀ = {data['n0']:.3g},  Ñ = {data['nt']:.3g}")

        return fig, draw

    return Explorer(
        controls=[
            Choice("spin_ratio", (("2.5", 2.5), ("25", 25.0), ("250", 250.0)), 25.0, label="S/S<sub>c</sub>"),
            Choice("orientation", (("P", 1), ("AP", -1)), -1, label="orientation"),
            Slider("bias", -8.0, 8.0, 0.1, 2.0, label="eV / ħΩ", static=(-6.0, -2.0, 0.0, 2.0, 4.0, 6.0)),
            Slider("temperature", 0.05, 3.0, 0.05, 0.5, label="k<sub>B</sub>T / ħΩ",
                   static=(0.25, 0.5, 1.0, 2.0)),
        ],
        compute=compute, setup=setup,
        title=("Which nonlinearity wins: r = (dG/dV of STT) / (dG/dV of MAT), as in Fig. 3 of "
               "Bender et al. (2019)"),
        alt="Colour map of log10|r| over bias and temperature with the N0 = Ñ line and a movable point "
            "whose r, N0 and Ñ are printed.",
    )
