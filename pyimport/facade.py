"""Core half, part 6: start-up wiring, and the contract between pyimport's two halves.

The import system lives in two module objects CPython creates at start-up:
``_frozen_importlib`` (the *core half*, importlib._bootstrap) and
``_frozen_importlib_external`` (the *path half*, importlib._bootstrap_external).
pyimport.install.install_sources() has a half's files exec'd, in order, into the namespace of
its module object, so each half is one namespace; either half may be CPython's own
source or pyimport's, and every pairing must work.  pyimport's core half is versions.py,
locks.py, core.py, loading.py, builtin_frozen.py, importc.py, statement.py, facade.py; its
path half is versions.py, path.py, siphash.py, pyc.py, loaders.py, specs.py, namespace.py,
finders.py (install.py holds both lists).  versions.py says what each CPython release
changed; the names below are 3.14's, and versions.py's entries say which come and go.  The pairing needs these names:

Core half provides (the path half reaches them as ``_bootstrap.<name>``; importlib,
importlib.machinery/util/abc/_abc, zipimport and C reach them too):
    ModuleSpec -- instances keep CPython's attributes: name, loader, origin,
        loader_state, submodule_search_locations, _set_fileattr, _cached,
        _uninitialized_submodules, _initializing; properties cached, parent,
        has_location.  C reads _initializing and _uninitialized_submodules.
    spec_from_loader, module_from_spec, _init_module_attrs, _new_module, _wrap,
    _verbose_message(message, *args, verbosity=1), _call_with_frames_removed (C trims
        tracebacks at frames of a function of this name in the half's file name),
    _load_module_shim, _load, _load_unlocked, _exec, _find_spec, _resolve_name,
    _gcd_import, __import__ (is importlib.__import__), BuiltinImporter, FrozenImporter
        (frozen specs' loader_state has .filename and .origname),
    _find_and_load(name, import_), _handle_fromlist(module, fromlist, import_),
        _lock_unlock_module(name), _module_repr(module) -- called by C,
    _ModuleLock, _DeadlockError, _blocking_on, _module_locks, _get_module_lock,
    _bootstrap_external -- the path half's module, set by _install_external_importers,
    sys, _imp, _thread, _warnings, _weakref -- set by _setup,
    _setup(sys, _imp), _install(sys, _imp) (appends BuiltinImporter and FrozenImporter
        to sys.meta_path), _install_external_importers() (calls the path half's
        _install with the core module).
    pyimport's core only: _builtin_import (C's __import__ in Python) and
        _setup_statement(), which swap.py calls before making it builtins.__import__
        (the pyimport-full variant; the other variants leave statement.py out).

Path half provides (the core reaches them as ``_bootstrap_external.<name>``):
    _set_bootstrap_module(core_module), _install(core_module) -- the latter appends
        its FileFinder path hook to sys.path_hooks and PathFinder to sys.meta_path,
    spec_from_file_location, _get_cached(filename), NamespaceLoader (instances keep the
        package path in ._path), _NamespacePath(name, path, path_finder),
    and for importlib, machinery, util, abc, zipimport, C and the tests:
    PathFinder (with _get_spec), FileFinder (path_hook), FileLoader, SourceLoader,
    _LoaderBasics, SourceFileLoader, SourcelessFileLoader, ExtensionFileLoader,
    AppleFrameworkLoader, WindowsRegistryFinder (file loaders take (name, path) and keep
    .name and .path), MAGIC_NUMBER, SOURCE_SUFFIXES, BYTECODE_SUFFIXES,
    EXTENSION_SUFFIXES, DEBUG_BYTECODE_SUFFIXES, OPTIMIZED_BYTECODE_SUFFIXES,
    cache_from_source, source_from_cache, decode_source, _pack_uint32,
    _unpack_uint16/32/64, _path_join, _path_split, _path_stat, _path_isfile,
    path_sep, path_separators, _os, _write_atomic, _classify_pyc,
    _validate_hash_pyc, _validate_timestamp_pyc, _code_to_hash_pyc,
    _code_to_timestamp_pyc, _fix_up_module (C, zipimport), _get_sourcefile (C),
    _bless_my_loader (C), _get_supported_file_loaders.
    Its file name is '<frozen importlib._bootstrap_external>' and it runs module code
    through _bootstrap._call_with_frames_removed.
"""


def _setup(sys_module, _imp_module):
    """Wire this half to the interpreter, as pythonrun does right after loading it.

    sys and _imp are passed in because nothing can be imported yet.  Built-in and
    frozen modules loaded before this half existed get their specs here.
    """
    global sys, _imp, _blocking_on
    sys, _imp = sys_module, _imp_module
    builtin_names = frozenset(sys.builtin_module_names)  # a tuple: slow to search per module
    for name, module in list(sys.modules.items()):
        if not isinstance(module, type(sys)):
            continue
        if name in builtin_names:
            loader = BuiltinImporter
        elif _imp.is_frozen(name):
            loader = FrozenImporter
        else:
            continue
        _init_module_attrs(_spec_from_module(module, loader), module)
        if loader is FrozenImporter:
            loader._fix_up_module(module)
    namespace = vars(sys.modules[__name__])
    for name in ('_thread', '_warnings', '_weakref'):
        namespace[name] = sys.modules.get(name) or _builtin_from_name(name)
    # Needs _weakref, hence made only now.
    _blocking_on = _WeakValueDictionary()


def _install(sys_module, _imp_module):
    """Set up this half and put its finders on sys.meta_path."""
    _setup(sys_module, _imp_module)
    sys.meta_path.extend([BuiltinImporter, FrozenImporter])


def _install_external_importers():
    """Join the path half (already loaded by the installer) and let it install itself."""
    global _bootstrap_external
    import _frozen_importlib_external
    _bootstrap_external = _frozen_importlib_external
    _frozen_importlib_external._install(sys.modules[__name__])
