"""Resume: after a worker dies or is killed, a fresh one runs the tests of its job that had not run.

A crash or a timeout is charged to the one test that was running (the last ``item`` event
without its outcome); the tests collected after it go to a new attempt of the same job
(``Job.only``).  Every attempt that resumes has started at least one test, so a job that
crashes again and again still ends, each crash costing at most one test.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path

from runner.execute import events as ev
from runner.execute.jobs import Job
from runner.results import Outcome, UnitRun, UnitStatus

# How much of a worker's log is read for a crash's fatal error or a timeout's stack dump.
DUMP_LIMIT = 20_000
DUMP_STARTS = ("Fatal Python error", "Thread 0x", "Current thread 0x", "Stack (most recent call first)")


def unrun(events: list[ev.Event]) -> tuple[str, ...]:
    """The collected tests after the last one started; empty when none was started."""
    collected: tuple[str, ...] = ()
    last = None
    for event in events:
        if isinstance(event, ev.Collected):
            collected = event.ids
        elif isinstance(event, ev.Item):
            last = event.id
    if last is None or last not in collected:
        return ()
    return tuple(collected[collected.index(last) + 1:])


def read_dump(log: Path, offset: int = 0) -> str:
    """faulthandler's output in a worker's log from ``offset`` on: a fatal error or a stack dump."""
    try:
        with open(log, "rb") as f:
            f.seek(max(offset, f.seek(0, 2) - DUMP_LIMIT))
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return ""
    starts = [i for i in (text.find(s) for s in DUMP_STARTS) if i >= 0]
    if not starts:
        return ""
    # The thread that ran the test first: readers (and runner.compare.clusters) take the first stack.
    blocks = text[min(starts):].strip().split("\n\n")
    blocks.sort(key=lambda b: not b.startswith(("Fatal", "Current thread")))
    return "\n\n".join(blocks) + "\n"


@dataclass
class Attempts:
    """One job across its attempts: the outcomes gathered so far and how each attempt stopped."""

    job: Job
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    stops: list[tuple[UnitStatus, str]] = field(default_factory=list)  # (status, detail) of each stop
    attempted: list[Job] = field(default_factory=list)
    duration: float = 0.0
    last: UnitRun | None = None

    @property
    def resumed(self) -> int:
        return max(0, len(self.attempted) - 1)

    def add(self, job: Job, unit_run: UnitRun, outcomes: list[Outcome]) -> None:
        self.attempted.append(job)
        self.duration += unit_run.duration
        self.last = unit_run
        if unit_run.status.stopped:
            self.stops.append((unit_run.status, unit_run.detail))
        for outcome in outcomes:
            self.outcomes[outcome.id] = outcome

    def next_job(self, remaining: tuple[str, ...]) -> Job:
        return dataclasses.replace(self.job, only=remaining)

    def unit_run(self) -> UnitRun:
        """The job's status: its first crash or timeout (all of them in the detail), else the last's."""
        if not self.stops:
            merged = dataclasses.replace(self.last)
        else:
            details = "; ".join(detail for _, detail in self.stops)
            merged = UnitRun(status=self.stops[0][0], detail=details)
            if self.resumed:
                merged.detail += f"; resumed {self.resumed} time{'s' if self.resumed > 1 else ''}"
        merged.duration = round(self.duration, 3)
        merged.resumed = self.resumed
        return merged
