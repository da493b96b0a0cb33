"""Zip half, part 3: the zipimporter path hook, finder and loader for ZIP archives (PEP 273/302/451)."""

# Runs in the namespace zipstart.py and ziparchive.py have filled.  The importer reaches the
# installed path half through _bootstrap_external at call time, so .pyc members are
# judged by the same code as .pyc files on disk.
import _warnings
import marshal
import sys
import time

_code_type = type(_le.__code__)

# How a module name's last part is looked for under the importer's prefix, in order:
# (suffix, is a package, holds bytecode).
_CANDIDATES = (
    (path_sep + '__init__.pyc', True, True),
    (path_sep + '__init__.py', True, False),
    ('.pyc', False, True),
    ('.py', False, False),
)


class zipimporter(_bootstrap_external._LoaderBasics):
    """Path entry finder and loader for one ZIP archive, or one folder inside it.

    zipimporter('app.zip/lib') finds modules under lib/ in app.zip: `archive` is
    'app.zip' and `prefix` 'lib/'.  ZipImportError if the path names no ZIP archive.
    """

    def __init__(self, path):
        if not isinstance(path, str):
            raise TypeError(f'expected str, not {type(path)!r}')
        if not path:
            raise ZipImportError('archive path is empty', path=path)
        if alt_path_sep:
            path = path.replace(alt_path_sep, path_sep)
        archive, inner = _split_archive_path(path)
        if archive not in _zip_directory_cache:
            _zip_directory_cache[archive] = _read_directory(archive)
        self.archive = archive
        self.prefix = inner

    def __repr__(self):
        return f'<zipimporter object "{self.archive}{path_sep}{self.prefix}">'

    def _get_files(self):
        """The archive's members, read again if the shared cache lost them."""
        members = _zip_directory_cache.get(self.archive)
        if members is None:
            try:
                members = _zip_directory_cache[self.archive] = _read_directory(self.archive)
            except ZipImportError:
                members = {}
        return members

    def invalidate_caches(self):
        """Read the archive's directory again (it may have been rewritten or removed)."""
        try:
            _zip_directory_cache[self.archive] = _read_directory(self.archive)
        except ZipImportError:
            _zip_directory_cache.pop(self.archive, None)

    def _inner_path(self, fullname):
        return self.prefix + fullname.rpartition('.')[2]

    def _kind(self, fullname):
        """True for a package, False for a module, None when neither is here."""
        members = self._get_files()
        stem = self._inner_path(fullname)
        for suffix, package, _ in _CANDIDATES:
            if stem + suffix in members:
                return package
        return None

    def find_spec(self, fullname, target=None):
        """PEP 451 spec for fullname, a namespace portion's spec, or None."""
        package = self._kind(fullname)
        if package is not None:
            return _bootstrap.spec_from_loader(fullname, self, is_package=package)
        folder = self._inner_path(fullname)
        if folder + path_sep not in self._get_files():
            return None
        # A folder without __init__: the path finder gathers it as a PEP 420 portion.
        spec = _bootstrap.ModuleSpec(fullname, None, is_package=True)
        spec.submodule_search_locations.append(f'{self.archive}{path_sep}{folder}')
        return spec

    def _found(self, fullname, compile_source=True):
        """(code, is a package, member path) of the first usable candidate; without
        *compile_source* a source member's code is None, neither read nor compiled."""
        return _ModuleSearch(self, fullname).run(compile_source)

    def get_code(self, fullname):
        """The module's code object; ZipImportError if it cannot be had."""
        return self._found(fullname)[0]

    def get_filename(self, fullname):
        """What __file__ is set to when fullname is imported from here."""
        return self._found(fullname, _FILENAME_COMPILES)[2]

    def is_package(self, fullname):
        """Whether fullname is a package here; ZipImportError if it is not here."""
        package = self._kind(fullname)
        if package is None:
            raise ZipImportError(f"can't find module {fullname!r}", name=fullname)
        return package

    def get_source(self, fullname):
        """The module's source text, None if only bytecode is stored."""
        package = self.is_package(fullname)
        stem = self._inner_path(fullname)
        name = stem + path_sep + '__init__.py' if package else stem + '.py'
        member = self._get_files().get(name)
        if member is None:
            return None
        return _member_bytes(self.archive, member).decode()

    def get_data(self, pathname):
        """Bytes of the member at pathname (inside the archive, or under it); OSError if absent."""
        if alt_path_sep:
            pathname = pathname.replace(alt_path_sep, path_sep)
        name = pathname.removeprefix(self.archive + path_sep)
        members = self._get_files()
        if name not in members:
            raise OSError(0, '', name)
        member = members[name]
        if member is None:
            return b''
        return _member_bytes(self.archive, member)

    def get_resource_reader(self, fullname):
        """An importlib.resources reader for the package (or module) fullname."""
        from importlib.readers import ZipReader
        return ZipReader(self, fullname)

    if not _since('load_module_removed'):
        def load_module(self, fullname):
            """Deprecated (PEP 302): load fullname and return it; use exec_module()."""
            _warnings.warn('zipimport.zipimporter.load_module() is deprecated and slated '
                           f'for removal in Python {_LOAD_MODULE_GOES}; use exec_module() '
                           'instead', DeprecationWarning)
            code, package, filename = self._found(fullname)
            return _LegacyLoad(self, fullname, package, filename).run(code)


