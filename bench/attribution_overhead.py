"""Attribution overhead: `importparity run` with and without exercise attribution, side by side.

Both runs use the same target, units and interpreter, alternately, ROUNDS times each; the
script prints each wall time and CPU time (the run's and its workers'), the medians and their
ratios (goal: at most 1.10, i.e. attribution costs at most 10 % of the run's time), and how
many tests the attributed run found exercising the target.  The verdict (exit status) is the
CPU ratio: on a busy machine wall times wander by more than the overhead measured.

    python bench/attribution_overhead.py [--rounds N] [--target T] [UNIT ...]   # default: pyimport, test_importlib
    tox -e bench -- attribution_overhead.py                                       # (see README)

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runner import panel, results  # noqa: E402

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)

GOAL = 1.10


def time_run(target: str, units: list[str], out: Path, attribution: bool) -> tuple[float, float]:
    """(wall, CPU) seconds of one run; CPU counts the workers, which the run waits for."""
    cmd = [sys.executable, "-m", "runner.cli", "run", "--target", target, "--quiet", "--out", str(out),
           "--units", *units]
    if not attribution:
        cmd.append("--no-attribution")
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--target", default="pyimport")
    parser.add_argument("units", nargs="*", default=["test_importlib"])
    figures.add_option(parser)
    args = parser.parse_args()
    block = figures.Block(args)
    units = [u.name for u in panel.units(args.units)]
    with_, without = [], []
    with tempfile.TemporaryDirectory() as tmp:
        outs = {True: Path(tmp) / "with", False: Path(tmp) / "without"}
        for n in range(args.rounds):
            # Alternate which goes first, so warm caches favour neither.
            for attribution in (False, True) if n % 2 == 0 else (True, False):
                times = with_ if attribution else without
                times.append(time_run(args.target, units, outs[attribution], attribution))
            print(f"round {n + 1}: without {_fmt(without[-1])}  with attribution {_fmt(with_[-1])}", flush=True)
        run = results.load(outs[True])
    medians = {name: [statistics.median(t[i] for t in times) for i in (0, 1)]
               for name, times in (("without", without), ("with", with_))}
    wall, cpu = (medians["with"][i] / medians["without"][i] for i in (0, 1))
    block(f"median: without {_fmt(medians['without'])}, with attribution {_fmt(medians['with'])} "
          f"({args.target}, {' '.join(units)}, {args.rounds} rounds)")
    block(f"ratio with/without: CPU {cpu:.3f}, wall {wall:.3f} (goal <= {GOAL:.2f})")
    exercised = sum(bool(o.exercised) for o in run.tests.values())
    block(f"attribution: {exercised} of {len(run.tests)} tests exercise {args.target}")
    block.finish()
    return 0 if cpu <= GOAL else 1


def _fmt(times) -> str:
    return f"{times[0]:.2f}s wall / {times[1]:.2f}s CPU"


if __name__ == "__main__":
    sys.exit(main())
