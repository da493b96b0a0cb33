"""The panel across releases: one small JSON summary per release in reports/history/.

``importparity history record RUN_DIR --name NAME`` appends one; entries are committed and
never rewritten, so the dashboard's history view is the project's record of progress.
"""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path

from runner import panel
from runner.compare import INPUT_ERRORS, Comparison, load as load_comparison

# A checkout's history is the project's; an installed tool keeps it under the working directory.
HISTORY_DIR = (Path("reports") if panel.INSTALLED else panel.ROOT / "reports") / "history"
FORMAT = 1
REQUIRED = frozenset({"name", "date", "target", "tests", "matching", "units"})


class HistoryError(Exception):
    """A release that is already recorded, or a history file that cannot be read."""


def summary(comparison: Comparison, name: str, date: str | None = None) -> dict:
    """The release summary of a comparison: counts only, no test ids."""
    meta = comparison.meta
    date = date or datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()
    total = comparison.total
    return {
        "format": FORMAT,
        "name": name,
        "date": date,
        "target": comparison.target,
        "interpreter": _without_executable(meta.get("interpreter", "")),
        "run_started": meta.get("started", ""),
        "tests": total.tests,
        "matching": total.matching,
        "differences": total.differing,
        "unexpected": total.unexpected,
        "units": {row.unit: {"status": row.status, "tests": row.tests, "matching": row.matching,
                             "expected": row.expected, "unexpected": row.unexpected}
                  for row in comparison.rows},
    }


def _without_executable(interpreter):
    # Where it was installed says nothing about the release (as in the baseline's meta).
    if isinstance(interpreter, dict):
        return {k: v for k, v in interpreter.items() if k != "executable"}
    return interpreter


def record_release(run_dir: Path, name: str, directory: Path | None = None) -> Path:
    """Append ``directory/<name>.json`` for the run in ``run_dir``; refuse to rewrite one."""
    if not name or "/" in name or name.startswith("."):
        raise HistoryError(f"{name!r} is not a release name; use something like 0.1.0")
    path = Path(directory or HISTORY_DIR) / f"{name}.json"
    if path.exists():
        raise HistoryError(f"release {name} is already recorded in {path}; history is append-only")
    comparison = load_comparison(run_dir)
    if comparison.meta.get("scope") is not None:
        raise HistoryError(f"{run_dir} is a partial run ({comparison.meta.get('selection') or 'a shard'}); "
                           f"a release is recorded from a whole run, or from `importparity merge` of all shards")
    entry = summary(comparison, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(entry, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    return path


def load(directory: Path | None = None) -> list[dict]:
    """Every recorded release, oldest first."""
    entries = []
    for path in sorted(Path(directory or HISTORY_DIR).glob("*.json")):
        try:
            entry = json.loads(path.read_text())
            if not isinstance(entry, dict) or not REQUIRED <= entry.keys():
                raise ValueError(f"needs the keys {', '.join(sorted(REQUIRED))}")
        except ValueError as exc:
            raise HistoryError(f"history entry {path} is corrupt ({exc!s:.80}); "
                               f"restore it with `git checkout -- {path}`") from None
        entries.append(entry)
    return sorted(entries, key=lambda e: (e["date"], e["name"]))


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """``importparity history record RUN_DIR --name NAME``."""
    parser = subparsers.add_parser("history", help="the panel across releases")
    commands = parser.add_subparsers(dest="history_command", required=True)
    rec = commands.add_parser("record", help="append reports/history/NAME.json from RUN_DIR")
    rec.add_argument("run_dir", type=Path, metavar="RUN_DIR", help="the --out of `importparity run`")
    rec.add_argument("--name", required=True, help="the release, e.g. 0.1.0")
    rec.add_argument("--dir", type=Path, help=argparse.SUPPRESS)
    rec.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    try:
        path = record_release(args.run_dir, args.name, args.dir)
    except (HistoryError, *INPUT_ERRORS) as exc:
        print(f"importparity history: {exc}", file=sys.stderr)
        return 2
    print(path)
    return 0
