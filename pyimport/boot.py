"""Start-up hook: a .pth line runs this file to install pyimport as the interpreter starts."""

# Run by exec() from a .pth line (see pyimport.pth_line()) with __file__ and VARIANT in
# its namespace.  It leaves no trace in sys.modules or sys.path: the installer's code
# comes from install.py's marshal cache (or install.py itself) and runs in a private dict.


def _boot(boot_file, variant):
    import marshal
    import os
    import sys
    installed = vars(sys.modules['_frozen_importlib']).get('__importparity__')
    if installed is not None and installed.variant == variant:
        return  # the .pth line ran twice (site-packages listed under two names)
    here = os.path.dirname(os.path.abspath(boot_file))
    entry = _fresh_cache_entry(marshal, os, sys, here, variant)
    if entry is not None:
        installer_code = entry[3]
    else:
        installer_path = os.path.join(here, 'install.py')
        with open(installer_path, 'rb') as f:
            installer_code = compile(f.read(), installer_path, 'exec', dont_inherit=True)
    installer = {'__name__': 'pyimport.install', '__file__': os.path.join(here, 'install.py')}
    exec(installer_code, installer)
    installer['boot'](variant, entry)


def _fresh_cache_entry(marshal, os, sys, here, variant):
    """install.py's cache entry for *variant* if no file it was made from has changed."""
    name = f'halves-{variant}.{sys.implementation.cache_tag}.bin'
    try:
        with open(os.path.join(here, '__pycache__', name), 'rb') as f:
            entry = marshal.loads(f.read())
        version, _, _, stamps = entry[0]
        if version != sys.version:
            return None
        for path, mtime_ns, size in stamps:
            st = os.stat(path)
            if (st.st_mtime_ns, st.st_size) != (mtime_ns, size):
                return None
        return entry
    except (OSError, ValueError, EOFError, TypeError, IndexError):
        return None


_boot(__file__, globals().get('VARIANT', 'pyimport'))
del _boot, _fresh_cache_entry
