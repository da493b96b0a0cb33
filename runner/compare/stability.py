"""Flakes: rerun differing tests in fresh workers; one whose outcome changes between runs is flaky.

After a run, ``--rerun N`` runs each candidate test (for ``parity`` a test that differs from
CPython's baseline; for ``run`` a test that is not ok) up to N more times, each time in a
fresh worker of its unit (``Job.only``), until its outcome changes.  Every rerun's status is
kept in ``Outcome.reruns``; the test's own outcome stays the first run's.  The comparison
reports a test seen with more than one status as flaky, not as a difference.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from runner import panel
from runner.execute.jobs import Job
from runner.results import OK, Outcome, Run


def not_ok(run: Run) -> list[str]:
    """The candidates of a run without a baseline: tests CPython's runner would not count as ok."""
    return sorted(tid for tid, o in run.tests.items() if o.outcome not in OK)


def jobs_for(run: Run, ids: Iterable[str]) -> list[Job]:
    """One job per unit, running only ``ids`` (a sharded unit's tests load as its whole package)."""
    by_unit: dict[str, list[str]] = {}
    for tid in ids:
        by_unit.setdefault(run.tests[tid].unit, []).append(tid)
    modules = {u.name: u.module for u in panel.current().units}
    return [Job(unit, modules[unit], only=tuple(sorted(tids))) for unit, tids in sorted(by_unit.items())
            if unit in modules]


def rerun(run: Run, candidates: Iterable[str], times: int, run_jobs: Callable[[list[Job], Path], list[Outcome]],
          out_dir: Path) -> list[str]:
    """Rerun ``candidates`` up to ``times`` times each, recording each status; return the flaky ids.

    ``run_jobs(jobs, work_dir)`` runs jobs in fresh workers and returns their outcomes.
    """
    steady = [tid for tid in candidates if tid in run.tests]
    for attempt in range(1, times + 1):
        if not steady:
            break
        print(f"importparity: rerunning {len(steady)} tests ({attempt}/{times})", file=sys.stderr)
        seen = {o.id: o for o in run_jobs(jobs_for(run, steady), out_dir / "rerun" / str(attempt))}
        for tid in steady:
            again = seen.get(tid)
            run.tests[tid].reruns.append(again.outcome.value if again else "missing")
        steady = [tid for tid in steady if not run.tests[tid].flaky]
    return sorted(tid for tid, o in run.tests.items() if o.flaky)
