"""Contract fuzz of every public callable of the finished spinlib modules (engineer K).

For each public function, dataclass constructor and classmethod of llg, uniaxial,
spincurrent, mat, units, validate and display, start from a valid baseline call
(table ``BASELINES``) and substitute, one parameter at a time, a list of bad or
edge values. Each outcome is classified (DESIGN.md, "Conventions" and "Standards
for tests, speed and robustness"):

* ok        SpinlibInputError/ValueError/TypeError naming the parameter and quoting the value,
            or a finite return without warnings for a value that may be valid;
* other-exc any other exception type (AttributeError, IndexError, ZeroDivisionError, ...);
* unnamed   ValueError/TypeError whose message does not name the parameter or quote the value;
* nan-warn  a return containing NaN, or a RuntimeWarning;
* accepted  an invalid input (NaN, inf, bool, str, None, complex, object) silently accepted.

Run: ``.venv/bin/python tools/fuzz_contract.py [-v] [module ...]``. Exit status 1 if any defect.
"""

from __future__ import annotations

import collections
import dataclasses
import inspect
import resource
import signal
import sys
import warnings

import numpy as np

from spinlib import display, units, validate
from spinlib.macrospin import llg, uniaxial
from spinlib.magnon_transport import junction as mat
from spinlib.spincurrent import scattering as spincurrent

MODULES = {
    "llg": llg,
    "uniaxial": uniaxial,
    "spincurrent": spincurrent,
    "mat": mat,
    "units": units,
    "validate": validate,
    "display": display,
}

P0 = llg.thin_film_preset()
TR0 = llg.integrate([1.0, 0.1, 0.0], params=P0, current=0.0, t_end=1.0, n_steps=10)
UM = uniaxial.UniaxialMacrospin()
JP = mat.JunctionParams()
RPT = spincurrent.ResonantPerpTorque()
TH = dict(field=0.1, hk=0.05, demag=1.0, alpha=0.02, q=1.0, A=1.0, B=0.2)

