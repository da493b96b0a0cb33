"""Interpreter drift: a baseline recorded on another 3.14.x is re-recorded here, and its moves are not blamed on the target."""

import json
import os
import subprocess
import sys

from runner.compare import baseline
from tests.runner.cli import ROOT

MOVED = "test.test_pkg.TestPkg.test_1"


def _baseline_of_another_build(directory):
    """test_pkg's committed baseline, edited to claim 3.14.9, on which CPython failed test_1."""
    directory.mkdir()
    data = json.loads(baseline.path_for("test_pkg").read_text())
    data["meta"]["interpreter"]["version"] = "3.14.9"
    data["tests"][MOVED] = {"outcome": "failed"}
    (directory / "test_pkg.json").write_text(json.dumps(data))
    return directory


def test_a_baseline_of_another_interpreter_gets_a_drift_report_and_no_blame_on_the_target(tmp_path):
    out = tmp_path / "run"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")},
           "IMPORTPARITY_CACHE": str(tmp_path / "cache")}
    args = [sys.executable, "-m", "runner.cli", "parity", "--target", "pyimport", "--out", str(out), "--units",
            "test_pkg", "--quiet", "--baseline-dir", str(_baseline_of_another_build(tmp_path / "baseline"))]
    proc = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 differences from CPython" in proc.stdout
    assert "interpreter drift: CPython itself does 1 tests differently" in proc.stderr
    report = json.loads((out / "report" / "diff.json").read_text())
    assert [(d["id"], d["baseline"]["outcome"], d["target"]["outcome"]) for d in report["drift"]["differences"]] \
        == [(MOVED, "failed", "passed")]
    assert report["drift"]["committed_meta"]["interpreter"]["version"] == "3.14.9"
    assert "### Interpreter drift (1)" in (out / "report" / "summary.md").read_text()
    cached = list((tmp_path / "cache" / "baselines").glob("*/test_pkg.json"))
    assert len(cached) == 1, "CPython's outcomes here are cached per interpreter build"

    again = subprocess.run(args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert again.returncode == 0 and "recording CPython's outcomes" not in again.stderr, again.stderr

    # `importparity report` on that run compares as parity did: with CPython on the run's interpreter.
    report_args = [sys.executable, "-m", "runner.cli", "report", str(out), "--out", str(tmp_path / "r"),
                   "--baseline-dir", str(tmp_path / "baseline"), "--check"]
    proc = subprocess.run(report_args, capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    assert proc.returncode == 0 and "0 differences from CPython" in proc.stdout, proc.stdout + proc.stderr
    assert "### Interpreter drift (1)" in (tmp_path / "r" / "summary.md").read_text()
