"""`importparity report`: bad input is one line and exit 2; the table and paths on success."""

from __future__ import annotations

import argparse

import pytest

from runner import report
from runner.report import markdown
from runner.report.table import format_table

from ..synthetic import Injected, write

pytestmark = pytest.mark.usefixtures("synthetic_target")


def _report(run_dir, out, against=None, check=False):
    return report.main(argparse.Namespace(run_dir=run_dir, against=against, out=out, check=check))


def _one_line_error(capsys) -> str:
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    return err


def test_missing_run_dir(dirs, tmp_path, capsys):
    assert _report(tmp_path / "nowhere", tmp_path / "out") == 2
    assert "results.json does not exist" in _one_line_error(capsys)


def test_corrupt_results(dirs, tmp_path, capsys):
    (tmp_path / "run").mkdir()
    (tmp_path / "run" / "results.json").write_text('{"tests": {"x": {"outcome": "sideways"}}}')
    assert _report(tmp_path / "run", tmp_path / "out") == 2
    assert "not a results file" in _one_line_error(capsys)


def test_missing_baseline(dirs, tmp_path, capsys):
    write(Injected().run, tmp_path / "run")
    assert _report(tmp_path / "run", tmp_path / "out") == 2
    assert "no baseline for" in _one_line_error(capsys)


def test_corrupt_history(dirs, tmp_path, capsys):
    injected = Injected()
    write(injected.run, tmp_path / "run", injected.baseline, dirs["baseline"])
    (dirs["history"] / "0.1.json").write_text("{")
    assert _report(tmp_path / "run", tmp_path / "out") == 2
    assert "history entry" in _one_line_error(capsys)


def test_against_a_previous_run(dirs, tmp_path, capsys):
    injected = Injected()
    write(injected.baseline, tmp_path / "before", injected.baseline, dirs["baseline"])
    write(injected.run, tmp_path / "run")
    assert _report(tmp_path / "run", tmp_path / "out", against=tmp_path / "before") == 0
    summary = (tmp_path / "out" / "summary.md").read_text()
    assert "### Newly differing (10)" in summary
    assert f"wrote {tmp_path / 'out' / 'summary.md'}" in capsys.readouterr().out


def test_table_is_fixed_width_with_a_total():
    from runner import compare

    injected = Injected()
    table = format_table(compare.compare(injected.run, injected.baseline, injected.expectations))
    lines = table.splitlines()
    assert lines[0].split() == ["unit", "status", "tests", "match", "differ", "expected", "unexpected", "fixed",
                                "exercised", "parity"]
    assert lines[2].split() == ["test_import", "completed", "10", "6", "4", "3", "1", "0", "6/10"]
    assert lines[6].split() == ["total", "21", "11", "10", "3", "7", "1", "9/18"]
    assert len({len(line) for line in lines[:7] if not line.startswith("-")}) <= 2  # rstrip'd columns align
    assert lines[-1].startswith("10 differences from CPython: 3 expected, 7 unexpected; 1 listed")


def test_markdown_escapes_markup_but_keeps_text_readable():
    assert markdown.md("a_b <i>|</i>") == r"a\_b &lt;i&gt;\|&lt;/i&gt;"
    assert markdown.md("- list?\nno") == r"\- list? no"
