"""Path half, part 7: the sys.path meta path finder, the directory finder, and installation."""

import _warnings
import sys


class PathFinder:

    """Meta path finder searching sys.path, or a package's __path__,
    through sys.path_hooks and sys.path_importer_cache."""

    @staticmethod
    def invalidate_caches():
        """Invalidate every cached path entry finder, namespace __path__
        and importlib.metadata's path caches."""
        cache = sys.path_importer_cache
        for entry, finder in list(cache.items()):
            # Relative entries depend on the cwd, which may have changed.
            if finder is None or not _path_isabs(entry):
                del cache[entry]
            elif hasattr(finder, 'invalidate_caches'):
                finder.invalidate_caches()
        _NamespacePath._epoch += 1
        from importlib.metadata import MetadataPathFinder
        MetadataPathFinder.invalidate_caches()

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        """Find fullname on path (default sys.path); a namespace package
        spec if only portions were found; None if nothing."""
        spec = cls._get_spec(fullname, sys.path if path is None else path,
                             target)
        if spec is None or spec.loader is not None:
            return spec
        portions = spec.submodule_search_locations
        if not portions:
            return None
        spec.origin = None
        spec.submodule_search_locations = _NamespacePath(fullname, portions,
                                                         cls._get_spec)
        return spec

    @staticmethod
    def find_distributions(*args, **kwargs):
        """Distributions visible on the given paths (importlib.metadata's
        MetadataPathFinder does the work)."""
        from importlib.metadata import MetadataPathFinder
        return MetadataPathFinder.find_distributions(*args, **kwargs)

    @staticmethod
    def _path_hooks(path):
        """The first finder a sys.path_hooks entry accepts path with."""
        hooks = sys.path_hooks
        if hooks is not None and not hooks:
            _warnings.warn('sys.path_hooks is empty', ImportWarning)
        for hook in hooks:
            try:
                return hook(path)
            except ImportError:
                pass
        return None

    @classmethod
    def _path_importer_cache(cls, path):
        """The (cached) path entry finder for path, or None."""
        if path == '':
            # '' means the cwd; a vanished cwd is not cached, it may return.
            path = _cwd_or_none()
            if path is None:
                return None
        cache = sys.path_importer_cache
        if path in cache:
            return cache[path]
        finder = cache[path] = cls._path_hooks(path)
        return finder

    if _since('finder_discover'):
        @classmethod
        def discover(cls, parent=None):
            """Yield the specs of the modules importable at the top level (parent None)
            or under the package whose spec is *parent*, from every path entry whose
            finder can discover; the entries are visited once each, in no set order."""
            if parent is None:
                entries = sys.path
            else:
                entries = _package_locations(parent)
            for entry in set(entries):
                if not isinstance(entry, str):
                    continue
                finder = cls._path_importer_cache(entry)
                discover = getattr(finder, 'discover', None) if finder is not None else None
                if discover:
                    yield from discover(parent)

    @classmethod
    def _get_spec(cls, fullname, path, target=None):
        """Spec from the first entry with a loader; otherwise a loader-less
        spec collecting every namespace portion found."""
        portions = []
        for entry in path:
            if not isinstance(entry, str):
                continue
            finder = cls._path_importer_cache(entry)
            if finder is None:
                continue
            spec = finder.find_spec(fullname, target)
            if spec is None:
                continue
            if spec.loader is not None:
                return spec
            if spec.submodule_search_locations is None:
                raise ImportError('spec missing loader')
            portions.extend(spec.submodule_search_locations)
        spec = _bootstrap.ModuleSpec(fullname, None)
        spec.submodule_search_locations = portions
        return spec


def _package_locations(spec):
    locations = spec.submodule_search_locations
    if locations is None:
        raise ValueError(f'{spec} is not a package module')
    return locations


# 3.13 lets a PermissionError from getcwd() out (see versions.py).
_CWD_GONE = ((FileNotFoundError, PermissionError)
             if _since('cwd_permission_error_tolerated') else FileNotFoundError)


def _cwd_or_none():
    try:
        return _os.getcwd()
    except _CWD_GONE:
        return None


