"""Path half, part 4: file-based loaders (source, bytecode, extension) and their base classes."""

import _imp
import _io
import _warnings
import sys


def _check_name(method):
    """Make a loader method refuse module names other than its own.

    The wrapped method's name argument becomes optional, defaulting to
    the loader's self.name.
    """
    def _check_name_wrapper(self, name=None, *args, **kwargs):
        if name is None:
            name = self.name
        elif name != self.name:
            raise ImportError(f'loader for {self.name} cannot handle {name}',
                              name=name)
        return method(self, name, *args, **kwargs)
    # Class bodies run before _bootstrap (and its _wrap) is installed.
    for attr in ('__module__', '__name__', '__qualname__', '__doc__'):
        if hasattr(method, attr):
            setattr(_check_name_wrapper, attr, getattr(method, attr))
    _check_name_wrapper.__dict__.update(method.__dict__)
    return _check_name_wrapper


class _LoaderBasics:

    """Behaviour shared by SourceLoader and SourcelessFileLoader."""

    def is_package(self, fullname):
        """A module is a package when its file is __init__.<suffix>."""
        filename = _path_split(self.get_filename(fullname))[1]
        stem = filename.rsplit('.', 1)[0]
        last_part = fullname.rpartition('.')[2]
        # 'pkg.__init__' names the package's module itself, not a package.
        return stem == '__init__' and last_part != '__init__'

    def create_module(self, spec):
        """Use default semantics for module creation."""

    if not _since('load_module_removed'):
        def load_module(self, fullname):
            """Deprecated; the import system uses exec_module()."""
            # The core's shim emits the deprecation warning.
            return _bootstrap._load_module_shim(self, fullname)

    def exec_module(self, module):
        """Run the module's code object in its namespace."""
        name = module.__name__
        code = self.get_code(name)
        if code is not None:
            _bootstrap._call_with_frames_removed(exec, code, module.__dict__)
            return
        raise ImportError(f'cannot load module {name!r} when get_code() '
                          'returns None')


class SourceLoader(_LoaderBasics):

    """Loads modules from source, reading and writing cached bytecode
    when path_stats() and set_data() are implemented."""

    def get_source(self, fullname):
        """The module's source text, decoded as Python source."""
        path = self.get_filename(fullname)
        try:
            raw = self.get_data(path)
        except OSError as exc:
            raise ImportError('source not available through get_data()',
                              name=fullname) from exc
        return decode_source(raw)

    if _since('compile_with_module_name'):
        def source_to_code(self, data, path, fullname=None, *, _optimize=-1):
            """Compile source (anything compile() accepts) for path, as module
            fullname (warnings issued while compiling name it)."""
            return _bootstrap._call_with_frames_removed(
                compile, data, path, 'exec', dont_inherit=True, optimize=_optimize,
                module=fullname)
    else:
        def source_to_code(self, data, path, *, _optimize=-1):
            """Compile source (anything compile() accepts) for path."""
            return _bootstrap._call_with_frames_removed(
                compile, data, path, 'exec', dont_inherit=True, optimize=_optimize)

    def set_data(self, path, data):
        """Optional: write bytes to path.  Enables writing pycs."""

    def path_stats(self, path):
        """Optional: dict with 'mtime' (required) and 'size' (optional)
        of the source at path; OSError if unknown.  Enables reading pycs."""
        return {'mtime': self.path_mtime(path)}

    def path_mtime(self, path):
        """Optional: the source's modification time; OSError if unknown."""
        raise OSError

    def _cache_bytecode(self, source_path, cache_path, data):
        """Store bytecode; source_path lets subclasses copy permissions."""
        return self.set_data(cache_path, data)

    def get_code(self, fullname):
        """Code object from a valid cached pyc, else compiled from source
        (then cached when possible)."""
        job = _SourceCodeJob(self, fullname)
        code = job.code_from_cache()
        if code is not None:
            return code
        return job.code_from_source()


