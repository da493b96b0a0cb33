"""Core half, part 5: what import.c asks of importlib, and __import__ itself."""

# CPython's built-in __import__ (C) resolves names and handles sys.modules hits itself,
# then calls _find_and_load(), _lock_unlock_module() and _handle_fromlist() here.  The
# `from m import x` attribute step, with its circular-import and shadowing hints, is
# import_from() in ceval.c and stays C.  __import__ below is the same algorithm in
# Python: it is importlib.__import__.


def _resolve_name(name, package, level):
    """The absolute name of *name* imported at *level* from within *package*."""
    base = package
    for _ in range(level - 1):  # each level past the first climbs one package up
        base, dot, _ = base.rpartition('.')
        if not dot:
            raise ImportError('attempted relative import beyond top-level package')
    return f'{base}.{name}' if name else base


def _sanity_check(name, package, level):
    """Reject arguments no import could satisfy."""
    if not isinstance(name, str):
        raise TypeError(f'module name must be str, not {type(name)}')
    if level < 0:
        raise ValueError('level must be >= 0')
    if level > 0 and not isinstance(package, str):
        raise TypeError('__package__ not set to a string')
    if level > 0 and not package:
        raise ImportError('attempted relative import with no known parent package')
    if level == 0 and not name:
        raise ValueError('Empty module name')


def _calc___package__(globals):
    """The package a relative import is relative to, from the importer's globals.

    __package__ wins (with a DeprecationWarning if __spec__ disagrees), then
    __spec__.parent; failing both, __name__ and __path__ are used, with an ImportWarning.
    """
    package = globals.get('__package__')
    spec = globals.get('__spec__')
    if package is None and spec is not None:
        return spec.parent
    if package is not None:
        if spec is not None and package != spec.parent:
            _warnings.warn(f'__package__ != __spec__.parent ({package!r} != '
                           f'{spec.parent!r})', DeprecationWarning, stacklevel=3)
        return package
    _warnings.warn("can't resolve package from __spec__ or __package__, falling back "
                   "on __name__ and __path__", ImportWarning, stacklevel=3)
    name = globals['__name__']
    return name if '__path__' in globals else name.rpartition('.')[0]


def _find_and_load_unlocked(name, import_, *, lazy_submodule=False):
    """Import *name*, whose module lock the caller holds, and bind it on its parent.

    With *lazy_submodule* (3.15, PEP 810) a submodule that cannot be found is None
    rather than a ModuleNotFoundError: the lazy name stays unresolved.
    """
    parent, _, child = name.rpartition('.')
    path = parent_spec = None
    if parent:
        # On 3.15 _resolve_parents() imported the parent already; it can be missing
        # again if its import failed in another thread or someone removed it.
        if parent not in sys.modules:
            _call_with_frames_removed(import_, parent)
        # Importing the parent may have imported this module as a side effect.
        if (module := sys.modules.get(name)) is not None:
            return module
        parent_module = sys.modules[parent]
        # Only a package (a module with __path__) has submodules.
        path = getattr(parent_module, '__path__', _NEEDS_LOADING)
        if path is _NEEDS_LOADING:
            if lazy_submodule:
                return None
            raise ModuleNotFoundError(f'{_ERR_MSG_PREFIX}{name!r}; {parent!r} is not a '
                                      'package', name=name)
        parent_spec = parent_module.__spec__
        if getattr(parent_spec, '_initializing', False):
            # Another thread is still running the parent: wait for it to finish.
            _call_with_frames_removed(import_, parent)
        if (module := sys.modules.get(name)) is not None:
            return module
    spec = _find_spec(name, path)
    if spec is None:
        if lazy_submodule:
            return None
        raise ModuleNotFoundError(f'{_ERR_MSG_PREFIX}{name!r}', name=name)
    module = _load_submodule(spec, parent_spec, child)
    if parent:
        _bind_on_parent(parent, child, module)
    if _since('lazy_imports'):
        _bind_lazy_submodules(module, name)
    return module


# See versions.py.
_AUDIT_HERE = _since('import_audit_in_python')

