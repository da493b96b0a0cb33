"""Start-up hook: a .pth line runs this file to install pyimport as the interpreter starts."""

# pyimport.pth_line() execs this, with __file__, VARIANT and the descriptor of the file it
# was read from (fd), in a private dict, so nothing lands in sys.modules or sys.path.  It
# finds install.py's fresh cache entry and hands the installing over to swap.py's code in
# it.  Compiling even this much source costs ~1 ms at start-up, so the line usually runs
# the code object install.write_boot_code() stored.
import marshal
import os
import sys

import _imp

if 'fd' in globals():
    os.close(globals().pop('fd'))

# In that stored code, boot.py's (st_mtime_ns, st_size) when it was compiled.
_STAMP = None


def _cache_dirs(here):
    # install.cache_dirs(), repeated: that code is what the cache entry holds.
    env = os.environ
    uid = os.getuid() if hasattr(os, 'getuid') else ''
    key = _imp.source_hash(0, os.fsencode(here)).hex()
    base = env.get('XDG_CACHE_HOME') or (env.get('HOME') and os.path.join(env['HOME'], '.cache'))
    tmp = env.get('TMPDIR') or env.get('TEMP') or env.get('TMP') or '/tmp'
    dirs = [os.path.join(here, '__pycache__')]
    if base and os.path.isabs(base):
        dirs.append(os.path.join(base, 'importparity', 'pyimport', key))
    dirs.append(os.path.join(tmp, f'importparity-{uid}', 'pyimport', key))
    return dirs


def _unchanged(stamps):
    # install._fresh()'s check of the (path, st_mtime_ns, st_size) stamps.  A plain loop:
    # a generator expression cost each child ~800 instructions more a file.
    for path, mtime_ns, size in stamps:
        st = os.stat(path)
        if st.st_mtime_ns != mtime_ns or st.st_size != size:
            return False
    return True


def _boot(here, variant):
    name = f'halves-{variant}.{sys.implementation.cache_tag}.bin'
    uid = os.getuid() if hasattr(os, 'getuid') else None
    entry = None
    for n, folder in enumerate(_cache_dirs(here)):
        try:
            with open(os.path.join(folder, name), 'rb') as f:
                # Code from a shared folder runs only if this user wrote it.
                if n and uid is not None and os.fstat(f.fileno()).st_uid != uid:
                    continue
                entry = marshal.loads(f.read())
            key = entry[0]
            if key[0] == sys.version and _unchanged(key[3]):
                break
        except (OSError, ValueError, EOFError, TypeError, IndexError):
            pass
        entry = None
    installer = {'__name__': 'pyimport.swap', '__file__': os.path.join(here, 'swap.py')}
    if entry is not None:
        exec(entry[3], installer)
        installer['boot'](variant, entry)
        return
    # No fresh entry: install.py compiles the halves and writes one (install.BOOT_FILES).
    for file in ('swap.py', 'install.py'):
        path = os.path.join(here, file)
        with open(path, 'rb') as f:
            exec(compile(f.read(), path, 'exec', dont_inherit=True), installer)
    installer['install'](variant)


def _main(variant):
    installed = vars(sys.modules['_frozen_importlib']).get('__importparity__')
    if getattr(installed, 'variant', None) == variant:
        return  # site runs a venv's site-packages .pth twice without -I
    if _STAMP is not None:
        st = os.stat(__file__)
        if (st.st_mtime_ns, st.st_size) != _STAMP:
            # boot.py changed after the line's code was stored: run what it says now.
            with open(__file__, 'rb') as f:
                source = f.read()
            exec(source, {'__file__': __file__, 'VARIANT': variant})
            return
    _boot(os.path.dirname(os.path.abspath(__file__)), variant)


_main(globals().get('VARIANT', 'pyimport'))
