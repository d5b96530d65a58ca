"""Run one submitted notebook and export its answers as plain data (runs INSIDE the sandbox).

Usage: ``python runner.py NOTEBOOK ANSWERS_JSON VAR [VAR ...]``.

Every code cell of the notebook runs in order in one IPython shell (magics such as ``%pip``
work; a cell that raises is recorded and the next one runs, as `Restart and run all` with errors
allowed would). After each cell the answer variables named on the command line are written to
``ANSWERS_JSON`` (atomically), so a notebook stopped by the time limit keeps what it had computed.

Only plain data leaves the sandbox: numbers, strings, booleans, lists, numeric arrays and SymPy
expressions as their ``str``; anything else is exported as its type name. Nothing here is trusted
by the grader: the submission runs in this very process and may rewrite the file as it likes; it
can only change its own answers, which the hidden checks then judge in another process.

This file is standalone (the sandbox sees no repository): standard library, NumPy and IPython.
"""

from __future__ import annotations

import json
import math
import os
import sys
import traceback

MAX_ARRAY = 100_000  # elements of one exported array
MAX_TEXT = 20_000  # characters of one exported string or expression
# otter's export cell re-runs the whole notebook to validate a zip: not needed to grade, skipped
SKIP = ("grader.export(",)


def encode(value, depth: int = 0):
    """Plain-data form of one answer (a JSON-ready dict)."""
    if depth > 4:
        return {"kind": "other", "type": "nested too deep"}
    if value is None or isinstance(value, bool):
        return {"kind": "plain", "value": value}
    module = type(value).__module__ or ""
    if module.startswith("sympy"):
        try:
            import sympy

            if isinstance(value, sympy.Basic):
                return {"kind": "sympy", "text": str(value)[:MAX_TEXT]}
        except Exception:  # noqa: BLE001
            pass
    if isinstance(value, str):
        return {"kind": "str", "value": value[:MAX_TEXT]}
    if isinstance(value, int):
        return {"kind": "number", "value": float(value) if abs(value) > 2**53 else value}
    if isinstance(value, float):
        return {"kind": "number", "value": _float(value)}
    if isinstance(value, list | tuple):
        return {"kind": "list", "items": [encode(v, depth + 1) for v in value[:1000]]}
    try:
        import numpy as np

        if isinstance(value, np.generic) and np.isrealobj(value) and value.dtype.kind in "biuf":
            return {"kind": "number", "value": _float(float(value))}
        if isinstance(value, np.ndarray) and value.dtype.kind in "biuf" and value.size <= MAX_ARRAY:
            flat = [_float(float(v)) for v in value.astype(float).ravel()]
            return {"kind": "array", "shape": list(value.shape), "data": flat}
    except Exception:  # noqa: BLE001
        pass
    return {"kind": "other", "type": type(value).__name__[:100]}


def _float(x: float):
    """JSON has no NaN or infinity: those travel as strings."""
    return x if math.isfinite(x) else repr(x)


def export(namespace: dict, names: list[str], path: str, state: dict) -> None:
    answers = {}
    for name in names:
        if name in namespace:
            try:
                answers[name] = encode(namespace[name])
            except Exception as err:  # noqa: BLE001
                answers[name] = {"kind": "other", "type": f"unexportable ({type(err).__name__})"}
    declared = namespace.get("STUDENT_ID")
    payload = {"answers": answers, "declared_id": declared if isinstance(declared, str) else None, **state}
    tmp = path + ".tmp"
    with open(tmp, "w") as handle:
        json.dump(payload, handle)
    os.replace(tmp, path)


def peak_memory_mib() -> float | None:
    """Peak address space of this process (VmPeak, what the memory limit caps), in MiB."""
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmPeak:"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return None


def main(argv: list[str]) -> int:
    notebook, out, *names = argv
    with open(notebook) as handle:
        cells = json.load(handle)["cells"]
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    namespace = shell.user_ns
    state = {"cells_run": 0, "errors": [], "finished": False}
    export(namespace, names, out, state)
    codes = [c for c in cells if c.get("cell_type") == "code"]
    for index, cell in enumerate(codes):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        if any(marker in source for marker in SKIP):
            continue
        try:
            result = shell.run_cell(source, store_history=False, silent=True)
            error = result.error_in_exec or result.error_before_exec
        except BaseException as err:  # noqa: BLE001 (SystemExit and friends too)
            error = err
        if error is not None:
            state["errors"].append({"cell": index, "error": type(error).__name__})
        state["cells_run"] = index + 1
        try:
            export(namespace, names, out, state)
        except Exception:  # noqa: BLE001
            traceback.print_exc()
    state["finished"] = True
    state["peak_memory_mib"] = peak_memory_mib()
    export(namespace, names, out, state)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
