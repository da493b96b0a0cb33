"""Scheduling by cost: runs record what each job took, and the next plan starts the longest first."""

import json

from runner import cli, panel, pipeline
from runner.execute import costs
from runner.execute.jobs import Job, discoverable
from runner.panel import units
from runner.results import Outcome, Run, Status

IMPORTLIB = units(["test_importlib"])[0]


def test_the_costliest_job_starts_first_and_shards_are_split_by_measured_cost():
    children = discoverable(panel.current().path_of(IMPORTLIB))
    table = costs.Costs(units={"test_pkg": 0.1, "test_frozen": 9.0},
                        children={"test_importlib": {name: 0.5 for name in children} | {"source": 20.0}})
    jobs = costs.plan(units(["test_pkg", "test_frozen", "test_importlib"]), table)
    assert jobs[0].children == ("source",), "the heaviest child has a shard of its own, started first"
    assert jobs[1].name == "test_frozen"
    assert [costs.job_cost(j, table) for j in jobs] == sorted((costs.job_cost(j, table) for j in jobs), reverse=True)
    assert sorted(c for j in jobs if j.children for c in j.children) == sorted(children)


def test_a_run_records_each_jobs_time_and_shares_a_shards_time_among_its_children(tmp_path):
    jobs = [Job("test_pkg", "test.test_pkg"),
            Job("test_importlib", "test.test_importlib", 0, 2, ("source", "test_api.py")),
            Job("test_frozen", "test.test_frozen", only=("test.test_frozen.T.test_1",))]
    run = Run(meta={"jobs": {"test_pkg": 1.5, "test_importlib[1/2]": 3.3, "test_frozen": 0.2}})
    for tid, seconds in (("test.test_importlib.source.test_x.T.t", 2.0), ("test.test_importlib.test_api.T.t", 1.0)):
        run.tests[tid] = Outcome(tid, "test_importlib", Status.PASSED, duration=seconds)
    costs.record(run, jobs, tmp_path)
    recorded = json.loads((tmp_path / costs.FILE).read_text())
    assert recorded["units"]["test_pkg"] == 1.5
    assert "test_frozen" not in recorded["units"] or recorded["units"]["test_frozen"] != 0.2, \
        "a selection's partial job measures nothing"
    shares = recorded["children"]["test_importlib"]
    assert (shares["source"], shares["test_api.py"]) == (2.0, 1.0)  # 3.3 s less a worker's 0.3 s, shared 2:1
    assert costs.load(tmp_path).units["test_pkg"] == 1.5


def test_a_fresh_clone_plans_from_the_committed_table():
    table = costs.load(None)
    assert set(table.units) >= {u.name for u in units() if u.shards == 1}
    assert table.children["test_importlib"]


def test_workers_default_to_one_more_than_the_cpus():
    args = cli.build_parser().parse_args(["run"])
    assert args.workers == 0 and pipeline.cpus() >= 1
    assert pipeline.worker_options(args)["workers"] == pipeline.cpus() + 1
    args = cli.build_parser().parse_args(["run", "--workers", "2"])
    assert pipeline.worker_options(args)["workers"] == 2


def test_a_fresh_clone_plans_each_version_from_its_own_table(monkeypatch):
    monkeypatch.setattr(costs.panel, "VERSION", "3.13")
    assert costs.default_table().name == "default_costs.3.13.json"
    zip64 = costs.load(None).children["test_zipimport"]
    assert zip64["UncompressedZipImportTestCase"] > 1 and zip64["CompressedZipImportTestCase"] > 1, \
        "3.13's zip64 tests take seconds, 3.14's do not"
    monkeypatch.setattr(costs.panel, "VERSION", "3.99")
    assert costs.default_table() == costs.DEFAULT


def test_a_module_unit_is_split_by_class_and_each_id_goes_to_its_class_shard():
    from runner import selection
    from runner.execute.jobs import module_classes

    unit = panel.Unit("test_zipimport", "test_zipimport.py", shards=2)
    classes = module_classes(panel.current().path_of(unit))
    assert {"UncompressedZipImportTestCase", "CompressedZipImportTestCase"} <= set(classes)
    table = costs.Costs(children={"test_zipimport": {"UncompressedZipImportTestCase": 4.0,
                                                     "CompressedZipImportTestCase": 4.0}})
    jobs = costs.plan([unit], table)
    assert [j.name for j in jobs] == ["test_zipimport[1/2]", "test_zipimport[2/2]"]
    assert sorted(c for j in jobs for c in j.children) == sorted(classes), "every class once"
    assert [j for j in jobs if "CompressedZipImportTestCase" in j.children] != \
        [j for j in jobs if "UncompressedZipImportTestCase" in j.children], "the two costly classes apart"
    compressed = next(j for j in jobs if "CompressedZipImportTestCase" in j.children)
    assert selection.job_for("test.test_zipimport.CompressedZipImportTestCase.testZip64", jobs) == compressed
    # An unmeasured class is priced by its source: a class is its lines, decorators included.
    assert costs.Costs().child(unit, "BadFileZipImportTestCase") > 0
