"""Swaps a pair of bootstrap halves into CPython's own module objects in place, and back.

install.py compiles and caches the halves and chooses what to install; this file does the
installing: it runs the halves' code in the namespaces of ``_frozen_importlib`` and
``_frozen_importlib_external``, re-points every object the replaced code made (module specs
and loaders, finders, hooks, names other modules copied), and undoes all of it.
"""

# At interpreter start-up boot.py execs this file's cached code into a plain dict, so it
# must not import anything that is not already loaded by then, and must not rely on being
# a module of the pyimport package.  Only what booting needs lives here: every child
# interpreter unmarshals this code, while install.py's compiling and caching is loaded by
# the processes that build a cache.

import marshal
import os
import sys

import _imp

CORE = '_frozen_importlib'
EXTERNAL = '_frozen_importlib_external'

# Keys of a bootstrap module's namespace that describe the module object rather than the
# code in it; they survive both install and uninstall.
_MODULE_DUNDERS = ('__name__', '__package__', '__file__', '__cached__', '__loader__',
                   '__spec__', '__builtins__')

# Where install() keeps what uninstall() needs, inside the core namespace so that a child
# interpreter set up by boot.py can be asked about it too.
STATE_KEY = '__importparity__'

# Variants that also make the core half's _builtin_import the interpreter's __import__.
BUILTIN_IMPORT_VARIANTS = ('pyimport-full',)


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


# --- Installing ------------------------------------------------------------------------

def state():
    """The InstallState of the current installation, or None."""
    return vars(sys.modules[CORE]).get(STATE_KEY)


def boot(variant, entry):
    """boot.py's entry: install the halves of a cache entry boot.py has found fresh.

    *entry* is (key, core codes, external codes, this file's code, zip pair), as
    install.cached_halves() stores it.
    """
    key, core, external = entry[0], entry[1], entry[2]
    current = state()
    if current is not None:
        if current.sources == (key[1], key[2]) and current.variant == variant:
            return current  # a second .pth line, or a second site-packages alias
        uninstall()
    return _install_codes(list(core), list(external), variant, (key[1], key[2]),
                          _zip_pair(entry[4], unpack=False), lazy_zip=True)


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
    # An object whose name new_ns lacks has nothing to be relinked to; only a class of
    # the old namespace must still be known as old, or other_modules() would rebase it
    # (CPython's zipimporter derives from its _LoaderBasics).  At boot, with the reader
    # and the importer still waiting (zipstart.py), most of CPython's names are such,
    # and mapping each costs every child start-up time.
    relink.add_namespace({name: value for name, value in old_ns.items()
                          if name in new_ns or isinstance(value, type)}, new_ns)
    # pkgutil registered the old zipimporter class with a singledispatch function when
    # it was imported; its own iter_zipimport_modules reads the zipimport module it holds.
    pkgutil = sys.modules.get('pkgutil')
    iter_zip = getattr(pkgutil, 'iter_zipimport_modules', None)
    if iter_zip is not None and 'zipimporter' in new_ns:
        pkgutil.iter_importer_modules.register(new_ns['zipimporter'], iter_zip)


def _zip_pair(stored, unpack):
    """(first zip code, the others: code objects, or their marshalled tuple), or ()."""
    if not stored:
        return ()
    first, rest = stored
    return (first, tuple(marshal.loads(rest)) if unpack else rest)


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
            # `import` of the module: a fresh object keeps that read fast (its __dict__,
            # filled in the same order, stays a view of the inline values).
            fresh = fresh_by_id.get(id(spec), (None, None))[1]
            if fresh is None:
                fresh = object.__new__(new_spec)
                vars(fresh).update(attrs)
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
        spec_loader = getattr(spec, 'loader', None) if spec is not None else None
        if spec_loader is not None:
            # Usually the module's own loader, just relinked: no second lookup.
            spec.loader = new_loader if spec_loader is loader else self.loader(spec_loader)
            locations = spec.submodule_search_locations
            if type(locations) in (list, type(None)):
                return  # a plain package or module: only a namespace path is relinked
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
            elif (getattr(ns.get('__spec__'), 'origin', None) == 'built-in'
                  or old_ids.isdisjoint(map(id, ns.values()))):
                # Built-in modules' namespaces are filled in C (sys's finders and hooks are
                # re-pointed apart), and most other modules hold nothing of the halves:
                # looking costs ~170 instructions a name, start-up time in every child.
                continue
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
