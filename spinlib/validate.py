"""Argument checks shared by every spinlib module.

Each check returns the value as a float NumPy array (so callers can broadcast)
or raises a :class:`ValueError` whose message names the parameter, the value
received and the allowed range, e.g.::

    ValueError: damping must be >= 0; got -0.1
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "finite",
    "positive",
    "nonnegative",
    "in_range",
    "unit_vector",
    "choice",
]


def _show(value) -> str:
    arr = np.asarray(value)
    if arr.ndim == 0:
        return repr(arr.item())
    return f"array of shape {arr.shape} (offending entries present)"


def finite(name: str, value) -> np.ndarray:
    """Return ``value`` as a float array; reject NaN and infinities."""
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a real number or array of real numbers; got {value!r}") from exc
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf); got {_show(value)}")
    return arr


def positive(name: str, value) -> np.ndarray:
    """Return ``value`` as a float array; require every entry > 0."""
    arr = finite(name, value)
    if np.any(arr <= 0):
        raise ValueError(f"{name} must be > 0; got {_show(value)}")
    return arr


def nonnegative(name: str, value) -> np.ndarray:
    """Return ``value`` as a float array; require every entry >= 0."""
    arr = finite(name, value)
    if np.any(arr < 0):
        raise ValueError(f"{name} must be >= 0; got {_show(value)}")
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
        raise ValueError(f"{name} must lie in {interval}; got {_show(value)}")
    return arr


def unit_vector(name: str, value, *, atol: float = 0.0) -> np.ndarray:
    """Return ``value`` (shape ``(..., 3)``) normalised to unit length.

    Rejects wrong shapes and (near-)zero vectors, whose direction is undefined.
    """
    arr = finite(name, value)
    if arr.ndim == 0 or arr.shape[-1] != 3:
        raise ValueError(f"{name} must have shape (..., 3); got shape {arr.shape}")
    norm = np.linalg.norm(arr, axis=-1, keepdims=True)
    if np.any(norm <= max(atol, 1e-300)):
        raise ValueError(f"{name} must be a nonzero 3-vector (its direction is used); got a zero vector")
    return arr / norm


def choice(name: str, value, allowed) -> object:
    """Return ``value`` if it is one of ``allowed``; otherwise raise."""
    if value not in allowed:
        raise ValueError(f"{name} must be one of {list(allowed)!r}; got {value!r}")
    return value
