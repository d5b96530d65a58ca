"""The student edition and the PDF, checked as an instructor and a reader meet them.

Run by ``make editions`` after ``make student`` and ``make pdf`` (both part of
``make test``); the fixtures build an edition that is missing, so the file also
runs on its own.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tools.book import source_of, toc_docs
from tools.editions import trees
from tools.editions.export import pages
from tools.editions.myst import Fence, blocks, split_directive

ROOT = Path(__file__).resolve().parents[1]

STUDENT = ROOT / "_build" / "student"
PDF = ROOT / "_build" / "pdf" / "book.pdf"
TEXT_SUFFIXES = {".html", ".js", ".md", ".ipynb", ".txt", ".json", ".tex", ".yml"}
_INLINE_MARKUP = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|\{[\w:.-]+\}`[^`]*`|`[^`]*`|<[^>]+>|\*\*?", re.S)


def normalise(text: str) -> str:
    """Text as a comparison sees it, in any of the output formats (HTML, JSON, Markdown)."""
    text = html.unescape(text.replace("\\n", " "))
    text = re.sub(r"\\[()\[\]]|\$", "", text)  # maths delimiters differ between formats
    text = re.sub(r"[\\\"'`]", "", text)
    return re.sub(r"\s+", " ", text).strip()


def html_text(raw: str) -> str:
    return normalise(re.sub(r"<[^>]+>", "", raw))


def fragments(body: str, min_len: int = 24) -> list[str]:
    """Stretches of a solution's plain prose and its code lines, long enough to be its own."""
    out = []
    for b in blocks(body):
        if isinstance(b, Fence):  # a code block: its longer lines
            out += [normalise(line) for line in b.body if len(line.strip()) >= min_len]
            continue
        for piece in _INLINE_MARKUP.split(b):
            piece = normalise(piece).strip(" .,;:()[]")
            if len(piece) >= min_len:
                out.append(piece)
        # and its sentences with their mathematics (a solution may be mostly formulas)
        for sentence in re.split(r"(?<=[.;])\s+", b):
            if not re.search(r"\{[\w:.-]+\}`|`|\*", sentence) and len(normalise(sentence)) >= min_len:
                out.append(normalise(sentence).strip(" .,;:"))
    return out


def directive_bodies(name: str) -> list[tuple[str, str]]:
    return [(page.name, split_directive(b.body)[1])
            for page in sorted((ROOT / "book").rglob("*.md")) for b in blocks(page.read_text())
            if isinstance(b, Fence) and b.directive and b.directive["name"] == name]


def notebook_text(path: Path) -> str:
    nb = json.loads(path.read_text())
    texts = []
    for cell in nb["cells"]:
        texts.append("".join(cell["source"]))
        for out in cell.get("outputs", []):
            texts += ["".join(v) if isinstance(v, list) else str(v) for v in out.get("data", {}).values()]
            texts.append("".join(out.get("text", "")))
    return normalise("\n".join(texts))


def file_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        return notebook_text(path)
    raw = path.read_text(errors="replace")
    return html_text(raw) if path.suffix == ".html" else normalise(raw)


def corpus(folder: Path) -> str:
    return "\n".join(file_text(p) for p in folder.rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES)


@pytest.fixture(scope="module")
def student_edition() -> str:
    if not (STUDENT / "html" / "index.html").exists():
        trees.student()
    return corpus(STUDENT)


@pytest.fixture(scope="module")
def pdf_text() -> str:
    if not PDF.exists():
        trees.pdf()
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(PDF), "-"], capture_output=True, text=True,
                         check=True)
    return re.sub(r"\s+", " ", out.stdout)


# What the pages say outside their solutions (a solution's import line is no secret).
_REST = "\n".join(normalise(trees.cut_solutions(p.read_text())[0]) for p in (ROOT / "book").rglob("*.md"))
SOLUTIONS = [(where, [f for f in fragments(body) if f not in _REST])
             for where, body in trees.solution_bodies()]
EXERCISES = directive_bodies("exercise")


def test_sources_have_solutions_to_look_for():
    blind = [where for where, frags in SOLUTIONS if not frags]
    assert len(SOLUTIONS) >= 5 and not blind, \
        f"solutions without any distinctive text (the test would prove nothing for them): {blind}"


