"""Contract of every public callable of spinlib.nanomagnet (DESIGN.md), driven by hypothesis.

One table lists each callable of ``spinlib.nanomagnet.__all__`` with a valid call and the names of
its arguments. From it:

* every argument, replaced by a bad value (NaN, inf, a bool, a str, a complex, None, a ragged or
  wrongly shaped array), gives a ``SpinlibInputError`` (a ValueError and a TypeError) whose message
  names the argument as the caller spelled it and quotes the value passed;
* physical parameters are keyword-only (only the swept variable may come first);
* sizes that cannot finish are refused up front, naming the parameter and the limit;
* huge bias and field, the ``T = 0`` limit and a spin-0 charge state give finite results and no
  warning (pytest turns RuntimeWarning into an error).

The table is checked against ``__all__``: a new public callable without a row fails the suite.
"""

from __future__ import annotations

import inspect
import time
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from spinlib import nanomagnet as nm
from spinlib.nanomagnet import studies
from spinlib.validate import SpinlibInputError

G = nm.Nanomagnet(spin=2, damping=0.05)
R = studies.FIG6_UPPER_RIGHT
ML = nm.MultiLevelGrain(spin=1.5, levels=(nm.Level(addition_energy=0.0, orbital=-1),
                                          nm.Level(addition_energy=1.0, orbital=1)),
                        damping=0.05, leads=(nm.Lead(rate_majority=1.0, rate_minority=0.5),
                                             nm.Lead(rate_majority=1.0, rate_minority=1.0,
                                                     chemical_potential=2.0)))
ONE_LEVEL = (nm.Level(addition_energy=0.0, orbital=1),)
ONE_LEAD = (nm.Lead(rate_majority=1.0, rate_minority=1.0),)

