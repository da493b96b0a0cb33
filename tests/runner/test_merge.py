"""Sharding and merge: shards of a run, merged, equal the unsharded run — outcomes, junit cases, report counts."""

import json

import pytest
from junitparser import JUnitXml

from runner import selection, shard
from runner.execute.costs import Costs, plan
from runner.panel import units
from tests.runner.cli import importparity

TARGET = "tests.runner.fake_targets:INJECTED"
UNITS = ["test_pkg", "test_frozen", "test_pyclbr", "test_module"]


def run(out, *args):
    proc = importparity("parity", "--target", TARGET, "--units", *UNITS, "--quiet", "--no-attribution",
                        "--out", str(out), *args)
    # INJECTED fails two tests of test_pkg on purpose: 1 for the run that holds them, else 0.
    assert proc.returncode == ("test_pkg" in json.loads((out / "results.json").read_text())["units"]), proc.stderr
    return proc


def outcomes(run_dir):
    tests = json.loads((run_dir / "results.json").read_text())["tests"]
    return {tid: (t["outcome"], t["reason"]) for tid, t in tests.items()}


def junit_cases(run_dir):
    return sorted((case.classname, case.name, tuple(type(r).__name__ for r in case.result))
                  for suite in JUnitXml.fromfile(str(run_dir / "junit.xml")) for case in suite)


def counts(run_dir):
    diff = json.loads((run_dir / "report" / "diff.json").read_text())
    return diff["total"], [(d["id"], d["kind"], d["cluster"]) for d in diff["differences"]]


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("shards")
    run(base / "whole")
    for k in (1, 2, 3):
        run(base / f"shard{k}", "--shard", f"{k}/3")
    proc = importparity("merge", *(str(base / f"shard{k}") for k in (1, 2, 3)), "--out", str(base / "merged"))
    assert proc.returncode == 0, proc.stderr
    return base


def test_merged_shards_equal_the_unsharded_run(runs):
    whole, merged = runs / "whole", runs / "merged"
    assert outcomes(merged) == outcomes(whole)
    assert junit_cases(merged) == junit_cases(whole)
    assert counts(merged) == counts(whole)
    meta = json.loads((merged / "results.json").read_text())["meta"]
    assert len(meta["merged_from"]) == 3 and "scope" not in meta


def test_each_shard_runs_a_part_and_compares_only_it(runs):
    parts = [set(outcomes(runs / f"shard{k}")) for k in (1, 2, 3)]
    assert all(parts) and sum(map(len, parts)) == len(set().union(*parts)) == len(outcomes(runs / "whole"))


def test_the_deal_is_deterministic_and_covers_every_job_once():
    jobs = plan(units(), Costs())
    dealt = shard.deal(jobs, 4, Costs())
    assert dealt == shard.deal(list(jobs), 4, Costs())
    assert sorted(j.name for part in dealt for j in part) == sorted(j.name for j in jobs)
    ids = selection.panel_ids([u.name for u in units()])
    owners = [sum(selection.job_for(tid, part) is not None for part in dealt) for tid in ids]
    assert owners == [1] * len(ids), "every test of the panel belongs to exactly one shard"


def test_shards_of_other_targets_or_panels_are_refused(runs, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    data = json.loads((runs / "shard2" / "results.json").read_text())
    (other / "results.json").write_text(json.dumps({**data, "meta": {**data["meta"], "target": "pyimport"}}))
    proc = importparity("merge", str(runs / "shard1"), str(other), "--out", str(tmp_path / "m"))
    assert proc.returncode == 2 and "different targets" in proc.stderr and len(proc.stderr.splitlines()) == 1
    (other / "results.json").write_text(json.dumps({**data, "meta": {**data["meta"], "manifest": "0" * 64}}))
    proc = importparity("merge", str(runs / "shard1"), str(other), "--out", str(tmp_path / "m"))
    assert proc.returncode == 2 and "different panels" in proc.stderr and len(proc.stderr.splitlines()) == 1
