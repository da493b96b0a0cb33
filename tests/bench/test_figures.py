"""bench/figures.py: a bench's block in docs/figures.md is written with its provenance, replaced whole, and nothing else moves."""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"


def _load_figures():
    spec = importlib.util.spec_from_file_location("bench_figures", BENCH / "figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


figures = _load_figures()

# Around the block: CRLF line ends, non-ASCII text and no final newline, all to be kept as they are.
BEFORE = "# Figures\r\n\r\nWhat the demo measures — and how to read it.\r\n\r\n".encode()
AFTER = "\r\n\r\nThe goals, after the block: ≤ 1 s.".encode()
OLD = b"<!-- figures: demo.py -->\nold figures: 1.00x\n<!-- /figures: demo.py -->"


def block(lines: list[str], page: Path, argv: list[str] | None = None, write: bool = True):
    args = argparse.Namespace(no_write=not write)
    made = figures.Block(args, bench="demo.py", argv=argv or ["--rounds", "3"], page=page)
    for line in lines:
        made(line)
    made.finish()
    return made


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "figures.md"
    path.write_bytes(BEFORE + OLD + AFTER)
    return path


def test_a_block_is_written_with_its_command_commit_day_and_machine(page, tmp_path):
    block(["median 0.76", "ratio 0.85 (goal <= 0.85)"], page)
    text = page.read_bytes().decode()
    start, end = figures.markers("demo.py")
    written = text[text.index(start):text.index(end) + len(end)]
    assert "`tox -e bench -- demo.py --rounds 3` at " in written
    assert re.search(r" at ([0-9a-f]{7,}( \+ local changes)?|no git commit \(not measured in a checkout\)), ", written)
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    assert f", {today}, on " in written
    assert f"× {os.cpu_count()} CPUs" in written and f"CPython {'.'.join(map(str, sys.version_info[:3]))}" in written
    assert not re.search(r"\d\d:\d\d", written), "a block never gives an hour of the day"
    assert "```text\nmedian 0.76\nratio 0.85 (goal <= 0.85)\n```" in written
    assert "old figures" not in text


def test_a_second_write_replaces_the_block_and_keeps_the_rest_byte_for_byte(page, tmp_path):
    block(["first: 1.00"], page)
    block(["second: 2.00"], page, argv=["--rounds", "5"])
    data = page.read_bytes()
    assert data.startswith(BEFORE) and data.endswith(AFTER)
    text = data.decode()
    start, end = figures.markers("demo.py")
    assert text.count(start) == text.count(end) == 1
    assert "second: 2.00" in text and "first: 1.00" not in text
    assert "demo.py --rounds 5" in text and "--rounds 3" not in text


def test_a_page_without_the_markers_gets_the_block_once_under_a_heading(tmp_path):
    page = tmp_path / "figures.md"
    page.write_bytes(BEFORE.rstrip(b"\r\n"))
    block(["first: 1.00"], page)
    block(["second: 2.00"], page)
    text = page.read_bytes().decode()
    assert text.startswith(BEFORE.rstrip(b"\r\n").decode() + "\n\n## demo.py\n\n<!-- figures: demo.py -->")
    assert text.count("## demo.py") == 1 and text.count("<!-- figures: demo.py -->") == 1
    assert "second: 2.00" in text and "first: 1.00" not in text
    assert text.endswith("<!-- /figures: demo.py -->\n")


def test_a_missing_page_is_made(tmp_path):
    page = tmp_path / "figures.md"
    block(["only: 1"], page)
    assert page.read_text().startswith("## demo.py\n\n<!-- figures: demo.py -->\n")


def test_no_write_prints_and_leaves_the_page(page, tmp_path, capsys):
    block(["printed: 1"], page, write=False)
    assert capsys.readouterr().out == "printed: 1\n"
    assert page.read_bytes() == BEFORE + OLD + AFTER


def test_another_python_has_a_block_of_its_own(page, tmp_path):
    args = argparse.Namespace(no_write=False)
    variant = figures.on_python("3.15", "3.14")
    made = figures.Block(args, variant, bench="demo.py", argv=["--python", "3.15"], page=page)
    made("on 3.15")
    made.finish()
    text = page.read_text()
    assert "old figures: 1.00x" in text, "the default version's block stays"
    assert "## demo.py --python 3.15\n\n<!-- figures: demo.py --python 3.15 -->" in text
    assert figures.on_python("3.14", "3.14") is None and figures.on_python(None, "3.14") is None


def test_a_failed_write_loses_nothing(page, tmp_path, monkeypatch):
    def broken(*args):
        raise OSError("disk full")

    monkeypatch.setattr(figures.os, "replace", broken)
    with pytest.raises(OSError, match="disk full"):
        block(["new: 1"], page)
    assert page.read_bytes() == BEFORE + OLD + AFTER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["figures.md"], "no temporary file is left"


@pytest.mark.parametrize("text, message", [
    (OLD.decode() + "\n" + OLD.decode(), "stands 2 times"),
    ("<!-- figures: demo.py -->\nno end", "has no"),
    ("no start\n<!-- /figures: demo.py -->", "without"),
])
def test_markers_out_of_order_are_an_error_naming_the_mend(text, message):
    with pytest.raises(figures.FiguresError, match=message):
        figures.place(text, "demo.py", "new")


def test_the_commit_is_marked_when_a_tracked_file_differs(tmp_path):
    def git(*args):
        return subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True,
                              text=True).stdout.strip()

    git("init", "-q")
    (tmp_path / "docs").mkdir()
    for name in ("code.py", "docs/figures.md"):
        (tmp_path / name).write_text("one\n")
    git("add", ".")
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "one")
    head = git("rev-parse", "--short", "HEAD")
    assert figures.commit(tmp_path) == head
    (tmp_path / "untracked.py").write_text("new\n")
    (tmp_path / "docs" / "figures.md").write_text("a block written\n")
    assert figures.commit(tmp_path) == head, "untracked files and the page itself leave the commit clean"
    (tmp_path / "code.py").write_text("two\n")
    assert figures.commit(tmp_path) == f"{head} + local changes"


def test_outside_a_checkout_the_block_says_so(tmp_path):
    assert figures.commit(tmp_path) == "no git commit (not measured in a checkout)"




def test_every_bench_has_its_block_in_the_figures_page():
    text = figures.PAGE.read_text()
    helpers = {"figures.py", "revisions.py"}  # imported by the benches, not run
    benches = sorted(p.name for p in BENCH.glob("*.py") if p.name not in helpers)
    missing = []
    for name in benches:
        start, end = figures.markers(name)
        inside = text[text.find(start):text.find(end)] if start in text and end in text else ""
        if f"`tox -e bench -- {name}" not in inside:
            missing.append(name)
    assert not missing, f"no measured block in docs/figures.md for {missing}: run `tox -e bench -- NAME`"
    named = {name.split()[0] for name in re.findall(r"<!-- figures: (.+?) -->", text)}
    assert named <= set(benches), f"blocks of no bench in bench/: {sorted(named - set(benches))}"
