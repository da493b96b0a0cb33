"""`importparity merge RUN_DIR... --out DIR`: shards' run directories joined into the run they split.

The merged results.json, junit.xml and reports are those an unsharded run would write: the
same tests and outcomes, each unit's status the worst of its shards' and its time their sum.
Shards must come from one panel (vendored manifest) and one target; the meta says which
directories were merged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from runner import panel, results
from runner.results import Run, UnitRun, UnitStatus

EXIT_BAD_INPUT = 2


class MergeError(Exception):
    """Run directories that cannot be one run."""


def _same(runs: list[tuple[Path, Run]], key: str, what: str) -> None:
    values = {run.meta.get(key) for _, run in runs}
    if len(values) > 1:
        described = ", ".join(f"{path}: {str(run.meta.get(key))[:16]}" for path, run in runs)
        raise MergeError(f"the runs come from different {what} ({described}); merge shards of one run only")


def _unit(into: UnitRun | None, part: UnitRun) -> UnitRun:
    if into is None:
        return UnitRun(part.status, part.duration, part.detail)
    merged = UnitRun(into.status, round(into.duration + part.duration, 3), into.detail)
    if into.status is UnitStatus.COMPLETED and part.status is not UnitStatus.COMPLETED:
        merged.status, merged.detail = part.status, part.detail
    return merged


def _scope(runs: list[Run]) -> list[str] | None:
    """None when the shards together are every shard of a whole-panel run; else their union."""
    shards = {run.meta.get("shard") for run in runs}
    counts = {s.split("/")[1] for s in shards if s}
    whole = (None not in shards and len(counts) == 1 and len(shards) == int(counts.pop())
             and not any(run.meta.get("selection") for run in runs))
    if whole or all(run.meta.get("scope") is None for run in runs):
        return None
    return sorted({tid for run in runs for tid in run.meta.get("scope") or run.tests})


def merge(dirs: list[Path]) -> Run:
    """One Run from the shards in ``dirs``; raises MergeError or results.ResultsError."""
    runs = [(Path(d), results.load(d)) for d in dirs]
    _same(runs, "manifest", "panels (vendored_tests manifests)")
    _same(runs, "target", "targets")
    shards = [run.meta.get("shard") for _, run in runs]
    repeated = {s for s in shards if s and shards.count(s) > 1}
    if repeated:
        raise MergeError(f"shard {repeated.pop()} is given twice; give each shard's run directory once")
    first = runs[0][1]
    order = {u.name: i for i, u in enumerate(panel.UNITS)}
    units = sorted({u for _, run in runs for u in run.meta.get("units", run.units)}, key=lambda n: order.get(n, 99))
    meta = {k: v for k, v in first.meta.items() if k not in ("shard", "scope", "selection")}
    meta.update(units=units, started=min(r.meta.get("started", "") for _, r in runs),
                ended=max(r.meta.get("ended", "") for _, r in runs),
                complete=all(r.meta.get("complete") for _, r in runs),
                jobs={name: t for _, r in runs for name, t in r.meta.get("jobs", {}).items()},
                cpu={name: p for _, r in runs for name, p in r.meta.get("cpu", {}).items()},
                merged_from=[f"{path} (shard {run.meta.get('shard', '-')})" for path, run in runs])
    scope = _scope([run for _, run in runs])
    if scope is not None:
        meta["scope"] = scope
    merged = Run(meta=meta)
    for _, run in runs:
        for name, unit_run in run.units.items():
            merged.units[name] = _unit(merged.units.get(name), unit_run)
        merged.tests.update(run.tests)
    return merged


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """``importparity merge RUN_DIR... --out DIR [--check]``."""
    parser = subparsers.add_parser("merge", help="join the run directories of --shard runs into one run")
    parser.add_argument("run_dirs", nargs="+", type=Path, metavar="RUN_DIR", help="each shard's --out")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR",
                        help="the merged run directory: results.json, junit.xml, report/")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a difference is not in the target's expectations (the ratchet)")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from runner.compare import INPUT_ERRORS, load as load_comparison
    from runner.report import publish

    try:
        if args.out.resolve() in {d.resolve() for d in args.run_dirs}:
            raise MergeError(f"--out {args.out} is one of the shards; merge into a directory of its own")
        run = merge(args.run_dirs)
        results.save(run, args.out)
        print(f"merged {len(args.run_dirs)} runs: {len(run.tests)} tests into {args.out}")
        status = publish(load_comparison(args.out), args.out / "report")
    except (MergeError, *INPUT_ERRORS) as exc:
        print(f"importparity merge: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    return status if args.check else 0
