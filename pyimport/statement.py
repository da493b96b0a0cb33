"""Core half, part 5b: the built-in __import__ (import.c's job) in Python, for pyimport-full."""

# What the IMPORT_NAME bytecode calls.  CPython's is C (PyImport_ImportModuleLevelObject);
# this one keeps its observable behaviour: argument errors with C's types and messages,
# relative names resolved from the importer's globals with C's warnings, the sys.modules
# fast path (waiting on a module another thread is still running), fromlist handling and
# what is returned.  The pyimport-full variant makes it builtins.__import__; importlib's
# __import__ (importc.py) keeps importlib's own messages, as it does in CPython.  Where
# C's importlib calls back into the built-in __import__ (a parent package, a fromlist
# submodule) this one is called back, with what that implies (the head lookup).

_NO_GLOBALS = object()  # C tells "globals not given" (KeyError) from None (TypeError)


def _builtin_import(name, globals=_NO_GLOBALS, locals=None, fromlist=(), level=0):
    """Import a module as the `import` statement does; see builtins.__import__."""
    try:
        if not isinstance(name, str):
            raise TypeError('module name must be a string')
        if level == 0 and level.__class__ is int:  # what most import statements pass
            if not name:
                raise ValueError('Empty module name')
            absolute = name
        else:
            level = _as_c_int(level)
            if level < 0:
                raise ValueError('level must be >= 0')
            absolute = _resolve_relative(name, globals, level) if level else name
            if not absolute:
                raise ValueError('Empty module name')
        module = _import_absolute(absolute)
        if fromlist is not None and fromlist:
            if hasattr(module, '__path__'):
                return _handle_fromlist(module, fromlist, _builtin_import)
            return module
        return _bound_by_import(module, name, absolute, level)
    except BaseException as exc:
        _trim_traceback(exc)
        raise


def _bound_by_import(module, name, absolute, level):
    """What `import name` binds: the module named by *name*'s first component."""
    dot = name.find('.')
    if dot < 0 or (level and not name):
        return module
    if level == 0:
        # C imports the head as a name of its own: '.x' fails as an empty name.
        if not dot:
            raise ValueError('Empty module name')
        return _import_absolute(name[:dot])
    return _enclosing_module(absolute, len(name) - dot)


def _import_absolute(name):
    """The module *name*, from sys.modules when it is there and finished, else loaded."""
    try:
        module = sys.modules.get(name)
        if module is None:
            return _find_and_load_audited(name)
        if _import_time:
            _report_cached(name)
        spec = getattr(module, '__spec__', None)
        if spec is not None and getattr(spec, '_initializing', False):
            # Another thread is still executing it: wait on its lock (C does the same).
            _lock_unlock_module(name)
            if sys.modules.get(name) is not module:
                # Its import failed meanwhile: import afresh, to raise that import's error.
                return _find_and_load_audited(name)
        return module
    except BaseException as exc:
        _trim_traceback(exc)
        raise


def _find_and_load_audited(name):
    # The audit event C raises before each import that misses sys.modules; from 3.15
    # _find_and_load() raises it itself (see versions.py).
    if not _AUDIT_HERE:
        sys.audit('import', name, None, getattr(sys, 'path', None),
                  getattr(sys, 'meta_path', None), getattr(sys, 'path_hooks', None))
    if not _import_time:
        return _find_and_load(name, _builtin_import)
    return _timed_find_and_load(name)


# --- -X importtime ------------------------------------------------------------------

def _import_time_mode():
    # 0 off, 1 imports, 2 also imports met in sys.modules.  C printed the header line
    # already: it imports modules of its own before any of ours can run.
    value = sys._xoptions.get('importtime')
    if value is None and not sys.flags.ignore_environment:
        os_module = getattr(_bootstrap_external, '_os', None)
        value = getattr(os_module, 'environ', {}).get(b'PYTHONPROFILEIMPORTTIME')
        value = value.decode('ascii', 'replace') if value else None
    if value is True:
        return 1
    return int(value) if isinstance(value, str) and value.isdigit() else (1 if value else 0)


_import_time = None  # set by _setup_statement()
_perf_counter_ns = None
_import_depth = 0
_import_inner_ns = 0  # time spent in the imports nested in the current one


def _setup_statement():
    """Read the -X importtime setting; called when this __import__ becomes the built-in."""
    global _import_time, _perf_counter_ns
    _import_time = _import_time_mode()
    if _import_time:
        _perf_counter_ns = _builtin_from_name('time').perf_counter_ns


def _timed_find_and_load(name):
    global _import_depth, _import_inner_ns
    outer_inner = _import_inner_ns
    _import_depth += 1
    _import_inner_ns = 0
    started = _perf_counter_ns()
    try:
        return _find_and_load(name, _builtin_import)
    finally:
        total = _perf_counter_ns() - started
        _import_depth -= 1
        sys.stderr.write(f'import time: {_ceil_us(total - _import_inner_ns):9d} | '
                         f'{_ceil_us(total):10d} | {"  " * _import_depth}{name}\n')
        _import_inner_ns = outer_inner + total


