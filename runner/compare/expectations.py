"""Target expectations, the ratchet: each target's known differences from CPython, with reasons.

``expectations/targets/<target>.json`` lists, per test id, the outcome the target is known
to have (a status, or ``missing``) and a written reason.  It is read by the comparison and
written only by ``importparity expectations update RUN_DIR``, which keeps existing reasons
and gives new entries a placeholder that the reports flag until a human replaces it.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from runner import panel
from runner.results import Status

if TYPE_CHECKING:
    from runner.compare.comparison import Comparison

TARGETS_DIR = panel.EXPECTATIONS / "targets"
# The outcome of a test the target's run does not have at all.
MISSING = "missing"
# The outcome of a test whose status is CPython's but which left the environment altered.
ENV_CHANGED = "env_changed"
OUTCOMES = frozenset(s.value for s in Status) | {MISSING, ENV_CHANGED}
PLACEHOLDER = "TODO: explain"


class ExpectationsError(Exception):
    """An expectations file that cannot be read; the message says how to mend it."""


@dataclass(frozen=True)
class Expectation:
    """One known difference: the target's outcome for a test, and why it differs."""

    id: str
    unit: str
    outcome: str
    reason: str = PLACEHOLDER

    @property
    def needs_reason(self) -> bool:
        return not self.reason.strip() or self.reason.strip().startswith("TODO")


@dataclass
class TargetExpectations:
    """A target's expectations file, as entries by test id."""

    target: str
    entries: dict[str, Expectation] = field(default_factory=dict)

    def sorted(self) -> list[Expectation]:
        return [self.entries[tid] for tid in sorted(self.entries)]

    def to_json(self) -> dict:
        return {
            "target": self.target,
            "tests": {e.id: {"unit": e.unit, "outcome": e.outcome, "reason": e.reason} for e in self.sorted()},
        }


def path_for(target: str, directory: Path | None = None, *, file: str | Path | None = None) -> Path:
    """The expectations file: a target file's own ``file``, else ``<target>.json`` in the directory."""
    if file is not None and directory is None:
        return Path(file)
    return Path(directory or TARGETS_DIR) / f"{target}.json"


def file_of_run(meta: dict) -> str | None:
    """The expectations file a run's target declared (a target file's), if any."""
    return meta.get("target_expectations")


def shown_path(meta: dict, target: str) -> str:
    """Where a run's target keeps its expectations, as the reports tell a person to edit it."""
    return file_of_run(meta) or f"expectations/targets/{target}.json"


def load(target: str, directory: Path | None = None, *, file: str | Path | None = None) -> TargetExpectations:
    """The target's expectations; a target without a file has none."""
    path = path_for(target, directory, file=file)
    try:
        data = json.loads(path.read_text())
        entries = {}
        for tid, entry in data["tests"].items():
            if entry["outcome"] not in OUTCOMES:
                raise ValueError(f"{tid}: unknown outcome {entry['outcome']!r}")
            entries[tid] = Expectation(tid, entry["unit"], entry["outcome"], entry.get("reason", ""))
    except FileNotFoundError:
        return TargetExpectations(target)
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ExpectationsError(
            f"expectations file {path} is corrupt ({exc!s:.100}); restore it with `git checkout -- {path}` "
            f"and rewrite it with `importparity expectations update RUN_DIR`") from None
    return TargetExpectations(data.get("target", target), entries)


def check_known(expectations: TargetExpectations, known: set[str], covered: set[str], run_dir: str) -> None:
    """Every entry names a test the panel has: a unit of the panel, and for ``covered`` units an id
    CPython's baseline or the run has.  Raises ExpectationsError naming the command that mends it."""
    units = {u.name for u in panel.current().units}
    unknown = sorted(e.id for e in expectations.entries.values()
                     if e.unit not in units or (e.unit in covered and e.id not in known))
    if unknown:
        more = f" and {len(unknown) - 1} more" if len(unknown) > 1 else ""
        raise ExpectationsError(
            f"expectations for {expectations.target} name tests the panel does not have ({unknown[0]}{more}); "
            f"rewrite them with `importparity expectations update {run_dir}`")


def save(expectations: TargetExpectations, directory: Path | None = None, *,
         file: str | Path | None = None) -> Path:
    path = path_for(expectations.target, directory, file=file)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(expectations.to_json(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(text)
    tmp.replace(path)
    return path


def update(comparison: "Comparison", current: TargetExpectations, *, fixed_only: bool = False) -> TargetExpectations:
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
    upd.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    from runner.compare import comparison as compare

    try:
        comparison = compare.load(args.run_dir, expectations_dir=args.dir, check_expectations=False)
        if not comparison.target:
            raise ExpectationsError(f"{args.run_dir}/results.json names no target (meta.target); "
                                    f"re-run `importparity run --target NAME`")
        file = file_of_run(comparison.meta)
        current = load(comparison.target, args.dir, file=file)
    except compare.INPUT_ERRORS as exc:
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
