"""Figures and the explorer of Sec. 1.1 (spin currents and the toy models of Ralph & Stiles 2008).

Depths are plotted in Fermi wavelengths :math:`\\lambda_F=2\\pi/k_F`; spin currents per unit
incident particle flux, so the incident spin current is :math:`(\\sin\\theta, 0, \\cos\\theta)`.
"""

from __future__ import annotations

import numpy as np

from ..validate import SpinlibInputError, count, positive
from ..widgets import Choice, Explorer, Slider, explorer, new_figure
from . import scattering as sc

LAMBDA_F = 2 * np.pi  # Fermi wavelength in units of 1/k_F
COLORS = {"x": "#1f77b4", "y": "#d62728", "z": "#2ca02c", "mag": "0.3"}

#: Every figure of this module is 7 in wide and is shown in a 672 px column, so a
#: font of s pt appears at s * 672 / (72 * 7) = 1.33 s CSS px: the smallest text
#: used here (SMALL = 9 pt) is 12 px, above the book's 10 px floor.
FIG_WIDTH = 7.0
SMALL = 9


def normal_incidence_period(ratio: float) -> float:
    """Precession period at normal incidence and E = E_F, in Fermi wavelengths (from spinlib).

    ``inf`` for ``ratio == 1`` (no exchange splitting, no precession).
    """
    model = sc.StepModel.from_ratio(ratio=ratio)
    if model.q_down == 0:
        return float("inf")
    return float(sc.precession_period(k=1.0, q_down=model.q_down, q_up=model.q_up)) / LAMBDA_F


def step_profile_figure(*, theta=np.pi / 3, ratio=0.6):
    """Toy model 2: the spin-dependent step (Fig. 5(b) of Ralph & Stiles 2008) and its spin currents.

    Top: potential energy of majority and minority electrons and the electron
    energy (units of :math:`E_F`). Bottom: the three components of the spin
    current on both sides of the interface for one electron at normal incidence
    with :math:`k=k_F` (Eq. (13)).
    """
    model = sc.StepModel.from_ratio(ratio=ratio)
    fig, (ax0, ax1) = new_figure(
        2, 1, figsize=(FIG_WIDTH, 5.6), sharex=True, gridspec_kw={"height_ratios": [1, 1.6]}
    )
    xl = np.linspace(-2, 0, 200)
    xr = np.linspace(0, 4, 400)
    delta = model.q_down**2  # exchange splitting in units of E_F
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
    ax0.text(-1.9, 1.08, "normal metal", fontsize=SMALL)
    ax0.text(0.15, 1.08, "ferromagnet (magnetization along $\\hat z$)", fontsize=SMALL)
    ax0.set(ylim=(-0.15, 1.4), ylabel=r"energy / $E_F$")
    ax0.legend(loc="center left", fontsize=SMALL, framealpha=0.9)
    left = sc.incident_spin_current(k=1.0, theta=theta) + sc.reflected_spin_current(
        k=1.0, theta=theta, q_down=model.q_down
    )
    right = sc.transmitted_spin_current(xr * LAMBDA_F, k=1.0, theta=theta, q_down=model.q_down)
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
    ax1.legend(loc="lower left", fontsize=SMALL, ncol=3)
    return fig


