"""Path half, part 1: platform facts, path primitives and the PEP 3147/488 cache-path mapping."""

# The path half is executed, file after file, into one namespace (that of
# sys.modules['_frozen_importlib_external']).  Only builtin modules may be
# imported at module level; the core half arrives later through
# _set_bootstrap_module(), so nothing at module level may touch _bootstrap.
import _imp
import _io
import _warnings
import marshal
import sys

_bootstrap = None

_MS_WINDOWS = sys.platform == 'win32'
if _MS_WINDOWS:
    import nt as _os
else:
    import posix as _os

# Separators: the first one is what we emit, all of them are accepted.
path_separators = '\\/' if _MS_WINDOWS else '/'
path_sep = path_separators[0]
path_sep_tuple = tuple(path_separators)
_pathseps_with_colon = {':' + sep for sep in path_separators}

# Platforms whose file systems may ignore case; PYTHONCASEOK opts in to a
# case-insensitive module search there.  Windows keeps str environ keys,
# the others bytes keys.
_CASE_INSENSITIVE_PLATFORMS_STR_KEY = ('win',)
_CASE_INSENSITIVE_PLATFORMS_BYTES_KEY = ('cygwin', 'darwin', 'ios', 'tvos',
                                         'watchos')
_CASE_INSENSITIVE_PLATFORMS = (_CASE_INSENSITIVE_PLATFORMS_BYTES_KEY
                               + _CASE_INSENSITIVE_PLATFORMS_STR_KEY)


def _make_relax_case():
    """Build the predicate telling whether module lookup may ignore case."""
    platform = sys.platform
    if not platform.startswith(_CASE_INSENSITIVE_PLATFORMS):
        def _relax_case():
            """Case is always significant on this platform."""
            return False
        return _relax_case
    by_str = platform.startswith(_CASE_INSENSITIVE_PLATFORMS_STR_KEY)
    env_key = 'PYTHONCASEOK' if by_str else b'PYTHONCASEOK'

    def _relax_case():
        """PYTHONCASEOK set (and -E not given) relaxes case matching."""
        if sys.flags.ignore_environment:
            return False
        return env_key in _os.environ
    return _relax_case


_relax_case = _make_relax_case()


# -- little-endian integer packing used by pyc headers ----------------------

def _pack_uint32(x):
    """Encode the low 32 bits of x as 4 little-endian bytes."""
    return (int(x) & 0xFFFFFFFF).to_bytes(4, 'little')


# Each pyc's header is read through these: int.from_bytes is called directly.

def _unpack_uint16(data):
    """Decode 2 little-endian bytes."""
    assert len(data) == 2
    return int.from_bytes(data, 'little')


def _unpack_uint32(data):
    """Decode 4 little-endian bytes."""
    assert len(data) == 4
    return int.from_bytes(data, 'little')


def _unpack_uint64(data):
    """Decode 8 little-endian bytes."""
    assert len(data) == 8
    return int.from_bytes(data, 'little')


# -- path primitives (os.path is not importable this early) -----------------

def _path_join(*path_parts):
    """Join path parts the way the import system needs (no os.path)."""
    if _MS_WINDOWS:
        return _win_path_join(path_parts)
    # Every candidate file of every search comes here: one comprehension, no appends.
    return path_sep.join([p.rstrip(path_separators) for p in path_parts if p])


def _win_path_join(parts):
    # Windows drives and UNC roots need the OS's own root splitting.
    if not parts:
        return ''
    if len(parts) == 1:
        return parts[0]
    root, tails = '', []
    for new_root, tail in map(_os._path_splitroot, parts):
        if new_root.startswith(path_sep_tuple) or new_root.endswith(path_sep_tuple):
            root = new_root.rstrip(path_separators) or root
            tails = [path_sep + tail]
        elif new_root.endswith(':') and root.casefold() != new_root.casefold():
            root, tails = new_root, [tail]
        else:
            root = new_root or root
            tails.append(tail)
    tails = [t.rstrip(path_separators) for t in tails if t]
    if tails == ['']:
        return root + path_sep
    return root + path_sep.join(tails)


def _path_split(path):
    """Split at the last separator: (head, tail); head is '' if none."""
    cut = max(path.rfind(sep) for sep in path_separators)
    if cut == -1:
        return '', path
    return path[:cut], path[cut + 1:]


def _path_stat(path):
    """stat() the path; a hook point tests and experiments override."""
    return _os.stat(path)


def _path_is_mode_type(path, mode):
    """Whether path exists with the given S_IFMT file type."""
    try:
        st_mode = _path_stat(path).st_mode
    except OSError:
        return False
    return st_mode & 0o170000 == mode


def _path_isfile(path):
    """os.path.isfile() for the import system."""
    return _path_is_mode_type(path, 0o100000)


