"""Figures and the explorer of the oscillator page: drawing only (data from :mod:`.studies`).

Units as in :mod:`spinlib.oscillator.studies`: fields in units of chapter 1's anisotropy field,
angular frequencies in units of ``gamma0 H_k``, chapter 1's reduced current ``I``.
"""

from __future__ import annotations

import numpy as np

from ..style import FONT, new_figure, style_axes
from ..widgets import Explorer, Slider, explorer
from . import studies

__all__ = ["fig_frequency", "fig_lines", "fig_linewidth", "spectrum_explorer"]




def fig_frequency(*, checks=(3.5, 4.0, 4.5, 5.0, 5.5)):
    """Frequency and cone versus current: the derived formula and chapter 1's RK4 integrator.

    Parameters
    ----------
    checks : chapter 1's currents ``I`` at which the deterministic LLG is integrated.

    Returns
    -------
    matplotlib.figure.Figure
    """
    c = studies.curves()
    lk = studies.links()
    w, mz = studies.deterministic_frequency(current=np.asarray(checks, dtype=float))
    fig, ax = new_figure(1, 2, figsize=(7.6, 3.3))
    ax[0].plot(c.current, c.frequency, "k", lw=2, label="cone: $|h + k u_0|$")
    ax[0].plot(checks, w, "o", color="C3", ms=7, label="RK4 trajectory")
    ax[0].plot([lk["threshold"]], [lk["fmr"]], "s", color="C0", ms=8, label="FMR of the pole")
    ax[0].set(
        xlabel="current $I$ (chapter 1 units)",
        ylabel=r"$|\omega_0|/\gamma_0 H_k$",
        title="frequency (red shift)",
    )
    ax[0].legend(fontsize=FONT, loc="upper right")
    ax[1].plot(c.current, c.u0, "k", lw=2, label="$u_0$ from $F(u_0) = 0$")
    ax[1].plot(checks, mz, "o", color="C3", ms=7, label="$m_z$ at the end")
    ax[1].set(xlabel="current $I$ (chapter 1 units)", ylabel=r"$u_0 = \cos\theta_0$", title="cone")
    ax[1].legend(fontsize=FONT, loc="upper left")
    fig.set_label(
        "Precession frequency and cone angle versus current: formula and integrated trajectories agree; "
        "at threshold the frequency equals the FMR frequency of the pole."
    )
    return style_axes(fig)


def fig_lines():
    """Simulated spectra of the isotropic layer and of chapter 1's magnet with their fits and theory.

    Returns
    -------
    matplotlib.figure.Figure
    """
    from .spectrum import expected_periodogram

    fig, ax = new_figure(1, 2, figsize=(7.6, 3.3))
    for a, (case, title) in zip(
        ax, (("isotropic", "isotropic layer"), ("chapter1", "chapter 1 magnet, I = 4.5")), strict=True
    ):
        r = studies.simulated_line(case)
        s, f = r.spectrum, r.fit
        x = s.omega - f.center
        sel = np.abs(x) <= 6 * r.theory
        a.plot(x[sel] / r.theory, s.power[sel], ".", color="0.45", ms=4, label="simulated periodogram")
        xx = np.linspace(-6, 6, 600) * r.theory
        a.plot(
            xx / r.theory,
            expected_periodogram(
                xx + f.center, center=f.center, fwhm=f.fwhm, amplitude=f.amplitude, duration=s.duration
            )
            + f.background,
            "C3",
            lw=2,
            label="Lorentzian fit",
        )
        a.plot(
            xx / r.theory,
            expected_periodogram(
                xx + f.center, center=f.center, fwhm=r.theory, amplitude=f.amplitude, duration=s.duration
            )
            + f.background,
            "k--",
            lw=1.5,
            label=r"width $2D_\phi$ (theory)",
        )
        a.set(xlabel=r"$(\omega - \omega_0)/2D_\phi$", ylabel="power of $m_x$", title=title)
        a.legend(fontsize=FONT, loc="upper right")
    fig.set_label("Simulated oscillator lines with Lorentzian fits and the theoretical width; both agree.")
    return style_axes(fig)


