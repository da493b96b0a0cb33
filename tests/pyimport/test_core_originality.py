"""pyimport's core half and installer share no run of 6+ code lines with CPython's importlib."""

import os
import sys

import cpython_overlap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_no_long_run_shared_with_cpython():
    results = cpython_overlap.report(os.path.join(ROOT, 'pyimport'),
                                     os.path.join(sys._stdlib_dir, 'importlib'))
    assert set(cpython_overlap.OWN_FILES) <= set(results)
    assert {name: run for name, (run, _) in results.items() if run >= 6} == {}


def test_the_checker_finds_a_copied_run(tmp_path):
    source = os.path.join(sys._stdlib_dir, 'importlib', '_bootstrap.py')
    with open(source) as f:
        lines = f.readlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('def _find_and_load('))
    copied = tmp_path / 'copied.py'
    copied.write_text(''.join(lines[start:start + 20]))
    theirs = cpython_overlap.code_lines(source)
    assert cpython_overlap.longest_shared_run(cpython_overlap.code_lines(copied), theirs)[0] >= 6
