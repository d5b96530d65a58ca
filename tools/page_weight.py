"""Measure what a reader downloads and waits for on each page of the built site.

    python -m tools.page_weight [HTML_DIR]      (default: _build/html)

For every page of _toc.yml, a headless Chromium loads the page from a local
HTTP server (so that network throttling applies) and the script reports:

* first-load bytes (uncompressed, and with text gzip-compressed as a web host serves
  it): every response received until the page's ``load`` event
  and MathJax's typesetting have finished (HTML, CSS, scripts, fonts, images);
* load time on an emulated 4G link (4 Mbit/s down, 3 Mbit/s up, 20 ms latency:
  Chrome DevTools' "Regular 4G" preset) until ``load`` and MathJax are done.

Used for the page weights in the closing notes of issue 7; not a test (the
site tests check the 1 MB budget on file:// without throttling).
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import shutil
import sys
import threading
import time
from pathlib import Path

from tools.book import toc_files

ROOT = Path(__file__).resolve().parents[1]

FOUR_G = {"offline": False, "downloadThroughput": 4e6 / 8, "uploadThroughput": 3e6 / 8, "latency": 20}


GZIP_TYPES = (".html", ".css", ".js", ".svg", ".json", ".txt", ".map")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    """Static server; with ``gzip`` it compresses text like a web host does (GitHub Pages...)."""

    gzip = False

    def log_message(self, *args):
        pass

    def do_GET(self):
        path = Path(self.translate_path(self.path.split("?")[0]))
        if not (self.gzip and path.is_file() and path.suffix in GZIP_TYPES
                and "gzip" in self.headers.get("Accept-Encoding", "")):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def measure(html_dir: Path, compress: bool = False) -> list[tuple[str, int, float]]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(type("H", (_Quiet,), {"gzip": compress}), directory=str(html_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    rows = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        for doc in toc_files():
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.route(re.compile(r"^(?!http://127\.0\.0\.1)"), lambda r: r.abort())
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            cdp.send("Network.emulateNetworkConditions", FOUR_G)
            received = {}
            cdp.on("Network.loadingFinished",
                   lambda e, received=received: received.__setitem__(e["requestId"], e["encodedDataLength"]))
            t0 = time.perf_counter()
            page.goto(f"{base}/{doc}.html", wait_until="load", timeout=120_000)
            page.evaluate("() => (window.MathJax && MathJax.startup && MathJax.startup.promise)"
                          " ? MathJax.startup.promise.then(() => true) : true")
            elapsed = time.perf_counter() - t0
            page.wait_for_timeout(300)
            rows.append((doc, int(sum(received.values())), elapsed))
            print(f"{doc:32s} {rows[-1][1] / 1e6:10.2f} MB {elapsed:7.1f} s", flush=True)
            context.close()
        browser.close()
    server.shutdown()
    return rows


def main() -> int:
    html_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "_build" / "html"
    for compress in (False, True):
        print(f"\n{'page':32s} {'first load':>12s} {'4G load':>9s}   "
              f"({'gzip-compressed text, as a web host serves it' if compress else 'uncompressed'})")
        measure(html_dir, compress)
    return 0


if __name__ == "__main__":
    sys.exit(main())
