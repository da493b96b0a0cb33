"""Makes a pair of bootstrap halves the running interpreter's import system, and undoes it."""

# This file is also exec'd by boot.py into a plain dict at interpreter start-up, so it
# must not import anything that is not already loaded by then, and must not rely on
# being a module of the pyimport package.  That is also why it is one file (over the
# usual size): boot.py loads a single cached code object, nothing else.

import marshal
import os
import sys

import _imp

CORE = '_frozen_importlib'
EXTERNAL = '_frozen_importlib_external'
CORE_FILENAME = '<frozen importlib._bootstrap>'
EXTERNAL_FILENAME = '<frozen importlib._bootstrap_external>'

# Keys of a bootstrap module's namespace that describe the module object rather than the
# code in it; they survive both install and uninstall.
_MODULE_DUNDERS = ('__name__', '__package__', '__file__', '__cached__', '__loader__',
                   '__spec__', '__builtins__')

# Where install() keeps what uninstall() needs, inside the core namespace so that a child
# interpreter set up by boot.py can be asked about it too.
STATE_KEY = '__importparity__'

PYIMPORT_DIR = os.path.dirname(os.path.abspath(__file__))


class InstallState:
    """What one installation replaced, and what it put in place."""

    def __init__(self, variant, sources, saved, codes):
        self.variant = variant
        self.sources = sources
        self.saved = saved    # {module name: dict copy of the namespace before}
        self.codes = codes    # the installed halves' module code objects
        self._code_ids = None
        self.saved_import = None  # builtins.__import__ before, if the variant replaced it

    @property
    def code_ids(self):
        """ids of every code object the installed halves can run."""
        if self._code_ids is None:
            self._code_ids = _all_code_ids(self.codes)
        return self._code_ids

    def __repr__(self):
        return f'<importparity install {self.variant!r}>'


# --- Compiling the halves --------------------------------------------------------------

def compile_sources(paths, filename):
    """Compile each file under the frozen *filename* the C layer recognises."""
    codes = []
    for path in paths:
        with open(path, 'rb') as f:
            codes.append(compile(f.read(), filename, 'exec', dont_inherit=True))
    return codes


# --- Variants and the code cache --------------------------------------------------------

# The core half (pyimport's _bootstrap), exec'd in this order into one namespace.
PYIMPORT_CORE_FILES = ('locks.py', 'core.py', 'loading.py', 'builtin_frozen.py',
                       'importc.py', 'statement.py', 'facade.py')
# statement.py is pyimport's __import__, which only BUILTIN_IMPORT_VARIANTS make the
# interpreter's: the other variants leave it out, and every child starting up under them
# neither unmarshals nor runs it (issue 8, start-up cost).
STATEMENT_FILE = 'statement.py'
# Variants that also make the core half's _builtin_import the interpreter's __import__.
BUILTIN_IMPORT_VARIANTS = ('pyimport-full',)
# The path half (pyimport's _bootstrap_external), written by the path engineer; the
# order is theirs (tests/pyimport/_devinstall.py PATH_HALF_FILES).
PYIMPORT_EXTERNAL_FILES = ('path.py', 'siphash.py', 'pyc.py', 'loaders.py', 'specs.py',
                           'namespace.py', 'finders.py')
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


def _stamps(paths):
    # The pyimport directory is stamped too: adding the path half's files changes it.
    stamps = []
    for path in (*paths, PYIMPORT_DIR, os.path.join(PYIMPORT_DIR, 'install.py')):
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
    """The first fresh (key, core codes, external codes, install code, zip codes), or None."""
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
    core = compile_sources(core_paths, CORE_FILENAME)
    external = compile_sources(external_paths, EXTERNAL_FILENAME)
    zips = zip_sources(external_paths)
    # Under their own names: zipimport's frames are not the bootstrap's, C trims none.
    zip_codes = [compile_sources([path], path)[0] for path in zips]
    this_file = os.path.join(PYIMPORT_DIR, 'install.py')
    key = (sys.version, tuple(core_paths), tuple(external_paths),
           _stamps([*core_paths, *external_paths, *zips]), tuple(zips))
    install_code = compile_sources([this_file], this_file)[0]
    # All but the first zip code stay marshalled in the entry: a booting child unpacks
    # them only if it meets an archive (see _install_zip).
    zip_pair = (zip_codes[0], marshal.dumps(tuple(zip_codes[1:]))) if zip_codes else ()
    data = marshal.dumps((key, tuple(core), tuple(external), install_code, zip_pair))
    # Without a cache every child interpreter would compile both halves again (~20 ms).
    for n, folder in enumerate(cache_dirs()):
        if _write_cache(os.path.join(folder, _cache_name(tag)), data, private=n > 0):
            break
    return core, external, _zip_pair(zip_pair, unpack=True)