def _path_isdir(path):
    """os.path.isdir(); the empty path means the current directory."""
    return _path_is_mode_type(path or _os.getcwd(), 0o040000)


def _path_isabs(path):
    """os.path.isabs() for the import system."""
    if not _MS_WINDOWS:
        return path.startswith(path_separators)
    if not path:
        return False
    root = _os._path_splitroot(path)[0].replace('/', '\\')
    return len(root) > 1 and (root.startswith('\\\\') or root.endswith('\\'))


def _path_abspath(path):
    """Make path absolute against the cwd, dropping leading './'."""
    if _path_isabs(path):
        return path
    for sep in path_separators:
        path = path.removeprefix('.' + sep)
    return _path_join(_os.getcwd(), path)


def _write_atomic(path, data, mode=0o666):
    """Write data to path via a temporary file and a rename.

    A concurrent writer using the same temporary name makes this raise
    FileExistsError; callers treat that like any other OSError.
    """
    # The pid keeps concurrent processes apart and id() the calls within one; O_EXCL
    # turns any clash left into an OSError rather than a shared file.
    scratch = f'{path}.{_os.getpid()}.{id(path)}'
    fd = _os.open(scratch, _os.O_EXCL | _os.O_CREAT | _os.O_WRONLY, mode & 0o666)
    renamed = False
    try:
        # A buffered file object loops over short writes for us.
        with _io.open(fd, 'wb') as stream:
            stream.write(data)
        _os.replace(scratch, path)
        renamed = True
    finally:
        if not renamed:
            _discard(scratch)


def _discard(path):
    try:
        _os.unlink(path)
    except OSError:
        pass


_code_type = type(_write_atomic.__code__)


# -- suffixes and the magic number ------------------------------------------

if _since('magic_number_from_imp'):
    _MAGIC_TOKEN = _imp.pyc_magic_number_token
else:
    # Before 3.14 the interpreter takes its pyc magic from this half: 3.13's bytecode
    # is number 3571 (3.n's numbers start at 2900 + 50 n), then b'\r\n'.
    _MAGIC_TOKEN = 3571 | (0x0A0D << 16)
MAGIC_NUMBER = _MAGIC_TOKEN.to_bytes(4, 'little')
# What C reads before 3.14, and what code written for those releases still uses.
_RAW_MAGIC_NUMBER = _MAGIC_TOKEN

_PYCACHE = '__pycache__'
_OPT = 'opt-'

SOURCE_SUFFIXES = ['.py', '.pyw'] if _MS_WINDOWS else ['.py']
BYTECODE_SUFFIXES = ['.pyc']
# Both deprecated aliases name the very same list object.
DEBUG_BYTECODE_SUFFIXES = BYTECODE_SUFFIXES
OPTIMIZED_BYTECODE_SUFFIXES = BYTECODE_SUFFIXES
EXTENSION_SUFFIXES = _imp.extension_suffixes()


# -- PEP 3147 / PEP 488 cache paths ----------------------------------------

def _opt_level_text(optimization):
    """The opt- level as text ('' for none); ValueError unless alphanumeric."""
    if optimization is None:
        optimization = sys.flags.optimize or ''
    text = str(optimization)
    if text and not text.isalnum():
        raise ValueError(f'{text!r} is not alphanumeric')
    return text


def _root_relative(head):
    """head made absolute, then stripped of its drive and root, for
    mirroring under sys.pycache_prefix."""
    # Mirroring the *absolute* directory keeps equal relative names from
    # different places apart inside the prefix tree.
    head = _path_abspath(head)
    if head[1:2] == ':' and head[0:1] not in path_separators:
        head = head[2:]  # drop a Windows drive letter
    return head.lstrip(path_separators)


def _cache_path(path, optimization):
    """cache_from_source()'s mapping, once the optimization level is settled."""
    path = _os.fspath(path)
    head, tail = _path_split(path)
    stem, dot, ext = tail.rpartition('.')
    tag = sys.implementation.cache_tag
    if tag is None:
        raise NotImplementedError('sys.implementation.cache_tag is None')
    # The common case, no optimization asked for or set, without a call.
    opt = '' if optimization is None and not sys.flags.optimize else _opt_level_text(optimization)
    # 'name.py' -> 'name.TAG'; a suffix-less 'name' keeps its only part.
    pieces = [stem or ext, dot, tag]
    if opt:
        pieces.append(f'.{_OPT}{opt}')
    filename = ''.join(pieces) + BYTECODE_SUFFIXES[0]
    if sys.pycache_prefix is not None:
        return _path_join(sys.pycache_prefix, _root_relative(head), filename)
    return _path_join(head, _PYCACHE, filename)


