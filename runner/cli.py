"""The `importparity` command line: run, parity, baseline, vendor, and the report commands.

Exit statuses: 0 the command did its work (for ``run``: the run completed, whatever the
outcomes); 1 ``parity`` found differences not listed in the target's expectations; 2 bad
input (unknown unit or target, missing or corrupt baseline or results, an interpreter that
cannot run the panel) — one line on stderr saying what to do, never a traceback; 130
interrupted by Ctrl-C, 143 stopped by SIGTERM (what was measured is saved first; a second
signal exits at once).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_OK, EXIT_DIFFERENCES, EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143
REQUIRED_VERSION = (3, 14)


class BadInput(Exception):
    """Input the command cannot work with; the message says what is wrong and what to do."""


def check_interpreter() -> None:
    """The running interpreter must be CPython 3.14 with the test extension modules."""
    import importlib.util

    from runner.provision import TEST_MODULES

    if sys.version_info[:2] != REQUIRED_VERSION:
        raise BadInput(f"{sys.executable} is Python {sys.version.split()[0]}; importparity runs the "
                       f"panel on CPython 3.14 — use `tox -e parity`, which provisions one")
    missing = [m for m in TEST_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        raise BadInput(f"{sys.executable} lacks the test extension modules {', '.join(missing)}; "
                       f"install them (Debian: libpython3.14-stdlib) or use `tox -e parity`")


def check_vendored() -> None:
    from runner import vendor

    try:
        problems = vendor.check()
    except vendor.VendorError as exc:
        raise BadInput(str(exc)) from None
    if problems:
        raise BadInput(f"vendored_tests/ differs from its MANIFEST ({problems[0]}"
                       f"{f' and {len(problems) - 1} more' if len(problems) > 1 else ''}); "
                       f"vendored files are never edited: restore them with `git checkout -- vendored_tests`")
    import platform

    upstream = vendor.read_manifest()[0]
    if upstream != platform.python_version():
        print(f"importparity: note: the panel was vendored from CPython {upstream} and runs on "
              f"{platform.python_version()}; CPython's baseline is {upstream}'s", file=sys.stderr)


def execute_panel(args: argparse.Namespace, target_name: str):
    """Check the inputs, then run the panel for ``target_name`` into ``args.out``; return the Run."""
    from runner import panel, selection, shard, targets
    from runner.compare import baseline
    from runner.execute import Progress, TargetNotLive, clean_env, costs, execute


    try:
        units = panel.units(args.units)
        target = targets.get(target_name)
    except (panel.UnknownUnit, targets.TargetError) as exc:
        raise BadInput(str(exc)) from None
    check_interpreter()
    check_vendored()
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise BadInput(f"--out {out} is a file; name a directory")
    influential = clean_env.influential()
    if influential and args.inherit_env:
        print(f"importparity: note: {', '.join(influential)} kept (--inherit-env); CPython's baseline was "
              f"recorded without them, so some outcomes may differ", file=sys.stderr)
    try:
        jobs, meta = selection.plan_run(args, units, out)
    except (selection.SelectionError, shard.ShardError, baseline.BaselineError) as exc:
        raise BadInput(str(exc)) from None
    prepare_target(target)
    progress = Progress(len(jobs)) if not args.quiet else None
    try:
        run = execute(target, [u.name for u in units], jobs, out, workers=args.workers or _cpus(),
                      timeout=args.timeout, attribution=args.attribution, progress=progress, meta=meta,
                      inherit_env=args.inherit_env)

    except TargetNotLive as exc:
        raise BadInput(f"target {target_name} is not live ({exc}); nothing was run against CPython "
                       f"in its place — fix the target's install code (or install())") from None
    costs.record(run, jobs, out)
    return run


def prepare_target(target) -> None:
    """Build (or find cached) the target's environment; a child must boot it before tests run."""
    from runner import targets
    from runner.execute import environment, preflight

    try:
        preflight.check_child(target, environment.prepare(target))
    except targets.TargetError as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:  # e.g. a cache directory that cannot be written
        raise BadInput(f"cannot prepare the environment of target {target.name}: {exc}") from None


