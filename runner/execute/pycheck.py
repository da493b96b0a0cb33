"""Run by the base interpreter (``python -I -S -B pycheck.py``): is each pyc what this interpreter writes for its source?

Reads a marshalled list of ``(pyc, source, optimize)`` on stdin and writes a marshalled list
of verdicts ``{"own": bool, "why": str, "imports": [...]}`` on stdout.  A pyc is the interpreter's own
when its magic number is this interpreter's, its stamp (PEP 552: the source's mtime and size,
or its hash) is its source's as it is now, and its code is what ``compile()`` makes of the
source at the optimization level its name says.  ``imports`` names what a foreign pyc's code
imports from outside the stdlib: usually the hook that wrote it.

Beyond what start-up imports, it loads no module whose pyc it may be judging (marshal, not
json, carries its input and output) until it has found a foreign one (dis names its imports).
"""

import _imp
import marshal
import os
import sys

import _frozen_importlib_external as bootstrap


def verdict(pyc: str, source: str, optimize: int) -> dict:
    try:
        with open(pyc, "rb") as f:
            data = f.read()
        with open(source, "rb") as f:
            text = f.read()
        st = os.stat(source)
    except OSError as exc:
        return {"own": False, "why": f"unreadable ({exc.strerror})", "imports": []}
    if data[:4] != bootstrap.MAGIC_NUMBER:
        return {"own": False, "why": "another interpreter's magic number", "imports": []}
    flags = int.from_bytes(data[4:8], "little")
    if flags == 0:
        stamp = (int(st.st_mtime) & 0xFFFFFFFF).to_bytes(4, "little") + (st.st_size & 0xFFFFFFFF).to_bytes(4, "little")
    elif flags in (1, 3):
        stamp = _imp.source_hash(bootstrap._RAW_MAGIC_NUMBER, text)
    else:
        return {"own": False, "why": f"unknown flags {flags}", "imports": []}
    if data[8:16] != stamp:
        return {"own": False, "why": "its stamp is not its source's", "imports": []}
    try:
        code = compile(text, source, "exec", dont_inherit=True, optimize=optimize)
    except (SyntaxError, ValueError):
        return {"own": False, "why": "its source does not compile", "imports": []}
    if marshal.dumps(code) == data[16:]:
        return {"own": True, "why": "", "imports": []}
    try:
        found = marshal.loads(data[16:])
    except (EOFError, ValueError, TypeError):
        return {"own": False, "why": "its body is not marshalled code", "imports": []}
    if found == code:  # the same code, marshalled under another file name or with other references
        return {"own": True, "why": "", "imports": []}
    if not isinstance(found, type(code)):
        return {"own": False, "why": "its body is not a code object", "imports": []}
    return {"own": False, "why": "its code is not CPython's compilation of its source", "imports": imports(found)}


def imports(code) -> list[str]:
    """Top-level names of the non-stdlib modules ``code`` (and the code nested in it) imports."""
    import dis

    found, stack = set(), [code]
    while stack:
        current = stack.pop()
        stack.extend(c for c in current.co_consts if isinstance(c, type(code)))
        for instruction in dis.get_instructions(current):
            if instruction.opname == "IMPORT_NAME" and isinstance(instruction.argval, str):
                top = instruction.argval.partition(".")[0]
                if top and top not in sys.stdlib_module_names:
                    found.add(top)
    return sorted(found)


if __name__ == "__main__":
    marshal.dump([verdict(*item) for item in marshal.load(sys.stdin.buffer)], sys.stdout.buffer)
