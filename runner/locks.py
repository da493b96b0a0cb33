"""Locks between importparity processes: one writer at a time of a directory or a cache entry.

``locked(path)`` holds an exclusive ``flock`` on ``path`` (created if missing) — waiting for
it, or raising :class:`Busy` at once with ``wait=False`` — and writes the holder's pid into it,
so a refusal can name the other run.  A lock file may be removed while it is held (``remove=True``
on release, or by a pruner holding it); a process that was waiting on the removed file sees
that the path no longer names the file it locked and takes the lock again on the new one, so
two processes never both hold "the" lock of a path.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import time
from pathlib import Path


class Busy(Exception):
    """Another process holds the lock of ``path``."""

    def __init__(self, path: Path):
        super().__init__(f"{path} is locked by another process")
        self.path = path

    @property
    def pid(self) -> int | None:
        """The holder's process id (None if it has not written it yet)."""
        return holder(self.path)


@contextlib.contextmanager
def locked(path: Path, wait: bool = True, remove: bool = False):
    """Hold the exclusive lock of ``path`` for the block; ``remove``: delete the file on release."""
    fd = _acquire(Path(path), wait)
    try:
        yield
    finally:
        _release(fd, Path(path), remove)


def _release(fd: int, path: Path, remove: bool) -> None:
    if remove:
        with contextlib.suppress(OSError):
            os.unlink(path)  # still holding it: a waiter on this file will see it is gone
    os.close(fd)  # releases the lock


def _acquire(path: Path, wait: bool) -> int:
    while True:
        # Never truncated before the lock is ours: the holder's pid stays readable.
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise Busy(path) from None
        except BaseException:
            os.close(fd)
            raise
        if _same_file(fd, path):
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
            return fd
        os.close(fd)  # the file was removed (or replaced) while we waited: lock the one there now


def _same_file(fd: int, path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (st.st_dev, st.st_ino) == (held.st_dev, held.st_ino)


def holder(path: Path, patience: float = 0.2) -> int | None:
    """The pid written in a held lock file (its holder writes it just after taking the lock)."""
    deadline = time.monotonic() + patience
    while True:
        try:
            text = Path(path).read_text().strip()
        except OSError:
            text = ""
        if text.isdigit() or time.monotonic() >= deadline:
            return int(text) if text.isdigit() else None
        time.sleep(0.02)


# In a command's --out directory while the command writes it.
RUN_DIR_LOCK = ".importparity.lock"


class RunDirBusy(Busy):
    """Another importparity command is writing the same --out directory."""

    def __str__(self) -> str:
        pid = self.pid
        return (f"another importparity run is writing {self.path.parent} (pid {pid if pid is not None else '?'}); "
                f"wait for it or choose another --out")


class RunDirUnwritable(Exception):
    """The --out directory cannot be made, or its lock cannot be written in it."""


@contextlib.contextmanager
def run_dir(out: str | Path | None):
    """Hold ``out``'s lock for a whole command (none for ``None``); :class:`RunDirBusy` if held.

    A second command into the same directory is refused at once rather than made to wait: it
    would overwrite the first one's results, and the first may run for minutes.
    """
    if out is None or Path(out).is_file():
        yield  # no directory to guard (a file is the command's own bad input to report)
        return
    path = Path(out) / RUN_DIR_LOCK
    made = [p for p in (path.parent, *path.parent.parents) if not p.exists()]  # deepest first
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = _acquire(path, wait=False)
    except Busy:
        raise RunDirBusy(path) from None
    except OSError as exc:  # not writable by this user, under a read-only or virtual file system...
        _remove_made(made)
        raise RunDirUnwritable(f"--out {out}: cannot write there ({exc.strerror or exc}); "
                               f"choose another directory") from None
    try:
        yield
    finally:
        _release(fd, path, remove=True)
        _remove_made(made)  # a command that wrote nothing (bad input) leaves no directory behind


def _remove_made(made: list[Path]) -> None:
    """Remove the folders a command made, deepest first, while they are empty."""
    for folder in made:
        try:
            folder.rmdir()
        except OSError:
            break
