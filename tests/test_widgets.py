import re

import ipywidgets as w
import numpy as np
import pytest
from explorer_checks import assert_blit_matches_full_redraw, decode

from spinlib.widgets import Choice, Explorer, Slider, new_figure

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

    return Explorer(controls=[Slider("a", 0.5, 3.0, 0.1, 1.0, label="a", static=(0.5, 1, 2, 3)),
                              Choice("kind", (("sine", "sin"), ("cosine", "cos")), "sin")],
                    compute=compute, setup=setup, title="toy", alt="toy curve")


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


def test_updates_change_the_image_and_are_reproducible():
    ex = toy()
    first = decode(ex.png(a=1.0))
    other = decode(ex.png(a=2.5))
    again = decode(ex.png(a=1.0))
    assert np.abs(first - other).max() > 100
    assert np.array_equal(first, again)


def test_static_html_is_self_contained_and_scrubbable():
    ex = toy()
    page = ex.static_html()
    axes, frames = ex.static_grid()
    assert len(frames) == 4 * 2 == page.count("iVBOR") - 1  # every frame + the initial <img>
    assert 'type="range"' in page and "<select" in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page), "static view must load nothing from the network"
    # the initial image is the frame of the default values
    assert axes[0].index(1.0) == 1


def test_show_switches_on_static_mode(monkeypatch):
    ex = toy()
    assert isinstance(ex.show(), w.VBox)
    monkeypatch.setenv("SPINLIB_STATIC", "1")
    assert "spinlib-explorer" in ex.show().data


def test_live_slider_move_redraws_image():
    box = toy().live()
    sliders = [c for c in box.children[1].children if isinstance(c, w.FloatSlider)]
    image = box.children[-1]
    before = image.value
    sliders[0].value = 2.7
    assert image.value != before


def test_frame_limit_and_bad_controls():
    with pytest.raises(ValueError, match="frame_limit"):
        Explorer(controls=[Slider("a", 0, 1, 0.01, 0.5, static=tuple(np.linspace(0, 1, 200)))],
                 compute=lambda a: a, setup=lambda: None).static_grid()
    with pytest.raises(ValueError, match="value must lie in"):
        Slider("a", 0, 1, 0.1, 2.0)
    with pytest.raises(ValueError, match="distinct names"):
        Explorer(controls=[Slider("a", 0, 1, 0.1, 0.5), Slider("a", 0, 1, 0.1, 0.5)],
                 compute=lambda a: a, setup=lambda: None)