def _zip_pair(stored, unpack):
    """(first zip code, the others: code objects, or their marshalled tuple), or ()."""
    if not stored:
        return ()
    first, rest = stored
    return (first, tuple(marshal.loads(rest)) if unpack else rest)


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


def boot(variant, entry=None, fresh=False):
    """boot.py's entry: install from the cache entry boot.py read if it is fresh.

    *fresh* says boot.py has just checked the entry's stamps itself.
    """
    if entry is not None and (fresh or _fresh(entry)):
        key, core, external = entry[0], entry[1], entry[2]
        current = state()
        if (current is not None and current.sources == (key[1], key[2])
                and current.variant == variant):
            return current  # a second .pth line, or a second site-packages alias
        if current is not None:
            uninstall()
        return _install_codes(list(core), list(external), variant, (key[1], key[2]),
                              _zip_pair(entry[4], unpack=False), lazy_zip=True)
    return install(variant)


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


# Values never relinked: immutable atoms are shared by coincidence (interned strings,
# small ints, None), and modules such as sys are the same objects on both sides.
_NOT_RELINKED = (str, int, float, type(None), type(sys))
# Names describing a namespace rather than code in it.
_NOT_RELINKED_NAMES = frozenset((*_MODULE_DUNDERS, '__doc__'))


def _all_code_ids(codes):
    seen = set()
    todo = list(codes)
    while todo:
        code = todo.pop()
        if id(code) in seen:
            continue
        seen.add(id(code))
        todo.extend(c for c in code.co_consts if type(c) is type(code))
    return frozenset(seen)


# --- Installing ------------------------------------------------------------------------

def state():
    """The InstallState of the current installation, or None."""
    return vars(sys.modules[CORE]).get(STATE_KEY)


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


def _install_codes(core_codes, external_codes, variant, sources, zip_codes=(),
                   lazy_zip=False):
    core_mod, ext_mod = sys.modules[CORE], sys.modules[EXTERNAL]
    ext_ns = vars(ext_mod)
    saved = {CORE: dict(vars(core_mod)), EXTERNAL: dict(ext_ns)}
    meta_path, path_hooks = sys.meta_path, sys.path_hooks
    old_meta, old_hooks = list(meta_path), list(path_hooks)
    new_meta, new_hooks = [], []
    # The halves' start-up functions append their finders and hooks; let them append to
    # scratch lists, then put the results where CPython's own entries were.
    sys.meta_path, sys.path_hooks = new_meta, new_hooks
    try:
        _replace_namespace(core_mod, core_codes)
        relink = Relinker(saved[CORE], vars(core_mod))
        relink.modules_specs()
        _run_setup(vars(core_mod)['_install'], core_mod, ext_mod)
        _replace_namespace(ext_mod, external_codes)
        relink.add_namespace(saved[EXTERNAL], ext_ns)
        vars(core_mod)['_install_external_importers']()
    except BaseException:
        sys.meta_path, sys.path_hooks = meta_path, path_hooks
        _restore_namespace(core_mod, saved[CORE])
        _restore_namespace(ext_mod, saved[EXTERNAL])
        raise
    sys.meta_path, sys.path_hooks = meta_path, path_hooks
    relink.modules_loaders()
    meta_path[:], _ = _merge_entries(old_meta, new_meta, relink.is_old)
    # A hook of the replaced external half is a closure whose globals are its namespace.
    path_hooks[:], hook_pairs = _merge_entries(
        old_hooks, new_hooks, lambda h: getattr(h, '__globals__', None) is ext_ns)
    zip_modules = _install_zip(zip_codes, relink, hook_pairs, lazy_zip) if zip_codes else None
    sys.path_importer_cache.clear()
    relink.other_modules()
    # Zip codes still marshalled (a child's lazy boot) are not counted as installed code.
    zip_list = [zip_codes[0], *zip_codes[1]] if zip_codes and isinstance(zip_codes[1], tuple) \
        else list(zip_codes[:1])
    st = InstallState(variant, sources, saved, [*core_codes, *external_codes, *zip_list])
    st.hook_pairs = hook_pairs
    st.zip_modules = zip_modules
    if variant in BUILTIN_IMPORT_VARIANTS:
        st.saved_import = _bind_builtin_import(vars(core_mod))
    vars(core_mod)[STATE_KEY] = st
    return st


def _bind_builtin_import(core_ns):
    """Make the core half's _builtin_import builtins.__import__; return the one replaced."""
    import builtins
    core_ns['_setup_statement']()
    replaced = builtins.__import__
    builtins.__import__ = core_ns['_builtin_import']
    return replaced


