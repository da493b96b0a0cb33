"""Panel wall time: `importparity run --target cpython` against CPython's own `python -m test -j2`.

Both run the same units on the same interpreter, alternately, ROUNDS times each; the script
prints each time, the medians and their ratios (goals: wall at most 0.80, CPU of all processes
at most 0.85), and how many tests the last importparity run and the last regrtest run disagree
on (goal: 0).

    python bench/panel_speed.py [--rounds N] [--python X.Y] [UNIT ...]   # on CPython 3.14, e.g. via:
    tox -e bench -- panel_speed.py --python 3.15                       # (see README)

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).

With ``--python X.Y`` both run on CPython X.Y: importparity with ``--python``, regrtest as
``python3.X -m test -j2`` over that interpreter's own Lib/test, on X.Y's units.
"""

from __future__ import annotations

import argparse
import collections
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runner import oracle, panel, pipeline, provision, results  # noqa: E402
from runner.execute.plugin import PHASES  # noqa: E402

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)

WALL_GOAL, CPU_GOAL = 0.80, 0.85


def time_importparity(units: list[str], out: Path, version: str, *options: str) -> float:
    """Wall seconds of `importparity run --target cpython` over ``units``, with ``options`` added."""
    cmd = [sys.executable, "-m", "runner", "run", "--python", version, "--target", "cpython", "--quiet",
           "--out", str(out), *options, "--units", *units]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


def children_cpu() -> float:
    """CPU seconds of every finished descendant so far: less moved by other load than wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--python", default=panel.VERSION, metavar="X.Y", help="the version to measure on")
    parser.add_argument("units", nargs="*")
    figures.add_option(parser)
    args = parser.parse_args()
    block = figures.Block(args, figures.on_python(args.python, panel.DEFAULT_VERSION))
    every = [u.name for u in panel.read_units(args.python)]
    units = args.units or every
    python = str(provision.find_interpreter(args.python))
    ours, theirs, cpu_ours, cpu_theirs = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "run"
        for n in range(args.rounds):
            before = children_cpu()
            reference, wall = oracle.run_regrtest(units, python=python)
            theirs.append(wall)
            cpu_theirs.append(children_cpu() - before)
            before = children_cpu()
            ours.append(time_importparity(units, out, args.python))
            cpu_ours.append(children_cpu() - before)
            print(f"round {n + 1}: regrtest -j2 {theirs[-1]:.2f}s  importparity {ours[-1]:.2f}s", flush=True)
        run = results.load(out)
    diffs = oracle.differences(reference, run.tests)
    ratio = statistics.median(ours) / statistics.median(theirs)
    block(f"median: regrtest -j2 {statistics.median(theirs):.2f}s, importparity {statistics.median(ours):.2f}s "
          f"(CPython {args.python}, {len(units)} units, {args.rounds} rounds)")
    block(f"ratio importparity/regrtest: {ratio:.2f} (goal <= {WALL_GOAL})")
    # Each round runs both side by side; on a shared machine the ratio within a round is steadier.
    paired = statistics.median(o / t for o, t in zip(ours, theirs))
    block(f"median of the rounds' own ratios: {paired:.2f}")
    block(f"CPU (all processes): regrtest -j2 {statistics.median(cpu_theirs):.2f}s, importparity "
          f"{statistics.median(cpu_ours):.2f}s, ratio {statistics.median(cpu_ours) / statistics.median(cpu_theirs):.2f} "
          f"(goal <= {CPU_GOAL}; the median of the rounds' own ratios "
          f"{statistics.median(o / t for o, t in zip(cpu_ours, cpu_theirs)):.2f})")
    # Where the last round's CPU went.  Importing the test modules and running the tests cost
    # any runner of them about the same; their share of regrtest's whole CPU is the lowest
    # CPU ratio a harness with no cost of its own could reach.
    phases = {p: sum(job.get(p, 0.0) for job in run.meta.get("cpu", {}).values()) for p in PHASES}
    others = cpu_ours[-1] - sum(phases.values())
    block("importparity's CPU in the last round, by phase over its jobs: "
          + ", ".join(f"{p} {s:.2f}s" for p, s in phases.items())
          + f"; the run's own process and the fork server {others:.2f}s")
    inherent = phases["collection"] + phases["tests"]
    block(f"importing and running the tests alone: {inherent:.2f}s = {inherent / cpu_theirs[-1]:.2f} of regrtest's "
          f"CPU in the same round ({cpu_theirs[-1]:.2f}s): the CPU ratio of a harness that cost nothing itself")
    workers = pipeline.cpus()
    block(f"that CPU spread evenly over {workers} CPUs takes {inherent / workers:.2f}s = "
          f"{inherent / workers / theirs[-1]:.2f} of regrtest's wall time in the same round: the wall ratio "
          f"of such a harness, had its jobs no waits and no tail")
    statuses = collections.Counter(str(o.outcome) for o in run.tests.values())
    block(f"fidelity: {len(run.tests)} tests ({', '.join(f'{n} {s}' for s, n in statuses.most_common())}), "
          f"{len(diffs)} differences from regrtest")
    for line in diffs[:20]:
        block("  " + line)
    block.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
