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
import hashlib
import html
import io
import itertools
import json
import os
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
from matplotlib.figure import Figure
from PIL import Image

from . import style, validate
from .style import DPI, FIGURE_DPI, figure_description, new_figure  # noqa: F401 - re-exported

__all__ = ["Slider", "Choice", "Explorer", "StaticView", "new_figure", "static_mode", "STATIC_ENV",
           "label_html", "label_text"]

STATIC_ENV = "SPINLIB_STATIC"


def static_mode() -> bool:
    """True while the book is being built (``SPINLIB_STATIC=1``)."""
    return os.environ.get(STATIC_ENV, "") == "1"


PHONE_MEDIA = "(max-width: 600px)"  #: screens served the phone renditions (book/_ext/stt_phone.py)
PHONE_FRAME_DPI = 100  #: explorer frames for a phone: 4.1 in -> 410 px, SMALL_FONT >= 9.1 CSS px
PHONE_CHUNK = b"stPh"  #: private PNG chunk carrying a figure's phone rendition (site build only)


def _png_for_display(fig: Figure) -> bytes:
    """The PNG a page shows for a figure: 256-colour palette (line art and banded maps look the
    same, the file is ~3x smaller) with the figure's description as alt text (``Description``).

    While the site is built (:func:`static_mode`), a figure too wide for a phone also carries its
    phone rendition (:func:`spinlib.style.phone_png`) in a private ancillary chunk ``stPh``, which
    viewers ignore; the book's Sphinx extension (``book/_ext/stt_phone.py``) moves it into a file
    of its own, serves it to narrow screens and strips the chunk. Kernels outside the site build
    (Jupyter, Colab, the exported notebooks, the glue runs) never make it.
    """
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_itxt("Description", figure_description(fig))
    if static_mode() and style.needs_phone_rendition(fig, dpi=FIGURE_DPI):
        info.add(PHONE_CHUNK, style.phone_png(fig))
    return style.palette_png(fig, dpi=FIGURE_DPI, pnginfo=info)


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


def encode_png(fig: Figure, *, compress_level: int = 1, palette: bool = False,
               dpi: float | None = None) -> bytes:
    """PNG bytes of what the Agg canvas of ``fig`` currently holds (no redraw).

    ``palette=True`` quantizes to 256 colours without dithering: line art and
    flat colour maps look the same and the file is ~3x smaller (used for the
    static page, where size matters and encoding time does not). ``dpi``, if given, is written
    into the PNG (pHYs chunk: how the page's checks know the size of its text).
    """
    canvas = fig.canvas
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    image = image.convert("RGB")
    if palette:
        image = image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    buf = io.BytesIO()
    image.save(buf, format="png", compress_level=compress_level, **({"dpi": (dpi, dpi)} if dpi else {}))
    return buf.getvalue()


