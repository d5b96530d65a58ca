"""The book's one figure style: figure factory, resolutions, font sizes.

Every drawing module (``spinlib.<topic>.figures``, :mod:`spinlib.roadmap`) makes its figures with
:func:`new_figure` and takes its font sizes from here, so the legibility floor (text >= 10 CSS px in
the 672 px column, ``tests/test_legibility.py``) is met by one set of numbers.
"""

from __future__ import annotations

import io
import math
import pickle
import re

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

__all__ = ["DPI", "FIGURE_DPI", "FONT", "SMALL_FONT", "COLUMN_PX", "PHONE_COLUMN_PX", "COLUMN_FLOOR_PX",
           "PHONE_FLOOR_PX", "PHONE_WIDTH_IN", "PHONE_DPI", "new_figure", "style_axes", "displayed_px",
           "needs_phone_rendition", "reflow_for_phone", "phone_png", "phone_figure", "palette_png",
           "figure_description"]

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


def style_axes(fig: Figure, *, label_size: float = FONT + 1) -> Figure:
    """The book's text sizes on every axes of ``fig``: tick labels at FONT, axis labels and titles
    at ``label_size`` (pt).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to style (in place).
    label_size : float
        Size (pt) of axis labels and titles, at least SMALL_FONT.

    Returns
    -------
    matplotlib.figure.Figure
        ``fig`` itself.

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> style_axes(fig).axes[0].xaxis.label.get_size()
    10.0
    """
    if not (isinstance(label_size, (int, float)) and math.isfinite(label_size) and label_size >= SMALL_FONT):
        raise ValueError(f"label_size must be a number >= SMALL_FONT={SMALL_FONT}; got {label_size!r}")
    for ax in fig.axes:
        ax.tick_params(labelsize=FONT)
        ax.xaxis.label.set_size(label_size)
        ax.yaxis.label.set_size(label_size)
        ax.title.set_size(label_size)
    return fig


_GREEK = {"hbar": "ħ", "Omega": "Ω", "omega": "ω", "alpha": "α", "beta": "β", "gamma": "γ", "Gamma": "Γ",
          "delta": "δ", "Delta": "Δ", "eta": "η", "theta": "θ", "mu": "μ", "phi": "φ", "tau": "τ",
          "sigma": "σ", "kappa": "κ", "lambda": "λ", "rho": "ρ", "epsilon": "ε", "pi": "π", "cdot": "·",
          "times": "×", "to": "→", "infty": "∞", "propto": "∝", "sim": "~", "approx": "≈"}


def _plain(text: str) -> str:
    """Axis-label text without mathtext markup, for alt text."""
    text = re.sub(r"\\(mathrm|mathbf|rm|bf|it|mathit|hat|vec|tilde|bar|left|right)\b", "", text)
    text = re.sub(r"\\[,;!: ]", " ", text)
    text = re.sub(r"\\([A-Za-z]+)", lambda m: _GREEK.get(m.group(1), m.group(1)), text)
    return " ".join(text.replace("$", "").replace("{", "").replace("}", "").split())


def figure_description(fig: Figure) -> str:
    """Alt text of a figure: its label if the author set one (``fig.set_label``), else a summary
    of its panels (title, and what is plotted against what).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.

    Returns
    -------
    str
        The description (mathtext turned into plain Unicode).

    Examples
    --------
    >>> fig, ax = new_figure()
    >>> _ = ax.set(xlabel=r"$\\alpha$", ylabel="m")
    >>> figure_description(fig)
    'Figure: m against α'
    """
    if fig.get_label():
        return fig.get_label()
    panels = []
    for ax in fig.axes:
        if not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        title, x, y = (_plain(s) for s in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()))
        part = title + (": " if title and (x or y) else "")
        part += f"{y} against {x}" if x and y else (x or y)
        if part:
            panels.append(part)
    suptitle = fig.get_suptitle() if hasattr(fig, "get_suptitle") else ""
    head = _plain(suptitle) or ("Figure" if len(panels) < 2 else f"Figure with {len(panels)} panels")
    return head + (": " + "; ".join(panels) if panels else "")


# -- the phone rendition -------------------------------------------------------------------------
#
# A PNG drawn for the 672 px column is shrunk by ~358/672 on a 390 px phone, and its smallest text
# (SMALL_FONT) falls to ~5 CSS px. Scaling fonts up would crowd the column figure; drawing a second,
# separate figure per page would double the figure code. Instead the *same* Figure object is drawn
# a second time, narrower: a copy of it (pickle, so the page's object is never touched) gets a
# width of PHONE_WIDTH_IN, its grid of panels re-flowed into one column (each panel keeps its
# shape, within bounds), fonts unchanged in points. At that width a font of ``s`` pt shows at
# ``s * box / (72 * PHONE_WIDTH_IN)`` CSS px in a box ``box`` px wide. On a 390 px phone the text
# column is 358 px, but a figure with a caption (``<figure>``: 342 px) and an explorer's frame (its
# bordered box: 337 px) get less; measured in Chromium on the built site, the formula gave the
# served sizes to 0.1 px. With the 336 px design box, the 8 pt floor shows at 9.1-9.7 px.
# Only figures that need it get a rendition (``needs_phone_rendition``: a narrow one-panel figure
# is already legible), and the cost is one more Agg draw of those figures in the site build only.

