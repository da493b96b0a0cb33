"""`importparity show TEST_ID [RUN_DIR]`: one test whole — both outcomes, why, its cluster, where it lives.

``--rerun`` runs that one test again against the run's target, in a process set up as the
runner's workers are, with unittest's verbose output streamed to the terminal (no buffering).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from runner import panel, sourceline

EXIT_BAD_INPUT = 2


class ShowError(Exception):
    """A test id or run directory that cannot be shown."""


def resolve(test_id: str, known: list[str]) -> str:
    """The one id of ``known`` that ``test_id`` names (exactly, or as a -k pattern would)."""
    if test_id in known:
        return test_id
    from runner.selection import matcher

    found = [tid for tid in known if matcher(test_id)(tid)]
    if len(found) == 1:
        return found[0]
    if not found:
        raise ShowError(f"unknown test {test_id}; ids look like test.test_pkg.TestPkg.test_1")
    raise ShowError(f"{test_id} names {len(found)} tests ({', '.join(found[:3])}, …); give one full id")


def describe(test_id: str, run_dir: Path) -> tuple[str, str, str]:
    """(the test's full id, its unit, the text `show` prints) for one test of a run."""
    from runner import results
    from runner.compare import baseline
    from runner.compare import expectations as target_expectations

    run = results.load(run_dir)
    base = baseline.load([u.name for u in panel.UNITS])
    test_id = resolve(test_id, sorted(run.tests.keys() | base.tests.keys()))
    got, cpython = run.tests.get(test_id), base.tests.get(test_id)
    target = run.meta.get("target", "?")
    lines = [test_id, f"  unit         {(got or cpython).unit}",
             f"  CPython      {_outcome(cpython)}", f"  {target:<12} {_outcome(got) if got else 'not in this run'}"]
    lines += _difference(test_id, run_dir) if got else []
    # A target file's expectations live beside it: the run's meta says where.
    expectations = target_expectations.load(target, file=target_expectations.file_of_run(run.meta))
    entry = expectations.entries.get(test_id) if target != "?" else None
    lines.append(f"  expectation  {f'{entry.outcome}: {entry.reason}' if entry else 'none'}")
    lines.append(f"  source       {sourceline.label(test_id) or 'not found in vendored_tests/'}")
    if got and got.traceback:
        lines += ["", got.traceback.rstrip()]
    return test_id, (got or cpython).unit, "\n".join(lines)


def _difference(test_id: str, run_dir: Path) -> list[str]:
    """How the test differs from CPython in the run, and the cluster of its cause."""
    from runner import compare, targetcode

    comparison = compare.load(run_dir)
    diff = next((d for d in comparison.differences if d.id == test_id), None)
    if diff is None:
        return ["  differs      no"]
    found = compare.cluster(comparison.differences, targetcode.for_run(comparison.meta))
    number, cluster = next((n, c) for n, c in enumerate(found, 1) if diff in c.differences)
    return [f"  differs      {diff.kind.value}",
            f"  cluster      #{number} of {len(found)}: {cluster.cause} ({len(cluster.differences)} tests)"]


def _outcome(outcome) -> str:
    if outcome is None:
        return "absent"
    return f"{outcome.outcome.value}{f' — {outcome.reason}' if outcome.reason else ''}"


def rerun(test_id: str, target_name: str, unit: str) -> int:
    """Run one test again against ``target_name``, unittest's verbose output streamed; its status."""
    from runner import targets
    from runner.execute import environment

    target = targets.get(target_name)
    python = environment.interpreter_for(target)
    path = [str(panel.CODE_ROOT)]
    if target.interpreter is None:
        # Its python (the base interpreter, or a venv of it) lacks the runner's own packages
        # (pytest): they come from here, ahead of the target's, as in the workers.
        import site

        path += site.getsitepackages()
    env = {**os.environ, environment.DEFER_VAR: "1", "PYTHONPATH": os.pathsep.join(path)}
    code = "import sys; from runner.show import verbose_child; sys.exit(verbose_child(*sys.argv[1:]))"
    return subprocess.run([python, "-c", code, target_name, unit, test_id], env=env).returncode


def verbose_child(target_name: str, unit: str, test_id: str) -> int:
    """In a fresh interpreter: the worker's set-up, the target installed, one test run verbosely."""
    import unittest

    from runner.execute import worker  # puts vendored_tests/ first on sys.path; undoes the deferral
    from runner.execute.jobs import Job
    from runner.execute.plugin import load

    worker.setup_process()
    worker.setup_tests(worker.regrtest_settings([unit]))
    target = worker.targets.get(target_name)
    target.install()
    print(f"target {target_name} live: {target.probe()}", flush=True)
    tests = [t for t in load(Job(unit, f"test.{unit}"))[0] if t.id() == test_id]
    worker.correct_locations()
    with worker.os_helper.temp_cwd(quiet=True):
        result = unittest.TextTestRunner(stream=sys.stdout, verbosity=2).run(unittest.TestSuite(tests))
    return 0 if result.wasSuccessful() and tests else 1


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """``importparity show TEST_ID [RUN_DIR] [--rerun]``."""
    parser = subparsers.add_parser("show", help="one test whole: outcomes, traceback, cluster, source line")
    parser.add_argument("test_id", metavar="TEST_ID", help="a test id (or a -k pattern naming one test)")
    parser.add_argument("run_dir", nargs="?", type=Path, default=Path("reports/latest"), metavar="RUN_DIR",
                        help="the run directory (default reports/latest)")
    parser.add_argument("--rerun", action="store_true",
                        help="run the test again against the run's target, its output streamed (-v)")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from runner import compare, results, targets

    try:
        test_id, unit, text = describe(args.test_id, args.run_dir)
        print(text, flush=True)
        if not args.rerun:
            return 0
        target = targets.spec_of_run(results.load(args.run_dir).meta, targets.DEFAULT)
        print(f"\nrunning {test_id} again against {target}:", flush=True)
        return rerun(test_id, target, unit)
    except (ShowError, targets.TargetError, *compare.INPUT_ERRORS) as exc:
        print(f"importparity show: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
