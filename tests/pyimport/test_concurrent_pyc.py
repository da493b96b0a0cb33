"""Processes importing one fresh module at once never leave a torn or invalid .pyc."""

import importlib.util
import io
import marshal
import os
import subprocess
import sys
import time

import pytest

from _variants import ROOT, clean_environment

PROCESSES, ROUNDS = 6, 3
MODULE = 'fresh_module'

# Each child installs the variant, waits for the start file and a few milliseconds more
# (its own number of them: the later ones read the pyc the earlier ones are writing),
# imports the module and checks what it got.
CHILD = '''
import os, sys, time
sys.path.insert(0, {root!r}); import pyimport; pyimport.install({variant!r}); sys.path.pop(0)
sys.path.insert(0, {folder!r})
while not os.path.exists({start!r}):
    time.sleep(0.001)
time.sleep({delay})
import {module}
assert {module}.ROUND == {round}, {module}.ROUND
print('imported')
'''


def _write_source(folder, round_):
    # Big enough that writing its pyc takes several system calls, and smaller each
    # round, so that a pyc overwritten in place would keep a stale tail.
    lines = 2000 - 400 * round_
    body = ''.join(f'VALUE_{i} = {list(range(i % 50))!r}\n' for i in range(lines))
    path = os.path.join(folder, f'{MODULE}.py')
    with open(path, 'w') as f:
        f.write(f'ROUND = {round_}\n{body}')
    # A new round must look changed even within one mtime tick.
    os.utime(path, ns=(round_ * 10**9, round_ * 10**9))


def _start_children(variant, folder, start, round_):
    env = clean_environment()  # PYTHONDONTWRITEBYTECODE above all
    return [subprocess.Popen([sys.executable, '-c', CHILD.format(
                root=ROOT, variant=variant, folder=folder, start=start, module=MODULE,
                round=round_, delay=0.004 * n)],
            env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for n in range(PROCESSES)]


def _problems_with_pycs(folder):
    """Every file left in __pycache__ that is not a whole, valid pyc of the source."""
    source = os.path.join(folder, f'{MODULE}.py')
    st = os.stat(source)
    cache = os.path.join(folder, '__pycache__')
    problems = []
    for name in sorted(os.listdir(cache)):
        with open(os.path.join(cache, name), 'rb') as f:
            data = f.read()
        if not name.endswith('.pyc'):
            problems.append(f'{name}: left behind')
            continue
        header = (data[:4] == importlib.util.MAGIC_NUMBER,
                  int.from_bytes(data[4:8], 'little') == 0,
                  int.from_bytes(data[8:12], 'little') == int(st.st_mtime) & 0xFFFFFFFF,
                  int.from_bytes(data[12:16], 'little') == st.st_size & 0xFFFFFFFF)
        if not all(header):
            problems.append(f'{name}: header {header}')
            continue
        stream = io.BytesIO(data[16:])
        try:
            code = marshal.load(stream)
        except (EOFError, ValueError, TypeError) as exc:
            problems.append(f'{name}: {exc!r}')
            continue
        if not isinstance(code, type(_problems_with_pycs.__code__)):
            problems.append(f'{name}: holds a {type(code).__name__}')
        elif stream.tell() != len(data) - 16:
            problems.append(f'{name}: {len(data) - 16 - stream.tell()} bytes after the code')
    return problems


@pytest.mark.parametrize('variant', ['pyimport', 'pyimport-full'])
def test_concurrent_importers_leave_only_whole_valid_pycs(variant, tmp_path):
    folder = str(tmp_path)
    written = 0
    for round_ in range(1, ROUNDS + 1):
        _write_source(folder, round_)
        start = os.path.join(folder, f'start-{round_}')
        children = _start_children(variant, folder, start, round_)
        time.sleep(0.3)  # let them all reach the wait
        open(start, 'w').close()
        for child in children:
            out, err = child.communicate(timeout=120)
            assert child.returncode == 0, err
            assert out.strip() == 'imported'
        assert _problems_with_pycs(folder) == []
        written += len(os.listdir(os.path.join(folder, '__pycache__')))
    assert written == ROUNDS  # one pyc, rewritten each round for the changed source