def _unbind_builtin_import(current, installed_core):
    saved = getattr(current, 'saved_import', None)
    if saved is None:
        return
    import builtins
    # Someone who replaced ours since keeps theirs.
    if builtins.__import__ is installed_core.get('_builtin_import'):
        builtins.__import__ = saved


def _install_zip(zip_pair, relink, hook_pairs, lazy):
    """Run the zip codes in sys.modules['zipimport']'s namespace, as the halves are run in
    theirs, and make their zipimporter the zip path hook.

    *zip_pair* is (first code, the others or their marshalled tuple).  With *lazy* (a
    child interpreter starting), only the first runs now: it holds the others and runs
    them when needed (zipstart.py).  Returns (the module, its namespace
    before), for uninstall(); the hook swap joins *hook_pairs*, and names other modules
    took from the old namespace are re-pointed.
    """
    module = sys.modules.get('zipimport')
    if module is None:
        return None
    saved = dict(vars(module))
    _replace_namespace(module, zip_pair[:1])
    ns = vars(module)
    ns['_deferred'] = zip_pair[1]
    old_hook, first_hook = saved.get('zipimporter'), ns['_path_hook']
    if old_hook in sys.path_hooks:
        sys.path_hooks[sys.path_hooks.index(old_hook)] = first_hook
        hook_pairs.append((old_hook, first_hook))
    # A module already holding CPython's names (pkgutil) is re-pointed to ours now.
    if not lazy or 'pkgutil' in sys.modules:
        ns['_run_deferred']()
    _relink_zip_module(relink, saved, ns)
    return module, saved


def _relink_zip_module(relink, old_ns, new_ns):
    relink.add_namespace(old_ns, new_ns)
    # pkgutil registered the old zipimporter class with a singledispatch function when
    # it was imported; its own iter_zipimport_modules reads the zipimport module it holds.
    pkgutil = sys.modules.get('pkgutil')
    iter_zip = getattr(pkgutil, 'iter_zipimport_modules', None)
    if iter_zip is not None and 'zipimporter' in new_ns:
        pkgutil.iter_importer_modules.register(new_ns['zipimporter'], iter_zip)


def _run_setup(install, *bootstrap_modules):
    # _frozen_importlib is fixed up at start-up before sys._stdlib_dir is known, so its
    # spec records no filename; FrozenImporter._fix_up_module() now expects the stdlib
    # path on both spec and module.  Present it so for the duration of the call.
    patched = []
    for module in bootstrap_modules:
        state = getattr(getattr(module, '__spec__', None), 'loader_state', None)
        origname = getattr(state, 'origname', None)
        if origname and getattr(state, 'filename', '') is None:
            ns = vars(module)
            path = os.path.join(sys._stdlib_dir, *origname.split('.')) + '.py'
            patched.append((state, ns, '__file__' in ns, ns.get('__file__')))
            state.filename = ns['__file__'] = path
    try:
        install(sys, _imp)
    finally:
        for state, ns, had_file, filename in patched:
            state.filename = None
            if had_file:
                ns['__file__'] = filename
            else:
                del ns['__file__']


def _replace_namespace(module, codes):
    ns = vars(module)
    keep = {k: ns[k] for k in _MODULE_DUNDERS if k in ns}
    ns.clear()
    ns.update(keep)
    # Classes take __module__ from __name__ while the halves run.  CPython's were created
    # at start-up as '_frozen_importlib…'; importing importlib renames the module later, so
    # an install after that must still create classes under the start-up name, or a parent
    # and the children it spawns disagree on every loader's repr.
    ns['__name__'] = getattr(keep.get('__spec__'), 'name', None) or keep.get('__name__')
    for code in codes:
        exec(code, ns)
    first_doc = codes[0].co_consts[0] if codes and codes[0].co_consts else None
    ns['__doc__'] = first_doc if isinstance(first_doc, str) else None
    ns.update(keep)


def _restore_namespace(module, saved):
    ns = vars(module)
    keep = {k: ns[k] for k in _MODULE_DUNDERS if k in ns}
    ns.clear()
    ns.update(saved)
    ns.update(keep)


def _merge_entries(old_list, new_entries, is_old):
    """Put new_entries where the replaced half's entries were; keep everything else.

    Returns the merged list and the (old, new) pairs substituted.
    """
    merged, pending, pairs = [], list(new_entries), []
    for entry in old_list:
        if not is_old(entry):
            merged.append(entry)
            continue
        if not pending:
            continue
        name = getattr(entry, '__name__', None)
        same_name = [e for e in pending if getattr(e, '__name__', None) == name]
        replacement = same_name[0] if same_name else pending[0]
        pending.remove(replacement)
        merged.append(replacement)
        pairs.append((entry, replacement))
    if pairs:
        # A finder the old half did not have goes after the ones it replaced.
        merged.extend(pending)
    return merged, pairs


