"""Guards the path half's originality: no run of 6+ normalised lines shared with CPython's importlib."""

import os
import pathlib
import sysconfig

import pytest

PYIMPORT = pathlib.Path(__file__).resolve().parents[2] / 'pyimport'
OUR_FILES = ('path.py', 'siphash.py', 'pyc.py', 'loaders.py', 'specs.py',
             'namespace.py', 'finders.py')
MAX_SHARED_RUN = 5


def _cpython_importlib_dir():
    candidates = [
        pathlib.Path.home() / '.cache/importparity/cpython-3.14/usr/lib/python3.14/importlib',
        pathlib.Path(sysconfig.get_paths()['stdlib']) / 'importlib',
    ]
    for candidate in candidates:
        if (candidate / '_bootstrap_external.py').exists():
            return candidate
    return None


def normalised_lines(text):
    """Code lines stripped of indentation; blank, comment-only and import
    lines dropped (they are shared by necessity, not by copying)."""
    lines = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith('#'):
            continue
        if line.startswith(('import ', 'from ')):
            continue
        lines.append(' '.join(line.split()))
    return lines


def longest_shared_run(ours, theirs):
    """Length and start (in ours) of the longest common run of lines."""
    positions = {}
    for index, line in enumerate(theirs):
        positions.setdefault(line, []).append(index)
    best, where = 0, None
    previous = {}
    for i, line in enumerate(ours):
        current = {}
        for j in positions.get(line, ()):
            current[j] = previous.get(j - 1, 0) + 1
            if current[j] > best:
                best, where = current[j], i - current[j] + 1
        previous = current
    return best, where


def test_run_finder_detects_copies():
    theirs = [f'line {n}' for n in range(20)]
    ours = ['x'] + theirs[3:10] + ['y']
    assert longest_shared_run(ours, theirs) == (7, 1)
    assert normalised_lines('import a\n\n  # c\n  x  =  1\n') == ['x = 1']


@pytest.mark.parametrize('filename', OUR_FILES)
def test_no_long_run_shared_with_cpython(filename):
    source_dir = _cpython_importlib_dir()
    if source_dir is None:
        pytest.skip('CPython importlib sources not available')
    ours = normalised_lines((PYIMPORT / filename).read_text(encoding='utf-8'))
    references = [source_dir / n for n in sorted(os.listdir(source_dir))
                  if n.startswith('_bootstrap')]
    references.append(source_dir.parent / 'zipimport.py')
    for reference in references:
        theirs_name = reference.name
        theirs = normalised_lines(reference.read_text(encoding='utf-8'))
        run, start = longest_shared_run(ours, theirs)
        shared = ours[start:start + run] if start is not None else []
        assert run <= MAX_SHARED_RUN, (theirs_name, shared)
