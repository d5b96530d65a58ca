"""Figures and explorers of the many-body chapter: quantum many-body spin transfer (Mondal et al. 2019).

Reproductions of Figs. 2-6 of Mondal, Bajpai, Petrović, Plecháč & Nikolić, Phys. Rev. B 99,
094431 (2019), the convergence figure and two explorers. Drawing only: every number comes from
:mod:`spinlib.manybody.studies` (presets, evolutions, convergence checks) or the physics modules.
Energies in eV, times in fs. Figures are <= 7 in wide with fonts >= 9 pt (>= 10 CSS px at 672 px).
"""

from __future__ import annotations

import numpy as np

from ..live import slider_stops, stop_index
from ..style import FONT, new_figure, style_axes
from ..validate import count, instance, positive, scalar
from ..widgets import Choice, Explorer, Slider, explorer
from . import studies, studies_links
from .chain import ChainParams
from .flips import configuration_probabilities, edge_bulk_ratio
from .spectra import ground_multiplet

__all__ = [
    "fig2_spectra",
    "fig_dynamics",
    "fig_convergence",
    "fig_large_n",
    "fig_packets",
    "fig_classical_limit",
    "dynamics_explorer",
    "coupling_explorer",
]




def fig2_spectra(*, params=studies.PAPER, n_levels=12):
    """Fig. 2(a)-(b): XXZ spectrum, lowest levels of Eq. (3) by S^z sector, and the ground multiplets."""
    xxz, per = studies.spectra(params=params, n_levels=n_levels)
    fig, ax = new_figure(1, 3, figsize=(6.8, 2.9))
    ax[0].plot(np.arange(1, xxz.size + 1), xxz, "o", ms=3, color="C3")
    ax[0].set(xlabel="level index", ylabel="energy (eV)", title="(a) XXZ chain, N = 5")
    allv = np.sort(np.concatenate(list(per.values())))
    ax[1].plot(np.arange(1, allv.size + 1), allv, "o", ms=2.5, color="C0")
    ax[1].set(xlabel="level index", ylabel="energy (eV)", title="(b) Eq. (3): lowest levels")
    qs = np.array(sorted(per))
    chain = ground_multiplet(params=params, xxz_only=True)
    ax[2].plot(np.arange(chain.size), 1e3 * (chain - chain.min()), "s-", color="C3", ms=4, label="XXZ")
    ax[2].plot(
        qs,
        1e3 * (np.array([per[q][0] for q in qs]) - min(per[q][0] for q in qs)),
        "o-",
        color="C0",
        ms=4,
        label="Eq. (3)",
    )
    ax[2].set(xlabel="sector q (spins lowered)", ylabel="E − E₀ (meV)", title="(c) ground multiplets")
    ax[2].legend(fontsize=FONT, frameon=False)
    fig.set_label(
        "Three panels: (a) the 32 levels of the open XXZ chain of five spins; (b) the lowest levels "
        "of the many-body Hamiltonian collected from all spin sectors; (c) energies of the ground "
        "multiplet members relative to the lowest, per sector, for the chain and the full Hamiltonian."
    )
    return style_axes(fig, label_size=FONT)


