"""Sharding: `--shard K/N` runs a deterministic 1/N of the panel's jobs, balanced by measured cost.

Every machine of a CI matrix plans the same jobs from the same cost table, then deals them
out longest first, each to the shard with the least work so far (ties by shard number), and
keeps its own.  `importparity merge` puts the shards' run directories back together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from runner.execute.costs import Costs, job_cost
from runner.execute.jobs import Job

_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ShardError(ValueError):
    """A malformed --shard."""


@dataclass(frozen=True)
class Shard:
    """The K-th (1-based) of N shards."""

    index: int
    count: int

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


def parse(text: str) -> Shard:
    """``K/N`` with 1 ≤ K ≤ N; raises ShardError."""
    match = _SHARD.match(text or "")
    if not match:
        raise ShardError(f"--shard {text!r} is not K/N (e.g. --shard 2/3: the second of three shards)")
    index, count = int(match[1]), int(match[2])
    if count < 1 or not 1 <= index <= count:
        raise ShardError(f"--shard {text}: K must be between 1 and N, and N at least 1")
    return Shard(index, count)


def deal(jobs: list[Job], count: int, costs: Costs) -> list[list[Job]]:
    """All ``count`` shards' jobs: longest first to the least loaded shard; each keeps plan order."""
    loads = [0.0] * count
    owner: dict[Job, int] = {}
    for job in sorted(jobs, key=lambda j: (-job_cost(j, costs), j.name)):
        shard = min(range(count), key=lambda s: (loads[s], s))
        owner[job] = shard
        loads[shard] += job_cost(job, costs)
    return [[j for j in jobs if owner[j] == s] for s in range(count)]


def pick(jobs: list[Job], shard: Shard, costs: Costs) -> list[Job]:
    """The jobs of ``shard``."""
    return deal(jobs, shard.count, costs)[shard.index - 1]
