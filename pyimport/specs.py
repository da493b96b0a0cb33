"""Path half, part 5: module specs for files, and module-attribute helpers the C code calls."""

import _warnings

# Default for spec_from_file_location(): ask the loader whether it is a
# package.  Distinct from None, which means "not a package".
_POPULATE = object()


def _location_of(name, location, loader):
    """Absolute location string for a spec, or '<unknown>'."""
    if location is not None:
        location = _os.fspath(location)
        try:
            return _path_abspath(location)
        except OSError:
            return location  # e.g. the cwd is gone
    # Only an ExecutionLoader can tell where the module lives.
    if hasattr(loader, 'get_filename'):
        try:
            return loader.get_filename(name)
        except ImportError:
            pass
    return '<unknown>'


def _loader_for_location(name, location):
    """Instantiate the file loader whose suffixes match location."""
    for loader_class, suffixes in _get_supported_file_loaders():
        if location.endswith(tuple(suffixes)):
            return loader_class(name, location)
    return None


def _loader_says_package(loader, name):
    if not hasattr(loader, 'is_package'):
        return False
    try:
        return loader.is_package(name)
    except ImportError:
        return False


def spec_from_file_location(name, location=None, *, loader=None,
                            submodule_search_locations=_POPULATE):
    """A ModuleSpec for a module stored at a file location.

    Without a loader, one is picked by file suffix (None is returned if
    no suffix matches).  submodule_search_locations defaults to asking the
    loader's is_package(); an empty list is filled with the directory of
    location.
    """
    location = _location_of(name, location, loader)
    spec = _bootstrap.ModuleSpec(name, loader, origin=location)
    spec._set_fileattr = True
    if loader is None:
        loader = _loader_for_location(name, location)
        if loader is None:
            return None
        spec.loader = loader
    if submodule_search_locations is not _POPULATE:
        spec.submodule_search_locations = submodule_search_locations
    elif _loader_says_package(loader, name):
        spec.submodule_search_locations = []
    if spec.submodule_search_locations == [] and location:
        spec.submodule_search_locations.append(_path_split(location)[0])
    return spec


def _bless_my_loader(module_globals):
    """The loader to trust for a module's globals (used by _warnings.c).

    Prefers __spec__.loader; warns (DeprecationWarning) when it is missing
    but __loader__ exists, or when the two disagree.
    """
    # An empty or non-dict namespace cannot be judged: no loader, no error.
    if not isinstance(module_globals, dict):
        return None
    absent = object()
    loader = module_globals.get('__loader__')
    spec = module_globals.get('__spec__', absent)
    # A script's or the REPL's __main__ has no spec, legitimately.
    if spec is None and module_globals.get('__name__') == '__main__':
        return loader
    if loader is None and spec is absent:
        return None
    if loader is None and spec is None:
        raise ValueError('Module globals is missing a __spec__.loader')
    spec_loader = getattr(spec, 'loader', absent)
    if spec_loader is absent or spec_loader is None:
        if loader is None:
            error = AttributeError if spec_loader is absent else ValueError
            raise error('Module globals is missing a __spec__.loader')
        _warnings.warn('Module globals is missing a __spec__.loader',
                       DeprecationWarning)
        return loader
    if loader is not None and loader != spec_loader:
        _warnings.warn('Module globals; __loader__ != __spec__.loader',
                       DeprecationWarning)
        return loader
    return spec_loader


def _fix_up_module(ns, name, pathname, cpathname=None):
    """Fill in __spec__, __loader__, __file__ and (before 3.15) __cached__
    of a module namespace built by PyImport_ExecCodeModuleObject()."""
    spec = ns.get('__spec__')
    loader = ns.get('__loader__') or _exec_code_loader(spec, name, pathname,
                                                       cpathname)
    if not spec:
        spec = spec_from_file_location(name, pathname, loader=loader)
        if cpathname:
            spec.cached = _path_abspath(cpathname)
    attrs = (('__spec__', spec), ('__loader__', loader), ('__file__', pathname))
    if not _since('no_cached_attribute'):
        attrs += (('__cached__', cpathname),)
    try:
        for key, value in attrs:
            ns[key] = value
    except Exception:
        pass  # a read-only namespace is not worth failing the import over


def _exec_code_loader(spec, name, pathname, cpathname):
    """Loader for code executed by the C API when none was given."""
    if spec:
        return spec.loader
    # Identical paths mean the code came from a bare pyc.
    if pathname == cpathname:
        return SourcelessFileLoader(name, pathname)
    return SourceFileLoader(name, pathname)
