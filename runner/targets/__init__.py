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
from dataclasses import replace
from pathlib import Path

from runner import panel
from runner.targets import datafile
from runner.targets.base import InstallOptions, Target, TargetError

__all__ = ["DEFAULT", "GALLERY", "TARGETS", "InstallOptions", "Target", "TargetError", "gallery_names", "get",
           "interpreter_names", "spec_of_run"]

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
GALLERY = panel.ROOT / "gallery"


def gallery_names() -> list[str]:
    """The gallery's targets: the names of gallery/*.toml, sorted."""
    return sorted(p.stem for p in GALLERY.glob("*.toml"))


def interpreter_names() -> list[str]:
    """The built-in targets that are another interpreter's own import system (``pypy``)."""
    return [name for name in TARGETS if get(name).interpreter is not None]


def spec_of_run(meta: dict, default: str = "") -> str:
    """What ``get`` loads a run's target by again: the ``--target`` it was run with."""
    return meta.get("target_spec") or meta.get("target") or default


def get(spec: str) -> Target:
    """A target by built-in name, gallery name, target file path, or ``package.module:ATTRIBUTE``."""
    if spec.endswith(".toml") or "/" in spec:
        path = Path(spec).expanduser().resolve()
        return datafile.load(path, gallery=path.parent == GALLERY.resolve())  # however it was named
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
