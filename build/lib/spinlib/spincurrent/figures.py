"""Figures and the explorer of Sec. 1.1 (spin currents and the toy models of Ralph & Stiles 2008).

Depths are plotted in Fermi wavelengths :math:`\\lambda_F=2\\pi/k_F`; spin currents per unit
incident particle flux, so the incident spin current is :math:`(\\sin\\theta, 0, \\cos\\theta)`.
"""

from __future__ import annotations

import numpy as np

from ..style import FONT, new_figure
from ..validate import SpinlibInputError, count, positive
from ..widgets import Choice, Explorer, Slider, explorer
from . import studies
from .fermi import max_fermi_depth, transverse_spin_current_profile
from .scattering import StepModel
from .studies import LAMBDA_F

COLORS = {"x": "#1f77b4", "y": "#d62728", "z": "#2ca02c", "mag": "0.3"}

#: Every figure of this module is 7 in wide and is shown in a 672 px column, so a
#: font of s pt appears at s * 672 / (72 * 7) = 1.33 s CSS px: the smallest text
#: used here (spinlib.style.FONT = 9 pt) is 12 px, above the book's 10 px floor.
FIG_WIDTH = 7.0


def step_profile_figure(*, theta=np.pi / 3, ratio=0.6):
    """Toy model 2: the spin-dependent step (Fig. 5(b) of Ralph & Stiles 2008) and its spin currents.

    Top: potential energy of majority and minority electrons and the electron
    energy (units of :math:`E_F`). Bottom: the three components of the spin
    current on both sides of the interface for one electron at normal incidence
    with :math:`k=k_F` (Eq. (13)); data: :func:`spinlib.spincurrent.studies.step_profile`.

    Parameters
    ----------
    theta : float
        Spin angle of the incident electron from the magnetization, radians.
    ratio : float
        :math:`k_\\downarrow/k_\\uparrow` at the Fermi energy, in [0, 1].

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(step_profile_figure().axes)
    2
    """
    prof = studies.step_profile(theta=theta, ratio=ratio)
    fig, (ax0, ax1) = new_figure(
        2, 1, figsize=(FIG_WIDTH, 5.6), sharex=True, gridspec_kw={"height_ratios": [1, 1.6]}
    )
    xl, xr, delta = prof.x_left, prof.x_right, prof.delta  # delta: exchange splitting in units of E_F
    ax0.plot([-2, 4], [0, 0], color=COLORS["z"], lw=2, label=r"majority ($\uparrow$) band bottom")
    ax0.plot(
        [-2, 0, 0, 4],
        [0, 0, delta, delta],
        color="#9467bd",
        lw=2,
        ls="--",
        label=r"minority ($\downarrow$) band bottom",
    )
    ax0.axhline(1.0, color="k", lw=1, ls=":", label=r"electron energy $E=E_F$")
    ax0.annotate("", xy=(2.0, delta), xytext=(2.0, 0), arrowprops={"arrowstyle": "<->", "color": "0.3"})
    ax0.text(2.1, delta / 2, r"$\Delta$", va="center")
    ax0.text(-1.9, 1.08, "normal metal", fontsize=FONT)
    ax0.text(0.15, 1.08, "ferromagnet (magnetization along $\\hat z$)", fontsize=FONT)
    ax0.set(ylim=(-0.15, 1.4), ylabel=r"energy / $E_F$")
    ax0.legend(loc="center left", fontsize=FONT, framealpha=0.9)
    left, right = prof.left, prof.right
    for i, comp in enumerate("xyz"):
        ax1.plot(xl, np.full_like(xl, left[i]), color=COLORS[comp])
        ax1.plot(xr, right[:, i], color=COLORS[comp], label=f"$Q_{{x{comp}}}$")
    ax1.axvline(0, color="0.5", lw=0.8)
    ax1.set(
        xlabel=r"position $x/\lambda_F$",
        ylabel=r"spin current  [$\hbar^2 k_F/2m\Omega$]",
        ylim=(-1.1, 1.1),
        xlim=(-2, 4),
    )
    ax1.legend(loc="lower left", fontsize=FONT, ncol=3)
    return fig


