"""Core half, part 2: helpers both halves use, module specs, and creating module objects."""

# Set by _install_external_importers() (facade.py) to the path half's module.
_bootstrap_external = None

_ERR_MSG_PREFIX = 'No module named '

# Marks "no entry in sys.modules", which None cannot since None is a valid entry.
_NEEDS_LOADING = object()


# --- Small helpers shared by both halves ---------------------------------------------

def _object_name(obj):
    try:
        return obj.__qualname__
    except AttributeError:
        return type(obj).__qualname__


def _wrap(new, old):
    """Copy naming attributes and __dict__ from old to new (functools is not available)."""
    for attr in ('__module__', '__name__', '__qualname__', '__doc__'):
        if hasattr(old, attr):
            setattr(new, attr, getattr(old, attr))
    new.__dict__.update(old.__dict__)


def _new_module(name):
    return type(sys)(name)


def _call_with_frames_removed(f, *args, **kwds):
    """Call f(*args, **kwds) as a boundary for traceback trimming.

    remove_importlib_frames() in import.c drops every run of importlib frames that ends
    in a frame of this function, so errors raised by the module's own code show only
    that code.  It recognises the function by name and file name.
    """
    return f(*args, **kwds)


def _verbose_message(message, *args, verbosity=1):
    """Print the formatted message to stderr when -v was given at least *verbosity* times."""
    if sys.flags.verbose < verbosity:
        return
    if not message.startswith(('#', 'import ')):
        message = '# ' + message
    print(message.format(*args), file=sys.stderr)


def _require(predicate, kind):
    """Decorator factory: the wrapped loader method accepts only modules of one kind."""
    def decorate(method):
        def checked(self, fullname):
            if not predicate(fullname):
                raise ImportError(f'{fullname!r} is not a {kind} module', name=fullname)
            return method(self, fullname)
        _wrap(checked, method)
        return checked
    return decorate


if not _since('load_module_removed'):
    def _load_module_shim(self, fullname):
        """The deprecated loader.load_module(), for loaders that implement exec_module().

        Loads the module into sys.modules (re-executing it if already there) and returns it.
        """
        _warnings.warn('the load_module() method is deprecated and slated for removal in '
                       'Python 3.15; use exec_module() instead', DeprecationWarning)
        spec = spec_from_loader(fullname, self)
        if fullname not in sys.modules:
            return _load(spec)
        _exec(spec, sys.modules[fullname])
        return sys.modules[fullname]


# --- Module specs ------------------------------------------------------------------

class ModuleSpec:
    """Everything the import system knows about a module before loading it (PEP 451).

    `name` is the module's absolute name and `loader` the object that will load it.
    `origin` says where it comes from; `has_location` says whether origin is a place
    in the file system (then __file__ is set from it), and `cached` where its compiled
    form is kept.  A non-None `submodule_search_locations` makes the module a package
    whose submodules are searched there; `parent` is the package the module lives in.
    `loader_state` is for the loader's own use.  Only finders should change a spec.
    """

    def __init__(self, name, loader, *, origin=None, loader_state=None,
                 is_package=None):
        # Backing fields of has_location and cached.
        self._set_fileattr = False
        self._cached = None
        self.name, self.loader, self.origin = name, loader, origin
        self.loader_state = loader_state
        self.submodule_search_locations = [] if is_package else None
        # Names of submodules being imported right now; module.__getattr__ in C reads
        # it to explain an AttributeError caused by a circular import.
        self._uninitialized_submodules = []

    def __repr__(self):
        parts = [f'name={self.name!r}', f'loader={self.loader!r}']
        if self.origin is not None:
            parts.append(f'origin={self.origin!r}')
        if self.submodule_search_locations is not None:
            parts.append(f'submodule_search_locations={self.submodule_search_locations}')
        return f'{type(self).__name__}({", ".join(parts)})'

    def __eq__(self, other):
        fields = ('name', 'loader', 'origin', 'submodule_search_locations', 'cached',
                  'has_location')
        try:
            return all(getattr(self, f) == getattr(other, f) for f in fields)
        except AttributeError:
            return NotImplemented

    @property
    def has_location(self):
        return self._set_fileattr

    @has_location.setter
    def has_location(self, value):
        self._set_fileattr = True if value else False

    @property
    def parent(self):
        """The name of the package this module belongs to ('' for top-level modules)."""
        if self.submodule_search_locations is not None:
            return self.name
        return self.name.rpartition('.')[0]

    @property
    def cached(self):
        if self._cached is None and self.origin is not None and self._set_fileattr:
            # What _external_half() checks, written out: every module from a file asks.
            external = _bootstrap_external
            if external is None:
                raise NotImplementedError
            self._cached = external._get_cached(self.origin)
        return self._cached

    @cached.setter
    def cached(self, cached):
        self._cached = cached


def _external_half():
    # Before _install_external_importers() the core half works alone: file-related
    # features are then unavailable, as in CPython.
    if _bootstrap_external is None:
        raise NotImplementedError
    return _bootstrap_external


