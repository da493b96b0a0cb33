"""Release history: one small summary per release, appended, never rewritten."""

from __future__ import annotations

import argparse
import json

import pytest

from runner import history

from .synthetic import Injected, write

pytestmark = pytest.mark.usefixtures("synthetic_target")


def _record(run_dir, name):
    return history.main(argparse.Namespace(run_dir=run_dir, name=name, dir=None))


def test_record_appends_a_small_summary(dirs, tmp_path):
    injected = Injected()
    run_dir = write(injected.run, tmp_path / "run", injected.baseline, dirs["baseline"])
    assert _record(run_dir, "0.1.0") == 0
    entry = json.loads((dirs["history"] / "0.1.0.json").read_text())
    assert (entry["name"], entry["target"], entry["tests"], entry["matching"], entry["differences"]) == (
        "0.1.0", "pyimport", 21, 11, 10)
    assert entry["units"]["test_pkg"] == {"status": "completed", "tests": 6, "matching": 2, "expected": 0,
                                          "unexpected": 4}
    assert "executable" not in entry["interpreter"]
    assert [e["name"] for e in history.load(dirs["history"])] == ["0.1.0"]


def test_a_release_is_recorded_once(dirs, tmp_path, capsys):
    injected = Injected()
    run_dir = write(injected.run, tmp_path / "run", injected.baseline, dirs["baseline"])
    assert _record(run_dir, "0.1.0") == 0
    capsys.readouterr()
    assert _record(run_dir, "0.1.0") == 2
    assert "already recorded" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["", "../x", ".hidden"])
def test_bad_release_names_are_refused(dirs, tmp_path, name, capsys):
    assert _record(tmp_path / "run", name) == 2
    assert "not a release name" in capsys.readouterr().err


def test_history_is_ordered_by_date(dirs):
    for name, date in [("b", "2025-02-01"), ("a", "2025-03-01"), ("c", "2025-01-01")]:
        (dirs["history"] / f"{name}.json").write_text(json.dumps(
            {"name": name, "date": date, "target": "t", "tests": 1, "matching": 1, "units": {}}))
    assert [e["name"] for e in history.load()] == ["c", "b", "a"]


def test_a_corrupt_entry_is_a_history_error(dirs):
    (dirs["history"] / "x.json").write_text('{"name": "x"}')
    with pytest.raises(history.HistoryError, match="corrupt"):
        history.load()


def test_a_partial_run_is_not_a_release(dirs, tmp_path, capsys):
    injected = Injected()
    injected.run.meta.update(scope=list(injected.run.tests)[:3], selection="-k test_1")
    run_dir = write(injected.run, tmp_path / "run", injected.baseline, dirs["baseline"])
    assert _record(run_dir, "0.2.0") == 2
    assert "is a partial run (-k test_1)" in capsys.readouterr().err
    assert not (dirs["history"] / "0.2.0.json").exists()
