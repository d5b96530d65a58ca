"""Every interactive figure of the book: renders, blits correctly, fits the static page."""

import pytest
from explorer_checks import assert_blit_matches_full_redraw, off_default_values

from spinlib.figures import all_explorers

EXPLORERS = all_explorers()


def test_registry_is_not_empty():
    assert EXPLORERS, "no explorer registered"


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorer_blit_matches_full_redraw(name):
    ex = EXPLORERS[name]()
    assert_blit_matches_full_redraw(ex, off_default_values(ex))


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorer_static_grid_fits(name):
    ex = EXPLORERS[name]()
    axes, frames = ex.static_grid()
    assert 1 <= len(frames) <= ex.frame_limit
    for c, values in zip(ex.controls, axes, strict=True):
        assert c.value in values or any(abs(v - c.value) < 1e-9 for v in values if isinstance(v, float))


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorer_live_controls_redraw(name):
    """In a kernel every control of the explorer changes the image it drives."""
    import ipywidgets as w

    ex = EXPLORERS[name]()
    box = ex.live()
    image = box.children[-1]
    controls = [c for c in box.children[-2].children if isinstance(c, (w.FloatSlider, w.Dropdown))]
    assert len(controls) == len(ex.controls)
    for control, spec in zip(controls, ex.controls, strict=True):
        before = image.value
        if isinstance(control, w.FloatSlider):
            control.value = spec.min + 0.61 * (spec.max - spec.min)
        else:
            control.value = next(v for _, v in spec.options if v != control.value)
        assert image.value != before, f"{name}: moving {spec.name} did not redraw"