def test_no_solution_text_anywhere_in_the_student_edition(student_edition):
    leaks = [(where, frag) for where, frags in SOLUTIONS for frag in frags if frag in student_edition]
    assert not leaks, f"solution text in _build/student: {leaks[:5]}"


def test_student_edition_keeps_every_exercise(student_edition):
    """Control: the same search finds the exercises, so a miss above is not a blind search."""
    missing = [(page, frag) for page, body in EXERCISES for frag in fragments(body)[:2]
               if frag not in student_edition]
    assert EXERCISES and not missing, missing[:5]


def test_solution_search_would_find_a_leak():
    """Control: the full notebooks hold every solution, and the search finds each one there."""
    full = "\n".join(notebook_text(p.with_suffix(".ipynb")) for p in pages())
    notebook_pages = {str(p.relative_to(ROOT)) for p in pages()}
    missing = [(where, frag) for where, frags in SOLUTIONS if where.split(":")[0] in notebook_pages
               for frag in frags if frag not in full]
    assert not missing, missing[:5]


def test_student_downloads_and_notebooks():
    """The download menu serves the clean student notebooks; no launch button opens the repository."""
    for page in pages():
        rel = page.relative_to(ROOT).with_suffix(".ipynb")
        served = STUDENT / "html" / "_sources" / rel
        handed_out = STUDENT / "notebooks" / rel.relative_to("book")
        assert served.read_text() == handed_out.read_text()
        assert "<details>" not in served.read_text()
        page_html = (STUDENT / "html" / rel.with_suffix(".html")).read_text()
        assert "download-notebook-button" in page_html
        assert "colab.research.google.com" not in page_html and "mybinder.org" not in page_html


def test_pdf_has_every_chapter_and_the_solutions(pdf_text):
    docs, _ = toc_docs()
    for doc in docs:
        if doc.startswith(trees.PDF_LEAVES_OUT):  # the API reference stays online (its module pages
            title = re.search(r"^# (.+)$", source_of(doc).read_text(), flags=re.M)[1]  # are named in
            assert title.startswith("`") or title not in pdf_text, f"{doc} is printed"  # the prose)
            continue
        path = source_of(doc)
        title = re.search(r"^# (.+)$", path.read_text(), flags=re.M)[1]
        title = re.sub(r"^\d+(\.\d+)*\.?\s+", "", title)  # LaTeX numbers chapters itself
        title = re.sub(r"\{[\w:]+\}`[^`]*`|\$[^$]*\$", "", title).strip()
        assert title[:40] in pdf_text, f"chapter/section title missing from the PDF: {title!r}"
    assert "Solutions to the exercises" in pdf_text
    assert pdf_text.count("Solution to Exercise") == len(SOLUTIONS)


def test_pdf_has_no_placeholder_or_raw_markup(pdf_text):
    for bad in ("IPython.core.display", "<IPython", "object at 0x", "<Figure size", "{cite", "{glue",
                "{eq}", "{numref}", "```", ":::{", "??"):
        assert bad not in pdf_text, f"the PDF prints {bad!r}"


