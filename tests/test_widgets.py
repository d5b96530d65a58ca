"""The widget mechanism (spinlib.widgets) on small toy explorers."""

import base64
import io
import json
import math
import re

import ipywidgets as w
import numpy as np
import pytest
from bs4 import BeautifulSoup
from explorer_checks import (
    assert_blit_matches_full_redraw,
    assert_static_frames_are_fresh_renders,
    decode,
    full_redraw_png,
    off_default_values,
)
from PIL import Image

from spinlib import widgets
from spinlib.validate import SpinlibInputError
from spinlib.widgets import Choice, Explorer, Slider, StaticView, label_html, new_figure

X = np.linspace(0.0, 10.0, 300)


def toy(autoscale: bool = False) -> Explorer:
    def compute(*, a, kind):
        return np.sin(a * X) if kind == "sin" else a * np.cos(a * X)

    def setup():
        fig, ax = new_figure(1, 2)
        (line,) = ax[0].plot(X, 0 * X, animated=True)
        label = ax[0].text(0.05, 0.9, "", transform=ax[0].transAxes, animated=True)
        ax[0].set(xlim=(0, 10), ylim=(-3.2, 3.2), xlabel="x")
        ax[1].plot(X, X)

        def draw(y, *, a, kind):
            line.set_ydata(y)
            label.set_text(f"a = {a:.2f}")
            if autoscale:
                ax[0].set_ylim(y.min() - 0.1, y.max() + 0.1)

        return fig, draw

    return Explorer(controls=[Slider("a", 0.5, 3.0, 0.1, 1.0, label="a<sub>0</sub>", static=(0.5, 1, 2, 3)),
                              Choice("kind", (("sine", "sin"), ("cosine", "cos")), "sin")],
                    compute=compute, setup=setup, title="toy", alt="toy curve")


def growing_ticks() -> Explorer:
    """Tick labels that grow from '0.5' to '-200000': the layout must follow (y label kept)."""

    def compute(*, decades):
        return 10.0**decades * np.sin(X)

    def setup():
        fig, ax = new_figure(figsize=(5, 3))
        (line,) = ax.plot(X, 0 * X, animated=True)
        ax.set(xlim=(0, 10), xlabel="x", ylabel="a long y-axis label")

        def draw(y, *, decades):
            line.set_ydata(y)
            ax.set_ylim(-1.1 * 10.0**decades, 1.1 * 10.0**decades)

        return fig, draw

    return Explorer(controls=[Slider("decades", 0.0, 5.0, 1.0, 0.0, static=(0, 2, 5))],
                    compute=compute, setup=setup, title="growing ticks")


@pytest.mark.parametrize("autoscale", [False, True])
def test_blitted_update_equals_full_redraw(autoscale):
    assert_blit_matches_full_redraw(toy(autoscale), {"a": 2.3, "kind": "cos"})


def test_stale_artist_is_detected():
    # An artist changed by draw() but not animated stays frozen in the cached background:
    # the check must catch that (this is what keeps every explorer of the book honest).
    ex = toy()
    original_setup = ex.setup

    def bad_setup():
        fig, draw = original_setup()
        for artist in fig.findobj(lambda a: a.get_animated()):
            artist.set_animated(False)
        return fig, draw

    ex.setup = bad_setup
    with pytest.raises(AssertionError, match="not animated"):
        assert_blit_matches_full_redraw(ex, {"a": 2.3, "kind": "cos"})


@pytest.mark.parametrize("factory", [toy, lambda: toy(True), growing_ticks],
                         ids=["fixed", "autoscale", "ticks"])
def test_static_frames_equal_fresh_renders(factory):
    assert_static_frames_are_fresh_renders(factory)


def test_frozen_layout_would_be_caught(monkeypatch):
    """The old bug: freezing the layout after the first draw clipped the y label once the tick
    labels grew. Re-create it and check that the frame test notices."""
    original = Explorer._blit

    def frozen(self, fig):
        original(self, fig)
        if fig.get_layout_engine() is not None:
            fig.set_layout_engine("none")

    monkeypatch.setattr(Explorer, "_blit", frozen)
    with pytest.raises(AssertionError, match="differs from a fresh render"):
        assert_static_frames_are_fresh_renders(growing_ticks)


def test_updates_change_the_image_and_are_reproducible():
    ex = toy()
    first = decode(ex.png(a=1.0))
    other = decode(ex.png(a=2.5))
    again = decode(ex.png(a=1.0))
    assert np.abs(first - other).max() > 100
    assert np.array_equal(first, again)


def parse(view: StaticView) -> tuple[BeautifulSoup, list[str]]:
    page = BeautifulSoup(view.html, "html.parser")
    frames = json.loads(page.select_one("script.sx-frames").string)
    return page, frames


