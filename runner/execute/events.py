"""Events: the worker protocol — what a job's worker writes, one JSON line each, and how it is read back.

A worker appends one line per event to its job's events file and flushes it at once, so a
worker that dies mid-test loses nothing it measured: every complete line stands, and a line
cut short by the death is where reading stops.  Progress, resume and gathering read the file
only through this module (:func:`read`, :class:`Tail`).  Each line is a JSON object whose
first key, ``"event"``, names its kind.
"""

from __future__ import annotations

import functools
import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import ClassVar

from runner.results import Outcome, UnitStatus


@dataclass(frozen=True)
class Event:
    """One line of the protocol; ``kind`` is its ``"event"`` key."""

    kind: ClassVar[str] = ""

    def to_json(self) -> dict:
        return {"event": self.kind, **asdict(self)}

    @classmethod
    def from_json(cls, data: dict) -> "Event":
        """The event a decoded line holds (its kind read from its ``"event"`` key)."""
        kind = KINDS[data["event"]]
        return kind._from_fields({k: v for k, v in data.items() if k != "event"})

    @classmethod
    def _from_fields(cls, data: dict) -> "Event":
        return cls(**{k: v for k, v in data.items() if k in _names(cls)})


@functools.cache
def _names(kind: type[Event]) -> frozenset[str]:
    return frozenset(f.name for f in fields(kind))


@dataclass(frozen=True)
class Probe(Event):
    """The target was installed; what its probe found and the finders then in sys.meta_path."""

    kind: ClassVar[str] = "probe"
    evidence: object = None
    meta_path: list = None


@dataclass(frozen=True)
class TargetError(Event):
    """The target could not be installed, or its probe refused it: nothing was run."""

    kind: ClassVar[str] = "target_error"
    detail: str = ""


@dataclass(frozen=True)
class NotCollected(Event):
    """The unit could not be collected: it skipped itself (``skipped``) or failed to load (``error``)."""

    kind: ClassVar[str] = "unit"
    status: UnitStatus = UnitStatus.ERROR
    detail: str = ""

    def __post_init__(self):
        object.__setattr__(self, "status", UnitStatus(self.status))  # as read back: its value


@dataclass(frozen=True)
class LoaderError(Event):
    """An error unittest's loader reported while collecting."""

    kind: ClassVar[str] = "loader_error"
    text: str = ""


@dataclass(frozen=True)
class Collected(Event):
    """The tests the job will run, in run order."""

    kind: ClassVar[str] = "collected"
    ids: tuple[str, ...] = ()

    @classmethod
    def _from_fields(cls, data: dict) -> "Collected":
        return cls(tuple(data["ids"]))


@dataclass(frozen=True)
class Item(Event):
    """A test is about to run, before its class or module fixtures: a crash from here is its own."""

    kind: ClassVar[str] = "item"
    id: str = ""


@dataclass(frozen=True)
class Start(Event):
    """unittest started the test (``startTest``), its fixtures set up."""

    kind: ClassVar[str] = "start"
    id: str = ""


@dataclass(frozen=True)
class Measured(Event):
    """A test's Outcome (also sent for a fixture error, which comes with no start)."""

    kind: ClassVar[str] = "outcome"
    outcome: Outcome = None

    def to_json(self) -> dict:
        return {"event": self.kind, "id": self.outcome.id, **self.outcome.to_json()}

    @classmethod
    def _from_fields(cls, data: dict) -> "Measured":
        return cls(Outcome.from_json(data["id"], {k: v for k, v in data.items() if k != "id"}))


@dataclass(frozen=True)
class Finished(Event):
    """The job ran to its end (pytest's exit code); a worker that dies never writes it."""

    kind: ClassVar[str] = "finished"
    pytest_exit: int = 0
    # CPU seconds of the worker and the children it waited for, by phase (plugin.PHASES).
    cpu: dict = None


KINDS: dict[str, type[Event]] = {k.kind: k for k in (Probe, TargetError, NotCollected, LoaderError, Collected,
                                                     Item, Start, Measured, Finished)}


def encode(event: Event) -> str:
    """An event as its line (with the newline)."""
    return json.dumps(event.to_json()) + "\n"


# How every outcome line starts, as encode() writes it ("event" its first key): what
# :class:`Tail` counts without decoding.
_OUTCOME_LINE = ("\n" + json.dumps({"event": Measured.kind})[:-1] + ",").encode()


class Writer:
    """The worker's side: appends each event as one line, flushed, so a crash keeps what was written."""

    def __init__(self, path: str | Path):
        self.file = open(path, "a", encoding="utf-8", buffering=1)

    def __call__(self, event: Event) -> None:
        self.file.write(encode(event))
        self.file.flush()


def decode(lines: list[str]) -> list[Event]:
    """The events of ``lines`` up to the first that is cut short or unreadable."""
    events = []
    for line in lines:
        try:
            events.append(Event.from_json(json.loads(line)))
        except (ValueError, KeyError, TypeError):
            break  # a line cut short by a crash; everything before it stands
    return events


def read(path: Path) -> list[Event]:
    """A job's events as written so far ([] when the worker wrote none)."""
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except FileNotFoundError:
        return []
    return decode(text.splitlines())


def finished(events: list[Event]) -> bool:
    return any(isinstance(e, Finished) for e in events)


class Tail:
    """Follows a running job's file cheaply: counts outcome lines without decoding them."""

    def __init__(self, path: Path):
        self.path = path
        self.outcomes = 0
        self._offset = 0

    def poll(self) -> bool:
        """Read what was appended since the last poll; whether any whole line was."""
        try:
            with open(self.path, "rb") as f:
                f.seek(self._offset)
                chunk = f.read()
        except FileNotFoundError:
            return False
        complete = chunk[: chunk.rfind(b"\n") + 1]
        self._offset += len(complete)
        self.outcomes += (b"\n" + complete).count(_OUTCOME_LINE)
        return bool(complete)


def count_outcomes(path: Path) -> int:
    """How many outcomes a job's file holds so far, counted as :class:`Tail` counts them."""
    tail = Tail(path)
    tail.poll()
    return tail.outcomes
