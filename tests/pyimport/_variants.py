"""Runs a snippet in a fresh interpreter, stock or with a pyimport variant installed first."""

import json
import os
import subprocess
import sys
import textwrap

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
STOCK = None


def command_under(variant, code, *flags):
    """argv running *code* in a fresh interpreter, stock CPython if STOCK, else *variant*.

    pyimport is made importable only for installing, then taken off sys.path again, so
    the snippet sees the same sys.path under every variant.
    """
    prelude = 'pass\n'  # one line under every variant: warnings' line numbers agree
    if variant is not STOCK:
        prelude = (f'import sys; sys.path.insert(0, {ROOT!r}); import pyimport; '
                   f'pyimport.install({variant!r}); sys.path.pop(0)\n')
    return [sys.executable, *flags, '-c', prelude + textwrap.dedent(code)]


def clean_environment():
    """os.environ without PYTHON* variables (the shell sets PYTHONDONTWRITEBYTECODE)."""
    return {k: v for k, v in os.environ.items() if not k.startswith('PYTHON')}


def run_under(variant, code, *, cwd=None, timeout=120):
    """The last stdout line of *code* (which prints JSON), parsed."""
    done = subprocess.run(command_under(variant, code), capture_output=True, text=True,
                          timeout=timeout, cwd=cwd, env=clean_environment())
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])
