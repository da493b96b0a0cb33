"""Jobs: what one worker process runs — a whole unit, or one shard of a large unit.

A shard of a package unit is a subset of the package's direct children (test modules and
subpackages), loaded exactly as the package's ``load_tests`` would discover them.  A shard of
a module unit is a subset of the module's top-level classes: its tests are those unittest
loads from the module whose class is one of them (shard 0 also takes any test whose class is
none of the module's top-level classes, such as a ``load_tests``'s doctests).  Shards are
balanced by measured cost so both cores stay busy (runner.execute.costs plans the jobs).
"""

from __future__ import annotations

import ast
import functools
import os
from dataclasses import asdict, dataclass
from pathlib import Path

PATTERN = "test*.py"


@dataclass(frozen=True)
class Job:
    """One process's work: ``unit``'s tests, or only those under ``children`` (a shard)."""

    unit: str
    module: str
    shard: int = 0
    shards: int = 1
    # A shard's children: file/dir names under the package, or class names in the module;
    # None = the whole unit.
    children: tuple[str, ...] | None = None
    only: tuple[str, ...] | None = None  # unittest ids to run, in collection order; None = all

    @property
    def name(self) -> str:
        return self.unit if self.shards == 1 else f"{self.unit}[{self.shard + 1}/{self.shards}]"

    @property
    def slug(self) -> str:
        """The job's name as a file name."""
        return self.unit if self.shards == 1 else f"{self.unit}.{self.shard + 1}-of-{self.shards}"

    def to_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> "Job":
        tuples = {key: tuple(data[key]) for key in ("children", "only") if data.get(key) is not None}
        return cls(**{**data, **tuples})


def discoverable(package_dir: Path) -> list[str]:
    """The children unittest discovery would visit, in its order (sorted listdir)."""
    names = []
    for name in sorted(os.listdir(package_dir)):
        path = package_dir / name
        if path.is_dir() and (path / "__init__.py").exists():
            names.append(name)
        elif path.is_file() and name.startswith("test") and name.endswith(".py"):
            names.append(name)
    return names


def children_of(path: Path) -> list[str]:
    """What a unit's shards divide: a package's discoverable children, or a module's classes."""
    return discoverable(path) if path.is_dir() else list(module_classes(path))


@functools.lru_cache(maxsize=None)
def module_classes(path: Path) -> dict[str, int]:
    """A test module's top-level classes, in unittest's loading order (by name), each with
    its source size in bytes; read from the source, so planning imports nothing."""
    source = path.read_bytes()
    lines = source.splitlines(keepends=True)
    found = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            found[node.name] = sum(len(line) for line in lines[first - 1:node.end_lineno])
    return dict(sorted(found.items()))
