"""Interpreter guard cost: what one check of the base interpreter's files costs a run.

Runs the guard's check (runner/execute/guard.py) ROUNDS times on the base interpreter of the
python running this script, as a run does before and after the panel, and prints the median
and the range, with the number of files watched and pycs among them.  A run makes two checks.
The first check of an interpreter (no manifest yet in the cache) judges every pyc against
its source and is not counted; it is timed and printed apart.

    python bench/guard_cost.py [--rounds N]      # default: 20 rounds
    tox -e bench -- guard_cost.py                # (see README)

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import io
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runner.execute import guard  # noqa: E402

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    figures.add_option(parser)
    args = parser.parse_args()
    block = figures.Block(args)
    interp = guard.Interpreter.base()
    watch = guard.Watch("bench", interp, stream=io.StringIO())
    started = time.perf_counter()
    watch._check()  # makes the manifest if there is none, and records the pycs written since the last check
    first = time.perf_counter() - started
    times = []
    for _ in range(args.rounds):
        started = time.perf_counter()
        watch._check()
        times.append(time.perf_counter() - started)
    files = guard.scan(interp)
    pycs = sum(1 for path in files if path.endswith(".pyc"))
    block(f"interpreter {interp.python}: {len(files)} files watched, {pycs} pycs")
    block(f"first check this time (manifest made or brought up to date): {first:.3f} s")
    block(f"one check, median of {args.rounds}: {statistics.median(times) * 1000:.0f} ms "
          f"(range {min(times) * 1000:.0f}-{max(times) * 1000:.0f} ms); a run makes two")
    block.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
