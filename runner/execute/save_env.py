"""The per-test environment check, after regrtest's save_env: what a test left changed.

Around each test (inside its class fixtures, so a setUpClass/tearDownClass pair is not
blamed on one test) the worker snapshots the import system's state and the process's
environment, and reports what differs after it.  regrtest checks once per test file and
restores what changed; this check is per test and restores nothing, so later tests run as
they would under regrtest within one file.

What is checked keeps stock CPython at zero on this panel (measured: `importparity run
--target cpython`, every test, 2026-11-22): ``sys.path``, ``sys.meta_path``,
``sys.path_hooks``, the working directory and ``os.environ`` in full (regrtest checks all
but meta_path); ``sys.modules`` only for names added that no import made (a value without
``__spec__``: planted by hand and left).  A full ``sys.modules`` or ``sys.path_importer_cache``
comparison flags 383 of CPython's own tests: a first import adds to both,
``invalidate_caches()`` empties the cache, and tests drop modules to load them afresh
(removals alone flag 9, of pure-Python modules 2).  regrtest checks neither.
"""

from __future__ import annotations

import os
import sys

# How many changed entries one resource names before it counts the rest.
NAMED = 3


def _same_objects(before: list, after: list) -> bool:
    return len(before) == len(after) and all(a is b for a, b in zip(before, after))


def _name(obj) -> str:
    if isinstance(obj, str):
        return repr(obj)
    return getattr(obj, "__qualname__", None) or type(obj).__qualname__


def _listed(items) -> str:
    items = sorted(items, key=str)
    more = f" and {len(items) - NAMED} more" if len(items) > NAMED else ""
    return ", ".join(map(str, items[:NAMED])) + more


def _list_change(name: str, before: list, after: list) -> str | None:
    if _same_objects(before, after):
        return None
    added = [_name(x) for x in after if not any(x is y for y in before)]
    removed = [_name(x) for x in before if not any(x is y for y in after)]
    parts = [f"added {_listed(added)}" if added else "", f"removed {_listed(removed)}" if removed else ""]
    return f"{name}: {'; '.join(p for p in parts if p) or 'reordered'}"


def _keys_change(name: str, before: set, after: set) -> str | None:
    added, removed = after - before, before - after
    if not added and not removed:
        return None
    parts = [f"added {_listed(added)}" if added else "", f"removed {_listed(removed)}" if removed else ""]
    return f"{name}: {'; '.join(p for p in parts if p)}"


def _environ() -> dict:
    """os.environ's raw pairs: copied and compared in C, where reading os.environ decodes each item.

    Taken around every test, a decoding copy cost more than the rest of the snapshot.
    """
    data = getattr(os.environ, "_data", None)
    return dict(data) if isinstance(data, dict) else dict(os.environ)


def _decoded(environ: dict) -> dict[str, str]:
    return {os.fsdecode(k): os.fsdecode(v) for k, v in environ.items()}


class Snapshot:
    """The state one test may leave changed, taken before it runs."""

    def __init__(self) -> None:
        self.path = list(sys.path)
        self.meta_path = list(sys.meta_path)
        self.path_hooks = list(sys.path_hooks)
        self.modules = set(sys.modules)
        self.cwd = os.getcwd()
        self.environ = _environ()

    def changes(self) -> str:
        """What differs now, one clause per resource joined by '; ' ('' when nothing did)."""
        found = [
            _list_change("sys.path", self.path, list(sys.path)),
            _list_change("sys.meta_path", self.meta_path, list(sys.meta_path)),
            _list_change("sys.path_hooks", self.path_hooks, list(sys.path_hooks)),
            self._modules_change(),
            None if os.getcwd() == self.cwd else f"cwd: {self.cwd!r} became {os.getcwd()!r}",
            self._environ_change(),
        ]
        return " | ".join(c for c in found if c)

    def _modules_change(self) -> str | None:
        now = dict(sys.modules)
        planted = [n for n in now.keys() - self.modules if getattr(now[n], "__spec__", None) is None]
        return _keys_change("sys.modules", set(), set(planted))

    def _environ_change(self) -> str | None:
        now = _environ()
        if now == self.environ:
            return None
        before, after = _decoded(self.environ), _decoded(now)
        changed = [k for k, v in after.items() if before.get(k, v) != v]
        return (_keys_change("os.environ", set(before), set(after))
                or (f"os.environ: changed {_listed(changed)}" if changed else None))