# Valid baseline keyword arguments for each public callable (positional ones by name).
BASELINES = {
    # llg
    "llg.MacrospinParams": dict(
        field=[0, 0, 0.1],
        hk=0.1,
        easy_axis=[1, 0, 0],
        demag=1.0,
        normal=[0, 0, 1],
        alpha=0.01,
        fixed=[1, 0, 0],
        q=1.0,
        A=1.0,
        B=0.2,
    ),
    "llg.MacrospinParams.replace": dict(self=P0, alpha=0.02),
    "llg.NanopillarPreset": dict(ms=1e6, volume=1e-23, alpha=0.01, hk=1e4, polarization=0.3),
    "llg.NanopillarPreset.coefficients": dict(self=llg.NanopillarPreset()),
    "llg.NanopillarPreset.critical_current": dict(self=llg.NanopillarPreset(), field=0.0),
    "llg.Trajectory": dict(t=np.linspace(0, 1, 3), m=np.array([[1.0, 0, 0]] * 3)),
    "llg.classify_end_state": dict(traj=TR0, axis=[1, 0, 0], tol=0.02),
    "llg.critical_current": dict(TH),
    "llg.critical_current_ll_insertion": dict(TH),
    "llg.critical_current_si": dict(field=0.0, hk=1e4, ms=1e6, volume=1e-23, alpha=0.01, q=1.0, A=1.0, B=0.2),
    "llg.current_unit": dict(ms=1e6, volume=1e-23),
    "llg.effective_field": dict(m=[1.0, 0.0, 0.0], params=P0),
    "llg.energy": dict(m=[1.0, 0.0, 0.0], params=P0),
    "llg.growth_rate": dict(params=P0, current=0.01, amplitude=1e-5, t_end=10.0, n_steps=100),
    "llg.integrate": dict(m0=[1.0, 0.1, 0.0], params=P0, current=0.1, t_end=1.0, n_steps=10, n_out=5),
    "llg.isotropic_cone_cos": dict(current=0.2, field=1.0, alpha=0.1, q=0.5, A=1.0, B=-0.5),
    "llg.isotropic_preset": dict(field=1.0, alpha=0.1, asymmetry=0.2),
    "llg.linear_growth_rate": dict(TH, current=0.1),
    "llg.linear_switching_time": dict(TH, current=0.1, tilt=0.05),
    "llg.llg_rhs": dict(m=[1.0, 0.2, 0.0], params=P0, current=0.1),
    "llg.max_stable_step": dict(params=P0, current=0.1),
    "llg.simulated_critical_current": dict(
        params=P0, bracket=(0.01, 0.05), amplitude=1e-5, t_end=20.0, n_steps=200, rtol=1e-3, max_iter=3
    ),
    "llg.slonczewski_coefficients": dict(polarization=0.3),
    "llg.slonczewski_eta": dict(cos_theta=0.3, q=1.0, A=1.0, B=0.2),
    "llg.slonczewski_torque": dict(m=[1.0, 0.2, 0.0], params=P0, current=0.1),
    "llg.switching_time": dict(traj=TR0, axis=[1, 0, 0]),
    "llg.thin_film_preset": dict(field=0.0, hk=0.05, alpha=0.05, asymmetry=0.2),
    "llg.time_unit": dict(ms=1e6),
    # uniaxial
    "uniaxial.UniaxialMacrospin": dict(asymmetry=0.5, alpha=0.5),
    "uniaxial.attractor": dict(u0=0.3, field=0.2, current=0.1, asymmetry=0.5),
    "uniaxial.boundary_currents": dict(field=0.2, asymmetry=0.5),
    "uniaxial.classify": dict(field=0.2, current=0.1, asymmetry=0.5),
    "uniaxial.discriminant": dict(field=0.2, current=0.1, asymmetry=0.5),
    "uniaxial.exact_fallback_count": dict(field=0.2, current=0.1, asymmetry=0.5),
    "uniaxial.fixed_points": dict(field=0.2, current=0.1, asymmetry=0.5),
    "uniaxial.hysteresis_loop": dict(currents=np.linspace(-1, 1, 5), field=0.2, asymmetry=0.5, u_start=1.0),
    "uniaxial.integrate_llg": dict(
        m0=[0.1, 0.0, 0.99], field=0.2, current=0.1, params=UM, t_end=1.0, n_steps=10, n_out=5
    ),
    "uniaxial.interior_fixed_points": dict(field=0.2, current=0.1, asymmetry=0.5),
    "uniaxial.llg_current": dict(current=0.1, params=UM),
    "uniaxial.macrospin_params": dict(field=0.2, params=UM),
    "uniaxial.precession_frequency": dict(u=0.3, field=0.2),
    "uniaxial.relaxation_time": dict(u=0.3, field=0.2, current=0.1, asymmetry=0.5),
    "uniaxial.special_points": dict(asymmetry=0.5),
    "uniaxial.stability_margins": dict(field=0.2, current=0.1, asymmetry=0.5),
    "uniaxial.udot": dict(u=0.3, field=0.2, current=0.1, asymmetry=0.5),
    "uniaxial.udot_slope": dict(u=0.3, field=0.2, current=0.1, asymmetry=0.5),
    # spincurrent
    "spincurrent.ResonantPerpTorque": dict(background=0.02, amplitude=0.05, center=0.3, width=0.2),
    "spincurrent.ResonantPerpTorque.derivative": dict(self=RPT, energy=0.1),
    "spincurrent.ResonantPerpTorque.__call__": dict(self=RPT, energy=0.1),
    "spincurrent.StepModel": dict(q_up=0.0, q_down=0.8),
    "spincurrent.StepModel.from_ratio": dict(ratio=0.5),
    "spincurrent.fermi_average_asymptote": dict(depth=5.0, theta=1.0, ratio=0.5, terms=1),
    "spincurrent.filter_torque": dict(
        theta=1.0, t_up=0.6, t_down=0.8, r_up=-0.8, r_down=0.6j, k=1.0, rtol=1e-9
    ),
    "spincurrent.incident_spin_current": dict(k=1.0, theta=1.0),
    "spincurrent.max_fermi_depth": dict(n_nodes=48),
    "spincurrent.perpendicular_torque_bias_change": dict(bias=0.1, n_perp=RPT, fermi_energy=0.0, n_nodes=48),
    "spincurrent.perpendicular_torque_quadratic": dict(bias=0.1, dn_perp_at_fermi=0.3),
    "spincurrent.plane_wave_spin_current": dict(a=0.6, b=0.8, k=1.0, direction=1),
    "spincurrent.precession_period": dict(k=1.0, q_down=0.5, q_up=0.0),
    "spincurrent.reflected_spin_current": dict(k=1.0, theta=1.0, q_down=0.5, q_up=0.0),
    "spincurrent.spinor": dict(theta=1.0),
    "spincurrent.step_amplitudes": dict(k=1.0, q_down=0.5, q_up=0.0),
    "spincurrent.transmitted_spin_current": dict(depth=2.0, k=1.0, theta=1.0, q_down=0.5, q_up=0.0),
    "spincurrent.transverse_decay_constant": dict(k=1.0, q_down=1.5, q_up=0.0),
    "spincurrent.transverse_spin_current_profile": dict(
        depth=2.0, theta=1.0, ratio=0.5, average="fermi", n_nodes=128
    ),
    # mat
    "mat.JunctionParams": dict(lead_polarization=0.2, island_polarization=0.2, spin_ratio=25.0, spin=1e4),
    "mat.bose_energy": dict(energy=0.5, temperature=0.3),
    "mat.conductance_parts": dict(bias=0.5, temperature=0.3, params=JP, orientation=-1),
    "mat.critical_bias": dict(params=JP, orientation=-1),
    "mat.crossover_temperature_K": dict(frequency_GHz=10.0),
    "mat.current": dict(bias=0.5, temperature=0.3, params=JP, orientation=-1),
    "mat.elastic_conductance": dict(magnon=2.0, params=JP, orientation=-1),
    "mat.electron_hole_derivatives": dict(bias=0.5, temperature=0.3),
    "mat.electron_hole_functions": dict(bias=0.5, temperature=0.3),
    "mat.equilibrium_magnon_number": dict(temperature=0.3),
    "mat.inelastic_current": dict(bias=0.5, magnon=2.0, temperature=0.3, params=JP, orientation=-1),
    "mat.magnon_number": dict(bias=0.5, temperature=0.3, params=JP, orientation=-1),
    "mat.quantum_classical_crossover": dict(bias=0.5, params=JP, orientation=-1),
    "mat.resistance": dict(bias=0.5, temperature=0.3, params=JP, orientation=-1),
    "mat.resistance_slope": dict(bias=0.5, temperature=0.3, params=JP, orientation=-1),
    "mat.steady_state": dict(bias=0.5, temperature=0.3, params=JP, orientation=-1),
    "mat.stt_mat_ratio": dict(bias=0.5, temperature=0.3, params=JP, orientation=-1),
    # units
    "units.tesla_to_ghz": dict(field_T=1.0),
    "units.ghz_to_kelvin": dict(freq_GHz=10.0),
    # validate (the checks themselves: the parameter under test is ``value``)
    "validate.finite": dict(name="x", value=1.0),
    "validate.positive": dict(name="x", value=1.0),
    "validate.nonnegative": dict(name="x", value=1.0),
    "validate.in_range": dict(name="x", value=0.5, lo=0.0, hi=1.0),
    "validate.unit_vector": dict(name="x", value=[1.0, 2.0, 2.0]),
    "validate.choice": dict(name="x", value=1, allowed=(1, -1)),
    "validate.scalar": dict(name="x", value=1.0),
    "validate.count": dict(name="x", value=3, minimum=0),
    "validate.instance": dict(name="x", value=JP, cls=mat.JunctionParams),
    # display
    "display.latex": dict(),
    "display.aligned": dict(),
    "display.glue_math": dict(name="eq"),
    "display.glue_number": dict(name="x", value=1.5),
}

