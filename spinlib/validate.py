"""Argument checks shared by every spinlib module.

Each check returns the value as a float NumPy array (so callers can broadcast)
or raises :class:`SpinlibInputError` whose message names the parameter as the
caller spelled it, quotes the value the caller passed and states the allowed
range, e.g.::

    SpinlibInputError: damping must be >= 0; got -0.1

:class:`SpinlibInputError` is both a :class:`ValueError` and a
:class:`TypeError`: a wrong *type* (``None``, ``True``, ``"1.0"``, ``1j``, a
parameter object of the wrong class) and a wrong *value* (NaN, out of range)
are reported the same way and can be caught as either.

Accepted numbers are real: Python ``int``/``float``, NumPy integer and floating
scalars and arrays. Booleans, strings, complex numbers, ``None`` and object
arrays are refused, never coerced (``orientation=True`` is an error, not +1).
"""

from __future__ import annotations

import dataclasses
import numbers

import numpy as np

__all__ = [
    "SpinlibInputError",
    "finite",
    "positive",
    "nonnegative",
    "in_range",
    "unit_vector",
    "choice",
    "count",
    "instance",
    "check_fields",
    "scalar",
    "step_grid",
    "show",
    "finite_result",
]


class SpinlibInputError(ValueError, TypeError):
    """Invalid argument: names the parameter, quotes the value, states the allowed range."""


def show(value) -> str:
    """The caller's value, quoted for a message (shortened for large arrays)."""
    if isinstance(value, np.ndarray) and value.size > 6:
        return f"array of shape {value.shape} (offending entries present)"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real error
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= 200 else text[:197] + "..."


_show = show  # the former private name, kept for callers outside this package


def _real_array(name: str, value) -> np.ndarray:
    """``value`` as a float array, refusing everything that is not a real number."""
    if value is None or isinstance(value, (bool, np.bool_, str, bytes, complex, np.complexfloating)):
        raise SpinlibInputError(f"{name} must be a real number or array of real numbers; got {show(value)}")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return np.asarray(value, dtype=float)
    try:
        raw = np.asarray(value)
    except (TypeError, ValueError) as exc:  # ragged nested lists and the like
        raise SpinlibInputError(
            f"{name} must be a real number or array of real numbers; got {show(value)}"
        ) from exc
    if raw.dtype.kind not in "iuf" or (isinstance(value, list | tuple) and _holds_bool(value)):
        raise SpinlibInputError(
            f"{name} must be a real number or array of real numbers; got {show(value)}"
        )
    return raw.astype(float)


def _holds_bool(items) -> bool:
    """Whether a nested list/tuple holds a bool: NumPy turns ``(True, 0, 0)`` into integers."""
    return any(isinstance(x, bool | np.bool_) or (isinstance(x, list | tuple) and _holds_bool(x))
               for x in items)


def finite(name: str, value) -> np.ndarray:
    """Return ``value`` as a float array; reject non-real types, NaN and infinities."""
    arr = _real_array(name, value)
    if not np.all(np.isfinite(arr)):
        raise SpinlibInputError(f"{name} must be finite (no NaN or inf); got {show(value)}")
    return arr


def positive(name: str, value) -> np.ndarray:
    """Return ``value`` as a float array; require every entry > 0."""
    arr = finite(name, value)
    if np.any(arr <= 0):
        raise SpinlibInputError(f"{name} must be > 0; got {show(value)}")
    return arr


def nonnegative(name: str, value) -> np.ndarray:
    """Return ``value`` as a float array; require every entry >= 0."""
    arr = finite(name, value)
    if np.any(arr < 0):
        raise SpinlibInputError(f"{name} must be >= 0; got {show(value)}")
    return arr


def in_range(
    name: str,
    value,
    lo: float = -np.inf,
    hi: float = np.inf,
    *,
    lo_open: bool = False,
    hi_open: bool = False,
) -> np.ndarray:
    """Return ``value`` as a float array; require lo <= value <= hi.

    ``lo_open``/``hi_open`` make the corresponding bound strict. The message
    states the interval in standard notation, e.g. ``[-1, 1]`` or ``(0, 1]``.
    """
    arr = finite(name, value)
    below = arr <= lo if lo_open else arr < lo
    above = arr >= hi if hi_open else arr > hi
    if np.any(below) or np.any(above):
        interval = f"{'(' if lo_open else '['}{lo:g}, {hi:g}{')' if hi_open else ']'}"
        raise SpinlibInputError(f"{name} must lie in {interval}; got {show(value)}")
    return arr


def scalar(name: str, value, check=finite, **bounds) -> float:
    """Return ``value`` as a Python ``float`` after ``check(name, value, **bounds)``; refuse arrays.

    For parameters that are one number by nature (a tolerance, a duration, a step):
    an array, even of one element, is refused with a message naming the parameter.
    """
    arr = check(name, value, **bounds)
    if arr.ndim != 0:
        raise SpinlibInputError(f"{name} must be a single number, not an array; got shape {arr.shape}: "
                                f"{show(value)}")
    return float(arr)


