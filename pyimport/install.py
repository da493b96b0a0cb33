"""Chooses, compiles and caches the bootstrap halves a variant is made of, and installs them.

The installing itself -- the halves run in CPython's own bootstrap module objects, and
everything the replaced code made re-pointed -- is swap.py's, as is uninstall().
"""

# boot.py execs this file's code into a plain dict, after swap.py's, when a child starts
# with no fresh cache entry: so it too imports nothing that is not loaded by then.

import marshal
import os
import sys

import _imp

if '_install_codes' not in globals():  # else boot.py has run swap.py in this namespace already
    from .swap import _install_codes, _zip_pair, state, uninstall

CORE_FILENAME = '<frozen importlib._bootstrap>'
EXTERNAL_FILENAME = '<frozen importlib._bootstrap_external>'

PYIMPORT_DIR = os.path.dirname(os.path.abspath(__file__))


def compile_sources(paths, filename):
    """Compile the files *paths* under the frozen *filename* the C layer recognises.

    pyimport's own files are compiled for this interpreter's release: each
    ``_since('NAME')`` of versions.py is replaced by its value here, so the compiler drops
    the branches of other releases (every child would otherwise unmarshal code it never
    runs: 3.15's and 3.14's ways side by side made the halves 13% bigger).  Consecutive
    files of pyimport's are joined into one code object, each file's statements after
    the one before's, which is how exec'ing them in turn into one namespace runs them: a
    child then unmarshals, runs and frees at exit one module code a half instead of one
    a file.  Every statement keeps its own file's line numbers.  Other files (CPython's
    own) are compiled one by one, as they are.
    """
    codes, ours = [], []
    for path in paths:
        with open(path, 'rb') as f:
            source = f.read()
        if os.path.dirname(os.path.abspath(path)) == PYIMPORT_DIR:
            ours.extend(_for_this_release(source, path).body)
            continue
        if ours:
            codes.append(_compile_statements(ours, filename))
            ours = []
        codes.append(compile(source, filename, 'exec', dont_inherit=True))
    if ours:
        codes.append(_compile_statements(ours, filename))
    return codes


def _compile_statements(statements, filename):
    import ast
    return compile(ast.Module(statements, []), filename, 'exec', dont_inherit=True)


_release_table = None


def _for_this_release(source, path):
    """The AST of *source* with every _since('NAME') call made its constant value."""
    import ast  # only when compiling: a child booting from the cache never gets here
    global _release_table
    if _release_table is None:
        _release_table = {}
        with open(os.path.join(PYIMPORT_DIR, 'versions.py'), 'rb') as f:
            exec(compile(f.read(), 'versions.py', 'exec', dont_inherit=True), _release_table)
    since = _release_table['_since']

    class Fold(ast.NodeTransformer):
        def visit_Call(self, node):
            self.generic_visit(node)
            if (isinstance(node.func, ast.Name) and node.func.id == '_since'
                    and len(node.args) == 1 and not node.keywords
                    and isinstance(node.args[0], ast.Constant)):
                return ast.copy_location(ast.Constant(since(node.args[0].value)), node)
            return node

    return Fold().visit(ast.parse(source, path))


# --- Variants and the code cache --------------------------------------------------------

# The core half (pyimport's _bootstrap), exec'd in this order into one namespace.
# versions.py, the table of what each CPython release changed, comes first in both halves.
PYIMPORT_CORE_FILES = ('versions.py', 'locks.py', 'core.py', 'loading.py',
                       'builtin_frozen.py', 'importc.py', 'statement.py', 'facade.py')
# statement.py is pyimport's __import__, which only BUILTIN_IMPORT_VARIANTS make the
# interpreter's: the other variants leave it out, so a child starting up under them
# neither unmarshals nor runs it.
STATEMENT_FILE = 'statement.py'
# The path half (pyimport's _bootstrap_external), exec'd in this order, the order
# tests/pyimport/_devinstall.py's PATH_HALF_FILES gives too.
PYIMPORT_EXTERNAL_FILES = ('versions.py', 'path.py', 'siphash.py', 'pyc.py', 'loaders.py',
                           'specs.py', 'namespace.py', 'finders.py')
# pyimport's zipimport, exec'd in this order into sys.modules['zipimport']'s namespace
# (its zipimporter becoming the zip path hook) whenever the path half is pyimport's; at
# boot, all but the first wait until an archive is met (see zipstart.py).
PYIMPORT_ZIP_FILES = ('zipstart.py', 'ziparchive.py', 'zipimport.py')


def cpython_halves():
    """CPython's own importlib halves, read from this interpreter's stdlib at run time."""
    base = os.path.join(sys._stdlib_dir, 'importlib')
    return ([os.path.join(base, '_bootstrap.py')],
            [os.path.join(base, '_bootstrap_external.py')])


def pyimport_halves(with_statement=True):
    core = [os.path.join(PYIMPORT_DIR, name) for name in PYIMPORT_CORE_FILES
            if with_statement or name != STATEMENT_FILE]
    external = [os.path.join(PYIMPORT_DIR, name) for name in PYIMPORT_EXTERNAL_FILES]
    if not all(os.path.exists(path) for path in external):
        # Until the path half exists, pyimport's core runs with CPython's path half;
        # the contract in facade.py is what makes that pairing work.
        external = cpython_halves()[1]
    return core, external


