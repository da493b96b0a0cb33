"""pyimport.install() makes pyimport's code the import system inside CPython's own objects."""

import json
import os
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def child(code, *flags):
    """Run *code* in a fresh interpreter with pyimport importable; return its JSON output."""
    prelude = f'import sys, json; sys.path.insert(0, {ROOT!r}); import pyimport\n'
    done = subprocess.run([sys.executable, *flags, '-c', prelude + textwrap.dedent(code)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_install_and_uninstall_are_idempotent_and_restore_cpython():
    out = child('''
        core = sys.modules['_frozen_importlib']
        original = core._find_and_load
        first = pyimport.install()
        second = pyimport.install()
        replaced = core._find_and_load is not original
        back = [pyimport.uninstall(), pyimport.uninstall()]
        print(json.dumps([first is second, replaced, back,
                          core._find_and_load is original, pyimport.is_installed()]))
    ''')
    assert out == [True, True, [True, False], True, False]


def test_namespaces_stay_cpythons_module_objects():
    out = child('''
        import importlib, importlib.machinery, importlib.util
        core, ext = sys.modules['_frozen_importlib'], sys.modules['_frozen_importlib_external']
        pyimport.install()
        print(json.dumps([
            sys.modules['_frozen_importlib'] is core,
            sys.modules['_frozen_importlib_external'] is ext,
            importlib._bootstrap is core, importlib._bootstrap_external is ext,
            importlib.machinery.ModuleSpec is core.ModuleSpec,
            importlib.machinery.PathFinder is ext.PathFinder,
            importlib.util.spec_from_loader is core.spec_from_loader,
            importlib.__import__ is core.__import__,
            type(sys.__spec__) is core.ModuleSpec,
            sys.__loader__ is core.BuiltinImporter,
            # CPython's own finders, in their order (a site-installed finder may stand before them)
            [f for f in sys.meta_path if f in (core.BuiltinImporter, core.FrozenImporter, ext.PathFinder)]
            == [core.BuiltinImporter, core.FrozenImporter, ext.PathFinder],
            core._find_and_load.__code__.co_filename,
            type(__builtins__.__import__).__name__,
        ]))
    ''')
    assert out[:11] == [True] * 11
    assert out[11] == '<frozen importlib._bootstrap>'
    assert out[12] == 'builtin_function_or_method'  # builtins.__import__ stays C


def test_probe_sees_pyimport_only_when_installed():
    out = child('''
        before = pyimport.probe()
        pyimport.install()
        during = pyimport.probe()
        pyimport.uninstall()
        after = pyimport.probe()
        print(json.dumps([before['ran'], during['ran'], during['variant'],
                          '_find_and_load' in during['functions'], after['ran']]))
    ''')
    assert out == [False, True, 'pyimport', True, False]


def test_import_statement_sees_patches_on_the_bootstrap_module():
    out = child('''
        from unittest import mock
        pyimport.install()
        core = sys.modules['_frozen_importlib']
        calls = []
        real = core._find_spec
        def spy(name, path, target=None):
            calls.append(name)
            return real(name, path, target)
        with mock.patch.object(core, '_find_spec', spy):
            import xml.dom
        print(json.dumps(calls))
    ''')
    assert out[:2] == ['xml', 'xml.dom']


def test_cpython_source_control_installs_through_the_same_mechanism():
    out = child('''
        core = sys.modules['_frozen_importlib']
        frozen_code = core._find_and_load.__code__
        st = pyimport.install_cpython_source()
        import json as j, email.mime.text
        print(json.dumps([st.variant, core._find_and_load.__code__ is not frozen_code,
                          pyimport.probe()['ran'], email.mime.text.__name__]))
    ''')
    assert out == ['cpython-source', True, True, 'email.mime.text']


@pytest.mark.parametrize('variant', ['pyimport-core', 'pyimport-external', 'pyimport'])
def test_each_half_pairs_with_cpythons_other_half(variant):
    out = child(f'''
        pyimport.install({variant!r})
        import email.mime.text, xml.dom.minidom, concurrent.futures
        print(json.dumps([pyimport.installed_variant(), pyimport.probe()['ran'],
                          xml.dom.minidom.__spec__.parent]))
    ''')
    assert out == [variant, True, 'xml.dom']


def test_boot_line_installs_without_leaving_traces(tmp_path):
    out = child(f'''
        line = pyimport.pth_line('pyimport')
        print(json.dumps(line))
    ''')
    # The line opens the file it runs and boot.py closes it: no descriptor is left open.
    fds = "sorted(os.listdir('/proc/self/fd'))" if os.path.isdir('/proc/self/fd') else '[]'
    code = (f'import os\nfds = {fds}\n' + out + '\nimport sys, json\nprint(json.dumps([repr(vars(sys.modules["_frozen_importlib"]).get("__importparity__")), [m for m in sys.modules if "pyimport" in m], [p for p in sys.path if p.endswith("main")], '
            f'{fds} == fds]))')
    done = subprocess.run([sys.executable, '-I', '-W', 'error', '-X', 'dev', '-c', code],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ''
    state, modules, paths, same_fds = json.loads(done.stdout.splitlines()[-1])
    assert state == "<importparity install 'pyimport'>"
    assert modules == [] and paths == [] and same_fds


def test_classes_keep_their_start_up_module_name_when_installed_after_importlib():
    # importlib renames the bootstrap modules to importlib._bootstrap…; a class created by an
    # install after that must still say _frozen_importlib…, as CPython's and as the classes
    # of a child interpreter that installed at start-up do (test_cmd_line_script compares).
    out = child('''
        import importlib.machinery
        pyimport.install()
        print(json.dumps([repr(importlib.machinery.SourceFileLoader),
                          repr(importlib.machinery.BuiltinImporter),
                          sys.modules['_frozen_importlib'].__name__]))
    ''')
    assert out == ["<class '_frozen_importlib_external.SourceFileLoader'>",
                   "<class '_frozen_importlib.BuiltinImporter'>", 'importlib._bootstrap']


def test_boot_line_does_nothing_when_its_variant_is_installed():
    # site runs a venv's site-packages .pth twice without -I; the second run must be free.
    out = child('''
        line = pyimport.pth_line('pyimport')
        exec(line)
        st = vars(sys.modules['_frozen_importlib'])['__importparity__']
        exec(line)
        print(json.dumps(['compile(' in line,
                          vars(sys.modules['_frozen_importlib'])['__importparity__'] is st]))
    ''')
    assert out == [False, True]


def test_module_specs_become_new_specs_except_one_being_loaded():
    # A module still being imported (site, when a .pth line installs) keeps its spec
    # object: the frame loading it clears _initializing on that very object.
    out = child('''
        import types
        core = sys.modules['_frozen_importlib']
        loading = types.ModuleType('being_loaded')
        loading.__spec__ = core.ModuleSpec('being_loaded', None)
        loading.__spec__._initializing = True
        sys.modules['being_loaded'] = loading
        held, json_spec = loading.__spec__, sys.modules['json'].__spec__
        pyimport.install()
        spec = sys.modules['json'].__spec__
        print(json.dumps([loading.__spec__ is held, type(held) is core.ModuleSpec,
                          spec is not json_spec, type(spec) is core.ModuleSpec,
                          list(vars(spec)) == list(vars(json_spec)),
                          (spec.name, spec.origin) == (json_spec.name, json_spec.origin),
                          spec.loader.path]))
    ''')
    assert out[:6] == [True] * 6 and out[6].endswith('json/__init__.py')


def test_boot_finds_the_cache_in_a_user_folder_when_pyimport_is_read_only(tmp_path):
    import shutil
    here = tmp_path / 'copy' / 'pyimport'
    shutil.copytree(os.path.join(ROOT, 'pyimport'), here,
                    ignore=shutil.ignore_patterns('__pycache__'))
    (here / '__pycache__').write_text('a file, so nothing can be written under it')
    env = {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}
    env['XDG_CACHE_HOME'] = str(tmp_path / 'xdg')
    get_line = (f'import sys; sys.path.insert(0, {str(here.parent)!r}); import pyimport; '
                'print(pyimport.pth_line())')
    line = subprocess.run([sys.executable, '-c', get_line], capture_output=True, text=True,
                          env=env, check=True).stdout
    show = ('\nimport sys; st = vars(sys.modules["_frozen_importlib"]).get("__importparity__")'
            '\nprint(st.variant, sys.modules["_frozen_importlib"]._find_and_load.__code__.co_filename)')
    stamps = []
    for _ in range(3):
        done = subprocess.run([sys.executable, '-I', '-W', 'error', '-c', line + show],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        assert done.stdout.split() == ['pyimport', '<frozen', 'importlib._bootstrap>']
        user_folder = tmp_path / 'xdg' / 'importparity' / 'pyimport'
        cached = list(user_folder.glob('*/halves-pyimport.*.bin'))
        assert len(cached) == 1
        stamps.append(cached[0].stat().st_mtime_ns)
    # pth_line() stored boot.py's code there too, and the line reads it from there.
    assert len(list(user_folder.glob('*/boot-*.bin'))) == 1
    assert str(user_folder) in line
    # A child that missed the cache would write it again: the later children read it.
    assert stamps[1] == stamps[2]


def test_boot_and_install_agree_where_the_cache_is(tmp_path, monkeypatch):
    import ast
    sys.path.insert(0, ROOT)
    try:
        import pyimport.install
        install = sys.modules['pyimport.install']
    finally:
        sys.path.remove(ROOT)
    with open(os.path.join(ROOT, 'pyimport', 'boot.py')) as f:
        tree = ast.parse(f.read())
    funcs = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == '_cache_dirs']
    ns = {'os': os, 'sys': sys, '_imp': __import__('_imp')}
    exec(compile(ast.Module(funcs, []), 'boot.py', 'exec'), ns)
    for env in ({'XDG_CACHE_HOME': str(tmp_path)}, {'HOME': str(tmp_path)},
                {'TMPDIR': str(tmp_path)}, {}):
        for name in ('XDG_CACHE_HOME', 'HOME', 'TMPDIR', 'TEMP', 'TMP'):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        assert ns['_cache_dirs'](str(tmp_path)) == install.cache_dirs(str(tmp_path))


def test_stored_boot_code_runs_boot_py_as_edited_since(tmp_path):
    import shutil
    here = tmp_path / 'pyimport'
    shutil.copytree(os.path.join(ROOT, 'pyimport'), here,
                    ignore=shutil.ignore_patterns('__pycache__'))
    env = {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}
    get_line = (f'import sys; sys.path.insert(0, {str(tmp_path)!r}); import pyimport; '
                'print(pyimport.pth_line())')
    line = subprocess.run([sys.executable, '-c', get_line], capture_output=True, text=True,
                          env=env, check=True).stdout
    assert 'marshal.loads' in line and list((here / '__pycache__').glob('boot-*.bin'))
    show = ('\nimport sys; st = vars(sys.modules["_frozen_importlib"]).get("__importparity__")'
            '\nprint(st.variant)')
    outputs = []
    for edit in ('', '\nprint("boot.py as edited")\n'):
        with open(here / 'boot.py', 'a') as f:
            f.write(edit)
        done = subprocess.run([sys.executable, '-I', '-W', 'error', '-X', 'dev', '-c', line + show],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0 and done.stderr == '', done.stderr
        outputs.append(done.stdout.split('\n')[:-1])
    assert outputs == [['pyimport'], ['boot.py as edited', 'pyimport']]
