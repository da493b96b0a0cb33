"""Core half, part 4: the importers of modules compiled into the interpreter."""

_requires_builtin = _require(lambda fullname: fullname in sys.builtin_module_names,
                             'built-in')
_requires_frozen = _require(lambda fullname: _imp.is_frozen(fullname), 'frozen')


def _builtin_query(method):
    """A classmethod answering only for built-in modules."""
    return classmethod(_requires_builtin(method))


def _frozen_query(method):
    """A classmethod answering only for frozen modules."""
    return classmethod(_requires_frozen(method))


class BuiltinImporter:
    """Finds and loads built-in modules (sys.builtin_module_names); never instantiated."""

    _ORIGIN = 'built-in'

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if not _imp.is_builtin(fullname):
            return None
        return spec_from_loader(fullname, cls, origin=cls._ORIGIN)

    @staticmethod
    def create_module(spec):
        """Initialise the built-in module through its C init function."""
        if spec.name not in sys.builtin_module_names:
            raise ImportError(f'{spec.name!r} is not a built-in module', name=spec.name)
        return _call_with_frames_removed(_imp.create_builtin, spec)

    @staticmethod
    def exec_module(module):
        """Run the multi-phase initialisation slots of a built-in module."""
        _call_with_frames_removed(_imp.exec_builtin, module)

    @_builtin_query
    def is_package(cls, fullname):
        """Built-in modules are never packages: False."""
        return False

    @_builtin_query
    def get_source(cls, fullname):
        """Built-in modules have no source: None."""
        return None

    @_builtin_query
    def get_code(cls, fullname):
        """Built-in modules have no code object: None."""
        return None

    if not _since('load_module_removed'):
        load_module = classmethod(_load_module_shim)


def _frozen_state(filename, origname):
    # The loader_state of a frozen module's spec: a SimpleNamespace, like sys.implementation.
    return type(sys.implementation)(filename=filename, origname=origname)


class FrozenImporter:
    """Finds and loads frozen modules, whose code objects live in the executable.

    A frozen stdlib module remembers its original name (origname), from which its
    __file__ (and a package's __path__) in the stdlib directory are derived.
    """

    _ORIGIN = 'frozen'

    @classmethod
    def _resolve_filename(cls, fullname, alias=None, ispkg=False):
        """The stdlib (filename, package directory) of frozen module *fullname*.

        *alias* is the name the module is imported under.  An origname starting with '<'
        marks a package's __init__ frozen under another name.
        """
        stdlib = getattr(sys, '_stdlib_dir', None)
        if not fullname or not stdlib:
            return None, None
        sep = cls._separator()
        if fullname != alias:
            if fullname.startswith('<'):
                fullname = fullname[1:] if ispkg else f'{fullname[1:]}.__init__'
            else:
                ispkg = False
        base = stdlib + sep + fullname.replace('.', sep)
        if ispkg:
            return f'{base}{sep}__init__.py', base
        return f'{base}.py', None

    @classmethod
    def _separator(cls):
        try:
            return cls._SEP
        except AttributeError:
            cls._SEP = '\\' if sys.platform == 'win32' else '/'
            return cls._SEP

    @classmethod
    def _fix_up_module(cls, module):
        """Give a frozen module imported by C (without a full spec) its frozen details."""
        spec = module.__spec__
        if spec.loader_state is not None:
            return
        origname = vars(module).pop('__origname__', None)
        ispkg = hasattr(module, '__path__')
        filename, pkgdir = cls._resolve_filename(origname, spec.name, ispkg)
        spec.loader_state = _frozen_state(filename, origname)
        search = spec.submodule_search_locations
        if ispkg and pkgdir:
            search.insert(0, pkgdir)
        if filename:
            try:
                module.__file__ = filename
            except AttributeError:
                pass
        if ispkg and module.__path__ != search:
            module.__path__.extend(search)

    @staticmethod
    def create_module(spec):
        """A plain module, with the stdlib __file__ of the frozen original if known."""
        module = _new_module(spec.name)
        filename = getattr(spec.loader_state, 'filename', None)
        if filename:
            module.__file__ = filename
        return module

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        found = _call_with_frames_removed(_imp.find_frozen, fullname)
        if found is None:
            return None
        # The code object itself is fetched by exec_module(), not here.
        _, ispkg, origname = found
        spec = spec_from_loader(fullname, cls, origin=cls._ORIGIN, is_package=ispkg)
        filename, pkgdir = cls._resolve_filename(origname, fullname, ispkg)
        spec.loader_state = _frozen_state(filename, origname)
        if pkgdir:
            spec.submodule_search_locations.insert(0, pkgdir)
        return spec

    @staticmethod
    def exec_module(module):
        name = module.__spec__.name
        code = _call_with_frames_removed(_imp.get_frozen_object, name)
        exec(code, module.__dict__)

    if not _since('load_module_removed'):
        @classmethod
        def load_module(cls, fullname):
            """Deprecated: load the frozen module into sys.modules; use exec_module()."""
            module = _load_module_shim(cls, fullname)
            _, ispkg, origname = _imp.find_frozen(fullname)
            # Present the module the way C's PyImport_ImportFrozenModuleObject() leaves it.
            if ispkg:
                module.__path__ = []
            vars(module).pop('__file__', None)
            module.__origname__ = origname
            cls._fix_up_module(module)
            return module

    @_frozen_query
    def is_package(cls, fullname):
        return _imp.is_frozen_package(fullname)

    @_frozen_query
    def get_source(cls, fullname):
        """Frozen modules have no source: None."""
        return None

    @_frozen_query
    def get_code(cls, fullname):
        return _imp.get_frozen_object(fullname)


def _builtin_from_name(name):
    spec = BuiltinImporter.find_spec(name)
    if spec is None:
        raise ImportError('no built-in module named ' + name)
    return _load_unlocked(spec)
