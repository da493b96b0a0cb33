"""Execute: run the panel's jobs in isolated worker processes and gather every test's Outcome.

Each job (a unit, or a shard of a large one) runs in a process of its own, forked from a
fork server that has already imported pytest and CPython's test support — so no job pays
interpreter and pytest start-up.  At most ``workers`` jobs run at once; a job that crashes
or outlives its timeout is recorded against its tests and the run goes on.  Each job writes
its events to a file as they happen, so whatever was measured survives a crash or Ctrl-C.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import sys
import time
import types
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path

from runner.execute import clean_env, environment, guard
from runner.execute import events as ev
from runner.execute.jobs import Job
from runner.execute.resume import Attempts, read_dump, unrun
from runner.panel import CODE_ROOT
from runner.results import OK, Outcome, Run, Status, UnitRun, UnitStatus
from runner.targets import Target


@dataclass
class Running:
    """One attempt of a job in a worker process, and what its events have said so far."""

    job: Job
    process: multiprocessing.Process
    events: Path
    started: float
    attempts: Attempts
    timed_out: bool = False
    dump: str = ""  # the stacks faulthandler dumped before a timeout's kill
    quiet_since: float = 0.0  # when the worker last wrote an event: a test's timeout runs from it
    tail: ev.Tail = field(init=False)

    def __post_init__(self):
        self.tail = ev.Tail(self.events)

    @property
    def log(self) -> Path:
        return self.events.with_name(self.events.name.replace(".events.jsonl", ".log"))

    @property
    def finished_tests(self) -> int:
        """Outcomes the job has written as of the last poll, for the progress line."""
        return self.tail.outcomes

    def poll(self) -> int:
        """Count the outcomes the job has written since the last poll."""
        if self.tail.poll():
            self.quiet_since = time.monotonic()
        return self.tail.outcomes


@dataclass
class Progress:
    """Counts shown while a run goes on: on a terminal one updating line, else a line per job."""

    total_jobs: int
    stream: object = sys.stderr
    done_jobs: int = 0
    tests: int = 0
    tty: bool = field(default=False)

    def __post_init__(self):
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()

    def job_done(self, job: Job, unit_run: UnitRun, outcomes: list[Outcome]) -> None:
        self.done_jobs += 1
        self.tests += len(outcomes)
        bad = [o for o in outcomes if o.outcome not in OK]
        line = (f"[{self.done_jobs:>2}/{self.total_jobs}] {job.name} {unit_run.status}: "
                f"{len(outcomes)} tests, {len(bad)} not ok ({unit_run.duration:.1f}s)")
        # On a terminal, finished jobs scroll and one status line below them updates.
        self.stream.write(("\r\x1b[K" if self.tty else "") + line + "\n")
        self.stream.flush()

    def running(self, jobs: list[Running]) -> None:
        """Redraw the status line: tests done so far and what each running job has done."""
        if not self.tty:
            return
        counts = ", ".join(f"{r.job.name} {r.finished_tests}" for r in jobs)  # the executor polls them
        done = self.tests + sum(r.finished_tests for r in jobs)
        self.stream.write(f"\r\x1b[K[{self.done_jobs:>2}/{self.total_jobs}] {done} tests · running {counts}")
        self.stream.flush()


# Seconds one test (or a job's collection) may run before its worker is killed: regrtest has no
# timeout by default and 600 s per test file under --fast-ci; ours is per test, so a hang costs
# one test and the job resumes after it.
DEFAULT_TIMEOUT = 300.0


class TargetNotLive(Exception):
    """The target could not be installed, or its probe found CPython's code running imports."""