def fig_linewidth():
    """Linewidth versus current: linear theory, without coupling, and the simulations with error bars.

    Returns
    -------
    matplotlib.figure.Figure
    """
    c = studies.curves()
    rs = studies.threshold_sweep()
    fig, ax = new_figure(1, 1, figsize=(6.4, 3.4))
    ax.semilogy(c.current, c.fwhm, "k", lw=2, label=r"$2D(1+\nu^2)/(1-u_0^2)$")
    ax.semilogy(c.current, c.bare, "k:", lw=1.5, label=r"$2D/(1-u_0^2)$ (no coupling)")
    ax.errorbar(
        [r.current for r in rs],
        [r.fit.fwhm for r in rs],
        yerr=[r.fit.fwhm_err for r in rs],
        fmt="o",
        color="C3",
        ms=7,
        capsize=3,
        label="stochastic LLG (fit)",
    )
    ax.set(
        xlabel="current $I$ (chapter 1 units)",
        ylabel=r"FWHM $\Delta\omega/\gamma_0 H_k$",
        ylim=(3e-3, 3),
        title=f"linewidth at $k_BT/\\mu_0 M_s H_k V$ = {c.temperature:g}",
    )
    ax.legend(fontsize=FONT, loc="upper center")
    fig.set_label(
        "Linewidth versus current: the linear theory diverges at both ends of the range, where the "
        "simulated linewidth departs from it."
    )
    return style_axes(fig)


@explorer
def spectrum_explorer() -> Explorer:
    """The oscillator line versus current and temperature (theory; simulation overlaid at its stops).

    Returns
    -------
    spinlib.widgets.Explorer
        Sliders: chapter 1's current ``I`` and the reduced temperature; every frame is precomputed on
        the sliders' grids by :func:`spinlib.oscillator.studies.explorer_frame` (a move only indexes).

    Examples
    --------
    >>> spectrum_explorer().title
    'Oscillator line versus current and temperature'
    """
    studies.explorer_frame(current=4.5, temperature=0.02)  # compute once: every frame of the grid

    def compute(*, current, temperature):
        return studies.explorer_frame(current=current, temperature=temperature)  # slice live

    def setup():
        fig, ax = new_figure(1, 2, figsize=(7.6, 3.4))
        (th,) = ax[0].plot([], [], "k", lw=2, animated=True, label="linear theory")
        (sim,) = ax[0].plot([], [], ".", color="C3", ms=5, animated=True, label="stochastic LLG")
        txt = ax[0].text(0.03, 0.95, "", transform=ax[0].transAxes, va="top", fontsize=FONT, animated=True)
        ax[0].set(
            xlim=(-0.5, 0.5),
            ylim=(0, 1.45),
            xlabel=r"$\omega - |\omega_0|$ (units of $\gamma_0 H_k$)",
            ylabel="power / theory peak",
            title="line of $m_x$",
        )
        ax[0].legend(fontsize=FONT, loc="upper right")
        (fw,) = ax[1].semilogy([], [], "k", lw=2, animated=True, label=r"$2D_\phi$")
        (bare,) = ax[1].semilogy([], [], "k:", lw=1.5, animated=True, label=r"$\nu = 0$")
        (pt,) = ax[1].semilogy([], [], "o", color="C0", ms=8, animated=True)
        (sp,) = ax[1].semilogy([], [], "s", color="C3", ms=7, animated=True, label="simulated")
        ax[1].set(
            xlim=(3.0, 6.0),
            ylim=(1e-3, 3),
            xlabel="current $I$ (chapter 1 units)",
            ylabel=r"FWHM $\Delta\omega/\gamma_0 H_k$",
            title="linewidth",
        )
        ax[1].legend(fontsize=FONT, loc="upper center")
        style_axes(fig)

        def draw(d, **values):
            v, c = d
            th.set_data(v.detuning, v.theory)
            sim.set_data(v.sim_detuning, v.sim)
            fw.set_data(c.current, c.fwhm)
            bare.set_data(c.current, c.bare)
            pt.set_data([v.current], [v.fwhm])
            if np.isfinite(v.sim_fwhm):
                sp.set_data([v.current], [v.sim_fwhm])
                extra = f"\nsimulated {v.sim_fwhm:.4f} ± {v.sim_err:.4f}"
            else:
                sp.set_data([], [])
                extra = ""
            txt.set_text(f"|ω₀| = {v.frequency:.3f}\n2D_φ = {v.fwhm:.4f}{extra}".replace("D_φ", "Dφ"))

        return fig, draw

    return Explorer(
        controls=[
            Slider(
                "current",
                *studies.EXPLORER_CURRENT_GRID,
                4.5,
                label="current I (chapter 1 units)",
                static=studies.EXPLORER_CURRENTS,
            ),
            Slider(
                "temperature",
                *studies.EXPLORER_TEMPERATURE_GRID,
                0.02,
                label="k<sub>B</sub>T/μ₀M<sub>s</sub>H<sub>k</sub>V",
                static=studies.EXPLORER_TEMPERATURES,
            ),
        ],
        compute=compute,
        setup=setup,
        title="Oscillator line versus current and temperature",
        alt="Left: the oscillator's spectral line around its frequency, linear theory and, at the simulated "
        "stops, the stochastic LLG periodogram. Right: linewidth versus current with the current point.",
    )
