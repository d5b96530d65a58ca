"""Contract of every public callable of spinlib.oscillator: keyword-only physics, bad input named,
T = 0 exact, no NaN and no warning (warnings are errors), broadcasting."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import oscillator as osc
from spinlib.oscillator import studies
from spinlib.validate import SpinlibInputError

P = osc.AxialMacrospin(anisotropy=1.0, asymmetry=0.5, alpha=0.2)
K = dict(params=P, field=-5.0, current=-0.9)
SPEC = osc.Spectrum(
    omega=np.linspace(0, 2, 201),
    power=osc.expected_periodogram(
        np.linspace(0, 2, 201), center=1.0, fwhm=0.1, amplitude=1.0, duration=300.0
    ),
    duration=300.0,
    n_samples=4,
)

# callable -> (positional args, keyword args) that are valid
VALID = {
    "amplitude_rate": ((0.1,), K),
    "phase_velocity": ((0.1,), K),
    "cone_cosine": ((), K),
    "coupling": ((), K),
    "free_diffusion": ((), dict(params=P, temperature=0.02)),
    "linewidth": ((), {**K, "temperature": 0.02}),
    "line_components": ((), {**K, "temperature": 0.02}),
    "line_fwhm": ((), {**K, "temperature": 0.02}),
    "macrospin_params": ((), dict(params=P, field=-5.0)),
    "nonlinear_shift": ((), K),
    "precession_frequency": ((), K),
    "precession_range": ((), dict(params=P, field=-5.0)),
    "relaxation_rate": ((), K),
    "threshold_current": ((), dict(params=P, field=-5.0)),
    "expected_periodogram": ((1.0,), dict(center=1.0, fwhm=0.1, amplitude=1.0, duration=100.0)),
    "lorentzian": ((1.0,), dict(center=1.0, fwhm=0.1)),
    "periodogram": ((np.zeros(8),), dict(dt=0.1)),
    "fit_lorentzian": ((SPEC,), {}),
    "exact_line": ((np.array([0.0, 0.05]),), {**K, "temperature": 0.02, "n_grid": 400}),
    "exact_line_fwhm": ((), {**K, "temperature": 0.02, "n_grid": 400}),
    "simulate_spectrum": (
        (),
        {**K, "temperature": 0.0, "duration": 10.0, "dt": 0.05, "n_samples": 2, "burn_in": 0.0, "seed": 1},
    ),
}
BAD = [None, True, "1.0", 1j, float("nan"), float("inf")]


def test_every_public_callable_is_listed():
    public = {n for n in osc.__all__ if callable(getattr(osc, n)) and not inspect.isclass(getattr(osc, n))}
    assert public == set(VALID)


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_input_is_finite_without_warning(name):
    args, kw = VALID[name]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = getattr(osc, name)(*args, **kw)
    for v in out if isinstance(out, tuple) else (out,):
        if isinstance(v, np.ndarray | float):
            assert np.all(np.isfinite(v))


@pytest.mark.parametrize("name", sorted(VALID))
def test_physical_parameters_are_keyword_only(name):
    sig = inspect.signature(getattr(osc, name))
    for p in sig.parameters.values():
        if p.name in (
            "params",
            "field",
            "current",
            "temperature",
            "center",
            "fwhm",
            "amplitude",
            "duration",
            "dt",
            "n_samples",
            "seed",
            "window",
        ):
            assert p.kind is p.KEYWORD_ONLY, (name, p.name)


@pytest.mark.parametrize("name", sorted(VALID))
def test_bad_input_names_the_parameter(name):
    args, kw = VALID[name]
    f = getattr(osc, name)
    for key in kw:
        if key in ("seed", "burn_in"):
            continue
        for bad in BAD:
            with pytest.raises(ValueError, match=key):
                f(*args, **{**kw, key: bad})


@pytest.mark.parametrize("kw", [dict(temperature=-0.1), dict(current=0.5), dict(current=-2.0)])
def test_out_of_range_named(kw):
    name = next(iter(kw))
    with pytest.raises(SpinlibInputError, match=name):
        osc.linewidth(**{**K, "temperature": 0.02, **kw})


def test_params_validation():
    for kw, name in (
        (dict(asymmetry=1.0), "asymmetry"),
        (dict(alpha=0.0), "alpha"),
        (dict(anisotropy=float("nan")), "anisotropy"),
        (dict(alpha=[0.1, 0.2]), "alpha"),
    ):
        with pytest.raises(ValueError, match=name):
            osc.AxialMacrospin(**kw)
    with pytest.raises(ValueError, match="params"):
        osc.linewidth(params=object(), field=-5.0, current=-0.9, temperature=0.0)


def test_temperature_zero_exact_and_broadcast():
    t = np.array([[0.0], [0.01]])
    j = np.array([-0.7, -0.9, -1.1])
    w = osc.linewidth(params=P, field=-5.0, current=j, temperature=t)
    assert w.shape == (2, 3)
    assert np.all(w[0] == 0.0) and np.all(w[1] > 0)
    assert osc.free_diffusion(params=P, temperature=0.0) == 0.0


@settings(max_examples=40, deadline=None)
@given(frac=st.floats(1e-6, 1 - 1e-6), eps=st.sampled_from([0.0, 5e-324, 1e-300, 1e-3, 0.1, 10.0]))
def test_property_inside_range_finite(frac, eps):
    lo, hi = osc.precession_range(params=P, field=-5.0)
    j = float(lo + frac * (hi - lo))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        u0 = osc.cone_cosine(params=P, field=-5.0, current=j)
        w = osc.linewidth(params=P, field=-5.0, current=j, temperature=eps)
    assert -1 < u0 < 1 and np.isfinite(w) and w >= 0


def test_line_series_refuses_beyond_its_range():
    with pytest.raises(SpinlibInputError, match="temperature"):
        osc.line_components(params=P, field=-5.0, current=-0.6001, temperature=1.0)


def test_studies_inputs():
    with pytest.raises(ValueError, match="current"):
        studies.simulated_line("chapter1", current=2.0)
    with pytest.raises(ValueError, match="case"):
        studies.simulated_line("nope")
    with pytest.raises(ValueError, match="temperature"):
        studies.spectrum_view(current=4.5, temperature=-1.0)
