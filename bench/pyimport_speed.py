"""pyimport's speed against stock CPython's import system, measured side by side in one run.

Every figure compares interpreters that differ only in their import system: three temporary
venvs of the same base interpreter, ``stock`` (nothing installed), ``pyimport`` and the
control ``cpython-source`` (CPython's own importlib sources installed by pyimport's
mechanism); the last two carry the line of ``pyimport.pth_line()`` in a .pth file, so the
import system is installed at start-up, exactly as in the child interpreters the tests spawn.

1. cold imports -- a fresh interpreter imports MODULES (about 120 stdlib modules: pure
   Python, extension and built-in ones, none loaded at start-up), timed inside the child
   around the import loop.  ``__pycache__`` is warm: each venv imports the list once first.
2. cached imports -- ``import os`` (C's fast path for a module already in sys.modules) and
   ``from json import decoder`` (json is a package, so every run calls the import system's
   ``_handle_fromlist``), timed with timeit (best of 5 repeats of many loops) in a fresh
   interpreter of each venv, round by round.
3. start-up -- ``python -c pass`` with pyimport's .pth against the same venv without it;
   the figure is the difference of the medians, in milliseconds.  ``python -I -c pass``
   (isolated mode, as many tests' children run) is shown too.  With ``--ref REF``, a venv
   installing pyimport as it is at git revision REF joins the same rounds: a before/after.

Rounds are interleaved (stock, pyimport, control, ... with the order rotating each round);
every ratio is of medians measured in this one run.  The machine may be shared, and wall
time then wanders by more than the effects measured, so the verdicts of figures 1 and 3 use
CPU time (user + system of the child; figure 1: of the import loop), with wall time shown
alongside.  Figure 2 is a best-of-repeats timing, robust to interference by itself.

    python bench/pyimport_speed.py [--rounds N] [--ref REF] [--python X.Y]   # from the repo root
    tox -e bench -- pyimport_speed.py [--rounds N] [--ref REF] [--python X.Y]   # (see README)

Its result lines are also its block in docs/figures.md, replaced at each run (``--no-write``: print only).

It measures on the interpreter running it (CPython 3.14 under tox), or with ``--python X.Y``
on CPython X.Y (3.13, 3.14, 3.15), found or provisioned as the runner finds it.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pyimport  # noqa: E402  (for pth_line() only: nothing is installed in this process)

import figures  # noqa: E402  (bench/figures.py: this bench's block in docs/figures.md)
import revisions  # noqa: E402  (bench/revisions.py: pyimport at --ref)

GOAL_COLD = 1.05
GOAL_CACHED = 1.05
GOAL_STARTUP_MS = 5.0
VARIANTS = ('stock', 'pyimport', 'cpython-source')

# Stdlib modules that exist on Linux, import without side effects (no windows, no terminal
# changes) and are not loaded at start-up.  Dotted names pull in their packages too.
MODULES = (
    # pure Python (some load extension modules of their own: _ssl, _sqlite3, _decimal...)
    'argparse', 'ast', 'asyncio', 'base64', 'bisect', 'bz2', 'calendar', 'cmd', 'code',
    'codeop', 'collections', 'colorsys', 'compileall', 'concurrent.futures', 'configparser',
    'contextlib', 'contextvars', 'copy', 'csv', 'dataclasses', 'datetime', 'decimal',
    'difflib', 'dis', 'email.message', 'email.parser', 'email.utils', 'enum', 'filecmp',
    'fileinput', 'fnmatch', 'fractions', 'ftplib', 'functools', 'getopt', 'gettext', 'glob',
    'graphlib', 'gzip', 'hashlib', 'heapq', 'hmac', 'html.parser', 'http.client',
    'http.cookies', 'importlib.util', 'inspect', 'ipaddress', 'json', 'keyword', 'locale',
    'logging.handlers', 'lzma', 'mailbox', 'mimetypes', 'numbers', 'operator', 'optparse',
    'pathlib', 'pickle', 'pkgutil', 'platform', 'plistlib', 'pprint', 'queue', 'quopri',
    'random', 're', 'reprlib', 'sched', 'secrets', 'selectors', 'shelve', 'shlex', 'shutil',
    'signal', 'smtplib', 'socket', 'socketserver', 'sqlite3', 'ssl', 'statistics', 'string',
    'stringprep', 'struct', 'subprocess', 'tarfile', 'tempfile', 'textwrap', 'threading',
    'timeit', 'tokenize', 'tomllib', 'trace', 'traceback', 'typing', 'unittest',
    'urllib.parse', 'urllib.request', 'uuid', 'warnings', 'weakref', 'xml.dom.minidom',
    'xml.etree.ElementTree', 'zipfile', 'zoneinfo',
    # extension modules (lib-dynload in Debian's build) and built-in ones
    'ctypes', 'mmap', 'resource', 'termios', '_multiprocessing', '_posixshmem', '_queue',
    'array', 'binascii', 'cmath', 'math', 'select', 'unicodedata', 'zlib', 'fcntl', 'grp',
    'pwd', 'syslog',
)

# Which import system a child runs: pyimport's install state, kept in _frozen_importlib.
WHO = "getattr(vars(sys.modules['_frozen_importlib']).get('__importparity__'), 'variant', 'stock')"

COLD_CHILD = f'''
import sys, time
names = sys.argv[1].split(',')
loaded = sum(name in sys.modules for name in names)
wall, cpu = time.perf_counter(), time.process_time()
for name in names:
    __import__(name)
cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
print(wall, cpu, loaded, {WHO})
'''

CACHED_STATEMENTS = ('import os', 'from json import decoder')
CACHED_CHILD = f'''
import sys, timeit
from json import decoder
loops = int(sys.argv[1])
for stmt in {CACHED_STATEMENTS!r}:
    print(min(timeit.Timer(stmt).repeat(5, loops)) / loops, end=' ')
print({WHO})
'''


def base_python() -> str:
    return getattr(sys, '_base_executable', sys.executable)


def make_venv(where: Path, variant: str, line: str | None = None) -> str:
    """A venv of the base interpreter; unless stock, its site-packages .pth installs *variant*
    (with *line*, if given, instead of this checkout's pyimport.pth_line())."""
    subprocess.run([base_python(), '-m', 'venv', '--without-pip', str(where)], check=True)
    python = str(where / 'bin' / 'python')
    # Asked with site running: under -S, some interpreters (Debian's 3.13) do not know they
    # are in a venv and answer with the base interpreter's folder.
    site = Path(subprocess.check_output(
        [python, '-c', "import sysconfig; print(sysconfig.get_path('purelib'))"],
        text=True).strip())
    if not site.is_relative_to(where):
        sys.exit(f'venv {where.name}: its site-packages {site} is outside it; '
                 f'nothing is written there')
    site.mkdir(parents=True, exist_ok=True)
    if variant != 'stock':
        (site / 'importparity_bench.pth').write_text(line or pyimport.pth_line(variant))
    for flags in ([], ['-I']):
        seen = subprocess.check_output([python, *flags, '-c', f'import sys; print({WHO})'],
                                       text=True).strip()
        if seen != variant:
            sys.exit(f'venv {where.name} {flags}: expected {variant} to be installed, found {seen}')
    return python


def ref_venv(where: Path, ref: str, variant: str = 'pyimport') -> str:
    """A venv whose .pth installs *variant* from pyimport as it is at git revision *ref*."""
    copy = revisions.tree_at(ref, where.with_name(where.name + '-src'), 'pyimport')
    line = subprocess.check_output(
        [base_python(), '-c', f'import sys; sys.path.insert(0, {str(copy)!r}); import pyimport; '
                              f'print(pyimport.pth_line({variant!r}), end="")'], text=True)
    return make_venv(where, variant, line)


def rotated(items, n: int) -> list:
    items = list(items)
    k = n % len(items)
    return items[k:] + items[:k]


def run_child(cmd: list[str], seed: int = 0) -> tuple[str, float, float]:
    """(stdout, wall seconds, CPU seconds) of one child process, with string hash seed *seed*.

    The seed lays out sys.modules, and a cached import's cost is mostly one lookup there:
    with one seed for every child (tox fixes PYTHONHASHSEED for a whole run) a ratio can read
    0.7 or 1.4 by luck of the layout.  So the variants of a round share a seed, and every
    round has another.
    """
    env = {**os.environ, 'PYTHONHASHSEED': str(seed)}
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    proc = subprocess.run(cmd, check=True, stdout=subprocess.PIPE, text=True, env=env)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return proc.stdout, wall, cpu


def cold_imports(venvs: dict[str, str], rounds: int) -> dict[str, dict[str, list[float]]]:
    arg = ','.join(MODULES)
    for python in venvs.values():  # warm __pycache__ (and the install cache of each variant)
        run_child([python, '-c', COLD_CHILD, arg])
    times = {v: {'wall': [], 'cpu': []} for v in venvs}
    for n in range(rounds):
        for variant in rotated(venvs, n):
            out = run_child([venvs[variant], '-c', COLD_CHILD, arg], n)[0]
            wall, cpu, loaded, seen = out.split()
            if seen != variant:
                sys.exit(f'cold child of {variant} ran {seen}')
            if int(loaded):
                sys.exit(f'{loaded} of the listed modules were loaded at start-up: not cold')
            times[variant]['wall'].append(float(wall))
            times[variant]['cpu'].append(float(cpu))
    return times


def cached_imports(venvs: dict[str, str], rounds: int, loops: int) -> dict[str, dict[str, list]]:
    times = {v: {s: [] for s in CACHED_STATEMENTS} for v in venvs}
    for n in range(rounds):
        for variant in rotated(venvs, n):
            *per_loop, seen = run_child([venvs[variant], '-c', CACHED_CHILD, str(loops)], n)[0].split()
            if seen != variant:
                sys.exit(f'cached child of {variant} ran {seen}')
            for stmt, t in zip(CACHED_STATEMENTS, per_loop):
                times[variant][stmt].append(float(t))
    return times


def startup(venvs: dict[str, str], runs: int, flags: list[str]) -> dict[str, dict[str, list]]:
    for python in venvs.values():
        run_child([python, *flags, '-c', 'pass'])
    times = {v: {'wall': [], 'cpu': []} for v in venvs}
    for n in range(runs):
        for variant in rotated(venvs, n):
            _, wall, cpu = run_child([venvs[variant], *flags, '-c', 'pass'], n)
            times[variant]['wall'].append(wall)
            times[variant]['cpu'].append(cpu)
    return times


def add_python_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument('--python', metavar='X.Y',
                        help='measure on CPython X.Y (3.13, 3.14, 3.15), found or provisioned as '
                             'the runner finds it: the script runs again on it')


def block_for(args: argparse.Namespace) -> figures.Block:
    """The bench's block, after ``run_on``: one block for each version measured on."""
    from runner import panel
    return figures.Block(args, figures.on_python(args.python, panel.DEFAULT_VERSION))


def run_on(version: str | None) -> None:
    """With --python X.Y on another interpreter: run this script again on CPython X.Y
    (every venv is then made from it).  Returns if X.Y is the one running."""
    if version is None or version == '%d.%d' % sys.version_info[:2]:
        return
    from runner import provision
    try:
        python = str(provision.find_python(version))
    except provision.ProvisionError as exc:
        sys.exit(f'{Path(sys.argv[0]).name}: {exc}')
    os.execv(python, [python, sys.argv[0], *sys.argv[1:]])


def verdict(ok: bool) -> str:
    return 'ok' if ok else 'MISSED'


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--rounds', type=int, default=20,
                        help='rounds of figures 1 and 2 (start-up: 5x as many runs); default 20')
    parser.add_argument('--loops', type=int, default=200_000,
                        help='timeit loops per repeat for cached imports; default 200000')
    parser.add_argument('--ref', help='figure 3 also for pyimport as it is at this git revision '
                                      '(a before/after measured in the same run)')
    add_python_option(parser)
    figures.add_option(parser)
    args = parser.parse_args()
    run_on(args.python)
    block = block_for(args)
    rounds = args.rounds
    med = statistics.median
    block(f'pyimport vs stock CPython {sys.version.split()[0]} ({base_python()}): venvs differing '
          f'only by a .pth installing the import system at start-up; {rounds} interleaved rounds, '
          f'medians, ratio = variant / stock')
    with tempfile.TemporaryDirectory(prefix='pyimport-speed-') as tmp:
        venvs = {v: make_venv(Path(tmp) / v, v) for v in VARIANTS}

        cold = cold_imports(venvs, rounds)
        block(f'1. cold imports: a fresh interpreter imports {len(MODULES)} stdlib modules with warm '
              f'__pycache__ (each venv imported them once before timing); CPU (wall) time of the '
              f'import loop:')
        stock = {k: med(cold['stock'][k]) for k in ('cpu', 'wall')}
        for variant in VARIANTS[1:]:
            ours = {k: med(cold[variant][k]) for k in ('cpu', 'wall')}
            ratio = {k: ours[k] / stock[k] for k in ours}
            goal = (f'goal <= {GOAL_COLD:.2f}: {verdict(ratio["cpu"] <= GOAL_COLD)}'
                    if variant == 'pyimport' else 'the control, for reference')
            block(f'   {variant:14s} {ours["cpu"] * 1e3:6.1f} ms ({ours["wall"] * 1e3:6.1f}) vs stock '
                  f'{stock["cpu"] * 1e3:6.1f} ms ({stock["wall"] * 1e3:6.1f})  '
                  f'ratio {ratio["cpu"]:.2f} ({ratio["wall"]:.2f})  [{goal}]')

        cached = cached_imports(venvs, rounds, args.loops)
        block(f'2. cached imports: timeit in a fresh interpreter per variant and round, best of 5 x '
              f'{args.loops} loops:')
        for stmt in CACHED_STATEMENTS:
            stock = med(cached['stock'][stmt])
            for variant in VARIANTS[1:]:
                ours = med(cached[variant][stmt])
                ratio = ours / stock
                goal = (f'goal <= {GOAL_CACHED:.2f}: {verdict(ratio <= GOAL_CACHED)}'
                        if variant == 'pyimport' else 'the control, for reference')
                block(f'   {stmt!r:26s} {variant:14s} {ours * 1e9:6.1f} ns vs stock '
                      f'{stock * 1e9:6.1f} ns  ratio {ratio:.2f}  [{goal}]')

        pair = {v: venvs[v] for v in ('stock', 'pyimport')}
        if args.ref:
            pair[f'pyimport@{args.ref}'] = ref_venv(Path(tmp) / 'ref', args.ref)
        runs = rounds * 5
        block(f'3. start-up: the pyimport venv (its .pth installs pyimport) vs the stock venv, '
              f'{runs} runs each; CPU (wall) time of the whole process:')
        for flags in ([], ['-I']):
            times = startup(pair, runs, flags)
            stock = {k: med(times['stock'][k]) for k in ('cpu', 'wall')}
            label = ' '.join(['python', *flags, '-c pass'])
            for name in list(pair)[1:]:
                ours = {k: med(times[name][k]) for k in ('cpu', 'wall')}
                extra = {k: (ours[k] - stock[k]) * 1e3 for k in ours}
                goal = (f'goal <= {GOAL_STARTUP_MS:.0f} ms: {verdict(extra["cpu"] <= GOAL_STARTUP_MS)}'
                        if not flags and name == 'pyimport' else
                        'for reference' if name == 'pyimport' else 'before, for reference')
                block(f'   {label:18s} {name:20s} {ours["cpu"] * 1e3:5.1f} ms ({ours["wall"] * 1e3:5.1f}) '
                      f'vs stock {stock["cpu"] * 1e3:5.1f} ms ({stock["wall"] * 1e3:5.1f})  '
                      f'install adds {extra["cpu"]:.2f} ms ({extra["wall"]:.2f})  [{goal}]')
    block.finish()
    return 0


if __name__ == '__main__':
    sys.exit(main())
