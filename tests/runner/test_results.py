"""results.json: a unit's status is an enum in memory and its plain string on disk, both ways."""

import json

from runner import results
from runner.results import Run, UnitRun, UnitStatus


def test_a_unit_status_is_written_as_its_string_and_read_back_as_the_enum(tmp_path):
    run = Run(meta={}, units={u.value: UnitRun(u, 1.5, "why") for u in UnitStatus})
    results.save(run, tmp_path)
    on_disk = json.loads((tmp_path / "results.json").read_text())["units"]
    assert {name: unit["status"] for name, unit in on_disk.items()} == {u.value: u.value for u in UnitStatus}
    back = results.load(tmp_path)
    assert all(back.units[u.value].status is u for u in UnitStatus)


def test_results_written_before_the_enum_still_read():
    run = Run.from_json({"units": {"test_pkg": {"status": "crashed", "duration": 2.0, "detail": "x", "resumed": 1}}})
    assert run.units["test_pkg"].status is UnitStatus.CRASHED and run.units["test_pkg"].status.stopped
