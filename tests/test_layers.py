"""The allowed imports between spinlib's layers (DESIGN.md, "Layout"): figures -> studies ->
derivation/physics -> shared, one way, with no cycle.

Every module of spinlib is classified by its place in the tree:

* shared, topic-free: ``spinlib/<name>.py`` (validate, units, markov, display, style, live, widgets, roadmap);
* a topic's physics: ``spinlib/<topic>/<name>.py`` other than the three kinds below;
* a topic's derivation (SymPy): ``spinlib/<topic>/derivation*.py``;
* a topic's studies (presets, the numbers pages quote): ``spinlib/<topic>/studies.py``;
* a topic's drawing: ``spinlib/<topic>/figures*.py``;
* a topic's ``__init__``: it re-exports the physics API only, so ``import spinlib.<topic>`` stays light.

The rules are read from the source with ``ast`` (no import is executed) and checked on every
module; the checker itself is tested on violations made up for the purpose, so it cannot pass by
finding nothing.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "spinlib"

#: what each shared module may import from spinlib (its own floor first)
SHARED = {
    "validate": set(),
    "units": {"validate"},
    "markov": {"validate", "_gth"},
    "_gth": {"validate"},  # markov's elimination kernels (private)
    "display": {"validate"},
    "style": set(),
    "live": set(),
    "widgets": {"validate", "style", "live"},
    "roadmap": {"style", "widgets"},
    "__init__": set(),
}
NUMERIC_SHARED = {"validate", "units", "markov"}
#: third-party packages a layer must not import (drawing and algebra stay out of the numerics)
FORBIDDEN_THIRD_PARTY = {
    "physics": {"matplotlib", "sympy", "ipywidgets", "IPython", "PIL"},
    "derivation": {"matplotlib", "ipywidgets", "IPython", "PIL"},
    "studies": {"matplotlib", "ipywidgets", "IPython", "PIL"},
    "package": {"matplotlib", "sympy", "ipywidgets", "IPython", "PIL"},
}


def kind_of(module: str) -> str:
    """Layer of a dotted spinlib module name (``spinlib.nanomagnet.figures`` -> ``figures``)."""
    parts = module.split(".")[1:]
    if len(parts) <= 1:
        return "shared"
    leaf = parts[-1]
    if leaf == "__init__":
        return "package"
    if leaf.startswith("figures"):
        return "figures"
    if leaf.startswith("derivation"):
        return "derivation"
    if leaf == "studies" or leaf.startswith("studies_"):
        return "studies"
    return "physics"


def imports_of(source: str, module: str) -> set[str]:
    """Absolute names imported by a module's source (relative imports resolved; for
    ``from X import y`` both ``X`` and ``X.y`` are listed, since ``y`` may be a submodule)."""
    names: set[str] = set()
    is_package = module.endswith(".__init__")
    parts = module.split(".")[:-1] if is_package else module.split(".")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts if is_package else parts[:-1]
                base = base[: len(base) - (node.level - 1)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            names.update(f"{prefix}.{alias.name}" for alias in node.names)
    return names


def _existing(name: str) -> str | None:
    """The spinlib module a dotted name refers to (``spinlib.x.y`` for a module or package), or
    None when it is an attribute (a function imported from a module)."""
    path = ROOT.joinpath(*name.split("."))
    if (path / "__init__.py").exists():
        return f"{name}.__init__"
    if path.with_suffix(".py").exists() or path.name.startswith(("figures", "derivation", "studies")):
        return name
    return None


def violations(module: str, source: str) -> list[str]:
    """Every import of ``module`` that breaks the layer rules, as readable sentences."""
    kind = kind_of(module)
    topic = module.split(".")[1] if kind != "shared" else None
    found = []
    for name in sorted(imports_of(source, module)):
        top = name.split(".")[0]
        if top != "spinlib":
            if top in FORBIDDEN_THIRD_PARTY.get(kind, set()):
                found.append(f"{module} ({kind}) imports {name}")
            continue
        if name in ("spinlib", module.rsplit(".", 1)[0] if kind != "package" else ""):
            continue
        target = _existing(name)
        if target is None or target in ("spinlib.__init__", module):
            continue
        tkind = kind_of(target)
        tname = target.split(".")[1]
        if kind == "shared":
            own = module.split(".")[1]
            if tkind != "shared" or tname not in SHARED.get(own, set()):
                found.append(f"shared {module} imports {target}")
        elif kind == "physics":
            if not ((tkind == "shared" and tname in NUMERIC_SHARED) or tkind == "physics"
                    or (tkind == "package" and tname != topic)):
                found.append(f"{module} (physics) imports {target} ({tkind})")
        elif kind == "package":
            if not ((tkind == "shared" and tname in NUMERIC_SHARED)
                    or (tkind == "physics" and tname == topic)):
                found.append(f"{module} (package) imports {target} ({tkind})")
        elif kind == "derivation":
            if not ((tkind == "shared" and tname in NUMERIC_SHARED) or tkind in ("physics", "package")
                    or (tkind == "derivation" and tname == topic)):
                found.append(f"{module} (derivation) imports {target} ({tkind})")
        elif kind == "studies":
            if not ((tkind == "shared" and tname in NUMERIC_SHARED | {"display"})
                    or tkind in ("physics", "package", "derivation", "studies")):
                found.append(f"{module} (studies) imports {target} ({tkind})")
        elif kind == "figures":
            if tkind == "shared" and tname == "__init__":
                found.append(f"{module} imports the spinlib package itself")
    return found


def spinlib_modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(ROOT).with_suffix("")
        out[".".join(rel.parts)] = path
    return out


MODULES = spinlib_modules()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_module_respects_the_layers(module):
    assert violations(module, MODULES[module].read_text()) == []


def test_every_topic_has_the_four_layers_and_small_modules():
    """Each topic package has physics, a derivation, studies and figures; no physics module is
    over ~600 lines (readable size)."""
    topics = sorted({m.split(".")[1] for m in MODULES if kind_of(m) != "shared"})
    assert len(topics) >= 6
    for topic in topics:
        kinds = {kind_of(m) for m in MODULES if m.split(".")[1] == topic and len(m.split(".")) == 3}
        assert {"physics", "derivation", "studies", "figures", "package"} <= kinds, (topic, kinds)
    for module, path in MODULES.items():
        if kind_of(module) == "physics":
            n = len(path.read_text().splitlines())
            assert n <= 650, f"{module} has {n} lines"


def test_no_import_cycle():
    graph = {}
    for module, path in MODULES.items():
        own_package = module.rsplit(".", 1)[0] + ".__init__"  # `from . import x` in a package module
        targets = {_existing(n) for n in imports_of(path.read_text(), module) if n.startswith("spinlib")}
        graph[module] = targets - {None, module, own_package}
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    cycles: list[str] = []

    def visit(node, stack):
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:  # a back edge: nxt imports, through the stack, itself
                cycles.append(" -> ".join([*stack, node, nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, node])
        state[node] = 2

    for module in graph:
        if module not in state:
            visit(module, [])
    assert len(graph) == len(MODULES) > 10, sorted(graph)
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def test_importing_a_topic_loads_neither_matplotlib_nor_sympy():
    """The physics API is light: a student's `from spinlib import nanomagnet` pulls in NumPy and
    SciPy only (checked in a fresh interpreter, where nothing else was imported before)."""
    topics = sorted({m.split(".")[1] for m in MODULES if kind_of(m) == "package"})
    code = ("import sys\nimport " + ", ".join(f"spinlib.{t}" for t in topics) + "\n"
            "print(sorted(m for m in ('matplotlib', 'sympy', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(("module", "source", "expected"), [
    ("spinlib.nanomagnet.grain", "from . import figures", "imports spinlib.nanomagnet.figures (figures)"),
    ("spinlib.nanomagnet.grain", "from .studies import WIDE", "imports spinlib.nanomagnet.studies (studies)"),
    ("spinlib.nanomagnet.grain", "import matplotlib.pyplot", "imports matplotlib.pyplot"),
    ("spinlib.nanomagnet.grain", "from ..widgets import Slider", "imports spinlib.widgets (shared)"),
    ("spinlib.activation.studies", "from .figures import x", "imports spinlib.activation.figures (figures)"),
    ("spinlib.activation.studies", "from matplotlib.figure import Figure", "imports matplotlib.figure"),
    ("spinlib.manybody.derivation", "from . import studies", "imports spinlib.manybody.studies (studies)"),
    ("spinlib.validate", "from .macrospin import llg", "shared spinlib.validate imports"),
    ("spinlib.nanomagnet.__init__", "from . import figures", "imports spinlib.nanomagnet.figures (figures)"),
])
def test_the_checker_finds_made_up_violations(module, source, expected):
    found = violations(module, source)
    assert any(expected in v for v in found), found


def test_the_checker_accepts_the_allowed_directions():
    allowed = {
        "spinlib.nanomagnet.figures": "from . import studies, grain\nfrom ..style import FONT",
        "spinlib.nanomagnet.studies": "from . import grain, derivation\nfrom ..markov import x",
        "spinlib.nanomagnet.grain": "from ..macrospin import uniaxial\nfrom ..validate import f",
    }
    for module, source in allowed.items():
        assert violations(module, source) == []
