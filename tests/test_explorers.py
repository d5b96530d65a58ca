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