def test_pdf_prints_every_figure_and_explorer(pdf_text):
    """Each explorer prints its default frame and each figure its image."""
    if shutil.which("pdfimages") is None:
        pytest.skip("pdfimages (poppler-utils) not installed")
    listing = subprocess.run(["pdfimages", "-list", str(PDF)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
    expected = sum(len(re.findall(r"\.show\(\)|^\s*(?::|)\s*caption:", source_of(d).read_text(), flags=re.M))
                   for d in toc_docs()[0])
    assert len(listing) >= expected, f"{len(listing)} images in the PDF, {expected} expected"


# -- the publishing workflow (.github/workflows/publish.yml) -------------------------------------

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
#: hosts of package registries and mirrors: CI installs through the Makefile (pip with its default
#: configuration, apt with the runner's), never from a host named in the workflow
REGISTRY_HOSTS = re.compile(r"pypi|pythonhosted|npmjs|yarnpkg|conda|anaconda|index-url|"
                            r"registry|\bdocker\.io|ghcr\.io|quay\.io|\bhttps?://", re.I)


def _workflow():
    import yaml

    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _runs(job) -> str:
    return "\n".join(step.get("run", "") for step in job["steps"])


def test_publish_workflow_parses_and_has_its_jobs():
    wf = _workflow()
    assert set(wf["on"]["push"]) == {"branches", "tags"} and wf["on"]["push"]["branches"] == ["main"]
    jobs = wf["jobs"]
    assert set(jobs) == {"site", "pages", "release"}
    assert jobs["pages"]["needs"] == "site" and jobs["release"]["needs"] == "site"
    assert "refs/tags/v" in jobs["release"]["if"]
    assert jobs["pages"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert wf["permissions"] == {"contents": "read"}  # write access only where a job needs it
    for name, job in jobs.items():
        for step in job["steps"]:
            assert bool(step.get("uses")) != bool(step.get("run")), f"{name}: {step}"
            if "uses" in step:  # every action pinned to a major version
                assert re.fullmatch(r"actions/[\w-]+@v\d+", step["uses"]), step["uses"]


def test_publish_workflow_calls_existing_make_targets():
    makefile = (ROOT / "Makefile").read_text()
    targets = set(re.findall(r"^([\w-]+):", makefile, flags=re.M))
    called = []
    for name, job in _workflow()["jobs"].items():
        for line in _runs(job).splitlines():
            if (m := re.match(r"\s*make\s+(.*)", line)):
                words = [w for w in m[1].split() if "=" not in w]
                called += [(name, w) for w in words]
    assert called, "the workflow builds nothing through the Makefile"
    assert not [c for c in called if c[1] not in targets], called
    everything = {t for _, t in called}
    assert {"book", "notebooks", "student", "pdf", "editions"} <= everything
    # nothing is installed behind the Makefile's back
    for name, job in _workflow()["jobs"].items():
        assert "pip install" not in _runs(job), f"{name} installs packages outside the Makefile"


def test_publish_workflow_ships_what_the_builds_write():
    """The paths the workflow uploads are where the build tools write their outputs."""
    from tools import build_book

    wf = _workflow()
    site = next(s for s in wf["jobs"]["site"]["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert ROOT / site["with"]["path"] == build_book.BUILD / "html"
    release = _runs(wf["jobs"]["release"])
    pdf_out = (trees.BUILD / "pdf" / "book.pdf").relative_to(ROOT)
    assert str(pdf_out) in release
    student = (trees.BUILD / "student").relative_to(ROOT)
    assert f"cd {student} && zip -qr ../release/student-edition.zip html notebooks" in release
    # (the student builder writes exactly these two folders)
    src = Path(trees.__file__).read_text()
    assert 'out / "html"' in src and 'out / "notebooks"' in src
    # the notebooks: every exported page's .ipynb lies under book/, where the find looks
    assert 'find book -name "*.ipynb"' in release
    assert all(p.with_suffix(".ipynb").is_relative_to(ROOT / "book") for p in pages())
    published = re.search(r"gh release create .*", release, flags=re.S)[0]
    for asset in ("notebooks.zip", "student-edition.zip", "stt-book.pdf"):  # written, then published
        assert asset in release.replace(published, "") and f"_build/release/{asset}" in published, asset


def test_publish_workflow_pins_the_release_in_the_one_setting(tmp_path):
    """The release step's sed changes repository.branch of _config.yml and nothing else."""
    import yaml

    step = next(s for s in _workflow()["jobs"]["release"]["steps"] if "sed -i" in s.get("run", ""))
    expr = re.search(r'sed -i -E "s\|(.+?)\|(.+?)\|" _config.yml', step["run"])
    assert expr, step["run"]
    pattern, replacement = expr[1], expr[2].replace("${GITHUB_REF_NAME}", "v9.9").replace("\\1", r"\g<1>")
    before = (ROOT / "_config.yml").read_text()
    after = re.sub(pattern, replacement, before, flags=re.M)
    old, new = yaml.safe_load(before), yaml.safe_load(after)
    assert new["repository"]["branch"] == "v9.9"
    new["repository"]["branch"] = old["repository"]["branch"]
    assert new == old, "the release step changed more than repository.branch"
    (tmp_path / "_config.yml").write_text(after)
    from tools.editions.export import install_requirement

    assert install_requirement(tmp_path).endswith("@v9.9")


def test_publish_workflow_names_no_registry_host():
    hits = [line.strip() for line in WORKFLOW.read_text().splitlines()
            if REGISTRY_HOSTS.search(line.split("#")[0])]
    assert not hits, hits


# -- sources that every edition would garble ----------------------------------------------------

_LIST_START = re.compile(r"^\s{0,3}(?:[-+*]|\d+[.)])\s")


def broken_inline_maths(text: str) -> list[str]:
    """Lines that start with a list marker ("- ", "+ ", "1. ") while an inline formula of the
    same paragraph is still open: Markdown starts a list there and the formula comes apart
    (raw LaTeX on the site, in the notebooks and in the PDF)."""
    bad = []
    for b in blocks(text):
        if isinstance(b, Fence):  # a directive's Markdown content is checked too; code and maths not
            d = b.directive
            if d and d["name"] not in ("code-cell", "code-block", "code", "math", "glue:math", "raw"):
                bad += broken_inline_maths(split_directive(b.body)[1])
            continue
        b = re.sub(r"\$\$.*?\$\$", " ", b, flags=re.S)  # display maths may span lines freely
        open_ = False
        for line in b.split("\n"):
            if not line.strip():
                open_ = False  # a blank line ends the paragraph
                continue
            if open_ and _LIST_START.match(line):
                bad.append(line.strip()[:60])
            for ch in re.sub(r"\\\$|`[^`]*`", "", line):
                if ch == "$":
                    open_ = not open_
    return bad


def test_no_inline_formula_is_broken_by_a_line_start():
    found = {str(source_of(d).relative_to(ROOT)): hits for d in toc_docs()[0]
             if (hits := broken_inline_maths(source_of(d).read_text()))}
    assert not found, f"a line inside inline maths starts like a list item (rewrap it): {found}"


def test_broken_inline_maths_check_finds_the_ch2_solution_14_defect():
    """Control: the garbled line of ch2's Solution 14, as it was, is found; its fix is not."""
    was = "have $|t|^2 = |A\\mp B|^2 \\pm 2(N/S)\\mathrm{Re}[A^*B]\n- 2(N/S)|B|^2$: the last term"
    assert broken_inline_maths(was) == ["- 2(N/S)|B|^2$: the last term"]
    inside = f"````{{solution}} ex-x\n:class: dropdown\n\n{was}\n````\n"  # as it was: in a solution
    assert broken_inline_maths(inside) == ["- 2(N/S)|B|^2$: the last term"]
    fixed = "have\n$|t|^2 = |A\\mp B|^2 - 2(N/S)|B|^2$: the last\n- a real list item, $x$ closed"
    assert broken_inline_maths(fixed) == []


# -- the book's own numbers: per chapter, the same on the site, in the notebooks and in the PDF ---

SITE = ROOT / "_build" / "html"
_SITE_NUMBER = {
    "eq": lambda label: (rf'id="equation-{re.escape(label.lower())}">\s*<span class="eqno">\(([\d.]+)\)', ""),
    "fig": lambda label: (rf'<figure[^>]*id="{re.escape(label)}">.*?caption-number">Fig\. ([\d.]+) ', ""),
    "exercise": lambda label: (rf'id="{re.escape(label)}">\s*<p class="admonition-title">'
                               r'<span class="caption-number">Exercise ([\d.]+) ', ""),
}


def site_numbers() -> dict[str, str]:
    """label -> the number the website prints for it (equations, figures, exercises)."""
    from tools.editions.export import Book

    found = {}
    for label, t in Book().index.targets.items():
        if t.kind not in _SITE_NUMBER:
            continue
        page = (SITE / t.doc).with_suffix(".html").read_text()
        m = re.search(_SITE_NUMBER[t.kind](label)[0], page, flags=re.S)
        found[label] = m[1].rstrip(".") if m else None
    return found


def test_numbers_are_per_chapter_and_the_notebooks_print_the_sites():
    if not (SITE / "index.html").exists():
        pytest.skip("no website build (_build/html): run `make book`")
    from tools.editions.export import Book, chapter_numbers

    targets = Book().index.targets
    chapters = chapter_numbers()
    assert sorted(set(chapters.values())) == ["1", "2", "3", "4", "5", "6"]
    site = site_numbers()
    assert len(site) >= 100, len(site)  # equations, figures and exercises of all chapters
    wrong = {label: (t.number, site[label]) for label, t in targets.items() if label in site
             and site[label] != t.number}
    assert not wrong, f"label: (notebooks, website) {wrong}"
    for label, number in site.items():  # per chapter: "5.12" in chapter 5, plain in the intro
        doc = targets[label].doc
        if doc in chapters:
            assert re.fullmatch(rf"{chapters[doc]}\.\d+", number), (label, doc, number)
        else:
            assert re.fullmatch(r"\d+", number), (label, doc, number)
    # and each chapter's count starts at 1
    for chapter in set(chapters.values()):
        firsts = {kind: min((int(site[lab].split(".")[1]) for lab, t in targets.items()
                             if lab in site and t.kind == kind and chapters.get(t.doc) == chapter),
                            default=1) for kind in ("eq", "fig")}
        assert firsts == {"eq": 1, "fig": 1}, (chapter, firsts)


def test_chapter_pages_are_the_chapters_sections_on_the_site():
    if not (SITE / "index.html").exists():
        pytest.skip("no website build (_build/html): run `make book`")
    from tools.editions.export import chapter_numbers

    titles = {}
    for doc in toc_docs()[0]:
        page = (SITE / doc).with_suffix(".html")
        h1 = re.search(r"<h1>([^<]*(?:<span[^>]*>[^<]*</span>)?[^<]*)<a class=\"headerlink\"",
                       page.read_text())
        titles[doc] = re.sub(r"<[^>]+>", "", h1[1]).strip() if h1 else None
    assert titles["book/torque/index"].startswith("1. Classical")
    assert titles["book/torque/spin_current"].startswith("1.1. Spin currents")
    assert titles["book/torque/summary"].startswith("1.4. Summary")
    assert titles["book/activation/index"].startswith("5. ")
    for doc in ("book/intro", "book/course", "book/bibliography"):
        assert not re.match(r"\d", titles[doc]), (doc, titles[doc])  # front and back matter
    for title in titles.values():  # never the page's written number twice
        assert not re.match(r"([\d.]+) \1", title or ""), title
    assert set(chapter_numbers()) <= set(titles)
    index = (SITE / "book/torque/index.html").read_text()
    assert not re.search(r'section-number">1\.\d+\. </span>(Learning goals|Sections)', index)


# -- the PDF's structure, numbers and typesetting ------------------------------------------------

LATEX = ROOT / "_build" / "pdf" / "src" / "_build" / "latex"
_WORD_NUMBERS = r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"


@pytest.fixture(scope="module")
def pdf_lines() -> list[str]:
    if not PDF.exists():
        trees.pdf()
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(PDF), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [" ".join(line.split()) for line in out.splitlines()]


def test_pdf_opens_with_the_books_own_chapter_numbers(pdf_lines):
    text = "\n".join(pdf_lines)
    assert not re.search(rf"chapter\s+({_WORD_NUMBERS})\b", text, flags=re.I), "chapters spelled out"
    contents = pdf_lines[:pdf_lines.index(next(x for x in pdf_lines if x.startswith("Bibliography")))]
    titles = [re.sub(r"[ .]*\d+$|[ .]*[ivx]+$", "", x) for x in contents]
    expected = ["1 Classical spin-transfer torque", "1.1 Spin currents", "1.2 Macrospin dynamics",
                "1.3 The uniaxial phase diagram", "1.4 Summary of chapter 1", "2 Magnon-assisted transport",
                "3 Quantum many-body spin transfer", "4 Nanomagnet master equations",
                "5 Mesoscopic activation", "6 Spin torque at finite temperature",
                "A Solutions to the exercises"]
    found = [next((i for i, t in enumerate(titles) if t.startswith(e)), None) for e in expected]
    assert None not in found and found == sorted(found), dict(zip(expected, found, strict=True))
    # the introduction is one unnumbered chapter, chapter 1's index headings are not 1.1 ... 1.4
    assert "Introduction" in titles[: found[0]]
    assert not [t for t in titles[: found[0]] if re.match(r"\d", t)], titles[: found[0]]
    assert not [t for t in titles if re.match(r"1\.\d+ (Learning goals|Sections|The physical picture)", t)]
    assert not [t for t in titles if re.match(r"\d+ (Using this book|Bibliography)", t)]  # back matter
    # the appendix names the pages it answers as the PDF numbers them ("2.1 The model...", not
    # "2.1. ..."), in the order of the book
    appendix = titles[found[-1] + 1:]
    answered = [t.split()[0] for t in appendix if re.match(r"\d\.\d+ [A-Z]", t)]
    assert {"2.1", "6.1"} <= set(answered), appendix
    assert answered == sorted(answered, key=lambda n: tuple(map(int, n.split(".")))), answered
    assert not [t for t in titles if re.match(r"\d+\. ", t)]


def test_pdf_prints_the_bibliography_once(pdf_lines):
    headings = [x for x in pdf_lines if re.fullmatch(r"(Chapter \w+ )?Bibliography( \d+)?", x)]
    assert len(headings) == 2, headings  # its line in the contents and its heading
    tex = (LATEX / "book.tex").read_text()
    assert tex.count(r"\begin{sphinxthebibliography}") == 1
    assert not re.search(r"\\chapter\{Bibliography\}", tex)


def _aux_numbers() -> dict[str, str]:
    """label -> the number LaTeX gave it (book.aux), for figures, equations and exercises."""
    aux = (LATEX / "book.aux").read_text()
    found = {}
    for m in re.finditer(r"\\newlabel\{(?:equation:)?book/[\w/]+:([\w.-]+)\}\{\{([\d.A-Z]+)\}", aux):
        found.setdefault(m[1], m[2])
    return found


def test_pdf_numbers_figures_and_equations_as_the_site():
    if not (LATEX / "book.aux").exists():
        pytest.skip("no PDF build: run `make pdf`")
    if not (SITE / "index.html").exists():
        pytest.skip("no website build (_build/html): run `make book`")
    site, pdf = site_numbers(), _aux_numbers()
    from tools.editions.export import Book

    kinds = {label: t.kind for label, t in Book().index.targets.items()}
    checked = {label: (n, pdf.get(label)) for label, n in site.items() if kinds[label] in ("eq", "fig")}
    assert len(checked) >= 80, len(checked)
    wrong = {label: pair for label, pair in checked.items() if pair[0] != pair[1]}
    assert not wrong, f"label: (website, PDF) {wrong}"


def overfull_boxes(log: str, limit_pt: float = 5.0) -> list[str]:
    """Overfull boxes of a LaTeX log wider than ``limit_pt``, with the text LaTeX quotes."""
    out = []
    for m in re.finditer(r"Overfull \\[hv]box \(([\d.]+)pt too (?:wide|high)\)(.*?)\n\n", log, flags=re.S):
        if float(m[1]) > limit_pt:
            out.append(f"{m[1]} pt: {' '.join(m[2].split())[:160]}")
    return out


def test_pdf_has_no_overfull_box_over_5pt():
    log = LATEX / "book.log"
    if not log.exists():
        pytest.skip("no PDF build: run `make pdf`")
    bad = overfull_boxes(log.read_text(errors="replace"))
    assert not bad, "\n".join(bad)


def test_overfull_parser_reads_latex_logs():
    log = ("Overfull \\hbox (20.29805pt too wide) in paragraph at lines 5576--5576\n"
           "\\TU/FreeMono(0)/m/n/10 magnon_transport| \n []\n\n"
           "Overfull \\hbox (1.48pt too wide) in paragraph at lines 5--5\n x\n\n")
    assert overfull_boxes(log) == ["20.29805 pt: in paragraph at lines 5576--5576 "
                                   "\\TU/FreeMono(0)/m/n/10 magnon_transport| []"]


def test_pdf_prints_no_benchmark_timings(pdf_text):
    assert "compute / update" not in pdf_text and "perf_counter" not in pdf_text
    # the whole timing cell is left out, its first printed line too
    assert "exact MFPT" not in pdf_text


def test_pdf_tables_fit_their_columns():
    """Column widths from content: each at least its longest word, the line shared out."""
    rows = [["problem set", "question", "kind", "points"],
            ["1, spin-torque thresholds", "q1: threshold of the antiparallel state", "a limit", "3"],
            ["", "q2: switching current", "numerics with `spinlib.magnon_transport`", "2"]]
    widths = trees.table_columns(rows)
    assert abs(sum(widths) - 1000) <= 2
    chars = [w * trees.LINE_CHARS / 1000 for w in widths]
    assert chars[0] >= len("thresholds") and chars[1] >= len("antiparallel")
    assert chars[2] >= 1.2 * len("magnon_transport") and chars[3] >= len("points")
    page = "Text.\n\n| a | b |\n| --- | --- |\n| x | y |\n\nMore."
    out = trees.pdf_tables(page)
    assert ":class: longtable" in out and "{tabularcolumns}" in out and "| x | y |" in out


# -- figure text: no literal underscores (site, notebooks and PDF show the same images) ----------

_TEXT_CALLS = {"set_title", "set_xlabel", "set_ylabel", "set_text", "suptitle", "text", "annotate",
               "legend", "set_label", "Label", "HTML", "FloatSlider", "IntSlider", "SelectionSlider",
               "Dropdown"}
_TEXT_KEYWORDS = {"label", "title", "xlabel", "ylabel", "description", "text"}


def _literal_text(node):
    import ast

    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.JoinedStr):  # an f-string: its literal parts, "{}" for the fields
        yield "".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values)
    elif isinstance(node, ast.BinOp):
        yield from _literal_text(node.left)
        yield from _literal_text(node.right)


def underscored_figure_text(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string a figure or explorer shows (titles, labels, readouts, slider
    descriptions) that has an underscore outside $...$ maths, e.g. "I_c = 2 mA" for "$I_c$"."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
        args = list(node.args) if name in _TEXT_CALLS else []
        args += [k.value for k in node.keywords if k.arg in _TEXT_KEYWORDS]
        for arg in args:
            for text in _literal_text(arg):
                if re.search(r"[A-Za-z]_[A-Za-z0-9{]", re.sub(r"\$[^$]*\$", "", text)):
                    found.append((node.lineno, text))
    return found


def test_figure_text_has_no_literal_underscores():
    found = {f"{p.relative_to(ROOT)}:{line}": text for p in sorted((ROOT / "spinlib").rglob("*.py"))
             for line, text in underscored_figure_text(p.read_text())}
    assert not found, found


def test_underscore_check_finds_what_readers_saw():
    was = ('ax.set_title(f"I/I_c = {r:g}")\ntext.set_text(f"j_c = {jc:.4f}")\n'
           'ax.plot(x, y, label="torque, E_a(1 - I/I_c)")\nax.set(title=f"E_a/k_BT = {b:g}")')
    assert [line for line, _ in underscored_figure_text(was)] == [1, 2, 3, 4]
    fixed = ('ax.set_title(f"$I/I_c$ = {r:g}")\nax.set(xlabel=r"barrier $E_a/k_BT$")\n'
             'np.save("run_01.npy", x)\nax.plot(x, y, "k_")')
    assert underscored_figure_text(fixed) == []


def test_chapter_numbers_follow_the_toc_parts(tmp_path):
    """Numbered parts count their chapters from 1 (Jupyter Book with use_multitoc_numbering: false)
    or on across parts (true); a chapter's sections carry its number; unnumbered parts none."""
    import yaml

    from tools.editions.export import chapter_numbers

    toc = {"format": "jb-book", "root": "intro", "parts": [
        {"caption": "A", "numbered": True, "chapters": [
            {"file": "a1", "sections": [{"file": "a1s1"}, {"file": "a1s2", "sections": [{"file": "deep"}]}]},
            {"file": "a2"}]},
        {"caption": "Back", "chapters": [{"file": "course"}]},
        {"caption": "B", "numbered": True, "chapters": [{"file": "b1"}]}]}
    (tmp_path / "_toc.yml").write_text(yaml.safe_dump(toc))
    for multitoc, b1 in ((False, "1"), (True, "3")):
        (tmp_path / "_config.yml").write_text(yaml.safe_dump({"html": {"use_multitoc_numbering": multitoc}}))
        assert chapter_numbers(tmp_path) == {"a1": "1", "a1s1": "1", "a1s2": "1", "deep": "1", "a2": "2",
                                             "b1": b1}