# Result containers and programming helpers: not fuzzed (built by spinlib itself).
SKIP = {
    "mat.ConductanceParts",
    "mat.SteadyState",
    "spincurrent.StepAmplitudes",
    "validate.check_fields",
    "validate.finite_result",
    "validate.show",
}
# (callable, parameter, substitution) that are valid input, not defects.
VALID = {("llg.MacrospinParams", "field", "zero-vector")}

# Parameters that are not numbers (skip the numeric substitutions, or fuzz specially).
NON_NUMERIC = {
    "self",
    "params",
    "traj",
    "n_perp",
    "average",
    "name",
    "cls",
    "allowed",
    "rules",
    "parts",
    "rows",
    "changes",
    "obj",
}
# Parameters legitimately complex (spinor amplitudes).
COMPLEX_OK = {("spincurrent.plane_wave_spin_current", p) for p in ("a", "b")} | {
    ("spincurrent.filter_torque", p) for p in ("t_up", "t_down", "r_up", "r_down")
}
# Parameters checked by validate.* for type only in some other sense
VALIDATE_NO_FUZZ = {"lo", "hi", "lo_open", "hi_open", "minimum", "maximum"}
# Parameters for which (+-)inf is a meaningful valid input (none by the contract).
INF_OK: set = set()


def _bad_values(shape):
    """(label, value, must_raise) substitutions for a numeric parameter of baseline shape."""
    out = [
        ("nan", np.nan, True),
        ("inf", np.inf, True),
        ("-inf", -np.inf, True),
        ("True", True, True),
        ("str", "1.0", True),
        ("1j", 1j, True),
        ("None", None, True),
        ("complex-array", np.array([1.0 + 1j, 2.0]), True),
        ("object-array", np.array([1.0, "a"], dtype=object), True),
        ("nan-in-array", np.array([0.5, np.nan]), True),
        ("ragged", [[1.0], [1.0, 2.0]], True),
        ("huge", 1e308, False),
        ("tiny", 5e-324, False),
        ("negative", -0.7, False),
        ("zero", 0, False),
        ("2.5", 2.5, False),
        ("-huge", -1e308, False),
        ("empty", np.array([]), False),
    ]
    if shape == (3,):
        out += [
            ("shape(2,)", np.array([1.0, 0.0]), True),
            ("shape(4,)", np.ones(4), True),
            ("scalar", 1.0, True),
            ("zero-vector", np.zeros(3), True),
            ("huge-vector", np.array([1e308, 1e308, 0.0]), False),
            ("tiny-vector", np.array([5e-324, 0.0, 0.0]), False),
            ("batch(2,3)", np.array([[1.0, 0.1, 0.0], [0.0, 1.0, 0.1]]), False),
        ]
    else:
        out += [
            ("shape(3,1)", np.full((3, 1), 0.1), False),
            ("shape(4,)", np.full(4, 0.1), False),
            ("shape(2,)", np.full(2, 0.1), False),
        ]
    return out


