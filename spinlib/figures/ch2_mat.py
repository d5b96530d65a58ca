"""Figures and explorers of chapter 2: magnon-assisted transport and quantum STT.

Reproductions of Figs. 2-4 of Bender, Duine & Tserkovnyak, Phys. Rev. B 99,
024434 (2019), computed with :mod:`spinlib.mat`, and two interactive explorers.
Units: bias ``eV/hbar Omega``, temperature ``k_B T/hbar Omega`` (see :mod:`spinlib.mat`).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

import numpy as np
from matplotlib.colors import BoundaryNorm, TwoSlopeNorm

from spinlib import mat
from spinlib.figures import explorer
from spinlib.widgets import Choice, Explorer, Slider, new_figure

__all__ = [
    "fig2_magnon_number",
    "fig3_ratio_map",
    "fig4_resistance",
    "family",
    "ratio_map",
    "resistance_explorer",
    "ratio_explorer",
    "UNPOLARISED",
]

#: Fig. 4's unpolarised junction: P_L = G_m = 0, the island still scatters (P = 0.2)
UNPOLARISED = replace(mat.FIG2, lead_polarization=0.0)


def _palette(n):
    from matplotlib import colormaps

    return colormaps["coolwarm"](np.linspace(0.0, 1.0, n))


def family(bias, temperatures, *, params=mat.FIG2, orientation=1, quantity="resistance"):
    """A whole family of curves in one vectorised call.

    Parameters
    ----------
    bias : array_like, shape (n,)
        ``eV/hbar Omega``.
    temperatures : array_like, shape (m,)
        ``k_B T/hbar Omega``.
    params : mat.JunctionParams
    orientation : {1, -1}
    quantity : {"resistance", "magnon_number"}

    Returns
    -------
    ndarray, shape (m, n)
        ``G0 R`` or ``N_s`` for every temperature (rows) and bias (columns).
    """
    v = np.asarray(bias, dtype=float)[None, :]
    t = np.asarray(temperatures, dtype=float)[:, None]
    if quantity == "resistance":
        return mat.resistance(v, temperature=t, params=params, orientation=orientation)
    if quantity == "magnon_number":
        return mat.magnon_number(v, temperature=t, params=params, orientation=orientation)
    raise ValueError(f"quantity must be one of ['resistance', 'magnon_number']; got {quantity!r}")


def fig2_magnon_number(*, bias_max=10.0, n=401):
    """Reproduces Fig. 2 (left) of Bender et al. (2019): ``N_s(V)`` for ``T/hbar Omega = 0..10``.

    Antiparallel junction, ``alpha_p/alpha_e = 25``, ``P_L = 0.2``. Right panel
    (beyond the paper): the classical ``gamma N_0`` and quantum ``gamma N~`` parts at
    ``T = hbar Omega``.
    """
    v = np.linspace(-bias_max, bias_max, n)
    temps = np.arange(0, 11)
    ns = family(v, temps, orientation=-1, quantity="magnon_number")
    fig, (ax, ax2) = new_figure(1, 2, figsize=(9.5, 3.8), gridspec_kw={"width_ratios": [1.4, 1]})
    for colour, t, row in zip(_palette(len(temps)), temps, ns, strict=True):
        ax.plot(v, row, color=colour, lw=1.4, label=f"{t:g}")
    ax.set(xlabel=r"bias $eV/\hbar\Omega$", ylabel=r"magnon number $N_s$", xlim=(v[0], v[-1]), ylim=(0, None),
           title="antiparallel, $\\alpha_p/\\alpha_e=25$, $P_L=0.2$")
    ax.legend(title=r"$k_BT/\hbar\Omega$", fontsize=7, title_fontsize=8, ncol=2, loc="upper left")
    ss = mat.steady_state(v, temperature=1.0, orientation=-1)
    ax2.plot(v, ss.magnon_number, "k", lw=2, label=r"$N_s$")
    ax2.plot(v, ss.classical, "C0--", label=r"classical $\gamma N_0$")
    ax2.plot(v, ss.quantum, "C3-.", label=r"quantum $\gamma\tilde N$")
    ax2.axhline(0, color="0.6", lw=0.6)
    ax2.set(xlabel=r"bias $eV/\hbar\Omega$", xlim=(v[0], v[-1]), title=r"parts at $k_BT=\hbar\Omega$")
    ax2.legend(fontsize=8)
    return fig


def ratio_map(bias, temperatures, *, params=mat.FIG2, orientation=-1):
    """``|r|`` on a (temperature, bias) grid and the ``N_0 = N~`` line.

    Returns
    -------
    abs_r : ndarray, shape (m, n)
    t_star : ndarray, shape (n,)
        Temperature where ``N_0 = N~`` at each bias.
    """
    v = np.asarray(bias, dtype=float)
    t = np.asarray(temperatures, dtype=float)
    r = mat.stt_mat_ratio(v[None, :], temperature=t[:, None], params=params, orientation=orientation)
    return np.abs(r), mat.quantum_classical_crossover(v, params=params, orientation=orientation)


_RNORM = TwoSlopeNorm(vmin=-2.0, vcenter=0.0, vmax=2.0)


def _draw_ratio(ax, v, t, abs_r, t_star, *, title, colorbar_fig=None):
    with np.errstate(divide="ignore"):
        lr = np.log10(np.clip(abs_r, 1e-300, None))
    mesh = ax.pcolormesh(v, t, np.clip(lr, -2, 2), cmap="RdBu_r", norm=_RNORM, shading="auto",
                         rasterized=True)
    ax.contour(v, t, lr, levels=[0.0], colors="0.25", linestyles="--", linewidths=1.0)
    ax.plot(v, t_star, "k", lw=2)
    ax.set(xlim=(v[0], v[-1]), ylim=(t[0], t[-1]), title=title, xlabel=r"$eV/\hbar\Omega$")
    return mesh


def fig3_ratio_map(*, bias_max=10.0, t_max=4.0, nv=241, nt=160):
    """Reproduces Fig. 3 of Bender et al. (2019): ``r = G'_STT/G'_MAT`` over bias and temperature.

    Colour: ``log10 |r|`` (red: STT dominates the nonlinearity, blue: MAT);
    dashed: ``|r| = 1``; solid black: ``N_0 = N~``. Panels: ``S/S_c = 25`` (main),
    250 and 2.5 (the paper's insets). Antiparallel junction, ``P_L = 0.2``.
    """
    v = np.linspace(-bias_max, bias_max, nv)
    t = np.linspace(t_max / nt, t_max, nt)
    fig, axes = new_figure(1, 3, figsize=(12, 3.9), gridspec_kw={"width_ratios": [1.3, 1, 1]})
    for ax, rho in zip(axes, (25.0, 250.0, 2.5), strict=True):
        p = replace(mat.FIG2, spin_ratio=rho)
        abs_r, t_star = ratio_map(v, t, params=p, orientation=-1)
        mesh = _draw_ratio(ax, v, t, abs_r, t_star, title=f"$S/S_c = {rho:g}$")
    axes[0].set_ylabel(r"$k_BT/\hbar\Omega$")
    fig.colorbar(mesh, ax=axes, label=r"$\log_{10}|r|$", shrink=0.9)
    return fig


def fig4_resistance(*, bias_max=12.0, n=401):
    """Reproduces Fig. 4 of Bender et al. (2019): ``R(V)`` for P, AP and unpolarised junctions.

    Top row: ``T/hbar Omega = 0..2`` in steps of 1/4; bottom left: the paper's inset
    (parallel, ``T/hbar Omega = 0..8`` in steps of 1/2). Plotted: ``S [R(V) - R(0)] G0``,
    each curve referred to its own zero-bias value; to leading order in ``1/S`` it does
    not depend on ``S`` at fixed ``S/S_c``.
    """
    v = np.linspace(-bias_max, bias_max, n)
    low = np.arange(0, 2.0001, 0.25)
    high = np.arange(0, 8.0001, 0.5)
    fig, axes = new_figure(2, 3, figsize=(11.5, 6.4))
    cases = (("parallel (P)", mat.FIG2, 1), ("antiparallel (AP)", mat.FIG2, -1),
             (r"unpolarised ($P_L=G_m=0$)", UNPOLARISED, 1))
    for ax, (title, p, eta) in zip(axes[0], cases, strict=True):
        r = family(v, low, params=p, orientation=eta)
        for colour, t, row in zip(_palette(len(low)), low, r, strict=True):
            ax.plot(v, p.spin * (row - row[n // 2]), color=colour, lw=1.3, label=f"{t:g}")
        ax.set(title=title, xlim=(v[0], v[-1]), xlabel=r"$eV/\hbar\Omega$")
    axes[0, 0].set_ylabel(r"$S\,G_0\,[R(V)-R(0)]$")
    axes[0, 2].legend(title=r"$k_BT/\hbar\Omega$", fontsize=7, title_fontsize=8, ncol=3, loc="lower center")
    r = family(v, high, params=mat.FIG2, orientation=1)
    ax = axes[1, 0]
    for colour, row in zip(_palette(len(high)), r, strict=True):
        ax.plot(v, mat.FIG2.spin * (row - row[n // 2]), color=colour, lw=1.2)
    ax.set(title=r"P, $k_BT/\hbar\Omega = 0..8$ (inset of Fig. 4)", xlim=(v[0], v[-1]),
           xlabel=r"$eV/\hbar\Omega$", ylabel=r"$S\,G_0\,[R(V)-R(0)]$")
    # beyond the paper: the zero-bias curvature of R, the sign that separates valley from plateau
    temps = np.linspace(0.05, 8.0, 160)
    for eta, label, ls in ((1, "P", "-"), (-1, "AP", "--")):
        h = 1e-3
        rr = family(np.array([-h, 0.0, h]), temps, orientation=eta)
        curv = mat.FIG2.spin * (rr[:, 0] - 2 * rr[:, 1] + rr[:, 2]) / h**2
        axes[1, 1].plot(temps, curv, ls, color="k" if eta == 1 else "C3", label=label)
    axes[1, 1].axhline(0, color="0.6", lw=0.6)
    axes[1, 1].set(xlabel=r"$k_BT/\hbar\Omega$", ylabel=r"$S\,G_0\,R''(0)$",
                   title="zero-bias curvature: > 0 valley, < 0 peak", yscale="symlog")
    axes[1, 1].set_yscale("symlog", linthresh=1e-4)
    axes[1, 1].legend(fontsize=8)
    ns = family(v, low, params=mat.FIG2, orientation=1, quantity="magnon_number")
    for colour, row in zip(_palette(len(low)), ns, strict=True):
        axes[1, 2].plot(v, row, color=colour, lw=1.2)
    axes[1, 2].set(title=r"P: magnon number $N_s(V)$", xlabel=r"$eV/\hbar\Omega$", xlim=(v[0], v[-1]),
                   ylim=(0, None))
    return fig


# ---------------------------------------------------------------------------
# Explorers
# ---------------------------------------------------------------------------
_NICE = np.array([0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0])


def _nice(x):
    """Smallest 'nice' number >= x (sticky axis limits: few background redraws)."""
    return float(_NICE[np.searchsorted(_NICE, x)] if x <= _NICE[-1] else _NICE[-1])


@explorer
def resistance_explorer() -> Explorer:
    """R(V) and N_s(V) live in temperature, S/S_c, P_L and orientation."""
    v = np.linspace(-5.0, 5.0, 301)

    def compute(*, temperature, log_ratio, polarization, orientation):
        p = replace(mat.FIG2, spin_ratio=10.0**log_ratio, lead_polarization=polarization)
        ss = mat.steady_state(v, temperature=temperature, params=p, orientation=orientation)
        r = mat.resistance(v, temperature=temperature, params=p, orientation=orientation)
        return {"dR": p.spin * (r - r[v.size // 2]), "ns": ss.magnon_number, "cl": ss.classical,
                "qu": ss.quantum, "vc": mat.critical_bias(params=p, orientation=orientation)}

    def setup():
        fig, (ax1, ax2) = new_figure(1, 2, figsize=(9.0, 3.6))
        (lr,) = ax1.plot([], [], "k", lw=2, animated=True)
        (ln,) = ax2.plot([], [], "k", lw=2, animated=True, label=r"$N_s$")
        (lc,) = ax2.plot([], [], "C0--", animated=True, label=r"$\gamma N_0$")
        (lq,) = ax2.plot([], [], "C3-.", animated=True, label=r"$\gamma\tilde N$")
        txt = ax1.text(0.02, 0.96, "", transform=ax1.transAxes, va="top", fontsize=9, animated=True)
        ax1.set(xlim=(v[0], v[-1]), ylim=(-0.05, 0.05), xlabel=r"$eV/\hbar\Omega$",
                ylabel=r"$S\,G_0\,[R(V)-R(0)]$", title="resistance")
        ax2.set(xlim=(v[0], v[-1]), ylim=(-0.05, 1.0), xlabel=r"$eV/\hbar\Omega$", title="magnon number")
        ax2.legend(loc="upper right", fontsize=8)
        for ax in (ax1, ax2):
            ax.axvline(-1, color="0.8", lw=0.8)
            ax.axvline(1, color="0.8", lw=0.8)

        def draw(data, **values):
            lr.set_data(v, data["dR"])
            ln.set_data(v, data["ns"])
            lc.set_data(v, data["cl"])
            lq.set_data(v, data["qu"])
            y = _nice(1.1 * float(np.max(np.abs(data["dR"]))) + 1e-12)
            ax1.set_ylim(-y, y)
            top = _nice(1.1 * float(np.max(data["ns"])) + 1e-12)
            bottom = -_nice(1.1 * max(float(-np.min(data["qu"])), 1e-3 * top))
            ax2.set_ylim(bottom, top)
            vc = data["vc"]
            txt.set_text(r"$eV_c/\hbar\Omega$ = " + ("inf" if np.isinf(vc) else f"{vc:.0f}"))

        return fig, draw

    return Explorer(
        controls=[
            Slider("temperature", 0.0, 4.0, 0.05, 1.0, label="k_B T / ħΩ", static=(0.0, 0.5, 1.0, 2.0)),
            Slider("log_ratio", 0.4, 2.4, 0.1, 1.4, label="log10 S/S_c", static=(0.4, 1.4, 2.4)),
            Slider("polarization", 0.0, 0.4, 0.05, 0.2, label="P_L", static=(0.0, 0.2)),
            Choice("orientation", (("P", 1), ("AP", -1)), 1, label="orientation"),
        ],
        compute=compute, setup=setup,
        title="Resistance and magnon number of the tunnel junction (Bender et al. 2019)",
        alt="Left: zero-bias-referred resistance versus bias; right: steady-state magnon number and "
            "its classical and quantum parts versus bias, for the chosen temperature, S/S_c, P_L and "
            "orientation.",
    )


_MAP_V = np.linspace(-8.0, 8.0, 81)
_MAP_T = np.linspace(0.05, 3.0, 60)
#: eight colour bands of log10|r| (banded maps compress ~10x better on the static page)
_MAP_NORM = BoundaryNorm(np.linspace(-2.0, 2.0, 9), 256)


@lru_cache(maxsize=16)
def _cached_map(rho: float, eta: int):
    p = replace(mat.FIG2, spin_ratio=rho)
    abs_r, t_star = ratio_map(_MAP_V, _MAP_T, params=p, orientation=eta)
    lr = np.log10(np.clip(abs_r, 1e-300, None))
    return np.clip(lr, -2.0, 2.0), t_star


@explorer
def ratio_explorer() -> Explorer:
    """The map of r = G'_STT/G'_MAT with a movable point (bias, temperature)."""

    def compute(*, spin_ratio, orientation, bias, temperature):
        lr, t_star = _cached_map(float(spin_ratio), int(orientation))
        p = replace(mat.FIG2, spin_ratio=float(spin_ratio))
        r = mat.stt_mat_ratio(bias, temperature=temperature, params=p, orientation=orientation)
        ss = mat.steady_state(bias, temperature=temperature, params=p, orientation=orientation)
        return {"map": lr, "t_star": t_star, "r": float(r), "n0": float(ss.n0), "nt": float(ss.n_tilde)}

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
        img = ax.pcolormesh(_MAP_V, _MAP_T, np.zeros((_MAP_T.size, _MAP_V.size)), cmap="RdBu_r",
                            norm=_MAP_NORM, shading="nearest", animated=True)
        (line,) = ax.plot([], [], "k", lw=2, animated=True)
        (pt,) = ax.plot([], [], "o", ms=9, mfc="yellow", mec="k", animated=True)
        txt = ax.text(0.02, 0.97, "", transform=ax.transAxes, va="top", fontsize=9, animated=True,
                      bbox={"fc": "white", "alpha": 0.8, "ec": "none"})
        ax.set(xlim=(_MAP_V[0], _MAP_V[-1]), ylim=(_MAP_T[0], _MAP_T[-1]), xlabel=r"$eV/\hbar\Omega$",
               ylabel=r"$k_BT/\hbar\Omega$")
        fig.colorbar(img, ax=ax, label=r"$\log_{10}|r|$ (red: STT, blue: MAT)")
        for spine in ax.spines.values():  # redrawn over the animated map, else the map hides them
            spine.set_animated(True)

        def draw(data, *, bias, temperature, **_):
            img.set_array(data["map"].ravel())
            line.set_data(_MAP_V, data["t_star"])
            pt.set_data([bias], [temperature])
            who = "STT" if abs(data["r"]) > 1 else "MAT"
            txt.set_text(f"r = {data['r']:.3g}  ({who} dominates)\n"
                         f"N0 = {data['n0']:.3g},  Ñ = {data['nt']:.3g}")

        return fig, draw

    return Explorer(
        controls=[
            Choice("spin_ratio", (("2.5", 2.5), ("25", 25.0), ("250", 250.0)), 25.0, label="S/S_c"),
            Choice("orientation", (("P", 1), ("AP", -1)), -1, label="orientation"),
            Slider("bias", -8.0, 8.0, 0.1, 2.0, label="eV / ħΩ", static=(-4.0, 2.0, 6.0)),
            Slider("temperature", 0.05, 3.0, 0.05, 0.5, label="k_B T / ħΩ", static=(0.25, 0.5, 2.0)),
        ],
        compute=compute, setup=setup,
        title="Which nonlinearity wins: r = G'_STT / G'_MAT (Bender et al. 2019, Fig. 3)",
        alt="Colour map of log10|r| over bias and temperature with the N0 = Ñ line and a movable point "
            "whose r, N0 and Ñ are printed.",
    )
