"""`importparity expectations update RUN_DIR`: a target's expectations rewritten from a run's comparison.

The only writer of ``expectations/targets/<target>.json`` (runner/compare/expectations.py
reads it): the run's differences become entries, existing reasons are kept, and new entries
get the placeholder the reports flag until a human replaces it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from runner import panel, pythons
from runner.compare.comparison import INPUT_ERRORS, Comparison, load as load_comparison
from runner.compare.expectations import (PLACEHOLDER, Expectation, ExpectationsError, TargetExpectations,
                                         file_of_run, load, save)


def update(comparison: Comparison, current: TargetExpectations, *, fixed_only: bool = False) -> TargetExpectations:
    """The expectations a run calls for: its differences, with existing reasons kept.

    Entries of units the run did not cover are kept as they are.  With ``fixed_only``, only
    entries for tests that now match CPython are dropped and nothing is added: the command
    the reports print for fixed entries, which cannot accept a new regression by accident.
    """
    covered = set(comparison.units)
    scope = comparison.meta.get("scope")  # a partial run says nothing of the tests it did not run
    scope = set(scope) if scope is not None else None
    fixed = {e.id for e in comparison.fixed}
    if fixed_only:
        kept = {tid: e for tid, e in current.entries.items() if tid not in fixed}
        return TargetExpectations(current.target, kept)
    units = {u.name for u in panel.current().units}
    kept = {tid: e for tid, e in current.entries.items()
            if e.unit in units and (e.id not in scope if scope is not None else e.unit not in covered)}
    for diff in comparison.differences:
        old = current.entries.get(diff.id)
        kept[diff.id] = Expectation(diff.id, diff.unit, diff.target_status, old.reason if old else PLACEHOLDER)
    return TargetExpectations(current.target or comparison.target, kept)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """``importparity expectations update RUN_DIR [--fixed-only] [--dir DIR]``."""
    parser = subparsers.add_parser("expectations", help="write a target's expectations from a run")
    commands = parser.add_subparsers(dest="expectations_command", required=True)
    upd = commands.add_parser("update", help="write expectations/targets/<target>.json from RUN_DIR")
    upd.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="the --out of `importparity run`")
    upd.add_argument("--fixed-only", action="store_true",
                     help="only drop entries for tests that now match CPython; add nothing")
    upd.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    pythons.add_option(upd)  # the run's version: the command runs on it and writes NAME.X.Y.json
    upd.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    try:
        comparison = load_comparison(args.run_dir, expectations_dir=args.dir, check_expectations=False)
        if not comparison.target:
            raise ExpectationsError(f"{args.run_dir}/results.json names no target (meta.target); "
                                    f"re-run `importparity run --target NAME`")
        file = file_of_run(comparison.meta)
        current = load(comparison.target, args.dir, file=file)
    except INPUT_ERRORS as exc:
        print(f"importparity expectations: {exc}", file=sys.stderr)
        return 2
    new = update(comparison, current, fixed_only=args.fixed_only)
    path = save(new, args.dir, file=file)
    added = new.entries.keys() - current.entries.keys()
    removed = current.entries.keys() - new.entries.keys()
    lacking = sum(e.needs_reason for e in new.entries.values())
    print(f"{path}: {len(new.entries)} expected differences ({len(added)} added, {len(removed)} removed)")
    if lacking:
        print(f"{lacking} entries need a reason: replace {PLACEHOLDER!r} in {path}")
    return 0
