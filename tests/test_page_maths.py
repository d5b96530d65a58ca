"""Maths in the page sources survives Markdown parsing: no formula is broken into prose or lists.

A source line that starts with ``- ``, ``+ ``, ``* `` or ``1. `` inside inline maths ends the
paragraph and opens a list, so the formula comes out as raw TeX in every edition (this happened
to Solution 14 of chapter 2, ``- 2(N/S)|B|^2$``). The check parses each page as MyST does
(CommonMark with dollar maths and amsmath, directives' contents included, code cells skipped)
and asserts that no literal ``$`` is left in the text: a ``$`` outside a maths token means a
formula that was not recognised as one.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, source_of, toc_files
from markdown_it import MarkdownIt
from mdit_py_plugins.amsmath import amsmath_plugin
from mdit_py_plugins.colon_fence import colon_fence_plugin
from mdit_py_plugins.dollarmath import dollarmath_plugin

from tools.editions.myst import Fence, blocks, split_directive

_MD = (MarkdownIt("commonmark").use(dollarmath_plugin, double_inline=True).use(amsmath_plugin)
       .use(colon_fence_plugin).enable("table"))
_VERBATIM = {"code-cell", "code-block", "math", "glue:math"}
PAGES = [source_of(doc) for doc in toc_files() if source_of(doc).suffix == ".md"]


def stray_dollars(text: str) -> list[str]:
    """Text fragments that still hold a ``$`` after MyST-like parsing (each one a broken formula)."""
    found = []
    for block in blocks(text):
        if isinstance(block, Fence):
            directive = block.directive
            if directive and directive["name"] in _VERBATIM:
                continue
            body = split_directive(block.body)[1] if directive else "\n".join(block.body)
            found += stray_dollars(body)
            continue
        for token in _MD.parse(block):
            found += [child.content for child in token.children or []
                      if child.type == "text" and "$" in child.content]
    return found


def test_scanner_sees_a_formula_broken_by_a_leading_minus():
    broken = "We find $a = b\n- c$ here.\n"
    assert stray_dollars(broken), "a line starting with '- ' inside $...$ must be reported"
    assert not stray_dollars("We find\n$a = b - c$ here.\n")
    assert not stray_dollars("$$\na\n+ b\n$$\n"), "a display block may hold such a line"


@pytest.mark.parametrize("page", PAGES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES])
def test_no_formula_is_broken_by_markdown(page):
    stray = stray_dollars(page.read_text())
    assert not stray, f"{page.name}: maths broken into text: {stray}"
