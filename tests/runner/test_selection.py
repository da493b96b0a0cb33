"""Selection: regrtest's -m/-i matching on test ids, --tests-from, --differing, and partial comparison."""

import json

import pytest

from runner import selection
from runner.execute.costs import Costs, plan
from runner.panel import units as panel_units
from tests.runner.cli import importparity

IDS = ["test.test_pkg.TestPkg.test_1", "test.test_pkg.TestPkg.test_3", "test.test_pkg.TestPkg.test_30",
       "test.test_frozen.TestFrozen.test_frozen", "test.test_frozen.TestFrozen.test_unfreeze"]
INJECTED_TARGET = "tests.runner.fake_targets:INJECTED"


def pick(*patterns, ids=None):
    return selection.Selection(list(patterns), ids).apply(IDS)


@pytest.mark.parametrize("pattern, expected", [
    ("test_pkg.TestPkg.test_3", ["test.test_pkg.TestPkg.test_3"]),  # a dotted id without its package
    ("test.test_pkg.TestPkg.test_3", ["test.test_pkg.TestPkg.test_3"]),  # a full id
    ("test_3", ["test.test_pkg.TestPkg.test_3"]),  # one component, matched whole as regrtest does
    ("test_3*", ["test.test_pkg.TestPkg.test_3", "test.test_pkg.TestPkg.test_30"]),  # a glob on a component
    ("TestFrozen", IDS[3:]),
    ("test_pkg.*", IDS[:3]),  # a dotted glob matches a tail of the id
])
def test_a_pattern_matches_ids_or_their_dotted_parts(pattern, expected):
    assert pick((pattern, True)) == expected


def test_later_patterns_win_and_an_ignore_first_keeps_the_rest():
    assert pick(("test_pkg", True), ("test_3*", False)) == ["test.test_pkg.TestPkg.test_1"]
    assert pick(("test_pkg", False)) == IDS[3:]
    assert pick(("test_pkg", False), ("test_30", True)) == ["test.test_pkg.TestPkg.test_30", *IDS[3:]]


def test_a_pattern_matching_nothing_or_an_unknown_id_is_an_error():
    with pytest.raises(selection.SelectionError, match="matches no test"):
        pick(("test_nothing_like_this", True))
    with pytest.raises(selection.SelectionError, match="unknown test id test.test_pkg.Nope"):
        pick(ids=["test.test_pkg.Nope"])


def test_each_job_is_told_only_its_own_selected_ids():
    jobs = plan(panel_units(["test_importlib", "test_pkg"]), Costs())
    ids = ["test.test_importlib.source.test_finder.FinderTests.test_failure",
           "test.test_importlib.test_api.ImportModuleTests.test_module_import", "test.test_pkg.TestPkg.test_3"]
    chosen = selection.restrict_jobs(jobs, ids)
    assert sorted(i for j in chosen for i in j.only) == sorted(ids)
    for job in chosen:
        for test_id in job.only:
            child = test_id.split(".")[2]
            assert job.children is None or child in job.children or f"{child}.py" in job.children


def test_tests_from_reads_one_id_a_line(tmp_path):
    path = tmp_path / "ids.txt"
    path.write_text("# the two I care about\ntest.test_pkg.TestPkg.test_1\n\ntest.test_frozen.TestFrozen.test_frozen\n")
    assert pick(ids=selection.read_ids(path)) == [IDS[0], IDS[3]]


def test_k_runs_one_test_and_compares_only_it(tmp_path):
    out = tmp_path / "run"
    proc = importparity("parity", "-k", "test_pkg.TestPkg.test_3", "--quiet", "--no-attribution", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    results = json.loads((out / "results.json").read_text())
    assert list(results["tests"]) == ["test.test_pkg.TestPkg.test_3"]
    assert "partial run (-k test_pkg.TestPkg.test_3): only its 1 selected test was compared" in proc.stdout
    assert "missing" not in (out / "report" / "summary.md").read_text()


def test_differing_reruns_exactly_the_tests_that_differed(tmp_path):
    out, expectations = tmp_path / "run", tmp_path / "expectations"
    expectations.mkdir()
    common = ["--target", INJECTED_TARGET, "--quiet", "--no-attribution", "--out", str(out),
              "--expectations-dir", str(expectations)]
    first = importparity("parity", "--units", "test_pkg", *common)
    assert first.returncode == 1, first.stderr
    again = importparity("parity", "--differing", *common)
    assert again.returncode == 1, again.stderr
    results = json.loads((out / "results.json").read_text())
    assert sorted(results["tests"]) == ["test.test_pkg.TestPkg.test_3", "test.test_pkg.TestPkg.test_5"]
    assert "2 differences from CPython: 0 expected, 2 unexpected" in again.stdout
    assert "only its 2 selected tests were compared" in again.stdout


@pytest.mark.parametrize("args, message", [
    (["-k", "test_no_such_thing"], "matches no test"),
    (["--tests-from", "/nonexistent/ids.txt"], "cannot read --tests-from"),
    (["--shard", "4/3"], "--shard 4/3"),
    (["--shard", "two"], "is not K/N"),
    (["--differing"], "--differing needs a previous run"),
    (["--tests-from", "IDS"], "unknown test id test.test_pkg.TestPkg.test_99"),
])
def test_bad_selection_is_one_line_and_exit_2(tmp_path, args, message):
    (tmp_path / "ids.txt").write_text("test.test_pkg.TestPkg.test_1\ntest.test_pkg.TestPkg.test_99\n")
    args = [str(tmp_path / "ids.txt") if a == "IDS" else a for a in args]
    proc = importparity("run", "--units", "test_pkg", "--quiet", "--out", str(tmp_path / "run"), *args)
    assert proc.returncode == 2
    assert message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_expectations_update_after_a_partial_run_keeps_the_entries_it_did_not_run():
    from runner import compare
    from runner.compare import expectations_update
    from runner.compare.expectations import Expectation, TargetExpectations
    from tests.runner.synthetic import make_run, outcome

    ran, other = "test.test_pkg.TestPkg.test_3", "test.test_pkg.TestPkg.test_5"
    base = make_run(outcome(ran), outcome(other))
    run = make_run(outcome(ran, "error"), scope=[ran], units=["test_pkg"])
    current = TargetExpectations("pyimport", {other: Expectation(other, "test_pkg", "error", "known")})
    new = expectations_update.update(compare.compare(run, base, current), current)
    assert new.entries[other].reason == "known" and new.entries[ran].outcome == "error"


def test_a_shard_of_a_package_owns_only_the_tests_of_its_own_children():
    jobs = plan(panel_units(["test_importlib"]), Costs())
    one = next(j for j in jobs if "source" in j.children)
    assert selection.job_for("test.test_importlib.source.test_finder.FinderTests.test_failure", [one]) == one
    other = next(j for j in jobs if "source" not in j.children and "test_api.py" not in j.children)
    assert selection.job_for("test.test_importlib.test_api.ImportModuleTests.test_module_import", [other]) is None
