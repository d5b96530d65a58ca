"""The map of regimes shown on the book's front page."""

from __future__ import annotations

from matplotlib.patches import FancyBboxPatch

from .widgets import new_figure  # widgets registers the PNG display of figures in IPython

# (label, x0, x1, y0, y1, colour): x = log10 of the spin S of the magnet,
# y = log10 of k_B T in units of the magnon quantum hbar*Omega.
_REGIONS = (
    ("1  Classical LLG torque\n(macrospin, T = 0)", 3.2, 6.8, -2.6, -0.4, "#4C72B0"),
    ("2  MAT and quantum STT\nin tunnel junctions", 1.4, 4.6, -1.1, 1.4, "#DD8452"),
    ("3  Quantum many-body\nspin transfer", 0.0, 1.6, -2.6, -0.9, "#55A868"),
    ("4  Nanomagnet master\nequations (NMD)", 0.6, 3.1, 0.9, 2.7, "#C44E52"),
    ("5  Mesoscopic activation\n(Néel-Brown, spin injection)", 4.2, 6.8, 1.0, 2.7, "#8172B3"),
)


def regime_map():
    """Where each chapter lives in the plane of spin size and temperature.

    A schematic, not a computed phase diagram: it orders the chapters from
    classical (large spin, T -> 0 or thermal activation) to quantum (small
    spin, k_B T below the magnon energy).
    """
    # 7.5 in at the book's 110 dpi is 825 px, shown at 672: 9 pt and up read as >= 11 CSS px
    fig, ax = new_figure(figsize=(7.5, 4.2))
    for label, x0, x1, y0, y1, colour in _REGIONS:
        ax.add_patch(FancyBboxPatch((x0, y0), x1 - x0, y1 - y0, boxstyle="round,pad=0.02,rounding_size=0.25",
                                    facecolor=colour, alpha=0.28, edgecolor=colour, linewidth=1.5))
        ax.text((x0 + x1) / 2, (y0 + y1) / 2, label, ha="center", va="center", fontsize=9.5)
    ax.set(xlim=(-0.2, 7.0), ylim=(-2.8, 2.9),
           xlabel=r"spin of the magnet  $\log_{10} S$  (quantum $\leftarrow$ $\rightarrow$ classical)",
           ylabel=r"$\log_{10}\,(k_B T/\hbar\Omega)$")
    ax.axhline(0.0, color="0.5", lw=0.8, ls="--")
    ax.text(6.95, 0.08, r"$k_B T = \hbar\Omega$", ha="right", va="bottom", fontsize=9, color="0.3")
    return fig
