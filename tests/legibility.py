"""Displayed size of the text of a matplotlib figure in a 672 px column (shared test helper).

Same rule as tests/test_legibility.py: a PNG of a figure ``w`` inches wide at ``dpi`` is shown at
its natural width, shrunk to the 672 px column when wider, so a font of ``s`` points shows at
``s * dpi / 72 * min(1, 672 / (w * dpi))`` CSS px.
"""

from matplotlib.text import Text

from spinlib.widgets import DPI, FIGURE_DPI

COLUMN_PX = 672


def smallest_css_px(fig, *, dpi=FIGURE_DPI) -> float:
    """Smallest font of any visible, non-empty text of ``fig`` in CSS px (``dpi``: FIGURE_DPI for
    static figures, DPI for explorer frames)."""
    fig.canvas.draw()
    width_in = fig.get_figwidth()
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) * dpi / 72.0 * min(1.0, COLUMN_PX / (width_in * dpi))


__all__ = ["smallest_css_px", "DPI", "FIGURE_DPI"]
