import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from spinlib import validate


def test_positive_names_parameter_and_range():
    with pytest.raises(ValueError, match=r"damping must be > 0; got -0.1"):
        validate.positive("damping", -0.1)


def test_in_range_interval_notation():
    with pytest.raises(ValueError, match=r"polarization must lie in \[-1, 1\]; got 1.5"):
        validate.in_range("polarization", 1.5, -1, 1)
    with pytest.raises(ValueError, match=r"\(0, 1\]"):
        validate.in_range("x", 0.0, 0, 1, lo_open=True)
    assert validate.in_range("x", 1.0, 0, 1, lo_open=True) == 1.0


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf, "abc"])
def test_finite_rejects_nan_inf_and_non_numbers(bad):
    with pytest.raises(ValueError, match="temperature"):
        validate.finite("temperature", bad)


def test_unit_vector_rejects_zero_and_wrong_shape():
    with pytest.raises(ValueError, match="m must be a nonzero 3-vector"):
        validate.unit_vector("m", [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match=r"shape \(\.\.\., 3\)"):
        validate.unit_vector("m", [1.0, 0.0])


def test_unit_vector_single_refuses_a_stack_naming_the_parameter():
    """``single=True`` (one direction by nature, e.g. an electron spin): a batch is refused, one vector
    passes exactly as without it."""
    one = r"electron_spin must be one 3-vector; got shape \(1, 3\): \[\[1, 0, 0\]\]"
    with pytest.raises(ValueError, match=one):
        validate.unit_vector("electron_spin", [[1, 0, 0]], single=True)
    with pytest.raises(ValueError, match=r"spin must have shape \(\.\.\., 3\)"):
        validate.unit_vector("spin", 1.0, single=True)
    assert validate.unit_vector("m", [[1, 0, 0]]).shape == (1, 3)  # a batch without single
    assert validate.unit_vector("s", (0, 3e-300, -4e-300), single=True).tolist() == [0.0, 0.6, -0.8]


@given(st.lists(st.floats(-1e6, 1e6), min_size=3, max_size=3).filter(lambda v: np.linalg.norm(v) > 1e-6))
def test_unit_vector_normalises(v):
    u = validate.unit_vector("m", v)
    assert np.isclose(np.linalg.norm(u), 1.0)
    assert np.allclose(u * np.linalg.norm(v), v, atol=1e-9 * np.linalg.norm(v))


def test_step_grid_checks_each_number_by_its_name():
    assert validate.step_grid(2.0, 10, None, max_steps=100) == (2.0, 10, 10)
    assert validate.step_grid(2, 10, 5, max_steps=100) == (2.0, 10, 5)
    with pytest.raises(ValueError, match=r"n_out must divide n_steps=10; got 3"):
        validate.step_grid(2.0, 10, 3, max_steps=100)
    with pytest.raises(ValueError, match=r"n_steps must be an integer >= 1 and <= 100; got 101"):
        validate.step_grid(2.0, 101, None, max_steps=100)
    with pytest.raises(ValueError, match=r"n_out must be an integer >= 1 and <= 10; got 20"):
        validate.step_grid(2.0, 10, 20, max_steps=100)
    with pytest.raises(ValueError, match=r"t_end must be > 0; got 0.0"):
        validate.step_grid(0.0, 10, None, max_steps=100)


def test_choice():
    assert validate.choice("orientation", "P", ("P", "AP")) == "P"
    with pytest.raises(ValueError, match=r"orientation must be one of \['P', 'AP'\]; got 'X'"):
        validate.choice("orientation", "X", ("P", "AP"))


@pytest.mark.parametrize("bad", [(True, 0, 0), [0, 1.0, np.True_], [[1, 0, 0], (0, False, 1)]])
def test_bools_inside_sequences_are_refused(bad):
    """NumPy turns (True, 0, 0) into the integers (1, 0, 0); the validators must not."""
    with pytest.raises(ValueError, match=r"m must be a real number or array .*(True|False)"):
        validate.unit_vector("m", bad)
    with pytest.raises(ValueError, match="field"):
        validate.finite("field", bad)


def test_numeric_sequences_still_pass():
    assert validate.unit_vector("m", (0, 0, 2)).tolist() == [0.0, 0.0, 1.0]
    assert validate.finite("x", [[1, 2.5], (3, 4)]).tolist() == [[1.0, 2.5], [3.0, 4.0]]
