"""Checks applied to every Explorer of the book (and to the toy one in test_widgets)."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image

from spinlib.widgets import Choice, Explorer, encode_png


def decode(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)


def off_default_values(ex: Explorer) -> dict:
    """A combination of control values away from the defaults."""
    values = {}
    for c in ex.controls:
        if isinstance(c, Choice):
            options = [v for _, v in c.options]
            values[c.name] = options[-1] if options[-1] != c.value else options[0]
        else:
            values[c.name] = c.min + 0.73 * (c.max - c.min)
    return values


def full_redraw_png(ex: Explorer, values: dict) -> bytes:
    """Reference image: a fresh figure, nothing animated, drawn in full."""
    fig, draw = ex.setup()
    defaults = ex.defaults()
    draw(ex.compute(**defaults), **defaults)
    fig.canvas.draw()  # settle the layout at the defaults, as the explorer does on its first draw
    fig.set_layout_engine("none")
    vals = {**defaults, **values}
    draw(ex.compute(**vals), **vals)
    for artist in fig.findobj(lambda a: a.get_animated()):
        artist.set_animated(False)
    fig.canvas.draw()
    return encode_png(fig)


def assert_blit_matches_full_redraw(ex: Explorer, values: dict) -> None:
    """The blitted update must show what a full redraw shows (no stale artist)."""
    ex.png()  # first draw at the defaults: caches the background
    blitted = decode(ex.png(**values))
    reference = decode(full_redraw_png(ex, values))
    assert blitted.shape == reference.shape
    diff = np.abs(blitted - reference).max(axis=-1)
    frac_bad = float(np.mean(diff > 60))
    assert frac_bad < 2e-3, (
        f"blitted frame differs from a full redraw on {100 * frac_bad:.2f}% of pixels: an artist "
        "changed by draw() is probably not animated=True"
    )
