"""Figures and the switching explorer of the finite-temperature chapter (drawing only: the data
come from :mod:`spinlib.thermal.studies`)."""

from __future__ import annotations

import numpy as np

from ..style import FONT, new_figure, style_axes
from ..widgets import Choice, Explorer, Slider, explorer
from . import studies, studies_checks

__all__ = [
    "boltzmann_figure",
    "neel_brown_figure",
    "ensemble_figure",
    "wer_figure",
    "extraction_figure",
    "switching_explorer",
]




def boltzmann_figure():
    """Equilibrium ``z = cos theta`` histograms: Heun (Stratonovich) and the uncorrected Ito reading
    against the Boltzmann density ``exp(sigma z^2)``
    (:func:`spinlib.thermal.studies_checks.boltzmann_check`)."""
    c = studies_checks.boltzmann_check()
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.4))
    bins = np.linspace(-1, 1, 41)
    zz = np.linspace(-1, 1, 401)
    dens = np.exp(c.sigma * zz**2)
    dens /= np.trapezoid(dens, zz)
    ax.hist(
        c.z_heun, bins=bins, density=True, color="C0", alpha=0.5, label="stochastic LLG, Heun (Stratonovich)"
    )
    ax.hist(
        c.z_ito_uncorrected,
        bins=bins,
        density=True,
        histtype="step",
        color="C3",
        lw=1.8,
        label="Ito reading without $-2Dz$",
    )
    ax.plot(zz, dens, "k", lw=2, label=r"Boltzmann $\propto e^{\sigma z^2}$")
    ax.set(
        xlabel=r"$z=\cos\theta$",
        ylabel="density",
        title=rf"equilibrium at $\sigma$ = {c.sigma:g}, "
        rf"{c.n_samples} trajectories",
        ylim=(0, 3.0),
    )
    ax.legend(fontsize=FONT, loc="upper center")
    fig.set_label(
        "Histograms of cos theta: the Heun ensemble follows the Boltzmann curve, the uncorrected "
        "Ito reading piles up at the poles."
    )
    return style_axes(fig)


def neel_brown_figure():
    """``ln tau`` against ``j / j_c0`` at ``Delta = 40``: exact, Neel-Brown ``n = 1`` and ``n = 2``."""
    t = studies.neel_brown_table()
    fig, ax = new_figure(1, 2, figsize=(8.0, 3.4))
    ax[0].plot(t["x"], t["ln_exact"] / np.log(10), "k", lw=2.2, label="exact (first passage)")
    ax[0].plot(t["x"], t["ln_n1"] / np.log(10), "C3--", lw=1.6, label="$n=1$")
    ax[0].plot(t["x"], t["ln_n2"] / np.log(10), "C0:", lw=2.0, label="$n=2$")
    ax[0].set(
        xlabel=r"$j/j_{c0}$", ylabel=r"$\log_{10}(\tau\,\gamma_0 M_s)$", title=r"escape time, $\Delta$ = 40"
    )
    ax[0].legend(fontsize=FONT)
    ax[1].plot(t["x"], t["ln_n1"] - t["ln_exact"], "C3--", lw=1.6, label="$n=1$")
    ax[1].plot(t["x"], t["ln_n2"] - t["ln_exact"], "C0:", lw=2.0, label="$n=2$")
    ax[1].axhline(0, color="k", lw=0.8)
    ax[1].set(xlabel=r"$j/j_{c0}$", ylabel=r"$\ln\tau_{form}-\ln\tau_{exact}$", title="error of each form")
    ax[1].legend(fontsize=FONT)
    return style_axes(fig)