def _ceil_us(ns):
    return -(-ns // 1000)  # microseconds rounded up, as C rounds them


def _report_cached(name):
    if _import_time > 1:
        # C right-aligns the name in the indentation's width here (unlike for imports).
        sys.stderr.write(f'import time: {"cached":9s} | {"cached":10s} | '
                         f'{name:>{2 * _import_depth}}\n')


def _enclosing_module(absolute, cut):
    # `import .a.b`-style calls without a fromlist return the package that holds `a`.
    wanted = absolute[:len(absolute) - cut]
    try:
        return sys.modules[wanted]
    except KeyError:
        raise KeyError(f'{wanted!r} not in sys.modules as expected') from None


def _as_c_int(value):
    """*value* as C's `int` argument converter takes it (bool, __index__, C int range)."""
    if value.__class__ is int and -0x80000000 <= value <= 0x7fffffff:
        return value
    try:
        index = type(value).__index__
    except AttributeError:
        raise TypeError(f"'{type(value).__name__}' object cannot be interpreted as an "
                        'integer') from None
    number = index(value)
    if not -2**31 <= number < 2**31:
        raise OverflowError('Python int too large to convert to C int')
    return number


def _resolve_relative(name, globals, level):
    """The absolute name of a relative import, from the importer's module globals."""
    if globals is _NO_GLOBALS:
        raise KeyError("'__name__' not in globals")
    if not isinstance(globals, dict):
        raise TypeError('globals must be a dict')
    package = globals.get('__package__')
    spec = globals.get('__spec__')
    if package is not None:
        if not isinstance(package, str):
            raise TypeError('package must be a string')
        if spec is not None and package != spec.parent:
            # stacklevel 3: the frame that called __import__ (this one is internal).
            _warnings.warn('__package__ != __spec__.parent', DeprecationWarning,
                           stacklevel=3)
    elif spec is not None:
        package = spec.parent
        if not isinstance(package, str):
            raise TypeError('__spec__.parent must be a string')
    else:
        _warnings.warn("can't resolve package from __spec__ or __package__, falling back "
                       'on __name__ and __path__', ImportWarning, stacklevel=3)
        package = _package_from_name(globals)
    if not package:
        raise ImportError('attempted relative import with no known parent package')
    return _resolve_name(name, package, level)


def _package_from_name(globals):
    try:
        package = globals['__name__']
    except KeyError:
        raise KeyError("'__name__' not in globals") from None
    if not isinstance(package, str):
        raise TypeError('__name__ must be a string')
    if '__path__' in globals:
        return package
    # An empty result means a top-level module: no parent to be relative to.
    return package.rpartition('.')[0]


# --- Tracebacks --------------------------------------------------------------------

def _trim_traceback(exc):
    """Drop the frames C would not show from *exc*'s traceback.

    Called in an except clause that re-raises with a bare `raise`, which adds no entry
    for the re-raising frame: so this function's callers disappear too, as a C function
    has no frame.  Importlib frames go as remove_importlib_frames() in import.c removes
    them: all of them for an ImportError, otherwise each run of them that ends in
    _call_with_frames_removed (the module's own code follows); none under -v.
    """
    tb = exc.__traceback__
    kept = []
    while tb is not None:
        if tb.tb_frame.f_code not in _MIRROR_CODES:
            kept.append(tb)
        tb = tb.tb_next
    if not sys.flags.verbose:
        kept = _without_importlib_runs(kept, isinstance(exc, ImportError))
    for entry, after in zip(kept, kept[1:]):
        entry.tb_next = after
    if kept:
        kept[-1].tb_next = None
    exc.__traceback__ = kept[0] if kept else None


def _without_importlib_runs(entries, drop_all):
    out = []
    run_start = None  # index in out where the current run of importlib frames began
    for entry in entries:
        code = entry.tb_frame.f_code
        if code.co_filename not in _BOOTSTRAP_FILENAMES:
            run_start = None
            out.append(entry)
            continue
        if run_start is None:
            run_start = len(out)
        out.append(entry)
        if drop_all or code.co_name == '_call_with_frames_removed':
            del out[run_start:]
    return out


_BOOTSTRAP_FILENAMES = frozenset(('<frozen importlib._bootstrap>',
                                  '<frozen importlib._bootstrap_external>'))
# Frames of the functions above stand for C code, which has none.
_MIRROR_CODES = frozenset(f.__code__ for f in (
    _builtin_import, _bound_by_import, _import_absolute, _find_and_load_audited,
    _enclosing_module, _timed_find_and_load, _ceil_us, _report_cached,
    _as_c_int, _resolve_relative, _package_from_name))
_builtin_import.__name__ = _builtin_import.__qualname__ = '__import__'
_builtin_import.__module__ = 'builtins'  # pickle finds it where C's is found
