"""`importparity gallery`: bad input is one line and exit 2; one target's failure loses no other's results."""

from __future__ import annotations

from runner import gallery
from runner.report import matrix
from runner.report.versions import Time
from tests.runner.cli import importparity
from tests.runner.test_cli import assert_one_line_error


def test_an_unknown_target_name_is_one_line_and_runs_nothing(tmp_path):
    proc = importparity("gallery", "--targets", "cpython", "no-such-hook", "--out", str(tmp_path / "g"))
    assert_one_line_error(proc, "unknown target 'no-such-hook'")
    assert not (tmp_path / "g").exists()


def test_a_target_that_fails_keeps_the_others_results_and_the_page(tmp_path):
    out = tmp_path / "g"
    proc = importparity("gallery", "--targets", "cpython", "tests.runner.fake_targets:NOT_LIVE",
                        "--units", "test_pkg", "--out", str(out), "--quiet")
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr
    assert "did not run" in proc.stderr and "not live" in proc.stderr
    assert (out / "cpython" / "results.json").is_file()
    assert (out / "cpython" / "report" / "index.html").is_file()
    page = (out / "index.html").read_text()
    assert "test_pkg" in page and "failed to run" in page
    lines = proc.stdout.splitlines()
    table = lines.index(next(line for line in lines if line.startswith("target") and "differences" in line))
    assert lines[table + 1].startswith("cpython") and "did not run" in lines[table + 2]
    assert "interpreter after the gallery: 0 foreign files of" in lines[-1]


def test_version_names_the_hooks_own_distribution():
    meta = {"requirements": ["typing_extensions==4.16.0", "typeguard==4.6.0"],
            "distributions": {"typeguard": "4.6.0", "typing_extensions": "4.16.0", "other": "1"}}
    assert gallery.version(meta, "typeguard") == "typing_extensions 4.16.0"
    meta["requirements"].reverse()
    assert gallery.version(meta, "typeguard") == "typeguard 4.6.0"
    editable = {"requirements": ["-e /x/demo"], "distributions": {"demo": "1.0"}}
    assert gallery.version(editable, "demo") == "demo 1.0"
    assert gallery.version({"interpreter": {"version": "3.14.10"}}, "pyimport") == "CPython 3.14.10"


def test_summary_says_which_target_did_not_run():
    text = gallery.summary([matrix.Column("broken", error="pip failed")])
    assert "broken" in text and "did not run" in text


def test_the_time_of_each_target_is_split_into_panel_recheck_and_the_rest():
    meta = {"started": "2026-12-03T10:00:00+00:00", "ended": "2026-12-03T10:00:30+00:00",
            "recheck": {"seconds": 4.0}}
    spent = Time.of(meta, 40.0)
    assert (spent.seconds, spent.panel, spent.recheck, spent.other) == (40.0, 30.0, 4.0, 6.0)
    text = gallery.timings([matrix.Column("hook", time=spent), matrix.Column("broken", error="pip failed")])
    assert text.splitlines()[1].split() == ["hook", "40", "30", "4", "6"]
    assert text.splitlines()[-1].split() == ["all", "40"]
    assert Time.of({}, 5.0).other == 5.0, "a run without its times counts as time elsewhere"
