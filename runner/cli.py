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
import sys
from pathlib import Path

from runner import changes, gallery, history, locks, merge, panel, pipeline, pythons, report, scaffold, show, stop, vendor
from runner.compare import baseline, expectations_update, stability
from runner.pipeline import EXIT_BAD_INPUT, EXIT_OK, EXIT_TERMINATED, BadInput
from runner.results import UnitStatus
from runner.targets import TargetError


def cmd_run(args: argparse.Namespace) -> int:
    run = pipeline.execute_panel(args, args.target)
    pipeline.rerun(args, run, stability.not_ok(run))
    counts: dict[str, int] = {}
    for outcome in run.tests.values():
        counts[outcome.outcome.value] = counts.get(outcome.outcome.value, 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    print(f"{len(run.tests)} tests: {summary}")
    print(f"wrote {Path(args.out) / 'results.json'} and {Path(args.out) / 'junit.xml'}")
    return EXIT_OK


def cmd_baseline(args: argparse.Namespace) -> int:
    """Run the panel on stock CPython and record it as the baseline."""
    if args.units:
        raise BadInput("the baseline is recorded for the whole panel; drop --units")
    run = pipeline.execute_panel(args, "cpython")
    broken = [u for u, r in run.units.items() if r.status is not UnitStatus.COMPLETED]
    if broken or not run.meta.get("complete"):
        raise BadInput(f"the cpython run did not complete ({', '.join(broken) or 'interrupted'}); "
                       f"the baseline was not re-recorded")
    written = baseline.record(run)
    print(f"recorded {len(run.tests)} tests in {len(written)} files under {baseline.BASELINE_DIR}")
    return EXIT_OK


def cmd_vendor(args: argparse.Namespace) -> int:
    shards = {}
    for item in args.shards:
        name, _, count = item.partition("=")
        if not (name and count.isdigit() and int(count) >= 1):
            raise BadInput(f"--shards {item!r} is not UNIT=N with N at least 1 (e.g. --shards test_zipimport=2)")
        shards[name] = int(count)
    try:
        count = vendor.vendor(Path(args.source), args.version, args.add, shards)
    except vendor.VendorError as exc:
        raise BadInput(str(exc)) from None
    series = ".".join(args.version.split(".")[:2])
    print(f"vendored {count} files from {args.source} (CPython {args.version}) into {panel.root_of(series)}; "
          f"review `git diff --stat`, then record its baseline: `importparity baseline --python {series}`")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="importparity", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("run", help="run the panel against a target; write results.json and junit.xml")
    pipeline.add_run_options(p)
    pipeline.add_selection_options(p)
    p.set_defaults(func=cmd_run)

    p = sub.add_parser("parity", help="run, compare with CPython's baseline, report; exit 1 on new differences")
    pipeline.add_run_options(p)
    pipeline.add_selection_options(p)
    pipeline.add_parity_options(p)
    p.add_argument("--expectations-dir", type=Path, help=argparse.SUPPRESS)  # the project's tests
    p.add_argument("--baseline-dir", type=Path, help=argparse.SUPPRESS)  # the project's tests
    p.set_defaults(func=pipeline.parity)

    p = sub.add_parser("baseline", help="re-record CPython's outcomes in expectations/baseline/X.Y/")
    pipeline.add_run_options(p, target=False)
    p.set_defaults(func=cmd_baseline)

    p = sub.add_parser("vendor", help="re-vendor the panel from a CPython Lib/test directory")
    p.add_argument("--from", dest="source", required=True, metavar="LIB_TEST_DIR")
    p.add_argument("--version", required=True, help="the upstream CPython version, e.g. 3.15.2 (its panel: "
                   "vendored_tests/3.15/)")
    p.add_argument("--add", nargs="+", default=[], metavar="UNIT",
                   help="units the release adds to the newest panel's (e.g. test_lazy_import)")
    p.add_argument("--shards", nargs="+", default=[], metavar="UNIT=N",
                   help="run UNIT in N processes (a package split by its files and folders, a module by "
                        "its classes; 1: whole); otherwise each unit keeps its count in the panel's UNITS")
    p.set_defaults(func=cmd_vendor)

    for module in (report, history, expectations_update, show, merge, gallery, changes, scaffold):
        module.add_parser(sub)
    for name in ("report", "show", "merge"):
        pythons.add_option(sub.choices[name])
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    status = pythons.reexec_or_status(argv)
    if status is not None:
        return status
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with stop.handled(), locks.run_dir(getattr(args, "out", None)):  # one command per --out at a time
            return args.func(args)
    except (BadInput, locks.RunDirBusy, locks.RunDirUnwritable) as exc:
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
