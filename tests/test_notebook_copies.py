"""The committed notebooks (what Colab, Binder and the download menu open) are clean exports.

`make notebooks` (tools/export_notebooks.py) writes book/**/<page>.ipynb from the MyST
pages. These tests fail when a committed copy is stale, when any MyST-only markup
survives, when a derived equation or glued number of the page is missing from the
notebook, and they check the translation itself on a hand-written sample.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

from tools.editions.bib import Bibliography
from tools.editions.export import SETUP_MARK, Book, as_text, install_requirement, pages, repository
from tools.editions.myst import Index, Renderer, scan
from tools.editions.trees import cut_solutions

ROOT = Path(__file__).resolve().parents[1]

PAGES = pages()
IDS = [str(p.relative_to(ROOT / "book").with_suffix("")) for p in PAGES]
BOOK = Book()
_EXPORTS: dict = {}

# Anything a Jupyter Markdown renderer would show as raw MyST.
MYST_MARKUP = [
    (r"\{[A-Za-z][\w:.-]*\}`", "a MyST role"),
    (r"(?m)^\s*(`{3,}|:{3,}|~{3,})\{", "a MyST directive"),
    (r"(?m)^\([\w:.-]+\)=\s*$", "a MyST target"),
    (r"(?m)^:(label|class|name|tags|nonumber|mystnb):", "a directive option"),
    (r"\$\$\s*\([\w:.-]+\)", "an equation label"),
    (r"(?m)^: ", "a definition-list line"),
]


def exported(page: Path, student: bool = False):
    key = (page, student)
    if key not in _EXPORTS:
        _EXPORTS[key] = BOOK.export(page, student=student)
    return _EXPORTS[key]


def committed(page: Path):
    return nbformat.read(page.with_suffix(".ipynb"), as_version=4)


def markdown(nb) -> str:
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_notebook_copy_is_current(page):
    target = page.with_suffix(".ipynb")
    assert target.exists(), f"{target.name} missing: run `make notebooks`"
    assert target.read_text() == as_text(exported(page)), f"{target.name} is stale: run `make notebooks`"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_no_myst_markup_left(page):
    nb = committed(page)
    text = markdown(nb)
    for pattern, what in MYST_MARKUP:
        found = re.search(pattern, text)
        assert not found, f"{page.name}: {what} left in the notebook: {found[0]!r}"
    for cell in nb.cells:
        assert "mystnb" not in cell.metadata, f"{page.name}: myst-nb metadata left"
        if cell.cell_type == "code":
            assert "myst_nb" not in cell.source, f"{page.name}: a code cell needs myst_nb:\n{cell.source}"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_every_glued_equation_and_number_is_in_the_text(page):
    """Each {glue:math} of the page is a $$ block holding the page's derived LaTeX; each
    {glue:text} is its number formatted as the website formats it."""
    from myst_nb.core.render import strip_latex_delimiters
    from myst_nb.core.variables import format_plain_text

    source, text = page.read_text(), markdown(committed(page))
    values = BOOK.glue(page)
    maths = re.findall(r"^\s*[`:]{3,}\{glue:math\}\s*(\S+)", source, flags=re.M)
    displayed = re.findall(r"\$\$(.+?)\$\$", text, flags=re.S)
    for key in maths:
        tex = strip_latex_delimiters(values[key]["text/latex"])
        assert any(tex in block for block in displayed), f"{page.name}: derived equation {key} missing"
    for key, fmt in re.findall(r"\{glue:text\}`([^`:]+):?([^`]*)`", source):
        number = format_plain_text(values[key]["text/plain"], fmt)
        assert number in text, f"{page.name}: glued number {key} ({number}) missing"
    assert len(displayed) >= len(maths)


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_citations_read_as_author_year(page):
    bib = Bibliography(ROOT / "book" / "references.bib")
    text = markdown(committed(page))
    cited = re.findall(r"\{cite:?\w*\}`([^`]+)`", page.read_text())
    for key in {k.strip() for keys in cited for k in keys.split(",")}:
        who, year = bib.authors(key), bib.year(key)
        assert f"{who} ({year})" in text or f"{who}, {year}" in text, f"{page.name}: {key} not cited as text"
        assert bib.reference(key) in text, f"{page.name}: {key} not in the works cited"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_exercises_headed_and_solutions_collapsed(page):
    source = page.read_text()
    n_exercises = len(re.findall(r"^[`:]{3,}\{exercise\}", source, flags=re.M))
    n_solutions = len(cut_solutions(source)[1])
    full, student = markdown(committed(page)), markdown(exported(page, student=True))
    assert len(re.findall(r"(?m)^### Exercise [\d.]+", full)) == n_exercises
    assert full.count("<details>") == full.count("</details>") == n_solutions
    assert len(re.findall(r"(?m)^### Exercise [\d.]+", student)) == n_exercises
    assert "<details>" not in student and "<summary><b>Solution" not in student
    for _, _, body, _ in cut_solutions(source)[1]:
        code = [line for line in body.splitlines() if len(line) > 30 and not line.startswith("```")]
        assert not any(line in student for line in code), f"{page.name}: solution text in the student copy"


@pytest.mark.parametrize("page", PAGES, ids=IDS)
def test_setup_cell_installs_from_the_configured_repository(page):
    url, branch = repository()
    code = [c for c in committed(page).cells if c.cell_type == "code"]
    assert SETUP_MARK in code[0].source
    assert f"SPINLIB = {install_requirement()!r}" in code[0].source  # the install, and it stops
    assert "raise RuntimeError(" in code[0].source  # with what to do when pip fails (test_colab.py)
    launch = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert launch.rstrip("/") == url  # the one setting the launch buttons use too
    others = [c.source for c in code[1:] if "github.com" in c.source or "%pip" in c.source]
    assert not others


# --- the translation on a hand-written sample -------------------------------------------------

SAMPLE = """\
# 3.1 A sample page

