"""Finds runs of code lines pyimport shares with CPython's importlib and zipimport sources.

A file is reduced to its code: comments and docstrings are set aside, blank lines
dropped, and each remaining line is its tokens joined by one space (so spacing and
indentation do not matter).  A run is a sequence of consecutive such lines equal in both
files; six or more is what a reviewer would call copied.
"""

import ast
import functools
import glob
import io
import os
import subprocess
import sys
import tokenize

MAX_SHARED_RUN = 5
PYIMPORT_DIR = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__)))), 'pyimport')
_SKIPPED_TOKENS = frozenset((tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE,
                             tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING,
                             tokenize.ENDMARKER))


# Every CPython release pyimport runs on: its sources are compared with each of them.
VERSIONS = ('3.13', '3.14', '3.15')


def cpython_files(stdlib=None):
    """CPython's Lib/importlib/*.py and Lib/zipimport.py, read from the standard library
    at *stdlib* (default: this interpreter's)."""
    stdlib = stdlib or sys._stdlib_dir
    return sorted(glob.glob(os.path.join(stdlib, 'importlib', '*.py'))) + [
        os.path.join(stdlib, 'zipimport.py')]


@functools.cache
def stdlib_of(version):
    """The standard library directory of CPython *version*, found (or provisioned) as
    the runner finds it."""
    if sys.version_info[:2] == tuple(map(int, version.split('.'))):
        return sys._stdlib_dir
    from runner import provision
    python = provision.find_python(version)
    done = subprocess.run([str(python), '-I', '-c', 'import sys; print(sys._stdlib_dir)'],
                          capture_output=True, text=True, check=True)
    return done.stdout.strip()


def every_version_files(versions=VERSIONS):
    """cpython_files() of every release in *versions*."""
    return [path for version in versions for path in cpython_files(stdlib_of(version))]


def own_files(pyimport_dir=PYIMPORT_DIR):
    """Every Python file of pyimport: new files are covered without being listed."""
    return sorted(glob.glob(os.path.join(pyimport_dir, '*.py')))


def _docstring_starts(tree):
    """(line, column) where each docstring token starts."""
    starts = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef,
                             ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                starts.add((first.value.lineno, first.value.col_offset))
    return starts


def code_lines(source):
    """(line number, normalised code) for each line of *source* that holds code."""
    docstrings = _docstring_starts(ast.parse(source))
    rows = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type in _SKIPPED_TOKENS:
            continue
        if token.type == tokenize.STRING and token.start in docstrings:
            continue
        rows.setdefault(token.start[0], []).append(token.string)
    return [(number, ' '.join(parts)) for number, parts in sorted(rows.items())]


@functools.cache  # CPython's files are compared with each of ours
def read_code_lines(path):
    with open(path, encoding='utf-8') as f:
        return code_lines(f.read())


def shared_runs(ours_path, theirs_paths, minimum=MAX_SHARED_RUN + 1):
    """Every run of at least *minimum* lines: (their file, our first line, our last line).

    Their file is named by its path under the standard library's parent (so
    'python3.15/importlib/_bootstrap.py'): the releases' files are told apart.
    """
    ours = read_code_lines(ours_path)
    found = []
    for theirs_path in theirs_paths:
        theirs = read_code_lines(theirs_path)
        found.extend((_short_name(theirs_path), first, last)
                     for first, last in _runs(ours, theirs, minimum))
    return found


def _short_name(path):
    parts = os.path.normpath(path).split(os.sep)
    return '/'.join(parts[-3:] if parts[-2] == 'importlib' else parts[-2:])


def _runs(ours, theirs, minimum):
    where = {}
    for index, (_, text) in enumerate(theirs):
        where.setdefault(text, []).append(index)
    previous = {}
    ended = []
    for i, (_, text) in enumerate(ours):
        current = {j: previous.get(j - 1, 0) + 1 for j in where.get(text, ())}
        for j, length in previous.items():
            if j + 1 not in current and length >= minimum:
                ended.append((i - length, i - 1))
        previous = current
    ended.extend((len(ours) - length, len(ours) - 1)
                 for length in previous.values() if length >= minimum)
    return sorted({(ours[a][0], ours[b][0]) for a, b in ended})


def main():
    status = 0
    for path in own_files():
        for theirs, first, last in shared_runs(path, every_version_files()):
            print(f'{os.path.basename(path)}:{first}-{last} shares a run with {theirs}')
            status = 1
    return status


if __name__ == '__main__':
    sys.exit(main())
