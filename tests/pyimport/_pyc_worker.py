"""Subprocess worker: imports modules from given source/pyc bytes and reports the outcome as JSON lines."""

# Run as `python _pyc_worker.py [--pyimport]`.  One JSON request per stdin
# line; one JSON reply per stdout line.  Two workers (stock CPython and
# pyimport's path half) fed the same requests must reply identically.
import importlib
import importlib.util
import json
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def _write(path, data, mtime=None):
    with open(path, 'wb') as f:
        f.write(data)
    if mtime is not None:
        os.utime(path, (mtime, mtime))


def _layout(base, name, request):
    """Create the module's files; return the pyc path to read back."""
    source = request.get('source')
    pyc = request.get('pyc')
    if request['layout'] == 'sourceless':
        pyc_path = os.path.join(base, name + '.pyc')
        _write(pyc_path, bytes.fromhex(pyc))
        return pyc_path
    _write(os.path.join(base, name + '.py'), bytes.fromhex(source),
           request.get('mtime'))
    pyc_path = importlib.util.cache_from_source(os.path.join(base, name + '.py'))
    if pyc is not None:
        os.makedirs(os.path.dirname(pyc_path), exist_ok=True)
        _write(pyc_path, bytes.fromhex(pyc))
    return pyc_path


def _describe_error(exc, base):
    text = str(exc).replace(base, '<dir>')
    reply = {'outcome': 'error', 'exc': type(exc).__name__, 'msg': text}
    if isinstance(exc, ImportError):
        reply['name'] = exc.name
        reply['path'] = (exc.path or '').replace(base, '<dir>')
    return reply


def handle(request):
    import _imp
    name = request['name']
    # Both workers use the same directory in turn: co_filename, and so
    # the pyc bytes, depend on it.
    base = request.get('dir') or tempfile.mkdtemp(prefix='pycw')
    os.makedirs(base)
    saved_policy = _imp.check_hash_based_pycs
    _imp.check_hash_based_pycs = request.get('policy', 'default')
    sys.path.insert(0, base)
    try:
        pyc_path = _layout(base, name, request)
        importlib.invalidate_caches()
        try:
            module = importlib.import_module(name)
        except Exception as exc:
            reply = _describe_error(exc, base)
        else:
            reply = {'outcome': 'ok', 'value': repr(getattr(module, 'value', None)),
                     'file': module.__file__.replace(base, '<dir>'),
                     'cached': (module.__cached__ or '').replace(base, '<dir>')}
        try:
            with open(pyc_path, 'rb') as f:
                reply['pyc_after'] = f.read().hex()
        except OSError:
            reply['pyc_after'] = None
        return reply
    finally:
        _imp.check_hash_based_pycs = saved_policy
        sys.modules.pop(name, None)
        sys.path.remove(base)
        sys.path_importer_cache.pop(base, None)
        shutil.rmtree(base, ignore_errors=True)


def main():
    if '--pyimport' in sys.argv:
        sys.path.insert(0, HERE)
        import _devinstall
        _devinstall.install()
    sys.dont_write_bytecode = False
    # _hash_source exists only in pyimport's path half.
    ours = hasattr(sys.modules['_frozen_importlib_external'], '_hash_source')
    print(json.dumps({'ready': True, 'pyimport': ours}), flush=True)
    for line in sys.stdin:
        if not line.strip():
            continue
        print(json.dumps(handle(json.loads(line))), flush=True)


if __name__ == '__main__':
    main()
