"""pyimport-full: pyimport with its own __import__ as builtins.__import__ (what `import` runs)."""

import builtins

from pyimport.install import state as install_state

from runner.targets.base import Target, TargetError
from runner.targets.pyimport import make_target

_BASE = make_target("pyimport-full", "pyimport-full",
                    "pyimport, and pyimport's __import__ as the interpreter's built-in one")


def probe() -> str:
    evidence = _BASE.probe()
    state = install_state()
    code = getattr(builtins.__import__, "__code__", None)  # C's has none
    if state is None or id(code) not in state.code_ids:
        raise TargetError(f"builtins.__import__ is {builtins.__import__!r}, not pyimport's")
    return evidence


TARGET = Target(_BASE.name, _BASE.description, _BASE.install, probe, _BASE.is_target_code,
                boot_line=_BASE.boot_line, pythons=_BASE.pythons)
