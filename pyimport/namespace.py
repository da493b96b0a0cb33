"""Path half, part 6: PEP 420 namespace packages — the self-updating __path__ and their loader."""


class NamespacePath:

    """A namespace package's __path__.

    It remembers the parent's path (sys.path for a top-level package, the
    parent package's __path__ otherwise) and recomputes its portions with
    path_finder whenever that changes, or when invalidate_caches() has
    been called since the last look (the class-wide epoch moved).
    """

    # Bumped by PathFinder.invalidate_caches() to force recomputation.
    _epoch = 0

    def __init__(self, name, path, path_finder):
        self._name = name
        self._path_finder = path_finder
        self._path = path
        self._last_epoch = self._epoch
        self._last_parent_path = tuple(self._get_parent_path())

    def _find_parent_path_names(self):
        """(module name, attribute name) holding the parent's path."""
        parent, dot, _ = self._name.rpartition('.')
        if not dot:
            return 'sys', 'path'
        return parent, '__path__'

    def _get_parent_path(self):
        module_name, attr = self._find_parent_path_names()
        if _since('namespace_path_public'):
            try:
                parent = sys.modules[module_name]
            except KeyError as exc:
                raise ModuleNotFoundError(f'{module_name!r} must be imported before '
                                          f'finding {self._name!r}.',
                                          name=module_name) from exc
            return getattr(parent, attr)
        return getattr(sys.modules[module_name], attr)

    def _recalculate(self):
        parent_path = tuple(self._get_parent_path())
        unchanged = (parent_path == self._last_parent_path
                     and self._epoch == self._last_epoch)
        if not unchanged:
            found = self._path_finder(self._name, parent_path)
            # A regular package now shadowing us leaves __path__ as it was.
            portions = None if found is None or found.loader is not None else (
                found.submodule_search_locations)
            if portions:
                self._path = portions
            self._last_epoch, self._last_parent_path = self._epoch, parent_path
        return self._path

    # Reads see the recomputed path; writes go to the stored list.
    def __len__(self):
        return len(self._recalculate())

    def __contains__(self, item):
        return item in self._recalculate()

    def __iter__(self):
        return iter(self._recalculate())

    def __getitem__(self, index):
        return self._recalculate()[index]

    def append(self, item):
        self._path.append(item)

    def __setitem__(self, index, path):
        self._path[index] = path

    def __repr__(self):
        return f'{_PATH_CLASS_NAME}({self._path!r})'


# 3.15 made the class public (see versions.py); the old name stays an alias.
_PUBLIC = _since('namespace_path_public')
_PATH_CLASS_NAME = 'NamespacePath' if _PUBLIC else '_NamespacePath'
_NamespacePath = NamespacePath
if not _PUBLIC:
    NamespacePath.__name__ = NamespacePath.__qualname__ = '_NamespacePath'
    del NamespacePath


class NamespaceLoader:

    """Loader of PEP 420 namespace packages (public: it is their
    __loader__)."""

    def __init__(self, name, path, path_finder):
        self._path = _NamespacePath(name, path, path_finder)

    def create_module(self, spec):
        """Let the import system create the module."""

    def exec_module(self, module):
        """Nothing to run: a namespace package has no code."""

    def is_package(self, fullname):
        return True

    if _since('compile_with_module_name'):
        def get_code(self, fullname):
            """An empty module's code."""
            return compile('', '<string>', 'exec', dont_inherit=True, module=fullname)
    else:
        def get_code(self, fullname):
            """An empty module's code."""
            return compile('', '<string>', 'exec', dont_inherit=True)

    def get_source(self, fullname):
        return ''

    def get_resource_reader(self, module):
        from importlib.readers import NamespaceReader
        return NamespaceReader(self._path)

    if not _since('load_module_removed'):
        def load_module(self, fullname):
            """Deprecated; the import system itself never calls it."""
            _bootstrap._verbose_message('namespace module loaded with path {!r}',
                                        self._path)
            return _bootstrap._load_module_shim(self, fullname)


# The name the core's module_from_spec() uses.
_NamespaceLoader = NamespaceLoader
