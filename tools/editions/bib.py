"""Author-year citations from book/references.bib, as the website prints them.

The website uses sphinxcontrib-bibtex with ``bibtex_reference_style: author_year``:
``{cite:t}`ralph2008``` reads "Ralph and Stiles (2008)" and ``{cite:p}`ralph2008```
reads "(Ralph and Stiles, 2008)". The exported notebooks have no Sphinx, so the
same strings are produced here from the same .bib file (parsed by pybtex, which
sphinxcontrib-bibtex itself uses).
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pybtex.database import parse_file
from pybtex.richtext import Text


def _plain(latex: str) -> str:
    """BibTeX field (with {\\'e}-style accents and protective braces) as plain Unicode text."""
    return Text.from_latex(latex).render_as("text")


class Bibliography:
    def __init__(self, bibfile: Path):
        self.bibfile = Path(bibfile)

    @cached_property
    def entries(self):
        return parse_file(str(self.bibfile), bib_format="bibtex").entries

    def _entry(self, key: str):
        try:
            return self.entries[key]
        except KeyError:
            raise KeyError(f"citation key {key!r} not in {self.bibfile.name}") from None

    def authors(self, key: str) -> str:
        people = self._entry(key).persons.get("author", [])
        last = [_plain(" ".join(p.prelast_names + p.last_names)) for p in people]
        if not last:
            return "Anonymous"
        if len(last) == 1:
            return last[0]
        if len(last) == 2:
            return f"{last[0]} and {last[1]}"
        return f"{last[0]} et al."

    def year(self, key: str) -> str:
        return self._entry(key).fields.get("year", "n.d.")

    def cite(self, role: str, keys: str) -> str:
        """Text of a ``{cite:<role>}`keys``` citation (role: t, p, ts, ps, author, year, '')."""
        keys_ = [k.strip() for k in keys.split(",") if k.strip()]
        if role in ("t", "ts"):
            return ", ".join(f"{self.authors(k)} ({self.year(k)})" for k in keys_)
        if role in ("author", "authors"):
            return ", ".join(self.authors(k) for k in keys_)
        if role in ("year", "years"):
            return ", ".join(self.year(k) for k in keys_)
        # p, ps, plain {cite}: parenthetical
        return "(" + "; ".join(f"{self.authors(k)}, {self.year(k)}" for k in keys_) + ")"

    def reference(self, key: str) -> str:
        """One entry of a reference list, in Markdown."""
        e = self._entry(key)
        f = e.fields
        people = e.persons.get("author", [])
        names = [_plain(" ".join(p.first_names + p.middle_names + p.prelast_names + p.last_names))
                 for p in people]
        who = ", ".join(names[:-1]) + (" and " if len(names) > 1 else "") + (names[-1] if names else "")
        parts = [f"{who} ({f.get('year', 'n.d.')}). {_plain(f.get('title', ''))}."]
        venue = _plain(f.get("journal", f.get("booktitle", f.get("publisher", ""))))
        if venue:
            vol = f" **{f['volume']}**" if "volume" in f else ""
            pages = f", {f['pages'].replace('--', '–')}" if "pages" in f else ""
            parts.append(f"*{venue}*{vol}{pages}.")
        if "doi" in f:
            parts.append(f"[doi:{f['doi']}](https://doi.org/{f['doi']})")
        elif "eprint" in f:
            parts.append(f"[arXiv:{f['eprint']}](https://arxiv.org/abs/{f['eprint']})")
        return " ".join(parts)
