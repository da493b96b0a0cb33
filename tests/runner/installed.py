"""importparity as a user installs it: the wheel built from this checkout, in a fresh venv of CPython 3.14.

The wheel (and the sdist it is built from, by ``python -m build``) is built once per test run,
under a lock, into a folder that pytest-xdist's workers share; each test makes its own venv.
The provisioned CPython has no ensurepip: the tests' own pip installs into the venv
(``pip --python``), as the runner does for targets' environments.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from runner import provision

ROOT = Path(__file__).resolve().parents[2]

# A hook that is live and changes nothing: a finder at the end of sys.meta_path that finds nothing.
HOOK_MODULE = '''\
import sys


class NullFinder:
    """Finds nothing: every import goes on to the finders before it."""

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        return None


def install():
    if NullFinder not in sys.meta_path:
        sys.meta_path.append(NullFinder)
'''
HOOK_INSTALL = "import nullhook\nnullhook.install()\n"


def built_distributions(tmp_path_factory) -> Path:
    """The folder holding the sdist and the wheel built from this checkout, built on first use."""
    shared = tmp_path_factory.getbasetemp().parent  # the same for every xdist worker of this run
    out = shared / "dist"
    with open(shared / "dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (out / ".complete").exists():
            proc = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
                                  capture_output=True, text=True, env=clean_env(), timeout=600)
            assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
            (out / ".complete").write_text("")
    return out


def wheel(dist: Path) -> Path:
    (found,) = dist.glob("importparity-*.whl")
    return found


def make_venv(path: Path, *requirements: str) -> Path:
    """A venv of CPython 3.14 at ``path`` with ``requirements`` installed by this interpreter's pip; its bin/."""
    base = provision.find_python()
    subprocess.run([str(base), "-m", "venv", "--without-pip", str(path)], check=True, env=clean_env())
    if requirements:
        pip([str(path / "bin" / "python"), *requirements])
    return path / "bin"


def pip(python_and_requirements: list[str]) -> None:
    python, *requirements = python_and_requirements
    proc = subprocess.run([sys.executable, "-m", "pip", "--python", python, "install", "--quiet",
                           "--disable-pip-version-check", *requirements],
                          capture_output=True, text=True, env=clean_env(), timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without PYTHON* variables (PYTHONDONTWRITEBYTECODE would turn bytecode tests into skips)."""
    return {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")} | extra


def hook_project(folder: Path) -> Path:
    """A small hook's repository: a setuptools project whose package's install() adds NullFinder."""
    (folder / "src" / "nullhook").mkdir(parents=True)
    (folder / "src" / "nullhook" / "__init__.py").write_text(HOOK_MODULE)
    (folder / "pyproject.toml").write_text(textwrap.dedent("""\
        [build-system]
        requires = ["setuptools>=68"]
        build-backend = "setuptools.build_meta"

        [project]
        name = "nullhook"
        version = "1.0"
        """))
    return folder


def fill_in_install(target_file: Path) -> None:
    """Replace the commented template ``importparity init`` wrote with the hook's install code."""
    text = target_file.read_text()
    start = text.index('install = """') + len('install = """')
    end = text.index('"""', start)
    target_file.write_text(text[:start] + "\n" + HOOK_INSTALL + text[end:])
