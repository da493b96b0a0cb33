"""`importparity changes OLD NEW`: what a release changed in the import system's tested behaviour.

Reads two versions' baselines (CPython's own outcomes on each version's panel) and lists,
unit by unit, the tests the newer release added, the tests it removed, and the tests whose
CPython outcome changed (a skip reason counts: a test that now skips for another reason
tests something else).  Written as Markdown (stdout and ``DIR/changes.md``) and as a page
section (``DIR/changes.html``).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

from runner import panel
from runner.compare import baseline
from runner.report import html
from runner.report.markdown import md
from runner.results import Outcome

EXIT_OK, EXIT_BAD_INPUT = 0, 2


@dataclass
class UnitChanges:
    """One unit's tests between two releases."""

    unit: str
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[tuple[str, str, str]] = field(default_factory=list)  # id, old outcome, new outcome

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def _shown(outcome: Outcome) -> str:
    return f"{outcome.outcome.value} ({outcome.reason})" if outcome.reason else outcome.outcome.value


def between(old: str, new: str) -> list[UnitChanges]:
    """Unit by unit (the newer panel's order, then units it dropped), what ``new`` changed from ``old``."""
    old_units = [u.name for u in panel.read_units(old)]
    new_units = [u.name for u in panel.read_units(new)]
    before = baseline.load(old_units, version=old).tests
    after = baseline.load(new_units, version=new).tests
    found = []
    for unit in new_units + [u for u in old_units if u not in new_units]:
        then = {tid: o for tid, o in before.items() if o.unit == unit}
        now = {tid: o for tid, o in after.items() if o.unit == unit}
        changes = UnitChanges(unit, added=sorted(now.keys() - then.keys()), removed=sorted(then.keys() - now.keys()))
        for tid in sorted(then.keys() & now.keys()):
            if _shown(then[tid]) != _shown(now[tid]):
                changes.changed.append((tid, _shown(then[tid]), _shown(now[tid])))
        found.append(changes)
    return found


def markdown(old: str, new: str, units: list[UnitChanges]) -> str:
    """The changes as Markdown: one section per unit that changed, its tests listed."""
    total = [sum(len(getattr(u, kind)) for u in units) for kind in ("added", "removed", "changed")]
    lines = [f"## What CPython {new} changed in the import tests, from {old}", "",
             f"{total[0]} tests added, {total[1]} removed, {total[2]} whose CPython outcome changed "
             f"(CPython's own outcomes on each version's panel).", ""]
    for u in units:
        if u.empty:
            continue
        lines += [f"### {md(u.unit)}", ""]
        lines += [f"- added: {md(tid)}" for tid in u.added]
        lines += [f"- removed: {md(tid)}" for tid in u.removed]
        lines += [f"- changed: {md(tid)}: {md(was)} → {md(now)}" for tid, was, now in u.changed]
        lines.append("")
    unchanged = [u.unit for u in units if u.empty]
    if unchanged:
        lines += [f"Unchanged: {', '.join(md(u) for u in unchanged)}.", ""]
    return "\n".join(lines)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """``importparity changes OLD NEW [--out DIR]``."""
    parser = subparsers.add_parser("changes", help="what a release changed: tests added, removed, or whose "
                                                   "CPython outcome changed, unit by unit")
    parser.add_argument("old", metavar="OLD", help="the older version, e.g. 3.14")
    parser.add_argument("new", metavar="NEW", help="the newer version, e.g. 3.15")
    parser.add_argument("--out", type=Path, metavar="DIR", help="also write DIR/changes.md and DIR/changes.html")
    parser.set_defaults(func=main)


def main(args: argparse.Namespace) -> int:
    for version in (args.old, args.new):
        if version not in panel.versions():
            print(f"importparity changes: no panel for Python {version} (panels: {', '.join(panel.versions())})",
                  file=sys.stderr)
            return EXIT_BAD_INPUT
    try:
        units = between(args.old, args.new)
    except baseline.BaselineError as exc:
        print(f"importparity changes: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    text = markdown(args.old, args.new, units)
    print(text)
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "changes.md").write_text(text)
        (args.out / "changes.html").write_text(html.page("changes.html.j2", "versions.js", old=args.old,
                                                         new=args.new, units=units))
        print(f"wrote {args.out / 'changes.md'} and {args.out / 'changes.html'}", file=sys.stderr)
    return EXIT_OK
