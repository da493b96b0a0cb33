"""Results: the Outcome model every stage shares, and a run's results.json and junit.xml.

A run directory holds ``results.json`` (``meta``, ``units``, ``tests``) and ``junit.xml``.
Statuses are a closed vocabulary; whether an outcome was *expected* is computed later by
the comparison, never stored here.  Two facts sit beside a test's status rather than in it:
``env_changed`` (what the test left altered, regrtest's ENV_CHANGED: "passed, env changed"
is a pass that also altered the environment) and ``reruns`` (the statuses of --rerun; more
than one status seen makes the test flaky).  ``not_applicable`` is read from a skip's reason
(runner/applicability.py): the tests' own mark that they are not for this interpreter.
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from runner import applicability


class Status(str, enum.Enum):
    """What happened to one test."""

    PASSED = "passed"
    FAILED = "failed"
    ERROR = "error"
    SKIPPED = "skipped"
    EXPECTED_FAILURE = "expected_failure"
    UNEXPECTED_SUCCESS = "unexpected_success"
    CRASHED = "crashed"
    TIMEOUT = "timeout"

    def __str__(self) -> str:
        return self.value


# Outcomes that mean "the test did what CPython's runner counts as OK".
OK = frozenset({Status.PASSED, Status.SKIPPED, Status.EXPECTED_FAILURE})


@dataclass
class Outcome:
    """One test's result: its unittest id, unit, status and (for skips) bare reason."""

    id: str
    unit: str
    outcome: Status
    reason: str = ""
    duration: float = 0.0
    traceback: str = ""
    # Whether any of the target's own code ran during the test (None: not measured).
    exercised: bool | None = None
    # What the test left changed (sys.path, sys.meta_path, sys.modules…; see
    # runner/execute/save_env.py), '' when nothing: regrtest's ENV_CHANGED, kept beside the
    # test's own status, so a test can be "passed, env changed".
    env_changed: str = ""
    # The statuses of its reruns (--rerun); more than one status seen makes the test flaky.
    reruns: list[str] = field(default_factory=list)
    # For a skip the tests mark as not for this interpreter, which mark: "impl_detail"
    # (@cpython_only, @impl_detail) or "requires _testcapi" (a test extension module it lacks);
    # "" otherwise.  Read from the reason (runner/applicability.py) whenever an Outcome is made.
    not_applicable: str = ""

    def __post_init__(self) -> None:
        if not self.not_applicable:
            self.not_applicable = applicability.category(str(self.outcome), self.reason)

    @property
    def flaky(self) -> bool:
        """Seen with more than one status across its runs (the first and its reruns)."""
        return len({self.outcome.value, *self.reruns}) > 1

    def to_json(self) -> dict:
        # Field by field: dataclasses.asdict deep-copies each value, at every event and every save.
        data = {f: getattr(self, f) for f in _OUTCOME_FIELDS}
        data["outcome"] = self.outcome.value
        data["reruns"] = list(self.reruns)
        return data

    @classmethod
    def from_json(cls, test_id: str, data: dict) -> "Outcome":
        fields = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        fields["outcome"] = Status(fields["outcome"])
        return cls(id=test_id, **fields)


_OUTCOME_FIELDS = tuple(f for f in Outcome.__dataclass_fields__ if f != "id")


class UnitStatus(str, enum.Enum):
    """How one unit's process(es) ended; results.json holds the value."""

    COMPLETED = "completed"
    CRASHED = "crashed"  # a worker died: the detail names the signal or exit status and the test
    TIMEOUT = "timeout"  # a test outlived --timeout and its worker was killed
    INTERRUPTED = "interrupted"  # Ctrl-C or SIGTERM
    SKIPPED = "skipped"  # the unit skipped itself
    ERROR = "error"  # it could not be loaded

    def __str__(self) -> str:
        return self.value

    @property
    def stopped(self) -> bool:
        """A worker stopped mid-job (crashed or killed at a timeout): a fresh one may resume it."""
        return self in (UnitStatus.CRASHED, UnitStatus.TIMEOUT)


@dataclass
class UnitRun:
    """How one unit's process(es) ended (see UnitStatus).

    After a crash or timeout a fresh worker runs the tests not yet run; ``resumed`` counts
    those restarts, and the status stays the first crash's.
    """

    status: UnitStatus = UnitStatus.COMPLETED
    duration: float = 0.0
    detail: str = ""
    resumed: int = 0

    def __post_init__(self):
        self.status = UnitStatus(self.status)  # as read from results.json: its value


