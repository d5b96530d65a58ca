"""Every text of every figure of the book is legible where it is shown.

The website's text column is 672 px wide. A PNG of a figure ``w`` inches wide rendered at ``dpi``
is ``w * dpi`` px wide and is shown at its natural size, shrunk to the column when wider. A font
of ``s`` points therefore shows at

    s * dpi / 72 * min(1, 672 / (w * dpi))   CSS px,

and must be at least 10 px. On a 390 px phone (a 358 px column; 336 px for a figure in its
smallest box, an explorer's) the site serves a phone rendition of every figure too wide for it
(``spinlib.style.phone_figure``: 4.1 in wide, panels in one column); the text the phone shows
must be at least 9 px there.

Checked: every registered explorer (spinlib.widgets.all_explorers(), at its default values, at
the resolution of its frames) and every static figure function of spinlib's figures modules (found
automatically: public functions of the chapter modules that need no argument and return a
Figure, at the resolution the book displays them), plus every figure call the pages make.
"""

from __future__ import annotations

import ast
import inspect
import io
from contextlib import contextmanager

import numpy as np
import pytest
from conftest import is_notebook, source_of, toc_files
from matplotlib.figure import Figure
from matplotlib.text import Text

from spinlib import style
from spinlib.widgets import FIGURE_DPI, all_explorers, figure_modules

COLUMN_PX = 672
FLOOR_PX = 10.0

EXPLORERS = all_explorers()


def _needs_no_argument(func) -> bool:
    try:
        params = inspect.signature(func).parameters.values()
    except (TypeError, ValueError):
        return False
    return all(p.default is not p.empty or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD) for p in params)


def figure_functions() -> dict:
    """``module.function`` -> function, for every public, argument-free function of a spinlib figures module
    that is not an explorer factory (whether it returns a Figure is checked when it is called)."""
    explorer_funcs = set(EXPLORERS.values())
    found = {}
    for module in figure_modules():
        for name, func in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or func.__module__ != module.__name__ or func in explorer_funcs:
                continue
            if _needs_no_argument(func):
                found[f"{module.__name__.removeprefix('spinlib.')}.{name}"] = func
    return found


def page_figure_calls() -> list[tuple[str, str]]:
    """(page, call source) for every call of a spinlib.figures function in the book's pages."""
    import jupytext

    calls = []
    for doc in toc_files():
        path = source_of(doc)
        if not is_notebook(path):
            continue
        for cell in jupytext.read(path).cells:
            if cell.cell_type != "code":
                continue
            code = "\n".join(ln[: len(ln) - len(ln.lstrip())] + "pass" if ln.lstrip().startswith(("%", "!"))
                              else ln for ln in cell.source.splitlines())
            try:
                tree = ast.parse(code)
            except SyntaxError:
                continue
            calls += [(doc, ast.unparse(node)) for node in ast.walk(tree)
                      if isinstance(node, ast.Call) and _is_figure_call(node.func, tree)]
    return calls


def _figure_aliases(tree) -> tuple[set, set]:
    modules, functions = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("spinlib"):
            leaf = node.module.rsplit(".", 1)[-1]
            for alias in node.names:
                if alias.name.startswith("figures"):
                    modules.add(alias.asname or alias.name)
                elif leaf.startswith("figures") or leaf == "roadmap":
                    functions.add(alias.asname or alias.name)
    return modules, functions


def _is_figure_call(func, tree) -> bool:
    modules, functions = _figure_aliases(tree)
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
        return func.value.id in modules and not func.attr.endswith("explorer")
    return isinstance(func, ast.Name) and func.id in functions and not func.id.endswith("explorer")


@contextmanager
def recorded_texts():
    """Record every Text artist that is actually drawn (visible, non-empty) while in the block."""
    drawn = []
    original = Text.draw

    def draw(self, renderer):
        if self.get_visible() and self.get_text().strip():
            drawn.append(self)
        return original(self, renderer)

    Text.draw = draw
    try:
        yield drawn
    finally:
        Text.draw = original


