"""The interpreter a target's tests run on: stock, or a venv whose .pth boots the target.

Tests spawn child interpreters with ``sys.executable``, often isolated (``-I``) and with a
scrubbed environment; a ``.pth`` file in the interpreter's site-packages still runs there.
So a target with a boot line gets a small venv of its own (no pip, cached), and its tests
run on that venv's python.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from runner.provision import CACHE
from runner.targets import Target, TargetError

PTH_NAME = "importparity_target.pth"
# While set, the boot line does nothing (the fork server starts on CPython's import system).
DEFER_VAR = "IMPORTPARITY_DEFER_BOOT"


def interpreter_for(target: Target) -> str:
    """The python executable the target's tests (and their children) run on."""
    if target.boot_line is None:
        return sys.executable
    base = getattr(sys, "_base_executable", sys.executable)
    key = hashlib.sha256(base.encode()).hexdigest()[:12]
    venv = CACHE / "envs" / f"{target.name}-{key}"
    python = venv / "bin" / "python"
    if not python.exists():
        proc = subprocess.run([base, "-m", "venv", "--without-pip", str(venv)], capture_output=True, text=True)
        if proc.returncode != 0:
            raise TargetError(f"could not create the {target.name} environment in {venv}: "
                              f"{(proc.stderr or proc.stdout).strip().splitlines()[-1:]}")
    site = Path(subprocess.check_output(
        [str(python), "-S", "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], text=True).strip())
    site.mkdir(parents=True, exist_ok=True)
    line = f"import os; os.environ.get({DEFER_VAR!r}) or {target.boot_line()}\n"
    pth = site / PTH_NAME
    if not pth.exists() or pth.read_text() != line:
        pth.write_text(line)
    return str(python)
