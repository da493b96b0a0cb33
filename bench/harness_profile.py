"""Where a panel run's CPU goes: `importparity run --target cpython` under cProfile, by harness part.

The run's own process is profiled here; each job's worker profiles itself into the same
directory (``IMPORTPARITY_PROFILE``, see runner/execute/worker.py).  Both profilers count CPU
time (``time.process_time``), so other load on the machine moves the figures less than wall
time; cProfile's own cost inflates Python-heavy parts (pytest, the harness) more than C-heavy
ones, so compare rows between runs of this script, not with un-profiled timings.

With ``--ref REF`` the harness as it is at git revision REF (its whole tree, from ``git
archive``) is profiled too, in the same run and on the same interpreter, first REF and then
the working tree, and the two are printed side by side.  REF must have the workers' profiling
hook (``git log -S IMPORTPARITY_PROFILE``: e20e945 and later).  A part that REF's harness
did not have yet reads 0 in its column.

    python bench/harness_profile.py [--keep DIR] [--ref REF] [--python X.Y] [UNIT ...]
    tox -e bench -- harness_profile.py [--ref REF]            # (see README)

With ``--python X.Y`` the run is on CPython X.Y's panel (``importparity run --python X.Y``);
a REF from before the matrix (``git log -S '"--python"' runner/cli.py``) cannot run it.

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import glob
import os
import pstats
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runner import panel, pythons  # noqa: E402

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)
import revisions  # noqa: E402  (bench/revisions.py: the tree at --ref)

PROFILE_VAR = "IMPORTPARITY_PROFILE"  # runner/execute/worker.py's (importing it would load pytest)

PARENT = """\
import cProfile, runpy, sys, time
out = sys.argv.pop(1)
sys.argv[0] = "runner.cli"
profile = cProfile.Profile(time.process_time)
try:
    profile.runcall(runpy.run_module, "runner.cli", run_name="__main__", alter_sys=True)
except SystemExit:
    pass
finally:
    profile.dump_stats(out)
"""


def tree_at(ref: str, where: Path) -> Path:
    """The repository's tree at git revision ``ref``, extracted into ``where``; its workers must profile themselves."""
    revisions.tree_at(ref, where)
    if PROFILE_VAR not in (where / "runner" / "execute" / "worker.py").read_text():
        sys.exit(f"{ref}'s workers cannot profile themselves (no {PROFILE_VAR} in runner/execute/worker.py); "
                 f"name a revision from `git log -S {PROFILE_VAR}` on")
    return where


def profile_run(root: Path, units: list[str], where: Path, version: str) -> tuple[pstats.Stats, pstats.Stats, int]:
    """Profile the run of the harness in ``root`` into ``where``: its workers' stats, its own, the jobs."""
    root = root.resolve()
    where.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, PROFILE_VAR: str(where)}
    # On another version the run's process is that version's runner environment from the start, as
    # `--python X.Y` would make it by replacing itself, so that the profile covers the whole run.
    python = sys.executable if version == panel.VERSION else str(pythons.runner_python(version))
    cmd = [python, "-c", PARENT, str(where / "parent.prof"), "run", "--target", "cpython", "--quiet",
           "--out", str(where / "run"), "--units", *units]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=root, env=env)
    jobs = [f for f in glob.glob(str(where / "*.prof")) if not f.endswith("parent.prof")]
    workers, parent = pstats.Stats(*jobs), pstats.Stats(str(where / "parent.prof"))
    # `python -c` finds the runner in its working directory first; an installed one found
    # instead would measure another tree under this one's name.
    foreign = {path for stats in (workers, parent) for path, _, _ in stats.stats
               if "/runner/" in path and not path.startswith(f"{root}/")}
    if foreign:
        sys.exit(f"the run in {root} used runner code from elsewhere: {sorted(foreign)[0]}")
    return workers, parent, len(jobs)


def cumulative(stats: pstats.Stats, file: str | tuple[str, ...], *functions: str) -> float:
    """CPU seconds spent in (and under) ``functions`` of the module whose path ends with ``file`` (or one of them)."""
    return sum(v[3] for (path, _, name), v in stats.stats.items() if path.endswith(file) and name in functions)


