"""The panel: CPython 3.14's import tests, declared once as data.

Every command reads the panel from here: the runner, the vendoring command, the baseline
recorder and the comparison.  A *unit* is what CPython's own runner calls a test: a test
module or package it runs in a process of its own.
"""

from __future__ import annotations

import importlib
import os
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
    package: str = "test"  # the package that holds it (another only in the project's test panels)

    @property
    def module(self) -> str:
        return f"{self.package}.{self.name}"


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


@dataclass(frozen=True)
class Panel:
    """The units a run draws from and the directory whose packages hold them (on the workers' path)."""

    root: Path
    units: tuple[Unit, ...]

    def path_of(self, unit: Unit) -> Path:
        """The unit's module file or package directory."""
        return self.root / unit.package.replace(".", "/") / unit.path


VENDORED_PANEL = Panel(VENDORED, UNITS)
# `package.module:ATTRIBUTE` naming another Panel: only the project's own tests set it, to run
# small panels of units that misbehave on purpose (tests/runner/fault_panel/).
PANEL_VAR = "IMPORTPARITY_PANEL"


def current() -> Panel:
    """The panel runs draw from: the vendored one unless IMPORTPARITY_PANEL names another."""
    spec = os.environ.get(PANEL_VAR)
    if not spec:
        return VENDORED_PANEL
    module, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module), attr)


class UnknownUnit(ValueError):
    """A unit name that is not in the panel."""


def units(names: list[str] | None = None) -> list[Unit]:
    """The units named (all of them when ``names`` is empty), in panel order."""
    every = current().units
    if not names:
        return list(every)
    by_name = {u.name: u for u in every}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise UnknownUnit(f"unknown unit {', '.join(unknown)}; the panel has: {', '.join(by_name)}")
    return [u for u in every if u.name in names]


def vendored_paths() -> list[str]:
    """Every path under test/ that vendoring copies, units first."""
    return [u.path for u in UNITS] + list(SUPPORT_PATHS)