def zip_sources(external_paths):
    """pyimport's zipimport files if *external_paths* is pyimport's path half, else []."""
    ours = [os.path.join(PYIMPORT_DIR, name) for name in PYIMPORT_EXTERNAL_FILES]
    if list(external_paths) != ours:
        return []
    return [os.path.join(PYIMPORT_DIR, name) for name in PYIMPORT_ZIP_FILES]


def variant_sources(variant):
    """(core files, external files) of a named variant."""
    cpython_core, cpython_external = cpython_halves()
    core, external = pyimport_halves(with_statement=False)
    full_core = pyimport_halves()[0]
    return {
        'pyimport': (core, external),
        'pyimport-full': (full_core, external),
        'cpython-source': (cpython_core, cpython_external),
        'pyimport-core': (core, cpython_external),
        'pyimport-external': (cpython_core, external),
    }[variant]


# What boot.py runs, in this order, to install at start-up without a fresh cache entry.
BOOT_FILES = ('swap.py', 'install.py')


def _stamps(paths):
    # The pyimport directory is stamped too: adding the path half's files changes it.
    stamps = []
    boot_files = [os.path.join(PYIMPORT_DIR, name) for name in BOOT_FILES]
    # Each file once: versions.py is listed in both halves, and every child stats each.
    for path in dict.fromkeys((*paths, PYIMPORT_DIR, *boot_files)):
        st = os.stat(path)
        stamps.append((path, st.st_mtime_ns, st.st_size))
    return tuple(stamps)


def cache_dirs(here=PYIMPORT_DIR):
    """Folders the halves' code cache is looked for in, in order.

    pyimport's own __pycache__, then, for a copy of pyimport that is not writable, a
    per-user folder keyed by pyimport's directory: $XDG_CACHE_HOME or ~/.cache, else the
    temporary directory.  boot.py's _cache_dirs() repeats this.
    """
    env = os.environ
    uid = os.getuid() if hasattr(os, 'getuid') else ''
    key = _imp.source_hash(0, os.fsencode(here)).hex()
    base = env.get('XDG_CACHE_HOME') or (env.get('HOME') and os.path.join(env['HOME'], '.cache'))
    # Not tempfile.gettempdir(): importing tempfile at start-up would load a dozen
    # modules into every child interpreter.
    tmp = env.get('TMPDIR') or env.get('TEMP') or env.get('TMP') or '/tmp'
    dirs = [os.path.join(here, '__pycache__')]
    if base and os.path.isabs(base):
        dirs.append(os.path.join(base, 'importparity', 'pyimport', key))
    dirs.append(os.path.join(tmp, f'importparity-{uid}', 'pyimport', key))
    return dirs


def _cache_name(tag):
    return f'halves-{tag}.{sys.implementation.cache_tag}.bin'


def _read_cache(path, shared):
    try:
        with open(path, 'rb') as f:
            # Code from a per-user folder runs only if this user wrote it.
            if shared and hasattr(os, 'getuid') and os.fstat(f.fileno()).st_uid != os.getuid():
                return None
            return marshal.loads(f.read())
    except (ValueError, EOFError, TypeError, OSError):
        return None


def load_cache(tag):
    """The first fresh (key, core codes, external codes, swap.py's code, zip codes), or None."""
    name = _cache_name(tag)
    for n, folder in enumerate(cache_dirs()):
        entry = _read_cache(os.path.join(folder, name), shared=n > 0)
        try:
            if entry is not None and _fresh(entry):
                return entry
        except (TypeError, IndexError):
            pass
    return None


def cached_halves(tag, core_paths, external_paths):
    """Code objects for both halves and the zip importer (see zip_sources), from a
    marshal cache keyed by the sources' stat."""
    entry = load_cache(tag)
    if entry is not None and entry[0][1:3] == (tuple(core_paths), tuple(external_paths)):
        return list(entry[1]), list(entry[2]), _zip_pair(entry[4], unpack=True)
    # versions.py is compiled into neither half: every _since() call in them is folded.
    core = compile_sources(_without_table(core_paths), CORE_FILENAME)
    external = compile_sources(_without_table(external_paths), EXTERNAL_FILENAME)
    zips = zip_sources(external_paths)
    # Under their own names: zipimport's frames are not the bootstrap's, C trims none.
    zip_codes = [compile_sources([path], path)[0] for path in zips]
    swap_file = os.path.join(PYIMPORT_DIR, 'swap.py')
    key = (sys.version, tuple(core_paths), tuple(external_paths),
           _stamps([*core_paths, *external_paths, *zips]), tuple(zips))
    # A booting child runs swap.py's code only (boot.py hands it the entry).
    swap_code = compile_sources([swap_file], swap_file)[0]
    # All but the first zip code stay marshalled in the entry: a booting child unpacks
    # them only if it meets an archive (see _install_zip).
    zip_pair = (zip_codes[0], marshal.dumps(tuple(zip_codes[1:]))) if zip_codes else ()
    data = marshal.dumps((key, tuple(core), tuple(external), swap_code, zip_pair))
    # Without a cache every child interpreter would compile both halves again (~20 ms).
    for n, folder in enumerate(cache_dirs()):
        if _write_cache(os.path.join(folder, _cache_name(tag)), data, private=n > 0):
            break
    return core, external, _zip_pair(zip_pair, unpack=True)


