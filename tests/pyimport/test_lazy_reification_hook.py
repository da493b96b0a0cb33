"""On CPython 3.15 a replaced builtins.__import__ reifies a lazy import as an eager import.

PEP 810's reification calls ``__import__``.  C's own ``__import__``, recognised by
identity, reifies ``lazy import a.b.c`` by importing ``a`` alone and leaving the
submodules lazy; any other callable is called with the statement's arguments, exactly as
an eager ``import a.b.c`` calls it, and the __import__ protocol then asks for ``a.b.c``.
So no replacement of __import__ -- a Python function, or C's own behind functools.partial
-- can tell a reification from an eager import, and stock CPython 3.15 under any of them
fails the same two tests of test_lazy_import that pyimport-full fails.  These tests show
it on stock CPython, with the panel's own test code, and hold pyimport-full's 3.15
expectations to exactly those tests.
"""

import json
import os
import subprocess

import pytest

from runner import provision

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PANEL = os.path.join(ROOT, 'vendored_tests', '3.15')
EXPECTATIONS = os.path.join(ROOT, 'expectations', 'targets', 'pyimport-full.3.15.json')

# What each child script of the tests runs first: nothing, or a replacement __import__
# that hands every call on to C's own unchanged.
HOOKS = {
    'none': '',
    'python wrapper': ('import builtins\n'
                       'orig = builtins.__import__\n'
                       'def imp(*a, **k): return orig(*a, **k)\n'
                       'builtins.__import__ = imp\n'),
    'functools.partial': ('import builtins, functools\n'
                          'builtins.__import__ = functools.partial(builtins.__import__)\n'),
}

# Runs on stock CPython 3.15: the panel's IndependentSubmoduleTests, each child script
# prefixed with the hook, and prints the ids of the tests that fail.
WORKER = r'''
import json, sys, textwrap, unittest
panel, hook = sys.argv[1:3]
sys.path.insert(0, panel)
from test import test_lazy_import
from test.support.script_helper import assert_python_ok
case = test_lazy_import.IndependentSubmoduleTests
case.check = lambda self, code: assert_python_ok('-c', hook + textwrap.dedent(code))
result = unittest.TestResult()
unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
failing = {getattr(test, 'test_case', test).id() for test, _ in result.failures + result.errors}
print(json.dumps({'run': result.testsRun, 'failing': sorted(failing)}))
'''

# Reports the arguments a replaced __import__ gets when a lazy import is reified, and
# when the same import statement runs eagerly.
ARGUMENTS = r'''
import builtins, json, sys
orig = builtins.__import__
calls = []
def imp(name, globals=None, locals=None, fromlist=(), level=0):
    calls.append([name, globals is sys.modules['__main__'].__dict__, locals is globals,
                  fromlist, level])
    return orig(name, globals, locals, fromlist, level)
builtins.__import__ = imp
lazy import xml.dom.minidom
calls.clear()
xml
reified = calls[0]
calls.clear()
import xml.dom.minidom
print(json.dumps([reified, calls[0]]))
'''


def _python():
    try:
        return str(provision.find_python('3.15'))
    except provision.ProvisionError as exc:
        pytest.fail(f'CPython 3.15 is needed: {exc}')


def _env():
    return {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}


def failing_under(hook):
    done = subprocess.run([_python(), '-I', '-c', WORKER, PANEL, HOOKS[hook]],
                          capture_output=True, text=True, timeout=300, env=_env())
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report['run'] > 2
    return report['failing']


def test_reification_calls_a_replaced_import_as_the_eager_statement_does():
    done = subprocess.run([_python(), '-I', '-c', ARGUMENTS], capture_output=True, text=True,
                          timeout=60, env=_env())
    assert done.returncode == 0, done.stderr[-3000:]
    reified, eager = json.loads(done.stdout.strip().splitlines()[-1])
    assert reified == eager == ['xml.dom.minidom', True, True, None, 0]


def test_stock_cpython_passes_them_with_its_own_import():
    assert failing_under('none') == []


@pytest.mark.parametrize('hook', ['python wrapper', 'functools.partial'])
def test_stock_cpython_fails_what_pyimport_full_expects_under_any_replacement(hook):
    with open(EXPECTATIONS, encoding='utf-8') as f:
        entries = json.load(f)['tests']
    expected = sorted(t for t, e in entries.items() if e['unit'] == 'test_lazy_import')
    assert failing_under(hook) == expected