if _since('cache_from_source_no_debug_override'):
    def cache_from_source(path, *, optimization=None):
        """Map a source path to the path of its cached bytecode (PEP 3147/488).

        Nothing is looked up on disk.  optimization chooses the opt- tag; ValueError if
        it is not alphanumeric.  NotImplementedError if sys.implementation.cache_tag is
        None.
        """
        return _cache_path(path, optimization)
else:
    def _resolve_debug_override(debug_override, optimization):
        """Translate the deprecated debug_override into an optimization."""
        if debug_override is None:
            return optimization
        _warnings.warn("the debug_override parameter is deprecated; use "
                       "'optimization' instead", DeprecationWarning)
        if optimization is not None:
            raise TypeError('debug_override or optimization must be set to None')
        return '' if debug_override else 1

    def cache_from_source(path, debug_override=None, *, optimization=None):
        """Map a source path to the path of its cached bytecode (PEP 3147/488).

        Nothing is looked up on disk.  optimization (or the deprecated debug_override)
        chooses the opt- tag; ValueError if it is not alphanumeric.
        NotImplementedError if sys.implementation.cache_tag is None.
        """
        if debug_override is not None:
            optimization = _resolve_debug_override(debug_override, optimization)
        return _cache_path(path, optimization)


def _strip_cache_dir(path, head):
    """Source directory for a pyc living in directory head."""
    prefix = sys.pycache_prefix
    if prefix is not None:
        root = prefix.rstrip(path_separators)
        if head.startswith(root + path_sep):
            return head[len(root):]
    head, pycache = _path_split(head)
    if pycache != _PYCACHE:
        raise ValueError(f'{_PYCACHE} not bottom-level directory in {path!r}')
    return head


def _check_cache_filename(filename):
    """Validate 'name.TAG[.opt-N].pyc' and return the bare module name."""
    dots = filename.count('.')
    if dots not in (2, 3):
        raise ValueError(f'expected only 2 or 3 dots in {filename!r}')
    if dots == 3:
        opt_part = filename.rsplit('.', 2)[1]
        if not opt_part.startswith(_OPT):
            raise ValueError('optimization portion of filename does not '
                             f'start with {_OPT!r}')
        if not opt_part[len(_OPT):].isalnum():
            raise ValueError(f'optimization level {opt_part!r} is not an '
                             'alphanumeric value')
    return filename.partition('.')[0]


def source_from_cache(path):
    """Map a PEP 3147/488 bytecode path back to its source path.

    Nothing is looked up on disk.  ValueError if path is not of that form;
    NotImplementedError if sys.implementation.cache_tag is None.
    """
    if sys.implementation.cache_tag is None:
        raise NotImplementedError('sys.implementation.cache_tag is None')
    path = _os.fspath(path)
    head, filename = _path_split(path)
    source_dir = _strip_cache_dir(path, head)
    module = _check_cache_filename(filename)
    return _path_join(source_dir, module + SOURCE_SUFFIXES[0])


def _get_sourcefile(bytecode_path):
    """Source path for a bytecode path, if that source exists.

    Kept for PyImport_ExecCodeModuleWithPathnames() in the C API.
    """
    if not bytecode_path:
        return None
    stem, _, ext = bytecode_path.rpartition('.')
    # Only '*.py?' names can have a source twin.
    if not stem or ext.lower()[-3:-1] != 'py':
        return bytecode_path
    try:
        candidate = source_from_cache(bytecode_path)
    except (NotImplementedError, ValueError):
        candidate = bytecode_path[:-1]
    if _path_isfile(candidate):
        return candidate
    return bytecode_path


def _get_cached(filename):
    """__cached__ value for a module file of any kind (None if none)."""
    if filename.endswith(tuple(SOURCE_SUFFIXES)):
        try:
            return cache_from_source(filename)
        except NotImplementedError:
            return None
    if filename.endswith(tuple(BYTECODE_SUFFIXES)):
        return filename
    return None


def _calc_mode(path):
    """Permission bits for a pyc written next to the source at path."""
    # Owner-writable always, so later imports can refresh the cache even
    # for read-only sources; rw for everyone (before the umask) without one.
    owner_write = 0o200
    try:
        return _path_stat(path).st_mode | owner_write
    except OSError:
        return 0o666 | owner_write


def decode_source(source_bytes):
    """Decode source bytes (PEP 263 coding cookie / BOM aware) with
    universal newlines."""
    import tokenize  # not importable while the import system boots
    readline = _io.BytesIO(source_bytes).readline
    encoding, _ = tokenize.detect_encoding(readline)
    text = source_bytes.decode(encoding)
    # Until 3.15 the decoder is not told the text ends: a last '\r' stays pending.
    return _io.IncrementalNewlineDecoder(None, True).decode(text, final=_DECODE_FINAL)


_DECODE_FINAL = _since('decode_source_final')
