"""The interpreter a target's tests run on: stock, or a venv of its own that boots the target.

Tests spawn child interpreters with ``sys.executable``, often isolated (``-I``) and with a
scrubbed environment; a ``.pth`` file in the interpreter's site-packages still runs there.
So a target that must reach children, or has requirements, gets a venv of the panel's base
interpreter with its requirements installed by pip and a ``.pth`` line that installs it at
start-up.  The venv is built once, under a directory named for a hash of everything it is
made from (the base interpreter, the requirements and a fingerprint of any local one, how
pip installs them, the install code), and marked complete only at the end: a build stopped
half-way is rebuilt.  A target whose install options put the environment's ``bin/`` on PATH
gets it first on PATH for pip, the preflight child and the fork server (so every worker and
every child a test spawns with the inherited environment).  A target that needs none of this
(``cpython``) runs on the base interpreter itself, not on the runner's environment.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from runner import locks
from runner.execute import buildlog
from runner.provision import CACHE
from runner.targets import Target, TargetError
from runner.targets.datafile import BOOT_MODULE, local_path, pip_arguments

PTH_NAME = "importparity_target.pth"
# Touched each time a run takes the environment; what pruning goes by.
USED = ".importparity-used"
# An environment no run has taken for this long is removed when another one is built (every
# edit of a local hook, version bump or pyimport change makes a new one; each is ~10-60 MB).
STALE_DAYS = 14
# While set, the boot line does nothing (the fork server starts on CPython's import system).
DEFER_VAR = "IMPORTPARITY_DEFER_BOOT"
COMPLETE = ".importparity-complete"
# Folders of a local requirement that building it writes or that are not the hook's code.
# "reports": importparity's own output (--out's default, reports/latest) in a hook's repository.
SKIP_DIRS = {"build", "dist", "__pycache__", "node_modules", "reports"}


@dataclasses.dataclass(frozen=True)
class Environment:
    """A built target environment: its python and the site-packages that holds the hook."""

    python: str
    site: str | None = None  # None: the runner's own interpreter, nothing added


_built: dict[tuple, Environment] = {}


def interpreter_for(target: Target) -> str:
    """The python executable the target's tests (and their children) run on."""
    return prepare(target).python


def prepare(target: Target) -> Environment:
    """The target's environment, built now if no complete one is cached."""
    if target.interpreter is not None:
        return _interpreter_environment(target)
    base = base_interpreter()
    if not target.needs_environment:
        return Environment(base)
    memo = (target.load_spec, target.source)
    if memo in _built:
        return _built[memo]
    pth, boot = boot_files(target)
    key = _key(base, target, pth, boot)
    venv = CACHE / "envs" / f"{slug(target.name)}-{key[:16]}"
    if not _usable(venv):
        venv.parent.mkdir(parents=True, exist_ok=True)
        with locks.locked(_lock_file(venv)):
            if not _usable(venv):
                _build(venv, base, target, pth, boot)
                prune(venv.parent, keep=venv)
    (venv / USED).touch()
    env = Environment(str(venv / "bin" / "python"), json.loads((venv / COMPLETE).read_text())["site"])
    _built[memo] = env
    return env


def base_interpreter() -> str:
    """The interpreter the runner's own environment was made from (the runner's, outside a venv).

    A target that needs nothing of its own runs its tests there, as CPython's own runner
    would: their children then start as regrtest's do, without the runner environment's
    ``.pth`` files (an editable install's finder runs in every interpreter that reads them).
    """
    return getattr(sys, "_base_executable", sys.executable)


def _interpreter_environment(target: Target) -> Environment:
    """A target on another interpreter: that interpreter's runner environment, as it is."""
    from runner import pythons

    if target.needs_environment:
        raise TargetError(f"target {target.name}: install code or requirements on another interpreter "
                          f"({target.interpreter}) are not supported; declare the interpreter alone")
    try:
        python = pythons.runner_python(target.interpreter)
    except pythons.PythonError as exc:
        raise TargetError(f"target {target.name}: {exc}") from None
    site = next((python.parent.parent / "lib").glob("*/site-packages"), None)
    return Environment(str(python), str(site) if site else None)


def _usable(venv: Path) -> bool:
    """Complete, and its python still there (a venv's python links to the base interpreter)."""
    return (venv / COMPLETE).is_file() and (venv / "bin" / "python").exists()