def worker_rows(w: pstats.Stats) -> list[tuple[str, float]]:
    main = cumulative(w, "_pytest/config/__init__.py", "main")
    loop = cumulative(w, "_pytest/main.py", "pytest_runtestloop") + cumulative(w, "execute/plugin.py", "pytest_runtestloop")
    collection = cumulative(w, "execute/plugin.py", "pytest_collection")
    runtest = cumulative(w, "execute/plugin.py", "runtest")
    start_stop = cumulative(w, "execute/plugin.py", "startTest", "stopTest")
    save_env = cumulative(w, "execute/save_env.py", "__init__", "changes")
    events = cumulative(w, "execute/events.py", "__call__") + cumulative(w, "execute/worker.py", "__call__")
    attribution = cumulative(w, "runner/attribution.py", "begin_test", "end_test", "_on_start", "start", "stop")
    return [
        ("job set-up outside pytest (regrtest's settings, temporary dirs)", cumulative(w, "execute/worker.py", "_run_job") - main),
        ("pytest.main's fixed cost (config, plugins, session)", main - loop - collection),
        ("regrtest's set-up, target install and probe", cumulative(w, "execute/worker.py", "before_collect")),
        ("collection (importing the test modules, unittest's loader)", cumulative(w, "execute/plugin.py", "load")),
        ("pytest's per-test protocol (reports, hooks)", loop - runtest),
        ("save_env's snapshot and check", save_env),
        ("writing events", events),
        ("attribution (sys.monitoring)", attribution),
        ("the rest of startTest/stopTest (outcomes, timing)", start_stop - save_env - events - attribution),
        ("the tests themselves (unittest, fixtures, test bodies)", runtest - start_stop),
        ("workers in all", w.total_tt),
    ]


# Where the run's checks live: runner/pipeline.py, or runner/cli.py before the pipeline had a module of its own.
PIPELINE = ("runner/pipeline.py", "runner/cli.py")


def parent_rows(p: pstats.Stats) -> list[tuple[str, float]]:
    return [
        ("start-up and parsing (imports)", cumulative(p, "runner/cli.py", "build_parser")),
        ("checking the vendored panel's hashes", cumulative(p, PIPELINE, "check_vendored")),
        ("checking the interpreter's files before and after (guard)", cumulative(p, "execute/guard.py", "_check")),
        ("starting workers (fork server)", cumulative(p, "execute/__init__.py", "_start_fork_server", "_start")),
        ("reading events and gathering outcomes", cumulative(p, "execute/__init__.py", "_finish")),
        ("writing results.json", cumulative(p, "runner/results.py", "to_json")),
        ("writing junit.xml", cumulative(p, "runner/results.py", "write_junit")),
        ("the run's process in all", p.total_tt),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="keep the profiles (*.prof, for pstats) in this directory")
    parser.add_argument("--ref", help="also profile the harness as it is at this git revision, in the same run")
    parser.add_argument("--python", default=panel.DEFAULT_VERSION, metavar="X.Y", help="the panel's version")
    parser.add_argument("units", nargs="*")
    figures.add_option(parser)
    args = parser.parse_args()
    block = figures.Block(args, figures.on_python(args.python, panel.DEFAULT_VERSION))
    every = [u.name for u in panel.read_units(args.python)]
    units = [u for u in every if not args.units or u in args.units]
    columns: dict[str, list[tuple[str, float]]] = {}
    jobs: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="harness-profile-") as tmp:
        where = args.keep or Path(tmp)
        trees = [("working tree", ROOT, where / "tree")]
        if args.ref:
            trees.insert(0, (args.ref, tree_at(args.ref, Path(tmp) / "ref"), where / "ref"))
        for name, root, profiles in trees:
            workers, parent, jobs[name] = profile_run(root, units, profiles, args.python)
            columns[name] = ([("worker: " + n, s) for n, s in worker_rows(workers)]
                             + [("run: " + n, s) for n, s in parent_rows(parent)])
    block(f"CPU seconds under cProfile; jobs: {', '.join(f'{n} {j}' for n, j in jobs.items())}")
    block("  ".join(f"{n:>12}" for n in columns) + "  part")
    for cells in zip(*columns.values()):  # one part: its name and seconds in each column
        block("  ".join(f"{seconds:12.2f}" for _, seconds in cells) + f"  {cells[0][0]}")
    block.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