def fig_dynamics(
    *,
    electron_spin=studies.COLLINEAR,
    params=studies.PAPER,
    packet=studies.PAPER_PACKET,
    t_max=studies.T_MAX,
    top=6,
):
    """Figs. 3/4 (and 5/6 for the macrospin): (a) electron spin, (b) purity, (c) local spin 1, (d) Eq. (8).

    Spins in units of hbar/2. Panel (d) shows the ``top`` most probable configurations (log scale).
    """
    top = count("top", top, minimum=1)
    dyn = studies.paper_dynamics(electron_spin=electron_spin, params=params, packet=packet, t_max=t_max)
    o, t = dyn.observables, dyn.t
    fig, ax = new_figure(2, 2, figsize=(6.8, 5.4))
    ax = ax.ravel()
    for a, c, lab in zip(range(3), ("C0", "C2", "C3"), ("x", "y", "z"), strict=True):
        ax[0].plot(t, o.electron_spin[:, a], color=c, label=f"s{lab}")
        ax[2].plot(t, o.local_spins[:, 0, a], color=c, label=f"S₁{lab}" if params.n_spins > 1 else f"S{lab}")
    ax[0].set(xlabel="t (fs)", ylabel="electron spin (ħ/2)", title="(a) electron spin")
    ax[2].set(
        xlabel="t (fs)",
        ylabel="local spin (ħ/2)",
        title="(c) local spin 1" if params.n_spins > 1 else "(c) macrospin",
    )
    ax[0].legend(fontsize=FONT, frameon=False, ncol=3)
    ax[2].legend(fontsize=FONT, frameon=False, ncol=3)
    ax[1].plot(t, o.purity, color="k", label="local spins")
    te, pe = studies.electron_purity(electron_spin=electron_spin, params=params, packet=packet, t_max=t_max)
    ax[1].plot(te, pe, "o", color="C1", ms=4, mfc="none", label="electron")
    ax[1].set(xlabel="t (fs)", ylabel="purity, Eq. (7)", title="(b) purity", ylim=(None, 1.02))
    ax[1].legend(fontsize=FONT, frameon=False)
    order = np.argsort(o.probabilities.max(axis=0))[::-1][:top]
    for j in order:
        conf = dyn.basis.configs[j]
        label = _config_label(conf, params)
        ax[3].semilogy(t, np.maximum(o.probabilities[:, j], 1e-12), label=label)
    ax[3].set(xlabel="t (fs)", ylabel="probability, Eq. (8)", title="(d) spin configurations", ylim=(1e-6, 2))
    ax[3].legend(fontsize=FONT - 0.5, frameon=False, ncol=2, loc="lower right")
    return style_axes(fig, label_size=FONT)


def _config_label(conf, params):
    if params.local_spin == 0.5:
        arrows = "".join("↑" if x == 0 else "↓" for x in conf[1:])
    else:
        arrows = f"{params.local_spin - conf[1]:g}"
    return f"|{'↑' if conf[0] == 0 else '↓'};{arrows}⟩"


def fig_convergence():
    """Left: CN error versus time step (second order). Right: L_x = 400 versus 800 over time."""
    steps, errs, _ = studies.cn_convergence()
    t, dev = studies.length_convergence()
    fig, ax = new_figure(1, 2, figsize=(6.8, 2.9))
    ax[0].loglog(steps, errs, "o-", color="C0", label="Crank-Nicolson")
    ax[0].loglog(steps, errs[-1] * (steps / steps[-1]) ** 2, "--", color="0.5", label="∝ δt²")
    ax[0].set(xlabel="time step δt (fs)", ylabel="max deviation", title="time step (t ≤ 300 fs)")
    ax[0].set_xticks(steps, [f"{v:g}" for v in steps])
    ax[0].minorticks_off()
    ax[0].legend(fontsize=FONT, frameon=False)
    ax[1].semilogy(t, np.maximum(dev, 1e-16), color="C3")
    ax[1].axvline(studies.T_MAX, color="0.6", lw=0.8)
    ax[1].set(xlabel="t (fs)", ylabel="max deviation", title="$L_x$ = 400 vs 800", ylim=(1e-16, 1))
    return style_axes(fig, label_size=FONT)


def fig_large_n(*, n_spins=(5, 50), t_max=studies.T_MAX, n_t=61):
    """Beyond the paper: purity, first local spin and total transferred spin for N = 5 and larger N."""
    fig, ax = new_figure(1, 3, figsize=(6.8, 2.8))
    for n, c in zip(n_spins, ("C0", "C3"), strict=False):
        run = studies.large_n(n_spins=count("n_spins", n, minimum=1), t_max=t_max, n_t=n_t)
        o = run.observables
        ax[0].plot(run.t, o.purity, color=c, label=f"N = {n}")
        ax[1].plot(run.t, o.local_spins[:, 0, 2], color=c)
        ax[2].plot(run.t, studies.transferred_spin(o, params=run.basis.params), color=c)
    ax[0].set(xlabel="t (fs)", ylabel="purity", title="purity")
    ax[1].set(xlabel="t (fs)", ylabel="S₁ᶻ (ħ/2)", title="first local spin")
    ax[2].set(xlabel="t (fs)", ylabel="N − Σ Sᶻ (ħ/2)", title="spin transferred")
    ax[0].legend(fontsize=FONT, frameon=False)
    return style_axes(fig, label_size=FONT)


