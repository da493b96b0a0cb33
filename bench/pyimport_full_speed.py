"""pyimport-full's __import__ against CPython's own Python-level importlib.__import__, side by side.

pyimport-full makes pyimport's __import__ (Python) the interpreter's builtins.__import__.
Its fair peer is CPython's importlib.__import__, also Python, put in the same place: both
are reached from the IMPORT_NAME bytecode through builtins.__import__.  Venvs as in
pyimport_speed.py (whose helpers this reuses): ``stock`` and ``pyimport-full``, the latter
installing at start-up through its .pth line.

1. cached imports -- ``import os`` and ``from json import decoder`` (timeit, best of 5
   repeats, fresh interpreter per variant and round): pyimport-full against the stock venv
   with ``builtins.__import__ = importlib.__import__``; the stock venv with C's __import__
   is shown for reference.
2. start-up -- ``python -c pass`` in the pyimport-full venv against the stock venv; the
   figure is the difference of the medians of CPU time, in milliseconds.  The pyimport
   venv (C's __import__) is measured alongside: what binding __import__ adds by itself.

    python bench/pyimport_full_speed.py [--rounds N] [--loops N]
    tox -e bench -- pyimport_full_speed.py [--rounds N] [--loops N]

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)
import pyimport_speed as speed  # noqa: E402  (its helpers: venvs, children, rotation)

GOAL_CACHED = 1.0
GOAL_STARTUP_MS = 5.0
STATEMENTS = speed.CACHED_STATEMENTS

# Which __import__ the timed statements go through: argv[2] 'importlib' swaps in
# CPython's Python-level one before timing.
CHILD = f'''
import builtins, importlib, sys, timeit
if sys.argv[2] == 'importlib':
    builtins.__import__ = importlib.__import__
from json import decoder
loops = int(sys.argv[1])
for stmt in {STATEMENTS!r}:
    print(min(timeit.Timer(stmt).repeat(5, loops)) / loops, end=' ')
print({speed.WHO}, type(builtins.__import__).__name__)
'''

# measured name -> (venv, argv[2], the install and __import__ kind the child must report)
MEASURED = {
    'pyimport-full': ('pyimport-full', 'own', ('pyimport-full', 'function')),
    'importlib.__import__': ('stock', 'importlib', ('stock', 'function')),
    'C __import__': ('stock', 'own', ('stock', 'builtin_function_or_method')),
}


def cached(venvs: dict[str, str], rounds: int, loops: int) -> dict[str, dict[str, list]]:
    times = {name: {s: [] for s in STATEMENTS} for name in MEASURED}
    for n in range(rounds):
        for name in speed.rotated(MEASURED, n):
            venv, which, expected = MEASURED[name]
            out = speed.run_child([venvs[venv], '-c', CHILD, str(loops), which], n)[0].split()
            if tuple(out[-2:]) != expected:
                sys.exit(f'{name}: the child ran {out[-2:]}, not {expected}')
            for stmt, t in zip(STATEMENTS, out):
                times[name][stmt].append(float(t))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--rounds', type=int, default=10,
                        help='rounds of cached imports (start-up: 5x as many runs); default 10')
    parser.add_argument('--loops', type=int, default=50_000,
                        help='timeit loops per repeat; default 50000')
    figures.add_option(parser)
    args = parser.parse_args()
    block = figures.Block(args)
    med = statistics.median
    block(f'pyimport-full vs stock CPython {sys.version.split()[0]}: {args.rounds} interleaved '
          f'rounds, medians')
    with tempfile.TemporaryDirectory(prefix='pyimport-full-speed-') as tmp:
        venvs = {v: speed.make_venv(Path(tmp) / v, v)
                 for v in ('stock', 'pyimport-full', 'pyimport')}
        times = cached(venvs, args.rounds, args.loops)
        block(f'1. cached imports, best of 5 x {args.loops} loops; ratio = pyimport-full / '
              f'importlib.__import__ (the Python peer):')
        for stmt in STATEMENTS:
            ours, peer, c = (med(times[name][stmt]) for name in MEASURED)
            ratio = ours / peer
            block(f'   {stmt!r:26s} pyimport-full {ours * 1e9:6.0f} ns  importlib.__import__ '
                  f'{peer * 1e9:6.0f} ns  ratio {ratio:.2f}  [goal <= {GOAL_CACHED:.2f}: '
                  f'{speed.verdict(ratio <= GOAL_CACHED)}]  (C __import__ {c * 1e9:.0f} ns)')
        runs = args.rounds * 5
        start = speed.startup(venvs, runs, [])
        stock = {k: med(start['stock'][k]) for k in ('cpu', 'wall')}
        ours = {k: med(start['pyimport-full'][k]) for k in ('cpu', 'wall')}
        extra = {k: (ours[k] - stock[k]) * 1e3 for k in ours}
        plain = (med(start['pyimport']['cpu']) - stock['cpu']) * 1e3
        block(f'2. start-up, python -c pass, {runs} runs each: pyimport-full {ours["cpu"] * 1e3:.1f} ms '
              f'({ours["wall"] * 1e3:.1f}) vs stock {stock["cpu"] * 1e3:.1f} ms '
              f'({stock["wall"] * 1e3:.1f}); install adds {extra["cpu"]:.2f} ms CPU '
              f'({extra["wall"]:.2f} wall)  [goal <= {GOAL_STARTUP_MS:.0f} ms: '
              f'{speed.verdict(extra["cpu"] <= GOAL_STARTUP_MS)}]; pyimport (C __import__) '
              f'adds {plain:.2f} ms CPU in the same run')
    block.finish()
    return 0


if __name__ == '__main__':
    sys.exit(main())
