"""The Target interface every target meets, and the error a target reports with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import CodeType
from typing import Callable


@dataclass(frozen=True)
class InstallOptions:
    """How pip installs a target's requirements, for build back-ends that need more than the defaults.

    meson-python's and scikit-build-core's editable installs rebuild on import, so they need
    their build requirements in the environment itself (no build isolation) and, for
    meson-python, the environment's ``bin/`` on PATH (``meson``, ``ninja``) while pip runs and
    in every process that imports the project.
    """

    build_isolation: bool = True  # False: pip's --no-build-isolation
    build_requirements: tuple[str, ...] = ()  # pip requirements installed first, in a pip run of their own
    config_settings: tuple[tuple[str, str], ...] = ()  # (key, value): pip's -C key=value, in order
    bin_on_path: bool = False  # the environment's bin/ first on PATH for pip, the workers and children

    def pip_options(self) -> list[str]:
        """The options of pip's install of the requirements (the build requirements take none)."""
        return ([] if self.build_isolation else ["--no-build-isolation"]) + \
            [f"--config-settings={key}={value}" for key, value in self.config_settings]

    def as_data(self) -> dict:
        """As a target file spells it (for a run's meta and the environment's cache key)."""
        return {"build-isolation": self.build_isolation, "build-requirements": list(self.build_requirements),
                "config-settings": dict(self.config_settings), "bin-on-path": self.bin_on_path}


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
    # How pip installs them (build isolation, build requirements first, config settings, PATH).
    install_options: InstallOptions = InstallOptions()
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
    # The Python versions it supports (a target file's ``pythons``); (): every version with a panel.
    pythons: tuple[str, ...] = ()
    # The interpreter its tests run on, when not the runner's CPython: a name of
    # runner/provision.py's table ("pypy3.11") or an interpreter's path.  Its workers and their
    # children run on that interpreter's runner environment (runner/pythons.py).
    interpreter: str | None = None
    # The panel (Python version, "3.11") it runs; None: whichever --python names.
    python: str | None = None
    # Seconds one test may run on it before its worker is killed (a target file's ``timeout``);
    # None: the run's --timeout.  For a target with tests known to hang until killed.
    timeout: float | None = None

    def supports(self, version: str) -> bool:
        return not self.pythons or version in self.pythons

    def runs_on(self, version: str) -> bool:
        """Whether it runs on Python ``version``'s panel: one it supports, and its interpreter's, if it names one."""
        return self.supports(version) and self.python in (None, version)

    def not_for(self, version: str) -> str:
        """Why it does not run on Python ``version``'s panel (``""`` when it does)."""
        if self.python not in (None, version):
            return f"it runs Python {self.python}'s panel, on {self.interpreter or 'CPython'}"
        if not self.supports(version):
            return f"it supports Python {', '.join(self.pythons)}"
        return ""

    @property
    def load_spec(self) -> str:
        return self.spec or self.name

    @property
    def needs_environment(self) -> bool:
        """Whether its tests run on an environment of its own (children must boot it)."""
        return self.boot_line is not None or self.install_code is not None or bool(self.requirements)
