"""A target made to fail tests on purpose: every difference named, clustered, and ratcheted."""

from __future__ import annotations

import argparse
import json

import pytest

from runner import compare
from runner import report
from runner.compare import expectations as te
from runner.compare import expectations_update

from .synthetic import Injected, write

pytestmark = pytest.mark.usefixtures("synthetic_target")


def _report(run_dir, out, check=True):
    return report.main(argparse.Namespace(run_dir=run_dir, against=None, out=out, check=check))


def _setup(dirs, tmp_path):
    injected = Injected()
    te.save(injected.expectations, dirs["targets"])
    return injected, write(injected.run, tmp_path / "run", injected.baseline, dirs["baseline"])


def test_comparison_finds_exactly_the_injected_differences():
    injected = Injected()
    comparison = compare.compare(injected.run, injected.baseline, injected.expectations)
    assert sorted(d.id for d in comparison.unexpected) == sorted(injected.unexpected)
    assert sorted(d.id for d in comparison.differences if d.expected) == injected.attribute_errors
    assert [e.id for e in comparison.fixed] == [injected.fixed]
    assert comparison.unexercised == injected.unexercised


def test_report_names_each_difference_and_clusters_them_by_cause(dirs, tmp_path, capsys):
    injected, run_dir = _setup(dirs, tmp_path)
    assert _report(run_dir, tmp_path / "out") == 1
    out = capsys.readouterr().out
    data = json.loads((tmp_path / "out" / "diff.json").read_text())
    summary = (tmp_path / "out" / "summary.md").read_text()
    page = (tmp_path / "out" / "index.html").read_text()
    for tid in [*injected.attribute_errors, *injected.unexpected]:
        assert tid in {d["id"] for d in data["differences"]}
        assert tid.replace("_", "\\_") in summary
        assert tid in page
    clusters = data["clusters"]
    assert (clusters[0]["type"], clusters[0]["count"], clusters[0]["frame"]["name"]) == ("AttributeError", 3, "find_spec")
    assert (clusters[1]["type"], clusters[1]["count"], clusters[1]["message"]) == (
        "ModuleNotFoundError", 2, "No module named '…'")
    assert {c["type"] for c in clusters[2:]} == {"crashed", "skipped", "AssertionError", "missing", "passed"}
    assert data["headline"].startswith("10 differences (7 unexpected, 3 expected), 7 causes; start here: AttributeError")
    assert "10 differences from CPython: 3 expected, 7 unexpected" in out
    assert f"wrote {tmp_path / 'out' / 'index.html'}" in out


def test_parity_fails_only_on_differences_the_expectations_do_not_list(dirs, tmp_path):
    injected, run_dir = _setup(dirs, tmp_path)
    assert _report(run_dir, tmp_path / "out") == 1
    assert expectations_update.main(argparse.Namespace(run_dir=run_dir, fixed_only=False, dir=None)) == 0
    assert _report(run_dir, tmp_path / "out") == 0
    listed = te.load("pyimport", dirs["targets"])
    assert listed.entries[injected.attribute_errors[0]].reason == "module attributes not set yet"
    assert injected.fixed not in listed.entries


def test_report_without_check_exits_0_even_with_unexpected_differences(dirs, tmp_path):
    _, run_dir = _setup(dirs, tmp_path)
    assert _report(run_dir, tmp_path / "out", check=False) == 0
