"""MyST Markdown -> plain Jupyter Markdown, for the exported notebooks.

Only the MyST this book uses is translated (anything else falls back to a
block quote and a warning, so no MyST markup survives):

* directives, backtick or colon fenced and nested by fence length:
  ``{glue:math}``/``{math}`` (display maths, ``\\tag`` for labelled ones),
  ``{exercise}`` (a heading "Exercise 1.2.3: title"), ``{solution}`` (a
  ``<details>`` block, or nothing in the student edition), admonitions (a block
  quote with a bold title), ``{tableofcontents}`` (the chapter's sections),
  ``{bibliography}`` (dropped: every notebook ends with its works cited),
  ``{figure}``, ``{code-block}``;
* roles: ``{cite:t}``/``{cite:p}`` (author-year text), ``{glue:text}``/
  ``{glue}`` (the glued value, formatted as myst-nb formats it), ``{eq}``,
  ``{numref}``, ``{ref}``, ``{doc}`` (their text), ``{math}``, ``{sub}``, ``{sup}``;
* ``(label)=`` targets and ``% comments`` (dropped), ``$$ ... $$ (label)``
  (label replaced by ``\\tag{n}``), definition lists (bold term, then text).

Numbers: labelled equations, captioned figures and exercises are numbered per
chapter (Eq. (5.12), Fig. 5.3, Exercise 2.4) in table-of-contents order, as Sphinx
numbers them on the website and in the PDF (``numfig_secnum_depth: 1``), so
"Exercise 2.4" is the same exercise everywhere; pages outside the numbered chapters
(introduction, back matter) share one plain count, as in Sphinx.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

import yaml

# --- block structure ---------------------------------------------------------------------------

_BACKTICK_OPEN = re.compile(r"^(?P<ind>[ \t]{0,3})(?P<fence>`{3,})(?P<info>[^`]*)$")
_OTHER_OPEN = re.compile(r"^(?P<ind>[ \t]{0,3})(?P<fence>:{3,}|~{3,})(?P<info>.*)$")
_DIRECTIVE = re.compile(r"^\{(?P<name>[A-Za-z][\w:.-]*)\}\s*(?P<arg>.*)$")
_OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")


@dataclass
class Fence:
    indent: str
    fence: str
    info: str
    body: list[str]

    @property
    def directive(self):
        return _DIRECTIVE.match(self.info.strip())


def blocks(text: str):
    """Split Markdown into text runs (str) and fenced blocks (Fence), CommonMark style."""
    lines = text.split("\n")
    buf: list[str] = []
    i = 0
    while i < len(lines):
        m = _BACKTICK_OPEN.match(lines[i]) or _OTHER_OPEN.match(lines[i])
        if m and (m["fence"][0] != ":" or m["info"].strip().startswith("{")):
            if buf:
                yield "\n".join(buf)
                buf = []
            ch, n = m["fence"][0], len(m["fence"])
            close = re.compile(rf"^[ \t]{{0,3}}{re.escape(ch)}{{{n},}}[ \t]*$")
            j = i + 1
            while j < len(lines) and not close.match(lines[j]):
                j += 1
            ind = m["ind"]
            body = [line[len(ind):] if line.startswith(ind) else line.lstrip() for line in lines[i + 1:j]]
            yield Fence(ind, m["fence"], m["info"], body)
            i = j + 1
        else:
            buf.append(lines[i])
            i += 1
    if buf:
        yield "\n".join(buf)


def split_directive(body: list[str]) -> tuple[dict, str]:
    """Options (``:key: value`` lines or a ``---`` YAML block) and the content of a directive."""
    opts: dict = {}
    i = 0
    if body and body[0].strip() == "---":
        end = body.index("---", 1)
        opts = yaml.safe_load("\n".join(body[1:end])) or {}
        i = end + 1
    else:
        while i < len(body) and (m := _OPTION.match(body[i])):
            opts[m["key"]] = m["value"].strip()
            i += 1
    return opts, "\n".join(body[i:]).strip("\n")


# --- cross-reference index over the whole book ------------------------------------------------

@dataclass
class Target:
    kind: str      # "eq", "fig", "exercise", "section"
    doc: str
    number: str = ""
    title: str = ""


@dataclass
class Index:
    titles: dict[str, str] = field(default_factory=dict)       # doc -> H1 title (MyST)
    targets: dict[str, Target] = field(default_factory=dict)   # label -> target
    toc_children: dict[str, list[str]] = field(default_factory=dict)
    #: doc -> its chapter's number ("5"), for the pages of the numbered chapters (and their sections)
    chapters: dict[str, str] = field(default_factory=dict)
    counters: Counters = field(default_factory=lambda: Counters())

    def add(self, label: str, target: Target):
        if label in self.targets:
            prev = self.targets[label]
            raise ValueError(f"label {label!r} defined twice ({prev.doc} and {target.doc})")
        self.targets[label] = target


_TITLE = re.compile(r"^# (.+)$", re.M)
_DOLLAR_LABEL = re.compile(r"\$\$(?P<body>.+?)\$\$[ \t]*\((?P<label>[\w:.-]+)\)", re.S)
_TARGET = re.compile(r"^\((?P<label>[\w:.-]+)\)=[ \t]*$", re.M)
_HEADING = re.compile(r"^#{1,6} (?P<text>.+)$", re.M)


class Counters:
    """Numbering as on the website: Sphinx numbers labelled equations, captioned figures and
    exercises per chapter ("5.12": the chapter's number, then the count within the chapter), in
    the order of the table of contents; unnumbered pages share one count without a prefix."""

    def __init__(self):
        self.counts: dict[tuple[str, str], int] = {}

    def next(self, kind: str, chapter: str = "") -> str:
        n = self.counts[(chapter, kind)] = self.counts.get((chapter, kind), 0) + 1
        return f"{chapter}.{n}" if chapter else str(n)


def scan(doc: str, cells: list[tuple[str, str, dict]], index: Index) -> None:
    """Register the title and every label of one page (cells: (type, source, metadata))."""
    title = ""
    for kind, source, _ in cells:
        if kind == "markdown":
            text = "\n".join(b for b in blocks(source) if isinstance(b, str))
            if (m := _TITLE.search(text)):
                title = m[1].strip()
                break
    index.titles[doc] = title
    chapter = index.chapters.get(doc, "")

    class count:  # noqa: N801 - this page's counters
        @staticmethod
        def next(kind: str) -> str:
            return index.counters.next(kind, chapter)

    def walk(text: str):
        for b in blocks(text):
            if isinstance(b, str):
                for m in _TARGET.finditer(b):
                    rest = b[m.end():]
                    h = _HEADING.search(rest)
                    heading = h["text"].strip() if h else m["label"]
                    index.add(m["label"], Target("section", doc, title=heading))
                for m in _DOLLAR_LABEL.finditer(b):
                    index.add(m["label"], Target("eq", doc, count.next("eq")))
                continue
            d = b.directive
            if d is None:
                continue
            opts, content = split_directive(b.body)
            name = d["name"]
            if name in ("math", "glue:math") and "label" in opts:
                index.add(opts["label"], Target("eq", doc, count.next("eq")))
            elif name == "exercise":
                number = "" if "nonumber" in opts else count.next("ex")
                if "label" in opts:
                    index.add(opts["label"], Target("exercise", doc, number, d["arg"].strip()))
            elif name in ("figure", "glue:figure") and content.strip():
                number = count.next("fig")
                if "name" in opts:
                    index.add(opts["name"], Target("fig", doc, number))
            if name not in ("code-block", "code", "sourcecode"):
                walk(content)

    for kind, source, meta in cells:
        if kind == "markdown":
            walk(source)
        else:
            fig = (meta.get("mystnb") or {}).get("figure") or {}
            if fig.get("caption"):
                number = count.next("fig")
                if "name" in fig:
                    index.add(fig["name"], Target("fig", doc, number))


# --- rendering --------------------------------------------------------------------------------

_ROLE = re.compile(r"\{(?P<role>[A-Za-z][\w:.-]*)\}`(?P<content>[^`]*)`")
_EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
_DOUBLED = re.compile(r"\b(Exercise|Figure|Fig\.|Equation|Eq\.)\s+(?:Exercise|Figure|Equation) (?=[\d(])")
_COMMENT = re.compile(r"^%.*\n?", re.M)
ADMONITIONS = {"admonition", "note", "warning", "tip", "important", "caution", "attention",
               "danger", "error", "hint", "seealso", "margin", "sidebar", "topic", "epigraph"}


def blockquote(text: str) -> str:
    return "\n".join("> " + line if line.strip() else ">" for line in text.split("\n"))


class Renderer:
    """Render the Markdown of one page ``doc`` of the book, using ``index`` for references."""

    def __init__(self, doc: str, index: Index, bib, glue: dict, *, student: bool = False,
                 strip_latex=lambda s: s, format_text=lambda s, fmt: s):
        self.doc, self.index, self.bib, self.glue, self.student = doc, index, bib, glue, student
        self.strip_latex, self.format_text = strip_latex, format_text
        self.cited: list[str] = []
        self.warnings: list[str] = []

    # references ----------------------------------------------------------------------------
    def _target(self, label: str) -> Target:
        try:
            return self.index.targets[label]
        except KeyError:
            raise KeyError(f"{self.doc}: unknown reference target {label!r}") from None

    def _where(self, t: Target) -> str:
        return "" if t.doc == self.doc else f" of “{self.inline(self.index.titles[t.doc])}”"

    def _doc_path(self, ref: str) -> str:
        if ref.startswith("/"):
            return ref.lstrip("/")
        base = self.doc.rsplit("/", 1)[0] if "/" in self.doc else ""
        parts = (base.split("/") if base else []) + ref.split("/")
        out: list[str] = []
        for p in parts:
            if p == "..":
                out.pop()
            elif p not in ("", "."):
                out.append(p)
        return "/".join(out).removesuffix(".md").removesuffix(".ipynb")

    def _glue_value(self, key: str) -> dict:
        key = key.split("::")[-1]
        if key not in self.glue:
            raise KeyError(f"{self.doc}: glue key {key!r} was not glued by the page's code")
        return self.glue[key]

    def role(self, role: str, content: str) -> str:
        explicit = _EXPLICIT.match(content)
        if role.startswith("cite"):
            keys = content
            self.cited += [k.strip() for k in keys.split(",") if k.strip() not in self.cited]
            return self.bib.cite(role.partition(":")[2], keys)
        if role in ("glue:text", "glue", "glue:", "glue:any", "glue:md"):
            key, _, fmt = content.rpartition(":") if ":" in content.replace("::", "") else (content, "", "")
            data = self._glue_value(key)
            if role == "glue:md" and "text/markdown" in data:
                return data["text/markdown"]
            if role in ("glue", "glue:", "glue:any") and "text/latex" in data:
                return "$" + self.strip_latex(data["text/latex"]) + "$"
            return self.format_text(data["text/plain"], fmt)
        if role in ("eq", "numref", "ref", "doc"):
            text, label = (explicit["text"], explicit["target"]) if explicit else (None, content)
            if role == "doc":
                doc = self._doc_path(label)
                if doc not in self.index.titles:
                    raise KeyError(f"{self.doc}: {{doc}} to unknown page {label!r}")
                return f"*{self.inline(text or self.index.titles[doc])}*"
            t = self._target(label)
            if role == "eq":
                return f"({t.number}){self._where(t)}"
            name = {"fig": "Figure", "exercise": "Exercise", "eq": "Equation"}.get(t.kind, "")
            if role == "numref":
                if text:
                    return self.inline(text.replace("%s", t.number).replace("{number}", t.number))
                return f"{name} {t.number}{self._where(t)}".strip()
            if text:
                return self.inline(text)
            if t.kind == "section":
                return f"“{self.inline(t.title)}”"
            if t.kind == "eq":
                return f"({t.number}){self._where(t)}"
            return f"{name} {t.number}{self._where(t)}"
        if role == "math":
            return f"${content}$"
        if role in ("sub", "sup"):
            return f"<{role}>{content}</{role}>"
        if role == "abbr":
            return re.sub(r"\s*\(.*\)$", "", content)
        if explicit:
            return explicit["text"]
        return content

    def inline(self, text: str) -> str:
        text = _ROLE.sub(lambda m: self.role(m["role"], m["content"]), text)
        # "Exercise {ref}`ex-x`" would read "Exercise Exercise 1.2" (as on the website)
        return _DOUBLED.sub(r"\1 ", text)

    # blocks --------------------------------------------------------------------------------
    def text_run(self, text: str) -> str:
        text = _COMMENT.sub("", text)
        text = _TARGET.sub("", text)

        def tag(m):
            t = self._target(m["label"])
            return f"$${m['body'].rstrip()} \\tag{{{t.number}}}$$"
        text = _DOLLAR_LABEL.sub(tag, text)
        # definition lists: "term\n: definition" -> "**term**\n\ndefinition"
        out: list[str] = []
        in_def = False
        for line in text.split("\n"):
            if line.startswith(": "):
                if not in_def and out and out[-1].strip():
                    out[-1:] = [f"**{out[-1].strip()}**", ""]
                out.append(line[2:])
                in_def = True
            elif in_def and (line.startswith("  ") or not line.strip()):
                out.append(line[2:])
            else:
                in_def = False
                out.append(line)
        return self.inline("\n".join(out))

    def math(self, tex: str, label: str | None) -> str:
        tex = re.sub(r"\\label\{[^}]*\}", "", tex).strip()
        if label:
            tex += f" \\tag{{{self._target(label).number}}}"
        return f"$$\n{tex}\n$$"

    def directive(self, b: Fence) -> str:
        d = b.directive
        name, arg = d["name"], d["arg"].strip()
        opts, content = split_directive(b.body)
        if name in ("glue:math", "glue", "glue:", "glue:any"):
            data = self._glue_value(arg)
            if "text/latex" not in data:
                if name == "glue:math":
                    raise KeyError(f"{self.doc}: glue key {arg!r} holds no LaTeX")
                return self.format_text(data.get("text/plain", ""), "")
            return self.math(self.strip_latex(data["text/latex"]), opts.get("label"))
        if name == "math":
            return self.math(content, opts.get("label"))
        if name == "exercise":
            t = self.index.targets.get(opts.get("label", ""))
            number = t.number if t else ""
            head = f"Exercise {number}".strip() + (f": {self.inline(arg)}" if arg else "")
            return f"### {head}\n\n{self.render(content)}"
        if name == "solution":
            if self.student:
                return ""
            t = self.index.targets.get(arg)
            which = f" to Exercise {t.number}" if t and t.number else ""
            return (f"<details>\n<summary><b>Solution{which}</b> (click to show)</summary>\n\n"
                    f"{self.render(content)}\n\n</details>")
        if name == "dropdown":
            return f"<details>\n<summary>{self.inline(arg)}</summary>\n\n{self.render(content)}\n\n</details>"
        if name in ADMONITIONS:
            title = self.inline(arg) if arg else name.capitalize()
            return blockquote(f"**{title}**\n\n{self.render(content)}")
        if name == "tableofcontents":
            items = self.index.toc_children.get(self.doc, [])
            return "\n".join(f"* *{self.inline(self.index.titles[c])}*" for c in items)
        if name == "bibliography":
            return ""
        if name in ("code-block", "code", "sourcecode"):
            return f"```{arg}\n{content}\n```"
        if name == "figure":
            t = self.index.targets.get(opts.get("name", ""))
            alt = opts.get("alt", "")
            cap = f"\n\n*Figure {t.number}.* {self.render(content)}" if t else ""
            return f"![{alt}]({arg}){cap}"
        self.warnings.append(f"{self.doc}: directive {{{name}}} has no notebook form; shown as a quote")
        print(f"warning: {self.warnings[-1]}", file=sys.stderr)
        return blockquote((f"**{self.inline(arg)}**\n\n" if arg else "") + self.render(content))

    def render(self, text: str) -> str:
        out = []
        for b in blocks(text):
            if isinstance(b, str):
                out.append(self.text_run(b))
            else:
                if b.directive is None:  # an ordinary code block: verbatim
                    text = "\n".join([b.fence + b.info, *b.body, b.fence])
                else:
                    text = self.directive(b)
                out.append("\n".join(b.indent + line if line else line for line in text.split("\n")))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")
