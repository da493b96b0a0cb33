"""Parity of a target: `importparity parity --target NAME`'s table, unit by unit, as the figures page shows it.

Runs ``importparity parity --target NAME`` (default: pyimport) over the whole panel in a
temporary folder, as ``tox -e parity`` does (each differing test re-checked on stock CPython
here), then prints the run's table: per unit its tests, how many match CPython's baseline,
differ, are expected or unexpected, and the "exercised parity", matching over the tests
during which some of the target's code ran in the test's own process; then the totals and
any environment drift.  The exit status is parity's: 1 on a difference the target's
expectations do not list.

    python bench/parity_summary.py [--target NAME] [UNIT ...]
    tox -e bench -- parity_summary.py [--target NAME] [UNIT ...]

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only);
each target has a block of its own (``parity_summary.py --target NAME``; the default's is ``parity_summary.py``).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runner import compare, panel, targets  # noqa: E402
from runner.report import format_table  # noqa: E402

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", default=targets.DEFAULT)
    parser.add_argument("units", nargs="*")
    figures.add_option(parser)
    args = parser.parse_args()
    units = [u.name for u in panel.units(args.units)]
    block = figures.Block(args, None if args.target == targets.DEFAULT else f"--target {args.target}")
    with tempfile.TemporaryDirectory(prefix="parity-summary-") as tmp:
        cmd = [sys.executable, "-m", "runner.cli", "parity", "--target", args.target, "--out", tmp,
               "--units", *units]
        status = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL).returncode
        if status not in (0, 1):  # 1: unexpected differences, which the table shows
            return status
        comparison = compare.load(Path(tmp))
    block(f"{args.target} against CPython {comparison.meta['interpreter']['version']}:")
    block(format_table(comparison))
    block.finish()
    return status


if __name__ == "__main__":
    sys.exit(main())
