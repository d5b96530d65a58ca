"""Figures and the explorer of the domain-wall page (reduced units of
:mod:`spinlib.domainwall.collective`). Drawing only: the numbers come from :mod:`.studies` and the
physics functions.
"""

from __future__ import annotations

import numpy as np

from ..style import FONT, new_figure, style_axes
from ..validate import finite
from ..widgets import Choice, Explorer, Slider, explorer
from . import studies
from .collective import breakdown_current, pinning_current, walker_field, wall_velocity

__all__ = ["fig_velocity", "fig_micromagnetic", "velocity_explorer"]




def fig_velocity(*, beta_ratios=(0.0, 0.5, 1.0, 2.0)):
    """Wall velocity versus field (``u = 0``) and versus current (``h = 0``): closed forms (lines)
    and the (q, phi) model integrated and averaged over whole turns (dots).

    Parameters
    ----------
    beta_ratios : sequence of float
        ``beta / alpha`` of the current curves.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(fig_velocity().axes)
    2
    """
    ratios = finite("beta_ratios", beta_ratios).ravel()
    P = studies.PAGE_WALL
    hw = float(walker_field(params=P))
    fig, ax = new_figure(1, 2, figsize=(7.0, 3.3))
    h = np.linspace(0.0, 4.0 * hw, 200)
    ax[0].plot(h / hw, wall_velocity(params=P, field=h), "k", lw=2, label="closed form")
    hd = np.linspace(0.25, 3.75, 8) * hw
    ax[0].plot(hd / hw, studies.ode_velocity(params=P, field=hd), "o", color="C3", ms=5,
               label="(q, φ) integrated")
    ax[0].axvline(1.0, color="0.5", ls=":", lw=1)
    ax[0].set(xlabel="$h/h_W$", ylabel=r"$\langle v\rangle$ ($\gamma_0 M_s \Delta_0$)",
              title="field drive, $u = 0$")
    ax[0].legend(fontsize=FONT, loc="upper right")
    u = np.linspace(0.0, 1.5, 200)
    ud = np.linspace(0.1, 1.4, 7)
    for k, r in enumerate(ratios):
        Pr = P.replace(beta=float(r) * P.alpha)
        ax[1].plot(u, wall_velocity(params=Pr, current=u), color=f"C{k}", lw=2, label=f"β/α = {r:g}")
        ax[1].plot(ud, studies.ode_velocity(params=Pr, current=ud), "o", color=f"C{k}", ms=4)
    ax[1].axvline(float(pinning_current(params=P)), color="0.5", ls=":", lw=1)
    ax[1].set(xlabel=r"$u$ ($\gamma_0 M_s \Delta_0$)", ylabel=r"$\langle v\rangle$", ylim=(0, 3.2),
              title="current drive, $h = 0$")
    ax[1].legend(fontsize=FONT, loc="upper left")
    fig.set_label("Wall velocity versus field and versus current: closed forms as lines, the integrated "
                  "collective model as dots; breakdown and the intrinsic pinning threshold dotted.")
    return style_axes(fig)


