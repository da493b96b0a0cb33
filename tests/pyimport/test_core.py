"""Behaviour of pyimport's core half once installed: import.c's layer, specs, locks."""

import json
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def installed(code):
    """Run *code* with pyimport installed in a fresh interpreter; return its JSON output."""
    prelude = (f'import sys, json; sys.path.insert(0, {ROOT!r}); import pyimport; '
               'pyimport.install(); import importlib; '
               'b = sys.modules["_frozen_importlib"]; '
               'assert pyimport.probe()["ran"]\n')
    done = subprocess.run([sys.executable, '-c', prelude + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_relative_import_errors():
    out = installed('''
        import warnings
        results = []
        for args in [('x', {'__package__': '', '__name__': 'm'}, None, [], 1),
                     ('x', {'__package__': 'a', '__name__': 'a'}, None, [], 3),
                     ('x', {'__package__': 5}, None, [], 1)]:
            try:
                importlib.__import__(*args)
            except Exception as exc:
                results.append([type(exc).__name__, str(exc)])
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            try:
                importlib.__import__('x', {'__name__': 'm'}, None, [], 1)
            except ImportError as exc:
                results.append(str(exc))
        results.append([w.category.__name__ for w in caught])
        print(json.dumps(results))
    ''')
    assert out == [
        ['ImportError', 'attempted relative import with no known parent package'],
        ['ImportError', 'attempted relative import beyond top-level package'],
        ['TypeError', '__package__ not set to a string'],
        'attempted relative import with no known parent package',
        ['ImportWarning'],
    ]


def test_none_in_sys_modules_and_fromlist():
    out = installed('''
        sys.modules['blocked_mod'] = None
        try:
            import blocked_mod
        except ModuleNotFoundError as exc:
            first = str(exc)
        mod = importlib.__import__('xml', fromlist=['dom', 'no_such_submodule'])
        try:
            importlib.__import__('xml', fromlist=[5])
        except TypeError as exc:
            bad = str(exc)
        print(json.dumps([first, mod.__name__, 'dom' in vars(mod), bad,
                          importlib.__import__('xml.dom').__name__]))
    ''')
    assert out == ['import of blocked_mod halted; None in sys.modules', 'xml', True,
                   "Item in ``from list'' must be str, not int", 'xml']


def test_tracebacks_hide_import_machinery(tmp_path):
    (tmp_path / 'boom.py').write_text('1/0\n')
    out = installed(f'''
        import traceback
        sys.path.insert(0, {str(tmp_path)!r})
        try:
            import boom
        except ZeroDivisionError as exc:
            files = [f.filename for f in traceback.extract_tb(exc.__traceback__)]
        print(json.dumps(files))
    ''')
    assert len(out) == 2 and out[1].endswith('boom.py')
    assert not any('frozen importlib' in f for f in out)


def test_spec_and_module_attributes():
    out = installed('''
        spec = b.spec_from_loader('pkg.mod', None, origin='here')
        mod = b.module_from_spec(b.ModuleSpec('p', None, is_package=True))
        frozen = b.FrozenImporter.find_spec('__phello__')
        print(json.dumps([spec.parent, spec.has_location, repr(spec), mod.__package__,
                          mod.__path__, frozen.origin, frozen.loader_state.origname,
                          frozen.submodule_search_locations[0].endswith('__phello__'),
                          repr(b.BuiltinImporter.find_spec('sys'))]))
    ''')
    assert out == ['pkg', False, "ModuleSpec(name='pkg.mod', loader=None, origin='here')",
                   'p', [], 'frozen', '__phello__', True,
                   "ModuleSpec(name='sys', loader=<class '_frozen_importlib.BuiltinImporter'>, "
                   "origin='built-in')"]


def test_module_repr_goes_through_installed_code():
    out = installed('''
        from unittest import mock
        m = type(sys)('plain')
        with mock.patch.object(b, '_module_repr', lambda module: 'patched'):
            patched = repr(m)
        m.__file__ = '/x.py'
        print(json.dumps([patched, repr(m)]))
    ''')
    assert out == ['patched', "<module 'plain' from '/x.py'>"]


def test_deadlock_detection():
    out = installed('''
        import threading
        a, b2 = b._ModuleLock('a'), b._ModuleLock('b')
        barrier = threading.Barrier(2)
        results = []
        def worker(first, second):
            first.acquire()
            barrier.wait()
            try:
                second.acquire()
            except b._DeadlockError:
                results.append('deadlock')
            else:
                results.append('ok')
                second.release()
            first.release()
        threads = [threading.Thread(target=worker, args=pair) for pair in ((a, b2), (b2, a))]
        for t in threads: t.start()
        for t in threads: t.join(10)
        graph = {1: [type('L', (), {'owner': 2})()], 2: [type('L', (), {'owner': 1})()]}
        print(json.dumps([sorted(results),
                          b._has_deadlocked(1, seen_ids=set(), candidate_ids=[2],
                                            blocking_on=graph),
                          b._has_deadlocked(3, seen_ids=set(), candidate_ids=[2],
                                            blocking_on=graph)]))
    ''')
    assert 'deadlock' in out[0]
    assert out[1:] == [True, False]


def test_module_locks_are_dropped_when_unused():
    out = installed('''
        import gc
        lock = b._get_module_lock('xyzzy')
        present = 'xyzzy' in b._module_locks
        again = b._get_module_lock('xyzzy') is lock
        del lock
        gc.collect()
        print(json.dumps([present, again, 'xyzzy' in b._module_locks]))
    ''')
    assert out == [True, True, False]


def test_waits_for_module_initialising_in_another_thread(tmp_path):
    (tmp_path / 'slow.py').write_text('import time\ntime.sleep(0.3)\nDONE = True\n')
    out = installed(f'''
        import threading
        sys.path.insert(0, {str(tmp_path)!r})
        seen = []
        def other():
            import slow
            seen.append(slow.DONE)
        t = threading.Thread(target=other)
        t.start()
        import time
        while 'slow' not in sys.modules:
            time.sleep(0.001)
        import slow
        seen.append(slow.DONE)
        t.join()
        print(json.dumps(seen))
    ''')
    assert out == [True, True]
