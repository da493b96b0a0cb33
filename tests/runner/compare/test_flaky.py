"""--rerun: a test whose status changes when rerun is reported as flaky, not as a difference."""

from runner import compare, results
from runner.results import Outcome, Run, Status
from tests.runner.faults import PREFIX, clean_env, outcomes, run_faults


def test_rerun_finds_the_flaky_test_and_keeps_the_steady_failure(tmp_path):
    out = tmp_path / "run"
    env = clean_env(IMPORTPARITY_FLAKY_STATE=str(tmp_path / "counter"))
    proc = run_faults("run", "--target", "cpython", "--out", str(out), "--no-attribution", "--quiet",
                      "--units", "fault_flaky", "--rerun", "2", env=env)
    assert proc.returncode == 0, proc.stderr
    assert "1 flaky tests" in proc.stderr
    got = outcomes(out, "fault_flaky")
    assert (got["Flaky.test_1_flaky"]["outcome"], got["Flaky.test_1_flaky"]["reruns"]) == ("failed", ["passed"])
    assert (got["Flaky.test_2_fails_every_time"]["outcome"],
            got["Flaky.test_2_fails_every_time"]["reruns"]) == ("failed", ["failed", "failed"])
    assert got["Flaky.test_3_passes"] == {**got["Flaky.test_3_passes"], "outcome": "passed", "reruns": []}

    run = results.load(out)
    cpython = Run(meta={}, tests={tid: Outcome(tid, "fault_flaky", Status.PASSED) for tid in run.tests})
    comparison = compare.compare(run, cpython)
    assert [d.id for d in comparison.flaky] == [f"{PREFIX}fault_flaky.Flaky.test_1_flaky"]
    assert [d.id for d in comparison.differences] == [f"{PREFIX}fault_flaky.Flaky.test_2_fails_every_time"]
    assert (comparison.total.flaky, comparison.total.differing, comparison.total.matching) == (1, 1, 1)


def test_parity_reports_the_flaky_test_apart_from_the_differences(tmp_path):
    from tests.runner.faults import passing_baseline

    base = passing_baseline(tmp_path / "baseline", "fault_flaky",
                            ["Flaky.test_1_flaky", "Flaky.test_2_fails_every_time", "Flaky.test_3_passes"])
    (tmp_path / "targets").mkdir()
    out = tmp_path / "run"
    proc = run_faults("parity", "--target", "cpython", "--out", str(out), "--no-attribution", "--quiet",
                      # the baseline is made by hand: CPython here is the target, so no re-check on it
                      "--units", "fault_flaky", "--rerun", "3", "--no-recheck", "--baseline-dir", str(base),
                      "--expectations-dir", str(tmp_path / "targets"),
                      env=clean_env(IMPORTPARITY_FLAKY_STATE=str(tmp_path / "counter")))
    assert proc.returncode == 1, proc.stderr  # test_2 fails every time: a real difference
    summary = (out / "report" / "summary.md").read_text()
    assert "### Flaky (1)" in summary and "test\\_1\\_flaky (failed, passed)" in summary
    assert "1 differences from CPython" in proc.stdout
    assert "environment drift not checked (--no-recheck)" in proc.stdout
