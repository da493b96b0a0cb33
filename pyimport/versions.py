"""What each CPython release changed in the import system, one named entry per change."""

# pyimport runs on CPython 3.13, 3.14 and 3.15.  Each behaviour a release changed is one
# entry of _CHANGES: its name, the first release that behaves the new way, the first that
# no longer does (None: every later one does), and, in the comment above it, what changed.
# The code that differs between releases asks ``_since(NAME)`` (mostly once, when a half
# is run, to choose between two definitions), so a porter reads here what a release
# changed and greps for the name to find where.  install.py compiles pyimport's files for
# the running release: it replaces each _since('NAME') by its value, and the compiler
# drops the other releases' branches, where the call itself is the test: a value kept in
# a variable and tested later leaves both branches, and whatever only one of them calls,
# in every release's code.  Taking on a new release means adding its entries here (see
# the README).
#
# install.py lists this file first in both halves.  The halves it compiles and caches
# (what every child interpreter installs) leave it out, their _since() calls folded;
# halves given as code objects, compiled as they are, run it and ask _since() when run.
# pyimport's zip half asks the path half's.

import sys as _sys

# The release running: (major, minor).
_RELEASE = _sys.version_info[:2]

_CHANGES = {
    # --- 3.14 -----------------------------------------------------------------------------
    # The pyc magic number is _imp.pyc_magic_number_token; before, the path half defined it
    # (and _RAW_MAGIC_NUMBER, which the C layer reads).
    'magic_number_from_imp': ((3, 14), None),
    # _ModuleLock gains locked().
    'module_lock_locked': ((3, 14), None),
    # WindowsRegistryFinder.find_spec() warns (DeprecationWarning).
    'windows_registry_finder_deprecated': ((3, 14), None),
    # PathFinder treats a PermissionError from getcwd() for the '' entry as it treats
    # FileNotFoundError: no finder, nothing cached (3.13 lets it propagate).
    'cwd_permission_error_tolerated': ((3, 14), None),
    # zipimport adds the directories that only appear inside member names, so they can be
    # namespace portions; reading one as data gives b''.
    'zip_implied_directories': ((3, 14), None),
    # A member name that is not valid UTF-8 (UTF-8 flag set) is a ZipImportError, not a
    # UnicodeDecodeError.
    'zip_name_decode_error': ((3, 14), None),
    # zipimporter.load_module()'s DeprecationWarning names 3.15 as the release that removes
    # it (before: 3.12).
    'zip_load_module_deprecated_315': ((3, 14), None),
    # zipimporter.get_filename() fetches the module's code (compiling a source member); 3.13
    # and 3.15 find the member only.
    'zip_get_filename_compiles': ((3, 14), (3, 15)),
    # --- 3.15 -----------------------------------------------------------------------------
    # loader.load_module() is gone: no _load_module_shim, no load_module() on the importers
    # and loaders, no fallback for loaders without exec_module().
    'load_module_removed': ((3, 15), None),
    # Modules get no __cached__ attribute (ModuleSpec.cached remains).
    'no_cached_attribute': ((3, 15), None),
    # PEP 810: C calls _find_and_load_lazy_submodule(), which gives None where the submodule
    # is not found; each loaded module gets its lazy submodule attributes from
    # _imp._set_lazy_attributes().
    'lazy_imports': ((3, 15), None),
    # _find_and_load imports (or waits for) the parent packages before taking the module's
    # lock, and accepts the partially initialised module on a deadlock.
    'parents_before_child_lock': ((3, 15), None),
    # The 'import' audit event is raised by _find_and_load(), not by C's __import__.
    'import_audit_in_python': ((3, 15), None),
    # Source is compiled with compile(..., module=fullname) (warnings name the module).
    'compile_with_module_name': ((3, 15), None),
    # cache_from_source() no longer takes debug_override.
    'cache_from_source_no_debug_override': ((3, 15), None),
    # decode_source() decodes as a text file reads: a '\r' at the very end becomes a newline
    # instead of being dropped.
    'decode_source_final': ((3, 15), None),
    # _NamespacePath is public as NamespacePath (the old name an alias); its repr says so,
    # and finding it with its parent missing is a ModuleNotFoundError.
    'namespace_path_public': ((3, 15), None),
    # PathFinder.discover() and FileFinder.discover() list the specs of the modules
    # importable under a package (or at the top level).
    'finder_discover': ((3, 15), None),
    # zipimport reads zstd members (method 93) and refuses other unknown methods with
    # ZipImportError instead of handing them to zlib.
    'zip_more_compression': ((3, 15), None),
}


def _since(name):
    """Whether the running release behaves as the change *name* made it."""
    first, ended = _CHANGES[name]  # KeyError: no such entry
    return first <= _RELEASE and (ended is None or _RELEASE < ended)
