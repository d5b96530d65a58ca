"""Show derived SymPy results and computed numbers on a page: the one way chapters glue.

Chapters never call ``myst_nb.glue`` or ``sympy.latex`` by hand. They call

* :func:`glue_math` for a derived equation (the SymPy object the tests checked),
* :func:`glue_number` for a number stated in the prose,

and refer to them with ``{glue:math}`` / ``{glue:text}`` in the MyST source.

In the book build, myst-nb is importable and both functions glue. In an exported
notebook (Colab, a download) myst-nb is usually absent: the exporter has already
written the equations and numbers into the Markdown, so both functions return
their value without displaying anything and the notebook runs with spinlib alone.
"""

from __future__ import annotations

import numpy as np
import sympy as sp

from .validate import SpinlibInputError, show

__all__ = ["latex", "aligned", "glue_math", "glue_number"]


def latex(*parts) -> str:
    """Concatenate raw LaTeX strings and SymPy objects (rendered with :func:`sympy.latex`)."""
    return "".join(p if isinstance(p, str) else sp.latex(p) for p in parts)


def aligned(*rows) -> str:
    """An ``aligned`` block: each row is a string or a sequence of parts for :func:`latex`.

    Use it to break an equation that would be wider than the text column
    (672 px on the website, 390 px on a phone): put ``&`` before the relation
    sign in each row.
    """
    body = r"\\ ".join(r if isinstance(r, str) else latex(*r) for r in rows)
    return r"\begin{aligned}" + body + r"\end{aligned}"


def _glue(name: str, value) -> bool:
    try:
        from myst_nb import glue
    except ImportError:  # exported notebook: the value is already in the text
        return False
    glue(name, value, display=False)
    return True


def glue_math(name: str, *parts) -> str:
    """Glue a display equation built from ``parts`` (strings and SymPy objects); return its LaTeX."""
    from IPython.display import Math

    tex = latex(*parts)
    _glue(name, Math(tex))
    return tex


def glue_number(name: str, value: float) -> float:
    """Glue a computed number for ``{glue:text}`name:fmt``` and return it (as a float).

    ``value`` is one finite real number (a Python, NumPy or SymPy number; a 0-d array):
    NaN, inf, booleans, strings, ``None``, complex numbers and arrays are refused with a
    :class:`~spinlib.validate.SpinlibInputError`, so a broken computation never reaches the prose.
    """
    bad = value is None or isinstance(value, (bool, np.bool_, str, bytes, complex, np.complexfloating))
    if isinstance(value, np.ndarray) and value.ndim != 0:
        bad = True
    number = None
    if not bad:
        try:
            number = float(value)
        except (TypeError, ValueError):
            bad = True
    if bad or not np.isfinite(number):
        raise SpinlibInputError(
            f"value must be one finite real number (glued as {name!r}); got {show(value)}")
    _glue(name, number)
    return number
