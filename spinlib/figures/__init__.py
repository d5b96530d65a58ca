"""The chapters' figures and interactive explorers, one module per chapter.

Every function decorated with :func:`explorer` returns a
:class:`spinlib.widgets.Explorer`; the registry lets the benchmark and the tests
visit every widget of the book.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable

EXPLORERS: dict[str, Callable] = {}


def explorer(func: Callable) -> Callable:
    """Register an explorer factory under ``module.function`` name."""
    EXPLORERS[f"{func.__module__.rsplit('.', 1)[-1]}.{func.__name__}"] = func
    return func


def all_explorers() -> dict[str, Callable]:
    """Import every figures module and return the registry."""
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return dict(EXPLORERS)