def test_static_view_holds_every_frame_and_starts_at_the_defaults():
    ex = toy()
    view = ex.static_view()
    page, frames = parse(view)
    axes, grid = ex.static_grid()
    assert len(frames) == len(grid) == 4 * 2
    assert all(f.startswith("data:image/png;base64,") for f in frames)
    start = grid.index({"a": 1.0, "kind": "sin"})
    img = page.select_one("img.sx-frame")
    assert img["src"] == frames[start]
    # the first frame is the explorer's rendering at its defaults
    default = decode(toy().png(compress_level=9, palette=True))
    assert np.array_equal(decode(base64.b64decode(frames[start].split(",")[1])), default)
    assert (int(img["width"]), int(img["height"])) == Image.open(io.BytesIO(view.frame)).size
    assert page.select("input[type=range]") and page.select("select")
    assert not re.search(r"(src|href)=\"(https?:)?//", view.html), "nothing from the network"


def test_static_view_without_javascript_says_how_to_get_sliders():
    """Opened in Jupyter without a kernel (scripts not run), the controls are hidden and the note
    tells the student to run the cell: no dead slider."""
    page, _ = parse(toy().static_view())
    assert page.select_one(".sx-controls").has_attr("hidden")
    assert "run this cell" in page.select_one(".sx-note").get_text()


def test_static_view_ids_are_deterministic(monkeypatch):
    monkeypatch.setattr(widgets, "_SHOWN", {})
    first = parse(toy().static_view())[0].select_one(".spinlib-explorer")["id"]
    monkeypatch.setattr(widgets, "_SHOWN", {})
    again = parse(toy().static_view())[0].select_one(".spinlib-explorer")["id"]
    other = parse(toy(True).static_view())[0].select_one(".spinlib-explorer")["id"]
    twice = parse(toy().static_view())[0].select_one(".spinlib-explorer")["id"]
    assert first == again and re.fullmatch(r"sx-[0-9a-f]{12}", first)
    assert other != first
    assert twice == first + "-2", "a second copy on one page needs its own id"


def test_show_switches_on_static_mode_and_offers_an_image(monkeypatch):
    ex = toy()
    assert isinstance(ex.show(), w.VBox)
    monkeypatch.setenv("SPINLIB_STATIC", "1")
    view = ex.show()
    bundle, _ = view._repr_mimebundle_()
    assert "spinlib-explorer" in bundle["text/html"]
    png = Image.open(io.BytesIO(base64.b64decode(bundle["image/png"])))
    width_in, height_in = ex.figure().get_size_inches()
    assert png.size == (round(width_in * 150), round(height_in * 150)), "print-resolution default frame"
    assert "toy" in bundle["text/plain"]


def test_live_view_offers_a_fallback_for_kernelless_viewers():
    box = toy().live()
    bundle = box._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert "run this cell" in bundle["text/plain"]
    assert Image.open(io.BytesIO(base64.b64decode(bundle["image/png"]))).size[0] > 100


def test_live_slider_move_redraws_image():
    box = toy().live()
    sliders = [c for c in box.children[1].children if isinstance(c, w.FloatSlider)]
    image = box.children[-1]
    before = image.value
    sliders[0].value = 2.7
    assert image.value != before
    assert sliders[0].description == "a<sub>0</sub>" and sliders[0].description_allow_html


def test_labels_are_typeset_html():
    slider = Slider("h", 0, 1, 0.1, 0.5, label="μ<sub>0</sub>H & more")
    assert label_html(slider) == "μ<sub>0</sub>H &amp; more"
    page = BeautifulSoup(Explorer(controls=[slider], compute=lambda h: h,
                                  setup=lambda: None)._static_html([[0.0, 1.0]], [_tiny_png()] * 2, [0]),
                         "html.parser")
    assert page.select_one(".sx-label sub").get_text() == "0"
    with pytest.raises(SpinlibInputError, match="only the tags"):
        Slider("h", 0, 1, 0.1, 0.5, label="<script>x</script>")


def _tiny_png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (4, 3)).save(buf, format="png")
    return buf.getvalue()


def test_frame_limit_and_distinct_names():
    with pytest.raises(ValueError, match="frame_limit"):
        Explorer(controls=[Slider("a", 0, 1, 0.01, 0.5, static=tuple(np.linspace(0, 1, 200)))],
                 compute=lambda a: a, setup=lambda: None).static_grid()
    with pytest.raises(ValueError, match="distinct names"):
        Explorer(controls=[Slider("a", 0, 1, 0.1, 0.5), Slider("a", 0, 1, 0.1, 0.5)],
                 compute=lambda a: a, setup=lambda: None)


