"""The comparison: each kind of difference, expected vs unexpected, units, previous runs."""

from __future__ import annotations

import pytest

from runner import compare
from runner.compare import Kind
from runner.compare.comparison import classify
from runner.compare.expectations import Expectation, TargetExpectations
from runner.results import UnitStatus

from ..synthetic import make_run, outcome

A = "test.test_pkg.T.test_a"
B = "test.test_pkg.T.test_b"
C = "test.test_pkg.T.test_c"


@pytest.mark.parametrize(("base", "got", "kind"), [
    ("passed", "failed", Kind.REGRESSION),
    ("passed", "error", Kind.REGRESSION),
    ("passed", "crashed", Kind.REGRESSION),
    ("passed", "timeout", Kind.REGRESSION),
    ("expected_failure", "error", Kind.REGRESSION),
    ("passed", "skipped", Kind.SKIP_MISMATCH),
    ("skipped", "passed", Kind.SKIP_MISMATCH),
    ("skipped", "failed", Kind.SKIP_MISMATCH),
    ("failed", "passed", Kind.CHANGED),
    ("expected_failure", "unexpected_success", Kind.CHANGED),
    ("failed", "error", Kind.CHANGED),
    ("passed", "passed", None),
    ("failed", "failed", None),
])
def test_classify_names_each_kind_of_status_change(base, got, kind):
    assert classify(outcome(A, base), outcome(A, got)) is kind


def test_skips_match_only_with_the_same_reason():
    same = classify(outcome(A, "skipped", "requires zlib"), outcome(A, "skipped", "requires zlib "))
    other = classify(outcome(A, "skipped", "requires zlib"), outcome(A, "skipped", "no frozen modules"))
    assert same is None
    assert other is Kind.SKIP_MISMATCH


def test_missing_and_extra_tests():
    base = make_run(outcome(A), outcome(B))
    run = make_run(outcome(A), outcome(C))
    kinds = {d.id: d.kind for d in compare.compare(run, base).differences}
    assert kinds == {B: Kind.MISSING, C: Kind.EXTRA}


def test_units_the_run_did_not_cover_are_not_compared():
    base = make_run(outcome(A), outcome("test.test_zipapp.T.test_x"))
    comparison = compare.compare(make_run(outcome(A)), base)
    assert comparison.differences == []
    assert comparison.units == ["test_pkg"]


def test_rows_count_per_unit_in_panel_order():
    base = make_run(outcome(A), outcome(B), outcome("test.test_import.T.test_x"))
    run = make_run(outcome(A, "failed"), outcome(B), outcome("test.test_import.T.test_x", "error"))
    expectations = TargetExpectations("pyimport", {A: Expectation(A, "test_pkg", "failed", "not yet")})
    comparison = compare.compare(run, base, expectations)
    rows = {r.unit: r for r in comparison.rows}
    assert comparison.units == ["test_import", "test_pkg"]
    assert (rows["test_pkg"].tests, rows["test_pkg"].matching, rows["test_pkg"].expected,
            rows["test_pkg"].unexpected) == (2, 1, 1, 0)
    assert rows["test_import"].unexpected == 1
    assert comparison.total.differing == 2
    assert not comparison.ok


def test_a_difference_is_expected_only_with_the_listed_outcome():
    base = make_run(outcome(A), outcome(B))
    run = make_run(outcome(A, "failed"), outcome(B, "error"))
    expectations = TargetExpectations("pyimport", {
        A: Expectation(A, "test_pkg", "failed", "finders not done"),
        B: Expectation(B, "test_pkg", "failed", "was failing"),
    })
    diffs = {d.id: d for d in compare.compare(run, base, expectations).differences}
    assert diffs[A].expected and diffs[A].reason == "finders not done"
    assert not diffs[B].expected and diffs[B].expected_outcome == "failed"


def test_a_missing_test_is_expected_as_missing():
    base = make_run(outcome(A), outcome(B))
    expectations = TargetExpectations("pyimport", {B: Expectation(B, "test_pkg", "missing", "collected apart")})
    comparison = compare.compare(make_run(outcome(A)), base, expectations)
    assert comparison.ok
    assert [d.kind for d in comparison.differences] == [Kind.MISSING]


def test_listed_differences_that_are_gone_are_fixed():
    base = make_run(outcome(A), outcome(B))
    expectations = TargetExpectations("pyimport", {
        A: Expectation(A, "test_pkg", "failed", "was broken"),
        "test.test_zipapp.T.test_x": Expectation("test.test_zipapp.T.test_x", "test_zipapp", "failed", "other unit"),
    })
    comparison = compare.compare(make_run(outcome(A), outcome(B)), base, expectations)
    assert [e.id for e in comparison.fixed] == [A]
    assert comparison.rows[0].fixed == 1
    assert comparison.ok
    assert "--fixed-only" in comparison.fix_command


def test_placeholder_reasons_are_reported():
    base = make_run(outcome(A), outcome(B))
    expectations = TargetExpectations("pyimport", {
        A: Expectation(A, "test_pkg", "failed"),
        B: Expectation(B, "test_pkg", "failed", "a real reason"),
    })
    comparison = compare.compare(make_run(outcome(A, "failed"), outcome(B, "failed")), base, expectations)
    assert [e.id for e in comparison.unexplained] == [A]


def test_newly_differing_and_newly_matching_against_a_previous_run():
    base = make_run(outcome(A), outcome(B), outcome(C))
    previous = make_run(outcome(A, "failed"), outcome(B), outcome(C, "error"))
    run = make_run(outcome(A), outcome(B, "failed"), outcome(C, "failed"))
    comparison = compare.compare(run, base, previous=previous)
    assert comparison.newly_differing == [B]
    assert comparison.newly_matching == [A]


def test_exercised_only_parity_and_unexercised_tests():
    base = make_run(outcome(A), outcome(B), outcome(C))
    run = make_run(outcome(A, exercised=True), outcome(B, "failed", exercised=True), outcome(C, exercised=False))
    comparison = compare.compare(run, base)
    row = comparison.rows[0]
    assert (row.measured, row.exercised, row.exercised_matching) == (3, 2, 1)
    assert comparison.unexercised == [C]


def test_unit_status_comes_from_the_run():
    base = make_run(outcome(A), outcome(B))
    run = make_run(outcome(A))
    run.units["test_pkg"].status = UnitStatus.CRASHED
    assert compare.compare(run, base).rows[0].status == UnitStatus.CRASHED.value


def test_a_unit_asked_for_but_never_run_has_all_its_tests_missing():
    base = make_run(outcome(A), outcome("test.test_zipapp.T.test_x"))
    run = make_run(outcome(A), units=["test_pkg", "test_zipapp"])
    comparison = compare.compare(run, base)
    assert [(r.unit, r.status) for r in comparison.rows] == [("test_pkg", "completed"), ("test_zipapp", "not run")]
    assert [(d.id, d.kind) for d in comparison.differences] == [("test.test_zipapp.T.test_x", Kind.MISSING)]
