"""Zip half, part 1: zipimport's namespace at start-up; the reader and importer are run on first use."""

# swap.py runs this file in sys.modules['zipimport']'s namespace and hands it the code
# of ziparchive.py and zipimport.py in _deferred (as a tuple, or marshalled).  A child interpreter booted by the .pth
# line has no use for them unless it meets an archive: until then the zip path hook is
# _path_hook below, which turns away paths with no file in them as zipimporter would, and
# any other name looked up in the module (zipimport.zipimporter...) runs the rest first.
# An install into a running interpreter runs the rest at once (see swap.py).
import _thread
import marshal
import sys

import _frozen_importlib_external as _bootstrap_external

__all__ = ['ZipImportError', 'zipimporter']

path_sep = '\\' if sys.platform == 'win32' else '/'
alt_path_sep = '/' if path_sep == '\\' else ''

# {archive path as given: {member name: member}}, shared by every importer of an archive.
_zip_directory_cache = {}

_deferred = ()
# Held while the rest runs: another thread needing it waits until it is all there.
_running = _thread.RLock()


class ZipImportError(ImportError):
    """Raised by zipimporter objects; an ImportError, so `except ImportError` sees it."""


def _split_archive_path(path):
    """(archive file, prefix inside it) for a path that starts with an archive."""
    tail = []
    while True:
        try:
            mode = _bootstrap_external._path_stat(path).st_mode
        except (OSError, ValueError):
            head, last = _bootstrap_external._path_split(path)
            if head == path:
                raise ZipImportError('not a Zip file', path=path)
            tail.append(last)
            path = head
            continue
        if mode & 0o170000 != 0o100000:
            raise ZipImportError('not a Zip file', path=path)
        parts = [part for part in reversed(tail) if part]
        return path, ''.join(part + path_sep for part in parts)


def _run_deferred():
    """Run the reader and the importer here, and make zipimporter the zip path hook."""
    global _deferred
    with _running:
        codes, _deferred = _deferred, ()
        if isinstance(codes, bytes):
            codes = marshal.loads(codes)
        namespace = globals()
        for code in codes:
            exec(code, namespace)
        if codes:
            namespace.pop('__getattr__', None)
            hooks = sys.path_hooks
            if _path_hook in hooks:
                hooks[hooks.index(_path_hook)] = namespace['zipimporter']


def __getattr__(name):
    # Dunder names are what introspection probes for (__path__ by `from zipimport
    # import ...`): no reason to run the rest.
    if 'zipimporter' not in globals() and not (name.startswith('__') and name.endswith('__')):
        _run_deferred()
        if name in globals():
            return globals()[name]
    raise AttributeError(f"module 'zipimport' has no attribute {name!r}")


def _path_hook(path):
    """The zip path hook until the importer is needed: what zipimporter(path) would do."""
    if isinstance(path, str) and path:
        _split_archive_path(path.replace(alt_path_sep, path_sep) if alt_path_sep else path)
    if 'zipimporter' not in globals():
        _run_deferred()
    return globals()['zipimporter'](path)