# name -> (positional args, keyword args, arguments that get bad values (int: position))
TABLE = {
    "fermi": ((0.1,), {"temperature": 0.3}, [0, "temperature"]),
    "bath_rate": ((0.1,), {"temperature": 0.3}, [0, "temperature"]),
    "clebsch_gordan_weight": ((1.5, 0.5), {"sigma": 1, "orbital": 1}, [0, 1, "sigma", "orbital"]),
    "rates_along_z": ((), {"rate_majority": 1.0, "rate_minority": 0.5, "angle": 0.3},
                      ["rate_majority", "rate_minority", "angle"]),
    "addition_energy": ((0.5,), {"sigma": 1, "params": G}, [0, "sigma", "params"]),
    "state_table": ((), {"params": G}, ["params"]),
    "generator": ((), {"params": G}, ["params"]),
    "steady_state": ((), {"params": G}, ["params"]),
    "log_steady_state": ((), {"params": G}, ["params"]),
    "lead_currents": ((), {"params": G}, ["params", "probabilities"]),
    "spin_distribution": ((), {"params": G}, ["params", "probabilities"]),
    "simulate_master": ((), {"params": G, "t_end": 5.0, "seed": 1},
                        ["params", "t_end", "u0", "seed", "max_jumps"]),
    "channel_functions": ((0.2,), {"params": G}, [0, "params"]),
    "nmd_drift": ((0.2,), {"params": G}, [0, "params"]),
    "nmd_diffusion": ((0.2,), {"params": G}, [0, "params"]),
    "bath_diffusion": ((0.2,), {"params": G}, [0, "params"]),
    "nmd_fixed_points": ((), {"params": G}, ["params", "n_grid"]),
    "nmd_current": ((0.2,), {"params": G}, [0, "params"]),
    "simulate_nmd": ((0.2,), {"params": G, "t_end": 1.0, "n_steps": 10, "seed": 1},
                     [0, "params", "t_end", "n_steps", "seed"]),
    "zero_bias_udot": ((0.2,), {"params": G}, [0, "params"]),
    "lead_damping": ((), {"params": G}, ["params", "u"]),
    "zero_bias_current": ((0.2,), {"params": G}, [0, "params"]),
    "torque_asymmetry": ((), {"params": R}, ["params"]),
    "theta_all_open": ((), {"params": R}, ["params"]),
    "theta_category": ((), {"params": R}, ["params"]),
    "reduced_udot": ((0.2,), {"bias": 5.0, "field": -4.0, "params": R}, [0, "bias", "field", "params"]),
    "reduced_classify": ((), {"bias": 5.0, "field": -4.0, "params": R}, ["bias", "field", "params"]),
    "reduced_fixed_points": ((), {"bias": 5.0, "field": -4.0, "params": R}, ["bias", "field", "params"]),
    "reduced_current": ((0.2,), {"bias": 5.0, "field": -4.0, "params": R}, [0, "bias", "field", "params"]),
    "channel_lines": ((-4.0,), {}, [0]),
    "reduced_sweep": ((), {"bias": np.array([4.0, 5.0]), "field": -4.0, "params": R},
                      ["bias", "field", "params", "u_start"]),
    "grain_for_reduced": ((), {"params": R, "spin": 10, "bias": 5.0, "field": -4.0},
                          ["params", "spin", "bias", "field", "temperature", "damping"]),
    "multilevel_states": ((), {"params": ML}, ["params"]),
    "multilevel_generator": ((), {"params": ML}, ["params"]),
    "multilevel_steady_state": ((), {"params": ML}, ["params"]),
    "multilevel_current": ((), {"params": ML}, ["params", "probabilities"]),
    "multilevel_current_map": ((), {"params": ML, "biases": [0.0, 1.0], "gates": [0.0]},
                               ["params", "biases", "gates"]),
    "Lead": ((), {"rate_majority": 1.0, "rate_minority": 0.5},
             ["rate_majority", "rate_minority", "angle", "chemical_potential"]),
    "Nanomagnet": ((), {}, ["spin", "anisotropy", "field", "level", "orbital", "temperature", "damping",
                            "leads"]),
    "NMDRates": ((), {"left_up": 1.0, "left_down": 1.0, "right_up": 1.0, "right_down": 1.0},
                 ["left_up", "left_down", "right_up", "right_down"]),
    "Level": ((), {"addition_energy": 0.0, "orbital": 1}, ["addition_energy", "orbital", "occupied"]),
    "MultiLevelGrain": ((), {"levels": ONE_LEVEL, "leads": ONE_LEAD},
                        ["spin", "levels", "gate", "exchange", "anisotropy", "field", "temperature",
                         "damping", "leads"]),
    "MasterTrajectory": ((), {"t": np.zeros(2), "u": np.zeros(2), "charge": np.zeros(2, int),
                              "sz": np.zeros(2)}, []),
    "NMDTrajectory": ((), {"t": np.zeros(2), "u": np.zeros(2)}, []),
    "ReducedSweep": ((), {"bias": np.zeros(2), "field": np.zeros(2), "u": np.zeros(2),
                          "current": np.zeros(2)}, []),
}
# the first argument of these is the swept variable (a state, an energy), not a physical parameter
POSITIONAL_OK = {"fermi": 1, "bath_rate": 1, "clebsch_gordan_weight": 2, "addition_energy": 1,
                 "channel_functions": 1, "nmd_drift": 1, "nmd_diffusion": 1, "bath_diffusion": 1,
                 "nmd_current": 1, "simulate_nmd": 1, "zero_bias_udot": 1, "zero_bias_current": 1,
                 "reduced_udot": 1, "reduced_current": 1, "channel_lines": 1,
                 # result containers: plain records of arrays (t first), no physical parameters
                 "MasterTrajectory": 4, "NMDTrajectory": 2, "ReducedSweep": 4}

BAD = [float("nan"), float("inf"), -float("inf"), True, False, "1.0", 1j, None, [[1.0, 2.0], [3.0]],
       object()]
FLAGS = {("Level", "occupied")}  # a real bool flag: True/False are its valid values


def _callables():
    return sorted(n for n in nm.__all__ if callable(getattr(nm, n)) and not inspect.ismodule(getattr(nm, n)))


def test_every_public_callable_has_a_row():
    assert sorted(TABLE) == _callables()


@pytest.mark.parametrize("name", sorted(TABLE))
def test_valid_call_runs_without_warning(name):
    pos, kw, _ = TABLE[name]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = getattr(nm, name)(*pos, **kw)
    assert [str(w.message) for w in caught] == [], name
    assert out is not None, name  # every public callable returns its result