BAD_NUMBERS = [math.nan, math.inf, -math.inf, True, "0.5", 1j, None]


@pytest.mark.parametrize("field", ["min", "max", "step", "value"])
@pytest.mark.parametrize("bad", BAD_NUMBERS, ids=repr)
def test_slider_rejects_non_finite_and_non_numeric(field, bad):
    args = {"min": 0.0, "max": 1.0, "step": 0.1, "value": 0.5, field: bad}
    with pytest.raises(SpinlibInputError, match=field) as info:
        Slider("a", **args)
    assert repr(bad) in str(info.value) or str(bad) in str(info.value)


@pytest.mark.parametrize("stops", [(0.0, math.nan), (0.0, math.inf), (0.2, "x"), (0.5, True), (0.0, 1.5),
                                   (-0.1,), (), "0.5", 0.5])
def test_slider_rejects_bad_static_stops(stops):
    with pytest.raises(SpinlibInputError, match="static"):
        Slider("a", 0.0, 1.0, 0.1, 0.5, static=stops)


@pytest.mark.parametrize("kwargs, match", [
    ({"min": 1.0, "max": 0.0}, "min must be < max"),
    ({"value": 2.0}, "value must lie in"),
    ({"step": 0.0}, "step must be > 0"),
    ({"step": -0.1}, "step must be > 0"),
])
def test_slider_rejects_bad_ranges(kwargs, match):
    args = {"min": 0.0, "max": 1.0, "step": 0.1, "value": 0.5, **kwargs}
    with pytest.raises(SpinlibInputError, match=match):
        Slider("a", **args)


def test_slider_stores_floats():
    s = Slider("a", np.int64(0), 1, np.float32(0.25), 1, static=[0, np.float64(0.5)])
    assert all(type(v) is float for v in (s.min, s.max, s.step, s.value, *s.static))


@pytest.mark.parametrize("kwargs", [
    {"value": "x"}, {"value": True}, {"options": ()}, {"options": (("a", 1), (2, 2))},
    {"options": "ab"}, {"static": (1, 3)}, {"label": 5},
])
def test_choice_rejects_bad_input(kwargs):
    args = {"options": (("one", 1), ("two", 2)), "value": 1, **kwargs}
    with pytest.raises(SpinlibInputError):
        Choice("c", **args)


# -- the live path (spinlib.live): frames, their encoding, what a slider move sends ----------------

def _controls(box):
    return {c.description: c for c in box.children[1].children}


def test_live_frame_is_the_canvas_exactly():
    """The live frame's PNG, decoded by Pillow (an independent decoder), is the canvas' RGB pixels."""
    from spinlib.live import encode_frame

    for ex, values in ((toy(), {"a": 2.3, "kind": "cos"}), (growing_ticks(), {"decades": 3.0})):
        fig = ex.update(**values)
        canvas = np.asarray(fig.canvas.buffer_rgba())[:, :, :3]
        decoded = np.asarray(Image.open(io.BytesIO(encode_frame(fig))).convert("RGB"))
        assert decoded.shape == canvas.shape and np.array_equal(decoded, canvas)
        assert np.ptp(canvas) > 100, "a frame with content (not a blank canvas)"


@pytest.mark.parametrize("autoscale", [False, True], ids=["fixed", "autoscale"])
def test_live_frames_after_moves_equal_a_full_redraw(autoscale):
    """Slider and drop-down moves in a kernel: the image then shows what a fresh figure drawn in
    full for the final values shows (no stale artist, no stale value)."""
    ex = toy(autoscale)
    box = ex.live()
    image, controls = box.children[-1], _controls(box)
    for a in (0.7, 2.9, 1.6):
        controls["a<sub>0</sub>"].value = a
    controls["kind"].value = "cos"
    reference = decode(full_redraw_png(toy(autoscale), {"a": 1.6, "kind": "cos"}))
    shown = decode(image.value)
    assert shown.shape == reference.shape
    # stricter than the book-wide check: on the toy the blitted frame and the full redraw differ
    # only where the animated line crosses a spine (a few pixels drawn in another order), so a
    # missing artist (the label, ~100 pixels) shows
    assert np.mean(np.abs(shown - reference).max(axis=-1) > 0) < 1e-4
    assert image.format == "png" and bytes(image.value).startswith(b"\x89PNG")


