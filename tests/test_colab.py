"""Colab, simulated: every exported notebook runs in a fresh environment holding spinlib alone.

Colab opens a lone .ipynb on a machine that has never seen this repository. The
nearest thing CI can build: a virtualenv with only ``pip install <checkout>``
(spinlib and its declared dependencies) plus a kernel (ipykernel, nbclient) -
no myst-nb, no Sphinx, no jupytext, no test tools - and a copy of each committed
notebook executed in a scratch folder outside the checkout, so nothing can be
imported from the repository by accident.

The environment is cached in ``_build/colab-venv/`` keyed on pyproject.toml
(the dependencies); spinlib itself is reinstalled from the checkout on every
run (``--no-deps``, seconds), so the notebooks always meet the current library.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tools.editions.export import SETUP_MARK, pages

ROOT = Path(__file__).resolve().parents[1]

NOTEBOOKS = [p.with_suffix(".ipynb") for p in pages()]
IDS = [str(p.relative_to(ROOT / "book").with_suffix("")) for p in NOTEBOOKS]
KERNEL_PACKAGES = ["ipykernel", "nbclient"]
pytestmark = pytest.mark.xdist_group("colab")  # one worker builds and uses the environment

RUNNER = r"""
import json, sys
import nbclient, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
client = nbclient.NotebookClient(nb, timeout=900, kernel_name="python3")
try:
    client.execute()
    status = "ok"
except nbclient.exceptions.CellExecutionError as exc:
    status = str(exc)[-3000:]
stderr = [o.get("text", "") for c in nb.cells if c.cell_type == "code"
          for o in c.get("outputs", []) if o.get("name") == "stderr"]
images = sum("image/png" in o.get("data", {}) for c in nb.cells if c.cell_type == "code"
             for o in c.get("outputs", []))
print(json.dumps({"status": status, "stderr": stderr, "images": images}))
"""


def _python(env_dir: Path) -> Path:
    return env_dir / "bin" / "python"


def _checkout_copy(dest: Path) -> Path:
    """spinlib's package sources alone (pip would otherwise write build/ into the checkout)."""
    shutil.copy2(ROOT / "pyproject.toml", dest / "pyproject.toml")
    shutil.copytree(ROOT / "spinlib", dest / "spinlib", ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture(scope="session")
def colab_python(tmp_path_factory) -> Path:
    checkout = _checkout_copy(tmp_path_factory.mktemp("checkout"))
    key = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + repr(KERNEL_PACKAGES).encode())
    env_dir = ROOT / "_build" / "colab-venv" / key.hexdigest()[:16]
    py = _python(env_dir)
    env_dir.parent.mkdir(parents=True, exist_ok=True)
    lock = open(env_dir.parent / ".lock", "w")  # pytest-xdist workers: one builds, the others wait
    fcntl.flock(lock, fcntl.LOCK_EX)
    if not (env_dir / ".complete").exists():
        shutil.rmtree(env_dir, ignore_errors=True)
        venv.EnvBuilder(with_pip=True, clear=True).create(env_dir)
        subprocess.run([py, "-m", "pip", "install", "-q", str(checkout), *KERNEL_PACKAGES], check=True)
        # first import builds matplotlib's font cache, with a note on stderr: not the notebooks' fault
        subprocess.run([py, "-c", "import matplotlib.pyplot"], check=True, capture_output=True)
        (env_dir / ".complete").touch()
    else:  # the dependencies are cached; the library is always the checkout's
        subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", "--force-reinstall", str(checkout)],
                       check=True)
    fcntl.flock(lock, fcntl.LOCK_UN)
    lock.close()
    return py


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "SPINLIB_STATIC", "MPLBACKEND", "JUPYTER_PATH")}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep)
                                  if not p.startswith(str(ROOT)))
    return env


@pytest.mark.slow
def test_environment_has_spinlib_and_nothing_of_the_book_build(colab_python, tmp_path):
    probe = ("import importlib.util as u, json, spinlib; "
             "print(json.dumps([spinlib.__file__] + [bool(u.find_spec(m)) for m in "
             "('myst_nb', 'sphinx', 'jupytext', 'pytest')]))")
    out = subprocess.run([colab_python, "-c", probe], cwd=tmp_path, env=_clean_env(),
                         capture_output=True, text=True, check=True)
    location, *found = json.loads(out.stdout)
    assert not location.startswith(str(ROOT / "spinlib")), "spinlib imported from the checkout"
    assert found == [False, False, False, False], "the Colab stand-in holds book-build packages"


