"""Bad input gets one line saying what to do, exit status 2, and no traceback."""

import shutil

import pytest

from runner import cli, panel, provision
from runner.compare import baseline
from tests.runner.cli import importparity


run_cli = importparity


def assert_one_line_error(proc, *words):
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    for word in words:
        assert word in lines[0]


def test_unknown_unit(tmp_path):
    assert_one_line_error(run_cli("run", "--target", "cpython", "--out", str(tmp_path), "--units", "test_nope"),
                          "unknown unit test_nope", "test_importlib")


def test_unknown_target(tmp_path):
    assert_one_line_error(run_cli("run", "--target", "nope", "--out", str(tmp_path)), "unknown target 'nope'")


def test_target_that_is_not_live_is_an_error_not_a_run_against_cpython(tmp_path):
    proc = run_cli("run", "--target", "tests.runner.fake_targets:NOT_LIVE", "--out", str(tmp_path),
                   "--units", "test_pkg")
    assert_one_line_error(proc, "not live")


@pytest.fixture
def scratch_baseline(tmp_path, monkeypatch):
    """A copy of the baseline directory the test may damage."""
    copy = tmp_path / "baseline"
    shutil.copytree(baseline.BASELINE_DIR, copy)
    monkeypatch.setattr(baseline, "BASELINE_DIR", copy)
    monkeypatch.setattr(baseline.load, "__defaults__", (copy,))
    return copy


def test_missing_baseline_file(scratch_baseline, tmp_path, capsys):
    (scratch_baseline / "test_pkg.json").unlink()
    code = cli.main(["parity", "--target", "cpython", "--units", "test_pkg", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "no baseline for test_pkg" in err and "importparity baseline --python 3.14" in err
    assert not (tmp_path / "o").exists(), "a bad baseline is found before anything runs"


def test_corrupt_baseline_file(scratch_baseline, tmp_path, capsys):
    (scratch_baseline / "test_pkg.json").write_text('{"tests": {"x": {"outcome": "bogus"}}}')
    code = cli.main(["parity", "--target", "cpython", "--units", "test_pkg", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "corrupt" in err and "test_pkg.json" in err
    assert len(err.strip().splitlines()) == 1


def test_interpreter_without_test_modules(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(provision, "test_modules", lambda version: ("_testcapi", "_testimportparity_absent"))
    code = cli.main(["run", "--target", "cpython", "--units", "test_pkg", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "_testimportparity_absent" in err and "--python 3.14" in err


def test_python_version_without_a_panel(monkeypatch, capsys, tmp_path):
    monkeypatch.setattr(panel, "VERSION", "3.12")  # as python3.12 would run it: 3.12 has no panel
    code = cli.main(["run", "--target", "cpython", "--units", "test_pkg", "--out", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 2 and "no panel for 3.12" in err and "--python X.Y" in err
    assert len(err.strip().splitlines()) == 1


def test_a_target_of_another_panel_names_the_python_it_runs_on(capsys, tmp_path):
    code = cli.main(["run", "--target", "pypy", "--units", "test_pkg", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and "target pypy runs Python 3.11's panel" in err and "--python 3.11" in err
    assert len(err.strip().splitlines()) == 1 and not (tmp_path / "o").exists()


@pytest.mark.parametrize("option", [["--workers", "-1"], ["--timeout", "-5"], ["--timeout", "nan"]])
@pytest.mark.parametrize("command", ["run", "gallery"])
def test_jobs_at_once_and_timeout_below_zero_are_one_line(command, option, capsys, tmp_path):
    # --workers -1 once left the executor waiting for a free slot forever.
    code = cli.main([command, *option, "--units", "test_pkg", "--out", str(tmp_path / "o")])
    err = capsys.readouterr().err
    assert code == 2 and f"{option[0]} " in err and "cannot be below 0" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "o").exists(), "refused before anything ran"
