"""No file of pyimport shares a run of 6+ code lines with CPython's importlib or zipimport,
of any release pyimport runs on (3.13, 3.14, 3.15)."""

import os

import pytest

import cpython_overlap


@pytest.mark.parametrize('path', cpython_overlap.own_files(), ids=os.path.basename)
def test_no_run_of_six_code_lines_shared_with_cpython(path):
    assert cpython_overlap.shared_runs(path, cpython_overlap.every_version_files()) == []


def test_every_file_of_pyimport_is_compared():
    # A glob, not a list: a file added to pyimport is covered without being named here.
    names = {os.path.basename(p) for p in cpython_overlap.own_files()}
    assert {'core.py', 'statement.py', 'loaders.py', 'path.py', 'install.py'} <= names
    assert names == {n for n in os.listdir(cpython_overlap.PYIMPORT_DIR) if n.endswith('.py')}


def test_cpython_sources_are_read_from_the_interpreter():
    names = [os.path.basename(p) for p in cpython_overlap.cpython_files()]
    assert {'_bootstrap.py', '_bootstrap_external.py', 'machinery.py', 'zipimport.py'} <= set(names)
    assert all(os.path.exists(p) for p in cpython_overlap.cpython_files())


@pytest.mark.parametrize('version', cpython_overlap.VERSIONS)
def test_every_release_sources_are_compared(version):
    stdlib = cpython_overlap.stdlib_of(version)
    assert stdlib.rstrip(os.sep).endswith(f'python{version}')
    files = cpython_overlap.every_version_files()
    for name in ('_bootstrap.py', '_bootstrap_external.py'):
        assert os.path.join(stdlib, 'importlib', name) in files
    assert os.path.join(stdlib, 'zipimport.py') in files
    assert all(os.path.exists(p) for p in files)


def test_a_copy_from_another_release_is_found(tmp_path):
    # _resolve_parents() exists in 3.15's _bootstrap.py only.
    stdlib = cpython_overlap.stdlib_of('3.15')
    with open(os.path.join(stdlib, 'importlib', '_bootstrap.py'), encoding='utf-8') as f:
        lines = f.readlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('def _resolve_parents('))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith('def '))
    copied = tmp_path / 'copied.py'
    copied.write_text(''.join(lines[start:end]))
    runs = cpython_overlap.shared_runs(str(copied), cpython_overlap.every_version_files())
    assert {theirs for theirs, _, _ in runs} == {'python3.15/importlib/_bootstrap.py'}
