"""The one way sliders are wired: live in a kernel, precomputed on the static site.

An :class:`Explorer` joins three things:

``controls``
    :class:`Slider` and :class:`Choice` objects, one per parameter.
``compute(**values) -> data``
    a pure call into spinlib (this is what the benchmark calls "recompute").
``setup() -> (fig, draw)``
    builds a matplotlib :class:`~matplotlib.figure.Figure` once (use
    :func:`new_figure`) and returns ``draw(data, **values)``, which only mutates
    existing artists (``set_data``, ``set_text``...), never creates figures.
    Artists that ``draw`` changes must be created with ``animated=True``.

Speed: a full Agg draw of a two-panel figure costs ~50 ms here, almost all of
it in ticks and labels. So the figure is drawn once without its animated
artists, that background is cached, and each update only restores it and
draws the animated artists (blitting, ~5-10 ms). If ``draw`` changes any
axes' view limits, the background is redrawn automatically.

Both paths call the very same ``compute`` and ``draw`` and render the figure to
PNG with the Agg canvas:

* in a kernel, :meth:`Explorer.show` returns ipywidgets sliders and an
  ``ipywidgets.Image`` that is re-rendered on every slider move (no inline
  backend, no ipympl: this works the same in JupyterLab, Notebook and Colab);
* when the book is built (environment variable ``SPINLIB_STATIC=1``, set by the
  build command), :meth:`Explorer.show` returns self-contained HTML: every frame
  of a grid over the controls' ``static`` values is rendered in advance and a
  few lines of plain JavaScript swap them as the reader moves HTML range inputs.
  Nothing is loaded from the network and no slider is ever dead.
"""

from __future__ import annotations

import base64
import html
import io
import itertools
import json
import os
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

__all__ = ["Slider", "Choice", "Explorer", "new_figure", "static_mode", "STATIC_ENV"]

STATIC_ENV = "SPINLIB_STATIC"
DPI = 80  #: resolution of interactive frames (speed and page weight)
FIGURE_DPI = 110  #: resolution of static figures


def static_mode() -> bool:
    """True while the book is being built (``SPINLIB_STATIC=1``)."""
    return os.environ.get(STATIC_ENV, "") == "1"


def _png_for_display(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=FIGURE_DPI)
    return buf.getvalue()


