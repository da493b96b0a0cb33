"""Which code is a target's own: predicates for attribution (code objects) and clusters (frames).

A target answers for code objects (``Target.is_target_code``); a traceback only has file
names.  :func:`frame_predicate` asks the target about a code object compiled under the
frame's file name, so both draw the line in one place — the target module.
"""

from __future__ import annotations

import functools
import types
from collections.abc import Callable, Iterable

_PROBE = compile("pass", "<probe>", "exec")


def code_predicate(prefixes: Iterable[str]) -> Callable[[types.CodeType], bool]:
    """``code -> bool`` for code compiled from a file under one of ``prefixes`` (or named so)."""
    prefixes = tuple(prefixes)

    @functools.lru_cache(maxsize=4096)
    def is_target_file(filename: str) -> bool:
        return filename.startswith(prefixes)

    return lambda code: is_target_file(code.co_filename)


def frame_predicate(is_target_code: Callable[[types.CodeType], bool]) -> Callable[[str], bool]:
    """``filename -> bool`` from a target's code predicate, for frames read from tracebacks."""

    @functools.lru_cache(maxsize=4096)
    def is_target_file(filename: str) -> bool:
        try:
            return bool(is_target_code(_PROBE.replace(co_filename=filename)))
        except Exception:  # a predicate that needs more than a file name cannot judge a frame
            return False

    return is_target_file


def for_run(meta: dict) -> Callable[[str], bool]:
    """The frame predicate of the target a run names; no frame is the target's if it cannot load."""
    from runner import targets

    try:
        target = targets.get(targets.spec_of_run(meta))
    except (targets.TargetError, ImportError):
        return lambda filename: False
    return frame_predicate(target.is_target_code)