@dataclass(frozen=True)
class Slider:
    """A continuous parameter.

    Parameters
    ----------
    name : keyword passed to ``compute`` and ``draw``.
    min, max, step, value : slider range, resolution and start value (finite real numbers).
    label : label shown next to the slider: Unicode (``"μ₀H (mT)"``, ``"θ (deg)"``) and the
        inline HTML tags ``<sub> <sup> <i> <em> <b>`` are allowed (``"k<sub>B</sub>T/ħΩ"``);
        it is typeset the same on the static page and in the live widget.
    static : values precomputed for the static page (each within [min, max]); default:
        seven evenly spaced values over [min, max]. ``value`` is always added.
    """

    name: str
    min: float
    max: float
    step: float
    value: float
    label: str = ""
    static: tuple | None = None

    def __post_init__(self):
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise validate.SpinlibInputError(f"Slider name must be a Python identifier; got {self.name!r}")
        where = f"Slider {self.name!r}: "
        lo = float(validate.finite(where + "min", self.min))
        hi = float(validate.finite(where + "max", self.max))
        if not lo < hi:
            raise validate.SpinlibInputError(
                f"{where}min must be < max; got min={self.min!r}, max={self.max!r}")
        step = float(validate.positive(where + "step", self.step))
        value = float(validate.in_range(where + "value", self.value, lo, hi))
        object.__setattr__(self, "min", lo)
        object.__setattr__(self, "max", hi)
        object.__setattr__(self, "step", step)
        object.__setattr__(self, "value", value)
        _check_label(where, self.label)
        if self.static is not None:
            if isinstance(self.static, (str, bytes)) or not hasattr(self.static, "__iter__"):
                raise validate.SpinlibInputError(
                    f"{where}static must be a sequence of numbers; got {self.static!r}")
            stops = np.array([float(validate.in_range(where + "static", v, lo, hi)) for v in self.static])
            if stops.ndim != 1 or stops.size == 0:
                raise validate.SpinlibInputError(
                    f"{where}static must be a non-empty 1-D sequence; got {self.static!r}")
            object.__setattr__(self, "static", tuple(float(v) for v in stops))

    def static_values(self) -> list:
        if self.static is not None:
            vals = list(self.static)
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
        if not isinstance(self.name, str) or not self.name.isidentifier():
            raise validate.SpinlibInputError(f"Choice name must be a Python identifier; got {self.name!r}")
        where = f"Choice {self.name!r}: "
        try:
            options = tuple((lab, val) for lab, val in self.options)
        except (TypeError, ValueError) as exc:
            raise validate.SpinlibInputError(
                f"{where}options must be (label, value) pairs; got {self.options!r}") from exc
        if not options or not all(isinstance(lab, str) for lab, _ in options):
            raise validate.SpinlibInputError(f"{where}options must be non-empty (str, value) pairs; "
                                             f"got {self.options!r}")
        object.__setattr__(self, "options", options)
        values = [v for _, v in options]
        validate.choice(where + "value", self.value, values)
        _check_label(where, self.label)
        if self.static is not None:
            for v in self.static:
                validate.choice(where + "static", v, values)

    def static_values(self) -> list:
        return list(self.static) if self.static is not None else [v for _, v in self.options]

    def format(self, v) -> str:
        return next(lab for lab, val in self.options if val == v)


_LABEL_TAGS = re.compile(r"</?(sub|sup|i|em|b)>")


def _check_label(where: str, label) -> None:
    if not isinstance(label, str):
        raise validate.SpinlibInputError(f"{where}label must be a string; got {label!r}")
    rest = _LABEL_TAGS.sub("", label)
    if "<" in rest or ">" in rest:
        raise validate.SpinlibInputError(
            f"{where}label may hold only the tags <sub> <sup> <i> <em> <b>; got {label!r}")


def label_html(control) -> str:
    """The control's label as HTML: text escaped, the allowed inline tags kept."""
    text = control.label or control.name
    parts = re.split(r"(</?(?:sub|sup|i|em|b)>)", text)
    return "".join(p if _LABEL_TAGS.fullmatch(p) else html.escape(p) for p in parts)


