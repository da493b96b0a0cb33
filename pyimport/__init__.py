"""pyimport: a pure-Python import system installed in place of CPython's importlib bootstrap."""

import os
from . import install as _install_mod

__all__ = ['install', 'uninstall', 'is_installed', 'installed_variant', 'probe',
           'install_cpython_source', 'install_sources', 'variant_sources', 'pth_line']

HERE = os.path.dirname(os.path.abspath(__file__))

install_sources = _install_mod.install_sources
uninstall = _install_mod.uninstall
variant_sources = _install_mod.variant_sources


def install(variant='pyimport'):
    """Make *variant*'s halves the import system of this interpreter.  Idempotent.

    Variants: 'pyimport' (both pyimport halves), 'pyimport-full' (the same, and
    pyimport's __import__ as builtins.__import__), 'cpython-source' (CPython's own
    importlib sources, the control), 'pyimport-core' and 'pyimport-external' (one
    pyimport half paired with CPython's other half).
    """
    return _install_mod.install(variant)


def install_cpython_source():
    """The control target: CPython's own importlib sources, installed the same way."""
    return install('cpython-source')


def installed_variant():
    st = _install_mod.state()
    return None if st is None else st.variant


def is_installed():
    return _install_mod.state() is not None


def probe():
    """Import a fresh throwaway module and report whether installed code ran the import.

    Returns a dict: 'variant' (None if nothing is installed), 'ran' (True when a function
    of the installed halves was on the call path of the `import` statement), 'functions'
    (the qualified names seen) and 'module' (the throwaway module's repr).
    """
    from . import probing
    return probing.probe(_install_mod.state())


def pth_line(variant='pyimport'):
    """The line for a .pth file that installs *variant* when the interpreter starts.

    It runs boot.py in a private namespace, as the code object install.write_boot_code()
    stores (written now if need be) or else as source; nothing is added to sys.path or
    sys.modules.  boot.py does nothing if *variant* is installed already (site reads a
    venv's site-packages twice without -I).
    """
    boot = os.path.join(HERE, 'boot.py')
    # os.read, not a file object (which under -X dev warns when left to the collector);
    # boot.py closes the descriptor (fd) first thing.
    namespace = f"{{'__file__': {boot!r}, 'VARIANT': {variant!r}, 'fd': f}}"
    # Every child compiles this line, twice in a venv: each name, call and constant in it
    # costs start-up time (this form compiles in ~0.44M instructions under callgrind, the
    # one before it, which closed the file itself, in ~0.70M).  It never calls compile():
    # the first compile() call of a process builds CPython's AST classes, ~0.65 ms, and
    # as much again to tear them down at exit.
    folder = _install_mod.write_boot_code()
    if folder is None:
        return f"import os; d = os.read(f := os.open({boot!r}, 0), 1 << 20); exec(d, {namespace})\n"
    # The stored code's name ends in the interpreter's hexversion: another interpreter,
    # whose marshal format may differ, reads boot.py instead.
    stored = os.path.join(folder.replace('%', '%%'), 'boot-%x.bin')
    return (f"import os, sys, marshal; c = os.path.exists(p := {stored!r} % sys.hexversion); "
            f"d = os.read(f := os.open(p if c else {boot!r}, 0), 1 << 20); "
            f"exec(marshal.loads(d) if c else d, {namespace})\n")