def _cpus() -> int:
    """The CPUs this process may use, as regrtest's -j0 counts them."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(1, count or 1)


def rerun(args: argparse.Namespace, run, candidates: list[str]) -> None:
    """--rerun: rerun ``candidates`` in fresh workers, record what they did, save the run again."""
    from runner import results, targets
    from runner.compare import stability
    from runner.execute import run_jobs

    if not args.rerun or not candidates:
        return

    def run_again(jobs, work_dir):
        return run_jobs(targets.get(targets.spec_of_run(run.meta)), run.meta["units"], jobs,
                        work_dir, workers=args.workers or _cpus(),
                        timeout=args.timeout, inherit_env=args.inherit_env)

    flaky = stability.rerun(run, candidates, args.rerun, run_again, Path(args.out))
    results.save(run, Path(args.out))
    print(f"{len(flaky)} flaky tests (status changed when rerun)" if flaky else "no flaky tests", file=sys.stderr)


def cmd_run(args: argparse.Namespace) -> int:
    from runner.compare import stability

    run = execute_panel(args, args.target)
    rerun(args, run, stability.not_ok(run))
    counts: dict[str, int] = {}
    for outcome in run.tests.values():
        counts[outcome.outcome.value] = counts.get(outcome.outcome.value, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"{len(run.tests)} tests: {summary}")
    print(f"wrote {Path(args.out) / 'results.json'} and {Path(args.out) / 'junit.xml'}")
    return EXIT_OK


def cmd_baseline(args: argparse.Namespace) -> int:
    """Run the panel on stock CPython and record it as the baseline."""
    from runner.compare import baseline

    if args.units:
        raise BadInput("the baseline is recorded for the whole panel; drop --units")
    run = execute_panel(args, "cpython")
    broken = [u for u, r in run.units.items() if r.status != "completed"]
    if broken or not run.meta.get("complete"):
        raise BadInput(f"the cpython run did not complete ({', '.join(broken) or 'interrupted'}); "
                       f"the baseline was not re-recorded")
    written = baseline.record(run)
    print(f"recorded {len(run.tests)} tests in {len(written)} files under {baseline.BASELINE_DIR}")
    return EXIT_OK


def cmd_parity(args: argparse.Namespace) -> int:
    """Run the panel for a target, compare with the baseline, report; 1 on unexpected differences."""
    from runner import compare, panel, results, targets
    from runner.compare import baseline
    from runner.compare import expectations as target_expectations

    try:
        units = [u.name for u in panel.units(args.units)]
        base = baseline.load(units, args.baseline_dir or baseline.BASELINE_DIR)  # a bad baseline wastes no run
        target = targets.get(args.target)
        expectations = target_expectations.load(target.name, args.expectations_dir, file=target.expectations)
        target_expectations.check_known(expectations, set(), set(), str(args.out))  # units of the panel
    except (panel.UnknownUnit, targets.TargetError, *compare.INPUT_ERRORS) as exc:
        raise BadInput(str(exc)) from None
    base, drift = _follow_interpreter(args, units, base)
    previous = _previous_run(Path(args.out), target.load_spec)
    try:
        run = execute_panel(args, args.target)
    except KeyboardInterrupt:  # stopped: report what was measured, then exit as stopped
        _publish(results.load(Path(args.out)), base, expectations, previous, args, drift)
        raise
    try:
        target_expectations.check_known(expectations, base.tests.keys() | run.tests.keys(),
                                        set(compare.covered_units(run)), str(args.out))
    except target_expectations.ExpectationsError as exc:
        raise BadInput(f"{exc} (the run is saved in {args.out})") from None
    if args.rerun:
        rerun(args, run, [d.id for d in compare.differences(run, base, compare.covered_units(run)) if d.target])
    comparison = _publish(run, base, expectations, previous, args, drift)

    if comparison.newly_differing:
        print(f"{len(comparison.newly_differing)} tests differ now that matched in the previous run "
              f"(kept in {Path(args.out) / 'previous'})")
    return 0 if comparison.ok else EXIT_DIFFERENCES


def _follow_interpreter(args: argparse.Namespace, units: list[str], committed):
    """The baseline to compare with, and the drift: CPython's own outcomes here, if this is another build."""
    from runner import compare
    from runner.compare import drift

    if not drift.differs(committed.meta):
        return committed, None

    def record(missing: list[str], out: Path):
        print(f"importparity: this interpreter is not the baseline's; recording CPython's outcomes on it "
              f"first ({', '.join(missing)}) in {out.parent}", file=sys.stderr)
        options = {**vars(args), "units": missing, "out": str(out), "attribution": False, "rerun": 0,
                   # CPython's outcomes are recorded for whole units, whatever this run selects
                   "patterns": None, "tests_from": None, "differing": False, "shard": None}
        return execute_panel(argparse.Namespace(**options), "cpython")

    here = drift.local_baseline(units, record)
    found = compare.differences(here, committed, units)
    print(f"importparity: interpreter drift: CPython itself does {len(found)} tests differently here than in "
          f"the committed baseline; the target is compared with CPython here", file=sys.stderr)
    return here, compare.Drift(committed.meta, found)


def _publish(run, base, expectations, previous, args: argparse.Namespace, drift=None):
    """Compare ``run`` and write its reports; return the Comparison."""
    from runner import compare
    from runner.report import publish

    comparison = compare.compare(run, base, expectations, previous)
    comparison.run_dir = str(args.out)
    comparison.drift = drift
    publish(comparison, Path(args.out) / "report")
    return comparison


