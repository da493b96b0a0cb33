"""Reports the longest run of lines pyimport's core half shares with CPython's importlib."""

# Lines are compared after normalising whitespace; blank lines, comments, imports and
# docstring text are ignored, so what remains is code a reviewer would call copied.
import os
import re
import sys

CPYTHON_FILES = ('_bootstrap.py', '_bootstrap_external.py')
OWN_FILES = ('locks.py', 'core.py', 'loading.py', 'builtin_frozen.py', 'importc.py',
             'facade.py', 'install.py', 'boot.py', 'probing.py', '__init__.py')


def code_lines(path):
    """(line number, normalised text) of the code lines of a file."""
    out, in_doc = [], None
    with open(path, encoding='utf-8') as f:
        for number, raw in enumerate(f, 1):
            line = ' '.join(raw.split())
            if in_doc:
                if in_doc in line:
                    in_doc = None
                continue
            for quote in ('"""', "'''"):
                if line.startswith(quote) or line.startswith('r' + quote):
                    if line.count(quote) == 1:
                        in_doc = quote
                    line = ''
                    break
            if not line or line.startswith('#') or re.match(r'(import|from) \S', line):
                continue
            out.append((number, line))
    return out


def longest_shared_run(own, theirs):
    """Length and own starting line of the longest run of equal consecutive lines."""
    theirs_text = [t for _, t in theirs]
    positions = {}
    for i, text in enumerate(theirs_text):
        positions.setdefault(text, []).append(i)
    best = (0, None)
    for i in range(len(own)):
        for j in positions.get(own[i][1], ()):
            k = 0
            while (i + k < len(own) and j + k < len(theirs_text)
                   and own[i + k][1] == theirs_text[j + k]):
                k += 1
            if k > best[0]:
                best = (k, own[i][0])
    return best


def report(pyimport_dir, cpython_dir):
    theirs = []
    for name in CPYTHON_FILES:
        theirs.extend(code_lines(os.path.join(cpython_dir, name)))
    results = {}
    for name in OWN_FILES:
        path = os.path.join(pyimport_dir, name)
        if os.path.exists(path):
            results[name] = longest_shared_run(code_lines(path), theirs)
    return results


def main():
    here = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    cpython_dir = os.path.join(sys._stdlib_dir, 'importlib')
    results = report(os.path.join(here, 'pyimport'), cpython_dir)
    for name, (length, line) in sorted(results.items(), key=lambda kv: -kv[1][0]):
        print(f'{name:20} longest shared run {length} lines (from line {line})')
    return max(length for length, _ in results.values())


if __name__ == '__main__':
    sys.exit(0 if main() < 6 else 1)