class _SourceCodeJob:

    """State of one SourceLoader.get_code() call: what was learnt about
    the source and its pyc, so that compiling from source can write the
    same kind of pyc back."""

    def __init__(self, loader, fullname):
        self.loader = loader
        self.fullname = fullname
        self.source_path = loader.get_filename(fullname)
        self.source_mtime = None
        self.source_bytes = None
        self.source_hash = None
        self.hash_based = False
        self.check_source = True
        try:
            self.bytecode_path = cache_from_source(self.source_path)
        except NotImplementedError:
            self.bytecode_path = None

    def code_from_cache(self):
        """The cached code object if a fresh pyc exists, else None."""
        if self.bytecode_path is None:
            return None
        try:
            stats = self.loader.path_stats(self.source_path)
        except OSError:
            return None
        self.source_mtime = int(stats['mtime'])
        try:
            data = self.loader.get_data(self.bytecode_path)
        except OSError:
            return None
        try:
            self._validate(data, stats)
        except (ImportError, EOFError):
            return None
        _bootstrap._verbose_message('{} matches {}', self.bytecode_path,
                                    self.source_path)
        return _compile_bytecode(memoryview(data)[16:], name=self.fullname,
                                 bytecode_path=self.bytecode_path,
                                 source_path=self.source_path)

    def _validate(self, data, stats):
        details = {'name': self.fullname, 'path': self.bytecode_path}
        flags = _classify_pyc(data, self.fullname, details)
        self.hash_based = bool(flags & _FLAG_HASH_BASED)
        if not self.hash_based:
            _validate_timestamp_pyc(data, self.source_mtime, stats['size'],
                                    self.fullname, details)
            return
        self.check_source = bool(flags & _FLAG_CHECK_SOURCE)
        if _hash_pyc_wants_check(flags):
            self.source_bytes = self.loader.get_data(self.source_path)
            self.source_hash = _hash_source(self.source_bytes)
            _validate_hash_pyc(data, self.source_hash, self.fullname, details)

    def code_from_source(self):
        """Compile the source, caching the bytecode if allowed."""
        if self.source_bytes is None:
            self.source_bytes = self.loader.get_data(self.source_path)
        if _COMPILE_WITH_NAME:
            code = self.loader.source_to_code(self.source_bytes, self.source_path,
                                              self.fullname)
        else:
            code = self.loader.source_to_code(self.source_bytes, self.source_path)
        # CPython's loader holds a second reference while marshalling,
        # which marks the code object FLAG_REF in the pyc (see pyc.py).
        self.code = code
        _bootstrap._verbose_message('code object from {}', self.source_path)
        if self._may_write():
            try:
                self.loader._cache_bytecode(self.source_path,
                                            self.bytecode_path,
                                            self._pyc_for(code))
            except NotImplementedError:
                pass
        return code

    def _may_write(self):
        # Without an mtime the loader cannot stamp or revalidate a pyc.
        return (not sys.dont_write_bytecode
                and self.bytecode_path is not None
                and self.source_mtime is not None)

    def _pyc_for(self, code):
        # Rewrite a stale hash-based pyc as hash-based, anything else as
        # timestamp-based.
        if not self.hash_based:
            return _code_to_timestamp_pyc(code, self.source_mtime,
                                          len(self.source_bytes))
        if self.source_hash is None:
            self.source_hash = _hash_source(self.source_bytes)
        return _code_to_hash_pyc(code, self.source_hash, self.check_source)


_COMPILE_WITH_NAME = _since('compile_with_module_name')


