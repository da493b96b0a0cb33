"""A test that leaves the import system's state altered is marked env_changed with what changed."""

import copy

import pytest

from runner import compare, results
from runner.report import write_reports
from tests.runner.faults import PREFIX, outcomes, run_faults


@pytest.fixture(scope="module")
def env_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("env") / "run"
    proc = run_faults("run", "--target", "cpython", "--out", str(out), "--no-attribution", "--units", "fault_env")
    assert proc.returncode == 0, proc.stderr
    return out


def test_each_alteration_is_named_and_the_real_outcome_kept(env_run):
    got = {name.split(".")[-1]: (t["outcome"], t["env_changed"]) for name, t in outcomes(env_run, "fault_env").items()}
    assert got == {
        "test_1_restores_sys_path": ("passed", ""),
        "test_2_leaves_sys_path": ("passed", "sys.path: added '/nowhere/left'"),
        "test_3_leaves_meta_path": ("passed", "sys.meta_path: added LeakyFinder"),
        "test_4_removes_a_module": ("passed", ""),
        "test_5_leaves_a_fake_module": ("passed", "sys.modules: added fault_panel_leaked"),
        "test_6_leaves_environ": ("passed", "os.environ: added FAULT_PANEL_LEAKED"),
        "test_7_imports_a_module_again": ("passed", ""),
        "test_8_fails_and_leaves_sys_path": ("failed", "sys.path: added '/nowhere/failed'"),
        "test_9_passes": ("passed", ""),
    }


def test_the_comparison_counts_an_altered_environment_as_a_difference_of_its_own(env_run, tmp_path):
    run = results.load(env_run)
    cpython = copy.deepcopy(run)
    for outcome in cpython.tests.values():
        outcome.env_changed = ""
    comparison = compare.compare(run, cpython)
    kinds = {d.id.removeprefix(f"{PREFIX}fault_env.AltersEnvironment."): d.kind for d in comparison.differences}
    assert kinds == {name: compare.Kind.ENV_CHANGED for name in (
        "test_2_leaves_sys_path", "test_3_leaves_meta_path", "test_5_leaves_a_fake_module",
        "test_6_leaves_environ", "test_8_fails_and_leaves_sys_path")}
    assert {d.target_status for d in comparison.differences} == {"env_changed"}
    assert len(comparison.env_changed) == 5
    summary = write_reports(comparison, tmp_path / "report")[0].read_text()
    assert "### Altered environment (5)" in summary and "LeakyFinder" in summary


def test_an_env_change_cpython_makes_too_is_no_difference(env_run):
    run = results.load(env_run)
    assert not compare.compare(run, copy.deepcopy(run)).differences


def test_the_dashboard_lists_altered_environments_escaped(env_run, tmp_path):
    run = results.load(env_run)
    run.tests[f"{PREFIX}fault_env.AltersEnvironment.test_2_leaves_sys_path"].env_changed = "sys.path: added '<b>x</b>'"
    cpython = copy.deepcopy(run)
    for outcome in cpython.tests.values():
        outcome.env_changed = ""
    page = write_reports(compare.compare(run, cpython), tmp_path / "report")[2].read_text()
    assert "Altered environment (5)" in page and "&lt;b&gt;x&lt;/b&gt;" in page and "<b>x</b>" not in page
