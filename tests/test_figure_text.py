"""No literal underscore in the text a figure shows (titles, labels, readouts, alt text).

Matplotlib draws ``I_c`` as the five characters I, _, c; written as maths (``$I_c$``) it is a
subscript. The check reads the drawing modules' source: every string literal handed to a call
that puts text on a figure (``set_title``, ``set_text``, ``suptitle``, ``text``, axis labels,
``title=``/``label=``/``alt=`` keywords, so also a slider's label), and asserts that, outside
``$...$``, no letter or digit is joined to another by an underscore.
"""

from __future__ import annotations

import ast
import re

import pytest
from conftest import ROOT

MODULES = sorted([*ROOT.glob("spinlib/macrospin/figures*.py"), ROOT / "spinlib/spincurrent/figures.py",
                  ROOT / "spinlib/magnon_transport/figures.py", ROOT / "spinlib/widgets.py"])
TEXT_CALLS = {"set_title", "set_text", "suptitle", "text", "annotate", "set_xlabel", "set_ylabel",
              "set_zlabel", "set_label"}  # their positional strings are shown (a Slider's is its name)
TEXT_KEYWORDS = {"title", "label", "xlabel", "ylabel", "zlabel", "alt", "s", "text"}
_SUBSCRIPT = re.compile(r"[A-Za-z0-9)'′]_[A-Za-z0-9{(]")


def shown_strings(tree: ast.AST):
    """(line, text) of every string that a figure-text call receives (f-string holes as '{}')."""
    def text_of(node):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        if isinstance(node, ast.JoinedStr):
            return "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left, right = text_of(node.left), text_of(node.right)
            return None if left is None and right is None else (left or "{}") + (right or "{}")
        return None

    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        args = list(node.args) if name in TEXT_CALLS else []
        args += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS]
        for arg in args:
            text = text_of(arg)
            if text is not None:
                yield node.lineno, text


def literal_underscores(text: str) -> list[str]:
    outside = re.sub(r"\$[^$]*\$", " ", text)
    return _SUBSCRIPT.findall(outside)


def test_check_sees_a_literal_subscript():
    tree = ast.parse('ax.set_title(f"I/I_c = {r:g}")\ntext.set_text("ok $I_c$")\nax.set(title="mu_L")\n'
                     'Explorer(title="G\'_STT")')
    bad = [(line, t) for line, t in shown_strings(tree) if literal_underscores(t)]
    assert [line for line, _ in bad] == [1, 3, 4]


@pytest.mark.parametrize("module", MODULES, ids=[m.relative_to(ROOT).as_posix() for m in MODULES])
def test_figure_text_has_no_literal_underscore(module):
    tree = ast.parse(module.read_text())
    bad = [(line, t) for line, t in shown_strings(tree) if literal_underscores(t)]
    assert not bad, f"{module.name}: write subscripts as maths ($I_c$): {bad}"
