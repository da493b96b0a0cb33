"""The panels: CPython's import tests, one panel per Python version, declared once as data.

Every command reads the panel from here: the runner, the vendoring command, the baseline
recorder and the comparison.  A *unit* is what CPython's own runner calls a test: a test
module or package it runs in a process of its own.

Each version's panel lives in ``vendored_tests/<X.Y>/`` (its ``test/`` package, ``MANIFEST``
and ``LICENSE``), written by ``importparity vendor``; its units are listed in that folder's
``UNITS`` file, so a new release's panel is one vendor command and no code change.  A
command uses the panel of the interpreter it runs on (``--python X.Y`` re-runs it on
another, see runner/pythons.py).
"""

from __future__ import annotations

import importlib
import importlib.resources
import os
import sys
from dataclasses import dataclass
from pathlib import Path

# The folder the runner and pyimport packages are imported from: a checkout, or the
# site-packages (or runner environment folder, see runner/pythons.py) of an installed wheel.
# Not resolved: a runner environment reaches an installed wheel's packages through links.
CODE_ROOT = Path(os.path.abspath(__file__)).parent.parent


def _data_root() -> Path:
    """The folder holding vendored_tests/, expectations/ and gallery/.

    A checkout keeps them at its top level; a wheel installs them as the runner package's data,
    in runner/data/ (pyproject.toml's package-dir).
    """
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "vendored_tests").is_dir():
        return checkout
    return Path(str(importlib.resources.files("runner") / "data")).resolve()


ROOT = _data_root()
# True when running from an installed wheel rather than a checkout.
INSTALLED = ROOT != Path(__file__).resolve().parent.parent
PANELS = ROOT / "vendored_tests"
EXPECTATIONS = ROOT / "expectations"
# The Python version whose panel commands use: the running interpreter's.
VERSION = f"{sys.version_info[0]}.{sys.version_info[1]}"
DEFAULT_VERSION = "3.14"


@dataclass(frozen=True)
class Unit:
    """One regrtest test: a name like ``test_importlib`` and the files it is made of."""

    name: str
    path: str  # relative to the panel's test/ folder: a module file or a package directory
    # Larger units are split into shards (a package by submodule, a module by class), so
    # that all the workers stay busy.
    shards: int = 1
    package: str = "test"  # the package that holds it (another only in the project's test panels)

    @property
    def module(self) -> str:
        return f"{self.package}.{self.name}"


# What the units read besides their own files: the packages that hold them, CPython's test
# support and runner, and the helper and data files found by tracing a regrtest run of the
# panel (strace over `python3.14 -m test <units>`; see README "Re-vendoring").  A path a
# release lacks is skipped: the last group is where 3.11 keeps what later releases moved into
# test_import/data/ and test_doctest/.
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
    "double_const.py",
    "test_doctest.py",
    "sample_doctest.py",
    "sample_doctest_no_doctests.py",
    "sample_doctest_no_docstrings.py",
)


@dataclass(frozen=True)
class Panel:
    """The units a run draws from and the directory whose packages hold them (on the workers' path)."""

    root: Path
    units: tuple[Unit, ...]

    def path_of(self, unit: Unit) -> Path:
        """The unit's module file or package directory."""
        return self.root / unit.package.replace(".", "/") / unit.path


def versions() -> list[str]:
    """The versions that have a vendored panel, oldest first."""
    found = [p.name for p in PANELS.iterdir() if (p / "MANIFEST").is_file()] if PANELS.is_dir() else []
    return sorted(found, key=lambda v: tuple(int(x) for x in v.split(".")))


def root_of(version: str) -> Path:
    return PANELS / version


def read_units(version: str) -> tuple[Unit, ...]:
    """A version's units from its UNITS file (``NAME PATH [SHARDS]`` a line); () if it has no panel."""
    path = root_of(version) / "UNITS"
    if not path.is_file():
        return ()
    units = []
    for line in path.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, rel, *shards = line.split()
            units.append(Unit(name, rel, shards=int(shards[0]) if shards else 1))
    return tuple(units)


def write_units(version: str, units: tuple[Unit, ...]) -> None:
    lines = [f"# The units of CPython {version}'s panel: name, path under test/, shards (written by `importparity vendor`)"]
    lines += [f"{u.name} {u.path}{f' {u.shards}' if u.shards != 1 else ''}" for u in units]
    (root_of(version) / "UNITS").write_text("\n".join(lines) + "\n")


# This interpreter's panel: what every command runs, compares and reports.
VENDORED = root_of(VERSION)
UNITS: tuple[Unit, ...] = read_units(VERSION)
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
