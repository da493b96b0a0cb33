"""Damaged or mismatched input files: one line naming the command that mends them, exit 2, nothing lost."""

import json

import pytest

from runner import cli
from runner.compare import baseline
from runner.compare import expectations as target_expectations
from tests.runner import synthetic


def _one_line(capsys, code, *words):
    err = capsys.readouterr().err
    assert code == 2, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


@pytest.fixture
def run_dir(dirs, tmp_path):
    data = synthetic.Injected()
    return synthetic.write(data.run, tmp_path / "run", data.baseline, dirs["baseline"])


@pytest.mark.parametrize("name", ["results.json", "junit.xml"])
def test_a_truncated_run_file(run_dir, tmp_path, capsys, name):
    path = run_dir / name
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    code = cli.main(["report", str(run_dir), "--out", str(tmp_path / "r")])
    _one_line(capsys, code, name, "importparity run --out")


def test_a_baseline_recorded_for_another_panel_version(tmp_path, capsys, monkeypatch):
    copy = tmp_path / "baseline"
    copy.mkdir()
    data = json.loads(baseline.path_for("test_pkg").read_text())
    data["meta"]["manifest"] = "0" * 64
    (copy / "test_pkg.json").write_text(json.dumps(data))
    code = cli.main(["parity", "--target", "cpython", "--units", "test_pkg", "--out", str(tmp_path / "o"),
                     "--baseline-dir", str(copy)])
    _one_line(capsys, code, "another version of the panel", "importparity baseline --python 3.14")
    assert not (tmp_path / "o").exists(), "found before anything runs"


def _expect(directory, tid, unit):
    target_expectations.save(target_expectations.TargetExpectations("pyimport", {
        tid: target_expectations.Expectation(tid, unit, "failed", "a reason")}), directory)


def test_expectations_naming_a_unit_the_panel_does_not_have(dirs, tmp_path, capsys):
    _expect(dirs["targets"], "test.test_gone.T.test_1", "test_gone")
    code = cli.main(["parity", "--target", "pyimport", "--units", "test_pkg", "--out", str(tmp_path / "o"),
                     "--baseline-dir", str(baseline.path_for("test_pkg").parent)])
    _one_line(capsys, code, "test.test_gone.T.test_1", "importparity expectations update")
    assert not (tmp_path / "o").exists(), "found before anything runs"


def test_expectations_naming_a_test_the_panel_does_not_have(run_dir, dirs, tmp_path, capsys):
    _expect(dirs["targets"], "test.test_pkg.T.test_gone", "test_pkg")
    code = cli.main(["report", str(run_dir), "--out", str(tmp_path / "r")])
    _one_line(capsys, code, "test.test_pkg.T.test_gone", f"importparity expectations update {run_dir}")
    assert cli.main(["expectations", "update", str(run_dir)]) == 0  # the command named mends it
    assert "test.test_pkg.T.test_gone" not in target_expectations.load("pyimport").entries
