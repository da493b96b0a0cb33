"""The pytest plugin that runs one job's unittest tests as pytest items, regrtest-style.

Tests are collected the way unittest does (``load_tests`` honoured), so each item's name is
its unittest id.  Each item runs through unittest's own suite machinery with one shared
result, so class and module fixtures behave as under CPython's runner; the result records
each test's Outcome and hands it to a sink (the job's event file).
"""

from __future__ import annotations

import importlib
import resource
import time
import traceback
import unittest
from typing import Callable

import pytest

from runner.execute import events, save_env
from runner.execute.jobs import PATTERN, Job, module_classes
from runner import panel
from runner.results import Outcome, Status, UnitStatus

Sink = Callable[[events.Event], None]  # an events.Writer


def _flatten(suite) -> list:
    tests = []
    for test in suite:
        if isinstance(test, unittest.TestSuite):
            tests.extend(_flatten(test))
        else:
            tests.append(test)
    return tests


def load(job: Job) -> tuple[list, list[str]]:
    """The job's tests in run order, and the loader's errors."""
    loader = unittest.TestLoader()
    package = importlib.import_module(job.module)
    if job.children is None:
        return _flatten(loader.loadTestsFromModule(package)), loader.errors
    path = panel.current().path_of(panel.units([job.unit])[0])
    if not path.is_dir():
        # A shard of a module: the module's tests whose class is one of this shard's; shard 0
        # also takes those whose class is none of the module's top-level classes.
        tests = _flatten(loader.loadTestsFromModule(package))
        classes = module_classes(path)
        return [t for t in tests if type(t).__name__ in job.children
                or (job.shard == 0 and type(t).__name__ not in classes)], loader.errors
    # A shard: what the package's load_tests (support.load_package_tests) would discover,
    # restricted to this shard's children.  Package-level TestCases go in shard 0.
    from test import support

    # Discovering the whole package imports test_abc and test_util, which import unittest.mock;
    # source/test_file_loader uses unittest.mock without importing it.  A shard must not lose that.
    importlib.import_module("unittest.mock")
    loader._top_level_dir = support.STDLIB_DIR
    suite = unittest.TestSuite()
    if job.shard == 0:
        for name in sorted(dir(package)):
            obj = getattr(package, name)
            if isinstance(obj, type) and issubclass(obj, unittest.TestCase):
                suite.addTests(loader.loadTestsFromTestCase(obj))
    for child in job.children:
        found, recurse = loader._find_test_path(str(path / child), PATTERN)
        if found is not None:
            suite.addTest(found)
        if recurse:
            suite.addTests(list(loader._find_tests(str(path / child), PATTERN)))
    return _flatten(suite), loader.errors