def label_text(control) -> str:
    """The control's label as plain text (tags dropped)."""
    return _LABEL_TAGS.sub("", control.label or control.name)


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
    _positions: list | None = field(default=None, init=False, repr=False)
    _animated: list | None = field(default=None, init=False, repr=False)

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
            # where the axes sit before any layout: each re-layout starts from here, so the
            # layout of a view does not depend on the views drawn before it
            self._positions = [(ax, ax.get_position(original=True).frozen(), ax.get_position().frozen())
                               for ax in self._fig.axes]
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
            # Background: everything not animated. The layout engine stays on, so this full draw
            # lays the figure out again for the new tick labels (freezing the first layout clipped
            # axis labels once the tick labels grew wider).
            for ax, original, active in self._positions or []:
                ax._set_position(original, which="original")
                ax._set_position(active, which="active")
            fig.canvas.draw()
            self._background = fig.canvas.copy_from_bbox(fig.bbox)
            self._views = views
            # the animated artists, found once per background (walking the whole artist tree on
            # every move cost 0.6-2.7 ms of the book's explorers' 2-16 ms blits)
            self._animated = fig.findobj(lambda a: a.get_animated())
        fig.canvas.restore_region(self._background)
        for artist in self._animated:
            artist.axes.draw_artist(artist) if artist.axes is not None else fig.draw_artist(artist)

    def png(self, *, compress_level: int = 1, palette: bool = False, **values) -> bytes:
        return encode_png(self.update(**values), compress_level=compress_level, palette=palette)

    def print_png(self, *, dpi: int = 150, **values) -> bytes:
        """A full-resolution PNG of one view (for print: the PDF edition's image of the explorer)."""
        fig = self.update(**values)
        buf = io.BytesIO()
        fig.savefig(buf, format="png", dpi=dpi, metadata={"Description": self.alt})
        self._background = None  # savefig re-laid the figure out at another dpi
        return buf.getvalue()

    # -- the two paths ------------------------------------------------------
    def show(self):
        """Live ipywidgets in a kernel; a precomputed view when building the book.

        In static mode the returned :class:`StaticView` offers two representations: the
        scrubbable HTML (``text/html``, chosen by the website) and the default frame
        (``image/png``, chosen by the LaTeX/PDF build and by viewers without HTML).
        """
        if static_mode():
            return self.static_view()
        return self.live()

    def live(self):
        """ipywidgets controls driving an ``Image`` re-rendered on every move (:mod:`spinlib.live`)."""
        import ipywidgets as w

        from . import live

        widgets = {}
        for c in self.controls:
            desc = label_html(c)
            style = {"description_width": "initial"}
            if isinstance(c, Slider):
                widgets[c.name] = w.FloatSlider(
                    value=c.value, min=c.min, max=c.max, step=c.step, description=desc,
                    description_allow_html=True,
                    continuous_update=True, style=style, readout_format=f".{_decimals(c.step)}f",
                    layout=w.Layout(width="min(28em, 100%)"),
                )
            else:
                widgets[c.name] = w.Dropdown(options=list(c.options), value=c.value, description=desc,
                                             description_allow_html=True, style=style)
        image = w.Image(format=live.FRAME_FORMAT, layout=w.Layout(max_width="100%"))
        sliders = [wid for wid in widgets.values() if isinstance(wid, w.FloatSlider)]
        renderer = live.LiveRenderer(self, image, lambda: {k: wid.value for k, wid in widgets.items()},
                                     sliders=sliders)
        image.value = renderer.render()
        for wid in widgets.values():
            wid.observe(renderer, names="value")
        header = [w.HTML(f"<b>{html.escape(self.title)}</b>")] if self.title else []
        box = live.live_box([*header, w.HBox(list(widgets.values()), layout=w.Layout(flex_flow="row wrap")),
                             image])
        box.renderer = renderer
        box.fallback_png = encode_png(self.figure())
        box.fallback_text = (f"Interactive figure{': ' + self.title if self.title else ''}. "
                             "Its sliders need a running Python kernel: run this cell to get them.")
        return box

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

    def static_start(self) -> list[int]:
        """Position of the default values on each control's static axis."""
        axes, _ = self.static_grid()
        return [ax.index(min(ax, key=lambda v, c=c: _distance(v, c.value)))
                for ax, c in zip(axes, self.controls, strict=True)]

    def static_frames(self) -> list[bytes]:
        """Every frame of the static grid as (palette) PNG bytes, in the order of :meth:`static_grid`."""
        _, frames = self.static_grid()
        dpi = self.figure().dpi
        return [encode_png(self.update(**vals), compress_level=9, palette=True, dpi=dpi) for vals in frames]

    def phone_twin(self) -> Explorer | None:
        """The same explorer drawn for a phone, or None if its frames are legible there already.

        Same controls, ``compute`` and ``draw``; the figure from ``setup`` is re-laid out by
        :func:`spinlib.style.reflow_for_phone` (4.1 in, panels in one column) and drawn at
        PHONE_FRAME_DPI, so SMALL_FONT shows at >= 9 CSS px in the 336 px phone box.
        """
        fig = self.figure()
        if not style.needs_phone_rendition(fig, dpi=fig.dpi):
            return None

        def setup():
            fig, draw = self.setup()
            style.reflow_for_phone(fig)
            fig.set_dpi(PHONE_FRAME_DPI)
            return fig, draw

        return Explorer(self.controls, self.compute, setup, title=self.title, alt=self.alt,
                        frame_limit=self.frame_limit)

    def static_view(self) -> StaticView:
        """The precomputed view of the static website (see :class:`StaticView`)."""
        axes, frames = self.static_grid()
        pngs = self.static_frames()
        twin = self.phone_twin()
        phone = twin.static_frames() if twin is not None else []
        start = self.static_start()
        first = int(np.ravel_multi_index(start, [len(a) for a in axes]))
        default_values = {c.name: ax[j] for c, ax, j in zip(self.controls, axes, start, strict=True)}
        return StaticView(html=self._static_html(axes, pngs, start, phone),
                          png=self.print_png(**default_values),
                          text=f"{self.title or 'Interactive figure'} "
                               f"(precomputed view, {len(frames)} frames)",
                          frame=pngs[first])

    def static_html(self) -> str:
        """Self-contained HTML: range inputs that swap precomputed PNG frames."""
        return self.static_view().html

    def _static_html(self, axes, pngs, start, phone=()) -> str:
        # Every frame is kept inline (data URLs in a JSON block), so the executed notebook and the
        # execution cache hold the whole view. The book's Sphinx extension (book/_ext/stt_site.py)
        # writes the frames to content-hashed files and leaves only the first one on the page; the
        # script below loads the others when a slider moves. The id is a hash of the content.
        digest = hashlib.sha256()
        for png in pngs:
            digest.update(png)
        digest.update(json.dumps([self.title, [c.name for c in self.controls]]).encode())
        key = digest.hexdigest()[:12]
        _SHOWN[key] = _SHOWN.get(key, 0) + 1
        uid = f"sx-{key}" + (f"-{_SHOWN[key]}" if _SHOWN[key] > 1 else "")
        urls = ["data:image/png;base64," + base64.b64encode(p).decode("ascii") for p in pngs]
        phone_urls = ["data:image/png;base64," + base64.b64encode(p).decode("ascii") for p in phone]
        shape = [len(a) for a in axes]
        first = int(np.ravel_multi_index(start, shape))
        labels = [[c.format(v) for v in ax] for ax, c in zip(axes, self.controls, strict=True)]
        width, height = Image.open(io.BytesIO(pngs[first])).size
        rows, fixed = [], []
        for i, (c, ax) in enumerate(zip(self.controls, axes, strict=True)):
            name = label_html(c)
            if len(ax) == 1:
                fixed.append(f"{name} = {html.escape(labels[i][0])}")
                rows.append(f'<input type="hidden" data-axis="{i}" value="0">')
            elif isinstance(c, Choice):
                opts = "".join(f'<option value="{j}"{" selected" if j == start[i] else ""}>'
                               f"{html.escape(lab)}</option>" for j, lab in enumerate(labels[i]))
                rows.append(f'<label class="sx-control"><span class="sx-label">{name}</span> '
                            f'<select data-axis="{i}">{opts}</select></label>')
            else:
                rows.append(
                    f'<label class="sx-control"><span class="sx-label">{name}</span> '
                    f'<input type="range" data-axis="{i}" min="0" '
                    f'max="{len(ax) - 1}" step="1" value="{start[i]}" '
                    f"data-labels='{html.escape(json.dumps(labels[i]), quote=True)}'>"
                    f" <output>{html.escape(labels[i][start[i]])}</output></label>"
                )
        if fixed:
            rows.append(f'<span class="sx-fixed">fixed here: {", ".join(fixed)}</span>')
        defaults = ", ".join(f"{label_html(c)} = {html.escape(lab[j])}"
                             for c, lab, j in zip(self.controls, labels, start, strict=True))
        title = f'<div class="sx-title"><b>{html.escape(self.title)}</b></div>' if self.title else ""
        # Without JavaScript (a notebook opened in Jupyter without running it, a sanitizing
        # viewer) the controls stay hidden and the note says how to get live sliders; the script
        # shows the controls and replaces the note.
        note_static = (f"Static picture at {defaults}. This is an interactive figure: run this cell "
                       "in a Python kernel (Jupyter, Colab) to get live sliders.")
        note_live = (f"Precomputed view ({len(pngs)} frames): the sliders step through the values "
                     "shown. Run this page in Jupyter for continuous sliders.")
        # On a phone (PHONE_MEDIA) the <picture> shows the phone frame; the script then swaps the
        # <source>'s frames there, and the <img>'s column frames elsewhere: a screen loads one set.
        script = (  # noqa: UP031 (JavaScript braces make an f-string unreadable)
            "(function(){var r=document.currentScript.previousElementSibling;"
            "var F=JSON.parse(r.querySelector('script.sx-frames').textContent),N=%s,"
            "P=r.querySelector('script.sx-frames-phone'),"
            "c=r.querySelectorAll('[data-axis]'),img=r.querySelector('img.sx-frame'),"
            "src=r.querySelector('source.sx-frame'),seen={};"
            "function ph(){return !!src&&matchMedia(src.media).matches;}"
            "P=P&&JSON.parse(P.textContent);function url(k){return ph()?P[k]:F[k];}"
            "function pos(){return Array.prototype.map.call(c,function(e){return +e.value;});}"
            "function idx(p){var k=0;p.forEach(function(j,i){k=k*N[i]+j;});return k;}"
            "function fetch1(k){var u=url(k);if(!seen[u]){seen[u]=1;var i=new Image();i.src=u;}}"
            "function prefetch(){var p=pos();p.forEach(function(j,i){[-1,1].forEach(function(d){"
            "var q=p.slice();q[i]=j+d;if(q[i]>=0&&q[i]<N[i])fetch1(idx(q));});});}"
            "function show(){var p=pos();c.forEach(function(e,i){"
            "var l=e.closest('label'),o=l&&l.querySelector('output');"
            "if(o&&e.dataset.labels)o.textContent=JSON.parse(e.dataset.labels)[p[i]];});"
            "var u=url(idx(p));seen[u]=1;if(ph()){if(src.getAttribute('srcset')!==u)src.srcset=u;}"
            "else if(img.getAttribute('src')!==u)img.src=u;prefetch();}"
            "c.forEach(function(e){e.addEventListener('input',show);e.addEventListener('change',show);});"
            "var s=r.querySelector('.sx-controls');s.hidden=false;"
            "s.addEventListener('pointerenter',prefetch);s.addEventListener('focusin',prefetch);"
            "r.querySelector('.sx-note').textContent=%s;r.classList.add('sx-ready');})();"
        ) % (json.dumps(shape), json.dumps(note_live))
        frames_json = json.dumps(urls).replace("</", "<\\/")
        frame = (f'<img class="sx-frame" alt="{html.escape(self.alt)}" width="{width}" height="{height}" '
                 f'src="{urls[first]}">')
        if phone:
            pw, ph = Image.open(io.BytesIO(phone[first])).size
            frame = (f'<picture class="stt-picture"><source class="sx-frame" media="{PHONE_MEDIA}" '
                     f'srcset="{phone_urls[first]}" width="{pw}" height="{ph}">{frame}</picture>')
            phone_json = json.dumps(phone_urls).replace("</", "<\\/")
            frame += f'<script type="application/json" class="sx-frames-phone">{phone_json}</script>'
        return (
            f'<div class="spinlib-explorer" id="{uid}" data-shape="{json.dumps(shape)}">{title}'
            f'<div class="sx-controls" hidden>{"".join(rows)}</div>'
            f'{frame}'
            f'<div class="sx-note">{note_static}</div>'
            f'<script type="application/json" class="sx-frames">{frames_json}</script></div>'
            f"<script>{script}</script>"
        )

    # -- measurement --------------------------------------------------------
    def benchmark(self, moves: int = 10) -> dict:
        """Median wall time (ms) per slider move in the kernel, as the live path does it.

        Each control is moved through ``moves`` values (the others at their defaults) and each
        frame rendered by :class:`spinlib.live.LiveRenderer`: ``compute_ms`` (the model),
        ``draw_ms`` (``draw`` and the blit), ``encode_ms`` (the live frame's PNG), ``update_ms``
        (their sum: what the kernel spends before the frame leaves for the page; the trip to
        the page and its painting are measured by ``tools/bench/jupyterlab.py``), its maximum
        ``update_max_ms``, and the median frame size ``kB``.
        """
        from .live import LiveRenderer

        renderer = LiveRenderer(self, None, dict)
        renderer.render()  # build the figure and its background once, outside the timing
        renderer.timings.clear()
        for c in self.controls:
            if isinstance(c, Slider):  # values a live slider can send: its stops min + k step
                values = c.min + np.round((np.linspace(c.min, c.max, moves) - c.min) / c.step) * c.step
                values = np.minimum(np.round(values, 12), c.max)
            else:
                values = [v for _, v in c.options] * max(1, moves // len(c.options))
            for v in values:
                renderer.render({c.name: v})
        keys = ("compute_ms", "draw_ms", "encode_ms", "kB")
        t = {k: np.array([r[k] for r in renderer.timings]) for k in keys}
        total = t["compute_ms"] + t["draw_ms"] + t["encode_ms"]
        return {"compute_ms": float(np.median(t["compute_ms"])), "draw_ms": float(np.median(t["draw_ms"])),
                "encode_ms": float(np.median(t["encode_ms"])), "update_ms": float(np.median(total)),
                "update_max_ms": float(np.max(total)), "kB": float(np.median(t["kB"]))}


_SHOWN: dict[str, int] = {}  # how often each static view was emitted in this kernel (distinct ids)


@dataclass(frozen=True)
class StaticView:
    """What :meth:`Explorer.show` returns while the book is built.

    ``html`` is the scrubbable view (every frame inline); ``png`` the default frame at print
    resolution. IPython picks among them by MIME type: the website takes ``text/html``, the
    LaTeX/PDF build and plain-text viewers the image (MyST-NB's ``nb_mime_priority_overrides``).
    """

    html: str
    png: bytes
    text: str
    frame: bytes = b""  # the default frame exactly as the page shows it

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"text/html": self.html, "image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": self.text}
        return data, {}