@pytest.mark.parametrize("name", sorted(widgets.all_explorers()))
def test_every_explorer_live_frame_equals_a_full_redraw(name):
    """The same for every explorer of the book, through its live widgets (controls moved to values
    away from their defaults, one after another)."""
    factory = widgets.all_explorers()[name]
    ex = factory()
    box = ex.live()
    image = box.children[-1]
    controls = [c for c in box.children[-2].children if isinstance(c, (w.FloatSlider, w.Dropdown))]
    values = off_default_values(ex)
    for control, spec in zip(controls, ex.controls, strict=True):
        control.value = values[spec.name]
    values = {spec.name: control.value for control, spec in zip(controls, ex.controls, strict=True)}
    reference = decode(full_redraw_png(factory(), values))
    shown = decode(image.value)
    assert shown.shape == reference.shape
    bad = float(np.mean(np.abs(shown - reference).max(axis=-1) > 60))
    assert bad < 2e-3, f"{name}: live frame differs from a full redraw on {100 * bad:.2f}% of pixels"


def test_live_renders_once_per_change_and_records_its_cost():
    box = toy().live()
    renderer, image, slider = box.renderer, box.children[-1], _controls(box)["a<sub>0</sub>"]
    n = len(box.timings)
    slider.value = 2.0
    slider.value = 2.0  # no change: traitlets does not notify
    renderer()  # an explicit call with unchanged values renders nothing either
    assert len(box.timings) == n + 1
    record = box.timings[-1]
    assert {"compute_ms", "draw_ms", "encode_ms", "kB", "t_start", "t_sent"} <= set(record)
    assert record["kB"] == pytest.approx(len(image.value) / 1e3)
    assert all(record[k] >= 0 for k in ("compute_ms", "draw_ms", "encode_ms"))
    assert record["t_start"] <= record["t_sent"]


def test_live_render_reads_the_latest_values():
    """A render shows the controls' values when it runs, not those of the change that triggered it
    (values that arrive together are drawn once, as the last of them)."""
    box = toy().live()
    controls, image = _controls(box), box.children[-1]
    renderer = box.renderer
    for wid in controls.values():
        wid.unobserve(renderer, names="value")
    controls["a<sub>0</sub>"].value = 2.6
    controls["kind"].value = "cos"
    renderer({"name": "value", "new": 2.6})
    assert np.array_equal(decode(image.value), decode(toy().png(a=2.6, kind="cos")))


def test_benchmark_reports_the_kernel_split():
    r = toy().benchmark(moves=3)
    assert {"compute_ms", "draw_ms", "encode_ms", "update_ms", "update_max_ms", "kB"} <= set(r)
    assert r["update_max_ms"] >= r["update_ms"] > 0 and r["kB"] > 1


def test_slow_frames_switch_sliders_to_update_on_release(monkeypatch):
    """The continuous_update policy: frames slower than SLOW_MS (running mean) -> sliders send on
    release only; faster than FAST_MS again -> continuous updates again (with hysteresis)."""
    import time

    from spinlib import live

    delay = {"s": 0.0}
    ex = toy()
    compute = ex.compute

    def slow_compute(**values):
        time.sleep(delay["s"])
        return compute(**values)

    ex.compute = slow_compute
    box = ex.live()
    slider = _controls(box)["a<sub>0</sub>"]
    assert slider.continuous_update
    delay["s"] = 3 * live.SLOW_MS / 1e3
    slider.value = 1.2
    assert not slider.continuous_update, "a frame at three times SLOW_MS brings the mean above it"
    # the hysteresis, with the frame costs given (wall times of a loaded machine would be flaky)
    renderer = box.renderer
    renderer.adapt(0.9 * live.SLOW_MS)  # mean between the thresholds: still on release only
    assert not slider.continuous_update
    for _ in range(6):
        renderer.adapt(0.1 * live.FAST_MS)
    assert slider.continuous_update, "fast frames bring continuous updates back"
    renderer.adapt(0.9 * live.SLOW_MS)
    renderer.adapt(0.9 * live.SLOW_MS)  # mean between the thresholds: stays continuous
    assert slider.continuous_update
    for _ in range(3):
        renderer.adapt(1.5 * live.SLOW_MS)
    assert not slider.continuous_update


def test_frames_shown_before_are_sent_again_without_redrawing():
    """Going back to values already shown sends the kept frame, which is the frame of those values
    (a key that forgot a control would send the wrong picture: the drop-down toggles here)."""
    box = toy().live()
    controls, image = _controls(box), box.children[-1]
    shown = {}
    for a, kind in ((2.0, "sin"), (2.0, "cos"), (1.0, "cos"), (2.0, "sin"), (2.0, "cos")):
        controls["a<sub>0</sub>"].value, controls["kind"].value = a, kind
        shown[(a, kind)] = decode(image.value)
        assert np.array_equal(shown[(a, kind)], decode(toy().png(a=a, kind=kind))), (a, kind)
    # frames sent: (2, sin) (2, cos) (1, cos) drawn; then (2, cos) (2, sin) (2, cos) again, kept
    assert [t.get("cached", False) for t in box.timings[-6:]] == [False] * 3 + [True] * 3
