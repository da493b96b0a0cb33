"""Targets: the import systems the panel can run against, one module each behind one interface.

A target module defines ``TARGET``, a :class:`Target`.  The runner calls, in every worker
process before any test module is imported, ``install()`` then ``probe()``; child
interpreters that tests spawn get the target from ``boot_line()`` (a ``.pth`` line run at
start-up in the target's environment).  ``is_target_code`` tells attribution and failure
clustering which code objects are the target's own.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, replace
from types import CodeType
from typing import Callable

# name -> module under runner.targets; the first is the identity target.
TARGETS = {
    "cpython": "cpython",
    "cpython-source": "cpython_source",
    "pyimport": "pyimport",
    "pyimport-full": "pyimport_full",
}
DEFAULT = "pyimport"


class TargetError(Exception):
    """A target that is unknown, cannot be installed, or is not live after installing."""


@dataclass(frozen=True)
class Target:
    """An import system installed as the interpreter's import system."""

    name: str
    description: str
    install: Callable[[], None]
    probe: Callable[[], str]  # evidence that the target runs imports; raises TargetError if not
    is_target_code: Callable[[CodeType], bool]
    # Returns the .pth line that installs it in child interpreters; None: nothing to do.
    boot_line: Callable[[], str] | None = None


def get(name: str) -> Target:
    """A built-in target by name, or a third-party one as ``package.module:ATTRIBUTE``."""
    if ":" in name:
        module_name, _, attr = name.partition(":")
        try:
            target = getattr(importlib.import_module(module_name), attr)
        except (ImportError, AttributeError) as exc:
            raise TargetError(f"cannot load target {name!r} ({exc}); give an importable "
                              f"module:attribute naming a runner.targets.Target") from None
        if not isinstance(target, Target):
            raise TargetError(f"{name!r} is a {type(target).__name__}, not a runner.targets.Target")
        return replace(target, name=name)  # the name workers load it by
    if name not in TARGETS:
        raise TargetError(f"unknown target {name!r}; known targets: {', '.join(TARGETS)} "
                          f"(or a third-party one as module:ATTRIBUTE)")
    return importlib.import_module(f"runner.targets.{TARGETS[name]}").TARGET