def _without_table(paths):
    # What the code cache holds of a half: its files but pyimport's versions.py, whose
    # only use, _since(), compile_sources() has folded into the code of the others.
    table = os.path.join(PYIMPORT_DIR, 'versions.py')
    return [path for path in paths if path != table]


# boot.py's line that its stored code object carries boot.py's stamp on.
_BOOT_STAMP_LINE = '\n_STAMP = None\n'


def write_boot_code():
    """Store boot.py's code, stamped with boot.py's stat, for the .pth line to run.

    Returns the folder it is in (the first of cache_dirs() that is writable), or None.
    The file's name ends in the interpreter's hexversion, which the line puts in at run
    time, so an interpreter whose marshal format may differ reads boot.py instead.
    """
    boot = os.path.join(PYIMPORT_DIR, 'boot.py')
    try:
        st = os.stat(boot)
        with open(boot, 'rb') as f:
            source = f.read().decode('utf-8')
    except (OSError, UnicodeDecodeError):
        return None
    stamp = (st.st_mtime_ns, st.st_size)
    if source.count(_BOOT_STAMP_LINE) != 1:
        return None
    name = f'boot-{sys.hexversion:x}.bin'
    for n, folder in enumerate(cache_dirs()):
        path = os.path.join(folder, name)
        stored = _read_cache(path, shared=n > 0)
        if isinstance(stored, type(write_boot_code.__code__)) and stamp in stored.co_consts:
            return folder
        code = compile(source.replace(_BOOT_STAMP_LINE, f'\n_STAMP = {stamp!r}\n'), boot,
                       'exec', dont_inherit=True)
        if _write_cache(path, marshal.dumps(code), private=n > 0):
            return folder
    return None


def install(variant='pyimport'):
    """Install a named variant (see variant_sources).  Idempotent."""
    core, external = variant_sources(variant)
    return install_sources(core, external, variant=variant)


def _fresh(entry):
    key = entry[0]
    try:
        return key[0] == sys.version and _stamps(key[1] + key[2] + key[4]) == key[3]
    except OSError:
        return False


def _write_cache(cache_file, data, private=False):
    """Write *data* to *cache_file*; False if that is not possible.

    A *private* folder (one of the per-user ones) is used only if this user owns it and
    every folder up to importparity's, and no one else may write to them: the .pth line
    runs the code stored there without checking.
    """
    # Many children may start at once: write aside, then rename over atomically.
    tmp = f'{cache_file}.{os.getpid()}.tmp'
    folder = os.path.dirname(cache_file)
    try:
        if private:
            _make_private_dirs(folder)
            if not _owned(folder):
                return False
        else:
            os.makedirs(folder, exist_ok=True)
        with open(tmp, 'wb') as f:
            f.write(data)
        os.replace(tmp, cache_file)
        return True
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return False


def _make_private_dirs(folder):
    # os.makedirs() gives only the last folder its mode; each one made here is private.
    missing = []
    while not os.path.isdir(folder) and folder != os.path.dirname(folder):
        missing.append(folder)
        folder = os.path.dirname(folder)
    for path in reversed(missing):
        try:
            os.mkdir(path, 0o700)
        except FileExistsError:
            pass


def _owned(folder):
    uid = os.getuid() if hasattr(os, 'getuid') else None
    while folder != os.path.dirname(folder):
        st = os.stat(folder)
        if uid is not None and (st.st_uid != uid or st.st_mode & 0o022):
            return False
        if os.path.basename(folder).startswith('importparity'):
            return True
        folder = os.path.dirname(folder)
    return False


def install_sources(core_sources, external_sources, variant='custom'):
    """Make the given halves the import system, inside CPython's bootstrap module objects.

    Each half is a list of source file paths or code objects, exec'd in order into the
    namespace of ``_frozen_importlib`` / ``_frozen_importlib_external``.  Installing the
    same sources again is a no-op; different ones replace the current installation.
    """
    current = state()
    sources = (_source_ids(core_sources), _source_ids(external_sources))
    if current is not None:
        if current.sources == sources and current.variant == variant:
            return current
        uninstall()
    if all(isinstance(s, str) for s in (*core_sources, *external_sources)):
        core_codes, external_codes, zip_codes = cached_halves(variant, core_sources,
                                                              external_sources)
    else:
        core_codes = _as_codes(core_sources, CORE_FILENAME)
        external_codes = _as_codes(external_sources, EXTERNAL_FILENAME)
        zip_codes = ()
    return _install_codes(core_codes, external_codes, variant, sources, zip_codes)


def _source_ids(sources):
    return tuple(s if isinstance(s, str) else id(s) for s in sources)


def _as_codes(sources, filename):
    return [compile_sources([s], filename)[0] if isinstance(s, str) else s for s in sources]

