"""The originality comparison sets comments, docstrings and spacing aside, and finds copies."""

import os
import sys

import cpython_overlap

BOOTSTRAP = os.path.join(sys._stdlib_dir, 'importlib', '_bootstrap.py')


def test_comments_docstrings_blank_lines_and_spacing_are_set_aside():
    source = ('"""Module doc."""\n\n'
              'class A:\n    """Class doc."""\n    # a comment\n'
              '    def f(self,x) :  # trailing\n        """Doc\n        on two lines."""\n'
              '        return {"k":x}\n')
    assert [text for _, text in cpython_overlap.code_lines(source)] == [
        'class A :', 'def f ( self , x ) :', 'return { "k" : x }']


def test_a_string_that_is_not_a_docstring_is_code():
    lines = cpython_overlap.code_lines('x = 1\n"""not a docstring"""\n')
    assert lines == [(1, 'x = 1'), (2, '"""not a docstring"""')]


def _copy_of_find_and_load(tmp_path, transform):
    with open(BOOTSTRAP, encoding='utf-8') as f:
        lines = f.readlines()
    start = next(i for i, line in enumerate(lines) if line.startswith('def _find_and_load('))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith('def '))
    copied = tmp_path / 'copied.py'
    copied.write_text(transform(''.join(lines[start:end])))
    return str(copied)


def test_a_copied_function_is_found_even_recommented_and_respaced(tmp_path):
    def disguise(text):
        out = []
        for line in text.splitlines():
            code, hash_, _ = line.partition('#')
            out.append(code.replace(' = ', '=').replace(', ', ',') + ('  # mine' if hash_ else ''))
        return '\n'.join(out) + '\n'
    copied = _copy_of_find_and_load(tmp_path, disguise)
    runs = cpython_overlap.shared_runs(copied, [BOOTSTRAP])
    assert runs and all(theirs.endswith('importlib/_bootstrap.py') for theirs, _, _ in runs)
    assert max(last - first for _, first, last in runs) >= 6


def test_five_shared_lines_are_not_a_run(tmp_path):
    ours = [(n, f'line {n}') for n in range(1, 6)]
    theirs = [(n, f'line {n}') for n in range(1, 9)]
    assert cpython_overlap._runs(ours, theirs, 6) == []
    assert cpython_overlap._runs(ours + [(6, 'line 6')], theirs, 6) == [(1, 6)]