def gather(job: Job, events: list[ev.Event], status: UnitStatus, detail: str, *, dump: str = "",
           resume: bool = False) -> tuple[UnitRun, list[Outcome]]:
    """Outcomes from a job's events; a crash or timeout is charged to the test it was running.

    The tests collected after that one are charged too ("not run"), unless ``resume``: then
    a fresh worker runs them.  ``dump`` (faulthandler's output) goes with the test charged.
    """
    outcomes: dict[str, Outcome] = {}
    collected: tuple[str, ...] = ()
    in_flight = None
    unit_run = UnitRun(status=status, detail=detail)
    for event in events:
        if isinstance(event, ev.Collected):
            collected = event.ids
        elif isinstance(event, (ev.Item, ev.Start)):
            in_flight = event.id
        elif isinstance(event, ev.Measured):
            outcomes[event.outcome.id] = event.outcome
            in_flight = None if in_flight == event.outcome.id else in_flight
        elif isinstance(event, ev.NotCollected):
            unit_run.status, unit_run.detail = event.status, event.detail
        elif isinstance(event, ev.TargetError):
            raise TargetNotLive(event.detail)
    if status.stopped:
        lost = Status.CRASHED if status is UnitStatus.CRASHED else Status.TIMEOUT
        where = f" while running {in_flight}" if in_flight else ""
        unit_run.detail = detail + where
        if in_flight:
            outcomes[in_flight] = Outcome(in_flight, job.unit, lost, detail, traceback=dump)
        left = set(unrun(events)) if resume else set()
        for test_id in collected:
            if test_id not in outcomes and test_id not in left:
                outcomes[test_id] = Outcome(test_id, job.unit, lost, f"not run: {job.name} {status}{where}")
        if not collected:
            outcomes[job.module] = Outcome(job.module, job.unit, lost, detail, traceback=dump)
    return unit_run, list(outcomes.values())


@contextlib.contextmanager
def _bare_main():
    """Hide the __main__ module while starting workers.

    multiprocessing re-runs the parent's main module in every child it starts (as
    __mp_main__); a worker needs nothing from it, and a console script's main may not even
    import under the target's interpreter.
    """
    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


def _run_job(*args) -> None:
    # The fork server preloaded the worker; importing it here keeps the parent free of it.
    from runner.execute.worker import run_job

    run_job(*args)