def displayed_sizes(fig: Figure, dpi: float, column_px: float = COLUMN_PX) -> list[tuple[float, str]]:
    """(CSS px in the column, text) for every text drawn in ``fig`` rendered at ``dpi``."""
    with recorded_texts() as drawn:
        fig.savefig(io.BytesIO(), format="png", dpi=dpi)  # draws animated artists too
    width_px = fig.get_figwidth() * dpi
    scale = dpi / 72.0 * min(1.0, column_px / width_px)
    return sorted({(t.get_fontsize() * scale, t.get_text().replace("\n", " ")[:50]) for t in drawn})


def assert_legible(what: str, fig: Figure, dpi: float) -> None:
    sizes = displayed_sizes(fig, dpi)
    assert sizes, f"{what}: no text drawn"
    small = [(round(px, 1), text) for px, text in sizes if px < FLOOR_PX - 1e-9]
    assert not small, (
        f"{what} ({fig.get_figwidth():.2f} in wide at {dpi:.0f} dpi): {len(small)} texts below "
        f"{FLOOR_PX:.0f} CSS px in the 672 px column, e.g. {small[:8]}")


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorer_text_is_legible(name):
    ex = EXPLORERS[name]()
    fig = ex.update()
    assert_legible(f"explorer {name}", fig, fig.dpi)


FIGURES = figure_functions()


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_text_is_legible(name):
    result = FIGURES[name]()
    if not isinstance(result, Figure):
        pytest.skip(f"{name} returns {type(result).__name__}, not a Figure")
    assert_legible(f"figure {name}()", result, FIGURE_DPI)


@pytest.mark.parametrize("doc, call", page_figure_calls())
def test_page_figure_call_is_legible(doc, call):
    """The figures exactly as the pages call them (their arguments may change the layout)."""
    namespace = {"np": np}
    for module in figure_modules():
        short = module.__name__.rsplit(".", 1)[-1]
        namespace[short] = module
        namespace.update({k: v for k, v in vars(module).items() if callable(v) and not k.startswith("_")})
    tree = ast.parse(call, mode="eval")
    func = tree.body.func
    if isinstance(func, ast.Attribute):  # figs.x(...) -> look x up in whichever module defines it
        owner = next((m for m in figure_modules() if hasattr(m, func.attr)), None)
        assert owner is not None, f"{doc}: {call} calls no function of a spinlib figures module"
        tree.body.func = ast.Attribute(value=ast.Name(id="_owner", ctx=ast.Load()), attr=func.attr,
                                       ctx=ast.Load())
        namespace["_owner"] = owner
    try:
        result = eval(compile(ast.fix_missing_locations(tree), doc, "eval"), namespace)
    except NameError as exc:  # an argument computed earlier on the page
        pytest.skip(f"{doc}: {call}: argument not reproducible here ({exc})")
    if isinstance(result, Figure):
        assert_legible(f"{doc}: {call}", result, FIGURE_DPI)


def test_discovery_finds_the_figures_the_pages_call():
    called = {ast.parse(call, mode="eval").body.func for _, call in page_figure_calls()}
    names = {f.attr if isinstance(f, ast.Attribute) else f.id for f in called}
    found = {name.split(".", 1)[1] for name in FIGURES}
    assert names and names <= found | {n for n in names if n.endswith("explorer")}, names - found


def test_the_floor_catches_small_text():
    """The measurement itself: a 9 in figure at 80 dpi (720 px, shrunk to 672) with 8 pt ticks
    shows them at 8 * 80/72 * 672/720 = 8.3 px: too small; 11 pt passes."""
    from spinlib.widgets import new_figure

    fig, ax = new_figure(figsize=(9.0, 3.0))
    ax.plot([0, 1], [0, 1])
    ax.tick_params(labelsize=8)
    ax.set_xlabel("x", fontsize=11)
    sizes = dict((text, px) for px, text in displayed_sizes(fig, 80))
    assert sizes["x"] == pytest.approx(11 * 80 / 72 * 672 / 720)
    with pytest.raises(AssertionError, match="below 10 CSS px"):
        assert_legible("toy", fig, 80)
    ax.tick_params(labelsize=11)
    assert_legible("toy", fig, 80)


