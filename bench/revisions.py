"""The repository as it was at a git revision, for the benches that measure it beside the working tree.

Standard library only: every bench may import it, whatever interpreter runs the bench.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tree_at(ref: str, where: Path, *paths: str) -> Path:
    """The repository's tree (or only ``paths`` of it) at git revision ``ref``, extracted into ``where``;
    a revision git does not know ends the bench with one line."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", ref, *paths], capture_output=True)
    if archive.returncode != 0:
        sys.exit(f"no tree at {ref!r}: {archive.stderr.decode().strip()}")
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive.stdout, check=True)
    return where