@pytest.mark.slow
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=IDS)
def test_exported_notebook_runs_with_spinlib_alone(notebook, colab_python, tmp_path):
    copy = tmp_path / notebook.name
    shutil.copy2(notebook, copy)
    first_code = next(c for c in json.loads(copy.read_text())["cells"] if c["cell_type"] == "code")
    assert SETUP_MARK in "".join(first_code["source"])
    result = subprocess.run([colab_python, "-c", RUNNER, str(copy)], cwd=tmp_path, env=_clean_env(),
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["status"] == "ok", f"{notebook.name} failed in the Colab stand-in:\n{report['status']}"
    assert not report["stderr"], f"{notebook.name} wrote to stderr: {report['stderr']}"


# -- the install cell, with pip simulated (no network, seconds) ---------------------------------

FAKE_PIP = r"""
import json, os, pathlib, sys
log = pathlib.Path(os.environ["FAKE_PIP_LOG"])
log.write_text(json.dumps(sys.argv[1:]))
if os.environ["FAKE_PIP_MODE"] == "fail":
    print("ERROR: Could not find a version that satisfies the requirement (simulated)", file=sys.stderr)
    sys.exit(1)
if os.environ["FAKE_PIP_MODE"] == "install":  # a successful install: a spinlib appears on the path
    pkg = pathlib.Path(os.environ["FAKE_SITE"]) / "spinlib"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
# "silent": exits 0 but installs nothing (a broken install)
"""


def _run_install_cell(tmp_path: Path, mode: str, source: str | None = None):
    """Run the exported install cell as a notebook would, with a stand-in ``python -m pip`` first
    on the path and no spinlib anywhere (site-packages off: the cell needs the standard library
    only). Returns (completed process, the arguments pip received or None)."""
    from tools.editions.export import setup_cell_source

    fake, site = tmp_path / "fake", tmp_path / "site"
    (fake / "pip").mkdir(parents=True)
    site.mkdir()
    (fake / "pip" / "__main__.py").write_text(FAKE_PIP)
    (fake / "pip" / "__init__.py").write_text("")
    cell = tmp_path / "cell.py"
    cell.write_text(source or setup_cell_source())
    log = tmp_path / "pip-args.json"
    env = {**_clean_env(), "PYTHONPATH": f"{fake}{os.pathsep}{site}", "FAKE_PIP_LOG": str(log),
           "FAKE_PIP_MODE": mode, "FAKE_SITE": str(site)}
    # -S: no site-packages (the shared venv's editable spinlib must not be found); the child pip
    # the cell starts runs the stand-in, first on PYTHONPATH
    done = subprocess.run([sys.executable, "-S", str(cell)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)
    return done, (json.loads(log.read_text()) if log.exists() else None)


def test_install_cell_stops_with_what_to_do_when_pip_fails(tmp_path):
    from tools.editions.export import install_requirement

    done, args = _run_install_cell(tmp_path, "fail")
    assert args == ["install", "--quiet", install_requirement()], args
    assert done.returncode != 0, "the install cell carried on after pip failed"
    err = done.stderr
    assert "RuntimeError: spinlib could not be installed" in err, err
    assert "simulated" in err, "pip's own error is not shown"
    assert "What to do" in err and f'pip install "{install_requirement()}"' in err
    assert "Traceback" in err  # an exception: a notebook run (Run All, nbclient) stops at this cell


def test_install_cell_installs_the_configured_requirement_then_carries_on(tmp_path):
    done, args = _run_install_cell(tmp_path, "install")
    assert done.returncode == 0, done.stderr
    assert args is not None and args[-1].startswith("spinlib @ git+https://")


def test_install_cell_catches_an_install_that_leaves_no_spinlib(tmp_path):
    done, _ = _run_install_cell(tmp_path, "silent")
    assert done.returncode != 0 and "ModuleNotFoundError: No module named 'spinlib'" in done.stderr
    # ... raised by the install cell itself, not two cells later
    assert 'line' in done.stderr and "cell.py" in done.stderr


def test_install_cell_does_nothing_where_spinlib_is_installed(tmp_path):
    from tools.editions.export import setup_cell_source

    site = tmp_path / "site"
    site.mkdir()
    (site / "spinlib").mkdir()
    (site / "spinlib" / "__init__.py").write_text("")
    # with spinlib importable, pip must not even be started
    cell = tmp_path / "cell.py"
    cell.write_text(setup_cell_source())
    env = {**_clean_env(), "PYTHONPATH": str(site)}
    done = subprocess.run([sys.executable, "-S", str(cell)], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "Installing" not in done.stdout, (done.stdout, done.stderr)


def test_repository_setting_is_the_one_source_of_the_install(tmp_path):
    """URL and ref come from _config.yml's ``repository`` mapping alone; bad values are refused."""
    import yaml

    from tools.editions.export import install_requirement, setup_cell_source

    cfg = yaml.safe_load((ROOT / "_config.yml").read_text())
    cfg["repository"] = {"url": "https://example.org/me/stt-fork/", "branch": "v2.1"}
    (tmp_path / "_config.yml").write_text(yaml.safe_dump(cfg))
    assert install_requirement(tmp_path) == "spinlib @ git+https://example.org/me/stt-fork@v2.1"
    src = setup_cell_source(tmp_path)
    assert src.count("git+https://example.org/me/stt-fork@v2.1") >= 1
    assert "stt-textbook" not in src and "@main" not in src
    for bad in ({"url": "http://insecure.org/x", "branch": "main"},
                {"url": "https://example.org/x", "branch": "main; rm -rf /"},
                {"url": "https://example.org/x", "branch": ""}):
        cfg["repository"] = bad
        (tmp_path / "_config.yml").write_text(yaml.safe_dump(cfg))
        with pytest.raises(ValueError, match="repository"):
            install_requirement(tmp_path)