def dephasing_figure(*, theta=np.pi / 2, ratios=(0.4, 0.6, 0.8), max_depth=10.0):
    """Transverse spin current vs depth: one wavevector vs the Fermi-hemisphere sum.

    Top: :math:`Q_{xx}` for one electron at normal incidence and for the sum over
    incidence directions (``ratios[1]``). Bottom: magnitude of the summed
    transverse spin current for several exchange splittings, with the
    end-point asymptote :math:`2\\rho\\sin\\theta/[(1-\\rho)k_Fx]`
    (data: :func:`spinlib.spincurrent.studies.dephasing_curves`).

    Parameters
    ----------
    theta : float
        Spin angle, radians.
    ratios : sequence of float
        :math:`k_\\downarrow/k_\\uparrow` values, each in (0, 1); the middle one is shown on top.
    max_depth : float
        Largest depth, Fermi wavelengths.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(dephasing_figure(ratios=(0.6,), max_depth=1.0).axes)
    2
    """
    c = studies.dephasing_curves(theta=theta, ratios=ratios, max_depth=max_depth)
    x = c.depth
    fig, (ax0, ax1) = new_figure(2, 1, figsize=(FIG_WIDTH, 6.4))
    mid = len(ratios) // 2
    rho, single, fermi = ratios[mid], c.single[mid], c.fermi[mid]
    ax0.plot(x, single[:, 0], color="0.6", lw=1.2, label=r"single $k$ (normal incidence)")
    ax0.plot(x, fermi[:, 0], color=COLORS["x"], lw=1.8, label="Fermi-surface sum")
    ax0.plot(x, fermi[:, 1], color=COLORS["y"], lw=1.2, ls="--", label=r"Fermi-surface sum, $Q_{xy}$")
    ax0.set(
        xlabel=r"depth $x/\lambda_F$",
        ylabel=r"$Q_{xx}$ per incident flux",
        title=rf"$k_\downarrow/k_\uparrow={rho:g}$, $\theta={np.degrees(theta):.0f}^\circ$",
        ylim=(-1.05, 1.05),
    )
    ax0.legend(fontsize=FONT, loc="lower right", ncol=2)
    for r, q, asym in zip(ratios, c.fermi, c.asymptote, strict=True):
        (line,) = ax1.plot(x, np.hypot(q[:, 0], q[:, 1]), ls="-", label=rf"$k_\downarrow/k_\uparrow={r:g}$")
        ax1.plot(c.asymptote_depth, np.abs(asym), color=line.get_color(), lw=0.8, ls=":")
    ax1.axhline(np.sin(theta), color="0.6", lw=1.2, label="single $k$ (any splitting)")
    ax1.set(
        xlabel=r"depth $x/\lambda_F$",
        ylabel=r"$|Q_{x\perp}|$ per incident flux",
        ylim=(0, 1.05),
        title="magnitude (dotted: $1/x$ asymptote)",
    )
    ax1.legend(fontsize=FONT, ncol=2)
    return fig


def evanescent_figure(*, theta=np.pi / 2, params: StepModel = studies.EVANESCENT_STEP):
    """Eq. (14): both channels evanescent. Transmitted transverse spin current and the torque it leaves.

    Top: :math:`Q_{xx}, Q_{xy}` vs depth for :math:`k=k_F` with the envelope
    :math:`e^{-(\\kappa_\\uparrow+\\kappa_\\downarrow)x}`. Bottom: the torque per
    incident flux, :math:`Q_{in}+Q_{refl}` (nothing is transmitted far away), in
    the in-plane (x) and field-like (y) directions vs the electron energy
    (data: :func:`spinlib.spincurrent.studies.evanescent_study`).

    Parameters
    ----------
    theta : float
        Spin angle, radians.
    params : StepModel
        The step, units of :math:`k_F` (default
        :data:`spinlib.spincurrent.studies.EVANESCENT_STEP`, :math:`q_\\uparrow=1.2`,
        :math:`q_\\downarrow=1.6`).

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(evanescent_figure().axes)
    2
    """
    s = studies.evanescent_study(theta=theta, params=params)
    fig, (ax0, ax1) = new_figure(2, 1, figsize=(FIG_WIDTH, 6.0))
    x, q = s.depth, s.transmitted
    ax0.plot(x, q[:, 0], color=COLORS["x"], label=r"$Q_{xx}$")
    ax0.plot(x, q[:, 1], color=COLORS["y"], label=r"$Q_{xy}$")
    ax0.plot(
        x,
        s.envelope,
        color="0.4",
        ls=":",
        label=r"$|Q_{x\perp}(0)|\,e^{-(\kappa_\uparrow+\kappa_\downarrow)x}$",
    )
    ax0.set(
        xlabel=r"depth $k_F x$",
        ylabel=r"spin current  [$\hbar^2k_F/2m\Omega$]",
        title=rf"$q_\uparrow={params.q_up:g}k_F$, $q_\downarrow={params.q_down:g}k_F$, $E=E_F$",
    )
    ax0.legend(fontsize=FONT)
    e, torque = s.energy, s.torque
    ax1.plot(e, torque[:, 0], color=COLORS["x"], label=r"in-plane $N_x$")
    ax1.plot(e, torque[:, 1], color=COLORS["y"], label=r"field-like $N_y$")
    ax1.plot(e, torque[:, 2], color=COLORS["z"], ls="--", label=r"$N_z$")
    ax1.set(
        xlabel=r"electron energy $E/V_\uparrow$",
        ylabel=r"torque / incident flux  [$\hbar^2 k/2m$]",
        title=rf"torque from total reflection ($\theta={np.degrees(theta):.0f}^\circ$)",
    )
    ax1.legend(fontsize=FONT, ncol=3)
    return fig


