"""Felt latency of every explorer's live sliders in a real JupyterLab, driven by Chromium.

For each explorer of :func:`spinlib.widgets.all_explorers` (new ones are picked up by themselves)
this starts nothing new per explorer: one JupyterLab server (``jupyter lab --no-browser``) serves a
temporary folder holding one notebook per explorer, whose only cell shows ``<explorer>().live()``.
Playwright drives Debian's Chromium (no network: every request that is not to the local server is
aborted) and, for every notebook:

* runs the cell and waits for the live image;
* clicks each slider's track at several stops, and picks each option of each drop-down, one input
  at a time, as a user would;
* drags each slider's handle across part of its track (one pointer move every ~16 ms, like a
  60 Hz mouse) and releases it.

The time measured is what the user feels: from the input event (its ``event.timeStamp``, taken by a
capture listener in the page) to the first animation frame after the new image has been decoded
(a ``MutationObserver`` on the image's ``src``, then ``img.decode()``, then
``requestAnimationFrame``): compute, redraw, encoding, both trips through the server and
websocket, decoding and painting. For a drag the number is the time from the last pointer move to
the paint of the final frame ("settle"), which is what is felt when the hand stops; the frames
painted during the drag are counted too.

The kernel side of the same moves is read back from the kernel (``box.timings``: compute, draw,
encode per rendered frame), through a second client on the same kernel, with the explorer's
creation (its function and live view up to the first frame, imports excluded; wall and CPU time):
the one-off cost of an explorer that precomputes its slider stops.

Usage: ``python -m tools.bench.jupyterlab [--only NAME ...] [--stops N] [--json PATH]``; ``make
bench`` runs it after the in-process table. Needs ``/usr/bin/chromium`` (Debian's package) and
Python's ``playwright`` and ``jupyterlab`` (requirements.txt); no ``playwright install``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

TARGET_MS = 100.0
KERNEL_IDLE_JS = "/\\| Idle/.test(document.querySelector('#jp-main-statusbar')?.textContent || '')"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
                 "--disable-backgrounding-occluded-windows"]

# Installed in the page: input timestamps and image paints, in the page's clock (performance.now()).
PROBE_JS = r"""
(root) => {
  const P = window.__lat = {inputs: [], paints: []};
  for (const type of ['pointerdown', 'pointermove', 'keydown', 'change', 'input']) {
    document.addEventListener(type, (e) => {
      if (type === 'pointermove' && !e.buttons) return;
      P.inputs.push({type, t: e.timeStamp});
    }, true);
  }
  const img = root.querySelector('img');
  const seen = (t0) => {
    const src = img.src;
    img.decode().catch(() => {}).then(() => requestAnimationFrame(() => {
      P.paints.push({t_src: t0, t: performance.now(), src});
    }));
  };
  new MutationObserver((muts) => {
    const t0 = performance.now();
    for (const m of muts) if (m.attributeName === 'src') { seen(t0); break; }
  }).observe(img, {attributes: true});
}
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def write_notebooks(folder: Path, names: list[str], baseline: str | None = None) -> list[str]:
    """One notebook per explorer (and per explorer a ``@before`` one importing spinlib from
    ``baseline``, another copy of the repository); returns the notebooks' stems in run order."""
    import nbformat

    stems = []
    for name in names:
        for stem, prefix in ((f"{name}@before", f"import sys; sys.path.insert(0, {baseline!r})\n"),
                             (name, "")):
            if prefix and not baseline:
                continue
            # creation = the explorer's function and its live view with the first frame (an explorer
            # that precomputes its slider stops does it here), imports excluded
            code = (prefix + "import time as _time\nfrom spinlib.widgets import all_explorers\n"
                    f"_factory = all_explorers()[{name!r}]\n"
                    "_t0, _c0 = _time.perf_counter(), _time.process_time()\n"
                    "box = _factory().live()\n"
                    "_created = {'wall_ms': 1e3 * (_time.perf_counter() - _t0),"
                    " 'cpu_ms': 1e3 * (_time.process_time() - _c0)}\n"
                    "box")
            nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
            nbformat.write(nb, folder / f"{stem}.ipynb")
            stems.append(stem)
    return stems


