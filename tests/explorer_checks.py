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
    """Reference image: a fresh figure drawn once, in full (nothing animated), at ``values``.

    Independent of the explorer's caching: no background, no blitting, the layout engine lays
    the figure out for exactly these values.
    """
    fig, draw = ex.setup()
    vals = {**ex.defaults(), **values}
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


def memoized(compute):
    """``compute`` with its results kept by value: the frame checks draw each view twice and need
    not recompute the (pure) model for the second drawing."""
    memo = {}

    def wrapped(**values):
        key = tuple(sorted(values.items()))
        if key not in memo:
            memo[key] = compute(**values)
        return memo[key]

    return wrapped


def check_static_frames(factory, *, max_bad_fraction: float = 1e-4):
    """Render the static grid and check every frame against a fresh explorer's first rendering of
    that frame's values (same model results, brand-new figure, no cached background or layout).

    Returns ``(explorer, axes, frames, decoded_pngs)`` for further checks.
    """
    ex = factory()
    ex.compute = memoized(ex.compute)
    axes, frames = ex.static_grid()
    pngs = [decode(p) for p in ex.static_frames()]
    for values, static in zip(frames, pngs, strict=True):
        fresh_ex = factory()
        fresh_ex.compute = ex.compute
        fresh = decode(fresh_ex.png(compress_level=9, palette=True, **values))
        assert static.shape == fresh.shape, f"frame {values}: size {static.shape} != fresh {fresh.shape}"
        bad = float(np.mean(np.abs(static - fresh).max(axis=-1) > 0))
        assert bad <= max_bad_fraction, (
            f"static frame {values} differs from a fresh render on {100 * bad:.3f}% of pixels")
    return ex, axes, frames, pngs


def assert_static_frames_are_fresh_renders(factory, *, max_bad_fraction: float = 1e-4) -> None:
    """Every frame of the static grid equals what a fresh explorer draws for that frame's values.

    The static frames are rendered one after another on one figure (cached background, blitting);
    a layout, view limit or artist left over from an earlier frame would show here.
    """
    check_static_frames(factory, max_bad_fraction=max_bad_fraction)