def _names_and_quotes(msg: str, param: str, label: str, value) -> bool:
    if param not in msg:
        return False
    quotes = {
        "nan": ["nan"],
        "inf": ["inf"],
        "-inf": ["-inf"],
        "True": ["True"],
        "str": ["'1.0'"],
        "1j": ["1j"],
        "None": ["None"],
        "complex-array": ["1.+1.j", "1+1j", "(1+1j)", "array"],
        "object-array": ["'a'", "array"],
        "nan-in-array": ["nan", "array"],
        "ragged": ["[[1.0], [1.0, 2.0]]"],
    }.get(label)
    if quotes is None:
        try:
            r = repr(value)
        except Exception:
            r = ""
        quotes = [r, str(value), "array", "shape", validate.show(value)]
    return any(q and q in msg for q in quotes)


def _contains_nan(obj, depth=0) -> bool:
    if depth > 4:
        return False
    if isinstance(obj, (str, bytes)) or obj is None:
        return False
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return any(_contains_nan(getattr(obj, f.name), depth + 1) for f in dataclasses.fields(obj))
    if isinstance(obj, tuple | list):
        return any(_contains_nan(o, depth + 1) for o in obj)
    if isinstance(obj, np.ma.MaskedArray):
        obj = obj.compressed()
    try:
        arr = np.asarray(obj)
        if arr.dtype.kind in "fc":
            return bool(np.any(np.isnan(arr)))
    except Exception:
        return False
    return False


