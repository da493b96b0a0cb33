"""Targets on another interpreter: the built-in pypy target runs the 3.11 panel on PyPy."""

import re

import pytest

from runner import panel, provision, pythons
from tests.runner.cli import importparity
from tests.runner.test_cli import assert_one_line_error


def test_an_interpreter_path_that_is_not_there_is_one_line(tmp_path):
    with pytest.raises(pythons.PythonError, match="no interpreter at"):
        pythons.runner_python(str(tmp_path / "nowhere" / "python"))


def test_a_target_file_naming_a_missing_interpreter_is_bad_input(tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(f'name = "t"\ndescription = "d"\ninterpreter = "./nowhere/python"\npython = "{panel.VERSION}"\n')
    proc = importparity("run", "--target", str(path), "--units", "test_pkg", "--out", str(tmp_path / "out"))
    assert_one_line_error(proc, "target t", "no interpreter at")


def _pypy_and_311() -> None:
    if "3.11" not in panel.versions():
        pytest.skip("no 3.11 panel")
    for name in ("3.11", "pypy3.11"):
        try:
            provision.find_interpreter(name)
        except provision.ProvisionError as exc:
            pytest.skip(f"no {name} here: {exc}")


def test_pypy_runs_the_311_panel_and_its_not_applicable_tests_are_counted_apart(tmp_path):
    _pypy_and_311()
    out = tmp_path / "run"
    proc = importparity("parity", "--python", "3.11", "--target", "pypy", "--units", "test_zipimport", "--quiet",
                        "--out", str(out), timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "2 expected, 0 unexpected; 2 not applicable" in proc.stdout  # testAFakeZlib; testTraceback
    from runner import results

    run = results.load(out)
    assert run.meta["target_interpreter"] == "pypy3.11" and "pypy3.11" in run.meta["tests_interpreter"]
    assert re.fullmatch(r"PyPy \d+\.\d+\.\d+ \(Python 3\.11\.\d+\)", run.meta["tests_implementation"])
    page = (out / "report" / "index.html").read_text()
    assert f"Tests on {run.meta['tests_implementation']}, its own import system" in page
    assert '<details class="na" data-mark="requires _testinternalcapi" open>' in page
    marks = {o.id.rsplit(".", 1)[-1]: o.not_applicable for o in run.tests.values() if o.not_applicable}
    assert marks == {"testTraceback": "requires _testinternalcapi"}
