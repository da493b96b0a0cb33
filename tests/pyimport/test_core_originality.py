"""No file of pyimport shares a run of 6+ code lines with CPython's importlib or zipimport."""

import os

import pytest

import cpython_overlap


@pytest.mark.parametrize('path', cpython_overlap.own_files(), ids=os.path.basename)
def test_no_run_of_six_code_lines_shared_with_cpython(path):
    assert cpython_overlap.shared_runs(path, cpython_overlap.cpython_files()) == []


def test_every_file_of_pyimport_is_compared():
    # A glob, not a list: a file added to pyimport is covered without being named here.
    names = {os.path.basename(p) for p in cpython_overlap.own_files()}
    assert {'core.py', 'statement.py', 'loaders.py', 'path.py', 'install.py'} <= names
    assert names == {n for n in os.listdir(cpython_overlap.PYIMPORT_DIR) if n.endswith('.py')}


def test_cpython_sources_are_read_from_the_interpreter():
    names = [os.path.basename(p) for p in cpython_overlap.cpython_files()]
    assert {'_bootstrap.py', '_bootstrap_external.py', 'machinery.py', 'zipimport.py'} <= set(names)
    assert all(os.path.exists(p) for p in cpython_overlap.cpython_files())