class Lab:
    """A JupyterLab server on a free local port, in ``folder``; stopped by :meth:`close`."""

    def __init__(self, folder: Path):
        self.folder, self.port, self.token = folder, free_port(), "bench" + os.urandom(8).hex()
        env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(folder / ".runtime"),
               "JUPYTER_CONFIG_DIR": str(folder / ".config"), "PYTHONPATH": os.getcwd()}
        env.pop("SPINLIB_STATIC", None)
        self.runtime = Path(env["JUPYTER_RUNTIME_DIR"])
        self.log = open(folder / "lab.log", "w")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", f"--port={self.port}",
             "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={self.token}",
             f"--ServerApp.root_dir={folder}", "--LabApp.news_url=", "--ServerApp.open_browser=False",
             "--allow-root"],
            cwd=folder, env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.time() + 120
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/status?token={self.token}", timeout=2)
                break
            except OSError:
                if time.time() > deadline or self.proc.poll() is not None:
                    self.close()
                    raise RuntimeError(f"JupyterLab did not start; see {folder / 'lab.log'}") from None
                time.sleep(0.5)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def api(self, path: str):
        with urllib.request.urlopen(f"{self.url}/api/{path}?token={self.token}", timeout=10) as r:
            return json.load(r)

    def kernel_eval(self, kernel_id: str, code: str) -> str:
        """Run ``code`` in the notebook's kernel through a second client and return its stdout."""
        from jupyter_client import BlockingKernelClient

        client = BlockingKernelClient(connection_file=str(self.runtime / f"kernel-{kernel_id}.json"))
        client.load_connection_file()
        client.start_channels()
        try:
            out = []
            client.execute_interactive(code, timeout=60, output_hook=lambda m: out.append(
                m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
            return "".join(out)
        finally:
            client.stop_channels()

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def _settle(page, timeout_ms: float = 4000, quiet_ms: float = 400) -> None:
    """Wait until no image has been painted for ``quiet_ms`` (or ``timeout_ms`` passed)."""
    page.wait_for_function(
        """([quiet, since]) => {
             const p = window.__lat.paints, now = performance.now();
             const last = p.length ? p[p.length - 1].t : since;
             return now - Math.max(last, since) > quiet;
           }""", arg=[quiet_ms, page.evaluate("performance.now()")], timeout=timeout_ms + 5000,
        polling=50)


def _latency_of(page, act) -> tuple[float | None, int]:
    """Do ``act()`` and return (ms from its first input event to the next paint, paints seen)."""
    n_in, n_paint = page.evaluate("[__lat.inputs.length, __lat.paints.length]")
    act()
    try:
        page.wait_for_function(f"__lat.paints.length > {n_paint}", timeout=4000, polling="raf")
    except Exception:  # the frame did not change (equal PNG bytes): nothing is sent, nothing painted
        return None, 0
    _settle(page)
    inputs, paints = page.evaluate(f"[__lat.inputs.slice({n_in}), __lat.paints.slice({n_paint})]")
    if not inputs:
        return None, len(paints)
    return paints[0]["t"] - inputs[0]["t"], len(paints)


def measure_notebook(page, lab: Lab, name: str, stops: int) -> dict:
    page.goto(f"{lab.url}/lab/tree/{name}.ipynb?reset&token={lab.token}")
    page.wait_for_selector(".jp-Notebook .jp-Cell .jp-InputArea-editor", timeout=60000)
    # wait for the kernel, then run the one cell (a Shift+Enter before the kernel is connected is
    # dropped: run again until the cell has an execution count)
    prompt = "document.querySelector('.jp-InputArea-prompt').textContent.trim()"
    for _attempt in range(4):
        page.wait_for_function(KERNEL_IDLE_JS, timeout=120000)
        page.click(".jp-Notebook .jp-Cell .jp-InputArea-editor")
        page.keyboard.press("Shift+Enter")
        try:  # queued or running: "[*]:"; done: "[1]:"
            page.wait_for_function(f"{prompt} !== '[ ]:'", timeout=20000)
            break
        except Exception:
            continue
    root = page.wait_for_selector(".jp-OutputArea-output .widget-vbox:has(img)", timeout=300000)
    page.wait_for_function("(r) => r.querySelector('img').complete", arg=root)
    root.scroll_into_view_if_needed()
    page.evaluate(PROBE_JS, root)
    time.sleep(0.5)

    single, drags, frames_in_drags, unchanged = [], [], [], 0
    sliders = root.query_selector_all(".widget-slider .noUi-target")
    for track in sliders:
        box = track.bounding_box()
        for frac in np.linspace(0.08, 0.92, stops)[::-1 if len(single) % 2 else 1]:
            x, y = box["x"] + frac * box["width"], box["y"] + box["height"] / 2
            lat, _ = _latency_of(page, lambda x=x, y=y: page.mouse.click(x, y))
            if lat is None:
                unchanged += 1
            else:
                single.append(lat)
        for key in ("ArrowLeft", "ArrowLeft"):
            handle = track.query_selector(".noUi-handle")
            lat, _ = _latency_of(page, lambda h=handle, k=key: (h.focus(), h.press(k)))
            if lat is None:
                unchanged += 1
            else:
                single.append(lat)
        # a drag: from 20 % to 80 % of the track in 30 moves, 16 ms apart, then release
        handle = track.query_selector(".noUi-handle")
        page.mouse.click(box["x"] + 0.2 * box["width"], box["y"] + box["height"] / 2)
        _settle(page)
        hb = handle.bounding_box()
        hx, hy = hb["x"] + hb["width"] / 2, hb["y"] + hb["height"] / 2
        n_in, n_paint = page.evaluate("[__lat.inputs.length, __lat.paints.length]")
        page.mouse.move(hx, hy)
        page.mouse.down()
        for k in range(1, 31):
            page.mouse.move(hx + k * 0.02 * box["width"], hy)
            time.sleep(0.016)
        page.mouse.up()
        time.sleep(0.05)
        _settle(page, quiet_ms=800)
        inputs, paints = page.evaluate(f"[__lat.inputs.slice({n_in}), __lat.paints.slice({n_paint})]")
        if paints:
            # moves after the last paint changed nothing (same slider value): settle is counted
            # from the last move before the final frame was painted
            moves = [e["t"] for e in inputs if e["type"] == "pointermove" and e["t"] <= paints[-1]["t"]]
            if moves:
                drags.append(paints[-1]["t"] - moves[-1])
                frames_in_drags.append(len(paints))
    for select in root.query_selector_all("select"):
        options = select.eval_on_selector_all("option", "os => os.map(o => o.value)")
        for value in [*options[1:], options[0]]:
            lat, _ = _latency_of(page, lambda s=select, v=value: s.select_option(v))
            if lat is None:
                unchanged += 1
            else:
                single.append(lat)
    kernel = next(s["kernel"]["id"] for s in lab.api("sessions") if s["path"].endswith(f"{name}.ipynb"))
    code = "import json; print(json.dumps([getattr(box, 'timings', []), globals().get('_created', {})]))"
    timings, created = json.loads(lab.kernel_eval(kernel, code) or "[[], {}]")
    lab_kernel_shutdown(lab, kernel)
    return {"name": name, "moves": single, "drags": drags, "drag_frames": frames_in_drags,
            "unchanged": unchanged, "kernel": timings, "created": created,
            "time_origin": page.evaluate("performance.timeOrigin"),
            "page": page.evaluate("__lat"),
            "frame_width": page.evaluate("(r) => r.querySelector('img').naturalWidth", root)}


def lab_kernel_shutdown(lab: Lab, kernel_id: str) -> None:
    req = urllib.request.Request(f"{lab.url}/api/kernels/{kernel_id}?token={lab.token}", method="DELETE")
    try:
        urllib.request.urlopen(req, timeout=10)
    except OSError:
        pass


def summarize(result: dict) -> tuple:
    moves, drags = np.array(result["moves"]), np.array(result["drags"])
    k = result["kernel"]

    drawn = [t for t in k if not t.get("cached")]  # frames kept from before cost nothing

    def med(key):
        vals = [t[key] for t in drawn if key in t]
        return float(np.median(vals)) if vals else float("nan")

    worst = max(np.percentile(moves, 90) if moves.size else np.nan,
                np.median(drags) if drags.size else np.nan)
    return (result["name"], len(moves), float(np.median(moves)) if moves.size else np.nan,
            float(np.percentile(moves, 90)) if moves.size else np.nan,
            float(np.median(drags)) if drags.size else np.nan,
            float(np.max(drags)) if drags.size else np.nan,
            float(np.mean(result["drag_frames"])) if result["drag_frames"] else np.nan,
            med("compute_ms"), med("draw_ms"), med("encode_ms"), med("kB"), len(k) - len(drawn),
            result.get("created", {}).get("wall_ms", np.nan), result.get("created", {}).get("cpu_ms", np.nan),
            "ok" if worst <= TARGET_MS else "SLOW")


HEADER = ("explorer", "moves", "felt median ms", "felt p90 ms", "drag settle median ms",
          "drag settle max ms", "frames per drag", "kernel compute ms", "kernel draw ms",
          "kernel encode ms", "frame kB", "frames kept", "creation ms", "creation CPU ms", "<= 100 ms")
FORMAT = ("{}", "{}", "{:.0f}", "{:.0f}", "{:.0f}", "{:.0f}", "{:.1f}", "{:.2f}", "{:.1f}", "{:.1f}",
          "{:.1f}", "{}", "{:.0f}", "{:.0f}", "{}")


def run(names: list[str] | None = None, stops: int = 6, shots: str | None = None,
        baseline: str | None = None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from spinlib.widgets import all_explorers

    names = names or sorted(all_explorers())
    folder = Path(tempfile.mkdtemp(prefix="spinlib-lab-"))
    results = []
    try:
        stems = write_notebooks(folder, names, baseline)
        lab = Lab(folder)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for name in stems:
                page = browser.new_page(viewport={"width": 1280, "height": 1000})
                page.route("**/*", lambda route: route.continue_()
                           if route.request.url.startswith(lab.url) else route.abort())
                try:
                    results.append(measure_notebook(page, lab, name, stops))
                except Exception as exc:  # one broken explorer must not hide the others
                    results.append({"name": name, "error": f"{type(exc).__name__}: {str(exc)[:200]}"})
                    if shots:
                        page.screenshot(path=str(Path(shots) / f"{name}.png"))
                page.close()
            browser.close()
    finally:
        if "lab" in locals():
            lab.close()
        shutil.rmtree(folder, ignore_errors=True)
    return results


def report(results: list[dict]) -> str:
    from tools.bench import table

    rows = [summarize(r) for r in results if "error" not in r]
    text = table(HEADER, rows, FORMAT)
    for r in results:
        if "error" in r:
            text += f"\n\nFailed: {r['name']}: {r['error']}"
    load = os.getloadavg()
    text += (f"\n\nLoad average while measured: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
             f"on {os.cpu_count()} cores. Felt = input event to the paint of the new image "
             "(clicks on the track, arrow keys, drop-down picks); drag settle = last pointer move of "
             "a 30-move drag to the paint of its final frame.")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", nargs="*", help="explorer names (default: all)")
    parser.add_argument("--stops", type=int, default=6, help="track clicks per slider")
    parser.add_argument("--json", type=Path, help="also write the raw measurements here")
    parser.add_argument("--baseline", help="another checkout's root: each explorer is also measured "
                        "with its spinlib, right before (rows NAME@before), under the same load")
    args = parser.parse_args(argv)
    if not Path(CHROMIUM).exists():
        print(f"chromium not found ({CHROMIUM}): the JupyterLab benchmark is skipped")
        return 0
    results = run(args.only, args.stops, os.environ.get("SPINLIB_LAB_SHOTS"), args.baseline)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=1))
    print(report(results))
    return 1 if any("error" in r for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
