"""`importparity gallery`: bad input is one line and exit 2; one target's failure loses no other's results;
each version runs the targets for its panel, PyPy on 3.11's."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from runner import cli, compare, gallery, targets
from runner.report import matrix, versions
from runner.report.versions import Time
from tests.runner.cli import importparity
from tests.runner.synthetic import make_run, outcome
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


def test_the_gallery_runs_pypy_on_3_11_only_and_the_hooks_and_references_on_the_others():
    names = gallery.default_names()
    assert names == [*targets.gallery_names(), *gallery.REFERENCES, "pypy"]
    assert [n for n in names if targets.get(n).runs_on("3.11")] == ["pypy"]
    assert [n for n in names if targets.get(n).runs_on("3.14")] == names[:-1]
    assert targets.get("pypy").not_for("3.14") == "it runs Python 3.11's panel, on pypy3.11"
    assert targets.get("typeguard").not_for("3.11") == "it supports Python 3.13, 3.14, 3.15"
    assert targets.get("pypy").not_for("3.11") == ""


def test_a_gallery_with_no_target_for_its_version_is_one_line_and_exit_2(tmp_path):
    proc = importparity("gallery", "--targets", "pypy", "--out", str(tmp_path / "g"))
    assert_one_line_error(proc, "no target of the gallery runs on Python 3.14",
                          "pypy: it runs Python 3.11's panel, on pypy3.11")
    assert not (tmp_path / "g").exists()


def _targets_of(command: list[str]) -> list[str]:
    """The names after ``--targets`` in a command line."""
    rest = command[command.index("--targets") + 1:]
    return rest[:next((i for i, arg in enumerate(rest) if arg.startswith("--")), len(rest))]


def _fake_version_galleries(monkeypatch) -> list[list[str]]:
    """Each version's gallery, as the page across versions sees it: its command recorded, its summary.json written
    (whether it runs in the foreground or, started with Popen, beside the others)."""
    commands = []

    def run(command):
        commands.append(command)
        out = Path(command[command.index("--out") + 1])
        out.mkdir(parents=True, exist_ok=True)
        versions.write_summary(out, {name: versions.Cell(10, 1, 0) for name in _targets_of(command)})
        return subprocess.CompletedProcess(command, 0)

    class Beside:
        def __init__(self, command, stdout, stderr):
            run(command)
            stdout.write(f"gallery of {_targets_of(command)}\n")
            self.returncode = None

        def wait(self):
            self.returncode = 0
            return 0

    monkeypatch.setattr(gallery.subprocess, "run", run)
    monkeypatch.setattr(gallery.subprocess, "Popen", Beside)
    return commands


def test_across_versions_each_version_runs_only_its_targets_and_says_so_calmly(tmp_path, monkeypatch, capsys):
    commands = _fake_version_galleries(monkeypatch)
    args = cli.build_parser().parse_args(["gallery", "--python", "3.11", "3.14", "--out", str(tmp_path)])
    assert gallery.main(args) == 0
    by_version = {c[c.index("--python") + 1]: _targets_of(c) for c in commands}
    names = gallery.default_names()
    assert by_version == {"3.11": ["pypy"], "3.14": names[:-1]}
    out, err = capsys.readouterr()
    # PyPy's version runs beside the others (its hangs wait with the CPU idle), its output shown at the end.
    assert (f"=== Python 3.11: pypy; not for 3.11: {', '.join(names[:-1])} (beside the other versions; "
            f"its output: {tmp_path / '3.11' / 'gallery.log'}) ===") in out
    assert "=== Python 3.14: " in out and "; not for 3.14: pypy ===" in out
    assert out.index("=== Python 3.11, run beside the others ===\ngallery of ['pypy']") > out.index("=== Python 3.14: ")
    wall = json.loads((tmp_path / "wall.json").read_text())
    assert set(wall["versions"]) == {"3.11", "3.14"} and wall["beside"] == ["3.11"] and wall["whole"] >= 0
    assert err == ""
    page = (tmp_path / "index.html").read_text()
    rows = re.findall(r'<tr data-target="([^"]+)">', page)
    assert rows == names  # the gallery's order: the hooks, the references, then pypy


def test_a_version_none_of_the_targets_runs_on_is_left_out(tmp_path, monkeypatch, capsys):
    commands = _fake_version_galleries(monkeypatch)
    args = cli.build_parser().parse_args(["gallery", "--python", "3.11", "3.14", "--targets", "pypy",
                                          "--out", str(tmp_path)])
    assert gallery.main(args) == 0
    assert [c[c.index("--python") + 1] for c in commands] == ["3.11"]
    assert "=== Python 3.14: none; not for 3.14: pypy ===" in capsys.readouterr().out
    page = (tmp_path / "index.html").read_text()
    assert "Python 3.11" in page and "Python 3.14" not in page


def test_pypys_cell_is_its_own_import_system_on_3_11s_panel_against_cpython_3_11_7_with_its_not_applicable_count(
        tmp_path):
    a, b, c = (f"test.test_pkg.T.test_{x}" for x in "abc")
    base = make_run(outcome(a), outcome(b), outcome(c), upstream="3.11.7")
    run = make_run(outcome(a, "skipped", "implementation detail not available on cpython"),
                   outcome(b, "skipped", "No module named '_testcapi'"), outcome(c), target="pypy",
                   target_interpreter="pypy3.11", tests_implementation="PyPy 8.0.1 (Python 3.11.17)")
    comparison = compare.compare(run, base)
    column = matrix.Column("pypy", comparison, version=gallery.version(comparison.meta, "pypy"),
                           report="pypy/report/index.html")
    assert column.version == "PyPy 8.0.1 (Python 3.11.17)"
    (tmp_path / "3.11").mkdir()
    versions.write_summary(tmp_path / "3.11", {"pypy": gallery._cell(column)})
    assert versions.read_summary(tmp_path / "3.11")["pypy"] == versions.Cell(
        1, 0, 0, 2, version="PyPy 8.0.1 (Python 3.11.17)", report="pypy/report/index.html", baseline="3.11.7",
        interpreter="pypy3.11")
    (tmp_path / "3.14").mkdir()
    versions.write_summary(tmp_path / "3.14", {"hook": versions.Cell(9, 1, 0, version="hook 1.0", baseline="3.14.10")})
    page = versions.render(tmp_path, ["3.11", "3.14"], title="t", date="d")
    row = page[page.index('<tr data-target="pypy">'):]
    row = row[:row.index("</tr>")]
    cells = re.findall(r'<td class="cell" data-version="([\d.]+)">(.*?)</td>', row, re.S)
    assert [v for v, _ in cells] == ["3.11", "3.14"] and cells[1][1] == "–"
    text = re.sub(r"<[^>]+>", " ", cells[0][1])
    assert " ".join(text.split()) == ("1 · 0 · 0 · 2 n/a PyPy 8.0.1 (Python 3.11.17) its own import system on "
                                      "Python 3.11's panel, against CPython 3.11.7's baseline")
    assert "pypy3.11's own import system, no hook" in row
    assert "panel and baseline: CPython 3.11.7" in page and "panel and baseline: CPython 3.14.10" in page
    hook = page[page.index('<tr data-target="hook">'):]
    assert re.search(r'data-version="3.11">–</td>', hook[:hook.index("</tr>")])
    assert gallery.summary([column]).splitlines()[1].split()[:5] == ["pypy", "0", "0", "0", "2"]
