"""The ratchet: expectations written from a run, reasons kept, fixed entries dropped on demand."""

from __future__ import annotations

import argparse
import json

import pytest

from runner import compare
from runner.compare import expectations as te
from runner.compare import expectations_update
from runner.compare.expectations import Expectation, TargetExpectations

from ..synthetic import make_run, outcome, write

A = "test.test_pkg.T.test_a"
B = "test.test_pkg.T.test_b"
C = "test.test_pkg.T.test_c"
OTHER = "test.test_zipapp.T.test_x"


def _setup():
    base = make_run(outcome(A), outcome(B), outcome(C))
    run = make_run(outcome(A, "failed"), outcome(B, "error"), outcome(C))
    current = TargetExpectations("pyimport", {
        A: Expectation(A, "test_pkg", "failed", "finders not done"),
        C: Expectation(C, "test_pkg", "failed", "fixed since"),
        OTHER: Expectation(OTHER, "test_zipapp", "error", "unit not run here"),
    })
    return base, run, current


def test_update_keeps_reasons_adds_placeholders_and_drops_fixed():
    base, run, current = _setup()
    new = expectations_update.update(compare.compare(run, base, current), current)
    assert new.entries[A].reason == "finders not done"
    assert new.entries[B] == Expectation(B, "test_pkg", "error", te.PLACEHOLDER)
    assert new.entries[B].needs_reason
    assert C not in new.entries
    assert new.entries[OTHER].reason == "unit not run here"
    assert compare.compare(run, base, new).ok


def test_update_records_a_changed_outcome_with_the_old_reason():
    base = make_run(outcome(A))
    current = TargetExpectations("pyimport", {A: Expectation(A, "test_pkg", "failed", "why")})
    new = expectations_update.update(compare.compare(make_run(outcome(A, "crashed")), base, current), current)
    assert new.entries[A] == Expectation(A, "test_pkg", "crashed", "why")


def test_fixed_only_drops_fixed_entries_and_accepts_nothing():
    base, run, current = _setup()
    new = expectations_update.update(compare.compare(run, base, current), current, fixed_only=True)
    assert set(new.entries) == {A, OTHER}
    assert not compare.compare(run, base, new).ok  # B is still an unexpected regression


def test_file_is_sorted_and_round_trips(tmp_path):
    _, _, current = _setup()
    path = te.save(current, tmp_path)
    data = json.loads(path.read_text())
    assert list(data["tests"]) == sorted(data["tests"])
    assert te.load("pyimport", tmp_path) == current


def test_a_target_without_a_file_has_no_expectations(tmp_path):
    assert te.load("nothing", tmp_path).entries == {}


@pytest.mark.parametrize("text", ["{not json", '{"tests": {"x": {"unit": "u", "outcome": "sad"}}}', '{"tests": []}'])
def test_a_corrupt_file_is_an_expectations_error(tmp_path, text):
    (tmp_path / "pyimport.json").write_text(text)
    with pytest.raises(te.ExpectationsError, match="git checkout"):
        te.load("pyimport", tmp_path)


def _args(run_dir, fixed_only=False):
    return argparse.Namespace(run_dir=run_dir, fixed_only=fixed_only, dir=None)


def test_update_command_writes_the_file_from_a_run(dirs, tmp_path, capsys):
    base, run, current = _setup()
    te.save(current, dirs["targets"])
    write(run, tmp_path / "run", base, dirs["baseline"])
    assert expectations_update.main(_args(tmp_path / "run")) == 0
    written = te.load("pyimport", dirs["targets"])
    assert set(written.entries) == {A, B, OTHER}
    assert "1 entries need a reason" in capsys.readouterr().out


def test_update_command_on_a_missing_run_dir_exits_2(dirs, tmp_path, capsys):
    assert expectations_update.main(_args(tmp_path / "nowhere")) == 2
    err = capsys.readouterr().err
    assert "results.json does not exist" in err and "Traceback" not in err
    assert err.count("\n") == 1


def test_update_command_on_a_corrupt_expectations_file_exits_2(dirs, tmp_path, capsys):
    base, run, _ = _setup()
    write(run, tmp_path / "run", base, dirs["baseline"])
    (dirs["targets"] / "pyimport.json").write_text("[")
    assert expectations_update.main(_args(tmp_path / "run")) == 2
    assert "is corrupt" in capsys.readouterr().err


def test_reports_name_a_target_files_own_expectations_file():
    assert te.shown_path({}, "pyimport") == "expectations/targets/pyimport.json"
    meta = {"target_expectations": "/hooks/mine.expectations.json"}
    assert te.shown_path(meta, "mine") == "/hooks/mine.expectations.json"
