"""Which Python a command runs on: ``--python X.Y`` runs the whole command again on that version.

A command uses the panel, baseline and expectations of the interpreter it runs on
(runner/panel.py).  ``--python X.Y`` naming another version finds or provisions CPython X.Y
(runner/provision.py), makes it a *runner environment* — a venv of it holding the runner's
own dependencies at the versions running now, with the runner's packages on its path — and
replaces the process with the same command there.  From a checkout, the checkout is on that
path; from an installed wheel, a folder in the environment holding links to the installed
``runner`` and ``pyimport`` packages (and their data) only, so that none of the installing
environment's other packages, built for its own Python, are imported there.  Environments are cached under
``~/.cache/importparity/runners/`` (or ``$IMPORTPARITY_CACHE``), one per interpreter and
set of dependencies, and built once under a lock.

A target that names another interpreter (``interpreter = "pypy3.11"``, see
runner/targets/datafile.py) runs its workers on that interpreter's runner environment:
:func:`runner_python` takes any name of provision's table or an interpreter's path.  An
interpreter that is not CPython also gets, at every start-up, what runner/foreign.py says
the panel needs on it.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

from runner import foreign, panel, provision

# The runner's own dependencies (pyproject's), pinned to the versions this process runs with; and
# pip, which builds a target's environment with the runner's own interpreter
# (runner/execute/environment.py), as the provisioned CPython has no ensurepip.
DEPENDENCIES = ("pytest", "pytest-xdist", "junitparser", "jinja2", "pip")
REEXEC_VAR = "IMPORTPARITY_PYTHON_REEXEC"
EXIT_BAD_INPUT = 2  # runner/pipeline.py's


class PythonError(Exception):
    """A version with no panel, or an interpreter that cannot be found or set up; one line."""


def add_option(parser) -> None:
    """``--python X.Y``: run the command on that Python's panel (default: this interpreter's version)."""
    parser.add_argument("--python", default=panel.VERSION, metavar="X.Y",
                        help=f"the Python version to run on, with its own panel and baseline (default: this "
                             f"interpreter's, {panel.VERSION}; panels: {', '.join(panel.versions())})")


def requested(argv: list[str]) -> str | None:
    """The one version ``--python X.Y`` (or ``--python=X.Y``) names in ``argv``, if any.

    Several versions (``gallery --python 3.13 3.14 3.15``) name none: that command runs each
    version itself.  The last ``--python`` counts, as for argparse (``tox -e gallery`` names
    three, and ``tox -e gallery -- --python 3.13`` one).
    """
    version = None
    for i, arg in enumerate(argv):
        if arg == "--python" and i + 1 < len(argv):
            several = i + 2 < len(argv) and argv[i + 2][:1].isdigit()
            version = None if several else argv[i + 1]
        elif arg.startswith("--python="):
            version = arg.partition("=")[2]
    return version


def check_version(version: str) -> None:
    if version not in panel.versions():
        raise PythonError(f"no panel for Python {version} (panels: {', '.join(panel.versions())}); "
                          f"vendor one with `importparity vendor --from LIB_TEST_DIR --version {version}.N`")


def reexec_if_asked(argv: list[str]) -> None:
    """Replace this process with the same command on the Python ``--python`` names, if it is not this one."""
    version = requested(argv)
    if version is None or version == panel.VERSION:
        return
    check_version(version)
    if os.environ.get(REEXEC_VAR):
        raise PythonError(f"{sys.executable} was started for Python {version} but is {panel.VERSION}")
    python = runner_python(version)
    env = {**os.environ, REEXEC_VAR: version}
    sys.stdout.flush()
    sys.stderr.flush()
    os.execve(python, [str(python), "-m", "runner.cli", *argv], env)


def reexec_or_status(argv: list[str]) -> int | None:
    """``reexec_if_asked``; if it cannot, its one line on stderr and exit status 2 (bad input)."""
    try:
        reexec_if_asked(argv)
    except PythonError as exc:
        print(f"importparity: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return None


def runner_python(name: str) -> Path:
    """The python of the runner environment of ``name`` (``3.11``, ``pypy3.11``, or an interpreter's path), built if missing."""
    base = _find(name)
    entry = provision.INTERPRETERS.get(name)
    info = {"implementation": entry.implementation, "version": entry.version} if entry else _describe(base)
    boot = foreign.boot_line(info["implementation"], info["version"])
    pins = [f"{dep}=={metadata.version(dep)}" for dep in DEPENDENCIES]
    key = hashlib.sha256(json.dumps([str(base), pins, str(panel.CODE_ROOT)] + ([boot] if boot else [])).encode()).hexdigest()[:12]
    label = name if name in provision.NAMES else f"{info['implementation']}{info['version']}"
    venv = provision.CACHE / "runners" / f"{label}-{key}"
    python = venv / "bin" / "python"
    if (venv / ".complete").exists():
        return python
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second build of the same environment waits for the first
        if not (venv / ".complete").exists():
            _build(venv, base, pins, boot)
    return python


def _find(name: str) -> Path:
    """The interpreter ``name`` names: an entry of provision's table, or a path to one."""
    if name not in provision.NAMES and ("/" in name or os.sep in name):
        path = Path(name).expanduser()
        if not (path.is_file() and os.access(path, os.X_OK)):
            raise PythonError(f"no interpreter at {path}: name one of {', '.join(provision.NAMES)} or an executable")
        return path
    try:
        return provision.find_interpreter(name)
    except provision.ProvisionError as exc:
        raise PythonError(str(exc)) from None


_DESCRIBE = """\
import json, platform, sys
v = sys.implementation.version
release = f"{platform.python_implementation()} {v.major}.{v.minor}.{v.micro}"
if sys.implementation.name != "cpython":
    release += f" (Python {platform.python_version()})"
print(json.dumps({"implementation": sys.implementation.name, "version": "%d.%d" % sys.version_info[:2],
                  "release": release}))
"""


def describe(python: str | Path) -> str:
    """The release ``python`` is, as reports name it: ``PyPy 8.0.1 (Python 3.11.17)``, ``CPython 3.14.10``."""
    return _describe(Path(python))["release"]


def _describe(python: Path) -> dict:
    """The implementation, language version and release ``python`` says it is."""
    proc = subprocess.run([str(python), "-I", "-c", _DESCRIBE], capture_output=True, text=True)
    if proc.returncode != 0:
        raise PythonError(f"{python} does not run: {(proc.stderr.strip().splitlines() or ['exit status %d' % proc.returncode])[-1]}")
    return json.loads(proc.stdout)


def _has_pip() -> bool:
    import importlib.util

    return importlib.util.find_spec("pip") is not None


def _pip() -> list[str]:
    """The pip command that installs into a new runner environment (pip's --python option)."""
    if _has_pip():  # a runner environment has it too (DEPENDENCIES)
        return [sys.executable, "-m", "pip"]
    raise PythonError(f"{sys.executable} has no pip to build a runner environment with; start the command "
                      f"from an environment with pip (tox -e parity) or install pip here")


def _build(venv: Path, base: Path, pins: list[str], boot: str | None) -> None:
    print(f"importparity: setting up a runner environment for {base} in {venv} (one time)", file=sys.stderr)
    shutil.rmtree(venv, ignore_errors=True)
    _run([str(base), "-m", "venv", "--without-pip", str(venv)], f"make a venv of {base}")
    _run([*_pip(), "--python", str(venv / "bin" / "python"), "install", "--quiet",
          "--disable-pip-version-check", *pins], f"install {' '.join(pins)} into {venv}")
    site = subprocess.run([str(venv / "bin" / "python"), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    Path(site, "_importparity_runner.pth").write_text(f"{_runner_path(venv)}\n")
    if boot:  # after the line above: site reads .pth files in name order
        Path(site, foreign.PTH_NAME).write_text(boot)
    (venv / ".complete").write_text("")


def _runner_path(venv: Path) -> Path:
    """The folder the environment imports the runner from: the checkout, or links to the installed packages."""
    if not panel.INSTALLED:
        return panel.CODE_ROOT
    folder = venv / "importparity"
    folder.mkdir()
    for package in ("runner", "pyimport"):
        (folder / package).symlink_to(panel.CODE_ROOT / package, target_is_directory=True)
    return folder


def _run(cmd: list[str], what: str) -> None:
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        lines = [line for line in (proc.stderr or proc.stdout).splitlines() if line.strip()]
        error = next((line for line in reversed(lines) if "error" in line.lower()), lines[-1] if lines else "")
        raise PythonError(f"could not {what}: {error.strip()}")