def field_like_bias_figure(*, max_bias=1.2):
    """Eq. (29): bias dependence of the perpendicular torque of a symmetric junction.

    The exact integral for the sample :data:`spinlib.spincurrent.studies.SAMPLE_N_PERP`
    against its leading term :math:`N_\\perp'(\\varepsilon_F)(eV/2)^2`; inset-free
    second panel: the sample :math:`N_\\perp(\\varepsilon)` itself
    (data: :func:`spinlib.spincurrent.studies.field_like_bias`).

    Parameters
    ----------
    max_bias : float
        Largest :math:`|eV|`, eV.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(field_like_bias_figure().axes)
    2
    """
    f = studies.field_like_bias(max_bias=max_bias)
    fig, (ax0, ax1) = new_figure(2, 1, figsize=(FIG_WIDTH, 5.6))
    ax0.plot(f.energy, f.n_perp, color="k")
    ax0.axvline(0, color="0.6", lw=0.8)
    ax0.set(
        xlabel=r"energy $\varepsilon-\varepsilon_F$ (eV)",
        ylabel=r"$N_\perp(\varepsilon)$ (arb. units)",
        title=r"sample $N_\perp(\varepsilon)$ (illustrative)",
    )
    ax1.plot(f.bias, f.exact, color="k", label="exact integral")
    ax1.plot(
        f.bias,
        f.quadratic,
        color="#d62728",
        ls="--",
        label=r"$N_\perp'(\varepsilon_F)\,(eV/2)^2$, Eq. (29) of Ralph & Stiles",
    )
    ax1.set(
        xlabel="bias eV (eV)",
        ylabel=r"$\dot M_\perp(V)-\dot M_\perp(0)$ (arb. units)",
        title="even in V: no linear term",
    )
    ax1.legend(fontsize=FONT)
    return fig


