"""Scenario script: exercises path-based import end to end and prints what happened as JSON."""

# Run once under stock CPython and once with `--pyimport`; the two JSON
# documents must be equal.  Paths are reported relative to the scratch dir.
import importlib
import json
import os
import shutil
import sys
import tempfile
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
results = {}


def write(path, text=''):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)


def rel(value, root):
    if isinstance(value, str):
        return value.replace(root, '<root>')
    if isinstance(value, (list, tuple)):
        return [rel(v, root) for v in value]
    return value


def record(key, func, root):
    try:
        results[key] = ['ok', rel(func(), root)]
    except Exception as exc:
        results[key] = [type(exc).__name__, rel(str(exc), root)]


def scenarios(root):
    a, b = os.path.join(root, 'a'), os.path.join(root, 'b')
    write(os.path.join(a, 'regpkg', '__init__.py'), 'kind = "regular"\n')
    write(os.path.join(a, 'regpkg', 'sub.py'), 'kind = "sub"\n')
    write(os.path.join(a, 'nspkg', 'one.py'), 'kind = "one"\n')
    write(os.path.join(b, 'nspkg', 'two.py'), 'kind = "two"\n')
    write(os.path.join(a, 'plain.py'), 'kind = "plain"\n')
    sys.path[:0] = [a, b]

    def module_facts(name):
        module = importlib.import_module(name)
        spec = module.__spec__
        return [module.__name__, getattr(module, 'kind', None),
                getattr(module, '__file__', None), module.__cached__ if hasattr(module, '__cached__') else None,
                list(getattr(module, '__path__', []) or []),
                type(spec.loader).__name__, spec.origin, spec.has_location,
                type(module.__path__).__name__ if hasattr(module, '__path__') else None]

    for name in ('regpkg', 'regpkg.sub', 'nspkg', 'nspkg.one', 'nspkg.two', 'plain'):
        record('import ' + name, lambda: module_facts(name), root)

    # The namespace __path__ follows sys.path.
    c = os.path.join(root, 'c')
    write(os.path.join(c, 'nspkg', 'three.py'), 'kind = "three"\n')
    sys.path.append(c)
    record('ns path grows', lambda: list(sys.modules['nspkg'].__path__), root)
    record('import nspkg.three', lambda: module_facts('nspkg.three'), root)

    # Directory cache: a file added within the same mtime tick is only seen
    # after invalidate_caches().
    d = os.path.join(root, 'd')
    os.makedirs(d)
    os.utime(d, (1000, 1000))
    sys.path.insert(0, d)
    record('missing first', lambda: importlib.util.find_spec('latecomer'), root)
    write(os.path.join(d, 'latecomer.py'), 'kind = "late"\n')
    os.utime(d, (1000, 1000))
    record('stale cache', lambda: importlib.util.find_spec('latecomer') is None, root)
    importlib.invalidate_caches()
    record('after invalidate', lambda: module_facts('latecomer'), root)

    # A directory that disappears, and a path entry that is a file.
    shutil.rmtree(d)
    importlib.invalidate_caches()
    record('gone dir', lambda: importlib.util.find_spec('nothing_here'), root)
    filename = os.path.join(root, 'afile.txt')
    write(filename, 'x')
    sys.path.insert(0, filename)
    record('file entry', lambda: [importlib.util.find_spec('nothing2'),
                                  sys.path_importer_cache.get(filename, 'absent')], root)

    # Bytecode: pycache_prefix, dont_write_bytecode, sourceless modules.
    e = os.path.join(root, 'e')
    write(os.path.join(e, 'cached_mod.py'), 'kind = 1\n')
    sys.path.insert(0, e)
    sys.pycache_prefix = os.path.join(root, 'prefix')
    record('prefix import', lambda: module_facts('cached_mod'), root)
    record('prefix tree', lambda: sorted(
        os.path.relpath(os.path.join(p, f), root)
        for p, _, fs in os.walk(os.path.join(root, 'prefix')) for f in fs), root)
    sys.pycache_prefix = None
    write(os.path.join(e, 'nowrite.py'), 'kind = 2\n')
    sys.dont_write_bytecode = True
    record('dont write', lambda: [module_facts('nowrite'),
                                  os.path.exists(os.path.join(e, '__pycache__'))], root)
    sys.dont_write_bytecode = False
    import py_compile
    source = os.path.join(e, 'bare.py')
    write(source, 'kind = "bare"\n')
    py_compile.compile(source, cfile=os.path.join(e, 'bare.pyc'))
    os.remove(source)
    importlib.invalidate_caches()
    record('sourceless', lambda: module_facts('bare'), root)

    # Hooks and caches.
    def empty_hooks():
        saved = sys.path_hooks[:]
        sys.path_hooks[:] = []
        sys.path_importer_cache.clear()
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter('always')
                importlib.machinery.PathFinder.find_spec('whatever', [root])
            return [w.category.__name__ for w in caught]
        finally:
            sys.path_hooks[:] = saved
            sys.path_importer_cache.clear()
    record('empty hooks', empty_hooks, root)

    class LoaderlessFinder:
        def find_spec(self, name, target=None):
            return importlib.machinery.ModuleSpec(name, None)
    def loaderless():
        sys.path_importer_cache['<fake>'] = LoaderlessFinder()
        return importlib.machinery.PathFinder.find_spec('x', ['<fake>'])
    record('spec missing loader', loaderless, root)
    sys.path_importer_cache['relative/entry'] = None
    importlib.invalidate_caches()
    record('relative dropped', lambda: 'relative/entry' in sys.path_importer_cache, root)

    import _json  # an extension module: check its loader's view
    record('extension', lambda: [type(_json.__spec__.loader).__name__,
                                 _json.__spec__.loader.is_package('_json'),
                                 _json.__spec__.loader.get_code('_json')], root)
    record('source via loader', lambda: sys.modules['plain'].__loader__.get_source('plain'),
           root)


