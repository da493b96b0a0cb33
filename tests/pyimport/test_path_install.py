"""The dev installer swaps the path half in and out cleanly, and end-to-end path imports match CPython."""

import json
import os
import pathlib
import subprocess
import sys

from tests.unprivileged import UNPRIVILEGED, needs_setpriv

HERE = pathlib.Path(__file__).resolve().parent


def run_python(code_or_script, *args, prefix=()):
    env = dict(os.environ)
    env.pop('PYTHONDONTWRITEBYTECODE', None)
    cmd = [*prefix, sys.executable, *( [str(code_or_script)] if str(code_or_script).endswith('.py')
                                      else ['-c', code_or_script]), *args]
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=str(HERE),
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_scenarios_match_stock_cpython():
    stock = json.loads(run_python(HERE / '_path_scenarios.py'))
    ours = json.loads(run_python(HERE / '_path_scenarios.py', '--pyimport'))
    assert stock.pop('pyimport') is False
    assert ours.pop('pyimport') is True
    assert ours == stock
    # The scenarios really did import things (not just fail alike).
    assert stock['import nspkg.two'][0] == 'ok'
    assert stock['after invalidate'][1][1] == 'late'


@needs_setpriv
def test_scenarios_match_stock_cpython_where_permissions_hold():
    stock = json.loads(run_python(HERE / '_path_scenarios.py', prefix=UNPRIVILEGED))
    ours = json.loads(run_python(HERE / '_path_scenarios.py', '--pyimport', prefix=UNPRIVILEGED))
    assert stock.pop('pyimport') is False and ours.pop('pyimport') is True
    assert ours == stock
    # The permissions really held: nothing cached in the read-only folders, the locked source refused.
    assert stock['unwritable dir'] == ['ok', ['ro', 'ro_pkg', False, False]]
    assert stock['unreadable source'][0] == 'PermissionError'


INSTALL_CHECK = r'''
import sys, importlib
sys.path.insert(0, '.')
import _devinstall
ext = sys.modules['_frozen_importlib_external']
old_finder, old_hooks = ext.PathFinder, list(sys.path_hooks)
index = sys.meta_path.index(old_finder)
import encodings
_devinstall.install()
import importlib.machinery, importlib.util, importlib.abc
assert hasattr(ext, '_hash_source')
assert sys.meta_path[index] is ext.PathFinder is importlib.machinery.PathFinder
assert old_finder not in sys.meta_path
assert len(sys.path_hooks) == len(old_hooks)
# The FileFinder hook takes CPython's place (an editable install may add hooks after it).
hook_at = next(i for i, h in enumerate(old_hooks)
               if getattr(getattr(h, '__code__', None), 'co_filename', '') == '<frozen importlib._bootstrap_external>')
assert sys.path_hooks[hook_at] is not old_hooks[hook_at]
assert sys.path_hooks[hook_at].__code__.co_filename == '<frozen importlib._bootstrap_external>'
assert isinstance(encodings.__loader__, importlib.machinery.SourceFileLoader)
assert issubclass(importlib.abc.FileLoader, ext.FileLoader)
assert importlib.util.cache_from_source is ext.cache_from_source
assert ext.FileFinder.find_spec.__globals__ is ext.__dict__
import json.decoder
assert type(json.decoder.__loader__) is ext.SourceFileLoader
_devinstall.uninstall()
assert not hasattr(ext, '_hash_source')
assert sys.meta_path[index] is old_finder is ext.PathFinder
import xml.dom
assert type(xml.dom.__loader__) is ext.SourceFileLoader
assert type(json.decoder.__loader__) is ext.SourceFileLoader
print('ok')
'''


def test_install_then_uninstall_round_trip():
    assert run_python(INSTALL_CHECK).strip() == 'ok'


def test_import_errors_keep_frames_trimmed():
    # C trims frames whose code filename is <frozen importlib._bootstrap_external>.
    code = r'''
import sys, traceback
sys.path.insert(0, '.')
import _devinstall; _devinstall.install()
try:
    import no_such_module_xyz
except ImportError as exc:
    files = [f.filename for f in traceback.extract_tb(exc.__traceback__)]
    print(files)
'''
    assert run_python(code).strip() == "['<string>']"
