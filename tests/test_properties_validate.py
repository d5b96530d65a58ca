"""Property tests of spinlib.validate's general checks, spinlib.units and spinlib.display.glue_number.

Regressions of the contract fuzz run by an earlier session (its script was retired in favour of these
hypothesis modules): a parameter that is one number by
nature refuses arrays by name (``scalar``); a result beyond the float range is a named error
quoting the caller's arguments, never a RuntimeWarning and inf (``finite_result``); the glued
numbers of the prose are finite real numbers.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import display, units, validate
from spinlib.validate import SpinlibInputError

FAST = settings(max_examples=60, deadline=None)


def test_show_is_public_and_the_old_name_remains():
    assert validate.show(0.5) == "0.5"
    assert validate._show is validate.show
    assert "shape (10,)" in validate.show(np.zeros(10))


@FAST
@given(x=st.floats(-1e308, 1e308))
def test_scalar_accepts_any_finite_number(x):
    assert validate.scalar("tol", x) == x


@pytest.mark.parametrize("bad", [np.zeros(2), np.zeros((3, 1)), np.array([]), [0.1]])
def test_scalar_refuses_arrays_by_name(bad):
    with pytest.raises(SpinlibInputError, match="tol must be a single number"):
        validate.scalar("tol", bad)


def test_finite_result_names_and_quotes_the_inputs():
    assert validate.finite_result(np.ones(3), a=1.0) is not None
    with pytest.raises(SpinlibInputError, match=r"ms=1e\+308"):
        validate.finite_result(np.inf, ms=1e308)


@FAST
@given(b=st.floats(-6e306, 6e306))
def test_tesla_to_ghz_finite_without_warning(b):
    f = units.tesla_to_ghz(b)
    assert np.isfinite(f) and np.sign(f) == np.sign(b)


@pytest.mark.parametrize("b", [1e308, -1e308])
def test_tesla_to_ghz_out_of_range_is_named(b):
    with pytest.raises(SpinlibInputError, match=r"field_T=-?1e\+308"):
        units.tesla_to_ghz(b)


@pytest.mark.parametrize("bad", [np.nan, np.inf, True, "1.0", None, 1j, np.ones(2)])
def test_glue_number_refuses_non_numbers(bad):
    with pytest.raises(SpinlibInputError, match="value must be one finite real number"):
        display.glue_number("x", bad)


def test_glue_number_accepts_numpy_and_sympy_numbers():
    import sympy as sp

    assert display.glue_number("x", np.float32(0.5)) == 0.5
    assert display.glue_number("x", sp.Rational(1, 4)) == 0.25
    assert display.glue_number("x", np.array(3)) == 3.0
