"""The benchmark package (``make bench``, ``python -m tools.bench``): every interactive figure, the
heavy kernels, each chapter's execution, and the kernels against third-party peers
(:mod:`tools.bench.peers` for the LLG integrator against cmtj, :mod:`tools.bench.manybody` for the
many-body evolution against QuTiP)."""

from __future__ import annotations


def table(header: tuple, rows: list[tuple], fmt: tuple) -> str:
    cells = [header] + [tuple(f.format(v) for f, v in zip(fmt, row, strict=True)) for row in rows]
    widths = [max(len(c[i]) for c in cells) for i in range(len(header))]
    lines = ["| " + " | ".join(c[i].ljust(widths[i]) for i in range(len(header))) + " |" for c in cells]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)