def uninstall():
    """Give the interpreter back the namespaces install() replaced.  Idempotent."""
    current = state()
    if current is None:
        return False
    core_mod, ext_mod = sys.modules[CORE], sys.modules[EXTERNAL]
    installed = {CORE: dict(vars(core_mod)), EXTERNAL: dict(vars(ext_mod))}
    installed[CORE].pop(STATE_KEY, None)
    _unbind_builtin_import(current, installed[CORE])
    _restore_namespace(core_mod, current.saved[CORE])
    _restore_namespace(ext_mod, current.saved[EXTERNAL])
    relink = Relinker(installed[CORE], vars(core_mod))
    relink.add_namespace(installed[EXTERNAL], vars(ext_mod))
    if getattr(current, 'zip_modules', None) is not None:
        module, saved = current.zip_modules
        ours = dict(vars(module))
        if 'zipimporter' in ours:  # the hook zipstart.py put in when it ran the rest
            current.hook_pairs.append((saved.get('zipimporter'), ours['zipimporter']))
        _restore_namespace(module, saved)
        _relink_zip_module(relink, ours, vars(module))
    relink.modules_specs()
    relink.modules_loaders()
    sys.meta_path[:] = [relink.counterpart(e) for e in sys.meta_path]
    back = {id(new): old for old, new in current.hook_pairs}
    sys.path_hooks[:] = [back.get(id(h), h) for h in sys.path_hooks]
    sys.path_importer_cache.clear()
    relink.other_modules()
    return True


# --- Re-pointing objects created by the replaced halves --------------------------------