def fig_packets(*, runs=((0.0, 198), (0.0, None), (10.0, None), (40.0, None))):
    """The paper's packet (left edge) against ours (site 40): initial configuration and edge flips."""
    fig, ax = new_figure(1, 2, figsize=(6.8, 2.9))
    styles = ("-", "--", "-.", ":")
    for (center, first), ls in zip(runs, styles, strict=False):
        dyn = studies_links.packet_run(center=center, first_spin=first)
        p0, _ = configuration_probabilities(dyn)
        sites = dyn.basis.params.spin_sites
        label = f"$x_0$ = {center:g}, spins {sites[0]}–{sites[-1]}"
        ax[0].plot(dyn.t, p0, ls, color="k" if center == 0 else ("C0" if center == 10 else "C3"), label=label)
        if first is None and center in (0.0, 40.0):
            ratio, _ = edge_bulk_ratio(dyn)
            late = dyn.t >= 100  # before, hardly any flip has happened and the ratio is noise
            colour = "k" if center == 0 else "C3"
            ax[1].plot(dyn.t[late], ratio[late], ls, color=colour, label=f"$x_0$ = {center:g}")
    ax[0].axvline(studies.T_MAX, color="0.7", lw=0.8)
    ax[0].set(xlabel="t (fs)", ylabel="probability, Eq. (8)", title="initial configuration")
    ax[0].set_ylim(0.45, 1.02)
    ax[0].legend(fontsize=FONT - 1, frameon=False, loc="lower left")
    ax[1].axhline(1.0, color="0.7", lw=0.8)
    ax[1].set(xlabel="t (fs)", ylabel="edge / bulk", title="edge flips over bulk flips", ylim=(0.8, 2.2))
    ax[1].legend(fontsize=FONT, frameon=False)
    return style_axes(fig, label_size=FONT)


def fig_classical_limit():
    """Quantum transfer of transverse spin to a macrospin S against chapter 1's classical filter torque."""
    out = studies_links.classical_limit()
    s = out["spins"]
    fig, ax = new_figure(1, 2, figsize=(6.8, 2.9))
    for a, (comp, col) in enumerate((("x", "C0"), ("y", "C2"))):
        ax[0].semilogx(s, out["quantum"][:, a], "o-", color=col, ms=4, label=f"quantum, $\\Delta S^{comp}$")
        ax[0].axhline(out["classical"][a], color=col, ls="--", lw=1, label=f"classical (ch. 1), {comp}")
    ax[0].set(xlabel="macrospin S", ylabel="spin absorbed (ħ/2)", title="transverse spin taken")
    ax[0].set_ylim(0.1, 0.5)
    ax[0].legend(fontsize=FONT - 1, frameon=False, ncol=2, loc="lower right")
    ax[1].loglog(s, out["difference"], "o-", color="k", ms=4, label="|quantum − classical|")
    ax[1].loglog(s, out["relative"], "s-", color="C3", ms=4, label="$|\\Delta S^z|/S$")
    ax[1].loglog(s, out["difference"][0] * s[0] / s, ":", color="0.5", label="∝ 1/S")
    ax[1].set(xlabel="macrospin S", title="quantum corrections")
    ax[1].legend(fontsize=FONT - 1, frameon=False, loc="lower left")
    return style_axes(fig, label_size=FONT)