class Executor:
    """Runs jobs for one target with at most ``workers`` at a time."""

    def __init__(self, target: Target, units: list[str], work_dir: Path, *, workers: int = 2,
                 timeout: float = DEFAULT_TIMEOUT, attribution: bool = False, progress: Progress | None = None,
                 inherit_env: bool = False, regrtest_options: tuple[str, ...] = ()):
        self.target = target
        self.regrtest_options = tuple(regrtest_options)  # regrtest's -u/-M, as the workers' RunTests take them
        self.inherit_env = inherit_env
        self.units = units
        self.work_dir = work_dir
        self.workers = workers
        self.timeout = timeout
        self.attribution = attribution
        self.progress = progress
        self.context = multiprocessing.get_context("forkserver")
        # Each job's CPU seconds by phase (plugin.PHASES), its attempts added up.
        self.cpu: dict[str, dict[str, float]] = {}

    def _start_fork_server(self) -> None:
        python = environment.interpreter_for(self.target)
        self.context.set_executable(python)
        self.context.set_forkserver_preload(["runner.execute.worker"])
        # Workers import the runner by path: an editable install's import hook lives in the
        # runner's own environment, not in a target's.
        if str(CODE_ROOT) not in sys.path:
            sys.path.append(str(CODE_ROOT))
        os.environ[environment.DEFER_VAR] = "1"
        try:
            from multiprocessing import forkserver
            # Workers and the children tests spawn inherit the fork server's environment.
            with _bare_main(), clean_env.cleaned(self.inherit_env), environment.bin_on_path(self.target):
                forkserver.ensure_running()
        finally:
            os.environ.pop(environment.DEFER_VAR, None)

    def _start(self, job: Job, attempts: Attempts | None = None) -> Running:
        attempts = attempts or Attempts(job)
        suffix = f".resume{len(attempts.attempted)}" if attempts.attempted else ""
        events = self.work_dir / f"{job.slug}{suffix}.events.jsonl"
        log = self.work_dir / f"{job.slug}{suffix}.log"
        for stale in (events, log):
            stale.unlink(missing_ok=True)
        process = self.context.Process(
            target=_run_job, name=f"importparity-{job.name}",
            args=(job.to_json(), self.target.load_spec, self.units, str(events), str(log), self.attribution,
                  self.regrtest_options))
        with _bare_main():
            process.start()
        now = time.monotonic()
        return Running(job, process, events, now, attempts, quiet_since=now)

    def run(self, jobs: list[Job], on_done) -> None:
        """Run ``jobs``; call ``on_done(job, unit_run, outcomes)`` as each finishes."""
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self._start_fork_server()
        pending = list(jobs)
        running: dict[int, Running] = {}
        try:
            while pending or running:
                while pending and len(running) < self.workers:
                    r = self._start(pending.pop(0))
                    running[r.process.sentinel] = r
                for sentinel in wait(list(running), timeout=0.5):
                    resumed = self._finish(running.pop(sentinel), on_done)
                    if resumed is not None:
                        running[resumed.process.sentinel] = resumed
                for r in running.values():
                    r.poll()
                if self.progress and running:
                    self.progress.running(list(running.values()))
                now = time.monotonic()
                for r in running.values():
                    if not r.timed_out and now - r.quiet_since > self.timeout:
                        r.timed_out = True
                        r.dump = self._dump_stacks(r)
                        self._kill(r)
        finally:
            for r in running.values():
                self._kill(r)
                self._keep_partial(r, on_done)
            # The fork server is per interpreter and per process; stop it so a later run in
            # this process (another target, another interpreter) gets a fresh one.
            from multiprocessing import forkserver
            forkserver._forkserver._stop()

    @staticmethod
    def _dump_stacks(r: Running) -> str:
        """Ask the hung worker for every thread's stack (faulthandler on SIGUSR1), before the kill."""
        try:
            offset = r.log.stat().st_size
            os.kill(r.process.pid, signal.SIGUSR1)
        except (OSError, ProcessLookupError):
            return ""
        deadline, size = time.monotonic() + 2.0, offset
        while time.monotonic() < deadline:
            time.sleep(0.1)
            grown = r.log.stat().st_size
            if grown > offset and grown == size:
                break  # written, and not growing any more
            size = grown
        return read_dump(r.log, offset)

    def _keep_partial(self, r: Running, on_done) -> None:
        """A job stopped by an interrupt: keep the outcomes it recorded (the rest never ran)."""
        r.process.join(5)
        try:
            unit_run, outcomes = gather(r.job, ev.read(r.events), UnitStatus.INTERRUPTED,
                                       "the run was interrupted")
        except TargetNotLive:
            return
        unit_run.duration = round(time.monotonic() - r.started, 3)
        r.attempts.add(r.job, unit_run, outcomes)
        merged = r.attempts.unit_run()
        if r.attempts.stops:  # it had crashed or timed out before: say so, and that it was stopped
            merged.detail += f"; {unit_run.detail}"
        on_done(r.attempts.job, merged, list(r.attempts.outcomes.values()))

    @staticmethod
    def _kill(r: Running) -> None:
        try:
            os.killpg(r.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            r.process.kill()

    def _add_cpu(self, job_name: str, events: list[ev.Event]) -> None:
        for event in events:
            if isinstance(event, ev.Finished) and event.cpu:
                phases = self.cpu.setdefault(job_name, {})
                for phase, seconds in event.cpu.items():
                    phases[phase] = round(phases.get(phase, 0.0) + seconds, 3)

    def _finish(self, r: Running, on_done) -> Running | None:
        """Gather a finished attempt; start the next one if it stopped with tests unrun."""
        r.process.join()
        code = r.process.exitcode
        duration = time.monotonic() - r.started
        if r.timed_out:
            status, detail = UnitStatus.TIMEOUT, f"a test outlived the timeout ({self.timeout:g}s)"
        elif code == 0:
            status, detail = UnitStatus.COMPLETED, ""
        elif code is not None and code < 0:
            status, detail = UnitStatus.CRASHED, f"killed by {signal.Signals(-code).name}"
        else:
            status, detail = UnitStatus.CRASHED, f"exit status {code}"
        events = ev.read(r.events)
        self._add_cpu(r.attempts.job.name, events)
        if status is UnitStatus.COMPLETED and not ev.finished(events):
            status, detail = UnitStatus.CRASHED, "exited before finishing"
        remaining = unrun(events) if status.stopped else ()
        dump = r.dump if r.timed_out else read_dump(r.log) if status is UnitStatus.CRASHED else ""
        unit_run, outcomes = gather(r.job, events, status, detail, dump=dump, resume=bool(remaining))
        unit_run.duration = round(duration, 3)
        if status is not UnitStatus.COMPLETED:
            unit_run.detail += f" (output: {r.log})"
        r.attempts.add(r.job, unit_run, outcomes)
        if remaining:
            return self._start(r.attempts.next_job(remaining), r.attempts)
        unit_run, outcomes = r.attempts.unit_run(), list(r.attempts.outcomes.values())
        if self.progress:  # before on_done, which merges a shard into its unit's totals
            self.progress.job_done(r.attempts.job, unit_run, outcomes)
        on_done(r.attempts.job, unit_run, outcomes)
        return None


def run_jobs(target: Target, units: list[str], jobs: list[Job], work_dir: Path, **options) -> list[Outcome]:
    """Run ``jobs`` in fresh workers and return every outcome, saving nothing (for reruns)."""
    found: list[Outcome] = []
    with guard.Watch(target.name):  # the base interpreter checked before and after (runner/execute/guard.py)
        Executor(target, units, work_dir, **options).run(jobs, lambda job, unit_run, outcomes: found.extend(outcomes))
    return found


def execute(target: Target, units: list[str], jobs: list[Job], out_dir: Path, *, meta: dict | None = None,
            **options) -> Run:
    """Run ``jobs`` for ``target``; return the Run (also saved to ``out_dir`` as it stands on error)."""
    import datetime
    import platform

    from runner import results, vendor

    def now() -> str:
        return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds")

    run = Run(meta={
        "interpreter": {"version": platform.python_version(), "build": " ".join(platform.python_build()),
                        "compiler": platform.python_compiler(), "executable": sys.executable},
        "platform": platform.platform(),
        "target": target.name,
        "manifest": vendor.manifest_hash(),
        "upstream": vendor.read_manifest()[0],
        "units": units,
        # PYTHON* variables change outcomes (PYTHONDONTWRITEBYTECODE skips the bytecode tests).
        **clean_env.record(options.get("inherit_env", False)),
        "started": now(),
        **environment.meta_for(target),  # what exactly was tested: target file, distributions…
        "jobs": {},  # each finished job's wall time: the next run's schedule (runner/execute/costs.py)
        "cpu": {},  # each finished job's CPU seconds by phase (runner/execute/plugin.py's PHASES)
    })
    run.meta.update(meta or {})  # a selection's or shard's scope (runner/selection.py)

    finished: list[Job] = []

    def on_done(job: Job, unit_run: UnitRun, outcomes: list[Outcome]) -> None:
        if unit_run.status is not UnitStatus.INTERRUPTED:  # an interrupted job's time says nothing of its cost
            finished.append(job)
            run.meta["jobs"][job.name] = unit_run.duration

        previous = run.units.get(job.unit)
        if previous is not None:  # another shard of the same unit: the worst status wins
            unit_run.duration += previous.duration
            unit_run.resumed += previous.resumed
            if previous.status is not UnitStatus.COMPLETED:
                unit_run.status, unit_run.detail = previous.status, previous.detail
        run.units[job.unit] = unit_run
        for outcome in outcomes:
            run.tests[outcome.id] = outcome

    executor = Executor(target, units, out_dir / "work", **options)
    watch = guard.Watch(target.name)
    try:
        with watch:  # the base interpreter checked before and after (runner/execute/guard.py)
            executor.run(jobs, on_done)
    finally:
        run.meta.update(watch.meta())
        run.meta["cpu"] = executor.cpu
        run.meta["ended"] = now()
        run.meta["complete"] = len(finished) == len(jobs)
        results.save(run, out_dir)
    return run
