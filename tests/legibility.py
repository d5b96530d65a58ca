"""Displayed size of the text of a matplotlib figure in a 672 px column (shared test helper)."""

from matplotlib.text import Text

COLUMN_PX = 672


def smallest_css_px(fig) -> float:
    """Smallest font of any visible, non-empty text of ``fig``, in CSS px at 672 px width.

    A figure ``w`` inches wide is scaled to 672 px, so a font of ``s`` points shows at
    ``s * 672 / (72 w)`` px.
    """
    fig.canvas.draw()
    width_in = fig.get_figwidth()
    sizes = [t.get_fontsize() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return min(sizes) * COLUMN_PX / (72.0 * width_in)