@dataclass
class Run:
    """A whole run: metadata, per-unit status, and every test's Outcome by id."""

    meta: dict
    units: dict[str, UnitRun] = field(default_factory=dict)
    tests: dict[str, Outcome] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "meta": self.meta,
            "units": {name: asdict(u) for name, u in sorted(self.units.items())},
            "tests": {tid: self.tests[tid].to_json() for tid in sorted(self.tests)},
        }

    @classmethod
    def from_json(cls, data: dict) -> "Run":
        return cls(
            meta=data.get("meta", {}),
            units={n: UnitRun(**u) for n, u in data.get("units", {}).items()},
            tests={tid: Outcome.from_json(tid, t) for tid, t in data.get("tests", {}).items()},
        )

    def by_unit(self) -> dict[str, list[Outcome]]:
        grouped: dict[str, list[Outcome]] = {}
        for outcome in self.tests.values():
            grouped.setdefault(outcome.unit, []).append(outcome)
        return grouped


class ResultsError(Exception):
    """A results file that is missing or cannot be read."""


def load(run_dir: Path) -> Run:
    """Read ``run_dir/results.json`` (and check that its junit.xml, if any, is whole)."""
    path = Path(run_dir) / "results.json"
    try:
        run = Run.from_json(json.loads(path.read_text()))
    except FileNotFoundError:
        raise ResultsError(f"{path} does not exist; is {run_dir} the --out of `importparity run`?") from None
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ResultsError(f"{path} is not a results file or is cut short ({exc!s:.80}); "
                           f"re-run `importparity run --out {run_dir}`") from None
    _check_junit(Path(run_dir) / "junit.xml")
    return run


def _check_junit(path: Path) -> None:
    """A junit.xml cut short (a full disk, a copy stopped midway) is an error, not half a report."""
    import xml.etree.ElementTree as ET

    if not path.exists():
        return
    try:
        ET.parse(path)
    except ET.ParseError as exc:
        raise ResultsError(f"{path} is cut short or corrupt ({exc}); re-run `importparity run --out {path.parent}`"
                           ) from None


def save(run: Run, run_dir: Path) -> None:
    """Write results.json and junit.xml atomically enough that a reader never sees half."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    tmp = run_dir / "results.json.tmp"
    tmp.write_text(json.dumps(run.to_json(), indent=1) + "\n")
    tmp.replace(run_dir / "results.json")
    write_junit(run, run_dir / "junit.xml")


def write_junit(run: Run, path: Path) -> None:
    """JUnit XML with junitparser: one testcase per test, classname + '.' + name == id."""
    from junitparser import Error, Failure, JUnitXml, Properties, Property, Skipped, TestCase, TestSuite

    xml = JUnitXml()
    for unit, outcomes in sorted(run.by_unit().items()):
        suite, cases = TestSuite(unit), []
        for o in sorted(outcomes, key=lambda o: o.id):
            classname, _, name = o.id.rpartition(".")
            case = TestCase(name, classname, o.duration)
            if o.not_applicable:  # the tests' own mark: not for this interpreter (before the result, as pytest writes)
                properties = Properties()
                properties.add_property(Property("not_applicable", o.not_applicable))
                case.append(properties)
            if o.outcome is Status.SKIPPED:
                case.result = [Skipped(o.reason)]
            elif o.outcome in (Status.FAILED, Status.UNEXPECTED_SUCCESS):
                failure = Failure(o.reason or o.outcome.value)
                failure.text = o.traceback
                case.result = [failure]
            elif o.outcome in (Status.ERROR, Status.CRASHED, Status.TIMEOUT):
                error = Error(o.reason or o.outcome.value, o.outcome.value)
                error.text = o.traceback
                case.result = [error]
            cases.append(case)
        suite.add_testcases(cases)  # one statistics pass; add_testcase is one per case
        xml.add_testsuite(suite)
    _indent(xml._elem)
    xml.write(str(path))


def _indent(element) -> None:
    """Indent the XML for readers, in one pass.

    junitparser's ``pretty=True`` re-parses the whole file with minidom to print it, which
    cost more than building the XML did.
    """
    import xml.etree.ElementTree as ET

    if isinstance(element, ET.Element):  # junitparser on xml.etree (with lxml it is left as written)
        ET.indent(element)
