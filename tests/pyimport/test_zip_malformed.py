"""Damaged ZIP archives import the same way under pyimport's zipimport as under CPython's (the oracle)."""

# Thousands of archives, intact or damaged (see _zip_cases.py: truncated anywhere, bytes
# flipped in local headers, the central directory and the end records, zip64 ones too,
# junk prepended, bad deflate streams, damaged pycs), are written once; two child
# interpreters of the tested Python, one with CPython's zipimport and one with pyimport
# installed, each import a module from every archive of a batch (_zip_worker.py).
# Case by case they must define the same value or raise the same exception (type and
# message), and build a zipimporter and read a data member with the same result.
import json
import os
import subprocess
import sys

import pytest

from tests.pyimport import _zip_cases

WORKER = os.path.join(os.path.dirname(os.path.abspath(__file__)), '_zip_worker.py')
BATCHES = 6
PER_BATCH = 500
CHILD_TIMEOUT = 120


def _write_batch(folder, batch):
    cases = []
    for seed in range(batch * PER_BATCH, (batch + 1) * PER_BATCH):
        label, data, module, member = _zip_cases.archive_case(seed)
        archive = os.path.join(folder, f'case{seed}.zip')
        with open(archive, 'wb') as f:
            f.write(data)
        cases.append({'label': label, 'archive': archive, 'module': module, 'data': member})
    path = os.path.join(folder, 'cases.json')
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(cases, f)
    return cases, path


def _run_worker(cases_file, folder, *flags):
    env = {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}
    proc = subprocess.run([sys.executable, WORKER, *flags, cases_file], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=CHILD_TIMEOUT)
    assert proc.returncode == 0, f'worker {flags} died ({proc.returncode}): {proc.stderr[-2000:]}'
    return json.loads(proc.stdout)


@pytest.mark.parametrize('batch', range(BATCHES))
def test_damaged_archives_import_as_under_cpython(batch, tmp_path):
    cases, cases_file = _write_batch(str(tmp_path), batch)
    stock = _run_worker(cases_file, str(tmp_path))
    ours = _run_worker(cases_file, str(tmp_path), '--pyimport')
    assert ours['hook_file'].endswith(os.path.join('pyimport', 'zipimport.py'))
    assert not stock['hook_file'].endswith(os.path.join('pyimport', 'zipimport.py'))
    differences = []
    for case, theirs, mine in zip(cases, stock['replies'], ours['replies'], strict=True):
        for step in ('import', 'member'):
            if theirs[step] != mine[step]:
                differences.append((case['label'], step, theirs[step], mine[step]))
    assert not differences, f'{len(differences)} of {len(cases)} differ; first: {differences[:5]}'


def test_cases_cover_every_kind_of_damage():
    labels = [_zip_cases.archive_case(seed)[0] for seed in range(BATCHES * PER_BATCH)]
    for kind in ('truncate', 'flip structure', 'flip byte', 'field', 'prepend',
                 'zip64', 'deflated', 'stored'):
        assert sum(kind in label for label in labels) >= 50, kind
