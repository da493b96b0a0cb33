"""Failure clusters: differences grouped by root cause, largest group first.

A cause is (exception type, message with names and numbers folded, innermost frame in the
target's own code): what varies from test to test — quoted names, object reprs, addresses,
paths, numbers — is folded, so messages that differ only there make one cause.  A cluster is
read by its :attr:`Cluster.headline`, the real message of one of its tests, names and all.  Tracebacks are read as text, as the run stored them: Python's
``Traceback (most recent call last)`` format, chained exceptions (the last one counts), and
faulthandler's ``most recent call first`` dumps of crashed and timed-out tests.  Differences
without a traceback (skips, missing tests) are grouped by status and folded reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from runner.compare.comparison import Difference

_FRAME = re.compile(r'^\s*File "(?P<file>.+)", line (?P<line>\d+),? in (?P<name>\S+)\s*$')
_FOLDS = (
    # Object reprs first, with the quotes and one level of <…> inside them (<function f.<locals>.g at 0x…>).
    (re.compile(r"<(?:[^<>]|<[^<>]*>)*? at 0x[0-9a-fA-F]+>"), "<…>"),
    (re.compile(r"""(?<!\w)(?P<q>['"]).*?(?P=q)"""), "'…'"),  # quoted names and paths
    (re.compile(r"0x[0-9a-fA-F]+"), "0x…"),
    (re.compile(r"(?:[A-Za-z]:)?(?:[\\/][\w.+-]+){2,}[\\/]?"), "/…"),  # unquoted paths
    (re.compile(r"\d+(?:\.\d+)?"), "N"),
)


@dataclass(frozen=True)
class Frame:
    """One traceback entry."""

    filename: str
    lineno: int
    name: str

    def __str__(self) -> str:
        return f"{self.filename}:{self.lineno} in {self.name}"


@dataclass(frozen=True)
class Cause:
    """What a cluster's differences have in common."""

    type: str
    message: str
    frame: Frame | None

    def __str__(self) -> str:
        where = f" at {self.frame}" if self.frame else ""
        return f"{self.type}: {self.message}{where}" if self.message else f"{self.type}{where}"


@dataclass
class Cluster:
    """Differences with one cause."""

    cause: Cause
    differences: list[Difference] = field(default_factory=list)

    @property
    def unexpected(self) -> int:
        return sum(not d.expected for d in self.differences)

    @property
    def representative(self) -> Difference:
        """The difference whose message and traceback stand for the cluster: the first with a traceback."""
        return next((d for d in self.differences if d.target and d.target.traceback), self.differences[0])

    @property
    def headline(self) -> str:
        """``Type: message`` as the representative's test raised it: the first line, names unfolded."""
        got = self.representative.target
        if got is None or self.cause.type == "env_changed":
            return f"{self.cause.type}: {self.cause.message}" if self.cause.message else self.cause.type
        _, message, _ = parse(got.traceback)
        text = first_line(message or got.reason)
        return f"{self.cause.type}: {text}" if text else self.cause.type


def first_line(message: str) -> str:
    return " ".join(message.strip().splitlines()[0].split()) if message.strip() else ""


def fold(message: str) -> str:
    """``message`` with reprs, quoted names, addresses, paths and numbers replaced by placeholders."""
    first = message.strip().splitlines()[0] if message.strip() else ""
    for pattern, placeholder in _FOLDS:
        first = pattern.sub(placeholder, first)
    return " ".join(first.split())


def parse(traceback: str) -> tuple[str, str, list[Frame]]:
    """(exception type, message, frames innermost last) of the last exception in ``traceback``."""
    lines = traceback.splitlines()
    # unittest's buffered output follows the traceback; a traceback printed there is not the test's.
    lines = lines[:next((i for i, line in enumerate(lines) if line in ("Stdout:", "Stderr:")), len(lines))]
    if any("most recent call first" in line for line in lines):
        return _parse_faulthandler(lines)
    starts = [i for i, line in enumerate(lines) if line.startswith("Traceback (most recent call last)")]
    block = lines[starts[-1] + 1:] if starts else lines
    frames, rest = [], []
    for i, line in enumerate(block):
        match = _FRAME.match(line)
        if match:
            frames.append(Frame(match["file"], int(match["line"]), match["name"]))
        elif line and not line[0].isspace():
            rest = block[i:]
            break
    if not rest:
        return "", "", frames
    exc_type, _, message = rest[0].partition(":")
    message = "\n".join([message.strip(), *rest[1:]]).strip()
    return exc_type.strip(), message, frames


def _parse_faulthandler(lines: list[str]) -> tuple[str, str, list[Frame]]:
    message = next((line.strip() for line in lines if line.strip()), "")
    header = next((i for i, line in enumerate(lines) if "most recent call first" in line), 0)
    frames = []
    for line in lines[header + 1:]:
        match = _FRAME.match(line)
        if not match:
            break
        frames.append(Frame(match["file"], int(match["line"]), match["name"]))
    return "", message, frames[::-1]


def cause(diff: Difference, is_target_file: Callable[[str], bool]) -> Cause:
    """The root cause of one difference, as far as its traceback tells."""
    got = diff.target
    if got is None:
        return Cause(diff.target_status, "", None)
    if diff.kind.value == "env_changed":  # what was left changed is the cause
        return Cause(diff.kind.value, fold(got.env_changed), None)
    exc_type, message, frames = parse(got.traceback)
    inner = next((f for f in reversed(frames) if is_target_file(f.filename)), None)
    # Without an exception (a skip, a pass where CPython fails, a crash) the status stands in.
    return Cause(exc_type or got.outcome.value, fold(message or got.reason), inner)


def cluster(differences: Iterable[Difference], is_target_file: Callable[[str], bool]) -> list[Cluster]:
    """Differences grouped by cause: largest first, then most unexpected, then by cause."""
    groups: dict[Cause, Cluster] = {}
    for diff in differences:
        key = cause(diff, is_target_file)
        groups.setdefault(key, Cluster(key)).differences.append(diff)
    return sorted(groups.values(), key=lambda c: (-len(c.differences), -c.unexpected, str(c.cause)))
