"""What installing pyimport at start-up costs, in instructions: callgrind counts, which load does not move.

CPU time of a 20 ms process wanders by more than the effect measured on a shared machine
(the same code read 4.69 ms one day and 7.60 ms another); the number of instructions the
process executes does not.  Venvs as in pyimport_speed.py (whose helpers this reuses):
``stock``, ``pyimport``, the control ``cpython-source`` and ``pyimport-full`` (pyimport with
its own ``__import__``), the last three installing at start-up through their .pth line; with
``--ref REF``, also ``pyimport@REF``: pyimport as it is at git revision REF (``git archive``),
installed the same way, for a before/after.

Each interpreter runs ``python -c pass``, ``python -I -c pass`` and ``python app.pyz``
(zip_speed.py's zipapp, which imports 10 modules from itself) once to warm its caches, then
under ``valgrind --tool=callgrind`` with three string-hash seeds (which move the count
by about 0.05M); the figure is the median, each variant's cost is its count minus
stock's, and pyimport's over the control is what pyimport costs beyond the mechanism.

    python bench/startup_instructions.py [--ref REF] [--python X.Y]   # from the repo root
    tox -e bench -- startup_instructions.py [--ref REF] [--python X.Y]

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).

``--python X.Y`` measures on CPython X.Y (3.13, 3.14, 3.15) instead of the running one.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)
import pyimport_speed as speed  # noqa: E402  (its helpers: venvs, the base interpreter)
import zip_speed  # noqa: E402  (its zipapp)

SEEDS = (0, 1, 2)
# pyimport_speed.py's venvs, and pyimport-full: its own __import__ bound at start-up too.
VARIANTS = (*speed.VARIANTS, 'pyimport-full')


def instructions(python: str, args: list[str], seed: int) -> int:
    env = {k: v for k, v in os.environ.items() if k != 'PYTHONDONTWRITEBYTECODE'}
    env['PYTHONHASHSEED'] = str(seed)
    with tempfile.TemporaryDirectory() as tmp:
        done = subprocess.run(['valgrind', '--tool=callgrind', f'--callgrind-out-file={tmp}/out',
                               python, *args], capture_output=True, text=True, env=env)
    found = re.search(r'Collected : (\d+)', done.stderr)
    if done.returncode != 0 or not found:
        sys.exit(f'startup_instructions: callgrind failed on {python} {" ".join(args)}: '
                 f'{done.stderr.strip().splitlines()[-1:]}')
    return int(found.group(1))


def need_valgrind() -> None:
    """Exit with status 2 and one line if valgrind is not installed."""
    if shutil.which('valgrind') is None:
        print(f'{Path(sys.argv[0]).stem}: valgrind is not installed (apt-get install valgrind)', file=sys.stderr)
        raise SystemExit(2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--ref', help='also measure pyimport as it is at this git revision')
    speed.add_python_option(parser)
    figures.add_option(parser)
    args = parser.parse_args()
    speed.run_on(args.python)
    block = speed.block_for(args)
    need_valgrind()
    block(f'installing the import system at start-up, CPython {sys.version.split()[0]} '
          f'({speed.base_python()}): callgrind instruction counts, median of hash seeds '
          f'{", ".join(map(str, SEEDS))}')
    with tempfile.TemporaryDirectory(prefix='startup-instructions-') as tmp:
        venvs = {v: speed.make_venv(Path(tmp) / v, v) for v in VARIANTS}
        if args.ref:
            venvs[f'pyimport@{args.ref}'] = speed.ref_venv(Path(tmp) / 'ref', args.ref)
        app = zip_speed.make_archives(Path(tmp))['app']
        for command in (['-c', 'pass'], ['-I', '-c', 'pass'], [str(app)]):
            counts = {}
            for name, python in venvs.items():
                subprocess.run([python, *command], check=True)  # warm __pycache__ and the caches
                counts[name] = statistics.median(instructions(python, command, s) for s in SEEDS)
            label = ' '.join(['python', *command]) if command[0] != str(app) else 'python app.pyz'
            block(f'{label}:')
            for name, count in counts.items():
                extra = '' if name == 'stock' else f'   install adds {(count - counts["stock"]) / 1e6:6.2f}M'
                block(f'   {name:24s} {count / 1e6:7.2f}M{extra}')
            block(f'   {"pyimport over the control":24s} {(counts["pyimport"] - counts["cpython-source"]) / 1e6:7.2f}M')
    block.finish()
    return 0


if __name__ == '__main__':
    sys.exit(main())
