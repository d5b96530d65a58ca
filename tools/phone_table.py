"""The per-page phone table of issue 18: what each page of _toc.yml costs a reader on a phone.

    python -m tools.phone_table [HTML_DIR] [--pages a,b] [--loads 3] [--json F]

For every page, at 390 x 844 CSS px on the "4g" profile of tools/page_weight.py (9 Mbit/s, 170 ms):

* ``kB``: first-load bytes (transferred until ``load``, compressed) and ``img kB``, the images' part;
* ``load ms``: the least of ``--loads`` cold loads (the machine is shared: the least is the one
  least disturbed by other work), and the main thread's CPU time of that load;
* ``CLS``: the largest cumulative layout shift of the cold loads;
* ``screens``: the page's height in phone screens (document height / 844 px, unthrottled);
* ``fig px``: the smallest figure text as displayed at 390 px, measured by tests/test_phone.py's
  :func:`smallest_figure_text` (reused, not re-implemented).

The first four columns come from :func:`tools.page_weight.measure`, the one measurement of bytes
and time. A last column names which budget a page misses (first load <= 600 kB, load <= 1.5 s,
CLS 0, smallest figure text >= 9 px) and the likeliest cause: image bytes, script and layout work
on the main thread, or the wire (requests and bytes at 9 Mbit/s).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from pathlib import Path

from tools.page_weight import PHONE, launch, measure, serve

ROOT = Path(__file__).resolve().parents[1]
BUDGET_KB, BUDGET_MS, BUDGET_FIG_PX = 600.0, 1500.0, 9.0


def _phone_checks():
    """tests/test_phone.py as a module (its figure-text measurement and phone context)."""
    spec = importlib.util.spec_from_file_location("stt_test_phone", ROOT / "tests" / "test_phone.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def why(row: dict) -> str:
    """The budgets a row misses, each with its likeliest cause ("" when it meets them all)."""
    misses = []
    if row["kB"] > BUDGET_KB:
        share = row["img_kB"] / row["kB"]
        misses.append(f"> {BUDGET_KB:.0f} kB ({'images' if share > 0.5 else 'text and scripts'} "
                      f"{100 * max(share, 1 - share):.0f} %)")
    if row["load_ms"] > BUDGET_MS:
        wire = 8 * row["kB"] / 9e3 * 1e3  # ms the bytes take at 9 Mbit/s
        cause = "main thread" if row["main_ms"] > wire else "bytes on the wire"
        misses.append(f"> {BUDGET_MS / 1e3:.1f} s ({cause}: CPU {row['main_ms']:.0f} ms, "
                      f"wire >= {wire:.0f} ms)")
    if row["cls"] > 0:
        misses.append(f"CLS {row['cls']:.3f}")
    if row["fig_px"] is not None and row["fig_px"] < BUDGET_FIG_PX:
        misses.append(f"figure text {row['fig_px']:.1f} px")
    return "; ".join(misses)


def table(html_dir: Path, docs: list[str] | None = None, loads: int = 3, out=sys.stdout) -> list[dict]:
    """Measure every page of ``docs`` (default: every page of _toc.yml); print a Markdown table."""
    from tools.book import toc_files

    if loads < 1:
        raise ValueError(f"loads must be >= 1, got {loads!r}")
    docs = docs or toc_files()
    phone = _phone_checks()
    phone.HTML = Path(html_dir)
    rows = []
    print("| page | first load kB | img kB | load ms (least of "
          f"{loads}) | main thread ms | CLS | screens | fig px | misses |", file=out)
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |", file=out)
    with serve(html_dir) as base, launch() as browser:
        for doc in docs:
            url = f"{base}/{doc}.html"
            runs = [measure(url, PHONE, "4g", browser=browser) for _ in range(loads)]
            best = min(runs, key=lambda r: r["load_ms"])
            context = phone.phone_context(browser)
            try:
                page = context.new_page()
                page.goto(url, wait_until="load", timeout=120_000)
                page.evaluate(phone._SETTLE)
                fig_px = phone.smallest_figure_text(page)
                height = page.evaluate("document.documentElement.scrollHeight")
            finally:
                context.close()
            row = {"page": doc, "kB": best["bytes"] / 1e3, "img_kB": best["by_type"].get("Image", 0) / 1e3,
                   "load_ms": best["load_ms"], "main_ms": best["main_thread_ms"],
                   "cls": max(r["cls"] for r in runs), "screens": height / PHONE[1], "fig_px": fig_px,
                   "largest": best["largest"]}
            row["misses"] = why(row)
            rows.append(row)
            fig = "-" if fig_px is None else f"{fig_px:.1f}"
            print(f"| {doc} | {row['kB']:.0f} | {row['img_kB']:.0f} | {row['load_ms']:.0f} | "
                  f"{row['main_ms']:.0f} | {row['cls']:.3f} | {row['screens']:.1f} | {fig} | "
                  f"{row['misses']} |", file=out, flush=True)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("html_dir", nargs="?", default=str(ROOT / "_build" / "html"))
    parser.add_argument("--pages", default="", help="comma-separated docnames (default: all of _toc.yml)")
    parser.add_argument("--loads", type=int, default=3, help="cold loads per page (the least is kept)")
    parser.add_argument("--json", default="", help="also write the rows to this file")
    args = parser.parse_args(argv)
    rows = table(Path(args.html_dir), [p for p in args.pages.split(",") if p] or None, args.loads)
    if args.json:
        Path(args.json).write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
