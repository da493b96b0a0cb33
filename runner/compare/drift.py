"""Interpreter drift: when this interpreter is not the baseline's, CPython's outcomes are re-recorded here.

The committed baseline describes the CPython build it was recorded on.  On another 3.14.x
(or another build of the same version) CPython's own outcomes may move, and a comparison
with the committed baseline would blame those moves on the target.  So ``parity`` first
records CPython's outcomes on the running interpreter — once per interpreter build and
panel version, cached under ``~/.cache/importparity/baselines/<key>/`` — compares the target
with those, and reports the *drift* (tests CPython itself does differently here from the
committed baseline) apart from the target's differences.
"""

from __future__ import annotations

import hashlib
import json
import platform
from pathlib import Path
from typing import Callable

from runner import locks, provision, vendor
from runner.compare import baseline as baseline_mod
from runner.results import Run


def this_interpreter() -> dict:
    """The running interpreter as the baseline's meta names it."""
    return {"version": platform.python_version(), "build": " ".join(platform.python_build()),
            "compiler": platform.python_compiler()}


def differs(baseline_meta: dict, interpreter: dict | None = None) -> bool:
    """The baseline was recorded on another CPython version or build than ``interpreter`` (default: this one)."""
    recorded = baseline_meta.get("interpreter")
    here = interpreter or this_interpreter()
    if not isinstance(recorded, dict) or not isinstance(here, dict):
        return False  # a baseline or run that does not say (hand-made, in tests): nothing to follow
    return any(recorded.get(k) != here.get(k) for k in ("version", "build"))


def cache_dir(interpreter: dict | None = None) -> Path:
    """Where an interpreter's own CPython baseline is kept (per build and panel version; default: this one)."""
    here = {k: (interpreter or this_interpreter()).get(k) for k in ("version", "build", "compiler")}
    key = hashlib.sha256(json.dumps([here, vendor.manifest_hash()], sort_keys=True).encode()).hexdigest()[:16]
    return provision.CACHE / "baselines" / f"{here['version']}-{key}"


def cached(units: list[str], interpreter: dict) -> Run | None:
    """The interpreter's own CPython baseline for ``units``, if ``parity`` recorded it already."""
    directory = cache_dir(interpreter)
    if not all(baseline_mod.path_for(u, directory).is_file() for u in units):
        return None
    return baseline_mod.load(units, directory)


def local_baseline(units: list[str], record: Callable[[list[str], Path], Run]) -> Run:
    """CPython's outcomes for ``units`` on this interpreter, recording the units not cached yet.

    ``record(units, out_dir)`` runs the cpython target over ``units`` and returns its Run.
    """
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    # One recording at a time: a second parity waits, then finds the units recorded.
    with locks.locked(directory / ".recording.lock"):
        missing = [u for u in units if not baseline_mod.path_for(u, directory).is_file()]
        if missing:
            run = record(missing, directory / "run")
            baseline_mod.record(run, directory)
        return baseline_mod.load(units, directory)
