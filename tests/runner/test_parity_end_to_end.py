"""End to end: a target made to fail tests on purpose, through the real runner and `parity`.

The report names each injected difference and clusters them by cause, and `parity` exits
non-zero only for the differences the target's expectations do not list.
"""

import json
from pathlib import Path

from tests.runner.cli import importparity

TARGET = "tests.runner.fake_targets:INJECTED"
INJECTED = {"test.test_pkg.TestPkg.test_3", "test.test_pkg.TestPkg.test_5"}


def parity(out: Path, expectations: Path):
    return importparity("parity", "--target", TARGET, "--units", "test_pkg", "--quiet", "--no-attribution",
                        "--out", str(out), "--expectations-dir", str(expectations))


def write_expectations(directory: Path, ids: set[str]) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    tests = {tid: {"unit": "test_pkg", "outcome": "error", "reason": "injected on purpose by the test"}
             for tid in ids}
    (directory / f"{TARGET}.json").write_text(json.dumps({"target": TARGET, "tests": tests}))


def test_injected_differences_are_named_clustered_and_ratcheted(tmp_path):
    expectations = tmp_path / "expectations"
    expectations.mkdir()

    proc = parity(tmp_path / "none-listed", expectations)
    assert proc.returncode == 1, proc.stderr
    for test_id in INJECTED:
        assert test_id in (tmp_path / "none-listed" / "report" / "summary.md").read_text().replace("\\_", "_")
    diff = json.loads((tmp_path / "none-listed" / "report" / "diff.json").read_text())
    differences = {d["id"]: d for d in diff["differences"]}
    assert set(differences) == INJECTED
    causes = {d["id"]: d["cluster"] for d in diff["differences"]}
    assert causes["test.test_pkg.TestPkg.test_3"] != causes["test.test_pkg.TestPkg.test_5"]
    assert "2 differences from CPython: 0 expected, 2 unexpected" in proc.stdout

    write_expectations(expectations, {"test.test_pkg.TestPkg.test_3"})
    proc = parity(tmp_path / "none-listed", expectations)  # the same run directory again
    assert proc.returncode == 1
    assert "1 expected, 1 unexpected" in proc.stdout
    previous = json.loads((tmp_path / "none-listed" / "previous" / "results.json").read_text())
    assert previous["tests"]["test.test_pkg.TestPkg.test_3"]["outcome"] == "error", "the last run is kept"

    write_expectations(expectations, INJECTED)
    proc = parity(tmp_path / "all-listed", expectations)
    assert proc.returncode == 0, proc.stdout
    assert "2 expected, 0 unexpected" in proc.stdout
