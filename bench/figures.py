"""Each bench's block in docs/figures.md: written from its measured values, replaced whole at each measurement.

A block sits between two markers named for the bench, ``<!-- figures: NAME -->`` and
``<!-- /figures: NAME -->``, and holds the command that reproduces it, the commit, the UTC day
and the machine it was measured on, then the bench's result lines.  Writing replaces what is
between the markers and leaves every other byte of the page as it was; a page without the
markers gets a new section for the bench at its end, which later writes replace.  The page
is written whole to a temporary file and moved into place, under a lock, so a bench stopped
half-way or two benches finishing at once lose nothing.

A bench uses it through ``Block``::

    figures.add_option(parser)                  # --no-write: print only
    block = figures.Block(args)
    block(f"median: {m:.2f}s")                  # printed now, part of the block
    print(f"round {n}: ...")                    # printed only
    block.finish()                              # writes the block, unless --no-write

Standard library only: every bench imports it, whatever interpreter runs the bench.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import fcntl
import os
import platform
import shlex
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGE = ROOT / "docs" / "figures.md"
# Writing a block changes the page itself; that change does not make the measurement's commit dirty.
PAGE_IN_REPO = "docs/figures.md"


class FiguresError(Exception):
    """The page's markers are not as written: one of them is missing or stands twice."""


def markers(name: str) -> tuple[str, str]:
    """The lines that open and close the block called ``name``."""
    return f"<!-- figures: {name} -->", f"<!-- /figures: {name} -->"


def command(bench: str, argv: list[str]) -> str:
    """The command that reproduces a bench's run: its arguments, through tox's bench environment."""
    return shlex.join(["tox", "-e", "bench", "--", bench, *argv])


def commit(root: Path = ROOT) -> str:
    """``git rev-parse --short HEAD``, with ``+ local changes`` when a tracked file differs from it."""
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                              check=True).stdout.strip()

    try:
        head = git("rev-parse", "--short", "HEAD")
        changed = git("status", "--porcelain", "--untracked-files=no", "--", ".",
                      f":(exclude){PAGE_IN_REPO}")
    except (OSError, subprocess.CalledProcessError):
        return "no git commit (not measured in a checkout)"
    return f"{head} + local changes" if changed else head


def machine() -> str:
    """The OS, the CPU model and count, and the interpreter running the bench."""
    try:
        system = platform.freedesktop_os_release()["PRETTY_NAME"]
    except (OSError, KeyError):
        system = f"{platform.system()} {platform.release()}"
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name" and value.strip():
                model = value.strip()
                break
    return (f"{system}, {model} × {os.cpu_count()} CPUs, "
            f"{platform.python_implementation()} {platform.python_version()}")


def stamp(root: Path = ROOT) -> str:
    """Commit, UTC day and machine of a measurement made now (the day only: never an hour)."""
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    return f"at {commit(root)}, {today}, on {machine()}"


def render(name: str, cmd: str, provenance: str, lines: list[str]) -> str:
    """The whole block, markers included: the command and provenance, then the lines fenced."""
    start, end = markers(name)
    body = "\n".join(line.rstrip() for line in lines)
    return f"{start}\n\n`{cmd}` {provenance}:\n\n```text\n{body}\n```\n\n{end}"


def place(text: str, name: str, block: str) -> str:
    """``text`` with the block called ``name`` replaced by ``block``, or added as a new section at the end."""
    start, end = markers(name)
    count = text.count(start)
    if count > 1:
        raise FiguresError(f"{start!r} stands {count} times in the page; keep one and run the bench again")
    if count == 0:
        if end in text:
            raise FiguresError(f"{end!r} stands in the page without {start!r}; mend the page by hand")
        gap = "" if not text else "\n" if text.endswith("\n") else "\n\n"
        return f"{text}{gap}## {name}\n\n{block}\n"
    opened = text.index(start)
    closed = text.find(end, opened)
    if closed < 0:
        raise FiguresError(f"{start!r} has no {end!r} after it; mend the page by hand")
    return text[:opened] + block + text[closed + len(end):]


def write(name: str, block: str, page: Path = PAGE) -> None:
    """Put ``block`` in ``page`` as the block called ``name``: atomically, under a lock on the page's folder."""
    folder = os.open(page.parent, os.O_RDONLY)
    try:
        fcntl.flock(folder, fcntl.LOCK_EX)
        text = page.read_bytes().decode("utf-8") if page.exists() else ""
        _replace(page, place(text, name, block).encode("utf-8"))
    finally:
        os.close(folder)  # releases the lock


def _replace(path: Path, data: bytes) -> None:
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def add_option(parser: argparse.ArgumentParser) -> None:
    """``--no-write``, the same in every bench."""
    parser.add_argument("--no-write", action="store_true",
                        help=f"print the results only; leave {PAGE_IN_REPO} as it is")


def on_python(version: str | None, default: str) -> str | None:
    """The variant of a bench measured with ``--python X.Y``: none for the default version."""
    return None if version in (None, default) else f"--python {version}"


class Block:
    """A bench's result lines: each printed when measured, and all written as its block by ``finish``.

    ``variant`` names a block apart from the bench's default one (e.g. ``--python 3.15``), so a
    measurement on another Python replaces only its own block.
    """

    def __init__(self, args: argparse.Namespace, variant: str | None = None, *,
                 bench: str | None = None, argv: list[str] | None = None, page: Path = PAGE):
        self.bench = bench or Path(sys.argv[0]).name
        self.name = f"{self.bench} {variant}" if variant else self.bench
        self.argv = list(sys.argv[1:] if argv is None else argv)
        self.page = page
        self.enabled = not getattr(args, "no_write", False)
        self.lines: list[str] = []

    def __call__(self, line: str = "") -> None:
        print(line, flush=True)
        self.lines.extend(line.splitlines() or [""])

    def finish(self) -> None:
        if not self.enabled:
            return
        block = render(self.name, command(self.bench, self.argv), stamp(), self.lines)
        write(self.name, block, self.page)
        print(f"wrote the block '{self.name}' in {self.page}", flush=True)