def step_grid(t_end, n_steps, n_out, *, max_steps: int) -> tuple[float, int, int]:
    """Return ``(t_end, n_steps, n_out)`` of a fixed-step integrator's output grid, checked.

    ``t_end`` one number > 0, ``n_steps`` an integer in [1, ``max_steps``], ``n_out`` (``None``
    for every step) an integer in [1, ``n_steps``] that divides ``n_steps``, so that the saved
    states fall on steps.
    """
    t_end = scalar("t_end", t_end, positive)
    n_steps = count("n_steps", n_steps, minimum=1, maximum=max_steps)
    n_out = n_steps if n_out is None else count("n_out", n_out, minimum=1, maximum=n_steps)
    if n_steps % n_out:
        raise SpinlibInputError(f"n_out must divide n_steps={n_steps}; got {n_out!r}")
    return t_end, n_steps, n_out


def finite_result(result, **inputs):
    """Return ``result`` if every entry is finite; else raise naming and quoting ``inputs``.

    For results of valid-looking input that are not representable as floats (a product of huge
    arguments, a quotient by a tiny one): compute them under ``np.errstate(over="ignore",
    divide="ignore", invalid="ignore")`` and pass them here, with the caller's arguments as
    keywords, so the caller gets a named error instead of a RuntimeWarning and ``inf``/NaN.
    """
    if np.all(np.isfinite(result)):
        return result
    given = ", ".join(f"{k}={show(v)}" for k, v in inputs.items())
    names = ", ".join(inputs)
    raise SpinlibInputError(f"{names} out of the representable range: the result overflows the float "
                            f"range; got {given}")


def unit_vector(name: str, value, *, single: bool = False) -> np.ndarray:
    """Return ``value`` (shape ``(..., 3)``, or ``(3,)`` with ``single=True``) normalised to unit length.

    Rejects wrong shapes and zero vectors, whose direction is undefined. Any
    finite nonzero vector is accepted, however tiny or huge: it is rescaled by
    its largest component before the norm is taken, so nothing under- or
    overflows. ``single=True`` is for a parameter that is one direction by
    nature (a spin to prepare, not a batch of them): a stack of vectors is
    then refused.
    """
    arr = finite(name, value)
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise SpinlibInputError(f"{name} must have shape (..., 3); got shape {arr.shape}: {show(value)}")
    scale = np.max(np.abs(arr), axis=-1, keepdims=True)
    if np.any(scale == 0):
        raise SpinlibInputError(
            f"{name} must be a nonzero 3-vector (its direction is used); got {show(value)}")
    if single and arr.ndim != 1:
        raise SpinlibInputError(f"{name} must be one 3-vector; got shape {arr.shape}: {show(value)}")
    scaled = arr / scale
    return scaled / np.linalg.norm(scaled, axis=-1, keepdims=True)


def choice(name: str, value, allowed) -> object:
    """Return ``value`` if it is one of ``allowed`` (compared by type and value); otherwise raise.

    Booleans never match numbers (``True`` is not ``1`` here) and arrays never
    match anything, so the error is a clear message instead of NumPy's
    "truth value is ambiguous".
    """
    allowed = list(allowed)
    if not isinstance(value, np.ndarray | list | tuple | dict | set):
        for option in allowed:
            same_kind = isinstance(value, bool | np.bool_) == isinstance(option, bool | np.bool_)
            try:
                if same_kind and bool(value == option):
                    return option
            except (TypeError, ValueError):
                continue
    raise SpinlibInputError(f"{name} must be one of {allowed!r}; got {show(value)}")


def count(name: str, value, *, minimum: int = 0, maximum: int | None = None) -> int:
    """Return ``value`` as a Python ``int``; require an integer in [minimum, maximum].

    Integral floats (``3.0``) are accepted; ``2.5``, NaN, inf, booleans and
    strings are refused (never truncated).
    """
    bad_type = value is None or isinstance(value, (bool, np.bool_, str, bytes))
    if not bad_type and isinstance(value, numbers.Real):
        f = float(value)
        if np.isfinite(f) and f == int(f):
            n = int(f)
            if n >= minimum and (maximum is None or n <= maximum):
                return n
    upper = "" if maximum is None else f" and <= {maximum}"
    raise SpinlibInputError(f"{name} must be an integer >= {minimum}{upper}; got {show(value)}")


def instance(name: str, value, cls: type):
    """Return ``value`` if it is an instance of ``cls`` (a parameter dataclass); otherwise raise."""
    if not isinstance(value, cls):
        raise SpinlibInputError(f"{name} must be a {cls.__name__} instance; got {show(value)}")
    return value


def check_fields(obj, **rules) -> None:
    """Validate the fields of a frozen parameter dataclass in its ``__post_init__``.

    ``rules`` maps a field name to a check of this module given as a callable
    ``check(name, value)`` (e.g. ``positive`` or ``lambda n, v: in_range(n, v, -1, 1)``).
    Each validated scalar is stored back as a Python ``float`` (so parameters
    never hold NumPy arrays or integers of the caller's type).
    """
    for field_name, check in rules.items():
        value = getattr(obj, field_name)
        checked = check(field_name, value)
        if isinstance(checked, np.ndarray) and checked.ndim == 0:
            object.__setattr__(obj, field_name, float(checked))
    if dataclasses.is_dataclass(obj):
        unknown = set(rules) - {f.name for f in dataclasses.fields(obj)}
        if unknown:  # a rule naming no field is a programming error, not an input error
            raise AttributeError(f"no such field(s): {sorted(unknown)}")
