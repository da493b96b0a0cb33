"""pyimport's zipimport shares no run of 6+ code lines with CPython's Lib/zipimport.py or importlib."""

# Two comparisons, as for the other halves: cpython_overlap's (docstrings set aside) and
# the path half's (comments and imports set aside).  CPython's sources are read from the
# interpreter running the tests.
import os
import sys

import pytest

import cpython_overlap
import test_path_originality

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUR_FILES = ('ziparchive.py', 'zipimport.py')


def _theirs():
    importlib_dir = os.path.join(sys._stdlib_dir, 'importlib')
    return [os.path.join(sys._stdlib_dir, 'zipimport.py'),
            *(os.path.join(importlib_dir, name) for name in cpython_overlap.CPYTHON_FILES)]


@pytest.mark.parametrize('filename', OUR_FILES)
@pytest.mark.parametrize('reference', _theirs(), ids=os.path.basename)
def test_no_run_of_code_lines_shared(filename, reference):
    ours = cpython_overlap.code_lines(os.path.join(ROOT, 'pyimport', filename))
    run, line = cpython_overlap.longest_shared_run(ours, cpython_overlap.code_lines(reference))
    assert run < 6, f'{filename} line {line}: {run} lines as in {reference}'


@pytest.mark.parametrize('filename', OUR_FILES)
@pytest.mark.parametrize('reference', _theirs(), ids=os.path.basename)
def test_no_run_of_normalised_lines_shared(filename, reference):
    def lines(path):
        with open(path, encoding='utf-8') as f:
            return test_path_originality.normalised_lines(f.read())
    run, start = test_path_originality.longest_shared_run(
        lines(os.path.join(ROOT, 'pyimport', filename)), lines(reference))
    assert run <= test_path_originality.MAX_SHARED_RUN, (filename, start)


def test_the_checker_finds_a_run_copied_from_zipimport(tmp_path):
    reference = _theirs()[0]
    with open(reference, encoding='utf-8') as f:
        lines = f.readlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('def _read_directory('))
    copied = tmp_path / 'copied.py'
    copied.write_text(''.join(lines[start:start + 40]))
    run, _ = cpython_overlap.longest_shared_run(cpython_overlap.code_lines(str(copied)),
                                                cpython_overlap.code_lines(reference))
    assert run >= 6
