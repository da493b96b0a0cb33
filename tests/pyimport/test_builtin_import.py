"""pyimport-full's builtins.__import__ behaves as C's, case by case, stock CPython the oracle."""

import subprocess

import pytest

from _variants import STOCK, clean_environment, command_under, run_under

# Each case calls __import__ and reports the result or the exception, with the warnings.
CASES = r'''
import sys, json, os, warnings
sys.modules['halted'] = None
os.makedirs('fpkg', exist_ok=True)
for name, text in {'__init__.py': "__all__ = ['present', 'absent']\n",
                   'present.py': '', 'bad.py': 'import no_such_dependency\n'}.items():
    with open(os.path.join('fpkg', name), 'w') as f:
        f.write(text)
os.makedirs('npkg', exist_ok=True)
with open(os.path.join('npkg', '__init__.py'), 'w') as f:
    f.write('__all__ = [1]\n')
sys.path.insert(0, os.getcwd())
sys.modules['fpkg.blocked'] = None
class Parent:
    parent = 3
cases = {
    'bytes name': lambda: __import__(b'os'),
    'empty name': lambda: __import__(''),
    'negative level': lambda: __import__('os', level=-1),
    'level not int': lambda: __import__('os', level='1'),
    'level too big': lambda: __import__('os', level=2**40),
    'no globals': lambda: __import__('x', level=1),
    'None globals': lambda: __import__('x', None, None, [], 1),
    'globals not dict': lambda: __import__('x', [], None, [], 1),
    'empty globals': lambda: __import__('x', {}, None, [], 1),
    'package not str': lambda: __import__('x', {'__package__': 3}, None, [], 1),
    'package empty': lambda: __import__('x', {'__package__': ''}, None, [], 1),
    'name not str': lambda: __import__('x', {'__name__': 3}, None, [], 1),
    'top-level name': lambda: __import__('x', {'__name__': 'top'}, None, [], 1),
    'beyond top': lambda: __import__('x', {'__package__': 'json'}, None, [], 2),
    'parent not str': lambda: __import__('x', {'__spec__': Parent()}, None, [], 1),
    'spec without parent': lambda: __import__('x', {'__spec__': object()}, None, [], 1),
    'package disagrees': lambda: __import__('decoder', {
        '__package__': 'json', '__spec__': sys.modules['encodings'].__spec__}, None, ['x'], 1),
    'from __name__ and __path__': lambda: __import__(
        'decoder', {'__name__': 'json', '__path__': []}, None, ['x'], 1),
    'relative head': lambda: __import__('mime.text', {'__package__': 'email'}, None, None, 1),
    'relative package': lambda: __import__('', {'__package__': 'xml.dom'}, None, None, 2),
    'dotted head': lambda: __import__('xml.etree.ElementTree'),
    'leading dot': lambda: __import__('.json'),
    'not a package': lambda: __import__('os.nothing'),
    'halted': lambda: __import__('halted'),
    'fromlist item not str': lambda: __import__('json', fromlist=[1]),
    'fromlist not iterable': lambda: __import__('json', fromlist=3),
    'fromlist of a module': lambda: __import__('json.decoder', fromlist=['nothing']),
    'fromlist missing submodule': lambda: __import__('email', fromlist=['nothing', 'mime']),
    'star with __all__': lambda: __import__('concurrent.futures', fromlist=['*']),
    'keyword name': lambda: __import__(name='html.parser', fromlist=['x']),
    'star, __all__ naming a missing submodule': lambda: __import__('fpkg', fromlist=['*']),
    'fromlist submodule failing inside': lambda: __import__('fpkg', fromlist=['bad']),
    'fromlist submodule blocked by None': lambda: __import__('fpkg', fromlist=['blocked']),
    'star, __all__ item not str': lambda: __import__('npkg', fromlist=['*']),
}
out = {}
for label, call in cases.items():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        try:
            result = call()
            seen = getattr(result, '__name__', repr(result))
        except BaseException as exc:
            seen = f'{type(exc).__name__}: {exc}'
    out[label] = [seen, [(w.category.__name__, str(w.message), w.lineno) for w in caught]]
print(json.dumps(out))
'''