def _decimals(step: float) -> int:
    return max(0, -int(np.floor(np.log10(step)))) if step < 1 else 0


def _distance(a, b) -> float:
    try:
        return abs(float(a) - float(b))
    except (TypeError, ValueError):
        return 0.0 if a == b else 1.0


_register_figure_display()


# -- the registry of every explorer of the book ------------------------------------------

EXPLORERS: dict[str, Callable] = {}


def explorer(func: Callable) -> Callable:
    """Register an explorer factory under ``topic.function`` (e.g. ``macrospin.trajectory_explorer``).

    The benchmark and the tests visit every registered explorer of the book.
    """
    topic = func.__module__.removeprefix("spinlib.").split(".")[0]
    EXPLORERS[f"{topic}.{func.__name__}"] = func
    return func


def all_explorers() -> dict[str, Callable]:
    """Import the figures modules of every topic package and return the registry."""
    import importlib
    import pkgutil

    import spinlib

    for info in pkgutil.iter_modules(spinlib.__path__):
        if not info.ispkg:
            continue
        package = importlib.import_module(f"spinlib.{info.name}")
        for sub in pkgutil.iter_modules(package.__path__):
            if sub.name.startswith("figures"):
                importlib.import_module(f"spinlib.{info.name}.{sub.name}")
    return dict(EXPLORERS)


def figure_modules() -> list:
    """Every drawing module of the book: ``spinlib.<topic>.figures*`` and ``spinlib.roadmap``."""
    import importlib
    import sys

    all_explorers()
    names = sorted(n for n in sys.modules
                   if n.startswith("spinlib.") and n.rsplit(".", 1)[-1].startswith("figures"))
    return [importlib.import_module(n) for n in [*names, "spinlib.roadmap"]]
