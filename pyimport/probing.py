"""Proves which code runs an import: profiles a fresh throwaway import statement."""

import os
import sys
import tempfile
import uuid


def probe(state):
    """See pyimport.probe()."""
    code_ids = state.code_ids if state is not None else frozenset()
    seen = []

    def profiler(frame, event, arg):
        if event == 'call' and id(frame.f_code) in code_ids:
            seen.append(frame.f_code.co_qualname)

    name = f'_pyimport_probe_{uuid.uuid4().hex}'
    with tempfile.TemporaryDirectory() as tmp:
        with open(os.path.join(tmp, name + '.py'), 'w') as f:
            f.write('VALUE = 42\n')
        sys.path.insert(0, tmp)
        old = sys.getprofile()
        sys.setprofile(profiler)
        try:
            namespace = {}
            exec(f'import {name} as module', namespace)
        finally:
            sys.setprofile(old)
            sys.path.remove(tmp)
            sys.path_importer_cache.pop(tmp, None)
            sys.modules.pop(name, None)
    module = namespace['module']
    return {
        'variant': None if state is None else state.variant,
        'ran': bool(seen) and module.VALUE == 42,
        'functions': sorted(set(seen)),
        'module': repr(module),
    }
