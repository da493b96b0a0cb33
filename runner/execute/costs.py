"""Costs: what each job took last time, and the schedule built from it — longest first, shards balanced.

A run writes ``costs.json`` beside its results: each unit's wall time (its job's, for units
run whole) and, for units split into shards, each child's time (a package's file or folder,
a module's class: the sum of its tests' durations).  The next run into the same directory
plans from it; a fresh clone plans from the table committed beside this module for the
panel's version (``default_costs.X.Y.json``, else ``default_costs.json``, measured on
CPython 3.14), and a child it has never seen is costed by its source size at the table's
own seconds per byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from runner import panel
from runner.execute.jobs import Job, children_of, module_classes
from runner.panel import Unit
from runner.results import Run

# The committed tables: one per panel version where its units' costs differ (3.13's
# test_zipimport takes ten times 3.14's), else the one measured on 3.14.
DEFAULT = Path(__file__).with_name("default_costs.json")


def default_table() -> Path:
    """The committed table for the running interpreter's panel."""
    own = DEFAULT.with_name(f"default_costs.{panel.VERSION}.json")
    return own if own.is_file() else DEFAULT

FILE = "costs.json"
# A worker's fixed cost (fork, regrtest's set-up, the target's install): paid once per job.
JOB_OVERHEAD = 0.3


def source_size(path: Path) -> int:
    """Bytes of Python source in a test file or package: what an unmeasured job is priced by."""
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*.py"))
    return path.stat().st_size


@dataclass
class Costs:
    """Seconds per unit run whole, and per child (a package's file or folder, a module's class)
    of a unit run in shards."""

    units: dict[str, float] = field(default_factory=dict)
    children: dict[str, dict[str, float]] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"units": dict(sorted(self.units.items())),
                "children": {u: dict(sorted(c.items())) for u, c in sorted(self.children.items())}}

    @classmethod
    def from_json(cls, data: dict) -> "Costs":
        return cls({k: float(v) for k, v in data.get("units", {}).items()},
                   {u: {k: float(v) for k, v in c.items()} for u, c in data.get("children", {}).items()})

    def per_byte(self) -> float:
        """Seconds per byte of source over the units this table knows: the price of the unknown."""
        where = panel.current().path_of
        known = [(s, source_size(where(u))) for u in panel.current().units
                 if (s := self.units.get(u.name)) is not None and where(u).exists()]
        size = sum(b for _, b in known)
        return sum(s for s, _ in known) / size if size else 1e-5

    def unit(self, unit: Unit) -> float:
        if unit.name in self.units:
            return self.units[unit.name]
        return source_size(panel.current().path_of(unit)) * self.per_byte()

    def child(self, unit: Unit, name: str) -> float:
        known = self.children.get(unit.name, {})
        if name in known:
            return known[name]
        path = panel.current().path_of(unit)
        size = source_size(path / name) if path.is_dir() else module_classes(path).get(name, 0)
        return size * self.per_byte()


def load(run_dir: Path | None = None) -> Costs:
    """The costs the last run into ``run_dir`` measured, else the committed table."""
    for path in ([Path(run_dir) / FILE] if run_dir else []) + [default_table()]:
        try:
            return Costs.from_json(json.loads(path.read_text()))
        except (OSError, ValueError, TypeError, AttributeError):
            continue
    return Costs()


def job_cost(job: Job, costs: Costs) -> float:
    unit = panel.units([job.unit])[0]
    if job.children is None:
        return costs.unit(unit)
    return JOB_OVERHEAD + sum(costs.child(unit, name) for name in job.children)


def plan(units: list[Unit], costs: Costs) -> list[Job]:
    """The jobs for ``units``: shards balanced by measured cost, the longest job first."""
    jobs: list[Job] = []
    for unit in units:
        path = panel.current().path_of(unit)
        if unit.shards == 1:
            jobs.append(Job(unit.name, unit.module))
            continue
        children = children_of(path)
        bins: list[tuple[float, list[str]]] = [(0.0, []) for _ in range(unit.shards)]
        for name in sorted(children, key=lambda n: (-costs.child(unit, n), n)):
            bins.sort(key=lambda b: b[0])
            cost, names = bins[0]
            bins[0] = (cost + costs.child(unit, name), names + [name])
        for index, (_, names) in enumerate(sorted(bins, key=lambda b: -b[0])):
            order = tuple(n for n in children if n in names)  # discovery order within a shard
            jobs.append(Job(unit.name, unit.module, index, unit.shards, order))
    return sorted(jobs, key=lambda j: (-job_cost(j, costs), j.name))


def measured(run: Run, jobs: list[Job]) -> Costs:
    """What ``run`` measured for the ``jobs`` it ran whole (a selection's jobs measure nothing)."""
    found = Costs()
    took = run.meta.get("jobs", {})
    for job in jobs:
        if job.only is not None or job.name not in took:
            continue
        if job.children is None:
            found.units[job.unit] = round(took[job.name], 3)
            continue
        found.children.setdefault(job.unit, {}).update(_children(run, job, took[job.name]))
    return found


def _children(run: Run, job: Job, wall: float) -> dict[str, float]:
    """A shard's wall time shared among its children by their tests' durations.

    Tests' durations leave out imports and class fixtures; sharing the job's own wall time
    (less a worker's fixed cost) keeps those in the estimate.
    """
    sums = {}
    for name in job.children:
        module = f"{job.module}.{name.removesuffix('.py')}."
        sums[name] = sum(o.duration for t, o in run.tests.items() if t.startswith(module))
    total = sum(sums.values())
    share = max(wall - JOB_OVERHEAD, 0.0) / total if total else 0.0
    return {name: round(seconds * share, 3) for name, seconds in sums.items()}


def record(run: Run, jobs: list[Job], run_dir: Path) -> None:
    """Update ``run_dir/costs.json`` with what this run measured, keeping what it did not."""
    costs = load(run_dir)
    new = measured(run, jobs)
    costs.units.update(new.units)
    for unit, per_child in new.children.items():
        costs.children.setdefault(unit, {}).update(per_child)
    path = Path(run_dir) / FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(costs.to_json(), indent=1) + "\n")
