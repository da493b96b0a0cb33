"""The panel: CPython 3.14's import tests, declared once as data.

Every command reads the panel from here: the runner, the vendoring command, the baseline
recorder and the comparison.  A *unit* is what CPython's own runner calls a test: a test
module or package it runs in a process of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDORED = ROOT / "vendored_tests"
EXPECTATIONS = ROOT / "expectations"


@dataclass(frozen=True)
class Unit:
    """One regrtest test: a name like ``test_importlib`` and the files it is made of."""

    name: str
    path: str  # relative to vendored_tests/test/: a module file or a package directory
    # Larger units are split into shards by submodule, so that both cores stay busy.
    shards: int = 1

    @property
    def module(self) -> str:
        return f"test.{self.name}"


UNITS: tuple[Unit, ...] = (
    Unit("test_import", "test_import/"),
    Unit("test_importlib", "test_importlib/", shards=6),
    Unit("test_module", "test_module/"),
    Unit("test_runpy", "test_runpy.py"),
    Unit("test_zipimport", "test_zipimport.py"),
    Unit("test_zipimport_support", "test_zipimport_support.py"),
    Unit("test_pkgutil", "test_pkgutil.py"),
    Unit("test_pkg", "test_pkg.py"),
    Unit("test_frozen", "test_frozen.py"),
    Unit("test_modulefinder", "test_modulefinder.py"),
    Unit("test_pyclbr", "test_pyclbr.py"),
    Unit("test_zipapp", "test_zipapp.py"),
    Unit("test_cmd_line_script", "test_cmd_line_script.py"),
    Unit("test_capi.test_import", "test_capi/test_import.py"),
)

# What the units read besides their own files: the packages that hold them, CPython's test
# support and runner, and the helper and data files found by tracing a regrtest run of the
# panel (strace over `python3.14 -m test <units>`; see README "Re-vendoring").
SUPPORT_PATHS: tuple[str, ...] = (
    "__init__.py",
    "__main__.py",
    "support/",
    "libregrtest/",
    "lock_tests.py",
    "pyclbr_input.py",
    "relimport.py",
    "test_py_compile.py",
    "test_doctest/",
    "typinganndata/",
    "test_capi/__init__.py",
)


class UnknownUnit(ValueError):
    """A unit name that is not in the panel."""


def units(names: list[str] | None = None) -> list[Unit]:
    """The units named (all of them when ``names`` is empty), in panel order."""
    if not names:
        return list(UNITS)
    by_name = {u.name: u for u in UNITS}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise UnknownUnit(f"unknown unit {', '.join(unknown)}; the panel has: {', '.join(by_name)}")
    return [u for u in UNITS if u.name in names]


def vendored_paths() -> list[str]:
    """Every path under test/ that vendoring copies, units first."""
    return [u.path for u in UNITS] + list(SUPPORT_PATHS)
