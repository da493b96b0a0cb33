"""Fidelity on real hooks: importparity's run of each gallery target against CPython's own runner under it.

For each target, CPython's runner (``ENV/bin/python -m test -j2 --junit-xml FILE <units>``)
runs the interpreter's own installed test suite on the target's environment interpreter,
whose ``.pth`` runs the target's install code at start-up of every process (regrtest's main
process, its workers and the tests' children); then ``importparity run --target NAME`` runs
the panel; the script prints, per target, how many tests the two disagree on (ids, outcomes,
skip reasons; goal 0) and the first disagreements.

    tox -e bench -- gallery_fidelity.py [--runs DIR] [NAME ...]

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).

``--runs DIR`` reads importparity's runs from a gallery directory (``DIR/<target>/``, e.g.
``reports/gallery`` after ``tox -e gallery``) instead of running them again.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from runner import oracle, panel, results, targets  # noqa: E402
from runner.execute import environment  # noqa: E402

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)

SHOWN = 15


def importparity_run(name: str, out: Path) -> results.Run:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    cmd = [sys.executable, "-m", "runner.cli", "run", "--target", name, "--quiet", "--out", str(out)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT, env=env)
    return results.load(out)


def fidelity(name: str, runs: Path | None, units: list[str], block: figures.Block) -> list[str] | None:
    """The lines naming each test on which regrtest under the hook and importparity disagree.

    None when regrtest itself cannot run with the hook installed in its own process.
    """
    python = environment.interpreter_for(targets.get(name))
    try:
        reference, wall = oracle.run_regrtest(units, python=python)
    except RuntimeError as exc:  # the hook, installed in regrtest's own process, broke regrtest
        last = [line for line in str(exc).splitlines() if line.strip()][-1:]
        block(f"{name}: regrtest did not run under the hook: {last[0] if last else exc}")
        return None
    block(f"{name}: regrtest -j2 on {python}: {len(reference)} tests in {wall:.1f}s")
    if runs is not None:
        run = results.load(runs / name)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            run = importparity_run(name, Path(tmp) / "run")
    return oracle.differences(reference, run.tests)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=Path, metavar="DIR", help="importparity's runs, as DIR/<target>/")
    parser.add_argument("names", nargs="*", metavar="NAME", help="gallery targets (default: all)")
    figures.add_option(parser)
    args = parser.parse_args()
    block = figures.Block(args)
    units = [u.name for u in panel.UNITS]
    totals = {}
    for name in args.names or targets.gallery_names():
        diffs = fidelity(name, args.runs, units, block)
        totals[name] = ("regrtest itself did not run with the hook installed" if diffs is None
                        else f"{len(diffs)} differences from regrtest under the same hook (goal 0)")
        diffs = diffs or []
        for line in diffs[:SHOWN]:
            block("  " + line)
        if len(diffs) > SHOWN:
            block(f"  ... and {len(diffs) - SHOWN} more")
    block()
    for name, count in totals.items():
        block(f"fidelity {name}: {count}")
    block.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