class Hang(Exception):
    """A call ran longer than ``TIME_LIMIT`` seconds (e.g. a huge count accepted as valid)."""


TIME_LIMIT = 20


def _alarm(signum, frame):
    raise Hang(f"no answer within {TIME_LIMIT} s")


def _call(fn, kwargs):
    """Call fn; return ('ret', value, warns) or ('exc', exception, warns)."""
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        signal.signal(signal.SIGALRM, _alarm)
        signal.alarm(TIME_LIMIT)
        try:
            val = fn(**kwargs)  # NumPy's default errstate: underflow is not a warning
            kind, out = "ret", val
        except Exception as exc:  # noqa: BLE001 - classifying is the point
            kind, out = "exc", exc
        finally:
            signal.alarm(0)
    warns = [w for w in rec if issubclass(w.category, RuntimeWarning)]
    return kind, out, warns


def _resolve(key):
    modname, *attrs = key.split(".")
    obj = MODULES[modname]
    for a in attrs:
        obj = getattr(obj, a)
    return obj


def _wrap(key, fn):
    """A callable taking keywords only; positional-only names given by keyword are bound here."""
    params = inspect.signature(fn).parameters
    if "self" in params or key.endswith("__call__") or key.endswith(".derivative"):

        def call(**kw):
            kw = dict(kw)
            self = kw.pop("self")
            return getattr(self, key.rsplit(".", 1)[1])(**kw)

        return call
    return fn


def public_callables():
    keys = []
    for modname, mod in MODULES.items():
        names = set(getattr(mod, "__all__", []))
        names |= {
            n
            for n in dir(mod)
            if not n.startswith("_") and getattr(getattr(mod, n), "__module__", None) == mod.__name__
        }
        for n in sorted(names):
            obj = getattr(mod, n)
            if inspect.ismodule(obj) or not callable(obj):
                continue
            if isinstance(obj, type) and issubclass(obj, Exception):
                continue
            keys.append(f"{modname}.{n}")
            if isinstance(obj, type):
                for a, v in vars(obj).items():
                    if a.startswith("_") and a != "__call__":
                        continue
                    if isinstance(v, classmethod | staticmethod) or inspect.isfunction(v):
                        keys.append(f"{modname}.{n}.{a}")
    return keys


