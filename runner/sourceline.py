"""Where a test lives: the file and line of its method in vendored_tests/, found from its id with ast.

Test ids name a module, a class and a method; the class may be one that
``test_importlib.util.test_both`` generated (``Frozen_X`` from ``X``), and the method may come
from a base class defined in the same file.  When the method cannot be found the module's
file stands, at line 1.
"""

from __future__ import annotations

import ast
import functools
import os
from pathlib import Path

from runner import panel


def _module_file(parts: list[str]) -> tuple[Path, list[str]] | None:
    """The vendored file of the longest module prefix of ``parts``, and the names after it."""
    for cut in range(len(parts), 0, -1):
        base = panel.VENDORED.joinpath(*parts[:cut])
        for path in (base.with_suffix(".py"), base / "__init__.py"):
            if path.is_file():
                return path, parts[cut:]
    return None


def _find_def(tree: ast.Module, names: list[str]) -> ast.AST | None:
    classes = {n.name: n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
    if not names:
        return None
    cls_name, method = names[0], names[-1]
    # util.test_both() makes Frozen_X and Source_X out of a class X.
    cls = classes.get(cls_name) or classes.get(cls_name.partition("_")[2])
    seen = set()
    while cls is not None and cls.name not in seen:
        seen.add(cls.name)
        for node in cls.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == method:
                return node
        bases = [b.id if isinstance(b, ast.Name) else getattr(b, "attr", "") for b in cls.bases]
        cls = next((classes[b] for b in bases if b in classes), None)
    defs = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name == method]
    return defs[0] if defs else classes.get(cls_name)


def location(test_id: str) -> tuple[Path, int] | None:
    """The vendored file and line where ``test_id``'s method is defined (its module when unsure)."""
    found = _module_file(test_id.split("."))
    if found is None:
        return None
    path, names = found
    node = _find_def(_tree(path), names)
    return path, getattr(node, "lineno", 1)


@functools.lru_cache(maxsize=256)
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def label(test_id: str) -> str:
    """``vendored_tests/3.14/test/x.py:123``, relative to the project; "" when not found."""
    where = location(test_id)
    return f"{os.path.relpath(where[0], panel.ROOT)}:{where[1]}" if where else ""


def link(test_id: str, from_dir: Path) -> str:
    """A relative link from ``from_dir`` to the test's file with a ``#L123`` line anchor; "" when not found."""
    where = location(test_id)
    if where is None:
        return ""
    return f"{Path(os.path.relpath(where[0], Path(from_dir).resolve())).as_posix()}#L{where[1]}"
