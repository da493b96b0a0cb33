"""The runner's isolation: a crash or a hang is charged to its unit, and the run goes on."""

import json
from pathlib import Path

from runner.execute import costs, events as ev, gather
from runner.execute.jobs import Job
from runner.execute.plugin import PHASES
from runner import panel
from runner.results import Outcome, Status, UnitStatus

from tests.runner.cli import importparity


def test_plan_covers_every_child_of_a_sharded_unit_once():
    unit = panel.units(["test_importlib"])[0]
    jobs = costs.plan([unit], costs.load())
    assert len(jobs) == unit.shards
    children = [c for j in jobs for c in j.children]
    assert sorted(children) == sorted(set(children))
    assert {"test_api.py", "source", "import_", "test_threaded_import.py"} <= set(children)


def test_gather_charges_a_crash_to_the_test_in_flight_and_the_unrun_ones():
    job = Job("test_x", "test.test_x")
    events = [ev.Collected(("a", "b", "c")), ev.Start("a"), ev.Measured(Outcome("a", "test_x", Status.PASSED)),
              ev.Start("b")]
    unit_run, outcomes = gather(job, events, UnitStatus.CRASHED, "killed by SIGSEGV")
    by_id = {o.id: o for o in outcomes}
    assert by_id["a"].outcome is Status.PASSED
    assert by_id["b"].outcome is Status.CRASHED and "SIGSEGV" in by_id["b"].reason
    assert by_id["c"].outcome is Status.CRASHED and by_id["c"].reason.startswith("not run")
    assert unit_run.status is UnitStatus.CRASHED


def _results(out: Path) -> dict:
    return json.loads((out / "results.json").read_text())


def test_a_crashing_unit_is_recorded_and_the_run_goes_on(tmp_path):
    out = tmp_path / "run"
    proc = importparity("run", "--target", "tests.runner.fake_targets:CRASHING", "--out", str(out),
                        "--units", "test_pkg", "test_frozen", "--no-attribution")
    assert proc.returncode == 0, proc.stderr
    data = _results(out)
    assert data["units"]["test_pkg"]["status"] == "crashed"
    assert "SIGSEGV" in data["units"]["test_pkg"]["detail"]
    assert data["units"]["test_frozen"]["status"] == "completed"
    pkg = {k: v["outcome"] for k, v in data["tests"].items() if v["unit"] == "test_pkg"}
    assert pkg["test.test_pkg.TestPkg.test_1"] == "passed"  # measured before the crash: kept
    assert pkg["test.test_pkg.TestPkg.test_2"] == "crashed"
    assert pkg["test.test_pkg.TestPkg.test_3"] == "passed"  # resumed in a fresh worker after the crash
    assert all(v["outcome"] == "passed" for k, v in data["tests"].items() if k.startswith("test.test_frozen"))


def test_a_hanging_test_times_out_and_the_unit_resumes(tmp_path):
    out = tmp_path / "run"
    proc = importparity("run", "--target", "tests.runner.fake_targets:HANGING", "--out", str(out),
                        "--units", "test_pkg", "--timeout", "5", "--no-attribution")
    assert proc.returncode == 0, proc.stderr
    data = _results(out)
    assert data["units"]["test_pkg"]["status"] == "timeout"
    assert data["tests"]["test.test_pkg.TestPkg.test_2"]["outcome"] == "timeout"
    assert data["tests"]["test.test_pkg.TestPkg.test_3"]["outcome"] == "passed"


def test_junit_ids_are_unittest_ids_and_skips_carry_bare_reasons(tmp_path):
    from junitparser import JUnitXml, Skipped

    out = tmp_path / "run"
    proc = importparity("run", "--target", "cpython", "--out", str(out), "--units", "test_import",
                        "--no-attribution")
    assert proc.returncode == 0, proc.stderr
    cases = {f"{c.classname}.{c.name}": c for suite in JUnitXml.fromfile(str(out / "junit.xml")) for c in suite}
    assert "test.test_import.ImportTests.test_case_sensitivity" in cases
    skipped = cases["test.test_import.ImportTests.test_dll_dependency_import"]
    assert [r.message for r in skipped.result if isinstance(r, Skipped)] == ["Windows-specific"]
    meta = _results(out)["meta"]
    assert meta["target"] == "cpython" and meta["interpreter"]["version"].startswith("3.14")
    assert meta["manifest"] and meta["started"] <= meta["ended"]
    # Where the job's CPU went, by phase: test_import spawns children, whose CPU the worker waits for.
    phases = meta["cpu"]["test_import"]
    assert list(phases) == list(PHASES) and all(seconds >= 0 for seconds in phases.values())
    assert phases["tests"] > phases["set-up"] > 0


def test_workers_leave_no_pytest_finder_in_sys_meta_path(tmp_path):
    out = tmp_path / "run"
    proc = importparity("run", "--target", "cpython", "--out", str(out), "--units", "test_pkg", "--no-attribution")
    assert proc.returncode == 0, proc.stderr
    probe = next(e for e in ev.read(out / "work" / "test_pkg.events.jsonl") if isinstance(e, ev.Probe))
    assert probe.meta_path, "the worker reports what it saw"
    assert not [f for f in probe.meta_path if "pytest" in f.lower()], probe.meta_path


def test_an_interrupted_run_saves_what_it_measured_and_exits_130(tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    from tests.runner.cli import ROOT

    out = tmp_path / "run"
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    proc = subprocess.Popen([sys.executable, "-m", "runner.cli", "run", "--target", "cpython", "--out", str(out),
                             "--units", "test_import", "test_importlib", "--no-attribution", "--quiet"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any(
            ev.count_outcomes(p) for p in (out / "work").glob("*.events.jsonl")):
        time.sleep(0.1)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    data = _results(out)
    assert data["meta"]["complete"] is False
    assert data["tests"], "outcomes recorded before the interrupt are kept"
    assert "interrupted" in {u["status"] for u in data["units"].values()}


def test_a_module_unit_in_shards_runs_each_class_whole_in_one_of_them(tmp_path):
    from tests.runner.faults import PREFIX, outcomes, run_faults

    out = tmp_path / "run"
    proc = run_faults("run", "--target", "cpython", "--out", str(out), "--units", "fault_classes",
                      "--no-attribution", "--quiet")
    assert proc.returncode == 0, proc.stderr
    ran = outcomes(out, "fault_classes")
    assert sorted(ran) == ["Alpha.test_one", "Alpha.test_two", "Beta.test_one", "Gamma.test_a",
                           "Gamma.test_same_process", "loose"]
    assert {t["outcome"] for t in ran.values()} == {"passed"}, ran
    collected = {}
    for shard in (1, 2):
        events = ev.read(out / "work" / f"fault_classes.{shard}-of-2.events.jsonl")
        ids = next(e for e in events if isinstance(e, ev.Collected)).ids
        collected[shard] = {tid.removeprefix(f"{PREFIX}fault_classes.").split(".")[0] for tid in ids}
    assert not collected[1] & collected[2], "no class is split between the shards"
    assert collected[1] | collected[2] == {"Alpha", "Beta", "Gamma", "loose"}
    assert "loose" in collected[1], "a test of no top-level class runs in shard 0"