class RecordingResult(unittest.TestResult):
    """A unittest result that turns each test's events into one Outcome, sent to ``sink``."""

    def __init__(self, unit: str, sink: Sink):
        super().__init__()
        self.buffer = True  # as regrtest's RegressionTestResult: tests run with output captured
        self.unit = unit
        self.sink = sink
        self.attribution = None  # an runner.attribution.Attribution when measuring exercise
        self._current: Outcome | None = None
        self._started = 0.0
        self._saved: save_env.Snapshot | None = None

    def startTest(self, test):
        super().startTest(test)
        self._current = Outcome(test.id(), self.unit, Status.PASSED)
        self.sink(events.Start(test.id()))
        self._saved = save_env.Snapshot()
        if self.attribution is not None:
            self.attribution.begin_test()
        self._started = time.perf_counter()

    def stopTest(self, test):
        super().stopTest(test)
        outcome, self._current = self._current, None
        if outcome is not None:
            outcome.duration = round(time.perf_counter() - self._started, 6)
            outcome.env_changed = self._saved.changes() if self._saved is not None else ""
            if self.attribution is not None:
                outcome.exercised = self.attribution.end_test()
            self.sink(events.Measured(outcome))

    def _set(self, test, status: Status, reason: str = "", err=None) -> None:
        outcome = self._current
        if outcome is None or outcome.id != test.id():
            # Class/module fixture errors come with no startTest (unittest's _ErrorHolder).
            outcome = Outcome(test.id(), self.unit, status)
            self._fill(outcome, status, reason, err)
            self.sink(events.Measured(outcome))
            return
        if outcome.outcome in (Status.FAILED, Status.ERROR) and status is not Status.ERROR:
            return  # the first failure decides; a later error (e.g. in tearDown) still counts
        self._fill(outcome, status, reason, err)

    @staticmethod
    def _fill(outcome: Outcome, status: Status, reason: str, err) -> None:
        outcome.outcome = status
        outcome.reason = reason
        if err is not None:
            exc_type, exc, tb = err
            outcome.reason = "".join(traceback.format_exception_only(exc_type, exc)).strip()
            outcome.traceback = "".join(traceback.format_exception(exc_type, exc, tb))

    def addError(self, test, err):
        super().addError(test, err)
        self._set(test, Status.ERROR, err=err)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._set(test, Status.FAILED, err=err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        if isinstance(test, unittest.case._SubTest):
            return  # a skipped subtest does not skip its test
        self._set(test, Status.SKIPPED, str(reason))

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self._set(test, Status.EXPECTED_FAILURE)

    def addUnexpectedSuccess(self, test):
        super().addUnexpectedSuccess(test)
        self._set(test, Status.UNEXPECTED_SUCCESS)

    def addSubTest(self, test, subtest, err):
        super().addSubTest(test, subtest, err)
        if err is not None:
            status = Status.FAILED if issubclass(err[0], test.failureException) else Status.ERROR
            self._set(test, status, err=err)


class UnitItem(pytest.Item):
    """One unittest test as a pytest item; runs through unittest's suite fixture handling."""

    def __init__(self, *, test, result: RecordingResult, **kwargs):
        super().__init__(**kwargs)
        self.test = test
        self.result = result

    def runtest(self) -> None:
        # Before any class fixture runs: a crash in setUpClass is charged to this test too.
        self.result.sink(events.Item(self.name))
        unittest.TestSuite([self.test]).run(self.result)

    def reportinfo(self):
        return "", None, self.name


class UnitCollector(pytest.Collector):
    """The job as a pytest collector; its items come from unittest's loader."""

    def collect(self):  # collection happens in JobPlugin.pytest_collection
        return []


def cpu_seconds() -> float:
    """CPU time of this process and of the children it has waited for (the tests' subprocesses)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


# Where a job's CPU goes, in its order: the worker's set-up (regrtest's settings, the target's
# install) up to collection; importing the test modules; running the tests (unittest, their
# fixtures and bodies, and the outcome each one records); and the rest (pytest's own start
# and finish, the last fixtures' teardown, clean-up).  Each finished job reports them.
PHASES = ("set-up", "collection", "tests", "rest")


class JobPlugin:
    """Collects one job's tests as items and closes its unittest fixtures at the end."""

    def __init__(self, job: Job, sink: Sink, before_collect: Callable[[], None],
                 after_collect: Callable[[], None]):
        self.job = job
        self.sink = sink
        self.before_collect = before_collect
        self.after_collect = after_collect
        self.result = RecordingResult(job.unit, sink)
        self.result._testRunEntered = True  # suite fixtures span the items; closed at the end
        self.cpu = dict.fromkeys(PHASES[1:3], 0.0)  # the phases pytest's hooks mark
        self.collecting_from: float | None = None  # cpu_seconds() as collection began

    @pytest.hookimpl(tryfirst=True)
    def pytest_collection(self, session: pytest.Session) -> bool:
        try:
            self.before_collect()
        except Exception as exc:  # a target that cannot be installed or is not live
            self.sink(events.TargetError(f"{type(exc).__name__}: {exc}"))
            session.items = []
            return True
        started = self.collecting_from = cpu_seconds()
        try:
            tests, errors = load(self.job)
            self.after_collect()
        except unittest.SkipTest as exc:  # the unit skipped itself at import, as regrtest reports
            self.sink(events.NotCollected(UnitStatus.SKIPPED, str(exc)))
            tests, errors = [], []
        except BaseException:
            self.sink(events.NotCollected(UnitStatus.ERROR, traceback.format_exc()))
            tests, errors = [], []
        for error in errors:
            self.sink(events.LoaderError(error))
        if self.job.only is not None:  # a selection, a resumed or a rerun job: those ids, in collection order
            wanted = set(self.job.only)
            tests = [t for t in tests if t.id() in wanted]
        collector = UnitCollector.from_parent(session, name=self.job.name)
        session.items = [UnitItem.from_parent(collector, name=t.id(), test=t, result=self.result)
                         for t in tests]
        session.testscollected = len(session.items)
        self.cpu["collection"] = cpu_seconds() - started
        self.sink(events.Collected(tuple(item.name for item in session.items)))
        if self.result.attribution is not None:
            self.result.attribution.start()
        return True

    @pytest.hookimpl(tryfirst=True)
    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        """Run the items one after the other through unittest, as regrtest runs a file's tests.

        pytest's own per-test protocol (setup, call and teardown reports, their hooks, the
        PYTEST_CURRENT_TEST variable) adds nothing here: the result records each outcome, and
        no item has fixtures of pytest's; it was the harness's largest cost per test
        (bench/harness_profile.py).
        """
        started = cpu_seconds()
        for item in session.items:
            item.runtest()
        self.cpu["tests"] = cpu_seconds() - started
        return True

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        closer = unittest.TestSuite()
        closer._tearDownPreviousClass(None, self.result)
        closer._handleModuleTearDown(self.result)
        self.result._testRunEntered = False
        if self.result.attribution is not None:
            self.result.attribution.stop()