# ---------------------------------------------------------------------------
# Explorer: scrub time on a precomputed evolution (compute once, slice live)
# ---------------------------------------------------------------------------
@explorer
def dynamics_explorer(*, params=studies.PAPER, packet=studies.PAPER_PACKET, t_max=studies.T_MAX) -> Explorer:
    """The electron on the chain and the spins at a chosen time, for either initial electron spin.

    Both evolutions are computed once (cached); moving the time slider only slices them.
    """
    instance("params", params, ChainParams)
    t_max = scalar("t_max", t_max, positive)
    x = np.arange(params.n_sites)
    sites = params.spin_sites

    def compute(*, time, spin):
        dyn = studies.paper_dynamics(
            electron_spin=studies.COLLINEAR if spin == "z" else studies.NONCOLLINEAR,
            params=params,
            packet=packet,
            t_max=t_max,
        )
        i = int(np.argmin(np.abs(dyn.t - time)))
        o = dyn.observables
        return {
            "t": dyn.t,
            "i": i,
            "density": o.density[i],
            "spins": o.local_spins[i],
            "electron": o.electron_spin[i],
            "purity": o.purity,
            "sz1": o.local_spins[:, 0, 2],
        }

    def setup():
        fig, (a1, a2, a3) = new_figure(3, 1, figsize=(6.4, 6.4))
        (dens,) = a1.plot([], [], color="C0", animated=True)
        a1.axvspan(sites[0] - 0.5, sites[-1] + 0.5, color="C3", alpha=0.25)
        a1.set(
            xlim=(0, params.n_sites - 1),
            ylim=(0, 0.08),
            xlabel="site",
            ylabel="electron density",
            title="electron on the chain (spins shaded)",
        )
        width = 0.25
        idx = np.arange(params.n_spins + 1)
        bars = [
            a2.bar(idx + (c - 1) * width, np.zeros(idx.size), width, color=col, label=lab, animated=True)
            for c, (col, lab) in enumerate((("C0", "x"), ("C2", "y"), ("C3", "z")))
        ]
        a2.set(
            xlim=(-0.6, params.n_spins + 0.6),
            ylim=(-1.05, 1.05),
            ylabel="spin (ħ/2)",
            xticks=idx,
            xticklabels=["e"] + [str(n) for n in range(1, params.n_spins + 1)],
            title="electron (e) and local spins",
        )
        a2.axhline(0, color="0.7", lw=0.6)
        a2.legend(fontsize=FONT, frameon=False, ncol=3, loc="lower right")
        (pur,) = a3.plot([], [], color="k", animated=True, label="purity")
        (sz,) = a3.plot([], [], color="C3", animated=True, label="S₁ᶻ")
        (mark,) = a3.plot([], [], "o", color="k", animated=True)
        a3.set(xlim=(0, t_max), ylim=(0.6, 1.02), xlabel="t (fs)", ylabel="purity, S₁ᶻ", title="history")
        a3.legend(fontsize=FONT, frameon=False, loc="lower left")
        style_axes(fig, label_size=FONT)

        def draw(data, **values):
            dens.set_data(x, data["density"])
            vec = np.vstack([data["electron"], data["spins"]])
            for c, group in enumerate(bars):
                for rect, h in zip(group, vec[:, c], strict=True):
                    rect.set_height(h)
            i = data["i"]
            pur.set_data(data["t"][: i + 1], data["purity"][: i + 1])
            sz.set_data(data["t"][: i + 1], data["sz1"][: i + 1])
            mark.set_data([data["t"][i]], [data["purity"][i]])

        return fig, draw

    stops = tuple(np.linspace(0, t_max, 25))  # every 25 fs over the paper's 600 fs
    return Explorer(
        controls=[
            Slider("time", 0.0, t_max, t_max / (studies.N_T - 1), 300.0, label="t (fs)", static=stops),
            Choice(
                "spin",
                (("−z (collinear)", "z"), ("+x (noncollinear)", "x")),
                "z",
                label="electron spin at t = 0",
            ),
        ],
        compute=compute,
        setup=setup,
        title="Electron wave packet and local spins (Mondal et al. 2019)",
        alt="Top: electron density along the chain with the local spins shaded; middle: bars of the x, y, z "
        "components of the electron spin and of each local spin; bottom: purity and first local spin "
        "versus time up to the chosen time.",
    )