def slug(name: str) -> str:
    """``name`` as a directory name (a ``module:ATTRIBUTE`` name has a colon venv refuses)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name)[:60] or "target"


def boot_files(target: Target) -> tuple[str, str | None]:
    """The ``.pth`` line and, for install code that is statements, the boot module's source."""
    if target.install_code is not None:
        source = target.install_code
    else:
        source = target.boot_line() if target.boot_line else "pass"
        try:
            compile(source, "<boot_line>", "eval")
            return f"import os; os.environ.get({DEFER_VAR!r}) or {source.strip()}\n", None
        except SyntaxError:
            pass  # statements: they become the boot module
    return f"import os; os.environ.get({DEFER_VAR!r}) or __import__({BOOT_MODULE!r})\n", source


def _key(base: str, target: Target, pth: str, boot: str | None) -> str:
    # Only what goes into the environment: editing a probe or a description rebuilds nothing.
    options = target.install_options
    requirements = (*options.build_requirements, *target.requirements)
    parts = [base, target.name, pth, boot or "", json.dumps(options.as_data(), sort_keys=True),
             *target.requirements, *(fingerprint(p) for p in map(local_path, requirements) if p)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def path_with_bin(target: Target, environ) -> dict[str, str]:
    """``environ`` as the target's processes get it: with its environment's ``bin/`` first on PATH if asked."""
    folder = None
    if target.install_options.bin_on_path and target.needs_environment:
        folder = Path(prepare(target).python).parent
    return _with_bin(environ, folder)


def _with_bin(environ, folder: Path | None) -> dict[str, str]:
    """``environ`` without the defer variable, and with ``folder`` (if any) first on PATH."""
    environ = {k: v for k, v in environ.items() if k != DEFER_VAR}
    if folder is not None:
        environ["PATH"] = os.pathsep.join([str(Path(folder).absolute()), *(p for p in environ.get("PATH", "").split(os.pathsep) if p)])
    return environ


@contextlib.contextmanager
def bin_on_path(target: Target):
    """While the fork server starts: ``os.environ``'s PATH as :func:`path_with_bin` gives it."""
    saved = os.environ.get("PATH")
    if target.install_options.bin_on_path:
        os.environ["PATH"] = path_with_bin(target, os.environ)["PATH"]
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("PATH", None)
        else:
            os.environ["PATH"] = saved


def fingerprint(path: Path) -> str:
    """What a local requirement is now: name, size and mtime of each of its files."""
    if path.is_file():
        st = path.stat()
        return f"{path}:{st.st_size}:{st.st_mtime_ns}"
    entries = []
    for folder, dirs, files in os.walk(path):
        dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS and not d.startswith(".")
                         and not d.endswith(".egg-info"))
        for name in sorted(files):
            st = os.stat(os.path.join(folder, name))
            entries.append(f"{os.path.relpath(os.path.join(folder, name), path)}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(entries).encode()).hexdigest()


def prune(envs: Path, keep: Path, days: float = STALE_DAYS) -> list[Path]:
    """Remove the environments under ``envs`` that no run has taken for ``days``; return them.

    Every run touches its environment's stamp as it starts; one being built (its lock held)
    is left alone, as is ``keep``.
    """
    removed = []
    cutoff = time.time() - days * 86400
    for venv in sorted(envs.iterdir()):
        marker = venv / COMPLETE
        if venv == keep or not marker.is_file():
            continue  # not an environment, or one still being built
        stamp = venv / USED if (venv / USED).exists() else marker
        try:
            if stamp.stat().st_mtime >= cutoff:
                continue
            with locks.locked(_lock_file(venv), wait=False, remove=True):
                shutil.rmtree(venv)
        except (OSError, locks.Busy):
            continue  # in use (its lock is held), or not ours to remove: it stays
        removed.append(venv)
    for log in envs.glob("*.pip.log"):  # a build's log goes with its environment, or with time
        venv = log.with_name(log.name.removesuffix(".pip.log"))
        with contextlib.suppress(OSError):
            if venv in removed or (not venv.exists() and log.stat().st_mtime < cutoff):
                log.unlink()
    return removed


def _lock_file(venv: Path) -> Path:
    return venv.with_name(venv.name + ".lock")


def _build(venv: Path, base: str, target: Target, pth: str, boot: str | None) -> None:
    """Create the venv, install the requirements, write the boot files, then mark it complete."""
    shutil.rmtree(venv, ignore_errors=True)  # a build that stopped half-way
    if target.requirements:
        print(f"importparity: building the environment of {target.name} (once): "
              f"{', '.join((*target.install_options.build_requirements, *target.requirements))}", file=sys.stderr)
    try:
        _run([base, "-m", "venv", "--without-pip", str(venv)], f"could not create the {target.name} environment in {venv}")
        python = venv / "bin" / "python"
        # With site (not -S): Debian's 3.13 only sees it runs in a venv once site has read
        # pyvenv.cfg; without it, sysconfig names the base interpreter's dist-packages.
        site = Path(_run([str(python), "-I", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                         "could not locate the environment's site-packages").strip())
        if venv.resolve() not in site.resolve().parents:
            raise TargetError(f"the {target.name} environment's site-packages is {site}, outside {venv}: "
                              f"its boot files would reach every user of {base}")
        site.mkdir(parents=True, exist_ok=True)
        if target.requirements:
            _pip_install(python, target)
        # The boot files come last: pip itself runs on this python and must not get the hook.
        if boot is not None:
            (site / f"{BOOT_MODULE}.py").write_text(boot)
        (site / PTH_NAME).write_text(pth)
        (venv / COMPLETE).write_text(json.dumps({"site": str(site), "target": target.load_spec}))
    except BaseException:
        shutil.rmtree(venv, ignore_errors=True)
        raise


def pip_log(venv: Path) -> Path:
    """Where the last build of ``venv`` keeps pip's whole output: beside it, as a failed build removes it."""
    return venv.with_name(venv.name + ".pip.log")


def _pip_install(python: Path, target: Target) -> None:
    """The runner's own pip installs into the venv (the base interpreter may lack ensurepip)."""
    try:
        import pip  # noqa: F401
    except ImportError:
        raise TargetError(f"target {target.name} has requirements, and installing them needs pip in "
                          f"importparity's own environment ({sys.executable} -m pip)") from None
    options, log = target.install_options, pip_log(python.parents[1])
    pip = [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-input", "--disable-pip-version-check"]
    environ = _with_bin(os.environ, python.parent if options.bin_on_path else None)
    log.unlink(missing_ok=True)  # each pip run of this build appends to it
    if options.build_requirements:
        _run(pip + pip_arguments(options.build_requirements),
             f"target {target.name}: pip could not install its build requirements", log=log, environ=environ)
    _run(pip + options.pip_options() + pip_arguments(target.requirements),
         f"target {target.name}: pip could not install its requirements", log=log, environ=environ)


def _run(command: list[str], failure: str, log: Path | None = None, environ: dict | None = None) -> str:
    """``command``'s stdout; if it fails, a TargetError with the line(s) naming the cause.

    With ``log``, all it printed is added there and the error gives the file's path.
    """
    proc = subprocess.run(command, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env=_with_bin(os.environ, None) if environ is None else environ)
    if log is not None:
        buildlog.keep(log, command, proc)
    if proc.returncode != 0:
        lines = [line.strip() for line in (proc.stdout + "\n" + proc.stderr).splitlines()
                 if line.strip() and not line.strip().startswith(("hint:", "note:"))]
        why = buildlog.cause(proc.stderr + "\n" + proc.stdout) or (lines or [f"exit status {proc.returncode}"])[-1]
        raise TargetError(f"{failure}: {why}" + (f" (pip's whole output: {log})" if log else ""))
    return proc.stdout


def distributions(env: Environment) -> dict[str, str]:
    """The distributions installed in the environment, name -> version."""
    if env.site is None:
        return {}
    import importlib.metadata

    found = {d.metadata["Name"]: d.version for d in importlib.metadata.distributions(path=[env.site])}
    return dict(sorted(found.items(), key=lambda item: str(item[0]).lower()))


def meta_for(target: Target) -> dict:
    """What exactly a run tested, for ``results.json``'s ``meta``."""
    env = prepare(target)
    meta = {"target_spec": target.load_spec, "tests_interpreter": env.python}
    if target.interpreter is not None:
        from runner import pythons

        meta["target_interpreter"] = target.interpreter
        try:
            meta["tests_implementation"] = pythons.describe(env.python)  # "PyPy 8.0.1 (Python 3.11.17)"
        except pythons.PythonError as exc:
            raise TargetError(f"target {target.name}: {exc}") from None
    if target.source is not None:
        meta["target_file"] = target.source
        meta["target_path"] = str(target.path)
    if target.expectations is not None:
        meta["target_expectations"] = str(target.expectations)
    if target.needs_environment:
        pth, boot = boot_files(target)
        meta["install_code"] = boot if boot is not None else pth
        meta["requirements"] = list(target.requirements)
        meta["install_options"] = target.install_options.as_data()
        if target.install_options.bin_on_path:  # what the fork server, so every worker and child, had
            meta["path_prepended"] = str(Path(env.python).parent)
        meta["distributions"] = distributions(env)
    return meta
