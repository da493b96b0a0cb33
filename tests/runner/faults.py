"""Running `importparity` on the fault panel (tests/runner/fault_panel/) as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.runner.cli import ROOT

PANEL_ENV = {"IMPORTPARITY_PANEL": "tests.runner.fault_panel:PANEL"}
PREFIX = "tests.runner.fault_panel."


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    return {**env, **PANEL_ENV, **extra}


def run_faults(*args: str, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "runner.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env or clean_env(), timeout=timeout)


def start_faults(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "runner.cli", *args], cwd=ROOT, env=env or clean_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text())


def outcomes(out: Path, unit: str) -> dict[str, dict]:
    """The unit's tests by short name (``Class.test``)."""
    return {tid.removeprefix(f"{PREFIX}{unit}."): t for tid, t in results(out)["tests"].items()
            if t["unit"] == unit}


def passing_baseline(directory: Path, unit: str, names: list[str]) -> Path:
    """A baseline in which the unit's tests ``names`` (``Class.test``) all pass."""
    from runner.compare import baseline, drift
    from runner.results import Outcome, Run, Status

    run = Run(meta={"target": "cpython", "interpreter": drift.this_interpreter()})
    for name in names:
        tid = f"{PREFIX}{unit}.{name}"
        run.tests[tid] = Outcome(tid, unit, Status.PASSED)
    baseline.record(run, directory)
    return directory


def slow_baseline(directory: Path) -> Path:
    """A baseline for fault_slow: its forty tests pass."""
    return passing_baseline(directory, "fault_slow", [f"Slow.test_{n:02d}" for n in range(40)])
