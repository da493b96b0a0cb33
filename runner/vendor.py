"""Vendor the panel byte-for-byte from a CPython Lib/test directory, and check the copy.

The MANIFEST lists every vendored file with its sha256 and the upstream version; the
project's tests call :func:`check` so that an edited vendored file fails CI.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from runner import panel

MANIFEST = panel.VENDORED / "MANIFEST"
SKIP_PARTS = {"__pycache__"}


class VendorError(Exception):
    """The source directory or the vendored copy is not what it should be."""


def _files_under(base: Path, rel: str) -> list[str]:
    path = base / rel
    if rel.endswith("/"):
        if not path.is_dir():
            raise VendorError(f"{path} is not a directory; is this a CPython Lib/test directory?")
        return sorted(str(p.relative_to(base)) for p in path.rglob("*")
                      if p.is_file() and not SKIP_PARTS & set(p.parts))
    if not path.is_file():
        raise VendorError(f"{path} is missing; is this a CPython Lib/test directory?")
    return [rel]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor(lib_test: Path, version: str) -> int:
    """Replace vendored_tests/test with the panel's files from ``lib_test``; write MANIFEST."""
    lib_test = lib_test.resolve()
    files = sorted({f for rel in panel.vendored_paths() for f in _files_under(lib_test, rel)})
    dest = panel.VENDORED / "test"
    shutil.rmtree(dest, ignore_errors=True)
    lines = [f"# upstream: CPython {version} Lib/test; path sha256", f"version {version}"]
    for rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(lib_test / rel, target)
        lines.append(f"test/{rel} {_sha256(target)}")
    licence = lib_test.parent / "LICENSE.txt"
    if licence.is_file():
        shutil.copy2(licence, panel.VENDORED / "LICENSE")
    MANIFEST.write_text("\n".join(lines) + "\n")
    return len(files)


def read_manifest() -> tuple[str, dict[str, str]]:
    """The upstream version and ``{path: sha256}`` from MANIFEST."""
    if not MANIFEST.exists():
        raise VendorError(f"{MANIFEST} is missing; run `importparity vendor --from LIB_TEST_DIR`")
    version, entries = "", {}
    for line in MANIFEST.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        key, value = line.split(" ", 1)
        if key == "version":
            version = value
        else:
            entries[key] = value
    return version, entries


def manifest_hash() -> str:
    """One hash naming exactly this vendored panel (recorded in every run's metadata)."""
    return _sha256(MANIFEST)


def check() -> list[str]:
    """Differences between vendored_tests/ and its MANIFEST: edited, missing or extra files."""
    _, entries = read_manifest()
    problems = []
    for rel, digest in entries.items():
        path = panel.VENDORED / rel
        if not path.is_file():
            problems.append(f"missing: {rel}")
        elif _sha256(path) != digest:
            problems.append(f"edited: {rel}")
    on_disk = {str(p.relative_to(panel.VENDORED)) for p in (panel.VENDORED / "test").rglob("*")
               if p.is_file() and not SKIP_PARTS & set(p.parts)}
    problems += [f"not in manifest: {rel}" for rel in sorted(on_disk - entries.keys())]
    return problems
