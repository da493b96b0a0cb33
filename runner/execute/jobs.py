"""Jobs: what one worker process runs — a whole unit, or one shard of a large package unit.

A shard of a package unit is a subset of the package's direct children (test modules and
subpackages), loaded exactly as the package's ``load_tests`` would discover them; shards
are balanced by measured cost so both cores stay busy (runner.execute.costs plans the jobs).
"""

from __future__ import annotations

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
    children: tuple[str, ...] | None = None  # file/dir names under the package; None = whole unit
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
