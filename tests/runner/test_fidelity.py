"""Fidelity: on stock CPython, the cpython target reports what CPython's own runner reports.

Runs `python -m test -j2 --junit-xml` over the interpreter's own test suite (the tests in
their home) and `importparity run --target cpython` over the vendored copy, and compares
them test for test: same ids, same outcome, same skip reasons.
"""

import pytest

from runner import oracle, panel, provision, results
from tests.runner.cli import importparity


@pytest.mark.skipif(not oracle.has_own_test_suite(), reason="the interpreter has no test suite of its own to compare with")
def test_cpython_target_matches_regrtest_test_for_test(tmp_path):
    units = [u.name for u in panel.UNITS]
    reference, _ = oracle.run_regrtest(units)
    out = tmp_path / "run"
    proc = importparity("run", "--target", "cpython", "--quiet", "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    run = results.load(out)
    diffs = oracle.differences(reference, run.tests)
    print(f"fidelity: {len(run.tests)} tests, {len(diffs)} differences from regrtest")
    assert len(reference) > 1700
    assert diffs == []


def test_cpython_target_matches_regrtest_on_311(tmp_path):
    """3.11's panel (CPython 3.11.7's Lib/test) against 3.11.7's own runner over its own suite."""
    if "3.11" not in panel.versions():
        pytest.skip("no 3.11 panel")
    try:
        python = provision.find_interpreter("3.11")
    except provision.ProvisionError as exc:
        pytest.skip(f"no CPython 3.11 here: {exc}")
    units = [u.name for u in panel.read_units("3.11")]
    reference, _ = oracle.run_regrtest(units, python=str(python))
    out = tmp_path / "run"
    proc = importparity("run", "--python", "3.11", "--target", "cpython", "--quiet", "--out", str(out), timeout=900)
    assert proc.returncode == 0, proc.stderr
    run = results.load(out)
    assert run.meta["interpreter"]["version"].startswith("3.11.")
    diffs = oracle.differences(reference, run.tests)
    print(f"fidelity on 3.11: {len(run.tests)} tests, {len(diffs)} differences from regrtest")
    assert len(reference) > 1700
    assert diffs == []
