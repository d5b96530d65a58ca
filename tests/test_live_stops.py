"""spinlib.live.slider_stops and stop_index: the stops an explorer precomputes are the values a live
slider sends, and nothing else is taken for a stop."""

import numpy as np
import pytest

from spinlib.live import slider_stops, stop_index
from spinlib.widgets import Slider


@pytest.mark.parametrize(("lo", "hi", "step", "n"), [(0.0, 0.5, 0.05, 11), (0.5, 1.5, 0.05, 21),
                                                      (5.0, 40.0, 1.0, 36), (-0.4, 0.4, 0.05, 17),
                                                      (0.0, 1.0, 0.3, 4)])
def test_stops_are_what_the_slider_sends(lo, hi, step, n):
    stops = slider_stops(Slider("x", lo, hi, step, lo))
    assert stops.size == n and stops[0] == lo and stops[-1] <= hi + 1e-12
    assert np.allclose(np.diff(stops), step)
    # ipywidgets' FloatSlider value after k steps, accumulated in floats as a browser does
    for k in range(n):
        sent = lo + k * step
        assert stop_index(stops, sent) == k
        single = float(np.float32(sent))  # a value rounded to single precision is no stop
        assert stop_index(stops, single) is None or abs(single - sent) < 1e-9 * step


def test_values_between_stops_are_not_stops():
    stops = slider_stops(Slider("x", -0.4, 0.4, 0.05, 0.0))
    for v in (-0.375, 0.01, 0.399, 0.41, -1.0, 1e-6):
        assert stop_index(stops, v) is None
    assert stop_index(np.array([2.0]), 2.0) == 0 and stop_index(np.array([2.0]), 2.5) is None
