"""Environment drift: a test CPython itself does otherwise on this machine is not counted against the target."""

import json

import pytest

from runner import compare, oracle, panel, results
from runner.compare import recheck
from runner.report import view
from tests.runner.cli import importparity
from tests.runner.synthetic import make_run, outcome
from tests.unprivileged import UNPRIVILEGED, needs_setpriv

UNWRITABLE = "test.test_import.PycacheTests.test_unwritable_directory"
ROOT_SKIP = "incompatible with CAP_DAC_OVERRIDE"


def _baseline():
    return make_run(outcome(UNWRITABLE, "skipped", ROOT_SKIP), outcome("test.test_pkg.T.test_1"),
                    target="cpython")


def test_a_skip_cpython_itself_does_not_make_here_is_drift_not_a_difference():
    run = make_run(outcome(UNWRITABLE), outcome("test.test_pkg.T.test_1", "failed"))
    recheck.record(run, [UNWRITABLE, "test.test_pkg.T.test_1"],
                   [outcome(UNWRITABLE), outcome("test.test_pkg.T.test_1")])
    comparison = compare.compare(run, _baseline())
    assert [d.id for d in comparison.differences] == ["test.test_pkg.T.test_1"], "CPython passes it here: the target's"
    drifted = comparison.environment_drift.differences
    assert [(d.id, d.baseline_status, d.target_status) for d in drifted] == [(UNWRITABLE, "skipped", "passed")]
    assert recheck.cause(drifted[0].baseline, drifted[0].target) == "privileges"
    assert "(privileges: 1)" in view.environment_drift(comparison)
    assert comparison.total.matching == 1 and comparison.total.unexpected == 1


def test_without_the_recheck_the_difference_counts_and_the_report_says_why():
    run = make_run(outcome(UNWRITABLE), outcome("test.test_pkg.T.test_1"))
    recheck.record_disabled(run)
    comparison = compare.compare(run, _baseline())
    assert [d.id for d in comparison.differences] == [UNWRITABLE]
    assert comparison.environment_drift.disabled
    assert "not checked (--no-recheck)" in view.environment_drift(comparison)


def test_a_run_never_rechecked_reports_nothing_about_it():
    run = make_run(outcome(UNWRITABLE), outcome("test.test_pkg.T.test_1"))
    comparison = compare.compare(run, _baseline())
    assert comparison.environment_drift is None and view.environment_drift(comparison) == ""


@pytest.mark.parametrize("reason, cause", [
    ("requires a case-insensitive filesystem", "file system"),
    ("resource 'cpu' is not enabled", "resources (--use)"),
    ("not enough memory: 3.7G minimum needed", "memory (--memlimit)"),
    ("Windows-specific", "platform"),
    ("pyfakefs not available", "unknown"),
])
def test_the_cause_is_read_from_the_skip_reason(reason, cause):
    assert recheck.cause(outcome(UNWRITABLE, "skipped", reason), outcome(UNWRITABLE)) == cause




@needs_setpriv
def test_parity_as_a_user_who_is_not_root_exits_0_and_names_the_drift(tmp_path):
    out = tmp_path / "run"
    proc = importparity("parity", "--units", "test_import", "--quiet", "--no-attribution", "--out", str(out),
                        prefix=UNPRIVILEGED)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 differences from CPython" in proc.stdout
    assert "environment drift: CPython itself does 1 of the 1 differing tests otherwise" in proc.stdout
    drift = json.loads((out / "report" / "diff.json").read_text())["environment_drift"]
    assert [(d["id"], d["baseline"]["outcome"], d["target"]["outcome"], d["cause"]) for d in drift["differences"]] \
        == [(UNWRITABLE, "skipped", "passed", "privileges")]
    assert "### Environment drift (1)" in (out / "report" / "summary.md").read_text()
    assert results.load(out).tests[UNWRITABLE].outcome.value == "passed", "the test ran for real"


