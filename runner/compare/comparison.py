"""Comparison: a target's run against CPython's baseline, its expectations and a previous run.

Every test is matched by id.  A test *differs* when its outcome is not CPython's (for a skip:
not skipped, or skipped for another reason); each difference gets one :class:`Kind`.  Whether
a difference is *expected* is computed here from the target's expectations file, never
stored with the results.  A test the target skipped because the tests mark it as not for that
interpreter (``Outcome.not_applicable``: ``@cpython_only``, a test module it lacks) is *not
applicable*: counted and listed apart, neither matching nor differing, and needs no entry.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from pathlib import Path

from runner import panel, results
from runner.compare import baseline as baseline_mod
from runner.compare import expectations as target_expectations
from runner.compare import recheck
from runner.compare.expectations import Expectation, TargetExpectations
from runner.results import Outcome, Run, Status, UnitStatus

# Outcomes that fail a test outright; CPython passing and the target ending so is a regression.
BROKEN = frozenset({Status.FAILED, Status.ERROR, Status.CRASHED, Status.TIMEOUT})
# Errors in the inputs of a comparison: each message says what to do, so commands print it
# on one line and exit 2.
INPUT_ERRORS = (results.ResultsError, baseline_mod.BaselineError, target_expectations.ExpectationsError)


class Kind(str, enum.Enum):
    """How a test's outcome under the target differs from CPython's."""

    REGRESSION = "regression"  # CPython passes; the target fails, errors, crashes or times out
    SKIP_MISMATCH = "skip_mismatch"  # skipped on one side only, or for another reason
    MISSING = "missing"  # CPython ran it; the target's run has no such test
    EXTRA = "extra"  # the target's run has a test CPython's has not
    CHANGED = "changed"  # any other change of status
    # Same status as CPython, but the test left sys.path, sys.meta_path… changed and CPython's
    # did not (Outcome.env_changed; regrtest's ENV_CHANGED).
    ENV_CHANGED = "env_changed"

    def __str__(self) -> str:
        return self.value


def classify(base: Outcome | None, got: Outcome | None) -> Kind | None:
    """The kind of difference between two outcomes of one test, or None when they match."""
    if got is None:
        return Kind.MISSING
    if base is None:
        return Kind.EXTRA
    if Status.SKIPPED in (base.outcome, got.outcome):
        if base.outcome is got.outcome and base.reason.strip() == got.reason.strip():
            return None
        return Kind.SKIP_MISMATCH
    if base.outcome is got.outcome:
        return Kind.ENV_CHANGED if got.env_changed and not base.env_changed else None
    if base.outcome in (Status.PASSED, Status.EXPECTED_FAILURE) and got.outcome in BROKEN:
        return Kind.REGRESSION
    return Kind.CHANGED


@dataclass(frozen=True)
class Difference:
    """One test whose outcome under the target is not CPython's."""

    id: str
    unit: str
    kind: Kind
    baseline: Outcome | None
    target: Outcome | None
    # Computed from the target's expectations: listed with this very outcome.
    expected: bool = False
    # The expectation's reason and outcome, when the test is listed at all.
    reason: str = ""
    expected_outcome: str = ""

    @property
    def target_status(self) -> str:
        """The target's status, ``missing`` or ``env_changed``: the vocabulary expectations are written in."""
        if self.kind is Kind.ENV_CHANGED:
            return target_expectations.ENV_CHANGED
        return self.target.outcome.value if self.target else target_expectations.MISSING

    @property
    def baseline_status(self) -> str:
        return self.baseline.outcome.value if self.baseline else target_expectations.MISSING

    @property
    def not_applicable(self) -> str:
        """The tests' own mark that the target's interpreter is not for this test ("" if none)."""
        if self.kind is not Kind.SKIP_MISMATCH or self.target is None:
            return ""
        return self.target.not_applicable


# A unit's row status when the run has no UnitRun for it.
NOT_RUN = "not run"


