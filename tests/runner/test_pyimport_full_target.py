"""The pyimport-full target: pyimport installed with its __import__ as the built-in, here and in children."""

import json
import subprocess
import sys
import textwrap

from .synthetic import ROOT


def _child(code):
    done = subprocess.run([sys.executable, '-c', textwrap.dedent(code)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_install_makes_pyimports_import_the_builtin_and_probe_insists_on_it():
    out = _child('''
        import builtins, json, sys
        c_import = builtins.__import__
        from runner.targets import TargetError, get
        target = get('pyimport-full')
        target.install()
        live = target.probe()
        ours = builtins.__import__ is not c_import
        builtins.__import__ = c_import  # someone takes it back: the target is not live
        try:
            target.probe()
            refused = None
        except TargetError as exc:
            refused = str(exc)
        print(json.dumps([target.name, ours, bool(live), refused]))
    ''')
    name, ours, live, refused = out
    assert (name, ours, live) == ('pyimport-full', True, True)
    assert refused and "not pyimport's" in refused


def test_boot_line_installs_pyimport_full_in_an_isolated_child():
    line = _child('''
        import json
        from runner.targets import get
        print(json.dumps(get('pyimport-full').boot_line()))
    ''')
    check = ("import builtins, json, sys; st = vars(sys.modules['_frozen_importlib'])"
             ".get('__importparity__'); print(json.dumps([st.variant, "
             "id(builtins.__import__.__code__) in st.code_ids]))")
    done = subprocess.run([sys.executable, '-I', '-c', f'import sys\n{line}\n{check}'],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == ['pyimport-full', True]
