"""Ctrl-C and SIGTERM stop a run after saving what it measured and writing its reports."""

import signal
import time

import pytest

from runner.execute import events as ev
from tests.runner.faults import results, slow_baseline, start_faults


def _stop_midway(tmp_path, signum):
    out = tmp_path / "run"
    base = slow_baseline(tmp_path / "baseline")
    (tmp_path / "targets").mkdir()
    proc = start_faults("parity", "--target", "cpython", "--out", str(out), "--units", "fault_slow",
                        "--no-attribution", "--quiet", "--baseline-dir", str(base),
                        "--expectations-dir", str(tmp_path / "targets"))
    events = out / "work" / "fault_slow.events.jsonl"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and ev.count_outcomes(events) < 3:
        time.sleep(0.1)
    proc.send_signal(signum)
    stdout, err = proc.communicate(timeout=60)
    return proc, out, err


@pytest.mark.parametrize("signum, status", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_stopped_run_keeps_its_outcomes_and_writes_its_reports(tmp_path, signum, status):
    proc, out, err = _stop_midway(tmp_path, signum)
    assert proc.returncode == status, err
    assert "Traceback" not in err
    data = results(out)
    assert data["meta"]["complete"] is False
    assert data["units"]["fault_slow"]["status"] == "interrupted"
    passed = [t for t in data["tests"].values() if t["outcome"] == "passed"]
    assert 3 <= len(passed) < 40, "the outcomes recorded before the stop are kept, the rest never ran"
    assert len(data["tests"]) == len(passed), "no test is charged for the stop"
    assert (out / "report" / "summary.md").is_file() and (out / "report" / "index.html").is_file()


def test_a_second_signal_exits_at_once(tmp_path):
    from runner import stop

    with stop.handled():
        with pytest.raises(stop.Stopped) as caught:
            signal.raise_signal(signal.SIGTERM)
        assert caught.value.exit_status == 143
        assert signal.getsignal(signal.SIGINT) is stop._second  # the next one calls os._exit
    assert signal.getsignal(signal.SIGTERM) is not stop._second  # restored after the block
