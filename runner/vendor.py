"""Vendor a version's panel byte-for-byte from a CPython Lib/test directory, and check the copy.

``vendored_tests/<X.Y>/MANIFEST`` lists every vendored file with its sha256 and the upstream
version; the project's tests call :func:`check` on every panel so that an edited vendored
file fails CI.  A new release's panel takes the units of the newest panel the release still
has, and any new ones named with ``--add``; ``UNITS`` beside the MANIFEST lists them, each
with the number of shards it runs in (kept from the panel it came from, or set with
``--shards UNIT=N``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import shutil
from pathlib import Path

from runner import panel

MANIFEST = panel.VENDORED / "MANIFEST"  # this interpreter's panel's
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


def units_for(lib_test: Path, version: str, add: list[str],
              shards: dict[str, int] | None = None) -> tuple[panel.Unit, ...]:
    """The units of ``version``'s panel: the newest panel's that ``lib_test`` has, then ``add``;
    ``shards`` sets a unit's shard count (1: run whole)."""
    newest = panel.versions()
    known = panel.read_units(version) or (panel.read_units(newest[-1]) if newest else ())
    units = [u for u in known if (lib_test / u.path).exists()]
    for name in add:
        if any(u.name == name for u in units):
            continue
        rel = name.replace(".", "/")
        path = f"{rel}/" if (lib_test / rel).is_dir() else f"{rel}.py"
        if not (lib_test / path).exists():
            raise VendorError(f"--add {name}: {lib_test / path} does not exist")
        units.append(panel.Unit(name, path))
    if not units:
        raise VendorError(f"{lib_test} has none of the panel's units; is this a CPython Lib/test directory?")
    for name, count in (shards or {}).items():
        if not any(u.name == name for u in units):
            raise VendorError(f"--shards {name}={count}: no unit {name} in the panel "
                              f"({', '.join(u.name for u in units)})")
    return tuple(dataclasses.replace(u, shards=(shards or {}).get(u.name, u.shards)) for u in units)


def vendor(lib_test: Path, version: str, add: list[str] = (), shards: dict[str, int] | None = None) -> int:
    """Replace ``version``'s panel (vendored_tests/X.Y/) with the files from ``lib_test``; write MANIFEST and UNITS."""
    lib_test = lib_test.resolve()
    if not lib_test.is_dir():
        raise VendorError(f"{lib_test} is not a directory; name a CPython Lib/test directory")
    series = ".".join(version.split(".")[:2])
    units = units_for(lib_test, series, list(add), shards)
    wanted = [u.path for u in units] + [p for p in panel.SUPPORT_PATHS if (lib_test / p).exists()]
    files = sorted({f for rel in wanted for f in _files_under(lib_test, rel)})
    root = panel.root_of(series)
    dest = root / "test"
    shutil.rmtree(dest, ignore_errors=True)
    lines = [f"# upstream: CPython {version} Lib/test; path sha256", f"version {version}"]
    for rel in files:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(lib_test / rel, target)
        lines.append(f"test/{rel} {_sha256(target)}")
    licence = lib_test.parent / "LICENSE.txt"
    if licence.is_file():
        shutil.copy2(licence, root / "LICENSE")
    (root / "MANIFEST").write_text("\n".join(lines) + "\n")
    panel.write_units(series, units)
    return len(files)


def manifest_of(version: str) -> Path:
    return panel.root_of(version) / "MANIFEST"


def read_manifest(manifest: Path | None = None) -> tuple[str, dict[str, str]]:
    """The upstream version and ``{path: sha256}`` from a MANIFEST (default: this interpreter's panel's)."""
    manifest = manifest or MANIFEST
    if not manifest.exists():
        raise VendorError(f"{manifest} is missing: no panel for Python {manifest.parent.name} (panels: "
                          f"{', '.join(panel.versions()) or 'none'}); vendor one with "
                          f"`importparity vendor --from LIB_TEST_DIR --version {manifest.parent.name}.N`")
    version, entries = "", {}
    for line in manifest.read_text().splitlines():
        if not line or line.startswith("#"):
            continue
        key, value = line.split(" ", 1)
        if key == "version":
            version = value
        else:
            entries[key] = value
    return version, entries


def manifest_hash(version: str | None = None) -> str:
    """One hash naming exactly a vendored panel (default: this interpreter's; recorded in every run's metadata)."""
    return _sha256(manifest_of(version) if version else MANIFEST)


def check(root: Path | None = None) -> list[str]:
    """Differences between a panel (default: this interpreter's) and its MANIFEST: edited, missing or extra files."""
    root = root or panel.VENDORED
    _, entries = read_manifest(root / "MANIFEST")
    problems = []
    for rel, digest in entries.items():
        path = root / rel
        if not path.is_file():
            problems.append(f"missing: {rel}")
        elif _sha256(path) != digest:
            problems.append(f"edited: {rel}")
    on_disk = {str(p.relative_to(root)) for p in (root / "test").rglob("*")
               if p.is_file() and not SKIP_PARTS & set(p.parts)}
    problems += [f"not in manifest: {rel}" for rel in sorted(on_disk - entries.keys())]
    return problems
