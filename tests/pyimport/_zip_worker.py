"""Subprocess worker: imports a module from each archive of a batch and prints the outcomes as JSON."""

# Run as `python _zip_worker.py [--pyimport] CASES.json`.  Each case names an archive
# and a module in it; the worker puts the archive on sys.path, imports the module, and
# reports what happened, then builds a zipimporter for it directly.  One worker runs
# CPython's zipimport, the other pyimport's: fed the same batch they must agree.
import importlib
import json
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _outcome(action):
    try:
        value = action()
    except Exception as exc:
        return {'exc': type(exc).__name__, 'msg': str(exc)}
    return {'value': value}


def _import(case):
    module = importlib.import_module(case['module'])
    return repr(getattr(module, 'value', None))


def _member(case):
    importer = sys.modules['zipimport'].zipimporter(case['archive'])
    return importer.get_data(case['data']).hex()


def run_case(case):
    sys.path.insert(0, case['archive'])
    try:
        return {'import': _outcome(lambda: _import(case)),
                'member': _outcome(lambda: _member(case))}
    finally:
        sys.path.remove(case['archive'])
        sys.path_importer_cache.pop(case['archive'], None)
        sys.modules['zipimport']._zip_directory_cache.clear()
        for name in [n for n in sys.modules if n.split('.')[0] == case['module'].split('.')[0]]:
            del sys.modules[name]


def main():
    # CPython's zipimport imports struct the first time it reads a zip64 extra field;
    # with the archive first on sys.path that import reads the archive again, and so on
    # until RecursionError.  pyimport's reader imports nothing; loading struct first
    # keeps that quirk of the oracle out of the comparison of what the readers decide.
    import struct  # noqa: F401
    if '--pyimport' in sys.argv:
        sys.path.insert(0, REPO)
        import pyimport
        pyimport.install()
    hook = sys.modules['zipimport'].zipimporter
    with open(sys.argv[-1], encoding='utf-8') as f:
        cases = json.load(f)
    replies = [run_case(case) for case in cases]
    print(json.dumps({'hook_file': hook.__init__.__code__.co_filename, 'replies': replies}))


if __name__ == '__main__':
    main()