if _since('lazy_imports'):
    def _bind_lazy_submodules(module, name):
        # The interpreter remembers the submodules of *name* that lazy imports named
        # before it was loaded; they become lazy attributes of the module now.
        try:
            _imp._set_lazy_attributes(module, name)
        except Exception as exc:
            _warnings.warn(f'Cannot set lazy attributes on {name!r}: {exc!r}',
                           ImportWarning)


def _load_submodule(spec, parent_spec, child):
    if not parent_spec:
        return _load_unlocked(spec)
    # While it loads, the child is listed on the parent's spec so that C can explain
    # an AttributeError on the parent as a circular import.
    parent_spec._uninitialized_submodules.append(child)
    try:
        return _load_unlocked(spec)
    finally:
        parent_spec._uninitialized_submodules.pop()


def _bind_on_parent(parent, child, module):
    try:
        setattr(sys.modules[parent], child, module)
    except AttributeError:
        _warnings.warn(f'Cannot set an attribute on {parent!r} for child module '
                       f'{child!r}', ImportWarning)


if not _since('parents_before_child_lock'):
    def _find_and_load(name, import_):
        """Return module *name*, importing it if it is not in sys.modules yet.

        A module another thread is still initializing is waited for; one this thread is
        initializing (a circular import) is returned as it is.
        """
        module = sys.modules.get(name, _NEEDS_LOADING)
        if module is _NEEDS_LOADING or _is_initializing(module):
            with _ModuleLockManager(name):
                module = sys.modules.get(name, _NEEDS_LOADING)
                if module is _NEEDS_LOADING:
                    return _find_and_load_unlocked(name, import_)
            _lock_unlock_module(name)
        elif sys.modules.get(name) is not module:
            # Another thread removed it after a failed import: import afresh, so that
            # the caller sees that import's own error.
            return _find_and_load(name, import_)
        if module is None:
            raise ModuleNotFoundError(f'import of {name} halted; None in sys.modules',
                                      name=name)
        return module
else:
    def _find_and_load(name, import_, *, lazy_submodule=False):
        """Return module *name*, importing it if it is not in sys.modules yet.

        The parent packages are imported (or waited for) before this module's lock is
        taken, so no thread holds a submodule's lock while it waits for a parent.  A
        module another thread is still initializing is waited for; if waiting would
        deadlock (a circular import across threads), the partial module is the answer.
        """
        module = sys.modules.get(name, _NEEDS_LOADING)
        if module is not _NEEDS_LOADING:
            if _is_initializing(module):
                module = _wait_for_module(name, module)
            elif sys.modules.get(name) is not module:
                # Removed meanwhile after a failed import: import afresh, to raise
                # that import's own error.
                return _find_and_load(name, import_, lazy_submodule=lazy_submodule)
        if module is _NEEDS_LOADING:
            if _AUDIT_HERE:
                sys.audit('import', name, None, getattr(sys, 'path', None),
                          getattr(sys, 'meta_path', None), getattr(sys, 'path_hooks', None))
            _resolve_parents(name, import_)
            return _load_with_lock(name, import_, lazy_submodule)
        return _not_halted(name, module)

    def _load_with_lock(name, import_, lazy_submodule):
        """Load *name* holding its lock, unless another thread loaded it first.

        A deadlock on the lock (a circular import across threads) leaves this thread
        the partial module, if there is one.
        """
        lock = _get_module_lock(name)
        try:
            lock.acquire()
        except _DeadlockError:
            found = sys.modules.get(name, _NEEDS_LOADING)
            if found is _NEEDS_LOADING:
                raise
            return _not_halted(name, found)
        try:
            found = sys.modules.get(name, _NEEDS_LOADING)
            if found is _NEEDS_LOADING:
                return _find_and_load_unlocked(name, import_, lazy_submodule=lazy_submodule)
        finally:
            lock.release()
        return _not_halted(name, found)

    def _not_halted(name, module):
        # None in sys.modules stops the import of that name.
        if module is None:
            raise ModuleNotFoundError(f'import of {name} halted; None in sys.modules',
                                      name=name)
        return module

    def _wait_for_module(name, module):
        """*module* once the thread running it is done: what sys.modules then holds
        (_NEEDS_LOADING if its import failed), or itself if waiting would deadlock."""
        lock = _get_module_lock(name)
        try:
            lock.acquire()
        except _DeadlockError:
            return module
        try:
            # Looked up under the lock: no other thread can be loading it anew.
            return sys.modules.get(name, _NEEDS_LOADING)
        finally:
            lock.release()

    def _resolve_parents(name, import_):
        """Wait for every ancestor package still being initialised, outermost first,
        then import the parent (or wait for it) unless it is there and done."""
        dot = name.find('.')
        parent = name.rpartition('.')[0]
        while 0 < dot < len(parent):
            ancestor = name[:dot]
            if _is_initializing(sys.modules.get(ancestor)):
                _lock_unlock_module(ancestor)
            dot = name.find('.', dot + 1)
        if parent:
            module = sys.modules.get(parent, _NEEDS_LOADING)
            if module is _NEEDS_LOADING or _is_initializing(module):
                _call_with_frames_removed(import_, parent)

    def _find_and_load_lazy_submodule(name, import_):
        """What C calls to resolve a lazily imported submodule: None if not found."""
        return _find_and_load(name, import_, lazy_submodule=True)


