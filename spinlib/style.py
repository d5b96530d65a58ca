"""The book's one figure style: figure factory, resolutions, font sizes.

Every drawing module (``spinlib.<topic>.figures``, :mod:`spinlib.roadmap`) makes its figures with
:func:`new_figure` and takes its font sizes from here, so the legibility floor (text >= 10 CSS px in
the 672 px column, ``tests/test_legibility.py``) is met by one set of numbers.
"""

from __future__ import annotations

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["DPI", "FIGURE_DPI", "FONT", "SMALL_FONT", "new_figure"]

DPI = 80  #: resolution of interactive frames (speed and page weight)
FIGURE_DPI = 110  #: resolution of static figures
FONT = 9.0  #: legend and annotation size (pt) of figures up to ~7 in wide
SMALL_FONT = 8.0  #: smallest size (pt) any figure text may use (still >= 10 CSS px at FIGURE_DPI)


def new_figure(nrows: int = 1, ncols: int = 1, *, figsize=(8.0, 3.6), **subplot_kw):
    """A pyplot-free figure on an Agg canvas and its axes.

    Pyplot is avoided on purpose: the figure is never auto-displayed by the
    inline backend (no duplicate output) and never leaks into global state.
    ``subplot_kw`` is passed to :meth:`Figure.subplots` (e.g.
    ``subplot_kw={"projection": "3d"}`` or ``gridspec_kw=...``).
    """
    fig = Figure(figsize=figsize, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(nrows, ncols, squeeze=True, **subplot_kw)
    return fig, axes
