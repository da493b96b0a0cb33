"""pyimport's zipimport against CPython's: imports from an archive and `python app.pyz`, side by side in one run.

Two venvs of the same base interpreter (pyimport_speed.py's helpers): ``stock`` and
``pyimport``, whose .pth installs pyimport (and so its zipimporter) at start-up.

1. imports from a zip -- a fresh interpreter puts an archive of MODULES small modules on
   sys.path and imports them all, timed inside the child around the import loop (which
   includes reading the archive's directory).  Two archives: bytecode members only (what
   ``zipfile.PyZipFile.writepy`` and most zipapps hold) and source members only (compiled
   at every import).
2. ``python app.pyz`` -- a zipapp (``zipapp.create_archive``) whose __main__ imports 10
   modules from the archive; CPU time of the whole process, pyimport's venv minus the
   stock one.  ``python -c pass`` is shown alongside: the part of the difference that is
   installing pyimport at start-up rather than reading the archive.

Rounds are interleaved, the order rotating each round; figures are medians of this run,
CPU time (user + system) with wall time in brackets.

    python bench/zip_speed.py [--rounds N] [--python X.Y]   # from the repo root
    tox -e bench -- zip_speed.py [--rounds N] [--python X.Y]

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import zipapp
import zipfile
from pathlib import Path

import figures  # bench/figures.py: this bench's block in docs/figures.md
import pyimport_speed as speed

GOAL_IMPORTS = 1.05
GOAL_APP_MS = 5.0
MODULES = 100
VARIANTS = ('stock', 'pyimport')

IMPORT_CHILD = f'''
import sys, time
sys.path.insert(0, sys.argv[1])
wall, cpu = time.perf_counter(), time.process_time()
for n in range({MODULES}):
    __import__(f'zipbench{{n}}')
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
hook = sys.path_importer_cache[sys.argv[1]].find_spec.__code__.co_filename
print(wall, cpu, {speed.WHO}, hook.endswith('pyimport/zipimport.py'))
'''


def module_source(n: int) -> str:
    # A little of everything a module has: imports, a class, functions, constants.
    return (f'"""Benchmark module {n}."""\nimport sys\n\nVALUE = {n}\nNAMES = {list(range(20))}\n\n'
            f'class Thing{n}:\n    def __init__(self):\n        self.n = {n}\n\n'
            f'    def double(self):\n        return self.n * 2\n\n\n'
            f'def helper(x):\n    return [x + i for i in range({n % 7 + 1})]\n')


def make_archives(folder: Path) -> dict[str, Path]:
    sources = folder / 'src'
    sources.mkdir()
    for n in range(MODULES):
        (sources / f'zipbench{n}.py').write_text(module_source(n))
    archives = {'bytecode': folder / 'bytecode.zip', 'source': folder / 'source.zip'}
    with zipfile.PyZipFile(archives['bytecode'], 'w') as archive:
        archive.writepy(str(sources))
    with zipfile.ZipFile(archives['source'], 'w') as archive:
        for path in sorted(sources.glob('*.py')):
            archive.write(path, path.name)
    app = folder / 'app'
    app.mkdir()
    for n in range(10):
        (app / f'zipbench{n}.py').write_text(module_source(n))
    (app / '__main__.py').write_text(
        'import ' + ', '.join(f'zipbench{n}' for n in range(10)) + '\n')
    archives['app'] = folder / 'app.pyz'
    zipapp.create_archive(app, archives['app'])
    return archives


def imports(venvs: dict[str, str], archive: Path, rounds: int) -> dict[str, dict[str, list]]:
    for python in venvs.values():
        speed.run_child([python, '-c', IMPORT_CHILD, str(archive)])
    times = {v: {'wall': [], 'cpu': []} for v in venvs}
    for n in range(rounds):
        for variant in speed.rotated(venvs, n):
            out = speed.run_child([venvs[variant], '-c', IMPORT_CHILD, str(archive)], n)[0]
            wall, cpu, seen, ours = out.split()
            if seen != variant or (ours == 'True') != (variant == 'pyimport'):
                sys.exit(f'{variant} child ran {seen} (pyimport zipimporter: {ours})')
            times[variant]['wall'].append(float(wall))
            times[variant]['cpu'].append(float(cpu))
    return times


def processes(venvs: dict[str, str], args: list[str], runs: int) -> dict[str, dict[str, float]]:
    for python in venvs.values():
        speed.run_child([python, *args])
    times = {v: {'wall': [], 'cpu': []} for v in venvs}
    for n in range(runs):
        for variant in speed.rotated(venvs, n):
            _, wall, cpu = speed.run_child([venvs[variant], *args], n)
            times[variant]['wall'].append(wall)
            times[variant]['cpu'].append(cpu)
    return {v: {k: statistics.median(t[k]) for k in t} for v, t in times.items()}


def report_imports(label: str, times: dict[str, dict[str, list]], block: figures.Block) -> None:
    med = {v: {k: statistics.median(t[k]) for k in t} for v, t in times.items()}
    ours, stock = med['pyimport'], med['stock']
    ratio = {k: ours[k] / stock[k] for k in ours}
    ok = speed.verdict(ratio['cpu'] <= GOAL_IMPORTS)
    block(f'   {label:9s} pyimport {ours["cpu"] * 1e3:6.1f} ms ({ours["wall"] * 1e3:6.1f}) vs stock '
          f'{stock["cpu"] * 1e3:6.1f} ms ({stock["wall"] * 1e3:6.1f})  ratio {ratio["cpu"]:.2f} '
          f'({ratio["wall"]:.2f})  [goal <= {GOAL_IMPORTS:.2f}: {ok}]')


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--rounds', type=int, default=20,
                        help='rounds of figure 1 (figure 2: 5x as many runs); default 20')
    speed.add_python_option(parser)
    figures.add_option(parser)
    args = parser.parse_args()
    speed.run_on(args.python)
    block = speed.block_for(args)
    rounds = args.rounds
    block(f'pyimport zipimport vs stock CPython {sys.version.split()[0]} ({speed.base_python()}); '
          f'{rounds} interleaved rounds, medians, CPU (wall) time')
    with tempfile.TemporaryDirectory(prefix='zip-speed-') as tmp:
        venvs = {v: speed.make_venv(Path(tmp) / v, v) for v in VARIANTS}
        archives = make_archives(Path(tmp))
        block(f'1. a fresh interpreter imports {MODULES} modules from a zip archive on sys.path:')
        for label in ('bytecode', 'source'):
            report_imports(label, imports(venvs, archives[label], rounds), block)
        runs = rounds * 5
        block(f'2. start-up, {runs} runs each; the pyimport venv minus the stock one:')
        for args in ([str(archives['app'])], ['-c', 'pass']):
            med = processes(venvs, args, runs)
            extra = {k: (med['pyimport'][k] - med['stock'][k]) * 1e3 for k in ('cpu', 'wall')}
            label = 'python app.pyz' if args[0] != '-c' else 'python -c pass'
            goal = (f'goal <= {GOAL_APP_MS:.0f} ms: {speed.verdict(extra["cpu"] <= GOAL_APP_MS)}'
                    if args[0] != '-c' else 'installing pyimport alone, for reference')
            block(f'   {label:15s} pyimport {med["pyimport"]["cpu"] * 1e3:5.1f} ms vs stock '
                  f'{med["stock"]["cpu"] * 1e3:5.1f} ms: adds {extra["cpu"]:.2f} ms '
                  f'({extra["wall"]:.2f})  [{goal}]')
    block.finish()
    return 0


if __name__ == '__main__':
    sys.exit(main())