COLUMN_PX = 672  #: width of the website's text column on a desktop (CSS px)
PHONE_COLUMN_PX = 336  #: narrowest box a figure gets on a 390 px phone (CSS px; see below)
COLUMN_FLOOR_PX = 10.0  #: smallest text (CSS px) a figure may show in the desktop column
PHONE_FLOOR_PX = 9.0  #: smallest text (CSS px) a figure may show in the phone column
PHONE_WIDTH_IN = 4.1  #: width (in) of the phone rendition: SMALL_FONT shows at >= 9.1 px
PHONE_DPI = 150  #: resolution of the phone rendition (~1.9 device px per CSS px)
_ROW_HEIGHT_IN = (1.9, 3.0)  #: bounds of one panel row's height in the phone rendition (in)


def displayed_px(fontsize_pt: float, *, width_in: float, dpi: float, column_px: float) -> float:
    """CSS px at which text of ``fontsize_pt`` shows in a column of ``column_px``.

    A figure ``width_in`` wide rendered at ``dpi`` is ``width_in * dpi`` px wide and is shown at
    its natural size, shrunk to the column when wider.

    Parameters
    ----------
    fontsize_pt : float
        Font size in points (> 0).
    width_in : float
        Figure width in inches (> 0).
    dpi : float
        Resolution of the PNG (> 0).
    column_px : float
        Width of the text column in CSS px (> 0).

    Returns
    -------
    float
        Displayed text size in CSS px.

    Examples
    --------
    >>> round(displayed_px(8.0, width_in=7.0, dpi=110, column_px=672), 2)
    10.67
    >>> round(displayed_px(8.0, width_in=4.1, dpi=150, column_px=336), 2)
    9.11
    """
    for name, value in (("fontsize_pt", fontsize_pt), ("width_in", width_in), ("dpi", dpi),
                        ("column_px", column_px)):
        if not (isinstance(value, (int, float)) and math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a finite number > 0; got {value!r}")
    return fontsize_pt * dpi / 72.0 * min(1.0, column_px / (width_in * dpi))


def needs_phone_rendition(fig: Figure, *, dpi: float = FIGURE_DPI) -> bool:
    """Whether the column PNG of ``fig`` (at ``dpi``) would show SMALL_FONT below PHONE_FLOOR_PX
    in the phone column (SMALL_FONT is the smallest text a figure may use: tests/test_legibility.py).

    Decided from the width alone, without drawing, so the site build pays nothing for figures
    that need no rendition.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure as the page shows it.
    dpi : float
        Resolution of the column PNG (> 0).

    Returns
    -------
    bool
        True if a phone rendition is needed.

    Examples
    --------
    >>> needs_phone_rendition(new_figure(figsize=(7.0, 3.0))[0])
    True
    >>> needs_phone_rendition(new_figure(figsize=(4.0, 3.0))[0])
    False
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    shown = displayed_px(SMALL_FONT, width_in=fig.get_figwidth(), dpi=dpi, column_px=PHONE_COLUMN_PX)
    return bool(shown < PHONE_FLOOR_PX - 1e-9)


def _panel_cells(fig: Figure):
    """The panels of ``fig`` grouped by the cell of its top-level grid they occupy.

    Returns ``(grid, cells)``: the top-level GridSpec and a list of ``(row, col, axes)`` in reading
    order, or ``(None, [])`` when the panels are not all on one grid (they then stay as they are).
    Colorbars placed by the layout engine (no subplotspec) follow their parents by themselves.
    """
    grid, cells = None, {}
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is None:
            if ax.get_label() == "<colorbar>" or getattr(ax, "_colorbar_info", None) is not None:
                continue
            return None, []  # an axes placed by hand: reflowing could overlap it
        top = spec.get_topmost_subplotspec()
        if grid is None:
            grid = top.get_gridspec()
        elif top.get_gridspec() is not grid:
            return None, []
        key = (top.rowspan.start, top.colspan.start, top.rowspan.stop, top.colspan.stop)
        cells.setdefault(key, []).append(ax)
    return grid, [(k, v) for k, v in sorted(cells.items())]


def reflow_for_phone(fig: Figure, *, width_in: float = PHONE_WIDTH_IN) -> Figure:
    """Re-lay ``fig`` out, in place, for a phone: ``width_in`` wide, its panels in one column.

    Each cell of the top-level grid (a panel, with its twins and any nested grid) becomes one row,
    in reading order; a row keeps the panel's shape (height over width), within 1.9-3.0 in. Fonts
    keep their size in points. Colorbars placed by the constrained layout follow their panels; a
    figure whose axes are not all on one grid keeps its layout and only gets the new width.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to change (use a copy, see :func:`phone_png`).
    width_in : float
        New width in inches (> 0).

    Returns
    -------
    matplotlib.figure.Figure
        ``fig`` itself.

    Examples
    --------
    >>> fig, ax = new_figure(1, 3, figsize=(6.8, 2.8))
    >>> _ = reflow_for_phone(fig)
    >>> [a.get_subplotspec().rowspan.start for a in fig.axes], float(fig.get_figwidth())
    ([0, 1, 2], 4.1)
    """
    from matplotlib.gridspec import GridSpec, GridSpecFromSubplotSpec

    if not isinstance(fig, Figure):
        raise ValueError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    if not (isinstance(width_in, (int, float)) and math.isfinite(width_in) and width_in > 0):
        raise ValueError(f"width_in must be a finite number > 0; got {width_in!r}")
    old_w, old_h = fig.get_size_inches()
    grid, cells = _panel_cells(fig)
    if grid is None or grid.ncols == 1 and grid.nrows == len(cells):
        # one column already (or not a grid): narrower, each row keeping its shape
        scale = width_in / old_w
        fig.set_size_inches(width_in, max(old_h * max(scale, 0.7), _ROW_HEIGHT_IN[0]))
        return fig
    hr = np.asarray(grid.get_height_ratios() or [1.0] * grid.nrows, float)
    wr = np.asarray(grid.get_width_ratios() or [1.0] * grid.ncols, float)
    heights = []
    for (r0, c0, r1, c1), _ in cells:
        cell_h = old_h * hr[r0:r1].sum() / hr.sum()
        cell_w = old_w * wr[c0:c1].sum() / wr.sum()
        heights.append(float(np.clip(width_in * cell_h / cell_w, *_ROW_HEIGHT_IN)))
    new = GridSpec(len(cells), 1, figure=fig, height_ratios=heights)
    nested = {}
    for i, (_, axes) in enumerate(cells):
        for ax in axes:
            spec = ax.get_subplotspec()
            if spec.get_gridspec() is grid:
                ax.set_subplotspec(new[i, 0])
                continue
            sub = spec.get_gridspec()  # a nested grid inside the cell: the same grid in the new row
            if id(sub) not in nested:
                nested[id(sub)] = GridSpecFromSubplotSpec(
                    sub.nrows, sub.ncols, subplot_spec=new[i, 0], height_ratios=sub.get_height_ratios(),
                    width_ratios=sub.get_width_ratios())
            ax.set_subplotspec(nested[id(sub)][spec.rowspan, spec.colspan])
    fig.set_size_inches(width_in, sum(heights) + 0.3 * bool(fig.get_suptitle()))
    return fig


def phone_png(fig: Figure, *, dpi: float = PHONE_DPI) -> bytes:
    """The phone rendition of ``fig`` as palette PNG bytes (``fig`` itself is left unchanged).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure as the page shows it.
    dpi : float
        Resolution of the rendition (written into the PNG's pHYs chunk).

    Returns
    -------
    bytes
        The PNG file.

    Examples
    --------
    >>> fig, ax = new_figure(1, 2, figsize=(7.0, 3.0))
    >>> phone_png(fig)[:8] == b"\\x89PNG\\r\\n\\x1a\\n"
    True
    """
    if not (isinstance(dpi, (int, float)) and math.isfinite(dpi) and dpi > 0):
        raise ValueError(f"dpi must be a finite number > 0; got {dpi!r}")
    return palette_png(phone_figure(fig), dpi=dpi)


def phone_figure(fig: Figure) -> Figure:
    """A copy of ``fig`` re-laid out for a phone (:func:`reflow_for_phone`); ``fig`` is unchanged.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure as the page shows it.

    Returns
    -------
    matplotlib.figure.Figure
        The copy, PHONE_WIDTH_IN wide, on its own Agg canvas.

    Examples
    --------
    >>> fig, _ = new_figure(1, 2, figsize=(7.0, 3.0))
    >>> float(phone_figure(fig).get_figwidth()), float(fig.get_figwidth())
    (4.1, 7.0)
    """
    if not isinstance(fig, Figure):
        raise ValueError(f"fig must be a matplotlib Figure; got {type(fig).__name__}")
    copy = pickle.loads(pickle.dumps(fig))  # the page's object stays as it was
    FigureCanvasAgg(copy)
    return reflow_for_phone(copy)


def palette_png(fig: Figure, *, dpi: float, pnginfo=None) -> bytes:
    """``fig`` saved as a 256-colour palette PNG (no dithering: line art and banded maps look the
    same, the file is ~3x smaller), its resolution in the pHYs chunk.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure.
    dpi : float
        Resolution.
    pnginfo : PIL.PngImagePlugin.PngInfo, optional
        Extra chunks (text) to write.

    Returns
    -------
    bytes
        The PNG file.

    Examples
    --------
    >>> fig, _ = new_figure(figsize=(2.0, 1.0))
    >>> len(palette_png(fig, dpi=50)) > 0
    True
    """
    from PIL import Image

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi)
    image = Image.open(buf).convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                                      dither=Image.Dither.NONE)
    out = io.BytesIO()
    image.save(out, format="png", optimize=True, pnginfo=pnginfo, dpi=(dpi, dpi))
    return out.getvalue()