def _is_initializing(module):
    return getattr(getattr(module, '__spec__', None), '_initializing', False)


def _handle_fromlist(module, fromlist, import_, *, recursive=False):
    """Import the submodules of package *module* named in *fromlist*; return *module*.

    '*' stands for the names in module.__all__.  A submodule that does not exist is
    skipped: the caller's attribute lookup will report it.
    """
    for item in fromlist:
        if not isinstance(item, str):
            where = f'{module.__name__}.__all__' if recursive else "``from list''"
            raise TypeError(f'Item in {where} must be str, not {type(item).__name__}')
        if item == '*':
            if not recursive and hasattr(module, '__all__'):
                _handle_fromlist(module, module.__all__, import_, recursive=True)
        elif not hasattr(module, item):
            _import_from_item(f'{module.__name__}.{item}', import_)
    return module


def _import_from_item(from_name, import_):
    try:
        _call_with_frames_removed(import_, from_name)
    except ModuleNotFoundError as exc:
        # Tolerate exactly "this submodule does not exist", unless sys.modules blocks
        # it with None (which must keep failing).
        if exc.name != from_name or sys.modules.get(from_name, _NEEDS_LOADING) is None:
            raise


def __import__(name, globals=None, locals=None, fromlist=(), level=0):
    """Import a module, as the import statement does (importlib's own __import__).

    *globals* locates a relative import (level > 0: the number of leading dots);
    *locals* is ignored.  With an empty *fromlist*, `import a.b.c` binds `a`, so the
    top-level package is returned; otherwise the named module is, after the names in
    *fromlist* are imported as its submodules where it is a package.
    """
    if level == 0:
        module = _gcd_import(name)
    else:
        package = _calc___package__(globals if globals is not None else {})
        module = _gcd_import(name, package, level)
    if fromlist:
        if hasattr(module, '__path__'):
            return _handle_fromlist(module, fromlist, _gcd_import)
        return module
    return _head_of(name, level, module)


def _head_of(name, level, module):
    """What `import name` binds: the first component of *name*."""
    head = name.partition('.')[0]
    if level == 0:
        return _gcd_import(head)
    if not name:
        return module
    # For `from . import` style names the head is *name*'s first component counted back
    # from the end of the module's absolute name.
    tail_length = len(name) - len(head)
    return sys.modules[module.__name__[:len(module.__name__) - tail_length]]


def _gcd_import(name, package=None, level=0):
    """Import *name* (relative to *package* when level > 0) and return that module.

    The part import_module() and __import__() have in common.
    """
    _sanity_check(name, package, level)
    if level > 0:
        name = _resolve_name(name, package, level)
    return _find_and_load(name, _gcd_import)