def fuzz(key, verbose=False):
    """Yield (key, param, label, kind, detail) for every defect of one callable."""
    fn = _resolve(key)
    if key in SKIP:
        return
    if key not in BASELINES:
        yield key, "-", "-", "no-baseline", "no baseline in the fuzz table"
        return
    if isinstance(fn, type) and issubclass(fn, tuple):  # NamedTuple result containers
        return
    base = BASELINES[key]
    call = _wrap(key, fn)
    kind, out, warns = _call(call, base)
    if kind == "exc" or warns or _contains_nan(out):
        yield key, "-", "baseline", "baseline-fails", repr(out if kind == "exc" else warns)[:200]
        return
    # dataclass constructors: positional arguments must be refused
    if isinstance(fn, type) and dataclasses.is_dataclass(fn):
        try:
            fn(*base.values())
            yield key, "-", "positional", "accepted", "positional constructor arguments accepted"
        except TypeError:
            pass
    for param, bval in base.items():
        if param == "self":
            continue
        if key.startswith("validate.") and param != "value":
            continue
        if key.startswith("display.") and param != "value":
            continue
        if param in NON_NUMERIC:
            subs = [("None", None, True), ("dict", {}, True), ("int", 3, True)]
        else:
            shape = np.shape(bval) if not isinstance(bval, tuple) else ("tuple",)
            subs = _bad_values(shape)
            if key.startswith("validate.count") or param in (
                "n_steps",
                "n_out",
                "max_iter",
                "n_nodes",
                "terms",
            ):
                subs += [
                    ("2.5-count", 2.5, True),
                    ("nan-count", float("nan"), True),
                    ("negative-count", -1, True),
                    ("inf-count", float("inf"), True),
                ]
        for label, bad, must_raise in subs:
            if (
                bad is None
                and inspect.signature(fn).parameters.get(param) is not None
                and inspect.signature(fn).parameters[param].default is None
            ):
                must_raise = False  # None is this parameter's documented default
            if (key, param) in COMPLEX_OK and label in ("1j", "complex-array"):
                must_raise = False
            if (key, param, label) in VALID:
                continue
            kw = dict(base)
            kw[param] = bad
            shown = base["name"] if key.startswith(("validate.", "display.glue_number")) else param
            kind, out, warns = _call(call, kw)
            if kind == "exc":
                exc = out
                if not isinstance(exc, (ValueError, TypeError)):
                    yield key, param, label, "other-exc", f"{type(exc).__name__}: {exc}"[:200]
                elif not _names_and_quotes(str(exc), shown, label, bad):
                    yield key, param, label, "unnamed", f"{type(exc).__name__}: {exc}"[:200]
                elif verbose:
                    print(f"   ok {key}({param}={label}): {exc}"[:160])
            else:
                if warns:
                    yield key, param, label, "nan-warn", f"RuntimeWarning: {warns[0].message}"[:200]
                elif must_raise:
                    yield key, param, label, "accepted", f"returned {type(out).__name__}"[:200]
                elif _contains_nan(out):
                    yield key, param, label, "nan-warn", "NaN in return"


# Valid-range edges (DESIGN.md: T = 0 exactly, P = +-1, ...): must give finite output, no warning.
EDGES = [
    *[
        (f"mat.{f}", dict(temperature=0.0))
        for f in (
            "bose_energy",
            "conductance_parts",
            "current",
            "electron_hole_derivatives",
            "electron_hole_functions",
            "equilibrium_magnon_number",
            "inelastic_current",
            "magnon_number",
            "resistance",
            "resistance_slope",
            "steady_state",
        )
    ],  # stt_mat_ratio: T > 0 by its docstring (delta functions at T = 0)
    ("mat.JunctionParams", dict(lead_polarization=1.0)),
    ("mat.JunctionParams", dict(lead_polarization=-1.0)),
    ("mat.JunctionParams", dict(island_polarization=1.0)),
    ("mat.JunctionParams", dict(island_polarization=-1.0)),
    ("mat.bose_energy", dict(energy=0.0, temperature=0.0)),
    ("mat.bose_energy", dict(energy=0.0)),
    ("mat.magnon_number", dict(bias=0.0, temperature=0.0)),
    ("spincurrent.spinor", dict(theta=0.0)),
    ("spincurrent.spinor", dict(theta=np.pi)),
    ("spincurrent.incident_spin_current", dict(theta=np.pi)),
    ("spincurrent.reflected_spin_current", dict(theta=0.0)),
    ("spincurrent.transmitted_spin_current", dict(depth=0.0, theta=np.pi)),
    ("spincurrent.transverse_spin_current_profile", dict(depth=0.0, theta=0.0, ratio=0.0)),
    ("spincurrent.transverse_spin_current_profile", dict(ratio=1.0)),
    ("spincurrent.StepModel.from_ratio", dict(ratio=1.0)),
    ("spincurrent.StepModel.from_ratio", dict(ratio=0.0)),
    ("spincurrent.step_amplitudes", dict(q_up=0.0, q_down=1.0 - 2**-52)),
    *[
        (f"uniaxial.{f}", dict(asymmetry=0.0))
        for f in (
            "attractor",
            "classify",
            "discriminant",
            "fixed_points",
            "interior_fixed_points",
            "relaxation_time",
            "stability_margins",
            "udot",
            "udot_slope",
            "hysteresis_loop",
            "boundary_currents",
        )
    ],
    ("uniaxial.udot", dict(u=1.0)),
    ("uniaxial.udot", dict(u=-1.0)),
    ("uniaxial.relaxation_time", dict(u=1.0)),
    ("llg.slonczewski_eta", dict(cos_theta=1.0)),
    ("llg.slonczewski_eta", dict(cos_theta=-1.0)),
    ("llg.critical_current", dict(alpha=0.0)),
    ("llg.linear_switching_time", dict(alpha=0.0)),
    ("llg.integrate", dict(current=0.0, n_out=1)),
    ("llg.isotropic_preset", dict(asymmetry=0.0)),
    ("units.ghz_to_kelvin", dict(freq_GHz=0.0)),
    ("units.tesla_to_ghz", dict(field_T=0.0)),
]