def ensemble_figure():
    """``P_sw`` against pulse length: ensembles (binomial error bars), Fokker-Planck and asymptotics."""
    pre = studies_checks.ensemble_vs_fokker_planck(delta=40.0, fraction=2.0)
    th = studies_checks.ensemble_vs_fokker_planck(
        delta=10.0, fraction=0.6, n_samples=1000, t_end=600.0, n_steps=12000, n_pulses=12
    )
    asym_pre = studies.precessional_curve(pre["pulse"], delta=40.0, fraction=2.0)
    asym_th = studies.thermal_curve(th["pulse"], delta=10.0, fraction=0.6)
    fig, ax = new_figure(1, 2, figsize=(8.0, 3.4))
    for a, r, asym, title, lab in (
        (ax[0], pre, asym_pre, r"$\Delta$ = 40, $j$ = 2 $j_{c0}$", "precessional form"),
        (ax[1], th, asym_th, r"$\Delta$ = 10, $j$ = 0.6 $j_{c0}$", r"$1-e^{-t/\tau}$, exact $\tau$"),
    ):
        tt = np.linspace(0, r["pulse"][-1], 200)
        a.errorbar(
            r["pulse"],
            r["p_ens"],
            yerr=r["err"],
            fmt="o",
            color="C1",
            ms=4,
            capsize=2,
            label=f"stochastic LLG ({r['n_samples']})",
        )
        a.plot(r["pulse"], r["p_fp"], "k", lw=2, label="Fokker-Planck")
        a.plot(r["pulse"], asym, "C0--", lw=1.6, label=lab)
        a.set(
            xlabel=r"pulse length $t\,\gamma_0 M_s$",
            ylabel=r"$P_{sw}$",
            title=title,
            ylim=(-0.02, 1.02),
            xlim=(0, tt[-1]),
        )
        a.legend(fontsize=FONT, loc="lower right")
    return style_axes(fig)


def wer_figure():
    """Write-error rate to below ``1e-9``: Fokker-Planck and the precessional forms (with and
    without the noise of the linear stage)."""
    w = studies.wer_curves()
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
    for k, (f, r) in enumerate(w.items()):
        c = f"C{k}"
        ax.semilogy(r["pulse"], r["wer_fp"], color=c, lw=2.2, label=rf"$j$ = {f:g} $j_{{c0}}$, Fokker-Planck")
        ax.semilogy(r["pulse"], r["wer_asym"], "--", color=c, lw=1.4)
        ax.semilogy(r["pulse"], r["wer_asym_bare"], ":", color=c, lw=1.4)
    ax.axhline(1e-9, color="0.5", lw=0.8)
    ax.set(
        xlabel=r"pulse length $t\,\gamma_0 M_s$",
        ylabel="write-error rate",
        ylim=(1e-11, 2),
        xlim=(0, 500),
        title=r"$\Delta$ = 40: solid FP, dashed with pulse noise, dotted bare",
    )
    ax.legend(fontsize=FONT, loc="upper right")
    return style_axes(fig)


def extraction_figure():
    """The two extractions of ``j_c0`` on synthetic Fokker-Planck data, with the known answer."""
    pre = studies.extraction_precessional()
    th = studies.extraction_thermal()
    jc = pre["true"]
    fig, ax = new_figure(1, 2, figsize=(8.0, 3.4))
    x = np.linspace(0, 4.2, 50)
    ax[0].plot(pre["currents"] / jc, 1.0 / pre["t50"], "ko", ms=5, label=r"FP median $1/t_{50}$")
    f = pre["fit"]
    ax[0].plot(
        x,
        f.intercept + f.slope * x * jc,
        "C3--",
        lw=1.5,
        label=rf"linear fit: $j_{{c0}}$ = {f.critical_current / jc:.2f} $j_{{c0}}$",
    )
    ax[0].axvline(1.0, color="0.5", lw=0.8)
    ax[0].set(
        xlabel=r"$j/j_{c0}$",
        ylabel=r"$1/(t_{50}\gamma_0 M_s)$",
        xlim=(0, 4.2),
        ylim=(0, None),
        title="precessional regime",
    )
    ax[0].legend(fontsize=FONT, loc="upper left")
    y = np.log(th["tau"] / th["tau0"])
    xs = th["currents"] / jc
    ax[1].plot(xs, y, "ko", ms=5, label=r"exact $\ln(\tau/\tau_0)$")
    xx = np.linspace(0, 1.4, 50)
    for fit, c, lab in ((th["fit_n1"], "C3--", "$n=1$"), (th["fit_n2"], "C0:", "$n=2$")):
        line = np.clip(fit.intercept + fit.slope * xx * jc, 0, None)
        n = 1 if lab == "$n=1$" else 2
        ax[1].plot(
            xx, line**n, c, lw=1.6, label=rf"{lab}: $j_{{c0}}$ = {fit.critical_current / jc:.2f} $j_{{c0}}$"
        )
    ax[1].axvline(1.0, color="0.5", lw=0.8)
    ax[1].set(
        xlabel=r"$j/j_{c0}$",
        ylabel=r"$\ln(\tau/\tau_0)$",
        xlim=(0, 1.4),
        ylim=(0, None),
        title=r"thermal regime, $\Delta$ = 40",
    )
    ax[1].legend(fontsize=FONT)
    return style_axes(fig)


