"""Workers run without the PYTHON* variables that change outcomes, as the baseline was recorded."""

import json
import os
import subprocess
import sys

from tests.runner.cli import ROOT


def _parity(tmp_path, *extra):
    out = tmp_path / "run"
    env = {**{k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([sys.executable, "-m", "runner.cli", "parity", "--target", "pyimport", "--out", str(out),
                           "--units", "test_import", "--quiet", *extra],
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=300)
    return proc, json.loads((out / "results.json").read_text())["meta"]


def test_pythondontwritebytecode_is_dropped_and_parity_holds(tmp_path):
    proc, meta = _parity(tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 differences from CPython" in proc.stdout
    assert meta["environment_dropped"] == ["PYTHONDONTWRITEBYTECODE"]
    assert "PYTHONDONTWRITEBYTECODE" not in meta["environment"]


def test_inherit_env_keeps_it_and_the_bytecode_tests_skip(tmp_path):
    proc, meta = _parity(tmp_path, "--inherit-env", "--no-recheck")
    assert proc.returncode == 1, proc.stdout + proc.stderr  # differences CPython's baseline does not have
    assert "12 differences from CPython" in proc.stdout  # test_import's bytecode tests skip
    assert meta["environment"]["PYTHONDONTWRITEBYTECODE"] == "1" and meta["environment_dropped"] == []


def test_with_the_recheck_the_skips_the_variable_causes_are_environment_drift(tmp_path):
    proc, meta = _parity(tmp_path, "--inherit-env")
    assert proc.returncode == 0, proc.stdout + proc.stderr  # CPython here, with the same variable, skips them too
    assert "environment drift: CPython itself does 12 of the 12 differing tests otherwise on this machine " \
           "(interpreter flags (PYTHON* variables, --inherit-env): 12)" in proc.stdout