def dephasing_figure(*, theta=np.pi / 2, ratios=(0.4, 0.6, 0.8), max_depth=10.0):
    """Transverse spin current vs depth: one wavevector vs the Fermi-hemisphere sum.

    Top: :math:`Q_{xx}` for one electron at normal incidence and for the sum over
    incidence directions (``ratios[1]``). Bottom: magnitude of the summed
    transverse spin current for several exchange splittings, with the
    end-point asymptote :math:`2\\rho\\sin\\theta/[(1-\\rho)k_Fx]`.
    """
    x = np.linspace(0, max_depth, 1200)
    fig, (ax0, ax1) = new_figure(2, 1, figsize=(FIG_WIDTH, 6.4))
    rho = ratios[len(ratios) // 2]
    single = sc.transverse_spin_current_profile(x * LAMBDA_F, theta=theta, ratio=rho, average="single")
    fermi = sc.transverse_spin_current_profile(x * LAMBDA_F, theta=theta, ratio=rho, average="fermi")
    ax0.plot(x, single[:, 0], color="0.6", lw=1.2, label=r"single $k$ (normal incidence)")
    ax0.plot(x, fermi[:, 0], color=COLORS["x"], lw=1.8, label="Fermi-surface sum")
    ax0.plot(x, fermi[:, 1], color=COLORS["y"], lw=1.2, ls="--", label=r"Fermi-surface sum, $Q_{xy}$")
    ax0.set(
        xlabel=r"depth $x/\lambda_F$",
        ylabel=r"$Q_{xx}$ per incident flux",
        title=rf"$k_\downarrow/k_\uparrow={rho:g}$, $\theta={np.degrees(theta):.0f}^\circ$",
        ylim=(-1.05, 1.05),
    )
    ax0.legend(fontsize=SMALL, loc="lower right", ncol=2)
    for r, ls in zip(ratios, ("-", "-", "-"), strict=False):
        q = sc.transverse_spin_current_profile(x * LAMBDA_F, theta=theta, ratio=r, average="fermi")
        (line,) = ax1.plot(x, np.hypot(q[:, 0], q[:, 1]), ls=ls, label=rf"$k_\downarrow/k_\uparrow={r:g}$")
        xa = x[x > 0.5]
        ax1.plot(
            xa,
            np.abs(sc.fermi_average_asymptote(xa * LAMBDA_F, theta=theta, ratio=r)),
            color=line.get_color(),
            lw=0.8,
            ls=":",
        )
    ax1.axhline(np.sin(theta), color="0.6", lw=1.2, label="single $k$ (any splitting)")
    ax1.set(
        xlabel=r"depth $x/\lambda_F$",
        ylabel=r"$|Q_{x\perp}|$ per incident flux",
        ylim=(0, 1.05),
        title="magnitude (dotted: $1/x$ asymptote)",
    )
    ax1.legend(fontsize=SMALL, ncol=2)
    return fig


def evanescent_figure(*, theta=np.pi / 2, q_up=1.2, q_down=1.6):
    """Eq. (14): both channels evanescent. Transmitted transverse spin current and the torque it leaves.

    Top: :math:`Q_{xx}, Q_{xy}` vs depth for :math:`k=k_F` with the envelope
    :math:`e^{-(\\kappa_\\uparrow+\\kappa_\\downarrow)x}`. Bottom: the torque per
    incident flux, :math:`Q_{in}+Q_{refl}` (nothing is transmitted far away), in
    the in-plane (x) and field-like (y) directions vs the electron energy.
    """
    fig, (ax0, ax1) = new_figure(2, 1, figsize=(FIG_WIDTH, 6.0))
    x = np.linspace(0, 3, 400)
    q = sc.transmitted_spin_current(x, k=1.0, theta=theta, q_up=q_up, q_down=q_down)
    kap = sc.transverse_decay_constant(k=1.0, q_up=q_up, q_down=q_down)
    ax0.plot(x, q[:, 0], color=COLORS["x"], label=r"$Q_{xx}$")
    ax0.plot(x, q[:, 1], color=COLORS["y"], label=r"$Q_{xy}$")
    ax0.plot(
        x,
        np.hypot(q[0, 0], q[0, 1]) * np.exp(-kap * x),
        color="0.4",
        ls=":",
        label=r"$|Q_{x\perp}(0)|\,e^{-(\kappa_\uparrow+\kappa_\downarrow)x}$",
    )
    ax0.set(
        xlabel=r"depth $k_F x$",
        ylabel=r"spin current  [$\hbar^2k_F/2m\Omega$]",
        title=rf"$q_\uparrow={q_up:g}k_F$, $q_\downarrow={q_down:g}k_F$, $E=E_F$",
    )
    ax0.legend(fontsize=SMALL)
    k = np.linspace(0.02, q_up * 0.999, 300)
    torque = (
        sc.incident_spin_current(k=k, theta=theta)
        + sc.reflected_spin_current(k=k, theta=theta, q_up=q_up, q_down=q_down)
    ) / k[:, None]
    e = (k / q_up) ** 2
    ax1.plot(e, torque[:, 0], color=COLORS["x"], label=r"in-plane $N_x$")
    ax1.plot(e, torque[:, 1], color=COLORS["y"], label=r"field-like $N_y$")
    ax1.plot(e, torque[:, 2], color=COLORS["z"], ls="--", label=r"$N_z$")
    ax1.set(
        xlabel=r"electron energy $E/V_\uparrow$",
        ylabel=r"torque / incident flux  [$\hbar^2 k/2m$]",
        title=rf"torque from total reflection ($\theta={np.degrees(theta):.0f}^\circ$)",
    )
    ax1.legend(fontsize=SMALL, ncol=3)
    return fig


def field_like_bias_figure(*, max_bias=1.2):
    """Eq. (29): bias dependence of the perpendicular torque of a symmetric junction.

    The exact integral for the sample :class:`spinlib.spincurrent.ResonantPerpTorque`
    against its leading term :math:`N_\\perp'(\\varepsilon_F)(eV/2)^2`; inset-free
    second panel: the sample :math:`N_\\perp(\\varepsilon)` itself.
    """
    sample = sc.ResonantPerpTorque()
    v = np.linspace(-max_bias, max_bias, 401)
    fig, (ax0, ax1) = new_figure(2, 1, figsize=(FIG_WIDTH, 5.6))
    e = np.linspace(-1, 1, 400)
    ax0.plot(e, sample(e), color="k")
    ax0.axvline(0, color="0.6", lw=0.8)
    ax0.set(
        xlabel=r"energy $\varepsilon-\varepsilon_F$ (eV)",
        ylabel=r"$N_\perp(\varepsilon)$ (arb. units)",
        title=r"sample $N_\perp(\varepsilon)$ (illustrative)",
    )
    ax1.plot(v, sc.perpendicular_torque_bias_change(v, n_perp=sample), color="k", label="exact integral")
    ax1.plot(
        v,
        sc.perpendicular_torque_quadratic(v, dn_perp_at_fermi=sample.derivative(0.0)),
        color="#d62728",
        ls="--",
        label=r"$N_\perp'(\varepsilon_F)\,(eV/2)^2$, Eq. (29)",
    )
    ax1.set(
        xlabel="bias eV (eV)",
        ylabel=r"$\dot M_\perp(V)-\dot M_\perp(0)$ (arb. units)",
        title="even in V: no linear term",
    )
    ax1.legend(fontsize=SMALL)
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
    """
    given_depth = max_depth
    max_depth = float(positive("max_depth", max_depth))
    n_nodes = count("n_nodes", n_nodes, minimum=32)
    if max_depth * LAMBDA_F > sc.max_fermi_depth(n_nodes):
        raise SpinlibInputError(
            f"max_depth must be <= {sc.max_fermi_depth(n_nodes) / LAMBDA_F:.1f} Fermi wavelengths for "
            f"n_nodes={n_nodes} (raise n_nodes to at least {16 + int(np.ceil(max_depth * LAMBDA_F / 4))}); "
            f"got max_depth={given_depth!r}"
        )
    x = np.linspace(0.0, max_depth, 400)  # depth in Fermi wavelengths
    xk = x * LAMBDA_F

    def compute(*, theta_deg, ratio, average):
        return sc.transverse_spin_current_profile(
            xk, theta=np.radians(theta_deg), ratio=ratio, average=average, n_nodes=n_nodes
        )

    def setup():
        fig, (ax0, ax1) = new_figure(1, 2, figsize=(FIG_WIDTH, 3.9), gridspec_kw={"width_ratios": [2.0, 1]})
        (lx,) = ax0.plot([], [], color=COLORS["x"], lw=1.8, label=r"$Q_{xx}$", animated=True)
        (ly,) = ax0.plot([], [], color=COLORS["y"], lw=1.4, label=r"$Q_{xy}$", animated=True)
        (lm,) = ax0.plot([], [], color=COLORS["mag"], lw=1.0, ls="--", label=r"$|Q_{x\perp}|$", animated=True)
        (lz,) = ax0.plot([], [], color=COLORS["z"], lw=1.0, ls=":", label=r"$Q_{xz}$", animated=True)
        text = ax0.text(
            0.02, 0.03, "", transform=ax0.transAxes, ha="left", va="bottom", fontsize=SMALL, animated=True
        )
        ax0.axhline(0, color="0.8", lw=0.8)
        ax0.set(
            xlim=(0, max_depth),
            ylim=(-1.05, 1.6),
            xlabel=r"depth $x/\lambda_F$",
            ylabel="spin current / incident flux",
        )
        ax0.legend(loc="upper right", fontsize=SMALL, ncol=4, handlelength=1.2, columnspacing=0.8)
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
            period = normal_incidence_period(ratio)
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
            "Spin-current components Q_xx, Q_xy and Q_xz versus depth into the ferromagnet, and the path "
            "of the transverse spin current in the Q_xx-Q_xy plane, for the chosen spin angle, exchange "
            "splitting and averaging (one wavevector or a Fermi-surface sum)."
        ),
    )
