"""Targets: the import systems the panel can run against, one module or one data file each.

A target is a :class:`Target`.  Built-in ones are modules under ``runner.targets`` defining
``TARGET``; a hook's author declares one as a TOML file (:mod:`runner.targets.datafile`),
kept anywhere or shipped in the project's ``gallery/``; ``package.module:ATTRIBUTE`` names a
``Target`` built in Python.  :func:`get` is the one loader for all of them.

The runner calls, in every worker process before any test module is imported, ``install()``
then ``probe()``; child interpreters that tests spawn get the target at start-up from the
``.pth`` file of the target's environment (``runner/execute/environment.py``), which runs a
data target's install code, or a Python target's ``boot_line()``.  ``is_target_code`` tells
attribution and failure clustering which code objects are the target's own.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from pathlib import Path
from types import CodeType
from typing import Callable

# name -> module under runner.targets, or a target file beside them (NAME.toml); the first is
# the identity target.
TARGETS = {
    "cpython": "cpython",
    "cpython-source": "cpython_source",
    "pyimport": "pyimport",
    "pyimport-full": "pyimport_full",
    "pypy": "pypy.toml",
}
DEFAULT = "pyimport"
# The gallery: one TOML file per real-world hook, <name>.toml, shipped with the project.
GALLERY = Path(__file__).resolve().parents[2] / "gallery"


class TargetError(Exception):
    """A target that is unknown, cannot be installed, or is not live after installing."""


@dataclass(frozen=True)
class Target:
    """An import system installed as the interpreter's import system.

    ``boot_line()`` (Python targets) returns Python source that installs the target at
    start-up of every child interpreter: an expression is spliced into the environment's
    ``.pth`` line after a guard (``... or EXPR``); statements are written to a module the
    line imports.  Data targets give ``install_code`` instead, which is both what
    ``install()`` runs in a worker and what every child runs at start-up.
    """

    name: str
    description: str
    install: Callable[[], None]
    probe: Callable[[], str]  # evidence that the target runs imports; raises TargetError if not
    is_target_code: Callable[[CodeType], bool]
    # Returns the source that installs it in child interpreters; None: nothing to do.
    boot_line: Callable[[], str] | None = None
    # pip requirement strings installed in the target's environment (local paths absolute).
    requirements: tuple[str, ...] = ()
    # A data target's install code (Python source), run in workers and at every child's start-up.
    install_code: str | None = None
    # A data target's probe (Python source that must run without raising once installed).
    probe_code: str | None = None
    # What workers (and later commands reading a run) load it by again: a built-in or gallery
    # name, a target file's absolute path, or module:ATTRIBUTE.  Empty: the name.
    spec: str = ""
    # A data target's file and its text, as read.
    path: Path | None = None
    source: str | None = None
    # Its expectations file; None: expectations/targets/<name>.json.
    expectations: Path | None = None
    # The interpreter its tests run on, when not the runner's CPython: a name of
    # runner/provision.py's table ("pypy3.11") or an interpreter's path.  Its workers and their
    # children run on that interpreter's runner environment (runner/pythons.py).
    interpreter: str | None = None
    # The panel (Python version, "3.11") it runs; None: whichever --python names.
    python: str | None = None

    @property
    def load_spec(self) -> str:
        return self.spec or self.name

    @property
    def needs_environment(self) -> bool:
        """Whether its tests run on an environment of its own (children must boot it)."""
        return self.boot_line is not None or self.install_code is not None or bool(self.requirements)


def gallery_names() -> list[str]:
    """The gallery's targets: the names of gallery/*.toml, sorted."""
    return sorted(p.stem for p in GALLERY.glob("*.toml"))


def spec_of_run(meta: dict, default: str = "") -> str:
    """What ``get`` loads a run's target by again: the ``--target`` it was run with."""
    return meta.get("target_spec") or meta.get("target") or default


def get(spec: str) -> Target:
    """A target by built-in name, gallery name, target file path, or ``package.module:ATTRIBUTE``."""
    from runner.targets import datafile

    if spec.endswith(".toml") or "/" in spec:
        return datafile.load(Path(spec))
    if spec in TARGETS:
        if TARGETS[spec].endswith(".toml"):
            return datafile.load(Path(__file__).with_name(TARGETS[spec]), gallery=True)
        return importlib.import_module(f"runner.targets.{TARGETS[spec]}").TARGET
    if spec and (GALLERY / f"{spec}.toml").is_file():
        return datafile.load(GALLERY / f"{spec}.toml", gallery=True)
    if ":" in spec:
        return _from_python(spec)
    gallery = gallery_names()
    raise TargetError(f"unknown target {spec!r}; known targets: {', '.join(TARGETS)}"
                      f"{'; gallery: ' + ', '.join(gallery) if gallery else ''} "
                      f"(or a target file PATH.toml, or a Python one as module:ATTRIBUTE)")


def _from_python(spec: str) -> Target:
    module_name, _, attr = spec.partition(":")
    try:
        target = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise TargetError(f"cannot load target {spec!r} ({exc}); give an importable "
                          f"module:attribute naming a runner.targets.Target") from None
    if not isinstance(target, Target):
        raise TargetError(f"{spec!r} is a {type(target).__name__}, not a runner.targets.Target")
    return replace(target, name=spec, spec=spec)  # the name workers and reports load it by
