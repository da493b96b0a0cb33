"""Development installer: swaps pyimport's path half in for CPython's _frozen_importlib_external, and back."""

# Stand-in for pyimport/install.py until the core half's generic installer
# exists.  It pairs our path half with CPython's own core (_frozen_importlib).
import os
import sys
import types

PYIMPORT_DIR = os.path.join(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.abspath(__file__)))), 'pyimport')

# Execution order: each file may use names the earlier ones defined.
PATH_HALF_FILES = ('versions.py', 'path.py', 'siphash.py', 'pyc.py', 'loaders.py',
                   'specs.py', 'namespace.py', 'finders.py')
# C code trims import frames from tracebacks by this code filename.
CODE_FILENAME = '<frozen importlib._bootstrap_external>'
_KEEP = frozenset({'__name__', '__doc__', '__package__', '__loader__',
                   '__spec__', '__file__', '__builtins__'})
# Only these kinds of objects are rebound by identity elsewhere: values
# such as small strings are shared with unrelated code.
_REBINDABLE = (type, types.FunctionType, list)
_CLASSES_TO_SWAP = ('SourceFileLoader', 'SourcelessFileLoader',
                    'ExtensionFileLoader', 'NamespaceLoader', '_NamespacePath',
                    'FileFinder', 'AppleFrameworkLoader', 'FileLoader',
                    'SourceLoader', '_LoaderBasics')

_saved = None


def compile_path_half():
    """Code objects of the path-half files, in execution order."""
    codes = []
    for name in PATH_HALF_FILES:
        with open(os.path.join(PYIMPORT_DIR, name), encoding='utf-8') as f:
            codes.append(compile(f.read(), CODE_FILENAME, 'exec',
                                 dont_inherit=True))
    return codes


def _clear_namespace(ns):
    """Empty ns except for the module dunders."""
    for key in [k for k in ns if k not in _KEEP]:
        del ns[key]


def _rebinding_map(old, new):
    """id(old object) -> new object, for names present in both."""
    mapping = {}
    for name, value in old.items():
        if name in _KEEP or name not in new:
            continue
        if isinstance(value, _REBINDABLE) or name == 'MAGIC_NUMBER':
            mapping[id(value)] = (value, new[name])
    return mapping


def _rebind_everywhere(mapping, ext_module):
    """Point importlib's copies of old names (importlib.machinery.FileFinder,
    importlib.abc.FileLoader's base...) at the new objects.

    Other modules that captured such names (pkgutil registers FileFinder
    with singledispatch, for one) are not fixed up: install before they
    are imported.
    """
    for name, module in list(sys.modules.items()):
        if module is ext_module or not isinstance(module, types.ModuleType):
            continue
        if name != 'importlib' and not name.startswith('importlib.'):
            continue
        namespace = module.__dict__
        for key, value in list(namespace.items()):
            namespace[key] = _mapped(value, mapping)
        _rebind_classes(namespace, mapping)


def _rebind_classes(namespace, mapping):
    for cls in [v for v in namespace.values() if isinstance(v, type)]:
        for key, value in list(vars(cls).items()):
            hit = mapping.get(id(value))
            if hit is not None and hit[0] is value:
                setattr(cls, key, hit[1])
        bases = tuple(_mapped(b, mapping) for b in cls.__bases__)
        if bases != cls.__bases__:
            cls.__bases__ = bases


def _mapped(value, mapping):
    hit = mapping.get(id(value))
    return hit[1] if hit is not None and hit[0] is value else value


def _swap_instances(old, new):
    """Re-class live loaders and namespace paths of already imported
    modules, so isinstance() against the new classes holds."""
    swaps = {old[n]: new[n] for n in _CLASSES_TO_SWAP if n in old and n in new}
    new_get_spec = new['PathFinder']._get_spec
    for module in list(sys.modules.values()):
        spec = getattr(module, '__spec__', None)
        objects = [getattr(module, '__loader__', None),
                   getattr(spec, 'loader', None),
                   getattr(module, '__path__', None),
                   getattr(spec, 'submodule_search_locations', None)]
        for obj in objects:
            target = swaps.get(type(obj))
            if target is None:
                continue
            obj.__class__ = target
            finder = getattr(obj, '_path_finder', None)
            if finder is not None and getattr(finder, '__name__', '') == '_get_spec':
                obj._path_finder = new_get_spec


def _replace_in(seq, old_item_test, new_item):
    for index, item in enumerate(seq):
        if old_item_test(item):
            seq[index] = new_item
            return True
    return False


def _is_filefinder_hook(old_filefinder):
    def test(hook):
        closure = getattr(hook, '__closure__', None) or ()
        return (getattr(hook, '__name__', '') == 'path_hook_for_FileFinder'
                and any(c.cell_contents is old_filefinder for c in closure))
    return test


def _switch(old, populate):
    """Refill _frozen_importlib_external's own namespace with populate()
    (functions must keep that very dict as their globals)."""
    ext = sys.modules['_frozen_importlib_external']
    boot = sys.modules['_frozen_importlib']
    ns = ext.__dict__
    meta_before = list(sys.meta_path)
    hooks_before = list(sys.path_hooks)
    _clear_namespace(ns)
    populate(ns)
    ns['_set_bootstrap_module'](boot)
    # Let _install() add its hook and finder, then move them into the
    # slots the replaced ones occupied.
    sys.meta_path[:] = [f for f in meta_before if f is not old['PathFinder']]
    sys.path_hooks[:] = [h for h in hooks_before
                         if not _is_filefinder_hook(old['FileFinder'])(h)]
    ns['_install'](boot)
    new_finder, new_hook = sys.meta_path.pop(), sys.path_hooks.pop()
    sys.meta_path[:] = meta_before
    sys.path_hooks[:] = hooks_before
    _replace_in(sys.meta_path, lambda f: f is old['PathFinder'], new_finder)
    _replace_in(sys.path_hooks, _is_filefinder_hook(old['FileFinder']),
                new_hook)
    sys.path_importer_cache.clear()
    mapping = _rebinding_map(old, ns)
    _rebind_everywhere(mapping, ext)
    _swap_instances(old, ns)


def install():
    """Replace CPython's path half by pyimport's (idempotent)."""
    global _saved
    if _saved is not None:
        return
    ext = sys.modules['_frozen_importlib_external']
    original = dict(ext.__dict__)
    codes = compile_path_half()

    def populate(ns):
        for code in codes:
            exec(code, ns)
    _switch(original, populate)
    _saved = original


def uninstall():
    """Put CPython's own path half back."""
    global _saved
    if _saved is None:
        return
    ext = sys.modules['_frozen_importlib_external']
    ours = dict(ext.__dict__)
    saved = _saved
    _switch(ours, lambda ns: ns.update(
        {k: v for k, v in saved.items() if k not in _KEEP}))
    _saved = None


def installed():
    return _saved is not None
