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

    It does nothing if *variant* is installed already (site reads a venv's site-packages
    twice without -I).  Otherwise it runs boot.py in a private namespace, as the code
    object install.write_boot_code() stores (written now if need be) or else as source;
    nothing is added to sys.path or sys.modules.
    """
    boot = os.path.join(HERE, 'boot.py')
    installed = ("getattr(vars(sys.modules['_frozen_importlib']).get('__importparity__'), "
                 "'variant', None)")
    namespace = f"{{'__file__': {boot!r}, '__name__': '__pyimport_boot__', 'VARIANT': {variant!r}}}"

    def read(path):
        # os.read, not a file object: no ResourceWarning under -X dev, and fd is closed
        # before anything runs.
        return f"(os.read(fd := os.open({path}, os.O_RDONLY), 1 << 20), os.close(fd))[0]"

    # Never compile() here: the first compile() call of a process builds CPython's AST
    # classes (~0.65 ms, and as much again to tear them down at exit); and compiling
    # boot.py's source by exec() costs ~1 ms, hence the stored code object.
    folder = _install_mod.write_boot_code()
    code = read(repr(boot))
    if folder is not None:
        stored = f"(b := {os.path.join(folder, 'boot-')!r} + '%x.bin' % sys.hexversion)"
        code = f"marshal.loads({read('b')}) if os.path.exists{stored} else {code}"
    return f"import os, sys, marshal; {installed} == {variant!r} or exec({code}, {namespace})\n"