def spec_from_loader(name, loader, *, origin=None, is_package=None):
    """A spec for *name* built from what the loader can tell about the module."""
    origin = getattr(loader, '_ORIGIN', None) if origin is None else origin
    if not origin and hasattr(loader, 'get_filename'):
        # A loader with a file: the path half knows how to turn that into a spec.
        from_file = _external_half().spec_from_file_location
        if is_package is None:
            return from_file(name, loader=loader)
        return from_file(name, loader=loader,
                         submodule_search_locations=[] if is_package else None)
    if is_package is None:
        is_package = _ask_is_package(loader, name)
    return ModuleSpec(name, loader, origin=origin, is_package=is_package)


def _ask_is_package(loader, name):
    if not hasattr(loader, 'is_package'):
        return False
    try:
        return loader.is_package(name)
    except ImportError:
        return None


def _spec_from_module(module, loader=None, origin=None):
    """The module's spec, or one reconstructed from its attributes (used by _setup())."""
    try:
        existing = module.__spec__
    except AttributeError:
        existing = None
    if existing is not None:
        return existing
    if loader is None:
        loader = getattr(module, '__loader__', None)
    location = getattr(module, '__file__', None)
    if origin is None:
        origin = getattr(loader, '_ORIGIN', None) if loader is not None else None
        if not origin and location is not None:
            origin = location
    spec = ModuleSpec(module.__name__, loader, origin=origin)
    spec._set_fileattr = location is not None and origin == location
    # Without __cached__ (3.15) the spec works its cache path out from origin.
    spec.cached = None if _NO_CACHED else getattr(module, '__cached__', None)
    try:
        spec.submodule_search_locations = list(module.__path__)
    except AttributeError:
        spec.submodule_search_locations = None
    return spec


# --- Module objects ----------------------------------------------------------------

def _set_attr(module, name, value):
    # A module may refuse attribute assignment; then it simply goes without.
    try:
        setattr(module, name, value)
    except AttributeError:
        pass


def _lacks(module, name):
    return getattr(module, name, None) is None


def _init_module_attrs(spec, module, *, override=False):
    """Set the import-related attributes of *module* from *spec*.

    Without *override* only missing (or None) attributes are filled in, except
    __spec__ which is always set.  The order matters to modules that watch assignment.
    A module may refuse an attribute (AttributeError); it then goes without it.
    """
    # Every import runs this: the checks are written out rather than calls of a helper.
    get = getattr
    values = {}  # attribute -> value, in the order they are assigned
    if override or get(module, '__name__', None) is None:
        values['__name__'] = spec.name
    if override or get(module, '__loader__', None) is None:
        loader = spec.loader
        if loader is None and spec.submodule_search_locations is not None:
            loader = _namespace_loader_for(spec, module)
        values['__loader__'] = loader
    if override or get(module, '__package__', None) is None:
        values['__package__'] = spec.parent
    values['__spec__'] = spec
    if (override or get(module, '__path__', None) is None) \
            and spec.submodule_search_locations is not None:
        values['__path__'] = spec.submodule_search_locations
    if spec.has_location:
        if override or get(module, '__file__', None) is None:
            values['__file__'] = spec.origin
        if not _NO_CACHED and (override or get(module, '__cached__', None) is None) \
                and spec.cached is not None:
            values['__cached__'] = spec.cached
    if type(module) is type(sys):
        # A plain module object neither refuses nor watches these: its namespace takes them all.
        module.__dict__.update(values)
        return module
    for name, value in values.items():
        try:
            setattr(module, name, value)
        except AttributeError:
            pass
    return module


_NO_CACHED = _since('no_cached_attribute')


def _namespace_loader_for(spec, module):
    """Give a loader-less package spec a namespace loader, as older finders expect."""
    loader_class = _external_half().NamespaceLoader
    loader = loader_class.__new__(loader_class)
    loader._path = spec.submodule_search_locations
    spec.loader = loader
    # Namespace packages have no file: __file__ is None to match spec.origin (bpo-32305).
    module.__file__ = None
    return loader


def module_from_spec(spec):
    """A new module for *spec*, made by its loader if it wants to, attributes set."""
    loader = spec.loader
    module = None
    if hasattr(loader, 'create_module'):
        module = loader.create_module(spec)
    elif hasattr(loader, 'exec_module'):
        raise ImportError('loaders that define exec_module() must also define '
                          'create_module()')
    if module is None:
        module = _new_module(spec.name)
    _init_module_attrs(spec, module)
    return module


def _module_repr(module):
    """The repr of a module object; the C type's __repr__ calls this."""
    loader = getattr(module, '__loader__', None)
    spec = getattr(module, '__spec__', None)
    if spec:
        return _module_repr_from_spec(spec)
    name = getattr(module, '__name__', '?')
    try:
        filename = module.__file__
    except AttributeError:
        return f'<module {name!r}>' if loader is None else f'<module {name!r} ({loader!r})>'
    return f'<module {name!r} from {filename!r}>'


def _module_repr_from_spec(spec):
    name = '?' if spec.name is None else spec.name
    if spec.origin is not None:
        if spec.has_location:
            return f'<module {name!r} from {spec.origin!r}>'
        return f'<module {spec.name!r} ({spec.origin})>'
    loader = spec.loader
    if loader is None:
        return f'<module {name!r}>'
    if (_bootstrap_external is not None
            and isinstance(loader, _bootstrap_external.NamespaceLoader)):
        return f'<module {name!r} (namespace) from {list(loader._path)}>'
    return f'<module {name!r} ({loader!r})>'