class FileLoader:

    """Loader protocol pieces that read from the file system."""

    def __init__(self, fullname, path):
        """Remember the module name and the file the finder found."""
        self.name = fullname
        self.path = path

    def __eq__(self, other):
        return (self.__class__ == other.__class__
                and self.__dict__ == other.__dict__)

    def __hash__(self):
        return hash(self.name) ^ hash(self.path)

    @_check_name
    def get_filename(self, fullname):
        """The path of the file the finder found."""
        return self.path

    @_check_name
    def get_resource_reader(self, module):
        """A resource reader for the module's directory."""
        from importlib.readers import FileReader
        return FileReader(self)

    def get_data(self, path):
        """The file's contents as bytes."""
        # Files that will become code go through open_code() (PEP 578
        # audit hook); other data is read plainly.
        if isinstance(self, (SourceLoader, SourcelessFileLoader,
                             ExtensionFileLoader)):
            opened = _io.open_code(str(path))
        else:
            opened = _io.FileIO(path, 'r')
        with opened as stream:
            return stream.read()

    if not _since('load_module_removed'):
        @_check_name
        def load_module(self, fullname):
            """Deprecated; use exec_module()."""
            # Only here to add the name check; explicit super() arguments keep
            # this working when the class is defined without a __class__ cell.
            return super(FileLoader, self).load_module(fullname)


class SourceFileLoader(FileLoader, SourceLoader):

    """SourceLoader over real files."""

    def path_stats(self, path):
        """mtime and size of the file at path."""
        found = _path_stat(path)
        return {'size': found.st_size, 'mtime': found.st_mtime}

    def _cache_bytecode(self, source_path, bytecode_path, data):
        return self.set_data(bytecode_path, data, _mode=_calc_mode(source_path))

    def set_data(self, path, data, *, _mode=0o666):
        """Write data to path, creating missing directories; failures to
        write are silently given up on (bytecode is only a cache)."""
        parent = _make_parents(_path_split(path)[0])
        if parent is None:
            return
        try:
            _write_atomic(path, data, _mode)
        except OSError as exc:
            _bootstrap._verbose_message('could not create {!r}: {!r}', path,
                                        exc)
        else:
            _bootstrap._verbose_message('created {!r}', path)


def _make_parents(directory):
    """Create directory and its missing ancestors; None if that fails."""
    missing = []
    while directory and not _path_isdir(directory):
        directory, name = _path_split(directory)
        missing.append(name)
    while missing:
        directory = _path_join(directory, missing.pop())
        try:
            _os.mkdir(directory)
        except FileExistsError:
            pass  # another process got there first
        except OSError as exc:
            # Read-only file system, no permission...: skip caching.
            _bootstrap._verbose_message('could not create {!r}: {!r}',
                                        directory, exc)
            return None
    return directory


class SourcelessFileLoader(FileLoader, _LoaderBasics):

    """Loads modules from bare .pyc files (no source to check against)."""

    def get_code(self, fullname):
        path = self.get_filename(fullname)
        data = self.get_data(path)
        # Header sanity only; there is no source to validate against.
        _classify_pyc(data, fullname, {'name': fullname, 'path': path})
        return _compile_bytecode(memoryview(data)[16:], name=fullname,
                                 bytecode_path=path)

    def get_source(self, fullname):
        """There is no source: None."""
        return None


class ExtensionFileLoader(FileLoader, _LoaderBasics):

    """Loads extension modules (shared libraries) found by FileFinder."""

    def exec_module(self, module):
        """Run the extension's module-execution slots."""
        _bootstrap._call_with_frames_removed(_imp.exec_dynamic, module)
        _bootstrap._verbose_message('extension module {!r} executed from {!r}',
                                    self.name, self.path)

    def create_module(self, spec):
        """Load the shared library and create the (uninitialised) module."""
        module = _bootstrap._call_with_frames_removed(_imp.create_dynamic, spec)
        _bootstrap._verbose_message('extension module {!r} loaded from {!r}',
                                    spec.name, self.path)
        return module

    def is_package(self, fullname):
        """Whether the file is __init__ plus an extension suffix."""
        filename = _path_split(self.path)[1]
        return filename in {'__init__' + s for s in EXTENSION_SUFFIXES}

    def get_code(self, fullname):
        """Extension modules have no code object: None."""
        return None

    def get_source(self, fullname):
        """Extension modules have no source: None."""
        return None