def permission_scenarios(root):
    """Directories and files the process may not read or write (as any user but root, or
    root without CAP_DAC_OVERRIDE: run under setpriv, see test_path_install.py)."""
    f = os.path.join(root, 'f')
    write(os.path.join(f, 'closed', 'hidden.py'), 'kind = "hidden"\n')
    write(os.path.join(f, 'readonly', 'ro_mod.py'), 'kind = "ro"\n')
    write(os.path.join(f, 'readonly', 'ro_pkg', '__init__.py'), 'kind = "ro_pkg"\n')
    write(os.path.join(f, 'locked', 'locked_mod.py'), 'kind = "locked"\n')
    os.chmod(os.path.join(f, 'closed'), 0)
    os.chmod(os.path.join(f, 'locked', 'locked_mod.py'), 0)
    os.chmod(os.path.join(f, 'readonly', 'ro_pkg'), 0o555)
    os.chmod(os.path.join(f, 'readonly'), 0o555)
    sys.path[:0] = [os.path.join(f, 'closed'), os.path.join(f, 'readonly'), os.path.join(f, 'locked')]
    importlib.invalidate_caches()
    try:
        record('unreadable dir', lambda: getattr(importlib.util.find_spec('hidden'), 'origin', None), root)
        record('unwritable dir', lambda: [importlib.import_module('ro_mod').kind,
                                          importlib.import_module('ro_pkg').kind,
                                          os.path.exists(os.path.join(f, 'readonly', '__pycache__')),
                                          os.path.exists(os.path.join(f, 'readonly', 'ro_pkg', '__pycache__'))],
               root)
        record('unreadable source', lambda: importlib.import_module('locked_mod').kind, root)
    finally:
        for path in ('closed', 'readonly', os.path.join('readonly', 'ro_pkg')):
            os.chmod(os.path.join(f, path), 0o755)


def main():
    if '--pyimport' in sys.argv:
        sys.path.insert(0, HERE)
        import _devinstall
        _devinstall.install()
    import importlib.machinery
    import importlib.util
    root = tempfile.mkdtemp(prefix='pathscen')
    old_cwd = os.getcwd()
    try:
        scenarios(root)
        permission_scenarios(root)
    finally:
        os.chdir(old_cwd)
        shutil.rmtree(root, ignore_errors=True)
    results['pyimport'] = hasattr(sys.modules['_frozen_importlib_external'],
                                  '_hash_source')
    print(json.dumps(results, indent=1, sort_keys=True, default=repr))


if __name__ == '__main__':
    main()
