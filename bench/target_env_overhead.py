"""Target environment overhead: what a cached target environment adds to a panel run.

Two targets that change nothing run the same units alternately, ROUNDS times each:
``cpython`` (the interpreter's own import system, no environment) and a target file whose
install code is ``pass`` (its cached venv, the .pth boot module in every worker and child,
the child probe before the panel, the distributions listed in meta).  The difference of the
median wall times is what the environment costs a run (goal: at most 1 s).  A first run,
not counted, builds the environment.  The script also times the environment step alone
(finding the cached venv and the child probe) in this process.

    python bench/target_env_overhead.py [--rounds N] [UNIT ...]   # default: 5 rounds, test_pkg test_frozen
    tox -e bench -- target_env_overhead.py                          # (see README)

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runner import panel, targets  # noqa: E402
from runner.execute import environment, preflight  # noqa: E402

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)

GOAL = 1.0  # seconds
TARGET_FILE = """\
name = "bench-identity"
description = "changes nothing: measures what a target environment costs by itself"
install = "pass"
probe = "import sys; assert '_importparity_boot' in sys.modules, 'the boot module did not run'"
"""


def time_run(target: str, units: list[str], out: Path) -> float:
    cmd = [sys.executable, "-m", "runner.cli", "run", "--target", target, "--quiet", "--no-attribution",
           "--out", str(out), "--units", *units]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


def environment_step(path: Path, rounds: int) -> float:
    """Median seconds to load the target file, find its cached environment and probe a child."""
    times = []
    for _ in range(rounds):
        environment._built.clear()  # as a fresh `importparity` process finds it
        started = time.perf_counter()
        target = targets.get(str(path))
        preflight.check_child(target, environment.prepare(target))
        environment.meta_for(target)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("units", nargs="*", default=["test_pkg", "test_frozen"])
    figures.add_option(parser)
    args = parser.parse_args()
    block = figures.Block(args)
    units = [u.name for u in panel.units(args.units)]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench-identity.toml"
        path.write_text(TARGET_FILE)
        print(f"building (or finding) the environment: {time_run(str(path), units, Path(tmp) / 'warm'):.2f}s "
              f"(not counted)", flush=True)
        runs = {"cpython": [], "file": []}
        for n in range(args.rounds):
            # Alternate which goes first, so warm caches favour neither.
            for kind in ("cpython", "file") if n % 2 == 0 else ("file", "cpython"):
                runs[kind].append(time_run("cpython" if kind == "cpython" else str(path), units, Path(tmp) / kind))
            print(f"round {n + 1}: cpython {runs['cpython'][-1]:.2f}s  cached target environment "
                  f"{runs['file'][-1]:.2f}s", flush=True)
        step = environment_step(path, args.rounds)
    stock, cached = statistics.median(runs["cpython"]), statistics.median(runs["file"])
    added = cached - stock
    block(f"median wall: cpython {stock:.2f}s, cached target environment {cached:.2f}s "
          f"({' '.join(units)}, {args.rounds} rounds)")
    block(f"added by the environment: {added:+.2f}s per run (goal <= {GOAL:.1f}s); "
          f"of which finding it and probing a child: {step * 1000:.0f} ms")
    block.finish()
    return 0 if added <= GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
