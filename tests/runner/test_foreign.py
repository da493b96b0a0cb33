"""An interpreter that is not CPython: its runner environment's start-up line (runner/foreign.py)."""

import subprocess
import sys

from runner import foreign, panel

CHILD = """
import sys
line = sys.argv[1]
exec(line); exec(line)  # site reads a venv's site-packages twice
import os
stdlib = os.path.dirname(os.__file__)
print(sys.path.index(sys.argv[2]) < sys.path.index(stdlib))
print(sum(getattr(f, "__name__", "") == "UnbuildableModules" for f in sys.meta_path))
print(getattr(sys.meta_path[sys.meta_path.index(next(f for f in sys.meta_path if getattr(f, "__name__", "") == "UnbuildableModules")) + 1], "__name__", ""))
try:
    import _testcapi
except ImportError as exc:
    print(type(exc).__name__, exc)
"""


def test_cpython_needs_no_start_up_line():
    assert foreign.boot_line("cpython", "3.11") is None


def test_the_panel_comes_before_the_stdlib_and_an_unbuildable_module_is_absent():
    line = foreign.boot_line("pypy", "3.11")
    assert line.startswith("import ") and line.count("\n") == 1  # one .pth line, which site executes
    proc = subprocess.run([sys.executable, "-I", "-c", CHILD, line, str(panel.root_of("3.11"))],
                          capture_output=True, text=True, check=True)
    assert proc.stdout.splitlines() == ["True", "1", "PathFinder", "ModuleNotFoundError No module named '_testcapi'"]
