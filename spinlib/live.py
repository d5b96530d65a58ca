"""The live path of an explorer in a kernel: slider move -> frame bytes -> ``ipywidgets.Image``.

What a student feels after a slider move is the sum of the kernel's work (compute, blitted
redraw, encoding) and of the trip of the frame to the page (the comm message through the Jupyter
server and the websocket, then decoding and painting). This module keeps the kernel's share small
and measured:

* frames are encoded by :func:`encode_frame` (see there for the format and why);
* :class:`LiveRenderer` renders one frame per message the front end sends and records what each
  frame cost (``timings``: compute, draw, encode in ms, bytes);
* drags are coalesced by the widget front end itself: ``@jupyter-widgets/base`` keeps at most one
  update per model in flight and merges the values a drag produces meanwhile into one buffered
  update, sent when the kernel reports idle. So the kernel never receives a queue of stale values,
  as long as the handler renders synchronously (the idle message is what releases the next value).
  :class:`LiveRenderer` additionally skips a render whose values equal the frame on screen, and
  keeps the last 64 frames, so values shown before are sent again without being redrawn;
* an explorer whose frames cost the kernel more than :data:`SLOW_MS` (running mean) switches its
  sliders to update on release only, and back to continuous updates below :data:`FAST_MS`
  (:meth:`LiveRenderer.adapt`): a frame that slow would be felt late on every move of a drag.

The box returned to the notebook (:func:`live_box`) also offers the default frame as a plain PNG
and a note, shown when a notebook is reopened without a kernel.
"""

from __future__ import annotations

import base64
import struct
import time
import zlib
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

__all__ = ["encode_frame", "LiveRenderer", "live_box", "FRAME_FORMAT", "slider_stops", "stop_index"]

#: the format of live frames (a format ``ipywidgets.Image`` displays: the browser decodes it)
FRAME_FORMAT = "png"
#: kernel time per frame (ms, running mean) above which sliders update on release only ...
SLOW_MS = 100.0
#: ... and below which they update continuously again while dragged
FAST_MS = 50.0


def encode_frame(fig) -> bytes:
    """The bytes of one live frame: what the Agg canvas of ``fig`` holds now (no redraw).

    A lossless PNG written directly: RGB rows with PNG filter type 0 ("None"), compressed by zlib
    at level 1. Measured on the book's explorers (thread CPU time per frame, tools/bench), this
    costs 1.5-3.4 ms against 2.3-6.0 ms for Pillow's PNG encoder at ``compress_level=1`` (which
    tries every row filter), for files of the same size (12-82 kB) and identical pixels. Lossy
    formats (JPEG, a 256-colour palette) were 2-5x smaller but change the picture; WebP lossless
    was slower (3.6-5.7 ms).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure on an Agg canvas that has been drawn (or blitted).

    Returns
    -------
    bytes
        A PNG (:data:`FRAME_FORMAT`) of the canvas at its pixel size, 8-bit RGB.
    """
    canvas = fig.canvas
    width, height = canvas.get_width_height()
    rgba = np.asarray(canvas.buffer_rgba())
    rows = np.empty((height, 1 + 3 * width), dtype=np.uint8)
    rows[:, 0] = 0  # filter type of each row: None
    rows[:, 1:].reshape(height, width, 3)[...] = rgba[:, :, :3]
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB, no interlace
    return b"".join((b"\x89PNG\r\n\x1a\n", _chunk(b"IHDR", header),
                     _chunk(b"IDAT", zlib.compress(rows.tobytes(), 1)), _chunk(b"IEND", b"")))


def slider_stops(slider) -> np.ndarray:
    """Every value a live slider can take: ``min``, ``min + step``, ... up to ``max``.

    An explorer that precomputes its model on these stops ("compute once, slice live") only
    indexes on a slider move (:func:`stop_index`).

    Parameters
    ----------
    slider : spinlib.widgets.Slider
        The control (its ``min``, ``max`` and ``step``).

    Returns
    -------
    numpy.ndarray
        The stops, increasing, rounded to 12 decimals (so 0.1 + 2 x 0.05 is 0.2).

    Examples
    --------
    >>> from spinlib.live import slider_stops
    >>> from spinlib.widgets import Slider
    >>> slider_stops(Slider("x", 0.0, 0.5, 0.1, 0.2)).tolist()
    [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
    """
    n = int(np.floor((slider.max - slider.min) / slider.step + 1e-9))
    return np.round(slider.min + slider.step * np.arange(n + 1), 12)


def stop_index(stops, value) -> int | None:
    """Position of ``value`` among ``stops`` (:func:`slider_stops`), or None if it is not one of them.

    A value is a stop when it lies within ``1e-9`` of the spacing of the stops from one (a slider in
    the browser sends ``min + k step`` with rounding); any other value (a call from code, the
    benchmark's evenly spaced values) gives None and the caller computes it directly.

    Parameters
    ----------
    stops : numpy.ndarray
        Increasing stops, at least one.
    value : float
        A control's value.

    Returns
    -------
    int or None

    Examples
    --------
    >>> import numpy as np
    >>> from spinlib.live import stop_index
    >>> stop_index(np.array([0.0, 0.05, 0.1]), 0.1 + 1e-15), stop_index(np.array([0.0, 0.05, 0.1]), 0.07)
    (2, None)
    """
    stops = np.asarray(stops, dtype=float)
    spacing = float(np.min(np.diff(stops))) if stops.size > 1 else 1.0
    k = int(np.argmin(np.abs(stops - float(value))))
    return k if abs(stops[k] - float(value)) <= 1e-9 * spacing else None


