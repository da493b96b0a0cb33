"""The Target interface every target meets, and the error a target reports with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Callable


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

    @property
    def load_spec(self) -> str:
        return self.spec or self.name

    @property
    def needs_environment(self) -> bool:
        """Whether its tests run on an environment of its own (children must boot it)."""
        return self.boot_line is not None or self.install_code is not None or bool(self.requirements)