def edge_defects():
    """Valid edges and joint broadcasting (one parameter (3, 1), another (4,))."""
    for key, change in EDGES:
        kw = dict(BASELINES[key], **change)
        kind, out, warns = _call(_wrap(key, _resolve(key)), kw)
        if kind == "exc" or warns or _contains_nan(out):
            yield (
                key,
                ",".join(change),
                f"edge {change}",
                "edge-fails",
                repr(out if kind == "exc" else warns)[:200],
            )
    for key, base in BASELINES.items():
        if key.split(".")[0] in ("validate", "display") or key in SKIP:
            continue
        fn = _resolve(key)
        if isinstance(fn, type) or key in ("uniaxial.exact_fallback_count", "uniaxial.hysteresis_loop"):
            continue  # dataclasses hold broadcastable arrays; a count; a sweep (n_currents,) + batch
        scal = [
            p
            for p, v in base.items()
            if p not in NON_NUMERIC
            and isinstance(v, float | int)
            and not isinstance(v, bool)
            and p
            not in (
                "n_steps",
                "n_out",
                "max_iter",
                "n_nodes",
                "terms",
                "direction",
                "orientation",
                "tol",
                "rtol",
                "t_end",
                "amplitude",
                "fermi_energy",
            )
        ]
        if len(scal) < 2:
            continue
        p1, p2 = scal[:2]
        kw = dict(base)
        kw[p1], kw[p2] = np.full((3, 1), base[p1]), np.full(4, base[p2])
        kind, out, warns = _call(_wrap(key, fn), kw)
        label = f"{p1}:(3,1) x {p2}:(4,)"
        if kind == "exc":
            exc = out
            if not isinstance(exc, ValueError | TypeError) or (p1 not in str(exc) and p2 not in str(exc)):
                yield key, f"{p1},{p2}", label, "broadcast", f"{type(exc).__name__}: {exc}"[:200]
            continue
        first = out
        if isinstance(first, llg.MacrospinParams):
            first = np.empty(first.batch_shape)
        elif isinstance(first, llg.Trajectory):
            first = first.m
        elif dataclasses.is_dataclass(first):
            first = getattr(first, dataclasses.fields(first)[0].name)
        elif isinstance(first, tuple | list):
            first = first[0]
        if isinstance(first, dict):
            continue
        shape = np.shape(first)
        if warns or _contains_nan(out) or shape[:2] != (3, 4):
            yield key, f"{p1},{p2}", label, "broadcast", f"shape {shape}, warnings {len(warns)}"


def main(argv):
    # a huge count accepted as valid must fail here, not take the shared machine's memory
    resource.setrlimit(resource.RLIMIT_AS, (3 * 2**30, 3 * 2**30))
    verbose = "-v" in argv
    only = [a for a in argv if not a.startswith("-")]
    defects = []
    for key in public_callables():
        if only and key.split(".")[0] not in only:
            continue
        for d in fuzz(key, verbose):
            defects.append(d)
            print(" | ".join(map(str, d)))
    if not only or "edges" in only:
        for d in edge_defects():
            defects.append(d)
            print(" | ".join(map(str, d)))
    table = collections.Counter((d[0].split(".")[0], d[3]) for d in defects)
    print("\nDefects by module and kind:")
    for (m, k), n in sorted(table.items()):
        print(f"  {m:12s} {k:15s} {n}")
    print(f"total {len(defects)}")
    return 1 if defects else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