# ---------------------------------------------------------------------------
# Explorer: a chain small enough to evolve at every slider stop once
# ---------------------------------------------------------------------------
@explorer
def coupling_explorer(*, n_sites=60, n_spins=3, k0=1.0, dk=0.5, t_max=11.0) -> Explorer:
    """A fast electron crossing three spins on a short chain, live in J_sd and J_z/J.

    The evolutions at all 11 x 21 slider stops are computed on the first frame
    (:func:`spinlib.manybody.studies.coupling_grid`, once per kernel); a slider move then only
    indexes them and redraws.

    Parameters
    ----------
    n_sites, n_spins : chain length and number of local spins 1/2 (held fixed; keep
        ``n_sites * (n_spins + 1)`` below ~300: the first frame diagonalises one such block per stop)
    k0, dk : wave number and width of the packet of Eq. (4) (centred on site 10)
    t_max : float, last time (fs); the packet must not reach the right end before it
    """
    n_sites = count("n_sites", n_sites, minimum=n_spins + 12)
    n_spins = count("n_spins", n_spins, minimum=1)
    t_max = scalar("t_max", t_max, positive)

    controls = [
        Slider("j_sd", 0.0, 0.5, 0.05, 0.2, label="J<sub>sd</sub> (eV)",
               static=(0.0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5)),
        Slider("anisotropy", 0.5, 1.5, 0.05, 1.0, label="J<sub>z</sub>/J",
               static=(0.5, 0.75, 1.0, 1.25, 1.5)),
    ]
    stops = [slider_stops(c) for c in controls]
    fixed = {"n_sites": n_sites, "n_spins": n_spins, "k0": k0, "dk": dk, "t_max": t_max}

    def compute(*, j_sd, anisotropy):
        # compute once, slice live: every stop of both sliders is evolved on the first call
        # (studies.coupling_grid, cached); a move then only indexes
        at = [stop_index(s, v) for s, v in zip(stops, (j_sd, anisotropy), strict=True)]
        if None in at:  # a value off the sliders' stops (from code): one evolution
            return studies.coupling_run(j_sd=j_sd, anisotropy=anisotropy, **fixed)
        grid = studies.coupling_grid(j_sd=stops[0], anisotropy=stops[1], **fixed)
        return {"t": grid["t"], **{k: grid[k][at[0], at[1]] for k in ("purity", "sz", "flips")}}

    def setup():
        fig, (a1, a2) = new_figure(1, 2, figsize=(6.8, 3.0))
        (pur,) = a1.plot([], [], color="k", animated=True, label="purity")
        sz = [
            a1.plot([], [], color=f"C{n}", ls="--", animated=True, label=f"S{n + 1}ᶻ")[0]
            for n in range(n_spins)
        ]
        a1.set(
            xlim=(0, t_max),
            ylim=(-0.2, 1.05),
            xlabel="t (fs)",
            ylabel="purity, Sᶻ (ħ/2)",
            title="purity, spins",
        )
        a1.legend(fontsize=FONT, frameon=False, loc="lower left")
        fl = [
            a2.plot([], [], color=f"C{n}", animated=True, label=f"spin {n + 1} flipped")[0]
            for n in range(n_spins)
        ]
        a2.set(
            xlim=(0, t_max),
            ylim=(0, 0.6),
            xlabel="t (fs)",
            ylabel="probability, Eq. (8)",
            title="electron ↑, one spin ↓",
        )
        a2.legend(fontsize=FONT, frameon=False, loc="upper left")
        style_axes(fig, label_size=FONT)

        def draw(data, **values):
            pur.set_data(data["t"], data["purity"])
            for n in range(n_spins):
                sz[n].set_data(data["t"], data["sz"][:, n])
                fl[n].set_data(data["t"], data["flips"][:, n])

        return fig, draw

    return Explorer(
        controls=controls,
        compute=compute,
        setup=setup,
        title="One electron crossing three quantum spins on a short chain",
        alt="Left: purity and the z components of three local spins versus time; right: probabilities of the "
        "configurations with the electron flipped up and one local spin flipped down, versus time.",
    )
