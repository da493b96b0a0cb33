"""The whole matrix's wall time, where it goes, and its floor on this machine.

Reads a gallery run across versions (what `tox -e gallery` writes: ``reports/gallery/X.Y/``,
each version's ``summary.json`` with every target's seconds split into its panel's run, its
re-check on CPython and the rest), then measures, on each of its versions, CPython's own
``python -m test -j2`` over that version's panel units in the interpreter's own Lib/test.

The *floor* of a version is its number of targets times that regrtest wall time: what the
matrix would take if the harness were exactly as fast as CPython's own runner and no hook
cost anything. PyPy's column (an interpreter target on the 3.11 panel) is floored by CPython
3.11's regrtest. The goal is the whole matrix in at most 10 minutes on this machine, with
environments cached; the script prints the matrix's total against the goal, and the floor.

What the targets themselves cost is each one's panel time less the control's
(``cpython-source``, CPython's own import system installed the same way) on the same version,
or less regrtest's where a version has no control (PyPy's): a hook's start-up in every child
interpreter, an instrumenting loader, an interpreter's hangs. No harness can save that time,
so the floor plus it is the least the matrix can take with the targets as they are.

A version the gallery ran beside the others (``wall.json``'s ``beside``: PyPy's, whose targets
have their own interpreter) overlaps them: the matrix's time is then the whole gallery's wall
time, and each floor is the longer of the other versions' floors in turn and its own.

    tox -e bench -- matrix_time.py [--runs reports/gallery] [--rounds N]

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runner import oracle, panel, provision  # noqa: E402
from runner.gallery import WALL  # noqa: E402
from runner.report import versions  # noqa: E402

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)

GOAL = 600.0  # seconds: the whole matrix, environments cached, on 2 cores
CONTROL = "cpython-source"


def regrtest_wall(version: str, units: list[str], rounds: int) -> float:
    """Median wall time of ``python3.X -m test -j2`` over ``units`` of version X's panel."""
    python = str(provision.find_interpreter(version))
    return statistics.median(oracle.run_regrtest(units, python=python)[1] for _ in range(rounds))


def units_run(directory: Path) -> list[str]:
    """The units a version's gallery ran (each target runs the same ones): its first run's."""
    for run in sorted(directory.glob("*/results.json")):
        units = json.loads(run.read_text()).get("meta", {}).get("units")
        if units:
            return units
    return [u.name for u in panel.read_units(directory.name)]


def overlapped(seconds: dict[str, float], beside: set[str]) -> float:
    """The wall time of versions taking ``seconds`` each: one after the other, but those ``beside``
    run alongside that sequence (each its own process), so the longest of them all counts."""
    in_turn = sum(s for v, s in seconds.items() if v not in beside)
    return max([in_turn, *(s for v, s in seconds.items() if v in beside)])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=Path, default=ROOT / "reports" / "gallery",
                        help="a gallery's output across versions (default reports/gallery)")
    parser.add_argument("--rounds", type=int, default=1, help="regrtest runs per version (median)")
    figures.add_option(parser)
    args = parser.parse_args()
    found = sorted(d.name for d in args.runs.iterdir() if (d / versions.SUMMARY).is_file()) \
        if args.runs.is_dir() else []
    if not found:
        print(f"matrix_time: no gallery in {args.runs} (run `tox -e gallery` first)", file=sys.stderr)
        return 2
    block = figures.Block(args)
    block(f"{'version':<9}{'targets':>8}{'matrix s':>10}{'panel':>8}{'re-check':>10}{'other':>8}"
          f"{'regrtest -j2 s':>16}{'floor s':>9}{'targets own s':>15}")
    total = 0.0
    floors: dict[str, float] = {}  # each version's floor, and that floor plus its targets' own cost
    with_own: dict[str, float] = {}
    for version in found:
        summary = {name: c for name, c in versions.read_summary(args.runs / version).items() if c.time}
        cells = list(summary.values())
        if not cells:
            block(f"{version:<9} no timings in its summary.json (written by an older importparity)")
            continue
        reference = regrtest_wall(version, units_run(args.runs / version), args.rounds)
        spent = [sum(getattr(c.time, part) for c in cells) for part in ("seconds", "panel", "recheck", "other")]
        control = summary[CONTROL].time.panel if CONTROL in summary else reference
        theirs = sum(max(c.time.panel - control, 0.0) for c in cells)
        total += spent[0]
        floors[version] = len(cells) * reference
        with_own[version] = floors[version] + theirs
        block(f"{version:<9}{len(cells):>8}{spent[0]:>10.0f}{spent[1]:>8.0f}{spent[2]:>10.0f}{spent[3]:>8.0f}"
              f"{reference:>16.1f}{len(cells) * reference:>9.0f}{theirs:>15.0f}")
    wall = json.loads((args.runs / WALL).read_text()) if (args.runs / WALL).is_file() else {}
    beside = set(wall.get("beside", ()))
    floor, floor_as_they_are = overlapped(floors, beside), overlapped(with_own, beside)
    if beside:
        # Versions run beside the others overlap them: the matrix's time is the whole gallery's wall.
        block(f"the targets' times add up to {total:.0f} s; {', '.join(wall['beside'])} ran beside the other "
              f"versions, and the whole gallery took {wall['whole']:.0f} s")
        total = wall["whole"]
    block(f"the whole matrix: {total:.0f} s (goal <= {GOAL:.0f} s); its floor, every run as fast as "
          f"regrtest -j2 and every hook free: {floor:.0f} s")
    block(f"the targets' own cost (each panel less the control's on its version, or regrtest's): "
          f"{sum(with_own.values()) - sum(floors.values()):.0f} s; the floor with the targets as they are: "
          f"{floor_as_they_are:.0f} s")
    block.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
