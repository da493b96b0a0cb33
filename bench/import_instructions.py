"""pyimport's cold and cached imports in instructions against stock: callgrind counts, which load does not move.

pyimport_speed.py times the same imports in CPU time; on a shared machine the import loop of
one interpreter reads anywhere from 150 to 245 ms from one run to the next, so a ratio of
1.03 there says nothing a goal of 1.00 can be judged by.  The number of instructions a
process executes moves by a few tenths of a percent with the string-hash seed and not with
load.  Venvs as in pyimport_speed.py (whose helpers this reuses): ``stock``, ``pyimport`` and
the control ``cpython-source`` (CPython's own importlib sources installed by pyimport's
mechanism); with ``--ref REF``, also ``pyimport@REF``, for a before/after.

1. cold imports -- a fresh interpreter imports pyimport_speed.py's MODULES (about 120 stdlib
   modules) with warm ``__pycache__``; the figure is the instructions of that process less
   those of the same process importing nothing, so start-up and exit cancel out.
2. cached imports -- ``import os`` and ``from json import decoder`` (a package: each runs
   the import system's ``_handle_fromlist``) repeated LOOPS times in a fresh interpreter,
   less the same interpreter running the loop zero times, divided by LOOPS.

Each count is the median over string-hash seeds 0, 1 and 2; every ratio is variant / stock
(goal: at most 1.00 for pyimport), and the control's ratio is the mechanism's alone.

    python bench/import_instructions.py [--loops N] [--ref REF] [--python X.Y]   # from the repo root
    tox -e bench -- import_instructions.py [--loops N] [--ref REF] [--python X.Y]

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)
import pyimport_speed as speed  # noqa: E402  (its helpers: venvs, modules, the base interpreter)
from startup_instructions import SEEDS, instructions, need_valgrind  # noqa: E402

GOAL = 1.00

# argv[1]: the modules to import, comma-separated ('' for none).  A module already loaded at
# start-up would not be a cold import: the child refuses to count it.
COLD_CHILD = f'''
import sys
names = [n for n in sys.argv[1].split(',') if n]
if any(n in sys.modules for n in names):
    sys.exit('loaded at start-up: ' + ', '.join(n for n in names if n in sys.modules))
if {speed.WHO} != sys.argv[2]:
    sys.exit('expected ' + sys.argv[2] + ', found ' + {speed.WHO})
for name in names:
    __import__(name)
'''

# argv[1]: the statement; argv[2]: how many times it runs after a first, uncounted, time.
CACHED_CHILD = '''
import sys
statement, loops = sys.argv[1], int(sys.argv[2])
code = compile(f"for _ in range({loops}):\\n    {statement}", "<loop>", "exec")
exec(statement)
exec(code)
'''


def median_count(python: str, args: list[str]) -> float:
    return statistics.median(instructions(python, args, seed) for seed in SEEDS)


def cold(venvs: dict[str, str]) -> dict[str, float]:
    """Each venv's instructions for importing MODULES, start-up and exit taken out."""
    names = ','.join(speed.MODULES)
    counts = {}
    for variant, python in venvs.items():
        check = variant.partition('@')[0]
        subprocess.run([python, '-c', COLD_CHILD, names, check], check=True)  # warm __pycache__
        counts[variant] = (median_count(python, ['-c', COLD_CHILD, names, check])
                           - median_count(python, ['-c', COLD_CHILD, '', check]))
    return counts


def cached(venvs: dict[str, str], statement: str, loops: int) -> dict[str, float]:
    """Each venv's instructions for one run of ``statement`` whose module is already imported."""
    return {variant: (median_count(python, ['-c', CACHED_CHILD, statement, str(loops)])
                      - median_count(python, ['-c', CACHED_CHILD, statement, '0'])) / loops
            for variant, python in venvs.items()}


def report(block, counts: dict[str, float], unit: str, scale: float) -> None:
    stock = counts['stock']
    for variant, count in counts.items():
        if variant == 'stock':
            continue
        ratio = count / stock
        note = (f'goal <= {GOAL:.2f}: {speed.verdict(ratio <= GOAL)}' if variant == 'pyimport'
                else 'the control, for reference' if variant == 'cpython-source' else 'for reference')
        block(f'   {variant:24s} {count / scale:9.2f}{unit} vs stock {stock / scale:9.2f}{unit}  '
              f'ratio {ratio:.3f}  [{note}]')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--loops', type=int, default=20_000,
                        help='runs of each cached statement per process; default 20000')
    parser.add_argument('--ref', help='also measure pyimport as it is at this git revision')
    speed.add_python_option(parser)
    figures.add_option(parser)
    args = parser.parse_args()
    speed.run_on(args.python)
    block = speed.block_for(args)
    need_valgrind()
    block(f'imports under pyimport vs stock CPython {sys.version.split()[0]} ({speed.base_python()}): '
          f'callgrind instruction counts, median of hash seeds {", ".join(map(str, SEEDS))}')
    with tempfile.TemporaryDirectory(prefix='import-instructions-') as tmp:
        venvs = {v: speed.make_venv(Path(tmp) / v, v) for v in speed.VARIANTS}
        if args.ref:
            venvs[f'pyimport@{args.ref}'] = speed.ref_venv(Path(tmp) / 'ref', args.ref)
        block(f'1. cold imports: {len(speed.MODULES)} stdlib modules with warm __pycache__, '
              f'less the same process importing nothing:')
        report(block, cold(venvs), 'M', 1e6)
        block(f'2. cached imports: {args.loops} runs in one process, less zero runs, per run:')
        for statement in speed.CACHED_STATEMENTS:
            block(f"   '{statement}'")
            report(block, cached(venvs, statement, args.loops), '', 1)
    block.finish()
    return 0


if __name__ == '__main__':
    sys.exit(main())