# See versions.py.
_FILENAME_COMPILES = _since('zip_get_filename_compiles')
_LOAD_MODULE_GOES = '3.15' if _since('zip_load_module_deprecated_315') else '3.12'
_COMPILE_WITH_NAME = _since('compile_with_module_name')


class _ModuleSearch:
    """One look for a module's code through the candidate members, in order."""

    def __init__(self, importer, fullname):
        self.importer = importer
        self.fullname = fullname
        self.members = importer._get_files()
        self.stem = importer._inner_path(fullname)

    def run(self, compile_source=True):
        failure = None
        for suffix, package, bytecode in _CANDIDATES:
            name = self.stem + suffix
            member = self.members.get(name)
            if name not in self.members:
                continue
            path = f'{self.importer.archive}{path_sep}{name}'
            if not bytecode and not compile_source:
                return None, package, path
            data = _member_bytes(self.importer.archive, member)
            if not bytecode:
                return _compile_source(path, data, self.fullname), package, path
            try:
                code = self._from_pyc(name, path, data)
            except ImportError as exc:
                failure = exc
                continue
            if code is not None:
                return code, package, path
        if failure is not None:
            raise ZipImportError(f'module load failed: {failure}',
                                 name=self.fullname) from failure
        raise ZipImportError(f"can't find module {self.fullname!r}", name=self.fullname)

    def _from_pyc(self, name, path, data):
        """The pyc's code; None if the source beside it is newer (ImportError if bad)."""
        fullname = self.fullname
        flags = _bootstrap_external._classify_pyc(data, fullname,
                                                  {'name': fullname, 'path': path})
        if flags & 0b1:
            self._check_hash(name, path, data, flags)
        elif not self._matches_source(name, data):
            _bootstrap._verbose_message('bytecode is stale for {!r}', fullname)
            return None
        code = marshal.loads(memoryview(data)[16:])
        if not isinstance(code, _code_type):
            raise TypeError(f'compiled module {path!r} is not a code object')
        return code

    def _check_hash(self, name, path, data, flags):
        if not _bootstrap_external._hash_pyc_wants_check(flags):
            return
        source = self.members.get(name[:-1])
        if source is None:
            return  # nothing to compare with: the pyc is taken as it is
        source_hash = _bootstrap_external._hash_source(
            _member_bytes(self.importer.archive, source))
        _bootstrap_external._validate_hash_pyc(data, source_hash, self.fullname,
                                               {'name': self.fullname, 'path': path})

    def _matches_source(self, name, data):
        # The source's DOS timestamp has a 2-second resolution: allow one second off.
        source = self.members.get(name[:-1])
        if source is None:
            return True
        mtime = _dos_to_unix(source[4], source[5])
        if not mtime:
            return True
        stamped = int.from_bytes(data[8:12], 'little')
        stamped_size = int.from_bytes(data[12:16], 'little')
        return abs(stamped - mtime) <= 1 and stamped_size == source[2]


def _dos_to_unix(dos_time, dos_date):
    """Seconds since the epoch, local time, of an MS-DOS date and time (APPNOTE 4.4.6)."""
    return time.mktime((
        (dos_date >> 9) + 1980, (dos_date >> 5) & 0xF, dos_date & 0x1F,
        dos_time >> 11, (dos_time >> 5) & 0x3F, (dos_time & 0x1F) * 2,
        -1, -1, -1))


def _compile_source(path, data, fullname):
    # Universal newlines, as when reading source files in text mode.
    data = data.replace(b'\r\n', b'\n').replace(b'\r', b'\n')
    if _COMPILE_WITH_NAME:
        return compile(data, path, 'exec', dont_inherit=True, module=fullname)
    return compile(data, path, 'exec', dont_inherit=True)


class _LegacyLoad:
    """load_module()'s PEP 302 steps: module in sys.modules first, attributes, exec."""

    def __init__(self, importer, fullname, package, filename):
        self.importer = importer
        self.fullname = fullname
        self.package = package
        self.filename = filename

    def run(self, code):
        fullname = self.fullname
        module = sys.modules.get(fullname)
        if not isinstance(module, _module_type):
            module = sys.modules[fullname] = _module_type(fullname)
        module.__loader__ = self.importer
        try:
            self._prepare(module)
            exec(code, module.__dict__)
        except BaseException:
            sys.modules.pop(fullname, None)
            raise
        if fullname not in sys.modules:
            raise ImportError(f'Loaded module {fullname!r} not found in sys.modules')
        _bootstrap._verbose_message('import {} # loaded from Zip {}', fullname,
                                    self.filename)
        return sys.modules[fullname]

    def _prepare(self, module):
        importer = self.importer
        if self.package:
            module.__path__ = [_bootstrap_external._path_join(
                importer.archive, importer._inner_path(self.fullname))]
        if not hasattr(module, '__builtins__'):
            module.__builtins__ = __builtins__
        _bootstrap_external._fix_up_module(module.__dict__, self.fullname, self.filename)


_module_type = type(sys)