@explorer
def spin_current_explorer(*, max_depth=8.0, n_nodes=48) -> Explorer:
    """Transverse spin current vs depth in toy model 2, live in theta, k_down/k_up and the averaging.

    Parameters
    ----------
    max_depth : float
        Largest depth shown, in Fermi wavelengths (> 0).
    n_nodes : int
        Gauss-Legendre nodes of the Fermi-surface sum (see
        :func:`spinlib.spincurrent.transverse_spin_current_profile`); enough
        for depths up to about ``n_nodes / (2 pi)`` Fermi wavelengths.

    The model fixes a zero majority step and the electron energy at E_F
    (:func:`spinlib.spincurrent.transverse_spin_current_profile`).

    Returns
    -------
    spinlib.widgets.Explorer
        Sliders for theta (degrees) and :math:`k_\\downarrow/k_\\uparrow`, a choice of averaging.

    Examples
    --------
    >>> ex = spin_current_explorer()
    >>> ex.compute(**ex.defaults()).shape
    (400, 3)
    """
    given_depth = max_depth
    max_depth = float(positive("max_depth", max_depth))
    n_nodes = count("n_nodes", n_nodes, minimum=32)
    if max_depth * LAMBDA_F > max_fermi_depth(n_nodes):
        raise SpinlibInputError(
            f"max_depth must be <= {max_fermi_depth(n_nodes) / LAMBDA_F:.1f} Fermi wavelengths for "
            f"n_nodes={n_nodes} (raise n_nodes to at least {16 + int(np.ceil(max_depth * LAMBDA_F / 4))}); "
            f"got max_depth={given_depth!r}"
        )
    x = np.linspace(0.0, max_depth, 400)  # depth in Fermi wavelengths
    xk = x * LAMBDA_F

    def compute(*, theta_deg, ratio, average):
        return transverse_spin_current_profile(
            xk,
            theta=np.radians(theta_deg),
            params=StepModel.from_ratio(ratio=ratio),
            average=average,
            n_nodes=n_nodes,
        )

    def setup():
        fig, (ax0, ax1) = new_figure(1, 2, figsize=(FIG_WIDTH, 3.9), gridspec_kw={"width_ratios": [2.0, 1]})
        (lx,) = ax0.plot([], [], color=COLORS["x"], lw=1.8, label=r"$Q_{xx}$", animated=True)
        (ly,) = ax0.plot([], [], color=COLORS["y"], lw=1.4, label=r"$Q_{xy}$", animated=True)
        (lm,) = ax0.plot([], [], color=COLORS["mag"], lw=1.0, ls="--", label=r"$|Q_{x\perp}|$", animated=True)
        (lz,) = ax0.plot([], [], color=COLORS["z"], lw=1.0, ls=":", label=r"$Q_{xz}$", animated=True)
        text = ax0.text(
            0.02, 0.03, "", transform=ax0.transAxes, ha="left", va="bottom", fontsize=FONT, animated=True
        )
        ax0.axhline(0, color="0.8", lw=0.8)
        ax0.set(
            xlim=(0, max_depth),
            ylim=(-1.05, 1.6),
            xlabel=r"depth $x/\lambda_F$",
            ylabel="spin current / incident flux",
        )
        ax0.legend(loc="upper right", fontsize=FONT, ncol=4, handlelength=1.2, columnspacing=0.8)
        (path,) = ax1.plot([], [], color="k", lw=1.0, animated=True)
        (start,) = ax1.plot([], [], "o", color=COLORS["x"], ms=5, animated=True)
        ax1.axhline(0, color="0.8", lw=0.8)
        ax1.axvline(0, color="0.8", lw=0.8)
        ax1.set(
            xlim=(-1.05, 1.05),
            ylim=(-1.05, 1.05),
            aspect="equal",
            xlabel=r"$Q_{xx}$",
            ylabel=r"$Q_{xy}$",
            title="top view",
        )

        def draw(data, *, theta_deg, ratio, average):
            lx.set_data(x, data[:, 0])
            ly.set_data(x, data[:, 1])
            lm.set_data(x, np.hypot(data[:, 0], data[:, 1]))
            lz.set_data(x, data[:, 2])
            path.set_data(data[:, 0], data[:, 1])
            start.set_data(data[:1, 0], data[:1, 1])
            period = studies.normal_incidence_period(ratio)
            if np.isfinite(period):
                text.set_text(
                    rf"period at normal incidence $2\pi/(k_\uparrow-k_\downarrow)={period:.2f}\,\lambda_F$"
                )
            else:
                text.set_text("no exchange splitting: no precession")

        return fig, draw

    return Explorer(
        controls=[
            Slider("theta_deg", 0.0, 180.0, 5.0, 90.0, label="θ (°)", static=(0, 45, 90, 135, 180)),
            Slider("ratio", 0.2, 1.0, 0.02, 0.6, label="k↓/k↑", static=(0.2, 0.4, 0.6, 0.8, 1.0)),
            Choice(
                "average",
                (("single k (normal incidence)", "single"), ("Fermi-surface sum", "fermi")),
                "fermi",
                label="electrons",
            ),
        ],
        compute=compute,
        setup=setup,
        title="Toy model 2: transverse spin current inside the ferromagnet",
        alt=(
            "Spin-current components Qxx, Qxy and Qxz versus depth into the ferromagnet, and the path "
            "of the transverse spin current in the (Qxx, Qxy) plane, for the chosen spin angle, exchange "
            "splitting and averaging (one wavevector or a Fermi-surface sum)."
        ),
    )
