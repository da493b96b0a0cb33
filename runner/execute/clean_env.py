"""The workers' environment: without the PYTHON* variables that change outcomes, as the baseline's.

CPython's baseline is recorded through tox, which passes no PYTHON* variable on; a variable
such as PYTHONDONTWRITEBYTECODE (common in CI containers) turns 97 bytecode tests into skips,
which would then be blamed on the target.  So the fork server, and every worker and test
child it forks, starts without them unless ``--inherit-env`` asks to keep them.
"""

from __future__ import annotations

import contextlib
import os

# PYTHON* variables that change no test's outcome: kept.
QUIET_VARIABLES = frozenset({"PYTHONUNBUFFERED", "PYTHONIOENCODING", "PYTHONHASHSEED"})


def influential(environ=os.environ) -> list[str]:
    """The PYTHON* variables set in ``environ`` that may change outcomes, sorted."""
    return sorted(k for k in environ if k.startswith("PYTHON") and k not in QUIET_VARIABLES)


def record(inherit: bool) -> dict:
    """What ``meta`` says of the workers' environment: the PYTHON* variables kept, and those dropped."""
    dropped = [] if inherit else influential()
    kept = {k: v for k, v in sorted(os.environ.items()) if k.startswith("PYTHON") and k not in dropped}
    return {"environment": kept, "environment_dropped": dropped}


@contextlib.contextmanager
def cleaned(inherit: bool):
    """While the fork server starts: no influential variable, and no interpreter flag (unless inherited).

    multiprocessing starts its fork server with the parent's interpreter flags, and those carry
    the variables' effects on (PYTHONDONTWRITEBYTECODE is ``-B`` there), so they go too: the
    workers start as the plain interpreter the baseline was recorded with.
    """
    from multiprocessing import util

    saved = {} if inherit else {k: os.environ.pop(k) for k in influential()}
    flags = util._args_from_interpreter_flags
    if not inherit:
        util._args_from_interpreter_flags = list
    try:
        yield
    finally:
        util._args_from_interpreter_flags = flags
        os.environ.update(saved)
