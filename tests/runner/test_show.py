"""`importparity show`: one test whole — both outcomes, its cluster, its source line — and --rerun."""

import pytest

from runner.sourceline import location
from tests.runner.cli import importparity

TARGET = "tests.runner.fake_targets:INJECTED"


@pytest.fixture(scope="module")
def injected_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("show") / "run"
    proc = importparity("run", "--target", TARGET, "--units", "test_pkg", "--quiet", "--no-attribution",
                        "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    return out


def test_show_names_both_outcomes_the_cluster_and_the_source_line(injected_run):
    proc = importparity("show", "test_pkg.TestPkg.test_3", str(injected_run))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0] == "test.test_pkg.TestPkg.test_3"
    assert "CPython      passed" in proc.stdout
    assert "error — ImportError: injected: no t3 for you" in proc.stdout
    assert "cluster      #" in proc.stdout and "of 2: ImportError" in proc.stdout
    assert "expectation  none" in proc.stdout
    path, line = location("test.test_pkg.TestPkg.test_3")
    assert f"source       vendored_tests/3.14/test/test_pkg.py:{line}" in proc.stdout
    assert "Traceback (most recent call last)" in proc.stdout


def test_rerun_streams_the_tests_verbose_output(injected_run):
    proc = importparity("show", "test.test_pkg.TestPkg.test_5", str(injected_run), "--rerun")
    assert proc.returncode == 1, proc.stderr
    assert "test_5 (test.test_pkg.TestPkg.test_5) ... ERROR" in proc.stdout
    assert "RuntimeError: injected: t5 exploded" in proc.stdout


@pytest.mark.parametrize("test_id, message", [("test_no_such", "unknown test"), ("TestPkg", "names 8 tests")])
def test_an_unknown_or_ambiguous_id_is_one_line_and_exit_2(injected_run, test_id, message):
    proc = importparity("show", test_id, str(injected_run))
    assert proc.returncode == 2 and message in proc.stderr and len(proc.stderr.splitlines()) == 1, proc.stderr
