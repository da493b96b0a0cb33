"""The parity pipeline: check the inputs, run the panel, compare with CPython, write the reports.

``run``, ``parity``, ``baseline`` and ``gallery`` all go through here, so the command line
(runner/cli.py) and the gallery (runner/gallery.py) import this module and not each other.
The run options each of those commands takes are declared here too (``add_run_options``).

Exit statuses: 0 done; 1 ``parity`` found differences not listed in the target's
expectations; 2 bad input (:class:`BadInput`, one line saying what to do); 130 interrupted
by Ctrl-C and 143 stopped by SIGTERM (see runner/stop.py).
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import shutil
import sys
import time
from pathlib import Path

from runner import compare, panel, provision, pythons, results, selection, shard, targets, vendor
from runner.compare import baseline, drift, recheck, stability
from runner.compare import expectations as target_expectations
from runner.execute import DEFAULT_TIMEOUT, Progress, TargetNotLive, clean_env, costs, environment, execute, preflight, run_jobs
from runner.report import publish as publish_reports

EXIT_OK, EXIT_DIFFERENCES, EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_TERMINATED = 0, 1, 2, 130, 143


class BadInput(Exception):
    """Input the command cannot work with; the message says what is wrong and what to do."""


def check_interpreter() -> None:
    """The running interpreter must be a CPython with a panel of its version and the test extension modules."""
    if panel.VERSION not in panel.versions():
        raise BadInput(f"{sys.executable} is Python {sys.version.split()[0]} and there is no panel for "
                       f"{panel.VERSION} (panels: {', '.join(panel.versions())}); run with `--python X.Y`")
    missing = [m for m in provision.test_modules(panel.VERSION) if importlib.util.find_spec(m) is None]
    if missing:
        raise BadInput(f"{sys.executable} lacks the test extension modules {', '.join(missing)}; "
                       f"install them (Debian: libpython{panel.VERSION}-stdlib) or let importparity provision "
                       f"one (`--python {panel.VERSION}` with no python{panel.VERSION} on PATH)")


def check_panel_of(target) -> None:
    """A target that runs one version's panel (another interpreter's) runs only on that version."""
    if target.python and target.python != panel.VERSION:
        raise BadInput(f"target {target.name} runs Python {target.python}'s panel (on {target.interpreter or 'CPython'}), "
                       f"not {panel.VERSION}'s: add --python {target.python}")


def check_vendored() -> None:
    try:
        problems = vendor.check()
    except vendor.VendorError as exc:
        raise BadInput(str(exc)) from None
    if problems:
        raise BadInput(f"{panel.VENDORED} differs from its MANIFEST ({problems[0]}"
                       f"{f' and {len(problems) - 1} more' if len(problems) > 1 else ''}); "
                       f"vendored files are never edited: restore them with `git checkout -- vendored_tests`")

    upstream = vendor.read_manifest()[0]
    if upstream != platform.python_version():
        print(f"importparity: note: the panel was vendored from CPython {upstream} and runs on "
              f"{platform.python_version()}; CPython's baseline is {upstream}'s", file=sys.stderr)


def execute_panel(args: argparse.Namespace, target_name: str):
    """Check the inputs, then run the panel for ``target_name`` into ``args.out``; return the Run."""
    try:
        units = panel.units(args.units)
        target = targets.get(target_name)
    except (panel.UnknownUnit, targets.TargetError) as exc:
        raise BadInput(str(exc)) from None
    if not target.supports(panel.VERSION):
        declared = "its file's `pythons`" if target.path else "its `pythons`"
        raise BadInput(f"target {target.name} supports Python {', '.join(target.pythons)}, not {panel.VERSION} "
                       f"({declared})")
    check_panel_of(target)
    check_interpreter()
    check_vendored()
    check_regrtest_options(args)
    check_run_options(args)
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
    meta["python"] = panel.VERSION
    meta["regrtest_options"] = list(regrtest_options(args))
    if args.attribution and not attribution_available():
        meta["attribution"] = "off: sys.monitoring needs Python 3.12 or later"
        print(f"importparity: note: no attribution on Python {panel.VERSION} ({meta['attribution']}); "
              f"'exercised parity' reads '-'", file=sys.stderr)
    prepare_target(target)
    progress = Progress(len(jobs)) if not args.quiet else None
    try:
        run = execute(target, [u.name for u in units], jobs, out, attribution=args.attribution,
                      progress=progress, meta=meta, **worker_options(args, target))

    except TargetNotLive as exc:
        raise BadInput(f"target {target_name} is not live ({exc}); nothing was run against CPython "
                       f"in its place — fix the target's install code (or install())") from None
    costs.record(run, jobs, out)
    return run


def attribution_available() -> bool:
    """Whether workers can record attribution: sys.monitoring is there (3.12+; all of the panel's
    interpreters share the runner's language version)."""
    from runner.attribution import AVAILABLE

    return AVAILABLE


def prepare_target(target) -> None:
    """Build (or find cached) the target's environment; a child must boot it before tests run."""

    try:
        preflight.check_child(target, environment.prepare(target))
    except targets.TargetError as exc:
        raise BadInput(str(exc)) from None
    except OSError as exc:  # e.g. a cache directory that cannot be written
        raise BadInput(f"cannot prepare the environment of target {target.name}: {exc}") from None


def worker_options(args: argparse.Namespace, target=None) -> dict:
    """How a run's workers run, the same for the run, its reruns and its re-check on CPython.

    A test's timeout is ``--timeout``'s, else the target's own (its file's ``timeout``), else
    the default.
    """
    timeout = args.timeout or (target.timeout if target is not None else None) or DEFAULT_TIMEOUT
    return {"workers": args.workers or default_workers(), "timeout": timeout, "inherit_env": args.inherit_env,
            "regrtest_options": regrtest_options(args)}


def regrtest_options(args: argparse.Namespace) -> tuple[str, ...]:
    """regrtest's resource and memory options the run was asked for (``--use``, ``--memlimit``)."""
    options: tuple[str, ...] = ()
    if getattr(args, "use", None):
        options += ("-u", args.use)
    if getattr(args, "memlimit", None):
        options += ("-M", args.memlimit)
    return options


def check_run_options(args: argparse.Namespace) -> None:
    """``--workers`` and ``--timeout`` are not below zero (0, as not giving them: the default)."""
    workers, timeout = getattr(args, "workers", 0) or 0, getattr(args, "timeout", None) or 0.0
    if workers < 0:
        raise BadInput(f"--workers {workers}: jobs at once cannot be below 0 (0: one more than the CPUs)")
    if not timeout >= 0:  # below zero, or NaN
        raise BadInput(f"--timeout {timeout:g}: seconds cannot be below 0 (0: the target's or {DEFAULT_TIMEOUT:g})")


def check_regrtest_options(args: argparse.Namespace) -> None:
    """``--use`` names regrtest's resources and ``--memlimit`` is a size, as regrtest's -u and -M take them."""
    from test.libregrtest.utils import RESOURCE_NAMES

    for name in (args.use or "").split(","):
        if name and name.lstrip("-") not in (*RESOURCE_NAMES, "all", "none"):
            raise BadInput(f"--use {args.use}: unknown resource {name.lstrip('-')!r}; regrtest's are "
                           f"{', '.join(RESOURCE_NAMES)}, all and none")
    if args.memlimit and not re.fullmatch(r"\d+(\.\d+)?[kKmMgGtT]b?", args.memlimit):
        raise BadInput(f"--memlimit {args.memlimit}: not a size such as 2.5G or 512M")


def cpus() -> int:
    """The CPUs this process may use, as regrtest's -j0 counts them."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(1, count or 1)


def default_workers() -> int:
    """Jobs at once unless ``--workers`` says: one more than the CPUs.

    Many of the panel's tests wait on the interpreters they start, on sockets or on sleeps, and
    a CPU whose job waits is idle; one job more keeps both busy.  regrtest's -j0 runs two more
    than the CPUs for the same reason ("tests that like to sleep").  On this panel one more is
    faster than none or two more (``bench/workers_speed.py``; docs/figures.md).
    """
    return cpus() + 1


def rerun(args: argparse.Namespace, run, candidates: list[str]) -> None:
    """--rerun: rerun ``candidates`` in fresh workers, record what they did, save the run again."""

    if not args.rerun or not candidates:
        return

    target = targets.get(targets.spec_of_run(run.meta))

    def run_again(jobs, work_dir):
        return run_jobs(target, run.meta["units"], jobs, work_dir, **worker_options(args, target))

    flaky = stability.rerun(run, candidates, args.rerun, run_again, Path(args.out))
    results.save(run, Path(args.out))
    print(f"{len(flaky)} flaky tests (status changed when rerun)" if flaky else "no flaky tests", file=sys.stderr)


def parity(args: argparse.Namespace) -> int:
    """Run the panel for a target, compare with the baseline, report; 1 on unexpected differences."""
    try:
        units = [u.name for u in panel.units(args.units)]
        base = baseline.load(units, args.baseline_dir or baseline.BASELINE_DIR)  # a bad baseline wastes no run
        target = targets.get(args.target)
        check_panel_of(target)
        expectations = target_expectations.load(target.name, args.expectations_dir, file=target.expectations)
        target_expectations.check_known(expectations, set(), set(), str(args.out))  # units of the panel
    except (panel.UnknownUnit, targets.TargetError, *compare.INPUT_ERRORS) as exc:
        raise BadInput(str(exc)) from None
    base, interpreter_drift = follow_interpreter(args, units, base)
    previous = previous_run(Path(args.out), target.load_spec)
    try:
        run = execute_panel(args, args.target)
        try:
            target_expectations.check_known(expectations, base.tests.keys() | run.tests.keys(),
                                            set(compare.covered_units(run)), str(args.out))
        except target_expectations.ExpectationsError as exc:
            raise BadInput(f"{exc} (the run is saved in {args.out})") from None
        if args.rerun:
            rerun(args, run, [d.id for d in compare.differences(run, base, compare.covered_units(run))
                              if d.target and not d.not_applicable])
        recheck_differences(args, run, base)
    except KeyboardInterrupt:  # stopped: report what was measured, then exit as stopped
        publish(results.load(Path(args.out)), base, expectations, previous, args, interpreter_drift)
        raise
    comparison = publish(run, base, expectations, previous, args, interpreter_drift)
    if comparison.newly_differing:
        print(f"{len(comparison.newly_differing)} tests differ now that matched in the previous run "
              f"(kept in {Path(args.out) / 'previous'})")
    return 0 if comparison.ok else EXIT_DIFFERENCES


def recheck_differences(args: argparse.Namespace, run, base) -> None:
    """Run each test that differs from ``base`` again on stock CPython here; keep its outcomes in the run.

    What CPython itself does otherwise here is environment drift (runner/compare/recheck.py),
    not the target's doing.  ``--no-recheck`` turns this off; the run then says so.
    """
    if not args.recheck:
        recheck.record_disabled(run)
        results.save(run, Path(args.out))
        return
    started = time.monotonic()
    candidates = [d.id for d in compare.differences(run, base, compare.covered_units(run))
                  if d.baseline is not None and not (d.target and d.target.flaky) and not d.not_applicable]
    # CPython's outcomes here do not depend on the target: a gallery shares them between its targets.
    known = getattr(args, "recheck_known", None)
    known = {} if known is None else known
    reused = [known[tid] for tid in candidates if tid in known]
    todo = [tid for tid in candidates if tid not in known]
    outcomes = []
    if todo:
        print(f"importparity: re-checking {len(todo)} differing tests on stock CPython here"
              + (f" ({len(reused)} more already re-checked in this gallery)" if reused else ""), file=sys.stderr)
        outcomes = run_jobs(targets.get("cpython"), run.meta["units"], stability.jobs_for(base, todo),
                            Path(args.out) / "recheck", **worker_options(args))
        known.update({o.id: o for o in outcomes})
    recheck.record(run, candidates, [*outcomes, *reused], reused=len(reused),
                   seconds=time.monotonic() - started)
    results.save(run, Path(args.out))


def follow_interpreter(args: argparse.Namespace, units: list[str], committed):
    """The baseline to compare with, and the drift: CPython's own outcomes here, if this is another build."""

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


def publish(run, base, expectations, previous, args: argparse.Namespace, drift=None):
    """Compare ``run`` and write its reports; return the Comparison."""

    comparison = compare.compare(run, base, expectations, previous)
    comparison.run_dir = str(args.out)
    comparison.drift = drift
    publish_reports(comparison, Path(args.out) / "report")
    return comparison


def previous_run(out: Path, target: str):
    """The last run in ``out`` of the target whose spec is ``target``, moved to ``out/previous``
    so the new run loses nothing."""
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


def add_run_options(parser: argparse.ArgumentParser, *, target: bool = True, python: bool = True) -> None:
    if target:
        parser.add_argument("--target", default=targets.DEFAULT,
                            help=f"import system to run against (default {targets.DEFAULT}; known: "
                                 f"{', '.join([*targets.TARGETS, *targets.gallery_names()])}; "
                                 f"or a target file PATH.toml, or module:ATTRIBUTE)")
    if python:
        pythons.add_option(parser)
    parser.add_argument("--units", nargs="+", metavar="UNIT", help="run only these units (default: the panel)")
    parser.add_argument("--out", default="reports/latest", help="run directory (default reports/latest)")
    parser.add_argument("--workers", type=int, default=0, help="jobs at once (default: one more than the CPUs this process may use)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="seconds one test may run before its worker is killed, its threads' stacks "
                             f"dumped, and the rest of its job resumed in a fresh worker (default: the target "
                             f"file's timeout, else {DEFAULT_TIMEOUT:g})")

    parser.add_argument("--use", metavar="RESOURCES",
                        help="regrtest's resources the tests may use, as its -u takes them (e.g. cpu or all,-network); "
                             "default none, as the baseline was recorded")
    parser.add_argument("--memlimit", metavar="LIMIT",
                        help="regrtest's memory limit for bigmem tests, as its -M takes it (e.g. 4G); default none")
    parser.add_argument("--no-attribution", dest="attribution", action="store_false",
                        help="don't record which tests exercise the target's code")
    parser.add_argument("--quiet", action="store_true", help="no progress lines")
    parser.add_argument("--rerun", type=int, default=0, metavar="N",
                        help="rerun each differing test (for run: each test not ok) up to N times in fresh "
                             "workers; one whose status changes is reported as flaky, not as a difference")
    parser.add_argument("--inherit-env", action="store_true",
                        help="keep PYTHON* variables that change outcomes (e.g. PYTHONDONTWRITEBYTECODE) in the "
                             "workers' environment; by default they are dropped, as when the baseline was recorded")


def add_parity_options(parser: argparse.ArgumentParser) -> None:
    """Options of the commands that compare with the baseline (parity, gallery)."""
    parser.add_argument("--no-recheck", dest="recheck", action="store_false",
                        help="don't re-run differing tests on stock CPython here: environment drift (a test "
                             "CPython itself does otherwise on this machine) then counts against the target")


def add_selection_options(parser: argparse.ArgumentParser) -> None:
    selection.add_options(parser)
    parser.add_argument("--shard", metavar="K/N", help="run the K-th of N cost-balanced parts of the jobs "
                        "(join the parts with `importparity merge`)")


