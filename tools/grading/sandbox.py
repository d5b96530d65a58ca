"""A throwaway bubblewrap sandbox per submission (Debian's ``bubblewrap`` package, no Docker).

What the sandboxed process sees: the system's ``/usr`` (read-only), the grading environment's
Python (read-only: the venv and the interpreter it points to, spinlib installed there as a wheel),
a private ``/proc`` with its own processes only, a minimal ``/dev``, an empty ``/tmp``, and its own
folder, the only writable place. It has no network (a new network namespace holds only loopback),
no view of the instructor's files, the autograder kit, the solutions or other submissions, and it
dies with the grader. Inside, ``prlimit`` caps its address space (memory), CPU time, file sizes
and processes; the wall-clock limit is enforced from outside (the whole process tree is killed).
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

# GRADING_BWRAP overrides the binary (the tests point it at a missing file to check the refusal)
BWRAP = os.environ.get("GRADING_BWRAP") or shutil.which("bwrap") or "/usr/bin/bwrap"
PRLIMIT = shutil.which("prlimit") or "/usr/bin/prlimit"


@dataclasses.dataclass(frozen=True)
class Limits:
    """Resource limits of one sandboxed run (defaults are the course's)."""

    wall_seconds: float = 300.0  # wall clock, whole notebook
    cpu_seconds: int = 600  # CPU time (all threads)
    memory_mib: int = 1536  # address space (RLIMIT_AS) of each process; the solutions peak near 420 MiB
    file_mib: int = 64  # largest file it may write
    processes: int = 256  # RLIMIT_NPROC inside the user namespace

    def describe(self) -> str:
        return (
            f"wall {self.wall_seconds:g} s, CPU {self.cpu_seconds} s, memory {self.memory_mib} MiB, "
            f"files {self.file_mib} MiB, processes {self.processes}"
        )


def python_roots() -> list[Path]:
    """Folders the grading interpreter needs: its venv and the base installation it links to."""
    roots = {
        Path(sys.prefix).resolve(),
        Path(sys.base_prefix).resolve(),
        Path(os.path.realpath(sys.executable)).parent.parent,
    }
    return sorted(r for r in roots if not str(r).startswith("/usr"))


#: The namespaces and the read-only system every sandbox (and the availability probe) starts from.
_BASE = ("--unshare-all", "--die-with-parent", "--ro-bind", "/usr", "/usr", "--symlink", "usr/bin", "/bin",
         "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--proc", "/proc",
         "--dev", "/dev")


def available() -> tuple[bool, str]:
    """Whether bubblewrap can create the sandbox here (root, or unprivileged user namespaces)."""
    if not Path(BWRAP).exists():
        return False, "bubblewrap is not installed (Debian: apt-get install bubblewrap)"
    probe = subprocess.run(
        [BWRAP, *_BASE, "/usr/bin/true"],
        capture_output=True,
        text=True,
    )
    if probe.returncode != 0:
        return False, f"bubblewrap cannot create a sandbox here: {probe.stderr.strip()[:300]}"
    return True, ""


def command(inner: list[str], *, workdir: Path, limits: Limits, readonly: tuple[Path, ...] = ()) -> list[str]:
    """The bwrap + prlimit command running ``inner`` with ``workdir`` mounted writable at /submission."""
    args = [BWRAP, *_BASE, "--new-session", "--hostname", "sandbox", "--symlink", "usr/sbin", "/sbin",
            "--tmpfs", "/tmp", "--dir", "/etc"]
    for etc in ("/etc/fonts", "/etc/ld.so.cache", "/etc/localtime", "/etc/mime.types"):
        if Path(etc).exists():
            args += ["--ro-bind", etc, etc]
    for root in python_roots():
        args += ["--ro-bind", str(root), str(root)]
    for path in readonly:
        args += ["--ro-bind", str(path), f"/grader/{path.name}"]
    args += [
        "--bind",
        str(workdir),
        "/submission",
        "--chdir",
        "/submission",
        "--clearenv",
        "--setenv",
        "HOME",
        "/submission",
        "--setenv",
        "PATH",
        f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "--setenv",
        "MPLBACKEND",
        "Agg",
        "--setenv",
        "OPENBLAS_NUM_THREADS",
        "1",
        "--setenv",
        "OMP_NUM_THREADS",
        "1",
        "--setenv",
        "MKL_NUM_THREADS",
        "1",
        "--setenv",
        "PYTHONDONTWRITEBYTECODE",
        "1",
        "--setenv",
        "MPLCONFIGDIR",
        "/tmp/mpl",
        "--setenv",
        "IPYTHONDIR",
        "/tmp/ipython",
        "--",
    ]
    return args + prlimit(limits) + inner


def prlimit(limits: Limits) -> list[str]:
    return [
        PRLIMIT,
        f"--as={limits.memory_mib * 2**20}",
        f"--cpu={limits.cpu_seconds}",
        f"--fsize={limits.file_mib * 2**20}",
        f"--nproc={limits.processes}",
        "--core=0",
        "--",
    ]


@dataclasses.dataclass
class Outcome:
    returncode: int | None
    timed_out: bool
    seconds: float
    stdout: str
    stderr: str


def clean_env() -> dict:
    """The environment bwrap itself starts with. bwrap's --clearenv cleans the sandboxed program's
    environment, but bwrap stays the sandbox's process 1, whose /proc/1/environ the submission
    can read: it must not carry the grader's variables (tokens, paths)."""
    return {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def run(cmd: list[str], *, timeout: float, cwd: Path | None = None, env: dict | None = None) -> Outcome:
    """Run ``cmd`` in its own process group; on timeout kill the whole group."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        cwd=cwd,
        env=clean_env() if env is None else env,
        errors="replace",
    )
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        os.killpg(proc.pid, signal.SIGKILL)
        out, err = proc.communicate()
    return Outcome(proc.returncode, timed_out, time.perf_counter() - start, out[-20000:], err[-20000:])