(sec-sample)=
## Model

As {cite:t}`ralph2008` show, and others confirm {cite:p}`ralph2008,slonczewski1996`, the torque
is {glue:text}`torque:.2f` in units of $j$; see {eq}`eq-one`, {numref}`fig-one`, {ref}`sec-sample`.

```{glue:math} formula
:label: eq-one
```

$$
a = b
$$ (eq-two)

:::{admonition} Erratum: Eq. (6) of {cite:t}`ralph2008`
:class: warning
Printed: $x$. Derived: $y$.
:::

Term
: its definition

````{exercise} Do it
:label: ex-do

Use {eq}`eq-two`.
````

````{solution} ex-do
:class: dropdown

```python
print(1)
```
````
"""

EXPECTED = """\
# 3.1 A sample page

## Model

As Ralph and Stiles (2008) show, and others confirm (Ralph and Stiles, 2008; Slonczewski, 1996), the torque
is 0.12 in units of $j$; see (1), Figure 1, “Model”.

$$
x^{2} \\tag{1}
$$

$$
a = b \\tag{2}$$

> **Erratum: Eq. (6) of Ralph and Stiles (2008)**
>
> Printed: $x$. Derived: $y$.

**Term**

its definition

### Exercise 1: Do it

Use (2).

<details>
<summary><b>Solution to Exercise 1</b> (click to show)</summary>

```python
print(1)
```

</details>"""


def _sample_renderer(student=False):
    from myst_nb.core.render import strip_latex_delimiters
    from myst_nb.core.variables import format_plain_text

    index = Index()
    figure = {"mystnb": {"figure": {"name": "fig-one", "caption": "c"}}}
    scan("sample", [("markdown", SAMPLE, {}), ("code", "", figure)], index)
    glue = {"torque": {"text/plain": "0.1234"}, "formula": {"text/latex": "$x^{2}$"}}
    return Renderer("sample", index, Bibliography(ROOT / "book" / "references.bib"), glue,
                    student=student, strip_latex=strip_latex_delimiters, format_text=format_plain_text)


def test_translation_of_a_sample_page():
    assert _sample_renderer().render(SAMPLE) == EXPECTED


def test_student_translation_drops_the_solution():
    out = _sample_renderer(student=True).render(SAMPLE)
    assert "print(1)" not in out and "<details>" not in out
    assert "### Exercise 1: Do it" in out


def test_unknown_reference_and_glue_key_fail_loudly():
    r = _sample_renderer()
    with pytest.raises(KeyError, match="eq-missing"):
        r.render("see {eq}`eq-missing`")
    with pytest.raises(KeyError, match="nothing"):
        r.render("{glue:text}`nothing:.1f`")
