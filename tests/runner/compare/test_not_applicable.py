"""Not applicable: a test the target skipped because the tests mark it as not for its interpreter."""

from __future__ import annotations

import pytest

from runner import applicability, compare
from runner.compare.expectations import Expectation, TargetExpectations
from runner.report.table import totals

from ..synthetic import make_run, outcome

A = "test.test_pkg.T.test_a"
B = "test.test_pkg.T.test_b"
C = "test.test_pkg.T.test_c"


@pytest.mark.parametrize(("status", "reason", "mark"), [
    ("skipped", "implementation detail not available on cpython", "impl_detail"),
    ("skipped", "implementation detail specific to cpython", "impl_detail"),
    ("skipped", "No module named '_testcapi'", "requires _testcapi"),
    ("skipped", "_testinternalcapi required", "requires _testinternalcapi"),
    ("skipped", "_testcapi not available", "requires _testcapi"),
    ("skipped", "requires _testsinglephase", "requires _testsinglephase"),
    ("skipped", "No module named 'zlib'", ""),
    ("skipped", "requires zlib", ""),
    ("error", "ModuleNotFoundError: No module named '_testcapi'", ""),  # an unguarded import is not a mark
    ("passed", "", ""),
])
def test_the_mark_is_read_from_the_skip_reason(status, reason, mark):
    assert applicability.category(status, reason) == mark
    assert outcome(A, status, reason).not_applicable == mark


def test_not_applicable_tests_are_counted_apart_and_need_no_entry():
    base = make_run(outcome(A), outcome(B), outcome(C))
    run = make_run(outcome(A, "skipped", "implementation detail not available on cpython"),
                   outcome(B, "skipped", "requires zlib"), outcome(C))
    comparison = compare.compare(run, base, TargetExpectations("t", {A: Expectation(A, "test_pkg", "skipped", "old")}))
    assert [d.id for d in comparison.not_applicable] == [A]
    assert [d.id for d in comparison.differences] == [B]
    total = comparison.total
    assert (total.tests, total.matching, total.differing, total.not_applicable) == (3, 1, 1, 1)
    assert [e.id for e in comparison.fixed] == [A]  # its entry is not needed any more
    assert "1 not applicable" in totals(comparison) and "impl_detail 1" in totals(comparison)


def test_the_junit_file_carries_the_mark(tmp_path):
    from runner import results

    results.save(make_run(outcome(A, "skipped", "No module named '_testinternalcapi'")), tmp_path)
    assert '<property name="not_applicable" value="requires _testinternalcapi"' in (tmp_path / "junit.xml").read_text()
