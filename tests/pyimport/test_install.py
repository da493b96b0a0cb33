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
            sys.meta_path[:2] == [core.BuiltinImporter, core.FrozenImporter],
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
    code = out + '\nimport sys, json\nprint(json.dumps([repr(vars(sys.modules["_frozen_importlib"]).get("__importparity__")), [m for m in sys.modules if "pyimport" in m], [p for p in sys.path if p.endswith("main")]]))'
    done = subprocess.run([sys.executable, '-I', '-W', 'error', '-X', 'dev', '-c', code],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ''
    state, modules, paths = json.loads(done.stdout.splitlines()[-1])
    assert state == "<importparity install 'pyimport'>"
    assert modules == [] and paths == []


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
