"""A worker that dies or hangs costs one test: the rest of its job resumes in a fresh worker."""

import pytest

from tests.runner.faults import outcomes, results, run_faults


@pytest.fixture(scope="module")
def faulty_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("faults") / "run"
    proc = run_faults("run", "--target", "cpython", "--out", str(out), "--no-attribution", "--timeout", "3",
                      "--units", "fault_segfault", "fault_exit", "fault_sigkill", "fault_hang")
    assert proc.returncode == 0, proc.stderr
    return out


def statuses(out, unit):
    return {name: t["outcome"] for name, t in outcomes(out, unit).items()}


def test_each_segfault_costs_one_test_and_the_job_resumes(faulty_run):
    assert statuses(faulty_run, "fault_segfault") == {
        "Segfaults.test_1_passes": "passed", "Segfaults.test_2_fails": "failed",
        "Segfaults.test_3_segfaults": "crashed", "Segfaults.test_4_segfaults_again": "crashed",
        "Segfaults.test_5_skips": "skipped", "Segfaults.test_6_passes": "passed"}
    crashed = outcomes(faulty_run, "fault_segfault")["Segfaults.test_3_segfaults"]
    assert crashed["reason"] == "killed by SIGSEGV"
    assert "Fatal Python error: Segmentation fault" in crashed["traceback"]
    assert "in test_3_segfaults" in crashed["traceback"]
    unit = results(faulty_run)["units"]["fault_segfault"]
    assert unit["status"] == "crashed" and unit["resumed"] == 2 and "resumed 2 times" in unit["detail"]


def test_an_exit_status_is_charged_to_the_test_that_exited(faulty_run):
    assert statuses(faulty_run, "fault_exit") == {
        "Exits.test_1_passes": "passed", "Exits.test_2_exits": "crashed", "Exits.test_3_errors": "error",
        "Exits.test_4_passes": "passed"}
    assert outcomes(faulty_run, "fault_exit")["Exits.test_2_exits"]["reason"] == "exit status 3"


def test_a_sigkill_from_outside_is_charged_to_the_test_running(faulty_run):
    assert statuses(faulty_run, "fault_sigkill") == {
        "KilledFromOutside.test_1_passes": "passed", "KilledFromOutside.test_2_killed": "crashed",
        "KilledFromOutside.test_3_passes": "passed"}
    assert outcomes(faulty_run, "fault_sigkill")["KilledFromOutside.test_2_killed"]["reason"] == "killed by SIGKILL"


def test_a_hung_test_times_out_with_every_threads_stack(faulty_run):
    assert statuses(faulty_run, "fault_hang") == {
        "Hangs.test_1_passes": "passed", "Hangs.test_2_hangs": "timeout", "Hangs.test_3_passes": "passed"}
    stack = outcomes(faulty_run, "fault_hang")["Hangs.test_2_hangs"]["traceback"]
    assert "in hang_forever" in stack and "in test_2_hangs" in stack
    assert "in wait_in_helper_thread" in stack, "the other thread's stack too"
    unit = results(faulty_run)["units"]["fault_hang"]
    assert unit["status"] == "timeout" and unit["resumed"] == 1


def test_the_junit_report_carries_the_crash_and_the_stack(faulty_run):
    junit = (faulty_run / "junit.xml").read_text()
    assert "Fatal Python error: Segmentation fault" in junit and "in hang_forever" in junit


def test_a_resumed_attempt_leaves_the_unrun_tests_to_the_next_one():
    from runner.execute import events as ev, gather
    from runner.execute.jobs import Job
    from runner.execute.resume import unrun
    from runner.results import Outcome, Status, UnitStatus

    events = [ev.Collected(("a", "b", "c", "d")), ev.Item("a"), ev.Start("a"),
              ev.Measured(Outcome("a", "u", Status.PASSED)),
              ev.Item("b")]  # died in b's class fixture, before its startTest
    assert unrun(events) == ("c", "d")
    _, got = gather(Job("u", "test.u"), events, UnitStatus.CRASHED, "killed by SIGABRT", dump="Fatal Python error", resume=True)
    assert {o.id: o.outcome.value for o in got} == {"a": "passed", "b": "crashed"}
    assert next(o for o in got if o.id == "b").traceback == "Fatal Python error"
    assert unrun(events[:1]) == (), "an attempt that started no test is not resumed: it would crash again"
