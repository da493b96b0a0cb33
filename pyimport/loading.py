"""Core half, part 3: loading a module from its spec, and the meta path search."""


# --- Loading -----------------------------------------------------------------------

def _move_to_end_of_modules(name):
    # sys.modules order is the order of clean-up at shutdown: last loaded, first freed.
    module = sys.modules.pop(name)
    sys.modules[name] = module
    return module


# Before 3.15 a loader without exec_module() is still run through its load_module().
# Each test of that asks _since() itself, so that on 3.15 the compiler drops the path,
# and its two helpers, _warn_no_exec_module and _load_backward_compatible, are not
# defined at all.
if not _since('load_module_removed'):
    def _warn_no_exec_module(loader):
        _warnings.warn(f'{_object_name(loader)}.exec_module() not found; '
                       'falling back to load_module()', ImportWarning)


def _exec(spec, module):
    """Execute the spec's module again in an existing module object (reload)."""
    name = spec.name
    with _ModuleLockManager(name):
        if sys.modules.get(name) is not module:
            raise ImportError(f'module {name!r} not in sys.modules', name=name)
        try:
            loader = spec.loader
            if loader is None and spec.submodule_search_locations is None:
                raise ImportError('missing loader', name=spec.name)
            _init_module_attrs(spec, module, override=True)
            if loader is None:
                pass  # a namespace package has nothing to execute
            elif _since('load_module_removed') or hasattr(loader, 'exec_module'):
                loader.exec_module(module)
            else:
                _warn_no_exec_module(loader)
                loader.load_module(name)
        finally:
            module = _move_to_end_of_modules(spec.name)
    return module


if not _since('load_module_removed'):
    def _load_backward_compatible(spec):
        """Load through the deprecated load_module(); callers have warned already."""
        name = spec.name
        try:
            spec.loader.load_module(name)
        except:
            if name in sys.modules:
                _move_to_end_of_modules(name)
            raise
        module = _move_to_end_of_modules(spec.name)
        if _lacks(module, '__loader__'):
            _set_attr(module, '__loader__', spec.loader)
        if _lacks(module, '__package__'):
            # Judge package-ness by the module's own __path__: the loader may have set
            # one that disagrees with the spec.
            try:
                package = module.__name__
                if not hasattr(module, '__path__'):
                    package = spec.name.rpartition('.')[0]
                module.__package__ = package
            except AttributeError:
                pass
        if _lacks(module, '__spec__'):
            _set_attr(module, '__spec__', spec)
        return module


def _load(spec):
    """Load a new module for *spec* under its lock, clobbering any in sys.modules.

    Unlike an import, the module is not bound on its parent package.
    """
    with _ModuleLockManager(spec.name):
        return _load_unlocked(spec)


def _load_unlocked(spec):
    """Create, register and execute the module for *spec*; the caller holds its lock."""
    if (not _since('load_module_removed') and spec.loader is not None
            and not hasattr(spec.loader, 'exec_module')):
        _warn_no_exec_module(spec.loader)
        return _load_backward_compatible(spec)
    module = module_from_spec(spec)
    # import.c only waits on a module in sys.modules whose spec is _initializing, so
    # the flag must be up before the module becomes visible there.
    spec._initializing = True
    try:
        sys.modules[spec.name] = module
        loader = spec.loader
        try:
            if loader is not None:
                loader.exec_module(module)
            elif spec.submodule_search_locations is None:
                raise ImportError('missing loader', name=spec.name)
        except:
            sys.modules.pop(spec.name, None)
            raise
        # The module may have replaced itself in sys.modules; that object is the result.
        module = _move_to_end_of_modules(spec.name)
        _verbose_message('import {!r} # {!r}', spec.name, spec.loader)
    finally:
        spec._initializing = False
    return module


# --- Finding -----------------------------------------------------------------------

def _find_spec(name, path, target=None):
    """Ask each finder on sys.meta_path for *name*'s spec; the first answer wins."""
    if sys.meta_path is None:
        raise ImportError('sys.meta_path is None, Python is likely shutting down')
    # A copy, so that finders changing sys.meta_path do not disturb the walk (gh-130094).
    finders = list(sys.meta_path)
    if not finders:
        _warnings.warn('sys.meta_path is empty', ImportWarning)
    # Known before searching: importing a parent package may add *name* meanwhile.
    reloading = name in sys.modules
    for finder in finders:
        # Each finder is asked under the global import lock (taken by hand: this loop
        # runs for every finder of every import).
        _imp.acquire_lock()
        try:
            try:
                find_spec = finder.find_spec
            except AttributeError:
                continue  # not a finder of today's protocol: skipped
            spec = find_spec(name, path, target)
        finally:
            _imp.release_lock()
        if spec is not None:
            return spec if reloading else _prefer_loaded_spec(name, spec)
    return None


def _prefer_loaded_spec(name, found):
    # If importing the parent already loaded the module, keep describing that module.
    if name not in sys.modules:
        return found
    try:
        loaded = sys.modules[name].__spec__
    except AttributeError:
        return found
    return found if loaded is None else loaded
