"""Panel wall time: `importparity run --target cpython` against CPython's own `python -m test -j2`.

Both run the same units on the same interpreter, alternately, ROUNDS times each; the script
prints each time, the medians and their ratios (goals: wall at most 0.80 on 3.14 and 0.85 on
the other versions, CPU of all processes at most 0.85), and how many tests the last
importparity run and the last regrtest run disagree on (goal: 0).

    python bench/panel_speed.py [--rounds N] [--python X.Y] [--ref REF] [UNIT ...]   # e.g. via:
    tox -e bench -- panel_speed.py --python 3.15                       # (see README)

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).

With ``--python X.Y`` both run on CPython X.Y: importparity with ``--python``, regrtest as
``python3.X -m test -j2`` over that interpreter's own Lib/test, on X.Y's units.

With ``--ref REF`` each round also times importparity as it is at git revision REF (its whole
tree, from ``git archive``; its first run, untimed, builds its runner environment), the two
harnesses taking turns at going first, and prints REF's figures and the working tree's over
REF's: a change to the harness measured side by side with what it changed.
"""

from __future__ import annotations

import argparse
import collections
import resource
import shutil
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
import revisions  # noqa: E402  (bench/revisions.py: the tree at --ref)

# The goals: on the default version, wall at most 0.80 and CPU at most 0.85 of regrtest's; on
# every other version, wall at most 0.85.
WALL_GOAL, CPU_GOAL, OTHER_VERSIONS_WALL_GOAL = 0.80, 0.85, 0.85


def time_importparity(units: list[str], out: Path, version: str, *options: str, root: Path = ROOT) -> float:
    """Wall seconds of `importparity run --target cpython` over ``units``, with ``options`` added, as
    the command is in ``root`` (the working tree, or a tree from ``--ref``)."""
    # The command's module: runner/__main__.py, or runner/cli.py in a tree from before it.
    command = "runner" if (root / "runner" / "__main__.py").is_file() else "runner.cli"
    cmd = [sys.executable, "-m", command, "run", "--python", version, "--target", "cpython", "--quiet",
           "--out", str(out), *options, "--units", *units]
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=root)
    return time.perf_counter() - started


def drop_runner_environment(root: Path, version: str) -> None:
    """Remove the runner environment the tree in ``root`` built for ``version`` (the cache keys
    it by the tree's path, a temporary one here, so no later run would use it)."""
    if version == panel.VERSION:
        return
    found = subprocess.run([sys.executable, "-c", f"from runner import pythons; print(pythons.runner_python({version!r}))"],
                           capture_output=True, text=True, cwd=root)
    venv = Path(found.stdout.strip()).parent.parent if found.returncode == 0 else None
    if venv and venv.parent.name == "runners":
        shutil.rmtree(venv, ignore_errors=True)
        Path(f"{venv}.lock").unlink(missing_ok=True)


def children_cpu() -> float:
    """CPU seconds of every finished descendant so far: less moved by other load than wall time."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--python", default=panel.VERSION, metavar="X.Y", help="the version to measure on")
    parser.add_argument("--ref", help="in each round, also time importparity as it is at this git revision")
    parser.add_argument("units", nargs="*")
    figures.add_option(parser)
    args = parser.parse_args()
    block = figures.Block(args, figures.on_python(args.python, panel.DEFAULT_VERSION))
    every = [u.name for u in panel.read_units(args.python)]
    units = args.units or every
    python = str(provision.find_interpreter(args.python))
    ours, theirs, cpu_ours, cpu_theirs, at_ref, cpu_ref = [], [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        out, ref_out = Path(tmp) / "run", Path(tmp) / "ref-run"
        ref_root = revisions.tree_at(args.ref, Path(tmp) / "ref") if args.ref else None
        if ref_root:  # untimed: it builds the runner environment of REF's tree
            time_importparity(units, ref_out, args.python, root=ref_root)
        for n in range(args.rounds):
            before = children_cpu()
            reference, wall = oracle.run_regrtest(units, python=python)
            theirs.append(wall)
            cpu_theirs.append(children_cpu() - before)
            # With --ref, the two harnesses take turns at going first.
            for root in ([ROOT, ref_root] if n % 2 == 0 else [ref_root, ROOT]) if ref_root else [ROOT]:
                before = children_cpu()
                wall = time_importparity(units, out if root == ROOT else ref_out, args.python, root=root)
                (ours if root == ROOT else at_ref).append(wall)
                (cpu_ours if root == ROOT else cpu_ref).append(children_cpu() - before)
            print(f"round {n + 1}: regrtest -j2 {theirs[-1]:.2f}s  importparity {ours[-1]:.2f}s"
                  + (f"  importparity at {args.ref} {at_ref[-1]:.2f}s" if ref_root else ""), flush=True)
        run = results.load(out)
        if ref_root:
            drop_runner_environment(ref_root, args.python)
    diffs = oracle.differences(reference, run.tests)
    ratio = statistics.median(ours) / statistics.median(theirs)
    block(f"median: regrtest -j2 {statistics.median(theirs):.2f}s, importparity {statistics.median(ours):.2f}s "
          f"(CPython {args.python}, {len(units)} units, {args.rounds} rounds)")
    goal = WALL_GOAL if args.python == panel.DEFAULT_VERSION else OTHER_VERSIONS_WALL_GOAL
    block(f"ratio importparity/regrtest: {ratio:.2f} (goal <= {goal})")
    # Each round runs both side by side; on a shared machine the ratio within a round is steadier.
    paired = statistics.median(o / t for o, t in zip(ours, theirs))
    block(f"median of the rounds' own ratios: {paired:.2f}")
    block(f"CPU (all processes): regrtest -j2 {statistics.median(cpu_theirs):.2f}s, importparity "
          f"{statistics.median(cpu_ours):.2f}s, ratio {statistics.median(cpu_ours) / statistics.median(cpu_theirs):.2f} "
          f"(goal <= {CPU_GOAL}; the median of the rounds' own ratios "
          f"{statistics.median(o / t for o, t in zip(cpu_ours, cpu_theirs)):.2f})")
    if ref_root:
        block(f"at {args.ref}: importparity {statistics.median(at_ref):.2f}s, ratio to regrtest "
              f"{statistics.median(at_ref) / statistics.median(theirs):.2f} (the rounds' own "
              f"{statistics.median(r / t for r, t in zip(at_ref, theirs)):.2f}), CPU {statistics.median(cpu_ref):.2f}s")
        block(f"the working tree over {args.ref}, the median of the rounds' own ratios: wall "
              f"{statistics.median(o / r for o, r in zip(ours, at_ref)):.2f}, CPU "
              f"{statistics.median(o / r for o, r in zip(cpu_ours, cpu_ref)):.2f}")
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
