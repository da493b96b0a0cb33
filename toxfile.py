"""tox in-tree plugin: make a CPython 3.14 available before tox looks for `python3.14`.

A python3.14 on PATH is used as it is; otherwise runner/provision.py finds the cached one or
provisions it from Debian unstable (once), and its directory is put first on PATH.
"""

import os
import sys
from pathlib import Path

from tox.plugin import impl

sys.path.insert(0, str(Path(__file__).parent))
from runner import provision  # noqa: E402

sys.path.pop(0)


@impl
def tox_add_core_config(core_conf, state) -> None:
    try:
        python = provision.find_python()
    except provision.ProvisionError as exc:
        print(f"importparity: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    os.environ["PATH"] = f"{python.parent}{os.pathsep}{os.environ.get('PATH', '')}"