class FileFinder:

    """Path entry finder for one directory.

    The directory listing is cached and re-read only when the
    directory's mtime changes (or after invalidate_caches()).
    """

    def __init__(self, path, *loader_details):
        """loader_details are (loader class, suffixes) pairs, searched
        in order."""
        self._loaders = [(suffix, loader)
                         for loader, suffixes in loader_details
                         for suffix in suffixes]
        if path and path != '.':
            self.path = _path_abspath(path)
        else:
            self.path = _os.getcwd()
        self._path_mtime = -1
        self._path_cache = set()
        self._relaxed_path_cache = set()

    def __repr__(self):
        return f'FileFinder({self.path!r})'

    def invalidate_caches(self):
        """Force the directory to be listed again on the next search."""
        self._path_mtime = -1

    def _get_spec(self, loader_class, fullname, path, smsl, target):
        return spec_from_file_location(fullname, path,
                                       loader=loader_class(fullname, path),
                                       submodule_search_locations=smsl)

    def find_spec(self, fullname, target=None):
        """Spec for fullname's last component in this directory: a regular
        package, then a module file, then a namespace portion; else None."""
        # Re-list the directory if its mtime moved since the last look.
        try:
            stat_result = _path_stat(self.path or _os.getcwd())
        except OSError:
            mtime = -1  # gone or unreadable: re-list, finding nothing
        else:
            mtime = stat_result.st_mtime
        if mtime != self._path_mtime:
            self._fill_cache()
            self._path_mtime = mtime
        tail = fullname.rpartition('.')[2]  # original case, for __file__
        if _relax_case():
            listing, key = self._relaxed_path_cache, tail.lower()
        else:
            listing, key = self._path_cache, tail
        portion = None
        if key in listing:
            package_dir = _path_join(self.path, tail)
            spec = self._package_spec(fullname, package_dir, target)
            if spec is not None:
                return spec
            if _path_isdir(package_dir):
                portion = package_dir
        for suffix, loader_class in self._loaders:
            try:
                candidate = _path_join(self.path, tail + suffix)
            except ValueError:
                return None  # e.g. an embedded NUL on Windows
            _bootstrap._verbose_message('trying {}', candidate, verbosity=2)
            if key + suffix in listing and _path_isfile(candidate):
                return self._get_spec(loader_class, fullname, candidate,
                                      None, target)
        if portion is None:
            return None
        _bootstrap._verbose_message('possible namespace for {}', portion)
        spec = _bootstrap.ModuleSpec(fullname, None)
        spec.submodule_search_locations = [portion]
        return spec

    def _package_spec(self, fullname, package_dir, target):
        """Spec of a regular package (one with an __init__ file)."""
        for suffix, loader_class in self._loaders:
            init_path = _path_join(package_dir, '__init__' + suffix)
            if _path_isfile(init_path):
                return self._get_spec(loader_class, fullname, init_path,
                                      [package_dir], target)
        return None

    def _fill_cache(self):
        """List the directory into the exact and case-folded caches."""
        try:
            names = _os.listdir(self.path or _os.getcwd())
        except (FileNotFoundError, PermissionError, NotADirectoryError):
            names = []  # removed, replaced by a file, or unreadable
        if sys.platform.startswith('win'):
            # Windows matches suffixes case-insensitively (legacy): store
            # them lower-cased once here; the searched suffixes are lower.
            self._path_cache = {_lower_suffix(n) for n in names}
        else:
            self._path_cache = set(names)
        # Both caches are kept, as PYTHONCASEOK may change at run time.
        if sys.platform.startswith(_CASE_INSENSITIVE_PLATFORMS):
            self._relaxed_path_cache = {n.lower() for n in names}

    if _since('finder_discover'):
        def discover(self, parent=None):
            """Yield a spec for each module, package or namespace portion this
            directory holds, named under the package whose spec is *parent*."""
            prefix = '' if parent is None else f'{parent.name}.'
            if parent is not None:
                _package_locations(parent)
            for stem in self._children():
                spec = self.find_spec(prefix + stem)
                if spec:
                    yield spec

        def _children(self):
            """The names the directory's entries would be imported by (repeats
            possible); entries that cannot be examined are passed over."""
            suffixes = {suffix for suffix, _ in self._loaders}
            with _os.scandir(self.path) as listing:
                while True:
                    try:
                        item = next(listing)
                    except StopIteration:
                        return
                    except OSError:
                        continue
                    if item.name == _PYCACHE:
                        continue
                    try:
                        if item.is_dir() and '.' not in item.name:
                            yield item.name
                        if item.is_file():
                            yield from {item.name[:-len(suffix)] for suffix in suffixes
                                        if item.name.endswith(suffix)}
                    except OSError:
                        pass

    @classmethod
    def path_hook(cls, *loader_details):
        """A sys.path_hooks callable making a cls for directories and
        raising ImportError for anything else."""
        def path_hook_for_FileFinder(path):
            """Path hook for importlib.machinery.FileFinder."""
            if _path_isdir(path):
                return cls(path, *loader_details)
            raise ImportError('only directories are supported', path=path)
        return path_hook_for_FileFinder


def _lower_suffix(filename):
    stem, dot, suffix = filename.partition('.')
    return f'{stem}.{suffix.lower()}' if dot else stem


def _set_bootstrap_module(_bootstrap_module):
    """Give the path half its reference to the core half."""
    global _bootstrap
    _bootstrap = _bootstrap_module


def _install(_bootstrap_module):
    """Add the path-based import machinery: the FileFinder hook to
    sys.path_hooks and PathFinder to sys.meta_path."""
    _set_bootstrap_module(_bootstrap_module)
    hook = FileFinder.path_hook(*_get_supported_file_loaders())
    sys.path_hooks.append(hook)
    sys.meta_path.append(PathFinder)