def fig_micromagnetic():
    """The 1-D micromagnetic wire against the (q, phi) model: velocity versus current at
    ``beta = 0`` (both pinning thresholds) and the wall position above Walker breakdown.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> len(fig_micromagnetic().axes)
    2
    """
    P = studies.CHECK_WIRE
    rows = [r for r in studies.micromagnetic_check() if r["beta"] == 0.0 and r["field"] == 0.0]
    fig, ax = new_figure(1, 2, figsize=(7.0, 3.3))
    u = np.linspace(0.0, 1.2, 300)
    ax[0].plot(u, wall_velocity(params=P, current=u), "k", lw=2, label="(q, φ) model")
    ax[0].plot([r["current"] for r in rows], [r["v_micro"] for r in rows], "s", color="C3", ms=7,
               label="micromagnetic")
    ax[0].axvline(float(pinning_current(params=P)), color="0.4", ls=":", lw=1.2)
    ax[0].axvline(float(pinning_current(params=P, width="walker")), color="C3", ls="--", lw=1.2)
    ax[0].set(xlabel=r"$u$ ($\gamma_0 M_s \Delta_0$)", ylabel=r"$\langle v\rangle$",
              title=r"$\beta = 0$, $h = 0$")
    ax[0].legend(fontsize=FONT, loc="upper left")
    label = "field, above breakdown"
    row = studies.check_row(label)
    tr = studies.collective_trajectory(label)
    ax[1].plot(row["t"], row["q"], color="C3", lw=2, label="micromagnetic")
    ax[1].plot(tr.t, tr.q, "k--", lw=1.5, label="(q, φ) model")
    ax[1].set(xlabel=r"time ($1/\gamma_0 M_s$)", ylabel=r"$q$ ($\Delta_0$)",
              title=f"$h = {row['field'] / float(walker_field(params=P)):g}\\,h_W$, $u = 0$")
    ax[1].legend(fontsize=FONT, loc="upper left")
    fig.set_label("Micromagnetic wire against the rigid-wall model: velocity versus current at beta = 0 "
                  "with the rigid and the narrowing-wall pinning thresholds, and the wall position above "
                  "Walker breakdown.")
    return style_axes(fig)


@explorer
def velocity_explorer(*, alpha=0.02, hk_perp=1.0, n_currents=100) -> Explorer:
    """Wall velocity versus current with Walker breakdown: controls ``beta / alpha`` and ``h / h_W``.

    Parameters
    ----------
    alpha, hk_perp : float
        Damping and hard-axis field held fixed.
    n_currents : int
        Points of the curve.

    Returns
    -------
    spinlib.widgets.Explorer

    Examples
    --------
    >>> velocity_explorer().title
    'Wall velocity versus current'
    """
    P0 = studies.PAGE_WALL.replace(alpha=alpha, hk_perp=hk_perp)
    hw = float(walker_field(params=P0))
    u = np.linspace(0.0, 1.5 * hk_perp, int(n_currents))

    def compute(*, beta_ratio, field_ratio):
        P = P0.replace(beta=beta_ratio * P0.alpha)
        h = field_ratio * hw
        v = studies.velocity_curve(params=P, field=h, currents=u)
        # above h_W the wall precesses already at u = 0: no breakdown point to mark
        ub = float(breakdown_current(params=P, field=h)) if h <= hw else np.inf
        vb = float(wall_velocity(params=P, field=h, current=ub)) if np.isfinite(ub) else np.inf
        return {"v": v, "ub": ub, "vb": vb}

    def setup():
        fig, ax = new_figure(1, 1, figsize=(6.4, 3.6))
        ax.plot(u, u, color="0.6", ls=":", lw=1.2, label="$v = u$")
        (line,) = ax.plot([], [], "k", lw=2, animated=True, label="⟨v⟩")
        (mark,) = ax.plot([], [], "o", color="C3", ms=8, animated=True, label="breakdown")
        ax.set(xlim=(0, u[-1]), ylim=(0, 3.2 * hk_perp), xlabel=r"$u$ ($\gamma_0 M_s \Delta_0$)",
               ylabel=r"$\langle v\rangle$ ($\gamma_0 M_s \Delta_0$)", title=f"α = {alpha:g}")
        ax.legend(fontsize=FONT, loc="upper left")
        style_axes(fig)

        def draw(data, **values):
            line.set_data(u, data["v"])
            if np.isfinite(data["ub"]) and data["ub"] <= u[-1]:
                mark.set_data([data["ub"]], [data["vb"]])
            else:
                mark.set_data([], [])

        return fig, draw

    return Explorer(
        controls=[
            Choice("beta_ratio", (("0", 0.0), ("1/2", 0.5), ("1", 1.0), ("2", 2.0)), 0.0, label="β/α"),
            Slider("field_ratio", 0.0, 2.0, 0.1, 0.0, label="h/h<sub>W</sub>",
                   static=(0.0, 0.5, 1.0, 1.5, 2.0)),
        ],
        compute=compute, setup=setup, title="Wall velocity versus current",
        alt="Time-averaged domain-wall velocity versus spin-drift velocity u for a choice of beta/alpha and "
            "field, with the Walker breakdown point marked and the line v = u for reference.")
