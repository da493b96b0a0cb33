"""The panel on an interpreter that is not CPython: what its runner environment does at every start-up.

CPython's tests assume CPython's stdlib around them.  On another implementation two things
stand in the way before any test runs, and both must hold in the workers and in every child
interpreter the tests start (often isolated, ``-I``), so they are a line in a ``.pth`` file of
the interpreter's runner environment (runner/pythons.py), which every process of it runs:

- **The panel's ``test`` package comes first.**  The interpreter's own ``test`` package is not
  CPython's (PyPy's holds a few files of its own): children that import ``test.…`` must find
  the panel's, so its folder goes on ``sys.path`` just before the stdlib's.
- **A module that is there but cannot be built is absent.**  CPython's tests import the test
  extension modules under ``except ImportError``; an interpreter whose stand-in fails to import
  with another exception breaks ``test.support`` itself.  Each such module, named per
  implementation in ``UNBUILDABLE``, is answered by a finder placed before ``PathFinder``
  with ``ModuleNotFoundError: No module named '…'``, as on a CPython built without test modules.
"""

from __future__ import annotations

from runner import panel

PTH_NAME = "_importparity_interpreter.pth"

# implementation -> modules it ships that fail to import with an exception other than ImportError.
UNBUILDABLE: dict[str, tuple[str, ...]] = {
    # PyPy's lib_pypy/_testcapi.py compiles _testcapimodule.c on first import; Debian's pypy3-lib
    # does not ship the C file, so the import raises FileNotFoundError.
    "pypy": ("_testcapi",),
}

_SOURCE = '''\
import os, sys
panel, names = {panel!r}, {names!r}
if panel and panel not in sys.path:
    stdlib = os.path.dirname(os.__file__)
    sys.path.insert(sys.path.index(stdlib) if stdlib in sys.path else 0, panel)

class UnbuildableModules:
    """{implementation} ships these modules but cannot import them here: they are absent, as on a
    CPython built without test modules (importparity's runner/foreign.py)."""

    __module__ = "_importparity_interpreter"
    names = frozenset(names)

    @classmethod
    def find_spec(cls, name, path=None, target=None):
        if name in cls.names:
            raise ModuleNotFoundError(f"No module named {{name!r}}", name=name)
        return None

# site reads a venv's site-packages twice: the second reading finds the finder in place.
if names and not any(getattr(f, "__name__", "") == "UnbuildableModules" for f in sys.meta_path):
    # just before PathFinder, which would find the module's file
    at = next((i for i, f in enumerate(sys.meta_path) if getattr(f, "__name__", "") == "PathFinder"),
              len(sys.meta_path))
    sys.meta_path.insert(at, UnbuildableModules)
'''


def boot_source(implementation: str, version: str) -> str | None:
    """The start-up code of ``implementation`` ``version``'s runner environment; None for CPython."""
    if implementation == "cpython":
        return None
    root = panel.root_of(version)
    return _SOURCE.format(panel=str(root) if (root / "MANIFEST").is_file() else "",
                          implementation=implementation, names=tuple(UNBUILDABLE.get(implementation, ())))


def boot_line(implementation: str, version: str) -> str | None:
    """:func:`boot_source` as a ``.pth`` line (site runs a line that starts with ``import``)."""
    source = boot_source(implementation, version)
    if source is None:
        return None
    return f"import sys; exec({source!r}, {{'__name__': '_importparity_interpreter'}})\n"
