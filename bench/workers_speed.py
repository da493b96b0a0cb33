"""Jobs at once: the panel's wall time with as many workers as CPUs, one more, and two more.

`importparity run --target cpython` over the whole panel, ``--workers`` set to the CPUs, the
CPUs + 1 (the default) and the CPUs + 2 (regrtest's -j0), one after the other in each round,
ROUNDS times; it prints each count's median wall and CPU time of all processes, and the
tests whose outcome differed from the run with as many workers as CPUs (goal: none).

    python bench/workers_speed.py [--rounds N] [--python X.Y]   # on CPython 3.14, e.g. via:
    tox -e bench -- workers_speed.py --rounds 5                   # (see README)

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runner import panel, pipeline, results  # noqa: E402

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)
import panel_speed  # noqa: E402  (its timed importparity run and its CPU of the children)


def timed_run(workers: int, out: Path, version: str, units: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``units`` with ``workers`` jobs at once."""
    cpu = panel_speed.children_cpu()
    wall = panel_speed.time_importparity(units, out, version, "--workers", str(workers))
    return wall, panel_speed.children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--python", default=panel.VERSION, metavar="X.Y", help="the version to measure on")
    figures.add_option(parser)
    args = parser.parse_args()
    block = figures.Block(args, figures.on_python(args.python, panel.DEFAULT_VERSION))
    units = [u.name for u in panel.read_units(args.python)]
    cpus = pipeline.cpus()
    counts = [cpus, cpus + 1, cpus + 2]
    walls: dict[int, list[float]] = {n: [] for n in counts}
    cpu: dict[int, list[float]] = {n: [] for n in counts}
    changed: dict[int, set[str]] = {n: set() for n in counts}
    with tempfile.TemporaryDirectory() as tmp:
        reference = None
        for round_ in range(args.rounds):
            for n in counts:
                out = Path(tmp) / f"workers-{n}"  # each count schedules from its own last run's costs
                wall, seconds = timed_run(n, out, args.python, units)
                walls[n].append(wall)
                cpu[n].append(seconds)
                outcomes = {t: (o.outcome, o.reason) for t, o in results.load(out).tests.items()}
                reference = reference or outcomes
                changed[n] |= {t for t in reference.keys() | outcomes.keys() if reference.get(t) != outcomes.get(t)}
            print(f"round {round_ + 1}: " + ", ".join(f"{n} workers {walls[n][-1]:.2f}s" for n in counts), flush=True)
    base = statistics.median(walls[cpus])
    block(f"CPython {args.python}, {len(reference)} tests, {cpus} CPUs, {args.rounds} rounds, medians:")
    for n in counts:
        name = {cpus: "the CPUs", cpus + 1: "the CPUs + 1 (default)", cpus + 2: "the CPUs + 2 (regrtest -j0)"}[n]
        block(f"  {n} workers, {name}: wall {statistics.median(walls[n]):.2f}s "
              f"({statistics.median(walls[n]) / base:.2f} of {cpus} workers'), "
              f"CPU {statistics.median(cpu[n]):.2f}s, tests whose outcome changed: {len(changed[n])}")
    for test in sorted(set().union(*changed.values()))[:20]:
        block(f"  changed: {test}")
    block.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