@explorer
def switching_explorer() -> Explorer:
    """Write-error rate against pulse length, live in the current ``j / j_c0`` and ``Delta``.

    Compute once, slice live: :func:`spinlib.thermal.studies.explorer_grid` holds the Fokker-Planck
    write-error rate for every stop of both sliders; a move only indexes it.

    Returns
    -------
    spinlib.widgets.Explorer

    Examples
    --------
    >>> from spinlib.thermal import figures
    >>> figures.switching_explorer().title
    'Switching probability and write-error rate'
    """
    grid = studies.explorer_grid()

    def compute(*, fraction, delta):
        a = int(np.argmin(np.abs(grid["deltas"] - delta)))
        b = int(np.argmin(np.abs(grid["fractions"] - fraction)))
        return grid["pulse"], grid["wer"][a, b], grid["asym"][a, b]

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
        (fp,) = ax.semilogy([], [], "k", lw=2.2, animated=True, label="Fokker-Planck")
        (asym,) = ax.semilogy([], [], "C0--", lw=1.6, animated=True, label="precessional form")
        txt = ax.text(0.03, 0.05, "", transform=ax.transAxes, fontsize=FONT + 1, animated=True)
        ax.set(
            xlim=(0, float(grid["pulse"][-1])),
            ylim=(1e-12, 2.0),
            xlabel=r"pulse length $t\,\gamma_0 M_s$",
            ylabel=r"write-error rate $1-P_{sw}$",
            title="switching of the P state under a current pulse",
        )
        ax.axhline(1e-9, color="0.6", lw=0.8)
        ax.legend(fontsize=FONT, loc="upper right")
        style_axes(fig)

        def draw(data, **values):
            t, wer, a = data
            fp.set_data(t, np.maximum(wer, 1e-300))
            asym.set_data(t, np.maximum(np.nan_to_num(a, nan=1e-300), 1e-300))
            k = int(np.argmax(wer < 1e-9)) if np.any(wer < 1e-9) else -1
            txt.set_text(
                f"WER below $10^{{-9}}$ after $t$ = {t[k]:.0f}"
                if k >= 0
                else f"$P_{{sw}}$ at $t$ = {t[-1]:.0f}: {1 - wer[-1]:.2g}"
            )

        return fig, draw

    return Explorer(
        controls=[
            Slider(
                "fraction",
                0.8,
                3.0,
                0.1,
                2.0,
                label="current j/j<sub>c0</sub>",
                static=(0.9, 1.0, 1.5, 2.0, 3.0),
            ),
            Choice(
                "delta",
                (("Δ = 20", 20.0), ("Δ = 40", 40.0), ("Δ = 60", 60.0)),
                40.0,
                label="stability factor Δ",
            ),
        ],
        compute=compute,
        setup=setup,
        title="Switching probability and write-error rate",
        alt="Write-error rate on a log axis against pulse length for the chosen current and stability "
        "factor, "
        "from the Fokker-Planck equation, with the precessional asymptotic form above threshold.",
    )
