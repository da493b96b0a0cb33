"""Stopping a run: Ctrl-C and SIGTERM end it after saving what was measured; a second one at once.

SIGTERM is what CI systems send when a job is cancelled or times out; it is handled as Ctrl-C
is — the running jobs are killed, their recorded outcomes kept, the reports written — and
the command exits with 128 + the signal's number (130 for SIGINT, 143 for SIGTERM).  A
second signal while that is under way exits at once, saving nothing more.
"""

from __future__ import annotations

import contextlib
import os
import signal


class Stopped(KeyboardInterrupt):
    """The run was asked to stop by ``signum``; what was measured is being saved."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_status(self) -> int:
        return 128 + self.signum


def exit_status(exc: KeyboardInterrupt) -> int:
    """128 + the signal that stopped the run (a bare KeyboardInterrupt is Ctrl-C's)."""
    return exc.exit_status if isinstance(exc, Stopped) else 128 + signal.SIGINT


def _second(signum, frame) -> None:
    os._exit(128 + signum)


def _first(signum, frame) -> None:
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, _second)
    raise Stopped(signum)


@contextlib.contextmanager
def handled():
    """Within the block, SIGINT and SIGTERM raise Stopped once, then exit at once."""
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    for sig in previous:
        signal.signal(sig, _first)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