class Relinker:
    """Maps objects of replaced namespaces to their same-named replacements."""

    def __init__(self, old_ns, new_ns):
        self.old_by_id = {}
        self.new_namespaces = []
        self.loader_memo = {}
        self.add_namespace(old_ns, new_ns)

    def add_namespace(self, old_ns, new_ns):
        # One comprehension, not a call per name: every child runs this at start-up.
        skip, atoms = _NOT_RELINKED_NAMES, _NOT_RELINKED
        self.old_by_id.update({id(value): (value, name, new_ns)
                               for name, value in old_ns.items()
                               if name not in skip and not isinstance(value, atoms)})
        self.new_namespaces.append(new_ns)

    def is_old(self, obj):
        entry = self.old_by_id.get(id(obj))
        return entry is not None and entry[0] is obj

    def counterpart(self, obj):
        entry = self.old_by_id.get(id(obj))
        if entry is None or entry[0] is not obj:
            return obj
        _, name, new_ns = entry
        return new_ns.get(name, obj)

    def _new(self, name):
        for ns in self.new_namespaces:
            if name in ns:
                return ns[name]
        return None

    def modules_specs(self):
        """Give every module a spec of the new ModuleSpec class, with the same attributes."""
        old_spec = self._old_named('ModuleSpec')
        new_spec = self._new('ModuleSpec')
        if old_spec is None or new_spec is None:
            return
        fresh_by_id = {}  # a spec shared by two modules stays shared
        for module in list(sys.modules.values()):
            spec = getattr(module, '__spec__', None)
            if type(spec) is not old_spec:
                continue
            attrs = vars(spec)
            if attrs.get('_initializing'):
                # The frame loading this module (site, when a .pth line installs) holds
                # the spec and clears _initializing on that object when done: keep it.
                spec.__class__ = new_spec
                continue
            # Assigning __class__ would move the instance's attributes out of their
            # inline storage into a dict, and C reads __spec__._initializing on every
            # `import` of the module: a fresh object keeps that read fast.
            fresh = fresh_by_id.get(id(spec), (None, None))[1]
            if fresh is None:
                fresh = object.__new__(new_spec)
                for name, value in attrs.items():
                    object.__setattr__(fresh, name, value)
                fresh_by_id[id(spec)] = (spec, fresh)  # spec kept alive: its id stays its own
            try:
                module.__spec__ = fresh
            except (AttributeError, TypeError):
                spec.__class__ = new_spec

    def _old_named(self, name):
        for value, old_name, _ in self.old_by_id.values():
            if old_name == name and isinstance(value, type):
                return value
        return None

    def modules_loaders(self):
        for module in list(sys.modules.values()):
            try:
                self._relink_module(module)
            except Exception:
                # A module with exotic attributes keeps its old loader; it still works.
                pass

    def _relink_module(self, module):
        spec = getattr(module, '__spec__', None)
        loader = getattr(module, '__loader__', None)
        new_loader = self.loader(loader)
        if new_loader is not loader:
            module.__loader__ = new_loader
        if spec is not None and getattr(spec, 'loader', None) is not None:
            spec.loader = self.loader(spec.loader)
            locations = spec.submodule_search_locations
            new_locations = self._namespace_path(locations, spec.name)
            if new_locations is not locations:
                spec.submodule_search_locations = new_locations
                if getattr(module, '__path__', None) is locations:
                    module.__path__ = new_locations
                if getattr(spec.loader, '_path', None) is locations:
                    spec.loader._path = new_locations

    def loader(self, loader):
        """The replacement for a loader object or class of the old halves."""
        if loader is None:
            return None
        if self.is_old(loader):
            return self.counterpart(loader)
        if id(loader) in self.loader_memo:
            return self.loader_memo[id(loader)][1]
        cls = type(loader)
        new = loader
        if self.is_old(cls):
            new_cls = self.counterpart(cls)
            if new_cls is not cls:
                new = self._rebuild_loader(loader, new_cls)
        self.loader_memo[id(loader)] = (loader, new)
        return new

    def _rebuild_loader(self, loader, new_cls):
        if hasattr(loader, 'path') and hasattr(loader, 'name'):
            return new_cls(loader.name, loader.path)
        path = getattr(loader, '_path', None)
        if path is not None and hasattr(path, '_name'):
            finder = self._new('PathFinder')
            return new_cls(path._name, list(path._path), finder._get_spec)
        return loader

    def _namespace_path(self, locations, name):
        if locations is None or not self.is_old(type(locations)):
            return locations
        new_cls = self.counterpart(type(locations))
        finder = self._new('PathFinder')
        return new_cls(name, list(locations._path), finder._get_spec)

    def other_modules(self):
        """Re-point names other modules copied from the old halves, and their subclasses."""
        # __main__ is the caller's own script: what it holds is its business.
        skip = (sys.modules.get(CORE), sys.modules.get(EXTERNAL), sys.modules.get('__main__'))
        skip_names = {getattr(m, '__name__', None) for m in skip if m is not None}
        skip_ids = {id(m) for m in skip if m is not None}
        old = self.old_by_id
        old_ids = frozenset(old)
        for module in list(sys.modules.values()):
            if id(module) in skip_ids:
                continue
            ns = getattr(module, '__dict__', None)
            if not isinstance(ns, dict):
                continue
            # Class attributes are only looked at in importlib's own modules (abc copies
            # _LoaderBasics methods): scanning every class would cost start-up time.
            if str(ns.get('__name__')).startswith('importlib'):
                for value in list(ns.values()):
                    if isinstance(value, type) and value.__module__ == ns.get('__name__'):
                        self._class_attrs(value)
            elif old_ids.isdisjoint(map(id, ns.values())):
                continue  # most modules hold nothing of the halves
            for key, value in list(ns.items()):
                if id(value) in old and old[id(value)][0] is value:
                    ns[key] = self.counterpart(value)
        # A class deriving from an old class is found from that class rather than by
        # scanning every module's classes; the old halves' own classes stay as they are.
        for value, _, _ in list(old.values()):
            if not isinstance(value, type):
                continue
            for sub in type.__subclasses__(value):
                if not self.is_old(sub) and getattr(sub, '__module__', None) not in skip_names:
                    self._rebase(sub)
        self._reregister_abcs()

    def _class_attrs(self, cls):
        # e.g. importlib.abc.InspectLoader.exec_module is _LoaderBasics.exec_module.
        for key, value in list(vars(cls).items()):
            if self.is_old(value):
                try:
                    setattr(cls, key, self.counterpart(value))
                except (AttributeError, TypeError):
                    pass

    def _rebase(self, cls):
        bases = cls.__bases__
        if any(id(b) in self.old_by_id for b in bases) and any(map(self.is_old, bases)):
            try:
                cls.__bases__ = tuple(self.counterpart(b) for b in bases)
            except TypeError:
                pass

    def _reregister_abcs(self):
        abc_module = sys.modules.get('importlib.abc')
        if abc_module is None:
            return
        import _abc
        for value in list(vars(abc_module).values()):
            if not (isinstance(value, type) and hasattr(value, '_abc_impl')):
                continue
            registry = _abc._get_dump(value)[0]
            for ref in list(registry):
                cls = ref()
                if cls is not None and self.is_old(cls):
                    value.register(self.counterpart(cls))
