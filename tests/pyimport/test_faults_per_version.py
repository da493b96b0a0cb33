"""A fault put into pyimport on purpose changes panel outcomes on every CPython release.

Each fault is one edit of one pyimport file: the relative-name resolution climbs one
package too many, the deadlock detection takes every wait for a deadlock, the pyc
validation accepts a stale timestamp.  pyimport is installed with the edited file (compiled from the edited
text; nothing is written) into CPython 3.13, 3.14 and 3.15 in turn, and the version's own
vendored panel tests that exercise that code are run: each fault must turn tests that
pass with pyimport as it is into failures, on each version.  versions.py chooses code per
release, so a fault that is caught on one release says nothing about the others.
"""

import json
import os
import subprocess
import sys

import pytest

from runner import provision

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
VERSIONS = ('3.13', '3.14', '3.15')

# name: (pyimport file, text replaced, replacement, the panel module that must notice)
FAULTS = {
    'relative_names': (
        'importc.py', 'for _ in range(level - 1):', 'for _ in range(level):',
        'test.test_importlib.test_api'),
    # Every wait counts as a deadlock (a fault that loses real ones would hang the tests).
    'deadlock_detection': (
        'locks.py', '    if target_id in candidate_ids:\n        return True',
        '    if candidate_ids:\n        return True',
        'test.test_importlib.test_locks'),
    'pyc_validation': (
        'pyc.py', "    if _unpack_uint32(data[8:12]) != source_mtime & 0xFFFFFFFF:",
        "    if False:",
        'test.test_importlib.source.test_file_loader'),
}

# Runs in the version's interpreter: installs pyimport, one file replaced by an edited
# copy if asked, then runs one vendored test module and prints {test id: outcome}.
WORKER = r'''
import json, os, sys, unittest
root, panel, module, fault = sys.argv[1:5]
sys.path.insert(0, root)
import importlib
install = importlib.import_module('pyimport.install')
core, external = install.variant_sources('pyimport')
if fault != '-':
    name, old, new = json.loads(fault)
    def edited(path, filename):
        if os.path.basename(path) != name:
            return path
        with open(path, encoding='utf-8') as f:
            text = f.read()
        assert text.count(old) == 1, (name, old)
        return compile(text.replace(old, new), filename, 'exec', dont_inherit=True)
    core = [edited(p, install.CORE_FILENAME) for p in core]
    external = [edited(p, install.EXTERNAL_FILENAME) for p in external]
install.install_sources(core, external, variant='pyimport' if fault == '-' else 'fault')
sys.path.remove(root)
sys.path.insert(0, panel)

class Record(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.outcomes = {}
    def addSuccess(self, test):
        self.outcomes[test.id()] = 'passed'
    def addFailure(self, test, err):
        self.outcomes[test.id()] = 'failed'
    def addError(self, test, err):
        self.outcomes[test.id()] = 'error'
    def addSkip(self, test, reason):
        self.outcomes[test.id()] = 'skipped'
    def addExpectedFailure(self, test, err):
        self.outcomes[test.id()] = 'expected failure'
    def addUnexpectedSuccess(self, test):
        self.outcomes[test.id()] = 'unexpected success'
    def addSubTest(self, test, subtest, err):
        if err is not None:
            self.outcomes[test.id()] = 'failed'

result = Record()
unittest.defaultTestLoader.loadTestsFromName(module).run(result)
print(json.dumps(result.outcomes))
'''


def _python(version):
    try:
        return str(provision.find_python(version))
    except provision.ProvisionError as exc:
        pytest.fail(f'CPython {version} is needed to check pyimport on it: {exc}')


def outcomes(version, module, fault=None):
    """{test id: outcome} of *module* from *version*'s panel under pyimport (+ *fault*)."""
    panel = os.path.join(ROOT, 'vendored_tests', version)
    edit = '-' if fault is None else json.dumps(FAULTS[fault][:3])
    env = {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}
    done = subprocess.run([_python(version), '-c', WORKER, ROOT, panel, module, edit],
                          capture_output=True, text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_every_fault_edits_pyimport_as_it_is():
    # A fault whose text is no longer in pyimport would run pyimport unchanged.
    for name, old, _, _ in FAULTS.values():
        with open(os.path.join(ROOT, 'pyimport', name), encoding='utf-8') as f:
            assert f.read().count(old) == 1, (name, old)


@pytest.mark.parametrize('version', VERSIONS)
@pytest.mark.parametrize('fault', sorted(FAULTS))
def test_the_fault_turns_passing_tests_into_failures(version, fault):
    module = FAULTS[fault][3]
    clean = outcomes(version, module)
    broken = outcomes(version, module, fault)
    assert clean and set(clean) == set(broken)
    caught = sorted(t for t in clean if clean[t] == 'passed' and broken[t] in ('failed', 'error'))
    print(f'{version} {fault}: {len(caught)} of {len(clean)} tests of {module} catch it')
    assert caught, f'no test of {module} noticed the {fault} fault on {version}'
