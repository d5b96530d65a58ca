"""Every interactive figure of the book: renders, blits correctly, and its static page is honest."""

import re

import numpy as np
import pytest
from explorer_checks import assert_blit_matches_full_redraw, check_static_frames, off_default_values

from spinlib.widgets import Choice, Slider, all_explorers, label_text

EXPLORERS = all_explorers()


def test_registry_is_not_empty():
    assert EXPLORERS, "no explorer registered"


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorer_blit_matches_full_redraw(name):
    ex = EXPLORERS[name]()
    assert_blit_matches_full_redraw(ex, off_default_values(ex))


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_static_page(name):
    """The static page is honest:

    * every frame is what a brand-new explorer draws for that frame's values;
    * the frame shown first is the rendering at the explorer's default values;
    * every control with several static stops changes the picture (no dead slider).
    """
    ex, axes, frames, pngs = check_static_frames(EXPLORERS[name])
    start = dict(frames[int(np.ravel_multi_index(ex.static_start(), [len(a) for a in axes]))])
    for c in ex.controls:
        assert start[c.name] == pytest.approx(c.value) if isinstance(c, Slider) else start[c.name] == c.value
    for c, values in zip(ex.controls, axes, strict=True):
        if len(values) < 2:
            continue
        row = [pngs[frames.index({**start, c.name: v})] for v in values]
        same = [v for v, img in zip(values[1:], row[1:], strict=True) if np.array_equal(img, row[0])]
        assert not same, f"{name}: static stops {same} of {c.name} draw the same picture as {values[0]}"


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_static_stops_lie_in_the_live_range(name):
    for c in EXPLORERS[name]().controls:
        if isinstance(c, Slider):
            assert all(c.min <= v <= c.max for v in c.static_values()), c.name
        else:
            assert set(c.static_values()) <= {v for _, v in c.options}, c.name


ASCII_MATH = re.compile(r"_|\^|\b(mu0?|alpha|beta|gamma|delta|eta|theta|omega|Omega|hbar|kappa|lambda|sigma|"
                        r"tau|phi|psi|chi|rho|epsilon|Delta|Theta|Phi)\b")


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_labels_are_typeset_not_ascii_math(name):
    """Slider labels are read as typeset symbols: μ₀H, α, k<sub>B</sub>T, not mu0 H, alpha, k_B T."""
    for c in EXPLORERS[name]().controls:
        text = label_text(c)
        assert not ASCII_MATH.search(text), f"{name}: label {c.label!r} of {c.name} is ASCII maths"
        if isinstance(c, Choice):
            for label, _ in c.options:
                assert not ASCII_MATH.search(label), f"{name}: option {label!r} of {c.name}"


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