def _register_figure_display() -> None:
    """Let IPython display a pyplot-free Figure (returned by a figure function) as PNG.

    Without pyplot, matplotlib-inline never registers its formatter, and a bare
    ``Figure`` at the end of a cell would display as ``<Figure size ...>`` text.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency of ipywidgets
        return
    shell = get_ipython()
    if shell is not None:
        shell.display_formatter.formatters["image/png"].for_type(Figure, _png_for_display)


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


def encode_png(fig: Figure, *, compress_level: int = 1, palette: bool = False) -> bytes:
    """PNG bytes of what the Agg canvas of ``fig`` currently holds (no redraw).

    ``palette=True`` quantizes to 256 colours without dithering: line art and
    flat colour maps look the same and the file is ~3x smaller (used for the
    static page, where size matters and encoding time does not).
    """
    canvas = fig.canvas
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    image = image.convert("RGB")
    if palette:
        image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=compress_level)
    return buf.getvalue()


@dataclass(frozen=True)
class Slider:
    """A continuous parameter.

    Parameters
    ----------
    name : keyword passed to ``compute`` and ``draw``.
    min, max, step, value : slider range, resolution and start value.
    label : short plain-text label shown next to the slider (symbol and unit).
    static : values precomputed for the static page; default: seven evenly
        spaced values over [min, max] plus ``value``.
    """

    name: str
    min: float
    max: float
    step: float
    value: float
    label: str = ""
    static: tuple | None = None

    def __post_init__(self):
        if not (self.min < self.max):
            raise ValueError(f"Slider {self.name!r}: min must be < max; got {self.min}, {self.max}")
        if not (self.min <= self.value <= self.max):
            raise ValueError(
                f"Slider {self.name!r}: value must lie in [{self.min}, {self.max}]; got {self.value}"
            )
        if self.step <= 0:
            raise ValueError(f"Slider {self.name!r}: step must be > 0; got {self.step}")

    def static_values(self) -> list:
        if self.static is not None:
            vals = [float(v) for v in self.static]
        else:
            vals = list(np.linspace(self.min, self.max, 7))
        vals = sorted({round(float(v), 12) for v in [*vals, self.value]})
        return vals

    def format(self, v) -> str:
        return f"{v:.{_decimals(self.step)}f}"


@dataclass(frozen=True)
class Choice:
    """A discrete parameter: ``options`` is a sequence of ``(label, value)`` pairs."""

    name: str
    options: tuple
    value: object
    label: str = ""
    static: tuple | None = None

    def __post_init__(self):
        values = [v for _, v in self.options]
        if self.value not in values:
            raise ValueError(f"Choice {self.name!r}: value must be one of {values!r}; got {self.value!r}")

    def static_values(self) -> list:
        return list(self.static) if self.static is not None else [v for _, v in self.options]

    def format(self, v) -> str:
        return next(lab for lab, val in self.options if val == v)


@dataclass
class Explorer:
    """An interactive figure: controls -> ``compute`` -> ``draw`` -> PNG.

    See the module docstring for the contract of ``compute`` and ``setup``.
    ``frame_limit`` bounds the size of the static page (frames x ~10-20 kB).
    """

    controls: Sequence[Slider | Choice]
    compute: Callable[..., object]
    setup: Callable[[], tuple]
    title: str = ""
    alt: str = "interactive figure"
    frame_limit: int = 160
    _fig: Figure | None = field(default=None, init=False, repr=False)
    _draw: Callable | None = field(default=None, init=False, repr=False)
    _background: object = field(default=None, init=False, repr=False)
    _views: list | None = field(default=None, init=False, repr=False)

    def __post_init__(self):
        names = [c.name for c in self.controls]
        if len(set(names)) != len(names):
            raise ValueError(f"controls must have distinct names; got {names}")

    # -- core ---------------------------------------------------------------
    def defaults(self) -> dict:
        return {c.name: c.value for c in self.controls}

    def figure(self) -> Figure:
        if self._fig is None:
            self._fig, self._draw = self.setup()
        return self._fig

    def update(self, **values) -> Figure:
        """Recompute and redraw for ``values`` (missing ones take defaults)."""
        vals = {**self.defaults(), **values}
        fig = self.figure()
        self._draw(self.compute(**vals), **vals)
        self._blit(fig)
        return fig

    def _blit(self, fig: Figure) -> None:
        views = [tuple(ax.viewLim.bounds) + tuple(getattr(ax, "get_w_lims", tuple)()) for ax in fig.axes]
        if self._background is None or views != self._views:
            fig.canvas.draw()  # background: everything not animated, layout settled
            if fig.get_layout_engine() is not None:
                fig.set_layout_engine("none")  # freeze the layout found by the first draw
            self._background = fig.canvas.copy_from_bbox(fig.bbox)
            self._views = views
        fig.canvas.restore_region(self._background)
        for artist in fig.findobj(lambda a: a.get_animated()):
            artist.axes.draw_artist(artist) if artist.axes is not None else fig.draw_artist(artist)

    def png(self, *, compress_level: int = 1, palette: bool = False, **values) -> bytes:
        return encode_png(self.update(**values), compress_level=compress_level, palette=palette)

    # -- the two paths ------------------------------------------------------
    def show(self):
        """Live ipywidgets in a kernel; precomputed HTML when building the book."""
        if static_mode():
            from IPython.display import HTML

            return HTML(self.static_html())
        return self.live()

    def live(self):
        """ipywidgets controls driving an ``Image`` re-rendered on every move."""
        import ipywidgets as w

        image = w.Image(value=self.png(), format="png", layout=w.Layout(max_width="100%"))
        widgets = {}
        for c in self.controls:
            desc = c.label or c.name
            style = {"description_width": "initial"}
            if isinstance(c, Slider):
                widgets[c.name] = w.FloatSlider(
                    value=c.value, min=c.min, max=c.max, step=c.step, description=desc,
                    continuous_update=True, style=style, readout_format=f".{_decimals(c.step)}f",
                    layout=w.Layout(width="min(28em, 100%)"),
                )
            else:
                widgets[c.name] = w.Dropdown(options=list(c.options), value=c.value, description=desc,
                                             style=style)

        def on_change(_change):
            image.value = self.png(**{k: wid.value for k, wid in widgets.items()})

        for wid in widgets.values():
            wid.observe(on_change, names="value")
        header = [w.HTML(f"<b>{html.escape(self.title)}</b>")] if self.title else []
        return w.VBox([*header, w.HBox(list(widgets.values()), layout=w.Layout(flex_flow="row wrap")), image])

    def static_grid(self) -> tuple[list[list], list[dict]]:
        """The static values of every control and the list of frames' values (C order)."""
        axes = [c.static_values() for c in self.controls]
        n = int(np.prod([len(a) for a in axes]))
        if n > self.frame_limit:
            raise ValueError(
                f"static grid has {n} frames, above frame_limit={self.frame_limit}; "
                "give the controls fewer static values"
            )
        frames = [dict(zip([c.name for c in self.controls], combo, strict=True))
                  for combo in itertools.product(*axes)]
        return axes, frames

    def static_html(self) -> str:
        """Self-contained HTML: range inputs that swap precomputed PNG frames."""
        axes, frames = self.static_grid()
        pngs = [base64.b64encode(self.png(compress_level=9, palette=True, **vals)).decode("ascii")
                for vals in frames]
        uid = "sx-" + uuid.uuid4().hex[:10]
        start = [ax.index(min(ax, key=lambda v, c=c: _distance(v, c.value))) for ax, c in
                 zip(axes, self.controls, strict=True)]
        labels = [[c.format(v) for v in ax] for ax, c in zip(axes, self.controls, strict=True)]
        rows = []
        for i, (c, ax) in enumerate(zip(self.controls, axes, strict=True)):
            name = html.escape(c.label or c.name)
            if len(ax) == 1:
                rows.append(f'<span class="sx-fixed">{name} = {html.escape(labels[i][0])}'
                            f'<input type="hidden" data-axis="{i}" value="0"></span>')
            elif isinstance(c, Choice):
                opts = "".join(f'<option value="{j}"{" selected" if j == start[i] else ""}>'
                               f"{html.escape(lab)}</option>" for j, lab in enumerate(labels[i]))
                rows.append(f'<label class="sx-control">{name} '
                            f'<select data-axis="{i}">{opts}</select></label>')
            else:
                rows.append(
                    f'<label class="sx-control">{name} <input type="range" data-axis="{i}" min="0" '
                    f'max="{len(ax) - 1}" step="1" value="{start[i]}" '
                    f"data-labels='{html.escape(json.dumps(labels[i]), quote=True)}'>"
                    f" <output>{html.escape(labels[i][start[i]])}</output></label>"
                )
        title = f'<div class="sx-title"><b>{html.escape(self.title)}</b></div>' if self.title else ""
        # Frame index: C-order ravel of the controls' positions; each range input's <output>
        # (inside its own <label>) shows the value label of its position.
        script = (  # noqa: UP031 (JavaScript braces make an f-string unreadable)
            "(function(){var r=document.getElementById(%s),F=%s,N=%s,"
            "c=r.querySelectorAll('[data-axis]'),img=r.querySelector('img');"
            "function show(){var k=0;c.forEach(function(e,i){var j=+e.value;k=k*N[i]+j;"
            "var l=e.closest('label'),o=l&&l.querySelector('output');"
            "if(o&&e.dataset.labels)o.textContent=JSON.parse(e.dataset.labels)[j];});"
            "img.src='data:image/png;base64,'+F[k];}"
            "c.forEach(function(e){e.addEventListener('input',show);e.addEventListener('change',show);});"
            "show();})();"
        ) % (json.dumps(uid), json.dumps(pngs), json.dumps([len(a) for a in axes]))
        first = pngs[int(np.ravel_multi_index(start, [len(a) for a in axes]))]
        return (
            f'<div class="spinlib-explorer" id="{uid}">{title}'
            f'<div class="sx-controls">{"".join(rows)}</div>'
            f'<img class="sx-frame" alt="{html.escape(self.alt)}" src="data:image/png;base64,{first}">'
            f'<div class="sx-note">Precomputed view ({len(frames)} frames). Run this page in Jupyter '
            "for continuous sliders.</div></div>"
            f"<script>{script}</script>"
        )

    # -- measurement --------------------------------------------------------
    def benchmark(self, moves: int = 10) -> dict:
        """Median wall time (ms) per slider move: ``compute`` alone and the full update.

        The full update is what a student waits for in a kernel: compute, draw
        and Agg PNG render (the Image widget then ships the bytes to the page).
        """
        self.png()  # build the figure once, outside the timing
        compute_t, full_t = [], []
        for c in self.controls:
            if isinstance(c, Slider):
                values = np.linspace(c.min, c.max, moves)
            else:
                values = [v for _, v in c.options] * max(1, moves // len(c.options))
            for v in values:
                vals = {**self.defaults(), c.name: v}
                t0 = time.perf_counter()
                self.compute(**vals)
                t1 = time.perf_counter()
                self.png(**vals)
                t2 = time.perf_counter()
                compute_t.append(t1 - t0)
                full_t.append(t2 - t1)
        return {
            "compute_ms": 1e3 * float(np.median(compute_t)),
            "update_ms": 1e3 * float(np.median(full_t)),
            "update_max_ms": 1e3 * float(np.max(full_t)),
        }


def _decimals(step: float) -> int:
    return max(0, -int(np.floor(np.log10(step)))) if step < 1 else 0


def _distance(a, b) -> float:
    try:
        return abs(float(a) - float(b))
    except (TypeError, ValueError):
        return 0.0 if a == b else 1.0


_register_figure_display()