class AppleFrameworkLoader(ExtensionFileLoader):

    """Extension loader for iOS-style frameworks, found through .fwork
    placeholder files that name the real binary."""

    def create_module(self, spec):
        bundle = _path_split(sys.executable)[0]
        if spec.origin.endswith('.fwork'):
            spec.origin = _path_join(bundle, _read_text_file(spec.origin))
        # __file__ stays the .fwork placeholder, wherever the binary is.
        if self.path.endswith('.fwork'):
            placeholder = self.path
        else:
            placeholder = _path_join(bundle,
                                     _read_text_file(self.path + '.origin'))
        module = _bootstrap._call_with_frames_removed(_imp.create_dynamic, spec)
        _bootstrap._verbose_message(
            'Apple framework extension module {!r} loaded from {!r} (path {!r})',
            spec.name, spec.origin, placeholder)
        try:
            module.__file__ = placeholder
        except AttributeError:
            pass  # same tolerance as the module-attribute initialisation
        return module


def _read_text_file(path):
    with _io.FileIO(path, 'r') as stream:
        return stream.read().decode().strip()


class WindowsRegistryFinder:

    """Deprecated meta path finder for modules registered in the Windows
    registry."""

    REGISTRY_KEY = ('Software\\Python\\PythonCore\\{sys_version}'
                    '\\Modules\\{fullname}')
    REGISTRY_KEY_DEBUG = REGISTRY_KEY + '\\Debug'
    DEBUG_BUILD = _MS_WINDOWS and '_d.pyd' in EXTENSION_SUFFIXES

    @classmethod
    def _search_registry(cls, fullname):
        import winreg  # Windows only
        template = cls.REGISTRY_KEY_DEBUG if cls.DEBUG_BUILD else cls.REGISTRY_KEY
        key = template.format(fullname=fullname,
                              sys_version='%d.%d' % sys.version_info[:2])
        for hive in (winreg.HKEY_CURRENT_USER, winreg.HKEY_LOCAL_MACHINE):
            try:
                with winreg.OpenKey(hive, key) as handle:
                    return winreg.QueryValue(handle, '')
            except OSError:
                continue
        return None

    @classmethod
    def find_spec(cls, fullname, path=None, target=None):
        if _since('windows_registry_finder_deprecated'):
            _warnings.warn('importlib.machinery.WindowsRegistryFinder is '
                           'deprecated; use site configuration instead. '
                           'Future versions of Python may not enable this '
                           'finder by default.', DeprecationWarning, stacklevel=2)
        filepath = cls._search_registry(fullname)
        if filepath is None or not _path_exists(filepath):
            return None
        for loader_class, suffixes in _get_supported_file_loaders():
            if filepath.endswith(tuple(suffixes)):
                return _bootstrap.spec_from_loader(
                    fullname, loader_class(fullname, filepath), origin=filepath)
        return None


def _path_exists(path):
    try:
        _path_stat(path)
    except OSError:
        return False
    return True


def _get_supported_file_loaders():
    """(loader class, suffixes) pairs in FileFinder's search order:
    extensions, then source, then bytecode."""
    pairs = []
    if hasattr(_imp, 'create_dynamic'):
        if sys.platform in {'ios', 'tvos', 'watchos'}:
            fwork = [s.replace('.so', '.fwork') for s in _imp.extension_suffixes()]
            pairs.append((AppleFrameworkLoader, fwork))
        pairs.append((ExtensionFileLoader, _imp.extension_suffixes()))
    pairs.append((SourceFileLoader, SOURCE_SUFFIXES))
    pairs.append((SourcelessFileLoader, BYTECODE_SUFFIXES))
    return pairs
