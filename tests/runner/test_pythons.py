"""--python X.Y: each version runs on its own panel; a version with no panel is bad input."""

import pytest

from runner import pythons
from tests.runner.cli import importparity
from tests.runner.test_cli import assert_one_line_error


@pytest.mark.parametrize("argv, version", [
    (["run", "--python", "3.13", "--units", "test_pkg"], "3.13"),
    (["parity", "--python=3.15"], "3.15"),
    (["run", "--units", "test_pkg"], None),
    (["gallery", "--python", "3.13", "3.14", "3.15"], None),
    (["gallery", "--python", "3.13", "3.14", "3.15", "--python", "3.15", "--targets", "hy"], "3.15"),
    (["gallery", "--python", "3.15", "--python", "3.13", "3.14"], None),
])
def test_the_version_is_read_from_the_command_line(argv, version):
    assert pythons.requested(argv) == version


@pytest.mark.parametrize("command", ["run", "parity", "baseline", "gallery"])
def test_a_version_with_no_panel_is_one_line_and_exit_2(command, tmp_path):
    proc = importparity(command, "--python", "3.12", "--out", str(tmp_path / "out"))
    assert_one_line_error(proc, "no panel for Python 3.12", "3.13, 3.14, 3.15")
    assert not (tmp_path / "out").exists()


def test_a_run_on_another_version_uses_that_version_and_its_panel(tmp_path):
    out = tmp_path / "run"
    proc = importparity("parity", "--python", "3.15", "--target", "cpython", "--units", "test_lazy_import",
                        "--quiet", "--no-attribution", "--out", str(out), timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "0 differences from CPython" in proc.stdout
    from runner import results

    run = results.load(out)
    assert run.meta["python"] == "3.15" and run.meta["interpreter"]["version"].startswith("3.15.")
    assert len(run.tests) > 150


def test_a_runner_environment_has_pip_to_build_a_targets_environment():
    # A target with requirements is installed by the runner's own pip (the provisioned CPython
    # has no ensurepip), so `gallery --python 3.13` needs pip in the 3.13 runner environment.
    import subprocess

    python = pythons.runner_python("3.13")
    proc = subprocess.run([str(python), "-m", "pip", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def test_expectations_update_takes_the_version_of_the_run_it_reads(tmp_path):
    # Another version's run is read on that version, which writes NAME.X.Y.json.
    proc = importparity("expectations", "update", str(tmp_path / "no-run"), "--python", "3.14")
    assert proc.returncode == 2 and "unrecognized arguments" not in proc.stderr, proc.stderr