@dataclass
class UnitRow:
    """One unit's line of the parity table."""

    unit: str
    status: str = UnitStatus.COMPLETED.value  # how the unit's process ended (UnitRun.status), or NOT_RUN
    tests: int = 0
    matching: int = 0
    differing: int = 0
    expected: int = 0
    unexpected: int = 0
    fixed: int = 0
    flaky: int = 0  # tests that differed once but changed status when rerun: neither matching nor differing
    not_applicable: int = 0  # skipped by the target as not for it (Outcome.not_applicable): neither either
    measured: int = 0  # tests whose attribution was recorded
    exercised: int = 0  # ... of which the target's code ran
    exercised_matching: int = 0

    def add(self, other: "UnitRow") -> None:
        for name in ("tests", "matching", "differing", "expected", "unexpected", "fixed", "flaky",
                     "not_applicable", "measured", "exercised", "exercised_matching"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Drift:
    """CPython's own outcomes on this interpreter against the committed baseline's (runner/compare/drift.py)."""

    committed_meta: dict  # the committed baseline's meta: the interpreter it was recorded on
    differences: list[Difference]  # baseline = the committed outcome, target = CPython's here


@dataclass
class Comparison:
    """Everything the reports and the ratchet need to know about one run."""

    target: str
    meta: dict
    baseline_meta: dict
    rows: list[UnitRow]
    differences: list[Difference]
    # Expectations for tests that now match CPython: remove them with `fix_command`.
    fixed: list[Expectation] = field(default_factory=list)
    # Expectations whose reason is still the placeholder `expectations update` wrote.
    unexplained: list[Expectation] = field(default_factory=list)
    # Tests during which none of the target's code ran: they test CPython whatever the target.
    unexercised: list[str] = field(default_factory=list)
    # Differing tests whose status changed when rerun (--rerun): reported apart, not as differences.
    flaky: list[Difference] = field(default_factory=list)
    # Tests the target skipped as the tests mark them not for its interpreter: apart, not differences.
    not_applicable: list[Difference] = field(default_factory=list)
    # When this interpreter is not the committed baseline's: what CPython itself does differently here.
    drift: Drift | None = None
    # The differing tests re-run on CPython here, and those CPython itself does otherwise on this
    # machine (runner/compare/recheck.py); None when the run was never re-checked (``run``).
    environment_drift: recheck.EnvironmentDrift | None = None
    # Tests that left the environment altered (Outcome.env_changed), whatever their status.
    env_changed: list[Outcome] = field(default_factory=list)
    # Against a previous run of the same target; None when there was none.
    newly_differing: list[str] | None = None
    newly_matching: list[str] | None = None
    run_dir: str = ""

    @property
    def units(self) -> list[str]:
        return [row.unit for row in self.rows]

    @property
    def unexpected(self) -> list[Difference]:
        return [d for d in self.differences if not d.expected]

    @property
    def total(self) -> UnitRow:
        total = UnitRow("total", status="")
        for row in self.rows:
            total.add(row)
        return total

    @property
    def ok(self) -> bool:
        """What the ratchet asks: no difference the target's expectations do not list."""
        return not self.unexpected

    @property
    def fix_command(self) -> str:
        run_dir = self.run_dir or "RUN_DIR"
        return f"importparity expectations update {run_dir} --fixed-only"


def covered_units(run: Run) -> list[str]:
    """The units a run was asked to run, in panel order (units unknown to the panel last).

    A unit that was asked for but never reported counts, so its tests show as missing.
    """
    names = set(run.meta.get("units") or run.units) or {o.unit for o in run.tests.values()}
    order = {u.name: i for i, u in enumerate(panel.current().units)}
    return sorted(names, key=lambda n: (order.get(n, len(order)), n))


def differences(run: Run, baseline: Run, units: list[str]) -> list[Difference]:
    """Every test of ``units`` whose outcome differs, sorted by id; none marked expected."""
    wanted = set(units)
    base = {tid: o for tid, o in baseline.tests.items() if o.unit in wanted}
    got = {tid: o for tid, o in run.tests.items() if o.unit in wanted}
    found = []
    for tid in sorted(base.keys() | got.keys()):
        kind = classify(base.get(tid), got.get(tid))
        if kind is not None:
            unit = (got.get(tid) or base[tid]).unit
            found.append(Difference(tid, unit, kind, base.get(tid), got.get(tid)))
    return found


def _apply_expectation(diff: Difference, listed: Expectation | None) -> Difference:
    if listed is None:
        return diff
    return Difference(diff.id, diff.unit, diff.kind, diff.baseline, diff.target,
                      expected=listed.outcome == diff.target_status,
                      reason=listed.reason, expected_outcome=listed.outcome)


def _rows(run: Run, baseline: Run, units: list[str], diffs: list[Difference],
          fixed: list[Expectation], flaky: set[str] = frozenset(),
          not_applicable: set[str] = frozenset()) -> list[UnitRow]:
    rows = {u: UnitRow(u, status=run.units[u].status.value if u in run.units else NOT_RUN) for u in units}
    differing = {d.id: d for d in diffs}
    tests = {tid: o.unit for tid, o in baseline.tests.items()} | {tid: o.unit for tid, o in run.tests.items()}
    for tid, unit in tests.items():
        if unit not in rows:
            continue
        row, diff = rows[unit], differing.get(tid)
        row.tests += 1
        row.flaky += tid in flaky
        row.not_applicable += tid in not_applicable
        row.matching += diff is None and tid not in flaky and tid not in not_applicable
        row.differing += diff is not None
        row.expected += bool(diff and diff.expected)
        row.unexpected += bool(diff and not diff.expected)
        got = run.tests.get(tid)
        if got is not None and got.exercised is not None:
            row.measured += 1
            row.exercised += got.exercised
            row.exercised_matching += got.exercised and diff is None
    for entry in fixed:
        rows[entry.unit].fixed += 1
    return list(rows.values())


def compare(run: Run, baseline: Run, expectations: TargetExpectations | None = None,
            previous: Run | None = None) -> Comparison:
    """Compare ``run`` with ``baseline`` over the units ``run`` covers."""
    expectations = expectations or TargetExpectations(run.meta.get("target", ""))
    units = covered_units(run)
    baseline, environment_drift = _follow_environment(run, baseline, units)
    scope = run.meta.get("scope")  # a partial run (selection or shard) answers only for its tests
    scope = set(scope) if scope is not None else None
    if scope is not None:
        baseline, previous = _within(baseline, scope), previous and _within(previous, scope)
    found = differences(run, baseline, units)
    flaky = [d for d in found if d.target is not None and d.target.flaky]
    not_applicable = [d for d in found if d.not_applicable and not d.target.flaky]
    apart = {d.id for d in flaky} | {d.id for d in not_applicable}
    diffs = [_apply_expectation(d, expectations.entries.get(d.id)) for d in found if d.id not in apart]
    differing = {d.id for d in found}
    # An entry for a test that is not applicable is not needed any more: it is reported as fixed.
    fixed = [e for e in expectations.sorted() if e.unit in units
             and (e.id not in differing or e.id in {d.id for d in not_applicable})
             and (scope is None or e.id in scope)]
    comparison = Comparison(
        target=run.meta.get("target", expectations.target),
        meta=run.meta,
        baseline_meta=baseline.meta,
        rows=_rows(run, baseline, units, diffs, fixed, {d.id for d in flaky}, {d.id for d in not_applicable}),
        differences=diffs,
        flaky=flaky,
        not_applicable=not_applicable,
        fixed=fixed,
        unexplained=[e for e in expectations.sorted() if e.needs_reason],
        unexercised=sorted(tid for tid, o in run.tests.items() if o.exercised is False and o.unit in units),
        env_changed=sorted((o for o in run.tests.values() if o.env_changed and o.unit in units), key=lambda o: o.id),
        environment_drift=environment_drift,
    )
    if previous is not None:
        before_units = set(covered_units(previous))
        before = {d.id for d in differences(previous, baseline, sorted(before_units & set(units)))}
        comparison.newly_differing = sorted(d.id for d in diffs if d.unit in before_units and d.id not in before)
        comparison.newly_matching = sorted(before - differing)
    return comparison


def _follow_environment(run: Run, baseline: Run, units: list[str]) -> tuple[Run, recheck.EnvironmentDrift | None]:
    """The baseline with CPython's outcomes here for the re-checked tests CPython itself does otherwise here."""
    found = recheck.here(run)
    if found is None:
        return baseline, None
    checked, here = found
    drifted = [d for d in differences(Run({}, {}, here), _within(baseline, set(here)), units)
               if d.baseline is not None and d.target is not None]
    if not drifted:
        return baseline, recheck.EnvironmentDrift(checked)
    moved = {d.id: d.target for d in drifted}
    return Run(baseline.meta, baseline.units, {**baseline.tests, **moved}), recheck.EnvironmentDrift(checked, drifted)


def _within(run: Run, scope: set[str]) -> Run:
    return Run(run.meta, run.units, {tid: o for tid, o in run.tests.items() if tid in scope})


def load(run_dir: Path, against: Path | None = None, *, baseline_dir: Path | None = None,
         expectations_dir: Path | None = None, check_expectations: bool = True) -> Comparison:
    """Read a run directory (and optionally a previous one) and compare it; raises INPUT_ERRORS.

    With ``check_expectations``, expectations naming tests the panel does not have are an error
    (``expectations update``, which rewrites them, reads without the check).
    """
    from runner.compare import drift as drift_mod

    run = results.load(run_dir)
    previous = results.load(against) if against is not None else None
    units = covered_units(run)
    committed = baseline_mod.load(units, baseline_dir or baseline_mod.BASELINE_DIR)
    # A run on another interpreter build is compared as parity compared it: with CPython there.
    interpreter = run.meta.get("interpreter")
    here = drift_mod.cached(units, interpreter) if drift_mod.differs(committed.meta, interpreter) else None
    base = here or committed
    target = run.meta.get("target", "")
    expectations = (target_expectations.load(target, expectations_dir, file=target_expectations.file_of_run(run.meta))
                    if target else None)
    if expectations is not None and check_expectations:
        target_expectations.check_known(expectations, base.tests.keys() | run.tests.keys(),
                                        set(covered_units(run)), str(run_dir))
    comparison = compare(run, base, expectations, previous)
    comparison.run_dir = str(run_dir)
    if here is not None:
        comparison.drift = Drift(committed.meta, differences(here, committed, units))
    return comparison
