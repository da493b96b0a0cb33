"""The worker protocol: every event survives its line, a line cut short ends the reading, outcomes count cheaply."""

from runner.execute import events as ev
from runner.results import Outcome, Status, UnitStatus

EVERY_KIND = [
    ev.Probe({"evidence": 1}, ["pyimport.Finder"]),
    ev.TargetError("ImportError: no"),
    ev.NotCollected(UnitStatus.SKIPPED, "No module named x"),
    ev.LoaderError("Failed to import test module"),
    ev.Collected(("a", "b")),
    ev.Item("a"),
    ev.Start("a"),
    ev.Measured(Outcome("a", "test_x", Status.SKIPPED, reason="why", env_changed="sys.path: added 'x'")),
    ev.Finished(0),
]


def test_every_kind_of_event_reads_back_as_written(tmp_path):
    path = tmp_path / "job.events.jsonl"
    write = ev.Writer(path)
    for event in EVERY_KIND:
        write(event)
    assert ev.read(path) == EVERY_KIND
    assert ev.finished(ev.read(path))


def test_a_line_cut_short_by_a_crash_ends_the_reading_and_keeps_what_came_before(tmp_path):
    path = tmp_path / "job.events.jsonl"
    whole = "".join(ev.encode(e) for e in EVERY_KIND[4:8])
    path.write_text(whole + ev.encode(ev.Finished(0))[:9])
    assert ev.read(path) == EVERY_KIND[4:8]
    assert ev.count_outcomes(path) == 1


def test_outcomes_are_counted_as_lines_are_completed_and_never_from_inside_a_line(tmp_path):
    path = tmp_path / "job.events.jsonl"
    tail = ev.Tail(path)
    assert not tail.poll() and tail.outcomes == 0  # no file yet
    tricky = ev.Measured(Outcome('x{"event": "outcome", "id"', "u", Status.PASSED))
    line = ev.encode(tricky)
    with open(path, "w") as f:
        f.write(ev.encode(ev.Start("a")) + line[:20])
    assert tail.poll() and tail.outcomes == 0
    with open(path, "a") as f:
        f.write(line[20:] + ev.encode(tricky))
    assert tail.poll() and tail.outcomes == 2
    assert not tail.poll() and tail.outcomes == 2
    assert ev.count_outcomes(path) == 2
