"""What a failed environment build or child boot said: the lines naming its cause, and a log of it all.

pip runs a build back-end in a subprocess and, when it fails, prints the back-end's output in
a block (``╰─> [N lines of output]`` … ``[end of output]``) and ends with lines of its own
(``ERROR: Failed to build …``, ``hint: See above for details.``) that name no cause.  The
cause is in the block: the exception line closing a traceback, or a back-end's ``error:``
line.  :func:`cause` finds those; :func:`keep` writes the whole output to a file whose path
the one-line message gives.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

BLOCK_START = re.compile(r"\[\d+ lines? of output\]\s*$")
BLOCK_END = "[end of output]"
# A back-end's own error line: setuptools' "error: …", meson-python's "meson-python: error: …",
# meson's "meson.build:3:0: ERROR: …", CMake's "CMake Error at …".
BACKEND_ERROR = re.compile(r"(?:^|\s)(?:error|ERROR):|^CMake Error\b")
# At most this many cause lines go into the message (the log has them all).
MOST = 3


def cause(output: str) -> str:
    """The line(s) of ``output`` that say why it failed, joined on one line; "" if none is found.

    The build back-end's lines inside pip's output blocks come first: each traceback's
    exception line and each ``error:`` line.  Without a block, pip's own last ``ERROR:`` line.
    """
    found: list[str] = []
    for block in _blocks(output.splitlines()):
        found += _exception_lines(block) + [line.strip() for line in block if BACKEND_ERROR.search(line.strip())]
    if not found:
        found = [line.strip() for line in output.splitlines() if line.strip().startswith("ERROR:")][-1:]
    unique = list(dict.fromkeys(found))
    return " | ".join(unique[-MOST:])


def _blocks(lines: list[str]) -> list[list[str]]:
    """The back-end output blocks pip printed, each a list of lines."""
    blocks, current = [], None
    for line in lines:
        if current is None:
            if BLOCK_START.search(line):
                current = []
        elif line.strip() == BLOCK_END:
            blocks.append(current)
            current = None
        else:
            current.append(line)
    if current:  # output cut short: what there is
        blocks.append(current)
    return blocks


def _exception_lines(lines: list[str]) -> list[str]:
    """The line closing each traceback in ``lines``: the first back at the traceback's own indent."""
    found, indent = [], None
    for line in lines:
        stripped = line.strip()
        depth = len(line) - len(line.lstrip())
        if stripped.startswith("Traceback (most recent call last):"):
            indent = depth
        elif indent is not None and stripped and depth <= indent:
            found.append(stripped)
            indent = None
    return found


def keep(path: Path, command: list[str], proc: subprocess.CompletedProcess) -> Path:
    """Add the command, its exit status and all it printed to ``path``; return ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as log:
        log.write(f"$ {subprocess.list2cmdline(command)}\nexit status {proc.returncode}\n\n"
                  f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}\n")
    return path