@pytest.mark.parametrize("name", sorted(TABLE))
def test_physical_parameters_are_keyword_only(name):
    sig = inspect.signature(getattr(nm, name))
    positional = [p for p in sig.parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    assert len(positional) == POSITIONAL_OK.get(name, 0), [p.name for p in positional]


def _with_bad(name, arg, bad):
    pos, kw, _ = TABLE[name]
    pos, kw = list(pos), dict(kw)
    if isinstance(arg, int):
        pos[arg] = bad
    else:
        kw[arg] = bad
    return pos, kw


def _arg_name(name, arg):
    if isinstance(arg, str):
        return arg
    return list(inspect.signature(getattr(nm, name)).parameters)[arg]


CASES = [(name, arg) for name in sorted(TABLE) for arg in TABLE[name][2]]


@settings(max_examples=400, deadline=None)
@given(case=st.sampled_from(CASES), bad=st.sampled_from(BAD))
def test_bad_input_is_refused_naming_and_quoting_it(case, bad):
    name, arg = case
    if (name, arg) in FLAGS and isinstance(bad, bool):
        return
    if arg in ("seed", "probabilities") and bad is None:  # None: the documented default
        return
    pos, kw = _with_bad(name, arg, bad)
    with pytest.raises(SpinlibInputError) as info:
        getattr(nm, name)(*pos, **kw)
    msg = str(info.value)
    assert _arg_name(name, arg) in msg
    # a tuple field (leads, levels) quotes the offending item
    assert repr(bad) in msg or (isinstance(bad, list) and repr(bad[0]) in msg)


@pytest.mark.parametrize("name", ["lead_currents", "spin_distribution"])
@pytest.mark.parametrize("probs, what", [
    (np.full(11, np.nan), "finite"), (-np.ones(11), ">= 0"), (np.ones((11, 1)), "shape (11,)"),
    (np.ones(10), "shape (11,)"), (np.ones(12), "shape (11,)"), (np.array([np.inf] + [0.0] * 10), "finite")])
def test_probabilities_nan_negative_or_misshapen_are_refused(name, probs, what):
    with pytest.raises(SpinlibInputError, match="probabilities") as info:
        getattr(nm, name)(params=G, probabilities=probs)
    assert what in str(info.value)


# --------------------------------------------------------------------------- sizes, up front
SIZES = [
    (lambda: nm.generator(params=nm.Nanomagnet(spin=1e9)), "params.spin must be <= 20000"),
    (lambda: nm.steady_state(params=nm.Nanomagnet(spin=1e8)), "params.spin must be <= 20000"),
    (lambda: nm.state_table(params=nm.Nanomagnet(spin=1e8)), "params.spin must be <= 20000"),
    (lambda: nm.lead_currents(params=nm.Nanomagnet(spin=1e8)), "params.spin must be <= 20000"),
    (lambda: nm.simulate_master(params=nm.Nanomagnet(spin=1e8), t_end=1.0), "params.spin must be <= 20000"),
    (lambda: nm.nmd_fixed_points(params=G, n_grid=1e10), "n_grid must be an integer >= 11 and <= 10000000"),
    (lambda: nm.nmd_fixed_points(params=G, n_grid=10**10), "n_grid"),
    (lambda: nm.simulate_nmd(0.0, params=G, t_end=1.0, n_steps=1e9),
     "n_steps must be an integer >= 1 and <= 10000000"),
    (lambda: nm.simulate_master(params=G, t_end=1.0, max_jumps=10**12), "max_jumps"),
    (lambda: nm.multilevel_steady_state(params=nm.MultiLevelGrain(spin=1e6, levels=ONE_LEVEL,
                                                                  leads=ONE_LEAD)),
     "states; at most 2000"),
    (lambda: nm.MultiLevelGrain(spin=5, levels=ONE_LEVEL * 30, leads=ONE_LEAD), "levels"),
    (lambda: nm.multilevel_current_map(params=ML, biases=np.zeros(10**5), gates=np.zeros(10**5)), "biases"),
]


@pytest.mark.parametrize("k", range(len(SIZES)))
def test_sizes_that_cannot_finish_are_refused_at_once(k):
    call, text = SIZES[k]
    start = time.perf_counter()
    with pytest.raises(SpinlibInputError) as info:
        call()
    assert time.perf_counter() - start < 2.0  # refused before any work, not after a MemoryError
    assert text in str(info.value)


def test_a_multilevel_grain_that_would_need_146_gib_is_refused_by_its_state_count():
    """Six levels and S0 = 5e4: ~2.8e6 states, a dense (n, n) generator of ~60 TB; refused by the
    named limit, not by a MemoryError."""
    levels = tuple(nm.Level(addition_energy=float(k), orbital=1) for k in range(6))
    big = nm.MultiLevelGrain(spin=5e4, levels=levels, leads=ONE_LEAD)
    for f in (nm.multilevel_states, nm.multilevel_generator, nm.multilevel_steady_state,
              nm.multilevel_current):
        with pytest.raises(SpinlibInputError, match=r"at most 2000 are accepted \(reduce params.spin"):
            f(params=big)


def test_simulate_master_with_a_huge_duration_ends_at_max_jumps_quickly():
    """t_end = 1e300 is valid (the trajectory simply ends at max_jumps): bounded work."""
    p = nm.Nanomagnet(spin=2, damping=0.1)
    start = time.perf_counter()
    tr = nm.simulate_master(params=p, t_end=1e300, seed=1, max_jumps=20_000)
    assert time.perf_counter() - start < 5.0
    assert tr.t.size == 20_001 and np.all(np.isfinite(tr.t)) and np.all(np.diff(tr.t) > 0)


# --------------------------------------------------------------------------- delicate limits
HUGE = [-np.finfo(float).max, -1e308, -1e300, -3.0, 0.0, 5e-324, 2.0, 1e300, 1e308, np.finfo(float).max]


@settings(max_examples=150, deadline=None)
@given(v=st.sampled_from(HUGE) | st.floats(-1e308, 1e308), h=st.sampled_from(HUGE) | st.floats(-1e308, 1e308),
       rates=st.sampled_from([*studies.FIG6_SETS.values(), studies.WIDE_SP]))
def test_huge_bias_and_field_give_finite_results_without_warning(v, h, rates):
    code = nm.reduced_classify(bias=v, field=h, params=rates)
    assert int(code) in nm.NMD_PHASE_LABELS or int(code) == 0
    u = np.array([-1.0, -0.3, 0.4, 1.0])
    for out in (nm.reduced_current(u, bias=v, field=h, params=rates),
                nm.reduced_udot(u, bias=v, field=h, params=rates),
                *nm.reduced_fixed_points(bias=v, field=h, params=rates)):
        assert np.all(np.isfinite(np.asarray(out, dtype=float)))


def test_huge_bias_and_field_classify_as_the_closed_and_open_channel_limits():
    """Far outside every threshold the channels are all closed (v -> -inf) or the flow is the
    field's (|h| -> inf): the phase is the limit's, exactly, with no overflow warning."""
    r = R
    big = np.finfo(float).max
    # v -> -inf: no electron enters, bath only; h huge positive/negative selects +1/-1
    assert int(nm.reduced_classify(bias=-big, field=1.0, params=r)) == nm.PLUS
    assert int(nm.reduced_classify(bias=-big, field=-1.0, params=r)) == nm.MINUS
    assert int(nm.reduced_classify(bias=-big, field=big, params=r)) == nm.PLUS
    assert int(nm.reduced_classify(bias=big, field=-big, params=r)) == nm.MINUS
    # v -> -inf: no current at all
    assert float(nm.reduced_current(0.3, bias=-big, field=1.0, params=r)) == 0.0


def test_simulate_master_spin_half_with_a_minority_level_has_no_nan():
    p = nm.Nanomagnet(spin=0.5, anisotropy=0.0, orbital=-1, temperature=0.5, damping=0.5,
                      leads=(nm.Lead(rate_majority=1.0, rate_minority=1.0, chemical_potential=1.0),))
    tr = nm.simulate_master(params=p, t_end=50.0, seed=1)
    assert np.all(np.isfinite(tr.u)) and set(np.unique(tr.charge)) == {0, 1}
    assert np.all(tr.u[tr.charge == 1] == 0.0)  # S0' = 0: no direction
    u, prob = nm.spin_distribution(params=p)
    assert np.all(np.isfinite(u)) and prob.sum() == pytest.approx(1.0)


@pytest.mark.parametrize("name, kwargs, text", [
    ("grain_for_reduced", {"params": R, "spin": 10, "bias": 1.0, "field": 1e308}, "field=1e+308"),
    ("grain_for_reduced", {"params": R, "spin": 10, "bias": 1.0, "field": 1.0, "temperature": 1e308},
     "temperature=1e+308"),
])
def test_messages_name_the_parameter_the_caller_passed(name, kwargs, text):
    with pytest.raises(SpinlibInputError) as info:
        getattr(nm, name)(**kwargs)
    assert text in str(info.value)
    assert "chemical_potential" not in str(info.value)


@pytest.mark.parametrize("bad", [1, 0, 1.0, "no", "True", None, 2])
def test_the_bool_flag_accepts_only_true_or_false(bad):
    for ok in (True, False):
        assert nm.Level(addition_energy=0.0, orbital=1, occupied=ok).occupied is ok
    with pytest.raises(SpinlibInputError, match="occupied must be True or False") as info:
        nm.Level(addition_energy=0.0, orbital=1, occupied=bad)
    assert repr(bad) in str(info.value)
