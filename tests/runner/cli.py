"""Running `importparity` as a user would: a subprocess from the repository root.

PYTHON* variables are dropped (PYTHONDONTWRITEBYTECODE would turn bytecode tests into skips,
and the CLI notes any such variable on stderr).
"""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def importparity(*args: str, timeout: float = 300, extra_env: dict | None = None,
                 prefix: list[str] = ()) -> subprocess.CompletedProcess:
    """``importparity ARGS`` (``python -m runner``, what the command runs); ``prefix`` runs it under
    another command (e.g. setpriv)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")} | (extra_env or {})
    return subprocess.run([*prefix, sys.executable, "-m", "runner", *args], capture_output=True, text=True,
                          cwd=ROOT, env=env, timeout=timeout)