# -- on a phone ---------------------------------------------------------------------------------
#
# The site serves a figure wider than the phone allows (spinlib.style.needs_phone_rendition) as a
# <picture>: its phone rendition on screens up to 600 px. The text that reaches a 390 px phone
# (336 px box at the narrowest) is that of the rendition, or of the column PNG for the figures that need none.

def assert_legible_on_phone(what: str, fig: Figure) -> None:
    if style.needs_phone_rendition(fig, dpi=FIGURE_DPI):
        shown, dpi = style.phone_figure(fig), style.PHONE_DPI
    else:
        shown, dpi = fig, FIGURE_DPI
    sizes = displayed_sizes(shown, dpi, column_px=style.PHONE_COLUMN_PX)
    assert sizes, f"{what}: no text drawn on the phone"
    small = [(round(px, 1), text) for px, text in sizes if px < style.PHONE_FLOOR_PX - 1e-9]
    assert not small, (
        f"{what} on a phone ({shown.get_figwidth():.2f} in wide at {dpi:.0f} dpi): {len(small)} texts "
        f"below {style.PHONE_FLOOR_PX:.0f} CSS px in the {style.PHONE_COLUMN_PX} px column, e.g. {small[:8]}")


@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figure_text_is_legible_on_a_phone(name):
    result = FIGURES[name]()
    if not isinstance(result, Figure):
        pytest.skip(f"{name} returns {type(result).__name__}, not a Figure")
    assert_legible_on_phone(f"figure {name}()", result)


def test_the_phone_floor_catches_small_text():
    """The 7 x 3 in toy with 8 pt ticks shows them at 8 * 336 / (72 * 7) = 5.3 px in the column
    PNG: the phone rendition (4.1 in) shows them at 9.1 px; 7 pt ticks (8.0 px) fail."""
    from spinlib.widgets import new_figure

    fig, ax = new_figure(1, 2, figsize=(7.0, 3.0))
    ax[0].tick_params(labelsize=8)
    ax[1].tick_params(labelsize=8)
    column = dict((t, px) for px, t in displayed_sizes(fig, FIGURE_DPI, column_px=style.PHONE_COLUMN_PX))
    assert min(column.values()) == pytest.approx(8 * 336 / (72 * 7.0))
    assert_legible_on_phone("toy", fig)
    ax[1].tick_params(labelsize=7)
    with pytest.raises(AssertionError, match="below 9 CSS px"):
        assert_legible_on_phone("toy", fig)


def test_phone_rendition_puts_panels_in_one_column_and_leaves_the_figure_alone():
    from spinlib.widgets import new_figure

    fig, ax = new_figure(2, 2, figsize=(6.8, 5.4))
    cbar = fig.colorbar(ax[0, 0].imshow(np.eye(3)), ax=ax[0, 0])
    phone = style.phone_figure(fig)
    assert fig.get_figwidth() == 6.8 and ax[1, 1].get_subplotspec().colspan.start == 1
    panels = [a for a in phone.axes if a.get_label() != "<colorbar>"]
    assert [a.get_subplotspec().rowspan.start for a in panels] == [0, 1, 2, 3]
    assert {a.get_subplotspec().colspan.start for a in panels} == {0}
    assert phone.get_figwidth() == style.PHONE_WIDTH_IN and cbar.ax.get_subplotspec() is None
    phone.canvas.draw()  # panels stacked top to bottom, none overlapping
    boxes = [a.get_position() for a in panels]
    assert all(b.y0 >= c.y1 - 1e-6 for b, c in zip(boxes[:-1], boxes[1:], strict=True))


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_explorer_text_is_legible_on_a_phone(name):
    """The frames a phone is served: the phone twin's (panels in one column, 4.1 in at 100 dpi),
    or the column frames when they are legible on a phone already."""
    ex = EXPLORERS[name]()
    twin = ex.phone_twin()
    shown = (twin or ex).update()
    sizes = displayed_sizes(shown, shown.dpi, column_px=style.PHONE_COLUMN_PX)
    small = [(round(px, 1), text) for px, text in sizes if px < style.PHONE_FLOOR_PX - 1e-9]
    assert sizes and not small, f"explorer {name} on a phone: texts below 9 CSS px: {small[:8]}"