@needs_setpriv
@pytest.mark.skipif(not oracle.has_own_test_suite(), reason="the interpreter has no test suite of its own")
def test_cpython_target_as_a_user_who_is_not_root_matches_regrtest_run_the_same_way(tmp_path):
    units = [u.name for u in panel.UNITS]
    reference, _ = oracle.run_regrtest(units, prefix=UNPRIVILEGED)
    out = tmp_path / "run"
    proc = importparity("run", "--target", "cpython", "--quiet", "--out", str(out), prefix=UNPRIVILEGED)
    assert proc.returncode == 0, proc.stderr
    assert oracle.differences(reference, results.load(out).tests) == []
    assert reference[UNWRITABLE] == (oracle.PASSED_OR_XFAIL, ""), "regrtest ran it too"


def test_what_a_run_left_in_the_interpreter_is_reported_as_a_finding_about_the_target(tmp_path):
    from runner.report import write_reports

    run = make_run(outcome("test.test_pkg.T.test_1"))
    run.meta["interpreter_findings"] = [{"path": "/base/lib/python3.14/__pycache__/colorsys.cpython-314.pyc",
                                         "kind": "pyc", "why": "not CPython's compilation of its source",
                                         "imports": ["hook"], "repaired": True}]
    comparison = compare.compare(run, _baseline())
    write_reports(comparison, tmp_path)
    summary = (tmp_path / "summary.md").read_text()
    assert "### Left in the interpreter (1)" in summary and "it imports hook (removed)" in summary
    assert json.loads((tmp_path / "diff.json").read_text())["interpreter_findings"][0]["imports"] == ["hook"]
    assert "Left in the interpreter (1)" in (tmp_path / "index.html").read_text()


def test_a_run_with_more_resources_compares_fairly(tmp_path):
    out = tmp_path / "run"
    proc = importparity("parity", "--units", "test_runpy", "--use", "cpu", "--quiet", "--no-attribution",
                        "--out", str(out), timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    run = results.load(out)
    assert run.meta["regrtest_options"] == ["-u", "cpu"]
    assert run.tests["test.test_runpy.RunPathTestCase.test_main_recursion_error"].outcome.value == "passed"
    assert "(resources (--use): 1)" in proc.stdout, "the baseline ran without it: CPython here runs it too"


@pytest.mark.parametrize("option, message", [
    (["--use", "cpu,gpu"], "--use cpu,gpu: unknown resource 'gpu'"),
    (["--memlimit", "lots"], "--memlimit lots: not a size"),
])
def test_bad_regrtest_options_are_one_line_and_exit_2(option, message, tmp_path):
    proc = importparity("run", "--target", "cpython", "--units", "test_pkg", *option, "--out", str(tmp_path / "o"))
    assert proc.returncode == 2 and message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_a_gallery_re_checks_each_test_once_for_all_its_targets(tmp_path, monkeypatch):
    import argparse

    from runner import pipeline

    asked = []

    def run_jobs(target, units, jobs, out, **options):
        asked.append(sorted(t for job in jobs for t in job.only))
        return [outcome(t) for t in asked[-1]]

    monkeypatch.setattr(pipeline, "run_jobs", run_jobs)
    base = make_run(outcome("test.test_pkg.T.test_1"), outcome("test.test_pkg.T.test_2"), target="cpython",
                    units=["test_pkg"])
    args = argparse.Namespace(recheck=True, recheck_known={}, out=str(tmp_path / "a"), workers=1, timeout=60,
                              inherit_env=False, use=None, memlimit=None)
    first = make_run(outcome("test.test_pkg.T.test_1", "failed"), outcome("test.test_pkg.T.test_2"),
                     units=["test_pkg"])
    pipeline.recheck_differences(args, first, base)
    second = make_run(outcome("test.test_pkg.T.test_1", "failed"), outcome("test.test_pkg.T.test_2", "failed"),
                      units=["test_pkg"])
    args.out = str(tmp_path / "b")
    pipeline.recheck_differences(args, second, base)
    assert asked == [["test.test_pkg.T.test_1"], ["test.test_pkg.T.test_2"]], "each test run once on CPython"
    assert second.meta["recheck"]["reused"] == 1
    assert sorted(second.meta["recheck"]["cpython"]) == ["test.test_pkg.T.test_1", "test.test_pkg.T.test_2"]
    assert compare.compare(second, base).total.unexpected == 2, "the shared outcomes still judge the target"