def test_every_case_matches_stock_cpython(tmp_path):
    (tmp_path / 'stock').mkdir()
    (tmp_path / 'full').mkdir()
    stock = run_under(STOCK, CASES, cwd=tmp_path / 'stock')
    full = run_under('pyimport-full', CASES, cwd=tmp_path / 'full')
    assert full == stock
    # The table exercises the error paths it names, not just successes.
    assert sum(seen.startswith(('TypeError', 'ValueError', 'KeyError', 'ImportError'))
               for seen, _ in stock.values()) >= 18


TRACEBACK = r'''
import json, os, sys, traceback
os.makedirs('pkg', exist_ok=True)
with open('pkg/__init__.py', 'w') as f:
    f.write('from . import broken\n')
with open('pkg/broken.py', 'w') as f:
    f.write('x = 1\n1 / 0\n')
with open('pkg/missing.py', 'w') as f:
    f.write('import no_such_module_anywhere\n')
sys.path.insert(0, os.getcwd())
shown = []
for statement in ('import pkg', 'import pkg', 'from pkg import missing'):
    sys.modules.pop('pkg', None)
    try:
        exec(statement, {})
    except BaseException as exc:
        shown.append([(os.path.basename(f.filename), f.name)
                      for f in traceback.extract_tb(exc.__traceback__)])
print(json.dumps(shown))
'''


@pytest.mark.parametrize('variant', ['pyimport', 'pyimport-full'])
def test_tracebacks_show_the_frames_c_shows(variant, tmp_path):
    (tmp_path / 'stock').mkdir()
    (tmp_path / 'ours').mkdir()
    stock = run_under(STOCK, TRACEBACK, cwd=tmp_path / 'stock')
    ours = run_under(variant, TRACEBACK, cwd=tmp_path / 'ours')
    assert ours == stock
    assert [name for name, _ in stock[0]] == ['<string>', '<string>', '__init__.py', 'broken.py']


def test_install_binds_builtins_import_and_uninstall_gives_cs_back():
    out = run_under(STOCK, f'''
        import builtins, json, sys
        sys.path.insert(0, {__import__('_variants').ROOT!r})
        import pyimport
        c_import = builtins.__import__
        pyimport.install('pyimport')
        plain = builtins.__import__ is c_import
        pyimport.install('pyimport-full')
        full = builtins.__import__ is not c_import and pyimport.installed_variant()
        import email.mime.text
        pyimport.install('pyimport')
        back = builtins.__import__ is c_import
        pyimport.install('pyimport-full')
        pyimport.uninstall()
        print(json.dumps([plain, full, back, builtins.__import__ is c_import]))
    ''')
    assert out == [True, 'pyimport-full', True, True]


def _import_time_lines(variant, tmp_path, mode):
    code = ("import sys; print('after install', file=sys.stderr, flush=True); import json; "
            "import os")
    env = clean_environment()
    if mode == 'env':
        env['PYTHONPROFILEIMPORTTIME'] = '1'
        flags = ()
    else:
        flags = ('-X', f'importtime={mode}')
    done = subprocess.run(command_under(variant, code, *flags), cwd=tmp_path,
                          capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.split('after install\n', 1)[1].splitlines()
    # Times vary; the tree of imports (indentation and names) must not.
    return [line.rpartition('|')[2] for line in lines if line.startswith('import time:')]


@pytest.mark.parametrize('mode', [1, 2, 'env'])
def test_x_importtime_reports_the_same_tree_of_imports(tmp_path, mode):
    stock = _import_time_lines(STOCK, tmp_path, mode)
    assert _import_time_lines('pyimport-full', tmp_path, mode) == stock
    assert ' json' in stock and '   json.decoder' in stock
    # Mode 2 also lists the imports sys.modules answered.
    assert (' os' in stock) == (mode == 2)


AUDIT = r'''
import json, sys
events = []
sys.addaudithook(lambda event, args: event == 'import' and events.append(
    [args[0], args[1], args[2] is sys.path, args[3] is sys.meta_path, args[4] is sys.path_hooks]))
import email.mime.text
import email.mime.text, os
from xml.dom import minidom
print(json.dumps(events))
'''


def test_imports_raise_the_same_audit_events():
    stock = run_under(STOCK, AUDIT)
    assert run_under('pyimport-full', AUDIT) == stock
    assert ['email.mime.text', None, True, True, True] in stock