def _chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


class LiveRenderer:
    """Renders the frame for the controls' current values into an ``ipywidgets.Image``.

    Parameters
    ----------
    explorer : spinlib.widgets.Explorer
        The explorer whose ``compute``, ``draw`` and blitting are called.
    image : ipywidgets.Image
        The widget that shows the frames.
    values : callable
        Returns the controls' current values as a dict (read when the render starts, so a render
        always shows the latest values).
    sliders : sequence of ipywidgets sliders
        Sliders whose ``continuous_update`` follows the cost of a frame: when the running mean
        of the kernel's time per frame exceeds :data:`SLOW_MS`, a frame alone would use up the
        felt-latency budget (100 ms) and a drag would leave the hand ahead of the picture, so
        the sliders send their value on release only (one frame, the final one); when it falls
        below :data:`FAST_MS` they update continuously again.
    keep : int
        How many per-frame timing records :attr:`timings` keeps (the latest ones).
    cache : int
        How many encoded frames are kept, keyed by the controls' values (least recently shown
        dropped first): going back to values already shown (a drag back and forth, arrow keys,
        a drop-down toggled) sends the kept frame without computing or drawing. This is exact
        because a frame depends on its values only (every static frame equals a fresh render of
        its values: tests/test_explorers.py).
    """

    def __init__(self, explorer, image, values: Callable[[], dict], *, sliders=(), keep: int = 500,
                 cache: int = 64):
        self.explorer, self.image, self.values, self.keep = explorer, image, values, keep
        self.cache = cache
        self._frames: OrderedDict = OrderedDict()
        self.sliders = list(sliders)
        self.timings: list[dict] = []
        self.continuous = True
        self._shown: dict | None = None
        self._cost: float | None = None

    def render(self, values: dict | None = None) -> bytes:
        """Compute, redraw and encode the frame for ``values`` (default: the controls' values)."""
        ex = self.explorer
        vals = {**ex.defaults(), **(self.values() if values is None else values)}
        t0 = time.perf_counter()
        data = ex.compute(**vals)
        t1 = time.perf_counter()
        fig = ex.figure()
        ex._draw(data, **vals)
        ex._blit(fig)
        t2 = time.perf_counter()
        frame = encode_frame(fig)
        t3 = time.perf_counter()
        self._shown = vals
        self.timings.append({"t_start": 1e3 * time.time() - 1e3 * (t3 - t0),
                             "compute_ms": 1e3 * (t1 - t0), "draw_ms": 1e3 * (t2 - t1),
                             "encode_ms": 1e3 * (t3 - t2), "kB": len(frame) / 1e3})
        del self.timings[:-self.keep]
        return frame

    def adapt(self, cost_ms: float) -> None:
        """Update the running mean of the time per frame and the sliders' ``continuous_update``."""
        self._cost = cost_ms if self._cost is None else 0.5 * (self._cost + cost_ms)
        continuous = self._cost < (SLOW_MS if self.continuous else FAST_MS)
        if continuous != self.continuous:
            self.continuous = continuous
            for slider in self.sliders:
                slider.continuous_update = continuous

    def __call__(self, _change=None) -> None:
        """Observer of the controls: show the frame of their current values."""
        vals = {**self.explorer.defaults(), **self.values()}
        if vals == self._shown:
            return
        t0 = time.perf_counter()
        key = tuple(vals.items())
        frame = self._frames.get(key)
        if frame is None:
            frame = self.render(vals)
            self._frames[key] = frame
            if len(self._frames) > self.cache:
                self._frames.popitem(last=False)
        else:
            self._frames.move_to_end(key)
            self._shown = vals
            self.timings.append({"t_start": 1e3 * time.time(), "compute_ms": 0.0, "draw_ms": 0.0,
                                 "encode_ms": 0.0, "kB": len(frame) / 1e3, "cached": True})
            del self.timings[:-self.keep]
        self.image.value = frame
        self.timings[-1]["t_sent"] = 1e3 * time.time()
        self.adapt(1e3 * (time.perf_counter() - t0))


_LIVE_BOX = None


def _live_box_class():
    import ipywidgets as w

    class LiveBox(w.VBox):
        """The live explorer. Besides the widget view it offers the default frame and a note, which
        Jupyter shows when the notebook is reopened without a kernel (the sliders are then dead)."""

        fallback_png: bytes = b""
        fallback_text: str = ""
        renderer: LiveRenderer | None = None

        @property
        def timings(self) -> list[dict]:
            """Per-frame cost of the live updates so far (see :class:`LiveRenderer`)."""
            return self.renderer.timings if self.renderer is not None else []

        def _repr_mimebundle_(self, **kwargs):
            data = super()._repr_mimebundle_(**kwargs)
            if self.fallback_png:
                data["image/png"] = base64.b64encode(self.fallback_png).decode("ascii")
            if self.fallback_text:
                data["text/plain"] = self.fallback_text
            return data

    return LiveBox


def live_box(children):
    """The ``ipywidgets.VBox`` subclass that holds a live explorer (made once per kernel)."""
    global _LIVE_BOX
    if _LIVE_BOX is None:
        _LIVE_BOX = _live_box_class()
    return _LIVE_BOX(children)