def _previous_run(out: Path, target: str):
    """The last run in ``out`` of the target whose spec is ``target``, moved to ``out/previous``
    so the new run loses nothing."""
    import shutil

    from runner import results, targets

    if not (out / "results.json").is_file():
        return None
    try:
        previous = results.load(out)
    except results.ResultsError:
        return None
    keep = out / "previous"
    shutil.rmtree(keep, ignore_errors=True)
    keep.mkdir(parents=True)
    for name in ("results.json", "junit.xml"):
        if (out / name).exists():
            shutil.copy2(out / name, keep / name)
    return previous if targets.spec_of_run(previous.meta) == target else None


def cmd_vendor(args: argparse.Namespace) -> int:
    from runner import vendor

    try:
        count = vendor.vendor(Path(args.source), args.version)
    except vendor.VendorError as exc:
        raise BadInput(str(exc)) from None
    print(f"vendored {count} files from {args.source} (CPython {args.version}); review `git diff --stat`")
    return EXIT_OK


def _add_run_options(parser: argparse.ArgumentParser, *, target: bool = True) -> None:
    from runner import targets
    from runner.execute import DEFAULT_TIMEOUT

    if target:
        parser.add_argument("--target", default=targets.DEFAULT,
                            help=f"import system to run against (default {targets.DEFAULT}; known: "
                                 f"{', '.join([*targets.TARGETS, *targets.gallery_names()])}; "
                                 f"or a target file PATH.toml, or module:ATTRIBUTE)")
    parser.add_argument("--units", nargs="+", metavar="UNIT", help="run only these units (default: the panel)")
    parser.add_argument("--out", default="reports/latest", help="run directory (default reports/latest)")
    parser.add_argument("--workers", type=int, default=0, help="jobs at once (default: the number of CPUs)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help="seconds one test may run before its worker is killed, its threads' stacks "
                             f"dumped, and the rest of its job resumed in a fresh worker (default {DEFAULT_TIMEOUT:g})")

    parser.add_argument("--no-attribution", dest="attribution", action="store_false",
                        help="don't record which tests exercise the target's code")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--rerun", type=int, default=0, metavar="N",
                        help="rerun each differing test (for run: each test not ok) up to N times in fresh "
                             "workers; one whose status changes is reported as flaky, not as a difference")
    parser.add_argument("--inherit-env", action="store_true",
                        help="keep PYTHON* variables that change outcomes (e.g. PYTHONDONTWRITEBYTECODE) in the "
                             "workers' environment; by default they are dropped, as when the baseline was recorded")


def _add_selection_options(parser: argparse.ArgumentParser) -> None:
    from runner import selection

    selection.add_options(parser)
    parser.add_argument("--shard", metavar="K/N", help="run the K-th of N cost-balanced parts of the jobs "
                        "(join the parts with `importparity merge`)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="importparity", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run the panel against a target; write results.json and junit.xml")
    _add_run_options(p)
    _add_selection_options(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("parity", help="run, compare with CPython's baseline, report; exit 1 on new differences")
    _add_run_options(p)
    _add_selection_options(p)
    p.add_argument("--expectations-dir", type=Path, help=argparse.SUPPRESS)  # the project's tests
    p.add_argument("--baseline-dir", type=Path, help=argparse.SUPPRESS)  # the project's tests
    p.set_defaults(func=cmd_parity)

    p = sub.add_parser("baseline", help="re-record CPython's outcomes in expectations/baseline/")
    _add_run_options(p, target=False)
    p.set_defaults(func=cmd_baseline)

    p = sub.add_parser("vendor", help="re-vendor the panel from a CPython Lib/test directory")
    p.add_argument("--from", dest="source", required=True, metavar="LIB_TEST_DIR")
    p.add_argument("--version", required=True, help="the upstream CPython version, e.g. 3.14.10")
    p.set_defaults(func=cmd_vendor)

    from runner import gallery, history, merge, report, show
    from runner.compare import expectations_update

    for module in (report, history, expectations_update, show, merge, gallery):
        module.add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    from runner.targets import TargetError

    parser = build_parser()
    args = parser.parse_args(argv)
    from runner import locks, stop

    try:
        with stop.handled(), locks.run_dir(getattr(args, "out", None)):  # one command per --out at a time
            return args.func(args)
    except (BadInput, locks.RunDirBusy) as exc:
        print(f"importparity: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except TargetError as exc:  # raised where no command expected it: still bad input
        print(f"importparity: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt as exc:
        print(f"importparity: {'stopped by SIGTERM' if stop.exit_status(exc) == EXIT_TERMINATED else 'interrupted'}; "
              f"what was measured is saved in the run directory", file=sys.stderr)
        return stop.exit_status(exc)



if __name__ == "__main__":
    sys.exit(main())
