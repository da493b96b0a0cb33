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

    Variants: 'pyimport' (both pyimport halves), 'cpython-source' (CPython's own
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

    It reads boot.py with os.read (no file object, so no ResourceWarning) and runs it in
    a private namespace; nothing is added to sys.path or sys.modules.
    """
    boot = os.path.join(HERE, 'boot.py')
    read = f"(lambda fd: (os.read(fd, 1 << 20), os.close(fd))[0])(os.open({boot!r}, os.O_RDONLY))"
    namespace = f"{{'__file__': {boot!r}, '__name__': '__pyimport_boot__', 'VARIANT': {variant!r}}}"
    return f"import os; exec(compile({read}, {boot!r}, 'exec'), {namespace})\n"
