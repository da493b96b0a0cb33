"""pyimport's zip files are compared with CPython's Lib/zipimport.py, and a copy from it is found."""

import os
import sys

import cpython_overlap

ZIPIMPORT = os.path.join(sys._stdlib_dir, 'zipimport.py')


def test_the_zip_files_and_zipimport_are_in_the_comparison():
    ours = {os.path.basename(p) for p in cpython_overlap.own_files()}
    assert {'zipstart.py', 'ziparchive.py', 'zipimport.py'} <= ours
    assert ZIPIMPORT in cpython_overlap.cpython_files()


def test_the_checker_finds_a_run_copied_from_zipimport(tmp_path):
    with open(ZIPIMPORT, encoding='utf-8') as f:
        lines = f.readlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('def _read_directory('))
    copied = tmp_path / 'copied.py'
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith('def '))
    copied.write_text(''.join(lines[start:end]))
    runs = cpython_overlap.shared_runs(str(copied), [ZIPIMPORT])
    assert runs and max(last - first for _, first, last in runs) >= 6
