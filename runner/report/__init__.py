"""Reports of a comparison: summary.md, diff.json and index.html, and `importparity report`.

The formatters only present what runner.compare decided.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from runner import history as history_mod
from runner import targetcode
from runner.compare import INPUT_ERRORS, Comparison, cluster, load as load_comparison
from runner.report import diffjson, html, markdown
from runner.report.table import format_table

__all__ = ["add_parser", "format_table", "main", "publish", "write_reports"]


def write_reports(comparison: Comparison, out: Path, history_dir: Path | None = None) -> list[Path]:
    """Write summary.md, diff.json and index.html into ``out``; return their paths."""
    found = cluster(comparison.differences, targetcode.for_run(comparison.meta))
    history = history_mod.load(history_dir)
    current = history_mod.summary(comparison, "this run", comparison.meta.get("started"))
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = [out / "summary.md", out / "diff.json", out / "index.html"]
    paths[0].write_text(markdown.render(comparison, found))
    paths[1].write_text(json.dumps(diffjson.render(comparison, found), indent=1, ensure_ascii=False) + "\n")
    paths[2].write_text(html.render(comparison, found, history, current, report_dir=out))
    return paths


def publish(comparison: Comparison, out: Path, stream=None) -> int:
    """Write the reports, print the table, the counts and the paths; 1 on unexpected differences."""
    stream = stream or sys.stdout
    paths = write_reports(comparison, out)
    print(format_table(comparison), file=stream)
    for path in paths:
        print(f"wrote {path}", file=stream)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if step_summary:  # GitHub Actions shows this file on the job's page
        with open(step_summary, "a", encoding="utf-8") as f:
            f.write(paths[0].read_text() + "\n")
        print(f"appended {paths[0].name} to $GITHUB_STEP_SUMMARY", file=stream)
    return 0 if comparison.ok else 1


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """``importparity report RUN_DIR [--against RUN_DIR] --out DIR``."""
    parser = subparsers.add_parser("report", help="compare a run with CPython's baseline and write reports")
    parser.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="the --out of `importparity run`")
    parser.add_argument("--against", type=Path, metavar="RUN_DIR", help="a previous run of the same target")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where to write the reports")
    parser.add_argument("--check", action="store_true",
                        help="exit 1 when a difference is not in the target's expectations (the ratchet)")
    parser.add_argument("--baseline-dir", type=Path, help=argparse.SUPPRESS)  # the project's tests
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    try:
        comparison = load_comparison(args.run_dir, args.against, baseline_dir=getattr(args, "baseline_dir", None))
        status = publish(comparison, args.out)
    except (*INPUT_ERRORS, history_mod.HistoryError) as exc:
        print(f"importparity report: {exc}", file=sys.stderr)
        return 2
    return status if args.check else 0
